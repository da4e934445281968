//! Render stage: approved pages through the theme's Tera templates.
//!
//! Takes only [`ApprovedPage`]s; the quality mark is generated from their
//! verified approval, never from front matter.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::json;
use tera::{Context, Tera};

use crate::approvals::{ApprovalInfo, ApprovedPage};
use crate::config::SiteConfig;
use crate::content_language::LanguageTag;
use crate::diagnostic::Diagnostic;
use crate::i18n::{Strings, ThemeStrings};
use crate::inputs::ThemeFiles;
use crate::model::{Heading, Page, PageKind, RenderedBody};

/// A section with more pages than this shows none of them in the menu
/// (its own page lists them).
pub const MAX_MENU_SECTION: usize = 30;

/// The template of the generated accessibility statement.
pub const STATEMENT_TEMPLATE: &str = "accessibility-statement.html";

/// Templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &["base.html", "page.html", "section.html", "index.html", "404.html"];

/// A loaded theme.
pub struct Theme {
    tera: Tera,
    reserved_ids: std::collections::BTreeSet<String>,
    strings: ThemeStrings,
}

/// What the live preview says above a page.
#[derive(Debug, Clone, Serialize)]
pub struct PreviewBanner {
    /// False for a page that is approved (it keeps its mark, marked preview).
    pub unapproved: bool,
    /// A draft: shown only in the preview, never published.
    pub draft: bool,
    pub reasons: Vec<String>,
    pub command: Option<String>,
}

/// A link in menus, breadcrumbs and listings.
#[derive(Debug, Clone, Serialize, Default, PartialEq, Eq, Hash)]
pub struct NavLink {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    /// The page shown, or (in menus) a section it lies in.
    pub current: bool,
    /// Exactly the page shown (`aria-current="page"`).
    pub is_page: bool,
    /// A dated page's date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// A menu entry's entries.
    pub children: Vec<NavLink>,
}

/// What listings, menus and breadcrumbs know of each page. A build holds
/// one for every page while it writes them, so it is kept small: boxed
/// strings, the date as its three numbers.
#[derive(Debug, Clone)]
pub struct PageSummary {
    pub title: Box<str>,
    pub description: Option<Box<str>>,
    pub weight: i64,
    pub kind: PageKind,
    pub date: Option<toml::value::Date>,
    /// On a section: how it lists its pages, and how many per listing page.
    pub sort_by: Option<crate::model::SortBy>,
    pub paginate: Option<u32>,
    pub tags: Box<[String]>,
}

impl PageSummary {
    /// The page at `url` as a link in a listing.
    fn link(&self, url: &str) -> NavLink {
        NavLink { title: self.title.to_string(), url: url.to_string(), description: self.description.as_deref().map(str::to_string), date: self.date.map(|d| d.to_string()), ..NavLink::default() }
    }
}

/// Site-wide facts for templates.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct SiteView {
    pub title: String,
    pub organization: String,
    pub base_url: String,
    pub menu: Vec<NavLink>,
    pub accessibility_url: Option<String>,
    pub about_mark_url: Option<String>,
    pub fingerprint: String,
    pub anchor: String,
    /// The search page, when the site has one.
    pub search_url: Option<String>,
}

impl Theme {
    /// Compiles the theme's templates from the bytes that were read (and,
    /// for a build, approved): nothing else on the machine is reachable. A
    /// template sees only what the renderer gives it: `get_env` is refused,
    /// and `include`/`extends` name only the theme's own templates.
    pub fn from_files(files: &ThemeFiles) -> Result<Self, Vec<Diagnostic>> {
        let shown = format!("{}templates", files.dir());
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        for (name, bytes) in files.templates() {
            match std::str::from_utf8(bytes) {
                Ok(text) => sources.push((name.to_string(), text.to_string())),
                Err(_) => problems.push(Diagnostic::error(format!("{shown}/{name}"), tr!("render-template-not-valid-utf"))),
            }
        }
        let strings = ThemeStrings::from_files(files);
        if let Err(mut more) = strings.clone() {
            problems.append(&mut more);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let strings = strings.unwrap_or_default();
        let mut tera = Tera::new();
        // Tera 2 has no function that reads the machine (no `get_env`, no
        // files); one that a Tera 1 theme might still call says why.
        tera.register_function("get_env", refuse_environment);
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_into);
        tera.add_raw_templates(sources).map_err(|e| vec![tera_diagnostic(&shown, &e)])?;
        let missing: Vec<Diagnostic> = REQUIRED_TEMPLATES
            .iter()
            .filter(|name| !tera.get_template_names().any(|n| n == **name))
            .map(|name| Diagnostic::error(format!("{shown}/{name}"), tr!("render-required-template-missing")))
            .collect();
        if missing.is_empty() {
            Ok(Self { tera, reserved_ids: files.reserved_ids(), strings })
        } else {
            Err(missing)
        }
    }

    /// Reads and compiles a theme that need not be approved, for the live
    /// preview (which never publishes).
    pub fn load_for_preview(site_root: &std::path::Path, name: &str) -> Result<Self, Vec<Diagnostic>> {
        Self::from_files(&ThemeFiles::load(site_root, name)?)
    }

    /// The element ids the theme's templates use, which headings avoid.
    pub fn reserved_ids(&self) -> &std::collections::BTreeSet<String> {
        &self.reserved_ids
    }

    /// The theme's strings in every language it has.
    pub fn strings(&self) -> &ThemeStrings {
        &self.strings
    }

    /// The strings for a page in `lang`, or an error naming the language
    /// the theme lacks.
    pub fn strings_for(&self, lang: &LanguageTag, file: &str) -> Result<&Strings, Diagnostic> {
        self.strings.get(lang).ok_or_else(|| {
            Diagnostic::error(file, tr!("i18n-theme-lacks-language", tag = lang.as_str(), languages = self.strings.languages().collect::<Vec<_>>().join(", ")))
                .help(tr!("i18n-add-strings-file", file = format!("i18n/{lang}.toml")))
        })
    }

    /// The components the theme offers (`templates/components/<name>.html`).
    pub fn components(&self) -> std::collections::BTreeSet<String> {
        self.tera.get_template_names().filter_map(|n| n.strip_prefix("components/").and_then(|n| n.strip_suffix(".html")).map(str::to_string)).collect()
    }

    /// True when the theme has the template `name`.
    pub fn has(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    fn render(&self, name: &str, context: &Context, file: &str) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| tera_diagnostic(file, &e))
    }

    /// [`Self::render`] as bytes, for the pages rendered once per page:
    /// they are written as bytes, so the output is not checked as UTF-8
    /// again (the templates and every value put in are `str` already).
    fn render_bytes(&self, name: &str, context: &Context, file: &str) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(16 << 10);
        self.tera.render_to(name, context, &mut out).map_err(|e| tera_diagnostic(file, &e))?;
        Ok(out)
    }
}

/// Stands in for Tera's `get_env`: the build machine's environment holds
/// secrets (`SIGILL_PASSPHRASE`) and is never published.
fn refuse_environment(_: tera::Kwargs, _: &tera::State) -> tera::TeraResult<tera::Value> {
    Err(tera::Error::message("templates cannot read the build machine's environment (get_env is disabled)"))
}

/// HTML (and XML) escaping: the five characters that matter in text and
/// quoted attributes. Used by the templates and every hand-written page;
/// Tera's default also escapes `/`, which only makes URLs unreadable.
fn escape_into(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(escape_html(text).as_bytes())
}

/// HTML (and XML) escaping as a string, for hand-written pages.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

fn tera_diagnostic(file: &str, error: &tera::Error) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    Diagnostic::error(file, tr!("render-template-error", message = message)).help(tr!("render-fix-template-named-in-message"))
}

/// A page's HTML as rendering made it, with the digest of those exact
/// bytes. Only [`RenderContext::render_page`] makes one (its fields are
/// private), and the stager writes page HTML only from one.
#[derive(Debug)]
pub struct RenderedPage {
    url: String,
    html: Vec<u8>,
    sha256: crate::trust::digest::Sha256,
}

impl RenderedPage {
    /// The page's URL path (`/om/kontakt/`).
    pub fn url(&self) -> &str {
        &self.url
    }
    /// The exact bytes to serve.
    pub fn html(&self) -> &[u8] {
        &self.html
    }
    /// sha256 of the bytes, lowercase hex.
    pub fn sha256(&self) -> &crate::trust::digest::Sha256 {
        &self.sha256
    }
    /// The length of the bytes.
    pub fn len(&self) -> u64 {
        self.html.len() as u64
    }
    /// True for an empty page (never, for a theme's templates).
    pub fn is_empty(&self) -> bool {
        self.html.is_empty()
    }
    /// (URL, HTML, hash), for the write stage.
    pub(crate) fn into_parts(self) -> (String, Vec<u8>, crate::trust::digest::Sha256) {
        (self.url, self.html, self.sha256)
    }
}

/// Everything a page's template is given besides its content: made once,
/// then hashed for the record of rendered pages and handed to the template.
struct PageParts<'p> {
    template: String,
    language: LanguageTag,
    site: SiteView,
    alternates: Vec<serde_json::Value>,
    translation: Option<serde_json::Value>,
    notice: Option<serde_json::Value>,
    statement: Option<serde_json::Value>,
    board: Option<serde_json::Value>,
    /// `page` without `content` and `toc`.
    fields: serde_json::Value,
    paginator: Option<crate::paginate::Paginator>,
    mark: Option<&'p ApprovalInfo>,
    banner: Option<&'p PreviewBanner>,
    json_ld: Option<String>,
}

impl PageParts<'_> {
    /// Feeds every part (and `extra`) to `hasher`, each named and as JSON
    /// (`site` by its hash, [`RenderContext::site_digest`]): two pages
    /// whose parts hash alike are given the same values.
    fn hash_into(&self, hasher: &mut dyn std::io::Write, site: &crate::trust::digest::Sha256, extra: &serde_json::Value) {
        let mut part = |name: &str, value: &dyn erased::Json| {
            let _ = hasher.write_all(name.as_bytes());
            let _ = hasher.write_all(b"\0");
            value.write_json(hasher);
            let _ = hasher.write_all(b"\n");
        };
        part("template", &self.template);
        part("lang", &self.language.as_str());
        part("site", &&*site.hex());
        part("languages", &self.alternates);
        part("translation", &self.translation);
        part("notice", &self.notice);
        part("statement", &self.statement);
        part("board", &self.board);
        part("page", &self.fields);
        part("paginator", &self.paginator);
        part("mark", &self.mark);
        part("preview", &self.banner);
        part("json_ld", &self.json_ld);
        part("extra", extra);
    }
}

/// Serialising a value of any type through one `dyn` call.
mod erased {
    pub trait Json {
        fn write_json(&self, out: &mut dyn std::io::Write);
    }
    impl<T: serde::Serialize + ?Sized> Json for T {
        fn write_json(&self, out: &mut dyn std::io::Write) {
            // Serialising to a hash never fails: the values are plain data.
            let _ = serde_json::to_writer(out, self);
        }
    }
}

/// Everything the renderer needs besides the pages.
pub struct RenderContext<'a> {
    pub config: &'a SiteConfig,
    pub site: SiteView,
    /// URL → what listings, menus and breadcrumbs show of each page.
    pub titles: BTreeMap<Box<str>, PageSummary>,
    pub theme: &'a Theme,
    /// Each page's versions in other languages.
    pub languages: crate::translations::LanguageVersions,
    /// The notice boards and their notices' dates.
    pub timetable: crate::schedule::Timetable,
    /// The accessibility statement, for the page whose template shows it.
    pub statement: Option<crate::accessibility::Statement>,
    /// The approved data files, for templates as `data.<name>`
    /// ([`Self::set_data`]).
    data: serde_json::Value,
    /// `data` as the templates' value, converted once: every page's and
    /// component's context holds it, and converting it for each would make
    /// a build's time grow with the data's size times the pages.
    data_value: tera::Value,
    /// The tags of the pages.
    pub taxonomy: crate::taxonomy::Taxonomy,
    /// Each language's part of a template's context (`lang`, `dir`, `t`,
    /// `publisher_label`), made once: its strings are a hundred entries
    /// every page would otherwise convert again.
    bases: std::sync::Mutex<HashMap<String, std::sync::Arc<Context>>>,
    /// `site` as the templates' value, for each form of it pages were
    /// given (they differ by their menu; the pages of a section share
    /// one), converted once each: up to [`MAX_SITE_VALUES`] are kept.
    site_values: std::sync::Mutex<HashMap<SiteView, SiteForm>>,
}

/// One form of `site`: as the templates' value and as its hash.
struct SiteForm {
    value: tera::Value,
    digest: crate::trust::digest::Sha256,
}

/// The SHA-256 of `site` as JSON.
fn site_json_digest(site: &SiteView) -> crate::trust::digest::Sha256 {
    crate::trust::digest::Sha256::of(&serde_json::to_vec(site).unwrap_or_default())
}

/// How many forms of `site` a build keeps converted: a site whose every
/// page has a menu of its own converts the rest for each page, as before.
const MAX_SITE_VALUES: usize = 256;

impl<'a> RenderContext<'a> {
    pub fn new(config: &'a SiteConfig, theme: &'a Theme, pages: &[ApprovedPage], anchor: &str) -> Self {
        let mut context = Self::for_pages(config, theme, pages.iter().map(ApprovedPage::page), anchor);
        context.languages = crate::translations::LanguageVersions::of(pages, config.language);
        context
    }

    /// A context over any pages, for the live preview.
    pub fn for_pages<'p>(config: &'a SiteConfig, theme: &'a Theme, pages: impl Iterator<Item = &'p Page>, anchor: &str) -> Self {
        let titles = pages
            .map(|page| {
                let summary = PageSummary {
                    title: page.front.title.as_str().into(),
                    description: page.front.description.as_deref().map(Into::into),
                    weight: page.front.weight,
                    kind: page.source.kind,
                    date: page.front.date.as_ref().and_then(|d| d.date),
                    sort_by: page.front.sort_by,
                    paginate: page.front.paginate,
                    tags: page.front.tags.as_slice().into(),
                };
                (page.url.as_str().into(), summary)
            })
            .collect();
        let hex = anchor.trim_start_matches("sha256:");
        let taxonomy = crate::taxonomy::Taxonomy::of(titles_iter(&titles), config.language);
        let site = SiteView {
            title: config.title.clone(),
            organization: config.organization.clone(),
            base_url: config.base_url.trim_end_matches('/').to_string(),
            menu: Vec::new(),
            accessibility_url: config.accessibility_url.clone(),
            about_mark_url: config.about_mark_url.clone(),
            fingerprint: crate::trust::keys::fingerprint(hex),
            anchor: anchor.to_string(),
            search_url: config.search.then(|| crate::generated::search_url(config.language).to_string()),
        };
        Self { config, site, titles, theme, taxonomy, languages: Default::default(), timetable: Default::default(), statement: None, data: serde_json::Value::Null, data_value: tera::Value::from_serializable(&serde_json::Value::Null), bases: Default::default(), site_values: Default::default() }
    }

    /// `site` as the templates' value: converted once for each form of it.
    fn site_value(&self, site: &SiteView) -> tera::Value {
        self.site_form(site, |form| form.value.clone(), || tera::Value::from_serializable(site))
    }

    /// The SHA-256 of `site` as JSON, for render keys: hashed once for
    /// each form of it, not serialised again for every page.
    fn site_digest(&self, site: &SiteView) -> crate::trust::digest::Sha256 {
        self.site_form(site, |form| form.digest, || site_json_digest(site))
    }

    /// What `take` needs of `site`'s form, made once for each form; once
    /// [`MAX_SITE_VALUES`] forms are kept, only what is asked for is made
    /// (`alone`), each time.
    fn site_form<T>(&self, site: &SiteView, take: impl Fn(&SiteForm) -> T, alone: impl FnOnce() -> T) -> T {
        {
            let values = self.site_values.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(form) = values.get(site) {
                return take(form);
            }
            if values.len() >= MAX_SITE_VALUES {
                drop(values);
                return alone();
            }
        }
        let form = SiteForm { value: tera::Value::from_serializable(site), digest: site_json_digest(site) };
        let taken = take(&form);
        let mut values = self.site_values.lock().unwrap_or_else(|e| e.into_inner());
        if values.len() < MAX_SITE_VALUES {
            values.insert(site.clone(), form);
        }
        taken
    }

    /// Gives the templates the approved data files (`data.<name>`).
    pub fn set_data(&mut self, data: serde_json::Value) {
        self.data_value = tera::Value::from_serializable(&data);
        self.data = data;
    }

    /// The main menu for the page at `url`: each entry with its own
    /// entries from `site.toml`, or else, for a section of at most
    /// [`MAX_MENU_SECTION`] pages, its pages; the entries on the way to the
    /// page marked current. Only the entry the page lies under gets its
    /// entries (the theme shows no others).
    fn menu_for(&self, url: &str) -> Vec<NavLink> {
        fn item(context: &RenderContext<'_>, m: &crate::config::MenuItem, url: &str, depth: usize) -> NavLink {
            let current = if m.url == "/" { url == "/" } else { url.starts_with(&m.url) };
            let in_path = current || m.children.iter().any(|c| url.starts_with(&c.url));
            let children = if !in_path {
                Vec::new()
            } else if !m.children.is_empty() {
                m.children.iter().map(|c| item(context, c, url, depth + 1)).collect()
            } else if depth == 0 && m.url != "/" && context.titles.get(m.url.as_str()).is_some_and(|s| s.kind == PageKind::Section) && context.section_size(&m.url) <= MAX_MENU_SECTION {
                context
                    .children(&m.url)
                    .into_iter()
                    .map(|mut c| {
                        c.current = url.starts_with(&c.url);
                        c.is_page = c.url == url;
                        c
                    })
                    .collect()
            } else {
                Vec::new()
            };
            NavLink {
                title: m.title.clone(),
                url: m.url.clone(),
                current: if m.url == "/" { url == "/" } else { url.starts_with(&m.url) },
                is_page: m.url == url,
                children,
                ..NavLink::default()
            }
        }
        self.config.menu.iter().map(|m| item(self, m, url, 0)).collect()
    }

    fn breadcrumbs(&self, url: &str) -> Vec<NavLink> {
        let mut crumbs = Vec::new();
        let mut prefix = String::from("/");
        let segments: Vec<&str> = url.split('/').filter(|s| !s.is_empty()).collect();
        let home = self.titles.get("/").map_or_else(|| "Start".to_string(), |t| t.title.to_string());
        crumbs.push(NavLink { title: home, url: "/".into(), current: url == "/", ..NavLink::default() });
        for segment in segments {
            prefix.push_str(segment);
            prefix.push('/');
            if let Some(summary) = self.titles.get(prefix.as_str()) {
                crumbs.push(NavLink { title: summary.title.to_string(), url: prefix.clone(), current: prefix == url, ..NavLink::default() });
            }
        }
        crumbs
    }

    /// How many pages lie directly in the section at `url`.
    fn section_size(&self, url: &str) -> usize {
        self.titles
            .range::<str, _>((std::ops::Bound::Excluded(url), std::ops::Bound::Unbounded))
            .take_while(|(u, _)| u.starts_with(url))
            .filter(|(u, _)| u[url.len()..].trim_end_matches('/').split('/').count() == 1)
            .take(MAX_MENU_SECTION + 1)
            .count()
    }

    /// The pages of the section at `url`, in the section's order: by
    /// weight and title, newest date first (`sort_by = "date"`), or title.
    pub(crate) fn children(&self, url: &str) -> Vec<NavLink> {
        let sort = self.titles.get(url).and_then(|s| s.sort_by).unwrap_or(crate::model::SortBy::Weight);
        // Pages under `url` sort right after it: a range, not a scan.
        let mut children: Vec<(&PageSummary, NavLink)> = self
            .titles
            .range::<str, _>((std::ops::Bound::Excluded(url), std::ops::Bound::Unbounded))
            .take_while(|(u, _)| u.starts_with(url))
            .filter(|(u, _)| u[url.len()..].trim_end_matches('/').split('/').count() == 1)
            .map(|(u, s)| (s, s.link(u)))
            .collect();
        match sort {
            crate::model::SortBy::Weight => children.sort_by(|a, b| a.0.weight.cmp(&b.0.weight).then(a.0.title.cmp(&b.0.title))),
            crate::model::SortBy::Date => children.sort_by(|a, b| b.0.date.cmp(&a.0.date).then(a.0.title.cmp(&b.0.title))),
            crate::model::SortBy::Title => children.sort_by_key(|c| c.0.title.to_lowercase()),
        }
        children.into_iter().map(|(_, link)| link).collect()
    }

    /// Renders one approved page: the only way a page reaches a published
    /// site.
    /// `body` is the page's approved Markdown rendered (from
    /// [`ApprovedPage::read_text`]).
    /// `trust` is the state the approvals stage checked the page against.
    pub fn render_page(&self, approved: &ApprovedPage, trust: &crate::trust::TrustState, body: &RenderedBody, extra: &serde_json::Value) -> Result<RenderedPage, Diagnostic> {
        let path = &approved.page().source.path;
        let info = approved.approval(trust).ok_or_else(|| Diagnostic::error(path, tr!("approvals-key-not-in-registry")))?;
        let parts = self.page_parts(approved.page(), Some(&info), None, 1)?;
        let html = self.render_parts(approved.page(), parts, body, extra)?;
        let sha256 = crate::trust::digest::Sha256::of(&html);
        Ok(RenderedPage { url: approved.page().url.clone(), html, sha256 })
    }

    /// [`Self::render_page`], unless an earlier build made this page from
    /// exactly the same inputs: the page's key ([`crate::output::RenderKey`])
    /// is a hash of everything its template is given besides its content,
    /// of `content_key` (what its content is made of) and of `site_key`
    /// (the theme, the site's settings and data, this program). When
    /// `earlier` knows the key, the page is not rendered and `body` is not
    /// called; otherwise it is rendered from `body()`.
    pub fn render_page_keyed(
        &self,
        approved: &ApprovedPage,
        trust: &crate::trust::TrustState,
        keys: &crate::output::RenderKeys,
        extra: &serde_json::Value,
        earlier: &dyn Fn(&crate::output::RenderKey) -> bool,
        body: &mut dyn FnMut() -> Result<RenderedBody, Diagnostic>,
    ) -> Result<(crate::output::RenderKey, Option<RenderedPage>), Diagnostic> {
        let page = approved.page();
        let info = approved.approval(trust).ok_or_else(|| Diagnostic::error(&page.source.path, tr!("approvals-key-not-in-registry")))?;
        let parts = self.page_parts(page, Some(&info), None, 1)?;
        let site = self.site_digest(&parts.site);
        let key = keys.page(approved, &|hasher| parts.hash_into(hasher, &site, extra));
        if earlier(&key) {
            return Ok((key, None));
        }
        let html = self.render_parts(page, parts, &body()?, extra)?;
        let sha256 = crate::trust::digest::Sha256::of(&html);
        Ok((key, Some(RenderedPage { url: page.url.clone(), html, sha256 })))
    }

    /// Renders a page for the live preview (never published): with its mark
    /// only when `mark` holds a verified approval, and with a banner saying
    /// it is a preview. Only the preview inside this crate calls it.
    pub(crate) fn render_preview(&self, page: &Page, body: &RenderedBody, mark: Option<&ApprovalInfo>, banner: &PreviewBanner) -> Result<String, Diagnostic> {
        let html = self.render_inner(page, body, mark, Some(banner), &serde_json::json!({}), 1)?;
        Ok(String::from_utf8(html).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    fn render_inner(
        &self,
        page: &Page,
        body: &RenderedBody,
        mark: Option<&ApprovalInfo>,
        banner: Option<&PreviewBanner>,
        extra: &serde_json::Value,
        listing: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let parts = self.page_parts(page, mark, banner, listing)?;
        self.render_parts(page, parts, body, extra)
    }

    /// Everything a page's template is given besides its content and table
    /// of contents (which come from its Markdown).
    fn page_parts<'p>(&self, page: &'p Page, mark: Option<&'p ApprovalInfo>, banner: Option<&'p PreviewBanner>, listing: usize) -> Result<PageParts<'p>, Diagnostic> {
        let language = page.language(self.config.language);
        let languages = self.languages.get(&page.url);
        let direction_of = |tag: &str| LanguageTag::parse(tag).map_or("ltr", |t| t.direction());
        let name_of = |tag: &str| LanguageTag::parse(tag).ok().and_then(|t| self.theme.strings.get(&t)).and_then(|s| s.get("language_name")).cloned().unwrap_or_else(|| tag.to_string());
        let alternates: Vec<serde_json::Value> = languages
            .alternates
            .iter()
            .map(|a| json!({"lang": a.lang, "url": a.url, "title": a.title, "current": a.current, "name": name_of(&a.lang), "dir": direction_of(&a.lang), "permalink": format!("{}{}", self.site.base_url, a.url)}))
            .collect();
        let translation = languages.outdated.as_ref().map(|o| json!({"outdated_since": o.since, "source_url": o.source_url, "source_lang": o.source_lang, "source_dir": direction_of(&o.source_lang), "source_name": name_of(&o.source_lang)}));
        let template = match (&page.front.template, page.source.kind, page.url.as_str()) {
            (Some(t), _, _) => t.clone(),
            (None, _, "/") => "index.html".into(),
            (None, PageKind::Section, _) => "section.html".into(),
            (None, PageKind::Page, _) => "page.html".into(),
        };
        let updated = page.updated.clone().or_else(|| mark.map(|m| m.updated_on.clone())).unwrap_or_default();
        // A section lists its pages, `paginate` at a time when it says so;
        // listing page 2 and on have an address of their own.
        let is_listing = page.source.kind == PageKind::Section || page.url == "/";
        let children = if is_listing { self.children(&page.url) } else { Vec::new() };
        let (children, paginator) = match page.front.paginate.filter(|_| is_listing) {
            Some(per_page) => {
                let paginator = crate::paginate::paginate(&page.url, children, per_page, listing, self.config.language);
                (paginator.pages.clone(), Some(paginator))
            }
            None => (children, None),
        };
        let url = crate::paginate::listing_url(&page.url, listing, self.config.language);
        let tags: Vec<serde_json::Value> = page
            .front
            .tags
            .iter()
            .filter_map(|name| self.taxonomy.get(&crate::taxonomy::slug(name)).map(|t| json!({"name": name, "url": t.url})))
            .collect();
        let mut site = self.site.clone();
        site.menu = self.menu_for(&page.url);
        // The footer links the accessibility statement in the page's language when there is one.
        if let Some(statement) = &self.site.accessibility_url {
            if let Some(own) = self.languages.get(statement).alternates.into_iter().find(|a| a.lang == language.as_str()) {
                site.accessibility_url = Some(own.url);
            }
        }
        if template == STATEMENT_TEMPLATE && self.config.accessibility.is_none() {
            return Err(Diagnostic::error(&page.source.path, tr!("render-statement-needs-facts")).help(tr!("render-statement-needs-facts-help")));
        }
        let statement = self.statement.as_ref().filter(|_| template == STATEMENT_TEMPLATE).map(|s| serde_json::to_value(s).unwrap_or_default());
        let board = self.timetable.boards.get(&page.url).map(|notices| {
            json!({
                "current": notices.iter().filter(|n| !n.archived).collect::<Vec<_>>(),
                "archived": notices.iter().filter(|n| n.archived).count(),
                "archive_url": crate::schedule::archive_url(&page.url, self.config.language),
            })
        });
        let notice = self.timetable.notice(&page.url).map(|n| serde_json::to_value(n).unwrap_or_default());
        let fields = json!({
            "title": page.front.title,
            "description": page.front.description,
            "url": url,
            "permalink": format!("{}{}", site.base_url, url),
            "tags": tags,
            "date": page.front.date.as_ref().and_then(|d| d.date).map(|d| d.to_string()),
            "feed": (page.front.sort_by == Some(crate::model::SortBy::Date) && is_listing).then(|| format!("{}atom.xml", page.url)),
            "owner": page.front.owner,
            "updated": updated,
            "kind": page.source.kind,
            "source_path": page.source.path,
            "breadcrumbs": self.breadcrumbs(&page.url),
            "children": children,
            "publisher": page.front.publisher,
        });
        let json_ld = mark.map(|info| json_ld(&site, page.front.title.as_str(), &page.url, &page.front.owner, &updated, info, language.as_str()));
        Ok(PageParts { template, language, site, alternates, translation, notice, statement, board, fields, paginator, mark, banner, json_ld })
    }

    /// Renders a page's template from its parts and its Markdown rendered.
    fn render_parts(&self, page: &Page, parts: PageParts<'_>, body: &RenderedBody, extra: &serde_json::Value) -> Result<Vec<u8>, Diagnostic> {
        let PageParts { template, language, site, alternates, translation, notice, statement, board, mut fields, paginator, mark, banner, json_ld } = parts;
        let strings = self.theme.strings_for(&language, &page.source.path)?;
        let content = self.expand_components(&body.html, &body.components, strings, &language, &page.source.path)?;
        let toc: Vec<&Heading> = body.headings.iter().filter(|h| h.level <= 3).collect();
        if let Some(map) = fields.as_object_mut() {
            map.insert("content".into(), serde_json::Value::String(content));
            map.insert("toc".into(), serde_json::to_value(&toc).unwrap_or_default());
        }
        let mut context = self.language_context(&language, strings);
        context.insert_value("site", self.site_value(&site));
        context.insert("languages", &alternates);
        context.insert("translation", &translation);
        context.insert_value("data", self.data_value.clone());
        context.insert("notice", &notice);
        context.insert("statement", &statement);
        context.insert("board", &board);
        context.insert("page", &fields);
        context.insert("paginator", &paginator);
        context.insert("mark", &mark);
        context.insert("preview", &banner);
        context.insert("json_ld", &json_ld);
        context.insert("extra", extra);
        self.theme.render_bytes(&template, &context, &page.source.path)
    }

    /// Replaces the component markers of a page's HTML with the theme's
    /// components, given their arguments (escaped where shown), their
    /// rendered body, the page's strings and the site's data.
    fn expand_components(&self, html: &str, calls: &[crate::components::ComponentCall], strings: &Strings, language: &LanguageTag, file: &str) -> Result<String, Diagnostic> {
        if calls.is_empty() {
            return Ok(html.to_string());
        }
        let render = |call: &crate::components::ComponentCall, body: &str| -> Result<String, String> {
            let template = format!("components/{}.html", call.name);
            if !self.theme.has(&template) {
                return Err(tr!("components-unknown", name = call.name.as_str(), known = self.theme.components().into_iter().collect::<Vec<_>>().join(", ")));
            }
            // The page's language part (`lang`, `dir`, `t`, …), made once.
            let mut context = self.language_context(language, strings);
            if call.name == "contact" {
                let id = call.args.get("id").cloned().unwrap_or_default();
                match self.data.get("kontakter").and_then(|k| k.get(&id)) {
                    Some(contact) => context.insert("contact", contact),
                    None => return Err(tr!("components-no-contact", id = id)),
                }
            }
            context.insert("args", &call.args);
            context.insert("body", body);
            context.insert_value("data", self.data_value.clone());
            self.theme.tera.render(&template, &context).map_err(|e| tera_diagnostic(&template, &e).message)
        };
        crate::components::expand(html, calls, &render).map_err(|message| Diagnostic::error(file, message).help(tr!("components-help")))
    }

    /// Listing page `number` (2 or more) of a section with `paginate`: the
    /// section's title and that part of its list, without its text or mark
    /// (each listed page carries its own).
    pub fn render_listing(&self, section: &ApprovedPage, number: usize) -> Result<Vec<u8>, Diagnostic> {
        self.render_inner(section.page(), &RenderedBody::default(), None, None, &json!({}), number)
    }

    /// The search page, in the site's language.
    pub fn render_search(&self) -> Result<String, Diagnostic> {
        let file = "templates/search.html";
        if !self.theme.has("search.html") {
            return Err(Diagnostic::error(file, tr!("render-theme-lacks-template", template = "search.html")).help(tr!("render-copy-template-from-default", template = "search.html")));
        }
        let url = crate::generated::search_url(self.config.language);
        let mut site = self.site.clone();
        site.menu = self.menu_for(url);
        let mut context = self.site_language_context(file)?;
        context.insert_value("site", self.site_value(&site));
        let tags_url = (!self.taxonomy.is_empty()).then(|| crate::taxonomy::tags_url(self.config.language));
        context.insert("page", &json!({"url": url, "permalink": format!("{}{}", site.base_url, url), "bundle": crate::search::BUNDLE, "tags_url": tags_url}));
        self.theme.render("search.html", &context, file)
    }

    /// The index of every tag, in the site's language.
    pub fn render_tag_index(&self) -> Result<String, Diagnostic> {
        self.render_tags("tags.html", None)
    }

    /// The page of one tag: every published page listed under it.
    pub fn render_tag(&self, tag: &crate::taxonomy::Tag) -> Result<String, Diagnostic> {
        self.render_tags("tag.html", Some(tag))
    }

    fn render_tags(&self, template: &str, tag: Option<&crate::taxonomy::Tag>) -> Result<String, Diagnostic> {
        let index = crate::taxonomy::tags_url(self.config.language);
        let file = format!("templates/{template}");
        if !self.theme.has(template) {
            return Err(Diagnostic::error(&file, tr!("render-theme-lacks-template", template = template)).help(tr!("render-copy-template-from-default", template = template)));
        }
        let url = tag.map_or_else(|| index.to_string(), |t| t.url.clone());
        let mut site = self.site.clone();
        site.menu = self.menu_for(&url);
        let mut context = self.site_language_context(&file)?;
        context.insert_value("site", self.site_value(&site));
        let link = |u: &String| self.titles.get(u.as_str()).map(|s| s.link(u));
        let tags: Vec<serde_json::Value> = self.taxonomy.all().iter().map(|t| json!({"name": t.name, "url": t.url, "count": t.pages.len()})).collect();
        let mut pages: Vec<NavLink> = tag.map(|t| t.pages.iter().filter_map(link).collect()).unwrap_or_default();
        pages.sort_by_key(|p| p.title.to_lowercase());
        context.insert("tags", &tags);
        context.insert("tag", &tag.map(|t| json!({"name": t.name, "url": t.url, "pages": pages})));
        context.insert("page", &json!({"url": url, "index_url": index, "permalink": format!("{}{}", site.base_url, url)}));
        self.theme.render(template, &context, &file)
    }

    /// The notice served at a withdrawn page's address: when, why and who
    /// decided, from the log's record of the signed withdrawal.
    pub fn render_withdrawn(&self, withdrawal: &crate::log::LoggedWithdrawal) -> Result<String, Diagnostic> {
        let mut site = self.site.clone();
        site.menu = self.menu_for(&withdrawal.url);
        let mut context = self.site_language_context(&withdrawal.path)?;
        context.insert_value("site", self.site_value(&site));
        context.insert(
            "withdrawal",
            &json!({
                "url": withdrawal.url,
                "date": withdrawal.withdrawn_at.date(),
                "reason": withdrawal.reason,
                "decided_by": withdrawal.decided_by,
            }),
        );
        if !self.theme.has("withdrawn.html") {
            return Err(Diagnostic::error(&withdrawal.path, tr!("render-page-withdrawn-theme-has-no"))
                .help(tr!("render-copy-templates-withdrawn-html-from")));
        }
        self.theme.render("withdrawn.html", &context, &withdrawal.path)
    }

    /// The key of a page's history as [`Self::render_history`] makes it
    /// from `versions`, for a page approved once (its history is then
    /// fixed by that approval, when it was first published and how the
    /// registry names its publisher). `None` for a page with earlier
    /// versions: their texts and changes are read to make it.
    pub fn history_key(&self, keys: &crate::output::RenderKeys, page: &ApprovedPage, trust: &crate::trust::TrustState, published: Option<crate::trust::Timestamp>) -> Option<crate::output::RenderKey> {
        let [only] = page.chain() else { return None };
        let p = page.page();
        let mut site = self.site.clone();
        site.menu = self.menu_for(&p.url);
        let registered = trust.registry.key(&only.payload.keyid).map(|(publisher, _, _)| (publisher.name.clone(), publisher.title.clone()));
        let parts = json!({
            "lang": p.language(self.config.language).as_str(),
            "site": &*self.site_digest(&site).hex(),
            "title": p.front.title,
            "url": p.url,
            "approval": &*only.envelope_sha256.hex(),
            "published": published.map(|t| t.date()),
            "registered": registered,
        });
        Some(keys.of("history", &|w: &mut dyn std::io::Write| {
            let _ = serde_json::to_writer(w, &parts);
        }))
    }

    /// A page's public history: every approved version, newest first, with
    /// links to each signed approval and approved text.
    pub fn render_history(&self, page: &ApprovedPage, versions: &[crate::history::Version]) -> Result<Vec<u8>, Diagnostic> {
        let p = page.page();
        let language = p.language(self.config.language);
        let strings = self.theme.strings_for(&language, &p.source.path)?;
        if !self.theme.has("history.html") {
            return Err(Diagnostic::error(&p.source.path, tr!("render-theme-has-no-templates-history"))
                .help(tr!("render-copy-templates-history-html-from")));
        }
        let mut site = self.site.clone();
        site.menu = self.menu_for(&p.url);
        let mut context = self.language_context(&language, strings);
        context.insert_value("site", self.site_value(&site));
        context.insert("page", &json!({"title": p.front.title, "url": p.url}));
        let current = versions.last().map(|v| v.sequence);
        let shown: Vec<serde_json::Value> = versions
            .iter()
            .rev()
            .map(|v| {
                let mut value = serde_json::to_value(v).unwrap_or_default();
                // The published version's text is the page's own source file.
                value["source_url"] = match (&v.source, Some(v.sequence) == current) {
                    (Some(_), true) => json!("../index.md"),
                    (Some(_), false) => json!(format!("{}.md", v.sequence)),
                    (None, _) => serde_json::Value::Null,
                };
                value["approval_url"] = if Some(v.sequence) == current { json!("../index.html.proof.json") } else { json!(format!("{}.approval.json", v.sequence)) };
                value
            })
            .collect();
        context.insert("versions", &shown);
        self.theme.render_bytes("history.html", &context, &p.source.path)
    }

    /// A notice board's archive: every notice taken down, with the dates it
    /// was posted and taken down, newest first.
    pub fn render_archive(&self, board: &ApprovedPage, notices: &[crate::schedule::Notice]) -> Result<String, Diagnostic> {
        let p = board.page();
        let language = p.language(self.config.language);
        let strings = self.theme.strings_for(&language, &p.source.path)?;
        if !self.theme.has("notice-archive.html") {
            return Err(Diagnostic::error(&p.source.path, tr!("render-theme-has-no-notice-archive")).help(tr!("render-copy-notice-archive")));
        }
        let url = crate::schedule::archive_url(&p.url, self.config.language);
        let mut site = self.site.clone();
        site.menu = self.menu_for(&p.url);
        let mut context = self.language_context(&language, strings);
        context.insert_value("site", self.site_value(&site));
        let mut crumbs = self.breadcrumbs(&p.url);
        for crumb in &mut crumbs {
            crumb.current = false;
        }
        crumbs.push(NavLink { title: strings.get("notice_archive").cloned().unwrap_or_default(), url: url.clone(), current: true, ..NavLink::default() });
        context.insert("page", &json!({"title": p.front.title, "url": url, "board_url": p.url, "breadcrumbs": crumbs}));
        context.insert("notices", &notices.iter().filter(|n| n.archived).collect::<Vec<_>>());
        self.theme.render("notice-archive.html", &context, &p.source.path)
    }

    /// A context in the site's own language, for pages that belong to no
    /// page (the 404 page, a withdrawn page's notice).
    fn site_language_context(&self, file: &str) -> Result<Context, Diagnostic> {
        let language = LanguageTag::of(self.config.language);
        let strings = self.theme.strings_for(&language, file)?;
        Ok(self.language_context(&language, strings))
    }

    /// A context for a page the build makes (history, archive, 404 …) in
    /// `language`: its `lang`, `dir`, strings and label, and no other
    /// language versions.
    fn language_context(&self, language: &LanguageTag, strings: &Strings) -> Context {
        let made = self.bases.lock().unwrap_or_else(|e| e.into_inner()).get(language.as_str()).cloned();
        let base = made.unwrap_or_else(|| {
            let mut context = Context::new();
            context.insert("lang", language.as_str());
            context.insert("dir", language.direction());
            context.insert("t", strings);
            context.insert("publisher_label", &self.publisher_label(strings, language));
            context.insert("languages", &Vec::<()>::new());
            let base = std::sync::Arc::new(context);
            self.bases.lock().unwrap_or_else(|e| e.into_inner()).insert(language.as_str().to_string(), base.clone());
            base
        });
        Context::clone(&base)
    }

    /// `publisher_label` from `site.toml`, or the theme's wording.
    /// `publisher_label` from `site.toml` on pages in the site's language;
    /// the theme's wording in every other language.
    fn publisher_label(&self, strings: &Strings, language: &LanguageTag) -> String {
        let own = (language.as_str() == self.config.language.code()).then(|| self.config.publisher_label.clone()).flatten();
        own.or_else(|| strings.get("publisher_label").cloned()).unwrap_or_default()
    }

    /// Renders the 404 page in the site's language.
    pub fn render_not_found(&self) -> Result<String, Diagnostic> {
        let mut site = self.site.clone();
        site.menu = self.menu_for("/404/");
        let mut context = self.site_language_context("404.html")?;
        context.insert_value("site", self.site_value(&site));
        self.theme.render("404.html", &context, "404.html")
    }
}

fn titles_iter(titles: &BTreeMap<Box<str>, PageSummary>) -> impl Iterator<Item = (&str, &[String])> {
    titles.iter().map(|(url, s)| (&**url, &*s.tags))
}

/// schema.org JSON-LD for a page; `<` is escaped so no value can close the
/// script element.
fn json_ld(site: &SiteView, title: &str, url: &str, owner: &str, updated: &str, info: &ApprovalInfo, language: &str) -> String {
    let about = site.about_mark_url.as_ref().map(|u| format!("{}{}", site.base_url, u));
    let value = json!({
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": title,
        "url": format!("{}{}", site.base_url, url),
        "inLanguage": language,
        "dateModified": updated,
        "lastReviewed": info.approved_on,
        "reviewedBy": {
            "@type": "Person",
            "name": info.publisher_name,
            "jobTitle": info.publisher_title,
            "worksFor": {"@type": "GovernmentOrganization", "name": info.publisher_unit},
        },
        "maintainer": {"@type": "GovernmentOrganization", "name": owner},
        "publisher": {"@type": "GovernmentOrganization", "name": site.organization, "url": site.base_url},
        "publishingPrinciples": about,
    });
    serde_json::to_string(&value).expect("JSON serialises").replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}
