//! The ledger on embedded SQLite: its schema, its version checks, and its statements.

use std::path::Path;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::backend::{inserted, Conn, PolicyRow, RawEvent, Row};
use crate::{Checkpoint, Database, Error, Event, Result};

/// `PRAGMA application_id` of a ledger database: "ASNL".
pub(crate) const APPLICATION_ID: i64 = 0x4153_4E4C;
/// The newest schema version this build reads and writes.
pub(crate) const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE policy_versions (
    version      TEXT PRIMARY KEY,
    effective_at INTEGER NOT NULL UNIQUE,   -- microseconds since the Unix epoch, UTC
    source       TEXT NOT NULL,             -- the TOML document as installed
    installed_at INTEGER NOT NULL
) STRICT;
CREATE TABLE consent_events (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id      INTEGER NOT NULL CHECK (member_id BETWEEN 1 AND 4294967295),
    purpose        TEXT    NOT NULL CHECK (purpose IN ('train-genai', 'train-ai')),
    value          INTEGER NOT NULL CHECK (value IN (0, 1)),
    recorded_at    INTEGER NOT NULL,        -- microseconds since the Unix epoch, UTC
    method         TEXT    NOT NULL CHECK (method IN ('web', 'api', 'import', 'gpc', 'default')),
    policy_version TEXT    NOT NULL REFERENCES policy_versions (version)
) STRICT;
CREATE INDEX consent_events_by_member ON consent_events (member_id, purpose, recorded_at, seq);
CREATE TRIGGER consent_events_append_only_update BEFORE UPDATE ON consent_events
    BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only'); END;
CREATE TRIGGER consent_events_append_only_delete BEFORE DELETE ON consent_events
    BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only'); END;
CREATE TRIGGER policy_versions_append_only_update BEFORE UPDATE ON policy_versions
    BEGIN SELECT RAISE(ABORT, 'policy versions are never edited; install a new version'); END;
CREATE TRIGGER policy_versions_append_only_delete BEFORE DELETE ON policy_versions
    BEGIN SELECT RAISE(ABORT, 'policy versions are never deleted'); END;
";

const EVENT_COLUMNS: &str = "seq, member_id, purpose, value, recorded_at, method, policy_version";

/// Durability and concurrency settings for every connection.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: a commit is fsync'd before it returns, so an acknowledged change survives a crash.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Creates a new ledger file with the schema. Fails if the file exists.
pub(crate) fn create(path: &Path) -> Result<Connection> {
    if path.exists() {
        return Err(Error::Corrupt {
            at: Database::Sqlite(path.to_path_buf()),
            detail: "refusing to create over an existing file".into(),
        });
    }
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    let tx = conn.transaction()?;
    tx.execute_batch(SCHEMA)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(conn)
}

/// Opens an existing ledger file for writing. A missing, foreign, corrupt or newer-schema file
/// is an error.
pub(crate) fn open(path: &Path) -> Result<Connection> {
    let at = || Database::Sqlite(path.to_path_buf());
    if !path.is_file() {
        return Err(Error::Missing { at: at() });
    }
    let corrupt = |e: rusqlite::Error| Error::Corrupt { at: at(), detail: e.to_string() };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(corrupt)?;
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(corrupt)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(corrupt)?;
    if app != APPLICATION_ID {
        return Err(Error::Corrupt {
            at: at(),
            detail: format!("not an Assent consent ledger (application_id {app:#x})"),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema { at: at(), found: version, supported: SCHEMA_VERSION });
    }
    if version < 1 {
        return Err(Error::Corrupt { at: at(), detail: format!("schema version {version} is not a ledger schema") });
    }
    configure(&conn).map_err(corrupt)?;
    Ok(conn)
}

/// A second read-write connection to a ledger already opened.
pub(crate) fn side(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    configure(&conn)?;
    Ok(conn)
}

/// A read-only connection to a ledger already opened.
pub(crate) fn reader(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    Ok(conn)
}

fn raw_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEvent> {
    Ok(RawEvent {
        seq: r.get(0)?,
        member: r.get(1)?,
        purpose: r.get(2)?,
        value: r.get(3)?,
        recorded_at: r.get(4)?,
        method: r.get(5)?,
        policy_version: r.get(6)?,
    })
}

/// Inserts one entry's rows and returns them as events.
fn insert_rows(conn: &Connection, rows: &[Row]) -> Result<Vec<Event>> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO consent_events (member_id, purpose, value, recorded_at, method, policy_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut events = Vec::with_capacity(rows.len());
    for row in rows {
        let (c, at, version) = row;
        insert.execute(params![c.member, c.purpose.as_str(), c.value, at.0, c.method.as_str(), version])?;
        events.push(inserted(row, conn.last_insert_rowid()));
    }
    Ok(events)
}

impl Conn for Connection {
    fn newest_seq(&mut self) -> Result<i64> {
        Ok(self.query_row("SELECT COALESCE(MAX(seq), 0) FROM consent_events", [], |r| r.get(0))?)
    }

    fn policies(&mut self) -> Result<Vec<PolicyRow>> {
        let mut stmt = self.prepare_cached("SELECT version, effective_at, source FROM policy_versions")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn events(&mut self, after: i64, upto: i64, limit: i64, out: &mut Vec<RawEvent>) -> Result<()> {
        let mut stmt = self.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM consent_events WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3"
        ))?;
        // One statement outside any transaction: its read transaction ends with its last row.
        for row in stmt.query_map(params![after, upto, limit], raw_event)? {
            out.push(row?);
        }
        Ok(())
    }

    fn insert_policy(&mut self, row: &PolicyRow, installed_at: i64) -> Result<Option<String>> {
        let (version, effective_at, source) = row;
        let tx = self.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT version FROM policy_versions WHERE version = ?1 OR effective_at = ?2",
                params![version, effective_at],
                |r| r.get(0),
            )
            .optional()?;
        if existing.is_some() {
            return Ok(existing);
        }
        tx.execute(
            "INSERT INTO policy_versions (version, effective_at, source, installed_at) VALUES (?1, ?2, ?3, ?4)",
            params![version, effective_at, source, installed_at],
        )?;
        tx.commit()?;
        Ok(None)
    }

    fn commit(&mut self, batch: &[&[Row]]) -> Result<Vec<Result<Vec<Event>>>> {
        // SQLite has one writer at a time (BEGIN IMMEDIATE): rowids follow commit order.
        let mut tx = self.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for rows in batch {
            let sp = tx.savepoint()?;
            let outcome = insert_rows(&sp, rows).and_then(|events| Ok(sp.commit().map(|()| events)?));
            outcomes.push(outcome);
        }
        tx.commit()?;
        Ok(outcomes)
    }

    fn latest_event(&mut self, member: i64, purpose: &str, t: i64, last_seq: i64) -> Result<Option<RawEvent>> {
        let mut stmt = self.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM consent_events
             WHERE member_id = ?1 AND purpose = ?2 AND recorded_at <= ?3 AND seq <= ?4
             ORDER BY recorded_at DESC, seq DESC LIMIT 1"
        ))?;
        Ok(stmt.query_row(params![member, purpose, t, last_seq], raw_event).optional()?)
    }

    fn history_after(&mut self, member: i64, after: i64, limit: i64) -> Result<Vec<RawEvent>> {
        let mut stmt = self.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM consent_events WHERE member_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3"
        ))?;
        let rows = stmt.query_map(params![member, after, limit], raw_event)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn checkpoint(&mut self) -> Result<Checkpoint> {
        // Columns: whether it was blocked (never, when passive), pages logged, pages copied.
        let (logged, copied) = self.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get(1)?, r.get(2)?)))?;
        Ok(Checkpoint { logged, copied })
    }
}
