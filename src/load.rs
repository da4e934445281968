//! Inventory: walks `content/` into source pages and bundle assets, with
//! size, encoding and path checks. Nothing outside `content/` is read here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::model::{Asset, PageKind, SourcePage};
use crate::trust::scope::is_canonical_path;

/// Largest Markdown file read.
pub const MAX_PAGE_BYTES: u64 = crate::trust::release::MAX_SOURCE_BYTES;
/// Largest bundle asset copied.
pub const MAX_ASSET_BYTES: u64 = 50 * 1024 * 1024;

/// Every source file found, and what was wrong with the rest.
#[derive(Debug, Default)]
pub struct Inventory {
    pub pages: Vec<SourcePage>,
    pub diagnostics: Vec<Diagnostic>,
}

/// How much of each page's text the inventory keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    /// The whole file (the preview, `approve` and the desk show and sign it).
    Whole,
    /// The front matter only, once the file is checked and hashed: a build
    /// reads each body again when it looks at its Markdown
    /// ([`read_again`]), so it never holds every page's text at once.
    FrontMatter,
}

/// Walks `site_root/content` and returns the pages sorted by path, with
/// their whole texts.
pub fn load_content(site_root: &Path) -> Inventory {
    load_content_keeping(site_root, Texts::Whole)
}

/// Walks `site_root/content` and returns the pages sorted by path, keeping
/// of each text what `texts` says (its digest covers the whole file).
pub fn load_content_keeping(site_root: &Path, texts: Texts) -> Inventory {
    load_looking::<()>(site_root, texts, None).0
}

/// What [`load_content_looking`] found in each page's whole text: by the
/// page's path, where its body starts and what `look` made of it.
pub type Looked<T> = BTreeMap<String, (usize, T)>;

/// What looks at a page's whole text (`path`, `text`, `body_offset`, and
/// the file's length and SHA-256) while it is loaded.
pub type Look<'a, T> = &'a (dyn Fn(&str, &str, usize, &crate::trust::approval::SourceDigest) -> T + Sync);

/// [`load_content_keeping`] keeping the front matter only
/// ([`Texts::FrontMatter`]), after `look(path, text, body_offset, digest)` has looked at
/// each whole text whose front matter closes: a build takes what each
/// page's Markdown holds here, from the text it read and hashed, and need
/// not read the body again.
pub fn load_content_looking<T: Send>(site_root: &Path, look: Look<'_, T>) -> (Inventory, Looked<T>) {
    load_looking(site_root, Texts::FrontMatter, Some(look))
}

fn load_looking<T: Send>(site_root: &Path, texts: Texts, look: Option<Look<'_, T>>) -> (Inventory, Looked<T>) {
    let mut looked = BTreeMap::new();
    let root: std::sync::Arc<Path> = std::sync::Arc::from(site_root);
    let content = site_root.join("content");
    let mut inventory = Inventory::default();
    if !content.is_dir() {
        inventory.diagnostics.push(Diagnostic::error("content/", tr!("load-content-folder-missing")).help(tr!("load-create-content-write-pages-in")));
        return (inventory, looked);
    }
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    let mut folded: BTreeMap<String, String> = BTreeMap::new();
    for entry in WalkDir::new(&content).follow_links(false).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                inventory.diagnostics.push(Diagnostic::error("content/", tr!("load-cannot-read", error = e)));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = match entry.path().strip_prefix(site_root) {
            Ok(rel) => match rel.to_str() {
                Some(rel) => rel.replace('\\', "/"),
                // Its path could be neither signed nor published as it is.
                None => {
                    inventory.diagnostics.push(Diagnostic::error(rel.to_string_lossy(), tr!("load-name-not-utf8")).help(tr!("load-rename-it-using-lowercase-z")));
                    continue;
                }
            },
            Err(_) => continue,
        };
        if entry.path_is_symlink() {
            let target = std::fs::canonicalize(entry.path()).ok();
            let inside = target.as_ref().zip(std::fs::canonicalize(site_root).ok()).is_some_and(|(t, r)| t.starts_with(r));
            let message = if inside { tr!("load-symlinks-not-allowed-in-content") } else { tr!("load-symlink-points-outside") };
            inventory.diagnostics.push(Diagnostic::error(&rel, message).help(tr!("inputs-replace-link-with-file-itself")));
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            continue; // editor and OS files (.DS_Store, .swp) are never published
        }
        if !is_canonical_path(&rel) {
            inventory.diagnostics.push(
                Diagnostic::error(&rel, tr!("load-file-folder-name-not-plain"))
                    .help(tr!("load-rename-it-using-lowercase-z")),
            );
            continue;
        }
        if let Some(previous) = folded.insert(rel.to_lowercase(), rel.clone()) {
            inventory.diagnostics.push(Diagnostic::error(&rel, tr!("load-name-differs-from-only-in", previous = previous)).help(tr!("load-rename-one-them")));
        }
        if entry.file_type().is_dir() {
            continue;
        }
        if rel.ends_with(".md") {
            markdown.push((rel, entry.into_path()));
        } else {
            others.push((rel, entry.into_path()));
        }
    }
    let bundle_dirs: BTreeSet<String> = markdown
        .iter()
        .filter_map(|(rel, _)| rel.strip_suffix("/index.md").map(|d| format!("{d}/")))
        .collect();
    let mut assets: BTreeMap<String, Vec<Asset>> = BTreeMap::new();
    for (rel, abs) in others {
        let dir = rel.rfind('/').map_or(String::new(), |i| rel[..=i].to_string());
        if !bundle_dirs.contains(&dir) {
            inventory.diagnostics.push(
                Diagnostic::error(&rel, tr!("load-file-not-part-page-bundle"))
                    .help(tr!("load-put-images-documents-in-folder")),
            );
            continue;
        }
        match read_limited(&abs, MAX_ASSET_BYTES) {
            Ok(bytes) if crate::trust::keyfile::looks_like_private_key(&bytes) => {
                inventory.diagnostics.push(private_key_here(&rel));
            }
            Ok(bytes) => {
                let url = format!("/{}", rel.trim_start_matches("content/"));
                assets.entry(dir).or_default().push(Asset { path: rel, abs, sha256: crate::trust::digest::Sha256::of(&bytes), url });
            }
            Err(message) => inventory.diagnostics.push(Diagnostic::error(&rel, message)),
        }
    }
    // The pages are read, checked and hashed in parallel; kept in order.
    type Read<T> = Result<(String, crate::trust::approval::SourceDigest, Option<(usize, T)>), Diagnostic>;
    let read: Vec<(String, Read<T>)> = markdown
        .into_par_iter()
        .map(|(rel, abs)| {
            let text = read_page(&rel, &abs).map(|mut text| {
                let digest = crate::trust::approval::SourceDigest::of(text.as_bytes());
                let end = crate::frontmatter::body_offset(&text);
                let seen = look.zip(end).map(|(look, end)| (end, look(&rel, &text, end, &digest)));
                if texts == Texts::FrontMatter {
                    // A text whose front matter does not close is kept
                    // whole: its problems are shown from it.
                    if let Some(end) = end {
                        text.truncate(end);
                        text.shrink_to_fit();
                    }
                }
                (text, digest, seen)
            });
            (rel, text)
        })
        .collect();
    for (rel, text) in read {
        let text = match text {
            Ok((text, digest, seen)) => {
                if let Some(seen) = seen {
                    looked.insert(rel.clone(), seen);
                }
                Ok((text, digest))
            }
            Err(d) => Err(d),
        };
        let (text, digest) = match text {
            Ok(read) => read,
            Err(d) => {
                inventory.diagnostics.push(d);
                continue;
            }
        };
        let is_section = rel.ends_with("/_index.md");
        let page_assets = match rel.strip_suffix("index.md").filter(|_| !is_section && rel.ends_with("/index.md")) {
            Some(dir) => assets.remove(dir).unwrap_or_default(),
            None => Vec::new(),
        };
        let kind = if is_section { PageKind::Section } else { PageKind::Page };
        inventory.pages.push(SourcePage { path: rel, root: root.clone(), text, digest, kind, assets: page_assets });
    }
    (inventory, looked)
}

/// The whole text of a page the inventory kept only the front matter of,
/// read again: an error when the file is no longer what was loaded (it
/// changed during the build), so every stage sees one text.
pub fn read_again(source: &SourcePage) -> Result<String, Diagnostic> {
    let text = read_page(&source.path, &source.abs())?;
    if crate::trust::approval::SourceDigest::of(text.as_bytes()) != source.digest {
        return Err(Diagnostic::error(&source.path, tr!("load-page-changed-during-build")).help(tr!("load-build-again-when-saved")));
    }
    Ok(text)
}

/// A page file's text: within the size limit, no private key, UTF-8.
fn read_page(rel: &str, abs: &Path) -> Result<String, Diagnostic> {
    let bytes = read_limited(abs, MAX_PAGE_BYTES).map_err(|message| Diagnostic::error(rel, message).help(tr!("load-split-page-into-smaller-pages")))?;
    if crate::trust::keyfile::looks_like_private_key(&bytes) {
        return Err(private_key_here(rel));
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let valid = &bytes[..e.utf8_error().valid_up_to()];
        let (line, column) = LineIndex::new(std::str::from_utf8(valid).unwrap_or_default()).position(valid.len());
        Diagnostic::error(rel, tr!("load-file-not-valid-utf")).at(line, column).help(tr!("config-save-file-as-utf-in"))
    })
}

/// Reads at most `limit` bytes, with a sentence for the user when it cannot.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    match crate::trust::read_at_most(path, limit as usize) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(tr!("load-file-larger-than-limit-kib", limit = limit / 1024)),
        Err(e) => Err(format!("cannot read: {e}")),
    }
}

pub fn private_key_here(rel: &str) -> Diagnostic {
    Diagnostic::error(rel, tr!("load-private-key-file-lies-inside"))
        .help(tr!("load-move-it-out-content-themes"))
}

/// Largest part of a file under `trust/` or `themes/` searched for a key.
const MAX_KEY_SCAN_BYTES: usize = 4 << 20;

/// Finds what must never be in the folders a build reads: private key
/// files (however they are named or laid out) and symbolic links (a link
/// could publish a file from anywhere on the build machine). `content/` is
/// checked while it is loaded and the theme while it is read, so `skip`
/// leaves those out here.
pub fn find_private_keys(site_root: &Path, folders: &[&Path], skip: impl Fn(&Path) -> bool + Sync) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let mut found = Vec::new();
    let mut files = Vec::new();
    for folder in folders.iter().filter(|f| f.exists()) {
        for entry in WalkDir::new(folder).follow_links(false).into_iter().flatten() {
            let shown = entry.path().strip_prefix(site_root).unwrap_or(entry.path()).display().to_string();
            if entry.path_is_symlink() {
                found.push(
                    Diagnostic::error(shown, tr!("load-symbolic-links-are-not-allowed"))
                        .help(tr!("load-replace-link-with-file-itself")),
                );
            } else if entry.file_type().is_file() && !skip(entry.path()) {
                files.push(entry.into_path());
            }
        }
    }
    found.extend(
        files
            .par_iter()
            .filter(|path| {
                let bytes = match crate::trust::read_at_most(path, MAX_KEY_SCAN_BYTES) {
                    Ok(Some(bytes)) => bytes,
                    // Larger than any key file: only its start is searched.
                    Ok(None) => std::fs::File::open(path)
                        .and_then(|f| {
                            let mut head = Vec::new();
                            std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_KEY_SCAN_BYTES as u64), &mut head).map(|_| head)
                        })
                        .unwrap_or_default(),
                    Err(_) => return false,
                };
                crate::trust::keyfile::looks_like_private_key(&bytes)
            })
            .map(|path| private_key_here(&path.strip_prefix(site_root).unwrap_or(path).display().to_string()))
            .collect::<Vec<_>>(),
    );
    found.sort();
    found
}

/// Private keys anywhere in the folders a build reads (`themes/`, `trust/`;
/// `content/` is checked as it is loaded): the same check for `build`,
/// `check` and the preview. Snapshots of approved pages beside their
/// approvals are not keys.
pub fn private_keys_in_site(root: &Path, site: &crate::config::Site) -> Vec<Diagnostic> {
    let approvals = site.trust_dir().join("approvals");
    find_private_keys(root, &[&root.join("themes"), &site.trust_dir()], |path| {
        path.starts_with(&approvals) && path.extension().is_some_and(|e| e == "json" || e == "source")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\ntitle = \"Om oss\"\npublisher = \"anna\"\nowner = \"Kommunstyrelsen\"\n+++\n# Rubrik\n\nText.\n";

    fn site(pages: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (rel, text) in pages {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
            std::fs::write(path, text).expect("page");
        }
        dir
    }

    #[test]
    fn a_build_keeps_the_front_matter_and_reads_the_same_text_again() {
        let dir = site(&[("content/om.md", PAGE), ("content/trasig.md", "+++\ntitle = \"x\"\n# ingen slutrad\n")]);
        let whole = load_content(dir.path());
        let cut = load_content_keeping(dir.path(), Texts::FrontMatter);
        assert!(cut.diagnostics.is_empty(), "{:?}", cut.diagnostics);
        assert_eq!(whole.pages.len(), 2);
        for (whole, cut) in whole.pages.iter().zip(&cut.pages) {
            assert_eq!(whole.digest, cut.digest, "the digest covers the whole file");
            assert_eq!(read_again(cut).expect("unchanged"), whole.text);
        }
        assert_eq!(cut.pages[0].text, PAGE.trim_end_matches("# Rubrik\n\nText.\n"));
        // Front matter that does not close: kept whole, for its problems.
        assert_eq!(cut.pages[1].text, whole.pages[1].text);
    }

    #[test]
    fn a_page_that_changed_after_it_was_loaded_is_an_error_naming_it() {
        let dir = site(&[("content/om.md", PAGE)]);
        let cut = load_content_keeping(dir.path(), Texts::FrontMatter);
        std::fs::write(dir.path().join("content/om.md"), PAGE.replace("Text.", "Annan text.")).expect("edit");
        let error = read_again(&cut.pages[0]).expect_err("changed");
        assert_eq!(error.file, "content/om.md");
        assert!(error.is_error());
        std::fs::remove_file(dir.path().join("content/om.md")).expect("remove");
        assert_eq!(read_again(&cut.pages[0]).expect_err("gone").file, "content/om.md");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_that_is_not_utf8_is_an_error_and_the_other_pages_load() {
        use std::os::unix::ffi::OsStrExt;
        let dir = site(&[("content/las.md", PAGE)]);
        let name = std::ffi::OsStr::from_bytes(b"content/fel\xe4.md");
        std::fs::write(dir.path().join(name), PAGE).expect("page");
        let loaded = load_content_keeping(dir.path(), Texts::FrontMatter);
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
        assert_eq!(loaded.diagnostics[0].file, "content/fel\u{fffd}.md");
        assert!(loaded.diagnostics[0].is_error());
        assert_eq!(loaded.pages.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(), ["content/las.md"]);
        assert_eq!(loaded.pages[0].abs(), dir.path().join("content/las.md"));
        assert_eq!(read_again(&loaded.pages[0]).expect("read from its folder"), PAGE);
    }
}
