//! Errors of the web app, rendered as pages: a status, a title and a sentence that says what
//! happened and what to do. Internal details are logged by [`ApiError::internal`], never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::layout;
use crate::ApiError;

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

impl From<ApiError> for WebError {
    fn from(e: ApiError) -> WebError {
        let title = match e.status() {
            StatusCode::NOT_FOUND => "Not found",
            StatusCode::FORBIDDEN => "Not allowed",
            StatusCode::CONFLICT => "Already done",
            s if s.is_client_error() => "Please check what you entered",
            _ => "Something went wrong",
        };
        WebError::new(e.status(), title, e.message().to_string())
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let body = layout::error_page(&self.title, &self.message);
        layout::html(self.status, body)
    }
}
