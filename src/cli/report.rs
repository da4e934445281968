//! How results reach people: diagnostics, errors and exit codes.

#[cfg(feature = "site")]
use std::io::Write;

#[cfg(feature = "site")]
use sigill::build::BuildError;
#[cfg(feature = "site")]
use sigill::diagnostic::Diagnostic;

/// A failed command. `Failed` is exit 1 (the site, a page, an approval or a
/// verification failed); `Usage` is exit 2 (usage, configuration, I/O).
#[derive(Debug)]
pub enum CliError {
    Failed(String),
    Usage(String),
    /// A failure with its own exit status (verify: 3 stale, 4 from the future).
    Exit { code: u8, message: String },
    /// Problems in the site; exit 1, or 2 when `setup` is true.
    #[cfg(feature = "site")]
    Diagnostics { diagnostics: Vec<Diagnostic>, setup: bool },
}

#[cfg(feature = "site")]
impl From<BuildError> for CliError {
    fn from(error: BuildError) -> Self {
        match error {
            BuildError::Site(diagnostics) => CliError::Diagnostics { diagnostics, setup: false },
            BuildError::Setup(d) => CliError::Diagnostics { diagnostics: vec![d], setup: true },
            BuildError::Config(diagnostics) => CliError::Diagnostics { diagnostics, setup: true },
        }
    }
}

#[cfg(feature = "site")]
impl From<sigill::config::ConfigError> for CliError {
    fn from(error: sigill::config::ConfigError) -> Self {
        CliError::Diagnostics { diagnostics: error.0, setup: true }
    }
}

#[cfg(feature = "site")]
impl From<sigill::admin::AdminError> for CliError {
    fn from(error: sigill::admin::AdminError) -> Self {
        match error {
            sigill::admin::AdminError::Refused(m) => CliError::Failed(m),
            other => CliError::Usage(other.to_string()),
        }
    }
}

impl From<sigill::trust::keyfile::KeyFileError> for CliError {
    fn from(error: sigill::trust::keyfile::KeyFileError) -> Self {
        CliError::Usage(error.to_string())
    }
}

#[cfg(feature = "site")]
/// Prints diagnostics, errors first, with a count.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let stderr = std::io::stderr();
    let mut out = stderr.lock();
    for d in diagnostics {
        let _ = writeln!(out, "{d}");
    }
}

/// Prints an error and returns its exit code.
pub fn print_error(error: &CliError) -> u8 {
    match error {
        CliError::Failed(message) => {
            eprintln!("{}", tr!("report-error", message = message));
            1
        }
        CliError::Usage(message) => {
            eprintln!("{}", tr!("report-error", message = message));
            2
        }
        CliError::Exit { code, message } => {
            eprintln!("{}", tr!("report-error", message = message));
            *code
        }
        #[cfg(feature = "site")]
        CliError::Diagnostics { diagnostics, setup } => {
            print_diagnostics(diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("{}", tr!("report-error-problem-found-nothing-was", errors = errors));
            if *setup {
                2
            } else {
                1
            }
        }
    }
}
