//! The Python snippet: `requests`.

use super::{Call, Handling, POLL_DEADLINE, Secret, Value, string_literal};

pub(super) fn python(call: &Call) -> String {
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
            string_literal(etag)
        ));
    }
    if call.keyed() {
        out.push_str("# One idempotency key per request, the same on every retry of it.\n");
    }
    out.push_str(&format!(
        "url = {}\n{}",
        string_literal(&call.url),
        py_headers(call)
    ));
    let data = call
        .body
        .as_ref()
        .map_or(String::new(), |b| format!(", data={}", string_literal(b)));
    let method = call.method.to_lowercase();
    let send = if ["get", "post", "put", "patch", "delete", "head", "options"]
        .contains(&method.as_str())
    {
        format!("requests.{method}(url, headers=headers{data}, timeout=10)")
    } else {
        format!(
            "requests.request({}, url, headers=headers{data}, timeout=10)",
            string_literal(&call.method)
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
                        string_literal(name)
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
                    Value::Secret(_) => Some(format!(
                        "{}: headers[{}]",
                        string_literal(name),
                        string_literal(name)
                    )),
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
                Value::Text(text) => string_literal(text),
                Value::Secret(prefix) => format!(
                    "f\"{prefix}{{{}}}\"",
                    call.secret.map_or("token".to_string(), py_var)
                ),
                Value::NewKey => "str(uuid.uuid4())".to_string(),
                Value::StoredEtag(_) => "stored[\"etag\"]".to_string(),
            };
            format!("    {}: {value},", string_literal(name))
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
