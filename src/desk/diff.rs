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

/// The word diff of `old` and `new` as HTML (paragraph breaks kept), and
/// the number of words added and removed.
pub fn word_diff_html(old: &str, new: &str, language: Language) -> (String, Counts) {
    let diff = TextDiff::from_words(old, new);
    let mut html = String::new();
    let mut counts = Counts::default();
    let (added, removed) = (tr_in!(language, "desk-diff-added"), tr_in!(language, "desk-diff-removed"));
    for change in diff.iter_all_changes() {
        let text = change.value();
        let words = text.split_whitespace().count();
        let shown = escape_html(text).replace("\n\n", "\n<br><br>\n");
        match change.tag() {
            ChangeTag::Equal => html.push_str(&shown),
            ChangeTag::Insert => {
                counts.added += words;
                if words == 0 {
                    html.push_str(&shown);
                } else {
                    html.push_str(&format!("<ins><span class=\"vh\">[{added}] </span>{shown}</ins>"));
                }
            }
            ChangeTag::Delete => {
                counts.removed += words;
                if words > 0 {
                    html.push_str(&format!("<del><span class=\"vh\">[{removed}] </span>{shown}</del>"));
                }
            }
        }
    }
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
        let (html, counts) = word_diff_html("Ring oss på 0100-123 45.", "Ring oss gärna på 0100-999 99.", Language::En);
        assert!(html.contains("<ins><span class=\"vh\">[added] </span>gärna</ins>"), "{html}");
        assert!(html.contains("<del><span class=\"vh\">[removed] </span>0100-123</del>"), "{html}");
        assert_eq!(counts, Counts { added: 3, removed: 2 });
        let (same, none) = word_diff_html("a <b>", "a <b>", Language::En);
        assert_eq!((same.as_str(), none), ("a &lt;b&gt;", Counts::default()));
    }

    #[test]
    fn visible_text_keeps_blocks_and_drops_tags() {
        assert_eq!(visible_text("<h2>Om</h2>\n<p>Ring <a href=\"/x\">oss</a> &amp; kom.</p><ul><li>Ett</li><li>Två</li></ul>"), "Om\n\nRing oss & kom.\n\nEtt\n\nTvå");
    }
}
