//! Files that survive a kill. Every file the app writes (letters, the lawyer's archive, the
//! calendar, backups, the re-encrypted store, evidence copies) goes through [`atomic`]: a private
//! temporary beside the target, flushed, then renamed, so a kill or a power cut leaves the old
//! file or the new one, never half of one, and only names [`atomic::is_temp`] recognises for the
//! sweep. The database file itself is replaced through [`swap`] (protection, restore), whose
//! every cut point the store's start-up recovery knows how to finish or undo.
//!
//! This crate knows nothing of SQLite, of the app's folders or of French: its errors are
//! `std::io::Error`, and each caller says what failed in its own words.

pub mod atomic;
pub mod swap;
