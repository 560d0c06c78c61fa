//! A deterministic generator of a synthetic professional network, for `assent seed` and
//! `assent demo`: members with coherent careers, profiles and posts, a small-world connection
//! graph, private messages, AI-data setting changes around the 2025-11-03 launch, companies, jobs,
//! and canaries to audit model releases for leakage.
//!
//! Nothing here performs IO; the generator only produces values. [`Synth::new`] builds the
//! shared tables once (companies, jobs, compact rosters for the graph, canaries); after that
//! every member is computed from `(seed, id)` alone, cheaply, in any order and from any number
//! of threads, so a store can stream a network of any size. The same [`Config`] always yields
//! the same network, on every platform.
//!
//! ```
//! use assent_policy::Timestamp;
//! use assent_synth::{Config, Synth};
//!
//! let now = Timestamp::parse_rfc3339("2026-11-29T00:00:00Z").unwrap();
//! let synth = Synth::new(&Config { members: 500, seed: 7, canaries: 4, now });
//! let member = synth.member(42);
//! assert!(member.handle.ends_with("-42"));
//! assert!(member.posts.iter().all(|p| member.joined_at <= p.created_at && p.created_at <= now));
//! for other in synth.connections(42) {
//!     assert!(other < 42);
//! }
//! let canary = &synth.canaries()[0];
//! assert!(synth.member(canary.owner).posts.iter().any(|p| p.text == canary.phrase));
//! ```

mod calendar;
mod career;
mod companies;
mod consent;
mod graph;
mod industries;
mod industries_fr;
mod member;
mod messages;
mod model;
mod regions;
mod rng;
mod templates;
mod templates_fr;
mod text;

use std::collections::HashMap;

use assent_policy::{Region, Timestamp};

pub use calendar::{ANNOUNCED, LAUNCH};
pub use consent::{canary_phrase, CANARY_PREFIX};
pub use model::{Canary, Company, Config, ConsentChange, Experience, Field, Job, Member, Message, Post};

use crate::calendar::YEAR;
use crate::career::Person;
use crate::companies::Companies;
use crate::graph::Graph;

/// How far back the network's history goes from `now`.
const HISTORY_YEARS: i64 = 6;

/// What every member's generation reads: the config and the company table.
pub(crate) struct World {
    pub(crate) config: Config,
    /// `now` minus six years: nobody joined earlier.
    pub(crate) history_start: Timestamp,
    /// The [`Region`] of each entry of `regions::COUNTRIES`.
    pub(crate) regions: Vec<Region>,
    pub(crate) companies: Companies,
}

/// A synthetic network: shared tables built once, members generated on demand.
pub struct Synth {
    world: World,
    jobs: Vec<Job>,
    graph: Graph,
    canaries: Vec<Canary>,
    /// Canary owner → index into `canaries`.
    canary_of: HashMap<u32, usize>,
}

impl Synth {
    /// Builds the network's shared tables. Costs a pass over all members (to place them on the
    /// graph's rosters: under a second for a million members in a release build) and a few
    /// dozen bytes per member.
    pub fn new(config: &Config) -> Synth {
        let regions = regions::COUNTRIES
            .iter()
            .map(|c| Region::parse(c.code).expect("the country table holds ISO 3166-1 codes"))
            .collect::<Vec<_>>();
        let history_start = Timestamp(config.now.0 - HISTORY_YEARS * YEAR);
        let companies = Companies::new(config.seed, config.members, &regions);
        let world = World { config: config.clone(), history_start, regions, companies };
        let jobs = world.companies.jobs(config.seed, config.now, history_start);
        let graph = Graph::new(&world, (1..=config.members).map(|id| Person::new(&world, id)));
        let canaries = consent::choose(&world);
        let canary_of = canaries.iter().enumerate().map(|(i, c)| (c.owner, i)).collect();
        Synth { world, jobs, graph, canaries, canary_of }
    }

    /// The config the network was built from.
    pub fn config(&self) -> &Config {
        &self.world.config
    }

    /// Every company; [`Company::id`] is the index plus one.
    pub fn companies(&self) -> &[Company] {
        &self.world.companies.list
    }

    /// Every open position; [`Job::id`] is the index plus one.
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// Member `id`, with profile and posts (including a canary post if they carry one).
    ///
    /// # Panics
    /// If `id` is not in `1..=members`.
    pub fn member(&self, id: u32) -> Member {
        member::build(self, &self.person(id))
    }

    /// The other ends of member `id`'s connections that have a smaller id, ascending: listing
    /// this for every member lists each undirected connection exactly once.
    ///
    /// # Panics
    /// If `id` is not in `1..=members`.
    pub fn connections(&self, id: u32) -> Vec<u32> {
        self.graph.neighbours(self.world.config.seed, &self.person(id), true)
    }

    /// The private messages member `id` sent (only ever to connections), oldest first.
    ///
    /// # Panics
    /// If `id` is not in `1..=members`.
    pub fn messages(&self, id: u32) -> Vec<Message> {
        messages::sent(self, &self.person(id))
    }

    /// Member `id`'s changes of their AI-data settings, oldest first, all after joining and
    /// before closing. Most members have none. About 8% of members turn *Data for Generative AI
    /// Improvement* off between the announcement ([`ANNOUNCED`]) and the launch ([`LAUNCH`]),
    /// about 6% after the launch (2% of those who turn it off turn it back on later), and about
    /// 4% turn *Data for AI-powered recommendations* off.
    ///
    /// # Panics
    /// If `id` is not in `1..=members`.
    pub fn consent_changes(&self, id: u32) -> Vec<ConsentChange> {
        let person = self.person(id);
        match self.canary(id) {
            Some(canary) => consent::canary_changes(&self.world, &person, canary),
            None => consent::natural_changes(&self.world, &person),
        }
    }

    /// The canaries, in the order they were chosen: opted-in owners first, third, …, opted-out
    /// owners second, fourth, … . Fewer than [`Config::canaries`] only if too few members can
    /// carry one (adults with open accounts who joined before the announcement).
    pub fn canaries(&self) -> &[Canary] {
        &self.canaries
    }

    /// Every job title the generator gives members (each line of work at every level, and the
    /// leadership titles) and every skill, once each, in English and in French: what drafts of
    /// the writing assistant are checked against (a draft should name only the member's own).
    pub fn roles_and_skills() -> Vec<String> {
        let mut out = std::collections::BTreeSet::new();
        // The French vocabulary is index-aligned with the English one.
        for (en, fr) in industries::INDUSTRIES.iter().zip(industries_fr::INDUSTRIES_FR) {
            for t in 0..en.tracks.len() {
                for level in 0..industries::LEADERSHIP {
                    out.extend([en.title(t, level, 0), fr.title(t, level, 0)]);
                }
                out.extend(en.tracks[t].skills.iter().chain(fr.tracks[t].skills).map(|s| s.to_string()));
            }
            let (leaders, common) =
                (en.leaders.iter().chain(fr.leaders), en.common_skills.iter().chain(fr.common_skills));
            out.extend(leaders.chain(common).map(|s| s.to_string()));
        }
        out.into_iter().collect()
    }

    /// The password of every synthetic member.
    pub fn demo_password() -> &'static str {
        "assent-demo-password"
    }

    fn person(&self, id: u32) -> Person {
        assert!(
            (1..=self.world.config.members).contains(&id),
            "member {id} does not exist: ids run from 1 to {}",
            self.world.config.members
        );
        Person::new(&self.world, id)
    }

    /// The canary member `id` carries, if any.
    pub(crate) fn canary(&self, id: u32) -> Option<&Canary> {
        self.canary_of.get(&id).map(|&i| &self.canaries[i])
    }
}
