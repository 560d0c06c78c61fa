//! SplitMix64 (Steele, Lea and Flood 2014): the small seeded generator behind sampling, written
//! out so that a seed gives the same text whatever dependency versions are in use.

/// A seeded stream of 64-bit values.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform index below `n` (n > 0).
    pub(crate) fn index(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// An independent generator derived from this seed and a label.
    pub(crate) fn derive(seed: u64, label: u64) -> SplitMix64 {
        let mut g = SplitMix64::new(seed ^ label.wrapping_mul(0xD1B5_4A32_D192_ED03));
        g.next_u64();
        g
    }
}
