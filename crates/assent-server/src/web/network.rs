//! My Network (connection requests, suggestions with their reasons, connections) and Jobs
//! (suggestions with reasons, or the newest postings when no recommendations model is live).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::html;
use serde::Deserialize;

use super::layout::{self, csrf, flash, initials, page, Flash, Nav};
use super::session::Viewer;
use super::WebError;
use crate::ops::ai::{suggest_connections, suggest_jobs};
use crate::{ops, AppState};

/// Flash after a connection request.
#[derive(Deserialize)]
pub(crate) struct NetworkQuery {
    sent: Option<String>,
    connected: Option<String>,
}

pub(crate) async fn network(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<NetworkQuery>,
) -> Result<Response, WebError> {
    let markup = state
        .run(move |s| {
            let me = v.member.id;
            let name_of = |id: &Option<String>| -> Result<Option<String>, ops::Error> {
                let Some(id) = id.as_deref().and_then(|i| i.parse::<i64>().ok()) else { return Ok(None) };
                Ok(s.store.member(id)?.map(|m| m.name))
            };
            let top = match (name_of(&q.connected)?, name_of(&q.sent)?) {
                (Some(n), _) => Some(Flash::Ok(format!("You are now connected with {n}."))),
                (None, Some(n)) => Some(Flash::Ok(format!("Invitation sent to {n}."))),
                _ => None,
            };
            let mut requests = Vec::new();
            for r in s.store.incoming_requests(me)? {
                if let Some(m) = s.store.member(r.from)?.filter(|m| m.closed_at.is_none()) {
                    requests.push(m);
                }
            }
            let suggestions = suggest_connections(s, me)?;
            let mut connections = Vec::new();
            for id in s.store.connections_of(me)? {
                if let Some(m) = s.store.member(id)?.filter(|m| m.closed_at.is_none()) {
                    connections.push(m);
                }
            }
            connections.sort_by(|a, b| a.name.cmp(&b.name));
            let model = s.ai.skills().map(|l| l.release_id.clone());
            let body = html! {
                (flash(&top))
                @if !requests.is_empty() {
                    section.card {
                        h2 { "Invitations" }
                        ul.plain {
                            @for m in &requests {
                                li.suggestion {
                                    div.meta { span.avatar { (initials(&m.name)) } a href={ "/in/" (m.handle) } { strong { (m.name) } } }
                                    form method="post" action="/network/connect" {
                                        (csrf(&v.csrf))
                                        input type="hidden" name="to" value=(m.id);
                                        button type="submit" { "Accept" }
                                    }
                                }
                            }
                        }
                    }
                }
                section.card #suggestions {
                    h2 { "People you may know" }
                    p.muted.small {
                        @match &model {
                            Some(r) => { "Ranked with the recommendations model of release " (r) " and your mutual connections." }
                            None => { "Ranked by mutual connections and shared employers (no recommendations model is live yet)." }
                        }
                    }
                    @if suggestions.is_empty() { p.muted { "No suggestions yet: connect with a few people first." } }
                    ul.plain {
                        @for p in &suggestions {
                            li.suggestion {
                                div.meta {
                                    span.avatar { (initials(&p.name)) }
                                    div {
                                        a href={ "/in/" (p.handle) } { strong { (p.name) } } br;
                                        span.muted.small.reason { (p.reason) }
                                    }
                                }
                                form method="post" action="/network/connect" {
                                    (csrf(&v.csrf))
                                    input type="hidden" name="to" value=(p.id);
                                    button.secondary type="submit" { "Connect" }
                                }
                            }
                        }
                    }
                }
                section.card {
                    h2 { "Your connections (" (connections.len()) ")" }
                    @if connections.is_empty() { p.muted { "None yet." } }
                    ul.plain {
                        @for m in &connections {
                            li.suggestion {
                                div.meta { span.avatar { (initials(&m.name)) } a href={ "/in/" (m.handle) } { (m.name) } }
                                a.button.secondary href={ "/messages/" (m.handle) } { "Message" }
                            }
                        }
                    }
                }
            };
            Ok(page("My Network", Some(&v), Nav::Network, false, body))
        })
        .await?;
    Ok(layout::html(StatusCode::OK, markup))
}

/// A connection request.
#[derive(Deserialize)]
pub(crate) struct ConnectForm {
    to: i64,
}

pub(crate) async fn connect(
    State(state): State<AppState>,
    v: Viewer,
    Form(f): Form<ConnectForm>,
) -> Result<Response, WebError> {
    let connected = state.run(move |s| ops::network::connect(s, v.member.id, f.to)).await?;
    let key = if connected { "connected" } else { "sent" };
    Ok(Redirect::to(&format!("/network?{key}={}", f.to)).into_response())
}

/// Job search.
#[derive(Deserialize)]
pub(crate) struct JobsQuery {
    q: Option<String>,
}

pub(crate) async fn jobs(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<JobsQuery>,
) -> Result<Response, WebError> {
    let markup = state
        .run(move |s| {
            let query = q.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(str::to_string);
            let suggestions = match &query {
                Some(_) => None,
                None => match suggest_jobs(s, v.member.id) {
                    Ok(list) => Some(list),
                    Err(ops::Error::NoModel(_)) => None,
                    Err(e) => return Err(e),
                },
            };
            let postings = if suggestions.is_none() { s.store.jobs(query.as_deref(), 30)? } else { Vec::new() };
            let release = s.ai.skills().map(|l| l.release_id.clone());
            let body = html! {
                section.card {
                    h1 { "Jobs" }
                    form.row method="get" action="/jobs" {
                        input type="text" name="q" value=(query.clone().unwrap_or_default()) placeholder="Search by title, skill or company" style="flex: 1";
                        button type="submit" { "Search" }
                    }
                }
                @if let Some(list) = &suggestions {
                    section.card #job-suggestions {
                        h2 { "Recommended for you" }
                        p.muted.small { "Matched to the skills on your profile by the recommendations model of release "
                            (release.clone().unwrap_or_default()) "." }
                        @if list.is_empty() { p.muted { "No match yet: add skills to your profile." } }
                        ul.plain {
                            @for j in list {
                                li { strong { (j.title) } " · " (j.company) br; span.muted.small.reason { (j.reason) } }
                            }
                        }
                    }
                } @else {
                    section.card #job-list {
                        @if let Some(q) = &query {
                            h2 { "Postings matching “" (q) "”" }
                        } @else {
                            h2 { "Newest postings" }
                            p.muted.small {
                                "Personal job suggestions are not available yet: no recommendations model has been trained "
                                "on this server. Here are the newest postings instead."
                            }
                        }
                        @if postings.is_empty() { p.muted { "No postings found." } }
                        ul.plain {
                            @for j in &postings {
                                li {
                                    strong { (j.title) } " · " (j.company.name) " · " span.muted { (j.region) } br;
                                    span.small.muted { "Skills: " (j.skills.join(", ")) }
                                }
                            }
                        }
                    }
                }
            };
            Ok(page("Jobs", Some(&v), Nav::Jobs, false, body))
        })
        .await?;
    Ok(layout::html(StatusCode::OK, markup))
}
