//! `xtask`: benchmarks that need more than criterion (other engines, big seeded networks).
//!
//! `cargo build --release -p assent-cli -p xtask && target/release/xtask bench-export [--members N]
//! [--threads T]` seeds a large
//! network, snapshots it, then times on the same lake with the same threads: (a) `assent export`,
//! (b) DuckDB running the same rule as SQL and writing the same partitioned Parquet, (c) a plain
//! Parquet→Parquet copy of the items table with the same codec (DataFusion). It checks that (a)
//! and (b) export the same item ids and prints items/s and the ratios.

mod bench_export;
mod bench_replicas;
mod bench_report;
mod bench_settings;
mod bench_unlearn;

use anyhow::{bail, Result};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("bench-export") => bench_export::run(&args[1..]),
        Some("bench-unlearn") => bench_unlearn::run(&args[1..]),
        Some("bench-report") => bench_report::run(&args[1..]),
        Some("bench-settings") => bench_settings::run(&args[1..]),
        Some("bench-replicas") => bench_replicas::run(&args[1..]),
        _ => {
            eprintln!("usage (after `cargo build --release -p assent-cli -p xtask`):");
            eprintln!("  target/release/xtask bench-export [--members N] [--seed S] [--threads T] [--work DIR]");
            eprintln!("  target/release/xtask bench-unlearn [--members N] [--runs R] [--work DIR]");
            eprintln!("  target/release/xtask bench-report [--members N] [--releases R] [--datasets D] [--views V] [--work DIR]");
            eprintln!("  target/release/xtask bench-replicas [--members N] [--secs S] [--conns C]");
            eprintln!("  target/release/xtask bench-settings [--members N] [--events E] [--rate R] [--conns C] [--burst-secs S] [--soak-secs S] [--work DIR]");
            bail!("unknown or missing task")
        }
    }
}
