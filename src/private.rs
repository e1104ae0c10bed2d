//! Files readable by their owner alone, whatever the umask: the store's folder (0700) and
//! files (0600), backups and the Zalo OAuth verifier (0600). They hold subscriber ids and
//! tokens, and a service started by hand or by cron often runs with umask 022.

use std::fs::{File, OpenOptions, Permissions};
use std::io;
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};

/// Mode of private folders.
pub const DIR_MODE: u32 = 0o700;
/// Mode of private files.
pub const FILE_MODE: u32 = 0o600;

/// Creates `path` (and missing parents) if needed, then sets it to 0700.
pub fn create_dir(path: &Path) -> io::Result<()> {
    std::fs::create_dir_all(path)?;
    set_mode(path, DIR_MODE)
}

/// Creates or truncates `path` for writing with mode 0600, also when it existed before with
/// a wider mode.
pub fn create_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(FILE_MODE);
    let file = options.open(path)?;
    #[cfg(unix)]
    file.set_permissions(Permissions::from_mode(FILE_MODE))?;
    Ok(file)
}

/// Sets `dir` to 0700 and everything below it to 0700 (folders) or 0600 (files). Symbolic
/// links are left alone (they are not followed); a file removed meanwhile (sled drops old
/// snapshots) is skipped.
pub fn restrict_tree(dir: &Path) -> io::Result<()> {
    set_mode(dir, DIR_MODE)?;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let result = match entry.file_type()? {
            kind if kind.is_dir() => restrict_tree(&entry.path()),
            kind if kind.is_file() => set_mode(&entry.path(), FILE_MODE),
            _ => Ok(()),
        };
        match result {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            other => other?,
        }
    }
    Ok(())
}

fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    std::fs::set_permissions(path, Permissions::from_mode(mode))?;
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn widened_files_and_folders_are_made_private() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        std::fs::create_dir_all(dir.join("blobs")).unwrap();
        std::fs::write(dir.join("db"), b"x").unwrap();
        std::fs::write(dir.join("blobs/1"), b"x").unwrap();
        for p in [&dir, &dir.join("blobs")] {
            std::fs::set_permissions(p, Permissions::from_mode(0o755)).unwrap();
        }
        for p in [dir.join("db"), dir.join("blobs/1")] {
            std::fs::set_permissions(&p, Permissions::from_mode(0o644)).unwrap();
        }
        restrict_tree(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("blobs")), 0o700);
        assert_eq!(mode(&dir.join("db")), 0o600);
        assert_eq!(mode(&dir.join("blobs/1")), 0o600);
    }

    #[test]
    fn an_existing_readable_file_is_private_after_create() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("backup");
        std::fs::write(&p, b"old").unwrap();
        std::fs::set_permissions(&p, Permissions::from_mode(0o644)).unwrap();
        drop(create_file(&p).unwrap());
        assert_eq!(mode(&p), 0o600);
        assert_eq!(std::fs::read(&p).unwrap(), b"");
    }
}
