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
    let anchor = site.config.trust.root.clone().ok_or_else(|| CliError::Usage(tr!("trust-site-toml-pins-no-trust")))?;
    let mut at = now;
    for _ in 0..3 {
        match sigill::trust::load_trust(&site.trust_dir(), &anchor, &site.config.site, at) {
            Ok(state) => return Ok(state),
            Err(sigill::trust::TrustError::Expired { expires, .. }) => {
                let Some(before) = Timestamp::parse(&expires).and_then(|t| Timestamp::from_unix(t.unix() - 1)) else { break };
                eprintln!("{}", tr!("trust-note-expiry-has-passed-renewing", expires = expires));
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
        .ok_or_else(|| CliError::Usage(tr!("trust-days-give-days-about-ten", days = days, max_validity_days = admin::MAX_VALIDITY_DAYS)))
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
        println!("{}", tr!("trust-wrote", what = what, path = path.display()));
        println!("{}", tr!("trust-trust-anchor-unchanged-citizens-pinned"));
        Ok(())
    };
    let command = match command {
        TrustCommand::RenewRoot { days, sign_with } => {
            let expires = renewed(days, now)?;
            return root_version(Box::new(move |p| {
                p.expires = expires;
                Ok(())
            }), &sign_with, &tr!("trust-renewed-root-until", date = expires.date()));
        }
        TrustCommand::ReleaseKey { new_keys, sign_with } => {
            let keys = public_keys(&new_keys)?;
            return root_version(Box::new(move |p| admin::set_role_keys(p, "release", &keys, 1, "release")), &sign_with, &tr!("trust-replaced-release-key"));
        }
        TrustCommand::RegistryKey { new_keys, threshold, sign_with } => {
            let keys = public_keys(&new_keys)?;
            return root_version(Box::new(move |p| admin::set_role_keys(p, "registry", &keys, threshold, "registry")), &sign_with, &tr!("trust-replaced-registry-keys"));
        }
        TrustCommand::RotateRoot { new_keys, threshold, sign_with } => {
            let keys = public_keys(&new_keys)?;
            return root_version(Box::new(move |p| admin::set_role_keys(p, "root", &keys, threshold, "root")), &sign_with, &tr!("trust-replaced-root-keys"));
        }
        TrustCommand::RenewRegistry { days, sign_with } => {
            let state = load_for_admin(&site, now)?;
            let signers = open_all(&sign_with)?;
            let refs: Vec<&SigningKey> = signers.iter().collect();
            let path = admin::next_registry_until(&site.trust_dir(), &state, &refs, now, i64::from(days), |_| Ok(()))?;
            println!("{}", tr!("trust-renewed-registry-for-days-wrote", days = days, path = path.display()));
            return Ok(());
        }
        init => init,
    };
    let TrustCommand::Init { root_keys, threshold, registry_keys, release_keys, max_review_days, expires_days } = command else {
        return Err(CliError::Usage(tr!("trust-unknown-trust-command")));
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
    println!("{}", tr!("trust-created-trust-root-root-json"));
    println!("{}", tr!("trust-pinned-in-site-toml-root", anchor = anchor));
    println!("{}", tr!("trust-trust-anchor-fingerprint-publish-it"));
    println!("{}", tr!("trust-message", sha256 = fingerprint(anchor.trim_start_matches("sha256:"))));
    Ok(())
}

/// A publisher's public key as they hand it over: a `.pub` file written by
/// `sigill key show --public`, a key file, or the base64 text itself.
fn parse_public_key(text: &str) -> Result<PublicKey, CliError> {
    let path = Path::new(text);
    if path.is_file() {
        let bytes = sigill::trust::read_at_most(path, 64 * 1024)
            .map_err(|e| CliError::Usage(tr!("trust-public-key", text = text, error = e)))?
            .ok_or_else(|| CliError::Usage(tr!("trust-public-key-file-larger-than", text = text)))?;
        if bytes.trim_ascii_start().starts_with(b"{") {
            return Ok(KeyFile::read(path)?.public_key());
        }
        let content = String::from_utf8_lossy(&bytes);
        let line = content.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
        return PublicKey::from_base64(line)
            .map_err(|e| CliError::Usage(tr!("trust-public-key-file-should-hold", text = text, error = e)));
    }
    PublicKey::from_base64(text).map_err(|e| {
        if text.contains('/') || text.contains('.') || text.contains('\\') {
            CliError::Usage(tr!("trust-public-key-no-such-file", text = text))
        } else {
            CliError::Usage(tr!("trust-public-key-give-base-bytes", error = e))
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
            println!("{}", tr!("trust-gave-new-key-retired-old", id = id, keyid = fingerprint(&key.keyid().hex()), path = path.display()));
            Ok(())
        }
        PublisherCommand::Add { id, name, title, unit, public_key, scopes, sign_with, valid_days } => {
            if !sigill::trust::registry::is_valid_publisher_id(&id) {
                return Err(CliError::Usage(tr!("trust-publisher-id-must-be-lowercase", id = format!("{:?}", id))));
            }
            let key = parse_public_key(&public_key)?;
            let signers = open_all(&sign_with)?;
            let refs: Vec<&SigningKey> = signers.iter().collect();
            let publisher = admin::new_publisher(admin::PublisherName { id: &id, name: &name, title: &title, unit: &unit }, &key, &scopes, now, valid_days);
            let path = admin::next_registry(&site.trust_dir(), &state, &refs, now, |payload| admin::add_publisher(payload, publisher))?;
            println!("{}", tr!("trust-added-with-key-wrote", id = id, name = name, keyid = fingerprint(&key.keyid().hex()), path = path.display()));
            Ok(())
        }
        PublisherCommand::Require { scope, approvals, sign_with } => {
            let signers = open_all(&sign_with)?;
            let refs: Vec<&SigningKey> = signers.iter().collect();
            let path = admin::next_registry(&site.trust_dir(), &state, &refs, now, |payload| admin::require_approvals(payload, &scope, approvals))?;
            println!("{}", tr!("trust-required-approvals", scope = scope, approvals = approvals, path = path.display()));
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
            println!("{}", tr!("trust-marked-key-as-wrote", changed = changed, id = id, status = format!("{:?}", status), path = path.display()));
            if status == KeyStatus::Compromised {
                println!("{}", tr!("trust-every-approval-made-with-that"));
            }
            Ok(())
        }
        PublisherCommand::List { format } => {
            let payload = state.registry.payload();
            if format == Format::Json {
                println!("{}", serde_json::to_string_pretty(payload).expect("serialises"));
                return Ok(());
            }
            println!("{}", tr!("trust-registry-version-expires-publisher", version = payload.version, expires = payload.expires, publishers_count = payload.publishers.len()));
            for p in &payload.publishers {
                println!("{}", tr!("trust-message-2", id = p.id, name = p.name, title = p.title, unit = p.unit));
                println!("{}", tr!("trust-scopes", join = p.scopes.join(", ")));
                for k in &p.keys {
                    println!("{}", tr!("trust-key-since-valid", keyid = fingerprint(&k.keyid.hex()), status = format!("{:?}", k.status), status_since = k.status_since, valid_from = k.valid_from, valid_until = k.valid_until));
                }
            }
            Ok(())
        }
    }
}
