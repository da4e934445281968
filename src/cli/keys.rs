//! `sigill key new` and `sigill key show`.

use super::args::KeyCommand;
use super::passphrase;
use super::CliError;
use sigill::trust::keyfile::{KeyFile, MIN_ITERATIONS};
use sigill::trust::keys::fingerprint;
use sigill::trust::SigningKey;

pub fn run(command: KeyCommand) -> Result<(), CliError> {
    match command {
        KeyCommand::New { file, label, no_passphrase } => {
            let key = SigningKey::generate().map_err(|e| CliError::Usage(e.to_string()))?;
            let pass = if no_passphrase { None } else { Some(passphrase::ask(&tr!("keys-new-key", file = file.display()), true)?) };
            KeyFile::seal(&key, &label, pass.as_deref().map(String::as_str), MIN_ITERATIONS)?.write_new(&file)?;
            println!("{}", tr!("keys-created-mode", file = file.display(), encrypted = if no_passphrase { ", NOT encrypted" } else { ", encrypted" }));
            print_public(key.public());
            Ok(())
        }
        KeyCommand::Show { file, public } => {
            let key_file = KeyFile::read(&file)?;
            if public {
                // Exactly what `publisher add --public-key FILE` reads.
                println!("{}", key_file.public_key().to_base64());
                return Ok(());
            }
            if !key_file.label.is_empty() {
                println!("{}", tr!("keys-label", label = key_file.label));
            }
            println!("{}", tr!("keys-encrypted", no = if key_file.needs_passphrase() { "yes" } else { "no" }));
            print_public(&key_file.public_key());
            Ok(())
        }
    }
}

fn print_public(key: &sigill::trust::PublicKey) {
    println!("{}", tr!("keys-keyid", keyid = key.keyid()));
    println!("{}", tr!("keys-fingerprint", keyid = fingerprint(&key.keyid().hex())));
    println!("{}", tr!("keys-public-key", to_base64 = key.to_base64()));
}
