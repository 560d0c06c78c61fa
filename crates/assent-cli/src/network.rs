//! `assent init`, `assent seed`, `assent serve` and `assent demo`: create an empty network or a
//! synthetic one, serve a data directory, or both.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use assent_ledger::{Database, Ledger};
use assent_policy::Timestamp;
use assent_server::AppState;
use assent_store::Store;
use assent_synth::{Config, Synth};
use clap::Args;

use crate::{paths, Common};

/// Options of `assent init`.
#[derive(Args)]
pub struct InitArgs {
    /// The AI-data policy to install as the first version (TOML; `assent policy check` validates
    /// one). Default: the seed policy, `policies/seed-2025-11-03.toml`.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    #[command(flatten)]
    common: Common,
}

/// Options of `assent seed`.
#[derive(Args)]
pub struct SeedArgs {
    /// How many members to generate.
    #[arg(long, default_value_t = 2_000)]
    members: u32,
    /// The random seed: the same seed gives the same network.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// How many members carry a canary phrase (half opted in, half opted out); written to
    /// `canaries.json` in the data directory for leakage audits.
    #[arg(long, default_value_t = 0)]
    canaries: u32,
    /// The instant the network is "as of" (RFC 3339); default 2026-11-01T00:00:00Z (or today, if earlier).
    #[arg(long, value_parser = crate::consent::parse_time)]
    now: Option<Timestamp>,
    #[command(flatten)]
    common: Common,
}

/// Options of `assent serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    #[command(flatten)]
    common: Common,
}

/// Options of `assent demo`.
#[derive(Args)]
pub struct DemoArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Members of the synthetic network seeded into an empty data directory.
    #[arg(long, default_value_t = 2_000)]
    members: u32,
    /// Seed of the synthetic network.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[command(flatten)]
    common: Common,
}

/// How long the server waits after a change that may need unlearning before it plans one, so
/// that a burst of changes costs one retraining.
const UNLEARN_DEBOUNCE: std::time::Duration = std::time::Duration::from_secs(2);

/// The default "now" of a synthetic network: fixed, so the same seed gives the same network.
fn default_now() -> Timestamp {
    let anchor = Timestamp::parse_rfc3339("2026-11-01T00:00:00Z").expect("valid");
    let now = Timestamp::now();
    if now >= anchor {
        anchor
    } else {
        Timestamp::start_of(now.to_datetime().date_naive())
    }
}

fn open_or_create(common: &Common) -> Result<(Arc<Store>, Arc<Ledger>)> {
    let data_dir = &common.data_dir;
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create data directory {}", data_dir.display()))?;
    let store = Store::open_or_create(common.store()?)?;
    let ledger = Ledger::open_or_create(common.ledger()?)?;
    Ok((Arc::new(store), Arc::new(ledger)))
}

fn open(common: &Common) -> Result<(Arc<Store>, Arc<Ledger>)> {
    let store = Store::open(common.store()?)?;
    let ledger = Ledger::open(common.ledger()?)?;
    Ok((Arc::new(store), Arc::new(ledger)))
}

/// Creates the store and the ledger of an empty network with one policy installed. Refuses a data
/// directory or database that already holds either; on failure removes what it created.
pub fn init(args: InitArgs) -> Result<()> {
    let common = &args.common;
    let dir = &common.data_dir;
    let (file, text) = match &args.policy {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("cannot read policy {}", p.display()))?;
            (p.display().to_string(), text)
        }
        None => ("seed policy".to_string(), assent_policy::SEED_POLICY.to_string()),
    };
    let policy = assent_policy::Policy::parse(&file, &text)?;
    let (store_db, ledger_db) = (common.store()?, common.ledger()?);
    let already = |what: &str| {
        anyhow::anyhow!(
            "{} already holds a network ({what} exists); `assent init` creates a new one in an empty data directory or database",
            common.network()
        )
    };
    for db in [&store_db, &ledger_db] {
        match db {
            Database::Sqlite(p) if p.exists() => return Err(already(&p.display().to_string())),
            Database::Sqlite(_) => {}
            Database::Postgres(_) => {
                match Ledger::open(db) {
                    Ok(_) => return Err(already("its consent ledger")),
                    Err(assent_ledger::Error::Missing { .. }) => {}
                    Err(e) => return Err(e.into()),
                }
                match Store::open(db) {
                    Ok(_) => return Err(already("its network store")),
                    Err(assent_store::Error::Missing { .. }) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create data directory {}", dir.display()))?;
    let created = Ledger::create_with_policy(&ledger_db, &file, &text)
        .map(drop)
        .map_err(anyhow::Error::from)
        .and_then(|()| Store::create(&store_db).map(drop).map_err(anyhow::Error::from));
    if let Err(e) = created {
        for db in [&store_db, &ledger_db] {
            let Database::Sqlite(p) = db else { continue };
            for suffix in ["", "-wal", "-shm"] {
                let mut f = p.clone().into_os_string();
                f.push(suffix);
                let _ = std::fs::remove_file(f);
            }
        }
        return Err(e.context(format!("cannot initialise {}", common.network())));
    }
    let serve = match &common.database {
        Some(_) => format!("assent serve --database {} --data-dir {}", common.network(), dir.display()),
        None => format!("assent serve --data-dir {}", dir.display()),
    };
    println!(
        "initialised an empty network in {} with policy {} (effective {}); start it with `{serve}`",
        common.network(),
        policy.version(),
        policy.effective(),
    );
    Ok(())
}

fn seed_into(store: &Store, ledger: &Ledger, data_dir: &Path, config: Config) -> Result<()> {
    if !store.is_empty()? {
        bail!("{} already holds a network; seed into an empty data directory or database", data_dir.display());
    }
    let started = Instant::now();
    let synth = Synth::new(&config);
    let bar = indicatif::ProgressBar::new(u64::from(config.members)).with_style(
        indicatif::ProgressStyle::with_template("{spinner} seeding {pos}/{len} members [{bar:40}] {per_sec} eta {eta}")
            .expect("valid template"),
    );
    let report = store.load_synthetic(ledger, &synth, |done| bar.set_position(u64::from(done)))?;
    bar.finish_and_clear();
    if config.canaries > 0 {
        let canaries: Vec<_> = synth
            .canaries()
            .iter()
            .map(|c| {
                serde_json::json!({"owner": c.owner, "phrase": c.phrase, "secret": c.secret, "owner_opted_out": c.owner_opted_out})
            })
            .collect();
        let path = paths::canaries(data_dir);
        let text = serde_json::to_string_pretty(&canaries)?;
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "seeded {} members, {} items, {} connections, {} messages, {} jobs, {} consent events (seed {}) in {secs:.1} s ({:.0} members/min)",
        report.members,
        report.items,
        report.connections,
        report.messages,
        report.jobs,
        report.consent_events,
        config.seed,
        report.members as f64 / secs * 60.0
    );
    Ok(())
}

pub fn seed(args: SeedArgs) -> Result<()> {
    let (store, ledger) = open_or_create(&args.common)?;
    let config = Config {
        members: args.members,
        seed: args.seed,
        canaries: args.canaries,
        now: args.now.unwrap_or_else(default_now),
    };
    if config.members == 0 {
        bail!("--members must be at least 1");
    }
    seed_into(&store, &ledger, &args.common.data_dir, config)
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))
}

/// The server's state, with each unlearning pass's re-export, training and publication run by
/// this executable's `unlearn-pass` in a process of its own, so that their memory and threads
/// never mix with the requests'.
fn serving(store: Arc<Store>, ledger: Arc<Ledger>, data_dir: PathBuf) -> AppState {
    let worker = std::env::current_exe()
        .inspect_err(|e| {
            eprintln!("warning: unlearning passes run in the server's process: cannot find its executable: {e}")
        })
        .ok();
    let state = AppState::with_ai_worker(store, ledger, data_dir, UNLEARN_DEBOUNCE, worker);
    // What a pass freed (its snapshot, the replaced model) goes back to the system at once.
    state.ai.when_pass_frees_memory(crate::trim_heap_soon);
    state
}

pub fn serve(args: ServeArgs) -> Result<()> {
    init_logging();
    let (store, ledger) = open(&args.common)?;
    runtime()?.block_on(async move {
        let listener = bind(args.addr).await?;
        println!("Assent is serving {} on http://{}", args.common.network(), listener.local_addr()?);
        let state = serving(store, ledger, args.common.data_dir.clone());
        assent_server::serve_on(state, listener).await.context("server failed")
    })
}

pub fn demo(args: DemoArgs) -> Result<()> {
    init_logging();
    let data_dir = &args.common.data_dir;
    let (store, ledger) = open_or_create(&args.common)?;
    if store.is_empty()? {
        let config =
            Config { members: args.members, seed: args.seed, canaries: 20.min(args.members / 4), now: default_now() };
        eprintln!(
            "{} is empty: seeding a synthetic network of {} members (seed {})",
            args.common.network(),
            config.members,
            config.seed
        );
        seed_into(&store, &ledger, data_dir, config)?;
        let as_of = Timestamp::now();
        let snap = crate::corpus::take_snapshot(&args.common, as_of, None)?;
        for purpose in assent_policy::Purpose::ALL {
            let out = paths::datasets(data_dir).join(format!("{purpose}-{}", as_of.stamp()));
            let manifest = crate::corpus::run_export(&snap, &out, purpose, 16, None)?;
            eprintln!(
                "exported {purpose} dataset {} to {}: {} items of {} members; {} excluded",
                manifest.dataset_id,
                out.display(),
                manifest.included(),
                manifest.members,
                manifest.excluded_by_reason.values().sum::<u64>()
            );
            let release =
                assent_release::train(data_dir, &out).with_context(|| format!("training from {}", out.display()))?;
            eprintln!(
                "trained release {} ({purpose}) in {:.1} s; it is live",
                release.release_id, release.training_secs
            );
        }
    } else {
        eprintln!("{} already holds a network: serving it", args.common.network());
    }
    let logins = store.members(0, 3)?;
    runtime()?.block_on(async move {
        let listener = bind(args.addr).await?;
        let addr = listener.local_addr()?;
        println!("\nAssent is running on http://{addr}");
        println!("  web app:  http://{addr}/  (log in with one of the members below)");
        println!("  API:      http://{addr}/api/v1/openapi.json");
        for m in &logins {
            println!("  profile:  http://{addr}/in/{}", m.handle);
        }
        println!("\nReady logins (password `{}`):", Synth::demo_password());
        for m in &logins {
            println!("  {}  ({})", m.email, m.name);
        }
        println!("\nTry: curl -s -X POST http://{addr}/api/v1/sessions -H 'content-type: application/json' \\\n       -d '{{\"email\":\"{}\",\"password\":\"{}\"}}'",
            logins.first().map(|m| m.email.as_str()).unwrap_or("you@example.com"), Synth::demo_password());
        let state = serving(store, ledger, data_dir.clone());
        assent_server::serve_on(state, listener).await.context("server failed")
    })
}
