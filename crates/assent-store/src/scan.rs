//! Consistent bulk reads for lake snapshots: one read transaction, rows streamed to callbacks.
//!
//! Only the tables the eligibility rule needs are exposed: members (without names, e-mails or
//! password hashes) and items. **Private messages are not readable here.**

use assent_policy::{Kind, Timestamp, Visibility};

use crate::args;
use crate::db::{Dialect, Row, Sql};
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
    conn: Box<dyn Sql>,
}

impl Store {
    /// Opens a separate read-only connection and starts one read transaction on it, so that
    /// every scan sees the same state even while the server keeps writing (on PostgreSQL, one
    /// REPEATABLE READ transaction: one snapshot for all its statements).
    pub fn scan(&self) -> Result<Scan> {
        let mut conn = self.connect(true)?;
        conn.batch(match conn.dialect() {
            Dialect::Sqlite => "BEGIN DEFERRED; SELECT count(*) FROM members;",
            Dialect::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT count(*) FROM members;",
        })?;
        Ok(Scan { conn })
    }
}

impl Scan {
    /// Every member, by id (the rule itself excludes accounts not yet open at the instant).
    pub fn members<E: From<Error>>(&mut self, mut f: impl FnMut(MemberRow) -> Result<(), E>) -> Result<(), E> {
        // The callback's error is carried out of the row loop, whose own errors are the store's.
        let mut failed = None;
        let scanned = self.conn.query(
            "SELECT id, region, birth_date, joined_at, closed_at FROM members ORDER BY id",
            &[],
            &mut |r| {
                let row = MemberRow {
                    id: r.int(0)?,
                    region: r.text(1)?,
                    birth_date: r.text(2)?,
                    joined_at: Timestamp(r.int(3)?),
                    closed_at: r.opt_int(4)?.map(Timestamp),
                };
                f(row).map_err(|e| {
                    failed = Some(e);
                    Error::Database("stopped by the caller".into())
                })
            },
        );
        scanned.or_else(|e| failed.take().map_or(Err(E::from(e)), Err))
    }

    /// Items created at or before `upto`, by owner and id.
    pub fn items<E: From<Error>>(&mut self, upto: Timestamp, f: impl FnMut(ItemRow) -> Result<(), E>) -> Result<(), E> {
        self.items_where(upto, None, f)
    }

    /// Items created at or before `upto` of the given members only (sorted ids), by owner and id:
    /// one index lookup per member instead of a scan of every item.
    pub fn items_of<E: From<Error>>(
        &mut self,
        upto: Timestamp,
        members: &[MemberId],
        f: impl FnMut(ItemRow) -> Result<(), E>,
    ) -> Result<(), E> {
        self.items_where(upto, Some(members), f)
    }

    fn items_where<E: From<Error>>(
        &mut self,
        upto: Timestamp,
        members: Option<&[MemberId]>,
        mut f: impl FnMut(ItemRow) -> Result<(), E>,
    ) -> Result<(), E> {
        const ALL: &str = "SELECT id, member_id, kind, visibility, visibility_changed_at, created_at, deleted_at, text
             FROM items WHERE created_at <= ?1 ORDER BY member_id, id";
        const ONE: &str = "SELECT id, member_id, kind, visibility, visibility_changed_at, created_at, deleted_at, text
             FROM items WHERE member_id = ?2 AND created_at <= ?1 ORDER BY id";
        let mut failed = None;
        let mut read = |r: &dyn Row| -> Result<()> {
            f(item_row(r)?).map_err(|e| {
                failed = Some(e);
                Error::Database("stopped by the caller".into())
            })
        };
        let scanned = match members {
            None => self.conn.query(ALL, args![upto.0], &mut read),
            Some(members) => members.iter().try_for_each(|&m| self.conn.query(ONE, args![upto.0, m], &mut read)),
        };
        scanned.or_else(|e| failed.take().map_or(Err(E::from(e)), Err))
    }
}

fn item_row(r: &dyn Row) -> Result<ItemRow> {
    let id: ItemId = r.int(0)?;
    let (kind, visibility) = crate::items::kind_and_visibility(r, id, 2)?;
    Ok(ItemRow {
        id,
        member_id: r.int(1)?,
        kind,
        visibility,
        visibility_since: Timestamp(r.int(4)?),
        created_at: Timestamp(r.int(5)?),
        deleted_at: r.opt_int(6)?.map(Timestamp),
        text: r.opt_text(7)?,
    })
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

/// [`CHANGED_SINCE_SQL`] on PostgreSQL, whose index on the same expression is spelled with
/// `GREATEST` (and whose planner needs no hint).
const CHANGED_SINCE_POSTGRES: &str = "SELECT id FROM members WHERE closed_at > ?1
     UNION
     SELECT member_id FROM items
     WHERE GREATEST(updated_at, visibility_changed_at, COALESCE(deleted_at, updated_at)) > ?1
       AND created_at <= ?1
     ORDER BY 1";

impl Store {
    /// Members whose trainable data may have shrunk after `t`: accounts closed, or items that
    /// existed at `t` deleted, edited or re-scoped (visibility changed) after `t`. The unlearning planner intersects this
    /// with a release's lineage; over-approximating only retrains a shard more than needed.
    /// Read on a connection of its own ([`Store::scan`]), so that requests never wait for it.
    pub fn members_changed_since(&self, t: Timestamp) -> Result<Vec<MemberId>> {
        let mut scan = self.scan()?;
        let sql = match scan.conn.dialect() {
            Dialect::Sqlite => CHANGED_SINCE_SQL,
            Dialect::Postgres => CHANGED_SINCE_POSTGRES,
        };
        scan.conn.query_vec(sql, args![t.0], |r| r.int(0))
    }
}
