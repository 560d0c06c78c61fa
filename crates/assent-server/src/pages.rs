//! Public pages: `/in/{handle}` (a member's public profile) and the health check.

use std::fmt::Write as _;

use assent_policy::Visibility;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::extract::Path;
use crate::{ApiError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(|| async { "ok" })).route("/in/{handle}", get(public_profile))
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

async fn public_profile(State(state): State<AppState>, Path(handle): Path<String>) -> Result<Response, ApiError> {
    state
        .run(move |s| {
            let Some(m) = s.store.member_by_handle(&handle)? else {
                return Ok((StatusCode::NOT_FOUND, Html("<!doctype html><title>Not found</title><p>No such member.</p>".to_string())).into_response());
            };
            let profile = s.store.profile(m.id)?;
            let public = |i: &Option<assent_store::Item>| {
                i.as_ref().filter(|i| i.visibility == Visibility::Public).and_then(|i| i.text.clone())
            };
            let mut body = String::new();
            let _ = write!(body, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} | Assent</title></head><body><main>", escape(&m.name));
            let _ = write!(body, "<h1>{}</h1>", escape(&m.name));
            if let Some(h) = public(&profile.headline) {
                let _ = write!(body, "<p class=\"headline\">{}</p>", escape(&h));
            }
            if let Some(a) = public(&profile.about) {
                let _ = write!(body, "<section><h2>About</h2><p>{}</p></section>", escape(&a));
            }
            let exp: Vec<_> = profile.experience.iter().filter(|e| e.item.visibility == Visibility::Public).collect();
            if !exp.is_empty() {
                body.push_str("<section><h2>Experience</h2><ul>");
                for e in exp {
                    let _ = write!(body, "<li>{}</li>", escape(e.item.text.as_deref().unwrap_or_default()));
                }
                body.push_str("</ul></section>");
            }
            if let Some(sk) = public(&profile.skills) {
                let _ = write!(body, "<section><h2>Skills</h2><p>{}</p></section>", escape(&sk));
            }
            body.push_str("</main></body></html>");
            Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response())
        })
        .await
}
