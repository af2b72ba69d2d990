//! How the store file is opened: read-write (creating and migrating it), with or without a
//! passphrase, or read-only when the file or its folder cannot be written.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::cipher::{apply_key, keyed_error, probe, FileState, Passphrase};
use super::migrations::latest_version;
use super::{classify, foreign_objects, has_foreign_tables, Store, StoreError};

impl Store {
    /// Opens (creating if absent) the plain database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with_key(path, None)
    }

    /// [`Store::open`] for a file that may be protected. With `key`, the key is given to
    /// SQLCipher before anything is read; a key that does not fit is
    /// [`StoreError::WrongPassphrase`]. An encrypted file without a key is
    /// [`StoreError::PassphraseNeeded`]; a plain file opens plain whatever `key` says (then
    /// [`Store::is_protected`] is false); an absent file is created encrypted with `key`.
    pub fn open_with_key(path: &Path, key: Option<&Passphrase>) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        let state = probe(path)?;
        let key = match (state, key) {
            (FileState::Empty, _) => return Err(StoreError::EmptyFile { path: shown }),
            (FileState::Encrypted, None) => return Err(StoreError::PassphraseNeeded),
            (FileState::Plain, Some(_)) => {
                log::warn!("{shown}: a passphrase was given for a plain file; opened plain");
                None
            }
            (_, k) => k,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, &e))?;
        }
        let existed = state != FileState::Absent;
        let fail = |e: rusqlite::Error| match e.sqlite_error_code() {
            // An existing file that SQLite cannot open for writing (or whose -wal it cannot
            // create): read-only, which the caller may answer with a read-only open.
            Some(ErrorCode::CannotOpen) if existed => StoreError::ReadOnly { path: shown.clone() },
            _ if key.is_some() => keyed_error(e, &shown),
            _ => classify(e, &shown),
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(fail)?;
        if let Some(k) = key {
            apply_key(&conn, k).map_err(fail)?;
        }
        conn.busy_timeout(Duration::from_secs(3)).map_err(fail)?;

        // Read-only probes first: nothing is written until we know the file is ours and sound.
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(fail)?;
        if version > latest_version() {
            return Err(StoreError::TooNew { found: version, known: latest_version() });
        }
        // SQLite quietly opens a file it may not write read-only; said here, before any write.
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(fail)? {
            return Err(StoreError::ReadOnly { path: shown });
        }
        if existed {
            let check: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(fail)?;
            if check != "ok" {
                return Err(StoreError::Corrupt { path: shown });
            }
            // The probe read every page through the cache (2 MB by default): give that memory
            // back, the first screen needs other pages (indexes) and reads them on demand.
            conn.execute_batch("PRAGMA shrink_memory").map_err(fail)?;
            if version == 0 && has_foreign_tables(&conn).map_err(fail)? {
                // A SQLite file of some other program: refuse rather than add our tables to it.
                return Err(StoreError::Corrupt { path: shown });
            }
            let foreign = foreign_objects(&conn).map_err(fail)?;
            if !foreign.is_empty() {
                log::error!("{shown}: objects not in our schema: {foreign:?}");
                let names: Vec<String> = foreign.iter().take(3).map(|n| n.chars().take(60).collect()).collect();
                return Err(StoreError::ForeignObjects { path: shown, names: names.join(", ") });
            }
        }
        conn.pragma_update(None, "journal_mode", "WAL").map_err(fail)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(fail)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(fail)?;

        let mut store = Store { conn, path: Some(path.to_owned()), key: key.cloned(), read_only: false };
        let backup = if version < latest_version() && version > 0 { Some(store.backup_before_migration(version)?) } else { None };
        store.migrate().map_err(|e| match e {
            StoreError::Migration { version, reason, .. } => StoreError::Migration { version, reason, backup },
            other => other,
        })?;
        Ok(store)
    }

    /// Opens an existing store without writing anything to it or beside it when possible: no
    /// migration, no pragma that writes. `mode=ro` first (it sees the `-wal`'s changes); when
    /// SQLite cannot create the `-shm` it needs for that (a read-only folder), `immutable=1`,
    /// which reads the main file as it is. Every write then fails with
    /// [`StoreError::ReadOnly`]. A schema older than this build's is refused: updating it needs
    /// a writable file.
    pub fn open_read_only(path: &Path, key: Option<&Passphrase>) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        let key = match (probe(path)?, key) {
            (FileState::Absent, _) => {
                return Err(StoreError::Io { path: shown, reason: "le fichier de données est introuvable".into() })
            }
            (FileState::Empty, _) => return Err(StoreError::EmptyFile { path: shown }),
            (FileState::Encrypted, None) => return Err(StoreError::PassphraseNeeded),
            (FileState::Plain, _) => None,
            (FileState::Encrypted, k) => k,
        };
        let conn = match open_ro(path, key, "mode=ro") {
            Ok(c) => c,
            Err(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)) => {
                log::warn!("{shown}: read-only open failed ({e}); reading the file as immutable");
                open_ro(path, key, "mode=ro&immutable=1").map_err(|e| read_error(e, key, &shown))?
            }
            Err(e) => return Err(read_error(e, key, &shown)),
        };
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| read_error(e, key, &shown))?;
        if version > latest_version() {
            return Err(StoreError::TooNew { found: version, known: latest_version() });
        }
        if version < latest_version() {
            return Err(StoreError::ReadOnlyOutdated { path: shown, found: version, known: latest_version() });
        }
        Ok(Store { conn, path: Some(path.to_owned()), key: key.cloned(), read_only: true })
    }

    /// Opened by [`Store::open_read_only`]: showing works, every change fails.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }
}

/// Opens `path` read-only through a `file:` URI with `params`, keys it, and reads once (opening
/// is lazy: the first read is what fails on a wrong key or a missing `-shm`).
fn open_ro(path: &Path, key: Option<&Passphrase>, params: &str) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(file_uri(path, params), flags)?;
    if let Some(k) = key {
        apply_key(&conn, k)?;
    }
    conn.busy_timeout(Duration::from_secs(3))?;
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))?;
    Ok(conn)
}

fn read_error(e: rusqlite::Error, key: Option<&Passphrase>, shown: &str) -> StoreError {
    match key {
        Some(_) => keyed_error(e, shown),
        None => classify(e, shown),
    }
}

/// `file:` URI of `path` with the query `params`, every byte outside the unreserved set escaped.
pub(crate) fn file_uri(path: &Path, params: &str) -> String {
    let raw = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file:");
    if raw.as_bytes().get(1) == Some(&b':') {
        out.push('/'); // a Windows drive: file:/C:/…
    }
    for b in raw.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' | b':' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out.push('?');
    out.push_str(params);
    out
}
