//! Smaller built-in CSS and JavaScript: comments and indentation are for the people who edit
//! them in this repository, not for every reader who downloads them.
//!
//! Deliberately conservative: it relies on how the built-in files are written (no comment
//! markers inside strings, `//` comments on lines of their own), and a site's own static
//! files are copied untouched.

/// CSS without comments, with whitespace collapsed, and none around `{`, `}`, `;`, `,`, or after `:`.
pub fn css(text: &str) -> String {
    let mut without_comments = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        without_comments.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    without_comments.push_str(rest);
    let mut out = String::with_capacity(without_comments.len());
    for word in without_comments.split_whitespace() {
        let joins = out.ends_with(['{', '}', ';', ',', ':'])
            || word.starts_with(['{', '}', ';', ',', '!'])
            || out.is_empty();
        if !joins {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('\n');
    out
}

/// JavaScript without comment lines, indentation or blank lines.
pub fn js(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.lines() {
        let line = line.trim();
        if in_block {
            in_block = !line.ends_with("*/");
            continue;
        }
        if line.starts_with("/*") {
            in_block = !line.ends_with("*/");
            continue;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_loses_comments_and_spaces_but_not_meaning() {
        let input = "/* a comment */\n.a :hover,\n.b > c {\n  margin: 0 auto;\n  width: calc(100% + 2px) !important;\n}\n";
        assert_eq!(
            css(input),
            ".a :hover,.b > c{margin:0 auto;width:calc(100% + 2px)!important;}\n"
        );
    }

    #[test]
    fn js_loses_comment_lines_and_indentation() {
        let input = "// file comment\n(function () {\n  /** doc */\n  var a = \"//not a comment\"; // kept\n  /*\n   * block\n   */\n\n  return a;\n})();\n";
        assert_eq!(
            js(input),
            "(function () {\nvar a = \"//not a comment\"; // kept\nreturn a;\n})();\n"
        );
    }

    #[test]
    fn the_built_in_style_sheet_keeps_every_rule() {
        let (_, bytes) = crate::input::templates::BUILT_IN_STATIC
            .iter()
            .find(|(name, _)| name.ends_with(".css"))
            .unwrap();
        let text = std::str::from_utf8(bytes).unwrap();
        let small = css(text);
        assert!(small.len() < text.len() * 9 / 10);
        assert_eq!(small.matches('{').count(), text.matches('{').count());
        assert_eq!(small.matches('}').count(), text.matches('}').count());
        assert!(!small.contains("/*"));
    }
}
