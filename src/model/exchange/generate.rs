//! The example exchange of each code: the request that earns it and the response, with the
//! rules they follow as notes.

use super::api::Api;
use super::errors::error_request;
use super::{Exchange, Message, Note, Start};
use crate::input::config::{ErrorFormat, Examples};
use crate::knowledge::Policy;

/// A fixed date, so that builds are reproducible.
pub(super) const DATE: &str = "Tue, 14 Jan 2025 10:15:00 GMT";
pub(super) const ETAG: &str = "\"33a64df5\"";

/// The example exchange for `code` (100–599), or `None` for codes outside HTTP's range.
#[expect(
    clippy::match_overlapping_arm,
    reason = "codes with rules of their own come before their class's default"
)]
pub fn generate(
    code: u32,
    reason: &str,
    description: &str,
    policy: Option<&Policy>,
    examples: &Examples,
) -> Option<Exchange> {
    if !(100..=599).contains(&code) {
        return None;
    }
    let api = Api::new(examples);
    let mut notes = Vec::new();
    let mut note = |text, spec| notes.push(Note { text, spec });
    // Date is required on 2xx–4xx responses and optional elsewhere; interim ones leave it out.
    let status = |c: u32, r: &str| {
        let line = Message::new(Start::response(c, r));
        if c < 200 {
            line
        } else {
            line.header("Date", DATE)
        }
    };
    if code < 200 {
        note(
            "An interim 1xx response has no content and no Content-Length; the final response follows it.",
            "RFC 9110 §15.2, §8.6",
        );
    }
    let item = api.item.clone();
    let list = api.list.clone();
    let created = api.created.clone();
    let error = |request: &Message, c: u32| {
        api.error(c, reason, description, request.target(), &examples.error)
    };
    let order = || api.representation(&api.id);
    let new_order = || api.representation(&api.new_id);

    let (request, responses) = match code {
        100 => {
            let request = api.create(&list).header("Expect", "100-continue");
            note(
                "The client sends Expect: 100-continue and waits for the interim response before sending the content.",
                "RFC 9110 §10.1.1",
            );
            let created = status(201, "Created")
                .header("Location", api.absolute(&created))
                .content("application/json", new_order());
            (request, vec![status(code, reason), created])
        }
        101 => {
            let request = api
                .request("GET", &format!("{}/stream", api.prefix))
                .header("Connection", "Upgrade")
                .header("Upgrade", "websocket")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .header("Sec-WebSocket-Version", "13");
            note(
                "A 101 names the protocol the connection switches to in Upgrade.",
                "RFC 9110 §7.8",
            );
            let switching = status(code, reason)
                .header("Connection", "Upgrade")
                .header("Upgrade", "websocket")
                .header("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            (request, vec![switching])
        }
        103 => {
            let request = api.request("GET", "/").header("Accept", "text/html");
            let link = "</static/style.css>; rel=preload; as=style";
            note(
                "103 Early Hints carries Link fields the final response is likely to have.",
                "RFC 8297 §2",
            );
            let page = status(200, "OK")
                .header("Link", link)
                .content("text/html; charset=utf-8", PAGE.to_string());
            (
                request,
                vec![status(code, reason).header("Link", link), page],
            )
        }
        100..=199 => {
            let request = api.get_json(&item);
            let done = status(200, "OK").content("application/json", order());
            (request, vec![status(code, reason), done])
        }
        200 | 203 => {
            let response = status(code, reason)
                .header("ETag", ETAG)
                .header("Cache-Control", "private, max-age=60")
                .content("application/json", order());
            if code == 203 {
                note(
                    "203 means a proxy changed the content it got from the origin.",
                    "RFC 9110 §15.3.4",
                );
            }
            (api.get_json(&item), vec![response])
        }
        201 => {
            let request = api.create(&list);
            note(
                "201 identifies the new resource in Location.",
                "RFC 9110 §15.3.2",
            );
            let response = status(code, reason)
                .header("Location", api.absolute(&created))
                .content("application/json", new_order());
            (request, vec![response])
        }
        202 => {
            let exports = format!("{}/exports", api.prefix);
            let request = api
                .request("POST", &exports)
                .content("application/json", EXPORT.to_string());
            note(
                "202 says the work is not done yet; the content should point to where its status can be seen.",
                "RFC 9110 §15.3.3",
            );
            let monitor = api.absolute(&format!("{exports}/77"));
            let body = format!(
                "{{\n  \"id\": \"77\",\n  \"status\": \"pending\",\n  \"status_url\": \"{monitor}\"\n}}"
            );
            let response = status(code, reason)
                .header("Location", monitor)
                .content("application/json", body);
            (request, vec![response])
        }
        204 => {
            note(
                "204 has no content, and no Content-Length.",
                "RFC 9110 §15.3.5, §8.6",
            );
            (api.request("DELETE", &item), vec![status(code, reason)])
        }
        205 => {
            note(
                "205 has no content: the client resets the view that sent the request.",
                "RFC 9110 §15.3.6",
            );
            let request = api
                .request("POST", &format!("{}/feedback", api.prefix))
                .content(
                    "application/x-www-form-urlencoded",
                    "rating=5&comment=Fast+delivery".to_string(),
                );
            (
                request,
                vec![status(code, reason).header("Content-Length", "0")],
            )
        }
        206 => {
            let report = format!("{}/reports/2024.csv", api.prefix);
            let request = api.request("GET", &report).header("Range", "bytes=0-99");
            note(
                "206 carries Content-Range with the part sent and the full length.",
                "RFC 9110 §14.4, §15.3.7",
            );
            let part = &REPORT[..100];
            let response = status(code, reason)
                .header("Content-Range", format!("bytes 0-99/{}", REPORT.len()))
                .content("text/csv", part.to_string());
            (request, vec![response])
        }
        207 => {
            let request = api
                .request("PROPFIND", &format!("{}/files/", api.prefix))
                .header("Depth", "1");
            note(
                "207 reports a status per resource in a multistatus XML body.",
                "RFC 4918 §13",
            );
            let response = status(code, reason)
                .content("application/xml; charset=utf-8", MULTISTATUS.to_string());
            (request, vec![response])
        }
        226 => {
            let request = api
                .get_json(&list)
                .header("A-IM", "feed")
                .header("If-None-Match", ETAG);
            note(
                "226 names the instance-manipulations applied in IM.",
                "RFC 3229 §10.4.1",
            );
            let response = status(code, reason)
                .header("IM", "feed")
                .header("ETag", "\"5c1f02e8\"")
                .content(
                    "application/json",
                    format!(
                        "[\n  {}\n]",
                        api.representation(&api.new_id).replace('\n', "\n  ")
                    ),
                );
            (request, vec![response])
        }
        200..=299 => (
            api.get_json(&item),
            vec![status(code, reason).content("application/json", order())],
        ),
        304 => {
            let request = api.get_json(&item).header("If-None-Match", ETAG);
            note(
                "A 304 answers a conditional request: it has no content, and carries the validators and caching fields a 200 would have sent.",
                "RFC 9110 §15.4.5",
            );
            let response = status(code, reason)
                .header("ETag", ETAG)
                .header("Cache-Control", "private, max-age=60")
                .header("Vary", "Accept, Authorization");
            (request, vec![response])
        }
        300 => {
            note(
                "300 should name the preferred choice in Location.",
                "RFC 9110 §15.4.1",
            );
            let choice = |kind: &str| api.absolute(&format!("{item}.{kind}"));
            let body = format!(
                "{{\n  \"choices\": [\n    \"{}\",\n    \"{}\"\n  ]\n}}",
                choice("json"),
                choice("csv")
            );
            let response = status(code, reason)
                .header("Location", choice("json"))
                .content("application/json", body);
            (api.get_json(&item), vec![response])
        }
        303 => {
            let request = api.create(&list);
            note(
                "303 sends the client to another resource, to be fetched with GET.",
                "RFC 9110 §15.4.4",
            );
            let response = status(code, reason)
                .header("Location", api.absolute(&created))
                .header("Content-Length", "0");
            (request, vec![response])
        }
        300..=399 => {
            let preserves_method = code == 307 || code == 308;
            let (request, target) = if preserves_method {
                let request = api.create(&list);
                (request, format!("{}/purchases", api.prefix))
            } else {
                (
                    api.get_json(&item),
                    format!("{}/purchases/{}", api.prefix, api.id),
                )
            };
            note(
                "A redirect gives the address to follow in Location.",
                "RFC 9110 §10.2.2",
            );
            match code {
                307 | 308 => note(
                    "307 and 308 keep the method and content when the client follows them.",
                    "RFC 9110 §15.4.8, §15.4.9",
                ),
                301 | 302 => note(
                    "For historical reasons a client may change POST to GET when it follows 301 or 302; use 307 or 308 to prevent that.",
                    "RFC 9110 §15.4.2, §15.4.3",
                ),
                305 => note(
                    "305 is deprecated: clients do not follow it.",
                    "RFC 9110 §15.4.6",
                ),
                306 => note("306 is reserved and no longer used.", "RFC 9110 §15.4.7"),
                _ => {}
            }
            let response = status(code, reason)
                .header("Location", api.absolute(&target))
                .header("Content-Length", "0");
            (request, vec![response])
        }
        _ => {
            match code {
                413 => {
                    note(
                        "With Expect: 100-continue the client waits before sending its content, so a server that refuses it sends 413 and the content is never sent.",
                        "RFC 9110 §10.1.1",
                    );
                    note(
                        "A size limit does not pass with time, so this 413 has no Retry-After; one is sent only when the condition is temporary.",
                        "RFC 9110 §15.5.14",
                    );
                }
                418 => note(
                    "418 is reserved and unused: a server should not send it for a real error.",
                    "RFC 9110 §15.5.19",
                ),
                501 => note(
                    "501 answers a method the server does not recognise for any resource; a method it knows but the resource does not allow gets 405.",
                    "RFC 9110 §15.6.2",
                ),
                _ => {}
            }
            let wait = policy.is_some_and(|p| p.retry_after);
            let (request, extra) = error_request(code, wait, &api, &item, &list);
            let mut response = status(code, reason);
            for (name, value, text, spec) in extra {
                response = response.header(name, value);
                note(text, spec);
            }
            let response = error(&request, code).into_response(response);
            (request, vec![response])
        }
    };
    if (400..=599).contains(&code) {
        match examples.error {
            ErrorFormat::Problem => note(
                "The error is described in an application/problem+json body whose status is the response's code.",
                "RFC 9457 §3",
            ),
            ErrorFormat::Custom { .. } => {}
        }
    }
    Some(Exchange {
        request,
        responses,
        notes,
    })
}

/// Content the examples send and return.
const EXPORT: &str = "{\n  \"format\": \"csv\",\n  \"since\": \"2024-01-01\"\n}";
const PAGE: &str =
    "<!DOCTYPE html>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n<title>Orders</title>";
pub(super) const REPORT: &str = "date,order,total,currency\n2024-01-02,8401,19.90,EUR\n2024-01-02,8402,120.00,EUR\n2024-01-03,8403,49.90,EUR\n2024-01-05,8404,5.00,EUR\n";
const MULTISTATUS: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"DAV:\">\n  <d:response>\n    <d:href>/v1/files/report.csv</d:href>\n    <d:propstat>\n      <d:prop><d:getcontentlength>118</d:getcontentlength></d:prop>\n      <d:status>HTTP/1.1 200 OK</d:status>\n    </d:propstat>\n  </d:response>\n</d:multistatus>";
