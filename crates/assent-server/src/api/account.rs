//! Accounts: sign-up, sessions, the member's own profile, closing the account.

use assent_policy::Visibility;
use assent_store::{NewExperience, NewMember, Profile};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get, patch, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{time, Created, Vis};
use crate::extract::{Auth, ClientIp, Json, Path};
use crate::ops::{self, account::FieldEdit};
use crate::{ApiError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/members", post(sign_up))
        .route("/api/v1/sessions", post(log_in).delete(log_out))
        .route("/api/v1/me", get(me).delete(close_account))
        .route("/api/v1/me/profile", patch(edit_profile))
        .route("/api/v1/me/experience", post(add_experience))
        .route("/api/v1/me/experience/{id}", delete(delete_experience))
}

/// Sign-up request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignUp {
    /// Display name (1–100 characters).
    name: String,
    /// E-mail address; used to log in.
    email: String,
    /// 8–128 characters.
    password: String,
    /// ISO 3166-1 alpha-2 country code, e.g. "FR".
    region: String,
    /// `YYYY-MM-DD`; members are at least 16.
    birth_date: String,
}

/// A new member.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct SignedUp {
    /// Member id.
    pub id: i64,
    /// URL name: `/in/{handle}`.
    pub handle: String,
}

/// Create an account.
#[utoipa::path(post, path = "/api/v1/members", tag = "account", request_body = SignUp,
    responses((status = 201, body = SignedUp), (status = 409, body = crate::error::ErrorBody, description = "e-mail taken"),
              (status = 422, body = crate::error::ErrorBody, description = "a field is invalid"),
              (status = 429, body = crate::error::ErrorBody, description = "too many sign-ups from this IP address: retry after `Retry-After` seconds"),
              (status = 503, body = crate::error::ErrorBody, description = "busy: retry after `Retry-After` seconds")))]
pub(crate) async fn sign_up(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<SignUp>,
) -> Result<(StatusCode, axum::Json<SignedUp>), ApiError> {
    let m = NewMember {
        name: req.name,
        email: req.email,
        password: req.password,
        region: req.region,
        birth_date: req.birth_date,
        language: None,
    };
    let member = state.run(move |s| ops::account::sign_up(s, &m, ip)).await?;
    Ok((StatusCode::CREATED, axum::Json(SignedUp { id: member.id, handle: member.handle })))
}

/// Log-in request.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogIn {
    email: String,
    password: String,
}

/// A session.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct Session {
    /// Bearer token for `Authorization: Bearer <token>`.
    pub token: String,
    /// When it stops working (RFC 3339).
    pub expires_at: String,
}

/// Log in: exchange e-mail and password for a bearer token.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "account", request_body = LogIn,
    responses((status = 200, body = Session), (status = 401, body = crate::error::ErrorBody),
              (status = 429, body = crate::error::ErrorBody, description = "too many failed log-ins for this e-mail or address within 15 minutes; retry after `Retry-After` seconds"),
              (status = 503, body = crate::error::ErrorBody, description = "busy: retry after `Retry-After` seconds")))]
pub(crate) async fn log_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<LogIn>,
) -> Result<axum::Json<Session>, ApiError> {
    // The same throttle as the web log-in: failures count across both.
    let session = state.run(move |s| ops::account::log_in(s, &req.email, &req.password, ip)).await?;
    Ok(axum::Json(Session { token: session.token, expires_at: time(session.expires_at) }))
}

/// Log out: the bearer token stops working.
#[utoipa::path(delete, path = "/api/v1/sessions", tag = "account", security(("bearer" = [])), responses((status = 204)))]
pub(crate) async fn log_out(
    State(state): State<AppState>,
    _auth: Auth,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let token = crate::extract::bearer_token(&headers)?.unwrap_or_default();
    state.run(move |s| ops::account::log_out(s, &token)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A profile field with its visibility.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct FieldDto {
    /// The text.
    pub text: String,
    /// Who may see it.
    pub visibility: Vis,
}

/// The skills field.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct SkillsDto {
    /// Skills (at most 50).
    pub skills: Vec<String>,
    /// Who may see them.
    pub visibility: Vis,
}

/// An experience entry.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ExperienceDto {
    /// Item id (DELETE /api/v1/me/experience/{id}).
    pub id: i64,
    /// Job title.
    pub title: String,
    /// Employer.
    pub company: String,
    /// Start date.
    pub start: String,
    /// End date; absent for a current position.
    pub end: Option<String>,
    /// The entry as readers see it.
    pub text: String,
    /// Who may see it.
    pub visibility: Vis,
}

/// Profile fields as the caller may see them.
#[derive(Serialize, Deserialize, ToSchema, Default)]
pub struct ProfileDto {
    /// Headline.
    pub headline: Option<FieldDto>,
    /// "About".
    pub about: Option<FieldDto>,
    /// Skills.
    pub skills: Option<SkillsDto>,
    /// Experience, newest first.
    pub experience: Vec<ExperienceDto>,
}

impl ProfileDto {
    /// The fields of `p` that pass `visible`.
    pub(crate) fn from_profile(p: Profile, visible: impl Fn(Visibility) -> bool) -> ProfileDto {
        let field = |i: Option<assent_store::Item>| {
            i.filter(|i| visible(i.visibility))
                .and_then(|i| Some(FieldDto { text: i.text?, visibility: i.visibility.into() }))
        };
        ProfileDto {
            headline: field(p.headline),
            about: field(p.about),
            skills: p.skills.filter(|i| visible(i.visibility)).and_then(|i| {
                Some(SkillsDto {
                    skills: i.text?.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
                    visibility: i.visibility.into(),
                })
            }),
            experience: p
                .experience
                .into_iter()
                .filter(|e| visible(e.item.visibility))
                .filter_map(|e| {
                    Some(ExperienceDto {
                        id: e.item.id,
                        title: e.title,
                        company: e.company,
                        start: e.start.to_string(),
                        end: e.end.map(|d| d.to_string()),
                        text: e.item.text?,
                        visibility: e.item.visibility.into(),
                    })
                })
                .collect(),
        }
    }
}

/// The caller's own account.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct Me {
    /// Member id.
    pub id: i64,
    /// URL name.
    pub handle: String,
    /// Display name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// Country.
    pub region: String,
    /// Date of birth.
    pub birth_date: String,
    /// When the account was opened.
    pub joined_at: String,
    /// Every profile field, whatever its visibility.
    pub profile: ProfileDto,
}

/// The caller's account and full profile.
#[utoipa::path(get, path = "/api/v1/me", tag = "account", security(("bearer" = [])), responses((status = 200, body = Me)))]
pub(crate) async fn me(State(state): State<AppState>, Auth(id): Auth) -> Result<axum::Json<Me>, ApiError> {
    state
        .run(move |s| {
            let m = s.store.member(id)?.ok_or(ops::Error::NotFound("member"))?;
            let profile = ProfileDto::from_profile(s.store.profile(id)?, |_| true);
            Ok(axum::Json(Me {
                id: m.id,
                handle: m.handle,
                name: m.name,
                email: m.email,
                region: m.region.to_string(),
                birth_date: m.birth_date.to_string(),
                joined_at: time(m.joined_at),
                profile,
            }))
        })
        .await
        .map_err(ApiError::from)
}

/// Profile edit: every field is optional; those given are replaced together or not at all.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileEdit {
    headline: Option<FieldDto>,
    about: Option<FieldDto>,
    skills: Option<SkillsDto>,
}

/// Edit headline, "About" and skills, each with its visibility.
#[utoipa::path(patch, path = "/api/v1/me/profile", tag = "account", security(("bearer" = [])), request_body = ProfileEdit,
    responses((status = 200, body = ProfileDto), (status = 422, body = crate::error::ErrorBody)))]
pub(crate) async fn edit_profile(
    State(state): State<AppState>,
    Auth(id): Auth,
    Json(req): Json<ProfileEdit>,
) -> Result<axum::Json<ProfileDto>, ApiError> {
    let set = |f: FieldDto| FieldEdit::Set { value: f.text, visibility: f.visibility.into() };
    let edit = ops::account::ProfileEdit {
        headline: req.headline.map(set),
        about: req.about.map(set),
        skills: req.skills.map(|f| FieldEdit::Set { value: f.skills, visibility: f.visibility.into() }),
    };
    state
        .run(move |s| {
            ops::account::edit_profile(s, id, &edit)?;
            Ok(axum::Json(ProfileDto::from_profile(s.store.profile(id)?, |_| true)))
        })
        .await
        .map_err(ApiError::from)
}

/// A new experience entry.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewExperienceDto {
    title: String,
    company: String,
    /// `YYYY-MM-DD`.
    start: String,
    /// `YYYY-MM-DD`; omit for a current position.
    end: Option<String>,
    description: String,
    visibility: Vis,
}

/// Add an experience entry.
#[utoipa::path(post, path = "/api/v1/me/experience", tag = "account", security(("bearer" = [])), request_body = NewExperienceDto,
    responses((status = 201, body = Created), (status = 422, body = crate::error::ErrorBody)))]
pub(crate) async fn add_experience(
    State(state): State<AppState>,
    Auth(id): Auth,
    Json(req): Json<NewExperienceDto>,
) -> Result<(StatusCode, axum::Json<Created>), ApiError> {
    let e = NewExperience {
        title: req.title,
        company: req.company,
        start: req.start,
        end: req.end,
        description: req.description,
        visibility: req.visibility.into(),
    };
    let item = state.run(move |s| ops::account::add_experience(s, id, &e)).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id: item })))
}

/// Delete an experience entry (its text is erased).
#[utoipa::path(delete, path = "/api/v1/me/experience/{id}", tag = "account", security(("bearer" = [])),
    params(("id" = i64, Path)), responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub(crate) async fn delete_experience(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(item): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state.run(move |s| ops::account::delete_experience(s, me, item)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Close the account: every text the member wrote is erased for good.
#[utoipa::path(delete, path = "/api/v1/me", tag = "account", security(("bearer" = [])), responses((status = 204)))]
pub(crate) async fn close_account(State(state): State<AppState>, Auth(id): Auth) -> Result<StatusCode, ApiError> {
    state.run(move |s| ops::account::close_account(s, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
