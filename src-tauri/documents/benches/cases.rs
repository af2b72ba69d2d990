//! Case documents' cost: a host notice quoting 20 statements and listing 50 attachments, the
//! lawyer's dossier with 20 statements and 50 pieces of evidence, and the archive of 200 MB of
//! evidence files (50 × 4 MB of incompressible bytes, like screenshots, generated once in a
//! temporary folder). Before the timings, one archive run is timed by hand and printed in MB/s
//! next to a plain copy of the same files (std::fs::copy, what `cp` does), page cache warm.

#[path = "../tests/letters_fixtures/mod.rs"]
mod fixtures;
#[path = "../tests/cases_fixtures/mod.rs"]
mod cases;

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

use erm_documents::export::{write_archive, ArchiveEntry};
use erm_documents::letters::dossier::render_dossier;
use erm_documents::letters::*;

const FILES: usize = 50;
const FILE_MB: usize = 4;

fn heavy_notice() -> LetterData {
    let LetterData::HostNotice(mut n) = fixtures::host_notice() else { unreachable!() };
    n.quoted_words = (1..=20).map(cases::statement).collect::<Vec<_>>().join("\n");
    n.attachments = (1..=50).map(|i| format!("Pièce n° {i} : capture de l'avis du 5 novembre 2026, sha256 {}", cases::digest(i))).collect();
    LetterData::HostNotice(n)
}

/// The evidence folder, made once: 50 files of 4 MB of pseudo-random bytes.
fn evidence() -> &'static (tempfile::TempDir, Vec<ArchiveEntry>) {
    static DIR: OnceLock<(tempfile::TempDir, Vec<ArchiveEntry>)> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let entries = (0..FILES)
            .map(|i| {
                let bytes: Vec<u8> = (0..FILE_MB * 1024 * 1024 / 8)
                    .flat_map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        state.to_le_bytes()
                    })
                    .collect();
                let path = dir.path().join(format!("capture-{i:02}.png"));
                std::fs::write(&path, bytes).unwrap();
                ArchiveEntry::file(format!("preuves/{i:02}-capture.png"), path)
            })
            .collect();
        (dir, entries)
    })
}

fn out_dir() -> &'static tempfile::TempDir {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| tempfile::tempdir().unwrap())
}

fn archive_once() -> u64 {
    let dest: PathBuf = out_dir().path().join("dossier.zip");
    let report = write_archive(&dest, &evidence().1, &mut |_, _| {}).unwrap();
    report.content_bytes
}

fn main() {
    let total_mb = (FILES * FILE_MB) as f64;
    let pdf = fixtures::render(&heavy_notice(), &LetterOptions::default());
    println!("host notice, 20 statements + 50 attachments: {} bytes", pdf.len());
    let dossier = render_dossier(&cases::dossier(20, 50)).unwrap();
    println!("dossier, 20 statements + 50 pieces: {} bytes", dossier.len());
    archive_once(); // warm the page cache and the output file
    let t = Instant::now();
    let bytes = archive_once();
    let archive_s = t.elapsed().as_secs_f64();
    let copy_dir = out_dir().path().join("copie");
    std::fs::create_dir_all(&copy_dir).unwrap();
    let t = Instant::now();
    for (i, e) in evidence().1.iter().enumerate() {
        if let erm_documents::export::ArchiveSource::File(p) = &e.source {
            std::fs::copy(p, copy_dir.join(format!("{i}.png"))).unwrap();
        }
    }
    let copy_s = t.elapsed().as_secs_f64();
    println!(
        "archive of {total_mb:.0} MB ({bytes} bytes): {archive_s:.2} s = {:.0} MB/s; plain copy of the same files: {copy_s:.2} s = {:.0} MB/s",
        total_mb / archive_s,
        total_mb / copy_s
    );
    std::fs::remove_dir_all(&copy_dir).unwrap();
    divan::main();
}

#[divan::bench]
fn host_notice_20_statements_50_attachments(b: divan::Bencher) {
    let data = heavy_notice();
    b.bench(|| fixtures::render(divan::black_box(&data), &LetterOptions::default()));
}

#[divan::bench]
fn lawyer_dossier_20_statements_50_pieces(b: divan::Bencher) {
    let data = cases::dossier(20, 50);
    b.bench(|| render_dossier(divan::black_box(&data)).unwrap());
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn archive_200_mb(b: divan::Bencher) {
    evidence();
    b.bench(archive_once);
}
