//! The OpenAPI 3 document, generated from the handlers' annotations.

use axum::response::IntoResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Schema};
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
    modifiers(&BearerAuth, &StandardResponses, &FieldRules),
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

/// The answers every operation of a kind can give, whatever the handler: 401 when it needs a
/// session; 400 (malformed), 413 (over 1 MiB) and 415 (not JSON) when it takes a body; 400 when
/// a path or query parameter does not parse. All carry the error body.
struct StandardResponses;

impl Modify for StandardResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let path_params = item.parameters.as_ref().is_some_and(|p| !p.is_empty());
            for op in
                [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch].into_iter().flatten()
            {
                let mut add = |status: &str, description: &str| {
                    op.responses.responses.entry(status.to_string()).or_insert_with(|| error(description).into());
                };
                let needs_session = op.security.as_ref().is_some_and(|s| !s.is_empty());
                let has_body = op.request_body.is_some();
                let has_params = path_params || op.parameters.as_ref().is_some_and(|p| !p.is_empty());
                if needs_session {
                    add("401", "no valid `Authorization: Bearer` token");
                }
                if has_body {
                    add("400", "the body is not valid JSON or lacks a field");
                    add("413", "the body is over 1 MiB");
                    add("415", "the body is not `application/json`");
                    add("422", "a field is invalid");
                } else if has_params {
                    add("400", "a path or query parameter is invalid");
                }
            }
        }
    }
}

/// The limits the server enforces on request fields, from the same constants, so that a client
/// (or a fuzzer) generating from the document stays within them. Rules JSON Schema cannot state
/// (a name that shows nothing, an end before a start, an age) are answered with 422.
struct FieldRules;

impl Modify for FieldRules {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use assent_store::validate as v;
        use utoipa::openapi::schema::{KnownFormat, Object, SchemaFormat};
        let Some(components) = openapi.components.as_mut() else { return };
        let mut rule = |schema: &str, field: &str, f: &dyn Fn(&mut Object)| {
            let Some(RefOr::T(Schema::Object(obj))) = components.schemas.get_mut(schema) else {
                panic!("no schema {schema}")
            };
            let Some(RefOr::T(Schema::Object(prop))) = obj.properties.get_mut(field) else {
                panic!("no field {schema}.{field}")
            };
            f(prop);
        };
        let text = |max: usize| {
            move |o: &mut Object| {
                o.min_length = Some(1);
                o.max_length = Some(max);
            }
        };
        let date = |o: &mut Object| o.format = Some(SchemaFormat::KnownFormat(KnownFormat::Date));
        rule("SignUp", "name", &text(v::NAME_MAX));
        rule("SignUp", "email", &text(254));
        rule("SignUp", "password", &|o: &mut Object| {
            o.min_length = Some(8);
            o.max_length = Some(128);
        });
        rule("SignUp", "region", &|o: &mut Object| {
            o.enum_values = Some(assent_policy::Region::all().map(|r| r.as_str().into()).collect());
        });
        rule("SignUp", "birth_date", &date);
        rule("FieldDto", "text", &text(v::ABOUT_MAX.max(v::HEADLINE_MAX)));
        rule("NewExperienceDto", "title", &text(v::TITLE_MAX));
        rule("NewExperienceDto", "company", &text(v::TITLE_MAX));
        rule("NewExperienceDto", "description", &text(v::DESCRIPTION_MAX));
        rule("NewExperienceDto", "start", &date);
        rule("NewExperienceDto", "end", &date);
        rule("NewPost", "text", &text(v::ARTICLE_MAX));
        rule("NewComment", "text", &text(v::COMMENT_MAX));
        rule("NewMessage", "text", &text(v::MESSAGE_MAX));
        rule("AssistRequest", "task", &|o: &mut Object| {
            o.enum_values = Some(["headline", "about", "post", "message"].map(Into::into).to_vec());
        });
        rule("AssistRequest", "draft", &|o: &mut Object| o.max_length = Some(v::POST_MAX));
        for name in ["AiDataChange", "ProfileEdit"] {
            if let Some(RefOr::T(Schema::Object(change))) = components.schemas.get_mut(name) {
                change.min_properties = Some(1);
            }
        }
    }
}

/// The OpenAPI document as JSON text.
pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().expect("the OpenAPI document serialises")
}

pub(crate) async fn openapi_handler() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], openapi_json())
}
