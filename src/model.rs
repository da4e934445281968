//! The data every stage shares: source files, pages and their parts.
//!
//! Loading produces [`SourcePage`]s; front-matter parsing turns them into
//! [`Page`]s; Markdown rendering adds a [`RenderedBody`]. Only the approvals
//! stage can wrap a page into an [`crate::approvals::ApprovedPage`], which is
//! all the renderer accepts.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::content_language::LanguageTag;
use crate::trust::approval::Schedule;

/// Whether a Markdown file is an ordinary page or a section's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// `something.md` or a bundle's `index.md`.
    Page,
    /// `_index.md`: the page of a folder, listing its children.
    Section,
}

/// A file of a page bundle (an image or PDF beside `index.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Site-relative path, e.g. `content/bygga/bygglov/ritning.pdf`.
    pub path: String,
    pub abs: PathBuf,
    pub sha256: crate::trust::digest::Sha256,
    /// Where it is published, e.g. `/bygga/bygglov/ritning.pdf`.
    pub url: String,
}

/// A Markdown source file exactly as read from disk.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// Site-relative path with `/` separators (`content/om/it-strategi.md`).
    pub path: String,
    /// The site's folder, shared by every page: the file is `root/path`
    /// (a build holds every page, and its path once).
    pub root: Arc<Path>,
    /// The exact file, checked to be UTF-8 once when loaded. A build keeps
    /// only its front matter (see [`crate::load::Texts`]), and an approved
    /// page none of it; `digest` covers the whole file.
    pub text: String,
    /// The length and SHA-256 of the file as loaded: what its approval
    /// must cover.
    pub digest: crate::trust::approval::SourceDigest,
    pub kind: PageKind,
    pub assets: Vec<Asset>,
}

impl SourcePage {
    /// Where the file is.
    pub fn abs(&self) -> PathBuf {
        self.root.join(&self.path)
    }
    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// The exact bytes; approvals cover these.
    pub fn bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }
}

/// What a communicator writes between the `+++` lines.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub description: Option<String>,
    /// The responsible publisher's id in the registry.
    pub publisher: String,
    /// The information owner (informationsägare).
    pub owner: String,
    /// The language the page is written in (a BCP 47 tag); the site's
    /// language when absent.
    pub lang: Option<LanguageTag>,
    /// The page this one translates (`content/om/kontakt.md`): the two link
    /// to each other, and the approval records which version was translated.
    pub translation_of: Option<String>,
    // The four dates are boxed: rarely given, and a build holds every
    // page's front matter (100 000 pages: 6 MB).
    /// When the page may first be published (a date, or a time with an
    /// offset); the approval carries it, so nobody can move it unsigned.
    pub publish_at: Option<Box<toml::value::Datetime>>,
    /// When the page stops being published; a notice then moves to its
    /// board's archive.
    pub unpublish_at: Option<Box<toml::value::Datetime>>,
    /// On a section's `_index.md`: its pages are notices of a notice board
    /// (*anslagstavla*) with posting and removal dates.
    #[serde(default)]
    pub notice_board: bool,
    /// Subjects the page is listed under (`/taggar/<tag>/`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// The date a news item or other dated page was published (a TOML date).
    pub date: Option<Box<toml::value::Datetime>>,
    /// On a section's `_index.md`: how its pages are listed.
    pub sort_by: Option<SortBy>,
    /// On a section's `_index.md`: pages per listing page (`/sida/2/` …).
    pub paginate: Option<u32>,
    /// Last substantive update, a TOML date (`2026-11-02`).
    pub updated: Option<Box<toml::value::Datetime>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub weight: i64,
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub template: Option<String>,
}

/// Front matter field names, for "did you mean" hints.
pub const FRONT_MATTER_FIELDS: &[&str] = &[
    "title", "description", "publisher", "owner", "lang", "updated", "draft", "weight", "slug", "aliases", "template",
    "translation_of", "publish_at", "unpublish_at", "notice_board", "tags", "date", "sort_by", "paginate",
];

/// How a section lists its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// By `weight`, then title (the default).
    Weight,
    /// Newest `date` first: a news section.
    Date,
    /// By title.
    Title,
}

/// Most pages per listing page.
pub const MAX_PAGINATE: u32 = 100;

/// A page with parsed front matter and its public URL.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: SourcePage,
    pub front: FrontMatter,
    /// Byte offset where the Markdown body starts.
    pub body_offset: usize,
    /// Pretty URL, always starting and ending with `/`.
    pub url: String,
    /// `updated` as `YYYY-MM-DD`, when given.
    pub updated: Option<String>,
    /// `publish_at` and `unpublish_at` as instants.
    pub schedule: Schedule,
}

impl Page {
    /// What the page's approval must repeat: its source, if a
    /// translation, and its publication times.
    pub fn terms(&self) -> crate::trust::approval::PageTerms<'_> {
        crate::trust::approval::PageTerms { translation_of: self.front.translation_of.as_deref(), schedule: self.schedule }
    }
    /// The page's language: its `lang`, or the site's.
    pub fn language(&self, site: crate::language::Language) -> LanguageTag {
        self.front.lang.clone().unwrap_or_else(|| LanguageTag::of(site))
    }
    /// The Markdown after the front matter; empty once the text is let go
    /// of (an approved page's is read again when it is written).
    pub fn body(&self) -> &str {
        self.source.text().get(self.body_offset..).unwrap_or_default()
    }
    /// The section URL this page belongs to (`/om/` for `/om/it-strategi/`).
    pub fn parent_url(&self) -> Option<String> {
        if self.url == "/" {
            return None;
        }
        let trimmed = self.url.trim_end_matches('/');
        let cut = trimmed.rfind('/').unwrap_or(0);
        Some(trimmed[..=cut].to_string())
    }
}

/// One heading, for the table of contents and anchor checks.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A page's Markdown turned into HTML.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    pub html: String,
    pub headings: Vec<Heading>,
    /// The components the HTML holds markers of, in order.
    pub components: Vec<crate::components::ComponentCall>,
}
