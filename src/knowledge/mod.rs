//! The built-in knowledge base: what HTTP (or, for an unregistered code, the vendor that
//! returns it) says about each status code, compiled in from `data/knowledge/*.toml`.
//!
//! A site built from a bare code table gets its explanations, causes, client advice,
//! retry and caching facts and headers from here; a written page adds to them or replaces
//! them section by section (see [`crate::render::sections`]).

pub mod registry;

use std::borrow::Cow;

use serde::Serialize;

/// What is known about one status code.
#[derive(Debug)]
pub struct Entry {
    /// The code.
    pub code: u32,
    /// Its reason phrase: the registered one, or the one its users give it.
    pub reason: &'static str,
    /// The section that defines it (`RFC 9110 §15.5.10`); none for unregistered codes.
    pub spec: Option<&'static str>,
    /// Who returns it, for a code not in the IANA registry (`nginx`).
    pub used_by: Option<&'static str>,
    /// The documentation that defines an unregistered code, by name.
    pub source: Option<&'static str>,
    /// One sentence: what the code tells a client.
    pub summary: &'static str,
    /// What the code means, as Markdown paragraphs.
    pub meaning: &'static str,
    /// Common causes, one sentence (Markdown) each.
    pub causes: &'static [&'static str],
    /// What a client should do, one step (Markdown) each.
    pub client: &'static [&'static str],
    /// Whether and how to repeat the request, as Markdown.
    pub retrying: &'static str,
    /// Whether caches may store it, as Markdown.
    pub caching: &'static str,
    /// Heuristically cacheable (RFC 9110 §15.1).
    pub cacheable: bool,
    /// Codes a reader needs next.
    pub related: &'static [u32],
    /// Earlier reason phrases, with the document that used each.
    pub former_names: &'static [FormerName],
    /// Names people search for.
    pub nicknames: &'static [&'static str],
    /// The request and response headers that matter for it.
    pub headers: &'static [Header],
    /// What a client does next.
    pub policy: Policy,
}

/// An earlier reason phrase of a code.
#[derive(Debug)]
pub struct FormerName {
    /// The phrase (`Payload Too Large`).
    pub name: &'static str,
    /// The document that used it (`RFC 7231 §6.5.11`).
    pub source: &'static str,
}

/// A header that matters for a code.
#[derive(Debug)]
pub struct Header {
    /// Its name (`Retry-After`).
    pub name: &'static str,
    /// Whether the client sends it or the server.
    pub direction: Direction,
    /// Why it matters for this code.
    pub why: &'static str,
    /// The section that defines it.
    pub spec: &'static str,
}

/// Who sends a header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The client, in the request.
    Request,
    /// The server, in the response.
    Response,
}

/// What a client does after receiving a code: the one policy that the facts box, the
/// examples and the client snippets all follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Whether and when to repeat the request.
    pub retry: Retry,
    /// For [`Retry::AfterChange`]: what must happen first ("fresh credentials").
    pub retry_when: Option<Cow<'static, str>>,
    /// Whether the response may carry `Retry-After`, which the client honours.
    pub retry_after: bool,
    /// Whether only idempotent requests (or ones with an idempotency key) may be repeated
    /// automatically.
    pub idempotent_only: bool,
    /// For [`Retry::Wait`] and [`Retry::Backoff`]: attempts in all, the first included.
    pub attempts: Option<u32>,
    /// For [`Retry::Wait`] and [`Retry::Backoff`]: the most time, in seconds, a client spends
    /// waiting in all; a wait that would go past it ends the retries instead. Without it,
    /// [`Policy::max_wait`] gives a default.
    pub max_wait: Option<u32>,
}

/// Whether and when a client repeats a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Retry {
    /// Not an error (1xx, 2xx, 304): there is nothing to repeat.
    None,
    /// A redirect: follow `Location` instead.
    Redirect,
    /// The request is wrong: repeating it unchanged fails the same way.
    Fix,
    /// Repeat once something specific has changed (see [`Policy::retry_when`]).
    AfterChange,
    /// The condition passes with time: wait, honouring `Retry-After`, then repeat.
    Wait,
    /// A transient failure: repeat with exponential backoff.
    Backoff,
}

impl Policy {
    /// The policy when nothing is known about a code but its class (RFC 9110 §15: a client
    /// treats an unknown code as the `x00` code of its class).
    pub fn for_class(code: u32) -> Policy {
        let retry = match code / 100 {
            1 | 2 => Retry::None,
            3 => Retry::Redirect,
            4 => Retry::Fix,
            _ => Retry::Backoff,
        };
        Policy {
            retry,
            retry_when: None,
            retry_after: false,
            idempotent_only: retry == Retry::Backoff,
            attempts: (retry == Retry::Backoff).then_some(3),
            max_wait: None,
        }
    }

    /// How many attempts a client makes in all, the first included: one unless the policy
    /// waits or backs off.
    pub fn attempts(&self) -> u32 {
        match self.retry {
            Retry::Wait | Retry::Backoff => self.attempts.unwrap_or(3).max(1),
            _ => 1,
        }
    }

    /// The most time, in seconds, a client spends waiting between attempts in all: the
    /// policy's own, else 15 minutes for a condition that passes with time (long enough for
    /// a typical `Retry-After` of a rate limit or short maintenance) and one minute for a
    /// transient failure; none for a policy that does not repeat the request.
    pub fn max_wait(&self) -> u32 {
        match self.retry {
            Retry::Wait => self.max_wait.unwrap_or(900),
            Retry::Backoff => self.max_wait.unwrap_or(60),
            // A policy that does not repeat the request does not wait either.
            _ => 0,
        }
    }

    /// Whether repeating the same request later may succeed without changing it.
    pub fn is_retryable(&self) -> bool {
        matches!(self.retry, Retry::Wait | Retry::Backoff)
    }

    /// The policy a page's `retryable = …` asks for instead of this one: a code made
    /// retryable waits (honouring `Retry-After`) and tries three times; one made not
    /// retryable must be fixed first. A policy that already agrees stays as it is.
    pub fn with_retryable(self, retryable: bool) -> Policy {
        if retryable == self.is_retryable() {
            return self;
        }
        if retryable {
            Policy {
                retry: Retry::Wait,
                retry_when: None,
                retry_after: true,
                idempotent_only: self.idempotent_only,
                attempts: Some(self.attempts.unwrap_or(3)),
                max_wait: self.max_wait,
            }
        } else {
            Policy {
                retry: Retry::Fix,
                retry_when: None,
                retry_after: false,
                idempotent_only: false,
                attempts: None,
                max_wait: None,
            }
        }
    }

    /// The facts box's answer to "Retry?".
    pub fn fact(&self) -> String {
        match self.retry {
            Retry::None => "No: not an error".to_string(),
            Retry::Redirect => "No: follow the redirect".to_string(),
            Retry::Fix => "Not unchanged: fix the request first".to_string(),
            Retry::AfterChange => match &self.retry_when {
                Some(when) => format!("After {when}"),
                None => "After changing the request".to_string(),
            },
            Retry::Wait if self.retry_after => "Yes, after the wait in Retry-After".to_string(),
            Retry::Wait => "Yes, after a wait".to_string(),
            Retry::Backoff if self.idempotent_only => {
                "Yes, with backoff (idempotent requests)".to_string()
            }
            Retry::Backoff => "Yes, with backoff".to_string(),
        }
    }
}

/// One of the sections a code page gets from the knowledge base.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Section {
    /// Its id on the page, and how front matter's `builtin = [...]` names it.
    pub id: &'static str,
    /// Its heading.
    pub title: &'static str,
    /// Other headings (as ids) that a written page may use to replace it.
    pub also: &'static [&'static str],
}

/// The built-in sections of a code page, in the order they are shown.
pub const SECTIONS: [Section; 6] = [
    Section {
        id: "what-http-says",
        title: "What HTTP says",
        also: &["in-http", "what-it-means-in-http"],
    },
    Section {
        id: "common-causes",
        title: "Common causes",
        also: &["causes"],
    },
    Section {
        id: "what-the-client-should-do",
        title: "What the client should do",
        also: &[
            "what-to-do",
            "how-to-fix-it",
            "client-behaviour",
            "client-behavior",
        ],
    },
    Section {
        id: "retrying",
        title: "Retrying",
        also: &["retry", "retries"],
    },
    Section {
        id: "caching",
        title: "Caching",
        also: &["cache"],
    },
    Section {
        id: "headers",
        title: "Headers",
        also: &["headers-that-matter"],
    },
];

/// The built-in section a heading (as its id, `common-causes`) stands for, if any.
pub fn section_named(id: &str) -> Option<&'static Section> {
    SECTIONS.iter().find(|s| s.id == id || s.also.contains(&id))
}

/// Status codes in the order a developer meets them, most often first: the tie-breaker
/// search uses between equally good matches (`unavailable` finds 503 before 451). Our
/// judgement from the codes APIs and proxies commonly send, not a measurement; codes not
/// listed come after these, in code order.
pub const MOST_MET: &[u32] = &[
    200, 404, 500, 401, 403, 400, 429, 503, 301, 302, 304, 201, 204, 502, 504, 409, 422, 405, 415,
    408, 410, 413, 412, 406, 307, 308, 303, 206, 202, 100, 101, 418, 501, 505, 414, 416, 417, 411,
    402, 407, 421, 423, 424, 425, 426, 428, 431, 451, 103, 102, 104, 203, 205, 207, 208, 226, 300,
    305, 306, 506, 507, 508, 510, 511,
];

/// Every entry, in code order (compiled from `data/knowledge/*.toml` by `build.rs`).
pub fn all() -> &'static [Entry] {
    ENTRIES
}

static ENTRIES: &[Entry] = include!(concat!(env!("OUT_DIR"), "/knowledge.rs"));

/// The entry for `code`, if the knowledge base has one.
pub fn lookup(code: u32) -> Option<&'static Entry> {
    ENTRIES
        .binary_search_by_key(&code, |e| e.code)
        .ok()
        .map(|i| &ENTRIES[i])
}

#[cfg(test)]
mod tests;
