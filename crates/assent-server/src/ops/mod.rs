//! The operations layer: one function per product operation (sign up, log in, post, delete,
//! edit the profile, close the account, connect, message, change the AI-data settings, draft
//! with AI, suggestions, the member report), each taking typed inputs and returning a typed
//! result or this module's one [`Error`].
//!
//! The JSON API (`crate::api`) and the web app (`crate::web`) are adapters on top: they turn a
//! request into these inputs and an [`Error`] into a status and a body or a page; neither imports
//! the other. **Each operation owns its side effects**: the ledger write, the unlearning request
//! when data may have stopped being eligible ([`Effects::data_may_be_ineligible`]), the refresh of
//! the do-not-train signals, the policy notices. No adapter calls the store for a write.

pub mod account;
pub mod ai;
pub mod content;
pub mod gate;
pub mod messages;
pub mod network;
pub mod settings;
pub mod signals;
pub mod throttle;

use std::time::Duration;

pub use assent_store::Problem;

use crate::AppState;

/// Why an operation did not happen. Nothing was written when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input value is invalid: the field, and what is wrong and what is allowed.
    #[error("{field}: {problem}")]
    Invalid {
        /// The field as clients name it.
        field: &'static str,
        /// What is wrong.
        problem: Problem,
    },
    /// The request lacks what the operation needs (no field given, an unknown choice).
    #[error("{0}")]
    Incomplete(String),
    /// The thing does not exist, or the caller may not know that it does.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The value conflicts with existing data (an e-mail already registered).
    #[error("{field}: {problem}")]
    Conflict {
        /// The field as clients name it.
        field: &'static str,
        /// What it conflicts with.
        problem: Problem,
    },
    /// The caller may see the thing but not change it.
    #[error("{0}")]
    Forbidden(String),
    /// Log-in with an unknown e-mail or a wrong password.
    #[error("e-mail or password is wrong")]
    BadCredentials,
    /// Too many failed log-ins; the next attempt is allowed after the duration.
    #[error("too many failed log-ins for this e-mail or address; try again in {} s", .0.as_secs())]
    Throttled(Duration),
    /// The member changed their settings too often; the next change is allowed after the
    /// duration.
    #[error("too many changes of your AI-data settings in a short time; try again in {} s", .0.as_secs().max(1))]
    TooFrequent(Duration),
    /// Too many sign-ups from the caller's IP address; the next is allowed after the duration.
    #[error("too many accounts created from this address; try again in {} s", .0.as_secs().max(1))]
    TooManySignUps(Duration),
    /// The server is at capacity for this kind of work (password hashing); try again after the
    /// duration.
    #[error("the server is busy; try again in {} s", .0.as_secs().max(1))]
    Busy(Duration),
    /// The AI feature needs a model that has not been trained on this server.
    #[error("no {0} model has been trained yet (run `assent train`)")]
    NoModel(&'static str),
    /// A bug or an infrastructure failure; adapters log the detail and never show it.
    #[error("internal: {0}")]
    Internal(String),
}

/// Result with the operations' [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An infrastructure failure (a task that panicked, an unreadable file).
    pub fn internal(detail: impl std::fmt::Display) -> Error {
        Error::Internal(detail.to_string())
    }

    /// Whether the caller can fix it by changing the input (everything but [`Error::Internal`]
    /// and [`Error::NoModel`]).
    pub fn is_user_error(&self) -> bool {
        !matches!(self, Error::Internal(_) | Error::NoModel(_) | Error::Busy(_))
    }
}

impl From<assent_store::Error> for Error {
    fn from(e: assent_store::Error) -> Error {
        use assent_store::Error as E;
        match e {
            E::Invalid { field, problem } => Error::Invalid { field, problem },
            E::Conflict { field, problem } => Error::Conflict { field, problem },
            E::NotFound(what) => Error::NotFound(what),
            E::Forbidden(m) => Error::Forbidden(m.to_string()),
            other => Error::internal(other),
        }
    }
}

impl From<assent_ledger::Error> for Error {
    fn from(e: assent_ledger::Error) -> Error {
        Error::internal(e)
    }
}

impl From<assent_release::Error> for Error {
    fn from(e: assent_release::Error) -> Error {
        Error::internal(e)
    }
}

/// The side effects an operation may owe, in one place so that each is named once.
pub(crate) struct Effects<'a>(pub(crate) &'a AppState);

impl Effects<'_> {
    /// Some of the member's data may have stopped being eligible for training (a setting turned
    /// OFF, an item deleted, edited or re-scoped, an account closed): the background unlearner
    /// looks for shards to retrain, and the do-not-train signals are rebuilt.
    pub(crate) fn data_may_be_ineligible(&self) {
        self.0.ai.request_unlearning();
        self.0.signals.invalidate();
    }

    /// A member's reservation may have changed (a new member, a setting turned ON): the
    /// do-not-train signal lists are rebuilt on their next request.
    pub(crate) fn signals_changed(&self) {
        self.0.signals.invalidate();
    }
}
