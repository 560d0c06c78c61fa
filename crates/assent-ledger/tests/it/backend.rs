//! The two places a ledger can live, made fresh for each test: an SQLite file in a temporary
//! directory, and a PostgreSQL database of its own (dropped afterwards).

use assent_ledger::scratch::ScratchDatabase;
use assent_ledger::Database;

/// A fresh, empty place for a ledger, kept until dropped.
pub struct Place {
    pub db: Database,
    pub pg: Option<ScratchDatabase>,
    _dir: Option<tempfile::TempDir>,
}

pub fn sqlite() -> Place {
    let dir = tempfile::tempdir().unwrap();
    Place { db: Database::Sqlite(dir.path().join("ledger.db")), pg: None, _dir: Some(dir) }
}

pub fn postgres() -> Place {
    let pg = ScratchDatabase::new();
    Place { db: Database::Postgres(pg.url().clone()), pg: Some(pg), _dir: None }
}

/// Runs `test` on a fresh SQLite ledger place, then on a fresh PostgreSQL one; a failure names
/// the database it failed on.
pub fn on_both(test: impl Fn(&Place)) {
    for (name, make) in [("SQLite", sqlite as fn() -> Place), ("PostgreSQL", postgres)] {
        eprintln!("--- on {name}");
        test(&make());
    }
}

/// A plain client to the place's PostgreSQL database, as its owner, to do what the ledger never
/// would.
pub fn admin(place: &Place) -> postgres::Client {
    let pg = place.pg.as_ref().expect("a PostgreSQL place");
    postgres::Client::connect(pg.url().secret(), postgres::NoTls).unwrap()
}
