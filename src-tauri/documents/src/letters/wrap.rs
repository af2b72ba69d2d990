//! Line breaking by real glyph widths: words are never cut, except a single word wider than the
//! whole line (a long URL, a SHA-256 digest), which is broken between characters rather than
//! running off the paper. Only the ordinary space is a break opportunity, so the non-breaking
//! spaces French puts before « : ; ? ! » and inside « guillemets » keep their neighbours together.
//!
//! Layout version 2 ([`wrap_v2`]) cuts an over-long word only after « / », « - », « . » or « ? »
//! (never inside « // »), as a URL is read; only a run with no such point is cut between
//! characters. [`balanced`] spreads a short text evenly over the lines it needs.

use super::fonts::{FontStyle, Metrics};

/// Wraps `text` (already printable) into lines no wider than `width_mm`. `\n` forces a break;
/// runs of spaces collapse to one. Always returns at least one line (possibly empty).
pub fn wrap(text: &str, style: FontStyle, size_pt: f32, width_mm: f32, m: &dyn Metrics) -> Vec<String> {
    wrap_with(text, style, size_pt, width_mm, m, false)
}

/// [`wrap`] of layout version 2: an over-long word (a URL) is cut after « / », « - », « . » or
/// « ? » whenever the piece holds such a point.
pub fn wrap_v2(text: &str, style: FontStyle, size_pt: f32, width_mm: f32, m: &dyn Metrics) -> Vec<String> {
    wrap_with(text, style, size_pt, width_mm, m, true)
}

/// The lines of [`wrap_v2`] made as even as possible: the narrowest width that needs no more
/// lines, so that a title never ends with a word alone (« … DE / RÉCEPTION »).
pub fn balanced(text: &str, style: FontStyle, size_pt: f32, width_mm: f32, m: &dyn Metrics) -> Vec<String> {
    let lines = wrap_v2(text, style, size_pt, width_mm, m);
    if lines.len() < 2 {
        return lines;
    }
    let widest_word = text.split([' ', '\n']).map(|w| m.width_mm(w, style, size_pt)).fold(0.0_f32, f32::max);
    let (mut lo, mut hi) = (widest_word.min(width_mm), width_mm);
    for _ in 0..20 {
        let mid = (lo + hi) / 2.0;
        if wrap_v2(text, style, size_pt, mid, m).len() <= lines.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    wrap_v2(text, style, size_pt, hi, m)
}

fn wrap_with(text: &str, style: FontStyle, size_pt: f32, width_mm: f32, m: &dyn Metrics, url_breaks: bool) -> Vec<String> {
    let space = m.width_mm(" ", style, size_pt);
    let mut out = Vec::new();
    for hard in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0_f32;
        for word in hard.split(' ').filter(|w| !w.is_empty()) {
            let w = m.width_mm(word, style, size_pt);
            if line.is_empty() && w <= width_mm {
                line.push_str(word);
                line_w = w;
            } else if !line.is_empty() && line_w + space + w <= width_mm {
                line.push(' ');
                line.push_str(word);
                line_w += space + w;
            } else if w <= width_mm {
                out.push(std::mem::take(&mut line));
                line.push_str(word);
                line_w = w;
            } else {
                // Wider than a whole line: start it on its own line and cut between characters.
                if !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                }
                let mut pieces = if url_breaks {
                    break_url(word, style, size_pt, width_mm, m)
                } else {
                    break_word(word, style, size_pt, width_mm, m)
                };
                let last = pieces.pop().unwrap_or_default();
                out.extend(pieces);
                line_w = m.width_mm(&last, style, size_pt);
                line = last;
            }
        }
        out.push(line);
    }
    out
}

/// Cuts one over-long word into pieces that fit; a piece holds at least one character so that
/// even an absurdly narrow width terminates. Combining marks stay with their base character.
fn break_word(word: &str, style: FontStyle, size_pt: f32, width_mm: f32, m: &dyn Metrics) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0.0_f32;
    let mut buf = [0u8; 4];
    for c in word.chars() {
        let cw = m.width_mm(c.encode_utf8(&mut buf), style, size_pt);
        let combining = is_combining(c);
        if !cur.is_empty() && !combining && cur_w + cw > width_mm {
            pieces.push(std::mem::take(&mut cur));
            cur_w = 0.0;
        }
        cur.push(c);
        cur_w += cw;
    }
    pieces.push(cur);
    pieces
}

/// Cuts an over-long word after « / », « - », « . » or « ? » (not between the two slashes of
/// « https:// »), falling back to [`break_word`] for a piece with no such point.
fn break_url(word: &str, style: FontStyle, size_pt: f32, width_mm: f32, m: &dyn Metrics) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    // Break opportunities: indices i such that a line may end before chars[i].
    let can_break = |i: usize| i > 0 && i < chars.len() && matches!(chars[i - 1], '/' | '-' | '.' | '?') && chars[i] != '/' && !is_combining(chars[i]);
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let rest: String = chars[start..].iter().collect();
        if m.width_mm(&rest, style, size_pt) <= width_mm {
            pieces.push(rest);
            break;
        }
        // The furthest break point whose piece fits.
        let mut end = None;
        for i in start + 1..chars.len() {
            let piece: String = chars[start..i].iter().collect();
            if m.width_mm(&piece, style, size_pt) > width_mm {
                break;
            }
            if can_break(i) {
                end = Some(i);
            }
        }
        match end {
            Some(i) => {
                pieces.push(chars[start..i].iter().collect());
                start = i;
            }
            None => {
                // No break point in reach: cut between characters up to the next break point.
                let next = (start + 1..chars.len()).find(|&i| can_break(i)).unwrap_or(chars.len());
                let run: String = chars[start..next].iter().collect();
                let mut cut = break_word(&run, style, size_pt, width_mm, m);
                let last = cut.pop().unwrap_or_default();
                pieces.extend(cut);
                // The run's tail starts the next piece, unless nothing was cut (always progress).
                let tail_start = next - last.chars().count();
                if tail_start > start && next < chars.len() {
                    start = tail_start;
                } else {
                    pieces.push(last);
                    start = next;
                }
            }
        }
    }
    pieces
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is 1 mm wide: makes expectations obvious.
    struct Mono;
    impl Metrics for Mono {
        fn width_mm(&self, text: &str, _: FontStyle, _: f32) -> f32 {
            text.chars().count() as f32
        }
        fn has_glyph(&self, _: char, _: FontStyle) -> bool {
            true
        }
    }

    fn w(text: &str, width: f32) -> Vec<String> {
        wrap(text, FontStyle::Regular, 10.0, width, &Mono)
    }

    #[test]
    fn breaks_between_words_only() {
        assert_eq!(w("le chat dort ici", 8.0), ["le chat", "dort ici"]);
        assert_eq!(w("le chat dort ici", 7.0), ["le chat", "dort", "ici"]);
    }

    #[test]
    fn non_breaking_spaces_hold_words_together() {
        assert_eq!(w("voir\u{a0}: ici", 6.0), ["voir\u{a0}:", "ici"]);
        assert_eq!(w("a «\u{a0}b\u{202f}» c", 5.0), ["a", "«\u{a0}b\u{202f}»", "c"]);
    }

    #[test]
    fn long_words_are_cut_between_characters() {
        assert_eq!(w("va https://exemple.fr/abc", 10.0), ["va", "https://ex", "emple.fr/a", "bc"]);
    }

    #[test]
    fn version_2_cuts_urls_after_separators_only() {
        let v2 = |t: &str, width: f32| wrap_v2(t, FontStyle::Regular, 10.0, width, &Mono);
        assert_eq!(v2("va https://exemple.fr/abc", 10.0), ["va", "https://", "exemple.", "fr/abc"]);
        assert_eq!(v2("https://ab.fr/fiche-du-docteur?id=12", 12.0), ["https://ab.", "fr/fiche-du-", "docteur?", "id=12"]);
        // A run with no separator within reach is still cut, and nothing is lost.
        assert_eq!(v2("abcdefghij/k", 4.0), ["abcd", "efgh", "ij/k"]);
        assert_eq!(v2("a/b", 0.0), ["a/", "b"].map(String::from).iter().flat_map(|p| p.chars().map(String::from)).collect::<Vec<_>>());
    }

    #[test]
    fn balanced_lines_never_leave_a_word_alone() {
        let lines = balanced("LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION", FontStyle::Regular, 10.0, 40.0, &Mono);
        assert_eq!(lines, ["LETTRE RECOMMANDÉE AVEC", "ACCUSÉ DE RÉCEPTION"]);
    }

    #[test]
    fn hard_breaks_and_spaces() {
        assert_eq!(w("un  deux\ntrois", 20.0), ["un deux", "trois"]);
        assert_eq!(w("", 20.0), [""]);
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        let lines = w("e\u{301}e\u{301}e\u{301}", 1.0);
        assert_eq!(lines, ["e\u{301}", "e\u{301}", "e\u{301}"]);
    }

    #[test]
    fn zero_width_terminates() {
        assert_eq!(w("abc", 0.0), ["a", "b", "c"]);
    }
}
