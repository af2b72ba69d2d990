//! Everything the app writes is the doctor's alone: reviews can hold health data. On Unix the
//! process creates its files 0600 and its folders 0700 (a umask set before any file is opened,
//! so SQLite's journal, the log, backups, evidence and exports are covered alike), and a data
//! folder made by an earlier version is tightened at start. Windows keeps the per-user ACLs of
//! the profile folder the data lives in.

use std::path::Path;

/// Files 0600, folders 0700 for everything this process creates from now on.
pub fn private_by_default() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-mode creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// The data folder and what is in it made private (links are not followed). Returns how many
/// entries were tightened, for the log.
pub fn tighten(dir: &Path) -> usize {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut changed = 0;
        let mut stack = vec![dir.to_path_buf()];
        while let Some(path) = stack.pop() {
            let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
            let wanted = if meta.is_dir() {
                0o700
            } else if meta.is_file() {
                0o600
            } else {
                continue;
            };
            if meta.permissions().mode() & 0o777 != wanted {
                match std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wanted)) {
                    Ok(()) => changed += 1,
                    Err(e) => log::warn!("{}: permissions not tightened: {e}", path.display()),
                }
            }
            if meta.is_dir() {
                if let Ok(entries) = std::fs::read_dir(&path) {
                    stack.extend(entries.flatten().map(|e| e.path()));
                }
            }
        }
        changed
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        0
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn an_open_data_folder_is_made_private_and_links_are_left_alone() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("donnees");
        std::fs::create_dir_all(data.join("preuves/1")).unwrap();
        std::fs::write(data.join("e-reputation-medecin.sqlite3"), b"x").unwrap();
        std::fs::write(data.join("preuves/1/0001-capture.png"), b"x").unwrap();
        let outside = root.path().join("ailleurs.txt");
        std::fs::write(&outside, b"x").unwrap();
        std::fs::set_permissions(&outside, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::os::unix::fs::symlink(&outside, data.join("lien")).unwrap();
        for p in [&data, &data.join("preuves"), &data.join("preuves/1")] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        assert!(tighten(&data) >= 4);
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join("preuves/1")), 0o700);
        assert_eq!(mode(&data.join("e-reputation-medecin.sqlite3")), 0o600);
        assert_eq!(mode(&data.join("preuves/1/0001-capture.png")), 0o600);
        assert_eq!(mode(&outside), 0o644, "a link's target outside the folder is not touched");
    }
}
