//! Assent's HTTP server: the JSON API under `/api/v1`, the member web app and the public pages.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it without a socket;
//! [`serve`] binds it to an address. Three layers, pointing one way: adapters (`api`, the JSON
//! API; `web`, the member web app; `pages`, the public pages) → [`ops`] (one function per product
//! operation, owning its side effects) → the store and the consent ledger. Adapters authenticate,
//! parse a request into typed inputs, run the operation on the blocking pool (the store and the
//! ledger are synchronous SQLite), and map the answer to JSON or to HTML rendered by compiled-in
//! templates; an [`ops::Error`] leaves the API as [`ApiError`] (`{error: {code, message}}`) and
//! the web app as an error page. Neither adapter imports the other.

pub mod ai;
mod api;
mod error;
mod extract;
pub mod i18n;
mod openapi;
pub mod ops;
mod pages;
mod web;

use std::net::SocketAddr;
use std::sync::Arc;

use assent_ledger::Ledger;
use assent_store::Store;
use axum::Router;

pub use error::ApiError;
pub use openapi::openapi_json;

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The network store.
    pub store: Arc<Store>,
    /// The consent ledger.
    pub ledger: Arc<Ledger>,
    /// Live models and the unlearning trigger.
    pub ai: Arc<ai::Ai>,
    /// Failed log-ins, per e-mail address and per IP address (shared by every front end).
    pub(crate) throttle: Arc<ops::throttle::Throttle>,
    /// Settings changes per member (`ops::settings::CHANGES_PER_WINDOW`).
    pub(crate) setting_writes: Arc<ops::throttle::Rate>,
    pub(crate) sign_ups: Arc<ops::throttle::Rate<std::net::IpAddr>>,
    /// Admission control for password hashing (sign-ups and log-ins).
    pub(crate) hashing: Arc<ops::gate::HashGate>,
    /// The cached do-not-train signal lists.
    pub(crate) signals: Arc<ops::signals::Cache>,
    /// The web app's own state: the CSRF key.
    pub(crate) web: Arc<web::WebState>,
}

impl AppState {
    /// State without AI models (the AI endpoints answer 503).
    pub fn new(store: Arc<Store>, ledger: Arc<Ledger>) -> AppState {
        AppState::with(store, ledger, ai::Ai::none())
    }

    fn with(store: Arc<Store>, ledger: Arc<Ledger>, ai: ai::Ai) -> AppState {
        AppState {
            store,
            ledger,
            ai: Arc::new(ai),
            throttle: Arc::default(),
            hashing: Arc::default(),
            setting_writes: Arc::new(ops::throttle::Rate::new(
                ops::settings::CHANGES_PER_WINDOW,
                ops::settings::CHANGE_WINDOW,
            )),
            sign_ups: Arc::new(ops::throttle::Rate::new(ops::account::SIGN_UPS_PER_IP, ops::account::SIGN_UP_WINDOW)),
            signals: Arc::default(),
            web: Arc::new(web::WebState::new()),
        }
    }

    /// State serving the live releases of `data_dir`, with the background unlearner running
    /// (`debounce` after the last change that may need it). Call inside a Tokio runtime.
    pub fn with_ai(
        store: Arc<Store>,
        ledger: Arc<Ledger>,
        data_dir: std::path::PathBuf,
        debounce: std::time::Duration,
    ) -> AppState {
        AppState::with_ai_worker(store, ledger, data_dir, debounce, None)
    }

    /// [`AppState::with_ai`], with each unlearning pass's re-export, training and publication
    /// run by `worker unlearn-pass` in a process of its own (`assent serve` passes itself).
    pub fn with_ai_worker(
        store: Arc<Store>,
        ledger: Arc<Ledger>,
        data_dir: std::path::PathBuf,
        debounce: std::time::Duration,
        worker: Option<std::path::PathBuf>,
    ) -> AppState {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let state = AppState::with(store, ledger, ai::Ai::load(data_dir, Some(tx), worker));
        tokio::spawn(ai::unlearner(state.clone(), rx, debounce));
        // Changes made while the server was down are picked up at start.
        state.ai.request_unlearning();
        state
    }

    /// Runs synchronous operations (the store and the ledger are SQLite) on the blocking pool.
    pub(crate) async fn run<T, F>(&self, f: F) -> ops::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&AppState) -> ops::Result<T> + Send + 'static,
    {
        let state = self.clone();
        // The request's language goes with the work, for the pages and errors drawn there.
        let lang = i18n::current();
        tokio::task::spawn_blocking(move || i18n::scope_sync(lang, || f(&state)))
            .await
            .unwrap_or_else(|e| Err(ops::Error::internal(format!("task failed: {e}"))))
    }
}

/// The largest request body accepted (an article of 100 000 characters fits).
const BODY_LIMIT: usize = 1 << 20;

/// The whole application: API, OpenAPI document, web app, public pages, health check.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(api::router())
        .merge(pages::router())
        .merge(web::router(state.clone()))
        .fallback(fallback)
        .method_not_allowed_fallback(method_not_allowed)
        // Every answer, API, pages and errors alike, carries the same security headers.
        .layer(axum::middleware::from_fn(web::security_headers))
        // Every page, errors included, is in the language the request asks for.
        .layer(axum::middleware::from_fn(i18n::negotiate))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Unknown paths: the API's JSON error under `/api/`, the web app's page elsewhere.
async fn fallback(req: axum::extract::Request) -> axum::response::Response {
    use axum::response::IntoResponse;
    if req.uri().path().starts_with("/api/") {
        ApiError::not_found("route").into_response()
    } else {
        web::not_found_page()
    }
}

/// A known path with a method it does not take: the API's JSON error under `/api/`, a page
/// elsewhere.
async fn method_not_allowed(req: axum::extract::Request) -> axum::response::Response {
    use axum::response::IntoResponse;
    if req.uri().path().starts_with("/api/") {
        let message = format!("{} is not allowed on {}", req.method(), req.uri().path());
        ApiError::new(axum::http::StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", message).into_response()
    } else {
        web::method_not_allowed_page(req.method().as_str(), req.uri().path())
    }
}

/// Limits of the HTTP listener.
#[derive(Debug, Clone, Copy)]
pub struct ServeLimits {
    /// How long a client may take to send a request's headers before its connection is closed
    /// (slow clients cannot hold the server).
    pub header_read_timeout: std::time::Duration,
    /// Connections served at once; further ones wait in the listen backlog until one closes.
    pub max_connections: usize,
}

impl Default for ServeLimits {
    fn default() -> ServeLimits {
        ServeLimits { header_read_timeout: std::time::Duration::from_secs(10), max_connections: 1024 }
    }
}

/// Serves the application on `addr` until the process is stopped (Ctrl-C ends it gracefully).
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_on(state, listener).await
}

/// Serves the application on an already bound listener, with the default [`ServeLimits`].
pub async fn serve_on(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    serve_with(state, listener, ServeLimits::default(), tokio::signal::ctrl_c()).await
}

/// Serves the application on `listener` within `limits` until `shutdown` completes, then waits
/// (at most 10 s) for the connections in progress.
pub async fn serve_with(
    state: AppState,
    listener: tokio::net::TcpListener,
    limits: ServeLimits,
    shutdown: impl std::future::Future + Send,
) -> std::io::Result<()> {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    let checkpoints = tokio::spawn(keep_current(state.clone()));
    let router = app(state);
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => p.expect("the semaphore is never closed"),
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // The peer address feeds login throttling per IP.
        let service = router.clone().map_request(move |mut req: axum::http::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            req
        });
        tokio::spawn(async move {
            let served = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service))
                .await;
            if let Err(e) = served {
                tracing::debug!("connection from {peer} ended: {e}");
            }
            drop(permit);
        });
    }
    let all = u32::try_from(limits.max_connections.max(1)).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), slots.acquire_many(all)).await;
    checkpoints.abort();
    Ok(())
}

/// While serving, four times a second on a blocking thread: the consent ledger's write-ahead log
/// is copied into the database (SQLite), so that the checkpoint a commit makes once the log
/// passes 1 000 pages has little left to copy and settings writes hardly wait for it; the
/// ledger's in-memory index picks up what other processes recorded (another `assent serve` on the
/// same database, `assent consent set`), after which the do-not-train lists are rebuilt and the
/// unlearner is asked to look; and the live releases are reloaded if another process made others
/// live. A change made through any replica reaches every other one within a quarter of a second
/// or so.
async fn keep_current(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(250));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let l = state.ledger.clone();
        match tokio::task::spawn_blocking(move || l.checkpoint().and_then(|_| l.refresh())).await {
            Ok(Ok(0)) => {}
            Ok(Ok(_)) => {
                state.signals.invalidate();
                state.ai.request_unlearning();
            }
            Ok(Err(e)) => tracing::warn!("cannot checkpoint or refresh the consent ledger: {e}"),
            Err(e) => tracing::warn!("the consent ledger's checkpoint failed: {e}"),
        }
        let s = state.clone();
        let _ = tokio::task::spawn_blocking(move || s.ai.reload_if_live_changed()).await;
    }
}
