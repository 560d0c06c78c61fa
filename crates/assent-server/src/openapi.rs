//! The OpenAPI 3 document, generated from the handlers' annotations.

use axum::response::IntoResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api::{account, ai, content, messages, network, settings};

#[derive(OpenApi)]
#[openapi(
    info(title = "Assent API", description = "A professional network whose AI learns only from what members allow. \
Errors are `{error: {code, message}}` with a 4xx status naming what was wrong."),
    paths(
        account::sign_up, account::log_in, account::log_out, account::me, account::edit_profile,
        account::add_experience, account::delete_experience, account::close_account,
        content::create_post, content::read_post, content::delete_post, content::create_comment, content::feed,
        messages::send, messages::list, messages::read,
        network::member, network::connect, network::connections, network::requests, network::jobs,
        settings::read, settings::change, settings::history,
        ai::assist_handler, ai::connection_suggestions, ai::job_suggestions, ai::ai_data,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "account", description = "Sign-up, sessions, own profile"),
        (name = "content", description = "Posts, articles, comments, feed"),
        (name = "messages", description = "Private messages (never used for AI training)"),
        (name = "network", description = "Profiles, connections, jobs"),
        (name = "settings", description = "Data for Generative AI Improvement and Data for AI-powered recommendations"),
        (name = "ai", description = "Writing assistant, suggestions, and what of the member's data trained which release"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document as JSON text.
pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().expect("the OpenAPI document serialises")
}

pub(crate) async fn openapi_handler() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], openapi_json())
}
