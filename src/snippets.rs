//! Client snippets: how a client sends the example request and handles the code, in curl,
//! JavaScript (`fetch`) and Python (`requests`), following what the code asks of a client
//! (retry honouring `Retry-After`, conditional requests, redirects, polling, re-authenticating).

use serde::Serialize;

use crate::config::ErrorFormat;
use crate::exchange::Exchange;

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

/// What a client should do about a code, which decides the shape of the snippets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Handling {
    /// 1xx: the HTTP library handles it; the code sees the final response.
    Interim,
    /// 2xx: read the content (if any).
    Success,
    /// 202: poll the status resource until the work is done.
    Poll,
    /// 304: use the stored copy.
    NotModified,
    /// 3xx: follow Location.
    Redirect,
    /// 401: get a new token and try once more.
    Reauthenticate,
    /// A passing condition: wait (honouring Retry-After) and retry.
    Retry,
    /// Any other error: report it, do not retry unchanged.
    Report,
}

/// The three generated snippets for `code`, whose example exchange is `exchange`.
pub fn generate(
    code: u32,
    retryable: bool,
    exchange: &Exchange,
    errors: &ErrorFormat,
) -> Vec<Snippet> {
    let handling = match code {
        100..=199 => Handling::Interim,
        202 => Handling::Poll,
        304 => Handling::NotModified,
        200..=299 => Handling::Success,
        300..=399 => Handling::Redirect,
        401 => Handling::Reauthenticate,
        _ if retryable => Handling::Retry,
        _ => Handling::Report,
    };
    let request = Request::from(exchange);
    let problem = matches!(errors, ErrorFormat::Problem);
    vec![
        Snippet {
            id: "curl".into(),
            label: "curl".into(),
            language: "sh".into(),
            code: curl(code, handling, &request),
        },
        Snippet {
            id: "js".into(),
            label: "JavaScript".into(),
            language: "js".into(),
            code: javascript(code, handling, &request, problem),
        },
        Snippet {
            id: "python".into(),
            label: "Python".into(),
            language: "python".into(),
            code: python(code, handling, &request, problem),
        },
    ]
}

/// The parts of the example request a snippet sends.
struct Request {
    method: String,
    url: String,
    /// Header fields to send, without Host, Authorization and Content-Length (the client
    /// library sets those).
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl Request {
    fn from(exchange: &Exchange) -> Self {
        let message = &exchange.request;
        let mut parts = message.start.split(' ');
        let method = parts.next().unwrap_or("GET").to_string();
        let path = parts.next().unwrap_or("/");
        let host = message.get("Host").unwrap_or("api.example.com");
        let headers = message
            .headers
            .iter()
            .filter(|(name, _)| {
                ![
                    "Host",
                    "Authorization",
                    "Content-Length",
                    "Transfer-Encoding",
                ]
                .contains(&name.as_str())
            })
            .cloned()
            .collect();
        Request {
            method,
            url: format!("https://{host}{path}"),
            headers,
            body: message.body.as_ref().map(|b| compact_json(b)),
        }
    }
}

/// JSON on one line, so it fits in a shell argument or a string literal.
fn compact_json(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| body.to_string())
}

fn curl(code: u32, handling: Handling, request: &Request) -> String {
    let mut lines = Vec::new();
    let mut first = String::from("curl -i");
    if request.method != "GET" {
        first.push_str(&format!(" -X {}", request.method));
    }
    match handling {
        Handling::Interim => first = first.replace("curl -i", "curl -v"),
        Handling::Redirect if ![300, 304, 305, 306].contains(&code) => first.push_str(" -L"),
        Handling::Retry => first.push_str(" --retry 4 --retry-max-time 300"),
        _ => {}
    }
    lines.push(first);
    lines.push("  -H \"Authorization: Bearer $API_TOKEN\"".to_string());
    for (name, value) in &request.headers {
        lines.push(format!("  -H {}", shell_quote(&format!("{name}: {value}"))));
    }
    if let Some(body) = &request.body {
        lines.push(format!("  --data-binary {}", shell_quote(body)));
    }
    lines.push(format!("  {}", request.url));
    let mut text = lines.join(" \\\n");
    let comment = match handling {
        Handling::Interim => "# -v shows the interim response before the final one.",
        Handling::Redirect if ![300, 304, 305, 306].contains(&code) => {
            "# -L follows Location; -i shows each response."
        }
        Handling::Retry => {
            "# --retry waits and retries on 408, 429, 500, 502, 503 and 504,\n# honouring Retry-After."
        }
        Handling::NotModified => "# Send the ETag you stored: a 304 means your copy is current.",
        _ => "",
    };
    if !comment.is_empty() {
        text = format!("{comment}\n{text}");
    }
    text
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

fn js_string(text: &str) -> String {
    serde_json::to_string(text).expect("strings serialise")
}

fn javascript(code: u32, handling: Handling, request: &Request, problem: bool) -> String {
    let mut out = String::new();
    let mut options = vec![];
    if request.method != "GET" {
        options.push(format!("  method: {},", js_string(&request.method)));
    }
    let mut headers = vec!["    Authorization: `Bearer ${token}`,".to_string()];
    for (name, value) in &request.headers {
        let key = if name.chars().all(|c| c.is_ascii_alphanumeric()) {
            name.clone()
        } else {
            js_string(name)
        };
        let value = if name == "If-None-Match" {
            "stored.etag".to_string()
        } else {
            js_string(value)
        };
        headers.push(format!("    {key}: {value},"));
    }
    options.push(format!("  headers: {{\n{}\n  }},", headers.join("\n")));
    if let Some(body) = &request.body {
        options.push(format!("  body: {},", js_string(body)));
    }
    let options = format!("{{\n{}\n}}", options.join("\n"));
    let call = format!("fetch({}, options)", js_string(&request.url));
    let report = if problem {
        "  const problem = await response.json();\n  throw new Error(`${problem.title}: ${problem.detail}`);"
    } else {
        "  throw new Error(`HTTP ${response.status}: ${await response.text()}`);"
    };
    match handling {
        Handling::Retry => {
            out.push_str(RETRY_JS);
            out.push_str(&format!("const options = {options};\nconst response = await fetchWithRetry(() => {call});\nif (response.status === {code}) {{\n  // Still {code} after the last attempt: give up and report it.\n{report}\n}}\n"));
        }
        Handling::Reauthenticate => {
            out.push_str(&format!("let options = {options};\nlet response = await {call};\nif (response.status === 401) {{\n  // The token is missing, expired or revoked: get a new one and try once more.\n  token = await refreshToken();\n  options.headers.Authorization = `Bearer ${{token}}`;\n  response = await {call};\n}}\nif (response.status === 401) {{\n{report}\n}}\n"));
        }
        Handling::NotModified => {
            out.push_str(&format!("// `stored` is the copy you kept from an earlier 200: {{ etag, data }}.\nconst options = {options};\nconst response = await {call};\nif (response.status !== 304) {{\n  stored = {{ etag: response.headers.get(\"ETag\"), data: await response.json() }};\n}}\nconst data = stored.data; // a 304 has no content: your copy is still current\n"));
        }
        Handling::Poll => {
            out.push_str(&format!("const options = {options};\nconst response = await {call};\nif (response.status === 202) {{\n  // Accepted, not done: poll the status resource until the work finishes.\n  const statusUrl = response.headers.get(\"Location\");\n  let job = await response.json();\n  while (job.status === \"pending\" || job.status === \"running\") {{\n    await new Promise((resolve) => setTimeout(resolve, 2000));\n    job = await (await fetch(statusUrl, {{ headers: options.headers }})).json();\n  }}\n}}\n"));
        }
        Handling::Redirect => {
            out.push_str(&format!("const options = {options};\n// fetch follows redirects itself (redirect: \"follow\" is the default).\nconst response = await {call};\nif (response.redirected) {{\n  console.info(`Moved to ${{response.url}}: update the address you store.`);\n}}\n"));
        }
        Handling::Interim => {
            out.push_str(&format!("const options = {options};\n// fetch never shows a {code}: it handles interim responses and resolves with the final one.\nconst response = await {call};\nconsole.log(response.status);\n"));
        }
        Handling::Success => {
            let read = match code {
                204 | 205 => "  // No content: do not call response.json().".to_string(),
                206 => "  const range = response.headers.get(\"Content-Range\"); // e.g. bytes 0-99/130\n  const part = await response.text();".to_string(),
                201 => "  const location = response.headers.get(\"Location\"); // the new resource\n  const created = await response.json();".to_string(),
                _ => "  const data = await response.json();".to_string(),
            };
            out.push_str(&format!("const options = {options};\nconst response = await {call};\nif (response.status === {code}) {{\n{read}\n}}\n"));
        }
        Handling::Report => {
            out.push_str(&format!("const options = {options};\nconst response = await {call};\nif (response.status === {code}) {{\n  // Repeating the same request will fail the same way: fix it, or tell the user.\n{report}\n}}\n"));
        }
    }
    out.trim_end().to_string()
}

fn python(code: u32, handling: Handling, request: &Request, problem: bool) -> String {
    let mut headers = vec!["    \"Authorization\": f\"Bearer {token}\",".to_string()];
    for (name, value) in &request.headers {
        let value = if name == "If-None-Match" {
            "stored[\"etag\"]".to_string()
        } else {
            js_string(value)
        };
        headers.push(format!("    {}: {value},", js_string(name)));
    }
    let headers = format!("headers = {{\n{}\n}}\n", headers.join("\n"));
    let data = request
        .body
        .as_ref()
        .map_or(String::new(), |b| format!(", data={}", js_string(b)));
    let method = request.method.to_lowercase();
    let call = if ["get", "post", "put", "patch", "delete", "head", "options"]
        .contains(&method.as_str())
    {
        format!(
            "requests.{method}({}, headers=headers{data}, timeout=10)",
            js_string(&request.url)
        )
    } else {
        format!(
            "requests.request({}, {}, headers=headers{data}, timeout=10)",
            js_string(&request.method),
            js_string(&request.url)
        )
    };
    let report = if problem {
        "    problem = response.json()\n    raise RuntimeError(f\"{problem['title']}: {problem['detail']}\")"
    } else {
        "    raise RuntimeError(f\"HTTP {response.status_code}: {response.text}\")"
    };
    let body = match handling {
        Handling::Retry => format!(
            "{RETRY_PY}{headers}for attempt in range(1, 5):\n    response = {call}\n    if response.status_code != {code}:\n        break\n    time.sleep(retry_delay(response.headers.get(\"Retry-After\"), attempt))\nelse:\n    # Still {code} after the last attempt: give up and report it.\n{report}\n"
        ),
        Handling::Reauthenticate => format!(
            "import requests\n\n{headers}response = {call}\nif response.status_code == 401:\n    # The token is missing, expired or revoked: get a new one and try once more.\n    token = refresh_token()\n    headers[\"Authorization\"] = f\"Bearer {{token}}\"\n    response = {call}\nif response.status_code == 401:\n{report}\n"
        ),
        Handling::NotModified => format!(
            "import requests\n\n# `stored` is the copy you kept from an earlier 200: {{\"etag\": ..., \"data\": ...}}.\n{headers}response = {call}\nif response.status_code == 304:\n    data = stored[\"data\"]  # still current: no content was sent\nelse:\n    stored = {{\"etag\": response.headers[\"ETag\"], \"data\": response.json()}}\n    data = stored[\"data\"]\n"
        ),
        Handling::Poll => format!(
            "import time\n\nimport requests\n\n{headers}response = {call}\nif response.status_code == 202:\n    # Accepted, not done: poll the status resource until the work finishes.\n    status_url = response.headers[\"Location\"]\n    job = response.json()\n    while job[\"status\"] in (\"pending\", \"running\"):\n        time.sleep(2)\n        job = requests.get(status_url, headers=headers, timeout=10).json()\n"
        ),
        Handling::Redirect => format!(
            "import requests\n\n{headers}# requests follows redirects itself (allow_redirects=True is the default).\nresponse = {call}\nif response.history:\n    print(f\"Moved to {{response.url}}: update the address you store.\")\n"
        ),
        Handling::Interim => format!(
            "import requests\n\n{headers}# requests never shows a {code}: it handles interim responses and returns the final one.\nresponse = {call}\nprint(response.status_code)\n"
        ),
        Handling::Success => {
            let read = match code {
                204 | 205 => "    pass  # no content: do not call response.json()".to_string(),
                206 => "    content_range = response.headers[\"Content-Range\"]  # e.g. bytes 0-99/130\n    part = response.content".to_string(),
                201 => "    location = response.headers[\"Location\"]  # the new resource\n    created = response.json()".to_string(),
                _ => "    data = response.json()".to_string(),
            };
            format!(
                "import requests\n\n{headers}response = {call}\nif response.status_code == {code}:\n{read}\n"
            )
        }
        Handling::Report => format!(
            "import requests\n\n{headers}response = {call}\nif response.status_code == {code}:\n    # Repeating the same request will fail the same way: fix it, or tell the user.\n{report}\n"
        ),
    };
    body.trim_end().to_string()
}

const RETRY_JS: &str = r#"// Waits as long as Retry-After says (seconds or a date), else backs off exponentially.
function retryDelay(retryAfter, attempt) {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return seconds * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return Math.min(30000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
}

async function fetchWithRetry(send, attempts = 4) {
  for (let attempt = 1; ; attempt++) {
    const response = await send();
    if (![408, 429, 502, 503, 504].includes(response.status) || attempt === attempts) {
      return response;
    }
    await new Promise((resolve) => setTimeout(resolve, retryDelay(response.headers.get("Retry-After"), attempt)));
  }
}

"#;

const RETRY_PY: &str = r#"import random
import time
from email.utils import parsedate_to_datetime

import requests


def retry_delay(retry_after, attempt):
    """Waits as long as Retry-After says (seconds or a date), else backs off exponentially."""
    if retry_after:
        if retry_after.isdigit():
            return int(retry_after)
        try:
            return max(0.0, parsedate_to_datetime(retry_after).timestamp() - time.time())
        except (TypeError, ValueError):
            pass
    return min(30, 0.5 * 2**attempt) * random.uniform(0.5, 1)


"#;
