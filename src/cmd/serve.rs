//! `statusbook serve`: the dev server, with live reload.

use std::net::SocketAddr;
use std::sync::Arc;

use statusbook::serve::{self, Event};

use crate::cli::ServeOptions;
use crate::report::{Reporter, count};

/// Serves until interrupted; returns false if the server could not start.
pub fn run(options: &ServeOptions, reporter: &Reporter) -> bool {
    // A folder that is not a site is a mistake to report, not a page to serve.
    if let Err(problems) = statusbook::site::find(&options.dir) {
        reporter.problems(&problems);
        reporter.failed("serve", &problems, "nothing is served");
        return false;
    }
    let printer = Reporter {
        color: reporter.color,
        quiet: reporter.quiet,
    };
    let report = Arc::new(move |event: Event| match event {
        Event::Built {
            took,
            codes,
            warnings,
            rebuild,
        } => {
            printer.problems(&warnings);
            let what = if rebuild { "rebuilt" } else { "built" };
            printer.info(&format!(
                "{what} {} in {} ms",
                count(codes, "code"),
                took.as_millis()
            ));
        }
        Event::Updated { pages, took } => {
            let what = match pages.as_slice() {
                [] => "no page changed".to_string(),
                [page] => format!("updated {page}"),
                many => format!("updated {} pages", many.len()),
            };
            printer.info(&format!("{what} in {} ms", took.as_millis()));
        }
        Event::Failed(problems) => {
            printer.problems(&problems);
            printer.failed("build", &problems, "the last good site is still served");
        }
    });
    let address = SocketAddr::new(options.host, options.port);
    let server = match serve::start(options.dir.clone(), address, report) {
        Ok(server) => server,
        Err(problem) => {
            reporter.problems(&[problem]);
            return false;
        }
    };
    let url = format!("http://{}/", server.address);
    // Always said, even with --quiet: it is the one thing a person needs to know.
    eprintln!(
        "serving {} at {url} (Ctrl+C to stop)",
        options.dir.display()
    );
    if options.open
        && let Err(error) = opener::open_browser(&url)
    {
        eprintln!("could not open a browser ({error}); open {url} yourself");
    }
    server.run_until_interrupted();
    true
}
