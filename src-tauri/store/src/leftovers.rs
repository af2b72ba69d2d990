//! What a kill can leave beside the store, finished or undone at the next start, before the
//! store is opened (and while the data folder's lock is held, so no other window is writing).
//!
//! The writers of this crate and of the use cases name their temporary files so that this
//! module can find them:
//! * beside the store: `.<store>.<what>-<pid>-<nanos>.tmp` (with `-wal`, `-shm`, `-journal`
//!   companions) — `protection` (the re-encrypted copy being made), `avant-protection` (the live
//!   file moved aside during the swap: **a complete plain copy when protection is being turned
//!   on**), `restauration` (a backup's copy about to replace the store), `chiffrement`;
//! * in `sauvegardes/`: `*.sqlite3.partiel` (a backup being written) and `.<backup>.chiffrement-…tmp`;
//! * in `preuves/<case>/`: `.NNNN-name.partiel` (an evidence copy in flight).
//!
//! Rule of the swap: if the store file is there, every temporary is a leftover (the swap either
//! did not reach the live file or finished placing the new one) and is removed. If the store file
//! is missing, the swap was cut between « live file aside » and « new file in place »: the file
//! set aside by protection is put back (the change is undone: nothing claimed it was done), or,
//! for a restore, the checked copy is put in place (it was complete before the live file moved).

use std::fs;
use std::path::{Path, PathBuf};

use crate::StoreError;

/// What [`recover`] did, for the log.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The file put back or into place as the store, when the store file was missing.
    pub placed: Option<PathBuf>,
    /// Temporary files removed.
    pub removed: Vec<PathBuf>,
}

const COMPANIONS: [&str; 4] = ["", "-wal", "-shm", "-journal"];

/// A store file's companion: `path` with `suffix` appended (`-wal`, `-shm`, `-journal`).
pub fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

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

fn remove_with_companions(path: &Path, removed: &mut Vec<PathBuf>) {
    for suffix in COMPANIONS {
        let p = sidecar(path, suffix);
        if fs::symlink_metadata(&p).is_ok() {
            match fs::remove_file(&p) {
                Ok(()) => removed.push(p),
                Err(e) => log::warn!("leftover {} not removed: {e}", p.display()),
            }
        }
    }
}

fn rename_with_companions(from: &Path, to: &Path) -> Result<(), StoreError> {
    for suffix in COMPANIONS {
        let (f, t) = (sidecar(from, suffix), sidecar(to, suffix));
        if f.exists() {
            fs::rename(&f, &t).map_err(|e| StoreError::io(&t, &e))?;
        }
    }
    Ok(())
}

/// Finishes or undoes the file swap a kill interrupted, then removes every temporary of ours
/// beside the store, in its backups and in the evidence folder.
pub fn recover(db: &Path) -> Result<Recovered, StoreError> {
    let mut done = Recovered::default();
    if !db.exists() {
        let aside = temps(db, "avant-protection").pop();
        let restore_copy = temps(db, "restauration").pop();
        if let Some(from) = aside.or(restore_copy) {
            rename_with_companions(&from, db)?;
            crate::cipher::sync_parent(db);
            log::warn!("interrupted file swap: {} put back as the store", from.display());
            done.placed = Some(from);
        }
    }
    for what in ["protection", "avant-protection", "restauration", "chiffrement"] {
        for t in temps(db, what) {
            remove_with_companions(&t, &mut done.removed);
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

/// Partial backups and half re-encrypted ones in `sauvegardes/`.
fn sweep_backups(dir: &Path, removed: &mut Vec<PathBuf>) {
    for p in fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()) {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let partial = name.ends_with(".partiel");
        let reencrypting = name.starts_with('.') && name.contains(".chiffrement-") && name.contains(".tmp");
        if (partial || reencrypting) && p.is_file() {
            match fs::remove_file(&p) {
                Ok(()) => removed.push(p),
                Err(e) => log::warn!("leftover {} not removed: {e}", p.display()),
            }
        }
    }
}

/// Evidence copies cut in flight (`preuves/<case>/.NNNN-name.partiel`).
fn sweep_evidence(dir: &Path, removed: &mut Vec<PathBuf>) {
    for case in fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        for p in fs::read_dir(&case).into_iter().flatten().flatten().map(|e| e.path()) {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with('.') && name.ends_with(".partiel") && p.is_file() {
                match fs::remove_file(&p) {
                    Ok(()) => removed.push(p),
                    Err(e) => log::warn!("leftover {} not removed: {e}", p.display()),
                }
            }
        }
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
        let done = recover(&db).unwrap();
        assert_eq!(done.placed, None);
        assert_eq!(done.removed.len(), 5, "{:?}", done.removed);
        assert_eq!(fs::read(&db).unwrap(), b"live");
        let mut left: Vec<String> = walk(dir.path());
        left.sort();
        assert_eq!(left, ["e-reputation-medecin.sqlite3", "preuves/3/0001-capture.png", "sauvegardes/sauvegarde-2026-01-01_000000.sqlite3"]);
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
