//! Command-line interface (clap, derive style). Exit codes: 0 clean, 1 the input has errors,
//! 2 usage or environment errors.

use clap::{Parser, Subcommand};
use coursepack::diag::{self, DiagnosticFormat};
use coursepack::source::fs::DiskFs;
use std::path::PathBuf;
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
}

/// Exit code for a course with errors.
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
    }
}

fn check(course_dir: &std::path::Path, format: DiagnosticFormat) -> ExitCode {
    let fs = match DiskFs::new(course_dir) {
        Ok(fs) => fs,
        Err(e) => {
            eprintln!(
                "error: cannot open course folder `{}`: {e}",
                course_dir.display()
            );
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let loaded = match coursepack::load(&fs) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {}: {e}", course_dir.display());
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let diags = &loaded.diagnostics;
    print!("{}", diag::render(diags, format));
    if format == DiagnosticFormat::Human {
        let summary = match (diags.error_count(), diags.warning_count()) {
            (0, 0) => format!("{}: no problems found", course_dir.display()),
            (e, w) => format!("{}: {e} error(s), {w} warning(s)", course_dir.display()),
        };
        eprintln!("{summary}");
    }
    if diags.has_errors() {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}
