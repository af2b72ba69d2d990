//! Draws a [`LetterLayout`] into a PDF with printpdf: Liberation Serif embedded as a subset
//! (CID TrueType with a ToUnicode map, so the text stays selectable and reads back exactly),
//! one text object per placed line, thin strokes for fold marks and the calibration frame.
//!
//! The output is deterministic: the same letter gives the same bytes, so the app can store the
//! letter's data and regenerate the PDF identically. printpdf draws random identifiers for fonts
//! and for the trailer /ID; we name the fonts ourselves and replace the /ID with a digest of the
//! layout, and the document dates are the letter's date.

use chrono::NaiveDate;
use lopdf::{Object, StringFormat};
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, TextItem,
};
use sha2::{Digest, Sha256};

use super::fonts::{fonts, FontStyle};
use super::page::{LetterLayout, Stroke, PAGE_HEIGHT_MM, PAGE_WIDTH_MM};
use crate::DocumentError;

/// What the app calls itself in the PDF's Producer and Creator fields.
const PRODUCER: &str = "E-Réputation Médecin";

/// Writes the layout as PDF bytes. `date` becomes the document's creation date.
pub fn write_pdf(layout: &LetterLayout, date: NaiveDate, author: &str) -> Result<Vec<u8>, DocumentError> {
    let fonts = fonts()?;
    let digest = Sha256::digest(
        serde_json::to_vec(&(layout, date, author)).map_err(|e| DocumentError::Document(format!("Mise en page illisible : {e}")))?,
    );
    // Subset tags are six capital letters (ISO 32000 9.6.4); derive them from the content.
    let tag = |salt: usize| -> String { (0..6).map(|i| (b'A' + digest[salt * 6 + i] % 26) as char).collect() };
    let regular_id = FontId(tag(0));
    let bold_id = FontId(tag(1));

    let mut doc = PdfDocument::new(&layout.title);
    doc.resources.fonts.map.insert(regular_id.clone(), PdfFont::new(fonts.regular.clone()));
    doc.resources.fonts.map.insert(bold_id.clone(), PdfFont::new(fonts.bold.clone()));
    let stamp = date
        .and_hms_opt(12, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .and_then(|ts| printpdf::OffsetDateTime::from_unix_timestamp(ts).ok())
        .unwrap_or_else(|| printpdf::OffsetDateTime::from_unix_timestamp(0).expect("epoch"));
    let info = &mut doc.metadata.info;
    info.creation_date = stamp;
    info.modification_date = stamp;
    info.metadata_date = stamp;
    info.author = author.to_owned();
    info.creator = PRODUCER.to_owned();
    info.producer = PRODUCER.to_owned();
    info.identifier = hex(&digest[..16]);

    let pages: Vec<PdfPage> = layout
        .pages
        .iter()
        .map(|page| {
            let mut ops = Vec::with_capacity(page.lines.len() * 6 + page.strokes.len() * 3 + 4);
            if !page.strokes.is_empty() {
                ops.push(Op::SetOutlineColor { col: grey(0.0) });
                ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
                for s in &page.strokes {
                    ops.push(stroke_op(s));
                }
            }
            let mut current_grey = false;
            ops.push(Op::SetFillColor { col: grey(0.0) });
            for l in &page.lines {
                if l.grey != current_grey {
                    current_grey = l.grey;
                    ops.push(Op::SetFillColor { col: grey(if l.grey { 0.35 } else { 0.0 }) });
                }
                let id = match l.style {
                    FontStyle::Regular => regular_id.clone(),
                    FontStyle::Bold => bold_id.clone(),
                };
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont { font: PdfFontHandle::External(id), size: Pt(l.size_pt) });
                ops.push(Op::SetTextCursor { pos: Point::new(Mm(l.x_mm), Mm(PAGE_HEIGHT_MM - l.baseline_mm)) });
                ops.push(Op::ShowText { items: vec![TextItem::Text(l.text.clone())] });
                ops.push(Op::EndTextSection);
            }
            PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), ops)
        })
        .collect();
    doc.with_pages(pages);

    let opts = PdfSaveOptions { subset_fonts: true, ..Default::default() };
    let mut lo = doc.to_lopdf_document(&opts, &mut Vec::new());
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| DocumentError::Document(format!("Le PDF n'a pas pu être écrit : {e}")))?;
    Ok(out)
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale { percent: level, icc_profile: None })
}

fn pt(x_mm: f32, y_from_top_mm: f32) -> LinePoint {
    LinePoint { p: Point::new(Mm(x_mm), Mm(PAGE_HEIGHT_MM - y_from_top_mm)), bezier: false }
}

fn stroke_op(s: &Stroke) -> Op {
    match *s {
        Stroke::Line { x1, y1, x2, y2 } => Op::DrawLine { line: Line { points: vec![pt(x1, y1), pt(x2, y2)], is_closed: false } },
        Stroke::Rect { x, y, w, h } => {
            let mut r = Rect::from_xywh(Mm(x).into(), Mm(PAGE_HEIGHT_MM - y - h).into(), Mm(w).into(), Mm(h).into());
            r.mode = Some(PaintMode::Stroke);
            Op::DrawRectangle { rectangle: r }
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
