//! Assent on an Apache DataFusion Ballista cluster: its own scheduler and executor processes
//! (stock Ballista binaries know neither Assent's functions nor its plan step), and the corpus
//! export run on them.
//!
//! The cluster runs the very plan of `assent_export` (the same SQL, the same functions), ended
//! by [`write::ShardWrite`]: each task writes its partition's shards as part files into the
//! dataset's staging directory on a shared file system, and the client gathers only counts,
//! checksums and lineage ids, then publishes the dataset as the embedded export does.

mod codec;
mod export;
mod process;
pub mod write;

pub use codec::{AssentLogicalCodec, AssentPhysicalCodec};
pub use export::export;
pub use process::{executor, scheduler, ExecutorOptions, SchedulerOptions};

use std::path::PathBuf;

/// What can go wrong on a cluster. Each one stops the export; nothing is published.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The export itself (snapshot, staging, manifest) failed.
    #[error(transparent)]
    Export(#[from] assent_export::Error),
    /// The cluster could not run the plan (unreachable scheduler, failed tasks, …).
    #[error(
        "the cluster at {url} could not run the export: {cause} (every executor must be an `assent cluster \
         executor`, and reach the lake and the output at the same paths as this machine; its log says more)"
    )]
    Cluster {
        /// The scheduler's URL.
        url: String,
        /// What it said.
        cause: String,
    },
    /// Planning on the client failed.
    #[error("query engine: {0}")]
    DataFusion(#[from] datafusion::error::DataFusionError),
    /// A file the executors wrote could not be read or removed.
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    /// The executors' report does not match what is on disk.
    #[error("the cluster's report does not match the dataset: {0}")]
    Summary(String),
    /// A scheduler or executor process could not start or stopped with an error.
    #[error("{0}")]
    Process(String),
}

impl Error {
    fn cluster(url: &str, e: impl std::fmt::Display) -> Error {
        Error::Cluster { url: url.to_string(), cause: e.to_string() }
    }
}
