//! The local SQLite store. Everything the doctor records lives in one file in the app-data
//! directory; nothing leaves the machine from here.
//!
//! Invariants kept by [`Store::open`]:
//! * WAL journal, foreign keys on, a busy timeout instead of instant "database is locked";
//! * a file that is not a database, is damaged, is locked by another program, or was written by
//!   a newer version of the app is reported with a French message and **never written to**;
//! * before any migration of an existing database, a full copy is written beside it.

pub mod backups;
pub mod cases;
pub mod cipher;
pub mod leftovers;
pub mod letters;
pub mod listings;
pub mod migrations;
mod open;
pub mod practice;
pub mod reply_templates;
pub mod reviews;
mod row;
pub mod settings;
pub mod sites;
pub mod vault;
pub mod versions;
pub mod watch;

use std::path::{Path, PathBuf};
use std::time::Duration;

use erm_files::atomic::Temp;
use chrono::{SecondsFormat, Utc};
use rusqlite::{Connection, ErrorCode, TransactionBehavior};

pub use cipher::{probe, FileState, Passphrase};

use migrations::MIGRATIONS;

/// The store's results: its own error, never the use cases'.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Why the store could not be used. Messages are written for the doctor.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Le fichier de données {path} n'est pas une base de données de l'application ou il est endommagé. Il n'a pas été modifié. Pour restaurer une sauvegarde : fermez l'application, mettez ce fichier de côté, copiez à sa place le fichier le plus récent du dossier « sauvegardes » en lui donnant le même nom, puis relancez ; ou déplacez-le simplement pour repartir d'une base vide.")]
    Corrupt { path: String },
    #[error("La base de données est utilisée par un autre programme (peut-être une autre fenêtre de l'application). Fermez-le puis relancez l'application.")]
    Locked,
    #[error("Cette base de données a été créée par une version plus récente de l'application (schéma {found}, cette version connaît le schéma {known}). Mettez l'application à jour ; le fichier n'a pas été modifié.")]
    TooNew { found: i64, known: i64 },
    #[error("Impossible d'ouvrir le dossier de données {path} : {reason}")]
    Io { path: String, reason: String },
    #[error("La mise à jour de la base de données (étape {version}) a échoué : {reason}. La base est restée dans son état précédent.{}", backup_sentence(.backup.as_deref()))]
    Migration {
        version: i64,
        reason: String,
        /// The copy written before the attempt (`sauvegardes/avant-migration-…`), when there is one.
        backup: Option<PathBuf>,
    },
    #[error("Le dossier de données est en lecture seule : l'application peut afficher vos données mais pas les modifier. Vérifiez les droits du dossier {path} ou l'espace disque, puis relancez l'application.")]
    ReadOnly { path: String },
    #[error("Le disque est plein : rien n'a été enregistré. Libérez de la place puis recommencez.")]
    DiskFull,
    #[error("Le fichier de données {path} est vide (0 octet) : peut-être un arrêt brutal ou une copie qui a échoué. Rien n'a été modifié. Regardez d'abord les sauvegardes du dossier « sauvegardes » ; sinon, commencez explicitement un nouveau cabinet.")]
    EmptyFile { path: String },
    #[error("Le fichier de données {path} contient du code ajouté par un autre programme ({names}) : l'application ne l'ouvre pas, pour que ce code ne s'exécute jamais sur vos données. Rien n'a été modifié. Restaurez une sauvegarde (dossier « sauvegardes ») ou faites examiner le fichier.")]
    ForeignObjects { path: String, names: String },
    #[error("Vos données sont protégées par un mot de passe : saisissez-le pour les ouvrir. (Si vous n'en avez jamais mis, ce fichier n'est pas une base de l'application ou il est endommagé ; il n'a pas été modifié : voyez les sauvegardes du dossier « sauvegardes ».)")]
    PassphraseNeeded,
    #[error("Mot de passe incorrect. Vérifiez la saisie (majuscules, accents) et recommencez ; le fichier n'a pas été modifié.")]
    WrongPassphrase,
    #[error("Le fichier de données {path} est en lecture seule et doit être mis à jour par cette version de l'application (schéma {found} vers {known}) : il doit être modifiable pour cela. Vérifiez les droits du dossier ou l'espace disque, puis relancez l'application ; le fichier n'a pas été modifié.")]
    ReadOnlyOutdated { path: String, found: i64, known: i64 },
    /// Any other SQLite failure: the doctor gets a French sentence, the log gets the cause.
    /// The row asked for does not exist (any more); the text names it for the doctor.
    #[error("{0}")]
    NotFound(String),
    /// A rule the store keeps refused the write (a state the row is not in).
    #[error("{0}")]
    Refused(String),
    /// A save made from a form loaded before another save of the same row (row versions).
    #[error("{0}")]
    Stale(String),
    /// A value that breaks a domain rule, one message per field.
    #[error("{0}")]
    Invalid(#[from] erm_domain::validation::Invalid),
    #[error("La base de données n'a pas pu faire cette opération ; rien n'a été modifié. Le détail technique est dans le journal de l'application.")]
    Sqlite(String),
}

impl StoreError {
    /// A file-system failure on `path`, told in French (the OS's own text goes to the log).
    pub fn io(path: &Path, e: &std::io::Error) -> StoreError {
        use std::io::ErrorKind as K;
        log::error!("file system, {}: {e}", path.display());
        let reason = match e.kind() {
            K::StorageFull | K::QuotaExceeded => "le disque est plein",
            K::PermissionDenied | K::ReadOnlyFilesystem => "le dossier est en lecture seule ou protégé en écriture",
            K::NotFound => "un fichier ou un dossier est introuvable",
            K::AlreadyExists => "un fichier du même nom existe déjà",
            _ => "erreur du système de fichiers (détail dans le journal de l'application)",
        };
        StoreError::Io { path: path.display().to_string(), reason: reason.into() }
    }
}

/// Where the doctor finds the copy made before a failed migration, said in full.
fn backup_sentence(backup: Option<&Path>) -> String {
    match backup {
        Some(path) => format!(" Une copie de la base faite juste avant la tentative se trouve ici : {}", path.display()),
        None => String::new(),
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked,
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                StoreError::Corrupt { path: String::from("(base ouverte)") }
            }
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path: String::from("de l'application") },
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            // An SQL function (SQLCipher's export, used by « Protéger ») reports a full disk as a
            // plain error with SQLite's own words: still a full disk for the doctor.
            _ if e.to_string().contains("disk is full") => {
                log::error!("sqlite: {e}");
                StoreError::DiskFull
            }
            _ => {
                log::error!("sqlite: {e}");
                StoreError::Sqlite(e.to_string())
            }
        }
    }
}

/// The result of an integrity check, shown in Paramètres.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IntegrityReport {
    pub ok: bool,
    /// SQLite's own lines ("ok" when all is well), at most 100.
    pub messages: Vec<String>,
    pub schema_version: i64,
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// The passphrase the file was opened with (kept to write backups encrypted with it).
    key: Option<Passphrase>,
    /// Opened by [`Store::open_read_only`]: every write is refused.
    read_only: bool,
}

/// Current UTC time as stored in `*_at` columns.
pub fn now_utc() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Store {
    /// A private in-memory store with the full schema, for tests and previews.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store { conn, path: None, key: None, read_only: false };
        store.migrate()?;
        Ok(store)
    }

    /// Opened with a passphrase (the file is encrypted).
    pub fn is_protected(&self) -> bool {
        self.key.is_some()
    }

    pub fn key(&self) -> Option<&Passphrase> {
        self.key.as_ref()
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Read access for queries that need no transaction.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs `f` in one IMMEDIATE transaction: committed if `f` returns `Ok`, rolled back otherwise
    /// (including on panic, by `Transaction`'s drop), so a refused action leaves nothing behind.
    pub fn transaction<T, E>(&mut self, f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<rusqlite::Error>,
    {
        if self.read_only {
            return Err(read_only_error().into());
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        migrations::apply(&mut self.conn, MIGRATIONS)
    }

    fn backup_before_migration(&self, from_version: i64) -> Result<PathBuf, StoreError> {
        let Some(dir) = self.backup_dir() else { return Ok(PathBuf::new()) };
        let stamp = Utc::now().format("%Y-%m-%d_%H%M%S");
        self.write_copy(&dir, &format!("avant-migration-v{from_version}-{stamp}"))
    }

    /// Where backups go: a `sauvegardes` folder beside the database file.
    pub fn backup_dir(&self) -> Option<PathBuf> {
        self.path.as_ref().map(|p| p.parent().unwrap_or(Path::new(".")).join("sauvegardes"))
    }

    /// Writes a consistent, dated copy of the whole database and returns its path.
    pub fn backup_now(&self) -> Result<PathBuf, StoreError> {
        self.backup_with_progress(|_, _| {})
    }

    /// [`Store::backup_now`], page by page with SQLite's online backup, telling `progress`
    /// (pages done, pages in all) as it goes. The copy is written beside its final name, flushed
    /// to disk, then renamed: a crash leaves no torn backup under a backup's name.
    pub fn backup_with_progress(&self, mut progress: impl FnMut(u64, u64)) -> Result<PathBuf, StoreError> {
        let dir = self.backup_dir().ok_or_else(|| StoreError::Io { path: "(base en mémoire)".into(), reason: "rien à sauvegarder".into() })?;
        let io = |e: std::io::Error| StoreError::io(&dir, &e);
        std::fs::create_dir_all(&dir).map_err(io)?;
        let stamp = Utc::now().format("%Y-%m-%d_%H%M%S");
        let mut target = dir.join(format!("sauvegarde-{stamp}.sqlite3"));
        let mut n = 1;
        while target.exists() {
            n += 1;
            target = dir.join(format!("sauvegarde-{stamp}-{n}.sqlite3"));
        }
        // Written under a temporary name (`erm_files::atomic`), flushed, then renamed: a kill
        // leaves no torn backup under a backup's name.
        let mut partial = Temp::beside(&target, "sauvegarde").map_err(io)?;
        partial.close();
        let mut dst = Connection::open(partial.path())?;
        // SQLCipher's backup copies pages as they are: the copy must have the same key.
        if let Some(k) = &self.key {
            cipher::apply_key(&dst, k)?;
        }
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
        loop {
            let step = backup.step(512)?;
            let p = backup.progress();
            let total = p.pagecount.max(0) as u64;
            progress(total.saturating_sub(p.remaining.max(0) as u64), total);
            match step {
                rusqlite::backup::StepResult::Done => break,
                rusqlite::backup::StepResult::More => {}
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        drop(backup);
        dst.close().map_err(|(_, e)| StoreError::from(e))?;
        partial.commit().map_err(io)?;
        Ok(target)
    }

    /// Writes a copy of the database as `<stem>.sqlite3` in `dir` (or `<stem>-2.sqlite3`… when
    /// taken): `VACUUM INTO` a temporary name, flushed to disk, then renamed, so a crash never
    /// leaves a torn copy under a backup's name nor a name that blocks the next attempt.
    fn write_copy(&self, dir: &Path, stem: &str) -> Result<PathBuf, StoreError> {
        let io = |e: std::io::Error| StoreError::io(dir, &e);
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut target = dir.join(format!("{stem}.sqlite3"));
        let mut n = 1;
        while target.exists() {
            n += 1;
            target = dir.join(format!("{stem}-{n}.sqlite3"));
        }
        // `VACUUM INTO` takes an empty file: the helper's private temporary, renamed once whole.
        let mut partial = Temp::beside(&target, "copie").map_err(io)?;
        partial.close();
        self.conn.execute("VACUUM INTO ?1", [partial.path().to_string_lossy()])?;
        partial.commit().map_err(io)?;
        Ok(target)
    }

    /// Full `PRAGMA integrity_check` plus a foreign-key check.
    pub fn integrity_check(&self) -> Result<IntegrityReport, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check(100)")?;
        let mut messages: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut fk = self.conn.prepare("PRAGMA foreign_key_check")?;
        let fk_problems: Vec<String> = fk
            .query_map([], |r| Ok(format!("référence cassée dans la table {}", r.get::<_, String>(0)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let ok = messages == ["ok"] && fk_problems.is_empty();
        if !fk_problems.is_empty() {
            messages.retain(|m| m != "ok");
            messages.extend(fk_problems);
        }
        Ok(IntegrityReport { ok, messages, schema_version: self.schema_version()? })
    }
}

/// The error every write on a read-only store gives (mapped to [`StoreError::ReadOnly`]).
fn read_only_error() -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY), Some("store opened read-only".into()))
}

/// Triggers and views of the file that none of our migrations ever created: another program's
/// code, which would run on our writes (a trigger) or be read as ours (a view).
fn foreign_objects(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    static OURS: std::sync::OnceLock<std::collections::HashSet<String>> = std::sync::OnceLock::new();
    let ours = OURS.get_or_init(|| {
        // Every trigger and view any version of the schema had, from the shipped migrations.
        let mut names = std::collections::HashSet::new();
        let Ok(mut mem) = Connection::open_in_memory() else { return names };
        for i in 1..=MIGRATIONS.len() {
            if migrations::apply(&mut mem, &MIGRATIONS[..i]).is_err() {
                break;
            }
            if let Ok(mut stmt) = mem.prepare("SELECT name FROM sqlite_schema WHERE type IN ('trigger', 'view')") {
                if let Ok(rows) = stmt.query_map([], |r| r.get::<_, String>(0)) {
                    names.extend(rows.flatten());
                }
            }
        }
        names
    });
    let mut stmt = conn.prepare("SELECT type || ' ' || name, name FROM sqlite_schema WHERE type IN ('trigger', 'view')")?;
    let found: Vec<(String, String)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(found.into_iter().filter(|(_, name)| !ours.contains(name)).map(|(shown, _)| shown).collect())
}

fn has_foreign_tables(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')", [], |r| r.get(0))
}

fn classify(e: rusqlite::Error, path: &str) -> StoreError {
    match StoreError::from(e) {
        StoreError::Corrupt { .. } => StoreError::Corrupt { path: path.to_owned() },
        StoreError::ReadOnly { .. } => StoreError::ReadOnly { path: path.to_owned() },
        other => other,
    }
}

impl From<erm_domain::listing::ApplyError> for StoreError {
    fn from(e: erm_domain::listing::ApplyError) -> Self {
        use erm_domain::listing::ApplyError;
        match e {
            ApplyError::Refused(m) => StoreError::Refused(m),
            ApplyError::Invalid(i) => StoreError::Invalid(i),
        }
    }
}

impl From<erm_domain::case::machine::ApplyError> for StoreError {
    fn from(e: erm_domain::case::machine::ApplyError) -> Self {
        use erm_domain::case::machine::ApplyError;
        match e {
            ApplyError::Refused(m) => StoreError::Refused(m),
            ApplyError::Invalid(i) => StoreError::Invalid(i),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 21.7: a trigger another program added to the store would run on our writes: the
    /// file is refused in French, and left byte for byte as it was.
    #[test]
    fn a_store_with_a_trigger_we_never_made_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e-reputation-medecin.sqlite3");
        Store::open(&path).unwrap().close().unwrap();
        assert!(Store::open(&path).is_ok(), "our own schema opens");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TRIGGER espion AFTER INSERT ON review BEGIN DELETE FROM review; END;").unwrap();
            conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert!(matches!(err, StoreError::ForeignObjects { .. }) && err.to_string().contains("trigger espion"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "not a byte changed");
    }

    /// Issue 21.7: a full disk met by SQLCipher's export (turning protection on) is told as a
    /// full disk, not as the generic database message.
    #[test]
    fn a_full_disk_reported_by_an_sql_function_is_a_full_disk() {
        let e = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR), Some("database or disk is full".into()));
        assert!(matches!(StoreError::from(e), StoreError::DiskFull));
        let other = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR), Some("no such table: x".into()));
        assert!(matches!(StoreError::from(other), StoreError::Sqlite(_)));
    }
}
