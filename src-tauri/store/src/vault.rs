//! The evidence folder (« preuves », in the data folder): one sub-folder per case, holding copies
//! of the files the doctor keeps as evidence. A copy is written once and never modified: it goes
//! to a temporary name, is hashed (SHA-256) while it is written, flushed to disk with its folder,
//! and only then renamed to its final name, which never replaces an existing file. Whatever
//! fails on the way, the temporary file is removed: nothing half-written is left behind.
//! [`Vault::verify`] re-reads a copy and says whether it still matches its hash; it never
//! repairs anything.

use std::fs::{self, File};
use std::io::{self, ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use erm_files::atomic::Temp;
use sha2::{Digest, Sha256};

/// The default size cap of one piece of evidence: 200 MiB.
pub const MAX_EVIDENCE_BYTES: u64 = 200 * 1024 * 1024;

const CHUNK: usize = 64 * 1024;
const TEMP_SUFFIX: &str = ".partiel";

/// A file copied into the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// The copy's name inside the case's folder (`0001-capture.png`).
    pub stored_name: String,
    /// Lower-case hexadecimal SHA-256 of the bytes written.
    pub sha256: String,
    pub size_bytes: u64,
}

/// What a re-check of a stored copy found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integrity {
    Intact,
    /// The file is there but its content changed since it was imported.
    Modified { actual: String },
    Missing,
}

/// A size in Mo for the doctor: "200", or "0,5" below an exact number.
fn mo(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes.is_multiple_of(MIB) {
        (bytes / MIB).to_string()
    } else {
        format!("{:.1}", bytes as f64 / MIB as f64).replace('.', ",")
    }
}

/// Why a file could not be kept or checked. French for the doctor; the cause stays for the log
/// (`source()`).
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("Ce fichier dépasse la taille maximale d'une preuve ({} Mo) : il n'a pas été ajouté. Réduisez-le (PDF compressé, capture d'écran) ou conservez-le ailleurs et décrivez-le dans les notes.", mo(*.cap_bytes))]
    TooLarge { cap_bytes: u64 },
    #[error("Le fichier « {name} » est introuvable : il a peut-être été déplacé ou supprimé. Choisissez-le à nouveau.")]
    SourceMissing { name: String, #[source] cause: io::Error },
    #[error("« {name} » n'est pas un fichier (dossier, raccourci ou périphérique) : choisissez un fichier.")]
    NotAFile { name: String },
    #[error("Le fichier « {name} » n'a pas pu être lu (droits insuffisants, clé USB retirée ou fichier en cours d'utilisation). Rien n'a été ajouté.")]
    Unreadable { name: String, #[source] cause: io::Error },
    #[error("Le disque est plein : la preuve n'a pas été ajoutée. Libérez de la place puis recommencez.")]
    DiskFull { #[source] cause: io::Error },
    #[error("Le dossier des preuves {path} est en lecture seule : la preuve n'a pas été ajoutée. Vérifiez les droits de ce dossier ou l'espace disque, puis recommencez.")]
    ReadOnly { path: String, #[source] cause: io::Error },
    #[error("La preuve n'a pas pu être enregistrée dans le dossier {path} ; rien n'a été ajouté. Le détail technique est dans le journal de l'application.")]
    Write { path: String, #[source] cause: io::Error },
}

impl VaultError {
    /// The technical cause, for the log.
    pub fn cause(&self) -> Option<&io::Error> {
        match self {
            VaultError::SourceMissing { cause, .. }
            | VaultError::Unreadable { cause, .. }
            | VaultError::DiskFull { cause }
            | VaultError::ReadOnly { cause, .. }
            | VaultError::Write { cause, .. } => Some(cause),
            VaultError::TooLarge { .. } | VaultError::NotAFile { .. } => None,
        }
    }
}

/// A failure to write into `dir`, told as the doctor needs it.
fn write_error(dir: &Path, cause: io::Error) -> VaultError {
    log::error!("vault: writing in {}: {cause}", dir.display());
    let path = dir.display().to_string();
    match cause.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => VaultError::DiskFull { cause },
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => VaultError::ReadOnly { path, cause },
        _ => VaultError::Write { path, cause },
    }
}

fn read_error(name: &str, cause: io::Error) -> VaultError {
    log::warn!("vault: reading {name}: {cause}");
    match cause.kind() {
        ErrorKind::NotFound => VaultError::SourceMissing { name: name.to_owned(), cause },
        _ => VaultError::Unreadable { name: name.to_owned(), cause },
    }
}

/// A file name safe on every system, kept readable: path, reserved characters and control
/// characters removed, at most 80 characters (the extension kept).
pub fn sanitise_name(original: &str) -> String {
    let base = original.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !erm_domain::text::is_reordering(*c))
        .map(|c| if c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let cleaned = if cleaned.is_empty() { "fichier" } else { cleaned };
    if cleaned.chars().count() <= 80 {
        return cleaned.to_owned();
    }
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.chars().count() <= 10 => (s, format!(".{e}")),
        _ => (cleaned, String::new()),
    };
    let keep = 80 - ext.chars().count();
    format!("{}{ext}", stem.chars().take(keep).collect::<String>().trim_end())
}

#[cfg(unix)]
fn same_file(looked_at: &fs::Metadata, opened: &File) -> bool {
    use std::os::unix::fs::MetadataExt;
    opened.metadata().is_ok_and(|m| m.is_file() && m.dev() == looked_at.dev() && m.ino() == looked_at.ino())
}

#[cfg(not(unix))]
fn same_file(_looked_at: &fs::Metadata, opened: &File) -> bool {
    opened.metadata().is_ok_and(|m| m.is_file())
}

/// The number a stored name starts with (`0012-x.pdf` → 12), temporary names included.
fn number_of(name: &str) -> Option<u32> {
    let name = name.strip_prefix('.').unwrap_or(name);
    let (digits, _) = name.split_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[derive(Debug, Clone)]
pub struct Vault {
    root: PathBuf,
}

impl Vault {
    /// `root` is `<data folder>/preuves`; it is created on the first import.
    pub fn new(root: PathBuf) -> Vault {
        Vault { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn case_dir(&self, case_id: i64) -> PathBuf {
        self.root.join(case_id.to_string())
    }

    /// Where a stored copy lives.
    pub fn path(&self, case_id: i64, stored_name: &str) -> PathBuf {
        self.case_dir(case_id).join(stored_name)
    }

    /// Copies the file at `src` into the case's folder, hashing it on the way. Refused when it
    /// is missing, not a regular file, unreadable, or larger than `max_bytes` (checked before
    /// copying and again while copying, so a file that grows meanwhile does not pass).
    /// `progress(done, total)` is told the bytes copied so far.
    pub fn import_file(
        &self,
        case_id: i64,
        src: &Path,
        max_bytes: u64,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<StoredFile, VaultError> {
        let name = src.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| src.display().to_string());
        // A symbolic link is refused, not followed: the doctor picks a file, and a link may point
        // anywhere the app can read (`/etc/shadow` for an app run as root).
        let meta = fs::symlink_metadata(src).map_err(|e| read_error(&name, e))?;
        if !meta.is_file() {
            return Err(VaultError::NotAFile { name });
        }
        if meta.len() > max_bytes {
            return Err(VaultError::TooLarge { cap_bytes: max_bytes });
        }
        let file = File::open(src).map_err(|e| read_error(&name, e))?;
        // The file opened must be the one looked at (not a link swapped in between).
        if !same_file(&meta, &file) {
            return Err(VaultError::NotAFile { name });
        }
        self.store(case_id, &name, file, meta.len(), max_bytes, &mut progress)
    }

    /// Stores bytes fetched by the app (a page capture) under `name`, like [`Vault::import_file`].
    pub fn import_bytes(&self, case_id: i64, name: &str, bytes: &[u8]) -> Result<StoredFile, VaultError> {
        let len = bytes.len() as u64;
        if len > MAX_EVIDENCE_BYTES {
            return Err(VaultError::TooLarge { cap_bytes: MAX_EVIDENCE_BYTES });
        }
        self.store(case_id, name, bytes, len, MAX_EVIDENCE_BYTES, &mut |_, _| {})
    }

    fn store(
        &self,
        case_id: i64,
        original: &str,
        mut reader: impl Read,
        expected: u64,
        max_bytes: u64,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<StoredFile, VaultError> {
        let dir = self.case_dir(case_id);
        fs::create_dir_all(&dir).map_err(|e| write_error(&dir, e))?;
        let base = sanitise_name(original);
        let (mut temp, mut stored_name) = self.reserve(&dir, &base)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; CHUNK];
        let mut done: u64 = 0;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(read_error(original, e)),
            };
            done += n as u64;
            if done > max_bytes {
                return Err(VaultError::TooLarge { cap_bytes: max_bytes });
            }
            hasher.update(&buf[..n]);
            temp.file().write_all(&buf[..n]).map_err(|e| write_error(&dir, e))?;
            progress(done, expected.max(done));
        }
        let sha256 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>();
        // Never replace a file: should the final name have been taken meanwhile, take the next.
        loop {
            match temp.commit_new() {
                Ok(()) => break,
                Err((e, mut back)) if e.kind() == ErrorKind::AlreadyExists => {
                    let n = number_of(&stored_name).unwrap_or(0) + 1;
                    stored_name = format!("{n:04}-{base}");
                    back.retarget(dir.join(&stored_name));
                    temp = back;
                }
                Err((e, _)) => return Err(write_error(&dir, e)),
            }
        }
        Ok(StoredFile { stored_name, sha256, size_bytes: done })
    }

    /// Creates, exclusively and private, the temporary file of the next free number.
    fn reserve(&self, dir: &Path, base: &str) -> Result<(Temp, String), VaultError> {
        let mut next = fs::read_dir(dir)
            .map_err(|e| write_error(dir, e))?
            .filter_map(|e| e.ok())
            .filter_map(|e| number_of(&e.file_name().to_string_lossy()))
            .max()
            .unwrap_or(0)
            + 1;
        loop {
            let stored_name = format!("{next:04}-{base}");
            let temp_path = dir.join(format!(".{stored_name}{TEMP_SUFFIX}"));
            if !dir.join(&stored_name).exists() {
                match Temp::at(temp_path, &dir.join(&stored_name)) {
                    Ok(temp) => return Ok((temp, stored_name)),
                    Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
                    Err(e) => return Err(write_error(dir, e)),
                }
            }
            next += 1;
        }
    }

    /// Removes a copy the store will not record (its row could not be written), so the folder
    /// never holds a file the store does not know. Best effort: a failure is only logged.
    pub fn discard(&self, case_id: i64, stored_name: &str) {
        let path = self.path(case_id, stored_name);
        if let Err(e) = fs::remove_file(&path) {
            log::warn!("evidence copy {} not removed: {e}", path.display());
        }
    }

    /// Re-reads a stored copy and compares its SHA-256 with `expected_sha256`. Changes nothing.
    pub fn verify(&self, case_id: i64, stored_name: &str, expected_sha256: &str) -> Result<Integrity, VaultError> {
        let path = self.path(case_id, stored_name);
        let mut file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Integrity::Missing),
            Err(e) => return Err(read_error(stored_name, e)),
        };
        if !file.metadata().map_err(|e| read_error(stored_name, e))?.is_file() {
            return Ok(Integrity::Missing);
        }
        let actual = hash_reader(&mut file).map_err(|e| read_error(stored_name, e))?;
        if actual.eq_ignore_ascii_case(expected_sha256) {
            Ok(Integrity::Intact)
        } else {
            Ok(Integrity::Modified { actual })
        }
    }
}

/// Lower-case hexadecimal SHA-256 of everything `reader` yields.
pub fn hash_reader(reader: &mut impl Read) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}


#[cfg(test)]
mod tests {
    use super::*;

    /// SHA-256 of "abc" (FIPS 180-2, appendix B.1).
    const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    fn setup() -> (tempfile::TempDir, Vault, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::new(dir.path().join("preuves"));
        let src = dir.path().join("source");
        fs::create_dir_all(&src).unwrap();
        (dir, vault, src)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut all: Vec<String> = match fs::read_dir(dir) {
            Ok(rd) => rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
            Err(_) => vec![],
        };
        all.sort();
        all
    }

    #[test]
    fn a_copy_is_hashed_numbered_and_never_overwritten() {
        let (_dir, vault, src) = setup();
        let file = src.join("preuve.txt");
        fs::write(&file, b"abc").unwrap();
        let mut seen = vec![];
        let first = vault.import_file(7, &file, MAX_EVIDENCE_BYTES, |done, total| seen.push((done, total))).unwrap();
        assert_eq!(first, StoredFile { stored_name: "0001-preuve.txt".into(), sha256: ABC.into(), size_bytes: 3 });
        assert_eq!(seen.last(), Some(&(3, 3)));
        assert_eq!(fs::read(vault.path(7, &first.stored_name)).unwrap(), b"abc");
        fs::write(&file, b"").unwrap();
        let second = vault.import_file(7, &file, MAX_EVIDENCE_BYTES, |_, _| {}).unwrap();
        assert_eq!(second.stored_name, "0002-preuve.txt");
        assert_eq!(second.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(fs::read(vault.path(7, "0001-preuve.txt")).unwrap(), b"abc", "the first copy is untouched");
        let page = vault.import_bytes(7, "page relevée.txt", b"abc").unwrap();
        assert_eq!((page.stored_name.as_str(), page.sha256.as_str()), ("0003-page relevée.txt", ABC));
        assert_eq!(names(&vault.root().join("7")), ["0001-preuve.txt", "0002-preuve.txt", "0003-page relevée.txt"]);
        assert!(names(vault.root()).iter().all(|n| n == "7"), "one folder per case");
    }

    #[test]
    fn verify_tells_intact_modified_and_missing_and_fixes_nothing() {
        let (_dir, vault, _src) = setup();
        let stored = vault.import_bytes(1, "capture.png", b"abc").unwrap();
        assert_eq!(vault.verify(1, &stored.stored_name, ABC).unwrap(), Integrity::Intact);
        assert_eq!(vault.verify(1, &stored.stored_name, &ABC.to_uppercase()).unwrap(), Integrity::Intact);
        let path = vault.path(1, &stored.stored_name);
        fs::write(&path, b"abd").unwrap();
        let actual = hash_reader(&mut &b"abd"[..]).unwrap();
        assert_eq!(vault.verify(1, &stored.stored_name, ABC).unwrap(), Integrity::Modified { actual });
        assert_eq!(fs::read(&path).unwrap(), b"abd", "a modified copy is reported, not repaired");
        fs::remove_file(&path).unwrap();
        assert_eq!(vault.verify(1, &stored.stored_name, ABC).unwrap(), Integrity::Missing);
        assert_eq!(vault.verify(2, "0001-rien.png", ABC).unwrap(), Integrity::Missing);
    }

    #[test]
    fn too_large_is_refused_before_and_while_copying_and_leaves_nothing() {
        let (_dir, vault, src) = setup();
        let file = src.join("gros.pdf");
        fs::write(&file, vec![b'x'; 11]).unwrap();
        let err = vault.import_file(3, &file, 10, |_, _| {}).unwrap_err();
        assert!(matches!(err, VaultError::TooLarge { cap_bytes: 10 }), "{err:?}");
        assert!(err.to_string().contains("taille maximale"), "{err}");
        assert!(names(&vault.root().join("3")).is_empty(), "nothing written");
        // A file that grows after its size was read: the copy stops at the cap.
        let dir = vault.root().join("3");
        let err = vault.store(3, "grandit.log", &[b'y'; 20][..], 5, 10, &mut |_, _| {}).unwrap_err();
        assert!(matches!(err, VaultError::TooLarge { cap_bytes: 10 }), "{err:?}");
        assert!(names(&dir).is_empty(), "the partial copy was removed: {:?}", names(&dir));
        assert!(VaultError::TooLarge { cap_bytes: MAX_EVIDENCE_BYTES }.to_string().contains("(200 Mo)"));
        assert!(VaultError::TooLarge { cap_bytes: 512 * 1024 }.to_string().contains("(0,5 Mo)"));
    }

    /// Issue 21.7: a symbolic link picked as evidence is refused, not followed.
    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_refused_not_followed() {
        let (_dir, vault, src) = setup();
        let secret = src.join("secret.txt");
        std::fs::write(&secret, "hors du dossier").unwrap();
        let link = src.join("capture.png");
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        let err = vault.import_file(1, &link, MAX_EVIDENCE_BYTES, |_, _| {}).unwrap_err();
        assert!(matches!(err, VaultError::NotAFile { .. }) && err.to_string().contains("raccourci"), "{err}");
        assert!(!vault.case_dir(1).exists() || std::fs::read_dir(vault.case_dir(1)).unwrap().next().is_none(), "nothing copied");
    }

    #[test]
    fn a_stored_name_keeps_no_reordering_character() {
        assert_eq!(sanitise_name("facture\u{202E}gnp.exe"), "facturegnp.exe");
    }

    #[test]
    fn missing_and_non_regular_sources_are_refused_in_french() {
        let (_dir, vault, src) = setup();
        let err = vault.import_file(1, &src.join("absent.png"), MAX_EVIDENCE_BYTES, |_, _| {}).unwrap_err();
        assert!(matches!(err, VaultError::SourceMissing { .. }) && err.to_string().contains("« absent.png » est introuvable"), "{err}");
        assert!(err.cause().is_some(), "the cause is kept for the log");
        let err = vault.import_file(1, &src, MAX_EVIDENCE_BYTES, |_, _| {}).unwrap_err();
        assert!(matches!(err, VaultError::NotAFile { .. }) && err.to_string().contains("n'est pas un fichier"), "{err}");
        assert!(err.to_string().contains("choisissez un fichier"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_is_refused_in_french_and_left_clean() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, vault, _src) = setup();
        let case_dir = vault.root().join("5");
        fs::create_dir_all(&case_dir).unwrap();
        fs::set_permissions(&case_dir, fs::Permissions::from_mode(0o555)).unwrap();
        // Root ignores the mode bits: find out rather than assume.
        let probe = case_dir.join("probe");
        let chmod_effective = File::create(&probe).is_err();
        let _ = fs::remove_file(&probe);
        let result = vault.import_bytes(5, "capture.png", b"abc");
        fs::set_permissions(&case_dir, fs::Permissions::from_mode(0o755)).unwrap();
        if chmod_effective {
            let err = result.unwrap_err();
            assert!(matches!(err, VaultError::ReadOnly { .. }), "{err:?}");
            assert!(err.to_string().contains("est en lecture seule"), "{err}");
            assert!(names(&case_dir).is_empty());
        } else {
            // Running as root: the folder's mode does not stop the copy, which must then be whole.
            let stored = result.unwrap();
            assert_eq!(stored.sha256, ABC);
            assert_eq!(names(&case_dir), ["0001-capture.png"]);
        }
    }

    #[test]
    fn write_errors_are_told_by_kind() {
        let dir = Path::new("/preuves");
        assert!(matches!(write_error(dir, io::Error::from(ErrorKind::StorageFull)), VaultError::DiskFull { .. }));
        assert!(matches!(write_error(dir, io::Error::from(ErrorKind::ReadOnlyFilesystem)), VaultError::ReadOnly { .. }));
        assert!(matches!(write_error(dir, io::Error::from(ErrorKind::PermissionDenied)), VaultError::ReadOnly { .. }));
        let other = write_error(dir, io::Error::other("boom"));
        assert!(other.to_string().contains("journal") && !other.to_string().contains("boom"), "{other}");
        assert!(VaultError::DiskFull { cause: io::Error::from(ErrorKind::StorageFull) }.to_string().contains("disque est plein"));
    }

    #[test]
    fn names_are_made_safe_and_stay_readable() {
        assert_eq!(sanitise_name("C:\\Users\\moi\\Capture d'écran 2026-03-01.png"), "Capture d'écran 2026-03-01.png");
        assert_eq!(sanitise_name("../../etc/pass:wd"), "pass_wd");
        assert_eq!(sanitise_name(".cache"), "cache");
        assert_eq!(sanitise_name("avis?.html "), "avis_.html");
        assert_eq!(sanitise_name(""), "fichier");
        assert_eq!(sanitise_name("a\u{0}b"), "a_b");
        let long = format!("{}.pdf", "é".repeat(200));
        let short = sanitise_name(&long);
        assert_eq!(short.chars().count(), 80);
        assert!(short.ends_with(".pdf"));
        assert_eq!(number_of("0012-x.pdf"), Some(12));
        assert_eq!(number_of(".0013-x.pdf.partiel"), Some(13));
        assert_eq!(number_of("x-1.pdf"), None);
    }
}
