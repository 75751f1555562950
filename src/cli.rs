//! The command line, defined once with clap; the rest of the program sees plain structs.

use std::io::IsTerminal;
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
    /// `statusbook build`.
    Build(BuildOptions),
}

/// Options of `statusbook build`.
pub struct BuildOptions {
    /// The site folder (holding book.toml).
    pub dir: PathBuf,
    /// Where to write the site instead of `build-dir`.
    pub dest_dir: Option<PathBuf>,
    /// Print how long each stage took.
    pub timings: bool,
}

const AFTER_HELP: &str = "\
Examples:
  statusbook build                 build the site in this folder into ./book
  statusbook build docs/status     build the site in docs/status
  statusbook build -d public       write the site into ./public instead

Exit status: 0 when the site was built (warnings allowed), 1 when the input has errors
(nothing is written), 2 for a mistake on the command line.";

#[derive(Parser)]
#[command(
    name = "statusbook",
    version,
    about = "Turns an API's table of HTTP status codes into a searchable static reference site",
    after_help = AFTER_HELP
)]
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
    /// Build the site: every code page, the index, the not-found page, codes.json
    #[command(after_help = AFTER_HELP)]
    Build {
        /// The site folder, holding book.toml and content/codes.txt
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write the site here instead of `[build] build-dir` (relative to the current folder)
        #[arg(short = 'd', long = "dest-dir", value_name = "OUT")]
        dest_dir: Option<PathBuf>,
        /// Print how long each stage of the build took
        #[arg(long)]
        timings: bool,
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
        Sub::Build {
            dir,
            dest_dir,
            timings,
        } => Command::Build(BuildOptions {
            dir,
            dest_dir,
            timings,
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
