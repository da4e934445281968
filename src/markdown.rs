//! Markdown to HTML with pulldown-cmark: stable heading ids, a table of
//! contents, rewritten internal links, and raw HTML escaped (or sanitised).
//!
//! Rendering also records every heading, link and image with its position,
//! so the validate stage can check them without parsing again.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::config::RawHtml;
use crate::model::{Heading, RenderedBody};

/// A link as written, with where it was written (byte range in the body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub text: String,
    pub span: Range<usize>,
}

/// An image as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub dest: String,
    pub alt: String,
    pub span: Range<usize>,
}

/// A heading with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingRef {
    pub heading: Heading,
    pub span: Range<usize>,
}

/// The rendered body and what validation needs to know about it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub body: RenderedBody,
    pub headings: Vec<HeadingRef>,
    pub links: Vec<LinkRef>,
    pub images: Vec<ImageRef>,
}

/// Rewrites link destinations (`../om/kontakt.md` → `/om/kontakt/`).
pub trait LinkResolver {
    fn resolve(&self, dest: &str) -> Option<String>;
}

impl<F: Fn(&str) -> Option<String>> LinkResolver for F {
    fn resolve(&self, dest: &str) -> Option<String> {
        self(dest)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A readable, stable id for a heading: lowercase, letters kept (å, ä, ö
/// too), runs of anything else become one `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "rubrik".into()
    } else {
        slug
    }
}

/// Renders `body` to HTML. Headings get readable ids that never repeat and
/// never take one of `reserved` (the theme's own ids, such as the quality
/// mark's); `{#id}` after a heading chooses its id, while classes and other
/// attributes are dropped, so Markdown cannot add behaviour or style.
pub fn render(body: &str, raw_html: RawHtml, resolver: &dyn LinkResolver, reserved: &BTreeSet<String>) -> Rendered {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options()).into_offset_iter().collect();
    let mut out = Rendered::default();
    let mut used_ids = reserved.clone();
    let mut table = TableState::default();
    let mut transformed: Vec<Event> = Vec::with_capacity(events.len());
    // Text collected for the innermost open heading, link or image.
    // (index of the start event, level, chosen id, span, text so far)
    #[allow(clippy::type_complexity)]
    let mut heading: Option<(usize, u8, Option<String>, Range<usize>, String)> = None;
    let mut link: Option<(String, Range<usize>, String)> = None;
    let mut image: Option<(String, Range<usize>, String)> = None;
    for (event, span) in events {
        if let Event::Text(text) | Event::Code(text) = &event {
            for buffer in [heading.as_mut().map(|h| &mut h.4), link.as_mut().map(|l| &mut l.2), image.as_mut().map(|i| &mut i.2)].into_iter().flatten() {
                buffer.push_str(text);
            }
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                // A chosen id is kept only in the readable form headings get anyway.
                let chosen = id.map(|i| slugify(&i)).filter(|i| i != "rubrik");
                heading = Some((transformed.len(), level as u8, chosen, span, String::new()));
                transformed.push(Event::Start(Tag::Heading { level, id: None, classes: Vec::new(), attrs: Vec::new() }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((index, level_number, custom, span, text)) = heading.take() {
                    let base = custom.unwrap_or_else(|| slugify(&text));
                    let mut id = base.clone();
                    let mut n = 2;
                    while !used_ids.insert(id.clone()) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut transformed[index] {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    let h = Heading { level: level_number, id, text: text.trim().to_string() };
                    out.body.headings.push(h.clone());
                    out.headings.push(HeadingRef { heading: h, span });
                }
                transformed.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                link = Some((dest_url.to_string(), span, String::new()));
                let dest = resolver.resolve(&dest_url).map(CowStr::from).unwrap_or(dest_url);
                transformed.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id }));
            }
            Event::End(TagEnd::Link) => {
                if let Some((dest, span, text)) = link.take() {
                    out.links.push(LinkRef { dest, text: text.trim().to_string(), span });
                }
                transformed.push(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                image = Some((dest_url.to_string(), span, String::new()));
                let dest = resolver.resolve(&dest_url).map(CowStr::from).unwrap_or(dest_url);
                transformed.push(Event::Start(Tag::Image { link_type, dest_url: dest, title, id }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((dest, span, alt)) = image.take() {
                    out.images.push(ImageRef { dest, alt: alt.trim().to_string(), span });
                }
                transformed.push(Event::End(TagEnd::Image));
            }
            // Table cells carry their column's alignment as a class, never
            // as inline style (pulldown-cmark would write `style=`).
            Event::Start(Tag::Table(alignments)) => {
                table.alignments = alignments;
                transformed.push(Event::Start(Tag::Table(Vec::new())));
            }
            Event::Start(Tag::TableHead) => {
                table.in_head = true;
                table.cell = 0;
                transformed.push(Event::Start(Tag::TableHead));
            }
            Event::End(TagEnd::TableHead) => {
                table.in_head = false;
                transformed.push(Event::End(TagEnd::TableHead));
            }
            Event::Start(Tag::TableRow) => {
                table.cell = 0;
                transformed.push(Event::Start(Tag::TableRow));
            }
            Event::Start(Tag::TableCell) => transformed.push(Event::Html(table.open_cell().into())),
            Event::End(TagEnd::TableCell) => {
                transformed.push(Event::Html(table.close_cell().into()));
                table.cell += 1;
            }
            // Footnote labels become ids: keep them in their own readable
            // namespace, so a label can never take an id of the theme.
            Event::FootnoteReference(label) => transformed.push(Event::FootnoteReference(footnote_id(&label).into())),
            Event::Start(Tag::FootnoteDefinition(label)) => transformed.push(Event::Start(Tag::FootnoteDefinition(footnote_id(&label).into()))),
            Event::Html(html) | Event::InlineHtml(html) if raw_html == RawHtml::Escape => {
                transformed.push(Event::Text(html));
            }
            other => transformed.push(other),
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, transformed.into_iter());
    if raw_html == RawHtml::Sanitize {
        let reserved = std::sync::Arc::new(reserved.clone());
        html = ammonia::Builder::default()
            .add_generic_attributes(["id"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["class"])
            .add_tag_attributes("td", ["class"])
            .add_tags(["input"])
            .attribute_filter(move |_, attribute, value| match attribute {
                "id" if reserved.contains(value) => None,
                "class" if !matches!(value, "align-left" | "align-center" | "align-right") => None,
                _ => Some(value.into()),
            })
            .clean(&html)
            .to_string();
    }
    out.body.html = html;
    out
}

/// Where the renderer is inside a table, to write its cells.
#[derive(Default)]
struct TableState {
    alignments: Vec<pulldown_cmark::Alignment>,
    in_head: bool,
    cell: usize,
}

impl TableState {
    fn tag(&self) -> &'static str {
        if self.in_head {
            "th"
        } else {
            "td"
        }
    }
    fn open_cell(&self) -> String {
        use pulldown_cmark::Alignment;
        let class = match self.alignments.get(self.cell) {
            Some(Alignment::Left) => " class=\"align-left\"",
            Some(Alignment::Center) => " class=\"align-center\"",
            Some(Alignment::Right) => " class=\"align-right\"",
            _ => "",
        };
        format!("<{}{class}>", self.tag())
    }
    fn close_cell(&self) -> String {
        format!("</{}>", self.tag())
    }
}

/// The id of a footnote: `fn-` and its label in readable form.
fn footnote_id(label: &str) -> String {
    format!("fn-{}", slugify(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_links(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn footnotes_tables_and_raw_ids_take_no_theme_id_or_style() {
        let reserved: BTreeSet<String> = ["main".to_string()].into();
        let md = "Text[^main].\n\n[^main]: Not.\n\n| a | b |\n|:---|---:|\n| 1 | 2 |\n\n<div id=\"main\" class=\"quality-mark\" style=\"x\">x</div>\n";
        for mode in [RawHtml::Escape, RawHtml::Sanitize] {
            let html = render(md, mode, &no_links, &reserved).body.html;
            // Every element the page gets, with its attributes.
            let tags: Vec<&str> = html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")).collect();
            assert!(!tags.iter().any(|t| t.contains("id=\"main\"")), "{mode:?}: {html}");
            assert!(!tags.iter().any(|t| t.contains("style=")), "{mode:?}: {html}");
            assert!(!tags.iter().any(|t| t.contains("quality-mark")), "{mode:?}: {html}");
            assert!(html.contains("<th class=\"align-left\">a</th>"), "{mode:?}: {html}");
            assert!(html.contains("<td class=\"align-right\">2</td>"), "{mode:?}: {html}");
            assert!(html.contains("href=\"#fn-main\""), "{mode:?}: {html}");
        }
    }

    #[test]
    fn heading_attributes_add_no_behaviour() {
        let reserved: BTreeSet<String> = ["quality-mark-title".to_string()].into();
        let md = "# Rubrik {.quality-mark onmouseover=alert(1) #quality-mark-title}\n\n## Tider {#oppettider style=color:red}\n";
        let r = render(md, RawHtml::Escape, &no_links, &reserved);
        assert!(!r.body.html.contains("class="), "{}", r.body.html);
        assert!(!r.body.html.contains("onmouseover"), "{}", r.body.html);
        assert!(!r.body.html.contains("style"), "{}", r.body.html);
        assert!(r.body.html.contains(r#"<h1 id="quality-mark-title-2">"#), "{}", r.body.html);
        assert!(r.body.html.contains(r#"<h2 id="oppettider">"#), "{}", r.body.html);
    }

    #[test]
    fn heading_ids_are_readable_and_unique() {
        let r = render("# Välkommen till Nora\n\n## Så här gör du\n\n## Så här gör du\n", RawHtml::Escape, &no_links, &BTreeSet::new());
        let ids: Vec<_> = r.body.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["välkommen-till-nora", "så-här-gör-du", "så-här-gör-du-2"]);
        assert!(r.body.html.contains("<h2 id=\"så-här-gör-du-2\">"), "{}", r.body.html);
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let md = "<div class=\"sigill-mark\">Kvalitetsgranskad</div>\n\nText <script>alert(1)</script>\n";
        let r = render(md, RawHtml::Escape, &no_links, &BTreeSet::new());
        assert!(!r.body.html.contains("<script>"), "{}", r.body.html);
        assert!(!r.body.html.contains("<div"), "{}", r.body.html);
        assert!(r.body.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn sanitize_keeps_harmless_markup_and_drops_script() {
        let md = "Text <b onclick=\"x()\">fet</b> <script>alert(1)</script>\n";
        let r = render(md, RawHtml::Sanitize, &no_links, &BTreeSet::new());
        assert!(r.body.html.contains("<b>fet</b>"), "{}", r.body.html);
        assert!(!r.body.html.contains("script"), "{}", r.body.html);
        assert!(!r.body.html.contains("onclick"));
    }

    #[test]
    fn records_links_images_and_rewrites_markdown_links() {
        let resolver = |d: &str| (d == "kontakt.md").then(|| "/om/kontakt/".to_string());
        let r = render("[Kontakt](kontakt.md) ![Karta](karta.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", RawHtml::Escape, &resolver, &BTreeSet::new());
        assert_eq!(r.links[0].dest, "kontakt.md");
        assert_eq!(r.links[0].text, "Kontakt");
        assert_eq!(r.images[0].alt, "Karta");
        assert!(r.body.html.contains("href=\"/om/kontakt/\""));
        assert!(r.body.html.contains("<table>"));
    }
}
