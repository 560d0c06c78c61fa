//! The seeded generator behind sampling: SplitMix64, shared with the rest of Assent, so that a
//! seed gives the same text whatever dependency versions are in use.

pub(crate) use assent_policy::mix::SplitMix64;
