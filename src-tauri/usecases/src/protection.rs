//! « Protéger les données par un mot de passe » (issue 11, part 5): turning SQLCipher's
//! encryption on, changing the passphrase, turning it off.
//!
//! Each one rewrites the whole store with `sqlcipher_export` into a temporary file beside it
//! (flushed), and only then swaps files: the live file is moved aside, the new one renamed into
//! place, opened with its key, and only then is the old one removed. Any failure before that
//! puts the old file back and reopens it, so the doctor is left with the store exactly as it was.
//! (`PRAGMA rekey` would rewrite the live file in place; the swap keeps the old file whole until
//! the new one is known to open.) Then the backups in `sauvegardes/` are brought to the same
//! protection, one by one, each also through a temporary file.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::Error;
use erm_files::atomic::{temp_beside, Temp};
use erm_files::swap::{self, remove_with_companions};
use erm_store::cipher::{export_to, reencrypt_file};
use erm_store::{probe, FileState, Passphrase, Store, StoreError};

/// Shown before protection is turned on, to be acknowledged.
pub const PASSPHRASE_CANNOT_BE_RECOVERED: &str = "Attention : si vous oubliez ce mot de passe, vos données et leurs sauvegardes ne pourront plus jamais être ouvertes. Il n'est enregistré nulle part et personne, pas même l'éditeur de l'application, ne peut le retrouver ni le réinitialiser. Notez-le et rangez-le en lieu sûr.";

/// What happened to the backups when the protection changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProtectionReport {
    /// Backups rewritten with the new protection.
    pub backups_converted: usize,
    /// Backups left as they were: file name and the French reason.
    pub backups_left: Vec<(String, String)>,
}

/// The store is encrypted with a passphrase.
pub fn is_protected(store: &Store) -> bool {
    store.is_protected()
}

/// How long an answer to a wrong passphrase waits, after `failures` wrong ones in a row: 1 s,
/// then doubling, at most 30 s. Key derivation alone costs a fraction of a second; the wait
/// makes guessing from the first screen slow, and a doctor who mistyped barely notices it.
pub fn wrong_passphrase_delay(failures: u32) -> std::time::Duration {
    match failures {
        0 => std::time::Duration::ZERO,
        n => std::time::Duration::from_secs((1u64 << (n - 1).min(5)).min(30)),
    }
}

/// « Ouvrir mes données » on a protected store: opened with `passphrase` (read-only when the
/// folder is), or the error with how long to wait before answering — a wrong passphrase counts
/// in `failures` (a right one resets it) and each one in a row waits longer
/// ([`wrong_passphrase_delay`]). Slow on purpose (key derivation): run it off the window's thread.
pub fn unlock(path: &Path, passphrase: String, failures: &std::sync::atomic::AtomicU32) -> Result<(Store, bool), (Error, std::time::Duration)> {
    use std::sync::atomic::Ordering;
    let key = Passphrase::new(passphrase).map_err(|e| (Error::from(e), std::time::Duration::ZERO))?;
    match crate::open_store_or_read_only(path, Some(&key)) {
        Ok(opened) => {
            failures.store(0, Ordering::SeqCst);
            Ok(opened)
        }
        Err(e @ Error::Store(StoreError::WrongPassphrase)) => {
            let n = failures.fetch_add(1, Ordering::SeqCst) + 1;
            Err((e, wrong_passphrase_delay(n)))
        }
        Err(e) => Err((e, std::time::Duration::ZERO)),
    }
}

/// What stays in clear whatever the protection: said where it is turned on.
pub const REMAINS_IN_CLEAR: &str = "Restent lisibles sans le mot de passe : les pièces des dossiers (dossier « preuves »), les courriers et archives que vous enregistrez ailleurs (PDF, ZIP), et l'export complet de vos données.";

/// Where the protection stands, said as it is: a protected store whose backups are not all
/// encrypted is not called protected « avec ses sauvegardes ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProtectionStatus {
    pub protected: bool,
    /// Backups of a protected store still in clear (file names).
    pub plain_backups: Vec<String>,
    pub remains_in_clear: &'static str,
}

pub fn status(store: &Store) -> ProtectionStatus {
    let protected = store.is_protected();
    let plain_backups = if protected { store.backup_dir().map(|d| plain_backups(&d)).unwrap_or_default() } else { vec![] };
    ProtectionStatus { protected, plain_backups, remains_in_clear: REMAINS_IN_CLEAR }
}

fn backup_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else { return vec![] };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "sqlite3"))
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    files.sort();
    files
}

fn plain_backups(dir: &Path) -> Vec<String> {
    backup_files(dir)
        .into_iter()
        .filter(|p| matches!(probe(p), Ok(FileState::Plain)))
        .map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
        .collect()
}

/// The plain backups of a protected store encrypted with its passphrase (after a kill during
/// « Protéger », at the next opening).
pub fn protect_plain_backups(store: &Store, key: &Passphrase) -> ProtectionReport {
    let mut report = ProtectionReport::default();
    let Some(dir) = store.backup_dir().filter(|_| store.is_protected()) else { return report };
    for name in plain_backups(&dir) {
        match reencrypt_file(&dir.join(&name), None, Some(key)) {
            Ok(()) => report.backups_converted += 1,
            Err(e) => {
                log::warn!("protection: plain backup {name} not converted: {e}");
                report.backups_left.push((name, format!("Cette sauvegarde est restée en clair : {e}")));
            }
        }
    }
    report
}

/// Encrypts the plain store with `key`, then its plain backups. Returns the store to keep using
/// (the encrypted one, or on failure the plain one as it was).
pub fn protect(store: Store, key: &Passphrase) -> (Store, Result<ProtectionReport, Error>) {
    if store.is_protected() {
        return (store, Err(Error::Refused("Vos données sont déjà protégées par un mot de passe.".into())));
    }
    change(store, None, Some(key), Fault::None)
}

/// Replaces the passphrase: `old` must be the current one. The backups are re-keyed.
pub fn change_passphrase(store: Store, old: &Passphrase, new: &Passphrase) -> (Store, Result<ProtectionReport, Error>) {
    if store.key() != Some(old) {
        let err = if store.is_protected() { StoreError::WrongPassphrase.into() } else { not_protected() };
        return (store, Err(err));
    }
    change(store, Some(old), Some(new), Fault::None)
}

/// Back to a plain store (and plain backups): `key` must be the current passphrase.
pub fn unprotect(store: Store, key: &Passphrase) -> (Store, Result<ProtectionReport, Error>) {
    if store.key() != Some(key) {
        let err = if store.is_protected() { StoreError::WrongPassphrase.into() } else { not_protected() };
        return (store, Err(err));
    }
    change(store, Some(key), None, Fault::None)
}

fn not_protected() -> Error {
    Error::Refused("Vos données ne sont pas protégées par un mot de passe.".into())
}

pub use erm_files::swap::Fault;

/// [`protect`] with a fault injected (tests only).
#[doc(hidden)]
pub fn protect_with_fault(store: Store, key: &Passphrase, fault: Fault) -> (Store, Result<ProtectionReport, Error>) {
    change(store, None, Some(key), fault)
}

fn change(store: Store, from: Option<&Passphrase>, to: Option<&Passphrase>, fault: Fault) -> (Store, Result<ProtectionReport, Error>) {
    if store.is_read_only() {
        let path = store.path().map(|p| p.display().to_string()).unwrap_or_default();
        return (store, Err(StoreError::ReadOnly { path }.into()));
    }
    let Some(path) = store.path().map(Path::to_owned) else {
        return (store, Err(Error::Refused("Cette base n'est pas un fichier : rien à protéger.".into())));
    };
    // 1. The new file, beside the live one, whole and flushed. Nothing else is touched yet.
    let mut tmp = match Temp::beside(&path, "protection") {
        Ok(t) => t,
        Err(e) => return (store, Err(io(&path, e))),
    };
    tmp.close();
    if let Err(e) = export_to(store.conn(), tmp.path(), to) {
        log::error!("protection: export to {}: {e}", tmp.path().display());
        remove_with_companions(tmp.path());
        return (store, Err(e.into()));
    }
    // 2. The live store closed (WAL checkpointed into the file), then the swap (`erm_files::swap`):
    // the live file aside, the new one in place; any failure there puts the old one back.
    let reopen_old = |path: &Path| crate::open_store_with_key(path, from);
    if let Err(e) = store.close() {
        remove_with_companions(tmp.path());
        return reopened(reopen_old(&path), Err(e.into()));
    }
    let aside = temp_beside(&path, "avant-protection");
    let swapped = match swap::replace(tmp, &aside, fault) {
        Ok(s) => s,
        Err(e) => return reopened(reopen_old(&path), Err(io(&path, e))),
    };
    // 3. The new file opened with its key; the old one removed only after that.
    let store = match Store::open_with_key(&path, to) {
        Ok(s) => s,
        Err(e) => {
            log::error!("protection: the new file does not open: {e}");
            swapped.undo();
            return reopened(reopen_old(&path), Err(e.into()));
        }
    };
    swapped.finish();
    let report = match store.backup_dir() {
        Some(dir) => convert_backups(&dir, from, to),
        None => ProtectionReport::default(),
    };
    log::info!("protection changed (now protected: {}); backups: {report:?}", to.is_some());
    (store, Ok(report))
}

/// The store reopened after a failure, with `outcome`; if even that fails, an empty in-memory
/// store keeps the app answering until it is restarted (the files are as they were).
fn reopened(store: Result<Store, Error>, outcome: Result<ProtectionReport, Error>) -> (Store, Result<ProtectionReport, Error>) {
    match store {
        Ok(s) => (s, outcome),
        Err(e) => {
            log::error!("store not reopened after a failed protection change: {e}");
            (Store::open_in_memory().expect("an in-memory store opens"), outcome.and(Err(e)))
        }
    }
}

/// Brings every backup of `dir` (`*.sqlite3`) from `from` (encrypted ones) or plain to `to`.
fn convert_backups(dir: &Path, from: Option<&Passphrase>, to: Option<&Passphrase>) -> ProtectionReport {
    let mut report = ProtectionReport::default();
    for file in backup_files(dir) {
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let source = match probe(&file) {
            Ok(FileState::Plain) if to.is_none() => continue, // already what is wanted
            Ok(FileState::Plain) => None,
            Ok(FileState::Encrypted) if from.is_some() => from,
            Ok(FileState::Encrypted) => {
                report.backups_left.push((name, "Cette sauvegarde est protégée par un autre mot de passe : elle a été laissée telle quelle.".into()));
                continue;
            }
            _ => continue,
        };
        match reencrypt_file(&file, source, to) {
            Ok(()) => report.backups_converted += 1,
            Err(e) => {
                log::warn!("protection: backup {name} left as it was: {e}");
                let why = match e {
                    StoreError::WrongPassphrase => "Cette sauvegarde ne s'ouvre pas avec le mot de passe actuel : elle a été laissée telle quelle.".to_string(),
                    other => format!("Cette sauvegarde n'a pas pu être convertie et a été laissée telle quelle : {other}"),
                };
                report.backups_left.push((name, why));
            }
        }
    }
    report
}

fn io(path: &Path, e: std::io::Error) -> Error {
    log::error!("protection: {}: {e}", path.display());
    match StoreError::io(path, &e) {
        StoreError::Io { path, reason } => StoreError::Io { path, reason: format!("{reason}. Rien n'a été modifié") },
        other => other,
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_passphrases_are_answered_more_and_more_slowly() {
        let secs: Vec<u64> = (0..9).map(|n| wrong_passphrase_delay(n).as_secs()).collect();
        assert_eq!(secs, [0, 1, 2, 4, 8, 16, 30, 30, 30]);
    }
}
