//! The connection graph: requests, acceptance, and who is connected to whom.

use assent_policy::Timestamp;
use rusqlite::params;

use crate::error::invalid;
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
        Ok(self
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM connections WHERE a = ?1 AND b = ?2)", [a, b], |r| r.get(0))?)
    }

    /// The member's connections' ids.
    pub fn connections_of(&self, member: MemberId) -> Result<Vec<MemberId>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT b FROM connections WHERE a = ?1 UNION ALL SELECT a FROM connections WHERE b = ?1",
        )?;
        let rows = stmt.query_map([member], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Asks `to` to connect. If `to` had already asked `from`, the two are connected at once.
    /// Returns whether they are now connected.
    pub fn request_connection(&self, from: MemberId, to: MemberId, now: Timestamp) -> Result<bool> {
        if from == to {
            return Err(invalid("to", "you cannot connect to yourself"));
        }
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let open: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM members WHERE id = ?1 AND closed_at IS NULL)", [to], |r| {
                r.get(0)
            })?;
        if !open {
            return Err(Error::NotFound("member"));
        }
        let (a, b) = (from.min(to), from.max(to));
        let connected: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM connections WHERE a = ?1 AND b = ?2)", [a, b], |r| r.get(0))?;
        if connected {
            return Err(Error::Conflict("to: you are already connected".into()));
        }
        let reverse = tx.execute("DELETE FROM connection_requests WHERE from_id = ?1 AND to_id = ?2", [to, from])?;
        if reverse > 0 {
            tx.execute("INSERT INTO connections (a, b, created_at) VALUES (?1, ?2, ?3)", params![a, b, now.0])?;
        } else {
            tx.execute(
                "INSERT OR IGNORE INTO connection_requests (from_id, to_id, created_at) VALUES (?1, ?2, ?3)",
                params![from, to, now.0],
            )?;
        }
        tx.commit()?;
        Ok(reverse > 0)
    }

    /// Requests waiting for the member's answer.
    pub fn incoming_requests(&self, member: MemberId) -> Result<Vec<ConnectionRequest>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT from_id, to_id, created_at FROM connection_requests WHERE to_id = ?1 ORDER BY created_at DESC",
        )?;
        let rows = stmt.query_map([member], |r| {
            Ok(ConnectionRequest { from: r.get(0)?, to: r.get(1)?, created_at: Timestamp(r.get(2)?) })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
