//! What a kill can leave beside the store, finished or undone at the next start, before the
//! store is opened (and while the data folder's lock is held, so no other window is writing).
//!
//! The writers of this crate and of the use cases name their temporary files so that this
//! module can find them:
//! * beside the store: `.<store>.<what>-<pid>-<nanos>.tmp` (with `-wal`, `-shm`, `-journal`
//!   companions) — `protection` (the re-encrypted copy being made), `avant-protection` (the live
//!   file moved aside during the swap: **a complete plain copy when protection is being turned
//!   on**), `restauration` (a backup's copy about to replace the store), `chiffrement`;
//! * in `sauvegardes/`: `.<backup>.<what>-<pid>-<nanos>.tmp` (a backup being written or
//!   re-encrypted, named by `erm_files::atomic`; `*.partiel` from earlier versions);
//! * in `preuves/<case>/`: `.NNNN-name.partiel` (an evidence copy in flight: its number reserved).
//!
//! Rule of the swap: if the store file is there, every temporary is a leftover (the swap either
//! did not reach the live file or finished placing the new one) and is removed. If the store file
//! is missing, the swap was cut between « live file aside » and « new file in place »: the file
//! set aside by protection is put back (the change is undone: nothing claimed it was done), or,
//! for a restore, the checked copy is put in place (it was complete before the live file moved).

use std::fs;
use std::path::{Path, PathBuf};

use erm_files::atomic::is_temp;

use crate::StoreError;

/// What [`recover`] did, for the log.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The file put back or into place as the store, when the store file was missing.
    pub placed: Option<PathBuf>,
    /// Temporary files removed.
    pub removed: Vec<PathBuf>,
}

pub use erm_files::swap::sidecar;
use erm_files::swap::{remove_with_companions, rename_with_companions};

/// The temporaries of kind `what` beside `db` (main files only, companions excluded), oldest first.
fn temps(db: &Path, what: &str) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else { return vec![] };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let prefix = format!(".{}.{what}-", name.to_string_lossy());
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with(&prefix) && n.ends_with(".tmp")
        }))
        .collect();
    // `<pid>-<nanos>`: the stamp orders them; the name is enough.
    out.sort();
    out
}

/// Finishes or undoes the file swap a kill interrupted, then removes every temporary of ours
/// beside the store, in its backups and in the evidence folder.
pub fn recover(db: &Path) -> Result<Recovered, StoreError> {
    let mut done = Recovered::default();
    if !db.exists() {
        let aside = temps(db, "avant-protection").pop();
        let restore_copy = temps(db, "restauration").pop();
        if let Some(from) = aside.or(restore_copy) {
            rename_with_companions(&from, db).map_err(|e| StoreError::io(db, &e))?;
            erm_files::atomic::sync_parent(db);
            log::warn!("interrupted file swap: {} put back as the store", from.display());
            done.placed = Some(from);
        }
    }
    for what in ["protection", "avant-protection", "restauration", "chiffrement"] {
        for t in temps(db, what) {
            done.removed.extend(remove_with_companions(&t));
        }
    }
    // Any other temporary of ours named after the store (a temporary's own temporary, such as
    // the re-encryption of a restore's copy).
    if let (Some(dir), Some(name)) = (db.parent(), db.file_name()) {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        let name = name.to_string_lossy();
        for p in fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()) {
            let n = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if is_temp(&n) && n.contains(name.as_ref()) {
                done.removed.extend(remove_with_companions(&p));
            }
        }
    }
    if let Some(dir) = db.parent() {
        sweep_backups(&dir.join("sauvegardes"), &mut done.removed);
        sweep_evidence(&dir.join("preuves"), &mut done.removed);
    }
    for p in &done.removed {
        log::info!("leftover removed at start: {}", p.display());
    }
    Ok(done)
}

/// A temporary of ours, or a SQLite companion of one (`-journal`, `-wal`, `-shm`): `.x.partiel`
/// is an evidence copy in flight (its number reserved), `x.sqlite3.partiel` a backup in flight
/// from before the atomic helper named them all.
/// Only hidden names: a file the doctor stored (`0001-x.partiel`) is never one.
fn is_leftover(name: &str, old_backup_names: bool) -> bool {
    let main = ["-journal", "-wal", "-shm"].iter().find_map(|s| name.strip_suffix(s)).unwrap_or(name);
    is_temp(main) || (main.starts_with('.') && main.ends_with(".partiel")) || (old_backup_names && main.ends_with(".sqlite3.partiel"))
}

fn remove_leftovers_in(dir: &Path, old_backup_names: bool, removed: &mut Vec<PathBuf>) {
    for p in fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()) {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if is_leftover(&name, old_backup_names) && p.is_file() {
            match fs::remove_file(&p) {
                Ok(()) => removed.push(p),
                Err(e) => log::warn!("leftover {} not removed: {e}", p.display()),
            }
        }
    }
}

/// Partial backups and half re-encrypted ones in `sauvegardes/`.
fn sweep_backups(dir: &Path, removed: &mut Vec<PathBuf>) {
    remove_leftovers_in(dir, true, removed);
}

/// Evidence copies cut in flight (`preuves/<case>/.NNNN-name.partiel`, or an imported piece's
/// temporary).
fn sweep_evidence(dir: &Path, removed: &mut Vec<PathBuf>) {
    for case in fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        remove_leftovers_in(&case, false, removed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(p: &Path, bytes: &[u8]) {
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }

    #[test]
    fn with_the_store_in_place_every_temporary_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("e-reputation-medecin.sqlite3");
        touch(&db, b"live");
        let aside = dir.path().join(".e-reputation-medecin.sqlite3.avant-protection-12-345.tmp");
        touch(&aside, b"plain copy");
        touch(&sidecar(&aside, "-wal"), b"wal");
        touch(&dir.path().join(".e-reputation-medecin.sqlite3.protection-12-346.tmp"), b"new");
        touch(&dir.path().join("sauvegardes/sauvegarde-2026-01-01_000000.sqlite3.partiel"), b"half");
        touch(&dir.path().join("sauvegardes/sauvegarde-2026-01-01_000000.sqlite3"), b"kept");
        touch(&dir.path().join("preuves/3/.0002-capture.png.partiel"), b"half");
        touch(&dir.path().join("preuves/3/0001-capture.png"), b"kept");
        // The atomic helper's names, a SQLite journal beside one, a temporary's own temporary.
        let backup_temp = dir.path().join("sauvegardes/.sauvegarde-2026-01-02_000000.sqlite3.sauvegarde-7-8.tmp");
        touch(&backup_temp, b"half");
        touch(&sidecar(&backup_temp, "-journal"), b"journal");
        touch(&dir.path().join("preuves/3/.0003-note.pdf.import-7-9.tmp"), b"half");
        touch(&dir.path().join("..e-reputation-medecin.sqlite3.restauration-7-1.tmp.chiffrement-7-2.tmp"), b"half");
        // A piece the doctor named so is theirs.
        touch(&dir.path().join("preuves/3/0004-brouillon.partiel"), b"kept");
        let done = recover(&db).unwrap();
        assert_eq!(done.placed, None);
        assert_eq!(done.removed.len(), 9, "{:?}", done.removed);
        assert_eq!(fs::read(&db).unwrap(), b"live");
        let mut left: Vec<String> = walk(dir.path());
        left.sort();
        assert_eq!(
            left,
            ["e-reputation-medecin.sqlite3", "preuves/3/0001-capture.png", "preuves/3/0004-brouillon.partiel", "sauvegardes/sauvegarde-2026-01-01_000000.sqlite3"]
        );
    }

    #[test]
    fn a_swap_cut_with_the_store_aside_is_undone() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("e-reputation-medecin.sqlite3");
        let aside = dir.path().join(".e-reputation-medecin.sqlite3.avant-protection-12-345.tmp");
        touch(&aside, b"the doctor's data");
        touch(&dir.path().join(".e-reputation-medecin.sqlite3.protection-12-344.tmp"), b"encrypted, not placed");
        let done = recover(&db).unwrap();
        assert_eq!(done.placed.as_deref(), Some(aside.as_path()));
        assert_eq!(fs::read(&db).unwrap(), b"the doctor's data");
        assert_eq!(walk(dir.path()), ["e-reputation-medecin.sqlite3"]);
    }

    #[test]
    fn a_restore_cut_with_the_store_aside_puts_the_checked_copy_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("e-reputation-medecin.sqlite3");
        touch(&dir.path().join(".e-reputation-medecin.sqlite3.restauration-9-1.tmp"), b"restored");
        recover(&db).unwrap();
        assert_eq!(fs::read(&db).unwrap(), b"restored");
    }

    fn walk(root: &Path) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(d) = stack.pop() {
            for p in fs::read_dir(&d).unwrap().flatten().map(|e| e.path()) {
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
                }
            }
        }
        out
    }
}
