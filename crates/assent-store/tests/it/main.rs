//! Integration tests of the network store, each on both databases where both apply.

use assent_ledger::scratch::{on_both, Place};
use assent_ledger::Database;
use assent_policy::{Kind, Timestamp, Visibility};
use assent_store::{Error, NewMember, Store};

/// Runs `test` on a new store in SQLite, then in PostgreSQL.
fn on_both_stores(mut test: impl FnMut(&Place, Store)) {
    on_both("network.db", |place| test(place, Store::create(&place.db).unwrap()));
}

fn new_member(email: &str) -> NewMember {
    NewMember {
        name: "Maria Keller".into(),
        email: email.into(),
        password: "a long enough password".into(),
        region: "DE".into(),
        birth_date: "1988-02-03".into(),
        language: None,
    }
}

#[test]
fn a_member_keeps_the_language_they_chose() {
    on_both_stores(|_, store| a_member_keeps_the_language_they_chose_in(store));
}

fn a_member_keeps_the_language_they_chose_in(store: Store) {
    let now = Timestamp::now();
    let m =
        store.create_member(&NewMember { language: Some("fr".into()), ..new_member("fr@example.com") }, now).unwrap();
    assert_eq!(store.member(m.id).unwrap().unwrap().language.as_deref(), Some("fr"));
    store.set_language(m.id, Some("en-GB")).unwrap();
    assert_eq!(store.member(m.id).unwrap().unwrap().language.as_deref(), Some("en-GB"));
    store.set_language(m.id, None).unwrap();
    assert_eq!(store.member(m.id).unwrap().unwrap().language, None);
    for bad in ["", "French", "f", "fr_FR", "fr-", "<script>"] {
        let err = store.set_language(m.id, Some(bad)).unwrap_err();
        assert!(matches!(err, Error::Invalid { field: "language", .. }), "{bad}: {err}");
    }
    let err = store.create_member(&NewMember { language: Some("xx yy".into()), ..new_member("x@example.com") }, now);
    assert!(matches!(err, Err(Error::Invalid { field: "language", .. })));
    assert_eq!(store.set_language(9_999, Some("fr")).unwrap_err().to_string(), "member not found");
}

#[test]
fn sign_up_validates_every_field_and_writes_nothing_on_error() {
    on_both_stores(|_, store| sign_up_validates_every_field_and_writes_nothing_on_error_in(store));
}

fn sign_up_validates_every_field_and_writes_nothing_on_error_in(store: Store) {
    let now = Timestamp::now();
    type Case = (fn(&mut NewMember), &'static str);
    let cases: Vec<Case> = vec![
        (|m| m.name = "   ".into(), "name: must not be empty"),
        (|m| m.name = "x".repeat(101), "name: is 101 characters long"),
        (|m| m.email = "not-an-email".into(), "email: `not-an-email` is not an e-mail address"),
        (|m| m.password = "short".into(), "password: must be 8 to 128"),
        (|m| m.region = "XX".into(), "region: `XX` is not an ISO 3166-1"),
        (|m| m.birth_date = "2999-01-01".into(), "birth_date: 2999-01-01 is in the future"),
        (|m| m.birth_date = "01/02/1990".into(), "birth_date: `01/02/1990` is not a date"),
        (|m| m.birth_date = "2020-01-01".into(), "at least 16"),
    ];
    for (mutate, expected) in cases {
        let mut m = new_member("maria@example.com");
        mutate(&mut m);
        let err = store.create_member(&m, now).unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{err}");
        assert!(err.to_string().contains(expected), "`{err}` should contain `{expected}`");
    }
    assert!(store.is_empty().unwrap());
    let m = store.create_member(&new_member("Maria@Example.com"), now).unwrap();
    assert_eq!(m.email, "maria@example.com");
    assert_eq!(m.handle, format!("maria-keller-{}", m.id));
    let dup = store.create_member(&new_member("maria@EXAMPLE.com"), now).unwrap_err();
    assert!(matches!(dup, Error::Conflict { field: "email", .. }), "{dup}");
}

#[test]
fn login_sessions_and_logout() {
    on_both_stores(|_, store| login_sessions_and_logout_in(store));
}

fn login_sessions_and_logout_in(store: Store) {
    let now = Timestamp::now();
    let m = store.create_member(&new_member("a@example.com"), now).unwrap();
    assert!(store.login("a@example.com", "wrong password", now).unwrap().is_none());
    assert!(store.login("nobody@example.com", "a long enough password", now).unwrap().is_none());
    let (token, expires) = store.login("A@example.com", "a long enough password", now).unwrap().unwrap();
    assert_eq!(store.session_member(&token, now).unwrap(), Some(m.id));
    assert_eq!(store.session_member(&token, expires).unwrap(), None, "expired");
    assert_eq!(store.session_member("forged", now).unwrap(), None);
    store.logout(&token).unwrap();
    assert_eq!(store.session_member(&token, now).unwrap(), None);
}

/// Whether `needle` occurs anywhere in the database's files: SQLite's main file and write-ahead
/// log; on PostgreSQL, every page of the tables that hold member text and of their TOAST tables,
/// read raw (`pageinspect`), dead row versions included.
fn on_disk(place: &Place, needle: &str) -> bool {
    let Some(dir) = place.dir() else {
        let mut admin = place.admin();
        admin.batch_execute("CREATE EXTENSION IF NOT EXISTS pageinspect").unwrap();
        let found: i64 = admin
            .query_one(
                "WITH rels AS (
                     SELECT c.oid FROM pg_class c WHERE c.relname IN ('members', 'items', 'experience', 'messages')
                     UNION SELECT c.reltoastrelid FROM pg_class c
                     WHERE c.relname IN ('members', 'items', 'experience', 'messages') AND c.reltoastrelid <> 0
                 )
                 SELECT count(*) FROM rels, generate_series(0, pg_relation_size(rels.oid) / 8192 - 1) AS page
                 WHERE position(convert_to($1, 'UTF8') IN get_raw_page(rels.oid::regclass::text, page::int)) > 0",
                &[&needle],
            )
            .unwrap()
            .get(0);
        return found > 0;
    };
    std::fs::read_dir(dir).unwrap().any(|f| {
        let bytes = std::fs::read(f.unwrap().path()).unwrap();
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    })
}

#[test]
fn deleting_an_item_erases_its_text_from_the_files() {
    on_both_stores(deleting_an_item_erases_its_text_from_the_files_in);
}

fn deleting_an_item_erases_its_text_from_the_files_in(place: &Place, store: Store) {
    let now = Timestamp::now();
    let m = store.create_member(&new_member("a@example.com"), now).unwrap();
    let other = store.create_member(&new_member("b@example.com"), now).unwrap();
    let secret = "zebra-quokka-7731 is my unique phrase";
    let id = store.create_post(m.id, Kind::Post, secret, Visibility::Public, None, now).unwrap();
    assert!(on_disk(place, secret), "the probe finds text that is there");
    assert!(matches!(store.delete_item(other.id, id, now).unwrap_err(), Error::Forbidden(_)));
    store.delete_item(m.id, id, now).unwrap();
    let item = store.item(id).unwrap().unwrap();
    assert_eq!((item.text, item.deleted_at), (None, Some(now)));
    assert!(!on_disk(place, secret), "erased text must not remain in the database files");
    assert!(matches!(store.delete_item(m.id, id, now).unwrap_err(), Error::NotFound(_)));
}

#[test]
fn closing_an_account_erases_everything_it_wrote() {
    on_both_stores(closing_an_account_erases_everything_it_wrote_in);
}

fn closing_an_account_erases_everything_it_wrote_in(place: &Place, store: Store) {
    let now = Timestamp::now();
    let m = store.create_member(&new_member("a@example.com"), now).unwrap();
    let b = store.create_member(&new_member("b@example.com"), now).unwrap();
    store.set_profile_field(m.id, Kind::ProfileAbout, "About walrus-8812", Visibility::Public, now).unwrap();
    store.create_post(m.id, Kind::Post, "Post walrus-8813", Visibility::Public, None, now).unwrap();
    let msg = store.send_message(m.id, b.id, "Message walrus-8814", now).unwrap();
    let (token, _) = store.login("a@example.com", "a long enough password", now).unwrap().unwrap();
    store.close_member(m.id, now).unwrap();
    for s in ["walrus-8812", "walrus-8813", "walrus-8814", "a@example.com"] {
        assert!(!on_disk(place, s), "{s} survived account closure");
    }
    assert_eq!(store.session_member(&token, now).unwrap(), None);
    assert_eq!(store.message(b.id, msg).unwrap().text, None);
    assert!(store.profile(m.id).unwrap().about.is_none());
    assert!(store.member_by_handle(&m.handle).unwrap().is_none());
}

/// Each table's file, by name: a rewrite (`VACUUM FULL`) gives a table a new one.
fn relfilenodes(place: &Place) -> std::collections::BTreeMap<String, u32> {
    let rows = place
        .admin()
        .query(
            "SELECT relname::text, relfilenode::oid FROM pg_class
             WHERE relname IN ('members', 'items', 'experience', 'messages')",
            &[],
        )
        .unwrap();
    rows.iter().map(|r| (r.get(0), r.get(1))).collect()
}

/// On PostgreSQL a deletion rewrites only the tables it erased text in, and deletions made at
/// once share rewrites: 16 posts deleted by 8 threads, every text gone from every page, and
/// fewer rewrites than deletions (one runs while the others gather for the next).
#[test]
fn erasures_rewrite_only_the_tables_they_touched_and_share_rewrites() {
    let place = Place::postgres();
    let store = std::sync::Arc::new(Store::create(&place.db).unwrap());
    let now = Timestamp::now();
    let m = store.create_member(&new_member("a@example.com"), now).unwrap();
    let b = store.create_member(&new_member("b@example.com"), now).unwrap();
    store.send_message(m.id, b.id, "a message that stays", now).unwrap();
    let secrets: Vec<String> = (0..16).map(|i| format!("okapi-{i:02}-4417 is a unique phrase")).collect();
    let posts: Vec<i64> = secrets
        .iter()
        .map(|s| store.create_post(m.id, Kind::Post, s, Visibility::Public, None, now).unwrap())
        .collect();

    let before = relfilenodes(&place);
    store.delete_item(m.id, posts[0], now).unwrap();
    let after = relfilenodes(&place);
    assert_ne!(before["items"], after["items"], "items rewritten");
    assert_ne!(before["experience"], after["experience"], "experience rewritten");
    assert_eq!(before["members"], after["members"], "members untouched");
    assert_eq!(before["messages"], after["messages"], "messages untouched");
    assert_eq!(store.erasure_rewrites(), 1);

    let start = std::sync::Arc::new(std::sync::Barrier::new(8));
    let threads: Vec<_> = posts[1..]
        .chunks(2)
        .map(|chunk| {
            let (store, start, chunk) = (store.clone(), start.clone(), chunk.to_vec());
            std::thread::spawn(move || {
                start.wait();
                for id in chunk {
                    store.delete_item(m.id, id, now).unwrap();
                }
            })
        })
        .collect();
    assert_eq!(threads.len(), 8);
    threads.into_iter().for_each(|t| t.join().unwrap());
    let rewrites = store.erasure_rewrites() - 1;
    eprintln!("15 deletions from 8 threads: {rewrites} rewrites");
    assert!(rewrites < 15, "every deletion rewrote on its own: {rewrites} rewrites");
    for s in &secrets {
        assert!(!on_disk(&place, s), "{s} is still in a page");
    }
    assert!(on_disk(&place, "a message that stays"));
}

/// A snapshot taken after the erasure, while an older transaction ran, keeps the erased
/// version alive for PostgreSQL (its horizon is the older transaction): the rewrite waits for
/// that snapshot too, not only for the transactions that began before the erasure.
#[test]
fn erasure_waits_for_snapshots_whose_horizon_is_older_than_it() {
    let place = Place::postgres();
    let store = std::sync::Arc::new(Store::create(&place.db).unwrap());
    let now = Timestamp::now();
    let m = store.create_member(&new_member("a@example.com"), now).unwrap();
    let secret = "pangolin-5521 is a unique phrase";
    let post = store.create_post(m.id, Kind::Post, secret, Visibility::Public, None, now).unwrap();

    // A writer older than the erasure.
    let mut older = place.admin();
    older.batch_execute("BEGIN; SELECT txid_current();").unwrap();
    let deleting = {
        let store = store.clone();
        std::thread::spawn(move || store.delete_item(m.id, post, now))
    };
    // Once the erasure has committed, a snapshot starts: its horizon is the older writer.
    let mut probe = place.admin();
    while !probe.query_one("SELECT text IS NULL FROM items WHERE id = $1", &[&post]).unwrap().get::<_, bool>(0) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // Well after the erasure step began to wait for the older writer.
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!deleting.is_finished(), "the rewrite waits for the writer older than the erasure");
    let mut snapshot = place.admin();
    snapshot.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM members;").unwrap();
    older.batch_execute("COMMIT").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!deleting.is_finished(), "the rewrite must wait for the snapshot that still holds the old horizon");
    snapshot.batch_execute("COMMIT").unwrap();
    deleting.join().unwrap().unwrap();
    assert!(!on_disk(&place, secret), "the erased text is in no page");
}

#[test]
fn visibility_and_messages_are_enforced() {
    on_both_stores(|_, store| visibility_and_messages_are_enforced_in(store));
}

fn visibility_and_messages_are_enforced_in(store: Store) {
    let now = Timestamp::now();
    let a = store.create_member(&new_member("a@example.com"), now).unwrap();
    let b = store.create_member(&new_member("b@example.com"), now).unwrap();
    let c = store.create_member(&new_member("c@example.com"), now).unwrap();
    let post = store.create_post(a.id, Kind::Post, "for my network", Visibility::Connections, None, now).unwrap();
    let item = store.item(post).unwrap().unwrap();
    assert!(store.can_see(Some(a.id), &item).unwrap());
    assert!(!store.can_see(Some(b.id), &item).unwrap());
    assert!(!store.can_see(None, &item).unwrap());
    assert!(!store.request_connection(b.id, a.id, now).unwrap());
    assert!(store.request_connection(a.id, b.id, now).unwrap(), "mutual requests connect");
    assert!(store.can_see(Some(b.id), &item).unwrap());
    assert_eq!(store.connections_of(a.id).unwrap(), vec![b.id]);

    let msg = store.send_message(a.id, c.id, "hello", now).unwrap();
    assert_eq!(store.message(c.id, msg).unwrap().text.as_deref(), Some("hello"));
    assert!(matches!(store.message(b.id, msg).unwrap_err(), Error::NotFound(_)));
    assert!(store.send_message(a.id, 999, "hi", now).is_err());
    assert!(store.create_post(a.id, Kind::Post, &"x".repeat(3001), Visibility::Public, None, now).is_err());
    assert!(store.create_post(a.id, Kind::Post, "p", Visibility::Private, None, now).is_err());
}

#[test]
fn newer_or_foreign_databases_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("network.db");
    drop(Store::create(&path).unwrap());
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", 42).unwrap();
    assert!(matches!(Store::open(&path).unwrap_err(), Error::NewerSchema { found: 42, .. }));
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE x (y)").unwrap();
    assert!(Store::open(&foreign).unwrap_err().to_string().contains("not an Assent network store"));
    assert!(matches!(Store::open(dir.path().join("missing.db")).unwrap_err(), Error::Missing { .. }));
}

#[test]
fn a_role_that_cannot_rewrite_the_tables_is_refused_since_erasure_would_fail() {
    let mut place = Place::postgres();
    drop(Store::create(&place.db).unwrap());
    let app = place.pg.as_mut().unwrap().login_role("app", assent_ledger::WRITER_ROLE);
    let err = Store::open(Database::Postgres(app)).unwrap_err().to_string();
    assert!(err.contains("does not own the store's tables") && err.contains("GRANT"), "{err}");
}

#[test]
fn a_postgres_database_without_the_store_or_with_a_newer_one_is_refused() {
    let place = Place::postgres();
    assert!(matches!(Store::open(&place.db).unwrap_err(), Error::Missing { .. }));
    drop(Store::create(&place.db).unwrap());
    let again = Store::create(&place.db).unwrap_err().to_string();
    assert!(again.contains("refusing to create a store where one exists"), "{again}");
    // The ledger shares the database and its schema table.
    drop(assent_ledger::Ledger::create(&place.db).unwrap());
    Store::open(&place.db).unwrap();
    place.admin().batch_execute("UPDATE assent_schema SET version = 42 WHERE component = 'store'").unwrap();
    assert!(matches!(Store::open(&place.db).unwrap_err(), Error::NewerSchema { found: 42, .. }));
    assent_ledger::Ledger::open(&place.db).unwrap();
}

/// The schema's indexes, as SQLite records them.
fn indexes(path: &std::path::Path) -> Vec<(String, Option<String>)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn a_synthetic_load_leaves_the_schema_it_found_and_every_row_reachable_by_index() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("network.db");
    drop(Store::create(&fresh).unwrap());
    let before = indexes(&fresh);
    let loaded_path = dir.path().join("loaded.db");
    let loaded = Store::create(&loaded_path).unwrap();
    let ledger = assent_ledger::Ledger::create_with_policy(
        dir.path().join("ledger.db"),
        "seed policy",
        assent_policy::SEED_POLICY,
    )
    .unwrap();
    let now = Timestamp::parse_rfc3339("2026-11-29T00:00:00Z").unwrap();
    let synth = assent_synth::Synth::new(&assent_synth::Config { members: 300, seed: 3, canaries: 0, now });
    let report = loaded.load_synthetic(&ledger, &synth, |_| {}).unwrap();
    assert_eq!(report.members, 300);
    drop(loaded);
    assert_eq!(indexes(&loaded_path), before, "the load dropped or changed an index");
    assert!(before.iter().any(|(name, _)| name == "items_by_time"));
    assert!(before.iter().any(|(name, _)| name == "items_by_change"));
    assert!(before.iter().any(|(name, _)| name == "messages_by_recipient"));

    // The rebuilt indexes hold every row, and the sorted edge inserts every connection.
    let conn = rusqlite::Connection::open(&loaded_path).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT count(*) FROM items INDEXED BY items_by_time WHERE created_at > -1"), report.items as i64);
    assert_eq!(
        count(
            "SELECT count(*) FROM items INDEXED BY items_by_change
             WHERE max(updated_at, visibility_changed_at, coalesce(deleted_at, updated_at)) > -1"
        ),
        report.items as i64
    );
    assert_eq!(
        count("SELECT count(*) FROM messages INDEXED BY messages_by_recipient WHERE recipient_id > 0"),
        report.messages as i64
    );
    assert_eq!(count("SELECT count(*) FROM connections"), report.connections as i64);
    assert!(report.connections > 300, "{report:?}");
    assert_eq!(conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap(), "ok");
}

#[test]
fn a_synthetic_load_into_postgres_keeps_its_indexes_and_leaves_ids_to_continue() {
    let place = Place::postgres();
    let store = Store::create(&place.db).unwrap();
    let ledger = assent_ledger::Ledger::create(&place.db).unwrap();
    let now = Timestamp::parse_rfc3339("2026-11-29T00:00:00Z").unwrap();
    let synth = assent_synth::Synth::new(&assent_synth::Config { members: 120, seed: 3, canaries: 0, now });
    let report = store.load_synthetic(&ledger, &synth, |_| {}).unwrap();
    assert_eq!(report.members, 120);
    let mut admin = place.admin();
    let count = |admin: &mut postgres::Client, sql: &str| admin.query_one(sql, &[]).unwrap().get::<_, i64>(0);
    assert_eq!(count(&mut admin, "SELECT count(*) FROM items"), report.items as i64);
    assert_eq!(count(&mut admin, "SELECT count(*) FROM connections"), report.connections as i64);
    assert_eq!(count(&mut admin, "SELECT count(*) FROM messages"), report.messages as i64);
    assert_eq!(ledger.index().len() as u64, report.consent_events);
    for index in ["items_by_time", "items_by_change", "messages_by_recipient"] {
        let sql = format!("SELECT count(*) FROM pg_indexes WHERE indexname = '{index}'");
        assert_eq!(count(&mut admin, &sql), 1, "{index} was not built again");
    }
    // Ids the load chose are taken: the next sign-up gets the next one.
    let next = store.create_member(&new_member("after-the-load@example.com"), now).unwrap();
    assert_eq!(next.id, 121);
    assert!(Store::create(&place.db).is_err());
    assert!(matches!(store.load_synthetic(&ledger, &synth, |_| {}).unwrap_err(), Error::NotEmpty));
    assert_eq!(place.db, *store.database());
    assert!(matches!(store.database(), Database::Postgres(_)));
}

#[test]
fn members_changed_since_finds_each_kind_of_change_after_the_instant_by_index() {
    on_both_stores(members_changed_since_finds_each_kind_of_change_after_the_instant_by_index_in);
}

fn members_changed_since_finds_each_kind_of_change_after_the_instant_by_index_in(place: &Place, store: Store) {
    let t0 = Timestamp::parse_rfc3339("2026-11-01T00:00:00Z").unwrap();
    let t1 = Timestamp::parse_rfc3339("2026-11-02T00:00:00Z").unwrap();
    let t2 = Timestamp::parse_rfc3339("2026-11-03T00:00:00Z").unwrap();
    let members: Vec<_> =
        (0..6).map(|i| store.create_member(&new_member(&format!("m{i}@example.com")), t0).unwrap()).collect();
    let posts: Vec<_> = members
        .iter()
        .map(|m| store.create_post(m.id, Kind::Post, "a post of mine", Visibility::Public, None, t0).unwrap())
        .collect();
    // Before T (t1): a deletion that T's data already reflects.
    store.delete_item(members[5].id, posts[5], t0).unwrap();
    // After T: a deletion, an edit, a change of visibility, a closed account; members[4] keeps
    // everything, and an item created after T is no change to T's data.
    store.delete_item(members[0].id, posts[0], t2).unwrap();
    store.set_profile_field(members[1].id, Kind::ProfileHeadline, "Old headline", Visibility::Public, t0).unwrap();
    store.set_profile_field(members[1].id, Kind::ProfileHeadline, "New headline", Visibility::Public, t2).unwrap();
    store.set_visibility(members[2].id, posts[2], Visibility::Private, t2).unwrap();
    store.close_member(members[3].id, t2).unwrap();
    store.create_post(members[4].id, Kind::Post, "a later post", Visibility::Public, None, t2).unwrap();
    let changed = store.members_changed_since(t1).unwrap();
    assert_eq!(changed, vec![members[0].id, members[1].id, members[2].id, members[3].id]);
    assert!(store.members_changed_since(t2).unwrap().is_empty(), "nothing changed after t2");

    // The planner's question is a range of the change index, not a walk of the items.
    let Database::Sqlite(path) = &place.db else { return };
    let conn = rusqlite::Connection::open(path).unwrap();
    let plan: Vec<String> = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {}", assent_store::scan::CHANGED_SINCE_SQL))
        .unwrap()
        .query_map([t1.0], |r| r.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(plan.iter().any(|step| step.contains("items_by_change")), "{plan:?}");
    assert!(!plan.iter().any(|step| step.contains("SCAN items")), "{plan:?}");
}

/// Everything a reader of the store can ask about a member, in one comparable value.
fn answers(store: &Store, member: i64, now: Timestamp) -> String {
    let mut out = String::new();
    let mut put = |what: &str, v: &dyn std::fmt::Debug| out.push_str(&format!("{what}: {v:?}\n"));
    let m = store.member(member).unwrap();
    put("member", &m);
    if let Some(m) = &m {
        put("by handle", &store.member_by_handle(&m.handle).unwrap());
    }
    put("profile", &store.profile(member).unwrap());
    put("posts", &store.posts_of(member, 20).unwrap());
    put("feed", &store.feed(member, 20).unwrap());
    put("connections", &store.connections_of(member).unwrap());
    put("candidates", &store.connection_candidates(member, 10).unwrap());
    put("requests", &store.incoming_requests(member).unwrap());
    put("messages", &store.messages_of(member, 20).unwrap());
    put("skills seen by 1", &store.visible_skills(Some(1), member).unwrap());
    put("skills seen by all", &store.visible_skills(None, member).unwrap());
    put("notices", &store.notices_of(member).unwrap());
    put("connected to 1", &store.are_connected(1, member).unwrap());
    put("changed since", &store.members_changed_since(Timestamp(now.0 - 400 * 86_400_000_000)).unwrap());
    out
}

#[test]
fn every_query_answers_the_same_on_both_databases() {
    // The same synthetic network and the same writes on each; then every read must agree, row
    // for row (ids included: both number rows in insertion order).
    let now = Timestamp::parse_rfc3339("2026-11-29T00:00:00Z").unwrap();
    let synth = assent_synth::Synth::new(&assent_synth::Config { members: 150, seed: 11, canaries: 0, now });
    let mut seen: Vec<Vec<String>> = Vec::new();
    on_both("network.db", |place| {
        let store = Store::create(&place.db).unwrap();
        let ledger = match &place.db {
            Database::Sqlite(path) => assent_ledger::Ledger::create(path.with_file_name("ledger.db")).unwrap(),
            Database::Postgres(_) => assent_ledger::Ledger::create(&place.db).unwrap(),
        };
        store.load_synthetic(&ledger, &synth, |_| {}).unwrap();
        // Writes through every path, after the load.
        let later = Timestamp(now.0 + 1_000_000);
        store
            .set_profile_field(3, Kind::ProfileHeadline, "Rewritten headline", Visibility::Connections, later)
            .unwrap();
        store.set_skills(3, &["Rust".into(), "SQL".into(), "rust".into()], Visibility::Public, later).unwrap();
        let exp = assent_store::NewExperience {
            title: "Engineer".into(),
            company: "Acme".into(),
            start: "2020-01-01".into(),
            end: None,
            description: "Built things.".into(),
            visibility: Visibility::Public,
        };
        store.add_experience(4, &exp, later).unwrap();
        let post = store.create_post(5, Kind::Post, "A post after the load", Visibility::Public, None, later).unwrap();
        store.create_post(6, Kind::Comment, "A comment", Visibility::Public, Some(post), later).unwrap();
        store.set_visibility(5, post, Visibility::Connections, later).unwrap();
        store.request_connection(7, 8, later).ok();
        store.request_connection(9, 10, later).ok();
        store.send_message(7, 9, "hello there", later).unwrap();
        store.notice_shown(7, "2025-11-03", later).unwrap();
        store.dismiss_notice(7, "2025-11-03", later).unwrap();
        store.dismiss_notice(8, "2025-11-03", later).unwrap();
        store.close_member(12, later).unwrap();
        let mut all: Vec<String> = (1..=20).map(|m| answers(&store, m, now)).collect();
        all.push(format!("{:?}", store.members(0, 200).unwrap()));
        all.push(format!("{:?}", store.jobs(None, 30).unwrap()));
        all.push(format!("{:?}", store.jobs(Some("ENGINEER"), 30).unwrap()));
        all.push(format!("{:?}", store.jobs(Some("no such job anywhere"), 30).unwrap()));
        let mut scanned = Vec::new();
        let mut scan = store.scan().unwrap();
        let mut members = Vec::new();
        scan.members(|m| -> Result<(), Error> {
            scanned.push(format!("{m:?}"));
            members.push(m);
            Ok(())
        })
        .unwrap();
        // Members looked up by id, a few hundred per statement: the scan's rows in its order.
        assert_eq!(scan.member_ids().unwrap(), members.iter().map(|m| m.id).collect::<Vec<_>>());
        let mut members_of = |ids: &[i64]| {
            let mut found = Vec::new();
            scan.members_of(ids, |m| -> Result<(), Error> {
                found.push(m);
                Ok(())
            })
            .unwrap();
            found
        };
        assert_eq!(members_of(&(1..=1200).collect::<Vec<_>>()), members, "members_of every id is the scan");
        // An id with no member finds nothing.
        let some: Vec<_> = members.iter().filter(|m| [2, 3].contains(&m.id)).cloned().collect();
        assert_eq!(some.len(), 2);
        assert_eq!(members_of(&[2, 3, 1_000_000]), some);
        let mut items = Vec::new();
        scan.items(now, |i| -> Result<(), Error> {
            items.push(i);
            Ok(())
        })
        .unwrap();
        // Looked up by member, in statements of a few hundred members: the same rows in the same
        // order as the scan of every item (ids past the last member find nothing).
        let mut of_some = Vec::new();
        scan.items_of(now, &[2, 3, 40], |i| -> Result<(), Error> {
            of_some.push(i);
            Ok(())
        })
        .unwrap();
        let mut of_all = Vec::new();
        scan.items_of(now, &(1..=1200).collect::<Vec<_>>(), |i| -> Result<(), Error> {
            of_all.push(i);
            Ok(())
        })
        .unwrap();
        assert_eq!(of_all, items, "items_of every member is the scan of every item");
        let some: Vec<_> = items.iter().filter(|i| [2, 3, 40].contains(&i.member_id)).cloned().collect();
        assert!(!some.is_empty());
        assert_eq!(of_some, some);
        scanned.extend(items.iter().chain(&of_some).map(|i| format!("{i:?}")));
        all.push(scanned.join("\n"));
        // Read paths that find nothing must find nothing alike.
        assert!(store.jobs(Some("no such job anywhere"), 30).unwrap().is_empty());
        assert!(!store.jobs(Some("ENGINEER"), 30).unwrap().is_empty(), "the search ignores case");
        seen.push(all);
    });
    let (sqlite, postgres) = (&seen[0], &seen[1]);
    assert_eq!(sqlite.len(), postgres.len());
    assert!(sqlite.iter().map(String::len).sum::<usize>() > 50_000, "the answers hold the network");
    for (a, b) in sqlite.iter().zip(postgres) {
        for (la, lb) in a.lines().zip(b.lines()) {
            assert_eq!(la, lb, "SQLite (left) and PostgreSQL (right) disagree");
        }
        assert_eq!(a, b);
    }
}

/// (id, language label) of every item, as a snapshot reads them.
fn labels(store: &Store) -> Vec<(i64, Option<&'static str>)> {
    let mut out = Vec::new();
    store
        .scan()
        .unwrap()
        .items(Timestamp(i64::MAX), |i| -> Result<(), Error> {
            out.push((i.id, i.lang));
            Ok(())
        })
        .unwrap();
    out
}

#[test]
fn every_text_is_labelled_with_its_language_when_written_and_older_stores_are_labelled_on_open() {
    on_both("network.db", |place| {
        let store = Store::create(&place.db).unwrap();
        let now = Timestamp::now();
        let m = store.create_member(&new_member("maria@example.com"), now).unwrap();
        let en =
            store.create_post(m.id, Kind::Post, "The team and I are hiring", Visibility::Public, None, now).unwrap();
        let fr = store.create_post(m.id, Kind::Post, "Nous recrutons dans l'équipe", Visibility::Public, None, now);
        let fr = fr.unwrap();
        let gone = store.create_post(m.id, Kind::Post, "This is going away", Visibility::Public, None, now).unwrap();
        store.delete_item(m.id, gone, now).unwrap();
        store.set_profile_field(m.id, Kind::ProfileHeadline, "Engineer at the plant", Visibility::Public, now).unwrap();
        let mut expected = labels(&store);
        let headline = expected.iter().find(|(id, _)| ![en, fr, gone].contains(id)).unwrap().0;
        assert_eq!(expected, vec![(en, Some("en")), (fr, Some("fr")), (gone, None), (headline, Some("en"))]);
        // A new text is labelled again.
        store.set_profile_field(m.id, Kind::ProfileHeadline, "Ingénieure à l'usine", Visibility::Public, now).unwrap();
        expected[3].1 = Some("fr");
        assert_eq!(labels(&store), expected);

        // More items than one labelling statement takes, stored before the store kept labels.
        store
            .with_transaction(|tx| {
                for i in 0..5000 {
                    let text = if i % 3 == 0 { format!("le numéro {i}") } else { format!("the number {i}") };
                    tx.execute(
                        "INSERT INTO items (member_id, kind, visibility, text, created_at, updated_at, visibility_changed_at)
                         VALUES (?1, 'post', 'public', ?2, ?3, ?3, ?3)",
                        &[m.id.into(), text.into(), now.0.into()],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(labels(&store).iter().filter(|(_, l)| l.is_none()).count(), 5001);
        drop(store);
        // The store as the schema version before labels left it.
        match &place.db {
            Database::Sqlite(path) => {
                rusqlite::Connection::open(path)
                    .unwrap()
                    .execute_batch("ALTER TABLE items DROP COLUMN lang; PRAGMA user_version = 4;")
                    .unwrap();
            }
            Database::Postgres(_) => place
                .admin()
                .batch_execute(
                    "ALTER TABLE items DROP COLUMN lang; UPDATE assent_schema SET version = 4 WHERE component = 'store'",
                )
                .unwrap(),
        }
        let store = Store::open(&place.db).unwrap();
        let after = labels(&store);
        assert_eq!(after[..4], expected[..4]);
        assert_eq!(after.len(), 5004);
        for (i, (_, lang)) in after[4..].iter().enumerate() {
            assert_eq!(*lang, Some(if i % 3 == 0 { "fr" } else { "en" }), "item {i}");
        }
        drop(store);
        // Opened again, nothing is left to do.
        assert_eq!(labels(&Store::open(&place.db).unwrap()), after);
    });
}
