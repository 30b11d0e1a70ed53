//! Batch builds: every language × every format, in parallel, each job independent — one that
//! fails does not stop or hide the others, and leaves no partial zip (see [`super::zip`]).

use super::{build, Format};
use crate::model::Course;
use crate::render::Theme;
use crate::source::fs::SourceFs;
use std::path::Path;
use std::sync::Mutex;

/// One package to build: a localized course in one format.
pub struct Job<'a> {
    pub course: &'a Course,
    pub format: Format,
}

/// What became of one job.
#[derive(Debug, serde::Serialize)]
pub struct JobResult {
    pub lang: String,
    pub format: &'static str,
    /// The package file, when it was built.
    pub path: Option<String>,
    pub size: Option<u64>,
    pub sha256: Option<String>,
    /// Why it was not built.
    pub error: Option<String>,
}

/// Builds every job on up to `workers` threads; `done` is told about each job as it finishes
/// (for progress display). Results come back in job order.
pub fn build_all(
    jobs: &[Job<'_>],
    fs: &(dyn SourceFs + Sync),
    theme: &Theme,
    out_dir: &Path,
    workers: usize,
    done: &(dyn Fn(&JobResult, usize, usize) + Sync),
) -> Vec<JobResult> {
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<JobResult>>> = Mutex::new(jobs.iter().map(|_| None).collect());
    let finished = Mutex::new(0usize);
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| loop {
                let index = {
                    let Ok(mut n) = next.lock() else { return };
                    let i = *n;
                    *n += 1;
                    i
                };
                let Some(job) = jobs.get(index) else { return };
                let result = run(job, fs, theme, out_dir);
                let count = finished.lock().map(|mut f| {
                    *f += 1;
                    *f
                });
                done(&result, count.unwrap_or(0), jobs.len());
                if let Ok(mut r) = results.lock() {
                    r[index] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

fn run(job: &Job<'_>, fs: &dyn SourceFs, theme: &Theme, out_dir: &Path) -> JobResult {
    let mut result = JobResult {
        lang: job.course.meta.language.clone(),
        format: job.format.name(),
        path: None,
        size: None,
        sha256: None,
        error: None,
    };
    match build(job.course, fs, theme, job.format, out_dir) {
        Ok(written) => {
            result.path = Some(written.path.display().to_string());
            result.size = Some(written.size);
            result.sha256 = Some(written.sha256);
        }
        Err(e) => result.error = Some(e.to_string()),
    }
    result
}
