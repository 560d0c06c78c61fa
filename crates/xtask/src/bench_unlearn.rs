//! `bench-unlearn`: time to unlearn one member (retraining only their shard) against a full
//! retrain of the same release, with the held-out perplexity of both.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::{ensure, Context, Result};
use assent_export::Lineage;

use crate::bench_export::assent_binary;

fn timed(cmd: &mut Command) -> Result<f64> {
    Ok(timed_output(cmd)?.0)
}

/// Runs `cmd`; returns its wall time and standard output.
fn timed_output(cmd: &mut Command) -> Result<(f64, String)> {
    let started = Instant::now();
    let out = cmd.output().with_context(|| format!("running {cmd:?}"))?;
    ensure!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    Ok((started.elapsed().as_secs_f64(), String::from_utf8_lossy(&out.stdout).into_owned()))
}

fn live(data: &std::path::Path) -> Result<serde_json::Value> {
    let id = std::fs::read_to_string(data.join("releases/LIVE-train-genai"))?;
    let text = std::fs::read_to_string(data.join("releases").join(id.trim()).join("manifest.json"))?;
    Ok(serde_json::from_str(&text)?)
}

pub fn run(args: &[String]) -> Result<()> {
    let mut members = 100_000u32;
    let mut runs = 3usize;
    let mut work = PathBuf::from("target/bench-unlearn");
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--members" => members = value.parse()?,
            "--runs" => runs = value.parse()?,
            "--work" => work = PathBuf::from(value),
            other => anyhow::bail!("unknown flag {other}"),
        }
    }
    ensure!(runs >= 1, "--runs must be at least 1");
    let assent = assent_binary()?;
    let _ = std::fs::remove_dir_all(&work);
    let data = work.join("data");
    timed(
        Command::new(&assent).args(["seed", "--members", &members.to_string(), "--seed", "3", "--data-dir"]).arg(&data),
    )?;
    let export = |out: &std::path::Path| -> Result<f64> {
        timed(
            Command::new(&assent)
                .args(["export", "--purpose", "train-genai", "--shards", "16", "--data-dir"])
                .arg(&data)
                .arg("--out")
                .arg(out),
        )
    };
    let d1 = data.join("datasets/full-1");
    export(&d1)?;
    let train1 = timed(Command::new(&assent).args(["train", "--data-dir"]).arg(&data).arg("--dataset").arg(&d1))?;
    let first = live(&data)?;
    println!("bench-unlearn: {members} members, 16 shards, {runs} run(s)");
    println!(
        "  initial training: {train1:.2} s (process), {:.2} s training",
        first["training_secs"].as_f64().unwrap_or(0.0)
    );

    // Each run: one member of the live release opts out and is unlearned; then, for comparison,
    // the same release is retrained in full from a fresh export (and becomes the next run's).
    let lineage = Lineage::open(&d1)?;
    let ids = lineage.member_ids();
    let ppl = |v: &serde_json::Value| v["heldout_perplexity"].as_f64().unwrap_or(f64::NAN);
    let mut ratios = Vec::new();
    for run in 0..runs {
        let member = ids[(ids.len() / 2 + run * 7919) % ids.len()];
        let before = live(&data)?;
        timed(
            Command::new(&assent)
                .args([
                    "consent",
                    "set",
                    "--member",
                    &member.to_string(),
                    "--purpose",
                    "train-genai",
                    "off",
                    "--method",
                    "api",
                    "--data-dir",
                ])
                .arg(&data),
        )?;
        let (unlearn, said) =
            timed_output(Command::new(&assent).args(["unlearn", "--pending", "--data-dir"]).arg(&data))?;
        let unlearned = live(&data)?;
        ensure!(unlearned["parent"] == before["release_id"], "unlearning published a child release");

        let d = data.join(format!("datasets/full-{}", run + 2));
        let export_secs = export(&d)?;
        let train_secs =
            timed(Command::new(&assent).args(["train", "--data-dir"]).arg(&data).arg("--dataset").arg(&d))?;
        let full = export_secs + train_secs;
        let retrained = live(&data)?;
        let ratio = full / unlearn;
        ratios.push(ratio);
        println!(
            "  run {}: member {member} opts out; unlearn {unlearn:.2} s (shards {}), full retrain {full:.2} s \
             (export {export_secs:.2} + train {train_secs:.2}); {ratio:.1}x; held-out perplexity {:.3} vs {:.3} ({:+.2}%)",
            run + 1,
            unlearned["retrained_shards"],
            ppl(&unlearned),
            ppl(&retrained),
            (ppl(&unlearned) / ppl(&retrained) - 1.0) * 100.0
        );
        println!("    assent unlearn said: {}", said.trim().replace('\n', "\n      "));
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "  speed-up: median {:.1}x (min {:.1}x, max {:.1}x over {runs} run(s))",
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1]
    );
    Ok(())
}
