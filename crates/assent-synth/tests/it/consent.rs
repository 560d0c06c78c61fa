//! AI-data setting changes and canaries.

use std::collections::HashSet;

use assent_policy::{adult_at, Kind, Purpose, Visibility};
use assent_synth::{canary_phrase, ConsentChange, Synth, ANNOUNCED, CANARY_PREFIX, LAUNCH};

use crate::{assert_share, config, members, network, now, CANARIES, MEMBERS};

fn all_changes() -> Vec<(u32, Vec<ConsentChange>)> {
    (1..=MEMBERS).map(|id| (id, network().consent_changes(id))).collect()
}

#[test]
fn changes_are_ordered_and_within_membership() {
    for (id, changes) in all_changes() {
        let m = &members()[id as usize - 1];
        assert!(changes.windows(2).all(|w| w[0].at <= w[1].at), "changes of {id} out of order");
        for c in &changes {
            assert!(m.joined_at <= c.at && c.at <= m.closed_at.unwrap_or(now()), "member {id}: {c:?}");
        }
        // Each purpose starts ON by default, so a member's changes for it alternate OFF, ON, …
        for purpose in [Purpose::TrainGenai, Purpose::TrainAi] {
            let values: Vec<bool> = changes.iter().filter(|c| c.purpose == purpose).map(|c| c.value).collect();
            assert!(values.iter().enumerate().all(|(i, &v)| v == (i % 2 == 1)), "member {id}: {values:?}");
        }
    }
}

#[test]
fn opt_out_rates_around_the_launch() {
    let changes = all_changes();
    let n = changes.len();
    let count = |f: &dyn Fn(&ConsentChange) -> bool| changes.iter().filter(|(_, cs)| cs.iter().any(f)).count();
    let genai_off = |c: &ConsentChange| c.purpose == Purpose::TrainGenai && !c.value;
    let before = count(&|c| genai_off(c) && c.at < LAUNCH);
    let after = count(&|c| genai_off(c) && c.at >= LAUNCH);
    assert_share("train-genai off before the launch", before, n, 6.0..=10.0);
    assert_share("train-genai off after the launch", after, n, 4.0..=8.0);
    assert!(count(&|c| genai_off(c) && c.at < ANNOUNCED) == 0, "nobody could object before the announcement");
    assert_share("train-ai off", count(&|c| c.purpose == Purpose::TrainAi && !c.value), n, 2.5..=5.5);
    let back_on = count(&|c| c.purpose == Purpose::TrainGenai && c.value);
    assert!(back_on <= (before + after) / 10, "{back_on} turned it back on");
    assert_share(
        "members who never change anything",
        changes.iter().filter(|(_, cs)| cs.is_empty()).count(),
        n,
        80.0..=92.0,
    );
}

#[test]
fn canaries_are_planted_as_specified() {
    let synth = network();
    let canaries = synth.canaries();
    assert_eq!(canaries.len(), CANARIES as usize);
    let opted_out = canaries.iter().filter(|c| c.owner_opted_out).count();
    assert_eq!(canaries.len() - opted_out, CANARIES.div_ceil(2) as usize, "half (rounded up) opted in");
    let owners: HashSet<u32> = canaries.iter().map(|c| c.owner).collect();
    assert_eq!(owners.len(), canaries.len(), "owners are distinct");
    let secrets: HashSet<&str> = canaries.iter().map(|c| c.secret.as_str()).collect();
    assert_eq!(secrets.len(), canaries.len(), "secrets are distinct");

    for canary in canaries {
        let digits: Vec<&str> = canary.secret.split(' ').collect();
        assert!(
            digits.len() == 6 && digits.iter().all(|d| d.len() == 1 && d.as_bytes()[0].is_ascii_digit()),
            "{canary:?}"
        );
        assert_eq!(canary.phrase, canary_phrase(&canary.secret));
        assert_eq!(canary.phrase.strip_suffix(canary.secret.as_str()), Some(CANARY_PREFIX), "one template for all");

        let owner = synth.member(canary.owner);
        assert!(adult_at(owner.birth_date, 18) <= ANNOUNCED && owner.closed_at.is_none(), "{canary:?}");
        let planted: Vec<_> = owner.posts.iter().filter(|p| p.text == canary.phrase).collect();
        assert_eq!(planted.len(), 1, "{canary:?}");
        let post = planted[0];
        assert_eq!((post.kind, post.visibility, post.deleted_at), (Kind::Post, Visibility::Public, None));
        assert!(LAUNCH < post.created_at && post.created_at <= now(), "{post:?}");

        let genai: Vec<ConsentChange> =
            synth.consent_changes(canary.owner).into_iter().filter(|c| c.purpose == Purpose::TrainGenai).collect();
        if canary.owner_opted_out {
            let latest = genai.last().expect("an opted-out owner has turned the setting off");
            assert!(!latest.value && latest.at < LAUNCH && owner.joined_at <= latest.at, "{canary:?}: {genai:?}");
        } else {
            assert!(genai.iter().all(|c| c.value), "opted-in owner {}: {genai:?}", canary.owner);
        }
    }

    // Nobody else's text looks like a canary.
    let owners_posts = members().iter().filter(|m| !owners.contains(&m.id)).flat_map(|m| &m.posts);
    assert!(owners_posts.clone().all(|p| !p.text.contains(CANARY_PREFIX)));
}

#[test]
fn asking_for_more_canaries_than_eligible_members_gives_fewer() {
    let synth = Synth::new(&config(20, 3, 50));
    assert!(synth.canaries().len() < 20);
    assert!(!synth.canaries().is_empty());
}
