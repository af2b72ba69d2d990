//! PDF read-back helpers shared by the document tests: the same external tools and checks as
//! `tests/letters.rs` (poppler-utils' `pdftotext`, `pdffonts`, `pdfinfo`, and `qpdf`), gathered
//! here so that new document tests reuse them instead of copying them.
#![allow(dead_code)] // each test crate uses its own subset

use std::path::{Path, PathBuf};
use std::process::Command;

use erm_documents::letters::LayoutSettings;

pub const MM: f32 = 72.0 / 25.4;

pub fn run(tool: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("`{tool}` could not be run ({e}). Install poppler-utils and qpdf (apt-get install poppler-utils qpdf): these tests need them.")
    });
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

pub fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

pub fn text_of(pdf: &Path, extra: &[&str]) -> String {
    let mut args: Vec<&str> = extra.to_vec();
    let path = pdf.to_str().unwrap();
    args.extend([path, "-"]);
    let (ok, out) = run("pdftotext", &args);
    assert!(ok, "pdftotext failed: {out}");
    out
}

/// All whitespace removed: wrapped lines and broken URLs compare equal to the source.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn assert_contains_all(kind: &str, text: &str, needles: &[&str]) {
    let flat = squash(text);
    for n in needles {
        assert!(flat.contains(&squash(n)), "{kind}: « {n} » missing from the PDF text:\n{text}");
    }
}

/// The text of the body area of every page (above the footer), running header lines dropped.
pub fn body_text(pdf: &Path, header: &str) -> String {
    text_of(pdf, &["-x", "0", "-y", "0", "-W", "596", "-H", &format!("{:.0}", 280.0 * MM)])
        .lines()
        .filter(|l| l.trim() != header)
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn page_count(pdf: &Path) -> u32 {
    let (ok, info) = run("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(ok, "{info}");
    info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("page count")
}

/// Words of `pdftotext -bbox` output: (text, xMin, yMin, xMax, yMax) in pt from the top-left.
pub fn words(pdf: &Path, page: u32) -> Vec<(String, f32, f32, f32, f32)> {
    let p = page.to_string();
    let html = text_of(pdf, &["-bbox", "-f", &p, "-l", &p]);
    html.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("<word ")?;
            let num = |key: &str| -> f32 {
                let start = rest.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
                rest[start..].split('"').next().unwrap().parse().unwrap()
            };
            let text = rest.split('>').nth(1)?.split("</word").next()?;
            let text = text.replace("&apos;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            Some((text, num("xMin"), num("yMin"), num("xMax"), num("yMax")))
        })
        .collect()
}

pub fn assert_recipient_in_window(pdf: &Path, window: &LayoutSettings, recipient: &[&str]) {
    let ws = words(pdf, 1);
    let (x0, y0) = (window.window_left_mm * MM, window.window_top_mm * MM);
    let (x1, y1) = (x0 + window.window_width_mm * MM, y0 + window.window_height_mm * MM);
    for line in recipient {
        for w in line.split_whitespace() {
            let found: Vec<_> = ws.iter().filter(|(t, ..)| t == w).collect();
            assert!(!found.is_empty(), "recipient word {w} not found on page 1");
            assert!(
                found.iter().any(|(_, a, b, c, e)| *a >= x0 && *c <= x1 && *b >= y0 && *e <= y1),
                "recipient word {w} outside the window {x0:.1},{y0:.1}–{x1:.1},{y1:.1}: {found:?}"
            );
        }
    }
    let inside: Vec<&String> =
        ws.iter().filter(|(_, a, b, c, e)| *c > x0 && *a < x1 && *e > y0 && *b < y1).map(|(t, ..)| t).collect();
    let allowed: String = recipient.join(" ");
    for t in inside {
        assert!(allowed.split_whitespace().any(|w| w == t), "« {t} » printed inside the window");
    }
}

/// Both Liberation Serif faces embedded, subset and with a ToUnicode map; `qpdf --check` clean;
/// A4 pages.
pub fn assert_fonts_and_structure(what: &str, pdf: &Path) {
    let (ok, fonts) = run("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(ok, "pdffonts failed: {fonts}");
    let rows: Vec<&str> = fonts.lines().filter(|l| l.contains("LiberationSerif")).collect();
    assert_eq!(rows.len(), 2, "{what}: expected regular and bold faces:\n{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{what}: font not embedded+subset+unicode:\n{fonts}");
        assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "{what}: no subset tag in {}", cols[0]);
    }
    let (ok, out) = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(ok && out.contains("No syntax or stream encoding errors"), "{what}: qpdf --check:\n{out}");
    let (_, info) = run("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "{what}: not A4:\n{info}");
}

/// No word of any page reaches past the right margin (20 mm) or before the left one.
pub fn assert_within_margins(what: &str, pdf: &Path, pages: u32) {
    let (left, right) = (20.0 * MM - 0.5, (210.0 - 20.0) * MM + 0.5);
    for p in 1..=pages {
        for (t, x0, _, x1, _) in words(pdf, p) {
            assert!(x0 >= left && x1 <= right, "{what}: page {p}: « {t} » outside the margins ({x0:.1}–{x1:.1} pt)");
        }
    }
}
