//! Issue 9, point 5: a listing's address must be on its site. Through the use case, on a real
//! store file seeded with the catalogue.

use chrono::NaiveDate;
use erm_domain::listing::ListingInput;
use erm_domain::site::{site_for_url, site_on_url};
use erm_store::{listings as listings_store, sites, Store};
use erm_usecases::listings;
use erm_usecases::Error;

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

fn input(site_id: i64, url: &str) -> ListingInput {
    ListingInput { site_id, url: url.into(), found_on: "2026-11-02".into(), ..Default::default() }
}

fn url_error(e: Error) -> String {
    match e {
        Error::Invalid(inv) => {
            assert_eq!(inv.errors.len(), 1, "{inv:?}");
            assert_eq!(inv.errors[0].field, "url");
            inv.errors[0].message.clone()
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn an_address_on_another_catalogue_site_is_refused_naming_that_site() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let horaire = site_id(&store, "annuaire-horaire.fr");
    let url = "https://www.choisirunmedecin.com/medecin/dupre-helene";
    let e = listings::save(&mut store, None, &input(horaire, url), d(2026, 11, 29)).unwrap_err();
    assert_eq!(
        url_error(e),
        "Cette adresse est sur choisirunmedecin.com : choisissez le site « Choisir un médecin », ou corrigez l'adresse."
    );
    assert!(listings_store::list(store.conn(), d(2026, 11, 29)).unwrap().is_empty(), "nothing saved");
    // The address belongs to a known site: no confirmation saves it under another one.
    let confirmed = ListingInput { site_mismatch_ok: true, ..input(horaire, url) };
    assert!(url_error(listings::save(&mut store, None, &confirmed, d(2026, 11, 29)).unwrap_err()).contains("Choisir un médecin"));

    // Under the right site it saves; subdomains are on their domain.
    let choisir = site_id(&store, "choisirunmedecin.com");
    let saved = listings::save(&mut store, None, &input(choisir, url), d(2026, 11, 29)).unwrap();
    assert_eq!(saved.site.domain, "choisirunmedecin.com");
    assert!(listings::save(&mut store, None, &input(choisir, "https://fr.choisirunmedecin.com/x"), d(2026, 11, 29)).is_ok());

    // An edit that moves the address to another site is refused the same way.
    let id = saved.row.view.listing.id;
    let e = listings::save(&mut store, Some(id), &input(choisir, "https://www.keskeces.com/dupre"), d(2026, 11, 29)).unwrap_err();
    assert!(url_error(e).contains("« KesKeCes »"));
}

#[test]
fn an_address_on_no_known_site_is_refused_unless_the_doctor_confirms() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let google = site_id(&store, "google.com");
    // Google publishes under google.fr too: not a known site, so the doctor may confirm.
    let url = "https://www.google.fr/maps/place/Dr+Dupre";
    let e = listings::save(&mut store, None, &input(google, url), d(2026, 11, 29)).unwrap_err();
    let m = url_error(e);
    assert!(m.contains("google.fr") && m.contains("google.com") && m.contains("L'adresse est bien sur ce site"), "{m}");
    // "notgoogle.com" is not on google.com.
    let e = listings::save(&mut store, None, &input(google, "https://notgoogle.com/x"), d(2026, 11, 29)).unwrap_err();
    assert!(url_error(e).contains("notgoogle.com"));
    let confirmed = ListingInput { site_mismatch_ok: true, ..input(google, url) };
    let saved = listings::save(&mut store, None, &confirmed, d(2026, 11, 29)).unwrap();
    assert_eq!(saved.row.view.listing.url, url);
}

#[test]
fn the_site_matching_an_address_is_found_in_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir);
    let all = sites::list(store.conn()).unwrap();
    let id = |domain: &str| Some(site_id(&store, domain));
    assert_eq!(site_for_url(&all, "https://www.choisirunmedecin.com/medecin/x"), id("choisirunmedecin.com"));
    assert_eq!(site_for_url(&all, "https://WWW.Annuaire-Horaire.fr./medecin"), id("annuaire-horaire.fr"));
    assert_eq!(site_for_url(&all, "https://maps.google.com/x"), id("google.com"));
    // The most specific domain wins.
    assert_eq!(site_on_url(&all, "https://annuairesante.ameli.fr/professionnels/x").unwrap().domain, "annuairesante.ameli.fr");
    assert_eq!(site_for_url(&all, "https://exemple.fr/x"), None);
    assert_eq!(site_for_url(&all, "pas une adresse"), None);
}
