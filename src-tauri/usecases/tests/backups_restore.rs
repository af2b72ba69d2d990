//! Issue 11, part 3, on real files: the backups listed read-only with their counts, and a restore
//! that checks first, keeps the live file aside, and changes nothing when it refuses.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;

use std::fs;
use std::path::{Path, PathBuf};

use erm_domain::review::ReviewInput;
use erm_store::migrations::{latest_version, MIGRATIONS};
use erm_store::{practice, Store};
use erm_usecases::backups::{self, backup_dir_for};
use erm_usecases::{open_store, reviews};
use erm_usecases::Error;
use fixtures::d;
use rusqlite::Connection;

fn add_review(store: &mut Store, author: &str) -> i64 {
    let input = ReviewInput { author: author.into(), published: "01/03/2026".into(), text: "Très bien.".into(), platform: "Google".into(), ..Default::default() };
    reviews::add(store, &input, d(2026, 3, 10)).unwrap().id
}

fn authors(store: &Store) -> Vec<String> {
    let mut s = store.conn().prepare("SELECT author FROM review ORDER BY id").unwrap();
    s.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

/// A store with a doctor and one review, backed up; then a second review added after the backup.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("erm.sqlite3");
    let mut store = open_store(&db).unwrap();
    store.transaction(|tx| practice::save(tx, &fixtures::doctor())).unwrap();
    add_review(&mut store, "Avant");
    let backup = store.backup_now().unwrap();
    add_review(&mut store, "Après");
    drop(store);
    (dir, db, backup)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

/// Every file of the data folder (sub-folders included) with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(snapshot(&p));
        } else {
            out.push((p.clone(), fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn backups_are_listed_read_only_with_their_counts_and_newest_first() {
    let (dir, db, first) = setup();
    let mut store = open_store(&db).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100)); // a second stamp in the name
    let second = store.backup_now().unwrap();
    fs::write(backup_dir_for(&db).join("notes.sqlite3"), b"pas une base").unwrap();
    fs::write(backup_dir_for(&db).join("sauvegarde-x.sqlite3.partiel"), b"partiel").unwrap();
    let before = snapshot(&backup_dir_for(&db));
    let list = backups::list_backups(&store).unwrap();
    assert_eq!(snapshot(&backup_dir_for(&db)), before, "listing writes nothing, not even a -wal or -shm");
    let files: Vec<&str> = list.iter().map(|b| b.file_name.as_str()).collect();
    assert_eq!(files.len(), 3, "{files:?}");
    assert_eq!(list[0].path, second, "newest first: {files:?}");
    assert_eq!(list[1].path, first);
    assert_eq!(list[0].counts.unwrap().reviews, 2);
    assert_eq!(list[1].counts.unwrap().reviews, 1);
    assert_eq!(list[1].counts.unwrap().letters, 0);
    assert_eq!(list[0].schema_version, Some(latest_version()));
    assert!(!list[0].needs_migration && list[0].unreadable.is_none());
    assert!(list[0].stamped_at.is_some() && list[0].modified_at.is_some() && list[0].size_bytes > 0);
    assert_eq!(list[0].origin, "sauvegarde");
    let junk = list.iter().find(|b| b.file_name == "notes.sqlite3").unwrap();
    assert!(junk.counts.is_none() && junk.unreadable.as_deref().unwrap().contains("pas une sauvegarde lisible"), "{junk:?}");
    add_review(&mut store, "Encore");
    assert!(backups::list_backups_in(&dir.path().join("absent"), None).unwrap().is_empty());
}

#[test]
fn a_restore_brings_the_backup_back_and_keeps_the_current_file_aside() {
    let (_dir, db, backup) = setup();
    let store = open_store(&db).unwrap();
    assert_eq!(authors(&store), ["Avant", "Après"]);
    let closed = backups::close_store(store).unwrap();
    assert_eq!(closed, db);
    let outcome = backups::restore(&db, &backup, None).unwrap();
    assert_eq!(outcome.restored.counts.unwrap().reviews, 1);
    let aside = outcome.kept_aside.unwrap();
    assert!(aside.starts_with(backup_dir_for(&db)));
    assert!(aside.file_name().unwrap().to_string_lossy().starts_with("avant-restauration-"), "{aside:?}");
    assert_eq!(fs::read(&db).unwrap(), fs::read(&backup).unwrap(), "the live file is the backup's bytes");
    assert!(!names(db.parent().unwrap()).iter().any(|n| n.contains(".tmp")), "no temporary file left");

    let store = open_store(&db).unwrap();
    assert_eq!(authors(&store), ["Avant"], "what was added after the backup is gone");
    assert!(store.integrity_check().unwrap().ok);
    drop(store);
    // …and comes back from the file kept aside.
    let kept = backups::check_backup(&aside, None).unwrap();
    assert_eq!(kept.counts.unwrap().reviews, 2);
    assert_eq!(kept.origin, "avant-restauration");
    backups::restore(&db, &aside, None).unwrap();
    assert_eq!(authors(&open_store(&db).unwrap()), ["Avant", "Après"]);
}

/// A refused restore: an error naming why, and not one byte changed in the data folder.
fn refused(db: &Path, backup: &Path, words: &str) {
    let folder = db.parent().unwrap();
    let before = snapshot(folder);
    let err = backups::restore(db, backup, None).unwrap_err();
    assert!(matches!(err, Error::Refused(_)), "{err:?}");
    assert!(err.to_string().contains(words) && err.to_string().contains("Rien n'a été modifié"), "{err}");
    assert_eq!(snapshot(folder), before, "nothing changed");
    assert!(backups::check_backup(backup, None).is_err());
}

#[test]
fn a_damaged_backup_is_refused_and_nothing_changes() {
    let (_dir, db, backup) = setup();
    let mut bytes = fs::read(&backup).unwrap();
    let len = bytes.len();
    assert!(len >= 4096 * 3, "{len} bytes");
    // Overwrite every page but the first (the header and the schema stay readable).
    for b in &mut bytes[4096 + 100..len - 100] {
        *b = 0x5A;
    }
    fs::write(&backup, &bytes).unwrap();
    refused(&db, &backup, "endommagée");
    let listed = backups::list_backups_in(&backup_dir_for(&db), None).unwrap();
    assert_eq!(listed.len(), 1);
    // Cut short in the middle of its header.
    fs::write(&backup, &bytes[..50]).unwrap();
    refused(&db, &backup, "endommagée");
    // Not a database at all.
    fs::write(&backup, "SQLite format 3 — ou presque".repeat(300)).unwrap();
    refused(&db, &backup, "pas une sauvegarde lisible");
}

#[test]
fn a_foreign_sqlite_file_is_refused() {
    let (dir, db, _) = setup();
    let other = dir.path().join("autre.sqlite3");
    let conn = Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE compta (id INTEGER PRIMARY KEY, montant REAL); INSERT INTO compta VALUES (1, 2.5);").unwrap();
    drop(conn);
    refused(&db, &other, "n'est pas une sauvegarde de E-Réputation Médecin");
    // Our version number but not our tables.
    let conn = Connection::open(&other).unwrap();
    conn.pragma_update(None, "user_version", 3).unwrap();
    drop(conn);
    refused(&db, &other, "n'est pas une sauvegarde de E-Réputation Médecin");
}

#[test]
fn a_backup_of_a_newer_version_is_refused() {
    let (_dir, db, backup) = setup();
    let conn = Connection::open(&backup).unwrap();
    conn.pragma_update(None, "user_version", latest_version() + 1).unwrap();
    drop(conn);
    refused(&db, &backup, "version plus récente");
    let listed = backups::list_backups_in(&backup_dir_for(&db), None).unwrap();
    assert_eq!(listed[0].schema_version, Some(latest_version() + 1));
    assert!(listed[0].unreadable.as_deref().unwrap().contains("Mettez l'application à jour"));
}

#[test]
fn an_older_backup_is_listed_with_its_version_restored_and_migrated() {
    let (dir, db, _) = setup();
    // A file as version 3 left it, with one review.
    let old = backup_dir_for(&db).join("sauvegarde-2025-06-01_101010.sqlite3");
    let conn = Connection::open(&old).unwrap();
    for m in MIGRATIONS.iter().filter(|m| m.version <= 3) {
        conn.execute_batch(m.sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 3).unwrap();
    conn.execute(
        "INSERT INTO review (platform, author, published_on, text, dedup_key, created_at, updated_at)
         VALUES ('Google', 'Ancien', '2025-05-01', 'Bien.', ?1, '2025-05-01T10:00:00Z', '2025-05-01T10:00:00Z')",
        [&"a".repeat(64)],
    )
    .unwrap();
    drop(conn);
    let old_bytes = fs::read(&old).unwrap();
    let listed = backups::list_backups_in(&backup_dir_for(&db), None).unwrap();
    let info = listed.iter().find(|b| b.path == old).unwrap();
    assert_eq!(info.schema_version, Some(3));
    assert!(info.needs_migration);
    assert_eq!(info.counts.unwrap().reviews, 1);
    assert_eq!(info.counts.unwrap().cases, 0, "no case table in v3: counted as none");
    assert_eq!(fs::read(&old).unwrap(), old_bytes, "listing never migrates");

    backups::restore(&db, &old, None).unwrap();
    let store = open_store(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    assert_eq!(authors(&store), ["Ancien"]);
    assert!(store.integrity_check().unwrap().ok);
    assert_eq!(fs::read(&old).unwrap(), old_bytes, "the backup itself is untouched");
    drop(dir);
}

#[test]
fn a_file_with_pending_journal_changes_is_not_restored_alone() {
    let (_dir, db, backup) = setup();
    let mut wal = backup.as_os_str().to_owned();
    wal.push("-wal");
    fs::write(PathBuf::from(wal), b"des pages pas encore reportees").unwrap();
    refused(&db, &backup, "journal");
}
