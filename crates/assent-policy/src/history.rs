//! The versions of the policy over time, and which one is in force at an instant.

use crate::{Error, Policy, Result, Timestamp};

/// Every policy version, ordered by effective instant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyHistory {
    versions: Vec<Policy>,
}

impl PolicyHistory {
    /// Builds a history; versions must have distinct names and distinct effective instants.
    pub fn new(mut versions: Vec<Policy>) -> Result<PolicyHistory> {
        versions.sort_by_key(|p| p.effective());
        for pair in versions.windows(2) {
            if pair[0].effective() == pair[1].effective() {
                return Err(Error::History(format!(
                    "versions `{}` and `{}` take effect at the same instant {}",
                    pair[0].version(),
                    pair[1].version(),
                    pair[0].effective()
                )));
            }
        }
        for (i, p) in versions.iter().enumerate() {
            if versions[..i].iter().any(|q| q.version() == p.version()) {
                return Err(Error::History(format!("version `{}` appears twice", p.version())));
            }
        }
        Ok(PolicyHistory { versions })
    }

    /// The version in force at `t`: the latest whose effective instant is at or before `t`.
    pub fn in_force_at(&self, t: Timestamp) -> Option<&Policy> {
        let after = self.versions.partition_point(|p| p.effective() <= t);
        after.checked_sub(1).map(|i| &self.versions[i])
    }

    /// A version by name.
    pub fn get(&self, version: &str) -> Option<&Policy> {
        self.versions.iter().find(|p| p.version() == version)
    }

    /// All versions, oldest first.
    pub fn versions(&self) -> &[Policy] {
        &self.versions
    }
}
