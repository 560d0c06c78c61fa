//! The settings path (profile photo › Settings › Data privacy › *Data for Generative AI
//! Improvement*), the two AI-data toggles, "Your data and AI", the policy pages and the policy
//! notice's dismissal. Every change is in the consent ledger (method `web`, durable) before the
//! page that confirms it is drawn.

use std::collections::BTreeMap;

use assent_ledger::{Event, Method, SettingSource};
use assent_policy::{Kind, LegalBasis, Policy, Purpose, Timestamp};
use assent_store::Member;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;

use super::layout::{self, csrf, date, flash, on_off, on_off_upper, page, setting_name, when, Flash, Nav};
use super::session::{MaybeViewer, Viewer};
use super::WebError;
use crate::i18n::{self, t, tm, Lang, LANG_COOKIE};
use crate::{ops, AppState};

/// `?language=1` after the language changed.
#[derive(Deserialize)]
pub(crate) struct IndexQuery {
    language: Option<String>,
}

pub(crate) async fn index(v: Viewer, headers: axum::http::HeaderMap, Query(q): Query<IndexQuery>) -> Response {
    let m = &v.member;
    let lang = v.lang;
    let chosen = m.language.as_deref().and_then(Lang::parse);
    let browser = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|h| h.to_str().ok())
        .and_then(Lang::from_accept_language)
        .unwrap_or_default();
    let saved = q.language.is_some().then(|| Flash::Ok(t!(lang, "settings-language-saved")));
    let body = html! {
        div.grid {
            aside { (settings_nav(lang, "account")) }
            div {
                section.card {
                    h1 { (t!(lang, "settings-title")) }
                    h2 { (t!(lang, "settings-account")) }
                    table {
                        tr { th scope="row" { (t!(lang, "settings-name")) } td { (m.name) } }
                        tr { th scope="row" { (t!(lang, "settings-email")) } td { (m.email) } }
                        tr { th scope="row" { (t!(lang, "settings-country")) } td { (m.region.as_str()) } }
                        tr { th scope="row" { (t!(lang, "settings-member-since")) } td { (date(lang, m.joined_at)) } }
                    }
                    p { a href="/profile/edit" { (t!(lang, "settings-edit-profile")) } }
                }
                section.card #language {
                    h2 { (t!(lang, "settings-language")) }
                    (flash(&saved))
                    form method="post" action="/settings/language" {
                        (csrf(&v.csrf))
                        label for="language-choice" { (t!(lang, "settings-language-intro")) }
                        select #language-choice name="language" {
                            @for l in Lang::ALL {
                                option value=(l.tag()) lang=(l.tag()) selected[chosen == Some(l)] { (l.autonym()) }
                            }
                            option value="" selected[chosen.is_none()] {
                                (t!(lang, "settings-language-browser", lang = browser.autonym()))
                            }
                        }
                        div.row { button #language-save type="submit" { (t!(lang, "settings-language-save")) } }
                    }
                }
                section.card {
                    h2 { (t!(lang, "settings-data-privacy")) }
                    p { (t!(lang, "settings-data-privacy-intro")) }
                    a.button #settings-data-privacy href="/settings/data-privacy" { (t!(lang, "settings-data-privacy")) }
                }
            }
        }
    };
    layout::html(StatusCode::OK, page(lang, &t!(lang, "settings-title"), Some(&v), Nav::Me, false, body))
}

/// The language form: a tag we speak, or empty to follow the browser.
#[derive(Deserialize)]
pub(crate) struct LanguageForm {
    #[serde(default)]
    language: String,
}

pub(crate) async fn change_language(
    State(state): State<AppState>,
    v: Viewer,
    headers: axum::http::HeaderMap,
    Form(f): Form<LanguageForm>,
) -> Result<Response, WebError> {
    let choice = match f.language.as_str() {
        "" => None,
        tag => match Lang::parse(tag).filter(|l| l.tag() == tag) {
            Some(l) => Some(l),
            None => {
                let problem = ops::Problem::NotLanguage(tag.to_string());
                return Err(WebError::from_ops(v.lang, ops::Error::Invalid { field: "language", problem }));
            }
        },
    };
    let me = v.member.id;
    state.run(move |s| ops::account::set_language(s, me, choice.map(Lang::tag))).await?;
    let mut resp = Redirect::to("/settings?language=1#language").into_response();
    // The cookie follows, so that pages drawn before the session is read agree.
    let (value, max_age) = match choice {
        Some(l) => (l.tag(), super::account::LANG_MAX_AGE),
        None => ("", 0),
    };
    resp.headers_mut()
        .append(axum::http::header::SET_COOKIE, super::session::set_cookie(&headers, LANG_COOKIE, value, max_age));
    Ok(resp)
}

fn settings_nav(lang: Lang, active: &str) -> Markup {
    let link = |href: &str, label: String, this: &str| {
        html! {
            p { a href=(href) aria-current=[(active == this).then_some("page")] {
                @if active == this { strong { (label) } } @else { (label) }
            } }
        }
    };
    html! {
        nav.card aria-labelledby="settings-nav" {
            h2 #settings-nav { (t!(lang, "settings-title")) }
            (link("/settings", t!(lang, "settings-account"), "account"))
            (link("/settings/data-privacy", t!(lang, "settings-data-privacy"), "privacy"))
            (link("/me/ai-data", t!(lang, "menu-your-data"), "data"))
        }
    }
}

/// Both settings of the member now.
fn settings_now(s: &AppState, m: &Member) -> ops::Result<[assent_ledger::Setting; 2]> {
    let now = ops::settings::settings_of(s, m, Timestamp::now())?;
    Ok([now.train_genai, now.train_ai])
}

pub(crate) async fn data_privacy(State(state): State<AppState>, v: Viewer) -> Result<Response, WebError> {
    let markup = state
        .run(move |s| {
            let [genai, ai] = settings_now(s, &v.member)?;
            let lang = v.lang;
            let row = |id: &str, href: &str, p: Purpose, on: bool, what: String| {
                html! {
                    a.setting-link #(id) href=(href) {
                        span { strong { (setting_name(lang, p)) } br; span.muted.small { (what) } }
                        span.badge.on[on].off[!on] { (on_off(lang, on)) }
                    }
                }
            };
            let body = html! {
                div.grid {
                    aside { (settings_nav(lang, "privacy")) }
                    div {
                        section.card {
                            h1 { (t!(lang, "settings-data-privacy")) }
                            h2 { (t!(lang, "privacy-how")) }
                            (row("genai-setting", "/settings/data-privacy/generative-ai", Purpose::TrainGenai, genai.value,
                                t!(lang, "privacy-genai-what")))
                            (row("recs-setting", "/settings/data-privacy/recommendations", Purpose::TrainAi, ai.value,
                                t!(lang, "privacy-recs-what")))
                            a.setting-link href="/me/ai-data" {
                                span { strong { (t!(lang, "menu-your-data")) } br;
                                       span.muted.small { (t!(lang, "privacy-your-data-what")) } }
                                span aria-hidden="true" { "›" }
                            }
                            a.setting-link href="/policy" {
                                span { strong { (t!(lang, "footer-policy")) } br; span.muted.small { (t!(lang, "privacy-policy-what")) } }
                                span aria-hidden="true" { "›" }
                            }
                        }
                    }
                }
            };
            Ok(page(lang, &t!(lang, "settings-data-privacy"), Some(&v), Nav::Me, false, body))
        })
        .await?;
    Ok(layout::html(StatusCode::OK, markup))
}

/// `?saved=1` after a change.
#[derive(Deserialize)]
pub(crate) struct SavedQuery {
    saved: Option<String>,
}

fn basis_words(lang: Lang, b: LegalBasis) -> String {
    match b {
        LegalBasis::LegitimateInterest => t!(lang, "basis-legitimate-interest"),
        LegalBasis::Consent => t!(lang, "basis-consent"),
    }
}

fn source_words(lang: Lang, src: &SettingSource, region: &str) -> String {
    match src {
        SettingSource::Event(e) => {
            t!(lang, "source-event", when = when(lang, e.recorded_at), how = method_words(lang, e.method))
        }
        SettingSource::RegionDefault { policy_version, basis } if basis.default_setting() => {
            t!(lang, "source-default-on", region = region, policy = policy_version.as_str())
        }
        SettingSource::RegionDefault { policy_version, .. } => {
            t!(lang, "source-default-off", region = region, policy = policy_version.as_str())
        }
        SettingSource::NoPolicyInForce => t!(lang, "source-no-policy"),
    }
}

fn method_words(lang: Lang, m: Method) -> String {
    match m {
        Method::Web => t!(lang, "method-web"),
        Method::Api => t!(lang, "method-api"),
        Method::Import => t!(lang, "method-import"),
        Method::Gpc => t!(lang, "method-gpc"),
        Method::Default => t!(lang, "method-default"),
    }
}

fn toggle_page(s: &AppState, v: &Viewer, purpose: Purpose, saved: bool) -> Result<Markup, ops::Error> {
    let m = &v.member;
    let lang = v.lang;
    let now = Timestamp::now();
    let setting = s.ledger.setting_as_of(m.id, m.region, purpose, now)?;
    let (policy_version, effective, basis, min_age) = {
        let policies = s.ledger.policies();
        match policies.in_force_at(now).or_else(|| policies.versions().first()) {
            Some(p) => (p.version().to_string(), Some(p.effective()), p.basis(m.region, purpose), p.minimum_age()),
            None => (String::new(), None, LegalBasis::Consent, 18),
        }
    };
    let on = setting.value;
    let (path, id) = match purpose {
        Purpose::TrainGenai => ("/settings/data-privacy/generative-ai", "genai-toggle"),
        Purpose::TrainAi => ("/settings/data-privacy/recommendations", "recs-toggle"),
    };
    let region = m.region.as_str().to_string();
    let name = setting_name(lang, purpose);
    let value = on_off_upper(lang, on);
    let confirmation = saved.then(|| {
        Flash::Ok(match &setting.source {
            SettingSource::Event(e) => {
                t!(
                    lang,
                    "toggle-saved-at",
                    setting = name.as_str(),
                    value = value.as_str(),
                    when = when(lang, e.recorded_at)
                )
            }
            _ => t!(lang, "toggle-saved", setting = name.as_str(), value = value.as_str()),
        })
    });
    let your_data = || html! { a href="/me/ai-data" { (t!(lang, "menu-your-data")) } };
    let policy_link = html! { a href={ "/policy/" (policy_version) } { (policy_version) } };
    let basis = basis_words(lang, basis);
    let body = html! {
        div.grid {
            aside { (settings_nav(lang, "privacy")) }
            div {
                section.card {
                    p.small { a href="/settings/data-privacy" { (t!(lang, "toggle-back")) } }
                    h1 { (name) }
                    (flash(&confirmation))
                    form method="post" action=(path) {
                        (csrf(&v.csrf))
                        input type="hidden" name="value" value=(if on { "off" } else { "on" });
                        div.switch-row {
                            div {
                                strong #switch-label {
                                    @if purpose == Purpose::TrainGenai { (t!(lang, "toggle-use-genai")) }
                                    @else { (t!(lang, "toggle-use-recs")) }
                                }
                                br;
                                span #setting-state.muted { (tm!(lang, "toggle-currently"; value = html! { strong { (value) } })) }
                            }
                            button.switch #(id) type="submit" role="switch" aria-checked=(on)
                                aria-labelledby="switch-label" aria-describedby="setting-state" {}
                        }
                    }
                    p.small.muted { (source_words(lang, &setting.source, &region)) }
                    h2 { (t!(lang, "toggle-covers")) }
                    @match purpose {
                        Purpose::TrainGenai => { p { (t!(lang, "toggle-genai-covers")) } }
                        Purpose::TrainAi => { p { (t!(lang, "toggle-recs-covers")) } }
                    }
                    ul {
                        li { (tm!(lang, "toggle-covered"; label = html! { strong { (t!(lang, "toggle-covered-label")) } })) }
                        li { (tm!(lang, "toggle-never"; label = html! { strong { (t!(lang, "toggle-never-label")) } })) }
                        li { (t!(lang, "toggle-min-age", age = min_age)) }
                    }
                    h2 { (t!(lang, "toggle-default")) }
                    p {
                        @if let Some(e) = effective {
                            (tm!(lang, "toggle-default-text-from", date = date(lang, e), basis = basis.as_str(), region = region.as_str();
                                policy = policy_link))
                        } @else {
                            (tm!(lang, "toggle-default-text", basis = basis.as_str(), region = region.as_str(); policy = policy_link))
                        }
                    }
                    h2 { (t!(lang, "toggle-change-back")) }
                    p { (tm!(lang, "toggle-change-back-text"; link = your_data())) }
                    h2 { (t!(lang, "toggle-off-does")) }
                    ul {
                        li { (t!(lang, "toggle-off-future")) }
                        li { (tm!(lang, "toggle-off-unlearn"; link = your_data())) }
                        @if purpose == Purpose::TrainGenai {
                            li { (t!(lang, "toggle-off-crawlers")) }
                        }
                        li { (t!(lang, "toggle-off-keep")) }
                    }
                }
            }
        }
    };
    Ok(page(lang, &name, Some(v), Nav::Me, false, body))
}

async fn show(state: AppState, v: Viewer, purpose: Purpose, saved: bool) -> Result<Response, WebError> {
    let markup = state.run(move |s| toggle_page(s, &v, purpose, saved)).await?;
    Ok(layout::html(StatusCode::OK, markup))
}

pub(crate) async fn genai_page(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    show(state, v, Purpose::TrainGenai, q.saved.is_some()).await
}

pub(crate) async fn recs_page(
    State(state): State<AppState>,
    v: Viewer,
    Query(q): Query<SavedQuery>,
) -> Result<Response, WebError> {
    show(state, v, Purpose::TrainAi, q.saved.is_some()).await
}

/// A toggle's form: the value to set.
#[derive(Deserialize)]
pub(crate) struct ToggleForm {
    #[serde(default)]
    value: String,
}

async fn change(
    state: AppState,
    v: Viewer,
    purpose: Purpose,
    f: ToggleForm,
    back: &'static str,
) -> Result<Response, WebError> {
    let value = match f.value.as_str() {
        "on" => true,
        "off" => false,
        other => {
            let lang = v.lang;
            return Err(WebError::new(
                lang,
                StatusCode::BAD_REQUEST,
                t!(lang, "error-check-input"),
                t!(lang, "error-bad-setting-value", value = other),
            ));
        }
    };
    let me = v.member.id;
    // Durable in the ledger (method `web`) before the confirmation page can be drawn.
    state.run(move |s| ops::settings::change(s, me, &[(purpose, value)], Method::Web)).await?;
    Ok(Redirect::to(&format!("{back}?saved=1")).into_response())
}

pub(crate) async fn genai_change(
    State(state): State<AppState>,
    v: Viewer,
    Form(f): Form<ToggleForm>,
) -> Result<Response, WebError> {
    change(state, v, Purpose::TrainGenai, f, "/settings/data-privacy/generative-ai").await
}

pub(crate) async fn recs_change(
    State(state): State<AppState>,
    v: Viewer,
    Form(f): Form<ToggleForm>,
) -> Result<Response, WebError> {
    change(state, v, Purpose::TrainAi, f, "/settings/data-privacy/recommendations").await
}

/// One of the member's items as the report names it.
fn item_words(s: &AppState, lang: Lang, me: i64, id: &str) -> Result<String, ops::Error> {
    let Ok(n) = id.parse::<i64>() else { return Ok(t!(lang, "data-item", id = id)) };
    Ok(match s.store.item(n)?.filter(|i| i.member_id == me) {
        Some(i) => match i.text {
            Some(text) => {
                let mut short: String = text.chars().take(60).collect();
                if text.chars().count() > 60 {
                    short.push('…');
                }
                t!(lang, "data-item-text", kind = kind_words(lang, i.kind), id = n.to_string(), text = short)
            }
            None => t!(lang, "data-item-deleted", kind = kind_words(lang, i.kind), id = n.to_string()),
        },
        None => t!(lang, "data-item", id = n.to_string()),
    })
}

fn kind_words(lang: Lang, k: Kind) -> String {
    match k {
        Kind::ProfileHeadline => t!(lang, "kind-headline"),
        Kind::ProfileAbout => t!(lang, "kind-about"),
        Kind::ProfileExperience => t!(lang, "kind-experience"),
        Kind::ProfileSkills => t!(lang, "kind-skills"),
        Kind::Post => t!(lang, "kind-post"),
        Kind::Article => t!(lang, "kind-article"),
        Kind::Comment => t!(lang, "kind-comment"),
        other => other.as_str().to_string(),
    }
}

fn item_list(s: &AppState, lang: Lang, me: i64, ids: &[String]) -> Result<Markup, ops::Error> {
    const SHOWN: usize = 8;
    let mut words = Vec::new();
    for id in ids.iter().take(SHOWN) {
        words.push(item_words(s, lang, me, id)?);
    }
    Ok(html! {
        ul.small {
            @for w in &words { li { (w) } }
            @if ids.len() > SHOWN { li.muted { (t!(lang, "data-and-more", count = ids.len() - SHOWN)) } }
        }
    })
}

pub(crate) async fn your_data(State(state): State<AppState>, v: Viewer) -> Result<Response, WebError> {
    let markup = state
        .run(move |s| {
            let m = &v.member;
            let lang = v.lang;
            let now = Timestamp::now();
            let settings = settings_now(s, m)?;
            let history: Vec<Event> = s.ledger.history(m.id)?;
            let policy = s.ledger.policies().in_force_at(now).cloned();
            let notices = s.store.notices_of(m.id)?;
            let report = ops::ai::member_report(s, m.id)?;
            let region = m.region.as_str().to_string();
            let mut dataset_items = BTreeMap::new();
            let mut release_items = BTreeMap::new();
            if let Some(r) = &report {
                for d in &r.datasets {
                    dataset_items.insert(d.dataset_id.clone(), item_list(s, lang, m.id, &d.items)?);
                }
                for r in &r.releases {
                    let lists = (item_list(s, lang, m.id, &r.items)?, item_list(s, lang, m.id, &r.removed)?);
                    release_items.insert(r.release_id.clone(), lists);
                }
            }
            let body = html! {
                section.card #your-settings {
                    h1 { (t!(lang, "data-title")) }
                    p.muted { (t!(lang, "data-intro")) }
                    h2 { (t!(lang, "data-settings")) }
                    table {
                        @for (p, st, href) in [
                            (Purpose::TrainGenai, &settings[0], "/settings/data-privacy/generative-ai"),
                            (Purpose::TrainAi, &settings[1], "/settings/data-privacy/recommendations"),
                        ] {
                            tr {
                                th scope="row" { (setting_name(lang, p)) }
                                td.setting-value { span.badge.on[st.value].off[!st.value] { (on_off(lang, st.value)) } }
                                td.small { (source_words(lang, &st.source, &region)) }
                                td { a href=(href) aria-label={ (t!(lang, "data-change")) " — " (setting_name(lang, p)) } { (t!(lang, "data-change")) } }
                            }
                        }
                    }
                }
                section.card #history {
                    h2 { (t!(lang, "data-history")) }
                    @if history.is_empty() {
                        p.muted { (t!(lang, "data-no-history")) }
                    } @else {
                        table {
                            tr { th scope="col" { (t!(lang, "data-when")) } th scope="col" { (t!(lang, "data-setting")) }
                                 th scope="col" { (t!(lang, "data-set-to")) } th scope="col" { (t!(lang, "data-how")) }
                                 th scope="col" { (t!(lang, "data-policy")) } }
                            @for e in history.iter().rev() {
                                tr {
                                    td { (when(lang, e.recorded_at)) }
                                    td { (setting_name(lang, e.purpose)) }
                                    td { (on_off(lang, e.value)) }
                                    td.method { (e.method.as_str()) " — " (method_words(lang, e.method)) }
                                    td { (e.policy_version) }
                                }
                            }
                        }
                    }
                }
                section.card #policy {
                    h2 { (t!(lang, "data-policy-applies")) }
                    @if let Some(p) = &policy {
                        p { (tm!(lang, "data-policy-line", date = date(lang, p.effective()); policy = html! { strong { (p.version()) } })) }
                        (policy_summary(lang, p))
                        ul {
                            @for pur in Purpose::ALL {
                                li { (t!(lang, "data-policy-basis", setting = setting_name(lang, pur),
                                        basis = basis_words(lang, p.basis(m.region, pur)), region = region.as_str())) }
                            }
                        }
                        p { a href={ "/policy/" (p.version()) } { (t!(lang, "data-read-policy")) } }
                    } @else {
                        p { (t!(lang, "data-no-policy")) }
                    }
                    @if !notices.is_empty() {
                        h2 { (t!(lang, "data-notices")) }
                        table {
                            tr { th scope="col" { (t!(lang, "data-policy")) } th scope="col" { (t!(lang, "data-first-shown")) }
                                 th scope="col" { (t!(lang, "data-dismissed")) } }
                            @for n in &notices {
                                tr { td { (n.policy_version) } td { (when(lang, n.shown_at)) }
                                     td { (n.dismissed_at.map(|d| when(lang, d)).unwrap_or_else(|| "—".to_string())) } }
                            }
                        }
                    }
                }
                section.card #report {
                    h2 { (t!(lang, "data-where")) }
                    @match &report {
                        None => { p.muted { (t!(lang, "data-no-training")) } }
                        Some(r) => {
                            h3 { (t!(lang, "data-datasets")) }
                            @if r.datasets.is_empty() { p.muted { (t!(lang, "data-no-datasets")) } }
                            @else {
                                table {
                                    tr { th scope="col" { (t!(lang, "data-dataset")) } th scope="col" { (t!(lang, "data-purpose")) }
                                         th scope="col" { (t!(lang, "data-as-of")) } th scope="col" { (t!(lang, "data-your-items")) } }
                                    @for d in &r.datasets {
                                        tr {
                                            td { code { (d.dataset_id) } }
                                            td { (d.purpose) }
                                            td { (when(lang, d.as_of)) }
                                            td {
                                                @if d.included {
                                                    (t!(lang, "data-used", count = d.items.len()))
                                                    (dataset_items.get(&d.dataset_id).cloned().unwrap_or_default())
                                                }
                                                @else { (t!(lang, "data-none")) }
                                            }
                                        }
                                    }
                                }
                            }
                            h3 { (t!(lang, "data-releases")) }
                            @if r.releases.is_empty() { p.muted { (t!(lang, "data-no-releases")) } }
                            @else {
                                table {
                                    tr { th scope="col" { (t!(lang, "data-release")) } th scope="col" { (t!(lang, "data-purpose")) }
                                         th scope="col" { (t!(lang, "data-published")) } th scope="col" { (t!(lang, "data-your-items")) }
                                         th scope="col" { (t!(lang, "data-removed-in")) } }
                                    @for rel in &r.releases {
                                        @let (used, removed) = release_items.get(&rel.release_id).cloned().unwrap_or_default();
                                        tr {
                                            td { code { (rel.release_id) } @if rel.live { " " span.badge.on { (t!(lang, "data-live")) } } }
                                            td { (rel.purpose) }
                                            td { (when(lang, rel.created_at)) }
                                            td {
                                                @if rel.included {
                                                    (t!(lang, "data-used", count = rel.items.len()))
                                                    @if let Some(sh) = rel.shard { " " (t!(lang, "data-shard", shard = sh)) }
                                                    (used)
                                                } @else { (t!(lang, "data-none")) }
                                            }
                                            td {
                                                @if rel.removed.is_empty() { "—" }
                                                @else {
                                                    (t!(lang, "data-removed-on", count = rel.removed.len(), when = when(lang, rel.created_at)))
                                                    (removed)
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            };
            Ok(page(lang, &t!(lang, "data-title"), Some(&v), Nav::Me, false, body))
        })
        .await?;
    Ok(layout::html(StatusCode::OK, markup))
}

/// The policy's own summary, in the page's language when the policy gives it
/// (`[translations.fr]`); otherwise as its authors wrote it, in English, marked as English so
/// that screen readers read it as such.
fn policy_summary(lang: Lang, p: &Policy) -> Markup {
    if p.summary().is_empty() {
        return html! {};
    }
    html! {
        @if let Some(words) = p.summary_in(lang.tag()) {
            blockquote.lead { (words) }
        } @else if lang == Lang::En {
            blockquote.lead { (p.summary()) }
        } @else {
            p.small.muted { (t!(lang, "policy-summary-language")) }
            blockquote.lead lang="en" { (p.summary()) }
        }
    }
}

fn policy_markup(lang: Lang, p: &Policy, region: Option<&str>) -> Markup {
    let kinds =
        |pur: Purpose| p.eligible_kinds(pur).iter().map(|k| kind_words(lang, *k)).collect::<Vec<_>>().join(", ");
    let effective = date(lang, p.effective());
    html! {
        section.card #policy-summary {
            h1 { (t!(lang, "policy-heading", version = p.version())) }
            p.muted { (t!(lang, "policy-in-force-from", date = effective.as_str())) }
            (policy_summary(lang, p))
            h2 { (t!(lang, "policy-in-short")) }
            ul {
                li { (t!(lang, "policy-never-used")) }
                li { (t!(lang, "policy-public-only")) }
                li { (t!(lang, "policy-min-age", age = p.minimum_age())) }
                li {
                    @if p.pre_effective_content_in_scope() { (t!(lang, "policy-pre-in-scope", date = effective.as_str())) }
                    @else { (t!(lang, "policy-pre-not-used", date = effective.as_str())) }
                }
                li {
                    @if p.gpc_is_opt_out() { (t!(lang, "policy-gpc-opt-out")) } @else { (t!(lang, "policy-gpc-not")) }
                }
            }
            h2 { (t!(lang, "policy-what")) }
            table {
                tr { th scope="row" { (setting_name(lang, Purpose::TrainGenai)) } td { (kinds(Purpose::TrainGenai)) } }
                tr { th scope="row" { (setting_name(lang, Purpose::TrainAi)) } td { (kinds(Purpose::TrainAi)) } }
            }
            h2 { (t!(lang, "policy-defaults")) }
            table {
                tr { th scope="col" { (t!(lang, "policy-where")) } th scope="col" { (setting_name(lang, Purpose::TrainGenai)) }
                     th scope="col" { (setting_name(lang, Purpose::TrainAi)) } }
                @for r in p.region_rules() {
                    tr { td {
                            @match p.region_name_in(r, lang.tag()) {
                                Some(name) => { (name) }
                                None if lang == Lang::En => { (r.name) }
                                None => { span lang="en" { (r.name) } }
                            }
                            " (" (r.written.join(", ")) ")" }
                         td { (basis_words(lang, r.bases[0])) } td { (basis_words(lang, r.bases[1])) } }
                }
                tr { td { (t!(lang, "policy-elsewhere")) } td { (basis_words(lang, p.default_bases()[0])) }
                     td { (basis_words(lang, p.default_bases()[1])) } }
            }
            @if let Some(region) = region {
                p { (tm!(lang, "policy-you-are-in"; region = html! { strong { (region) } })) }
            }
            details {
                summary { (t!(lang, "policy-as-code")) }
                pre lang="en" { (p.source()) }
            }
        }
    }
}

fn policy_response(s: &AppState, viewer: Option<&Viewer>, version: Option<&str>) -> Result<Response, ops::Error> {
    let lang = viewer.map_or_else(i18n::current, |v| v.lang);
    let now = Timestamp::now();
    let (policy, versions) = {
        let policies = s.ledger.policies();
        let p = match version {
            Some(v) => policies.get(v).cloned(),
            None => policies.in_force_at(now).or_else(|| policies.versions().first()).cloned(),
        };
        let versions: Vec<(String, Timestamp)> =
            policies.versions().iter().map(|p| (p.version().to_string(), p.effective())).collect();
        (p, versions)
    };
    let Some(p) = policy else { return Ok(WebError::not_found(lang, "policy version").into_response()) };
    let in_force = s.ledger.policies().in_force_at(now).map(|p| p.version().to_string());
    let body = html! {
        (policy_markup(lang, &p, viewer.map(|v| v.member.region.as_str())))
        section.card {
            h2 { (t!(lang, "policy-all-versions")) }
            ul {
                @for (v, eff) in &versions {
                    li {
                        (tm!(lang, "policy-from", date = date(lang, *eff); version = html! { a href={ "/policy/" (v) } { (v) } }))
                        @if in_force.as_deref() == Some(v.as_str()) { " " span.badge.on { (t!(lang, "policy-in-force")) } }
                        @else if *eff > now { " " span.badge { (t!(lang, "policy-upcoming")) } }
                    }
                }
            }
        }
    };
    let title = t!(lang, "policy-title", version = p.version());
    Ok(layout::html(StatusCode::OK, page(lang, &title, viewer, Nav::None, false, body)))
}

pub(crate) async fn policy_in_force(
    State(state): State<AppState>,
    MaybeViewer(v): MaybeViewer,
) -> Result<Response, WebError> {
    Ok(state.run(move |s| policy_response(s, v.as_ref(), None)).await?)
}

pub(crate) async fn policy_version(
    State(state): State<AppState>,
    MaybeViewer(v): MaybeViewer,
    Path(version): Path<String>,
) -> Result<Response, WebError> {
    Ok(state.run(move |s| policy_response(s, v.as_ref(), Some(&version))).await?)
}

/// Dismissing the policy banner.
#[derive(Deserialize)]
pub(crate) struct DismissForm {
    #[serde(default)]
    version: String,
}

pub(crate) async fn dismiss_notice(
    State(state): State<AppState>,
    v: Viewer,
    headers: axum::http::HeaderMap,
    Form(f): Form<DismissForm>,
) -> Result<Response, WebError> {
    let me = v.member.id;
    state.run(move |s| ops::settings::dismiss_notice(s, me, &f.version)).await?;
    // Back to the page the banner was on (same site only).
    let back = super::session::referer_path(&headers);
    Ok(Redirect::to(back.as_deref().unwrap_or("/feed")).into_response())
}
