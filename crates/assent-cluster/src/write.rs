//! `AssentShardWrite`: the step that ends the export plan on a cluster. Each partition of its
//! input (one task on some executor) counts its verdicts, writes its included rows as one part
//! file per shard (`shard-NNNNN/part-PPPPP.parquet`) and its lineage rows
//! (`lineage-parts/part-PPPPP.parquet`) into the dataset's staging directory, and answers with
//! a few summary rows. No corpus row leaves the executor.
//!
//! A retried task (its executor died) writes the same names again: each file is written aside
//! and renamed into place, so a reader never sees half of one, and the retry's file replaces
//! whatever the dead attempt left.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use assent_export::{lineage_parts_schema, shard_dir_name, write_batches, write_shard_file, PartitionRows};
use async_trait::async_trait;
use datafusion::arrow::array::{ArrayRef, Int32Builder, Int8Builder, RecordBatch, StringBuilder, UInt64Builder};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{internal_err, DFSchema, DFSchemaRef, DataFusionError, Result};
use datafusion::execution::context::QueryPlanner;
use datafusion::execution::TaskContext;
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{Expr, Extension, LogicalPlan, UserDefinedLogicalNode, UserDefinedLogicalNodeCore};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties, SendableRecordBatchStream,
};
use datafusion::physical_planner::{DefaultPhysicalPlanner, ExtensionPlanner, PhysicalPlanner};
use futures::StreamExt;
use serde::{Deserialize, Serialize};

/// Where and how the partitions write.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WriteSpec {
    /// The dataset's staging directory: an absolute path every executor can write.
    pub dir: String,
    /// How many shards the members are hashed into.
    pub shards: u32,
}

/// What a summary row reports.
pub mod record {
    /// A part file of a shard: `shard`, `file`, `rows`, `bytes`, `sha256`.
    pub const PART: &str = "part";
    /// The partition's lineage file: `file`, `rows`, `bytes`.
    pub const LINEAGE: &str = "lineage";
    /// How many of the partition's items got verdict `verdict` (`rows`).
    pub const VERDICT: &str = "verdict";
    /// How many of the partition's items belong to no member of the snapshot (`rows`).
    pub const UNKNOWN_MEMBERS: &str = "unknown-members";
}

/// The summary rows each partition answers with.
pub fn summary_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("record", DataType::Utf8, false),
        // What the task read: its first item id and how many items, `"{first}+{count}"`. A task
        // run again reads the same; two tasks never read the same item.
        Field::new("task", DataType::Utf8, false),
        Field::new("shard", DataType::Int32, true),
        Field::new("verdict", DataType::Int8, true),
        Field::new("file", DataType::Utf8, true),
        Field::new("rows", DataType::UInt64, false),
        Field::new("bytes", DataType::UInt64, false),
        Field::new("sha256", DataType::Utf8, true),
    ]))
}

/// The logical node: the export plan (`input`), written out as `spec` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardWrite {
    /// The export plan.
    pub input: LogicalPlan,
    /// Where to write.
    pub spec: WriteSpec,
    schema: DFSchemaRef,
}

impl ShardWrite {
    /// `input` written as `spec` says.
    pub fn new(input: LogicalPlan, spec: WriteSpec) -> Result<ShardWrite> {
        let schema = Arc::new(DFSchema::try_from(summary_schema())?);
        Ok(ShardWrite { input, spec, schema })
    }

    /// The node as a logical plan.
    pub fn into_plan(self) -> LogicalPlan {
        LogicalPlan::Extension(Extension { node: Arc::new(self) })
    }
}

impl Hash for ShardWrite {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.spec.hash(state);
        self.input.hash(state);
    }
}

impl PartialOrd for ShardWrite {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        match self.spec.cmp(&other.spec) {
            Ordering::Equal => self.input.partial_cmp(&other.input),
            o => Some(o),
        }
    }
}

impl UserDefinedLogicalNodeCore for ShardWrite {
    fn name(&self) -> &str {
        "AssentShardWrite"
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }

    fn schema(&self) -> &DFSchemaRef {
        &self.schema
    }

    fn expressions(&self) -> Vec<Expr> {
        Vec::new()
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "AssentShardWrite: {} shards into {}", self.spec.shards, self.spec.dir)
    }

    fn with_exprs_and_inputs(&self, _exprs: Vec<Expr>, mut inputs: Vec<LogicalPlan>) -> Result<Self> {
        match (inputs.pop(), inputs.is_empty()) {
            (Some(input), true) => ShardWrite::new(input, self.spec.clone()),
            _ => internal_err!("AssentShardWrite takes exactly one input"),
        }
    }
}

/// The physical step: one task per input partition.
#[derive(Debug)]
pub struct ShardWriteExec {
    input: Arc<dyn ExecutionPlan>,
    spec: WriteSpec,
    properties: Arc<PlanProperties>,
}

impl ShardWriteExec {
    /// Writes the partitions of `input` as `spec` says.
    pub fn new(input: Arc<dyn ExecutionPlan>, spec: WriteSpec) -> ShardWriteExec {
        let partitions = input.properties().output_partitioning().partition_count();
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(summary_schema()),
            Partitioning::UnknownPartitioning(partitions),
            EmissionType::Final,
            Boundedness::Bounded,
        ));
        ShardWriteExec { input, spec, properties }
    }

    /// Where and how it writes.
    pub fn spec(&self) -> &WriteSpec {
        &self.spec
    }
}

impl DisplayAs for ShardWriteExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "AssentShardWriteExec: {} shards into {}", self.spec.shards, self.spec.dir)
    }
}

impl ExecutionPlan for ShardWriteExec {
    fn name(&self) -> &str {
        "AssentShardWriteExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(self: Arc<Self>, mut children: Vec<Arc<dyn ExecutionPlan>>) -> Result<Arc<dyn ExecutionPlan>> {
        match (children.pop(), children.is_empty()) {
            (Some(input), true) => Ok(Arc::new(ShardWriteExec::new(input, self.spec.clone()))),
            _ => internal_err!("AssentShardWriteExec takes exactly one input"),
        }
    }

    fn execute(&self, partition: usize, context: Arc<TaskContext>) -> Result<SendableRecordBatchStream> {
        let mut input = self.input.execute(partition, context)?;
        let spec = self.spec.clone();
        let run = async move {
            let mut rows = PartitionRows::new(spec.shards as usize);
            let (mut first, mut items) = (i64::MAX, 0u64);
            while let Some(batch) = input.next().await {
                let batch = batch?;
                let ids = batch
                    .column_by_name("item_id")
                    .and_then(|c| c.as_any().downcast_ref::<datafusion::arrow::array::Int64Array>())
                    .ok_or_else(|| DataFusionError::Internal("the export plan has no item_id".into()))?;
                first = first.min(datafusion::arrow::compute::min(ids).unwrap_or(i64::MAX));
                items += batch.num_rows() as u64;
                rows.add(&batch).map_err(external)?;
            }
            let task = format!("{first}+{items}");
            tokio::task::spawn_blocking(move || write_partition(&spec, task, rows))
                .await
                .map_err(|e| DataFusionError::Execution(format!("the writer of partition {partition} stopped: {e}")))?
        };
        Ok(Box::pin(RecordBatchStreamAdapter::new(summary_schema(), futures::stream::once(run))))
    }
}

fn external(e: assent_export::Error) -> DataFusionError {
    DataFusionError::External(Box::new(e))
}

/// Summary rows, built up.
struct Summary {
    task: String,
    record: StringBuilder,
    tasks: StringBuilder,
    shard: Int32Builder,
    verdict: Int8Builder,
    file: StringBuilder,
    rows: UInt64Builder,
    bytes: UInt64Builder,
    sha256: StringBuilder,
}

impl Summary {
    fn new(task: String) -> Summary {
        Summary {
            task,
            record: StringBuilder::new(),
            tasks: StringBuilder::new(),
            shard: Int32Builder::new(),
            verdict: Int8Builder::new(),
            file: StringBuilder::new(),
            rows: UInt64Builder::new(),
            bytes: UInt64Builder::new(),
            sha256: StringBuilder::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        record: &str,
        shard: Option<i32>,
        verdict: Option<i8>,
        file: Option<&str>,
        rows: u64,
        bytes: u64,
        sha256: Option<&str>,
    ) {
        self.record.append_value(record);
        self.tasks.append_value(&self.task);
        self.shard.append_option(shard);
        self.verdict.append_option(verdict);
        self.file.append_option(file);
        self.rows.append_value(rows);
        self.bytes.append_value(bytes);
        self.sha256.append_option(sha256);
    }

    fn finish(mut self) -> Result<RecordBatch> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.record.finish()),
            Arc::new(self.tasks.finish()),
            Arc::new(self.shard.finish()),
            Arc::new(self.verdict.finish()),
            Arc::new(self.file.finish()),
            Arc::new(self.rows.finish()),
            Arc::new(self.bytes.finish()),
            Arc::new(self.sha256.finish()),
        ];
        Ok(RecordBatch::try_new(summary_schema(), columns)?)
    }
}

/// Writes a file into the subdirectory `sub` of the staging directory through `write`, aside,
/// then renames it after its content: `part-{first}-{sha256 prefix}.parquet`. A retried task
/// writes the same rows, so the same name; two tasks never share one, however the engine numbers
/// them. Returns the name relative to the staging directory, the size and the SHA-256.
fn write_aside(
    dir: &Path,
    sub: &str,
    first: i64,
    write: impl FnOnce(&Path) -> assent_export::Result<()>,
) -> Result<(String, u64, String)> {
    let parent = dir.join(sub);
    // Never `create_dir_all`: once the client has given up and removed the staging directory,
    // a late task must fail rather than bring it back.
    match std::fs::create_dir(&parent) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(io_error(&parent, e)),
        _ => {}
    }
    let aside = aside_name(&parent);
    let written = write(&aside).map_err(external).and_then(|()| {
        std::fs::File::open(&aside).and_then(|f| f.sync_all()).map_err(|e| io_error(&aside, e))?;
        let sha = assent_export::sha256_file(&aside).map_err(external)?;
        let file = format!("{sub}/part-{first:020}-{}.parquet", &sha[..16]);
        let path = dir.join(&file);
        std::fs::rename(&aside, &path).map_err(|e| io_error(&path, e))?;
        let bytes = std::fs::metadata(&path).map(|m| m.len()).map_err(|e| io_error(&path, e))?;
        Ok((file, bytes, sha))
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&aside);
    }
    written
}

/// A hidden name in `dir` unique to this attempt.
fn aside_name(dir: &Path) -> PathBuf {
    let nonce: u64 =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    dir.join(format!(".writing-{}-{nonce:x}", std::process::id()))
}
fn io_error(path: &Path, e: std::io::Error) -> DataFusionError {
    DataFusionError::Execution(format!("{}: {e}", path.display()))
}

/// Writes one task's shards and lineage; returns its summary.
fn write_partition(spec: &WriteSpec, task: String, rows: PartitionRows) -> Result<RecordBatch> {
    let dir = Path::new(&spec.dir);
    if !dir.is_dir() {
        return Err(DataFusionError::Execution(format!(
            "the dataset's staging directory {} is not reachable from this executor; the lake and the output must be \
             on a file system every executor shares",
            dir.display()
        )));
    }
    let mut summary = Summary::new(task);
    for (code, n) in rows.verdicts.counts.iter().enumerate() {
        if *n > 0 {
            summary.push(record::VERDICT, None, Some(code as i8), None, *n, 0, None);
        }
    }
    if rows.verdicts.unknown_members > 0 {
        summary.push(record::UNKNOWN_MEMBERS, None, None, None, rows.verdicts.unknown_members, 0, None);
    }
    let mut lineage = Vec::new();
    for (shard, batches) in rows.shards.into_iter().enumerate() {
        if batches.iter().all(|b| b.num_rows() == 0) {
            continue;
        }
        let first = first_member(&batches)?;
        let mut written = None;
        let (file, bytes, sha) = write_aside(dir, &shard_dir_name(shard as u32), first, |path| {
            written = Some(write_shard_file(path, shard, batches)?);
            Ok(())
        })?;
        let (n, shard_lineage) = written.ok_or_else(|| DataFusionError::Internal("shard not written".into()))?;
        summary.push(record::PART, Some(shard as i32), None, Some(&file), n, bytes, Some(&sha));
        lineage.extend(shard_lineage);
    }
    let lineage_rows: usize = lineage.iter().map(|b| b.num_rows()).sum();
    if lineage_rows > 0 {
        let first = first_member(&lineage)?;
        let (file, bytes, sha) =
            write_aside(dir, LINEAGE_PARTS, first, |path| write_batches(path, lineage_parts_schema(), &lineage))?;
        summary.push(record::LINEAGE, None, None, Some(&file), lineage_rows as u64, bytes, Some(&sha));
    }
    summary.finish()
}

/// The smallest member id of rows whose `member_id` column is the second (shard rows) or the
/// first (lineage rows): the part's place among a shard's parts.
fn first_member(batches: &[RecordBatch]) -> Result<i64> {
    batches
        .iter()
        .filter_map(|b| {
            let col = b.column_by_name("member_id")?;
            datafusion::arrow::compute::min(col.as_any().downcast_ref::<datafusion::arrow::array::Int64Array>()?)
        })
        .min()
        .ok_or_else(|| DataFusionError::Internal("rows without a member id".into()))
}

/// The staging subdirectory of the partitions' lineage files, merged into `lineage.parquet`
/// and removed before the dataset is published.
pub const LINEAGE_PARTS: &str = "lineage-parts";

/// Plans [`ShardWrite`] as [`ShardWriteExec`].
#[derive(Debug, Default)]
pub struct ShardWritePlanner;

#[async_trait]
impl ExtensionPlanner for ShardWritePlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        _logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        _session: &dyn Session,
        _planning_ctx: &PhysicalPlanningContext,
    ) -> Result<Option<Arc<dyn ExecutionPlan>>> {
        let Some(write) = node.as_any().downcast_ref::<ShardWrite>() else {
            return Ok(None);
        };
        match physical_inputs {
            [input] => Ok(Some(Arc::new(ShardWriteExec::new(input.clone(), write.spec.clone())))),
            _ => internal_err!("AssentShardWrite takes exactly one input"),
        }
    }
}

/// The scheduler's query planner: DataFusion's, which also plans [`ShardWrite`].
#[derive(Debug, Default)]
pub struct AssentQueryPlanner;

#[async_trait]
impl QueryPlanner for AssentQueryPlanner {
    async fn create_physical_plan(
        &self,
        logical_plan: &LogicalPlan,
        session: &dyn Session,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        DefaultPhysicalPlanner::with_extension_planners(vec![Arc::new(ShardWritePlanner)])
            .create_physical_plan(logical_plan, session)
            .await
    }
}
