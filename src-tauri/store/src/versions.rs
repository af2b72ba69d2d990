//! Row versions: what keeps a form left open in one window from silently erasing a change saved
//! in another (migration 0010). A form is loaded with its record's version and saves with it;
//! [`claim`] moves the row to the next version only if it still holds that one, inside the
//! caller's transaction, so two saves from the same version cannot both pass.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::{Result, StoreError};

/// The records a form edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versioned {
    Listing,
    Site,
    CaseFile,
    Practitioner,
}

impl Versioned {
    fn table(self) -> &'static str {
        match self {
            Versioned::Listing => "listing",
            Versioned::Site => "site",
            Versioned::CaseFile => "case_file",
            Versioned::Practitioner => "practitioner",
        }
    }

    /// « Cette fiche a été enregistrée », said of the record in the refusal.
    fn saved(self) -> &'static str {
        match self {
            Versioned::Listing => "Cette fiche a été enregistrée",
            Versioned::Site => "Ce site a été enregistré",
            Versioned::CaseFile => "Ce dossier a été enregistré",
            Versioned::Practitioner => "Ce profil a été enregistré",
        }
    }

    fn gone(self) -> &'static str {
        match self {
            Versioned::Listing => "Cette fiche n'existe plus (supprimée dans une autre fenêtre ?).",
            Versioned::Site => "Ce site n'existe plus (supprimé dans une autre fenêtre ?).",
            Versioned::CaseFile => "Ce dossier n'existe plus (supprimé dans une autre fenêtre ?).",
            Versioned::Practitioner => "Ce profil n'existe plus (supprimé dans une autre fenêtre ?).",
        }
    }
}

/// The version a record is at now.
pub fn current(conn: &Connection, what: Versioned, id: i64) -> Result<i64> {
    let sql = format!("SELECT row_version FROM {} WHERE id = ?1", what.table());
    conn.query_row(&sql, [id], |r| r.get(0)).optional()?.ok_or_else(|| StoreError::NotFound(what.gone().into()))
}

/// Every record's version, by id (for lists: one query, not one per row).
pub fn all(conn: &Connection, what: Versioned) -> Result<HashMap<i64, i64>> {
    let sql = format!("SELECT id, row_version FROM {}", what.table());
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Takes the record from version `expected` to the next one, or refuses with a French message
/// naming what differs between the saved record and the form (`differs`, computed only on
/// refusal). Must run inside the transaction that then writes the form's values.
pub fn claim(conn: &Connection, what: Versioned, id: i64, expected: i64, differs: impl FnOnce() -> Vec<&'static str>) -> Result<()> {
    let sql = format!("UPDATE {} SET row_version = row_version + 1 WHERE id = ?1 AND row_version = ?2", what.table());
    if conn.execute(&sql, params![id, expected])? == 1 {
        return Ok(());
    }
    let now = current(conn, what, id)?;
    Err(StoreError::Stale(stale_message(what, expected, now, &differs())))
}

fn stale_message(what: Versioned, expected: i64, now: i64, differs: &[&'static str]) -> String {
    let mut msg = format!(
        "{} ailleurs depuis l'ouverture de ce formulaire (dans une autre fenêtre de l'application, peut-être) : votre formulaire partait de la version {expected}, la version enregistrée est la {now}.",
        what.saved()
    );
    if differs.is_empty() {
        msg.push_str(" Les champs de ce formulaire ont la même valeur dans les deux versions.");
    } else {
        msg.push_str(&format!(" Diffère de votre saisie : {}.", differs.join(", ")));
    }
    msg.push_str(" Rien n'a été enregistré, pour ne pas effacer l'autre modification : rechargez la version enregistrée, puis refaites vos changements.");
    msg
}

/// Moves the record to its next version without a form (a catalogue site put back as shipped):
/// a form opened before must not then write its older values over this change.
pub fn bump(conn: &Connection, what: Versioned, id: i64) -> Result<()> {
    let sql = format!("UPDATE {} SET row_version = row_version + 1 WHERE id = ?1", what.table());
    conn.execute(&sql, [id])?;
    Ok(())
}

/// The labels of the fields whose check says they differ, in the form's order.
pub fn differing<const N: usize>(checks: [(bool, &'static str); N]) -> Vec<&'static str> {
    checks.into_iter().filter_map(|(differs, label)| differs.then_some(label)).collect()
}

/// The form of a save that must state its version: refused when it does not (the page is older
/// than this version of the app, or the request was not made by it).
pub fn required(row_version: Option<i64>) -> Result<i64> {
    row_version.ok_or_else(|| {
        StoreError::Invalid(erm_domain::validation::Invalid::single(
            "row_version",
            "Ce formulaire ne dit pas quelle version il modifie ; rien n'a été enregistré. Rechargez l'écran (Ctrl+R) puis recommencez.",
        ))
    })
}
