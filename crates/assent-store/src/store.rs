//! Opening the store and sharing its connection.

use std::sync::{Mutex, MutexGuard};

use assent_ledger::Database;
use rusqlite::Connection;

use crate::db::{Pg, Sql};
use crate::{schema, Error, Result};

/// The network store of one installation: an SQLite file, or a PostgreSQL database shared by
/// several servers. Cheap to share behind an `Arc`; every call takes the connection lock for the
/// duration of one transaction.
#[derive(Debug)]
pub struct Store {
    at: Database,
    conn: Mutex<Box<dyn Sql>>,
    /// Rewrites of tables that erased text (PostgreSQL), one at a time.
    pub(crate) eraser: crate::erasure::Eraser,
}

impl Store {
    /// Creates a new, empty store: a new SQLite file (fails if the file exists), or the store's
    /// tables in a PostgreSQL database (fails if it has them).
    pub fn create(at: impl Into<Database>) -> Result<Store> {
        let at = at.into();
        let conn: Box<dyn Sql> = match &at {
            Database::Sqlite(path) => {
                if path.exists() {
                    return Err(Error::Corrupt { at, detail: "refusing to create over an existing file".into() });
                }
                Box::new(open_sqlite(&at, true)?)
            }
            Database::Postgres(url) => {
                let mut pg = Pg::connect(url)?;
                schema::create_postgres(&mut pg, &at)?;
                Box::new(pg)
            }
        };
        Ok(Store { at, conn: Mutex::new(conn), eraser: Default::default() })
    }

    /// Opens an existing store, migrating an older SQLite schema; a missing, foreign or newer one
    /// is an error.
    pub fn open(at: impl Into<Database>) -> Result<Store> {
        let at = at.into();
        let conn: Box<dyn Sql> = match &at {
            Database::Sqlite(path) => {
                if !path.is_file() {
                    return Err(Error::Missing { at });
                }
                Box::new(open_sqlite(&at, false)?)
            }
            Database::Postgres(url) => {
                let mut pg = Pg::connect(url)?;
                schema::check_postgres(&mut pg, &at)?;
                Box::new(pg)
            }
        };
        Ok(Store { at, conn: Mutex::new(conn), eraser: Default::default() })
    }

    /// Opens the store, creating it if there is none.
    pub fn open_or_create(at: impl Into<Database>) -> Result<Store> {
        let at = at.into();
        match Store::open(&at) {
            Err(Error::Missing { .. }) => Store::create(&at),
            opened => opened,
        }
    }

    /// The database that holds the store.
    pub fn database(&self) -> &Database {
        &self.at
    }

    /// A second connection to the store's database (for reads that must not hold the first).
    pub(crate) fn connect(&self, read_only: bool) -> Result<Box<dyn Sql>> {
        Ok(match &self.at {
            Database::Sqlite(path) => {
                let flags = if read_only {
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                } else {
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                };
                let conn = Connection::open_with_flags(path, flags | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
                conn.busy_timeout(std::time::Duration::from_secs(30))?;
                Box::new(conn)
            }
            Database::Postgres(url) => Box::new(Pg::connect(url)?),
        })
    }

    pub(crate) fn corrupt(&self, detail: String) -> Error {
        Error::Corrupt { at: self.at.clone(), detail }
    }

    pub(crate) fn db(&self) -> MutexGuard<'_, Box<dyn Sql>> {
        // An unfinished transaction is rolled back (`Sql::transaction`) or, if the connection is
        // dropped, by the database: a panic while the lock was held leaves no half a write.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the store holds no member yet.
    pub fn is_empty(&self) -> Result<bool> {
        self.db().query_one("SELECT NOT EXISTS (SELECT 1 FROM members)", &[], |r| r.bool(0))
    }

    /// Runs `f` inside one write transaction (for bulk loads and tests that build a network row
    /// by row). Statements use `?1`-style parameters on both databases.
    pub fn with_transaction<T>(&self, f: impl FnOnce(&mut dyn Sql) -> Result<T>) -> Result<T> {
        self.db().transaction(f)
    }
}

fn open_sqlite(at: &Database, new: bool) -> Result<Connection> {
    let Database::Sqlite(path) = at else { unreachable!("an SQLite location") };
    let corrupt = |e: rusqlite::Error| Error::Corrupt { at: at.clone(), detail: e.to_string() };
    let mut conn = Connection::open(path).map_err(corrupt)?;
    schema::configure(&conn).map_err(corrupt)?;
    schema::migrate(&mut conn, path, new)?;
    Ok(conn)
}
