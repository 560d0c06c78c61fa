//! `bench-export`: `assent export` against DuckDB and against a plain Parquet copy.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, ensure, Context, Result};
use assent_export::{Manifest, Snapshot};
use assent_policy::{LegalBasis, Policy, Purpose};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

struct Options {
    members: u32,
    seed: u64,
    threads: usize,
    work: PathBuf,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut o = Options {
        members: 1_300_000,
        seed: 1,
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        work: PathBuf::from("target/bench-export"),
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--members" => o.members = value.parse()?,
            "--seed" => o.seed = value.parse()?,
            "--threads" => o.threads = value.parse()?,
            "--work" => o.work = PathBuf::from(value),
            other => bail!("unknown flag {other}"),
        }
    }
    Ok(o)
}

/// The `assent` binary next to this one: build both together, so that they share one feature
/// resolution of the dependency tree (`cargo build --release -p assent-cli -p xtask`).
pub(crate) fn assent_binary() -> Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let path = exe.parent().context("exe dir")?.join("assent");
    ensure!(path.is_file(), "{} not found: run `cargo build --release -p assent-cli -p xtask` first", path.display());
    Ok(path)
}

/// A venv with DuckDB from PyPI; returns its python.
fn duckdb_python(work: &Path) -> Result<PathBuf> {
    let venv = work.join("venv");
    let python = venv.join("bin/python");
    if !python.is_file() {
        let ok = Command::new("python3").args(["-m", "venv"]).arg(&venv).status()?.success();
        ensure!(ok, "python3 -m venv failed (install python3-venv)");
    }
    let has = Command::new(&python).args(["-c", "import duckdb"]).status()?.success();
    if !has {
        let ok = Command::new(&python).args(["-m", "pip", "install", "--quiet", "duckdb==1.5.6"]).status()?.success();
        ensure!(ok, "pip install duckdb failed");
    }
    Ok(python)
}

fn timed(cmd: &mut Command) -> Result<f64> {
    let started = Instant::now();
    let status = cmd.status().with_context(|| format!("running {cmd:?}"))?;
    ensure!(status.success(), "{cmd:?} failed");
    Ok(started.elapsed().as_secs_f64())
}

/// Runs `cmd` under GNU time; returns its wall time and peak resident memory in MiB.
fn timed_peak(cmd: &Command, work: &Path) -> Result<(f64, f64)> {
    ensure!(
        Path::new("/usr/bin/time").is_file(),
        "/usr/bin/time not found: install GNU time (apt-get install -y time)"
    );
    let report = work.join("peak-rss-kib");
    let mut timed_cmd = Command::new("/usr/bin/time");
    timed_cmd.arg("-f").arg("%M").arg("-o").arg(&report).arg(cmd.get_program()).args(cmd.get_args());
    let secs = timed(&mut timed_cmd)?;
    let kib: f64 = std::fs::read_to_string(&report)?.trim().parse().context("GNU time's %M")?;
    Ok((secs, kib / 1024.0))
}

fn sql_list(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().map(|s| format!("'{}'", s.replace('\'', "''"))).collect::<Vec<_>>().join(", ")
}

/// DESIGN.md's rule for `policy` as DuckDB SQL: the peer's own implementation, for timing and
/// for the differential check. Assent itself never evaluates the rule in SQL.
fn duckdb_sql(policy: &Policy, purpose: Purpose, as_of_micros: i64, lake: &Path, out: &Path, threads: usize) -> String {
    let kinds = sql_list(policy.eligible_kinds(purpose).iter().map(|k| k.as_str().to_string()));
    let default = policy.default_bases()[purpose.index()] == LegalBasis::LegitimateInterest;
    let mut default_on = String::new();
    for rule in policy.region_rules() {
        let countries: Vec<String> = rule
            .written
            .iter()
            .flat_map(|w| assent_policy::Region::expand(w).unwrap_or_default())
            .map(|r| r.to_string())
            .collect();
        let on = rule.bases[purpose.index()] == LegalBasis::LegitimateInterest;
        default_on.push_str(&format!(" WHEN m.region IN ({}) THEN {on}", sql_list(countries)));
    }
    let default_on =
        if default_on.is_empty() { default.to_string() } else { format!("CASE{default_on} ELSE {default} END") };
    let pre = if policy.pre_effective_content_in_scope() {
        "TRUE".to_string()
    } else {
        format!("epoch_us(i.created_at) >= {}", policy.effective().0)
    };
    let lake = lake.display();
    format!(
        "SET threads = {threads};
COPY (
  WITH consent AS (
    SELECT member_id, arg_max(value, CAST(epoch_us(recorded_at) AS HUGEINT) * 10000000000 + seq) AS value
    FROM read_parquet('{lake}/consent_events.parquet')
    WHERE purpose = '{purpose}' AND epoch_us(recorded_at) <= {as_of_micros}
    GROUP BY member_id
  )
  SELECT CAST(i.item_id AS VARCHAR) AS item_id, i.member_id, i.kind,
         regexp_replace(regexp_replace(i.text, '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{{2,}}', '[email]', 'g'),
                        '\\+?\\(?[0-9][0-9 ().-]{{7,}}[0-9]', '[phone]', 'g') AS text,
         i.created_at, i.lang, hash(i.member_id) % 16 AS shard
  FROM read_parquet('{lake}/items.parquet') i
  JOIN read_parquet('{lake}/members.parquet') m ON m.member_id = i.member_id
  LEFT JOIN consent c ON c.member_id = i.member_id
  WHERE {eff} <= {as_of_micros}
    AND i.kind IN ({kinds})
    AND i.deleted_at IS NULL AND epoch_us(i.created_at) <= {as_of_micros}
    AND i.visibility = 'public' AND epoch_us(i.visibility_since) <= {as_of_micros}
    AND ({pre})
    AND m.closed_at IS NULL AND epoch_us(m.joined_at) <= {as_of_micros}
    AND epoch_us(CAST(m.birth_date + INTERVAL {age} YEAR AS TIMESTAMP)) <= {as_of_micros}
    AND coalesce(c.value, {default_on})
) TO '{out}' (FORMAT PARQUET, COMPRESSION ZSTD, COMPRESSION_LEVEL 1, PARTITION_BY (shard));",
        eff = policy.effective().0,
        age = policy.minimum_age(),
        out = out.display(),
    )
}

/// Item ids of a dataset directory (any layout: every Parquet file below it).
fn item_ids(dir: &Path, threads: usize) -> Result<HashSet<String>> {
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(threads));
        let opts = ParquetReadOptions::default().file_extension(".parquet");
        ctx.register_parquet("t", dir.to_string_lossy().as_ref(), opts).await?;
        let batches = ctx.sql("SELECT CAST(item_id AS VARCHAR) FROM t").await?.collect().await?;
        let mut ids = HashSet::new();
        for b in batches {
            let col = datafusion::arrow::compute::cast(b.column(0), &datafusion::arrow::datatypes::DataType::Utf8)?;
            let s = col.as_string::<i32>();
            for i in 0..s.len() {
                ids.insert(s.value(i).to_string());
            }
        }
        Ok(ids)
    })
}

/// (c): the items table copied Parquet→Parquet with the same codec, on DataFusion.
fn copy_items(lake: &Path, out: &Path, threads: usize) -> Result<f64> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build()?;
    rt.block_on(async {
        let started = Instant::now();
        let ctx = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(threads));
        ctx.register_parquet(
            "items",
            lake.join("items.parquet").to_string_lossy().as_ref(),
            ParquetReadOptions::default(),
        )
        .await?;
        let sql = format!(
            "COPY (SELECT * FROM items) TO '{}' STORED AS PARQUET OPTIONS ('format.compression' 'zstd(1)')",
            out.join("items-copy.parquet").display()
        );
        ctx.sql(&sql).await?.collect().await?;
        Ok(started.elapsed().as_secs_f64())
    })
}

pub fn run(args: &[String]) -> Result<()> {
    let o = parse(args)?;
    std::fs::create_dir_all(&o.work)?;
    let assent = assent_binary()?;
    let python = duckdb_python(&o.work)?;
    let data = o.work.join(format!("data-{}-{}", o.members, o.seed));
    if !data.join("network.db").is_file() {
        eprintln!("seeding {} members into {} …", o.members, data.display());
        let secs = timed(
            Command::new(&assent)
                .args(["seed", "--members", &o.members.to_string(), "--seed", &o.seed.to_string(), "--data-dir"])
                .arg(&data),
        )?;
        eprintln!("seeded in {secs:.1} s");
    }
    let lake = data.join("bench-lake");
    if !lake.join("snapshot.json").is_file() {
        let secs = timed(
            Command::new(&assent).args(["snapshot", "--as-of", "now", "--data-dir"]).arg(&data).arg("--out").arg(&lake),
        )?;
        eprintln!("snapshot taken in {secs:.1} s");
    }
    let snapshot = Snapshot::open(&lake)?;
    ensure!(
        snapshot.labelled(),
        "{} was taken before the store labelled languages, and DuckDB's side reads them: delete it to take it again",
        lake.display()
    );
    let items = snapshot.info.items as f64;
    let as_of = snapshot.as_of()?;
    let policies = snapshot.policies()?;
    let policy = policies.in_force_at(as_of).context("no policy in force at the snapshot's instant")?;

    let runs = o.work.join("runs");
    let _ = std::fs::remove_dir_all(&runs);
    std::fs::create_dir_all(&runs)?;
    let (out_a, out_b, out_c) = (runs.join("assent"), runs.join("duckdb"), runs.join("copy"));
    std::fs::create_dir_all(&out_c)?;

    let (a, a_rss) = timed_peak(
        Command::new(&assent)
            .args([
                "export",
                "--shards",
                "16",
                "--purpose",
                "train-genai",
                "--threads",
                &o.threads.to_string(),
                "--snapshot",
            ])
            .arg(&lake)
            .arg("--out")
            .arg(&out_a),
        &runs,
    )?;
    let script = duckdb_sql(policy, Purpose::TrainGenai, as_of.0, &lake, &out_b, o.threads);
    let script_path = runs.join("duckdb.sql");
    std::fs::write(&script_path, &script)?;
    let (b, b_rss) = timed_peak(
        Command::new(&python)
            .args(["-c", "import duckdb,sys; duckdb.connect().execute(open(sys.argv[1]).read())"])
            .arg(&script_path),
        &runs,
    )?;
    let c = copy_items(&lake, &out_c, o.threads)?;

    let manifest = Manifest::read(&out_a)?;
    let ids_a = item_ids(&out_a, o.threads)?;
    let ids_b = item_ids(&out_b, o.threads)?;
    ensure!(
        ids_a.len() as u64 == manifest.included(),
        "assent wrote {} ids, manifest says {}",
        ids_a.len(),
        manifest.included()
    );
    let differential = ids_a == ids_b;
    println!(
        "bench-export: {} members, {} snapshot items, {} exported, {} threads, 16 shards",
        snapshot.info.members,
        snapshot.info.items,
        ids_a.len(),
        o.threads
    );
    println!("  (a) assent export : {a:>7.2} s  {:>12.0} items/s  peak RSS {a_rss:>7.0} MiB", items / a);
    println!("  (b) DuckDB        : {b:>7.2} s  {:>12.0} items/s  peak RSS {b_rss:>7.0} MiB", items / b);
    println!("  (c) Parquet copy  : {c:>7.2} s  {:>12.0} items/s", items / c);
    println!("  a/b throughput = {:.2}x   a/c throughput = {:.0}%", b / a, c / a * 100.0);
    println!("  differential (a) == (b) item ids: {}", if differential { "PASS" } else { "FAIL" });
    if !differential {
        let only_a: Vec<_> = ids_a.difference(&ids_b).take(5).collect();
        let only_b: Vec<_> = ids_b.difference(&ids_a).take(5).collect();
        bail!(
            "differential check failed: {} only in assent (e.g. {only_a:?}), {} only in DuckDB (e.g. {only_b:?})",
            ids_a.difference(&ids_b).count(),
            ids_b.difference(&ids_a).count()
        );
    }
    Ok(())
}
