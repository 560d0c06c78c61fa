//! Black-box tests of the `assent` binary.

#[path = "../common/mod.rs"]
mod common;

mod cli;
mod crash;
mod diskfull;
mod postgres;
mod server;

use std::path::Path;
use std::process::{Command, Output};

/// Runs `assent` with `args`.
pub fn assent(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_assent")).args(args).output().expect("assent runs")
}

/// Runs `assent` with `args` and `--data-dir dir`, expecting success; returns stdout.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--data-dir", dir.to_str().unwrap()]);
    let out = assent(&all);
    assert!(out.status.success(), "assent {all:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `assent` with `args` and `--data-dir dir`, expecting failure; returns stderr.
pub fn fails(dir: &Path, args: &[&str]) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--data-dir", dir.to_str().unwrap()]);
    let out = assent(&all);
    assert!(!out.status.success(), "assent {all:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

/// The repository's `policies/` folder.
pub fn policies() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies")
}
