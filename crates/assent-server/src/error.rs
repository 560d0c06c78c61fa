//! The API's one error type: a status, a stable code and a message that says what was wrong.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::ops;

/// An error answer: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    /// Seconds for a `Retry-After` header (429).
    retry_after: Option<u64>,
}

/// The JSON body of every error.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

/// What went wrong.
#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable code (e.g. `invalid_field`, `unauthorized`, `not_found`).
    code: String,
    /// Human-readable explanation naming the offending field or value.
    message: String,
}

impl ApiError {
    /// A new error.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), retry_after: None }
    }
    /// 400: the request is malformed.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }
    /// 401: no valid bearer token.
    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid `Authorization: Bearer <token>` header is required (POST /api/v1/sessions gives one)",
        )
    }
    /// 404: nothing the caller may see.
    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("{what} not found"))
    }
    /// 500: a bug or an infrastructure failure; the detail is logged, not returned.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        tracing::error!("internal error: {detail}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server failed; the request was not carried out",
        )
    }
    /// The same error, telling the client to wait `wait` (whole seconds, at least one) first.
    pub fn retry_after(self, wait: std::time::Duration) -> ApiError {
        ApiError { retry_after: Some(wait.as_secs().max(1)), ..self }
    }
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code
    }
    /// The human-readable message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code.to_string(), message: self.message } };
        let mut resp = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        resp
    }
}

impl From<ops::Error> for ApiError {
    fn from(e: ops::Error) -> ApiError {
        use ops::Error as E;
        let message = e.to_string();
        match e {
            E::Invalid { .. } => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", message),
            E::Incomplete(_) => ApiError::bad_request("invalid_body", message),
            E::NotFound(what) => ApiError::not_found(what),
            E::Conflict { .. } => ApiError::new(StatusCode::CONFLICT, "conflict", message),
            E::Forbidden(_) => ApiError::new(StatusCode::FORBIDDEN, "forbidden", message),
            E::BadCredentials => ApiError::new(StatusCode::UNAUTHORIZED, "bad_credentials", message),
            E::Throttled(wait) => {
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", message).retry_after(wait)
            }
            E::TooFrequent(wait) => {
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_changes", message).retry_after(wait)
            }
            E::TooManySignUps(wait) => {
                ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_sign_ups", message).retry_after(wait)
            }
            E::NoModel(_) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "no_model", message),
            E::Busy(wait) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message).retry_after(wait),
            E::Internal(detail) => ApiError::internal(detail),
        }
    }
}

impl From<assent_store::Error> for ApiError {
    fn from(e: assent_store::Error) -> ApiError {
        ops::Error::from(e).into()
    }
}

impl From<assent_ledger::Error> for ApiError {
    fn from(e: assent_ledger::Error) -> ApiError {
        ops::Error::from(e).into()
    }
}
