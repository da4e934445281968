//! Word-by-word changes between the last approved text and the text about
//! to be approved, as HTML a publisher reads: removed words struck through,
//! added words highlighted, each with a hidden label for screen readers.

use similar::{ChangeTag, TextDiff};

use crate::language::Language;
use crate::render::escape_html;

/// How many words changed, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
}

/// The word diff of `old` and `new` as HTML, and the number of words
/// added and removed. With `paragraphs`, blank lines become breaks (for
/// flowing text); without, the text keeps its lines (for a `<pre>`).
pub fn word_diff_html(old: &str, new: &str, language: Language, paragraphs: bool) -> (String, Counts) {
    let diff = TextDiff::from_words(old, new);
    let (added, removed) = (tr_in!(language, "desk-diff-added"), tr_in!(language, "desk-diff-removed"));
    let show = |text: &str| {
        let escaped = escape_html(text);
        if paragraphs {
            escaped.replace("\n\n", "\n<br><br>\n")
        } else {
            escaped
        }
    };
    let mut html = String::new();
    let mut counts = Counts::default();
    // A changed phrase is one removal and one addition, not one per word:
    // spaces between changed words join the pending change.
    let (mut gone, mut came) = (String::new(), String::new());
    let flush = |html: &mut String, gone: &mut String, came: &mut String, counts: &mut Counts| {
        let (g, c) = (gone.split_whitespace().count(), came.split_whitespace().count());
        let kept = if c > 0 { came.as_str() } else { gone.as_str() };
        html.push_str(&show(&kept[..kept.len() - kept.trim_start().len()]));
        if g > 0 {
            counts.removed += g;
            html.push_str(&format!("<del><span class=\"vh\">[{removed}] </span>{}</del>", show(gone.trim())));
        }
        if c > 0 {
            counts.added += c;
            html.push_str(&format!("<ins><span class=\"vh\">[{added}] </span>{}</ins>", show(came.trim())));
        }
        let tail = if c > 0 { &came[came.trim_end().len()..] } else { &gone[gone.trim_end().len()..] };
        html.push_str(&show(tail));
        gone.clear();
        came.clear();
    };
    for change in diff.iter_all_changes() {
        let value = change.value();
        match change.tag() {
            ChangeTag::Equal if value.trim().is_empty() && !(gone.is_empty() && came.is_empty()) => {
                gone.push_str(value);
                came.push_str(value);
            }
            ChangeTag::Equal => {
                if !(gone.is_empty() && came.is_empty()) {
                    flush(&mut html, &mut gone, &mut came, &mut counts);
                }
                html.push_str(&show(value));
            }
            ChangeTag::Delete => gone.push_str(value),
            ChangeTag::Insert => came.push_str(value),
        }
    }
    flush(&mut html, &mut gone, &mut came, &mut counts);
    (html, counts)
}

/// The text a reader sees of rendered HTML: tags dropped, entities of the
/// escaper undone, one blank line between blocks.
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else { break };
        let tag = rest[open + 1..open + close].trim_start_matches('/').to_ascii_lowercase();
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if matches!(name.as_str(), "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "tr" | "blockquote" | "pre" | "div" | "br" | "table" | "ul" | "ol") {
            out.push_str("\n\n");
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let text = out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    let blocks: Vec<String> = text.split("\n\n").map(|b| b.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|b| !b.is_empty()).collect();
    blocks.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_marked_and_counted() {
        let (html, counts) = word_diff_html("Ring oss på 0100-123 45.", "Ring oss gärna på 0100-999 99.", Language::En, true);
        assert!(html.contains("<ins><span class=\"vh\">[added] </span>gärna</ins> på"), "{html}");
        assert!(html.contains("<del><span class=\"vh\">[removed] </span>0100-123 45.</del><ins><span class=\"vh\">[added] </span>0100-999 99.</ins>"), "{html}");
        assert_eq!(counts, Counts { added: 3, removed: 2 });
        let (lines, _) = word_diff_html("a\n\nb", "a\n\nb c", Language::En, false);
        assert_eq!(lines, "a\n\nb <ins><span class=\"vh\">[added] </span>c</ins>");
        let (same, none) = word_diff_html("a <b>", "a <b>", Language::En, true);
        assert_eq!((same.as_str(), none), ("a &lt;b&gt;", Counts::default()));
    }

    #[test]
    fn visible_text_keeps_blocks_and_drops_tags() {
        assert_eq!(visible_text("<h2>Om</h2>\n<p>Ring <a href=\"/x\">oss</a> &amp; kom.</p><ul><li>Ett</li><li>Två</li></ul>"), "Om\n\nRing oss & kom.\n\nEtt\n\nTvå");
    }
}
