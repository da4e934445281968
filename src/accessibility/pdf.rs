//! What the statement needs to know of a PDF: whether it has a text layer
//! (a font that text is drawn with, not only scanned images) and whether
//! it names its language (`/Lang` in its catalogue). Both can sit in
//! compressed object streams, which are inflated (with a size limit).

use std::io::Read;

/// Largest inflated stream read.
const MAX_INFLATED: u64 = 16 << 20;
/// Most streams inflated per file.
const MAX_STREAMS: usize = 10_000;

/// The facts found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PdfFacts {
    pub has_text: bool,
    pub has_language: bool,
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn scan(bytes: &[u8], facts: &mut PdfFacts) {
    facts.has_text |= contains(bytes, b"/Font");
    facts.has_language |= contains(bytes, b"/Lang");
}

/// Inspects a PDF file's bytes; anything that is not a PDF has neither.
pub fn inspect(bytes: &[u8]) -> PdfFacts {
    let mut facts = PdfFacts::default();
    if !bytes.starts_with(b"%PDF-") {
        return facts;
    }
    scan(bytes, &mut facts);
    let mut rest = bytes;
    let mut streams = 0;
    while !(facts.has_text && facts.has_language) && streams < MAX_STREAMS {
        let Some(start) = rest.windows(6).position(|w| w == b"stream") else { break };
        let dictionary = &rest[..start];
        let mut body = &rest[start + 6..];
        body = body.strip_prefix(b"\r").unwrap_or(body);
        body = body.strip_prefix(b"\n").unwrap_or(body);
        let end = body.windows(9).position(|w| w == b"endstream").unwrap_or(body.len());
        let flate = dictionary.rsplit(|&b| b == b'<').take(4).any(|part| contains(part, b"/FlateDecode"));
        if flate {
            let mut inflated = Vec::new();
            let _ = flate2::read::ZlibDecoder::new(&body[..end]).take(MAX_INFLATED).read_to_end(&mut inflated);
            scan(&inflated, &mut facts);
        }
        streams += 1;
        rest = &body[end.min(body.len())..];
        if rest.len() >= 9 {
            rest = &rest[9..];
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_text_pdf_with_language_and_a_scan_without() {
        let text = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Lang (sv) >> endobj\n2 0 obj << /Font << /F1 3 0 R >> >> endobj\n";
        assert_eq!(inspect(text), PdfFacts { has_text: true, has_language: true });
        let scan = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n2 0 obj << /XObject << /Im1 3 0 R >> >> endobj\n";
        assert_eq!(inspect(scan), PdfFacts::default());
        assert_eq!(inspect(b"not a pdf /Font /Lang"), PdfFacts::default());
    }

    #[test]
    fn facts_inside_compressed_object_streams_are_found() {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(b"<< /Type /Catalog /Lang (fi) >> << /Font << /F1 5 0 R >> >>").unwrap();
        let compressed = encoder.finish().unwrap();
        let mut pdf = b"%PDF-1.5\n4 0 obj << /Type /ObjStm /Filter /FlateDecode /Length 99 >>\nstream\n".to_vec();
        pdf.extend_from_slice(&compressed);
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        assert_eq!(inspect(&pdf), PdfFacts { has_text: true, has_language: true });
    }
}
