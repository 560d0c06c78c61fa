//! Loads a synthetic network into a new store and ledger, as `assent seed` does, and reports the
//! members per minute of each tenth of the load, to show whether inserts slow down as the
//! database grows.
//!
//! `cargo run --release -p assent-store --example load -- MEMBERS DIR`

use std::time::Instant;

use assent_ledger::Ledger;
use assent_policy::Timestamp;
use assent_store::Store;
use assent_synth::{Config, Synth};

fn main() {
    let mut args = std::env::args().skip(1);
    let members: u32 = args.next().map_or(100_000, |a| a.parse().expect("MEMBERS is a number"));
    let dir = std::path::PathBuf::from(args.next().expect("DIR: an empty or absent directory"));
    std::fs::create_dir_all(&dir).expect("create DIR");
    let ledger = Ledger::create_with_policy(dir.join("ledger.db"), "seed policy", assent_policy::SEED_POLICY)
        .expect("new ledger");
    let store = Store::create(dir.join("store.db")).expect("new store");
    let now = Timestamp::parse_rfc3339("2026-11-29T00:00:00Z").expect("valid");
    let synth = Synth::new(&Config { members, seed: 1, canaries: 0, now });
    let started = Instant::now();
    let (mut mark, mut at, mut cpu_at) = (0u32, started, cpu_secs());
    let report = store
        .load_synthetic(&ledger, &synth, |done| {
            if done >= mark + members / 10 || done == members {
                let wall = at.elapsed().as_secs_f64();
                let cpu = cpu_secs() - cpu_at;
                let per_min = f64::from(done - mark) / wall * 60.0;
                eprintln!(
                    "{done:>9} members: {per_min:>9.0} members/min over the last {} ({wall:.1} s, CPU {cpu:.1} s)",
                    done - mark
                );
                (mark, at, cpu_at) = (done, Instant::now(), cpu_secs());
            }
        })
        .expect("load");
    let secs = started.elapsed().as_secs_f64();
    println!("{report:?} in {secs:.1} s: {:.0} members/min", f64::from(members) / secs * 60.0);
}

/// This process's CPU time (user and system), from /proc.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
    (ticks(11) + ticks(12)) / 100.0
}
