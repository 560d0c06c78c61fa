//! The graph: connection requests.

use assent_policy::Timestamp;
use assent_store::MemberId;

use super::Result;
use crate::AppState;

/// Asks `to` to connect, or accepts their pending request; `true` when the two are now connected.
pub fn connect(s: &AppState, me: MemberId, to: MemberId) -> Result<bool> {
    Ok(s.store.request_connection(me, to, Timestamp::now())?)
}
