//! File-system helpers for atomic publication: write aside, fsync, rename, fsync the parent.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{io, Error, Result};

/// A directory being written next to its final place; published by [`Staging::publish`],
/// removed if dropped unpublished.
#[derive(Debug)]
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    published: bool,
}

impl Staging {
    /// Starts writing `target`: fails if it exists, then creates a hidden sibling to write into.
    pub fn new(target: &Path) -> Result<Staging> {
        if target.exists() {
            return Err(Error::OutputExists(target.to_path_buf()));
        }
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        let name = target
            .file_name()
            .ok_or_else(|| Error::Invalid(format!("{} is not a directory name", target.display())))?;
        let dir = parent.join(format!(".{}.partial-{}", name.to_string_lossy(), std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        std::fs::create_dir(&dir).map_err(io(&dir))?;
        Ok(Staging { dir, target: target.to_path_buf(), published: false })
    }

    /// A path inside the staging directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Fsyncs every file and the directory, renames it into place, and fsyncs the parent.
    pub fn publish(mut self) -> Result<PathBuf> {
        for entry in std::fs::read_dir(&self.dir).map_err(io(&self.dir))? {
            let path = entry.map_err(io(&self.dir))?.path();
            File::open(&path).and_then(|f| f.sync_all()).map_err(io(&path))?;
        }
        File::open(&self.dir).and_then(|f| f.sync_all()).map_err(io(&self.dir))?;
        if self.target.exists() {
            return Err(Error::OutputExists(self.target.clone()));
        }
        std::fs::rename(&self.dir, &self.target).map_err(io(&self.target))?;
        if let Some(parent) = self.target.parent().filter(|p| !p.as_os_str().is_empty()) {
            File::open(parent).and_then(|f| f.sync_all()).map_err(io(parent))?;
        }
        self.published = true;
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
