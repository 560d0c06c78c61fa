//! The ledger on PostgreSQL, for several servers sharing one database: its schema, its version
//! check, and its statements.
//!
//! The client is the blocking `postgres` crate: the ledger's API is synchronous (its callers in
//! the server already run it on the blocking pool), so a blocking client keeps one code path for
//! both databases. The ledger holds a handful of long-lived connections (one that writes, one
//! on the side, one per reader), so it needs no pool.

use postgres::{GenericClient, Statement};

use crate::backend::{inserted, Conn, PolicyRow, RawEvent, Row};
use crate::database::{PgClient, PostgresUrl};
use crate::{Checkpoint, Database, Error, Event, Result};

/// The newest schema version of the ledger's tables that this build reads and writes.
pub(crate) const SCHEMA_VERSION: i64 = 1;

/// The advisory lock every writer holds from its first insert to its commit, on any server: it
/// makes sequence numbers follow commit order, so a reader that has seen event n has seen every
/// event below n (PostgreSQL hands out sequence values at insert, not at commit).
const WRITER_LOCK: i64 = 0x4153_4E4C;

/// The role that may read and append to the ledger and nothing else; an application's login
/// role is made a member of it (`GRANT assent_writer TO app`).
pub const WRITER_ROLE: &str = "assent_writer";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS assent_schema (
    component TEXT PRIMARY KEY,
    version   BIGINT NOT NULL
);
CREATE TABLE policy_versions (
    version      TEXT PRIMARY KEY,
    effective_at BIGINT NOT NULL UNIQUE,   -- microseconds since the Unix epoch, UTC
    source       TEXT NOT NULL,            -- the TOML document as installed
    installed_at BIGINT NOT NULL
);
CREATE TABLE consent_events (
    seq            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id      BIGINT  NOT NULL CHECK (member_id BETWEEN 1 AND 4294967295),
    purpose        TEXT    NOT NULL CHECK (purpose IN ('train-genai', 'train-ai')),
    value          BOOLEAN NOT NULL,
    recorded_at    BIGINT  NOT NULL,       -- microseconds since the Unix epoch, UTC
    method         TEXT    NOT NULL CHECK (method IN ('web', 'api', 'import', 'gpc', 'default')),
    policy_version TEXT    NOT NULL REFERENCES policy_versions (version)
);
CREATE INDEX consent_events_by_member ON consent_events (member_id, purpose, recorded_at, seq);
CREATE FUNCTION assent_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation'; END $$;
-- Statement-level, so that even an UPDATE or DELETE that matches no row is refused.
CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON consent_events
    FOR EACH STATEMENT EXECUTE FUNCTION assent_refuse('the consent ledger is append-only');
CREATE TRIGGER policy_versions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON policy_versions
    FOR EACH STATEMENT EXECUTE FUNCTION assent_refuse('policy versions are never edited or deleted; install a new version');
DO $$ BEGIN
    CREATE ROLE assent_writer NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
REVOKE ALL ON consent_events, policy_versions FROM PUBLIC;
GRANT SELECT, INSERT ON consent_events, policy_versions TO assent_writer;
GRANT SELECT ON assent_schema TO assent_writer;
INSERT INTO assent_schema (component, version) VALUES ('ledger', 1);
";

/// A connection and the statements it has prepared.
pub(crate) struct Pg {
    client: PgClient,
    statements: Vec<(&'static str, Statement)>,
}

fn connect(url: &PostgresUrl) -> Result<PgClient> {
    PgClient::connect(url).map_err(|source| Error::Unreachable { at: url.to_string(), source })
}

/// The ledger's schema version in the database, if it has a ledger.
fn installed_version(client: &mut impl GenericClient) -> Result<Option<i64>> {
    // Asked first, so that a database without the table aborts no transaction.
    let has_table: bool = client.query_one("SELECT to_regclass('assent_schema') IS NOT NULL", &[])?.get(0);
    if !has_table {
        return Ok(None);
    }
    let row = client.query_opt("SELECT version FROM assent_schema WHERE component = 'ledger'", &[])?;
    Ok(row.map(|r| r.get(0)))
}

/// Creates the ledger's tables in the database at `url`. Fails if it already has them.
pub(crate) fn create(url: &PostgresUrl) -> Result<Pg> {
    let mut client = connect(url)?;
    let mut tx = client.transaction()?;
    if installed_version(&mut tx)?.is_some() {
        return Err(Error::Corrupt {
            at: Database::Postgres(url.clone()),
            detail: "refusing to create a ledger where one exists".into(),
        });
    }
    tx.batch_execute(SCHEMA)?;
    tx.commit()?;
    Ok(Pg::new(client))
}

/// Opens the ledger in the database at `url`. A database without one, or with a newer schema,
/// is an error.
pub(crate) fn open(url: &PostgresUrl) -> Result<Pg> {
    let mut client = connect(url)?;
    let at = || Database::Postgres(url.clone());
    match installed_version(&mut *client)? {
        None => Err(Error::Missing { at: at() }),
        Some(v) if v > SCHEMA_VERSION => Err(Error::NewerSchema { at: at(), found: v, supported: SCHEMA_VERSION }),
        Some(v) if v < 1 => {
            Err(Error::Corrupt { at: at(), detail: format!("schema version {v} is not a ledger schema") })
        }
        Some(_) => Ok(Pg::new(client)),
    }
}

/// A connection whose session holds the advisory lock of `role`, unless another session does.
pub(crate) fn lead(url: &PostgresUrl, role: &str) -> Result<Option<PgClient>> {
    let mut client = connect(url)?;
    let led: bool = client.query_one("SELECT pg_try_advisory_lock(hashtext($1))", &[&role])?.get(0);
    Ok(led.then_some(client))
}

/// Another connection to a ledger already opened.
pub(crate) fn another(url: &PostgresUrl) -> Result<Pg> {
    Ok(Pg::new(connect(url)?))
}

fn raw_event(r: &postgres::Row) -> RawEvent {
    RawEvent {
        seq: r.get(0),
        member: r.get(1),
        purpose: r.get(2),
        value: r.get(3),
        recorded_at: r.get(4),
        method: r.get(5),
        policy_version: r.get(6),
    }
}

impl Pg {
    fn new(client: PgClient) -> Pg {
        Pg { client, statements: Vec::new() }
    }

    /// `sql`, prepared once per connection.
    fn statement(&mut self, sql: &'static str) -> Result<Statement> {
        if let Some((_, s)) = self.statements.iter().find(|(q, _)| std::ptr::eq(*q, sql)) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.statements.push((sql, s.clone()));
        Ok(s)
    }
}

const NEWEST: &str = "SELECT COALESCE(MAX(seq), 0)::int8 FROM consent_events";
const POLICIES: &str = "SELECT version, effective_at, source FROM policy_versions";
const EVENTS: &str =
    "SELECT seq, member_id, purpose, (CASE WHEN value THEN 1 ELSE 0 END)::int8, recorded_at, method, policy_version
     FROM consent_events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3";
const LATEST: &str =
    "SELECT seq, member_id, purpose, (CASE WHEN value THEN 1 ELSE 0 END)::int8, recorded_at, method, policy_version
     FROM consent_events WHERE member_id = $1 AND purpose = $2 AND recorded_at <= $3 AND seq <= $4
     ORDER BY recorded_at DESC, seq DESC LIMIT 1";
const HISTORY: &str =
    "SELECT seq, member_id, purpose, (CASE WHEN value THEN 1 ELSE 0 END)::int8, recorded_at, method, policy_version
     FROM consent_events WHERE member_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";
const INSERT: &str = "INSERT INTO consent_events (member_id, purpose, value, recorded_at, method, policy_version)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq";

impl Conn for Pg {
    fn newest_seq(&mut self) -> Result<i64> {
        let s = self.statement(NEWEST)?;
        Ok(self.client.query_one(&s, &[])?.get(0))
    }

    fn policies(&mut self) -> Result<Vec<PolicyRow>> {
        let s = self.statement(POLICIES)?;
        Ok(self.client.query(&s, &[])?.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect())
    }

    fn events(&mut self, after: i64, upto: i64, limit: i64, out: &mut Vec<RawEvent>) -> Result<()> {
        let s = self.statement(EVENTS)?;
        out.extend(self.client.query(&s, &[&after, &upto, &limit])?.iter().map(raw_event));
        Ok(())
    }

    fn insert_policy(&mut self, row: &PolicyRow, installed_at: i64) -> Result<Option<String>> {
        let (version, effective_at, source) = row;
        let mut tx = self.client.transaction()?;
        // Policy installs are rare; the writers' lock keeps two servers from racing past the check.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])?;
        let existing = tx.query_opt(
            "SELECT version FROM policy_versions WHERE version = $1 OR effective_at = $2",
            &[version, effective_at],
        )?;
        if let Some(existing) = existing {
            return Ok(Some(existing.get(0)));
        }
        tx.execute(
            "INSERT INTO policy_versions (version, effective_at, source, installed_at) VALUES ($1, $2, $3, $4)",
            &[version, effective_at, source, &installed_at],
        )?;
        tx.commit()?;
        Ok(None)
    }

    fn commit(&mut self, batch: &[&[Row]]) -> Result<Vec<Result<Vec<Event>>>> {
        let insert = self.statement(INSERT)?;
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITER_LOCK])?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for rows in batch {
            let mut sp = tx.transaction()?;
            let outcome = (|| -> Result<Vec<Event>> {
                let mut events = Vec::with_capacity(rows.len());
                for row in rows.iter() {
                    let (c, at, version) = row;
                    let seq: i64 = sp
                        .query_one(
                            &insert,
                            &[&c.member, &c.purpose.as_str(), &c.value, &at.0, &c.method.as_str(), version],
                        )?
                        .get(0);
                    events.push(inserted(row, seq));
                }
                Ok(events)
            })();
            // Dropping a savepoint that was not committed rolls back to it.
            if outcome.is_ok() {
                sp.commit()?;
            } else {
                sp.rollback()?;
            }
            outcomes.push(outcome);
        }
        // `synchronous_commit` (on by default) makes the commit durable before it returns.
        tx.commit()?;
        Ok(outcomes)
    }

    fn latest_event(&mut self, member: i64, purpose: &str, t: i64, last_seq: i64) -> Result<Option<RawEvent>> {
        let s = self.statement(LATEST)?;
        Ok(self.client.query_opt(&s, &[&member, &purpose, &t, &last_seq])?.as_ref().map(raw_event))
    }

    fn history_after(&mut self, member: i64, after: i64, limit: i64) -> Result<Vec<RawEvent>> {
        let s = self.statement(HISTORY)?;
        Ok(self.client.query(&s, &[&member, &after, &limit])?.iter().map(raw_event).collect())
    }

    fn checkpoint(&mut self) -> Result<Checkpoint> {
        Ok(Checkpoint { logged: 0, copied: 0 })
    }
}

impl std::fmt::Debug for Pg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pg")
    }
}
