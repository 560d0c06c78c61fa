//! Private 1:1 messages. Never eligible for training: they live in their own table, which the
//! training path does not read.

use assent_policy::Timestamp;

use crate::args;
use crate::db::Row;
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

fn row_to_message(r: &dyn Row) -> Result<Message> {
    Ok(Message { id: r.int(0)?, from: r.int(1)?, to: r.int(2)?, text: r.opt_text(3)?, sent_at: Timestamp(r.int(4)?) })
}

impl Store {
    /// Sends a message to any member with an open account.
    pub fn send_message(&self, from: MemberId, to: MemberId, text: &str, now: Timestamp) -> Result<i64> {
        validate::text("text", text, validate::MESSAGE_MAX)?;
        if from == to {
            return Err(crate::error::invalid("to", crate::Problem::SelfMessage));
        }
        self.db().transaction(|tx| {
            if !crate::members::is_open(tx, to)? {
                return Err(Error::NotFound("recipient"));
            }
            tx.query_one(
                "INSERT INTO messages (sender_id, recipient_id, text, sent_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
                args![from, to, text, now.0],
                |r| r.int(0),
            )
        })
    }

    /// A message, if `viewer` is one of its two ends (otherwise "not found", never the text).
    pub fn message(&self, viewer: MemberId, id: i64) -> Result<Message> {
        self.db()
            .query_opt(
                "SELECT id, sender_id, recipient_id, text, sent_at FROM messages
                 WHERE id = ?1 AND (sender_id = ?2 OR recipient_id = ?2)",
                args![id, viewer],
                row_to_message,
            )?
            .ok_or(Error::NotFound("message"))
    }

    /// The member's messages, sent and received, newest first.
    pub fn messages_of(&self, member: MemberId, limit: usize) -> Result<Vec<Message>> {
        self.db().query_vec(
            "SELECT id, sender_id, recipient_id, text, sent_at FROM messages
             WHERE sender_id = ?1 OR recipient_id = ?1 ORDER BY sent_at DESC, id DESC LIMIT ?2",
            args![member, limit as i64],
            row_to_message,
        )
    }
}
