//! Integration tests of the HTTP API: through `app()` with `oneshot`, and through a real socket.

mod ai;
mod api;
mod browser;
mod i18n;
mod ops;
mod socket;
mod web;

use std::sync::Arc;

use assent_ledger::Ledger;
use assent_server::{app, AppState};
use assent_store::Store;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// A fresh data directory and the application over it.
pub struct TestApp {
    pub dir: tempfile::TempDir,
    pub state: AppState,
}

#[allow(clippy::new_without_default)]
impl TestApp {
    pub fn new() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::create(dir.path().join("network.db")).unwrap());
        let ledger = Arc::new(Ledger::create(dir.path().join("ledger.db")).unwrap());
        TestApp { dir, state: AppState::new(store, ledger) }
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
