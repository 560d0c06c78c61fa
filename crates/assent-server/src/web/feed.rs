//! The feed: the member's own posts, their connections' posts and public posts, with the post
//! composer ("Draft with AI" included) and deletion of one's own posts.

use std::collections::HashMap;

use assent_models::Task;
use assent_policy::{Kind, Purpose, Visibility};
use assent_store::Member;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;

use super::error::describe;
use super::layout::{
    self, csrf, flash, initials, multiline, on_off, page, setting_name, visibility_badge, visibility_select, when,
    Flash, Nav,
};
use super::session::Viewer;
use super::{draft_with_ai, WebError};
use crate::i18n::{t, tm};
use crate::ops::{self, content::PostKind};
use crate::AppState;

/// What the composer holds when the page is drawn.
#[derive(Default)]
struct Composer {
    text: String,
    visibility: Option<Visibility>,
    seed: u64,
    note: Option<Flash>,
}

/// Flash messages after a redirect.
#[derive(Deserialize)]
pub(crate) struct FeedQuery {
    welcome: Option<String>,
    posted: Option<String>,
    deleted: Option<String>,
}

fn render(s: &AppState, v: &Viewer, composer: Composer, top: Option<Flash>) -> ops::Result<Markup> {
    let me = &v.member;
    let lang = v.lang;
    let items = s.store.feed(me.id, 50)?;
    let mut authors: HashMap<i64, Member> = HashMap::new();
    for i in &items {
        if !authors.contains_key(&i.member_id) {
            if let Some(m) = s.store.member(i.member_id)? {
                authors.insert(m.id, m);
            }
        }
    }
    let profile = s.store.profile(me.id)?;
    let genai = ops::settings::current(s, me.id)?.train_genai.value;
    let connections = s.store.connections_of(me.id)?.len();
    // The composer starts on Public (what most posts are); a refused form keeps what was chosen.
    let visibility = composer.visibility.unwrap_or(Visibility::Public);
    let body = html! {
        div.grid {
            aside.sidebar {
                section.card {
                    span.avatar.big aria-hidden="true" { (initials(&me.name)) }
                    h2 { a href={ "/in/" (me.handle) } { (me.name) } }
                    @if let Some(h) = profile.headline.as_ref().and_then(|h| h.text.as_deref()) { p.muted { (h) } }
                    p.small { (t!(lang, "feed-connections", count = connections)) }
                    p.small {
                        (tm!(lang, "feed-setting-state";
                            setting = html! { a href="/settings/data-privacy/generative-ai" { (setting_name(lang, Purpose::TrainGenai)) } },
                            state = html! { span.badge.on[genai].off[!genai] { (on_off(lang, genai)) } }))
                    }
                    p.small { a href="/me/ai-data" { (t!(lang, "menu-your-data")) } }
                }
            }
            div {
                h1.sr-only { (t!(lang, "feed-title")) }
                (flash(&top))
                section.card #composer {
                    h2 { (t!(lang, "feed-start-post")) }
                    (flash(&composer.note))
                    form method="post" action="/feed" {
                        (csrf(&v.csrf))
                        input type="hidden" name="seed" value=(composer.seed);
                        label for="post-text" { (t!(lang, "feed-post-label")) }
                        textarea #post-text name="text" rows="4" maxlength="3000" { (composer.text) }
                        div.row {
                            (visibility_select(lang, "visibility", visibility, false))
                            button.ai #post-draft type="submit" name="action" value="draft" { (t!(lang, "draft-with-ai")) }
                            button #post-submit type="submit" name="action" value="post" { (t!(lang, "feed-post")) }
                        }
                    }
                }
                section.card #feed {
                    h2 { (t!(lang, "feed-title")) }
                    @if items.is_empty() { p.muted { (t!(lang, "feed-empty")) } }
                    @for i in &items {
                        @if let Some(a) = authors.get(&i.member_id) {
                            article.post {
                                div.meta {
                                    span.avatar aria-hidden="true" { (initials(&a.name)) }
                                    div {
                                        a href={ "/in/" (a.handle) } { strong { (a.name) } } br;
                                        span.muted.small {
                                            @if i.visibility == Visibility::Public && i.kind != Kind::Comment {
                                                a href={ "/in/" (a.handle) "/posts/" (i.id) } { (when(lang, i.created_at)) }
                                            } @else { (when(lang, i.created_at)) }
                                            " " (visibility_badge(lang, i.visibility))
                                        }
                                    }
                                }
                                p.text { (multiline(i.text.as_deref().unwrap_or_default())) }
                                @if i.member_id == me.id {
                                    form method="post" action={ "/posts/" (i.id) "/delete" } {
                                        (csrf(&v.csrf))
                                        button.danger type="submit" { (t!(lang, "feed-delete")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page(lang, &t!(lang, "feed-title"), Some(v), Nav::Home, false, body))
}

pub(crate) async fn feed(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<FeedQuery>,
) -> Result<Response, WebError> {
    let lang = v.lang;
    let top = if q.welcome.is_some() {
        Some(Flash::Ok(t!(lang, "feed-welcome", name = v.member.name.as_str())))
    } else if q.posted.is_some() {
        Some(Flash::Ok(t!(lang, "feed-posted")))
    } else if q.deleted.is_some() {
        Some(Flash::Ok(t!(lang, "feed-deleted")))
    } else {
        None
    };
    let markup = state.run(move |s| render(s, &v, Composer::default(), top)).await?;
    Ok(layout::html(StatusCode::OK, markup))
}

/// The composer's form.
#[derive(Deserialize)]
pub(crate) struct ComposeForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    seed: u64,
}

pub(crate) async fn compose(
    State(state): State<AppState>,
    v: Viewer,
    Form(f): Form<ComposeForm>,
) -> Result<Response, WebError> {
    let visibility = f.visibility.parse::<Visibility>().ok();
    if f.action == "draft" {
        let markup = state
            .run(move |s| {
                let (text, note) = draft_with_ai(s, &v, Task::Post, &f.text, f.seed)?;
                render(s, &v, Composer { text, visibility, seed: f.seed + 1, note: Some(note) }, None)
            })
            .await?;
        return Ok(layout::html(StatusCode::OK, markup));
    }
    state
        .run(move |s| {
            let posted = super::visibility("visibility", &f.visibility)
                .and_then(|vis| ops::content::post(s, v.member.id, PostKind::Post, &f.text, vis));
            match posted {
                Ok(id) => Ok(Redirect::to(&format!("/feed?posted={id}")).into_response()),
                Err(e) if e.is_user_error() => {
                    let note = Some(Flash::Error(t!(v.lang, "feed-not-published", reason = describe(v.lang, &e))));
                    let c = Composer { text: f.text, visibility, seed: f.seed, note };
                    Ok(layout::html(StatusCode::UNPROCESSABLE_ENTITY, render(s, &v, c, None)?))
                }
                Err(e) => Err(e),
            }
        })
        .await
        .map_err(WebError::from)
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let Ok(id) = id.parse::<i64>() else { return Err(WebError::not_found(v.lang, "post")) };
    state.run(move |s| ops::content::delete_post(s, v.member.id, id)).await.map_err(WebError::from)?;
    Ok(Redirect::to("/feed?deleted=1").into_response())
}
