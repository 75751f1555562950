//! How the command line shows progress and problems (stderr, coloured on a terminal).

use statusbook::diagnostic::{self, Diagnostic};

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
        let warnings = problems.len() - errors;
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

/// `1 error`, `3 errors`.
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
