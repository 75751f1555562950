//! `statusbook check`: report every problem of a site, one per line, for people and CI.

use serde_json::json;
use statusbook::Severity;
use statusbook::check;
use statusbook::diagnostic::{self, Diagnostic};

use crate::cli::{CheckFormat, CheckOptions};
use crate::report::{Reporter, count};

/// Checks the site; returns whether it has no errors.
pub fn run(options: &CheckOptions, reporter: &Reporter) -> bool {
    let report = check::check(&options.dir, options.strict);
    let errors = report.problems.iter().filter(|p| p.is_error()).count();
    let notes = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Note)
        .count();
    let warnings = report.problems.len() - errors - notes;
    match options.format {
        CheckFormat::Short => {
            for problem in &report.problems {
                println!("{}", problem.one_line());
            }
        }
        CheckFormat::Human => print!("{}", diagnostic::render(&report.problems, reporter.color)),
        CheckFormat::Json => {
            let problems: Vec<_> = report.problems.iter().map(to_json).collect();
            let document = json!({ "errors": errors, "warnings": warnings, "notes": notes, "problems": problems });
            println!(
                "{}",
                serde_json::to_string_pretty(&document).expect("JSON serialises")
            );
        }
    }
    if !matches!(options.format, CheckFormat::Json) {
        let found = if report.problems.is_empty() {
            "no problems".to_string()
        } else {
            let mut found = format!("{}, {}", count(errors, "error"), count(warnings, "warning"));
            if notes > 0 {
                found.push_str(&format!(", {}", count(notes, "note")));
            }
            found
        };
        reporter.info(&format!(
            "checked {} and {}: {found}",
            count(report.codes, "code page"),
            count(report.links, "link"),
        ));
    }
    errors == 0
}

fn to_json(problem: &Diagnostic) -> serde_json::Value {
    let at = problem.location.as_ref().map(|l| &l.at.span);
    json!({
        "severity": problem.severity.to_string(),
        "message": problem.message,
        "file": at.map(|s| s.file.to_string_lossy().into_owned()),
        "line": at.filter(|s| s.has_position()).map(|s| s.line),
        "column": at.filter(|s| s.has_position()).map(|s| s.col),
        "hint": problem.hint,
    })
}
