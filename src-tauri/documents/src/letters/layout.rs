//! Places a [`Letter`] on A4 sheets for a DL window envelope. A pure function of the letter, the
//! envelope settings and the font metrics: the output is a list of positioned lines per page,
//! which the PDF writer draws as they are and tests inspect without any PDF.
//!
//! Coordinates are millimetres from the top-left corner of the sheet; `baseline_mm` is where
//! the text sits. Page breaks follow the usual typesetting rules: a paragraph never leaves a
//! single line at the bottom or the top of a page, headings and the salutation stay with what
//! follows, and the closing formula and signature always travel with the last lines of the body.
//!
//! Layouts are versioned like the wording, because a stored letter regenerates byte for byte:
//! version 1 ([`layout`]) is the first one; version 2 ([`CURRENT_LAYOUT`], issue 9) sets the
//! attachments full width under the signature instead of in a column beside it, cuts URLs only
//! after « / - . ? », and balances the registered-mail line so that no word is left alone.


use super::fonts::{printable, FontStyle, Metrics};
use super::model::{BodyBlock, LayoutSettings, Letter};
use super::page::*;
use super::paginate::{finish_pages, paginate, Chunk};
use super::wrap::{balanced, wrap, wrap_v2};

/// The layout version of new letters (see [`layout_with`]).
pub const CURRENT_LAYOUT: u32 = 2;

type WrapFn = fn(&str, FontStyle, f32, f32, &dyn Metrics) -> Vec<String>;

/// Lays the letter out in the first layout (version 1), the one of letters stored before
/// issue 9. Never fails and never panics: unprintable characters were replaced, over-long words
/// are cut, and the window address shrinks to fit its box.
pub fn layout(letter: &Letter, settings: &LayoutSettings, m: &dyn Metrics) -> LetterLayout {
    layout_with(letter, settings, 1, m)
}

/// Lays the letter out in layout `version` (1 = [`layout`], 2 and later = [`CURRENT_LAYOUT`]).
pub fn layout_with(letter: &Letter, settings: &LayoutSettings, version: u32, m: &dyn Metrics) -> LetterLayout {
    let v2 = version >= 2;
    let wrap_fn: WrapFn = if v2 { wrap_v2 } else { wrap };
    // Left-column titles (registered-mail line, references) are balanced in version 2.
    let title_fn: WrapFn = if v2 { balanced } else { wrap };
    let s = settings.clamped();
    let mut first = PageLayout::default();

    // Sender block, top left, name in bold.
    let mut y = FIRST_PAGE_TOP_MM + ASCENT * BLOCK_PT * PT_MM;
    let sender_width = (s.window_left_mm - MARGIN_MM - 5.0).clamp(40.0, TEXT_WIDTH_MM);
    for (i, raw) in letter.sender.iter().enumerate() {
        let style = if i == 0 { FontStyle::Bold } else { FontStyle::Regular };
        for text in wrap_fn(&printable(m, raw, style), style, BLOCK_PT, sender_width, m) {
            if y > LEFT_COLUMN_LIMIT_MM {
                break;
            }
            first.lines.push(fixed(m, Role::Sender, text, MARGIN_MM, y, BLOCK_PT, style));
            y += leading(BLOCK_PT);
        }
    }
    // Registered-mail line and references: left column under the sender block, outside the
    // window and above the object, where they cost no height in the flow.
    y += 4.0;
    let mut left_block = |text: &str, style: FontStyle, y: &mut f32| {
        for line in title_fn(&printable(m, text, style), style, BLOCK_PT, sender_width, m) {
            if *y > LEFT_COLUMN_LIMIT_MM {
                break;
            }
            let role = if style == FontStyle::Bold { Role::Registered } else { Role::Reference };
            first.lines.push(fixed(m, role, line, MARGIN_MM, *y, BLOCK_PT, style));
            *y += leading(BLOCK_PT);
        }
    };
    if let Some(r) = &letter.registered {
        left_block(r, FontStyle::Bold, &mut y);
    }
    for r in &letter.references {
        left_block(r, FontStyle::Regular, &mut y);
    }
    let sender_bottom = y - DESCENT * BLOCK_PT * PT_MM;

    place_recipient(&mut first, letter, &s, m);

    let mut chunks = Vec::new();
    let plain = |role, text: &str, size, style, space_before| Chunk {
        role,
        lines: wrap_lines(wrap_fn, m, text, style, size, TEXT_WIDTH_MM, MARGIN_MM),
        size,
        space_before,
        gap_top: 0.0,
        splittable: true,
        keep_with_next: false,
        align_right: false,
        aside: Vec::new(),
    };
    let mut date = plain(Role::PlaceDate, &letter.place_date, BODY_PT, FontStyle::Regular, 0.0);
    date.align_right = true;
    chunks.push(date);
    let mut object = plain(Role::Object, &letter.object, BODY_PT, FontStyle::Bold, 4.0);
    object.splittable = false;
    chunks.push(object);
    if let Some(attention) = &letter.attention {
        // Under the object, in the regular face: the function the letter is addressed to.
        let mut a = plain(Role::Object, attention, BODY_PT, FontStyle::Regular, 1.0);
        a.splittable = false;
        chunks.push(a);
    }
    // A copy for the file has no salutation and no closing formula.
    if !letter.salutation.is_empty() {
        let mut salutation = plain(Role::Salutation, &letter.salutation, BODY_PT, FontStyle::Regular, 5.0);
        salutation.keep_with_next = true;
        chunks.push(salutation);
    }
    let paragraph_gap = 0.45 * leading(BODY_PT);
    for block in &letter.body {
        chunks.push(match block {
            BodyBlock::Paragraph(t) => plain(Role::Body, t, BODY_PT, FontStyle::Regular, paragraph_gap),
            BodyBlock::Heading(t) => {
                let mut c = plain(Role::Heading, t, BODY_PT, FontStyle::Bold, 2.0 * paragraph_gap);
                c.keep_with_next = true;
                c.splittable = false;
                c
            }
            BodyBlock::Item(t) => {
                let mut lines = wrap_lines(wrap_fn, m, t, FontStyle::Regular, BODY_PT, TEXT_WIDTH_MM - ITEM_INDENT_MM, MARGIN_MM + ITEM_INDENT_MM);
                if let Some(first) = lines.first_mut() {
                    first.1.insert_str(0, "–\u{a0}");
                    first.0 -= m.width_mm("–\u{a0}", FontStyle::Regular, BODY_PT);
                }
                Chunk { lines, ..plain(Role::Item, "", BODY_PT, FontStyle::Regular, 0.25 * paragraph_gap) }
            }
        });
    }
    // The last body block, the closing formula and the signature travel together.
    if let Some(last) = chunks.last_mut() {
        last.keep_with_next = true;
    }
    if !letter.closing.is_empty() {
        let mut closing = plain(Role::Closing, &letter.closing, BODY_PT, FontStyle::Regular, paragraph_gap);
        closing.keep_with_next = true;
        chunks.push(closing);
    }
    let mut signature = Chunk {
        lines: Vec::new(),
        gap_top: SIGNATURE_SPACE_MM,
        splittable: false,
        ..plain(Role::Signature, "", BODY_PT, FontStyle::Regular, 3.0)
    };
    for (i, t) in letter.signature.iter().enumerate() {
        let style = if i == 0 { FontStyle::Bold } else { FontStyle::Regular };
        signature.lines.extend(wrap_lines(wrap_fn, m, t, style, BODY_PT, PAGE_WIDTH_MM - MARGIN_MM - SIGNATURE_X_MM, SIGNATURE_X_MM));
    }
    if v2 {
        chunks.push(signature);
        // Under the signature block, full width: the signature keeps its own space, and each
        // attachment wraps on the whole measure.
        if !letter.attachments.is_empty() {
            let mut title = plain(Role::Attachments, "Pièces jointes\u{a0}:", BLOCK_PT, FontStyle::Bold, 6.0);
            title.keep_with_next = true;
            title.splittable = false;
            chunks.push(title);
            for a in &letter.attachments {
                let mut lines =
                    wrap_lines(wrap_fn, m, a, FontStyle::Regular, BLOCK_PT, TEXT_WIDTH_MM - ITEM_INDENT_MM, MARGIN_MM + ITEM_INDENT_MM);
                if let Some(first) = lines.first_mut() {
                    first.1.insert_str(0, "–\u{a0}");
                    first.0 -= m.width_mm("–\u{a0}", FontStyle::Regular, BLOCK_PT);
                }
                chunks.push(Chunk { lines, ..plain(Role::Attachments, "", BLOCK_PT, FontStyle::Regular, 0.5) });
            }
        }
    } else if !letter.attachments.is_empty() {
        // Bottom left, level with the signature space: the usual place for "Pièces jointes".
        let width = SIGNATURE_X_MM - MARGIN_MM - 8.0;
        let lead = leading(BLOCK_PT);
        let mut dy = 0.0;
        let mut push = |text: &str, style: FontStyle, dy: &mut f32| {
            for line in wrap(&printable(m, text, style), style, BLOCK_PT, width, m) {
                signature.aside.push((MARGIN_MM, *dy, line, style, BLOCK_PT));
                *dy += lead;
            }
        };
        push("Pièces jointes\u{a0}:", FontStyle::Bold, &mut dy);
        for a in &letter.attachments {
            push(&format!("–\u{a0}{a}"), FontStyle::Regular, &mut dy);
        }
        chunks.push(signature);
    } else {
        chunks.push(signature);
    }

    let flow_top = sender_bottom.max(s.window_top_mm + s.window_height_mm) + 4.0;
    let mut pages = paginate(first, &chunks, flow_top, m);
    finish_pages(&mut pages, letter, &s, m);
    LetterLayout { title: letter.title.clone(), pages }
}

pub(super) fn wrap_lines(
    wrap_fn: WrapFn,
    m: &dyn Metrics,
    text: &str,
    style: FontStyle,
    size: f32,
    width: f32,
    x: f32,
) -> Vec<(f32, String, FontStyle)> {
    wrap_fn(&printable(m, text, style), style, size, width, m).into_iter().map(|l| (x, l, style)).collect()
}

/// The recipient block, left-aligned inside the window; the size drops from 10 pt in half
/// points until the block fits the box (the norm allows 9 pt; below that readability suffers,
/// but an address cut by the window edge would not arrive at all).
pub(super) fn place_recipient(page: &mut PageLayout, letter: &Letter, s: &LayoutSettings, m: &dyn Metrics) {
    let lines: Vec<String> =
        letter.recipient.iter().map(|l| printable(m, l, FontStyle::Regular).replace('\n', " ")).collect();
    let inner_w = s.window_width_mm - 2.0 * WINDOW_PAD_X_MM;
    let inner_h = s.window_height_mm - 2.0 * WINDOW_PAD_Y_MM;
    let n = lines.len().max(1) as f32;
    let mut size = BLOCK_PT;
    loop {
        let lead = size * 1.15 * PT_MM;
        let height = (ASCENT + DESCENT) * size * PT_MM + (n - 1.0) * lead;
        let width = lines.iter().map(|l| m.width_mm(l, FontStyle::Regular, size)).fold(0.0, f32::max);
        if (height <= inner_h && width <= inner_w) || size <= 5.0 {
            let mut y = s.window_top_mm + WINDOW_PAD_Y_MM + ASCENT * size * PT_MM;
            for l in lines {
                page.lines.push(fixed(m, Role::Recipient, l, s.window_left_mm + WINDOW_PAD_X_MM, y, size, FontStyle::Regular));
                y += lead;
            }
            return;
        }
        size -= 0.5;
    }
}
