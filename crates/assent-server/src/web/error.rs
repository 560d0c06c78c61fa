//! Errors of the web app, rendered as pages in the member's language: a status, a title and a
//! sentence that says what happened and what to do. Internal details are logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::layout;
use crate::i18n::{self, t, Lang};
use crate::ops::{self, Problem};

/// An error page.
#[derive(Debug)]
pub(crate) struct WebError {
    status: StatusCode,
    title: String,
    message: String,
    lang: Lang,
}

impl WebError {
    /// An error page in `lang`; `title` and `message` are already in it.
    pub(crate) fn new(
        lang: Lang,
        status: StatusCode,
        title: impl Into<String>,
        message: impl Into<String>,
    ) -> WebError {
        WebError { status, title: title.into(), message: message.into(), lang }
    }

    /// "This `thing` does not exist, or is not visible to you."
    pub(crate) fn not_found(lang: Lang, thing: &str) -> WebError {
        let thing = thing_code(thing);
        WebError::new(
            lang,
            StatusCode::NOT_FOUND,
            t!(lang, "error-not-found"),
            t!(lang, "error-missing-thing", thing = thing),
        )
    }

    /// An operation's error as a page in `lang`.
    pub(crate) fn from_ops(lang: Lang, e: ops::Error) -> WebError {
        use ops::Error as E;
        let title = match &e {
            E::NotFound(_) => t!(lang, "error-not-found"),
            E::Forbidden(_) => t!(lang, "error-forbidden"),
            E::Conflict { .. } => t!(lang, "error-conflict"),
            E::BadCredentials | E::Invalid { .. } | E::Incomplete(_) => t!(lang, "error-check-input"),
            E::Throttled(_) | E::TooFrequent(_) | E::TooManySignUps(_) => t!(lang, "error-too-many"),
            E::NoModel(_) => t!(lang, "error-unavailable"),
            E::Busy(_) => t!(lang, "error-busy"),
            E::Internal(detail) => {
                tracing::error!("internal error: {detail}");
                t!(lang, "error-internal")
            }
        };
        let status = match &e {
            E::NotFound(_) => StatusCode::NOT_FOUND,
            E::Forbidden(_) => StatusCode::FORBIDDEN,
            E::Conflict { .. } => StatusCode::CONFLICT,
            E::BadCredentials => StatusCode::UNAUTHORIZED,
            E::Throttled(_) | E::TooFrequent(_) | E::TooManySignUps(_) => StatusCode::TOO_MANY_REQUESTS,
            E::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            E::Incomplete(_) => StatusCode::BAD_REQUEST,
            E::NoModel(_) | E::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            E::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        WebError::new(lang, status, title, describe(lang, &e))
    }
}

/// What went wrong, in a sentence in `lang` (what the API says in English).
pub(crate) fn describe(lang: Lang, e: &ops::Error) -> String {
    use ops::Error as E;
    let secs = |d: &std::time::Duration| d.as_secs().max(1);
    match e {
        E::Invalid { field, problem } | E::Conflict { field, problem } => {
            t!(lang, "error-field", field = field_name(lang, field), problem = problem_words(lang, problem))
        }
        E::Incomplete(_) => t!(lang, "error-incomplete"),
        E::NotFound(what) => t!(lang, "error-missing-thing", thing = thing_code(what)),
        E::Forbidden(_) => t!(lang, "error-forbidden-text"),
        E::BadCredentials => t!(lang, "error-bad-credentials"),
        E::Throttled(d) => t!(lang, "error-throttled", minutes = d.as_secs().div_ceil(60).max(1)),
        E::TooFrequent(d) => t!(lang, "error-too-frequent", seconds = secs(d)),
        E::TooManySignUps(d) => t!(lang, "error-too-many-sign-ups", seconds = secs(d)),
        E::Busy(d) => t!(lang, "error-busy-text", seconds = secs(d)),
        E::NoModel(_) => t!(lang, "error-no-model"),
        E::Internal(_) => t!(lang, "error-internal-text"),
    }
}

/// The code the catalogues' `error-missing-thing` selects on.
fn thing_code(what: &str) -> &'static str {
    match what {
        "member" | "recipient" => "member",
        "post" | "item" => "post",
        "experience entry" | "position" => "position",
        "message" => "message",
        "policy version" => "policy",
        _ => "other",
    }
}

/// A field as the forms name it.
fn field_name(lang: Lang, field: &str) -> String {
    match field {
        "name" => t!(lang, "field-name"),
        "email" => t!(lang, "field-email"),
        "password" => t!(lang, "field-password"),
        "region" => t!(lang, "field-region"),
        "birth_date" => t!(lang, "field-birth-date"),
        "language" => t!(lang, "field-language"),
        "headline" => t!(lang, "field-headline"),
        "about" => t!(lang, "field-about"),
        "skills" => t!(lang, "field-skills"),
        "visibility" => t!(lang, "field-visibility"),
        "text" => t!(lang, "field-text"),
        "to" => t!(lang, "field-to"),
        "draft" => t!(lang, "field-draft"),
        "title" => t!(lang, "field-title"),
        "company" => t!(lang, "field-company"),
        "start" => t!(lang, "field-start"),
        "end" => t!(lang, "field-end"),
        "description" => t!(lang, "field-description"),
        _ => t!(lang, "field-other"),
    }
}

/// What is wrong with a value, in `lang`.
fn problem_words(lang: Lang, p: &Problem) -> String {
    match p {
        Problem::Empty => t!(lang, "problem-empty"),
        Problem::TooLong { len, max } => t!(lang, "problem-too-long", len = *len, max = *max),
        Problem::ControlCharacters => t!(lang, "problem-control"),
        Problem::NotEmail(v) => t!(lang, "problem-not-email", value = v.as_str()),
        Problem::PasswordLength => t!(lang, "problem-password-length"),
        Problem::NotCountry(v) => t!(lang, "problem-not-country", value = v.as_str()),
        Problem::NotLanguage(v) => t!(lang, "problem-not-language", value = v.as_str()),
        Problem::NotDate(v) => t!(lang, "problem-not-date", value = v.as_str()),
        Problem::NotOneLine => t!(lang, "problem-one-line"),
        Problem::InvisibleCharacter(c) => t!(lang, "problem-invisible", code = format!("U+{c:04X}")),
        Problem::NothingVisible => t!(lang, "problem-nothing-visible"),
        Problem::InFuture(d) => t!(lang, "problem-in-future", date = d.to_string()),
        Problem::Before1900(d) => t!(lang, "problem-before-1900", date = d.to_string()),
        Problem::TooYoung(age) => t!(lang, "problem-too-young", age = *age),
        Problem::BeforeStart => t!(lang, "problem-before-start"),
        Problem::StartInFuture => t!(lang, "problem-start-in-future"),
        Problem::TooManySkills { given, max } => t!(lang, "problem-too-many-skills", given = *given, max = *max),
        Problem::SkillSeparator(v) => t!(lang, "problem-skill-separator", value = v.as_str()),
        Problem::NotPostKind(v) => t!(lang, "problem-post-kind", value = v.as_str()),
        Problem::NotProfileField(v) => t!(lang, "problem-profile-field", value = v.as_str()),
        Problem::PostVisibility => t!(lang, "problem-post-visibility"),
        Problem::NoVisibility => t!(lang, "problem-no-visibility"),
        Problem::NotVisibility(v) => t!(lang, "problem-not-visibility", value = v.as_str()),
        Problem::NoParent => t!(lang, "problem-no-parent"),
        Problem::SelfConnection => t!(lang, "problem-self-connection"),
        Problem::SelfMessage => t!(lang, "problem-self-message"),
        Problem::Negative => t!(lang, "problem-negative"),
        Problem::EmailTaken(v) => t!(lang, "problem-email-taken", value = v.as_str()),
        Problem::AlreadyConnected => t!(lang, "problem-already-connected"),
    }
}

impl From<ops::Error> for WebError {
    /// In the request's language ([`i18n::current`]); code that knows the member's own
    /// language uses [`WebError::from_ops`].
    fn from(e: ops::Error) -> WebError {
        WebError::from_ops(i18n::current(), e)
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let body = layout::error_page(self.lang, &self.title, &self.message);
        layout::html(self.status, body)
    }
}
