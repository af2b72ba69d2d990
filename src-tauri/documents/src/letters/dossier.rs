//! The lawyer's dossier: a plain multi-page A4 document (no window, no salutation) that sums a
//! case up for a lawyer — parties, statements and their possible qualifications, first
//! publication, chronology, legal clocks, letters sent, evidence with SHA-256 digests, constats.
//!
//! Built from [`LawyerDossier`], a self-contained struct of plain, already-worded data (the use
//! case fills it from the case), and set with the letters' fonts, line breaking and page engine:
//! long URLs and digests wrap inside the margins, headings stay with what follows, every page
//! says « Page n / N ». The output is deterministic like a letter's (same data, same bytes).

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::fonts::{fonts, printable, FontStyle, Metrics};
use super::layout::wrap_lines;
use super::model::french_date;
use super::page::*;
use super::paginate::{fit_line, paginate, Chunk};
use super::pdf::write_pdf;
use super::wrap::wrap_v2;
use crate::DocumentError;

/// Printed at the top of every dossier and, shortened, at the foot of every page.
pub const JUDGE_ONLY: &str = "Seul un juge peut dire si les propos en cause sont illicites. E-Réputation Médecin aide à informer et à organiser le dossier ; il ne donne pas de conseil juridique. Les qualifications et fondements ci-dessous sont des pistes à examiner par l'avocat.";
const FOOTER: &str = "Document d'information préparé avec E-Réputation Médecin — pas un conseil juridique ; seul un juge décide.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LawyerDossier {
    pub title: String,
    pub generated_on: NaiveDate,
    pub doctor: DossierDoctor,
    /// Paragraphs of the summary.
    pub summary: Vec<String>,
    pub parties: Vec<DossierParty>,
    pub statements: Vec<DossierStatement>,
    pub publication: DossierPublication,
    pub chronology: Vec<DossierEvent>,
    pub clocks: Vec<DossierClock>,
    pub letters: Vec<DossierLetter>,
    pub evidence: Vec<DossierEvidence>,
    /// Constats by a commissaire de justice, one line each (date, officer, reference).
    pub constats: Vec<String>,
    pub disclaimer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierDoctor {
    pub name: String,
    pub specialty: String,
    pub address_lines: Vec<String>,
    pub email: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierParty {
    /// « Auteur des propos », « Éditeur du site », « Hébergeur »…
    pub role: String,
    pub name: String,
    /// False when the name is a pseudonym or a guess: printed as « identité non établie ».
    pub known: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierStatement {
    pub quote: String,
    pub qualifications: Vec<String>,
    pub legal_basis: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierPublication {
    /// « Première mise en ligne : 2 novembre 2026, date affichée sous l'avis »…
    pub text: String,
    pub approximate: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierEvent {
    pub date: NaiveDate,
    pub label: String,
    /// What proves it (« avis de réception », « pièce n° 3 »), when anything does.
    pub proof: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierClock {
    pub label: String,
    /// Where it runs from (« première mise en ligne le … »).
    pub basis: String,
    pub lapses_on: NaiveDate,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierLetter {
    pub kind: String,
    pub created_on: NaiveDate,
    pub sent_on: Option<NaiveDate>,
    pub registered_number: Option<String>,
    pub acknowledged_on: Option<NaiveDate>,
    pub file_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierEvidence {
    pub number: u32,
    pub file_name: String,
    pub kind: String,
    pub url: Option<String>,
    pub captured_at: NaiveDateTime,
    pub visible_date: Option<String>,
    /// The digest recorded when the piece was taken.
    pub sha256: String,
    pub size_bytes: u64,
    /// The digest of the file packed, when it no longer matches the recorded one (the doctor
    /// chose to include it anyway): the piece is then marked as modified, both digests given.
    #[serde(default)]
    pub modified_sha256: Option<String>,
}

/// The PDF of the dossier.
pub fn render_dossier(d: &LawyerDossier) -> Result<Vec<u8>, DocumentError> {
    let placed = dossier_layout(d, fonts()?);
    write_pdf(&placed, d.generated_on, &d.doctor.name)
}

/// « 1 234 567 octets », with narrow no-break spaces between thousands.
pub fn byte_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    format!("{out} octet{}", if n > 1 { "s" } else { "" })
}

fn or_none(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The dossier placed on pages (public so that tests can check the geometry without a PDF).
pub fn dossier_layout(d: &LawyerDossier, m: &dyn Metrics) -> LetterLayout {
    let mut b = Builder { m, chunks: Vec::new() };
    b.title(&d.title);
    b.para_styled(&format!("Dossier préparé le {} à l'intention d'un avocat", french_date(d.generated_on)), FontStyle::Regular, 1.0);
    let mut who = vec![d.doctor.name.clone(), d.doctor.specialty.clone()];
    who.extend(d.doctor.address_lines.iter().cloned());
    who.push(format!("Tél.\u{a0}: {} — {}", d.doctor.phone, d.doctor.email));
    b.para_styled(&who.join("\n"), FontStyle::Regular, 3.0);
    b.para_styled(JUDGE_ONLY, FontStyle::Bold, 4.0);

    b.heading("1. Résumé");
    b.paras(&d.summary);

    b.heading("2. Parties");
    if d.parties.is_empty() {
        b.para("Aucune partie renseignée.");
    }
    for p in &d.parties {
        let known = if p.known { "" } else { " (identité non établie)" };
        b.item(&format!("{}\u{a0}: {}{known}", p.role, p.name));
    }

    b.heading("3. Propos en cause");
    if d.statements.is_empty() {
        b.para("Aucun propos renseigné.");
    }
    for (i, s) in d.statements.iter().enumerate() {
        let mut t = format!("Propos n°\u{a0}{}\u{a0}: «\u{a0}{}\u{a0}»", i + 1, s.quote.trim());
        if !s.qualifications.is_empty() {
            t += &format!("\nQualification(s) envisageable(s)\u{a0}: {}", s.qualifications.join(" ; "));
        }
        if !s.legal_basis.is_empty() {
            t += &format!("\nFondement(s)\u{a0}: {}", s.legal_basis.join(" ; "));
        }
        b.item(&t);
    }

    b.heading("4. Première mise en ligne");
    let approx = if d.publication.approximate { " (date approximative : la date affichée sous le contenu et la plus ancienne capture aident à la préciser ; un constat n'établit que la présence du contenu le jour où il est dressé)" } else { "" };
    b.para(&format!("{}{approx}", d.publication.text.trim()));

    b.heading("5. Chronologie");
    if d.chronology.is_empty() {
        b.para("Aucun événement enregistré.");
    }
    for e in &d.chronology {
        let mut t = format!("{} — {}", french_date(e.date), e.label);
        if let Some(p) = or_none(&e.proof) {
            t += &format!("\nPreuve\u{a0}: {p}");
        }
        b.item(&t);
    }

    b.heading("6. Délais");
    if d.clocks.is_empty() {
        b.para("Aucun délai calculé.");
    }
    for c in &d.clocks {
        let mut t = format!("{}\u{a0}: expire le {}\nPoint de départ\u{a0}: {}", c.label, french_date(c.lapses_on), c.basis);
        if let Some(n) = or_none(&c.note) {
            t += &format!("\n{n}");
        }
        b.item(&t);
    }

    b.heading("7. Courriers");
    if d.letters.is_empty() {
        b.para("Aucun courrier envoyé.");
    }
    for l in &d.letters {
        let mut t = format!("{} — préparé le {}", l.kind, french_date(l.created_on));
        match l.sent_on {
            Some(s) => t += &format!("\nEnvoyé le {}", french_date(s)),
            None => t += "\nNon envoyé",
        }
        if let Some(n) = or_none(&l.registered_number) {
            t += &format!(" — recommandé n°\u{a0}{n}");
        }
        if let Some(a) = l.acknowledged_on {
            t += &format!("\nAvis de réception du {}", french_date(a));
        }
        t += &format!("\nFichier\u{a0}: {}", l.file_name);
        b.item(&t);
    }

    b.heading("8. Pièces (preuves conservées)");
    if d.evidence.is_empty() {
        b.para("Aucune pièce.");
    } else {
        b.para("Chaque fichier est identifié par son empreinte SHA-256, calculée lors de son enregistrement : la moindre modification du fichier donnerait une autre empreinte. L'archive jointe contient les fichiers et la liste MANIFEST-SHA256.txt pour le vérifier.");
        if d.evidence.iter().any(|e| e.modified_sha256.is_some()) {
            b.para("Certaines pièces ne correspondent plus à l'empreinte enregistrée lors de leur prise : elles sont signalées ci-dessous, et la vérification de l'archive les signale comme altérées.");
        }
    }
    for e in &d.evidence {
        let mut t = format!("Pièce n°\u{a0}{} — {} ({})", e.number, e.file_name, e.kind);
        if let Some(u) = or_none(&e.url) {
            t += &format!("\nAdresse\u{a0}: {u}");
        }
        t += &format!("\nCapturée le {} à {}", french_date(e.captured_at.date()), e.captured_at.format("%H:%M:%S"));
        if let Some(v) = or_none(&e.visible_date) {
            t += &format!("\nDate visible sur la page\u{a0}: {v}");
        }
        t += &format!("\nTaille\u{a0}: {}\nSHA-256\u{a0}: {}", byte_count(e.size_bytes), e.sha256);
        if let Some(actual) = &e.modified_sha256 {
            t += &format!(
                "\nATTENTION\u{a0}: pièce {} — le fichier joint a pour empreinte {actual}, différente de celle enregistrée ci-dessus. Il ne peut pas être présenté comme la pièce d'origine.",
                crate::export::archive::MODIFIED_MARK
            );
        }
        b.item(&t);
    }

    b.heading("9. Constats de commissaire de justice");
    if d.constats.is_empty() {
        b.para("Aucun constat au dossier. Un constat dressé selon la norme NF Z67-147 a une force probante supérieure aux captures et reste conseillé avant toute action.");
    }
    for c in &d.constats {
        b.item(c);
    }

    b.heading("Avertissement");
    b.para(&d.disclaimer);
    b.para(JUDGE_ONLY);

    let mut pages = paginate(PageLayout::default(), &b.chunks, FIRST_PAGE_TOP_MM, m);
    finish(&mut pages, d, m);
    LetterLayout { title: d.title.clone(), pages }
}

struct Builder<'m> {
    m: &'m dyn Metrics,
    chunks: Vec<Chunk>,
}

const GAP: f32 = 0.45 * 10.5 * 1.2 * PT_MM;

impl Builder<'_> {
    fn chunk(&mut self, role: Role, text: &str, style: FontStyle, size: f32, space_before: f32, indent: f32) -> &mut Chunk {
        let lines = wrap_lines(wrap_v2, self.m, text, style, size, TEXT_WIDTH_MM - indent, MARGIN_MM + indent);
        self.chunks.push(Chunk {
            role,
            lines,
            size,
            space_before,
            gap_top: 0.0,
            splittable: true,
            keep_with_next: false,
            align_right: false,
            aside: Vec::new(),
        });
        self.chunks.last_mut().expect("just pushed")
    }

    fn title(&mut self, text: &str) {
        let c = self.chunk(Role::Object, text, FontStyle::Bold, 15.0, 0.0, 0.0);
        c.splittable = false;
    }

    fn heading(&mut self, text: &str) {
        let c = self.chunk(Role::Heading, text, FontStyle::Bold, 12.0, 2.5 * GAP, 0.0);
        c.keep_with_next = true;
        c.splittable = false;
    }

    fn para_styled(&mut self, text: &str, style: FontStyle, space_before: f32) {
        self.chunk(Role::Body, text, style, BODY_PT, space_before, 0.0);
    }

    fn para(&mut self, text: &str) {
        self.para_styled(text, FontStyle::Regular, GAP);
    }

    fn paras(&mut self, texts: &[String]) {
        if texts.iter().all(|t| t.trim().is_empty()) {
            self.para("Aucun résumé rédigé.");
        }
        for t in texts.iter().filter(|t| !t.trim().is_empty()) {
            self.para(t);
        }
    }

    fn item(&mut self, text: &str) {
        let m = self.m;
        let c = self.chunk(Role::Item, text, FontStyle::Regular, BODY_PT, 0.6 * GAP, ITEM_INDENT_MM);
        if let Some(first) = c.lines.first_mut() {
            first.1.insert_str(0, "–\u{a0}");
            first.0 -= m.width_mm("–\u{a0}", FontStyle::Regular, BODY_PT);
        }
    }
}

/// Running header on later pages, « Page n / N » and the short notice at the foot of each page.
fn finish(pages: &mut [PageLayout], d: &LawyerDossier, m: &dyn Metrics) {
    let total = pages.len();
    let small = 7.5;
    let header = printable(m, &format!("{} — dossier du {}", d.title, french_date(d.generated_on)), FontStyle::Regular).replace('\n', " ");
    for (i, page) in pages.iter_mut().enumerate() {
        if i > 0 {
            let mut l = fixed(m, Role::Header, fit_line(m, &header, 9.0, TEXT_WIDTH_MM), MARGIN_MM, HEADER_BASELINE_MM, 9.0, FontStyle::Regular);
            l.grey = true;
            page.lines.push(l);
            page.strokes.push(Stroke::Line { x1: MARGIN_MM, y1: HEADER_BASELINE_MM + 2.5, x2: PAGE_WIDTH_MM - MARGIN_MM, y2: HEADER_BASELINE_MM + 2.5 });
        }
        let number = format!("Page {} / {}", i + 1, total);
        let w = m.width_mm(&number, FontStyle::Regular, 9.0);
        page.lines.push(fixed(m, Role::PageNumber, number, PAGE_WIDTH_MM - MARGIN_MM - w, FOOTER_BASELINE_MM, 9.0, FontStyle::Regular));
        let note = fit_line(m, FOOTER, small, TEXT_WIDTH_MM - w - 5.0);
        let mut l = fixed(m, Role::Footer, note, MARGIN_MM, FOOTER_BASELINE_MM, small, FontStyle::Regular);
        l.grey = true;
        page.lines.push(l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_group_thousands() {
        assert_eq!(byte_count(1), "1 octet");
        assert_eq!(byte_count(999), "999 octets");
        assert_eq!(byte_count(1_234_567), "1\u{202f}234\u{202f}567 octets");
    }
}
