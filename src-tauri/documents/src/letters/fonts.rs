//! The two faces every letter is set in (Liberation Serif regular and bold, SIL OFL 1.1, shipped
//! in `assets/fonts/` with their licence) and their real glyph widths, so that the layout wraps
//! lines exactly where the printed text would reach the margin.
//!
//! The fonts are parsed once per process; text that the fonts cannot draw (control characters,
//! emoji, scripts Liberation does not cover) is cleaned by [`printable`] before it is measured,
//! so what is measured is exactly what is drawn.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::DocumentError;

const REGULAR_TTF: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/LiberationSerif-Regular.ttf"));
const BOLD_TTF: &[u8] =
    include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/LiberationSerif-Bold.ttf"));

/// Shown instead of a character the font cannot draw, so that the gap stays visible.
pub const REPLACEMENT: char = '?';

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FontStyle {
    Regular,
    Bold,
}

/// Width measurement used by the layout. Widths are in millimetres for a size in points.
pub trait Metrics {
    /// Advance width of `text` (already [`printable`]) at `size_pt`, in mm.
    fn width_mm(&self, text: &str, style: FontStyle, size_pt: f32) -> f32;
    /// Whether the face has a glyph for `c`.
    fn has_glyph(&self, c: char, style: FontStyle) -> bool;
}

/// The parsed faces plus their em size.
pub struct FontSet {
    pub regular: ParsedFont,
    pub bold: ParsedFont,
}

static FONTS: OnceLock<Result<FontSet, String>> = OnceLock::new();

/// The shared, parsed fonts (parsed on first use).
pub fn fonts() -> Result<&'static FontSet, DocumentError> {
    FONTS
        .get_or_init(|| {
            let parse = |bytes: &[u8], name: &str| {
                ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
                    .ok_or_else(|| format!("La police {name} intégrée à l'application est illisible."))
            };
            Ok(FontSet { regular: parse(REGULAR_TTF, "Liberation Serif")?, bold: parse(BOLD_TTF, "Liberation Serif Bold")? })
        })
        .as_ref()
        .map_err(|m| DocumentError::Document(m.clone()))
}

impl FontSet {
    pub fn face(&self, style: FontStyle) -> &ParsedFont {
        match style {
            FontStyle::Regular => &self.regular,
            FontStyle::Bold => &self.bold,
        }
    }

    fn units_per_em(&self, style: FontStyle) -> f32 {
        f32::from(self.face(style).pdf_font_metrics.units_per_em.max(1))
    }
}

const PT_TO_MM: f32 = 25.4 / 72.0;

impl Metrics for FontSet {
    fn width_mm(&self, text: &str, style: FontStyle, size_pt: f32) -> f32 {
        let face = self.face(style);
        let units: u32 = text
            .chars()
            .map(|c| face.lookup_glyph_index(c as u32).map(|g| u32::from(face.get_horizontal_advance(g))).unwrap_or(0))
            .sum();
        units as f32 / self.units_per_em(style) * size_pt * PT_TO_MM
    }

    fn has_glyph(&self, c: char, style: FontStyle) -> bool {
        self.face(style).lookup_glyph_index(c as u32).is_some_and(|g| g != 0)
    }
}

/// Makes `text` drawable: tabs become spaces, other control and format characters are dropped,
/// characters without a glyph become [`REPLACEMENT`]. Line feeds are kept for the caller to split.
pub fn printable(metrics: &dyn Metrics, text: &str, style: FontStyle) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            '\r' => None,
            c if c.is_control() => None,
            // Zero-width and bidi format characters have no advance and confuse text extraction.
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' => None,
            c if metrics.has_glyph(c, style) => Some(c),
            _ => Some(REPLACEMENT),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_characters_all_have_glyphs() {
        let f = fonts().unwrap();
        for c in "éèêàçœæŒÆ«»€’\u{a0}\u{202f}ÉÀÇ°".chars() {
            for s in [FontStyle::Regular, FontStyle::Bold] {
                assert!(f.has_glyph(c, s), "no glyph for U+{:04X} in {s:?}", c as u32);
            }
        }
    }

    #[test]
    fn widths_follow_the_glyphs() {
        let f = fonts().unwrap();
        let i = f.width_mm("iiii", FontStyle::Regular, 10.0);
        let m = f.width_mm("MMMM", FontStyle::Regular, 10.0);
        assert!(m > 2.0 * i, "M should be much wider than i: {m} vs {i}");
        assert!(f.width_mm("MMMM", FontStyle::Regular, 20.0) > 1.99 * m);
        assert!(f.width_mm("Objet", FontStyle::Bold, 10.0) > f.width_mm("Objet", FontStyle::Regular, 10.0));
    }

    #[test]
    fn unprintable_characters_are_cleaned() {
        let f = fonts().unwrap();
        assert_eq!(printable(f, "a\tb\u{7}c\u{200b}d😀", FontStyle::Regular), "a bcd?");
    }
}
