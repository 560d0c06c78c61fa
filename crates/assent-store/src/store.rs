//! Opening the store and sharing its connection.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

use crate::{schema, Error, Result};

/// The network store of one data directory. Cheap to share behind an `Arc`; every call takes
/// the connection lock for the duration of one transaction.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    conn: Mutex<Connection>,
}

impl Store {
    /// Creates a new, empty store. Fails if the file exists.
    pub fn create(path: &Path) -> Result<Store> {
        if path.exists() {
            return Err(Error::Corrupt {
                path: path.to_path_buf(),
                detail: "refusing to create over an existing file".into(),
            });
        }
        Store::init(path, true)
    }

    /// Opens an existing store, migrating an older schema; a missing, foreign or newer one is an error.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::Missing { path: path.to_path_buf() });
        }
        Store::init(path, false)
    }

    /// Opens the store at `path`, creating it if the file does not exist.
    pub fn open_or_create(path: &Path) -> Result<Store> {
        if path.exists() {
            Store::open(path)
        } else {
            Store::create(path)
        }
    }

    fn init(path: &Path, new: bool) -> Result<Store> {
        let corrupt = |e: rusqlite::Error| Error::Corrupt { path: path.to_path_buf(), detail: e.to_string() };
        let mut conn = Connection::open(path).map_err(corrupt)?;
        schema::configure(&conn).map_err(corrupt)?;
        schema::migrate(&mut conn, path, new)?;
        Ok(Store { path: path.to_path_buf(), conn: Mutex::new(conn) })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        // SQLite rolls back an unfinished transaction when it is dropped, so a panic while the
        // lock was held cannot leave half a write behind.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the store holds no member yet.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.conn().query_row("SELECT NOT EXISTS (SELECT 1 FROM members)", [], |r| r.get(0))?)
    }

    /// Runs `f` inside one write transaction (for bulk loads).
    pub fn with_transaction<T>(&self, f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}
