//! The one way the app writes a file: [`Temp`] (or [`write`] / [`write_with`] over it).
//!
//! Invariants:
//! * the temporary is created exclusively (never an existing file, never through a link left
//!   there) and private to the user (0600 on Unix), in the target's folder so the rename is atomic;
//! * its contents reach the disk before the rename, and the rename before we report success
//!   (the folder is flushed where the system allows it);
//! * a failure or an early return removes it ([`Drop`]); a kill leaves a name [`is_temp`]
//!   recognises, swept at the next write beside the same target ([`sweep_beside`]) or at start.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Suffix of every temporary [`temp_beside`] names.
pub const TEMP_SUFFIX: &str = ".tmp";

/// `.<name>.<what>-<pid>-<nanos>.tmp` beside `target`: hidden, unique, never a real file's name.
pub fn temp_beside(target: &Path, what: &str) -> PathBuf {
    let name = file_name(target);
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    target.with_file_name(format!(".{name}.{what}-{}-{nanos}{TEMP_SUFFIX}", std::process::id()))
}

/// Whether `name` is a temporary of ours for a file named `target_name` (any `what`).
pub fn is_temp_for(name: &str, target_name: &str) -> bool {
    inner(name).and_then(|n| n.strip_prefix(target_name)).and_then(|n| n.strip_prefix('.')).is_some_and(is_stamp)
}

/// Whether `name` is a temporary of ours for any target: `.<target>.<what>-<pid>-<nanos>.tmp`.
pub fn is_temp(name: &str) -> bool {
    inner(name).and_then(|n| n.rsplit_once('.')).is_some_and(|(target, stamp)| !target.is_empty() && is_stamp(stamp))
}

/// `<target>.<what>-<pid>-<nanos>` out of `.<target>.<what>-<pid>-<nanos>.tmp`.
fn inner(name: &str) -> Option<&str> {
    name.strip_prefix('.').and_then(|n| n.strip_suffix(TEMP_SUFFIX))
}

/// `<what>-<pid>-<nanos>`.
fn is_stamp(stamp: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = stamp.rsplitn(3, '-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(nanos), Some(pid), Some(what)) => !what.is_empty() && !what.contains('.') && digits(pid) && digits(nanos),
        _ => false,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "fichier".into())
}

fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Creates `path` exclusively, readable and writable by the user only.
fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).read(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Flushes a folder's entries (a rename) to disk. Windows has no such call: NTFS journals it.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Err(e) = File::open(dir).and_then(|d| d.sync_all()) {
        log::warn!("flushing folder {}: {e}", dir.display());
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// [`sync_dir`] of `path`'s folder.
pub fn sync_parent(path: &Path) {
    sync_dir(folder(path));
}

/// A temporary file on its way to `target`. Removed when dropped unless committed.
#[derive(Debug)]
pub struct Temp {
    path: PathBuf,
    target: PathBuf,
    file: Option<File>,
}

impl Temp {
    /// A new private temporary beside `target`, named by [`temp_beside`] with `what` (the
    /// folder is created if missing). Leftovers of an earlier kill for the same target are
    /// swept first.
    pub fn beside(target: &Path, what: &str) -> io::Result<Temp> {
        fs::create_dir_all(folder(target))?;
        sweep_beside(target);
        let path = temp_beside(target, what);
        Temp::at(path, target)
    }

    /// A new private temporary at `path` (a caller that reserves its own names, such as the
    /// evidence folder's numbers), on its way to `target` in the same folder.
    pub fn at(path: PathBuf, target: &Path) -> io::Result<Temp> {
        let file = create_private(&path)?;
        Ok(Temp { path, target: target.to_owned(), file: Some(file) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The open file, to write into. Writers that need a path (SQLite) use [`Temp::path`]
    /// after [`Temp::close`].
    pub fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("the temporary is open until it is closed or committed")
    }

    /// Closes our handle, for a writer that opens the path itself (SQLite wants the file empty
    /// or absent; it is empty).
    pub fn close(&mut self) {
        self.file = None;
    }

    /// Flushes the contents, renames over `target` (replacing it), flushes the folder.
    pub fn commit(mut self) -> io::Result<()> {
        self.flush()?;
        fs::rename(&self.path, &self.target)?;
        self.file = None;
        self.path = PathBuf::new();
        sync_parent(&self.target);
        Ok(())
    }

    /// [`Temp::commit`] that never replaces an existing file. When `target` is taken the
    /// temporary is handed back with the `AlreadyExists` error, to be given another target
    /// ([`Temp::retarget`]) or dropped. Done with a hard link where the system has them, so two
    /// writers cannot both win.
    pub fn commit_new(mut self) -> Result<(), (io::Error, Temp)> {
        if let Err(e) = self.flush() {
            return Err((e, self));
        }
        match fs::hard_link(&self.path, &self.target) {
            Ok(()) => {
                let _ = fs::remove_file(&self.path);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Err((e, self)),
            // File systems without hard links (FAT, some network shares): check, then rename.
            Err(_) => {
                if self.target.exists() {
                    return Err((io::Error::new(io::ErrorKind::AlreadyExists, "target exists"), self));
                }
                if let Err(e) = fs::rename(&self.path, &self.target) {
                    return Err((e, self));
                }
            }
        }
        self.file = None;
        self.path = PathBuf::new();
        sync_parent(&self.target);
        Ok(())
    }

    /// Another target in the same folder, after [`Temp::commit_new`] found the first one taken.
    pub fn retarget(&mut self, target: PathBuf) {
        self.target = target;
    }

    /// Renamed into place by [`crate::swap::replace`]: nothing left to remove.
    pub(crate) fn placed(mut self) {
        self.file = None;
        self.path = PathBuf::new();
    }

    /// Flushes the contents (also before [`crate::swap::replace`] renames it itself).
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        match &self.file {
            Some(f) => f.sync_all(),
            // Written through the path by another handle (SQLite): reopen to flush it.
            None => File::open(&self.path)?.sync_all(),
        }
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        self.file = None;
        if !self.path.as_os_str().is_empty() {
            if let Err(e) = fs::remove_file(&self.path) {
                if e.kind() != io::ErrorKind::NotFound {
                    log::warn!("temporary {} not removed: {e}", self.path.display());
                }
            }
        }
    }
}

/// Writes `bytes` to `target` atomically (see the module).
pub fn write(target: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(target, "ecriture", |f| io::Write::write_all(f, bytes))
}

/// Writes `target` atomically with what `fill` writes into the temporary; `fill`'s error (or a
/// flush or rename error) leaves `target` as it was and no temporary behind.
pub fn write_with<T, E: From<io::Error>>(target: &Path, what: &str, fill: impl FnOnce(&mut File) -> Result<T, E>) -> Result<T, E> {
    let mut temp = Temp::beside(target, what)?;
    let value = fill(temp.file())?;
    temp.commit()?;
    Ok(value)
}

/// How old a temporary of another process must be before a writer sweeps it: the app runs as a
/// single instance, so an older one is a kill's leftover, not a write in progress.
const STALE: Duration = Duration::from_secs(10 * 60);

/// Removes the temporaries of ours for `target` that a kill left (another process's, older than
/// a few minutes): in a folder the doctor chose, nothing else ever would. Returns what it removed.
pub fn sweep_beside(target: &Path) -> Vec<PathBuf> {
    let name = file_name(target);
    let ours = format!("-{}-", std::process::id());
    let mut removed = Vec::new();
    for entry in fs::read_dir(folder(target)).into_iter().flatten().flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        if !is_temp_for(&entry_name, &name) || entry_name.contains(&ours) {
            continue;
        }
        let stale = entry.metadata().ok().filter(|m| m.is_file()).and_then(|m| m.modified().ok()).and_then(|t| t.elapsed().ok()).is_some_and(|age| age >= STALE);
        if stale && fs::remove_file(entry.path()).is_ok() {
            log::info!("leftover temporary removed: {}", entry.path().display());
            removed.push(entry.path());
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn a_write_replaces_the_file_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("lettre.pdf");
        fs::write(&target, b"old").unwrap();
        write(&target, b"new").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["lettre.pdf"]);
    }

    #[test]
    fn a_failing_fill_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dossier.zip");
        fs::write(&target, b"old").unwrap();
        let r: Result<(), io::Error> = write_with(&target, "archive", |f| {
            f.write_all(b"half")?;
            Err(io::Error::other("cut"))
        });
        assert!(r.is_err());
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["dossier.zip"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_whatever_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.ics");
        write(&target, b"x").unwrap();
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_temporary_name_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        let victim = dir.path().join("victim");
        fs::write(&victim, b"keep").unwrap();
        let planted = temp_beside(&target, "x");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        assert_eq!(Temp::at(planted, &target).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&victim).unwrap(), b"keep");
    }

    #[test]
    fn commit_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("0001-photo.png");
        fs::write(&target, b"first").unwrap();
        let mut t = Temp::beside(&target, "preuve").unwrap();
        t.file().write_all(b"second").unwrap();
        let (e, mut t) = t.commit_new().unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&target).unwrap(), b"first");
        t.retarget(dir.path().join("0002-photo.png"));
        t.commit_new().unwrap();
        assert_eq!(fs::read(dir.path().join("0002-photo.png")).unwrap(), b"second");
        assert_eq!(names(dir.path()), ["0001-photo.png", "0002-photo.png"]);
    }

    #[test]
    fn temporaries_are_recognised_and_only_ours() {
        let t = temp_beside(Path::new("/x/dossier.zip"), "archive");
        let n = t.file_name().unwrap().to_string_lossy().into_owned();
        assert!(is_temp(&n) && is_temp_for(&n, "dossier.zip"), "{n}");
        assert!(!is_temp_for(&n, "dossier"));
        for other in ["dossier.zip", ".dossier.zip", ".dossier.zip.tmp", ".a.b-c-d.tmp", "x.archive-1-2.tmp", ".x.-1-2.tmp"] {
            assert!(!is_temp(other), "{other}");
        }
    }

    #[test]
    fn a_stale_leftover_of_another_process_is_swept_at_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("lettre.pdf");
        let stale = dir.path().join(".lettre.pdf.ecriture-999999999-1.tmp");
        let fresh = dir.path().join(".lettre.pdf.ecriture-999999998-2.tmp");
        let other = dir.path().join(".autre.pdf.ecriture-999999999-1.tmp");
        for p in [&stale, &fresh, &other] {
            fs::write(p, b"half").unwrap();
        }
        let old = SystemTime::now() - Duration::from_secs(3600);
        for p in [&stale, &other] {
            File::options().write(true).open(p).unwrap().set_modified(old).unwrap();
        }
        write(&target, b"new").unwrap();
        assert_eq!(names(dir.path()), [".autre.pdf.ecriture-999999999-1.tmp", ".lettre.pdf.ecriture-999999998-2.tmp", "lettre.pdf"]);
    }
}
