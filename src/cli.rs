//! Command-line interface (clap, derive style). Exit codes: 0 success, 1 the input has errors,
//! 2 usage or environment errors.

use clap::{Parser, Subcommand};
use coursepack::diag::{self, Diagnostic, DiagnosticFormat, Diagnostics};
use coursepack::i18n::{self, FileFormat};
use coursepack::model::Course;
use coursepack::package::batch::{self, Job, JobResult};
use coursepack::package::Format;
use coursepack::render::{theme, Theme};
use coursepack::source::fs::{DiskFs, SourceFs};
use coursepack::validate::report::{self, Outcome, ReportFormat};
use coursepack::validate::{self, Options};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "coursepack",
    version,
    about = "Build and check e-learning packages from a plain-text course"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a course folder and report every problem, without writing anything.
    Check {
        /// The course folder (holding course.toml).
        #[arg(default_value = "course")]
        course_dir: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
        format: DiagnosticFormat,
    },
    /// Build the course into LMS packages: OUT/<course>-<lang>-<format>.zip.
    Build {
        /// The course folder (holding course.toml).
        #[arg(default_value = "course")]
        course_dir: PathBuf,
        /// The package format: scorm12, xapi, or all.
        #[arg(long, value_enum, default_value_t = FormatChoice::Scorm12)]
        format: FormatChoice,
        /// The language(s) to build: a tag from `languages` in course.toml, or `all`
        /// (default: the source language). Repeat or separate with commas.
        #[arg(long, value_delimiter = ',')]
        lang: Vec<String>,
        /// The folder to write packages into.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// Missing or outdated translations are errors, not warnings.
        #[arg(long)]
        strict: bool,
        /// How to print the closing summary of built packages.
        #[arg(long, value_enum, default_value_t = SummaryFormat::Human)]
        summary: SummaryFormat,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
        diagnostics: DiagnosticFormat,
    },
    /// Translations: write translation files for translators, see where they stand.
    #[command(subcommand)]
    I18n(I18nCommand),
    /// Validate SCORM 1.2 or Tin Can packages (zips or unpacked folders), ours or any tool's.
    Validate {
        /// Packages to check: .zip files or unpacked folders (with --schema-only: manifest files).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
        format: ReportFormat,
        /// Count warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Also read every file of a zip and check its CRC (slower; default reads only the
        /// central directory and the manifest).
        #[arg(long)]
        deep: bool,
        /// The paths are manifest files (imsmanifest.xml, tincan.xml): check them against the
        /// official schemas only.
        #[arg(long)]
        schema_only: bool,
    },
    /// Write the default templates, UI strings and runtime into COURSE_DIR/templates for editing.
    Templates {
        /// The course folder whose templates/ folder receives the files.
        #[arg(default_value = "course")]
        course_dir: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum I18nCommand {
    /// Write or update translations/<lang>.xlf (or .po) for every target language: new segments
    /// are added, translations of unchanged text kept, changed ones marked for review.
    Extract {
        #[arg(default_value = "course")]
        course_dir: PathBuf,
        /// Only these languages (default: every language of course.toml but the source).
        #[arg(long, value_delimiter = ',')]
        lang: Vec<String>,
        /// The format of new files (an existing file keeps its format).
        #[arg(long, value_enum, default_value_t = FileFormat::Xliff)]
        file_format: FileFormat,
    },
    /// Take back a translation file from translators (any name, .xlf or .po): check it against
    /// the course (course, language, markup) and merge it into translations/<lang>.*.
    Import {
        /// The returned translation file.
        file: PathBuf,
        #[arg(default_value = "course")]
        course_dir: PathBuf,
    },
    /// Per language: how many segments are translated, missing, or stale.
    Status {
        #[arg(default_value = "course")]
        course_dir: PathBuf,
        #[arg(long, value_enum, default_value_t = SummaryFormat::Human)]
        format: SummaryFormat,
    },
}

/// Package formats on the command line: one, or all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum FormatChoice {
    Scorm12,
    Xapi,
    All,
}

impl FormatChoice {
    fn formats(self) -> Vec<Format> {
        match self {
            FormatChoice::Scorm12 => vec![Format::Scorm12],
            FormatChoice::Xapi => vec![Format::Xapi],
            FormatChoice::All => vec![Format::Scorm12, Format::Xapi],
        }
    }
}

/// Tables for people, or JSON for CI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum SummaryFormat {
    Human,
    Json,
}

/// Exit code for input with errors.
const EXIT_INVALID: u8 = 1;
/// Exit code for usage and environment errors.
const EXIT_USAGE: u8 = 2;

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check { course_dir, format } => check(&course_dir, format),
        Command::Build {
            course_dir,
            format,
            lang,
            out,
            strict,
            summary,
            diagnostics,
        } => {
            let request = BuildRequest {
                formats: format.formats(),
                langs: lang,
                strict,
                summary,
                diagnostics,
            };
            build(&course_dir, &request, &out)
        }
        Command::I18n(I18nCommand::Extract {
            course_dir,
            lang,
            file_format,
        }) => i18n_extract(&course_dir, &lang, file_format),
        Command::I18n(I18nCommand::Import { file, course_dir }) => i18n_import(&file, &course_dir),
        Command::I18n(I18nCommand::Status { course_dir, format }) => {
            i18n_status(&course_dir, format)
        }
        Command::Templates { course_dir, force } => templates(&course_dir, force),
        Command::Validate {
            paths,
            format,
            strict,
            deep,
            schema_only,
        } => validate(&paths, format, strict, Options { deep, schema_only }),
    }
}

fn validate(paths: &[PathBuf], format: ReportFormat, strict: bool, options: Options) -> ExitCode {
    let outcomes: Vec<Outcome> = paths
        .iter()
        .map(|p| match validate::validate_path(p, options) {
            Ok(report) => Outcome::Checked(report),
            Err(e) => Outcome::Unreadable {
                path: p.display().to_string(),
                message: e.message,
            },
        })
        .collect();
    print!("{}", report::render(&outcomes, format, strict));
    let unreadable = outcomes
        .iter()
        .any(|o| matches!(o, Outcome::Unreadable { .. }));
    let invalid = outcomes
        .iter()
        .any(|o| matches!(o, Outcome::Checked(r) if !r.is_valid(strict)));
    if unreadable {
        ExitCode::from(EXIT_USAGE)
    } else if invalid {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// A course folder, read and checked, with its diagnostics already printed.
struct Loaded {
    fs: DiskFs,
    course: Option<Course>,
    diagnostics: Diagnostics,
}

/// Opens and checks a course and prints its diagnostics; `Err` is the exit code.
fn load(course_dir: &Path, format: DiagnosticFormat) -> Result<Loaded, ExitCode> {
    let fs = DiskFs::new(course_dir).map_err(|e| {
        eprintln!(
            "error: cannot open course folder `{}`: {e}",
            course_dir.display()
        );
        ExitCode::from(EXIT_USAGE)
    })?;
    let loaded = coursepack::load(&fs).map_err(|e| {
        eprintln!("error: {}: {e}", course_dir.display());
        ExitCode::from(EXIT_USAGE)
    })?;
    print!("{}", diag::render(&loaded.diagnostics, format));
    Ok(Loaded {
        fs,
        course: loaded.course,
        diagnostics: loaded.diagnostics,
    })
}

fn summary(course_dir: &Path, diags: &Diagnostics) -> String {
    match (diags.error_count(), diags.warning_count()) {
        (0, 0) => format!("{}: no problems found", course_dir.display()),
        (e, w) => format!("{}: {e} error(s), {w} warning(s)", course_dir.display()),
    }
}

fn check(course_dir: &Path, format: DiagnosticFormat) -> ExitCode {
    let loaded = match load(course_dir, format) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if format == DiagnosticFormat::Human {
        eprintln!("{}", summary(course_dir, &loaded.diagnostics));
    }
    if loaded.diagnostics.has_errors() {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// What `build` was asked for.
struct BuildRequest {
    formats: Vec<Format>,
    langs: Vec<String>,
    strict: bool,
    summary: SummaryFormat,
    diagnostics: DiagnosticFormat,
}

fn build(course_dir: &Path, request: &BuildRequest, out: &Path) -> ExitCode {
    let loaded = match load(course_dir, request.diagnostics) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(course) = loaded.course else {
        eprintln!(
            "{}; nothing was built",
            summary(course_dir, &loaded.diagnostics)
        );
        return ExitCode::from(EXIT_INVALID);
    };
    let langs = match languages(&course, &request.langs, false) {
        Ok(l) => l,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let theme = match Theme::load(&loaded.fs, &course.meta.languages) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}: {e}", course_dir.display());
            return ExitCode::from(EXIT_INVALID);
        }
    };
    // Translate every language first (reporting every problem of every language), then build.
    let mut diags = Diagnostics::new();
    let mut failed_langs = Vec::new();
    let mut courses = Vec::new();
    for lang in &langs {
        match i18n::translated_course(&course, &loaded.fs, lang, request.strict, &mut diags) {
            Some(c) => courses.push(c),
            None => failed_langs.push(lang.clone()),
        }
    }
    print!("{}", diag::render(&diags.sorted(), request.diagnostics));
    let jobs: Vec<Job<'_>> = courses
        .iter()
        .flat_map(|c| {
            request.formats.iter().map(move |f| Job {
                course: c,
                format: *f,
            })
        })
        .collect();
    let tty = std::io::stderr().is_terminal();
    let progress = |r: &JobResult, done: usize, total: usize| {
        if tty {
            let what = if r.error.is_some() { "failed" } else { "built" };
            eprintln!("[{done}/{total}] {what} {} {}", r.lang, r.format);
        }
    };
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let results = batch::build_all(&jobs, &loaded.fs, &theme, out, workers, &progress);
    print_build_summary(&results, &failed_langs, request.summary);
    let failed = !failed_langs.is_empty() || results.iter().any(|r| r.error.is_some());
    if failed {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// The languages asked for: `all`, a list, or (when empty) the source language — or with
/// `targets_only`, every language but the source.
fn languages(course: &Course, asked: &[String], targets_only: bool) -> Result<Vec<String>, String> {
    let known = &course.meta.languages;
    if asked.is_empty() {
        return Ok(if targets_only {
            known
                .iter()
                .filter(|l| **l != course.meta.language)
                .cloned()
                .collect()
        } else {
            vec![course.meta.language.clone()]
        });
    }
    if asked.iter().any(|l| l == "all") {
        return Ok(known.clone());
    }
    for l in asked {
        if !known.iter().any(|k| k.eq_ignore_ascii_case(l)) {
            return Err(format!(
                "`{l}` is not one of the course's languages ({}); add it to `languages` in course.toml",
                known.join(", ")
            ));
        }
    }
    Ok(asked.to_vec())
}

fn print_build_summary(results: &[JobResult], failed_langs: &[String], format: SummaryFormat) {
    match format {
        SummaryFormat::Json => {
            let doc = serde_json::json!({
                "packages": results,
                "failed_languages": failed_langs,
            });
            println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        SummaryFormat::Human => {
            if results.len() == 1 && failed_langs.is_empty() {
                let r = &results[0];
                match (&r.path, &r.error) {
                    (Some(path), _) => {
                        println!("built {path} ({} bytes)", r.size.unwrap_or(0));
                        println!("sha256 {}", r.sha256.as_deref().unwrap_or(""));
                    }
                    (None, Some(e)) => eprintln!("error: {e}"),
                    _ => {}
                }
                return;
            }
            println!(
                "{:<8} {:<8} {:>10}  {:<64}  file",
                "language", "format", "bytes", "sha256"
            );
            for r in results {
                match &r.error {
                    None => println!(
                        "{:<8} {:<8} {:>10}  {:<64}  {}",
                        r.lang,
                        r.format,
                        r.size.unwrap_or(0),
                        r.sha256.as_deref().unwrap_or(""),
                        r.path.as_deref().unwrap_or("")
                    ),
                    Some(e) => println!("{:<8} {:<8} {:>10}  failed: {e}", r.lang, r.format, "-"),
                }
            }
            for l in failed_langs {
                println!(
                    "{l:<8} {:<8} {:>10}  failed: its translation has errors (see above)",
                    "all", "-"
                );
            }
        }
    }
}

fn i18n_extract(course_dir: &Path, langs: &[String], file_format: FileFormat) -> ExitCode {
    let loaded = match load(course_dir, DiagnosticFormat::Human) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(course) = loaded.course else {
        eprintln!(
            "{}; nothing was extracted",
            summary(course_dir, &loaded.diagnostics)
        );
        return ExitCode::from(EXIT_INVALID);
    };
    let targets = match languages(&course, langs, true) {
        Ok(l) => l
            .into_iter()
            .filter(|l| *l != course.meta.language)
            .collect::<Vec<_>>(),
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if targets.is_empty() {
        eprintln!(
            "error: course.toml lists no language besides `{}`; add the target languages, e.g. languages = [\"{}\", \"en\"]",
            course.meta.language, course.meta.language
        );
        return ExitCode::from(EXIT_INVALID);
    }
    let mut code = ExitCode::SUCCESS;
    for lang in targets {
        let existing = i18n::translation_file(&loaded.fs, &lang);
        let (rel, format) = existing.first().cloned().unwrap_or_else(|| {
            let path = format!(
                "{}/{lang}.{}",
                i18n::TRANSLATIONS_DIR,
                file_format.extension()
            );
            (
                coursepack::source::fs::RelPath::from_trusted(&path),
                file_format,
            )
        });
        let mut diags = Diagnostics::new();
        let previous = match loaded.fs.read_to_string(&rel) {
            Ok(text) => match format.read(&text, rel.as_str()) {
                Ok(c) => Some(c),
                Err(errors) => {
                    for e in errors {
                        diags.push(e);
                    }
                    None
                }
            },
            Err(_) => None,
        };
        if diags.has_errors() {
            print!("{}", diag::render(&diags, DiagnosticFormat::Human));
            eprintln!("{rel}: not updated; fix the file first (it was left as it is)");
            code = ExitCode::from(EXIT_INVALID);
            continue;
        }
        let catalog = i18n::merge(&course, &lang, previous.as_ref());
        let status = i18n::Status::of(&catalog, Some(rel.to_string()));
        let target = course_dir.join(rel.as_str());
        if let Err(e) = write_atomically(&target, format.write(&catalog).as_bytes()) {
            eprintln!("error: cannot write `{}`: {e}", target.display());
            return ExitCode::from(EXIT_USAGE);
        }
        println!(
            "{}: {} segments ({} translated, {} to translate, {} to review)",
            target.display(),
            status.total,
            status.translated,
            status.missing,
            status.stale
        );
    }
    code
}

fn i18n_import(file: &Path, course_dir: &Path) -> ExitCode {
    let loaded = match load(course_dir, DiagnosticFormat::Human) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(course) = loaded.course else {
        return ExitCode::from(EXIT_INVALID);
    };
    let name = file.display().to_string();
    let Some(format) = FileFormat::of(&name) else {
        eprintln!("error: `{name}` is neither an XLIFF (.xlf, .xliff) nor a PO (.po) file");
        return ExitCode::from(EXIT_USAGE);
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read `{name}`: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut diags = Diagnostics::new();
    let catalog = match format.read(&text, &name) {
        Ok(c) => Some(c),
        Err(errors) => {
            errors.into_iter().for_each(|e| diags.push(e));
            None
        }
    };
    let lang = catalog
        .as_ref()
        .map(|c| c.target_lang.clone())
        .unwrap_or_default();
    if let Some(c) = &catalog {
        if !course
            .meta
            .languages
            .iter()
            .any(|l| l.eq_ignore_ascii_case(&lang))
            || lang == course.meta.language
        {
            diags.push(Diagnostic::error(format!(
                "`{name}` translates into `{lang}`, which is not a target language of the course ({})",
                course.meta.languages.join(", ")
            )));
        }
        i18n::check_catalog(&course, c, &lang, &text, &name, &mut diags);
    }
    if diags.has_errors() {
        print!("{}", diag::render(&diags.sorted(), DiagnosticFormat::Human));
        eprintln!("{name}: not imported; nothing was written");
        return ExitCode::from(EXIT_INVALID);
    }
    let Some(catalog) = catalog else {
        return ExitCode::from(EXIT_INVALID);
    };
    // Keep the format the course already uses for this language, else the imported one.
    let format = i18n::translation_file(&loaded.fs, &lang)
        .first()
        .map_or(format, |(_, f)| *f);
    let merged = i18n::merge(&course, &lang, Some(&catalog));
    let status = i18n::Status::of(&merged, None);
    let target = course_dir
        .join(i18n::TRANSLATIONS_DIR)
        .join(format!("{lang}.{}", format.extension()));
    if let Err(e) = write_atomically(&target, format.write(&merged).as_bytes()) {
        eprintln!("error: cannot write `{}`: {e}", target.display());
        return ExitCode::from(EXIT_USAGE);
    }
    println!(
        "imported {name} into {}: {} translated, {} to translate, {} to review",
        target.display(),
        status.translated,
        status.missing,
        status.stale
    );
    ExitCode::SUCCESS
}

fn i18n_status(course_dir: &Path, format: SummaryFormat) -> ExitCode {
    let loaded = match load(course_dir, DiagnosticFormat::Human) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let Some(course) = loaded.course else {
        return ExitCode::from(EXIT_INVALID);
    };
    let mut diags = Diagnostics::new();
    let statuses: Vec<i18n::Status> = course
        .meta
        .languages
        .iter()
        .filter(|l| **l != course.meta.language)
        .map(|lang| {
            let (catalog, file) = i18n::load(&course, &loaded.fs, lang, &mut diags);
            i18n::Status::of(&catalog, file)
        })
        .collect();
    let has_errors = diags.has_errors();
    print!("{}", diag::render(&diags.sorted(), DiagnosticFormat::Human));
    match format {
        SummaryFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({ "source": course.meta.language, "languages": statuses })
            )
            .unwrap_or_default()
        ),
        SummaryFormat::Human => {
            println!(
                "{:<8} {:>6} {:>11} {:>8} {:>6}  file",
                "language", "total", "translated", "missing", "stale"
            );
            for s in &statuses {
                println!(
                    "{:<8} {:>6} {:>11} {:>8} {:>6}  {}",
                    s.lang,
                    s.total,
                    s.translated,
                    s.missing,
                    s.stale,
                    s.file
                        .as_deref()
                        .unwrap_or("(none yet: run `coursepack i18n extract`)")
                );
            }
        }
    }
    if has_errors {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes a file through a temporary file and a rename, so it is never left half-written.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn templates(course_dir: &Path, force: bool) -> ExitCode {
    let dir = course_dir.join(theme::OVERRIDE_DIR);
    match theme::write_defaults(&dir, force) {
        Ok(written) => {
            for name in &written {
                println!("wrote {}", dir.join(name).display());
            }
            let kept = theme::DEFAULT_FILES.len() - written.len();
            if kept > 0 {
                println!("kept {kept} existing file(s); use --force to overwrite them");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "error: cannot write templates into `{}`: {e}",
                dir.display()
            );
            ExitCode::from(EXIT_USAGE)
        }
    }
}
