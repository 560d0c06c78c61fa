//! The writing assistant: headlines, "About" sections, posts and message replies, written from
//! the member's own profile and a language model.
//!
//! A small n-gram model cannot follow instructions, so each task combines two things: openers
//! and closers built from templates filled with the member's own fields (title, company,
//! skills), and sentences the model writes. The model writes several candidates for each
//! sentence; the one that best fits the member (most words shared with their own profile,
//! then fluency under the model) is kept. Generated sentences never contain digits, so
//! memorised specifics such as codes or figures cannot surface through the assistant.
//!
//! Private messages are deliberately absent from this interface: a reply is written from the
//! member's profile and their own draft, never from the message being answered, so messages
//! never reach the model layer at all.

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;

use crate::generate::{generate_with, Sampling};
use crate::lm::LanguageModel;
use crate::rng::SplitMix64;
use crate::suggest::title_words;
use crate::tokenize::{detokenize, scan_sentences, sentences, tokenize, Event};
use crate::vocab::{TokenId, BOS, EOS, UNK};
use crate::Error;

/// What the member wants written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Task {
    /// A one-line profile headline.
    Headline,
    /// A few sentences for the "About" section.
    About,
    /// A post, or the continuation of a draft post.
    Post,
    /// A reply to a message, or the continuation of a draft reply.
    MessageReply,
}

impl Task {
    /// The task's name in APIs: `headline`, `about`, `post`, `message`.
    pub fn name(self) -> &'static str {
        match self {
            Task::Headline => "headline",
            Task::About => "about",
            Task::Post => "post",
            Task::MessageReply => "message",
        }
    }
}

impl FromStr for Task {
    type Err = Error;

    fn from_str(s: &str) -> Result<Task, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "headline" => Ok(Task::Headline),
            "about" => Ok(Task::About),
            "post" => Ok(Task::Post),
            "message" | "message-reply" | "message_reply" | "reply" => Ok(Task::MessageReply),
            _ => Err(Error::Task(s.to_string())),
        }
    }
}

/// One position on a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    /// The job title, e.g. `Senior Data Engineer`.
    pub title: String,
    /// The employer's name (may be empty).
    pub company: String,
}

/// The member's own profile: the prompt context of every task. It is read at inference time
/// only, for the member's own benefit, whatever the fields' visibility; nothing here is learned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileContext {
    /// Display name, e.g. `Ana Lima`; its first word signs message replies. May be empty.
    pub name: String,
    /// The current headline. May be empty.
    pub headline: String,
    /// The current "About" text. May be empty.
    pub about: String,
    /// Skills as the member wrote them, most important first.
    pub skills: Vec<String>,
    /// Positions, newest (current) first.
    pub experience: Vec<Position>,
    /// The language to write in (BCP 47): `fr` writes French, anything else English.
    pub language: String,
}

impl ProfileContext {
    fn french(&self) -> bool {
        self.language == "fr" || self.language.starts_with("fr-")
    }
}

/// Writes text for `task` from `profile`, continuing `draft` where the task allows (a post or a
/// reply; a headline or About ignores it). The same inputs and seed always give the same text.
/// The result is never empty: when the model has nothing fitting to add, templates carry it.
///
/// For [`Task::Post`] and [`Task::MessageReply`] with a draft, the result is the whole text:
/// the draft as written, followed by the suggested continuation.
pub fn assist<M: LanguageModel + ?Sized>(
    model: &M,
    task: Task,
    profile: &ProfileContext,
    draft: Option<&str>,
    seed: u64,
) -> String {
    let facts = Facts::new(profile);
    let draft = draft.map(str::trim).filter(|d| !d.is_empty());
    let draft_words = draft.map(|d| tokenize(d).into_iter().collect()).unwrap_or_default();
    let mut w = Writer {
        model,
        facts: &facts,
        rng: SplitMix64::derive(seed, task as u64 + 1),
        used: BTreeSet::new(),
        draft_words,
        // A draft is continued in its own language; anything else is written in the member's.
        french: match draft.map(assent_policy::language::detect) {
            Some("fr") => true,
            Some("en") => false,
            _ => facts.french,
        },
    };
    match (task, draft) {
        (Task::Headline, _) => w.headline(),
        (Task::About, _) => w.about(),
        (Task::Post | Task::MessageReply, Some(d)) => w.continue_draft(d),
        (Task::Post, None) => w.post(),
        (Task::MessageReply, None) => w.reply(),
    }
}

/// What the templates and the reranking need from a profile.
struct Facts<'p> {
    /// Writes French (templates, prompts, and only sentences the language check reads as French).
    french: bool,
    title: String,
    company: Option<&'p str>,
    skills: Vec<&'p str>,
    first_name: Option<&'p str>,
    previous: Option<&'p Position>,
    /// The profile's meaningful words, lower-cased: what makes a sentence "about" the member.
    relevant: BTreeSet<String>,
    /// How the member capitalises their own words (`kafka` → `Kafka`, `acme` → `ACME`).
    casing: HashMap<String, String>,
}

impl<'p> Facts<'p> {
    fn new(p: &'p ProfileContext) -> Facts<'p> {
        let current = p.experience.first();
        let title = current
            .map(|e| e.title.trim())
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .or_else(|| title_from_headline(&p.headline))
            .unwrap_or_else(|| if p.french() { "Professionnel" } else { "Professional" }.to_string());
        let company = current.map(|e| e.company.trim()).filter(|c| !c.is_empty());
        let mut seen = BTreeSet::new();
        let skills: Vec<&str> = p
            .skills
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && seen.insert(s.to_lowercase()))
            .take(5)
            .collect();
        let first_name = p.name.split_whitespace().next();
        let previous = p.experience.get(1).filter(|e| !e.title.trim().is_empty());
        let mut relevant = BTreeSet::new();
        let mut casing = HashMap::new();
        // Company names are proper names: they keep the member's capitals. Other fields only
        // teach mixed case and acronyms (`PostgreSQL`, `SQL`, `iOS`); the title case of skills
        // and titles (`Corporate Strategy`) is styling, not spelling, and generated words take
        // the corpus's usual casing instead.
        let mut fields: Vec<(&str, bool)> = vec![(&p.headline, false), (&p.about, false)];
        fields.extend(p.skills.iter().map(|s| (s.as_str(), false)));
        for e in &p.experience {
            fields.extend([(e.title.as_str(), false), (e.company.as_str(), true)]);
        }
        for (f, is_name) in fields {
            relevant.extend(title_words(f));
            scan_sentences(f, |e| {
                if let Event::Token { lower, surface } = e {
                    let mixed = surface.chars().skip(1).any(char::is_uppercase);
                    if surface != lower && (is_name || mixed) {
                        casing.entry(lower.to_string()).or_insert_with(|| surface.to_string());
                    }
                }
            });
        }
        Facts { french: p.french(), title, company, skills, first_name, previous, relevant, casing }
    }

    /// The member's `i`-th skill as written (for headlines and hashtags).
    fn skill(&self, i: usize) -> Option<&str> {
        self.skills.get(i).copied()
    }
}

/// The title part of a headline such as `Data Engineer at Acme | Kafka, Rust`.
fn title_from_headline(headline: &str) -> Option<String> {
    let first = headline.split(['|', '·', '•', ',']).next()?.trim();
    let first = first.split(" at ").next()?.split(" @ ").next()?.trim();
    let words = first.split_whitespace().count();
    (1..=6).contains(&words).then(|| first.to_string())
}

fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

fn is_terminal(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "…")
}

/// What [`Writer::sentence`] is asked for.
#[derive(Clone, Copy)]
struct Ask {
    max_tokens: usize,
    /// Candidates sampled; the best is kept.
    tries: usize,
    /// Running text (not a headline).
    prose: bool,
    /// Reject candidates with more foreign topical words than the member's own.
    on_topic: bool,
}

struct Writer<'a, M: ?Sized> {
    model: &'a M,
    facts: &'a Facts<'a>,
    rng: SplitMix64,
    /// Sentences already in the text (lower-cased tokens), so that none repeats.
    used: BTreeSet<Vec<String>>,
    /// The words of the member's own draft (lower case): names there are theirs to continue.
    draft_words: BTreeSet<String>,
    /// Writes French: the member's language, or the language of the draft being continued.
    french: bool,
}

impl<M: LanguageModel + ?Sized> Writer<'_, M> {
    /// "Kafka, Rust and Spark", as the member spells them.
    fn skill_list(&self, n: usize) -> Option<String> {
        let s = &self.facts.skills[..self.facts.skills.len().min(n)];
        match s {
            [] => None,
            [a] => Some(a.to_string()),
            [init @ .., last] => {
                let and = if self.facts.french { "et" } else { "and" };
                Some(format!("{} {and} {last}", init.join(", ")))
            }
        }
    }

    fn pick<'t>(&mut self, options: &'t [String]) -> &'t str {
        &options[self.rng.index(options.len())]
    }

    /// Mean log2 probability per token of `tokens` as one sentence (its end included).
    fn fluency(&self, tokens: &[String]) -> f64 {
        let vocab = self.model.vocab();
        let mut ctx: Vec<TokenId> = vec![BOS];
        let mut sum = 0.0;
        for t in tokens.iter().map(|t| vocab.id(t)).chain([EOS]) {
            sum += self.model.log2_prob(&ctx, t);
            ctx.push(t);
        }
        sum / (tokens.len() + 1) as f64
    }

    /// Distinct profile words in the sentence, and distinct topical words that are not the
    /// member's: those take a sentence off the member's domain. A word is topical when it is
    /// outside the most frequent sixth of the vocabulary (at least the top 300), which holds the
    /// generic words of professional writing (`team`, `happy`, `connect`, `ideas`); n-gram
    /// vocabularies are ordered by frequency.
    fn fit(&self, tokens: &[String]) -> (usize, usize) {
        let vocab = self.model.vocab();
        let generic = (vocab.len() / 6).max(300) as TokenId;
        let (mut on, mut off) = (0, 0);
        for t in tokens.iter().collect::<BTreeSet<_>>() {
            if self.facts.relevant.contains(t) {
                on += 1;
            } else if vocab.id(t) >= generic && !title_words(t).is_empty() {
                off += 1;
            }
        }
        (on, off)
    }

    /// Whether a sentence shows no sign of the other language (a sentence of names shows none
    /// of either): a generated sentence that mixes languages is not kept.
    fn in_language(&self, tokens: &[String]) -> bool {
        let (en, fr) = assent_policy::language::evidence(&tokens.join(" "));
        if self.french {
            en == 0
        } else {
            fr == 0
        }
    }

    /// Whether `tokens` hold a name that is not the member's: a word the corpus usually writes
    /// with a capital (titles, skills, companies, places: `Quality`, `Kafka`, `Boldpath`) that is
    /// neither in the member's profile nor in their own draft. Generated text may only name what
    /// the member wrote themselves.
    fn names_someone_else(&self, tokens: &[String]) -> bool {
        let vocab = self.model.vocab();
        tokens.iter().any(|t| {
            t != "i"
                && !self.facts.relevant.contains(t)
                && !self.facts.casing.contains_key(t)
                && !self.draft_words.contains(t)
                && vocab.get(t).is_some_and(|id| vocab.display(id).chars().any(char::is_uppercase))
        })
    }

    /// The model's best sentence starting with `prompt` (tokens), or `None` if no candidate
    /// is acceptable. Returns the whole sentence, prompt included, ending in punctuation.
    fn sentence(&mut self, prompt: &[String], ask: Ask) -> Option<Vec<String>> {
        let sampling = Sampling {
            max_tokens: ask.max_tokens,
            temperature: 0.7,
            top_k: 20,
            no_repeat_ngram: 3,
            allow_digits: false,
        };
        let mut best: Option<(f64, Vec<String>)> = None;
        for _ in 0..ask.tries {
            let seed = self.rng.next_u64();
            let mut s = prompt.to_vec();
            let cont = generate_with(self.model, prompt, &sampling, seed);
            if cont.is_empty() {
                continue;
            }
            s.extend(cont);
            let words = s.iter().filter(|t| t.chars().next().is_some_and(char::is_alphabetic)).count();
            if !s.last().is_some_and(|t| is_terminal(t)) {
                s.push(".".into());
            }
            let new = &s[prompt.len()..];
            // Headline separators make fragments, not sentences; a stray letter is what is left
            // of a figure whose digits were not generated (`p95`, `3x`).
            let fragment = new.iter().any(|t| {
                (ask.prose && matches!(t.as_str(), "|" | "·" | "@" | "•"))
                    || (t.chars().count() == 1 && t.chars().all(char::is_alphabetic) && t != "a" && t != "i")
            });
            if words < 4 || fragment || self.used.contains(&s) {
                continue;
            }
            let (on, off) = self.fit(new);
            // A sentence about someone else's field would misrepresent the member; so would a
            // name (a title, a skill, a company) that is not the member's own.
            if (ask.on_topic && off > on) || self.names_someone_else(new) || !self.in_language(&s) {
                continue;
            }
            let len = s.len() as f64;
            // Fit to the member first, then fluency (a clean sentence of the corpus scores about
            // −1.5 bits per token, a garbled blend −4 or less), then a moderate length.
            let score = 1.5 * on as f64 - 0.75 * off as f64 + self.fluency(&s) - 0.05 * (len - 14.0).abs();
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, s));
            }
        }
        let (_, s) = best?;
        self.used.insert(s.clone());
        Some(s)
    }

    /// Tokens in their display form: the member's own spelling, else the model's usual casing.
    fn display(&self, tokens: &[String]) -> Vec<String> {
        let vocab = self.model.vocab();
        tokens
            .iter()
            .map(|t| match (self.facts.casing.get(t), vocab.get(t)) {
                (Some(c), _) => c.clone(),
                (None, Some(id)) if id != UNK => vocab.display(id).to_string(),
                _ => t.clone(),
            })
            .collect()
    }

    fn render(&self, tokens: &[String]) -> String {
        let text = detokenize(&self.display(tokens));
        if self.french {
            french_spacing(&text)
        } else {
            text
        }
    }

    /// A model sentence from one of `prompts`, or the rendered `fallback`.
    fn sentence_or(&mut self, prompts: &[&str], fallback: String) -> String {
        let prompt = tokenize(prompts[self.rng.index(prompts.len())]);
        match self.sentence(&prompt, Ask { max_tokens: 28, tries: 12, prose: true, on_topic: true }) {
            Some(s) => self.render(&s),
            None => fallback,
        }
    }

    fn headline(&mut self) -> String {
        let f = self.facts;
        let t = &f.title;
        let mut options: Vec<String> = Vec::new();
        let at = if f.french { "chez" } else { "at" };
        if let Some(c) = f.company {
            if let (Some(a), Some(b), Some(d)) = (f.skill(0), f.skill(1), f.skill(2)) {
                options.push(format!("{t} {at} {c} | {a}, {b}, {d}"));
            }
            if let (Some(a), Some(b)) = (f.skill(0), f.skill(1)) {
                options.push(format!("{t} {at} {c} | {a} · {b}"));
            }
            options.push(format!("{t} {at} {c}"));
        }
        if let (Some(a), Some(b), Some(d)) = (f.skill(0), f.skill(1), f.skill(2)) {
            options.push(format!("{t} | {a} · {b} · {d}"));
        }
        if let (Some(a), Some(b)) = (f.skill(0), f.skill(1)) {
            if f.french {
                options.push(format!("{t} | J'aide les équipes avec {a} et {b}"));
            } else {
                options.push(format!("{t} | Helping teams with {a} and {b}"));
            }
        }
        // One option the model completes: the title, then whatever members with such titles
        // write after the bar.
        let mut prompt = tokenize(t);
        prompt.push("|".into());
        if let Some(s) = self.sentence(&prompt, Ask { max_tokens: 10, tries: 6, prose: false, on_topic: true }) {
            let tail = &s[prompt.len()..];
            let tail = if tail.last().is_some_and(|x| is_terminal(x)) { &tail[..tail.len() - 1] } else { tail };
            if (2..=10).contains(&tail.len()) && !tail.iter().any(|x| is_terminal(x) || x == "|") {
                options.push(format!("{t} | {}", detokenize(&self.display(tail))));
            }
        }
        if options.is_empty() {
            options.push(t.clone());
        }
        // The corpus decides which phrasing is typical: the seed picks among the three the model
        // finds most fluent.
        let mut scored: Vec<(f64, usize)> =
            options.iter().enumerate().map(|(i, o)| (self.fluency(&tokenize(o)), i)).collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let i = scored[self.rng.index(scored.len().min(3))].1;
        options.swap_remove(i)
    }

    fn about(&mut self) -> String {
        if self.facts.french {
            return self.about_fr();
        }
        let f = self.facts;
        let a_title = format!("{} {}", article(&f.title), f.title);
        let mut openers: Vec<String> = Vec::new();
        match (f.company, self.skill_list(3)) {
            (Some(c), Some(list)) => {
                openers.push(format!("I'm {a_title} at {c}, working with {list}."));
                openers.push(format!("Currently {a_title} at {c}, where I focus on {list}."));
            }
            (Some(c), None) => openers.push(format!("I'm {a_title} at {c}.")),
            (None, Some(list)) => {
                openers.push(format!("I'm {a_title} with hands-on experience in {list}."));
                openers.push(format!("As {a_title}, I focus on {list}."));
            }
            (None, None) => openers.push(format!("I'm {a_title}.")),
        }
        let mut parts = vec![self.pick(&openers).to_string()];
        if let Some(p) = f.previous {
            let at = if p.company.trim().is_empty() { String::new() } else { format!(" at {}", p.company.trim()) };
            parts.push(format!("Before that, I worked as {} {}{at}.", article(p.title.trim()), p.title.trim()));
        }
        let fallback = match self.skill_list(5) {
            Some(list) => format!("Day to day I work with {list}."),
            None => "I enjoy solving hard problems with people who care about doing things properly.".into(),
        };
        parts.push(self.sentence_or(&["i", "my", "i enjoy", "i care about", "most recently", "i believe"], fallback));
        let fallback = "I like clear communication and doing things properly.".to_string();
        parts.push(self.sentence_or(&["i", "outside work", "i'm", "people"], fallback));
        let close = match (self.facts.skill(0), self.facts.skill(1)) {
            (Some(a), Some(b)) => format!("Always happy to connect with people working on {a} and {b}."),
            (Some(a), None) => format!("Always happy to connect with people working on {a}."),
            _ => "Always happy to connect and exchange ideas.".to_string(),
        };
        parts.push(close);
        parts.join(" ")
    }

    fn post(&mut self) -> String {
        if self.facts.french {
            return self.post_fr();
        }
        let f = self.facts;
        let a = self.facts.skill(0).unwrap_or("my work");
        let mut openers = vec![
            format!("Some thoughts on {a} after a busy week."),
            format!("Excited to share what I've been learning about {a} lately."),
        ];
        if let Some(c) = f.company {
            openers.push(format!("A quick reflection on {a} from our work at {c}."));
        }
        let mut parts = vec![self.pick(&openers).to_string()];
        let fallback = format!("The more I work with {a}, the more I value simple, reliable solutions.");
        parts.push(self.sentence_or(&["i", "we", "the", "one thing", "if you"], fallback));
        let fallback = "Curious how others approach this.".to_string();
        parts.push(self.sentence_or(&["what", "i'd", "how do you", "curious"], fallback));
        let tags: Vec<String> = f.skills.iter().take(2).filter_map(|s| hashtag(s)).collect();
        let mut text = parts.join(" ");
        if !tags.is_empty() {
            text.push('\n');
            text.push_str(&tags.join(" "));
        }
        text
    }

    fn reply(&mut self) -> String {
        if self.facts.french {
            return self.reply_fr();
        }
        let f = self.facts;
        let openers = ["Hi, thanks for reaching out!".to_string(), "Hi, thanks for your message!".to_string()];
        let mut parts = vec![self.pick(&openers).to_string()];
        let fallback = match self.facts.skill(0) {
            Some(a) => format!("I'd be happy to talk more about {a}."),
            None => "I'd be happy to talk more.".to_string(),
        };
        parts.push(self.sentence_or(&["i'd be happy to", "happy to", "i'd love to"], fallback));
        let mut text = parts.join(" ");
        if let Some(name) = f.first_name {
            text.push_str(&format!("\n\nBest,\n{name}"));
        }
        text
    }

    /// Finishes the draft's last sentence, or adds one sentence after a finished draft.
    fn continue_draft(&mut self, draft: &str) -> String {
        let last = sentences(draft).pop().unwrap_or_default();
        for s in sentences(draft) {
            self.used.insert(s);
        }
        let unfinished = !last.last().is_some_and(|t| is_terminal(t));
        if unfinished {
            // The draft sets the topic: any fluent ending will do.
            if let Some(s) = self.sentence(&last, Ask { max_tokens: 24, tries: 24, prose: true, on_topic: false }) {
                let shown = self.display(&s);
                let before = detokenize(&shown[..last.len()]);
                let whole = detokenize(&shown);
                return format!("{draft}{}", &whole[before.len()..]);
            }
            return format!("{draft}.");
        }
        let next = if self.french {
            let fallback = match self.facts.skill(0) {
                Some(a) => format!("J'aimerais savoir comment d'autres abordent {a}."),
                None => "J'aimerais savoir comment d'autres abordent le sujet.".to_string(),
            };
            self.sentence_or(&["je", "nous", "le", "la", "si vous"], fallback)
        } else {
            let a = self.facts.skill(0).unwrap_or("this");
            let fallback = format!("Happy to hear how others approach {a}.");
            self.sentence_or(&["i", "we", "the", "happy to", "if you"], fallback)
        };
        format!("{draft} {next}")
    }

    fn about_fr(&mut self) -> String {
        let f = self.facts;
        let t = &f.title;
        let mut openers: Vec<String> = Vec::new();
        match (f.company, self.skill_list(3)) {
            (Some(c), Some(list)) => {
                openers.push(format!("Je suis {t} chez {c} et je travaille avec {list}."));
                openers.push(format!("Actuellement {t} chez {c}, je me concentre sur {list}."));
            }
            (Some(c), None) => openers.push(format!("Je suis {t} chez {c}.")),
            (None, Some(list)) => {
                openers.push(format!("Je suis {t}, avec une expérience concrète de {list}."));
                openers.push(format!("En tant que {t}, je me concentre sur {list}."));
            }
            (None, None) => openers.push(format!("Je suis {t}.")),
        }
        let mut parts = vec![self.pick(&openers).to_string()];
        if let Some(p) = f.previous {
            let at = if p.company.trim().is_empty() { String::new() } else { format!(" chez {}", p.company.trim()) };
            parts.push(format!("Auparavant, j'ai été {}{at}.", p.title.trim()));
        }
        let fallback = match self.skill_list(5) {
            Some(list) => format!("Au quotidien, je travaille avec {list}."),
            None => "J'aime résoudre des problèmes difficiles avec des gens qui tiennent au travail bien fait.".into(),
        };
        parts.push(self.sentence_or(&["je", "mon", "j'aime", "ce qui compte", "dernièrement", "je crois"], fallback));
        let fallback = "J'aime une communication claire et le travail bien fait.".to_string();
        parts.push(self.sentence_or(&["je", "en dehors du travail", "j'ai", "les gens"], fallback));
        let close = match (self.facts.skill(0), self.facts.skill(1)) {
            (Some(a), Some(b)) => {
                format!("Au plaisir d'échanger avec celles et ceux qui travaillent sur {a} et {b}.")
            }
            (Some(a), None) => format!("Au plaisir d'échanger avec celles et ceux qui travaillent sur {a}."),
            _ => "Au plaisir d'échanger et de partager des idées.".to_string(),
        };
        parts.push(close);
        parts.join(" ")
    }

    fn post_fr(&mut self) -> String {
        let f = self.facts;
        let a = self.facts.skill(0).unwrap_or("mon travail");
        let mut openers = vec![
            format!("Quelques réflexions sur {a} après une semaine chargée."),
            format!("Voici ce que j'ai appris récemment sur {a}."),
        ];
        if let Some(c) = f.company {
            openers.push(format!("Un retour rapide sur {a}, tiré de notre travail chez {c}."));
        }
        let mut parts = vec![self.pick(&openers).to_string()];
        let fallback = format!("Plus je travaille avec {a}, plus j'apprécie les solutions simples et fiables.");
        parts.push(self.sentence_or(&["je", "nous", "le", "la", "si vous"], fallback));
        let fallback = "J'aimerais savoir comment vous abordez le sujet.".to_string();
        parts.push(self.sentence_or(&["et vous", "comment", "qu'en"], fallback));
        let tags: Vec<String> = f.skills.iter().take(2).filter_map(|s| hashtag(s)).collect();
        let mut text = parts.join(" ");
        if !tags.is_empty() {
            text.push('\n');
            text.push_str(&tags.join(" "));
        }
        text
    }

    fn reply_fr(&mut self) -> String {
        let f = self.facts;
        let openers = [
            "Bonjour, merci pour votre message\u{202F}!".to_string(),
            "Bonjour, merci de m'avoir écrit\u{202F}!".to_string(),
        ];
        let mut parts = vec![self.pick(&openers).to_string()];
        let fallback = match self.facts.skill(0) {
            Some(a) => format!("Ce serait un plaisir d'en parler plus longuement, notamment de {a}."),
            None => "Ce serait un plaisir d'en parler plus longuement.".to_string(),
        };
        parts.push(self.sentence_or(&["avec plaisir", "volontiers", "ce serait un plaisir"], fallback));
        let mut text = parts.join(" ");
        if let Some(name) = f.first_name {
            text.push_str(&format!("\n\nBien à vous,\n{name}"));
        }
        text
    }
}

/// French spacing: a narrow no-break space before `!`, `?` and `;`, a no-break space before `:`
/// and inside guillemets (not in `14:30` or `https://`).
fn french_spacing(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        let after = chars.peek().copied();
        let glued = prev.is_some_and(|p| !p.is_whitespace());
        let part_of_a_token = after.is_some_and(|a| a.is_ascii_digit() || a == '/');
        match c {
            '!' | '?' | ';' if glued => out.push('\u{202F}'),
            ':' | '»' if glued && !part_of_a_token => out.push('\u{A0}'),
            _ => {}
        }
        if prev == Some('«') && !c.is_whitespace() {
            out.push('\u{A0}');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// `#DataEngineering` from `Data Engineering`; `None` if nothing is left.
fn hashtag(skill: &str) -> Option<String> {
    let mut tag = String::from("#");
    for word in skill.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut c = word.chars();
        if let Some(first) = c.next() {
            tag.extend(first.to_uppercase());
            tag.push_str(c.as_str());
        }
    }
    (tag.len() > 1).then_some(tag)
}

#[cfg(test)]
mod tests {
    #[test]
    fn french_spacing_spaces_punctuation_but_not_times_or_addresses() {
        assert_eq!(
            super::french_spacing("Merci! Quoi? Voir: ici à 14:30 sur https://x.fr «oui»"),
            "Merci\u{202F}! Quoi\u{202F}? Voir\u{A0}: ici à 14:30 sur https://x.fr «\u{A0}oui\u{A0}»"
        );
    }
}
