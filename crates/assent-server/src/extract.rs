//! Extractors: JSON bodies whose rejections speak the API's error format, and bearer-token auth.

use assent_policy::Timestamp;
use assent_store::MemberId;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};

use crate::{ApiError, AppState};

/// A JSON body. Malformed JSON, unknown or missing fields and wrong types are 400s naming the
/// problem; a missing content type is 415; an oversized body 413.
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
            Err(rejection) => Err(match rejection {
                JsonRejection::JsonDataError(e) => ApiError::bad_request("invalid_body", e.body_text()),
                JsonRejection::JsonSyntaxError(e) => ApiError::bad_request("malformed_json", e.body_text()),
                JsonRejection::MissingJsonContentType(_) => ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "send the body as JSON with `Content-Type: application/json`",
                ),
                other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "the request body is larger than 1 MiB")
                }
                other => ApiError::bad_request("invalid_body", other.body_text()),
            }),
        }
    }
}

/// The member a valid bearer token belongs to. Missing, unknown or expired tokens are 401.
#[derive(Debug, Clone, Copy)]
pub struct Auth(pub MemberId);

/// Like [`Auth`], but anonymous callers are allowed (a token that is present must still be valid).
#[derive(Debug, Clone, Copy)]
pub struct MaybeAuth(pub Option<MemberId>);

/// The bearer token of `Authorization` (the scheme name is case-insensitive, RFC 9110 §11.1).
pub(crate) fn bearer_token(headers: &axum::http::HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| ApiError::unauthorized())?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(Some(token.trim().to_string()))
        }
        _ => Err(ApiError::unauthorized()),
    }
}

fn bearer(parts: &Parts) -> Result<Option<String>, ApiError> {
    bearer_token(&parts.headers)
}

async fn member_of(state: &AppState, token: String) -> Result<MemberId, ApiError> {
    state.run(move |s| Ok(s.store.session_member(&token, Timestamp::now())?)).await?.ok_or_else(ApiError::unauthorized)
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer(parts)?.ok_or_else(ApiError::unauthorized)?;
        Ok(Auth(member_of(state, token).await?))
    }
}

impl FromRequestParts<AppState> for MaybeAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match bearer(parts)? {
            Some(token) => Ok(MaybeAuth(Some(member_of(state, token).await?))),
            None => Ok(MaybeAuth(None)),
        }
    }
}

/// A path parameter; a malformed one (e.g. `/posts/abc`) is a 400 in the API's error format.
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| Path(v))
            .map_err(|e| ApiError::bad_request("invalid_path", e.body_text()))
    }
}

/// Query parameters; malformed ones are a 400 in the API's error format.
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| Query(v))
            .map_err(|e| ApiError::bad_request("invalid_query", e.body_text()))
    }
}

/// The peer's IP address, when the server was started with connection info (`serve_on`); absent
/// in tests that call the router directly. Login throttling counts failures per IP with it.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>();
        Ok(ClientIp(peer.map(|c| c.0.ip())))
    }
}

/// Deserialises a whole number given as a JSON integer or as a float with no fractional part
/// (`12.0`): JSON Schema counts both as integers, and clients generating from the OpenAPI document
/// may send either. A fraction, or a value out of range, is refused.
pub(crate) fn whole<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<i128>,
{
    use serde::de::{Deserialize, Error};
    let n = serde_json::Number::deserialize(d)?;
    let whole = if let Some(i) = n.as_i64() {
        Some(i128::from(i))
    } else if let Some(u) = n.as_u64() {
        Some(i128::from(u))
    } else {
        n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e38).map(|f| f as i128)
    };
    whole
        .and_then(|i| T::try_from(i).ok())
        .ok_or_else(|| D::Error::custom(format!("{n} is not a whole number in range")))
}

/// [`whole`] for an optional field.
pub(crate) fn whole_opt<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<i128>,
{
    #[derive(serde::Deserialize)]
    struct Wrap<T: TryFrom<i128>>(#[serde(deserialize_with = "whole")] T);
    Ok(<Option<Wrap<T>> as serde::Deserialize>::deserialize(d)?.map(|w| w.0))
}
