//! Backup files seen from the outside: opened read-only (`immutable`, so SQLite writes not even a
//! `-wal` or `-shm` beside them), never migrated, checked (integrity, ours, not newer) and
//! counted. And [`Store::close`], which the shell calls before a restore replaces the live file.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::cipher::{apply_key, probe, FileState, Passphrase};
use super::migrations::{self, latest_version, MIGRATIONS};
use super::open::file_uri;
use super::{Store, StoreError};

/// What a backup holds, counted without changing it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct BackupCounts {
    pub listings: i64,
    pub reviews: i64,
    pub letters: i64,
    pub cases: i64,
}

/// What a read-only look at a backup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    pub schema_version: i64,
    pub counts: BackupCounts,
}

/// Why a file cannot be restored; French for the doctor (the cause is logged where it is met).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unfit {
    /// Not a SQLite file, or unreadable.
    Unreadable,
    /// `integrity_check` or `foreign_key_check` found faults.
    Damaged,
    /// A SQLite file of another program (or with our version number but not our tables).
    Foreign,
    /// Written by a newer version of the app.
    TooNew { found: i64 },
    /// A `-wal` journal beside it holds changes not yet in the file (a copy of a store that was
    /// not closed): restoring the file alone would lose them.
    PendingJournal,
    /// Encrypted, and no passphrase was given.
    PassphraseNeeded,
    /// Encrypted with another passphrase than the current one (or not a database at all).
    WrongPassphrase,
}

impl Unfit {
    pub fn message(&self) -> String {
        match self {
            Unfit::Unreadable => "Ce fichier n'est pas une sauvegarde lisible (fichier incomplet, d'un autre type ou illisible).".into(),
            Unfit::Damaged => "Cette sauvegarde est endommagée : la vérification d'intégrité a trouvé des erreurs.".into(),
            Unfit::Foreign => "Ce fichier n'est pas une sauvegarde de E-Réputation Médecin.".into(),
            Unfit::PassphraseNeeded => "Ce fichier n'est pas une sauvegarde lisible sans mot de passe : il est protégé par un mot de passe, ou c'est un fichier d'un autre type.".into(),
            Unfit::WrongPassphrase => "Ce fichier n'est pas une sauvegarde lisible avec le mot de passe actuel : il a été protégé par un autre mot de passe, ou c'est un fichier d'un autre type.".into(),
            Unfit::PendingJournal => "Ce fichier a, à côté de lui, un journal (« -wal ») de modifications pas encore intégrées : la base n'a pas été fermée normalement. Ouvrez-le une fois avec l'application (ou demandez de l'aide) avant de le restaurer.".into(),
            Unfit::TooNew { found } => format!(
                "Cette sauvegarde a été faite par une version plus récente de l'application (schéma {found}, cette version connaît le schéma {}). Mettez l'application à jour pour la restaurer.",
                latest_version()
            ),
        }
    }
}

/// Opens `path` read-only and immutable (SQLite reads the file as it is and writes nothing
/// anywhere: no journal, no shared memory file), with `key` when the file is encrypted, or says
/// why not. A plain backup opens plain whatever `key` is.
pub fn open_read_only(path: &Path, key: Option<&Passphrase>) -> Result<Connection, Unfit> {
    let key = match probe(path) {
        Ok(FileState::Plain) => None,
        Ok(FileState::Encrypted) if key.is_none() => return Err(Unfit::PassphraseNeeded),
        Ok(FileState::Encrypted) => key,
        Ok(FileState::Absent | FileState::Empty) | Err(_) => return Err(Unfit::Unreadable),
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(file_uri(path, "mode=ro&immutable=1"), flags).map_err(|e| {
        log::warn!("backup {}: open read-only: {e}", path.display());
        Unfit::Unreadable
    })?;
    if let Some(k) = key {
        apply_key(&conn, k).map_err(|e| {
            log::warn!("backup {}: key: {e}", path.display());
            Unfit::Unreadable
        })?;
    }
    // Opening is lazy: the first read tells whether this is a database at all.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)).map_err(|e| {
        log::warn!("backup {}: not readable as a database: {e}", path.display());
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) if key.is_some() => Unfit::WrongPassphrase,
            Some(rusqlite::ErrorCode::DatabaseCorrupt) => Unfit::Damaged,
            _ => Unfit::Unreadable,
        }
    })?;
    Ok(conn)
}

/// The tables (with their columns) our migrations create up to `version`, built in memory.
fn expected_tables(version: i64) -> Result<Vec<(String, Vec<String>)>, StoreError> {
    let mut mem = Connection::open_in_memory()?;
    let upto: Vec<migrations::Migration> = MIGRATIONS
        .iter()
        .filter(|m| m.version <= version)
        .map(|m| migrations::Migration { version: m.version, name: m.name, sql: m.sql })
        .collect();
    migrations::apply(&mut mem, &upto)?;
    Ok(tables(&mem)?)
}

/// Ordinary tables of `conn` (no FTS shadow or SQLite internal tables) with their columns.
pub fn tables(conn: &Connection) -> rusqlite::Result<Vec<(String, Vec<String>)>> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        if name.starts_with("review_fts") {
            continue; // FTS5's own tables: rebuilt by triggers, not data
        }
        let cols: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
            .query_map([&name], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        out.push((name, cols));
    }
    Ok(out)
}

fn count(conn: &Connection, table: &str, present: &[(String, Vec<String>)]) -> rusqlite::Result<i64> {
    if !present.iter().any(|(t, _)| t == table) {
        return Ok(0); // an older schema without this table
    }
    conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| r.get(0))
}

/// A quick look for the list: version, ours, counts. No full integrity check (see [`check`]).
pub fn inspect(path: &Path, key: Option<&Passphrase>) -> Result<Inspection, Unfit> {
    let conn = open_read_only(path, key)?;
    inspect_conn(path, &conn)
}

fn inspect_conn(path: &Path, conn: &Connection) -> Result<Inspection, Unfit> {
    let sql = |e: rusqlite::Error| {
        log::warn!("backup {}: {e}", path.display());
        Unfit::Unreadable
    };
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql)?;
    if version > latest_version() {
        return Err(Unfit::TooNew { found: version });
    }
    if version < 1 {
        log::warn!("backup {}: user_version {version}", path.display());
        return Err(Unfit::Foreign);
    }
    let present = tables(conn).map_err(sql)?;
    let expected = expected_tables(version).map_err(|e| {
        log::error!("backup check: building schema v{version} in memory: {e}");
        Unfit::Unreadable
    })?;
    for (table, cols) in &expected {
        match present.iter().find(|(t, _)| t == table) {
            Some((_, found)) if found == cols => {}
            other => {
                log::warn!("backup {}: table {table} expected {cols:?}, found {:?}", path.display(), other.map(|o| &o.1));
                return Err(Unfit::Foreign);
            }
        }
    }
    let counts = BackupCounts {
        listings: count(conn, "listing", &present).map_err(sql)?,
        reviews: count(conn, "review", &present).map_err(sql)?,
        letters: count(conn, "letter", &present).map_err(sql)?,
        cases: count(conn, "case_file", &present).map_err(sql)?,
    };
    Ok(Inspection { schema_version: version, counts })
}

/// The full check before a restore: readable, `integrity_check` and `foreign_key_check` clean,
/// our tables for its version, not newer than this build.
pub fn check(path: &Path, key: Option<&Passphrase>) -> Result<Inspection, Unfit> {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0) {
        log::warn!("backup {}: a non-empty -wal beside it", path.display());
        return Err(Unfit::PendingJournal);
    }
    let conn = open_read_only(path, key)?;
    let damaged = |e: rusqlite::Error| {
        log::warn!("backup {}: integrity check failed to run: {e}", path.display());
        Unfit::Damaged
    };
    let lines: Vec<String> = conn
        .prepare("PRAGMA integrity_check(20)")
        .map_err(damaged)?
        .query_map([], |r| r.get(0))
        .map_err(damaged)?
        .collect::<rusqlite::Result<_>>()
        .map_err(damaged)?;
    if lines != ["ok"] {
        log::warn!("backup {}: integrity_check: {lines:?}", path.display());
        return Err(Unfit::Damaged);
    }
    let fk: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).map_err(damaged)?;
    if fk > 0 {
        log::warn!("backup {}: {fk} broken foreign keys", path.display());
        return Err(Unfit::Damaged);
    }
    inspect_conn(path, &conn)
}

impl Store {
    /// Closes the store for a restore: checkpoints the WAL into the main file (so the file kept
    /// aside is whole by itself), closes the connection and returns the file's path.
    pub fn close(self) -> Result<PathBuf, StoreError> {
        let path = self.path.clone().ok_or_else(|| StoreError::Io { path: "(base en mémoire)".into(), reason: "aucun fichier".into() })?;
        if let Err(e) = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)") {
            // Not fatal: the -wal file is moved aside together with the main file.
            log::warn!("checkpoint before close: {e}");
        }
        self.conn.close().map_err(|(_, e)| StoreError::from(e))?;
        Ok(path)
    }
}
