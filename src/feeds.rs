//! Machine-readable companions of the site: sitemap, Atom feed, robots.txt.
//! All are derived from approved pages only and contain no build time, so
//! the same sources give the same bytes.

use crate::render::escape_html;
use crate::approvals::ApprovedPage;
use crate::config::SiteConfig;

fn updated_of(page: &ApprovedPage) -> String {
    page.page().updated.clone().unwrap_or_else(|| page.approved_on())
}

/// `sitemap.xml` listing every page with its last update.
pub fn sitemap(config: &SiteConfig, pages: &[ApprovedPage]) -> String {
    let base = config.base_url.trim_end_matches('/');
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in pages {
        out.push_str(&format!(
            "  <url><loc>{}{}</loc><lastmod>{}</lastmod></url>\n",
            escape_html(base),
            escape_html(&page.page().url),
            updated_of(page)
        ));
    }
    out.push_str("</urlset>\n");
    out
}

/// An Atom feed of the 20 most recently updated pages.
pub fn atom(config: &SiteConfig, pages: &[ApprovedPage]) -> String {
    let base = config.base_url.trim_end_matches('/');
    let mut recent: Vec<&ApprovedPage> = pages.iter().collect();
    recent.sort_by(|a, b| updated_of(b).cmp(&updated_of(a)).then(a.page().url.cmp(&b.page().url)));
    recent.truncate(20);
    let newest = recent.first().map_or_else(|| "1970-01-01".to_string(), |p| updated_of(p));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}/</id>\n  <link href=\"{}/\"/>\n  <link rel=\"self\" href=\"{}/atom.xml\"/>\n  <updated>{}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        config.language.code(), escape_html(&config.title), escape_html(base), escape_html(base), escape_html(base), newest, escape_html(&config.organization)
    );
    for page in recent {
        let p = page.page();
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}{}</id>\n    <link href=\"{}{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape_html(&p.front.title),
            escape_html(base), escape_html(&p.url),
            escape_html(base), escape_html(&p.url),
            updated_of(page),
            escape_html(p.front.description.as_deref().unwrap_or(&p.front.title)),
        ));
    }
    out.push_str("</feed>\n");
    out
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
