//! Letter engine, end to end: every kind is rendered to PDF and read back with poppler-utils
//! (`pdftotext`, `pdffonts`, `pdfinfo`) and `qpdf`, the way a reader or a printer would see it.
//! The tools are required: a missing tool fails the test with a message saying what to install.

#[path = "letters_fixtures/mod.rs"]
mod fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use erm_domain::address::PostalAddress;
use erm_documents::letters::*;
use fixtures::*;

// ---- external tools -------------------------------------------------------------------------

fn run(tool: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("`{tool}` could not be run ({e}). Install poppler-utils and qpdf (apt-get install poppler-utils qpdf): these tests need them.")
    });
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn text_of(pdf: &Path, extra: &[&str]) -> String {
    let mut args: Vec<&str> = extra.to_vec();
    let path = pdf.to_str().unwrap();
    args.extend([path, "-"]);
    let (ok, out) = run("pdftotext", &args);
    assert!(ok, "pdftotext failed: {out}");
    out
}

/// All whitespace removed: wrapped lines and broken URLs compare equal to the source.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_contains_all(kind: &str, text: &str, needles: &[&str]) {
    let flat = squash(text);
    for n in needles {
        assert!(flat.contains(&squash(n)), "{kind}: « {n} » missing from the PDF text:\n{text}");
    }
}

// ---- tests ---------------------------------------------------------------------------------

#[test]
fn every_kind_reads_back_with_the_mandatory_elements_of_its_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let common = [
        "Dr Hélène DUPRÉ-LEFÈVRE",
        "Médecine générale",
        "12 RUE CABANIS",
        "75014 PARIS",
        "01 40 64 14 70",
        "cabinet@exemple.fr",
        "RPPS : 10003456789",
        "Société Exemple Annuaire SAS",
        "75002 PARIS",
        "Paris, le 1er décembre 2026",
    ];
    // The app's disclaimer is printed on the doctor's file copies only (issue 9, layout 2).
    let disclaimer = "information générale, pas un conseil juridique";
    let checklists: Vec<(LetterData, Vec<&str>)> = vec![
        (erasure(), vec![
            REGISTERED_MAIL,
            "Objet : Opposition (art. 21 RGPD) et demande d'effacement (art. 17 RGPD)",
            URL, "adresse du cabinet", "avis de patients",
            "R.4127-4", "article 14 du RGPD", "Annuaire Santé", "Ordre des médecins", "ameli.fr",
            "décembre 2025", "retrait global",
            "supprimer la fiche", "cesser tout traitement", "article 19 du RGPD", "article 17, paragraphe 2",
            "confirmer par écrit", "délai d'un mois", "article 12, paragraphe 3", "CNIL",
            "L.111-7-2", "Pièces jointes :",
        ]),
        (cnil(), vec![
            "Résumé", "Chronologie", "Pièces jointes :", "SIREN : 732 829 320", "Exemple Annuaire SAS",
            "1A 234 567 8901 2", "3 novembre 2026", "3 octobre 2026", "aucune réponse",
            "10 novembre 2026 : La fiche est toujours en ligne", "Copie de la demande du 1er octobre 2026",
            "Avis de réception du 3 octobre 2026", "article 77", URL,
        ]),
        (dereferencing(), vec![
            "déréférencement", "« Hélène Dupré-Lefèvre »", URL, "C-131/12", "C-136/17", "articles 17 et 21",
            "R.4127-4", "1er décembre 2026", "Copie pour le dossier",
        ]),
        (host_notice(), vec![
            "article 16 du règlement (UE) 2022/2065", "Nom : Dr Hélène DUPRÉ-LEFÈVRE", "cabinet@exemple.fr",
            "Profession : médecin", "Hébergeur Exemple", URL, "Patient75", "2 novembre 2026",
            "« ce médecin falsifie ses ordonnances »", "art. 29 et 32 de la loi du 29 juillet 1881", "Justification :",
            "l'éditeur du site le 5 novembre 2026",
            "Je déclare de bonne foi que les informations et allégations contenues dans la présente notification sont exactes et complètes.",
        ]),
        (formal_notice(), vec![
            "Objet : MISE EN DEMEURE", REGISTERED_MAIL, URL, "« ce médecin falsifie ses ordonnances »",
            "propos diffamatoires", "Article 1240 du code civil", "retirer l'avis cité ci-dessus", "15 jours",
            "saisir la juridiction compétente", "sous toutes réserves", "Pièces jointes :",
        ]),
        (inventory(), vec!["capture-avis-42.png", URL, "5 novembre 2026 à 14:03:27", DIGEST, "SHA-256", "article 1358 du code civil"]),
    ];
    for (data, needles) in checklists {
        let kind = data.kind().as_str();
        let pdf = save(dir.path(), &format!("{kind}.pdf"), &render(&data, &LetterOptions::default()));
        let raw = text_of(&pdf, &[]);
        if data.kind() == LetterKind::DereferencingRequest {
            // A copy for the file (issue 8, point 2): no recipient in the window.
            let no_recipient: Vec<&str> = common.iter().copied().filter(|c| !c.contains("Annuaire SAS") && *c != "75002 PARIS").collect();
            assert_contains_all(kind, &raw, &no_recipient);
            assert!(!raw.contains("Société Exemple Annuaire SAS"), "{kind}: a recipient printed on a copy for the file");
        } else {
            assert_contains_all(kind, &raw, &common);
        }
        let file_copy = matches!(data.kind(), LetterKind::DereferencingRequest | LetterKind::EvidenceInventory);
        assert_eq!(squash(&raw).contains(&squash(disclaimer)), file_copy, "{kind}: disclaimer only on file copies");
        // Sentences may cross a page break: read the body area only (above the footer) and drop
        // the running header, so that the check sees the text as the reader follows it.
        let header = "Société Exemple Annuaire SAS — 1er décembre 2026";
        let body: String = text_of(&pdf, &["-x", "0", "-y", "0", "-W", "596", "-H", &format!("{:.0}", 280.0 * MM)])
            .lines()
            .filter(|l| l.trim() != header)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!body.contains("Document préparé"), "{kind}: footer inside the body area");
        assert_contains_all(kind, &body, &needles);
        // The layout mode keeps the right-aligned date and signature readable too.
        assert_contains_all(kind, &text_of(&pdf, &["-layout"]), &["Paris, le 1er décembre 2026", "Dr Hélène DUPRÉ-LEFÈVRE"]);
        if data.kind() == LetterKind::FormalNotice {
            let lower = raw.to_lowercase();
            for w in ["€", "euros", "payer", "indemnité"] {
                assert!(!lower.contains(w), "formal notice mentions money ({w})");
            }
        }
    }
}

#[test]
fn french_characters_and_non_breaking_spaces_come_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let sample = "Élève, père, garçon, œuvre, cœur, Æsop, déjà — « guillemets » et 1 234,56 € l’apostrophe ; vraiment ? oui ! note : fin";
    let LetterData::HostNotice(mut notice) = host_notice() else { unreachable!() };
    notice.quoted_words = sample.into();
    let data = LetterData::HostNotice(notice);
    // The composer applies French typography: U+202F before ; ? ! and U+00A0 before : and in « ».
    let letter = compose(&data, &doctor(), &publisher(), d(2026, 12, 1), &LetterOptions::default()).unwrap();
    let quoted = letter.body.iter().find_map(|b| match b {
        BodyBlock::Paragraph(t) if t.contains("Élève") => Some(t.clone()),
        _ => None,
    }).unwrap();
    for nb in ["l’apostrophe\u{202f};", "vraiment\u{202f}?", "oui\u{202f}!", "note\u{a0}:", "«\u{a0}Élève", "fin\u{a0}»"] {
        assert!(quoted.contains(nb), "typography not applied for {nb:?}: {quoted:?}");
    }
    let pdf = save(dir.path(), "fr.pdf", &render(&data, &LetterOptions::default()));
    let text = text_of(&pdf, &[]);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for piece in ["Élève, père, garçon, œuvre, cœur, Æsop, déjà", "« guillemets »", "l’apostrophe ; vraiment ? oui ! note : fin »", "234,56 €"] {
        assert!(flat.contains(piece), "« {piece} » not read back:\n{text}");
    }
    // poppler prints non-breaking spaces as plain spaces; the PDF itself must still map the
    // glyphs to U+00A0 and U+202F so that copy-paste keeps them.
    let expanded = dir.path().join("qdf.pdf");
    let (ok, out) = run("qpdf", &["--qdf", "--object-streams=disable", pdf.to_str().unwrap(), expanded.to_str().unwrap()]);
    assert!(ok, "{out}");
    let raw = String::from_utf8_lossy(&std::fs::read(&expanded).unwrap()).to_uppercase();
    for code in ["<00A0>", "<202F>", "<20AC>", "<0153>", "<2019>", "<00AB>", "<00BB>"] {
        assert!(raw.contains(code), "ToUnicode has no mapping to {code}");
    }
}

#[test]
fn the_font_is_embedded_and_subset_and_qpdf_finds_no_error() {
    let dir = tempfile::tempdir().unwrap();
    for data in all_kinds() {
        let kind = data.kind().as_str();
        let pdf = save(dir.path(), &format!("{kind}.pdf"), &render(&data, &LetterOptions::default()));
        let (ok, fonts) = run("pdffonts", &[pdf.to_str().unwrap()]);
        assert!(ok, "pdffonts failed: {fonts}");
        let rows: Vec<&str> = fonts.lines().filter(|l| l.contains("LiberationSerif")).collect();
        assert_eq!(rows.len(), 2, "{kind}: expected regular and bold faces:\n{fonts}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type encoding emb sub uni object ID
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{kind}: font not embedded+subset+unicode:\n{fonts}");
            assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "{kind}: no subset tag in {}", cols[0]);
        }
        let (ok, out) = run("qpdf", &["--check", pdf.to_str().unwrap()]);
        assert!(ok && out.contains("No syntax or stream encoding errors"), "{kind}: qpdf --check:\n{out}");
        let (_, info) = run("pdfinfo", &[pdf.to_str().unwrap()]);
        assert!(info.contains("595.276 x 841.89 pts (A4)"), "{kind}: not A4:\n{info}");
    }
}

/// Words of `pdftotext -bbox` output: (text, xMin, yMin, xMax, yMax) in pt from the top-left.
fn words(pdf: &Path, page: u32) -> Vec<(String, f32, f32, f32, f32)> {
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

const MM: f32 = 72.0 / 25.4;

fn assert_recipient_in_window(pdf: &Path, window: &LayoutSettings, recipient: &[&str]) {
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
    // Nothing but the address is printed inside the window.
    let inside: Vec<&String> =
        ws.iter().filter(|(_, a, b, c, e)| *c > x0 && *a < x1 && *e > y0 && *b < y1).map(|(t, ..)| t).collect();
    let allowed: String = recipient.join(" ");
    for t in inside {
        assert!(allowed.split_whitespace().any(|w| w == t), "« {t} » printed inside the window");
    }
}

#[test]
fn the_recipient_lies_inside_the_window_even_when_moved() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = publisher().lines().to_vec();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let default = LayoutSettings::default();
    let pdf = save(dir.path(), "default.pdf", &render(&erasure(), &LetterOptions::default()));
    assert_recipient_in_window(&pdf, &default, &lines);

    let moved = LayoutSettings { window_left_mm: 100.0, window_top_mm: 48.0, window_width_mm: 90.0, window_height_mm: 40.0, fold_marks: true };
    let pdf = save(dir.path(), "moved.pdf", &render(&erasure(), &LetterOptions { layout: moved, ..Default::default() }));
    assert_recipient_in_window(&pdf, &moved, &lines);

    // Six lines of 38 capitals: the block shrinks to fit the box instead of overflowing it.
    let full = ["SOCIETE EXEMPLE ANNUAIRE INTERNATIONAL", "SERVICE PROTECTION DONNEES PERSONNELLES", "BATIMENT B ESCALIER 4 PORTE 12 ETAGE 3",
        "12 BOULEVARD DU GENERAL LECLERC PROLONG", "BP 12345 TRES LONGUE MENTION DE LIEUDIT", "75002 PARIS CEDEX 02"];
    let full: Vec<&str> = full.iter().map(|l| &l[..l.len().min(38)]).collect();
    let address = PostalAddress::parse("recipient", &full).unwrap();
    let bytes = render_letter(&erasure(), &doctor(), &address, d(2026, 12, 1), &LetterOptions::default()).unwrap();
    let pdf = save(dir.path(), "full.pdf", &bytes);
    let printed: Vec<String> = address.lines().to_vec();
    assert_recipient_in_window(&pdf, &default, &printed.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn the_calibration_page_shows_the_window_and_explains_itself() {
    let dir = tempfile::tempdir().unwrap();
    let s = LayoutSettings { window_left_mm: 112.5, ..Default::default() };
    let pdf = save(dir.path(), "calibrage.pdf", &calibration_pdf(&s, d(2026, 12, 1)).unwrap());
    let text = text_of(&pdf, &[]);
    assert_contains_all("calibration", &text, &["Page de calibrage", "85 × 33 mm", "112,5 mm du bord gauche", "55 mm du bord haut", "Paramètres", "100 %"]);
    assert_recipient_in_window(&pdf, &s, &["DESTINATAIRE EXEMPLE", "SERVICE DU COURRIER", "12 RUE DE L EXEMPLE", "75014 PARIS"]);
    let (ok, out) = run("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(ok, "{out}");
}

#[test]
fn a_five_page_letter_is_numbered_and_breaks_pages_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let data = (20..80).map(long_letter).find(|data| {
        let letter = compose(data, &doctor(), &publisher(), d(2026, 12, 1), &LetterOptions::default()).unwrap();
        layout(&letter, &LayoutSettings::default(), fonts().unwrap()).pages.len() == 5
    }).expect("some length gives five pages");
    let letter = compose(&data, &doctor(), &publisher(), d(2026, 12, 1), &LetterOptions::default()).unwrap();
    let placed = layout(&letter, &LayoutSettings::default(), fonts().unwrap());

    for (i, page) in placed.pages.iter().enumerate() {
        let body: Vec<&PlacedLine> = page.lines.iter().filter(|l| l.block > 0).collect();
        // No widow: a block continued from the previous page brings at least two lines.
        if let Some(first) = body.first() {
            if first.line_in_block > 0 {
                let here = body.iter().filter(|l| l.block == first.block).count();
                assert!(here >= 2, "page {}: lone line at the top: {:?}", i + 1, first.text);
            }
        }
        // No orphan: a block continued on the next page leaves at least two lines here.
        if let Some(last) = body.last() {
            if last.line_in_block + 1 < last.lines_in_block {
                assert!(last.line_in_block >= 1, "page {}: lone line at the bottom: {:?}", i + 1, last.text);
            }
        }
        for l in &page.lines {
            assert!(l.baseline_mm < PAGE_HEIGHT_MM - 8.0, "page {}: text below the footer zone: {l:?}", i + 1);
            assert!(l.x_mm >= MARGIN_MM - 0.01 && l.x_mm + l.width_mm <= PAGE_WIDTH_MM - MARGIN_MM + 0.01, "outside margins: {l:?}");
        }
        if i > 0 {
            let header = page.lines.iter().find(|l| l.role == Role::Header).expect("header on later pages");
            assert!(header.text.starts_with("Société Exemple Annuaire SAS") && header.text.ends_with("1er décembre 2026"), "{header:?}");
        }
    }
    // The rules above were really exercised: some paragraph does continue on the next page.
    let split = placed.pages.iter().skip(1).any(|p| p.lines.iter().any(|l| l.block > 0 && l.line_in_block > 0 && l.role == Role::Body && std::ptr::eq(l, p.lines.iter().find(|x| x.block > 0).unwrap())));
    assert!(split, "no paragraph crosses a page break in this sample");
    // The signature page also carries the closing and the end of the body.
    let last = placed.pages.last().unwrap();
    for role in [Role::Body, Role::Closing, Role::Signature] {
        assert!(last.lines.iter().any(|l| l.role == role), "{role:?} not on the signature page");
    }

    let pdf = save(dir.path(), "long.pdf", &render(&data, &LetterOptions::default()));
    let (_, info) = run("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 5")), "{info}");
    for p in 1..=5u32 {
        let page = text_of(&pdf, &["-f", &p.to_string(), "-l", &p.to_string()]);
        assert!(page.contains(&format!("page {p}/5")), "page {p} has no « page {p}/5 »:\n{page}");
    }
}

#[test]
fn the_same_letter_gives_the_same_bytes() {
    let opts = LetterOptions { registered_number: Some("1A 234 567 8901 2".into()), ..Default::default() };
    let a = render(&erasure(), &opts);
    let _other = render(&cnil(), &opts); // moves printpdf's internal random counter
    let b = render(&erasure(), &opts);
    assert!(a == b, "two renders of the same letter differ");
    let c = render_letter(&erasure(), &doctor(), &publisher(), d(2026, 12, 2), &opts).unwrap();
    assert!(a != c, "a different date must give a different PDF");
    let cal = |_| calibration_pdf(&LayoutSettings::default(), d(2026, 12, 1)).unwrap();
    assert!(cal(0) == cal(1));
}

/// Fold marks follow the setting; with `LETTERS_DUMP=<dir>` the PDFs are also written there
/// for a look with `pdftoppm -png` (see the report of issue 3).
#[test]
fn fold_marks_follow_the_setting() {
    let with = LetterOptions { layout: LayoutSettings { fold_marks: true, ..Default::default() }, ..Default::default() };
    let letter = compose(&erasure(), &doctor(), &publisher(), d(2026, 12, 1), &with).unwrap();
    let marks = |opts: &LetterOptions| -> Vec<f32> {
        layout(&letter, &opts.layout, fonts().unwrap()).pages[0]
            .strokes
            .iter()
            .filter_map(|s| match *s {
                Stroke::Line { x2, y1, y2, .. } if y1 == y2 && x2 <= MARGIN_MM => Some(y1),
                _ => None,
            })
            .collect()
    };
    assert_eq!(marks(&with), [99.0, 198.0]);
    assert!(marks(&LetterOptions::default()).is_empty());
    if let Ok(dir) = std::env::var("LETTERS_DUMP") {
        for data in all_kinds() {
            save(Path::new(&dir), &format!("{}.pdf", data.kind().as_str()), &render(&data, &with));
        }
        save(Path::new(&dir), "long.pdf", &render(&long_letter(40), &with));
        save(Path::new(&dir), "calibrage.pdf", &calibration_pdf(&LayoutSettings::default(), d(2026, 12, 1)).unwrap());
    }
}
