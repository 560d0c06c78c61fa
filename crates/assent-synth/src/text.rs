//! Writing: fills the sentence templates with one member's (or one company's) vocabulary, and
//! composes headlines, About texts, posts, articles, comments, messages and job descriptions.

use crate::industries::Industry;
use crate::industries_fr::IndustryFr;
use crate::rng::Rng;
use crate::templates::*;
use crate::templates_fr::*;

/// The vocabulary a text is written in: who writes, about what, in which industry.
pub(crate) struct Voice<'a> {
    pub(crate) industry: &'static Industry,
    /// The industry's French words, when the writer writes in French (then `track`, `title`
    /// and `skills` are French too).
    pub(crate) french: Option<&'static IndustryFr>,
    /// The base title of the writer's line of work ("Data Engineer"), for students' ambitions.
    pub(crate) track: &'static str,
    pub(crate) first: &'a str,
    pub(crate) title: &'a str,
    pub(crate) company: &'a str,
    /// An earlier employer (the current one when there is none).
    pub(crate) prev_company: &'a str,
    pub(crate) city: &'static str,
    /// At least three skills, the most specific first.
    pub(crate) skills: &'a [&'static str],
    pub(crate) years: u32,
    pub(crate) email: &'a str,
    /// The international dialling code of the writer's country.
    pub(crate) dial: &'static str,
}

/// The other member in a private conversation.
pub(crate) struct Peer<'a> {
    pub(crate) first: &'a str,
    pub(crate) title: &'a str,
    pub(crate) company: &'a str,
}

/// Where someone is in their working life, which decides what they can write about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Stage {
    /// Has not worked yet.
    Student,
    /// Holds a position now.
    Working,
    /// Has worked, but holds no position now.
    Between,
}

/// Fills templates for one text, with the words it talks about drawn once, so that a slot used
/// twice in a text names the same thing.
struct Writer<'a, 'r> {
    voice: &'a Voice<'a>,
    peer: Option<&'a Peer<'a>>,
    rng: &'r mut Rng,
    topics: [&'static str; 2],
    skills: [&'static str; 3],
    lessons: [&'static str; 2],
    values: [&'static str; 2],
    win: &'static str,
    goal: &'static str,
    audience: &'static str,
    event: &'static str,
    n: i64,
}

impl<'a, 'r> Writer<'a, 'r> {
    fn new(voice: &'a Voice<'a>, peer: Option<&'a Peer<'a>>, rng: &'r mut Rng) -> Self {
        let ind = voice.industry;
        // French lists are index-aligned with the English ones: the same draws, either language.
        let fr = voice.french;
        let (topics, wins, goals, audiences) =
            fr.map_or((ind.topics, ind.wins, ind.goals, ind.audiences), |f| (f.topics, f.wins, f.goals, f.audiences));
        let (lessons, values, events) =
            if fr.is_some() { (LESSONS_FR, VALUES_FR, EVENTS_FR) } else { (LESSONS, VALUES, EVENTS) };
        let t = rng.distinct(ind.topics.len(), 2);
        // The first skills are the writer's specialism; later ones (broad fields such as
        // "Human Resources") read oddly as tools.
        let s = rng.distinct(voice.skills.len().min(5), 3);
        let l = rng.distinct(LESSONS.len(), 2);
        let v = rng.distinct(VALUES.len(), 2);
        Writer {
            topics: [topics[t[0]], topics[t[1]]],
            skills: [voice.skills[s[0]], voice.skills[s[1]], voice.skills[s[2]]],
            lessons: [lessons[l[0]], lessons[l[1]]],
            values: [values[v[0]], values[v[1]]],
            win: wins[rng.index(ind.wins.len())],
            goal: goals[rng.index(ind.goals.len())],
            audience: audiences[rng.index(ind.audiences.len())],
            event: events[rng.index(EVENTS.len())],
            n: rng.between(3, 6),
            voice,
            peer,
            rng,
        }
    }

    fn pick(&mut self, pool: &[&'static str]) -> &'static str {
        self.rng.pick(pool)
    }

    fn expand(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 48);
        self.expand_into(template, &mut out);
        out
    }

    fn expand_into(&mut self, template: &str, out: &mut String) {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let len = rest[open..].find('}').expect("every template slot is closed");
            let start = out.len();
            let key = &rest[open + 1..open + len];
            self.slot(key, out);
            if key.starts_with(|c: char| c.is_ascii_uppercase()) {
                capitalise_from(out, start);
            }
            rest = &rest[open + len + 1..];
            // "1 ans" is not French: "1 an".
            if key == "years" && self.voice.years == 1 && self.voice.french.is_some() && rest.starts_with(" ans") {
                out.push_str(" an");
                rest = &rest[" ans".len()..];
            }
        }
        out.push_str(rest);
    }

    /// Appends what `{key}` stands for.
    fn slot(&mut self, key: &str, out: &mut String) {
        let v = self.voice;
        let peer = self.peer;
        let peer = || peer.expect("a message template names its peer only in a conversation");
        match key {
            "first" => out.push_str(v.first),
            "title" => out.push_str(v.title),
            "a_title" => with_article(v.title, out),
            "track" => out.push_str(v.track),
            "a_track" => with_article(v.track, out),
            "company" => out.push_str(v.company),
            "prev_company" => out.push_str(v.prev_company),
            "field" | "Field" => out.push_str(v.french.map_or(v.industry.field, |f| f.field)),
            "city" => out.push_str(v.city),
            "years" => out.push_str(&v.years.to_string()),
            "n" => out.push_str(&self.n.to_string()),
            "topic" | "Topic" => out.push_str(self.topics[0]),
            "topic2" => out.push_str(self.topics[1]),
            "skill" => out.push_str(self.skills[0]),
            "skill2" => out.push_str(self.skills[1]),
            "skill3" => out.push_str(self.skills[2]),
            "skills" => {
                let and = if v.french.is_some() { "et" } else { "and" };
                out.push_str(&format!("{}, {} {and} {}", self.skills[0], self.skills[1], self.skills[2]));
            }
            "win" => out.push_str(self.win),
            "goal" => out.push_str(self.goal),
            "audience" => out.push_str(self.audience),
            "lesson" | "Lesson" => out.push_str(self.lessons[0]),
            "lesson2" => out.push_str(self.lessons[1]),
            "value" => out.push_str(self.values[0]),
            "value2" => out.push_str(self.values[1]),
            "event" => out.push_str(self.event),
            "reflection" => {
                let t = self.pick(if v.french.is_some() { REFLECTIONS_FR } else { REFLECTIONS });
                self.expand_into(t, out);
            }
            "email" => out.push_str(v.email),
            "phone" => {
                let (a, b, c) = (self.rng.below(1000), self.rng.below(1000), self.rng.below(10_000));
                out.push_str(&format!("+{} {a:03} {b:03} {c:04}", v.dial));
            }
            "peer_first" => out.push_str(peer().first),
            "a_peer_title" => with_article(peer().title, out),
            "peer_company" => out.push_str(peer().company),
            _ => panic!("unknown template slot {{{key}}}"),
        }
    }

    /// `k` distinct templates of `pool`, expanded and joined by spaces.
    fn sentences(&mut self, pool: &[&'static str], k: usize, out: &mut String) {
        for i in self.rng.distinct(pool.len(), k) {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push(' ');
            }
            self.expand_into(pool[i], out);
        }
    }
}

fn capitalise_from(out: &mut String, start: usize) {
    if let Some(c) = out[start..].chars().next() {
        let upper: String = c.to_uppercase().collect();
        out.replace_range(start..start + c.len_utf8(), &upper);
    }
}

/// Appends "a X" or "an X", judged by how X is spoken: "an HR Business Partner", "a UX Writer".
fn with_article(noun: &str, out: &mut String) {
    let first_word = noun.split(' ').next().unwrap_or("");
    let initialism = first_word.len() >= 2 && first_word.bytes().all(|b| b.is_ascii_uppercase());
    let first = first_word.bytes().next().unwrap_or(b'x').to_ascii_uppercase();
    let an = if initialism { b"AEFHILMNORSX".contains(&first) } else { b"AEIOU".contains(&first) };
    out.push_str(if an { "an " } else { "a " });
    out.push_str(noun);
}

/// A French topic without its definite article ("les systèmes distribués" → "systèmes
/// distribués"), for hashtags; other phrases as they are.
fn without_article(phrase: &'static str) -> &'static str {
    ["les ", "la ", "le ", "l'", "l’"].iter().find_map(|a| phrase.strip_prefix(a)).unwrap_or(phrase)
}

/// A hashtag for a phrase: "data quality" becomes "#DataQuality".
fn hashtag(phrase: &str) -> String {
    let mut tag = String::from("#");
    for word in phrase.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(c) = chars.next() {
            tag.extend(c.to_uppercase());
            tag.extend(chars);
        }
    }
    tag
}

/// A profile headline.
pub(crate) fn headline(voice: &Voice, stage: Stage, rng: &mut Rng) -> String {
    let mut w = Writer::new(voice, None, rng);
    let fr = voice.french.is_some();
    let pool = match (stage, fr) {
        (Stage::Student, false) => HEADLINES_STUDENT,
        (Stage::Working, false) => HEADLINES_WORKING,
        (Stage::Between, false) => HEADLINES_BETWEEN,
        (Stage::Student, true) => HEADLINES_STUDENT_FR,
        (Stage::Working, true) => HEADLINES_WORKING_FR,
        (Stage::Between, true) => HEADLINES_BETWEEN_FR,
    };
    let t = w.pick(pool);
    w.expand(t)
}

/// An About text of three to six sentences (three or four for students).
pub(crate) fn about(voice: &Voice, stage: Stage, rng: &mut Rng) -> String {
    let mut w = Writer::new(voice, None, rng);
    let fr = voice.french.is_some();
    let pools = |en: &'static [&'static str], french: &'static [&'static str]| if fr { french } else { en };
    let mut out = String::with_capacity(400);
    if stage == Stage::Student {
        let open = w.pick(pools(ABOUT_STUDENT_OPEN, ABOUT_STUDENT_OPEN_FR));
        w.expand_into(open, &mut out);
        let more = 2 + w.rng.index(2);
        w.sentences(pools(ABOUT_STUDENT_MORE, ABOUT_STUDENT_MORE_FR), more, &mut out);
        return out;
    }
    let opens = if w.rng.chance(0.35) {
        pools(ABOUT_OPEN_ANY, ABOUT_OPEN_ANY_FR)
    } else if stage == Stage::Working {
        pools(ABOUT_OPEN_WORKING, ABOUT_OPEN_WORKING_FR)
    } else {
        pools(ABOUT_OPEN_BETWEEN, ABOUT_OPEN_BETWEEN_FR)
    };
    let open = w.pick(opens);
    w.expand_into(open, &mut out);
    let middle = 1 + w.rng.index(4);
    w.sentences(pools(ABOUT_MIDDLE, ABOUT_MIDDLE_FR), middle, &mut out);
    if middle == 1 || w.rng.chance(0.7) {
        w.sentences(pools(ABOUT_CLOSE, ABOUT_CLOSE_FR), 1, &mut out);
    }
    out
}

/// One or two résumé sentences describing a position.
pub(crate) fn experience(voice: &Voice, rng: &mut Rng) -> String {
    let mut w = Writer::new(voice, None, rng);
    let mut out = String::with_capacity(120);
    let k = 1 + w.rng.index(2);
    w.sentences(if voice.french.is_some() { EXPERIENCE_FR } else { EXPERIENCE }, k, &mut out);
    out
}

/// A short post (one to four sentences), now and then with hashtags or contact data.
pub(crate) fn post(voice: &Voice, stage: Stage, rng: &mut Rng) -> String {
    let mut w = Writer::new(voice, None, rng);
    let fr = voice.french.is_some();
    let pools = |en: &'static [&'static str], french: &'static [&'static str]| if fr { french } else { en };
    let pool = match stage {
        Stage::Student => pools(POSTS_STUDENT, POSTS_STUDENT_FR),
        Stage::Working if w.rng.chance(0.35) => pools(POSTS_WORKING, POSTS_WORKING_FR),
        Stage::Between if w.rng.chance(0.25) => pools(POSTS_BETWEEN, POSTS_BETWEEN_FR),
        _ => pools(POSTS_ANY, POSTS_ANY_FR),
    };
    let t = w.pick(pool);
    let mut out = w.expand(t);
    let roll = w.rng.unit();
    if roll < 0.006 {
        w.sentences(pools(CONTACT_EMAIL, CONTACT_EMAIL_FR), 1, &mut out);
    } else if roll < 0.01 {
        w.sentences(pools(CONTACT_PHONE, CONTACT_PHONE_FR), 1, &mut out);
    }
    if w.rng.chance(0.25) {
        let tags = [without_article(w.topics[0]), w.skills[0], without_article(w.topics[1])];
        let k = 1 + w.rng.index(3);
        out.push('\n');
        let tags: Vec<String> = tags[..k].iter().map(|t| hashtag(t)).collect();
        out.push_str(&tags.join(" "));
    }
    out
}

/// A long-form article: a title line, then two paragraphs.
pub(crate) fn article(voice: &Voice, rng: &mut Rng) -> String {
    let mut w = Writer::new(voice, None, rng);
    let fr = voice.french.is_some();
    let pools = |en: &'static [&'static str], french: &'static [&'static str]| if fr { french } else { en };
    let title = w.pick(pools(ARTICLE_TITLES, ARTICLE_TITLES_FR));
    let mut out = w.expand(title);
    out.push_str("\n\n");
    let intro = w.pick(pools(ARTICLE_INTRO, ARTICLE_INTRO_FR));
    w.expand_into(intro, &mut out);
    let body = 3 + w.rng.index(4);
    let split = body / 2;
    let bodies = pools(ARTICLE_BODY, ARTICLE_BODY_FR);
    let picks = w.rng.distinct(bodies.len(), body);
    for (i, &p) in picks.iter().enumerate() {
        out.push_str(if i == split { "\n\n" } else { " " });
        w.expand_into(bodies[p], &mut out);
    }
    w.sentences(pools(ARTICLE_CLOSE, ARTICLE_CLOSE_FR), 1, &mut out);
    out
}

/// A comment on someone else's post.
pub(crate) fn comment(voice: &Voice, rng: &mut Rng) -> String {
    let mut w = Writer::new(voice, None, rng);
    let t = w.pick(if voice.french.is_some() { COMMENTS_FR } else { COMMENTS });
    w.expand(t)
}

/// One private message to `peer`, from one of the `templates` of a conversation.
pub(crate) fn message(voice: &Voice, peer: &Peer, templates: &[&'static str], rng: &mut Rng) -> String {
    let mut w = Writer::new(voice, Some(peer), rng);
    let t = w.pick(templates);
    w.expand(t)
}

/// A job description: an opening, two or three sentences on the work, and a closing line.
pub(crate) fn job_description(voice: &Voice, rng: &mut Rng) -> String {
    let mut w = Writer::new(voice, None, rng);
    let mut out = String::with_capacity(300);
    w.sentences(JOB_OPEN, 1, &mut out);
    let middle = 2 + w.rng.index(2);
    w.sentences(JOB_MIDDLE, middle, &mut out);
    w.sentences(JOB_CLOSE, 1, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::industries::INDUSTRIES;
    use crate::rng::Stream;

    fn voice() -> Voice<'static> {
        Voice {
            industry: &INDUSTRIES[1],
            french: None,
            track: "Data Engineer",
            first: "Maria",
            title: "Senior Data Engineer",
            company: "Northwind Analytics",
            prev_company: "Bluepeak Data",
            city: "Berlin",
            skills: &["Kafka", "Rust", "Spark", "SQL"],
            years: 9,
            email: "maria-keller-7@example.com",
            dial: "49",
        }
    }

    #[test]
    fn every_template_expands() {
        let voice = voice();
        let peer = Peer { first: "Sam", title: "HR Business Partner", company: "Oakridge People" };
        let mut pools: Vec<&[&str]> = vec![
            HEADLINES_WORKING,
            HEADLINES_BETWEEN,
            HEADLINES_STUDENT,
            ABOUT_OPEN_ANY,
            ABOUT_OPEN_WORKING,
            ABOUT_OPEN_BETWEEN,
            ABOUT_MIDDLE,
            ABOUT_CLOSE,
            ABOUT_STUDENT_OPEN,
            ABOUT_STUDENT_MORE,
            EXPERIENCE,
            POSTS_WORKING,
            POSTS_ANY,
            POSTS_BETWEEN,
            POSTS_STUDENT,
            REFLECTIONS,
            ARTICLE_TITLES,
            ARTICLE_INTRO,
            ARTICLE_BODY,
            ARTICLE_CLOSE,
            COMMENTS,
            CONTACT_EMAIL,
            CONTACT_PHONE,
            JOB_OPEN,
            JOB_MIDDLE,
            JOB_CLOSE,
        ];
        for kind in THREADS {
            pools.extend([kind.open, kind.reply, kind.follow_up]);
        }
        let mut rng = Rng::new(1, Stream::Posts, 1);
        for pool in pools {
            for template in pool {
                let text = Writer::new(&voice, Some(&peer), &mut rng).expand(template);
                assert!(!text.contains(['{', '}']), "{template} -> {text}");
            }
        }
    }

    #[test]
    fn every_french_template_expands_in_french() {
        let fr = &crate::industries_fr::INDUSTRIES_FR[1];
        let voice = Voice {
            french: Some(fr),
            track: fr.tracks[0].title,
            title: "Ingénieure data senior",
            skills: &["Kafka", "Rust", "Spark", "SQL"],
            years: 1,
            city: "Lyon",
            ..voice()
        };
        let pools: Vec<&[&str]> = vec![
            HEADLINES_WORKING_FR,
            HEADLINES_BETWEEN_FR,
            HEADLINES_STUDENT_FR,
            ABOUT_OPEN_ANY_FR,
            ABOUT_OPEN_WORKING_FR,
            ABOUT_OPEN_BETWEEN_FR,
            ABOUT_MIDDLE_FR,
            ABOUT_CLOSE_FR,
            ABOUT_STUDENT_OPEN_FR,
            ABOUT_STUDENT_MORE_FR,
            EXPERIENCE_FR,
            POSTS_WORKING_FR,
            POSTS_ANY_FR,
            POSTS_BETWEEN_FR,
            POSTS_STUDENT_FR,
            REFLECTIONS_FR,
            ARTICLE_TITLES_FR,
            ARTICLE_INTRO_FR,
            ARTICLE_BODY_FR,
            ARTICLE_CLOSE_FR,
            COMMENTS_FR,
            CONTACT_EMAIL_FR,
            CONTACT_PHONE_FR,
        ];
        let mut rng = Rng::new(1, Stream::Posts, 1);
        for pool in pools {
            for template in pool {
                let text = Writer::new(&voice, None, &mut rng).expand(template);
                assert!(!text.contains(['{', '}']), "{template} -> {text}");
                assert!(!text.contains(" and ") && !text.contains("1 ans"), "{template} -> {text}");
            }
        }
        for stage in [Stage::Student, Stage::Working, Stage::Between] {
            let about = super::about(&voice, stage, &mut rng);
            assert!(!about.contains(" and "), "{about}");
        }
        assert_eq!(without_article("les systèmes distribués"), "systèmes distribués");
        assert_eq!(without_article("l'observabilité"), "observabilité");
    }

    #[test]
    fn articles_hashtags_and_capitals() {
        let check = |noun: &str, want: &str| {
            let mut out = String::new();
            with_article(noun, &mut out);
            assert_eq!(out, want);
        };
        check("HR Business Partner", "an HR Business Partner");
        check("UX Writer", "a UX Writer");
        check("SEO Specialist", "an SEO Specialist");
        check("Engineering Manager", "an Engineering Manager");
        check("Data Engineer", "a Data Engineer");
        assert_eq!(hashtag("data quality"), "#DataQuality");
        assert_eq!(hashtag("CI/CD"), "#CICD");
        let mut s = String::from("x: the EU AI Act");
        capitalise_from(&mut s, 3);
        assert_eq!(s, "x: The EU AI Act");
    }

    #[test]
    fn compositions_have_the_promised_shape() {
        let voice = voice();
        let mut rng = Rng::new(2, Stream::Profile, 2);
        for _ in 0..200 {
            let about = about(&voice, Stage::Working, &mut rng);
            let sentences = about.matches(['.', '!']).count();
            assert!((3..=7).contains(&sentences), "{about}");
            let article = article(&voice, &mut rng);
            assert_eq!(article.matches("\n\n").count(), 2, "{article}");
        }
    }
}
