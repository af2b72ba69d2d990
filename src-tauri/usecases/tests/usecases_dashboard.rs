//! Issue 12, point 3, at the use-case level on a real SQLite file: the dashboard lists what is
//! overdue or due within 7 days with where to act, counts the letters waiting to be posted, and
//! draws the trend from the reviews (per month, per platform).

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;

use erm_domain::listing::{self, Event, ListingInput, RequestChannel};
use erm_domain::review::ReviewInput;
use erm_store::listings as listings_store;
use erm_store::{practice, sites, Store};
use erm_usecases::{dashboard, reviews};
use fixtures::d;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = erm_usecases::open_store(&dir.path().join("erm.sqlite3")).unwrap();
    store.transaction(|tx| practice::save(tx, &fixtures::doctor())).unwrap();
    (dir, store)
}

fn review(store: &mut Store, platform: &str, on: &str, rating: &str, author: &str) {
    let input = ReviewInput { platform: platform.into(), author: author.into(), published: on.into(), rating: rating.into(), text: format!("Avis de {author}"), ..Default::default() };
    reviews::add(store, &input, d(2026, 11, 30)).unwrap();
}

#[test]
fn the_trend_counts_reviews_per_month_and_averages_per_platform() {
    let (_dir, mut store) = store();
    review(&mut store, "Google", "03/11/2026", "5", "A");
    review(&mut store, "google", "20/11/2026", "2", "B");
    review(&mut store, "Doctolib", "05/10/2026", "4", "C");
    review(&mut store, "Google", "05/10/2026", "", "D"); // no rating: counted, not averaged
    review(&mut store, "Google", "05/10/2024", "1", "E"); // older than twelve months: left out
    let t = dashboard::summary(&store, d(2026, 11, 30)).unwrap().trend;
    assert_eq!(t.months.len(), 12);
    assert_eq!(t.months.first().unwrap(), "2025-12");
    assert_eq!(t.months.last().unwrap(), "2026-11");
    assert_eq!(t.counts[11], 2);
    assert_eq!(t.counts[10], 2);
    assert_eq!(t.counts.iter().sum::<u32>(), 4);
    let google = t.platforms.iter().find(|p| p.platform.eq_ignore_ascii_case("google")).unwrap();
    assert_eq!(google.total, 3, "one platform whatever its case");
    assert_eq!(google.averages[11], Some(3.5));
    assert_eq!(google.averages[10], None, "a month with no rated review has no average");
    assert_eq!(t.platforms[0].platform.to_lowercase(), "google", "the platform with the most reviews first");
}

#[test]
fn due_items_and_letters_to_post_say_where_to_act() {
    let (_dir, mut store) = store();
    let site = sites::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap().id.unwrap();
    let input = ListingInput { site_id: site, url: "https://www.keskeces.com/dr".into(), found_on: "2026-10-01".into(), ..Default::default() };
    let data = listing::validate(&input, d(2026, 10, 1)).unwrap();
    let id = store.transaction(|tx| listings_store::create(tx, &data)).unwrap().id;
    // Sent by the site's form on 3 November: the answer is due one month later, 3 December.
    let sent = Event::ErasureRequested { sent_on: d(2026, 11, 3), channel: RequestChannel::WebForm, letter_id: None, registered_number: None };
    store.transaction(|tx| listings_store::record_event(tx, id, &sent, "", d(2026, 11, 3))).unwrap();

    let s = dashboard::summary(&store, d(2026, 11, 30)).unwrap();
    assert_eq!(s.due.len(), 1, "{:?}", s.due);
    assert_eq!(s.due[0].href, format!("#/fiches/{id}"));
    assert_eq!(s.due[0].days_left, 3);
    assert!(!s.due[0].overdue);
    // Two weeks earlier nothing is due yet; a week after, it is overdue.
    assert!(dashboard::summary(&store, d(2026, 11, 16)).unwrap().due.is_empty());
    let late = dashboard::summary(&store, d(2026, 12, 10)).unwrap();
    assert!(late.due[0].overdue && late.due[0].days_left < 0, "{:?}", late.due);
    assert_eq!(s.letters_to_post, 0);
}
