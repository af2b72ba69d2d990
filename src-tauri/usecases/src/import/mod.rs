//! Importing reviews from files: a CSV the doctor prepared ([`csv`]) or the JSON of Google
//! Business Profile reviews ([`google`]).
//!
//! An import is **all or nothing per file**. Every row is parsed and validated first; if any row
//! is refused, nothing is written and the report lists each refused row with its place and a
//! French reason. Otherwise all rows are inserted in one transaction; reviews already recorded
//! (same dedup key, see [`erm_domain::review::NewReview::dedup_key`]), or present twice in
//! the file, are skipped and counted as "déjà présents". Files above [`MAX_FILE_BYTES`] are
//! refused before being read.

pub mod csv;
pub mod encoding;
pub mod google;

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use erm_domain::review::NewReview;
use erm_domain::validation::Invalid;
use crate::error::{Error, Result};
use erm_store::{reviews, Store};

/// Largest file accepted: 20 MB is about 100,000 reviews, far more than any practice has.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// One refused row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedRow {
    /// CSV: the line in the file where the row starts (the header is line 1).
    /// Google JSON: the review's index in the `reviews` (or `locationReviews`) array (the first is 0).
    pub line: usize,
    /// What is wrong, in French.
    pub reason: String,
}

/// What an import did. With any rejected row, `inserted` and `duplicates` are 0: nothing was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub inserted: usize,
    /// Reviews skipped because already recorded ("déjà présents"), or twice in the file.
    pub duplicates: usize,
    pub rejected: Vec<RejectedRow>,
}

impl ImportReport {
    /// One French sentence for the end of the import.
    pub fn summary(&self) -> String {
        if !self.rejected.is_empty() {
            return format!(
                "Import annulé : {} ligne{} refusée{}, aucun avis n'a été enregistré. Corrigez le fichier puis recommencez.",
                self.rejected.len(),
                plural(self.rejected.len()),
                plural(self.rejected.len())
            );
        }
        format!(
            "{} avis importé{}, {} déjà présent{}.",
            self.inserted,
            plural(self.inserted),
            self.duplicates,
            plural(self.duplicates)
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

/// The rows of a file once parsed and checked, nothing written yet.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub rows: Vec<NewReview>,
    pub rejected: Vec<RejectedRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Csv,
    GoogleJson,
}

impl ImportFormat {
    /// Guesses the format from the file name: `.json` → Google, `.csv` / `.txt` → CSV.
    pub fn from_path(path: &Path) -> Option<ImportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(ImportFormat::GoogleJson),
            "csv" | "txt" => Some(ImportFormat::Csv),
            _ => None,
        }
    }
}

fn file_error(message: impl Into<String>) -> Error {
    Error::Invalid(Invalid::single("file", message))
}

fn size_error(len: u64) -> Error {
    file_error(format!(
        "Ce fichier pèse {:.1} Mo : la limite est de {} Mo. Découpez-le en plusieurs fichiers.",
        len as f64 / 1_048_576.0,
        MAX_FILE_BYTES / 1_048_576
    ))
}

/// Reads a file whole, refusing it beforehand if it is above [`MAX_FILE_BYTES`] (and while
/// reading, should it grow in the meantime).
pub fn read_capped(path: &Path) -> Result<Vec<u8>> {
    let unreadable = |e: std::io::Error| file_error(format!("Impossible de lire le fichier {} : {e}.", path.display()));
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(file_error(format!("{} n'est pas un fichier.", path.display())));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(size_error(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(size_error(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Parses and checks a file's content without writing anything.
pub fn parse(bytes: &[u8], format: ImportFormat, today: NaiveDate) -> Result<Parsed> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(size_error(bytes.len() as u64));
    }
    Ok(match format {
        ImportFormat::Csv => csv::parse(bytes, today)?,
        ImportFormat::GoogleJson => google::parse(bytes, today)?,
    })
}

/// Writes a parsed file: nothing if any row was refused, otherwise every new row in one
/// transaction.
pub fn commit(store: &mut Store, parsed: Parsed) -> Result<ImportReport> {
    if !parsed.rejected.is_empty() {
        return Ok(ImportReport { inserted: 0, duplicates: 0, rejected: parsed.rejected });
    }
    let counts = store.transaction(|tx| reviews::insert_many(tx, &parsed.rows))?;
    Ok(ImportReport { inserted: counts.inserted, duplicates: counts.duplicates, rejected: Vec::new() })
}

/// Imports the file at `path`. `today` dates the relative ages ("il y a 2 mois") that carry no
/// date of their own. File-level problems (too big, unreadable, not CSV/JSON, required column
/// missing) are an `Err` with a French message; row-level ones are in the report.
pub fn import_file(store: &mut Store, path: &Path, format: ImportFormat, today: NaiveDate) -> Result<ImportReport> {
    let bytes = read_capped(path)?;
    let parsed = parse(&bytes, format, today)?;
    commit(store, parsed)
}
