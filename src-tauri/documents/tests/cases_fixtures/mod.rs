//! Fixtures of the case documents (the lawyer's dossier, a heavy host notice), shared by the
//! tests and by `benches/cases.rs` so that the bench measures what the tests check.
#![allow(dead_code)] // each test crate uses its own subset

use chrono::{NaiveDate, NaiveDateTime};
use erm_documents::letters::dossier::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A digest that looks real and differs per piece.
pub fn digest(i: u32) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(format!("pièce {i}").as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

pub const LONG_URL: &str = "https://www.plateforme-avis-exemple.fr/etablissements/sante/medecins-generalistes/paris-14e-arrondissement/cabinet-du-docteur-helene-dupre-lefevre-12-rue-cabanis/avis?page=3&tri=plus-recents&filtre=une-etoile#avis-987654321";

pub fn statement(i: u32) -> String {
    format!("propos n° {i} : ce médecin falsifie ses ordonnances et maltraite ses patients, fuyez")
}

pub fn dossier(statements: u32, evidence: u32) -> LawyerDossier {
    LawyerDossier {
        title: "Dossier — avis du 2 novembre 2026 sur Exemple Avis".into(),
        generated_on: d(2026, 12, 1),
        doctor: DossierDoctor {
            name: "Dr Hélène DUPRÉ-LEFÈVRE".into(),
            specialty: "Médecine générale".into(),
            address_lines: vec!["12 RUE CABANIS".into(), "75014 PARIS".into()],
            email: "cabinet@exemple.fr".into(),
            phone: "01 40 64 14 70".into(),
        },
        summary: vec![
            "Un avis publié le 2 novembre 2026 accuse le docteur de falsifier ses ordonnances.".into(),
            "La plateforme a été notifiée le 6 novembre 2026 ; l'éditeur a été mis en demeure le 10 novembre 2026.".into(),
        ],
        parties: vec![
            DossierParty { role: "Auteur des propos".into(), name: "Patient75 (pseudonyme)".into(), known: false },
            DossierParty { role: "Éditeur du site".into(), name: "Exemple Avis SAS".into(), known: true },
            DossierParty { role: "Hébergeur".into(), name: "Hébergeur Exemple SA".into(), known: true },
        ],
        statements: (1..=statements)
            .map(|i| DossierStatement {
                quote: statement(i),
                qualifications: vec!["diffamation publique envers un particulier".into(), "injure publique".into()],
                legal_basis: vec!["Loi du 29 juillet 1881, art. 29, 32 et 33".into(), "Code civil, art. 1240".into()],
            })
            .collect(),
        publication: DossierPublication { text: "Première mise en ligne le 2 novembre 2026 (date affichée sous l'avis).".into(), approximate: true },
        chronology: vec![
            DossierEvent { date: d(2026, 11, 2), label: "Publication de l'avis".into(), proof: Some("pièce n° 1".into()) },
            DossierEvent { date: d(2026, 11, 6), label: "Notification à l'hébergeur".into(), proof: Some("accusé du formulaire NOTIF-2026-042".into()) },
            DossierEvent { date: d(2026, 11, 10), label: "Mise en demeure de l'éditeur".into(), proof: None },
        ],
        clocks: vec![DossierClock {
            label: "Prescription de l'action en diffamation (3 mois)".into(),
            basis: "première mise en ligne le 2 novembre 2026".into(),
            lapses_on: d(2027, 2, 2),
            note: Some("Seul un acte de poursuite l'interrompt.".into()),
        }],
        letters: vec![DossierLetter {
            kind: "Mise en demeure".into(),
            created_on: d(2026, 11, 9),
            sent_on: Some(d(2026, 11, 10)),
            registered_number: Some("1A 234 567 8901 2".into()),
            acknowledged_on: Some(d(2026, 11, 12)),
            file_name: "courriers/2026-11-10-mise-en-demeure.pdf".into(),
        }],
        evidence: (1..=evidence)
            .map(|i| DossierEvidence {
                number: i,
                file_name: format!("preuves/{i:02}-capture-avis-plein-ecran-avec-adresse-et-date-visibles.png"),
                kind: "copie d'écran".into(),
                url: Some(LONG_URL.into()),
                captured_at: NaiveDateTime::parse_from_str("2026-11-05 14:03:27", "%Y-%m-%d %H:%M:%S").unwrap(),
                visible_date: Some("il y a 3 jours".into()),
                sha256: digest(i),
                size_bytes: 1_234_567 + u64::from(i),
                modified_sha256: None,
            })
            .collect(),
        constats: vec!["Constat de Me Exemple, commissaire de justice, du 12 novembre 2026 (réf. 2026-CJ-77)".into()],
        disclaimer: "Ce dossier rassemble les éléments saisis par le médecin ; il ne remplace pas l'analyse d'un avocat.".into(),
    }
}
