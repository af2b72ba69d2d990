//! What the password option costs (issue 11, part 5): opening a store of 10,000 reviews plain
//! and encrypted (the start-up cost: SQLCipher derives the key with PBKDF2-HMAC-SHA512, 256,000
//! rounds, then decrypts each page it reads), a first query over every review, and `protect`
//! itself (the whole file rewritten encrypted). Each sample starts from a fresh copy of the same
//! file (the copy is not timed). Run with `cargo bench -p erm-usecases --bench cipher`.

use std::path::PathBuf;
use std::sync::OnceLock;

use erm_store::{Passphrase, Store};
use erm_usecases::{open_store, protection};
use sha2::{Digest, Sha256};

const REVIEWS: u32 = 10_000;
const PASSPHRASE: &str = "cheval-agrafe-correct";

fn main() {
    divan::main();
}

fn key() -> Passphrase {
    Passphrase::new(PASSPHRASE).unwrap()
}

/// The same 10,000 reviews, once plain and once encrypted.
fn templates() -> &'static (tempfile::TempDir, PathBuf, PathBuf) {
    static T: OnceLock<(tempfile::TempDir, PathBuf, PathBuf)> = OnceLock::new();
    T.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("clair/erm.sqlite3");
        let mut store = open_store(&plain).unwrap();
        store
            .transaction(|tx| -> rusqlite::Result<()> {
                let mut review = tx.prepare(
                    "INSERT INTO review (platform, author, published_on, rating, text, dedup_key, created_at, updated_at)
                     VALUES ('Google', ?1, '2026-01-05', 3, ?2, ?3, '2026-01-06T10:00:00Z', '2026-01-06T10:00:00Z')",
                )?;
                for k in 0..REVIEWS {
                    let dedup: String = Sha256::digest(k.to_string().as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
                    review.execute(rusqlite::params![format!("Auteur {k}"), format!("Avis numéro {k} : attente longue, accueil correct, explications claires et ordonnance bien expliquée."), dedup])?;
                }
                Ok(())
            })
            .unwrap();
        drop(store);
        let encrypted = dir.path().join("chiffre/erm.sqlite3");
        std::fs::create_dir_all(encrypted.parent().unwrap()).unwrap();
        std::fs::copy(&plain, &encrypted).unwrap();
        let (store, done) = protection::protect(open_store(&encrypted).unwrap(), &key());
        done.unwrap();
        drop(store);
        for p in [&plain, &encrypted] {
            eprintln!("{}: {} bytes", p.display(), std::fs::metadata(p).unwrap().len());
        }
        (dir, plain, encrypted)
    })
}

fn fresh_copy(of: &PathBuf) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("erm.sqlite3");
    std::fs::copy(of, &path).unwrap();
    (dir, path)
}

fn count(store: &Store) -> i64 {
    store.conn().query_row("SELECT count(*) FROM review WHERE text LIKE '%ordonnance%'", [], |r| r.get(0)).unwrap()
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn open_plain(bencher: divan::Bencher) {
    bencher.with_inputs(|| fresh_copy(&templates().1)).bench_values(|(dir, path)| {
        let store = Store::open(&path).unwrap();
        (dir, store)
    });
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn open_encrypted(bencher: divan::Bencher) {
    let k = key();
    bencher.with_inputs(|| fresh_copy(&templates().2)).bench_values(|(dir, path)| {
        let store = Store::open_with_key(&path, Some(&k)).unwrap();
        (dir, store)
    });
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn open_and_scan_plain(bencher: divan::Bencher) {
    bencher.with_inputs(|| fresh_copy(&templates().1)).bench_values(|(dir, path)| {
        let store = Store::open(&path).unwrap();
        assert_eq!(count(&store), i64::from(REVIEWS));
        (dir, store)
    });
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn open_and_scan_encrypted(bencher: divan::Bencher) {
    let k = key();
    bencher.with_inputs(|| fresh_copy(&templates().2)).bench_values(|(dir, path)| {
        let store = Store::open_with_key(&path, Some(&k)).unwrap();
        assert_eq!(count(&store), i64::from(REVIEWS));
        (dir, store)
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn protect_10k_reviews(bencher: divan::Bencher) {
    let k = key();
    bencher
        .with_inputs(|| {
            let (dir, path) = fresh_copy(&templates().1);
            (dir, open_store(&path).unwrap())
        })
        .bench_values(|(dir, store)| {
            let (store, done) = protection::protect(store, &k);
            done.unwrap();
            (dir, store)
        });
}
