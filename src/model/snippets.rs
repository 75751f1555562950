//! Client snippets: curl (in a bash script), JavaScript (`fetch`) and Python (`requests`),
//! each sending exactly the request of the page's example and doing what the code's policy
//! asks: retry with the policy's attempts and total wait (honouring `Retry-After` as seconds
//! or as a date measured against the response's `Date`, never sleeping after the last
//! attempt), a fresh idempotency key kept across retries, polling with a deadline (202),
//! revalidation (304), one token refresh (401), or report and stop.
//!
//! The request is kept as data (a `Call`) until each language writes it out.

use serde::Serialize;

use crate::input::config::{ErrorFormat, Examples};
use crate::knowledge::{Policy, Retry};
use crate::model::exchange::Exchange;

/// One snippet: a tab on the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// A stable id for the tab (`curl`, `js`, `python`, or the author's language).
    pub id: String,
    /// The tab's label (`curl`, `JavaScript`, `Python`).
    pub label: String,
    /// The language to highlight it as.
    pub language: String,
    /// The code.
    pub code: String,
}

/// The three generated snippets for `code`, whose example is `exchange`, following `policy`
/// (none for a custom code nothing is known about: the snippets only report it).
pub fn generate(
    code: u32,
    policy: Option<&Policy>,
    exchange: &Exchange,
    examples: &Examples,
) -> Vec<Snippet> {
    let call = Call::new(code, policy, exchange, examples);
    let mut snippets = Vec::with_capacity(3);
    // curl can show an upgrade handshake but not speak the protocol it switches to.
    if code != 101 {
        snippets.push(Snippet {
            id: "curl".into(),
            label: "curl".into(),
            language: "sh".into(),
            code: bash(&call),
        });
    }
    snippets.extend([
        Snippet {
            id: "js".into(),
            label: "JavaScript".into(),
            language: "js".into(),
            code: javascript(&call),
        },
        Snippet {
            id: "python".into(),
            label: "Python".into(),
            language: "python".into(),
            code: python(&call),
        },
    ]);
    snippets
}

/// What a client does with the response, which decides the shape of the snippets.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Handling {
    /// 1xx: the HTTP library handles it; the code sees the final response.
    Interim,
    /// 2xx: read the content (if any).
    Success,
    /// 202: poll the status resource until the work is done, within a deadline.
    Poll,
    /// 304: revalidate a stored copy, and use it.
    NotModified,
    /// 3xx: follow `Location`.
    Redirect,
    /// 401: get a new token and try once more.
    Reauthenticate,
    /// A passing condition or a transient failure: wait and retry, within the policy.
    Retry,
    /// Anything else: report it; `advice` says what must change first.
    Report { advice: String },
}

/// The example request and what to do with its response, as data.
struct Call {
    code: u32,
    handling: Handling,
    method: String,
    url: String,
    headers: Vec<(String, Value)>,
    /// The content, on one line when it is JSON.
    body: Option<String>,
    /// Whether the example's response content is JSON (else it is read as text).
    json_response: bool,
    /// Attempts in all, the first included.
    attempts: u32,
    /// The most seconds to wait in all between attempts.
    max_wait: u32,
    /// Whether error responses are problem details (`title`, `detail`).
    problem: bool,
    /// Why a non-idempotent request is not repeated, if that is why `attempts` is one.
    no_retry_reason: Option<&'static str>,
    /// The credentials variable a header uses, if any: (environment variable, name).
    secret: Option<Secret>,
}

/// A header value as a snippet writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    /// Exactly this text.
    Text(String),
    /// Credentials from the environment, after a fixed prefix (`Bearer `).
    Secret(String),
    /// A fresh idempotency key, made once per request and kept across its retries.
    NewKey,
    /// The `ETag` of the stored copy (304).
    StoredEtag(String),
}

/// Credentials a snippet reads from the environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Secret {
    /// `API_TOKEN`.
    env: &'static str,
    /// `token` in JavaScript and Python.
    var: &'static str,
}

/// How long a client polls a 202's status resource at most, in seconds.
const POLL_DEADLINE: u32 = 600;

impl Call {
    fn new(code: u32, policy: Option<&Policy>, exchange: &Exchange, examples: &Examples) -> Call {
        let request = &exchange.request;
        let response = exchange.response();
        let method = request.method().to_string();
        let mut secret = None;
        let idempotency = examples.idempotency_header.as_deref();
        let headers: Vec<(String, Value)> = request
            .headers
            .iter()
            .filter(|(name, _)| {
                !["Host", "Content-Length", "Transfer-Encoding", "Expect"]
                    .iter()
                    .any(|skip| name.eq_ignore_ascii_case(skip))
            })
            .map(|(name, value)| {
                let value = if idempotency.is_some_and(|h| h.eq_ignore_ascii_case(name)) {
                    Value::NewKey
                } else if code == 304 && name.eq_ignore_ascii_case("If-None-Match") {
                    Value::StoredEtag(value.clone())
                } else if let Some((prefix, found)) = placeholder(value) {
                    secret = Some(found);
                    Value::Secret(prefix.to_string())
                } else {
                    Value::Text(value.clone())
                };
                (name.clone(), value)
            })
            .collect();
        let retry = policy.map(|p| p.retry);
        let handling = match code {
            100..=199 => Handling::Interim,
            202 => Handling::Poll,
            304 => Handling::NotModified,
            200..=299 => Handling::Success,
            301 | 302 | 303 | 307 | 308 => Handling::Redirect,
            401 => Handling::Reauthenticate,
            _ if matches!(retry, Some(Retry::Wait | Retry::Backoff)) => Handling::Retry,
            _ => Handling::Report {
                advice: advice(code, policy),
            },
        };
        let idempotent =
            ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"].contains(&method.as_str());
        let keyed = headers.iter().any(|(_, v)| *v == Value::NewKey);
        let mut attempts = policy.map_or(1, Policy::attempts);
        let mut no_retry_reason = None;
        if handling == Handling::Retry
            && policy.is_some_and(|p| p.idempotent_only)
            && !idempotent
            && !keyed
        {
            attempts = 1;
            no_retry_reason = Some(
                "is not idempotent and carries no idempotency key: repeating it could do the work twice, so it is not repeated",
            );
        }
        Call {
            code,
            handling,
            url: request.url(&examples.base_url),
            method,
            headers,
            body: request.body.as_deref().map(|body| {
                let chunked = request
                    .get("Transfer-Encoding")
                    .is_some_and(|t| t.eq_ignore_ascii_case("chunked"));
                // The snippet sends the content; its library frames it.
                compact_json(&if chunked {
                    unchunk(body)
                } else {
                    body.to_string()
                })
            }),
            json_response: response
                .get("Content-Type")
                .is_none_or(|t| t.contains("json")),
            attempts,
            max_wait: policy.map_or(0, Policy::max_wait),
            problem: matches!(examples.error, ErrorFormat::Problem)
                && response
                    .get("Content-Type")
                    .is_some_and(|t| t.contains("json")),
            no_retry_reason,
            secret,
        }
    }

    /// Whether the request has a fresh idempotency key.
    fn keyed(&self) -> bool {
        self.headers.iter().any(|(_, v)| *v == Value::NewKey)
    }

    /// The stored copy's ETag, for a 304.
    fn stored_etag(&self) -> Option<&str> {
        self.headers.iter().find_map(|(_, v)| match v {
            Value::StoredEtag(etag) => Some(etag.as_str()),
            _ => None,
        })
    }

    /// One line saying what the retry loop does.
    fn retry_comment(&self) -> String {
        format!(
            "{} attempts in all, waiting as Retry-After says (seconds, or a date measured against\nthe response's Date), else backing off exponentially; at most {} s of waiting in all.",
            self.attempts, self.max_wait
        )
    }
}

/// `Bearer <token>` → (`Bearer `, the token's environment variable).
fn placeholder(value: &str) -> Option<(&str, Secret)> {
    let start = value.find('<')?;
    let end = value[start..].find('>')? + start;
    if end + 1 != value.len() {
        return None;
    }
    let secret = match &value[start + 1..end] {
        "api-key" | "key" | "api_key" => Secret {
            env: "API_KEY",
            var: "apiKey",
        },
        "credentials" => Secret {
            env: "API_CREDENTIALS",
            var: "credentials",
        },
        _ => Secret {
            env: "API_TOKEN",
            var: "token",
        },
    };
    Some((&value[..start], secret))
}

/// What must change before a request that got `code` is sent again.
fn advice(code: u32, policy: Option<&Policy>) -> String {
    match policy.map(|p| (p.retry, &p.retry_when)) {
        Some((Retry::AfterChange, Some(when))) => format!("Repeat the request only after {when}."),
        Some((Retry::AfterChange, None)) => "Repeat the request only after changing it.".into(),
        Some((Retry::Redirect, _)) => format!(
            "{code} is a redirect this client does not follow: read the response to choose where to go."
        ),
        Some((Retry::None, _)) => "Not an error: read the response.".into(),
        Some(_) => {
            "Repeating the same request fails the same way: fix it, or tell the user.".into()
        }
        None => format!("Handle {code} as the API documents it."),
    }
}

/// The content of a body written in chunked framing (`34\n{…}\n0\n`, RFC 9112 §7.1).
fn unchunk(body: &str) -> String {
    let mut content = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once('\n') {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            return body.to_string();
        };
        if size == 0 || after.len() < size {
            break;
        }
        content.push_str(&after[..size]);
        rest = after[size..].strip_prefix('\n').unwrap_or(&after[size..]);
    }
    content
}

/// JSON on one line, so it fits in a shell argument or a string literal: the same text
/// without the whitespace between its tokens (keys keep their order). Anything that is not
/// JSON is kept as it is.
fn compact_json(body: &str) -> String {
    if serde_json::from_str::<serde_json::Value>(body).is_err() {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in body.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

fn js_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialise")
}

// ---- bash and curl ----

fn bash(call: &Call) -> String {
    let mut out = String::new();
    if call.keyed() {
        out.push_str("# A new idempotency key for this request, the same on every retry of it.\nkey=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')\n");
    }
    if let Some(etag) = call.stored_etag() {
        out.push_str(&format!(
            "# The ETag of the copy you stored from an earlier 200.\netag={}\n",
            shell_quote(etag)
        ));
    }
    let code = call.code;
    match &call.handling {
        Handling::Interim => {
            out.push_str(&format!(
                "# -v shows the interim {code} before the final response; --fail-with-body exits\n# non-zero if that is an error.\n{}\n",
                curl_command(call, "curl -v --fail-with-body", None)
            ));
        }
        Handling::Success => out.push_str(&format!(
            "# --fail-with-body exits non-zero (and still shows the body) on an error instead.\n{}\n",
            curl_command(call, "curl -i --fail-with-body", None)
        )),
        Handling::Redirect => out.push_str(&format!(
            "# -L follows Location; -i shows each response; --fail-with-body exits non-zero on an error.\n{}\n",
            curl_command(call, "curl -i -L --fail-with-body", None)
        )),
        Handling::NotModified => out.push_str(&format!(
            "# A 304 means your stored copy is current: use it.\n{}\n",
            curl_command(call, "curl -i --fail-with-body", None)
        )),
        // curl fails only on 4xx and 5xx itself: below that, the status is checked.
        Handling::Report { advice } if code < 400 => out.push_str(&format!(
            "# {advice}\nbody=$(mktemp)\nstatus=$({})\ncat \"$body\"\n[ \"$status\" != {code} ] || exit 1\n",
            curl_command(call, "curl -sS", Some("$body"))
        )),
        Handling::Report { advice } => out.push_str(&format!(
            "# {advice}\n# --fail-with-body shows the error and exits non-zero.\n{}\n",
            curl_command(call, "curl -i --fail-with-body", None)
        )),
        Handling::Reauthenticate => {
            let env = call.secret.map_or("API_TOKEN", |s| s.env);
            out.push_str(&format!(
                "# However you get a new token (an OAuth 2.0 refresh, say): print it.\nrefresh_token() {{ printf '%s' \"${env}\"; }}\n\nbody=$(mktemp)\nstatus=$({})\nif [ \"$status\" = 401 ]; then\n  # The token is missing, expired or revoked: get a new one and try once more.\n  {env}=$(refresh_token)\n  status=$({})\nfi\ncat \"$body\"\n[ \"$status\" != 401 ] || exit 1\n",
                curl_command(call, "curl -sS", Some("$body")),
                curl_command(call, "curl -sS", Some("$body")),
            ));
        }
        Handling::Retry => {
            if let Some(reason) = call.no_retry_reason {
                out.push_str(&format!(
                    "# A {} {reason}.\n{}\n",
                    call.method,
                    curl_command(call, "curl -i --fail-with-body", None)
                ));
            } else {
                out.push_str(&format!(
                    "# {}\nattempts={} max_wait={} waited=0\nbody=$(mktemp) headers=$(mktemp)\nheader() {{ sed -n \"s/^$1: *//Ip\" \"$headers\" | tr -d '\\r' | tail -n 1; }}\n{WAIT_BASH}# Exponential backoff with jitter: half to all of 1, 2, 4 … seconds, at most 30.\nbackoff() {{ local d=$(( 1 << ($1 - 1) )); [ \"$d\" -le 30 ] || d=30; echo $(( (d + 1) / 2 + RANDOM % (d / 2 + 1) )); }}\n\nfor attempt in $(seq 1 \"$attempts\"); do\n  status=$({})\n  [ \"$status\" = {code} ] && [ \"$attempt\" -lt \"$attempts\" ] || break\n  delay=$(wait_seconds \"$(backoff \"$attempt\")\")\n  # Waiting longer than that is not worth it: give up.\n  [ $(( waited + delay )) -le \"$max_wait\" ] || break\n  sleep \"$delay\"\n  waited=$(( waited + delay ))\ndone\ncat \"$body\"\n# Still {code} after the last attempt: report it.\n[ \"$status\" != {code} ] || exit 1\n",
                    call.retry_comment().replace('\n', "\n# "),
                    call.attempts,
                    call.max_wait,
                    curl_command_with_headers(call),
                ));
            }
        }
        Handling::Poll => {
            out.push_str(&format!(
                "body=$(mktemp) headers=$(mktemp)\nheader() {{ sed -n \"s/^$1: *//Ip\" \"$headers\" | tr -d '\\r' | tail -n 1; }}\n{WAIT_BASH}job_status() {{ grep -o '\"status\": *\"[^\"]*\"' \"$body\" | head -n 1 | cut -d '\"' -f 4; }}\nstatus=$({})\n[ \"$status\" = 202 ] || {{ cat \"$body\"; exit 1; }}\n# Accepted, not done: poll the status resource until the work finishes, at most {} s.\nlocation=$(header Location)\ndeadline=$(( SECONDS + {} ))\ninterval=$(wait_seconds 1)\nwhile [ \"$(job_status)\" = pending ] || [ \"$(job_status)\" = running ]; do\n  [ $(( SECONDS + interval )) -le \"$deadline\" ] || {{ echo 'not finished in time' >&2; exit 1; }}\n  sleep \"$interval\"\n  status=$(curl -sS -o \"$body\" -D \"$headers\" -w '%{{http_code}}' \\\n{}    \"$location\")\n  [ \"$status\" = 200 ] || {{ cat \"$body\"; exit 1; }}\n  interval=$(wait_seconds $(( interval * 2 > 30 ? 30 : interval * 2 )))\ndone\ncat \"$body\"\n",
                curl_command_with_headers(call),
                POLL_DEADLINE,
                POLL_DEADLINE,
                poll_headers_bash(call),
            ));
        }
    }
    out.trim_end().to_string()
}

/// `curl <flags> -H … URL`, writing the body to `output` and printing the status code when
/// `output` is given.
fn curl_command(call: &Call, flags: &str, output: Option<&str>) -> String {
    let mut first = flags.to_string();
    if let Some(file) = output {
        first.push_str(&format!(" -o \"{file}\" -w '%{{http_code}}'"));
    }
    curl_lines(call, first, "  ")
}

/// Like [`curl_command`], quietly, keeping the body in `$body` and the header fields in
/// `$headers`, and printing the status code.
fn curl_command_with_headers(call: &Call) -> String {
    curl_lines(
        call,
        "curl -sS -o \"$body\" -D \"$headers\" -w '%{http_code}'".to_string(),
        "    ",
    )
}

/// The curl command, one option per line, continuation lines indented by `indent`.
fn curl_lines(call: &Call, mut first: String, indent: &str) -> String {
    // With content curl sends a POST by itself, and, unlike with -X POST, switches to GET
    // when a 301, 302 or 303 says so.
    let implied = if call.body.is_some() { "POST" } else { "GET" };
    if call.method != implied {
        first.push_str(&format!(" -X {}", call.method));
    }
    let mut lines = vec![first];
    for (name, value) in &call.headers {
        lines.push(format!(
            "{indent}-H {}",
            bash_header(name, value, call.secret)
        ));
    }
    if let Some(body) = &call.body {
        lines.push(format!("{indent}--data-binary {}", shell_quote(body)));
    }
    lines.push(format!("{indent}{}", call.url));
    lines.join(" \\\n")
}

/// The headers a poll of the status resource sends: the credentials only.
fn poll_headers_bash(call: &Call) -> String {
    call.headers
        .iter()
        .filter(|(_, v)| matches!(v, Value::Secret(_)))
        .map(|(name, value)| format!("    -H {} \\\n", bash_header(name, value, call.secret)))
        .collect()
}

fn bash_header(name: &str, value: &Value, secret: Option<Secret>) -> String {
    match value {
        Value::Text(text) => shell_quote(&format!("{name}: {text}")),
        Value::Secret(prefix) => format!(
            "\"{name}: {prefix}${}\"",
            secret.map_or("API_TOKEN", |s| s.env)
        ),
        Value::NewKey => format!("\"{name}: $key\""),
        Value::StoredEtag(_) => format!("\"{name}: $etag\""),
    }
}

// ---- JavaScript ----

fn javascript(call: &Call) -> String {
    let mut out = String::new();
    if let Some(secret) = call.secret {
        let binding = if call.handling == Handling::Reauthenticate {
            "let"
        } else {
            "const"
        };
        out.push_str(&format!(
            "{binding} {} = process.env.{};\n",
            secret.var, secret.env
        ));
    }
    if let Some(etag) = call.stored_etag() {
        out.push_str(&format!(
            "// The copy you stored from an earlier 200, and its ETag.\nlet stored = {{ etag: {}, data: null }};\n",
            js_string(etag)
        ));
    }
    let url = js_string(&call.url);
    out.push_str(&format!("const url = {url};\n{}\n", js_options(call)));
    let code = call.code;
    let report = if call.problem {
        "  const problem = await response.json();\n  throw new Error(`${problem.title}: ${problem.detail}`);"
    } else {
        "  throw new Error(`HTTP ${response.status}: ${await response.text()}`);"
    };
    let read_js = if call.json_response {
        "response.json()"
    } else {
        "response.text()"
    };
    match &call.handling {
        Handling::Interim if code == 101 => out.push_str(
            "// fetch cannot switch protocols; Node's http module hands over the connection.\nconst { request } = await import(\"node:http\");\nconst socket = await new Promise((resolve, reject) => {\n  const upgrade = request(url, options);\n  upgrade.on(\"upgrade\", (response, socket) => resolve(socket)); // after 101 Switching Protocols\n  upgrade.on(\"response\", (response) => reject(new Error(`HTTP ${response.statusCode}: no upgrade`)));\n  upgrade.on(\"error\", reject);\n  upgrade.end();\n});\n// `socket` now speaks the new protocol (WebSocket frames): hand it to a WebSocket library.\nsocket.end();\n",
        ),
        Handling::Interim => out.push_str(&format!(
            "// fetch never shows a {code}: it handles interim responses and resolves with the final one.\nconst response = await fetch(url, options);\nif (!response.ok) {{\n{report}\n}}\n"
        )),
        Handling::Success => {
            let read = match code {
                204 | 205 => "  // No content: do not read the body.".to_string(),
                206 => "  const range = response.headers.get(\"Content-Range\"); // e.g. bytes 0-99/130\n  const part = await response.text();".to_string(),
                201 => format!("  const location = response.headers.get(\"Location\"); // the new resource\n  const created = await {read_js};"),
                _ => format!("  const data = await {read_js};"),
            };
            out.push_str(&format!(
                "const response = await fetch(url, options);\nif (response.status === {code}) {{\n{read}\n}} else {{\n{report}\n}}\n"
            ));
        }
        Handling::Redirect => out.push_str(&format!(
            "// fetch follows redirects itself (redirect: \"follow\" is the default).\nconst response = await fetch(url, options);\nif (response.redirected && [301, 308].includes({code})) {{\n  console.info(`Moved to ${{response.url}}: update the address you store.`);\n}}\nif (!response.ok) {{\n{report}\n}}\n"
        )),
        Handling::NotModified => out.push_str(&format!(
            "const response = await fetch(url, options);\nif (response.status === 304) {{\n  // Not modified: your stored copy is current, and a 304 has no content.\n}} else if (response.ok) {{\n  stored = {{ etag: response.headers.get(\"ETag\"), data: await response.json() }};\n}} else {{\n{report}\n}}\nconst data = stored.data;\n"
        )),
        Handling::Report { advice } => out.push_str(&format!(
            "const response = await fetch(url, options);\nif (response.status === {code}) {{\n  // {advice}\n{report}\n}}\n"
        )),
        Handling::Reauthenticate => {
            let var = call.secret.map_or("token", |s| s.var);
            let env = call.secret.map_or("API_TOKEN", |s| s.env);
            let auth = call
                .headers
                .iter()
                .find(|(_, v)| matches!(v, Value::Secret(_)))
                .map(|(name, v)| (name.clone(), v.clone()));
            let refresh_header = match auth {
                Some((name, Value::Secret(prefix))) => format!(
                    "  options.headers[{}] = `{}${{{var}}}`;\n",
                    js_string(&name),
                    prefix
                ),
                _ => String::new(),
            };
            out.push_str(&format!(
                "// However your app gets a new token (an OAuth 2.0 refresh, say).\nasync function refreshToken() {{\n  return process.env.{env};\n}}\n\nlet response = await fetch(url, options);\nif (response.status === 401) {{\n  // The token is missing, expired or revoked: get a new one and try once more.\n  {var} = await refreshToken();\n{refresh_header}  response = await fetch(url, options);\n}}\nif (response.status === 401) {{\n{report}\n}}\n"
            ));
        }
        Handling::Retry => {
            if let Some(reason) = call.no_retry_reason {
                out.push_str(&format!(
                    "// A {} {reason}.\nconst response = await fetch(url, options);\nif (response.status === {code}) {{\n{report}\n}}\n",
                    call.method
                ));
            } else {
                out.push_str(&format!(
                    "// {}\nconst attempts = {};\nconst maxWait = {}; // seconds\n\n{WAIT_JS}\n{BACKOFF_JS}\nlet response;\nlet waited = 0;\nfor (let attempt = 1; ; attempt++) {{\n  response = await fetch(url, options);\n  if (response.status !== {code} || attempt === attempts) break;\n  const delay = waitSeconds(response, backoff(attempt));\n  if (waited + delay > maxWait) break; // waiting longer than that is not worth it\n  await new Promise((resolve) => setTimeout(resolve, delay * 1000));\n  waited += delay;\n}}\nif (response.status === {code}) {{\n  // Still {code} after the last attempt: give up and report it.\n{report}\n}}\n",
                    call.retry_comment().replace('\n', "\n// "),
                    call.attempts,
                    call.max_wait,
                ));
            }
        }
        Handling::Poll => {
            let auth = call
                .headers
                .iter()
                .filter(|(_, v)| matches!(v, Value::Secret(_)))
                .map(|(name, value)| format!("{}: {}", js_key(name), js_value(value, call.secret)))
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!(
                "{WAIT_JS}\nconst response = await fetch(url, options);\nif (response.status !== 202) {{\n{report}\n}}\n// Accepted, not done: poll the status resource until the work finishes, at most {POLL_DEADLINE} s.\nconst statusUrl = new URL(response.headers.get(\"Location\"), url).href;\nconst deadline = Date.now() + {POLL_DEADLINE} * 1000;\nlet interval = waitSeconds(response, 1); // seconds\nlet job = await response.json();\nwhile (job.status === \"pending\" || job.status === \"running\") {{\n  if (Date.now() + interval * 1000 > deadline) throw new Error(`Job ${{job.id}} did not finish in time`);\n  await new Promise((resolve) => setTimeout(resolve, interval * 1000));\n  const poll = await fetch(statusUrl, {{ headers: {{ {auth} }} }});\n  if (!poll.ok) throw new Error(`HTTP ${{poll.status}} from ${{statusUrl}}`);\n  job = await poll.json();\n  interval = waitSeconds(poll, Math.min(30, interval * 2));\n}}\n"
            ));
        }
    }
    out.trim_end().to_string()
}

fn js_options(call: &Call) -> String {
    let mut options = Vec::new();
    if call.method != "GET" {
        options.push(format!("  method: {},", js_string(&call.method)));
    }
    if !call.headers.is_empty() {
        let headers: Vec<String> = call
            .headers
            .iter()
            .map(|(name, value)| format!("    {}: {},", js_key(name), js_value(value, call.secret)))
            .collect();
        options.push(format!("  headers: {{\n{}\n  }},", headers.join("\n")));
    }
    if let Some(body) = &call.body {
        options.push(format!("  body: {},", js_string(body)));
    }
    let comment = if call.keyed() {
        "// One idempotency key per request, the same on every retry of it.\n"
    } else {
        ""
    };
    format!("{comment}const options = {{\n{}\n}};", options.join("\n"))
}

fn js_key(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric()) {
        name.to_string()
    } else {
        js_string(name)
    }
}

fn js_value(value: &Value, secret: Option<Secret>) -> String {
    match value {
        Value::Text(text) => js_string(text),
        Value::Secret(prefix) => format!("`{prefix}${{{}}}`", secret.map_or("token", |s| s.var)),
        Value::NewKey => "crypto.randomUUID()".to_string(),
        Value::StoredEtag(_) => "stored.etag".to_string(),
    }
}

/// bash: how long the response in `$headers` asks to wait, in whole seconds (`$1` without
/// Retry-After); a date is measured against the response's Date, with GNU date.
const WAIT_BASH: &str = r#"wait_seconds() {
  local value now
  value=$(header Retry-After)
  if [ -z "$value" ]; then
    echo "$1"
  elif [ "$value" -eq "$value" ] 2>/dev/null; then
    echo "$value"
  else
    now=$(header Date)
    value=$(( $(date -d "$value" +%s) - $(date -d "${now:-now}" +%s) ))
    [ "$value" -ge 0 ] && echo "$value" || echo 0
  fi
}
"#;

const WAIT_JS: &str = r#"// How long a response asks to wait, in seconds: Retry-After as seconds or as a date
// measured against the response's Date; `fallback` without one.
function waitSeconds(response, fallback) {
  const value = response.headers.get("Retry-After");
  if (value === null) return fallback;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  const now = Date.parse(response.headers.get("Date") ?? "") || Date.now();
  return Number.isNaN(at) ? fallback : Math.max(0, (at - now) / 1000);
}
"#;

const BACKOFF_JS: &str = r#"// Exponential backoff with jitter: half to all of 1, 2, 4 … seconds, at most 30.
function backoff(attempt) {
  return Math.min(30, 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
}
"#;

// ---- Python ----

fn python(call: &Call) -> String {
    let code = call.code;
    let mut std_imports = Vec::new();
    if call.secret.is_some() {
        std_imports.push("import os");
    }
    if call.keyed() {
        std_imports.push("import uuid");
    }
    let retrying = call.handling == Handling::Retry && call.no_retry_reason.is_none();
    let polling = call.handling == Handling::Poll;
    if retrying || polling {
        std_imports.push("import time");
        std_imports.push("from email.utils import parsedate_to_datetime");
    }
    if retrying {
        std_imports.push("import random");
    }
    std_imports.sort_by_key(|line| (line.starts_with("from"), *line));
    let mut out = String::new();
    if !std_imports.is_empty() {
        out.push_str(&std_imports.join("\n"));
        out.push_str("\n\n");
    }
    out.push_str("import requests\n\n");
    if let Some(secret) = call.secret {
        out.push_str(&format!(
            "{} = os.environ[\"{}\"]\n",
            py_var(secret),
            secret.env
        ));
    }
    if let Some(etag) = call.stored_etag() {
        out.push_str(&format!(
            "# The copy you stored from an earlier 200, and its ETag.\nstored = {{\"etag\": {}, \"data\": None}}\n",
            js_string(etag)
        ));
    }
    if call.keyed() {
        out.push_str("# One idempotency key per request, the same on every retry of it.\n");
    }
    out.push_str(&format!(
        "url = {}\n{}",
        js_string(&call.url),
        py_headers(call)
    ));
    let data = call
        .body
        .as_ref()
        .map_or(String::new(), |b| format!(", data={}", js_string(b)));
    let method = call.method.to_lowercase();
    let send = if ["get", "post", "put", "patch", "delete", "head", "options"]
        .contains(&method.as_str())
    {
        format!("requests.{method}(url, headers=headers{data}, timeout=10)")
    } else {
        format!(
            "requests.request({}, url, headers=headers{data}, timeout=10)",
            js_string(&call.method)
        )
    };
    let report = if call.problem {
        "    problem = response.json()\n    raise RuntimeError(f\"{problem['title']}: {problem['detail']}\")"
    } else {
        "    raise RuntimeError(f\"HTTP {response.status_code}: {response.text}\")"
    };
    let read_py = if call.json_response {
        "response.json()"
    } else {
        "response.text"
    };
    let body = match &call.handling {
        Handling::Interim if code == 100 => format!(
            "# requests skips a 100 Continue and returns the final response.\nresponse = {send}\nif not response.ok:\n{report}\n"
        ),
        Handling::Interim => format!(
            "response = {send}\nif response.status_code == {code}:\n    # requests passes a {code} on as the response: it is not the final answer.\n    print(\"interim {code}:\", response.headers)\nelif not response.ok:\n{report}\n"
        ),
        Handling::Success => {
            let read = match code {
                204 | 205 => "    pass  # no content: do not read the body".to_string(),
                206 => "    content_range = response.headers[\"Content-Range\"]  # e.g. bytes 0-99/130\n    part = response.content".to_string(),
                201 => format!("    location = response.headers[\"Location\"]  # the new resource\n    created = {read_py}"),
                _ => format!("    data = {read_py}"),
            };
            format!(
                "response = {send}\nif response.status_code == {code}:\n{read}\nelse:\n{report}\n"
            )
        }
        Handling::Redirect => format!(
            "# requests follows redirects itself (allow_redirects=True is the default).\nresponse = {send}\nif response.history and {code} in (301, 308):\n    print(f\"Moved to {{response.url}}: update the address you store.\")\nif not response.ok:\n{report}\n"
        ),
        Handling::NotModified => format!(
            "response = {send}\nif response.status_code == 304:\n    pass  # not modified: your stored copy is current, and a 304 has no content\nelif response.ok:\n    stored = {{\"etag\": response.headers[\"ETag\"], \"data\": response.json()}}\nelse:\n{report}\ndata = stored[\"data\"]\n"
        ),
        Handling::Report { advice } => format!(
            "response = {send}\nif response.status_code == {code}:\n    # {advice}\n{report}\n"
        ),
        Handling::Reauthenticate => {
            let var = call.secret.map_or("token".to_string(), py_var);
            let env = call.secret.map_or("API_TOKEN", |s| s.env);
            let refresh_header = call
                .headers
                .iter()
                .find_map(|(name, v)| match v {
                    Value::Secret(prefix) => Some(format!(
                        "    headers[{}] = f\"{prefix}{{{var}}}\"\n",
                        js_string(name)
                    )),
                    _ => None,
                })
                .unwrap_or_default();
            format!(
                "\ndef refresh_token():\n    \"\"\"However your app gets a new token (an OAuth 2.0 refresh, say).\"\"\"\n    return os.environ[\"{env}\"]\n\n\nresponse = {send}\nif response.status_code == 401:\n    # The token is missing, expired or revoked: get a new one and try once more.\n    {var} = refresh_token()\n{refresh_header}    response = {send}\nif response.status_code == 401:\n{report}\n"
            )
        }
        Handling::Retry => match call.no_retry_reason {
            Some(reason) => format!(
                "# A {} {reason}.\nresponse = {send}\nif response.status_code == {code}:\n{report}\n",
                call.method
            ),
            None => format!(
                "# {}\nATTEMPTS = {}\nMAX_WAIT = {}  # seconds\n\n{WAIT_PY}\n{BACKOFF_PY}\nwaited = 0\nfor attempt in range(1, ATTEMPTS + 1):\n    response = {send}\n    if response.status_code != {code} or attempt == ATTEMPTS:\n        break\n    delay = wait_seconds(response, backoff(attempt))\n    if waited + delay > MAX_WAIT:\n        break  # waiting longer than that is not worth it\n    time.sleep(delay)\n    waited += delay\nif response.status_code == {code}:\n    # Still {code} after the last attempt: give up and report it.\n{report}\n",
                call.retry_comment().replace('\n', "\n# "),
                call.attempts,
                call.max_wait,
            ),
        },
        Handling::Poll => {
            let auth = call
                .headers
                .iter()
                .filter_map(|(name, v)| match v {
                    Value::Secret(_) => {
                        Some(format!("{}: headers[{}]", js_string(name), js_string(name)))
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "\n{WAIT_PY}\nresponse = {send}\nif response.status_code != 202:\n{report}\n# Accepted, not done: poll the status resource until the work finishes, at most {POLL_DEADLINE} s.\nstatus_url = requests.compat.urljoin(url, response.headers[\"Location\"])\ndeadline = time.monotonic() + {POLL_DEADLINE}\ninterval = wait_seconds(response, 1)  # seconds\njob = response.json()\nwhile job[\"status\"] in (\"pending\", \"running\"):\n    if time.monotonic() + interval > deadline:\n        raise RuntimeError(f\"job {{job['id']}} did not finish in time\")\n    time.sleep(interval)\n    poll = requests.get(status_url, headers={{{auth}}}, timeout=10)\n    poll.raise_for_status()\n    job = poll.json()\n    interval = wait_seconds(poll, min(30, interval * 2))\n"
            )
        }
    };
    out.push_str(&body);
    out.trim_end().to_string()
}

fn py_var(secret: Secret) -> String {
    match secret.var {
        "apiKey" => "api_key".to_string(),
        other => other.to_string(),
    }
}

fn py_headers(call: &Call) -> String {
    let lines: Vec<String> = call
        .headers
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Value::Text(text) => js_string(text),
                Value::Secret(prefix) => format!(
                    "f\"{prefix}{{{}}}\"",
                    call.secret.map_or("token".to_string(), py_var)
                ),
                Value::NewKey => "str(uuid.uuid4())".to_string(),
                Value::StoredEtag(_) => "stored[\"etag\"]".to_string(),
            };
            format!("    {}: {value},", js_string(name))
        })
        .collect();
    if lines.is_empty() {
        "headers = {}\n".to_string()
    } else {
        format!("headers = {{\n{}\n}}\n", lines.join("\n"))
    }
}

const WAIT_PY: &str = r#"def wait_seconds(response, fallback):
    """How long a response asks to wait, in seconds: Retry-After as seconds or as a date
    measured against the response's Date; `fallback` without one."""
    value = response.headers.get("Retry-After")
    if value is None:
        return fallback
    if value.isdigit():
        return int(value)
    try:
        at = parsedate_to_datetime(value)
        date = response.headers.get("Date")
        now = parsedate_to_datetime(date).timestamp() if date else time.time()
        return max(0.0, at.timestamp() - now)
    except (TypeError, ValueError):
        return fallback

"#;

const BACKOFF_PY: &str = r#"def backoff(attempt):
    """Exponential backoff with jitter: half to all of 1, 2, 4 … seconds, at most 30."""
    return min(30, 2 ** (attempt - 1)) * random.uniform(0.5, 1)

"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_compacted_keeping_its_order_and_its_strings() {
        assert_eq!(
            compact_json("{\n  \"z\": \"a b\",\n  \"a\": [1, 2],\n  \"q\": \"\\\" x\"\n}"),
            "{\"z\":\"a b\",\"a\":[1,2],\"q\":\"\\\" x\"}"
        );
        assert_eq!(compact_json("rating=5&comment=a b"), "rating=5&comment=a b");
    }
}
