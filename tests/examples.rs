//! Generated example exchanges: every registered code (and a few that are not) pinned by a
//! snapshot, and each RFC rule checked on the parsed text, so a regression names the rule.

use statusbook::internals::config::{Auth, ErrorFormat, Examples};
use statusbook::internals::exchange::{self, Exchange};
use statusbook::internals::knowledge;
use statusbook::internals::registry;

/// An HTTP message parsed back from the generated text.
#[derive(Debug)]
struct Parsed {
    start: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl Parsed {
    fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The status code of a response; 0 for a request.
    fn status(&self) -> u32 {
        match self.start.strip_prefix("HTTP/1.1 ") {
            Some(rest) => rest[..3].parse().unwrap(),
            None => 0,
        }
    }
}

fn is_start_line(line: &str) -> bool {
    let parts: Vec<&str> = line.split(' ').collect();
    let status = parts.len() >= 2
        && parts[0] == "HTTP/1.1"
        && parts[1].len() == 3
        && parts[1].parse::<u32>().is_ok();
    let request = parts.len() == 3
        && parts[2] == "HTTP/1.1"
        && parts[0].chars().all(|c| c.is_ascii_uppercase());
    status || request
}

/// Splits exchange text into messages, the way a reader (or a proxy log) would.
fn parse(text: &str) -> Vec<Parsed> {
    let mut messages: Vec<Parsed> = Vec::new();
    let mut in_headers = false;
    for line in text.lines() {
        if is_start_line(line) {
            messages.push(Parsed {
                start: line.to_string(),
                headers: Vec::new(),
                body: None,
            });
            in_headers = true;
            continue;
        }
        let message = messages.last_mut().expect("text starts with a start line");
        if in_headers {
            if line.is_empty() {
                in_headers = false;
                continue;
            }
            let (name, value) = line
                .split_once(": ")
                .unwrap_or_else(|| panic!("bad header line {line:?}"));
            message.headers.push((name.to_string(), value.to_string()));
        } else if !(line.is_empty() && message.body.is_none()) {
            let body = message.body.get_or_insert_with(String::new);
            if !body.is_empty() {
                body.push('\n');
            }
            body.push_str(line);
        }
    }
    // The blank line between two messages is not part of the first one's content.
    for message in &mut messages {
        if let Some(body) = &mut message.body {
            body.truncate(body.trim_end_matches('\n').len());
        }
    }
    messages
}

fn generate(code: u32) -> Exchange {
    let reason = registry::lookup(code).map_or("Unknown", |r| r.reason);
    exchange::generate(
        code,
        reason,
        "What this code means for this API.",
        knowledge::lookup(code).map(|k| &k.policy),
        &Examples::default(),
    )
    .unwrap_or_else(|| panic!("no example for {code}"))
}

/// The final response of `code`'s example, parsed.
fn response(code: u32) -> Parsed {
    let messages = parse(&generate(code).text());
    let last = messages.into_iter().last().unwrap();
    assert_eq!(
        last.status() / 100,
        code / 100,
        "{code}: the final response is of the code's class"
    );
    last
}

fn request(code: u32) -> Parsed {
    parse(&generate(code).text()).remove(0)
}

fn all_codes() -> impl Iterator<Item = u32> {
    100..=599
}

#[test]
fn snapshot_of_every_registered_code_and_three_unregistered() {
    let mut text = String::new();
    let codes = registry::all()
        .iter()
        .map(|r| r.code)
        .chain([420, 499, 520]);
    for code in codes {
        let exchange = generate(code);
        text.push_str(&format!("==== {code}\n{}\n", exchange.text()));
        for note in &exchange.notes {
            text.push_str(&format!("-- {} ({})\n", note.text, note.spec));
        }
        text.push('\n');
    }
    insta::assert_snapshot!(text);
}

#[test]
fn every_code_from_100_to_599_has_a_well_formed_example() {
    for code in all_codes() {
        let messages = parse(&generate(code).text());
        assert!(messages.len() >= 2, "{code}: a request and a response");
        assert!(
            messages[0].start.ends_with(" HTTP/1.1"),
            "{code}: starts with a request"
        );
        let last = messages.last().unwrap();
        assert!(
            last.start.starts_with(&format!("HTTP/1.1 {code} ")) || code < 200,
            "{code}: {}",
            last.start
        );
        assert!(
            messages[0].get("Host").is_some(),
            "{code}: the request has Host (RFC 9112 §3.2)"
        );
    }
    assert!(exchange::generate(600, "x", "y", None, &Examples::default()).is_none());
    assert!(exchange::generate(20003, "x", "y", None, &Examples::default()).is_none());
}

/// Whether `message` is a request that, by design, does not send the content it announces
/// yet: one that waits for 100 Continue (RFC 9110 §10.1.1).
fn announces_more_than_it_sends(message: &Parsed) -> bool {
    message.get("Expect") == Some("100-continue")
}

#[test]
fn rule_content_length_equals_the_content() {
    // RFC 9110 §8.6, RFC 9112 §6.2: Content-Length is the length of the content, so it
    // never appears without content, except on HEAD and 304 responses (the length a 200
    // would have had) and on a request that has not sent its content yet.
    for code in all_codes() {
        for message in parse(&generate(code).text()) {
            let body = message.body.as_deref().unwrap_or("");
            if let Some(length) = message.get("Content-Length")
                && !announces_more_than_it_sends(&message)
                && message.status() != 304
            {
                assert_eq!(
                    length.parse::<usize>().unwrap(),
                    body.len(),
                    "{code}: {}",
                    message.start
                );
            }
            if message.body.is_some() {
                assert!(
                    message.get("Content-Type").is_some(),
                    "{code}: content has a Content-Type"
                );
            }
        }
    }
}

#[test]
fn rule_a_request_that_needs_content_has_it() {
    // POST, PUT and PATCH carry content (RFC 9110 §9.3.3, §9.3.4, RFC 5789 §2), framed by
    // Content-Length or chunked Transfer-Encoding (RFC 9112 §6).
    for code in all_codes() {
        let request = request(code);
        let method = request.start.split(' ').next().unwrap();
        if ["POST", "PUT", "PATCH"].contains(&method) {
            let framed = request.get("Content-Length").is_some()
                || request.get("Transfer-Encoding") == Some("chunked");
            assert!(framed, "{code}: a {method} says how long its content is");
            assert!(
                request.body.is_some() || request.get("Expect") == Some("100-continue"),
                "{code}: a {method} has content"
            );
            assert!(
                request.get("Content-Type").is_some(),
                "{code}: and its type"
            );
        }
    }
}

#[test]
fn rule_retry_after_on_413_only_when_temporary_and_501_goes_with_an_unknown_method() {
    // RFC 9110 §15.5.14: a size limit is not temporary.
    assert!(response(413).get("Retry-After").is_none());
    // RFC 9110 §15.6.2: 501 is for a method the server does not recognise at all.
    let method = request(501).start.split(' ').next().unwrap().to_string();
    let standard = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    ];
    assert!(!standard.contains(&method.as_str()), "501 answers {method}");
    // RFC 9110 §15.5.9: 408 closes a connection on which a request did not arrive in full.
    assert_eq!(response(408).get("Connection"), Some("close"));
    assert!(
        generate(408)
            .notes
            .iter()
            .any(|n| n.text.contains("did not arrive in full"))
    );
}

#[test]
fn rule_a_new_resource_is_in_a_state_its_request_could_produce() {
    // The 201 of a POST shows what was sent, with the id the server gave it: nothing that
    // only later events could produce (shipped, paid, ...).
    let sent: serde_json::Value =
        serde_json::from_str(request(201).body.as_deref().unwrap()).unwrap();
    let created: serde_json::Value =
        serde_json::from_str(response(201).body.as_deref().unwrap()).unwrap();
    for (key, value) in sent.as_object().unwrap() {
        assert_eq!(&created[key], value, "201 keeps {key}");
    }
    let extra: Vec<&String> = created
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !sent.as_object().unwrap().contains_key(*k))
        .collect();
    assert_eq!(extra, ["id"]);
}

#[test]
fn the_api_profile_shapes_every_generated_exchange() {
    let examples = Examples {
        base_url: "http://localhost:8080/v2".to_string(),
        auth: Auth::Header("X-Api-Key".to_string()),
        resource: "/carts".to_string(),
        id: "crt_0099".to_string(),
        body: "{\n  \"cart_id\": \"crt_0099\",\n  \"currency\": \"EUR\"\n}".to_string(),
        problem_base: "https://docs.acme.test/errors/".to_string(),
        idempotency_header: Some("Request-Id".to_string()),
        ..Examples::default()
    };
    let generate = |code: u32| {
        let reason = registry::lookup(code).map_or("Unknown", |r| r.reason);
        let exchange = exchange::generate(code, reason, "d", None, &examples).unwrap();
        parse(&exchange.text())
    };
    let created = generate(201);
    assert_eq!(created[0].start, "POST /v2/carts HTTP/1.1");
    assert_eq!(created[0].get("Host"), Some("localhost:8080"));
    assert_eq!(created[0].get("X-Api-Key"), Some("<api-key>"));
    assert!(created[0].get("Authorization").is_none());
    assert!(
        created[0].get("Request-Id").is_some(),
        "POSTs carry the idempotency key"
    );
    assert_eq!(
        created[1].get("Location"),
        Some("http://localhost:8080/v2/carts/crt_0100")
    );
    assert!(
        created[1]
            .body
            .as_deref()
            .unwrap()
            .contains("\"cart_id\": \"crt_0099\"")
    );
    let missing = generate(404);
    assert_eq!(missing[0].start, "GET /v2/carts/crt_0099 HTTP/1.1");
    assert!(
        missing[1]
            .body
            .as_deref()
            .unwrap()
            .contains("\"type\": \"https://docs.acme.test/errors/not-found\"")
    );
}

#[test]
fn rule_no_content_for_1xx_204_205_304() {
    // RFC 9110 §15.2, §15.3.5, §15.3.6, §15.4.5
    for code in all_codes() {
        let messages = parse(&generate(code).text());
        for message in &messages[1..] {
            let status = message.status();
            if (100..200).contains(&status) || [204, 205, 304].contains(&status) {
                assert!(message.body.is_none(), "{code}: a {status} has no content");
            }
        }
    }
}

#[test]
fn rule_no_content_length_on_1xx_and_204() {
    // RFC 9110 §8.6: a server MUST NOT send Content-Length in a 1xx or 204 response.
    for code in all_codes() {
        for message in &parse(&generate(code).text())[1..] {
            let status = message.status();
            if (100..200).contains(&status) || status == 204 {
                assert!(
                    message.get("Content-Length").is_none(),
                    "{code}: {status} has Content-Length"
                );
            }
        }
    }
}

#[test]
fn rule_304_has_the_validators_of_a_200_and_answers_a_conditional_request() {
    // RFC 9110 §15.4.5
    let request = request(304);
    assert!(request.start.starts_with("GET "));
    let etag = request
        .get("If-None-Match")
        .expect("the request is conditional");
    let ok = response(200);
    let not_modified = response(304);
    assert_eq!(not_modified.get("ETag"), Some(etag));
    assert_eq!(not_modified.get("ETag"), ok.get("ETag"));
    assert_eq!(not_modified.get("Cache-Control"), ok.get("Cache-Control"));
    assert!(not_modified.get("Date").is_some());
    assert!(not_modified.get("Vary").is_some());
}

#[test]
fn rule_challenges_allow_and_upgrade() {
    assert!(
        response(401)
            .get("WWW-Authenticate")
            .unwrap()
            .starts_with("Bearer"),
        "RFC 9110 §15.5.2"
    );
    assert!(
        response(407).get("Proxy-Authenticate").is_some(),
        "RFC 9110 §15.5.8"
    );
    let allow = response(405);
    let method = request(405).start.split(' ').next().unwrap().to_string();
    let allowed: Vec<&str> = allow.get("Allow").unwrap().split(", ").collect();
    assert!(
        !allowed.contains(&method.as_str()),
        "RFC 9110 §15.5.6: Allow lists other methods"
    );
    let switching = parse(&generate(101).text()).pop().unwrap();
    assert_eq!(switching.status(), 101);
    assert_eq!(
        switching.get("Upgrade"),
        request(101).get("Upgrade"),
        "RFC 9110 §7.8"
    );
    assert!(response(426).get("Upgrade").is_some(), "RFC 9110 §15.5.22");
}

#[test]
fn rule_created_and_redirects_carry_location() {
    // RFC 9110 §15.3.2, §10.2.2
    assert!(response(201).get("Location").is_some());
    for code in [300, 301, 302, 303, 305, 306, 307, 308] {
        let location = response(code).get("Location").map(str::to_string);
        assert!(location.is_some(), "{code} has Location");
    }
    assert!(response(304).get("Location").is_none());
    for code in [307, 308] {
        let request = request(code);
        assert!(
            request.start.starts_with("POST "),
            "{code} keeps the method, shown on a POST"
        );
    }
}

#[test]
fn rule_ranges() {
    // RFC 9110 §14.4, §15.3.7, §15.5.17
    let partial = response(206);
    let range = partial.get("Content-Range").unwrap();
    let (span, total) = range
        .strip_prefix("bytes ")
        .unwrap()
        .split_once('/')
        .unwrap();
    let (first, last) = span.split_once('-').unwrap();
    let length = last.parse::<usize>().unwrap() - first.parse::<usize>().unwrap() + 1;
    assert_eq!(partial.body.as_ref().unwrap().len(), length);
    assert!(request(206).get("Range").is_some());
    let unsatisfiable = response(416);
    assert_eq!(
        unsatisfiable.get("Content-Range"),
        Some(format!("bytes */{total}").as_str())
    );
}

#[test]
fn rule_retry_after() {
    // RFC 6585 §4, RFC 9110 §15.6.4, §10.2.3
    for code in [429, 503] {
        let response = response(code);
        let seconds = response
            .get("Retry-After")
            .unwrap_or_else(|| panic!("{code} has Retry-After"));
        assert!(
            seconds.parse::<u32>().is_ok(),
            "{code}: Retry-After is delta-seconds"
        );
    }
}

#[test]
fn rule_error_bodies_are_problem_details_with_the_real_status() {
    // RFC 9457 §3
    for code in (400..=599).chain([420, 499, 520]) {
        let response = response(code);
        assert_eq!(
            response.get("Content-Type"),
            Some("application/problem+json"),
            "{code}"
        );
        let problem: serde_json::Value =
            serde_json::from_str(response.body.as_ref().unwrap()).unwrap();
        assert_eq!(problem["status"], code, "{code}: status equals the code");
        assert!(problem["type"].as_str().unwrap().starts_with("https://"));
        assert!(problem["title"].is_string() && problem["detail"].is_string());
    }
}

#[test]
fn a_custom_error_format_is_used_for_every_error() {
    let examples = Examples {
        base_url: "https://api.acme.test/v2".to_string(),
        error: ErrorFormat::Custom {
            content_type: "application/vnd.acme+json".to_string(),
            template: "{\"error\": {\"code\": {status}, \"message\": \"{description}\", \"kind\": \"{type}\"}}".to_string(),
        },
        ..Examples::default()
    };
    let exchange = exchange::generate(
        404,
        "Not Found",
        "No \"order\" has this id.",
        None,
        &examples,
    )
    .unwrap();
    let response = parse(&exchange.text()).pop().unwrap();
    assert_eq!(
        response.get("Content-Type"),
        Some("application/vnd.acme+json")
    );
    let body: serde_json::Value = serde_json::from_str(response.body.as_ref().unwrap()).unwrap();
    assert_eq!(body["error"]["code"], 404);
    assert_eq!(body["error"]["message"], "No \"order\" has this id.");
    assert_eq!(body["error"]["kind"], "not-found");
    let request = parse(&exchange.text()).remove(0);
    assert_eq!(request.get("Host"), Some("api.acme.test"));
    assert!(request.start.starts_with("GET /v2/orders/"));
}

#[test]
fn every_note_cites_a_section() {
    for code in all_codes() {
        for note in generate(code).notes {
            assert!(note.spec.starts_with("RFC "), "{code}: {}", note.spec);
        }
    }
}
