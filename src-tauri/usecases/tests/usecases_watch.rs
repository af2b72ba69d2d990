//! The Veille's use cases on a real SQLite file (feeds read from files, no network): following
//! and removing feeds, the daily fetch day, dismissing, and turning items into a listing (site
//! recognised from the catalogue), a review and a case — each saved together with the item's
//! mark, refused as a whole when either part is refused, never prefilled with the snippet as a
//! quote.

use chrono::{NaiveDate, TimeZone, Utc};
use erm_domain::listing::ListingInput;
use erm_domain::review::ReviewInput;
use erm_store::watch::ItemStatus;
use erm_store::Store;
use erm_usecases::cases::form::CaseForm;
use erm_usecases::watch::{self, Conversion, InboxFilter, WatchItemView};
use erm_usecases::{cases, listings, reviews};
use erm_net::feeds::{parse_feed, FeedError};
use erm_usecases::Error;
use serde_json::json;

const GOOGLE_ALERTS: &str = include_str!("../../net/tests/watch_fixtures/google_alerts.atom");
const PRESS_RSS: &str = include_str!("../../net/tests/watch_fixtures/press.rss");

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn setup() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = erm_usecases::open_store(&dir.path().join("erm.sqlite3")).unwrap();
    (dir, store)
}

/// A store with the Google Alerts feed followed and fetched once (two items).
fn with_alerts() -> (tempfile::TempDir, Store, i64) {
    let (dir, mut store) = setup();
    let feed = watch::add_feed(&mut store, "https://www.google.com/alerts/feeds/0001/0002").unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap();
    let r = watch::record_fetch(&mut store, feed.id, parse_feed(GOOGLE_ALERTS.as_bytes()), now).unwrap();
    assert_eq!(r.new_items, 2);
    (dir, store, feed.id)
}

fn item(store: &Store, site: &str) -> WatchItemView {
    watch::inbox(store, InboxFilter::All).unwrap().into_iter().find(|i| i.source_site == site).unwrap()
}

fn field_error(e: Error, field: &str) -> String {
    match e {
        Error::Invalid(inv) => inv.errors.iter().find(|f| f.field == field).map(|f| f.message.clone()).unwrap_or_else(|| panic!("{inv:?}")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn feeds_are_checked_refused_twice_and_removed_without_losing_items() {
    let (_dir, mut store, feed_id) = with_alerts();
    let msg = field_error(watch::add_feed(&mut store, "google.com/alerts/feeds/1").unwrap_err(), "url");
    assert!(msg.contains("n'est pas une adresse web complète"), "{msg}");
    let msg = field_error(watch::add_feed(&mut store, "file:///etc/passwd").unwrap_err(), "url");
    assert!(msg.contains("protocole « file »"), "{msg}");
    // The same address, typed with spaces and another case of host: refused.
    let msg = field_error(watch::add_feed(&mut store, "  https://WWW.google.com/alerts/feeds/0001/0002 ").unwrap_err(), "url");
    assert_eq!(msg, "Ce flux est déjà suivi.");
    assert_eq!(watch::list_feeds(&store).unwrap().len(), 1);

    // One item dismissed, then the feed removed: both items stay, detached.
    let annuaire = item(&store, "lemedecin.fr");
    assert_eq!(watch::dismiss(&mut store, annuaire.id).unwrap().status, ItemStatus::Dismissed);
    watch::remove_feed(&mut store, feed_id).unwrap();
    assert!(watch::list_feeds(&store).unwrap().is_empty());
    let all = watch::inbox(&store, InboxFilter::All).unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|i| i.feed_id.is_none() && i.feed_title.is_none()));
    assert!(matches!(watch::remove_feed(&mut store, feed_id), Err(Error::NotFound(_))));

    // Followed again and fetched: nothing new, and the dismissed item stays dismissed.
    let again = watch::add_feed(&mut store, "https://www.google.com/alerts/feeds/0001/0002").unwrap();
    let r = watch::record_fetch(&mut store, again.id, parse_feed(GOOGLE_ALERTS.as_bytes()), Utc::now()).unwrap();
    assert_eq!((r.new_items, r.duplicates), (0, 2));
    assert_eq!(item(&store, "lemedecin.fr").status, ItemStatus::Dismissed);
    assert_eq!(watch::inbox(&store, InboxFilter::New).unwrap().len(), 1);
    assert_eq!(watch::inbox(&store, InboxFilter::Dismissed).unwrap().len(), 1);
    assert_eq!(watch::restore(&mut store, annuaire.id).unwrap().status, ItemStatus::New);
}

#[test]
fn a_failed_fetch_is_kept_on_the_feed_in_french() {
    let (_dir, mut store, feed_id) = with_alerts();
    let r = watch::record_fetch(&mut store, feed_id, Err(FeedError::TooLarge { cap_bytes: 5 * 1024 * 1024 }), Utc::now()).unwrap();
    assert_eq!((r.new_items, r.duplicates), (0, 0));
    assert!(r.error.as_deref().unwrap().contains("Les éléments déjà reçus sont conservés"));
    assert_eq!(watch::list_feeds(&store).unwrap()[0].last_error, r.error);
    assert_eq!(watch::inbox(&store, InboxFilter::New).unwrap().len(), 2);
    assert!(matches!(watch::record_fetch(&mut store, 999, parse_feed(PRESS_RSS.as_bytes()), Utc::now()), Err(Error::NotFound(_))));
}

#[test]
fn the_automatic_fetch_runs_once_a_day_and_only_with_a_feed() {
    let (_dir, mut store) = setup();
    assert!(!watch::due_for_daily_fetch(&store, d(2026, 11, 30)).unwrap(), "no feed, nothing to fetch");
    watch::add_feed(&mut store, "https://presse.exemple.fr/flux.rss").unwrap();
    assert!(watch::due_for_daily_fetch(&store, d(2026, 11, 30)).unwrap());
    watch::mark_daily_fetch(&mut store, d(2026, 11, 30)).unwrap();
    assert!(!watch::due_for_daily_fetch(&store, d(2026, 11, 30)).unwrap());
    assert!(watch::due_for_daily_fetch(&store, d(2026, 12, 1)).unwrap());
    // A clock moved back does not fetch again.
    assert!(!watch::due_for_daily_fetch(&store, d(2026, 11, 29)).unwrap());
}

#[test]
fn an_item_on_a_catalogue_site_becomes_a_listing_in_one_step() {
    let (_dir, mut store, _) = with_alerts();
    let annuaire = item(&store, "lemedecin.fr");
    let draft = watch::to_listing_draft(&store, annuaire.id, d(2026, 11, 30)).unwrap();
    assert_eq!(draft.url, "https://www.lemedecin.fr/docteur-martin-paris?utm_source=google&utm_medium=alert");
    assert_eq!(draft.site_name.as_deref(), Some("Le médecin"));
    let site_id = draft.site_id.expect("recognised from the catalogue");
    assert_eq!(draft.found_on, d(2026, 11, 30));
    // The other item's site is not in the catalogue: the doctor picks.
    let article = item(&store, "actu.exemple.fr");
    let other = watch::to_listing_draft(&store, article.id, d(2026, 11, 30)).unwrap();
    assert_eq!((other.site_id, other.site_name), (None, None));

    // A refused listing (address not on the chosen site) writes nothing and leaves the item new.
    let wrong = ListingInput { site_id, url: article.url.clone(), found_on: "2026-11-30".into(), ..Default::default() };
    assert!(matches!(watch::convert_to_listing(&mut store, article.id, &wrong, d(2026, 11, 30)), Err(Error::Invalid(_))));
    assert!(listings::list(&store, d(2026, 11, 30)).unwrap().is_empty());
    assert_eq!(item(&store, "actu.exemple.fr").status, ItemStatus::New);

    let input = ListingInput { site_id, url: draft.url.clone(), found_on: "2026-11-30".into(), shows: vec!["reviews".into()], ..Default::default() };
    let listing = watch::convert_to_listing(&mut store, annuaire.id, &input, d(2026, 11, 30)).unwrap();
    assert_eq!(listing.row.view.listing.url, draft.url);
    let converted = item(&store, "lemedecin.fr");
    assert_eq!((converted.status, converted.linked_id), (ItemStatus::Listing, Some(listing.row.view.listing.id)));
    assert_eq!(converted.status_label, "Devenu une fiche");
    assert!(watch::inbox(&store, InboxFilter::New).unwrap().iter().all(|i| i.id != annuaire.id));
    assert_eq!(watch::inbox(&store, InboxFilter::Converted).unwrap().len(), 1);

    // Once converted, the item is neither converted again nor dismissed.
    let again = watch::convert_to_listing(&mut store, annuaire.id, &input, d(2026, 11, 30)).unwrap_err();
    assert_eq!(again.to_string(), "Cet élément de la veille est déjà devenu une fiche.");
    assert!(matches!(watch::dismiss(&mut store, annuaire.id), Err(Error::Refused(_))));
    assert!(matches!(watch::to_review_draft(&store, annuaire.id), Err(Error::Refused(_))));
    assert_eq!(listings::list(&store, d(2026, 11, 30)).unwrap().len(), 1);
}

#[test]
fn an_item_becomes_a_review_without_its_snippet_as_the_review_text() {
    let (_dir, mut store, _) = with_alerts();
    let annuaire = item(&store, "lemedecin.fr");
    let draft = watch::to_review_draft(&store, annuaire.id).unwrap();
    assert_eq!(draft.platform, "Le médecin");
    assert!(draft.site_id.is_some());
    assert_eq!(draft.published, "29/11/2026");
    let as_json = serde_json::to_value(&draft).unwrap();
    assert!(as_json.get("text").is_none() && as_json.get("author").is_none(), "the author's words are copied by the doctor");

    // A review with no text is refused by the review rules: nothing saved, the item stays new.
    let empty = ReviewInput { platform: draft.platform.clone(), site_id: draft.site_id, url: draft.url.clone(), published: draft.published.clone(), ..Default::default() };
    assert!(watch::convert_to_review(&mut store, annuaire.id, &empty, d(2026, 11, 30)).is_err());
    assert_eq!(item(&store, "lemedecin.fr").status, ItemStatus::New);

    let input = ReviewInput { author: "Patient75".into(), rating: "1".into(), text: "Attente interminable, je déconseille.".into(), ..empty };
    let review = watch::convert_to_review(&mut store, annuaire.id, &input, d(2026, 11, 30)).unwrap();
    assert_eq!(reviews::detail(&store, review.id).unwrap().review.text, "Attente interminable, je déconseille.");
    let converted = item(&store, "lemedecin.fr");
    assert_eq!((converted.status, converted.linked_id), (ItemStatus::Review, Some(review.id)));
}

#[test]
fn an_item_becomes_a_case_with_the_doctors_own_quotes_only() {
    let (_dir, mut store, _) = with_alerts();
    let article = item(&store, "actu.exemple.fr");
    let draft = watch::to_case_draft(&store, article.id, d(2026, 12, 31)).unwrap();
    assert_eq!(draft.title, "Gardes de nuit : le Docteur Martin témoigne");
    assert_eq!(draft.site_name, "actu.exemple.fr");
    assert_eq!(draft.published_hint, Some(d(2026, 11, 28)));
    assert_eq!(draft.discovered_on, d(2026, 11, 30));
    assert!(serde_json::to_value(&draft).unwrap().get("statements").is_none(), "no statement prefilled");

    let form = |statements: serde_json::Value| -> CaseForm {
        serde_json::from_value(json!({
            "title": draft.title, "url": draft.url, "site_name": draft.site_name, "statements": statements,
            "publication": { "kind": "exact", "on": "28/11/2026" }, "discovered_on": "30/11/2026",
        }))
        .unwrap()
    };
    // Without a quoted statement the case form is refused, and nothing is written.
    assert!(watch::convert_to_case(&mut store, article.id, &form(json!([])), d(2026, 11, 30)).is_err());
    assert!(cases::list(&store, d(2026, 11, 30)).unwrap().is_empty());
    assert_eq!(item(&store, "actu.exemple.fr").status, ItemStatus::New);

    let quoted = form(json!([{ "quote": "Ce médecin ment à ses patients.", "grounds": ["defamation"] }]));
    let case = watch::convert_to_case(&mut store, article.id, &quoted, d(2026, 11, 30)).unwrap();
    assert_eq!(case.case.url, article.url);
    let converted = item(&store, "actu.exemple.fr");
    assert_eq!((converted.status, converted.linked_id), (ItemStatus::Case, Some(case.case.id)));
}

#[test]
fn marking_an_item_needs_the_record_it_became() {
    let (_dir, mut store, _) = with_alerts();
    let article = item(&store, "actu.exemple.fr");
    assert!(matches!(watch::mark_converted(&mut store, article.id, Conversion::Listing, 42), Err(Error::NotFound(_))));
    assert_eq!(item(&store, "actu.exemple.fr").status, ItemStatus::New);
    let input = ReviewInput { platform: "Actu".into(), url: article.url.clone(), author: "X".into(), published: "28/11/2026".into(), text: "Texte exact.".into(), ..Default::default() };
    let review = reviews::add(&mut store, &input, d(2026, 11, 30)).unwrap();
    let marked = watch::mark_converted(&mut store, article.id, Conversion::Review, review.id).unwrap();
    assert_eq!((marked.status, marked.linked_id), (ItemStatus::Review, Some(review.id)));
    assert!(matches!(watch::dismiss(&mut store, 999), Err(Error::NotFound(_))));
}
