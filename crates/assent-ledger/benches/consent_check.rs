//! Consent checks per second: the in-memory index against an indexed SQLite point query,
//! on 1 million members of whom 10% turned `train-genai` off.
//!
//! Run: `cargo bench -p assent-ledger --bench consent_check`

use std::hint::black_box;

use assent_ledger::{Change, Ledger, Method};
use assent_policy::{Purpose, Timestamp};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

const MEMBERS: i64 = 1_000_000;

fn ledger() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::create(dir.path().join("ledger.db")).unwrap();
    let t = Timestamp::parse_rfc3339("2025-11-10T00:00:00Z").unwrap();
    // Every tenth member opts out, spread over the id space.
    let changes: Vec<_> = (1..=MEMBERS)
        .filter(|m| m % 10 == 3)
        .map(|m| Change::at(m, Purpose::TrainGenai, false, Method::Import, t))
        .collect();
    ledger.record_all(&changes).unwrap();
    (dir, ledger)
}

fn bench(c: &mut Criterion) {
    let (_dir, ledger) = ledger();
    let mut group = c.benchmark_group("consent_check");

    const BATCH: i64 = 1 << 16;
    group.throughput(Throughput::Elements(BATCH as u64));
    group.bench_function("index", |b| {
        let mut start = 1;
        b.iter(|| {
            let index = ledger.index();
            let mut off = 0u32;
            for m in start..start + BATCH {
                off += u32::from(index.explicit(black_box(m), Purpose::TrainGenai) == Some(false));
            }
            start = (start + BATCH) % (MEMBERS - BATCH) + 1;
            black_box(off)
        })
    });

    // Members in a scattered order (a multiplicative hash of the position), as a join would probe.
    let scattered: Vec<i64> = (0..BATCH).map(|i| (i * 2_654_435_761) % MEMBERS + 1).collect();
    group.bench_function("index_scattered", |b| {
        b.iter(|| {
            let index = ledger.index();
            let mut off = 0u32;
            for &m in &scattered {
                off += u32::from(index.explicit(black_box(m), Purpose::TrainGenai) == Some(false));
            }
            black_box(off)
        })
    });

    const SQL_BATCH: i64 = 1 << 10;
    group.throughput(Throughput::Elements(SQL_BATCH as u64));
    group.bench_function("sqlite_point_query", |b| {
        let mut start = 1;
        b.iter_batched(
            || (),
            |()| {
                let mut off = 0u32;
                for m in start..start + SQL_BATCH {
                    let e = ledger.sql_latest_event(black_box(m), Purpose::TrainGenai, None).unwrap();
                    off += u32::from(e.is_some_and(|e| !e.value));
                }
                start = (start + SQL_BATCH * 97) % (MEMBERS - SQL_BATCH) + 1;
                black_box(off)
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();

    // Both paths must agree, or the figures mean nothing.
    let index = ledger.index();
    for m in (1..=MEMBERS).step_by(997) {
        let sql = ledger.sql_latest_event(m, Purpose::TrainGenai, None).unwrap().map(|e| e.value);
        assert_eq!(index.explicit(m, Purpose::TrainGenai), sql, "member {m}");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
