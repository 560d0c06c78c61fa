//! What the black-box test binaries share.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

/// Starts `assent serve` on a free loopback port of `data`; returns the child and its address.
#[allow(dead_code)]
pub fn serve(data: &std::path::Path) -> (Child, SocketAddr) {
    serve_with(data, &[])
}

/// [`serve`] with more arguments (`--database URL`, say).
#[allow(dead_code)]
pub fn serve_with(data: &std::path::Path, more: &[&str]) -> (Child, SocketAddr) {
    let mut server = Command::new(env!("CARGO_BIN_EXE_assent"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir", data.to_str().unwrap()])
        .args(more)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr =
        line.trim().rsplit("http://").next().unwrap().parse().unwrap_or_else(|_| panic!("no address in `{line}`"));
    (server, addr)
}

/// Where a test's network lives: SQLite files in its data directory, or a PostgreSQL database
/// of its own (dropped with it). The data directory holds snapshots, datasets and releases
/// either way.
#[allow(dead_code)]
pub struct Network {
    /// The data directory (inside `_dir`).
    pub data: std::path::PathBuf,
    /// `postgres://…` when the store and the ledger are in PostgreSQL.
    pub database: Option<String>,
    _dir: tempfile::TempDir,
    _place: Option<assent_ledger::scratch::Place>,
}

#[allow(dead_code)]
impl Network {
    /// One of each, SQLite first.
    pub fn both() -> [Network; 2] {
        [Network::sqlite(), Network::postgres()]
    }

    pub fn sqlite() -> Network {
        let dir = tempfile::tempdir().unwrap();
        Network { data: dir.path().join("network"), database: None, _dir: dir, _place: None }
    }

    pub fn postgres() -> Network {
        let place = assent_ledger::scratch::Place::postgres();
        let assent_ledger::Database::Postgres(url) = &place.db else { unreachable!("a PostgreSQL place") };
        let database = Some(url.secret().to_string());
        let dir = tempfile::tempdir().unwrap();
        Network { data: dir.path().join("network"), database, _dir: dir, _place: Some(place) }
    }

    /// "SQLite" or "PostgreSQL", for messages.
    pub fn name(&self) -> &'static str {
        if self.database.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    }

    /// The arguments that point a command at this network: `--data-dir` and `--database`.
    pub fn args(&self) -> Vec<&str> {
        let mut args = vec!["--data-dir", self.data.to_str().unwrap()];
        if let Some(url) = &self.database {
            args.extend(["--database", url.as_str()]);
        }
        args
    }

    /// `assent serve` on it: the child and its address.
    pub fn serve(&self) -> (Child, SocketAddr) {
        serve_with(&self.data, &self.args()[2..])
    }
}
