//! Lake snapshots and the consent-honouring corpus export.
//!
//! [`snapshot`] copies what the eligibility rule needs from the store and the consent ledger
//! into Parquet tables; [`export`] runs one DataFusion plan over them — consent as of T per
//! member, joined to items and members, filtered by `assent_policy::decide` (registered as the
//! scalar function `assent_eligibility`), scrubbed, sharded by member — and publishes a dataset
//! directory atomically: `shard-NNNNN.parquet`, `manifest.json`, `lineage.parquet`.
//!
//! The plan only reads Parquet files and calls stateless functions whose inputs are all
//! arguments, so the same plan can run on a distributed engine whose executors register the
//! same functions.

mod error;
mod export;
mod fsx;
mod lake;
mod lineage;
mod read;
mod stream;
pub mod udf;

pub use error::{Error, Result};
pub use export::{
    configure, export, export_async, export_sql, functions, lineage_parts_schema, plan_sql, publish, register, session,
    sha256_file, shard_dir_name, shard_schema, write_shard_file, ExportConfig, Manifest, Outcome, PartEntry,
    PartitionRows, ShardEntry, Verdicts,
};
pub use fsx::{write_batches, Staging};
pub use lake::{snapshot, snapshot_of, Snapshot, SnapshotInfo, Storage};
pub use lineage::{Lineage, MemberLineage};
pub use read::{read_shard, ShardRow};

/// Arrow and Parquet types callers need to read datasets back, from the engine's own versions.
pub mod datafusion_reexports {
    pub use datafusion::arrow::array::{
        Array, AsArray, Int32Array, Int64Array, RecordBatch, StringArray, TimestampMicrosecondArray,
    };
    pub use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReader;
}
