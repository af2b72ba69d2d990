//! Issue 9, point 1: a presence check that could not run (offline computer, site refusing
//! robots) is reported to the doctor but is not a fact about the listing: it stays out of the
//! history and out of every document. A check that ran may be cited.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;

use chrono::{TimeZone, Utc};
use erm_domain::listing::{self, Event, ListingInput, PresenceOutcome, PresenceProof, ReceiptBasis, RequestChannel};
use erm_domain::site::{self, Site, SiteInput};
use erm_documents::letters::{LayoutSettings, LetterData};
use erm_store::listings::{self as listings_store};
use erm_store::{practice, sites, Store};
use erm_usecases::letters::listing::{plan_with, ListingLetterKind, PlanExtras};
use erm_usecases::listings;
use fixtures::*;

const OFFLINE: &str = "Le site n'a pas pu être joint : l'ordinateur est peut-être hors ligne. Vérifiez votre connexion.";

fn proof(outcome: PresenceOutcome, detail: &str, status: Option<u16>) -> PresenceProof {
    PresenceProof {
        outcome,
        detail: detail.into(),
        http_status: status,
        final_url: None,
        checked_at: Utc.with_ymd_and_hms(2026, 10, 15, 9, 0, 0).unwrap(),
    }
}

/// A listing whose erasure request went unanswered: ready for a CNIL pack on 20 October 2026.
fn setup() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("erm.sqlite3")).unwrap();
    store.transaction(|tx| sites::seed_catalogue(tx)).unwrap();
    store.transaction(|tx| practice::save(tx, &doctor())).unwrap();
    let s = sites::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap();
    let mut input = SiteInput::from(&s);
    input.publisher_company = "Éditeur Exemple".into();
    input.publisher_legal_form = "SAS".into();
    input.publisher_office_lines = vec!["12 rue de la Paix".into(), "75002 Paris".into()];
    input.publisher_siren = "732829320".into();
    let edited = site::validate(&input, d(2026, 9, 1)).unwrap();
    let s = Site { id: s.id, builtin_key: s.builtin_key.clone(), ..edited };
    let sid = store.transaction(|tx| sites::save(tx, &s)).unwrap().id.unwrap();
    let data = listing::validate(
        &ListingInput { site_id: sid, url: "https://www.keskeces.com/medecin/dupre".into(), shows: vec![], found_on: "2026-09-01".into(), notes: String::new(), site_mismatch_ok: false, row_version: None },
        d(2026, 9, 1),
    )
    .unwrap();
    let lid = store.transaction(|tx| listings_store::create(tx, &data)).unwrap().id;
    let sent = Event::ErasureRequested { sent_on: d(2026, 9, 2), channel: RequestChannel::RegisteredLetter, letter_id: None, registered_number: Some("1A 123 456 7890 1".into()) };
    store.transaction(|tx| listings_store::record_event(tx, lid, &sent, "", d(2026, 9, 2))).unwrap();
    let ack = Event::ReceiptAcknowledged { acknowledged_on: d(2026, 9, 4), basis: ReceiptBasis::Acknowledged };
    store.transaction(|tx| listings_store::record_event(tx, lid, &ack, "", d(2026, 9, 4))).unwrap();
    (dir, store, lid)
}

fn cnil_events(store: &Store, lid: i64) -> Vec<String> {
    let extras = PlanExtras::default();
    let planned = plan_with(store, lid, ListingLetterKind::CnilComplaint, &extras, LayoutSettings::default(), d(2026, 10, 20)).unwrap();
    let LetterData::CnilComplaint(c) = &planned.stored.letter else { panic!("not a CNIL pack") };
    c.events.iter().map(|e| e.event.clone()).collect()
}

#[test]
fn a_check_that_could_not_run_is_reported_but_not_recorded() {
    let (_dir, mut store, lid) = setup();
    let before = listings::detail(&store, lid, d(2026, 10, 15)).unwrap().events.len();
    for (outcome, detail) in [
        (PresenceOutcome::Unreachable, OFFLINE),
        (PresenceOutcome::Inconclusive, "Le site refuse la vérification automatique (code 403). Ouvrez la fiche dans votre navigateur pour la vérifier."),
    ] {
        let report = listings::record_presence(&mut store, lid, proof(outcome, detail, None), d(2026, 10, 15)).unwrap();
        assert!(!report.recorded, "{outcome:?}");
        assert_eq!(report.detail, detail, "the caller still gets the message to show");
        assert_eq!(report.listing.events.len(), before, "history unchanged after {outcome:?}");
    }
    let stored = listings_store::events(store.conn(), lid).unwrap();
    assert!(stored.iter().all(|e| !matches!(e.event, Event::PresenceChecked { .. })), "nothing stored");
    let events = cnil_events(&store, lid);
    assert!(events.iter().all(|e| !e.contains("hors ligne") && !e.contains("connexion") && !e.contains("navigateur")), "{events:?}");
}

#[test]
fn a_check_that_ran_is_recorded_and_cited_as_a_fact() {
    let (_dir, mut store, lid) = setup();
    let report = listings::record_presence(&mut store, lid, proof(PresenceOutcome::Online, "La fiche est en ligne et votre nom y figure.", Some(200)), d(2026, 10, 15)).unwrap();
    assert!(report.recorded);
    assert!(report.listing.events.iter().any(|e| e.presence == Some(PresenceOutcome::Online)));
    let events = cnil_events(&store, lid);
    assert!(events.iter().any(|e| e == "Vérification de présence : la fiche était toujours en ligne"), "{events:?}");
    assert!(events.iter().all(|e| !e.contains("votre nom")), "a letter does not speak to its signer: {events:?}");
}

#[test]
fn failed_checks_recorded_by_earlier_versions_are_left_out_of_screen_and_letters() {
    let (_dir, mut store, lid) = setup();
    // Written directly, as versions before issue 9 did through record_presence.
    let old = Event::PresenceChecked { checked_on: d(2026, 10, 10), check: proof(PresenceOutcome::Unreachable, OFFLINE, None) };
    store.transaction(|tx| listings_store::record_event(tx, lid, &old, "", d(2026, 10, 10))).unwrap();
    let detail = listings::detail(&store, lid, d(2026, 10, 20)).unwrap();
    assert!(detail.events.iter().all(|e| e.presence.is_none()), "not shown");
    assert!(detail.events.iter().all(|e| e.proof.iter().all(|p| !p.contains("hors ligne"))));
    let events = cnil_events(&store, lid);
    assert!(events.iter().all(|e| !e.contains("hors ligne") && !e.contains("Vérification")), "{events:?}");
    // The pack as printed.
    let extras = PlanExtras::default();
    let planned = plan_with(&store, lid, ListingLetterKind::CnilComplaint, &extras, LayoutSettings::default(), d(2026, 10, 20)).unwrap();
    let pdf = planned.stored.render().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cnil.pdf");
    std::fs::write(&p, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").args([p.to_str().unwrap(), "-"]).output().expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Chronologie") && !text.contains("hors ligne") && !text.contains("connexion"), "{text}");
}
