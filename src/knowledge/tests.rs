//! Unit tests of `knowledge/mod.rs`.

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

#[test]
fn the_most_met_list_names_each_registered_code_once() {
    let mut seen = std::collections::HashSet::new();
    for &code in MOST_MET {
        assert!(seen.insert(code), "{code} is listed twice");
        assert!(
            registry::lookup(code).is_some(),
            "{code} is not a registered code"
        );
    }
    for registered in registry::all() {
        assert!(
            seen.contains(&registered.code),
            "{} is missing from MOST_MET",
            registered.code
        );
    }
}
