//! `sigill init`, `new`, `check`, `build` and `status`.

use std::path::{Path, PathBuf};

use super::args::{BuildArgs, Format, InitArgs, Lang, NewArgs};
use super::CliError;
use sigill::build::{self, BuildOptions};
use sigill::continuity::StateSource;
use sigill::config::{self, Language};
use sigill::diagnostic::Diagnostic;
use sigill::status::{site_status, PageState};
use sigill::trust::keyfile::{KeyFile, MIN_ITERATIONS};
use sigill::trust::{SigningKey, Timestamp};
use sigill::{admin, load, parse, scaffold};

fn setup_error(d: Diagnostic) -> CliError {
    CliError::Diagnostics { diagnostics: vec![d], setup: true }
}

/// `to` relative to the folder `from` (`../nycklar/release.key`).
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to_parts[common..] {
        out.push(part);
    }
    out
}

/// A folder that must not exist yet, or be empty.
fn fresh_target(path: &Path, what: &str) -> Result<(), CliError> {
    match std::fs::read_dir(path).map(|mut entries| entries.next().is_none()) {
        Err(_) if !path.exists() => Ok(()),
        Ok(true) => Ok(()),
        Ok(false) => Err(CliError::Usage(tr!("site-not-empty-choose-new-folder", what = what, path = path.display()))),
        Err(e) => Err(CliError::Usage(tr!("site-message", what = what, path = path.display(), error = e))),
    }
}

/// A staging folder beside `target`, removed unless it is moved into place.
fn staging_beside(target: &Path) -> Result<tempfile::TempDir, CliError> {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| CliError::Usage(tr!("site-cannot-create", parent = parent.display(), error = e)))?;
    tempfile::Builder::new().prefix(".sigill-init-").tempdir_in(parent).map_err(|e| CliError::Usage(tr!("site-cannot-write-in", parent = parent.display(), error = e)))
}

/// Moves a finished staging folder to `target` (absent or empty).
fn move_into_place(staged: tempfile::TempDir, target: &Path) -> Result<(), CliError> {
    if target.exists() {
        std::fs::remove_dir(target).map_err(|e| CliError::Usage(tr!("site-cannot-replace-empty-folder", target = target.display(), error = e)))?;
    }
    let path = staged.keep();
    std::fs::rename(&path, target).map_err(|e| {
        let _ = std::fs::remove_dir_all(&path);
        CliError::Usage(tr!("site-cannot-move-new-files-into", target = target.display(), error = e))
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(target, std::fs::Permissions::from_mode(0o755));
    }
    Ok(())
}

/// `sigill init`: everything is made in staging folders and moved into
/// place at the end, so a failed init leaves nothing behind to block a retry.
pub fn init(args: &InitArgs) -> Result<(), CliError> {
    let language = match args.lang {
        Lang::Sv => Language::Sv,
        Lang::En => Language::En,
    };
    config::parse(
        &format!("site = \"{}\"\nbase_url = \"https://x\"\ntitle = \"x\"\norganization = \"x\"\n", args.site),
        "--site",
    )
    .map_err(|_| CliError::Usage(tr!("site-site-must-be-domain-name", site = format!("{:?}", args.site))))?;
    if args.dir.join(config::CONFIG_FILE).exists() {
        return Err(CliError::Failed(tr!("site-already-holds-site-site-toml", dir = args.dir.display())));
    }
    fresh_target(&args.dir, "the site folder")?;
    let site_final = sigill::output::absolute_path(&args.dir);
    if let Some(keydir) = &args.keys {
        let keys_final = sigill::output::absolute_path(keydir);
        if keys_final.starts_with(&site_final) || site_final.starts_with(&keys_final) {
            return Err(CliError::Usage(tr!("site-keys-lies-inside-site-folder", keydir = keydir.display(), site = args.site.split('.').find(|p| *p != "www").unwrap_or("site"))));
        }
        fresh_target(keydir, "the key folder")?;
    }
    let now = Timestamp::now();
    let publisher = "redaktor";
    let site_staging = staging_beside(&site_final)?;
    scaffold::init_site(site_staging.path(), &args.site, language, publisher, &now.date())?;
    let key_staging = match &args.keys {
        Some(keydir) => {
            let staging = staging_beside(&sigill::output::absolute_path(keydir))?;
            init_keys(site_staging.path(), &site_final, staging.path(), &sigill::output::absolute_path(keydir), publisher, language, now)?;
            Some(staging)
        }
        None => None,
    };
    if let (Some(staging), Some(keydir)) = (key_staging, &args.keys) {
        move_into_place(staging, keydir)?;
        println!("{}", tr!("site-created-keys-in-root-registry", keydir = keydir.display(), publisher = publisher));
    }
    move_into_place(site_staging, &args.dir)?;
    println!("{}", tr!("site-created-new-site-in", dir = args.dir.display()));
    if args.keys.is_some() {
        println!("{}", tr!("site-build-it-sigill-root-build", dir = args.dir.display()));
    } else {
        println!("{}", tr!("site-next-create-keys-root-trust"));
    }
    Ok(())
}

/// Makes the keys in `keydir` (a staging folder for `keys_final`), the
/// root of trust and a first publisher in the site at `dir` (a staging
/// folder for `site_final`), and approves the start page, the theme and
/// site.toml.
fn init_keys(dir: &Path, site_final: &Path, keydir: &Path, keys_final: &Path, publisher: &str, language: Language, now: Timestamp) -> Result<(), CliError> {
    let pass = super::passphrase::ask("the new keys (root, registry, publisher)", true)?;
    let make = |name: &str, label: &str, protected: bool| -> Result<SigningKey, CliError> {
        let key = SigningKey::generate().map_err(|e| CliError::Usage(e.to_string()))?;
        KeyFile::seal(&key, label, protected.then_some(pass.as_str()), MIN_ITERATIONS)?.write_new(&keydir.join(name))?;
        Ok(key)
    };
    let root_key = make("root.key", "root (system owner)", true)?;
    let registry_key = make("registry.key", "registry (web management)", true)?;
    let release_key = make("release.key", "release (build server, unencrypted)", false)?;
    let publisher_key = make(&format!("{publisher}.key"), "publisher", true)?;
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
    // The release key as the site will find it: relative to the site, so
    // no path of this machine's user lands in site.toml.
    let release_ref = relative(site_final, &keys_final.join("release.key")).display().to_string().replace('\\', "/");
    let site = config::load(dir)?;
    let anchor = site.config.trust.root.clone().unwrap_or_default();
    scaffold::pin_anchor(dir, &anchor, Some(&release_ref))?;
    let state = build::load_trust(&site, now).map_err(setup_error)?;
    let (name, title, unit) = match language {
        Language::Sv => ("Webbredaktör", "Webbredaktör", "Kommunikationsenheten"),
        Language::En => ("Web editor", "Web editor", "Communications unit"),
    };
    let scopes = ["content/".to_string(), format!("themes/{}/", site.config.theme), sigill::trust::scope::CONFIG_SCOPE.to_string()];
    let entry = admin::new_publisher(admin::PublisherName { id: publisher, name, title, unit }, publisher_key.public(), &scopes, now, 1095);
    admin::next_registry(&site.trust_dir(), &state, &[&registry_key], now, |p| admin::add_publisher(p, entry))?;
    // The start page, the theme and site.toml, approved as the build needs them.
    let options = build::BuildOptions { out: None, now, write: false, release_key: None, protected: Vec::new(), strict: false, state: None };
    let prepared = build::prepare(dir, &options)?;
    let state = prepared.trust.as_ref().ok_or_else(|| CliError::Failed(tr!("site-new-trust-documents-do-not")))?;
    let wanted = ["content/_index.md".to_string(), format!("themes/{}/", prepared.site.config.theme), sigill::config::CONFIG_FILE.to_string()];
    let subjects = sigill::subject::resolve(&prepared, &wanted).map_err(|diagnostics| CliError::Diagnostics { diagnostics, setup: false })?;
    let trust_dir = prepared.site.trust_dir();
    for subject in &subjects {
        let request = subject.request(&prepared.site, &trust_dir, "Första versionen", false, None, now);
        let draft = admin::draft_approval(state, &request, publisher_key.public())?;
        admin::write_approval(&draft, &publisher_key, &trust_dir, &subject.bytes)?;
    }
    println!("{}", tr!("site-created-root-trust-registered-publisher", publisher = format!("{:?}", publisher)));
    println!("{}", tr!("site-trust-anchor", anchor = anchor));
    Ok(())
}

pub fn new_page(root: &Path, args: &NewArgs) -> Result<(), CliError> {
    let site = config::load(root)?;
    let path = args.path.trim_start_matches("./").to_string();
    if !path.starts_with("content/") || !path.ends_with(".md") || !sigill::trust::scope::is_canonical_path(&path) {
        return Err(CliError::Usage(tr!("site-give-path-like-content-om", path = format!("{:?}", path))));
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
    println!("{}", tr!("site-created", path = path));
    match (&args.publisher, &inherited) {
        (Some(_), _) => {}
        (None, Some(_)) => println!("{}", tr!("site-publisher-owner-come-from-section", publisher = format!("{:?}", publisher), owner = format!("{:?}", owner))),
        (None, None) => println!("{}", tr!("site-set-publisher-responsible-publisher-id")),
    }
    println!("{}", tr!("site-when-text-ready-sigill-approve", path = path));
    Ok(())
}

/// The front matter of the closest section page above `path`
/// (`content/om/_index.md`, then `content/_index.md`), if any parses.
fn nearest_section(root: &Path, path: &str) -> Option<sigill::model::FrontMatter> {
    let mut dir = Path::new(path).parent();
    while let Some(folder) = dir.filter(|d| d.starts_with("content")) {
        let candidate = root.join(folder).join("_index.md");
        if let Ok(text) = std::fs::read_to_string(&candidate) {
            if let Ok(split) = sigill::frontmatter::parse(&text, &candidate.display().to_string()) {
                return Some(split.front);
            }
        }
        dir = folder.parent();
    }
    None
}

/// Where the build's log state is: --log-url, --state, or the default folder.
fn state_source(args: &super::args::StateArgs, site: &config::Site) -> Result<StateSource, CliError> {
    if let Some(url) = &args.log_url {
        return Ok(StateSource::Url(url.trim_end_matches('/').to_string()));
    }
    if let Some(dir) = &args.state {
        return Ok(StateSource::Dir(dir.clone()));
    }
    sigill::continuity::default_state_dir(&site.config.site)
        .map(StateSource::Dir)
        .ok_or_else(|| CliError::Usage(tr!("site-no-folder-for-build-log")))
}

pub fn check(root: &Path, args: &super::args::CheckArgs) -> Result<(), CliError> {
    let (format, strict) = (args.format, args.strict);
    let site = config::load(root)?;
    let state = Some(state_source(&args.state, &site)?);
    let options = BuildOptions { out: None, now: Timestamp::now(), write: false, release_key: None, protected: Vec::new(), strict, state };
    let result = build::build(root, &options, &sigill::progress::Silent);
    if format == Format::Json {
        let (ok, diagnostics, pages, pending) = match &result {
            Ok(report) => (true, Vec::new(), report.pages, report.pending.clone()),
            Err(build::BuildError::Site(d)) => (false, d.clone(), 0, Vec::new()),
            Err(build::BuildError::Setup(d)) => (false, vec![d.clone()], 0, Vec::new()),
            Err(build::BuildError::Config(d)) => (false, d.clone(), 0, Vec::new()),
        };
        let mut json = serde_json::json!({"ok": ok, "pages": pages, "diagnostics": diagnostics, "pending": pending});
        let mut broken = 0;
        if args.external && ok {
            let results = check_external(root, &options, args)?;
            broken = results.iter().filter(|r| r.state.is_broken()).count();
            json["external_links"] = serde_json::json!(results);
            json["broken"] = serde_json::json!(broken);
        }
        println!("{}", serde_json::to_string_pretty(&json).map_err(|e| CliError::Usage(e.to_string()))?);
        return match result {
            Ok(_) if args.strict && broken > 0 => Err(CliError::Failed(tr!("links-strict-failed", broken = broken))),
            Ok(_) => Ok(()),
            Err(build::BuildError::Site(_)) => Err(CliError::Failed(tr!("site-check-failed"))),
            Err(build::BuildError::Setup(_) | build::BuildError::Config(_)) => Err(CliError::Usage(tr!("site-check-could-not-run"))),
        };
    }
    let report = result?;
    super::report::print_diagnostics(&report.pending);
    println!("{}", tr!("site-ok-page-would-be-published", pages = report.pages, drafts = drafts_note(&report.drafts), pending = pending_note(&report.pending)));
    if args.external {
        return external_links(root, &options, args);
    }
    Ok(())
}

/// Every outside link of the published pages, checked.
fn check_external(root: &Path, options: &BuildOptions, args: &super::args::CheckArgs) -> Result<Vec<sigill::links::LinkResult>, CliError> {
    let checked = build::check_site(root, options, &sigill::progress::Silent)?;
    let raw = checked.site.config.raw_html;
    let rendered: Vec<(String, String, Vec<sigill::markdown::LinkRef>)> = checked
        .approved
        .iter()
        .map(|p| {
            let path = &p.page().source.path;
            let text = p.read_text().map_err(|e| build::BuildError::Site(vec![sigill::diagnostic::Diagnostic::error(path, e.to_string())]))?;
            let links = sigill::markdown::facts(text.body(), raw, &|_: &str| None, &Default::default()).links;
            Ok((path.clone(), p.page().front.publisher.clone(), links))
        })
        .collect::<Result<_, build::BuildError>>()?;
    let links = sigill::links::collect(rendered.iter().map(|(path, who, links)| (path.as_str(), who.as_str(), links.as_slice())));
    let check = sigill::links::CheckOptions {
        now: options.now,
        ttl: std::time::Duration::from_secs(args.external_ttl * 3600),
        per_host_interval: std::time::Duration::from_millis(args.external_interval),
        timeout: std::time::Duration::from_secs(15),
        cache: sigill::links::cache_file(&checked.site.config.site),
    };
    Ok(sigill::links::check(links, &check))
}

/// `check --external`: every outside link of the published pages, grouped
/// by page with its publisher.
fn external_links(root: &Path, options: &BuildOptions, args: &super::args::CheckArgs) -> Result<(), CliError> {
    let results = check_external(root, options, args)?;
    let site = config::load(root)?;
    let trust = build::load_trust(&site, options.now).map_err(|d| CliError::Diagnostics { diagnostics: vec![d], setup: true })?;
    let broken = results.iter().filter(|r| r.state.is_broken()).count();
    let redirected = results.iter().filter(|r| matches!(r.state, sigill::links::LinkState::Redirected { .. })).count();
    {
        let cached = results.iter().filter(|r| r.cached).count();
        println!("{}", tr!("links-summary", count = results.len(), cached = cached, broken = broken, redirected = redirected));
        let mut by_page: std::collections::BTreeMap<(String, String), Vec<&sigill::links::LinkResult>> = std::collections::BTreeMap::new();
        for result in results.iter().filter(|r| !matches!(r.state, sigill::links::LinkState::Ok { .. })) {
            for (page, who) in &result.pages {
                by_page.entry((page.clone(), who.clone())).or_default().push(result);
            }
        }
        for ((page, who), found) in by_page {
            let name = trust.registry.publisher(&who).map(|p| p.name.clone()).unwrap_or_default();
            println!("\n{page} ({who}, {})", super::visible(&name));
            for r in found {
                let line = match &r.state {
                    sigill::links::LinkState::Broken { status } => tr!("links-broken", url = r.url.as_str(), status = *status),
                    sigill::links::LinkState::Failed { reason } => tr!("links-failed", url = r.url.as_str(), reason = reason.as_str()),
                    sigill::links::LinkState::Redirected { status, to } => tr!("links-redirected", url = r.url.as_str(), to = to.as_str(), status = *status),
                    sigill::links::LinkState::Ok { .. } => continue,
                };
                println!("  {}", super::visible(&line));
            }
        }
    }
    if args.strict && broken > 0 {
        return Err(CliError::Failed(tr!("links-strict-failed", broken = broken)));
    }
    Ok(())
}

fn pending_note(pending: &[Diagnostic]) -> String {
    if pending.is_empty() {
        String::new()
    } else {
        tr!("site-thing-pending-listed-above-strict", pending_count = pending.len())
    }
}

fn drafts_note(drafts: &[String]) -> String {
    if drafts.is_empty() {
        String::new()
    } else {
        tr!("site-draft-left-out", drafts_count = drafts.len())
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
            tr!("site-no-release-key-pass-release"),
        ));
    };
    warn_if_exposed(&key_path);
    let release_key = super::passphrase::open_key(&key_path)?;
    let state = Some(state_source(&args.state, &site)?);
    let options = BuildOptions { out: args.out.clone(), now: Timestamp::now(), write: true, release_key: Some(release_key), protected: vec![key_path.clone()], strict: args.strict, state };
    let progress = super::progress::TerminalProgress::new();
    let result = build::build(root, &options, &progress);
    sigill::progress::Progress::finish(&progress);
    let report = result?;
    super::report::print_diagnostics(&report.pending);
    println!("{}", tr!("site-built-page-into", pages = report.pages, out = report.out.display(), drafts = drafts_note(&report.drafts), pending = pending_note(&report.pending)));
    if report.rendered < report.pages {
        println!("{}", tr!("site-pages-unchanged", rendered = report.rendered, unchanged = report.pages - report.rendered));
    }
    Ok(())
}

fn warn_if_exposed(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.permissions().mode() & 0o077 != 0 {
                eprintln!("{}", tr!("site-warning-can-be-read-by", path = path.display(), path2 = path.display()));
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
    let mut statuses = site_status(&parsed.pages, &site, &trust, now);
    let upcoming = sigill::status::upcoming(&statuses, now);
    statuses.sort_by(|a, b| a.state.cmp(&b.state).then(a.path.cmp(&b.path)));
    let problems: Vec<Diagnostic> = inventory.diagnostics.into_iter().chain(parsed.diagnostics).collect();
    let inputs = sigill::status::input_statuses(&site, &trust, now);
    let expiring = sigill::status::expiring(&trust, now, 30);
    if format == Format::Json {
        let json = serde_json::json!({
            "site": site.config.site,
            "checked_at": now.to_string(),
            "due_soon_days": site.config.review_due_soon_days,
            "expiring": expiring,
            "site_inputs": inputs,
            "pages": statuses,
            "upcoming": upcoming.iter().map(|(at, removal, path)| serde_json::json!({"at": at.to_string(), "action": if *removal { "unpublish" } else { "publish" }, "path": path})).collect::<Vec<_>>(),
            "unreadable": problems,
        });
        println!("{}", serde_json::to_string_pretty(&json).expect("serialises"));
        return Ok(());
    }
    for e in &expiring {
        let when = if e.days_left < 0 { "has expired".to_string() } else { tr!("site-expires-in-day", days_left = e.days_left) };
        println!("{:<24} {} {when} ({})", "EXPIRES SOON", e.what, e.expires.get(..10).unwrap_or(&e.expires));
        println!("{:<24} → {}", "", e.action);
    }
    for input in &inputs {
        println!("{:<24} {:<40} {}", input.state.label(), input.path, input.reasons.first().map(|r| super::visible(r)).unwrap_or_default());
        if let Some(action) = &input.action {
            println!("{:<24} → {}", "", action);
        }
    }
    for s in &statuses {
        let when = match (s.state, &s.review_by, s.days_left) {
            (PageState::TranslationOutdated, _, _) => s.reasons.last().cloned().unwrap_or_default(),
            (PageState::Scheduled, _, _) => tr!("status-published-from", at = s.publish_at.clone().unwrap_or_default()),
            (_, Some(date), Some(days)) => tr!("site-review-by-days", date = date, days = days),
            _ => s.reasons.first().cloned().unwrap_or_default(),
        };
        println!("{:<24} {:<40} {:<14} {}", s.state.label(), s.path, s.publisher, when);
        if s.approved_by.len() > 1 {
            println!("{:<24} {}", "", tr!("site-approved-by", names = super::visible(&s.approved_by.join(", "))));
        }
        if let Some(note) = &s.sent_back {
            println!("{:<24} {}", "", super::visible(&tr!("status-sent-back", name = note.publisher_name, comment = note.comment)));
        }
        if s.state != PageState::Approved {
            if let Some(action) = &s.action {
                println!("{:<24} → {}", "", action);
            }
        }
    }
    for (at, removal, path) in &upcoming {
        let what = if *removal { tr!("status-upcoming-removal") } else { tr!("status-upcoming-posting") };
        println!("{:<24} {:<40} {}", what, path, at);
    }
    for d in &problems {
        println!("{d}");
    }
    let approved = statuses.iter().filter(|s| s.state == PageState::Approved).count();
    println!("{}", tr!("site-page-approved-not-due-for", approved = approved, statuses_count = statuses.len(), review_due_soon_days = site.config.review_due_soon_days));
    Ok(())
}
