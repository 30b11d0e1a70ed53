//! `coursepack build …` on the terminal: one course or a catalogue of them, the jobs a
//! `--shard` gives each course, the build manifest's plan, and the summary; and
//! `build-manifest merge`. The work is the library's (`coursepack::package`); this module
//! chooses the jobs and says what happened.

use super::{
    catalogue, course_folder, exit_number, fail, json_document, languages, load, print_diagnostics,
    summary, term, EXIT_INVALID, EXIT_USAGE,
};
use coursepack::diag::{DiagnosticFormat, Diagnostics};
use coursepack::package::batch::{self, Job, JobResult};
use coursepack::package::manifest::{BuildManifest, InputDigests};
use coursepack::package::shard::{self, Shard};
use coursepack::package::Format;
use coursepack::render::Theme;
use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use term::Verbosity;

/// `coursepack build`: one course, or a catalogue of them (one after another, one summary).
pub(super) fn run(course_dirs: Vec<PathBuf>, request: &BuildRequest, out: &Path) -> ExitCode {
    if course_dirs.len() > 1 {
        let json = request.messages == DiagnosticFormat::Json;
        let shares = match request.shard {
            Some(shard) => catalogue_shares(&course_dirs, request, shard),
            None => vec![Share::All; course_dirs.len()],
        };
        let names = PackageNames::default();
        catalogue(&course_dirs, json, "built", |i, dir| {
            exit_number(build(dir, request, out, &shares[i], &names))
        })
    } else {
        let share = request.shard.map_or(Share::All, Share::Shard);
        build(
            &course_folder(course_dirs.into_iter().next()),
            request,
            out,
            &share,
            &PackageNames::default(),
        )
    }
}

/// What `build` was asked for.
pub(super) struct BuildRequest {
    pub(super) formats: Vec<Format>,
    pub(super) langs: Vec<String>,
    pub(super) strict: bool,
    /// Rebuild packages the build manifest says are current.
    pub(super) force: bool,
    /// Only the jobs of this shard.
    pub(super) shard: Option<Shard>,
    /// Packages built at once.
    pub(super) jobs: usize,
    pub(super) messages: DiagnosticFormat,
}

/// Which of a course's jobs a build runs.
#[derive(Clone, Debug)]
enum Share {
    All,
    /// Shard K/N of the course's own jobs (a course built alone).
    Shard(Shard),
    /// The jobs of these keys (`<lang>/<format>`): the course's part of a catalogue's shard.
    Jobs(BTreeSet<String>),
}

/// Each course's part of shard `shard` of a catalogue, split as a whole (see
/// [`shard::assign_weighed`]): every course is read and its inputs weighed first. A course that
/// cannot be read keeps a split of its own; its build then says what is wrong with it.
fn catalogue_shares(course_dirs: &[PathBuf], request: &BuildRequest, shard: Shard) -> Vec<Share> {
    let weighed: Vec<Option<Vec<(Job, u64)>>> = course_dirs
        .iter()
        .map(|dir| weighed_jobs(dir, request))
        .collect();
    // Keyed by the folder as given (the same on every machine of a matrix) and the job.
    let all: Vec<(String, u64)> = course_dirs
        .iter()
        .zip(&weighed)
        .flat_map(|(dir, jobs)| {
            jobs.iter()
                .flatten()
                .map(move |(job, weight)| (format!("{}\n{}", dir.display(), job.key()), *weight))
        })
        .collect();
    let mut shards = shard::assign_weighed(&all, shard.count).into_iter();
    weighed
        .into_iter()
        .map(|jobs| match jobs {
            Some(jobs) => Share::Jobs(
                jobs.into_iter()
                    .zip(shards.by_ref())
                    .filter(|(_, k)| *k == shard.index)
                    .map(|((job, _), _)| job.key())
                    .collect(),
            ),
            None => Share::Shard(shard),
        })
        .collect()
}

/// A course's jobs as `build` makes them, each with its estimated size (`None` when the course
/// cannot be read).
fn weighed_jobs(course_dir: &Path, request: &BuildRequest) -> Option<Vec<(Job, u64)>> {
    let loaded = load(course_dir).ok()?;
    let course = loaded.course?;
    let langs = languages(&course, &request.langs, false).ok()?;
    let theme = Theme::load(&loaded.fs, &course.meta.languages).ok()?;
    let digests = InputDigests::of(&loaded.fs, &theme).ok()?;
    let jobs = jobs_of(&langs, &request.formats);
    Some(
        jobs.into_iter()
            .map(|job| {
                let weight = digests.weight(&job);
                (job, weight)
            })
            .collect(),
    )
}

/// One job per language and format, language by language.
fn jobs_of(langs: &[String], formats: &[Format]) -> Vec<Job> {
    langs
        .iter()
        .flat_map(|lang| {
            formats.iter().map(move |f| Job {
                lang: lang.clone(),
                format: *f,
            })
        })
        .collect()
}

/// The package file names the courses of a run have claimed, and the folder of each: two
/// courses of a catalogue must not write the same file.
#[derive(Default)]
struct PackageNames(std::cell::RefCell<BTreeMap<String, (PathBuf, PathBuf)>>);

impl PackageNames {
    /// Claims `names` for the course in `dir`; the first name another folder claimed already,
    /// with that folder as given, if any (the same folder listed twice claims nothing new).
    fn claim(&self, dir: &Path, names: Vec<String>) -> Option<(String, PathBuf)> {
        let real = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut claimed = self.0.borrow_mut();
        let clash = names.iter().find_map(|name| match claimed.get(name) {
            Some((other, given)) if *other != real => Some((name.clone(), given.clone())),
            _ => None,
        });
        if clash.is_none() {
            for name in names {
                claimed.insert(name, (real.clone(), dir.to_path_buf()));
            }
        }
        clash
    }
}

fn build(
    course_dir: &Path,
    request: &BuildRequest,
    out: &Path,
    share: &Share,
    names: &PackageNames,
) -> ExitCode {
    let json = (request.messages == DiagnosticFormat::Json)
        .then(|| serde_json::json!({ "packages": [], "failed_languages": [] }));
    let loaded = match load(course_dir) {
        Ok(loaded) => loaded,
        Err(message) => return fail(&message, Diagnostics::new(), json, EXIT_USAGE),
    };
    print_diagnostics(&loaded.diagnostics, request.messages);
    let Some(course) = loaded.course else {
        if let Some(fields) = json {
            term::out(&json_document(&loaded.diagnostics, fields));
        } else {
            term::err(&format!(
                "{}; nothing was built\n",
                summary(course_dir, &loaded.diagnostics)
            ));
        }
        return ExitCode::from(EXIT_INVALID);
    };
    let langs = match languages(&course, &request.langs, false) {
        Ok(l) => l,
        Err(message) => return fail(&message, loaded.diagnostics, json, EXIT_USAGE),
    };
    let theme = match Theme::load(&loaded.fs, &course.meta.languages) {
        Ok(t) => t,
        Err(e) => {
            let message = format!("{}: {e}", course_dir.display());
            return fail(&message, loaded.diagnostics, json, EXIT_INVALID);
        }
    };
    // Each language is translated by the worker that builds it, and dropped once its packages
    // are written; every language's problems are reported.
    let jobs = jobs_of(&langs, &request.formats);
    // Every package of the course, not only this shard's: each shard of a catalogue finds a
    // clash the same way.
    let files = jobs
        .iter()
        .map(|j| coursepack::package::file_name(&course, &j.lang, j.format))
        .collect();
    if let Some((name, other)) = names.claim(course_dir, files) {
        let message = format!(
            "{}: its package {name} would replace the one of {}, built before it in this run; \
             give each course of a catalogue its own `id` in course.toml (a package is named \
             after the id's last segment)",
            course_dir.display(),
            other.display()
        );
        return fail(&message, loaded.diagnostics, json, EXIT_INVALID);
    }
    // Packages whose inputs did not change since the last build into `out` are not rebuilt.
    // What else decides a package's bytes: --strict and the zip timestamp.
    let options = format!(
        "strict={} SOURCE_DATE_EPOCH={}",
        request.strict,
        std::env::var("SOURCE_DATE_EPOCH").unwrap_or_default()
    );
    let plan = InputDigests::of(&loaded.fs, &theme)
        .map_err(|e| {
            format!(
                "{}: cannot read the course's files: {e}",
                course_dir.display()
            )
        })
        .and_then(|digests| {
            let manifest = BuildManifest::read(out).map_err(|e| e.to_string())?;
            let jobs = match share {
                Share::All => jobs,
                Share::Shard(shard) => shard::select(jobs, *shard, |job| digests.weight(job)),
                Share::Jobs(keys) => jobs
                    .into_iter()
                    .filter(|j| keys.contains(&j.key()))
                    .collect(),
            };
            let plan = manifest.plan(&course, jobs, &digests, &options, out, request.force);
            Ok((manifest, plan))
        });
    let (mut manifest, plan) = match plan {
        Ok(plan) => plan,
        Err(message) => return fail(&message, loaded.diagnostics, json, EXIT_USAGE),
    };
    let jobs: Vec<Job> = plan.build.iter().map(|(job, _)| job.clone()).collect();
    let show_progress = match term::verbosity() {
        Verbosity::Quiet => false,
        Verbosity::Normal => std::io::stderr().is_terminal(),
        Verbosity::Verbose => true,
    };
    let progress = |r: &JobResult, done: usize, total: usize| {
        if show_progress {
            let what = if r.error.is_some() { "failed" } else { "built" };
            term::err(&format!(
                "[{done}/{total}] {what} {} {}\n",
                r.lang, r.format
            ));
        }
    };
    let settings = batch::Batch {
        course: &course,
        fs: &loaded.fs,
        theme: &theme,
        out_dir: out,
        gaps: coursepack::i18n::Gaps {
            strict: request.strict,
            each: term::verbosity() == Verbosity::Verbose,
        },
        workers: request.jobs,
    };
    if request.jobs > 1 && langs.len() > 1 {
        crate::return_freed_pages_soon();
    }
    let batch::Outcome {
        results,
        diagnostics: diags,
        failed_langs,
    } = batch::build_all(&settings, &jobs, &progress);
    let before = manifest.packages.clone();
    manifest.record(&course, &plan.build, &results);
    if manifest.packages != before {
        if let Err(e) = manifest.write(out) {
            return fail(&e.to_string(), loaded.diagnostics, json, EXIT_USAGE);
        }
    }
    let results = in_job_order(&langs, &request.formats, results, plan.current);
    let diags = diags.sorted();
    print_diagnostics(&diags, request.messages);
    if request.messages == DiagnosticFormat::Json {
        let mut all = loaded.diagnostics;
        all.extend(diags);
        let fields = serde_json::json!({
            "packages": results,
            "failed_languages": failed_langs,
        });
        term::out(&json_document(&all, fields));
    } else if results.is_empty() && failed_langs.is_empty() {
        // Only a shard can leave a course nothing to build.
        term::note(&format!(
            "{}: none of its packages is in this shard",
            course_dir.display()
        ));
    } else {
        print_build_summary(&results, &failed_langs, &request.formats);
    }
    let failed = !failed_langs.is_empty() || results.iter().any(|r| r.error.is_some());
    if failed {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// `build-manifest merge`: the union of the manifests' records, written into `out`.
pub(super) fn merge_manifests(manifests: &[PathBuf], out: &Path) -> ExitCode {
    let mut merged = BuildManifest::default();
    for path in manifests {
        match BuildManifest::read_file(path) {
            Ok(manifest) => {
                merged.version = manifest.version;
                merged.merge(manifest);
            }
            Err(e) => {
                term::error(&e.to_string());
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    match merged.write(out) {
        Ok(()) => {
            term::note(&format!(
                "wrote {} ({} packages)",
                out.join(coursepack::package::manifest::FILE_NAME).display(),
                merged.packages.len()
            ));
            ExitCode::SUCCESS
        }
        Err(e) => {
            term::error(&e.to_string());
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// The built and the up-to-date results together, language by language as asked.
fn in_job_order(
    langs: &[String],
    formats: &[Format],
    built: Vec<JobResult>,
    current: Vec<JobResult>,
) -> Vec<JobResult> {
    let rank = |r: &JobResult| {
        let lang = langs.iter().position(|l| *l == r.lang);
        let format = formats.iter().position(|f| f.name() == r.format);
        (lang, format)
    };
    let mut all: Vec<JobResult> = built.into_iter().chain(current).collect();
    all.sort_by_key(|r| rank(r));
    all
}

/// The human summary of a build: the package and its sha256 on stdout (errors on stderr), or a
/// table for a batch (a language whose translation failed has a row for each format asked for).
fn print_build_summary(results: &[JobResult], failed_langs: &[String], formats: &[Format]) {
    if results.len() == 1 && failed_langs.is_empty() {
        let r = &results[0];
        match (&r.path, &r.error) {
            (Some(path), _) => term::out(&format!(
                "{} {path} ({} bytes)\nsha256 {}\n",
                if r.up_to_date { "up to date:" } else { "built" },
                r.size.unwrap_or(0),
                r.sha256.as_deref().unwrap_or("")
            )),
            (None, Some(e)) => term::error(e),
            _ => {}
        }
        return;
    }
    // Columns as wide as their longest value (`scorm2004`, `zh-Hant-TW`).
    let lang_width = results
        .iter()
        .map(|r| r.lang.len())
        .chain(failed_langs.iter().map(String::len))
        .fold("language".len(), usize::max);
    let format_width = results
        .iter()
        .map(|r| r.format.len())
        .chain(formats.iter().map(|f| f.name().len()))
        .fold("format".len(), usize::max);
    let (lw, fw) = (lang_width, format_width);
    let mut table = format!(
        "{:<lw$} {:<fw$} {:>10}  {:<64}  file\n",
        "language", "format", "bytes", "sha256"
    );
    for r in results {
        table.push_str(&match &r.error {
            None => format!(
                "{:<lw$} {:<fw$} {:>10}  {:<64}  {}{}\n",
                r.lang,
                r.format,
                r.size.unwrap_or(0),
                r.sha256.as_deref().unwrap_or(""),
                r.path.as_deref().unwrap_or(""),
                if r.up_to_date { " (up to date)" } else { "" }
            ),
            Some(e) => format!(
                "{:<lw$} {:<fw$} {:>10}  failed: {e}\n",
                r.lang, r.format, "-"
            ),
        });
    }
    for l in failed_langs {
        for f in formats {
            table.push_str(&format!(
                "{l:<lw$} {:<fw$} {:>10}  failed: its translation has errors (see above)\n",
                f.name(),
                "-"
            ));
        }
    }
    term::out(&table);
}
