//! Figure for issue 12, point 3: the dashboard summary (lapses, due items, letters to post,
//! counts and the twelve-month trend) on a database file holding 10,000 reviews over the last
//! two years and 200 listings, 50 of them waiting for an answer (aim: under 50 ms).
//! Run: `cargo bench -p erm-usecases --bench dashboard`.

use chrono::NaiveDate;
use divan::Bencher;
use erm_domain::listing::{self, Event, ListingInput, RequestChannel};
use erm_store::listings as listings_store;
use erm_store::{sites, Store};
use erm_usecases::dashboard;

fn main() {
    divan::main();
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn populated() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = erm_usecases::open_store(&dir.path().join("base.sqlite3")).unwrap();
    // Reviews inserted by SQL: the figure is the dashboard's, not the import's.
    store
        .conn()
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
             INSERT INTO review (platform, author, published_on, rating, text, status, dedup_key, created_at, updated_at)
             SELECT CASE i % 4 WHEN 0 THEN 'Google' WHEN 1 THEN 'Doctolib' WHEN 2 THEN 'PagesJaunes' ELSE 'Mondocteur' END,
                    'Auteur ' || i, date('2026-11-30', '-' || (i % 730) || ' days'), 1 + i % 5, 'Avis ' || i,
                    'new', printf('%064d', i), '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z'
             FROM n;",
        )
        .unwrap();
    let site = sites::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap().id.unwrap();
    for i in 0..200 {
        let input = ListingInput { site_id: site, url: format!("https://www.keskeces.com/dr-{i}"), found_on: "2026-09-01".into(), ..Default::default() };
        let data = listing::validate(&input, today()).unwrap();
        let id = store.transaction(|tx| listings_store::create(tx, &data)).unwrap().id;
        if i % 4 == 0 {
            let sent = Event::ErasureRequested { sent_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(), channel: RequestChannel::WebForm, letter_id: None, registered_number: None };
            store.transaction(|tx| listings_store::record_event(tx, id, &sent, "", today())).unwrap();
        }
    }
    (dir, store)
}

#[divan::bench(sample_count = 30)]
fn summary_10k_reviews_200_listings(bencher: Bencher) {
    let (_dir, store) = populated();
    bencher.bench_local(|| dashboard::summary(&store, today()).unwrap().trend.counts.len());
}
