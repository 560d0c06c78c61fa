//! Durable consent changes straight into the ledger (no HTTP), from `--writers`
//! threads for `--secs` seconds each, on SQLite and on PostgreSQL side by side. Every writer
//! records one change at a time and waits for it to be durable (closed loop), so the figure is
//! what the group commit of each database gives. Prints writes/s, p50, p99 and max, then
//! reopens the ledger and checks that every acknowledged change is there.
//!
//! `cargo bench -p assent-ledger --bench durable_writes -- [--writers 8] [--secs 20]
//! [--members 10000] [--postgres URL]`: without `--postgres`, the PostgreSQL run uses a fresh
//! database on the server of `ASSENT_TEST_DATABASE_URL` (default the local one), dropped
//! afterwards.

use std::sync::Arc;
use std::time::{Duration, Instant};

use assent_ledger::scratch::ScratchDatabase;
use assent_ledger::{Change, Database, Ledger, Method};
use assent_policy::Purpose;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn fail<T>(msg: String) -> Result<T> {
    Err(msg.into())
}

struct Flags {
    writers: usize,
    secs: u64,
    members: i64,
    postgres: Option<String>,
}

fn flags(args: &[String]) -> Result<Flags> {
    let mut f = Flags { writers: 8, secs: 20, members: 10_000, postgres: None };
    // `cargo bench` passes `--bench` first.
    let mut it = args.iter().filter(|a| *a != "--bench");
    while let Some(flag) = it.next() {
        let Some(value) = it.next() else { return fail(format!("{flag} needs a value")) };
        match flag.as_str() {
            "--writers" => f.writers = value.parse()?,
            "--secs" => f.secs = value.parse()?,
            "--members" => f.members = value.parse()?,
            "--postgres" => f.postgres = Some(value.clone()),
            other => return fail(format!("unknown flag {other}")),
        }
    }
    if f.writers == 0 || f.secs == 0 || f.members == 0 {
        return fail("--writers, --secs and --members must be positive".into());
    }
    Ok(f)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let f = flags(&args)?;
    let dir = tempfile_dir()?;
    let sqlite = Database::Sqlite(dir.join("ledger.db"));
    measure("SQLite", &sqlite, &f)?;
    let scratch;
    let postgres = match &f.postgres {
        Some(url) => Database::from_url(url)?,
        None => {
            scratch = ScratchDatabase::new();
            Database::Postgres(scratch.url().clone())
        }
    };
    measure("PostgreSQL", &postgres, &f)?;
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("assent-bench-ledger-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn measure(label: &str, db: &Database, f: &Flags) -> Result<()> {
    let ledger = Arc::new(Ledger::create(db).map_err(|e| format!("creating a ledger in {db}: {e}"))?);
    let deadline = Instant::now() + Duration::from_secs(f.secs);
    let started = Instant::now();
    let writers: Vec<_> = (0..f.writers)
        .map(|w| {
            let (ledger, members, writers) = (ledger.clone(), f.members, f.writers as i64);
            std::thread::spawn(move || -> Result<Vec<Duration>> {
                let mut took = Vec::new();
                let mut n = 0i64;
                while Instant::now() < deadline {
                    // Each writer has its own members; every other change of a member is an OFF.
                    let member = 1 + (w as i64 + n * writers) % members;
                    let t = Instant::now();
                    ledger.record(Change::now(member, Purpose::TrainGenai, (n / members) % 2 == 1, Method::Api))?;
                    took.push(t.elapsed());
                    n += 1;
                }
                Ok(took)
            })
        })
        .collect();
    let mut took = Vec::new();
    for w in writers {
        took.extend(w.join().map_err(|_| "a writer panicked")??);
    }
    let secs = started.elapsed().as_secs_f64();
    took.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |p: f64| ms(took[((took.len() - 1) as f64 * p).round() as usize]);
    println!(
        "{label}: {} writers, {:.0} durable writes/s over {secs:.1} s; p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        f.writers,
        took.len() as f64 / secs,
        at(0.5),
        at(0.99),
        ms(*took.last().ok_or("no write finished")?)
    );
    drop(ledger);
    let reopened = Ledger::open(db)?;
    let kept = reopened.index().len();
    if kept != took.len() {
        return fail(format!("{label}: {} changes acknowledged, {kept} in the reopened ledger", took.len()));
    }
    println!("{label}: all {kept} acknowledged changes are in the reopened ledger");
    Ok(())
}
