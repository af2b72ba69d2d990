//! The lawyer's archive: round trip through the zip crate and the system's `unzip` and
//! `sha256sum -c`, a tampered manifest detected, and failures (read-only destination, missing
//! source) that leave nothing behind.

use std::io::Read;
use std::path::Path;
use std::process::Command;

use erm_documents::export::*;
use sha2::{Digest, Sha256};

fn hex(b: &[u8]) -> String {
    Sha256::digest(b).iter().map(|x| format!("{x:02x}")).collect()
}

/// Files of `dir` (names only), sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

fn sample(dir: &Path) -> Vec<ArchiveEntry> {
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(dir.join("capture.png"), &big).unwrap();
    std::fs::write(dir.join("page.html"), "<html>avis « diffamatoire » — é</html>".repeat(1000)).unwrap();
    vec![
        ArchiveEntry::bytes("dossier.pdf", b"%PDF-1.7 dossier".to_vec()),
        ArchiveEntry::bytes("courriers/2026-11-10 mise en demeure.pdf", b"%PDF-1.7 lettre".to_vec()),
        ArchiveEntry::file("preuves/01-capture.png", dir.join("capture.png")),
        ArchiveEntry::file("preuves/02-page é.html", dir.join("page.html")),
    ]
}

#[test]
fn an_archive_round_trips_and_checks_with_standard_tools() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let entries = sample(src.path());
    let dest = out.path().join("dossier-avocat.zip");
    let mut calls = Vec::new();
    let report = write_archive(&dest, &entries, &mut |done, total| calls.push((done, total))).unwrap();
    assert_eq!(listing(out.path()), ["dossier-avocat.zip"], "no temporary file left");
    assert_eq!(report.entries.len(), 4);
    let total = calls.last().unwrap().1;
    assert_eq!(calls.last().unwrap().0, total, "progress ends at the total");
    assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0), "progress never goes back");
    assert_eq!(report.content_bytes, total);
    assert_eq!(report.archive_bytes, std::fs::metadata(&dest).unwrap().len());

    // Read back with the zip crate: every entry's digest matches the report and the source.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&dest).unwrap()).unwrap();
    for (e, m) in entries.iter().zip(&report.entries) {
        let mut bytes = Vec::new();
        zip.by_name(&e.name).unwrap().read_to_end(&mut bytes).unwrap();
        let original = match &e.source {
            ArchiveSource::Bytes(b) => b.clone(),
            ArchiveSource::File(p) => std::fs::read(p).unwrap(),
        };
        assert_eq!(bytes, original, "{}", e.name);
        assert_eq!((m.name.as_str(), m.size, m.sha256.as_str()), (e.name.as_str(), original.len() as u64, hex(&original).as_str()));
    }
    let mut text = String::new();
    zip.by_name(MANIFEST_SHA256).unwrap().read_to_string(&mut text).unwrap();
    assert_eq!(text.lines().count(), 4);
    assert!(text.lines().all(|l| l.len() > 66 && l.as_bytes()[64] == b' ' && l.as_bytes()[65] == b' '), "{text}");
    let mut json = String::new();
    zip.by_name(MANIFEST_JSON).unwrap().read_to_string(&mut json).unwrap();
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["generated_at"], report.generated_at.as_str());
    assert_eq!(json["entries"][2]["name"], "preuves/01-capture.png");
    assert_eq!(json["entries"][2]["size"], 3_000_000);
    assert_eq!(json["entries"][2]["sha256"], report.entries[2].sha256.as_str());

    assert!(verify_archive(&dest).unwrap().iter().all(|(_, ok)| *ok));

    // The system's tools: `unzip -t`, then `sha256sum -c` on the unzipped folder.
    if Command::new("unzip").arg("-v").output().is_ok() {
        let t = Command::new("unzip").args(["-t", dest.to_str().unwrap()]).output().unwrap();
        assert!(t.status.success(), "unzip -t: {}", String::from_utf8_lossy(&t.stdout));
        let x = out.path().join("x");
        let u = Command::new("unzip").args(["-q", dest.to_str().unwrap(), "-d", x.to_str().unwrap()]).output().unwrap();
        assert!(u.status.success(), "{u:?}");
        let c = Command::new("sha256sum").args(["-c", MANIFEST_SHA256]).current_dir(&x).output().unwrap();
        assert!(c.status.success(), "sha256sum -c: {}", String::from_utf8_lossy(&c.stdout));
    } else {
        eprintln!("unzip not installed: the system round trip was skipped");
    }
}

#[test]
fn a_tampered_manifest_or_entry_is_detected() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("a.zip");
    let report = write_archive(&dest, &sample(src.path()), &mut |_, _| {}).unwrap();
    // Rewrite the archive with one digest of the manifest changed, the files left as they are.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&dest).unwrap()).unwrap();
    let tampered = out.path().join("b.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&tampered).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut extra_done = false;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == MANIFEST_SHA256 {
            let wrong = "0".repeat(64);
            bytes = String::from_utf8(bytes).unwrap().replace(&report.entries[2].sha256, &wrong).into_bytes();
        }
        use std::io::Write;
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(&bytes).unwrap();
        if !extra_done {
            // A file slipped in that the manifest does not list.
            w.start_file("preuves/ajout.txt", opts).unwrap();
            w.write_all(b"ajout").unwrap();
            extra_done = true;
        }
    }
    w.finish().unwrap();
    let result = verify_archive(&tampered).unwrap();
    let bad: Vec<&str> = result.iter().filter(|(_, ok)| !ok).map(|(n, _)| n.as_str()).collect();
    assert_eq!(bad, ["preuves/01-capture.png", "preuves/ajout.txt"], "{result:?}");
    // Not an archive at all: an error in French, not a panic.
    std::fs::write(out.path().join("c.zip"), b"pas une archive").unwrap();
    let err = verify_archive(&out.path().join("c.zip")).unwrap_err();
    assert!(err.message().contains("illisible"), "{err}");
}

/// Whether chmod really protects a folder here: as root (CI and these machines run as root),
/// permission bits are not enforced and a 0o555 folder is still writable.
fn chmod_is_enforced(dir: &Path) -> bool {
    let probe = dir.join("probe");
    std::fs::create_dir(&probe).unwrap();
    set_mode(&probe, 0o555);
    let enforced = std::fs::write(probe.join("x"), b"x").is_err();
    set_mode(&probe, 0o755);
    std::fs::remove_dir_all(&probe).unwrap();
    enforced
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}
#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

#[test]
fn an_unwritable_destination_is_refused_and_nothing_is_left() {
    let src = tempfile::tempdir().unwrap();
    let entries = sample(src.path());
    let out = tempfile::tempdir().unwrap();

    // A destination whose parent is a regular file: refused by every system, root included.
    std::fs::write(out.path().join("pas-un-dossier"), b"x").unwrap();
    let dest = out.path().join("pas-un-dossier").join("dossier.zip");
    let err = write_archive(&dest, &entries, &mut |_, _| {}).unwrap_err();
    assert!(err.message().starts_with("L'archive") && err.message().contains("n'a pas pu être écrite"), "{err}");
    assert!(!err.cause().is_empty(), "the system's cause is kept for the log");
    assert_eq!(listing(out.path()), ["pas-un-dossier"], "nothing left behind");

    // A read-only folder, where permissions are enforced (not as root).
    if chmod_is_enforced(out.path()) {
        let ro = out.path().join("lecture-seule");
        std::fs::create_dir(&ro).unwrap();
        set_mode(&ro, 0o555);
        let err = write_archive(&ro.join("dossier.zip"), &entries, &mut |_, _| {}).unwrap_err();
        set_mode(&ro, 0o755);
        assert!(err.message().contains("accès est refusé"), "{err}");
        assert!(listing(&ro).is_empty(), "nothing left behind");
    } else {
        eprintln!("running as root: chmod does not protect a folder, the parent-is-a-file case stands for it");
    }
}

#[test]
fn a_missing_source_is_refused_and_nothing_is_left() {
    let src = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut entries = sample(src.path());
    entries.push(ArchiveEntry::file("preuves/03-disparue.png", src.path().join("disparue.png")));
    let dest = out.path().join("dossier.zip");
    let err = write_archive(&dest, &entries, &mut |_, _| {}).unwrap_err();
    assert!(err.message().contains("disparue.png") && err.message().contains("introuvable"), "{err}");
    assert!(listing(out.path()).is_empty(), "nothing left behind: {:?}", listing(out.path()));

    // A previous archive at the destination stays untouched when the new one fails.
    std::fs::write(&dest, b"ancienne archive").unwrap();
    write_archive(&dest, &entries, &mut |_, _| {}).unwrap_err();
    assert_eq!(std::fs::read(&dest).unwrap(), b"ancienne archive");
    assert_eq!(listing(out.path()), ["dossier.zip"]);

    // Names that could escape the unzip folder, and duplicates, are refused before writing.
    for name in ["../hors.txt", "/absolu.txt", "a//b", "a\\b", MANIFEST_SHA256] {
        let err = write_archive(&out.path().join("n.zip"), &[ArchiveEntry::bytes(name, vec![1])], &mut |_, _| {}).unwrap_err();
        assert!(err.message().contains("ne peut pas figurer"), "{name}: {err}");
    }
    let twice = [ArchiveEntry::bytes("a.txt", vec![1]), ArchiveEntry::bytes("a.txt", vec![2])];
    assert!(write_archive(&out.path().join("n.zip"), &twice, &mut |_, _| {}).unwrap_err().message().contains("deux fois"));
    assert_eq!(listing(out.path()), ["dossier.zip"]);
}

/// A full disk: a 1 MB tmpfs mounted for the test (as root, which CI and this machine are).
/// Where mounting is not permitted the test says so on its output and checks nothing else: a
/// full disk cannot be made without it.
#[test]
fn a_full_disk_is_reported_and_nothing_is_left() {
    let mount_point = tempfile::tempdir().unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(mount_point.path())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("a_full_disk_is_reported_and_nothing_is_left: cannot mount a tmpfs here (not root?), full disk not exercised");
        return;
    }
    struct Unmount<'a>(&'a std::path::Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _guard = Unmount(mount_point.path());
    let full = mount_point.path();
    let src = tempfile::tempdir().unwrap();
    let entries = sample(src.path());
    let before = listing(full);
    let err = write_archive(&full.join("dossier.zip"), &entries, &mut |_, _| {}).unwrap_err();
    assert!(err.message().contains("le disque est plein"), "{err} ({})", err.cause());
    assert_eq!(listing(full), before, "nothing left behind");
}
