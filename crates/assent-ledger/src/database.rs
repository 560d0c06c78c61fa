//! Where a ledger lives: an embedded SQLite file, or a PostgreSQL database shared by servers.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The database that holds a ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// An embedded SQLite file (the default: `ledger.db` inside the data directory).
    Sqlite(PathBuf),
    /// A PostgreSQL database, by its connection URL (`postgres://user@host:port/name`).
    Postgres(PostgresUrl),
}

/// A checked `postgres://` (or `postgresql://`) connection URL. Shown without its password.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl(String);

impl PostgresUrl {
    /// Checks `url`: the scheme, and everything the client library would reject later.
    pub fn parse(url: &str) -> Result<PostgresUrl> {
        let well_formed = ["postgres://", "postgresql://"].iter().any(|s| url.starts_with(s));
        if !well_formed {
            return Err(Error::BadUrl(format!("`{}` is not a postgres:// URL", redact(url))));
        }
        url.parse::<postgres::Config>().map_err(|e| Error::BadUrl(format!("{}: {e}", redact(url))))?;
        Ok(PostgresUrl(url.to_string()))
    }

    /// The URL as given, password included: for connecting, never for messages.
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// The same server with another database name: `postgres://h/a` with `b` is `postgres://h/b`.
    /// Query parameters are kept.
    pub fn with_database(&self, name: &str) -> PostgresUrl {
        let scheme_end = self.0.find("://").map_or(0, |i| i + 3);
        let (head, query) = match self.0.find('?') {
            Some(q) => self.0.split_at(q),
            None => (self.0.as_str(), ""),
        };
        let authority_end = head[scheme_end..].find('/').map_or(head.len(), |i| scheme_end + i);
        PostgresUrl(format!("{}/{name}{query}", &head[..authority_end]))
    }
}

impl fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresUrl({})", redact(&self.0))
    }
}

impl fmt::Display for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

/// `url` with the password of its user info (`user:password@`) replaced by `***`.
fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else { return url.to_string() };
    let authority_end = url[scheme_end..].find(['/', '?']).map_or(url.len(), |i| scheme_end + i);
    let authority = &url[scheme_end..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => {
            format!("{}{}:***{}", &url[..scheme_end], &authority[..colon], &url[scheme_end + at..])
        }
        _ => url.to_string(),
    }
}

impl Database {
    /// `postgres://…` names PostgreSQL; anything else is an error (an SQLite ledger is named by
    /// its path, not by a URL).
    pub fn from_url(url: &str) -> Result<Database> {
        Ok(Database::Postgres(PostgresUrl::parse(url)?))
    }
}

impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => write!(f, "{url}"),
        }
    }
}

impl From<&Path> for Database {
    fn from(path: &Path) -> Database {
        Database::Sqlite(path.to_path_buf())
    }
}

impl From<&PathBuf> for Database {
    fn from(path: &PathBuf) -> Database {
        Database::Sqlite(path.clone())
    }
}

impl From<PathBuf> for Database {
    fn from(path: PathBuf) -> Database {
        Database::Sqlite(path)
    }
}

impl From<&Database> for Database {
    fn from(db: &Database) -> Database {
        db.clone()
    }
}

/// A blocking PostgreSQL client that may be dropped on any thread.
///
/// The `postgres` crate drives each client with a Tokio runtime of its own, and closing one
/// (which dropping it does) on a thread that already drives a runtime panics. The last handle to
/// a store or a ledger is often dropped by an async task: the server's, when it shuts down, or a
/// test's. The close then runs on a short-lived thread of its own, and the drop waits for it.
pub struct PgClient(Option<postgres::Client>);

impl PgClient {
    /// Connects to `url` (without TLS: the database is on a private network or the same host).
    pub fn connect(url: &PostgresUrl) -> std::result::Result<PgClient, postgres::Error> {
        postgres::Client::connect(url.secret(), postgres::NoTls).map(|c| PgClient(Some(c)))
    }
}

impl std::ops::Deref for PgClient {
    type Target = postgres::Client;
    fn deref(&self) -> &postgres::Client {
        self.0.as_ref().expect("a client is only taken on drop")
    }
}

impl std::ops::DerefMut for PgClient {
    fn deref_mut(&mut self) -> &mut postgres::Client {
        self.0.as_mut().expect("a client is only taken on drop")
    }
}

impl fmt::Debug for PgClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PgClient(closed: {})", self.0.as_ref().is_none_or(postgres::Client::is_closed))
    }
}

impl Drop for PgClient {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            // A panic there (none is expected), or no thread to be had, must not become a panic
            // in a destructor: without a thread the client is left unclosed (the server ends the
            // session when the socket closes).
            if let Ok(closing) = std::thread::Builder::new().name("pg-close".into()).spawn(move || drop(client)) {
                let _ = closing.join();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show() {
        let url = PostgresUrl::parse("postgres://app:s3cret@db.example:5432/assent?sslmode=disable").unwrap();
        assert_eq!(url.to_string(), "postgres://app:***@db.example:5432/assent?sslmode=disable");
        assert!(!format!("{url:?}").contains("s3cret"));
        let err = PostgresUrl::parse("mysql://app:s3cret@db/x").unwrap_err().to_string();
        assert!(err.contains("not a postgres:// URL") && !err.contains("s3cret"), "{err}");
        assert_eq!(redact("postgres://app@h/x"), "postgres://app@h/x");
    }

    #[test]
    fn another_database_on_the_same_server() {
        let url = PostgresUrl::parse("postgres://postgres@127.0.0.1:5432/test?connect_timeout=5").unwrap();
        assert_eq!(url.with_database("other").secret(), "postgres://postgres@127.0.0.1:5432/other?connect_timeout=5");
        let bare = PostgresUrl::parse("postgresql://127.0.0.1").unwrap();
        assert_eq!(bare.with_database("x").secret(), "postgresql://127.0.0.1/x");
    }

    #[test]
    fn a_malformed_url_is_refused_with_the_reason() {
        let err = PostgresUrl::parse("postgres://h:notaport/x").unwrap_err().to_string();
        assert!(err.contains("postgres://h:notaport/x"), "{err}");
    }
}
