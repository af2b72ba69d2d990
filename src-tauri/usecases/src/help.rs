//! The directory of help (Ordre, URPS, insurers, specialised firms), shipped as data in
//! `assets/help/directory.json` and shown in « Aides et assurances ». The doctor's own notes on
//! each entry (a contact name, a policy number…) are stored apart, in the settings table, so the
//! shipped directory can be updated without touching them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use erm_domain::validation::{clean, Invalid};
use crate::error::{Error, Result};

const DIRECTORY_JSON: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/help/directory.json"));

/// Settings key under which the doctor's notes are kept, as `{ entry id: note }`.
pub const NOTES_KEY: &str = "help.notes";
const NOTE_MAX: usize = 2000;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Directory {
    pub source_note: String,
    /// The sentence that opens « Aides et assurances » (neutral: women and men doctors alike).
    #[serde(default)]
    pub lead: String,
    /// When the directory was last read against its sources.
    #[serde(default)]
    pub checked_on: Option<NaiveDate>,
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
    /// Where the entry comes from: "guide" (the URPS guide), "brief" (our research file, read on
    /// the official site or a mirror) or "ours" (general wording, no contact data).
    #[serde(default)]
    pub source: String,
    /// The visible « à vérifier » note with its date, computed when the directory is loaded.
    #[serde(default)]
    pub verification: String,
    /// The doctor's note, merged in by [`with_notes`]; never shipped.
    #[serde(default)]
    pub note: String,
}

/// The « à vérifier » note of an entry whose data were read on `checked_on` in `source`.
pub fn verification_note(source: &str, checked_on: Option<NaiveDate>) -> String {
    let when = checked_on.map(|d| format!(" le {}", erm_documents::letters::french_date(d))).unwrap_or_default();
    match source {
        "guide" => format!("À vérifier : repris du guide « Gérer sa e-réputation », relu{when}, adresses non revérifiées."),
        "brief" => format!("À vérifier : relevé{when} dans notre dossier de recherche, à contrôler sur le site officiel."),
        _ => String::new(),
    }
}

/// The shipped directory, parsed once.
pub fn directory() -> &'static Directory {
    static DIR: OnceLock<Directory> = OnceLock::new();
    DIR.get_or_init(|| {
        let mut dir: Directory = serde_json::from_str(DIRECTORY_JSON).expect("assets/help/directory.json is checked by tests");
        let checked_on = dir.checked_on;
        for e in dir.groups.iter_mut().flat_map(|g| g.entries.iter_mut()) {
            e.verification = verification_note(&e.source, checked_on);
            if e.id == "cnil-plainte" {
                e.verification = format!("Adresse postale {}.", erm_domain::facts::cnil_postal_address().caveat());
            }
        }
        dir
    })
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
        assert_eq!(groups, ["ordre", "urps", "cnil", "assureurs", "societes", "bibliographie"], "the guide's kinds of help, the CNIL and the bibliography");
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
    fn unverified_entries_say_so_and_the_guide_entries_are_all_there() {
        let dir = directory();
        let all: Vec<&Entry> = dir.groups.iter().flat_map(|g| &g.entries).collect();
        let find = |id: &str| all.iter().find(|e| e.id == id).copied().unwrap_or_else(|| panic!("{id} missing"));
        // Issue 8, point 21: the guide's « Merci docteur », the URPS directory of solutions, the
        // CNIL with its instructions, and the guide's bibliography.
        find("merci-docteur");
        find("urps-idf-repertoire");
        for id in ["cnil-effacement", "cnil-dereferencement", "cnil-plainte"] {
            assert!(find(id).url.as_deref().unwrap().contains("cnil.fr"), "{id}");
        }
        let biblio = dir.groups.iter().find(|g| g.id == "bibliographie").unwrap();
        assert!(biblio.entries.len() >= 5 && biblio.entries.iter().all(|e| e.url.is_some()));
        // Every entry with contact data shows « à vérifier » and the date it was read.
        for e in &all {
            if e.url.is_some() || !e.address.is_empty() || e.phone.is_some() {
                assert!(e.verification.contains("À vérifier") || e.verification.contains("à vérifier"), "{}: {}", e.id, e.verification);
                assert!(e.verification.contains("2026"), "{}: no date in {}", e.id, e.verification);
            }
        }
        assert!(find("cnil-plainte").verification.contains("à vérifier"));
        // Descriptions that came from nowhere are gone.
        // Issue 22: Sham now trades as Relyens, said « à vérifier »; the guide's URL typo is gone.
        assert!(find("sham").name.contains("Relyens") && find("sham").what.contains("à vérifier"));
        assert!(!find("swisslife").url.as_deref().unwrap().contains("Protoger"));
        for e in dir.groups.iter().find(|g| g.id == "societes").unwrap().entries.iter() {
            assert!(e.what.contains("guide"), "{}: a description not taken from the guide: {}", e.id, e.what);
        }
        assert!(!dir.lead.contains("seul"), "the lead must not assume a man: {}", dir.lead);
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
