//! The connection graph: a small world in the manner of Watts and Strogatz, computable one
//! member at a time.
//!
//! Members sit on a few sorted rosters: one per company (ordered by the day they started there,
//! so that people who joined around the same time know each other), one per industry (ordered by
//! country) and one random ring over everybody. Two members are candidates when they sit within
//! a few places of each other on a roster; whether a candidate pair is connected is decided by a
//! hash of the pair alone. Nearness on a roster is symmetric and the hash ignores order, so either
//! end of an edge finds it, and the rosters make for many triangles (high clustering) while the
//! ring adds the long-range shortcuts that keep paths short.

use crate::career::Person;
use crate::rng::{hash, pair_unit, Stream};
use crate::World;

/// Colleagues within this many places on a company roster are candidates…
const COLLEAGUE_WINDOW: usize = 4;
/// …and connected with this probability.
const COLLEAGUE_P: f64 = 0.7;
/// Same-industry members within this many places on the industry roster are candidates…
const PEER_WINDOW: usize = 5;
/// …and connected with this probability.
const PEER_P: f64 = 0.3;

/// Roster entries: (sort key, member id).
type Roster = Vec<(i32, u32)>;

/// The rosters; about three small integers per member and per position held.
pub(crate) struct Graph {
    /// Per company (at `id - 1`): keyed by the day (from the common era) the member started there.
    colleagues: Vec<Roster>,
    /// Per industry: keyed by the member's country.
    peers: Vec<Roster>,
    /// Every member id, in a random order; neighbours on this ring know each other.
    ring: Vec<u32>,
    /// Each member's place on the ring, at `id - 1`.
    ring_pos: Vec<u32>,
}

impl Graph {
    /// The rosters of `people`, who must be members `1..=n` in order.
    pub(crate) fn new(world: &World, people: impl Iterator<Item = Person>) -> Graph {
        let seed = world.config.seed;
        let mut colleagues = vec![Roster::new(); world.companies.list.len()];
        let mut peers = vec![Roster::new(); crate::industries::INDUSTRIES.len()];
        for person in people {
            for (company, start) in person.first_stints() {
                colleagues[company as usize - 1].push((day_key(start), person.id));
            }
            peers[person.industry].push((person.country as i32, person.id));
        }
        for roster in colleagues.iter_mut().chain(peers.iter_mut()) {
            roster.sort_unstable();
        }
        let mut ring: Vec<u32> = (1..=world.config.members).collect();
        ring.sort_unstable_by_key(|&id| hash(seed, Stream::Ring, u64::from(id)));
        let mut ring_pos = vec![0; ring.len()];
        for (pos, &id) in ring.iter().enumerate() {
            ring_pos[id as usize - 1] = pos as u32;
        }
        Graph { colleagues, peers, ring, ring_pos }
    }

    /// The members `person` is connected to, ascending; only those with a smaller id when
    /// `lower_only`, so that listing every member's lower neighbours lists each edge once.
    pub(crate) fn neighbours(&self, seed: u64, person: &Person, lower_only: bool) -> Vec<u32> {
        let id = person.id;
        let mut candidates: Vec<(u32, f64)> = Vec::with_capacity(64);
        for (company, start) in person.first_stints() {
            let roster = &self.colleagues[company as usize - 1];
            window(roster, (day_key(start), id), COLLEAGUE_WINDOW, COLLEAGUE_P, &mut candidates);
        }
        window(&self.peers[person.industry], (person.country as i32, id), PEER_WINDOW, PEER_P, &mut candidates);
        let n = self.ring.len();
        if n > 1 {
            let pos = self.ring_pos[id as usize - 1] as usize;
            candidates.push((self.ring[(pos + 1) % n], 1.0));
            candidates.push((self.ring[(pos + n - 1) % n], 1.0));
        }
        if lower_only {
            candidates.retain(|&(other, _)| other < id);
        }
        // A pair can be near on several rosters: keep its highest probability, so the decision
        // is the same from both ends.
        candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        candidates.dedup_by_key(|c| c.0);
        candidates
            .into_iter()
            .filter(|&(other, p)| other != id && pair_unit(seed, Stream::Edge, id, other) < p)
            .map(|(other, _)| other)
            .collect()
    }
}

fn day_key(date: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    date.num_days_from_ce()
}

/// Pushes the members within `width` places of `key` on `roster` as candidates.
fn window(roster: &[(i32, u32)], key: (i32, u32), width: usize, p: f64, out: &mut Vec<(u32, f64)>) {
    let pos = roster.binary_search(&key).expect("every member is on the rosters of their companies and industry");
    let lo = pos.saturating_sub(width);
    let hi = (pos + width + 1).min(roster.len());
    out.extend(roster[lo..hi].iter().filter(|&&(_, other)| other != key.1).map(|&(_, other)| (other, p)));
}
