//! External links: `sigill check --external` asks every outside address
//! the published pages link to whether it still answers. HEAD first, GET
//! when a server refuses HEAD; redirects followed (up to five) and
//! reported; one request at a time per host, with a pause between; answers
//! kept in a cache for a while so a second run asks nobody again. Never
//! part of `build`, and never a failure unless asked (`--strict`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::trust::Timestamp;

/// Most redirects followed.
const MAX_REDIRECTS: usize = 5;
/// Largest cache file read.
const MAX_CACHE_BYTES: usize = 16 << 20;

/// An outside address and the pages that link to it.
#[derive(Debug, Clone, Serialize)]
pub struct ExternalLink {
    pub url: String,
    /// (page path, publisher id) of each page linking to it.
    pub pages: Vec<(String, String)>,
}

/// What an address answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum LinkState {
    /// A 2xx answer at the address itself.
    Ok { status: u16 },
    /// A 2xx answer after redirects: the links should name the new address.
    Redirected { status: u16, to: String },
    /// A 4xx or 5xx answer (after any redirects).
    Broken { status: u16 },
    /// No answer: the name does not resolve, the connection fails or times out.
    Failed { reason: String },
}

impl LinkState {
    /// True for an address a reader cannot reach.
    pub fn is_broken(&self) -> bool {
        matches!(self, LinkState::Broken { .. } | LinkState::Failed { .. })
    }
}

/// One address checked.
#[derive(Debug, Clone, Serialize)]
pub struct LinkResult {
    pub url: String,
    pub state: LinkState,
    pub checked_at: Timestamp,
    /// Taken from the cache, not asked now.
    pub cached: bool,
    pub pages: Vec<(String, String)>,
}

/// How to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub now: Timestamp,
    /// Answers younger than this are taken from the cache.
    pub ttl: Duration,
    /// The pause between two requests to one host.
    pub per_host_interval: Duration,
    pub timeout: Duration,
    /// The cache file; `None` keeps no cache.
    pub cache: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedAnswer {
    state: LinkState,
    checked_at: Timestamp,
}

/// Where answers are kept per site: `$XDG_CACHE_HOME/sigill/links/<site>.json`,
/// else under the user's data folder.
pub fn cache_file(site: &str) -> Option<PathBuf> {
    Some(crate::cache::dir()?.join("links").join(format!("{}.json", site.replace(['/', '\\'], "_"))))
}

/// The outside addresses (`http`, `https`) the rendered pages link to,
/// each with the pages that do.
pub fn collect<'p>(pages: impl Iterator<Item = (&'p str, &'p str, &'p [crate::markdown::LinkRef])>) -> Vec<ExternalLink> {
    let mut by_url: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (path, publisher, links) in pages {
        for link in links {
            let lower = link.dest.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                let url = link.dest.split('#').next().unwrap_or(&link.dest).to_string();
                let entry = by_url.entry(url).or_default();
                let page = (path.to_string(), publisher.to_string());
                if !entry.contains(&page) {
                    entry.push(page);
                }
            }
        }
    }
    by_url.into_iter().map(|(url, pages)| ExternalLink { url, pages }).collect()
}

fn host_of(url: &str) -> String {
    url.split_once("://").map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(rest).to_ascii_lowercase()).unwrap_or_default()
}

/// Checks every link: from the cache when fresh, else asking its host
/// (hosts in parallel, one request at a time per host).
pub fn check(links: Vec<ExternalLink>, options: &CheckOptions) -> Vec<LinkResult> {
    let mut cache = options.cache.as_deref().map(read_cache).unwrap_or_default();
    let fresh = |answer: &CachedAnswer| answer.checked_at <= options.now && options.now.unix() - answer.checked_at.unix() < options.ttl.as_secs() as i64;
    let mut results = Vec::new();
    let mut by_host: BTreeMap<String, Vec<ExternalLink>> = BTreeMap::new();
    for link in links {
        match cache.get(&link.url).filter(|a| fresh(a)) {
            Some(answer) => results.push(LinkResult { url: link.url, state: answer.state.clone(), checked_at: answer.checked_at, cached: true, pages: link.pages }),
            None => by_host.entry(host_of(&link.url)).or_default().push(link),
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("sigill-link-check/", env!("CARGO_PKG_VERSION"), " (+https://github.com/sigill)"))
        .build()
        .into();
    let asked: Vec<LinkResult> = by_host
        .into_par_iter()
        .flat_map_iter(|(_, links)| {
            let agent = agent.clone();
            links.into_iter().enumerate().map(move |(n, link)| {
                if n > 0 {
                    std::thread::sleep(options.per_host_interval);
                }
                let state = ask(&agent, &link.url);
                LinkResult { url: link.url, state, checked_at: options.now, cached: false, pages: link.pages }
            }).collect::<Vec<_>>()
        })
        .collect();
    for result in &asked {
        cache.insert(result.url.clone(), CachedAnswer { state: result.state.clone(), checked_at: result.checked_at });
    }
    if let Some(path) = &options.cache {
        write_cache(path, &cache);
    }
    results.extend(asked);
    results.sort_by(|a, b| a.url.cmp(&b.url));
    results
}

/// One address: HEAD, then GET if the server does not answer HEAD well;
/// redirects followed by hand so each is seen.
fn ask(agent: &ureq::Agent, url: &str) -> LinkState {
    let mut current = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let status = match agent.head(&current).call() {
            Ok(response) if !matches!(response.status().as_u16(), 400 | 403 | 405 | 501) => Ok(response),
            _ => agent.get(&current).call(),
        };
        let response = match status {
            Ok(response) => response,
            Err(e) => return LinkState::Failed { reason: e.to_string() },
        };
        let code = response.status().as_u16();
        if (300..400).contains(&code) {
            let Some(location) = response.headers().get("location").and_then(|v| v.to_str().ok()) else {
                return LinkState::Broken { status: code };
            };
            current = resolve(&current, location);
            continue;
        }
        return match code {
            200..=299 if current == url => LinkState::Ok { status: code },
            200..=299 => LinkState::Redirected { status: code, to: current },
            _ => LinkState::Broken { status: code },
        };
    }
    LinkState::Failed { reason: tr!("links-too-many-redirects", max = MAX_REDIRECTS) }
}

/// A `Location` against the address that sent it.
fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if let Some(path) = location.strip_prefix("//") {
        return format!("{scheme}://{path}");
    }
    if location.starts_with('/') {
        return format!("{scheme}://{host}{location}");
    }
    let path = &rest[host.len()..];
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{scheme}://{host}{dir}{location}")
}

fn read_cache(path: &Path) -> BTreeMap<String, CachedAnswer> {
    crate::trust::read_at_most(path, MAX_CACHE_BYTES).ok().flatten().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
}

fn write_cache(path: &Path, cache: &BTreeMap<String, CachedAnswer>) {
    if let Ok(bytes) = serde_json::to_vec_pretty(cache) {
        crate::cache::store(path, &bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_against_the_address_that_sent_them() {
        assert_eq!(resolve("https://a.example/x/y", "/z"), "https://a.example/z");
        assert_eq!(resolve("https://a.example/x/y", "z"), "https://a.example/x/z");
        assert_eq!(resolve("http://a.example/x", "https://b.example/"), "https://b.example/");
        assert_eq!(resolve("https://a.example/x", "//c.example/p"), "https://c.example/p");
        assert_eq!(host_of("https://WWW.Example.se:8443/a?b"), "www.example.se:8443");
    }
}
