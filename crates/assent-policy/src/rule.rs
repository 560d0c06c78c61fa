//! The eligibility rule of DESIGN.md, as one pure function: [`decide`].
//!
//! Every path that reads member data for training calls this function (directly, or through a
//! thin adapter over columns); nothing else decides "is this allowed".

use chrono::{Datelike, Months, NaiveDate};

use crate::{Kind, Policy, Purpose, Region, Timestamp, Visibility};

/// What is known about one item, as of the snapshot instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemFacts {
    /// The item's kind.
    pub kind: Kind,
    /// The item's current visibility.
    pub visibility: Visibility,
    /// Since when the item has had its current visibility. An item counts as public at T only
    /// if it is public now and has been since T or earlier: its earlier visibility is not kept,
    /// so the rule assumes the least permissive one.
    pub visibility_since: Timestamp,
    /// When the item was created.
    pub created_at: Timestamp,
    /// When the item was deleted (its text erased), if ever.
    pub deleted_at: Option<Timestamp>,
}

/// What is known about the item's owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberFacts {
    /// The member's region (country).
    pub region: Region,
    /// The member's date of birth.
    pub birth_date: NaiveDate,
    /// When the account was opened.
    pub joined_at: Timestamp,
    /// When the account was closed (its data erased), if ever.
    pub closed_at: Option<Timestamp>,
}

/// The member's setting for the purpose at the snapshot instant, as the ledger knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    /// The latest event recorded at or before the instant set it to this value.
    Explicit(bool),
    /// No event at or before the instant: the region default of the policy in force applies.
    NoChoice,
    /// The ledger could not say (unreadable, inconsistent). Always excludes: fail closed.
    Unknown,
}

/// Why an item is not in a snapshot. The names are stable: manifests count by them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// The kind is a hard exclusion (messages, credentials, contact data, birth date, payment).
    NeverEligibleKind,
    /// No policy version was in force at the instant.
    NoPolicyInForce,
    /// The policy in force does not make the kind eligible for the purpose.
    KindNotEligible,
    /// The item did not exist yet at the instant.
    NotYetCreated,
    /// The item was deleted; its text is erased for good, whatever the instant.
    Deleted,
    /// The item was not public at the instant.
    NotPublic,
    /// The item predates the policy's effective date and the policy leaves such content out.
    BeforeEffectiveDate,
    /// The account was not open yet at the instant.
    AccountNotOpen,
    /// The account is closed; its data is erased for good, whatever the instant.
    AccountClosed,
    /// The member was under the policy's minimum age at the instant.
    Minor,
    /// The member turned the setting off.
    OptedOut,
    /// The member made no choice and the region's default is off (opt-in region).
    DefaultOff,
    /// The consent state was unknown or unreadable.
    ConsentUnknown,
}

impl Reason {
    /// Every reason, in the order the rule checks them.
    pub const ALL: [Reason; 13] = [
        Reason::NeverEligibleKind,
        Reason::NoPolicyInForce,
        Reason::KindNotEligible,
        Reason::NotYetCreated,
        Reason::Deleted,
        Reason::NotPublic,
        Reason::BeforeEffectiveDate,
        Reason::AccountNotOpen,
        Reason::AccountClosed,
        Reason::Minor,
        Reason::OptedOut,
        Reason::DefaultOff,
        Reason::ConsentUnknown,
    ];

    /// The stable snake_case name used in manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NeverEligibleKind => "never_eligible_kind",
            Reason::NoPolicyInForce => "no_policy_in_force",
            Reason::KindNotEligible => "kind_not_eligible",
            Reason::NotYetCreated => "not_yet_created",
            Reason::Deleted => "deleted",
            Reason::NotPublic => "not_public",
            Reason::BeforeEffectiveDate => "before_effective_date",
            Reason::AccountNotOpen => "account_not_open",
            Reason::AccountClosed => "account_closed",
            Reason::Minor => "minor",
            Reason::OptedOut => "opted_out",
            Reason::DefaultOff => "default_off",
            Reason::ConsentUnknown => "consent_unknown",
        }
    }
}

/// The rule's answer for one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The item goes into the snapshot.
    Included,
    /// The item stays out, for this (first failing) reason.
    Excluded(Reason),
}

/// The first instant at which someone born on `birth_date` is `age` years old (UTC).
/// Someone born on 29 February comes of age on 1 March in common years: the later date, so that
/// the rule errs on the side of leaving data out.
pub fn adult_at(birth_date: NaiveDate, age: u32) -> Timestamp {
    let date = birth_date.checked_add_months(Months::new(age * 12)).unwrap_or(NaiveDate::MAX);
    let date = if birth_date.month() == 2 && birth_date.day() == 29 && date.day() == 28 {
        date.succ_opt().unwrap_or(date)
    } else {
        date
    };
    Timestamp::start_of(date)
}

/// Decides whether an item is in a snapshot for `purpose` taken as of `as_of`.
///
/// `policy` is the version in force at `as_of` (`None` if there is none); `consent` is the
/// member's setting at `as_of` as the ledger knows it. Erasure beats the as-of instant: a deleted
/// item or a closed account is excluded even when the deletion came after `as_of`.
pub fn decide(
    policy: Option<&Policy>,
    purpose: Purpose,
    item: &ItemFacts,
    member: &MemberFacts,
    consent: Consent,
    as_of: Timestamp,
) -> Decision {
    use Decision::Excluded;
    if item.kind.is_hard_excluded() {
        return Excluded(Reason::NeverEligibleKind);
    }
    let Some(policy) = policy.filter(|p| p.effective() <= as_of) else {
        return Excluded(Reason::NoPolicyInForce);
    };
    if !policy.is_eligible(item.kind, purpose) {
        return Excluded(Reason::KindNotEligible);
    }
    if item.deleted_at.is_some() {
        return Excluded(Reason::Deleted);
    }
    if item.created_at > as_of {
        return Excluded(Reason::NotYetCreated);
    }
    if item.visibility != Visibility::Public || item.visibility_since > as_of {
        return Excluded(Reason::NotPublic);
    }
    if item.created_at < policy.effective() && !policy.pre_effective_content_in_scope() {
        return Excluded(Reason::BeforeEffectiveDate);
    }
    if member.closed_at.is_some() {
        return Excluded(Reason::AccountClosed);
    }
    if member.joined_at > as_of {
        return Excluded(Reason::AccountNotOpen);
    }
    if as_of < adult_at(member.birth_date, policy.minimum_age()) {
        return Excluded(Reason::Minor);
    }
    match consent {
        Consent::Explicit(true) => Decision::Included,
        Consent::Explicit(false) => Excluded(Reason::OptedOut),
        Consent::NoChoice if policy.default_setting(member.region, purpose) => Decision::Included,
        Consent::NoChoice => Excluded(Reason::DefaultOff),
        Consent::Unknown => Excluded(Reason::ConsentUnknown),
    }
}
