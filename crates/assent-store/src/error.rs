//! Errors of the network store.

use std::path::PathBuf;

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database does not exist.
    #[error("network store {path} does not exist (create it with `assent seed` or `assent demo`)")]
    Missing {
        /// Where it was expected.
        path: PathBuf,
    },
    /// The file is not an Assent network store or is damaged.
    #[error("network store {path} is unreadable or corrupt: {detail}")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What was found wrong.
        detail: String,
    },
    /// The database was written by a newer version of Assent.
    #[error(
        "network store {path} has schema version {found}, newer than this build supports ({supported}); upgrade assent"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The schema version found.
        found: i64,
        /// The newest version this build reads.
        supported: i64,
    },
    /// An input value is invalid; `field` names it.
    #[error("{field}: {message}")]
    Invalid {
        /// The offending field, as clients name it.
        field: &'static str,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// The value conflicts with existing data (e.g. an e-mail already registered).
    #[error("{0}")]
    Conflict(String),
    /// The thing does not exist, or the caller may not know that it does.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The caller may see the thing but not change it.
    #[error("{0}")]
    Forbidden(&'static str),
    /// The consent ledger failed.
    #[error(transparent)]
    Ledger(#[from] assent_ledger::Error),
    /// SQLite failed.
    #[error("network store database: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// Result with the store's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Error {
    Error::Invalid { field, message: message.into() }
}
