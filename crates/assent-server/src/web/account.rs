//! The front door: the landing page, sign-up, log-in (throttled) and log-out.

use assent_policy::{Purpose, Timestamp};
use assent_store::NewMember;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;

use super::layout::{self, csrf, date, flash, page, setting_name, Flash, Nav};
use super::session::{cookie, safe_next, set_cookie, MaybeViewer, Visitor, SESSION_COOKIE};
use super::WebError;
use crate::extract::ClientIp;
use crate::{ops, AppState};

/// Session cookie lifetime in seconds: the store's session lifetime (30 days).
const SESSION_MAX_AGE: i64 = 30 * 24 * 3600;

fn with_cookie(mut resp: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(c) = cookie {
        resp.headers_mut().append(header::SET_COOKIE, c);
    }
    resp
}

/// `/`: the feed for members, the landing page for everyone else.
pub(crate) async fn home(MaybeViewer(viewer): MaybeViewer, visitor: Visitor) -> Response {
    if viewer.is_some() {
        return Redirect::to("/feed").into_response();
    }
    let body = html! {
        section.card.hero {
            h1 { "Welcome to your professional community — where AI learns only from what you allow." }
            p {
                "Assent helps you write your headline, your About section, posts and messages, and suggests people "
                "and jobs. Public profile data and what you share publicly may train that AI; your private messages "
                "never do. Two settings decide, and you can change them at any time."
            }
            div.row {
                a.button href="/signup" { "Join now" }
                a.button.secondary href="/login" { "Log in" }
                a href="/policy" { "Read the AI-data policy" }
            }
        }
    };
    with_cookie(layout::html(StatusCode::OK, page("Welcome", None, Nav::None, false, body)), visitor.set_cookie)
}

/// The sign-up form's values (the password is never sent back).
#[derive(Deserialize, Default)]
pub(crate) struct SignUpForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    birth_date: String,
}

fn policy_line(state: &AppState) -> Markup {
    let policies = state.ledger.policies();
    let Some(p) = policies.in_force_at(Timestamp::now()).or_else(|| policies.versions().first()) else {
        return html! {};
    };
    html! {
        p.small.muted {
            "Under Assent's AI-data policy " a href={ "/policy/" (p.version()) } { (p.version()) }
            " (from " (date(p.effective())) "), " (setting_name(Purpose::TrainGenai)) " and "
            (setting_name(Purpose::TrainAi)) " are on by default in most countries; where the law asks for "
            "consent they start off. Private messages are never used. You can change both at any time in "
            "Settings › Data privacy."
        }
    }
}

fn signup_form(state: &AppState, csrf_token: &str, f: &SignUpForm, error: Option<String>) -> Markup {
    let body = html! {
        section.card style="max-width: 520px; margin: 0 auto;" {
            h1 { "Join Assent" }
            (flash(&error.map(Flash::Error)))
            form method="post" action="/signup" {
                (csrf(csrf_token))
                label for="name" { "Full name" }
                input #name type="text" name="name" value=(f.name) required maxlength="100" autocomplete="name";
                label for="email" { "E-mail" }
                input #email type="email" name="email" value=(f.email) required autocomplete="email";
                label for="password" { "Password (8 or more characters)" }
                input #password type="password" name="password" required minlength="8" maxlength="128" autocomplete="new-password";
                label for="region" { "Country (two-letter code, e.g. FR, US, DE)" }
                input #region type="text" name="region" value=(f.region) required maxlength="2" autocomplete="country";
                label for="birth_date" { "Date of birth (YYYY-MM-DD)" }
                input #birth_date type="text" name="birth_date" value=(f.birth_date) required placeholder="1990-04-01" inputmode="numeric";
                (policy_line(state))
                div.row { button #signup-submit type="submit" { "Agree & join" } }
            }
            p.small { "Already on Assent? " a href="/login" { "Log in" } }
        }
    };
    page("Join", None, Nav::None, false, body)
}

pub(crate) async fn signup_page(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    visitor: Visitor,
) -> Response {
    if viewer.is_some() {
        return Redirect::to("/feed").into_response();
    }
    let markup = signup_form(&state, &visitor.csrf, &SignUpForm::default(), None);
    with_cookie(layout::html(StatusCode::OK, markup), visitor.set_cookie)
}

pub(crate) async fn signup(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    visitor: Visitor,
    Form(f): Form<SignUpForm>,
) -> Result<Response, WebError> {
    let m = NewMember {
        name: f.name.clone(),
        email: f.email.clone(),
        password: f.password.clone(),
        region: f.region.trim().to_uppercase(),
        birth_date: f.birth_date.trim().to_string(),
    };
    let result = state
        .run(move |s| {
            ops::account::sign_up(s, &m, ip)?;
            ops::account::log_in(s, &m.email, &m.password, ip)
        })
        .await;
    match result {
        Ok(session) => {
            let mut resp = Redirect::to("/feed?welcome=1").into_response();
            resp.headers_mut()
                .append(header::SET_COOKIE, set_cookie(&headers, SESSION_COOKIE, &session.token, SESSION_MAX_AGE));
            Ok(resp)
        }
        Err(e) if e.is_user_error() => {
            let markup = signup_form(&state, &visitor.csrf, &f, Some(e.to_string()));
            Ok(layout::html(StatusCode::UNPROCESSABLE_ENTITY, markup))
        }
        Err(e) => Err(e.into()),
    }
}

/// `?next=` after log-in.
#[derive(Deserialize)]
pub(crate) struct Next {
    next: Option<String>,
}

/// The log-in form's values.
#[derive(Deserialize)]
pub(crate) struct LogInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

fn login_form(csrf_token: &str, email: &str, next: &str, message: Option<Flash>) -> Markup {
    let body = html! {
        section.card style="max-width: 460px; margin: 0 auto;" {
            h1 { "Log in" }
            p.muted { "Stay updated on your professional world." }
            (flash(&message))
            form method="post" action="/login" {
                (csrf(csrf_token))
                input type="hidden" name="next" value=(next);
                label for="email" { "E-mail" }
                input #email type="email" name="email" value=(email) required autocomplete="username";
                label for="password" { "Password" }
                input #password type="password" name="password" required autocomplete="current-password";
                div.row { button #login-submit type="submit" { "Log in" } }
            }
            p.small { "New to Assent? " a href="/signup" { "Join now" } }
        }
    };
    page("Log in", None, Nav::None, false, body)
}

pub(crate) async fn login_page(MaybeViewer(viewer): MaybeViewer, visitor: Visitor, Query(q): Query<Next>) -> Response {
    let next = safe_next(q.next.as_deref()).to_string();
    if viewer.is_some() {
        return Redirect::to(&next).into_response();
    }
    with_cookie(layout::html(StatusCode::OK, login_form(&visitor.csrf, "", &next, None)), visitor.set_cookie)
}

pub(crate) async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    visitor: Visitor,
    Form(f): Form<LogInForm>,
) -> Result<Response, WebError> {
    let next = safe_next(f.next.as_deref()).to_string();
    let (email, password) = (f.email.clone(), f.password.clone());
    match state.run(move |s| ops::account::log_in(s, &email, &password, ip)).await {
        Ok(session) => {
            let mut resp = Redirect::to(&next).into_response();
            resp.headers_mut()
                .append(header::SET_COOKIE, set_cookie(&headers, SESSION_COOKIE, &session.token, SESSION_MAX_AGE));
            Ok(resp)
        }
        Err(ops::Error::Throttled(wait)) => {
            let minutes = wait.as_secs().div_ceil(60);
            let msg = format!(
                "Too many failed attempts. For your security, log-in is paused for this account; try again in {minutes} minute{}.",
                if minutes == 1 { "" } else { "s" }
            );
            let mut resp = layout::html(
                StatusCode::TOO_MANY_REQUESTS,
                login_form(&visitor.csrf, &f.email, &next, Some(Flash::Error(msg))),
            );
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
            Ok(resp)
        }
        Err(ops::Error::BadCredentials) => {
            tracing::info!("failed web log-in");
            let msg =
                Flash::Error("That e-mail and password do not match an account. Check both and try again.".into());
            Ok(layout::html(StatusCode::UNAUTHORIZED, login_form(&visitor.csrf, &f.email, &next, Some(msg))))
        }
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, WebError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE).map(str::to_string) {
        state.run(move |s| ops::account::log_out(s, &token)).await?;
    }
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().append(header::SET_COOKIE, set_cookie(&headers, SESSION_COOKIE, "gone", 0));
    Ok(resp)
}
