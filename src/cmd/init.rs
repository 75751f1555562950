//! `statusbook init`: scaffold a site, or write out the built-in templates.

use statusbook::init;

use crate::cli::InitOptions;
use crate::report::{Reporter, count};

/// Creates the site; returns whether it was created.
pub fn run(options: &InitOptions, reporter: &Reporter) -> bool {
    let result = match &options.from_openapi {
        Some(spec) => init::init_from_openapi(&options.dir, spec, options.templates).map(
            |(written, warnings)| {
                reporter.problems(&warnings);
                written
            },
        ),
        None => init::init(&options.dir, options.templates).map_err(|e| vec![e]),
    };
    match result {
        Ok(written) => {
            for path in &written {
                reporter.info(&format!("  created {}", options.dir.join(path).display()));
            }
            let dir = options.dir.display();
            reporter.info(&format!(
                "wrote {}. Next: `statusbook serve {dir}` to preview it, then edit {dir}/content/codes.txt",
                count(written.len(), "file")
            ));
            true
        }
        Err(problems) => {
            reporter.problems(&problems);
            false
        }
    }
}
