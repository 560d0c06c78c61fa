//! The corpus export: one DataFusion plan from a lake snapshot to sharded, scrubbed Parquet,
//! with a manifest and lineage, published atomically.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use assent_policy::mix::hex;
use assent_policy::{Kind, Purpose, Reason, Timestamp};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Int32Array, Int64Array, RecordBatch, StringBuilder, UInt32Array,
};
use datafusion::arrow::compute::{concat_batches, lexsort_to_indices, take, BatchCoalescer, SortColumn};
use datafusion::arrow::datatypes::{DataType, Field, Int8Type, Schema, SchemaRef};
use datafusion::datasource::MemTable;
use datafusion::execution::context::SessionContext;
use datafusion::parquet::file::properties::{EnabledStatistics, WriterProperties};
use datafusion::prelude::{ParquetReadOptions, SessionConfig};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{io, Error, Result};
use crate::fsx::{ParquetFile, Staging};
use crate::lake::{ts_type, writer_properties, Snapshot};
use crate::lineage::{lineage_properties, LINEAGE_ROW_GROUP};
use crate::stream::{assemble, write_lineage_runs, LineageRun, PartitionShards, Piece};
use crate::udf::{reason_of, EligibilityUdf, ScrubUdf, ShardCount, ShardUdf, INCLUDED, UNKNOWN_MEMBER};

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

/// One shard in the manifest: a file, or (written on a cluster) a directory of part files.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ShardEntry {
    /// The shard's number.
    pub shard: u32,
    /// `shard-NNNNN.parquet`, or the directory `shard-NNNNN` that holds `parts`.
    pub file: String,
    /// Rows.
    pub rows: u64,
    /// SHA-256 of the file, hex; for a directory, SHA-256 of its parts' hex digests in order.
    pub sha256: String,
    /// The part files of a shard written as a directory, in order (empty for a single file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartEntry>,
}

/// One part file of a shard written on a cluster (`shard-NNNNN/part-PPPPP.parquet`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PartEntry {
    /// Path relative to the dataset directory.
    pub file: String,
    /// Rows.
    pub rows: u64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

impl ShardEntry {
    /// The entry of a shard written as the part files `parts` (in order) under `shard-NNNNN/`.
    pub fn of_parts(shard: u32, parts: Vec<PartEntry>) -> ShardEntry {
        let mut h = Sha256::new();
        for p in &parts {
            h.update(&p.sha256);
        }
        ShardEntry {
            shard,
            file: shard_dir_name(shard),
            rows: parts.iter().map(|p| p.rows).sum(),
            sha256: hex(&h.finalize()),
            parts,
        }
    }
}

/// `shard-NNNNN`: the directory of a shard written as parts.
pub fn shard_dir_name(shard: u32) -> String {
    format!("shard-{shard:05}")
}

/// `manifest.json` of a dataset.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Derived from the content: the same snapshot and settings give the same id.
    pub dataset_id: String,
    /// The instant the snapshot describes.
    pub as_of: Timestamp,
    /// `train-genai` or `train-ai`.
    pub purpose: Purpose,
    /// The policy version in force at `as_of` (`null` if none: then the dataset is empty).
    pub policy_version: Option<String>,
    /// How many shards the members are hashed into.
    pub shard_count: ShardCount,
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
        // BCP 47: `en`, `fr`, or `und` when the text shows neither (assent_policy::language).
        Field::new("lang", DataType::Utf8, false),
    ]))
}

pub(crate) fn lineage_schema() -> SchemaRef {
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
///
/// Each member's consent is joined to their row first, so that the items meet a single join in
/// which every item finds its owner: a join that leaves rows unmatched (most members made no
/// choice) appends them after the matched ones, and the items would lose the snapshot's order.
///
/// Each item's `lang` is the label the store gave its text; a snapshot whose items have none
/// (`labelled` false: taken before the store kept them) gives nulls, which the shard writers
/// fill in from the text.
pub fn export_sql(
    policy_source: Option<&str>,
    purpose: Purpose,
    as_of_micros: i64,
    shards: u32,
    only: Option<&[u32]>,
    labelled: bool,
) -> String {
    let lang = if labelled { "i.lang" } else { "arrow_cast(NULL, 'Utf8') AS lang" };
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
        ), people AS (
            SELECT m.member_id, m.region, m.birth_date, m.joined_at, m.closed_at, c.value
            FROM members m
            LEFT JOIN consent c ON c.member_id = m.member_id
        ), decided AS (
            SELECT i.item_id, i.member_id, i.kind, i.created_at, i.text, {lang},
                   assent_eligibility({policy}, {purpose}, CAST({as_of_micros} AS BIGINT), i.kind, i.visibility,
                       i.visibility_since, i.created_at, i.deleted_at, p.region, p.birth_date, p.joined_at,
                       p.closed_at, p.value) AS verdict
            FROM items i
            LEFT JOIN people p ON p.member_id = i.member_id
            {only}
        )
        SELECT item_id, member_id, kind, created_at, verdict,
               assent_scrub(text, verdict = 0) AS text,
               assent_shard(member_id, CAST({shards} AS BIGINT)) AS shard, lang
        FROM decided"
    )
}

/// A session with the snapshot's tables and Assent's functions registered.
pub async fn session(snapshot: &Snapshot, threads: usize) -> Result<SessionContext> {
    let mut config = configure(SessionConfig::new().with_target_partitions(threads.max(1)));
    // Each partition must be a contiguous range of the items, in order: a round-robin
    // repartition (which DataFusion adds when a scan gives fewer partitions than threads) would
    // interleave them, and the shard files are put together from the partitions in order.
    config.options_mut().optimizer.enable_round_robin_repartition = false;
    let ctx = SessionContext::new_with_config(config);
    register(&ctx, snapshot).await?;
    Ok(ctx)
}

/// The options the export plan is written for, on any engine.
pub fn configure(mut config: SessionConfig) -> SessionConfig {
    // Plain Utf8 columns: the functions take `Utf8`, and the shards are written as `Utf8`.
    config.options_mut().execution.parquet.schema_force_view_types = false;
    // Joins keep the items scan's partitions (contiguous, sorted ranges of the file) instead of
    // hash-repartitioning them, so shards come out already sorted by member and item.
    config.options_mut().optimizer.repartition_joins = false;
    // Each partition reads the range of the items assigned to it when the plan was made, and
    // no other: an idle partition that took over a sibling's range would put the shards' rows
    // out of order.
    config.options_mut().execution.enable_file_stream_work_stealing = false;
    config
}

/// Registers the snapshot's tables (files by absolute path, so that other processes sharing the
/// file system find them too; tables held in memory as they are) and Assent's functions.
pub async fn register(ctx: &SessionContext, snapshot: &Snapshot) -> Result<()> {
    for t in ["items", "members", "consent_events"] {
        match snapshot.in_memory().and_then(|tables| tables.table(t)) {
            Some((batches, schema)) => {
                let parts = contiguous_parts(batches, ctx.copied_config().target_partitions());
                ctx.register_table(t, Arc::new(MemTable::try_new(schema, parts)?))?;
            }
            None => {
                let path = snapshot.table(t);
                let path = std::path::absolute(&path).map_err(io(&path))?;
                ctx.register_parquet(t, path.to_string_lossy().as_ref(), ParquetReadOptions::default()).await?;
            }
        }
    }
    for f in functions() {
        ctx.register_udf(f);
    }
    Ok(())
}

/// `batches` split into at most `n` runs of consecutive batches with about as many rows each,
/// in order: a table held in memory is scanned as the same contiguous ranges a file's row groups
/// give, so the plan's partitions keep its order.
fn contiguous_parts(batches: &[RecordBatch], n: usize) -> Vec<Vec<RecordBatch>> {
    let total: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let per_part = total.div_ceil(n.max(1)).max(1);
    let mut parts: Vec<Vec<RecordBatch>> = vec![Vec::new()];
    let mut rows = 0;
    for b in batches {
        if rows >= per_part {
            parts.push(Vec::new());
            rows = 0;
        }
        rows += b.num_rows();
        parts.last_mut().expect("one part at least").push(b.clone());
    }
    parts
}

/// The scalar functions the export plan calls.
pub fn functions() -> Vec<datafusion::logical_expr::ScalarUDF> {
    vec![EligibilityUdf::udf(), ScrubUdf::udf(), ShardUdf::udf()]
}

/// Verdict counts of a partition's rows: per verdict code (0 = included, 1.. = reasons), and
/// items whose owner is missing from the snapshot.
#[derive(Debug)]
pub struct Verdicts {
    /// Count per verdict code.
    pub counts: Vec<u64>,
    /// Items whose owner is missing from the snapshot.
    pub unknown_members: u64,
}

impl Default for Verdicts {
    fn default() -> Verdicts {
        Verdicts::new()
    }
}

impl Verdicts {
    /// Nothing counted yet.
    pub fn new() -> Verdicts {
        Verdicts { counts: vec![0; Reason::ALL.len() + 1], unknown_members: 0 }
    }

    /// Counts the verdicts of a batch of the export plan; returns whether any row is included.
    pub(crate) fn add(&mut self, batch: &RecordBatch) -> Result<bool> {
        let before = self.counts[INCLUDED as usize];
        for v in verdicts(batch)?.values().iter() {
            match usize::try_from(*v).ok().and_then(|i| self.counts.get_mut(i)) {
                Some(n) => *n += 1,
                None if *v == UNKNOWN_MEMBER => self.unknown_members += 1,
                None => return Err(Error::Invalid(format!("unknown verdict {v}"))),
            }
        }
        Ok(self.counts[INCLUDED as usize] > before)
    }
}

/// The verdict column of a batch of the export plan.
fn verdicts(batch: &RecordBatch) -> Result<&datafusion::arrow::array::Int8Array> {
    batch
        .column_by_name("verdict")
        .and_then(|c| c.as_primitive_opt::<Int8Type>())
        .ok_or_else(|| Error::Invalid("no verdict column".into()))
}

/// What one partition of the export plan produced: verdict counts and included rows by shard.
#[derive(Debug)]
pub struct PartitionRows {
    /// The partition's verdict counts.
    pub verdicts: Verdicts,
    /// Included rows, by shard.
    pub shards: Vec<Vec<RecordBatch>>,
}

impl PartitionRows {
    /// Nothing yet, for `shards` shards.
    pub fn new(shards: usize) -> PartitionRows {
        PartitionRows { verdicts: Verdicts::new(), shards: vec![Vec::new(); shards] }
    }

    /// Counts the verdicts of a batch of the export plan and keeps its included rows.
    pub fn add(&mut self, batch: &RecordBatch) -> Result<()> {
        if self.verdicts.add(batch)? {
            for (shard, rows) in route(batch, self.shards.len())? {
                self.shards[shard].push(rows);
            }
        }
        Ok(())
    }
}

/// Exports `snapshot` into a new dataset directory `out` (never overwritten), on a runtime of
/// its own. `progress` is told how many snapshot items were processed.
pub fn export(
    snapshot: &Snapshot,
    out: &Path,
    config: &ExportConfig,
    mut progress: impl FnMut(u64) + Send,
) -> Result<Manifest> {
    export_on_runtime(snapshot, out, config, &mut progress)
}

// The bodies take `progress` as a trait object: generic, they would be compiled again (with the
// DataFusion code they instantiate) in every crate that calls them, which the first build pays for.
fn export_on_runtime(
    snapshot: &Snapshot,
    out: &Path,
    config: &ExportConfig,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<Manifest> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.threads.max(1))
        .enable_all()
        .build()
        .map_err(io(out))?;
    runtime.block_on(export_dyn(snapshot, out, config, progress))
}

/// Checks `config` and returns the export query for `snapshot` (its instant, the policy then in
/// force), the one plan every engine runs.
pub fn plan_sql(snapshot: &Snapshot, config: &ExportConfig) -> Result<String> {
    ShardCount::new(config.shards).map_err(|e| Error::Invalid(format!("--shards: {e}")))?;
    if let Some(bad) = config.only_shards.iter().flatten().find(|s| **s >= config.shards) {
        return Err(Error::Invalid(format!("shard {bad} does not exist in a {}-shard export", config.shards)));
    }
    let as_of = snapshot.as_of()?;
    let policies = snapshot.policies()?;
    let policy = policies.in_force_at(as_of);
    Ok(export_sql(
        policy.map(|p| p.source()),
        config.purpose,
        as_of.0,
        config.shards,
        config.only_shards.as_deref(),
        snapshot.labelled(),
    ))
}

/// [`export`], on the caller's runtime.
pub async fn export_async(
    snapshot: &Snapshot,
    out: &Path,
    config: &ExportConfig,
    mut progress: impl FnMut(u64) + Send,
) -> Result<Manifest> {
    export_dyn(snapshot, out, config, &mut progress).await
}

async fn export_dyn(
    snapshot: &Snapshot,
    out: &Path,
    config: &ExportConfig,
    progress: &mut (dyn FnMut(u64) + Send),
) -> Result<Manifest> {
    let sql = plan_sql(snapshot, config)?;
    let staging = Staging::new(out)?;
    let ctx = session(snapshot, config.threads).await?;
    let shard_count = config.shards as usize;
    let selected: Vec<bool> =
        (0..config.shards).map(|s| config.only_shards.as_ref().is_none_or(|only| only.contains(&s))).collect();
    // One task per partition: each counts verdicts and encodes its included rows of each shard
    // into row groups as they come (`stream`). Partitions are contiguous ranges of the items
    // file (sorted by member, then item), and the joins keep the probe side's order, so each
    // shard's file is its partitions' row groups in partition order.
    let streams = ctx.sql(&sql).await?.execute_stream_partitioned().await?;
    let seen = Arc::new(AtomicU64::new(0));
    let spills: Vec<PathBuf> = (0..streams.len()).map(|p| staging.path(&format!(".spill-{p:04}"))).collect();
    let tasks: Vec<_> = streams
        .into_iter()
        .zip(&spills)
        .map(|(mut stream, spill)| {
            let seen = seen.clone();
            let selected = selected.clone();
            let spill = spill.clone();
            tokio::spawn(async move {
                let mut part = PartitionShards::new(shard_count, &selected, spill)?;
                while let Some(batch) = stream.next().await {
                    let batch = batch?;
                    part.add(&batch)?;
                    seen.fetch_add(batch.num_rows() as u64, Ordering::Relaxed);
                }
                Ok::<_, Error>(part.finish())
            })
        })
        .collect();
    let mut joined = Box::pin(futures::future::join_all(tasks));
    let parts = loop {
        tokio::select! {
            parts = &mut joined => break parts,
            _ = tokio::time::sleep(std::time::Duration::from_millis(200)) => progress(seen.load(Ordering::Relaxed)),
        }
    };
    progress(seen.load(Ordering::Relaxed));
    let mut pieces: Vec<Vec<Piece>> = (0..shard_count).map(|_| Vec::new()).collect();
    // Each shard's lineage runs, in partition order.
    let mut lineage: Vec<(usize, LineageRun)> = Vec::new();
    let mut outcome = Outcome::default();
    for part in parts {
        let part = part.map_err(|e| Error::Invalid(format!("export task failed: {e}")))??;
        outcome.count(&part.verdicts.counts, part.verdicts.unknown_members)?;
        for (shard, piece) in part.shards.into_iter().enumerate() {
            if let Some((piece, run)) = piece {
                pieces[shard].push(piece);
                lineage.push((shard, run));
            }
        }
    }
    outcome.check(snapshot)?;

    // Put each shard's file together (on `threads` writers, each taking the next shard not yet
    // taken), while the lineage is written on a thread of its own.
    let queue: Vec<(usize, Mutex<Vec<Piece>>)> = pieces
        .into_iter()
        .enumerate()
        .filter(|(shard, _)| selected[*shard])
        .map(|(shard, pieces)| (shard, Mutex::new(pieces)))
        .collect();
    let next = AtomicUsize::new(0);
    let writers = config.threads.clamp(1, queue.len().max(1));
    let lineage_path = staging.path("lineage.parquet");
    let staging_dir = staging.dir.clone();
    let (entries, counts) = std::thread::scope(|scope| {
        let lineage = scope.spawn(|| write_lineage_runs(&lineage_path, lineage));
        let handles: Vec<_> = (0..writers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some((shard, pieces)) = queue.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let pieces = std::mem::take(&mut *pieces.lock().unwrap_or_else(|e| e.into_inner()));
                        done.push(assemble(&staging_dir, *shard, pieces));
                    }
                    done
                })
            })
            .collect();
        let entries: Vec<Result<ShardEntry>> =
            handles.into_iter().flat_map(|h| h.join().expect("shard writer panicked")).collect();
        (entries, lineage.join().expect("lineage writer panicked"))
    });
    for spill in &spills {
        std::fs::remove_file(spill).map_err(io(spill))?;
    }
    outcome.entries = entries.into_iter().collect::<Result<_>>()?;
    outcome.lineage_written = Some(counts?);
    publish(staging, snapshot, config, outcome)
}

/// Members and included items by kind, as written in a lineage file.
pub(crate) type Counts = (u64, BTreeMap<String, u64>);

/// The lineage rows (member_id, shard, item_id, kind) of routed rows of `shard`, with the item
/// ids as text already made (`item_ids`).
fn lineage_of(batch: &RecordBatch, shard: usize, item_ids: ArrayRef) -> Result<RecordBatch> {
    let shard_col: ArrayRef = Arc::new(Int32Array::from(vec![shard as i32; batch.num_rows()]));
    Ok(RecordBatch::try_new(
        lineage_parts_schema(),
        vec![batch.column(1).clone(), shard_col, item_ids, batch.column(2).clone()],
    )?)
}

/// The item ids of routed rows as the dataset writes them: decimal text.
pub(crate) fn item_id_strings(batch: &RecordBatch) -> Result<ArrayRef> {
    let ids = batch.column(0).as_any().downcast_ref::<Int64Array>().ok_or_else(|| Error::Invalid("item ids".into()))?;
    let mut item_ids = StringBuilder::with_capacity(ids.len(), ids.len() * 8);
    // Formatted in place: `to_string` would allocate a string for each of millions of ids.
    let mut text = itoa::Buffer::new();
    for id in ids.values() {
        item_ids.append_value(text.format(*id));
    }
    Ok(Arc::new(item_ids.finish()))
}

/// Fsyncs a file just written, so that its pages go to the disk while other work goes on rather
/// than all at once when the dataset is published.
pub(crate) fn sync_file(path: &Path) -> Result<()> {
    File::open(path).and_then(|f| f.sync_all()).map_err(io(path))
}

/// What an export's partitions wrote and counted, gathered for the manifest.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The shards written, in shard order.
    pub entries: Vec<ShardEntry>,
    /// Lineage rows of the included items: (member_id, shard, item_id, kind), any order.
    pub lineage: Vec<RecordBatch>,
    /// Excluded items by reason.
    pub excluded: BTreeMap<Reason, u64>,
    /// Items whose owner is missing from the snapshot.
    pub unknown_members: u64,
    /// Set when `lineage.parquet` is already written (an embedded export writes it beside the
    /// shard files): its members and items by kind. `lineage` is then not used.
    pub lineage_written: Option<Counts>,
}

impl Outcome {
    /// Adds one partition's verdict counts (indexed by verdict code) and unknown owners.
    pub fn count(&mut self, verdicts: &[u64], unknown_members: u64) -> Result<()> {
        for (code, n) in verdicts.iter().enumerate() {
            if *n == 0 || code == 0 {
                continue;
            }
            let reason = reason_of(code as i8).ok_or_else(|| Error::Invalid(format!("unknown verdict {code}")))?;
            *self.excluded.entry(reason).or_default() += n;
        }
        self.unknown_members += unknown_members;
        Ok(())
    }

    /// Fails if any item's owner was missing from the snapshot.
    pub fn check(&self, snapshot: &Snapshot) -> Result<()> {
        if self.unknown_members > 0 {
            return Err(inconsistent(
                snapshot,
                &format!(
                    "{} items belong to members missing from the snapshot or carry unreadable facts",
                    self.unknown_members
                ),
            ));
        }
        Ok(())
    }
}

/// Writes the lineage and the manifest of an export whose shards are in `staging`, then
/// publishes the dataset.
pub fn publish(staging: Staging, snapshot: &Snapshot, config: &ExportConfig, outcome: Outcome) -> Result<Manifest> {
    outcome.check(snapshot)?;
    let count = ShardCount::new(config.shards).map_err(|e| Error::Invalid(format!("--shards: {e}")))?;
    let as_of = snapshot.as_of()?;
    let policies = snapshot.policies()?;
    let policy = policies.in_force_at(as_of);
    let mut entries = outcome.entries;
    entries.sort_by_key(|e| e.shard);
    let (members, by_kind) = match outcome.lineage_written {
        Some(counts) => counts,
        None => write_lineage(&staging.path("lineage.parquet"), outcome.lineage)?,
    };

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
        as_of,
        purpose: config.purpose,
        policy_version: policy.map(|p| p.version().to_string()),
        shard_count: count,
        shards: entries,
        included_by_kind: by_kind,
        excluded_by_reason: outcome.excluded.into_iter().map(|(r, n)| (r.as_str().to_string(), n)).collect(),
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

/// Splits the included rows of a batch of the export plan by their shard column: the rows of each
/// shard that has some, in order.
pub(crate) fn route(batch: &RecordBatch, shards: usize) -> Result<Vec<(usize, RecordBatch)>> {
    let shard = batch
        .column_by_name("shard")
        .and_then(|c| c.as_any().downcast_ref::<Int32Array>())
        .ok_or_else(|| Error::Invalid("no shard column".into()))?;
    let verdict = verdicts(batch)?;
    // The included rows are taken straight from the plan's batch into each shard's: filtering
    // them out first would copy every column of theirs once more.
    let mut indices: Vec<Vec<u32>> = vec![Vec::new(); shards];
    for (row, (s, v)) in shard.values().iter().zip(verdict.values().iter()).enumerate() {
        if *v != INCLUDED {
            continue;
        }
        indices.get_mut(*s as usize).ok_or_else(|| Error::Invalid(format!("shard {s} out of range")))?.push(row as u32);
    }
    let schema = routed_schema();
    let cols = ["item_id", "member_id", "kind", "text", "created_at", "lang"].map(|c| batch.column_by_name(c).cloned());
    let cols: Vec<ArrayRef> =
        cols.into_iter().collect::<Option<_>>().ok_or_else(|| Error::Invalid("missing column".into()))?;
    let mut routed = Vec::new();
    for (s, idx) in indices.into_iter().enumerate() {
        if idx.is_empty() {
            continue;
        }
        let idx = UInt32Array::from(idx);
        let taken: Vec<ArrayRef> = cols.iter().map(|c| take(c, &idx, None)).collect::<Result<_, _>>()?;
        routed.push((s, RecordBatch::try_new(schema.clone(), taken)?));
    }
    Ok(routed)
}

/// The schema of included rows routed to a shard: what the shard writers take.
pub(crate) fn routed_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("item_id", DataType::Int64, false),
        Field::new("member_id", DataType::Int64, false),
        Field::new("kind", DataType::Utf8, false),
        Field::new("text", DataType::Utf8, true),
        Field::new("created_at", ts_type(), false),
        // Null where the snapshot has no label (`export_sql`).
        Field::new("lang", DataType::Utf8, true),
    ]))
}

/// Whether the rows of `batches`, in order, are sorted by (member_id, item_id).
fn is_sorted(batches: &[RecordBatch]) -> bool {
    let mut last = (i64::MIN, i64::MIN);
    for b in batches {
        let (Some(items), Some(members)) =
            (b.column(0).as_any().downcast_ref::<Int64Array>(), b.column(1).as_any().downcast_ref::<Int64Array>())
        else {
            return false;
        };
        for (m, i) in members.values().iter().zip(items.values()) {
            if (*m, *i) < last {
                return false;
            }
            last = (*m, *i);
        }
    }
    true
}

/// The rows of `batches` sorted by (member_id, item_id), as one batch.
fn sorted(batches: &[RecordBatch]) -> Result<RecordBatch> {
    let all = concat_batches(&batches[0].schema(), batches)?;
    let order = lexsort_to_indices(
        &[
            SortColumn { values: all.column(1).clone(), options: None },
            SortColumn { values: all.column(0).clone(), options: None },
        ],
        None,
    )?;
    let cols: Vec<ArrayRef> = all.columns().iter().map(|c| take(c, &order, None)).collect::<Result<_, _>>()?;
    Ok(RecordBatch::try_new(all.schema(), cols)?)
}

/// How shard files are written.
pub(crate) fn shard_properties() -> WriterProperties {
    // Texts, ids and creation times are nearly all distinct: dictionary encoding would only cost
    // time. Nobody looks texts up by their range: their minimum and maximum would cost a
    // comparison each.
    writer_properties()
        .into_builder()
        .set_column_dictionary_enabled("text".into(), false)
        .set_column_statistics_enabled("text".into(), EnabledStatistics::None)
        .set_column_dictionary_enabled("item_id".into(), false)
        .set_column_dictionary_enabled("created_at".into(), false)
        .set_column_dictionary_enabled("lang".into(), true)
        .build()
}

/// Rows per write: fixed, so that the file's bytes do not depend on how the plan batched rows.
const WRITE_ROWS: usize = 64 * 1024;

/// Writes the included rows of one shard (as routed by [`PartitionRows`]) to the part file
/// `path` (a task's part of a shard, on a cluster), sorted by (member_id, item_id), with the
/// texts' languages; returns its rows and its lineage rows (member_id, shard, item_id, kind).
pub fn write_shard_file(path: &Path, shard: usize, batches: Vec<RecordBatch>) -> Result<(u64, Vec<RecordBatch>)> {
    let schema = shard_schema();
    let mut writer = ParquetFile::create(path, schema.clone(), shard_properties())?;
    let mut rows = 0u64;
    let mut lineage = Vec::new();
    if !batches.is_empty() {
        // The plan keeps the snapshot's order; sort only if it did not.
        let batches = if is_sorted(&batches) { batches } else { vec![sorted(&batches)?] };
        let mut coalescer = BatchCoalescer::new(batches[0].schema(), WRITE_ROWS);
        let mut emit = |chunk: RecordBatch| -> Result<()> {
            let item_ids = item_id_strings(&chunk)?;
            if chunk.column(3).null_count() > 0 {
                return Err(Error::Invalid(format!(
                    "shard {shard}: an included item has no text (erased but not marked deleted)"
                )));
            }
            let langs = languages(&chunk)?;
            let out = RecordBatch::try_new(
                schema.clone(),
                vec![
                    item_ids.clone(),
                    chunk.column(1).clone(),
                    chunk.column(2).clone(),
                    chunk.column(3).clone(),
                    chunk.column(4).clone(),
                    langs,
                ],
            )?;
            rows += out.num_rows() as u64;
            writer.write(&out)?;
            lineage.push(lineage_of(&chunk, shard, item_ids)?);
            Ok(())
        };
        for b in batches {
            coalescer.push_batch(b)?;
            while let Some(chunk) = coalescer.next_completed_batch() {
                emit(chunk)?;
            }
        }
        coalescer.finish_buffered_batch()?;
        while let Some(chunk) = coalescer.next_completed_batch() {
            emit(chunk)?;
        }
    }
    writer.close()?;
    Ok((rows, lineage))
}

/// The language of each routed row (none without text): the label the snapshot carries, or, where
/// it has none, the language of the text found here. The export's partition tasks call it, one
/// per core, so it runs on the caller's thread.
pub(crate) fn languages(routed: &RecordBatch) -> Result<ArrayRef> {
    let string = |i: usize, what: &str| {
        routed.column(i).as_string_opt::<i32>().ok_or_else(|| Error::Invalid(format!("routed {what} are not text")))
    };
    let (texts, labels) = (string(3, "texts")?, string(5, "languages")?);
    if labels.null_count() == 0 {
        return Ok(routed.column(5).clone());
    }
    let mut langs = StringBuilder::with_capacity(texts.len(), texts.len() * 2);
    for (text, label) in texts.iter().zip(labels) {
        langs.append_value(label.unwrap_or_else(|| assent_policy::language::detect(text.unwrap_or_default())));
    }
    Ok(Arc::new(langs.finish()))
}

/// The schema of lineage rows before they are merged: (member_id, shard, item_id, kind).
pub fn lineage_parts_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("member_id", DataType::Int64, false),
        Field::new("shard", DataType::Int32, false),
        Field::new("item_id", DataType::Utf8, false),
        Field::new("kind", DataType::Utf8, false),
    ]))
}

/// Included items by kind, before counting: every kind that may ever be eligible, at zero, so
/// that a manifest lists them all.
pub(crate) fn kind_counts() -> BTreeMap<String, u64> {
    Kind::ALL.iter().filter(|k| !k.is_hard_excluded()).map(|k| (k.as_str().to_string(), 0)).collect()
}

/// Writes `lineage.parquet` sorted by member; returns the member count and counts by kind.
pub(crate) fn write_lineage(path: &Path, parts: Vec<RecordBatch>) -> Result<Counts> {
    let parts: Vec<RecordBatch> = parts.into_iter().filter(|b| b.num_rows() > 0).collect();
    let mut writer = ParquetFile::create(path, lineage_schema(), lineage_properties())?;
    let mut by_kind = kind_counts();
    let mut members = 0u64;
    if !parts.is_empty() {
        let all = concat_batches(&parts[0].schema(), &parts)?;
        let kinds = all.column(3).as_string::<i32>();
        for k in kinds.iter().flatten() {
            match by_kind.get_mut(k) {
                Some(n) => *n += 1,
                None => *by_kind.entry(k.to_string()).or_default() += 1,
            }
        }
        // Shards hold disjoint members; each is sorted by member, so a stable sort by member
        // keeps items in id order within a member. The rows are a few sorted runs (a shard or
        // part each), which the standard library's stable sort finds and merges in linear passes.
        let members_col =
            all.column(0).as_any().downcast_ref::<Int64Array>().ok_or_else(|| Error::Invalid("member ids".into()))?;
        let member_ids = members_col.values();
        let rows = u32::try_from(all.num_rows())
            .map_err(|_| Error::Invalid(format!("{} lineage rows: more than one file holds", all.num_rows())))?;
        let mut order: Vec<u32> = (0..rows).collect();
        order.sort_by_key(|&i| member_ids[i as usize]);
        members =
            order.windows(2).filter(|w| member_ids[w[0] as usize] != member_ids[w[1] as usize]).count() as u64 + 1;
        let order = UInt32Array::from(order);
        let cols: Vec<ArrayRef> = all.columns()[..3].iter().map(|c| take(c, &order, None)).collect::<Result<_, _>>()?;
        let out = RecordBatch::try_new(lineage_schema(), cols)?;
        for start in (0..out.num_rows()).step_by(LINEAGE_ROW_GROUP) {
            writer.write(&out.slice(start, LINEAGE_ROW_GROUP.min(out.num_rows() - start)))?;
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

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{StringArray, TimestampMicrosecondArray};

    use super::*;

    #[test]
    fn a_row_keeps_the_language_it_was_labelled_with_and_an_unlabelled_one_is_read_from_its_text() {
        let texts = ["the team is here", "nous sommes là", "Rust, SQL"];
        let labels = [Some("fr"), None, None];
        let n = texts.len();
        let routed = RecordBatch::try_new(
            routed_schema(),
            vec![
                Arc::new(Int64Array::from_iter_values(0..n as i64)),
                Arc::new(Int64Array::from(vec![1; n])),
                Arc::new(StringArray::from(vec!["post"; n])),
                Arc::new(StringArray::from_iter_values(texts)),
                Arc::new(TimestampMicrosecondArray::from(vec![7; n]).with_timezone("UTC")),
                Arc::new(StringArray::from(labels.to_vec())),
            ],
        )
        .unwrap();
        let langs = languages(&routed).unwrap();
        let langs = langs.as_string::<i32>();
        // The first label is the store's, even where the text alone would read otherwise.
        assert_eq!(langs.iter().collect::<Vec<_>>(), vec![Some("fr"), Some("fr"), Some("und")]);
        let labelled = RecordBatch::try_new(
            routed_schema(),
            routed.columns()[..5]
                .iter()
                .cloned()
                .chain([Arc::new(StringArray::from(vec!["en"; n])) as ArrayRef])
                .collect(),
        )
        .unwrap();
        assert_eq!(
            languages(&labelled).unwrap().as_string::<i32>().iter().flatten().collect::<Vec<_>>(),
            vec!["en"; n]
        );
    }
}
