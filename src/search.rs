//! Search stage: a static full-text index of every published page, made
//! by Pagefind (used as a library) from the pages' HTML as rendered, with
//! word stemming per page language (Swedish, Finnish, English …). The
//! index is written under `/pagefind/`, listed in the release like every
//! other file, and read in the browser by the theme's search page.

/// Where the index is published.
pub const BUNDLE: &str = "/pagefind/";

/// Why the index could not be made.
#[derive(Debug, thiserror::Error)]
#[error("{}", tr!("search-index-failed", error = .0))]
pub struct SearchError(String);

/// The index of `pages` (URL and HTML, the content inside
/// `data-pagefind-body`): each file's path under [`BUNDLE`] and bytes.
pub fn index<'p>(pages: impl Iterator<Item = (&'p str, &'p [u8])>) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| SearchError(e.to_string()))?;
    let mut pages: Vec<(&str, &[u8])> = pages.collect();
    pages.sort_by(|a, b| a.0.cmp(b.0));
    runtime.block_on(async move {
        let mut index = pagefind::api::PagefindIndex::new(None).map_err(|e| SearchError(e.to_string()))?;
        for (url, html) in pages {
            let html = String::from_utf8_lossy(html).into_owned();
            index.add_html_file(None, Some(url.to_string()), html).await.map_err(|e| SearchError(format!("{url}: {e}")))?;
        }
        let mut files: Vec<(String, Vec<u8>)> = index
            .get_files()
            .await
            .map_err(|e| SearchError(e.to_string()))?
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    })
}
