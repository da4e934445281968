//! `sigill init`, `new`, `check`, `build` and `status`.

use std::path::{Path, PathBuf};

use super::args::{BuildArgs, Format, InitArgs, Lang, NewArgs};
use super::CliError;
use crate::build::{self, BuildOptions};
use crate::config::{self, Language};
use crate::diagnostic::Diagnostic;
use crate::status::{page_status, PageState};
use crate::trust::keyfile::{KeyFile, MIN_ITERATIONS};
use crate::trust::{SigningKey, Timestamp};
use crate::{admin, load, parse, scaffold};

fn setup_error(d: Diagnostic) -> CliError {
    CliError::Diagnostics { diagnostics: vec![d], setup: true }
}

pub fn init(args: &InitArgs) -> Result<(), CliError> {
    let language = match args.lang {
        Lang::Sv => Language::Sv,
        Lang::En => Language::En,
    };
    config::parse(
        &format!("site = \"{}\"\nbase_url = \"https://x\"\ntitle = \"x\"\norganization = \"x\"\n", args.site),
        "--site",
    )
    .map_err(|_| CliError::Usage(format!("--site {:?} must be a domain name such as www.nora.se", args.site)))?;
    let now = Timestamp::now();
    let publisher = "redaktor";
    scaffold::init_site(&args.dir, &args.site, language, publisher, &now.date())?;
    println!("created a new site in {}", args.dir.display());
    if let Some(keydir) = &args.keys {
        init_keys(&args.dir, keydir, publisher, language, now)?;
    } else {
        println!("next: create keys and the root of trust (`sigill key new`, `sigill trust init`), or run init again with --keys KEYDIR");
    }
    Ok(())
}

fn init_keys(dir: &Path, keydir: &Path, publisher: &str, language: Language, now: Timestamp) -> Result<(), CliError> {
    std::fs::create_dir_all(keydir).map_err(|e| CliError::Usage(format!("cannot create {}: {e}", keydir.display())))?;
    let keydir_abs = keydir.canonicalize().map_err(|e| CliError::Usage(e.to_string()))?;
    let site_abs = dir.canonicalize().map_err(|e| CliError::Usage(e.to_string()))?;
    for forbidden in ["content", "themes", "trust", "public"] {
        if keydir_abs.starts_with(site_abs.join(forbidden)) {
            return Err(CliError::Usage(format!("--keys must not be inside {forbidden}/ of the site; keep keys where they are never published")));
        }
    }
    let pass = super::passphrase::ask("the new keys (root, registry, publisher)", true)?;
    let make = |name: &str, label: &str, protected: bool| -> Result<(SigningKey, PathBuf), CliError> {
        let key = SigningKey::generate().map_err(|e| CliError::Usage(e.to_string()))?;
        let path = keydir.join(name);
        KeyFile::seal(&key, label, protected.then_some(pass.as_str()), MIN_ITERATIONS)?.write_new(&path)?;
        Ok((key, path))
    };
    let (root_key, _) = make("root.key", "root (system owner)", true)?;
    let (registry_key, _) = make("registry.key", "registry (web management)", true)?;
    let (release_key, release_path) = make("release.key", "release (build server, unencrypted)", false)?;
    let (publisher_key, _) = make(&format!("{publisher}.key"), "publisher", true)?;
    let site = config::load(dir)?;
    admin::create_trust(&admin::TrustInit {
        site_root: dir,
        site: &site.config.site,
        root_keys: &[&root_key],
        threshold: 1,
        registry_keys: &[&registry_key],
        release_keys: &[release_key.public().clone()],
        max_review_days: 730,
        expires_days: 730,
        now,
    })?;
    let release_ref = match release_path.canonicalize().ok().and_then(|p| p.strip_prefix(&site_abs).ok().map(Path::to_path_buf)) {
        Some(rel) => rel.display().to_string(),
        None => release_path.canonicalize().unwrap_or(release_path.clone()).display().to_string(),
    };
    let site = config::load(dir)?;
    let anchor = site.config.trust.root.clone().unwrap_or_default();
    scaffold::pin_anchor(dir, &anchor, Some(&release_ref))?;
    let state = build::load_trust(&site, now).map_err(setup_error)?;
    let (name, title, unit) = match language {
        Language::Sv => ("Webbredaktör", "Webbredaktör", "Kommunikationsenheten"),
        Language::En => ("Web editor", "Web editor", "Communications unit"),
    };
    let scopes = ["content/".to_string(), format!("themes/{}/", site.config.theme), crate::trust::scope::CONFIG_SCOPE.to_string()];
    let entry = admin::new_publisher(admin::PublisherName { id: publisher, name, title, unit }, publisher_key.public(), &scopes, now, 1095);
    admin::next_registry(&site.trust_dir(), &state, &[&registry_key], now, |p| admin::add_publisher(p, entry))?;
    // The start page, the theme and site.toml, approved as the build needs them.
    let options = build::BuildOptions { out: None, now, write: false, release_key: None, protected: Vec::new() };
    let prepared = build::prepare(dir, &options)?;
    let state = prepared.trust.as_ref().ok_or_else(|| CliError::Failed("the new trust documents do not verify".into()))?;
    let wanted = ["content/_index.md".to_string(), format!("themes/{}/", prepared.site.config.theme), crate::config::CONFIG_FILE.to_string()];
    let subjects = crate::subject::resolve(&prepared, &wanted).map_err(|diagnostics| CliError::Diagnostics { diagnostics, setup: false })?;
    let trust_dir = prepared.site.trust_dir();
    for subject in &subjects {
        let request = subject.request(&prepared.site, &trust_dir, "Första versionen", None, now);
        let draft = admin::draft_approval(state, &request, publisher_key.public())?;
        admin::write_approval(&draft, &publisher_key, &trust_dir, &subject.bytes)?;
    }
    let page = "content/_index.md, the theme and site.toml";
    println!("created keys in {} (root, registry, {publisher}: encrypted; release: unencrypted, for the build server)", keydir.display());
    println!("created the root of trust, registered publisher {publisher:?} for content/, the theme and site.toml, approved {page}");
    println!("trust anchor: {anchor}");
    println!("build it: sigill --root {} build", dir.display());
    Ok(())
}

pub fn new_page(root: &Path, args: &NewArgs) -> Result<(), CliError> {
    let site = config::load(root)?;
    let path = args.path.trim_start_matches("./").to_string();
    if !path.starts_with("content/") || !path.ends_with(".md") || !crate::trust::scope::is_canonical_path(&path) {
        return Err(CliError::Usage(format!(
            "{path:?}: give a path like content/om/kontakt.md (lowercase a-z, digits, '-'; write å, ä, ö as a, a, o)"
        )));
    }
    let stem = path.trim_end_matches(".md").rsplit('/').next().unwrap_or("");
    let default_title = if stem == "index" || stem == "_index" { path.trim_end_matches(".md").rsplit('/').nth(1).unwrap_or("") } else { stem };
    let mut title = default_title.replace(['-', '_'], " ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    let title = args.title.clone().unwrap_or(title);
    let inherited = nearest_section(root, &path);
    let publisher = args.publisher.clone().or_else(|| inherited.as_ref().map(|f| f.publisher.clone())).unwrap_or_else(|| "ANGE-UTGIVARE".into());
    let owner = args.owner.clone().or_else(|| inherited.as_ref().map(|f| f.owner.clone())).unwrap_or_else(|| site.config.organization.clone());
    let text = scaffold::page_template(&title, &publisher, &owner, &Timestamp::now().date(), site.config.language);
    admin::write_new_file(&root.join(&path), text.as_bytes())?;
    println!("created {path}");
    match (&args.publisher, &inherited) {
        (Some(_), _) => {}
        (None, Some(_)) => println!("publisher {publisher:?} and owner {owner:?} come from the section; change them if another publisher answers for this page"),
        (None, None) => println!("set `publisher` to the responsible publisher's id (see `sigill publisher list`)"),
    }
    println!("when the text is ready: sigill approve {path} --key <publisher's key file>");
    Ok(())
}

/// The front matter of the closest section page above `path`
/// (`content/om/_index.md`, then `content/_index.md`), if any parses.
fn nearest_section(root: &Path, path: &str) -> Option<crate::model::FrontMatter> {
    let mut dir = Path::new(path).parent();
    while let Some(folder) = dir.filter(|d| d.starts_with("content")) {
        let candidate = root.join(folder).join("_index.md");
        if let Ok(text) = std::fs::read_to_string(&candidate) {
            if let Ok(split) = crate::frontmatter::parse(&text, &candidate.display().to_string()) {
                return Some(split.front);
            }
        }
        dir = folder.parent();
    }
    None
}

pub fn check(root: &Path, format: Format) -> Result<(), CliError> {
    let options = BuildOptions { out: None, now: Timestamp::now(), write: false, release_key: None, protected: Vec::new() };
    let result = build::build(root, &options, &crate::progress::Silent);
    if format == Format::Json {
        let (ok, diagnostics, pages) = match &result {
            Ok(report) => (true, Vec::new(), report.pages),
            Err(build::BuildError::Site(d)) => (false, d.clone(), 0),
            Err(build::BuildError::Setup(d)) => (false, vec![d.clone()], 0),
            Err(build::BuildError::Config(d)) => (false, d.clone(), 0),
        };
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({"ok": ok, "pages": pages, "diagnostics": diagnostics})).expect("serialises"));
        return match result {
            Ok(_) => Ok(()),
            Err(build::BuildError::Site(_)) => Err(CliError::Failed("the check failed".into())),
            Err(build::BuildError::Setup(_) | build::BuildError::Config(_)) => Err(CliError::Usage("the check could not run".into())),
        };
    }
    let report = result?;
    println!("ok: {} page(s) pass every check{}", report.pages, drafts_note(&report.drafts));
    Ok(())
}

fn drafts_note(drafts: &[String]) -> String {
    if drafts.is_empty() {
        String::new()
    } else {
        format!(" ({} draft(s) left out)", drafts.len())
    }
}

/// Finds the release key: --release-key, then SIGILL_RELEASE_KEY, then site.toml.
fn release_key_path(root: &Path, args: &BuildArgs, site: &config::Site) -> Option<PathBuf> {
    args.release_key
        .clone()
        .or_else(|| std::env::var_os("SIGILL_RELEASE_KEY").map(PathBuf::from))
        .or_else(|| site.config.trust.release_key.as_ref().map(|p| root.join(p)))
}

pub fn build(root: &Path, args: &BuildArgs) -> Result<(), CliError> {
    let site = config::load(root)?;
    let Some(key_path) = release_key_path(root, args, &site) else {
        return Err(CliError::Usage(
            "no release key: pass --release-key FILE, set SIGILL_RELEASE_KEY, or set `release_key` under [trust] in site.toml".into(),
        ));
    };
    warn_if_exposed(&key_path);
    let release_key = super::passphrase::open_key(&key_path)?;
    let options = BuildOptions { out: args.out.clone(), now: Timestamp::now(), write: true, release_key: Some(release_key), protected: vec![key_path.clone()] };
    let progress = super::progress::TerminalProgress::new();
    let result = build::build(root, &options, &progress);
    crate::progress::Progress::finish(&progress);
    let report = result?;
    println!("built {} page(s) into {}{}", report.pages, report.out.display(), drafts_note(&report.drafts));
    Ok(())
}

fn warn_if_exposed(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.permissions().mode() & 0o077 != 0 {
                eprintln!("warning: {} can be read by other users of this machine; run `chmod 600 {}`", path.display(), path.display());
            }
        }
    }
}

pub fn status(root: &Path, format: Format) -> Result<(), CliError> {
    let site = config::load(root)?;
    let now = Timestamp::now();
    let trust = build::load_trust(&site, now).map_err(|d| CliError::Diagnostics { diagnostics: vec![d], setup: false })?;
    let inventory = load::load_content(root);
    let parsed = parse::parse_pages(inventory.pages);
    let mut statuses: Vec<_> = parsed.pages.iter().map(|p| page_status(p, &site, &trust, now)).collect();
    statuses.sort_by(|a, b| a.state.cmp(&b.state).then(a.path.cmp(&b.path)));
    let problems: Vec<Diagnostic> = inventory.diagnostics.into_iter().chain(parsed.diagnostics).collect();
    let inputs = crate::status::input_statuses(&site, &trust, now);
    if format == Format::Json {
        let json = serde_json::json!({
            "site": site.config.site,
            "checked_at": now.to_string(),
            "due_soon_days": site.config.review_due_soon_days,
            "site_inputs": inputs,
            "pages": statuses,
            "unreadable": problems,
        });
        println!("{}", serde_json::to_string_pretty(&json).expect("serialises"));
        return Ok(());
    }
    for input in &inputs {
        println!("{:<24} {:<40} {}", input.state.label(), input.path, input.reasons.first().map(|r| super::visible(r)).unwrap_or_default());
        if let Some(action) = &input.action {
            println!("{:<24} → {}", "", action);
        }
    }
    for s in &statuses {
        let when = match (s.state, &s.review_by, s.days_left) {
            (_, Some(date), Some(days)) => format!("review by {date} ({days} days)"),
            _ => s.reasons.first().cloned().unwrap_or_default(),
        };
        println!("{:<24} {:<40} {:<14} {}", s.state.label(), s.path, s.publisher, when);
        if s.state != PageState::Approved {
            if let Some(action) = &s.action {
                println!("{:<24} → {}", "", action);
            }
        }
    }
    for d in &problems {
        println!("{d}");
    }
    let approved = statuses.iter().filter(|s| s.state == PageState::Approved).count();
    println!("\n{approved} of {} page(s) approved and not due for review within {} days", statuses.len(), site.config.review_due_soon_days);
    Ok(())
}
