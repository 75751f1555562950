//! `[examples]`: the API profile generated examples follow, and the error-body template
//! they fill in.

use crate::input::toml_fields::Fields;

/// `[examples]`: the API profile that generated examples follow, so they look like this
/// API: its address, how it authenticates, an example resource, and its error body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Examples {
    /// The API's address: scheme, host and path prefix (`https://api.example.com/v1`),
    /// without a trailing `/`.
    pub base_url: String,
    /// The body of error responses.
    pub error: ErrorFormat,
    /// How requests authenticate.
    pub auth: Auth,
    /// The collection examples use, under `base_url` (`/orders`).
    pub resource: String,
    /// The id of an example member of it (`8472`, `ord_8472`).
    pub id: String,
    /// The JSON a request that creates a member sends: the fields the API requires.
    pub body: String,
    /// Where the `type` URIs of problem details live (`https://api.example.com/problems/`).
    pub problem_base: String,
    /// The header that makes a `POST` safe to repeat (`Idempotency-Key`); none if the API
    /// has none.
    pub idempotency_header: Option<String>,
}

/// How example requests authenticate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <credentials>`.
    Basic,
    /// An API key in a header of the API's own (`X-Api-Key: <key>`).
    Header(String),
    /// No credentials.
    None,
}

/// How the API words an error response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorFormat {
    /// RFC 9457 problem details, `application/problem+json`.
    Problem,
    /// A JSON body of the API's own, from a template with `{status}`, `{reason}`,
    /// `{description}`, `{type}` and `{path}` placeholders.
    Custom {
        /// The `Content-Type` of error responses.
        content_type: String,
        /// The body, with placeholders.
        template: String,
    },
}

impl Default for Examples {
    fn default() -> Self {
        Self {
            base_url: "https://api.example.com".to_string(),
            error: ErrorFormat::Problem,
            auth: Auth::Bearer,
            resource: "/orders".to_string(),
            id: "8472".to_string(),
            body: "{\n  \"items\": [{ \"sku\": \"BK-1024\", \"quantity\": 2 }]\n}".to_string(),
            problem_base: "https://api.example.com/problems/".to_string(),
            idempotency_header: Some("Idempotency-Key".to_string()),
        }
    }
}

pub(super) fn read_examples(fields: &mut Fields<'_>, examples: &mut Examples) {
    if let Some(url) = fields.string("base-url") {
        let value = url.value.trim().trim_end_matches('/');
        let host = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"))
            .and_then(|rest| rest.split('/').next())
            .filter(|host| !host.is_empty() && !host.contains(char::is_whitespace));
        match host {
            Some(host) => {
                let origin = &value[..value.find(host).unwrap_or(0) + host.len()];
                examples.problem_base = format!("{origin}/problems/");
                examples.base_url = value.to_string();
            }
            None => fields.invalid(
                &url,
                "`examples.base-url` is not an http(s) URL".into(),
                "write the API's address, like `https://api.example.com/v1`",
            ),
        }
    }
    if let Some(auth) = fields.string("auth") {
        match auth.value.trim() {
            "bearer" => examples.auth = Auth::Bearer,
            "basic" => examples.auth = Auth::Basic,
            "none" => examples.auth = Auth::None,
            other => match other.strip_prefix("header:").map(str::trim) {
                Some(name) if is_token(name) => examples.auth = Auth::Header(name.to_string()),
                _ => fields.invalid(
                    &auth,
                    format!("`examples.auth` cannot be `{}`", auth.value),
                    "write \"bearer\", \"basic\", \"none\", or \"header:<Name>\" for an API key header, like \"header:X-Api-Key\"",
                ),
            },
        }
    }
    if let Some(resource) = fields.string("resource") {
        let path = resource.value.trim().trim_end_matches('/');
        if path.starts_with('/') && path.len() > 1 && !path.contains(['?', '#', ' ']) {
            examples.resource = path.to_string();
        } else {
            fields.invalid(
                &resource,
                "`examples.resource` is not a path".into(),
                "write the collection's path under base-url, like \"/orders\"",
            );
        }
    }
    if let Some(id) = fields.string("id") {
        let value = id.value.trim();
        if !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c))
        {
            examples.id = value.to_string();
        } else {
            fields.invalid(
                &id,
                "`examples.id` must be a URL path segment".into(),
                "letters, digits, `-`, `_`, `.` and `~`, like \"ord_8472\"",
            );
        }
    }
    if let Some(body) = fields.string("body") {
        match serde_json::from_str::<serde_json::Value>(&body.value) {
            Ok(value) if value.is_object() => {
                examples.body = serde_json::to_string_pretty(&value).expect("JSON serialises");
            }
            _ => fields.invalid(
                &body,
                "`examples.body` is not a JSON object".into(),
                "write the JSON a request that creates a member sends, like '{\"cart_id\": \"crt_9e1\"}'",
            ),
        }
    }
    if let Some(base) = fields.string("problem-base") {
        let value = base.value.trim();
        if value.starts_with("https://") || value.starts_with("http://") {
            examples.problem_base = if value.ends_with('/') {
                value.to_string()
            } else {
                format!("{value}/")
            };
        } else {
            fields.invalid(
                &base,
                "`examples.problem-base` is not an http(s) URL".into(),
                "write where the API's problem types live, like \"https://api.example.com/problems/\"",
            );
        }
    }
    if let Some(header) = fields.string("idempotency-header") {
        let name = header.value.trim();
        if name.is_empty() {
            examples.idempotency_header = None;
        } else if is_token(name) {
            examples.idempotency_header = Some(name.to_string());
        } else {
            fields.invalid(
                &header,
                format!("`{name}` is not a header name"),
                "write a header name like \"Idempotency-Key\", or \"\" if the API has none",
            );
        }
    }
    let content_type = fields.string("error-content-type");
    if let Some(body) = fields.string("error-body") {
        match check_error_template(&body.value) {
            Ok(()) => {
                examples.error = ErrorFormat::Custom {
                    content_type: content_type
                        .map_or_else(|| "application/json".to_string(), |c| c.value),
                    template: body.value.trim().to_string(),
                }
            }
            Err(problem) => fields.invalid(
                &body,
                format!("`examples.error-body` is not JSON once filled in: {problem}"),
                "placeholders {status}, {reason}, {description}, {type} and {path} are replaced inside the JSON; write {status} bare and the others inside quotes",
            ),
        }
    } else if let Some(content_type) = content_type {
        fields.invalid(
            &content_type,
            "`examples.error-content-type` needs an `error-body`".into(),
            "problem details are always `application/problem+json`",
        );
    }
}

/// Fills an `error-body` template; string values are JSON-escaped, `{status}` is a number.
pub fn fill_error_body(
    template: &str,
    code: u32,
    reason: &str,
    description: &str,
    kind: &str,
    path: &str,
) -> String {
    let escape = |s: &str| {
        let quoted = serde_json::to_string(s).expect("strings serialise");
        quoted[1..quoted.len() - 1].to_string()
    };
    template
        .replace("{status}", &code.to_string())
        .replace("{reason}", &escape(reason))
        .replace("{description}", &escape(description))
        .replace("{type}", &escape(kind))
        .replace("{path}", &escape(path))
}

/// Checks that an `error-body` template is JSON once filled in; on error, what is wrong.
pub fn check_error_template(template: &str) -> Result<(), String> {
    let filled = fill_error_body(
        template,
        404,
        "Not \"Found\"",
        "A \\ description",
        "not-found",
        "/v1/x",
    );
    serde_json::from_str::<serde_json::Value>(&filled)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Whether `name` can be a header field name (an RFC 9110 §5.6.2 token).
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}
