//! The member web app: server-rendered pages for sign-up and log-in, the feed and post composer,
//! profiles, messages, My Network, Jobs, the settings path to the two AI-data settings,
//! "Your data and AI", policy pages and the writing assistant ("Draft with AI").
//!
//! Templates are `maud` macros compiled into the binary; they escape every interpolated value,
//! so member text is inert wherever it appears. Pages use no JavaScript: every action is a link
//! or a plain HTML form. Security lives in three places: [`session`] (the HttpOnly, SameSite=Lax
//! session cookie), [`csrf::guard`] (every POST to the web app carries a token bound to the
//! session, checked before any handler runs) and [`throttle`] (failed log-ins per e-mail and per
//! IP). Public pages with do-not-train signals are in `crate::pages`, built on [`signals`].

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
pub(crate) mod signals;
pub(crate) mod throttle;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{middleware, Router};

pub(crate) use error::WebError;

use crate::{ApiError, AppState};

/// What the web app keeps in memory.
pub(crate) struct WebState {
    /// Key of the CSRF tokens (HMAC-SHA256 of the session cookie), random per process.
    csrf_key: [u8; 32],
    /// Failed log-ins.
    pub(crate) throttle: throttle::Throttle,
    /// The reserved paths behind `/robots.txt` and `/.well-known/tdmrep.json`.
    pub(crate) signals: signals::Cache,
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
        WebState { csrf_key, throttle: throttle::Throttle::default(), signals: signals::Cache::default() }
    }

    /// A member's AI-data setting, minimum-age status or account changed: the site-wide signal
    /// files are rebuilt on their next request.
    pub(crate) fn signals_changed(&self) {
        self.signals.invalidate();
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
        .route("/settings", get(settings::index))
        .route("/settings/data-privacy", get(settings::data_privacy))
        .route("/settings/data-privacy/generative-ai", get(settings::genai_page).post(settings::genai_change))
        .route("/settings/data-privacy/recommendations", get(settings::recs_page).post(settings::recs_change))
        .route("/me/ai-data", get(settings::your_data))
        .route("/policy", get(settings::policy_in_force))
        .route("/policy/{version}", get(settings::policy_version))
        .route("/notices/dismiss", post(settings::dismiss_notice))
        .route("/assets/assent.css", get(layout::css))
        .layer(middleware::from_fn_with_state(state, csrf::guard))
        .layer(middleware::from_fn(layout::security_headers))
}

/// Unknown paths: the API's JSON error under `/api/`, a page elsewhere.
pub(crate) async fn fallback(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        ApiError::not_found("route").into_response()
    } else {
        WebError::new(StatusCode::NOT_FOUND, "Page not found", "There is no page at this address.").into_response()
    }
}

/// "Draft with AI": a suggestion from the live writing model for the member to edit before
/// saving, with a note saying where it came from; without a model, the member's own draft back
/// and a polite note. Nothing is saved either way.
pub(crate) fn draft_with_ai(
    s: &AppState,
    me: assent_store::MemberId,
    task: assent_models::Task,
    draft: &str,
    seed: u64,
) -> Result<(String, layout::Flash), ApiError> {
    let draft_opt = Some(draft).filter(|d| !d.trim().is_empty());
    match crate::api::ai::draft(s, me, task, draft_opt, seed) {
        Ok(r) => Ok((
            r.text,
            layout::Flash::Info(format!(
                "Here is a suggestion from Assent's writing assistant (release {}). Edit it as you like; \
                 nothing is saved until you do. Draft again for another one.",
                r.release
            )),
        )),
        Err(e) if e.code() == "no_model" => Ok((
            draft.to_string(),
            layout::Flash::Info(
                "Sorry, the writing assistant is not available yet: no writing model has been trained on this \
                 server. You can still write it yourself."
                    .to_string(),
            ),
        )),
        Err(e) => Err(e),
    }
}
