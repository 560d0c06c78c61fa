//! The corpus export: one DataFusion plan from a lake snapshot to sharded, scrubbed Parquet,
//! with a manifest and lineage, published atomically.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use assent_policy::{Kind, Purpose, Reason};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Int32Array, Int64Array, RecordBatch, StringArray, StringBuilder, UInt32Array,
};
use datafusion::arrow::compute::{concat_batches, filter_record_batch, lexsort_to_indices, take, SortColumn};
use datafusion::arrow::datatypes::{DataType, Field, Int8Type, Schema, SchemaRef};
use datafusion::execution::context::SessionContext;
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::prelude::{ParquetReadOptions, SessionConfig};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{io, Error, Result};
use crate::fsx::Staging;
use crate::lake::{ts_type, writer_properties, Snapshot};
use crate::udf::{reason_of, EligibilityUdf, ScrubUdf, ShardUdf, INCLUDED, UNKNOWN_MEMBER};

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportConfig {
    /// The purpose whose setting and eligible kinds apply.
    pub purpose: Purpose,
    /// How many shards (1..=4096).
    pub shards: u32,
    /// Worker threads for the query engine.
    pub threads: usize,
    /// Export only these shards (unlearning re-exports just the shards it retrains); `None` = all.
    /// Shards left out get no file and no manifest entry.
    pub only_shards: Option<Vec<u32>>,
}

/// One shard file in the manifest.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ShardEntry {
    /// The shard's number.
    pub shard: u32,
    /// File name, `shard-NNNNN.parquet`.
    pub file: String,
    /// Rows.
    pub rows: u64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

/// `manifest.json` of a dataset.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Derived from the content: the same snapshot and settings give the same id.
    pub dataset_id: String,
    /// The instant the snapshot describes.
    pub as_of: String,
    /// `train-genai` or `train-ai`.
    pub purpose: String,
    /// The policy version in force at `as_of` (`null` if none: then the dataset is empty).
    pub policy_version: Option<String>,
    /// How many shards the members are hashed into.
    pub shard_count: u32,
    /// The shard files, in shard order (only the exported ones when `only_shards` was given).
    pub shards: Vec<ShardEntry>,
    /// Included items by kind.
    pub included_by_kind: BTreeMap<String, u64>,
    /// Excluded items by reason.
    pub excluded_by_reason: BTreeMap<String, u64>,
    /// Members with at least one included item.
    pub members: u64,
    /// The snapshot the dataset was exported from.
    pub snapshot: String,
    /// Lineage file: (member_id, shard, item_id), sorted by member.
    pub lineage: String,
}

impl Manifest {
    /// Items included in all.
    pub fn included(&self) -> u64 {
        self.included_by_kind.values().sum()
    }

    /// Reads a dataset's manifest.
    pub fn read(dataset: &Path) -> Result<Manifest> {
        let path = dataset.join("manifest.json");
        let text = std::fs::read_to_string(&path).map_err(io(&path))?;
        Ok(serde_json::from_str(&text)?)
    }
}

/// The schema of every shard file (DESIGN.md, "Corpus export").
pub fn shard_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("item_id", DataType::Utf8, false),
        Field::new("member_id", DataType::Int64, false),
        Field::new("kind", DataType::Utf8, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("created_at", ts_type(), false),
    ]))
}

fn lineage_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("member_id", DataType::Int64, false),
        Field::new("shard", DataType::Int32, false),
        Field::new("item_id", DataType::Utf8, false),
    ]))
}

fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The export query over the snapshot's tables `items`, `members` and `consent_events`.
///
/// The consent state of each member as of T is the value of their latest event for the purpose
/// recorded at or before T (ties broken by sequence number); the eligibility itself is decided
/// by `assent_eligibility`, i.e. by `assent_policy::decide`, never by SQL.
pub fn export_sql(
    policy_source: Option<&str>,
    purpose: Purpose,
    as_of_micros: i64,
    shards: u32,
    only: Option<&[u32]>,
) -> String {
    let policy = policy_source.map_or("CAST(NULL AS VARCHAR)".to_string(), sql_text);
    let purpose = sql_text(purpose.as_str());
    let only = only.map_or(String::new(), |s| {
        let list = s.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", ");
        format!("WHERE assent_shard(i.member_id, CAST({shards} AS BIGINT)) IN ({list})")
    });
    format!(
        "WITH consent AS (
            SELECT member_id, last_value(value ORDER BY recorded_at, seq) AS value
            FROM consent_events
            WHERE purpose = {purpose} AND CAST(recorded_at AS BIGINT) <= {as_of_micros}
            GROUP BY member_id
        ), decided AS (
            SELECT i.item_id, i.member_id, i.kind, i.created_at, i.text,
                   assent_eligibility({policy}, {purpose}, CAST({as_of_micros} AS BIGINT), i.kind, i.visibility,
                       i.visibility_since, i.created_at, i.deleted_at, m.region, m.birth_date, m.joined_at,
                       m.closed_at, c.value) AS verdict
            FROM items i
            LEFT JOIN members m ON m.member_id = i.member_id
            LEFT JOIN consent c ON c.member_id = i.member_id
            {only}
        )
        SELECT item_id, member_id, kind, created_at, verdict,
               CASE WHEN verdict = 0 THEN assent_scrub(text) END AS text,
               assent_shard(member_id, CAST({shards} AS BIGINT)) AS shard
        FROM decided"
    )
}

/// A session with the snapshot's tables and Assent's functions registered.
pub async fn session(snapshot: &Snapshot, threads: usize) -> Result<SessionContext> {
    let mut config = SessionConfig::new().with_target_partitions(threads.max(1));
    // Plain Utf8 columns: the functions take `Utf8`, and the shards are written as `Utf8`.
    config.options_mut().execution.parquet.schema_force_view_types = false;
    let ctx = SessionContext::new_with_config(config);
    for t in ["items", "members", "consent_events"] {
        let path = snapshot.table(t);
        ctx.register_parquet(t, path.to_string_lossy().as_ref(), ParquetReadOptions::default()).await?;
    }
    ctx.register_udf(EligibilityUdf::udf());
    ctx.register_udf(ScrubUdf::udf());
    ctx.register_udf(ShardUdf::udf());
    Ok(ctx)
}

/// Rows of one shard, gathered while the plan streams.
#[derive(Default)]
struct ShardRows {
    batches: Vec<RecordBatch>,
}

/// Exports `snapshot` into a new dataset directory `out` (never overwritten), on a runtime of
/// its own. `progress` is told how many snapshot items were processed.
pub fn export(
    snapshot: &Snapshot,
    out: &Path,
    config: &ExportConfig,
    progress: impl FnMut(u64) + Send,
) -> Result<Manifest> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.threads.max(1))
        .enable_all()
        .build()
        .map_err(io(out))?;
    runtime.block_on(export_async(snapshot, out, config, progress))
}

/// [`export`], on the caller's runtime.
pub async fn export_async(
    snapshot: &Snapshot,
    out: &Path,
    config: &ExportConfig,
    mut progress: impl FnMut(u64) + Send,
) -> Result<Manifest> {
    if !(1..=4096).contains(&config.shards) {
        return Err(Error::Invalid(format!("--shards must be between 1 and 4096, not {}", config.shards)));
    }
    if let Some(bad) = config.only_shards.iter().flatten().find(|s| **s >= config.shards) {
        return Err(Error::Invalid(format!("shard {bad} does not exist in a {}-shard export", config.shards)));
    }
    let staging = Staging::new(out)?;
    let as_of = snapshot.as_of()?;
    let policies = snapshot.policies()?;
    let policy = policies.in_force_at(as_of);
    let ctx = session(snapshot, config.threads).await?;
    let sql =
        export_sql(policy.map(|p| p.source()), config.purpose, as_of.0, config.shards, config.only_shards.as_deref());
    let mut stream = ctx.sql(&sql).await?.execute_stream().await?;

    let mut shards: Vec<ShardRows> = (0..config.shards).map(|_| ShardRows::default()).collect();
    let mut excluded: BTreeMap<Reason, u64> = BTreeMap::new();
    let mut unknown_members = 0u64;
    let mut seen = 0u64;
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        seen += batch.num_rows() as u64;
        let verdict = batch
            .column_by_name("verdict")
            .and_then(|c| c.as_primitive_opt::<Int8Type>())
            .ok_or_else(|| inconsistent(snapshot, "no verdict column"))?;
        for v in verdict.values().iter() {
            match *v {
                INCLUDED => {}
                UNKNOWN_MEMBER => unknown_members += 1,
                code => {
                    *excluded
                        .entry(reason_of(code).ok_or_else(|| inconsistent(snapshot, "unknown verdict"))?)
                        .or_default() += 1
                }
            }
        }
        let keep = datafusion::arrow::compute::kernels::cmp::eq(
            verdict,
            &datafusion::arrow::array::Int8Array::new_scalar(INCLUDED),
        )?;
        let included = filter_record_batch(&batch, &keep)?;
        if included.num_rows() > 0 {
            route(&included, &mut shards)?;
        }
        progress(seen);
    }
    if unknown_members > 0 {
        return Err(inconsistent(
            snapshot,
            &format!("{unknown_members} items belong to members missing from the snapshot or carry unreadable facts"),
        ));
    }

    // Sort and write each shard (in parallel), then the lineage and the manifest.
    let shard_count = config.shards as usize;
    let staging_dir = staging.dir.clone();
    let results: Vec<Result<(ShardEntry, RecordBatch)>> = std::thread::scope(|scope| {
        let per_thread = shard_count.div_ceil(config.threads.max(1));
        let handles: Vec<_> = shards
            .chunks_mut(per_thread.max(1))
            .enumerate()
            .map(|(chunk, rows)| {
                let dir = staging_dir.clone();
                scope.spawn(move || {
                    rows.iter_mut()
                        .enumerate()
                        .map(|(i, r)| write_shard(&dir, chunk * per_thread + i, std::mem::take(&mut r.batches)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("shard writer panicked")).collect()
    });
    let mut entries = Vec::with_capacity(shard_count);
    let mut lineage_parts = Vec::with_capacity(shard_count);
    for r in results {
        let (entry, lineage) = r?;
        if config.only_shards.as_ref().is_some_and(|only| !only.contains(&entry.shard)) {
            let path = staging.path(&entry.file);
            std::fs::remove_file(&path).map_err(io(&path))?;
            continue;
        }
        entries.push(entry);
        lineage_parts.push(lineage);
    }
    let (members, by_kind) = write_lineage(&staging, lineage_parts)?;

    let mut id = Sha256::new();
    id.update(format!(
        "{}|{}|{:?}|{}|{:?}",
        as_of,
        config.purpose,
        policy.map(|p| p.version()),
        config.shards,
        config.only_shards
    ));
    for e in &entries {
        id.update(&e.sha256);
    }
    let manifest = Manifest {
        dataset_id: hex(&id.finalize())[..16].to_string(),
        as_of: as_of.to_string(),
        purpose: config.purpose.to_string(),
        policy_version: policy.map(|p| p.version().to_string()),
        shard_count: config.shards,
        shards: entries,
        included_by_kind: by_kind,
        excluded_by_reason: excluded.into_iter().map(|(r, n)| (r.as_str().to_string(), n)).collect(),
        members,
        snapshot: snapshot.dir.display().to_string(),
        lineage: "lineage.parquet".into(),
    };
    let path = staging.path("manifest.json");
    std::fs::write(&path, serde_json::to_string_pretty(&manifest)?).map_err(io(&path))?;
    staging.publish()?;
    Ok(manifest)
}

fn inconsistent(snapshot: &Snapshot, detail: &str) -> Error {
    Error::Inconsistent { dir: snapshot.dir.clone(), detail: detail.to_string() }
}

/// Splits included rows by their shard column into the shard buffers.
fn route(batch: &RecordBatch, shards: &mut [ShardRows]) -> Result<()> {
    let shard = batch
        .column_by_name("shard")
        .and_then(|c| c.as_any().downcast_ref::<Int32Array>())
        .ok_or_else(|| Error::Invalid("no shard column".into()))?;
    let mut indices: Vec<Vec<u32>> = vec![Vec::new(); shards.len()];
    for (row, s) in shard.values().iter().enumerate() {
        indices.get_mut(*s as usize).ok_or_else(|| Error::Invalid(format!("shard {s} out of range")))?.push(row as u32);
    }
    let cols = ["item_id", "member_id", "kind", "text", "created_at"].map(|c| batch.column_by_name(c).cloned());
    let cols: Vec<ArrayRef> =
        cols.into_iter().collect::<Option<_>>().ok_or_else(|| Error::Invalid("missing column".into()))?;
    for (s, idx) in indices.into_iter().enumerate() {
        if idx.is_empty() {
            continue;
        }
        let idx = UInt32Array::from(idx);
        let taken: Vec<ArrayRef> = cols.iter().map(|c| take(c, &idx, None)).collect::<Result<_, _>>()?;
        shards[s].batches.push(RecordBatch::try_new(
            Arc::new(Schema::new(vec![
                Field::new("item_id", DataType::Int64, false),
                Field::new("member_id", DataType::Int64, false),
                Field::new("kind", DataType::Utf8, false),
                Field::new("text", DataType::Utf8, true),
                Field::new("created_at", ts_type(), false),
            ])),
            taken,
        )?);
    }
    Ok(())
}

/// Sorts one shard by (member_id, item_id), writes it, and returns its entry and its lineage rows.
fn write_shard(dir: &Path, shard: usize, batches: Vec<RecordBatch>) -> Result<(ShardEntry, RecordBatch)> {
    let file = format!("shard-{shard:05}.parquet");
    let path = dir.join(&file);
    let schema = shard_schema();
    let mut writer =
        ArrowWriter::try_new(File::create(&path).map_err(io(&path))?, schema.clone(), Some(writer_properties()))?;
    let mut rows = 0u64;
    let lineage;
    if batches.is_empty() {
        lineage = RecordBatch::new_empty(lineage_schema());
    } else {
        let all = concat_batches(&batches[0].schema(), &batches)?;
        let order = lexsort_to_indices(
            &[
                SortColumn { values: all.column(1).clone(), options: None },
                SortColumn { values: all.column(0).clone(), options: None },
            ],
            None,
        )?;
        let cols: Vec<ArrayRef> = all.columns().iter().map(|c| take(c, &order, None)).collect::<Result<_, _>>()?;
        let ids = cols[0].as_any().downcast_ref::<Int64Array>().ok_or_else(|| Error::Invalid("item ids".into()))?;
        let mut item_ids = StringBuilder::with_capacity(ids.len(), ids.len() * 8);
        for id in ids.values() {
            item_ids.append_value(id.to_string());
        }
        let item_ids: ArrayRef = Arc::new(item_ids.finish());
        let texts = cols[3].as_any().downcast_ref::<StringArray>().ok_or_else(|| Error::Invalid("texts".into()))?;
        if texts.null_count() > 0 {
            return Err(Error::Invalid(format!(
                "shard {shard}: an included item has no text (erased but not marked deleted)"
            )));
        }
        let text: ArrayRef = Arc::new(texts.clone());
        let out = RecordBatch::try_new(
            schema,
            vec![item_ids.clone(), cols[1].clone(), cols[2].clone(), text, cols[4].clone()],
        )?;
        rows = out.num_rows() as u64;
        for start in (0..out.num_rows()).step_by(64 * 1024) {
            writer.write(&out.slice(start, (64 * 1024).min(out.num_rows() - start)))?;
        }
        let shard_col: ArrayRef = Arc::new(Int32Array::from(vec![shard as i32; out.num_rows()]));
        let kinds = cols[2].clone();
        lineage = RecordBatch::try_new(
            Arc::new(Schema::new(vec![
                Field::new("member_id", DataType::Int64, false),
                Field::new("shard", DataType::Int32, false),
                Field::new("item_id", DataType::Utf8, false),
                Field::new("kind", DataType::Utf8, false),
            ])),
            vec![cols[1].clone(), shard_col, item_ids, kinds],
        )?;
    }
    writer.close()?;
    Ok((ShardEntry { shard: shard as u32, file, rows, sha256: sha256_file(&path)? }, lineage))
}

/// Writes `lineage.parquet` sorted by member; returns the member count and counts by kind.
fn write_lineage(staging: &Staging, parts: Vec<RecordBatch>) -> Result<(u64, BTreeMap<String, u64>)> {
    let parts: Vec<RecordBatch> = parts.into_iter().filter(|b| b.num_rows() > 0).collect();
    let path = staging.path("lineage.parquet");
    let mut writer =
        ArrowWriter::try_new(File::create(&path).map_err(io(&path))?, lineage_schema(), Some(writer_properties()))?;
    let mut by_kind: BTreeMap<String, u64> =
        Kind::ALL.iter().filter(|k| !k.is_hard_excluded()).map(|k| (k.as_str().to_string(), 0)).collect();
    let mut members = 0u64;
    if !parts.is_empty() {
        let all = concat_batches(&parts[0].schema(), &parts)?;
        let kinds = all.column(3).as_string::<i32>();
        for k in kinds.iter().flatten() {
            *by_kind.entry(k.to_string()).or_default() += 1;
        }
        // Shards hold disjoint members; each is sorted by member, so a stable sort by member
        // keeps items in id order within a member.
        let order = lexsort_to_indices(&[SortColumn { values: all.column(0).clone(), options: None }], None)?;
        let cols: Vec<ArrayRef> = all.columns()[..3].iter().map(|c| take(c, &order, None)).collect::<Result<_, _>>()?;
        let ids = cols[0].as_any().downcast_ref::<Int64Array>().ok_or_else(|| Error::Invalid("member ids".into()))?;
        members = ids.values().windows(2).filter(|w| w[0] != w[1]).count() as u64 + 1;
        let out = RecordBatch::try_new(lineage_schema(), cols)?;
        for start in (0..out.num_rows()).step_by(64 * 1024) {
            writer.write(&out.slice(start, (64 * 1024).min(out.num_rows() - start)))?;
        }
    }
    writer.close()?;
    Ok((members, by_kind))
}

/// SHA-256 of a file, hex.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut f = File::open(path).map_err(io(path))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf).map_err(io(path))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex(&h.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The dataset directory's shard files, in order.
pub fn shard_paths(dataset: &Path, manifest: &Manifest) -> Vec<PathBuf> {
    manifest.shards.iter().map(|s| dataset.join(&s.file)).collect()
}
