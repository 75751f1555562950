//! `statusbook build`: read and check the site, then render it into a temporary folder that
//! replaces the build folder.

use std::time::Instant;

use statusbook::Wait;
use statusbook::incremental::{self, Reuse};
use statusbook::site;

use crate::cli::BuildOptions;
use crate::report::{Reporter, count};

/// Builds the site; returns whether it was written.
pub fn run(options: &BuildOptions, reporter: &Reporter) -> bool {
    let started = Instant::now();
    let shown = |dir: &std::path::Path| dir.display().to_string();
    let waiting = |dir: String| {
        move || reporter.info(&format!("waiting for another build into {dir} to finish…"))
    };
    let say = waiting(
        options
            .dest_dir
            .as_deref()
            .map_or_else(|| "the build folder".to_string(), shown),
    );
    let wait = |say| {
        if options.no_wait {
            Wait::No
        } else {
            Wait::Yes(say)
        }
    };
    // Ctrl-C or SIGTERM: remove the half-written temporary folder; the site stays as it was.
    let _ = ctrlc::set_handler(|| {
        statusbook::abandon();
        std::process::exit(130);
    });
    // From the previous build, when its manifest says nothing changed, or only code pages.
    if !options.force {
        let reuse = incremental::build(&options.dir, options.dest_dir.as_deref(), wait(&say));
        if let Reuse::UpToDate(done) | Reuse::Updated(done) = &reuse {
            reporter.problems(&done.warnings);
            let (codes, written_pages, other_pages) = done.counts;
            let what = match (&reuse, done.rewritten) {
                (Reuse::UpToDate(_), _) => "nothing changed".to_string(),
                (_, 0) => "no file changed, only the edited pages rendered".to_string(),
                (_, n) => format!(
                    "{} changed, only the edited pages rendered",
                    count(n, "file")
                ),
            };
            reporter.info(&format!(
                "built {} ({} with a written page) and {} into {} in {} ms ({what})",
                count(codes, "code"),
                written_pages,
                count(other_pages, "other page"),
                done.build_dir.display(),
                started.elapsed().as_millis()
            ));
            if options.timings {
                reporter.timings(&done.timings, done.rewritten, 0);
            }
            return true;
        }
    }
    let loaded = match site::load_to_write(&options.dir) {
        Ok(loaded) => loaded,
        Err(problems) => {
            reporter.problems(&problems);
            reporter.failed("build", &problems, "nothing was written");
            return false;
        }
    };
    reporter.problems(&loaded.warnings);
    let build_dir = options
        .dest_dir
        .clone()
        .unwrap_or_else(|| loaded.build_dir().to_path_buf());
    let say = waiting(shown(&build_dir));
    let wait = wait(&say);
    let (written, timings) = match loaded.write(&build_dir, options.force, wait) {
        Ok(done) => done,
        Err(errors) => {
            reporter.problems(&errors);
            let mut all = loaded.warnings.clone();
            all.extend(errors);
            let consequence = format!("{} is as it was", build_dir.display());
            reporter.failed("build", &all, &consequence);
            return false;
        }
    };
    if written.adopted {
        reporter.info(&format!(
            "note: {} was built by an earlier statusbook and holds only files it wrote; it now carries a {} marker, so later builds know it",
            build_dir.display(),
            statusbook::MARKER
        ));
    }
    let (codes, written_pages, other_pages) = loaded.counts();
    let changed = match written.changed {
        0 => "no file changed".to_string(),
        n if n == written.files => count(n, "file"),
        n => format!("{} changed", count(n, "file")),
    };
    reporter.info(&format!(
        "built {} ({} with a written page) and {} into {} in {} ms ({changed})",
        count(codes, "code"),
        written_pages,
        count(other_pages, "other page"),
        build_dir.display(),
        started.elapsed().as_millis()
    ));
    if options.timings {
        reporter.timings(&timings, written.files, written.bytes);
    }
    // The process ends next, which returns all its memory at once: freeing a large site's
    // many small allocations one by one first would only delay the exit.
    std::mem::forget(loaded);
    true
}
