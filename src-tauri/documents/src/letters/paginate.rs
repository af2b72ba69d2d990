//! Pagination of the flowing part of a letter: blocks ("chunks") are poured onto pages with
//! the widow and orphan rules, keep-with-next chains (headings, salutation, the last body lines
//! with the closing and the signature), then every page gets its running header, "page N/M",
//! footer note and fold marks.

use super::fonts::{printable, FontStyle, Metrics};
use super::page::*;
use super::model::{LayoutSettings, Letter};
use super::wrap::wrap;

/// One flowing block before pagination.
pub(super) struct Chunk {
    pub(super) role: Role,
    pub(super) lines: Vec<(f32, String, FontStyle)>,
    pub(super) size: f32,
    pub(super) space_before: f32,
    /// Drawn lines start this far below the chunk top (the signature space).
    pub(super) gap_top: f32,
    pub(super) splittable: bool,
    pub(super) keep_with_next: bool,
    pub(super) align_right: bool,
    /// Lines set beside the chunk, from its top (the attachments list left of the signature):
    /// x, offset below the chunk top, text, style, size. Only on chunks that are never split.
    pub(super) aside: Vec<(f32, f32, String, FontStyle, f32)>,
}

impl Chunk {
    pub(super) fn height(&self, n: usize) -> f32 {
        let aside = self.aside.last().map_or(0.0, |(_, dy, _, _, size)| dy + leading(*size));
        (self.gap_top + n as f32 * leading(self.size)).max(aside)
    }
    /// Height that must be free on a page to start the chunk there.
    pub(super) fn start_need(&self) -> f32 {
        let n = self.lines.len();
        let min = if self.splits() && n >= 4 { 2 } else { n };
        self.height(min)
    }
    /// Whether the chunk may break across pages. One meant to stay whole (the signature, a
    /// heading) but taller than a whole page breaks anyway: it is then poured like any other,
    /// after what it is kept with, instead of being pushed alone onto a page of its own.
    fn splits(&self) -> bool {
        self.splittable || self.height(self.lines.len()) > BODY_BOTTOM_MM - LATER_PAGE_TOP_MM
    }
}

pub(super) fn paginate(first: PageLayout, chunks: &[Chunk], flow_top: f32, m: &dyn Metrics) -> Vec<PageLayout> {
    let mut pages = vec![first];
    let mut y = flow_top; // top of the next line box
    let mut at_top = false;
    for (idx, c) in chunks.iter().enumerate() {
        let n = c.lines.len();
        // What must fit after this chunk for keep-with-next: the start of the following chain.
        let mut need_next = 0.0;
        let mut j = idx;
        while chunks[j].keep_with_next && j + 1 < chunks.len() {
            j += 1;
            need_next += chunks[j].space_before + chunks[j].start_need();
        }
        let space = if at_top { 0.0 } else { c.space_before };
        let room = BODY_BOTTOM_MM - (y + space);
        let whole = c.height(n);
        let move_along = !at_top
            && (room < c.start_need() || (whole <= room && whole + need_next > room && !(c.splits() && n >= 4)));
        if move_along {
            pages.push(PageLayout::default());
            y = LATER_PAGE_TOP_MM;
            at_top = true;
        } else {
            y += space;
        }
        let mut chunk_top = y;
        y += c.gap_top;
        let mut start = 0;
        while start < n {
            let fit = ((BODY_BOTTOM_MM - y) / leading(c.size)).floor().max(0.0) as usize;
            let remaining = n - start;
            let mut take = remaining.min(fit);
            let carry = c.keep_with_next && take == remaining && y + c.height(remaining) - c.gap_top + need_next > BODY_BOTTOM_MM;
            if take < remaining || carry {
                if c.splits() {
                    if carry || remaining - take < 2 {
                        // Leave at least two lines for the next page (no widow, and the
                        // signature gets company).
                        take = remaining.saturating_sub(2).min(take);
                    }
                    if take < 2 && start == 0 {
                        take = 0; // a single line at the foot of the page would be an orphan
                    }
                } else {
                    take = 0;
                }
                if take == 0 && at_top {
                    // Already at the top of a page: nothing better exists, fill the page.
                    take = remaining.min(fit.max(1));
                }
            }
            let page = pages.last_mut().expect("at least one page");
            if start == 0 && take > 0 {
                for (x, dy, text, style, size) in &c.aside {
                    page.lines.push(PlacedLine {
                        role: Role::Attachments,
                        text: text.clone(),
                        x_mm: *x,
                        baseline_mm: chunk_top + dy + ASCENT * size * PT_MM,
                        width_mm: m.width_mm(text, *style, *size),
                        size_pt: *size,
                        style: *style,
                        grey: false,
                        block: 0,
                        line_in_block: 0,
                        lines_in_block: 1,
                    });
                }
            }
            for (k, (x, text, style)) in c.lines[start..start + take].iter().enumerate() {
                let width_mm = m.width_mm(text, *style, c.size);
                let x = if c.align_right { PAGE_WIDTH_MM - MARGIN_MM - width_mm } else { *x };
                page.lines.push(PlacedLine {
                    role: c.role,
                    text: text.clone(),
                    x_mm: x,
                    baseline_mm: y + ASCENT * c.size * PT_MM,
                    width_mm,
                    size_pt: c.size,
                    style: *style,
                    grey: false,
                    block: idx + 1,
                    line_in_block: start + k,
                    lines_in_block: n,
                });
                y += leading(c.size);
            }
            start += take;
            if start == n && !c.aside.is_empty() {
                y = y.max(chunk_top + c.height(n));
            }
            at_top = take == 0 && at_top;
            if start < n {
                pages.push(PageLayout::default());
                chunk_top = LATER_PAGE_TOP_MM;
                y = LATER_PAGE_TOP_MM + if start == 0 { c.gap_top } else { 0.0 };
                at_top = true;
            }
        }
    }
    pages
}

pub(super) fn finish_pages(pages: &mut [PageLayout], letter: &Letter, s: &LayoutSettings, m: &dyn Metrics) {
    let total = pages.len();
    let small = 7.5;
    for (i, page) in pages.iter_mut().enumerate() {
        if i > 0 {
            let text = fit_line(m, &printable(m, &letter.header, FontStyle::Regular).replace('\n', " "), 9.0, TEXT_WIDTH_MM);
            let mut l = fixed(m, Role::Header, text, MARGIN_MM, HEADER_BASELINE_MM, 9.0, FontStyle::Regular);
            l.grey = true;
            page.lines.push(l);
            page.strokes.push(Stroke::Line { x1: MARGIN_MM, y1: HEADER_BASELINE_MM + 2.5, x2: PAGE_WIDTH_MM - MARGIN_MM, y2: HEADER_BASELINE_MM + 2.5 });
        }
        let mut number_width = 0.0;
        if total > 1 {
            let text = format!("page {}/{}", i + 1, total);
            let w = m.width_mm(&text, FontStyle::Regular, 9.0);
            number_width = w + 5.0;
            page.lines.push(fixed(m, Role::PageNumber, text, PAGE_WIDTH_MM - MARGIN_MM - w, FOOTER_BASELINE_MM, 9.0, FontStyle::Regular));
        }
        if let Some(note) = &letter.footer_note {
            let width = TEXT_WIDTH_MM - number_width;
            // Two lines at most: the footer zone ends at the paper's edge.
            let mut lines = wrap(&printable(m, note, FontStyle::Regular), FontStyle::Regular, small, width, m);
            if lines.len() > 2 {
                let rest = lines[1..].join(" ");
                lines.truncate(1);
                lines.push(fit_line(m, &rest, small, width));
            }
            for (k, text) in lines.into_iter().enumerate() {
                let mut l = fixed(m, Role::Footer, text, MARGIN_MM, FOOTER_BASELINE_MM + k as f32 * leading(small), small, FontStyle::Regular);
                l.grey = true;
                page.lines.push(l);
            }
        }
        if s.fold_marks {
            for y in [99.0, 198.0] {
                page.strokes.push(Stroke::Line { x1: 5.0, y1: y, x2: 10.0, y2: y });
            }
        }
    }
}

/// Shortens a one-line text with an ellipsis until it fits `width` (running headers only).
pub(super) fn fit_line(m: &dyn Metrics, text: &str, size: f32, width: f32) -> String {
    if m.width_mm(text, FontStyle::Regular, size) <= width {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if m.width_mm(&candidate, FontStyle::Regular, size) <= width {
            return candidate;
        }
    }
    String::new()
}
