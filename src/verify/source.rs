//! Where a verifier reads a built site from: a folder, or a web server.
//! Every read has a size limit; HTTP has timeouts and never follows a
//! redirect to another site.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Why a file could not be fetched.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    #[error("{}", tr!("source-was-not-found", value0 = .0))]
    NotFound(String),
    #[error("{}", tr!("source-larger-than-bytes", what = .what, limit = .limit))]
    TooLarge { what: String, limit: usize },
    #[error("{}", tr!("source-message", what = .what, reason = .reason))]
    Failed { what: String, reason: String },
}

/// A site's files by URL path (`/om/index.html`).
pub trait Source: Sync {
    /// Reads the file at `path` (absolute URL path), at most `limit` bytes.
    fn get(&self, path: &str, limit: usize) -> Result<Vec<u8>, FetchError>;
    /// The URL path of the HTML of a page URL (`/om/` → `/om/index.html` in
    /// a folder; the URL itself on a web server).
    fn page_path(&self, url: &str) -> String;
    /// The length and SHA-256 of the file at `path`, at most `limit`
    /// bytes: for a check that compares a file with its listed hash and
    /// needs nothing else of it. A source that knows them without reading
    /// the file may say so; any other reads it.
    fn digest(&self, path: &str, limit: usize) -> Result<(u64, crate::trust::digest::Sha256), FetchError> {
        let bytes = self.get(path, limit)?;
        Ok((bytes.len() as u64, crate::trust::digest::Sha256::of(&bytes)))
    }
    /// How to name the source to people.
    fn describe(&self) -> String;
    /// Every file's URL path, when the source can list them (a folder can,
    /// a web server cannot): then a file the release does not list is seen.
    /// Shared: a source lists once and is asked twice, and a large site's
    /// list is tens of megabytes.
    fn list(&self) -> Option<Arc<[String]>> {
        None
    }
    /// Where the file at `path` is on this machine, when the source is a
    /// folder: then a caller may link or copy it rather than hold its bytes.
    fn local_path(&self, _path: &str) -> Option<PathBuf> {
        None
    }
}

/// Files whose length and hash are known without reading them, by
/// whoever last checked them and saw that nothing changed them since.
pub trait KnownFiles: Sync {
    /// The length and hash of the file at `path` (a URL path) under `root`,
    /// when known unread; `None` when it must be read.
    fn known(&self, root: &Path, path: &str) -> Option<(u64, crate::trust::digest::Sha256)>;
}

impl<K: KnownFiles + ?Sized> KnownFiles for &K {
    fn known(&self, root: &Path, path: &str) -> Option<(u64, crate::trust::digest::Sha256)> {
        (**self).known(root, path)
    }
}

/// A folder, read like [`DirSource`], except that [`Source::digest`] takes
/// the files `known` vouches for unread. Every file a check parses is read.
pub struct KnownDir<K> {
    folder: DirSource,
    known: K,
}

impl<K: KnownFiles> KnownDir<K> {
    pub fn new(root: &Path, known: K) -> Self {
        Self { folder: DirSource::new(root), known }
    }
}

impl<K: KnownFiles> Source for KnownDir<K> {
    fn get(&self, path: &str, limit: usize) -> Result<Vec<u8>, FetchError> {
        self.folder.get(path, limit)
    }

    fn digest(&self, path: &str, limit: usize) -> Result<(u64, crate::trust::digest::Sha256), FetchError> {
        match self.folder.local_path(path).and(self.known.known(&self.folder.root, path)) {
            Some((len, sha256)) if len <= limit as u64 => Ok((len, sha256)),
            _ => self.folder.digest(path, limit),
        }
    }

    fn page_path(&self, url: &str) -> String {
        self.folder.page_path(url)
    }

    fn describe(&self) -> String {
        self.folder.describe()
    }

    fn list(&self) -> Option<Arc<[String]>> {
        self.folder.list()
    }

    fn local_path(&self, path: &str) -> Option<PathBuf> {
        self.folder.local_path(path)
    }
}

/// A built site in a folder.
pub struct DirSource {
    root: PathBuf,
    /// The folder's files, listed once: a check asks for them twice (the
    /// log's folder and the whole site), and a site has tens of thousands.
    listed: std::sync::OnceLock<Option<Arc<[String]>>>,
}

impl DirSource {
    pub fn new(root: &Path) -> Self {
        Self { root: root.to_path_buf(), listed: std::sync::OnceLock::new() }
    }
}

impl Source for DirSource {
    fn local_path(&self, path: &str) -> Option<PathBuf> {
        let rel = path.trim_start_matches('/');
        (!rel.split('/').any(|s| s == ".." || s == ".") && !rel.contains('\\')).then(|| self.root.join(rel))
    }

    fn get(&self, path: &str, limit: usize) -> Result<Vec<u8>, FetchError> {
        let rel = path.trim_start_matches('/');
        if rel.split('/').any(|s| s == ".." || s == ".") || rel.contains('\\') {
            return Err(FetchError::Failed { what: path.into(), reason: tr!("source-path-leaves-site") });
        }
        match crate::trust::read_at_most(&self.root.join(rel), limit) {
            Ok(Some(bytes)) => Ok(bytes),
            Ok(None) => Err(FetchError::TooLarge { what: path.into(), limit }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(FetchError::NotFound(path.into())),
            Err(e) => Err(FetchError::Failed { what: path.into(), reason: e.to_string() }),
        }
    }

    fn page_path(&self, url: &str) -> String {
        if url.ends_with('/') {
            format!("{url}index.html")
        } else {
            url.to_string()
        }
    }

    fn describe(&self) -> String {
        self.root.display().to_string()
    }

    fn list(&self) -> Option<Arc<[String]>> {
        self.listed
            .get_or_init(|| {
                let mut paths = list_files(&self.root, "")?;
                paths.sort();
                Some(paths.into())
            })
            .clone()
    }
}

/// Every file under `dir` (links are not followed) as a URL path below
/// `prefix`; `None` when any folder cannot be read. Folders are read in
/// parallel: a built site has tens of thousands.
pub(crate) fn list_files(dir: &Path, prefix: &str) -> Option<Vec<String>> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let path = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if entry.file_type().ok()?.is_dir() {
            folders.push((entry.path(), path));
        } else {
            files.push(path);
        }
    }
    let nested: Vec<Vec<String>> = folders.par_iter().map(|(folder, path)| list_files(folder, path)).collect::<Option<_>>()?;
    files.extend(nested.into_iter().flatten());
    Some(files)
}

/// A site on a web server, e.g. `https://www.nora.se`.
pub struct HttpSource {
    origin: String,
    agent: ureq::Agent,
}

impl HttpSource {
    /// `origin` is scheme, host and port, without a path.
    pub fn new(origin: &str) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(30)))
            .max_redirects(0)
            // Answers are judged here: a 404 is "not found", not an error.
            .http_status_as_error(false)
            .user_agent(concat!("sigill-verify/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Self { origin: origin.trim_end_matches('/').to_string(), agent }
    }

    /// Splits `https://host:port/path` into origin and path.
    pub fn split_url(url: &str) -> Option<(String, String)> {
        let (scheme, rest) = url.split_once("://")?;
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() {
            return None;
        }
        let path = path.split(['?', '#']).next().unwrap_or("/");
        Some((format!("{scheme}://{host}"), path.to_string()))
    }
}

impl Source for HttpSource {
    fn get(&self, path: &str, limit: usize) -> Result<Vec<u8>, FetchError> {
        let mut current = path.to_string();
        for _ in 0..5 {
            let url = format!("{}{}", self.origin, current);
            let mut response = match self.agent.get(&url).call() {
                Ok(response) => response,
                Err(e) => return Err(FetchError::Failed { what: url, reason: e.to_string() }),
            };
            let status = response.status().as_u16();
            if status == 404 || status == 410 {
                return Err(FetchError::NotFound(url));
            }
            if (300..400).contains(&status) {
                let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                let next = if location.starts_with('/') && !location.starts_with("//") {
                    location
                } else if let Some(rest) = location.strip_prefix(&self.origin).filter(|r| r.starts_with('/')) {
                    rest.to_string()
                } else {
                    return Err(FetchError::Failed { what: url, reason: tr!("source-redirected-another-site-not-followed", location = location) });
                };
                current = next;
                continue;
            }
            if status != 200 {
                return Err(FetchError::Failed { what: url, reason: tr!("source-server-answered", status = status) });
            }
            let mut bytes = Vec::new();
            response
                .body_mut()
                .as_reader()
                .take(limit as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| FetchError::Failed { what: url.clone(), reason: e.to_string() })?;
            if bytes.len() > limit {
                return Err(FetchError::TooLarge { what: url, limit });
            }
            return Ok(bytes);
        }
        Err(FetchError::Failed { what: path.into(), reason: "too many redirects".into() })
    }

    fn page_path(&self, url: &str) -> String {
        url.to_string()
    }

    fn describe(&self) -> String {
        self.origin.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls() {
        assert_eq!(HttpSource::split_url("https://www.nora.se/om/?x=1"), Some(("https://www.nora.se".into(), "/om/".into())));
        assert_eq!(HttpSource::split_url("http://127.0.0.1:8080"), Some(("http://127.0.0.1:8080".into(), "/".into())));
        assert_eq!(HttpSource::split_url("ftp://x/"), None);
    }

    #[test]
    fn folder_source_refuses_to_leave_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let source = DirSource::new(dir.path());
        assert!(matches!(source.get("/../etc/passwd", 10), Err(FetchError::Failed { .. })));
        std::fs::write(dir.path().join("a.txt"), b"0123456789x").unwrap();
        assert!(matches!(source.get("/a.txt", 10), Err(FetchError::TooLarge { .. })));
        assert_eq!(source.get("/a.txt", 11).unwrap(), b"0123456789x");
    }
}
