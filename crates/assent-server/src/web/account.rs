//! The front door: the landing page, sign-up, log-in (throttled) and log-out.

use assent_policy::{Purpose, Timestamp};
use assent_store::NewMember;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;

use super::error::describe;
use super::layout::{self, csrf, date, flash, page, setting_name, Flash, Nav};
use super::session::{cookie, safe_next, set_cookie, MaybeViewer, Visitor, SESSION_COOKIE};
use super::WebError;
use crate::extract::ClientIp;
use crate::i18n::{self, t, tm, Lang, LANG_COOKIE};
use crate::{ops, AppState};

/// Session cookie lifetime in seconds: the store's session lifetime (30 days).
const SESSION_MAX_AGE: i64 = 30 * 24 * 3600;
/// Language cookie lifetime in seconds (a year).
pub(crate) const LANG_MAX_AGE: i64 = 365 * 24 * 3600;

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
    let lang = visitor.lang;
    let body = html! {
        section.card.hero {
            h1 { (t!(lang, "home-heading")) }
            p { (t!(lang, "home-intro")) }
            div.row {
                a.button href="/signup" { (t!(lang, "nav-join")) }
                a.button.secondary href="/login" { (t!(lang, "nav-log-in")) }
                a href="/policy" { (t!(lang, "home-read-policy")) }
            }
        }
    };
    let markup = page(lang, &t!(lang, "home-title"), None, Nav::None, false, body);
    with_cookie(layout::html(StatusCode::OK, markup), visitor.set_cookie)
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
    #[serde(default)]
    language: String,
}

fn policy_line(state: &AppState, lang: Lang) -> Markup {
    let policies = state.ledger.policies();
    let Some(p) = policies.in_force_at(Timestamp::now()).or_else(|| policies.versions().first()) else {
        return html! {};
    };
    html! {
        p.small.muted {
            (tm!(lang, "signup-policy", date = date(lang, p.effective()), genai = setting_name(lang, Purpose::TrainGenai),
                recs = setting_name(lang, Purpose::TrainAi);
                policy = html! { a href={ "/policy/" (p.version()) } { (p.version()) } }))
        }
    }
}

fn signup_form(state: &AppState, lang: Lang, csrf_token: &str, f: &SignUpForm, error: Option<String>) -> Markup {
    let chosen = Lang::parse(&f.language).unwrap_or(lang);
    let body = html! {
        section.card style="max-width: 520px; margin: 0 auto;" {
            h1 { (t!(lang, "signup-heading")) }
            (flash(&error.map(Flash::Error)))
            form method="post" action="/signup" {
                (csrf(csrf_token))
                label for="name" { (t!(lang, "signup-name")) }
                input #name type="text" name="name" value=(f.name) required maxlength="100" autocomplete="name";
                label for="email" { (t!(lang, "signup-email")) }
                input #email type="email" name="email" value=(f.email) required autocomplete="email";
                label for="password" { (t!(lang, "signup-password")) }
                input #password type="password" name="password" required minlength="8" maxlength="128" autocomplete="new-password";
                label for="region" { (t!(lang, "signup-region")) }
                input #region type="text" name="region" value=(f.region) required maxlength="2" autocomplete="country";
                label for="birth_date" { (t!(lang, "signup-birth-date")) }
                input #birth_date type="text" name="birth_date" value=(f.birth_date) required placeholder="1990-04-01" inputmode="numeric" autocomplete="bday";
                label for="language" { (t!(lang, "signup-language")) }
                select #language name="language" {
                    @for l in Lang::ALL {
                        option value=(l.tag()) lang=(l.tag()) selected[l == chosen] { (l.autonym()) }
                    }
                }
                (policy_line(state, lang))
                div.row { button #signup-submit type="submit" { (t!(lang, "signup-submit")) } }
            }
            p.small { (t!(lang, "signup-have-account")) " " a href="/login" { (t!(lang, "nav-log-in")) } }
        }
    };
    page(lang, &t!(lang, "signup-title"), None, Nav::None, false, body)
}

pub(crate) async fn signup_page(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    visitor: Visitor,
) -> Response {
    if viewer.is_some() {
        return Redirect::to("/feed").into_response();
    }
    let markup = signup_form(&state, visitor.lang, &visitor.csrf, &SignUpForm::default(), None);
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
        // The language the pages were in unless another was picked.
        language: Some(Lang::parse(&f.language).unwrap_or(visitor.lang).tag().to_string()),
    };
    let lang = Lang::parse(&f.language).unwrap_or(visitor.lang);
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
            resp.headers_mut().append(header::SET_COOKIE, set_cookie(&headers, LANG_COOKIE, lang.tag(), LANG_MAX_AGE));
            Ok(resp)
        }
        Err(e) if e.is_user_error() => {
            let markup = signup_form(&state, visitor.lang, &visitor.csrf, &f, Some(describe(visitor.lang, &e)));
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

fn login_form(lang: Lang, csrf_token: &str, email: &str, next: &str, message: Option<Flash>) -> Markup {
    let body = html! {
        section.card style="max-width: 460px; margin: 0 auto;" {
            h1 { (t!(lang, "login-title")) }
            p.muted { (t!(lang, "login-tagline")) }
            (flash(&message))
            form method="post" action="/login" {
                (csrf(csrf_token))
                input type="hidden" name="next" value=(next);
                label for="email" { (t!(lang, "login-email")) }
                input #email type="email" name="email" value=(email) required autocomplete="username";
                label for="password" { (t!(lang, "login-password")) }
                input #password type="password" name="password" required autocomplete="current-password";
                div.row { button #login-submit type="submit" { (t!(lang, "login-submit")) } }
            }
            p.small { (t!(lang, "login-new")) " " a href="/signup" { (t!(lang, "nav-join")) } }
        }
    };
    page(lang, &t!(lang, "login-title"), None, Nav::None, false, body)
}

pub(crate) async fn login_page(MaybeViewer(viewer): MaybeViewer, visitor: Visitor, Query(q): Query<Next>) -> Response {
    let next = safe_next(q.next.as_deref()).to_string();
    if viewer.is_some() {
        return Redirect::to(&next).into_response();
    }
    with_cookie(
        layout::html(StatusCode::OK, login_form(visitor.lang, &visitor.csrf, "", &next, None)),
        visitor.set_cookie,
    )
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
    let lang = visitor.lang;
    let logged_in = state
        .run(move |s| {
            let session = ops::account::log_in(s, &email, &password, ip)?;
            let me = s.store.session_member(&session.token, Timestamp::now())?;
            let language = match me {
                Some(id) => s.store.member(id)?.and_then(|m| m.language),
                None => None,
            };
            Ok((session, language))
        })
        .await;
    match logged_in {
        Ok((session, language)) => {
            let mut resp = Redirect::to(&next).into_response();
            resp.headers_mut()
                .append(header::SET_COOKIE, set_cookie(&headers, SESSION_COOKIE, &session.token, SESSION_MAX_AGE));
            // The member's own language, for the pages drawn before their session is read.
            if let Some(l) = language.as_deref().and_then(Lang::parse) {
                resp.headers_mut().append(header::SET_COOKIE, set_cookie(&headers, LANG_COOKIE, l.tag(), LANG_MAX_AGE));
            }
            Ok(resp)
        }
        Err(e @ ops::Error::Throttled(wait)) => {
            let msg = Flash::Error(describe(lang, &e));
            let mut resp = layout::html(
                StatusCode::TOO_MANY_REQUESTS,
                login_form(lang, &visitor.csrf, &f.email, &next, Some(msg)),
            );
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
            Ok(resp)
        }
        Err(e @ ops::Error::BadCredentials) => {
            tracing::info!("failed web log-in");
            let msg = Flash::Error(describe(lang, &e));
            Ok(layout::html(StatusCode::UNAUTHORIZED, login_form(lang, &visitor.csrf, &f.email, &next, Some(msg))))
        }
        Err(e) => Err(WebError::from_ops(lang, e)),
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

/// `/language/{tag}`: a visitor picks the language of the pages (kept in a cookie); back to the
/// page they were on.
pub(crate) async fn choose_language(
    headers: HeaderMap,
    axum::extract::Path(tag): axum::extract::Path<String>,
) -> Result<Response, WebError> {
    let Some(lang) = Lang::parse(&tag).filter(|l| l.tag() == tag) else {
        return Err(WebError::not_found(i18n::current(), "page"));
    };
    let mut resp = Redirect::to(super::session::referer_path(&headers).as_deref().unwrap_or("/")).into_response();
    resp.headers_mut().append(header::SET_COOKIE, set_cookie(&headers, LANG_COOKIE, lang.tag(), LANG_MAX_AGE));
    Ok(resp)
}
