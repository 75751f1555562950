//! `statusbook build`: render the site in memory, then swap it into the build folder.

use std::time::Instant;

use statusbook::site;

use crate::cli::BuildOptions;
use crate::report::{Reporter, count};

/// Builds the site; returns whether it was written.
pub fn run(options: &BuildOptions, reporter: &Reporter) -> bool {
    let started = Instant::now();
    let mut built = match site::build(&options.dir) {
        Ok(built) => built,
        Err(problems) => {
            reporter.problems(&problems);
            reporter.failed("build", &problems, "nothing was written");
            return false;
        }
    };
    reporter.problems(&built.warnings);
    let build_dir = options
        .dest_dir
        .clone()
        .unwrap_or_else(|| built.build_dir.clone());
    let mut timings = std::mem::take(&mut built.timings);
    if let Err(error) = timings.measure("write", || built.write(&build_dir)) {
        let problems = [error];
        reporter.problems(&problems);
        reporter.failed(
            "build",
            &problems,
            "the previous site, if any, is unchanged",
        );
        return false;
    }
    reporter.info(&format!(
        "built {} ({} with a written page) and {} into {} in {} ms",
        count(built.codes, "code"),
        built.written,
        count(built.pages, "other page"),
        build_dir.display(),
        started.elapsed().as_millis()
    ));
    if options.timings {
        reporter.timings(&timings, built.output.len(), built.output.total_bytes());
    }
    true
}
