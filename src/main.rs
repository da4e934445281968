//! The `sigill` binary: parse arguments, run the command, exit with its code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    // A closed pipe (`sigill verify … | head -1`) ends the program quietly,
    // as it does for other command-line tools, instead of a panic.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal before any thread
    // starts; nothing else in the process has installed a handler for it.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args = sigill::cli::args::Cli::parse();
    let code = match sigill::cli::run(args) {
        Ok(()) => 0,
        Err(error) => sigill::cli::report::print_error(&error),
    };
    std::process::ExitCode::from(code)
}
