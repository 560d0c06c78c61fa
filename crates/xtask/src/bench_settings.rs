//! `bench-settings`: AI-data settings writes over HTTP against `assent serve`, with a live
//! release (so that opt-outs set the unlearner to work) and a consent ledger preloaded to
//! `--events` events. Half of the writes turn Data for Generative AI Improvement OFF, half back
//! ON, spread over `--members` members (each under the per-member limit of 30 a minute).
//! Every write flips its member's setting. With `--opt-outs staggered` (the default) half the
//! members are out at any moment, as in a steady population: members alternate in which pass over
//! the members they go out. With `--opt-outs in-step` every pass turns all of them OFF and the next
//! all back ON, so the opted-in text, and the live model with it, swings from all to none.
//!
//! Two phases on `--conns` keep-alive connections: a burst as fast as the server answers
//! (`--burst-secs`), then a soak at a fixed `--rate` (`--soak-secs`), timed from when each request
//! was due, so that a stall counts against every request it delayed. Prints throughput, p50/p99,
//! the statuses, and the server's RSS at the end of each minute of the soak, with the lowest,
//! median and highest seen over the minute (sampled four times a second); and, per minute, the
//! largest RSS seen of the server's child processes, the unlearning passes' workers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use assent_ledger::{Change, Ledger, Method};
use assent_policy::Purpose;

use crate::bench_export::assent_binary;

struct Flags {
    members: u32,
    events: u64,
    rate: u64,
    conns: usize,
    burst_secs: u64,
    soak_secs: u64,
    in_step: bool,
    work: PathBuf,
}

fn flags(args: &[String]) -> Result<Flags> {
    let mut f = Flags {
        members: 10_000,
        events: 1_000_000,
        rate: 2_000,
        conns: 8,
        burst_secs: 30,
        soak_secs: 600,
        in_step: false,
        work: PathBuf::from("target/bench-settings"),
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--members" => f.members = value.parse()?,
            "--events" => f.events = value.parse()?,
            "--rate" => f.rate = value.parse()?,
            "--conns" => f.conns = value.parse()?,
            "--burst-secs" => f.burst_secs = value.parse()?,
            "--soak-secs" => f.soak_secs = value.parse()?,
            "--work" => f.work = PathBuf::from(value),
            "--opt-outs" => {
                f.in_step = match value.as_str() {
                    "staggered" => false,
                    "in-step" => true,
                    other => bail!("--opt-outs is staggered or in-step, not {other:?}"),
                }
            }
            other => bail!("unknown flag {other}"),
        }
    }
    ensure!(f.conns > 0 && f.rate > 0 && f.members > 0, "--conns, --rate and --members must be positive");
    Ok(f)
}

fn run_ok(cmd: &mut Command) -> Result<String> {
    let out = cmd.output().with_context(|| format!("running {cmd:?}"))?;
    ensure!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A seeded network with a live train-genai release, `events` consent events and a session per
/// open account (token `bench-<id>`); returns the data directory and those members.
fn prepare(assent: &std::path::Path, f: &Flags) -> Result<(PathBuf, Vec<i64>)> {
    let _ = std::fs::remove_dir_all(&f.work);
    let data = f.work.join("data");
    let members = f.members.to_string();
    run_ok(Command::new(assent).args(["seed", "--members", &members, "--seed", "11", "--data-dir"]).arg(&data))?;
    let dataset = data.join("datasets/genai");
    run_ok(
        Command::new(assent)
            .args(["export", "--purpose", "train-genai", "--shards", "16", "--data-dir"])
            .arg(&data)
            .arg("--out")
            .arg(&dataset),
    )?;
    run_ok(Command::new(assent).args(["train", "--data-dir"]).arg(&data).arg("--dataset").arg(&dataset))?;

    let ledger = Ledger::open(data.join("ledger.db"))?;
    let mut recorded = 0u64;
    let mut last_seq = 0;
    while (last_seq as u64) < f.events {
        let batch: Vec<Change> = (0..10_000u64)
            .map(|i| {
                let n = recorded + i;
                Change {
                    member: (n % u64::from(f.members)) as i64 + 1,
                    purpose: if n.is_multiple_of(3) { Purpose::TrainAi } else { Purpose::TrainGenai },
                    value: (n / u64::from(f.members)) % 2 == 1,
                    method: Method::Import,
                    recorded_at: None,
                    policy_version: None,
                }
            })
            .collect();
        last_seq = ledger.record_all(&batch)?.last().map_or(last_seq, |e| e.seq);
        recorded += batch.len() as u64;
    }
    drop(ledger);

    let db = rusqlite::Connection::open(data.join("network.db"))?;
    // Synthetic networks hold closed accounts too; their sessions would be refused.
    let open: Vec<i64> = db
        .prepare("SELECT id FROM members WHERE closed_at IS NULL ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    db.execute_batch("BEGIN")?;
    let far = assent_policy::Timestamp::now().0 + 3600 * 1_000_000 * 24;
    for &m in &open {
        db.execute(
            "INSERT INTO sessions (token_hash, member_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![assent_store::auth::token_hash(&format!("bench-{m}")), m, 0, far],
        )?;
    }
    db.execute_batch("COMMIT")?;
    println!(
        "prepared {} members ({} open), {last_seq} consent events, a live train-genai release",
        f.members,
        open.len()
    );
    Ok((data, open))
}

/// One keep-alive connection.
struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Conn {
    fn open(addr: SocketAddr) -> Result<Conn> {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        Ok(Conn { reader: BufReader::new(s.try_clone()?), writer: s })
    }

    /// PUTs one change; returns the status. The connection is reopened if the server closed it.
    fn put(&mut self, addr: SocketAddr, member: i64, value: bool) -> Result<u16> {
        match self.put_once(addr, member, value) {
            Ok(status) => Ok(status),
            Err(e) => {
                eprintln!("reconnecting after: {e:#}");
                *self = Conn::open(addr)?;
                self.put_once(addr, member, value)
            }
        }
    }

    fn put_once(&mut self, addr: SocketAddr, member: i64, value: bool) -> Result<u16> {
        let body = format!(r#"{{"train_genai":{value}}}"#);
        write!(
            self.writer,
            "PUT /api/v1/me/settings/ai-data HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer bench-{member}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line.get(9..12).with_context(|| format!("status line {line:?}"))?.parse()?;
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse()?;
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok(status)
    }
}

#[derive(Default)]
struct Tally {
    took: Vec<Duration>,
    ok: u64,
    limited: u64,
    other: u64,
    /// The statuses counted in `other`, by status.
    others: std::collections::BTreeMap<u16, u64>,
    /// By wall-clock second (Unix time) of completion: requests answered, and the longest wait.
    per_sec: std::collections::BTreeMap<u64, (u64, Duration)>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.took.extend(other.took);
        self.ok += other.ok;
        self.limited += other.limited;
        self.other += other.other;
        for (status, n) in other.others {
            *self.others.entry(status).or_default() += n;
        }
        for (sec, (n, worst)) in other.per_sec {
            let e = self.per_sec.entry(sec).or_default();
            e.0 += n;
            e.1 = e.1.max(worst);
        }
    }

    fn record(&mut self, took: Duration) {
        self.took.push(took);
        let sec = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let e = self.per_sec.entry(sec).or_default();
        e.0 += 1;
        e.1 = e.1.max(took);
    }

    /// The stretches of seconds (UTC) in which some request waited longer than `over`, with the
    /// requests answered per second in them and the longest wait: to line up with the server's
    /// log.
    fn stalls(&self, over: Duration) -> Vec<String> {
        let mut runs: Vec<(u64, u64, Duration)> = Vec::new();
        for (&sec, &(_, worst)) in self.per_sec.iter().filter(|(_, (_, w))| *w > over) {
            match runs.last_mut() {
                Some((_, last, w)) if sec <= *last + 2 => (*last, *w) = (sec, (*w).max(worst)),
                _ => runs.push((sec, sec, worst)),
            }
        }
        let hms = |s: u64| format!("{:02}:{:02}:{:02}", s / 3600 % 24, s / 60 % 60, s % 60);
        runs.into_iter()
            .map(|(a, b, worst)| {
                let answered: u64 = self.per_sec.range(a..=b).map(|(_, (n, _))| n).sum();
                let secs = b - a + 1;
                format!(
                    "{}–{} ({secs} s): {:.0} answers/s, longest wait {:.0} ms",
                    hms(a),
                    hms(b),
                    answered as f64 / secs as f64,
                    worst.as_secs_f64() * 1e3
                )
            })
            .collect()
    }

    fn line(&mut self, label: &str, secs: f64) -> String {
        self.took.sort();
        let q = |p: f64| self.took.get(((self.took.len() as f64 * p) as usize).min(self.took.len().saturating_sub(1)));
        let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
        format!(
            "{label}: {:.0} writes/s over {secs:.0} s; p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {} OK, {} 429, {} other {:?}",
            self.took.len() as f64 / secs,
            ms(q(0.50)),
            ms(q(0.99)),
            ms(self.took.last()),
            self.ok,
            self.limited,
            self.other,
            self.others
        )
    }
}

/// Runs `conns` connections for `secs`; `rate` paces them (requests timed from when they were
/// due), `None` sends as fast as answers come.
fn load(
    addr: SocketAddr,
    f: &Flags,
    ids: &Arc<Vec<i64>>,
    secs: u64,
    rate: Option<u64>,
    next: &Arc<AtomicU64>,
) -> Result<Tally> {
    let members = ids.len() as u64;
    let in_step = f.in_step;
    let until = Instant::now() + Duration::from_secs(secs);
    let threads: Vec<_> = (0..f.conns)
        .map(|_| {
            let next = next.clone();
            let ids = ids.clone();
            let interval = rate.map(|r| Duration::from_secs_f64(f.conns as f64 / r as f64));
            std::thread::spawn(move || -> Result<Tally> {
                let mut conn = Conn::open(addr)?;
                let mut tally = Tally::default();
                let mut due = Instant::now();
                while Instant::now() < until {
                    if interval.is_some() {
                        let now = Instant::now();
                        if due > now {
                            std::thread::sleep(due - now);
                        }
                    } else {
                        due = Instant::now();
                    }
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let (pass, k) = (n / members, n % members);
                    let member = ids[k as usize];
                    // Each pass over the members flips every one of them: in step, or staggered
                    // so that odd and even members are out in alternate passes.
                    let on = if in_step { pass % 2 == 1 } else { (pass + k) % 2 == 1 };
                    let status =
                        conn.put(addr, member, on).with_context(|| format!("request {n} (member {member})"))?;
                    tally.record(due.elapsed());
                    match status {
                        200 => tally.ok += 1,
                        429 => tally.limited += 1,
                        other => {
                            tally.other += 1;
                            *tally.others.entry(other).or_default() += 1;
                        }
                    }
                    if let Some(interval) = interval {
                        due += interval;
                    }
                }
                Ok(tally)
            })
        })
        .collect();
    let mut all = Tally::default();
    for t in threads {
        all.add(t.join().map_err(|_| anyhow::anyhow!("a load thread panicked"))??);
    }
    Ok(all)
}

/// The server's resident memory in MiB: in all, and its anonymous (heap) and file-backed parts;
/// and its number of threads (each has a stack and a cache of its own in the heap).
struct Rss {
    total: f64,
    anon: f64,
    file: f64,
    threads: f64,
}

fn rss_mib(pid: u32) -> Result<Rss> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let field = |name: &str| -> Result<f64> {
        let value: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .with_context(|| format!("{name} in /proc/{pid}/status"))?
            .parse()?;
        Ok(value)
    };
    let mib = |name: &str| field(name).map(|kib| kib / 1024.0);
    Ok(Rss { total: mib("VmRSS:")?, anon: mib("RssAnon:")?, file: mib("RssFile:")?, threads: field("Threads:")? })
}

/// The server's RSS and its child processes' (the unlearning workers), in KiB, sampled four
/// times a second until `stop`: every sample of the server's, and the children's highest, since
/// the last [`Sampler::swap`].
struct Sampler {
    server: std::sync::Mutex<Vec<u64>>,
    workers_high: AtomicU64,
    stop: std::sync::atomic::AtomicBool,
}

/// What a [`Sampler`] saw over one minute, in MiB: the server's lowest, median and highest RSS
/// (an unlearning pass holds a snapshot and two models for a moment, and the live model's size
/// follows how many members are in), and the workers' highest.
struct Sampled {
    server_low: f64,
    server_median: f64,
    server_high: f64,
    workers_high: f64,
}

impl Sampler {
    fn watch(server: u32) -> Arc<Sampler> {
        let sampler =
            Arc::new(Sampler { server: Default::default(), workers_high: AtomicU64::new(0), stop: Default::default() });
        let s = sampler.clone();
        std::thread::spawn(move || {
            while !s.stop.load(Ordering::Relaxed) {
                if let Ok(rss) = rss_mib(server) {
                    s.server.lock().unwrap_or_else(|e| e.into_inner()).push((rss.total * 1024.0) as u64);
                }
                for kib in children_rss_kib(server) {
                    s.workers_high.fetch_max(kib, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(250));
            }
        });
        sampler
    }

    /// What was seen since the last call; starts over.
    fn swap(&self) -> Sampled {
        let mut server = std::mem::take(&mut *self.server.lock().unwrap_or_else(|e| e.into_inner()));
        server.sort_unstable();
        let mib = |kib: Option<&u64>| kib.map_or(f64::NAN, |k| *k as f64 / 1024.0);
        Sampled {
            server_low: mib(server.first()),
            server_median: mib(server.get(server.len() / 2)),
            server_high: mib(server.last()),
            workers_high: self.workers_high.swap(0, Ordering::Relaxed) as f64 / 1024.0,
        }
    }
}

/// The RSS in KiB of each process whose parent is `parent`.
fn children_rss_kib(parent: u32) -> Vec<u64> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // After the command name in parentheses: state, then the parent's pid.
        let ppid = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok());
        if ppid != Some(parent) {
            continue;
        }
        if let Ok(rss) = rss_mib(pid) {
            out.push((rss.total * 1024.0) as u64);
        }
    }
    out
}

pub fn run(args: &[String]) -> Result<()> {
    let f = flags(args)?;
    let assent = assent_binary()?;
    let (data, ids) = prepare(&assent, &f)?;
    let ids = Arc::new(ids);
    let mut server = Command::new(&assent)
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(&data)
        .env("RUST_LOG", std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    let pid = server.id();
    let mut line = String::new();
    BufReader::new(server.stdout.take().context("stdout")?).read_line(&mut line)?;
    let addr: SocketAddr = line.trim().rsplit("http://").next().context("address")?.parse()?;
    let next = Arc::new(AtomicU64::new(0));
    let sampler = Sampler::watch(pid);
    let result = (|| -> Result<()> {
        let mut burst = load(addr, &f, &ids, f.burst_secs, None, &next)?;
        println!("{}", burst.line(&format!("burst, {} connections", f.conns), f.burst_secs as f64));

        // The soak, a minute at a time, with the server's RSS at the end of each and its range
        // over it (an unlearning pass holds a snapshot and two models for a moment).
        let mut soak = Tally::default();
        let mut minutes: Vec<(Rss, Sampled)> = Vec::new();
        let mut left = f.soak_secs;
        sampler.swap();
        while left > 0 {
            let secs = left.min(60);
            let mut minute = load(addr, &f, &ids, secs, Some(f.rate), &next)?;
            let now = rss_mib(pid)?;
            let seen = sampler.swap();
            println!(
                "  {}; RSS {:.0} MiB (anonymous {:.0}, files {:.0}; over the minute {:.0}–{:.0}, median {:.0}), {} threads; unlearning workers' peak RSS {:.0} MiB",
                minute.line("soak minute", secs as f64),
                now.total,
                now.anon,
                now.file,
                seen.server_low,
                seen.server_high,
                seen.server_median,
                now.threads,
                seen.workers_high
            );
            for stall in minute.stalls(Duration::from_millis(20)) {
                println!("    waits over 20 ms: {stall}");
            }
            minutes.push((now, seen));
            soak.add(minute);
            left -= secs;
        }
        println!("{}", soak.line(&format!("soak at {}/s, {} connections", f.rate, f.conns), f.soak_secs as f64));
        if let (Some((first, first_seen)), Some((last, last_seen))) = (minutes.first(), minutes.last()) {
            let change =
                |label: &str, a: f64, b: f64| format!("{label} {a:.0} → {b:.0} MiB ({:+.1}%)", (b / a - 1.0) * 100.0);
            println!(
                "{}; the minute's {}, {}, {}",
                change("RSS after the first minute and at the end:", first.total, last.total),
                change("median", first_seen.server_median, last_seen.server_median),
                change("lowest", first_seen.server_low, last_seen.server_low),
                change("highest", first_seen.server_high, last_seen.server_high),
            );
        }
        Ok(())
    })();
    let health = {
        let mut s = TcpStream::connect(addr)?;
        write!(s, "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")?;
        let mut out = String::new();
        s.read_to_string(&mut out)?;
        out.split_once("\r\n\r\n").map(|(_, b)| b.trim().to_string()).unwrap_or_default()
    };
    println!("healthz after the run: {health}");
    sampler.stop.store(true, Ordering::Relaxed);
    server.kill()?;
    server.wait()?;
    result
}
