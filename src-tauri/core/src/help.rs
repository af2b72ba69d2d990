//! The directory of help (Ordre, URPS, insurers, specialised firms), shipped as data in
//! `assets/help/directory.json` and shown in « Aides et assurances ». The doctor's own notes on
//! each entry (a contact name, a policy number…) are stored apart, in the settings table, so the
//! shipped directory can be updated without touching them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::domain::validation::{clean, Invalid};
use crate::error::{Error, Result};

const DIRECTORY_JSON: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/help/directory.json"));

/// Settings key under which the doctor's notes are kept, as `{ entry id: note }`.
pub const NOTES_KEY: &str = "help.notes";
const NOTE_MAX: usize = 2000;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Directory {
    pub source_note: String,
    pub groups: Vec<Group>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub title: String,
    pub intro: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub what: String,
    #[serde(default)]
    pub address: Vec<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// The doctor's note, merged in by [`with_notes`]; never shipped.
    #[serde(default)]
    pub note: String,
}

/// The shipped directory, parsed once.
pub fn directory() -> &'static Directory {
    static DIR: OnceLock<Directory> = OnceLock::new();
    DIR.get_or_init(|| serde_json::from_str(DIRECTORY_JSON).expect("assets/help/directory.json is checked by tests"))
}

/// The directory with the doctor's notes filled in.
pub fn with_notes(notes: &BTreeMap<String, String>) -> Directory {
    let mut dir = directory().clone();
    for entry in dir.groups.iter_mut().flat_map(|g| g.entries.iter_mut()) {
        entry.note = notes.get(&entry.id).cloned().unwrap_or_default();
    }
    dir
}

/// Validates a note for `entry_id` and returns it cleaned (an empty note removes it).
pub fn check_note(entry_id: &str, note: &str) -> Result<String> {
    if !directory().groups.iter().flat_map(|g| &g.entries).any(|e| e.id == entry_id) {
        return Err(Error::NotFound("Cette entrée de l'annuaire d'aide n'existe pas.".into()));
    }
    let note: String = note.lines().map(clean).collect::<Vec<_>>().join("\n").trim().to_owned();
    if note.chars().count() > NOTE_MAX {
        return Err(Invalid::single("note", format!("La note dépasse {NOTE_MAX} caractères.")).into());
    }
    Ok(note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_shipped_directory_is_well_formed() {
        let dir = directory();
        let groups: Vec<&str> = dir.groups.iter().map(|g| g.id.as_str()).collect();
        assert_eq!(groups, ["ordre", "urps", "assureurs", "societes"], "the guide's four kinds of help");
        let mut ids = HashSet::new();
        for e in dir.groups.iter().flat_map(|g| &g.entries) {
            assert!(ids.insert(e.id.as_str()), "duplicate id {}", e.id);
            assert!(!e.name.is_empty() && !e.what.is_empty(), "{} lacks a name or description", e.id);
            assert!(e.note.is_empty(), "{} ships a note", e.id);
            if let Some(url) = &e.url {
                assert!(url.starts_with("https://") || url.starts_with("http://"), "{}: {url}", e.id);
            }
        }
        let cnom = dir.groups[0].entries.iter().find(|e| e.id == "cnom").unwrap();
        assert!(cnom.url.as_deref().unwrap().ends_with(".pdf"));
    }

    #[test]
    fn notes_are_merged_by_id_and_validated() {
        let notes = BTreeMap::from([("macsf".to_string(), "Contrat n° 123".to_string())]);
        let dir = with_notes(&notes);
        let macsf = dir.groups.iter().flat_map(|g| &g.entries).find(|e| e.id == "macsf").unwrap();
        assert_eq!(macsf.note, "Contrat n° 123");
        assert_eq!(check_note("macsf", "  Appeler   Mme X \n").unwrap(), "Appeler Mme X");
        assert!(matches!(check_note("nope", "x"), Err(Error::NotFound(_))));
        assert!(matches!(check_note("macsf", &"x".repeat(NOTE_MAX + 1)), Err(Error::Invalid(_))));
    }
}
