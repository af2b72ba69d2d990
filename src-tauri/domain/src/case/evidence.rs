//! A piece of evidence kept for a case: a file copied into the data folder and never modified,
//! with where it comes from and its SHA-256 taken at import (re-checked on demand).

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

crate::named_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum EvidenceKind {
        Screenshot = "screenshot" => "copie d'écran",
        Pdf = "pdf" => "page enregistrée en PDF",
        Html = "html" => "page enregistrée (HTML)",
        /// Fetched by the app itself: raw response with its headers and time.
        PageFetch = "page_fetch" => "page relevée par l'application",
        /// A commissaire de justice's constat, scanned or received as a file.
        Constat = "constat" => "constat de commissaire de justice",
        Other = "other" => "autre fichier",
    }
}

/// What a new piece of evidence is, before it is copied and hashed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEvidence {
    pub kind: EvidenceKind,
    /// The file's name as the doctor chose it (kept for display; the stored copy gets its own).
    pub original_name: String,
    /// The page the capture shows.
    #[serde(default)]
    pub url: Option<String>,
    /// When the capture was taken (local time as the doctor states it, or the fetch time).
    pub captured_at: NaiveDateTime,
    /// The publication date visible on the page, as written there.
    #[serde(default)]
    pub visible_date: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// A stored piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub id: i64,
    pub case_id: i64,
    pub kind: EvidenceKind,
    pub original_name: String,
    /// The copy's file name inside the case's evidence folder.
    pub stored_name: String,
    pub url: Option<String>,
    pub captured_at: NaiveDateTime,
    pub visible_date: Option<String>,
    /// Lower-case hexadecimal SHA-256 of the file, taken when it was copied in.
    pub sha256: String,
    pub size_bytes: u64,
    pub note: String,
    /// UTC, RFC 3339.
    pub added_at: String,
}
