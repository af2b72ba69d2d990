//! Issue 11, part 7: a save made from a stale form is refused, on a real store file, and two
//! connections on one file (two instances, two windows) cannot overwrite each other's change.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;

use erm_domain::listing::ListingInput;
use erm_domain::practice::PractitionerInput;
use erm_domain::site::SiteInput;
use erm_store::{sites as site_repo, Store};
use erm_usecases::cases::form::CaseForm;
use erm_usecases::{self as usecases, cases, listings, practice, sites};
use erm_usecases::Error;
use fixtures::d;
use serde_json::json;

fn today() -> chrono::NaiveDate {
    d(2026, 11, 30)
}

/// Two stores on one file: what two instances of the app (or two windows) hold.
fn two_instances() -> (tempfile::TempDir, Store, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("erm.sqlite3");
    let a = usecases::open_store(&path).unwrap();
    let b = Store::open(&path).unwrap();
    (dir, a, b)
}

fn stale_message(e: Error) -> String {
    match e {
        Error::Stale(m) => m,
        other => panic!("expected a stale-form refusal, got {other:?}"),
    }
}

fn listing(store: &mut Store) -> listings::view::ListingDetail {
    let site_id = site_repo::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap().id.unwrap();
    let input = ListingInput { site_id, url: "https://www.keskeces.com/dr-dupre".into(), found_on: "2026-11-02".into(), ..Default::default() };
    listings::save(store, None, &input, today()).unwrap()
}

fn listing_form(l: &listings::view::ListingDetail, notes: &str) -> ListingInput {
    let v = &l.row.view.listing;
    ListingInput {
        site_id: v.site_id,
        url: v.url.clone(),
        shows: v.shows.iter().map(|s| s.as_str().to_owned()).collect(),
        found_on: v.state.found_on.to_string(),
        notes: notes.into(),
        site_mismatch_ok: false,
        row_version: Some(l.row_version),
    }
}

#[test]
fn a_publisher_siren_saved_in_one_window_survives_a_notes_save_from_a_form_opened_before() {
    let (_dir, mut a, mut b) = two_instances();
    let l = listing(&mut a);
    // Both windows open the site form at the same version.
    let site_a = sites::list(&a).unwrap().into_iter().find(|s| s.site.id == Some(l.site.id.unwrap())).unwrap();
    let site_b = sites::list(&b).unwrap().into_iter().find(|s| s.site.id == site_a.site.id).unwrap();
    assert_eq!(site_a.row_version, site_b.row_version);
    let id = site_a.site.id;

    // Window A records the SIREN.
    let with_siren = SiteInput { publisher_siren: "732829320".into(), row_version: Some(site_a.row_version), ..SiteInput::from(&site_a.site) };
    let saved = sites::save(&mut a, id, &with_siren, today()).unwrap();
    assert_eq!(saved.site.publisher.siren, "732829320");
    assert_eq!(saved.row_version, site_a.row_version + 1);

    // Window B, still on the old form, saves its notes: refused, saying what differs.
    let notes_only = SiteInput { notes: "Appelé le standard".into(), row_version: Some(site_b.row_version), ..SiteInput::from(&site_b.site) };
    let msg = stale_message(sites::save(&mut b, id, &notes_only, today()).unwrap_err());
    assert!(msg.contains("SIREN de l'éditeur") && msg.contains("notes"), "{msg}");
    assert!(msg.contains("Rien n'a été enregistré"), "{msg}");
    let kept = site_repo::get(b.conn(), id.unwrap()).unwrap();
    assert_eq!(kept.publisher.siren, "732829320", "the SIREN saved in window A is still there");
    assert_eq!(kept.notes, site_a.site.notes, "nothing of the stale form was written");

    // Reloaded, window B's save goes through and keeps the SIREN.
    let fresh = sites::list(&b).unwrap().into_iter().find(|s| s.site.id == id).unwrap();
    let again = SiteInput { notes: "Appelé le standard".into(), row_version: Some(fresh.row_version), ..SiteInput::from(&fresh.site) };
    let saved = sites::save(&mut b, id, &again, today()).unwrap();
    assert_eq!((saved.site.publisher.siren.as_str(), saved.site.notes.as_str()), ("732829320", "Appelé le standard"));
}

#[test]
fn a_listing_form_saved_twice_from_the_same_version_is_refused_the_second_time() {
    let (_dir, mut a, mut b) = two_instances();
    let l = listing(&mut a);
    let first = listings::save(&mut a, Some(l.row.view.listing.id), &listing_form(&l, "Vue par une patiente"), today()).unwrap();
    assert_eq!(first.row_version, l.row_version + 1);
    let msg = stale_message(listings::save(&mut b, Some(l.row.view.listing.id), &listing_form(&l, "Autre note"), today()).unwrap_err());
    assert!(msg.contains("notes") && !msg.contains("adresse de la fiche"), "only the notes differ: {msg}");
    assert_eq!(listings::detail(&b, l.row.view.listing.id, today()).unwrap().row.view.listing.notes, "Vue par une patiente");
}

#[test]
fn an_update_without_a_version_is_refused_and_a_new_record_needs_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = usecases::open_store(&dir.path().join("erm.sqlite3")).unwrap();
    let l = listing(&mut store);
    let no_version = ListingInput { row_version: None, ..listing_form(&l, "x") };
    match listings::save(&mut store, Some(l.row.view.listing.id), &no_version, today()).unwrap_err() {
        Error::Invalid(inv) => assert_eq!(inv.errors[0].field, "row_version"),
        other => panic!("{other:?}"),
    }
    assert_eq!(listings::detail(&store, l.row.view.listing.id, today()).unwrap().row.view.listing.notes, "");
}

#[test]
fn a_stale_practitioner_form_is_refused_and_choosing_the_default_signer_moves_every_profile_on() {
    let (_dir, mut a, mut b) = two_instances();
    let first = practice::save(&mut a, None, &fixtures::doctor_input()).unwrap();
    let other = PractitionerInput { first_name: "Éric".into(), last_name: "Nguyen".into(), rpps: "10000000002".into(), is_default: false, ..fixtures::doctor_input() };
    let second = practice::save(&mut a, None, &other).unwrap();
    let id = first.practitioner.id;
    let form = PractitionerInput { phone: "01 02 03 04 05".into(), row_version: Some(first.row_version), ..fixtures::doctor_input() };

    // Another window makes the second doctor the default signer: the first's form is stale.
    practice::set_default(&mut b, second.practitioner.id.unwrap()).unwrap();
    let msg = stale_message(practice::save(&mut a, id, &form).unwrap_err());
    assert!(msg.contains("signataire par défaut"), "{msg}");
    let listed = practice::list(&a).unwrap();
    assert!(listed.iter().find(|p| p.practitioner.id == second.practitioner.id).unwrap().practitioner.is_default);
}

#[test]
fn a_stale_case_form_is_refused_naming_the_statements() {
    let (_dir, mut a, mut b) = two_instances();
    practice::save(&mut a, None, &fixtures::doctor_input()).unwrap();
    let form = |quote: &str, version: Option<i64>| -> CaseForm {
        serde_json::from_value(json!({
            "title": "Forum santé", "url": "https://forum.exemple.fr/sujet/42", "site_name": "forum.exemple.fr",
            "statements": [{ "quote": quote, "grounds": ["insult"] }],
            "publication": { "kind": "exact", "on": "2026-11-20" }, "discovered_on": "2026-11-21",
            "row_version": version,
        }))
        .unwrap()
    };
    let opened = cases::open(&mut a, &form("Ce médecin est un incapable.", None), today()).unwrap();
    let id = opened.case.id;
    cases::update(&mut a, id, &form("Ce médecin est un incapable notoire.", Some(opened.row_version)), today()).unwrap();
    let msg = stale_message(cases::update(&mut b, id, &form("Ce médecin est un charlatan.", Some(opened.row_version)), today()).unwrap_err());
    assert!(msg.contains("propos cités") && msg.starts_with("Ce dossier"), "{msg}");
    assert_eq!(cases::detail(&b, id, today()).unwrap().case.statements[0].quote, "Ce médecin est un incapable notoire.");
}
