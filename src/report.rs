//! How the command line shows progress and problems (stderr, coloured on a terminal).

use statusbook::diagnostic::{self, Diagnostic};
use statusbook::site::Timings;

/// Prints to stderr, honouring `--color` and `--quiet`.
pub struct Reporter {
    /// Colour the output.
    pub color: bool,
    /// Print only problems.
    pub quiet: bool,
}

impl Reporter {
    /// Shows every problem, rustc-style.
    pub fn problems(&self, problems: &[Diagnostic]) {
        if !problems.is_empty() {
            eprint!("{}", diagnostic::render(problems, self.color));
        }
    }

    /// Says a command failed, with the count of errors and warnings.
    pub fn failed(&self, command: &str, problems: &[Diagnostic], consequence: &str) {
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let warnings = problems
            .iter()
            .filter(|p| p.severity == statusbook::Severity::Warning)
            .count();
        let mut counts = count(errors, "error");
        if warnings > 0 {
            counts.push_str(&format!(", {}", count(warnings, "warning")));
        }
        eprintln!("{command} failed ({counts}); {consequence}");
    }

    /// Says what was done, unless quiet.
    pub fn info(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }
}

impl Reporter {
    /// Prints how long each stage took, and what was written (always: the user asked).
    pub fn timings(&self, timings: &Timings, files: usize, bytes: usize) {
        for (stage, took) in &timings.0 {
            eprintln!("{:>14}  {:>9.1} ms", stage, took.as_secs_f64() * 1000.0);
        }
        eprintln!(
            "{:>14}  {} files, {:.1} MB",
            "output",
            files,
            bytes as f64 / 1_000_000.0
        );
    }
}

/// `1 error`, `3 errors`.
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
