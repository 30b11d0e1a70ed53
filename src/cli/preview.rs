//! `coursepack preview` on the terminal: starts the server and says what happens — the URL,
//! each rebuild and how long it took, and a failed build's diagnostics as `check` prints them.

use super::{print_diagnostics, term, EXIT_USAGE};
use coursepack::diag::DiagnosticFormat;
use coursepack::package::Format;
use coursepack::preview::{self, Event, Options, PreviewError};
use std::path::PathBuf;
use std::process::ExitCode;

/// The port tried when none is given; a free one is taken when it is busy.
const DEFAULT_PORT: u16 = 3000;

pub fn run(
    course_dir: PathBuf,
    lang: Option<String>,
    format: Format,
    port: Option<u16>,
    open: bool,
) -> ExitCode {
    if !course_dir.is_dir() {
        term::error(&format!(
            "cannot open course folder `{}`: not a folder",
            course_dir.display()
        ));
        return ExitCode::from(EXIT_USAGE);
    }
    let options = |port| Options {
        course_dir: course_dir.clone(),
        lang: lang.clone(),
        format,
        port,
    };
    let result = match port {
        Some(port) => preview::serve(options(port), move |e| report(e, open)),
        None => match preview::serve(options(DEFAULT_PORT), move |e| report(e, open)) {
            Err(PreviewError::Listen { .. }) => {
                term::note(&format!("port {DEFAULT_PORT} is taken; using a free one"));
                preview::serve(options(0), move |e| report(e, open))
            }
            other => other,
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            term::error(&e.to_string());
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn report(event: Event<'_>, open: bool) {
    match event {
        Event::Listening(url) => {
            term::err(&format!(
                "{} {url} (press Ctrl-C to stop)\n",
                term::paint(term::GOOD, "preview:")
            ));
            if open {
                if let Err(e) = opener::open(url) {
                    term::note(&format!("cannot open a browser ({e}); open {url} yourself"));
                }
            }
        }
        Event::Changed(paths) => {
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            term::verbose(&format!("changed: {}", names.join(", ")));
        }
        Event::Built {
            site,
            took,
            changed,
        } => {
            print_diagnostics(&site.warnings, DiagnosticFormat::Human);
            let what = if changed { "built" } else { "unchanged" };
            term::note(&format!(
                "{what} {} {} in {} ms",
                site.lang,
                site.format.name(),
                took.as_millis()
            ));
        }
        Event::Failed { failure, took } => {
            print_diagnostics(&failure.diagnostics, DiagnosticFormat::Human);
            term::note(&format!(
                "build failed in {} ms; the browser shows the errors until a save fixes them",
                took.as_millis()
            ));
        }
    }
}
