//! The dev server's connections: accepting them within limits, and answering each request
//! from the files being served (by the rules in [`super::respond`]) or with the event stream.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full, combinators::BoxBody};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};

use super::Shared;
use super::respond::{self, EVENTS_PATH, Request};

/// How many connections the dev server keeps at once (each open page holds one for reloads).
const MAX_CONNECTIONS: usize = 256;
/// How long a client may take to send a request head, or leave a connection idle.
const HEADER_TIMEOUT: Duration = Duration::from_secs(15);
/// The first wait after a failed accept, doubling to a second.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(20);

/// Accepts connections on `listener` (already non-blocking) for as long as the runtime runs,
/// and serves each on a task of its own.
pub(super) async fn accept(listener: std::net::TcpListener, shared: Arc<Shared>) {
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
        let shared = Arc::clone(&shared);
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
}

/// A response body, whole or streamed.
pub(super) type Body = BoxBody<Bytes, Infallible>;

/// Answers one request: the event stream, or a served file by the rules of [`respond`].
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
        return Ok(super::events::stream(&shared));
    }
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (if_none_match, if_modified_since) = (header("if-none-match"), header("if-modified-since"));
    let gzip = respond::accepts_gzip(header("accept-encoding").as_deref());
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
                gzip,
            },
        )
    };
    let mut response = hyper::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        response = response.header(*name, value);
    }
    let body = Full::new(reply.body).boxed();
    Ok(response
        .body(body)
        .unwrap_or_else(|_| hyper::Response::new(Full::new(Bytes::from_static(b"")).boxed())))
}
