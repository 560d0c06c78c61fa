//! The member web app: server-rendered pages for sign-up and log-in, the feed and post composer,
//! profiles, messages, My Network, Jobs, the settings path to the two AI-data settings,
//! "Your data and AI", policy pages and the writing assistant ("Draft with AI").
//!
//! Templates are `maud` macros compiled into the binary; they escape every interpolated value,
//! so member text is inert wherever it appears. Pages use no JavaScript: every action is a link
//! or a plain HTML form. Security lives in three places: [`session`] (the HttpOnly, SameSite=Lax
//! session cookie), [`csrf::guard`] (every POST to the web app carries a token bound to the
//! session, checked before any handler runs) and the log-in throttle of `crate::ops::throttle`.
//! Public pages with do-not-train signals are in `crate::pages`, built on `crate::ops::signals`.
//!
//! Handlers are adapters: they read a form into typed inputs (refusing a missing or unknown
//! choice rather than guessing one), call `crate::ops`, and draw the answer or an
//! [`ops::Error`](crate::ops::Error) as a page.

mod account;
pub(crate) mod csrf;
mod error;
mod feed;
pub(crate) mod layout;
mod messages;
mod network;
mod profile;
pub(crate) mod session;
mod settings;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{middleware, Router};

pub(crate) use error::WebError;

use crate::i18n::{self, t};
use crate::{ops, AppState};

/// What the web app keeps in memory.
pub(crate) struct WebState {
    /// Key of the CSRF tokens (HMAC-SHA256 of the session cookie), random per process.
    csrf_key: [u8; 32],
}

impl std::fmt::Debug for WebState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebState").finish_non_exhaustive()
    }
}

impl WebState {
    pub(crate) fn new() -> WebState {
        let mut csrf_key = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut csrf_key);
        WebState { csrf_key }
    }
}

/// The web app's routes. Every POST passes [`csrf::guard`] first.
pub(crate) fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(account::home))
        .route("/signup", get(account::signup_page).post(account::signup))
        .route("/login", get(account::login_page).post(account::login))
        .route("/logout", post(account::logout))
        .route("/feed", get(feed::feed).post(feed::compose))
        .route("/posts/{id}/delete", post(feed::delete))
        .route("/profile/edit", get(profile::edit_page).post(profile::edit))
        .route("/profile/experience", post(profile::add_experience))
        .route("/profile/experience/{id}/delete", post(profile::delete_experience))
        .route("/messages", get(messages::inbox).post(messages::send))
        .route("/messages/{handle}", get(messages::thread))
        .route("/network", get(network::network))
        .route("/network/connect", post(network::connect))
        .route("/jobs", get(network::jobs))
        .route("/language/{tag}", get(account::choose_language))
        .route("/settings", get(settings::index))
        .route("/settings/language", post(settings::change_language))
        .route("/settings/data-privacy", get(settings::data_privacy))
        .route("/settings/data-privacy/generative-ai", get(settings::genai_page).post(settings::genai_change))
        .route("/settings/data-privacy/recommendations", get(settings::recs_page).post(settings::recs_change))
        .route("/me/ai-data", get(settings::your_data))
        .route("/policy", get(settings::policy_in_force))
        .route("/policy/{version}", get(settings::policy_version))
        .route("/notices/dismiss", post(settings::dismiss_notice))
        .route("/assets/assent.css", get(layout::css))
        .layer(middleware::from_fn_with_state(state, csrf::guard))
}

pub(crate) use layout::security_headers;

/// The page for a method a path does not take.
pub(crate) fn method_not_allowed_page(method: &str, path: &str) -> Response {
    let lang = i18n::current();
    let message = t!(lang, "error-method-text", method = method, path = path);
    WebError::new(lang, StatusCode::METHOD_NOT_ALLOWED, t!(lang, "error-method"), message).into_response()
}

/// The page for an unknown path.
pub(crate) fn not_found_page() -> Response {
    let lang = i18n::current();
    WebError::new(lang, StatusCode::NOT_FOUND, t!(lang, "error-not-found-page"), t!(lang, "error-no-page"))
        .into_response()
}

/// "Draft with AI": a suggestion from the live writing model for the member to edit before
/// saving, with a note saying where it came from; without a model, the member's own draft back
/// and a polite note. Nothing is saved either way.
pub(crate) fn draft_with_ai(
    s: &AppState,
    v: &session::Viewer,
    task: assent_models::Task,
    draft: &str,
    seed: u64,
) -> ops::Result<(String, layout::Flash)> {
    let lang = v.lang;
    match ops::ai::draft(s, v.member.id, task, Some(draft), seed) {
        Ok(r) => Ok((r.text, layout::Flash::Info(t!(lang, "draft-suggestion", release = r.release)))),
        Err(ops::Error::NoModel(_)) => Ok((draft.to_string(), layout::Flash::Info(t!(lang, "draft-unavailable")))),
        Err(e) => Err(e),
    }
}

/// A visibility chosen in a form. A missing or unknown value is refused rather than read as
/// Public, the most training-eligible choice.
pub(crate) fn visibility(field: &'static str, value: &str) -> ops::Result<assent_policy::Visibility> {
    value.parse().map_err(|_| ops::Error::Invalid {
        field,
        problem: if value.is_empty() {
            ops::Problem::NoVisibility
        } else {
            ops::Problem::NotVisibility(value.to_string())
        },
    })
}
