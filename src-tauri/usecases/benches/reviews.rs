//! Figures for the reviews inbox: importing 10,000 reviews from a CSV file into a fresh
//! database file, and the inbox query (full text and filters) on a database of 10,000 reviews
//! (aim: ≤ 50 ms). Run: `cargo bench -p erm-usecases --bench reviews`.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use divan::Bencher;
use erm_domain::review::ReviewStatus;
use erm_usecases::import::{import_file, ImportFormat};
use erm_store::reviews::{self, ReviewFilter};
use erm_store::Store;

fn main() {
    divan::main();
}

const REVIEWS: usize = 10_000;

const WORDS: &[&str] = &[
    "attente", "secrétariat", "désagréable", "accueil", "chaleureux", "médecin", "écoute", "rendez-vous",
    "téléphone", "cabinet", "propre", "rapide", "consultation", "heure", "retard", "gentille", "très",
    "professionnel", "compétent", "sympathique", "difficile", "joindre", "dépassement", "honoraires", "salle",
    "parking", "accès", "fauteuil", "explications", "claires", "pressé", "sérieux", "recommande", "bof",
    "déçu", "excellent", "horaires", "samedi", "urgence", "créneau", "annulé", "prévenu", "aimable", "froid",
];

/// A deterministic, varied CSV of `n` reviews (~250 characters of text each).
fn csv(n: usize) -> String {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let platforms = ["Google", "Doctolib", "PagesJaunes", "Mondocteur"];
    let mut out = String::from("plateforme;url;auteur;date;note;texte\n");
    for i in 0..n {
        let r = next();
        let date = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Duration::days((r % 2900) as i64);
        let mut text = String::new();
        for _ in 0..(25 + r % 15) {
            let w = WORDS[(next() % WORDS.len() as u64) as usize];
            text.push_str(w);
            text.push(' ');
        }
        let _ = writeln!(
            out,
            "{};https://exemple.test/avis/{i};Auteur {i};{};{};\"{}\"",
            platforms[(r % 4) as usize],
            date.format("%d/%m/%Y"),
            1 + r % 5,
            text.trim_end()
        );
    }
    out
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

struct Fresh {
    _dir: tempfile::TempDir,
    store: Store,
    csv: PathBuf,
}

fn fresh(csv_text: &str) -> Fresh {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("base.sqlite3")).unwrap();
    let csv = dir.path().join("avis.csv");
    std::fs::write(&csv, csv_text).unwrap();
    Fresh { _dir: dir, store, csv }
}

/// Parse, validate and insert 10,000 reviews (one transaction) into a new database file.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn import_10k_csv(bencher: Bencher) {
    let text = csv(REVIEWS);
    bencher.with_inputs(|| fresh(&text)).bench_local_values(|mut f| {
        let report = import_file(&mut f.store, &f.csv, ImportFormat::Csv, today()).unwrap();
        assert_eq!(report.inserted, REVIEWS, "{:?}", report.rejected.first());
        f
    });
}

/// A database file with 10,000 imported reviews, a quarter of them moved out of "nouveau".
fn populated() -> Fresh {
    let mut f = fresh(&csv(REVIEWS));
    let report = import_file(&mut f.store, &f.csv, ImportFormat::Csv, today()).unwrap();
    assert_eq!(report.inserted, REVIEWS, "{:?}", report.rejected.first());
    f.store
        .conn()
        .execute_batch(
            "UPDATE review SET qualification = 'lawful', qualified_on = '2026-03-01', status = 'to_answer' WHERE id % 4 = 0;",
        )
        .unwrap();
    f
}

/// From broad (about half the reviews match "desagreable" or "rendez") to nothing ("zzzz").
const QUERIES: &[&str] = &["desagreable", "secretariat desagreable", "dépassement honoraires", "rendez", "zzzz"];

/// One inbox page (50) plus the total, filtered by full text only.
#[divan::bench(args = QUERIES, sample_count = 50)]
fn full_text_10k(bencher: Bencher, query: &str) {
    let f = populated();
    let filter = ReviewFilter { text: Some(query.into()), ..Default::default() };
    bencher.bench_local(|| reviews::list(f.store.conn(), &filter).unwrap().total);
}

/// Full text combined with status, platform and rating range.
#[divan::bench(sample_count = 50)]
fn full_text_and_filters_10k(bencher: Bencher) {
    let f = populated();
    let filter = ReviewFilter {
        statuses: vec![ReviewStatus::New],
        platform: Some("google".into()),
        min_rating: Some(1),
        max_rating: Some(2),
        text: Some("attente désagréable".into()),
        ..Default::default()
    };
    bencher.bench_local(|| reviews::list(f.store.conn(), &filter).unwrap().total);
}

/// The inbox as it opens: no filter, newest first, first page and total.
#[divan::bench(sample_count = 50)]
fn first_page_unfiltered_10k(bencher: Bencher) {
    let f = populated();
    bencher.bench_local(|| reviews::list(f.store.conn(), &ReviewFilter::default()).unwrap().total);
}
