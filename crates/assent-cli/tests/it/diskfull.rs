//! A disk that fills up during an export and during training (a small tmpfs, mounted for the
//! test): the command fails with an error naming the cause, nothing is published and nothing is
//! left half-written, and once space is freed the same command succeeds.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{assent, ok};

/// A tmpfs of `mib` MiB, unmounted when dropped. Needs root (CI runs as root); fails loudly
/// otherwise.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, mib: u32) -> Tmpfs {
        std::fs::create_dir_all(at).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs", at.to_str().unwrap()])
            .output()
            .expect("the mount command runs");
        assert!(
            out.status.success(),
            "the disk-full test mounts a small tmpfs and needs root: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Tmpfs(at.to_path_buf())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the file system of `dir` with a ballast file, then frees `leave` bytes of it: the next
/// writer runs out of space after that much.
fn fill(dir: &Path, leave: u64) -> PathBuf {
    let ballast = dir.join("ballast");
    let mut f = std::fs::File::create(&ballast).unwrap();
    let chunk = vec![0xA5u8; 64 * 1024];
    let mut written = 0u64;
    loop {
        match f.write(&chunk) {
            Ok(0) => break,
            Ok(n) => written += n as u64,
            Err(e) if e.raw_os_error() == Some(28) => break,
            Err(e) => panic!("filling the disk: {e}"),
        }
    }
    f.set_len(written.saturating_sub(leave)).unwrap();
    f.sync_all().unwrap();
    ballast
}

/// Every file under `dir`, sorted, without the ballast (an empty directory left behind is not
/// half-written data).
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n == "ballast") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

fn fails_for_space(data: &Path, args: &[&str]) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--data-dir", data.to_str().unwrap()]);
    let out = assent(&all);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success(), "assent {all:?} should fail on a full disk");
    assert_eq!(err.matches("No space left on device").count(), 1, "the error names the cause, once: {err}");
    eprintln!("{err}");
    assert!(!err.contains("panicked"), "a clear error, not a panic: {err}");
    err
}

#[test]
fn a_full_disk_during_export_and_training_publishes_nothing_and_the_next_attempt_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let _mnt = Tmpfs::mount(&dir.path().join("disk"), 48);
    let data = dir.path().join("disk/network");
    ok(&data, &["seed", "--members", "400", "--seed", "7"]);
    let out = data.join("datasets/genai");
    let export =
        ["export", "--as-of", "now", "--purpose", "train-genai", "--shards", "4", "--out", out.to_str().unwrap()];

    // Export: out of space while it takes its lake snapshot.
    let before = tree(&data);
    let ballast = fill(&data, 64 * 1024);
    let err = fails_for_space(&data, &export);
    assert!(err.contains(&format!("{}/lake/", data.display())) && err.contains(".parquet"), "which file: {err}");
    assert_eq!(tree(&data), before, "no snapshot published and no partial files left");
    std::fs::remove_file(&ballast).unwrap();

    // Export from a snapshot: out of space while it writes the shards.
    let snapshot = ok(&data, &["snapshot", "--as-of", "now"]);
    let snapshot = snapshot.split_whitespace().nth(1).unwrap().to_string();
    let before = tree(&data);
    let ballast = fill(&data, 64 * 1024);
    let from_snapshot = [&export[..1], &export[3..], &["--snapshot", &snapshot]].concat();
    let err = fails_for_space(&data, &from_snapshot);
    assert!(err.contains(&format!("{}/datasets/", data.display())), "which file: {err}");
    assert_eq!(tree(&data), before, "no dataset published and no partial files left");
    std::fs::remove_file(&ballast).unwrap();
    ok(&data, &from_snapshot);
    assert!(out.join("manifest.json").is_file(), "published after space was freed");

    // Training: out of space while the release is written.
    let before = tree(&data);
    let releases = ok(&data, &["releases", "--json"]);
    let ballast = fill(&data, 16 * 1024);
    fails_for_space(&data, &["train", "--dataset", out.to_str().unwrap()]);
    assert_eq!(tree(&data), before, "no release published and no partial files left");
    std::fs::remove_file(&ballast).unwrap();
    assert_eq!(ok(&data, &["releases", "--json"]), releases, "no release recorded");
    ok(&data, &["train", "--dataset", out.to_str().unwrap()]);
    let after: serde_json::Value = serde_json::from_str(&ok(&data, &["releases", "--json"])).unwrap();
    assert_eq!(after.as_array().map(Vec::len), Some(1), "the release after space was freed: {after}");
}
