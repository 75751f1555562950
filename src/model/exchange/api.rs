//! The API the examples talk to, from the profile in `[examples]`: its host, paths and
//! credentials, and the requests and representations built from them.

use super::{Message, Start};
use crate::input::config::{Auth, Examples};

const TOKEN: &str = "Bearer <token>";

/// The API the examples talk to: the profile of `[examples]`, with its paths worked out.
pub(super) struct Api {
    /// `https://api.example.com`
    pub(super) origin: String,
    /// `api.example.com`
    pub(super) host: String,
    /// `/v1`, or empty.
    pub(super) prefix: String,
    /// The credentials header every request carries, if any.
    pub(super) auth: Option<(String, &'static str)>,
    /// The collection: `/v1/orders`.
    pub(super) list: String,
    /// A member of it: `/v1/orders/8472`.
    pub(super) item: String,
    /// The member's id: `8472`.
    pub(super) id: String,
    /// The id of a member just created: `8473`.
    pub(super) new_id: String,
    /// Where a member just created lives: `/v1/orders/8473`.
    pub(super) created: String,
    /// What a request that creates a member sends.
    pub(super) body: String,
    /// Where problem types live: `https://api.example.com/problems/`.
    pub(super) problem_base: String,
    /// The header that makes a `POST` safe to repeat.
    pub(super) idempotency_header: Option<String>,
}

/// The idempotency key example requests send: any unique value, the same on every retry.
const IDEMPOTENCY_KEY: &str = "6f1d8a52-3c0e-4b7e-9a4d-2f5e7c1b9d30";

impl Api {
    pub(super) fn new(examples: &Examples) -> Self {
        let base_url = &examples.base_url;
        let (scheme, rest) = base_url.split_once("://").unwrap_or(("https", base_url));
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let prefix = path.trim_end_matches('/').to_string();
        let list = format!("{prefix}{}", examples.resource);
        let new_id = next_id(&examples.id);
        Api {
            origin: format!("{scheme}://{host}"),
            host: host.to_string(),
            auth: match &examples.auth {
                Auth::Bearer => Some(("Authorization".to_string(), TOKEN)),
                Auth::Basic => Some(("Authorization".to_string(), "Basic <credentials>")),
                Auth::Header(name) => Some((name.clone(), "<api-key>")),
                Auth::None => None,
            },
            item: format!("{list}/{}", examples.id),
            created: format!("{list}/{new_id}"),
            list,
            prefix,
            id: examples.id.clone(),
            new_id,
            body: examples.body.clone(),
            problem_base: examples.problem_base.clone(),
            idempotency_header: examples.idempotency_header.clone(),
        }
    }

    /// A request with the API's credentials and, on a `POST`, its idempotency key.
    pub(super) fn request(&self, method: &str, path: &str) -> Message {
        let path = if path.is_empty() { "/" } else { path };
        let mut message = Message::new(Start::request(method, path)).header("Host", &self.host);
        if let Some((name, value)) = &self.auth {
            message = message.header(name, *value);
        }
        match &self.idempotency_header {
            Some(name) if method == "POST" => message.header(name, IDEMPOTENCY_KEY),
            _ => message,
        }
    }

    /// A GET of `path` that asks for JSON.
    pub(super) fn get_json(&self, path: &str) -> Message {
        self.request("GET", path)
            .header("Accept", "application/json")
    }

    /// A POST to `path` with JSON content, and the idempotency key that makes it safe to
    /// repeat (if the API has one).
    pub(super) fn post_json(&self, path: &str, body: &str) -> Message {
        self.request("POST", path)
            .content("application/json", body.to_string())
    }

    /// A POST to `path` that creates a member with the profile's body.
    pub(super) fn create(&self, path: &str) -> Message {
        self.post_json(path, &self.body)
    }

    /// A member as the API returns it: the fields it was created with, and its id.
    pub(super) fn representation(&self, id: &str) -> String {
        let mut object = serde_json::Map::new();
        object.insert("id".into(), id.into());
        if let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(&self.body) {
            object.extend(fields.into_iter().filter(|(k, _)| k != "id"));
        }
        serde_json::to_string_pretty(&object).expect("JSON serialises")
    }

    /// `path` on the API's origin: `https://api.example.com/v1/orders/8473`.
    pub(super) fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

/// The id after `id`: its trailing number plus one (`ord_8472` → `ord_8473`), else `id-2`.
fn next_id(id: &str) -> String {
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (stem, number) = id.split_at(id.len() - digits);
    match number.parse::<u64>() {
        Ok(n) if n < u64::MAX => format!("{stem}{:0width$}", n + 1, width = digits),
        _ => format!("{id}-2"),
    }
}
