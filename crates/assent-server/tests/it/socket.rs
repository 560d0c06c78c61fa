//! The server on a real TCP socket.

use std::io::{Read, Write};

use crate::TestApp;

/// A minimal HTTP/1.1 client: one request, `Connection: close`, returns (status, body).
pub fn http(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(t) = token {
        req.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() {
        req.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out[9..12].parse().unwrap();
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

on_both!(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async journey_over_a_real_socket);
async fn journey_over_a_real_socket(t: TestApp) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(assent_server::serve_on(t.state.clone(), listener));
    let (status, body) = tokio::task::spawn_blocking(move || {
        assert_eq!(http(addr, "GET", "/healthz", None, None), (200, "ok".to_string()));
        let (s, b) = http(addr, "POST", "/api/v1/members", None, Some(r#"{"name":"Ada","email":"ada@example.com","password":"correct horse","region":"FR","birth_date":"1990-04-01"}"#));
        assert_eq!(s, 201, "{b}");
        let (s, b) = http(addr, "POST", "/api/v1/sessions", None, Some(r#"{"email":"ada@example.com","password":"correct horse"}"#));
        assert_eq!(s, 200, "{b}");
        let token: serde_json::Value = serde_json::from_str(&b).unwrap();
        let token = token["token"].as_str().unwrap().to_string();
        let (s, _) = http(addr, "POST", "/api/v1/posts", Some(&token), Some(r#"{"text":"over TCP","visibility":"public"}"#));
        assert_eq!(s, 201);
        http(addr, "PUT", "/api/v1/me/settings/ai-data", Some(&token), Some(r#"{"train_ai":false}"#))
    })
    .await
    .unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap(),
        serde_json::json!({"train_genai": true, "train_ai": false})
    );
}

on_both!(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async slow_clients_are_cut_off_and_cannot_hold_the_server);
async fn slow_clients_are_cut_off_and_cannot_hold_the_server(t: TestApp) {
    use std::time::{Duration, Instant};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let limits = assent_server::ServeLimits { header_read_timeout: Duration::from_millis(500), max_connections: 8 };
    tokio::spawn(assent_server::serve_with(t.state.clone(), listener, limits, std::future::pending::<()>()));
    let (cut_off, healthy) = tokio::task::spawn_blocking(move || {
        // Slowloris: as many connections as the server takes, each sending half a request.
        let mut slow: Vec<std::net::TcpStream> = (0..8)
            .map(|_| {
                let mut s = std::net::TcpStream::connect(addr).unwrap();
                s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ").unwrap();
                s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                s
            })
            .collect();
        // A member arriving now is served once the slow ones are cut off.
        let started = Instant::now();
        let healthy = http(addr, "GET", "/healthz", None, None);
        let waited = started.elapsed();
        let mut cut_off = 0;
        for s in &mut slow {
            let mut buf = Vec::new();
            // The server closes the connection (with or without a 408): reading ends.
            if s.read_to_end(&mut buf).is_ok() {
                cut_off += 1;
            }
        }
        (cut_off, (healthy, waited))
    })
    .await
    .unwrap();
    assert_eq!(cut_off, 8, "every half-sent request was cut off");
    assert_eq!(healthy.0, (200, "ok".to_string()));
    assert!(healthy.1 < Duration::from_secs(3), "served after {:?}", healthy.1);
}
