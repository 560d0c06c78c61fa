//! The Parquet readers: a lake snapshot whose one table is replaced by the input (after a first
//! byte that picks the table), opened and exported; or a dataset shard replaced by the input and
//! read as training reads it. A corrupt file is an error naming it, never a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use assent_export::{export, read_shard, ExportConfig, Snapshot};
use assent_policy::{Purpose, Timestamp};
use axum::http::Method;
use libfuzzer_sys::fuzz_target;

const TABLES: &[&str] = &["members", "items", "consent_events", "policies", "shard"];

/// A valid snapshot of the fuzz server's network (checked by exporting it).
fn valid() -> &'static (tempfile::TempDir, PathBuf) {
    static VALID: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    VALID.get_or_init(|| {
        let server = assent_fuzz::server();
        let auth = format!("Bearer {}", server.token);
        let headers = [("content-type", "application/json"), ("authorization", auth.as_str())];
        for text in ["Hello, network", "Hiring: a Rust engineer in Lyon"] {
            let body = format!(r#"{{"text":"{text}","visibility":"public"}}"#);
            server.send(Method::POST, "/api/v1/posts", &headers, body.into_bytes());
        }
        let dir = tempfile::tempdir().unwrap();
        let snap = dir.path().join("snapshot");
        let (store, ledger) = (&server.state.store, &server.state.ledger);
        let files = assent_export::Storage::Files;
        assent_export::snapshot_of(store, ledger, &snap, files, Timestamp::now(), &|_| true, |_| {}).unwrap();
        let dataset = dir.path().join("dataset");
        export(&Snapshot::open(&snap).unwrap(), &dataset, &config(), |_| {}).unwrap();
        (dir, snap)
    })
}

fn config() -> ExportConfig {
    ExportConfig { purpose: Purpose::TrainGenai, shards: 1, threads: 1, only_shards: None }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file)) = data.split_first() else { return };
    let (_, snap) = valid();
    let table = TABLES[pick as usize % TABLES.len()];
    let work = tempfile::tempdir().unwrap();
    if table == "shard" {
        let path = work.path().join("shard-00000.parquet");
        std::fs::write(&path, file).unwrap();
        if let Err(e) = read_shard(&path) {
            assert!(e.to_string().contains("shard-00000.parquet"), "the error names the file: {e}");
        }
        return;
    }
    let copy = work.path().join("snapshot");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(snap).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    std::fs::write(copy.join(format!("{table}.parquet")), file).unwrap();
    let Ok(snapshot) = Snapshot::open(&copy) else { return };
    let _ = snapshot.policies();
    let _ = export(&snapshot, &work.path().join("out"), &config(), |_| {});
});
