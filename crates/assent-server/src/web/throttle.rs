//! Login throttling: after too many failed log-ins for one e-mail address (5) or from one IP
//! address (20, since several people can share one) within 15 minutes, further attempts are
//! refused with 429 until the oldest failure leaves the window. Kept in memory: a restart forgets
//! it, which costs an attacker a restart they cannot cause.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

/// How long a failure counts.
pub(crate) const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures allowed per e-mail address within [`WINDOW`].
pub(crate) const PER_EMAIL: usize = 5;
/// Failures allowed per IP address within [`WINDOW`].
pub(crate) const PER_IP: usize = 20;
/// Keys kept before expired ones are swept.
const SWEEP_AT: usize = 10_000;

/// Failed log-ins per key (`email:…`, `ip:…`).
#[derive(Default)]
pub(crate) struct Throttle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// The keys of one attempt.
pub(crate) fn keys(email: &str, ip: Option<IpAddr>) -> Vec<(String, usize)> {
    let mut k = vec![(format!("email:{}", email.trim().to_lowercase()), PER_EMAIL)];
    if let Some(ip) = ip {
        k.push((format!("ip:{ip}"), PER_IP));
    }
    k
}

impl Throttle {
    /// `Err(wait)` when any key is over its limit: how long until the next attempt is allowed.
    pub(crate) fn check(&self, keys: &[(String, usize)]) -> Result<(), Duration> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = Duration::ZERO;
        for (key, limit) in keys {
            if let Some(q) = map.get_mut(key) {
                while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
                    q.pop_front();
                }
                if q.len() >= *limit {
                    // Allowed again when enough failures have aged out to fall below the limit.
                    let oldest = q[q.len() - limit];
                    wait = wait.max(WINDOW.saturating_sub(now.duration_since(oldest)));
                }
            }
        }
        if wait.is_zero() {
            Ok(())
        } else {
            Err(wait.max(Duration::from_secs(1)))
        }
    }

    /// Counts a failed attempt against every key.
    pub(crate) fn failed(&self, keys: &[(String, usize)]) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= SWEEP_AT {
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        for (key, limit) in keys {
            let q = map.entry(key.clone()).or_default();
            q.push_back(now);
            while q.len() > *limit {
                q.pop_front();
            }
        }
    }

    /// A successful log-in clears the e-mail address's failures (not the IP's).
    pub(crate) fn succeeded(&self, email: &str) {
        let key = format!("email:{}", email.trim().to_lowercase());
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(&key);
    }
}

/// The peer's IP address, when the server was started with connection info (`serve_on`); absent
/// in tests that call the router directly.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientIp(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())))
    }
}
