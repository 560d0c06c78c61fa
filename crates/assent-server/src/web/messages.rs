//! Private messages: the inbox (one line per conversation), a conversation with its reply form
//! ("Draft with AI" included), and sending. Messages are never used to train AI, and the writing
//! assistant never reads them: it drafts from the member's own profile.

use std::collections::HashSet;

use assent_models::Task;
use assent_store::{Member, Message};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;

use super::layout::{self, csrf, flash, initials, multiline, page, when, Flash, Nav};
use super::session::Viewer;
use super::{draft_with_ai, WebError};
use crate::{ops, AppState};

const PRIVATE_NOTE: &str = "Private messages are never used to train AI.";

pub(crate) async fn inbox(State(state): State<AppState>, v: Viewer) -> Result<Response, WebError> {
    let markup = state
        .run(move |s| {
            let mut latest: Vec<(Member, Message)> = Vec::new();
            let mut seen = HashSet::new();
            for m in s.store.messages_of(v.member.id, 500)? {
                let other = if m.from == v.member.id { m.to } else { m.from };
                if seen.insert(other) {
                    if let Some(o) = s.store.member(other)? {
                        latest.push((o, m));
                    }
                }
            }
            let body = html! {
                section.card {
                    h1 { "Messaging" }
                    p.muted.small { (PRIVATE_NOTE) }
                    @if latest.is_empty() { p.muted { "No conversations yet." } }
                    ul.plain {
                        @for (o, m) in &latest {
                            li {
                                div.meta {
                                    span.avatar { (initials(&o.name)) }
                                    div {
                                        @if o.closed_at.is_none() {
                                            a href={ "/messages/" (o.handle) } { strong { (o.name) } }
                                        } @else { strong { "A former member" } }
                                        " " span.muted.small { (when(m.sent_at)) } br;
                                        span.muted {
                                            @if m.from == v.member.id { "You: " }
                                            (m.text.as_deref().unwrap_or("(erased)").chars().take(120).collect::<String>())
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                section.card {
                    h2 { "New message" }
                    form method="post" action="/messages" {
                        (csrf(&v.csrf))
                        label for="to" { "To (their profile name, as in /in/…)" }
                        input #to type="text" name="to" placeholder="ada-lovelace-1";
                        label for="message-text" { "Message" }
                        textarea #message-text name="text" rows="3" maxlength="8000" {}
                        div.row { button type="submit" name="action" value="send" { "Send" } }
                    }
                }
            };
            Ok(page("Messaging", Some(&v), Nav::Messages, false, body))
        })
        .await?;
    Ok(layout::html(StatusCode::OK, markup))
}

fn thread_page(
    s: &AppState,
    v: &Viewer,
    other: &Member,
    draft: &str,
    seed: u64,
    note: Option<Flash>,
) -> Result<Markup, ops::Error> {
    let mut msgs: Vec<Message> = s
        .store
        .messages_of(v.member.id, 1_000)?
        .into_iter()
        .filter(|m| m.from == other.id || m.to == other.id)
        .collect();
    msgs.reverse();
    let body = html! {
        section.card {
            div.meta {
                span.avatar { (initials(&other.name)) }
                h1 { a href={ "/in/" (other.handle) } { (other.name) } }
            }
            p.muted.small { (PRIVATE_NOTE) }
            @if msgs.is_empty() { p.muted { "No messages yet. Say hello!" } }
            @for m in &msgs {
                div.post {
                    p.small.muted {
                        strong { @if m.from == v.member.id { "You" } @else { (other.name) } }
                        " · " (when(m.sent_at))
                    }
                    p.text { (multiline(m.text.as_deref().unwrap_or("(erased)"))) }
                }
            }
        }
        section.card #reply {
            (flash(&note))
            form method="post" action="/messages" {
                (csrf(&v.csrf))
                input type="hidden" name="to" value=(other.handle);
                input type="hidden" name="seed" value=(seed);
                label for="reply-text" { "Write a message" }
                textarea #reply-text name="text" rows="4" maxlength="8000" { (draft) }
                div.row {
                    button.ai #reply-draft type="submit" name="action" value="draft" { "Draft with AI" }
                    button #reply-send type="submit" name="action" value="send" { "Send" }
                }
            }
        }
    };
    Ok(page(&format!("Messages with {}", other.name), Some(v), Nav::Messages, false, body))
}

pub(crate) async fn thread(
    State(state): State<AppState>,
    v: Viewer,
    Path(handle): Path<String>,
) -> Result<Response, WebError> {
    state
        .run(move |s| {
            let Some(other) = s.store.member_by_handle(&handle)?.filter(|o| o.id != v.member.id) else {
                return Ok(WebError::not_found("member").into_response());
            };
            Ok(layout::html(StatusCode::OK, thread_page(s, &v, &other, "", 0, None)?))
        })
        .await
        .map_err(WebError::from)
}

/// The message form.
#[derive(Deserialize)]
pub(crate) struct SendForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    seed: u64,
}

pub(crate) async fn send(
    State(state): State<AppState>,
    v: Viewer,
    Form(f): Form<SendForm>,
) -> Result<Response, WebError> {
    state
        .run(move |s| {
            let handle = f.to.trim().trim_start_matches("/in/");
            let Some(other) = s.store.member_by_handle(handle)?.filter(|o| o.id != v.member.id) else {
                return Ok(WebError::new(
                    StatusCode::NOT_FOUND,
                    "No such member",
                    format!(
                        "No member has the profile name `{handle}`. Open their profile and use its Message button."
                    ),
                )
                .into_response());
            };
            if f.action == "draft" {
                let (text, note) = draft_with_ai(s, v.member.id, Task::MessageReply, &f.text, f.seed)?;
                return Ok(layout::html(StatusCode::OK, thread_page(s, &v, &other, &text, f.seed + 1, Some(note))?));
            }
            match ops::messages::send(s, v.member.id, other.id, &f.text) {
                Ok(_) => Ok(Redirect::to(&format!("/messages/{}#reply", other.handle)).into_response()),
                Err(e) if e.is_user_error() => {
                    let note = Some(Flash::Error(format!("Not sent: {e}")));
                    Ok(layout::html(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        thread_page(s, &v, &other, &f.text, f.seed, note)?,
                    ))
                }
                Err(e) => Err(e),
            }
        })
        .await
        .map_err(WebError::from)
}
