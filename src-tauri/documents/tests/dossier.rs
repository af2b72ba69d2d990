//! The lawyer's dossier PDF, read back with poppler and qpdf: every section, every statement and
//! every SHA-256 digest present, nothing past the margins, « Page n / N » on each page, fonts
//! embedded and subset, deterministic bytes.

#[path = "cases_fixtures/mod.rs"]
mod cases;
#[path = "readback/mod.rs"]
mod readback;

use erm_documents::letters::dossier::*;
use erm_documents::letters::{fonts, PAGE_WIDTH_MM, MARGIN_MM};
use readback::*;

#[test]
fn the_dossier_reads_back_whole_and_inside_the_margins() {
    let dir = tempfile::tempdir().unwrap();
    let data = cases::dossier(20, 50);
    let pdf = save(dir.path(), "dossier.pdf", &render_dossier(&data).unwrap());
    if let Ok(out) = std::env::var("LETTERS_DUMP") {
        std::fs::copy(&pdf, std::path::Path::new(&out).join("dossier.pdf")).unwrap();
    }
    assert_fonts_and_structure("dossier", &pdf);
    let pages = page_count(&pdf);
    assert!(pages >= 5, "20 statements and 50 pieces should fill several pages, got {pages}");
    for p in 1..=pages {
        let t = text_of(&pdf, &["-f", &p.to_string(), "-l", &p.to_string()]);
        assert!(t.contains(&format!("Page {p} / {pages}")), "page {p} has no « Page {p} / {pages} »");
        assert!(squash(&t).contains(&squash("pas un conseil juridique ; seul un juge décide")), "page {p}: no footer notice");
    }
    assert_within_margins("dossier", &pdf, pages);

    let header = format!("{} — dossier du 1er décembre 2026", data.title);
    let body = body_text(&pdf, &header);
    let mut needles: Vec<String> = [
        "1. Résumé", "2. Parties", "3. Propos en cause", "4. Première mise en ligne", "5. Chronologie", "6. Délais",
        "7. Courriers", "8. Pièces (preuves conservées)", "9. Constats de commissaire de justice", "Avertissement",
        "Seul un juge peut dire si les propos en cause sont illicites", "il ne donne pas de conseil juridique",
        "Dr Hélène DUPRÉ-LEFÈVRE", "Médecine générale", "12 RUE CABANIS", "cabinet@exemple.fr", "01 40 64 14 70",
        "Auteur des propos : Patient75 (pseudonyme) (identité non établie)", "Éditeur du site : Exemple Avis SAS",
        "date approximative", "la plus ancienne capture aident à la préciser", "2 novembre 2026 — Publication de l'avis", "Preuve : pièce n° 1",
        "Prescription de l'action en diffamation (3 mois) : expire le 2 février 2027",
        "Mise en demeure — préparé le 9 novembre 2026", "recommandé n° 1A 234 567 8901 2", "Avis de réception du 12 novembre 2026",
        "courriers/2026-11-10-mise-en-demeure.pdf", "Constat de Me Exemple", "MANIFEST-SHA256.txt",
        "Qualification(s) envisageable(s) : diffamation publique envers un particulier ; injure publique",
        "Fondement(s) : Loi du 29 juillet 1881, art. 29, 32 et 33 ; Code civil, art. 1240",
        &data.disclaimer,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for s in &data.statements {
        needles.push(format!("« {} »", s.quote));
    }
    for e in &data.evidence {
        needles.push(format!("Pièce n° {} — {} ({})", e.number, e.file_name, e.kind));
        needles.push(format!("SHA-256 : {}", e.sha256));
    }
    // pdftotext's plain output joins a line ending in « - » to the next without the hyphen
    // (« 14e-|arrondissement » reads « 14earrondissement »); its -bbox words are exact.
    let exact: String = (1..=pages).flat_map(|p| words(&pdf, p)).map(|w| w.0).collect();
    assert_eq!(exact.matches(&squash(&format!("Adresse : {}", cases::LONG_URL))).count(), data.evidence.len(), "a URL is not read back whole");
    needles.push("Taille : 1 234 617 octets".into());
    assert_contains_all("dossier", &body, &needles.iter().map(String::as_str).collect::<Vec<_>>());

    // Deterministic: the same dossier gives the same bytes; a different date does not.
    assert!(render_dossier(&data).unwrap() == std::fs::read(&pdf).unwrap(), "two renders differ");
    let later = LawyerDossier { generated_on: data.generated_on.succ_opt().unwrap(), ..data.clone() };
    assert!(render_dossier(&later).unwrap() != std::fs::read(&pdf).unwrap());
}

#[test]
fn the_layout_keeps_every_line_inside_the_text_block() {
    let data = cases::dossier(3, 4);
    let placed = dossier_layout(&data, fonts().unwrap());
    for (i, page) in placed.pages.iter().enumerate() {
        for l in &page.lines {
            assert!(l.x_mm >= MARGIN_MM - 0.01 && l.x_mm + l.width_mm <= PAGE_WIDTH_MM - MARGIN_MM + 0.01, "page {}: {l:?}", i + 1);
        }
    }
    // An empty dossier still renders, saying what is missing instead of printing nothing.
    let empty = LawyerDossier { statements: vec![], evidence: vec![], letters: vec![], chronology: vec![], clocks: vec![], constats: vec![], parties: vec![], summary: vec![], ..data };
    let dir = tempfile::tempdir().unwrap();
    let pdf = save(dir.path(), "vide.pdf", &render_dossier(&empty).unwrap());
    assert_contains_all("empty dossier", &text_of(&pdf, &[]), &["Aucun propos renseigné.", "Aucune pièce.", "Aucun courrier envoyé.", "Aucun constat au dossier.", "Page 1 / 1"]);
}
