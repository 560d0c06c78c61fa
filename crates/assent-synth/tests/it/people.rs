//! Members: identities, ages, regions, careers, profile texts and posts.

use std::collections::{HashMap, HashSet};

use assent_policy::{adult_at, Kind, Timestamp, Visibility};
use assent_synth::LAUNCH;

use crate::{assert_share, members, network, now};

#[test]
fn handles_and_emails_are_unique_and_url_safe() {
    let mut handles = HashSet::new();
    let mut emails = HashSet::new();
    for m in members() {
        assert!(handles.insert(m.handle.as_str()), "handle {} twice", m.handle);
        assert!(emails.insert(m.email.as_str()), "email {} twice", m.email);
        assert!(m.handle.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{}", m.handle);
        assert!(m.handle.ends_with(&format!("-{}", m.id)));
        assert_eq!(m.email, format!("{}@example.com", m.handle));
        assert!(m.name.contains(' ') && !m.name.starts_with(' '), "{}", m.name);
    }
    let first_names: HashSet<&str> = members().iter().map(|m| m.name.split(' ').next().unwrap()).collect();
    assert!(first_names.len() > 200, "only {} first names", first_names.len());
}

#[test]
fn about_two_percent_are_minors_and_adults_are_mostly_22_to_65() {
    let today = now().to_datetime().date_naive();
    let age = |birth: chrono::NaiveDate| today.years_since(birth).unwrap();
    let ages: Vec<u32> = members().iter().map(|m| age(m.birth_date)).collect();
    assert!(ages.iter().all(|&a| (16..=66).contains(&a)), "ages out of range");
    let minors = ages.iter().filter(|&&a| a < 18).count();
    assert_share("minors", minors, ages.len(), 1.0..=3.5);
    let core = ages.iter().filter(|&&a| (22..=65).contains(&a)).count();
    assert_share("aged 22-65", core, ages.len(), 90.0..=97.0);
    let mean = ages.iter().sum::<u32>() as f64 / ages.len() as f64;
    assert!((32.0..45.0).contains(&mean), "mean age {mean}");
}

#[test]
fn regions_are_spread_as_specified() {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for m in members() {
        *count.entry(m.region.as_str()).or_default() += 1;
    }
    let n = members().len();
    let share = |codes: &[&str]| codes.iter().map(|c| count.get(c).copied().unwrap_or(0)).sum::<usize>();
    let eu = ["DE", "FR", "NL", "ES", "IT", "IE", "SE", "PL"];
    for (what, codes, range) in [
        ("US", &["US"][..], 32.0..=38.0),
        ("EU", &eu[..], 22.0..=28.0),
        ("GB", &["GB"], 6.5..=9.5),
        ("CH", &["CH"], 2.0..=4.0),
        ("CA", &["CA"], 5.0..=7.0),
        ("HK", &["HK"], 1.3..=2.7),
        ("IN", &["IN"], 8.5..=11.5),
        ("BR", &["BR"], 5.0..=7.0),
        ("others", &["AU", "SG", "JP", "ZA", "MX", "NG"], 3.8..=6.2),
    ] {
        assert_share(what, share(codes), n, range);
    }
}

#[test]
fn times_are_consistent() {
    let now = now();
    let history = Timestamp(now.0 - 6 * 366 * 86_400_000_000);
    let (mut before, mut after) = (0, 0);
    for m in members() {
        assert!(history <= m.joined_at && m.joined_at <= now, "member {} joined {}", m.id, m.joined_at);
        assert!(m.joined_at >= adult_at(m.birth_date, 16), "member {} joined before 16", m.id);
        let end = m.closed_at.unwrap_or(now);
        assert!(m.joined_at < end && end <= now, "member {} closed {:?}", m.id, m.closed_at);
        for p in &m.posts {
            assert!(m.joined_at <= p.created_at && p.created_at <= end, "member {}: {p:?}", m.id);
            if let Some(deleted) = p.deleted_at {
                assert!(p.created_at < deleted && deleted <= end, "member {}: {p:?}", m.id);
            }
            if p.created_at < LAUNCH {
                before += 1;
            } else {
                after += 1;
            }
        }
    }
    assert_share("posts after the launch", after, before + after, 25.0..=75.0);
}

#[test]
fn careers_are_coherent() {
    let companies = network().companies();
    let today = now().to_datetime().date_naive();
    let mut with_jobs = 0;
    let mut rising = 0;
    let mut hoppers = 0;
    for m in members() {
        let eighteen = adult_at(m.birth_date, 18).to_datetime().date_naive();
        let e = &m.experience;
        assert!(e.len() <= 5, "member {} has {} positions", m.id, e.len());
        if today < eighteen {
            assert!(e.is_empty(), "minor {} has worked", m.id);
        }
        for (i, x) in e.iter().enumerate() {
            assert!(x.start >= eighteen, "member {} worked before 18: {x:?}", m.id);
            assert!(x.start <= today && !x.title.is_empty() && !x.description.is_empty());
            assert!((1..=companies.len() as u32).contains(&x.company));
            match x.end {
                Some(end) => assert!(x.start < end && end <= today, "member {}: {x:?}", m.id),
                None => assert_eq!(i, e.len() - 1, "only the latest position can be current"),
            }
            if let Some(next) = e.get(i + 1) {
                assert!(x.end.is_some_and(|end| end <= next.start), "member {} positions overlap", m.id);
            }
        }
        if e.len() >= 2 {
            with_jobs += 1;
            let seniority = |t: &str| ["Junior ", "Assistant "].iter().any(|p| t.starts_with(p));
            if seniority(&e[0].title) && !seniority(&e[e.len() - 1].title) {
                rising += 1;
            }
        }
        // Careers stay in one industry or move to an adjacent one now and then.
        let industries: HashSet<&str> = e.iter().map(|x| companies[x.company as usize - 1].industry.as_str()).collect();
        assert!(industries.len() <= 4, "member {} hops between {industries:?}", m.id);
        if industries.len() >= 3 {
            hoppers += 1;
        }
    }
    assert_share("careers across three or more industries", hoppers, with_jobs, 0.0..=12.0);
    assert!(rising * 3 > with_jobs, "few careers progress: {rising} of {with_jobs}");
}

#[test]
fn visibility_and_lifecycle_shares() {
    let ms = members();
    let n = ms.len();
    let hidden = |v: Visibility| v != Visibility::Public;
    assert_share("non-public headlines", ms.iter().filter(|m| hidden(m.headline.visibility)).count(), n, 2.0..=9.0);
    assert_share("non-public About texts", ms.iter().filter(|m| hidden(m.about.visibility)).count(), n, 9.0..=17.0);
    assert_share("non-public experience", ms.iter().filter(|m| hidden(m.experience_visibility)).count(), n, 9.0..=17.0);
    assert_share("non-public skills", ms.iter().filter(|m| hidden(m.skills_visibility)).count(), n, 9.0..=17.0);
    assert!(ms.iter().any(|m| m.about.visibility == Visibility::Private));
    assert_share("closed accounts", ms.iter().filter(|m| m.closed_at.is_some()).count(), n, 0.4..=1.8);

    let posts: Vec<_> = ms.iter().flat_map(|m| &m.posts).collect();
    assert!(posts.len() > 2 * n, "only {} posts", posts.len());
    assert!(posts.iter().all(|p| p.visibility != Visibility::Private));
    assert_share(
        "public posts",
        posts.iter().filter(|p| p.visibility == Visibility::Public).count(),
        posts.len(),
        76.0..=84.0,
    );
    assert_share("deleted posts", posts.iter().filter(|p| p.deleted_at.is_some()).count(), posts.len(), 1.5..=5.0);
    for (kind, range) in [(Kind::Post, 60.0..=80.0), (Kind::Comment, 14.0..=26.0), (Kind::Article, 6.0..=14.0)] {
        assert_share(kind.as_str(), posts.iter().filter(|p| p.kind == kind).count(), posts.len(), range);
    }
    let with_contact = posts
        .iter()
        .filter(|p| p.text.contains("@example.com") || p.text.contains(" on +") || p.text.contains(" at +"))
        .count();
    assert_share("posts with contact data", with_contact, posts.len(), 0.3..=1.5);
}

#[test]
fn texts_are_varied_and_in_the_members_own_words() {
    let ms = &members()[..2_000];
    let distinct = |texts: Vec<&str>| texts.iter().collect::<HashSet<_>>().len();
    let abouts: Vec<&str> = ms.iter().map(|m| m.about.text.as_str()).collect();
    assert!(abouts.iter().all(|t| t.len() > 60), "an About text is too short");
    let duplicates = abouts.len() - distinct(abouts.clone());
    assert_share("duplicate About texts", duplicates, abouts.len(), 0.0..=5.0);
    let headlines: Vec<&str> = ms.iter().map(|m| m.headline.text.as_str()).collect();
    assert!(distinct(headlines) > 1_600, "headlines repeat too much");
    let posts: Vec<&str> =
        ms.iter().flat_map(|m| &m.posts).filter(|p| p.kind == Kind::Post).map(|p| p.text.as_str()).collect();
    assert_share("duplicate posts", posts.len() - distinct(posts.clone()), posts.len(), 0.0..=10.0);
    assert!(ms.iter().flat_map(|m| &m.posts).all(|p| !p.text.trim().is_empty()));

    // Members write with their own vocabulary: most working members' About or headline names
    // one of their own skills, employers or their field.
    let companies = network().companies();
    let own_words = ms
        .iter()
        .filter(|m| !m.experience.is_empty())
        .filter(|m| {
            let text = format!("{} {}", m.headline.text, m.about.text);
            m.skills.iter().any(|s| text.contains(s.as_str()))
                || m.experience.iter().any(|x| text.contains(&companies[x.company as usize - 1].name))
                || m.experience.iter().any(|x| text.contains(&x.title))
        })
        .count();
    let working = ms.iter().filter(|m| !m.experience.is_empty()).count();
    assert_share("profiles in their own words", own_words, working, 80.0..=100.0);
}

#[test]
fn members_of_french_speaking_places_write_in_french() {
    let members = crate::members();
    let french: Vec<&assent_synth::Member> = members.iter().filter(|m| m.language == "fr").collect();
    assert_share("French-speaking members", french.len(), members.len(), 3.0..=12.0);
    for m in members {
        let code = m.region.as_str();
        if code == "FR" {
            assert_eq!(m.language, "fr", "{}", m.handle);
        }
        if m.language == "fr" {
            assert!(["FR", "CH", "CA", "BE", "LU", "MC"].contains(&code), "{} in {code}", m.handle);
        }
    }
    // Their own words are French: English function words do not appear, French ones do.
    let english = [" the ", " and ", " with ", " my ", " I'm ", " at "];
    let mut french_words = 0;
    for m in &french {
        let mut texts = vec![m.headline.text.clone(), m.about.text.clone()];
        texts.extend(
            m.posts.iter().filter(|p| !p.text.starts_with(assent_synth::CANARY_PREFIX)).map(|p| p.text.clone()),
        );
        texts.extend(m.experience.iter().map(|e| e.description.clone()));
        for t in texts {
            let padded = format!(" {t} ");
            assert!(!english.iter().any(|w| padded.contains(w)), "{}: English in {t:?}", m.handle);
            french_words += [" les ", " des ", " et ", " je ", " nous ", " pour ", " sur ", " avec ", " la ", " le "]
                .iter()
                .filter(|w| padded.contains(*w))
                .count();
        }
    }
    assert!(french_words > french.len() * 3, "French words: {french_words}");
    let sample = french.iter().find(|m| !m.posts.is_empty()).unwrap();
    eprintln!("{}: {}\n{}\n{}", sample.handle, sample.headline.text, sample.about.text, sample.posts[0].text);
}
