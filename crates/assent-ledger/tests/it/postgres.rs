//! What only the PostgreSQL ledger has to prove: several servers on one database (sequence
//! numbers in commit order), and an application role that can append but never rewrite.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use assent_ledger::{Change, Database, Error, Ledger, Method, WRITER_ROLE};
use assent_policy::Purpose;

use assent_ledger::scratch::Place;

#[test]
fn a_reader_never_sees_an_event_before_one_numbered_below_it() {
    // Two handles stand for two servers; each writes from two threads. Whatever a reader sees at
    // any moment must be a prefix of what is finally there: PostgreSQL hands out sequence values
    // at insert time, so without the writers' lock a later number could commit first, and a
    // reader (or an index catching up) would skip the earlier one for good.
    let place = Place::postgres();
    let a = Arc::new(Ledger::create(&place.db).unwrap());
    let b = Arc::new(Ledger::open(&place.db).unwrap());
    let done = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4i64)
        .map(|i| {
            let ledger = if i % 2 == 0 { a.clone() } else { b.clone() };
            std::thread::spawn(move || {
                for j in 0..150 {
                    ledger.record(Change::now(1 + i * 1000 + j, Purpose::TrainGenai, j % 3 == 0, Method::Api)).unwrap();
                }
            })
        })
        .collect();
    let watcher = {
        let (ledger, done) = (Ledger::open(&place.db).unwrap(), done.clone());
        std::thread::spawn(move || {
            let mut views = Vec::new();
            while !done.load(Ordering::Relaxed) {
                let reader = ledger.reader().unwrap();
                let mut seen = Vec::new();
                reader
                    .events(|e| -> Result<(), Error> {
                        seen.push(e.seq);
                        Ok(())
                    })
                    .unwrap();
                views.push((reader.last_seq(), seen));
            }
            views
        })
    };
    for w in writers {
        w.join().unwrap();
    }
    done.store(true, Ordering::Relaxed);
    let views = watcher.join().unwrap();
    let all: Vec<i64> = {
        let mut seen = Vec::new();
        a.reader()
            .unwrap()
            .events(|e| -> Result<(), Error> {
                seen.push(e.seq);
                Ok(())
            })
            .unwrap();
        seen
    };
    assert_eq!(all.len(), 600);
    assert!(views.len() > 2, "the reader looked while writes went on ({} looks)", views.len());
    for (last_seq, seen) in views {
        let expected: Vec<i64> = all.iter().copied().filter(|&s| s <= last_seq).collect();
        assert_eq!(seen, expected, "a view as of {last_seq} missed events that committed later");
    }
    // Each handle's index, caught up, holds all of them.
    for ledger in [&a, &b] {
        ledger.refresh().unwrap();
        assert_eq!(ledger.index().len(), 600);
    }
}

#[test]
fn the_application_role_appends_but_can_neither_rewrite_nor_drop_the_guard() {
    let mut place = Place::postgres();
    drop(Ledger::create(&place.db).unwrap());
    let pg = place.pg.as_mut().unwrap();
    let app = pg.login_role("app", WRITER_ROLE);
    let ledger = Ledger::open(Database::Postgres(app.clone())).unwrap();
    let event = ledger.record(Change::now(5, Purpose::TrainAi, false, Method::Web)).unwrap();
    assert_eq!(ledger.history(5).unwrap(), vec![event]);
    let mut client = postgres::Client::connect(app.secret(), postgres::NoTls).unwrap();
    for sql in [
        "UPDATE consent_events SET value = true",
        "DELETE FROM consent_events",
        "TRUNCATE consent_events",
        "DROP TRIGGER consent_events_append_only ON consent_events",
        "ALTER TABLE consent_events DISABLE TRIGGER ALL",
        "UPDATE policy_versions SET source = ''",
        "UPDATE assent_schema SET version = 1",
    ] {
        let err = client.batch_execute(sql).expect_err(sql);
        let msg = err.as_db_error().map(|d| d.message().to_string()).unwrap_or_default();
        assert!(msg.contains("permission denied") || msg.contains("must be owner"), "{sql}: {msg}");
    }
    assert_eq!(ledger.history(5).unwrap().len(), 1);
}

#[test]
fn creating_twice_or_opening_elsewhere_is_refused_with_the_reason() {
    let place = Place::postgres();
    drop(Ledger::create(&place.db).unwrap());
    let again = Ledger::create(&place.db).unwrap_err().to_string();
    assert!(again.contains("refusing to create a ledger where one exists"), "{again}");
    let Database::Postgres(url) = &place.db else { unreachable!() };
    let nowhere = url.with_database("assent_no_such_database");
    let err = Ledger::open(Database::Postgres(nowhere)).unwrap_err();
    assert!(matches!(err, Error::Unreachable { .. }), "{err}");
    assert!(err.to_string().contains("assent_no_such_database"), "{err}");
}

#[test]
fn one_process_leads_a_role_until_it_lets_go_or_dies() {
    assent_ledger::scratch::on_both("ledger.db", |place| {
        let a = Ledger::create(&place.db).unwrap();
        let b = Ledger::open(&place.db).unwrap();
        let led = a.lead("unlearner").unwrap().expect("the first to ask leads");
        assert!(b.lead("unlearner").unwrap().is_none(), "only one leads");
        assert!(a.lead("unlearner").unwrap().is_none(), "not twice, even from the same handle");
        assert!(b.lead("another role").unwrap().is_some(), "roles are independent");
        drop(led);
        assert!(b.lead("unlearner").unwrap().is_some(), "let go, another takes over");
    });
}

#[test]
fn a_scratch_database_and_its_roles_are_gone_once_dropped() {
    let mut scratch = assent_ledger::scratch::ScratchDatabase::new();
    let name = scratch.name().to_string();
    scratch.login_role("app", WRITER_ROLE);
    let mut admin = postgres::Client::connect(assent_ledger::scratch::admin_url().secret(), postgres::NoTls).unwrap();
    let count =
        |admin: &mut postgres::Client, sql: &str, name: &str| -> i64 { admin.query_one(sql, &[&name]).unwrap().get(0) };
    let databases = "SELECT count(*) FROM pg_database WHERE datname = $1";
    let roles = "SELECT count(*) FROM pg_roles WHERE rolname = $1";
    assert_eq!(count(&mut admin, databases, &name), 1);
    assert_eq!(count(&mut admin, roles, &format!("{name}_app")), 1);
    drop(scratch);
    assert_eq!(count(&mut admin, databases, &name), 0, "the database is dropped");
    assert_eq!(count(&mut admin, roles, &format!("{name}_app")), 0, "its roles too");
}
