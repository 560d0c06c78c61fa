//! Integration tests of the synthetic network generator: determinism, realism of members,
//! the shape of the connection graph, messages, consent changes and canaries.

mod consent;
mod graph;
mod people;

use std::sync::OnceLock;

use assent_policy::Timestamp;
use assent_synth::{Config, Member, Synth};

/// The instant the test networks are "as of".
fn now() -> Timestamp {
    Timestamp::parse_rfc3339("2026-11-29T00:00:00Z").unwrap()
}

fn config(members: u32, seed: u64, canaries: u32) -> Config {
    Config { members, seed, canaries, now: now() }
}

/// Members in the shared test network.
const MEMBERS: u32 = 5_000;
/// Canaries in the shared test network.
const CANARIES: u32 = 11;

/// A network of 5 000 members, built once for all tests.
fn network() -> &'static Synth {
    static NETWORK: OnceLock<Synth> = OnceLock::new();
    NETWORK.get_or_init(|| Synth::new(&config(MEMBERS, 42, CANARIES)))
}

/// Every member of [`network`], generated once.
fn members() -> &'static [Member] {
    static MEMBERS_: OnceLock<Vec<Member>> = OnceLock::new();
    MEMBERS_.get_or_init(|| (1..=MEMBERS).map(|id| network().member(id)).collect())
}

/// Asserts that `count` out of `total` is a share within `range` (in percent).
fn assert_share(what: &str, count: usize, total: usize, range: std::ops::RangeInclusive<f64>) {
    let share = 100.0 * count as f64 / total as f64;
    assert!(range.contains(&share), "{what}: {share:.2}% ({count} of {total}), expected {range:?}%");
}

#[test]
fn same_config_same_network_other_seed_other_network() {
    let a = Synth::new(&config(300, 7, 4));
    let b = Synth::new(&config(300, 7, 4));
    let c = Synth::new(&config(300, 8, 4));
    assert_eq!(a.companies(), b.companies());
    assert_eq!(a.jobs(), b.jobs());
    assert_eq!(a.canaries(), b.canaries());
    for id in 1..=300 {
        assert_eq!(a.member(id), b.member(id), "member {id}");
        assert_eq!(a.connections(id), b.connections(id), "connections of {id}");
        assert_eq!(a.messages(id), b.messages(id), "messages of {id}");
        assert_eq!(a.consent_changes(id), b.consent_changes(id), "consent of {id}");
    }
    let differing = (1..=300).filter(|&id| a.member(id).name != c.member(id).name).count();
    assert!(differing > 250, "another seed gives other people; only {differing} of 300 names differ");
    assert_ne!(a.companies(), c.companies());
    assert_ne!(a.canaries(), c.canaries());
}

#[test]
fn members_do_not_depend_on_generation_order() {
    let synth = network();
    let backwards: Vec<Member> = (1..=50).rev().map(|id| synth.member(id)).collect();
    for m in backwards {
        assert_eq!(m, members()[m.id as usize - 1]);
    }
}

#[test]
fn tiny_networks_work() {
    for members in [0, 1, 2, 3, 10] {
        let synth = Synth::new(&config(members, 1, 5));
        assert!(synth.canaries().len() <= members as usize);
        for id in 1..=members {
            assert!(synth.connections(id).iter().all(|&o| o < id));
            synth.member(id);
            synth.messages(id);
            synth.consent_changes(id);
        }
    }
}

#[test]
#[should_panic(expected = "member 11 does not exist")]
fn unknown_member_is_a_bug() {
    Synth::new(&config(10, 1, 0)).member(11);
}

#[test]
fn companies_and_jobs_are_consistent() {
    let synth = network();
    let companies = synth.companies();
    assert!(companies.len() >= 100, "{} companies", companies.len());
    let mut names = std::collections::HashSet::new();
    for (i, c) in companies.iter().enumerate() {
        assert_eq!(c.id as usize, i + 1);
        assert!(names.insert(c.name.as_str()), "company name {} twice", c.name);
    }
    let industries: std::collections::HashSet<&str> = companies.iter().map(|c| c.industry.as_str()).collect();
    assert!(industries.len() >= 12, "{industries:?}");
    let jobs = synth.jobs();
    assert!(jobs.len() >= companies.len() / 2);
    for (i, job) in jobs.iter().enumerate() {
        assert_eq!(job.id as usize, i + 1);
        let company = &companies[job.company as usize - 1];
        assert_eq!(job.region, company.region);
        assert!(job.skills.len() >= 3 && !job.title.is_empty() && job.description.len() > 80, "{job:?}");
        assert!(job.posted_at <= now() && job.posted_at.0 >= now().0 - 61 * 86_400_000_000);
    }
}
