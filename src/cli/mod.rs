//! The command line: turns arguments into library calls and results into
//! text and exit codes. Only this module prints.

pub mod approve;
pub mod args;
pub mod keys;
pub mod passphrase;
pub mod report;
pub mod site;
pub mod trust;

use args::{Cli, Command};
pub use report::CliError;

/// Runs one command.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let root = cli.root;
    match cli.command {
        Command::Init(a) => site::init(&a),
        Command::New(a) => site::new_page(&root, &a),
        Command::Check(a) => site::check(&root, a.format),
        Command::Build(a) => site::build(&root, &a),
        Command::Status(a) => site::status(&root, a.format),
        Command::Key(c) => keys::run(c),
        Command::Trust(c) => trust::run_trust(&root, c),
        Command::Publisher(c) => trust::run_publisher(&root, c),
        Command::Approve(a) => approve::run(&root, &a),
    }
}
