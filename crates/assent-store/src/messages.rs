//! Private 1:1 messages. Never eligible for training: they live in their own table, which the
//! training path does not read.

use assent_policy::Timestamp;
use rusqlite::{params, OptionalExtension, Row};

use crate::{validate, Error, MemberId, Result, Store};

/// A private message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Id.
    pub id: i64,
    /// Sender.
    pub from: MemberId,
    /// Recipient.
    pub to: MemberId,
    /// Text; `None` once erased (the sender closed their account).
    pub text: Option<String>,
    /// When it was sent.
    pub sent_at: Timestamp,
}

fn row_to_message(r: &Row<'_>) -> rusqlite::Result<Message> {
    Ok(Message { id: r.get(0)?, from: r.get(1)?, to: r.get(2)?, text: r.get(3)?, sent_at: Timestamp(r.get(4)?) })
}

impl Store {
    /// Sends a message to any member with an open account.
    pub fn send_message(&self, from: MemberId, to: MemberId, text: &str, now: Timestamp) -> Result<i64> {
        validate::text("text", text, validate::MESSAGE_MAX)?;
        if from == to {
            return Err(crate::error::invalid("to", crate::Problem::SelfMessage));
        }
        let conn = self.conn();
        let open: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM members WHERE id = ?1 AND closed_at IS NULL)", [to], |r| {
                r.get(0)
            })?;
        if !open {
            return Err(Error::NotFound("recipient"));
        }
        conn.execute(
            "INSERT INTO messages (sender_id, recipient_id, text, sent_at) VALUES (?1, ?2, ?3, ?4)",
            params![from, to, text, now.0],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// A message, if `viewer` is one of its two ends (otherwise "not found", never the text).
    pub fn message(&self, viewer: MemberId, id: i64) -> Result<Message> {
        let conn = self.conn();
        conn.query_row(
            "SELECT id, sender_id, recipient_id, text, sent_at FROM messages
             WHERE id = ?1 AND (sender_id = ?2 OR recipient_id = ?2)",
            params![id, viewer],
            row_to_message,
        )
        .optional()?
        .ok_or(Error::NotFound("message"))
    }

    /// The member's messages, sent and received, newest first.
    pub fn messages_of(&self, member: MemberId, limit: usize) -> Result<Vec<Message>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, sender_id, recipient_id, text, sent_at FROM messages
             WHERE sender_id = ?1 OR recipient_id = ?1 ORDER BY sent_at DESC, id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![member, limit as i64], row_to_message)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
