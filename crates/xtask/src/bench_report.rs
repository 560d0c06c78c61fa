//! `bench-report`: the cost of one member's "Your data and AI" report (the body of
//! `GET /api/v1/me/ai-data` and of the `/me/ai-data` page) on a data directory holding the
//! lineage of a large network in several datasets and a chain of releases. It times the report
//! as Assent builds it (only the row groups of each lineage file that can hold the member) and,
//! as the peer in the same run, the former way: every lineage file loaded whole.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use assent_export::udf::shard_of;
use assent_export::Lineage;
use assent_policy::mix::SplitMix64;
use serde_json::json;

const SHARDS: u32 = 16;

fn write(path: &Path, value: &serde_json::Value) -> Result<()> {
    std::fs::write(path, serde_json::to_string_pretty(value)?).with_context(|| format!("writing {}", path.display()))
}

/// The old report: every dataset's and release's lineage (and each parent's) loaded whole.
fn report_loading_everything(data: &Path, member: i64, releases: &[String]) -> Result<usize> {
    let mut found = 0;
    let mut dirs: Vec<_> =
        std::fs::read_dir(data.join("datasets"))?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    dirs.sort();
    for d in dirs {
        found += Lineage::open(&d)?.items(member).len();
    }
    for (i, r) in releases.iter().enumerate() {
        found += Lineage::open(&data.join("releases").join(r))?.items(member).len();
        if i > 0 {
            found += Lineage::open(&data.join("releases").join(&releases[i - 1]))?.items(member).len();
        }
    }
    Ok(found)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

pub fn run(args: &[String]) -> Result<()> {
    let (mut members, mut releases, mut datasets, mut views) = (1_000_000i64, 30usize, 2usize, 200usize);
    let mut work = std::path::PathBuf::from("target/bench-report");
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--members" => members = value.parse()?,
            "--releases" => releases = value.parse()?,
            "--datasets" => datasets = value.parse()?,
            "--views" => views = value.parse()?,
            "--work" => work = value.into(),
            other => anyhow::bail!("unknown flag {other}"),
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    let data = work.join("data");
    std::fs::create_dir_all(data.join("datasets"))?;
    std::fs::create_dir_all(data.join("releases"))?;

    // One lineage: every member with 0 to 15 items, in the shard their id hashes to.
    let started = Instant::now();
    let mut rng = SplitMix64::new(7);
    let mut lineage = Lineage::default();
    let mut rows = 0u64;
    for m in 1..=members {
        let n = rng.index(16) as i64;
        if n > 0 {
            lineage.insert(m, shard_of(m, SHARDS), (0..n).map(|i| (m * 16 + i).to_string()).collect());
            rows += n as u64;
        }
    }
    let master = work.join("lineage.parquet");
    lineage.write(&master)?;
    drop(lineage);
    let size = std::fs::metadata(&master)?.len();
    eprintln!(
        "lineage of {members} members, {rows} rows, {:.1} MB, written in {:.1} s",
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    // The same lineage in every dataset and release (hard links: the content is what is read).
    for d in 0..datasets {
        let dir = data.join("datasets").join(format!("d-{d:02}"));
        std::fs::create_dir_all(&dir)?;
        std::fs::hard_link(&master, dir.join("lineage.parquet"))?;
        write(
            &dir.join("manifest.json"),
            &json!({"dataset_id": format!("{d:016x}"), "as_of": "2026-11-01T00:00:00Z",
                "purpose": if d % 2 == 0 { "train-genai" } else { "train-ai" }, "policy_version": "2025-11-03",
                "shard_count": SHARDS, "shards": [], "included_by_kind": {}, "excluded_by_reason": {},
                "members": members, "snapshot": "lake/snapshot", "lineage": "lineage.parquet"}),
        )?;
    }
    let ids: Vec<String> = (0..releases).map(|r| format!("r-20261101T{:06}000000Z", r)).collect();
    for (r, id) in ids.iter().enumerate() {
        let dir = data.join("releases").join(id);
        std::fs::create_dir_all(&dir)?;
        std::fs::hard_link(&master, dir.join("lineage.parquet"))?;
        write(
            &dir.join("manifest.json"),
            &json!({"release_id": id, "parent": if r == 0 { None } else { Some(&ids[r - 1]) },
                "purpose": "train-genai", "created_at": "2026-11-01T00:00:00Z", "shard_count": SHARDS,
                "shards": [], "retrained_shards": [], "training_secs": 0.0, "heldout_perplexity": null,
                "reason": if r == 0 { "train" } else { "unlearn" }}),
        )?;
    }
    std::fs::write(data.join("releases/LIVE-train-genai"), ids.last().context("at least one release")?)?;

    // The report as Assent builds it: the first view of the process parses each lineage footer
    // once; the following views, for members spread over the id range, read row groups only.
    let t = Instant::now();
    assent_release::member_report(&data, 1)?;
    println!("member report, first view of the process (footers parsed): {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let mut times = Vec::with_capacity(views);
    let mut items = 0usize;
    for v in 0..views {
        let member = 1 + (v as i64 * 7_919) % members;
        let t = Instant::now();
        let report = assent_release::member_report(&data, member)?;
        times.push(t.elapsed().as_secs_f64() * 1e3);
        items += report.datasets.iter().map(|d| d.items.len()).sum::<usize>();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "member report, {members} members, {datasets} datasets, {releases} releases ({views} members): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({items} dataset items found)",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times[times.len() - 1]
    );

    // The former report, loading every lineage whole, for one member.
    let t = Instant::now();
    let found = report_loading_everything(&data, 1 + members / 2, &ids)?;
    println!(
        "former report (every lineage loaded whole), one member: {:.0} ms ({found} item entries)",
        t.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}
