//! Input limits and checks shared by every write path, so that bad input is rejected before
//! anything is written.

use assent_policy::Region;
use chrono::NaiveDate;

use crate::error::{invalid, Problem};
use crate::Result;

/// Longest display name, in characters.
pub const NAME_MAX: usize = 100;
/// Longest headline.
pub const HEADLINE_MAX: usize = 220;
/// Longest "About".
pub const ABOUT_MAX: usize = 2_600;
/// Longest post.
pub const POST_MAX: usize = 3_000;
/// Longest article.
pub const ARTICLE_MAX: usize = 100_000;
/// Longest comment.
pub const COMMENT_MAX: usize = 1_250;
/// Longest private message.
pub const MESSAGE_MAX: usize = 8_000;
/// Most skills on a profile, and the longest one.
pub const SKILLS_MAX: usize = 50;
/// Longest skill name.
pub const SKILL_MAX: usize = 80;
/// Longest experience title or company.
pub const TITLE_MAX: usize = 100;
/// Longest experience description.
pub const DESCRIPTION_MAX: usize = 2_000;
/// Youngest age at which one may join.
pub const JOIN_AGE: u32 = 16;

/// Checks a free text: not blank, at most `max` characters, no control characters but newlines and tabs.
pub fn text(field: &'static str, s: &str, max: usize) -> Result<()> {
    if s.trim().is_empty() {
        return Err(invalid(field, Problem::Empty));
    }
    let n = s.chars().count();
    if n > max {
        return Err(invalid(field, Problem::TooLong { len: n, max }));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(invalid(field, Problem::ControlCharacters));
    }
    Ok(())
}

/// Checks and normalises an e-mail address (lower case).
pub fn email(s: &str) -> Result<String> {
    let s = s.trim().to_lowercase();
    let ok = s.len() <= 254
        && s.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(|c| c.is_whitespace() || c.is_control())
                && !domain.contains('@')
        });
    if ok {
        Ok(s)
    } else {
        Err(invalid("email", Problem::NotEmail(s)))
    }
}

/// Checks a password's length.
pub fn password(s: &str) -> Result<()> {
    let n = s.chars().count();
    if !(8..=128).contains(&n) {
        return Err(invalid("password", Problem::PasswordLength));
    }
    Ok(())
}

/// Parses a region code.
pub fn region(s: &str) -> Result<Region> {
    Region::parse(s).map_err(|_| invalid("region", Problem::NotCountry(s.to_string())))
}

/// Checks a language tag: a BCP 47 primary language (2 or 3 lower-case letters), optionally
/// followed by subtags (`fr`, `fr-CA`).
pub fn language(s: &str) -> Result<()> {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or_default();
    let ok = s.len() <= 35
        && (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if ok {
        Ok(())
    } else {
        Err(invalid("language", Problem::NotLanguage(s.to_string())))
    }
}

/// Parses a calendar date `YYYY-MM-DD`.
pub fn date(field: &'static str, s: &str) -> Result<NaiveDate> {
    // Exactly YYYY-MM-DD: chrono alone would also take `+002000-01-01`.
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    shaped
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| invalid(field, Problem::NotDate(s.to_string())))
}

/// Characters that change how the text around them is shown without being seen: bidirectional
/// marks, overrides and isolates, the zero-width space and word joiners, the byte-order mark.
/// (The zero-width joiner and non-joiner stay allowed: some scripts and emoji need them.)
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Characters that draw nothing: white space, controls, and the blank fillers of Hangul and
/// Braille that are used to fake an empty name.
fn is_blank(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{115F}' | '\u{1160}' | '\u{180E}' | '\u{200C}' | '\u{200D}' | '\u{2800}' | '\u{3164}' | '\u{FFA0}'
        )
}

/// Checks a display name: one line of ordinary text that shows at least one visible character,
/// with no character that reorders or hides the text around it (a name could otherwise pose as
/// someone else's, or as nothing at all).
pub fn display_name(s: &str) -> Result<()> {
    text("name", s, NAME_MAX)?;
    if s.contains('\n') {
        return Err(invalid("name", Problem::NotOneLine));
    }
    if let Some(c) = s.chars().find(|&c| is_invisible_format(c)) {
        return Err(invalid("name", Problem::InvisibleCharacter(c as u32)));
    }
    if s.chars().all(is_blank) {
        return Err(invalid("name", Problem::NothingVisible));
    }
    Ok(())
}

/// Parses a birth date and checks that someone born then may join on `today`.
pub fn birth_date(s: &str, today: NaiveDate) -> Result<NaiveDate> {
    let d = date("birth_date", s)?;
    if d > today {
        return Err(invalid("birth_date", Problem::InFuture(d)));
    }
    if d < NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid") {
        return Err(invalid("birth_date", Problem::Before1900(d)));
    }
    let age = today.years_since(d).unwrap_or(0);
    if age < JOIN_AGE {
        return Err(invalid("birth_date", Problem::TooYoung(JOIN_AGE)));
    }
    Ok(d)
}
