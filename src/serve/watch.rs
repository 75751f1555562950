//! Noticing changed inputs: the site's folders are watched through a debouncer, which
//! gathers a burst of file events (an editor saving several files, a `git checkout`) into one
//! batch; each batch that touches an input starts one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache};

use super::rebuild::{quick_update, rebuild};
use super::{Report, Shared};
use crate::base::diagnostic::Diagnostic;
use crate::base::memory::release_freed_memory;
use crate::site;

/// How long a file must be quiet before its changes are passed on: long enough to gather an
/// editor's save, short enough that an edit shows at once.
const SETTLE: Duration = Duration::from_millis(25);

type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Watches the site's inputs and rebuilds after changes, on a thread of its own. Edited code
/// pages are served before the rebuild (see [`quick_update`]).
pub(super) fn watch(
    root: PathBuf,
    shared: Arc<Shared>,
    report: Arc<Report>,
    mut loaded: Option<site::Loaded>,
) -> Result<(), Diagnostic> {
    // Events name absolute paths; builds keep the folder as the user wrote it, for messages.
    let absolute = root.canonicalize().unwrap_or_else(|_| root.clone());
    let (sender, batches) = mpsc::channel::<Vec<DebouncedEvent>>();
    let mut watcher =
        notify_debouncer_full::new_debouncer(SETTLE, None, move |result: DebounceEventResult| {
            // Errors (a watch limit reached, say) leave the last good site served.
            if let Ok(events) = result {
                let _ = sender.send(events);
            }
        })
        .map_err(|e| {
            Diagnostic::error(format!("cannot watch {} for changes: {e}", root.display()))
        })?;
    let mut watched = BTreeSet::new();
    rewatch(&absolute, &mut watcher, &mut watched);
    std::thread::spawn(move || {
        while let Ok(batch) = batches.recv() {
            let mut events = batch;
            // Batches that arrived while the last rebuild ran are handled in one rebuild.
            while let Ok(more) = batches.try_recv() {
                events.extend(more);
            }
            let mut changed = BTreeSet::new();
            let mut started = Instant::now();
            for event in &events {
                let paths = inputs(&absolute, &watched, event);
                if !paths.is_empty() {
                    started = started.min(event.time);
                    changed.extend(paths);
                }
            }
            if changed.is_empty() {
                continue;
            }
            if let Some(loaded) = loaded.as_mut() {
                quick_update(
                    &root, &absolute, &changed, loaded, &shared, &*report, started,
                );
            }
            // The last model goes before the next is read: a rebuild that held both would
            // need twice the model's memory, for nothing (a failed one leaves none either).
            drop(loaded.take());
            // And its pages go back to the system now, not after the allocator's delay, so
            // the server's size is the next model's, not both.
            release_freed_memory();
            loaded = rebuild(&root, &shared, &*report, true);
            rewatch(&absolute, &mut watcher, &mut watched);
        }
    });
    Ok(())
}

/// The inputs of the site an event changes: none for a mere read (a build reads every file),
/// the build folder or an editor's swap file.
fn inputs(
    root: &Path,
    watched: &BTreeSet<(PathBuf, bool)>,
    event: &notify::Event,
) -> BTreeSet<PathBuf> {
    use notify::EventKind;
    if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
        return BTreeSet::new();
    }
    event
        .paths
        .iter()
        .filter(|path| is_input(root, watched, path))
        .cloned()
        .collect()
}

/// What to watch: the site folder itself (for book.toml), the content and templates folders,
/// and the folders of additional CSS and JS files, as book.toml now says.
fn watch_list(root: &Path) -> BTreeSet<(PathBuf, bool)> {
    let mut list = BTreeSet::from([(root.to_path_buf(), false)]);
    let config = site::load_config(root).unwrap_or_default();
    list.insert((root.join(&config.book.src), true));
    list.insert((root.join(crate::input::templates::TEMPLATES_DIR), true));
    for file in config
        .html
        .additional_css
        .iter()
        .chain(&config.html.additional_js)
        .chain(&config.api.openapi)
    {
        if let Some(parent) = root.join(&file.value).parent() {
            list.insert((parent.to_path_buf(), false));
        }
    }
    list
}

fn rewatch(root: &Path, watcher: &mut Watcher, watched: &mut BTreeSet<(PathBuf, bool)>) {
    for (path, recursive) in watch_list(root) {
        if watched.contains(&(path.clone(), recursive)) || !path.exists() {
            continue;
        }
        let mode = if recursive {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        if watcher.watch(&path, mode).is_ok() {
            watched.insert((path, recursive));
        }
    }
}

/// Whether a changed path is an input of the site (not, say, the build folder or an editor's
/// swap file).
fn is_input(root: &Path, watched: &BTreeSet<(PathBuf, bool)>, path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
        return false;
    }
    if path.parent() == Some(root) {
        // In the site folder itself only book.toml (and the files it names, such as the
        // OpenAPI document), or the appearance of a watched folder, matters.
        let named = site::load_config(root).is_ok_and(|config| {
            let named = |f: &crate::base::span::Spanned<PathBuf>| root.join(&f.value) == path;
            config.api.openapi.iter().any(named)
                || config.html.additional_css.iter().any(named)
                || config.html.additional_js.iter().any(named)
        });
        return name == site::CONFIG_FILE || named || watched.iter().any(|(dir, _)| dir == path);
    }
    true
}
