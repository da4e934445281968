//! The build pipeline: load → parse → validate → verify approvals → render →
//! write → swap. `check` runs the same stages and stops before writing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::approvals::{approve_pages, ApprovalContext, ApprovalOutcome, ApprovedPage};
use crate::config::{self, Site};
use crate::diagnostic::Diagnostic;
use crate::load::Texts;
use crate::markdown;
use crate::model::Page;
use crate::output::Staging;
use crate::parse::parse_pages;
use crate::progress::Progress;
use crate::render::{RenderContext, Theme};
use crate::trust::withdrawal::{load_withdrawals, CheckedWithdrawal};
use crate::trust::{self, Timestamp, TrustState};
use crate::validate::{validate, PageFacts, SiteIndex};
use crate::stamp;
use crate::inputs::{approve_inputs, ApprovedInputs, ThemeFiles};
use crate::log::{checkpoint_origin, LogEntry, LOG_DIR};
use crate::trust::release::WELL_KNOWN;
use crate::{continuity, feeds, load, seal, verify};

/// How to run the pipeline.
#[derive(Debug)]
pub struct BuildOptions {
    /// Output folder; `output_dir` from site.toml when `None`.
    pub out: Option<PathBuf>,
    /// The build time used for every expiry check.
    pub now: Timestamp,
    /// `false` for `check`: every check, nothing written.
    pub write: bool,
    /// The key that signs the release manifest; must hold the root's release role.
    pub release_key: Option<crate::trust::SigningKey>,
    /// Files whose folders the output may never overlap (the key files used).
    pub protected: Vec<PathBuf>,
    /// Where the build learns what it last published and keeps its log;
    /// `None` starts a new log with every build (tests, previews).
    pub state: Option<crate::continuity::StateSource>,
    /// Fail while anything is pending (a page not published as it is, or a
    /// problem in a page), for CI gates; otherwise publish what is approved.
    pub strict: bool,
}

/// What a successful run did.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub drafts: Vec<String>,
    pub out: PathBuf,
    /// What is pending, and who must act: pages kept at an earlier approved
    /// version, published as lapsed or left out, and problems in pages.
    pub pending: Vec<Diagnostic>,
    /// How many pages were rendered (all, the first time); the others
    /// were rendered by an earlier build from exactly the same inputs and
    /// taken from the live release.
    pub rendered: usize,
}

/// Why a run failed; the variant decides the exit code.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The site's content or approvals are wrong (exit 1).
    #[error("{} problem(s) in the site", .0.len())]
    Site(Vec<Diagnostic>),
    /// Configuration or I/O (exit 2).
    #[error("{0}")]
    Setup(Diagnostic),
    /// Every problem of `site.toml` (exit 2).
    #[error("{} problem(s) in site.toml", .0.len())]
    Config(Vec<Diagnostic>),
}

/// Everything the stages produce up to and including approval.
pub struct Checked {
    pub site: Site,
    pub trust: TrustState,
    /// The approved theme and `site.toml`.
    pub inputs: ApprovedInputs,
    /// The theme compiled from the approved files.
    pub theme: Theme,
    pub approved: Vec<ApprovedPage>,
    /// The signed withdrawals in force (their pages are not in `approved`).
    pub withdrawals: Vec<CheckedWithdrawal>,
    /// Pages held until their `publish_at`, ended by their `unpublish_at`,
    /// and every notice board's notices.
    pub timetable: crate::schedule::Timetable,
    /// The time every check was made at.
    pub now: Timestamp,
    /// The approved data files, parsed, by name.
    pub data: BTreeMap<String, serde_json::Value>,
    pub drafts: Vec<String>,
    /// Warnings: what is pending (see [`BuildReport::pending`]).
    pub pending: Vec<Diagnostic>,
    /// Content path → URL of every page, for the links in each page's
    /// Markdown when it is rendered.
    pub urls_by_path: BTreeMap<String, String>,
    /// Element ids of the theme, which headings avoid.
    pub reserved_ids: BTreeSet<String>,
    /// This build's record of what each page's Markdown holds, saved
    /// when the build succeeds.
    pub facts_record: Option<crate::facts_record::FactsWriter>,
}

/// Loads the verified trust state named by `site.toml`.
pub fn load_trust(site: &Site, now: Timestamp) -> Result<TrustState, Diagnostic> {
    let Some(anchor) = site.config.trust.root.as_deref() else {
        return Err(Diagnostic::error(config::CONFIG_FILE, tr!("build-no-trust-anchor-trust-root"))
            .help(tr!("build-run-sigill-trust-init-create")));
    };
    trust::load_trust(&site.trust_dir(), anchor, &site.config.site, now).map_err(|e| {
        Diagnostic::error("trust/", e.to_string()).help(
            tr!("build-site-signed-trust-documents-must"),
        )
    })
}

/// The stages before approval: what `approve` checks of a page before it
/// signs, and what the approval stages then take.
pub struct Prepared {
    pub site: Site,
    pub trust: Option<TrustState>,
    pub theme_files: Option<ThemeFiles>,
    /// The data and static files as read (not yet approved).
    pub site_files: Option<crate::site_files::SiteFiles>,
    /// Each page with what its own checks found and what the checks
    /// between pages need of its Markdown ([`PageFacts`]; not the HTML,
    /// which is made when the page is written or previewed). For a build
    /// ([`check_site`]) each page's text is cut to its front matter.
    /// Boxed: moving a page's facts between this stage's lists moves a pointer.
    pub rendered: Vec<(Box<Page>, Box<PageFacts>)>,
    pub drafts: Vec<String>,
    /// Page files whose front matter does not parse.
    pub unparsed: Vec<crate::model::SourcePage>,
    /// Problems that stop a build: the configuration, trust, theme, files
    /// that may not be in the site.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems in a page's current text (front matter, links, headings):
    /// they keep that text from being approved, not the site from building.
    pub page_diagnostics: Vec<Diagnostic>,
    /// Content path → URL of every page, for links.
    pub urls_by_path: BTreeMap<String, String>,
    /// Element ids of the theme, which headings avoid.
    pub reserved_ids: BTreeSet<String>,
    /// This build's record of each page's Markdown facts (a build that
    /// publishes with the release key and keeps a state folder).
    pub facts_record: Option<crate::facts_record::FactsWriter>,
}

/// Loads, parses, renders the Markdown of and validates the whole site;
/// collects all problems. The pages keep their whole texts (for `approve`
/// and the desk, which show and sign them).
pub fn prepare(root: &Path, options: &BuildOptions) -> Result<Prepared, BuildError> {
    prepare_texts(root, options, Texts::Whole)
}

fn prepare_texts(root: &Path, options: &BuildOptions, texts: Texts) -> Result<Prepared, BuildError> {
    let site = config::load(root).map_err(|e| BuildError::Config(e.0))?;
    let mut diagnostics = Vec::new();
    let trust = match load_trust(&site, options.now) {
        Ok(trust) => Some(trust),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    let theme_files = match ThemeFiles::load(root, &site.config.theme) {
        Ok(files) => Some(files),
        Err(mut d) => {
            diagnostics.append(&mut d);
            None
        }
    };
    let reserved_ids = theme_files.as_ref().map(ThemeFiles::reserved_ids).unwrap_or_default();
    let site_files = match crate::site_files::SiteFiles::load(root) {
        Ok(files) => Some(files),
        Err(mut d) => {
            diagnostics.append(&mut d);
            None
        }
    };
    let mut static_urls: Vec<String> = theme_files.iter().flat_map(|t| t.statics().map(|(url, _)| url)).collect();
    static_urls.extend(site_files.iter().flat_map(|f| f.statics.iter().map(crate::site_files::SiteFile::url)));
    let raw_html = site.config.raw_html;
    let components = theme_files.as_ref().map(ThemeFiles::components).unwrap_or_else(crate::validate::built_in_components);
    // What the last build found in each page's Markdown, and the record
    // of this one: only for a build that publishes with the release key.
    let facts_context = crate::facts_record::FactsContext::new(raw_html, &reserved_ids, &components);
    let (earlier_facts, facts_writer) = match (&options.state, &trust, &options.release_key, facts_context) {
        (Some(crate::continuity::StateSource::Dir(dir)), Some(trust), Some(key), Some(context)) if options.write && texts == Texts::FrontMatter && is_release_key(trust, key) => {
            (crate::facts_record::FactsRecord::load(dir, key.public(), context), crate::facts_record::FactsWriter::create(dir, context))
        }
        _ => (crate::facts_record::FactsRecord::default(), None),
    };
    // A build keeps only each page's front matter; what its Markdown holds
    // is taken, and checked on its own, while the whole text is read (it
    // does not depend on where links lead, so it needs no other page).
    // The search for private keys walks `trust/` (a folder of approvals per
    // page) while the pages are loaded: both walks are one folder at a time.
    let (private_keys, (inventory, mut looked)) = rayon::join(
        || load::private_keys_in_site(root, &site),
        || match texts {
            Texts::FrontMatter => load::load_content_looking(root, &|path: &str, text: &str, end: usize, digest: &crate::trust::approval::SourceDigest| {
                let sha256 = digest.sha256.to_digest();
                if let Some(facts) = earlier_facts.get(&sha256) {
                    if let Some(writer) = &facts_writer {
                        writer.note(&sha256, &facts);
                    }
                    return Box::new(facts);
                }
                let facts = markdown::facts(&text[end..], raw_html, &markdown::NoLinks, &reserved_ids);
                let facts = PageFacts::of(path, text, end, &facts, &components);
                if let Some(writer) = &facts_writer {
                    writer.note(&sha256, &facts);
                }
                Box::new(facts)
            }),
            Texts::Whole => (load::load_content_keeping(root, texts), BTreeMap::new()),
        },
    );
    // The last record is let go of; this one is held, unbuffered, until
    // the build succeeds.
    drop(earlier_facts);
    if let Some(writer) = &facts_writer {
        writer.settle();
    }
    let facts_record = facts_writer;
    // Reported first, as before the pages were loaded beside the search.
    diagnostics.splice(0..0, private_keys);
    diagnostics.extend(inventory.diagnostics);
    let parsed = parse_pages(inventory.pages);
    let mut page_diagnostics = parsed.diagnostics;
    let urls_by_path: BTreeMap<String, String> = parsed.pages.iter().map(|p| (p.source.path.clone(), p.url.clone())).collect();
    type Seen = Option<(usize, Box<PageFacts>)>;
    let pages: Vec<(Box<Page>, Seen)> = parsed.pages.into_iter().map(|page| {
        let seen = looked.remove(&page.source.path);
        (page, seen)
    }).collect();
    drop(looked);
    /// A page, its facts, and why its text could not be read again.
    type LookedAt = (Box<Page>, Box<PageFacts>, Option<Box<Diagnostic>>);
    let looked_at: Vec<LookedAt> = pages
        .into_par_iter()
        .map(|(page, seen)| {
            if let Some((_, facts)) = seen.filter(|(end, _)| *end == page.body_offset) {
                return (page, facts, None);
            }
            // Otherwise the body is read again here, one page at a time
            // (checked against the digest it was loaded with), and let go
            // once looked at.
            let again = match texts {
                Texts::FrontMatter => match load::read_again(&page.source) {
                    Ok(text) => Some(text),
                    Err(d) => return (page, Box::default(), Some(Box::new(d))),
                },
                Texts::Whole => None,
            };
            let text = again.as_deref().unwrap_or(page.source.text());
            let resolver = markdown::PageLinks { page: &page, urls: &urls_by_path };
            let facts = markdown::facts(&text[page.body_offset..], raw_html, &resolver, &reserved_ids);
            let facts = PageFacts::of(&page.source.path, text, page.body_offset, &facts, &components);
            (page, Box::new(facts), None)
        })
        .collect();
    // Collected in place: two vectors of every page at once would be this
    // stage's peak.
    let rendered: Vec<(Box<Page>, Box<PageFacts>)> = looked_at
        .into_iter()
        .filter_map(|(page, facts, problem)| match problem {
            Some(d) => {
                diagnostics.push(*d);
                None
            }
            None => Some((page, facts)),
        })
        .collect();
    let pairs: Vec<(&Page, &PageFacts)> = rendered.iter().map(|(p, r)| (&**p, &**r)).collect();
    let index = SiteIndex::of(&urls_by_path, &pairs, static_urls, site.config.language, site.config.search);
    page_diagnostics.extend(validate(&pairs, &index));
    if let (Some(trust), Some(key)) = (&trust, &options.release_key) {
        if !is_release_key(trust, key) {
            diagnostics.push(
                Diagnostic::error("release key", tr!("build-release-key-not-release-key", keyid = crate::trust::keys::fingerprint(&key.public().keyid().hex())))
                    .help(tr!("build-use-build-server-release-key")),
            );
        }
    }
    Ok(Prepared { site, trust, theme_files, site_files, rendered, drafts: parsed.drafts, unparsed: parsed.unparsed, diagnostics, page_diagnostics, urls_by_path, reserved_ids, facts_record })
}

/// Runs every stage up to approval; collects all problems.
pub fn check_site(root: &Path, options: &BuildOptions, progress: &dyn Progress) -> Result<Checked, BuildError> {
    check_site_beside(root, options, progress, &|_| {})
}

/// [`check_site`], running `beside` with the site's trust state while the
/// pages' approvals are checked: a build reads the log it published last
/// then, not after.
fn check_site_beside(root: &Path, options: &BuildOptions, progress: &dyn Progress, beside: &(dyn Fn(&TrustState) + Sync)) -> Result<Checked, BuildError> {
    let Prepared { site, trust, theme_files, site_files, rendered, drafts, unparsed, mut diagnostics, page_diagnostics, urls_by_path, reserved_ids, facts_record } = prepare_texts(root, options, Texts::FrontMatter)?;
    if let Some(trust) = &trust {
        trust_earlier_verifications(options, trust);
    }
    let mut input_warnings = Vec::new();
    let inputs = match (&trust, theme_files, site_files) {
        (Some(trust), Some(files), Some(site_files)) => match approve_inputs(&site.bytes, files, site_files, trust, &site.trust_dir(), &site.config.site, options.now) {
            Ok((inputs, warnings)) => {
                input_warnings = warnings;
                Some(inputs)
            }
            Err(mut d) => {
                diagnostics.append(&mut d);
                None
            }
        },
        _ => None,
    };
    let theme = match inputs.as_ref().map(|i| Theme::from_files(i.theme())) {
        Some(Ok(theme)) => Some(theme),
        Some(Err(mut d)) => {
            diagnostics.append(&mut d);
            None
        }
        None => None,
    };
    let data = match inputs.as_ref().map(|i| i.files().parsed_data()) {
        Some(Ok(data)) => data,
        Some(Err(mut d)) => {
            diagnostics.append(&mut d);
            BTreeMap::new()
        }
        None => BTreeMap::new(),
    };
    progress.stage(&tr!("stage-verifying-approvals"), rendered.len() as u64);
    let raw_html = site.config.raw_html;
    let findings = |page: &Page| {
        let resolver = markdown::PageLinks { page, urls: &urls_by_path };
        crate::accessibility::page_findings(&markdown::facts(page.body(), raw_html, &resolver, &reserved_ids))
    };
    // What the Markdown holds was needed to check the pages; of it, the
    // approvals stage keeps only the accessibility findings.
    let pages: Vec<(Box<Page>, Vec<crate::accessibility::PageFinding>)> = rendered.into_iter().map(|(page, facts)| (page, facts.findings)).collect();
    let trust_dir: std::sync::Arc<Path> = std::sync::Arc::from(site.trust_dir());
    let outcome = match &trust {
        Some(trust) => {
            let ctx = ApprovalContext { trust, trust_dir: &trust_dir, site: &site.config.site, now: options.now, lapse: site.config.lapsed, findings: &findings };
            rayon::join(|| approve_pages(pages, unparsed, &ctx, progress), || beside(trust)).0
        }
        None => ApprovalOutcome::default(),
    };
    diagnostics.extend(outcome.errors);
    let mut approved = outcome.approved;
    let mut withdrawals = Vec::new();
    if let Some(trust) = &trust {
        let (found, problems) = load_withdrawals(&trust_dir, &site.config.site, &trust.registry, &trust.root, options.now);
        diagnostics.extend(problems.iter().map(|e| {
            Diagnostic::error("trust/withdrawals/", e.to_string()).help(tr!("build-withdrawal-must-be-made-with"))
        }));
        // A withdrawal covers the approvals up to its sequence: those
        // versions are no longer published; a newer approval is.
        approved.retain(|page| {
            let head = page.sequence();
            !found.iter().any(|w| w.payload.path == page.page().source.path && head <= w.payload.sequence)
        });
        withdrawals = found;
    }
    // Signed publication times take effect: held, published, archived.
    let (approved, timetable) = crate::schedule::apply(approved, options.now);
    diagnostics.extend(published_url_conflicts(&approved, site.config.language));
    diagnostics.extend(generated_conflicts(&approved, site.config.language, site.config.search));
    if let Some(theme) = &theme {
        // Every language a published page is in needs the theme's strings.
        let mut used = BTreeMap::new();
        for page in &approved {
            used.entry(page.page().language(site.config.language)).or_insert_with(|| page.page().source.path.clone());
        }
        diagnostics.extend(theme.strings().check(&used, &crate::content_language::LanguageTag::of(site.config.language)));
    }
    let mut pending: Vec<Diagnostic> = outcome.pending.into_iter().chain(page_diagnostics).chain(input_warnings).collect();
    if site.config.accessibility.is_some() {
        pending.extend(crate::accessibility::missing_statements(&approved, site.config.language));
    }
    if options.strict {
        // A CI gate: everything pending is an error.
        diagnostics.extend(pending.drain(..).map(Diagnostic::into_error));
    } else {
        pending = pending.into_iter().map(Diagnostic::into_warning).collect();
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.sort();
        diagnostics.dedup();
        return Err(BuildError::Site(diagnostics));
    }
    let (Some(trust), Some(inputs), Some(theme)) = (trust, inputs, theme) else {
        return Err(BuildError::Setup(Diagnostic::error(config::CONFIG_FILE, tr!("build-trust-state-theme-could-not"))));
    };
    pending.sort();
    pending.dedup();
    Ok(Checked { site, trust, inputs, theme, approved, withdrawals, timetable, now: options.now, data, drafts, pending, urls_by_path, reserved_ids, facts_record })
}

/// Lets this build take the signatures its build machine verified in
/// earlier builds as verified ([`crate::trust::signature_cache`]): only
/// from the state folder, and only when the file is signed by the release
/// key this build holds and the trust root names as the release key.
fn trust_earlier_verifications(options: &BuildOptions, trust: &TrustState) {
    let (Some(crate::continuity::StateSource::Dir(dir)), Some(key)) = (&options.state, &options.release_key) else { return };
    if is_release_key(trust, key) {
        crate::trust::signature_cache::load(dir, key.public());
    }
}

/// The trust root names `key` as a release key.
fn is_release_key(trust: &TrustState, key: &crate::trust::SigningKey) -> bool {
    trust.root.role_key(&trust.root.payload().roles.release, &key.public().keyid()).is_some()
}

/// Two published pages (or an alias) at one URL: whatever the approvals,
/// one would overwrite the other.
fn published_url_conflicts(pages: &[ApprovedPage], language: crate::language::Language) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    let mut conflicts = Vec::new();
    for page in pages {
        let p = page.page();
        let history = crate::history::history_url(&p.url, language);
        let urls = std::iter::once((p.url.clone(), "page")).chain(p.front.aliases.iter().map(|a| (a.clone(), "alias"))).chain(std::iter::once((history, "history")));
        for (url, what) in urls {
            if let Some((first, first_what)) = seen.insert(url.clone(), (&p.source.path, what)) {
                let help = if what == "history" || first_what == "history" {
                    tr!("build-history-address-taken")
                } else {
                    tr!("validate-change-file-name-slug-aliases")
                };
                conflicts.push(Diagnostic::error(&p.source.path, tr!("build-url-would-be-published-by", url = url, first = first)).help(help));
            }
        }
    }
    conflicts
}

/// No page or alias may take an address the build makes a page at.
fn generated_conflicts(pages: &[ApprovedPage], language: crate::language::Language, search: bool) -> Vec<Diagnostic> {
    // Each address a page takes (its own and its aliases), with the first
    // page that takes it: one lookup for each generated address.
    let mut taken: std::collections::HashMap<&str, &ApprovedPage> = std::collections::HashMap::new();
    for page in pages {
        let p = page.page();
        for url in std::iter::once(&p.url).chain(&p.front.aliases) {
            taken.entry(url.as_str()).or_insert(page);
        }
    }
    let mut out = Vec::new();
    for (url, what) in crate::generated::addresses(pages.iter().map(ApprovedPage::page), language, search) {
        if let Some(page) = taken.get(url.as_str()) {
            out.push(Diagnostic::error(&page.page().source.path, tr!("build-address-generated", url = url, what = what)).help(tr!("validate-change-file-name-slug-aliases")));
        }
    }
    out
}

/// True when time comes from the machine's clock (not `SIGILL_NOW` or
/// `SOURCE_DATE_EPOCH`, which pin it on purpose).
fn clock_is_real() -> bool {
    std::env::var_os(crate::trust::timestamp::CLOCK_ENV).is_none() && std::env::var_os("SOURCE_DATE_EPOCH").is_none()
}

fn state_name(source: &crate::continuity::StateSource) -> String {
    match source {
        crate::continuity::StateSource::Dir(dir) => dir.display().to_string(),
        crate::continuity::StateSource::Url(url) => url.clone(),
    }
}

/// The state folder or log address a build names when it cannot save.
fn state_shown(options: &BuildOptions) -> String {
    options.state.as_ref().map(state_name).unwrap_or_else(|| "state".into())
}

fn setup(file: &str, error: impl std::fmt::Display) -> BuildError {
    BuildError::Setup(Diagnostic::error(file, error.to_string()))
}

/// Runs the whole pipeline.
pub fn build(root: &Path, options: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    progress.stage(&tr!("stage-loading"), 0);
    let protected: Vec<&Path> = options.protected.iter().map(PathBuf::as_path).collect();
    let early_site = config::load(root).ok();
    let early_out = match options.write {
        true => early_site.as_ref().map(|site| options.out.clone().unwrap_or_else(|| site.output_dir())),
        false => None,
    };
    // The log this build machine published last, read while the pages'
    // approvals are checked (once the trust state is known).
    let previous_read = std::sync::OnceLock::new();
    let read_previous = |trust: &TrustState| {
        if let Some(source) = &options.state {
            let _ = previous_read.set(continuity::read_previous(source, trust, options.release_key.as_ref().filter(|key| is_release_key(trust, key)).map(|key| key.public())));
        }
    };
    // While the pages are loaded: what this build machine noted of the
    // live release it published last, and the live list it vouches for, is
    // read; then the output folder is checked against that list (one that
    // is not the site's own stops the build before anything is written,
    // and before anything else is reported). (A `site.toml` that does not
    // load stops the build in `check_site`.)
    let (checked, beside) = std::thread::scope(|scope| {
        let beside = scope.spawn(|| {
            // The live list is parsed once, for both uses.
            let (live, listed) = match (&early_out, &options.state) {
                (Some(out), Some(crate::continuity::StateSource::Dir(dir))) => crate::output::LiveFiles::read_listing(out, crate::output::LiveRecord::load(dir).as_ref()),
                _ => (crate::output::LiveFiles::none(), crate::output::ListedPaths::none()),
            };
            if let Some(out) = &early_out {
                crate::output::check_target_listed(out, root, &protected, listed).map_err(|e| setup(&out.display().to_string(), e))?;
            }
            Ok(live)
        });
        let checked = check_site_beside(root, options, progress, &read_previous);
        (checked, beside.join())
    });
    let live_files = match beside {
        Ok(result) => result?,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let mut checked = checked?;
    let facts_record = checked.facts_record.take();
    let out = early_out.unwrap_or_else(|| options.out.clone().unwrap_or_else(|| checked.site.output_dir()));
    let created = stamp::release_time(options.now);
    let previous = match &options.state {
        Some(source) => match previous_read.into_inner() {
            Some(read) => read,
            None => continuity::read_previous(source, &checked.trust, options.release_key.as_ref().filter(|key| is_release_key(&checked.trust, key)).map(|key| key.public())),
        }
        .map_err(|e| {
            BuildError::Setup(Diagnostic::error(state_name(source), tr!("build-log-last-release-cannot-be", error = e)).help(
                tr!("build-build-machine-log-records-what"),
            ))
        })?,
        None => None,
    };
    // Two builds within one second: on the real clock, the later one waits
    // for the next second, as a release must be later than the last.
    let created = match previous.as_ref().and_then(|p| p.log.last()) {
        Some(last) if created <= last.created && last.created.unix() - created.unix() <= 1 && clock_is_real() => {
            let wait = (last.created.unix() + 1 - created.unix()).clamp(0, 2) as u64;
            std::thread::sleep(std::time::Duration::from_millis(wait * 1000 + 50));
            stamp::release_time(Timestamp::now())
        }
        _ => created,
    };
    let next = continuity::next_state(&checked, previous.as_ref().map(|p| &p.state), created);
    if let Some(previous) = &previous {
        let problems = continuity::check(previous, &next, &checked.trust, created);
        if !problems.is_empty() {
            return Err(BuildError::Site(problems));
        }
    }
    // The log as this build machine last published it was verified whole
    // by that build's self-check before it was saved in the state folder.
    let verified_before = match (&options.state, &previous) {
        (Some(crate::continuity::StateSource::Dir(_)), Some(p)) => {
            Some(verify::log::LogHead { size: p.log.checkpoint.size, root: crate::trust::encoding::hex(&p.log.checkpoint.root) })
        }
        _ => None,
    };
    // Of the last release, only its log's files are needed from here on.
    let mut history = previous.map(|p| p.history).unwrap_or_default();
    if !options.write {
        return Ok(BuildReport { pages: checked.approved.len(), drafts: checked.drafts, out, pending: checked.pending, rendered: 0 });
    }
    let out_shown = out.display().to_string();
    let Some(release_key) = options.release_key.as_ref() else {
        return Err(setup("release key", tr!("build-needs-release-key")));
    };
    let mut staging = Staging::with_live(&out, live_files).map_err(|e| setup(&out_shown, e))?;
    let anchor = checked.site.config.trust.root.clone().unwrap_or_default();
    let mut render_record = match (&options.state, options.release_key.as_ref().filter(|key| is_release_key(&checked.trust, key))) {
        (Some(crate::continuity::StateSource::Dir(dir)), Some(key)) => Some(crate::output::RenderRecord::load(dir, key.public())),
        _ => None,
    };
    let pages = checked.approved.len();
    // The new state is written out before the pages, and only what
    // writing them needs of it is kept.
    let times = crate::log::PublishedTimes::of(&next);
    let continuity::NewState { blob: state_blob, sha256: state_sha256, name: state_name_beside } = continuity::NewState::write(&next, options.state.as_ref()).map_err(|e| setup(&state_shown(options), tr!("build-cannot-save-log-state", error = e)))?;
    drop(next);
    let WrittenSite { stamped, rendered } = write_site(&mut checked, &times, &staging, render_record.as_ref(), progress)?;
    drop(times);
    // What was known of the last build's pages served the writing of this
    // one's; only what this build noted is kept, to be saved.
    staging.forget_live();
    if let Some(record) = render_record.as_mut() {
        record.forget_earlier();
    }
    // Every page is written and let go of (`write_site` took them): their
    // texts and approvals are not held while the release is sealed and the
    // verifier reads it back.
    let (release, release_bytes) = seal::seal(&staging, &stamped, &checked.trust, release_key, created).map_err(|e| setup(&out_shown, e))?;
    history.append(
        LogEntry {
            created,
            format: String::new(),
            index: 0,
            pages_root: release.pages_root,
            registry_sha256: release.registry_sha256,
            registry_version: checked.trust.registry.payload().version,
            release_sha256: crate::trust::digest::Sha256::of(&release_bytes),
            root_sha256: release.root_sha256,
            root_version: checked.trust.root.payload().version,
            site: release.site.clone(),
            state_sha256,
        },
        state_blob,
        release_bytes,
    );
    let log_hashes = history.file_hashes();
    let log_files = history.files(&checkpoint_origin(&release.site), release_key).map_err(|e| setup(&out_shown, e))?;
    for (rel, blob) in &log_files {
        let rel = format!("{LOG_DIR}/{rel}");
        match blob {
            crate::log::write::LogBlob::Bytes(bytes) => staging.write(&rel, bytes),
            crate::log::write::LogBlob::File(from) => staging.link_unlisted(&rel, from),
        }
        .map_err(|e| setup(&out_shown, e))?;
    }
    // The new log files go beside the state folder now, and into its place
    // once the release passes: the new state's bytes are not held while
    // the verifier reads the release.
    let staged_state = match &options.state {
        Some(crate::continuity::StateSource::Dir(dir)) => {
            Some(continuity::stage_state(dir, &log_files).map_err(|e| setup(&dir.display().to_string(), tr!("build-cannot-save-log-state", error = e)))?)
        }
        _ => None,
    };
    drop(log_files);
    // Linked into the release and the state folder's new files: its own
    // name goes, before the self-check notes the log files as they are.
    drop(state_name_beside);
    // The citizen's verifier, run over everything about to be published.
    progress.stage(&tr!("stage-self-check"), 0);
    let report = verify::verify_site_failures(
        &staging.source(),
        &verify::VerifyOptions { anchor: Some(anchor.clone()), now: options.now, memory: None, witnesses: Vec::new(), log_verified: verified_before },
    );
    if report.failed() {
        if let Some(staged) = staged_state {
            staged.abandon();
        }
        let mut problems: Vec<Diagnostic> = report.problems.iter().map(|p| Diagnostic::error(&out_shown, tr!("build-self-check-new-site-failed", value = p))).collect();
        for page in report.pages.iter().filter(|p| p.outcome == verify::Outcome::Failed) {
            for problem in &page.problems {
                problems.push(Diagnostic::error(&out_shown, tr!("build-self-check-failed", url = page.url, problem = problem)));
            }
        }
        return Err(BuildError::Site(problems));
    }
    if let (Some(crate::continuity::StateSource::Dir(dir)), Some(staged)) = (&options.state, staged_state) {
        staged.commit().map_err(|e| setup(&dir.display().to_string(), tr!("build-cannot-save-log-state", error = e)))?;
        // A record for the next build; without it, that build verifies
        // every signature again.
        let _ = crate::trust::signature_cache::save(dir, release_key);
        // Likewise of the log files it checked: the next build reads none of them again.
        let _ = crate::log::checked_files::CheckedLogFiles::save(dir, &log_hashes, release_key);
        // And of the pages it published, by what they were rendered from.
        if let Some(record) = &render_record {
            let _ = record.save(dir, release_key);
        }
        // And of what each page's Markdown holds.
        if let Some(writer) = facts_record {
            let _ = writer.commit(dir, release_key);
        }
        // And of the list of files about to go live; without it, the next
        // build compares every live file byte for byte.
        let list = staging.path().join(WELL_KNOWN.trim_start_matches('/')).join("files.json");
        if let Ok(record) = crate::output::LiveRecord::of(&list, &out, release.files_sha256) {
            let _ = record.save(dir);
        }
    }
    staging.commit().map_err(|e| setup(&out_shown, e))?;
    Ok(BuildReport { pages, drafts: checked.drafts, out, pending: checked.pending, rendered })
}

/// What [`write_site`] did.
pub struct WrittenSite {
    /// What the stamp stage fixed for the release.
    pub stamped: stamp::StampedRelease,
    /// How many pages were rendered; the others were taken from the live
    /// release, rendered by an earlier build from the same inputs.
    pub rendered: usize,
}

/// The approved text of `page`, read once when first needed into `text`.
fn text_of<'t>(page: &ApprovedPage, text: &'t mut Option<crate::approvals::ApprovedText>) -> Result<&'t crate::approvals::ApprovedText, Diagnostic> {
    if text.is_none() {
        *text = Some(page.read_text().map_err(|e| Diagnostic::error(&page.page().source.path, e.to_string()))?);
    }
    text.as_ref().ok_or_else(|| Diagnostic::error(&page.page().source.path, "text not read"))
}

/// What every page's render key has in common: `site.toml`, the theme's
/// files, the data files, where every page's links lead, the theme's
/// element ids and the trust anchor (with the program, see
/// [`crate::output::RenderKeys::new`]).
fn render_keys(checked: &Checked, anchor: &str) -> Option<crate::output::RenderKeys> {
    let mut theme = Vec::new();
    for file in checked.inputs.theme().files() {
        theme.extend_from_slice(file.path.as_bytes());
        theme.push(0);
        theme.extend_from_slice(&file.sha256.to_digest());
    }
    // Hashed as it is serialised, not held: 100 000 pages' links are 7 MB.
    let links = crate::output::RenderKeys::digest_of(&|w: &mut dyn std::io::Write| {
        let _ = serde_json::to_writer(w, &checked.urls_by_path);
    });
    crate::output::RenderKeys::new(&[
        ("site.toml", &checked.site.bytes),
        ("theme", &theme),
        ("data", &serde_json::to_vec(&checked.data).unwrap_or_default()),
        ("links", &links),
        ("reserved ids", &serde_json::to_vec(&checked.reserved_ids).unwrap_or_default()),
        ("anchor", anchor.as_bytes()),
    ])
}

/// Renders and stamps every file of the site into `staging`: everything a
/// release publishes except `files.json` and the signed release, which
/// [`seal`] adds. Deterministic: the same approved inputs give the same
/// bytes, which is what `sigill audit` relies on.
///
/// Takes the approved pages out of `checked`: each is let go of once
/// written, so that no build holds every page and every written file at
/// once.
///
/// With `record`, a page an earlier build rendered from exactly the same
/// inputs is taken from the live release unread (see
/// [`crate::output::RenderRecord`]), and every page published is noted in
/// it; `sigill audit`, which checks that rendering is deterministic, gives
/// none.
pub fn write_site(checked: &mut Checked, state: &crate::log::PublishedTimes, staging: &Staging, record: Option<&crate::output::RenderRecord>, progress: &dyn Progress) -> Result<WrittenSite, BuildError> {
    let withdrawn = &state.withdrawn;
    let published_at = |sha256: &crate::trust::digest::Sha256| state.page_logged_at(sha256);
    let out_shown = staging.path().display().to_string();
    let anchor = checked.site.config.trust.root.clone().unwrap_or_default();
    let mut context = RenderContext::new(&checked.site.config, &checked.theme, &checked.approved, &anchor);
    context.timetable = checked.timetable.clone();
    context.set_data(serde_json::to_value(&checked.data).unwrap_or_default());
    if let Some(facts) = &checked.site.config.accessibility {
        let problems = crate::accessibility::known_problems(&checked.approved, checked.inputs.theme());
        context.statement = Some(crate::accessibility::statement(facts, problems, checked.now));
    }
    let extra = serde_json::json!({
        "proof": "index.html.proof.json",
        "source": "index.md",
        "verifier": format!("{}/verify/", crate::trust::release::WELL_KNOWN),
        "history": format!("{}/", crate::history::history_slug(checked.site.config.language)),
    });
    let image_cache = crate::images::cache_dir();
    // What is made of the pages together (the 404 and search pages, the
    // notices of withdrawn pages, archives, tag pages, listings, feeds)
    // first: the pages are then written one by one and let go of.
    let config = &checked.site.config;
    let not_found = context.render_not_found().map_err(|d| BuildError::Site(vec![d]))?;
    let write = |rel: &str, bytes: &[u8]| staging.write(rel, bytes).map_err(|e| setup(&out_shown, e));
    write("404.html", not_found.as_bytes())?;
    if config.search {
        let search = context.render_search().map_err(|d| BuildError::Site(vec![d]))?;
        write(&format!("{}index.html", crate::generated::search_url(config.language).trim_start_matches('/')), search.as_bytes())?;
    }
    // Only while the notices are written: every page's address at once.
    let published: BTreeSet<&str> = match withdrawn.is_empty() {
        true => BTreeSet::new(),
        false => checked.approved.iter().flat_map(|p| std::iter::once(p.page().url.as_str()).chain(p.page().front.aliases.iter().map(String::as_str))).collect(),
    };
    for withdrawal in withdrawn.iter().filter(|w| !w.url.is_empty() && !published.contains(w.url.as_str())) {
        let notice = context.render_withdrawn(withdrawal).map_err(|d| BuildError::Site(vec![d]))?;
        let rel = if withdrawal.url.ends_with('/') { format!("{}index.html", withdrawal.url) } else { withdrawal.url.clone() };
        write(rel.trim_start_matches('/'), notice.as_bytes())?;
    }
    drop(published);
    for (board, notices) in &checked.timetable.boards {
        let Some(page) = checked.approved.iter().find(|p| &p.page().url == board) else { continue };
        let archive = context.render_archive(page, notices).map_err(|d| BuildError::Site(vec![d]))?;
        let url = crate::schedule::archive_url(board, config.language);
        write(&format!("{}index.html", url.trim_start_matches('/')), archive.as_bytes())?;
    }
    // Tag pages, listing pages 2 and on, and a feed per dated section.
    let page_file = |url: &str| format!("{}index.html", url.trim_start_matches('/'));
    if !context.taxonomy.is_empty() {
        let index = context.render_tag_index().map_err(|d| BuildError::Site(vec![d]))?;
        write(&page_file(crate::taxonomy::tags_url(config.language)), index.as_bytes())?;
        for tag in context.taxonomy.all() {
            let html = context.render_tag(tag).map_err(|d| BuildError::Site(vec![d]))?;
            write(&page_file(&tag.url), html.as_bytes())?;
        }
    }
    for section in checked.approved.iter().filter(|p| p.page().source.kind == crate::model::PageKind::Section || p.page().url == "/") {
        let p = section.page();
        if let Some(per_page) = p.front.paginate {
            let count = context.children(&p.url).len();
            for number in 2..=crate::paginate::page_count(count, per_page) {
                let html = context.render_listing(section, number).map_err(|d| BuildError::Site(vec![d]))?;
                write(&page_file(&crate::paginate::listing_url(&p.url, number, config.language)), &html)?;
            }
        }
        if p.front.sort_by == Some(crate::model::SortBy::Date) {
            let items: Vec<&ApprovedPage> = checked.approved.iter().filter(|c| c.page().parent_url().as_deref() == Some(p.url.as_str())).collect();
            write(&format!("{}atom.xml", p.url.trim_start_matches('/')), feeds::section_atom(config, section, &items).as_bytes())?;
        }
    }
    feeds::write_sitemaps(config, &checked.approved, write)?;
    write("atom.xml", feeds::atom(config, &checked.approved).as_bytes())?;
    write("robots.txt", feeds::robots(config).as_bytes())?;
    crate::verifier_page::write(staging, config, &anchor).map_err(|e| setup(&out_shown, e))?;
    progress.stage(&tr!("stage-rendering"), checked.approved.len() as u64);
    // What every page's render key has in common (see `output::RenderRecord`).
    let keys = record.and_then(|_| render_keys(checked, &anchor));
    let keyed = record.zip(keys.as_ref());
    let rendered_count = std::sync::atomic::AtomicUsize::new(0);
    let pages = std::mem::take(&mut checked.approved);
    let checked: &Checked = checked;
    // Boxed: the results are laid out for every page at once, while the
    // pages are still held; each entry is made as its page is let go of.
    let results: Vec<Result<Box<stamp::StampEntry>, Box<Diagnostic>>> = pages
        .into_par_iter()
        .map(|page| {
            let page = &page;
            progress.advance(1);
            // The page's text is read (and checked against its approval),
            // rendered and written here, one page at a time: no build holds
            // every page's Markdown or HTML. A page an earlier build
            // rendered from the same inputs is not read at all.
            let path = &page.page().source.path;
            let mut text: Option<crate::approvals::ApprovedText> = None;
            let mut body = || -> Result<crate::model::RenderedBody, Diagnostic> {
                let text = text_of(page, &mut text)?;
                let resolver = markdown::PageLinks { page: page.page(), urls: &checked.urls_by_path };
                Ok(markdown::render(text.body(), checked.site.config.raw_html, &resolver, &checked.reserved_ids).body)
            };
            let search = checked.site.config.search;
            staging.create_dir(&page.page().url).map_err(|e| Diagnostic::error(path, e.to_string()))?;
            let written = match keyed {
                Some((record, keys)) => {
                    let html_rel = format!("{}index.html", page.page().url.trim_start_matches('/'));
                    let keepable = |key: &crate::output::RenderKey| record.earlier(key).is_some_and(|(sha256, len)| staging.can_keep(&html_rel, len, &sha256));
                    let (key, made) = context.render_page_keyed(page, &checked.trust, keys, &extra, &keepable, &mut body)?;
                    let kept = match (&made, record.earlier(&key)) {
                        (None, Some((sha256, len))) => staging.keep_page(&page.page().url, len, &sha256, search).map_err(|e| Diagnostic::error(path, e.to_string()))?,
                        _ => None,
                    };
                    let written = match (kept, made) {
                        (Some(kept), _) => kept,
                        (None, made) => {
                            rendered_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let rendered = match made {
                                Some(rendered) => rendered,
                                // Known, but the live file is gone: rendered after all.
                                None => context.render_page(page, &checked.trust, &body()?, &extra)?,
                            };
                            staging.write_page(rendered, search).map_err(|e| Diagnostic::error(path, e.to_string()))?
                        }
                    };
                    record.note(key, written.sha256(), written.len());
                    written
                }
                None => {
                    rendered_count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let rendered = context.render_page(page, &checked.trust, &body()?, &extra)?;
                    staging.write_page(rendered, search).map_err(|e| Diagnostic::error(path, e.to_string()))?
                }
            };
            // The approved text beside the page: the live copy when it is
            // that text, unread.
            let head = &page.chain().last().expect("approved pages have an approval").payload;
            let source_rel = crate::trust::release::source_path(&page.page().url);
            let kept = keyed.is_some() && staging.keep(&source_rel, head.source_len, &head.source_sha256).map_err(|e| Diagnostic::error(path, e.to_string()))?;
            if !kept {
                let text = text_of(page, &mut text)?;
                staging.write_hashed(&source_rel, text.bytes(), *text.sha256()).map_err(|e| Diagnostic::error(path, e.to_string()))?;
            }
            for asset in &page.page().source.assets {
                staging.copy(&asset.url, &asset.abs).map_err(|e| Diagnostic::error(&asset.path, e.to_string()))?;
                // Each image in the widths its `srcset` names.
                let variants = crate::images::variants(asset, image_cache.as_deref()).map_err(|e| Diagnostic::error(&asset.path, e.to_string()))?;
                for (url, bytes) in variants {
                    staging.write_new(url.trim_start_matches('/'), &bytes).map_err(|e| Diagnostic::error(&asset.path, e.to_string()))?;
                }
            }
            // The page's public history: every approved version.
            let dir = crate::history::history_url(&page.page().url, checked.site.config.language);
            let rel = dir.trim_start_matches('/');
            let history_rel = format!("{rel}index.html");
            let fail = |e: crate::output::OutputError| Diagnostic::error(&page.page().source.path, e.to_string());
            let head_published = page.chain().last().and_then(|a| published_at(&a.envelope_sha256));
            let history_key = keyed.and_then(|(_, keys)| context.history_key(keys, page, &checked.trust, head_published));
            let kept = match (keyed, history_key) {
                (Some((record, _)), Some(key)) => match record.earlier(&key) {
                    Some((sha256, len)) if staging.keep(&history_rel, len, &sha256).map_err(fail)? => {
                        record.note(key, &sha256, len);
                        true
                    }
                    _ => false,
                },
                _ => false,
            };
            if !kept {
                let newest = text_of(page, &mut text)?;
                let versions = crate::history::versions(page.chain(), &checked.site.trust_dir(), &checked.trust, &published_at, Some(newest.bytes()));
                let history = context.render_history(page, &versions)?;
                staging.write(&history_rel, &history).map_err(fail)?;
                if let (Some((record, _)), Some(key)) = (keyed, history_key) {
                    record.note(key, &crate::trust::digest::Sha256::of(&history), history.len() as u64);
                }
                // The published version's approval is in the page's proof and its
                // text is the page's own `index.md`; the folder holds the earlier ones.
                for (version, approval) in versions.iter().zip(page.chain()).take(versions.len().saturating_sub(1)) {
                    debug_assert_eq!(version.sequence, approval.payload.sequence, "one version per approval, in order");
                    let envelope = approval.read_envelope().map_err(|e| Diagnostic::error(&page.page().source.path, e.to_string()))?;
                    staging.write(&format!("{rel}{}.approval.json", version.sequence), &envelope).map_err(fail)?;
                    if let Some(source) = &version.source {
                        staging.write(&format!("{rel}{}.md", version.sequence), source).map_err(fail)?;
                    }
                }
            }
            drop(text);
            for alias in &page.page().front.aliases {
                let rel = format!("{}index.html", alias.trim_start_matches('/'));
                staging.write(&rel, feeds::redirect(&page.page().url).as_bytes()).map_err(|e| Diagnostic::error(&page.page().source.path, e.to_string()))?;
            }
            // What the stamp stage needs of the page; the page itself is let go of.
            Ok(Box::new(stamp::StampEntry::new(page, written)))
        })
        .map(|result: Result<Box<stamp::StampEntry>, Diagnostic>| result.map_err(Box::new))
        .collect();
    let mut rendered = Vec::with_capacity(results.len());
    let mut failures = Vec::new();
    for result in results {
        match result {
            Ok(entry) => rendered.push(*entry),
            Err(d) => failures.push(*d),
        }
    }
    if !failures.is_empty() {
        return Err(BuildError::Site(failures));
    }
    let stamped = stamp::stamp(staging, &mut rendered, &checked.inputs, &checked.trust, keyed).map_err(|e| setup(&out_shown, e))?;
    // The search index of every published page, and the search page.
    if checked.site.config.search {
        progress.stage(&tr!("stage-search-index"), 0);
        let index = crate::search::index(rendered.iter().filter_map(|entry| Some((entry.url(), entry.html()?)))).map_err(|e| setup(&out_shown, e))?;
        for (path, bytes) in &index {
            staging.write(&format!("{}{path}", crate::search::BUNDLE.trim_start_matches('/')), bytes).map_err(|e| setup(&out_shown, e))?;
        }
    }
    // The site's own static files first: a theme file never replaces one.
    for file in &checked.inputs.files().statics {
        staging.write_new(&file.url(), &file.bytes).map_err(|e| BuildError::Site(vec![Diagnostic::error(&file.path, e.to_string())]))?;
    }
    for (url, bytes) in checked.inputs.theme().statics() {
        staging.write_new(&url, bytes).map_err(|e| BuildError::Site(vec![Diagnostic::error(checked.inputs.theme().dir(), e.to_string())]))?;
    }
    Ok(WrittenSite { stamped, rendered: rendered_count.into_inner() })
}
