//! Policy notices: the record of which policy-version banner each member was shown, and when
//! they dismissed it.

use assent_policy::Timestamp;

use crate::args;
use crate::db::Row;
use crate::{MemberId, Result, Store};

/// A policy-version banner as one member saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyNotice {
    /// The policy version the banner announced.
    pub policy_version: String,
    /// When the member was first shown it.
    pub shown_at: Timestamp,
    /// When they dismissed it, if they did.
    pub dismissed_at: Option<Timestamp>,
}

fn row_to_notice(r: &dyn Row) -> Result<PolicyNotice> {
    Ok(PolicyNotice {
        policy_version: r.text(0)?,
        shown_at: Timestamp(r.int(1)?),
        dismissed_at: r.opt_int(2)?.map(Timestamp),
    })
}

impl Store {
    /// Records that the banner for `version` is shown to `member` (the first time counts) and
    /// returns the record, with its dismissal if any.
    pub fn notice_shown(&self, member: MemberId, version: &str, now: Timestamp) -> Result<PolicyNotice> {
        let mut db = self.db();
        let found = db.query_opt(
            "SELECT policy_version, shown_at, dismissed_at FROM policy_notices
             WHERE member_id = ?1 AND policy_version = ?2",
            args![member, version],
            row_to_notice,
        )?;
        if let Some(n) = found {
            return Ok(n);
        }
        db.execute(
            "INSERT INTO policy_notices (member_id, policy_version, shown_at) VALUES (?1, ?2, ?3)",
            args![member, version, now.0],
        )?;
        Ok(PolicyNotice { policy_version: version.to_string(), shown_at: now, dismissed_at: None })
    }

    /// Records that `member` dismissed the banner for `version` (the first dismissal counts).
    pub fn dismiss_notice(&self, member: MemberId, version: &str, now: Timestamp) -> Result<()> {
        self.db().execute(
            "INSERT INTO policy_notices (member_id, policy_version, shown_at, dismissed_at) VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT (member_id, policy_version)
             DO UPDATE SET dismissed_at = COALESCE(policy_notices.dismissed_at, ?3)",
            args![member, version, now.0],
        )?;
        Ok(())
    }

    /// Every policy banner the member was shown, oldest first.
    pub fn notices_of(&self, member: MemberId) -> Result<Vec<PolicyNotice>> {
        self.db().query_vec(
            "SELECT policy_version, shown_at, dismissed_at FROM policy_notices WHERE member_id = ?1
             ORDER BY shown_at, policy_version",
            args![member],
            row_to_notice,
        )
    }
}
