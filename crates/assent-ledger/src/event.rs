//! Consent events: what a change records, and the resolved setting of a member.

use std::fmt;
use std::str::FromStr;

use assent_policy::{LegalBasis, Purpose, Timestamp};

use crate::{Error, Result};

/// A member id as the network store assigns it (1..=u32::MAX, so the index can be dense).
pub type MemberId = i64;

/// How a change reached the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// The member used the web app.
    Web,
    /// The member used the JSON API.
    Api,
    /// Imported in bulk (migration, synthetic network).
    Import,
    /// A Global Privacy Control signal, where the policy counts it as an opt-out.
    Gpc,
    /// The region default, recorded explicitly.
    Default,
}

impl Method {
    /// Every method.
    pub const ALL: [Method; 5] = [Method::Web, Method::Api, Method::Import, Method::Gpc, Method::Default];

    /// The stable name stored in the ledger.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Web => "web",
            Method::Api => "api",
            Method::Import => "import",
            Method::Gpc => "gpc",
            Method::Default => "default",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Method {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str() == s)
            .ok_or_else(|| Error::Policy(format!("unknown method `{s}`; expected web, api, import, gpc or default")))
    }
}

/// A change to record. Build it with [`Change::now`] or [`Change::at`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The member whose setting changes.
    pub member: MemberId,
    /// The purpose whose setting changes.
    pub purpose: Purpose,
    /// The new value (true = ON).
    pub value: bool,
    /// How the change arrived.
    pub method: Method,
    /// When it was made; `None` means the ledger's clock at the moment of recording.
    pub recorded_at: Option<Timestamp>,
    /// The policy version the member saw; `None` means the one in force when the change was made
    /// (or, before the first one took effect, the first one, which members were shown in advance).
    pub policy_version: Option<String>,
}

impl Change {
    /// A change made now.
    pub fn now(member: MemberId, purpose: Purpose, value: bool, method: Method) -> Change {
        Change { member, purpose, value, method, recorded_at: None, policy_version: None }
    }

    /// A change made at `t` (imports of past changes).
    pub fn at(member: MemberId, purpose: Purpose, value: bool, method: Method, t: Timestamp) -> Change {
        Change { member, purpose, value, method, recorded_at: Some(t), policy_version: None }
    }
}

/// One recorded event of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Position in the ledger (strictly increasing in recording order).
    pub seq: i64,
    /// The member.
    pub member: MemberId,
    /// The purpose.
    pub purpose: Purpose,
    /// The value set (true = ON).
    pub value: bool,
    /// When the change was made.
    pub recorded_at: Timestamp,
    /// How it arrived.
    pub method: Method,
    /// The policy version the member saw.
    pub policy_version: String,
}

/// A member's resolved setting for a purpose at some instant, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// ON or OFF.
    pub value: bool,
    /// Why it has that value.
    pub source: SettingSource,
}

/// Where a resolved setting comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingSource {
    /// The latest event recorded at or before the instant.
    Event(Event),
    /// No event: the default of the member's region under the policy version in force.
    RegionDefault {
        /// The policy version in force.
        policy_version: String,
        /// Its legal basis in the member's region.
        basis: LegalBasis,
    },
    /// No event and no policy in force: nothing may be used (fail closed).
    NoPolicyInForce,
}
