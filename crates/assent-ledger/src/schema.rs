//! The ledger's SQLite schema and its version checks.

use std::path::Path;

use rusqlite::Connection;

use crate::{Error, Result};

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

/// Durability and concurrency settings for every connection.
pub(crate) fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: a commit is fsync'd before it returns, so an acknowledged change survives a crash.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Creates the schema in an empty database.
pub(crate) fn create(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute_batch(SCHEMA)?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()
}

/// Checks that `conn` holds a ledger this build can read.
pub(crate) fn check(conn: &Connection, path: &Path) -> Result<()> {
    let corrupt = |detail: String| Error::Corrupt { path: path.to_path_buf(), detail };
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(|e| corrupt(e.to_string()))?;
    let version: i64 =
        conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| corrupt(e.to_string()))?;
    if app != APPLICATION_ID {
        return Err(corrupt(format!("not an Assent consent ledger (application_id {app:#x})")));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema { path: path.to_path_buf(), found: version, supported: SCHEMA_VERSION });
    }
    if version < 1 {
        return Err(corrupt(format!("schema version {version} is not a ledger schema")));
    }
    Ok(())
}
