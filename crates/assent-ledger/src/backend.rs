//! What the ledger asks of its database, whichever it is: a handful of statements, each answered
//! by the SQLite connection (`sqlite.rs`) and the PostgreSQL one (`pg.rs`) alike. The ledger's
//! logic (validation, group commit, the index, policies) lives once, in `ledger.rs`.

use assent_policy::Timestamp;

use crate::{Change, Checkpoint, Event, Result};

/// An event as stored, before its fields are checked.
#[derive(Debug)]
pub(crate) struct RawEvent {
    pub seq: i64,
    pub member: i64,
    pub purpose: String,
    /// 0 or 1 (anything else is corruption).
    pub value: i64,
    pub recorded_at: i64,
    pub method: String,
    pub policy_version: String,
}

impl RawEvent {
    /// The event, or what is wrong with the stored row.
    pub fn parse(self) -> std::result::Result<Event, String> {
        let seq = self.seq;
        let (purpose, method) = (&self.purpose, &self.method);
        Ok(Event {
            seq,
            member: self.member,
            purpose: purpose.parse().map_err(|_| format!("event {seq}: unknown purpose `{purpose}`"))?,
            value: match self.value {
                0 => false,
                1 => true,
                v => return Err(format!("event {seq}: value {v} is neither 0 nor 1")),
            },
            recorded_at: Timestamp(self.recorded_at),
            method: method.parse().map_err(|_| format!("event {seq}: unknown method `{method}`"))?,
            policy_version: self.policy_version,
        })
    }
}

/// One change ready to insert: the change, its instant, the policy version it was made under.
pub(crate) type Row = (Change, Timestamp, String);

/// The event a row became once inserted as number `seq`.
pub(crate) fn inserted((c, at, version): &Row, seq: i64) -> Event {
    Event {
        seq,
        member: c.member,
        purpose: c.purpose,
        value: c.value,
        recorded_at: *at,
        method: c.method,
        policy_version: version.clone(),
    }
}

/// A policy version as stored: version, effective instant (µs), the TOML text.
pub(crate) type PolicyRow = (String, i64, String);

/// One connection to the ledger's database.
pub(crate) trait Conn: Send + std::fmt::Debug {
    /// The highest sequence number (0 when there is no event).
    fn newest_seq(&mut self) -> Result<i64>;

    /// Every installed policy version.
    fn policies(&mut self) -> Result<Vec<PolicyRow>>;

    /// Appends to `out` at most `limit` events numbered above `after` and at most `upto`, in
    /// sequence order, read in one short read transaction.
    fn events(&mut self, after: i64, upto: i64, limit: i64, out: &mut Vec<RawEvent>) -> Result<()>;

    /// Inserts a policy version unless one has its name or effective instant; then returns that
    /// one's name and inserts nothing.
    fn insert_policy(&mut self, row: &PolicyRow, installed_at: i64) -> Result<Option<String>>;

    /// Inserts `batch` in one durable transaction, each entry in a savepoint of its own, and
    /// returns each entry's events (or why that entry alone failed). Sequence numbers follow
    /// commit order: an event never becomes visible after one numbered above it.
    fn commit(&mut self, batch: &[&[Row]]) -> Result<Vec<Result<Vec<Event>>>>;

    /// The latest event of (member, purpose) recorded at or before `t`, among those numbered up
    /// to `last_seq`.
    fn latest_event(&mut self, member: i64, purpose: &str, t: i64, last_seq: i64) -> Result<Option<RawEvent>>;

    /// At most `limit` events of one member numbered above `after`, in sequence order.
    fn history_after(&mut self, member: i64, after: i64, limit: i64) -> Result<Vec<RawEvent>>;

    /// Copies what it can of a write-ahead log into the database without waiting for anyone
    /// (SQLite); a server database manages its own log (PostgreSQL: nothing to do).
    fn checkpoint(&mut self) -> Result<Checkpoint>;
}
