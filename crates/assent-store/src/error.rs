//! Errors of the network store.

use assent_ledger::Database;

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database does not exist.
    #[error("network store {at} does not exist (create it with `assent init`, `assent seed` or `assent demo`)")]
    Missing {
        /// Where it was expected.
        at: Database,
    },
    /// The file is not an Assent network store or is damaged.
    #[error("network store {at} is unreadable or corrupt: {detail}")]
    Corrupt {
        /// The database.
        at: Database,
        /// What was found wrong.
        detail: String,
    },
    /// The database was written by a newer version of Assent.
    #[error(
        "network store {at} has schema version {found}, newer than this build supports ({supported}); upgrade assent"
    )]
    NewerSchema {
        /// The database.
        at: Database,
        /// The schema version found.
        found: i64,
        /// The newest version this build reads.
        supported: i64,
    },
    /// An input value is invalid; `field` names it.
    #[error("{field}: {problem}")]
    Invalid {
        /// The offending field, as clients name it.
        field: &'static str,
        /// What is wrong and what is allowed.
        problem: Problem,
    },
    /// The value conflicts with existing data (e.g. an e-mail already registered).
    #[error("{field}: {problem}")]
    Conflict {
        /// The field whose value conflicts, as clients name it.
        field: &'static str,
        /// What it conflicts with.
        problem: Problem,
    },
    /// `assent seed` into a data directory that already holds a network.
    #[error("this data directory already holds a network; seed into an empty one")]
    NotEmpty,
    /// The thing does not exist, or the caller may not know that it does.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The caller may see the thing but not change it.
    #[error("{0}")]
    Forbidden(&'static str),
    /// The consent ledger failed.
    #[error(transparent)]
    Ledger(#[from] assent_ledger::Error),
    /// SQLite failed.
    #[error("network store database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The PostgreSQL server could not be reached, or refused the connection.
    #[error("cannot connect to PostgreSQL at {at}: {source}")]
    Unreachable {
        /// The URL, without its password.
        at: String,
        /// Why.
        source: postgres::Error,
    },
    /// PostgreSQL failed (a lost connection, a constraint, …).
    #[error("network store database: {}", postgres_detail(.0))]
    Postgres(#[from] postgres::Error),
    /// The database answered something the store's statements never ask for.
    #[error("network store database: {0}")]
    Database(String),
}

/// Result with the store's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A PostgreSQL error with the server's own message when there is one (`db error` alone says
/// nothing).
fn postgres_detail(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => e.to_string(),
    }
}

pub(crate) fn invalid(field: &'static str, problem: Problem) -> Error {
    Error::Invalid { field, problem }
}

/// What is wrong with an input value. Each is a case of its own, so that the API can say it in
/// English (its `Display`) and the web app in the member's language, from the same values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// Blank.
    #[error("must not be empty")]
    Empty,
    /// Longer than allowed (in characters).
    #[error("is {len} characters long; at most {max} are allowed")]
    TooLong {
        /// Its length.
        len: usize,
        /// The most allowed.
        max: usize,
    },
    /// A control character other than a line break or a tab.
    #[error("must not contain control characters")]
    ControlCharacters,
    /// Not an e-mail address.
    #[error("`{0}` is not an e-mail address such as name@example.com")]
    NotEmail(String),
    /// A password too short or too long.
    #[error("must be 8 to 128 characters long")]
    PasswordLength,
    /// Not an assigned country code.
    #[error("`{0}` is not an ISO 3166-1 alpha-2 country code (two upper-case letters such as FR, US, GB)")]
    NotCountry(String),
    /// Not a language tag.
    #[error("`{0}` is not a language tag such as en or fr")]
    NotLanguage(String),
    /// Not a `YYYY-MM-DD` date.
    #[error("`{0}` is not a date in the form YYYY-MM-DD")]
    NotDate(String),
    /// More than one line.
    #[error("must be one line")]
    NotOneLine,
    /// A character that reorders or hides the text around it.
    #[error("must not contain the invisible formatting character U+{0:04X}")]
    InvisibleCharacter(u32),
    /// Nothing but blanks.
    #[error("must show at least one visible character")]
    NothingVisible,
    /// A date after today.
    #[error("{0} is in the future")]
    InFuture(chrono::NaiveDate),
    /// A birth date before 1900.
    #[error("{0} is before 1900")]
    Before1900(chrono::NaiveDate),
    /// Younger than the age to join.
    #[error("members must be at least {0} years old")]
    TooYoung(u32),
    /// An end before its start.
    #[error("is before start")]
    BeforeStart,
    /// A start in the future.
    #[error("is in the future")]
    StartInFuture,
    /// Too many skills.
    #[error("{given} skills given; at most {max} are allowed")]
    TooManySkills {
        /// How many were given.
        given: usize,
        /// The most allowed.
        max: usize,
    },
    /// A skill with a comma or a line break.
    #[error("`{0}`: a skill may not contain commas or line breaks")]
    SkillSeparator(String),
    /// Not a kind of post.
    #[error("`{0}` is not a post, article or comment")]
    NotPostKind(String),
    /// Not a single profile field.
    #[error("`{0}` is not a single profile field")]
    NotProfileField(String),
    /// A visibility a post cannot have.
    #[error("posts are `public` or `connections`")]
    PostVisibility,
    /// No visibility chosen.
    #[error("choose who may see it (Public, Connections only or Only me)")]
    NoVisibility,
    /// Not a visibility.
    #[error("`{0}` is not a visibility; choose Public, Connections only or Only me")]
    NotVisibility(String),
    /// A comment without its post.
    #[error("a comment needs the post it answers")]
    NoParent,
    /// Connecting to oneself.
    #[error("you cannot connect to yourself")]
    SelfConnection,
    /// Messaging oneself.
    #[error("you cannot message yourself")]
    SelfMessage,
    /// A negative number where only 0 or more makes sense.
    #[error("must be 0 or more")]
    Negative,
    /// An e-mail address already registered.
    #[error("an account with {0} already exists")]
    EmailTaken(String),
    /// Already connected.
    #[error("you are already connected")]
    AlreadyConnected,
}
