//! The AI side of the server: the live releases it serves, and the background unlearner that
//! retrains affected shards after a member turns a setting off, deletes an item or leaves.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use assent_ledger::{Leadership, Ledger};
use assent_models::{Mixture, SkillModel};
use assent_policy::{Purpose, Timestamp};
use assent_release::Releases;
use tokio::sync::mpsc;

use crate::AppState;

/// The live writing model.
#[derive(Debug)]
pub struct LiveWriting {
    /// Its release.
    pub release_id: String,
    /// The combined shard models.
    pub model: Mixture,
}

/// The live suggestion models.
#[derive(Debug)]
pub struct LiveSkills {
    /// Its release.
    pub release_id: String,
    /// Shard models with their weights.
    pub models: Vec<(f64, SkillModel)>,
}

impl LiveSkills {
    /// SISA: the shard models' scores weighted by shard size, and the first non-empty reason.
    fn combine<R: Default + AsRef<[String]>>(&self, score: impl Fn(&SkillModel) -> (f64, R)) -> (f64, R) {
        let total: f64 = self.models.iter().map(|(w, _)| w).sum();
        let mut sum = 0.0;
        let mut reason = R::default();
        for (w, m) in &self.models {
            let (s, r) = score(m);
            sum += w * s / total;
            if reason.as_ref().is_empty() {
                reason = r;
            }
        }
        (sum, reason)
    }

    /// How well member B suits member A as a connection, and the skills they share.
    pub fn score_member(&self, mine: &[String], theirs: &[String], mutual: usize) -> (f64, Vec<String>) {
        self.combine(|m| (m.score_member(mine, theirs, mutual), m.shared_skills(mine, theirs)))
    }

    /// How well a job suits a member, and the member's skills it matches.
    pub fn score_job(&self, mine: &[String], job_skills: &[String], job_title: &str) -> (f64, Vec<String>) {
        self.combine(|m| m.score_job(mine, job_skills, job_title))
    }
}

/// What the server knows about AI: where releases are, which are live, and how to ask for
/// unlearning.
#[derive(Debug)]
pub struct Ai {
    data_dir: Option<PathBuf>,
    writing: RwLock<Option<Arc<LiveWriting>>>,
    skills: RwLock<Option<Arc<LiveSkills>>>,
    unlearn: Option<mpsc::UnboundedSender<()>>,
    /// How many times unlearning was requested since start.
    requests: AtomicU64,
    /// Work the unlearner has not finished yet.
    pending: Mutex<Pending>,
    /// Held while this server is the one, among the replicas sharing its database, that runs
    /// unlearning passes; the others watch for their opt-outs to be applied.
    leader: Mutex<Option<Leadership>>,
    /// The live release ids last loaded (or tried): writing, suggestions.
    loaded: Mutex<(Option<String>, Option<String>)>,
    /// How many releases were loaded (or tried) since start.
    loads: AtomicU64,
    /// The executable whose `unlearn-pass` re-exports, retrains and publishes for each pass, in
    /// a process of its own; `None`: this process does.
    worker: Option<PathBuf>,
    /// Called whenever an unlearning pass has freed memory, on whichever thread it runs (see
    /// [`Ai::when_pass_frees_memory`]; `assent serve` wakes its heap trimmer).
    freed_hook: std::sync::OnceLock<FreedHook>,
}

/// What [`Ai::when_pass_frees_memory`] set.
struct FreedHook(Box<dyn Fn() + Send + Sync>);

impl std::fmt::Debug for FreedHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FreedHook")
    }
}

/// Unlearning that was asked for and has not been carried out yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pending {
    /// When the oldest request still waiting was made (`None`: nothing is pending).
    pub since: Option<Timestamp>,
    /// Passes that failed since then.
    pub failed_attempts: u32,
    /// What the last failure said.
    pub last_error: Option<String>,
}

impl Ai {
    /// No models and no unlearning (tests of the non-AI API).
    pub fn none() -> Ai {
        Ai {
            data_dir: None,
            writing: RwLock::new(None),
            skills: RwLock::new(None),
            unlearn: None,
            requests: AtomicU64::new(0),
            pending: Mutex::default(),
            leader: Mutex::default(),
            loaded: Mutex::default(),
            loads: AtomicU64::new(0),
            worker: None,
            freed_hook: std::sync::OnceLock::new(),
        }
    }

    /// The releases of `data_dir`, loaded now; `unlearn` receives a signal after every change
    /// that may require unlearning, and `worker` (if any) carries out each pass's re-export,
    /// training and publication in a process of its own.
    pub fn load(data_dir: PathBuf, unlearn: Option<mpsc::UnboundedSender<()>>, worker: Option<PathBuf>) -> Ai {
        let ai = Ai {
            data_dir: Some(data_dir),
            writing: RwLock::new(None),
            skills: RwLock::new(None),
            unlearn,
            requests: AtomicU64::new(0),
            pending: Mutex::default(),
            leader: Mutex::default(),
            loaded: Mutex::default(),
            loads: AtomicU64::new(0),
            worker,
            freed_hook: std::sync::OnceLock::new(),
        };
        ai.reload_if_live_changed();
        ai
    }

    /// The data directory, if AI is enabled.
    pub fn data_dir(&self) -> Option<&PathBuf> {
        self.data_dir.as_ref()
    }

    /// Loads the live release of each purpose whose pointer names another release than the one
    /// loaded (at start, any that is live): after an unlearning pass of this server, or when
    /// another process (another replica's unlearner, `assent train`) made one live. The pointers
    /// are read and the models loaded under one lock, so that the unlearner and the watcher of
    /// the pointers, racing for the same new release, load it once. A release that fails to load
    /// is logged, and the one served before stays.
    pub fn reload_if_live_changed(&self) {
        let Some(dir) = &self.data_dir else { return };
        let releases = Releases::new(dir);
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        let now = live_ids(&releases);
        if loaded.0 != now.0 {
            self.install(&self.writing, "writing", &releases, now.0.as_deref(), |m| {
                Ok(LiveWriting { model: releases.load_model(&m)?, release_id: m.release_id })
            });
        }
        if loaded.1 != now.1 {
            self.install(&self.skills, "suggestions", &releases, now.1.as_deref(), |m| {
                Ok(LiveSkills { models: releases.load_skills(&m)?, release_id: m.release_id })
            });
        }
        *loaded = now;
    }

    /// How many releases this server loaded (or tried to) since it started, both purposes
    /// counted.
    pub fn releases_loaded(&self) -> u64 {
        self.loads.load(Ordering::Relaxed)
    }

    /// Serves release `id` (none if `None`) in `slot`, loaded by `load`; a release that fails to
    /// load is logged, and the one served before stays.
    fn install<T>(
        &self,
        slot: &RwLock<Option<Arc<T>>>,
        what: &str,
        releases: &Releases,
        id: Option<&str>,
        load: impl FnOnce(assent_release::ReleaseManifest) -> assent_release::Result<T>,
    ) {
        self.loads.fetch_add(1, Ordering::Relaxed);
        tracing::debug!("loading the live {what} release {id:?}");
        match id.map(|id| releases.get(id).and_then(load).map(Arc::new)).transpose() {
            Ok(live) => *slot.write().unwrap_or_else(|e| e.into_inner()) = live,
            Err(e) => tracing::error!("cannot load the live {what} release: {e}"),
        }
    }

    /// Whether this server runs the unlearning passes: it does if it already did, or if no
    /// other server sharing its database does (then it takes over).
    pub fn leads(&self, ledger: &Ledger) -> bool {
        let mut leader = self.leader.lock().unwrap_or_else(|e| e.into_inner());
        if leader.is_none() {
            match ledger.lead("unlearner") {
                Ok(Some(l)) => {
                    tracing::info!("this server now runs the unlearning passes");
                    *leader = Some(l);
                }
                Ok(None) => {}
                Err(e) => tracing::warn!("cannot tell whether another server runs the unlearning passes: {e}"),
            }
        }
        leader.is_some()
    }

    /// Whether this server has been running the unlearning passes (shown by `/healthz`).
    pub fn is_leading(&self) -> bool {
        self.leader.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }

    /// The live writing model, if any.
    pub fn writing(&self) -> Option<Arc<LiveWriting>> {
        self.writing.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The live suggestion models, if any.
    pub fn skills(&self) -> Option<Arc<LiveSkills>> {
        self.skills.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Has `hook` called whenever an unlearning pass has freed memory: after each pass, and,
    /// when a worker process carries out the pass, as soon as its snapshot is taken (before the
    /// worker runs). It may be called on the pass's own `SCHED_IDLE` thread, so it must not
    /// block or take a lock the requests need (the server's only wakes a thread of normal
    /// priority). Only the first hook set is kept.
    pub fn when_pass_frees_memory(&self, hook: impl Fn() + Send + Sync + 'static) {
        let _ = self.freed_hook.set(FreedHook(Box::new(hook)));
    }

    /// Calls the hook of [`Ai::when_pass_frees_memory`], if one is set.
    fn pass_freed_memory(&self) {
        if let Some(FreedHook(hook)) = self.freed_hook.get() {
            hook();
        }
    }

    /// Asks the background unlearner to look for pending work.
    pub fn request_unlearning(&self) {
        if self.unlearn.is_some() {
            self.pending.lock().unwrap_or_else(|e| e.into_inner()).since.get_or_insert_with(Timestamp::now);
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        if let Some(tx) = &self.unlearn {
            let _ = tx.send(());
        }
    }
}

impl Ai {
    /// How many times unlearning was requested since the server started (with or without an
    /// unlearner running).
    pub fn unlearning_requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// What the unlearner still owes (shown by `/healthz`).
    pub fn pending(&self) -> Pending {
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The ids of the live releases, writing then suggestions (an unreadable pointer reads as none:
/// the next load says why).
fn live_ids(releases: &Releases) -> (Option<String>, Option<String>) {
    let id = |p| releases.live_id(p).ok().flatten();
    (id(Purpose::TrainGenai), id(Purpose::TrainAi))
}

/// The longest wait between two attempts of a failing unlearning pass.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Runs the unlearner: after each signal, waits `debounce` for more changes, then plans and
/// carries out unlearning for both purposes and reloads the live models. While changes keep
/// arriving, each pass is followed by a rest as long as the pass took (at least `debounce`), so
/// retraining takes at most half of the time and an opt-out reaches the models within about
/// three passes. A pass that fails is retried, waiting `debounce`, then twice as long each time up
/// to a minute, until one succeeds: an opt-out always reaches the served models. Meanwhile
/// `/healthz` and the log say since when opt-outs are pending.
pub async fn unlearner(state: AppState, mut rx: mpsc::UnboundedReceiver<()>, debounce: Duration) {
    while rx.recv().await.is_some() {
        tokio::time::sleep(debounce).await;
        let mut retry = Retry::new(debounce);
        loop {
            while rx.try_recv().is_ok() {}
            let s = state.clone();
            let leads = tokio::task::spawn_blocking(move || s.ai.leads(&s.ledger)).await.unwrap_or(false);
            if !leads {
                // Another replica runs the passes: wait until what this one was asked for is
                // applied there (its new releases are loaded here as they go live).
                let s = state.clone();
                match tokio::task::spawn_blocking(move || left_to_unlearn(&s)).await {
                    Ok(Ok(false)) => {
                        state.ai.reload_if_live_changed();
                        *state.ai.pending.lock().unwrap_or_else(|e| e.into_inner()) = Pending::default();
                        break;
                    }
                    Ok(Ok(true)) => {}
                    Ok(Err(e)) => tracing::warn!("cannot tell whether unlearning is still pending: {e}"),
                    Err(e) => tracing::warn!("checking for pending unlearning failed: {e}"),
                }
                tokio::time::sleep(debounce).await;
                continue;
            }
            let asked = state.ai.unlearning_requests();
            let s = state.clone();
            let (started_at, started) = (Timestamp::now(), std::time::Instant::now());
            let result = in_background(move || run_unlearning(&s)).await;
            state.ai.pass_freed_memory();
            let more = state.ai.unlearning_requests() != asked;
            let pass = Pass { started_at, took: started.elapsed(), result, more };
            let next = retry.after(&mut state.ai.pending.lock().unwrap_or_else(|e| e.into_inner()), pass);
            match next {
                Some(wait) => tokio::time::sleep(wait).await,
                None => break,
            }
        }
    }
}

/// How an unlearning pass ended.
#[derive(Debug)]
struct Pass {
    /// When it started.
    started_at: Timestamp,
    /// How long it took.
    took: Duration,
    /// Its outcome.
    result: Result<(), String>,
    /// Whether more unlearning was asked for while it ran.
    more: bool,
}

/// The unlearner's waits between passes.
#[derive(Debug)]
struct Retry {
    debounce: Duration,
    backoff: Duration,
}

impl Retry {
    fn new(debounce: Duration) -> Retry {
        let debounce = debounce.max(Duration::from_millis(50));
        Retry { debounce, backoff: debounce }
    }

    /// Records `pass` in `pending` and says how long to wait before the next one (`None`: the
    /// unlearner is done until it is asked again).
    fn after(&mut self, pending: &mut Pending, pass: Pass) -> Option<Duration> {
        match pass.result {
            Ok(()) if !pass.more => {
                *pending = Pending::default();
                None
            }
            // Changes arrived during the pass: go again for them, after a rest. What was asked
            // before it started is applied; what is pending dates from its start.
            Ok(()) => {
                *pending = Pending { since: Some(pass.started_at), failed_attempts: 0, last_error: None };
                self.backoff = self.debounce;
                Some(pass.took.max(self.debounce))
            }
            Err(e) => {
                pending.failed_attempts += 1;
                let since = pending.since.map(|t| t.to_string()).unwrap_or_default();
                tracing::error!(
                    "unlearning failed (attempt {}): {e}; opt-outs pending since {since}; retrying in {:.1} s",
                    pending.failed_attempts,
                    self.backoff.as_secs_f64()
                );
                pending.last_error = Some(e);
                let wait = self.backoff;
                self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
                Some(wait)
            }
        }
    }
}

/// Runs `pass` on a thread of its own at the lowest CPU priority, which the threads it starts
/// for exporting and training inherit: retraining takes the cores only when requests do not need
/// them.
async fn in_background(
    pass: impl FnOnce() -> Result<(), assent_release::Error> + Send + 'static,
) -> Result<(), String> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new().name("unlearner".into()).spawn(move || {
        lower_priority();
        let _ = tx.send(pass().map_err(|e| e.to_string()));
    });
    if let Err(e) = spawned {
        return Err(format!("cannot start the unlearning thread: {e}"));
    }
    rx.await.unwrap_or_else(|_| Err("the unlearning pass panicked".into()))
}

/// Puts the calling thread (not the process) under `SCHED_IDLE`: it runs only on a
/// core no other thread wants, and a request thread that wakes up takes the core from it at once.
/// (At nice 19 alone it could still keep a core for milliseconds while a request waited.)
/// Failing to is logged, not fatal.
fn lower_priority() {
    use thread_priority::unix::{
        set_thread_priority_and_policy, thread_native_id, NormalThreadSchedulePolicy, ThreadSchedulePolicy,
    };
    let idle = ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);
    // The policy alone decides: a `SCHED_IDLE` thread has the same tiny weight at any nice value,
    // and its I/O gets the idle class too.
    if let Err(e) = set_thread_priority_and_policy(thread_native_id(), thread_priority::ThreadPriority::Min, idle) {
        tracing::warn!("cannot lower the unlearner's priority: {e:?}");
    }
}

/// The scheduling policy of the calling thread (Linux: field 41 of `/proc/thread-self/stat`).
#[cfg(all(test, target_os = "linux"))]
fn own_policy() -> u32 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
    // The fields after the command name, which is in parentheses and may hold spaces, from 3.
    let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
    fields[41 - 3].parse().unwrap()
}

/// Whether a live release still holds data that is no longer eligible (what the unlearner's plan
/// would retrain).
fn left_to_unlearn(state: &AppState) -> Result<bool, assent_release::Error> {
    let Some(dir) = state.ai.data_dir() else { return Ok(false) };
    for purpose in Purpose::ALL {
        if assent_release::plan(dir, &state.store, &state.ledger, purpose)?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// One unlearning pass over both purposes.
pub fn run_unlearning(state: &AppState) -> Result<(), assent_release::Error> {
    let Some(dir) = state.ai.data_dir() else { return Ok(()) };
    let mut changed = false;
    for purpose in Purpose::ALL {
        let Some(plan) = assent_release::plan(dir, &state.store, &state.ledger, purpose)? else { continue };
        let report = match &state.ai.worker {
            None => assent_release::unlearn(dir, &state.store, &state.ledger, &plan)?,
            Some(exe) => in_worker(exe, dir, state, &plan)?,
        };
        tracing::info!(
            "unlearning {purpose}: release {} retired, {} live; retrained shards {:?} for {} member(s) in {:.2} s (snapshot {:.2} s, export {:.2} s, training {:.2} s)",
            report.retired,
            report.release.release_id,
            plan.shards,
            plan.members.len(),
            report.total_secs,
            report.snapshot_secs,
            report.export_secs,
            report.train_secs
        );
        changed = true;
    }
    if changed {
        state.ai.reload_if_live_changed();
    }
    Ok(())
}

/// What `assent unlearn-pass` prints on its last line of output: the new live release and the
/// times of its steps.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct WorkerReport {
    /// The release it published and made live.
    pub release: assent_release::ReleaseManifest,
    /// Seconds to re-export the shards.
    pub export_secs: f64,
    /// Seconds to retrain them.
    pub train_secs: f64,
}

/// A pass whose snapshot this process takes (it needs the store and the ledger's index) and
/// whose re-export, training and publication run in a worker process: `exe unlearn-pass`.
///
/// The export and training allocate and free hundreds of megabytes a pass; in the server's
/// process that memory stayed in glibc's arenas, shared with the request threads (whose locks a
/// low-priority thread could hold while it waited for a core). In a process of its own it goes
/// back to the system when the pass ends. The worker inherits the calling thread's `SCHED_IDLE`
/// policy, and it stops, publishing nothing, if this process goes away (its parent changes).
fn in_worker(
    exe: &std::path::Path,
    dir: &std::path::Path,
    state: &AppState,
    plan: &assent_release::UnlearnPlan,
) -> Result<assent_release::UnlearnReport, assent_release::Error> {
    use std::process::{Command, Stdio};
    let started = std::time::Instant::now();
    let snapshot =
        assent_release::snapshot_for(dir, &state.store, &state.ledger, plan, assent_release::Storage::Files)?;
    let snapshot_secs = started.elapsed().as_secs_f64();
    // The snapshot's buffers are free now: back to the system before the worker runs, rather
    // than held for the rest of the pass.
    state.ai.pass_freed_memory();
    let shards: Vec<String> = plan.shards.iter().map(u32::to_string).collect();
    let failed = |what: String| assent_release::Error::Invalid(format!("the unlearning worker {what}"));
    let child = Command::new(exe)
        .arg("unlearn-pass")
        .arg("--data-dir")
        .arg(dir)
        .args(["--release", &plan.release.release_id, "--shards", &shards.join(",")])
        .arg("--snapshot")
        .arg(snapshot.dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("could not start ({}): {e}", exe.display())))?;
    let output = child.wait_with_output().map_err(|e| failed(format!("could not be waited for: {e}")))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(failed(format!("{}: {}", output.status, said.trim())));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    let report: WorkerReport =
        serde_json::from_str(last).map_err(|e| failed(format!("gave an unreadable report ({e}): {last}")))?;
    Ok(assent_release::UnlearnReport {
        retired: plan.release.release_id.clone(),
        release: report.release,
        snapshot_secs,
        export_secs: snapshot_secs + report.export_secs,
        train_secs: report.train_secs,
        total_secs: started.elapsed().as_secs_f64(),
    })
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[tokio::test]
    async fn unlearning_passes_run_at_the_lowest_priority_and_leave_the_runtime_alone() {
        let before = super::own_policy();
        let seen = super::in_background(|| {
            let mine = super::own_policy();
            // Threads the pass starts (export, training) inherit it.
            let child = std::thread::spawn(super::own_policy).join().unwrap();
            const SCHED_IDLE: u32 = 5;
            assert_eq!((mine, child), (SCHED_IDLE, SCHED_IDLE));
            Ok(())
        })
        .await;
        assert_eq!(seen, Ok(()));
        assert_eq!(super::own_policy(), before, "the caller's thread keeps its priority");
    }

    #[test]
    fn passes_rest_as_long_as_they_took_retry_with_backoff_and_date_what_is_still_pending() {
        use super::{Pass, Pending, Retry};
        use assent_policy::Timestamp;
        use std::time::Duration;
        let secs = Duration::from_secs;
        let mut retry = Retry::new(secs(2));
        let asked = Timestamp(1_000);
        let mut pending = Pending { since: Some(asked), failed_attempts: 0, last_error: None };
        let pass = |at: i64, took: u64, result: Result<(), String>, more: bool| Pass {
            started_at: Timestamp(at),
            took: secs(took),
            result,
            more,
        };
        // Failures wait 2 s, then twice as long each time; what is pending keeps its date.
        assert_eq!(retry.after(&mut pending, pass(2_000, 5, Err("disk full".into()), false)), Some(secs(2)));
        assert_eq!(retry.after(&mut pending, pass(3_000, 5, Err("disk full".into()), false)), Some(secs(4)));
        assert_eq!((pending.since, pending.failed_attempts), (Some(asked), 2));
        assert_eq!(pending.last_error.as_deref(), Some("disk full"));
        // A pass that succeeds while changes keep arriving: a rest as long as it took (at least
        // the debounce), and only what was asked since it started is pending.
        assert_eq!(retry.after(&mut pending, pass(4_000, 7, Ok(()), true)), Some(secs(7)));
        assert_eq!(pending, Pending { since: Some(Timestamp(4_000)), failed_attempts: 0, last_error: None });
        assert_eq!(retry.after(&mut pending, pass(5_000, 1, Ok(()), true)), Some(secs(2)));
        // The backoff starts over after a success.
        assert_eq!(retry.after(&mut pending, pass(6_000, 1, Err("again".into()), false)), Some(secs(2)));
        // A pass with nothing asked meanwhile: done, nothing pending.
        assert_eq!(retry.after(&mut pending, pass(7_000, 3, Ok(()), false)), None);
        assert_eq!(pending, Pending::default());
    }

    #[tokio::test]
    async fn a_panicking_pass_is_an_error_not_a_hang() {
        let r = super::in_background(|| panic!("boom")).await;
        assert_eq!(r, Err("the unlearning pass panicked".to_string()));
    }
}
