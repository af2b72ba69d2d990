//! « Reprendre des données exportées » (a new computer): an export made by
//! [`super::write_full_export`] back into an empty store, all or nothing.
//!
//! Nothing in the archive is trusted, and the store's lock is held only for the short insert:
//! 1. the store is found empty and its columns read (under the lock, a moment);
//! 2. off the lock: the zip's directory within [`limits`] (entries, sizes, ratios) before a byte
//!    is read, every sum checked against the manifest, the tables parsed through capped readers
//!    and every row checked ([`super::rows`]: ids, enums, dates, file names), then the evidence
//!    files copied into the evidence folder through the atomic helper;
//! 3. under the lock, in one transaction: the store found empty again, the rows inserted, and
//!    read back through the same readers every screen uses — a row they cannot read refuses
//!    the whole import, so nothing is taken in that a screen would then fail on.
//!
//! Any refusal removes the copied evidence files; the store is left as it was.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::types::Value as Sql;
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{columns, description, rows, TABLES, VERSION_FILE};
use crate::error::Error;
use crate::handle::Handle;
use erm_documents::export::archive::{verify_archive_within, Limits};
use erm_files::atomic::Temp;
use erm_store::backups::BackupCounts;
use erm_store::migrations::latest_version;
use erm_store::vault::{Vault, MAX_EVIDENCE_BYTES};
use erm_store::Store;

/// What an import put into the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub counts: BackupCounts,
    /// Rows per table, in insertion order.
    pub rows: Vec<(String, usize)>,
    pub evidence_files: usize,
    pub evidence_bytes: u64,
}

const MIB: u64 = 1024 * 1024;
/// One table's JSON: 100,000 reviews of a long paragraph each make about 60 MB.
const MAX_TABLE_BYTES: u64 = 128 * MIB;

/// What an export may hold: its tables, its letters, and evidence at the attach limit.
pub fn limits() -> Limits {
    Limits {
        max_entries: 20_000,
        max_entry_bytes: |name| {
            if name.starts_with("preuves/") {
                MAX_EVIDENCE_BYTES
            } else if name.starts_with("donnees/") {
                MAX_TABLE_BYTES
            } else {
                16 * MIB
            }
        },
        max_total_bytes: 64 * 1024 * MIB,
        max_ratio: 200,
    }
}

pub(super) fn refused(msg: impl Into<String>) -> Error {
    Error::Refused(msg.into())
}

pub(super) fn unreadable_archive(path: &Path, cause: impl std::fmt::Display) -> Error {
    log::warn!("full import {}: {cause}", path.display());
    refused(format!("L'archive « {} » n'est pas un export complet lisible de l'application. Rien n'a été importé.", path.display()))
}

/// Refused unless the store holds none of the doctor's rows.
fn ensure_empty(store: &Store) -> Result<(), Error> {
    let mut there = Vec::new();
    for (table, what) in [("practitioner", "médecin(s)"), ("listing", "fiche(s)"), ("review", "avis"), ("letter", "courrier(s)"), ("case_file", "dossier(s)")] {
        let n: i64 = store.conn().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        if n > 0 {
            there.push(format!("{n} {what}"));
        }
    }
    if there.is_empty() {
        return Ok(());
    }
    Err(refused(format!(
        "Un export complet ne peut être importé que dans une application encore vide ; celle-ci contient déjà {}. Rien n'a été importé. Pour remplacer ces données, restaurez plutôt une sauvegarde (Paramètres → Sauvegardes).",
        there.join(", ")
    )))
}

/// The columns each table of this version has (the names go into SQL: only these).
fn known_columns(store: &Store) -> Result<HashMap<String, HashSet<String>>, Error> {
    let mut out = HashMap::new();
    for (table, _, _) in TABLES {
        out.insert(table.to_string(), columns(store.conn(), table)?.into_iter().map(|c| c.name).collect());
    }
    Ok(out)
}

/// An archive read and checked, its evidence copied: what is left is the insert.
struct Prepared {
    data: Vec<(String, Vec<Map<String, Value>>)>,
    evidence_files: usize,
    evidence_bytes: u64,
    copied: Vec<PathBuf>,
    /// The progress's whole: evidence bytes, plus one per table for the insert.
    total: u64,
}

/// Step 2 (off the lock). On a refusal, nothing stays in the evidence folder.
fn prepare(zip_path: &Path, known: &HashMap<String, HashSet<String>>, vault: &Vault, progress: &mut dyn FnMut(u64, u64)) -> Result<Prepared, Error> {
    // The directory within limits, then every sum, before anything is read for real.
    let checked = verify_archive_within(zip_path, &limits()).map_err(|e| {
        log::warn!("full import {}: {}", zip_path.display(), e.cause());
        refused(format!("{} Rien n'a été importé.", e.message().trim_end_matches(" Rien n'a été lu.")))
    })?;
    if let Some((bad, _)) = checked.iter().find(|(_, ok)| !ok) {
        log::warn!("full import {}: {bad} does not match the manifest", zip_path.display());
        return Err(refused(format!(
            "L'archive a été modifiée ou est incomplète : le fichier « {bad} » ne correspond pas à sa somme SHA-256 du manifeste. Rien n'a été importé."
        )));
    }
    let mut zip = zip::ZipArchive::new(BufReader::new(File::open(zip_path).map_err(|e| unreadable_archive(zip_path, e))?))
        .map_err(|e| unreadable_archive(zip_path, e))?;
    let version: Value = read_json(&mut zip, zip_path, VERSION_FILE)?;
    let found = version["schema_version"].as_i64().ok_or_else(|| unreadable_archive(zip_path, "no schema_version"))?;
    if found > latest_version() {
        return Err(refused(format!(
            "Cet export a été fait par une version plus récente de l'application (schéma {found}, cette version connaît le schéma {}). Mettez l'application à jour, puis recommencez. Rien n'a été importé.",
            latest_version()
        )));
    }
    let mut data: Vec<(String, Vec<Map<String, Value>>)> = Vec::new();
    for (table, _, _) in TABLES {
        let name = format!("donnees/{table}.json");
        if zip.by_name(&name).is_err() {
            continue; // a table an older version did not have
        }
        let list: Vec<Map<String, Value>> = read_json(&mut zip, zip_path, &name)?;
        let cols = &known[*table];
        if let Some(col) = list.iter().flat_map(|r| r.keys()).find(|k| !cols.contains(*k)) {
            return Err(unreadable_archive(zip_path, format!("{table}: unknown column {col}")));
        }
        for (i, row) in list.iter().enumerate() {
            rows::check(table, row).map_err(|why| {
                log::warn!("full import: {table} row {i}: {why}");
                refused(format!("Une ligne de la table « {table} » de l'export est invalide ({why}). Rien n'a été importé."))
            })?;
        }
        data.push((table.to_string(), list));
    }
    // Evidence files the rows name (plain names, checked above), with their sums.
    let wanted: Vec<(i64, String, String)> = data
        .iter()
        .filter(|(t, _)| t == "evidence")
        .flat_map(|(_, list)| list.iter())
        .filter_map(|r| Some((r.get("case_id")?.as_i64()?, r.get("stored_name")?.as_str()?.to_owned(), r.get("sha256")?.as_str()?.to_ascii_lowercase())))
        .collect();
    let total: u64 = wanted.iter().filter_map(|(c, n, _)| zip.by_name(&format!("preuves/{c}/{n}")).ok().map(|f| f.size())).sum::<u64>() + data.len() as u64;
    let mut done = 0u64;
    progress(0, total);
    let mut copied: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<(), Error> {
        for (case, name, sum) in &wanted {
            let entry = format!("preuves/{case}/{name}");
            let src = zip.by_name(&entry).map_err(|e| {
                log::warn!("full import: {entry}: {e}");
                refused(format!("L'archive ne contient pas le fichier de preuve « {entry} ». Rien n'a été importé."))
            })?;
            let dest = vault.path(*case, name);
            let digest = copy_checked(&mut src.take(MAX_EVIDENCE_BYTES + 1), &dest, &mut copied, &mut |n| {
                done += n;
                progress(done, total);
            })?;
            if digest != *sum {
                return Err(refused(format!(
                    "Le fichier de preuve « {entry} » ne correspond pas à la somme SHA-256 enregistrée dans son dossier. Rien n'a été importé."
                )));
            }
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(Prepared { data, evidence_files: wanted.len(), evidence_bytes: done, copied, total }),
        Err(e) => {
            remove_copies(&copied);
            Err(e)
        }
    }
}

/// One JSON entry of the archive, parsed as it is read (never held whole as text).
fn read_json<T: serde::de::DeserializeOwned>(zip: &mut zip::ZipArchive<BufReader<File>>, zip_path: &Path, name: &str) -> Result<T, Error> {
    let entry = zip.by_name(name).map_err(|e| unreadable_archive(zip_path, format!("{name}: {e}")))?;
    serde_json::from_reader(BufReader::new(entry.take(MAX_TABLE_BYTES))).map_err(|e| unreadable_archive(zip_path, format!("{name}: {e}")))
}

fn remove_copies(copied: &[PathBuf]) {
    for p in copied.iter().rev() {
        if let Err(e) = fs::remove_file(p) {
            log::warn!("full import: removing {}: {e}", p.display());
        }
    }
}

/// Step 3 (under the lock): the rows in one transaction, read back before it commits.
fn insert(store: &mut Store, prepared: &Prepared, today: NaiveDate) -> Result<Vec<(String, usize)>, Error> {
    let data = &prepared.data;
    store.transaction(|tx| -> Result<Vec<(String, usize)>, Error> {
        let mut counts = Vec::new();
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        // A fresh store's catalogue, settings and templates give way to the export's.
        for (table, _) in data.iter().rev() {
            tx.execute(&format!("DELETE FROM \"{table}\""), [])?;
        }
        for (table, list) in data {
            let json = description(table).1;
            for row in list {
                let cols: Vec<&String> = row.keys().collect();
                let sql = format!(
                    "INSERT INTO \"{table}\" ({}) VALUES ({})",
                    cols.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", "),
                    (1..=cols.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
                );
                let values: Vec<Sql> = cols.iter().map(|c| to_sql(&row[*c], json.contains(&c.as_str()))).collect();
                tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values)).map_err(|e| {
                    log::warn!("full import: {table} row refused: {e}");
                    refused(format!("Une ligne de la table « {table} » de l'export est refusée par la base (données incohérentes). Rien n'a été importé."))
                })?;
            }
            counts.push((table.clone(), list.len()));
        }
        let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
        if broken > 0 {
            log::warn!("full import: {broken} broken references");
            return Err(refused("Des lignes de l'export renvoient à des lignes absentes (export incomplet). Rien n'a été importé."));
        }
        rows::read_back(tx, today).map_err(|why| {
            log::warn!("full import: read back: {why}");
            refused(format!("Des données de l'export ne peuvent pas être relues par l'application ({why}). Rien n'a été importé."))
        })?;
        Ok(counts)
    })
}

fn report(prepared: &Prepared, rows: Vec<(String, usize)>) -> ImportReport {
    let n = |t: &str| rows.iter().find(|(name, _)| name == t).map_or(0, |(_, n)| *n as i64);
    ImportReport {
        counts: BackupCounts { listings: n("listing"), reviews: n("review"), letters: n("letter"), cases: n("case_file") },
        evidence_files: prepared.evidence_files,
        evidence_bytes: prepared.evidence_bytes,
        rows,
    }
}

/// The whole import on one thread with the store at hand (tests, and the steps in order).
pub fn import_full_export(store: &mut Store, vault: &Vault, zip_path: &Path, mut progress: impl FnMut(u64, u64)) -> Result<ImportReport, Error> {
    ensure_empty(store)?;
    let known = known_columns(store)?;
    let prepared = prepare(zip_path, &known, vault, &mut progress)?;
    let today = chrono::Local::now().date_naive();
    finish(store, prepared, today, &mut progress)
}

fn finish(store: &mut Store, prepared: Prepared, today: NaiveDate, progress: &mut dyn FnMut(u64, u64)) -> Result<ImportReport, Error> {
    let inserted = ensure_empty(store).and_then(|()| insert(store, &prepared, today));
    match inserted {
        Ok(rows) => {
            progress(prepared.total, prepared.total);
            Ok(report(&prepared, rows))
        }
        Err(e) => {
            remove_copies(&prepared.copied);
            Err(e)
        }
    }
}

/// « Reprendre des données exportées »: the store's lock is taken twice for a moment (is it
/// empty, then the insert); the archive is checked and read outside it, so the window answers.
pub async fn import_all(h: &impl Handle, zip_path: PathBuf, mut progress: impl FnMut(u64, u64) + Send + 'static) -> Result<ImportReport, Error> {
    let vault = h.vault()?;
    let today = h.today();
    let known = h.run(|s| ensure_empty(s).and_then(|()| known_columns(s))).await?;
    let (prepared, mut progress) = h.off_thread(move || prepare(&zip_path, &known, &vault, &mut progress).map(|p| (p, progress))).await?;
    h.run(move |s| finish(s, prepared, today, &mut progress)).await
}

fn to_sql(v: &Value, json: bool) -> Sql {
    match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(*b as i64),
        Value::Number(n) => n.as_i64().map(Sql::Integer).unwrap_or_else(|| Sql::Real(n.as_f64().unwrap_or_default())),
        Value::String(s) if !json => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// Copies `src` to `dest` through the atomic helper (never over an existing file), hashing on
/// the way; pushes the final path on `copied`. Returns the SHA-256. `src` is capped by the
/// caller one byte past the limit: reading that byte refuses the piece.
fn copy_checked(src: &mut impl Read, dest: &Path, copied: &mut Vec<PathBuf>, progress: &mut dyn FnMut(u64)) -> Result<String, Error> {
    let failed = |e: io::Error| {
        log::error!("full import: writing {}: {e}", dest.display());
        Error::Document(format!(
            "Le fichier de preuve « {} » n'a pas pu être écrit (disque plein ou dossier protégé ?). Rien n'a été importé.",
            dest.display()
        ))
    };
    let taken = || refused(format!("Le dossier des preuves contient déjà « {} » : il n'a pas été remplacé. Rien n'a été importé.", dest.display()));
    if dest.exists() {
        return Err(taken());
    }
    let mut tmp = Temp::beside(dest, "import").map_err(failed)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = match src.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(failed(e)),
        };
        size += n as u64;
        if size > MAX_EVIDENCE_BYTES {
            return Err(refused(format!(
                "Le fichier de preuve « {} » dépasse la taille admise pour une preuve ({} Mo). Rien n'a été importé.",
                dest.display(),
                MAX_EVIDENCE_BYTES / MIB
            )));
        }
        hasher.update(&buf[..n]);
        tmp.file().write_all(&buf[..n]).map_err(failed)?;
        progress(n as u64);
    }
    match tmp.commit_new() {
        Ok(()) => {}
        Err((e, _)) if e.kind() == io::ErrorKind::AlreadyExists => return Err(taken()),
        Err((e, _)) => return Err(failed(e)),
    }
    copied.push(dest.to_owned());
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}
