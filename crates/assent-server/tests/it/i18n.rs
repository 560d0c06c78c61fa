//! English and French: a French-speaking member signs up, sees every page in French (no English
//! sentence of the catalogue on any of them), turns the generative-AI setting off in French along
//! the same path, and switches to English in Settings › Account; visitors get their browser's
//! language or the one they pick.

use assent_ledger::Method as LedgerMethod;
use assent_policy::Purpose;
use assent_server::i18n::{EN_FTL, FR_FTL};
use axum::http::{Method, StatusCode};
use fluent_syntax::ast::{Entry, Expression, Pattern, PatternElement};

use crate::web::{Browser, Page};
use crate::TestApp;

/// The literal text of a pattern, variants included, cut at every placeholder.
fn fragments(p: &Pattern<&str>, out: &mut Vec<String>) {
    for el in &p.elements {
        match el {
            PatternElement::TextElement { value } => out.push(value.to_string()),
            PatternElement::Placeable { expression: Expression::Select { variants, .. } } => {
                for v in variants {
                    fragments(&v.value, out);
                }
            }
            PatternElement::Placeable { .. } => out.push(String::new()),
        }
    }
}

fn messages(source: &str) -> Vec<(String, Vec<String>)> {
    let resource = fluent_syntax::parser::parse(source).expect("the catalogue parses");
    resource
        .body
        .iter()
        .filter_map(|e| match e {
            Entry::Message(m) => {
                let mut out = Vec::new();
                fragments(m.value.as_ref().unwrap(), &mut out);
                Some((m.id.name.to_string(), out))
            }
            _ => None,
        })
        .collect()
}

/// Every English sentence of the catalogue (three words or more between placeholders) whose
/// message reads differently in French.
fn english_sentences() -> Vec<String> {
    let fr: std::collections::BTreeMap<String, Vec<String>> = messages(FR_FTL).into_iter().collect();
    let mut out = Vec::new();
    for (key, parts) in messages(EN_FTL) {
        if fr.get(&key) == Some(&parts) {
            continue;
        }
        for part in parts {
            let part = part.split_whitespace().collect::<Vec<_>>().join(" ");
            if part.split(' ').count() >= 3 {
                out.push(part);
            }
        }
    }
    assert!(out.len() > 150, "the catalogue has its sentences ({})", out.len());
    out
}

/// The page's text and attributes, entities decoded, white space folded.
fn readable(p: &Page) -> String {
    let decoded = p.body.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[track_caller]
fn assert_french(p: &Page, what: &str, english: &[String]) {
    assert!(p.body.contains(r#"<html lang="fr">"#), "{what}: not marked French:\n{}", p.body);
    let text = readable(p);
    let found: Vec<&String> = english.iter().filter(|s| text.contains(s.as_str())).collect();
    assert!(found.is_empty(), "{what}: English on a French page: {found:?}\n{}", p.body);
}

on_both!(#[tokio::test] async a_french_speaking_member_does_everything_in_french);
async fn a_french_speaking_member_does_everything_in_french(t: TestApp) {
    let english = english_sentences();
    let (grace, grace_h, _) = t.member("Grace Hopper", "grace@example.com", "FR").await;
    let b = Browser::speaking(&t.state, "fr-FR,fr;q=0.9,en;q=0.5");

    // Signed out: the front door is French.
    for path in ["/", "/signup", "/login", "/policy", &format!("/in/{grace_h}"), "/nowhere"] {
        assert_french(&b.get(path).await, path, &english);
    }
    let signup = b.get("/signup").await;
    signup.assert_contains("Rejoindre Assent");
    signup.assert_contains(r#"<option value="fr" lang="fr" selected>Français</option>"#);

    // Sign-up: the language of the pages becomes the member's own choice.
    b.sign_up("Camille Martin", "camille@example.fr", "FR", "1990-04-01").await;
    let me = t.sync(|s| s.store.member_by_handle("camille-martin-2")).unwrap().unwrap();
    assert_eq!(me.language.as_deref(), Some("fr"));

    // Some of everything, so that every part of every page is drawn.
    b.submit("/feed", "/feed", &[("text", "Bonjour à tous"), ("visibility", "public"), ("action", "post")]).await;
    b.submit(
        "/profile/edit",
        "/profile/experience",
        &[
            ("title", "Ingénieure"),
            ("company", "Moteurs SA"),
            ("start", "2020-01-01"),
            ("description", "Calculs"),
            ("visibility", "public"),
        ],
    )
    .await;
    b.submit(&format!("/in/{grace_h}"), "/network/connect", &[("to", &grace.to_string())]).await;
    b.submit(
        &format!("/messages/{grace_h}"),
        "/messages",
        &[("to", &grace_h), ("text", "Bonjour"), ("action", "send")],
    )
    .await;
    let pages = [
        "/feed?welcome=1",
        "/feed?posted=1",
        "/network",
        &format!("/network?sent={grace}"),
        "/jobs",
        "/jobs?q=rust",
        "/messages",
        &format!("/messages/{grace_h}"),
        "/settings",
        "/settings/data-privacy",
        "/settings/data-privacy/generative-ai",
        "/settings/data-privacy/recommendations",
        "/me/ai-data",
        "/policy",
        "/policy/2025-11-03",
        "/policy/1999-01-01",
        "/profile/edit",
        "/profile/edit?saved=1",
        "/in/camille-martin-2",
        &format!("/in/{grace_h}"),
        "/nowhere",
    ];
    for path in pages {
        assert_french(&b.get(path).await, path, &english);
    }
    b.get("/feed").await.assert_contains("Commencer une publication");
    // The policy's own summary, in the French its authors gave.
    b.get("/policy").await.assert_contains("Les données publiques de votre profil et les contenus");

    // The setting, off in French along the same path: feed › Me › Préférences › Confidentialité
    // des données › the setting › the switch.
    let feed = b.get("/feed").await;
    feed.assert_contains(r#"<a id="menu-settings" href="/settings">Préférences</a>"#);
    b.get("/settings")
        .await
        .assert_contains(r#"id="settings-data-privacy" href="/settings/data-privacy">Confidentialité des données</a>"#);
    b.get("/settings/data-privacy").await.assert_contains("Données pour l'amélioration de l'IA générative");
    let p = b
        .submit("/settings/data-privacy/generative-ai", "/settings/data-privacy/generative-ai", &[("value", "off")])
        .await;
    assert_eq!((p.status, p.location()), (StatusCode::SEE_OTHER, "/settings/data-privacy/generative-ai?saved=1"));
    let confirmed = b.get(p.location()).await;
    assert_french(&confirmed, "the confirmation", &english);
    confirmed.assert_contains(
        "Enregistré\u{a0}: le réglage «\u{a0}Données pour l'amélioration de l'IA générative\u{a0}» est maintenant DÉSACTIVÉ.",
    );
    let history = t.sync(|s| s.ledger.history(me.id)).unwrap();
    let last = history.last().unwrap();
    assert_eq!((last.purpose, last.value, last.method), (Purpose::TrainGenai, false, LedgerMethod::Web));
    let data = b.get("/me/ai-data").await;
    assert_french(&data, "/me/ai-data after the change", &english);
    data.assert_contains("sur le site");

    // Errors say what was wrong, in French, and keep the text.
    let long = "x".repeat(3001);
    let p = b.submit("/feed", "/feed", &[("text", &long), ("visibility", "public"), ("action", "post")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_french(&p, "a refused post", &english);
    p.assert_contains("Texte\u{a0}: compte 3\u{202f}001 caractères\u{202f}; 3\u{202f}000 au plus sont permis");
    let p = b.submit("/feed", "/feed", &[("text", "Bonjour"), ("action", "post")]).await;
    p.assert_contains("Visibilité\u{a0}: choisissez qui peut le voir");
    let p = b
        .submit("/settings/data-privacy/generative-ai", "/settings/data-privacy/generative-ai", &[("value", "x")])
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert_french(&p, "a bad setting value", &english);
    let p = b.post_raw("/feed", &[("text", "no token")]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_french(&p, "a form without its token", &english);
    p.assert_contains("Ce formulaire a expiré");

    // Settings › Account: back to English, then to the browser's language.
    let p = b.submit("/settings", "/settings/language", &[("language", "en")]).await;
    assert_eq!((p.status, p.location()), (StatusCode::SEE_OTHER, "/settings?language=1#language"));
    assert_eq!(t.sync(|s| s.store.member(me.id)).unwrap().unwrap().language.as_deref(), Some("en"));
    let p = b.get("/settings?language=1").await;
    assert!(p.body.contains(r#"<html lang="en">"#), "{}", p.body);
    p.assert_contains("Saved: your pages are now in English.");
    b.get("/feed").await.assert_contains("Start a post");
    let p = b.submit("/settings", "/settings/language", &[("language", "klingon")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    p.assert_contains("`klingon` is not a language Assent speaks");
    assert_eq!(t.sync(|s| s.store.member(me.id)).unwrap().unwrap().language.as_deref(), Some("en"), "unchanged");
    b.submit("/settings", "/settings/language", &[("language", "")]).await;
    assert_eq!(t.sync(|s| s.store.member(me.id)).unwrap().unwrap().language, None);
    assert_french(&b.get("/feed").await, "the feed, following the browser again", &english);

    // Log-in brings the member's own choice back, whatever the browser says.
    b.submit("/settings", "/settings/language", &[("language", "fr")]).await;
    let english_browser = Browser::speaking(&t.state, "en-GB,en;q=0.9");
    let p = english_browser.log_in("camille@example.fr", "correct horse battery").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_french(&english_browser.get("/feed").await, "the feed after log-in from an English browser", &english);
    assert_french(&english_browser.get("/nowhere").await, "an error page after log-in", &english);
}

on_both!(#[tokio::test] async visitors_get_their_browsers_language_or_the_one_they_pick);
async fn visitors_get_their_browsers_language_or_the_one_they_pick(t: TestApp) {
    let english = english_sentences();
    let plain = Browser::new(&t.state);
    let p = plain.get("/").await;
    assert!(p.body.contains(r#"<html lang="en">"#));
    p.assert_contains("Welcome to your professional community");
    assert!(p.header("vary").is_some_and(|v| v.contains("accept-language")), "{:?}", p.headers);

    // A German browser that also reads French gets French; one that reads neither, English.
    let p = Browser::speaking(&t.state, "de-DE,de;q=0.9,fr;q=0.5").get("/").await;
    assert_french(&p, "/ for a German-French browser", &english);
    let p = Browser::speaking(&t.state, "de-DE,es;q=0.9").get("/").await;
    assert!(p.body.contains(r#"<html lang="en">"#));

    // Picking a language from the footer keeps it, and comes back to the page.
    let p = plain.request("GET", "/language/fr", &[("referer", "http://localhost/login?next=/jobs")], None).await;
    assert_eq!((p.status, p.location()), (StatusCode::SEE_OTHER, "/login?next=/jobs"));
    assert_french(&plain.get("/login").await, "/login after picking French", &english);
    assert_french(&plain.get("/policy").await, "/policy after picking French", &english);
    let p = plain.request("GET", "/language/en", &[("referer", "https://evil.example//x")], None).await;
    assert_eq!(p.location(), "/");
    assert!(plain.get("/").await.body.contains(r#"<html lang="en">"#));
    assert_eq!(plain.get("/language/xx").await.status, StatusCode::NOT_FOUND);
    assert_eq!(plain.get("/language/FR").await.status, StatusCode::NOT_FOUND);

    // The API keeps its error codes whatever the language.
    let (status, body) = t.call(Method::POST, "/api/v1/members", None, Some(serde_json::json!({"name": ""}))).await;
    assert!(status.is_client_error());
    assert!(body["error"]["code"].is_string(), "{body}");
}
