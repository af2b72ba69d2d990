//! Issue 8, points 2, 4, 9, 13, 14 at the assembly level: the listing letters built by the use
//! cases from a real store (profile, catalogue site, history), rendered and read back.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;

use std::process::Command;

use erm_domain::listing::{self, ListingInput, ReceiptBasis};
use erm_domain::site::{self, SiteInput, PUBLISHER_ATTENTION_LINE};
use erm_documents::letters::{LayoutSettings, LetterData};
use erm_store::letters as letter_repo;
use erm_store::listings::{self as listings_store};
use erm_store::{practice, sites, Store};
use erm_usecases::letters::listing::{plan, plan_with, record, ListingLetterKind, PlanExtras};
use erm_usecases::Error;
use fixtures::*;

fn text(bytes: &[u8], name: &str) -> String {
    let dir = std::env::temp_dir().join("erm-usecase-letters");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("{name}.pdf"));
    std::fs::write(&p, bytes).unwrap();
    let out = Command::new("pdftotext").args([p.to_str().unwrap(), "-"]).output().expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn setup() -> (tempfile::TempDir, Store, i64, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("erm.sqlite3")).unwrap();
    store.transaction(|tx| sites::seed_catalogue(tx)).unwrap();
    store.transaction(|tx| practice::save(tx, &doctor())).unwrap();
    let mut s = sites::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap();
    let mut input = SiteInput::from(&s);
    input.publisher_company = "Éditeur Exemple".into();
    input.publisher_legal_form = "SAS".into();
    input.publisher_office_lines = vec!["12 rue de la Paix".into(), "75002 Paris".into()];
    let edited = site::validate(&input, d(2026, 11, 29)).unwrap();
    s = Site { id: s.id, builtin_key: s.builtin_key.clone(), ..edited };
    let sid = store.transaction(|tx| sites::save(tx, &s)).unwrap().id.unwrap();
    let data = listing::validate(
        &ListingInput { site_id: sid, url: "https://www.keskeces.com/medecin/dupre".into(), shows: vec!["reviews".into()], found_on: "2026-09-01".into(), notes: String::new(), site_mismatch_ok: false, row_version: None },
        d(2026, 9, 1),
    )
    .unwrap();
    let lid = store.transaction(|tx| listings_store::create(tx, &data)).unwrap().id;
    (dir, store, sid, lid)
}

use erm_domain::site::Site;

#[test]
fn the_listing_letters_carry_the_issue_8_fixes() {
    let (_dir, mut store, sid, lid) = setup();
    // Erasure letter: addressed to the controller (or its DPO), not to a DPO only.
    let planned = plan(&store, lid, ListingLetterKind::ErasureRequest, None, LayoutSettings::default(), d(2026, 9, 2)).unwrap();
    assert_eq!(planned.stored.recipient[1], PUBLISHER_ATTENTION_LINE);
    let file = record(&mut store, &planned).unwrap();
    store.transaction(|tx| letter_repo::mark_sent(tx, file.row.id, d(2026, 9, 2), Some("1A 123 456 7890 1"), d(2026, 9, 2))).unwrap();
    // Returned unclaimed: presented on 4 September, the clock runs from there (point 9).
    store.transaction(|tx| letter_repo::mark_received(tx, file.row.id, d(2026, 9, 4), ReceiptBasis::ReturnedUnclaimed, d(2026, 9, 20))).unwrap();

    // CNIL pack after the deadline: refused without a SIREN (point 13), then made.
    let today = d(2026, 10, 20);
    let Err(err) = plan(&store, lid, ListingLetterKind::CnilComplaint, None, LayoutSettings::default(), today) else {
        panic!("a CNIL pack without SIREN nor reason must be refused")
    };
    assert!(matches!(&err, Error::Invalid(inv) if inv.has("siren")) || err.to_string().contains("SIREN"), "{err}");
    let extras = PlanExtras { siren_missing_reason: Some("absent des mentions légales du site".into()), ..Default::default() };
    let with_reason = plan_with(&store, lid, ListingLetterKind::CnilComplaint, &extras, LayoutSettings::default(), today).unwrap();
    assert!(text(&with_reason.stored.render().unwrap(), "cnil-reason").contains("non trouvé — absent des mentions légales du site"));
    let mut s = sites::get(store.conn(), sid).unwrap();
    s.publisher.siren = "732829320".into();
    store.transaction(|tx| sites::save(tx, &s)).unwrap();
    let planned = plan(&store, lid, ListingLetterKind::CnilComplaint, None, LayoutSettings::default(), today).unwrap();
    let LetterData::CnilComplaint(c) = &planned.stored.letter else { panic!() };
    assert_eq!(c.received_basis, ReceiptBasis::ReturnedUnclaimed);
    assert!(c.evidence.request_copy && c.evidence.sending_proof && c.evidence.receipt_proof);
    let t = text(&planned.stored.render().unwrap(), "cnil");
    assert!(t.contains("retournée « pli avisé et non réclamé »"), "{t}");
    assert!(t.contains("a expiré le 5 octobre 2026"), "deadline from first presentation, moved to Monday: {t}");
    assert!(t.contains("https://www.cnil.fr/adresser-une-plainte") && t.contains("à vérifier avant envoi"), "{t}");

    // Dereferencing (points 2 and 14): a copy for the file per engine, with its form.
    for engine in ["Google", "Bing"] {
        let planned = plan(&store, lid, ListingLetterKind::DereferencingRequest, Some(engine), LayoutSettings::default(), today).unwrap();
        let LetterData::DereferencingRequest(r) = &planned.stored.letter else { panic!() };
        assert!(!r.by_post && r.form_url.is_some(), "{engine}");
        let t = text(&planned.stored.render().unwrap(), engine);
        assert!(t.contains("Copie pour le dossier") && !t.contains("Madame, Monsieur"), "{t}");
    }
}

/// Issue 9, point 6: once the erasure letter is written, a second one is an explicit choice
/// that says what becomes of the first; the screen's action says so too.
#[test]
fn a_second_erasure_letter_is_an_explicit_new_version() {
    let (_dir, mut store, _sid, lid) = setup();
    let today = d(2026, 9, 2);
    let first = plan(&store, lid, ListingLetterKind::ErasureRequest, None, LayoutSettings::default(), today).unwrap();
    record(&mut store, &first).unwrap();

    let again = plan(&store, lid, ListingLetterKind::ErasureRequest, None, LayoutSettings::default(), today);
    match again {
        Err(Error::Refused(m)) => assert!(m.contains("attend déjà d'être postée") && m.contains("Courriers"), "{m}"),
        other => panic!("a duplicate must be refused without the doctor's choice: {:?}", other.map(|_| ())),
    }
    let detail = erm_usecases::listings::detail(&store, lid, today).unwrap();
    let action = detail.row.view.next_actions.iter().find(|a| a.kind == listing::ActionKind::GenerateErasureLetter).unwrap();
    assert_eq!(action.label, "Rédiger une nouvelle version de la demande");
    assert!(action.caveats[0].contains("ne la remplace pas"), "{:?}", action.caveats);

    let extras = PlanExtras { new_version: true, ..Default::default() };
    let second = plan_with(&store, lid, ListingLetterKind::ErasureRequest, &extras, LayoutSettings::default(), today).unwrap();
    record(&mut store, &second).unwrap();
    assert_eq!(letter_repo::for_listing(store.conn(), lid).unwrap().len(), 2, "both versions kept in the register");
}
