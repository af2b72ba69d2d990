//! The rows of an export, checked like rows typed in the window: before anything is written
//! ([`check`]: ids, file names, the shape of each column the store would take as it is), and
//! after the insert, inside its transaction ([`read_back`]: every row read through the readers
//! the screens use, which parse every enum, date and JSON column into the domain's types).
//! A forged `role: "pirate"`, a ground `not_a_ground`, a case `-5` or a letter whose file name
//! is `../../x` is refused there, with nothing taken in.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::letters::StoredLetter;
use erm_store::cases::{self, evidence};
use erm_store::{letters, listings, practice, reviews, sites, watch};

/// A file name that comes from data is a name, never a path: no separator, no `..`, not hidden,
/// no control character, at most 255 bytes.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && !name.contains(['/', '\\', ':'])
        && !name.starts_with('.')
        && !name.chars().any(char::is_control)
}

/// One row of `table`, before it is written. The reason is for the doctor (short) and the log.
pub fn check(table: &str, row: &Map<String, Value>) -> Result<(), String> {
    for (col, v) in row {
        let is_key = col == "id" && table != "reply_template";
        if is_key || col.ends_with("_id") {
            match v {
                Value::Null if !is_key => {}
                Value::Number(n) if n.as_i64().is_some_and(|i| i >= 1) => {}
                _ => return Err(format!("identifiant « {col} » invalide")),
            }
        }
    }
    let text = |col: &str| row.get(col).and_then(Value::as_str);
    match table {
        "evidence" => {
            if !text("stored_name").is_some_and(is_plain_file_name) {
                return Err("nom de fichier de preuve invalide".into());
            }
            if !text("sha256").is_some_and(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())) {
                return Err("empreinte SHA-256 invalide".into());
            }
        }
        "letter" => {
            let data = row.get("data").ok_or("courrier sans données")?;
            if !data.get("file_name").and_then(Value::as_str).is_some_and(is_plain_file_name) {
                return Err("nom de fichier de courrier invalide".into());
            }
        }
        _ => {}
    }
    Ok(())
}

/// The doctor reads what could not be read back; the cause goes to the log.
fn fail(what: &'static str) -> impl Fn(erm_store::StoreError) -> String {
    move |e| {
        log::warn!("full import: {what} not read back: {e:?}");
        what.to_owned()
    }
}

/// Every row read back as the screens read it (inside the import's transaction).
pub fn read_back(conn: &Connection, today: NaiveDate) -> Result<(), String> {
    practice::list(conn).map_err(fail("médecins"))?;
    sites::list(conn).map_err(fail("sites"))?;
    for l in listings::list(conn, today).map_err(fail("fiches"))? {
        listings::events(conn, l.listing.id).map_err(fail("historique d'une fiche"))?;
    }
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM review")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| {
            log::warn!("full import: review ids not read back: {e}");
            "avis".to_owned()
        })?;
    for id in ids {
        reviews::get(conn, id).map_err(fail("avis"))?;
    }
    for (case, _) in cases::list_with_events(conn).map_err(fail("dossiers"))? {
        evidence::list(conn, case.id).map_err(fail("preuves"))?;
    }
    for row in letters::list_all(conn).map_err(fail("courriers"))? {
        let stored = StoredLetter::from_row(&row).map_err(|_| "courriers".to_owned())?;
        if !is_plain_file_name(&stored.file_name) {
            return Err("nom de fichier d'un courrier".into());
        }
    }
    watch::list_feeds(conn).map_err(fail("flux de veille"))?;
    watch::items(conn, &watch::ItemStatus::ALL).map_err(fail("mentions de veille"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn names_from_data_are_never_paths() {
        for bad in ["", "../../x.pdf", "a/b.pdf", "a\\b.pdf", ".cache", "C:x.pdf", "a\nb.pdf", &"a".repeat(256)] {
            assert!(!is_plain_file_name(bad), "{bad:?}");
        }
        assert!(is_plain_file_name("2026-09-02-demande-effacement-keskeces.com.pdf"));
    }

    #[test]
    fn ids_are_positive_integers() {
        assert!(check("case_file", &row(json!({ "id": -5 }))).is_err());
        assert!(check("case_file", &row(json!({ "id": "3" }))).is_err());
        assert!(check("case_file", &row(json!({ "id": 3, "review_id": null }))).is_ok());
        assert!(check("case_file", &row(json!({ "id": null }))).is_err());
        assert!(check("case_event", &row(json!({ "id": 1, "case_id": 0 }))).is_err());
        assert!(check("reply_template", &row(json!({ "id": "remerciement" }))).is_ok());
    }

    #[test]
    fn a_letter_named_as_a_path_is_refused() {
        let letter = |name: &str| row(json!({ "id": 1, "data": { "file_name": name } }));
        assert!(check("letter", &letter("../../x")).is_err());
        assert!(check("letter", &letter("courrier.pdf")).is_ok());
        assert!(check("evidence", &row(json!({ "id": 1, "case_id": 1, "stored_name": "../0001-a.png", "sha256": "0".repeat(64) }))).is_err());
    }
}
