//! `assent train`, `assent releases`, `assent unlearn`, `assent member report` and
//! `assent audit exposure`: releases, unlearning, transparency and the leakage audit.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use assent_ledger::Ledger;
use assent_policy::Purpose;
use assent_release::{ReleaseManifest, Releases};
use assent_store::Store;
use clap::{Args, Subcommand};

use crate::{paths, Common};

/// Options of `assent train`.
#[derive(Args)]
pub struct TrainArgs {
    /// The dataset directory to train from (one model per shard).
    #[arg(long)]
    dataset: PathBuf,
    #[command(flatten)]
    common: Common,
}

/// Options of `assent releases`.
#[derive(Args)]
pub struct ReleasesArgs {
    /// Print JSON (one manifest per release) instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    common: Common,
}

/// Options of `assent unlearn`.
#[derive(Args)]
pub struct UnlearnArgs {
    /// Retrain the shards of the live releases that hold data no longer eligible.
    #[arg(long, required = true)]
    pending: bool,
    /// Only show what would be retrained.
    #[arg(long)]
    dry_run: bool,
    /// The re-export on a cluster (the data directory must be on a file system every executor
    /// shares, at the same path).
    #[cfg(feature = "cluster")]
    #[command(flatten)]
    cluster: crate::corpus::ClusterArgs,
    #[command(flatten)]
    common: Common,
}

/// Options of `assent unlearn-pass`, which `assent serve` runs for each unlearning pass once it
/// has taken the pass's snapshot.
#[derive(Args)]
pub struct UnlearnPassArgs {
    /// The live release the pass replaces.
    #[arg(long)]
    release: String,
    /// The shards to retrain.
    #[arg(long, value_delimiter = ',', required = true)]
    shards: Vec<u32>,
    /// The pass's snapshot of those shards' members.
    #[arg(long)]
    snapshot: PathBuf,
    #[command(flatten)]
    common: Common,
}

/// `assent member …`.
#[derive(Subcommand)]
pub enum MemberCommand {
    /// Which of a member's items are in which dataset and release, and since when they are gone.
    Report {
        /// The member id.
        #[arg(long)]
        member: i64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        common: Common,
    },
}

/// `assent audit …`.
#[derive(Subcommand)]
pub enum AuditCommand {
    /// Canary exposure (Carlini et al. 2019) of a release's writing model.
    Exposure {
        /// The release id (default: the live `train-genai` release).
        #[arg(long)]
        release: Option<String>,
        /// The canary file (default: `DATA/canaries.json`).
        #[arg(long)]
        canaries: Option<PathBuf>,
        /// Print one JSON object per canary.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        common: Common,
    },
}

fn describe(r: &ReleaseManifest) -> String {
    let ppl = r.heldout_perplexity.map_or("-".to_string(), |p| format!("{p:.1}"));
    format!(
        "{}  {:<11}  {} shards (retrained {:?})  trained in {:.1} s  held-out perplexity {ppl}  parent {}",
        r.release_id,
        r.purpose,
        r.shard_count,
        r.retrained_shards,
        r.training_secs,
        r.parent.as_deref().unwrap_or("-")
    )
}

pub fn train(args: TrainArgs) -> Result<()> {
    let started = Instant::now();
    let r = assent_release::train(&args.common.data_dir, &args.dataset)
        .with_context(|| format!("training from {}", args.dataset.display()))?;
    println!("release {} is live ({:.1} s)\n{}", r.release_id, started.elapsed().as_secs_f64(), describe(&r));
    Ok(())
}

pub fn releases(args: ReleasesArgs) -> Result<()> {
    let releases = Releases::new(&args.common.data_dir);
    let all = releases.list()?;
    let live: Vec<String> =
        Purpose::ALL.iter().filter_map(|p| releases.live(*p).ok().flatten()).map(|r| r.release_id).collect();
    if args.json {
        let values: Vec<serde_json::Value> = all
            .iter()
            .map(|r| {
                let mut v = serde_json::to_value(r).expect("manifests serialise");
                v["live"] = serde_json::Value::Bool(live.contains(&r.release_id));
                v
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&values)?);
        return Ok(());
    }
    if all.is_empty() {
        println!("no releases yet (assent train --dataset DIR)");
    }
    for r in &all {
        println!("{} {}", if live.contains(&r.release_id) { "LIVE   " } else { "retired" }, describe(r));
    }
    Ok(())
}

pub fn unlearn(args: UnlearnArgs) -> Result<()> {
    let dir = &args.common.data_dir;
    let store = Store::open(args.common.store()?)?;
    let ledger = Ledger::open(args.common.ledger()?)?;
    let mut any = false;
    for purpose in Purpose::ALL {
        let planning = std::time::Instant::now();
        let Some(plan) = assent_release::plan(dir, &store, &ledger, purpose)? else { continue };
        any = true;
        println!(
            "{purpose}: release {} must forget {} member(s): retraining shards {:?} of {} (planned in {:.2} s)",
            plan.release.release_id,
            plan.members.len(),
            plan.shards,
            plan.release.shard_count,
            planning.elapsed().as_secs_f64()
        );
        if args.dry_run {
            continue;
        }
        #[cfg(feature = "cluster")]
        let report = match &args.cluster.url {
            Some(url) => {
                let exporter = crate::corpus::cluster_exporter(url, args.cluster.partitions)?;
                assent_release::unlearn_with(dir, &store, &ledger, &plan, &exporter)?
            }
            None => assent_release::unlearn(dir, &store, &ledger, &plan)?,
        };
        #[cfg(not(feature = "cluster"))]
        let report = assent_release::unlearn(dir, &store, &ledger, &plan)?;
        println!(
            "{purpose}: release {} retired, {} live — {:.2} s (re-export {:.2} s of which snapshot {:.2} s, \
             training {:.2} s)",
            report.retired,
            report.release.release_id,
            report.total_secs,
            report.export_secs,
            report.snapshot_secs,
            report.train_secs
        );
    }
    if !any {
        println!("nothing to unlearn: no live release holds data that is no longer eligible");
    }
    Ok(())
}

/// Re-exports, retrains and publishes one unlearning pass from the snapshot its server took,
/// then prints an `assent_server::ai::WorkerReport` as one line of JSON. It stops, publishing
/// nothing, if the server that started it goes away: no pass outlives its leader.
pub fn unlearn_pass(args: UnlearnPassArgs) -> Result<()> {
    let parent = std::os::unix::process::parent_id();
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_millis(200));
        if std::os::unix::process::parent_id() != parent {
            eprintln!("error: the server that started this unlearning pass is gone");
            std::process::exit(3);
        }
    });
    let dir = &args.common.data_dir;
    let releases = Releases::new(dir);
    let release = releases.get(&args.release)?;
    if releases.live_id(release.purpose)?.as_deref() != Some(args.release.as_str()) {
        bail!("release {} is no longer live: nothing to unlearn from it", args.release);
    }
    let snapshot = assent_release::Snapshot::open(&args.snapshot)?;
    let report = assent_release::unlearn_snapshot(dir, &release, &args.shards, snapshot, None)?;
    let out = assent_server::ai::WorkerReport {
        release: report.release,
        export_secs: report.export_secs,
        train_secs: report.train_secs,
    };
    println!("{}", serde_json::to_string(&out)?);
    Ok(())
}

pub fn member(cmd: MemberCommand) -> Result<()> {
    let MemberCommand::Report { member, json, common } = cmd;
    let report = assent_release::member_report(&common.data_dir, member)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    println!("member {member}: datasets");
    for d in &report.datasets {
        println!(
            "  {} {:<11} as of {}: {}",
            d.dataset_id,
            d.purpose,
            d.as_of,
            if d.included {
                format!("{} item(s): {}", d.items.len(), d.items.join(", "))
            } else {
                "not included".into()
            }
        );
    }
    println!("member {member}: releases");
    for r in &report.releases {
        let state = if r.live { "live" } else { "retired" };
        let used = if r.included {
            format!("{} item(s) in shard {}", r.items.len(), r.shard.unwrap_or_default())
        } else {
            "not included".into()
        };
        let removed =
            if r.removed.is_empty() { String::new() } else { format!("; removed here: {}", r.removed.join(", ")) };
        println!("  {} {:<11} ({state}): {used}{removed}", r.release_id, r.purpose);
    }
    Ok(())
}

pub fn audit(cmd: AuditCommand) -> Result<()> {
    let AuditCommand::Exposure { release, canaries, json, common } = cmd;
    let dir = &common.data_dir;
    let release = match release {
        Some(r) => r,
        None => {
            Releases::new(dir)
                .live(Purpose::TrainGenai)?
                .context("no live train-genai release; pass --release")?
                .release_id
        }
    };
    let file = canaries.unwrap_or_else(|| paths::canaries(dir));
    let canaries = assent_release::read_canaries(&file)?;
    if canaries.is_empty() {
        bail!("{} holds no canaries", file.display());
    }
    let results = assent_release::audit_exposure(dir, &release, &canaries)?;
    if json {
        for r in &results {
            println!("{}", serde_json::to_string(r)?);
        }
        return Ok(());
    }
    println!(
        "exposure of {} canaries under release {release} (|R| = {}, chance ≈ 1 bit, max {:.1} bits)",
        results.len(),
        results[0].candidates,
        (results[0].candidates as f64).log2()
    );
    println!(
        "{:>8}  {:<10}  {:<10}  {:>9}  {:>10}  {:>5}  {:>14}",
        "owner", "setting", "in release", "exposure", "rank", "shard", "shard exposure"
    );
    for r in &results {
        println!(
            "{:>8}  {:<10}  {:<10}  {:>7.2} b  {:>10}  {:>5}  {:>12.2} b",
            r.owner,
            if r.owner_opted_out { "opted out" } else { "opted in" },
            if r.owner_in_release { "yes" } else { "no" },
            r.exposure_bits,
            r.rank,
            r.owner_shard,
            r.shard_exposure_bits
        );
    }
    let mean = |out: bool, f: fn(&assent_release::CanaryExposure) -> f64| {
        let v: Vec<f64> = results.iter().filter(|r| r.owner_opted_out == out).map(f).collect();
        if v.is_empty() {
            f64::NAN
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    println!(
        "mean exposure: opted in {:.2} bits (own shard {:.2}), opted out {:.2} bits (own shard {:.2}); chance ≈ 1.44",
        mean(false, |r| r.exposure_bits),
        mean(false, |r| r.shard_exposure_bits),
        mean(true, |r| r.exposure_bits),
        mean(true, |r| r.shard_exposure_bits)
    );
    Ok(())
}
