//! What the request targets share: a server in-process with one signed-up member, and a way to
//! send it a request. A request may be refused (4xx) but never fail the server (5xx) or panic.

use std::sync::{Arc, OnceLock};

use assent_ledger::Ledger;
use assent_server::AppState;
use assent_store::Store;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use tower::ServiceExt;

/// The server, and a bearer token of its one member.
pub struct Server {
    pub state: AppState,
    pub token: String,
    pub runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

/// The one server of this process.
pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::create(&dir.path().join("network.db")).unwrap());
        let ledger = Arc::new(Ledger::create(&dir.path().join("ledger.db")).unwrap());
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let state = AppState::new(store, ledger);
        let mut server = Server { state, token: String::new(), runtime, _dir: dir };
        let sign_up = r#"{"name":"Fuzz","email":"fuzz@example.com","password":"correct horse","region":"FR","birth_date":"1990-04-01"}"#;
        let (status, _) = server.send(Method::POST, "/api/v1/members", &[("content-type", "application/json")], sign_up.as_bytes().to_vec());
        assert_eq!(status, StatusCode::CREATED);
        let (status, body) = server.send(
            Method::POST,
            "/api/v1/sessions",
            &[("content-type", "application/json")],
            br#"{"email":"fuzz@example.com","password":"correct horse"}"#.to_vec(),
        );
        assert_eq!(status, StatusCode::OK);
        let body = String::from_utf8(body).unwrap();
        server.token = body.split("\"token\":\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        server
    })
}

impl Server {
    /// Sends a request; returns the status and the body.
    pub fn send(&self, method: Method, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> (StatusCode, Vec<u8>) {
        let mut req = Request::builder().method(method).uri(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req.body(Body::from(body)).unwrap();
        self.runtime.block_on(async {
            let resp = assent_server::app(self.state.clone()).oneshot(req).await.unwrap();
            let status = resp.status();
            let body = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
            (status, body.to_vec())
        })
    }
}

/// Fails the target on a server error.
pub fn assert_not_a_server_error(path: &str, status: StatusCode, body: &[u8]) {
    assert!(
        !status.is_server_error() || status == StatusCode::SERVICE_UNAVAILABLE,
        "{path}: {status} {}",
        String::from_utf8_lossy(body)
    );
}
