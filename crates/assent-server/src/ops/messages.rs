//! Private messages: any member may message any other. Messages never train AI, so sending one
//! has no effect on training.

use assent_policy::Timestamp;
use assent_store::MemberId;

use super::Result;
use crate::AppState;

/// Sends a private message; returns its id.
pub fn send(s: &AppState, me: MemberId, to: MemberId, text: &str) -> Result<i64> {
    Ok(s.store.send_message(me, to, text, Timestamp::now())?)
}
