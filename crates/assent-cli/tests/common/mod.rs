//! What the black-box test binaries share.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

/// Starts `assent serve` on a free loopback port of `data`; returns the child and its address.
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
