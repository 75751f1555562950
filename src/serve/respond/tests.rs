//! Unit tests of `serve/respond.rs`.

use super::*;

fn served() -> Served {
    let mut files = HashMap::new();
    for (path, body) in [
        ("index.html", "<p>home</p>"),
        ("codes/404.html", "<p>code 404</p>"),
        ("404.html", "<p>not found</p>"),
        ("guides/index.html", "<p>guides</p>"),
        ("static/statusbook.css", "body{}"),
    ] {
        files.insert(
            path.to_string(),
            Arc::new(ServedFile {
                bytes: Bytes::from_static(body.as_bytes()),
                gzip: false,
                etag: format!("\"{path}\""),
                modified: UNIX_EPOCH + Duration::from_secs(1_700_000_000),
            }),
        );
    }
    Served {
        files,
        generation: 1,
        problem: None,
    }
}

fn get(target: &str) -> Reply {
    respond(
        &served(),
        &Request {
            hosts: 1,
            method: "GET",
            target,
            if_none_match: None,
            if_modified_since: None,
            gzip: false,
        },
    )
}

#[test]
fn paths_that_could_leave_the_site_are_bad_requests() {
    for bad in [
        "/../etc/passwd",
        "/codes/../../x",
        "/%2e%2e/x",
        "/%2E%2E%2Fx",
        "/codes%2f404.html",
        "/codes%5c404.html",
        "/a\\b",
        "//etc/passwd",
        "/x%00.html",
        "/%zz",
        "relative",
        "/./index.html",
    ] {
        assert_eq!(get(bad).status, 400, "{bad}");
    }
}

#[test]
fn files_directories_and_missing_paths() {
    assert_eq!(get("/").body, &b"<p>home</p>"[..]);
    assert_eq!(get("/codes/404.html?q=1").body, &b"<p>code 404</p>"[..]);
    assert_eq!(get("/guides/").body, &b"<p>guides</p>"[..]);
    let redirect = get("/guides");
    assert_eq!(
        (redirect.status, redirect.header("Location")),
        (308, Some("/guides/"))
    );
    let missing = get("/nope.html");
    assert_eq!(
        (missing.status, &missing.body[..]),
        (404, &b"<p>not found</p>"[..])
    );
    assert_eq!(
        missing.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
}

#[test]
fn content_types_carry_a_charset_for_text() {
    assert_eq!(
        get("/static/statusbook.css").header("Content-Type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        content_type("search/index.js"),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(content_type("codes.json"), "application/json");
    assert_eq!(content_type("favicon.svg"), "image/svg+xml");
    assert_eq!(content_type("data.bin"), "application/octet-stream");
}

#[test]
fn validators_and_conditional_requests() {
    let first = get("/");
    assert_eq!(first.header("ETag"), Some("\"index.html\""));
    assert_eq!(
        first.header("Last-Modified"),
        Some("Tue, 14 Nov 2023 22:13:20 GMT")
    );
    let ask = |inm: Option<&str>, ims: Option<&str>| {
        respond(
            &served(),
            &Request {
                hosts: 1,
                method: "GET",
                target: "/",
                if_none_match: inm,
                if_modified_since: ims,
                gzip: false,
            },
        )
    };
    let not_modified = ask(Some("\"other\", W/\"index.html\""), None);
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.body.is_empty());
    assert_eq!(ask(Some("*"), None).status, 304);
    assert_eq!(ask(Some("\"other\""), None).status, 200);
    assert_eq!(ask(None, Some("Tue, 14 Nov 2023 22:13:20 GMT")).status, 304);
    assert_eq!(ask(None, Some("Tue, 14 Nov 2023 22:13:19 GMT")).status, 200);
    assert_eq!(ask(None, Some("yesterday")).status, 200);
    assert_eq!(
        ask(Some("\"other\""), Some("Tue, 14 Nov 2023 22:13:20 GMT")).status,
        200,
        "If-None-Match wins"
    );
}

#[test]
fn only_get_and_head() {
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"] {
        let reply = respond(
            &served(),
            &Request {
                hosts: 1,
                method,
                target: "/",
                if_none_match: None,
                if_modified_since: None,
                gzip: false,
            },
        );
        assert_eq!(
            (reply.status, reply.header("Allow")),
            (405, Some("GET, HEAD")),
            "{method}"
        );
    }
}

#[test]
fn a_site_that_never_built_shows_its_problem_and_reloads() {
    let reply = respond(
        &Served {
            problem: Some("error: <bad> table".into()),
            ..Served::default()
        },
        &Request {
            hosts: 1,
            method: "GET",
            target: "/codes/1.html",
            if_none_match: None,
            if_modified_since: None,
            gzip: false,
        },
    );
    assert_eq!(reply.status, 503);
    let html = String::from_utf8(reply.body.to_vec()).unwrap();
    assert!(html.contains("error: &lt;bad&gt; table"));
    assert!(html.contains(LIVERELOAD_PATH));
}

#[test]
fn a_request_without_host_or_with_two_is_a_bad_request_and_head_of_events_works() {
    let served = Served::default();
    for hosts in [0, 2] {
        let reply = respond(
            &served,
            &Request {
                hosts,
                method: "GET",
                target: "/",
                if_none_match: None,
                if_modified_since: None,
                gzip: false,
            },
        );
        assert_eq!(reply.status, 400, "{hosts} Host fields");
    }
    let reply = respond(
        &served,
        &Request {
            hosts: 1,
            method: "HEAD",
            target: EVENTS_PATH,
            if_none_match: None,
            if_modified_since: None,
            gzip: false,
        },
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Content-Type"), Some("text/event-stream"));
}

/// A text file of the given size, kept as the server keeps it.
fn text_file(path: &str, size: usize) -> ServedFile {
    let body: String = (0..size)
        .map(|i| char::from(b'a' + (i % 7) as u8))
        .collect();
    ServedFile::new(path, body.into_bytes(), "\"tag\"".into(), UNIX_EPOCH)
}

fn get_with(file: &ServedFile, path: &str, gzip: bool, if_none_match: Option<&str>) -> Reply {
    let mut files = HashMap::new();
    files.insert(path.to_string(), Arc::new(file.clone()));
    let served = Served {
        files,
        generation: 1,
        problem: None,
    };
    respond(
        &served,
        &Request {
            hosts: 1,
            method: "GET",
            target: &format!("/{path}"),
            if_none_match,
            if_modified_since: None,
            gzip,
        },
    )
}

#[test]
fn text_is_kept_compressed_and_sent_as_each_client_takes_it() {
    let page = text_file("codes/404.html", 10_000);
    assert!(
        page.gzip && page.bytes.len() < 1_000,
        "{} bytes",
        page.bytes.len()
    );
    assert_eq!(page.plain().len(), 10_000);

    let zipped = get_with(&page, "codes/404.html", true, None);
    assert_eq!(zipped.header("Content-Encoding"), Some("gzip"));
    assert_eq!(zipped.header("Vary"), Some("Accept-Encoding"));
    assert_eq!(zipped.body, page.bytes);
    assert_eq!(zipped.header("ETag"), Some("\"tag-gzip\""));

    let plain = get_with(&page, "codes/404.html", false, None);
    assert_eq!(plain.header("Content-Encoding"), None);
    assert_eq!(plain.header("Vary"), Some("Accept-Encoding"));
    assert_eq!(plain.body, page.plain());
    assert_eq!(plain.header("ETag"), Some("\"tag\""));

    // Each representation is revalidated by its own tag.
    assert_eq!(
        get_with(&page, "codes/404.html", true, Some("\"tag-gzip\"")).status,
        304
    );
    assert_eq!(
        get_with(&page, "codes/404.html", false, Some("\"tag-gzip\"")).status,
        200
    );
    assert_eq!(
        get_with(&page, "codes/404.html", false, Some("\"tag\"")).status,
        304
    );
}

#[test]
fn small_files_and_images_are_kept_as_they_are() {
    for (path, size) in [("static/tiny.css", 100), ("images/diagram.png", 10_000)] {
        let file = text_file(path, size);
        assert!(!file.gzip, "{path}");
        let reply = get_with(&file, path, true, None);
        assert_eq!(reply.header("Content-Encoding"), None, "{path}");
        assert_eq!(reply.header("Vary"), None, "{path}");
        assert_eq!(reply.body.len(), size, "{path}");
    }
}

#[test]
fn accept_encoding_is_read_as_rfc_9110_says() {
    for (field, gzip) in [
        (None, false),
        (Some(""), false),
        (Some("gzip"), true),
        (Some("gzip, deflate, br"), true),
        (Some("br;q=1.0, GZIP;q=0.5"), true),
        (Some("x-gzip"), true),
        (Some("gzip;q=0"), false),
        (Some("gzip; q=0.000"), false),
        (Some("*"), true),
        (Some("*;q=0"), false),
        (Some("identity"), false),
        (Some("br, *;q=0.1"), true),
        (Some("gzip;q=0, *"), false),
    ] {
        assert_eq!(accepts_gzip(field), gzip, "{field:?}");
    }
}
