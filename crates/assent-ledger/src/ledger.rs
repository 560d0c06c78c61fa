//! The ledger itself: opening, recording (durably), and answering queries, on either database.

use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard};

use assent_policy::{Consent, Policy, PolicyHistory, Purpose, Region, Timestamp, SEED_POLICY};

use crate::backend::{Conn, RawEvent, Row};
use crate::index::{ConsentIndex, Entry, MAX_INDEXED_POLICIES, MAX_INDEXED_SEQ};
use crate::{pg, sqlite, Change, Database, Error, Event, MemberId, Result, Setting, SettingSource};

/// How far in the future (by the local clock) a change may be dated: clock skew between
/// processes, not back-dating the future.
const MAX_CLOCK_SKEW_MICROS: i64 = 60_000_000;

/// Events read per query while catching up with the database.
const CATCH_UP_CHUNK: i64 = 65_536;

/// The consent ledger of one installation, in an SQLite file or a PostgreSQL database.
///
/// Writes go to the database in a transaction that is durable before [`Ledger::record`]
/// returns; the in-memory index is updated under the same lock, after catching up with events
/// other processes wrote, so it never misses one.
#[derive(Debug)]
pub struct Ledger {
    at: Database,
    conn: Mutex<Box<dyn Conn>>,
    /// Writes waiting for the connection; whoever gets it next commits them all (group commit).
    queue: Mutex<Vec<Arc<Pending>>>,
    index: RwLock<ConsentIndex>,
    policies: RwLock<PolicyHistory>,
    /// A second connection, opened on first use, for work that must not hold up writers:
    /// [`Ledger::checkpoint`] and [`Ledger::refresh`].
    side: Mutex<Option<Box<dyn Conn>>>,
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
    /// Creates a new ledger with the seed policy installed: a new SQLite file (fails if the file
    /// exists), or the ledger's tables in a PostgreSQL database (fails if it has them).
    pub fn create(at: impl Into<Database>) -> Result<Ledger> {
        Ledger::create_with_policy(at, "seed policy", SEED_POLICY)
    }

    /// Creates a new ledger with the policy `text` (read from `file`) installed as its first
    /// version. Fails if there is one already; a policy that does not parse creates nothing.
    pub fn create_with_policy(at: impl Into<Database>, file: &str, text: &str) -> Result<Ledger> {
        let at = at.into();
        let policy = Policy::parse(file, text)?;
        let conn: Box<dyn Conn> = match &at {
            Database::Sqlite(path) => Box::new(sqlite::create(path)?),
            Database::Postgres(url) => Box::new(pg::create(url)?),
        };
        let ledger = Ledger::from_connection(at, conn)?;
        // The first version of a new network: no answer was given before it, so any instant is fine.
        ledger.insert_policy(policy, text, Timestamp::now())?;
        Ok(ledger)
    }

    /// Opens an existing ledger. A missing, foreign, corrupt or newer-schema database is an error.
    pub fn open(at: impl Into<Database>) -> Result<Ledger> {
        let at = at.into();
        let conn: Box<dyn Conn> = match &at {
            Database::Sqlite(path) => Box::new(sqlite::open(path)?),
            Database::Postgres(url) => Box::new(pg::open(url)?),
        };
        Ledger::from_connection(at, conn)
    }

    /// Opens the ledger, creating it (with the seed policy) if there is none.
    pub fn open_or_create(at: impl Into<Database>) -> Result<Ledger> {
        let at = at.into();
        match Ledger::open(&at) {
            Err(Error::Missing { .. }) => Ledger::create(&at),
            opened => opened,
        }
    }

    fn from_connection(at: Database, conn: Box<dyn Conn>) -> Result<Ledger> {
        let ledger = Ledger {
            at,
            conn: Mutex::new(conn),
            queue: Mutex::default(),
            index: RwLock::new(ConsentIndex::default()),
            policies: RwLock::new(PolicyHistory::default()),
            side: Mutex::default(),
        };
        ledger.refresh()?;
        Ok(ledger)
    }

    /// The database that holds the ledger.
    pub fn database(&self) -> &Database {
        &self.at
    }

    /// A new connection to the ledger's database (already checked when the ledger was opened).
    fn connect(&self, read_only: bool) -> Result<Box<dyn Conn>> {
        Ok(match &self.at {
            Database::Sqlite(path) if read_only => Box::new(sqlite::reader(path)?),
            Database::Sqlite(path) => Box::new(sqlite::side(path)?),
            Database::Postgres(url) => Box::new(pg::another(url)?),
        })
    }

    fn corrupt(&self, detail: impl Into<String>) -> Error {
        Error::Corrupt { at: self.at.clone(), detail: detail.into() }
    }

    fn lock(&self) -> MutexGuard<'_, Box<dyn Conn>> {
        // A panic while holding the lock cannot leave the connection half-written: an unfinished
        // transaction is rolled back when it is dropped.
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
        self.on_side(|conn| conn.checkpoint())
    }

    /// Runs `f` on the side connection.
    fn on_side<T>(&self, f: impl FnOnce(&mut dyn Conn) -> Result<T>) -> Result<T> {
        let mut slot = self.side.lock().unwrap_or_else(|e| e.into_inner());
        let conn = match &mut *slot {
            Some(conn) => conn,
            None => slot.insert(self.connect(false)?),
        };
        f(conn.as_mut())
    }

    /// Reads events and policy versions written since the last look (by this or another process).
    /// Returns how many new events were applied. It reads on the side connection, and takes the
    /// one writers use only when another process wrote events: a background task (at a low CPU
    /// priority, say) that refreshes never holds up this process's writers.
    pub fn refresh(&self) -> Result<usize> {
        let newest = self.on_side(|conn| {
            self.reload_policies(conn)?;
            conn.newest_seq()
        })?;
        if newest <= self.index().last_seq {
            return Ok(0);
        }
        let mut conn = self.lock();
        self.catch_up(conn.as_mut())
    }

    fn reload_policies(&self, conn: &mut dyn Conn) -> Result<()> {
        let mut versions = Vec::new();
        for (version, effective_at, source) in conn.policies()? {
            let policy = Policy::parse(&format!("policy {version} in {}", self.at), &source)
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

    fn catch_up(&self, conn: &mut dyn Conn) -> Result<usize> {
        let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
        let mut applied = 0;
        let mut chunk = Vec::new();
        loop {
            conn.events(index.last_seq, i64::MAX, CATCH_UP_CHUNK, &mut chunk)?;
            if chunk.is_empty() {
                return Ok(applied);
            }
            for raw in chunk.drain(..) {
                let event = raw.parse().map_err(|e| self.corrupt(e))?;
                let seq = event.seq;
                let member = u32::try_from(event.member)
                    .ok()
                    .filter(|&m| m > 0)
                    .ok_or_else(|| self.corrupt(format!("event {seq}: member id {} out of range", event.member)))?;
                let policy = index.intern(&event.policy_version);
                let entry =
                    Entry::new(event.recorded_at.0, seq, event.purpose, event.value, event.method, policy)
                        .ok_or_else(|| {
                            self.corrupt(format!(
                                "event {seq}: beyond what the in-memory index holds (sequence numbers up to {MAX_INDEXED_SEQ}, {MAX_INDEXED_POLICIES} policy versions)"
                            ))
                        })?;
                index.apply(member, entry);
                applied += 1;
            }
        }
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
        let row = (policy.version().to_string(), policy.effective().0, text.to_string());
        if let Some(existing) = conn.insert_policy(&row, installed_at.0)? {
            return Err(Error::Policy(format!(
                "policy {} cannot be installed: version `{existing}` already has that name or effective instant; installed versions are never replaced",
                policy.version()
            )));
        }
        self.reload_policies(conn.as_mut())?;
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
    fn commit_batch(&self, mut conn: MutexGuard<'_, Box<dyn Conn>>, batch: &[Arc<Pending>]) {
        let rows: Vec<&[Row]> = batch.iter().map(|p| p.rows.as_slice()).collect();
        let written = conn.commit(&rows);
        // Applies other processes' events and ours, in sequence order, under the connection lock.
        let caught_up = self.catch_up(conn.as_mut()).map(drop);
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
    pub fn consent_as_of(&self, member: MemberId, purpose: Purpose, t: Timestamp) -> Result<Consent> {
        Ok(match self.event_as_of(member, purpose, t)? {
            Some(e) => Consent::Explicit(e.value),
            None => Consent::NoChoice,
        })
    }

    /// The latest event of `member` for `purpose` recorded at or before `t` (ties broken by
    /// sequence number), among the events the index holds. The index answers when the member's
    /// latest event is not newer than `t` (the settings pages, the export as of now); otherwise
    /// one query on the side connection does, so writers never wait for it.
    pub fn event_as_of(&self, member: MemberId, purpose: Purpose, t: Timestamp) -> Result<Option<Event>> {
        let held = {
            let index = self.index();
            if let Some(known) = index.latest_upto(member, purpose, t, i64::MAX) {
                return Ok(known);
            }
            index.last_seq()
        };
        // What the index has not applied yet is not asked for: the answer is the index's.
        self.latest_in_database(member, purpose, t, held)
    }

    /// What the index cannot answer: the latest event as of `t` among those numbered up to
    /// `last_seq`, asked on the side connection, so writers never wait for it.
    fn latest_in_database(
        &self,
        member: MemberId,
        purpose: Purpose,
        t: Timestamp,
        last_seq: i64,
    ) -> Result<Option<Event>> {
        let raw = self.on_side(|c| c.latest_event(member, purpose.as_str(), t.0, last_seq))?;
        raw.map(RawEvent::parse).transpose().map_err(|e| self.corrupt(e))
    }

    /// The member's setting as of `t`, resolved: the latest event at or before `t`, else the
    /// default of `region` under the policy in force at `t`, else OFF. Read from the in-memory
    /// index, so it costs no query; the one resolution of "setting as of T" that the server's
    /// pages, the API and the do-not-train signals share.
    pub fn setting_as_of(&self, member: MemberId, region: Region, purpose: Purpose, t: Timestamp) -> Result<Setting> {
        if let Some(event) = self.event_as_of(member, purpose, t)? {
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
        let raw = self.lock().latest_event(member, purpose.as_str(), t.map_or(i64::MAX, |t| t.0), i64::MAX)?;
        raw.map(RawEvent::parse).transpose().map_err(|e| self.corrupt(e))
    }

    /// Every event of one member, in sequence order.
    pub fn history(&self, member: MemberId) -> Result<Vec<Event>> {
        self.history_after(member, 0, usize::MAX)
    }

    /// At most `limit` events of one member with a sequence number above `after`, in sequence
    /// order: one page of [`Ledger::history`].
    pub fn history_after(&self, member: MemberId, after: i64, limit: usize) -> Result<Vec<Event>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.lock().history_after(member, after, limit)?;
        rows.into_iter().map(|raw| raw.parse().map_err(|e| self.corrupt(e))).collect()
    }

    /// Calls `f` with the latest event of each of `members` for each purpose recorded at or
    /// before `t`, among the events numbered up to `last_seq` (at most the index's
    /// [`ConsentIndex::last_seq`]): all that the eligibility rule reads of the ledger about them
    /// as of `t`. Answered by the index, a few thousand members at a time, so that writers never
    /// wait long for it; `f` is called outside the index's lock. A member whose latest event is
    /// newer than `t` or `last_seq` (written since the snapshot began) is asked of the database
    /// on the side connection.
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
            let mut ask = Vec::new();
            let events: Vec<Event> = {
                let index = self.index();
                let mut events = Vec::new();
                for &m in chunk {
                    for p in Purpose::ALL {
                        match index.latest_upto(m, p, t, last_seq) {
                            Some(known) => events.extend(known),
                            None => ask.push((m, p)),
                        }
                    }
                }
                events
            };
            // `last_seq` is at most what the index holds (checked above).
            for (m, p) in ask {
                if let Some(e) = self.latest_in_database(m, p, t, last_seq)? {
                    f(e)?;
                }
            }
            events.into_iter().try_for_each(&mut f)?;
        }
        Ok(())
    }

    /// Tries to become the one process, among all that share this ledger's database, that does
    /// `role` (the background unlearner, say); `None` when another holds it. The role is held
    /// until the returned guard is dropped or the process dies, whatever the way: PostgreSQL
    /// releases a session's advisory lock when its connection ends, the kernel a file lock when
    /// its holder exits.
    pub fn lead(&self, role: &str) -> Result<Option<Leadership>> {
        match &self.at {
            Database::Postgres(url) => {
                Ok(pg::lead(url, role)?.map(|client| Leadership { _held: Held::Postgres(Box::new(client)) }))
            }
            Database::Sqlite(path) => {
                let mut lock = path.clone().into_os_string();
                lock.push(format!(".{role}.lock"));
                let file = std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&lock)
                    .map_err(|e| self.corrupt(format!("cannot open {}: {e}", lock.to_string_lossy())))?;
                match file.try_lock() {
                    Ok(()) => Ok(Some(Leadership { _held: Held::File(file) })),
                    Err(std::fs::TryLockError::WouldBlock) => Ok(None),
                    Err(std::fs::TryLockError::Error(e)) => {
                        Err(self.corrupt(format!("cannot lock {}: {e}", lock.to_string_lossy())))
                    }
                }
            }
        }
    }

    /// A consistent read of every event on a connection of its own (for snapshots): what the
    /// ledger held when this returns, whatever is recorded meanwhile, and without holding the
    /// connection that writes, so that writers never wait for it.
    pub fn reader(&self) -> Result<LedgerReader> {
        let mut conn = self.connect(true)?;
        let last_seq = conn.newest_seq()?;
        Ok(LedgerReader { conn: Mutex::new(conn), last_seq, at: self.at.clone() })
    }
}

/// A role held by this process alone (see [`Ledger::lead`]); dropping it lets another take it.
#[derive(Debug)]
pub struct Leadership {
    _held: Held,
}

enum Held {
    /// The connection whose session holds the advisory lock.
    Postgres(Box<crate::PgClient>),
    /// The locked file.
    File(std::fs::File),
}

impl std::fmt::Debug for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Held::Postgres(c) => write!(f, "an advisory lock of a PostgreSQL session (closed: {})", c.is_closed()),
            Held::File(file) => write!(f, "a lock on {file:?}"),
        }
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
    conn: Mutex<Box<dyn Conn>>,
    last_seq: i64,
    at: Database,
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
        let mut after = 0;
        let mut chunk = Vec::with_capacity(READ_CHUNK as usize);
        loop {
            {
                let mut conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
                conn.events(after, self.last_seq, READ_CHUNK, &mut chunk)?;
            }
            let Some(last) = chunk.last() else { return Ok(()) };
            after = last.seq;
            for raw in chunk.drain(..) {
                let event = raw.parse().map_err(|detail| Error::Corrupt { at: self.at.clone(), detail })?;
                f(event)?;
            }
        }
    }
}

/// One call's changes waiting in the group-commit queue, and what became of them.
#[derive(Debug)]
struct Pending {
    rows: Vec<Row>,
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
