//! Issue 21.5's figures: how long « Reprendre des données exportées » takes to refuse a zip
//! bomb (one table that would expand to 2 GB, right sum) and a flood of 100,000 entries. Both
//! are refused on the zip's directory, before a byte of content is read, and outside the
//! store's lock. Run with `cargo bench -p erm-usecases --bench hostile_archives`; peak memory
//! with `/usr/bin/time -v` on the bench binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use erm_store::vault::Vault;

fn main() {
    divan::main();
}

fn dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// One entry of `size` spaces deflated (about a thousand to one), written in 1 MiB steps.
fn bomb(size: u64) -> PathBuf {
    let path = dir().join(format!("bombe-{size}.zip"));
    if !path.exists() {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).compression_level(Some(1)).large_file(true);
        zip.start_file("donnees/review.json", opts).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..size >> 20 {
            zip.write_all(&chunk).unwrap();
        }
        zip.start_file("MANIFEST-SHA256.txt", opts).unwrap();
        zip.finish().unwrap();
    }
    path
}

fn flood(entries: usize) -> PathBuf {
    let path = dir().join(format!("inondation-{entries}.zip"));
    if !path.exists() {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for i in 0..entries {
            zip.start_file(format!("preuves/1/{i:06}.txt"), opts).unwrap();
            zip.write_all(b"x").unwrap();
        }
        zip.finish().unwrap();
    }
    path
}

fn refuse(zip: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = erm_usecases::open_store(&dir.path().join("erm.sqlite3")).unwrap();
    let vault = Vault::new(dir.path().join("preuves"));
    let err = erm_usecases::full_export::import_full_export(&mut store, &vault, zip, |_, _| {}).unwrap_err();
    assert!(err.to_string().contains("Rien n'a été importé"), "{err}");
}

/// 2 GB in an optimised build; `cargo test --all-targets` runs this once in a debug build,
/// where deflating 2 GB would take minutes: 64 MB there (refused on its ratio all the same).
const BOMB_BYTES: u64 = if cfg!(debug_assertions) { 64 << 20 } else { 2 << 30 };

#[divan::bench(sample_count = 5)]
fn zip_bomb_of_2_gb_refused(b: divan::Bencher) {
    let zip = bomb(BOMB_BYTES);
    b.bench(|| refuse(&zip));
}

#[divan::bench(sample_count = 5)]
fn archive_of_100_000_entries_refused(b: divan::Bencher) {
    let zip = flood(100_000);
    b.bench(|| refuse(&zip));
}
