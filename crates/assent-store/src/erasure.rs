//! Making erased text leave the database's files, after the transaction that set it to NULL.
//!
//! SQLite: `secure_delete` zeroed the old cells; a checkpoint folds the write-ahead log into the
//! file (best effort: a concurrent reader can keep old frames alive until the next one, and
//! SQLite's automatic checkpoints finish the job).
//!
//! PostgreSQL: an update leaves the old row version in the table's pages, and a plain VACUUM only
//! marks its space free (the bytes stay until overwritten), so the tables the erasure touched are
//! rewritten (`VACUUM FULL`): only those (deleting a post rewrites `items` and `experience`, not
//! `members` or `messages`), on a connection of the rewrite's own (requests on the store's
//! connection do not wait behind it), and one rewrite at a time: erasures that arrive while one
//! runs wait for the next, which covers them all. So a burst of deletions costs two rewrites,
//! not one each.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};

use assent_ledger::Database;

use crate::args;
use crate::db::Sql;
use crate::{Error, Result, Store};

/// How long a rewrite waits for older snapshots to end, and then for its locks, before it gives
/// up with an error.
const GIVE_UP_AFTER: std::time::Duration = std::time::Duration::from_secs(30);

/// The tables that hold member text, as a set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tables(u8);

impl Tables {
    pub(crate) const MEMBERS: Tables = Tables(1);
    pub(crate) const ITEMS: Tables = Tables(2);
    pub(crate) const EXPERIENCE: Tables = Tables(4);
    pub(crate) const MESSAGES: Tables = Tables(8);
    /// Every table that holds member text (what closing an account erases in).
    pub(crate) const ALL: Tables = Tables(15);
    const NAMES: [(Tables, &'static str); 4] = [
        (Tables::MEMBERS, "members"),
        (Tables::ITEMS, "items"),
        (Tables::EXPERIENCE, "experience"),
        (Tables::MESSAGES, "messages"),
    ];

    pub(crate) const fn and(self, other: Tables) -> Tables {
        Tables(self.0 | other.0)
    }

    fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The tables' names, comma-separated, in a fixed order.
    fn names(self) -> String {
        let names: Vec<&str> = Tables::NAMES.iter().filter(|(t, _)| self.0 & t.0 != 0).map(|(_, n)| *n).collect();
        names.join(", ")
    }
}

/// Rewrites run one at a time, each for every erasure registered before it started.
#[derive(Debug, Default)]
pub(crate) struct Eraser {
    state: Mutex<State>,
    finished: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// Tables erased in that no rewrite has taken yet.
    pending: Tables,
    /// The number of the next rewrite to start.
    next: u64,
    /// Every rewrite numbered below this has finished; one runs while `finished < next`.
    finished: u64,
    /// Recent rewrites that failed, and why.
    failures: VecDeque<(u64, String)>,
}

/// Failures remembered for waiters that wake late.
const FAILURES_KEPT: usize = 64;

impl Eraser {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Returns once a rewrite that started after this call has rewritten `tables`: runs it on
    /// this thread when none is running, else waits for the one after the running one.
    pub(crate) fn erase(&self, tables: Tables, rewrite: impl Fn(Tables) -> Result<()>) -> Result<()> {
        let mut state = self.lock();
        state.pending = state.pending.and(tables);
        // The running rewrite, if any, took its tables before these were erased.
        let mine = state.next;
        loop {
            if state.finished > mine {
                return match state.failures.iter().find(|(n, _)| *n == mine) {
                    Some((_, why)) => Err(Error::Database(why.clone())),
                    None => Ok(()),
                };
            }
            if state.finished < state.next {
                state = self.finished.wait(state).unwrap_or_else(|e| e.into_inner());
                continue;
            }
            // None is running, so the next to start is this erasure's own: run it here.
            let number = state.next;
            state.next += 1;
            let taken = std::mem::take(&mut state.pending);
            drop(state);
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if taken.is_empty() {
                    Ok(())
                } else {
                    rewrite(taken)
                }
            }));
            state = self.lock();
            state.finished = number + 1;
            let failure = match &outcome {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(e.to_string()),
                Err(_) => Some("the rewrite panicked".to_string()),
            };
            if let Some(why) = failure {
                // The next rewrite tries these tables again.
                state.pending = state.pending.and(taken);
                state.failures.push_back((number, why));
                if state.failures.len() > FAILURES_KEPT {
                    state.failures.pop_front();
                }
            }
            self.finished.notify_all();
            if let Err(panic) = outcome {
                drop(state);
                std::panic::resume_unwind(panic);
            }
        }
    }

    /// How many rewrites have started.
    #[cfg(test)]
    fn started(&self) -> u64 {
        self.lock().next
    }
}

impl Store {
    /// Makes the text just erased from `tables` leave the database's files (see the module).
    pub(crate) fn finish_erasure(&self, tables: Tables) -> Result<()> {
        match self.database() {
            Database::Sqlite(_) => {
                let _ = self.db().query("PRAGMA wal_checkpoint(TRUNCATE)", &[], &mut |_| Ok(()));
                Ok(())
            }
            Database::Postgres(_) => self.eraser.erase(tables, |tables| self.rewrite(tables)),
        }
    }

    /// How many rewrites erasures have made through this store (PostgreSQL).
    pub fn erasure_rewrites(&self) -> u64 {
        self.eraser.lock().finished
    }

    fn rewrite(&self, tables: Tables) -> Result<()> {
        let mut db = self.connect(false)?;
        wait_for_older_snapshots(db.as_mut())?;
        // Nothing may keep the rewrite waiting for its locks for ever (a transaction idle while
        // it holds a lock on one of the tables, say), nor the erasures queued behind it.
        db.batch(&format!("SET lock_timeout = {}", GIVE_UP_AFTER.as_millis()))?;
        db.batch(&format!("VACUUM (FULL) {}", tables.names())).map_err(|e| {
            Error::Database(format!(
                "erased text is out of every answer, but not yet out of the pages of {}: {e}",
                tables.names()
            ))
        })
    }
}

/// A rewrite keeps the old row versions that some snapshot could still read: those of every
/// transaction not older than the oldest snapshot or transaction running anywhere on the server
/// (seen here: busy neighbouring databases held back which versions a rewrite may drop). So it
/// first takes a transaction id of its own, after the erasure committed, and waits until every
/// other session's snapshot horizon (`backend_xmin`) and transaction (`backend_xid`) is at least
/// that new: then the erasure's versions are dead to everyone. (Those two columns, unlike the
/// times, are shown for every role's sessions.)
fn wait_for_older_snapshots(db: &mut dyn Sql) -> Result<()> {
    // In a transaction of its own, which ends with the statement, so it holds nothing back.
    let after = db.query_one("SELECT CAST(txid_current() % 4294967296 AS TEXT)", &[], |r| r.text(0))?;
    let deadline = std::time::Instant::now() + GIVE_UP_AFTER;
    loop {
        let older = db.query_opt(
            "SELECT pid FROM pg_stat_activity
             WHERE pid <> pg_backend_pid()
               AND (age(backend_xmin) > age(CAST(CAST(?1 AS TEXT) AS xid))
                    OR age(backend_xid) > age(CAST(CAST(?1 AS TEXT) AS xid)))
             LIMIT 1",
            args![&after],
            |r| r.int(0),
        )?;
        match older {
            None => return Ok(()),
            Some(pid) if std::time::Instant::now() > deadline => {
                return Err(Error::Database(format!(
                    "erased text is out of every answer, but not yet out of the table's pages: \
                     session {pid} has held a snapshot or transaction open since before the erasure"
                )))
            }
            Some(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{mpsc, Arc};

    use super::*;

    #[test]
    fn names_follow_a_fixed_order() {
        assert_eq!(Tables::MESSAGES.and(Tables::MEMBERS).names(), "members, messages");
        assert_eq!(Tables::ITEMS.and(Tables::EXPERIENCE).names(), "items, experience");
    }

    /// Erasures that arrive while a rewrite runs share the next one, which covers all their
    /// tables; a failed rewrite fails its erasures and hands its tables to the next.
    #[test]
    fn erasures_during_a_rewrite_share_the_next() {
        let eraser = Arc::new(Eraser::default());
        let rewrites = Arc::new(Mutex::new(Vec::new()));
        let (started_tx, started) = mpsc::channel::<()>();
        let (go, go_rx) = mpsc::channel::<()>();
        let go_rx = Arc::new(Mutex::new(go_rx));
        let fail_next = Arc::new(AtomicU64::new(0));
        let rewrite = {
            let rewrites = rewrites.clone();
            let fail_next = fail_next.clone();
            move |t: Tables| {
                started_tx.send(()).unwrap();
                go_rx.lock().unwrap().recv().unwrap();
                rewrites.lock().unwrap().push(t);
                if fail_next.swap(0, Ordering::SeqCst) == 1 {
                    return Err(Error::Database("disk full".into()));
                }
                Ok(())
            }
        };
        let rewrite = Arc::new(Mutex::new(rewrite));
        let spawn = |tables: Tables| {
            let eraser = eraser.clone();
            let rewrite = rewrite.clone();
            std::thread::spawn(move || {
                eraser.erase(tables, |t| {
                    let f = rewrite.lock().unwrap();
                    f(t)
                })
            })
        };
        // The first erasure starts rewrite 0 and holds it.
        let first = spawn(Tables::ITEMS);
        started.recv().unwrap();
        // Two more arrive meanwhile: both wait for rewrite 1.
        let second = spawn(Tables::MEMBERS);
        let third = spawn(Tables::MESSAGES);
        while eraser.lock().pending != Tables::MEMBERS.and(Tables::MESSAGES) {
            std::thread::yield_now();
        }
        assert_eq!(eraser.started(), 1, "one rewrite started so far");
        go.send(()).unwrap();
        assert!(first.join().unwrap().is_ok());
        started.recv().unwrap();
        go.send(()).unwrap();
        assert!(second.join().unwrap().is_ok());
        assert!(third.join().unwrap().is_ok());
        assert_eq!(*rewrites.lock().unwrap(), vec![Tables::ITEMS, Tables::MEMBERS.and(Tables::MESSAGES)]);
        assert_eq!(eraser.lock().finished, 2, "two rewrites for three erasures");

        // A rewrite that fails fails its erasure, and the next rewrite takes its tables again.
        fail_next.store(1, Ordering::SeqCst);
        let failing = spawn(Tables::EXPERIENCE);
        started.recv().unwrap();
        go.send(()).unwrap();
        let err = failing.join().unwrap().unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        let retry = spawn(Tables::ITEMS);
        started.recv().unwrap();
        go.send(()).unwrap();
        assert!(retry.join().unwrap().is_ok());
        assert_eq!(rewrites.lock().unwrap()[3], Tables::EXPERIENCE.and(Tables::ITEMS));
    }
}
