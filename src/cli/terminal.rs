//! Text from files and from checked sites made safe for a terminal: control
//! characters, invisible and direction-changing characters are shown as
//! `<U+XXXX>`, so nothing hidden in a page or a site can rewrite what a
//! person reads (or approves).

/// True for characters a terminal would act on or not show: C0 and C1
/// controls (but tab), zero-width and direction-changing characters.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF | 0x00AD | 0x034F | 0x061C | 0x180E)
}

/// `text` with every hidden character shown as `<U+XXXX>`.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Like [`visible`], line by line, keeping the line breaks.
#[cfg_attr(not(feature = "site"), allow(dead_code))]
pub fn visible_lines(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let (body, end) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
            format!("{}{end}", visible(body))
        })
        .collect()
}

/// How many hidden characters `text` holds outside line ends.
#[cfg_attr(not(feature = "site"), allow(dead_code))]
pub fn hidden_characters(text: &str) -> usize {
    text.chars().filter(|&c| c != '\n' && is_hidden(c)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_nothing() {
        assert_eq!(visible("a\u{1b}[2Jb"), "a<U+001B>[2Jb");
        assert_eq!(visible("x\u{202e}y\u{200b}z\r"), "x<U+202E>y<U+200B>z<U+000D>");
        assert_eq!(visible("å ä ö\t"), "å ä ö\t");
        assert_eq!(visible_lines("a\u{7}\nb\n"), "a<U+0007>\nb\n");
        assert_eq!(hidden_characters("a\nb\u{2066}"), 1);
    }
}
