//! The terminal side of the command line: where each kind of output goes, how loud it is, colour,
//! and closed pipes.
//!
//! - stdout carries the command's result (JSON documents, reports, the build summary, completions,
//!   the man page); [`out`] writes it.
//! - stderr carries everything else: diagnostics, progress and status lines ([`note`], hidden by
//!   `--quiet`; [`verbose`], shown by `--verbose`), and errors ([`error`], always shown).
//! - Colour goes through anstream, which strips it when the stream is not a terminal, when
//!   `NO_COLOR` is set, or with `--color never`; `--color always` keeps it.
//! - A closed stdout or stderr (`coursepack … | head -1`) is not an error: the first failed write
//!   turns that stream off and the command ends with its normal exit code. (Rust ignores SIGPIPE,
//!   so writes fail with `BrokenPipe` and `print!` would panic on them.)

use anstyle::{AnsiColor, Style};
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// Colour when the stream is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

/// How much goes to stderr besides errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet = 0,
    Normal = 1,
    Verbose = 2,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);
/// A write to stdout failed for another reason than a closed pipe (a full disk…).
static STDOUT_FAILED: AtomicBool = AtomicBool::new(false);

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const HELP: Style = AnsiColor::Cyan.on_default().bold();
pub const GOOD: Style = AnsiColor::Green.on_default().bold();

pub fn setup(verbosity: Verbosity, color: ColorWhen) {
    VERBOSITY.store(verbosity as u8, Ordering::Relaxed);
    anstream::ColorChoice::write_global(match color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
}

pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// Whether a write to stdout failed for another reason than a closed pipe.
pub fn stdout_failed() -> bool {
    STDOUT_FAILED.load(Ordering::Relaxed)
}

/// Writes the command's result to stdout.
pub fn out(text: &str) {
    let captured = CAPTURED.with(|c| {
        c.borrow_mut()
            .as_mut()
            .map(|buffer| buffer.push_str(text))
            .is_some()
    });
    if captured || STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stream = anstream::stdout().lock();
    if let Err(e) = stream
        .write_all(text.as_bytes())
        .and_then(|()| stream.flush())
    {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != ErrorKind::BrokenPipe {
            STDOUT_FAILED.store(true, Ordering::Relaxed);
            error(&format!("cannot write to stdout: {e}"));
        }
    }
}

thread_local! {
    /// What [`out`] wrote on this thread while [`capture`] runs.
    static CAPTURED: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    /// The course folder the files of diagnostics are shown under while [`within`] runs.
    static COURSE_DIR: std::cell::RefCell<Option<std::path::PathBuf>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` with the files its diagnostics name (course-relative: `lessons/intro.md`) shown
/// under `dir` as the command line gave it (`courses/a/lessons/intro.md`): in a catalogue, where
/// several courses report, a path must say which course it is in and open from where the
/// command ran.
pub fn within<R>(dir: &std::path::Path, f: impl FnOnce() -> R) -> R {
    COURSE_DIR.with(|c| *c.borrow_mut() = Some(dir.to_path_buf()));
    let result = f();
    COURSE_DIR.with(|c| *c.borrow_mut() = None);
    result
}

/// A diagnostic's file as it is shown: under the course folder while [`within`] runs.
pub fn shown_file(file: &str) -> String {
    COURSE_DIR.with(|c| match &*c.borrow() {
        Some(dir) if !file.is_empty() => dir.join(file).display().to_string(),
        _ => file.to_owned(),
    })
}

/// Runs `f`, keeping what it writes to stdout on this thread instead of printing it (how one
/// command folds the documents of several runs into one).
pub fn capture<R>(f: impl FnOnce() -> R) -> (R, String) {
    CAPTURED.with(|c| *c.borrow_mut() = Some(String::new()));
    let result = f();
    let text = CAPTURED.with(|c| c.borrow_mut().take()).unwrap_or_default();
    (result, text)
}

/// Writes to stderr, whatever the verbosity.
pub fn err(text: &str) {
    if STDERR_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stream = anstream::stderr().lock();
    if stream
        .write_all(text.as_bytes())
        .and_then(|()| stream.flush())
        .is_err()
    {
        STDERR_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// A status or progress line on stderr, hidden by `--quiet`.
pub fn note(line: &str) {
    if verbosity() >= Verbosity::Normal {
        err(&format!("{line}\n"));
    }
}

/// A line on stderr shown only with `--verbose`.
pub fn verbose(line: &str) {
    if verbosity() >= Verbosity::Verbose {
        err(&format!("{line}\n"));
    }
}

/// `error: message` on stderr, always shown.
pub fn error(message: &str) {
    err(&format!("{}: {message}\n", paint(ERROR, "error")));
}

/// `text` in `style`; the stream drops the style when colour is off.
pub fn paint(style: Style, text: &str) -> String {
    format!("{}{text}{}", style.render(), style.render_reset())
}

/// Colours the severity words of rendered diagnostics, line by line: `error:` and `warning:` at
/// the start of a line (human form) or after the location (`file:1:2: error: …`, short form), and
/// `= help:`.
pub fn paint_diagnostics(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        out.push_str(&paint_line(line));
    }
    out
}

fn paint_line(line: &str) -> String {
    for (word, style) in [("error", ERROR), ("warning", WARNING)] {
        let tag = format!("{word}: ");
        if let Some(rest) = line.strip_prefix(&tag) {
            return format!("{}: {rest}", paint(style, word));
        }
        let inner = format!(": {word}: ");
        if let Some(at) = line.find(&inner) {
            // Only after a `file:line:col` location, never inside a message.
            let location = &line[..at];
            if !location.contains(' ') {
                return format!(
                    "{location}: {}: {}",
                    paint(style, word),
                    &line[at + inner.len()..]
                );
            }
        }
    }
    if let Some(at) = line.find("= help: ") {
        if line[..at].trim().is_empty() {
            return format!(
                "{}= {}: {}",
                &line[..at],
                paint(HELP, "help"),
                &line[at + "= help: ".len()..]
            );
        }
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        anstream::adapter::strip_str(s).to_string()
    }

    #[test]
    fn paints_severity_words_only() {
        let human = "error: unknown field\n --> a.md:1:2\n  = help: check it\n";
        let painted = paint_diagnostics(human);
        assert_ne!(painted, human);
        assert_eq!(plain(&painted), human);
        assert!(painted.starts_with(&paint(ERROR, "error")));
        let short = "a.md:1:2: warning: an error: here\n";
        let painted = paint_diagnostics(short);
        assert!(painted.contains(&paint(WARNING, "warning")));
        assert!(!painted.contains(&paint(ERROR, "error")));
        assert_eq!(plain(&painted), short);
        let prose = "the text says: error: nothing\n";
        assert_eq!(paint_diagnostics(prose), prose);
    }
}
