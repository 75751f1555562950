//! Unit tests of `render/sections.rs`.

use super::*;

fn written<'a>(headings: &'a [Heading], builtin: &'a Builtin) -> Written<'a> {
    Written { headings, builtin }
}

fn titles(sections: &[Section]) -> Vec<(Option<&str>, Origin)> {
    sections
        .iter()
        .map(|s| (s.title.as_deref(), s.origin))
        .collect()
}

#[test]
fn citations_link_to_their_section() {
    assert_eq!(
        cite("Not cacheable (RFC 9110 §15.1). See RFC 6585."),
        "Not cacheable ([RFC 9110 §15.1](https://www.rfc-editor.org/rfc/rfc9110.html#section-15.1)). See [RFC 6585](https://www.rfc-editor.org/rfc/rfc6585.html)."
    );
    assert_eq!(cite("RFC and RFC x"), "RFC and RFC x");
    assert_eq!(
        cite("(RFC 9110 §13.1.2, §13.1.3)."),
        "([RFC 9110 §13.1.2](https://www.rfc-editor.org/rfc/rfc9110.html#section-13.1.2), [§13.1.3](https://www.rfc-editor.org/rfc/rfc9110.html#section-13.1.3))."
    );
    assert_eq!(
        cite("RFC 4918 Appendix F.3"),
        "[RFC 4918](https://www.rfc-editor.org/rfc/rfc4918.html) Appendix F.3"
    );
    assert_eq!(
        cite("ends with RFC 9110"),
        "ends with [RFC 9110](https://www.rfc-editor.org/rfc/rfc9110.html)"
    );
}

#[test]
fn a_written_section_replaces_the_built_in_one_of_its_name() {
    let page = markdown::render(
        "Intro.\n\n## What it means here\n\nHere.\n\n## Causes\n\nOurs.\n\n## Example\n\n```http\nGET / HTTP/1.1\n```\n",
    );
    let builtin = Builtin::All;
    let w = written(&page.facts.headings, &builtin);
    let entry = knowledge::lookup(409).unwrap();
    let sections = compose(409, Some((&w, &page.html)), Some(entry), None);
    assert_eq!(
        titles(&sections),
        [
            (None, Origin::Written),
            (Some("What it means here"), Origin::Written),
            (Some("Causes"), Origin::Written),
            (Some("What HTTP says"), Origin::Builtin),
            (Some("What the client should do"), Origin::Builtin),
            (Some("Retrying"), Origin::Builtin),
            (Some("Caching"), Origin::Builtin),
            (Some("Headers"), Origin::Builtin),
            (Some("Example"), Origin::Written),
        ]
    );
    assert!(sections[2].html.contains("Ours."));
    let opening: Vec<bool> = sections.iter().map(|s| s.opens_reference).collect();
    assert_eq!(opening.iter().filter(|o| **o).count(), 1);
    assert!(sections[3].opens_reference);
    let all: String = sections.iter().map(|s| s.html.as_str()).collect();
    assert_eq!(all.matches("<h2").count(), 8);
    assert!(all.contains("Intro.") && all.contains("language-http"));
}

#[test]
fn front_matter_can_switch_built_in_sections_off() {
    let page = markdown::render("Ours alone.\n");
    let none = Builtin::Only(vec![]);
    let w = written(&page.facts.headings, &none);
    let sections = compose(409, Some((&w, &page.html)), knowledge::lookup(409), None);
    assert_eq!(titles(&sections), [(None, Origin::Written)]);
    let some = Builtin::Only(vec!["caching"]);
    let w = written(&page.facts.headings, &some);
    let sections = compose(409, Some((&w, &page.html)), knowledge::lookup(409), None);
    assert_eq!(
        titles(&sections),
        [(None, Origin::Written), (Some("Caching"), Origin::Builtin)]
    );
}

#[test]
fn a_table_only_code_gets_every_built_in_section_with_linked_citations() {
    let sections = compose(409, None, knowledge::lookup(409), None);
    let ids: Vec<_> = sections.iter().map(|s| s.id.as_deref().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "what-http-says",
            "common-causes",
            "what-the-client-should-do",
            "retrying",
            "caching",
            "headers"
        ]
    );
    assert!(sections[0].html.contains(
            "<a href=\"https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.10\">RFC 9110 §15.5.10</a>"
        ));
}

#[test]
fn an_http_code_no_one_defines_is_explained_by_its_class() {
    let sections = compose(432, None, None, None);
    assert_eq!(
        titles(&sections),
        [(Some("What HTTP says"), Origin::Builtin)]
    );
    assert!(
        sections[0]
            .html
            .contains("like the <code>x00</code> code of its class, here 400 Bad Request")
    );
    assert!(compose(20003, None, None, None).is_empty());
}

#[test]
fn a_built_in_id_taken_by_a_written_heading_gets_another() {
    let page = markdown::render("### Caching\n\nA note.\n");
    let builtin = Builtin::All;
    let w = written(&page.facts.headings, &builtin);
    let sections = compose(409, Some((&w, &page.html)), knowledge::lookup(409), None);
    let caching = sections
        .iter()
        .find(|s| s.title.as_deref() == Some("Caching"))
        .unwrap();
    assert_eq!(caching.id.as_deref(), Some("caching-http"));
}
