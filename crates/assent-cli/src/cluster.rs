//! `assent cluster scheduler|executor`: Assent's own Apache DataFusion Ballista processes, which
//! know Assent's functions and plan step (stock Ballista binaries do not).

use std::net::SocketAddr;

use anyhow::{Context, Result};
use assent_cluster::{ExecutorOptions, SchedulerOptions};
use clap::{Args, Subcommand};

/// `assent cluster …`.
#[derive(Subcommand)]
pub enum Command {
    /// Run a scheduler: it plans exports and hands their tasks to executors.
    Scheduler(SchedulerArgs),
    /// Run an executor: it runs tasks and writes the shards they produce.
    Executor(ExecutorArgs),
}

/// Options of `assent cluster scheduler`.
#[derive(Args)]
pub struct SchedulerArgs {
    /// Where to listen for clients and executors.
    #[arg(long, default_value = "127.0.0.1:50050")]
    bind: SocketAddr,
    /// Seconds without a heartbeat after which an executor is taken for dead and its tasks run
    /// elsewhere.
    #[arg(long, default_value_t = 20)]
    executor_timeout_secs: u64,
}

/// Options of `assent cluster executor`.
#[derive(Args)]
pub struct ExecutorArgs {
    /// The scheduler's address.
    #[arg(long, default_value = "127.0.0.1:50050", value_name = "HOST:PORT")]
    scheduler: String,
    /// Where to serve task results to the scheduler and clients (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    bind: SocketAddr,
    /// Tasks run at once (default: all cores).
    #[arg(long)]
    concurrency: Option<usize>,
    /// Where intermediate results go (default: a temporary directory).
    #[arg(long)]
    work_dir: Option<String>,
    /// Run a stock Ballista executor, without Assent's functions (tests check that a cluster
    /// with one fails closed).
    #[arg(long, hide = true)]
    stock: bool,
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // Deep plans are decoded recursively.
        .thread_stack_size(32 * 1024 * 1024)
        .build()
        .context("starting the async runtime")
}

/// Logs go to stderr (`RUST_LOG` filters them; Ballista's own `log` records included).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}

pub fn run(cmd: Command) -> Result<()> {
    init_logging();
    match cmd {
        Command::Scheduler(args) => {
            let options =
                SchedulerOptions { bind: args.bind, executor_timeout_secs: args.executor_timeout_secs.max(1) };
            runtime()?.block_on(assent_cluster::scheduler(options, |addr| {
                eprintln!("assent scheduler listening on {addr}");
            }))?;
            eprintln!("assent scheduler stopped");
        }
        Command::Executor(args) => {
            let concurrency =
                args.concurrency.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
            let options = ExecutorOptions {
                scheduler: args.scheduler,
                bind: args.bind,
                concurrency,
                work_dir: args.work_dir,
                stock: args.stock,
            };
            runtime()?.block_on(assent_cluster::executor(options))?;
            eprintln!("assent executor stopped");
        }
    }
    Ok(())
}
