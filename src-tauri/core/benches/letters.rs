//! Letter rendering cost, from stored data to PDF bytes (compose + layout + subset PDF):
//! a one-page erasure request and a five-page host notice. Aims: ≤ 20 ms and ≤ 60 ms.
//! The one-page PDF size (aim ≤ 40 KB) is printed before the timings.

use chrono::NaiveDate;
use erm_core::domain::address::PostalAddress;
use erm_core::domain::practice::{validate, Practitioner, PractitionerInput};
use erm_core::letters::*;

fn main() {
    let (one, five) = (one_page(), five_pages());
    for (name, data) in [("one page", &one), ("five pages", &five)] {
        let pdf = render(data);
        let pages = count_pages(data);
        println!("{name}: {pages} page(s), {} bytes ({:.1} KB)", pdf.len(), pdf.len() as f64 / 1024.0);
    }
    divan::main();
}

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn doctor() -> Practitioner {
    validate(&PractitionerInput {
        civility: "madame".into(),
        title: "docteur".into(),
        first_name: "Hélène".into(),
        last_name: "Dupré-Lefèvre".into(),
        specialty: "Médecine générale".into(),
        rpps: "10003456789".into(),
        address_lines: vec!["12 rue Cabanis".into()],
        postcode: "75014".into(),
        city: "Paris".into(),
        phone: "0140641470".into(),
        email: "cabinet@exemple.fr".into(),
        signature_city: String::new(),
        is_default: true,
    })
    .unwrap()
}

fn recipient() -> PostalAddress {
    PostalAddress::parse("recipient", &["Société Exemple Annuaire SAS", "À l'attention du DPO", "12 rue de la Paix", "75002 Paris"]).unwrap()
}

const URL: &str = "https://www.annuaire-exemple.fr/medecin-generaliste/paris-14/helene-dupre-lefevre-123456";

fn one_page() -> LetterData {
    LetterData::ErasureRequest(ErasureRequest {
        site_name: "Exemple Annuaire".into(),
        listing_urls: vec![URL.into()],
        data_shown: vec!["nom et prénom".into(), "adresse du cabinet".into(), "avis de patients et note moyenne".into()],
        found_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        shows_reviews: true,
    })
}

fn notice(paragraphs: usize) -> LetterData {
    let sentence = "Ce paragraphe décrit en détail le contenu en cause, son contexte et la raison pour laquelle il est illicite, afin que l'hébergeur puisse en juger sans examen juridique approfondi.";
    LetterData::HostNotice(HostNotice {
        host_name: "Hébergeur Exemple".into(),
        urls: vec![format!("{URL}#avis-42")],
        author_pseudonym: Some("Patient75".into()),
        published_on: NaiveDate::from_ymd_opt(2026, 11, 2),
        description: (0..paragraphs).map(|i| format!("{i}. {}", sentence.repeat(1 + i % 4))).collect::<Vec<_>>().join("\n\n"),
        quoted_words: "ce médecin falsifie ses ordonnances".into(),
        legal_grounds: vec!["Diffamation publique envers un particulier (art. 29 et 32 de la loi du 29 juillet 1881)".into()],
        factual_justification: "Aucune ordonnance n'a jamais été mise en cause.".into(),
        prior_contact: PriorContact::Sent { on: NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(), to: "l'éditeur du site".into() },
        attachments: vec!["Capture de l'avis du 5 novembre 2026".into()],
    })
}

fn count_pages(data: &LetterData) -> usize {
    let letter = compose(data, &doctor(), &recipient(), date(), &LetterOptions::default()).unwrap();
    layout(&letter, &LayoutSettings::default(), fonts().unwrap()).pages.len()
}

fn five_pages() -> LetterData {
    (20..80).map(notice).find(|d| count_pages(d) == 5).expect("a length that gives five pages")
}

fn render(data: &LetterData) -> Vec<u8> {
    render_letter(data, &doctor(), &recipient(), date(), &LetterOptions::default()).unwrap()
}

#[divan::bench]
fn one_page_letter(b: divan::Bencher) {
    let data = one_page();
    b.bench(|| render(divan::black_box(&data)));
}

#[divan::bench]
fn five_page_letter(b: divan::Bencher) {
    let data = five_pages();
    b.bench(|| render(divan::black_box(&data)));
}

#[divan::bench]
fn calibration_page() -> Vec<u8> {
    calibration_pdf(divan::black_box(&LayoutSettings::default()), date()).unwrap()
}
