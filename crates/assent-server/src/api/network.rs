//! Other members' profiles, connections and jobs.

use assent_policy::Visibility;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::account::ProfileDto;
use super::time;
use crate::extract::{Auth, Json, MaybeAuth, Path, Query};
use crate::{ops, ApiError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/members/{handle}", get(member))
        .route("/api/v1/connections", post(connect))
        .route("/api/v1/me/connections", get(connections))
        .route("/api/v1/me/connection-requests", get(requests))
        .route("/api/v1/jobs", get(jobs))
}

/// A member as the caller may see them.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct MemberView {
    /// Member id (for messages and connection requests).
    pub id: i64,
    /// URL name.
    pub handle: String,
    /// Display name.
    pub name: String,
    /// Whether the caller is connected to this member.
    pub connected: bool,
    /// The profile fields the caller may see.
    pub profile: ProfileDto,
}

/// A member's profile: public fields for everyone, connections-only fields for connections,
/// private fields for the member alone.
#[utoipa::path(get, path = "/api/v1/members/{handle}", tag = "network", params(("handle" = String, Path)), security((), ("bearer" = [])),
    responses((status = 200, body = MemberView), (status = 404, body = crate::error::ErrorBody)))]
pub(crate) async fn member(
    State(state): State<AppState>,
    MaybeAuth(viewer): MaybeAuth,
    Path(handle): Path<String>,
) -> Result<axum::Json<MemberView>, ApiError> {
    state
        .run(move |s| {
            let m = s.store.member_by_handle(&handle)?.ok_or(ops::Error::NotFound("member"))?;
            let own = viewer == Some(m.id);
            let connected = match viewer {
                Some(v) if !own => s.store.are_connected(v, m.id)?,
                _ => false,
            };
            let profile = ProfileDto::from_profile(s.store.profile(m.id)?, |v| match v {
                Visibility::Public => true,
                Visibility::Connections => own || connected,
                Visibility::Private => own,
            });
            Ok(axum::Json(MemberView { id: m.id, handle: m.handle, name: m.name, connected, profile }))
        })
        .await
        .map_err(ApiError::from)
}

/// A connection request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Connect {
    /// The member to connect with.
    #[serde(deserialize_with = "crate::extract::whole")]
    #[schema(minimum = 1)]
    to: i64,
}

/// Outcome of a connection request.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct Connected {
    /// True when the other member had already asked, so the two are now connected.
    pub connected: bool,
}

/// Ask a member to connect (or accept their pending request).
#[utoipa::path(post, path = "/api/v1/connections", tag = "network", security(("bearer" = [])), request_body = Connect,
    responses((status = 201, body = Connected), (status = 404, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
pub(crate) async fn connect(
    State(state): State<AppState>,
    Auth(me): Auth,
    Json(req): Json<Connect>,
) -> Result<(StatusCode, axum::Json<Connected>), ApiError> {
    let connected = state.run(move |s| ops::network::connect(s, me, req.to)).await?;
    Ok((StatusCode::CREATED, axum::Json(Connected { connected })))
}

/// Another member, briefly.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct MemberRef {
    /// Member id.
    pub id: i64,
    /// URL name.
    pub handle: String,
    /// Display name.
    pub name: String,
}

/// The caller's connections.
#[utoipa::path(get, path = "/api/v1/me/connections", tag = "network", security(("bearer" = [])), responses((status = 200, body = Vec<MemberRef>)))]
pub(crate) async fn connections(
    State(state): State<AppState>,
    Auth(me): Auth,
) -> Result<axum::Json<Vec<MemberRef>>, ApiError> {
    state
        .run(move |s| {
            let mut out = Vec::new();
            for id in s.store.connections_of(me)? {
                if let Some(m) = s.store.member(id)?.filter(|m| m.closed_at.is_none()) {
                    out.push(MemberRef { id: m.id, handle: m.handle, name: m.name });
                }
            }
            Ok(axum::Json(out))
        })
        .await
        .map_err(ApiError::from)
}

/// A pending request to the caller.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct RequestDto {
    /// Who asked.
    pub from: i64,
    /// When.
    pub created_at: String,
}

/// Connection requests waiting for the caller (accept one with POST /api/v1/connections).
#[utoipa::path(get, path = "/api/v1/me/connection-requests", tag = "network", security(("bearer" = [])), responses((status = 200, body = Vec<RequestDto>)))]
pub(crate) async fn requests(
    State(state): State<AppState>,
    Auth(me): Auth,
) -> Result<axum::Json<Vec<RequestDto>>, ApiError> {
    state
        .run(move |s| {
            let reqs = s.store.incoming_requests(me)?;
            Ok(axum::Json(
                reqs.into_iter().map(|r| RequestDto { from: r.from, created_at: time(r.created_at) }).collect(),
            ))
        })
        .await
        .map_err(ApiError::from)
}

/// Job search parameters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct JobQuery {
    /// Text to look for in the title, skills or company.
    q: Option<String>,
    /// How many (1–100, default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<usize>,
}

/// A job posting.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct JobDto {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Company name.
    pub company: String,
    /// Industry.
    pub industry: String,
    /// Description.
    pub description: String,
    /// Required skills.
    pub skills: Vec<String>,
    /// Country.
    pub region: String,
    /// When it was posted.
    pub posted_at: String,
}

/// List job postings, newest first.
#[utoipa::path(get, path = "/api/v1/jobs", tag = "network", params(JobQuery),
    responses((status = 200, body = Vec<JobDto>), (status = 400, body = crate::error::ErrorBody, description = "a query parameter is malformed or out of range")))]
pub(crate) async fn jobs(
    State(state): State<AppState>,
    Query(q): Query<JobQuery>,
) -> Result<axum::Json<Vec<JobDto>>, ApiError> {
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::bad_request("invalid_query", "limit must be between 1 and 100"));
    }
    state
        .run(move |s| {
            let jobs = s.store.jobs(q.q.as_deref().filter(|q| !q.trim().is_empty()), limit)?;
            Ok(axum::Json(
                jobs.into_iter()
                    .map(|j| JobDto {
                        id: j.id,
                        title: j.title,
                        company: j.company.name,
                        industry: j.company.industry,
                        description: j.description,
                        skills: j.skills,
                        region: j.region,
                        posted_at: time(j.posted_at),
                    })
                    .collect(),
            ))
        })
        .await
        .map_err(ApiError::from)
}
