//! Server-Sent Events to the open pages: they reload when their page (or something every
//! page uses) changed, and show a failed build's problems over the page.

use std::convert::Infallible;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use tokio::sync::broadcast;

use super::http::Body;
use super::{Push, Shared};

/// A Server-Sent Events stream: `hello` with the site's generation, the current problem if
/// any, then `reload` or `problem` after every rebuild.
pub(super) fn stream(shared: &Shared) -> hyper::Response<Body> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_server_sent_event_text() {
        assert_eq!(
            event("problem", "error: x\n --> a:1:2"),
            "event: problem\ndata: error: x\ndata:  --> a:1:2\n\n"
        );
    }
}
