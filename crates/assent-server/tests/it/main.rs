//! Integration tests of the HTTP API: through `app()` with `oneshot`, and through a real socket.
//! Each test declared with [`on_both!`] runs twice, once with the store and the ledger in SQLite
//! and once in a PostgreSQL database of its own.

/// Runs a test function on both databases, as the tests `<name>::sqlite` and
/// `<name>::postgres`: `on_both!(#[tokio::test] async name);` beside `async fn name(t: TestApp)`
/// (or `on_both!(#[test] name);` beside a plain `fn`). The attribute goes on both; each gets a
/// fresh [`Fixture`] on its database: a [`TestApp`], or the [`Backend`] alone for a test that
/// builds its own.
macro_rules! on_both {
    (#[$attr:meta] async $name:ident) => {
        mod $name {
            #[$attr]
            async fn sqlite() {
                super::$name($crate::fixture($crate::Backend::Sqlite)).await
            }
            #[$attr]
            async fn postgres() {
                super::$name($crate::fixture($crate::Backend::Postgres)).await
            }
        }
    };
    (#[$attr:meta] $name:ident) => {
        mod $name {
            #[$attr]
            fn sqlite() {
                super::$name($crate::Fixture::on($crate::Backend::Sqlite))
            }
            #[$attr]
            fn postgres() {
                super::$name($crate::Fixture::on($crate::Backend::Postgres))
            }
        }
    };
}

mod ai;
mod api;
mod browser;
mod i18n;
mod ops;
mod socket;
mod web;

use std::sync::Arc;

use assent_ledger::scratch::Place;
use assent_ledger::Ledger;
use assent_server::{app, AppState};
use assent_store::Store;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// Where a test keeps the network store and the consent ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Two SQLite files in the test's data directory.
    Sqlite,
    /// A PostgreSQL database of the test's own, dropped at its end.
    Postgres,
}

/// What a test run by [`on_both!`] is given.
pub trait Fixture: Send + 'static {
    fn on(backend: Backend) -> Self;
}

/// A fixture made on a thread of its own: an async test's thread drives a Tokio runtime, where
/// the blocking PostgreSQL client cannot run.
pub fn fixture<F: Fixture>(backend: Backend) -> F {
    std::thread::spawn(move || F::on(backend)).join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

impl Fixture for Backend {
    fn on(backend: Backend) -> Backend {
        backend
    }
}

impl Fixture for TestApp {
    fn on(backend: Backend) -> TestApp {
        TestApp::on(backend)
    }
}

/// The store and the ledger, fresh, on one backend; and what keeps them there until dropped.
pub struct Databases {
    pub store: Arc<Store>,
    pub ledger: Arc<Ledger>,
    /// The PostgreSQL database, dropped after everything else.
    pub place: Option<Place>,
}

impl Databases {
    /// Creates both in `dir` (SQLite) or in one new PostgreSQL database.
    pub fn create(backend: Backend, dir: &std::path::Path) -> Databases {
        let (store_db, ledger_db, place) = match backend {
            Backend::Sqlite => (
                assent_ledger::Database::Sqlite(dir.join("network.db")),
                assent_ledger::Database::Sqlite(dir.join("ledger.db")),
                None,
            ),
            Backend::Postgres => {
                let place = Place::postgres();
                (place.db.clone(), place.db.clone(), Some(place))
            }
        };
        let store = Arc::new(Store::create(&store_db).unwrap());
        let ledger = Arc::new(Ledger::create(&ledger_db).unwrap());
        Databases { store, ledger, place }
    }
}

/// A fresh data directory and the application over it.
pub struct TestApp {
    pub dir: tempfile::TempDir,
    pub state: AppState,
    /// The PostgreSQL database, if any: declared last, so dropped after the state's connections.
    pub place: Option<Place>,
}

impl TestApp {
    /// The application with its store and ledger on `backend`.
    pub fn on(backend: Backend) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let Databases { store, ledger, place } = Databases::create(backend, dir.path());
        TestApp { dir, state: AppState::new(store, ledger), place }
    }

    /// Runs `f` on the state from a thread of its own: an async test calls the store and the
    /// ledger through this, since its own thread drives a Tokio runtime, where the blocking
    /// PostgreSQL client cannot run (the server's handlers use its blocking pool likewise).
    pub fn sync<T: Send>(&self, f: impl FnOnce(&AppState) -> T + Send) -> T {
        std::thread::scope(|s| {
            s.spawn(|| f(&self.state)).join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    /// Sends a request; `body` is JSON unless it is a string (sent raw, as JSON content type).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let body = match body {
            Some(Value::String(raw)) => {
                req = req.header("content-type", "application/json");
                Body::from(raw)
            }
            Some(v) => {
                req = req.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        let resp = app(self.state.clone()).oneshot(req.body(body).unwrap()).await.unwrap();
        let status = resp.status();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        (status, value)
    }

    /// Signs up and logs in a member; returns (id, handle, token).
    pub async fn member(&self, name: &str, email: &str, region: &str) -> (i64, String, String) {
        let (s, v) = self
            .call(
                Method::POST,
                "/api/v1/members",
                None,
                Some(json!({"name": name, "email": email, "password": "correct horse battery", "region": region, "birth_date": "1990-04-01"})),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        let (s, t) = self
            .call(
                Method::POST,
                "/api/v1/sessions",
                None,
                Some(json!({"email": email, "password": "correct horse battery"})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{t}");
        (v["id"].as_i64().unwrap(), v["handle"].as_str().unwrap().to_string(), t["token"].as_str().unwrap().to_string())
    }
}
