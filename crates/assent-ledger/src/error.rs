//! Errors of the consent ledger. Every one of them means "no answer", never "everyone ON".

use std::path::PathBuf;

/// What can go wrong with the ledger.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The ledger database does not exist.
    #[error("consent ledger {path} does not exist (create it with `assent consent set` or `assent seed`)")]
    Missing {
        /// Where it was expected.
        path: PathBuf,
    },
    /// The file is not an Assent ledger, or its content breaks the ledger's invariants.
    #[error("consent ledger {path} is unreadable or corrupt: {detail}")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// What was found wrong.
        detail: String,
    },
    /// The database was written by a newer version of Assent.
    #[error("consent ledger {path} has schema version {found}, newer than this build supports ({supported}); upgrade assent")]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The schema version found.
        found: i64,
        /// The newest schema version this build reads.
        supported: i64,
    },
    /// A member id outside 1..=4294967295.
    #[error("member id {0} is out of range (1..=4294967295)")]
    InvalidMember(i64),
    /// A change was dated in the future.
    #[error("a consent change cannot be recorded in the future ({0})")]
    FutureChange(assent_policy::Timestamp),
    /// No policy version is installed, or the named one is unknown.
    #[error("policy: {0}")]
    Policy(String),
    /// A policy document was rejected.
    #[error(transparent)]
    PolicyDocument(#[from] assent_policy::Error),
    /// SQLite failed (IO error, lock timeout, …).
    #[error("consent ledger database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The transaction a change was committed in, together with other callers' changes, failed.
    #[error(transparent)]
    Shared(std::sync::Arc<Error>),
}

/// Result with the ledger's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
