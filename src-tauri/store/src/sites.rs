//! Repository of directory sites: the built-in catalogue (seeded, then editable) and the sites
//! the doctor adds. Functions take a `&Connection`; writes belong in the caller's transaction.

use rusqlite::{params, Connection, OptionalExtension, Row};

use erm_domain::site::{catalogue, Host, Publisher, Site, SiteKind};
use erm_domain::validation::Invalid;
use crate::{Result, StoreError};

use super::now_utc;

const COLUMNS: &str = "id, builtin_key, name, domain, kind, has_reviews, publisher_company, publisher_legal_form, \
                       publisher_siren, publisher_office_lines, dpo_email, dpo_form_url, host_name, host_address_lines, \
                       report_url, notice_url, verified_on, notes";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Site> {
    let kind: String = row.get(4)?;
    Ok(Site {
        id: Some(row.get(0)?),
        builtin_key: row.get(1)?,
        name: row.get(2)?,
        domain: row.get(3)?,
        kind: SiteKind::parse(&kind).unwrap_or(SiteKind::Other),
        has_reviews: row.get(5)?,
        publisher: Publisher {
            company: row.get(6)?,
            legal_form: row.get(7)?,
            siren: row.get(8)?,
            office_lines: super::row::json::<Vec<String>>(row, 9)?,
            dpo_email: row.get(10)?,
            dpo_form_url: row.get(11)?,
        },
        host: Host { name: row.get(12)?, address_lines: super::row::json::<Vec<String>>(row, 13)? },
        report_url: row.get(14)?,
        notice_url: row.get(15)?,
        verified_on: row.get::<_, Option<chrono::NaiveDate>>(16)?,
        notes: row.get(17)?,
    })
}

fn not_found() -> StoreError {
    StoreError::NotFound("Ce site n'existe plus dans la liste.".into())
}

/// All sites, by name.
pub fn list(conn: &Connection) -> Result<Vec<Site>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM site ORDER BY name COLLATE NOCASE, id"))?;
    let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn get(conn: &Connection, id: i64) -> Result<Site> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM site WHERE id = ?1"), [id], from_row).optional()?.ok_or_else(not_found)
}

/// The site whose domain is `domain` (already normalised), if any.
pub fn find_by_domain(conn: &Connection, domain: &str) -> Result<Option<Site>> {
    Ok(conn.query_row(&format!("SELECT {COLUMNS} FROM site WHERE domain = ?1"), [domain], from_row).optional()?)
}

/// Inserts (no id) or updates (id) a validated site. A catalogue site keeps its key whatever
/// `site.builtin_key` says: only [`seed_catalogue`] creates catalogue rows.
pub fn save(conn: &Connection, site: &Site) -> Result<Site> {
    if let Some(other) = find_by_domain(conn, &site.domain)? {
        if other.id != site.id {
            return Err(Invalid::single("domain", format!("Le site « {} » porte déjà le domaine {}.", other.name, site.domain)).into());
        }
    }
    let now = now_utc();
    let office = serde_json::to_string(&site.publisher.office_lines).expect("strings serialise");
    let host = serde_json::to_string(&site.host.address_lines).expect("strings serialise");
    let p = &site.publisher;
    let id = match site.id {
        Some(id) => {
            let changed = conn.execute(
                "UPDATE site SET name=?2, domain=?3, kind=?4, has_reviews=?5, publisher_company=?6, publisher_legal_form=?7, \
                 publisher_siren=?8, publisher_office_lines=?9, dpo_email=?10, dpo_form_url=?11, host_name=?12, \
                 host_address_lines=?13, report_url=?14, notice_url=?15, verified_on=?16, notes=?17, updated_at=?18 \
                 WHERE id=?1",
                params![id, site.name, site.domain, site.kind.as_str(), site.has_reviews, p.company, p.legal_form, p.siren,
                        office, p.dpo_email, p.dpo_form_url, site.host.name, host, site.report_url, site.notice_url,
                        site.verified_on.map(|d| d.to_string()), site.notes, now],
            )?;
            if changed == 0 {
                return Err(not_found());
            }
            id
        }
        None => {
            insert(conn, site, None, &office, &host, &now)?;
            conn.last_insert_rowid()
        }
    };
    get(conn, id)
}

fn insert(conn: &Connection, site: &Site, key: Option<&str>, office: &str, host: &str, now: &str) -> Result<()> {
    let p = &site.publisher;
    conn.execute(
        "INSERT INTO site (builtin_key, name, domain, kind, has_reviews, publisher_company, publisher_legal_form, \
         publisher_siren, publisher_office_lines, dpo_email, dpo_form_url, host_name, host_address_lines, report_url, \
         notice_url, verified_on, notes, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18)",
        params![key, site.name, site.domain, site.kind.as_str(), site.has_reviews, p.company, p.legal_form, p.siren,
                office, p.dpo_email, p.dpo_form_url, site.host.name, host, site.report_url, site.notice_url,
                site.verified_on.map(|d| d.to_string()), site.notes, now],
    )?;
    Ok(())
}

/// Adds the catalogue sites missing from the database and returns how many were added.
/// Idempotent; never overwrites a site the doctor edited. A catalogue site whose domain the
/// doctor already added by hand is adopted (given its key) rather than duplicated.
pub fn seed_catalogue(conn: &Connection) -> Result<usize> {
    let now = now_utc();
    let mut added = 0;
    for site in catalogue() {
        let key = site.builtin_key.as_deref().expect("catalogue sites have a key");
        let known: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM site WHERE builtin_key = ?1)", [key], |r| r.get(0))?;
        if known {
            continue;
        }
        if let Some(mine) = find_by_domain(conn, &site.domain)? {
            if mine.builtin_key.is_none() {
                conn.execute("UPDATE site SET builtin_key = ?2 WHERE id = ?1", params![mine.id, key])?;
            }
            continue;
        }
        let office = serde_json::to_string(&site.publisher.office_lines).expect("strings serialise");
        let host = serde_json::to_string(&site.host.address_lines).expect("strings serialise");
        insert(conn, &site, Some(key), &office, &host, &now)?;
        added += 1;
    }
    Ok(added)
}

/// Puts a catalogue site back as shipped (the doctor's edits to it are lost).
pub fn reset_builtin(conn: &Connection, id: i64) -> Result<Site> {
    let current = get(conn, id)?;
    let key = current
        .builtin_key
        .ok_or_else(|| StoreError::Refused("Ce site a été ajouté par vous : il n'a pas de valeurs d'origine à restaurer.".into()))?;
    let shipped = catalogue()
        .into_iter()
        .find(|s| s.builtin_key.as_deref() == Some(key.as_str()))
        .ok_or_else(|| StoreError::Refused("Ce site ne fait plus partie du catalogue livré avec l'application.".into()))?;
    save(conn, &Site { id: Some(id), ..shipped })
}

/// How many listings the doctor follows on site `id`.
pub fn listing_count(conn: &Connection, id: Option<i64>) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM listing WHERE site_id = ?1", [id], |r| r.get(0))?)
}

/// Listing counts of every site that has any, in one query.
pub fn listing_counts(conn: &Connection) -> Result<std::collections::HashMap<i64, i64>> {
    let mut stmt = conn.prepare("SELECT site_id, count(*) FROM listing GROUP BY site_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Deletes a site the doctor added. Catalogue sites stay (they would come back at the next
/// start); a site that still has listings is kept too.
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    let site = get(conn, id)?;
    if site.builtin_key.is_some() {
        return Err(StoreError::Refused(format!(
            "« {} » fait partie du catalogue : il ne peut pas être supprimé, mais vous pouvez le modifier.",
            site.name
        )));
    }
    let listings: i64 = conn.query_row("SELECT count(*) FROM listing WHERE site_id = ?1", [id], |r| r.get(0))?;
    if listings > 0 {
        return Err(StoreError::Refused(format!(
            "« {} » porte encore {listings} fiche(s) : supprimez-les d'abord.",
            site.name
        )));
    }
    conn.execute("DELETE FROM site WHERE id = ?1", [id])?;
    Ok(())
}
