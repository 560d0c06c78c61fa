//! The store's SQLite schema, versioned migrations and version checks.

use std::path::Path;

use rusqlite::Connection;

use crate::{Error, Result};

/// `PRAGMA application_id` of a store database: "ASNS".
const APPLICATION_ID: i64 = 0x4153_4E53;

/// Migrations, in order; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[
    "
CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    handle        TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    email         TEXT    NOT NULL UNIQUE,     -- lower case; `closed-<id>@invalid` once erased
    password_hash TEXT    NOT NULL,            -- argon2id PHC string; empty once erased
    region        TEXT    NOT NULL,            -- ISO 3166-1 alpha-2
    birth_date    TEXT    NOT NULL,            -- YYYY-MM-DD
    joined_at     INTEGER NOT NULL,            -- µs since the epoch, UTC (all times below too)
    closed_at     INTEGER
) STRICT;
-- Everything a member writes that a policy may make eligible: profile fields, posts, articles,
-- comments. Private messages are NOT here (see `messages`), so reading `items` can never read one.
CREATE TABLE items (
    id                    INTEGER PRIMARY KEY,
    member_id             INTEGER NOT NULL REFERENCES members (id),
    kind                  TEXT    NOT NULL CHECK (kind IN ('profile.headline', 'profile.about',
                              'profile.experience', 'profile.skills', 'post', 'article', 'comment')),
    visibility            TEXT    NOT NULL CHECK (visibility IN ('public', 'connections', 'private')),
    text                  TEXT,                -- NULL once erased
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    visibility_changed_at INTEGER NOT NULL,    -- when the item last took its current visibility
    deleted_at            INTEGER,
    parent_id             INTEGER REFERENCES items (id),
    CHECK ((deleted_at IS NULL) = (text IS NOT NULL))
) STRICT;
CREATE INDEX items_by_member ON items (member_id, kind);
CREATE INDEX items_by_time ON items (created_at);
CREATE UNIQUE INDEX items_one_profile_field ON items (member_id, kind)
    WHERE kind IN ('profile.headline', 'profile.about', 'profile.skills') AND deleted_at IS NULL;
CREATE TABLE experience (
    item_id     INTEGER PRIMARY KEY REFERENCES items (id),
    title       TEXT NOT NULL,
    company     TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT
) STRICT;
CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    sender_id    INTEGER NOT NULL REFERENCES members (id),
    recipient_id INTEGER NOT NULL REFERENCES members (id),
    text         TEXT,                          -- NULL once erased
    sent_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX messages_by_sender ON messages (sender_id);
CREATE INDEX messages_by_recipient ON messages (recipient_id);
CREATE TABLE connection_requests (
    from_id    INTEGER NOT NULL REFERENCES members (id),
    to_id      INTEGER NOT NULL REFERENCES members (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (from_id, to_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE connections (
    a          INTEGER NOT NULL REFERENCES members (id),
    b          INTEGER NOT NULL REFERENCES members (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) STRICT, WITHOUT ROWID;
CREATE INDEX connections_by_b ON connections (b, a);
CREATE TABLE companies (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    industry TEXT NOT NULL,
    region   TEXT NOT NULL
) STRICT;
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies (id),
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    skills      TEXT NOT NULL,                  -- comma-separated
    region      TEXT NOT NULL,
    posted_at   INTEGER NOT NULL
) STRICT;
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,             -- SHA-256 of the bearer token, hex
    member_id  INTEGER NOT NULL REFERENCES members (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;
",
    "
-- Policy notices shown to members in the web app: when a member first saw the banner for a policy
-- version, and when they dismissed it.
CREATE TABLE policy_notices (
    member_id      INTEGER NOT NULL REFERENCES members (id),
    policy_version TEXT    NOT NULL,
    shown_at       INTEGER NOT NULL,            -- first shown
    dismissed_at   INTEGER,
    PRIMARY KEY (member_id, policy_version)
) STRICT, WITHOUT ROWID;
",
    "
-- The language a member chose for Assent's pages (a BCP 47 tag such as `fr`); NULL: follow the
-- browser.
ALTER TABLE members ADD COLUMN language TEXT;
",
    "
-- When an item last changed in a way that can end its eligibility (an edit, a change of
-- visibility, a deletion): the unlearning planner's \"what changed since T\" is a range of it.
CREATE INDEX items_by_change ON items (max(updated_at, visibility_changed_at, coalesce(deleted_at, updated_at)));
",
];

/// The newest schema version this build reads and writes.
pub(crate) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Erased text is overwritten with zeros in the database file, not left in free pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(())
}

/// Brings a new or older database to the current schema; rejects foreign and newer ones.
pub(crate) fn migrate(conn: &mut Connection, path: &Path, new: bool) -> Result<()> {
    let corrupt = |detail: String| Error::Corrupt { path: path.to_path_buf(), detail };
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(|e| corrupt(e.to_string()))?;
    let version: i64 =
        conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| corrupt(e.to_string()))?;
    if !new && app != APPLICATION_ID {
        return Err(corrupt(format!("not an Assent network store (application_id {app:#x})")));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema { path: path.to_path_buf(), found: version, supported: SCHEMA_VERSION });
    }
    for (i, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(migration)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
