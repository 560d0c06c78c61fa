//! `assent export --cluster df://HOST:PORT`: the export plan of `assent_export`, run on a
//! Ballista cluster whose executors write the shards themselves.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use assent_export::datafusion_reexports::ParquetRecordBatchReader;
use assent_export::{
    configure, plan_sql, publish, register, shard_dir_name, ExportConfig, Manifest, Outcome, PartEntry, ShardEntry,
    Snapshot, Staging,
};
use ballista::extension::{SessionConfigExt, SessionContextExt};
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Int32Type, Int8Type, UInt64Type};
use datafusion::dataframe::DataFrame;
use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};

use crate::codec::{AssentLogicalCodec, AssentPhysicalCodec};
use crate::write::{record, summary_schema, ShardWrite, WriteSpec, LINEAGE_PARTS};
use crate::Error;

/// How many times the export job is submitted before the export fails.
const JOB_ATTEMPTS: u32 = 3;

/// Exports `snapshot` into the new dataset directory `out` on the cluster whose scheduler is at
/// `url` (`df://host:port`), in `partitions` tasks. The snapshot and `out`'s parent must be on a
/// file system every executor reads and writes at the same path.
pub async fn export(
    url: &str,
    snapshot: &Snapshot,
    out: &Path,
    config: &ExportConfig,
    partitions: usize,
) -> Result<Manifest, Error> {
    let sql = plan_sql(snapshot, config)?;
    let staging = Staging::new(out)?;
    let dir = std::path::absolute(&staging.dir).map_err(|e| Error::Io(staging.dir.clone(), e))?;
    let spec = WriteSpec { dir: dir.to_string_lossy().into_owned(), shards: config.shards };

    let mut session = configure(SessionConfig::new_with_ballista().with_target_partitions(partitions.max(1)));
    // As many tasks as asked for, however small the lake.
    session.options_mut().optimizer.repartition_file_min_size = 0;
    let session = session
        .with_ballista_logical_extension_codec(Arc::new(AssentLogicalCodec::default()))
        .with_ballista_physical_extension_codec(Arc::new(AssentPhysicalCodec::default()))
        .with_ballista_job_name("assent export")
        // Ballista 55's adaptive planner left the job hanging when an executor died mid-stage
        // (its rollback lost track of the stage); the static planner reruns the lost tasks.
        .with_ballista_adaptive_query_planner(false);
    let state = SessionStateBuilder::new().with_config(session).with_default_features().build();
    let ctx = SessionContext::remote_with_state(url, state).await.map_err(|e| Error::cluster(url, e))?;
    register(&ctx, snapshot).await?;
    let (state, plan) = ctx.sql(&sql).await?.into_parts();
    let plan = ShardWrite::new(plan, spec)?.into_plan();
    // A full export reads every item of the snapshot exactly once.
    let expected = config.only_shards.is_none().then_some(snapshot.info.items);
    // A job can fail after its tasks succeeded, when the executor holding a task's report died
    // before the client fetched it; and when an executor dies mid-job, Ballista may rerun a stage
    // and hand a task some rows twice, which the report's item count shows. Running the job
    // again rewrites the same content-named files and completes on the executors left.
    let mut attempt = 1;
    let outcome = loop {
        let result = match DataFrame::new(state.clone(), plan.clone()).collect().await {
            Ok(summary) => gather(&dir, config, &summary, expected),
            Err(e) => Err(Error::cluster(url, e)),
        };
        match result {
            Ok(outcome) => break outcome,
            Err(e @ (Error::Cluster { .. } | Error::Summary(_))) if attempt < JOB_ATTEMPTS => {
                tracing::warn!("export job on {url} failed (attempt {attempt} of {JOB_ATTEMPTS}): {e}");
                tokio::time::sleep(std::time::Duration::from_secs(2 * u64::from(attempt))).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    };
    publish(staging, snapshot, config, outcome).map_err(Error::from)
}

/// What the partitions reported, checked against what is on disk.
fn gather(dir: &Path, config: &ExportConfig, summary: &[RecordBatch], expected: Option<u64>) -> Result<Outcome, Error> {
    let mut outcome = Outcome::default();
    let mut parts: BTreeMap<u32, BTreeMap<String, PartEntry>> = BTreeMap::new();
    let mut lineage_files = Vec::new();
    let mut verdicts: Vec<u64> = Vec::new();
    let mut unknown = 0u64;
    // Each task answers with one batch, keyed by what it read. A task rerun after an executor
    // died may be reported again: the same report (its files are named after their content) is
    // taken once; two different reports of one read are an error.
    let mut reports: BTreeMap<String, &RecordBatch> = BTreeMap::new();
    for batch in summary.iter().filter(|b| b.num_rows() > 0) {
        if batch.schema().fields() != summary_schema().fields() {
            return Err(Error::Summary(format!("unexpected summary columns {:?}", batch.schema())));
        }
        let task = batch.column(1).as_string::<i32>();
        let t = task.value(0).to_string();
        if task.iter().any(|q| q != Some(t.as_str())) {
            return Err(Error::Summary("one report for several tasks".into()));
        }
        match reports.get(&t) {
            Some(seen) if *seen == batch => {}
            Some(_) => return Err(Error::Summary(format!("two different reports of task {t}"))),
            None => {
                reports.insert(t, batch);
            }
        }
    }
    let tasks: Vec<String> = reports.keys().take(32).cloned().collect();
    let mut read = 0u64;
    for t in reports.keys() {
        let count = t.split_once('+').and_then(|(_, n)| n.parse::<u64>().ok());
        read += count.ok_or_else(|| Error::Summary(format!("a task named {t:?}")))?;
    }
    for batch in reports.into_values() {
        let records = batch.column(0).as_string::<i32>();
        let task = batch.column(1).as_string::<i32>();
        let shard = batch.column(2).as_primitive::<Int32Type>();
        let verdict = batch.column(3).as_primitive::<Int8Type>();
        let file = batch.column(4).as_string::<i32>();
        let rows = batch.column(5).as_primitive::<UInt64Type>();
        let bytes = batch.column(6).as_primitive::<UInt64Type>();
        let sha = batch.column(7).as_string::<i32>();
        for i in 0..batch.num_rows() {
            let t = task.value(i);
            let bad = |what: &str| Error::Summary(format!("task {t}: {what}"));
            let file_of = |what: &str| file.is_valid(i).then(|| file.value(i)).ok_or_else(|| bad(what));
            match records.value(i) {
                record::PART => {
                    let s = u32::try_from(shard.value(i))
                        .ok()
                        .filter(|s| *s < config.shards && !shard.is_null(i))
                        .ok_or_else(|| bad("a part of no shard"))?;
                    let f = file_of("a part with no file")?;
                    check_file(dir, f, bytes.value(i))?;
                    let entry =
                        PartEntry { file: f.to_string(), rows: rows.value(i), sha256: sha.value(i).to_string() };
                    if parts.entry(s).or_default().insert(f.to_string(), entry).is_some() {
                        return Err(bad(&format!("{f} reported twice")));
                    }
                }
                record::LINEAGE => {
                    let f = file_of("lineage with no file")?;
                    check_file(dir, f, bytes.value(i))?;
                    lineage_files.push(dir.join(f));
                }
                record::VERDICT => {
                    let code = usize::try_from(verdict.value(i)).map_err(|_| bad("a negative verdict"))?;
                    if verdicts.len() <= code {
                        verdicts.resize(code + 1, 0);
                    }
                    verdicts[code] += rows.value(i);
                }
                record::UNKNOWN_MEMBERS => unknown += rows.value(i),
                other => return Err(bad(&format!("unknown record {other:?}"))),
            }
        }
    }
    let decided = verdicts.iter().sum::<u64>() + unknown;
    if decided != read || expected.is_some_and(|n| n != read) {
        return Err(Error::Summary(format!(
            "the tasks read {read} items and decided {decided}{} (tasks, as first item+items: {})",
            expected.map_or(String::new(), |n| format!("; the snapshot holds {n}")),
            tasks.join(", ")
        )));
    }
    outcome.count(&verdicts, unknown)?;

    // Only what the partitions reported stays: a dead attempt's leftovers are removed.
    let listed: BTreeSet<PathBuf> = parts.values().flat_map(|p| p.values()).map(|e| dir.join(&e.file)).collect();
    let scope: Vec<u32> = config.only_shards.clone().unwrap_or_else(|| (0..config.shards).collect());
    for entry in std::fs::read_dir(dir).map_err(|e| Error::Io(dir.to_path_buf(), e))? {
        let path = entry.map_err(|e| Error::Io(dir.to_path_buf(), e))?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() && name.starts_with("shard-") {
            for part in std::fs::read_dir(&path).map_err(|e| Error::Io(path.clone(), e))? {
                let part = part.map_err(|e| Error::Io(path.clone(), e))?.path();
                if !listed.contains(&part) {
                    std::fs::remove_file(&part).map_err(|e| Error::Io(part.clone(), e))?;
                }
            }
        }
    }
    for s in &scope {
        let shard_dir = dir.join(shard_dir_name(*s));
        std::fs::create_dir_all(&shard_dir).map_err(|e| Error::Io(shard_dir.clone(), e))?;
        let entries = parts.remove(s).map(|p| p.into_values().collect()).unwrap_or_default();
        outcome.entries.push(ShardEntry::of_parts(*s, entries));
    }
    if let Some(s) = parts.keys().next() {
        return Err(Error::Summary(format!("rows written for shard {s}, which this export does not cover")));
    }

    // The parts are read on every core, and kept in the order of their names.
    lineage_files.sort();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let read = |f: &PathBuf| -> Result<Vec<RecordBatch>, Error> {
        let file = std::fs::File::open(f).map_err(|e| Error::Io(f.clone(), e))?;
        let reader = ParquetRecordBatchReader::try_new(file, 64 * 1024)
            .map_err(|e| Error::Summary(format!("{}: {e}", f.display())))?;
        reader.map(|b| b.map_err(|e| Error::Summary(format!("{}: {e}", f.display())))).collect()
    };
    let chunks: Vec<Result<Vec<RecordBatch>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = lineage_files
            .chunks(lineage_files.len().div_ceil(threads).max(1))
            .map(|files| scope.spawn(move || files.iter().map(read).collect::<Result<Vec<_>, _>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("lineage reader panicked").map(|v| v.into_iter().flatten().collect()))
            .collect()
    });
    for batches in chunks {
        outcome.lineage.extend(batches?);
    }
    let lineage_dir = dir.join(LINEAGE_PARTS);
    if lineage_dir.exists() {
        std::fs::remove_dir_all(&lineage_dir).map_err(|e| Error::Io(lineage_dir.clone(), e))?;
    }
    Ok(outcome)
}

/// Fails unless `file` (relative to `dir`) is a regular file of `bytes` bytes.
fn check_file(dir: &Path, file: &str, bytes: u64) -> Result<(), Error> {
    let rel = Path::new(file);
    if rel.is_absolute() || rel.components().any(|c| matches!(c, std::path::Component::ParentDir)) {
        return Err(Error::Summary(format!("{file}: a file outside the dataset")));
    }
    let path = dir.join(rel);
    let meta = std::fs::metadata(&path).map_err(|e| Error::Io(path.clone(), e))?;
    if !meta.is_file() || meta.len() != bytes {
        return Err(Error::Summary(format!(
            "{}: {} bytes on disk, {bytes} reported by the executor that wrote it",
            path.display(),
            meta.len()
        )));
    }
    Ok(())
}
