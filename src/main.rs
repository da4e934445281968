//! The `sigill` binary: parse arguments, run the command, exit with its code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let args = sigill::cli::args::Cli::parse();
    let code = match sigill::cli::run(args) {
        Ok(()) => 0,
        Err(error) => sigill::cli::report::print_error(&error),
    };
    std::process::ExitCode::from(code)
}
