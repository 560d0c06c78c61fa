//! The served OpenAPI document against the server, by schemathesis (every check: status codes,
//! schemas, content types, headers, negative and positive data, authorization, stateful links):
//! signed out, signed in, and last the two operations that end the session. Zero failures, with
//! the store and the ledger in SQLite and then in PostgreSQL.
//!
//! Runs on a seeded network with trained models, so that every operation can succeed. Needs the
//! `schemathesis` command (`./scripts/test` installs it with pip; SCHEMATHESIS may point to it)
//! and fails, never skips, without it. A test binary of its own: cargo runs it alone.

#[path = "../common/mod.rs"]
mod common;

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;

use common::Network;

/// Examples per operation and phase; the seed makes a run repeatable (drop it to explore).
const EXAMPLES: &str = "50";
const SEED: &str = "20251103";

fn assent(network: &Network, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_assent")).args(args).args(network.args()).output().expect("assent runs");
    assert!(out.status.success(), "assent {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn post(addr: SocketAddr, path: &str, body: &str) -> serde_json::Value {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let (head, body) = out.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 20"), "{path}: {out}");
    serde_json::from_str(body).unwrap()
}

/// A new member's bearer token.
fn member(addr: SocketAddr, email: &str) -> String {
    let sign_up = format!(
        r#"{{"name":"Contract","email":"{email}","password":"correct horse battery","region":"FR","birth_date":"1990-04-01"}}"#
    );
    post(addr, "/api/v1/members", &sign_up);
    let session =
        post(addr, "/api/v1/sessions", &format!(r#"{{"email":"{email}","password":"correct horse battery"}}"#));
    session["token"].as_str().unwrap().to_string()
}

fn schemathesis(addr: SocketAddr, network: &Network, what: &str, args: &[&str]) {
    let what = format!("{what}, on {}", network.name());
    let program = std::env::var("SCHEMATHESIS").unwrap_or_else(|_| "schemathesis".into());
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/contract/schemathesis.toml");
    let url = format!("http://{addr}/api/v1/openapi.json");
    let out = Command::new(&program)
        .args(["--config-file", config.to_str().unwrap(), "run", &url, "--checks", "all"])
        .args(["--workers", "2", "--max-examples", EXAMPLES, "--seed", SEED])
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `{program}` ({e}): ./scripts/test installs it (python3 -m pip install schemathesis)")
        });
    let text = String::from_utf8_lossy(&out.stdout);
    let summary: Vec<&str> = text.lines().filter(|l| l.contains("generated,")).collect();
    eprintln!("schemathesis, {what}: {}", summary.join(" ").trim());
    assert!(
        out.status.success(),
        "schemathesis found failures {what}:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(summary.iter().any(|l| l.contains("passed")), "{text}");
}

/// On SQLite, then on PostgreSQL: one after the other, since each loads the machine.
#[test]
fn the_api_keeps_its_openapi_contract() {
    for network in Network::both() {
        keeps_its_contract_on(&network);
    }
}

fn keeps_its_contract_on(network: &Network) {
    assent(network, &["seed", "--members", "300", "--seed", "7"]);
    for purpose in ["train-genai", "train-ai"] {
        let out = network.data.join("datasets").join(purpose);
        let out = out.to_str().unwrap();
        assent(network, &["export", "--as-of", "now", "--purpose", purpose, "--shards", "4", "--out", out]);
        assent(network, &["train", "--dataset", out]);
    }
    let (mut server, addr) = network.serve();
    // Both sessions first: the crowd of sign-ups schemathesis sends uses up this address's limit.
    let (token, last_token) = (member(addr, "contract@example.com"), member(addr, "closing@example.com"));
    let (bearer, last_bearer) =
        (format!("Authorization: Bearer {token}"), format!("Authorization: Bearer {last_token}"));

    schemathesis(addr, network, "signed out", &[]);
    schemathesis(
        addr,
        network,
        "signed in",
        &["-H", &bearer, "--exclude-name", "DELETE /api/v1/sessions", "--exclude-name", "DELETE /api/v1/me"],
    );
    schemathesis(
        addr,
        network,
        "ending the session",
        &["-H", &last_bearer, "--include-name", "DELETE /api/v1/sessions", "--include-name", "DELETE /api/v1/me"],
    );
    server.kill().unwrap();
    server.wait().unwrap();
}
