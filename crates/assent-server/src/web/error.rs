//! Errors of the web app, rendered as pages: a status, a title and a sentence that says what
//! happened and what to do. Internal details are logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::layout;
use crate::ops;

/// An error page.
#[derive(Debug)]
pub(crate) struct WebError {
    status: StatusCode,
    title: String,
    message: String,
}

impl WebError {
    pub(crate) fn new(status: StatusCode, title: impl Into<String>, message: impl Into<String>) -> WebError {
        WebError { status, title: title.into(), message: message.into() }
    }

    pub(crate) fn not_found(what: &str) -> WebError {
        WebError::new(
            StatusCode::NOT_FOUND,
            "Not found",
            format!("This {what} does not exist, or is not visible to you."),
        )
    }
}

impl From<ops::Error> for WebError {
    fn from(e: ops::Error) -> WebError {
        use ops::Error as E;
        let (status, title) = match &e {
            E::NotFound(_) => (StatusCode::NOT_FOUND, "Not found"),
            E::Forbidden(_) => (StatusCode::FORBIDDEN, "Not allowed"),
            E::Conflict(_) => (StatusCode::CONFLICT, "Already done"),
            E::BadCredentials => (StatusCode::UNAUTHORIZED, "Please check what you entered"),
            E::Throttled(_) | E::TooFrequent(_) | E::TooManySignUps(_) => {
                (StatusCode::TOO_MANY_REQUESTS, "Too many attempts")
            }
            E::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "Please check what you entered"),
            E::Incomplete(_) => (StatusCode::BAD_REQUEST, "Please check what you entered"),
            E::NoModel(_) => (StatusCode::SERVICE_UNAVAILABLE, "Not available yet"),
            E::Busy(_) => (StatusCode::SERVICE_UNAVAILABLE, "Busy"),
            E::Internal(detail) => {
                tracing::error!("internal error: {detail}");
                return WebError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong",
                    "The server failed; nothing was changed. Please try again.",
                );
            }
        };
        WebError::new(status, title, e.to_string())
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let body = layout::error_page(&self.title, &self.message);
        layout::html(self.status, body)
    }
}
