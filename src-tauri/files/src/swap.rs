//! The database file swap: a closed store file replaced by a complete new one (protection
//! turned on, changed or off; a backup restored).
//!
//! Order, and what a kill at each point leaves (the store's start-up recovery reads it):
//! 1. the new file is complete and flushed under a temporary name — cut here: the live file is
//!    untouched, the temporary is a leftover;
//! 2. the live file and its companions (`-wal`, `-shm`, `-journal`) are renamed aside — cut
//!    here: no file under the live name; recovery puts the aside file back or the new one in;
//! 3. the new file is renamed to the live name and the folder flushed — cut after: the live file
//!    is the new one, the aside file a leftover (or kept, for a restore).
//!
//! Any error before 3 completes puts back what moved: the caller then holds the old store.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::atomic::{sync_parent, Temp};

/// A store file's companions, the file itself first.
pub const COMPANIONS: [&str; 4] = ["", "-wal", "-shm", "-journal"];

/// `path` with `suffix` appended (`-wal`, `-shm`, `-journal`).
pub fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Removes `path` and its companions; returns what was there and is gone.
pub fn remove_with_companions(path: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    for suffix in COMPANIONS {
        let p = sidecar(path, suffix);
        if fs::symlink_metadata(&p).is_ok() {
            match fs::remove_file(&p) {
                Ok(()) => removed.push(p),
                Err(e) => log::warn!("{} not removed: {e}", p.display()),
            }
        }
    }
    removed
}

/// Renames `from` and each companion it has to `to` (and its companions).
pub fn rename_with_companions(from: &Path, to: &Path) -> io::Result<()> {
    for suffix in COMPANIONS {
        let (f, t) = (sidecar(from, suffix), sidecar(to, suffix));
        if f.exists() {
            fs::rename(&f, &t)?;
        }
    }
    Ok(())
}

/// Where a swap can be made to fail, for the tests of the roll-back.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    /// After the live file was moved aside, before the new file is renamed into place.
    FinalRename,
}

/// A swap done: the new file is live, the old one aside until [`Swapped::finish`] or
/// [`Swapped::undo`].
#[derive(Debug)]
#[must_use = "finish the swap (remove or keep what is aside) or undo it"]
pub struct Swapped {
    live: PathBuf,
    /// Where the live file and its companions went (each moved one is a companion of it).
    aside: PathBuf,
    /// (where it was, where it is now), in the order moved.
    moved: Vec<(PathBuf, PathBuf)>,
}

impl Swapped {
    /// Where the live file was set aside; `None` when there was no live file.
    pub fn aside(&self) -> Option<&Path> {
        self.moved.first().filter(|(from, _)| from == &self.live).map(|(_, to)| to.as_path())
    }

    /// Removes what was set aside (protection: the old file must not stay).
    pub fn finish(self) -> Vec<PathBuf> {
        remove_with_companions(&self.aside)
    }

    /// Keeps what was set aside (restore: the replaced store stays among the backups).
    pub fn keep(self) -> Option<PathBuf> {
        self.aside().map(Path::to_owned)
    }

    /// The new file removed and the old one put back (the new file did not open).
    pub fn undo(self) {
        remove_with_companions(&self.live);
        put_back(&self.moved);
        sync_parent(&self.live);
    }
}

fn put_back(moved: &[(PathBuf, PathBuf)]) {
    for (from, to) in moved.iter().rev() {
        if let Err(e) = fs::rename(to, from) {
            log::error!("swap: putting {} back to {} failed: {e}", to.display(), from.display());
        }
    }
}

/// Replaces the closed store at `new.target()` by `new` (complete; flushed here), setting the
/// live file and its companions aside at `aside` (same file system). On error, everything that
/// moved is back and `new` is removed.
pub fn replace(mut new: Temp, aside: &Path, fault: Fault) -> io::Result<Swapped> {
    let live = new.target().to_owned();
    new.close();
    new.flush()?;
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    for suffix in COMPANIONS {
        let (from, to) = (sidecar(&live, suffix), sidecar(aside, suffix));
        if !from.exists() {
            continue;
        }
        if let Err(e) = fs::rename(&from, &to) {
            put_back(&moved);
            remove_with_companions(new.path());
            return Err(e);
        }
        moved.push((from, to));
    }
    let placed = match fault {
        Fault::FinalRename => Err(io::Error::other("injected fault")),
        Fault::None => fs::rename(new.path(), &live),
    };
    if let Err(e) = placed {
        put_back(&moved);
        remove_with_companions(new.path());
        return Err(e);
    }
    new.placed();
    sync_parent(&live);
    if let Some(dir) = aside.parent() {
        crate::atomic::sync_dir(dir);
    }
    Ok(Swapped { live, aside: aside.to_owned(), moved })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    fn setup() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("base.sqlite3");
        fs::write(&live, b"old").unwrap();
        fs::write(sidecar(&live, "-wal"), b"old wal").unwrap();
        (dir, live)
    }

    fn new_file(live: &Path) -> Temp {
        let mut t = Temp::beside(live, "protection").unwrap();
        io::Write::write_all(t.file(), b"new").unwrap();
        t
    }

    #[test]
    fn a_finished_swap_leaves_the_new_file_alone() {
        let (dir, live) = setup();
        let aside = crate::atomic::temp_beside(&live, "avant-protection");
        let swapped = replace(new_file(&live), &aside, Fault::None).unwrap();
        assert_eq!(fs::read(swapped.aside().unwrap()).unwrap(), b"old");
        assert_eq!(swapped.finish().len(), 2);
        assert_eq!(fs::read(&live).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["base.sqlite3"]);
    }

    #[test]
    fn a_failed_final_rename_puts_everything_back() {
        let (dir, live) = setup();
        let aside = crate::atomic::temp_beside(&live, "avant-protection");
        assert!(replace(new_file(&live), &aside, Fault::FinalRename).is_err());
        assert_eq!(fs::read(&live).unwrap(), b"old");
        assert_eq!(fs::read(sidecar(&live, "-wal")).unwrap(), b"old wal");
        assert_eq!(names(dir.path()), ["base.sqlite3", "base.sqlite3-wal"]);
    }

    #[test]
    fn undo_brings_the_old_file_back() {
        let (dir, live) = setup();
        let aside = crate::atomic::temp_beside(&live, "avant-protection");
        replace(new_file(&live), &aside, Fault::None).unwrap().undo();
        assert_eq!(fs::read(&live).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["base.sqlite3", "base.sqlite3-wal"]);
    }
}
