//! Who a member is: country, name, age, membership dates and career. Cheap and free of prose,
//! so that the connection graph and conversations can look up any member at any time.

use assent_policy::{adult_at, Timestamp};
use chrono::NaiveDate;

use crate::calendar::{add_days, date_of, instant_between, years_before, DAY, HOUR, YEAR};
use crate::industries::{Industry, INDUSTRIES, LEADERSHIP};
use crate::regions::{full_name, Names, COUNTRIES};
use crate::rng::{Rng, Stream};
use crate::World;

/// Share of members aged 16 or 17.
const MINORS: f64 = 0.02;
/// Share of members aged 18 to 21.
const YOUNG_ADULTS: f64 = 0.04;
/// Share of accounts closed by `now`.
const CLOSED: f64 = 0.01;

/// The facts about a member everything else is derived from.
pub(crate) struct Person {
    pub(crate) id: u32,
    /// Index into [`COUNTRIES`].
    pub(crate) country: usize,
    pub(crate) names: &'static Names,
    pub(crate) first: &'static str,
    pub(crate) last: &'static str,
    pub(crate) birth: NaiveDate,
    pub(crate) joined: Timestamp,
    pub(crate) closed: Option<Timestamp>,
    /// The industry of the latest position, or the one a student is drawn to.
    pub(crate) industry: usize,
    /// The line of work within `industry`.
    pub(crate) track: usize,
    /// Which leadership title the member would hold.
    leader: usize,
    /// Positions, oldest first; seniority never decreases.
    pub(crate) roles: Vec<Role>,
    /// Writes in French (French names in a French-speaking country; see
    /// [`crate::regions::french_towns`]).
    pub(crate) french: bool,
}

/// One position.
pub(crate) struct Role {
    pub(crate) company: u32,
    pub(crate) industry: usize,
    pub(crate) track: usize,
    level: u8,
    pub(crate) start: NaiveDate,
    pub(crate) end: Option<NaiveDate>,
}

impl Person {
    /// Member `id` of the network.
    pub(crate) fn new(world: &World, id: u32) -> Person {
        let seed = world.config.seed;
        let now = world.config.now;
        let today = date_of(now);
        let mut rng = Rng::new(seed, Stream::Core, u64::from(id));

        let country = rng.weighted(COUNTRIES.iter().map(|c| c.weight));
        let people = COUNTRIES[country].names;
        let names = people[rng.weighted(people.iter().map(|(_, w)| *w))].0;
        let first = rng.pick(names.first);
        let last = rng.pick(names.last);

        let birth = birth_date(&mut rng, today);
        let sixteen = adult_at(birth, 16);
        let lo = world.history_start.max(sixteen);
        let joined = instant_between(&mut rng, lo, Timestamp(now.0 - HOUR)).unwrap_or(lo);
        let closed = if rng.chance(CLOSED) { instant_between(&mut rng, Timestamp(joined.0 + DAY), now) } else { None };

        let industry = rng.weighted(INDUSTRIES.iter().map(|i| i.weight));
        let track = rng.index(INDUSTRIES[industry].tracks.len());
        let leader = rng.index(INDUSTRIES[industry].leaders.len());
        let mut person = Person {
            id,
            country,
            names,
            first,
            last,
            birth,
            joined,
            closed,
            industry,
            track,
            leader,
            roles: Vec::new(),
            french: names.french && crate::regions::french_towns(COUNTRIES[country].code).is_some(),
        };
        person.roles = career(world, &mut rng, &person, today);
        person
    }

    /// First and last name.
    pub(crate) fn name(&self) -> String {
        full_name(self.names, self.first, self.last)
    }

    /// The last instant the member could act: when they closed their account, or `now`.
    pub(crate) fn end(&self, now: Timestamp) -> Timestamp {
        self.closed.unwrap_or(now)
    }

    /// The title of a position.
    pub(crate) fn title_of(&self, role: &Role) -> String {
        if self.french {
            crate::industries_fr::INDUSTRIES_FR[role.industry].title(role.track, role.level, self.leader)
        } else {
            self.english_title_of(role)
        }
    }

    /// The title of a position in English.
    pub(crate) fn english_title_of(&self, role: &Role) -> String {
        INDUSTRIES[role.industry].title(role.track, role.level, self.leader)
    }

    pub(crate) fn industry(&self) -> &'static Industry {
        &INDUSTRIES[self.industry]
    }

    /// Each company the member worked at, with the day they first started there.
    pub(crate) fn first_stints(&self) -> impl Iterator<Item = (u32, NaiveDate)> + '_ {
        self.roles
            .iter()
            .enumerate()
            .filter(|(i, r)| self.roles[..*i].iter().all(|earlier| earlier.company != r.company))
            .map(|(_, r)| (r.company, r.start))
    }
}

/// A birth date: 2% are 16–17 at `today`, 4% are 18–21, the rest 22–65 (most around 30–45).
fn birth_date(rng: &mut Rng, today: NaiveDate) -> NaiveDate {
    let (oldest, youngest) = if rng.chance(MINORS) {
        (18, 16)
    } else if rng.chance(YOUNG_ADULTS / (1.0 - MINORS)) {
        (22, 18)
    } else {
        // A triangular distribution of ages over [22, 66) peaking at 30, drawn with sqrt only
        // (exact in IEEE 754, so the same on every platform).
        let (a, c, b) = (22.0, 30.0, 66.0);
        let u = rng.unit();
        let age = if u < (c - a) / (b - a) {
            a + (u * (b - a) * (c - a)).sqrt()
        } else {
            b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
        };
        let days = (age * YEAR as f64 / DAY as f64) as i64;
        let earliest = add_days(years_before(today, 66), 1);
        return add_days(today, -days).clamp(earliest, years_before(today, 22));
    };
    // Born in (today - oldest years, today - youngest years]: aged youngest..oldest-1 today.
    let lo = add_days(years_before(today, oldest), 1);
    let hi = years_before(today, youngest);
    add_days(lo, rng.between(0, (hi - lo).num_days()))
}

/// Positions from the first job (at 18 or later) to today, at rising seniority, mostly in the
/// member's industry and now and then in an adjacent one, with some promotions in place.
fn career(world: &World, rng: &mut Rng, person: &Person, today: NaiveDate) -> Vec<Role> {
    let eighteen = date_of(adult_at(person.birth, 18));
    let latest_start = add_days(today, -30);
    if eighteen > latest_start {
        return Vec::new();
    }
    // Most start working after some years of study; whoever has not reached that day is a student.
    let offset = if rng.chance(0.15) { rng.between(0, 3 * 365) } else { rng.between(3 * 365, 8 * 365) };
    let career_start = add_days(eighteen, offset);
    if career_start > latest_start {
        return Vec::new();
    }
    let span = (today - career_start).num_days();

    // Cut the span into positions of a few years each, none shorter than two months.
    let tenure = 2.0 + 4.0 * rng.unit();
    let positions = (1 + (span as f64 / 365.25 / tenure) as usize).min(5);
    let mut cuts: Vec<i64> = (1..positions).map(|_| rng.between(0, span)).collect();
    cuts.sort_unstable();
    let mut bounds = vec![0];
    for cut in cuts {
        if cut - bounds.last().expect("starts with 0") >= 60 && span - cut >= 60 {
            bounds.push(cut);
        }
    }
    bounds.push(span);

    let pace = 2.5 + 2.0 * rng.unit();
    let first_level = if rng.chance(0.3) { 1.0 } else { 0.0 };
    let top_level = if rng.chance(0.35) { LEADERSHIP } else { LEADERSHIP - 1 };
    let home = person.industry();
    let mut roles: Vec<Role> = Vec::with_capacity(bounds.len() - 1);
    for (i, w) in bounds.windows(2).enumerate() {
        let last = i + 2 == bounds.len();
        let gap = if i == 0 { 0 } else { rng.between(0, 90).min((w[1] - w[0]) / 3) };
        let start = add_days(career_start, w[0] + gap);
        let end = if !last {
            Some(add_days(career_start, w[1]))
        } else if rng.chance(0.12) && w[1] - w[0] > 120 {
            Some(add_days(today, -rng.between(1, (w[1] - w[0]) / 2)))
        } else {
            None
        };
        let industry = if !last && rng.chance(0.2) { rng.pick(home.adjacent) } else { person.industry };
        let track = if industry != person.industry {
            rng.index(INDUSTRIES[industry].tracks.len())
        } else if !last && rng.chance(0.2) {
            rng.index(home.tracks.len())
        } else {
            person.track
        };
        let promoted = roles.last().filter(|prev| prev.industry == industry && rng.chance(0.25));
        let company = match promoted {
            Some(prev) => prev.company,
            None => world.companies.pick(rng, industry, person.country),
        };
        let years = w[0] as f64 / 365.25;
        let level = (first_level + (years / pace)).min(f64::from(top_level)) as u8;
        match roles.last_mut() {
            // The same job at the same company again is one longer stint, not two entries.
            Some(prev)
                if (prev.company, prev.industry, prev.track, prev.level) == (company, industry, track, level) =>
            {
                prev.end = end;
            }
            _ => roles.push(Role { company, industry, track, level, start, end }),
        }
    }
    roles
}
