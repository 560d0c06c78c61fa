//! Admission control for password hashing. Every sign-up and log-in runs argon2id, which takes
//! 19 MiB and tens of milliseconds of one core; unbounded, a crowd of anonymous requests takes the
//! server's memory and starves members. At most `slots` hashes run at a time (by default one per
//! core but one, which is left to everything else) and at most `queue` wait, each for a bounded
//! time; beyond that a request is refused at once, with how long to wait.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long a request waits for a slot before it is refused.
const MAX_WAIT: Duration = Duration::from_secs(2);
/// What a refused request is told to wait.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// The gate.
#[derive(Debug)]
pub struct HashGate {
    slots: usize,
    queue: usize,
    state: Mutex<Counts>,
    freed: Condvar,
}

#[derive(Debug, Default)]
struct Counts {
    running: usize,
    waiting: usize,
}

/// A slot, held while one password is hashed or verified.
#[derive(Debug)]
pub struct Permit<'a>(&'a HashGate);

impl Default for HashGate {
    /// One slot per core but one (so that hashing never takes every core from members' other
    /// requests), and eight waiting per core.
    fn default() -> HashGate {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        HashGate::new(cores - 1, 8 * cores)
    }
}

impl HashGate {
    /// At most `slots` at a time (at least one) and `queue` waiting.
    pub fn new(slots: usize, queue: usize) -> HashGate {
        HashGate { slots: slots.max(1), queue, state: Mutex::default(), freed: Condvar::new() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A slot, or `Err(retry_after)` when the queue is full or no slot freed up in time.
    pub fn enter(&self) -> Result<Permit<'_>, Duration> {
        let mut c = self.lock();
        if c.running < self.slots {
            c.running += 1;
            return Ok(Permit(self));
        }
        if c.waiting >= self.queue {
            return Err(RETRY_AFTER);
        }
        c.waiting += 1;
        let deadline = Instant::now() + MAX_WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                c.waiting -= 1;
                return Err(RETRY_AFTER);
            }
            c = self.freed.wait_timeout(c, left).unwrap_or_else(|e| e.into_inner()).0;
            if c.running < self.slots {
                c.waiting -= 1;
                c.running += 1;
                return Ok(Permit(self));
            }
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.0.lock().running -= 1;
        self.0.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn never_more_than_the_slots_and_the_rest_refused_past_the_queue() {
        let gate = HashGate::new(2, 3);
        let (now, most, refused) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|s| {
            for _ in 0..12 {
                s.spawn(|| match gate.enter() {
                    Ok(_permit) => {
                        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(n, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(100));
                        now.fetch_sub(1, Ordering::SeqCst);
                    }
                    Err(wait) => {
                        assert_eq!(wait, RETRY_AFTER);
                        refused.fetch_add(1, Ordering::SeqCst);
                    }
                });
            }
        });
        assert!(most.load(Ordering::SeqCst) <= 2);
        // 2 run, 3 wait (and get their turn within the wait limit), the other 7 are refused.
        assert_eq!(refused.load(Ordering::SeqCst), 7);
        assert!(gate.enter().is_ok(), "every slot was given back");
    }
}
