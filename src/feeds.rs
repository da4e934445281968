//! Machine-readable companions of the site: sitemap, Atom feed, robots.txt.
//! All are derived from approved pages only and contain no build time, so
//! the same sources give the same bytes.

use crate::render::escape_html;
use crate::approvals::ApprovedPage;
use crate::config::SiteConfig;

fn updated_of(page: &ApprovedPage) -> String {
    page.page().updated.clone().unwrap_or_else(|| page.approved_on())
}

/// The most addresses one sitemap file may list (the sitemaps.org protocol).
pub const SITEMAP_MAX_URLS: usize = 50_000;

/// Writes the sitemap: `sitemap.xml` listing every page with its last
/// update, or, for a site with more pages than one sitemap may list,
/// `sitemap.xml` as an index of `sitemap-1.xml`, `sitemap-2.xml`, ….
/// Each file goes to `write` as it is made, so one is held at a time.
pub fn write_sitemaps<E>(config: &SiteConfig, pages: &[ApprovedPage], write: impl FnMut(&str, &[u8]) -> Result<(), E>) -> Result<(), E> {
    let entries = pages.iter().map(|p| (p.page().url.as_str(), updated_of(p)));
    write_sitemap_files(config.base_url.trim_end_matches('/'), pages.len(), entries, SITEMAP_MAX_URLS, write)
}

/// The addresses of the files [`write_sitemaps`] writes for `pages` pages.
pub fn sitemap_files(pages: usize) -> Vec<String> {
    let mut files = vec!["/sitemap.xml".to_string()];
    if pages > SITEMAP_MAX_URLS {
        files.extend((1..=pages.div_ceil(SITEMAP_MAX_URLS)).map(|n| format!("/{}", sitemap_part(n))));
    }
    files
}

/// The name of the `number`th sitemap an index names (from 1).
fn sitemap_part(number: usize) -> String {
    format!("sitemap-{number}.xml")
}

/// [`write_sitemaps`] for `count` (address, last update) entries, at most
/// `max` to a file.
fn write_sitemap_files<'a, E>(base: &str, count: usize, entries: impl Iterator<Item = (&'a str, String)>, max: usize, mut write: impl FnMut(&str, &[u8]) -> Result<(), E>) -> Result<(), E> {
    let base = escape_html(base);
    let mut entries = entries.peekable();
    let mut index = String::new();
    let mut number = 0;
    loop {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        let mut newest = String::new();
        for (url, updated) in entries.by_ref().take(max) {
            out.push_str(&format!("  <url><loc>{base}{}</loc><lastmod>{updated}</lastmod></url>\n", escape_html(url)));
            newest = newest.max(updated);
        }
        out.push_str("</urlset>\n");
        if count <= max {
            return write("sitemap.xml", out.as_bytes());
        }
        number += 1;
        let name = sitemap_part(number);
        write(&name, out.as_bytes())?;
        index.push_str(&format!("  <sitemap><loc>{base}/{name}</loc><lastmod>{newest}</lastmod></sitemap>\n"));
        if entries.peek().is_none() {
            break;
        }
    }
    let index = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{index}</sitemapindex>\n");
    write("sitemap.xml", index.as_bytes())
}

/// An Atom feed of the 20 most recently updated pages.
pub fn atom(config: &SiteConfig, pages: &[ApprovedPage]) -> String {
    let base = config.base_url.trim_end_matches('/');
    let newest_first = newest(pages, 20, updated_of, |p| &p.page().url);
    let newest = newest_first.first().map_or_else(|| "1970-01-01".to_string(), |(updated, _)| updated.clone());
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}/</id>\n  <link href=\"{}/\"/>\n  <link rel=\"self\" href=\"{}/atom.xml\"/>\n  <updated>{}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        config.language.code(), escape_html(&config.title), escape_html(base), escape_html(base), escape_html(base), newest, escape_html(&config.organization)
    );
    for (updated, page) in newest_first {
        let p = page.page();
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}{}</id>\n    <link href=\"{}{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape_html(&p.front.title),
            escape_html(base), escape_html(&p.url),
            escape_html(base), escape_html(&p.url),
            updated,
            escape_html(p.front.description.as_deref().unwrap_or(&p.front.title)),
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// The `count` newest of `items` by `updated` (a date), newest first and
/// then by `url`, each with its date: picked in one pass, each date made
/// once, with no list of every item sorted (a site-wide feed of 100 000
/// pages is made while every page is held).
fn newest<'p, T>(items: impl IntoIterator<Item = &'p T>, count: usize, updated: impl Fn(&T) -> String, url: impl Fn(&T) -> &str) -> Vec<(String, &'p T)> {
    let mut newest: Vec<(String, &T)> = Vec::with_capacity(count + 1);
    for item in items {
        let date = updated(item);
        let at = newest.partition_point(|(d, other)| *d > date || (*d == date && url(other) < url(item)));
        if at < count {
            newest.insert(at, (date, item));
            newest.truncate(count);
        }
    }
    newest
}

/// A dated section's Atom feed (`/nyheter/atom.xml`): its pages, newest
/// `date` first.
pub fn section_atom(config: &SiteConfig, section: &ApprovedPage, items: &[&ApprovedPage]) -> String {
    let base = config.base_url.trim_end_matches('/');
    let date_of = |p: &ApprovedPage| p.page().front.date.as_ref().and_then(|d| d.date).map(|d| d.to_string()).unwrap_or_else(|| updated_of(p));
    let mut items: Vec<&&ApprovedPage> = items.iter().collect();
    items.sort_by(|a, b| date_of(b).cmp(&date_of(a)).then(a.page().url.cmp(&b.page().url)));
    items.truncate(50);
    let s = section.page();
    let newest = items.first().map_or_else(|| updated_of(section), |p| date_of(p));
    let language = s.language(config.language);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{} – {}</title>\n  <id>{}{}</id>\n  <link href=\"{}{}\"/>\n  <link rel=\"self\" href=\"{}{}atom.xml\"/>\n  <updated>{}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        language, escape_html(&s.front.title), escape_html(&config.title), escape_html(base), escape_html(&s.url), escape_html(base), escape_html(&s.url), escape_html(base), escape_html(&s.url), newest, escape_html(&config.organization)
    );
    for page in items {
        let p = page.page();
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}{}</id>\n    <link href=\"{}{}\"/>\n    <published>{}T00:00:00Z</published>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape_html(&p.front.title),
            escape_html(base), escape_html(&p.url),
            escape_html(base), escape_html(&p.url),
            date_of(page),
            updated_of(page).max(date_of(page)),
            escape_html(p.front.description.as_deref().unwrap_or(&p.front.title)),
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// `robots.txt` pointing at the sitemap.
pub fn robots(config: &SiteConfig) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n", config.base_url.trim_end_matches('/'))
}

/// A small page that sends an old address to the new one.
pub fn redirect(to: &str) -> String {
    let to = escape_html(to);
    format!("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{to}</title><link rel=\"canonical\" href=\"{to}\"><meta http-equiv=\"refresh\" content=\"0; url={to}\"></head><body><a href=\"{to}\">{to}</a></body></html>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The files written, by name.
    fn sitemaps(count: usize, max: usize) -> std::collections::BTreeMap<String, String> {
        let urls: Vec<String> = (0..count).map(|n| format!("/sida-{n}/")).collect();
        let entries = urls.iter().enumerate().map(|(n, url)| (url.as_str(), format!("2026-01-{:02}", n % 28 + 1)));
        let mut files = std::collections::BTreeMap::new();
        write_sitemap_files("https://exempelby.se", count, entries, max, |name, bytes| {
            let before = files.insert(name.to_string(), String::from_utf8(bytes.to_vec()).expect("utf-8"));
            assert!(before.is_none(), "{name} written twice");
            Ok::<(), ()>(())
        })
        .expect("written");
        files
    }

    #[test]
    fn the_feed_takes_the_newest_pages_newest_first_then_by_address() {
        // Dates with many ties, in no order.
        let items: Vec<(String, String)> = (0..500u32).map(|n| (format!("/sida-{:03}/", (n * 7919) % 500), format!("2026-{:02}-{:02}", 1 + (n * 31) % 12, 1 + (n * 17) % 28))).collect();
        let mut sorted: Vec<&(String, String)> = items.iter().collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for count in [0, 1, 20, 499, 500, 600] {
            let picked = newest(&items, count, |i| i.1.clone(), |i| i.0.as_str());
            let expected: Vec<&(String, String)> = sorted.iter().take(count).copied().collect();
            assert_eq!(picked.iter().map(|(_, i)| *i).collect::<Vec<_>>(), expected, "the {count} newest");
            assert!(picked.iter().all(|(date, item)| *date == item.1), "each with its own date");
        }
    }

    #[test]
    fn a_site_within_the_limit_has_one_sitemap() {
        let files = sitemaps(3, 3);
        assert_eq!(files.keys().collect::<Vec<_>>(), ["sitemap.xml"]);
        let sitemap = &files["sitemap.xml"];
        assert!(sitemap.contains("<urlset"), "{sitemap}");
        assert_eq!(sitemap.matches("<url>").count(), 3);
        assert!(sitemap.contains("<url><loc>https://exempelby.se/sida-2/</loc><lastmod>2026-01-03</lastmod></url>"), "{sitemap}");
    }

    #[test]
    fn a_larger_site_has_an_index_of_sitemaps_within_the_limit() {
        let files = sitemaps(7, 3);
        assert_eq!(files.keys().collect::<Vec<_>>(), ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]);
        assert_eq!(sitemap_files(SITEMAP_MAX_URLS * 2 + 1), ["/sitemap.xml", "/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml"]);
        assert_eq!(sitemap_files(SITEMAP_MAX_URLS), ["/sitemap.xml"]);
        let index = &files["sitemap.xml"];
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(index.contains("<sitemap><loc>https://exempelby.se/sitemap-2.xml</loc><lastmod>2026-01-06</lastmod></sitemap>"), "{index}");
        let counts: Vec<usize> = ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"].iter().map(|f| files[*f].matches("<url>").count()).collect();
        assert_eq!(counts, [3, 3, 1]);
        assert!(files["sitemap-3.xml"].contains("https://exempelby.se/sida-6/"));
        // Exactly full files: no empty file after the last.
        assert_eq!(sitemaps(6, 3).len(), 3);
    }
}
