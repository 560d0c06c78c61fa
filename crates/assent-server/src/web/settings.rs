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

use super::layout::{self, csrf, date, flash, on_off, page, setting_name, when, Flash, Nav};
use super::session::{MaybeViewer, Viewer};
use super::WebError;
use crate::{ops, AppState};

pub(crate) async fn index(v: Viewer) -> Response {
    let m = &v.member;
    let body = html! {
        div.grid {
            aside { (settings_nav("account")) }
            div {
                section.card {
                    h1 { "Settings" }
                    h2 { "Account" }
                    table {
                        tr { th { "Name" } td { (m.name) } }
                        tr { th { "E-mail" } td { (m.email) } }
                        tr { th { "Country" } td { (m.region.as_str()) } }
                        tr { th { "Member since" } td { (date(m.joined_at)) } }
                    }
                    p { a href="/profile/edit" { "Edit your profile" } }
                }
                section.card {
                    h2 { "Data privacy" }
                    p { "How Assent uses your data for AI, and your choices." }
                    a.button #settings-data-privacy href="/settings/data-privacy" { "Data privacy" }
                }
            }
        }
    };
    layout::html(StatusCode::OK, page("Settings", Some(&v), Nav::Me, false, body))
}

fn settings_nav(active: &str) -> Markup {
    html! {
        section.card {
            h2 { "Settings" }
            p { a href="/settings" { @if active == "account" { strong { "Account" } } @else { "Account" } } }
            p { a href="/settings/data-privacy" { @if active == "privacy" { strong { "Data privacy" } } @else { "Data privacy" } } }
            p { a href="/me/ai-data" { "Your data and AI" } }
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
            let row = |id: &str, href: &str, p: Purpose, on: bool, what: &str| {
                html! {
                    a.setting-link #(id) href=(href) {
                        span { strong { (setting_name(p)) } br; span.muted.small { (what) } }
                        span.badge.on[on].off[!on] { (on_off(on)) }
                    }
                }
            };
            let body = html! {
                div.grid {
                    aside { (settings_nav("privacy")) }
                    div {
                        section.card {
                            h1 { "Data privacy" }
                            h2 { "How Assent uses your data" }
                            (row("genai-setting", "/settings/data-privacy/generative-ai", Purpose::TrainGenai, genai.value,
                                "Training the AI that helps members write headlines, About sections, posts and messages"))
                            (row("recs-setting", "/settings/data-privacy/recommendations", Purpose::TrainAi, ai.value,
                                "Training the models behind connection and job suggestions"))
                            a.setting-link href="/me/ai-data" {
                                span { strong { "Your data and AI" } br;
                                       span.muted.small { "Your choices over time, the policy that applies to you, and which of your items trained which model" } }
                                span { "›" }
                            }
                            a.setting-link href="/policy" {
                                span { strong { "AI-data policy" } br; span.muted.small { "The rules in force, in plain words" } }
                                span { "›" }
                            }
                        }
                    }
                }
            };
            Ok(page("Data privacy", Some(&v), Nav::Me, false, body))
        })
        .await?;
    Ok(layout::html(StatusCode::OK, markup))
}

/// `?saved=1` after a change.
#[derive(Deserialize)]
pub(crate) struct SavedQuery {
    saved: Option<String>,
}

fn basis_words(b: LegalBasis) -> &'static str {
    match b {
        LegalBasis::LegitimateInterest => "ON by default (legitimate interest: you can opt out)",
        LegalBasis::Consent => "OFF by default (we need your consent: you can opt in)",
    }
}

fn source_words(src: &SettingSource, region: &str) -> String {
    match src {
        SettingSource::Event(e) => format!("You chose this on {} ({}).", when(e.recorded_at), method_words(e.method)),
        SettingSource::RegionDefault { policy_version, basis } => format!(
            "You have not changed it: this is the default for members in {region} under policy {policy_version}, {}.",
            if basis.default_setting() { "on by default" } else { "off until you turn it on" }
        ),
        SettingSource::NoPolicyInForce => "No policy is in force, so nothing may be used.".to_string(),
    }
}

fn method_words(m: Method) -> &'static str {
    match m {
        Method::Web => "on the website",
        Method::Api => "through the API",
        Method::Import => "imported",
        Method::Gpc => "Global Privacy Control signal from your browser",
        Method::Default => "region default, recorded",
    }
}

fn toggle_page(s: &AppState, v: &Viewer, purpose: Purpose, saved: bool) -> Result<Markup, ops::Error> {
    let m = &v.member;
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
    let confirmation = saved.then(|| {
        let at = match &setting.source {
            SettingSource::Event(e) => format!(" Recorded on {}.", when(e.recorded_at)),
            _ => String::new(),
        };
        Flash::Ok(format!("Saved: {} is now {}.{at}", setting_name(purpose), on_off(on).to_uppercase()))
    });
    let body = html! {
        div.grid {
            aside { (settings_nav("privacy")) }
            div {
                section.card {
                    p.small { a href="/settings/data-privacy" { "‹ Back to Data privacy" } }
                    h1 { (setting_name(purpose)) }
                    (flash(&confirmation))
                    form method="post" action=(path) {
                        (csrf(&v.csrf))
                        input type="hidden" name="value" value=(if on { "off" } else { "on" });
                        div.switch-row {
                            div {
                                strong { "Use my data for "
                                    @if purpose == Purpose::TrainGenai { "training content creation AI models" }
                                    @else { "training the models behind suggestions" } }
                                br;
                                span #setting-state.muted { "Currently " strong { (on_off(on).to_uppercase()) } }
                            }
                            button.switch #(id) type="submit" role="switch" aria-checked=(on)
                                aria-label={ (if on { "Turn off " } else { "Turn on " }) (setting_name(purpose)) }
                                title=(if on { "Turn off" } else { "Turn on" }) {}
                        }
                    }
                    p.small.muted { (source_words(&setting.source, &region)) }
                    h2 { "What it covers" }
                    @match purpose {
                        Purpose::TrainGenai => {
                            p { "When this is on, Assent may use your data to train the generative AI that helps members write: "
                                "headlines, About sections, posts and message replies." }
                        }
                        Purpose::TrainAi => {
                            p { "When this is on, Assent may use your data to train the models that suggest people you may know "
                                "and jobs that fit." }
                        }
                    }
                    ul {
                        li { strong { "Covered: " } "your public profile (headline, About, experience and skills, when set to Public) "
                             "and the posts, articles and comments you share publicly." }
                        li { strong { "Never covered: " } "your private messages, your e-mail address, phone number, date of birth, "
                             "password and payment details, and anything you share only with your connections or keep to yourself." }
                        li { "Members under " (min_age) " are never included, whatever this setting says." }
                    }
                    h2 { "Your default" }
                    p {
                        "Under Assent's policy " a href={ "/policy/" (policy_version) } { (policy_version) }
                        @if let Some(e) = effective { " (in force from " (date(e)) ")" }
                        ", this setting is " (basis_words(basis)) " for members in " (region) "."
                    }
                    h2 { "You can change it back at any time" }
                    p { "Turn it off or on as often as you like. Every change is recorded with its date, and you can see "
                        "them all in " a href="/me/ai-data" { "Your data and AI" } "." }
                    h2 { "What turning it off does" }
                    ul {
                        li { "Your data is left out of every future training run." }
                        li { "Models already trained with your data forget it: Assent trains each model in shards, and the "
                             "shards that learned from your data are retrained without it and replaced, usually within minutes "
                             "(exact unlearning). " a href="/me/ai-data" { "Your data and AI" } " shows when your items were removed." }
                        @if purpose == Purpose::TrainGenai {
                            li { "Your public profile and posts tell outside crawlers not to use them for AI training "
                                 "(robots.txt, Content-Usage and TDM reservation signals)." }
                        }
                        li { "You keep using every AI feature, like everyone else." }
                    }
                }
            }
        }
    };
    Ok(page(setting_name(purpose), Some(v), Nav::Me, false, body))
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
            return Err(WebError::new(
                StatusCode::BAD_REQUEST,
                "Please check what you entered",
                format!("`{other}` is not a setting value; use the switch on the settings page."),
            ))
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
fn item_words(s: &AppState, me: i64, id: &str) -> Result<String, ops::Error> {
    let Ok(n) = id.parse::<i64>() else { return Ok(format!("item {id}")) };
    Ok(match s.store.item(n)?.filter(|i| i.member_id == me) {
        Some(i) => match i.text {
            Some(t) => {
                let short: String = t.chars().take(60).collect();
                let more = if t.chars().count() > 60 { "…" } else { "" };
                format!("{} #{n}: “{short}{more}”", kind_words(i.kind))
            }
            None => format!("{} #{n} (deleted, text erased)", kind_words(i.kind)),
        },
        None => format!("item #{n}"),
    })
}

fn kind_words(k: Kind) -> &'static str {
    match k {
        Kind::ProfileHeadline => "Headline",
        Kind::ProfileAbout => "About",
        Kind::ProfileExperience => "Experience",
        Kind::ProfileSkills => "Skills",
        Kind::Post => "Post",
        Kind::Article => "Article",
        Kind::Comment => "Comment",
        other => other.as_str(),
    }
}

fn item_list(s: &AppState, me: i64, ids: &[String]) -> Result<Markup, ops::Error> {
    const SHOWN: usize = 8;
    let mut words = Vec::new();
    for id in ids.iter().take(SHOWN) {
        words.push(item_words(s, me, id)?);
    }
    Ok(html! {
        ul.small {
            @for w in &words { li { (w) } }
            @if ids.len() > SHOWN { li.muted { "and " (ids.len() - SHOWN) " more" } }
        }
    })
}

pub(crate) async fn your_data(State(state): State<AppState>, v: Viewer) -> Result<Response, WebError> {
    let markup = state
        .run(move |s| {
            let m = &v.member;
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
                    dataset_items.insert(d.dataset_id.clone(), item_list(s, m.id, &d.items)?);
                }
                for r in &r.releases {
                    release_items.insert(r.release_id.clone(), (item_list(s, m.id, &r.items)?, item_list(s, m.id, &r.removed)?));
                }
            }
            let body = html! {
                section.card #your-settings {
                    h1 { "Your data and AI" }
                    p.muted { "What Assent may do with your data, what you chose, and where your data went." }
                    h2 { "Your settings" }
                    table {
                        @for (p, st, href) in [
                            (Purpose::TrainGenai, &settings[0], "/settings/data-privacy/generative-ai"),
                            (Purpose::TrainAi, &settings[1], "/settings/data-privacy/recommendations"),
                        ] {
                            tr {
                                th { (setting_name(p)) }
                                td.setting-value { span.badge.on[st.value].off[!st.value] { (on_off(st.value)) } }
                                td.small { (source_words(&st.source, &region)) }
                                td { a href=(href) { "Change" } }
                            }
                        }
                    }
                }
                section.card #history {
                    h2 { "Your choices over time" }
                    @if history.is_empty() {
                        p.muted { "You have not changed either setting: the defaults of the policy apply." }
                    } @else {
                        table {
                            tr { th { "When" } th { "Setting" } th { "Set to" } th { "How" } th { "Policy" } }
                            @for e in history.iter().rev() {
                                tr {
                                    td { (when(e.recorded_at)) }
                                    td { (setting_name(e.purpose)) }
                                    td { (on_off(e.value)) }
                                    td.method { (e.method.as_str()) " — " (method_words(e.method)) }
                                    td { (e.policy_version) }
                                }
                            }
                        }
                    }
                }
                section.card #policy {
                    h2 { "The policy that applies to you" }
                    @if let Some(p) = &policy {
                        p { "Policy " strong { (p.version()) } ", in force since " (date(p.effective())) "." }
                        @if !p.summary().is_empty() { blockquote { (p.summary()) } }
                        ul {
                            @for pur in Purpose::ALL {
                                li { (setting_name(pur)) ": " (basis_words(p.basis(m.region, pur))) " in " (region) "." }
                            }
                        }
                        p { a href={ "/policy/" (p.version()) } { "Read the policy summary" } }
                    } @else {
                        p { "No policy is in force: none of your data may be used." }
                    }
                    @if !notices.is_empty() {
                        h2 { "Policy notices shown to you" }
                        table {
                            tr { th { "Policy" } th { "First shown" } th { "Dismissed" } }
                            @for n in &notices {
                                tr { td { (n.policy_version) } td { (when(n.shown_at)) }
                                     td { (n.dismissed_at.map(when).unwrap_or_else(|| "—".to_string())) } }
                            }
                        }
                    }
                }
                section.card #report {
                    h2 { "Where your data went" }
                    @match &report {
                        None => { p.muted { "This server keeps no training data: no dataset or model has used your data." } }
                        Some(r) => {
                            h2 { "Datasets" }
                            @if r.datasets.is_empty() { p.muted { "No dataset has been exported yet." } }
                            @else {
                                table {
                                    tr { th { "Dataset" } th { "Purpose" } th { "As of" } th { "Your items" } }
                                    @for d in &r.datasets {
                                        tr {
                                            td { code { (d.dataset_id) } }
                                            td { (d.purpose) }
                                            td { (when(d.as_of)) }
                                            td {
                                                @if d.included { (d.items.len()) " used" (dataset_items.get(&d.dataset_id).cloned().unwrap_or_default()) }
                                                @else { "none" }
                                            }
                                        }
                                    }
                                }
                            }
                            h2 { "Model releases" }
                            @if r.releases.is_empty() { p.muted { "No model has been trained yet." } }
                            @else {
                                table {
                                    tr { th { "Release" } th { "Purpose" } th { "Published" } th { "Your items" } th { "Removed in this release" } }
                                    @for rel in &r.releases {
                                        @let (used, removed) = release_items.get(&rel.release_id).cloned().unwrap_or_default();
                                        tr {
                                            td { code { (rel.release_id) } @if rel.live { " " span.badge.on { "live" } } }
                                            td { (rel.purpose) }
                                            td { (when(rel.created_at)) }
                                            td {
                                                @if rel.included {
                                                    (rel.items.len()) " used"
                                                    @if let Some(sh) = rel.shard { " (shard " (sh) ")" }
                                                    (used)
                                                } @else { "none" }
                                            }
                                            td {
                                                @if rel.removed.is_empty() { "—" }
                                                @else { (rel.removed.len()) " removed on " (when(rel.created_at)) (removed) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            };
            Ok(page("Your data and AI", Some(&v), Nav::Me, false, body))
        })
        .await?;
    Ok(layout::html(StatusCode::OK, markup))
}

fn policy_markup(p: &Policy, region: Option<&str>) -> Markup {
    let kinds = |pur: Purpose| p.eligible_kinds(pur).iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ");
    html! {
        section.card #policy-summary {
            h1 { "AI-data policy " (p.version()) }
            p.muted { "In force from " (date(p.effective())) "." }
            @if !p.summary().is_empty() { p.lead { (p.summary()) } }
            h2 { "In short" }
            ul {
                li { "Private messages, e-mail addresses, phone numbers, dates of birth, passwords and payment details are never used." }
                li { "Only what is public can be used, and only while it is public." }
                li { "Members under " (p.minimum_age()) " are never included." }
                li { "Content created before " (date(p.effective())) " is "
                     @if p.pre_effective_content_in_scope() { "in scope" } @else { "not used" } "." }
                li { "A Global Privacy Control signal from your browser "
                     @if p.gpc_is_opt_out() { "counts as an opt-out" } @else { "is not treated as an opt-out" } "." }
            }
            h2 { "What may be used" }
            table {
                tr { th { (setting_name(Purpose::TrainGenai)) } td { (kinds(Purpose::TrainGenai)) } }
                tr { th { (setting_name(Purpose::TrainAi)) } td { (kinds(Purpose::TrainAi)) } }
            }
            h2 { "Defaults by region" }
            table {
                tr { th { "Where" } th { (setting_name(Purpose::TrainGenai)) } th { (setting_name(Purpose::TrainAi)) } }
                @for r in p.region_rules() {
                    tr { td { (r.name) " (" (r.written.join(", ")) ")" }
                         td { (basis_words(r.bases[0])) } td { (basis_words(r.bases[1])) } }
                }
                tr { td { "Everywhere else" } td { (basis_words(p.default_bases()[0])) } td { (basis_words(p.default_bases()[1])) } }
            }
            @if let Some(region) = region {
                p { "You are in " strong { (region) } "." }
            }
            details {
                summary { "The policy as code" }
                pre { (p.source()) }
            }
        }
    }
}

fn policy_response(s: &AppState, viewer: Option<&Viewer>, version: Option<&str>) -> Result<Response, ops::Error> {
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
    let Some(p) = policy else { return Ok(WebError::not_found("policy version").into_response()) };
    let in_force = s.ledger.policies().in_force_at(now).map(|p| p.version().to_string());
    let body = html! {
        (policy_markup(&p, viewer.map(|v| v.member.region.as_str())))
        section.card {
            h2 { "All versions" }
            ul {
                @for (v, eff) in &versions {
                    li {
                        a href={ "/policy/" (v) } { (v) } " — from " (date(*eff))
                        @if in_force.as_deref() == Some(v.as_str()) { " " span.badge.on { "in force" } }
                        @else if *eff > now { " " span.badge { "upcoming" } }
                    }
                }
            }
        }
    };
    Ok(layout::html(StatusCode::OK, page(&format!("Policy {}", p.version()), viewer, Nav::None, false, body)))
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
    let back = headers
        .get(axum::http::header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()));
    Ok(Redirect::to(super::session::safe_next(back.as_deref())).into_response())
}
