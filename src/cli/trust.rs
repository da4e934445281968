//! `sigill trust init` and `sigill publisher add / revoke / list`.

use std::path::{Path, PathBuf};

use super::args::{Format, PublisherCommand, RevokeStatus, TrustCommand};
use super::passphrase::open_key;
use super::CliError;
use sigill::admin;
use sigill::build::load_trust;
use sigill::config;
use sigill::trust::keyfile::KeyFile;
use sigill::trust::keys::fingerprint;
use sigill::trust::registry::KeyStatus;
use sigill::trust::{PublicKey, SigningKey, Timestamp};

fn open_all(files: &[PathBuf]) -> Result<Vec<SigningKey>, CliError> {
    files.iter().map(|f| open_key(f)).collect()
}

fn load_site(root: &Path) -> Result<config::Site, CliError> {
    config::load(root).map_err(CliError::from)
}

/// The trust state to sign a new version from: as of now, or — when the
/// root or registry has already expired — as of just before it expired, so
/// an expired document can still be renewed by the keys that signed it.
fn load_for_admin(site: &config::Site, now: Timestamp) -> Result<sigill::trust::TrustState, CliError> {
    let anchor = site.config.trust.root.clone().ok_or_else(|| CliError::Usage("site.toml pins no trust anchor; run `sigill trust init` first".into()))?;
    let mut at = now;
    for _ in 0..3 {
        match sigill::trust::load_trust(&site.trust_dir(), &anchor, &site.config.site, at) {
            Ok(state) => return Ok(state),
            Err(sigill::trust::TrustError::Expired { expires, .. }) => {
                let Some(before) = Timestamp::parse(&expires).and_then(|t| Timestamp::from_unix(t.unix() - 1)) else { break };
                eprintln!("note: the {expires} expiry has passed; renewing from the last valid state");
                at = before;
            }
            Err(e) => return Err(CliError::Diagnostics { diagnostics: vec![sigill::diagnostic::Diagnostic::error("trust/", e.to_string())], setup: false }),
        }
    }
    load_trust(site, now).map_err(|d| CliError::Diagnostics { diagnostics: vec![d], setup: false })
}

fn public_keys(files: &[PathBuf]) -> Result<Vec<PublicKey>, CliError> {
    files.iter().map(|f| KeyFile::read(f).map(|k| k.public_key()).map_err(CliError::from)).collect()
}

fn renewed(days: u32, now: Timestamp) -> Result<Timestamp, CliError> {
    now.checked_plus_days(i64::from(days))
        .filter(|_| (1..=admin::MAX_VALIDITY_DAYS).contains(&i64::from(days)))
        .ok_or_else(|| CliError::Usage(format!("--days {days}: give 1 to {} days (about ten years)", admin::MAX_VALIDITY_DAYS)))
}

/// A change to the root payload, applied before the new version is signed.
type RootEdit = Box<dyn FnOnce(&mut sigill::trust::root::RootPayload) -> Result<(), admin::AdminError>>;

pub fn run_trust(root: &Path, command: TrustCommand) -> Result<(), CliError> {
    let site = load_site(root)?;
    let now = Timestamp::now();
    let root_version = |edit: RootEdit, sign_with: &[PathBuf], what: &str| -> Result<(), CliError> {
        let state = load_for_admin(&site, now)?;
        let signers = open_all(sign_with)?;
        let refs: Vec<&SigningKey> = signers.iter().collect();
        let path = admin::next_root(&site.trust_dir(), &state, &refs, now, edit)?;
        println!("{what}; wrote {}", path.display());
        println!("the trust anchor is unchanged: citizens' pinned fingerprints stay valid");
        Ok(())
    };
    let command = match command {
        TrustCommand::RenewRoot { days, sign_with } => {
            let expires = renewed(days, now)?;
            return root_version(Box::new(move |p| {
                p.expires = expires;
                Ok(())
            }), &sign_with, &format!("renewed the root until {}", expires.date()));
        }
        TrustCommand::ReleaseKey { new_keys, sign_with } => {
            let keys = public_keys(&new_keys)?;
            return root_version(Box::new(move |p| admin::set_role_keys(p, "release", &keys, 1, "release")), &sign_with, "replaced the release key");
        }
        TrustCommand::RegistryKey { new_keys, threshold, sign_with } => {
            let keys = public_keys(&new_keys)?;
            return root_version(Box::new(move |p| admin::set_role_keys(p, "registry", &keys, threshold, "registry")), &sign_with, "replaced the registry keys");
        }
        TrustCommand::RotateRoot { new_keys, threshold, sign_with } => {
            let keys = public_keys(&new_keys)?;
            return root_version(Box::new(move |p| admin::set_role_keys(p, "root", &keys, threshold, "root")), &sign_with, "replaced the root keys");
        }
        TrustCommand::RenewRegistry { days, sign_with } => {
            let state = load_for_admin(&site, now)?;
            let signers = open_all(&sign_with)?;
            let refs: Vec<&SigningKey> = signers.iter().collect();
            let path = admin::next_registry_until(&site.trust_dir(), &state, &refs, now, i64::from(days), |_| Ok(()))?;
            println!("renewed the registry for {days} days; wrote {}", path.display());
            return Ok(());
        }
        init => init,
    };
    let TrustCommand::Init { root_keys, threshold, registry_keys, release_keys, max_review_days, expires_days } = command else {
        return Err(CliError::Usage("unknown trust command".into()));
    };
    let roots = open_all(&root_keys)?;
    let registries = open_all(&registry_keys)?;
    let releases: Vec<PublicKey> = release_keys.iter().map(|f| KeyFile::read(f).map(|k| k.public_key())).collect::<Result<_, _>>()?;
    let root_refs: Vec<&SigningKey> = roots.iter().collect();
    let registry_refs: Vec<&SigningKey> = registries.iter().collect();
    let anchor = admin::create_trust(&admin::TrustInit {
        site_root: root,
        site: &site.config.site,
        root_keys: &root_refs,
        threshold,
        registry_keys: &registry_refs,
        release_keys: &releases,
        max_review_days,
        expires_days,
        now,
    })?;
    println!("created trust/root/1.root.json and trust/registry/0001.registry.json");
    println!("pinned in site.toml: root = \"{anchor}\"");
    println!("trust anchor fingerprint (publish it where citizens can compare):");
    println!("  {}", fingerprint(anchor.trim_start_matches("sha256:")));
    Ok(())
}

/// A publisher's public key as they hand it over: a `.pub` file written by
/// `sigill key show --public`, a key file, or the base64 text itself.
fn parse_public_key(text: &str) -> Result<PublicKey, CliError> {
    let path = Path::new(text);
    if path.is_file() {
        let bytes = sigill::trust::read_at_most(path, 64 * 1024)
            .map_err(|e| CliError::Usage(format!("--public-key {text}: {e}")))?
            .ok_or_else(|| CliError::Usage(format!("--public-key {text}: the file is larger than a key")))?;
        if bytes.trim_ascii_start().starts_with(b"{") {
            return Ok(KeyFile::read(path)?.public_key());
        }
        let content = String::from_utf8_lossy(&bytes);
        let line = content.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
        return PublicKey::from_base64(line)
            .map_err(|e| CliError::Usage(format!("--public-key {text}: {e}; the file should hold the line `sigill key show --public` prints")));
    }
    PublicKey::from_base64(text).map_err(|e| {
        if text.contains('/') || text.contains('.') || text.contains('\\') {
            CliError::Usage(format!("--public-key {text}: no such file (give a .pub file from `sigill key show --public`, a key file, or the base64 key)"))
        } else {
            CliError::Usage(format!("--public-key: {e} (give base64 of 32 bytes, a .pub file or a key file)"))
        }
    })
}

pub fn run_publisher(root: &Path, command: PublisherCommand) -> Result<(), CliError> {
    let site = load_site(root)?;
    let now = Timestamp::now();
    let state = match &command {
        PublisherCommand::List { .. } => load_trust(&site, now).map_err(|d| CliError::Diagnostics { diagnostics: vec![d], setup: false })?,
        _ => load_for_admin(&site, now)?,
    };
    match command {
        PublisherCommand::Rotate { id, public_key, sign_with, valid_days } => {
            let key = parse_public_key(&public_key)?;
            let signers = open_all(&sign_with)?;
            let refs: Vec<&SigningKey> = signers.iter().collect();
            let path = admin::next_registry(&site.trust_dir(), &state, &refs, now, |payload| admin::rotate_publisher_key(payload, &id, &key, now, valid_days))?;
            println!("gave {id} the new key {} and retired the old one(s); their approvals stay valid; wrote {}", fingerprint(&key.keyid()), path.display());
            Ok(())
        }
        PublisherCommand::Add { id, name, title, unit, public_key, scopes, sign_with, valid_days } => {
            if !sigill::trust::registry::is_valid_publisher_id(&id) {
                return Err(CliError::Usage(format!("publisher id {id:?} must be lowercase letters, digits and '-'")));
            }
            let key = parse_public_key(&public_key)?;
            let signers = open_all(&sign_with)?;
            let refs: Vec<&SigningKey> = signers.iter().collect();
            let publisher = admin::new_publisher(admin::PublisherName { id: &id, name: &name, title: &title, unit: &unit }, &key, &scopes, now, valid_days);
            let path = admin::next_registry(&site.trust_dir(), &state, &refs, now, |payload| admin::add_publisher(payload, publisher))?;
            println!("added {id} ({name}) with key {}; wrote {}", fingerprint(&key.keyid()), path.display());
            Ok(())
        }
        PublisherCommand::Revoke { id, keyid, status, sign_with } => {
            let signers = open_all(&sign_with)?;
            let refs: Vec<&SigningKey> = signers.iter().collect();
            let status = match status {
                RevokeStatus::Retired => KeyStatus::Retired,
                RevokeStatus::Compromised => KeyStatus::Compromised,
            };
            let mut changed = 0;
            let path = admin::next_registry(&site.trust_dir(), &state, &refs, now, |payload| {
                changed = admin::revoke(payload, &id, keyid.as_deref(), status, now)?;
                Ok(())
            })?;
            println!("marked {changed} key(s) of {id} as {status:?}; wrote {}", path.display());
            if status == KeyStatus::Compromised {
                println!("every approval made with that key is now void: run `sigill status` to see the pages to approve again");
            }
            Ok(())
        }
        PublisherCommand::List { format } => {
            let payload = state.registry.payload();
            if format == Format::Json {
                println!("{}", serde_json::to_string_pretty(payload).expect("serialises"));
                return Ok(());
            }
            println!("registry version {} (expires {}), {} publisher(s)", payload.version, payload.expires, payload.publishers.len());
            for p in &payload.publishers {
                println!("\n{}  {}, {}, {}", p.id, p.name, p.title, p.unit);
                println!("  scopes: {}", p.scopes.join(", "));
                for k in &p.keys {
                    println!("  key {}  {:?} since {}, valid {} – {}", fingerprint(&k.keyid), k.status, k.status_since, k.valid_from, k.valid_until);
                }
            }
            Ok(())
        }
    }
}
