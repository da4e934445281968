//! The command line: turns arguments into library calls and results into
//! text and exit codes. Only this module prints.

pub mod approve;
pub mod audit;
pub mod args;
pub mod keys;
pub mod passphrase;
pub mod progress;
pub mod report;
pub mod serve;
pub mod site;
pub mod terminal;
pub mod trust;
pub mod verify;

use args::{Cli, Command};
pub use report::CliError;
pub use terminal::{hidden_characters, visible, visible_lines};

/// Runs one command.
pub fn run(cli: Cli) -> Result<(), CliError> {
    if let Ok(pinned) = std::env::var(sigill::trust::timestamp::CLOCK_ENV) {
        if sigill::trust::Timestamp::parse_date_or_time(&pinned).is_none() {
            return Err(CliError::Usage(format!("SIGILL_NOW={pinned:?} is not a date (2027-05-31) or a time (2027-05-31T12:00:00Z)")));
        }
    }
    if let Command::Verify(mut args) = cli.command {
        if let Some(value) = cli.root {
            if verify::normalize_anchor(&value).is_none() {
                return Err(CliError::Usage(format!("for verify, --root is the trust anchor (sha256:HEX, as printed on the site), not {value:?}")));
            }
            args.anchor = args.anchor.or(Some(value));
        }
        return verify::run(&args);
    }
    if let Command::Completions { shell } = cli.command {
        let mut command = <Cli as clap::CommandFactory>::command();
        clap_complete::generate(shell, &mut command, "sigill", &mut std::io::stdout());
        return Ok(());
    }
    let root = std::path::PathBuf::from(cli.root.unwrap_or_else(|| ".".into()));
    match cli.command {
        Command::Init(a) => site::init(&a),
        Command::New(a) => site::new_page(&root, &a),
        Command::Check(a) => site::check(&root, a.format, a.strict),
        Command::Build(a) => site::build(&root, &a),
        Command::Serve(a) => serve::run(&root, &a),
        Command::Status(a) => site::status(&root, a.format),
        Command::Key(c) => keys::run(c),
        Command::Trust(c) => trust::run_trust(&root, c),
        Command::Publisher(c) => trust::run_publisher(&root, c),
        Command::Approve(a) => approve::run(&root, &a),
        Command::Audit(a) => audit::run(&root, &a),
        Command::Verify(_) | Command::Completions { .. } => unreachable!("handled above"),
    }
}
