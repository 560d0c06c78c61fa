//! The store's schema on both databases, versioned migrations and version checks.

use std::path::Path;

use assent_ledger::Database;
use rusqlite::Connection;

use crate::args;
use crate::db::{Dialect, Pg, Sql};
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
    // Items stored before it are labelled in the same transaction (`label_languages`).
    LANG_COLUMN,
];

/// The schema version that added `items.lang`.
const LANG_VERSION: i64 = 5;

/// The language of an item's text, labelled when the text is written (`assent_policy::language`:
/// `en`, `fr` or `und`), so that no export reads every text again to find it; NULL once erased.
const LANG_COLUMN: &str = "ALTER TABLE items ADD COLUMN lang TEXT CHECK (lang IN ('en', 'fr', 'und'));";

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
    let at = || Database::Sqlite(path.to_path_buf());
    let corrupt = |detail: String| Error::Corrupt { at: at(), detail };
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(|e| corrupt(e.to_string()))?;
    let version: i64 =
        conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| corrupt(e.to_string()))?;
    if !new && app != APPLICATION_ID {
        return Err(corrupt(format!("not an Assent network store (application_id {app:#x})")));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::NewerSchema { at: at(), found: version, supported: SCHEMA_VERSION });
    }
    for (i, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let to = i as i64 + 1;
        let db: &mut dyn Sql = conn;
        db.transaction(|tx| {
            tx.batch(migration)?;
            if to == LANG_VERSION {
                label_languages(tx)?;
            }
            tx.batch(&format!("PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {to};"))
        })?;
    }
    Ok(())
}

/// Items labelled per statement by [`label_languages`].
const LABEL_CHUNK: usize = 4096;

/// Labels the language of every item that has a text and no label yet (those stored before the
/// store kept labels), a chunk of items at a time in id order.
fn label_languages(db: &mut dyn Sql) -> Result<()> {
    let dialect = db.dialect();
    let update = match dialect {
        Dialect::Sqlite => "UPDATE items SET lang = ?1 WHERE id IN (SELECT value FROM json_each(?2))",
        Dialect::Postgres => "UPDATE items SET lang = ?1 WHERE id = ANY(CAST(CAST(?2 AS TEXT) AS BIGINT[]))",
    };
    let mut after = i64::MIN;
    loop {
        let rows = db.query_vec(
            "SELECT id, text FROM items WHERE id > ?1 AND text IS NOT NULL AND lang IS NULL ORDER BY id LIMIT ?2",
            args![after, LABEL_CHUNK as i64],
            |r| Ok((r.int(0)?, assent_policy::language::detect(&r.text(1)?))),
        )?;
        let Some(&(last, _)) = rows.last() else { return Ok(()) };
        after = last;
        for tag in assent_policy::language::TAGS {
            let ids: Vec<i64> = rows.iter().filter(|(_, t)| *t == tag).map(|(id, _)| *id).collect();
            if !ids.is_empty() {
                db.execute(update, args![tag, crate::scan::id_list(dialect, &ids)])?;
            }
        }
    }
}

/// The store's tables on PostgreSQL, as of schema version [`SCHEMA_VERSION`] (SQLite's
/// migrations, in one). Ids are identities that a bulk load may also set itself; `instr` is
/// SQLite's, so that the store's statements read the same on both.
const POSTGRES_SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS assent_schema (
    component TEXT PRIMARY KEY,
    version   BIGINT NOT NULL
);
CREATE TABLE members (
    id            BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    handle        TEXT   NOT NULL UNIQUE,
    name          TEXT   NOT NULL,
    email         TEXT   NOT NULL UNIQUE,
    password_hash TEXT   NOT NULL,
    region        TEXT   NOT NULL,
    birth_date    TEXT   NOT NULL,
    joined_at     BIGINT NOT NULL,
    closed_at     BIGINT,
    language      TEXT
);
CREATE TABLE items (
    id                    BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    member_id             BIGINT NOT NULL REFERENCES members (id),
    kind                  TEXT   NOT NULL CHECK (kind IN ('profile.headline', 'profile.about',
                              'profile.experience', 'profile.skills', 'post', 'article', 'comment')),
    visibility            TEXT   NOT NULL CHECK (visibility IN ('public', 'connections', 'private')),
    text                  TEXT,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    visibility_changed_at BIGINT NOT NULL,
    deleted_at            BIGINT,
    parent_id             BIGINT REFERENCES items (id),
    lang                  TEXT CHECK (lang IN ('en', 'fr', 'und')),
    CHECK ((deleted_at IS NULL) = (text IS NOT NULL))
);
CREATE INDEX items_by_member ON items (member_id, kind);
CREATE INDEX items_by_time ON items (created_at);
CREATE UNIQUE INDEX items_one_profile_field ON items (member_id, kind)
    WHERE kind IN ('profile.headline', 'profile.about', 'profile.skills') AND deleted_at IS NULL;
CREATE INDEX items_by_change ON items (GREATEST(updated_at, visibility_changed_at, COALESCE(deleted_at, updated_at)));
CREATE TABLE experience (
    item_id    BIGINT PRIMARY KEY REFERENCES items (id),
    title      TEXT NOT NULL,
    company    TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date   TEXT
);
CREATE TABLE messages (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    sender_id    BIGINT NOT NULL REFERENCES members (id),
    recipient_id BIGINT NOT NULL REFERENCES members (id),
    text         TEXT,
    sent_at      BIGINT NOT NULL
);
CREATE INDEX messages_by_sender ON messages (sender_id);
CREATE INDEX messages_by_recipient ON messages (recipient_id);
CREATE TABLE connection_requests (
    from_id    BIGINT NOT NULL REFERENCES members (id),
    to_id      BIGINT NOT NULL REFERENCES members (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (from_id, to_id)
);
CREATE TABLE connections (
    a          BIGINT NOT NULL REFERENCES members (id),
    b          BIGINT NOT NULL REFERENCES members (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
);
CREATE INDEX connections_by_b ON connections (b, a);
CREATE TABLE companies (
    id       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name     TEXT NOT NULL,
    industry TEXT NOT NULL,
    region   TEXT NOT NULL
);
CREATE TABLE jobs (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    company_id  BIGINT NOT NULL REFERENCES companies (id),
    title       TEXT   NOT NULL,
    description TEXT   NOT NULL,
    skills      TEXT   NOT NULL,
    region      TEXT   NOT NULL,
    posted_at   BIGINT NOT NULL
);
CREATE TABLE sessions (
    token_hash TEXT   PRIMARY KEY,
    member_id  BIGINT NOT NULL REFERENCES members (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE TABLE policy_notices (
    member_id      BIGINT NOT NULL REFERENCES members (id),
    policy_version TEXT   NOT NULL,
    shown_at       BIGINT NOT NULL,
    dismissed_at   BIGINT,
    PRIMARY KEY (member_id, policy_version)
);
CREATE FUNCTION instr(haystack TEXT, needle TEXT) RETURNS INTEGER LANGUAGE SQL IMMUTABLE
    AS 'SELECT strpos(haystack, needle)';
DO $$ BEGIN
    CREATE ROLE assent_writer NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON members, items, experience, messages, connection_requests,
    connections, companies, jobs, sessions, policy_notices TO assent_writer;
GRANT SELECT ON assent_schema TO assent_writer;
INSERT INTO assent_schema (component, version) VALUES ('store', 5);
";

/// The store's schema version in a PostgreSQL database, if it has the store's tables.
fn postgres_version(db: &mut dyn Sql) -> Result<Option<i64>> {
    // Asked first, so that a database without the table aborts no transaction.
    if !db.query_one("SELECT to_regclass('assent_schema') IS NOT NULL", &[], |r| r.bool(0))? {
        return Ok(None);
    }
    db.query_opt("SELECT version FROM assent_schema WHERE component = 'store'", &[], |r| r.int(0))
}

/// Creates the store's tables in a PostgreSQL database; fails if it has them.
pub(crate) fn create_postgres(db: &mut Pg, at: &Database) -> Result<()> {
    let db: &mut dyn Sql = db;
    db.transaction(|tx| {
        if postgres_version(tx)?.is_some() {
            return Err(Error::Corrupt {
                at: at.clone(),
                detail: "refusing to create a store where one exists".into(),
            });
        }
        tx.batch(POSTGRES_SCHEMA)
    })
}

/// Checks that a PostgreSQL database holds a store this build reads.
pub(crate) fn check_postgres(db: &mut Pg, at: &Database) -> Result<()> {
    match postgres_version(db)? {
        None => Err(Error::Missing { at: at.clone() }),
        Some(v) if v > SCHEMA_VERSION => {
            Err(Error::NewerSchema { at: at.clone(), found: v, supported: SCHEMA_VERSION })
        }
        Some(SCHEMA_VERSION) => can_rewrite(db, at),
        Some(v) if v == LANG_VERSION - 1 => {
            can_rewrite(db, at)?;
            add_languages_postgres(db)
        }
        Some(v) => Err(Error::Corrupt { at: at.clone(), detail: format!("schema version {v} is not a store schema") }),
    }
}

/// Brings a PostgreSQL store of the version before [`LANG_VERSION`] to it: adds `items.lang`
/// and labels the items already stored, in one transaction. Replicas that open the store at
/// once wait for the first one's lock and then find the work done.
fn add_languages_postgres(db: &mut Pg) -> Result<()> {
    let db: &mut dyn Sql = db;
    db.transaction(|tx| {
        tx.batch("LOCK TABLE assent_schema IN EXCLUSIVE MODE")?;
        if postgres_version(tx)? != Some(LANG_VERSION - 1) {
            return Ok(());
        }
        tx.batch(LANG_COLUMN)?;
        label_languages(tx)?;
        tx.execute("UPDATE assent_schema SET version = ?1 WHERE component = 'store'", args![LANG_VERSION])?;
        Ok(())
    })
}

/// Erasure rewrites the tables that hold member text (`VACUUM FULL`), which only their owner (or
/// a member of the owning role) may do; PostgreSQL would skip them with a mere warning, leaving
/// erased text in their pages. A role that cannot is refused at once.
fn can_rewrite(db: &mut dyn Sql, at: &Database) -> Result<()> {
    let (user, cannot) = db.query_one(
        "SELECT current_user::text, count(*) FILTER (WHERE NOT pg_has_role(current_user, c.relowner, 'USAGE'))
         FROM pg_class c WHERE c.oid IN ('members'::regclass, 'items'::regclass, 'experience'::regclass, 'messages'::regclass)
         GROUP BY current_user",
        &[],
        |r| Ok((r.text(0)?, r.int(1)?)),
    )?;
    if cannot > 0 {
        return Err(Error::Corrupt {
            at: at.clone(),
            detail: format!(
                "role `{user}` does not own the store's tables, and erasing a member's text rewrites them; \
                 connect as their owner, or GRANT the owning role to `{user}`"
            ),
        });
    }
    Ok(())
}
