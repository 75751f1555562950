//! Replacing a build folder safely: one build at a time per folder, temporary folders no
//! other build can mistake for its own, and a switch that never leaves a moment without a
//! complete site.
//!
//! - **One at a time**: a build holds an advisory lock (`flock`) on the folder that holds
//!   the build folder for as long as it writes; a second build into it waits, or fails with
//!   [`Wait::No`].
//! - **Atomic switch**: on Linux the new folder and the old one trade places in one
//!   `renameat2(RENAME_EXCHANGE)`, so a reader sees the old site or the new one, never
//!   neither. Elsewhere the old folder is moved aside and the new one moved in: two renames,
//!   with a moment without a site between them, and the old one put back if the second fails.
//! - **Interrupted builds**: temporary folders are registered while they exist ([`create`]), so
//!   [`abandon`] (called on Ctrl-C or SIGTERM) can remove them, once it has stopped every
//!   further write into them ([`abandoned`]); those of a build that was killed outright are
//!   removed by the next build, which alone holds the lock.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// What to do when another build is writing into the same folder.
pub enum Wait<'a> {
    /// Wait for it, calling the function first (to say so).
    Yes(&'a dyn Fn()),
    /// Fail at once.
    No,
}

/// The lock of one build folder's parent, released when dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Takes the lock for building into a folder of `parent`.
///
/// On Unix the folder itself is locked, so no file is left beside the build folder. On
/// other systems, which cannot lock a folder, a `.statusbook-lock` file in it is.
pub fn lock(parent: &Path, wait: Wait<'_>) -> io::Result<Lock> {
    #[cfg(unix)]
    let file = File::open(parent)?;
    #[cfg(not(unix))]
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(parent.join(".statusbook-lock"))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => match wait {
            Wait::Yes(say) => {
                say();
                file.lock()?;
            }
            Wait::No => {
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    "another build is writing into it",
                ));
            }
        },
        Err(fs::TryLockError::Error(e)) => return Err(e),
    }
    Ok(Lock { _file: file })
}

/// Makes `new` the content of `target`, whose current content (if any) ends up at
/// `retired`, to be removed by the caller.
pub fn replace(new: &Path, target: &Path, retired: &Path) -> io::Result<()> {
    if !target.exists() {
        return fs::rename(new, target);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, new, CWD, target, RenameFlags::EXCHANGE) {
            // `new` now holds the previous site.
            Ok(()) => return fs::rename(new, retired),
            // A file system without exchange: fall back to two renames.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    fs::rename(target, retired)?;
    if let Err(e) = fs::rename(new, target) {
        let _ = fs::rename(retired, target);
        return Err(e);
    }
    Ok(())
}

/// Temporary folders (and the manifest's temporary file) of builds in progress, for
/// [`abandon`].
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Runs `make`, which brings the temporary folder `folder` into being (creates it, or
/// renames a folder to it; or writes the manifest's temporary file), and notes it for
/// [`abandon`], as one step: `abandon`
/// either finds the folder noted, or stopped the build before `make` ran (which then fails
/// with [`io::ErrorKind::Interrupted`]). Noted before or after the folder exists, a folder
/// made in the moment `abandon` ran would be left behind.
pub fn create(folder: &Path, make: impl FnOnce() -> io::Result<()>) -> io::Result<()> {
    let mut all = IN_PROGRESS.lock().unwrap_or_else(PoisonError::into_inner);
    if abandoned() {
        return Err(io::Error::new(
            io::ErrorKind::Interrupted,
            "the build was interrupted",
        ));
    }
    make()?;
    all.push(folder.to_path_buf());
    Ok(())
}

/// Notes that `folder` is no longer a temporary folder being written.
pub fn unregister(folder: &Path) {
    let mut all = IN_PROGRESS.lock().unwrap_or_else(PoisonError::into_inner);
    all.retain(|f| f != folder);
}

/// Set once [`abandon`] starts: no file may be written into a temporary folder after it.
static ABANDONED: AtomicBool = AtomicBool::new(false);

/// Whether the build was interrupted ([`abandon`]): a writer checks before each file, so
/// the temporary folder is not filled again while it is being removed.
pub fn abandoned() -> bool {
    ABANDONED.load(Ordering::SeqCst)
}

/// Removes the temporary folders (and files) of every build in progress: for an
/// interrupted build, which then exits. The build folder itself is never touched.
pub fn abandon() {
    // Set before the list is taken: a folder [`create`]d after that sees it and is not made.
    ABANDONED.store(true, Ordering::SeqCst);
    let all = std::mem::take(&mut *IN_PROGRESS.lock().unwrap_or_else(PoisonError::into_inner));
    for folder in all {
        // A writer may be finishing the file it had started, or the build removing the
        // same folder at this moment: either makes one pass fail part way, so try again.
        for _ in 0..20 {
            let removed = if folder.is_dir() {
                fs::remove_dir_all(&folder)
            } else {
                fs::remove_file(&folder)
            };
            if removed.is_ok() || !folder.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// Where a build folder's temporary folders go: the folder holding `target` (absolute),
/// and the build folder's name they are named after.
pub fn place(target: &Path) -> (PathBuf, String) {
    let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".to_string());
    (parent, name)
}

/// This process's temporary folder beside build folder `name` in `parent`: `new` for the
/// site being written (`.book.statusbook-new.<pid>`), `old` for the one it replaces.
pub fn temporary(parent: &Path, name: &str, kind: &str) -> PathBuf {
    parent.join(format!("{}.{}", prefix(name, kind), std::process::id()))
}

fn prefix(name: &str, kind: &str) -> String {
    format!(".{name}.statusbook-{kind}")
}

/// Removes the temporary folders an interrupted build of `name` left in `parent`
/// (see [`temporary`]). Only a build holding the lock may call it.
pub fn remove_leftovers(parent: &Path, name: &str) -> io::Result<()> {
    let prefixes = [prefix(name, "new"), prefix(name, "old")];
    for entry in fs::read_dir(parent)? {
        let entry = entry?;
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) && entry.file_type()?.is_dir()
        {
            fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_or_fails() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path(), Wait::No).unwrap();
        let error = lock(dir.path(), Wait::No).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::WouldBlock);
        let said = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| {
                let say = || said.store(true, std::sync::atomic::Ordering::SeqCst);
                lock(dir.path(), Wait::Yes(&say)).map(|_| ())
            });
            while !said.load(std::sync::atomic::Ordering::SeqCst) {
                std::thread::yield_now();
            }
            drop(first);
            waiter.join().unwrap().unwrap();
        });
    }

    #[test]
    fn replacing_trades_places_and_keeps_the_old_content_aside() {
        let dir = tempfile::tempdir().unwrap();
        let (new, target, retired) = (
            dir.path().join("new"),
            dir.path().join("book"),
            dir.path().join("old"),
        );
        fs::create_dir(&new).unwrap();
        fs::write(new.join("index.html"), "one").unwrap();
        replace(&new, &target, &retired).unwrap();
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "one"
        );
        fs::create_dir(&new).unwrap();
        fs::write(new.join("index.html"), "two").unwrap();
        replace(&new, &target, &retired).unwrap();
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "two"
        );
        assert_eq!(
            fs::read_to_string(retired.join("index.html")).unwrap(),
            "one"
        );
        assert!(!new.exists());
    }

    #[test]
    fn leftovers_of_interrupted_builds_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            ".book.statusbook-new.123",
            ".book.statusbook-old.9",
            "book",
            ".other",
        ] {
            fs::create_dir(dir.path().join(name)).unwrap();
        }
        remove_leftovers(dir.path(), "book").unwrap();
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".other", "book"]);
    }
}
