//! The consent ledger: every change of a member's AI-data settings, append-only and durable,
//! on an embedded SQLite database, with an in-memory index that answers consent checks in
//! nanoseconds.
//!
//! The ledger also keeps the history of policy versions (installed, never edited), because the
//! answer to "what was member m's setting at T" falls back to the region default of the policy in
//! force at T.
//!
//! ```
//! use assent_ledger::{Change, Ledger, Method};
//! use assent_policy::Purpose;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let ledger = Ledger::create(&dir.path().join("ledger.db")).unwrap();
//! ledger.record(Change::now(42, Purpose::TrainGenai, false, Method::Api)).unwrap();
//! assert_eq!(ledger.index().explicit(42, Purpose::TrainGenai), Some(false));
//! assert_eq!(ledger.index().explicit(43, Purpose::TrainGenai), None);
//! ```

mod backend;
mod database;
mod error;
mod event;
mod index;
mod ledger;
mod pg;
mod sqlite;

pub use database::{Database, PgClient, PostgresUrl};
pub use error::{Error, Result};
pub use pg::WRITER_ROLE;
pub mod scratch;
pub use event::{Change, Event, MemberId, Method, Setting, SettingSource};
pub use index::ConsentIndex;
pub use ledger::{Checkpoint, Leadership, Ledger, LedgerReader};
