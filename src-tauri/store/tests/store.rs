//! The store against real SQLite files: creation, re-opening, migrations from every earlier
//! schema, backups, and files that must be refused without being touched.

use std::path::Path;

use erm_domain::practice::{validate, PractitionerInput};
use erm_store::migrations::{self, latest_version, Migration, MIGRATIONS};
use erm_store::{practice, Store, StoreError};
use rusqlite::Connection;

fn input(first: &str, last: &str, rpps: &str) -> PractitionerInput {
    PractitionerInput {
        civility: "madame".into(),
        title: "docteur".into(),
        first_name: first.into(),
        last_name: last.into(),
        specialty: "Médecine générale".into(),
        designation: String::new(),
        rpps: rpps.into(),
        address_lines: vec!["12 rue Cabanis".into()],
        postcode: "75014".into(),
        city: "Paris".into(),
        phone: "01 40 64 14 70".into(),
        email: "cabinet@exemple.fr".into(),
        signature_city: String::new(),
        is_default: false,
        row_version: None,
    }
}

fn add(store: &mut Store, first: &str, last: &str, rpps: &str) -> i64 {
    let p = validate(&input(first, last, rpps)).unwrap();
    store.transaction(|tx| practice::save(tx, &p)).unwrap().id.unwrap()
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn creates_migrates_and_reopens_with_data_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/base.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), latest_version());
        add(&mut store, "Hélène", "Dupré", "10003456789");
    }
    let store = Store::open(&path).unwrap();
    let all = practice::list(store.conn()).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].first_name, "Hélène");
    assert!(all[0].is_default, "the first doctor becomes the default signer");
    let mode: String = store.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store.conn().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
    assert!(!dir.path().join("sub/dir/sauvegardes").exists(), "a fresh database needs no pre-migration copy");
}

#[test]
fn migrates_from_every_earlier_schema_and_copies_the_file_first() {
    for start in 1..latest_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("base.sqlite3");
        {
            // Build the database as an older release left it.
            let conn = Connection::open(&path).unwrap();
            for m in MIGRATIONS.iter().filter(|m| m.version <= start) {
                conn.execute_batch(m.sql).unwrap();
            }
            conn.pragma_update(None, "user_version", start).unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), latest_version(), "from v{start}");
        let copies: Vec<_> = std::fs::read_dir(dir.path().join("sauvegardes")).unwrap().collect();
        assert_eq!(copies.len(), 1, "one copy before migrating from v{start}");
        let copy = copies[0].as_ref().unwrap().path();
        assert!(copy.file_name().unwrap().to_string_lossy().starts_with(&format!("avant-migration-v{start}-")));
        let old = Connection::open(&copy).unwrap();
        let v: i64 = old.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, start, "the copy keeps the old schema");
    }
}

#[test]
fn the_default_signer_moves_and_survives_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    let a = add(&mut store, "Anne", "Martin", "10000000001");
    let b = add(&mut store, "Bruno", "Petit", "10000000002");
    store.transaction(|tx| practice::set_default(tx, b)).unwrap();
    let list = practice::list(store.conn()).unwrap();
    assert_eq!(list.iter().filter(|p| p.is_default).count(), 1);
    assert_eq!(list[0].id, Some(b));
    store.transaction(|tx| practice::delete(tx, b)).unwrap();
    let list = practice::list(store.conn()).unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].is_default && list[0].id == Some(a));
}

#[test]
fn a_duplicate_rpps_is_refused_on_its_field_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    add(&mut store, "Anne", "Martin", "10000000001");
    let p = validate(&input("Other", "Doctor", "10000000001")).unwrap();
    let err = store.transaction(|tx| practice::save(tx, &p)).unwrap_err();
    match err {
        StoreError::Invalid(inv) => assert!(inv.has("rpps")),
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(practice::list(store.conn()).unwrap().len(), 1);
}

#[test]
fn backup_on_demand_is_a_complete_readable_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    add(&mut store, "Zoë", "Lefèvre", "10000000003");
    let first = store.backup_now().unwrap();
    let second = store.backup_now().unwrap();
    assert_ne!(first, second, "two backups in the same second do not overwrite each other");
    let copy = Store::open(&first).unwrap();
    assert_eq!(practice::list(copy.conn()).unwrap()[0].last_name, "Lefèvre");
    let report = store.integrity_check().unwrap();
    assert!(report.ok, "{:?}", report.messages);
}

#[test]
fn a_backup_reports_its_progress_and_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    for i in 0..200 {
        add(&mut store, "Zoë", "Lefèvre", &format!("{:011}", 10000000000u64 + i));
    }
    let mut seen = Vec::new();
    let path = store.backup_with_progress(|done, total| seen.push((done, total))).unwrap();
    let (last_done, total) = *seen.last().expect("progress was reported");
    assert!(total > 0 && last_done == total, "ends complete: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "progress never goes back: {seen:?}");
    let names: Vec<String> = std::fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.ends_with(".partiel")), "{names:?}");
    let copy = Store::open(&path).unwrap();
    assert_eq!(practice::list(copy.conn()).unwrap().len(), 200);
    assert!(copy.integrity_check().unwrap().ok);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.sqlite3");
    std::fs::write(&path, b"Ceci n'est pas une base SQLite, mais un texte quelconque assez long.").unwrap();
    let before = bytes(&path);
    // Without its SQLite header a file may be a protected store (SQLCipher files look random):
    // the passphrase is asked for, and the sentence says what else it can be.
    let err = Store::open(&path).err().expect("must refuse");
    assert!(matches!(err, StoreError::PassphraseNeeded), "{err:?}");
    assert!(err.to_string().contains("pas une base de l'application") && err.to_string().contains("n'a pas été modifié"), "{err}");
    // With a passphrase, it is not ours either way.
    let key = erm_store::Passphrase::new("un mot de passe").unwrap();
    let err = Store::open_with_key(&path, Some(&key)).err().expect("must refuse");
    assert!(matches!(err, StoreError::WrongPassphrase), "{err:?}");
    assert!(err.to_string().contains("n'a pas été modifié"), "{err}");
    assert_eq!(bytes(&path), before);
    assert!(!dir.path().join("b.sqlite3-wal").exists());
}

#[test]
fn a_damaged_database_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.sqlite3");
    {
        let mut store = Store::open(&path).unwrap();
        for i in 0..200 {
            add(&mut store, "Anne", "Martin", &format!("1{:010}", i));
        }
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;").unwrap();
    }
    // Scribble over the middle of the file, past the header page.
    let mut data = bytes(&path);
    let len = data.len();
    assert!(len > 8192, "test database too small: {len}");
    for b in &mut data[4096..len - 1024] {
        *b = 0xA5;
    }
    std::fs::write(&path, &data).unwrap();
    let err = Store::open(&path).err().expect("must refuse a damaged file");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert_eq!(bytes(&path), data, "the damaged file is kept as it was for recovery");
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.sqlite3");
    {
        let store = Store::open(&path).unwrap();
        store.conn().pragma_update(None, "user_version", latest_version() + 1).unwrap();
        store.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path).err().expect("must refuse");
    assert!(matches!(err, StoreError::TooNew { .. }), "{err:?}");
    assert!(err.to_string().contains("version plus récente"));
    assert_eq!(bytes(&path), before);
}

#[test]
fn another_programs_sqlite_file_is_not_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.sqlite3");
    Connection::open(&path).unwrap().execute_batch("CREATE TABLE invoices (id INTEGER);").unwrap();
    let err = Store::open(&path).err().expect("must refuse");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
}

#[test]
fn a_database_locked_by_another_program_gives_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.sqlite3");
    drop(Store::open(&path).unwrap());
    // Make it look like an older schema so opening must write (migrate), then hold a write lock.
    Connection::open(&path).unwrap().pragma_update(None, "user_version", 0).unwrap();
    let holder = Connection::open(&path).unwrap();
    holder.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;").unwrap();
    let err = Store::open(&path).err().expect("must refuse while locked");
    assert!(matches!(err, StoreError::Locked), "{err:?}");
    assert!(err.to_string().contains("autre programme"));
}

#[test]
fn a_failing_migration_rolls_back_completely_and_keeps_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.sqlite3");
    let mut conn = Connection::open(&path).unwrap();
    let broken = [
        Migration { version: 1, name: "ok", sql: "CREATE TABLE a (x INTEGER);" },
        Migration { version: 2, name: "broken", sql: "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);" },
    ];
    let err = migrations::apply(&mut conn, &broken).unwrap_err();
    assert!(matches!(err, StoreError::Migration { version: 2, .. }), "{err:?}");
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 1);
    let b_exists: bool = conn
        .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'b')", [], |r| r.get(0))
        .unwrap();
    assert!(!b_exists, "half of migration 2 must not remain");
}
