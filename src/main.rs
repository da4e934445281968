//! The `sigill` binary: parse arguments, run the command, exit with its code.

// The command line is the one place that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[macro_use]
extern crate sigill;

mod cli;

use clap::Parser;

/// mimalloc instead of the system allocator: a build allocates many small
/// values per page on every worker thread, and mimalloc does that with
/// less CPU than glibc's malloc (10 000 pages: about 15 % less user time).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (the same in its
/// versions 2 and 3).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// `mi_option_arena_eager_commit` in mimalloc's `mi_option_t` (the same in
/// its versions 2 and 3).
const MI_OPTION_ARENA_EAGER_COMMIT: std::ffi::c_int = 4;

extern "C" {
    /// Sets one of mimalloc's options (`mimalloc.h`); linked with the
    /// `mimalloc` crate's allocator.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

fn main() -> std::process::ExitCode {
    // A closed pipe (`sigill verify … | head -1`) ends the program quietly,
    // as it does for other command-line tools, instead of a panic.
    #[cfg(unix)]
    // SAFETY: restoring the default action of one signal before any thread
    // starts; nothing else in the process has installed a handler for it.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // mimalloc gives memory a stage freed back to the system after 10 ms
    // instead of its default second: a build frees a stage's data just
    // before the next stage allocates its own (30 000 pages: about 200 →
    // 160 MiB peak, at the same speed). It commits an arena's memory as
    // pages are taken from it, not all at once when the arena is made; and
    // (the `no_thp` feature) it does not ask for transparent huge pages,
    // which a process touching a little of each would hold whole (10 000
    // pages: about 80 → 57 MiB, 100 000: 336–344 → 323 MiB, as fast).
    // SAFETY: sets two of mimalloc's options, which it reads on each purge
    // and when it makes an arena.
    unsafe {
        mi_option_set(MI_OPTION_PURGE_DELAY, 10);
        mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
    }
    let args = cli::args::Cli::parse();
    let code = match cli::run(args) {
        Ok(()) => 0,
        Err(error) => cli::report::print_error(&error),
    };
    std::process::ExitCode::from(code)
}
