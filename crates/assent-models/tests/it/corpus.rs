//! A small deterministic generator of professional-network text for the tests.

/// SplitMix64, so that test corpora never depend on another crate's random numbers.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

pub const TITLES: &[&str] =
    &["Data Engineer", "Product Manager", "Software Engineer", "Nurse", "Accountant", "Designer", "Recruiter"];
pub const COMPANIES: &[&str] = &["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries"];
pub const SKILLS: &[&str] = &[
    "Kafka",
    "Rust",
    "Spark",
    "SQL",
    "Python",
    "Figma",
    "Excel",
    "Tableau",
    "Kubernetes",
    "Payroll",
    "Triage",
    "Sourcing",
];
const TOPICS: &[&str] = &["data quality", "hiring", "patient care", "design systems", "cloud costs", "remote work"];
const TEMPLATES: &[&str] = &[
    "I'm a {title} at {company} working with {skill} and {skill}.",
    "We cut our {topic} backlog by {num} percent in {digit} months.",
    "Today I learned something new about {skill}.",
    "My team at {company} shipped {digit} releases this quarter.",
    "Excited to start as {title} at {company}!",
    "I have {digit} years of experience in {topic} and {skill}.",
    "Happy to connect with people working on {topic}.",
    "Great session on {topic} with the {company} team today.",
    "Our {skill} pipeline now handles {num} thousand events per second.",
    "Hiring a {title} who knows {skill}, reach out if interested.",
    "The best part of my job is mentoring people new to {topic}.",
    "Call {num} {num} for the {topic} meetup on floor {digit}.",
];

/// One synthetic text.
pub fn text(rng: &mut Rng) -> String {
    let t = rng.pick(TEMPLATES);
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let j = rest[i..].find('}').expect("closed slot") + i;
        match &rest[i + 1..j] {
            "title" => out.push_str(rng.pick(TITLES)),
            "company" => out.push_str(rng.pick(COMPANIES)),
            "skill" => out.push_str(rng.pick(SKILLS)),
            "topic" => out.push_str(rng.pick(TOPICS)),
            "digit" => out.push_str(&(1 + rng.below(9)).to_string()),
            "num" => out.push_str(&(10 + rng.below(990)).to_string()),
            other => panic!("unknown slot {other}"),
        }
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
    out
}

/// `n` synthetic texts from `seed`.
pub fn texts(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| text(&mut rng)).collect()
}

/// A random secret of `k` digits, spaced like the canaries (`3 9 1 4 7 2`).
pub fn secret(k: usize, rng: &mut Rng) -> String {
    (0..k).map(|_| rng.below(10).to_string()).collect::<Vec<_>>().join(" ")
}

/// Strings as `&str`s.
pub fn strs(v: &[String]) -> impl Iterator<Item = &str> {
    v.iter().map(String::as_str)
}
