//! The command line, defined once with clap; the rest of the program sees plain structs.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// What the user asked for.
pub struct Invocation {
    /// The subcommand and its options.
    pub command: Command,
    /// Whether diagnostics are coloured.
    pub color: bool,
    /// Whether to print only problems.
    pub quiet: bool,
}

/// A subcommand.
pub enum Command {
    /// `statusbook init`.
    Init(InitOptions),
    /// `statusbook build`.
    Build(BuildOptions),
    /// `statusbook serve`.
    Serve(ServeOptions),
    /// `statusbook check`.
    Check(CheckOptions),
}

/// Options of `statusbook init`.
pub struct InitOptions {
    /// Where to create the site.
    pub dir: PathBuf,
    /// Also write the built-in templates out, to customise.
    pub templates: bool,
    /// An OpenAPI document to take the code table from.
    pub from_openapi: Option<PathBuf>,
}

/// Options of `statusbook build`.
pub struct BuildOptions {
    /// The site folder (holding book.toml).
    pub dir: PathBuf,
    /// Where to write the site instead of `build-dir`.
    pub dest_dir: Option<PathBuf>,
    /// Replace the build folder even if statusbook did not make it.
    pub force: bool,
    /// Fail instead of waiting while another build writes into the same folder.
    pub no_wait: bool,
    /// Print how long each stage took.
    pub timings: bool,
}

/// Options of `statusbook serve`.
pub struct ServeOptions {
    /// The site folder.
    pub dir: PathBuf,
    /// The address to listen on.
    pub host: IpAddr,
    /// The port to listen on (0 for any free port).
    pub port: u16,
    /// Open the site in a browser once it is served.
    pub open: bool,
}

/// Options of `statusbook check`.
pub struct CheckOptions {
    /// The site folder.
    pub dir: PathBuf,
    /// Count warnings as errors.
    pub strict: bool,
    /// How to print problems.
    pub format: CheckFormat,
}

/// How `check` prints problems.
#[derive(Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    /// One line per problem: `file:line:col: severity: message`.
    Short,
    /// Like the Rust compiler: the source line, a caret, a hint.
    Human,
    /// A JSON object (`errors`, `warnings`, `problems`), for tools.
    Json,
}

const ABOUT: &str =
    "Turns an API's table of HTTP status codes into a searchable static reference site";

const EXAMPLES: &str = "\
Examples:
  statusbook init my-api-codes     create a site you can build at once
  statusbook serve my-api-codes    preview it at http://127.0.0.1:3000, reloading on every change
  statusbook check my-api-codes    find broken links and codes without a page
  statusbook build my-api-codes    write the site into my-api-codes/book

Exit status: 0 on success, 1 when the site has errors, 2 for a mistake on the command line.";

#[derive(Parser)]
#[command(name = "statusbook", version, about = ABOUT, after_help = EXAMPLES)]
struct Args {
    #[command(subcommand)]
    command: Sub,
    /// When to colour messages [default: auto, which also honours NO_COLOR]
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, hide_default_value = true)]
    color: ColorWhen,
    /// Print only warnings and errors
    #[arg(short, long, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Sub {
    /// Create a new site: book.toml, a short code table, one written page
    #[command(after_help = "\
Examples:
  statusbook init                  turn the current (empty) folder into a site
  statusbook init docs/status      create docs/status and a site in it
  statusbook init --templates      also write the built-in templates to templates/, to edit
  statusbook init --from-openapi openapi.yaml
                                   list the codes the API's OpenAPI document declares, and
                                   read the document (copied into the site) on every build

Existing files are never overwritten: init stops and names them instead.")]
    Init {
        /// Where to create the site
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Also write the built-in templates and static files into templates/
        #[arg(long)]
        templates: bool,
        /// Make content/codes.txt from the codes this OpenAPI document's operations return
        #[arg(long, value_name = "FILE")]
        from_openapi: Option<PathBuf>,
    },
    /// Build the site: every code page, the index, the not-found page, codes.json, search
    #[command(after_help = "\
Examples:
  statusbook build                 build the site in this folder into ./book
  statusbook build docs/status     build the site in docs/status
  statusbook build -d public       write the site into ./public instead
  statusbook build --timings       also print how long each stage took

The build folder is replaced whole, so statusbook only replaces a folder it made (marked
by a .statusbook-build file), an empty one, or a missing one. It refuses any other folder
unless --force is given, and never builds into the site folder, its content or templates,
a folder of additional-css/additional-js files, or a Git repository, even with --force.

Exit status: 0 when the site was built (warnings allowed), 1 when the input has errors
or the build folder is refused (nothing is written, the previous site is left as it was),
2 for a command-line mistake.")]
    Build {
        /// The site folder, holding book.toml and content/codes.txt
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write the site here instead of `[build] build-dir` (relative to the current folder)
        #[arg(short = 'd', long = "dest-dir", value_name = "OUT")]
        dest_dir: Option<PathBuf>,
        /// Replace the build folder even if statusbook did not make it, deleting what is in it
        #[arg(long)]
        force: bool,
        /// Fail at once, instead of waiting, while another build writes into the same folder
        #[arg(long)]
        no_wait: bool,
        /// Print how long each stage of the build took
        #[arg(long)]
        timings: bool,
    },
    /// Serve the site on your machine, rebuilding and reloading the browser on every change
    #[command(after_help = "\
Examples:
  statusbook serve                 serve this folder's site at http://127.0.0.1:3000
  statusbook serve -p 8080 --open  use port 8080 and open a browser
  statusbook serve --host 0.0.0.0  let other machines on the network see it

The site is rebuilt in memory when book.toml, content/ or templates/ change; nothing is
written to the build folder. A failed rebuild is shown in the terminal and over the page,
while the last good site keeps being served.")]
    Serve {
        /// The site folder
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The port to listen on (0 picks a free one)
        #[arg(short, long, default_value_t = 3000)]
        port: u16,
        /// The address to listen on
        #[arg(long, default_value = "127.0.0.1")]
        host: IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Check the site: every build error, plus broken links and anchors and codes without a page
    #[command(after_help = "\
Examples:
  statusbook check                 check the site in this folder
  statusbook check --strict        fail on warnings too (for CI)
  statusbook check --format json   problems as JSON, for tools

Output: one line per problem, `file:line:col: severity: message`, which editors and CI
systems turn into annotations.
Exit status: 0 when there is no error (warnings allowed unless --strict), 1 when there are
problems, 2 for a command-line mistake.")]
    Check {
        /// The site folder
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Treat warnings (such as codes without a written page) as errors
        #[arg(long)]
        strict: bool,
        /// How to print problems
        #[arg(long, value_enum, default_value_t = CheckFormat::Short)]
        format: CheckFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Parses the command line; on a mistake, clap prints help and exits with status 2.
pub fn parse() -> Invocation {
    let args = Args::parse();
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    };
    let command = match args.command {
        Sub::Init {
            dir,
            templates,
            from_openapi,
        } => Command::Init(InitOptions {
            dir,
            templates,
            from_openapi,
        }),
        Sub::Build {
            dir,
            dest_dir,
            force,
            no_wait,
            timings,
        } => Command::Build(BuildOptions {
            dir,
            dest_dir,
            force,
            no_wait,
            timings,
        }),
        Sub::Serve {
            dir,
            port,
            host,
            open,
        } => Command::Serve(ServeOptions {
            dir,
            host,
            port,
            open,
        }),
        Sub::Check {
            dir,
            strict,
            format,
        } => Command::Check(CheckOptions {
            dir,
            strict,
            format,
        }),
    };
    Invocation {
        command,
        color,
        quiet: args.quiet,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_valid() {
        Args::command().debug_assert();
    }
}
