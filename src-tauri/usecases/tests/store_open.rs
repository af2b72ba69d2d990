//! How the store file is found at start, on real files: absent, empty (never started afresh
//! silently), plain, encrypted-looking; and a file or folder that cannot be written, opened
//! read-only so the doctor still sees the data.
//!
//! The tests run as root, for whom `chmod` stops nothing: a file or folder is made truly
//! unwritable with `chattr +i` (ext2/3/4), removed again by a drop guard. Where `chattr` does not
//! work, those tests say so on stderr and check the read-only open forced directly instead.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use erm_store::migrations::{self, latest_version, MIGRATIONS};
use erm_store::{probe, FileState, Store, StoreError};
use erm_usecases::{open_store, open_store_or_read_only, start_afresh};
use erm_usecases::Error;
use rusqlite::Connection;

/// `chattr +i` on a path for the guard's life: not even root can write it or, for a folder,
/// create, rename or delete anything in it.
struct Immutable(PathBuf);

impl Immutable {
    fn set(path: &Path) -> Option<Immutable> {
        let ok = Command::new("chattr").arg("+i").arg(path).status().is_ok_and(|s| s.success());
        if !ok {
            eprintln!("chattr +i does not work here: read-only opens tested by forcing them only");
            return None;
        }
        let guard = Immutable(path.to_owned());
        // Proof that it holds for this process (root) too.
        let probe = if path.is_dir() { path.join("essai") } else { path.to_owned() };
        if fs::OpenOptions::new().append(true).create(true).open(&probe).is_ok() {
            let _ = fs::remove_file(path.join("essai"));
            eprintln!("chattr +i did not stop a write here: read-only opens tested by forcing them only");
            return None;
        }
        Some(guard)
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

/// A closed store (WAL mode, no -wal or -shm left) holding one setting.
fn store_with_a_setting(db: &Path) {
    let store = open_store(db).unwrap();
    store.conn().execute("INSERT INTO setting (key, value) VALUES ('essai', '\"lu\"')", []).unwrap();
    drop(store);
}

fn setting(store: &Store) -> String {
    store.conn().query_row("SELECT value FROM setting WHERE key = 'essai'", [], |r| r.get(0)).unwrap()
}

fn assert_writes_refused(store: &mut Store) {
    let e = store.conn().execute("INSERT INTO setting (key, value) VALUES ('x', '1')", []).unwrap_err();
    assert!(matches!(StoreError::from(e), StoreError::ReadOnly { .. }));
    let e = store.transaction(|tx| tx.execute("INSERT INTO setting (key, value) VALUES ('y', '1')", []).map_err(StoreError::from)).unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
    assert!(e.to_string().contains("lecture seule"), "{e}");
}

#[test]
fn probe_tells_absent_empty_plain_and_anything_else() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("erm.sqlite3");
    assert_eq!(probe(&db).unwrap(), FileState::Absent);
    fs::write(&db, b"").unwrap();
    assert_eq!(probe(&db).unwrap(), FileState::Empty);
    fs::remove_file(&db).unwrap();
    store_with_a_setting(&db);
    assert_eq!(probe(&db).unwrap(), FileState::Plain);
    let other = dir.path().join("autre.sqlite3");
    fs::write(&other, b"%PDF-1.7 pas une base").unwrap();
    assert_eq!(probe(&other).unwrap(), FileState::Encrypted, "documented: anything not SQLite looks encrypted");
    fs::write(&other, b"SQLite").unwrap();
    assert_eq!(probe(&other).unwrap(), FileState::Encrypted, "a header cut short is not a SQLite file");
}

#[test]
fn an_empty_file_is_refused_untouched_then_started_afresh_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("erm.sqlite3");
    fs::write(&db, b"").unwrap();
    for _ in 0..2 {
        let err = Store::open(&db).err().unwrap();
        assert!(matches!(err, StoreError::EmptyFile { .. }), "{err:?}");
        assert!(err.to_string().contains("est vide") && err.to_string().contains("sauvegardes"), "{err}");
        let err = open_store(&db).err().unwrap();
        assert!(matches!(err, Error::Store(StoreError::EmptyFile { .. })), "{err:?}");
    }
    assert_eq!(names(dir.path()), ["erm.sqlite3"], "nothing created beside it");
    assert_eq!(fs::metadata(&db).unwrap().len(), 0);

    let store = start_afresh(&db).unwrap();
    let sites: i64 = store.conn().query_row("SELECT count(*) FROM site", [], |r| r.get(0)).unwrap();
    assert!(sites > 0, "the catalogue is seeded as open_store does");
    assert_eq!(store.schema_version().unwrap(), latest_version());
    drop(store);
    let aside: Vec<String> = names(dir.path()).into_iter().filter(|n| n.starts_with("erm.sqlite3.vide-")).collect();
    assert_eq!(aside.len(), 1, "{:?}", names(dir.path()));
    assert_eq!(fs::metadata(dir.path().join(&aside[0])).unwrap().len(), 0, "the empty file is kept aside");

    // Never on a file with data in it.
    let before = fs::read(&db).unwrap();
    let err = start_afresh(&db).err().unwrap();
    assert!(matches!(err, Error::Refused(_)), "{err:?}");
    assert_eq!(fs::read(&db).unwrap(), before);
}

#[test]
fn a_read_only_folder_opens_read_only_with_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("donnees");
    let db = folder.join("erm.sqlite3");
    store_with_a_setting(&db);
    assert_eq!(names(&folder), ["erm.sqlite3"], "closed: no -wal, no -shm");
    let Some(_guard) = Immutable::set(&folder) else {
        let mut store = Store::open_read_only(&db, None).unwrap();
        assert!(store.is_read_only());
        assert_eq!(setting(&store), "\"lu\"");
        assert_writes_refused(&mut store);
        return;
    };
    let err = Store::open(&db).err().unwrap();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "a read-write open says read-only: {err:?}");
    let (mut store, read_only) = open_store_or_read_only(&db, None).unwrap();
    assert!(read_only && store.is_read_only());
    assert_eq!(setting(&store), "\"lu\"");
    assert_writes_refused(&mut store);
    drop(store);
    assert_eq!(names(&folder), ["erm.sqlite3"], "nothing written beside it");
}

#[test]
fn a_read_only_file_opens_read_only_and_sees_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("vivante/erm.sqlite3");
    let db = dir.path().join("erm.sqlite3");
    {
        // A copy taken while the store was open: the setting is only in the -wal.
        let store = open_store(&live).unwrap();
        store.conn().execute("INSERT INTO setting (key, value) VALUES ('essai', '\"lu\"')", []).unwrap();
        fs::copy(&live, &db).unwrap();
        fs::copy(live.with_extension("sqlite3-wal"), db.with_extension("sqlite3-wal")).unwrap();
    }
    let Some(guard) = Immutable::set(&db) else { return };
    let before = fs::read(&db).unwrap();
    let (mut store, read_only) = open_store_or_read_only(&db, None).unwrap();
    assert!(read_only);
    assert_eq!(setting(&store), "\"lu\"");
    assert_writes_refused(&mut store);
    drop(store);
    drop(guard);
    assert_eq!(fs::read(&db).unwrap(), before, "not one byte changed");
    // Writable again: the ordinary open, read-write.
    let (store, read_only) = open_store_or_read_only(&db, None).unwrap();
    assert!(!read_only && !store.is_read_only());
}

#[test]
fn a_forced_read_only_open_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("erm.sqlite3");
    store_with_a_setting(&db);
    let before = fs::read(&db).unwrap();
    let mut store = Store::open_read_only(&db, None).unwrap();
    assert!(store.is_read_only() && !store.is_protected());
    assert_eq!(setting(&store), "\"lu\"");
    assert_writes_refused(&mut store);
    drop(store);
    assert_eq!(fs::read(&db).unwrap(), before);
    assert!(matches!(Store::open_read_only(&dir.path().join("absent.sqlite3"), None), Err(StoreError::Io { .. })));
}

#[test]
fn an_older_schema_read_only_says_it_must_be_writable_to_be_updated() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("donnees");
    fs::create_dir_all(&folder).unwrap();
    let db = folder.join("erm.sqlite3");
    {
        let mut conn = Connection::open(&db).unwrap();
        migrations::apply(&mut conn, &MIGRATIONS[..7]).unwrap();
    }
    let before = fs::read(&db).unwrap();
    let guard = Immutable::set(&folder);
    let err = match guard {
        Some(_) => open_store_or_read_only(&db, None).err().unwrap(),
        None => Store::open_read_only(&db, None).err().unwrap().into(),
    };
    assert!(matches!(err, Error::Store(StoreError::ReadOnlyOutdated { found: 7, .. })), "{err:?}");
    assert!(err.to_string().contains("modifiable"), "{err}");
    drop(guard);
    assert_eq!(fs::read(&db).unwrap(), before);
}
