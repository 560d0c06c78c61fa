//! Consistent bulk reads for lake snapshots: one read transaction, rows streamed to callbacks.
//!
//! Only the tables the eligibility rule needs are exposed: members (without names, e-mails or
//! password hashes) and items. **Private messages are not readable here.**

use assent_policy::{Kind, Timestamp, Visibility};
use rusqlite::{Connection, OpenFlags};

use crate::{Error, ItemId, MemberId, Result, Store};

/// A member as a snapshot needs them: no name, no e-mail, no password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    /// Id.
    pub id: MemberId,
    /// ISO country code.
    pub region: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// Opened.
    pub joined_at: Timestamp,
    /// Closed, if so.
    pub closed_at: Option<Timestamp>,
}

/// An item as a snapshot needs it. `text` is `None` once erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    /// Id.
    pub id: ItemId,
    /// Owner.
    pub member_id: MemberId,
    /// Kind.
    pub kind: Kind,
    /// Current visibility.
    pub visibility: Visibility,
    /// Since when it has had that visibility.
    pub visibility_since: Timestamp,
    /// Created.
    pub created_at: Timestamp,
    /// Deleted, if so.
    pub deleted_at: Option<Timestamp>,
    /// The text, unless erased.
    pub text: Option<String>,
}

/// A read-only view of the store inside one transaction.
#[derive(Debug)]
pub struct Scan {
    conn: Connection,
}

impl Store {
    /// Opens a separate read-only connection and starts one read transaction on it, so that
    /// every scan sees the same state even while the server keeps writing.
    pub fn scan(&self) -> Result<Scan> {
        let conn = Connection::open_with_flags(
            self.path(),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.execute_batch("BEGIN DEFERRED; SELECT count(*) FROM members;")?;
        Ok(Scan { conn })
    }
}

fn corrupt(what: String) -> Error {
    Error::Corrupt { path: Default::default(), detail: what }
}

impl Scan {
    /// Every member, by id (the rule itself excludes accounts not yet open at the instant).
    pub fn members<E: From<Error>>(&self, mut f: impl FnMut(MemberRow) -> Result<(), E>) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, region, birth_date, joined_at, closed_at FROM members ORDER BY id")
            .map_err(Error::from)?;
        let mut rows = stmt.query([]).map_err(Error::from)?;
        while let Some(r) = rows.next().map_err(Error::from)? {
            let row = (|| -> rusqlite::Result<MemberRow> {
                Ok(MemberRow {
                    id: r.get(0)?,
                    region: r.get(1)?,
                    birth_date: r.get(2)?,
                    joined_at: Timestamp(r.get(3)?),
                    closed_at: r.get::<_, Option<i64>>(4)?.map(Timestamp),
                })
            })()
            .map_err(Error::from)?;
            f(row)?;
        }
        Ok(())
    }

    /// Items created at or before `upto`, by owner and id.
    pub fn items<E: From<Error>>(&self, upto: Timestamp, f: impl FnMut(ItemRow) -> Result<(), E>) -> Result<(), E> {
        self.items_where(upto, None, f)
    }

    /// Items created at or before `upto` of the given members only (sorted ids), by owner and id:
    /// one index lookup per member instead of a scan of every item.
    pub fn items_of<E: From<Error>>(
        &self,
        upto: Timestamp,
        members: &[MemberId],
        f: impl FnMut(ItemRow) -> Result<(), E>,
    ) -> Result<(), E> {
        self.items_where(upto, Some(members), f)
    }

    fn items_where<E: From<Error>>(
        &self,
        upto: Timestamp,
        members: Option<&[MemberId]>,
        mut f: impl FnMut(ItemRow) -> Result<(), E>,
    ) -> Result<(), E> {
        const COLUMNS: &str = "id, member_id, kind, visibility, visibility_changed_at, created_at, deleted_at, text";
        let sql = match members {
            None => format!("SELECT {COLUMNS} FROM items WHERE created_at <= ?1 ORDER BY member_id, id"),
            Some(_) => format!("SELECT {COLUMNS} FROM items WHERE member_id = ?2 AND created_at <= ?1 ORDER BY id"),
        };
        let mut stmt = self.conn.prepare(&sql).map_err(Error::from)?;
        let mut read = |rows: &mut rusqlite::Rows<'_>| -> Result<(), E> {
            while let Some(r) = rows.next().map_err(Error::from)? {
                let row = (|| -> Result<ItemRow> {
                    let kind: String = r.get(2)?;
                    let vis: String = r.get(3)?;
                    let id: ItemId = r.get(0)?;
                    Ok(ItemRow {
                        id,
                        member_id: r.get(1)?,
                        kind: kind.parse().map_err(|_| corrupt(format!("item {id}: unknown kind `{kind}`")))?,
                        visibility: vis
                            .parse()
                            .map_err(|_| corrupt(format!("item {id}: unknown visibility `{vis}`")))?,
                        visibility_since: Timestamp(r.get(4)?),
                        created_at: Timestamp(r.get(5)?),
                        deleted_at: r.get::<_, Option<i64>>(6)?.map(Timestamp),
                        text: r.get(7)?,
                    })
                })()?;
                f(row)?;
            }
            Ok(())
        };
        match members {
            None => read(&mut stmt.query([upto.0]).map_err(Error::from)?),
            Some(members) => {
                for m in members {
                    read(&mut stmt.query(rusqlite::params![upto.0, m]).map_err(Error::from)?)?;
                }
                Ok(())
            }
        }
    }
}

/// [`Store::members_changed_since`]: a range of the `items_by_change` index (its expression is
/// the latest of the three change times), not a walk of the items. Named, because without
/// statistics SQLite prefers walking `items_by_member` for the union's order.
pub const CHANGED_SINCE_SQL: &str = "SELECT id FROM members WHERE closed_at > ?1
     UNION
     SELECT member_id FROM items INDEXED BY items_by_change
     WHERE max(updated_at, visibility_changed_at, coalesce(deleted_at, updated_at)) > ?1
       AND created_at <= ?1
     ORDER BY 1";

impl Store {
    /// Members whose trainable data may have shrunk after `t`: accounts closed, or items that
    /// existed at `t` deleted, edited or re-scoped (visibility changed) after `t`. The unlearning planner intersects this
    /// with a release's lineage; over-approximating only retrains a shard more than needed.
    /// Read on a connection of its own ([`Store::scan`]), so that requests never wait for it.
    pub fn members_changed_since(&self, t: Timestamp) -> Result<Vec<MemberId>> {
        let scan = self.scan()?;
        let mut stmt = scan.conn.prepare(CHANGED_SINCE_SQL)?;
        let rows = stmt.query_map([t.0], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
