//! The geometry every stage of the layout shares: the A4 sheet's measures, the positioned line
//! and the page. In a file of its own so that the layout (`layout.rs`) and the page breaking
//! (`paginate.rs`) both import it and neither imports the other.

use serde::Serialize;

use super::fonts::{FontStyle, Metrics};

pub const PAGE_WIDTH_MM: f32 = 210.0;
pub const PAGE_HEIGHT_MM: f32 = 297.0;
pub const MARGIN_MM: f32 = 20.0;
pub const TEXT_WIDTH_MM: f32 = PAGE_WIDTH_MM - 2.0 * MARGIN_MM;
/// Body text size and the address blocks' size (the postal norm asks for 9 to 12 pt).
pub const BODY_PT: f32 = 10.5;
pub const BLOCK_PT: f32 = 10.0;
/// Space left blank for the handwritten signature.
pub const SIGNATURE_SPACE_MM: f32 = 25.0;
/// Lowest baseline of body text; the footer lives below.
pub(super) const BODY_BOTTOM_MM: f32 = 276.0;
pub(super) const FOOTER_BASELINE_MM: f32 = 285.0;
pub(super) const HEADER_BASELINE_MM: f32 = 14.0;
pub(super) const LATER_PAGE_TOP_MM: f32 = 24.0;
pub(super) const FIRST_PAGE_TOP_MM: f32 = 18.0;
/// Inner padding of the address inside the window, so a slightly shifted sheet still shows it.
pub(super) const WINDOW_PAD_X_MM: f32 = 4.0;
pub(super) const WINDOW_PAD_Y_MM: f32 = 3.0;
pub(super) const ITEM_INDENT_MM: f32 = 6.0;
/// The sender column never runs further down than this. A validated profile stays far above
/// it; the limit only keeps absurd input on the paper.
pub(super) const LEFT_COLUMN_LIMIT_MM: f32 = 140.0;
pub(super) const SIGNATURE_X_MM: f32 = 115.0;
pub const PT_MM: f32 = 25.4 / 72.0;
/// Liberation Serif's ascent and descent, as fractions of the size.
pub(super) const ASCENT: f32 = 0.891;
pub(super) const DESCENT: f32 = 0.216;

/// What a line is, so that tests (and the PDF writer) can find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Sender,
    Recipient,
    Registered,
    PlaceDate,
    Reference,
    Object,
    Salutation,
    Body,
    Heading,
    Item,
    Closing,
    Signature,
    Attachments,
    Header,
    Footer,
    PageNumber,
    Calibration,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacedLine {
    pub role: Role,
    pub text: String,
    pub x_mm: f32,
    pub baseline_mm: f32,
    pub width_mm: f32,
    pub size_pt: f32,
    pub style: FontStyle,
    pub grey: bool,
    /// Which flowing block the line belongs to (0 for fixed page furniture), and its index and
    /// count within that block: enough to check the widow and orphan rules from outside.
    pub block: usize,
    pub line_in_block: usize,
    pub lines_in_block: usize,
}

/// A straight stroke (fold marks, header rule) or a rectangle outline (calibration).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Stroke {
    Line { x1: f32, y1: f32, x2: f32, y2: f32 },
    Rect { x: f32, y: f32, w: f32, h: f32 },
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PageLayout {
    pub lines: Vec<PlacedLine>,
    pub strokes: Vec<Stroke>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterLayout {
    pub title: String,
    pub pages: Vec<PageLayout>,
}

pub(super) fn leading(size_pt: f32) -> f32 {
    size_pt * 1.2 * PT_MM
}

pub(super) fn fixed(m: &dyn Metrics, role: Role, text: String, x: f32, y: f32, size: f32, style: FontStyle) -> PlacedLine {
    let width_mm = m.width_mm(&text, style, size);
    PlacedLine { role, text, x_mm: x, baseline_mm: y, width_mm, size_pt: size, style, grey: false, block: 0, line_in_block: 0, lines_in_block: 1 }
}

