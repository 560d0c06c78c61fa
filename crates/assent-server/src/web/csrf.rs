//! CSRF protection: every form carries a token bound to the browser's session cookie (or, before
//! log-in, to a random pre-session cookie), and [`guard`] rejects any POST whose token does not
//! match with a 403 page before the handler runs.
//!
//! The token is HMAC-SHA256(server key, binding), so the server stores nothing per form; another
//! site can neither read the cookie nor compute the token.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::session::{cookie, PRE_COOKIE, SESSION_COOKIE};
use super::WebError;
use crate::i18n::{self, t};
use crate::AppState;

/// The form field that carries the token.
pub(crate) const FIELD: &str = "csrf";

/// The largest form accepted (an article of 100 000 characters, URL-encoded, fits).
const FORM_LIMIT: usize = 1 << 20;

/// What a token is bound to: the session cookie, else the pre-session cookie.
pub(crate) fn binding(headers: &HeaderMap) -> Option<String> {
    match (cookie(headers, SESSION_COOKIE), cookie(headers, PRE_COOKIE)) {
        (Some(s), _) => Some(format!("session:{s}")),
        (None, Some(p)) => Some(format!("pre:{p}")),
        (None, None) => None,
    }
}

fn mac(key: &[u8; 32], binding: &str) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(binding.as_bytes());
    mac
}

/// The token for a binding, hex.
pub(crate) fn token(state: &AppState, binding: &str) -> String {
    mac(&state.web.csrf_key, binding).finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

fn verify(state: &AppState, binding: &str, given: &str) -> bool {
    let Some(bytes) = unhex(given) else { return false };
    // Constant-time comparison.
    mac(&state.web.csrf_key, binding).verify_slice(&bytes).is_ok()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

fn rejected() -> Response {
    let lang = i18n::current();
    WebError::new(lang, StatusCode::FORBIDDEN, t!(lang, "error-form-expired"), t!(lang, "error-form-expired-text"))
        .into_response()
}

/// Middleware: a POST passes only with a `csrf` form field that matches its cookie.
pub(crate) async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Some(binding) = binding(&parts.headers) else { return rejected() };
    let bytes = match axum::body::to_bytes(body, FORM_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            let lang = i18n::current();
            return WebError::new(
                lang,
                StatusCode::PAYLOAD_TOO_LARGE,
                t!(lang, "error-too-long"),
                t!(lang, "error-form-too-long"),
            )
            .into_response();
        }
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let given = fields.iter().find(|(k, _)| k == FIELD).map(|(_, v)| v.as_str()).unwrap_or_default();
    if !verify(&state, &binding, given) {
        tracing::info!(path = %parts.uri.path(), "form post without a valid CSRF token rejected");
        return rejected();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}
