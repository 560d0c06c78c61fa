//! Exact unlearning: find the shards of the live release that hold data which is no longer
//! eligible, re-export just those shards as of now, retrain them, publish a child release.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use assent_export::udf::shard_of;
use assent_export::{export, ExportConfig, Lineage, Manifest, Snapshot, Storage};
use assent_ledger::Ledger;
use assent_policy::{Purpose, Timestamp};
use assent_store::Store;

use crate::error::{Error, Result};
use crate::release::{train_shards, ReleaseManifest, Releases};

/// What the planner found.
#[derive(Debug, Clone, PartialEq)]
pub struct UnlearnPlan {
    /// The live release.
    pub release: ReleaseManifest,
    /// Members in the release whose data may no longer be eligible.
    pub members: Vec<i64>,
    /// The shards holding them: the only ones to retrain.
    pub shards: Vec<u32>,
}

/// What an unlearning run did.
#[derive(Debug, Clone, PartialEq)]
pub struct UnlearnReport {
    /// The release that was retired.
    pub retired: String,
    /// The new live release.
    pub release: ReleaseManifest,
    /// Seconds to snapshot the affected shards' members (part of `export_secs`).
    pub snapshot_secs: f64,
    /// Seconds to snapshot and re-export the affected shards.
    pub export_secs: f64,
    /// Seconds to retrain them.
    pub train_secs: f64,
    /// Seconds in all.
    pub total_secs: f64,
}

/// Finds what the live release of `purpose` must forget. `None` when nothing is pending.
pub fn plan(data_dir: &Path, store: &Store, ledger: &Ledger, purpose: Purpose) -> Result<Option<UnlearnPlan>> {
    let releases = Releases::new(data_dir);
    let Some(release) = releases.live(purpose)? else { return Ok(None) };
    let since = release
        .shards
        .iter()
        .map(|s| s.as_of)
        .min()
        .ok_or_else(|| Error::Invalid(format!("release {} has no shards", release.release_id)))?;
    let mut changed: BTreeSet<i64> = store.members_changed_since(since)?.into_iter().collect();
    // Fail closed on the ledger: any event after the data's instant that turns the purpose off.
    // The index answers from the events since then alone, without holding the database.
    ledger.refresh()?;
    changed.extend(ledger.index().opted_out_after(purpose, since));
    // A member's shard follows from their id; only the lineage of the shards that changed
    // members fall in is read, and of it only the member ids.
    let mut by_shard: BTreeMap<u32, Vec<i64>> = BTreeMap::new();
    for m in changed {
        by_shard.entry(shard_of(m, release.shard_count.get())).or_default().push(m);
    }
    let (mut members, mut shards) = (Vec::new(), Vec::new());
    for (shard, candidates) in by_shard {
        let held = releases.shard_members(&release, shard)?;
        let before = members.len();
        members.extend(candidates.into_iter().filter(|m| held.binary_search(m).is_ok()));
        if members.len() > before {
            shards.push(shard);
        }
    }
    if shards.is_empty() {
        return Ok(None);
    }
    members.sort_unstable();
    Ok(Some(UnlearnPlan { release, members, shards }))
}

/// Runs an unlearning pass's re-export of a snapshot into a new dataset directory: embedded
/// ([`embedded_export`]), or elsewhere (a cluster) by the caller's choice.
pub type Exporter<'a> = dyn Fn(&Snapshot, &Path, &ExportConfig) -> Result<Manifest> + 'a;

/// The re-export run in this process.
pub fn embedded_export(snapshot: &Snapshot, out: &Path, config: &ExportConfig) -> Result<Manifest> {
    Ok(export(snapshot, out, config, |_| {})?)
}

/// Carries out a plan: snapshot now, export only the affected shards, retrain them, publish
/// a release whose parent is the old one, and make it live (the old one stops being served).
pub fn unlearn(data_dir: &Path, store: &Store, ledger: &Ledger, plan: &UnlearnPlan) -> Result<UnlearnReport> {
    run(data_dir, store, ledger, plan, None)
}

/// [`unlearn`], with the re-export run by `exporter` (from a snapshot written to files).
pub fn unlearn_with(
    data_dir: &Path,
    store: &Store,
    ledger: &Ledger,
    plan: &UnlearnPlan,
    exporter: &Exporter<'_>,
) -> Result<UnlearnReport> {
    run(data_dir, store, ledger, plan, Some(exporter))
}

fn run(
    data_dir: &Path,
    store: &Store,
    ledger: &Ledger,
    plan: &UnlearnPlan,
    exporter: Option<&Exporter<'_>>,
) -> Result<UnlearnReport> {
    let started = Instant::now();
    // Exported in this process, a few shards' snapshot stays in memory: writing it to files and
    // reading them back cost a tenth of a pass. Many shards' (up to the whole network's) is
    // written, so that the pass holds no more than the export does; another engine reads files.
    let storage = match exporter {
        None if plan.shards.len() * 4 <= plan.release.shard_count.get() as usize => Storage::Memory,
        _ => Storage::Files,
    };
    let snapshot = snapshot_for(data_dir, store, ledger, plan, storage)?;
    let snapshot_secs = started.elapsed().as_secs_f64();
    let mut report = unlearn_snapshot(data_dir, &plan.release, &plan.shards, snapshot, exporter)?;
    report.snapshot_secs = snapshot_secs;
    report.export_secs += snapshot_secs;
    report.total_secs = started.elapsed().as_secs_f64();
    Ok(report)
}

/// A plan's snapshot as of now: the members of the affected shards alone (the rest of the
/// network is not re-exported), under `lake/snapshot-unlearn-<stamp>`. The snapshot is only a
/// means to the pass: it is removed when the returned value is dropped.
pub fn snapshot_for(
    data_dir: &Path,
    store: &Store,
    ledger: &Ledger,
    plan: &UnlearnPlan,
    storage: Storage,
) -> Result<PassSnapshot> {
    let now = Timestamp::now();
    let dir = data_dir.join("lake").join(format!("snapshot-unlearn-{}", now.stamp()));
    let scratch = Scratch(Some(dir.clone()));
    let shard_count = plan.release.shard_count.get();
    let keep = |m: i64| plan.shards.contains(&shard_of(m, shard_count));
    let snapshot = assent_export::snapshot_of(store, ledger, &dir, storage, now, &keep, |_| {})?;
    Ok(PassSnapshot { snapshot, _scratch: scratch })
}

/// An unlearning pass's snapshot, removed (files and all) when dropped.
#[derive(Debug)]
pub struct PassSnapshot {
    snapshot: Snapshot,
    _scratch: Scratch,
}

impl PassSnapshot {
    /// Its directory (of a snapshot written to files).
    pub fn dir(&self) -> &Path {
        &self.snapshot.dir
    }
}

impl std::borrow::Borrow<Snapshot> for PassSnapshot {
    fn borrow(&self) -> &Snapshot {
        &self.snapshot
    }
}

/// The rest of a pass, once its snapshot is taken: re-export `shards` of `snapshot` (by
/// `exporter`, or in this process), retrain them, and publish a child of `release` that
/// becomes live. It reads neither the store nor the ledger, so that a worker process can run it
/// (`assent unlearn-pass`). A pass that fails removes its dataset, so that retries do not pile
/// them up.
pub fn unlearn_snapshot(
    data_dir: &Path,
    release: &ReleaseManifest,
    shards: &[u32],
    snapshot: impl std::borrow::Borrow<Snapshot>,
    exporter: Option<&Exporter<'_>>,
) -> Result<UnlearnReport> {
    let started = Instant::now();
    let purpose = release.purpose;
    let as_of = snapshot.borrow().as_of()?;
    let dataset = data_dir.join("datasets").join(format!("{purpose}-unlearn-{}", as_of.stamp()));
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let config =
        ExportConfig { purpose, shards: release.shard_count.get(), threads, only_shards: Some(shards.to_vec()) };
    let manifest: Manifest = exporter.unwrap_or(&embedded_export)(snapshot.borrow(), &dataset, &config)?;
    let mut dataset_scratch = Scratch(Some(dataset.clone()));
    // Its tables may be held in memory: not through training.
    drop(snapshot);
    let export_secs = started.elapsed().as_secs_f64();

    let trained_at = Instant::now();
    let trained = train_shards(&dataset, &manifest, shards)?;
    let train_secs = trained_at.elapsed().as_secs_f64();

    // The dataset holds the retrained shards alone; the others' lineage is the parent's.
    let lineage = Lineage::open(&dataset)?;
    let new = Releases::new(data_dir).publish(
        purpose,
        Some(release),
        &dataset,
        &manifest,
        trained,
        train_secs,
        lineage,
        "unlearn",
    )?;
    dataset_scratch.0 = None;
    Ok(UnlearnReport {
        retired: release.release_id.clone(),
        release: new,
        snapshot_secs: 0.0,
        export_secs,
        train_secs,
        total_secs: started.elapsed().as_secs_f64(),
    })
}

/// A directory removed when dropped, unless its path was taken out first.
#[derive(Debug)]
struct Scratch(Option<std::path::PathBuf>);

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(dir) = self.0.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
