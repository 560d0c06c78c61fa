//! A crowd against `assent serve` as a process: 256 clients, each from its own loopback address
//! (so that the per-IP sign-up limit does not shield the password hashers), sign up concurrently,
//! and when refused try again after the `Retry-After` they were given, for a few seconds. The server's peak resident memory
//! stays under a stated bound, and a signed-in member who reads their page meanwhile is answered
//! with a p99 under 100 ms. With the store and the ledger in SQLite, then in PostgreSQL. A test
//! binary of its own, so that cargo runs it with nothing else competing for the cores.

#[path = "../common/mod.rs"]
mod common;

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use common::Network;

/// Clients signing up at once.
const CROWD: usize = 256;
/// How long the crowd keeps signing up.
const CROWD_FOR: Duration = Duration::from_secs(4);
/// The peak resident memory allowed above the server's memory before the crowd. Password
/// hashing is admitted one per core but one, from a pool of 19 MiB working memories; the rest
/// is connections and waiting tasks.
const PEAK_ABOVE_BASELINE_MIB: u64 = 64;
/// What another member's requests may take at the 99th percentile meanwhile.
const MEMBER_P99: Duration = Duration::from_millis(100);

fn request(addr: SocketAddr, method: &str, path: &str, token: Option<&str>, body: &str) -> (u16, String) {
    let (status, body, _) = request_from(None, addr, method, path, token, body);
    (status, body)
}

/// A request from the local address `from` (any free port), or from any address: the status,
/// the body and `Retry-After` in seconds.
fn request_from(
    from: Option<std::net::IpAddr>,
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> (u16, String, Option<u64>) {
    let mut s = match from {
        None => std::net::TcpStream::connect(addr).expect("connect"),
        Some(ip) => {
            let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
            socket.bind(&SocketAddr::new(ip, 0).into()).expect("bind a loopback address");
            socket.connect(&addr.into()).expect("connect");
            socket.into()
        }
    };
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.get(9..12).and_then(|c| c.parse().ok()).unwrap_or_else(|| panic!("no status in {out:?}"));
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    let retry_after = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("retry-after:").map(|v| v.trim().parse().unwrap()));
    (status, body.to_string(), retry_after)
}

fn sign_up_body(i: usize) -> String {
    format!(
        r#"{{"name":"Member {i}","email":"m{i}@example.com","password":"correct horse battery","region":"FR","birth_date":"1990-04-01"}}"#
    )
}

/// `VmRSS` or `VmHWM` of a process, in KiB.
fn memory_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap_or_else(|| panic!("no {field}"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// On SQLite, then on PostgreSQL: one after the other, since each measures.
#[test]
fn a_crowd_of_sign_ups_bounds_memory_and_does_not_stall_members() {
    for network in Network::both() {
        a_crowd_on(&network);
    }
}

fn a_crowd_on(network: &Network) {
    let on = network.name();
    let init = Command::new(env!("CARGO_BIN_EXE_assent")).arg("init").args(network.args()).output().unwrap();
    assert!(init.status.success(), "{on}: {}", String::from_utf8_lossy(&init.stderr));
    let (mut server, addr) = network.serve();
    let pid = server.id();

    // A member, signed in: one hash already done, so the baseline includes a hasher's memory.
    assert_eq!(request(addr, "POST", "/api/v1/members", None, &sign_up_body(0)).0, 201);
    let (s, session) = request(
        addr,
        "POST",
        "/api/v1/sessions",
        None,
        r#"{"email":"m0@example.com","password":"correct horse battery"}"#,
    );
    assert_eq!(s, 200, "{session}");
    let session: serde_json::Value = serde_json::from_str(&session).unwrap();
    let token = session["token"].as_str().unwrap().to_string();
    for _ in 0..20 {
        assert_eq!(request(addr, "GET", "/api/v1/me", Some(&token), "").0, 200);
    }
    let baseline = memory_kib(pid, "VmRSS:");

    let done = Arc::new(AtomicBool::new(false));
    let member = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut took = Vec::new();
            while !done.load(Ordering::Relaxed) {
                let t = Instant::now();
                let (s, body) = request(addr, "GET", "/api/v1/me", Some(&token), "");
                took.push(t.elapsed());
                assert_eq!(s, 200, "the member is always answered: {body}");
                std::thread::sleep(Duration::from_millis(2));
            }
            took
        })
    };
    let start = Arc::new(Barrier::new(CROWD));
    let crowd: Vec<_> = (1..=CROWD)
        .map(|i| {
            let start = start.clone();
            let from = std::net::IpAddr::from([127, 0, 1 + (i / 250) as u8, (i % 250) as u8 + 1]);
            std::thread::spawn(move || {
                start.wait();
                let until = Instant::now() + CROWD_FOR;
                let mut statuses = Vec::new();
                for n in 0.. {
                    let body = sign_up_body(i * 1000 + n);
                    let (status, _, retry_after) =
                        request_from(Some(from), addr, "POST", "/api/v1/members", None, &body);
                    statuses.push(status);
                    if Instant::now() >= until {
                        break;
                    }
                    if let Some(secs) = retry_after {
                        std::thread::sleep(Duration::from_secs(secs));
                    }
                }
                statuses
            })
        })
        .collect();
    let statuses: Vec<u16> = crowd.into_iter().flat_map(|t| t.join().unwrap()).collect();
    done.store(true, Ordering::Relaxed);
    let mut took = member.join().unwrap();
    let peak = memory_kib(pid, "VmHWM:");
    server.kill().unwrap();
    server.wait().unwrap();

    let count = |code| statuses.iter().filter(|&&s| s == code).count();
    let (created, limited, busy) = (count(201), count(429), count(503));
    eprintln!(
        "{on}: {} sign-ups from {CROWD} clients: {created} created, {limited} over the per-IP limit, {busy} busy; RSS {} MiB before, peak {} MiB",
        statuses.len(),
        baseline / 1024,
        peak / 1024
    );
    assert_eq!(created + limited + busy, statuses.len(), "{on}: only 201, 429 or 503: {statuses:?}");
    assert!(created >= 1 && busy >= CROWD, "{on}: some admitted, the rest refused: {created} created, {busy} busy");
    assert!(
        peak <= baseline + PEAK_ABOVE_BASELINE_MIB * 1024,
        "{on}: peak RSS {} MiB, more than {PEAK_ABOVE_BASELINE_MIB} MiB above the {} MiB before the crowd",
        peak / 1024,
        baseline / 1024
    );
    took.sort();
    assert!(took.len() >= 20, "{on}: the member kept reading during the crowd: {} requests", took.len());
    let p99 = took[(took.len() * 99).div_ceil(100) - 1];
    eprintln!("{on}: member: {} requests during the crowd, p50 {:?}, p99 {p99:?}", took.len(), took[took.len() / 2]);
    assert!(p99 < MEMBER_P99, "{on}: another member's p99 was {p99:?} during the crowd");
}
