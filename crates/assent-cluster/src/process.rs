//! `assent cluster scheduler` and `assent cluster executor`: Ballista's own scheduler and
//! executor processes, with Assent's functions, plan step and codecs registered.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use ballista_core::config::TaskSchedulingPolicy;
use ballista_core::registry::BallistaFunctionRegistry;
use ballista_core::utils::default_session_builder;
use ballista_executor::executor_process::{start_executor_process, ExecutorProcessConfig};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::{create_scheduler, start_grpc_service_with_listener};
use datafusion::execution::{FunctionRegistry, SessionStateBuilder};
use datafusion_proto::protobuf::{LogicalPlanNode, PhysicalPlanNode};

use crate::codec::{AssentLogicalCodec, AssentPhysicalCodec};
use crate::write::AssentQueryPlanner;
use crate::Error;

/// How often an executor reports to the scheduler, in seconds.
const HEARTBEAT_SECS: u64 = 5;

/// Options of a scheduler.
#[derive(Debug, Clone)]
pub struct SchedulerOptions {
    /// Where to listen (gRPC and Arrow Flight).
    pub bind: SocketAddr,
    /// An executor silent for this long is taken for dead and its tasks run elsewhere.
    pub executor_timeout_secs: u64,
}

/// Options of an executor.
#[derive(Debug, Clone)]
pub struct ExecutorOptions {
    /// The scheduler's address (`host:port`).
    pub scheduler: String,
    /// Where to serve the results of its tasks (port 0: any free port).
    pub bind: SocketAddr,
    /// Task slots: tasks run at once.
    pub concurrency: usize,
    /// Where intermediate results go (default: a temporary directory).
    pub work_dir: Option<String>,
    /// Run as a stock Ballista executor, without Assent's functions and plan step (to check
    /// that a cluster with such an executor fails closed).
    pub stock: bool,
}

/// Runs a scheduler until SIGTERM or Ctrl-C. `ready` is told the address it listens on.
pub async fn scheduler(options: SchedulerOptions, ready: impl FnOnce(SocketAddr)) -> Result<(), Error> {
    let listener = tokio::net::TcpListener::bind(options.bind)
        .await
        .map_err(|e| Error::Process(format!("cannot listen on {}: {e}", options.bind)))?;
    let addr = listener.local_addr().map_err(|e| Error::Process(e.to_string()))?;
    let config = SchedulerConfig {
        bind_host: addr.ip().to_string(),
        external_host: addr.ip().to_string(),
        bind_port: addr.port(),
        executor_timeout_seconds: options.executor_timeout_secs,
        // Executors ask for work. With tasks pushed to them (Ballista's default), the tasks of
        // an executor that died were reset but never handed out again, and the job hung.
        scheduling_policy: TaskSchedulingPolicy::PullStaged,
        expire_dead_executor_interval_seconds: HEARTBEAT_SECS,
        no_executors_grace_period_seconds: options.executor_timeout_secs,
        override_logical_codec: Some(Arc::new(AssentLogicalCodec::default())),
        override_physical_codec: Some(Arc::new(AssentPhysicalCodec::default())),
        override_session_builder: Some(Arc::new(|config| {
            let mut state = SessionStateBuilder::new_from_existing(default_session_builder(config)?)
                .with_query_planner(Arc::new(AssentQueryPlanner))
                .build();
            for f in assent_export::functions() {
                state.register_udf(Arc::new(f))?;
            }
            Ok(state)
        })),
        ..SchedulerConfig::default()
    };
    config.validate().map_err(|e| Error::Process(e.to_string()))?;
    let config = Arc::new(config);
    let cluster = BallistaCluster::new_from_config(&config).await.map_err(|e| Error::Process(e.to_string()))?;
    let server = create_scheduler::<LogicalPlanNode, PhysicalPlanNode>(cluster, config)
        .await
        .map_err(|e| Error::Process(e.to_string()))?;
    ready(addr);
    tokio::select! {
        served = start_grpc_service_with_listener(listener, server) => {
            served.map_err(|e| Error::Process(e.to_string()))
        }
        () = stop_signal() => Ok(()),
    }
}

/// Runs an executor until SIGTERM or Ctrl-C, after finishing the tasks it holds.
pub async fn executor(options: ExecutorOptions) -> Result<(), Error> {
    let (host, port) = options
        .scheduler
        .rsplit_once(':')
        .and_then(|(h, p)| Some((h.to_string(), p.parse::<u16>().ok()?)))
        .ok_or_else(|| Error::Process(format!("--scheduler {}: expected HOST:PORT", options.scheduler)))?;
    let port_of = |addr: SocketAddr| -> Result<u16, Error> {
        let listener = TcpListener::bind(addr).map_err(|e| Error::Process(format!("cannot listen on {addr}: {e}")))?;
        Ok(listener.local_addr().map_err(|e| Error::Process(e.to_string()))?.port())
    };
    // Ballista announces the ports it is given, so a port 0 is resolved to a free one first.
    let flight_port = port_of(options.bind)?;
    let grpc_port = port_of(SocketAddr::new(options.bind.ip(), 0))?;
    // Ballista's default work directory is a temporary directory it drops at once.
    let work_dir = match options.work_dir {
        Some(dir) => dir,
        None => {
            let dir = std::env::temp_dir().join(format!("assent-executor-{flight_port}-{}", std::process::id()));
            std::fs::create_dir_all(&dir).map_err(|e| Error::Process(format!("{}: {e}", dir.display())))?;
            dir.to_string_lossy().into_owned()
        }
    };
    let config = ExecutorProcessConfig {
        bind_host: options.bind.ip().to_string(),
        external_host: Some(options.bind.ip().to_string()),
        port: flight_port,
        grpc_port,
        scheduler_host: host,
        scheduler_port: port,
        scheduler_connect_timeout_seconds: 10,
        vcores: options.concurrency.max(1),
        task_scheduling_policy: TaskSchedulingPolicy::PullStaged,
        work_dir: Some(work_dir),
        print_thread_info: false,
        executor_heartbeat_interval_seconds: HEARTBEAT_SECS,
        job_data_clean_up_interval_seconds: 600,
        job_data_ttl_seconds: 3600,
        ..ExecutorProcessConfig::default()
    };
    let config = if options.stock {
        config
    } else {
        let mut registry = BallistaFunctionRegistry::default();
        for f in assent_export::functions() {
            registry.scalar_functions.insert(f.name().to_string(), Arc::new(f));
        }
        ExecutorProcessConfig {
            override_function_registry: Some(Arc::new(registry)),
            override_logical_codec: Some(Arc::new(AssentLogicalCodec::default())),
            override_physical_codec: Some(Arc::new(AssentPhysicalCodec::default())),
            ..config
        }
    };
    start_executor_process(Arc::new(config)).await.map_err(|e| Error::Process(e.to_string()))
}

async fn stop_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        Some(()) = async { match term.as_mut() { Some(t) => t.recv().await, None => std::future::pending().await } } => {}
    }
}
