//! Paramètres → Sauvegardes: the list of backups (date, size, counts) and the restore of one.
//!
//! A restore never replaces anything with an unchecked file. In order: the backup is checked
//! (`integrity_check`, ours, not newer); it is copied beside the live file under a temporary
//! name and flushed; the live file (with its `-wal` and `-shm`) is moved aside to
//! `sauvegardes/avant-restauration-<date>.sqlite3`; the copy is renamed into place and the folder
//! flushed. A failure before the last rename changes nothing; a failure of the last rename puts
//! the original back.
//!
//! **The store must be closed first** ([`close_store`]): the shell drops its `Store` through it,
//! calls [`restore`], then opens the restored file with [`super::open_store`] (which migrates an
//! older backup, after its own pre-migration copy).

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::error::Error;
use erm_files::atomic::Temp;
use erm_files::swap;
use erm_store::backups::{self as inspect, BackupCounts};
use erm_store::cipher::reencrypt_file;
use erm_store::{probe, FileState, Passphrase, Store, StoreError};

/// One backup file as Paramètres lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    pub file_name: String,
    pub path: PathBuf,
    /// Last modification of the file, UTC, RFC 3339.
    pub modified_at: Option<String>,
    /// The date and time written in its name (`sauvegarde-2026-11-30_154501.sqlite3`), UTC.
    pub stamped_at: Option<NaiveDateTime>,
    /// "sauvegarde", "avant-migration" or "avant-restauration" (from the name), else "autre".
    pub origin: &'static str,
    pub size_bytes: u64,
    /// The backup's schema version, when readable.
    pub schema_version: Option<i64>,
    /// Older than this build: it will be brought up to date when restored.
    pub needs_migration: bool,
    pub counts: Option<BackupCounts>,
    /// Why it cannot be restored, in French (then `counts` is `None`).
    pub unreadable: Option<String>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreOutcome {
    /// Where the file replaced by the restore now is (`None` when there was no live file).
    pub kept_aside: Option<PathBuf>,
    pub restored: BackupInfo,
}

/// The backups of the data file at `db_path` (its store could not be opened: empty or locked).
pub fn list_beside(db_path: &Path, key: Option<&Passphrase>) -> Result<Vec<BackupInfo>, Error> {
    list_backups_in(&backup_dir_for(db_path), key)
}

/// The `sauvegardes` folder of the database file at `db_path` (what [`Store::backup_dir`] gives,
/// usable when the store could not be opened).
pub fn backup_dir_for(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("sauvegardes")
}

/// The backups of the open store, newest first.
pub fn list_backups(store: &Store) -> Result<Vec<BackupInfo>, Error> {
    match store.backup_dir() {
        Some(dir) => list_backups_in(&dir, store.key()),
        None => Ok(Vec::new()),
    }
}

/// The backups in `dir` (`*.sqlite3`, temporary files left out), newest first and the
/// unrestorable ones last; each read read-only (with `key` when it is encrypted) and never
/// migrated. One that does not open with `key` is listed with its reason. A missing folder is an
/// empty list.
pub fn list_backups_in(dir: &Path, key: Option<&Passphrase>) -> Result<Vec<BackupInfo>, Error> {
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            log::warn!("listing backups in {}: {e}", dir.display());
            return Err(io_error(dir, "lire le dossier des sauvegardes", &e));
        }
    };
    let mut out: Vec<BackupInfo> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "sqlite3"))
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .map(|p| describe(&p, inspect::inspect(&p, key)))
        .collect();
    out.sort_by(|a, b| sort_key(b).cmp(&sort_key(a)).then_with(|| b.file_name.cmp(&a.file_name)));
    Ok(out)
}

/// Restorable files first, then by the date in the name or else the file's date.
fn sort_key(b: &BackupInfo) -> (bool, Option<NaiveDateTime>) {
    let modified = b.modified_at.as_deref().and_then(|m| DateTime::parse_from_rfc3339(m).ok()).map(|m| m.naive_utc());
    (b.unreadable.is_none(), b.stamped_at.or(modified))
}

/// The full check of one file (integrity, ours, not newer), as the restore runs it first; `key`
/// opens an encrypted one.
pub fn check_backup(path: &Path, key: Option<&Passphrase>) -> Result<BackupInfo, Error> {
    if !path.is_file() {
        return Err(Error::NotFound(format!("La sauvegarde « {} » est introuvable.", path.display())));
    }
    let checked = inspect::check(path, key);
    if let Err(why) = &checked {
        log::warn!("backup {} refused: {why:?}", path.display());
        return Err(Error::Refused(format!("{} Rien n'a été modifié.", why.message())));
    }
    Ok(describe(path, checked))
}

fn describe(path: &Path, found: Result<inspect::Inspection, inspect::Unfit>) -> BackupInfo {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let meta = fs::metadata(path).ok();
    let modified_at = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .map(|t| DateTime::<Utc>::from(t).to_rfc3339_opts(SecondsFormat::Secs, true));
    let origin = ["avant-restauration", "avant-migration", "sauvegarde"]
        .into_iter()
        .find(|o| file_name.starts_with(o))
        .unwrap_or("autre");
    let (schema_version, counts, unreadable) = match found {
        Ok(i) => (Some(i.schema_version), Some(i.counts), None),
        Err(inspect::Unfit::TooNew { found }) => (Some(found), None, Some(inspect::Unfit::TooNew { found }.message())),
        Err(u) => (None, None, Some(u.message())),
    };
    BackupInfo {
        stamped_at: stamp_in(&file_name),
        file_name,
        path: path.to_owned(),
        modified_at,
        origin,
        size_bytes: meta.map_or(0, |m| m.len()),
        needs_migration: schema_version.is_some_and(|v| v < erm_store::migrations::latest_version()),
        schema_version,
        counts,
        unreadable,
    }
}

/// The first `AAAA-MM-JJ_HHMMSS` in a file name.
fn stamp_in(name: &str) -> Option<NaiveDateTime> {
    const LEN: usize = "2026-11-30_154501".len();
    (0..name.len().saturating_sub(LEN - 1))
        .map(|i| &name.as_bytes()[i..i + LEN])
        .filter(|w| w.iter().enumerate().all(|(j, b)| match j {
            4 | 7 => *b == b'-',
            10 => *b == b'_',
            _ => b.is_ascii_digit(),
        }))
        .find_map(|w| NaiveDateTime::parse_from_str(std::str::from_utf8(w).ok()?, "%Y-%m-%d_%H%M%S").ok())
}

/// Closes the store before a restore and returns its file's path (WAL checkpointed first).
pub fn close_store(store: Store) -> Result<PathBuf, Error> {
    Ok(store.close()?)
}

fn io_error(path: &Path, doing: &str, e: &io::Error) -> Error {
    log::error!("restore: {doing} ({}): {e}", path.display());
    let why = match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => "le disque est plein",
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => "le dossier est en lecture seule ou protégé",
        io::ErrorKind::NotFound => "un fichier ou un dossier est introuvable",
        _ => "erreur du système de fichiers (détail dans le journal)",
    };
    Error::Store(StoreError::Io { path: path.display().to_string(), reason: format!("impossible de {doing} : {why}. Rien n'a été modifié") })
}

use erm_files::swap::Fault;

/// The backup `file_name` of the backup folder of `db_path`: a name from that folder, not a path,
/// so nothing outside it can be restored.
fn named_backup(db_path: &Path, file_name: &str) -> Result<PathBuf, Error> {
    let named = Path::new(file_name);
    // No file system holds a name over 255 bytes: a longer one is refused without being echoed
    // back in the message (a 5 MB argument once came back whole).
    if file_name.len() > 255 || named.components().count() != 1 || file_name.starts_with('.') {
        return Err(erm_domain::validation::Invalid::single("file_name", "Choisissez une sauvegarde de la liste.").into());
    }
    Ok(backup_dir_for(db_path).join(named))
}

/// The data file at `db_path` found empty: the backup `file_name` of its folder is put in its
/// place (the empty file kept aside like any replaced file), then opened — with `key` when the
/// practice was protected. Returns the store and whether it could only be opened read-only.
pub fn restore_into_empty(db_path: &Path, file_name: &str, key: Option<&Passphrase>) -> Result<(Store, bool), Error> {
    let backup = named_backup(db_path, file_name)?;
    restore(db_path, &backup, key)?;
    crate::open_store_or_read_only(db_path, key)
}

/// « Restaurer » from the window: the backup named `file_name` (a file of the backup folder, not a
/// path: nothing outside that folder can be restored) replaces the live store. The store is
/// closed, the file swapped, and the restored file opened (and migrated if it is older). If
/// anything fails, the original file is opened again. Returns the store to keep using and the
/// outcome.
pub fn restore_live(store: Store, file_name: &str) -> (Store, Result<RestoreOutcome, Error>) {
    let Some(db_path) = store.path().map(Path::to_owned) else {
        return (store, Err(Error::Refused("Cette base n'est pas un fichier : rien à restaurer.".into())));
    };
    let backup = match named_backup(&db_path, file_name) {
        Ok(path) => path,
        Err(e) => return (store, Err(e)),
    };
    // Checked before the live store is touched: a refusal leaves everything open as it was.
    let key = store.key().cloned();
    if let Err(e) = check_backup(&backup, key.as_ref()) {
        return (store, Err(e));
    }
    let closed = close_store(store);
    let outcome = closed.and_then(|path| restore(&path, &backup, key.as_ref()));
    match crate::open_store_with_key(&db_path, key.as_ref()) {
        Ok(reopened) => (reopened, outcome),
        Err(e) => {
            log::error!("store not reopened after a restore attempt: {e}");
            // Nothing can be opened: an empty in-memory store keeps the app answering in French
            // until it is restarted; the files are as the restore left them.
            let placeholder = Store::open_in_memory().expect("an in-memory store opens");
            (placeholder, outcome.and(Err(e)))
        }
    }
}

/// Replaces the database file at `db_path` with the backup at `backup`. See the module's text;
/// the store on `db_path` must be closed ([`close_store`]). With `key` (the store is protected)
/// the file put in place is encrypted with it, even when the backup was a plain one.
pub fn restore(db_path: &Path, backup: &Path, key: Option<&Passphrase>) -> Result<RestoreOutcome, Error> {
    restore_with(db_path, backup, key, Fault::None)
}

fn restore_with(db_path: &Path, backup: &Path, key: Option<&Passphrase>, fault: Fault) -> Result<RestoreOutcome, Error> {
    let restored = check_backup(backup, key)?;
    let stamp = Utc::now();

    // 1. The copy, beside the live file (`erm_files::atomic`), flushed. Nothing else is touched yet.
    let mut tmp = Temp::beside(db_path, "restauration").map_err(|e| io_error(db_path, "copier la sauvegarde dans le dossier de données", &e))?;
    let copied = File::open(backup).and_then(|mut src| io::copy(&mut src, tmp.file()));
    if let Err(e) = copied {
        return Err(io_error(db_path, "copier la sauvegarde dans le dossier de données", &e));
    }
    tmp.close();
    // A plain backup restored into a protected store is encrypted before it goes into place.
    if key.is_some() && matches!(probe(tmp.path()), Ok(FileState::Plain)) {
        if let Err(e) = reencrypt_file(tmp.path(), None, key) {
            log::error!("restore: encrypting the copy of {}: {e}", backup.display());
            return Err(e.into());
        }
    }
    // The copy is what will be opened: check it too (a failing disk, a file changed meanwhile).
    if let Err(why) = inspect::check(tmp.path(), key) {
        log::error!("restore: the copy of {} does not pass the check: {why:?}", backup.display());
        return Err(Error::Refused(format!("{} Rien n'a été modifié.", why.message())));
    }

    // 2. and 3. The live file and its companions aside in `sauvegardes/`, the copy into place
    // (`erm_files::swap`: a failure puts the original back).
    let aside_dir = backup_dir_for(db_path);
    fs::create_dir_all(&aside_dir).map_err(|e| io_error(&aside_dir, "créer le dossier des sauvegardes", &e))?;
    let base = format!("avant-restauration-{}", stamp.format("%Y-%m-%d_%H%M%S"));
    let mut aside = aside_dir.join(format!("{base}.sqlite3"));
    let mut n = 1;
    while aside.exists() {
        n += 1;
        aside = aside_dir.join(format!("{base}-{n}.sqlite3"));
    }
    let swapped = swap::replace(tmp, &aside, fault).map_err(|e| io_error(db_path, "mettre la sauvegarde à la place de la base", &e))?;
    let kept_aside = swapped.keep();
    log::info!("restored {} over {} (kept aside: {:?})", backup.display(), db_path.display(), kept_aside);
    Ok(RestoreOutcome { kept_aside, restored })
}

#[cfg(test)]
mod tests {
    use super::*;
    use erm_files::swap::sidecar;

    #[test]
    fn a_huge_backup_name_is_refused_without_being_echoed() {
        let name = "a".repeat(5 * 1024 * 1024);
        let err = named_backup(Path::new("/tmp/x/e-reputation-medecin.sqlite3"), &name).unwrap_err();
        assert!(err.to_string().len() < 200, "{} bytes of message", err.to_string().len());
        assert!(named_backup(Path::new("/tmp/x/e.sqlite3"), "sauvegarde-2026-03-01_120000.sqlite3").is_ok());
    }

    #[test]
    fn the_stamp_is_read_from_any_backup_name() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(stamp_in("sauvegarde-2026-11-30_154501.sqlite3"), Some(at("2026-11-30 15:45:01")));
        assert_eq!(stamp_in("sauvegarde-2026-11-30_154501-2.sqlite3"), Some(at("2026-11-30 15:45:01")));
        assert_eq!(stamp_in("avant-migration-v3-2025-01-02_030405.sqlite3"), Some(at("2025-01-02 03:04:05")));
        assert_eq!(stamp_in("copie é.sqlite3"), None);
    }

    #[test]
    fn a_failed_final_rename_puts_the_original_back_and_leaves_no_copy() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("erm.sqlite3");
        {
            let store = Store::open(&db).unwrap();
            store.backup_now().unwrap();
            store.conn().execute("INSERT INTO setting (key, value) VALUES ('après', '1')", []).unwrap();
        }
        let backup = list_backups_in(&backup_dir_for(&db), None).unwrap().remove(0).path;
        let wal = sidecar(&db, "-wal");
        let before: Vec<(PathBuf, Option<Vec<u8>>)> =
            [db.clone(), wal.clone()].into_iter().map(|p| { let b = fs::read(&p).ok(); (p, b) }).collect();
        let err = restore_with(&db, &backup, None, Fault::FinalRename).unwrap_err();
        assert!(err.to_string().contains("Rien n'a été modifié"), "{err}");
        for (p, b) in before {
            assert_eq!(fs::read(&p).ok(), b, "{} unchanged", p.display());
        }
        let left: Vec<String> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(!left.iter().any(|n| n.contains("restauration")), "no temporary copy left: {left:?}");
        let aside: Vec<String> = fs::read_dir(backup_dir_for(&db)).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(!aside.iter().any(|n| n.starts_with("avant-restauration")), "nothing left aside: {aside:?}");
        let store = Store::open(&db).unwrap();
        let n: i64 = store.conn().query_row("SELECT count(*) FROM setting WHERE key = 'après'", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
    }
}
