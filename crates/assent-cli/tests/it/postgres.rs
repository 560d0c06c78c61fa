//! `assent` with `--database postgres://…`: init, the command line, and two `assent serve`
//! replicas over one database.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use assent_ledger::scratch::Place;
use assent_ledger::Database;

use crate::common::serve_with;

/// A fresh PostgreSQL database, its URL, and an empty data directory.
fn postgres_network() -> (Place, String, tempfile::TempDir) {
    let place = Place::postgres();
    let Database::Postgres(url) = &place.db else { unreachable!() };
    let url = url.secret().to_string();
    (place, url, tempfile::tempdir().unwrap())
}

/// One HTTP/1.1 exchange: status, headers (lower-case names) and body.
fn exchange(addr: SocketAddr, method: &str, path: &str, token: Option<&str>, body: &str) -> (u16, String, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(t) = token {
        req.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    req.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()));
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    (out[9..12].parse().unwrap(), head.to_lowercase(), body.to_string())
}

/// Signs Ada up through `addr`; returns the new member (`id`, `handle`).
fn sign_up(addr: SocketAddr) -> serde_json::Value {
    let (s, _, m) = exchange(
        addr,
        "POST",
        "/api/v1/members",
        None,
        r#"{"name":"Ada Lovelace","email":"ada@example.com","password":"correct horse","region":"FR","birth_date":"1990-04-01"}"#,
    );
    assert_eq!(s, 201, "{m}");
    json(&m)
}

/// Signs Ada in through `addr`; returns her bearer token.
fn sign_in(addr: SocketAddr) -> String {
    let (s, _, t) =
        exchange(addr, "POST", "/api/v1/sessions", None, r#"{"email":"ada@example.com","password":"correct horse"}"#);
    assert_eq!(s, 200, "{t}");
    json(&t)["token"].as_str().unwrap().to_string()
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
}

/// Polls `check` until it holds or `limit` passes; returns how long it took.
fn within(limit: Duration, mut check: impl FnMut() -> bool) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if check() {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    None
}

#[test]
fn two_replicas_on_one_postgres_database_share_members_sessions_and_settings() {
    let (_place, url, dir) = postgres_network();
    let data = dir.path();
    let db = ["--database", url.as_str()];

    // Nothing there yet: serving fails closed, `init` creates the network, a second `init` refuses.
    let err = crate::fails(data, &["serve", "--addr", "127.0.0.1:0", "--database", &url]);
    assert!(err.contains("does not exist"), "{err}");
    let out = crate::ok(data, &["init", "--database", &url]);
    assert!(out.contains("initialised an empty network in postgres://") && out.contains("--database"), "{out}");
    let err = crate::fails(data, &["init", "--database", &url]);
    assert!(err.contains("already holds a network"), "{err}");
    assert!(!data.join("network.db").exists() && !data.join("ledger.db").exists(), "no SQLite file was made");
    let err = crate::fails(data, &["consent", "get", "--member", "1", "--database", "mysql://nowhere/x"]);
    assert!(err.contains("--database") && err.contains("not a postgres:// URL"), "{err}");

    let (mut a, addr_a) = serve_with(data, &db);
    let (mut b, addr_b) = serve_with(data, &db);

    let m = sign_up(addr_a);
    let (member, handle) = (m["id"].as_i64().unwrap(), m["handle"].as_str().unwrap().to_string());
    // Signed up through A, signed in through B, and B's token works on A.
    let token = sign_in(addr_b);
    let (s, _, v) = exchange(addr_a, "GET", "/api/v1/me/settings/ai-data", Some(&token), "");
    assert_eq!((s, json(&v)), (200, serde_json::json!({"train_genai": true, "train_ai": true})));
    let reserved = |addr| exchange(addr, "GET", &format!("/in/{handle}"), None, "").1.contains("train-ai=n");
    assert!(!reserved(addr_b), "an opted-in adult's page carries no reservation");

    // Opting out through A reaches B's in-memory consent index and its do-not-train headers
    // within a second.
    let (s, _, v) = exchange(addr_a, "PUT", "/api/v1/me/settings/ai-data", Some(&token), r#"{"train_genai":false}"#);
    assert_eq!(s, 200, "{v}");
    let seen = within(Duration::from_secs(1), || {
        let (_, _, v) = exchange(addr_b, "GET", "/api/v1/me/settings/ai-data", Some(&token), "");
        json(&v)["train_genai"] == serde_json::json!(false)
    });
    assert!(seen.is_some(), "replica B still answers the old setting after a second");
    assert!(within(Duration::from_secs(1), || reserved(addr_b)).is_some(), "B's page is not reserved after a second");
    let robots = exchange(addr_b, "GET", "/robots.txt", None, "").2;
    assert!(robots.contains(&format!("/in/{handle}$ train-ai=n")), "{robots}");

    // The command line reads the same ledger.
    let out = crate::ok(data, &["consent", "get", "--member", &member.to_string(), "--database", &url]);
    assert!(out.contains("train-genai OFF"), "{out}");
    for server in [&mut a, &mut b] {
        server.kill().unwrap();
        server.wait().unwrap();
    }
}

#[test]
fn seed_export_and_unlearn_run_on_postgres() {
    let (place, url, dir) = postgres_network();
    let data = dir.path();
    crate::ok(data, &["seed", "--members", "60", "--seed", "5", "--database", &url]);
    let store = assent_store::Store::open(&place.db).unwrap();
    assert!(store.member(60).unwrap().is_some() && store.member(61).unwrap().is_none(), "60 members seeded");
    drop(store);
    let dataset = data.join("dataset");
    let out = crate::ok(
        data,
        &[
            "export",
            "--as-of",
            "now",
            "--purpose",
            "train-genai",
            "--shards",
            "4",
            "--out",
            dataset.to_str().unwrap(),
            "--database",
            &url,
        ],
    );
    assert!(out.contains("items"), "{out}");
    assert!(dataset.join("manifest.json").is_file());
    // The same network seeded into SQLite exports the same items.
    let sqlite = tempfile::tempdir().unwrap();
    crate::ok(sqlite.path(), &["seed", "--members", "60", "--seed", "5"]);
    let manifest = |d: &std::path::Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(d.join("manifest.json")).unwrap()).unwrap()
    };
    let other = sqlite.path().join("dataset");
    crate::ok(
        sqlite.path(),
        &["export", "--as-of", "now", "--purpose", "train-genai", "--shards", "4", "--out", other.to_str().unwrap()],
    );
    let (p, s) = (manifest(&dataset), manifest(&other));
    assert_eq!(p["shards"], s["shards"], "the same items, shard by shard, from either database");
    assert!(p["shards"].as_array().is_some_and(|a| !a.is_empty()));

    // Train on it, opt a member out, and unlearn: the planner and the re-export read PostgreSQL.
    crate::ok(data, &["train", "--dataset", dataset.to_str().unwrap(), "--database", &url]);
    for member in 1..=10 {
        let member = member.to_string();
        crate::ok(
            data,
            &["consent", "set", "--member", &member, "--purpose", "train-genai", "off", "--database", &url],
        );
    }
    let out = crate::ok(data, &["unlearn", "--pending", "--database", &url]);
    assert!(out.contains("train-genai: release") && out.contains("must forget"), "{out}");
    let out = crate::ok(data, &["unlearn", "--pending", "--dry-run", "--database", &url]);
    assert!(out.contains("nothing to unlearn"), "forgotten for good: {out}");
}

#[test]
fn one_replica_runs_the_unlearning_passes_and_another_takes_over_when_it_dies() {
    let (_place, url, dir) = postgres_network();
    let data = dir.path();
    let db = ["--database", url.as_str()];
    crate::ok(data, &["seed", "--members", "80", "--seed", "9", "--database", &url]);
    let dataset = data.join("dataset");
    let out = dataset.to_str().unwrap();
    crate::ok(
        data,
        &["export", "--as-of", "now", "--purpose", "train-genai", "--shards", "4", "--out", out, "--database", &url],
    );
    crate::ok(data, &["train", "--dataset", out, "--database", &url]);

    let mut replicas = vec![serve_with(data, &db), serve_with(data, &db)];
    let leads = |addr| exchange(addr, "GET", "/healthz", None, "").2.contains("runs the unlearning passes");
    let leader = || -> Vec<bool> { replicas.iter().map(|(_, addr)| leads(*addr)).collect() };
    assert!(
        within(Duration::from_secs(20), || leader().iter().filter(|l| **l).count() == 1).is_some(),
        "one replica, and one only, runs the passes: {:?}",
        leader()
    );
    let nothing_left =
        || crate::ok(data, &["unlearn", "--pending", "--dry-run", "--database", &url]).contains("nothing to unlearn");
    let opt_out = |members: std::ops::RangeInclusive<i64>| {
        for m in members {
            let m = m.to_string();
            crate::ok(data, &["consent", "set", "--member", &m, "--purpose", "train-genai", "off", "--database", &url]);
        }
    };
    opt_out(1..=10);
    assert!(!nothing_left(), "some opted-out member is in the live release");
    assert!(within(Duration::from_secs(60), nothing_left).is_some(), "the leader applied the opt-outs");

    // The leader dies without a word; the other takes over and applies the next opt-outs.
    let which = leader().iter().position(|l| *l).unwrap();
    let (mut dead, _) = replicas.remove(which);
    dead.kill().unwrap();
    dead.wait().unwrap();
    opt_out(11..=30);
    assert!(!nothing_left(), "some newly opted-out member is in the live release");
    assert!(within(Duration::from_secs(60), nothing_left).is_some(), "the survivor applied the opt-outs");
    assert!(leads(replicas[0].1), "the survivor now runs the passes");
    for (mut server, _) in replicas {
        server.kill().unwrap();
        server.wait().unwrap();
    }
}

#[test]
fn an_acknowledged_settings_change_survives_kill_9_on_postgres() {
    let (place, url, dir) = postgres_network();
    let data = dir.path();
    crate::ok(data, &["init", "--database", &url]);
    let (mut server, addr) = serve_with(data, &["--database", url.as_str()]);
    let member = sign_up(addr)["id"].as_i64().unwrap();
    let token = sign_in(addr);
    for value in [false, true, false, true] {
        let body = format!(r#"{{"train_genai":{value}}}"#);
        assert_eq!(exchange(addr, "PUT", "/api/v1/me/settings/ai-data", Some(&token), &body).0, 200);
    }
    let (s, _, _) =
        exchange(addr, "PUT", "/api/v1/me/settings/ai-data", Some(&token), r#"{"train_genai":false,"train_ai":false}"#);
    assert_eq!(s, 200);
    server.kill().unwrap(); // SIGKILL, right after the response
    server.wait().unwrap();
    let ledger = assent_ledger::Ledger::open(&place.db).unwrap();
    assert_eq!(ledger.index().explicit(member, assent_policy::Purpose::TrainGenai), Some(false));
    assert_eq!(ledger.index().explicit(member, assent_policy::Purpose::TrainAi), Some(false));
    assert_eq!(ledger.history(member).unwrap().len(), 6, "every acknowledged change, none more");
}
