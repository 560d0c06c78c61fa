//! `bench-replicas`: durable AI-data settings writes over HTTP (`PUT /api/v1/me/settings/ai-data`)
//! measured with wrk, on SQLite (one server), on PostgreSQL with one replica and with two (the
//! connections split between them, as a load balancer would), and `GET /healthz` on the same
//! server as the ceiling. Each member rotates through its writes (half turn the setting OFF, half
//! back ON), well under the per-member limit. After each run the ledger is reopened and must
//! hold at least every acknowledged change.
//!
//! `cargo build --release -p assent-cli -p xtask && target/release/xtask bench-replicas
//! [--members 10000] [--secs 20] [--conns 8]`: each PostgreSQL run uses a fresh database on the
//! server of `ASSENT_TEST_DATABASE_URL` (default the local one), dropped after. Needs `wrk`
//! (Debian's package).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{bail, ensure, Context, Result};
use assent_ledger::scratch::ScratchDatabase;
use assent_ledger::{Database, Ledger};
use assent_store::Store;

use crate::bench_export::assent_binary;

struct Flags {
    members: u32,
    secs: u64,
    conns: usize,
    work: PathBuf,
}

fn flags(args: &[String]) -> Result<Flags> {
    let mut f = Flags { members: 10_000, secs: 20, conns: 8, work: PathBuf::from("target/bench-replicas") };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--members" => f.members = value.parse()?,
            "--secs" => f.secs = value.parse()?,
            "--conns" => f.conns = value.parse()?,
            "--work" => f.work = PathBuf::from(value),
            other => bail!("unknown flag {other}"),
        }
    }
    ensure!(f.members > 0 && f.secs > 0 && f.conns >= 2, "--members and --secs must be positive, --conns at least 2");
    Ok(f)
}

/// The wrk script: each request a PUT for the next member of this thread's share, alternating
/// OFF and ON per round; the member ids come from the file named by `BENCH_MEMBERS`.
const SCRIPT: &str = r#"
local ids = {}
for line in io.lines(os.getenv("BENCH_MEMBERS")) do ids[#ids + 1] = line end
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local n = 0
request = function()
  n = n + 1
  local i = (n * 2 + tid) % #ids + 1
  local value = (math.floor(n * 2 / #ids) % 2 == 0) and "false" or "true"
  local body = '{"train_genai":' .. value .. '}'
  return wrk.format("PUT", "/api/v1/me/settings/ai-data",
    { ["Authorization"] = "Bearer bench-" .. ids[i], ["Content-Type"] = "application/json" }, body)
end
"#;

/// What wrk reported.
#[derive(Debug, Default)]
struct Wrk {
    requests: u64,
    non_2xx: u64,
    errors: u64,
    rate: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn millis(s: &str) -> Result<f64> {
    let (n, unit) = s.split_at(s.find(|c: char| c.is_ascii_alphabetic()).context("a unit")?);
    let n: f64 = n.parse()?;
    Ok(match unit {
        "us" => n / 1e3,
        "ms" => n,
        "s" => n * 1e3,
        "m" => n * 60e3,
        other => bail!("unknown unit {other}"),
    })
}

fn wrk(addr: SocketAddr, conns: usize, secs: u64, script: Option<&Path>, members: &Path) -> Result<Wrk> {
    let mut cmd = Command::new("wrk");
    cmd.args(["-t", &conns.min(2).to_string(), "-c", &conns.to_string(), "-d", &format!("{secs}s"), "--latency"]);
    if let Some(s) = script {
        cmd.arg("-s").arg(s);
    }
    let path = if script.is_some() { "/" } else { "/healthz" };
    let out = cmd
        .arg(format!("http://{addr}{path}"))
        .env("BENCH_MEMBERS", members)
        .output()
        .context("running wrk (apt-get install wrk)")?;
    ensure!(out.status.success(), "wrk failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut w = Wrk::default();
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["50%", v] => w.p50_ms = millis(v)?,
            ["99%", v] => w.p99_ms = millis(v)?,
            [n, "requests", "in", ..] => w.requests = n.parse()?,
            ["Requests/sec:", v] => w.rate = v.parse()?,
            ["Non-2xx", "or", "3xx", "responses:", n] => w.non_2xx = n.parse()?,
            ["Socket", "errors:", rest @ ..] => {
                w.errors = rest.iter().filter_map(|x| x.trim_end_matches(',').parse::<u64>().ok()).sum();
            }
            _ => {}
        }
    }
    ensure!(w.requests > 0, "no request in wrk's report:\n{text}");
    Ok(w)
}

fn serve(assent: &Path, data: &Path, database: Option<&str>) -> Result<(Child, SocketAddr)> {
    let mut cmd = Command::new(assent);
    cmd.args(["serve", "--addr", "127.0.0.1:0", "--data-dir"]).arg(data);
    if let Some(url) = database {
        cmd.args(["--database", url]);
    }
    let mut child = cmd.env("RUST_LOG", "warn").stdout(Stdio::piped()).stderr(Stdio::inherit()).spawn()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("stdout")?).read_line(&mut line)?;
    let addr = line.trim().rsplit("http://").next().context("address")?.parse()?;
    Ok((child, addr))
}

/// Seeds `members` into the network at `common` (`--data-dir` and maybe `--database`) and gives
/// every open account a session with token `bench-<id>`; writes their ids, one a line, to a file.
fn prepare(assent: &Path, data: &Path, database: Option<&str>, f: &Flags) -> Result<PathBuf> {
    let mut seed = Command::new(assent);
    seed.args(["seed", "--members", &f.members.to_string(), "--seed", "11", "--data-dir"]).arg(data);
    if let Some(url) = database {
        seed.args(["--database", url]);
    }
    let out = seed.output()?;
    ensure!(out.status.success(), "seeding failed: {}", String::from_utf8_lossy(&out.stderr));
    let store = Store::open(store_db(data, database)?)?;
    let far = assent_policy::Timestamp::now().0 + 24 * 3600 * 1_000_000;
    let mut open = Vec::new();
    let mut after = 0;
    loop {
        let page = store.members(after, 5_000)?;
        let Some(last) = page.last() else { break };
        after = last.id;
        open.extend(page.iter().map(|m| m.id));
    }
    store.with_transaction(|tx| {
        for &m in &open {
            tx.execute(
                "INSERT INTO sessions (token_hash, member_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
                assent_store::args![assent_store::auth::token_hash(&format!("bench-{m}")), m, 0i64, far],
            )?;
        }
        Ok(())
    })?;
    let ids = data.join("members.txt");
    std::fs::write(&ids, open.iter().map(|m| format!("{m}\n")).collect::<String>())?;
    Ok(ids)
}

fn store_db(data: &Path, database: Option<&str>) -> Result<Database> {
    Ok(match database {
        Some(url) => Database::from_url(url)?,
        None => Database::Sqlite(data.join("network.db")),
    })
}

fn ledger_db(data: &Path, database: Option<&str>) -> Result<Database> {
    Ok(match database {
        Some(url) => Database::from_url(url)?,
        None => Database::Sqlite(data.join("ledger.db")),
    })
}

/// One configuration: `replicas` servers on the network, the connections split between them.
fn measure(assent: &Path, label: &str, database: Option<&str>, replicas: usize, f: &Flags) -> Result<()> {
    let data = f.work.join(label.replace(' ', "-"));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;
    let members = prepare(assent, &data, database, f)?;
    let script = data.join("settings.lua");
    std::fs::write(&script, SCRIPT)?;
    let before = Ledger::open(ledger_db(&data, database)?)?.index().len();
    let servers: Vec<(Child, SocketAddr)> =
        (0..replicas).map(|_| serve(assent, &data, database)).collect::<Result<_>>()?;
    let result = (|| -> Result<()> {
        let conns = f.conns / replicas;
        let runs: Vec<_> = servers
            .iter()
            .map(|(_, addr)| {
                let (addr, script, members, secs) = (*addr, script.clone(), members.clone(), f.secs);
                std::thread::spawn(move || wrk(addr, conns, secs, Some(&script), &members))
            })
            .collect();
        let mut all = Wrk::default();
        for run in runs {
            let w = run.join().map_err(|_| anyhow::anyhow!("wrk thread panicked"))??;
            all.requests += w.requests;
            all.non_2xx += w.non_2xx;
            all.errors += w.errors;
            all.rate += w.rate;
            all.p50_ms = all.p50_ms.max(w.p50_ms);
            all.p99_ms = all.p99_ms.max(w.p99_ms);
        }
        let ceiling = wrk(servers[0].1, f.conns, f.secs.min(10), None, &members)?;
        let after = Ledger::open(ledger_db(&data, database)?)?.index().len();
        let acknowledged = all.requests - all.non_2xx - all.errors;
        ensure!(
            after - before >= acknowledged as usize,
            "{label}: {acknowledged} acknowledged, {} in the ledger",
            after - before
        );
        println!(
            "{label}: {:.0} durable writes/s ({} connections, {} s); p50 {:.2} ms, p99 {:.2} ms{}; {} acknowledged, {} in the ledger, non-2xx {}, socket errors {}; GET /healthz {:.0}/s (p99 {:.2} ms)",
            all.rate,
            f.conns,
            f.secs,
            all.p50_ms,
            all.p99_ms,
            if replicas > 1 { " (the worse replica's)" } else { "" },
            acknowledged,
            after - before,
            all.non_2xx,
            all.errors,
            ceiling.rate,
            ceiling.p99_ms
        );
        Ok(())
    })();
    for (mut s, _) in servers {
        let _ = s.kill();
        let _ = s.wait();
    }
    result
}

pub fn run(args: &[String]) -> Result<()> {
    let f = flags(args)?;
    let assent = assent_binary()?;
    measure(&assent, "SQLite", None, 1, &f)?;
    for replicas in [1, 2] {
        let scratch = ScratchDatabase::new();
        let url = scratch.url().secret().to_string();
        measure(
            &assent,
            &format!("PostgreSQL {replicas} replica{}", if replicas == 1 { "" } else { "s" }),
            Some(&url),
            replicas,
            &f,
        )?;
    }
    Ok(())
}
