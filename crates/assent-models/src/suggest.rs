//! Ranking for connection and job suggestions: skill and title weights learned from the
//! profiles a `train-ai` dataset holds, and scores that explain themselves.
//!
//! The model stores, over the members it was trained on: how many have each skill and each
//! headline word (for IDF weights), how many have each pair of skills, and how many with a
//! headline word have a skill (for partial credit between related skills and between a job
//! title and a member's skills). Skills, words and pairs held by fewer than `min_df` /
//! `min_pair` members are dropped, so the model never records a combination only one member
//! has. Member ids are used only to merge a member's rows; they are not stored.
//!
//! Candidate generation (who could be suggested at all) happens elsewhere, from the graph and the
//! job table; this module ranks candidates and explains the ranking.

use std::collections::{BTreeMap, BTreeSet};

use crate::codec::{Reader, Writer};
use crate::hash::FxHashMap;
use crate::tokenize::tokenize;
use crate::Result;

const MAGIC: &[u8; 8] = b"ASNTSKIL";
const VERSION: u32 = 1;
const WHAT: &str = "skill model";

/// Credit for a related (co-occurring) skill relative to an exact match.
const RELATED: f64 = 0.5;
/// At most this many skills per member are paired (keeps training linear in members).
const MAX_PAIRED_SKILLS: usize = 40;

/// Words that carry no meaning in a headline or job title.
const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "at",
    "for",
    "from",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "my",
    "i",
    "i'm",
    "we",
    "our",
    "your",
    "you",
    "is",
    "are",
    "be",
    "by",
    "as",
    "new",
    "looking",
    "open",
    "opportunities",
    "work",
    "years",
];

/// Normalises one skill: trimmed, lower-cased, inner whitespace collapsed.
pub fn normalise_skill(skill: &str) -> String {
    skill.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// The skills of a comma-separated skills text (the `profile.skills` item), normalised,
/// without empties or duplicates, in order of first appearance.
pub fn parse_skills(text: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    text.split([',', ';', '\n']).map(normalise_skill).filter(|s| !s.is_empty() && seen.insert(s.clone())).collect()
}

/// The meaningful words of a headline or job title.
pub fn title_words(text: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    tokenize(text)
        .into_iter()
        .filter(|t| t.chars().next().is_some_and(char::is_alphabetic) && t.chars().count() >= 2)
        .filter(|t| !STOPWORDS.contains(&t.as_str()))
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

/// How to train a [`SkillModel`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillConfig {
    /// Skills and headline words held by fewer members are not stored (they get the weight of
    /// an unseen skill).
    pub min_df: u32,
    /// Skill pairs and (word, skill) pairs held by fewer members are not stored.
    pub min_pair: u32,
}

impl Default for SkillConfig {
    fn default() -> Self {
        SkillConfig { min_df: 2, min_pair: 2 }
    }
}

/// A table of strings with member counts, sorted by string.
#[derive(Debug, Clone, Default, PartialEq)]
struct Terms {
    names: Vec<Box<str>>,
    df: Vec<u32>,
    index: FxHashMap<Box<str>, u32>,
}

impl Terms {
    fn new(counts: BTreeMap<String, u32>) -> Terms {
        let mut t = Terms::default();
        for (name, df) in counts {
            t.index.insert(name.as_str().into(), t.names.len() as u32);
            t.names.push(name.into());
            t.df.push(df);
        }
        t
    }

    fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }
}

/// Skill and title statistics for ranking suggestions.
///
/// ```
/// use assent_models::SkillModel;
/// let profiles = [
///     (1, "Rust, Kafka, SQL", "Data Engineer at Acme"),
///     (2, "Rust, Kafka", "Backend Engineer"),
///     (3, "SQL, Excel", "Analyst"),
///     (4, "SQL, Excel, Tableau", "Data Analyst"),
/// ];
/// let m = SkillModel::train(profiles);
/// let me: Vec<String> = vec!["Rust".into(), "SQL".into()];
/// let job: Vec<String> = vec!["Rust".into(), "Kafka".into()];
/// let (score, matched) = m.score_job(&me, &job, "Data Engineer");
/// assert_eq!(matched, ["Rust"]);
/// assert!(score > 0.3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SkillModel {
    members: u64,
    skills: Terms,
    words: Terms,
    /// Members holding both skills (a < b).
    pairs: FxHashMap<(u32, u32), u32>,
    /// Members whose headline has the word and who hold the skill.
    word_skill: FxHashMap<(u32, u32), u32>,
}

impl SkillModel {
    /// Learns from `(member id, skills text, headline)` rows with the default [`SkillConfig`].
    /// Rows of the same member are merged, so skills and headlines may come as separate rows
    /// (pass `""` for what a row lacks).
    pub fn train<'a>(profiles: impl IntoIterator<Item = (i64, &'a str, &'a str)>) -> SkillModel {
        Self::train_with(profiles, &SkillConfig::default())
    }

    /// [`SkillModel::train`] with explicit thresholds.
    pub fn train_with<'a>(
        profiles: impl IntoIterator<Item = (i64, &'a str, &'a str)>,
        config: &SkillConfig,
    ) -> SkillModel {
        let mut by_member: FxHashMap<i64, (BTreeSet<String>, BTreeSet<String>)> = FxHashMap::default();
        for (member, skills, headline) in profiles {
            let e = by_member.entry(member).or_default();
            e.0.extend(parse_skills(skills));
            e.1.extend(title_words(headline));
        }
        let mut skill_df: BTreeMap<String, u32> = BTreeMap::new();
        let mut word_df: BTreeMap<String, u32> = BTreeMap::new();
        for (skills, words) in by_member.values() {
            for s in skills {
                *skill_df.entry(s.clone()).or_default() += 1;
            }
            for w in words {
                *word_df.entry(w.clone()).or_default() += 1;
            }
        }
        skill_df.retain(|_, df| *df >= config.min_df);
        word_df.retain(|_, df| *df >= config.min_df);
        let skills = Terms::new(skill_df);
        let words = Terms::new(word_df);
        let mut pairs: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut word_skill: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        for (s, w) in by_member.values() {
            let mut ids: Vec<u32> = s.iter().filter_map(|s| skills.get(s)).collect();
            ids.truncate(MAX_PAIRED_SKILLS);
            for (i, &a) in ids.iter().enumerate() {
                for &b in &ids[i + 1..] {
                    *pairs.entry((a.min(b), a.max(b))).or_default() += 1;
                }
            }
            for t in w.iter().filter_map(|w| words.get(w)) {
                for &s in &ids {
                    *word_skill.entry((t, s)).or_default() += 1;
                }
            }
        }
        pairs.retain(|_, c| *c >= config.min_pair);
        word_skill.retain(|_, c| *c >= config.min_pair);
        SkillModel { members: by_member.len() as u64, skills, words, pairs, word_skill }
    }

    /// How many members the model learned from.
    pub fn members(&self) -> u64 {
        self.members
    }

    /// The inverse document frequency of a skill (normalised or not): ln((N + 1)/(df + 1)) + 1,
    /// with df = 0 for a skill the model does not know.
    pub fn skill_weight(&self, skill: &str) -> f64 {
        let df = self.skills.get(&normalise_skill(skill)).map_or(0, |i| self.skills.df[i as usize]);
        self.idf(df)
    }

    fn idf(&self, df: u32) -> f64 {
        ((self.members as f64 + 1.0) / (f64::from(df) + 1.0)).ln() + 1.0
    }

    fn weight_of(&self, id: Option<u32>) -> f64 {
        self.idf(id.map_or(0, |i| self.skills.df[i as usize]))
    }

    /// How related two distinct known skills are, from 0 to 1: members with both over the
    /// geometric mean of members with each (the Ochiai coefficient).
    fn relatedness(&self, a: u32, b: u32) -> f64 {
        match self.pairs.get(&(a.min(b), a.max(b))) {
            Some(&c) => {
                f64::from(c) / (f64::from(self.skills.df[a as usize]) * f64::from(self.skills.df[b as usize])).sqrt()
            }
            None => 0.0,
        }
    }

    /// Ranks a job for a member: how much of the job's (IDF-weighted) skills the member covers,
    /// exactly or through related skills (¾ of the score), and how well the job title's words
    /// fit the member's skills (¼). Returns the score in [0, 1] and the job skills the member
    /// has, most distinctive first, spelled as the job spells them.
    pub fn score_job(&self, member_skills: &[String], job_skills: &[String], job_title: &str) -> (f64, Vec<String>) {
        let member: BTreeSet<String> =
            member_skills.iter().map(|s| normalise_skill(s)).filter(|s| !s.is_empty()).collect();
        let member_ids: Vec<u32> = member.iter().filter_map(|s| self.skills.get(s)).collect();
        let mut seen = BTreeSet::new();
        let mut covered = 0.0;
        let mut mass = 0.0;
        let mut matched: Vec<(f64, String)> = Vec::new();
        for raw in job_skills {
            let s = normalise_skill(raw);
            if s.is_empty() || !seen.insert(s.clone()) {
                continue;
            }
            let id = self.skills.get(&s);
            let w = self.weight_of(id);
            mass += w * w;
            if member.contains(&s) {
                covered += w * w;
                matched.push((w, raw.trim().to_string()));
            } else if let Some(j) = id {
                let best = member_ids.iter().map(|&m| self.relatedness(j, m)).fold(0.0, f64::max);
                covered += w * w * RELATED * best;
            }
        }
        let coverage = if mass > 0.0 { covered / mass } else { 0.0 };
        let fit = self.title_fit(&member, &member_ids, job_title);
        let score = if mass > 0.0 { 0.75 * coverage + 0.25 * fit.unwrap_or(0.0) } else { fit.unwrap_or(0.0) };
        matched.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        (score.clamp(0.0, 1.0), matched.into_iter().map(|m| m.1).collect())
    }

    /// The IDF-weighted share of the title's words that the member's skills name or go with;
    /// `None` for a title without meaningful words.
    fn title_fit(&self, member: &BTreeSet<String>, member_ids: &[u32], title: &str) -> Option<f64> {
        let member_words: BTreeSet<String> = member.iter().flat_map(|s| title_words(s)).collect();
        let mut total = 0.0;
        let mut fit = 0.0;
        for t in title_words(title) {
            let id = self.words.get(&t);
            let w = self.idf(id.map_or(0, |i| self.words.df[i as usize]));
            total += w;
            if member_words.contains(&t) {
                fit += w;
            } else if let Some(t) = id {
                let df = f64::from(self.words.df[t as usize]);
                let best = member_ids.iter().filter_map(|&s| self.word_skill.get(&(t, s))).max().copied().unwrap_or(0);
                fit += w * f64::from(best) / df;
            }
        }
        (total > 0.0).then(|| fit / total)
    }

    /// Ranks a possible connection: the soft cosine of the two members' IDF-weighted skills
    /// (a related skill counts as half a match, scaled by how related it is) for 0.7 of the
    /// score, and mutual connections for 0.3 (1 − 2^(−mutual/2): one mutual connection gives 0.29
    /// of it, four give 0.75). Identical skill sets and no mutual connections score exactly 0.7.
    pub fn score_member(&self, a_skills: &[String], b_skills: &[String], mutual_connections: usize) -> f64 {
        let (a, b) = (self.weighted(a_skills), self.weighted(b_skills));
        let (aa, bb) = (self.soft_dot(&a, &a), self.soft_dot(&b, &b));
        let skills =
            if aa > 0.0 && bb > 0.0 { (self.soft_dot(&a, &b) / (aa * bb).sqrt()).clamp(0.0, 1.0) } else { 0.0 };
        let social = 1.0 - (-(mutual_connections as f64) / 2.0).exp2();
        0.7 * skills + 0.3 * social
    }

    /// Distinct normalised skills with their ids and weights.
    fn weighted(&self, skills: &[String]) -> Vec<(String, Option<u32>, f64)> {
        let set: BTreeSet<String> = skills.iter().map(|s| normalise_skill(s)).filter(|s| !s.is_empty()).collect();
        set.into_iter()
            .map(|s| {
                let id = self.skills.get(&s);
                let w = self.weight_of(id);
                (s, id, w)
            })
            .collect()
    }

    /// Σ over skill pairs of wₐ·w_b·sim(a, b), sim 1 for the same skill and
    /// ½·relatedness otherwise.
    fn soft_dot(&self, a: &[(String, Option<u32>, f64)], b: &[(String, Option<u32>, f64)]) -> f64 {
        let mut dot = 0.0;
        for (sa, ia, wa) in a {
            for (sb, ib, wb) in b {
                let sim = if sa == sb {
                    1.0
                } else if let (Some(x), Some(y)) = (ia, ib) {
                    RELATED * self.relatedness(*x, *y)
                } else {
                    0.0
                };
                dot += wa * wb * sim;
            }
        }
        dot
    }

    /// The skills two members share, most distinctive first, spelled as in `a_skills`: the
    /// explanation shown with a connection suggestion.
    pub fn shared_skills(&self, a_skills: &[String], b_skills: &[String]) -> Vec<String> {
        let b: BTreeSet<String> = b_skills.iter().map(|s| normalise_skill(s)).collect();
        let mut seen = BTreeSet::new();
        let mut shared: Vec<(f64, String)> = a_skills
            .iter()
            .filter(|s| {
                let n = normalise_skill(s);
                !n.is_empty() && b.contains(&n) && seen.insert(n)
            })
            .map(|s| (self.skill_weight(s), s.trim().to_string()))
            .collect();
        shared.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
        shared.into_iter().map(|s| s.1).collect()
    }

    /// The model in its file format (version 1), little-endian with LEB128 varints:
    ///
    /// ```text
    /// "ASNTSKIL"  u32 version  varint members
    /// varint S, S × (string skill, varint df)      skills in byte order
    /// varint W, W × (string word, varint df)       headline words in byte order
    /// varint P, P × (varint a, varint b, varint n) skill pairs a < b, ascending
    /// varint Q, Q × (varint w, varint s, varint n) (word, skill) pairs, ascending
    /// u64 FNV-1a of everything before
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(MAGIC, VERSION);
        w.varint(self.members);
        for terms in [&self.skills, &self.words] {
            w.varint(terms.names.len() as u64);
            for (name, &df) in terms.names.iter().zip(&terms.df) {
                w.str(name);
                w.varint(u64::from(df));
            }
        }
        for table in [&self.pairs, &self.word_skill] {
            let mut rows: Vec<(&(u32, u32), &u32)> = table.iter().collect();
            rows.sort_unstable();
            w.varint(rows.len() as u64);
            for (&(a, b), &n) in rows {
                w.varint(u64::from(a));
                w.varint(u64::from(b));
                w.varint(u64::from(n));
            }
        }
        w.finish()
    }

    /// Reads a model written by [`SkillModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<SkillModel> {
        let mut r = Reader::open(WHAT, bytes, MAGIC, VERSION)?;
        let members = r.varint()?;
        let mut terms = [Terms::default(), Terms::default()];
        for t in &mut terms {
            let n = r.len()?;
            let mut prev: Option<&str> = None;
            for _ in 0..n {
                let name = r.str()?;
                let df = r.u32()?;
                if prev.is_some_and(|p| p >= name) || name.is_empty() || df == 0 || u64::from(df) > members {
                    return Err(r.error(format!("bad entry `{name}`")));
                }
                prev = Some(name);
                t.index.insert(name.into(), t.names.len() as u32);
                t.names.push(name.into());
                t.df.push(df);
            }
        }
        let [skills, words] = terms;
        let mut tables = [FxHashMap::default(), FxHashMap::default()];
        let limits = [(skills.names.len(), skills.names.len()), (words.names.len(), skills.names.len())];
        for (i, table) in tables.iter_mut().enumerate() {
            let n = r.len()?;
            let mut prev: Option<(u32, u32)> = None;
            for _ in 0..n {
                let key = (r.u32()?, r.u32()?);
                let c = r.u32()?;
                let ok = (key.0 as usize) < limits[i].0
                    && (key.1 as usize) < limits[i].1
                    && (i == 1 || key.0 < key.1)
                    && prev.is_none_or(|p| p < key)
                    && c > 0;
                if !ok {
                    return Err(r.error("bad pair"));
                }
                prev = Some(key);
                table.insert(key, c);
            }
        }
        r.end()?;
        let [pairs, word_skill] = tables;
        Ok(SkillModel { members, skills, words, pairs, word_skill })
    }
}
