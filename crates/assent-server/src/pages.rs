//! Public pages, readable without an account: `/in/{handle}` (a member's public profile),
//! `/in/{handle}/posts/{id}` (a public post), `/robots.txt`, `/.well-known/tdmrep.json` and the
//! health check. They show only what is public, and the pages of members whose data may not
//! train AI carry the do-not-train signals of [`crate::ops::signals`].

use assent_policy::{Kind, Visibility};
use assent_store::{Item, Member};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};

use crate::i18n::{self, t, Lang};
use crate::ops::signals;
use crate::web::layout::{self, csrf, multiline, page, visibility_badge, when, Nav};
use crate::web::session::{MaybeViewer, Viewer};
use crate::web::WebError;
use crate::AppState;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/in/{handle}", get(public_profile))
        .route("/in/{handle}/posts/{id}", get(public_post))
        .route("/robots.txt", get(robots_txt))
        .route("/.well-known/tdmrep.json", get(tdmrep_json))
}

/// A public page of `member`, with the signals when their data may not train AI.
fn signed_page(lang: Lang, reserved: bool, title: &str, viewer: Option<&Viewer>, body: Markup) -> Response {
    let mut resp = layout::html(StatusCode::OK, page(lang, title, viewer, Nav::None, reserved, body));
    if reserved {
        add_headers(resp.headers_mut());
    }
    resp
}

fn public_text(i: &Option<Item>) -> Option<&str> {
    i.as_ref().filter(|i| i.visibility == Visibility::Public).and_then(|i| i.text.as_deref())
}

fn author_line(m: &Member) -> Markup {
    html! {
        div.meta {
            span.avatar aria-hidden="true" { (layout::initials(&m.name)) }
            a href={ "/in/" (m.handle) } { strong { (m.name) } }
        }
    }
}

async fn public_profile(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    Path(handle): Path<String>,
) -> Result<Response, WebError> {
    state
        .run(move |s| {
            let lang = viewer.as_ref().map_or_else(i18n::current, |v| v.lang);
            let Some(m) = s.store.member_by_handle(&handle)? else {
                return Ok(WebError::not_found(lang, "member").into_response());
            };
            let reserved = signals::reserved(s, &m)?;
            let profile = s.store.profile(m.id)?;
            let posts: Vec<Item> = s
                .store
                .posts_of(m.id, 50)?
                .into_iter()
                .filter(|i| matches!(i.kind, Kind::Post | Kind::Article) && i.visibility == Visibility::Public)
                .take(20)
                .collect();
            let own = viewer.as_ref().is_some_and(|v| v.member.id == m.id);
            let connected = match &viewer {
                Some(v) if !own => Some(s.store.are_connected(v.member.id, m.id)?),
                _ => None,
            };
            let body = html! {
                section.card {
                    div.profile-head {
                        span.avatar.big aria-hidden="true" { (layout::initials(&m.name)) }
                        div {
                            h1 { (m.name) }
                            @if let Some(h) = public_text(&profile.headline) { p.headline { (h) } }
                            p.muted.small { (t!(lang, "public-member-since", date = layout::date(lang, m.joined_at))) }
                        }
                    }
                    @if own {
                        p.small.muted {
                            (t!(lang, "public-own")) " "
                            a href="/profile/edit" { (t!(lang, "menu-edit-profile")) }
                        }
                    }
                    @if let (Some(v), Some(connected)) = (&viewer, connected) {
                        div.row {
                            @if !connected {
                                form method="post" action="/network/connect" {
                                    (csrf(&v.csrf))
                                    input type="hidden" name="to" value=(m.id);
                                    button type="submit" { (t!(lang, "public-connect")) }
                                }
                            } @else {
                                span.badge { (t!(lang, "public-connected")) }
                            }
                            a.button.secondary href={ "/messages/" (m.handle) } { (t!(lang, "public-message")) }
                        }
                    }
                }
                @if let Some(a) = public_text(&profile.about) {
                    section.card { h2 { (t!(lang, "public-about")) } p { (multiline(a)) } }
                }
                @let exp: Vec<_> = profile.experience.iter().filter(|e| e.item.visibility == Visibility::Public).collect();
                @if !exp.is_empty() {
                    section.card {
                        h2 { (t!(lang, "public-experience")) }
                        ul.plain {
                            @for e in exp {
                                li { strong { (e.title) } " · " (e.company) br;
                                     span.muted { (e.item.text.as_deref().unwrap_or_default()) } }
                            }
                        }
                    }
                }
                @if let Some(sk) = public_text(&profile.skills) {
                    section.card { h2 { (t!(lang, "public-skills")) } p { (sk) } }
                }
                section.card {
                    h2 { (t!(lang, "public-posts")) }
                    @if posts.is_empty() { p.muted { (t!(lang, "public-no-posts")) } }
                    @for p in &posts {
                        div.post {
                            p.muted.small { a href={ "/in/" (m.handle) "/posts/" (p.id) } { (when(lang, p.created_at)) } }
                            p.text { (multiline(p.text.as_deref().unwrap_or_default())) }
                        }
                    }
                }
            };
            Ok(signed_page(lang, reserved, &m.name, viewer.as_ref(), body))
        })
        .await
        .map_err(WebError::from)
}

async fn public_post(
    State(state): State<AppState>,
    MaybeViewer(viewer): MaybeViewer,
    Path((handle, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let Ok(id) = id.parse::<i64>() else { return Err(WebError::not_found(i18n::current(), "post")) };
    state
        .run(move |s| {
            let lang = viewer.as_ref().map_or_else(i18n::current, |v| v.lang);
            let Some(m) = s.store.member_by_handle(&handle)? else {
                return Ok(WebError::not_found(lang, "post").into_response());
            };
            let post = s.store.item(id)?.filter(|i| {
                i.member_id == m.id
                    && matches!(i.kind, Kind::Post | Kind::Article)
                    && i.visibility == Visibility::Public
                    && i.deleted_at.is_none()
            });
            let Some(post) = post else { return Ok(WebError::not_found(lang, "post").into_response()) };
            let reserved = signals::reserved(s, &m)?;
            let text = post.text.as_deref().unwrap_or_default();
            let title: String = text.chars().take(60).collect();
            let body = html! {
                section.card {
                    div.post {
                        (author_line(&m))
                        p.muted.small { (when(lang, post.created_at)) " " (visibility_badge(lang, post.visibility)) }
                        p.text { (multiline(text)) }
                    }
                }
            };
            let title = t!(lang, "public-post-title", name = m.name.as_str(), text = title);
            Ok(signed_page(lang, reserved, &title, viewer.as_ref(), body))
        })
        .await
        .map_err(WebError::from)
}

async fn robots_txt(State(state): State<AppState>) -> Result<Response, WebError> {
    let r = state.run(signals::reserved_members).await?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], signals::robots_txt(&r)).into_response())
}

async fn tdmrep_json(State(state): State<AppState>) -> Result<Response, WebError> {
    let r = state.run(signals::reserved_members).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], signals::tdmrep_json(&r)).into_response())
}

/// Adds the reservation headers to a response of a reserved page.
fn add_headers(headers: &mut axum::http::HeaderMap) {
    use axum::http::HeaderValue;
    headers.insert("content-usage", HeaderValue::from_static("train-ai=n"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noai, noimageai"));
    headers.insert("tdm-reservation", HeaderValue::from_static("1"));
}

/// `/healthz`: `ok`, and a line saying since when opt-outs are waiting to reach the served
/// models when the unlearner has work it has not finished (with its failed attempts).
async fn healthz(State(state): State<AppState>) -> String {
    let p = state.ai.pending();
    let mut s = match p.since {
        None => "ok".to_string(),
        Some(since) => {
            let mut s = format!("ok\nopt-outs pending since {since}");
            if p.failed_attempts > 0 {
                s.push_str(&format!(
                    " ({} failed attempt{}; last error: {})",
                    p.failed_attempts,
                    if p.failed_attempts == 1 { "" } else { "s" },
                    p.last_error.as_deref().unwrap_or_default()
                ));
            }
            s.push('\n');
            s
        }
    };
    if state.ai.is_leading() {
        // Among replicas sharing a database, one runs the passes (and takes over if it stops).
        s.push_str(if s.ends_with('\n') { "" } else { "\n" });
        s.push_str("this server runs the unlearning passes\n");
    }
    s
}
