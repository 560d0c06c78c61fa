//! The eligibility rule, table-driven: each reason and each boundary.

use assent_policy::{
    adult_at, decide, Consent, Decision, ItemFacts, Kind, MemberFacts, Policy, Purpose, Reason, Region, Timestamp,
    Visibility, EXAMPLE_OPT_IN_POLICY, SEED_POLICY,
};
use chrono::NaiveDate;

fn t(s: &str) -> Timestamp {
    Timestamp::parse_rfc3339(s).unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const T: &str = "2026-01-15T12:00:00Z";

fn item() -> ItemFacts {
    ItemFacts {
        kind: Kind::Post,
        visibility: Visibility::Public,
        visibility_since: t("2025-06-01T00:00:00Z"),
        created_at: t("2025-06-01T00:00:00Z"),
        deleted_at: None,
    }
}

fn member() -> MemberFacts {
    MemberFacts {
        region: Region::parse("US").unwrap(),
        birth_date: date("1990-04-01"),
        joined_at: t("2020-01-01T00:00:00Z"),
        closed_at: None,
    }
}

struct Case {
    name: &'static str,
    policy: &'static str,
    item: ItemFacts,
    member: MemberFacts,
    consent: Consent,
    as_of: &'static str,
    expected: Decision,
}

fn case(name: &'static str) -> Case {
    Case {
        name,
        policy: SEED_POLICY,
        item: item(),
        member: member(),
        consent: Consent::NoChoice,
        as_of: T,
        expected: Decision::Included,
    }
}

fn check(cases: Vec<Case>) {
    for c in cases {
        let policy = Policy::parse("p.toml", c.policy).unwrap();
        let got = decide(Some(&policy), Purpose::TrainGenai, &c.item, &c.member, c.consent, t(c.as_of));
        assert_eq!(got, c.expected, "case `{}`", c.name);
    }
}

fn excluded(r: Reason) -> Decision {
    Decision::Excluded(r)
}

#[test]
fn each_reason_and_boundary() {
    let mut cases = vec![case("public post, adult, default on")];

    for kind in [Kind::Message, Kind::Credential, Kind::Email, Kind::Phone, Kind::BirthDate, Kind::Payment] {
        let mut c = case("hard exclusion");
        c.item.kind = kind;
        c.consent = Consent::Explicit(true);
        c.expected = excluded(Reason::NeverEligibleKind);
        cases.push(c);
    }
    for kind in [
        Kind::ProfileHeadline,
        Kind::ProfileAbout,
        Kind::ProfileExperience,
        Kind::ProfileSkills,
        Kind::Article,
        Kind::Comment,
    ] {
        let mut c = case("eligible kinds");
        c.item.kind = kind;
        cases.push(c);
    }

    let mut c = case("one microsecond before the effective instant");
    c.as_of = "2025-11-02T23:59:59.999999Z";
    c.expected = excluded(Reason::NoPolicyInForce);
    cases.push(c);
    let mut c = case("exactly the effective instant");
    c.as_of = "2025-11-03T00:00:00Z";
    cases.push(c);

    let mut c = case("kind not eligible under the example policy");
    c.policy = EXAMPLE_OPT_IN_POLICY;
    c.as_of = "2026-07-01T00:00:00Z";
    c.item.kind = Kind::Comment;
    c.item.created_at = t("2026-06-15T00:00:00Z");
    c.expected = excluded(Reason::KindNotEligible);
    cases.push(c);

    let mut c = case("created one microsecond after T");
    c.item.created_at = Timestamp(t(T).0 + 1);
    c.expected = excluded(Reason::NotYetCreated);
    cases.push(c);
    let mut c = case("created exactly at T");
    c.item.created_at = t(T);
    c.item.visibility_since = t(T);
    cases.push(c);

    let mut c = case("deleted before T");
    c.item.deleted_at = Some(t("2025-12-01T00:00:00Z"));
    c.expected = excluded(Reason::Deleted);
    cases.push(c);
    let mut c = case("deleted after T: erasure beats the as-of instant");
    c.item.deleted_at = Some(t("2026-03-01T00:00:00Z"));
    c.expected = excluded(Reason::Deleted);
    cases.push(c);

    for v in [Visibility::Connections, Visibility::Private] {
        let mut c = case("not public");
        c.item.visibility = v;
        c.expected = excluded(Reason::NotPublic);
        cases.push(c);
    }

    let mut c = case("made public one microsecond after T");
    c.item.visibility_since = Timestamp(t(T).0 + 1);
    c.expected = excluded(Reason::NotPublic);
    cases.push(c);
    let mut c = case("made public exactly at T");
    c.item.visibility_since = t(T);
    cases.push(c);

    let mut c = case("pre-effective content out of scope under the example policy");
    c.policy = EXAMPLE_OPT_IN_POLICY;
    c.as_of = "2026-07-01T00:00:00Z";
    c.item.created_at = t("2026-05-31T23:59:59.999999Z");
    c.expected = excluded(Reason::BeforeEffectiveDate);
    cases.push(c);
    let mut c = case("created exactly at the effective instant is in scope");
    c.policy = EXAMPLE_OPT_IN_POLICY;
    c.as_of = "2026-07-01T00:00:00Z";
    c.item.created_at = t("2026-06-01T00:00:00Z");
    cases.push(c);
    let mut c = case("pre-effective content in scope under the seed policy");
    c.item.created_at = t("2019-01-01T00:00:00Z");
    cases.push(c);

    let mut c = case("account opened after T");
    c.member.joined_at = Timestamp(t(T).0 + 1);
    c.item.created_at = t(T);
    c.expected = excluded(Reason::AccountNotOpen);
    cases.push(c);
    let mut c = case("account closed (any time)");
    c.member.closed_at = Some(t("2026-02-01T00:00:00Z"));
    c.expected = excluded(Reason::AccountClosed);
    cases.push(c);

    let mut c = case("one microsecond before the 18th birthday");
    c.member.birth_date = date("2008-01-15");
    c.as_of = "2026-01-14T23:59:59.999999Z";
    c.expected = excluded(Reason::Minor);
    cases.push(c);
    let mut c = case("exactly the 18th birthday");
    c.member.birth_date = date("2008-01-15");
    c.as_of = "2026-01-15T00:00:00Z";
    cases.push(c);

    let mut c = case("explicit off");
    c.consent = Consent::Explicit(false);
    c.expected = excluded(Reason::OptedOut);
    cases.push(c);
    let mut c = case("explicit on in an opt-in region");
    c.policy = EXAMPLE_OPT_IN_POLICY;
    c.as_of = "2026-07-01T00:00:00Z";
    c.item.created_at = t("2026-06-15T00:00:00Z");
    c.member.region = Region::parse("FR").unwrap();
    c.consent = Consent::Explicit(true);
    cases.push(c);
    let mut c = case("no choice in an opt-in region");
    c.policy = EXAMPLE_OPT_IN_POLICY;
    c.as_of = "2026-07-01T00:00:00Z";
    c.item.created_at = t("2026-06-15T00:00:00Z");
    c.member.region = Region::parse("FR").unwrap();
    c.expected = excluded(Reason::DefaultOff);
    cases.push(c);
    let mut c = case("unknown consent fails closed");
    c.consent = Consent::Unknown;
    c.expected = excluded(Reason::ConsentUnknown);
    cases.push(c);

    check(cases);
}

#[test]
fn no_policy_at_all_excludes() {
    let d = decide(None, Purpose::TrainAi, &item(), &member(), Consent::Explicit(true), t(T));
    assert_eq!(d, Decision::Excluded(Reason::NoPolicyInForce));
}

#[test]
fn leap_day_birthdays_come_of_age_on_march_first() {
    assert_eq!(adult_at(date("2008-02-29"), 18), t("2026-03-01T00:00:00Z"));
    assert_eq!(adult_at(date("2004-02-29"), 18), t("2022-03-01T00:00:00Z"));
    assert_eq!(adult_at(date("2000-02-29"), 24), t("2024-02-29T00:00:00Z"));
}

#[test]
fn reason_names_are_unique_snake_case() {
    let names: std::collections::BTreeSet<_> = Reason::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(names.len(), Reason::ALL.len());
    assert!(names.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
}
