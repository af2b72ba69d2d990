//! Issue 11, part 5, on real files: « Protéger les données par un mot de passe » (SQLCipher).
//! Protected files (the store, its journal, its backups) hold no SQLite header and no plaintext;
//! the wrong passphrase is told apart from damage; changing or removing the passphrase carries
//! the backups along; a failed protection leaves the plain store as it was.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;

use std::fs;
use std::path::{Path, PathBuf};

use erm_domain::review::ReviewInput;
use erm_store::migrations::{self, MIGRATIONS};
use erm_store::{practice, probe, FileState, Passphrase, Store, StoreError};
use erm_usecases::backups::{self, backup_dir_for};
use erm_usecases::full_export::plaintext_warning;
use erm_usecases::protection::{self, change_passphrase, is_protected, protect, unprotect, Fault};
use erm_usecases::{open_store, open_store_with_key, reviews};
use erm_usecases::Error;
use fixtures::d;
use rusqlite::Connection;

/// A review text that must never be found in a protected file's bytes.
const SECRET: &str = "Le docteur Zorglubienne m'a soigné avec patience";

fn key(s: &str) -> Passphrase {
    Passphrase::new(s).unwrap()
}

fn add_review(store: &mut Store, author: &str) {
    let input = ReviewInput { author: author.into(), published: "01/03/2026".into(), text: format!("{SECRET} ({author})."), platform: "Google".into(), ..Default::default() };
    reviews::add(store, &input, d(2026, 3, 10)).unwrap();
}

fn authors(store: &Store) -> Vec<String> {
    let mut s = store.conn().prepare("SELECT author FROM review ORDER BY id").unwrap();
    s.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

/// A plain store with a doctor, one review, a backup, then a second review.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("erm.sqlite3");
    let mut store = open_store(&db).unwrap();
    store.transaction(|tx| practice::save(tx, &fixtures::doctor())).unwrap();
    add_review(&mut store, "Avant");
    store.backup_now().unwrap();
    add_review(&mut store, "Après");
    drop(store);
    (dir, db)
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The file (and its -wal, if any) hold neither SQLite's header nor the review text.
fn assert_ciphered(path: &Path) {
    for p in [path.to_owned(), sidecar(path, "-wal")] {
        let Ok(bytes) = fs::read(&p) else { continue };
        assert!(!bytes.is_empty() || p != path);
        assert!(!bytes.windows(15).any(|w| w == b"SQLite format 3"), "{}: SQLite header found", p.display());
        assert!(!bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()), "{}: plaintext found", p.display());
        assert!(!bytes.windows(9).any(|w| w == b"CREATE TA"), "{}: schema text found", p.display());
    }
    assert_eq!(probe(path).unwrap(), FileState::Encrypted);
}

fn backup_files(db: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(backup_dir_for(db)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "sqlite3")).collect();
    v.sort();
    v
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.ends_with(".tmp") || n.contains("protection")).collect()
}

#[test]
fn a_passphrase_is_8_to_200_characters_without_nul_and_never_printed() {
    assert!(Passphrase::new("court").is_err());
    assert!(Passphrase::new("1234567").is_err());
    assert!(Passphrase::new("éééééééé").is_ok(), "characters, not bytes");
    assert!(Passphrase::new("a".repeat(201)).is_err());
    assert!(Passphrase::new("a".repeat(200)).is_ok());
    let err = Passphrase::new("avec\0nul-dedans").unwrap_err();
    assert!(Error::from(err).to_string().contains("caractère invalide"));
    assert!(Error::from(Passphrase::new("court").unwrap_err()).to_string().contains("au moins 8 caractères"));
    let p = key("cheval-agrafe-correct");
    assert!(!format!("{p:?}").contains("cheval"), "{p:?}");
}

#[test]
fn protect_encrypts_the_store_and_its_backups_and_only_the_key_opens_them() {
    let (dir, db) = setup();
    let store = open_store(&db).unwrap();
    assert!(!is_protected(&store) && plaintext_warning(&store).is_none());
    let k = key("cheval-agrafe-correct");
    let (store, done) = protect(store, &k);
    let report = done.unwrap();
    assert_eq!(report.backups_converted, 1, "{report:?}");
    assert!(report.backups_left.is_empty());
    assert!(is_protected(&store));
    assert!(plaintext_warning(&store).unwrap().contains("en clair"));
    assert_eq!(authors(&store), ["Avant", "Après"]);
    assert!(store.integrity_check().unwrap().ok);
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
    drop(store);
    assert_ciphered(&db);
    for b in backup_files(&db) {
        assert_ciphered(&b);
    }

    let err = Store::open(&db).err().unwrap();
    assert!(matches!(err, StoreError::PassphraseNeeded), "{err:?}");
    let err = Store::open_with_key(&db, Some(&key("pas-le-bon-mot"))).err().unwrap();
    assert!(matches!(err, StoreError::WrongPassphrase), "{err:?}");
    assert!(err.to_string().starts_with("Mot de passe incorrect."), "{err}");
    assert!(matches!(Store::open_read_only(&db, None), Err(StoreError::PassphraseNeeded)));
    assert!(matches!(Store::open_read_only(&db, Some(&key("pas-le-bon-mot"))), Err(StoreError::WrongPassphrase)));

    let mut store = open_store_with_key(&db, Some(&k)).unwrap();
    assert_eq!(authors(&store), ["Avant", "Après"]);
    add_review(&mut store, "Ensuite");
    assert_ciphered(&db); // the live -wal too
    let listed = backups::list_backups(&store).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].counts.unwrap().reviews, 1, "{listed:?}");
    drop(store);
    let ro = Store::open_read_only(&db, Some(&k)).unwrap();
    assert_eq!(authors(&ro), ["Avant", "Après", "Ensuite"]);
}

#[test]
fn a_backup_of_a_protected_store_is_encrypted_and_restores_with_the_key() {
    let (_dir, db) = setup();
    let k = key("cheval-agrafe-correct");
    let (mut store, done) = protect(open_store(&db).unwrap(), &k);
    done.unwrap();
    let mut seen = 0;
    let backup = store.backup_with_progress(|d, _| seen = d).unwrap();
    assert!(seen > 0);
    assert_ciphered(&backup);
    assert!(matches!(backups::check_backup(&backup, None), Err(Error::Refused(_))));
    assert!(backups::check_backup(&backup, Some(&key("pas-le-bon-mot"))).is_err());
    assert_eq!(backups::check_backup(&backup, Some(&k)).unwrap().counts.unwrap().reviews, 2);

    add_review(&mut store, "Après la sauvegarde");
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    let (store, outcome) = backups::restore_live(store, &name);
    let outcome = outcome.unwrap();
    assert!(store.is_protected());
    assert_eq!(authors(&store), ["Avant", "Après"]);
    assert_ciphered(outcome.kept_aside.as_ref().unwrap());
    drop(store);
    assert_ciphered(&db);

    // A plain backup (here one taken before protection and put back by hand) is encrypted on
    // its way in: the store stays protected.
    let plain_dir = tempfile::tempdir().unwrap();
    let plain_db = plain_dir.path().join("erm.sqlite3");
    let mut plain = open_store(&plain_db).unwrap();
    add_review(&mut plain, "Clair");
    let plain_backup = plain.backup_now().unwrap();
    drop(plain);
    fs::copy(&plain_backup, backup_dir_for(&db).join("sauvegarde-2026-01-01_000000.sqlite3")).unwrap();
    let store = open_store_with_key(&db, Some(&k)).unwrap();
    let (store, outcome) = backups::restore_live(store, "sauvegarde-2026-01-01_000000.sqlite3");
    outcome.unwrap();
    assert!(store.is_protected());
    assert_eq!(authors(&store), ["Clair"]);
    drop(store);
    assert_eq!(probe(&db).unwrap(), FileState::Encrypted);
}

#[test]
fn the_copy_before_a_migration_of_a_protected_store_is_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("erm.sqlite3");
    let k = key("cheval-agrafe-correct");
    {
        let mut conn = Connection::open(&db).unwrap();
        conn.pragma_update(None, "key", "cheval-agrafe-correct").unwrap();
        migrations::apply(&mut conn, &MIGRATIONS[..7]).unwrap();
        conn.execute(
            "INSERT INTO review (platform, author, published_on, rating, text, dedup_key, created_at, updated_at)
             VALUES ('Google', 'Ancien', '2026-01-05', 3, ?1, ?2, '2026-01-06T10:00:00Z', '2026-01-06T10:00:00Z')",
            [SECRET, &"0".repeat(64)],
        )
        .unwrap();
    }
    let store = open_store_with_key(&db, Some(&k)).unwrap();
    assert_eq!(authors(&store), ["Ancien"]);
    drop(store);
    let copies = backup_files(&db);
    assert_eq!(copies.len(), 1);
    assert!(copies[0].file_name().unwrap().to_string_lossy().starts_with("avant-migration-v7-"));
    assert_ciphered(&copies[0]);
    let checked = backups::check_backup(&copies[0], Some(&k)).unwrap();
    assert_eq!((checked.schema_version, checked.counts.unwrap().reviews), (Some(7), 1));
}

#[test]
fn a_new_passphrase_replaces_the_old_one_on_the_store_and_its_backups() {
    let (_dir, db) = setup();
    let (old, new) = (key("cheval-agrafe-correct"), key("nouveau mot de passe"));
    let (store, done) = protect(open_store(&db).unwrap(), &old);
    done.unwrap();
    store.backup_now().unwrap();
    // A backup protected by some other passphrase: left as it is, with its reason.
    let other_dir = tempfile::tempdir().unwrap();
    let (other, done) = protect(open_store(&other_dir.path().join("erm.sqlite3")).unwrap(), &key("un-tout-autre-mot"));
    done.unwrap();
    let foreign = other.backup_now().unwrap();
    fs::copy(&foreign, backup_dir_for(&db).join("etrangere.sqlite3")).unwrap();

    let (store, done) = change_passphrase(store, &key("pas-le-bon-mot"), &new);
    assert!(matches!(done, Err(Error::Store(StoreError::WrongPassphrase))), "{done:?}");
    let (store, done) = change_passphrase(store, &old, &new);
    let report = done.unwrap();
    assert_eq!(report.backups_converted, 2, "{report:?}");
    assert_eq!(report.backups_left.len(), 1);
    assert_eq!(report.backups_left[0].0, "etrangere.sqlite3");
    assert_eq!(authors(&store), ["Avant", "Après"]);
    let listed = backups::list_backups(&store).unwrap();
    assert_eq!(listed.iter().filter(|b| b.unreadable.is_none()).count(), 2, "{listed:?}");
    let foreign = listed.iter().find(|b| b.file_name == "etrangere.sqlite3").unwrap();
    assert!(foreign.unreadable.as_deref().unwrap().contains("mot de passe actuel"), "{foreign:?}");
    drop(store);

    assert!(matches!(Store::open_with_key(&db, Some(&old)), Err(StoreError::WrongPassphrase)));
    assert_eq!(authors(&Store::open_with_key(&db, Some(&new)).unwrap()), ["Avant", "Après"]);
    for b in backup_files(&db).iter().filter(|b| !b.ends_with("etrangere.sqlite3")) {
        assert_ciphered(b);
        assert!(backups::check_backup(b, Some(&old)).is_err(), "{}", b.display());
        assert!(backups::check_backup(b, Some(&new)).is_ok(), "{}", b.display());
    }
}

#[test]
fn unprotect_brings_the_store_and_its_backups_back_to_plain() {
    let (dir, db) = setup();
    let k = key("cheval-agrafe-correct");
    let (store, done) = protect(open_store(&db).unwrap(), &k);
    done.unwrap();
    let (store, done) = unprotect(store, &key("pas-le-bon-mot"));
    assert!(done.is_err() && store.is_protected());
    let (store, done) = unprotect(store, &k);
    assert_eq!(done.unwrap().backups_converted, 1);
    assert!(!store.is_protected());
    assert_eq!(authors(&store), ["Avant", "Après"]);
    drop(store);
    assert!(leftovers(dir.path()).is_empty());
    assert_eq!(probe(&db).unwrap(), FileState::Plain);
    for b in backup_files(&db) {
        assert_eq!(probe(&b).unwrap(), FileState::Plain);
        assert!(backups::check_backup(&b, None).is_ok());
    }
    let store = open_store(&db).unwrap();
    assert_eq!(authors(&store), ["Avant", "Après"]);
    let (_store, done) = unprotect(store, &k);
    assert!(matches!(done, Err(Error::Refused(_))));
}

/// Files of the data folder (sub-folders included) with their bytes, the live WAL set aside.
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
fn a_protection_that_fails_at_the_swap_leaves_the_plain_store_as_it_was() {
    let (dir, db) = setup();
    let store = open_store(&db).unwrap();
    let backups_before = snapshot(&backup_dir_for(&db));
    let (store, done) = protection::protect_with_fault(store, &key("cheval-agrafe-correct"), Fault::FinalRename);
    assert!(matches!(done, Err(Error::Store(StoreError::Io { .. }))), "{done:?}");
    assert!(done.unwrap_err().to_string().contains("Rien n'a été modifié"));
    assert!(!store.is_protected());
    assert_eq!(authors(&store), ["Avant", "Après"]);
    assert_eq!(probe(&db).unwrap(), FileState::Plain);
    assert!(leftovers(dir.path()).is_empty(), "{:?}", leftovers(dir.path()));
    assert_eq!(snapshot(&backup_dir_for(&db)), backups_before, "backups untouched");
    drop(store);
    assert_eq!(authors(&open_store(&db).unwrap()), ["Avant", "Après"]);
}

#[test]
fn a_protection_in_an_unwritable_folder_fails_before_touching_anything() {
    let (dir, db) = setup();
    let store = open_store(&db).unwrap();
    let ok = std::process::Command::new("chattr").arg("+i").arg(dir.path()).status().is_ok_and(|s| s.success());
    if !ok {
        eprintln!("chattr +i does not work here: only the injected failure is tested");
        return;
    }
    struct Undo<'a>(&'a Path);
    impl Drop for Undo<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("chattr").arg("-i").arg(self.0).status();
        }
    }
    let undo = Undo(dir.path());
    let before = fs::read(&db).unwrap();
    let (store, done) = protect(store, &key("cheval-agrafe-correct"));
    assert!(done.is_err(), "{done:?}");
    assert!(!store.is_protected());
    assert_eq!(authors(&store), ["Avant", "Après"]);
    assert_eq!(fs::read(&db).unwrap(), before, "the live file is untouched (the same connection is kept)");
    drop(undo);
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn the_forgotten_passphrase_sentence_says_it_cannot_be_recovered() {
    assert!(protection::PASSPHRASE_CANNOT_BE_RECOVERED.contains("ne pourront plus jamais être ouvertes"));
}
