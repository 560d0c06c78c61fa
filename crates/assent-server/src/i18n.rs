//! Every member-facing word in English and French. The words live in Fluent message files,
//! `locales/en.ftl` and `locales/fr.ftl`, compiled into the binary; code names a message by its
//! key with [`t!`] (plain text) or [`tm!`] (text with links or emphasis inside, as markup).
//! Dates and numbers are written the way each language writes them ([`date`], [`when`], and the
//! number formatter of each bundle).
//!
//! Which language a page is in: the member's own choice (Settings › Account), else the
//! `assent_lang` cookie (set when a visitor picks a language, and at log-in from the member's
//! choice), else the browser's `Accept-Language`, else English. [`negotiate`] decides the last
//! three for every request and keeps the answer for the request's task ([`current`]), so pages
//! drawn without a session (errors, public pages) follow it too.

use std::sync::OnceLock;

use assent_policy::Timestamp;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use intl_memoizer::concurrent::IntlLangMemoizer;
use maud::{Markup, PreEscaped};

/// The cookie that keeps a visitor's chosen language.
pub(crate) const LANG_COOKIE: &str = "assent_lang";

/// The English catalogue.
pub const EN_FTL: &str = include_str!("../locales/en.ftl");
/// The French catalogue.
pub const FR_FTL: &str = include_str!("../locales/fr.ftl");

/// A language members can use Assent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Every language, in the order the language picker lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The BCP 47 tag (`en`, `fr`), as in `<html lang>` and in the store.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language's name in itself (`English`, `Français`).
    pub fn autonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    /// A BCP 47 tag whose primary language is one of ours (`fr`, `fr-CA`, `EN-gb`).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Lang::ALL.into_iter().find(|l| primary.eq_ignore_ascii_case(l.tag()))
    }

    /// The language an `Accept-Language` header prefers most among ours (by `q`, then by order;
    /// `q=0` means "not this one").
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for range in header.split(',') {
            let mut parts = range.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else { continue };
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => EN_FTL,
            Lang::Fr => FR_FTL,
        }
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 2] = [OnceLock::new(), OnceLock::new()];
        BUNDLES[self as usize].get_or_init(|| {
            let langid = self.tag().parse().expect("our tags are valid language identifiers");
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Member text is escaped by the templates; the isolation marks would only show up as
            // stray characters in titles and attributes.
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(match self {
                Lang::En => format_en,
                Lang::Fr => format_fr,
            }));
            let resource = FluentResource::try_new(self.source().to_string())
                .unwrap_or_else(|(_, errors)| panic!("locales/{}.ftl does not parse: {errors:?}", self.tag()));
            bundle
                .add_resource(resource)
                .unwrap_or_else(|errors| panic!("locales/{}.ftl repeats a message: {errors:?}", self.tag()));
            bundle
        })
    }
}

fn format_en(v: &FluentValue, _: &IntlLangMemoizer) -> Option<String> {
    grouped(v, ",")
}

fn format_fr(v: &FluentValue, _: &IntlLangMemoizer) -> Option<String> {
    // French groups thousands with a narrow no-break space.
    grouped(v, "\u{202F}")
}

/// A whole number with its thousands grouped (`12,345`, `12 345`); other values as Fluent writes them.
fn grouped(v: &FluentValue, sep: &str) -> Option<String> {
    let FluentValue::Number(n) = v else { return None };
    if n.value.fract() != 0.0 || n.value.abs() >= 1e15 {
        return None;
    }
    Some(group_digits(n.value as i64, sep))
}

fn group_digits(n: i64, sep: &str) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// A message argument.
pub fn arg<'a>(v: impl Into<FluentValue<'a>>) -> FluentValue<'a> {
    v.into()
}

/// The message `key` in `lang` with `args`. A key missing from the catalogue (which the
/// catalogue tests rule out) is logged and shown as the key itself.
pub fn text(lang: Lang, key: &str, args: &[(&str, FluentValue)]) -> String {
    let bundle = lang.bundle();
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        tracing::error!(key, lang = lang.tag(), "no such message");
        return key.to_string();
    };
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    let s = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::error!(key, lang = lang.tag(), ?errors, "message did not format");
    }
    s.into_owned()
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The message `key` as markup: its text escaped, with each of `parts` (links, emphasis) put
/// where the message names it (`{ $link }`).
pub fn markup(lang: Lang, key: &str, args: &[(&str, FluentValue)], parts: &[(&str, Markup)]) -> Markup {
    fn strip<'v>(v: &FluentValue<'v>) -> FluentValue<'v> {
        match v {
            FluentValue::String(s) if s.contains([OPEN, CLOSE]) => FluentValue::from(s.replace([OPEN, CLOSE], "")),
            other => other.clone(),
        }
    }
    let mut all: Vec<(&str, FluentValue)> = args.iter().map(|(k, v)| (*k, strip(v))).collect();
    for (i, (name, _)) in parts.iter().enumerate() {
        all.push((name, FluentValue::from(format!("{OPEN}{i}{CLOSE}"))));
    }
    let plain = text(lang, key, &all);
    let mut out = String::with_capacity(plain.len() + 64);
    std::fmt::Write::write_str(&mut maud::Escaper::new(&mut out), &plain).expect("writing to a string");
    for (i, (_, part)) in parts.iter().enumerate() {
        out = out.replace(&format!("{OPEN}{i}{CLOSE}"), &part.0);
    }
    PreEscaped(out)
}

/// `t!(lang, "key", name = value, …)`: the message as text.
macro_rules! t {
    ($lang:expr, $key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::text($lang, $key, &[$((stringify!($name), $crate::i18n::arg($value))),*])
    };
}

/// `tm!(lang, "key", name = value, …; part = html! { … }, …)`: the message as markup, with
/// the parts put in its placeholders.
macro_rules! tm {
    ($lang:expr, $key:literal $(, $name:ident = $value:expr)* ; $($part:ident = $markup:expr),+ $(,)?) => {
        $crate::i18n::markup(
            $lang,
            $key,
            &[$((stringify!($name), $crate::i18n::arg($value))),*],
            &[$((stringify!($part), $markup)),+],
        )
    };
}

pub(crate) use {t, tm};

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A day: `1 May 2026`, `1er mai 2026`.
pub fn date(lang: Lang, t: Timestamp) -> String {
    use chrono::Datelike;
    let d = t.to_datetime();
    let month = d.month0() as usize;
    match lang {
        Lang::En => format!("{} {} {}", d.day(), MONTHS_EN[month], d.year()),
        Lang::Fr if d.day() == 1 => format!("1er {} {}", MONTHS_FR[month], d.year()),
        Lang::Fr => format!("{} {} {}", d.day(), MONTHS_FR[month], d.year()),
    }
}

/// An instant to the minute: `2026-05-01 14:03 UTC`, `01/05/2026 14:03 UTC`.
pub fn when(lang: Lang, t: Timestamp) -> String {
    let d = t.to_datetime();
    match lang {
        Lang::En => d.format("%Y-%m-%d %H:%M UTC").to_string(),
        Lang::Fr => d.format("%d/%m/%Y %H:%M UTC").to_string(),
    }
}

/// A whole number as the language writes it (`12,345`, `12 345`).
pub fn number(lang: Lang, n: i64) -> String {
    match lang {
        Lang::En => group_digits(n, ","),
        Lang::Fr => group_digits(n, "\u{202F}"),
    }
}

tokio::task_local! {
    static LANG: std::cell::Cell<Lang>;
}

/// The language of the request being answered (English outside a request): what the request
/// asks for, or the signed-in member's own choice once the session is read ([`settle`]).
pub fn current() -> Lang {
    LANG.try_with(std::cell::Cell::get).unwrap_or_default()
}

/// Makes `lang` the language of the rest of the request (the member's own choice, once known),
/// so that error pages drawn from here on use it too.
pub(crate) fn settle(lang: Lang) {
    let _ = LANG.try_with(|l| l.set(lang));
}

/// Runs `f` with `lang` as the [`current`] language (for work moved off the request's task).
pub fn scope_sync<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    LANG.sync_scope(std::cell::Cell::new(lang), f)
}

/// The language a request asks for, before any session is read: the `assent_lang` cookie,
/// else `Accept-Language`, else English.
fn requested(headers: &HeaderMap) -> Lang {
    crate::web::session::cookie(headers, LANG_COOKIE)
        .and_then(Lang::parse)
        .or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// Middleware: decides the request's language ([`requested`]) for everything drawn while
/// answering it, and says that answers vary with it.
pub(crate) async fn negotiate(req: Request, next: Next) -> Response {
    let lang = requested(req.headers());
    let mut resp = LANG.scope(std::cell::Cell::new(lang), next.run(req)).await;
    resp.headers_mut().append(header::VARY, HeaderValue::from_static("accept-language, cookie"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_supported_language() {
        assert_eq!(Lang::from_accept_language("fr-CA,fr;q=0.9,en;q=0.8"), Some(Lang::Fr));
        assert_eq!(Lang::from_accept_language("de-DE,de;q=0.9,en;q=0.5,fr;q=0.4"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("en;q=0.2, FR ; q=0.7"), Some(Lang::Fr));
        assert_eq!(Lang::from_accept_language("fr;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de, es"), None);
        assert_eq!(Lang::from_accept_language(""), None);
        assert_eq!(Lang::parse("fr-BE"), Some(Lang::Fr));
        assert_eq!(Lang::parse("french"), None);
    }

    #[test]
    fn dates_and_numbers_follow_the_language() {
        let t = Timestamp::parse_rfc3339("2026-05-01T14:03:00Z").unwrap();
        assert_eq!(date(Lang::En, t), "1 May 2026");
        assert_eq!(date(Lang::Fr, t), "1er mai 2026");
        assert_eq!(when(Lang::En, t), "2026-05-01 14:03 UTC");
        assert_eq!(when(Lang::Fr, t), "01/05/2026 14:03 UTC");
        assert_eq!(number(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(number(Lang::Fr, -12_345), "-12\u{202F}345");
        assert_eq!(number(Lang::Fr, 999), "999");
    }

    #[test]
    fn markup_escapes_the_message_and_keeps_the_parts() {
        let link = maud::html! { a href="/x" { "here" } };
        let m = markup(Lang::En, "gpc-notice", &[("settings", arg("<b>\u{E000}0\u{E001}"))], &[("link", link)]);
        assert_eq!(
            m.0,
            "Your browser sent a Global Privacy Control signal, so we turned off &lt;b&gt;0. You can change this \
             at any time in <a href=\"/x\">here</a>."
        );
    }

    #[test]
    fn plurals_and_numbers_follow_the_language() {
        assert_eq!(t!(Lang::En, "feed-connections", count = 1), "1 connection");
        assert_eq!(t!(Lang::En, "feed-connections", count = 12_345), "12,345 connections");
        assert_eq!(t!(Lang::Fr, "feed-connections", count = 1), "1 relation");
        assert_eq!(t!(Lang::Fr, "feed-connections", count = 12_345), "12\u{202F}345 relations");
        assert_eq!(text(Lang::Fr, "no-such-key", &[]), "no-such-key");
    }

    /// Each message of a catalogue with the variables it uses (select variants included).
    fn catalogue(source: &str) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
        use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
        fn inline(e: &InlineExpression<&str>, vars: &mut std::collections::BTreeSet<String>) {
            match e {
                InlineExpression::VariableReference { id } => {
                    vars.insert(id.name.to_string());
                }
                InlineExpression::Placeable { expression } => expr(expression, vars),
                _ => {}
            }
        }
        fn expr(e: &Expression<&str>, vars: &mut std::collections::BTreeSet<String>) {
            match e {
                Expression::Inline(i) => inline(i, vars),
                Expression::Select { selector, variants } => {
                    inline(selector, vars);
                    for v in variants {
                        pattern(&v.value, vars);
                    }
                }
            }
        }
        fn pattern(p: &Pattern<&str>, vars: &mut std::collections::BTreeSet<String>) {
            for el in &p.elements {
                if let PatternElement::Placeable { expression } = el {
                    expr(expression, vars);
                }
            }
        }
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(_, e)| panic!("does not parse: {e:?}"));
        let mut out = std::collections::BTreeMap::new();
        for entry in &resource.body {
            match entry {
                Entry::Message(m) => {
                    let mut vars = std::collections::BTreeSet::new();
                    pattern(m.value.as_ref().expect("every message has a value"), &mut vars);
                    assert!(m.attributes.is_empty(), "{}: attributes are not used", m.id.name);
                    assert!(out.insert(m.id.name.to_string(), vars).is_none(), "{} twice", m.id.name);
                }
                Entry::Junk { content } => panic!("junk in a catalogue: {content}"),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn both_catalogues_have_the_same_messages_with_the_same_variables() {
        let en = catalogue(EN_FTL);
        let fr = catalogue(FR_FTL);
        let missing_fr: Vec<_> = en.keys().filter(|k| !fr.contains_key(*k)).collect();
        let missing_en: Vec<_> = fr.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(missing_fr.is_empty(), "missing in fr.ftl: {missing_fr:?}");
        assert!(missing_en.is_empty(), "missing in en.ftl: {missing_en:?}");
        for (key, vars) in &en {
            assert_eq!(vars, &fr[key], "{key}: the two languages use different variables");
        }
        // Both bundles build (they panic otherwise) and format every message without an error
        // when given its variables.
        for lang in Lang::ALL {
            for (key, vars) in &en {
                let bundle = lang.bundle();
                let pattern = bundle.get_message(key).and_then(|m| m.value()).expect("every message has a value");
                let mut args = FluentArgs::new();
                for v in vars {
                    args.set(v.as_str(), FluentValue::from(2));
                }
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty() && !text.trim().is_empty(), "{key} in {}: {errors:?}", lang.tag());
            }
        }
    }

    /// The keys named in the code: the second argument of every `t!` and `tm!`.
    fn keys_in_code() -> std::collections::BTreeSet<String> {
        let mut keys = std::collections::BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") || path.ends_with("i18n.rs") {
                    continue;
                }
                let code = std::fs::read_to_string(&path).unwrap();
                for (at, _) in code.match_indices("!(") {
                    let name: String = code[..at]
                        .chars()
                        .rev()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    if name != "t" && name != "tm" {
                        continue;
                    }
                    let args = &code[at + 2..];
                    let quote = args.find('"').expect("a key");
                    assert!(args[..quote].matches(',').count() == 1, "{}: a key must be a literal", path.display());
                    let key = &args[quote + 1..];
                    keys.insert(key[..key.find('"').unwrap()].to_string());
                }
            }
        }
        keys
    }

    #[test]
    fn every_key_in_the_code_is_in_the_catalogues_and_every_message_is_used() {
        let en = catalogue(EN_FTL);
        let used = keys_in_code();
        let unknown: Vec<_> = used.iter().filter(|k| !en.contains_key(*k)).collect();
        assert!(unknown.is_empty(), "keys used in the code but missing from the catalogues: {unknown:?}");
        let unused: Vec<_> = en.keys().filter(|k| !used.contains(*k)).collect();
        assert!(unused.is_empty(), "messages no code uses (delete them): {unused:?}");
    }
}
