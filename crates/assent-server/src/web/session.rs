//! Who is looking: the session cookie, the signed-in [`Viewer`] (with the policy notice to show
//! and the Global Privacy Control signal honoured on page views), and anonymous [`Visitor`]s.

use assent_policy::{Purpose, Timestamp};
use assent_store::Member;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};

use super::{csrf, WebError};
use crate::i18n::{self, Lang};
use crate::{ops, AppState};

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

pub(crate) use crate::ops::settings::Notice;

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
    /// The language of the member's pages: their own choice, else what the request asks for.
    pub lang: Lang,
}

/// A signed-in member, or nobody.
pub(crate) struct MaybeViewer(pub Option<Viewer>);

/// Reads the session; on page views (GET) also decides the policy notice and honours GPC.
async fn viewer(parts: &Parts, state: &AppState) -> Result<Option<Viewer>, WebError> {
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE).map(str::to_string) else { return Ok(None) };
    let csrf = csrf::binding(&parts.headers).map(|b| csrf::token(state, &b)).unwrap_or_default();
    let page_view = parts.method == axum::http::Method::GET;
    let gpc_signal = parts.headers.get("sec-gpc").is_some_and(|v| v.as_bytes().trim_ascii() == b"1");
    // What the request asks for, as the `negotiate` middleware decided it.
    let requested = i18n::current();
    state
        .run(move |s| {
            let now = Timestamp::now();
            let Some(id) = s.store.session_member(&token, now)? else { return Ok(None) };
            let Some(member) = s.store.member(id)? else { return Ok(None) };
            let lang = member.language.as_deref().and_then(Lang::parse).unwrap_or(requested);
            let mut v = Viewer { member, csrf, notice: None, gpc: Vec::new(), lang };
            if page_view {
                v.notice = ops::settings::notice(s, &v.member)?;
                if gpc_signal {
                    v.gpc = ops::settings::honour_gpc(s, &v.member)?;
                }
            }
            Ok(Some(v))
        })
        .await
        .map_err(WebError::from)
}

/// The path of the page a request came from, when it came from this site's pages.
pub(crate) fn referer_path(headers: &HeaderMap) -> Option<String> {
    let back = headers
        .get(header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()));
    back.filter(|b| safe_next(Some(b)) == b)
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
            Ok(Some(v)) => {
                i18n::settle(v.lang);
                Ok(v)
            }
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
        let v = viewer(parts, state).await.map_err(IntoResponse::into_response)?;
        if let Some(v) = &v {
            i18n::settle(v.lang);
        }
        Ok(MaybeViewer(v))
    }
}

/// A visitor who is not signed in: the CSRF token for the log-in and sign-up forms, and the
/// pre-session cookie to set when they have none yet.
pub(crate) struct Visitor {
    /// The CSRF token.
    pub csrf: String,
    /// `Set-Cookie` for a new pre-session cookie.
    pub set_cookie: Option<HeaderValue>,
    /// The language the request asks for.
    pub lang: Lang,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = i18n::current();
        Ok(match csrf::binding(&parts.headers) {
            Some(b) => Visitor { csrf: csrf::token(state, &b), set_cookie: None, lang },
            None => {
                let pre = assent_store::auth::new_token();
                Visitor {
                    csrf: csrf::token(state, &format!("pre:{pre}")),
                    set_cookie: Some(set_cookie(&parts.headers, PRE_COOKIE, &pre, 24 * 3600)),
                    lang,
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
