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

use crate::common::serve;

#[test]
fn an_acknowledged_settings_change_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::create(dir.path().join("network.db")).unwrap());
    drop(Ledger::create(dir.path().join("ledger.db")).unwrap());
    let (mut server, addr) = serve(dir.path());

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

    let ledger = Ledger::open(dir.path().join("ledger.db")).unwrap();
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

    let ledger = Ledger::open(a.join("ledger.db")).unwrap();
    assert!(!ledger.index().is_empty(), "setting changes were imported into the ledger");
}

/// (item_id, member_id, kind, text) of every row of a dataset's shards.
fn dataset_rows(dir: &std::path::Path) -> Vec<(String, i64, String, String)> {
    use assent_export::datafusion_reexports::{AsArray, Int64Array, ParquetRecordBatchReader};
    let manifest = assent_export::Manifest::read(dir).unwrap();
    let mut rows = Vec::new();
    for s in &manifest.shards {
        let file = std::fs::File::open(dir.join(&s.file)).unwrap();
        for b in ParquetRecordBatchReader::try_new(file, 1024).unwrap() {
            let b = b.unwrap();
            let ids = b.column(0).as_string::<i32>();
            let members = b.column(1).as_any().downcast_ref::<Int64Array>().unwrap();
            let kinds = b.column(2).as_string::<i32>();
            let texts = b.column(3).as_string::<i32>();
            for i in 0..b.num_rows() {
                rows.push((ids.value(i).into(), members.value(i), kinds.value(i).into(), texts.value(i).into()));
            }
        }
    }
    rows
}

#[test]
fn export_while_serving_honours_every_choice_made_through_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    drop(Store::create(data.join("network.db")).unwrap());
    drop(Ledger::create(data.join("ledger.db")).unwrap());
    let (mut server, addr) = serve(&data);

    let join = |name: &str, birth: &str| {
        let email = format!("{}@example.com", name.to_lowercase());
        let body = format!(
            r#"{{"name":"{name}","email":"{email}","password":"correct horse","region":"FR","birth_date":"{birth}"}}"#
        );
        let (s, m) = http(addr, "POST", "/api/v1/members", None, Some(&body));
        assert_eq!(s, 201, "{m}");
        let (_, t) = http(
            addr,
            "POST",
            "/api/v1/sessions",
            None,
            Some(&format!(r#"{{"email":"{email}","password":"correct horse"}}"#)),
        );
        (m["id"].as_i64().unwrap(), t["token"].as_str().unwrap().to_string())
    };
    let post = |token: &str, text: &str, vis: &str| {
        let (s, v) = http(
            addr,
            "POST",
            "/api/v1/posts",
            Some(token),
            Some(&format!(r#"{{"text":"{text}","visibility":"{vis}"}}"#)),
        );
        assert_eq!(s, 201, "{v}");
        v["id"].as_i64().unwrap()
    };
    let (ada, ta) = join("Ada", "1990-04-01");
    let (bob, tb) = join("Bob", "1985-01-01");
    let (_minor, tm) = join("Kim", "2009-06-01");
    let kept = post(&ta, "Public thoughts on engines, write to ada@example.com", "public");
    post(&ta, "Only for my network", "connections");
    let erased = post(&ta, "A post I will delete", "public");
    let (s, _) = http(addr, "DELETE", &format!("/api/v1/posts/{erased}"), Some(&ta), None);
    assert_eq!(s, 204);
    let (s, _) =
        http(addr, "POST", "/api/v1/messages", Some(&ta), Some(&format!(r#"{{"to":{bob},"text":"PRIVATE-MESSAGE"}}"#)));
    assert_eq!(s, 201);
    post(&tb, "Bob opted out of this", "public");
    let (s, _) = http(addr, "PUT", "/api/v1/me/settings/ai-data", Some(&tb), Some(r#"{"train_genai":false}"#));
    assert_eq!(s, 200);
    post(&tm, "A minor's public post", "public");
    let (s, _) = http(
        addr,
        "PATCH",
        "/api/v1/me/profile",
        Some(&ta),
        Some(r#"{"headline":{"text":"Analyst","visibility":"public"}}"#),
    );
    assert_eq!(s, 200);

    // Export while the server is still serving the same data directory.
    let out = dir.path().join("dataset");
    let stdout = ok(
        &data,
        &["export", "--as-of", "now", "--purpose", "train-genai", "--shards", "4", "--out", out.to_str().unwrap()],
    );
    assert!(stdout.contains("2 items of 1 members in 4 shards"), "{stdout}");
    let (s, _) = http(addr, "GET", "/healthz", None, None);
    assert_eq!(s, 200, "still serving");
    server.kill().unwrap();
    server.wait().unwrap();

    let rows = dataset_rows(&out);
    let texts: Vec<&str> = rows.iter().map(|r| r.3.as_str()).collect();
    assert_eq!(rows.len(), 2, "{texts:?}");
    assert!(rows.iter().all(|r| r.1 == ada));
    assert!(texts.contains(&"Public thoughts on engines, write to [email]"), "scrubbed: {texts:?}");
    assert!(texts.contains(&"Analyst"));
    assert!(rows.iter().any(|r| r.0 == kept.to_string() && r.2 == "post"));
    let manifest = assent_export::Manifest::read(&out).unwrap();
    assert_eq!(manifest.excluded_by_reason["opted_out"], 1);
    assert_eq!(manifest.excluded_by_reason["minor"], 1);
    assert_eq!(manifest.excluded_by_reason["not_public"], 1);
    assert_eq!(manifest.excluded_by_reason["deleted"], 1);
    let err = crate::fails(&data, &["export", "--out", out.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");

    // Fail closed on files: a manifest with an unknown purpose or an impossible shard count is
    // refused by name, and nothing is trained from it; so is a shard count out of range.
    let err = crate::fails(&data, &["export", "--shards", "0", "--out", dir.path().join("zero").to_str().unwrap()]);
    assert!(err.contains("--shards: a shard count must be between 1 and 4096, not 0"), "{err}");
    assert!(!dir.path().join("zero").exists());
    for (field, value, expected) in [
        ("purpose", "\"train-everything\"", "unknown purpose `train-everything`"),
        ("shard_count", "0", "a shard count must be between 1 and 4096, not 0"),
    ] {
        let bad = dir.path().join(format!("bad-{field}"));
        std::fs::create_dir(&bad).unwrap();
        for f in std::fs::read_dir(&out).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, bad.join(f.file_name().unwrap())).unwrap();
        }
        let mut m: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(bad.join("manifest.json")).unwrap()).unwrap();
        m[field] = serde_json::from_str(value).unwrap();
        std::fs::write(bad.join("manifest.json"), m.to_string()).unwrap();
        let err = crate::fails(&data, &["train", "--dataset", bad.to_str().unwrap()]);
        assert!(err.contains(expected), "{field}: {err}");
        let releases = std::fs::read_dir(data.join("releases")).map(|d| d.count()).unwrap_or(0);
        assert_eq!(releases, 0, "{field}: nothing published");
    }
}

#[test]
fn demo_seeds_exports_trains_and_serves() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut demo = Command::new(env!("CARGO_BIN_EXE_assent"))
        .args(["demo", "--members", "300", "--addr", "127.0.0.1:0", "--data-dir", data.to_str().unwrap()])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(demo.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("running on") {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "demo stopped before serving");
    }
    let addr: SocketAddr = line.trim().rsplit("http://").next().unwrap().parse().unwrap();
    for purpose in ["train-genai", "train-ai"] {
        assert!(data.join("releases").join(format!("LIVE-{purpose}")).is_file(), "a live {purpose} release");
    }
    let (s, _) = http(addr, "GET", "/healthz", None, None);
    assert_eq!(s, 200);
    let login = format!(
        r#"{{"email":"{}","password":"assent-demo-password"}}"#,
        Store::open(data.join("network.db")).unwrap().members(0, 1).unwrap()[0].email
    );
    let (s, t) = http(addr, "POST", "/api/v1/sessions", None, Some(&login));
    assert_eq!(s, 200, "{t}");
    let (s, v) = http(addr, "POST", "/api/v1/ai/assist", t["token"].as_str(), Some(r#"{"task":"headline"}"#));
    assert_eq!(s, 200, "the writing assistant is live: {v}");
    demo.kill().unwrap();
    demo.wait().unwrap();
}

#[test]
fn init_creates_an_empty_network_that_serve_opens_for_sign_ups() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("network");
    // `serve` refuses a directory without a network.
    let err = crate::fails(&data, &["serve", "--addr", "127.0.0.1:0"]);
    assert!(err.contains("does not exist"), "{err}");

    let out = crate::ok(&data, &["init"]);
    assert!(out.contains("initialised an empty network") && out.contains("policy 2025-11-03"), "{out}");
    let store = Store::open(data.join("network.db")).unwrap();
    assert!(store.is_empty().unwrap(), "no synthetic members");
    drop(store);
    let err = crate::fails(&data, &["init"]);
    assert!(err.contains("already holds a network"), "{err}");

    let (mut server, addr) = serve(&data);
    let (s, m) = http(
        addr,
        "POST",
        "/api/v1/members",
        None,
        Some(
            r#"{"name":"Ada","email":"ada@example.com","password":"correct horse","region":"FR","birth_date":"1990-04-01"}"#,
        ),
    );
    assert_eq!((s, m["id"].as_i64()), (201, Some(1)), "{m}");
    let (s, t) =
        http(addr, "POST", "/api/v1/sessions", None, Some(r#"{"email":"ada@example.com","password":"correct horse"}"#));
    assert_eq!(s, 200, "{t}");
    let (s, v) = http(addr, "GET", "/api/v1/me/settings/ai-data", t["token"].as_str(), None);
    assert_eq!((s, v), (200, serde_json::json!({"train_genai": true, "train_ai": true})), "the seed policy's defaults");
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn init_installs_the_policy_given_and_leaves_nothing_behind_on_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("eea");
    let policy = crate::policies().join("example-eea-opt-in.toml");
    let out = crate::ok(&data, &["init", "--policy", policy.to_str().unwrap()]);
    assert!(out.contains("initialised an empty network"), "{out}");
    let ledger = Ledger::open(data.join("ledger.db")).unwrap();
    assert_eq!(ledger.policies().versions().len(), 1, "only the policy given");

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "version = \"x\"\nminimum_age = 16\n").unwrap();
    let empty = dir.path().join("empty");
    let err = crate::fails(&empty, &["init", "--policy", bad.to_str().unwrap()]);
    assert!(err.contains("bad.toml"), "the error names the file: {err}");
    assert!(!empty.join("ledger.db").exists() && !empty.join("network.db").exists(), "nothing half-written");
}

#[test]
fn serve_unlearns_in_a_worker_process_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(data, &["seed", "--members", "60", "--seed", "5"]);
    let dataset = data.join("dataset");
    let out = dataset.to_str().unwrap();
    ok(data, &["export", "--as-of", "now", "--purpose", "train-genai", "--shards", "4", "--out", out]);
    ok(data, &["train", "--dataset", out]);
    let live = || assent_release::Releases::new(data).live_id(Purpose::TrainGenai).unwrap().unwrap();
    let first = live();
    let (mut server, _addr) = serve(data);
    for member in 1..=10 {
        let member = member.to_string();
        ok(data, &["consent", "set", "--member", &member, "--purpose", "train-genai", "off"]);
    }
    let started = std::time::Instant::now();
    while !ok(data, &["unlearn", "--pending", "--dry-run"]).contains("nothing to unlearn") {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "the server's unlearner applied the opt-outs");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let second = live();
    assert_ne!(second, first, "a new release is live");
    let leftovers: Vec<String> = std::fs::read_dir(data.join("lake"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("unlearn"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new(), "the pass's snapshot is removed");
    server.kill().unwrap();
    server.wait().unwrap();

    // A pass planned from a release that is no longer live publishes nothing.
    let err = crate::fails(
        data,
        &["unlearn-pass", "--release", &first, "--shards", "0", "--snapshot", data.join("lake").to_str().unwrap()],
    );
    assert!(err.contains(&format!("release {first} is no longer live")), "{err}");
    assert_eq!(live(), second);
}
