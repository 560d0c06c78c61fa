//! `assent`: the command-line entry point. Parses argv and hands each subcommand to its module.

#[cfg(feature = "cluster")]
mod cluster;
mod consent;
mod corpus;
mod models;
mod network;
mod policy;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use assent_ledger::Database;
use clap::{Parser, Subcommand};

/// Caps glibc's malloc at two arenas. By default it keeps up to eight per core, and a thread
/// that finds its arena busy takes another; memory freed in one is not given back to the system
/// while others hold theirs. Under a settings soak the server's request threads and the
/// unlearner's export and training threads grew the heap that way (677 → 985 MiB in three
/// minutes); with two arenas it held at 365 → 354 MiB over three minutes, and 386 → 444 MiB over
/// ten (BENCHMARKS.md).
///
/// A server (`serving`) also has every allocation of 1 MiB or more mapped on its own, and
/// unmapped when freed. glibc would otherwise raise that threshold to the size of the largest
/// block freed so far (up to 32 MiB), and keep the blocks of a model it stopped serving in its
/// heap: the live models are replaced after every unlearning pass, and their size follows how
/// many members are in, so the heap's high-water mark crept up with the largest model yet.
/// Other commands keep glibc's default (an export would fault fresh pages in for every large
/// buffer). Called in `main` before any thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn tune_malloc(serving: bool) {
    // SAFETY: mallopt only sets an allocator parameter; no thread is allocating concurrently.
    let ok = unsafe { libc::mallopt(libc::M_ARENA_MAX, 2) };
    if ok != 1 {
        eprintln!("warning: cannot limit malloc arenas; memory may grow under load");
    }
    if serving {
        // SAFETY: as above.
        let ok = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20) };
        if ok != 1 {
            eprintln!("warning: cannot set malloc's mapping threshold; memory may grow under load");
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_malloc(_serving: bool) {}

/// How often a server hands the free memory inside glibc's heaps back to the system.
const TRIM_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// Gives the system back the whole pages that are free inside glibc's heaps (`malloc_trim(0)`,
/// which walks every arena). A server calls it every [`TRIM_EVERY`], and when an unlearning pass
/// has freed memory (its snapshot once taken, then the pass's own and the replaced model's).
///
/// glibc returns memory on its own only from the top of a heap. A server's small allocations
/// (the unlearning pass's plan and snapshot, a replaced model's small parts, connection buffers)
/// come and go in the middle of its heaps, and the holes they leave stayed resident: under a
/// settings soak the RSS crept from 126 to 163 MiB in ten minutes with a live heap that did not
/// grow (BENCHMARKS.md). Call it at normal priority: it holds each arena's lock while it walks
/// it (4–13 ms under the soak), and a request thread may be waiting for that lock.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn trim_heap() {
    let started = std::time::Instant::now();
    // SAFETY: malloc_trim takes each arena's lock itself; it frees nothing still allocated.
    unsafe { libc::malloc_trim(0) };
    tracing::debug!(target: "assent::heap", "heap trimmed in {:?}", started.elapsed());
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_heap() {}

/// Wakes the thread of [`trim_heap_periodically`], if it runs.
static TRIM_NOW: std::sync::OnceLock<std::sync::mpsc::SyncSender<()>> = std::sync::OnceLock::new();

/// Starts a thread (at normal priority) that calls [`trim_heap`] every [`TRIM_EVERY`], and
/// whenever [`trim_heap_soon`] asks.
fn trim_heap_periodically() {
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new().name("malloc-trim".into()).spawn(move || loop {
        match rx.recv_timeout(TRIM_EVERY) {
            Ok(()) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => trim_heap(),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => std::thread::sleep(TRIM_EVERY),
        }
    });
    match spawned {
        Ok(_) => {
            let _ = TRIM_NOW.set(tx);
        }
        Err(e) => eprintln!("warning: cannot start the heap trimmer ({e}); memory may grow under load"),
    }
}

/// Has the heap trimmed now, on the trimmer's thread: never blocks, so that a thread of the
/// lowest priority may ask (a trim already asked for and not yet begun covers this one too).
pub(crate) fn trim_heap_soon() {
    if let Some(tx) = TRIM_NOW.get() {
        let _ = tx.try_send(());
    }
}

/// Assent: a professional network whose AI learns only from what members allow.
#[derive(Parser)]
#[command(name = "assent", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options every subcommand accepts.
#[derive(clap::Args, Clone)]
struct Common {
    /// The data directory (embedded SQLite databases and exports live here).
    #[arg(long, global = true, default_value = "./assent-data", value_name = "DIR")]
    data_dir: PathBuf,
    /// Keep the network store and the consent ledger in this PostgreSQL database
    /// (`postgres://user@host:port/name`) instead of SQLite files in the data directory, which
    /// still holds snapshots, datasets and releases. Several `assent serve` replicas may share it.
    #[arg(long, global = true, env = "ASSENT_DATABASE_URL", value_name = "URL")]
    database: Option<String>,
}

impl Common {
    /// Where the consent ledger lives.
    fn ledger(&self) -> anyhow::Result<Database> {
        self.database_or(paths::ledger(&self.data_dir))
    }

    /// Where the network store lives.
    fn store(&self) -> anyhow::Result<Database> {
        self.database_or(paths::store(&self.data_dir))
    }

    fn database_or(&self, file: PathBuf) -> anyhow::Result<Database> {
        match &self.database {
            Some(url) => Ok(Database::from_url(url).context("--database")?),
            None => Ok(Database::Sqlite(file)),
        }
    }

    /// Where the network lives, for messages: the database, or the data directory.
    fn network(&self) -> String {
        match self.store() {
            Ok(Database::Postgres(url)) => url.to_string(),
            _ => self.data_dir.display().to_string(),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Validate, install and list AI-training policies.
    #[command(subcommand)]
    Policy(policy::Command),
    /// Read and change members' AI-data settings in the consent ledger.
    #[command(subcommand)]
    Consent(consent::Command),
    /// Create an empty network (policy installed, no members) to serve real sign-ups.
    Init(network::InitArgs),
    /// Generate a synthetic network into an empty data directory.
    Seed(network::SeedArgs),
    /// Serve the API and pages of a data directory.
    Serve(network::ServeArgs),
    /// Copy what the eligibility rule needs into Parquet tables (a lake snapshot).
    Snapshot(corpus::SnapshotArgs),
    /// Export the consent-honouring training corpus as sharded Parquet.
    Export(corpus::ExportArgs),
    /// The whole system in one command: seed an empty data directory, export, train, then serve it.
    Demo(network::DemoArgs),
    /// Train a release (one model per shard) from a dataset and make it live.
    Train(models::TrainArgs),
    /// List the releases.
    Releases(models::ReleasesArgs),
    /// Retrain only the shards of live releases that hold data no longer eligible.
    Unlearn(models::UnlearnArgs),
    /// One unlearning pass of `assent serve`, from the snapshot it took (run by the server).
    #[command(hide = true)]
    UnlearnPass(models::UnlearnPassArgs),
    /// Reports about one member.
    #[command(subcommand)]
    Member(models::MemberCommand),
    /// Leakage audits of releases.
    #[command(subcommand)]
    Audit(models::AuditCommand),
    /// Run Assent's Apache DataFusion Ballista processes (scheduler, executor).
    #[cfg(feature = "cluster")]
    #[command(subcommand)]
    Cluster(cluster::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let serving = matches!(cli.command, Command::Serve(_) | Command::Demo(_));
    tune_malloc(serving);
    if serving {
        trim_heap_periodically();
    }
    let result = match cli.command {
        Command::Policy(cmd) => policy::run(cmd),
        Command::Consent(cmd) => consent::run(cmd),
        Command::Init(args) => network::init(args),
        Command::Seed(args) => network::seed(args),
        Command::Serve(args) => network::serve(args),
        Command::Snapshot(args) => corpus::snapshot(args),
        Command::Export(args) => corpus::export(args),
        Command::Train(args) => models::train(args),
        Command::Releases(args) => models::releases(args),
        Command::Unlearn(args) => models::unlearn(args),
        Command::UnlearnPass(args) => models::unlearn_pass(args),
        Command::Member(cmd) => models::member(cmd),
        Command::Audit(cmd) => models::audit(cmd),
        Command::Demo(args) => network::demo(args),
        #[cfg(feature = "cluster")]
        Command::Cluster(cmd) => cluster::run(cmd),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Paths inside a data directory.
mod paths {
    use std::path::{Path, PathBuf};

    /// The consent ledger database.
    pub fn ledger(data_dir: &Path) -> PathBuf {
        data_dir.join("ledger.db")
    }

    /// The network store database.
    pub fn store(data_dir: &Path) -> PathBuf {
        data_dir.join("network.db")
    }

    /// Where `assent demo` and later steps keep datasets.
    pub fn datasets(data_dir: &Path) -> PathBuf {
        data_dir.join("datasets")
    }

    /// The canaries planted by `assent seed --canaries K`.
    pub fn canaries(data_dir: &Path) -> PathBuf {
        data_dir.join("canaries.json")
    }
}
