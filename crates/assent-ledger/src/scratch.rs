//! Fresh databases for tests and benchmarks: PostgreSQL databases with a unique name, dropped
//! when their guard is, and SQLite files in directories of their own; and [`on_both`], which runs
//! a test on one of each.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use postgres::{Client, NoTls};

use crate::{Database, PostgresUrl};

/// The variable that names the server's maintenance database, where scratch databases are
/// created and dropped. Unset, it is the local server of `scripts/test`.
pub const ADMIN_URL_VAR: &str = "ASSENT_TEST_DATABASE_URL";
const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A database of its own, created empty and dropped (with whatever roles it made through
/// [`ScratchDatabase::login_role`]) on drop.
#[derive(Debug)]
pub struct ScratchDatabase {
    admin: PostgresUrl,
    name: String,
    url: PostgresUrl,
    roles: Vec<String>,
}

/// The maintenance database of the server scratch databases go to.
pub fn admin_url() -> PostgresUrl {
    let admin = std::env::var(ADMIN_URL_VAR).unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_string());
    PostgresUrl::parse(&admin).unwrap_or_else(|e| panic!("{ADMIN_URL_VAR}: {e}"))
}

impl ScratchDatabase {
    /// Creates one. Panics, saying how to fix it, when the server cannot be reached: a test that
    /// needs PostgreSQL fails without it, it never skips.
    pub fn new() -> ScratchDatabase {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let admin = admin_url();
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let name =
            format!("assent_test_{}_{}_{nanos:08x}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        as_admin(&admin, &format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("creating scratch database {name} on {admin}: {e}"));
        let url = admin.with_database(&name);
        ScratchDatabase { admin, name, url, roles: Vec::new() }
    }

    /// Its URL, as the server's administrator (the owner of what the ledger creates).
    pub fn url(&self) -> &PostgresUrl {
        &self.url
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A new login role (no password: the test server trusts local connections) that is a
    /// member of `member_of`, and the URL that connects to this database as it.
    pub fn login_role(&mut self, suffix: &str, member_of: &str) -> PostgresUrl {
        let role = format!("{}_{suffix}", self.name);
        as_admin(&self.admin, &format!("CREATE ROLE {role} LOGIN; GRANT {member_of} TO {role};"))
            .unwrap_or_else(|e| panic!("creating role {role}: {e}"));
        self.roles.push(role.clone());
        let url = self.url.secret();
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        let host_start = url[after_scheme..].find('@').map_or(after_scheme, |i| after_scheme + i + 1);
        PostgresUrl::parse(&format!("{}{role}@{}", &url[..after_scheme], &url[host_start..]))
            .expect("the scratch URL with another user")
    }
}

impl Default for ScratchDatabase {
    fn default() -> ScratchDatabase {
        ScratchDatabase::new()
    }
}

/// Runs each of `statements` in turn as the server's administrator, all of them even if some
/// fail; the first failure is returned. On a thread of its own, so that async tests may create
/// and drop scratch databases (the blocking client cannot run on a thread that drives a Tokio
/// runtime). Panics, saying how to fix it, when the server cannot be reached: a test that needs
/// PostgreSQL fails without it, it never skips.
fn as_admin_each(admin: &PostgresUrl, statements: &[String]) -> Result<(), String> {
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut client = Client::connect(admin.secret(), NoTls).unwrap_or_else(|e| {
                panic!(
                    "PostgreSQL is needed and not reachable at {admin} ({e}); start it (scripts/test does: \
                     pg_ctlcluster <version> main start) or point {ADMIN_URL_VAR} at a server"
                )
            });
            let failures: Vec<String> = (statements.iter())
                .filter_map(|sql| client.batch_execute(sql).err().map(|e| format!("`{sql}`: {e}")))
                .collect();
            failures.into_iter().next().map_or(Ok(()), Err)
        })
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn as_admin(admin: &PostgresUrl, sql: &str) -> Result<(), String> {
    as_admin_each(admin, &[sql.to_string()])
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        // One statement at a time: several in one query run as one transaction, which DROP
        // DATABASE refuses.
        let drops: Vec<String> = std::iter::once(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
            .chain(self.roles.iter().map(|role| format!("DROP ROLE IF EXISTS {role}")))
            .collect();
        let cleaned = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| as_admin_each(&self.admin, &drops)));
        match cleaned {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("could not clean up after scratch database {}: {e}", self.name),
            Err(_) => eprintln!("could not clean up after scratch database {}: the server is unreachable", self.name),
        }
    }
}

/// A fresh, empty place for a database, removed when dropped: an SQLite file in a directory of
/// its own, or a [`ScratchDatabase`].
#[derive(Debug)]
pub struct Place {
    /// Where the database goes.
    pub db: Database,
    /// The PostgreSQL database, when it is one.
    pub pg: Option<ScratchDatabase>,
    dir: Option<PathBuf>,
}

impl Place {
    /// A file named `file` in a new temporary directory (not created yet).
    pub fn sqlite(file: &str) -> Place {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "assent-scratch-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        Place { db: Database::Sqlite(dir.join(file)), pg: None, dir: Some(dir) }
    }

    /// A new PostgreSQL database.
    pub fn postgres() -> Place {
        let pg = ScratchDatabase::new();
        Place { db: Database::Postgres(pg.url().clone()), pg: Some(pg), dir: None }
    }

    /// The directory of an SQLite place.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// A plain client to a PostgreSQL place, as its owner: to do what Assent never would.
    pub fn admin(&self) -> Client {
        let pg = self.pg.as_ref().expect("a PostgreSQL place");
        Client::connect(pg.url().secret(), NoTls).unwrap_or_else(|e| panic!("connecting to {}: {e}", pg.url()))
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Runs `test` on a fresh SQLite place (a file named `file`), then on a fresh PostgreSQL one; a
/// failure says which it failed on.
pub fn on_both(file: &str, mut test: impl FnMut(&Place)) {
    eprintln!("--- on SQLite");
    test(&Place::sqlite(file));
    eprintln!("--- on PostgreSQL");
    test(&Place::postgres());
}
