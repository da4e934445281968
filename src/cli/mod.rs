//! The command line: turns arguments into library calls and results into
//! text and exit codes. Only this module prints.

pub mod args;
pub mod report;
pub mod terminal;
pub mod verify;
#[cfg(feature = "site")]
pub mod approve;
#[cfg(feature = "site")]
pub mod audit;
#[cfg(feature = "site")]
pub mod keys;
#[cfg(feature = "site")]
pub mod passphrase;
#[cfg(feature = "site")]
pub mod progress;
#[cfg(feature = "site")]
pub mod serve;
#[cfg(feature = "site")]
pub mod site;
#[cfg(feature = "site")]
pub mod trust;

use args::{Cli, Command};
pub use report::CliError;
pub use terminal::visible;
#[cfg(feature = "site")]
pub use terminal::{hidden_characters, visible_lines};

/// Runs one command.
pub fn run(cli: Cli) -> Result<(), CliError> {
    // Messages follow the user's locale (SIGILL_LANG, LC_ALL, LC_MESSAGES,
    // LANG); English when it names neither Swedish nor English.
    let asked = sigill::l10n::language_from_env();
    sigill::l10n::set_language(asked.unwrap_or(sigill::language::Language::En));
    if let Ok(pinned) = std::env::var(sigill::trust::timestamp::CLOCK_ENV) {
        if sigill::trust::Timestamp::parse_date_or_time(&pinned).is_none() {
            return Err(CliError::Usage(tr!("cli-sigill-now-not-date-time", pinned = format!("{:?}", pinned))));
        }
    }
    if let Command::Log(command) = cli.command {
        return verify::log(&command);
    }
    if let Command::Verify(mut args) = cli.command {
        if let Some(value) = cli.root {
            if verify::normalize_anchor(&value).is_none() {
                return Err(CliError::Usage(tr!("cli-for-verify-root-trust-anchor", value = format!("{:?}", value))));
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
    run_site(cli)
}

/// Every command but `verify` and `completions` (feature `site`).
#[cfg(feature = "site")]
fn run_site(cli: Cli) -> Result<(), CliError> {
    let root = std::path::PathBuf::from(cli.root.unwrap_or_else(|| ".".into()));
    // A site's commands speak the site's language when the locale does not
    // name one (a build server with LANG=C, say).
    if sigill::l10n::language_from_env().is_none() {
        if let Ok(site) = sigill::config::load(&root) {
            sigill::l10n::set_language(site.config.language);
        }
    }
    match cli.command {
        Command::Init(a) => site::init(&a),
        Command::New(a) => site::new_page(&root, &a),
        Command::Check(a) => site::check(&root, &a),
        Command::Build(a) => site::build(&root, &a),
        Command::Serve(a) => serve::run(&root, &a),
        Command::Desk(a) => serve::desk(&root, &a),
        Command::Status(a) => site::status(&root, a.format),
        Command::Key(c) => keys::run(c),
        Command::Trust(c) => trust::run_trust(&root, c),
        Command::Publisher(c) => trust::run_publisher(&root, c),
        Command::Approve(a) => approve::run(&root, &a),
        Command::Withdraw(a) => approve::withdraw(&root, &a),
        Command::History(a) => approve::history(&root, &a),
        Command::Audit(a) => audit::run(&root, &a),
        Command::Verify(_) | Command::Log(_) | Command::Completions { .. } => unreachable!("handled above"),
    }
}

#[cfg(not(feature = "site"))]
fn run_site(_: Cli) -> Result<(), CliError> {
    Err(CliError::Usage(tr!("cli-this-sigill-built-for-verifying")))
}
