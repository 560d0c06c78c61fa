//! Private conversations between connected members.
//!
//! Whether two connections talk, when, and what kind of conversation it is depends on the pair
//! alone, so both ends plan the same conversation and each writes only its own lines: an opener,
//! often a reply, sometimes a follow-up from the opener.

use assent_policy::Timestamp;

use crate::calendar::{date_of, instant_between, DAY, MINUTE};
use crate::career::Person;
use crate::member::{Persona, Traits};
use crate::rng::{pair_unit, Rng, Stream};
use crate::templates::THREADS;
use crate::text::{self, Peer, Stage, Voice};
use crate::{Message, Synth};

/// Chance that two connected members have a conversation.
const TALK: f64 = 0.12;
/// Chance that the other member replies to an opener.
const REPLY: f64 = 0.8;
/// Chance that the opener writes once more after a reply.
const FOLLOW_UP: f64 = 0.4;

/// The messages `person` sent, oldest first.
pub(crate) fn sent(synth: &Synth, person: &Person) -> Vec<Message> {
    let world = &synth.world;
    let seed = world.config.seed;
    let now = world.config.now;
    let me = person.id;
    let traits = Traits::new(world, person);
    let mut out = Vec::new();
    for other in synth.graph.neighbours(seed, person, false) {
        if pair_unit(seed, Stream::Thread, me, other) >= TALK {
            continue;
        }
        let (lo, hi) = (me.min(other), me.max(other));
        let mut rng = Rng::new(seed, Stream::Thread, (u64::from(lo) << 32) | u64::from(hi));
        let them = Person::new(world, other);
        let lower_opens = rng.chance(0.5);
        let (opener, responder) = if lower_opens == (me == lo) { (person, &them) } else { (&them, person) };

        // The plan: both ends draw it identically, before any text.
        let first = opener.joined.max(responder.joined);
        let last = opener.end(now).min(responder.end(now));
        let Some(opened) = instant_between(&mut rng, first, last) else { continue };
        let day = date_of(opened);
        let (opener_then, responder_then) = (Persona::at(opener, day), Persona::at(responder, day));
        let kinds: Vec<usize> = (0..THREADS.len())
            .filter(|&k| {
                (!THREADS[k].peer_works || responder_then.stage == Stage::Working)
                    && (!THREADS[k].sender_works || opener_then.stage == Stage::Working)
            })
            .collect();
        let kind = &THREADS[rng.pick(&kinds)];
        let replied =
            Some(Timestamp(opened.0 + rng.between(10 * MINUTE, 3 * DAY))).filter(|&t| t <= last && rng.chance(REPLY));
        let followed = replied
            .map(|t| Timestamp(t.0 + rng.between(5 * MINUTE, DAY)))
            .filter(|&t| t <= last && rng.chance(FOLLOW_UP));

        // The text of my own lines.
        let (mine, theirs) =
            if opener.id == me { (&opener_then, &responder_then) } else { (&responder_then, &opener_then) };
        // Private messages are written in English (they are never trained on): English titles,
        // and the English vocabulary of the industry.
        let voice = Voice { french: None, title: &mine.title_en, ..mine.voice(world, &traits, day) };
        let peer = Peer {
            first: if opener.id == me { responder.first } else { opener.first },
            title: &theirs.title_en,
            company: theirs.company(world),
        };
        let lines = if opener.id == me {
            vec![(Some(opened), kind.open), (followed, kind.follow_up)]
        } else {
            vec![(replied, kind.reply)]
        };
        for (at, templates) in lines {
            if let Some(sent_at) = at {
                out.push(Message { to: other, text: text::message(&voice, &peer, templates, &mut rng), sent_at });
            }
        }
    }
    out.sort_by_key(|m| m.sent_at);
    out
}
