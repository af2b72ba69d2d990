//! Issue 11, part 2: upgrades over real data.
//!
//! * Shipped migrations are pinned by their SHA-256: editing one fails here.
//! * A migration that fails leaves the file byte for byte as it was, and the French message
//!   says where the copy made before the attempt is.

use std::path::Path;

use erm_store::migrations::{self, Migration, MIGRATIONS};
use erm_store::{Store, StoreError};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

/// The SHA-256 of every migration that has shipped, as released. Never update one of these
/// to make the test pass: a shipped migration has already run on doctors' files.
const SHIPPED: &[(&str, &str)] = &[
    ("0001_foundation", "e654206f4af901db7a1c45f68aed9be00e9bbb89ef3f6409ea96c7ae63f05973"),
    ("0002_listings", "a10075c6a8ea131837a080e8723a0a9661de6783e1bc0fec6d934b9b9d593a89"),
    ("0003_reviews", "b781273cb0c650691ac921dbb2808d0e36ccdb051a0862e6c90ff1e5b6d5da96"),
    ("0004_reply_templates", "8907f07384217174d7b13354bd1c35c2cda0ce56f6a9d1d94016dc6b7dbe9d10"),
    ("0005_reply_acks_and_drafts", "a965faccccd8c6f8910a34c0273dcbba426eb7c9c405c3d97e6a05bb780beda7"),
    ("0006_practitioner_designation", "bd4d0d04ccfa8d226d9e20a3bc084bb33359a882a55ca10e61bbf58b884e302d"),
    ("0007_review_translation", "a503b1de48e7a9adb817296e67b04c06ca6fb0ae2efbbcc22bb66e02b462123d"),
    ("0008_cases", "aec829ae960b80be111fb70510dd4fb41b3749a920287a28dd70d3b1e86bdf3b"),
    ("0009_veille", "5dbf10b4d0f191b84ef29da2db020059bd5d5cbe5b904bcc47829bd74ae46648"),
    ("0010_row_versions", "2ed41268cf8d11dc31aedbe27d8c3dcaa57e68ebb80e5e79dd17706872bfc48b"),
];

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn shipped_migrations_are_never_edited() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/migrations");
    for (i, (name, pinned)) in SHIPPED.iter().enumerate() {
        // Both what is compiled in and the file on disk (they are the same file; checking both
        // also catches a renamed entry in MIGRATIONS).
        let m = MIGRATIONS.get(i).unwrap_or_else(|| panic!("shipped migration {name} was removed from MIGRATIONS"));
        assert_eq!((m.version, m.name), (i as i64 + 1, *name), "shipped migration {name} was renumbered or renamed: add a new migration instead");
        let on_disk = std::fs::read(dir.join(format!("{name}.sql"))).unwrap_or_else(|e| panic!("{name}.sql: {e}"));
        for (what, bytes) in [("compiled", m.sql.as_bytes()), ("file", on_disk.as_slice())] {
            assert_eq!(
                sha256_hex(bytes),
                *pinned,
                "the shipped migration {name}.sql ({what}) was edited: it has already run on doctors' files, so add a new migration instead"
            );
        }
    }
    // Every migration file in the folder is either pinned or new (and listed).
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    assert!(files.len() >= SHIPPED.len(), "{files:?}");
    assert_eq!(files.len(), MIGRATIONS.len(), "a migration file is not listed in MIGRATIONS: {files:?}");
}

/// A version-7 file as the app leaves it (WAL, checkpointed), with a row.
fn v7_file(path: &Path) {
    let mut conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    migrations::apply(&mut conn, &MIGRATIONS[..7]).unwrap();
    conn.execute_batch(r#"INSERT INTO setting (key, value) VALUES ('essai', '"v7"');"#).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
}

#[test]
fn a_migration_failing_at_its_last_step_leaves_the_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.sqlite3");
    v7_file(&path);
    let before = std::fs::read(&path).unwrap();
    let mut list: Vec<Migration> = MIGRATIONS[..7].iter().map(|m| Migration { version: m.version, name: m.name, sql: m.sql }).collect();
    // The real migration 8, then a statement that fails at its very end.
    let broken_sql: &'static str = Box::leak(format!("{}\nINSERT INTO nowhere VALUES (1);", MIGRATIONS[7].sql).into_boxed_str());
    list.push(Migration { version: 8, name: "0008_broken", sql: broken_sql });
    {
        let mut conn = Connection::open(&path).unwrap();
        let err = migrations::apply(&mut conn, &list).unwrap_err();
        assert!(matches!(err, StoreError::Migration { version: 8, .. }), "{err:?}");
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 7);
    }
    assert!(std::fs::read(&path).unwrap() == before, "a failed migration changed the file");
}

#[test]
fn a_failed_migration_on_open_leaves_the_file_as_it_was_and_says_where_the_backup_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.sqlite3");
    v7_file(&path);
    {
        // Something a damaged or hand-edited v7 file could hold: a table named like the index
        // migration 8 creates last, so the real migration 8 fails at its last statement. (A
        // view or a trigger we never made is refused before any migration: issue 21.7.)
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE letter_case (x); PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("migration 8 must fail");
    let StoreError::Migration { version: 8, backup: Some(backup), .. } = &err else { panic!("{err:?}") };
    let message = err.to_string();
    assert!(message.contains("état précédent"), "{message}");
    assert!(message.contains(&backup.display().to_string()), "the message names the backup: {message}");
    assert!(backup.starts_with(dir.path().join("sauvegardes")), "{}", backup.display());
    assert!(std::fs::read(&path).unwrap() == before, "a failed migration changed the file");
    // The named backup is a sound copy of the version-7 file.
    let copy = Connection::open(backup).unwrap();
    let v: i64 = copy.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!((v, check.as_str()), (7, "ok"));
    let views: i64 = copy.query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'letter_case'", [], |r| r.get(0)).unwrap();
    assert_eq!(views, 1, "the copy is of the file as it was");
}
