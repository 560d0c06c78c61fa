//! The web app in a real browser: headless Chromium driven over WebDriver (Debian's `chromium`
//! and `chromium-driver`; `scripts/test` installs them). A new member signs up, posts, walks the
//! settings path from the feed to *Data for Generative AI Improvement* in four clicks, turns it
//! off, sees that in "Your data and AI", and turns it back on; every step is asserted on the page
//! and the key pages are saved as PNG screenshots in `target/screenshots/`.
//!
//! A second walk checks accessibility: axe-core (the npm package in `tests/a11y`, loaded from
//! disk into each page) finds no violation on any page, signed out and signed in, in English and
//! in French; and a member reaches the generative-AI switch from the feed with the keyboard alone
//! (Tab, Enter, Space), the focus visible at every step, with screenshots of the French path.
//!
//! The tests fail when Chromium or axe-core is missing: they are never skipped. `CHROMIUM`,
//! `CHROMEDRIVER` and `AXE_CORE` (the path of `axe.min.js`) override where they are found.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use assent_ledger::Method as LedgerMethod;
use assent_policy::Purpose;
use assent_server::AppState;
use serde_json::{json, Value};

use crate::{Backend, TestApp};

/// The W3C WebDriver element key.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn binary(var: &str, default: &str) -> PathBuf {
    let path = PathBuf::from(std::env::var(var).unwrap_or_else(|_| default.to_string()));
    assert!(
        path.is_file(),
        "{} not found: the browser test needs Debian's `chromium` and `chromium-driver` packages \
         (`./scripts/test` installs them; by hand: apt-get install -y chromium chromium-driver), \
         or set {var} to the binary",
        path.display()
    );
    path
}

/// One HTTP/1.1 exchange with chromedriver.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> std::io::Result<(u16, Value)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(120)))?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    if method != "GET" && method != "DELETE" {
        req.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(&body);
    s.write_all(req.as_bytes())?;
    // chromedriver keeps connections open whatever the request says: read by Content-Length.
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    let (head, body_start) = loop {
        let n = s.read(&mut buf)?;
        if n == 0 {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed in the headers"));
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break (String::from_utf8_lossy(&raw[..i]).to_ascii_lowercase(), i + 4);
        }
    };
    let length =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let have = raw.len() - body_start;
        let done = match length {
            Some(len) => have >= len,
            None if chunked => raw[body_start..].ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = s.read(&mut buf)?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let mut payload = raw[body_start..].to_vec();
    if chunked {
        payload = unchunk(&payload);
    }
    let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let value = serde_json::from_slice(&payload).unwrap_or(Value::Null);
    Ok((status, value))
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[(eol + 4 + size).min(data.len())..];
    }
    out
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let bytes: Vec<u8> = s.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &c)| acc | (u32::from(val(c)) << (18 - 6 * i)));
        let take = chunk.len() - 1;
        out.extend_from_slice(&n.to_be_bytes()[1..1 + take]);
    }
    out
}

/// chromedriver with one headless Chromium session; both end when this is dropped.
struct Browser {
    port: u16,
    driver: Child,
    session: String,
    shots: PathBuf,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(shots: PathBuf) -> Browser {
        let chromium = binary("CHROMIUM", "/usr/bin/chromium");
        let chromedriver = binary("CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let started = Instant::now();
        loop {
            if let Ok((200, v)) = http(port, "GET", "/status", None) {
                if v["value"]["ready"] == true {
                    break;
                }
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = driver.kill();
                panic!("chromedriver did not come up on port {port} within 30 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1280,1000",
                         format!("--user-data-dir={}", profile.path().display())],
            },
        }}});
        let (status, v) = http(port, "POST", "/session", Some(&caps)).expect("chromedriver answers");
        if status != 200 {
            let _ = driver.kill();
            panic!("Chromium did not start (HTTP {status}): {v}");
        }
        let session = v["value"]["sessionId"].as_str().expect("a session id").to_string();
        std::fs::create_dir_all(&shots).unwrap();
        Browser { port, driver, session, shots, _profile: profile }
    }

    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let full = format!("/session/{}{path}", self.session);
        let (status, v) = http(self.port, method, &full, body.as_ref()).map_err(|e| e.to_string())?;
        if status == 200 {
            Ok(v["value"].clone())
        } else {
            Err(format!("WebDriver {method} {path}: HTTP {status}: {}", v["value"]["message"]))
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Retries `f` until it answers `Some` (pages load after a click returns), up to 15 s.
    fn eventually<T>(&self, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
        let started = Instant::now();
        loop {
            if let Some(v) = f() {
                return v;
            }
            assert!(started.elapsed() < Duration::from_secs(15), "timed out waiting for {what} at {}", self.url());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({"url": url})));
    }

    fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap_or_default().to_string()
    }

    fn try_find(&self, css: &str) -> Option<String> {
        let v = self.try_call("POST", "/element", Some(json!({"using": "css selector", "value": css}))).ok()?;
        v[ELEMENT].as_str().map(str::to_string)
    }

    fn find(&self, css: &str) -> String {
        self.eventually(&format!("element {css}"), || self.try_find(css))
    }

    fn click(&self, css: &str) {
        self.eventually(&format!("a click on {css}"), || {
            let id = self.try_find(css)?;
            self.try_call("POST", &format!("/element/{id}/click"), Some(json!({}))).ok()
        });
    }

    /// Clicks and waits until the address contains `url_part` (the next page is there).
    fn click_to(&self, css: &str, url_part: &str) {
        self.click(css);
        self.eventually(&format!("an address with {url_part:?}"), || self.url().contains(url_part).then_some(()));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.call("POST", &format!("/element/{id}/clear"), Some(json!({})));
        self.call("POST", &format!("/element/{id}/value"), Some(json!({"text": text})));
    }

    fn try_text(&self, css: &str) -> Option<String> {
        let id = self.try_find(css)?;
        let v = self.try_call("GET", &format!("/element/{id}/text"), None).ok()?;
        Some(v.as_str().unwrap_or_default().to_string())
    }

    /// The visible text of an element.
    fn text(&self, css: &str) -> String {
        self.eventually(&format!("the text of {css}"), || self.try_text(css))
    }

    fn attribute(&self, css: &str, name: &str) -> Option<String> {
        self.eventually(&format!("attribute {name} of {css}"), || {
            let id = self.try_find(css)?;
            let v = self.try_call("GET", &format!("/element/{id}/attribute/{name}"), None).ok()?;
            Some(v.as_str().map(str::to_string))
        })
    }

    fn source(&self) -> String {
        self.call("GET", "/source", None).as_str().unwrap_or_default().to_string()
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let png = base64_decode(self.call("GET", "/screenshot", None).as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and returns its value.
    fn script(&self, script: &str, args: Value) -> Value {
        self.call("POST", "/execute/sync", Some(json!({"script": script, "args": args})))
    }

    /// Presses and releases one key (WebDriver key codes: Tab `\u{E004}`, Enter `\u{E007}`).
    fn press(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.call("POST", "/actions", Some(actions));
    }

    /// What has the focus: its id, tag, text, and whether a keyboard user sees where it is (it
    /// matches `:focus-visible` and draws an outline at least 2 px wide).
    fn focused(&self) -> Value {
        self.script(
            "const e = document.activeElement; const s = getComputedStyle(e);
             return {id: e.id, tag: e.tagName.toLowerCase(), text: (e.innerText || '').trim().slice(0, 60),
                     visible: e.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2};",
            json!([]),
        )
    }

    /// Tabs until the element `#id` has the focus (at most 60 times), checking at every step that
    /// the focus is visible; returns how many Tabs it took.
    fn tab_to(&self, id: &str) -> usize {
        for n in 1..=60 {
            self.press("\u{E004}");
            let f = self.focused();
            assert_eq!(f["visible"], true, "the focus is not visible on {f} at {}", self.url());
            if f["id"] == id {
                return n;
            }
        }
        panic!("#{id} never got the focus by Tab at {}", self.url());
    }

    /// The axe-core violations of the page, as "rule (impact): what, where" lines.
    fn axe(&self, axe_source: &str) -> Vec<String> {
        self.script(axe_source, json!([]));
        let v = self.call(
            "POST",
            "/execute/async",
            Some(json!({"script": "const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                       nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)}))))
                   .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));",
                "args": []})),
        );
        v.as_array()
            .expect("axe answers a list")
            .iter()
            .map(|v| format!("{} ({}): {} {}", v["id"], v["impact"], v["help"], v["nodes"]))
            .collect()
    }

    /// Waits until `css` shows `expected` (for a while: the page may still be loading).
    #[track_caller]
    fn assert_text(&self, css: &str, expected: &str) {
        let started = Instant::now();
        loop {
            let text = self.try_text(css);
            if text.as_deref().is_some_and(|t| t.contains(expected)) {
                return;
            }
            if started.elapsed() > Duration::from_secs(15) {
                panic!("{css} at {} lacks {expected:?}; it reads:\n{}", self.url(), text.unwrap_or_default());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Close Chromium, then let chromedriver exit by itself so that it reaps its children.
        let _ = http(self.port, "DELETE", &format!("/session/{}", self.session), None);
        let _ = http(self.port, "GET", "/shutdown", None);
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(5) {
            if matches!(self.driver.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// axe-core's `axe.min.js`, installed from npm by `scripts/test` (`npm ci` in `tests/a11y`).
fn axe_source() -> String {
    let path = std::env::var("AXE_CORE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/a11y/node_modules/axe-core/axe.min.js"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; the accessibility test needs axe-core (`./scripts/test` installs it; by hand: \
             npm ci --prefix crates/assent-server/tests/a11y), or set AXE_CORE to axe.min.js",
            path.display()
        )
    })
}

/// Where screenshots go: the PostgreSQL run's beside the SQLite run's, in a folder of their own.
fn screenshots_dir(backend: Backend) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    match backend {
        Backend::Sqlite => dir,
        Backend::Postgres => dir.join("postgres"),
    }
}

fn walk(base: &str, state: &AppState, backend: Backend) {
    let b = Browser::start(screenshots_dir(backend));

    // Sign up from the landing page.
    b.goto(&format!("{base}/"));
    b.assert_text("h1", "where AI learns only from what you allow");
    b.click_to("a.button[href='/signup']", "/signup");
    b.type_into("#name", "Ada Lovelace");
    b.type_into("#email", "ada@example.com");
    b.type_into("#password", "analytical engine");
    b.type_into("#region", "GB");
    b.type_into("#birth_date", "1990-12-10");
    b.screenshot("01-sign-up");
    b.click_to("#signup-submit", "/feed?welcome=1");
    b.assert_text("main", "Welcome to Assent, Ada Lovelace!");
    b.assert_text("#feed", "Grace Hopper");
    let me = state.store.member_by_handle("ada-lovelace-2").unwrap().expect("the member exists");

    // Post.
    b.type_into("#post-text", "Hello from a real browser: notes on the Analytical Engine.");
    b.click_to("#post-submit", "/feed?posted=");
    b.assert_text("main", "Your post is live.");
    b.assert_text("#feed", "Hello from a real browser: notes on the Analytical Engine.");
    b.screenshot("02-feed");

    // Feed › profile photo › Settings › Data privacy › Data for Generative AI Improvement: 4 clicks.
    b.click("#me-menu");
    b.assert_text(".menu", "Settings");
    b.click_to("#menu-settings", "/settings");
    b.click_to("#settings-data-privacy", "/settings/data-privacy");
    b.assert_text("main", "Data for AI-powered recommendations");
    b.screenshot("03-data-privacy");
    b.click_to("#genai-setting", "/settings/data-privacy/generative-ai");
    b.assert_text("h1", "Data for Generative AI Improvement");
    for words in [
        "your public profile",
        "never covered: your private messages",
        "ON by default",
        "You can change it back at any time",
        "retrained without it",
    ] {
        let main = b.text("main").to_lowercase();
        assert!(main.contains(&words.to_lowercase()), "the explanation lacks {words:?}:\n{main}");
    }
    assert_eq!(b.attribute("#genai-toggle", "aria-checked").as_deref(), Some("true"));
    b.assert_text("#setting-state", "ON");
    b.screenshot("04-generative-ai-setting");

    // Turn it off: recorded in the ledger with method `web` before the page confirms it.
    b.click_to("#genai-toggle", "?saved=1");
    b.assert_text("main", "Saved: Data for Generative AI Improvement is now OFF.");
    assert_eq!(b.attribute("#genai-toggle", "aria-checked").as_deref(), Some("false"));
    let history = state.ledger.history(me.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].purpose, history[0].value, history[0].method),
        (Purpose::TrainGenai, false, LedgerMethod::Web)
    );
    b.screenshot("05-generative-ai-off");

    // "Your data and AI" shows it.
    b.click("#me-menu");
    b.click_to("#menu-ai-data", "/me/ai-data");
    b.assert_text("#your-settings", "Data for Generative AI Improvement");
    let first_row = b.text("#your-settings tr:first-child");
    assert!(first_row.contains("Off") && first_row.contains("You chose this"), "{first_row}");
    b.assert_text("#history", "web — on the website");
    b.assert_text("#history", "Data for Generative AI Improvement");
    b.assert_text("#policy", "2025-11-03");
    b.screenshot("06-your-data-and-ai");

    // The public profile now tells crawlers not to train on it.
    b.goto(&format!("{base}/in/{}", me.handle));
    assert!(b.source().contains(r#"<meta name="robots" content="noai, noimageai">"#));

    // Turn it back on.
    b.goto(&format!("{base}/feed"));
    b.click("#me-menu");
    b.click_to("#menu-settings", "/settings");
    b.click_to("#settings-data-privacy", "/settings/data-privacy");
    b.click_to("#genai-setting", "/settings/data-privacy/generative-ai");
    assert_eq!(b.attribute("#genai-toggle", "aria-checked").as_deref(), Some("false"));
    b.click_to("#genai-toggle", "?saved=1");
    b.assert_text("main", "Saved: Data for Generative AI Improvement is now ON.");
    assert_eq!(b.attribute("#genai-toggle", "aria-checked").as_deref(), Some("true"));
    let history = state.ledger.history(me.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!((history[1].value, history[1].method), (true, LedgerMethod::Web));
    b.screenshot("07-generative-ai-on");
    b.goto(&format!("{base}/in/{}", me.handle));
    assert!(!b.source().contains("noai"), "opted in again: no signal");
}

/// A server on a loopback port whose network has one member, Grace Hopper, with one public post;
/// returns her handle.
async fn serving_grace_hopper(backend: Backend) -> (TestApp, SocketAddr, String) {
    let t: TestApp = crate::fixture(backend);
    let (_, handle, grace) = t.member("Grace Hopper", "grace@example.com", "US").await;
    let (s, _) = t
        .call(
            axum::http::Method::POST,
            "/api/v1/posts",
            Some(&grace),
            Some(json!({"text": "Compilers are for people.", "visibility": "public"})),
        )
        .await;
    assert_eq!(s, axum::http::StatusCode::CREATED);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(assent_server::serve_on(t.state.clone(), listener));
    (t, addr, handle)
}

on_both!(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async a_new_member_walks_the_settings_path_in_chromium);
async fn a_new_member_walks_the_settings_path_in_chromium(backend: Backend) {
    let started = Instant::now();
    let (t, addr, _) = serving_grace_hopper(backend).await;
    let state = t.state.clone();
    tokio::task::spawn_blocking(move || walk(&format!("http://{addr}"), &state, backend)).await.unwrap();
    eprintln!(
        "browser test: {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        screenshots_dir(backend).canonicalize().unwrap_or_else(|_| screenshots_dir(backend)).display()
    );
}

/// Every page, signed out then signed in, in `lang`; returns the violations found, page by page.
fn scan(b: &Browser, base: &str, axe: &str, lang: &str, other: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut check = |path: &str| {
        b.goto(&format!("{base}{path}"));
        b.find("main");
        assert!(b.source().contains(&format!(r#"<html lang="{lang}">"#)), "{path} is not in {lang}");
        for v in b.axe(axe) {
            found.push(format!("[{lang}] {path}: {v}"));
        }
    };
    // Signed out: the language picked in the footer.
    b.goto(&format!("{base}/language/{lang}"));
    for path in ["/", "/signup", "/login", "/policy", "/policy/2025-11-03", &format!("/in/{other}"), "/nowhere"] {
        check(path);
    }
    // Signed in, as a new member of that language, with something on every page.
    let email = format!("{lang}@example.com");
    b.goto(&format!("{base}/signup"));
    b.type_into("#name", if lang == "fr" { "Camille Martin" } else { "Ada Lovelace" });
    b.type_into("#email", &email);
    b.type_into("#password", "analytical engine");
    b.type_into("#region", if lang == "fr" { "FR" } else { "GB" });
    b.type_into("#birth_date", "1990-12-10");
    b.click_to("#signup-submit", "/feed?welcome=1");
    check("/feed?welcome=1");
    b.type_into("#post-text", "Hello, world.");
    b.click_to("#post-submit", "/feed?posted=");
    check("/feed?posted=1");
    b.goto(&format!("{base}/in/{other}"));
    b.click("form[action='/network/connect'] button");
    b.eventually("the invitation", || b.url().contains("/network?").then_some(()));
    check(&b.url().replace(base, ""));
    b.goto(&format!("{base}/messages/{other}"));
    b.type_into("#reply-text", "Hello!");
    b.click_to("#reply-send", "#reply");
    for path in [
        "/jobs",
        "/jobs?q=engineer",
        "/messages",
        &format!("/messages/{other}"),
        "/settings",
        "/settings/data-privacy",
        "/settings/data-privacy/generative-ai",
        "/settings/data-privacy/recommendations",
        "/settings/data-privacy/recommendations?saved=1",
        "/me/ai-data",
        "/profile/edit",
        "/policy",
        &format!("/in/{other}"),
        "/nowhere",
    ] {
        check(path);
    }
    // The menu open, and a form refused with its error.
    b.goto(&format!("{base}/feed"));
    b.click("#me-menu");
    for v in b.axe(axe) {
        found.push(format!("[{lang}] the open menu: {v}"));
    }
    b.goto(&format!("{base}/profile/edit"));
    b.type_into("#start", "someday");
    b.type_into("#title", "Engineer");
    b.type_into("#company", "Engines");
    b.type_into("#description", "Code");
    b.click("form[action='/profile/experience'] button[type=submit]");
    b.eventually("the refusal", || b.source().contains("flash error").then_some(()));
    for v in b.axe(axe) {
        found.push(format!("[{lang}] a refused form: {v}"));
    }
    b.click("#me-menu");
    b.click("form[action='/logout'] button");
    b.eventually("the log-out", || (!b.url().contains("/profile")).then_some(()));
    found
}

/// From the feed to the generative-AI switch and off, by keyboard alone; screenshots of each page.
fn keyboard_walk(b: &Browser, base: &str, state: &AppState, email: &str, shots: &str) -> usize {
    b.goto(&format!("{base}/login"));
    b.call("DELETE", "/cookie", None);
    b.goto(&format!("{base}/login"));
    b.type_into("#email", email);
    b.type_into("#password", "analytical engine");
    b.click_to("#login-submit", "/feed");
    let me = state.store.member_by_handle(&state_handle(state, email)).unwrap().unwrap();
    let before = state.ledger.history(me.id).unwrap().len();
    b.goto(&format!("{base}/feed"));
    let mut keys = 0;
    keys += b.tab_to("me-menu");
    b.press("\u{E007}");
    keys += 1;
    assert_eq!(b.attribute("details.me", "open").as_deref(), Some("true"), "Enter opens the menu");
    b.screenshot(&format!("{shots}-1-menu"));
    keys += b.tab_to("menu-settings");
    b.press("\u{E007}");
    keys += 1;
    b.eventually("Settings", || b.url().ends_with("/settings").then_some(()));
    b.screenshot(&format!("{shots}-2-settings"));
    keys += b.tab_to("settings-data-privacy");
    b.press("\u{E007}");
    keys += 1;
    b.eventually("Data privacy", || b.url().ends_with("/settings/data-privacy").then_some(()));
    b.screenshot(&format!("{shots}-3-data-privacy"));
    keys += b.tab_to("genai-setting");
    b.press("\u{E007}");
    keys += 1;
    b.eventually("the setting", || b.url().ends_with("/generative-ai").then_some(()));
    keys += b.tab_to("genai-toggle");
    b.screenshot(&format!("{shots}-4-generative-ai"));
    assert_eq!(b.attribute("#genai-toggle", "aria-checked").as_deref(), Some("true"));
    b.press(" ");
    keys += 1;
    b.eventually("the confirmation", || b.url().contains("?saved=1").then_some(()));
    assert_eq!(b.attribute("#genai-toggle", "aria-checked").as_deref(), Some("false"));
    b.screenshot(&format!("{shots}-5-off"));
    let history = state.ledger.history(me.id).unwrap();
    assert_eq!(history.len(), before + 1);
    let last = history.last().unwrap();
    assert_eq!((last.purpose, last.value, last.method), (Purpose::TrainGenai, false, LedgerMethod::Web));
    keys
}

fn state_handle(state: &AppState, email: &str) -> String {
    let name = if email.starts_with("fr@") { "camille-martin" } else { "ada-lovelace" };
    (1..100)
        .map(|id| format!("{name}-{id}"))
        .find(|h| state.store.member_by_handle(h).unwrap().is_some_and(|m| m.email == email))
        .expect("the member signed up")
}

on_both!(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async every_page_passes_axe_in_both_languages_and_the_keyboard_reaches_the_setting);
async fn every_page_passes_axe_in_both_languages_and_the_keyboard_reaches_the_setting(backend: Backend) {
    let axe = axe_source();
    let (t, addr, grace_h) = serving_grace_hopper(backend).await;
    let state = t.state.clone();
    tokio::task::spawn_blocking(move || {
        let base = format!("http://{addr}");
        let b = Browser::start(screenshots_dir(backend));
        let mut violations = scan(&b, &base, &axe, "en", &grace_h);
        violations.extend(scan(&b, &base, &axe, "fr", &grace_h));
        assert!(violations.is_empty(), "{} axe-core violations:\n{}", violations.len(), violations.join("\n"));
        let en = keyboard_walk(&b, &base, &state, "en@example.com", "keyboard-en");
        let fr = keyboard_walk(&b, &base, &state, "fr@example.com", "keyboard-fr");
        assert_eq!(en, fr, "the same number of key presses in English and in French");
        eprintln!("keyboard walk from the feed to the switch, turned off: {en} key presses in each language");
    })
    .await
    .unwrap();
}
