//! Command-line interface (clap, derive style). Exit codes: 0 success, 1 the input has errors,
//! 2 usage or environment errors; `validate` adds 3, a kind of package it does not validate yet.
//!
//! Conventions shared by every command (`docs/building.md` has them for users):
//! - a course folder argument defaults to the current folder when it holds a `course.toml`, else
//!   to `course`;
//! - the result goes to stdout, everything else to stderr ([`term`]); with
//!   `--message-format json` stdout holds exactly one JSON document, whatever happens, with the
//!   diagnostics folded in;
//! - `--message-format` is the one name for "how to print" (the old `--format` of `check`,
//!   `validate` and `i18n status`, and `--diagnostics`/`--summary` of `build`, are hidden aliases);
//! - `-q`/`-v` and `--color` are global.

mod build;
mod i18n;
mod preview;
mod term;

use clap::{CommandFactory, Parser, Subcommand};
use coursepack::diag::{self, Diagnostic, DiagnosticFormat, Diagnostics};
use coursepack::i18n::FileFormat;
use coursepack::model::Course;
use coursepack::package::shard::Shard;
use coursepack::package::Format;
use coursepack::render::theme;
use coursepack::source::fs::DiskFs;
use coursepack::validate::report::{self, Outcome, Rendering, ReportFormat};
use coursepack::validate::{self, Options, Profile, Verdict};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use term::{ColorWhen, Verbosity};

#[derive(Parser)]
#[command(
    name = "coursepack",
    version,
    about = "Build and check e-learning packages from a plain-text course",
    after_help = "COURSE_DIR defaults to the current folder when it holds a course.toml, else to `course`.\n\
                  Results (reports, summaries, JSON) go to stdout; diagnostics and messages to stderr.\n\
                  Exit codes: 0 success, 1 the input has errors, 2 usage or environment errors\n\
                  (and for `validate`, 3: a kind of package it does not validate yet)."
)]
struct Cli {
    /// Print only errors on stderr: no warnings, progress or status lines.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more on stderr: the course folder chosen, every package as it is built, each
    /// untranslated segment (not the first five and a count).
    #[arg(short, long, global = true)]
    verbose: bool,
    /// When to colour the output (`auto`: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, global = true, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a small working course into DIR (default: the current folder), which must be empty.
    Init {
        /// The folder to create the course in; created if missing, refused if not empty.
        dir: Option<PathBuf>,
        /// The course title.
        #[arg(long, default_value = "My course")]
        title: String,
        /// The course language, a BCP 47 tag (en, fr, pt-BR…).
        #[arg(long, default_value = "en")]
        lang: String,
    },
    /// Check a course folder and report every problem, without writing anything.
    Check {
        /// The course folder (default: the current folder if it holds course.toml, else
        /// `course`); several folders check a catalogue, with one summary.
        course_dirs: Vec<PathBuf>,
        /// How to print diagnostics: human and short on stderr, json on stdout.
        #[arg(long, alias = "format", value_enum, value_name = "FORMAT", default_value_t = DiagnosticFormat::Human)]
        message_format: DiagnosticFormat,
    },
    /// Build the course into LMS packages: OUT/<course>-<lang>-<format>.zip.
    Build {
        /// The course folder (default: the current folder if it holds course.toml, else
        /// `course`); several folders build a catalogue, each course on its own, with one summary.
        course_dirs: Vec<PathBuf>,
        /// The package format(s): scorm12, scorm2004, xapi, cmi5, or all. Repeat or separate
        /// with commas.
        #[arg(long, value_enum, value_delimiter = ',', default_values_t = [FormatChoice::Scorm12])]
        format: Vec<FormatChoice>,
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
        /// Rebuild every package, even those the build manifest (OUT/coursepack-build.json)
        /// says are current.
        #[arg(long)]
        force: bool,
        /// Build only the language × format jobs of shard K of N (e.g. 2/4): every machine of a
        /// CI matrix gets its share, balanced by size; merge their build manifests with
        /// `coursepack build-manifest merge`.
        #[arg(long, value_name = "K/N")]
        shard: Option<Shard>,
        /// How many packages to build at once (translating, rendering and compressing each)
        /// [default: the number of cores]. The packages are the same bytes for every N.
        #[arg(long, short = 'j', value_name = "N")]
        jobs: Option<std::num::NonZeroUsize>,
        /// How to print diagnostics and the summary: human or short (diagnostics on stderr, the
        /// summary on stdout), or json (one document on stdout with both) [default: human].
        #[arg(long, value_enum, value_name = "FORMAT")]
        message_format: Option<DiagnosticFormat>,
        /// Old spelling of --message-format for the diagnostics.
        #[arg(long, value_enum, hide = true)]
        diagnostics: Option<DiagnosticFormat>,
        /// Old spelling of --message-format for the summary.
        #[arg(long, value_enum, hide = true)]
        summary: Option<SummaryFormat>,
    },
    /// Preview the course in the browser: served on 127.0.0.1 inside an LMS frame with a
    /// tracking panel, rebuilt and reloaded on every change.
    Preview {
        /// The course folder (default: the current folder if it holds course.toml, else `course`).
        course_dir: Option<PathBuf>,
        /// The language to show first: a tag from `languages` in course.toml (default: the
        /// source language). The panel switches languages.
        #[arg(long)]
        lang: Option<String>,
        /// The package format to run: scorm12 or scorm2004 (an LMS-side SCORM 1.2 or 2004 API in
        /// the page), xapi (an xAPI endpoint in this process) or cmi5 (the same endpoint, with
        /// cmi5's launch). The panel switches formats.
        #[arg(long, value_enum, default_value_t = PreviewFormat::Scorm12)]
        format: PreviewFormat,
        /// The port on 127.0.0.1 (0: any free port) [default: 3000, or a free port when 3000 is
        /// taken].
        #[arg(long)]
        port: Option<u16>,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Translations: write translation files for translators, see where they stand.
    #[command(subcommand)]
    I18n(I18nCommand),
    /// Build manifests (OUT/coursepack-build.json): merge those of shards built apart.
    #[command(subcommand)]
    BuildManifest(BuildManifestCommand),
    /// Validate SCORM 1.2, SCORM 2004 or Tin Can packages (zips, unpacked folders or lone
    /// manifests), ours or any tool's.
    #[command(after_help = VALIDATE_AFTER_HELP)]
    Validate {
        /// What to check: .zip files, unpacked folders, or lone manifest files (imsmanifest.xml,
        /// tincan.xml: the checks of the files they name are skipped).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// How to print the report (on stdout).
        #[arg(long, alias = "format", value_enum, value_name = "FORMAT", default_value_t = ReportFormat::Human)]
        message_format: ReportFormat,
        /// Whose verdict: what LMSs do (`lms`) or the letter of the specification (`strict`).
        #[arg(long, value_enum, value_name = "PROFILE", default_value_t = Profile::Lms)]
        profile: Profile,
        /// Count warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Also read every file of a zip and check its CRC (slower; default reads only the
        /// central directory and the manifest).
        #[arg(long)]
        deep: bool,
        /// Check the manifest against the official schemas only (of a zip, a folder or a
        /// manifest file).
        #[arg(long)]
        schema_only: bool,
        /// Also say what Moodle will make of each SCORM package: organizations and items, SCOs
        /// and assets, launch URLs, the SCO it opens first, mastery scores, time limits,
        /// prerequisites, and for SCORM 2004 the passing scores and thresholds it hands to SCOs
        /// and the sequencing it does not apply; and what a cmi5 LMS will make of a cmi5
        /// package: blocks and AUs, launch URLs and windows, moveOn and mastery scores.
        #[arg(long)]
        explain: bool,
        /// Print at most N diagnostics per package, then a count of the rest (0: all).
        #[arg(long, value_name = "N", default_value_t = 200)]
        max_diagnostics: usize,
    },
    /// Write the default templates, UI strings and runtime into COURSE_DIR/templates for editing.
    Templates {
        /// The course folder (default: the current folder if it holds course.toml, else `course`).
        course_dir: Option<PathBuf>,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script to stdout (e.g. `coursepack completions bash >
    /// ~/.local/share/bash-completion/completions/coursepack`).
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout (e.g. `coursepack man > coursepack.1`).
    Man,
}

#[derive(Subcommand)]
enum BuildManifestCommand {
    /// Merge build manifests (each shard's) into OUT/coursepack-build.json; a zip named in
    /// several keeps the record of the last file given.
    Merge {
        /// The manifest files to merge.
        #[arg(required = true)]
        manifests: Vec<PathBuf>,
        /// The folder to write the merged manifest into (where the zips are gathered).
        #[arg(long, default_value = "dist")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum I18nCommand {
    /// Write or update translations/<lang>.xlf (or .po) for every target language: new segments
    /// and interface strings are added, translations of unchanged text kept, changed ones marked
    /// for review.
    Extract {
        /// The course folder (default: the current folder if it holds course.toml, else `course`).
        course_dir: Option<PathBuf>,
        /// Only these languages (default: every language of course.toml but the source).
        #[arg(long, value_delimiter = ',')]
        lang: Vec<String>,
        /// The format of new files (an existing file keeps its format).
        #[arg(long, value_enum, default_value_t = FileFormat::Xliff)]
        file_format: FileFormat,
        /// Write the gettext template translations/course.pot instead (every source text, no
        /// language; POT-Creation-Date from SOURCE_DATE_EPOCH, else empty).
        #[arg(long, conflicts_with_all = ["lang", "file_format"])]
        template: bool,
    },
    /// Add a language: list it in course.toml (keeping the file's layout and comments) and write
    /// its translation file, interface strings pre-filled where coursepack has them.
    Add {
        /// The language, a BCP 47 tag (de, pt-BR…).
        lang: String,
        /// The course folder (default: the current folder if it holds course.toml, else `course`).
        course_dir: Option<PathBuf>,
        /// The format of the translation file.
        #[arg(long, value_enum, default_value_t = FileFormat::Xliff)]
        file_format: FileFormat,
    },
    /// Take back a translation file from translators (any name, .xlf or .po): check it against
    /// the course (course, language, markup) and merge it into translations/<lang>.*.
    Import {
        /// The returned translation file.
        file: PathBuf,
        /// The course folder (default: the current folder if it holds course.toml, else `course`).
        course_dir: Option<PathBuf>,
    },
    /// Per language: how many segments are translated, missing, or stale.
    Status {
        /// The course folder (default: the current folder if it holds course.toml, else `course`).
        course_dir: Option<PathBuf>,
        /// How to print the table (on stdout); json folds the diagnostics in.
        #[arg(long, alias = "format", value_enum, value_name = "FORMAT", default_value_t = SummaryFormat::Human)]
        message_format: SummaryFormat,
    },
}

/// Package formats on the command line: one, or all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum FormatChoice {
    Scorm12,
    Scorm2004,
    Xapi,
    Cmi5,
    All,
}

impl FormatChoice {
    /// The formats several choices ask for, each once, in the order first asked.
    fn all_of(choices: &[FormatChoice]) -> Vec<Format> {
        let mut formats = Vec::new();
        for format in choices.iter().flat_map(|c| c.formats()) {
            if !formats.contains(&format) {
                formats.push(format);
            }
        }
        formats
    }

    fn formats(self) -> Vec<Format> {
        match self {
            FormatChoice::Scorm12 => vec![Format::Scorm12],
            FormatChoice::Scorm2004 => vec![Format::Scorm2004],
            FormatChoice::Xapi => vec![Format::Xapi],
            FormatChoice::Cmi5 => vec![Format::Cmi5],
            FormatChoice::All => vec![
                Format::Scorm12,
                Format::Scorm2004,
                Format::Xapi,
                Format::Cmi5,
            ],
        }
    }
}

/// The formats the preview runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum PreviewFormat {
    Scorm12,
    Scorm2004,
    Xapi,
    Cmi5,
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
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code of `validate` for a package of a kind it recognises but does not validate.
const EXIT_UNSUPPORTED: u8 = 3;

const VALIDATE_AFTER_HELP: &str = "Exit codes: 0 every package is valid; 1 a package is invalid; 2 a path is unreadable \
(missing, not a zip, damaged beyond reading); 3 a package is of a kind coursepack recognises but does not \
validate yet (AICC) and nothing else is wrong. When paths differ, the first that applies of \
2, 1, 3 wins.\n\
Profiles: `lms` (default) judges by consequence in Moodle (in a cmi5 LMS for cmi5): what breaks an import or a launch is an error, \
what Moodle tolerates (identifiers that are not xsd:ID, a missing schemaversion, a listed file missing…) \
a warning that says so; `strict` makes every departure from the schemas and the SCORM CAM an error. \
`--strict` is another thing: it counts warnings as errors, in either profile.";

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // A closed pipe while printing --help is no error either.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    term::setup(verbosity, cli.color);
    let code = dispatch(cli.command);
    if term::stdout_failed() {
        ExitCode::from(EXIT_USAGE)
    } else {
        code
    }
}

fn dispatch(command: Command) -> ExitCode {
    match command {
        Command::Init { dir, title, lang } => init(dir.as_deref(), &title, &lang),
        Command::Check {
            course_dirs,
            message_format,
        } => {
            if course_dirs.len() > 1 {
                let json = message_format == DiagnosticFormat::Json;
                catalogue(&course_dirs, json, "checked", |_, dir| {
                    exit_number(check(dir, message_format))
                })
            } else {
                check(
                    &course_folder(course_dirs.into_iter().next()),
                    message_format,
                )
            }
        }
        Command::Build {
            course_dirs,
            format,
            lang,
            out,
            strict,
            force,
            shard,
            jobs,
            message_format,
            diagnostics,
            summary,
        } => {
            let request = build::BuildRequest {
                formats: FormatChoice::all_of(&format),
                langs: lang,
                strict,
                force,
                shard,
                jobs: jobs.map_or_else(
                    || std::thread::available_parallelism().map_or(2, |n| n.get()),
                    |n| n.get(),
                ),
                messages: build_message_format(message_format, diagnostics, summary),
            };
            build::run(course_dirs, &request, &out)
        }
        Command::Preview {
            course_dir,
            lang,
            format,
            port,
            open,
        } => preview::run(
            course_folder(course_dir),
            lang,
            match format {
                PreviewFormat::Scorm12 => Format::Scorm12,
                PreviewFormat::Scorm2004 => Format::Scorm2004,
                PreviewFormat::Xapi => Format::Xapi,
                PreviewFormat::Cmi5 => Format::Cmi5,
            },
            port,
            open,
        ),
        Command::I18n(I18nCommand::Extract {
            course_dir,
            lang,
            file_format,
            template,
        }) => {
            if template {
                i18n::template(&course_folder(course_dir))
            } else {
                i18n::extract(&course_folder(course_dir), &lang, file_format)
            }
        }
        Command::BuildManifest(BuildManifestCommand::Merge { manifests, out }) => {
            build::merge_manifests(&manifests, &out)
        }
        Command::I18n(I18nCommand::Add {
            lang,
            course_dir,
            file_format,
        }) => i18n::add(&course_folder(course_dir), &lang, file_format),
        Command::I18n(I18nCommand::Import { file, course_dir }) => {
            i18n::import(&file, &course_folder(course_dir))
        }
        Command::I18n(I18nCommand::Status {
            course_dir,
            message_format,
        }) => i18n::status(&course_folder(course_dir), message_format),
        Command::Templates { course_dir, force } => templates(&course_folder(course_dir), force),
        Command::Validate {
            paths,
            message_format,
            profile,
            strict,
            deep,
            schema_only,
            explain,
            max_diagnostics,
        } => validate(
            &paths,
            Rendering {
                format: message_format,
                warnings_count: strict,
                max_diagnostics,
            },
            Options {
                deep,
                schema_only,
                profile,
                explain,
            },
        ),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "coursepack", &mut buf);
            term::out(&String::from_utf8_lossy(&buf));
            ExitCode::SUCCESS
        }
        Command::Man => {
            let mut buf = Vec::new();
            if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut buf) {
                term::error(&format!("cannot render the man page: {e}"));
                return ExitCode::from(EXIT_USAGE);
            }
            term::out(&String::from_utf8_lossy(&buf));
            ExitCode::SUCCESS
        }
    }
}

/// The course folder: the one given, else the current folder when it holds a course.toml (as
/// mdBook and Zola do), else `course` (the layout of this repository).
fn course_folder(given: Option<PathBuf>) -> PathBuf {
    match given {
        Some(dir) => dir,
        None if Path::new(coursepack::source::config::COURSE_FILE).is_file() => {
            term::verbose("course folder: the current folder (it holds course.toml)");
            PathBuf::from(".")
        }
        None => {
            term::verbose("course folder: `course` (the current folder holds no course.toml)");
            PathBuf::from("course")
        }
    }
}

/// One format for `build`'s diagnostics and summary, from `--message-format` or the old
/// `--diagnostics` and `--summary`: json when any asks for it (stdout then holds one document),
/// else short when asked, else human.
fn build_message_format(
    message_format: Option<DiagnosticFormat>,
    diagnostics: Option<DiagnosticFormat>,
    summary: Option<SummaryFormat>,
) -> DiagnosticFormat {
    let asked = [message_format, diagnostics];
    if summary == Some(SummaryFormat::Json) || asked.contains(&Some(DiagnosticFormat::Json)) {
        DiagnosticFormat::Json
    } else if asked.contains(&Some(DiagnosticFormat::Short)) {
        DiagnosticFormat::Short
    } else {
        DiagnosticFormat::Human
    }
}

/// Prints diagnostics on stderr in the human or short form (only the errors with `--quiet`);
/// in JSON they are folded into the command's one document instead.
pub(crate) fn print_diagnostics(diags: &Diagnostics, format: DiagnosticFormat) {
    if format == DiagnosticFormat::Json || diags.is_empty() {
        return;
    }
    let mut shown = Diagnostics::new();
    diags
        .iter()
        .filter(|d| d.is_error() || term::verbosity() != Verbosity::Quiet)
        .for_each(|d| {
            let mut d = d.clone();
            if let Some(at) = &mut d.location {
                at.file = term::shown_file(&at.file);
            }
            shown.push(d);
        });
    let text = diag::render(&shown, format);
    term::err(&term::paint_diagnostics(&text));
}

/// The one JSON document of a command: the counts and diagnostics, then the command's own fields.
fn json_document(diags: &Diagnostics, fields: serde_json::Value) -> String {
    let mut doc = serde_json::json!({
        "errors": diags.error_count(),
        "warnings": diags.warning_count(),
        "diagnostics": diags,
    });
    if let (Some(doc), serde_json::Value::Object(fields)) = (doc.as_object_mut(), fields) {
        doc.extend(fields);
    }
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// Ends a command on an environment or usage problem: `error: …` on stderr, or in JSON the
/// command's document (with `fields` empty of results) holding it as an error diagnostic.
fn fail(message: &str, diags: Diagnostics, json: Option<serde_json::Value>, code: u8) -> ExitCode {
    match json {
        Some(fields) => {
            let mut diags = diags;
            diags.push(Diagnostic::error(message));
            term::out(&json_document(&diags, fields));
        }
        None => term::error(message),
    }
    ExitCode::from(code)
}

fn validate(paths: &[PathBuf], how: Rendering, options: Options) -> ExitCode {
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
    let rendered = report::render(&outcomes, how);
    if how.format == ReportFormat::Human {
        term::out(&term::paint_diagnostics(&rendered));
    } else {
        term::out(&rendered);
    }
    let unreadable = outcomes
        .iter()
        .any(|o| matches!(o, Outcome::Unreadable { .. }));
    let verdict = |v: Verdict| {
        outcomes
            .iter()
            .any(|o| matches!(o, Outcome::Checked(r) if r.verdict(how.warnings_count) == v))
    };
    if unreadable {
        ExitCode::from(EXIT_USAGE)
    } else if verdict(Verdict::Invalid) {
        ExitCode::from(EXIT_INVALID)
    } else if verdict(Verdict::Unsupported) {
        ExitCode::from(EXIT_UNSUPPORTED)
    } else {
        ExitCode::SUCCESS
    }
}

/// A course folder, read and checked (diagnostics not printed yet).
struct Loaded {
    fs: DiskFs,
    course: Option<Course>,
    diagnostics: Diagnostics,
}

/// Opens and checks a course; `Err` is the message of an environment error (exit code 2).
fn load(course_dir: &Path) -> Result<Loaded, String> {
    let fs = DiskFs::new(course_dir)
        .map_err(|e| format!("cannot open course folder `{}`: {e}", course_dir.display()))?;
    let loaded = coursepack::load(&fs).map_err(|e| format!("{}: {e}", course_dir.display()))?;
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
    let json = (format == DiagnosticFormat::Json).then(|| serde_json::json!({}));
    let mut loaded = match load(course_dir) {
        Ok(loaded) => loaded,
        Err(message) => return fail(&message, Diagnostics::new(), json, EXIT_USAGE),
    };
    // Every listed language needs its translation file (a build would refuse it).
    if let Some(course) = &loaded.course {
        for lang in &course.meta.languages {
            if lang.eq_ignore_ascii_case(&course.meta.language) {
                continue;
            }
            if let Some(missing) = coursepack::i18n::missing_translation_file(&loaded.fs, lang) {
                loaded.diagnostics.push(missing);
            }
        }
    }
    let diagnostics = loaded.diagnostics.sorted();
    print_diagnostics(&diagnostics, format);
    match format {
        DiagnosticFormat::Json => term::out(&json_document(&diagnostics, serde_json::json!({}))),
        DiagnosticFormat::Human => term::note(&summary(course_dir, &diagnostics)),
        DiagnosticFormat::Short => {}
    }
    if diagnostics.has_errors() {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs `run` (`build` or `check`) on several course folders, each as it runs on one (a failing
/// course does not stop the others), then one summary: on stderr, or with `json` one document
/// `{"courses": [{"course": DIR, "exit_code": N, …its own document}], "failed": N}`. The exit
/// code is the worst of the courses'.
fn catalogue(
    course_dirs: &[PathBuf],
    json: bool,
    done: &str,
    run: impl Fn(usize, &Path) -> u8,
) -> ExitCode {
    let mut worst = 0u8;
    let mut failed = Vec::new();
    let mut documents = Vec::new();
    for (i, dir) in course_dirs.iter().enumerate() {
        let code = if json {
            let (code, text) = term::capture(|| run(i, dir));
            let mut doc: serde_json::Value =
                serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
            if let Some(fields) = doc.as_object_mut() {
                fields.insert("course".into(), dir.display().to_string().into());
                fields.insert("exit_code".into(), code.into());
            }
            documents.push(doc);
            code
        } else {
            term::within(dir, || run(i, dir))
        };
        if code != 0 {
            failed.push(dir.display().to_string());
        }
        worst = worst.max(code);
    }
    if json {
        let doc = serde_json::json!({ "courses": documents, "failed": failed.len() });
        term::out(&(serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"));
    } else if failed.is_empty() {
        term::note(&format!("{} courses {done}", course_dirs.len()));
    } else {
        term::err(&format!(
            "{} of {} courses failed: {}\n",
            failed.len(),
            course_dirs.len(),
            failed.join(", ")
        ));
    }
    ExitCode::from(worst)
}

/// A command's exit code as a number.
fn exit_number(code: ExitCode) -> u8 {
    [0, EXIT_INVALID, EXIT_USAGE]
        .into_iter()
        .find(|c| ExitCode::from(*c) == code)
        .unwrap_or(EXIT_USAGE)
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
                term::note(&format!("wrote {}", dir.join(name).display()));
            }
            let kept = theme::DEFAULT_FILES.len() - written.len();
            if kept > 0 {
                term::note(&format!(
                    "kept {kept} existing file(s); use --force to overwrite them"
                ));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            term::error(&format!(
                "cannot write templates into `{}`: {e}",
                dir.display()
            ));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// `init`: the scaffold of `coursepack::init` written into an empty or new folder.
fn init(dir: Option<&Path>, title: &str, lang: &str) -> ExitCode {
    let dir = dir.unwrap_or(Path::new("."));
    let usable = language_tags::LanguageTag::parse(lang)
        .is_ok_and(|t| (2..=3).contains(&t.primary_language().len()));
    if !usable {
        term::error(&format!(
            "`{lang}` is not a language tag; use a BCP 47 tag such as en, fr or pt-BR"
        ));
        return ExitCode::from(EXIT_USAGE);
    }
    match std::fs::read_dir(dir) {
        // Hidden entries (`.git`, `.gitignore`…) do not count: `git init` first is common, and
        // the scaffold writes no hidden file.
        Ok(entries) => {
            let taken = entries
                .flatten()
                .any(|e| !e.file_name().to_string_lossy().starts_with('.'));
            if taken {
                term::error(&format!(
                    "`{}` is not empty; `coursepack init` writes only into a new or empty folder \
                     (give another folder, e.g. `coursepack init my-course`)",
                    dir.display()
                ));
                return ExitCode::from(EXIT_USAGE);
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            term::error(&format!("cannot use `{}` as a folder: {e}", dir.display()));
            return ExitCode::from(EXIT_USAGE);
        }
    }
    // The folder's name gives the placeholder id's last segment, hence the zips' names.
    let name = std::path::absolute(dir)
        .ok()
        .and_then(|p| {
            p.components()
                .next_back()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let slug = coursepack::init::slug(&name);
    let files = coursepack::init::files(&coursepack::init::Scaffold {
        title,
        language: lang,
        slug: &slug,
    });
    for (path, text) in &files {
        let target = dir.join(path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                use std::io::Write;
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&target)?
                    .write_all(text.as_bytes())
            });
        if let Err(e) = written {
            term::error(&format!("cannot write `{}`: {e}", target.display()));
            return ExitCode::from(EXIT_USAGE);
        }
        term::verbose(&format!("wrote {}", target.display()));
    }
    let shown = dir.display();
    term::note(&format!(
        "{} a course in `{shown}`: course.toml, two lessons and an image",
        term::paint(term::GOOD, "created")
    ));
    term::note(&format!(
        "note: its id `{}{slug}` is a placeholder; change it in {} to an IRI you control \
         before learners use the course",
        coursepack::init::PLACEHOLDER_ID_PREFIX,
        dir.join("course.toml").display()
    ));
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {shown} && ")
    };
    term::note(&format!(
        "next: {cd}coursepack check && coursepack build --format all"
    ));
    ExitCode::SUCCESS
}
