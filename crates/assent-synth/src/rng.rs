//! The random numbers behind the network: a small counter-based generator keyed by
//! (seed, member, stream), so that any member can be generated alone, in any order.
//!
//! The generator is SplitMix64 (Steele, Lea and Flood 2014), written out here rather than taken
//! from `rand` so that the network a seed produces never changes with a dependency upgrade
//! (`rand` only promises value stability within a patch series). Only operations that IEEE 754
//! rounds exactly are used on floats, so the output is also the same on every platform.

/// An independent sequence of draws for one purpose, so that adding a draw to one part of the
/// generator (say, posts) leaves every other part (say, the career) unchanged.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stream {
    /// Who a member is: region, name, dates, career.
    Core = 1,
    /// Profile texts and visibilities.
    Profile,
    /// Posts, articles and comments.
    Posts,
    /// Consent changes.
    Consent,
    /// The company table.
    Companies,
    /// Job postings of one company.
    Jobs,
    /// The random ring of long-range connections.
    Ring,
    /// Whether a pair of members is connected.
    Edge,
    /// Whether a pair of connected members talk, and what they say.
    Thread,
    /// Which members carry canaries, and their secrets.
    Canaries,
    /// The planted post of one canary owner.
    Canary,
    /// The opt-out of one opted-out canary owner.
    CanaryOptOut,
    /// A member's city and skills.
    Traits,
}

use assent_policy::mix::{splitmix64 as mix, GOLDEN_GAMMA as GAMMA};

/// A 64-bit hash of (seed, stream, key).
pub(crate) fn hash(seed: u64, stream: Stream, key: u64) -> u64 {
    mix(mix(seed ^ mix((stream as u64).wrapping_mul(GAMMA))).wrapping_add(key.wrapping_mul(GAMMA)))
}

/// A uniform number in [0, 1) that depends only on (seed, stream) and the unordered pair {a, b}.
pub(crate) fn pair_unit(seed: u64, stream: Stream, a: u32, b: u32) -> f64 {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    to_unit(hash(seed, stream, (u64::from(lo) << 32) | u64::from(hi)))
}

fn to_unit(x: u64) -> f64 {
    (x >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A deterministic generator of uniform draws.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// The sequence for `key` (usually a member id) in `stream` of the network `seed`.
    pub(crate) fn new(seed: u64, stream: Stream, key: u64) -> Rng {
        Rng(hash(seed, stream, key))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GAMMA);
        mix(self.0)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        to_unit(self.next_u64())
    }

    /// Uniform in [0, n); `n` must be positive.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        // Lemire's multiply-shift: the bias is below 2^-64 * n, far under anything observable.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform index into a slice of length `n > 0`.
    pub(crate) fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform in [lo, hi], both inclusive; `lo <= hi`.
    pub(crate) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniformly chosen element of a non-empty slice.
    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }

    /// An index chosen with probability proportional to its weight; weights must not all be zero.
    pub(crate) fn weighted(&mut self, weights: impl Iterator<Item = u32> + Clone) -> usize {
        let total: u64 = weights.clone().map(u64::from).sum();
        let mut x = self.below(total);
        for (i, w) in weights.enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        unreachable!("x < total")
    }

    /// `k` distinct indices below `n` (all of them, shuffled, when `k >= n`).
    pub(crate) fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.index(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_and_keys_are_independent() {
        let a: Vec<u64> = (0..4).map(|k| Rng::new(7, Stream::Core, k).next_u64()).collect();
        let b: Vec<u64> = (0..4).map(|k| Rng::new(7, Stream::Posts, k).next_u64()).collect();
        let c: Vec<u64> = (0..4).map(|k| Rng::new(8, Stream::Core, k).next_u64()).collect();
        for v in [&a, &b, &c] {
            let mut s = v.clone();
            s.dedup();
            assert_eq!(s.len(), 4);
        }
        assert!(a.iter().zip(&b).all(|(x, y)| x != y));
        assert!(a.iter().zip(&c).all(|(x, y)| x != y));
    }

    #[test]
    fn draws_stay_in_range_and_cover_it() {
        let mut rng = Rng::new(1, Stream::Core, 1);
        let mut seen = [0u32; 6];
        for _ in 0..6000 {
            seen[rng.below(6) as usize] += 1;
            let x = rng.between(-3, 3);
            assert!((-3..=3).contains(&x));
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
        }
        assert!(seen.iter().all(|&n| (850..1150).contains(&n)), "{seen:?}");
        let picks = rng.distinct(10, 4);
        let mut sorted = picks.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 4);
        assert_eq!(pair_unit(3, Stream::Edge, 5, 9), pair_unit(3, Stream::Edge, 9, 5));
    }
}
