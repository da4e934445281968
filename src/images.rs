//! Images stage: every raster image of a page bundle is published in a
//! few widths for `srcset`, with its `width` and `height` so the page does
//! not shift while it loads; the approved original stays at its address.
//! Graphics (PNG, GIF, WebP) become lossless WebP; photographs (JPEG) stay
//! JPEG, since lossy WebP has no pure-Rust encoder. The `image` crate does
//! the work, and a cache keyed by the original's sha256 means a rebuild
//! never encodes the same image twice.

use std::path::{Path, PathBuf};

use crate::model::Asset;

/// The widths offered, in pixels; an image is never enlarged.
pub const WIDTHS: &[u32] = &[480, 960, 1440, 1920];
/// The `sizes` attribute of the default theme's content column.
pub const SIZES: &str = "(max-width: 44rem) 100vw, 42rem";
/// Largest image decoded (width × height).
const MAX_PIXELS: u64 = 50_000_000;

/// What a page's `<img>` needs of a bundle image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    pub src: String,
    pub width: u32,
    pub height: u32,
    /// Each variant's URL and width, narrowest first.
    pub variants: Vec<(String, u32)>,
}

/// Why the variants of an image could not be made.
#[derive(Debug, thiserror::Error)]
#[error("{}", tr!("images-cannot-encode", path = .path, error = .error))]
pub struct ImageError {
    pub path: String,
    pub error: String,
}

/// True for a file the stage makes variants of.
pub fn is_raster(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp"].iter().any(|ext| lower.ends_with(ext))
}

fn is_photo(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".jpg") || lower.ends_with(".jpeg")
}

/// The widths made of an image `width` pixels wide.
pub fn variant_widths(width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < width).collect();
    if width <= *WIDTHS.last().unwrap_or(&1920) {
        widths.push(width);
    }
    widths
}

/// `/bygga/karta.png` at 960 px → `/bygga/karta-960w.webp`.
pub fn variant_url(url: &str, width: u32) -> String {
    let (stem, _) = url.rsplit_once('.').unwrap_or((url, ""));
    let ext = if is_photo(url) { "jpg" } else { "webp" };
    format!("{stem}-{width}w.{ext}")
}

/// The size and variants of a bundle image, read from its header only;
/// `None` for a file that is not a readable raster image.
pub fn info(asset: &Asset) -> Option<ImageInfo> {
    if !is_raster(&asset.path) {
        return None;
    }
    let (width, height) = image::ImageReader::open(&asset.abs).ok()?.with_guessed_format().ok()?.into_dimensions().ok()?;
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return None;
    }
    let variants = variant_widths(width).into_iter().map(|w| (variant_url(&asset.url, w), w)).collect();
    Some(ImageInfo { src: asset.url.clone(), width, height, variants })
}

/// Where encoded variants are kept between builds: `$XDG_CACHE_HOME/
/// sigill/images`, else the user's data folder's `sigill/cache/images`.
pub fn cache_dir() -> Option<PathBuf> {
    crate::cache::dir().map(|d| d.join("images"))
}

/// Every variant of `asset` (URL and bytes), from the cache when it holds
/// them, else decoded, resized and encoded now (and cached).
pub fn variants(asset: &Asset, cache: Option<&Path>) -> Result<Vec<(String, Vec<u8>)>, ImageError> {
    let fail = |error: String| ImageError { path: asset.path.clone(), error };
    let Some(info) = info(asset) else { return Ok(Vec::new()) };
    let cached = |w: u32| cache.map(|dir| dir.join(format!("{}-{w}.{}", asset.sha256, if is_photo(&asset.path) { "jpg" } else { "webp" })));
    let mut out = Vec::new();
    let mut decoded: Option<image::DynamicImage> = None;
    for (url, width) in &info.variants {
        if let Some(bytes) = cached(*width).and_then(|p| std::fs::read(p).ok()) {
            out.push((url.clone(), bytes));
            continue;
        }
        if decoded.is_none() {
            let bytes = crate::load::read_limited(&asset.abs, crate::load::MAX_ASSET_BYTES).map_err(fail)?;
            decoded = Some(image::load_from_memory(&bytes).map_err(|e| fail(e.to_string()))?);
        }
        let Some(original) = decoded.as_ref() else { continue };
        let height = ((u64::from(info.height) * u64::from(*width)) / u64::from(info.width)).max(1) as u32;
        let resized = if *width == info.width { original.clone() } else { original.resize_exact(*width, height, image::imageops::FilterType::CatmullRom) };
        let mut bytes = Vec::new();
        if is_photo(&asset.path) {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 82);
            resized.to_rgb8().write_with_encoder(encoder).map_err(|e| fail(e.to_string()))?;
        } else {
            let encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut bytes);
            resized.to_rgba8().write_with_encoder(encoder).map_err(|e| fail(e.to_string()))?;
        }
        if let Some(path) = cached(*width) {
            crate::cache::store(&path, &bytes);
        }
        out.push((url.clone(), bytes));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_enlarge_and_names_say_the_width() {
        assert_eq!(variant_widths(300), vec![300]);
        assert_eq!(variant_widths(1200), vec![480, 960, 1200]);
        assert_eq!(variant_widths(4000), vec![480, 960, 1440, 1920]);
        assert_eq!(variant_url("/bygga/karta.png", 960), "/bygga/karta-960w.webp");
        assert_eq!(variant_url("/bygga/foto.JPG", 480), "/bygga/foto-480w.jpg");
    }
}
