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

/// A scope is `content/`, a folder `content/…/` or a single file under content.
pub fn is_canonical_scope(scope: &str) -> bool {
    if !scope.starts_with("content/") {
        return false;
    }
    match scope.strip_suffix('/') {
        Some(folder) => is_canonical_path(folder),
        None => is_canonical_path(scope) && scope.ends_with(".md"),
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
    }
}
