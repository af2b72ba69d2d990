//! Facts the application shows but has not checked against their official source: the CNIL's
//! postal address and complaint page, the CNIL's December 2025 position on reviews, the search
//! engines' dereferencing forms. Each carries the date it was last read and where, and
//! [`CheckedFact::caveat`] gives the visible « à vérifier » note that goes with it in the app
//! and on every document that prints it (domain brief, checklist J).
//!
//! When someone checks one of these on the official site, set `verified` and `checked_on` here:
//! the caveat then says « vérifié le … » instead.

use chrono::NaiveDate;
use serde::Serialize;

use super::text::french_date;

/// Date of the research behind the domain brief (28 November 2026).
pub const BRIEF_RESEARCH_DATE: (i32, u32, u32) = (2026, 11, 28);

fn brief_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(BRIEF_RESEARCH_DATE.0, BRIEF_RESEARCH_DATE.1, BRIEF_RESEARCH_DATE.2).expect("valid date")
}

/// A fact shown to the doctor, with how far it was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedFact {
    pub id: &'static str,
    /// What the fact is, in French ("Adresse postale de la CNIL").
    pub label: &'static str,
    /// The value as shown or printed.
    pub value: String,
    /// Read on the official source (true) or only on a secondary source / from memory (false).
    pub verified: bool,
    /// When it was last read; `None` = never read in any source.
    pub checked_on: Option<NaiveDate>,
    /// Where it was read, in French ("source secondaire", "reprise du communiqué"…).
    pub source: &'static str,
}

impl CheckedFact {
    /// The note printed next to the fact: « à vérifier … relevé le … » or « vérifié le … ».
    pub fn caveat(&self) -> String {
        match (self.verified, self.checked_on) {
            (true, Some(d)) => format!("vérifié le {}", french_date(d)),
            (false, Some(d)) => format!("à vérifier avant envoi — relevé le {} ({})", french_date(d), self.source),
            (_, None) => format!("à vérifier avant envoi — jamais vérifié ({})", self.source),
        }
    }
}

/// The CNIL's postal address for complaints, as found (domain brief §2.3, [S] older page).
pub const CNIL_POSTAL_LINES: [&str; 4] = ["CNIL", "3 place de Fontenoy", "TSA 80715", "75334 PARIS CEDEX 07"];

pub fn cnil_postal_address() -> CheckedFact {
    CheckedFact {
        id: "cnil_postal_address",
        label: "Adresse postale de la CNIL (réclamations)",
        value: CNIL_POSTAL_LINES.join(", "),
        verified: false,
        checked_on: Some(brief_date()),
        source: "page ancienne d'un site tiers, à contrôler sur cnil.fr",
    }
}

/// Where a complaint is filed online (domain brief §2.3, read on cnil.fr).
pub fn cnil_online_complaint() -> CheckedFact {
    CheckedFact {
        id: "cnil_online_complaint",
        label: "Dépôt d'une réclamation en ligne auprès de la CNIL",
        value: "https://www.cnil.fr/adresser-une-plainte".into(),
        verified: false,
        checked_on: Some(brief_date()),
        source: "page lue sur cnil.fr, adresse exacte du formulaire à confirmer",
    }
}

/// The CNIL's December 2025 position on reviews and directories (domain brief §2.4, read
/// through a mirror of the press release).
pub fn cnil_2025_position() -> CheckedFact {
    CheckedFact {
        id: "cnil_2025_position",
        label: "Position de la CNIL « Avis et notations en ligne : quels sont les droits des professionnels ? » (décembre 2025)",
        value: "https://www.cnil.fr/fr/avis-et-notations-en-ligne-quels-sont-les-droits-des-professionnels".into(),
        verified: false,
        checked_on: Some(brief_date()),
        source: "lue dans une reprise du communiqué, pas sur cnil.fr",
    }
}

/// A search engine that takes dereferencing requests through its own online form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchEngine {
    pub key: &'static str,
    pub name: &'static str,
    /// The form's title as the engine names it.
    pub form_title: CheckedFact,
    pub form_url: CheckedFact,
}

/// The engines the dereferencing step prompts for, one request each (domain brief §2.5: Google
/// and Bing have online forms; their addresses were not retrieved there).
pub fn search_engines() -> Vec<SearchEngine> {
    let fact = |id, label, value: &str, source| CheckedFact { id, label, value: value.into(), verified: false, checked_on: None, source };
    vec![
        SearchEngine {
            key: "google",
            name: "Google",
            form_title: fact(
                "google_form_title",
                "Titre du formulaire de Google",
                "Demande de suppression de données personnelles en vertu de la législation européenne",
                "intitulé cité par le dossier de recherche",
            ),
            form_url: fact("google_form_url", "Formulaire de Google", "https://reportcontent.google.com/forms/rtbf", "adresse non relevée dans une source"),
        },
        SearchEngine {
            key: "bing",
            name: "Bing",
            form_title: fact(
                "bing_form_title",
                "Titre du formulaire de Bing",
                "Demande de blocage des résultats de recherche en Europe",
                "intitulé cité par le dossier de recherche",
            ),
            form_url: fact("bing_form_url", "Formulaire de Bing", "https://www.bing.com/webmaster/tools/eu-privacy-request", "adresse non relevée dans une source"),
        },
    ]
}

/// Every unverified fact, for a « à vérifier » list in the app.
pub fn unverified_facts() -> Vec<CheckedFact> {
    let mut out = vec![cnil_postal_address(), cnil_online_complaint(), cnil_2025_position()];
    for e in search_engines() {
        out.push(e.form_title);
        out.push(e.form_url);
    }
    out.retain(|f| !f.verified);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unverified_facts_say_so_with_their_date() {
        let c = cnil_postal_address().caveat();
        assert!(c.starts_with("à vérifier") && c.contains("28 novembre 2026"), "{c}");
        let g = search_engines()[0].form_url.caveat();
        assert!(g.contains("à vérifier") && g.contains("jamais vérifié"), "{g}");
        let done = CheckedFact { verified: true, checked_on: Some(brief_date()), ..cnil_postal_address() };
        assert_eq!(done.caveat(), "vérifié le 28 novembre 2026");
        assert!(unverified_facts().len() >= 7);
        assert!(unverified_facts().iter().all(|f| f.caveat().contains("à vérifier")));
    }
}
