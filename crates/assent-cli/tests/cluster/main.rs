//! The export on a real Apache DataFusion Ballista cluster: `assent cluster scheduler` and two
//! `assent cluster executor`s as separate processes on loopback, against the embedded export of
//! the same snapshot; and every way the cluster can fail, closed.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assent_export::datafusion_reexports::{
    AsArray, Int32Array, Int64Array, ParquetRecordBatchReader, TimestampMicrosecondArray,
};
use assent_export::Manifest;

/// A process of the cluster, killed when dropped; its stderr is kept line by line.
struct Proc {
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl Proc {
    fn start(args: &[&str]) -> Proc {
        let mut command = Command::new(env!("CARGO_BIN_EXE_assent"));
        command.args(args);
        Proc::spawn(command)
    }

    fn spawn(mut command: Command) -> Proc {
        let mut child = command
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the process starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Proc { child, log }
    }

    /// Waits until some line of the log satisfies `f` (at most 60 s); returns it.
    fn wait_for(&self, what: &str, f: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            if let Some(line) = self.log.lock().unwrap().iter().find(|l| f(l)) {
                return line.clone();
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no {what} in:\n{}",
                self.log.lock().unwrap().join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn count(&self, needle: &str) -> usize {
        self.log.lock().unwrap().iter().filter(|l| l.contains(needle)).count()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A scheduler on a free port, and `executors` executors of one task slot each (`extra`
/// arguments added to each executor's command line).
struct Cluster {
    scheduler: Proc,
    executors: Vec<Proc>,
    url: String,
}

impl Cluster {
    fn start(executors: usize, extra: &[&str]) -> Cluster {
        Cluster::start_as(executors, extra, &[])
    }

    /// With `prefix` before the executors' command (e.g. to run them as another user).
    fn start_as(executors: usize, extra: &[&str], prefix: &[&str]) -> Cluster {
        let scheduler =
            Proc::start(&["cluster", "scheduler", "--bind", "127.0.0.1:0", "--executor-timeout-secs", "10"]);
        let line = scheduler.wait_for("listening address", |l| l.starts_with("assent scheduler listening on "));
        let addr = line.rsplit(' ').next().unwrap().to_string();
        let mut procs = Vec::new();
        for _ in 0..executors {
            let mut args: Vec<&str> = Vec::new();
            let exe = env!("CARGO_BIN_EXE_assent");
            if !prefix.is_empty() {
                args.extend(&prefix[1..]);
                args.push(exe);
            }
            args.extend(["cluster", "executor", "--scheduler", &addr, "--concurrency", "1"]);
            args.extend(extra);
            let proc = if prefix.is_empty() {
                Proc::start(&args)
            } else {
                let mut command = Command::new(prefix[0]);
                command.args(&args);
                Proc::spawn(command)
            };
            procs.push(proc);
        }
        // An executor registers with its first request for work, right after this line.
        for e in &procs {
            e.wait_for("the executor's start", |l| l.contains("Starting poll work loop with scheduler"));
        }
        std::thread::sleep(Duration::from_millis(500));
        Cluster { scheduler, executors: procs, url: format!("df://{addr}") }
    }
}

fn assent(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_assent")).args(args).output().expect("assent runs")
}

fn ok(args: &[&str]) -> String {
    let out = assent(args);
    assert!(out.status.success(), "assent {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A seeded network and a snapshot of it, in `dir`.
fn network(dir: &Path, members: u32) -> PathBuf {
    let data = dir.join("data");
    let d = data.to_str().unwrap();
    ok(&["seed", "--members", &members.to_string(), "--seed", "11", "--data-dir", d]);
    let snap = dir.join("snapshot");
    ok(&["snapshot", "--out", snap.to_str().unwrap(), "--data-dir", d]);
    snap
}

fn export(snap: &Path, out: &Path, cluster: Option<(&str, usize)>) -> Output {
    let mut args = vec!["export", "--snapshot", snap.to_str().unwrap(), "--out", out.to_str().unwrap()];
    let partitions;
    if let Some((url, n)) = cluster {
        partitions = n.to_string();
        args.extend(["--cluster", url, "--partitions", &partitions]);
    }
    let data = snap.parent().unwrap().join("data");
    args.extend(["--data-dir", data.to_str().unwrap()]);
    assent(&args)
}

/// Every column of one shard row: item, member, kind, text, created_at (µs), lang.
type Row = (String, i64, String, String, i64, String);

/// The rows of every shard of a dataset (a file, or a directory of parts), sorted.
fn shards(dir: &Path) -> BTreeMap<u32, Vec<Row>> {
    let manifest = Manifest::read(dir).unwrap();
    let mut out = BTreeMap::new();
    for s in &manifest.shards {
        let files: Vec<PathBuf> = if s.parts.is_empty() {
            vec![dir.join(&s.file)]
        } else {
            s.parts.iter().map(|p| dir.join(&p.file)).collect()
        };
        let mut rows = Vec::new();
        for f in files {
            let listed = s.parts.iter().find(|p| dir.join(&p.file) == f).map_or(&s.sha256, |p| &p.sha256);
            assert_eq!(&assent_export::sha256_file(&f).unwrap(), listed, "{} matches its checksum", f.display());
            for b in ParquetRecordBatchReader::try_new(std::fs::File::open(&f).unwrap(), 4096).unwrap() {
                let b = b.unwrap();
                let col = |n: &str| b.column_by_name(n).unwrap_or_else(|| panic!("no {n} in {}", f.display())).clone();
                let (ids, members, kinds, texts, created, langs) =
                    (col("item_id"), col("member_id"), col("kind"), col("text"), col("created_at"), col("lang"));
                let members = members.as_any().downcast_ref::<Int64Array>().unwrap();
                let created = created.as_any().downcast_ref::<TimestampMicrosecondArray>().unwrap();
                for i in 0..b.num_rows() {
                    rows.push((
                        ids.as_string::<i32>().value(i).to_string(),
                        members.value(i),
                        kinds.as_string::<i32>().value(i).to_string(),
                        texts.as_string::<i32>().value(i).to_string(),
                        created.value(i),
                        langs.as_string::<i32>().value(i).to_string(),
                    ));
                }
            }
        }
        assert_eq!(rows.len() as u64, s.rows, "shard {} holds the rows its manifest entry says", s.shard);
        rows.sort();
        out.insert(s.shard, rows);
    }
    out
}

/// (member, shard, item) of a dataset's lineage, sorted.
fn lineage(dir: &Path) -> Vec<(i64, i32, String)> {
    let file = std::fs::File::open(dir.join("lineage.parquet")).unwrap();
    let mut rows = Vec::new();
    for b in ParquetRecordBatchReader::try_new(file, 4096).unwrap() {
        let b = b.unwrap();
        let members = b.column(0).as_any().downcast_ref::<Int64Array>().unwrap();
        let shards = b.column(1).as_any().downcast_ref::<Int32Array>().unwrap();
        let items = b.column(2).as_string::<i32>();
        for i in 0..b.num_rows() {
            rows.push((members.value(i), shards.value(i), items.value(i).to_string()));
        }
    }
    rows.sort();
    rows
}

/// Asserts that the cluster's dataset holds exactly what the embedded one holds.
fn assert_same_dataset(embedded: &Path, cluster: &Path) {
    let (a, b) = (Manifest::read(embedded).unwrap(), Manifest::read(cluster).unwrap());
    assert_eq!(a.as_of, b.as_of);
    assert_eq!(a.policy_version, b.policy_version);
    assert_eq!(a.shard_count, b.shard_count);
    assert_eq!(a.included_by_kind, b.included_by_kind, "included items by kind");
    assert_eq!(a.excluded_by_reason, b.excluded_by_reason, "excluded items by reason");
    assert_eq!(a.members, b.members, "members with an included item");
    assert_eq!(a.shards.len(), b.shards.len());
    assert!(b.shards.iter().all(|s| s.file == format!("shard-{:05}", s.shard)), "cluster shards are directories");
    let (sa, sb) = (shards(embedded), shards(cluster));
    assert!(sa.values().map(Vec::len).sum::<usize>() > 0, "the embedded export includes items");
    for (shard, rows) in &sa {
        assert_eq!(rows, &sb[shard], "shard {shard} holds the same rows, column for column");
    }
    assert_eq!(lineage(embedded), lineage(cluster), "the lineage names the same items");
}

/// Nothing that looks like a dataset: no `out`, and no staging directory left beside it.
fn assert_nothing_published(out: &Path) {
    assert!(!out.exists(), "{} was published", out.display());
    let start = Instant::now();
    loop {
        let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".partial-"))
            .collect();
        if leftovers.is_empty() {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "staging left behind: {leftovers:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn two_executors_write_the_same_rows_as_the_embedded_export() {
    let dir = tempfile::tempdir().unwrap();
    // 9 000 members hold about 75 000 items: two row groups of the lake, so two tasks that find
    // rows, and more than one part per shard.
    let snap = network(dir.path(), 9000);
    let embedded = dir.path().join("embedded");
    let out = export(&snap, &embedded, None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let cluster = Cluster::start(2, &[]);
    let on_cluster = dir.path().join("cluster");
    let out = export(&snap, &on_cluster, Some((&cluster.url, 4)));
    assert!(out.status.success(), "cluster export failed: {}", String::from_utf8_lossy(&out.stderr));
    assert_same_dataset(&embedded, &on_cluster);

    let manifest = Manifest::read(&on_cluster).unwrap();
    let parts: usize = manifest.shards.iter().map(|s| s.parts.len()).sum();
    assert!(parts > manifest.shards.len(), "two tasks wrote more than one part per shard: {parts}");
    assert!(!on_cluster.join("lineage-parts").exists(), "the partitions' lineage files were merged");
    for (i, e) in cluster.executors.iter().enumerate() {
        assert!(e.count("Received task") > 0, "executor {i} ran tasks");
    }
    // A shard written as parts reads back whole, in the manifest's order of parts.
    let s = &manifest.shards[0];
    let read = assent_export::read_shard(&on_cluster.join(&s.file)).unwrap();
    assert_eq!(read.len() as u64, s.rows);
    assert_eq!(cluster.scheduler.count("Job finished successfully"), 1);
}

#[test]
fn an_unreachable_scheduler_publishes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let snap = network(dir.path(), 50);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out_dir = dir.path().join("ds");
    let out = export(&snap, &out_dir, Some((&format!("df://127.0.0.1:{port}"), 2)));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("df://127.0.0.1:{port}")), "the error names the cluster: {err}");
    assert_nothing_published(&out_dir);
}

#[test]
fn an_executor_without_assents_functions_publishes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let snap = network(dir.path(), 50);
    let cluster = Cluster::start(1, &["--stock"]);
    let out_dir = dir.path().join("ds");
    let out = export(&snap, &out_dir, Some((&cluster.url, 2)));
    assert!(!out.status.success(), "a stock executor cannot run Assent's plan");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not run the export"), "{err}");
    assert_nothing_published(&out_dir);
    cluster.executors[0].wait_for("the executor's reason", |l| l.contains("assent_eligibility"));
}

#[test]
fn a_lake_the_executors_cannot_read_publishes_nothing() {
    // The executors run as `nobody`; the snapshot is readable by its owner only.
    let uid = Command::new("id").arg("-u").output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&uid.stdout).trim(),
        "0",
        "this test runs executors as another user: run as root"
    );
    let dir = tempfile::tempdir().unwrap();
    let snap = network(dir.path(), 50);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&snap, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let cluster =
        Cluster::start_as(1, &["--work-dir", "/tmp"], &["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]);
    let out_dir = dir.path().join("ds");
    let out = export(&snap, &out_dir, Some((&cluster.url, 2)));
    assert!(!out.status.success(), "an unreadable lake cannot be exported");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not run the export"), "{err}");
    assert_nothing_published(&out_dir);
}

#[test]
fn an_executor_killed_mid_export_leaves_a_complete_dataset_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let snap = network(dir.path(), 9000);
    let embedded = dir.path().join("embedded");
    assert!(export(&snap, &embedded, None).status.success());

    let mut cluster = Cluster::start(2, &[]);
    let out_dir = dir.path().join("cluster");
    let mut args = vec!["export", "--snapshot", snap.to_str().unwrap(), "--out", out_dir.to_str().unwrap()];
    let data = dir.path().join("data");
    args.extend(["--cluster", &cluster.url, "--partitions", "4", "--data-dir", data.to_str().unwrap()]);
    let client = Command::new(env!("CARGO_BIN_EXE_assent")).args(&args).stderr(Stdio::piped()).spawn().unwrap();
    // Kill one executor as soon as the first part file is written.
    let start = Instant::now();
    'wait: loop {
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let path = e.unwrap().path();
            if path.file_name().unwrap().to_string_lossy().contains(".partial-")
                && std::fs::read_dir(&path).map(|d| d.count() > 0).unwrap_or(false)
            {
                break 'wait;
            }
        }
        assert!(start.elapsed() < Duration::from_secs(120), "no part file was ever written");
        std::thread::sleep(Duration::from_millis(20));
    }
    let victim = cluster.executors.remove(0);
    drop(victim);
    let out = client.wait_with_output().unwrap();
    if out.status.success() {
        assert_same_dataset(&embedded, &out_dir);
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("could not run the export") || err.contains("report does not match"),
            "a clear error: {err}"
        );
        assert_nothing_published(&out_dir);
    }
    eprintln!("killed mid-export: {}", if out.status.success() { "the tasks were retried" } else { "failed closed" });
}

#[test]
fn unlearning_re_exports_on_the_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let snap = network(dir.path(), 400);
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    let dataset = dir.path().join("first");
    assert!(export(&snap, &dataset, None).status.success());
    ok(&["train", "--dataset", dataset.to_str().unwrap(), "--data-dir", d]);
    let member = lineage(&dataset)[0].0;
    ok(&["consent", "set", "--member", &member.to_string(), "--purpose", "train-genai", "off", "--data-dir", d]);

    let cluster = Cluster::start(1, &[]);
    let out = ok(&["unlearn", "--pending", "--cluster", &cluster.url, "--partitions", "2", "--data-dir", d]);
    assert!(out.contains("retired"), "a release was retrained: {out}");
    let redone: Vec<PathBuf> = std::fs::read_dir(data.join("datasets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains("unlearn"))
        .collect();
    assert_eq!(redone.len(), 1, "one re-exported dataset: {redone:?}");
    let manifest = Manifest::read(&redone[0]).unwrap();
    assert!(manifest.shards.iter().all(|s| s.file.starts_with("shard-") && !s.file.ends_with(".parquet")));
    assert!(manifest.included() > 0, "the retrained shard still holds other members' items");
    assert!(lineage(&redone[0]).iter().all(|(m, _, _)| *m != member), "member {member} was forgotten");
    assert_eq!(cluster.scheduler.count("Job finished successfully"), 1, "the re-export ran on the cluster");
}
