//! Who is looking: the session cookie, the signed-in [`Viewer`] (with the policy notice to show
//! and the Global Privacy Control signal honoured on page views), and anonymous [`Visitor`]s.

use assent_ledger::{Change, Method};
use assent_policy::{Purpose, Timestamp};
use assent_store::Member;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};

use super::{csrf, WebError};
use crate::AppState;

/// The session cookie: the same kind of token the API hands out, kept HttpOnly.
pub(crate) const SESSION_COOKIE: &str = "assent_session";
/// A random value given to visitors before they log in, so the log-in and sign-up forms carry a
/// CSRF token too.
pub(crate) const PRE_COOKIE: &str = "assent_pre";

/// The value of cookie `name`, if the request has it.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, the whole site; `Secure` when the request came
/// over https (as a TLS-terminating proxy reports it).
pub(crate) fn set_cookie(headers: &HeaderMap, name: &str, value: &str, max_age_secs: i64) -> HeaderValue {
    let https = headers.get("x-forwarded-proto").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_secs}{secure}"))
        .expect("cookie values are hex")
}

/// A policy banner to show.
#[derive(Debug, Clone)]
pub(crate) struct Notice {
    /// The version it announces.
    pub version: String,
    /// When that version takes (or took) effect.
    pub effective: Timestamp,
    /// Whether it is not in force yet.
    pub upcoming: bool,
}

/// A signed-in member looking at a page.
#[derive(Debug, Clone)]
pub(crate) struct Viewer {
    /// The member.
    pub member: Member,
    /// The CSRF token for this page's forms.
    pub csrf: String,
    /// The policy banner to show, if any (page views only).
    pub notice: Option<Notice>,
    /// Settings a Global Privacy Control signal turned off on this very request.
    pub gpc: Vec<Purpose>,
}

/// A signed-in member, or nobody.
pub(crate) struct MaybeViewer(pub Option<Viewer>);

/// Reads the session; on page views (GET) also decides the policy notice and honours GPC.
async fn viewer(parts: &Parts, state: &AppState) -> Result<Option<Viewer>, WebError> {
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE).map(str::to_string) else { return Ok(None) };
    let csrf = csrf::binding(&parts.headers).map(|b| csrf::token(state, &b)).unwrap_or_default();
    let page_view = parts.method == axum::http::Method::GET;
    let gpc_signal = parts.headers.get("sec-gpc").is_some_and(|v| v.as_bytes().trim_ascii() == b"1");
    state
        .run(move |s| {
            let now = Timestamp::now();
            let Some(id) = s.store.session_member(&token, now)? else { return Ok(None) };
            let Some(member) = s.store.member(id)? else { return Ok(None) };
            let mut v = Viewer { member, csrf, notice: None, gpc: Vec::new() };
            if page_view {
                v.notice = notice(s, &v.member, now)?;
                if gpc_signal {
                    v.gpc = honour_gpc(s, &v.member, now)?;
                }
            }
            Ok(Some(v))
        })
        .await
        .map_err(WebError::from)
}

/// The banner for `member`: the next policy version before it takes effect, else the version in
/// force if it took effect after the member joined (they have not seen it at sign-up); never one
/// they dismissed. Showing it is recorded in the store (the first time counts).
fn notice(s: &AppState, member: &Member, now: Timestamp) -> Result<Option<Notice>, crate::ApiError> {
    let candidate = {
        let policies = s.ledger.policies();
        let upcoming = policies.versions().iter().find(|p| p.effective() > now);
        match (upcoming, policies.in_force_at(now)) {
            (Some(p), _) => Some(Notice { version: p.version().to_string(), effective: p.effective(), upcoming: true }),
            (None, Some(p)) if p.effective() > member.joined_at => {
                Some(Notice { version: p.version().to_string(), effective: p.effective(), upcoming: false })
            }
            _ => None,
        }
    };
    let Some(n) = candidate else { return Ok(None) };
    let record = s.store.notice_shown(member.id, &n.version, now)?;
    Ok(record.dismissed_at.is_none().then_some(n))
}

/// A browser that sends `Sec-GPC: 1` asks not to have its user's data shared or sold. Where the
/// policy in force counts that as an opt-out, the first page view with it turns OFF every AI-data
/// setting that is ON (recorded with method `gpc`). Once recorded, a member's later choice wins:
/// the signal is not applied again.
fn honour_gpc(s: &AppState, member: &Member, now: Timestamp) -> Result<Vec<Purpose>, crate::ApiError> {
    let counts = s.ledger.policies().in_force_at(now).is_some_and(|p| p.gpc_is_opt_out());
    if !counts {
        return Ok(Vec::new());
    }
    let genai = s.ledger.setting_as_of(member.id, member.region, Purpose::TrainGenai, now)?;
    if !genai.value || s.ledger.history(member.id)?.iter().any(|e| e.method == Method::Gpc) {
        return Ok(Vec::new());
    }
    let mut off = Vec::new();
    for p in Purpose::ALL {
        if s.ledger.setting_as_of(member.id, member.region, p, now)?.value {
            off.push(p);
        }
    }
    let changes: Vec<Change> = off.iter().map(|&p| Change::now(member.id, p, false, Method::Gpc)).collect();
    crate::api::settings::record(s, member.id, &changes)?;
    tracing::info!(member = member.id, "Global Privacy Control signal honoured as an opt-out");
    Ok(off)
}

/// Only local paths, so `?next=` cannot send anyone elsewhere.
pub(crate) fn safe_next(next: Option<&str>) -> &str {
    match next {
        // Browsers drop tabs and newlines from URLs and read a backslash as `/`, so
        // `/<tab>/evil.example` would become `//evil.example`.
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace()) =>
        {
            n
        }
        _ => "/feed",
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match viewer(parts, state).await {
            Ok(Some(v)) => Ok(v),
            Ok(None) => {
                let here = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/feed");
                let next = if parts.method == axum::http::Method::GET { here } else { "/feed" };
                let target = format!("/login?next={}", encode(next));
                Err(Redirect::to(&target).into_response())
            }
            Err(e) => Err(e.into_response()),
        }
    }
}

impl FromRequestParts<AppState> for MaybeViewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        viewer(parts, state).await.map(MaybeViewer).map_err(IntoResponse::into_response)
    }
}

/// A visitor who is not signed in: the CSRF token for the log-in and sign-up forms, and the
/// pre-session cookie to set when they have none yet.
pub(crate) struct Visitor {
    /// The CSRF token.
    pub csrf: String,
    /// `Set-Cookie` for a new pre-session cookie.
    pub set_cookie: Option<HeaderValue>,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(match csrf::binding(&parts.headers) {
            Some(b) => Visitor { csrf: csrf::token(state, &b), set_cookie: None },
            None => {
                let pre = assent_store::auth::new_token();
                Visitor {
                    csrf: csrf::token(state, &format!("pre:{pre}")),
                    set_cookie: Some(set_cookie(&parts.headers, PRE_COOKIE, &pre, 24 * 3600)),
                }
            }
        })
    }
}

/// Percent-encodes a query value.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
