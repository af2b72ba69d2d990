//! Migration cost on a large practice: a version-7 store holding 10,000 reviews and 500 stored
//! letters (real rows of the first wording, `tests/letters_fixtures/legacy_v1.json`) brought to
//! the current version, (a) by `Store::open` as the app does it — the `VACUUM INTO` copy to
//! `sauvegardes/` first, then the migration — and (b) by the migrations alone. Each sample starts
//! from a fresh copy of the same file (the copy is not timed).

use std::path::PathBuf;
use std::sync::OnceLock;

use erm_store::migrations::{self, MIGRATIONS};
use erm_store::Store;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

const REVIEWS: u32 = 10_000;
const LETTERS: u32 = 500;

fn main() {
    divan::main();
}

fn template() -> &'static (tempfile::TempDir, PathBuf) {
    static T: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    T.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v7.sqlite3");
        let mut conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        migrations::apply(&mut conn, &MIGRATIONS[..7]).unwrap();
        let rows: Vec<serde_json::Value> = serde_json::from_str(include_str!("../../documents/tests/letters_fixtures/legacy_v1.json")).unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut review = tx
                .prepare(
                    "INSERT INTO review (platform, author, published_on, rating, text, dedup_key, created_at, updated_at)
                     VALUES ('Google', ?1, '2026-01-05', 3, ?2, ?3, '2026-01-06T10:00:00Z', '2026-01-06T10:00:00Z')",
                )
                .unwrap();
            for k in 0..REVIEWS {
                let key: String = Sha256::digest(k.to_string().as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
                review
                    .execute(rusqlite::params![format!("Auteur {k}"), format!("Avis numéro {k} : attente longue, accueil correct, explications claires et ordonnance bien expliquée."), key])
                    .unwrap();
            }
            let mut letter = tx.prepare("INSERT INTO letter (kind, recipient, data, created_at) VALUES (?1, ?2, ?3, '2026-01-06T10:00:00Z')").unwrap();
            for k in 0..LETTERS as usize {
                let mut row = rows[k % rows.len()].clone();
                row.as_object_mut().unwrap().remove("sha256");
                row["file_name"] = serde_json::json!(format!("courrier-{k}.pdf"));
                letter.execute(rusqlite::params![row["letter"]["kind"].as_str().unwrap(), row["recipient"].to_string(), row.to_string()]).unwrap();
            }
        }
        tx.commit().unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
        drop(conn);
        eprintln!("v7 store: {} bytes", std::fs::metadata(&path).unwrap().len());
        (dir, path)
    })
}

/// A fresh copy of the version-7 file in its own folder (so backups do not pile up).
fn fresh_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("erm.sqlite3");
    std::fs::copy(&template().1, &path).unwrap();
    (dir, path)
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn open_migrates_7_to_8_with_backup(bencher: divan::Bencher) {
    bencher.with_inputs(fresh_copy).bench_values(|(dir, path): (tempfile::TempDir, PathBuf)| {
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), erm_store::migrations::latest_version());
        (dir, store)
    });
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn migrations_alone_7_to_8(bencher: divan::Bencher) {
    bencher
        .with_inputs(|| {
            let (dir, path) = fresh_copy();
            let conn = Connection::open(&path).unwrap();
            (dir, conn)
        })
        .bench_values(|(dir, mut conn): (tempfile::TempDir, Connection)| {
            migrations::apply(&mut conn, MIGRATIONS).unwrap();
            (dir, conn)
        });
}

