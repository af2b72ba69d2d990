//! Evidence rows: what a file kept for a case is, where it comes from, and its SHA-256 taken when
//! it was copied into the evidence folder ([`crate::vault`]). Rows are never updated; a
//! case holding evidence cannot be deleted (the table says ON DELETE RESTRICT).

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use erm_domain::case::{Evidence, EvidenceKind, NewEvidence};
use erm_domain::validation::Invalid;
use crate::{Result, StoreError};
use crate::now_utc;
use crate::row::named;

const COLUMNS: &str =
    "id, case_id, kind, original_name, stored_name, url, captured_at, visible_date, sha256, size_bytes, note, added_at";

/// How `captured_at` is stored: to the second, no zone (the doctor's local time or the fetch time).
const CAPTURED_AT: &str = "%Y-%m-%d %H:%M:%S";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Evidence> {
    let captured: String = row.get(6)?;
    let captured_at = NaiveDateTime::parse_from_str(&captured, CAPTURED_AT).map_err(|e| super::super::row::unreadable(6, e))?;
    let size: i64 = row.get(9)?;
    Ok(Evidence {
        id: row.get(0)?,
        case_id: row.get(1)?,
        kind: named(row, 2, EvidenceKind::parse)?,
        original_name: row.get(3)?,
        stored_name: row.get(4)?,
        url: row.get(5)?,
        captured_at,
        visible_date: row.get(7)?,
        sha256: row.get(8)?,
        size_bytes: u64::try_from(size).map_err(|e| super::super::row::unreadable(9, e))?,
        note: row.get(10)?,
        added_at: row.get(11)?,
    })
}

fn not_found() -> StoreError {
    StoreError::NotFound("Cette preuve n'existe plus.".into())
}

/// Records a file already copied into the evidence folder under `stored_name`, with the hash
/// and size the copy produced. `captured_at` is kept to the second.
pub fn insert(conn: &Connection, case_id: i64, new: &NewEvidence, stored_name: &str, sha256: &str, size_bytes: u64) -> Result<Evidence> {
    super::get(conn, case_id)?;
    let mut invalid = Invalid::new();
    let original_name = new.original_name.trim();
    if original_name.is_empty() {
        invalid.push("original_name", "Indiquez le nom du fichier.");
    }
    let url = new.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
    if url.is_some_and(|u| !(u.starts_with("http://") || u.starts_with("https://")) || u.len() < 9) {
        invalid.push("url", "L'adresse de la page doit commencer par https:// ou http://.");
    }
    invalid.into_result(())?;
    let size = i64::try_from(size_bytes).map_err(|_| StoreError::Refused("Ce fichier est trop volumineux pour être enregistré.".into()))?;
    let visible_date = new.visible_date.as_deref().map(str::trim).filter(|d| !d.is_empty());
    conn.execute(
        "INSERT INTO evidence (case_id, kind, original_name, stored_name, url, captured_at, visible_date, sha256, size_bytes, note, added_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![case_id, new.kind.as_str(), original_name, stored_name, url, new.captured_at.format(CAPTURED_AT).to_string(),
                visible_date, sha256.to_ascii_lowercase(), size, new.note.trim(), now_utc()],
    )?;
    get(conn, conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> Result<Evidence> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM evidence WHERE id = ?1"), [id], from_row).optional()?.ok_or_else(not_found)
}

/// A case's evidence, in the order it was added.
pub fn list(conn: &Connection, case_id: i64) -> Result<Vec<Evidence>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM evidence WHERE case_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([case_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
