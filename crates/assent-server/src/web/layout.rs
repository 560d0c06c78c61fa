//! The page shell shared by every page (header, the profile-photo menu, the policy banner, the
//! language links), small building blocks for forms, the style sheet, and the security headers
//! of every page. Every word comes from the catalogues of [`crate::i18n`].

use assent_policy::{Purpose, Visibility};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use super::session::Viewer;
pub(crate) use crate::i18n::{date, when};
use crate::i18n::{t, tm, Lang};

/// Which top-level section a page belongs to (highlighted in the header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nav {
    Home,
    Network,
    Jobs,
    Messages,
    Me,
    None,
}

/// A short message at the top of a page.
#[derive(Debug, Clone)]
pub(crate) enum Flash {
    Ok(String),
    Info(String),
    Error(String),
}

/// An HTML response.
pub(crate) fn html(status: StatusCode, markup: Markup) -> Response {
    let mut resp = (status, markup.into_string()).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    resp
}

/// The page shell, in `lang`. `noai` adds `<meta name="robots" content="noai, noimageai">`
/// (the headers that go with it are set by the public pages).
pub(crate) fn page(lang: Lang, title: &str, viewer: Option<&Viewer>, nav: Nav, noai: bool, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if noai { meta name="robots" content="noai, noimageai"; }
                title { (t!(lang, "page-title", title = title)) }
                link rel="stylesheet" href="/assets/assent.css";
            }
            body {
                a.skip href="#main" { (t!(lang, "skip-to-content")) }
                (header(lang, viewer, nav))
                @if let Some(v) = viewer {
                    (banner(lang, v))
                    @if !v.gpc.is_empty() {
                        div.flash.info role="status" {
                            (tm!(lang, "gpc-notice", settings = settings_list(lang, &v.gpc);
                                link = html! { a href="/settings/data-privacy" { (t!(lang, "settings-privacy-path")) } }))
                        }
                    }
                }
                main #main tabindex="-1" { (body) }
                footer {
                    p {
                        a href="/policy" { (t!(lang, "footer-policy")) } " · "
                        a href="/robots.txt" { "robots.txt" } " · "
                        a href="/api/v1/openapi.json" { "API" }
                    }
                    (language_links(lang, viewer))
                    p { (t!(lang, "footer-about")) }
                }
            }
        }
    }
}

/// "A and B" for the settings a GPC signal turned off.
fn settings_list(lang: Lang, purposes: &[Purpose]) -> String {
    match purposes {
        [one] => setting_name(lang, *one),
        [first, second] => {
            t!(lang, "gpc-and", first = setting_name(lang, *first), second = setting_name(lang, *second))
        }
        _ => purposes.iter().map(|p| setting_name(lang, *p)).collect::<Vec<_>>().join(", "),
    }
}

/// The language links: for visitors, each language (kept in a cookie); for members, their
/// language setting in Settings › Account.
fn language_links(lang: Lang, viewer: Option<&Viewer>) -> Markup {
    html! {
        nav.languages aria-label=(t!(lang, "footer-language")) {
            (t!(lang, "footer-language-label")) " "
            @if viewer.is_some() {
                a href="/settings#language" { (lang.autonym()) }
            } @else {
                @for (i, l) in Lang::ALL.into_iter().enumerate() {
                    @if i > 0 { " · " }
                    @if l == lang {
                        strong aria-current="true" lang=(l.tag()) { (l.autonym()) }
                    } @else {
                        a href={ "/language/" (l.tag()) } lang=(l.tag()) hreflang=(l.tag()) { (l.autonym()) }
                    }
                }
            }
        }
    }
}

fn header(lang: Lang, viewer: Option<&Viewer>, nav: Nav) -> Markup {
    let item = |href: &str, label: String, this: Nav| {
        html! { a.nav-item.active[nav == this] href=(href) aria-current=[(nav == this).then_some("page")] { (label) } }
    };
    html! {
        header.top {
            div.bar {
                a.logo href=(if viewer.is_some() { "/feed" } else { "/" }) { "Assent" }
                @if let Some(v) = viewer {
                    nav.main aria-label=(t!(lang, "nav-main")) {
                        (item("/feed", t!(lang, "nav-home"), Nav::Home))
                        (item("/network", t!(lang, "nav-network"), Nav::Network))
                        (item("/jobs", t!(lang, "nav-jobs"), Nav::Jobs))
                        (item("/messages", t!(lang, "nav-messages"), Nav::Messages))
                    }
                    details.me.active[nav == Nav::Me] {
                        summary #me-menu {
                            span.avatar aria-hidden="true" { (initials(&v.member.name)) }
                            span.me-label { (t!(lang, "me-menu-title")) }
                            span aria-hidden="true" { " ▾" }
                        }
                        div.menu {
                            p.menu-name { strong { (v.member.name) } }
                            a href={ "/in/" (v.member.handle) } { (t!(lang, "menu-view-profile")) }
                            a href="/profile/edit" { (t!(lang, "menu-edit-profile")) }
                            a #menu-settings href="/settings" { (t!(lang, "menu-settings")) }
                            a #menu-ai-data href="/me/ai-data" { (t!(lang, "menu-your-data")) }
                            form method="post" action="/logout" {
                                (csrf(&v.csrf))
                                button.link type="submit" { (t!(lang, "menu-log-out")) }
                            }
                        }
                    }
                } @else {
                    nav.main.anon aria-label=(t!(lang, "nav-main")) {
                        a.nav-item href="/login" { (t!(lang, "nav-log-in")) }
                        a.button href="/signup" { (t!(lang, "nav-join")) }
                    }
                }
            }
        }
    }
}

fn banner(lang: Lang, v: &Viewer) -> Markup {
    let Some(n) = &v.notice else { return html! {} };
    let version = html! { strong { (n.version) } };
    html! {
        div.notice role="region" aria-label=(t!(lang, "notice-label")) {
            p {
                @if n.upcoming {
                    (tm!(lang, "notice-upcoming", date = date(lang, n.effective); version = version))
                } @else {
                    (tm!(lang, "notice-current", date = date(lang, n.effective); version = version))
                }
                " "
                a href={ "/policy/" (n.version) } { (t!(lang, "notice-read")) }
                " · "
                a href="/settings/data-privacy" { (t!(lang, "notice-review")) }
            }
            form method="post" action="/notices/dismiss" {
                (csrf(&v.csrf))
                input type="hidden" name="version" value=(n.version);
                button.secondary type="submit" { (t!(lang, "notice-dismiss")) }
            }
        }
    }
}

/// A bare page for errors (no session needed).
pub(crate) fn error_page(lang: Lang, title: &str, message: &str) -> Markup {
    page(
        lang,
        title,
        None,
        Nav::None,
        false,
        html! {
            section.card {
                h1 { (title) }
                p { (message) }
                p { a href="/feed" { (t!(lang, "error-go-feed")) } " · " a href="/" { (t!(lang, "error-go-home")) } }
            }
        },
    )
}

/// A flash message.
pub(crate) fn flash(f: &Option<Flash>) -> Markup {
    match f {
        Some(Flash::Ok(m)) => html! { div.flash.ok role="status" { (m) } },
        Some(Flash::Info(m)) => html! { div.flash.info role="status" { (m) } },
        Some(Flash::Error(m)) => html! { div.flash.error role="alert" { (m) } },
        None => html! {},
    }
}

/// The hidden CSRF field every form carries.
pub(crate) fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name=(super::csrf::FIELD) value=(token); }
}

/// A visibility picker; `allow_private` for profile fields. `label` names what it is for.
pub(crate) fn visibility_select(lang: Lang, name: &str, current: Visibility, allow_private: bool) -> Markup {
    let mut choices = vec![
        (Visibility::Public, t!(lang, "visibility-public-anyone")),
        (Visibility::Connections, t!(lang, "visibility-connections")),
    ];
    if allow_private {
        choices.push((Visibility::Private, t!(lang, "visibility-private")));
    }
    html! {
        select name=(name) aria-label=(t!(lang, "visibility-label")) {
            @for (v, label) in &choices {
                option value=(v.as_str()) selected[*v == current] { (label) }
            }
        }
    }
}

/// A visibility badge.
pub(crate) fn visibility_badge(lang: Lang, v: Visibility) -> Markup {
    let label = match v {
        Visibility::Public => t!(lang, "visibility-public"),
        Visibility::Connections => t!(lang, "visibility-connections-badge"),
        Visibility::Private => t!(lang, "visibility-private"),
    };
    html! { span.badge { (label) } }
}

/// Initials for the avatar.
pub(crate) fn initials(name: &str) -> String {
    let s: String = name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
    if s.is_empty() {
        "?".to_string()
    } else {
        s.to_uppercase()
    }
}

/// The setting's name as members see it.
pub(crate) fn setting_name(lang: Lang, p: Purpose) -> String {
    match p {
        Purpose::TrainGenai => t!(lang, "setting-genai"),
        Purpose::TrainAi => t!(lang, "setting-recs"),
    }
}

/// `On` / `Off`.
pub(crate) fn on_off(lang: Lang, v: bool) -> String {
    if v {
        t!(lang, "on")
    } else {
        t!(lang, "off")
    }
}

/// `ON` / `OFF`.
pub(crate) fn on_off_upper(lang: Lang, v: bool) -> String {
    if v {
        t!(lang, "on-upper")
    } else {
        t!(lang, "off-upper")
    }
}

/// Text with line breaks kept (member text is escaped by maud; the breaks are ours).
pub(crate) fn multiline(text: &str) -> Markup {
    html! {
        @for (i, line) in text.lines().enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

/// Headers every web page carries: no scripts at all, no framing, no MIME sniffing.
pub(crate) async fn security_headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    // Signed-in pages and API answers carry personal data and tokens: no cache keeps them,
    // unless a response says otherwise (the style sheet).
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// The style sheet.
pub(crate) async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], STYLE)
        .into_response()
}

const STYLE: &str = r#"
:root { --blue: #0a66c2; --blue-dark: #004182; --bg: #f4f2ee; --card: #fff; --text: #1d2226; --muted: #5e6469;
        --line: #dfdedb; --green: #057642; --red: #b24020; --amber: #915907; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
       font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
a { color: var(--blue); text-decoration: underline; text-underline-offset: 2px; } a:hover { text-decoration-thickness: 2px; }
/* Keyboard users always see where they are. */
:focus-visible { outline: 3px solid #0a4fa3; outline-offset: 2px; border-radius: 2px; }
main:focus { outline: none; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0);
           white-space: nowrap; border: 0; }
.skip { position: absolute; left: 8px; top: -48px; z-index: 20; background: var(--card); padding: 8px 14px; border-radius: 6px; }
.skip:focus { top: 8px; }
footer nav.languages { margin: 6px 0; }
header.top { background: var(--card); border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 10; }
.bar { max-width: 1040px; margin: 0 auto; display: flex; align-items: center; gap: 24px; padding: 6px 16px; }
.logo { text-decoration: none; font-weight: 800; font-size: 22px; color: #fff; background: var(--blue); border-radius: 6px; padding: 2px 10px; }
.logo:hover { text-decoration: none; background: var(--blue-dark); }
nav.main { display: flex; gap: 6px; flex: 1; align-items: center; }
nav.main.anon { justify-content: flex-end; gap: 12px; }
.nav-item { text-decoration: none; color: var(--muted); padding: 10px 12px; border-bottom: 2px solid transparent; font-weight: 600; }
.nav-item.active { color: var(--text); border-bottom-color: var(--text); }
.nav-item:hover { color: var(--text); text-decoration: none; }
details.me { position: relative; }
details.me summary { list-style: none; cursor: pointer; display: flex; align-items: center; gap: 6px; color: var(--muted); }
details.me summary::-webkit-details-marker { display: none; }
.avatar { display: inline-flex; width: 34px; height: 34px; border-radius: 50%; background: #3d5f8a; color: #fff;
          align-items: center; justify-content: center; font-weight: 700; font-size: 13px; }
.avatar.big { width: 96px; height: 96px; font-size: 34px; border: 4px solid #fff; }
.menu { position: absolute; right: 0; top: 44px; background: var(--card); border: 1px solid var(--line); border-radius: 8px;
        box-shadow: 0 4px 16px rgba(0,0,0,.12); min-width: 220px; padding: 8px 0; }
.menu a, .menu .link { text-decoration: none; display: block; padding: 8px 16px; color: var(--text); width: 100%; text-align: left; }
.menu a:hover, .menu .link:hover { background: #f3f6f8; text-decoration: none; }
.menu-name { margin: 0; padding: 4px 16px 8px; border-bottom: 1px solid var(--line); }
main { max-width: 1040px; margin: 20px auto; padding: 0 16px; }
footer { max-width: 1040px; margin: 32px auto; padding: 0 16px; color: var(--muted); font-size: 13px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px; margin-bottom: 16px; }
.card h1 { margin-top: 0; font-size: 24px; } .card h2 { margin-top: 0; font-size: 19px; }
.grid { display: grid; grid-template-columns: 240px 1fr; gap: 20px; align-items: start; }
@media (max-width: 760px) { .grid { grid-template-columns: 1fr; }
  .me-label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); } }
.muted { color: var(--muted); } .small { font-size: 13px; }
label { display: block; font-weight: 600; margin: 12px 0 4px; }
input[type=text], input[type=email], input[type=password], textarea, select {
  width: 100%; padding: 9px 11px; border: 1px solid #8c8c8c; border-radius: 6px; font: inherit; background: #fff; }
select { width: auto; }
textarea { min-height: 90px; resize: vertical; }
button, .button { text-decoration: none; display: inline-block; background: var(--blue); color: #fff; border: 0; border-radius: 20px;
  padding: 8px 18px; font: inherit; font-weight: 600; cursor: pointer; }
button:hover, .button:hover { background: var(--blue-dark); text-decoration: none; }
button.secondary, .button.secondary { background: transparent; color: var(--blue); box-shadow: inset 0 0 0 1px var(--blue); }
button.secondary:hover { background: #eaf2fb; }
button.ai { background: #fff; color: #6f3fb1; box-shadow: inset 0 0 0 1px #6f3fb1; }
button.ai:hover { background: #f4eefc; }
button.link { background: none; color: var(--text); border-radius: 0; padding: 8px 16px; font-weight: 400; }
button.danger { background: transparent; color: var(--red); box-shadow: none; padding: 4px 8px; font-weight: 400; }
.row { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; margin-top: 10px; }
.flash { border-radius: 8px; padding: 10px 14px; margin: 0 auto 16px; max-width: 1008px; }
main .flash { max-width: none; }
.flash.ok { background: #e6f4ea; border: 1px solid #9fd5b0; }
.flash.info { background: #eaf2fb; border: 1px solid #a8c8ec; }
.flash.error { background: #fdecea; border: 1px solid #f0b4aa; }
body > .flash { margin-top: 16px; }
.notice { background: #fff8e6; border-bottom: 1px solid #f1d48a; display: flex; gap: 16px; align-items: center;
          justify-content: center; padding: 8px 16px; flex-wrap: wrap; }
.notice p { margin: 0; }
.post { border-top: 1px solid var(--line); padding: 14px 0; }
.post:first-child { border-top: 0; }
.meta { display: flex; gap: 10px; align-items: center; }
.post .text { margin: 8px 0 0; white-space: normal; overflow-wrap: anywhere; }
.post form { margin-top: 4px; }
.badge { display: inline-block; font-size: 12px; color: var(--muted); border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; }
.badge.on { color: var(--green); border-color: #9fd5b0; } .badge.off { color: var(--red); border-color: #f0b4aa; }
ul.plain { list-style: none; padding: 0; margin: 0; }
ul.plain > li { padding: 12px 0; border-top: 1px solid var(--line); }
ul.plain > li:first-child { border-top: 0; }
.setting-link { text-decoration: none; display: flex; justify-content: space-between; align-items: center; padding: 14px 0; border-top: 1px solid var(--line); color: var(--text); }
.setting-link:hover { text-decoration: none; background: #f8fafc; }
.setting-link:first-of-type { border-top: 0; }
.switch-row { display: flex; align-items: center; justify-content: space-between; gap: 16px; padding: 14px 16px;
              border: 1px solid var(--line); border-radius: 10px; background: #fafbfc; }
.switch { position: relative; width: 58px; height: 30px; border-radius: 15px; padding: 0; background: #8c8c8c; }
.switch::after { content: ""; position: absolute; top: 3px; left: 3px; width: 24px; height: 24px; border-radius: 50%; background: #fff; transition: left .15s; }
.switch[aria-checked=true] { background: var(--green); } .switch[aria-checked=true]::after { left: 31px; }
.switch:hover { background: #6b6b6b; } .switch[aria-checked=true]:hover { background: #04572f; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 7px 8px; border-top: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
pre { background: #f6f8fa; padding: 12px; border-radius: 8px; overflow-x: auto; font-size: 13px; }
.hero { padding: 40px 28px; } .hero h1 { font-size: 34px; line-height: 1.2; color: #8f5849; font-weight: 400; }
.profile-head { display: flex; gap: 20px; align-items: center; }
.profile-head h1 { margin: 0; }
.sidebar p { margin: 4px 0; }
.suggestion { display: flex; justify-content: space-between; gap: 12px; align-items: center; }
"#;
