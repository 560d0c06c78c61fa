//! Editing one's profile: headline, About and skills, each with its own visibility, "Draft with
//! AI" on the headline and About, and experience entries.

use assent_models::Task;
use assent_policy::Visibility;
use assent_store::{NewExperience, Profile};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;

use super::error::describe;
use super::layout::{self, csrf, flash, page, visibility_badge, visibility_select, Flash, Nav};
use super::session::Viewer;
use super::{draft_with_ai, WebError};
use crate::i18n::{t, tm};
use crate::ops::{self, account::FieldEdit, account::ProfileEdit};
use crate::AppState;

/// The profile form's values.
#[derive(Deserialize, Default, Clone)]
pub(crate) struct ProfileForm {
    #[serde(default)]
    headline: String,
    #[serde(default)]
    headline_visibility: String,
    #[serde(default)]
    about: String,
    #[serde(default)]
    about_visibility: String,
    #[serde(default)]
    skills: String,
    #[serde(default)]
    skills_visibility: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    seed: u64,
}

impl ProfileForm {
    fn from_profile(p: &Profile) -> ProfileForm {
        let text = |i: &Option<assent_store::Item>| i.as_ref().and_then(|i| i.text.clone()).unwrap_or_default();
        let vis = |i: &Option<assent_store::Item>| i.as_ref().map_or("public", |i| i.visibility.as_str()).to_string();
        ProfileForm {
            headline: text(&p.headline),
            headline_visibility: vis(&p.headline),
            about: text(&p.about),
            about_visibility: vis(&p.about),
            skills: text(&p.skills),
            skills_visibility: vis(&p.skills),
            action: String::new(),
            seed: 0,
        }
    }
}

/// The visibility a form's select shows: what was chosen, else Only me (the choice that
/// trains on nothing) when the value is missing or unknown. Saving such a form is refused.
fn shown(s: &str) -> Visibility {
    s.parse().unwrap_or(Visibility::Private)
}

fn render(s: &AppState, v: &Viewer, f: &ProfileForm, note: Option<Flash>) -> ops::Result<Markup> {
    let profile = s.store.profile(v.member.id)?;
    let lang = v.lang;
    let body = html! {
        section.card {
            h1 { (t!(lang, "profile-edit-heading")) }
            p.muted.small {
                (tm!(lang, "profile-edit-intro"; public = html! { strong { (t!(lang, "visibility-public")) } }))
                " "
                a href={ "/in/" (v.member.handle) } { (t!(lang, "profile-see-public")) }
            }
            (flash(&note))
            form method="post" action="/profile/edit" {
                (csrf(&v.csrf))
                input type="hidden" name="seed" value=(f.seed);
                label for="headline" { (t!(lang, "profile-headline")) }
                input #headline type="text" name="headline" value=(f.headline) maxlength="220";
                div.row {
                    (visibility_select(lang, "headline_visibility", shown(&f.headline_visibility), true))
                    button.ai #draft-headline type="submit" name="action" value="draft-headline" { (t!(lang, "draft-with-ai")) }
                }
                label for="about" { (t!(lang, "profile-about")) }
                textarea #about name="about" rows="6" maxlength="2600" { (f.about) }
                div.row {
                    (visibility_select(lang, "about_visibility", shown(&f.about_visibility), true))
                    button.ai #draft-about type="submit" name="action" value="draft-about" { (t!(lang, "draft-with-ai")) }
                }
                label for="skills" { (t!(lang, "profile-skills")) }
                input #skills type="text" name="skills" value=(f.skills);
                div.row { (visibility_select(lang, "skills_visibility", shown(&f.skills_visibility), true)) }
                p.small.muted { (t!(lang, "profile-clearing")) }
                div.row { button #profile-save type="submit" name="action" value="save" { (t!(lang, "profile-save")) } }
            }
        }
        section.card #experience {
            h2 { (t!(lang, "profile-experience")) }
            @if profile.experience.is_empty() { p.muted { (t!(lang, "profile-no-experience")) } }
            ul.plain {
                @for e in &profile.experience {
                    li {
                        strong { (e.title) } " · " (e.company) " " (visibility_badge(lang, e.item.visibility)) br;
                        span.muted.small { (e.item.text.as_deref().unwrap_or_default()) }
                        form method="post" action={ "/profile/experience/" (e.item.id) "/delete" } {
                            (csrf(&v.csrf))
                            button.danger type="submit" { (t!(lang, "feed-delete")) }
                        }
                    }
                }
            }
            h2 { (t!(lang, "profile-add-position")) }
            form method="post" action="/profile/experience" {
                (csrf(&v.csrf))
                label for="title" { (t!(lang, "profile-title")) }
                input #title type="text" name="title" maxlength="100" autocomplete="organization-title";
                label for="company" { (t!(lang, "profile-company")) }
                input #company type="text" name="company" maxlength="100" autocomplete="organization";
                label for="start" { (t!(lang, "profile-start")) }
                input #start type="text" name="start" placeholder="2021-09-01";
                label for="end" { (t!(lang, "profile-end")) }
                input #end type="text" name="end";
                label for="description" { (t!(lang, "profile-what-you-did")) }
                textarea #description name="description" rows="3" maxlength="2000" {}
                div.row {
                    (visibility_select(lang, "visibility", Visibility::Public, true))
                    button type="submit" { (t!(lang, "profile-add")) }
                }
            }
        }
    };
    Ok(page(lang, &t!(lang, "profile-edit-title"), Some(v), Nav::Me, false, body))
}

/// Flash after a redirect.
#[derive(Deserialize)]
pub(crate) struct Saved {
    saved: Option<String>,
}

pub(crate) async fn edit_page(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<Saved>,
) -> Result<Response, WebError> {
    let note = q.saved.map(|_| Flash::Ok(t!(v.lang, "profile-saved")));
    let markup = state
        .run(move |s| {
            let f = ProfileForm::from_profile(&s.store.profile(v.member.id)?);
            render(s, &v, &f, note)
        })
        .await?;
    Ok(layout::html(StatusCode::OK, markup))
}

pub(crate) async fn edit(
    State(state): State<AppState>,
    v: Viewer,
    Form(f): Form<ProfileForm>,
) -> Result<Response, WebError> {
    state
        .run(move |s| {
            let me = v.member.id;
            let task = match f.action.as_str() {
                "draft-headline" => Some(Task::Headline),
                "draft-about" => Some(Task::About),
                _ => None,
            };
            if let Some(task) = task {
                let mut f = f.clone();
                let current = if task == Task::Headline { &f.headline } else { &f.about };
                let (text, note) = draft_with_ai(s, &v, task, current, f.seed)?;
                match task {
                    Task::Headline => f.headline = text.lines().next().unwrap_or_default().to_string(),
                    _ => f.about = text,
                }
                f.seed += 1;
                return Ok(layout::html(StatusCode::OK, render(s, &v, &f, Some(note))?));
            }
            match save(s, me, &f) {
                Ok(()) => Ok(Redirect::to("/profile/edit?saved=1").into_response()),
                Err(e) if e.is_user_error() => {
                    let note = Some(Flash::Error(t!(v.lang, "profile-not-saved", reason = describe(v.lang, &e))));
                    Ok(layout::html(StatusCode::UNPROCESSABLE_ENTITY, render(s, &v, &f, note)?))
                }
                Err(e) => Err(e),
            }
        })
        .await
        .map_err(WebError::from)
}

/// Reads the form into a profile edit (an empty field is cleared) and saves it.
fn save(s: &AppState, me: i64, f: &ProfileForm) -> ops::Result<()> {
    let field = |name: &'static str, text: &str, visibility: &str| -> ops::Result<FieldEdit<String>> {
        Ok(match text.trim() {
            "" => FieldEdit::Clear,
            t => FieldEdit::Set { value: t.to_string(), visibility: super::visibility(name, visibility)? },
        })
    };
    let skills: Vec<String> = f.skills.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
    let edit = ProfileEdit {
        headline: Some(field("headline", &f.headline, &f.headline_visibility)?),
        about: Some(field("about", &f.about, &f.about_visibility)?),
        skills: Some(if skills.is_empty() {
            FieldEdit::Clear
        } else {
            FieldEdit::Set { value: skills, visibility: super::visibility("skills", &f.skills_visibility)? }
        }),
    };
    ops::account::edit_profile(s, me, &edit)
}

/// A new experience entry.
#[derive(Deserialize)]
pub(crate) struct ExperienceForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    company: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    visibility: String,
}

pub(crate) async fn add_experience(
    State(state): State<AppState>,
    v: Viewer,
    Form(f): Form<ExperienceForm>,
) -> Result<Response, WebError> {
    state
        .run(move |s| {
            let added = super::visibility("visibility", &f.visibility).and_then(|visibility| {
                let e = NewExperience {
                    title: f.title,
                    company: f.company,
                    start: f.start.trim().to_string(),
                    end: Some(f.end.trim().to_string()).filter(|e| !e.is_empty()),
                    description: f.description,
                    visibility,
                };
                ops::account::add_experience(s, v.member.id, &e)
            });
            match added {
                Ok(_) => Ok(Redirect::to("/profile/edit?saved=1#experience").into_response()),
                Err(err) if err.is_user_error() => {
                    let f = ProfileForm::from_profile(&s.store.profile(v.member.id)?);
                    let note =
                        Some(Flash::Error(t!(v.lang, "profile-position-not-added", reason = describe(v.lang, &err))));
                    Ok(layout::html(StatusCode::UNPROCESSABLE_ENTITY, render(s, &v, &f, note)?))
                }
                Err(err) => Err(err),
            }
        })
        .await
        .map_err(WebError::from)
}

pub(crate) async fn delete_experience(
    State(state): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let Ok(id) = id.parse::<i64>() else { return Err(WebError::not_found(v.lang, "position")) };
    state.run(move |s| ops::account::delete_experience(s, v.member.id, id)).await.map_err(WebError::from)?;
    Ok(Redirect::to("/profile/edit?saved=1#experience").into_response())
}
