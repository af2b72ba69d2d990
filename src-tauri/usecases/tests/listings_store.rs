//! Sites, listings, events and letters against a real SQLite file: seeding, re-opening, the
//! state machine through the store, letters moving their listing, and refused steps that must
//! leave nothing written.

use erm_store::StoreError;
use chrono::NaiveDate;
use erm_domain::listing::{self, ActionKind, Event, ListingInput, RequestChannel, Status};
use erm_domain::site::{self, SiteInput};
use erm_documents::letters::LetterKind;
use erm_store::letters::{self, NewLetter};
use erm_store::listings::{self as listings_store};
use erm_store::{sites, Store};
use erm_usecases::Error;
use serde_json::json;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn open(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::open(&dir.path().join("erm.sqlite3")).unwrap();
    store.transaction(|tx| sites::seed_catalogue(tx)).unwrap();
    store
}

fn site_id(store: &Store, domain: &str) -> i64 {
    sites::find_by_domain(store.conn(), domain).unwrap().unwrap().id.unwrap()
}

fn add_listing(store: &mut Store, domain: &str, url: &str) -> i64 {
    let input = ListingInput {
        site_id: site_id(store, domain),
        url: url.into(),
        shows: vec!["reviews".into(), "rating".into()],
        found_on: "2026-01-05".into(),
        notes: String::new(),
        site_mismatch_ok: false,
    row_version: None,
    };
    let data = listing::validate(&input, d(2026, 1, 5)).unwrap();
    store.transaction(|tx| listings_store::create(tx, &data)).unwrap().id
}

fn count(store: &Store, table: &str) -> i64 {
    store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

#[test]
fn catalogue_is_seeded_once_and_edits_survive_reseeding_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let mut store = open(&dir);
        let all = sites::list(store.conn()).unwrap();
        assert_eq!(all.len(), site::catalogue().len());
        assert!(all.iter().all(|s| s.builtin_key.is_some() && s.verified_on.is_none()));
        assert_eq!(store.transaction(|tx| sites::seed_catalogue(tx)).unwrap(), 0, "idempotent");
        // The doctor fills in the publisher they found in the mentions légales.
        let mut s = sites::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap();
        let mut input = SiteInput::from(&s);
        input.publisher_company = "Éditeur Exemple".into();
        input.publisher_siren = "732 829 320".into();
        input.verified_on = "2026-11-20".into();
        let edited = site::validate(&input, d(2026, 11, 29)).unwrap();
        s = store.transaction(|tx| sites::save(tx, &site::Site { id: s.id, builtin_key: s.builtin_key.clone(), ..edited })).unwrap();
        assert_eq!(s.publisher.siren, "732829320");
        s.id.unwrap()
    };
    let mut store = open(&dir);
    assert_eq!(sites::list(store.conn()).unwrap().len(), site::catalogue().len(), "no duplicate after re-open + seed");
    let s = sites::get(store.conn(), id).unwrap();
    assert_eq!(s.publisher.company, "Éditeur Exemple");
    assert_eq!(s.verified_on, Some(d(2026, 11, 20)));
    assert_eq!(s.builtin_key.as_deref(), Some("keskeces"));
    // Restoring the shipped values empties the contact data again.
    let back = store.transaction(|tx| sites::reset_builtin(tx, id)).unwrap();
    assert_eq!(back.publisher.company, "");
    assert_eq!(back.verified_on, None);
    // Catalogue sites cannot be deleted.
    let err = store.transaction(|tx| sites::delete(tx, id)).unwrap_err();
    assert!(matches!(err, StoreError::Refused(ref m) if m.contains("catalogue")), "{err}");
}

#[test]
fn doctor_adds_a_site_domains_stay_unique_and_used_sites_stay() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let input = SiteInput { name: "Annuaire local".into(), domain: "https://www.annuaire-local.fr/".into(), kind: "directory".into(), ..Default::default() };
    let s = store.transaction(|tx| sites::save(tx, &site::validate(&input, d(2026, 11, 29)).unwrap())).unwrap();
    assert_eq!(s.domain, "annuaire-local.fr");
    assert_eq!(s.builtin_key, None);
    let dup = SiteInput { name: "Doublon".into(), domain: "lemedecin.fr".into(), kind: "directory".into(), ..Default::default() };
    let err = store.transaction(|tx| sites::save(tx, &site::validate(&dup, d(2026, 11, 29)).unwrap())).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref i) if i.has("domain")), "{err}");
    let lid = add_listing(&mut store, "annuaire-local.fr", "https://annuaire-local.fr/dr-dupre");
    let err = store.transaction(|tx| sites::delete(tx, s.id.unwrap())).unwrap_err();
    assert!(matches!(err, StoreError::Refused(ref m) if m.contains("1 fiche")), "{err}");
    store.transaction(|tx| listings_store::delete(tx, lid)).unwrap();
    store.transaction(|tx| sites::delete(tx, s.id.unwrap())).unwrap();
    assert!(sites::find_by_domain(store.conn(), "annuaire-local.fr").unwrap().is_none());
}

#[test]
fn erasure_letter_flow_to_cnil_complaint_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (lid, letter_id) = {
        let mut store = open(&dir);
        let lid = add_listing(&mut store, "lemedecin.fr", "https://www.lemedecin.fr/medecin/dupre");
        let new = NewLetter { kind: LetterKind::ErasureRequest, listing_id: Some(lid), case_id: None, recipient: json!({"lines": ["EDITEUR", "75002 PARIS"]}), data: json!({"body": "x"}) };
        let letter = store.transaction(|tx| letters::insert(tx, &new)).unwrap();
        assert_eq!(letter.data, json!({"body": "x"}));
        let sent = store.transaction(|tx| letters::mark_sent(tx, letter.id, d(2026, 1, 29), Some("1a 123 456 7890 1"), d(2026, 1, 29))).unwrap();
        assert_eq!(sent.registered_number.as_deref(), Some("1A12345678901"));
        let v = listings_store::view(store.conn(), lid, d(2026, 1, 30)).unwrap();
        assert_eq!(v.listing.state.status, Status::ErasureRequested);
        assert_eq!(v.answer_deadline, None, "no clock before the AR");
        assert_eq!(v.next_actions[0].kind, ActionKind::RecordReceipt);
        store.transaction(|tx| letters::mark_acknowledged(tx, letter.id, d(2026, 1, 31), d(2026, 2, 2))).unwrap();
        (lid, letter.id)
    };
    let mut store = open(&dir);
    // Received Saturday 31 January 2026 → 28 February (Saturday) → due Monday 2 March 2026.
    let v = listings_store::view(store.conn(), lid, d(2026, 2, 20)).unwrap();
    assert_eq!(v.answer_deadline.unwrap().due_on, d(2026, 3, 2));
    assert_eq!(v.answer_deadline.unwrap().basis, "art. 12.3 RGPD");
    assert_eq!(v.days_left, Some(10));
    assert!(!v.overdue);
    assert!(!v.next_actions.iter().any(|a| a.kind == ActionKind::CnilComplaintPack));
    let v = listings_store::view(store.conn(), lid, d(2026, 3, 3)).unwrap();
    assert!(v.overdue);
    assert_eq!(v.days_left, Some(-1));
    let cnil = v.next_actions.iter().find(|a| a.kind == ActionKind::CnilComplaintPack).expect("CNIL pack offered once overdue");
    assert!(cnil.caveats.iter().any(|c| c.contains("indemnisation")));
    let deref = v.next_actions.iter().find(|a| a.kind == ActionKind::DereferencingRequest).unwrap();
    assert!(deref.caveats.iter().any(|c| c.contains("reste en ligne")));

    store.transaction(|tx| listings_store::record_event(tx, lid, &Event::NoAnswerRecorded { noted_on: d(2026, 3, 3) }, "Rien reçu.", d(2026, 3, 3))).unwrap();
    store.transaction(|tx| listings_store::record_event(tx, lid, &Event::CnilComplaintFiled { filed_on: d(2026, 3, 5), reference: "CNIL-2026-1".into() }, "", d(2026, 3, 5))).unwrap();
    let history = listings_store::events(store.conn(), lid).unwrap();
    let kinds: Vec<&str> = history.iter().map(|e| e.event.kind()).collect();
    assert_eq!(kinds, ["erasure_requested", "receipt_acknowledged", "no_answer_recorded", "cnil_complaint_filed"]);
    assert_eq!(history[0].from_status, Status::Found);
    assert_eq!(history[0].to_status, Status::ErasureRequested);
    assert!(matches!(history[0].event, Event::ErasureRequested { letter_id: Some(id), .. } if id == letter_id));
    assert_eq!(history[2].note, "Rien reçu.");
    assert_eq!(history[3].occurred_on, d(2026, 3, 5));
    let l = listings_store::get(store.conn(), lid).unwrap();
    assert_eq!(l.state.status, Status::CnilComplaint);
    assert_eq!(l.state.received_on, Some(d(2026, 1, 31)));
    assert_eq!(letters::for_listing(store.conn(), lid).unwrap()[0].acknowledged_on, Some(d(2026, 1, 31)));
}

#[test]
fn a_refused_step_leaves_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let lid = add_listing(&mut store, "doctooome.com", "https://www.doctooome.com/dr-dupre");
    // "Réponse reçue" on a listing where nothing was sent.
    let err = store
        .transaction(|tx| listings_store::record_event(tx, lid, &Event::ReplyReceived { replied_on: d(2026, 2, 1), summary: "ok".into() }, "", d(2026, 2, 1)))
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(ref m) if m.contains("« trouvée »") && m.contains("« réponse reçue »")), "{err}");
    assert_eq!(count(&store, "listing_event"), 0);
    // An erasure letter marked sent without its registered-mail number: the letter stays unsent.
    let new = NewLetter { kind: LetterKind::ErasureRequest, listing_id: Some(lid), case_id: None, recipient: json!({}), data: json!({}) };
    let letter = store.transaction(|tx| letters::insert(tx, &new)).unwrap();
    let err = store.transaction(|tx| letters::mark_sent(tx, letter.id, d(2026, 1, 29), None, d(2026, 1, 29))).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref i) if i.has("registered_number")), "{err}");
    assert_eq!(letters::get(store.conn(), letter.id).unwrap().sent_on, None);
    assert_eq!(count(&store, "listing_event"), 0);
    // A step that passes the machine, then fails later in the same transaction, is rolled back.
    let email = Event::ErasureRequested { sent_on: d(2026, 1, 29), channel: RequestChannel::Email, letter_id: None, registered_number: None };
    let res: Result<(), Error> = store.transaction(|tx| {
        listings_store::record_event(tx, lid, &email, "", d(2026, 1, 29))?;
        Err(Error::Refused("échec simulé".into()))
    });
    assert!(res.is_err());
    assert_eq!(count(&store, "listing_event"), 0);
    assert_eq!(listings_store::get(store.conn(), lid).unwrap().state.status, Status::Found);
    drop(store);
    let store = open(&dir);
    assert_eq!(count(&store, "listing_event"), 0);
    assert_eq!(listings_store::get(store.conn(), lid).unwrap().state.status, Status::Found);
}

#[test]
fn official_directory_listing_cannot_get_an_erasure_request() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let lid = add_listing(&mut store, "annuaire.sante.fr", "https://annuaire.sante.fr/web/site-pro/dr-dupre");
    let v = listings_store::view(store.conn(), lid, d(2026, 2, 1)).unwrap();
    assert_eq!(v.next_actions.len(), 1);
    let email = Event::ErasureRequested { sent_on: d(2026, 1, 29), channel: RequestChannel::Email, letter_id: None, registered_number: None };
    let err = store.transaction(|tx| listings_store::record_event(tx, lid, &email, "", d(2026, 1, 29))).unwrap_err();
    assert!(matches!(err, StoreError::Refused(ref m) if m.contains("annuaire officiel")), "{err}");
}

#[test]
fn list_puts_overdue_first_and_removed_last_and_urls_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let gone = add_listing(&mut store, "keskeces.com", "https://www.keskeces.com/a");
    let waiting = add_listing(&mut store, "choisirunmedecin.com", "https://www.choisirunmedecin.com/b");
    let late = add_listing(&mut store, "horairesdouverture24.fr", "https://www.horairesdouverture24.fr/c");
    let email = |on| Event::ErasureRequested { sent_on: on, channel: RequestChannel::WebForm, letter_id: None, registered_number: None };
    store.transaction(|tx| listings_store::record_event(tx, late, &email(d(2026, 1, 10)), "", d(2026, 1, 10))).unwrap();
    store.transaction(|tx| listings_store::record_event(tx, waiting, &email(d(2026, 3, 1)), "", d(2026, 3, 1))).unwrap();
    let removed = Event::RemovalConfirmed { observed_on: d(2026, 2, 1), proof: listing::RemovalProof::Observation { note: "Page vide.".into() } };
    store.transaction(|tx| listings_store::record_event(tx, gone, &removed, "", d(2026, 2, 1))).unwrap();
    let order: Vec<i64> = listings_store::list(store.conn(), d(2026, 3, 2)).unwrap().iter().map(|v| v.listing.id).collect();
    assert_eq!(order, [late, waiting, gone]);
    let input = ListingInput { site_id: site_id(&store, "keskeces.com"), url: "https://www.keskeces.com/a".into(), found_on: "2026-01-05".into(), ..Default::default() };
    let data = listing::validate(&input, d(2026, 3, 2)).unwrap();
    let err = store.transaction(|tx| listings_store::create(tx, &data)).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref i) if i.has("url")), "{err}");
}

#[test]
fn schema_checks_reject_rows_that_bypass_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let lid = add_listing(&mut store, "keskeces.com", "https://www.keskeces.com/x");
    let conn = store.conn();
    for bad in [
        "UPDATE listing SET status = 'supprimee'",
        "UPDATE listing SET status = 'answered'",
        "UPDATE listing SET found_on = '2026-02-30'",
        "UPDATE listing SET url = 'ftp://x'",
        "UPDATE site SET publisher_siren = '12345'",
    ] {
        assert!(conn.execute(bad, []).is_err(), "accepted: {bad}");
    }
    assert!(conn
        .execute("INSERT INTO letter (kind, recipient, data, created_at) VALUES ('lettre', '{}', '{}', 'now')", [])
        .is_err());
    assert!(conn
        .execute("INSERT INTO letter (kind, recipient, data, created_at, acknowledged_on) VALUES ('erasure_request', '{}', '{}', 'now', '2026-01-01')", [])
        .is_err(), "an acknowledged letter must have been sent");
    // Deleting a listing removes its events and detaches its letters.
    store.transaction(|tx| letters::insert(tx, &NewLetter { kind: LetterKind::ErasureRequest, listing_id: Some(lid), case_id: None, recipient: json!({}), data: json!({}) })).unwrap();
    let email = Event::ErasureRequested { sent_on: d(2026, 1, 29), channel: RequestChannel::Email, letter_id: None, registered_number: None };
    store.transaction(|tx| listings_store::record_event(tx, lid, &email, "", d(2026, 1, 29))).unwrap();
    store.transaction(|tx| listings_store::delete(tx, lid)).unwrap();
    assert_eq!(count(&store, "listing_event"), 0);
    let detached: Option<i64> = store.conn().query_row("SELECT listing_id FROM letter", [], |r| r.get(0)).unwrap();
    assert_eq!(detached, None);
}

/// Issue 8, point 9: a registered letter that comes back unclaimed starts the clock at its first
/// presentation, through the store, and the procedure goes on to the CNIL step.
#[test]
fn an_unclaimed_letter_starts_the_clock_and_the_workflow_goes_on() {
    use erm_domain::listing::ReceiptBasis;
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let lid = add_listing(&mut store, "keskeces.com", "https://www.keskeces.com/medecin/dupre");
    let new = NewLetter { kind: LetterKind::ErasureRequest, listing_id: Some(lid), case_id: None, recipient: json!({}), data: json!({}) };
    let letter = store.transaction(|tx| letters::insert(tx, &new)).unwrap();
    store.transaction(|tx| letters::mark_sent(tx, letter.id, d(2026, 2, 2), Some("1A 123 456 7890 1"), d(2026, 2, 2))).unwrap();
    let v = listings_store::view(store.conn(), lid, d(2026, 3, 20)).unwrap();
    assert_eq!(v.answer_deadline, None, "no receipt recorded yet");
    assert!(v.next_actions.iter().any(|a| a.kind == ActionKind::RecordReceipt && a.label.contains("première présentation")));
    store
        .transaction(|tx| letters::mark_received(tx, letter.id, d(2026, 2, 4), ReceiptBasis::ReturnedUnclaimed, d(2026, 2, 20)))
        .unwrap();
    let v = listings_store::view(store.conn(), lid, d(2026, 3, 20)).unwrap();
    assert_eq!(v.answer_deadline.map(|dl| dl.due_on), Some(d(2026, 3, 4)));
    assert!(v.overdue);
    assert!(v.next_actions.iter().any(|a| a.kind == ActionKind::CnilComplaintPack));
    let history = listings_store::events(store.conn(), lid).unwrap();
    let receipt = history.iter().find(|e| e.event.kind() == "receipt_acknowledged").unwrap();
    assert_eq!(receipt.event.label(), "lettre retournée non réclamée");
}

/// Issue 8, point 10: each catalogue site offers its own route.
#[test]
fn catalogue_sites_offer_their_own_route() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let first = |store: &Store, lid: i64| listings_store::view(store.conn(), lid, d(2026, 1, 6)).unwrap().next_actions[0].kind;
    let doctolib = add_listing(&mut store, "doctolib.fr", "https://www.doctolib.fr/medecin-generaliste/paris/helene-dupre");
    assert_eq!(first(&store, doctolib), ActionKind::ContractClosure);
    let sent = Event::ErasureRequested { sent_on: d(2026, 1, 6), channel: RequestChannel::Email, letter_id: None, registered_number: None };
    let err = store.transaction(|tx| listings_store::record_event(tx, doctolib, &sent, "", d(2026, 1, 6))).unwrap_err();
    assert!(err.to_string().contains("contrat"), "{err}");
    let societe = add_listing(&mut store, "societe.com", "https://www.societe.com/societe/dupre-helene-123456789.html");
    assert_eq!(first(&store, societe), ActionKind::InseeDiffusion);
    let google = add_listing(&mut store, "google.com", "https://www.google.com/maps/place/Dr+Dupre");
    assert_eq!(first(&store, google), ActionKind::BusinessListingOptions);
    let lemedecin = add_listing(&mut store, "lemedecin.fr", "https://www.lemedecin.fr/medecin/dupre");
    assert_eq!(first(&store, lemedecin), ActionKind::GenerateErasureLetter, "lists doctors who never subscribed");
}
