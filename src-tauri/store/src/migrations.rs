//! Numbered schema migrations, embedded in the binary and applied in order. The schema version
//! is SQLite's `user_version`. Each migration runs in its own IMMEDIATE transaction together with
//! the version bump, so a crash leaves the file at the previous version, never half-migrated.
//!
//! To add one: append a file `migrations/NNNN_name.sql` and a line to [`MIGRATIONS`]. Never edit
//! a migration that has shipped.

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

macro_rules! migration {
    ($version:literal, $name:literal) => {
        Migration { version: $version, name: $name, sql: include_str!(concat!("migrations/", $name, ".sql")) }
    };
}

pub static MIGRATIONS: &[Migration] = &[
    migration!(1, "0001_foundation"),
    migration!(2, "0002_listings"),
    migration!(3, "0003_reviews"),
    migration!(4, "0004_reply_templates"),
    migration!(5, "0005_reply_acks_and_drafts"),
    migration!(6, "0006_practitioner_designation"),
    migration!(7, "0007_review_translation"),
    migration!(8, "0008_cases"),
    migration!(9, "0009_veille"),
    migration!(10, "0010_row_versions"),
    migration!(11, "0011_review_trend_index"),
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Applies, in order, every migration of `list` newer than the file's `user_version`.
pub fn apply(conn: &mut Connection, list: &[Migration]) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for m in list.iter().filter(|m| m.version > current) {
        let failed = |e: rusqlite::Error| {
            log::error!("migration {}: {e}", m.name);
            StoreError::Migration { version: m.version, reason: "erreur de la base de données (détail dans le journal de l'application)".into(), backup: None }
        };
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(m.sql).map_err(failed)?;
        tx.pragma_update(None, "user_version", m.version).map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
    Ok(())
}
