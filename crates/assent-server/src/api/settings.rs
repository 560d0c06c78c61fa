//! The member's AI-data settings: *Data for Generative AI Improvement* (`train_genai`) and
//! *Data for AI-powered recommendations* (`train_ai`), and their history.

use assent_ledger::{Method, SettingSource};
use assent_policy::{Purpose, Timestamp};
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::time;
use crate::extract::{Auth, Json, Query};
use crate::ops::{self, settings, settings::Settings};
use crate::{ApiError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me/settings/ai-data", get(read).put(change))
        .route("/api/v1/me/settings/ai-data/history", get(history))
}

/// Both settings.
#[derive(Serialize, Deserialize, ToSchema, Debug, PartialEq, Eq)]
pub struct AiData {
    /// *Data for Generative AI Improvement*.
    pub train_genai: bool,
    /// *Data for AI-powered recommendations*.
    pub train_ai: bool,
}

/// A change: either field or both.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AiDataChange {
    train_genai: Option<bool>,
    train_ai: Option<bool>,
}

impl From<Settings> for AiData {
    fn from(s: Settings) -> AiData {
        AiData { train_genai: s.train_genai.value, train_ai: s.train_ai.value }
    }
}

/// Read both settings.
#[utoipa::path(get, path = "/api/v1/me/settings/ai-data", tag = "settings", security(("bearer" = [])), responses((status = 200, body = AiData)))]
pub(crate) async fn read(State(state): State<AppState>, Auth(me): Auth) -> Result<axum::Json<AiData>, ApiError> {
    state.run(move |s| Ok(axum::Json(settings::current(s, me)?.into()))).await.map_err(ApiError::from)
}

/// Change either setting or both. The change is in the consent ledger, fsync'd, before the
/// answer leaves the server; the answer is the new state.
#[utoipa::path(put, path = "/api/v1/me/settings/ai-data", tag = "settings", security(("bearer" = [])), request_body = AiDataChange,
    responses((status = 200, body = AiData), (status = 400, body = crate::error::ErrorBody)))]
pub(crate) async fn change(
    State(state): State<AppState>,
    Auth(me): Auth,
    Json(req): Json<AiDataChange>,
) -> Result<axum::Json<AiData>, ApiError> {
    let values: Vec<(Purpose, bool)> = [(Purpose::TrainGenai, req.train_genai), (Purpose::TrainAi, req.train_ai)]
        .into_iter()
        .filter_map(|(p, v)| v.map(|v| (p, v)))
        .collect();
    state
        .run(move |s| Ok(axum::Json(settings::change(s, me, &values, Method::Api)?.into())))
        .await
        .map_err(ApiError::from)
}

/// One recorded change.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct HistoryEntry {
    /// Position in the ledger.
    pub seq: i64,
    /// `train-genai` or `train-ai`.
    pub purpose: String,
    /// The value set.
    pub value: bool,
    /// When.
    pub recorded_at: String,
    /// `web`, `api`, `import`, `gpc` or `default`.
    pub method: String,
    /// The policy version in force (or announced) at the time.
    pub policy_version: String,
}

/// One page of the member's settings history, oldest first, and where the current values come
/// from.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct History {
    /// Recorded changes, oldest first (at most `limit`).
    pub changes: Vec<HistoryEntry>,
    /// When more changes follow: the value to pass as `after` for the next page.
    pub next_after: Option<i64>,
    /// The current settings.
    pub current: AiData,
    /// For each purpose without a recorded choice, the policy version whose region default applies.
    pub defaults_from_policy: Vec<String>,
}

/// Which page of the history.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// Changes after this position (`next_after` of the previous page); default: from the start.
    #[param(minimum = 0)]
    after: Option<i64>,
    /// How many (1–1000, default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<usize>,
}

/// The changes the member made to their AI-data settings, a page at a time.
#[utoipa::path(get, path = "/api/v1/me/settings/ai-data/history", tag = "settings", security(("bearer" = [])), params(HistoryQuery),
    responses((status = 200, body = History), (status = 400, body = crate::error::ErrorBody)))]
pub(crate) async fn history(
    State(state): State<AppState>,
    Auth(me): Auth,
    Query(q): Query<HistoryQuery>,
) -> Result<axum::Json<History>, ApiError> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) || q.after.is_some_and(|a| a < 0) {
        return Err(ApiError::bad_request("invalid_query", "limit must be between 1 and 1000, and after 0 or more"));
    }
    state
        .run(move |s| {
            let mut page = s.ledger.history_after(me, q.after.unwrap_or(0), limit + 1)?;
            let next_after = (page.len() > limit).then(|| page[limit - 1].seq);
            page.truncate(limit);
            let changes = page
                .into_iter()
                .map(|e| HistoryEntry {
                    seq: e.seq,
                    purpose: e.purpose.to_string(),
                    value: e.value,
                    recorded_at: time(e.recorded_at),
                    method: e.method.to_string(),
                    policy_version: e.policy_version,
                })
                .collect();
            let m = s.store.member(me)?.ok_or(ops::Error::NotFound("member"))?;
            let current = settings::settings_of(s, &m, Timestamp::now())?;
            let mut defaults = Vec::new();
            for p in Purpose::ALL {
                if let SettingSource::RegionDefault { policy_version, basis } = &current.get(p).source {
                    defaults.push(format!(
                        "{p}: default of {} under policy {policy_version} ({})",
                        m.region,
                        basis.as_str()
                    ));
                }
            }
            Ok(axum::Json(History { changes, next_after, current: current.into(), defaults_from_policy: defaults }))
        })
        .await
        .map_err(ApiError::from)
}
