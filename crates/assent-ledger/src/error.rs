//! Errors of the consent ledger. Every one of them means "no answer", never "everyone ON".

use crate::Database;

/// What can go wrong with the ledger.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The ledger database does not exist, or holds no ledger.
    #[error(
        "consent ledger {at} does not exist (create it with `assent init`, `assent consent set` or `assent seed`)"
    )]
    Missing {
        /// Where it was expected.
        at: Database,
    },
    /// The file is not an Assent ledger, or its content breaks the ledger's invariants.
    #[error("consent ledger {at} is unreadable or corrupt: {detail}")]
    Corrupt {
        /// The database.
        at: Database,
        /// What was found wrong.
        detail: String,
    },
    /// The database was written by a newer version of Assent.
    #[error(
        "consent ledger {at} has schema version {found}, newer than this build supports ({supported}); upgrade assent"
    )]
    NewerSchema {
        /// The database.
        at: Database,
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
    /// A database URL that cannot name a ledger.
    #[error("database URL {0}")]
    BadUrl(String),
    /// The PostgreSQL server could not be reached, or refused the connection.
    #[error("cannot connect to PostgreSQL at {at}: {source}")]
    Unreachable {
        /// The URL, without its password.
        at: String,
        /// Why.
        source: postgres::Error,
    },
    /// PostgreSQL failed (a lost connection, a constraint, …).
    #[error("consent ledger database: {}", postgres_detail(.0))]
    Postgres(#[from] postgres::Error),
    /// The transaction a change was committed in, together with other callers' changes, failed.
    #[error(transparent)]
    Shared(std::sync::Arc<Error>),
}

/// Result with the ledger's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A PostgreSQL error with the server's own message when there is one (`db error` alone says
/// nothing).
fn postgres_detail(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => e.to_string(),
    }
}
