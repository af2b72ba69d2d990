//! Everything out, in open formats, and back in on a new computer.
//!
//! The export is one zip: `donnees/<table>.json` (an array of objects, one per row, keys the
//! column names, values as SQLite holds them, JSON columns embedded as JSON), `donnees/SCHEMA.md`
//! (every table and column described in French), `donnees/version.json`, every letter as PDF
//! (`courriers/…`, regenerated from its row), every evidence file (`preuves/<case>/<file>`), and
//! the archive's own `manifeste.json` + `MANIFEST-SHA256.txt`. It is planned under the store's
//! lock (rows only, [`plan_full_export`]) and written outside it ([`write_full_export`]).
//!
//! [`import_full_export`] (`import.rs`) puts such an export into an empty store, trusting
//! nothing in it: limits on the zip's directory, every sum, every row checked (`rows.rs`) and
//! read back before the one transaction commits; any failure removes the copied files and
//! leaves the store as it was.

use crate::handle::Handle;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Error;
use erm_documents::export::archive::{write_archive, ArchiveEntry, ArchiveReport};
use erm_store::backups::{tables, BackupCounts};
use erm_store::letters as letter_repo;
use erm_store::vault::Vault;
use erm_store::Store;
use crate::letters::{pdf_name, StoredLetter};

mod import;
pub mod rows;
pub use import::{import_all, import_full_export, limits, ImportReport};

/// The tables in the order an import inserts them (each after those it refers to), with the
/// one-line description `SCHEMA.md` gives, and the columns that hold JSON.
const TABLES: &[(&str, &str, &[&str])] = &[
    ("practitioner", "Les médecins du cabinet (le signataire par défaut a is_default = 1).", &["address_lines"]),
    ("setting", "Les réglages de l'application (fenêtre d'enveloppe, notes sur l'annuaire d'aide), une valeur JSON par clé.", &["value"]),
    ("site", "Les annuaires et sites d'avis : catalogue fourni et sites ajoutés ou corrigés par le médecin.", &["publisher_office_lines", "host_address_lines"]),
    ("reply_template", "Les modèles de réponse aux avis modifiés par le médecin.", &[]),
    ("listing", "Les fiches du médecin trouvées sur les annuaires, avec l'état de la demande d'effacement.", &["shows"]),
    ("listing_event", "L'historique daté de chaque fiche (demande envoyée, réponse, plainte CNIL…) avec sa preuve.", &["proof"]),
    ("review", "Les avis de patients, leur qualification, la réponse publiée et le brouillon en cours.", &[]),
    ("review_statement", "Les propos cités d'un avis jugé illicite, avec leurs fondements.", &["grounds"]),
    ("reply_ack", "Les avertissements du garde du secret médical que le médecin a acceptés pour une réponse.", &[]),
    ("case_file", "Les dossiers de contenus illicites : propos, parties, date de première publication.", &["statements", "parties", "first_publication"]),
    ("case_event", "L'historique daté de chaque dossier (signalement, notification à l'hébergeur, mise en demeure…).", &["proof"]),
    ("evidence", "Les preuves d'un dossier : fichier conservé dans preuves/<dossier>/, avec sa somme SHA-256.", &[]),
    ("letter", "Les courriers écrits par l'application ; data contient tout ce qu'il faut pour refaire le PDF à l'identique.", &["recipient", "data"]),
    ("watch_feed", "Les flux de veille suivis (alertes Google ou autres flux RSS/Atom).", &[]),
    ("watch_item", "Les mentions reçues par la veille, une par page, avec ce qu'elles sont devenues (écartées, fiche, avis, dossier).", &[]),
];

const VERSION_FILE: &str = "donnees/version.json";

/// Shown before a full export of a protected store is written: the export is read through the
/// open (decrypted) store, so the archive is not protected by the passphrase.
pub const PLAINTEXT_EXPORT_WARNING: &str = "Cette exportation contient vos données en clair : elle n'est pas protégée par votre mot de passe. Toute personne qui obtient le fichier peut lire vos avis, dossiers et courriers. Enregistrez-la sur un support que vous gardez en lieu sûr et supprimez-la quand elle ne sert plus.";

/// The warning the shell shows before writing a full export, when the store is protected.
pub fn plaintext_warning(store: &Store) -> Option<&'static str> {
    store.is_protected().then_some(PLAINTEXT_EXPORT_WARNING)
}

/// One column as `PRAGMA table_info` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnInfo {
    pub name: String,
    pub sql_type: String,
    pub not_null: bool,
    pub primary_key: bool,
    pub default: Option<String>,
    pub json: bool,
}

/// One table's rows, read under the lock.
#[derive(Debug, Clone)]
pub struct TableDump {
    pub name: String,
    pub description: String,
    pub columns: Vec<ColumnInfo>,
    pub rows: Vec<Map<String, Value>>,
}

/// Everything the export needs, read in one go under the store's lock.
#[derive(Debug, Clone)]
pub struct FullExportPlan {
    /// The suggested file name (`2026-11-30-export-complet-e-reputation-medecin.zip`).
    pub file_name: String,
    pub schema_version: i64,
    pub tables: Vec<TableDump>,
    /// `(courriers/<name>.pdf, the letter)`, or the letter's id and why it cannot be redone.
    pub letters: Vec<(String, Result<StoredLetter, String>)>,
    /// `(preuves/<case>/<file>, its path in the vault, the digest recorded when it was taken)`.
    pub evidence: Vec<(String, PathBuf, String)>,
    pub counts: BackupCounts,
    /// Pack pieces that no longer match their recorded digest, marked as modified (the doctor's
    /// choice after a first refusal); `false` stops the export on such a piece.
    pub accept_modified: bool,
}

fn description(table: &str) -> (&'static str, &'static [&'static str]) {
    TABLES.iter().find(|(t, _, _)| *t == table).map_or(("(table sans description)", &[][..]), |(_, d, j)| (*d, *j))
}

fn sql_failed(what: &str, e: impl std::fmt::Display) -> Error {
    log::error!("full export: {what}: {e}");
    Error::Document("L'export complet n'a pas pu lire la base de données ; rien n'a été écrit. Le détail technique est dans le journal de l'application.".into())
}

fn columns(conn: &rusqlite::Connection, table: &str) -> rusqlite::Result<Vec<ColumnInfo>> {
    let json = description(table).1;
    conn.prepare("SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info(?1) ORDER BY cid")?
        .query_map([table], |r| {
            let name: String = r.get(0)?;
            Ok(ColumnInfo { json: json.contains(&name.as_str()), name, sql_type: r.get(1)?, not_null: r.get(2)?, primary_key: r.get::<_, i64>(3)? > 0, default: r.get(4)? })
        })?
        .collect()
}

/// The store's tables: ours in insertion order, then any other (none today).
fn ordered_tables(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<String>> {
    let present: Vec<String> = tables(conn)?.into_iter().map(|(t, _)| t).collect();
    let mut out: Vec<String> = TABLES.iter().map(|(t, _, _)| t.to_string()).filter(|t| present.contains(t)).collect();
    out.extend(present.into_iter().filter(|t| !TABLES.iter().any(|(k, _, _)| k == t)));
    Ok(out)
}

/// Reads every row, letter and evidence path. Run it under the store's lock; it is rows only.
pub fn plan_full_export(store: &Store, vault: &Vault, today: NaiveDate) -> Result<FullExportPlan, Error> {
    let conn = store.conn();
    let mut dumps = Vec::new();
    for table in ordered_tables(conn).map_err(|e| sql_failed("listing tables", e))? {
        let cols = columns(conn, &table).map_err(|e| sql_failed(&table, e))?;
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid")).map_err(|e| sql_failed(&table, e))?;
        let rows = stmt
            .query_map([], |r| {
                let mut obj = Map::new();
                for (i, c) in cols.iter().enumerate() {
                    obj.insert(c.name.clone(), to_json(r.get_ref(i)?, c.json, &table, &c.name));
                }
                Ok(obj)
            })
            .map_err(|e| sql_failed(&table, e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| sql_failed(&table, e))?;
        dumps.push(TableDump { description: description(&table).0.to_owned(), name: table, columns: cols, rows });
    }
    let letters = letter_repo::list_all(conn)?
        .into_iter()
        .map(|row| match StoredLetter::from_row(&row) {
            Ok(s) => (format!("courriers/{}", pdf_name(row.id, &s)), Ok(s)),
            Err(e) => (format!("courriers/courrier-{}.pdf", row.id), Err(e.to_string())),
        })
        .collect();
    let mut evidence = Vec::new();
    if let Some(t) = dumps.iter().find(|t| t.name == "evidence") {
        for row in &t.rows {
            let (Some(case), Some(name)) = (row.get("case_id").and_then(Value::as_i64), row.get("stored_name").and_then(Value::as_str)) else { continue };
            let sha256 = row.get("sha256").and_then(Value::as_str).unwrap_or_default().to_owned();
            evidence.push((format!("preuves/{case}/{name}"), vault.path(case, name), sha256));
        }
    }
    let n = |t: &str| dumps.iter().find(|d| d.name == t).map_or(0, |d| d.rows.len() as i64);
    let counts = BackupCounts { listings: n("listing"), reviews: n("review"), letters: n("letter"), cases: n("case_file") };
    Ok(FullExportPlan {
        file_name: format!("{today}-export-complet-e-reputation-medecin.zip"),
        schema_version: store.schema_version()?,
        tables: dumps,
        letters,
        evidence,
        counts,
        accept_modified: false,
    })
}

fn to_json(v: ValueRef<'_>, json: bool, table: &str, column: &str) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => {
            let s = String::from_utf8_lossy(t);
            if json {
                serde_json::from_str(&s).unwrap_or_else(|e| {
                    log::warn!("full export: {table}.{column} holds invalid JSON ({e}); kept as text");
                    Value::String(s.into_owned())
                })
            } else {
                Value::String(s.into_owned())
            }
        }
        ValueRef::Blob(b) => Value::String(b.iter().map(|x| format!("{x:02x}")).collect()),
    }
}

/// `SCHEMA.md`: what each file and column holds, in French.
fn schema_md(plan: &FullExportPlan) -> String {
    let mut s = format!(
        "# Export complet — E-Réputation Médecin\n\nSchéma de la base : version {}.\n\n\
         Chaque fichier `donnees/<table>.json` est un tableau d'objets JSON, un par ligne de la table ; \
         les clés sont les noms des colonnes, les valeurs celles de la base (texte, entier, réel ou null). \
         Les dates sont au format AAAA-MM-JJ, les horodatages en UTC (RFC 3339). Les colonnes marquées JSON \
         contiennent une valeur JSON (tableau ou objet), pas une chaîne. Les identifiants (`id`, `*_id`) relient \
         les tables entre elles.\n\n\
         `courriers/` contient chaque courrier en PDF, refait à l'identique depuis sa ligne de la table `letter` ; \
         `preuves/<dossier>/<fichier>` les fichiers de preuve (table `evidence`, avec leur somme SHA-256). \
         `MANIFEST-SHA256.txt` donne la somme SHA-256 de chaque fichier de l'archive (vérifiable avec `sha256sum -c`).\n",
        plan.schema_version
    );
    for t in &plan.tables {
        let rows = match t.rows.len() {
            1 => "1 ligne".to_owned(),
            n => format!("{n} lignes"),
        };
        s.push_str(&format!("\n## {} ({rows})\n\n{}\n\n| colonne | type | obligatoire | remarque |\n|---|---|---|---|\n", t.name, t.description));
        for c in &t.columns {
            let mut notes = Vec::new();
            if c.primary_key {
                notes.push("clé primaire".to_owned());
            }
            if c.json {
                notes.push("JSON".to_owned());
            }
            if let Some(d) = &c.default {
                notes.push(format!("par défaut {d}"));
            }
            s.push_str(&format!("| {} | {} | {} | {} |\n", c.name, if c.sql_type.is_empty() { "—" } else { &c.sql_type }, if c.not_null { "oui" } else { "non" }, notes.join(", ")));
        }
    }
    s
}

fn json_bytes(v: &impl Serialize) -> Result<Vec<u8>, Error> {
    serde_json::to_vec_pretty(v).map_err(|e| sql_failed("serialising", e))
}

/// Renders the letters and writes the archive at `dest` (temporary file, flushed, renamed).
/// A letter this version cannot redo is listed in `courriers/NON-REGENERES.txt` (its row is in
/// `donnees/letter.json` all the same) rather than stopping the export.
pub fn write_full_export(plan: FullExportPlan, dest: &Path, mut progress: impl FnMut(u64, u64)) -> Result<ArchiveReport, Error> {
    let mut entries = Vec::new();
    for t in &plan.tables {
        entries.push(ArchiveEntry::bytes(format!("donnees/{}.json", t.name), json_bytes(&t.rows)?));
    }
    entries.push(ArchiveEntry::bytes("donnees/SCHEMA.md", schema_md(&plan).into_bytes()));
    entries.push(ArchiveEntry::bytes(
        VERSION_FILE,
        json_bytes(&serde_json::json!({ "application": "E-Réputation Médecin", "schema_version": plan.schema_version, "tables": plan.tables.iter().map(|t| &t.name).collect::<Vec<_>>() }))?,
    ));
    let mut skipped = Vec::new();
    for (name, letter) in &plan.letters {
        match letter.as_ref().map_err(|e| e.clone()).and_then(|s| s.render().map_err(|e| e.to_string())) {
            Ok(pdf) => entries.push(ArchiveEntry::bytes(name.clone(), pdf)),
            Err(why) => {
                log::warn!("full export: {name} not regenerated: {why}");
                skipped.push(format!("{name} : {why}"));
            }
        }
    }
    if !skipped.is_empty() {
        let text = format!("Courriers que cette version n'a pas pu refaire en PDF (leurs données sont dans donnees/letter.json) :\n{}\n", skipped.join("\n"));
        entries.push(ArchiveEntry::bytes("courriers/NON-REGENERES.txt", text.into_bytes()));
    }
    // Each piece is checked against the digest recorded when it was taken (never recomputed).
    for (name, path, sha256) in plan.evidence {
        entries.push(ArchiveEntry::evidence(name, path, sha256, plan.accept_modified));
    }
    write_archive(dest, &entries, &mut progress).map_err(|e| {
        log::warn!("full export not written: {}", e.cause());
        crate::error::archive_error(e)
    })
}

/// Rows of every exported table, for comparing two stores (tests, and a check after an import).
pub fn table_rows(store: &Store) -> Result<BTreeMap<String, Vec<Map<String, Value>>>, Error> {
    let plan = plan_full_export(store, &Vault::new(PathBuf::new()), NaiveDate::MIN)?;
    Ok(plan.tables.into_iter().map(|t| (t.name, t.rows)).collect())
}

/// « Exporter toutes mes données »: read under the lock, `pick` asks where (`None`: cancelled),
/// the archive written off the lock with `progress`. Returns where it was written.
pub async fn export_all(
    h: &impl Handle,
    accept_modified: bool,
    pick: impl FnOnce(&str) -> Option<PathBuf> + Send,
    progress: impl FnMut(u64, u64) + Send + 'static,
) -> Result<Option<PathBuf>, Error> {
    let vault = h.vault()?;
    let today = h.today();
    let mut plan = h.run(move |s| plan_full_export(s, &vault, today)).await?;
    plan.accept_modified = accept_modified;
    let Some(target) = pick(&plan.file_name) else { return Ok(None) };
    let path = target.clone();
    h.off_thread(move || write_full_export(plan, &path, progress)).await?;
    Ok(Some(target))
}
