//! The in-memory index of the ledger: the current explicit setting of every member in a dense
//! array (one byte per member), and each member's events for as-of queries.
//!
//! It is rebuilt from the database on open and updated in the same critical section as every
//! write, so it always equals the database up to the last sequence number it has seen.

use std::collections::{BTreeMap, HashMap};

use assent_policy::{Purpose, Timestamp};

use crate::{Event, MemberId, Method};

/// One event as the index keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub recorded_at: i64,
    pub seq: i64,
    pub purpose: Purpose,
    pub value: bool,
    pub method: Method,
    /// Index into [`ConsentIndex::versions`].
    pub policy: u32,
}

const KNOWN: [u8; 2] = [0b0001, 0b0100];
const ON: [u8; 2] = [0b0010, 0b1000];

/// The in-memory consent index. Read it through [`crate::Ledger::index`].
#[derive(Debug, Default)]
pub struct ConsentIndex {
    /// Per member id: for each purpose a "has an explicit choice" bit and a value bit.
    current: Vec<u8>,
    /// Per member with at least one event: events sorted by (recorded_at, seq).
    history: HashMap<u32, Vec<Entry>>,
    /// The highest sequence number applied.
    pub(crate) last_seq: i64,
    events: usize,
    /// The policy versions events name, each stored once.
    versions: Vec<String>,
    /// Every OFF event by (recorded_at, seq): what the unlearning planner asks for, by time.
    offs: BTreeMap<(i64, i64), (u32, Purpose)>,
}

impl ConsentIndex {
    /// The member's current explicit setting: `Some(value)` of their latest event, `None` if they
    /// never made a choice for `purpose`. One bounds check and one load.
    #[inline]
    pub fn explicit(&self, member: MemberId, purpose: Purpose) -> Option<bool> {
        let bits = *self.current.get(usize::try_from(member).ok()?)?;
        let p = purpose.index();
        (bits & KNOWN[p] != 0).then_some(bits & ON[p] != 0)
    }

    /// The member's explicit setting as of `t`: the value of the latest event recorded at or
    /// before `t` (ties broken by sequence number), `None` if there is none.
    pub fn explicit_as_of(&self, member: MemberId, purpose: Purpose, t: Timestamp) -> Option<bool> {
        let entries = self.history.get(&u32::try_from(member).ok()?)?;
        let upto = entries.partition_point(|e| e.recorded_at <= t.0);
        entries[..upto].iter().rev().find(|e| e.purpose == purpose).map(|e| e.value)
    }

    /// The latest event of `member` for `purpose` recorded at or before `t` (ties broken by
    /// sequence number), whole, without a database query.
    pub fn event_as_of(&self, member: MemberId, purpose: Purpose, t: Timestamp) -> Option<Event> {
        let entries = self.history.get(&u32::try_from(member).ok()?)?;
        let upto = entries.partition_point(|e| e.recorded_at <= t.0);
        let e = entries[..upto].iter().rev().find(|e| e.purpose == purpose)?;
        Some(Event {
            seq: e.seq,
            member,
            purpose: e.purpose,
            value: e.value,
            recorded_at: Timestamp(e.recorded_at),
            method: e.method,
            policy_version: self.versions[e.policy as usize].clone(),
        })
    }

    /// Members with an event turning `purpose` OFF recorded after `since`, each once, in id
    /// order. Costs the number of such events, not the size of the ledger.
    pub fn opted_out_after(&self, purpose: Purpose, since: Timestamp) -> Vec<MemberId> {
        let mut members: Vec<MemberId> = self
            .offs
            .range((since.0.saturating_add(1), i64::MIN)..)
            .filter(|(_, (_, p))| *p == purpose)
            .map(|(_, (m, _))| MemberId::from(*m))
            .collect();
        members.sort_unstable();
        members.dedup();
        members
    }

    /// The number under which policy version `v` is kept in entries.
    pub(crate) fn intern(&mut self, v: &str) -> u32 {
        match self.versions.iter().position(|x| x == v) {
            Some(i) => i as u32,
            None => {
                self.versions.push(v.to_string());
                (self.versions.len() - 1) as u32
            }
        }
    }

    /// The number of events applied.
    pub fn len(&self) -> usize {
        self.events
    }

    /// Whether no event was applied.
    pub fn is_empty(&self) -> bool {
        self.events == 0
    }

    /// The highest sequence number applied (0 when empty).
    pub fn last_seq(&self) -> i64 {
        self.last_seq
    }

    /// Applies one event. Members are validated by the ledger before they get here.
    pub(crate) fn apply(&mut self, member: u32, entry: Entry) {
        if !entry.value {
            self.offs.insert((entry.recorded_at, entry.seq), (member, entry.purpose));
        }
        let entries = self.history.entry(member).or_default();
        let key = (entry.recorded_at, entry.seq);
        let at = entries.partition_point(|e| (e.recorded_at, e.seq) < key);
        entries.insert(at, entry);
        let latest = entries.iter().rev().find(|e| e.purpose == entry.purpose).copied();
        let slot = member as usize;
        if self.current.len() <= slot {
            self.current.resize(slot + 1, 0);
        }
        let p = entry.purpose.index();
        if let Some(latest) = latest {
            self.current[slot] =
                (self.current[slot] & !(KNOWN[p] | ON[p])) | KNOWN[p] | if latest.value { ON[p] } else { 0 };
        }
        self.last_seq = self.last_seq.max(entry.seq);
        self.events += 1;
    }
}
