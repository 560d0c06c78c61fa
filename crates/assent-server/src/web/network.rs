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
use crate::i18n::{t, Lang};
use crate::ops::ai::{suggest_connections, suggest_jobs, ConnectionSuggestion, JobSuggestion};
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
            let lang = v.lang;
            let name_of = |id: &Option<String>| -> Result<Option<String>, ops::Error> {
                let Some(id) = id.as_deref().and_then(|i| i.parse::<i64>().ok()) else { return Ok(None) };
                Ok(s.store.member(id)?.map(|m| m.name))
            };
            let top = match (name_of(&q.connected)?, name_of(&q.sent)?) {
                (Some(n), _) => Some(Flash::Ok(t!(lang, "network-connected", name = n))),
                (None, Some(n)) => Some(Flash::Ok(t!(lang, "network-sent", name = n))),
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
                h1.sr-only { (t!(lang, "network-title")) }
                (flash(&top))
                @if !requests.is_empty() {
                    section.card {
                        h2 { (t!(lang, "network-invitations")) }
                        ul.plain {
                            @for m in &requests {
                                li.suggestion {
                                    div.meta { span.avatar aria-hidden="true" { (initials(&m.name)) } a href={ "/in/" (m.handle) } { strong { (m.name) } } }
                                    form method="post" action="/network/connect" {
                                        (csrf(&v.csrf))
                                        input type="hidden" name="to" value=(m.id);
                                        button type="submit" { (t!(lang, "network-accept")) }
                                    }
                                }
                            }
                        }
                    }
                }
                section.card #suggestions {
                    h2 { (t!(lang, "network-suggestions")) }
                    p.muted.small {
                        @match &model {
                            Some(r) => { (t!(lang, "network-ranked-model", release = r.as_str())) }
                            None => { (t!(lang, "network-ranked-plain")) }
                        }
                    }
                    @if suggestions.is_empty() { p.muted { (t!(lang, "network-no-suggestions")) } }
                    ul.plain {
                        @for p in &suggestions {
                            li.suggestion {
                                div.meta {
                                    span.avatar aria-hidden="true" { (initials(&p.name)) }
                                    div {
                                        a href={ "/in/" (p.handle) } { strong { (p.name) } } br;
                                        span.muted.small.reason { (connection_reason(lang, p)) }
                                    }
                                }
                                form method="post" action="/network/connect" {
                                    (csrf(&v.csrf))
                                    input type="hidden" name="to" value=(p.id);
                                    button.secondary type="submit" aria-label={ (t!(lang, "network-connect")) " " (p.name) } { (t!(lang, "network-connect")) }
                                }
                            }
                        }
                    }
                }
                section.card {
                    h2 { (t!(lang, "network-your-connections", count = connections.len())) }
                    @if connections.is_empty() { p.muted { (t!(lang, "network-none")) } }
                    ul.plain {
                        @for m in &connections {
                            li.suggestion {
                                div.meta { span.avatar aria-hidden="true" { (initials(&m.name)) } a href={ "/in/" (m.handle) } { (m.name) } }
                                a.button.secondary href={ "/messages/" (m.handle) } aria-label={ (t!(lang, "network-message")) " " (m.name) } { (t!(lang, "network-message")) }
                            }
                        }
                    }
                }
            };
            Ok(page(lang, &t!(lang, "network-title"), Some(&v), Nav::Network, false, body))
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
            let lang = v.lang;
            let body = html! {
                section.card {
                    h1 { (t!(lang, "jobs-title")) }
                    form.row method="get" action="/jobs" role="search" {
                        input type="search" name="q" value=(query.clone().unwrap_or_default())
                            aria-label=(t!(lang, "jobs-search-label")) placeholder=(t!(lang, "jobs-search-placeholder")) style="flex: 1";
                        button type="submit" { (t!(lang, "jobs-search")) }
                    }
                }
                @if let Some(list) = &suggestions {
                    section.card #job-suggestions {
                        h2 { (t!(lang, "jobs-recommended")) }
                        p.muted.small { (t!(lang, "jobs-matched", release = release.clone().unwrap_or_default())) }
                        @if list.is_empty() { p.muted { (t!(lang, "jobs-no-match")) } }
                        ul.plain {
                            @for j in list {
                                li { strong { (j.title) } " · " (j.company) br; span.muted.small.reason { (job_reason(lang, j)) } }
                            }
                        }
                    }
                } @else {
                    section.card #job-list {
                        @if let Some(q) = &query {
                            h2 { (t!(lang, "jobs-matching", query = q.as_str())) }
                        } @else {
                            h2 { (t!(lang, "jobs-newest")) }
                            p.muted.small { (t!(lang, "jobs-no-model")) }
                        }
                        @if postings.is_empty() { p.muted { (t!(lang, "jobs-none")) } }
                        ul.plain {
                            @for j in &postings {
                                li {
                                    strong { (j.title) } " · " (j.company.name) " · " span.muted { (j.region) } br;
                                    span.small.muted { (t!(lang, "jobs-skills", skills = j.skills.join(", "))) }
                                }
                            }
                        }
                    }
                }
            };
            Ok(page(lang, &t!(lang, "jobs-title"), Some(&v), Nav::Jobs, false, body))
        })
        .await?;
    Ok(layout::html(StatusCode::OK, markup))
}

/// Why a person is suggested, in `lang`.
fn connection_reason(lang: Lang, p: &ConnectionSuggestion) -> String {
    let mut reasons = Vec::new();
    if p.mutual > 0 {
        reasons.push(t!(lang, "reason-mutual", count = p.mutual));
    }
    if let Some(c) = &p.worked_at {
        reasons.push(t!(lang, "reason-worked-at", company = c.as_str()));
    }
    if !p.shared_skills.is_empty() {
        reasons.push(t!(lang, "reason-shared-skills", skills = p.shared_skills.join(", ")));
    }
    reasons.join(" · ")
}

/// Why a job is suggested, in `lang`.
fn job_reason(lang: Lang, j: &JobSuggestion) -> String {
    if j.matched_skills.is_empty() {
        t!(lang, "reason-job-title")
    } else {
        t!(lang, "reason-job-matches", skills = j.matched_skills.join(", "))
    }
}
