//! Login throttling, within a window of 15 minutes: 5 failures for one e-mail address from one IP
//! address lock that pair; 100 failures for one address from anywhere lock the address (guessing
//! spread over many machines); 20 failures from one IP lock that IP, except for the addresses
//! that have logged in from it before, so a stranger can neither lock a member out from elsewhere
//! nor shut out everyone behind a shared IP. Over a limit, attempts are refused with 429 until the
//! oldest failure leaves the window. Kept in memory: a restart forgets it, which costs an attacker
//! a restart they cannot cause.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a failure counts.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures allowed per e-mail address and IP address within [`WINDOW`].
pub const PER_PAIR: usize = 5;
/// Failures allowed per e-mail address from all IP addresses within [`WINDOW`].
pub const PER_EMAIL: usize = 100;
/// Failures allowed per IP address within [`WINDOW`], for addresses that never logged in from it.
pub const PER_IP: usize = 20;
/// How long a successful log-in makes its (address, IP) pair known.
const KNOWN_FOR: Duration = Duration::from_secs(30 * 24 * 3600);
/// Keys kept before expired ones are swept.
const SWEEP_AT: usize = 10_000;

/// Failed log-ins per key (`pair:…`, `email:…`, `ip:…`), and attempts being checked right now. An attempt
/// in flight counts against the limit like a failure until it ends, so concurrent attempts cannot
/// all pass the check before the first failure is recorded.
#[derive(Debug, Default)]
pub struct Throttle {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    failures: HashMap<String, VecDeque<Instant>>,
    in_flight: HashMap<String, usize>,
    /// (address, IP) pairs that logged in successfully, and when.
    known: HashMap<String, Instant>,
}

/// A sliding-window limit per key (a member, an IP address): at most `limit` events within
/// `window`.
#[derive(Debug)]
pub struct Rate<K = i64> {
    limit: usize,
    window: Duration,
    hits: Mutex<HashMap<K, VecDeque<Instant>>>,
}

impl<K: std::hash::Hash + Eq> Rate<K> {
    /// At most `limit` within `window`.
    pub fn new(limit: usize, window: Duration) -> Rate<K> {
        Rate { limit, window, hits: Mutex::default() }
    }

    /// Counts one event for `key`, or `Err(wait)` when `key` is at its limit (nothing counted).
    pub fn hit(&self, key: K) -> Result<(), Duration> {
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        if hits.len() >= SWEEP_AT {
            hits.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < self.window));
        }
        let q = hits.entry(key).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= self.window) {
            q.pop_front();
        }
        if q.len() >= self.limit {
            return Err(self.window.saturating_sub(now.duration_since(q[0])).max(Duration::from_secs(1)));
        }
        q.push_back(now);
        Ok(())
    }
}

fn pair_key(email: &str, ip: Option<IpAddr>) -> String {
    let ip = ip.map_or_else(|| "-".to_string(), |ip| ip.to_string());
    format!("pair:{ip}|{}", email.trim().to_lowercase())
}

fn email_key(email: &str) -> String {
    format!("email:{}", email.trim().to_lowercase())
}

/// A log-in attempt admitted by [`Throttle::begin`]; it holds its place against the limits until
/// it is reported [`failed`](Attempt::failed) or [`succeeded`](Attempt::succeeded) (or dropped).
#[derive(Debug)]
pub struct Attempt<'a> {
    throttle: &'a Throttle,
    keys: Vec<(String, usize)>,
}

impl Throttle {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Admits an attempt to log in to `email` from `ip`, or `Err(wait)` when any of its keys
    /// has as many failures and attempts in flight as its limit: how long until the next attempt
    /// may be allowed.
    pub fn begin(&self, email: &str, ip: Option<IpAddr>) -> Result<Attempt<'_>, Duration> {
        let now = Instant::now();
        let mut st = self.lock();
        let pair = pair_key(email, ip);
        let known = st.known.get(&pair).is_some_and(|t| now.duration_since(*t) < KNOWN_FOR);
        let mut keys = vec![(pair, PER_PAIR), (email_key(email), PER_EMAIL)];
        if let Some(ip) = ip.filter(|_| !known) {
            keys.push((format!("ip:{ip}"), PER_IP));
        }
        let State { failures, in_flight, .. } = &mut *st;
        let mut wait = Duration::ZERO;
        for (key, limit) in &keys {
            let flying = in_flight.get(key).copied().unwrap_or(0);
            let q = failures.get_mut(key);
            let failed = match q {
                Some(q) => {
                    while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
                        q.pop_front();
                    }
                    if q.len() >= *limit {
                        // Allowed again when enough failures have aged out to fall below the limit.
                        let oldest = q[q.len() - limit];
                        wait = wait.max(WINDOW.saturating_sub(now.duration_since(oldest)));
                    }
                    q.len()
                }
                None => 0,
            };
            if failed + flying >= *limit {
                wait = wait.max(Duration::from_secs(1));
            }
        }
        if !wait.is_zero() {
            return Err(wait.max(Duration::from_secs(1)));
        }
        for (key, _) in &keys {
            *in_flight.entry(key.clone()).or_default() += 1;
        }
        Ok(Attempt { throttle: self, keys })
    }
}

impl Attempt<'_> {
    /// The password was wrong: the attempt counts as a failure against every key.
    pub fn failed(self) {
        let now = Instant::now();
        let mut st = self.throttle.lock();
        if st.failures.len() >= SWEEP_AT {
            st.failures.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        for (key, limit) in &self.keys {
            let q = st.failures.entry(key.clone()).or_default();
            q.push_back(now);
            while q.len() > *limit {
                q.pop_front();
            }
        }
    }

    /// The log-in succeeded: the pair's failures are forgotten (not the IP's nor the address's),
    /// and the pair is known from now on.
    pub fn succeeded(self) {
        let now = Instant::now();
        let mut st = self.throttle.lock();
        if st.known.len() >= 10 * SWEEP_AT {
            st.known.retain(|_, t| now.duration_since(*t) < KNOWN_FOR);
        }
        let pair = self.keys[0].0.clone();
        st.failures.remove(&pair);
        st.known.insert(pair, now);
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        let mut st = self.throttle.lock();
        for (key, _) in &self.keys {
            if let Some(n) = st.in_flight.get_mut(key) {
                *n -= 1;
                if *n == 0 {
                    st.in_flight.remove(key);
                }
            }
        }
    }
}
