//! Batch builds: language × format jobs on `workers` threads, each job independent — one that
//! fails does not stop or hide the others, and leaves no partial zip (see [`super::zip`]).
//!
//! Jobs are grouped by language: a worker translates a language once, renders its lesson bodies
//! once per page layout for all its formats, builds each format, and drops the translated
//! course before it takes the next language, so memory holds at most one translated course and
//! one set of bodies per worker, whatever the number of languages. A new format is just another
//! job. Results and diagnostics come back in job order, whatever the number of
//! workers, and every package's bytes depend on its job alone.

use super::zip::Written;
use super::{build_with, Format};
use crate::diag::Diagnostics;
use crate::i18n::SourceSegments;
use crate::model::Course;
use crate::render::{Bodies, Theme};
use crate::source::fs::SourceFs;
use std::borrow::Cow;
use std::path::Path;
use std::sync::Mutex;

/// One package to build: the course in one language and one format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub lang: String,
    pub format: Format,
}

impl Job {
    /// The job's key, `<lang>/<format>`: what the build manifest and shards name it by.
    pub fn key(&self) -> String {
        format!("{}/{}", self.lang, self.format.name())
    }
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
    /// Not built: the package in the output folder was made from the same inputs (see
    /// [`super::manifest`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub up_to_date: bool,
}

/// What a batch asks for besides its jobs.
pub struct Batch<'a> {
    /// The course in its source language, as `load` returned it.
    pub course: &'a Course,
    pub fs: &'a (dyn SourceFs + Sync),
    pub theme: &'a Theme,
    pub out_dir: &'a Path,
    /// How missing or outdated translations are reported (errors with `--strict`).
    pub gaps: crate::i18n::Gaps,
    /// Threads to run jobs on (at least one).
    pub workers: usize,
}

/// What became of a batch, in job order.
pub struct Outcome {
    /// One per job whose language could be translated.
    pub results: Vec<JobResult>,
    /// The translations' diagnostics, language by language.
    pub diagnostics: Diagnostics,
    /// The languages whose translation failed (their jobs have no result).
    pub failed_langs: Vec<String>,
}

/// The jobs of one language, in the order they were asked for.
struct LangGroup<'j> {
    lang: &'j str,
    jobs: Vec<&'j Job>,
}

/// What one language gave.
struct LangOutcome {
    results: Vec<JobResult>,
    diagnostics: Diagnostics,
    failed: bool,
}

/// Builds every job; `done` is told about each job as it finishes (for progress display).
pub fn build_all(
    batch: &Batch<'_>,
    jobs: &[Job],
    done: &(dyn Fn(&JobResult, usize, usize) + Sync),
) -> Outcome {
    let mut groups: Vec<LangGroup<'_>> = Vec::new();
    for job in jobs {
        match groups.iter_mut().find(|g| g.lang == job.lang) {
            Some(group) => group.jobs.push(job),
            None => groups.push(LangGroup {
                lang: &job.lang,
                jobs: vec![job],
            }),
        }
    }
    let next = Mutex::new(0usize);
    // The source's segments, found by the first worker to translate a language.
    let translating: Mutex<Option<SourceSegments>> = Mutex::new(None);
    let finished = Mutex::new(0usize);
    let outcomes: Mutex<Vec<Option<LangOutcome>>> =
        Mutex::new(groups.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..batch.workers.clamp(1, groups.len().max(1)) {
            scope.spawn(|| loop {
                let index = {
                    let Ok(mut n) = next.lock() else { return };
                    let i = *n;
                    *n += 1;
                    i
                };
                let Some(group) = groups.get(index) else {
                    return;
                };
                let outcome = run_language(batch, group, &translating, &|result| {
                    let count = finished.lock().map(|mut f| {
                        *f += 1;
                        *f
                    });
                    done(result, count.unwrap_or(0), jobs.len());
                });
                if let Ok(mut all) = outcomes.lock() {
                    all[index] = Some(outcome);
                }
            });
        }
    });
    let mut outcome = Outcome {
        results: Vec::new(),
        diagnostics: Diagnostics::new(),
        failed_langs: Vec::new(),
    };
    let all = outcomes.into_inner().unwrap_or_default();
    for (group, lang) in groups.iter().zip(all) {
        let Some(lang) = lang else { continue };
        if lang.failed {
            outcome.failed_langs.push(group.lang.to_string());
        }
        outcome.results.extend(lang.results);
        outcome.diagnostics.extend(lang.diagnostics);
    }
    outcome
}

/// Translates one language, builds its jobs, and lets the translated course go.
///
/// One worker reads a translation file at a time (`translating`, which holds the source's
/// segments once found): reading one takes more memory than building from it, and takes less
/// time, so the other workers build meanwhile.
fn run_language(
    batch: &Batch<'_>,
    group: &LangGroup<'_>,
    translating: &Mutex<Option<SourceSegments>>,
    done: &dyn Fn(&JobResult),
) -> LangOutcome {
    let mut diagnostics = Diagnostics::new();
    // The source language is the course itself: no copy.
    let course = if group.lang.eq_ignore_ascii_case(&batch.course.meta.language) {
        Some(Cow::Borrowed(batch.course))
    } else {
        let mut turn = translating.lock().unwrap_or_else(|e| e.into_inner());
        let sources = turn.get_or_insert_with(|| SourceSegments::of(batch.course, batch.theme));
        crate::i18n::translated_course(
            sources,
            batch.course,
            batch.theme,
            batch.fs,
            group.lang,
            batch.gaps,
            &mut diagnostics,
        )
        .map(Cow::Owned)
    };
    let Some(course) = course else {
        return LangOutcome {
            results: Vec::new(),
            diagnostics,
            failed: true,
        };
    };
    // The lesson bodies are rendered once per page layout and shared by the formats with that
    // layout; jobs run layout by layout, so one layout's bodies are dropped before the next's.
    let layout = |job: &Job| super::page_per_lesson(&course, job.format);
    let mut order: Vec<usize> = (0..group.jobs.len()).collect();
    order.sort_by_key(|&i| layout(group.jobs[i]));
    let mut results: Vec<Option<JobResult>> = group.jobs.iter().map(|_| None).collect();
    let mut bodies: Option<(bool, Result<Bodies, String>)> = None;
    for i in order {
        let job = group.jobs[i];
        let per_lesson = layout(job);
        let rendered = match &mut bodies {
            Some((l, rendered)) if *l == per_lesson => rendered,
            slot => {
                // The previous layout's bodies go before the next are rendered.
                *slot = None;
                let rendered =
                    Bodies::render(&course, batch.theme, per_lesson).map_err(|e| e.to_string());
                &mut slot.insert((per_lesson, rendered)).1
            }
        };
        let built = match rendered {
            Ok(bodies) => {
                build_with(batch.fs, job.format, bodies, batch.out_dir).map_err(|e| e.to_string())
            }
            Err(error) => Err(error.clone()),
        };
        let result = job_result(&course, job.format, built);
        done(&result);
        results[i] = Some(result);
    }
    LangOutcome {
        results: results.into_iter().flatten().collect(),
        diagnostics,
        failed: false,
    }
}

/// What became of one job of `course`: the package written, or why not.
fn job_result(course: &Course, format: Format, built: Result<Written, String>) -> JobResult {
    let (written, error) = match built {
        Ok(written) => (Some(written), None),
        Err(error) => (None, Some(error)),
    };
    JobResult {
        lang: course.meta.language.clone(),
        format: format.name(),
        path: written.as_ref().map(|w| w.path.display().to_string()),
        size: written.as_ref().map(|w| w.size),
        sha256: written.map(|w| w.sha256),
        error,
        up_to_date: false,
    }
}
