//! Login throttling: after too many failed log-ins for one e-mail address (5) or from one IP
//! address (20, since several people can share one) within 15 minutes, further attempts are
//! refused with 429 until the oldest failure leaves the window. Kept in memory: a restart forgets
//! it, which costs an attacker a restart they cannot cause.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a failure counts.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures allowed per e-mail address within [`WINDOW`].
pub const PER_EMAIL: usize = 5;
/// Failures allowed per IP address within [`WINDOW`].
pub const PER_IP: usize = 20;
/// Keys kept before expired ones are swept.
const SWEEP_AT: usize = 10_000;

/// Failed log-ins per key (`email:…`, `ip:…`).
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// The keys of one attempt.
pub fn keys(email: &str, ip: Option<IpAddr>) -> Vec<(String, usize)> {
    let mut k = vec![(format!("email:{}", email.trim().to_lowercase()), PER_EMAIL)];
    if let Some(ip) = ip {
        k.push((format!("ip:{ip}"), PER_IP));
    }
    k
}

impl Throttle {
    /// `Err(wait)` when any key is over its limit: how long until the next attempt is allowed.
    pub fn check(&self, keys: &[(String, usize)]) -> Result<(), Duration> {
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
    pub fn failed(&self, keys: &[(String, usize)]) {
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
    pub fn succeeded(&self, email: &str) {
        let key = format!("email:{}", email.trim().to_lowercase());
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(&key);
    }
}
