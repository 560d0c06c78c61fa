//! The values the generator produces: plain data for the store to ingest.

use assent_policy::{Kind, Purpose, Region, Timestamp, Visibility};
use chrono::NaiveDate;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// How many members; their ids are `1..=members`.
    pub members: u32,
    /// The seed: the same config always yields the same network, a different seed another one.
    pub seed: u64,
    /// How many members carry a canary (see [`Canary`]).
    pub canaries: u32,
    /// The instant the network is "as of": every generated time is at or before it, and the
    /// network's history starts six years earlier.
    pub now: Timestamp,
}

/// An employer.
#[derive(Debug, Clone, PartialEq)]
pub struct Company {
    /// 1-based, dense.
    pub id: u32,
    pub name: String,
    /// The industry's display name, e.g. "Software".
    pub industry: String,
    pub region: Region,
}

/// An open position at a company.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// 1-based, dense.
    pub id: u32,
    /// The hiring [`Company::id`].
    pub company: u32,
    pub title: String,
    pub description: String,
    pub skills: Vec<String>,
    pub region: Region,
    pub posted_at: Timestamp,
}

/// A member of the network, with their profile and everything they posted.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: u32,
    /// Unique, URL-safe and lower case, e.g. `maria-keller-1234` (it ends with the id).
    pub handle: String,
    pub name: String,
    /// Unique: `{handle}@example.com`.
    pub email: String,
    pub region: Region,
    /// The language the member writes in (BCP 47): `fr` for members with French names in a
    /// French-speaking country (France; Romandy, Quebec, Wallonia and Brussels, Luxembourg and
    /// Monaco), `en` for everyone else.
    pub language: &'static str,
    pub birth_date: NaiveDate,
    pub joined_at: Timestamp,
    /// When the member closed their account, if they did (about 1% of members).
    pub closed_at: Option<Timestamp>,
    pub headline: Field,
    pub about: Field,
    /// Positions held, oldest first; empty for members too young to have worked.
    pub experience: Vec<Experience>,
    pub experience_visibility: Visibility,
    pub skills: Vec<String>,
    pub skills_visibility: Visibility,
    /// Posts, articles and comments, oldest first.
    pub posts: Vec<Post>,
}

/// A profile text and who may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub text: String,
    pub visibility: Visibility,
}

/// One position in a member's career.
#[derive(Debug, Clone, PartialEq)]
pub struct Experience {
    pub title: String,
    /// The employer's [`Company::id`].
    pub company: u32,
    pub start: NaiveDate,
    /// `None` for a current position.
    pub end: Option<NaiveDate>,
    pub description: String,
}

/// Something a member shared.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// [`Kind::Post`], [`Kind::Article`] or [`Kind::Comment`].
    pub kind: Kind,
    pub text: String,
    /// [`Visibility::Public`] or [`Visibility::Connections`].
    pub visibility: Visibility,
    pub created_at: Timestamp,
    /// When the member deleted it, if they did.
    pub deleted_at: Option<Timestamp>,
}

/// A private message from one member to one of their connections.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The recipient's member id.
    pub to: u32,
    pub text: String,
    pub sent_at: Timestamp,
}

/// A change of one of a member's AI-data settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsentChange {
    pub purpose: Purpose,
    /// The new value: `false` turns the setting off.
    pub value: bool,
    pub at: Timestamp,
}

/// A secret planted in one member's public post, to measure whether a model trained on the
/// network memorised it (Carlini et al. 2019, "The Secret Sharer").
#[derive(Debug, Clone, PartialEq)]
pub struct Canary {
    /// The member id whose post carries it.
    pub owner: u32,
    /// The whole planted sentence: [`crate::canary_phrase`] of the secret.
    pub phrase: String,
    /// The random part: six digits separated by spaces, e.g. `3 9 1 4 7 2`.
    pub secret: String,
    /// Whether the owner turned *Data for Generative AI Improvement* off before the launch (and
    /// kept it off), so that a release must not have learned the phrase.
    pub owner_opted_out: bool,
}
