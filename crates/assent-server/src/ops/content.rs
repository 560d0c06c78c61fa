//! Posts, articles and comments: publishing and deleting them.

use assent_policy::{Kind, Timestamp, Visibility};
use assent_store::{ItemId, MemberId};

use super::{Effects, Error, Result};
use crate::AppState;

/// What kind of writing a post is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PostKind {
    /// A short post (≤ 3 000 characters).
    #[default]
    Post,
    /// A long-form article (≤ 100 000 characters).
    Article,
}

impl From<PostKind> for Kind {
    fn from(k: PostKind) -> Kind {
        match k {
            PostKind::Post => Kind::Post,
            PostKind::Article => Kind::Article,
        }
    }
}

/// Publishes a post or an article.
pub fn post(s: &AppState, me: MemberId, kind: PostKind, text: &str, visibility: Visibility) -> Result<ItemId> {
    Ok(s.store.create_post(me, kind.into(), text, visibility, None, Timestamp::now())?)
}

/// Comments on a post the member can see.
pub fn comment(s: &AppState, me: MemberId, parent: ItemId, text: &str, visibility: Visibility) -> Result<ItemId> {
    let post = s.store.item(parent)?.ok_or(Error::NotFound("post"))?;
    if !s.store.can_see(Some(me), &post)? {
        return Err(Error::NotFound("post"));
    }
    Ok(s.store.create_post(me, Kind::Comment, text, visibility, Some(parent), Timestamp::now())?)
}

/// Whether `kind` is written in the feed (and deleted with [`delete_post`]).
pub fn is_post(kind: Kind) -> bool {
    matches!(kind, Kind::Post | Kind::Article | Kind::Comment)
}

/// Deletes one of the member's posts, articles or comments: its text is erased for good and
/// unlearning requested. Someone else's post the member can see is [`Error::Forbidden`]; one
/// they cannot see does not exist for them.
pub fn delete_post(s: &AppState, me: MemberId, id: ItemId) -> Result<()> {
    match s.store.item(id)?.filter(|i| is_post(i.kind)) {
        Some(i) if s.store.can_see(Some(me), &i)? => s.store.delete_item(me, id, Timestamp::now())?,
        _ => return Err(Error::NotFound("post")),
    }
    Effects(s).data_may_be_ineligible();
    Ok(())
}
