//! Shared fixtures of the letter tests: a validated practitioner, a publisher's address and one
//! complete data set per letter kind.
#![allow(dead_code)] // each test crate uses its own subset

use chrono::{NaiveDate, NaiveDateTime};
use erm_domain::address::PostalAddress;
use erm_domain::practice::{validate, Practitioner, PractitionerInput};
use erm_domain::listing::{ReceiptBasis, RequestChannel};
use erm_documents::letters::*;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn doctor() -> Practitioner {
    validate(&doctor_input()).unwrap()
}

/// The profile form of [`doctor`], for tests that change one field of it.
pub fn doctor_input() -> PractitionerInput {
    PractitionerInput {
        civility: "madame".into(),
        title: "docteur".into(),
        first_name: "Hélène".into(),
        last_name: "Dupré-Lefèvre".into(),
        specialty: "Médecine générale".into(),
        designation: String::new(),
        rpps: "10003456789".into(),
        address_lines: vec!["12 rue Cabanis".into()],
        postcode: "75014".into(),
        city: "Paris".into(),
        phone: "0140641470".into(),
        email: "cabinet@exemple.fr".into(),
        signature_city: String::new(),
        is_default: true,
        row_version: None,
    }
}

pub fn publisher() -> PostalAddress {
    PostalAddress::parse("recipient", &["Société Exemple Annuaire SAS", "Au responsable du traitement (ou DPO)", "12 rue de la Paix", "75002 Paris"]).unwrap()
}

pub const URL: &str = "https://www.annuaire-exemple.fr/medecin-generaliste/paris-14/helene-dupre-lefevre-123456";

pub fn erasure() -> LetterData {
    LetterData::ErasureRequest(ErasureRequest {
        site_name: "Exemple Annuaire".into(),
        listing_urls: vec![URL.into()],
        data_shown: vec!["nom et prénom".into(), "adresse du cabinet".into(), "avis de patients et note moyenne".into()],
        found_on: d(2026, 11, 20),
        shows_reviews: true,
        copy_sent: None,
        not_informed: true,
    })
}

pub fn cnil() -> LetterData {
    LetterData::CnilComplaint(CnilComplaint {
        organisation: "Exemple Annuaire SAS".into(),
        siren: Some("732 829 320".into()),
        organisation_address: vec!["12 rue de la Paix".into(), "75002 PARIS".into()],
        site_name: "Exemple Annuaire".into(),
        listing_urls: vec![URL.into()],
        request_sent_on: d(2026, 10, 1),
        received_on: Some(d(2026, 10, 3)),
        registered_number: Some("1A 234 567 8901 2".into()),
        deadline: d(2026, 11, 3),
        outcome: RequestOutcome::NoAnswer,
        outcome_detail: None,
        events: vec![ChronologyEntry { date: d(2026, 11, 10), event: "La fiche est toujours en ligne (vérification)".into() }],
        attachments: vec![
            "Copie de la demande du 1er octobre 2026".into(),
            "Avis de réception du 3 octobre 2026".into(),
            "Copies d'écran de la fiche".into(),
        ],
        siren_missing_reason: None,
        request_channel: Some(RequestChannel::RegisteredLetter),
        received_basis: ReceiptBasis::Acknowledged,
        outcome_on: None,
        evidence: RequestEvidence { request_copy: true, sending_proof: true, receipt_proof: true },
    })
}

pub fn dereferencing() -> LetterData {
    LetterData::DereferencingRequest(DereferencingRequest {
        engine_name: "Moteur Exemple".into(),
        urls: vec![URL.into()],
        searched_name: "Hélène Dupré-Lefèvre".into(),
        erasure_requested_on: Some(d(2026, 12, 1)),
        extra_grounds: vec![],
        attachments: vec!["Copie d'une pièce d'identité".into()],
        by_post: false,
        form_url: Some("https://moteur.exemple/formulaire-dereferencement".into()),
        form_checked_on: None,
    })
}

pub fn host_notice() -> LetterData {
    LetterData::HostNotice(HostNotice {
        host_name: "Hébergeur Exemple".into(),
        urls: vec![format!("{URL}#avis-42")],
        author_pseudonym: Some("Patient75".into()),
        published_on: Some(d(2026, 11, 2)),
        description: "Un avis publié sous la fiche m'accuse d'un fait précis et faux.".into(),
        quoted_words: "ce médecin falsifie ses ordonnances".into(),
        statements: vec![],
        legal_grounds: vec!["Diffamation publique envers un particulier (art. 29 et 32 de la loi du 29 juillet 1881)".into()],
        factual_justification: "Aucune ordonnance n'a jamais été mise en cause ; l'allégation porte atteinte à mon honneur.".into(),
        prior_contact: PriorContact::Sent { on: d(2026, 11, 5), to: "l'éditeur du site".into() },
        attachments: vec!["Capture de l'avis du 5 novembre 2026".into()],
        electronic_notice: Some(ElectronicNotice::Used { on: d(2026, 11, 6), reference: Some("NOTIF-2026-042".into()) }),
        false_notice_acknowledged: true,
    })
}

pub fn formal_notice() -> LetterData {
    LetterData::FormalNotice(FormalNotice {
        facts: vec![ContentFact {
            url: format!("{URL}#avis-42"),
            published_on: Some(d(2026, 11, 2)),
            quoted_words: "ce médecin falsifie ses ordonnances".into(),
            qualification: "propos diffamatoires (art. 29 de la loi du 29 juillet 1881)".into(),
        }],
        legal_basis: vec!["Articles 29 et 32 de la loi du 29 juillet 1881".into(), "Article 1240 du code civil".into()],
        demand: "retirer l'avis cité ci-dessus".into(),
        deadline_days: 15,
        exhibits: vec!["Capture de l'avis du 5 novembre 2026".into()],
        recipient_role: Some(NoticeRecipient::Publisher),
        press_clock_acknowledged: true,
    })
}

pub const DIGEST: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

pub fn inventory() -> LetterData {
    LetterData::EvidenceInventory(EvidenceInventory {
        case_title: "Avis du 2 novembre 2026".into(),
        captures: vec![Capture {
            file_name: "capture-avis-42.png".into(),
            url: format!("{URL}#avis-42"),
            captured_at: NaiveDateTime::parse_from_str("2026-11-05 14:03:27", "%Y-%m-%d %H:%M:%S").unwrap(),
            sha256: DIGEST.into(),
            note: Some("Capture pleine page".into()),
        }],
    })
}

pub fn all_kinds() -> Vec<LetterData> {
    vec![erasure(), cnil(), dereferencing(), host_notice(), formal_notice(), inventory()]
}

pub const DATE: (i32, u32, u32) = (2026, 12, 1);

pub fn render(data: &LetterData, options: &LetterOptions) -> Vec<u8> {
    render_letter(data, &doctor(), &publisher(), d(DATE.0, DATE.1, DATE.2), options).unwrap()
}

pub fn long_letter(paragraphs: usize) -> LetterData {
    let LetterData::HostNotice(mut n) = host_notice() else { unreachable!() };
    let sentence = "Ce paragraphe décrit en détail le contenu en cause, son contexte et la raison pour laquelle il est illicite, afin que l'hébergeur puisse en juger sans examen juridique approfondi.";
    n.description = (0..paragraphs).map(|i| format!("{i}. {}", sentence.repeat(1 + i % 4))).collect::<Vec<_>>().join("\n\n");
    LetterData::HostNotice(n)
}
