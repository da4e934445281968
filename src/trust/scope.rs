//! Content paths and publisher scopes.
//!
//! Paths are kept to one spelling — lowercase ASCII letters, digits, `-`,
//! `_` and `.` in `/`-separated segments, no `.` or `..` segments — so a
//! Unicode look-alike, a case variant or a `..` can never smuggle a page into
//! another publisher's scope.

/// True when `path` is a canonical site-relative path such as
/// `content/om/it-strategi.md`.
pub fn is_canonical_path(path: &str) -> bool {
    !path.is_empty() && path.len() <= 512 && path.split('/').all(is_canonical_segment)
}

/// One path segment: non-empty, not `.`/`..`, lowercase ASCII, digits, `-_.`,
/// not starting with `.`.
pub fn is_canonical_segment(segment: &str) -> bool {
    !segment.is_empty()
        && !segment.starts_with('.')
        && segment.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
}

/// The site configuration, approved like a page: its texts appear in every
/// quality mark.
pub const CONFIG_SCOPE: &str = "site.toml";

/// A scope is `content/`, a folder `content/…/`, a single page under
/// content, a theme folder `themes/<name>/` (its templates and static files),
/// the site configuration `site.toml`, or the site's data and static files:
/// `data/`, `static/`, a folder under them or one file.
pub fn is_canonical_scope(scope: &str) -> bool {
    if scope == CONFIG_SCOPE {
        return true;
    }
    for root in ["data/", "static/"] {
        if scope == root {
            return true;
        }
        if scope.starts_with(root) {
            let inner = scope.trim_end_matches('/');
            return is_canonical_path(inner) && (scope.ends_with('/') || root == "static/" || inner.ends_with(".toml"));
        }
    }
    if let Some(theme) = scope.strip_prefix("themes/") {
        return theme.ends_with('/') && is_canonical_path(theme.trim_end_matches('/'));
    }
    if !scope.starts_with("content/") {
        return false;
    }
    match scope.strip_suffix('/') {
        Some(folder) => is_canonical_path(folder),
        None => is_canonical_path(scope) && scope.ends_with(".md"),
    }
}

/// The URL a content file gets when its front matter sets no `slug`:
/// `content/_index.md` → `/`, `content/om/_index.md` → `/om/`,
/// `content/om/kontakt.md` → `/om/kontakt/`, `content/om/bygglov/index.md`
/// → `/om/bygglov/`. `None` for a path that is not a page source.
pub fn default_url(path: &str) -> Option<String> {
    let rest = path.strip_prefix("content/")?.strip_suffix(".md")?;
    let folder = if rest == "_index" || rest == "index" {
        ""
    } else if let Some(dir) = rest.strip_suffix("/_index").or_else(|| rest.strip_suffix("/index")) {
        dir
    } else {
        rest
    };
    Some(if folder.is_empty() { "/".into() } else { format!("/{folder}/") })
}

/// True when `scope` lets its publisher take the page URL (or alias) `url`.
/// A folder scope `content/om/` covers the URLs under `/om/`; `content/`
/// covers every URL; a single-page scope covers only that page's default
/// URL. So a `slug` or an alias can never claim a URL in another
/// publisher's section.
pub fn scope_covers_url(scope: &str, url: &str) -> bool {
    if !url.starts_with('/') || !url.ends_with('/') || !is_canonical_scope(scope) {
        return false;
    }
    let inner = url.trim_matches('/');
    if !inner.is_empty() && !is_canonical_path(inner) {
        return false;
    }
    match scope.strip_prefix("content/") {
        Some(folder) if scope.ends_with('/') => url.starts_with(&format!("/{folder}")),
        Some(_) => default_url(scope).is_some_and(|own| own == url),
        None => false,
    }
}

/// True when `scope` covers `path`, on segment boundaries only:
/// `content/social/` does not cover `content/socialtjanst/x.md`.
pub fn scope_covers(scope: &str, path: &str) -> bool {
    if !is_canonical_scope(scope) || !is_canonical_path(path) {
        return false;
    }
    if scope.ends_with('/') {
        path.starts_with(scope)
    } else {
        path == scope
    }
}

/// Resolves `.` and `..` in a `/`-separated path; `None` if it climbs out.
pub fn normalize(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_respect_segment_boundaries() {
        assert!(scope_covers("content/social/", "content/social/stod.md"));
        assert!(!scope_covers("content/social/", "content/socialtjanst/stod.md"));
        assert!(scope_covers("content/", "content/index.md"));
        assert!(scope_covers("content/om/kontakt.md", "content/om/kontakt.md"));
        assert!(!scope_covers("content/om/kontakt.md", "content/om/kontakt.mdx"));
    }

    #[test]
    fn rejects_tricky_paths() {
        for path in [
            "content/social/../skola/x.md",
            "content/social/./x.md",
            "content//x.md",
            "content/Social/x.md",
            "content/soci\u{e5}l/x.md",
            "content/s\u{43f}cial/x.md",
            "/content/x.md",
            "content/.hidden.md",
            "content\\social\\x.md",
        ] {
            assert!(!is_canonical_path(path), "{path}");
            assert!(!scope_covers("content/", path), "{path}");
        }
        assert!(!is_canonical_scope("content/social"));
        assert!(!is_canonical_scope("trust/"));
        assert!(is_canonical_scope("content/social/"));
        assert!(is_canonical_scope("themes/default/"));
        assert!(is_canonical_scope("site.toml"));
        assert!(!is_canonical_scope("themes/"));
        assert!(!is_canonical_scope("themes/default"));
        assert!(!is_canonical_scope("themes/../trust/"));
        assert!(!is_canonical_scope("site.toml/"));
        assert!(scope_covers("themes/default/", "themes/default/templates/page.html"));
        assert!(!scope_covers("themes/default/", "themes/default2/theme.toml"));
        assert!(!scope_covers("content/", "site.toml"));
    }

    #[test]
    fn default_urls() {
        assert_eq!(default_url("content/_index.md").as_deref(), Some("/"));
        assert_eq!(default_url("content/om/_index.md").as_deref(), Some("/om/"));
        assert_eq!(default_url("content/om/kontakt.md").as_deref(), Some("/om/kontakt/"));
        assert_eq!(default_url("content/om/bygglov/index.md").as_deref(), Some("/om/bygglov/"));
        assert_eq!(default_url("themes/default/theme.toml"), None);
    }

    #[test]
    fn urls_stay_inside_scopes() {
        assert!(scope_covers_url("content/", "/"));
        assert!(scope_covers_url("content/", "/social/x/"));
        assert!(scope_covers_url("content/om/", "/om/"));
        assert!(scope_covers_url("content/om/", "/om/ny-adress/"));
        assert!(!scope_covers_url("content/om/", "/omsorg/"));
        assert!(!scope_covers_url("content/om/", "/"));
        assert!(scope_covers_url("content/_index.md", "/"));
        assert!(!scope_covers_url("content/_index.md", "/om/"));
        assert!(scope_covers_url("content/kontakt.md", "/kontakt/"));
        assert!(!scope_covers_url("content/kontakt.md", "/kontakta-oss/"));
        assert!(!scope_covers_url("content/om/", "/om/../social/"));
        assert!(!scope_covers_url("content/om/", "/om/x"));
        assert!(!scope_covers_url("themes/default/", "/om/"));
        assert!(!scope_covers_url("site.toml", "/"));
    }
}
