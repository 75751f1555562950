//! The rendered site in memory (path → bytes), and writing it to disk atomically.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rayon::prelude::*;

use crate::base::diagnostic::Diagnostic;
use crate::base::source::io_reason;
use crate::outputs::Output;
use crate::write::build_dir::{self, Claim, MARKER, MARKER_TEXT};
use crate::write::manifest::{MANIFEST, Stamp};
use crate::write::swap::{self, Wait};

/// Writes `output` as the new content of `build_dir`, all or nothing (see [`Staging`]), if
/// the folder is statusbook's to replace (see [`build_dir::claim`]).
pub fn write(output: &Output, build_dir: &Path) -> Result<Written, Diagnostic> {
    let claim = build_dir::claim(build_dir, &[], false)?;
    let staging = Staging::begin(build_dir, claim, Wait::No)?;
    for (path, bytes) in output.files() {
        staging.put(path, bytes)?;
    }
    staging.commit()
}

/// Replaces some files of the build folder `build_dir`, each in one step, and removes the
/// files `gone`, for a build that knows no other file changes: each file is written into a
/// temporary folder beside the build folder, then moved over the old one. Files whose
/// bytes are those already there are left as they are. Returns the paths rewritten, in
/// order.
///
/// The caller holds the folder's lock ([`swap::lock`]). A reader may see some files new and
/// others not yet for the moment it takes to move them; an interruption in that moment
/// leaves the folder unlike its manifest, so the next build is a full one.
pub fn replace_files(
    build_dir: &Path,
    files: Vec<(String, Vec<u8>)>,
    gone: &[String],
) -> Result<Vec<String>, Diagnostic> {
    let target = build_dir::absolute(build_dir);
    let mut changed: Vec<(String, Vec<u8>)> = files
        .into_par_iter()
        .filter(|(path, bytes)| !unchanged(&target.join(path), bytes))
        .collect();
    let remove = || -> Result<(), Diagnostic> {
        for path in gone {
            let file = target.join(path);
            match fs::remove_file(&file) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(failed("remove", &file, e));
                }
                _ => {}
            }
        }
        Ok(())
    };
    if changed.is_empty() {
        remove()?;
        return Ok(Vec::new());
    }
    changed.sort_by(|a, b| a.0.cmp(&b.0));
    let (parent, name) = swap::place(&target);
    let staging = swap::temporary(&parent, &name, "new");
    swap::create(&staging, || fs::create_dir(&staging))
        .map_err(|e| failed("create", &staging, e))?;
    let moved = (|| {
        for (k, (_, bytes)) in changed.iter().enumerate() {
            let file = staging.join(k.to_string());
            fs::write(&file, bytes).map_err(|e| failed("write", &file, e))?;
        }
        for (k, (path, _)) in changed.iter().enumerate() {
            let file = target.join(path);
            if let Some(dir) = file.parent() {
                fs::create_dir_all(dir).map_err(|e| failed("create", dir, e))?;
            }
            fs::rename(staging.join(k.to_string()), &file)
                .map_err(|e| failed("write", &file, e))?;
        }
        Ok(())
    })();
    let _ = fs::remove_dir_all(&staging);
    swap::unregister(&staging);
    moved?;
    remove()?;
    Ok(changed.into_iter().map(|(path, _)| path).collect())
}

/// What writing a site did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// How many files the site has.
    pub files: usize,
    /// Their total size.
    pub bytes: usize,
    /// How many of them are new or differ from the previous build's.
    pub changed: usize,
    /// Whether the build folder was an earlier statusbook build without a marker, which
    /// now has one (see [`Claim::Earlier`]).
    pub adopted: bool,
}

/// A site being written into a build folder, all or nothing.
///
/// Files go into a temporary folder beside the build folder, which takes its place on
/// [`Staging::commit`]; a failure, or a `Staging` dropped uncommitted, leaves the previous
/// site as it was and no temporary files behind. Only the build folder and statusbook's own
/// temporary folders beside it are ever removed, and the build folder only as its
/// [`Claim`] allows. Every build folder gets the [`MARKER`] that later builds look for.
///
/// A file whose bytes are those of the same file of the previous build is hard-linked, not
/// written: it keeps its modification time (so HTTP caches revalidate with 304). Linking
/// waits until some file differs: when none does and none is gone, nothing is touched.
///
/// Several threads may put files at once (files in different folders are written in
/// parallel; in one folder they contend for its lock).
pub struct Staging {
    /// The build folder as given, for messages.
    shown: PathBuf,
    target: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    /// The previous build, if there is one.
    previous: Option<PathBuf>,
    /// Held until the build is over: one build at a time per folder.
    _lock: swap::Lock,
    /// Why the build folder may be replaced.
    claim: Claim,
    state: Mutex<State>,
}

/// What [`Staging`] has done so far.
#[derive(Default)]
struct State {
    /// Files identical to the previous build's, not yet linked into `staging`.
    same: Vec<String>,
    /// Whether `staging` exists.
    started: bool,
    committed: bool,
    dirs: HashSet<PathBuf>,
    /// Every path put, kept only to adopt an earlier build (see [`Claim::Earlier`]).
    paths: Option<HashSet<String>>,
    written: Written,
    /// The files written, with their stamps as the writes left them.
    stamps: Vec<(String, Stamp)>,
    /// The files linked from the previous build: their stamps change until it is removed.
    linked: Vec<String>,
}

/// A site written by [`Staging::finish`].
pub struct Committed {
    /// What writing it did.
    pub written: Written,
    /// Every file of the build folder with its stamp, in no set order; `None` when the
    /// folder was left as it was (its files' stamps are then the previous build's).
    pub stamps: Option<Vec<(String, Stamp)>>,
}

impl Staging {
    /// Prepares to write into `build_dir`, which `claim` (from [`build_dir::claim`]) says
    /// may be replaced: waits for (or, with [`Wait::No`], refuses) another build into it,
    /// and removes what an interrupted build left beside it.
    pub fn begin(build_dir: &Path, claim: Claim, wait: Wait<'_>) -> Result<Staging, Diagnostic> {
        let target = build_dir::absolute(build_dir);
        let (parent, name) = swap::place(&target);
        fs::create_dir_all(&parent).map_err(|e| failed("create", &parent, e))?;
        let lock = swap::lock(&parent, wait).map_err(|e| {
            if e.kind() == io::ErrorKind::WouldBlock {
                Diagnostic::error(format!(
                    "another build is writing into {}",
                    build_dir.display()
                ))
                .hint("wait for it to finish, or leave out --no-wait to wait for it")
            } else {
                failed("lock", &parent, e)
            }
        })?;
        swap::remove_leftovers(&parent, &name).map_err(|e| failed("clean up", &parent, e))?;
        let staging = Staging {
            shown: build_dir.to_path_buf(),
            staging: swap::temporary(&parent, &name, "new"),
            retired: swap::temporary(&parent, &name, "old"),
            previous: target.is_dir().then(|| target.clone()),
            _lock: lock,
            target,
            state: Mutex::new(State {
                paths: matches!(claim, Claim::Earlier { .. }).then(HashSet::new),
                ..State::default()
            }),
            claim,
        };
        // The marker is the folder's, not the site's: it is not counted as one of its files.
        staging.add(MARKER, MARKER_TEXT.as_bytes(), false)?;
        Ok(staging)
    }

    /// Adds one file of the site.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.add(path, bytes, true)
    }

    /// Adds one file, counted in [`Written`] if `counted`.
    fn add(&self, path: &str, bytes: &[u8], counted: bool) -> Result<(), Diagnostic> {
        if swap::abandoned() {
            return Err(Diagnostic::error(format!(
                "the build into {} was interrupted",
                self.shown.display()
            )));
        }
        let same = self
            .previous
            .as_ref()
            .is_some_and(|previous| unchanged(&previous.join(path), bytes));
        let file = {
            let mut state = self.state();
            if counted {
                state.written.files += 1;
                state.written.bytes += bytes.len();
            }
            if let Some(paths) = &mut state.paths {
                paths.insert(path.to_string());
            }
            if same && !state.started {
                state.same.push(path.to_string());
                return Ok(());
            }
            if !same {
                state.written.changed += usize::from(counted);
                self.start(&mut state)?;
            }
            self.place(&mut state, path)?
        };
        // The slow part, outside the lock.
        if same {
            self.link(path, &file)?;
            self.state().linked.push(path.to_string());
        } else {
            let stamp = write_file(&file, bytes).map_err(|e| failed("write", &file, e))?;
            self.state().stamps.push((path.to_string(), stamp));
        }
        Ok(())
    }

    /// Makes the files put so far the content of the build folder.
    pub fn commit(self) -> Result<Written, Diagnostic> {
        self.finish().map(|committed| committed.written)
    }

    /// [`Staging::commit`], also returning the stamp of every file, as a manifest of the
    /// build folder records them (see [`crate::write::manifest`]): taken as each file was
    /// written, they spare a walk of the folder afterwards.
    pub fn finish(self) -> Result<Committed, Diagnostic> {
        let mut state = self.state();
        if !state.started
            && self
                .previous
                .as_deref()
                .is_some_and(|p| holds_only(p, &state.same))
        {
            state.committed = true;
            return Ok(Committed {
                written: state.written,
                stamps: None,
            });
        }
        if let (Claim::Earlier { stale_codes }, Some(paths)) = (&self.claim, &state.paths) {
            self.adopt(paths, stale_codes)?;
            state.written.adopted = true;
        }
        self.start(&mut state)?;
        // From the swap until it is removed, the previous site sits in `retired`: an
        // interrupted build removes it too.
        swap::create(&self.retired, || {
            swap::replace(&self.staging, &self.target, &self.retired)
        })
        .map_err(|e| failed("replace", &self.shown, e))?;
        state.committed = true;
        swap::unregister(&self.staging);
        if self.retired.exists() {
            remove_tree(&self.retired).map_err(|e| failed("remove", &self.retired, e))?;
        }
        swap::unregister(&self.retired);
        // A linked file's status changed as the previous build's name for it was removed.
        let linked = std::mem::take(&mut state.linked)
            .into_par_iter()
            .map(|path| {
                let metadata = fs::symlink_metadata(self.target.join(&path)).ok()?;
                Some((path, Stamp::of(&metadata)))
            })
            .collect::<Option<Vec<_>>>();
        let mut stamps = std::mem::take(&mut state.stamps);
        let stamps = linked.map(|linked| {
            stamps.extend(linked);
            stamps
        });
        Ok(Committed {
            written: state.written,
            stamps,
        })
    }

    /// Checks that an earlier build holds only files statusbook writes: the new site's
    /// `paths`, and code pages and search files of its own `stale_codes`.
    fn adopt(&self, paths: &HashSet<String>, stale_codes: &HashSet<u64>) -> Result<(), Diagnostic> {
        let Some(previous) = &self.previous else {
            return Ok(());
        };
        let mut foreign = Vec::new();
        for entry in walkdir::WalkDir::new(previous)
            .min_depth(1)
            .sort_by_file_name()
        {
            let entry = entry.map_err(|e| {
                failed(
                    "read",
                    previous,
                    e.into_io_error()
                        .unwrap_or_else(|| io::Error::other("a link loop")),
                )
            })?;
            if entry.file_type().is_dir() {
                continue;
            }
            let relative = entry.path().strip_prefix(previous).unwrap_or(entry.path());
            let path = relative
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/");
            if path != MANIFEST
                && !paths.contains(&path)
                && !build_dir::written_by_earlier_build(&path, stale_codes)
            {
                foreign.push(path);
            }
        }
        if foreign.is_empty() {
            return Ok(());
        }
        let shown = self.shown.display();
        Err(Diagnostic::error(format!(
            "refusing to replace {shown}: it is an earlier statusbook build, but holds {} that statusbook did not write: {}",
            if foreign.len() == 1 { "a file" } else { "files" },
            build_dir::list(&foreign)
        ))
        .hint(format!(
            "move them into the content folder (every build copies its files into the site), or pass `--force` to replace {shown} and delete them"
        )))
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere fails the build; the state itself is never left half-changed.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Creates the temporary folder, and links into it the unchanged files put so far.
    fn start(&self, state: &mut State) -> Result<(), Diagnostic> {
        if state.started {
            return Ok(());
        }
        swap::create(&self.staging, || fs::create_dir(&self.staging))
            .map_err(|e| failed("create", &self.staging, e))?;
        state.started = true;
        for path in std::mem::take(&mut state.same) {
            let file = self.place(state, &path)?;
            self.link(&path, &file)?;
            state.linked.push(path);
        }
        Ok(())
    }

    /// Puts the previous build's copy of `path` into the temporary folder as `file`.
    fn link(&self, path: &str, file: &Path) -> Result<(), Diagnostic> {
        let old = self
            .previous
            .as_ref()
            .map(|p| p.join(path))
            .unwrap_or_default();
        // A file system without hard links gets a copy, with a new modification time.
        fs::hard_link(&old, file)
            .or_else(|_| fs::copy(&old, file).map(|_| ()))
            .map_err(|e| failed("write", file, e))
    }

    /// Where `path` goes in the temporary folder, its folder created.
    fn place(&self, state: &mut State, path: &str) -> Result<PathBuf, Diagnostic> {
        let file = self.staging.join(path);
        if let Some(dir) = file.parent()
            && !state.dirs.contains(dir)
        {
            // The folders inside the temporary folder, never the temporary folder itself:
            // an interrupted build removes it while other threads still write, and one
            // that made it again would leave it behind (`create_dir_all` would).
            let mut missing: Vec<&Path> = dir
                .ancestors()
                .take_while(|d| *d != self.staging && !state.dirs.contains(*d))
                .collect();
            missing.reverse();
            for folder in missing {
                match fs::create_dir(folder) {
                    Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                        return Err(failed("create", folder, e));
                    }
                    _ => state.dirs.insert(folder.to_path_buf()),
                };
            }
        }
        Ok(file)
    }
}

/// Whether the folder `previous` holds exactly the files `same`, and nothing else (but the
/// manifest, which is written after the build).
fn holds_only(previous: &Path, same: &[String]) -> bool {
    let mut dirs: HashSet<&str> = HashSet::new();
    for path in same {
        let mut at = path.as_str();
        while let Some((dir, _)) = at.rsplit_once('/') {
            if !dirs.insert(dir) {
                break;
            }
            at = dir;
        }
    }
    let entries = walkdir::WalkDir::new(previous).min_depth(1).into_iter();
    let mut count = 0;
    for entry in entries {
        match entry {
            Ok(entry) if entry.depth() == 1 && entry.file_name() == MANIFEST => {}
            Ok(_) => count += 1,
            Err(_) => return false,
        }
    }
    count == same.len() + dirs.len()
}

impl Drop for Staging {
    fn drop(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(PoisonError::into_inner);
        if state.started && !state.committed {
            let _ = fs::remove_dir_all(&self.staging);
            swap::unregister(&self.staging);
        }
    }
}

fn failed(what: &str, path: &Path, error: io::Error) -> Diagnostic {
    Diagnostic::error(format!(
        "cannot {what} {}: {}",
        path.display(),
        io_reason(&error)
    ))
}

/// Writes `bytes` as the new file `file`, returning its stamp once written.
fn write_file(file: &Path, bytes: &[u8]) -> io::Result<Stamp> {
    let mut out = fs::File::create(file)?;
    out.write_all(bytes)?;
    Ok(Stamp::of(&out.metadata()?))
}

/// Whether `file` is a regular file holding exactly `bytes`.
fn unchanged(file: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(file).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(file).is_ok_and(|old| old == bytes)
}

/// Removes a tree of files, in parallel (a big site has thousands).
fn remove_tree(root: &Path) -> io::Result<()> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    files.par_iter().for_each(|file| {
        let _ = fs::remove_file(file);
    });
    fs::remove_dir_all(root)
}

#[cfg(test)]
mod tests;
