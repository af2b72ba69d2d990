//! The zip archive of a case for the lawyer, with its own proof of integrity: every entry's
//! SHA-256 is computed while it is written and listed in `MANIFEST-SHA256.txt` (the format of
//! `sha256sum`, so `unzip` then `sha256sum -c MANIFEST-SHA256.txt` checks it anywhere) and in
//! `manifeste.json` (name, size, digest, generation time) for software.
//!
//! Files are streamed, never loaded whole (a case can hold hundreds of megabytes of captures).
//! The archive is written to a temporary file in the destination folder, synced, then renamed
//! over the destination: a failure (disk full, read-only folder, a source file gone) leaves
//! nothing behind and returns an [`ExportError`] with a French message and the cause for the log.

use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use erm_files::atomic::Temp;
use chrono::{Datelike, SecondsFormat, Timelike, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The checksum list, in `sha256sum` format (`<hex>  <path>`).
pub const MANIFEST_SHA256: &str = "MANIFEST-SHA256.txt";
/// The same list as JSON, with sizes and the generation time.
pub const MANIFEST_JSON: &str = "manifeste.json";

const BUFFER: usize = 256 * 1024;

/// Where an entry's content comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArchiveSource {
    /// Made in memory (the dossier PDF, a letter).
    Bytes(Vec<u8>),
    /// A file on disk, streamed (an evidence file).
    File(PathBuf),
}

/// One file of the archive: its path inside the archive (`preuves/01-capture.png`) and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveEntry {
    pub name: String,
    pub source: ArchiveSource,
    /// For a piece of evidence: the SHA-256 recorded when it was taken. What is packed is hashed
    /// as it is streamed and checked against it; the archive never vouches for other bytes.
    pub recorded: Option<Recorded>,
}

/// The hash a piece was recorded with, and what to do if the file no longer matches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub sha256: String,
    /// `false` (the default): a piece that no longer matches stops the archive. `true`: the
    /// doctor chose to pack it anyway; it is marked « modifiée depuis son enregistrement », and
    /// the manifests give both digests.
    pub accept_modified: bool,
}

impl ArchiveEntry {
    pub fn bytes(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        ArchiveEntry { name: name.into(), source: ArchiveSource::Bytes(bytes), recorded: None }
    }
    pub fn file(name: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        ArchiveEntry { name: name.into(), source: ArchiveSource::File(path.into()), recorded: None }
    }
    /// A piece of evidence, checked against the digest recorded when it was taken.
    pub fn evidence(name: impl Into<String>, path: impl Into<PathBuf>, recorded_sha256: impl Into<String>, accept_modified: bool) -> Self {
        ArchiveEntry {
            name: name.into(),
            source: ArchiveSource::File(path.into()),
            recorded: Some(Recorded { sha256: recorded_sha256.into().to_ascii_lowercase(), accept_modified }),
        }
    }
}

/// The words that mark a piece packed although it no longer matches its recorded digest.
pub const MODIFIED_MARK: &str = "modifiée depuis son enregistrement";

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestEntry {
    pub name: String,
    pub size: u64,
    /// The digest of the bytes packed.
    pub sha256: String,
    /// For a piece packed although modified: the digest recorded when it was taken (the one
    /// `MANIFEST-SHA256.txt` lists, so that `sha256sum -c` reports the piece as FAILED).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_sha256: Option<String>,
    /// « modifiée depuis son enregistrement » for such a piece.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchiveReport {
    pub path: PathBuf,
    /// The entries asked for, in order, with their digests (the manifests themselves excluded).
    pub entries: Vec<ManifestEntry>,
    /// Bytes of content read (before compression).
    pub content_bytes: u64,
    /// Size of the archive file.
    pub archive_bytes: u64,
    /// UTC, RFC 3339, as written in `manifeste.json`.
    pub generated_at: String,
}

/// An export that failed: [`ExportError::message`] (its `Display`) is French and meant for the
/// doctor; [`ExportError::cause`] is the system's own words, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    message: String,
    cause: String,
    modified_evidence: bool,
}

impl ExportError {
    pub fn new(message: impl Into<String>, cause: impl std::fmt::Display) -> Self {
        ExportError { message: message.into(), cause: cause.to_string(), modified_evidence: false }
    }
    /// Whether the archive stopped on a piece that no longer matches its recorded digest (the
    /// doctor may then choose to include it, marked).
    pub fn is_modified_evidence(&self) -> bool {
        self.modified_evidence
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    pub fn cause(&self) -> &str {
        &self.cause
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ExportError {}

impl From<ExportError> for crate::DocumentError {
    fn from(e: ExportError) -> Self {
        log::warn!("export failed: {} ({})", e.message, e.cause);
        crate::DocumentError::Document(e.message)
    }
}

/// The first 16 hex digits of a digest, enough to tell two apart in a sentence.
fn short(sha256: &str) -> String {
    format!("{}…", sha256.get(..16).unwrap_or(sha256))
}

/// The reason of an I/O failure in the doctor's words.
fn io_reason(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::StorageFull => "le disque est plein",
        io::ErrorKind::ReadOnlyFilesystem => "le support est en lecture seule",
        io::ErrorKind::PermissionDenied => "l'accès est refusé (dossier protégé ou en lecture seule)",
        io::ErrorKind::NotFound => "le dossier ou le fichier n'existe pas",
        io::ErrorKind::NotADirectory => "le chemin ne désigne pas un dossier",
        io::ErrorKind::QuotaExceeded => "le quota d'espace disque est atteint",
        _ => "erreur du système de fichiers",
    }
}

fn write_failed(dest: &Path, e: impl Into<io::Error>) -> ExportError {
    let e = e.into();
    ExportError::new(
        format!("L'archive « {} » n'a pas pu être écrite : {}. Aucun fichier n'a été laissé ; choisissez un autre dossier ou libérez de la place.",
            dest.display(), io_reason(&e)),
        e,
    )
}

/// An archive path must be relative, without `..`, backslashes or empty parts, so that
/// unzipping it can only create files under the folder it is unzipped in.
fn check_name(name: &str) -> Result<(), ExportError> {
    let bad = name.is_empty()
        || name.starts_with('/')
        || name.contains('\\')
        || name.chars().any(char::is_control)
        || name.split('/').any(|p| p.is_empty() || p == "." || p == "..")
        || name == MANIFEST_SHA256
        || name == MANIFEST_JSON;
    if bad {
        return Err(ExportError::new(format!("Le nom « {name} » ne peut pas figurer dans l'archive."), "invalid entry name"));
    }
    Ok(())
}

/// Writes the archive at `dest` (replacing a file there only once the new one is complete).
/// `progress(done, total)` is called with bytes of content as they are read.
pub fn write_archive(dest: &Path, entries: &[ArchiveEntry], progress: &mut dyn FnMut(u64, u64)) -> Result<ArchiveReport, ExportError> {
    // Check everything that can be checked before a byte is written.
    let mut seen = std::collections::HashSet::new();
    let mut total = 0u64;
    for e in entries {
        check_name(&e.name)?;
        if !seen.insert(e.name.as_str()) {
            return Err(ExportError::new(format!("Le nom « {} » figure deux fois dans l'archive.", e.name), "duplicate entry name"));
        }
        total += match &e.source {
            ArchiveSource::Bytes(b) => b.len() as u64,
            ArchiveSource::File(p) => source_len(&e.name, p)?,
        };
    }
    if dest.file_name().is_none() {
        return Err(ExportError::new(format!("« {} » n'est pas un nom de fichier d'archive.", dest.display()), "no file name"));
    }
    let stamp = Utc::now();
    // Written through the one atomic helper: a kill leaves the old archive or the new one.
    let mut tmp = Temp::beside(dest, "archive").map_err(|e| write_failed(dest, e))?;
    let (entries, content_bytes) = write_into(tmp.file(), dest, entries, total, stamp, progress)?;
    let archive_bytes = tmp.file().metadata().map(|m| m.len()).unwrap_or_default();
    tmp.commit().map_err(|e| write_failed(dest, e))?;
    Ok(ArchiveReport {
        path: dest.to_path_buf(),
        entries,
        content_bytes,
        archive_bytes,
        generated_at: stamp.to_rfc3339_opts(SecondsFormat::Secs, true),
    })
}

fn source_len(name: &str, path: &Path) -> Result<u64, ExportError> {
    match fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(m.len()),
        Ok(_) => Err(ExportError::new(missing(name, path), "not a regular file")),
        Err(e) => Err(ExportError::new(missing(name, path), e)),
    }
}

fn missing(name: &str, path: &Path) -> String {
    format!(
        "Le fichier « {} » ({name}) est introuvable ou illisible : il a peut-être été déplacé ou supprimé. L'archive n'a pas été créée.",
        path.display()
    )
}

/// Files whose content is already compressed are stored as they are: deflating them again
/// costs time and saves nothing.
fn method_for(name: &str) -> CompressionMethod {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "png" | "jpg" | "jpeg" | "webp" | "gif" | "heic" | "pdf" | "zip" | "gz" | "mp4" | "mov" | "mp3" | "m4a" | "docx" | "xlsx" | "odt" => {
            CompressionMethod::Stored
        }
        _ => CompressionMethod::Deflated,
    }
}

type Written = (Vec<ManifestEntry>, u64);

fn write_into(
    file: &mut File,
    dest: &Path,
    entries: &[ArchiveEntry],
    total: u64,
    stamp: chrono::DateTime<Utc>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Written, ExportError> {
    let fail = |e: zip::result::ZipError| write_failed(dest, e);
    let time = zip::DateTime::from_date_and_time(
        stamp.year().clamp(1980, 2107) as u16,
        stamp.month() as u8,
        stamp.day() as u8,
        stamp.hour() as u8,
        stamp.minute() as u8,
        stamp.second() as u8,
    )
    .unwrap_or_default();
    let base = SimpleFileOptions::default().last_modified_time(time).unix_permissions(0o644);
    let mut zip = ZipWriter::new(BufWriter::with_capacity(BUFFER, file));
    let mut manifest = Vec::with_capacity(entries.len());
    let mut done = 0u64;
    let mut buf = vec![0u8; BUFFER];
    progress(0, total);
    for e in entries {
        let size_hint = match &e.source {
            ArchiveSource::Bytes(b) => b.len() as u64,
            ArchiveSource::File(p) => source_len(&e.name, p)?,
        };
        let opts = base.compression_method(method_for(&e.name)).large_file(size_hint >= u32::MAX as u64);
        zip.start_file(e.name.as_str(), opts).map_err(fail)?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        match &e.source {
            ArchiveSource::Bytes(b) => {
                hasher.update(b);
                zip.write_all(b).map_err(|err| write_failed(dest, err))?;
                size = b.len() as u64;
                done += size;
                progress(done, total);
            }
            ArchiveSource::File(p) => {
                let mut src = File::open(p).map_err(|err| ExportError::new(missing(&e.name, p), err))?;
                loop {
                    let n = match src.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => n,
                        Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                        Err(err) => return Err(ExportError::new(missing(&e.name, p), err)),
                    };
                    hasher.update(&buf[..n]);
                    zip.write_all(&buf[..n]).map_err(|err| write_failed(dest, err))?;
                    size += n as u64;
                    done += n as u64;
                    progress(done, total.max(done));
                }
            }
        }
        let sha256 = hex(&hasher.finalize());
        let mut entry = ManifestEntry { name: e.name.clone(), size, sha256, recorded_sha256: None, note: None };
        if let Some(rec) = &e.recorded {
            if rec.sha256 != entry.sha256 {
                if !rec.accept_modified {
                    return Err(ExportError { modified_evidence: true, ..ExportError::new(
                        format!(
                            "La pièce « {} » ne correspond plus à l'empreinte enregistrée lors de sa prise ({}) : son contenu a changé depuis ({}). \
                             L'archive n'a pas été créée : elle ne doit jamais présenter une pièce modifiée comme authentique. \
                             Retrouvez l'original, ou incluez la pièce en la signalant comme modifiée.",
                            e.name, short(&rec.sha256), short(&entry.sha256)
                        ),
                        format!("evidence {} digest {} differs from recorded {}", e.name, entry.sha256, rec.sha256),
                    )});
                }
                entry.recorded_sha256 = Some(rec.sha256.clone());
                entry.note = Some(MODIFIED_MARK);
            }
        }
        manifest.push(entry);
    }
    // A piece packed although modified is listed with its recorded digest: checking the archive
    // with `sha256sum -c` then says FAILED for it, which is the truth about that piece.
    let text: String = manifest.iter().map(|m| format!("{}  {}\n", m.recorded_sha256.as_ref().unwrap_or(&m.sha256), m.name)).collect();
    #[derive(Serialize)]
    struct Json<'a> {
        generated_at: String,
        algorithm: &'static str,
        entries: &'a [ManifestEntry],
    }
    let json = serde_json::to_vec_pretty(&Json {
        generated_at: stamp.to_rfc3339_opts(SecondsFormat::Secs, true),
        algorithm: "SHA-256",
        entries: &manifest,
    })
    .map_err(|e| ExportError::new("Le manifeste de l'archive n'a pas pu être écrit.", e))?;
    for (name, bytes) in [(MANIFEST_SHA256, text.as_bytes()), (MANIFEST_JSON, json.as_slice())] {
        zip.start_file(name, base.compression_method(CompressionMethod::Deflated)).map_err(fail)?;
        zip.write_all(bytes).map_err(|err| write_failed(dest, err))?;
    }
    let buffered = zip.finish().map_err(fail)?;
    buffered.into_inner().map_err(|e| write_failed(dest, e.into_error()))?;
    Ok((manifest, done))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What an archive this app did not write (or that was changed since) may hold, checked on
/// the zip's directory before a byte of content is read: a forged archive cannot make us read
/// gigabytes (a « zip bomb ») nor walk through a hundred thousand entries.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_entries: usize,
    /// The largest size one entry may expand to, by name.
    pub max_entry_bytes: fn(&str) -> u64,
    /// The sum of what every entry expands to.
    pub max_total_bytes: u64,
    /// Expanded / compressed, for entries of more than 1 MiB (text deflates about 5 to 20 times).
    pub max_ratio: u64,
}

const MIB: u64 = 1024 * 1024;

impl Default for Limits {
    /// The lawyer's archive: pieces of up to 200 MB, a few thousand of them.
    fn default() -> Limits {
        Limits { max_entries: 20_000, max_entry_bytes: |_| 256 * MIB, max_total_bytes: 64 * 1024 * MIB, max_ratio: 200 }
    }
}

/// Re-reads an archive and checks every entry against `MANIFEST-SHA256.txt`: `(name, ok)` for
/// each entry the manifest lists, plus any entry it does not list (`false`). Within
/// [`Limits::default`].
pub fn verify_archive(path: &Path) -> Result<Vec<(String, bool)>, ExportError> {
    verify_archive_within(path, &Limits::default())
}

/// [`verify_archive`] within `limits`: refused (in French, nothing read) when the directory
/// announces too many entries, an entry too large or compressed too well; refused too when an
/// entry turns out larger than its header said.
pub fn verify_archive_within(path: &Path, limits: &Limits) -> Result<Vec<(String, bool)>, ExportError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        ExportError::new(format!("L'archive « {} » est illisible ou incomplète.", path.display()), e.to_string())
    };
    let file = File::open(path).map_err(|e| unreadable(&e))?;
    let mut zip = ZipArchive::new(io::BufReader::new(file)).map_err(|e| unreadable(&e))?;
    check_directory(&mut zip, path, limits)?;
    let manifest_cap = (limits.max_entry_bytes)(MANIFEST_SHA256);
    let mut text = String::new();
    zip.by_name(MANIFEST_SHA256)
        .map_err(|e| unreadable(&e))?
        .take(manifest_cap)
        .read_to_string(&mut text)
        .map_err(|e| unreadable(&e))?;
    let mut listed = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (digest, name) = line.split_once("  ").ok_or_else(|| unreadable(&format!("malformed manifest line: {line}")))?;
        listed.push((name.to_owned(), digest.to_ascii_lowercase()));
    }
    let mut out = Vec::with_capacity(listed.len());
    for (name, digest) in &listed {
        let ok = match zip.by_name(name) {
            Ok(f) => {
                let cap = (limits.max_entry_bytes)(name);
                let mut capped = f.take(cap + 1);
                let (sum, read) = hash_counted(&mut capped).map_err(|e| unreadable(&e))?;
                if read > cap {
                    return Err(too_large(path, name, cap));
                }
                sum == *digest
            }
            Err(_) => false,
        };
        out.push((name.clone(), ok));
    }
    let listed: std::collections::HashSet<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    let names: Vec<String> = zip.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect();
    for n in names {
        if n != MANIFEST_SHA256 && n != MANIFEST_JSON && !n.ends_with('/') && !listed.contains(n.as_str()) {
            out.push((n, false));
        }
    }
    Ok(out)
}

fn too_large(path: &Path, name: &str, cap: u64) -> ExportError {
    ExportError::new(
        format!("L'archive « {} » est refusée : le fichier « {name} » dépasse la taille admise ({} Mo).", path.display(), cap / MIB),
        format!("entry {name} larger than {cap} bytes"),
    )
}

/// The directory's promises, checked before any content is read.
fn check_directory<R: Read + io::Seek>(zip: &mut ZipArchive<R>, path: &Path, limits: &Limits) -> Result<(), ExportError> {
    let refused = |why: String, cause: String| ExportError::new(format!("L'archive « {} » est refusée : {why} Rien n'a été lu.", path.display()), cause);
    if zip.len() > limits.max_entries {
        return Err(refused(format!("elle contient {} fichiers (au plus {} admis).", zip.len(), limits.max_entries), format!("{} entries", zip.len())));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| refused("son sommaire est illisible.".into(), e.to_string()))?;
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let (size, packed) = (f.size(), f.compressed_size());
        let cap = (limits.max_entry_bytes)(&name);
        if size > cap {
            return Err(too_large(path, &name, cap));
        }
        if size > MIB && size / packed.max(1) > limits.max_ratio {
            return Err(refused(
                format!("le fichier « {name} » se décompresse {} fois plus gros que sa taille dans l'archive (une archive piégée).", size / packed.max(1)),
                format!("entry {name}: {size} bytes from {packed}"),
            ));
        }
        total = total.saturating_add(size);
    }
    if total > limits.max_total_bytes {
        return Err(refused(format!("son contenu décompressé dépasserait {} Go.", limits.max_total_bytes / 1024 / MIB), format!("{total} bytes in all")));
    }
    Ok(())
}

/// SHA-256 of what `r` yields, and how many bytes that was.
fn hash_counted(r: &mut impl Read) -> io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; BUFFER];
    let mut n_read = 0u64;
    loop {
        match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                n_read += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((hex(&hasher.finalize()), n_read))
}

