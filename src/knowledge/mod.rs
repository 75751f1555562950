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
mod tests {
    use super::*;
    use crate::knowledge::registry;

    /// Codes outside the IANA registry that APIs and proxies commonly return, which the
    /// knowledge base must know.
    const UNREGISTERED: [u32; 16] = [
        420, 440, 444, 494, 495, 496, 497, 498, 499, 520, 521, 522, 523, 524, 525, 526,
    ];
    const UNREGISTERED_MORE: [u32; 2] = [527, 530];

    /// RFC 9110 §15.1: the codes that specification defines as heuristically cacheable.
    const HEURISTICALLY_CACHEABLE: [u32; 12] =
        [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501];

    /// `RFC 9110 §15.5.10` → (`9110`, Some(`15.5.10`)).
    fn citation(spec: &str) -> (String, Option<String>) {
        let rest = spec.trim_start_matches("RFC").trim();
        match rest.split_once(" §") {
            Some((number, section)) => (number.to_string(), Some(section.to_string())),
            None => (rest.to_string(), None),
        }
    }

    #[test]
    fn every_registered_code_and_every_common_unregistered_one_has_an_entry() {
        let missing: Vec<u32> = registry::all()
            .iter()
            .map(|r| r.code)
            .chain(UNREGISTERED)
            .chain(UNREGISTERED_MORE)
            .filter(|&code| lookup(code).is_none())
            .collect();
        assert!(missing.is_empty(), "no entry for {missing:?}");
        let codes: Vec<u32> = all().iter().map(|e| e.code).collect();
        let mut unique = codes.clone();
        unique.dedup();
        assert_eq!(codes, unique, "each code once");
    }

    #[test]
    fn every_entry_is_complete() {
        let mut problems = Vec::new();
        for e in all() {
            let mut problem = |what: &str| problems.push(format!("{}: {what}", e.code));
            for (name, text) in [
                ("reason", &e.reason),
                ("summary", &e.summary),
                ("meaning", &e.meaning),
                ("retrying", &e.retrying),
                ("caching", &e.caching),
            ] {
                if text.trim().is_empty() {
                    problem(&format!("empty {name}"));
                }
                if text.contains("](") || text.contains("http://") || text.contains("https://") {
                    problem(&format!("a link in {name}"));
                }
            }
            if e.meaning.split_whitespace().count() < 60 {
                problem("meaning has fewer than 60 words");
            }
            for (name, items) in [("causes", &e.causes), ("client", &e.client)] {
                if items.len() < 2 || items.iter().any(|i| i.trim().is_empty()) {
                    problem(&format!("{name} needs at least two non-empty items"));
                }
            }
            if e.related.is_empty() || e.related.contains(&e.code) {
                problem("related must name other codes");
            }
            for other in e.related {
                if lookup(*other).is_none() {
                    problem(&format!("related code {other} has no entry"));
                }
            }
            for former in e.former_names {
                if former.name.trim().is_empty() || former.source.trim().is_empty() {
                    problem("a former name needs its name and source");
                }
            }
            for header in e.headers {
                if header.name.trim().is_empty() || header.why.trim().is_empty() {
                    problem("a header needs a name and why it matters");
                }
                let rfc = header.spec.starts_with("RFC ");
                if header.spec.trim().is_empty() || (rfc && !header.spec.contains('§')) {
                    problem(&format!("header {} needs an exact section", header.name));
                }
            }
            let p = &e.policy;
            let timed = matches!(p.retry, Retry::Wait | Retry::Backoff);
            if timed != p.attempts.is_some() || p.attempts == Some(0) {
                problem("attempts is for wait and backoff, and only for them");
            }
            if (p.retry == Retry::AfterChange) != p.retry_when.is_some() {
                problem("retry-when is for after-change, and only for it");
            }
            let class = e.code / 100;
            let expected: &[Retry] = match (class, e.code) {
                (_, 304) | (1 | 2, _) => &[Retry::None],
                (_, 305 | 306) => &[Retry::Redirect, Retry::Fix],
                (3, _) => &[Retry::Redirect],
                _ => &[Retry::Fix, Retry::AfterChange, Retry::Wait, Retry::Backoff],
            };
            if !expected.contains(&p.retry) {
                problem(&format!("policy {:?} does not fit its class", p.retry));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_citation_names_its_section_and_specs_agree_with_the_registry() {
        let mut problems = Vec::new();
        for e in all() {
            let mut problem = |what: String| problems.push(format!("{}: {what}", e.code));
            match (registry::lookup(e.code), e.spec) {
                (Some(registered), Some(spec)) => {
                    let (number, section) = citation(spec);
                    let (expected, expected_section) = citation(&registered.spec());
                    if !spec.starts_with("draft-") && number != expected {
                        problem(format!("spec {spec} is not the registry's {expected}"));
                    }
                    if expected_section.is_some() && section != expected_section {
                        problem(format!("spec {spec} is not the registry's section"));
                    }
                    if section.is_none() {
                        problem(format!("spec {spec} names no section"));
                    }
                }
                (Some(_), None) => problem("a registered code needs its spec".into()),
                (None, Some(spec)) => problem(format!("unregistered, yet spec {spec}")),
                (None, None) => {
                    let named = |v: Option<&str>| v.is_some_and(|s| !s.trim().is_empty());
                    if !named(e.used_by) || !named(e.source) {
                        problem("an unregistered code needs used-by and source".into());
                    }
                }
            }
            let texts = [e.meaning, e.retrying, e.caching]
                .into_iter()
                .chain(e.causes.iter().copied())
                .chain(e.client.iter().copied());
            for text in texts {
                for (at, _) in text.match_indices("(RFC ") {
                    let cited: String = text[at + 1..].chars().take_while(|&c| c != ')').collect();
                    if !cited.contains('§') && !cited.contains("Appendix") {
                        problem(format!("citation ({cited}) names no section"));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn cacheable_codes_are_the_ones_their_specifications_list() {
        let cacheable: Vec<u32> = all()
            .iter()
            .filter(|e| e.cacheable)
            .map(|e| e.code)
            .collect();
        // RFC 9110 §15.1, and 451, which RFC 7725 §3 makes cacheable by default.
        let mut expected = HEURISTICALLY_CACHEABLE.to_vec();
        expected.push(451);
        expected.sort();
        assert_eq!(cacheable, expected);
    }

    #[test]
    fn the_classic_pairs_point_at_each_other() {
        for (a, b) in [
            (401, 403),
            (301, 308),
            (302, 307),
            (429, 503),
            (404, 410),
            (409, 412),
        ] {
            assert!(lookup(a).unwrap().related.contains(&b), "{a} → {b}");
            assert!(lookup(b).unwrap().related.contains(&a), "{b} → {a}");
        }
    }

    #[test]
    fn facts_follow_the_policy() {
        let fact = |code: u32| lookup(code).unwrap().policy.fact();
        assert_eq!(fact(200), "No: not an error");
        assert_eq!(fact(304), "No: not an error");
        assert_eq!(fact(429), "Yes, after the wait in Retry-After");
        assert_eq!(fact(420), "Yes, after the wait in Retry-After");
        assert_eq!(fact(409), "After resolving the conflict");
        assert_eq!(fact(500), "Yes, with backoff (idempotent requests)");
        assert_eq!(fact(400), "Not unchanged: fix the request first");
        assert!(lookup(503).unwrap().policy.is_retryable());
        assert!(!lookup(400).unwrap().policy.is_retryable());
        assert_eq!(Policy::for_class(299).retry, Retry::None);
        assert_eq!(Policy::for_class(432).retry, Retry::Fix);
        let fixed = lookup(503).unwrap().policy.clone().with_retryable(false);
        assert_eq!(fixed.retry, Retry::Fix);
        let waited = lookup(400).unwrap().policy.clone().with_retryable(true);
        assert_eq!((waited.retry, waited.retry_after), (Retry::Wait, true));
    }

    #[test]
    fn built_in_sections_are_found_by_their_names() {
        assert_eq!(section_named("causes").unwrap().id, "common-causes");
        assert_eq!(section_named("retrying").unwrap().title, "Retrying");
        assert!(section_named("example").is_none());
    }
}
