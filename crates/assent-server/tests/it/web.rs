//! The web app through `app()` with `oneshot`: do-not-train signals, robots.txt and tdmrep.json,
//! CSRF, escaping, log-in throttling, the settings path, GPC, the policy notice and "Draft with
//! AI". A tiny cookie-keeping client plays the browser.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::Duration;

use assent_ledger::Method as LedgerMethod;
use assent_policy::{Purpose, Timestamp};
use assent_server::{app, AppState};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::TestApp;

/// One answer.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> &str {
        self.headers.get("location").and_then(|l| l.to_str().ok()).unwrap_or_default()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    /// The CSRF token of the page's first form.
    pub fn csrf(&self) -> String {
        let at = self.body.find(r#"name="csrf" value=""#).expect("the page has a form with a CSRF token");
        let rest = &self.body[at + r#"name="csrf" value=""#.len()..];
        rest[..rest.find('"').unwrap()].to_string()
    }
    #[track_caller]
    pub fn assert_contains(&self, text: &str) {
        assert!(self.body.contains(text), "page ({}) lacks {text:?}:\n{}", self.status, self.body);
    }
}

/// A browser without a screen: keeps cookies, sends forms.
pub struct Browser<'a> {
    state: &'a AppState,
    cookies: RefCell<BTreeMap<String, String>>,
    accept_language: Option<&'static str>,
}

fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let enc = |s: &str| {
                s.bytes()
                    .map(|b| {
                        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                            (b as char).to_string()
                        } else {
                            format!("%{b:02X}")
                        }
                    })
                    .collect::<String>()
            };
            format!("{}={}", enc(k), enc(v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl<'a> Browser<'a> {
    pub fn new(state: &'a AppState) -> Browser<'a> {
        Browser { state, cookies: RefCell::new(BTreeMap::new()), accept_language: None }
    }

    /// A browser that sends `Accept-Language: {accept_language}` with every request.
    pub fn speaking(state: &'a AppState, accept_language: &'static str) -> Browser<'a> {
        Browser { accept_language: Some(accept_language), ..Browser::new(state) }
    }

    pub async fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<String>) -> Page {
        let mut req = Request::builder().method(method).uri(path);
        let jar = self.cookies.borrow().iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        if !jar.is_empty() {
            req = req.header("cookie", jar);
        }
        if let Some(l) = self.accept_language {
            req = req.header("accept-language", l);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let body = match body {
            Some(b) => {
                req = req.header("content-type", "application/x-www-form-urlencoded");
                Body::from(b)
            }
            None => Body::empty(),
        };
        let resp = app(self.state.clone()).oneshot(req.body(body).unwrap()).await.unwrap();
        for c in resp.headers().get_all("set-cookie") {
            let c = c.to_str().unwrap();
            assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Path=/"), "{c}");
            let (pair, attrs) = c.split_once(';').unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.cookies.borrow_mut().remove(k);
            } else {
                self.cookies.borrow_mut().insert(k.to_string(), v.to_string());
            }
        }
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Page { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str) -> Page {
        self.request("GET", path, &[], None).await
    }

    /// Posts a form as is (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.request("POST", path, &[], Some(form_body(fields))).await
    }

    /// Opens `page`, then posts its form to `action` with the page's CSRF token.
    pub async fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.get(page).await.csrf();
        let mut all = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(action, &all).await
    }

    pub async fn sign_up(&self, name: &str, email: &str, region: &str, birth_date: &str) -> Page {
        let p = self
            .submit(
                "/signup",
                "/signup",
                &[
                    ("name", name),
                    ("email", email),
                    ("password", "correct horse battery"),
                    ("region", region),
                    ("birth_date", birth_date),
                ],
            )
            .await;
        assert_eq!((p.status, p.location()), (StatusCode::SEE_OTHER, "/feed?welcome=1"), "{}", p.body);
        p
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Page {
        self.submit("/login", "/login", &[("email", email), ("password", password)]).await
    }
}

/// The first of this month, `years` years ago.
fn years_ago(years: i32) -> String {
    use chrono::Datelike;
    let today = Timestamp::now().to_datetime().date_naive();
    today.with_day(1).unwrap().with_year(today.year() - years).unwrap().to_string()
}

const SIGNALS: [(&str, &str); 3] =
    [("content-usage", "train-ai=n"), ("x-robots-tag", "noai, noimageai"), ("tdm-reservation", "1")];
const META: &str = r#"<meta name="robots" content="noai, noimageai">"#;

#[track_caller]
fn assert_reserved(p: &Page, reserved: bool, what: &str) {
    assert_eq!(p.status, StatusCode::OK, "{what}: {}", p.body);
    for (h, v) in SIGNALS {
        if reserved {
            assert_eq!(p.header(h), Some(v), "{what}: header {h}");
        } else {
            assert_eq!(p.header(h), None, "{what}: header {h} must be absent");
        }
    }
    assert_eq!(p.body.contains(META), reserved, "{what}: robots meta");
}

on_both!(#[tokio::test] async signals_for_opted_out_members_and_minors_only);
async fn signals_for_opted_out_members_and_minors_only(t: TestApp) {
    let (adult, adult_h, adult_t) = t.member("Ada Lovelace", "ada@example.com", "US").await;
    let (_, out_h, out_t) = t.member("Grace Hopper", "grace@example.com", "US").await;
    let minor_b = Browser::new(&t.state);
    minor_b.sign_up("Young Coder", "young@example.com", "US", &years_ago(17)).await;
    let minor_h = t.sync(|s| s.store.member(3)).unwrap().unwrap().handle;
    let (s, _) = t
        .call(axum::http::Method::PUT, "/api/v1/me/settings/ai-data", Some(&out_t), Some(json!({"train_genai": false})))
        .await;
    assert_eq!(s, StatusCode::OK);
    let mut posts = BTreeMap::new();
    for (h, tok) in [(&adult_h, &adult_t), (&out_h, &out_t)] {
        let (_, v) = t
            .call(
                axum::http::Method::POST,
                "/api/v1/posts",
                Some(tok),
                Some(json!({"text": "Hello", "visibility": "public"})),
            )
            .await;
        posts.insert(h.clone(), v["id"].as_i64().unwrap());
    }
    minor_b.submit("/feed", "/feed", &[("text", "First post!"), ("visibility", "public"), ("action", "post")]).await;
    posts.insert(minor_h.clone(), t.sync(|s| s.store.posts_of(3, 1)).unwrap()[0].id);

    let anon = Browser::new(&t.state);
    for (h, reserved) in [(&adult_h, false), (&out_h, true), (&minor_h, true)] {
        assert_reserved(&anon.get(&format!("/in/{h}")).await, reserved, h);
        assert_reserved(&anon.get(&format!("/in/{h}/posts/{}", posts[h])).await, reserved, h);
    }

    let robots = anon.get("/robots.txt").await;
    assert_eq!(robots.status, StatusCode::OK);
    assert!(robots.body.contains("User-Agent: *\nAllow: /\n"), "{}", robots.body);
    for (h, reserved) in [(&adult_h, false), (&out_h, true), (&minor_h, true)] {
        for line in [format!("Content-Usage: /in/{h}$ train-ai=n"), format!("Content-Usage: /in/{h}/ train-ai=n")] {
            assert_eq!(robots.body.contains(&line), reserved, "{line}\n{}", robots.body);
        }
    }
    let tdm = anon.get("/.well-known/tdmrep.json").await;
    let rules: Value = serde_json::from_str(&tdm.body).unwrap();
    let locations: Vec<&str> = rules.as_array().unwrap().iter().map(|r| r["location"].as_str().unwrap()).collect();
    assert!(rules.as_array().unwrap().iter().all(|r| r["tdm-reservation"] == 1));
    for (h, reserved) in [(&adult_h, false), (&out_h, true), (&minor_h, true)] {
        assert_eq!(locations.contains(&format!("/in/{h}").as_str()), reserved, "{locations:?}");
        assert_eq!(locations.contains(&format!("/in/{h}/*").as_str()), reserved, "{locations:?}");
    }

    // The opted-in adult turns the setting off on the web: pages and site files follow at once.
    let ada = Browser::new(&t.state);
    ada.log_in("ada@example.com", "correct horse battery").await;
    let p = ada
        .submit("/settings/data-privacy/generative-ai", "/settings/data-privacy/generative-ai", &[("value", "off")])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_reserved(&anon.get(&format!("/in/{adult_h}")).await, true, "after opting out");
    assert!(anon.get("/robots.txt").await.body.contains(&format!("Content-Usage: /in/{adult_h}$ train-ai=n")));
    assert_eq!(t.state.ledger.index().explicit(adult, Purpose::TrainGenai), Some(false));

    // Public pages show only public things.
    assert_eq!(anon.get(&format!("/in/{adult_h}/posts/999999")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(anon.get("/in/nobody-here").await.status, StatusCode::NOT_FOUND);
}

on_both!(#[tokio::test] async the_settings_path_records_changes_with_method_web);
async fn the_settings_path_records_changes_with_method_web(t: TestApp) {
    let b = Browser::new(&t.state);
    b.sign_up("Ada Lovelace", "ada@example.com", "FR", "1990-04-01").await;
    let me = t.sync(|s| s.store.member_by_handle("ada-lovelace-1")).unwrap().unwrap();

    // Feed › profile-photo menu › Settings › Data privacy › the toggle: each a link on the page before.
    let feed = b.get("/feed").await;
    feed.assert_contains(r#"id="me-menu""#);
    feed.assert_contains(r#"id="menu-settings" href="/settings""#);
    let settings = b.get("/settings").await;
    settings.assert_contains(r#"href="/settings/data-privacy""#);
    let privacy = b.get("/settings/data-privacy").await;
    privacy.assert_contains(r#"href="/settings/data-privacy/generative-ai""#);
    privacy.assert_contains("Data for AI-powered recommendations");
    let toggle = b.get("/settings/data-privacy/generative-ai").await;
    toggle.assert_contains(r#"id="genai-toggle""#);
    toggle.assert_contains(r#"aria-checked="true""#);
    for words in ["private messages", "ON by default", "FR", "at any time", "retrained without it", "2025-11-03"] {
        toggle.assert_contains(words);
    }

    let p = b
        .submit("/settings/data-privacy/generative-ai", "/settings/data-privacy/generative-ai", &[("value", "off")])
        .await;
    assert_eq!((p.status, p.location()), (StatusCode::SEE_OTHER, "/settings/data-privacy/generative-ai?saved=1"));
    let history = t.sync(|s| s.ledger.history(me.id)).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].purpose, history[0].value, history[0].method),
        (Purpose::TrainGenai, false, LedgerMethod::Web)
    );
    let confirmed = b.get(p.location()).await;
    confirmed.assert_contains("Saved: Data for Generative AI Improvement is now OFF");
    confirmed.assert_contains(r#"aria-checked="false""#);

    let p = b
        .submit("/settings/data-privacy/recommendations", "/settings/data-privacy/recommendations", &[("value", "off")])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let report = b.get("/me/ai-data").await;
    report.assert_contains("web — on the website");
    assert_eq!(report.body.matches("web — on the website").count(), 2, "both changes listed");
    report.assert_contains("2025-11-03");
    report.assert_contains("no dataset or model has used your data");

    let bad = b
        .submit("/settings/data-privacy/generative-ai", "/settings/data-privacy/generative-ai", &[("value", "maybe")])
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(t.sync(|s| s.ledger.history(me.id)).unwrap().len(), 2, "nothing recorded for a bad value");
}

on_both!(#[tokio::test] async a_form_post_without_a_valid_csrf_token_is_rejected);
async fn a_form_post_without_a_valid_csrf_token_is_rejected(t: TestApp) {
    let b = Browser::new(&t.state);
    b.sign_up("Ada Lovelace", "ada@example.com", "GB", "1990-04-01").await;
    for fields in [vec![], vec![("csrf", "0".repeat(64))], vec![("csrf", "not-hex".to_string())]] {
        let mut f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        f.extend([("text", "forged"), ("visibility", "public"), ("action", "post")]);
        let p = b.post_raw("/feed", &f).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{f:?}");
        p.assert_contains("security token");
        let p = b.post_raw("/settings/data-privacy/generative-ai", &[("value", "off")]).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
    }
    assert!(t.sync(|s| s.store.posts_of(1, 10)).unwrap().is_empty(), "nothing posted");
    assert!(t.sync(|s| s.ledger.history(1)).unwrap().is_empty(), "nothing recorded");

    // A token from another session does not work either.
    let other = Browser::new(&t.state);
    other.sign_up("Grace Hopper", "grace@example.com", "US", "1990-04-01").await;
    let foreign = other.get("/feed").await.csrf();
    let p =
        b.post_raw("/feed", &[("csrf", &foreign), ("text", "x"), ("visibility", "public"), ("action", "post")]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    // A visitor without any cookie cannot post the log-in form.
    let fresh = Browser::new(&t.state);
    let p = fresh.post_raw("/login", &[("email", "ada@example.com"), ("password", "correct horse battery")]).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    // With the token, it works.
    let p = b.submit("/feed", "/feed", &[("text", "real"), ("visibility", "public"), ("action", "post")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
}

on_both!(#[tokio::test] async member_text_is_rendered_inert);
async fn member_text_is_rendered_inert(t: TestApp) {
    let b = Browser::new(&t.state);
    b.sign_up("<img src=x onerror=alert(2)>", "ada@example.com", "GB", "1990-04-01").await;
    let attack = "<script>alert(1)</script>";
    let p = b.submit("/feed", "/feed", &[("text", attack), ("visibility", "public"), ("action", "post")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let p = b
        .submit(
            "/profile/edit",
            "/profile/edit",
            &[("headline", "\"><script>alert(3)</script>"), ("headline_visibility", "public"), ("action", "save")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let me = t.sync(|s| s.store.member(1)).unwrap().unwrap();
    let post = t.sync(|s| s.store.posts_of(1, 1)).unwrap()[0].id;
    for path in [
        "/feed".to_string(),
        format!("/in/{}", me.handle),
        format!("/in/{}/posts/{post}", me.handle),
        "/profile/edit".into(),
    ] {
        let page = b.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!page.body.contains("<script"), "{path}: a script tag got through:\n{}", page.body);
        assert!(!page.body.contains("<img"), "{path}: an img tag got through");
    }
    b.get("/feed").await.assert_contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    let csp = b.get("/feed").await.header("content-security-policy").unwrap().to_string();
    assert!(csp.contains("default-src 'none'"), "{csp}");
}

on_both!(#[tokio::test] async log_in_is_throttled_after_repeated_failures);
async fn log_in_is_throttled_after_repeated_failures(t: TestApp) {
    t.member("Ada Lovelace", "ada@example.com", "GB").await;
    let b = Browser::new(&t.state);
    let ok = b.log_in("ada@example.com", "correct horse battery").await;
    assert_eq!((ok.status, ok.location()), (StatusCode::SEE_OTHER, "/feed"));
    for evil in ["//evil.example/", "/\t/evil.example/", "/\\evil.example", "https://evil.example/"] {
        let b = Browser::new(&t.state);
        let token = b.get("/login").await.csrf();
        let p = b
            .post_raw(
                "/login",
                &[
                    ("csrf", &token),
                    ("email", "ada@example.com"),
                    ("password", "correct horse battery"),
                    ("next", evil),
                ],
            )
            .await;
        assert_eq!((p.status, p.location()), (StatusCode::SEE_OTHER, "/feed"), "next={evil:?}");
    }
    let b = Browser::new(&t.state);
    for _ in 0..5 {
        let p = b.log_in("ada@example.com", "wrong password").await;
        assert_eq!(p.status, StatusCode::UNAUTHORIZED);
        p.assert_contains("do not match");
    }
    let p = b.log_in("ada@example.com", "correct horse battery").await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    p.assert_contains("Too many failed attempts");
    let wait: u64 = p.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=15 * 60).contains(&wait), "{wait}");
    // The API shares the throttle.
    let (s, v) = t
        .call(
            axum::http::Method::POST,
            "/api/v1/sessions",
            None,
            Some(json!({"email": "ADA@example.com", "password": "correct horse battery"})),
        )
        .await;
    assert_eq!((s, v["error"]["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("too_many_attempts")));
    // Another account is not affected.
    t.member("Grace Hopper", "grace@example.com", "US").await;
    let p = b.log_in("grace@example.com", "correct horse battery").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
}

on_both!(#[tokio::test] async global_privacy_control_opts_out_once);
async fn global_privacy_control_opts_out_once(t: TestApp) {
    let b = Browser::new(&t.state);
    b.sign_up("Ada Lovelace", "ada@example.com", "GB", "1990-04-01").await;
    let gpc = [("sec-gpc", "1")];
    let p = b.request("GET", "/feed", &gpc, None).await;
    p.assert_contains("Global Privacy Control");
    let h = t.sync(|s| s.ledger.history(1)).unwrap();
    assert_eq!(h.len(), 2, "both settings turned off");
    assert!(h.iter().all(|e| e.method == LedgerMethod::Gpc && !e.value));
    // The member turns generative AI back on: their choice wins over the signal from then on.
    b.submit("/settings/data-privacy/generative-ai", "/settings/data-privacy/generative-ai", &[("value", "on")]).await;
    let p = b.request("GET", "/feed", &gpc, None).await;
    assert!(!p.body.contains("Global Privacy Control signal"));
    assert_eq!(t.sync(|s| s.ledger.history(1)).unwrap().len(), 3);
    b.get("/me/ai-data").await.assert_contains("gpc — Global Privacy Control signal from your browser");
}

on_both!(#[tokio::test] async policy_notice_is_shown_recorded_and_dismissed);
async fn policy_notice_is_shown_recorded_and_dismissed(t: TestApp) {
    let b = Browser::new(&t.state);
    b.sign_up("Ada Lovelace", "ada@example.com", "GB", "1990-04-01").await;
    assert!(!b.get("/feed").await.body.contains("Policy notice"), "the policy in force was shown at sign-up");
    let next = assent_policy::SEED_POLICY
        .replace(r#"version = "2025-11-03""#, r#"version = "2099-01-01""#)
        .replace("effective = 2025-11-03T00:00:00Z", "effective = 2099-01-01T00:00:00Z");
    t.sync(|s| s.ledger.install_policy("next.toml", &next)).unwrap();
    let feed = b.get("/feed").await;
    feed.assert_contains("Policy notice");
    feed.assert_contains(r#"href="/policy/2099-01-01""#);
    feed.assert_contains("takes effect on 1 January 2099");
    let notices = t.sync(|s| s.store.notices_of(1)).unwrap();
    assert_eq!((notices.len(), notices[0].policy_version.as_str()), (1, "2099-01-01"));
    assert_eq!(notices[0].dismissed_at, None);
    let summary = b.get("/policy/2099-01-01").await;
    summary.assert_contains("AI-data policy 2099-01-01");
    summary.assert_contains("upcoming");

    let p = b.submit("/feed", "/notices/dismiss", &[("version", "2099-01-01")]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert!(!b.get("/feed").await.body.contains("Policy notice"));
    assert!(t.sync(|s| s.store.notices_of(1)).unwrap()[0].dismissed_at.is_some());
    b.get("/me/ai-data").await.assert_contains("Policy notices shown to you");
}

on_both!(#[tokio::test] async every_page_renders_and_the_journey_works_without_models);
async fn every_page_renders_and_the_journey_works_without_models(t: TestApp) {
    let (grace, grace_h, _) = t.member("Grace Hopper", "grace@example.com", "US").await;
    let b = Browser::new(&t.state);
    b.sign_up("Ada Lovelace", "ada@example.com", "GB", "1990-04-01").await;
    let me = t.sync(|s| s.store.member_by_handle("ada-lovelace-2")).unwrap().unwrap();
    for path in [
        "/feed",
        "/network",
        "/jobs",
        "/jobs?q=rust",
        "/messages",
        "/settings",
        "/settings/data-privacy",
        "/settings/data-privacy/generative-ai",
        "/settings/data-privacy/recommendations",
        "/me/ai-data",
        "/policy",
        "/profile/edit",
        "/in/ada-lovelace-2",
        "/policy/2025-11-03",
    ] {
        let p = b.get(path).await;
        assert_eq!(p.status, StatusCode::OK, "{path}: {}", p.body);
        assert_eq!(p.header("content-type"), Some("text/html; charset=utf-8"), "{path}");
    }
    assert!(b.get("/jobs").await.body.contains("no recommendations model has been trained"));

    // Draft with AI, without a model: a polite note, and the member's text kept.
    let p = b
        .submit(
            "/profile/edit",
            "/profile/edit",
            &[("headline", "Analyst"), ("headline_visibility", "public"), ("action", "draft-headline")],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK);
    p.assert_contains("the writing assistant is not available yet");
    p.assert_contains(r#"value="Analyst""#);
    assert!(t.sync(|s| s.store.profile(me.id)).unwrap().headline.is_none(), "a draft saves nothing");

    // Profile with per-field visibility.
    let p = b
        .submit(
            "/profile/edit",
            "/profile/edit",
            &[
                ("headline", "Analyst of engines"),
                ("headline_visibility", "public"),
                ("about", "Only for my network"),
                ("about_visibility", "connections"),
                ("skills", "math, poetry"),
                ("skills_visibility", "private"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!((p.status, p.location()), (StatusCode::SEE_OTHER, "/profile/edit?saved=1"));
    let public = Browser::new(&t.state).get("/in/ada-lovelace-2").await;
    public.assert_contains("Analyst of engines");
    assert!(!public.body.contains("Only for my network") && !public.body.contains("poetry"));
    let p = b
        .submit(
            "/profile/edit",
            "/profile/experience",
            &[
                ("title", "Analyst"),
                ("company", "Engines Ltd"),
                ("start", "2020-01-01"),
                ("description", "Notes"),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    Browser::new(&t.state).get("/in/ada-lovelace-2").await.assert_contains("Engines Ltd");

    // Connect from the public profile, message, and the inbox.
    let p = b.submit(&format!("/in/{grace_h}"), "/network/connect", &[("to", &grace.to_string())]).await;
    assert_eq!((p.status, p.location()), (StatusCode::SEE_OTHER, format!("/network?sent={grace}").as_str()));
    b.get(p.location()).await.assert_contains("Invitation sent to Grace Hopper");
    let p = b
        .submit(
            &format!("/messages/{grace_h}"),
            "/messages",
            &[("to", &grace_h), ("text", "Hi Grace"), ("action", "send")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let inbox = b.get("/messages").await;
    inbox.assert_contains("Hi Grace");
    inbox.assert_contains("never used to train AI");
    let p = b
        .submit(
            &format!("/messages/{grace_h}"),
            "/messages",
            &[("to", &grace_h), ("text", "draft"), ("action", "draft")],
        )
        .await;
    p.assert_contains("not available yet");

    // Post, then delete it (erased).
    b.submit("/feed", "/feed", &[("text", "Hello, Assent!"), ("visibility", "connections"), ("action", "post")]).await;
    let post = t.sync(|s| s.store.posts_of(me.id, 1)).unwrap()[0].id;
    b.get("/feed").await.assert_contains("Hello, Assent!");
    let p = b.submit("/feed", &format!("/posts/{post}/delete"), &[]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(t.sync(|s| s.store.item(post)).unwrap().unwrap().text, None);

    // A too-long post is refused with the text kept for editing.
    let long = "x".repeat(3001);
    let p = b.submit("/feed", "/feed", &[("text", &long), ("visibility", "public"), ("action", "post")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    p.assert_contains("is 3,001 characters long; at most 3,000 are allowed");

    // Log out: the session ends.
    let p = b.submit("/feed", "/logout", &[]).await;
    assert_eq!((p.status, p.location()), (StatusCode::SEE_OTHER, "/"));
    let p = b.get("/feed").await;
    assert_eq!((p.status, p.location()), (StatusCode::SEE_OTHER, "/login?next=/feed"));
    // Unknown web paths get a page; unknown API paths keep the JSON error.
    let p = b.get("/nowhere").await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    p.assert_contains("Page not found");
}

on_both!(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async ai_features_in_the_web_app);
async fn ai_features_in_the_web_app(backend: crate::Backend) {
    let crate::ai::Seeded { dir, store, ledger, synth, place } =
        std::thread::spawn(move || crate::ai::seeded(backend)).join().unwrap();
    let state = AppState::with_ai(store, ledger, dir.path().to_path_buf(), Duration::from_secs(3600));
    let t = TestApp { dir: tempfile::tempdir().unwrap(), state: state.clone(), place };
    let live = assent_release::Releases::new(dir.path()).live(Purpose::TrainGenai).unwrap().unwrap().release_id;
    let member = assent_release::Releases::new(dir.path()).lineage(&live).unwrap().member_ids()[3];
    let m = synth.member(member as u32);
    let b = Browser::new(&state);
    let p = b.log_in(&m.email, assent_synth::Synth::demo_password()).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);

    let before = t.sync(|s| s.store.profile(member)).unwrap().headline.and_then(|h| h.text).unwrap_or_default();
    let p = b
        .submit(
            "/profile/edit",
            "/profile/edit",
            &[("headline", ""), ("headline_visibility", "public"), ("action", "draft-headline")],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK);
    p.assert_contains(&format!("release {live}"));
    let at = p.body.find(r#"id="headline" type="text" name="headline" value=""#).unwrap();
    let suggestion = &p.body[at..].split('"').nth(7).unwrap().to_string();
    assert!(!suggestion.is_empty(), "the headline field holds a suggestion");
    let after = t.sync(|s| s.store.profile(member)).unwrap().headline.and_then(|h| h.text).unwrap_or_default();
    assert_eq!(before, after, "nothing saved until the member saves");

    let p = b
        .submit("/feed", "/feed", &[("text", "Excited to share"), ("visibility", "public"), ("action", "draft")])
        .await;
    p.assert_contains("Excited to share");
    p.assert_contains(&format!("release {live}"));

    let jobs = b.get("/jobs").await;
    jobs.assert_contains("Recommended for you");
    assert!(jobs.body.contains("matches: ") || jobs.body.contains("related to your title"));
    b.get("/network").await.assert_contains("mutual connection");
    let report = b.get("/me/ai-data").await;
    report.assert_contains(&live);
    report.assert_contains(" used");

    // A French-speaking member: French pages from their account's language, French drafts.
    let lineage = assent_release::Releases::new(dir.path()).lineage(&live).unwrap();
    let fr = lineage.member_ids().into_iter().find(|&id| synth.member(id as u32).language == "fr").unwrap();
    let m = synth.member(fr as u32);
    let b = Browser::new(&state);
    let p = b.log_in(&m.email, assent_synth::Synth::demo_password()).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let p = b
        .submit(
            "/profile/edit",
            "/profile/edit",
            &[("about", ""), ("about_visibility", "public"), ("action", "draft-about")],
        )
        .await;
    assert!(p.body.contains(r#"<html lang="fr">"#));
    p.assert_contains(&format!("Voici une proposition de l'assistant de rédaction d'Assent (version {live})"));
    let at = p.body.find(r#"<textarea id="about" name="about" rows="6" maxlength="2600">"#).unwrap();
    let about = p.body[at..].split('>').nth(1).unwrap().split('<').next().unwrap().replace("&#39;", "'");
    assert_eq!(assent_policy::language::detect(&about), "fr", "{about}");
    let p = b.submit("/feed", "/feed", &[("text", ""), ("visibility", "public"), ("action", "draft")]).await;
    let at = p.body.find(r#"<textarea id="post-text""#).unwrap();
    let post = p.body[at..].split('>').nth(1).unwrap().split('<').next().unwrap().replace("&#39;", "'");
    assert_eq!(assent_policy::language::detect(&post), "fr", "{post}");
    assert!(b.get("/jobs").await.body.contains("Recommandés pour vous"));
}

on_both!(#[tokio::test] async a_form_without_a_known_visibility_is_refused_not_made_public);
async fn a_form_without_a_known_visibility_is_refused_not_made_public(t: TestApp) {
    let b = Browser::new(&t.state);
    b.sign_up("Ada Lovelace", "ada@example.com", "GB", "1990-04-01").await;
    let me = t.sync(|s| s.store.member(1)).unwrap().unwrap().id;
    for fields in [
        vec![("text", "Hello"), ("action", "post")],
        vec![("text", "Hello"), ("visibility", "everyone"), ("action", "post")],
    ] {
        let p = b.submit("/feed", "/feed", &fields).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        p.assert_contains("Your post was not published: Visibility: ");
    }
    assert!(t.sync(|s| s.store.posts_of(me, 10)).unwrap().is_empty(), "nothing was published");

    let p = b.submit("/profile/edit", "/profile/edit", &[("headline", "Poet"), ("action", "save")]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    p.assert_contains("Nothing was saved: Headline: choose who may see it");
    let p = b
        .submit("/profile/edit", "/profile/edit", &[("about", "Hi"), ("about_visibility", "world"), ("action", "save")])
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    p.assert_contains("`world` is not a visibility");
    let profile = t.sync(|s| s.store.profile(me)).unwrap();
    assert!(profile.headline.is_none() && profile.about.is_none(), "nothing was saved");

    let p = b
        .submit(
            "/profile/edit",
            "/profile/experience",
            &[("title", "Engineer"), ("company", "Engines"), ("start", "2020-01-01"), ("description", "Code")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    p.assert_contains("The position was not added: Visibility: choose who may see it");
    assert!(t.sync(|s| s.store.profile(me)).unwrap().experience.is_empty());
}
