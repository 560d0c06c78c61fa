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

use super::error::describe;
use super::layout::{self, csrf, flash, initials, multiline, page, when, Flash, Nav};
use super::session::Viewer;
use super::{draft_with_ai, WebError};
use crate::i18n::t;
use crate::{ops, AppState};

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
            let lang = v.lang;
            let body = html! {
                section.card {
                    h1 { (t!(lang, "messages-title")) }
                    p.muted.small { (t!(lang, "messages-private")) }
                    @if latest.is_empty() { p.muted { (t!(lang, "messages-none")) } }
                    ul.plain {
                        @for (o, m) in &latest {
                            li {
                                div.meta {
                                    span.avatar aria-hidden="true" { (initials(&o.name)) }
                                    div {
                                        @if o.closed_at.is_none() {
                                            a href={ "/messages/" (o.handle) } { strong { (o.name) } }
                                        } @else { strong { (t!(lang, "messages-former-member")) } }
                                        " " span.muted.small { (when(lang, m.sent_at)) } br;
                                        span.muted {
                                            @let erased = t!(lang, "messages-erased");
                                            @let text: String = m.text.as_deref().unwrap_or(&erased).chars().take(120).collect();
                                            @if m.from == v.member.id { (t!(lang, "messages-you-prefix", text = text)) }
                                            @else { (text) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                section.card {
                    h2 { (t!(lang, "messages-new")) }
                    form method="post" action="/messages" {
                        (csrf(&v.csrf))
                        label for="to" { (t!(lang, "messages-to")) }
                        input #to type="text" name="to" placeholder="ada-lovelace-1";
                        label for="message-text" { (t!(lang, "messages-message")) }
                        textarea #message-text name="text" rows="3" maxlength="8000" {}
                        div.row { button type="submit" name="action" value="send" { (t!(lang, "messages-send")) } }
                    }
                }
            };
            Ok(page(lang, &t!(lang, "messages-title"), Some(&v), Nav::Messages, false, body))
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
    let lang = v.lang;
    let erased = t!(lang, "messages-erased");
    let body = html! {
        section.card {
            div.meta {
                span.avatar aria-hidden="true" { (initials(&other.name)) }
                h1 { a href={ "/in/" (other.handle) } { (other.name) } }
            }
            p.muted.small { (t!(lang, "messages-private")) }
            @if msgs.is_empty() { p.muted { (t!(lang, "messages-empty-thread")) } }
            @for m in &msgs {
                div.post {
                    p.small.muted {
                        strong { @if m.from == v.member.id { (t!(lang, "messages-you")) } @else { (other.name) } }
                        " · " (when(lang, m.sent_at))
                    }
                    p.text { (multiline(m.text.as_deref().unwrap_or(&erased))) }
                }
            }
        }
        section.card #reply {
            (flash(&note))
            form method="post" action="/messages" {
                (csrf(&v.csrf))
                input type="hidden" name="to" value=(other.handle);
                input type="hidden" name="seed" value=(seed);
                label for="reply-text" { (t!(lang, "messages-write")) }
                textarea #reply-text name="text" rows="4" maxlength="8000" { (draft) }
                div.row {
                    button.ai #reply-draft type="submit" name="action" value="draft" { (t!(lang, "draft-with-ai")) }
                    button #reply-send type="submit" name="action" value="send" { (t!(lang, "messages-send")) }
                }
            }
        }
    };
    Ok(page(lang, &t!(lang, "messages-with", name = other.name.as_str()), Some(v), Nav::Messages, false, body))
}

pub(crate) async fn thread(
    State(state): State<AppState>,
    v: Viewer,
    Path(handle): Path<String>,
) -> Result<Response, WebError> {
    state
        .run(move |s| {
            let Some(other) = s.store.member_by_handle(&handle)?.filter(|o| o.id != v.member.id) else {
                return Ok(WebError::not_found(v.lang, "member").into_response());
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
                let lang = v.lang;
                return Ok(WebError::new(
                    lang,
                    StatusCode::NOT_FOUND,
                    t!(lang, "error-no-such-member"),
                    t!(lang, "error-no-such-member-text", handle = handle),
                )
                .into_response());
            };
            if f.action == "draft" {
                let (text, note) = draft_with_ai(s, &v, Task::MessageReply, &f.text, f.seed)?;
                return Ok(layout::html(StatusCode::OK, thread_page(s, &v, &other, &text, f.seed + 1, Some(note))?));
            }
            match ops::messages::send(s, v.member.id, other.id, &f.text) {
                Ok(_) => Ok(Redirect::to(&format!("/messages/{}#reply", other.handle)).into_response()),
                Err(e) if e.is_user_error() => {
                    let note = Some(Flash::Error(t!(v.lang, "messages-not-sent", reason = describe(v.lang, &e))));
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
