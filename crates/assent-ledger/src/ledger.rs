//! The ledger itself: opening, recording (durably), and answering queries.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

use assent_policy::{Consent, Policy, PolicyHistory, Purpose, Region, Timestamp, SEED_POLICY};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::index::{ConsentIndex, Entry, MAX_INDEXED_POLICIES, MAX_INDEXED_SEQ};
use crate::{schema, Change, Error, Event, MemberId, Method, Result, Setting, SettingSource};

/// How far in the future (by the local clock) a change may be dated: clock skew between
/// processes, not back-dating the future.
const MAX_CLOCK_SKEW_MICROS: i64 = 60_000_000;

/// The consent ledger of one data directory.
///
/// Writes go to SQLite in a transaction that is fsync'd before [`Ledger::record`] returns;
/// the in-memory index is updated under the same lock, after catching up with events other
/// processes wrote, so it never misses one.
#[derive(Debug)]
pub struct Ledger {
    path: PathBuf,
    conn: Mutex<Connection>,
    /// Writes waiting for the connection; whoever gets it next commits them all (group commit).
    queue: Mutex<Vec<Arc<Pending>>>,
    index: RwLock<ConsentIndex>,
    policies: RwLock<PolicyHistory>,
    /// A second connection, opened on first use, for work that must not hold up writers:
    /// [`Ledger::checkpoint`] and [`Ledger::refresh`].
    side: Mutex<Option<Connection>>,
}

/// What a checkpoint found and did, in pages of the write-ahead log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// Pages in the log.
    pub logged: i64,
    /// Of those, pages now copied into the database.
    pub copied: i64,
}

impl Ledger {
    /// Creates a new ledger at `path` with the seed policy installed. Fails if the file exists.
    pub fn create(path: &Path) -> Result<Ledger> {
        Ledger::create_with_policy(path, "seed policy", SEED_POLICY)
    }

    /// Creates a new ledger at `path` with the policy `text` (read from `file`) installed as its
    /// first version. Fails if the file exists; a policy that does not parse leaves no file.
    pub fn create_with_policy(path: &Path, file: &str, text: &str) -> Result<Ledger> {
        Policy::parse(file, text)?;
        if path.exists() {
            return Err(Error::Corrupt {
                path: path.to_path_buf(),
                detail: "refusing to create over an existing file".into(),
            });
        }
        let mut conn = Connection::open(path)?;
        schema::configure(&conn)?;
        schema::create(&mut conn)?;
        let ledger = Ledger::from_connection(path, conn)?;
        // The first version of a new network: no answer was given before it, so any instant is fine.
        ledger.insert_policy(Policy::parse(file, text)?, text, Timestamp::now())?;
        Ok(ledger)
    }

    /// Opens an existing ledger. A missing, foreign, corrupt or newer-schema file is an error.
    pub fn open(path: &Path) -> Result<Ledger> {
        if !path.is_file() {
            return Err(Error::Missing { path: path.to_path_buf() });
        }
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(|e| Error::Corrupt { path: path.to_path_buf(), detail: e.to_string() })?;
        schema::check(&conn, path)?;
        schema::configure(&conn).map_err(|e| Error::Corrupt { path: path.to_path_buf(), detail: e.to_string() })?;
        Ledger::from_connection(path, conn)
    }

    /// Opens the ledger at `path`, creating it (with the seed policy) if the file does not exist.
    pub fn open_or_create(path: &Path) -> Result<Ledger> {
        if path.exists() {
            Ledger::open(path)
        } else {
            Ledger::create(path)
        }
    }

    fn from_connection(path: &Path, conn: Connection) -> Result<Ledger> {
        let ledger = Ledger {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
            queue: Mutex::default(),
            index: RwLock::new(ConsentIndex::default()),
            policies: RwLock::new(PolicyHistory::default()),
            side: Mutex::default(),
        };
        ledger.refresh()?;
        Ok(ledger)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn corrupt(&self, detail: impl Into<String>) -> Error {
        Error::Corrupt { path: self.path.clone(), detail: detail.into() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave the connection half-written: SQLite rolls
        // back an unfinished transaction when it is dropped.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Copies what it can of the write-ahead log into the database (a passive checkpoint: it
    /// waits for no reader and no writer), on a connection of its own, so that writers go on
    /// committing meanwhile. Commits still checkpoint the log once it passes 1 000 pages, which
    /// lets the next commit start it again from its beginning; a server that calls this a few
    /// times a second leaves them only the pages written since, so no write waits for a long
    /// one. (Left to this call alone, a log written without pause would never start again, and
    /// would grow without bound.)
    pub fn checkpoint(&self) -> Result<Checkpoint> {
        self.on_side(|conn| {
            // Columns: whether it was blocked (never, when passive), pages logged, pages copied.
            let (logged, copied) =
                conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get(1)?, r.get(2)?)))?;
            Ok(Checkpoint { logged, copied })
        })
    }

    /// Runs `f` on the side connection.
    fn on_side<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let mut slot = self.side.lock().unwrap_or_else(|e| e.into_inner());
        let conn = match &mut *slot {
            Some(conn) => conn,
            None => {
                let conn = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                schema::configure(&conn)?;
                slot.insert(conn)
            }
        };
        f(conn)
    }

    /// Reads events and policy versions written since the last look (by this or another process).
    /// Returns how many new events were applied. It reads on the side connection, and takes the
    /// one writers use only when another process wrote events: a background task (at a low CPU
    /// priority, say) that refreshes never holds up this process's writers.
    pub fn refresh(&self) -> Result<usize> {
        let newest = self.on_side(|conn| {
            self.reload_policies(conn)?;
            Ok(newest_seq(conn)?)
        })?;
        if newest <= self.index().last_seq {
            return Ok(0);
        }
        let conn = self.lock();
        self.catch_up(&conn)
    }

    fn reload_policies(&self, conn: &Connection) -> Result<()> {
        let mut stmt = conn.prepare_cached("SELECT version, effective_at, source FROM policy_versions")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?;
        let mut versions = Vec::new();
        for row in rows {
            let (version, effective_at, source) = row?;
            let policy = Policy::parse(&format!("policy {version} in {}", self.path.display()), &source)
                .map_err(|e| self.corrupt(format!("stored policy {version} no longer parses: {e}")))?;
            if policy.version() != version || policy.effective().0 != effective_at {
                return Err(self.corrupt(format!("stored policy {version} does not match its own text")));
            }
            versions.push(policy);
        }
        let history = PolicyHistory::new(versions).map_err(|e| self.corrupt(e.to_string()))?;
        *self.policies.write().unwrap_or_else(|e| e.into_inner()) = history;
        Ok(())
    }

    fn catch_up(&self, conn: &Connection) -> Result<usize> {
        let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
        let mut stmt = conn.prepare_cached(
            "SELECT seq, member_id, purpose, value, recorded_at, method, policy_version FROM consent_events
             WHERE seq > ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([index.last_seq])?;
        let mut applied = 0;
        while let Some(row) = rows.next()? {
            let seq: i64 = row.get(0)?;
            let member: i64 = row.get(1)?;
            let purpose: String = row.get(2)?;
            let value: i64 = row.get(3)?;
            let recorded_at: i64 = row.get(4)?;
            let method: String = row.get(5)?;
            let version: String = row.get(6)?;
            let member = u32::try_from(member)
                .ok()
                .filter(|&m| m > 0)
                .ok_or_else(|| self.corrupt(format!("event {seq}: member id {member} out of range")))?;
            let purpose: Purpose =
                purpose.parse().map_err(|_| self.corrupt(format!("event {seq}: unknown purpose `{purpose}`")))?;
            let value = match value {
                0 => false,
                1 => true,
                v => return Err(self.corrupt(format!("event {seq}: value {v} is neither 0 nor 1"))),
            };
            let method: Method =
                method.parse().map_err(|_| self.corrupt(format!("event {seq}: unknown method `{method}`")))?;
            let policy = index.intern(&version);
            let entry = Entry::new(recorded_at, seq, purpose, value, method, policy).ok_or_else(|| {
                self.corrupt(format!(
                    "event {seq}: beyond what the in-memory index holds (sequence numbers up to {MAX_INDEXED_SEQ}, {MAX_INDEXED_POLICIES} policy versions)"
                ))
            })?;
            index.apply(member, entry);
            applied += 1;
        }
        Ok(applied)
    }

    /// Installs a new policy version from its TOML text. Installed versions are never edited.
    /// A version must take effect in the future, after the notice period it states (members are
    /// notified first), so that no answer about an instant already past ever changes: one whose
    /// effective instant is too early is refused, with the earliest instant allowed.
    pub fn install_policy(&self, file: &str, text: &str) -> Result<Policy> {
        self.install_policy_at(file, text, Timestamp::now())
    }

    /// [`Ledger::install_policy`] as of `now` (an import of a policy history recorded elsewhere,
    /// or a test); `now` may not be in the future.
    pub fn install_policy_at(&self, file: &str, text: &str, now: Timestamp) -> Result<Policy> {
        if now.0 > Timestamp::now().0 + MAX_CLOCK_SKEW_MICROS {
            return Err(Error::FutureChange(now));
        }
        let policy = Policy::parse(file, text)?;
        if now > policy.install_deadline() {
            let earliest = Timestamp(now.0 + (policy.effective().0 - policy.install_deadline().0));
            return Err(Error::Policy(format!(
                "policy {} takes effect at {}, too early to install at {now}: members must be told {} days before, and a \
                 policy never applies retroactively; set `effective` to {earliest} or later",
                policy.version(),
                policy.effective(),
                policy.notice_days()
            )));
        }
        self.insert_policy(policy, text, now)
    }

    fn insert_policy(&self, policy: Policy, text: &str, installed_at: Timestamp) -> Result<Policy> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT version FROM policy_versions WHERE version = ?1 OR effective_at = ?2",
                params![policy.version(), policy.effective().0],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(existing) = existing {
            return Err(Error::Policy(format!(
                "policy {} cannot be installed: version `{existing}` already has that name or effective instant; installed versions are never replaced",
                policy.version()
            )));
        }
        tx.execute(
            "INSERT INTO policy_versions (version, effective_at, source, installed_at) VALUES (?1, ?2, ?3, ?4)",
            params![policy.version(), policy.effective().0, text, installed_at.0],
        )?;
        tx.commit()?;
        self.reload_policies(&conn)?;
        Ok(policy)
    }

    /// The policy versions installed, oldest first.
    pub fn policies(&self) -> RwLockReadGuard<'_, PolicyHistory> {
        self.policies.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Records one change and returns it once it is durable.
    pub fn record(&self, change: Change) -> Result<Event> {
        Ok(self.record_all(std::slice::from_ref(&change))?.remove(0))
    }

    /// Records several changes durably, all or nothing. Calls made while another is committing
    /// share the next transaction and its fsync (group commit); each keeps its own outcome.
    pub fn record_all(&self, changes: &[Change]) -> Result<Vec<Event>> {
        let now = Timestamp::now();
        let mut rows = Vec::with_capacity(changes.len());
        {
            let policies = self.policies();
            for c in changes {
                if !(1..=i64::from(u32::MAX)).contains(&c.member) {
                    return Err(Error::InvalidMember(c.member));
                }
                let at = c.recorded_at.unwrap_or(now);
                if at.0 > now.0 + MAX_CLOCK_SKEW_MICROS {
                    return Err(Error::FutureChange(at));
                }
                let version = match &c.policy_version {
                    Some(v) if policies.get(v).is_some() => v.clone(),
                    Some(v) => return Err(Error::Policy(format!("unknown policy version `{v}`"))),
                    None => policies
                        .in_force_at(at)
                        .or_else(|| policies.versions().first())
                        .map(|p| p.version().to_string())
                        .ok_or_else(|| Error::Policy("no policy version is installed".into()))?,
                };
                rows.push((c.clone(), at, version));
            }
        }
        // Group commit: queue the rows, then wait for the connection. Whoever holds it next
        // writes everything queued by then in one transaction with one fsync, each call's rows in
        // a savepoint of their own, and hands every caller its own outcome.
        let pending = Arc::new(Pending { rows, outcome: Mutex::new(None) });
        self.queue.lock().unwrap_or_else(|e| e.into_inner()).push(pending.clone());
        let conn = self.lock();
        if let Some(done) = pending.take() {
            return done;
        }
        let batch = std::mem::take(&mut *self.queue.lock().unwrap_or_else(|e| e.into_inner()));
        self.commit_batch(conn, &batch);
        pending.take().unwrap_or_else(|| Err(self.corrupt("a queued change was not written")))
    }

    /// Writes `batch` in one durable transaction, each entry in a savepoint, and sets every
    /// entry's outcome; then updates the index.
    fn commit_batch(&self, mut conn: std::sync::MutexGuard<'_, Connection>, batch: &[Arc<Pending>]) {
        let written = (|| -> Result<Vec<Result<Vec<Event>>>> {
            let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut outcomes = Vec::with_capacity(batch.len());
            for p in batch {
                let sp = tx.savepoint()?;
                let outcome = insert_rows(&sp, &p.rows).and_then(|events| Ok(sp.commit().map(|()| events)?));
                outcomes.push(outcome);
            }
            tx.commit()?;
            Ok(outcomes)
        })();
        // Applies other processes' events and ours, in sequence order, under the connection lock.
        let caught_up = self.catch_up(&conn).map(drop);
        match (written, caught_up) {
            (Ok(outcomes), Ok(())) => {
                for (p, outcome) in batch.iter().zip(outcomes) {
                    p.set(outcome);
                }
            }
            (Err(e), _) | (Ok(_), Err(e)) => {
                let e = Arc::new(e);
                for p in batch {
                    p.set(Err(Error::Shared(e.clone())));
                }
            }
        }
    }

    /// The in-memory index, for consent checks in bulk (hold the guard briefly).
    pub fn index(&self) -> RwLockReadGuard<'_, ConsentIndex> {
        self.index.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The member's explicit choice as of `t` in the form the eligibility rule takes.
    pub fn consent_as_of(&self, member: MemberId, purpose: Purpose, t: Timestamp) -> Consent {
        match self.index().explicit_as_of(member, purpose, t) {
            Some(v) => Consent::Explicit(v),
            None => Consent::NoChoice,
        }
    }

    /// The member's setting as of `t`, resolved: the latest event at or before `t`, else the
    /// default of `region` under the policy in force at `t`, else OFF. Read from the in-memory
    /// index, so it costs no query; the one resolution of "setting as of T" that the server's
    /// pages, the API and the do-not-train signals share.
    pub fn setting_as_of(&self, member: MemberId, region: Region, purpose: Purpose, t: Timestamp) -> Result<Setting> {
        if let Some(event) = self.index().event_as_of(member, purpose, t) {
            return Ok(Setting { value: event.value, source: SettingSource::Event(event) });
        }
        let policies = self.policies();
        Ok(match policies.in_force_at(t) {
            Some(p) => Setting {
                value: p.default_setting(region, purpose),
                source: SettingSource::RegionDefault {
                    policy_version: p.version().to_string(),
                    basis: p.basis(region, purpose),
                },
            },
            None => Setting { value: false, source: SettingSource::NoPolicyInForce },
        })
    }

    /// The latest event for (member, purpose) recorded at or before `t` (or ever, when `t` is
    /// `None`), straight from SQL. The index answers the same question without a query.
    pub fn sql_latest_event(&self, member: MemberId, purpose: Purpose, t: Option<Timestamp>) -> Result<Option<Event>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT seq, member_id, purpose, value, recorded_at, method, policy_version FROM consent_events
             WHERE member_id = ?1 AND purpose = ?2 AND recorded_at <= ?3
             ORDER BY recorded_at DESC, seq DESC LIMIT 1",
        )?;
        let event =
            stmt.query_row(params![member, purpose.as_str(), t.map_or(i64::MAX, |t| t.0)], row_to_event).optional()?;
        event.transpose().map_err(|e| self.corrupt(e))
    }

    /// Every event of one member, in sequence order.
    pub fn history(&self, member: MemberId) -> Result<Vec<Event>> {
        self.history_after(member, 0, usize::MAX)
    }

    /// At most `limit` events of one member with a sequence number above `after`, in sequence
    /// order: one page of [`Ledger::history`].
    pub fn history_after(&self, member: MemberId, after: i64, limit: usize) -> Result<Vec<Event>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT seq, member_id, purpose, value, recorded_at, method, policy_version FROM consent_events
             WHERE member_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![member, after, limit], row_to_event)?;
        let mut events = Vec::new();
        for row in rows {
            events.push(row?.map_err(|e| self.corrupt(e))?);
        }
        Ok(events)
    }

    /// Calls `f` with the latest event of each of `members` for each purpose recorded at or
    /// before `t`, among the events numbered up to `last_seq` (at most the index's
    /// [`ConsentIndex::last_seq`]): all that the eligibility rule reads of the ledger about them
    /// as of `t`. Answered by the index, a few thousand members at a time, so that writers never
    /// wait long for it; `f` is called outside the index's lock.
    pub fn latest_events<E: From<Error>>(
        &self,
        members: &[MemberId],
        t: Timestamp,
        last_seq: i64,
        mut f: impl FnMut(Event) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        // The index only grows: once it holds `last_seq`, every chunk's answer is as of it.
        let held = self.index().last_seq();
        if last_seq > held {
            return Err(self.corrupt(format!("event {last_seq} asked for, the index holds up to {held}")).into());
        }
        for chunk in members.chunks(READ_CHUNK as usize) {
            let events: Vec<Event> = {
                let index = self.index();
                (chunk.iter())
                    .flat_map(|&m| Purpose::ALL.map(|p| index.event_as_of_upto(m, p, t, last_seq)))
                    .flatten()
                    .collect()
            };
            events.into_iter().try_for_each(&mut f)?;
        }
        Ok(())
    }

    /// A consistent read of every event on a connection of its own (for snapshots): what the
    /// ledger held when this returns, whatever is recorded meanwhile, and without holding the
    /// connection that writes, so that writers never wait for it.
    pub fn reader(&self) -> Result<LedgerReader> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let last_seq = newest_seq(&conn)?;
        Ok(LedgerReader { conn, last_seq, path: self.path.clone() })
    }
}

/// Events a [`LedgerReader`] reads in one short read transaction.
const READ_CHUNK: i64 = 4096;

/// A read-only view of the ledger as of one instant; see [`Ledger::reader`].
///
/// The instant is the highest sequence number when it was made. The ledger is append-only and
/// numbers events in commit order, so the events up to that number never change, and the view
/// reads them a few thousand at a time, each in a read transaction of its own. It never holds one
/// for long: a long one would keep the write-ahead log from being copied into the database and
/// started again, and the commit after it would have to copy all that was logged meanwhile.
#[derive(Debug)]
pub struct LedgerReader {
    conn: Connection,
    last_seq: i64,
    path: PathBuf,
}

impl LedgerReader {
    /// The highest sequence number in the view (0 for an empty ledger).
    pub fn last_seq(&self) -> i64 {
        self.last_seq
    }

    /// Calls `f` with each event of the view in sequence order, one at a time (never inside a
    /// read transaction).
    pub fn events<E: From<Error>>(
        &self,
        mut f: impl FnMut(Event) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, member_id, purpose, value, recorded_at, method, policy_version FROM consent_events
                 WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3",
            )
            .map_err(Error::from)?;
        let mut after = 0;
        let mut chunk = Vec::with_capacity(READ_CHUNK as usize);
        loop {
            let mut rows = stmt.query(params![after, self.last_seq, READ_CHUNK]).map_err(Error::from)?;
            while let Some(row) = rows.next().map_err(Error::from)? {
                let event = row_to_event(row)
                    .map_err(Error::from)?
                    .map_err(|detail| Error::Corrupt { path: self.path.clone(), detail })?;
                chunk.push(event);
            }
            // Dropping the rows ends the read transaction before `f` sees any of them.
            drop(rows);
            let Some(last) = chunk.last() else { return Ok(()) };
            after = last.seq;
            for event in chunk.drain(..) {
                f(event)?;
            }
        }
    }
}

/// One call's changes waiting in the group-commit queue, and what became of them.
#[derive(Debug)]
struct Pending {
    rows: Vec<(Change, Timestamp, String)>,
    outcome: Mutex<Option<Result<Vec<Event>>>>,
}

impl Pending {
    fn set(&self, outcome: Result<Vec<Event>>) {
        *self.outcome.lock().unwrap_or_else(|e| e.into_inner()) = Some(outcome);
    }

    fn take(&self) -> Option<Result<Vec<Event>>> {
        self.outcome.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

/// Inserts one call's rows and returns them as events.
fn insert_rows(conn: &Connection, rows: &[(Change, Timestamp, String)]) -> Result<Vec<Event>> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO consent_events (member_id, purpose, value, recorded_at, method, policy_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut events = Vec::with_capacity(rows.len());
    for (c, at, version) in rows {
        insert.execute(params![c.member, c.purpose.as_str(), c.value, at.0, c.method.as_str(), version])?;
        events.push(Event {
            seq: conn.last_insert_rowid(),
            member: c.member,
            purpose: c.purpose,
            value: c.value,
            recorded_at: *at,
            method: c.method,
            policy_version: version.clone(),
        });
    }
    Ok(events)
}

/// The highest sequence number in the database (0 when it holds no event).
fn newest_seq(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM consent_events", [], |r| r.get(0))
}

type EventRow = std::result::Result<Event, String>;

fn row_to_event(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    let seq: i64 = r.get(0)?;
    let purpose: String = r.get(2)?;
    let method: String = r.get(5)?;
    let value: i64 = r.get(3)?;
    Ok((|| {
        Ok(Event {
            seq,
            member: r.get(1).map_err(|e| e.to_string())?,
            purpose: purpose.parse().map_err(|_| format!("event {seq}: unknown purpose `{purpose}`"))?,
            value: match value {
                0 => false,
                1 => true,
                v => return Err(format!("event {seq}: value {v} is neither 0 nor 1")),
            },
            recorded_at: Timestamp(r.get(4).map_err(|e| e.to_string())?),
            method: method.parse::<Method>().map_err(|_| format!("event {seq}: unknown method `{method}`"))?,
            policy_version: r.get(6).map_err(|e| e.to_string())?,
        })
    })())
}
