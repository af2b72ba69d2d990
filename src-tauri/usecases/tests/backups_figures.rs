//! Issue 11's figures scenario, small enough for every `cargo test` (10,000 reviews, 25 letters:
//! the letters' PDFs dominate an unoptimised build). The figures of the issue (10,000 reviews and
//! 500 letters, release build) come from `cargo bench -p erm-usecases --bench backup`; the same
//! scenario, printed with `-- --nocapture`.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;
#[path = "backups_fixtures/mod.rs"]
mod backups_fixtures;

#[test]
fn backup_restore_full_export_and_import_of_a_large_store() {
    backups_fixtures::run(10_000, 25);
}
