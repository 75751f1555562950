//! A code page's sections, in the order a reader needs them: what the code means in this
//! API (the written page, in its author's order), then what HTTP says about it (the
//! built-in knowledge base, less the sections the page replaces or switches off), then the
//! written examples.
//!
//! A written `##` section whose heading names a built-in section ("Common causes",
//! "Retrying", …) replaces it: the built-in one is not shown. Pure: Markdown and HTML in,
//! HTML out.

use serde::Serialize;

use crate::base::status::Class;
use crate::input::front_matter::Builtin;
use crate::knowledge::registry;
use crate::knowledge::registry::spec_url;
use crate::knowledge::{self, Direction, Entry, Policy};
use crate::text::markdown::{self, Heading};

/// One section of a code page.
#[derive(Debug, Serialize)]
pub struct Section {
    /// Its heading's id; none for what a written page says before its first heading.
    pub id: Option<String>,
    /// Its heading, for "On this page".
    pub title: Option<String>,
    /// Its HTML, heading included (already safe).
    pub html: String,
    /// Whether the site's authors wrote it or it is built in.
    pub origin: Origin,
    /// Whether it is the first built-in section, where the page's general reference begins.
    pub opens_reference: bool,
}

/// Who wrote a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The site's written page.
    Written,
    /// statusbook's knowledge base.
    Builtin,
}

/// A written page, as far as its sections are concerned: which built-in sections it
/// replaces or switches off. Its HTML, cut into sections, is given alongside where needed.
pub struct Written<'a> {
    /// Its headings, every level, with their ids.
    pub headings: &'a [Heading],
    /// Which built-in sections it lets through.
    pub builtin: &'a Builtin,
}

impl<'a> Written<'a> {
    /// What a code's written page says, as far as its sections are concerned.
    pub fn of(page: &'a crate::input::content::CodePage) -> Self {
        Written {
            headings: &page.body.facts.headings,
            builtin: &page.meta.builtin,
        }
    }
}

/// The sections of the page of `code`: the written page's own, the built-in ones for
/// `entry` (or, for an HTTP code the knowledge base does not know, what RFC 9110 says of
/// unknown codes) that it does not replace, then the written page's examples. `written`
/// is the written page with its body's HTML.
pub fn compose(
    code: u32,
    written: Option<(&Written<'_>, &str)>,
    entry: Option<&Entry>,
    policy: Option<&Policy>,
) -> Vec<Section> {
    let chunks = written.map_or_else(Vec::new, |(w, html)| split(html, w.headings));
    let written = written.map(|(w, _)| w);
    let mut sections = Vec::new();
    let mut examples = Vec::new();
    for (heading, html) in chunks {
        let section = Section {
            id: heading.map(|h| h.id.clone()),
            title: heading.map(|h| h.text.clone()),
            html: html.to_string(),
            origin: Origin::Written,
            opens_reference: false,
        };
        match heading.map(|h| markdown::slug(&h.text)).as_deref() {
            Some("example" | "examples") => examples.push(section),
            _ => sections.push(section),
        }
    }
    let taken: Vec<&str> = written.map_or_else(Vec::new, |w| {
        w.headings.iter().map(|h| h.id.as_str()).collect()
    });
    for (i, (builtin, body)) in builtin_markdown(code, written, entry, policy)
        .into_iter()
        .enumerate()
    {
        // A written heading deeper down may have taken the id.
        let id = if taken.contains(&builtin.id) {
            format!("{}-http", builtin.id)
        } else {
            builtin.id.to_string()
        };
        let html = format!(
            "<h2 id=\"{id}\"><a class=\"header\" href=\"#{id}\">{}</a></h2>\n{}",
            builtin.title,
            markdown::html(&cite(&body))
        );
        sections.push(Section {
            id: Some(id),
            title: Some(builtin.title.to_string()),
            html,
            origin: Origin::Builtin,
            opens_reference: i == 0,
        });
    }
    sections.extend(examples);
    sections
}

/// The written body cut at its `##` headings: what comes before the first, then each
/// heading with everything up to the next.
fn split<'a>(html: &'a str, headings: &'a [Heading]) -> Vec<(Option<&'a Heading>, &'a str)> {
    let mut starts: Vec<(usize, &Heading)> = Vec::new();
    let mut from = 0;
    for heading in headings.iter().filter(|h| h.level == 2) {
        let tag = format!("<h2 id=\"{}\"", heading.id);
        if let Some(at) = html[from..].find(&tag) {
            starts.push((from + at, heading));
            from += at + tag.len();
        }
    }
    let mut chunks = Vec::new();
    let first = starts.first().map_or(html.len(), |(at, _)| *at);
    if !html[..first].trim().is_empty() {
        chunks.push((None, &html[..first]));
    }
    for (i, (at, heading)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(html.len(), |(next, _)| *next);
        chunks.push((Some(*heading), &html[*at..end]));
    }
    chunks
}

/// The built-in sections the page of `code` shows, as Markdown without their headings, in
/// order: those the knowledge base has for `entry` (or, for an HTTP code it does not
/// know, what RFC 9110 says of unknown codes), less those the written page replaces or
/// switches off.
pub fn builtin_markdown(
    code: u32,
    written: Option<&Written<'_>>,
    entry: Option<&Entry>,
    policy: Option<&Policy>,
) -> Vec<(&'static knowledge::Section, String)> {
    if entry.is_none() && Class::of(crate::base::status::StatusCode::new(code)).is_none() {
        return Vec::new();
    }
    // The built-in sections the written page's own `##` sections stand for.
    let written_ids: Vec<&str> = written.map_or_else(Vec::new, |w| {
        w.headings
            .iter()
            .filter(|h| h.level == 2)
            .filter_map(|h| knowledge::section_named(&markdown::slug(&h.text)))
            .map(|s| s.id)
            .collect()
    });
    let replaced =
        |id: &str| written.is_some_and(|w| !w.builtin.shows(id)) || written_ids.contains(&id);
    knowledge::SECTIONS
        .iter()
        .filter(|section| !replaced(section.id))
        .filter_map(|section| {
            let body = match entry {
                Some(entry) => entry_markdown(section.id, entry, policy),
                None if section.id == "what-http-says" => unknown_code_markdown(code),
                None => None,
            };
            Some((section, body?))
        })
        .collect()
}

/// The Markdown of the built-in section `id` for `entry`.
fn entry_markdown(id: &str, entry: &Entry, policy: Option<&Policy>) -> Option<String> {
    let list =
        |items: &[&str]| -> String { items.iter().map(|item| format!("- {item}\n")).collect() };
    let text = match id {
        "what-http-says" => {
            let mut text = format!("{}\n\n", entry.summary);
            if let (Some(used_by), Some(source)) = (entry.used_by, entry.source) {
                text.push_str(&format!(
                    "{} is not a registered HTTP status code: {used_by} returns it ({source}). A client that does not know it treats it like {} (RFC 9110 §15).\n\n",
                    entry.code,
                    class_code(entry.code)
                ));
            }
            text.push_str(entry.meaning.trim());
            text.push('\n');
            if !entry.former_names.is_empty() {
                let names: Vec<String> = entry
                    .former_names
                    .iter()
                    .map(|f| format!("“{}” ({})", f.name, f.source))
                    .collect();
                // A registered code's other names are its earlier reason phrases.
                let called = if entry.spec.is_some() {
                    "Formerly called"
                } else {
                    "Also called"
                };
                text.push_str(&format!("\n{called} {}.\n", names.join(", ")));
            }
            if let Some(spec) = entry.spec {
                text.push_str(&format!("\nDefined in {spec}.\n"));
            }
            text
        }
        "common-causes" => list(entry.causes),
        "what-the-client-should-do" => list(entry.client),
        "retrying" => {
            let mut text = entry.retrying.to_string();
            if let Some(line) = policy.and_then(policy_line) {
                text.push_str("\n\n");
                text.push_str(&line);
            }
            text
        }
        "caching" => entry.caching.to_string(),
        "headers" if !entry.headers.is_empty() => entry
            .headers
            .iter()
            .map(|h| {
                let sent = match h.direction {
                    Direction::Request => "request",
                    Direction::Response => "response",
                };
                format!("- `{}` ({sent}): {} ({})\n", h.name, h.why.trim(), h.spec)
            })
            .collect(),
        _ => return None,
    };
    Some(text)
}

/// What the client code on the page does, in a sentence, for a policy that repeats requests.
fn policy_line(policy: &Policy) -> Option<String> {
    if !policy.is_retryable() {
        return None;
    }
    let minutes = |seconds: u32| match seconds {
        s if s >= 120 && s % 60 == 0 => format!("{} minutes", s / 60),
        s => format!("{s} seconds"),
    };
    let idempotent = if policy.idempotent_only {
        ", and repeats a request that is not idempotent only with an idempotency key"
    } else {
        ""
    };
    Some(format!(
        "The client code on this page makes at most {} attempts in all, waits as `Retry-After` says (else backs off exponentially), and gives up rather than wait more than {} in all{idempotent}.",
        policy.attempts(),
        minutes(policy.max_wait())
    ))
}

/// What HTTP says about a code in its range that no specification defines (RFC 9110 §15).
fn unknown_code_markdown(code: u32) -> Option<String> {
    let class = Class::of(crate::base::status::StatusCode::new(code))?;
    let what = match registry::lookup(code) {
        Some(r) => format!("{code} is registered as {} ({}).", r.reason, r.spec()),
        None => format!(
            "No specification defines {code}: it is not in the IANA HTTP Status Code Registry, and statusbook does not know of a server that uses it."
        ),
    };
    Some(format!(
        "{what} HTTP asks a client that does not recognise a status code to treat it like the `x00` code of its class, here {} (RFC 9110 §15). A {}xx code means: {}\n",
        class_code(code),
        class.digit(),
        class.meaning()
    ))
}

/// `400 Bad Request`: the `x00` code of `code`'s class, which stands in for it.
fn class_code(code: u32) -> String {
    let first = code / 100 * 100;
    match registry::lookup(first) {
        Some(r) => format!("{first} {}", r.reason),
        None => first.to_string(),
    }
}

/// Turns each citation such as `RFC 9110 §15.5.10` into a link to that section, and each
/// further section of the same RFC listed after it (`, §13.1.3`) into one too.
fn cite(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 64);
    let mut rest = markdown;
    while let Some(at) = rest.find("RFC ") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let digits = leading(&rest[4..], |c| c.is_ascii_digit());
        if digits == 0 {
            out.push_str("RFC ");
            rest = &rest[4..];
            continue;
        }
        let number = &rest[4..4 + digits];
        rest = &rest[4 + digits..];
        let section = section_after(rest, " §");
        let citation = format!(
            "RFC {number}{}",
            section.map_or(String::new(), |s| format!(" §{s}"))
        );
        link(&mut out, &citation, &citation);
        rest = &rest[section.map_or(0, |s| " §".len() + s.len())..];
        // `RFC 9110 §13.1.2, §13.1.3`: the later sections are of the same RFC.
        while let Some(more) = section_after(rest, ", §") {
            out.push_str(", ");
            link(
                &mut out,
                &format!("§{more}"),
                &format!("RFC {number} §{more}"),
            );
            rest = &rest[", §".len() + more.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// The section number (`15.5.10`) right after `prefix` at the start of `text`, without a
/// full stop that ends the sentence.
fn section_after<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let after = text.strip_prefix(prefix)?;
    let len = leading(after, |c| c.is_ascii_digit() || c == '.');
    let section = after[..len].trim_end_matches('.');
    section
        .starts_with(|c: char| c.is_ascii_digit())
        .then_some(section)
}

/// How many bytes at the start of `text` satisfy `keep`.
fn leading(text: &str, keep: impl Fn(char) -> bool) -> usize {
    text.find(|c: char| !keep(c)).unwrap_or(text.len())
}

/// Appends `text` as a Markdown link to the section `citation` names.
fn link(out: &mut String, text: &str, citation: &str) {
    match spec_url(citation) {
        Some(url) => out.push_str(&format!("[{text}]({url})")),
        None => out.push_str(text),
    }
}

#[cfg(test)]
mod tests;
