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
    /// Components written wrongly (span, what is wrong).
    pub component_problems: Vec<(Range<usize>, String)>,
}

/// Rewrites link destinations (`../om/kontakt.md` → `/om/kontakt/`).
pub trait LinkResolver {
    fn resolve(&self, dest: &str) -> Option<String>;
    /// The size and variants of an image of the page's bundle, so it is
    /// written with `width`, `height` and `srcset`.
    fn image(&self, _dest: &str) -> Option<crate::images::ImageInfo> {
        None
    }
}

/// The links and images of one page: Markdown links to pages become their
/// URLs, bundle images get their size and variants.
pub struct PageLinks<'a> {
    pub page: &'a crate::model::Page,
    /// Content path → URL of every page.
    pub urls: &'a std::collections::BTreeMap<String, String>,
}

impl LinkResolver for PageLinks<'_> {
    fn resolve(&self, dest: &str) -> Option<String> {
        crate::parse::resolve_markdown_link(dest, &self.page.source.path, self.urls)
    }
    fn image(&self, dest: &str) -> Option<crate::images::ImageInfo> {
        if dest.contains(':') || dest.starts_with('/') || dest.contains('#') || dest.contains('?') {
            return None;
        }
        let url = crate::parse::normalize(&format!("{}{dest}", self.page.url)).map(|n| format!("/{n}"))?;
        self.page.source.assets.iter().find(|a| a.url == url).and_then(crate::images::info)
    }
}

/// Resolves no link: for [`facts`], which record each link and image as
/// written and do not depend on where it leads.
pub struct NoLinks;

impl LinkResolver for NoLinks {
    fn resolve(&self, _dest: &str) -> Option<String> {
        None
    }
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
    run(body, raw_html, resolver, reserved, true)
}

/// What [`render`] finds in `body` (headings and their ids, links, images,
/// components and their mistakes) without the HTML, which stays empty:
/// what the checks before approval need of every page at once, while the
/// HTML is made page by page when each is written.
pub fn facts(body: &str, raw_html: RawHtml, resolver: &dyn LinkResolver, reserved: &BTreeSet<String>) -> Rendered {
    run(body, raw_html, resolver, reserved, false)
}

fn run(body: &str, raw_html: RawHtml, resolver: &dyn LinkResolver, reserved: &BTreeSet<String>, with_html: bool) -> Rendered {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(body, options()).into_offset_iter().collect();
    let mut out = Rendered::default();
    let directives = find_directives(body, &events, &mut out);
    let mut used_ids = reserved.clone();
    let mut table = TableState::default();
    let mut transformed: Vec<Event> = Vec::with_capacity(events.len());
    // Text collected for the innermost open heading, link or image.
    // (index of the start event, level, chosen id, span, text so far)
    #[allow(clippy::type_complexity)]
    let mut heading: Option<(usize, u8, Option<String>, Range<usize>, String)> = None;
    let mut link: Option<(String, Range<usize>, String)> = None;
    let mut image: Option<(String, Range<usize>, String)> = None;
    // A bundle image written by hand, with its size and variants.
    let mut sized_image: Option<crate::images::ImageInfo> = None;
    let mut skip_until = 0;
    for (position, (event, span)) in events.into_iter().enumerate() {
        if position < skip_until {
            continue;
        }
        if let Some((end, replacement)) = directives.get(&position) {
            skip_until = end + 1;
            transformed.extend(replacement.iter().cloned());
            continue;
        }
        if let Event::Text(text) | Event::Code(text) = &event {
            for buffer in [heading.as_mut().map(|h| &mut h.4), link.as_mut().map(|l| &mut l.2), image.as_mut().map(|i| &mut i.2)].into_iter().flatten() {
                buffer.push_str(text);
            }
        }
        if sized_image.is_some() && !matches!(event, Event::End(TagEnd::Image)) {
            continue;
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
                    // The body's own list is for the table of contents: a
                    // page's facts, held for every page, keep one list.
                    if with_html {
                        out.body.headings.push(h.clone());
                    }
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
                if let Some(info) = resolver.image(&dest_url) {
                    sized_image = Some(info);
                    continue;
                }
                let dest = resolver.resolve(&dest_url).map(CowStr::from).unwrap_or(dest_url);
                transformed.push(Event::Start(Tag::Image { link_type, dest_url: dest, title, id }));
            }
            Event::End(TagEnd::Image) => {
                let alt = image.as_ref().map(|i| i.2.trim().to_string()).unwrap_or_default();
                if let Some((dest, span, alt)) = image.take() {
                    out.images.push(ImageRef { dest, alt: alt.trim().to_string(), span });
                }
                match sized_image.take() {
                    Some(info) => transformed.push(Event::Html(sized_img(&info, &alt).into())),
                    None => transformed.push(Event::End(TagEnd::Image)),
                }
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
    if !with_html {
        return out;
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

/// A bundle image with its size and variants: no layout shift while it
/// loads, and the width the reader's screen needs.
fn sized_img(info: &crate::images::ImageInfo, alt: &str) -> String {
    let esc = crate::render::escape_html;
    let srcset: Vec<String> = info.variants.iter().map(|(url, w)| format!("{} {w}w", esc(url))).collect();
    format!(
        "<img src=\"{}\" srcset=\"{}\" sizes=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">",
        esc(&info.src),
        srcset.join(", "),
        crate::images::SIZES,
        info.width,
        info.height,
        esc(alt)
    )
}

/// Finds the component directive lines of paragraphs (a paragraph's first
/// lines and last lines, or the whole paragraph): each paragraph holding
/// some maps from its first event to (its last event, the events that
/// replace it: markers, and the rest of the paragraph). The calls go into
/// `out.body.components`, mistakes into `out.component_problems`.
#[allow(clippy::type_complexity)]
fn find_directives<'a>(body: &str, events: &[(Event<'a>, Range<usize>)], out: &mut Rendered) -> std::collections::BTreeMap<usize, (usize, Vec<Event<'a>>)> {
    use crate::components::{marker, parse_directive, ComponentCall, Directive};
    let mut found = std::collections::BTreeMap::new();
    // Open blocks: (index of the call, nesting depth where it was opened).
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Paragraph) => {
                let end = events[i..].iter().position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph))).map_or(events.len() - 1, |p| i + p);
                // The paragraph's lines: event ranges between soft breaks.
                let mut lines: Vec<Range<usize>> = Vec::new();
                let mut start = i + 1;
                for (k, (event, _)) in events.iter().enumerate().take(end).skip(i + 1) {
                    if matches!(event, Event::SoftBreak) {
                        lines.push(start..k);
                        start = k + 1;
                    }
                }
                lines.push(start..end);
                // A line is read as written (its source text), so markup in an
                // argument is an argument, never parsed as Markdown or HTML.
                let directive_of = |line: &Range<usize>| -> Result<Option<Directive>, String> {
                    let (Some(first), Some(last)) = (events.get(line.start), line.end.checked_sub(1).and_then(|e| events.get(e))) else { return Ok(None) };
                    if line.is_empty() {
                        return Ok(None);
                    }
                    parse_directive(body.get(first.1.start..last.1.end).unwrap_or_default())
                };
                let parsed: Vec<Result<Option<Directive>, String>> = lines.iter().map(directive_of).collect();
                let is_directive = |r: &Result<Option<Directive>, String>| matches!(r, Ok(Some(_)));
                let leading = parsed.iter().take_while(|r| is_directive(r)).count();
                let trailing = if leading == lines.len() { 0 } else { parsed.iter().rev().take_while(|r| is_directive(r)).count() };
                if leading == 0 && trailing == 0 && parsed.iter().all(|r| matches!(r, Ok(None))) {
                    i = end + 1;
                    continue;
                }
                let mut handle = |directive: Directive, span: Range<usize>, replacement: &mut Vec<Event<'a>>, out: &mut Rendered| match directive {
                    Directive::Open { name, args } => {
                        let index = out.body.components.len();
                        out.body.components.push(ComponentCall { name, args, block: true, span });
                        open.push((index, depth));
                        replacement.push(Event::Html(marker("open", index).into()));
                    }
                    Directive::Single { name, args } => {
                        let index = out.body.components.len();
                        out.body.components.push(ComponentCall { name, args, block: false, span });
                        replacement.push(Event::Html(marker("component", index).into()));
                    }
                    Directive::End => match open.pop() {
                        Some((index, at)) if at == depth => replacement.push(Event::Html(marker("close", index).into())),
                        Some((index, at)) => {
                            open.push((index, at));
                            out.component_problems.push((span, tr!("components-end-elsewhere")));
                        }
                        None => out.component_problems.push((span, tr!("components-stray-end"))),
                    },
                };
                let span_of = |line: &Range<usize>| events.get(line.start).map_or(events[i].1.clone(), |(_, s)| s.clone());
                let middle = leading..lines.len() - trailing;
                // The leading directives replace the paragraph's start up to
                // its first ordinary line (which the main loop then renders).
                if leading > 0 {
                    let mut replacement = Vec::new();
                    for (line, result) in lines.iter().zip(&parsed).take(leading) {
                        if let Ok(Some(directive)) = result {
                            handle(directive.clone(), span_of(line), &mut replacement, out);
                        }
                    }
                    let last = if middle.is_empty() { end } else { lines[leading].start - 1 };
                    if !middle.is_empty() {
                        replacement.push(Event::Start(Tag::Paragraph));
                    }
                    found.insert(i, (last, replacement));
                }
                for (line, result) in lines[middle.clone()].iter().zip(&parsed[middle.clone()]) {
                    match result {
                        Ok(Some(_)) => out.component_problems.push((span_of(line), tr!("components-not-alone"))),
                        Err(message) => out.component_problems.push((span_of(line), message.clone())),
                        Ok(None) => {}
                    }
                }
                // The trailing directives replace the paragraph's end from the
                // break before the first of them.
                if trailing > 0 && !middle.is_empty() {
                    let mut replacement = vec![Event::End(TagEnd::Paragraph)];
                    for (line, result) in lines.iter().zip(&parsed).skip(lines.len() - trailing) {
                        if let Ok(Some(directive)) = result {
                            handle(directive.clone(), span_of(line), &mut replacement, out);
                        }
                    }
                    found.insert(lines[lines.len() - trailing].start - 1, (end, replacement));
                }
                i = end + 1;
                continue;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    // A block never closed: reported, and its opening marker left out.
    for (index, _) in open {
        let call = &out.body.components[index];
        out.component_problems.push((call.span.clone(), tr!("components-not-closed", name = call.name.as_str())));
        let opening = marker("open", index);
        for (_, replacement) in found.values_mut() {
            replacement.retain(|e| !matches!(e, Event::Html(h) if h.as_ref() == opening));
        }
    }
    found
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
    fn facts_are_what_rendering_finds_without_the_html() {
        let reserved: BTreeSet<String> = ["main".to_string()].into();
        let md = "# Main\n\n## Öppettider {#tider}\n\nSe [kontakt](kontakt.md) och ![](bild.png).\n\n## Öppettider\n\n{% notice kind=\"important\" %}\nText\n{% end %}\n\n{{ video }}\n\n{% details summary=\"x\" %}\nNo end.\n";
        let resolver = |dest: &str| (dest == "kontakt.md").then(|| "/om/kontakt/".to_string());
        let full = render(md, RawHtml::Escape, &resolver, &reserved);
        let facts = facts(md, RawHtml::Escape, &resolver, &reserved);
        assert!(full.body.html.contains("<h2 id=\"tider\">"), "{}", full.body.html);
        assert!(facts.body.html.is_empty());
        let ids = |r: &Rendered| r.headings.iter().map(|h| h.heading.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&facts), ["main-2", "tider", "öppettider"]);
        assert_eq!(ids(&facts), ids(&full));
        assert_eq!(full.body.headings.iter().map(|h| h.id.clone()).collect::<Vec<_>>(), ids(&full), "the table of contents has them all");
        assert!(facts.body.headings.is_empty(), "facts keep one list of headings");
        assert_eq!(format!("{:?}", facts.headings), format!("{:?}", full.headings));
        assert_eq!(format!("{:?}", facts.links), format!("{:?}", full.links));
        assert_eq!(facts.links.len(), 1);
        assert_eq!(format!("{:?}", facts.images), format!("{:?}", full.images));
        assert_eq!(facts.images.len(), 1);
        assert_eq!(format!("{:?}", facts.body.components), format!("{:?}", full.body.components));
        assert_eq!(facts.body.components.len(), 3);
        assert_eq!(format!("{:?}", facts.component_problems), format!("{:?}", full.component_problems));
        assert_eq!(facts.component_problems.len(), 1, "{:?}", facts.component_problems);
        // Facts record links and images as written: a build takes them
        // while loading, before any page's address is known.
        assert_eq!(format!("{:?}", super::facts(md, RawHtml::Escape, &NoLinks, &reserved)), format!("{facts:?}"));
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
#[cfg(test)]
mod component_tests {
    use super::*;

    #[test]
    fn block_components_wrap_their_lines_of_markdown() {
        let body = "{% notice kind=\"important\" %}\nSista dag är **fredag**. Läs [kontakt](kontakt.md).\n{% end %}\n\n{% details summary=\"Vad kostar det?\" %}\nInget.\n{% end %}\n\n{{ video url=\"https://play.test.example/v/1\" title=\"Så gör du\" transcript=\"/om/kontakt/\" }}\n\n{{ contact id=\"kontaktcenter\" }}\n";
        let r = render(body, RawHtml::Escape, &|_: &str| None, &BTreeSet::new());
        assert_eq!(r.component_problems, Vec::new(), "{}", r.body.html);
        assert_eq!(r.body.components.len(), 4);
        assert_eq!(r.body.html, "<!--sigill:open:0-->\n<p>Sista dag är <strong>fredag</strong>. Läs <a href=\"kontakt.md\">kontakt</a>.</p>\n<!--sigill:close:0--><!--sigill:open:1-->\n<p>Inget.</p>\n<!--sigill:close:1--><!--sigill:component:2--><!--sigill:component:3-->");
    }
}
