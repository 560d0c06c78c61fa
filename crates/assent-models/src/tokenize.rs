//! The tokenizer: lower-cased words, single digits and single punctuation marks; sentence
//! splitting; and the way back to readable text.
//!
//! Every digit is its own token, so `391472` and `3 9 1 4 7 2` tokenize alike; the canary
//! audit ([`crate::exposure`]) relies on it. A word is a run of letters, possibly joined by an
//! apostrophe, hyphen or dot that sits between two letters (`i'm`, `cross-functional`,
//! `node.js`). Any other non-space character is a token of its own (`|`, `#`, `+`, `.`, emoji).

use crate::vocab::{BOS_TOKEN, EOS_TOKEN};

/// Splits `text` into tokens, ignoring sentence structure.
///
/// ```
/// assert_eq!(assent_models::tokenize("I'm a C++ dev, since 2019!"),
///            ["i'm", "a", "c", "+", "+", "dev", ",", "since", "2", "0", "1", "9", "!"]);
/// ```
pub fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    scan_sentences(text, |e| {
        if let Event::Token { lower, .. } = e {
            out.push(lower.to_string());
        }
    });
    out
}

/// Splits `text` into sentences of tokens. A sentence ends after `.`, `!`, `?` or `…` (and any
/// closing quotes or brackets right after it) and at every line break; a dot between two digits
/// (`3.5`) does not end one.
pub fn sentences(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    scan_sentences(text, |e| match e {
        Event::Token { lower, .. } => current.push(lower.to_string()),
        Event::End => out.push(std::mem::take(&mut current)),
    });
    out
}

/// What [`scan_sentences`] reports.
pub(crate) enum Event<'a> {
    /// A token: its normalised (lower-cased) form and the text it was written as.
    Token { lower: &'a str, surface: &'a str },
    /// The current sentence ended (only reported after at least one token).
    End,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Newline,
}

/// Scans raw tokens with the kind of gap before each.
fn scan(text: &str, mut f: impl FnMut(&str, Gap)) {
    let mut chars = text.char_indices().peekable();
    let mut gap = Gap::None;
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            gap = gap.max(if c == '\n' || c == '\r' { Gap::Newline } else { Gap::Space });
            continue;
        }
        let mut end = i + c.len_utf8();
        if c.is_alphabetic() {
            while let Some(&(j, d)) = chars.peek() {
                let joins = matches!(d, '\'' | '’' | '-' | '.')
                    && text[j + d.len_utf8()..].chars().next().is_some_and(char::is_alphabetic);
                if !(d.is_alphabetic() || joins) {
                    break;
                }
                chars.next();
                end = j + d.len_utf8();
            }
        }
        f(&text[i..end], gap);
        gap = Gap::None;
    }
}

fn is_terminal(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "…")
}

fn is_closer(t: &str) -> bool {
    matches!(t, ")" | "]" | "}" | "\"" | "'" | "”" | "’" | "»")
}

fn is_digit(t: &str) -> bool {
    t.len() == 1 && t.as_bytes()[0].is_ascii_digit()
}

/// Scans `text` into normalised tokens and sentence ends. The one place that decides what a
/// token and a sentence are, for training, prompting and auditing alike.
pub(crate) fn scan_sentences(text: &str, mut f: impl FnMut(Event<'_>)) {
    let mut lower = String::new();
    let mut open = false;
    // After a terminal mark: the sentence ends before the next token unless that token continues
    // it (more terminal marks, closers, or the digits of a decimal number).
    let mut pending = false;
    let mut prev_digit = false;
    let mut decimal_dot = false;
    scan(text, |surface, gap| {
        if open && gap == Gap::Newline {
            f(Event::End);
            open = false;
            pending = false;
        }
        if pending {
            let continues =
                is_terminal(surface) || is_closer(surface) || (decimal_dot && gap == Gap::None && is_digit(surface));
            if !continues {
                f(Event::End);
                open = false;
                pending = false;
            } else if !is_terminal(surface) && !is_closer(surface) {
                pending = false;
            }
        }
        // Most tokens are ASCII, and most of those lower-case already: no copy for them.
        let normal: &str = if surface.is_ascii() {
            if surface.bytes().any(|b| b.is_ascii_uppercase()) {
                lower.clear();
                lower.push_str(surface);
                lower.make_ascii_lowercase();
                &lower
            } else {
                surface
            }
        } else {
            lower.clear();
            for ch in surface.chars() {
                if ch == '’' {
                    lower.push('\'');
                } else {
                    lower.extend(ch.to_lowercase());
                }
            }
            &lower
        };
        f(Event::Token { lower: normal, surface });
        open = true;
        if is_terminal(surface) {
            decimal_dot = surface == "." && prev_digit && gap == Gap::None && !pending;
            pending = true;
        }
        prev_digit = is_digit(surface);
    });
    if open {
        f(Event::End);
    }
}

/// Marks that attach to the token before them.
fn no_space_before(t: &str) -> bool {
    matches!(t, "." | "," | "!" | "?" | ";" | ":" | ")" | "]" | "}" | "%" | "…" | "/" | "”" | "»")
}

/// Marks that attach to the token after them.
fn no_space_after(t: &str) -> bool {
    matches!(t, "(" | "[" | "{" | "#" | "$" | "/" | "“" | "«")
}

fn is_single_letter(t: &str) -> bool {
    let mut c = t.chars();
    c.next().is_some_and(char::is_alphabetic) && c.next().is_none()
}

/// Joins tokens back into readable text: no space before punctuation, digits of a number
/// together, `#` glued to its tag, the first letter of each sentence and the pronoun "I"
/// capitalised. `<s>` is dropped and `</s>` ends a sentence.
///
/// ```
/// let t = assent_models::tokenize("i lead 12 people. we ship weekly, on #rust!");
/// assert_eq!(assent_models::detokenize(&t), "I lead 12 people. We ship weekly, on #rust!");
/// ```
pub fn detokenize<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut out = String::new();
    let mut capitalise = true;
    let mut prev: Option<&str> = None;
    let mut prev2: Option<&str> = None;
    for t in tokens {
        let t = t.as_ref();
        if t == BOS_TOKEN {
            continue;
        }
        if t == EOS_TOKEN {
            capitalise = true;
            if prev.is_some() {
                prev = Some(EOS_TOKEN);
            }
            continue;
        }
        if let Some(p) = prev {
            let decimal = p == "." && is_digit(t) && prev2.is_some_and(is_digit);
            let glued = no_space_before(t)
                || (no_space_after(p) && p != EOS_TOKEN)
                || (is_digit(p) && is_digit(t))
                || decimal
                || (t == "+" && (is_digit(p) || p == "+" || is_single_letter(p)));
            if !glued {
                out.push(' ');
            }
            if decimal {
                capitalise = false;
            }
        }
        let first = t.chars().next().unwrap_or(' ');
        if first.is_alphabetic() {
            if capitalise || t == "i" || t.starts_with("i'") {
                out.extend(first.to_uppercase());
                out.push_str(&t[first.len_utf8()..]);
            } else {
                out.push_str(t);
            }
            capitalise = false;
        } else {
            out.push_str(t);
            if first.is_ascii_digit() {
                capitalise = false;
            }
        }
        if is_terminal(t) {
            capitalise = true;
        }
        prev2 = prev;
        prev = Some(t);
    }
    out
}
