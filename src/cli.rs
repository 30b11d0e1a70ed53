//! Command-line interface (clap, derive style). Exit codes: 0 success, 1 the input has errors,
//! 2 usage or environment errors.

use clap::{Parser, Subcommand};
use coursepack::diag::{self, DiagnosticFormat, Diagnostics};
use coursepack::model::Course;
use coursepack::package::{self, Format};
use coursepack::render::{theme, Theme};
use coursepack::source::fs::DiskFs;
use coursepack::validate::report::{self, Outcome, ReportFormat};
use coursepack::validate::{self, Options};
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
    /// Build the course into an LMS package: OUT/<course>-<lang>-<format>.zip.
    Build {
        /// The course folder (holding course.toml).
        #[arg(default_value = "course")]
        course_dir: PathBuf,
        /// The package format.
        #[arg(long, value_enum, default_value_t = Format::Scorm12)]
        format: Format,
        /// The folder to write packages into.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
        diagnostics: DiagnosticFormat,
    },
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
            out,
            diagnostics,
        } => build(&course_dir, format, &out, diagnostics),
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

fn build(course_dir: &Path, format: Format, out: &Path, diags: DiagnosticFormat) -> ExitCode {
    let loaded = match load(course_dir, diags) {
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
    let theme = match Theme::load(&loaded.fs) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {}: {e}", course_dir.display());
            return ExitCode::from(EXIT_INVALID);
        }
    };
    match package::build(&course, &loaded.fs, &theme, format, out) {
        Ok(written) => {
            println!("built {} ({} bytes)", written.path.display(), written.size);
            println!("sha256 {}", written.sha256);
            ExitCode::SUCCESS
        }
        Err(e @ (package::BuildError::Zip(_) | package::BuildError::Io { .. })) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_USAGE)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_INVALID)
        }
    }
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
