//! File-system helpers for atomic publication: write aside, fsync, rename, fsync the parent; and
//! Parquet files whose errors name the file.

use std::fs::File;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::errors::ParquetError;
use datafusion::parquet::file::properties::WriterProperties;

use crate::error::{io, Error, Result};

/// A Parquet file being written. A failure is reported with the file's path, and one caused by
/// the file system (a full disk) as that IO error, not as the encoder's wrapping of it.
pub(crate) struct ParquetFile {
    writer: ArrowWriter<File>,
    path: PathBuf,
}

impl ParquetFile {
    /// Creates `path` for rows of `schema`.
    pub(crate) fn create(path: &Path, schema: SchemaRef, props: WriterProperties) -> Result<ParquetFile> {
        let file = File::create(path).map_err(io(path))?;
        let writer = ArrowWriter::try_new(file, schema, Some(props)).map_err(parquet(path))?;
        Ok(ParquetFile { writer, path: path.to_path_buf() })
    }

    /// Appends `batch`.
    pub(crate) fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.writer.write(batch).map_err(parquet(&self.path))
    }

    /// Writes the footer and closes the file.
    pub(crate) fn close(self) -> Result<()> {
        self.writer.close().map(drop).map_err(parquet(&self.path))
    }
}

/// Wraps a Parquet error with the file it concerns, unwrapping an IO cause.
pub(crate) fn parquet(path: &Path) -> impl FnOnce(ParquetError) -> Error + '_ {
    move |e| {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(c) = cause {
            if let Some(source) = c.downcast_ref::<std::io::Error>() {
                let cause = match source.raw_os_error() {
                    Some(code) => std::io::Error::from_raw_os_error(code),
                    None => std::io::Error::new(source.kind(), source.to_string()),
                };
                return Error::Io { path: path.to_path_buf(), cause };
            }
            cause = match c.downcast_ref::<ParquetError>() {
                Some(ParquetError::External(inner)) => Some(inner.as_ref()),
                _ => c.source(),
            };
        }
        Error::ParquetFile { path: path.to_path_buf(), cause: e }
    }
}

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

    /// Fsyncs every file and directory in it, renames it into place, and fsyncs the parent.
    pub fn publish(mut self) -> Result<PathBuf> {
        sync_tree(&self.dir)?;
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

/// Fsyncs every file under `dir` (shards written as parts are directories), then `dir` itself.
fn sync_tree(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.is_dir() {
            sync_tree(&path)?;
        } else {
            File::open(&path).and_then(|f| f.sync_all()).map_err(io(&path))?;
        }
    }
    File::open(dir).and_then(|f| f.sync_all()).map_err(io(dir))
}

/// Writes `batches` of `schema` to the Parquet file `path`.
pub fn write_batches(path: &Path, schema: SchemaRef, batches: &[RecordBatch]) -> Result<()> {
    let mut file = ParquetFile::create(path, schema, crate::lake::writer_properties())?;
    for b in batches {
        file.write(b)?;
    }
    file.close()
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Reads a Parquet file's footer (bounded by the file's size) and refuses the file unless the
/// Arrow schema embedded in it (`ARROW:schema`), if any, is exactly the one Assent writes for
/// `schema`. Every Parquet reader decodes that embedded schema before anything else, and a
/// foreign one can make the decoder panic (arrow-ipc on a field of type NONE, found by fuzzing
/// the snapshot reader); Assent reads only files it wrote.
pub(crate) fn check_footer(path: &Path, schema: &SchemaRef) -> Result<()> {
    use datafusion::parquet::arrow::ARROW_SCHEMA_META_KEY;
    use datafusion::parquet::file::metadata::{ParquetMetaData, ParquetMetaDataReader};
    let embedded = |meta: &ParquetMetaData| -> Option<Option<String>> {
        let kv = meta.file_metadata().key_value_metadata()?;
        kv.iter().find(|kv| kv.key == ARROW_SCHEMA_META_KEY).map(|kv| kv.value.clone())
    };
    let file = File::open(path).map_err(io(path))?;
    let found = ParquetMetaDataReader::new().parse_and_finish(&file).map_err(parquet(path))?;
    let Some(found) = embedded(&found) else { return Ok(()) };
    let ours = ArrowWriter::try_new(Vec::new(), schema.clone(), None).and_then(|w| w.close()).map_err(parquet(path))?;
    if Some(found) != embedded(&ours) {
        return Err(Error::Invalid(format!(
            "{}: the Arrow schema in its footer is not the one Assent writes for this table",
            path.display()
        )));
    }
    Ok(())
}
