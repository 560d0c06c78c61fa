//! AI features: the writing assistant, connection and job suggestions, and the member's report
//! of which of their items trained which dataset and release. Every member gets them, whatever
//! their settings: settings decide only whether a member's data trains the models.

use assent_models::{assist, Position, ProfileContext, Task};
use assent_release::MemberReport;
use assent_store::MemberId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Error, Result};
use crate::AppState;

/// A suggestion from the writing assistant, to edit before saving.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Draft {
    /// The suggested text.
    pub text: String,
    /// The release that wrote it.
    pub release: String,
}

/// The member's own profile as prompt context (read at inference time only, never learned).
fn profile_context(s: &AppState, me: MemberId) -> Result<ProfileContext> {
    let m = s.store.member(me)?.ok_or(Error::NotFound("member"))?;
    let p = s.store.profile(me)?;
    let text = |i: Option<assent_store::Item>| i.and_then(|i| i.text).unwrap_or_default();
    // Drafts are written in the member's language: their own choice, else English.
    let language = m.language.unwrap_or_else(|| "en".to_string());
    Ok(ProfileContext {
        language,
        name: m.name,
        headline: text(p.headline),
        about: text(p.about),
        skills: s.store.visible_skills(Some(me), me)?,
        experience: p.experience.into_iter().map(|e| Position { title: e.title, company: e.company }).collect(),
    })
}

/// A suggestion from the live writing model for `task`, from the member's own profile and
/// `draft` (blank means none); [`Error::NoModel`] when no writing model is live.
pub fn draft(s: &AppState, me: MemberId, task: Task, draft: Option<&str>, seed: u64) -> Result<Draft> {
    let max = assent_store::validate::POST_MAX;
    if let Some(len) = draft.map(|d| d.chars().count()).filter(|&len| len > max) {
        return Err(Error::Invalid { field: "draft", problem: super::Problem::TooLong { len, max } });
    }
    let live = s.ai.writing().ok_or(Error::NoModel("writing"))?;
    let context = profile_context(s, me)?;
    let draft = draft.filter(|d| !d.trim().is_empty());
    Ok(Draft { text: assist(&live.model, task, &context, draft, seed), release: live.release_id.clone() })
}

/// One suggested connection.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ConnectionSuggestion {
    /// Member id.
    pub id: i64,
    /// URL name.
    pub handle: String,
    /// Display name.
    pub name: String,
    /// Why, in English: e.g. "12 mutual connections · shared skills: rust, kafka".
    pub reason: String,
    /// Connections the member and this person share.
    pub mutual: u32,
    /// An employer both have had, if any.
    pub worked_at: Option<String>,
    /// Up to three skills both list.
    pub shared_skills: Vec<String>,
    /// Ranking score (higher first).
    pub score: f64,
}

/// How many suggestions of each kind are returned.
const SUGGESTIONS: usize = 20;

/// Up to 20 suggested connections (friends of friends, former colleagues), best first, each with
/// its reason: ranked by the live suggestions model (skills learned from eligible profiles only)
/// and mutual connections, or by mutual connections alone without a model.
pub fn suggest_connections(s: &AppState, me: MemberId) -> Result<Vec<ConnectionSuggestion>> {
    let live = s.ai.skills();
    let mine = s.store.visible_skills(Some(me), me)?;
    let mut out = Vec::new();
    for (id, mutual, company) in s.store.connection_candidates(me, 200)? {
        let Some(m) = s.store.member(id)? else { continue };
        let theirs = s.store.visible_skills(Some(me), id)?;
        let (score, shared) = match &live {
            Some(live) => live.score_member(&mine, &theirs, mutual as usize),
            None => (f64::from(mutual), Vec::new()),
        };
        let shared_skills: Vec<String> = shared.into_iter().take(3).collect();
        let mut reasons = Vec::new();
        if mutual > 0 {
            reasons.push(format!("{mutual} mutual connection{}", if mutual == 1 { "" } else { "s" }));
        }
        if let Some(c) = &company {
            reasons.push(format!("also worked at {c}"));
        }
        if !shared_skills.is_empty() {
            reasons.push(format!("shared skills: {}", shared_skills.join(", ")));
        }
        out.push(ConnectionSuggestion {
            id,
            handle: m.handle,
            name: m.name,
            reason: reasons.join(" · "),
            mutual,
            worked_at: company,
            shared_skills,
            score,
        });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    out.truncate(SUGGESTIONS);
    Ok(out)
}

/// One suggested job.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct JobSuggestion {
    /// Job id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Company.
    pub company: String,
    /// Why, in English: e.g. "matches: rust, kafka".
    pub reason: String,
    /// The member's skills the job asks for (none: it is related to the member's title).
    pub matched_skills: Vec<String>,
    /// Ranking score (higher first).
    pub score: f64,
}

/// Up to 20 suggested jobs, best first, each with its reason, ranked by how the member's skills
/// match each job's under the live suggestions model; [`Error::NoModel`] without one.
pub fn suggest_jobs(s: &AppState, me: MemberId) -> Result<Vec<JobSuggestion>> {
    let live = s.ai.skills().ok_or(Error::NoModel("suggestions"))?;
    let mine = s.store.visible_skills(Some(me), me)?;
    let mut out = Vec::new();
    for job in s.store.jobs(None, 2_000)? {
        let (score, matched) = live.score_job(&mine, &job.skills, &job.title);
        if score > 0.0 {
            let reason = if matched.is_empty() {
                "related to your title".to_string()
            } else {
                format!("matches: {}", matched.join(", "))
            };
            out.push(JobSuggestion {
                id: job.id,
                title: job.title,
                company: job.company.name,
                reason,
                matched_skills: matched,
                score,
            });
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    out.truncate(SUGGESTIONS);
    Ok(out)
}

/// "Which of my items trained which dataset and release, and where were they removed"; `None`
/// when the server runs without a data directory for AI (nothing can have been trained).
pub fn member_report(s: &AppState, me: MemberId) -> Result<Option<MemberReport>> {
    match s.ai.data_dir() {
        Some(dir) => Ok(Some(assent_release::member_report(dir, me)?)),
        None => Ok(None),
    }
}
