//! The JavaScript snippet: `fetch`, as it runs in browsers and Node.

use super::{Call, Handling, POLL_DEADLINE, Secret, Value, string_literal};

pub(super) fn javascript(call: &Call) -> String {
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
            string_literal(etag)
        ));
    }
    let url = string_literal(&call.url);
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
                    string_literal(&name),
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
        options.push(format!("  method: {},", string_literal(&call.method)));
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
        options.push(format!("  body: {},", string_literal(body)));
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
        string_literal(name)
    }
}

fn js_value(value: &Value, secret: Option<Secret>) -> String {
    match value {
        Value::Text(text) => string_literal(text),
        Value::Secret(prefix) => format!("`{prefix}${{{}}}`", secret.map_or("token", |s| s.var)),
        Value::NewKey => "crypto.randomUUID()".to_string(),
        Value::StoredEtag(_) => "stored.etag".to_string(),
    }
}

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
