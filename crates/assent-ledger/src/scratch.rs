//! Fresh PostgreSQL databases for tests and benchmarks: each with a unique name, dropped when
//! its guard is.

use std::sync::atomic::{AtomicU64, Ordering};

use postgres::{Client, NoTls};

use crate::PostgresUrl;

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

impl ScratchDatabase {
    /// Creates one. Panics, saying how to fix it, when the server cannot be reached: a test that
    /// needs PostgreSQL fails without it, it never skips.
    pub fn new() -> ScratchDatabase {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let admin = std::env::var(ADMIN_URL_VAR).unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_string());
        let admin = PostgresUrl::parse(&admin).unwrap_or_else(|e| panic!("{ADMIN_URL_VAR}: {e}"));
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let name =
            format!("assent_test_{}_{}_{nanos:08x}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        admin_client(&admin)
            .batch_execute(&format!("CREATE DATABASE {name}"))
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
        admin_client(&self.admin)
            .batch_execute(&format!("CREATE ROLE {role} LOGIN; GRANT {member_of} TO {role};"))
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

fn admin_client(admin: &PostgresUrl) -> Client {
    Client::connect(admin.secret(), NoTls).unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is needed and not reachable at {admin} ({e}); start it (scripts/test does: \
             pg_ctlcluster <version> main start) or point {ADMIN_URL_VAR} at a server"
        )
    })
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let Ok(mut admin) = Client::connect(self.admin.secret(), NoTls) else { return };
        let mut sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE);", self.name);
        for role in &self.roles {
            sql.push_str(&format!("DROP ROLE IF EXISTS {role};"));
        }
        if let Err(e) = admin.batch_execute(&sql) {
            eprintln!("could not drop scratch database {}: {e}", self.name);
        }
    }
}
