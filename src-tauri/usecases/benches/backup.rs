//! Issue 11's figures: backup, restore and full export (and the import back) of a store with
//! 10,000 reviews and 500 letters, each step timed once by hand and printed (the scenario is
//! `tests/backups_fixtures/mod.rs`, which also checks what each step produced). Run with
//! `cargo bench -p erm-usecases --bench backup`.

#[path = "../../documents/tests/letters_fixtures/mod.rs"]
mod fixtures;
#[path = "../tests/backups_fixtures/mod.rs"]
mod backups_fixtures;

fn main() {
    backups_fixtures::run(10_000, 500);
}
