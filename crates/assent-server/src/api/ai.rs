//! AI features: the writing assistant, connection and job suggestions, and the member's
//! "Your data and AI" report. Every member gets them, whatever their settings: settings decide
//! only whether a member's data trains the models.

use assent_models::{assist, Position, ProfileContext, Task};
use assent_store::MemberId;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::extract::{Auth, Json};
use crate::{ApiError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/ai/assist", post(assist_handler))
        .route("/api/v1/me/suggestions/connections", get(connection_suggestions))
        .route("/api/v1/me/suggestions/jobs", get(job_suggestions))
        .route("/api/v1/me/ai-data", get(ai_data))
}

/// A writing-assistant request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssistRequest {
    /// `headline`, `about`, `post` or `message`.
    task: String,
    /// A draft to continue (posts and message replies).
    draft: Option<String>,
    /// Sampling seed (same seed, same suggestion); default 0.
    seed: Option<u64>,
}

/// A suggestion to edit before saving.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct AssistResponse {
    /// The suggested text.
    pub text: String,
    /// The release that wrote it.
    pub release: String,
}

fn no_model(what: &str) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "no_model",
        format!("no {what} model has been trained yet (run `assent train`)"),
    )
}

/// The member's own profile as prompt context (read at inference time only, never learned).
fn profile_context(state: &AppState, me: MemberId) -> Result<ProfileContext, ApiError> {
    let m = state.store.member(me)?.ok_or_else(|| ApiError::not_found("member"))?;
    let p = state.store.profile(me)?;
    let text = |i: Option<assent_store::Item>| i.and_then(|i| i.text).unwrap_or_default();
    Ok(ProfileContext {
        name: m.name,
        headline: text(p.headline),
        about: text(p.about),
        skills: state.store.visible_skills(Some(me), me)?,
        experience: p.experience.into_iter().map(|e| Position { title: e.title, company: e.company }).collect(),
    })
}

/// Draft a headline, an "About", a post continuation or a message reply from the member's own
/// profile, with the live writing model.
#[utoipa::path(post, path = "/api/v1/ai/assist", tag = "ai", security(("bearer" = [])), request_body = AssistRequest,
    responses((status = 200, body = AssistResponse), (status = 400, body = crate::error::ErrorBody), (status = 503, body = crate::error::ErrorBody)))]
pub(crate) async fn assist_handler(
    State(state): State<AppState>,
    Auth(me): Auth,
    Json(req): Json<AssistRequest>,
) -> Result<axum::Json<AssistResponse>, ApiError> {
    let task: Task = req.task.parse().map_err(|_| {
        ApiError::bad_request(
            "invalid_body",
            format!("unknown task `{}`; expected headline, about, post or message", req.task),
        )
    })?;
    if req.draft.as_deref().is_some_and(|d| d.chars().count() > assent_store::validate::POST_MAX) {
        return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", "draft: at most 3000 characters"));
    }
    state.run(move |s| draft(s, me, task, req.draft.as_deref(), req.seed.unwrap_or(0)).map(axum::Json)).await
}

/// A suggestion from the live writing model for `task`, from the member's own profile and
/// `draft`; 503 `no_model` when no writing model is live. Shared by the API and the web app.
pub(crate) fn draft(
    state: &AppState,
    me: MemberId,
    task: Task,
    draft: Option<&str>,
    seed: u64,
) -> Result<AssistResponse, ApiError> {
    let live = state.ai.writing().ok_or_else(|| no_model("writing"))?;
    let context = profile_context(state, me)?;
    let text = assist(&live.model, task, &context, draft, seed);
    Ok(AssistResponse { text, release: live.release_id.clone() })
}

/// One suggested connection.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ConnectionSuggestion {
    /// Member id.
    pub id: i64,
    /// URL name.
    pub handle: String,
    /// Display name.
    pub name: String,
    /// Why: e.g. "12 mutual connections · shared skills: rust, kafka".
    pub reason: String,
    /// Ranking score (higher first).
    pub score: f64,
}

/// Suggested connections: friends of friends and colleagues, ranked by the live suggestions
/// model (skills learned from eligible profiles only) and mutual connections.
#[utoipa::path(get, path = "/api/v1/me/suggestions/connections", tag = "ai", security(("bearer" = [])),
    responses((status = 200, body = Vec<ConnectionSuggestion>)))]
pub(crate) async fn connection_suggestions(
    State(state): State<AppState>,
    Auth(me): Auth,
) -> Result<axum::Json<Vec<ConnectionSuggestion>>, ApiError> {
    state.run(move |s| suggest_connections(s, me).map(axum::Json)).await
}

/// Up to 20 suggested connections for `me`, best first, each with its reason. Works without a
/// model (ranked by mutual connections). Shared by the API and the web app.
pub(crate) fn suggest_connections(s: &AppState, me: MemberId) -> Result<Vec<ConnectionSuggestion>, ApiError> {
    let skills_model = s.ai.skills();
    let mine = s.store.visible_skills(Some(me), me)?;
    let mut out = Vec::new();
    for (id, mutual, company) in s.store.connection_candidates(me, 200)? {
        let Some(m) = s.store.member(id)? else { continue };
        let theirs = s.store.visible_skills(Some(me), id)?;
        let (score, shared) = match &skills_model {
            Some(live) => {
                let total: f64 = live.models.iter().map(|(w, _)| w).sum();
                let score =
                    live.models.iter().map(|(w, sm)| w * sm.score_member(&mine, &theirs, mutual as usize)).sum::<f64>()
                        / total;
                (score, live.models[0].1.shared_skills(&mine, &theirs))
            }
            None => (f64::from(mutual), Vec::new()),
        };
        let mut reasons = Vec::new();
        if mutual > 0 {
            reasons.push(format!("{mutual} mutual connection{}", if mutual == 1 { "" } else { "s" }));
        }
        if let Some(c) = company {
            reasons.push(format!("also worked at {c}"));
        }
        if !shared.is_empty() {
            reasons.push(format!("shared skills: {}", shared.iter().take(3).cloned().collect::<Vec<_>>().join(", ")));
        }
        out.push(ConnectionSuggestion { id, handle: m.handle, name: m.name, reason: reasons.join(" · "), score });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    out.truncate(20);
    Ok(out)
}

/// One suggested job.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct JobSuggestion {
    /// Job id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Company.
    pub company: String,
    /// Why: e.g. "matches: rust, kafka".
    pub reason: String,
    /// Ranking score (higher first).
    pub score: f64,
}

/// Suggested jobs, ranked by how the member's skills match each job's, weighted by the live
/// suggestions model.
#[utoipa::path(get, path = "/api/v1/me/suggestions/jobs", tag = "ai", security(("bearer" = [])),
    responses((status = 200, body = Vec<JobSuggestion>)))]
pub(crate) async fn job_suggestions(
    State(state): State<AppState>,
    Auth(me): Auth,
) -> Result<axum::Json<Vec<JobSuggestion>>, ApiError> {
    state.run(move |s| suggest_jobs(s, me).map(axum::Json)).await
}

/// Up to 20 suggested jobs for `me`, best first, each with its reason; 503 `no_model` when no
/// suggestions model is live. Shared by the API and the web app.
pub(crate) fn suggest_jobs(s: &AppState, me: MemberId) -> Result<Vec<JobSuggestion>, ApiError> {
    let live = s.ai.skills().ok_or_else(|| no_model("suggestions"))?;
    let mine = s.store.visible_skills(Some(me), me)?;
    let total: f64 = live.models.iter().map(|(w, _)| w).sum();
    let mut out = Vec::new();
    for job in s.store.jobs(None, 2_000)? {
        let mut score = 0.0;
        let mut matched = Vec::new();
        for (w, sm) in &live.models {
            let (sc, m) = sm.score_job(&mine, &job.skills, &job.title);
            score += w * sc / total;
            if matched.is_empty() {
                matched = m;
            }
        }
        if score > 0.0 {
            let reason = if matched.is_empty() {
                "related to your title".to_string()
            } else {
                format!("matches: {}", matched.join(", "))
            };
            out.push(JobSuggestion { id: job.id, title: job.title, company: job.company.name, reason, score });
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    out.truncate(20);
    Ok(out)
}

/// "Your data and AI": for each dataset and release, whether and which of the member's items
/// were used, and in which release they were removed.
#[utoipa::path(get, path = "/api/v1/me/ai-data", tag = "ai", security(("bearer" = [])), responses((status = 200, description = "the member report")))]
pub(crate) async fn ai_data(
    State(state): State<AppState>,
    Auth(me): Auth,
) -> Result<axum::Json<serde_json::Value>, ApiError> {
    state
        .run(move |s| {
            let report = member_report(s, me)?.unwrap_or(assent_release::MemberReport {
                member: me,
                datasets: Vec::new(),
                releases: Vec::new(),
            });
            Ok(axum::Json(serde_json::to_value(report).map_err(ApiError::internal)?))
        })
        .await
}

/// The member report ("which of my items trained which dataset and release"); `None` when the
/// server runs without a data directory for AI. Shared by the API and the web app.
pub(crate) fn member_report(s: &AppState, me: MemberId) -> Result<Option<assent_release::MemberReport>, ApiError> {
    let Some(dir) = s.ai.data_dir() else { return Ok(None) };
    assent_release::member_report(dir, me).map(Some).map_err(ApiError::internal)
}
