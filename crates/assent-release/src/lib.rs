//! Model releases: SISA training from exported datasets (one model per shard, combined at
//! inference), exact unlearning (retrain only the shards holding data that is no longer
//! eligible), the member report ("am I in the training data?") and the leakage audit.
//!
//! Releases live under `DATA/releases/<id>/` (`manifest.json`, `shard-NNNNN.model`,
//! `lineage/shard-NNNNN.parquet`, `heldout.txt`,
//! `terms/shard-NNNNN.bin`); `DATA/releases/LIVE-<purpose>` names the one being served.

mod audit;
mod error;
mod quality;
mod release;
mod report;
mod unlearn;

pub use assent_export::{Snapshot, Storage};
pub use audit::{audit_exposure, read_canaries, Canary, CanaryExposure};
pub use error::{Error, Result};
pub use release::{heldout_perplexity, is_heldout, train, ReleaseManifest, ReleaseShard, Releases, ORDER};
pub use report::{member_report, DatasetUse, MemberReport, ReleaseUse};
pub use unlearn::{
    embedded_export, plan, snapshot_for, unlearn, unlearn_snapshot, unlearn_with, Exporter, PassSnapshot, UnlearnPlan,
    UnlearnReport,
};
