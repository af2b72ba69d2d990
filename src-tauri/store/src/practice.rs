//! Repository of the practice's doctors.

use rusqlite::{params, Connection, OptionalExtension, Row};

use erm_domain::practice::{Civility, Practitioner, Title};
use crate::{Result, StoreError};

use super::now_utc;

const COLUMNS: &str = "id, civility, title, first_name, last_name, specialty, rpps, address_lines, \
                       postcode, city, phone, email, signature_city, is_default, designation";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Practitioner> {

    Ok(Practitioner {
        id: Some(row.get(0)?),
        civility: super::row::named(row, 1, Civility::parse)?,
        title: super::row::named(row, 2, Title::parse)?,
        first_name: row.get(3)?,
        last_name: row.get(4)?,
        specialty: row.get(5)?,
        rpps: row.get(6)?,
        address_lines: super::row::json(row, 7)?,
        postcode: row.get(8)?,
        city: row.get(9)?,
        phone: row.get(10)?,
        email: row.get(11)?,
        signature_city: row.get(12)?,
        is_default: row.get(13)?,
        designation: row.get(14)?,
    })
}

/// All practitioners, the default signer first, then by name.
pub fn list(conn: &Connection) -> Result<Vec<Practitioner>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM practitioner ORDER BY is_default DESC, last_name, first_name, id"
    ))?;
    let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn get(conn: &Connection, id: i64) -> Result<Practitioner> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM practitioner WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| StoreError::NotFound("Ce médecin n'existe plus dans le cabinet.".into()))
}

/// The doctor who signs letters by default, if any is recorded.
pub fn default_signer(conn: &Connection) -> Result<Option<Practitioner>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM practitioner ORDER BY is_default DESC, id LIMIT 1"),
            [],
            from_row,
        )
        .optional()?)
}

/// Inserts (no id) or updates (id) a validated practitioner. Must run inside a transaction:
/// the default-signer flag moves in the same step. The first doctor recorded becomes the default.
pub fn save(conn: &Connection, p: &Practitioner) -> Result<Practitioner> {
    let now = now_utc();
    let lines = serde_json::to_string(&p.address_lines).expect("strings serialise");
    let duplicate: Option<i64> = conn
        .query_row("SELECT id FROM practitioner WHERE rpps = ?1 AND id IS NOT ?2", params![p.rpps, p.id], |r| r.get(0))
        .optional()?;
    if duplicate.is_some() {
        return Err(erm_domain::validation::Invalid::single(
            "rpps",
            "Un autre médecin du cabinet porte déjà ce numéro RPPS.",
        )
        .into());
    }
    let id = match p.id {
        Some(id) => {
            let changed = conn.execute(
                "UPDATE practitioner SET civility=?2, title=?3, first_name=?4, last_name=?5, specialty=?6, \
                 rpps=?7, address_lines=?8, postcode=?9, city=?10, phone=?11, email=?12, signature_city=?13, \
                 updated_at=?14, designation=?15 WHERE id=?1",
                params![id, p.civility.as_str(), p.title.as_str(), p.first_name, p.last_name, p.specialty,
                        p.rpps, lines, p.postcode, p.city, p.phone, p.email, p.signature_city, now, p.designation],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound("Ce médecin n'existe plus dans le cabinet.".into()));
            }
            id
        }
        None => {
            conn.execute(
                "INSERT INTO practitioner (civility, title, first_name, last_name, specialty, rpps, address_lines, \
                 postcode, city, phone, email, signature_city, is_default, created_at, updated_at, designation) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 0, ?13, ?13, ?14)",
                params![p.civility.as_str(), p.title.as_str(), p.first_name, p.last_name, p.specialty, p.rpps,
                        lines, p.postcode, p.city, p.phone, p.email, p.signature_city, now, p.designation],
            )?;
            conn.last_insert_rowid()
        }
    };
    let has_default: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM practitioner WHERE is_default = 1)", [], |r| r.get(0))?;
    if p.is_default || !has_default {
        set_default(conn, id)?;
    }
    get(conn, id)
}

/// Makes `id` the default signer (and no one else).
pub fn set_default(conn: &Connection, id: i64) -> Result<()> {
    get(conn, id)?;
    conn.execute("UPDATE practitioner SET is_default = 0 WHERE is_default = 1 AND id <> ?1", [id])?;
    conn.execute("UPDATE practitioner SET is_default = 1 WHERE id = ?1", [id])?;
    Ok(())
}

/// Removes a practitioner; if it was the default signer, the next one takes over.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let removed = get(conn, id)?;
    conn.execute("DELETE FROM practitioner WHERE id = ?1", [id])?;
    if removed.is_default {
        if let Some(next) = conn
            .query_row("SELECT id FROM practitioner ORDER BY last_name, id LIMIT 1", [], |r| r.get::<_, i64>(0))
            .optional()?
        {
            set_default(conn, next)?;
        }
    }
    Ok(())
}
