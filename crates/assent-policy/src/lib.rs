//! Assent's pure domain: data kinds, purposes, policy documents and the eligibility rule.
//!
//! Nothing here performs IO. Policies are parsed from text the caller hands in, and the
//! eligibility rule ([`decide`]) is one pure function over plain values, so that every path
//! that reads member data for training (the consent ledger, the corpus export, the unlearning
//! planner) asks the same question the same way.
//!
//! ```
//! use assent_policy::{decide, Consent, Decision, ItemFacts, Kind, MemberFacts, Policy, Purpose,
//!     Region, Timestamp, Visibility, SEED_POLICY};
//!
//! let policy = Policy::parse("seed.toml", SEED_POLICY).unwrap();
//! let t = Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
//! let item = ItemFacts {
//!     kind: Kind::Post,
//!     visibility: Visibility::Public,
//!     visibility_since: Timestamp::parse_rfc3339("2025-06-01T12:00:00Z").unwrap(),
//!     created_at: Timestamp::parse_rfc3339("2025-06-01T12:00:00Z").unwrap(),
//!     deleted_at: None,
//! };
//! let member = MemberFacts {
//!     region: Region::parse("FR").unwrap(),
//!     birth_date: chrono::NaiveDate::from_ymd_opt(1990, 4, 1).unwrap(),
//!     joined_at: Timestamp::parse_rfc3339("2020-01-01T00:00:00Z").unwrap(),
//!     closed_at: None,
//! };
//! assert_eq!(decide(Some(&policy), Purpose::TrainGenai, &item, &member, Consent::NoChoice, t),
//!            Decision::Included);
//! ```

mod error;
mod history;
mod kind;
pub mod language;
pub mod mix;
mod policy;
mod region;
mod rule;
mod text;
mod time;

pub use error::{Error, Result};
pub use history::PolicyHistory;
pub use kind::{Kind, Purpose, Visibility};
pub use policy::{LegalBasis, Policy, RegionRule};
pub use region::Region;
pub use rule::{adult_at, decide, Consent, Decision, ItemFacts, MemberFacts, Reason};
pub use time::Timestamp;

/// The policy Assent launched with (effective 2025-11-03): opt-out everywhere.
pub const SEED_POLICY: &str = include_str!("../../../policies/seed-2025-11-03.toml");
/// An example policy with opt-in (consent) regions, to show the format handles both bases.
pub const EXAMPLE_OPT_IN_POLICY: &str = include_str!("../../../policies/example-eea-opt-in.toml");
