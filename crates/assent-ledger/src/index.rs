//! The in-memory index of the ledger: the current explicit setting of every member in a dense
//! array (one byte per member), and each member's latest event per purpose, which answers "as
//! of T" for any T at or after it; an older T is the database's to answer
//! ([`crate::Ledger::event_as_of`]). Its size follows the members, not the events: a server
//! under a stream of settings changes does not grow with the ledger.
//!
//! It is rebuilt from the database on open and updated in the same critical section as every
//! write, so it always equals the database up to the last sequence number it has seen.

use assent_policy::{Purpose, Timestamp};

use crate::{Event, MemberId, Method};

/// One event as the index keeps it, in 16 bytes: the instant, and the sequence number, policy
/// version, method, value and purpose packed into one word (most significant first: 48, 11, 3,
/// 1 and 1 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    recorded_at: i64,
    packed: u64,
}

/// Sequence numbers the index can hold: below 2^48 (a million events a second for nine years).
pub const MAX_INDEXED_SEQ: i64 = (1 << 48) - 1;
/// Policy versions the index can tell apart.
pub const MAX_INDEXED_POLICIES: usize = 1 << 11;

impl Entry {
    /// The entry, or `None` when `seq` or `policy` is beyond what the index holds.
    pub(crate) fn new(
        recorded_at: i64,
        seq: i64,
        purpose: Purpose,
        value: bool,
        method: Method,
        policy: u32,
    ) -> Option<Entry> {
        if !(0..=MAX_INDEXED_SEQ).contains(&seq) || policy as usize >= MAX_INDEXED_POLICIES {
            return None;
        }
        let method = Method::ALL.iter().position(|m| *m == method)? as u64;
        let packed =
            (seq as u64) << 16 | u64::from(policy) << 5 | method << 2 | u64::from(value) << 1 | purpose.index() as u64;
        Some(Entry { recorded_at, packed })
    }

    fn seq(self) -> i64 {
        (self.packed >> 16) as i64
    }

    fn policy(self) -> usize {
        (self.packed >> 5 & 0x7ff) as usize
    }

    fn method(self) -> Method {
        Method::ALL[(self.packed >> 2 & 0b111) as usize]
    }

    fn value(self) -> bool {
        self.packed & 0b10 != 0
    }

    fn purpose(self) -> Purpose {
        Purpose::ALL[(self.packed & 1) as usize]
    }

    /// The order of a member's events: by instant, ties by sequence number.
    fn key(self) -> (i64, i64) {
        (self.recorded_at, self.seq())
    }
}

const KNOWN: [u8; 2] = [0b0001, 0b0100];
const ON: [u8; 2] = [0b0010, 0b1000];

/// The in-memory consent index. Read it through [`crate::Ledger::index`].
#[derive(Debug, Default)]
pub struct ConsentIndex {
    /// Per member id: for each purpose a "has an explicit choice" bit and a value bit (what
    /// `latest` says, kept apart in one byte per member so that bulk checks read little memory).
    current: Vec<u8>,
    /// Per member id and purpose: the latest event, by (recorded_at, seq).
    latest: Vec<[Option<Entry>; 2]>,
    /// The highest sequence number applied.
    pub(crate) last_seq: i64,
    events: usize,
    /// The policy versions events name, each stored once.
    versions: Vec<String>,
    /// Per member id and purpose: the instant of their latest OFF event (`i64::MIN`: none),
    /// what the unlearning planner asks for.
    last_off: Vec<[i64; 2]>,
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

    /// The latest event of `member` for `purpose` recorded at or before `t` (ties broken by
    /// sequence number) among the events numbered up to `last_seq`, when the index can tell:
    /// `Some(None)` if the member never made that choice, `Some(Some(event))` if their latest
    /// event answers; `None` if it is newer than `t` or `last_seq`, and only the database knows
    /// what came before it.
    pub fn latest_upto(
        &self,
        member: MemberId,
        purpose: Purpose,
        t: Timestamp,
        last_seq: i64,
    ) -> Option<Option<Event>> {
        let latest = usize::try_from(member).ok().and_then(|m| self.latest.get(m)).and_then(|l| l[purpose.index()]);
        let Some(e) = latest else { return Some(None) };
        (e.recorded_at <= t.0 && e.seq() <= last_seq).then(|| {
            Some(Event {
                seq: e.seq(),
                member,
                purpose: e.purpose(),
                value: e.value(),
                recorded_at: Timestamp(e.recorded_at),
                method: e.method(),
                policy_version: self.versions[e.policy()].clone(),
            })
        })
    }

    /// Members with an event turning `purpose` OFF recorded after `since`, each once, in id
    /// order. One pass over a dense array of 16 bytes per member (a millisecond or so per
    /// million members), whatever the size of the ledger.
    pub fn opted_out_after(&self, purpose: Purpose, since: Timestamp) -> Vec<MemberId> {
        let p = purpose.index();
        (self.last_off.iter().enumerate()).filter(|(_, offs)| offs[p] > since.0).map(|(m, _)| m as MemberId).collect()
    }

    /// The number under which policy version `v` is kept in entries.
    pub(crate) fn intern(&mut self, v: &str) -> u32 {
        let i = self.versions.iter().position(|x| x == v).unwrap_or_else(|| {
            self.versions.push(v.to_string());
            self.versions.len() - 1
        });
        u32::try_from(i).unwrap_or(u32::MAX)
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
        let slot = member as usize;
        let p = entry.purpose().index();
        if !entry.value() {
            if self.last_off.len() <= slot {
                self.last_off.resize(slot + 1, [i64::MIN; 2]);
            }
            self.last_off[slot][p] = self.last_off[slot][p].max(entry.recorded_at);
        }
        if self.latest.len() <= slot {
            self.latest.resize(slot + 1, [None; 2]);
        }
        // Events from other processes may arrive out of their instants' order.
        let latest = &mut self.latest[slot][p];
        if latest.is_none_or(|l| l.key() < entry.key()) {
            *latest = Some(entry);
            if self.current.len() <= slot {
                self.current.resize(slot + 1, 0);
            }
            self.current[slot] =
                (self.current[slot] & !(KNOWN[p] | ON[p])) | KNOWN[p] | if entry.value() { ON[p] } else { 0 };
        }
        self.last_seq = self.last_seq.max(entry.seq());
        self.events += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{Entry, MAX_INDEXED_POLICIES, MAX_INDEXED_SEQ};
    use crate::Method;
    use assent_policy::Purpose;

    #[test]
    fn an_entry_gives_back_every_field_at_the_edges_of_its_range_and_refuses_beyond_them() {
        let top = MAX_INDEXED_POLICIES as u32 - 1;
        for (seq, policy) in [(0, 0), (1, top), (MAX_INDEXED_SEQ, 7), (MAX_INDEXED_SEQ, top)] {
            for method in Method::ALL {
                for purpose in Purpose::ALL {
                    for value in [false, true] {
                        let e = Entry::new(-5, seq, purpose, value, method, policy).unwrap();
                        assert_eq!(
                            (e.recorded_at, e.seq(), e.purpose(), e.value(), e.method(), e.policy()),
                            (-5, seq, purpose, value, method, policy as usize)
                        );
                    }
                }
            }
        }
        assert_eq!(std::mem::size_of::<Entry>(), 16);
        assert_eq!(Entry::new(0, MAX_INDEXED_SEQ + 1, Purpose::TrainAi, true, Method::Web, 0), None);
        assert_eq!(Entry::new(0, -1, Purpose::TrainAi, true, Method::Web, 0), None);
        assert_eq!(Entry::new(0, 1, Purpose::TrainAi, true, Method::Web, top + 1), None);
    }
}
