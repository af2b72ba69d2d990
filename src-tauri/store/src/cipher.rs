//! The opt-in password protection (SQLCipher): the passphrase, how a file is recognised before
//! it is opened, and whole-file re-encryption (to a key, to another key, back to plain) through
//! `sqlcipher_export` into a temporary file that replaces the original only once it is whole.
//!
//! What is encrypted: the store file, its `-wal`, and every backup written from it. The
//! passphrase is never stored; a forgotten one cannot be recovered.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags};
use erm_files::atomic::Temp;
use zeroize::Zeroize;

use super::StoreError;
use erm_domain::validation::Invalid;

/// The doctor's passphrase. Its bytes are wiped when it is dropped, and `Debug` shows nothing of
/// it, so it cannot leak into a log line by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl Passphrase {
    /// 8 to 200 characters, no NUL (SQLCipher reads the key as a C string).
    pub fn new(text: impl Into<String>) -> Result<Passphrase, Invalid> {
        let mut text = text.into();
        let n = text.chars().count();
        let problem = if text.contains('\0') {
            Some("Le mot de passe contient un caractère invalide.")
        } else if n < 8 {
            Some("Le mot de passe doit compter au moins 8 caractères.")
        } else if n > 200 {
            Some("Le mot de passe ne doit pas dépasser 200 caractères.")
        } else {
            None
        };
        match problem {
            Some(message) => {
                text.zeroize();
                Err(Invalid::single("passphrase", message))
            }
            None => Ok(Passphrase(text)),
        }
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl Drop for Passphrase {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// What is at the store's path, judged from its first bytes before anything opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    Absent,
    /// Exists with zero bytes (a crash, a copy that failed): never started afresh silently.
    Empty,
    /// Starts with SQLite's 16-byte header `SQLite format 3\0`.
    Plain,
    /// Non-empty and anything else. An SQLCipher file looks random, so any other file (a PDF
    /// renamed by mistake…) also lands here: opening it with a key then says
    /// [`StoreError::WrongPassphrase`], which is all that can be told without the right key.
    Encrypted,
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Looks at the first 16 bytes of `path` (reads nothing else, writes nothing).
pub fn probe(path: &Path) -> Result<FileState, StoreError> {
    let io = |e: std::io::Error| StoreError::io(path, &e);
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Absent),
        Err(e) => return Err(io(e)),
    };
    let mut head = Vec::with_capacity(16);
    file.by_ref().take(16).read_to_end(&mut head).map_err(io)?;
    Ok(match head.as_slice() {
        [] => FileState::Empty,
        h if h == SQLITE_HEADER => FileState::Plain,
        _ => FileState::Encrypted,
    })
}

/// Gives `conn` its key: must be the first statement on the connection. `pragma_update` binds
/// the text as a quoted literal, so no passphrase can break out of the statement.
pub(crate) fn apply_key(conn: &Connection, key: &Passphrase) -> rusqlite::Result<()> {
    // SQLCipher writes its own English lines to stderr on a wrong key; the app reports that
    // itself, in French, and logs through `log`.
    conn.query_row("PRAGMA cipher_log = off", [], |_| Ok(())).ok();
    conn.pragma_update(None, "key", key.expose())
}

/// An error met on the first read of a keyed connection: "not a database" there means the key
/// does not fit (SQLCipher cannot tell a wrong key from a file of another kind).
pub(crate) fn keyed_error(e: rusqlite::Error, path: &str) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::WrongPassphrase,
        _ => super::classify(e, path),
    }
}

/// Writes the whole database of `conn` (already open and keyed) to `target` encrypted with `to`
/// (plain with `None`), with the same `user_version`. `target` must be absent or empty (a
/// temporary of `erm_files::atomic`, which flushes it).
pub fn export_to(conn: &Connection, target: &Path, to: Option<&Passphrase>) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
    let name = target.to_string_lossy();
    // An empty KEY makes the attached file plain; sqlcipher_export copies schema and rows, not
    // the header's user_version, which is set by hand.
    conn.execute("ATTACH DATABASE ?1 AS erm_export KEY ?2", [name.as_ref(), to.map_or("", Passphrase::expose)])?;
    let copied = (|| -> rusqlite::Result<()> {
        conn.query_row("SELECT sqlcipher_export('erm_export')", [], |_| Ok(()))?;
        conn.pragma_update(Some("erm_export"), "user_version", version)
    })();
    let detached = conn.execute_batch("DETACH DATABASE erm_export");
    copied?;
    detached?;
    // Flushed by whoever placed `target` (the atomic helper's commit, or the swap).
    Ok(())
}

/// Re-encrypts the closed database file at `path` (a backup) from `from` to `to` (either may be
/// `None`: plain): exported to a temporary file beside it, flushed, then renamed over it
/// (`erm_files::atomic`). Any failure leaves the file as it was and no temporary file behind.
pub fn reencrypt_file(path: &Path, from: Option<&Passphrase>, to: Option<&Passphrase>) -> Result<(), StoreError> {
    let shown = path.display().to_string();
    // The file exists (opened, not created); CREATE is for the ATTACH of the temporary file,
    // which inherits the connection's flags.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if !path.is_file() {
        return Err(StoreError::Io { path: shown, reason: "fichier introuvable".into() });
    }
    let conn = Connection::open_with_flags(path, flags).map_err(|e| super::classify(e, &shown))?;
    if let Some(k) = from {
        apply_key(&conn, k)?;
    }
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)).map_err(|e| match from {
        Some(_) => keyed_error(e, &shown),
        None => super::classify(e, &shown),
    })?;
    let mut tmp = Temp::beside(path, "chiffrement").map_err(|e| StoreError::io(path, &e))?;
    tmp.close();
    export_to(&conn, tmp.path(), to)?;
    conn.close().map_err(|(_, e)| StoreError::from(e))?;
    tmp.commit().map_err(|e| StoreError::io(path, &e))
}
