//! `[api]`: the API's OpenAPI document, and where its portal documents each operation.

use std::path::PathBuf;
use std::sync::Arc;

use super::relative_path;
use crate::base::span::Spanned;
use crate::input::openapi::OpenApi;
use crate::input::toml_fields::Fields;

/// `[api]`: the OpenAPI document that describes the API, read after book.toml.
#[derive(Clone, Debug, Default)]
pub struct Api {
    /// `openapi`: the document, relative to the site folder, with where it was named.
    pub openapi: Option<Spanned<PathBuf>>,
    /// `operation-url`: the portal's page of an operation, with `{operationId}`, `{method}`,
    /// `{path}` and `{tag}` placeholders.
    pub operation_url: Option<String>,
    /// The document itself, once the site has read it (see `site::load`): every stage that
    /// needs it finds it here, beside where it was named.
    pub document: Option<Arc<OpenApi>>,
}

/// The placeholders `operation-url` may hold.
const PLACEHOLDERS: [&str; 4] = ["{operationId}", "{method}", "{path}", "{tag}"];

/// Reads the `[api]` table's keys into `api`; a bad value is a problem at its place.
pub(super) fn read_api(fields: &mut Fields<'_>, api: &mut Api) {
    if let Some(file) = fields.string("openapi")
        && let Some(path) = relative_path(fields, &file, "openapi")
    {
        api.openapi = Some(Spanned {
            value: path,
            at: file.at,
        });
    }
    if let Some(url) = fields.string("operation-url") {
        let value = url.value.trim();
        let mut rest = value.to_string();
        for placeholder in PLACEHOLDERS {
            rest = rest.replace(placeholder, "x");
        }
        let absolute = value.starts_with("https://") || value.starts_with("http://");
        if absolute && !rest.contains(['{', '}', ' ']) && rest.len() < value.len() {
            api.operation_url = Some(value.to_string());
        } else {
            fields.invalid(
                &url,
                "`api.operation-url` is not a URL template".into(),
                "write the portal's address of an operation with a placeholder, like \"https://portal.example/api/{operationId}\" ({operationId}, {method}, {path} and {tag} are filled in)",
            );
        }
    }
}

/// The portal's page of an operation: `template` with its placeholders filled in, each
/// percent-encoded as a path segment (`{path}` keeps its slashes).
pub fn operation_url(
    template: &str,
    operation_id: Option<&str>,
    method: &str,
    path: &str,
    tag: Option<&str>,
) -> Option<String> {
    if template.contains("{operationId}") && operation_id.is_none() {
        return None;
    }
    let encode = |text: &str, keep_slash: bool| {
        let mut out = String::new();
        for byte in text.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(byte as char)
                }
                b'/' if keep_slash => out.push('/'),
                _ => out.push_str(&format!("%{byte:02X}")),
            }
        }
        out
    };
    Some(
        template
            .replace("{operationId}", &encode(operation_id.unwrap_or(""), false))
            .replace("{method}", &method.to_ascii_lowercase())
            .replace("{path}", &encode(path, true))
            .replace("{tag}", &encode(tag.unwrap_or(""), false)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_urls_fill_and_encode_their_placeholders() {
        assert_eq!(
            operation_url(
                "https://portal.test/api/{operationId}",
                Some("repos/get"),
                "GET",
                "/x",
                None
            )
            .as_deref(),
            Some("https://portal.test/api/repos%2Fget")
        );
        assert_eq!(
            operation_url(
                "https://portal.test/#{tag}/{method}{path}",
                None,
                "POST",
                "/orders/{id}",
                Some("Orders and carts")
            )
            .as_deref(),
            Some("https://portal.test/#Orders%20and%20carts/post/orders/%7Bid%7D")
        );
        assert_eq!(
            operation_url("https://p.test/{operationId}", None, "GET", "/", None),
            None
        );
    }
}
