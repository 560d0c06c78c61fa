//! `assent snapshot` and `assent export`: the lake snapshot and the training corpus.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use assent_export::{ExportConfig, Manifest, Snapshot};
use assent_ledger::Ledger;
use assent_policy::{Purpose, Timestamp};
use assent_store::Store;
use clap::Args;

use crate::Common;

/// An instant on the command line: RFC 3339, or `now`.
#[derive(Clone, Copy, Debug)]
pub struct AsOf(pub Timestamp);

pub fn parse_as_of(s: &str) -> Result<AsOf, String> {
    if s == "now" {
        return Ok(AsOf(Timestamp::now()));
    }
    Timestamp::parse_rfc3339(s).map(AsOf).map_err(|e| format!("{e}, or `now`"))
}

/// Options of `assent snapshot`.
#[derive(Args)]
pub struct SnapshotArgs {
    /// The instant the snapshot describes (RFC 3339 or `now`).
    #[arg(long, value_parser = parse_as_of, default_value = "now")]
    as_of: AsOf,
    /// Where to write it; default `DATA/lake/snapshot-<as-of>`.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

/// Options of `assent export`.
#[derive(Args)]
pub struct ExportArgs {
    /// The instant the dataset describes (RFC 3339 or `now`).
    #[arg(long, value_parser = parse_as_of, default_value = "now")]
    as_of: AsOf,
    /// `train-genai` (writing assistant) or `train-ai` (suggestions).
    #[arg(long, value_parser = crate::consent::parse_purpose, default_value = "train-genai")]
    purpose: Purpose,
    /// Number of shards (all of one member's items land in one shard).
    #[arg(long, default_value_t = 16)]
    shards: u32,
    /// The dataset directory to create (never overwritten).
    #[arg(long)]
    out: PathBuf,
    /// Export from this existing snapshot instead of taking a new one (its as-of instant applies).
    #[arg(long, conflicts_with = "as_of")]
    snapshot: Option<PathBuf>,
    /// Query-engine threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    #[cfg(feature = "cluster")]
    #[command(flatten)]
    cluster: ClusterArgs,
    #[command(flatten)]
    common: Common,
}

/// Where an export runs when not in this process.
#[cfg(feature = "cluster")]
#[derive(Args)]
pub struct ClusterArgs {
    /// Run the export on the Ballista cluster whose scheduler is at this URL (`df://HOST:PORT`;
    /// see `assent cluster`). The lake and the output must be on a file system every executor
    /// shares, at the same paths.
    #[arg(long = "cluster", value_name = "URL")]
    pub url: Option<String>,
    /// On a cluster: how many tasks the plan is split into (each writes one part per shard).
    #[arg(long, default_value_t = 8, requires = "url")]
    pub partitions: usize,
}

fn bar(len: u64, what: &str) -> indicatif::ProgressBar {
    indicatif::ProgressBar::new(len).with_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{{spinner}} {what} {{pos}}/{{len}} items [{{bar:40}}] {{per_sec}}"
        ))
        .expect("valid template"),
    )
}

/// Takes a snapshot of a network as of `as_of` into `out` (or the data directory's lake).
pub fn take_snapshot(common: &Common, as_of: Timestamp, out: Option<PathBuf>) -> Result<Snapshot> {
    let data_dir = &common.data_dir;
    let store = Store::open(common.store()?)?;
    let ledger = Ledger::open(common.ledger()?)?;
    let out =
        out.unwrap_or_else(|| data_dir.join("lake").join(format!("snapshot-{}-{}", as_of.stamp(), std::process::id())));
    let bar = bar(0, "snapshot");
    let snap = assent_export::snapshot(&store, &ledger, &out, as_of, |n| {
        bar.set_length(n);
        bar.set_position(n)
    })
    .with_context(|| format!("taking a snapshot of {} as of {as_of}", common.network()))?;
    bar.finish_and_clear();
    Ok(snap)
}

pub fn snapshot(args: SnapshotArgs) -> Result<()> {
    let started = Instant::now();
    let snap = take_snapshot(&args.common, args.as_of.0, args.out)?;
    println!(
        "snapshot {} as of {}: {} members, {} items, {} consent events, {} policy versions ({:.1} s)",
        snap.dir.display(),
        snap.info.as_of,
        snap.info.members,
        snap.info.items,
        snap.info.consent_events,
        snap.info.policies,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Exports a dataset; returns its manifest.
pub fn run_export(
    snapshot: &Snapshot,
    out: &Path,
    purpose: Purpose,
    shards: u32,
    threads: Option<usize>,
) -> Result<Manifest> {
    let threads = threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let config = ExportConfig { purpose, shards, threads, only_shards: None };
    let bar = bar(snapshot.info.items, "export");
    let manifest = assent_export::export(snapshot, out, &config, |n| bar.set_position(n))
        .with_context(|| format!("exporting {} to {}", snapshot.dir.display(), out.display()))?;
    bar.finish_and_clear();
    Ok(manifest)
}

pub fn export(args: ExportArgs) -> Result<()> {
    let started = Instant::now();
    if args.out.exists() {
        anyhow::bail!("{} already exists; exports never overwrite a dataset, choose another --out", args.out.display());
    }
    let snap = match &args.snapshot {
        Some(dir) => Snapshot::open(dir)?,
        None => take_snapshot(&args.common, args.as_of.0, None)?,
    };
    #[cfg(feature = "cluster")]
    let manifest = match &args.cluster.url {
        Some(url) => export_on_cluster(url, &snap, &args, args.cluster.partitions)?,
        None => run_export(&snap, &args.out, args.purpose, args.shards, args.threads)?,
    };
    #[cfg(not(feature = "cluster"))]
    let manifest = run_export(&snap, &args.out, args.purpose, args.shards, args.threads)?;
    let excluded: u64 = manifest.excluded_by_reason.values().sum();
    println!(
        "dataset {} ({}) as of {}: {} items of {} members in {} shards, {} excluded ({}), policy {} — {:.1} s",
        manifest.dataset_id,
        args.out.display(),
        manifest.as_of,
        manifest.included(),
        manifest.members,
        manifest.shards.len(),
        excluded,
        manifest
            .excluded_by_reason
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(r, n)| format!("{r} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        manifest.policy_version.as_deref().unwrap_or("none in force"),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The export on the Ballista cluster at `url` (`df://HOST:PORT`), in `partitions` tasks.
#[cfg(feature = "cluster")]
pub fn cluster_exporter(
    url: &str,
    partitions: usize,
) -> Result<impl Fn(&Snapshot, &Path, &ExportConfig) -> assent_release::Result<Manifest>> {
    if !url.starts_with("df://") {
        anyhow::bail!("--cluster {url}: expected df://HOST:PORT");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let url = url.to_string();
    Ok(move |snapshot: &Snapshot, out: &Path, config: &ExportConfig| {
        runtime
            .block_on(assent_cluster::export(&url, snapshot, out, config, partitions))
            .map_err(|e| assent_release::Error::Elsewhere(e.to_string()))
    })
}

#[cfg(feature = "cluster")]
fn export_on_cluster(url: &str, snapshot: &Snapshot, args: &ExportArgs, partitions: usize) -> Result<Manifest> {
    let config = ExportConfig { purpose: args.purpose, shards: args.shards, threads: partitions, only_shards: None };
    cluster_exporter(url, partitions)?(snapshot, &args.out, &config)
        .with_context(|| format!("exporting {} to {} on {url}", snapshot.dir.display(), args.out.display()))
}
