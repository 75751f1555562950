//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task lists and
//! heading ids, links to `.md` files turned into links to the generated `.html` pages.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::base::html::escape as escape_html;
use crate::text::highlight;

/// A page body rendered to HTML, with what the templates and the index need to know about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML of the body, without its leading `#` heading.
    pub html: String,
    /// The body as plain text (prose, headings and code), blocks separated by newlines,
    /// for the search index and its snippets.
    pub text: String,
    /// What else reading the body found.
    pub facts: Facts,
}

/// What reading a body finds besides its HTML and text: all that checking a page and
/// building the site's model need, and the templates besides the HTML ([`read`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// The text of the leading `#` heading, if the body started with one.
    pub title: Option<String>,
    /// The section headings (levels 2 to 6), in order, with their ids.
    pub headings: Vec<Heading>,
    /// The text of each ```` ```http ```` block shown: the page's example exchanges, which
    /// the model takes (see [`crate::model`]).
    pub http_examples: Vec<String>,
    /// Code blocks marked `snippet` (```` ```python snippet ````), taken out of the body to
    /// become client snippets: `(language, code)`.
    pub snippets: Vec<(String, String)>,
    /// Every link and image, with the byte range of the Markdown that wrote it, so a broken
    /// one can be pointed at.
    pub links: Vec<(Link, Range<usize>)>,
    /// Byte ranges of the raw HTML written in the Markdown, for the raw-HTML policy
    /// ([`crate::text::sanitize`]).
    pub raw_html: Vec<Range<usize>>,
    /// Byte ranges of the Markdown that the HTML shows elsewhere: the leading `#` heading and
    /// `snippet` code blocks. [`shown_markdown`] cuts them out for exports.
    pub cuts: Vec<Range<usize>>,
}

/// The Markdown of a body as its page shows it: without its leading heading and snippet blocks.
pub fn shown_markdown(markdown: &str, cuts: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut at = 0;
    for cut in cuts {
        out.push_str(&markdown[at..cut.start.max(at)]);
        at = at.max(cut.end);
    }
    out.push_str(&markdown[at.min(markdown.len())..]);
    out.trim().to_string()
}

/// A link or image address in a page's Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// As the author wrote it: `401.md#causes`.
    pub written: String,
    /// As it appears in the HTML: `401.html#causes`.
    pub url: String,
}

/// One section heading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 2 for `##`, up to 6.
    pub level: u8,
    /// The `id` attribute, unique in the page.
    pub id: String,
    /// The heading's text, without markup.
    pub text: String,
}

/// Renders Markdown. A leading `# heading` becomes [`Facts::title`] instead of part of the HTML,
/// because the page template writes the title itself.
pub fn render(markdown: &str) -> Rendered {
    let (html, text, facts) = run(
        markdown,
        Make {
            html: true,
            text: true,
            facts: true,
        },
    );
    Rendered {
        html: html.unwrap_or_default(),
        text: text.unwrap_or_default(),
        facts,
    }
}

/// What [`render`] finds in Markdown, without making its HTML or text: a third of the
/// time, since code blocks are not highlighted.
pub fn read(markdown: &str) -> Facts {
    let make = Make {
        facts: true,
        ..Make::default()
    };
    run(markdown, make).2
}

/// The HTML [`render`] makes of Markdown. Links, raw HTML and cuts are not gathered.
pub fn html(markdown: &str) -> String {
    let make = Make {
        html: true,
        ..Make::default()
    };
    run(markdown, make).0.unwrap_or_default()
}

/// The plain text [`render`] makes of Markdown: only parsed, a third of [`read`]'s time.
/// The events are not kept: the text is made as the parser goes.
pub fn text(markdown: &str) -> String {
    let mut events = Parser::new_ext(markdown, OPTIONS).peekable();
    // Without its leading heading, as `untitle` takes it: up to the heading's end.
    if let Some(Event::Start(Tag::Heading {
        level: HeadingLevel::H1,
        ..
    })) = events.peek()
    {
        events
            .by_ref()
            .find(|e| matches!(e, Event::End(TagEnd::Heading(_))));
    }
    block_text(events, markdown.len())
}

/// The Markdown [`render`] understands.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// Takes a leading `#` heading out of `events`, returning its text: the page template
/// writes the title itself.
fn untitle(events: &mut Vec<Event<'_>>) -> Option<String> {
    let Some(Event::Start(Tag::Heading {
        level: HeadingLevel::H1,
        ..
    })) = events.first()
    else {
        return None;
    };
    let end = heading_end(events, 0);
    let title = plain_text(&events[1..end]);
    events.drain(..=end);
    Some(title)
}

/// Which of a body's HTML, text and facts to make. Without `facts`, the [`Facts`] that only
/// the parser's byte ranges give (links, raw HTML, cuts) are left empty, and the ranges
/// are not asked for.
#[derive(Clone, Copy, Default)]
struct Make {
    html: bool,
    text: bool,
    facts: bool,
}

fn run(markdown: &str, make: Make) -> (Option<String>, Option<String>, Facts) {
    // Sized once from the text's length (about one event per 24 bytes in prose): growing
    // the list as the parser went cost a copy each time.
    let mut events = Vec::with_capacity(markdown.len() / 24 + 16);
    let (mut links, mut cuts, mut raw_html) = (Vec::new(), Vec::new(), Vec::new());
    if make.facts {
        // What needs an event's place in the Markdown is taken as the parser goes, so the
        // places are never kept.
        let parser = Parser::new_ext(markdown, OPTIONS).into_offset_iter();
        for (i, (event, range)) in parser.enumerate() {
            match &event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    let link = Link {
                        written: dest_url.to_string(),
                        url: md_to_html(dest_url.clone()).to_string(),
                    };
                    links.push((link, range));
                }
                Event::Html(_) | Event::InlineHtml(_) => raw_html.push(range),
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }) if i == 0 => cuts.push(range),
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                    if info.split_whitespace().skip(1).any(|w| w == "snippet") =>
                {
                    cuts.push(range);
                }
                _ => {}
            }
            events.push(event);
        }
    } else {
        events.extend(Parser::new_ext(markdown, OPTIONS));
    }

    let title = untitle(&mut events);

    let text = make.text.then(|| block_text(&events, markdown.len()));
    let mut out = Vec::with_capacity(if make.html { events.len() } else { 0 });
    let mut headings = Vec::new();
    let mut http_examples = Vec::new();
    let mut snippets = Vec::new();
    let mut ids = Ids::default();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = heading_end(&events, i);
                let inner = &events[i + 1..end];
                let text = plain_text(inner);
                let wanted = id.as_deref().map_or_else(|| slug(&text), str::to_string);
                let id = unique(wanted, &mut ids);
                if *level != HeadingLevel::H1 {
                    headings.push(Heading {
                        level: *level as u8,
                        id: id.clone(),
                        text,
                    });
                }
                i = end + 1;
                if !make.html {
                    continue;
                }
                let has_link = inner
                    .iter()
                    .any(|e| matches!(e, Event::Start(Tag::Link { .. })));
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id.clone())),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                // The heading links to itself so readers can copy a section's address;
                // not when it holds a link already, since links cannot nest.
                if !has_link {
                    out.push(Event::InlineHtml(
                        format!("<a class=\"header\" href=\"#{id}\">").into(),
                    ));
                }
                out.extend(inner.iter().cloned().map(rewrite_links));
                if !has_link {
                    out.push(Event::InlineHtml("</a>".into()));
                }
                out.push(events[end].clone());
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let mut words = info.split_whitespace();
                let language = words.next().unwrap_or("").to_string();
                let is_snippet = words.any(|w| w == "snippet");
                let mut code = String::new();
                i += 1;
                while i < events.len() && !matches!(events[i], Event::End(TagEnd::CodeBlock)) {
                    if let Event::Text(t) = &events[i] {
                        code.push_str(t);
                    }
                    i += 1;
                }
                i += 1;
                if is_snippet && !language.is_empty() {
                    snippets.push((language, code.trim_end().to_string()));
                } else {
                    if make.html {
                        out.push(Event::Html(code_block(&language, &code).into()));
                    }
                    if language.eq_ignore_ascii_case("http") {
                        http_examples.push(code);
                    }
                }
            }
            other => {
                if make.html {
                    out.push(rewrite_links(other.clone()));
                }
                i += 1;
            }
        }
    }

    let html = make.html.then(|| {
        // Made for one page and dropped once it is written: its spare capacity is not
        // worth a copy.
        let mut html = String::with_capacity(markdown.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        html
    });
    let facts = Facts {
        title,
        headings,
        http_examples,
        snippets,
        links,
        raw_html,
        cuts,
    };
    (html, text, facts)
}

/// A code block as HTML: highlighted when its language is known, escaped text otherwise.
pub fn code_block(language: &str, code: &str) -> String {
    let class: String = language
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
        .collect();
    let body = highlight::highlight(language, code).unwrap_or_else(|| escape_html(code));
    // Focusable, so a keyboard can scroll a block wider than the page.
    if class.is_empty() {
        format!("<pre tabindex=\"0\"><code>{body}</code></pre>\n")
    } else {
        format!("<pre tabindex=\"0\"><code class=\"language-{class}\">{body}</code></pre>\n")
    }
}

/// The plain text of a whole body: words of a block run together, blocks on their own lines.
/// `capacity` is room for it: the text is at most about the Markdown's length.
fn block_text<'a, E: Borrow<Event<'a>>>(
    events: impl IntoIterator<Item = E>,
    capacity: usize,
) -> String {
    let mut text = String::with_capacity(capacity);
    for event in events {
        match event.borrow() {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) if !text.ends_with('\n') => text.push('\n'),
            _ => {}
        }
    }
    text.truncate(text.trim_end().len());
    // Kept with every page's until the search index is written.
    text.shrink_to_fit();
    text
}

/// Index of the event that closes the heading opened at `start`.
fn heading_end(events: &[Event<'_>], start: usize) -> usize {
    events[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
        .map_or(events.len() - 1, |offset| start + offset)
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// A link to `other.md` or `other.md#part` means the page generated from it.
fn rewrite_links(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: md_to_html(dest_url),
            title,
            id,
        }),
        other => other,
    }
}

fn md_to_html(url: CowStr<'_>) -> CowStr<'_> {
    let is_relative = !url.starts_with('/')
        && !url.starts_with('#')
        && !url
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'));
    if !is_relative {
        return url;
    }
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    match url[..path_end].strip_suffix(".md") {
        Some(stem) => format!("{stem}.html{}", &url[path_end..]).into(),
        None => url,
    }
}

/// An id from heading text: lower-case letters and digits, words joined by `-`.
pub fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug.to_string()
    }
}

/// The ids given out so far in one page, and for each wanted id the next number to try, so
/// that a page of thousands of identical headings takes linear time, not quadratic.
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

/// `wanted`, or `wanted-1`, `wanted-2`, … if it is taken.
fn unique(wanted: String, ids: &mut Ids) -> String {
    if ids.taken.insert(wanted.clone()) {
        return wanted;
    }
    let mut n = ids.next.get(&wanted).copied().unwrap_or(1);
    let id = loop {
        let id = format!("{wanted}-{n}");
        n += 1;
        if ids.taken.insert(id.clone()) {
            break id;
        }
    };
    ids.next.insert(wanted, n);
    id
}

#[cfg(test)]
mod tests;
