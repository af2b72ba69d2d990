//! What the doctor takes out of the application for someone else: the archive handed to a
//! lawyer (the dossier PDF, the letters, the evidence files, with a SHA-256 manifest anyone
//! can check) and the case deadlines as a calendar file.
//!
//! Like `letters`, this module builds documents from plain data: it imports the domain at most,
//! never the store, the use cases or the network code (see `tests/layering.rs`).

pub mod archive;
pub mod calendar;

pub use archive::{verify_archive, write_archive, ArchiveEntry, ArchiveReport, ArchiveSource, ExportError, ManifestEntry,
    MANIFEST_JSON, MANIFEST_SHA256};
pub use calendar::{escape_text, to_ics, CalendarItem, PRODID};
