//! `serve`: builds the site in memory, serves it over HTTP on loopback, rebuilds when its
//! files change and tells open pages to reload (Server-Sent Events). A failed rebuild is
//! shown in the terminal and over the page, while the last good site keeps being served.
//!
//! [`respond`] holds the HTTP rules; this module runs the server, the watcher and rebuilds.

pub mod respond;

use std::collections::{BTreeSet, HashMap};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant, SystemTime};

use http_body_util::{BodyExt, Full, combinators::BoxBody};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use notify::RecursiveMode;
use tokio::sync::broadcast;

use crate::base::diagnostic::{self, Diagnostic};
use crate::outputs::Output;
use crate::site;
use respond::{EVENTS_PATH, LIVERELOAD_PATH, Request, Served, ServedFile};

/// What the server tells its caller, to show to the user.
pub enum Event {
    /// The site was (re)built.
    Built {
        /// How long the build took.
        took: Duration,
        /// How many codes it has.
        codes: usize,
        /// Problems that did not stop it.
        warnings: Vec<Diagnostic>,
        /// Whether this is a rebuild after a change.
        rebuild: bool,
    },
    /// Edited pages were re-rendered on their own, ahead of the full rebuild that follows.
    Updated {
        /// Their site paths.
        pages: Vec<String>,
        /// From noticing the change to serving the new pages.
        took: Duration,
    },
    /// A (re)build failed; the last good site is still served.
    Failed(Vec<Diagnostic>),
}

/// A running server.
pub struct Server {
    /// Where it listens.
    pub address: SocketAddr,
    runtime: tokio::runtime::Runtime,
}

impl Server {
    /// Serves until Ctrl+C.
    pub fn run_until_interrupted(self) {
        self.runtime.block_on(async {
            let _ = tokio::signal::ctrl_c().await;
        });
    }
}

/// A message for the pages listening on [`EVENTS_PATH`].
#[derive(Clone, Debug)]
enum Push {
    /// The site's new generation, and the site paths of the pages that should reload
    /// ([`EVERY_PAGE`] when the change is to something every page uses, such as CSS).
    Reload(u64, Vec<String>),
    Problem(String),
}

/// In a reload message, stands for every page.
const EVERY_PAGE: &str = "*";

type Report = dyn Fn(Event) + Send + Sync;

/// How many connections the dev server keeps at once (each open page holds one for reloads).
const MAX_CONNECTIONS: usize = 256;
/// How long a client may take to send a request head, or leave a connection idle.
const HEADER_TIMEOUT: Duration = Duration::from_secs(15);
/// The first wait after a failed accept, doubling to a second.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(20);

struct Shared {
    served: RwLock<Served>,
    pushes: broadcast::Sender<Push>,
}

/// Builds the site in `root`, then serves it on `address` and watches it for changes.
/// `report` is called for every build; it must not block.
pub fn start(
    root: PathBuf,
    address: SocketAddr,
    report: Arc<dyn Fn(Event) + Send + Sync>,
) -> Result<Server, Diagnostic> {
    let listener = std::net::TcpListener::bind(address).map_err(|error| {
        let problem = match error.kind() {
            std::io::ErrorKind::AddrInUse => format!("{address} is already in use"),
            _ => format!("cannot listen on {address}: {}", crate::base::source::io_reason(&error)),
        };
        Diagnostic::error(problem).hint(format!(
            "stop the other server, or choose another port: --port {} (or --port 0 for any free one)",
            address.port().wrapping_add(1).max(1024)
        ))
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Diagnostic::error(format!("cannot listen on {address}: {e}")))?;
    let address = listener.local_addr().unwrap_or(address);

    let (pushes, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        served: RwLock::new(Served::default()),
        pushes,
    });
    let loaded = rebuild(&root, &shared, &*report, false);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the server: {e}")))?;
    let accept = Arc::clone(&shared);
    runtime.spawn(async move {
        let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
            return;
        };
        let connections = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
        let mut backoff = ACCEPT_BACKOFF;
        loop {
            // At most MAX_CONNECTIONS at once; the others wait in the listen queue.
            let Ok(permit) = Arc::clone(&connections).acquire_owned().await else {
                return;
            };
            let stream = match listener.accept().await {
                Ok((stream, _)) => {
                    backoff = ACCEPT_BACKOFF;
                    stream
                }
                Err(_) => {
                    // Out of file descriptors, say: wait for some to close, not spin.
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(1));
                    continue;
                }
            };
            let shared = Arc::clone(&accept);
            tokio::spawn(async move {
                let service = service_fn(move |request| handle(Arc::clone(&shared), request));
                // A malformed request gets a 400 from hyper and ends only its own connection;
                // a client that sends no complete request head in time, whether it is slow
                // or an idle keep-alive connection, is closed.
                let _ = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
                drop(permit);
            });
        }
    });

    watch(root, shared, report, loaded)?;
    Ok(Server { address, runtime })
}

/// Rebuilds the site into `shared`, and tells the pages whose content changed. Returns the
/// site as loaded, for later edits of single pages, if it built.
fn rebuild(
    root: &Path,
    shared: &Shared,
    report: &Report,
    is_rebuild: bool,
) -> Option<site::Loaded> {
    let started = Instant::now();
    let loaded = match site::load(root) {
        Ok(loaded) => loaded,
        Err(problems) => return fail(shared, report, problems),
    };
    let built = match loaded.render() {
        Ok(built) => built,
        Err(problems) => return fail(shared, report, problems),
    };
    {
        let mut served = shared.served.write().unwrap_or_else(|e| e.into_inner());
        let was_failing = served.problem.is_some();
        let changed = update(&mut served, &built.output, SystemTime::now());
        if let Some(pages) = to_reload(&changed, was_failing) {
            let _ = shared.pushes.send(Push::Reload(served.generation, pages));
        }
    }
    report(Event::Built {
        took: started.elapsed(),
        codes: built.codes,
        warnings: built.warnings,
        rebuild: is_rebuild,
    });
    Some(loaded)
}

/// Shows a failed build's problems in the terminal and over the open pages.
fn fail(shared: &Shared, report: &Report, problems: Vec<Diagnostic>) -> Option<site::Loaded> {
    let text = diagnostic::render(&problems, false);
    shared
        .served
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .problem = Some(text.clone());
    let _ = shared.pushes.send(Push::Problem(text));
    report(Event::Failed(problems));
    None
}

/// Re-renders the pages of codes whose `codes/<code>.md` files are all that changed, and
/// serves them at once: an edit shows in milliseconds whatever the size of the site. The full
/// rebuild that follows brings the rest (the index, search, checks of links across pages).
/// For any other change, or a page that does not read or render cleanly, nothing is served
/// and the full rebuild, which replaces `loaded`, is left to report it.
fn quick_update(
    root: &Path,
    absolute: &Path,
    changed: &BTreeSet<PathBuf>,
    loaded: &mut site::Loaded,
    shared: &Shared,
    report: &Report,
    started: Instant,
) {
    let src = absolute.join(loaded.content_dir());
    let mut pages = Vec::new();
    for path in changed {
        if !path.exists() {
            // An editor's temporary file, already renamed over the page it saves; or a file
            // deleted, which the full rebuild deals with.
            continue;
        }
        let Ok(relative) = path.strip_prefix(&src) else {
            return;
        };
        let mut parts = relative.iter();
        let (Some(dir), Some(name), None) = (parts.next(), parts.next(), parts.next()) else {
            return;
        };
        let is_code = Path::new(name)
            .file_stem()
            .is_some_and(|stem| stem.to_str().is_some_and(|s| s.parse::<u16>().is_ok()));
        if dir != crate::input::content::CODES_DIR || !is_code || !path.is_file() {
            return;
        }
        pages.push(relative.to_path_buf());
    }
    let config = &loaded.site.config;
    let mut read = Vec::new();
    for relative in &pages {
        let (item, problems) = crate::input::content::read_item(root, config, relative);
        match item {
            Some(crate::input::content::Item::Code(page))
                if !problems.iter().any(Diagnostic::is_error) =>
            {
                read.push(*page)
            }
            _ => return,
        }
    }
    let mut positions = Vec::new();
    for page in read {
        match crate::model::replace_page(&mut loaded.site, page) {
            Ok(i) => positions.push(i),
            Err(_) => return,
        }
    }
    // The same generators as a build, restricted to the edited codes' files.
    let mut rendered: Vec<(String, Vec<u8>)> = Vec::new();
    for i in positions {
        for generator in crate::outputs::all() {
            let done =
                generator.render_code(&loaded.site, &loaded.templates, i, &mut |path, bytes| {
                    rendered.push((path, bytes))
                });
            if done.is_err() {
                return;
            }
        }
    }
    let now = SystemTime::now();
    let mut served = shared.served.write().unwrap_or_else(|e| e.into_inner());
    if served.problem.is_some() {
        // Only a full rebuild can tell whether the problem shown is fixed.
        return;
    }
    let mut paths = Vec::new();
    for (path, bytes) in rendered {
        let (file, changed) = served_file(&path, &bytes, served.files.get(&path), now);
        if changed {
            paths.push(path.clone());
        }
        served.files.insert(path, file);
    }
    served.generation += 1;
    let _ = shared
        .pushes
        .send(Push::Reload(served.generation, paths.clone()));
    drop(served);
    // The pages a reader opens; fragments, re-rendered with them, are for other sites.
    let fragments = format!("{}/", crate::render::pages::FRAGMENTS_DIR);
    report(Event::Updated {
        pages: paths
            .into_iter()
            .filter(|p| !p.starts_with(&fragments))
            .collect(),
        took: started.elapsed(),
    });
}

/// Replaces the served files with a new build, adding the reload script to every page and
/// keeping the modification time of files whose bytes did not change. Returns the site paths
/// of the files that are new, changed or gone.
fn update(served: &mut Served, output: &Output, now: SystemTime) -> Vec<String> {
    let mut files = HashMap::with_capacity(output.len());
    let mut changed = Vec::new();
    for (path, bytes) in output.files() {
        let old = served.files.remove(path);
        let (file, is_changed) = served_file(path, bytes, old.as_ref(), now);
        if is_changed {
            changed.push(path.to_string());
        }
        files.insert(path.to_string(), file);
    }
    changed.extend(served.files.drain().map(|(path, _)| path));
    served.files = files;
    served.generation += 1;
    served.problem = None;
    changed
}

/// A file as served, and whether it differs from `old`: pages get the reload script; the
/// time is kept if the bytes are the same.
fn served_file(
    path: &str,
    bytes: &[u8],
    old: Option<&ServedFile>,
    now: SystemTime,
) -> (ServedFile, bool) {
    let bytes = if path.ends_with(".html") {
        with_reload_script(path, bytes)
    } else {
        bytes.to_vec()
    };
    let etag = entity_tag(&bytes);
    let (modified, changed) = match old {
        Some(old) if old.etag == etag => (old.modified, false),
        _ => (now, true),
    };
    let file = ServedFile {
        bytes,
        etag,
        modified,
    };
    (file, changed)
}

/// Which open pages should reload after these files changed: none, some, or every page when
/// something they all use changed (a style sheet, a script, an image) or a problem shown over
/// them is fixed. Data files the pages do not load (the search index is loaded on demand,
/// exports and fragments are for other programs) reload nothing.
fn to_reload(changed: &[String], was_failing: bool) -> Option<Vec<String>> {
    let is_data = |path: &str| {
        path.ends_with(".html")
            || path.ends_with(".json")
            || path.ends_with(".xml")
            || path.ends_with(".md")
            || path.ends_with(".txt")
            || path.starts_with(&format!("{}/", crate::outputs::search::DIR))
            || path.starts_with(&format!("{}/", crate::outputs::mkdocs::DIR))
    };
    if was_failing || changed.iter().any(|path| !is_data(path)) {
        return Some(vec![EVERY_PAGE.to_string()]);
    }
    let pages: Vec<String> = changed
        .iter()
        .filter(|path| path.ends_with(".html"))
        .cloned()
        .collect();
    (!pages.is_empty()).then_some(pages)
}

/// The page with the reload script, which is told the page's own path so it reloads only when
/// that page changed. The page's own bytes are kept exactly as a build writes them, even
/// when they are not UTF-8.
fn with_reload_script(path: &str, html: &[u8]) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{LIVERELOAD_PATH}\" data-page=\"{}\" defer></script>\n",
        crate::base::html::escape(path)
    );
    let at = html
        .windows(b"</head>".len())
        .position(|w| w == b"</head>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn entity_tag(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("\"{:016x}-{:x}\"", hasher.finish(), bytes.len())
}

type Body = BoxBody<Bytes, Infallible>;

async fn handle(
    shared: Arc<Shared>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Body>, Infallible> {
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let hosts = request
        .headers()
        .get_all(hyper::header::HOST)
        .iter()
        .count();
    let http11 = request.version() == hyper::Version::HTTP_11;
    if target.split('?').next() == Some(EVENTS_PATH)
        && request.method() == hyper::Method::GET
        && (!http11 || hosts == 1)
    {
        return Ok(events(&shared));
    }
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (if_none_match, if_modified_since) = (header("if-none-match"), header("if-modified-since"));
    let reply = {
        let served = shared.served.read().unwrap_or_else(|e| e.into_inner());
        respond::respond(
            &served,
            &Request {
                method: request.method().as_str(),
                target: &target,
                hosts: if http11 { hosts } else { 1 },
                if_none_match: if_none_match.as_deref(),
                if_modified_since: if_modified_since.as_deref(),
            },
        )
    };
    let mut response = hyper::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(*name, value);
    }
    let body = Full::new(Bytes::from(reply.body)).boxed();
    Ok(response
        .body(body)
        .unwrap_or_else(|_| hyper::Response::new(Full::new(Bytes::from_static(b"")).boxed())))
}

/// A Server-Sent Events stream: `hello` with the site's generation, the current problem if
/// any, then `reload` or `problem` after every rebuild.
fn events(shared: &Shared) -> hyper::Response<Body> {
    let mut pushes = shared.pushes.subscribe();
    let (generation, problem) = {
        let served = shared.served.read().unwrap_or_else(|e| e.into_inner());
        (served.generation, served.problem.clone())
    };
    let (mut sender, body) = http_body_util::channel::Channel::<Bytes, Infallible>::new(8);
    tokio::spawn(async move {
        let mut first = format!("retry: 1000\nevent: hello\ndata: {generation}\n\n");
        if let Some(problem) = problem {
            first.push_str(&event("problem", &problem));
        }
        if sender.send_data(Bytes::from(first)).await.is_err() {
            return;
        }
        let period = Duration::from_secs(20);
        let mut keepalive = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        loop {
            let message = tokio::select! {
                push = pushes.recv() => match push {
                    Ok(Push::Reload(generation, pages)) => {
                        event("reload", &format!("{generation}\n{}", pages.join("\n")))
                    }
                    Ok(Push::Problem(text)) => event("problem", &text),
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => break,
                },
                _ = keepalive.tick() => ": keepalive\n\n".to_string(),
            };
            if sender.send_data(Bytes::from(message)).await.is_err() {
                break;
            }
        }
    });
    let body = body.boxed();
    hyper::Response::builder()
        .header("Content-Type", "text/event-stream")
        .header("Cache-Control", "no-store")
        .body(body)
        .unwrap_or_else(|_| hyper::Response::new(Full::new(Bytes::new()).boxed()))
}

fn event(name: &str, data: &str) -> String {
    let mut text = format!("event: {name}\n");
    for line in data.lines() {
        text.push_str("data: ");
        text.push_str(line);
        text.push('\n');
    }
    text.push('\n');
    text
}

/// Watches the site's inputs and rebuilds after changes, on a thread of its own. Changes
/// arriving within [`SETTLE`] of each other (an editor saving several files, a `git
/// checkout`) cause one rebuild; edited code pages are served before it (see [`quick_update`]).
fn watch(
    root: PathBuf,
    shared: Arc<Shared>,
    report: Arc<Report>,
    mut loaded: Option<site::Loaded>,
) -> Result<(), Diagnostic> {
    // Events name absolute paths; builds keep the folder as the user wrote it, for messages.
    let absolute = root.canonicalize().unwrap_or_else(|_| root.clone());
    let (sender, changes) = mpsc::channel::<notify::Event>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            let _ = sender.send(event);
        }
    })
    .map_err(|e| Diagnostic::error(format!("cannot watch {} for changes: {e}", root.display())))?;
    let mut watched = BTreeSet::new();
    rewatch(&absolute, &mut watcher, &mut watched);
    std::thread::spawn(move || {
        while let Ok(event) = changes.recv() {
            let mut changed = inputs(&absolute, &watched, &event);
            if changed.is_empty() {
                continue;
            }
            let started = Instant::now();
            // Let a burst of changes settle, then rebuild once for all of them.
            while let Ok(event) = changes.recv_timeout(SETTLE) {
                changed.extend(inputs(&absolute, &watched, &event));
            }
            if let Some(loaded) = loaded.as_mut() {
                quick_update(
                    &root, &absolute, &changed, loaded, &shared, &*report, started,
                );
            }
            loaded = rebuild(&root, &shared, &*report, true);
            rewatch(&absolute, &mut watcher, &mut watched);
        }
    });
    Ok(())
}

/// How long the watcher waits for more changes before rebuilding.
const SETTLE: Duration = Duration::from_millis(25);

/// The inputs of the site an event changes: none for a mere read (a build reads every file),
/// the build folder or an editor's swap file.
fn inputs(
    root: &Path,
    watched: &BTreeSet<(PathBuf, bool)>,
    event: &notify::Event,
) -> BTreeSet<PathBuf> {
    use notify::EventKind;
    if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
        return BTreeSet::new();
    }
    event
        .paths
        .iter()
        .filter(|path| is_input(root, watched, path))
        .cloned()
        .collect()
}

/// What to watch: the site folder itself (for book.toml), the content and templates folders,
/// and the folders of additional CSS and JS files, as book.toml now says.
fn watch_list(root: &Path) -> BTreeSet<(PathBuf, bool)> {
    let mut list = BTreeSet::from([(root.to_path_buf(), false)]);
    let config = site::load_config(root).unwrap_or_default();
    list.insert((root.join(&config.book.src), true));
    list.insert((root.join(crate::input::templates::TEMPLATES_DIR), true));
    for file in config
        .html
        .additional_css
        .iter()
        .chain(&config.html.additional_js)
    {
        if let Some(parent) = root.join(&file.value).parent() {
            list.insert((parent.to_path_buf(), false));
        }
    }
    list
}

fn rewatch(
    root: &Path,
    watcher: &mut notify::RecommendedWatcher,
    watched: &mut BTreeSet<(PathBuf, bool)>,
) {
    use notify::Watcher;
    for (path, recursive) in watch_list(root) {
        if watched.contains(&(path.clone(), recursive)) || !path.exists() {
            continue;
        }
        let mode = if recursive {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        if watcher.watch(&path, mode).is_ok() {
            watched.insert((path, recursive));
        }
    }
}

/// Whether a changed path is an input of the site (not, say, the build folder or an editor's
/// swap file).
fn is_input(root: &Path, watched: &BTreeSet<(PathBuf, bool)>, path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
        return false;
    }
    if path.parent() == Some(root) {
        // In the site folder itself only book.toml, or the appearance of a watched folder, matters.
        return name == site::CONFIG_FILE || watched.iter().any(|(dir, _)| dir == path);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_get_the_reload_script_and_unchanged_files_keep_their_time() {
        let mut output = Output::default();
        output.insert_generated(
            "index.html",
            b"<html><head><title>x</title></head></html>".to_vec(),
        );
        output.insert_generated("a.css", b"a{}".to_vec());
        let mut served = Served::default();
        let t1 = SystemTime::UNIX_EPOCH + Duration::from_secs(100);
        update(&mut served, &output, t1);
        let page = String::from_utf8(served.files["index.html"].bytes.clone()).unwrap();
        assert!(
            page.contains("<script src=\"/__statusbook/livereload.js\" data-page=\"index.html\" defer></script>\n</head>")
        );
        let mut changed = Output::default();
        changed.insert_generated("index.html", b"<html><head></head>new</html>".to_vec());
        changed.insert_generated("a.css", b"a{}".to_vec());
        let t2 = t1 + Duration::from_secs(5);
        update(&mut served, &changed, t2);
        assert_eq!(served.files["a.css"].modified, t1);
        assert_eq!(served.files["index.html"].modified, t2);
        assert_eq!(served.generation, 2);
    }

    #[test]
    fn events_are_server_sent_event_text() {
        assert_eq!(
            event("problem", "error: x\n --> a:1:2"),
            "event: problem\ndata: error: x\ndata:  --> a:1:2\n\n"
        );
    }
}
