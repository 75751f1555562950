//! What a build was made from, kept in its folder: the next build can tell, without reading
//! or rendering anything, that nothing changed since.
//!
//! The manifest (`.statusbook-manifest`, beside the [`crate::write::build_dir::MARKER`]) records:
//! - which statusbook wrote it (its version, and its executable's stamp: a rebuilt or
//!   reinstalled program is a change);
//! - every input file (`book.toml`, the content folder, `templates/`, `additional-css` and
//!   `additional-js` files): its [`Stamp`] and a hash of its bytes. A file whose stamp
//!   changed, or that changed too close to the scan for its stamp to tell (see
//!   [`RACY`]), is read and hashed again: `touch` or a checkout that rewrites the same
//!   bytes is no change;
//! - every file of the build folder, with its stamp: a file edited, added or removed by
//!   hand is a change, and the next build puts the folder right;
//! - the warnings of the build, without the lines of source they quote (re-read from the
//!   unchanged inputs when shown again), so a build that does nothing still reports them.
//!
//! Anything that does not match, or a manifest that cannot be read, means a full build;
//! the manifest can only ever save work, never change what a build writes.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::base::diagnostic::{Annotated, Diagnostic, Severity};
use crate::base::source;
use crate::base::span::{Located, Span};
use crate::input::content::site_path;
use crate::write::swap;

/// The manifest's file in the build folder.
pub const MANIFEST: &str = ".statusbook-manifest";

/// Raised when the manifest's layout changes: an older one is ignored. It is written with
/// `postcard` (1 was JSON, three times the size and slower to read than the build folder
/// is to list).
const FORMAT: u32 = 2;

/// How close (in nanoseconds) to the scan a file's change must be for its stamp not to be
/// trusted: file systems keep times at a coarse clock's tick, so a file written again in the
/// same tick, at the same size, would look unchanged. Such files are hashed again.
const RACY: i64 = 2_000_000_000;

/// What the file system tells of a file without reading it: changing the file changes this.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    size: u64,
    /// Last modification, in nanoseconds since 1970.
    modified: i64,
    /// Last status change (Unix; 0 elsewhere): set by the kernel on every write, rename or
    /// link, and not by `touch -d`, so a file put back with its old time still shows.
    changed: i64,
    /// The inode (Unix; 0 elsewhere): a file replaced by another is a change.
    inode: u64,
}

impl Stamp {
    /// The stamp of a file from its metadata.
    pub fn of(metadata: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                size: metadata.len(),
                modified: metadata.mtime() * 1_000_000_000 + metadata.mtime_nsec(),
                changed: metadata.ctime() * 1_000_000_000 + metadata.ctime_nsec(),
                inode: metadata.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            Stamp {
                size: metadata.len(),
                modified: metadata.modified().map_or(0, nanos),
                changed: 0,
                inode: 0,
            }
        }
    }

    /// Whether the file changed so close to `scanned` that a change after it might not show.
    fn racy(&self, scanned: i64) -> bool {
        self.modified.max(self.changed) > scanned - RACY
    }
}

/// One input file: its path under the site folder (`/`-separated), stamp and hash.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    path: String,
    stamp: Stamp,
    hash: u128,
}

/// The input files of a site, as found at one moment.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// When they were scanned, before any was read.
    scanned: i64,
    /// Every file, in path order.
    files: Vec<InputFile>,
}

/// Where a site is read from, relative to its folder: files and folders whose every file
/// is an input.
pub struct Sources<'a> {
    /// The site folder.
    pub root: &'a Path,
    /// Files and folders under it; a folder's files are all inputs, found or not.
    pub paths: Vec<PathBuf>,
}

impl Sources<'_> {
    /// Every input file there is now, with its stamp (not yet hashed), in path order.
    /// Links are followed: what a build reads is what they point at.
    fn list(&self) -> io::Result<Vec<(String, Stamp)>> {
        let mut files = Vec::new();
        for path in &self.paths {
            let full = self.root.join(path);
            match fs::metadata(&full) {
                Ok(m) if m.is_dir() => files.extend(tree(self.root, &full, true)?),
                Ok(m) => files.push((site_path(path), Stamp::of(&m))),
                // A folder or file that does not exist (yet) holds no input.
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files.dedup_by(|a, b| a.0 == b.0);
        Ok(files)
    }

    /// Scans every input file, hashing all of them. Done before the build reads any, so a
    /// change made while it runs shows as one next time.
    #[cfg(test)]
    pub fn scan(&self) -> io::Result<Inputs> {
        self.stamp()?.hash(self, Vec::new())
    }

    /// Notes every input file's stamp, before the build reads any: a change made from
    /// then on shows as one next time. The files are hashed later ([`Stamped::hash`]),
    /// most of them from the bytes the build read, so none is read twice.
    pub fn stamp(&self) -> io::Result<Stamped> {
        let scanned = nanos(SystemTime::now());
        Ok(Stamped {
            scanned,
            files: self.list()?,
        })
    }
}

/// The input files of a site with their stamps, not yet hashed (see [`Sources::stamp`]).
#[derive(Debug)]
pub struct Stamped {
    scanned: i64,
    files: Vec<(String, Stamp)>,
}

impl Stamped {
    /// Hashes every file: by the hash in `read` (path under the site folder, and the
    /// [`source::fingerprint`] of the bytes the build read) when it has one, else by
    /// reading it from `sources` now.
    ///
    /// A file that changed between its stamp and its reading is recorded with its old
    /// stamp and the hash of what the build read: the next build sees the stamp differ,
    /// hashes the file again and, finding the bytes it built from, rebuilds nothing; any
    /// other bytes are a change. So the manifest always says what the build was made from.
    pub fn hash(self, sources: &Sources<'_>, read: Vec<(String, u128)>) -> io::Result<Inputs> {
        // An unkeyed hash: the paths are the site's own files, and SipHash over 100,000
        // of them was a twentieth of a second on one core.
        let read: FxHashMap<String, u128> = read.into_iter().collect();
        let files = self
            .files
            .into_par_iter()
            .map(|(path, stamp)| {
                let hash = match read.get(&path) {
                    Some(hash) => *hash,
                    None => hash_file(&sources.root.join(&path))?,
                };
                Ok(InputFile { path, stamp, hash })
            })
            .collect::<io::Result<Vec<_>>>()?;
        Ok(Inputs {
            scanned: self.scanned,
            files,
        })
    }
}

/// A build folder's manifest.
#[derive(Serialize, Deserialize, Debug)]
pub struct Manifest {
    format: u32,
    /// The version of statusbook that built the folder.
    version: String,
    /// Its executable.
    program: Option<Stamp>,
    /// The site folder as given on the command line: the warnings' paths start with it.
    root: String,
    scanned: i64,
    inputs: Vec<InputFile>,
    /// Every file of the build folder but the manifest, in path order.
    outputs: Vec<(String, Stamp)>,
    /// How many codes, codes with a written page, and other pages the site has.
    pub counts: (usize, usize, usize),
    warnings: Vec<Stored>,
}

impl Manifest {
    /// The manifest of a build of the site at `root` from `inputs`, which wrote
    /// `build_dir` and found `warnings`. The files of `build_dir` are those of `stamps`
    /// when the build knows them (see [`crate::write::output::Staging::finish`]); else
    /// they are listed.
    pub fn new(
        root: &Path,
        inputs: Inputs,
        stamps: Option<Vec<(String, Stamp)>>,
        build_dir: &Path,
        counts: (usize, usize, usize),
        warnings: &[Diagnostic],
    ) -> io::Result<Manifest> {
        Ok(Manifest {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_string(),
            program: program(),
            root: root.to_string_lossy().into_owned(),
            scanned: inputs.scanned,
            inputs: inputs.files,
            outputs: match stamps {
                Some(mut stamps) => {
                    stamps.retain(|(path, _)| path != MANIFEST);
                    stamps.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
                    stamps
                }
                None => outputs(build_dir)?,
            },
            counts,
            warnings: warnings.iter().map(Stored::from).collect(),
        })
    }

    /// The manifest in `build_dir`, if there is one statusbook can read.
    pub fn read(build_dir: &Path) -> Option<Manifest> {
        let bytes = fs::read(build_dir.join(MANIFEST)).ok()?;
        let manifest: Manifest = postcard::from_bytes(&bytes).ok()?;
        (manifest.format == FORMAT).then_some(manifest)
    }

    /// Writes the manifest into `build_dir`, replacing the old one in one step.
    pub fn write(&self, build_dir: &Path) -> io::Result<()> {
        let bytes = postcard::to_stdvec(self).map_err(io::Error::other)?;
        let temporary = build_dir.join(format!("{MANIFEST}.{}", std::process::id()));
        // Noted while it exists, so a build interrupted now removes it (`swap::abandon`)
        // rather than leave it in the site; a write that failed part way removes it too.
        swap::create(&temporary, || fs::write(&temporary, bytes)).inspect_err(|_| {
            let _ = fs::remove_file(&temporary);
        })?;
        let renamed = fs::rename(&temporary, build_dir.join(MANIFEST)).inspect_err(|_| {
            let _ = fs::remove_file(&temporary);
        });
        swap::unregister(&temporary);
        renamed
    }

    /// What changed in the inputs since this build, if it was made by this program and the
    /// build folder is as it left it; `None` otherwise (then only a full build is right).
    pub fn compare(&self, sources: &Sources<'_>, build_dir: &Path) -> Option<Changes> {
        let same_program = self.version == env!("CARGO_PKG_VERSION")
            && self.program.is_some()
            && self.program == program()
            && self.root == sources.root.to_string_lossy();
        if !same_program {
            return None;
        }
        let (inputs, outputs) = rayon::join(|| self.changes(sources), || outputs(build_dir).ok());
        (outputs? == self.outputs).then_some(inputs?)
    }

    /// The paths of the build's input files, under the site folder, in order.
    pub fn input_paths(&self) -> impl Iterator<Item = &str> {
        self.inputs.iter().map(|file| file.path.as_str())
    }

    /// The warnings the build reported, their source lines read again; `None` if a line
    /// cannot be read as it was.
    pub fn warnings(&self) -> Option<Vec<Diagnostic>> {
        self.warnings.iter().map(Stored::restore).collect()
    }

    /// The input files that changed, were added or were removed since the build.
    fn changes(&self, sources: &Sources<'_>) -> Option<Changes> {
        let scanned = nanos(SystemTime::now());
        let now = sources.list().ok()?;
        let mut old = self.inputs.iter().peekable();
        let mut changes = Changes {
            scanned,
            ..Changes::default()
        };
        let mut compare = Vec::new();
        for (path, stamp) in now {
            while let Some(gone) = old.next_if(|o| o.path < path) {
                changes.removed.push(gone.path.clone());
            }
            match old.next_if(|o| o.path == path) {
                Some(o) if o.stamp == stamp && !stamp.racy(self.scanned) => {}
                Some(o) => compare.push((path, stamp, Some(&o.hash))),
                None => compare.push((path, stamp, None)),
            }
        }
        changes.removed.extend(old.map(|o| o.path.clone()));
        // Files whose stamps cannot tell are read: the same bytes are no change.
        let hashed: Vec<_> = compare
            .into_par_iter()
            .map(|(path, stamp, old)| {
                let hash = hash_file(&sources.root.join(&path)).ok()?;
                Some((InputFile { path, stamp, hash }, old))
            })
            .collect::<Option<_>>()?;
        for (file, old) in hashed {
            match old {
                Some(hash) if *hash == file.hash => changes.restamped.push(file),
                Some(_) => changes.modified.push(file),
                None => changes.added.push(file),
            }
        }
        Some(changes)
    }

    /// This manifest after a build that rewrote only the files `rewritten` and removed the
    /// files `gone` of `build_dir` (both in path order), from the inputs as `changes` found
    /// them, reporting `warnings`.
    pub fn updated(
        mut self,
        changes: Changes,
        build_dir: &Path,
        rewritten: &[String],
        gone: &[String],
        warnings: &[Diagnostic],
    ) -> io::Result<Manifest> {
        self.scanned = changes.scanned;
        let mut fresh: Vec<InputFile> = changes
            .modified
            .into_iter()
            .chain(changes.restamped)
            .chain(changes.added)
            .collect();
        fresh.sort_by(|a, b| a.path.cmp(&b.path));
        let removed: std::collections::HashSet<String> = changes.removed.into_iter().collect();
        let mut inputs = Vec::with_capacity(self.inputs.len() + fresh.len());
        let mut fresh = fresh.into_iter().peekable();
        for old in std::mem::take(&mut self.inputs) {
            while let Some(new) = fresh.next_if(|f| f.path < old.path) {
                inputs.push(new);
            }
            match fresh.next_if(|f| f.path == old.path) {
                Some(new) => inputs.push(new),
                None if removed.contains(&old.path) => {}
                None => inputs.push(old),
            }
        }
        inputs.extend(fresh);
        self.inputs = inputs;
        let stamp = |path: &str| fs::metadata(build_dir.join(path)).map(|m| Stamp::of(&m));
        let mut outputs = Vec::with_capacity(self.outputs.len() + rewritten.len());
        let mut rewritten = rewritten.iter().peekable();
        for (path, old) in std::mem::take(&mut self.outputs) {
            while let Some(new) = rewritten.next_if(|new| **new < path) {
                outputs.push((new.clone(), stamp(new)?));
            }
            if rewritten.next_if(|new| **new == path).is_some() {
                let now = stamp(&path)?;
                outputs.push((path, now));
            } else if gone.binary_search(&path).is_err() {
                outputs.push((path, old));
            }
        }
        for new in rewritten {
            outputs.push((new.clone(), stamp(new)?));
        }
        self.outputs = outputs;
        self.warnings = warnings.iter().map(Stored::from).collect();
        Ok(self)
    }
}

/// How the input files differ from those a build was made from.
#[derive(Debug, Default)]
pub struct Changes {
    /// When they were looked at, before any was read.
    scanned: i64,
    /// Files whose bytes changed, as they are now.
    pub modified: Vec<InputFile>,
    /// New files.
    pub added: Vec<InputFile>,
    /// Files gone, by path.
    pub removed: Vec<String>,
    /// Files with new stamps but the same bytes: no change, but the manifest must learn
    /// their stamps.
    restamped: Vec<InputFile>,
}

impl Changes {
    /// Whether no input changed.
    pub fn is_empty(&self) -> bool {
        self.modified.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }

    /// Whether some input has a new stamp but the same bytes.
    pub fn restamped(&self) -> bool {
        !self.restamped.is_empty()
    }
}

impl InputFile {
    /// Its path under the site folder, `/`-separated.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// Every file of `build_dir` but the manifest, with its stamp, in path order.
fn outputs(build_dir: &Path) -> io::Result<Vec<(String, Stamp)>> {
    let mut files = tree(build_dir, build_dir, false)?;
    files.retain(|(path, _)| path != MANIFEST);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// Every file under `dir`, by its path under `root`, with its stamp; in no set order. With
/// `follow`, links are followed (a loop is an error).
///
/// A large site has thousands of files in a folder: they are looked up relative to their
/// folder (not by whole path) and in parallel, which makes this several times faster than
/// a plain walk, and it is most of what a build with nothing changed does.
fn tree(root: &Path, dir: &Path, follow: bool) -> io::Result<Vec<(String, Stamp)>> {
    let mut files = Vec::new();
    let start = match dir.strip_prefix(root) {
        Ok(relative) if relative.as_os_str().is_empty() => String::new(),
        Ok(relative) => format!("{}/", site_path(relative)),
        Err(_) => String::new(),
    };
    let mut folders = vec![(dir.to_path_buf(), start)];
    let mut seen = 0usize;
    while let Some((folder, prefix)) = folders.pop() {
        seen += 1;
        if seen > 100_000 {
            return Err(io::Error::other(format!(
                "too many folders under {}",
                dir.display()
            )));
        }
        let entries = fs::read_dir(&folder)?.collect::<io::Result<Vec<_>>>()?;
        let stamped = entries
            .par_iter()
            .map(|entry| {
                let mut metadata = entry.metadata()?;
                if follow && metadata.file_type().is_symlink() {
                    metadata = fs::metadata(entry.path())?;
                }
                Ok((entry, metadata))
            })
            .collect::<io::Result<Vec<_>>>()?;
        for (entry, metadata) in stamped {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if metadata.is_dir() {
                folders.push((entry.path(), format!("{name}/")));
            } else {
                files.push((name, Stamp::of(&metadata)));
            }
        }
    }
    Ok(files)
}

/// The stamp of the running executable, if it can be found.
fn program() -> Option<Stamp> {
    let exe = std::env::current_exe().ok()?;
    fs::metadata(exe).ok().map(|m| Stamp::of(&m))
}

fn hash_file(path: &Path) -> io::Result<u128> {
    Ok(source::fingerprint(&fs::read(path)?))
}

fn nanos(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// A warning as the manifest keeps it: its places without the source lines they quote,
/// which stay in the site's own files.
#[derive(Serialize, Deserialize, Debug)]
struct Stored {
    error: bool,
    message: String,
    location: Option<StoredPlace>,
    notes: Vec<StoredPlace>,
    hint: Option<String>,
}

#[derive(Serialize, Deserialize, Debug)]
struct StoredPlace {
    file: PathBuf,
    row: usize,
    col: usize,
    len: usize,
    label: Option<String>,
    /// A hash of the source line shown: restored only if the line reads the same again.
    line: u128,
}

impl From<&Diagnostic> for Stored {
    fn from(d: &Diagnostic) -> Stored {
        let place = |a: &Annotated| StoredPlace {
            file: a.at.span.file.to_path_buf(),
            row: a.at.span.line,
            col: a.at.span.col,
            len: a.at.span.len,
            label: a.label.clone(),
            line: source::fingerprint(a.at.line_text.as_bytes()),
        };
        Stored {
            error: d.is_error(),
            message: d.message.clone(),
            location: d.location.as_deref().map(place),
            notes: d.notes.iter().map(place).collect(),
            hint: d.hint.clone(),
        }
    }
}

impl Stored {
    /// The warning as it was reported, its source lines read again; `None` if one cannot be.
    fn restore(&self) -> Option<Diagnostic> {
        let place = |p: &StoredPlace| -> Option<Annotated> {
            let line_text: Arc<str> = if p.row == 0 {
                Arc::from("")
            } else {
                let text = fs::read_to_string(&p.file).ok()?;
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                Arc::from(text.split('\n').nth(p.row - 1)?.trim_end_matches('\r'))
            };
            if source::fingerprint(line_text.as_bytes()) != p.line {
                return None;
            }
            Some(Annotated {
                at: Located {
                    span: Span {
                        file: Arc::from(p.file.as_path()),
                        line: p.row,
                        col: p.col,
                        len: p.len,
                    },
                    line_text,
                },
                label: p.label.clone(),
            })
        };
        Some(Diagnostic {
            severity: if self.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: self.message.clone(),
            location: match &self.location {
                Some(p) => Some(Box::new(place(p)?)),
                None => None,
            },
            notes: self.notes.iter().map(place).collect::<Option<_>>()?,
            hint: self.hint.clone(),
        })
    }
}

#[cfg(test)]
mod tests;
