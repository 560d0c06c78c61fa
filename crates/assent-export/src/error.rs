//! Errors of snapshots and exports. Each one stops the export: nothing half-written is published.

use std::path::PathBuf;

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The output directory already exists; exports never overwrite.
    #[error("{0} already exists; exports never overwrite a dataset, choose another --out")]
    OutputExists(PathBuf),
    /// The snapshot is missing a table, or its tables contradict each other.
    #[error("inconsistent snapshot {dir}: {detail}")]
    Inconsistent {
        /// The snapshot directory.
        dir: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// A file could not be read or written.
    #[error("{path}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause (in the message, so not also a `source`, which would print it twice).
        cause: std::io::Error,
    },
    /// Bad input (shard count, purpose, …).
    #[error("{0}")]
    Invalid(String),
    /// The policy stored in the snapshot did not parse.
    #[error(transparent)]
    Policy(#[from] assent_policy::Error),
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] assent_store::Error),
    /// Reading the consent ledger failed (the export fails closed).
    #[error(transparent)]
    Ledger(#[from] assent_ledger::Error),
    /// The query engine failed.
    #[error("query engine: {0}")]
    DataFusion(#[from] datafusion::error::DataFusionError),
    /// Arrow failed.
    #[error("arrow: {0}")]
    Arrow(#[from] datafusion::arrow::error::ArrowError),
    /// Parquet failed.
    #[error("parquet: {0}")]
    Parquet(#[from] datafusion::parquet::errors::ParquetError),
    /// Writing a Parquet file failed.
    #[error("{path}: parquet: {cause}")]
    ParquetFile {
        /// The file.
        path: PathBuf,
        /// The cause.
        cause: datafusion::parquet::errors::ParquetError,
    },
    /// JSON failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

/// Result with the export's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Wraps an IO error with the path it concerns.
pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |cause| Error::Io { path: path.to_path_buf(), cause }
}
