//! Errors of the model crate.

/// What can go wrong when training, loading or querying models.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    /// Bytes handed to a `from_bytes` are not a model of the expected kind, or are damaged.
    #[error("not a valid {what} file: {message}")]
    Format {
        /// The kind of file that was expected (`n-gram model`, `skill model`).
        what: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// A model file was written by a newer (or unknown) version of this crate.
    #[error("{what} file has format version {found}; this build reads version {supported}; retrain or upgrade")]
    Version {
        /// The kind of file.
        what: &'static str,
        /// The version stored in the file.
        found: u32,
        /// The version this build reads and writes.
        supported: u32,
    },
    /// An n-gram order outside the supported range was asked for.
    #[error("n-gram order {0} is not supported; use an order from 2 to 5")]
    Order(usize),
    /// Mixture weights are negative, not finite, or all zero, or there are no shards.
    #[error("invalid mixture: {0}")]
    Mixture(String),
    /// A canary secret is not a sequence of 1 to 9 digits.
    #[error("invalid canary secret `{0}`: expected 1 to 9 digits, e.g. `3 9 1 4 7 2`")]
    Secret(String),
    /// An assistant task name was not recognised.
    #[error("unknown writing task `{0}`; expected headline, about, post or message")]
    Task(String),
}

/// Result with the model crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
