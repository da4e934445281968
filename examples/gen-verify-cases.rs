//! Writes Sigill's shared verifier fixture cases to a folder, with
//! `cases.json` naming each case's verdict and reason code, for anyone
//! writing another verifier from docs/format.md:
//!
//!     cargo build && cargo run --example gen-verify-cases -- DIR

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../tests/it/common/mod.rs"]
mod common;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: gen-verify-cases DIR");
        std::process::exit(2);
    };
    // The cases are built by the real `sigill` binary, beside this example.
    let exe = std::env::current_exe().ok().and_then(|p| Some(p.parent()?.parent()?.join("sigill"))).filter(|p| p.is_file());
    let Some(exe) = exe else {
        eprintln!("build the sigill binary first: cargo build");
        std::process::exit(2);
    };
    std::env::set_var("CARGO_BIN_EXE_sigill", exe);
    let set = common::cases::write_cases(std::path::Path::new(&dir));
    println!("wrote {} cases to {dir} (check them at {})", set.cases.len(), set.now);
}
