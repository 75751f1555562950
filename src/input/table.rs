//! The code table: one `CODE Reason: description` per line, as API teams already write them.

use std::collections::HashMap;

use crate::base::diagnostic::Diagnostic;
use crate::base::source::SourceFile;
use crate::base::span::Located;
use crate::base::status::StatusCode;

/// One code as the table defines it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The code.
    pub code: StatusCode,
    /// The reason phrase (`Not Found`), text to be escaped when shown.
    pub reason: String,
    /// The table's one-line description, text kept exactly as written (but trimmed).
    pub description: String,
    /// The line that defines it.
    pub at: Located,
}

/// Reads a code table; returns its entries in code order and every problem found.
///
/// Blank lines and `#` comments are skipped; the reason ends at the first `:` after the
/// code. A line repeated exactly is a warning; the same code with other text is an error.
/// `custom_codes` allows any positive integer instead of HTTP's 100–599.
pub fn parse(source: &SourceFile, custom_codes: bool) -> (Vec<Entry>, Vec<Diagnostic>) {
    let mut entries: Vec<Entry> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut first: HashMap<StatusCode, usize> = HashMap::new();

    // A lone CR (old Mac line ends) would run every line into one: say so instead.
    if let Some(at) = lone_cr(source.text()) {
        diagnostics.push(
            Diagnostic::error("lines end with a lone carriage return (CR)")
                .at(source.locate(at..at + 1), "a CR not followed by a line feed")
                .hint("save the table with LF (or CRLF) line ends; most editors have a setting for the line ending"),
        );
        return (entries, diagnostics);
    }
    let mut offset = 0;
    for raw in source.text().split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end();
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        let entry = match parse_line(source, start + indent, content, custom_codes) {
            Ok(entry) => entry,
            Err(error) => {
                diagnostics.push(error);
                continue;
            }
        };
        match first.get(&entry.code) {
            None => {
                first.insert(entry.code, entries.len());
                entries.push(entry);
            }
            Some(&index) => diagnostics.push(duplicate(&entries[index], &entry)),
        }
    }
    entries.sort_by_key(|e| e.code);
    (entries, diagnostics)
}

const FORMAT_HINT: &str =
    "each line is `<code> <reason>: <description>`, like `404 Not Found: No user has this id.`";

/// Parses one non-blank, non-comment line that starts at byte `start` of the source.
fn parse_line(
    source: &SourceFile,
    start: usize,
    line: &str,
    custom_codes: bool,
) -> Result<Entry, Diagnostic> {
    let at = |from: usize, to: usize| source.locate(start + from..start + to);
    if let Some((i, c)) = line
        .char_indices()
        .find(|&(_, c)| c.is_control() && c != '\t')
    {
        return Err(Diagnostic::error(format!(
            "the line holds a control character, U+{:04X}",
            u32::from(c)
        ))
        .at(at(i, i + c.len_utf8()), "this character")
        .hint("remove it: a table line is plain text"));
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        let first = line.chars().next().map_or(1, char::len_utf8);
        return Err(
            Diagnostic::error("expected a status code at the start of the line")
                .at(at(0, first), "expected digits here")
                .hint(FORMAT_HINT),
        );
    }
    let number = &line[..digits];
    let after = &line[digits..];
    if !after.starts_with([' ', '\t']) {
        let next = after.chars().next().map_or(0, char::len_utf8);
        let error = Diagnostic::error(format!(
            "expected a space and a reason phrase after the code `{number}`"
        ))
        .at(at(digits, digits + next), "expected a space here");
        return Err(if after.starts_with(':') {
            error.hint(format!(
                "the reason phrase comes before the colon: `{number} Not Found: …`"
            ))
        } else {
            error.hint(FORMAT_HINT)
        });
    }

    let code = parse_code(number, custom_codes)
        .map_err(|(message, hint)| Diagnostic::error(message).at(at(0, digits), "").hint(hint))?;

    let rest_start = digits + (after.len() - after.trim_start().len());
    let rest = &line[rest_start..];
    let Some(colon) = rest.find(':') else {
        return Err(Diagnostic::error(
            "expected `:` between the reason phrase and the description",
        )
        .at(at(line.len(), line.len()), "expected `:` before here")
        .hint(FORMAT_HINT));
    };
    let reason = rest[..colon].trim();
    if reason.is_empty() {
        let colon_at = rest_start + colon;
        return Err(Diagnostic::error("expected a reason phrase before `:`")
            .at(
                at(colon_at, colon_at + 1),
                "expected a reason phrase before this",
            )
            .hint(FORMAT_HINT));
    }
    let description = rest[colon + 1..].trim();
    if description.is_empty() {
        return Err(Diagnostic::error(format!(
            "expected a description after `{number} {reason}:`"
        ))
        .at(at(line.len(), line.len()), "expected a description here")
        .hint(FORMAT_HINT));
    }
    Ok(Entry {
        code,
        reason: reason.to_string(),
        description: description.to_string(),
        at: at(0, line.len()),
    })
}

/// The byte offset of the first CR that does not start a CRLF, if any.
fn lone_cr(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .find(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .map(|(i, _)| i)
}

/// Checks the number is a code this table may hold; on error, a message and a hint.
fn parse_code(number: &str, custom_codes: bool) -> Result<StatusCode, (String, String)> {
    if number.len() > 1 && number.starts_with('0') {
        return Err((
            format!("`{number}` has a leading zero"),
            format!("write `{}`", number.trim_start_matches('0')),
        ));
    }
    let value: Option<u32> = number.parse().ok().filter(|&n| n > 0);
    match value {
        Some(n) if custom_codes || (100..=599).contains(&n) => Ok(StatusCode::new(n)),
        Some(_) => Err((
            format!("`{number}` is not an HTTP status code (100–599)"),
            "for codes of your own API, such as 20003, set `custom-codes = true` under `[table]` in book.toml".to_string(),
        )),
        None => Err((
            format!("`{number}` is not a usable code"),
            format!(
                "codes are whole numbers from {} to {}",
                if custom_codes { 1 } else { 100 },
                if custom_codes { u32::MAX } else { 599 }
            ),
        )),
    }
}

fn duplicate(first: &Entry, again: &Entry) -> Diagnostic {
    let first_line = first.at.span.line;
    if first.reason == again.reason && first.description == again.description {
        Diagnostic::warning(format!(
            "line {} repeats code {} from line {first_line}",
            again.at.span.line, again.code
        ))
        .at(code_only(again), "listed again")
        .note(code_only(first), "first listed here")
        .hint("delete one of the two lines")
    } else {
        Diagnostic::error(format!(
            "code {} is defined twice, with different text",
            again.code
        ))
        .at(code_only(again), "defined again here")
        .note(code_only(first), "first defined here")
        .hint("keep one definition of each code")
    }
}

/// The entry's location narrowed to its code, so a caret points at the number.
fn code_only(entry: &Entry) -> Located {
    let mut at = entry.at.clone();
    at.span.len = entry.code.to_string().len();
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    fn parse_text(text: &str, custom: bool) -> (Vec<Entry>, Vec<Diagnostic>) {
        let source = SourceFile::new(Arc::from(Path::new("codes.txt")), text.to_string());
        parse(&source, custom)
    }

    fn one_error(text: &str) -> String {
        let (entries, diagnostics) = parse_text(text, false);
        assert!(entries.is_empty(), "{entries:?}");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        diagnostics[0].one_line()
    }

    #[test]
    fn splits_reason_from_description_at_the_first_colon() {
        let (entries, diagnostics) = parse_text(
            "304 Not Modified: There was no new data to return (think: cache). <-- This is very important!\n",
            false,
        );
        assert!(diagnostics.is_empty());
        assert_eq!(entries[0].code.get(), 304);
        assert_eq!(entries[0].reason, "Not Modified");
        assert_eq!(
            entries[0].description,
            "There was no new data to return (think: cache). <-- This is very important!"
        );
    }

    #[test]
    fn skips_blank_and_comment_lines_and_tolerates_crlf_blanks_and_no_final_newline() {
        let (entries, diagnostics) = parse_text(
            "# our codes\r\n\r\n   \r\n200 OK: Fine.   \r\n  # indented comment\n\t404 Not Found: Gone.",
            false,
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let codes: Vec<u32> = entries.iter().map(|e| e.code.get()).collect();
        assert_eq!(codes, [200, 404]);
        assert_eq!(entries[0].description, "Fine.");
        assert_eq!(entries[0].at.span.line, 4);
        assert_eq!(entries[1].at.span.col, 2);
    }

    #[test]
    fn lone_carriage_returns_are_an_error_not_one_long_line() {
        assert_eq!(
            one_error("200 OK: Fine.\r404 Not Found: Gone.\r500 Oops: Broken.\r"),
            "codes.txt:1:14: error: lines end with a lone carriage return (CR)"
        );
    }

    #[test]
    fn control_characters_are_an_error_at_their_column() {
        let (entries, diagnostics) =
            parse_text("200 OK: Fine.\n404 Not Found: Go\u{0}ne.\n", false);
        assert_eq!(entries.len(), 1, "the other lines still count");
        assert_eq!(
            diagnostics[0].one_line(),
            "codes.txt:2:18: error: the line holds a control character, U+0000"
        );
        let (entries, diagnostics) = parse_text("200 OK:\tTabs are fine.\n", false);
        assert!(diagnostics.is_empty() && entries.len() == 1);
    }

    #[test]
    fn sorts_by_code() {
        let (entries, _) = parse_text("500 A: a\n200 B: b\n404 C: c\n", false);
        let codes: Vec<u32> = entries.iter().map(|e| e.code.get()).collect();
        assert_eq!(codes, [200, 404, 500]);
    }

    #[test]
    fn an_exact_repeat_is_one_warning_naming_both_lines() {
        let (entries, diagnostics) =
            parse_text("200 OK: Fine.\n404 N: x\n200 OK:   Fine.\n", false);
        assert_eq!(entries.len(), 2);
        assert_eq!(diagnostics.len(), 1);
        let d = &diagnostics[0];
        assert!(!d.is_error());
        assert_eq!(
            d.one_line(),
            "codes.txt:3:1: warning: line 3 repeats code 200 from line 1"
        );
        assert_eq!(d.notes[0].at.span.line, 1);
    }

    #[test]
    fn the_same_code_with_other_text_is_an_error_naming_both_lines() {
        let (_, diagnostics) = parse_text("200 OK: Fine.\n200 OK: Not fine.\n", false);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].one_line(),
            "codes.txt:2:1: error: code 200 is defined twice, with different text"
        );
        assert_eq!(diagnostics[0].notes[0].at.span.line, 1);
    }

    #[test]
    fn a_line_without_a_code() {
        assert_eq!(
            one_error("Not Found: missing\n"),
            "codes.txt:1:1: error: expected a status code at the start of the line"
        );
    }

    #[test]
    fn a_code_glued_to_other_text() {
        assert_eq!(
            one_error("40a Bad: x\n"),
            "codes.txt:1:3: error: expected a space and a reason phrase after the code `40`"
        );
        let (_, d) = parse_text("404: Not Found\n", false);
        assert!(d[0].hint.as_deref().unwrap().contains("before the colon"));
    }

    #[test]
    fn a_code_alone_on_its_line() {
        assert_eq!(
            one_error("200\n"),
            "codes.txt:1:4: error: expected a space and a reason phrase after the code `200`"
        );
    }

    #[test]
    fn a_missing_colon_points_at_the_end_of_the_line() {
        assert_eq!(
            one_error("200 OK all good\n"),
            "codes.txt:1:16: error: expected `:` between the reason phrase and the description"
        );
    }

    #[test]
    fn an_empty_reason_or_description() {
        assert_eq!(
            one_error("200 : Fine.\n"),
            "codes.txt:1:5: error: expected a reason phrase before `:`"
        );
        assert_eq!(
            one_error("200 OK:   \n"),
            "codes.txt:1:8: error: expected a description after `200 OK:`"
        );
    }

    #[test]
    fn codes_outside_http_need_custom_codes() {
        assert_eq!(
            one_error("600 Odd: x\n"),
            "codes.txt:1:1: error: `600` is not an HTTP status code (100–599)"
        );
        assert_eq!(
            one_error("99 Low: x\n"),
            "codes.txt:1:1: error: `99` is not an HTTP status code (100–599)"
        );
        let (entries, diagnostics) = parse_text("20003 Auth Failed: x\n1 One: y\n", true);
        assert!(diagnostics.is_empty());
        assert_eq!(entries[1].code.get(), 20003);
    }

    #[test]
    fn zero_leading_zeros_and_huge_numbers_are_not_codes() {
        let (_, d) = parse_text("0 Zero: x\n0404 Lead: x\n99999999999 Big: x\n", true);
        let lines: Vec<String> = d.iter().map(Diagnostic::one_line).collect();
        assert_eq!(
            lines,
            [
                "codes.txt:1:1: error: `0` is not a usable code",
                "codes.txt:2:1: error: `0404` has a leading zero",
                "codes.txt:3:1: error: `99999999999` is not a usable code",
            ]
        );
    }

    #[test]
    fn every_bad_line_is_reported_and_good_lines_are_kept() {
        let (entries, diagnostics) = parse_text("x\n200 OK: a\ny\n", false);
        assert_eq!(entries.len(), 1);
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(diagnostics[1].location.as_ref().unwrap().at.span.line, 3);
    }

    #[test]
    fn columns_count_characters_after_indentation_and_unicode() {
        assert_eq!(
            one_error("  ✓ OK: x\n"),
            "codes.txt:1:3: error: expected a status code at the start of the line"
        );
    }
}
