//! Employers: the company table every career draws from, and the jobs companies post.

use std::collections::HashSet;

use assent_policy::{Region, Timestamp};

use crate::calendar::{instant_between, DAY};
use crate::industries::{company_root, COMPANY_ROOTS, INDUSTRIES};
use crate::regions::COUNTRIES;
use crate::rng::{Rng, Stream};
use crate::text::{self, Voice};
use crate::{Company, Job};

/// Where a company sits, beyond what [`Company`] shows.
struct Place {
    industry: usize,
    country: usize,
    city: &'static str,
}

/// All companies, with indexes to pick an employer by industry and country.
pub(crate) struct Companies {
    pub(crate) list: Vec<Company>,
    places: Vec<Place>,
    /// Company ids per industry, biggest employer first.
    by_industry: Vec<Vec<u32>>,
    /// Company ids per (industry, country), at `industry * COUNTRIES.len() + country`.
    by_place: Vec<Vec<u32>>,
}

/// Members per company: a network of N members has about N / 25 employers.
const MEMBERS_PER_COMPANY: u32 = 25;
/// Share of positions taken in the member's own country when an employer there exists.
const LOCAL_HIRES: f64 = 0.8;

impl Companies {
    /// The company table of a network of `members` members.
    pub(crate) fn new(seed: u64, members: u32, regions: &[Region]) -> Companies {
        let count = (members / MEMBERS_PER_COMPANY).clamp(3 * INDUSTRIES.len() as u32, 20_000) as usize;
        let mut rng = Rng::new(seed, Stream::Companies, 0);
        let mut taken = HashSet::with_capacity(count);
        let mut table = Companies {
            list: Vec::with_capacity(count),
            places: Vec::with_capacity(count),
            by_industry: vec![Vec::new(); INDUSTRIES.len()],
            by_place: vec![Vec::new(); INDUSTRIES.len() * COUNTRIES.len()],
        };
        for i in 0..count {
            // The first companies cover every industry, so that every career finds an employer.
            let industry = if i < INDUSTRIES.len() { i } else { rng.weighted(INDUSTRIES.iter().map(|ind| ind.weight)) };
            let country = rng.weighted(COUNTRIES.iter().map(|c| c.weight));
            let city = rng.pick(COUNTRIES[country].cities);
            let mut name = company_name(&mut rng, industry, country, city);
            for _ in 0..10 {
                if !taken.contains(&name) {
                    break;
                }
                name = company_name(&mut rng, industry, country, city);
            }
            if taken.contains(&name) {
                name = format!("{name} {}", COUNTRIES[country].code);
            }
            if taken.contains(&name) {
                name = format!("{name} {}", i + 1);
            }
            taken.insert(name.clone());
            let id = i as u32 + 1;
            table.list.push(Company {
                id,
                name,
                industry: INDUSTRIES[industry].name.to_string(),
                region: regions[country],
            });
            table.places.push(Place { industry, country, city });
            table.by_industry[industry].push(id);
            table.by_place[industry * COUNTRIES.len() + country].push(id);
        }
        table
    }

    fn place(&self, id: u32) -> &Place {
        &self.places[id as usize - 1]
    }

    /// The company's name.
    pub(crate) fn name(&self, id: u32) -> &str {
        &self.list[id as usize - 1].name
    }

    /// An employer for someone in `industry` living in `country`: mostly a local one, and
    /// big employers more often than small ones.
    pub(crate) fn pick(&self, rng: &mut Rng, industry: usize, country: usize) -> u32 {
        let local = &self.by_place[industry * COUNTRIES.len() + country];
        let list = if !local.is_empty() && rng.chance(LOCAL_HIRES) { local } else { &self.by_industry[industry] };
        let u = rng.unit();
        list[(u * u * list.len() as f64) as usize]
    }

    /// The open positions: up to three per company, posted in the 60 days before `now`.
    pub(crate) fn jobs(&self, seed: u64, now: Timestamp, history_start: Timestamp) -> Vec<Job> {
        let mut jobs = Vec::new();
        for company in &self.list {
            let place = self.place(company.id);
            let industry = &INDUSTRIES[place.industry];
            let mut rng = Rng::new(seed, Stream::Jobs, u64::from(company.id));
            let count = rng.weighted([35, 35, 20, 10].into_iter());
            for _ in 0..count {
                let track = rng.index(industry.tracks.len());
                let level = rng.below(4) as u8;
                let title = industry.title(track, level, 0);
                let own = industry.tracks[track].skills;
                let k = 3 + rng.index(3);
                let mut skills: Vec<&'static str> = rng.distinct(own.len(), k).into_iter().map(|i| own[i]).collect();
                let common = rng.pick(industry.common_skills);
                if !skills.contains(&common) {
                    skills.push(common);
                }
                let voice = Voice {
                    industry,
                    french: None,
                    track: industry.tracks[track].title,
                    first: "",
                    title: &title,
                    company: &company.name,
                    prev_company: &company.name,
                    city: place.city,
                    skills: &skills,
                    years: 3,
                    email: "",
                    dial: COUNTRIES[place.country].dial,
                };
                let description = text::job_description(&voice, &mut rng);
                let posted_at = instant_between(&mut rng, Timestamp((now.0 - 60 * DAY).max(history_start.0)), now)
                    .expect("history starts before now");
                jobs.push(Job {
                    id: jobs.len() as u32 + 1,
                    company: company.id,
                    title,
                    description,
                    skills: skills.iter().map(|s| s.to_string()).collect(),
                    region: company.region,
                    posted_at,
                });
            }
        }
        jobs
    }
}

/// A made-up name following one of the industry's patterns.
fn company_name(rng: &mut Rng, industry: usize, country: usize, city: &str) -> String {
    let pattern = rng.pick(INDUSTRIES[industry].company_patterns);
    let people = COUNTRIES[country].names;
    let names = people[rng.weighted(people.iter().map(|(_, w)| *w))].0;
    let surname = rng.pick(names.last);
    let mut surname2 = rng.pick(names.last);
    if surname2 == surname {
        surname2 = rng.pick(names.last);
    }
    pattern
        .replace("{root}", &company_root(rng.index(COMPANY_ROOTS)))
        .replace("{surname}", surname)
        .replace("{surname2}", surname2)
        .replace("{city}", city)
}
