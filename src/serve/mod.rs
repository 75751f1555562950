//! `serve`: builds the site in memory, serves it over HTTP on loopback, rebuilds when its
//! files change and tells open pages to reload (Server-Sent Events). A failed rebuild is
//! shown in the terminal and over the page, while the last good site keeps being served.
//!
//! One job per module: [`respond`] holds the HTTP rules (what a request gets), `http` runs
//! the connections, `events` streams reloads to open pages, `watch` notices changed inputs
//! and `rebuild` turns them into newly served files. This module starts them and holds what
//! they share.

mod events;
mod http;
mod rebuild;
pub mod respond;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::broadcast;

use crate::base::diagnostic::Diagnostic;
use respond::Served;

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

/// A message for the pages listening on [`respond::EVENTS_PATH`].
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
    let loaded = rebuild::rebuild(&root, &shared, &*report, false);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the server: {e}")))?;
    runtime.spawn(http::accept(listener, Arc::clone(&shared)));

    watch::watch(root, shared, report, loaded)?;
    Ok(Server { address, runtime })
}
