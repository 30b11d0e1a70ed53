//! Watching the course folder: any change to a file the build reads (lessons, course.toml,
//! media, translations, templates) asks the builder for a new build. Only changes count (the
//! build's own reads are events too on some platforms), and a burst of them — an editor's save
//! is often a write, a rename and a chmod — makes one build.

use super::PreviewError;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

/// How long after a change other changes are gathered into the same build.
const SETTLE: Duration = Duration::from_millis(60);

/// Watches `course_dir` until the returned watcher is dropped; each burst of changes tells
/// `changed` which files moved, then sends on `rebuild`.
pub fn watch(
    course_dir: &Path,
    rebuild: Sender<()>,
    changed: impl Fn(&[PathBuf]) + Send + 'static,
) -> Result<RecommendedWatcher, PreviewError> {
    let root = course_dir
        .canonicalize()
        .unwrap_or_else(|_| course_dir.to_path_buf());
    let error = |e: notify::Error| PreviewError::Watch {
        dir: course_dir.to_path_buf(),
        message: e.to_string(),
    };
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            let _ = tx.send(path);
        }
    })
    .map_err(error)?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .map_err(error)?;
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut paths = vec![first];
            while let Ok(more) = rx.recv_timeout(SETTLE) {
                paths.push(more);
            }
            paths.retain(|p| !super::ignored(p, &root));
            if paths.is_empty() {
                continue;
            }
            paths.sort();
            paths.dedup();
            let shown: Vec<PathBuf> = paths
                .iter()
                .map(|p| p.strip_prefix(&root).unwrap_or(p).to_path_buf())
                .collect();
            changed(&shown);
            if rebuild.send(()).is_err() {
                return;
            }
        }
    });
    Ok(watcher)
}
