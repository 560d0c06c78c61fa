//! Posts, articles, comments and the feed.

use assent_store::Item;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{time, Created, Vis};
use crate::extract::{Auth, Json, MaybeAuth, Path};
use crate::ops::{self, content::PostKind};
use crate::{ApiError, AppState};

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/posts", post(create_post))
        .route("/api/v1/posts/{id}", get(read_post).delete(delete_post))
        .route("/api/v1/posts/{id}/comments", post(create_comment))
        .route("/api/v1/feed", get(feed))
}

/// What kind of writing a post is.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PostKindDto {
    /// A short post (≤ 3 000 characters).
    #[default]
    Post,
    /// A long-form article (≤ 100 000 characters).
    Article,
}

impl From<PostKindDto> for PostKind {
    fn from(k: PostKindDto) -> PostKind {
        match k {
            PostKindDto::Post => PostKind::Post,
            PostKindDto::Article => PostKind::Article,
        }
    }
}

/// A new post.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPost {
    text: String,
    /// `public` or `connections`.
    visibility: Vis,
    /// `post` (default) or `article`.
    #[serde(default)]
    kind: PostKindDto,
}

/// A new comment.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    text: String,
    /// `public` (default) or `connections`.
    #[serde(default = "public")]
    visibility: Vis,
}

fn public() -> Vis {
    Vis::Public
}

/// A post, article or comment.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct PostDto {
    /// Id.
    pub id: i64,
    /// Author's member id.
    pub author: i64,
    /// `post`, `article` or `comment`.
    pub kind: String,
    /// Text.
    pub text: String,
    /// Visibility.
    pub visibility: Vis,
    /// Creation time.
    pub created_at: String,
    /// The post a comment answers.
    pub parent: Option<i64>,
}

impl PostDto {
    pub(crate) fn from_item(i: Item) -> Option<PostDto> {
        Some(PostDto {
            id: i.id,
            author: i.member_id,
            kind: i.kind.as_str().to_string(),
            text: i.text?,
            visibility: i.visibility.into(),
            created_at: time(i.created_at),
            parent: i.parent_id,
        })
    }
}

/// Publish a post or article.
#[utoipa::path(post, path = "/api/v1/posts", tag = "content", security(("bearer" = [])), request_body = NewPost,
    responses((status = 201, body = Created), (status = 422, body = crate::error::ErrorBody)))]
pub(crate) async fn create_post(
    State(state): State<AppState>,
    Auth(me): Auth,
    Json(req): Json<NewPost>,
) -> Result<(StatusCode, axum::Json<Created>), ApiError> {
    let id = state.run(move |s| ops::content::post(s, me, req.kind.into(), &req.text, req.visibility.into())).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })))
}

/// Comment on a post the caller can see.
#[utoipa::path(post, path = "/api/v1/posts/{id}/comments", tag = "content", security(("bearer" = [])), request_body = NewComment,
    params(("id" = i64, Path)), responses((status = 201, body = Created), (status = 404, body = crate::error::ErrorBody)))]
pub(crate) async fn create_comment(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(post): Path<i64>,
    Json(req): Json<NewComment>,
) -> Result<(StatusCode, axum::Json<Created>), ApiError> {
    let id = state.run(move |s| ops::content::comment(s, me, post, &req.text, req.visibility.into())).await?;
    Ok((StatusCode::CREATED, axum::Json(Created { id })))
}

/// Read a post, if the caller may see it.
#[utoipa::path(get, path = "/api/v1/posts/{id}", tag = "content", params(("id" = i64, Path)), security((), ("bearer" = [])),
    responses((status = 200, body = PostDto), (status = 404, body = crate::error::ErrorBody)))]
pub(crate) async fn read_post(
    State(state): State<AppState>,
    MaybeAuth(viewer): MaybeAuth,
    Path(id): Path<i64>,
) -> Result<axum::Json<PostDto>, ApiError> {
    state
        .run(move |s| {
            let item = s.store.item(id)?.filter(|i| ops::content::is_post(i.kind));
            match item {
                Some(i) if s.store.can_see(viewer, &i)? => {
                    PostDto::from_item(i).map(axum::Json).ok_or(ops::Error::NotFound("post"))
                }
                _ => Err(ops::Error::NotFound("post")),
            }
        })
        .await
        .map_err(ApiError::from)
}

/// Delete one's own post, article or comment; its text is erased for good.
#[utoipa::path(delete, path = "/api/v1/posts/{id}", tag = "content", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = crate::error::ErrorBody), (status = 404, body = crate::error::ErrorBody)))]
pub(crate) async fn delete_post(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state.run(move |s| ops::content::delete_post(s, me, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's feed: own posts, connections' posts and public posts, newest first.
#[utoipa::path(get, path = "/api/v1/feed", tag = "content", security(("bearer" = [])), responses((status = 200, body = Vec<PostDto>)))]
pub(crate) async fn feed(State(state): State<AppState>, Auth(me): Auth) -> Result<axum::Json<Vec<PostDto>>, ApiError> {
    state
        .run(move |s| Ok(axum::Json(s.store.feed(me, 50)?.into_iter().filter_map(PostDto::from_item).collect())))
        .await
        .map_err(ApiError::from)
}
