//! The live preview's model: every page rendered in memory, whether approved
//! or not, updated incrementally as files change. Nothing here is ever
//! written to disk; only `build` publishes, and only approved pages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::approvals::{evaluate, fix_for, ApprovalInfo, Verdict};
use crate::build::load_trust;
use crate::config::{self, Site};
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, Rendered};
use crate::model::{Page, SourcePage};
use crate::parse::parse_pages_keeping_drafts;
use crate::render::{PreviewBanner, RenderContext, Theme};
use crate::trust::{Timestamp, TrustState};
use crate::validate::{validate, PageFacts, SiteIndex};
use crate::load;

/// One page as the preview knows it.
#[derive(Clone)]
struct PreviewPage {
    page: Page,
    rendered: Rendered,
    verdict: Option<Verdict>,
}

/// What an update did, for the terminal.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Update {
    /// Pages whose Markdown was rendered again.
    pub markdown: usize,
    /// Pages whose HTML was rendered again.
    pub html: usize,
    /// True when everything was reloaded (site.toml changed).
    pub full: bool,
}

/// The whole previewed site.
pub struct Preview {
    root: PathBuf,
    site: Site,
    trust: Result<TrustState, Diagnostic>,
    theme: Result<Theme, Vec<Diagnostic>>,
    sources: BTreeMap<String, SourcePage>,
    pages: BTreeMap<String, PreviewPage>,
    html: BTreeMap<String, String>,
    /// Problems found when content/ was last read in full.
    inventory_diagnostics: Vec<Diagnostic>,
    /// Front matter errors of pages that stay broken until edited again.
    parse_errors: BTreeMap<String, Vec<Diagnostic>>,
    /// Problems in the site as it is now; shown as an overlay.
    diagnostics: Vec<Diagnostic>,
    render_errors: Vec<Diagnostic>,
    /// Where the time comes from (the real clock, or a pinned one in tests).
    clock: fn() -> Timestamp,
}

fn same_source(a: &SourcePage, b: &SourcePage) -> bool {
    a.text == b.text && a.assets == b.assets
}

/// Whether two versions of a page differ in what other pages show of it.
fn same_outline(a: &Page, b: &Page) -> bool {
    a.url == b.url && a.front.title == b.front.title && a.front.description == b.front.description && a.front.weight == b.front.weight && a.source.kind == b.source.kind
}

impl Preview {
    /// Loads and renders the whole site.
    pub fn load(root: &Path) -> Result<Self, Diagnostic> {
        Self::load_with_clock(root, Timestamp::now)
    }

    /// Loads and renders the whole site, telling time with `clock`.
    pub fn load_with_clock(root: &Path, clock: fn() -> Timestamp) -> Result<Self, Diagnostic> {
        let site = config::load(root).map_err(crate::config::ConfigError::first)?;
        let mut preview = Self {
            root: root.to_path_buf(),
            trust: load_trust(&site, clock()),
            theme: Theme::load_for_preview(root, &site.config.theme),
            site,
            sources: BTreeMap::new(),
            pages: BTreeMap::new(),
            html: BTreeMap::new(),
            parse_errors: BTreeMap::new(),
            inventory_diagnostics: Vec::new(),
            diagnostics: Vec::new(),
            render_errors: Vec::new(),
            clock,
        };
        preview.refresh(true, true, None);
        Ok(preview)
    }

    /// The site being previewed.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Applies changed files (absolute or site-relative paths).
    pub fn apply(&mut self, changed: &[PathBuf]) -> Result<Update, Diagnostic> {
        let rel: Vec<PathBuf> = changed.iter().map(|p| p.strip_prefix(&self.root).map(Path::to_path_buf).unwrap_or_else(|_| p.clone())).collect();
        if rel.iter().any(|p| p == Path::new(config::CONFIG_FILE)) {
            *self = Self::load_with_clock(&self.root, self.clock)?;
            return Ok(Update { markdown: self.pages.len(), html: self.html.len(), full: true });
        }
        let mut all_html = false;
        if rel.iter().any(|p| p.starts_with("themes")) {
            self.theme = Theme::load_for_preview(&self.root, &self.site.config.theme);
            all_html = true;
        }
        let trust_changed = rel.iter().any(|p| p.starts_with("trust"));
        // A page sent back shows the publisher's comment in its banner.
        all_html |= rel.iter().any(|p| p.starts_with("trust/sent-back"));
        if trust_changed {
            let was_loaded = self.trust.is_ok();
            self.trust = load_trust(&self.site, (self.clock)());
            // Every banner mentions a trust failure: all pages change then.
            all_html |= was_loaded != self.trust.is_ok() || self.trust.is_err();
        }
        // Only Markdown edits may take the quick path; anything else under
        // content/ (assets, folders) reads the inventory again.
        let content: Vec<PathBuf> = rel.iter().filter(|p| p.starts_with("content")).cloned().collect();
        let quick = (!content.is_empty() && content.len() == rel.len()).then_some(content.as_slice());
        Ok(self.refresh(all_html, trust_changed, quick))
    }

    /// Reads the changed Markdown files alone when that is enough to know
    /// the new inventory: ordinary `.md` files (not bundle pages, whose
    /// asset lists come from their folder) with clean paths and text, and
    /// no earlier loading problem about them. `None` means: read it all.
    fn quick_sources(&self, changed: &[PathBuf]) -> Option<BTreeMap<String, SourcePage>> {
        let mut sources = self.sources.clone();
        for rel in changed {
            let path = rel.to_str()?.replace('\\', "/");
            let name = rel.file_name()?.to_str()?;
            if !path.starts_with("content/") || !path.ends_with(".md") || name == "index.md" || !crate::trust::scope::is_canonical_path(&path) {
                return None;
            }
            if self.inventory_diagnostics.iter().any(|d| d.file == path) {
                return None;
            }
            let abs = self.root.join(&path);
            match std::fs::symlink_metadata(&abs) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    sources.remove(&path);
                }
                Ok(meta) if meta.is_file() => {
                    let bytes = load::read_limited(&abs, load::MAX_PAGE_BYTES).ok()?;
                    if crate::trust::keyfile::looks_like_private_key(&bytes) {
                        return None;
                    }
                    let text = String::from_utf8(bytes).ok()?;
                    let kind = if name == "_index.md" { crate::model::PageKind::Section } else { crate::model::PageKind::Page };
                    let assets = sources.get(&path).map(|s| s.assets.clone()).unwrap_or_default();
                    sources.insert(path.clone(), SourcePage { path, root: std::sync::Arc::from(self.root.as_path()), digest: crate::trust::approval::SourceDigest::of(text.as_bytes()), text, kind, assets });
                }
                _ => return None,
            }
        }
        Some(sources)
    }

    /// Re-reads content/ (all of it, or only `changed` when that is
    /// enough), then renders only what changed.
    fn refresh(&mut self, mut all_html: bool, reevaluate_all: bool, changed_content: Option<&[PathBuf]>) -> Update {
        let new_sources = match changed_content.and_then(|changed| self.quick_sources(changed)) {
            Some(sources) => sources,
            None => {
                let inventory = load::load_content(&self.root);
                self.inventory_diagnostics = inventory.diagnostics;
                // The same site-wide checks as `build`.
                self.inventory_diagnostics.extend(load::private_keys_in_site(&self.root, &self.site));
                inventory.pages.into_iter().map(|p| (p.path.clone(), p)).collect()
            }
        };
        let mut diagnostics = self.inventory_diagnostics.clone();
        let changed: Vec<SourcePage> = new_sources
            .values()
            .filter(|s| self.sources.get(&s.path).is_none_or(|old| !same_source(old, s)))
            .cloned()
            .collect();
        let removed: Vec<String> = self.sources.keys().filter(|p| !new_sources.contains_key(*p)).cloned().collect();
        self.sources = new_sources;

        for source in changed.iter().map(|s| &s.path).chain(removed.iter()) {
            self.parse_errors.remove(source);
        }
        let parsed = parse_pages_keeping_drafts(changed);
        for d in &parsed.diagnostics {
            self.parse_errors.entry(d.file.clone()).or_default().push(d.clone());
        }
        diagnostics.extend(self.parse_errors.values().flatten().cloned());
        // A page whose front matter no longer parses leaves the preview, as
        // it would from a fresh one; the overlay says why.
        let broken: BTreeSet<String> = parsed.diagnostics.iter().map(|d| d.file.clone()).collect();
        let mut structural = !removed.is_empty() || self.pages.is_empty();
        for path in removed.iter().chain(broken.iter()) {
            structural |= self.pages.remove(path).is_some();
        }
        let mut touched: BTreeSet<String> = BTreeSet::new();
        for page in parsed.pages {
            match self.pages.get(&page.source.path) {
                Some(old) if same_outline(&old.page, &page) => {}
                _ => structural = true,
            }
            touched.insert(page.source.path.clone());
            let entry = PreviewPage { page: *page, rendered: Rendered::default(), verdict: None };
            self.pages.insert(entry.page.source.path.clone(), entry);
        }
        let urls: BTreeMap<String, String> = self.pages.values().map(|p| (p.page.source.path.clone(), p.page.url.clone())).collect();
        // Links between pages resolve through URLs: when the set of pages or
        // their URLs change, every page's Markdown is rendered again.
        let markdown_targets: Vec<String> = if structural { self.pages.keys().cloned().collect() } else { touched.iter().cloned().collect() };
        let raw_html = self.site.config.raw_html;
        let reserved_ids = self.theme.as_ref().map(|t| t.reserved_ids().clone()).unwrap_or_default();
        let results: Vec<(String, Rendered)> = markdown_targets
            .par_iter()
            .map(|path| {
                let page = &self.pages[path].page;
                let resolver = markdown::PageLinks { page, urls: &urls };
                (path.clone(), markdown::render(page.body(), raw_html, &resolver, &reserved_ids))
            })
            .collect();
        let markdown_count = results.len();
        for (path, rendered) in results {
            self.pages.get_mut(&path).expect("present").rendered = rendered;
        }
        // Approval verdicts: for changed pages, or all when trust changed.
        let evaluate_targets: Vec<String> = if reevaluate_all || structural { self.pages.keys().cloned().collect() } else { touched.iter().cloned().collect() };
        let site_id = self.site.config.site.clone();
        let trust_dir = self.site.trust_dir();
        let now = (self.clock)();
        // Pages whose verdict changed are rendered again; others keep their HTML.
        let mut verdict_changed: BTreeSet<String> = BTreeSet::new();
        if let Ok(trust) = &self.trust {
            let verdicts: Vec<(String, Verdict)> = evaluate_targets
                .par_iter()
                .map(|path| (path.clone(), evaluate(&self.pages[path].page, trust, &trust_dir, &site_id, now)))
                .collect();
            for (path, verdict) in verdicts {
                let entry = self.pages.get_mut(&path).expect("present");
                if entry.verdict.as_ref().map(verdict_key) != Some(verdict_key(&verdict)) {
                    verdict_changed.insert(path);
                }
                entry.verdict = Some(verdict);
            }
        }
        // Site-wide validation (cheap: it reads the recorded analyses).
        let mut statics: Vec<String> = Vec::new();
        let static_dir = self.site.theme_dir().join("static");
        for entry in walkdir::WalkDir::new(&static_dir).into_iter().flatten().filter(|e| e.file_type().is_file()) {
            if let Ok(rel) = entry.path().strip_prefix(&static_dir) {
                statics.push(format!("/{}", rel.to_string_lossy().replace('\\', "/")));
            }
        }
        let components = match &self.theme {
            Ok(theme) => theme.components(),
            Err(_) => crate::validate::built_in_components(),
        };
        let facts: Vec<(&Page, PageFacts)> = self.pages.values().map(|p| (&p.page, PageFacts::of(&p.page.source.path, p.page.source.text(), p.page.body_offset, &p.rendered, &components))).collect();
        let pairs: Vec<(&Page, &PageFacts)> = facts.iter().map(|(p, f)| (*p, f)).collect();
        let index = SiteIndex::of(&urls, &pairs, statics, self.site.config.language, self.site.config.search);
        diagnostics.extend(validate(&pairs, &index));
        if let Err(d) = &self.trust {
            diagnostics.push(d.clone());
        }
        if let Err(d) = &self.theme {
            diagnostics.extend(d.iter().cloned());
        }
        // HTML: every page when what others show of a page changed or the
        // theme changed; otherwise only the pages touched.
        all_html |= structural;
        // A translation shows whether its source was approved again.
        let translations: Vec<String> = self.pages.values().filter(|p| p.page.front.translation_of.as_ref().is_some_and(|s| verdict_changed.contains(s) || touched.contains(s))).map(|p| p.page.source.path.clone()).collect();
        let html_targets: Vec<String> = if all_html { self.pages.keys().cloned().collect() } else { touched.iter().chain(verdict_changed.iter()).chain(translations.iter()).cloned().collect::<BTreeSet<_>>().into_iter().collect() };
        let html_count = self.render(&html_targets, all_html);
        diagnostics.sort();
        diagnostics.dedup();
        self.diagnostics = diagnostics;
        Update { markdown: markdown_count, html: html_count, full: false }
    }

    fn render(&mut self, targets: &[String], all: bool) -> usize {
        let Ok(theme) = &self.theme else { return 0 };
        let anchor = self.site.config.trust.root.clone().unwrap_or_default();
        let mut context = RenderContext::for_pages(&self.site.config, theme, self.pages.values().map(|p| &p.page), &anchor);
        // The data files as they are now (the preview shows unapproved work).
        if let Some(data) = crate::site_files::SiteFiles::load(&self.site.root).ok().and_then(|files| files.parsed_data().ok()) {
            context.set_data(serde_json::to_value(data).unwrap_or_default());
        }
        context.languages = crate::translations::LanguageVersions::of_pages(
            self.pages.values().map(|p| {
                let chain: &[crate::trust::approval::CheckedApproval] = match &p.verdict {
                    Some(Verdict::Approved { chain, .. }) => chain,
                    _ => &[],
                };
                (&p.page, chain)
            }),
            self.site.config.language,
        );
        let rendered: Vec<(String, Result<String, Diagnostic>)> = targets
            .par_iter()
            .map(|path| {
                let p = &self.pages[path];
                let (mark, mut banner) = banner_for(p, self.trust.as_ref().err());
                if let Some(note) = sent_back_after_approval(p, &self.site.trust_dir()) {
                    banner.unapproved = true;
                    banner.reasons.insert(0, tr!("status-sent-back", name = note.publisher_name, comment = note.comment));
                }
                (p.page.url.clone(), context.render_preview(&p.page, &p.rendered.body, mark.as_ref(), &banner))
            })
            .collect();
        let not_found = context.render_not_found();
        if all {
            self.html.clear();
        }
        self.render_errors.clear();
        let count = rendered.len();
        for (url, result) in rendered {
            match result {
                Ok(html) => {
                    self.html.insert(url, html);
                }
                Err(d) => self.render_errors.push(d),
            }
        }
        let live: BTreeSet<&String> = self.pages.values().map(|p| &p.page.url).collect();
        self.html.retain(|url, _| live.contains(url) || url == "/404.html");
        match not_found {
            Ok(html) => {
                self.html.insert("/404.html".into(), html);
            }
            Err(d) => self.render_errors.push(d),
        }
        count
    }

    /// Current problems, for the overlay and the terminal.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics.iter().chain(self.render_errors.iter()).filter(|d| d.is_error()).cloned().collect()
    }

    /// The rendered HTML of a page URL (`/om/`), or the 404 page.
    pub fn html(&self, url: &str) -> Option<&str> {
        self.html.get(url).map(String::as_str)
    }

    /// Every rendered page, by URL: what tests compare with a fresh load.
    pub fn pages_html(&self) -> &BTreeMap<String, String> {
        &self.html
    }

    /// A static file of the theme or a page bundle, by URL path.
    pub fn file(&self, url: &str) -> Option<PathBuf> {
        for p in self.pages.values() {
            if let Some(asset) = p.page.source.assets.iter().find(|a| a.url == url) {
                return Some(asset.abs.clone());
            }
        }
        let rel = url.trim_start_matches('/');
        if rel.split('/').any(|s| s == ".." || s.is_empty() || s.starts_with('.')) {
            return None;
        }
        // The site's own static files first, as the build publishes them.
        let own = self.site.root.join(crate::site_files::STATIC_DIR).join(rel);
        if own.is_file() && !own.is_symlink() {
            return Some(own);
        }
        let path = self.site.theme_dir().join("static").join(rel);
        path.is_file().then_some(path)
    }
}

/// What of a verdict shows on the page: the approval shown, or the reasons.
fn verdict_key(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Approved { info, .. } => serde_json::to_string(info).expect("serialises"),
        Verdict::Rejected(problems) => problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
    }
}

/// The publisher's comment when they sent the page back after its newest approval.
fn sent_back_after_approval(p: &PreviewPage, trust_dir: &Path) -> Option<crate::sent_back::SentBack> {
    let note = crate::sent_back::read(trust_dir, &p.page.source.path)?;
    let approved_at = match &p.verdict {
        Some(Verdict::Approved { chain, .. }) => chain.last().map(|h| h.payload.approved_at),
        _ => None,
    };
    approved_at.is_none_or(|at| at <= note.at).then_some(note)
}

fn banner_for(p: &PreviewPage, trust_error: Option<&Diagnostic>) -> (Option<ApprovalInfo>, PreviewBanner) {
    let (mark, mut banner) = banner_of_verdict(p, trust_error);
    // A draft is a workspace: shown here, never published, never marked.
    if p.page.front.draft {
        banner.draft = true;
        banner.unapproved = true;
        return (None, banner);
    }
    (mark, banner)
}

fn banner_of_verdict(p: &PreviewPage, trust_error: Option<&Diagnostic>) -> (Option<ApprovalInfo>, PreviewBanner) {
    match (&p.verdict, trust_error) {
        (_, Some(error)) => (None, PreviewBanner { unapproved: true, draft: false, reasons: vec![error.message.clone()], command: error.help.clone() }),
        (Some(Verdict::Approved { info, .. }), None) => (Some((**info).clone()), PreviewBanner { unapproved: false, draft: false, reasons: Vec::new(), command: None }),
        (Some(Verdict::Rejected(problems)), None) => (
            None,
            PreviewBanner {
                unapproved: true,
                draft: false,
                reasons: problems.iter().map(ToString::to_string).collect(),
                command: problems.first().map(|problem| fix_for(problem, &p.page.source.path, &p.page.front.publisher)),
            },
        ),
        (None, None) => (None, PreviewBanner { unapproved: true, draft: false, reasons: Vec::new(), command: None }),
    }
}

/// Only content, themes, trust and site.toml matter to the preview.
pub fn is_relevant(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let name = rel.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") {
        return false;
    }
    rel == Path::new(config::CONFIG_FILE) || ["content", "themes", "trust", "data", "static"].iter().any(|dir| rel.starts_with(dir))
}
