//! Errors of the policy crate.

/// What can go wrong when reading policies or values of the domain.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    /// A policy document is malformed or breaks a rule; points at the offending spot.
    #[error("{file}:{line}:{column}: {message}")]
    Policy {
        /// The name the caller gave the document (usually its path).
        file: String,
        /// 1-based line of the offending text.
        line: usize,
        /// 1-based column of the offending text.
        column: usize,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A value (kind, purpose, region, time, visibility) could not be parsed.
    #[error("{0}")]
    Value(String),
    /// Two policy versions conflict with each other (same version or same effective instant).
    #[error("policy history: {0}")]
    History(String),
}

/// Result with the policy crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
