//! The connection graph: requests, acceptance, and who is connected to whom.

use assent_policy::Timestamp;

use crate::args;
use crate::error::{invalid, Problem};
use crate::{Error, MemberId, Result, Store};

/// A pending connection request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionRequest {
    /// Who asked.
    pub from: MemberId,
    /// Who is asked.
    pub to: MemberId,
    /// When.
    pub created_at: Timestamp,
}

impl Store {
    /// Whether two members are connected.
    pub fn are_connected(&self, x: MemberId, y: MemberId) -> Result<bool> {
        let (a, b) = (x.min(y), x.max(y));
        self.db()
            .query_one("SELECT EXISTS (SELECT 1 FROM connections WHERE a = ?1 AND b = ?2)", args![a, b], |r| r.bool(0))
    }

    /// The member's connections' ids.
    pub fn connections_of(&self, member: MemberId) -> Result<Vec<MemberId>> {
        self.db().query_vec(
            "SELECT b FROM connections WHERE a = ?1 UNION ALL SELECT a FROM connections WHERE b = ?1",
            args![member],
            |r| r.int(0),
        )
    }

    /// Asks `to` to connect. If `to` had already asked `from`, the two are connected at once.
    /// Returns whether they are now connected.
    pub fn request_connection(&self, from: MemberId, to: MemberId, now: Timestamp) -> Result<bool> {
        if from == to {
            return Err(invalid("to", Problem::SelfConnection));
        }
        self.db().transaction(|tx| {
            if !crate::members::is_open(tx, to)? {
                return Err(Error::NotFound("member"));
            }
            let (a, b) = (from.min(to), from.max(to));
            let connected =
                tx.query_one("SELECT EXISTS (SELECT 1 FROM connections WHERE a = ?1 AND b = ?2)", args![a, b], |r| {
                    r.bool(0)
                })?;
            if connected {
                return Err(Error::Conflict { field: "to", problem: Problem::AlreadyConnected });
            }
            let reverse =
                tx.execute("DELETE FROM connection_requests WHERE from_id = ?1 AND to_id = ?2", args![to, from])?;
            if reverse > 0 {
                tx.execute("INSERT INTO connections (a, b, created_at) VALUES (?1, ?2, ?3)", args![a, b, now.0])?;
            } else {
                tx.execute(
                    "INSERT INTO connection_requests (from_id, to_id, created_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT DO NOTHING",
                    args![from, to, now.0],
                )?;
            }
            Ok(reverse > 0)
        })
    }

    /// Requests waiting for the member's answer.
    pub fn incoming_requests(&self, member: MemberId) -> Result<Vec<ConnectionRequest>> {
        self.db().query_vec(
            "SELECT from_id, to_id, created_at FROM connection_requests WHERE to_id = ?1 ORDER BY created_at DESC",
            args![member],
            |r| Ok(ConnectionRequest { from: r.int(0)?, to: r.int(1)?, created_at: Timestamp(r.int(2)?) }),
        )
    }
}

impl Store {
    /// Candidates for connection suggestions: members 2 hops away with their mutual-connection
    /// count, and members who list a public position at a company the member lists; never the
    /// member, their connections or closed accounts. Best first, at most `limit`.
    pub fn connection_candidates(
        &self,
        member: MemberId,
        limit: usize,
    ) -> Result<Vec<(MemberId, u32, Option<String>)>> {
        self.db().query_vec(
            "WITH mine AS (SELECT b AS id FROM connections WHERE a = ?1 UNION SELECT a FROM connections WHERE b = ?1),
             hops AS (
                 SELECT c.b AS other FROM connections c JOIN mine ON c.a = mine.id
                 UNION ALL SELECT c.a FROM connections c JOIN mine ON c.b = mine.id
             ),
             mutual AS (SELECT other, COUNT(*) AS n FROM hops GROUP BY other),
             colleagues AS (
                 SELECT i2.member_id AS other, MIN(e2.company) AS company
                 FROM items i1 JOIN experience e1 ON e1.item_id = i1.id
                 JOIN experience e2 ON e2.company = e1.company
                 JOIN items i2 ON i2.id = e2.item_id AND i2.visibility = 'public' AND i2.deleted_at IS NULL
                 WHERE i1.member_id = ?1 AND i1.deleted_at IS NULL
                 GROUP BY i2.member_id
             ),
             cands AS (SELECT other FROM mutual UNION SELECT other FROM colleagues)
             SELECT c.other, COALESCE(m.n, 0), k.company
             FROM cands c LEFT JOIN mutual m ON m.other = c.other LEFT JOIN colleagues k ON k.other = c.other
             JOIN members mem ON mem.id = c.other AND mem.closed_at IS NULL
             WHERE c.other != ?1 AND c.other NOT IN (SELECT id FROM mine)
             ORDER BY COALESCE(m.n, 0) DESC, k.company IS NULL, c.other
             LIMIT ?2",
            args![member, limit as i64],
            |r| Ok((r.int(0)?, r.int(1)? as u32, r.opt_text(2)?)),
        )
    }

    /// A member's skills as `viewer` may see them (`None` = anonymous).
    pub fn visible_skills(&self, viewer: Option<MemberId>, member: MemberId) -> Result<Vec<String>> {
        let Some(item) = self.profile(member)?.skills else { return Ok(Vec::new()) };
        if !self.can_see(viewer, &item)? {
            return Ok(Vec::new());
        }
        Ok(item.text.unwrap_or_default().split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
    }
}
