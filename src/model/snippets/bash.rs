//! The bash snippet: curl, with the waits and retries of the policy written in shell.

use super::{Call, Handling, POLL_DEADLINE, Secret, Value};

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

pub(super) fn bash(call: &Call) -> String {
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
