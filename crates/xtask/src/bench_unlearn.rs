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
    let mut work = PathBuf::from("target/bench-unlearn");
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--members" => members = value.parse()?,
            "--work" => work = PathBuf::from(value),
            other => anyhow::bail!("unknown flag {other}"),
        }
    }
    let assent = assent_binary()?;
    let _ = std::fs::remove_dir_all(&work);
    let data = work.join("data");
    timed(
        Command::new(&assent).args(["seed", "--members", &members.to_string(), "--seed", "3", "--data-dir"]).arg(&data),
    )?;
    let d1 = data.join("datasets/full-1");
    timed(
        Command::new(&assent)
            .args(["export", "--purpose", "train-genai", "--shards", "16", "--data-dir"])
            .arg(&data)
            .arg("--out")
            .arg(&d1),
    )?;
    let train1 = timed(Command::new(&assent).args(["train", "--data-dir"]).arg(&data).arg("--dataset").arg(&d1))?;
    let first = live(&data)?;

    // One member of the release opts out.
    let lineage = Lineage::open(&d1)?;
    let member = lineage.member_ids()[lineage.len() / 2];
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
    let (unlearn, unlearn_out) =
        timed_output(Command::new(&assent).args(["unlearn", "--pending", "--data-dir"]).arg(&data))?;
    let second = live(&data)?;
    ensure!(second["parent"] == first["release_id"], "unlearning published a child release");

    // The alternative: a full retrain of the same release from a fresh export.
    let d2 = data.join("datasets/full-2");
    let export2 = timed(
        Command::new(&assent)
            .args(["export", "--purpose", "train-genai", "--shards", "16", "--data-dir"])
            .arg(&data)
            .arg("--out")
            .arg(&d2),
    )?;
    let (train2, train2_out) =
        timed_output(Command::new(&assent).args(["train", "--data-dir"]).arg(&data).arg("--dataset").arg(&d2))?;
    let third = live(&data)?;
    let full = export2 + train2;

    let ppl = |v: &serde_json::Value| v["heldout_perplexity"].as_f64().unwrap_or(f64::NAN);
    println!("bench-unlearn: {members} members, 16 shards, member {member} opts out");
    println!(
        "  initial training            : {train1:>7.2} s (process), {:.2} s training",
        first["training_secs"].as_f64().unwrap_or(0.0)
    );
    println!("  unlearn (1 shard re-export + retrain): {unlearn:>7.2} s   retrained {:?}", second["retrained_shards"]);
    println!("  full retrain (export + train)        : {full:>7.2} s");
    println!("  speed-up: {:.1}x", full / unlearn);
    println!("  assent unlearn said: {}", unlearn_out.trim().replace('\n', "\n    "));
    println!("  assent train said:   {}", train2_out.trim().replace('\n', "\n    "));
    println!(
        "  held-out perplexity: unlearned {:.3}, full retrain {:.3} ({:+.2}%)",
        ppl(&second),
        ppl(&third),
        (ppl(&second) / ppl(&third) - 1.0) * 100.0
    );
    Ok(())
}
