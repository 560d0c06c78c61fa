//! Integration tests of the policy crate: the policy format and the eligibility rule.

mod format;
mod rule;
