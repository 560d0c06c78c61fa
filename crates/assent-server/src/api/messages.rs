//! Private messages: any member may message any other; only the two ends may read.

use assent_store::Message;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{time, Created};
use crate::extract::{Auth, Json, Path};
use crate::{ops, ApiError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new().route("/api/v1/messages", post(send).get(list)).route("/api/v1/messages/{id}", get(read))
}

/// A new message.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    /// Recipient's member id.
    #[serde(deserialize_with = "crate::extract::whole")]
    #[schema(minimum = 1)]
    to: i64,
    /// Text (≤ 8 000 characters).
    text: String,
}

/// A message.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct MessageDto {
    /// Id.
    pub id: i64,
    /// Sender.
    pub from: i64,
    /// Recipient.
    pub to: i64,
    /// Text; null once the sender closed their account.
    pub text: Option<String>,
    /// When it was sent.
    pub sent_at: String,
}

impl From<Message> for MessageDto {
    fn from(m: Message) -> MessageDto {
        MessageDto { id: m.id, from: m.from, to: m.to, text: m.text, sent_at: time(m.sent_at) }
    }
}

/// Send a private message. Private messages are never used to train AI.
#[utoipa::path(post, path = "/api/v1/messages", tag = "messages", security(("bearer" = [])), request_body = NewMessage,
    responses((status = 201, body = Created), (status = 404, body = crate::error::ErrorBody, description = "no such recipient")))]
pub(crate) async fn send(
    State(state): State<AppState>,
    Auth(me): Auth,
    Json(req): Json<NewMessage>,
) -> Result<(StatusCode, axum::Json<Created>), ApiError> {
    let id = state.run(move |s| ops::messages::send(s, me, req.to, &req.text)).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })))
}

/// The caller's messages, sent and received, newest first.
#[utoipa::path(get, path = "/api/v1/messages", tag = "messages", security(("bearer" = [])), responses((status = 200, body = Vec<MessageDto>)))]
pub(crate) async fn list(
    State(state): State<AppState>,
    Auth(me): Auth,
) -> Result<axum::Json<Vec<MessageDto>>, ApiError> {
    state
        .run(move |s| Ok(axum::Json(s.store.messages_of(me, 100)?.into_iter().map(Into::into).collect())))
        .await
        .map_err(ApiError::from)
}

/// One message, if the caller sent or received it.
#[utoipa::path(get, path = "/api/v1/messages/{id}", tag = "messages", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = MessageDto), (status = 404, body = crate::error::ErrorBody)))]
pub(crate) async fn read(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(id): Path<i64>,
) -> Result<axum::Json<MessageDto>, ApiError> {
    state.run(move |s| Ok(axum::Json(s.store.message(me, id)?.into()))).await.map_err(ApiError::from)
}
