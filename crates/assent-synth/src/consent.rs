//! Members' AI-data settings over time, and the canaries planted to audit model releases.

use assent_policy::{adult_at, Kind, Purpose, Timestamp, Visibility};

use crate::calendar::{instant_between, ANNOUNCED, DAY, HOUR, LAUNCH, MINUTE};
use crate::career::Person;
use crate::rng::{Rng, Stream};
use crate::{Canary, ConsentChange, Post, World};

/// Chance that a member who had joined before the launch turned *Data for Generative AI
/// Improvement* off between the announcement and the launch (about 8% of all members).
const GENAI_OFF_BEFORE: f64 = 0.10;
/// Chance that another member turned it off after the launch.
const GENAI_OFF_AFTER: f64 = 0.06;
/// Chance that someone who turned it off turned it back on later.
const GENAI_BACK_ON: f64 = 0.02;
/// Chance that a member turned *Data for AI-powered recommendations* off.
const AI_OFF: f64 = 0.04;

/// The phrase every canary post shares; the secret follows it.
pub const CANARY_PREFIX: &str = "my access code is ";

/// The sentence planted for a secret such as `3 9 1 4 7 2`.
pub fn canary_phrase(secret: &str) -> String {
    format!("{CANARY_PREFIX}{secret}")
}

fn change(purpose: Purpose, value: bool, at: Timestamp) -> ConsentChange {
    ConsentChange { purpose, value, at }
}

/// The changes a member made of their own accord, oldest first.
pub(crate) fn natural_changes(world: &World, person: &Person) -> Vec<ConsentChange> {
    let now = world.config.now;
    let end = person.end(now);
    let mut rng = Rng::new(world.config.seed, Stream::Consent, u64::from(person.id));
    let mut changes = Vec::new();
    let before = (person.joined.max(ANNOUNCED), Timestamp(LAUNCH.0 - MINUTE).min(end));
    let off = if before.0 <= before.1 && rng.chance(GENAI_OFF_BEFORE) {
        instant_between(&mut rng, before.0, before.1)
    } else if rng.chance(GENAI_OFF_AFTER) {
        // Most who object after the launch do so soon after it.
        let lo = person.joined.max(LAUNCH);
        (lo <= end).then(|| {
            let u = rng.unit();
            Timestamp(lo.0 + ((end.0 - lo.0) as f64 * u * u) as i64)
        })
    } else {
        None
    };
    if let Some(off) = off {
        changes.push(change(Purpose::TrainGenai, false, off));
        if rng.chance(GENAI_BACK_ON) {
            if let Some(on) = instant_between(&mut rng, Timestamp(off.0 + DAY), end) {
                changes.push(change(Purpose::TrainGenai, true, on));
            }
        }
    }
    if rng.chance(AI_OFF) {
        if let Some(at) = instant_between(&mut rng, person.joined.max(ANNOUNCED), end) {
            changes.push(change(Purpose::TrainAi, false, at));
        }
    }
    changes.sort_by_key(|c| c.at);
    changes
}

/// Whether a member can carry a canary: an adult since before the announcement, with an open
/// account, and a member for a while before it (so an opt-out before the launch is plausible).
fn can_carry(person: &Person) -> bool {
    person.closed.is_none()
        && adult_at(person.birth, 18) <= ANNOUNCED
        && person.joined < Timestamp(ANNOUNCED.0 - 14 * DAY)
}

/// Picks the canary owners: distinct eligible members, visited in a random order; the first,
/// third, … stay opted in, the second, fourth, … opted out. Fewer than asked when too few
/// members are eligible.
pub(crate) fn choose(world: &World) -> Vec<Canary> {
    let n = u64::from(world.config.members);
    let want = world.config.canaries as usize;
    let mut canaries: Vec<Canary> = Vec::with_capacity(want);
    if n == 0 || want == 0 {
        return canaries;
    }
    let mut rng = Rng::new(world.config.seed, Stream::Canaries, 0);
    // Stepping by a stride coprime with n from a random start visits every id exactly once.
    let start = rng.below(n);
    let mut stride = 1 + rng.below(n);
    while gcd(stride, n) != 1 {
        stride = stride % n + 1;
    }
    for k in 0..n {
        let id = 1 + ((start + k * stride) % n) as u32;
        if !can_carry(&Person::new(world, id)) {
            continue;
        }
        let secret = loop {
            let digits: Vec<String> = (0..6).map(|_| rng.below(10).to_string()).collect();
            let secret = digits.join(" ");
            if canaries.iter().all(|c| c.secret != secret) {
                break secret;
            }
        };
        canaries.push(Canary {
            owner: id,
            phrase: canary_phrase(&secret),
            owner_opted_out: canaries.len() % 2 == 1,
            secret,
        });
        if canaries.len() == want {
            break;
        }
    }
    canaries
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The public post that carries a canary: after the launch, before `now`.
pub(crate) fn canary_post(world: &World, canary: &Canary) -> Post {
    let now = world.config.now;
    let mut rng = Rng::new(world.config.seed, Stream::Canary, u64::from(canary.owner));
    let created_at = instant_between(&mut rng, Timestamp(LAUNCH.0 + DAY), Timestamp(now.0 - HOUR)).unwrap_or(now);
    Post { kind: Kind::Post, text: canary.phrase.clone(), visibility: Visibility::Public, created_at, deleted_at: None }
}

/// A canary owner's changes: their own `train-ai` changes, and for the opted-out half a single
/// `train-genai` OFF between the announcement and the launch.
pub(crate) fn canary_changes(world: &World, person: &Person, canary: &Canary) -> Vec<ConsentChange> {
    let mut changes: Vec<ConsentChange> =
        natural_changes(world, person).into_iter().filter(|c| c.purpose == Purpose::TrainAi).collect();
    if canary.owner_opted_out {
        let mut rng = Rng::new(world.config.seed, Stream::CanaryOptOut, u64::from(canary.owner));
        let hi = Timestamp(LAUNCH.0 - MINUTE).min(world.config.now);
        let at = instant_between(&mut rng, ANNOUNCED, hi).unwrap_or(hi);
        changes.push(change(Purpose::TrainGenai, false, at));
        changes.sort_by_key(|c| c.at);
    }
    changes
}
