//! The web app's form decoders: the first byte picks a form, the rest is its urlencoded body,
//! sent from a signed-in browser with a valid CSRF token appended (so the decoder, not the guard,
//! sees it). Refusals are fine; a 5xx or a panic is not.
#![no_main]

use std::sync::OnceLock;

use axum::http::Method;
use libfuzzer_sys::fuzz_target;

const FORMS: &[&str] = &[
    "/signup",
    "/login",
    "/feed",
    "/profile/edit",
    "/profile/experience",
    "/messages",
    "/network/connect",
    "/settings/data-privacy/generative-ai",
    "/settings/data-privacy/recommendations",
    "/notices/dismiss",
];

/// The session cookie and the CSRF token of a page rendered for it.
fn browser() -> &'static (String, String) {
    static BROWSER: OnceLock<(String, String)> = OnceLock::new();
    BROWSER.get_or_init(|| {
        let server = assent_fuzz::server();
        let cookie = format!("assent_session={}", server.token);
        let (_, page) = server.send(Method::GET, "/profile/edit", &[("cookie", cookie.as_str())], Vec::new());
        let page = String::from_utf8(page).unwrap();
        let csrf =
            page.split("name=\"csrf\" value=\"").nth(1).expect("a form with a CSRF token").split('"').next().unwrap();
        (cookie, csrf.to_string())
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let server = assent_fuzz::server();
    let (cookie, csrf) = browser();
    let path = FORMS[pick as usize % FORMS.len()];
    let mut body = body.to_vec();
    body.extend_from_slice(format!("&csrf={csrf}").as_bytes());
    let headers = [("content-type", "application/x-www-form-urlencoded"), ("cookie", cookie.as_str())];
    let (status, out) = server.send(Method::POST, path, &headers, body);
    assent_fuzz::assert_not_a_server_error(path, status, &out);
});
