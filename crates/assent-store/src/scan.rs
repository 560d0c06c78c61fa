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
    /// The text's language as labelled when it was written (`assent_policy::language`); `None`
    /// once erased.
    pub lang: Option<&'static str>,
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
        // The first read fixes what the transaction sees; one row is enough for it.
        conn.batch(match conn.dialect() {
            Dialect::Sqlite => "BEGIN DEFERRED; SELECT 1 FROM members LIMIT 1;",
            Dialect::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1 FROM members LIMIT 1;",
        })?;
        Ok(Scan { conn })
    }
}

impl Scan {
    /// Every member, by id (the rule itself excludes accounts not yet open at the instant).
    pub fn members<E: From<Error>>(&mut self, f: impl FnMut(MemberRow) -> Result<(), E>) -> Result<(), E> {
        self.each("SELECT id, region, birth_date, joined_at, closed_at FROM members ORDER BY id", &[], member_row, f)
    }

    /// Every member's id, ascending: what deciding which members to read costs, without reading
    /// their rows.
    pub fn member_ids(&mut self) -> Result<Vec<MemberId>> {
        self.conn.query_vec("SELECT id FROM members ORDER BY id", &[], |r| r.int(0))
    }

    /// The given members only (sorted ids), by id: looked up a few hundred per statement, as
    /// [`Scan::items_of`] does. Ids with no member are skipped.
    pub fn members_of<E: From<Error>>(
        &mut self,
        members: &[MemberId],
        mut f: impl FnMut(MemberRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let dialect = self.conn.dialect();
        let sql = match dialect {
            Dialect::Sqlite => SOME_MEMBERS_SQLITE,
            Dialect::Postgres => SOME_MEMBERS_POSTGRES,
        };
        for chunk in members.chunks(MEMBERS_PER_STATEMENT) {
            self.each(sql, args![id_list(dialect, chunk)], member_row, &mut f)?;
        }
        Ok(())
    }

    /// Items created at or before `upto`, by owner and id.
    pub fn items<E: From<Error>>(&mut self, upto: Timestamp, f: impl FnMut(ItemRow) -> Result<(), E>) -> Result<(), E> {
        const ALL: &str =
            "SELECT id, member_id, kind, visibility, visibility_changed_at, created_at, deleted_at, text, lang
             FROM items WHERE created_at <= ?1 ORDER BY member_id, id";
        self.each(ALL, args![upto.0], item_row, f)
    }

    /// Hands each row of `sql`, as `read` reads it, to `f`. The callback's error is carried out
    /// of the row loop, whose own errors are the store's.
    fn each<T, E: From<Error>>(
        &mut self,
        sql: &str,
        args: &[crate::db::Value<'_>],
        read: fn(&dyn Row) -> Result<T>,
        mut f: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut failed = None;
        let scanned = self.conn.query(sql, args, &mut |r| {
            f(read(r)?).map_err(|e| {
                failed = Some(e);
                Error::Database("stopped by the caller".into())
            })
        });
        scanned.or_else(|e| failed.take().map_or(Err(E::from(e)), Err))
    }

    /// Items created at or before `upto` of the given members only (sorted ids), by owner and id:
    /// index lookups for a few hundred members per statement instead of a scan of every item
    /// (on PostgreSQL, one round trip per few hundred members rather than one per member).
    pub fn items_of<E: From<Error>>(
        &mut self,
        upto: Timestamp,
        members: &[MemberId],
        mut f: impl FnMut(ItemRow) -> Result<(), E>,
    ) -> Result<(), E> {
        let dialect = self.conn.dialect();
        let sql = match dialect {
            Dialect::Sqlite => SOME_SQLITE,
            Dialect::Postgres => SOME_POSTGRES,
        };
        let mut rows = Vec::new();
        for chunk in members.chunks(MEMBERS_PER_STATEMENT) {
            rows.clear();
            self.conn.query(sql, args![upto.0, id_list(dialect, chunk)], &mut |r| {
                rows.push(item_row(r)?);
                Ok(())
            })?;
            // By owner and id, as a scan of every item gives them.
            rows.sort_unstable_by_key(|i| (i.member_id, i.id));
            for row in rows.drain(..) {
                f(row)?;
            }
        }
        Ok(())
    }
}

/// [`Scan::members_of`] on SQLite, on PostgreSQL; in id order, as [`Scan::members`] gives them.
const SOME_MEMBERS_SQLITE: &str = "SELECT id, region, birth_date, joined_at, closed_at FROM members
     WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id";
const SOME_MEMBERS_POSTGRES: &str = "SELECT id, region, birth_date, joined_at, closed_at FROM members
     WHERE id = ANY(CAST(CAST(?1 AS TEXT) AS BIGINT[])) ORDER BY id";

/// Members whose rows or items one statement of [`Scan::members_of`] or [`Scan::items_of`] looks up.
const MEMBERS_PER_STATEMENT: usize = 512;

/// [`Scan::items_of`] on SQLite: the members as a JSON array, each looked up by index.
const SOME_SQLITE: &str =
    "SELECT id, member_id, kind, visibility, visibility_changed_at, created_at, deleted_at, text, lang
     FROM items INDEXED BY items_by_member
     WHERE member_id IN (SELECT value FROM json_each(?2)) AND created_at <= ?1";

/// [`Scan::items_of`] on PostgreSQL: the members as an array literal.
const SOME_POSTGRES: &str =
    "SELECT id, member_id, kind, visibility, visibility_changed_at, created_at, deleted_at, text, lang
     FROM items WHERE member_id = ANY(CAST(CAST(?2 AS TEXT) AS BIGINT[])) AND created_at <= ?1";

/// Ids as one statement parameter: a JSON array for `json_each` on SQLite, an array literal on
/// PostgreSQL.
pub(crate) fn id_list(dialect: Dialect, ids: &[i64]) -> String {
    let ids = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    match dialect {
        Dialect::Sqlite => format!("[{ids}]"),
        Dialect::Postgres => format!("{{{ids}}}"),
    }
}

fn member_row(r: &dyn Row) -> Result<MemberRow> {
    Ok(MemberRow {
        id: r.int(0)?,
        region: r.text(1)?,
        birth_date: r.text(2)?,
        joined_at: Timestamp(r.int(3)?),
        closed_at: r.opt_int(4)?.map(Timestamp),
    })
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
        lang: match r.opt_text(8)? {
            None => None,
            Some(tag) => Some(assent_policy::language::tag(&tag).ok_or_else(|| {
                Error::Database(format!("item {id}: `{tag}` is not a language label (en, fr or und)"))
            })?),
        },
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
