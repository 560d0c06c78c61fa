//! `assent serve` and `assent seed` as processes: a settings change acknowledged by the API
//! survives a kill -9 of the server right after the response; seeding is deterministic.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::process::{Command, Stdio};

use assent_ledger::Ledger;
use assent_policy::Purpose;
use assent_store::Store;

use crate::ok;

fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (u16, serde_json::Value) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(t) = token {
        req.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    let body = body.unwrap_or("");
    req.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()));
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out[9..12].parse().unwrap();
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(serde_json::Value::Null))
}

#[test]
fn an_acknowledged_settings_change_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::create(&dir.path().join("network.db")).unwrap());
    drop(Ledger::create(&dir.path().join("ledger.db")).unwrap());
    let mut server = Command::new(env!("CARGO_BIN_EXE_assent"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir", dir.path().to_str().unwrap()])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr: SocketAddr =
        line.trim().rsplit("http://").next().unwrap().parse().unwrap_or_else(|_| panic!("no address in `{line}`"));

    let (s, m) = http(
        addr,
        "POST",
        "/api/v1/members",
        None,
        Some(
            r#"{"name":"Ada","email":"ada@example.com","password":"correct horse","region":"DE","birth_date":"1990-04-01"}"#,
        ),
    );
    assert_eq!(s, 201, "{m}");
    let member = m["id"].as_i64().unwrap();
    let (_, t) =
        http(addr, "POST", "/api/v1/sessions", None, Some(r#"{"email":"ada@example.com","password":"correct horse"}"#));
    let token = t["token"].as_str().unwrap().to_string();
    let mut last = None;
    for i in 0..5 {
        let value = i % 2 == 1;
        let (s, v) = http(
            addr,
            "PUT",
            "/api/v1/me/settings/ai-data",
            Some(&token),
            Some(&format!(r#"{{"train_genai":{value}}}"#)),
        );
        assert_eq!(s, 200, "{v}");
        last = Some(value);
    }
    let (s, _) = http(
        addr,
        "PUT",
        "/api/v1/me/settings/ai-data",
        Some(&token),
        Some(r#"{"train_genai":false,"train_ai":false}"#),
    );
    assert_eq!(s, 200);
    server.kill().unwrap(); // SIGKILL, right after the response
    server.wait().unwrap();
    assert_eq!(last, Some(false));

    let ledger = Ledger::open(&dir.path().join("ledger.db")).unwrap();
    assert_eq!(ledger.index().explicit(member, Purpose::TrainGenai), Some(false));
    assert_eq!(ledger.index().explicit(member, Purpose::TrainAi), Some(false));
    assert_eq!(ledger.history(member).unwrap().len(), 7);
}

/// Every row of the store's content tables, as text.
fn dump(db: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = Vec::new();
    for table in ["members", "items", "experience", "messages", "connections", "companies", "jobs"] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2")).unwrap();
        let cols = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..cols).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
            })
            .unwrap();
        out.extend(rows.map(|r| format!("{table}: {}", r.unwrap())));
    }
    out
}

#[test]
fn seeding_is_deterministic_and_refuses_a_non_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (dir.path().join("a"), dir.path().join("b"), dir.path().join("c"));
    ok(&a, &["seed", "--members", "300", "--seed", "7", "--canaries", "4"]);
    ok(&b, &["seed", "--members", "300", "--seed", "7", "--canaries", "4"]);
    ok(&c, &["seed", "--members", "300", "--seed", "8"]);
    let (da, db, dc) = (dump(&a.join("network.db")), dump(&b.join("network.db")), dump(&c.join("network.db")));
    assert!(da.len() > 300 * 5, "a realistic amount of data: {} rows", da.len());
    assert_eq!(da, db, "same seed, same network");
    assert_ne!(da, dc, "another seed, another network");
    let canaries: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(a.join("canaries.json")).unwrap()).unwrap();
    assert_eq!(canaries.as_array().unwrap().len(), 4);

    let err = crate::fails(&a, &["seed", "--members", "10"]);
    assert!(err.contains("already holds a network"), "{err}");

    let ledger = Ledger::open(&a.join("ledger.db")).unwrap();
    assert!(!ledger.index().is_empty(), "setting changes were imported into the ledger");
}
