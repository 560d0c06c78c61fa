//! The API through `app()`: the member journey, authorization, and bad input.

use assent_policy::Purpose;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::TestApp;

on_both!(#[tokio::test] async member_journey);
async fn member_journey(t: TestApp) {
    let (a, _, ta) = t.member("Ada Lovelace", "ada@example.com", "GB").await;
    let (b, _, tb) = t.member("Grace Hopper", "grace@example.com", "US").await;

    let (s, v) = t
        .call(Method::POST, "/api/v1/posts", Some(&ta), Some(json!({"text": "Hello, Assent!", "visibility": "public"})))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let post = v["id"].as_i64().unwrap();
    let (s, v) = t.call(Method::GET, &format!("/api/v1/posts/{post}"), None, None).await;
    assert_eq!((s, v["text"].as_str()), (StatusCode::OK, Some("Hello, Assent!")));

    let (s, v) = t.call(Method::POST, "/api/v1/messages", Some(&ta), Some(json!({"to": b, "text": "Hi Grace"}))).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (_, inbox) = t.call(Method::GET, "/api/v1/messages", Some(&tb), None).await;
    assert_eq!(inbox[0]["text"], "Hi Grace");
    assert_eq!(inbox[0]["from"], a);

    let (s, v) = t.call(Method::GET, "/api/v1/me/settings/ai-data", Some(&ta), None).await;
    assert_eq!((s, v.clone()), (StatusCode::OK, json!({"train_genai": true, "train_ai": true})), "ON by default");
    let (s, v) =
        t.call(Method::PUT, "/api/v1/me/settings/ai-data", Some(&ta), Some(json!({"train_genai": false}))).await;
    assert_eq!((s, v), (StatusCode::OK, json!({"train_genai": false, "train_ai": true})));
    assert_eq!(t.state.ledger.index().explicit(a, Purpose::TrainGenai), Some(false), "recorded in the ledger");
    let (_, v) = t
        .call(
            Method::PUT,
            "/api/v1/me/settings/ai-data",
            Some(&ta),
            Some(json!({"train_genai": true, "train_ai": false})),
        )
        .await;
    assert_eq!(v, json!({"train_genai": true, "train_ai": false}));
    let (s, h) = t.call(Method::GET, "/api/v1/me/settings/ai-data/history", Some(&ta), None).await;
    assert_eq!(s, StatusCode::OK);
    let changes = h["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 3);
    assert_eq!(changes[0]["method"], "api");
    assert_eq!(changes[0]["value"], false);
    assert_eq!(changes[0]["policy_version"], "2025-11-03");

    let (s, _) = t.call(Method::DELETE, &format!("/api/v1/posts/{post}"), Some(&ta), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = t.call(Method::GET, &format!("/api/v1/posts/{post}"), None, None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, _) = t.call(Method::DELETE, "/api/v1/sessions", Some(&ta), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = t.call(Method::GET, "/api/v1/me", Some(&ta), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "logged out");
}

on_both!(#[tokio::test] async profile_visibility_and_connections);
async fn profile_visibility_and_connections(t: TestApp) {
    let (_a, ha, ta) = t.member("Ada Lovelace", "ada@example.com", "GB").await;
    let (b, _, tb) = t.member("Grace Hopper", "grace@example.com", "US").await;
    let (_c, _, tc) = t.member("Alan Turing", "alan@example.com", "GB").await;
    let edit = json!({
        "headline": {"text": "Analyst of engines", "visibility": "public"},
        "about": {"text": "Only for my network", "visibility": "connections"},
        "skills": {"skills": ["math", "poetry", " math "], "visibility": "private"},
    });
    let (s, v) = t.call(Method::PATCH, "/api/v1/me/profile", Some(&ta), Some(edit)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["skills"]["skills"], json!(["math", "poetry"]));

    let view = |token: Option<String>| {
        let t = &t;
        let ha = ha.clone();
        async move { t.call(Method::GET, &format!("/api/v1/members/{ha}"), token.as_deref(), None).await.1 }
    };
    let anon = view(None).await;
    assert_eq!(anon["profile"]["headline"]["text"], "Analyst of engines");
    assert_eq!(anon["profile"]["about"], Value::Null);
    assert_eq!(anon["profile"]["skills"], Value::Null);

    // B asks, A accepts by asking back: connected.
    let (s, v) = t.call(Method::POST, "/api/v1/connections", Some(&tb), Some(json!({"to": anon["id"]}))).await;
    assert_eq!((s, v["connected"].as_bool()), (StatusCode::CREATED, Some(false)));
    let (_, reqs) = t.call(Method::GET, "/api/v1/me/connection-requests", Some(&ta), None).await;
    assert_eq!(reqs[0]["from"], b);
    let (_, v) = t.call(Method::POST, "/api/v1/connections", Some(&ta), Some(json!({"to": b}))).await;
    assert_eq!(v["connected"], true);

    let as_b = view(Some(tb.clone())).await;
    assert_eq!(as_b["profile"]["about"]["text"], "Only for my network");
    assert_eq!(as_b["profile"]["skills"], Value::Null, "private stays private");
    let as_c = view(Some(tc.clone())).await;
    assert_eq!(as_c["profile"]["about"], Value::Null, "not a connection");
    let own = view(Some(ta.clone())).await;
    assert_eq!(own["profile"]["skills"]["skills"], json!(["math", "poetry"]));

    // Connections-only post: visible to B, not to C.
    let (_, p) = t
        .call(
            Method::POST,
            "/api/v1/posts",
            Some(&ta),
            Some(json!({"text": "network only", "visibility": "connections"})),
        )
        .await;
    let path = format!("/api/v1/posts/{}", p["id"]);
    assert_eq!(t.call(Method::GET, &path, Some(&tb), None).await.0, StatusCode::OK);
    assert_eq!(t.call(Method::GET, &path, Some(&tc), None).await.0, StatusCode::NOT_FOUND);
    assert_eq!(t.call(Method::GET, &path, None, None).await.0, StatusCode::NOT_FOUND);
    let (_, feed) = t.call(Method::GET, "/api/v1/feed", Some(&tb), None).await;
    assert!(feed.as_array().unwrap().iter().any(|i| i["text"] == "network only"));
    let (_, feed) = t.call(Method::GET, "/api/v1/feed", Some(&tc), None).await;
    assert!(!feed.as_array().unwrap().iter().any(|i| i["text"] == "network only"));
}

on_both!(#[tokio::test] async members_cannot_touch_each_others_data);
async fn members_cannot_touch_each_others_data(t: TestApp) {
    let (a, _, ta) = t.member("Ada Lovelace", "ada@example.com", "GB").await;
    let (b, _, tb) = t.member("Grace Hopper", "grace@example.com", "US").await;
    let (_c, _, tc) = t.member("Alan Turing", "alan@example.com", "GB").await;

    let (_, m) = t.call(Method::POST, "/api/v1/messages", Some(&ta), Some(json!({"to": b, "text": "secret"}))).await;
    let path = format!("/api/v1/messages/{}", m["id"]);
    assert_eq!(t.call(Method::GET, &path, Some(&ta), None).await.0, StatusCode::OK);
    assert_eq!(t.call(Method::GET, &path, Some(&tb), None).await.0, StatusCode::OK);
    let (s, v) = t.call(Method::GET, &path, Some(&tc), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(!v.to_string().contains("secret"));
    assert_eq!(t.call(Method::GET, &path, None, None).await.0, StatusCode::UNAUTHORIZED);

    // Settings are always the caller's own: B changing theirs leaves A's alone.
    t.call(Method::PUT, "/api/v1/me/settings/ai-data", Some(&tb), Some(json!({"train_genai": false}))).await;
    let (_, v) = t.call(Method::GET, "/api/v1/me/settings/ai-data", Some(&ta), None).await;
    assert_eq!(v["train_genai"], true);
    assert_eq!(t.state.ledger.index().explicit(a, Purpose::TrainGenai), None);
    assert_eq!(t.call(Method::GET, "/api/v1/me/settings/ai-data", None, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        t.call(Method::GET, "/api/v1/me/settings/ai-data", Some("forged-token"), None).await.0,
        StatusCode::UNAUTHORIZED
    );

    // B cannot delete A's public post.
    let (_, p) =
        t.call(Method::POST, "/api/v1/posts", Some(&ta), Some(json!({"text": "mine", "visibility": "public"}))).await;
    let path = format!("/api/v1/posts/{}", p["id"]);
    let (s, v) = t.call(Method::DELETE, &path, Some(&tb), None).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{v}");
    assert_eq!(t.call(Method::GET, &path, None, None).await.1["text"], "mine");
}

on_both!(#[tokio::test] async bad_input_gets_a_4xx_naming_the_problem_and_writes_nothing);
async fn bad_input_gets_a_4xx_naming_the_problem_and_writes_nothing(t: TestApp) {
    let (_a, _, ta) = t.member("Ada Lovelace", "ada@example.com", "GB").await;
    let good = json!({"name": "N", "email": "n@example.com", "password": "long enough pw", "region": "FR", "birth_date": "1990-04-01"});
    let with = |k: &str, v: Value| {
        let mut g = good.clone();
        g[k] = v;
        g
    };
    let signups: Vec<(Value, StatusCode, &str, &str)> = vec![
        (Value::String("{\"name\": ".into()), StatusCode::BAD_REQUEST, "malformed_json", ""),
        (
            with("favourite_colour", json!("blue")),
            StatusCode::BAD_REQUEST,
            "invalid_body",
            "unknown field `favourite_colour`",
        ),
        (with("birth_date", json!("2999-01-01")), StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", "birth_date"),
        (with("region", json!("ZZ")), StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", "region"),
        (with("email", json!("ada@example.com")), StatusCode::CONFLICT, "conflict", "ada@example.com"),
        (with("name", json!("x".repeat(500))), StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", "name"),
        (with("region", json!(33)), StatusCode::BAD_REQUEST, "invalid_body", "region"),
    ];
    for (body, status, code, needle) in signups {
        let (s, v) = t.call(Method::POST, "/api/v1/members", None, Some(body.clone())).await;
        assert_eq!(s, status, "{body} → {v}");
        assert_eq!(v["error"]["code"], code, "{v}");
        assert!(v["error"]["message"].as_str().unwrap().contains(needle), "{v} should mention {needle}");
    }
    assert_eq!(t.sync(|s| s.store.members(0, 10)).unwrap().len(), 1, "no member written");

    let posts: Vec<(Value, StatusCode)> = vec![
        (json!({"text": "x".repeat(3001), "visibility": "public"}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"text": "   ", "visibility": "public"}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"text": "hi", "visibility": "everyone"}), StatusCode::BAD_REQUEST),
        (json!({"text": "hi", "visibility": "private"}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"text": "hi"}), StatusCode::BAD_REQUEST),
    ];
    for (body, status) in posts {
        let (s, v) = t.call(Method::POST, "/api/v1/posts", Some(&ta), Some(body.clone())).await;
        assert_eq!(s, status, "{body} → {v}");
        assert!(v["error"]["message"].is_string());
    }
    let (_, feed) = t.call(Method::GET, "/api/v1/feed", Some(&ta), None).await;
    assert_eq!(feed, json!([]), "no post written");

    let (s, v) = t.call(Method::PUT, "/api/v1/me/settings/ai-data", Some(&ta), Some(json!({}))).await;
    assert_eq!((s, v["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_body")));
    let (s, _) =
        t.call(Method::PUT, "/api/v1/me/settings/ai-data", Some(&ta), Some(json!({"train_genai": "no"}))).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(t.state.ledger.index().is_empty(), "no consent event written");

    let (s, v) = t.call(Method::PATCH, "/api/v1/me/profile", Some(&ta), Some(json!({
        "headline": {"text": "fine", "visibility": "public"}, "about": {"text": "x".repeat(3000), "visibility": "public"}}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (_, me) = t.call(Method::GET, "/api/v1/me", Some(&ta), None).await;
    assert_eq!(me["profile"]["headline"], Value::Null, "all or nothing");

    let (s, v) = t.call(Method::GET, "/api/v1/posts/abc", None, None).await;
    assert_eq!((s, v["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_path")));
    let (s, v) = t.call(Method::GET, "/api/v1/nope", None, None).await;
    assert_eq!((s, v["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    let (s, v) = t.call(Method::POST, "/api/v1/messages", Some(&ta), Some(json!({"to": 9999, "text": "hello?"}))).await;
    assert_eq!((s, v["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
}

on_both!(#[tokio::test] async openapi_document_lists_every_route);
async fn openapi_document_lists_every_route(t: TestApp) {
    let (s, doc) = t.call(Method::GET, "/api/v1/openapi.json", None, None).await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/members",
        "/api/v1/sessions",
        "/api/v1/posts",
        "/api/v1/posts/{id}",
        "/api/v1/messages",
        "/api/v1/me/settings/ai-data",
        "/api/v1/jobs",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing from the OpenAPI document");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

/// Sends `n` copies of a request at once; returns each status and `Retry-After`.
async fn burst(
    t: &TestApp,
    n: usize,
    req: impl Fn(usize) -> (Method, String, Value),
) -> Vec<(StatusCode, Option<String>)> {
    use axum::body::Body;
    let mut tasks = Vec::new();
    for i in 0..n {
        let (method, path, body) = req(i);
        let app = assent_server::app(t.state.clone());
        tasks.push(tokio::spawn(async move {
            let req = axum::http::Request::builder()
                .method(method)
                .uri(path)
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .unwrap();
            let resp = app.oneshot(req).await.unwrap();
            let retry = resp.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
            (resp.status(), retry)
        }));
    }
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

on_both!(#[tokio::test(flavor = "multi_thread", worker_threads = 4)] async concurrent_wrong_passwords_cannot_race_past_the_throttle);
async fn concurrent_wrong_passwords_cannot_race_past_the_throttle(t: TestApp) {
    t.member("Ada", "ada@example.com", "GB").await;
    let answers = burst(&t, 40, |_| {
        (Method::POST, "/api/v1/sessions".into(), json!({"email": "ada@example.com", "password": "wrong guess"}))
    })
    .await;
    let checked = answers.iter().filter(|a| a.0 == StatusCode::UNAUTHORIZED).count();
    let refused: Vec<_> = answers.iter().filter(|a| a.0 == StatusCode::TOO_MANY_REQUESTS).collect();
    assert!(checked <= 5, "{checked} passwords were checked; the limit is 5");
    assert_eq!(checked + refused.len(), 40, "{answers:?}");
    assert!(refused.iter().all(|a| a.1.as_deref().is_some_and(|s| s.parse::<u64>().is_ok_and(|s| s >= 1))));
}

on_both!(#[tokio::test(flavor = "multi_thread", worker_threads = 4)] async a_crowd_of_sign_ups_is_admitted_a_few_at_a_time_and_the_rest_told_when_to_retry);
async fn a_crowd_of_sign_ups_is_admitted_a_few_at_a_time_and_the_rest_told_when_to_retry(t: TestApp) {
    let answers = burst(&t, 64, |i| {
        let body = json!({"name": format!("Member {i}"), "email": format!("m{i}@example.com"),
            "password": "correct horse battery", "region": "FR", "birth_date": "1990-04-01"});
        (Method::POST, "/api/v1/members".into(), body)
    })
    .await;
    let created = answers.iter().filter(|a| a.0 == StatusCode::CREATED).count();
    let busy: Vec<_> = answers.iter().filter(|a| a.0 == StatusCode::SERVICE_UNAVAILABLE).collect();
    assert!(created >= 2, "{answers:?}");
    assert_eq!(created + busy.len(), 64, "only 201 or 503: {answers:?}");
    assert!(busy.iter().all(|a| a.1.as_deref() == Some("1")), "{busy:?}");
    let stored = t.sync(|s| s.store.members(0, 100)).unwrap().len();
    assert_eq!(stored, created, "every 201 is a member, and no refused sign-up left one");
}

on_both!(#[tokio::test] async contract_edges_fail_closed);
async fn contract_edges_fail_closed(t: TestApp) {
    // Names that hide or reorder text, or show nothing, and dates chrono alone would take.
    for (name, birth, field) in [
        ("\u{202E}gnirts", "1990-04-01", "name"),
        ("Ada\u{200B}", "1990-04-01", "name"),
        ("\u{3164}", "1990-04-01", "name"),
        ("Ada", "+002000-01-01", "birth_date"),
        ("Ada", "1990-4-1", "birth_date"),
    ] {
        let (s, v) = t
            .call(
                Method::POST,
                "/api/v1/members",
                None,
                Some(json!({"name": name, "email": "x@example.com", "password": "correct horse battery", "region": "FR", "birth_date": birth})),
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{name:?} {birth}: {v}");
        assert!(v["error"]["message"].as_str().unwrap().starts_with(field), "{v}");
    }
    assert!(t.sync(|s| s.store.members(0, 10)).unwrap().is_empty(), "nothing was written");

    // The bearer scheme is case-insensitive.
    let (_, _, token) = t.member("Ada", "ada@example.com", "FR").await;
    let resp = assent_server::app(t.state.clone())
        .oneshot(
            axum::http::Request::builder()
                .uri("/api/v1/me")
                .header("authorization", format!("bearer {token}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // Every answer carries the security headers and is never cached; a 405 says why, as JSON.
    assert_eq!(resp.headers()["cache-control"], "no-store");
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    let (s, v) = t.call(Method::PUT, "/api/v1/feed", Some(&token), None).await;
    assert_eq!((s, v["error"]["code"].as_str()), (StatusCode::METHOD_NOT_ALLOWED, Some("method_not_allowed")));
    let resp = assent_server::app(t.state.clone())
        .oneshot(axum::http::Request::builder().uri("/nowhere").body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert!(resp.headers().contains_key("content-security-policy"), "the 404 page too");

    // `q` and `limit` of /api/v1/jobs are query parameters, and optional.
    let (_, doc) = t.call(Method::GET, "/api/v1/openapi.json", None, None).await;
    for p in doc["paths"]["/api/v1/jobs"]["get"]["parameters"].as_array().unwrap() {
        assert_eq!((p["in"].as_str(), p["required"].as_bool().unwrap_or(false)), (Some("query"), false), "{p}");
    }
    // Every operation documents the answers it can give whatever its handler does.
    let sign_up = &doc["paths"]["/api/v1/members"]["post"]["responses"];
    for status in ["400", "413", "415", "422", "429", "503"] {
        assert!(sign_up[status]["content"]["application/json"].is_object(), "sign-up documents {status}");
    }
    assert!(doc["paths"]["/api/v1/feed"]["get"]["responses"]["401"].is_object());
    let name = &doc["components"]["schemas"]["SignUp"]["properties"]["name"];
    assert_eq!((name["minLength"].as_u64(), name["maxLength"].as_u64()), (Some(1), Some(100)), "{name}");

    // A whole number may come as 2.0 (JSON Schema's integers include it); 2.5 is refused.
    let (b, _, _) = t.member("Bea", "bea@example.com", "FR").await;
    let (s, v) = t.call(Method::POST, "/api/v1/connections", Some(&token), Some(json!({"to": b as f64}))).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let (s, v) = t.call(Method::POST, "/api/v1/connections", Some(&token), Some(json!({"to": 2.5}))).await;
    assert_eq!((s, v["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_body")), "{v}");
}

on_both!(#[tokio::test] async settings_changes_are_limited_per_member_and_their_history_comes_in_pages);
async fn settings_changes_are_limited_per_member_and_their_history_comes_in_pages(t: TestApp) {
    let (_, _, token) = t.member("Ada", "ada@example.com", "FR").await;
    for i in 0..30 {
        let (s, v) = t
            .call(Method::PUT, "/api/v1/me/settings/ai-data", Some(&token), Some(json!({"train_ai": i % 2 == 1})))
            .await;
        assert_eq!(s, StatusCode::OK, "change {i}: {v}");
    }
    let (s, v) =
        t.call(Method::PUT, "/api/v1/me/settings/ai-data", Some(&token), Some(json!({"train_ai": false}))).await;
    assert_eq!((s, v["error"]["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("too_many_changes")), "{v}");

    let mut seen = Vec::new();
    let mut after: Option<i64> = None;
    loop {
        let path = match after {
            Some(a) => format!("/api/v1/me/settings/ai-data/history?limit=12&after={a}"),
            None => "/api/v1/me/settings/ai-data/history?limit=12".to_string(),
        };
        let (s, page) = t.call(Method::GET, &path, Some(&token), None).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        let changes = page["changes"].as_array().unwrap();
        assert!(changes.len() <= 12);
        seen.extend(changes.iter().map(|c| c["seq"].as_i64().unwrap()));
        match page["next_after"].as_i64() {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 30, "every change once, none refused: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "oldest first, no repeats");
    let (s, _) = t.call(Method::GET, "/api/v1/me/settings/ai-data/history?limit=0", Some(&token), None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

/// A log-in through the API from `ip`; returns the status.
/// POSTs `body` to `path` as a peer at `ip`: the status, the code of an error, and `Retry-After`.
async fn post_from(t: &TestApp, ip: [u8; 4], path: &str, body: Value) -> (StatusCode, Option<String>, Option<String>) {
    let mut req = axum::http::Request::builder()
        .method(Method::POST)
        .uri(path)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    let peer = std::net::SocketAddr::from((ip, 40_000));
    req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    let resp = assent_server::app(t.state.clone()).oneshot(req).await.unwrap();
    let (status, retry) = (resp.status(), resp.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string()));
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    let code = serde_json::from_slice::<Value>(&bytes).ok().and_then(|v| v["error"]["code"].as_str().map(String::from));
    (status, code, retry)
}

async fn log_in_from(t: &TestApp, ip: [u8; 4], email: &str, password: &str) -> StatusCode {
    post_from(t, ip, "/api/v1/sessions", json!({"email": email, "password": password})).await.0
}

on_both!(#[tokio::test] async sign_ups_are_limited_per_ip_address);
async fn sign_ups_are_limited_per_ip_address(t: TestApp) {
    let sign_up = |i: usize| {
        json!({"name": format!("Member {i}"), "email": format!("m{i}@example.com"),
            "password": "correct horse battery", "region": "FR", "birth_date": "1990-04-01"})
    };
    let (office, elsewhere) = ([10, 0, 0, 2], [10, 0, 0, 3]);
    for i in 0..assent_server::ops::account::SIGN_UPS_PER_IP {
        assert_eq!(post_from(&t, office, "/api/v1/members", sign_up(i)).await.0, StatusCode::CREATED, "sign-up {i}");
    }
    let (status, code, retry) = post_from(&t, office, "/api/v1/members", sign_up(100)).await;
    assert_eq!((status, code.as_deref()), (StatusCode::TOO_MANY_REQUESTS, Some("too_many_sign_ups")));
    let retry: u64 = retry.expect("a 429 says when to retry").parse().unwrap();
    assert!((1..=3600).contains(&retry), "{retry}");
    assert_eq!(post_from(&t, elsewhere, "/api/v1/members", sign_up(101)).await.0, StatusCode::CREATED);
    let stored = t.sync(|s| s.store.members(0, 100)).unwrap().len();
    assert_eq!(stored, assent_server::ops::account::SIGN_UPS_PER_IP + 1, "the refused sign-up left no member");
}

on_both!(#[tokio::test] async strangers_cannot_lock_a_member_out_nor_shut_out_a_shared_address);
async fn strangers_cannot_lock_a_member_out_nor_shut_out_a_shared_address(t: TestApp) {
    t.member("Ada", "ada@example.com", "GB").await;
    t.member("Grace", "grace@example.com", "US").await;
    let (home, office, stranger) = ([10, 0, 0, 1], [10, 0, 0, 2], [10, 9, 9, 9]);
    let right = "correct horse battery";
    assert_eq!(log_in_from(&t, home, "ada@example.com", right).await, StatusCode::OK);

    // A stranger guesses Ada's password from elsewhere: the stranger is stopped, Ada is not.
    for _ in 0..5 {
        assert_eq!(log_in_from(&t, stranger, "ada@example.com", "guess").await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(log_in_from(&t, stranger, "ada@example.com", right).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(log_in_from(&t, home, "ada@example.com", right).await, StatusCode::OK);

    // Someone at Ada's home tries 20 other addresses: new addresses from there wait, Ada does not.
    for i in 0..20 {
        let email = format!("nobody{i}@example.com");
        assert_eq!(log_in_from(&t, home, &email, "guess").await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(log_in_from(&t, home, "grace@example.com", right).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(log_in_from(&t, home, "ada@example.com", right).await, StatusCode::OK, "known at home");
    assert_eq!(log_in_from(&t, office, "grace@example.com", right).await, StatusCode::OK, "elsewhere is fine");
}
