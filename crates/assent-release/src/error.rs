//! Errors of the release layer.

use std::path::PathBuf;

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such release, or no live release for a purpose.
    #[error("{0}")]
    NotFound(String),
    /// A release or dataset on disk does not match its manifest.
    #[error("{path}: {detail}")]
    Corrupt {
        /// The offending file or directory.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// Bad input.
    #[error("{0}")]
    Invalid(String),
    /// A file could not be read or written.
    #[error("{path}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause (in the message, so not also a `source`, which would print it twice).
        cause: std::io::Error,
    },
    /// The export layer failed.
    #[error(transparent)]
    Export(#[from] assent_export::Error),
    /// An export run elsewhere (on a cluster) failed.
    #[error("{0}")]
    Elsewhere(String),
    /// The model layer failed.
    #[error(transparent)]
    Model(#[from] assent_models::Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] assent_store::Error),
    /// The consent ledger failed.
    #[error(transparent)]
    Ledger(#[from] assent_ledger::Error),
    /// JSON failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

/// Result with the release layer's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |cause| Error::Io { path: path.to_path_buf(), cause }
}
