//! A member's profile and posts, written in their own voice as it was when they wrote them.

use assent_policy::{Kind, Timestamp, Visibility};
use chrono::NaiveDate;

use crate::calendar::{date_of, instant_between, DAY, MINUTE};
use crate::career::{Person, Role};
use crate::industries::INDUSTRIES;
use crate::industries_fr::INDUSTRIES_FR;
use crate::regions::{french_towns, slug, COUNTRIES};
use crate::rng::{Rng, Stream};
use crate::text::{self, Stage, Voice};
use crate::{Experience, Field, Member, Post, Synth, World};

/// Share of profile fields (other than the headline) that are public.
const FIELD_PUBLIC: f64 = 0.87;
/// Share of headlines that are public.
const HEADLINE_PUBLIC: f64 = 0.95;
/// Share of members who never post.
const LURKERS: f64 = 0.3;
/// Share of posts visible to everyone (the rest go to connections only).
const POST_PUBLIC: f64 = 0.8;
/// Share of posts deleted later.
const POST_DELETED: f64 = 0.03;

/// What stays the same about a member whatever they write: where they live and what they know.
pub(crate) struct Traits {
    pub(crate) city: &'static str,
    /// Three to nine skills, the most specific first: those of their line of work (or, for
    /// someone who has not worked yet, the basics of their field), then broader ones.
    pub(crate) skills: Vec<&'static str>,
    pub(crate) handle: String,
    pub(crate) email: String,
}

impl Traits {
    pub(crate) fn new(world: &World, person: &Person) -> Traits {
        let mut rng = Rng::new(world.config.seed, Stream::Traits, u64::from(person.id));
        let towns = COUNTRIES[person.country].cities;
        let city =
            rng.pick(if person.french { french_towns(COUNTRIES[person.country].code).unwrap_or(towns) } else { towns });
        let industry = person.industry();
        let mut skills = Vec::with_capacity(9);
        let mut add = |from: &[&'static str], k: usize, rng: &mut Rng| {
            for i in rng.distinct(from.len(), k) {
                if !skills.contains(&from[i]) {
                    skills.push(from[i]);
                }
            }
        };
        if person.roles.is_empty() {
            // Someone who has not worked yet knows the basics of their field.
            add(industry.common_skills, 3, &mut rng);
        } else {
            add(industry.tracks[person.track].skills, 3 + rng.index(3), &mut rng);
            add(industry.common_skills, 1 + rng.index(3), &mut rng);
            let first = &person.roles[0];
            add(INDUSTRIES[first.industry].tracks[first.track].skills, rng.index(2), &mut rng);
        }
        if person.french {
            for s in &mut skills {
                *s = crate::industries_fr::skill_fr(s);
            }
        }
        let handle = format!("{}-{}", slug(&person.name()), person.id);
        let email = format!("{handle}@example.com");
        Traits { city, skills, handle, email }
    }
}

/// Who a member was on a given day: their position then, and how long they had worked.
pub(crate) struct Persona<'p> {
    person: &'p Person,
    pub(crate) stage: Stage,
    role: Option<&'p Role>,
    previous: Option<&'p Role>,
    pub(crate) title: String,
    /// The title in English, whatever language the member writes: private messages are
    /// written in English (see `messages.rs`).
    pub(crate) title_en: String,
}

impl<'p> Persona<'p> {
    pub(crate) fn at(person: &'p Person, date: NaiveDate) -> Persona<'p> {
        let started = person.roles.iter().take_while(|r| r.start <= date).count();
        let role = started.checked_sub(1).map(|i| &person.roles[i]);
        // The last other employer in the same industry, so that its wins read true.
        let previous = role.and_then(|role| {
            person.roles[..started].iter().rev().find(|r| r.company != role.company && r.industry == role.industry)
        });
        let stage = match role {
            None => Stage::Student,
            Some(r) if r.end.is_some_and(|end| end < date) => Stage::Between,
            Some(_) => Stage::Working,
        };
        let student = if person.french { "Étudiant" } else { "Student" };
        let title = role.map_or_else(|| student.to_string(), |r| person.title_of(r));
        let title_en = role.map_or_else(|| "Student".to_string(), |r| person.english_title_of(r));
        Persona { person, stage, role, previous, title, title_en }
    }

    /// The employer on that day (the last one, between positions).
    pub(crate) fn company<'w>(&self, world: &'w World) -> &'w str {
        self.role.map_or("", |r| world.companies.name(r.company))
    }

    /// The words this persona writes with.
    pub(crate) fn voice<'a>(&'a self, world: &'a World, traits: &'a Traits, date: NaiveDate) -> Voice<'a> {
        let index = self.role.map_or(self.person.industry, |r| r.industry);
        let industry = &INDUSTRIES[index];
        let french = self.person.french.then(|| &INDUSTRIES_FR[index]);
        let track = self.role.map_or(self.person.track, |r| r.track);
        let company = self.company(world);
        let years = self.person.roles.first().map_or(0, |first| ((date - first.start).num_days() / 365).max(1));
        Voice {
            industry,
            french,
            track: french.map_or(industry.tracks[track].title, |f| f.tracks[track].title),
            first: self.person.first,
            title: &self.title,
            company,
            prev_company: self.previous.map_or(company, |r| world.companies.name(r.company)),
            city: traits.city,
            skills: &traits.skills,
            years: years as u32,
            email: &traits.email,
            dial: COUNTRIES[self.person.country].dial,
        }
    }
}

fn visibility(rng: &mut Rng, public: f64) -> Visibility {
    let u = rng.unit();
    if u < public {
        Visibility::Public
    } else if u < public + (1.0 - public) * 0.7 {
        Visibility::Connections
    } else {
        Visibility::Private
    }
}

/// Member `person.id`, complete with profile and posts.
pub(crate) fn build(synth: &Synth, person: &Person) -> Member {
    let world = &synth.world;
    let now = world.config.now;
    let today = date_of(now);
    let traits = Traits::new(world, person);
    let mut rng = Rng::new(world.config.seed, Stream::Profile, u64::from(person.id));

    let persona = Persona::at(person, today);
    let voice = persona.voice(world, &traits, today);
    let headline = Field {
        text: text::headline(&voice, persona.stage, &mut rng),
        visibility: visibility(&mut rng, HEADLINE_PUBLIC),
    };
    let about =
        Field { text: text::about(&voice, persona.stage, &mut rng), visibility: visibility(&mut rng, FIELD_PUBLIC) };
    let experience = person
        .roles
        .iter()
        .map(|role| {
            let then = Persona::at(person, role.start);
            // A position is described with the skills of its own line of work.
            let skills = if person.french {
                INDUSTRIES_FR[role.industry].tracks[role.track].skills
            } else {
                INDUSTRIES[role.industry].tracks[role.track].skills
            };
            let role_voice = Voice { skills, ..then.voice(world, &traits, role.start) };
            Experience {
                title: then.title.clone(),
                company: role.company,
                start: role.start,
                end: role.end,
                description: text::experience(&role_voice, &mut rng),
            }
        })
        .collect();
    let experience_visibility = visibility(&mut rng, FIELD_PUBLIC);
    let skills_visibility = visibility(&mut rng, FIELD_PUBLIC);

    let mut posts = posts(world, person, &traits);
    if let Some(canary) = synth.canary(person.id) {
        posts.push(crate::consent::canary_post(world, canary));
        posts.sort_by_key(|p| p.created_at);
    }
    Member {
        id: person.id,
        language: if person.french { "fr" } else { "en" },
        handle: traits.handle.clone(),
        name: person.name(),
        email: traits.email.clone(),
        region: world.regions[person.country],
        birth_date: person.birth,
        joined_at: person.joined,
        closed_at: person.closed,
        headline,
        about,
        experience,
        experience_visibility,
        skills: traits.skills.iter().map(|s| s.to_string()).collect(),
        skills_visibility,
        posts,
    }
}

/// What a member shared between joining and `now` (or closing their account), oldest first:
/// mostly posts, some comments and the odd article, each in the voice of the day it was written.
fn posts(world: &World, person: &Person, traits: &Traits) -> Vec<Post> {
    let end = person.end(world.config.now);
    let mut rng = Rng::new(world.config.seed, Stream::Posts, u64::from(person.id));
    if rng.chance(LURKERS) {
        return Vec::new();
    }
    // At most one post per month of membership, and never more than 25 in all.
    let months = ((end.0 - person.joined.0) / (30 * DAY)).clamp(1, 25);
    let mut count = 1;
    while count < months && rng.chance(0.7) {
        count += 1;
    }
    let mut posts: Vec<Post> = (0..count)
        .map(|_| {
            let created_at = instant_between(&mut rng, person.joined, end).unwrap_or(end);
            let date = date_of(created_at);
            let persona = Persona::at(person, date);
            let voice = persona.voice(world, traits, date);
            let kind = [Kind::Post, Kind::Comment, Kind::Article][rng.weighted([70, 20, 10].into_iter())];
            let text = match kind {
                Kind::Article => text::article(&voice, &mut rng),
                Kind::Comment => text::comment(&voice, &mut rng),
                _ => text::post(&voice, persona.stage, &mut rng),
            };
            let visibility = if rng.chance(POST_PUBLIC) { Visibility::Public } else { Visibility::Connections };
            let deleted_at = if rng.chance(POST_DELETED) {
                instant_between(&mut rng, Timestamp(created_at.0 + MINUTE), end)
            } else {
                None
            };
            Post { kind, text, visibility, created_at, deleted_at }
        })
        .collect();
    posts.sort_by_key(|p| p.created_at);
    posts
}
