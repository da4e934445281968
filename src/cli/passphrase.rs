//! Passphrases: from SIGILL_PASSPHRASE for scripts, else asked on the terminal.

use std::io::IsTerminal;
use std::path::Path;

use zeroize::Zeroizing;

use super::CliError;
use crate::trust::keyfile::KeyFile;
use crate::trust::SigningKey;

/// The environment variable scripts and CI use.
pub const ENV: &str = "SIGILL_PASSPHRASE";

/// Reads a passphrase for `purpose`.
pub fn ask(purpose: &str, confirm: bool) -> Result<Zeroizing<String>, CliError> {
    if let Ok(value) = std::env::var(ENV) {
        return Ok(Zeroizing::new(value));
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(format!("a passphrase is needed for {purpose}; set {ENV} or run on a terminal")));
    }
    let first = Zeroizing::new(
        rpassword::prompt_password(format!("Passphrase for {purpose}: ")).map_err(|e| CliError::Usage(format!("cannot read passphrase: {e}")))?,
    );
    if confirm {
        let second = Zeroizing::new(rpassword::prompt_password("Repeat it: ").map_err(|e| CliError::Usage(format!("cannot read passphrase: {e}")))?);
        if *first != *second {
            return Err(CliError::Usage("the passphrases differ; nothing was written".into()));
        }
        if first.chars().count() < 8 {
            return Err(CliError::Usage("use a passphrase of at least 8 characters".into()));
        }
    }
    Ok(first)
}

/// Reads and opens a key file, asking for its passphrase if it has one.
pub fn open_key(path: &Path) -> Result<SigningKey, CliError> {
    let file = KeyFile::read(path)?;
    let passphrase = if file.needs_passphrase() { Some(ask(&path.display().to_string(), false)?) } else { None };
    Ok(file.open(path, passphrase.as_deref().map(String::as_str))?)
}
