//! Level 0 of the case workflow: is the review lawful criticism, or possibly illicit?
//!
//! An illicit qualification must quote each disputed statement **separately**, each with its
//! own grounds, because a formal letter or a summons has to name the exact words and one legal
//! qualification per statement. Only a judge decides; the app records the doctor's reading.

use serde::{Deserialize, Serialize};

use crate::validation::{clean, Invalid};

crate::named_enum! {
    /// Why a statement may be illicit (the guide's list, plus the two cases Google's own policy
    /// lets the doctor report: fake reviews and personal data about someone).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Ground {
        Insult = "insult" => "Injure",
        Defamation = "defamation" => "Diffamation",
        Incitement = "incitement" => "Incitation à la haine, à la discrimination ou à la violence",
        Disparagement = "disparagement" => "Dénigrement",
        Privacy = "privacy" => "Atteinte à la vie privée",
        DiscriminatoryRemarks = "discriminatory_remarks" => "Propos racistes, sexistes ou discriminants",
        FakeReview = "fake_review" => "Faux avis",
        PersonalData = "personal_data" => "Données personnelles d'un tiers",
    }
}

impl Ground {
    /// One plain sentence, shown beside the tick box in the wizard.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Insult => "Un mot méprisant ou grossier qui vous vise sans reprocher aucun fait précis (par exemple « charlatan »).",
            Self::Defamation => "L'affirmation d'un fait précis et vérifiable qui porte atteinte à votre honneur ou à votre considération.",
            Self::Incitement => "Un appel à rejeter, maltraiter ou exclure une personne ou un groupe, par exemple pour son origine, sa religion ou son sexe.",
            Self::Disparagement => "Un discrédit jeté sur la qualité de vos services sans base factuelle suffisante, sans attaquer votre personne.",
            Self::Privacy => "La révélation de faits personnels vous concernant, vous ou un proche : famille, domicile, santé.",
            Self::DiscriminatoryRemarks => "Des propos qui visent une personne à cause de son origine, de son sexe, de sa religion, de son handicap ou de son orientation.",
            Self::FakeReview => "Un avis qui ne repose sur aucune expérience réelle : concurrent, personne jamais reçue, avis acheté.",
            Self::PersonalData => "Des informations sur une autre personne, notamment de santé, publiées sans son accord.",
        }
    }
}

/// One disputed statement, quoted exactly as published, with its own grounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotedStatement {
    pub quote: String,
    pub grounds: Vec<Ground>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QualificationKind {
    Lawful,
    Illicit,
}

impl QualificationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Lawful => "lawful",
            Self::Illicit => "illicit",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "lawful" => Some(Self::Lawful),
            "illicit" => Some(Self::Illicit),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Qualification {
    /// Criticism within freedom of expression: reply or leave alone.
    Lawful,
    /// Possibly illicit: each disputed statement quoted separately with its grounds.
    Illicit { statements: Vec<QuotedStatement> },
}

impl Qualification {
    pub fn kind(&self) -> QualificationKind {
        match self {
            Qualification::Lawful => QualificationKind::Lawful,
            Qualification::Illicit { .. } => QualificationKind::Illicit,
        }
    }

    pub fn statements(&self) -> &[QuotedStatement] {
        match self {
            Qualification::Lawful => &[],
            Qualification::Illicit { statements } => statements,
        }
    }

    /// Every ground cited by at least one statement, in a stable order.
    pub fn grounds(&self) -> Vec<Ground> {
        let mut all: Vec<Ground> = self.statements().iter().flat_map(|s| s.grounds.iter().copied()).collect();
        all.sort();
        all.dedup();
        all
    }
}

/// Folds the variants people type or paste (typographic apostrophes and quotes, non-breaking
/// spaces, line breaks) so a quote copied from the page matches the stored text.
fn comparable(s: &str) -> String {
    let unified: String = s
        .chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            _ => c,
        })
        .collect();
    clean(&unified)
}

/// Validates a qualification against the review's text: an illicit one needs at least one
/// statement; each statement needs a quote that occurs in the text and at least one ground.
/// Returns it with quotes cleaned of surrounding and repeated white space.
pub fn validate_qualification(q: &Qualification, review_text: &str) -> Result<Qualification, Invalid> {
    let Qualification::Illicit { statements } = q else {
        return Ok(Qualification::Lawful);
    };
    let mut invalid = Invalid::new();
    if statements.is_empty() {
        invalid.push(
            "statements",
            "Citez au moins un propos contesté : chaque passage doit être cité séparément avec sa qualification.",
        );
    }
    let haystack = comparable(review_text);
    let mut cleaned = Vec::with_capacity(statements.len());
    for (i, st) in statements.iter().enumerate() {
        let n = i + 1;
        let quote = comparable(&st.quote);
        if quote.is_empty() {
            invalid.push(&format!("statements.{i}.quote"), format!("Propos n° {n} : la citation est vide."));
        } else if !haystack.contains(&quote) {
            invalid.push(
                &format!("statements.{i}.quote"),
                format!("Propos n° {n} : cette citation ne figure pas telle quelle dans le texte de l'avis. Copiez le passage exact."),
            );
        } else if cleaned.iter().any(|c: &QuotedStatement| c.quote == quote) {
            invalid.push(&format!("statements.{i}.quote"), format!("Propos n° {n} : ce passage est déjà cité."));
        }
        let mut grounds = st.grounds.clone();
        grounds.sort();
        grounds.dedup();
        if grounds.is_empty() {
            invalid.push(
                &format!("statements.{i}.grounds"),
                format!("Propos n° {n} : cochez au moins un motif (injure, diffamation, dénigrement…)."),
            );
        }
        cleaned.push(QuotedStatement { quote, grounds });
    }
    invalid.into_result(Qualification::Illicit { statements: cleaned })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Médecin incompétent et  arrogant. C\u{2019}est un escroc qui vole ses patients.";

    fn st(quote: &str, grounds: &[Ground]) -> QuotedStatement {
        QuotedStatement { quote: quote.into(), grounds: grounds.to_vec() }
    }

    #[test]
    fn quotes_must_occur_in_the_text() {
        let ok = Qualification::Illicit {
            statements: vec![
                st("C'est un escroc", &[Ground::Insult]),
                st("incompétent et arrogant", &[Ground::Disparagement, Ground::Insult]),
            ],
        };
        let v = validate_qualification(&ok, TEXT).unwrap();
        assert_eq!(v.grounds(), vec![Ground::Insult, Ground::Disparagement]);
        let bad = Qualification::Illicit { statements: vec![st("un voleur", &[Ground::Defamation])] };
        let err = validate_qualification(&bad, TEXT).unwrap_err();
        assert!(err.has("statements.0.quote"));
        assert!(err.to_string().contains("ne figure pas"), "{err}");
    }

    #[test]
    fn each_statement_needs_grounds_and_illicit_needs_statements() {
        let err = validate_qualification(&Qualification::Illicit { statements: vec![] }, TEXT).unwrap_err();
        assert!(err.has("statements"));
        let err = validate_qualification(
            &Qualification::Illicit { statements: vec![st("escroc", &[]), st("escroc", &[Ground::Insult])] },
            TEXT,
        )
        .unwrap_err();
        assert!(err.has("statements.0.grounds"));
        assert!(err.has("statements.1.quote"), "the same passage twice is refused");
        assert_eq!(validate_qualification(&Qualification::Lawful, TEXT), Ok(Qualification::Lawful));
    }

    #[test]
    fn every_ground_has_a_label_and_a_sentence() {
        for g in Ground::ALL {
            assert_eq!(Ground::parse(g.as_str()), Some(g));
            assert!(g.explanation().ends_with('.'));
            assert!(!g.label().is_empty());
        }
    }
}
