//! The `statusbook` command. Parsing lives in `cli`, each subcommand in `cmd`,
//! printing in `report`; everything else is the library.

mod cli;
mod cmd;
mod report;

use std::process::ExitCode;

use cli::Command;
use report::Reporter;

fn main() -> ExitCode {
    let invocation = cli::parse();
    let reporter = Reporter {
        color: invocation.color,
        quiet: invocation.quiet,
    };
    let ok = match &invocation.command {
        Command::Init(options) => cmd::init::run(options, &reporter),
        Command::Build(options) => cmd::build::run(options, &reporter),
        Command::Serve(options) => cmd::serve::run(options, &reporter),
        Command::Check(options) => cmd::check::run(options, &reporter),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
