//! The data every stage shares: source files, pages and their parts.
//!
//! Loading produces [`SourcePage`]s; front-matter parsing turns them into
//! [`Page`]s; Markdown rendering adds a [`RenderedBody`]. Only the approvals
//! stage can wrap a page into an [`crate::approvals::ApprovedPage`], which is
//! all the renderer accepts.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::config::Language;

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
    pub abs: PathBuf,
    /// The exact file, checked to be UTF-8 once when loaded.
    pub text: String,
    pub kind: PageKind,
    pub assets: Vec<Asset>,
}

impl SourcePage {
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
    pub lang: Option<Language>,
    /// Last substantive update, a TOML date (`2026-11-02`).
    pub updated: Option<toml::value::Datetime>,
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
];

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
}

impl Page {
    pub fn body(&self) -> &str {
        &self.source.text()[self.body_offset..]
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
}
