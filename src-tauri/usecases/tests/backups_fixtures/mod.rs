//! The figures scenario of issue 11, shared by `tests/backups_figures.rs` (small, checked on
//! every `cargo test`) and `benches/backup.rs` (10,000 reviews and 500 letters, release build):
//! a store filled, then backed up, listed, exported, restored and imported, each step timed and
//! checked for what it produced.

use std::time::Instant;

use erm_domain::listing::{self, ListingInput};
use erm_domain::site::{self, Site, SiteInput};
use erm_documents::letters::LayoutSettings;
use erm_store::listings as listings_store;
use erm_store::vault::Vault;
use erm_store::{practice, sites};
use erm_usecases::backups;
use erm_usecases::full_export::{import_full_export, plan_full_export, write_full_export};
use erm_usecases::letters::listing::{plan, record, ListingLetterKind};
use erm_usecases::open_store;

use super::fixtures::{d, doctor};

/// Runs the scenario over `reviews` reviews and `letters` letters and prints the timings.
pub fn run(reviews: i64, letters: i64) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("erm.sqlite3");
    let vault = Vault::new(dir.path().join("preuves"));
    let mut store = open_store(&db).unwrap();
    store.transaction(|tx| practice::save(tx, &doctor())).unwrap();
    let s = sites::find_by_domain(store.conn(), "keskeces.com").unwrap().unwrap();
    let mut input = SiteInput::from(&s);
    input.publisher_company = "Éditeur Exemple".into();
    input.publisher_legal_form = "SAS".into();
    input.publisher_office_lines = vec!["12 rue de la Paix".into(), "75002 Paris".into()];
    let edited = site::validate(&input, d(2026, 8, 29)).unwrap();
    let sid = store.transaction(|tx| sites::save(tx, &Site { id: s.id, builtin_key: s.builtin_key.clone(), ..edited })).unwrap().id.unwrap();
    let data = listing::validate(
        &ListingInput { site_id: sid, url: "https://www.keskeces.com/medecin/dupre".into(), shows: vec!["reviews".into()], found_on: "2026-09-01".into(), notes: String::new(), site_mismatch_ok: false, row_version: None },
        d(2026, 9, 1),
    )
    .unwrap();
    let lid = store.transaction(|tx| listings_store::create(tx, &data)).unwrap().id;
    let planned = plan(&store, lid, ListingLetterKind::ErasureRequest, None, LayoutSettings::default(), d(2026, 9, 2)).unwrap();
    let first = record(&mut store, &planned).unwrap().row.id;
    store
        .transaction(|tx| -> rusqlite::Result<()> {
            for _ in 1..letters {
                tx.execute("INSERT INTO letter (kind, listing_id, recipient, data, created_at) SELECT kind, listing_id, recipient, data, created_at FROM letter WHERE id = ?1", [first])?;
            }
            let mut ins = tx.prepare(
                "INSERT INTO review (platform, author, published_on, rating, text, dedup_key, created_at, updated_at)
                 VALUES ('Google', ?1, '2026-05-01', 4, ?2, ?3, '2026-05-01T10:00:00Z', '2026-05-01T10:00:00Z')",
            )?;
            for i in 0..reviews {
                let text = format!("Avis n° {i} : consultation ponctuelle, médecin à l'écoute, explications claires, un peu d'attente en salle. ").repeat(3);
                ins.execute(rusqlite::params![format!("Patient {i}"), text, format!("{i:064}")])?;
            }
            Ok(())
        })
        .unwrap();
    let size = std::fs::metadata(&db).unwrap().len() + std::fs::metadata(dir.path().join("erm.sqlite3-wal")).map_or(0, |m| m.len());

    let t = Instant::now();
    let backup = store.backup_now().unwrap();
    let backup_s = t.elapsed().as_secs_f64();
    let backup_size = std::fs::metadata(&backup).unwrap().len();

    let t = Instant::now();
    let listed = backups::list_backups(&store).unwrap();
    let list_s = t.elapsed().as_secs_f64();
    assert_eq!(listed[0].counts.unwrap().reviews, reviews);
    assert_eq!(listed[0].counts.unwrap().letters, letters);

    let t = Instant::now();
    let plan_ = plan_full_export(&store, &vault, d(2026, 11, 30)).unwrap();
    let plan_s = t.elapsed().as_secs_f64();
    let dest = dir.path().join(&plan_.file_name);
    let t = Instant::now();
    let report = write_full_export(plan_, &dest, |_, _| {}).unwrap();
    let export_s = t.elapsed().as_secs_f64();
    assert_eq!(report.entries.iter().filter(|e| e.name.ends_with(".pdf")).count() as i64, letters);

    let t = Instant::now();
    let path = backups::close_store(store).unwrap();
    let outcome = backups::restore(&path, &backup, None).unwrap();
    let restore_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let store = open_store(&path).unwrap();
    let reopen_s = t.elapsed().as_secs_f64();
    let n: i64 = store.conn().query_row("SELECT count(*) FROM review", [], |r| r.get(0)).unwrap();
    assert_eq!(n, reviews);
    assert!(outcome.kept_aside.is_some());

    let other = tempfile::tempdir().unwrap();
    let mut fresh = open_store(&other.path().join("erm.sqlite3")).unwrap();
    let t = Instant::now();
    let imported = import_full_export(&mut fresh, &Vault::new(other.path().join("preuves")), &dest, |_, _| {}).unwrap();
    let import_s = t.elapsed().as_secs_f64();
    assert_eq!((imported.counts.reviews, imported.counts.letters), (reviews, letters));

    let profile = if cfg!(debug_assertions) { "debug (unoptimised)" } else { "release" };
    println!("figures, {profile} build: {reviews} reviews + {letters} letters, database {:.1} MB", size as f64 / 1e6);
    println!("  backup (online backup API, fsync, rename): {backup_s:.2} s, {:.1} MB", backup_size as f64 / 1e6);
    println!("  list backups (read-only, counts):          {list_s:.3} s");
    println!("  restore (full check, copy, fsync, swap):   {restore_s:.2} s; reopen {reopen_s:.2} s");
    println!("  full export: plan under the lock {plan_s:.2} s, write ({letters} PDFs + JSON + zip) {export_s:.2} s, {:.1} MB", report.archive_bytes as f64 / 1e6);
    println!("  full import into an empty store:           {import_s:.2} s");
}
