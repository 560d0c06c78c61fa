//! The network store: members, their profile fields, posts, articles and comments, private
//! messages, connections, companies and jobs, on an embedded SQLite database (`network.db` in
//! the data directory) or on PostgreSQL, through one layer of SQL (`db`) that both answer.
//!
//! Everything a policy could ever make eligible for training lives in one table, `items`, with its
//! kind, visibility and times; private messages live in their own table, which nothing on the
//! training path reads. Deleting an item or closing an account erases its text for good.
//!
//! ```
//! use assent_store::{NewMember, Store};
//! use assent_policy::{Kind, Timestamp, Visibility};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let store = Store::create(&dir.path().join("network.db")).unwrap();
//! let now = Timestamp::now();
//! let m = store.create_member(&NewMember {
//!     name: "Ada Lovelace".into(), email: "ada@example.com".into(), password: "analytical-engine".into(),
//!     region: "GB".into(), birth_date: "1990-12-10".into(), language: None,
//! }, now).unwrap();
//! let post = store.create_post(m.id, Kind::Post, "Notes on the engine", Visibility::Public, None, now).unwrap();
//! store.delete_item(m.id, post, now).unwrap();
//! assert_eq!(store.item(post).unwrap().unwrap().text, None, "erased for good");
//! ```

pub mod auth;
pub mod db;
mod erasure;
mod error;
mod graph;
mod items;
mod jobs;
mod members;
mod messages;
mod notices;
pub mod scan;
mod schema;
mod store;
mod synthetic;
pub mod validate;

pub use error::{Error, Problem, Result};
pub use graph::ConnectionRequest;
pub use items::{normalise_skills, Experience, Item, NewExperience, Profile};
pub use jobs::{Company, Job};
pub use members::{Member, NewMember};
pub use messages::Message;
pub use notices::PolicyNotice;
pub use store::Store;
pub use synthetic::LoadReport;

/// A member id (assigned by the store; the ledger takes the same ids).
pub type MemberId = i64;
/// An item id.
pub type ItemId = i64;
