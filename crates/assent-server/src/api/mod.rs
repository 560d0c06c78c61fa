//! The JSON API under `/api/v1`: one module per area, each with its own `router()`.

pub(crate) mod account;
pub(crate) mod ai;
pub(crate) mod content;
pub(crate) mod messages;
pub(crate) mod network;
pub(crate) mod settings;

use assent_policy::{Timestamp, Visibility};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .merge(account::router())
        .merge(ai::router())
        .merge(content::router())
        .merge(messages::router())
        .merge(network::router())
        .merge(settings::router())
        .route("/api/v1/openapi.json", axum::routing::get(crate::openapi::openapi_handler))
}

/// Who may see an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Vis {
    /// Anyone.
    Public,
    /// The member's connections.
    Connections,
    /// The member alone (profile fields only).
    Private,
}

impl From<Vis> for Visibility {
    fn from(v: Vis) -> Visibility {
        match v {
            Vis::Public => Visibility::Public,
            Vis::Connections => Visibility::Connections,
            Vis::Private => Visibility::Private,
        }
    }
}

impl From<Visibility> for Vis {
    fn from(v: Visibility) -> Vis {
        match v {
            Visibility::Public => Vis::Public,
            Visibility::Connections => Vis::Connections,
            Visibility::Private => Vis::Private,
        }
    }
}

/// `201 Created` answer carrying the new id.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Created {
    /// The new resource's id.
    pub id: i64,
}

/// RFC 3339 text for a timestamp.
pub(crate) fn time(t: Timestamp) -> String {
    t.to_string()
}
