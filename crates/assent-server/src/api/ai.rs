//! AI features over JSON: the writing assistant, connection and job suggestions, and the
//! member's "Your data and AI" report (`crate::ops::ai` does the work).

use assent_models::Task;
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::extract::{Auth, Json};
use crate::ops::ai::{ConnectionSuggestion, Draft, JobSuggestion};
use crate::ops::{self};
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
    #[serde(default, deserialize_with = "crate::extract::whole_opt")]
    #[schema(minimum = 0)]
    seed: Option<i64>,
}

/// Draft a headline, an "About", a post continuation or a message reply from the member's own
/// profile, with the live writing model.
#[utoipa::path(post, path = "/api/v1/ai/assist", tag = "ai", security(("bearer" = [])), request_body = AssistRequest,
    responses((status = 200, body = Draft), (status = 400, body = crate::error::ErrorBody), (status = 503, body = crate::error::ErrorBody)))]
pub(crate) async fn assist_handler(
    State(state): State<AppState>,
    Auth(me): Auth,
    Json(req): Json<AssistRequest>,
) -> Result<axum::Json<Draft>, ApiError> {
    let task: Task = req.task.parse().map_err(|_| {
        ApiError::bad_request(
            "invalid_body",
            format!("unknown task `{}`; expected headline, about, post or message", req.task),
        )
    })?;
    let seed = u64::try_from(req.seed.unwrap_or(0))
        .map_err(|_| ApiError::from(ops::Error::Invalid { field: "seed", problem: ops::Problem::Negative }))?;
    state
        .run(move |s| ops::ai::draft(s, me, task, req.draft.as_deref(), seed).map(axum::Json))
        .await
        .map_err(ApiError::from)
}

/// Suggested connections: friends of friends and colleagues, ranked by the live suggestions
/// model (skills learned from eligible profiles only) and mutual connections.
#[utoipa::path(get, path = "/api/v1/me/suggestions/connections", tag = "ai", security(("bearer" = [])),
    responses((status = 200, body = Vec<ConnectionSuggestion>)))]
pub(crate) async fn connection_suggestions(
    State(state): State<AppState>,
    Auth(me): Auth,
) -> Result<axum::Json<Vec<ConnectionSuggestion>>, ApiError> {
    state.run(move |s| ops::ai::suggest_connections(s, me).map(axum::Json)).await.map_err(ApiError::from)
}

/// Suggested jobs, ranked by how the member's skills match each job's, weighted by the live
/// suggestions model.
#[utoipa::path(get, path = "/api/v1/me/suggestions/jobs", tag = "ai", security(("bearer" = [])),
    responses((status = 200, body = Vec<JobSuggestion>)))]
pub(crate) async fn job_suggestions(
    State(state): State<AppState>,
    Auth(me): Auth,
) -> Result<axum::Json<Vec<JobSuggestion>>, ApiError> {
    state.run(move |s| ops::ai::suggest_jobs(s, me).map(axum::Json)).await.map_err(ApiError::from)
}

/// "Your data and AI": for each dataset and release, whether and which of the member's items
/// were used, and in which release they were removed.
#[utoipa::path(get, path = "/api/v1/me/ai-data", tag = "ai", security(("bearer" = [])), responses((status = 200, description = "the member report")))]
pub(crate) async fn ai_data(
    State(state): State<AppState>,
    Auth(me): Auth,
) -> Result<axum::Json<assent_release::MemberReport>, ApiError> {
    let report = state.run(move |s| ops::ai::member_report(s, me)).await?;
    Ok(axum::Json(report.unwrap_or(assent_release::MemberReport {
        member: me,
        datasets: Vec::new(),
        releases: Vec::new(),
    })))
}
