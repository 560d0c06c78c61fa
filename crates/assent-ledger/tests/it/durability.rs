//! Fail-closed opening, append-only storage, and concurrent writers, on both databases.

use std::sync::Arc;

use assent_ledger::{Change, Database, Error, Ledger, Method};
use assent_policy::{Purpose, Timestamp};

use assent_ledger::scratch::{on_both, Place};

#[test]
fn a_missing_ledger_is_an_error_not_everyone_on() {
    // A file that does not exist; a database without the ledger's tables.
    on_both("ledger.db", |place| {
        let err = Ledger::open(&place.db).unwrap_err();
        assert!(matches!(err, Error::Missing { .. }), "{err}");
        assert!(err.to_string().contains("does not exist"), "{err}");
    });
}

#[test]
fn a_foreign_or_garbage_file_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"this is not a database at all, just some bytes that go on and on".repeat(100)).unwrap();
    assert!(matches!(Ledger::open(&garbage).unwrap_err(), Error::Corrupt { .. }));

    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    let err = Ledger::open(&foreign).unwrap_err();
    assert!(err.to_string().contains("not an Assent consent ledger"), "{err}");
}

/// Runs `sql` on the place's database behind the ledger's back, and returns the error, if any.
fn tamper(place: &Place, sqlite_sql: &str, postgres_sql: &str) -> Option<String> {
    match &place.db {
        Database::Sqlite(path) => {
            rusqlite::Connection::open(path).unwrap().execute_batch(sqlite_sql).err().map(|e| e.to_string())
        }
        Database::Postgres(_) => place
            .admin()
            .batch_execute(postgres_sql)
            .err()
            .map(|e| e.as_db_error().map_or(e.to_string(), |d| d.message().to_string())),
    }
}

#[test]
fn a_newer_schema_is_rejected() {
    on_both("ledger.db", |place| {
        drop(Ledger::create(&place.db).unwrap());
        let failed = tamper(
            place,
            "PRAGMA user_version = 99",
            "UPDATE assent_schema SET version = 99 WHERE component = 'ledger'",
        );
        assert_eq!(failed, None);
        let err = Ledger::open(&place.db).unwrap_err();
        assert!(matches!(err, Error::NewerSchema { found: 99, .. }), "{err}");
    });
}

#[test]
fn a_tampered_event_fails_closed() {
    on_both("ledger.db", |place| {
        drop(Ledger::create(&place.db).unwrap());
        let failed = tamper(
            place,
            "PRAGMA ignore_check_constraints = ON; INSERT INTO consent_events (member_id, purpose, value, recorded_at, method, policy_version) VALUES (1, 'train-everything', 1, 0, 'web', '2025-11-03')",
            "ALTER TABLE consent_events DROP CONSTRAINT consent_events_purpose_check;
             INSERT INTO consent_events (member_id, purpose, value, recorded_at, method, policy_version) VALUES (1, 'train-everything', true, 0, 'web', '2025-11-03')",
        );
        assert_eq!(failed, None);
        let err = Ledger::open(&place.db).unwrap_err();
        assert!(err.to_string().contains("unknown purpose `train-everything`"), "{err}");
    });
}

#[test]
fn events_cannot_be_updated_or_deleted() {
    on_both("ledger.db", |place| {
        let ledger = Ledger::create(&place.db).unwrap();
        ledger.record(Change::now(1, Purpose::TrainGenai, false, Method::Api)).unwrap();
        let refused = |sqlite_sql: &str, postgres_sql: &str| {
            tamper(place, sqlite_sql, postgres_sql).unwrap_or_else(|| panic!("`{postgres_sql}` was allowed"))
        };
        let update = refused("UPDATE consent_events SET value = 1", "UPDATE consent_events SET value = NOT value");
        assert!(update.contains("append-only"), "{update}");
        let delete = refused("DELETE FROM consent_events", "DELETE FROM consent_events");
        assert!(delete.contains("append-only"), "{delete}");
        let policies = refused("DELETE FROM policy_versions", "DELETE FROM policy_versions");
        assert!(policies.contains("never"), "{policies}");
        if place.pg.is_some() {
            // Statement-level triggers: even a statement that matches no row, and TRUNCATE.
            let none = refused("", "DELETE FROM consent_events WHERE member_id = 999");
            assert!(none.contains("append-only"), "{none}");
            let truncate = refused("", "TRUNCATE consent_events, policy_versions");
            assert!(truncate.contains("append-only") || truncate.contains("never"), "{truncate}");
        }
        assert_eq!(ledger.history(1).unwrap().len(), 1);
    });
}

#[test]
fn bad_changes_write_nothing() {
    on_both("ledger.db", bad_changes_write_nothing_on);
}

fn bad_changes_write_nothing_on(place: &Place) {
    let ledger = Ledger::create(&place.db).unwrap();
    let future = Timestamp(Timestamp::now().0 + 3_600_000_000);
    let batch = [
        Change::now(1, Purpose::TrainGenai, false, Method::Api),
        Change::at(2, Purpose::TrainGenai, false, Method::Api, future),
    ];
    assert!(matches!(ledger.record_all(&batch).unwrap_err(), Error::FutureChange(_)));
    assert!(matches!(
        ledger.record(Change::now(0, Purpose::TrainAi, false, Method::Api)).unwrap_err(),
        Error::InvalidMember(0)
    ));
    let mut unknown = Change::now(1, Purpose::TrainAi, false, Method::Api);
    unknown.policy_version = Some("1999".into());
    assert!(ledger.record(unknown).is_err());
    assert!(ledger.history(1).unwrap().is_empty(), "all or nothing");
    assert!(ledger.index().is_empty());
}

#[test]
fn concurrent_writers_in_two_handles_lose_nothing() {
    on_both("ledger.db", concurrent_writers_in_two_handles_lose_nothing_on);
}

fn concurrent_writers_in_two_handles_lose_nothing_on(place: &Place) {
    let a = Arc::new(Ledger::create(&place.db).unwrap());
    let b = Arc::new(Ledger::open(&place.db).unwrap());
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let ledger = if i % 2 == 0 { a.clone() } else { b.clone() };
            std::thread::spawn(move || {
                for j in 0..25 {
                    let member = 1 + i * 100 + j;
                    ledger.record(Change::now(member, Purpose::TrainGenai, j % 2 == 0, Method::Api)).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    a.refresh().unwrap();
    b.refresh().unwrap();
    for ledger in [&a, &b] {
        let index = ledger.index();
        assert_eq!(index.len(), 100);
        for i in 0..4 {
            for j in 0..25 {
                assert_eq!(index.explicit(1 + i * 100 + j, Purpose::TrainGenai), Some(j % 2 == 0));
            }
        }
    }
}

#[test]
fn a_reader_sees_one_instant_and_never_holds_up_writers() {
    on_both("ledger.db", a_reader_sees_one_instant_and_never_holds_up_writers_on);
}

fn a_reader_sees_one_instant_and_never_holds_up_writers_on(place: &Place) {
    let ledger = Ledger::create(&place.db).unwrap();
    let first = ledger.record(Change::now(1, Purpose::TrainGenai, false, Method::Api)).unwrap();
    ledger.record(Change::now(2, Purpose::TrainAi, true, Method::Web)).unwrap();
    let reader = ledger.reader().unwrap();
    assert_eq!(reader.last_seq(), first.seq + 1);
    let mut seen = Vec::new();
    reader
        .events(|e| -> Result<(), Error> {
            // Writes go on while the reader is in the middle of its rows, and do not wait for it.
            let started = std::time::Instant::now();
            ledger.record(Change::now(3, Purpose::TrainGenai, true, Method::Api)).unwrap();
            assert!(started.elapsed() < std::time::Duration::from_secs(5));
            seen.push((e.seq, e.member, e.value));
            Ok(())
        })
        .unwrap();
    assert_eq!(seen, vec![(first.seq, 1, false), (first.seq + 1, 2, true)], "only what was there when it opened");
    assert_eq!(ledger.index().len(), 4);
    // An error from the callback stops the walk and comes back as it was.
    let stopped = ledger.reader().unwrap().events(|_| Err(Error::InvalidMember(-1))).unwrap_err();
    assert!(matches!(stopped, Error::InvalidMember(-1)), "{stopped}");
}

#[test]
fn writers_sharing_a_commit_each_get_their_own_events_durably() {
    on_both("ledger.db", writers_sharing_a_commit_each_get_their_own_events_durably_on);
}

fn writers_sharing_a_commit_each_get_their_own_events_durably_on(place: &Place) {
    let ledger = Arc::new(Ledger::create(&place.db).unwrap());
    let threads: Vec<_> = (0..8i64)
        .map(|i| {
            let ledger = ledger.clone();
            std::thread::spawn(move || {
                (0..100i64)
                    .map(|j| {
                        let member = 1 + i * 1000 + j;
                        let changes = [
                            Change::now(member, Purpose::TrainGenai, false, Method::Api),
                            Change::now(member, Purpose::TrainAi, j % 2 == 0, Method::Api),
                        ];
                        let events = ledger.record_all(&changes).unwrap();
                        // Each caller gets back its own two events, in its order, consecutive.
                        assert_eq!(events.len(), 2);
                        assert!(events.iter().all(|e| e.member == member));
                        assert_eq!((events[0].purpose, events[1].purpose), (Purpose::TrainGenai, Purpose::TrainAi));
                        assert_eq!(events[1].seq, events[0].seq + 1);
                        events[0].seq
                    })
                    .collect::<Vec<i64>>()
            })
        })
        .collect();
    let mut seqs: Vec<i64> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    seqs.sort_unstable();
    seqs.dedup();
    assert_eq!(seqs.len(), 800, "no two callers were given the same events");
    assert_eq!(ledger.index().len(), 1600);
    drop(ledger);
    let reopened = Ledger::open(&place.db).unwrap();
    assert_eq!(reopened.index().len(), 1600, "every acknowledged change is on disk");
    for i in 0..8i64 {
        for j in 0..100i64 {
            let member = 1 + i * 1000 + j;
            assert_eq!(reopened.index().explicit(member, Purpose::TrainGenai), Some(false));
            assert_eq!(reopened.index().explicit(member, Purpose::TrainAi), Some(j % 2 == 0));
        }
    }
}

#[test]
fn checkpoints_from_another_thread_leave_the_log_bounded_while_writes_never_pause() {
    // SQLite's write-ahead log; PostgreSQL checkpoints its own.
    let place = Place::sqlite("ledger.db");
    let Database::Sqlite(path) = &place.db else { unreachable!() };
    let ledger = Arc::new(Ledger::create(path).unwrap());
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let checkpointer = {
        let (ledger, done) = (ledger.clone(), done.clone());
        std::thread::spawn(move || {
            let mut copied = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let c = ledger.checkpoint().unwrap();
                assert!(c.copied <= c.logged, "{c:?}");
                copied += c.copied;
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            copied
        })
    };
    // Several times more pages than the 1 000 after which the log starts again.
    for member in 1..=2500i64 {
        ledger.record(Change::now(member * 7919 % 100_000 + 1, Purpose::TrainGenai, false, Method::Api)).unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(checkpointer.join().unwrap() > 0, "the other thread copied pages");
    let log = std::fs::metadata(path.with_extension("db-wal")).unwrap().len();
    assert!(log < 6 << 20, "the log grew to {log} bytes instead of starting again");
    drop(ledger);
    assert_eq!(Ledger::open(path).unwrap().index().len(), 2500, "every change is in the database");
}

#[test]
fn a_reader_walks_many_chunks_as_of_its_instant_and_holds_back_no_checkpoint() {
    on_both("ledger.db", a_reader_walks_many_chunks_as_of_its_instant_and_holds_back_no_checkpoint_on);
}

fn a_reader_walks_many_chunks_as_of_its_instant_and_holds_back_no_checkpoint_on(place: &Place) {
    let ledger = Ledger::create(&place.db).unwrap();
    for batch in 0..10i64 {
        let changes: Vec<Change> =
            (1..=1000).map(|m| Change::now(batch * 1000 + m, Purpose::TrainGenai, m % 2 == 0, Method::Api)).collect();
        ledger.record_all(&changes).unwrap();
    }
    let reader = ledger.reader().unwrap();
    assert_eq!(reader.last_seq(), 10_000);
    let mut seqs = Vec::new();
    reader
        .events(|e| -> Result<(), Error> {
            if e.seq % 1000 == 0 {
                ledger.record(Change::now(e.member, Purpose::TrainAi, true, Method::Api)).unwrap();
            }
            seqs.push(e.seq);
            Ok(())
        })
        .unwrap();
    assert_eq!(seqs, (1..=10_000).collect::<Vec<i64>>(), "each event of its instant once, in order, and no other");
    assert_eq!(ledger.index().len(), 10_010);
    // An open reader holds nothing back: everything logged can be copied into the database.
    for member in 1..=1200i64 {
        ledger.record(Change::now(member, Purpose::TrainAi, false, Method::Api)).unwrap();
    }
    let c = ledger.checkpoint().unwrap();
    assert_eq!(c.copied, c.logged, "{c:?}");
    drop(reader);
}
