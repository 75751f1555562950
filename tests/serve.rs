//! `statusbook serve`, run for real and spoken to over loopback HTTP: each rule of the dev
//! server, live reload after an edit, and a broken edit that leaves the last good site served.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A `statusbook serve` process, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
}

impl Server {
    fn start(site: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_statusbook"))
            .args(["serve", "-p", "0"])
            .arg(site)
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, lines) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(20);
        let port = loop {
            let line = lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("the server says where it listens");
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
        };
        Server { child, port, lines }
    }

    /// Sends raw request text; returns the raw response.
    fn raw(&self, request: &str) -> Vec<u8> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        response
    }

    fn request(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> Response {
        let mut text =
            format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (name, value) in headers {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
        text.push_str("\r\n");
        Response::parse(&self.raw(&text))
    }

    fn get(&self, target: &str) -> Response {
        self.request("GET", target, &[])
    }

    /// Waits for a line of the server's output containing `text`.
    fn said(&self, text: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let line = self
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("the server did not say {text:?}"));
            if line.contains(text) {
                return line;
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(raw)));
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
            .collect();
        Response {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn site(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(common::fixture(fixture)) {
        let entry = entry.unwrap();
        let target = dir
            .path()
            .join(entry.path().strip_prefix(common::fixture(fixture)).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

#[test]
fn every_file_type_has_its_content_type_with_a_charset_for_text() {
    let dir = site("custom-templates");
    fs::write(
        dir.path().join("book.toml"),
        fs::read_to_string(dir.path().join("book.toml"))
            .unwrap()
            .replace(
                "site-url = \"/docs/status/\"",
                "site-url = \"https://docs.acme.test/\"",
            ),
    )
    .unwrap();
    let server = Server::start(dir.path());
    for (path, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/codes/404.html", "text/html; charset=utf-8"),
        ("/static/statusbook.css", "text/css; charset=utf-8"),
        ("/static/search.js", "text/javascript; charset=utf-8"),
        ("/search/index.js", "text/javascript; charset=utf-8"),
        ("/codes.json", "application/json"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/static/favicon.svg", "image/svg+xml"),
        ("/codes/lookup.svg", "image/svg+xml"),
        ("/theme/brand.css", "text/css; charset=utf-8"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(expected), "{path}");
        assert!(response.header("etag").is_some(), "{path} has an ETag");
        assert!(
            response.header("last-modified").is_some(),
            "{path} has Last-Modified"
        );
    }
}

#[test]
fn conditional_requests_get_304_with_no_body() {
    let dir = site("table-only");
    let server = Server::start(dir.path());
    let first = server.get("/codes/418.html");
    let etag = first.header("etag").unwrap().to_string();
    let modified = first.header("last-modified").unwrap().to_string();
    let by_tag = server.request("GET", "/codes/418.html", &[("If-None-Match", &etag)]);
    assert_eq!(by_tag.status, 304);
    assert!(by_tag.body.is_empty());
    assert_eq!(by_tag.header("etag"), Some(etag.as_str()));
    let by_date = server.request(
        "GET",
        "/codes/418.html",
        &[("If-Modified-Since", &modified)],
    );
    assert_eq!(by_date.status, 304);
    assert!(by_date.body.is_empty());
    let stale = server.request("GET", "/codes/418.html", &[("If-None-Match", "\"old\"")]);
    assert_eq!(stale.status, 200);
    assert_eq!(stale.body, first.body);
}

#[test]
fn head_has_the_headers_of_get_and_no_body_and_other_methods_get_405() {
    let dir = site("table-only");
    let server = Server::start(dir.path());
    let get = server.get("/");
    let head = server.request("HEAD", "/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    for name in ["content-type", "content-length", "etag", "last-modified"] {
        assert_eq!(head.header(name), get.header(name), "{name}");
    }
    assert_eq!(
        get.header("content-length").unwrap(),
        get.body.len().to_string()
    );
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let response = server.request(method, "/", &[("Content-Length", "0")]);
        assert_eq!(response.status, 405, "{method}");
        assert_eq!(response.header("allow"), Some("GET, HEAD"), "{method}");
    }
}

#[test]
fn missing_paths_get_the_sites_404_page_and_directories_their_index() {
    let dir = site("custom-templates");
    let server = Server::start(dir.path());
    let missing = server.get("/codes/999.html");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Page not found"),
        "the site's own 404.html"
    );
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(server.get("/").text(), server.get("/index.html").text());
}

#[test]
fn paths_never_leave_the_site() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    let dir = site("table-only");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        dir.path().join("content/secret.txt"),
    )
    .unwrap();
    let server = Server::start(dir.path());
    for target in [
        "/../book.toml",
        "/codes/../../book.toml",
        "/%2e%2e/book.toml",
        "/%2e%2e%2fbook.toml",
        "/codes%2f418.html",
        "/..%5cbook.toml",
        "/codes\\418.html",
        "//etc/passwd",
        "/index.html%00.txt",
        "/secret.txt",
    ] {
        let response = server.get(target);
        assert!(
            response.status == 400 || response.status == 404,
            "{target}: {}",
            response.status
        );
        assert!(!response.text().contains("TOP SECRET"), "{target}");
        assert!(!response.text().contains("[book]"), "{target}");
    }
}

#[test]
fn a_malformed_request_gets_400_and_the_server_keeps_serving() {
    let dir = site("table-only");
    let server = Server::start(dir.path());
    for garbage in [
        "GARBAGE\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "GET /\r\nHost\r\n\r\n",
        "\x00\x01\x02\r\n\r\n",
    ] {
        let raw = server.raw(garbage);
        let head = String::from_utf8_lossy(&raw);
        assert!(head.starts_with("HTTP/1.1 400 "), "{garbage:?}: {head}");
    }
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let dir = site("table-only");
    let server = Server::start(dir.path());
    let output = Command::new(env!("CARGO_BIN_EXE_statusbook"))
        .args(["serve", "-p", &server.port.to_string()])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("is already in use"), "{message}");
    assert!(message.contains("--port"), "{message}");
}

/// Opens the events stream and returns a reader of its lines.
fn events(server: &Server) -> mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .write_all(b"GET /__statusbook/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        .unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    lines
}

/// How long to wait for something the server does before giving up: not a measure of
/// speed (that is the benchmarks' job), only a guard against waiting forever.
const PATIENCE: Duration = Duration::from_secs(30);

fn wait_for(lines: &mpsc::Receiver<String>, text: &str, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let left = within.saturating_sub(started.elapsed());
        let line = lines
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no {text:?} within {within:?}"));
        if line.contains(text) {
            return started.elapsed();
        }
    }
}

#[test]
fn an_edit_reloads_open_pages_with_the_new_content() {
    let dir = site("table-only");
    let server = Server::start(dir.path());
    let page = server.get("/codes/418.html").text();
    assert!(
        page.contains("/__statusbook/livereload.js"),
        "pages get the reload script in serve mode"
    );
    assert!(
        server
            .get("/__statusbook/livereload.js")
            .text()
            .contains("EventSource")
    );
    let lines = events(&server);
    wait_for(&lines, "event: hello", PATIENCE);
    let table = dir.path().join("content/codes.txt");
    let edited = fs::read_to_string(&table)
        .unwrap()
        .replace("is text, not markup", "is now edited text");
    fs::write(&table, edited).unwrap();
    wait_for(&lines, "event: reload", PATIENCE);
    assert!(
        server
            .get("/codes/418.html")
            .text()
            .contains("is now edited text")
    );
    server.said("rebuilt 6 codes", PATIENCE);
}

#[test]
fn a_broken_edit_shows_the_error_while_the_last_good_site_is_served() {
    let dir = site("table-only");
    let server = Server::start(dir.path());
    let before = server.get("/codes/418.html").text();
    let lines = events(&server);
    wait_for(&lines, "event: hello", PATIENCE);
    let table = dir.path().join("content/codes.txt");
    let good = fs::read_to_string(&table).unwrap();
    fs::write(&table, format!("{good}\r\nthis line is not a code\r\n")).unwrap();
    wait_for(&lines, "event: problem", PATIENCE);
    wait_for(
        &lines,
        "expected a status code at the start of the line",
        PATIENCE,
    );
    let during = server.get("/codes/418.html");
    assert_eq!(during.status, 200);
    assert_eq!(during.text(), before, "the last good page is still served");
    let said = server.said("expected a status code", PATIENCE);
    assert!(said.contains("error"), "{said}");
    fs::write(&table, good).unwrap();
    wait_for(&lines, "event: reload", PATIENCE);
    // A page opened now sees no problem: the stream starts with hello only.
    let fresh = events(&server);
    wait_for(&fresh, "event: hello", PATIENCE);
    assert!(
        fresh
            .recv_timeout(Duration::from_millis(300))
            .map_or(true, |l| !l.contains("problem"))
    );
}

#[test]
fn a_site_that_does_not_build_is_served_as_its_error_until_fixed() {
    let dir = site("table-only");
    let table = dir.path().join("content/codes.txt");
    let good = fs::read_to_string(&table).unwrap();
    fs::write(&table, "oops\n").unwrap();
    let server = Server::start(dir.path());
    let page = server.get("/codes/418.html");
    assert_eq!(page.status, 503);
    assert!(
        page.text()
            .contains("expected a status code at the start of the line")
    );
    let lines = events(&server);
    wait_for(&lines, "event: problem", PATIENCE);
    fs::write(&table, good).unwrap();
    wait_for(&lines, "event: reload", PATIENCE);
    assert_eq!(server.get("/codes/418.html").status, 200);
}

#[test]
fn an_edited_code_page_is_served_before_the_full_rebuild_and_reloads_only_itself() {
    let dir = site("code-pages");
    let server = Server::start(dir.path());
    let lines = events(&server);
    wait_for(&lines, "event: hello", PATIENCE);
    let page = dir.path().join("content/codes/429.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(
        &page,
        text.replace("Wait as long as", "Back off for as long as"),
    )
    .unwrap();
    wait_for(&lines, "event: reload", PATIENCE);
    // The reload names the page that changed, so other open pages stay as they are.
    assert_eq!(lines.recv_timeout(PATIENCE).unwrap(), "data: 2");
    assert_eq!(
        lines.recv_timeout(PATIENCE).unwrap(),
        "data: codes/429.html"
    );
    assert!(
        server
            .get("/codes/429.html")
            .text()
            .contains("Back off for as long as")
    );
    let said = server.said("updated codes/429.html in", PATIENCE);
    assert!(said.ends_with(" ms"), "{said}");
    server.said("rebuilt 7 codes", PATIENCE);
}

#[test]
fn host_must_be_there_once_and_head_works_where_get_does() {
    let dir = site("table-only");
    let server = Server::start(dir.path());
    // RFC 9112 §3.2: an HTTP/1.1 request without Host, or with two, is a bad request.
    for request in [
        "GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
    ] {
        let head = String::from_utf8_lossy(&server.raw(request)).into_owned();
        assert!(head.starts_with("HTTP/1.1 400 "), "{request:?}: {head}");
    }
    let http10 = String::from_utf8_lossy(&server.raw("GET / HTTP/1.0\r\n\r\n")).into_owned();
    assert!(
        http10.starts_with("HTTP/1.0 200 ") || http10.starts_with("HTTP/1.1 200 "),
        "{http10}"
    );
    let events = server.request("HEAD", "/__statusbook/events", &[]);
    assert_eq!(events.status, 200);
    assert_eq!(events.header("content-type"), Some("text/event-stream"));
}

#[test]
fn slow_clients_are_closed_and_do_not_keep_others_out() {
    let dir = site("table-only");
    let server = Server::start(dir.path());
    // Clients that start a request and never finish its head.
    let slow: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            stream.write_all(b"GET / HTTP/1.1\r\nHost: 127").unwrap();
            stream
        })
        .collect();
    // Everyone else is still served.
    for _ in 0..20 {
        assert_eq!(server.get("/").status, 200);
    }
    // The slow ones are closed once the header timeout passes (15 s), not kept forever.
    for mut stream in slow {
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut rest = Vec::new();
        let closed = stream.read_to_end(&mut rest);
        assert!(closed.is_ok(), "the server closed it: {closed:?}");
    }
}

#[test]
fn served_pages_keep_the_bytes_a_build_writes() {
    let dir = site("table-only");
    // A page file that is not valid UTF-8 is copied as it is by build; serve does the same.
    std::fs::write(
        dir.path().join("content/legacy.html"),
        b"<!DOCTYPE html><html><head><title>x</title></head><body>caf\xe9</body></html>",
    )
    .unwrap();
    let server = Server::start(dir.path());
    let page = server.get("/legacy.html");
    assert_eq!(page.status, 200);
    assert!(
        page.body.windows(4).any(|w| w == b"caf\xe9"),
        "the byte 0xE9 is served as it is"
    );
}

#[test]
fn pages_are_sent_gzip_coded_to_clients_that_take_it_and_as_built_to_others() {
    let dir = site("table-only");
    let server = Server::start(dir.path());
    let plain = server.get("/codes/503.html");
    let zipped = server.request("GET", "/codes/503.html", &[("Accept-Encoding", "gzip, br")]);
    assert_eq!((plain.status, zipped.status), (200, 200));
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    assert_eq!(zipped.header("vary"), Some("Accept-Encoding"));
    assert_ne!(plain.header("etag"), zipped.header("etag"));
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&zipped.body[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, plain.body, "the same page either way");
    assert!(zipped.body.len() * 3 < plain.body.len(), "compressed");
}

#[test]
fn out_of_file_descriptors_the_server_waits_instead_of_spinning() {
    let dir = site("table-only");
    // A server allowed few open files, and more clients than that.
    let mut child = Command::new("bash")
        .arg("-c")
        .arg("ulimit -n 48 && exec \"$0\" serve -p 0 \"$1\"")
        .arg(env!("CARGO_BIN_EXE_statusbook"))
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let port: u16 = loop {
        let line = lines.next().expect("the server starts").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    // CPU time the server's connection handling uses while it cannot accept: ticks of user
    // and system time of its main thread and tokio's workers. A rebuild the watcher may run
    // meanwhile (for the copying of the site) has threads of its own, and is not counted.
    let ticks = || {
        let mut sum = 0;
        for task in std::fs::read_dir(format!("/proc/{}/task", child.id())).unwrap() {
            let task = task.unwrap().path();
            let name = std::fs::read_to_string(task.join("comm")).unwrap_or_default();
            let main = task.file_name().unwrap().to_string_lossy() == child.id().to_string();
            if !main && name.trim() != "tokio-rt-worker" {
                continue;
            }
            let stat = std::fs::read_to_string(task.join("stat")).unwrap_or_default();
            let fields: Vec<&str> = stat.rsplit(") ").next().unwrap().split(' ').collect();
            sum += fields[11].parse::<u64>().unwrap_or(0) + fields[12].parse::<u64>().unwrap_or(0);
        }
        sum
    };
    // The watcher may still report the copying of the site and rebuild it once: measure
    // only after the server has been idle for a moment.
    for _ in 0..50 {
        let before = ticks();
        std::thread::sleep(Duration::from_millis(300));
        if ticks() - before <= 1 {
            break;
        }
    }
    let clients: Vec<TcpStream> = (0..100)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    let before = ticks();
    std::thread::sleep(PATIENCE);
    let used = ticks() - before;
    drop(clients);
    let _ = child.kill();
    let _ = child.wait();
    // Spinning on accept burns the whole two seconds (about 200 ticks); waiting, almost none.
    assert!(used < 60, "the server used {used} ticks of CPU in 2 s");
}
