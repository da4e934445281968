//! Passphrases: from SIGILL_PASSPHRASE for scripts, else asked on the terminal.

use std::io::IsTerminal;
use std::path::Path;

use zeroize::Zeroizing;

use super::CliError;
use sigill::trust::keyfile::KeyFile;
use sigill::trust::SigningKey;

/// The environment variable scripts and CI use.
pub const ENV: &str = "SIGILL_PASSPHRASE";

/// The shortest passphrase a new key file accepts (characters).
pub const MIN_PASSPHRASE_CHARS: usize = 10;

fn long_enough(passphrase: &str) -> Result<(), CliError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(CliError::Usage(tr!("passphrase-use-passphrase-at-least-characters", min_passphrase_chars = MIN_PASSPHRASE_CHARS)));
    }
    Ok(())
}

/// Reads a passphrase for `purpose`; `new` when it will seal a new key,
/// which asks twice on a terminal and refuses a short passphrase.
pub fn ask(purpose: &str, new: bool) -> Result<Zeroizing<String>, CliError> {
    if let Ok(value) = std::env::var(ENV) {
        let value = Zeroizing::new(value);
        if new {
            long_enough(&value)?;
        }
        return Ok(value);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(tr!("passphrase-passphrase-needed-for-set-run", purpose = purpose, env = ENV)));
    }
    let first = Zeroizing::new(
        rpassword::prompt_password(format!("Passphrase for {purpose}: ")).map_err(|e| CliError::Usage(tr!("passphrase-cannot-read-passphrase", error = e)))?,
    );
    if new {
        long_enough(&first)?;
        let second = Zeroizing::new(rpassword::prompt_password("Repeat it: ").map_err(|e| CliError::Usage(tr!("passphrase-cannot-read-passphrase", error = e)))?);
        if *first != *second {
            return Err(CliError::Usage(tr!("passphrase-passphrases-differ-nothing-was-written")));
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
