//! The JSON API's request decoders: the first byte picks an operation that takes a body, the rest
//! is the body, sent signed in. Refusals are fine; a 5xx or a panic is not.
#![no_main]

use axum::http::Method;
use libfuzzer_sys::fuzz_target;

const ROUTES: &[(Method, &str)] = &[
    (Method::POST, "/api/v1/members"),
    (Method::POST, "/api/v1/sessions"),
    (Method::PATCH, "/api/v1/me/profile"),
    (Method::POST, "/api/v1/me/experience"),
    (Method::POST, "/api/v1/posts"),
    (Method::POST, "/api/v1/posts/1/comments"),
    (Method::POST, "/api/v1/messages"),
    (Method::POST, "/api/v1/connections"),
    (Method::PUT, "/api/v1/me/settings/ai-data"),
    (Method::POST, "/api/v1/ai/assist"),
    (Method::GET, "/api/v1/jobs?"),
    (Method::GET, "/api/v1/me/settings/ai-data/history?"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let server = assent_fuzz::server();
    let (method, path) = &ROUTES[pick as usize % ROUTES.len()];
    let auth = format!("Bearer {}", server.token);
    let headers = [("content-type", "application/json"), ("authorization", auth.as_str())];
    let (status, out) = if path.ends_with('?') {
        // A query string instead of a body, percent-encoded where a URI requires it.
        let query: String = body
            .iter()
            .map(|&b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'=' | b'&' | b'+' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        server.send(method.clone(), &format!("{path}{query}"), &headers, Vec::new())
    } else {
        server.send(method.clone(), path, &headers, body.to_vec())
    };
    assent_fuzz::assert_not_a_server_error(path, status, &out);
});
