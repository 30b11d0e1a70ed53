//! `coursepack preview`: the author's loop. A local server on 127.0.0.1 builds the course in
//! memory ([`site`]), serves the package's files under `/course/` inside an LMS frame page (the
//! shell, `templates/preview/`), and rebuilds when a source file changes ([`watch`]). The shell
//! is the LMS side: an LMS-side SCORM 1.2 or SCORM 2004 API (`templates/preview/scorm12-lms.js`,
//! `scorm2004-lms.js`) or, for xAPI, this process's own endpoint ([`lrs`]), which a cmi5 launch
//! also takes its token and launch data from ([`cmi5`]); a tracking panel shows what the LMS
//! records.
//! Nothing of the preview goes into packages: the package files are those of `build`.
//!
//! Threads: the HTTP workers ([`server`]), one builder that takes rebuild requests from the
//! watcher and from the shell (language or format switch), and the watcher. They share one
//! [`Preview`] behind a mutex; the shell long-polls `/__coursepack/status` for changes.

pub mod cmi5;
pub mod lrs;
pub mod server;
pub mod site;
pub mod watch;

use crate::package::Format;
use site::{Failure, Site};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The formats the preview runs, in the order the shell's switch lists them.
pub const FORMATS: [Format; 4] = [
    Format::Scorm12,
    Format::Scorm2004,
    Format::Xapi,
    Format::Cmi5,
];

/// What `coursepack preview` was asked for.
#[derive(Clone, Debug)]
pub struct Options {
    pub course_dir: PathBuf,
    /// The language to show first (default: the source language).
    pub lang: Option<String>,
    pub format: Format,
    /// 0 picks a free port.
    pub port: u16,
}

/// What the preview tells the terminal.
pub enum Event<'a> {
    /// The server is up at this URL.
    Listening(&'a str),
    /// A build finished; `changed` is false when the package came out byte-identical.
    Built {
        site: &'a Site,
        took: Duration,
        changed: bool,
    },
    /// A build failed: the course keeps showing the last good build, with an overlay.
    Failed {
        failure: &'a Failure,
        took: Duration,
    },
    /// A source file changed.
    Changed(&'a [PathBuf]),
}

/// Why the preview could not start.
#[derive(Debug)]
pub enum PreviewError {
    /// The port could not be bound.
    Listen { port: u16, message: String },
    /// The course folder could not be watched.
    Watch { dir: PathBuf, message: String },
}

impl std::fmt::Display for PreviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PreviewError::Listen { port, message } => write!(
                f,
                "cannot listen on 127.0.0.1:{port}: {message}; choose another with --port \
                 (0 picks a free one)"
            ),
            PreviewError::Watch { dir, message } => {
                write!(f, "cannot watch `{}` for changes: {message}", dir.display())
            }
        }
    }
}

impl std::error::Error for PreviewError {}

/// The language and format being previewed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub lang: Option<String>,
    pub format: Format,
}

/// Everything the threads share.
pub struct State {
    pub selection: Selection,
    /// The last good build.
    pub site: Option<Arc<Site>>,
    /// The last build's failure, cleared by the next good build.
    pub failure: Option<Failure>,
    /// Bumped when the site's bytes change: the shell reloads the course.
    pub site_version: u64,
    /// Bumped on any change the shell shows (site, failure, selection, LRS records).
    pub version: u64,
    /// A build is under way.
    pub building: bool,
    pub lrs: lrs::Lrs,
    /// The cmi5 launches whose fetch URL was used.
    pub launches: cmi5::Launches,
}

/// The shared state and the means to wait for and ask for changes.
pub struct Preview {
    state: Mutex<State>,
    changed: Condvar,
    rebuild: Mutex<Sender<()>>,
    pub course_dir: PathBuf,
}

impl Preview {
    /// Locks the state; a worker that panicked while holding it leaves it usable.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Wakes whoever waits for a change (after the caller bumped `version`).
    pub fn notify(&self) {
        self.changed.notify_all();
    }

    /// Waits until `version` exceeds `since` or `timeout` passes.
    pub fn wait_past(&self, since: u64, timeout: Duration) -> MutexGuard<'_, State> {
        let guard = self.lock();
        self.changed
            .wait_timeout_while(guard, timeout, |s| s.version <= since)
            .map(|(g, _)| g)
            .unwrap_or_else(|e| e.into_inner().0)
    }

    /// Asks the builder for a build of the current selection.
    pub fn request_build(&self) {
        if let Ok(tx) = self.rebuild.lock() {
            let _ = tx.send(());
        }
    }
}

/// Builds once, then serves until the process is stopped. `report` is told what happens.
pub fn serve(
    options: Options,
    report: impl Fn(Event<'_>) + Send + Sync + 'static,
) -> Result<(), PreviewError> {
    let (tx, rx) = mpsc::channel();
    let preview = Arc::new(Preview {
        state: Mutex::new(State {
            selection: Selection {
                lang: options.lang.clone(),
                format: options.format,
            },
            site: None,
            failure: None,
            site_version: 0,
            version: 1,
            building: false,
            lrs: lrs::Lrs::default(),
            launches: cmi5::Launches::default(),
        }),
        changed: Condvar::new(),
        rebuild: Mutex::new(tx.clone()),
        course_dir: options.course_dir.clone(),
    });
    let report = Arc::new(report);
    build_now(&preview, &*report);
    let server = server::Server::bind(options.port, Arc::clone(&preview))?;
    let _watcher = watch::watch(&options.course_dir, tx, {
        let report = Arc::clone(&report);
        move |paths: &[PathBuf]| report(Event::Changed(paths))
    })?;
    report(Event::Listening(&server.url()));
    let builder = {
        let preview = Arc::clone(&preview);
        let report = Arc::clone(&report);
        std::thread::spawn(move || builder_loop(&preview, &rx, &*report))
    };
    server.run();
    let _ = builder.join();
    Ok(())
}

/// Builds on every request, folding requests that arrived during a build into one.
fn builder_loop(preview: &Preview, requests: &Receiver<()>, report: &dyn Fn(Event<'_>)) {
    while requests.recv().is_ok() {
        while requests.try_recv().is_ok() {}
        build_now(preview, report);
    }
}

/// Builds the current selection and publishes the result.
fn build_now(preview: &Preview, report: &dyn Fn(Event<'_>)) {
    let selection = {
        let mut state = preview.lock();
        state.building = true;
        state.selection.clone()
    };
    let started = Instant::now();
    let result = site::build(
        &preview.course_dir,
        selection.lang.as_deref(),
        selection.format,
    );
    let took = started.elapsed();
    let mut state = preview.lock();
    state.building = false;
    state.version += 1;
    match result {
        Ok(site) => {
            let changed = state.site.as_ref().is_none_or(|old| {
                old.digest != site.digest || old.lang != site.lang || old.format != site.format
            });
            if changed {
                state.site_version += 1;
            }
            let had_failure = state.failure.take().is_some();
            let site = Arc::new(site);
            state.site = Some(Arc::clone(&site));
            drop(state);
            preview.notify();
            report(Event::Built {
                site: &site,
                took,
                changed: changed || had_failure,
            });
        }
        Err(failure) => {
            state.failure = Some(failure.clone());
            drop(state);
            preview.notify();
            report(Event::Failed {
                failure: &failure,
                took,
            });
        }
    }
}

/// Whether a changed path is one the preview ignores: hidden files and folders (version
/// control, editor swap files), editor backups (`name~`), and files whose name starts with `#`.
pub fn ignored(path: &Path, course_dir: &Path) -> bool {
    let relative = path.strip_prefix(course_dir).unwrap_or(path);
    relative.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name.starts_with('.') && name != "." && name != ".."
            || name.ends_with('~')
            || name.starts_with('#')
    })
}
