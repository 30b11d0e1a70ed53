//! Translations: segments out (XLIFF 1.2 or gettext PO), translations in, localized courses.
//!
//! A course's translations live in `translations/<lang>.xlf` or `translations/<lang>.po` beside
//! `course.toml`, one file per target language. [`extract`] writes or updates them from the
//! course's [`segments`], merged with what the files already hold ([`merge`]);
//! [`translated_course`] reads them back for a build ([`apply`]): it checks each file (course,
//! language, markup) and [`localize`]s the model.

pub mod add;
pub mod apply;
pub mod catalog;
pub mod codes;
pub mod interface;
pub mod lines;
pub mod localize;
pub mod markup;
pub mod po;
pub mod segments;
#[cfg(test)]
mod stream_tests;
pub mod xliff;

use crate::diag::{line_col, Diagnostic, Diagnostics, Location};
use crate::model::{Answer, Course};
use crate::render::theme::{Theme, ThemeError};
use crate::source::fs::{FileStatus, RelPath, SourceFs};
use catalog::{Catalog, Entry, State};
use lines::{Pending, Shows};
use segments::{course_segments, source_hash, Segment};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read};

pub use apply::{translated_course, Gaps, SourceSegments};

/// The folder of a course that holds its translation files.
pub const TRANSLATIONS_DIR: &str = "translations";

/// How much of a translation file is read at a time.
const READ_BUFFER: usize = 64 * 1024;

/// A translation file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    /// XLIFF 1.2 (`.xlf`), what translation tools exchange.
    Xliff,
    /// gettext PO (`.po`).
    Po,
}

impl FileFormat {
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Xliff => "xlf",
            FileFormat::Po => "po",
        }
    }

    pub fn write(self, catalog: &Catalog) -> String {
        match self {
            FileFormat::Xliff => xliff::write(catalog),
            FileFormat::Po => po::write(catalog),
        }
    }

    /// The text of a translation file's `bytes`: an XLIFF document in the encoding its first
    /// bytes and XML declaration give (UTF-8, or UTF-16 as some translation tools save it, or a
    /// declared single-byte encoding), a PO file in UTF-8; the byte-order mark left out.
    pub fn text<'b>(self, bytes: &'b [u8], file: &str) -> Result<Cow<'b, str>, Diagnostic> {
        match self {
            FileFormat::Xliff => crate::validate::encoding::decode(bytes).map_err(|e| {
                Diagnostic::error(format!("cannot read `{file}`: {}", e.message))
                    .at(Location::new(file, e.line, e.column))
                    .hint(e.hint)
            }),
            FileFormat::Po => {
                let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
                std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
                    let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
                    let (line, column) = line_col(&valid, valid.len());
                    not_utf8(file, line, column)
                })
            }
        }
    }

    pub fn read(self, text: &str, file: &str) -> Result<Catalog, Vec<Diagnostic>> {
        match self {
            FileFormat::Xliff => xliff::read(text, file),
            FileFormat::Po => po::read(text, file),
        }
    }

    /// [`FileFormat::read`] over a stream, never held whole; the diagnostics wait for their
    /// lines ([`Pending::resolve`]).
    pub fn read_from(self, reader: impl BufRead, file: &str) -> Result<Catalog, Pending> {
        match self {
            FileFormat::Xliff => xliff::read_from(reader, file),
            FileFormat::Po => po::read_from(reader, file),
        }
    }

    /// [`FileFormat::read_from`], each entry handed to `each` as soon as it is read instead of
    /// kept: the catalog returned has no entries. When the file has errors, the entries handed
    /// over are not to be used.
    pub fn read_each(
        self,
        reader: impl BufRead,
        file: &str,
        each: &mut dyn FnMut(Entry),
    ) -> Result<Catalog, Pending> {
        match self {
            FileFormat::Xliff => xliff::read_each(reader, file, each),
            FileFormat::Po => po::read_each(reader, file, each),
        }
    }

    /// The format of a file, by its extension.
    pub fn of(path: &str) -> Option<FileFormat> {
        match path.rsplit_once('.')?.1 {
            "xlf" | "xliff" => Some(FileFormat::Xliff),
            "po" => Some(FileFormat::Po),
            _ => None,
        }
    }
}

/// The error for a translation file with a byte that is not UTF-8, at that byte: the file cannot
/// be read (what it says there is unknown).
pub(crate) fn not_utf8(file: &str, line: usize, column: usize) -> Diagnostic {
    Diagnostic::error(format!(
        "cannot read `{file}`: it is not UTF-8 text (the byte here is not UTF-8)"
    ))
    .at(Location::new(file, line, column))
    .hint("save the file as UTF-8 (translation tools call it “UTF-8” or “Unicode (UTF-8)”)")
}

/// The byte-order mark of UTF-8.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A translation file of the course, opened for its reader. A UTF-8 file (nearly all of them) is
/// read as a stream; an XLIFF file in another encoding (UTF-16 from a translation tool, a
/// declared ISO-8859-1) is decoded whole first ([`FileFormat::text`]), so its lines and columns
/// are those of its characters all the same. The error says why it cannot be read.
fn open_text<'f>(
    fs: &'f dyn SourceFs,
    path: &RelPath,
    format: FileFormat,
) -> Result<Box<dyn BufRead + 'f>, Diagnostic> {
    let cannot_read = |e: io::Error| {
        Diagnostic::error(format!("cannot read `{path}`: {e}")).at(Location::new(
            path.as_str(),
            1,
            1,
        ))
    };
    let mut reader = BufReader::with_capacity(READ_BUFFER, fs.open(path).map_err(cannot_read)?);
    if format == FileFormat::Xliff {
        let head = reader.fill_buf().map_err(cannot_read)?;
        if !crate::validate::encoding::is_utf8(&head[..head.len().min(1024)]) {
            let mut bytes = Vec::new();
            reader.read_to_end(&mut bytes).map_err(cannot_read)?;
            let text = format.text(&bytes, path.as_str())?.into_owned();
            return Ok(Box::new(io::Cursor::new(text.into_bytes())));
        }
    }
    Ok(Box::new(reader))
}

/// The translation file of `lang` in the course, if there is one. Two files for one language
/// are an error the caller reports.
pub fn translation_file(fs: &dyn SourceFs, lang: &str) -> Vec<(RelPath, FileFormat)> {
    [FileFormat::Xliff, FileFormat::Po]
        .into_iter()
        .map(|f| {
            (
                RelPath::from_trusted(&format!("{TRANSLATIONS_DIR}/{lang}.{}", f.extension())),
                f,
            )
        })
        .filter(|(p, _)| fs.file_status(p) == FileStatus::File)
        .collect()
}

/// Every segment a translation file holds for the course: its text, then its interface
/// strings (in the source language's words).
fn all_segments(course: &Course, theme: &Theme) -> Result<Vec<Segment>, ThemeError> {
    let mut out: Vec<Segment> = course_segments(course)
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    out.extend(interface::segments(theme, &course.meta.language)?);
    Ok(out)
}

/// The catalog for `target_lang`: the current segments (the course's text and its interface
/// strings), with the translations of `existing` kept where their source did not change, marked
/// for review where it did (with the previous source, for the translator), and recovered by
/// source text where a segment moved. Interface strings nobody translated yet start with what
/// the theme says in that language, if anything.
pub fn merge(
    course: &Course,
    theme: &Theme,
    target_lang: &str,
    existing: Option<&Catalog>,
) -> Result<Catalog, ThemeError> {
    let by_key: BTreeMap<&str, &Entry> = existing
        .map(|c| c.entries.iter().map(|e| (e.key.as_str(), e)).collect())
        .unwrap_or_default();
    // Translations by source hash, for segments whose key changed (a block moved); interface
    // strings and course text are kept apart.
    let by_hash: BTreeMap<(bool, &str), &Entry> = existing
        .map(|c| {
            c.entries
                .iter()
                .filter(|e| e.target.is_some() && e.state == State::Translated)
                .map(|e| ((interface::name(&e.key).is_some(), e.hash.as_str()), e))
                .collect()
        })
        .unwrap_or_default();
    let prefill = interface::prefill(theme, target_lang)?;
    let entries = all_segments(course, theme)?
        .into_iter()
        .map(
            |Segment {
                 key,
                 source,
                 context,
                 location,
             }| {
                let hash = source_hash(&source);
                let is_interface = interface::name(&key).is_some();
                let own = by_key
                    .get(key.as_str())
                    .map(|e| (*e, e.target.is_some(), e.hash == hash));
                let moved = by_hash.get(&(is_interface, hash.as_str())).copied();
                let (target, state, previous, from) =
                    match Found::of(own, moved, prefill.contains_key(&key)) {
                        Found::Kept(old) => (
                            old.target.clone(),
                            old.state,
                            previous_version(old, None),
                            Some(old),
                        ),
                        Found::Changed(old) => (
                            old.target.clone(),
                            State::NeedsReview,
                            previous_version(old, Some(old)),
                            Some(old),
                        ),
                        Found::Moved(moved) => {
                            (moved.target.clone(), State::Translated, None, Some(moved))
                        }
                        Found::Prefilled => {
                            (prefill.get(&key).cloned(), State::Translated, None, None)
                        }
                        Found::Missing => (None, State::New, None, None),
                    };
                let Previous {
                    key: previous_key,
                    source: previous_source,
                    target: previous_target,
                } = previous.unwrap_or_default();
                // The file's unit of this key, even one without a translation, is where
                // diagnostics about it point.
                let from = by_key.get(key.as_str()).copied().or(from);
                Entry {
                    key,
                    source,
                    target,
                    state,
                    hash,
                    context,
                    location,
                    previous_key,
                    previous_source,
                    previous_target,
                    // Where the translation was read from, for diagnostics.
                    line: from.map_or(0, |e| e.line),
                    column: from.map_or(0, |e| e.column),
                }
            },
        )
        .collect();
    Ok(Catalog {
        source_lang: course.meta.language.clone(),
        target_lang: target_lang.to_string(),
        course: course.meta.id.clone(),
        entries,
        line: 0,
    })
}

/// Where a segment's translation comes from, by the rules both [`merge`] and a build's
/// [`apply::translated_course`] follow; `U` is how each names a unit of the file.
enum Found<U> {
    /// The unit of its key, translated for its current source: kept as it is.
    Kept(U),
    /// The unit of its key, translated for another source: to review.
    Changed(U),
    /// No translated unit of its key, but a translated unit of the same kind (interface string or
    /// course text) with the same source hash: the segment moved.
    Moved(U),
    /// An interface string nobody translated yet, that the theme has words for.
    Prefilled,
    Missing,
}

impl<U> Found<U> {
    /// Where a segment's translation comes from: `own` is the unit of its key, whether it has a
    /// translation and whether that was made for the current source; `moved` the last translated
    /// unit with its source hash; `prefilled` whether the theme has words for it.
    fn of(own: Option<(U, bool, bool)>, moved: Option<U>, prefilled: bool) -> Found<U> {
        match (own, moved) {
            (Some((unit, true, true)), _) => Found::Kept(unit),
            (Some((unit, true, false)), _) => Found::Changed(unit),
            (_, Some(unit)) => Found::Moved(unit),
            _ if prefilled => Found::Prefilled,
            _ => Found::Missing,
        }
    }
}

/// The strings a translation marked for review was made for: gettext's `#| msgctxt` and
/// `#| msgid`, XLIFF's `<alt-trans>` source and target.
#[derive(Default)]
struct Previous {
    key: Option<String>,
    source: Option<String>,
    target: Option<String>,
}

/// The previous version to keep on a merged entry: the one `old` already carries while it is
/// still marked for review (the strings of the last review, not of every change since), else,
/// when its source just changed (`changed` is `old` then), the key, source and translation it
/// had.
fn previous_version(old: &Entry, changed: Option<&Entry>) -> Option<Previous> {
    if old.state == State::NeedsReview && old.previous_source.is_some() {
        return Some(Previous {
            key: old.previous_key.clone(),
            source: old.previous_source.clone(),
            target: old.previous_target.clone(),
        });
    }
    changed.map(|e| Previous {
        key: Some(e.key.clone()),
        source: Some(e.source.clone()),
        target: e.target.clone(),
    })
}

/// Counts of one language's translations against the current source.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Status {
    pub lang: String,
    pub file: Option<String>,
    pub total: usize,
    pub translated: usize,
    pub missing: usize,
    pub stale: usize,
}

impl Status {
    pub fn of(catalog: &Catalog, file: Option<String>) -> Status {
        let count = |s: State| catalog.entries.iter().filter(|e| e.state == s).count();
        Status {
            lang: catalog.target_lang.clone(),
            file,
            total: catalog.entries.len(),
            translated: count(State::Translated),
            missing: count(State::New),
            stale: count(State::NeedsReview),
        }
    }
}

/// Checks a translation file's course, language and markup against `course`; `text` is its
/// contents and `file` its name for diagnostics.
pub fn check_catalog(
    course: &Course,
    catalog: &Catalog,
    lang: &str,
    text: &str,
    file: &str,
    diags: &mut Diagnostics,
) {
    let mut pending = Pending::new(file);
    check(course, catalog, lang, &mut pending);
    pending
        .resolve_text(text)
        .into_iter()
        .for_each(|d| diags.push(d));
}

/// [`check_catalog`], the diagnostics waiting for their lines in `out`.
fn check(course: &Course, catalog: &Catalog, lang: &str, out: &mut Pending) {
    check_header(course, catalog, lang, out);
    let limits = accepted_answer_limits(course);
    for entry in &catalog.entries {
        check_entry(entry, &limits, None, out);
    }
}

/// Checks that a translation file (read into `catalog`, whose entries are not looked at) is for
/// this course and language.
fn check_header(course: &Course, catalog: &Catalog, lang: &str, out: &mut Pending) {
    let file = out.file().to_owned();
    let header = catalog.line.max(1);
    if catalog.course != course.meta.id {
        out.at(
            Diagnostic::error(format!(
                "`{file}` translates course `{}`, not `{}`",
                catalog.course, course.meta.id
            ))
            .hint("run `coursepack i18n extract` for this course and translate that file"),
            header,
            1,
        );
    }
    if !catalog.target_lang.eq_ignore_ascii_case(lang) {
        out.at(
            Diagnostic::error(format!(
                "`{file}` is a translation into `{}`, not `{lang}`",
                catalog.target_lang
            ))
            .hint("rename the file after its target language"),
            header,
            1,
        );
    }
}

/// Checks the translation of one entry of a file: its markup, its placeholders, its length
/// (`limits`: the [`accepted_answer_limits`]). `source_marks` is the markup of the entry's
/// source when the caller knows it already.
fn check_entry(
    entry: &Entry,
    limits: &BTreeMap<String, usize>,
    source_marks: Option<&markup::Marks>,
    out: &mut Pending,
) {
    let Some(target) = &entry.target else {
        return;
    };
    let mut here = |d: Diagnostic| at_entry(out, d, entry);
    if let Some(name) = interface::name(&entry.key) {
        if let Some(problem) = interface::compare_placeholders(&entry.source, target) {
            here(Diagnostic::error(format!(
                "the translation of the interface string `{name}` changes its placeholders: {problem}"
            ))
            .hint("keep every {name} of the source as it is; the page puts numbers and names there"));
        }
        return;
    }
    let problem = match source_marks {
        Some(marks) => markup::compare_to(marks, target),
        None => markup::compare(&entry.source, target),
    };
    if let Some(problem) = problem {
        here(Diagnostic::error(format!("the translation of `{}` breaks its markup: {problem}", entry.key))
            .hint("keep the source's emphasis, code spans, links and image paths; translate only the words"));
    }
    let Some(max) = limits.get(&entry.key) else {
        return;
    };
    let length = crate::source::question::collapsed_len(target);
    if length > *max {
        here(Diagnostic::error(format!(
            "the translation of `{}` has {length} characters; the fill-in question accepts at most {max}",
            entry.key
        ))
        .hint("shorten the translation, or raise the question's `max-length` in the lesson"));
    }
}

/// Adds a diagnostic at an entry of the file: its own line and column or, for a reader that does
/// not record them, the first line that names its key.
fn at_entry(out: &mut Pending, d: Diagnostic, entry: &Entry) {
    at_unit(out, d, &entry.key, entry.line, entry.column);
}

/// [`at_entry`] for the unit of `key` at `line` and `column` (0 when unknown).
fn at_unit(out: &mut Pending, d: Diagnostic, key: &str, line: usize, column: usize) {
    if line > 0 {
        out.at(d, line, column.max(1));
    } else {
        out.push(d, Shows::FirstNaming(key.to_owned()));
    }
}

/// Warns about each unit of a translation file (`existing`, read from `text`) whose key is not a
/// segment of the course (`merged`, the catalog for the current source): its translation is not
/// used.
pub fn warn_unknown_units(
    existing: &Catalog,
    merged: &Catalog,
    text: &str,
    file: &str,
    diags: &mut Diagnostics,
) {
    let mut pending = Pending::new(file);
    unknown_units(existing, merged, &mut pending);
    pending
        .resolve_text(text)
        .into_iter()
        .for_each(|d| diags.push(d));
}

/// [`warn_unknown_units`], the warnings waiting for their lines in `out`.
fn unknown_units(existing: &Catalog, merged: &Catalog, out: &mut Pending) {
    let known: std::collections::HashSet<&str> =
        merged.entries.iter().map(|e| e.key.as_str()).collect();
    for entry in existing
        .entries
        .iter()
        .filter(|e| !known.contains(e.key.as_str()))
    {
        let d = Diagnostic::warning(format!(
            "`{}` is not a segment of the course (any more): its translation is not used",
            entry.key
        ))
        .hint("run `coursepack i18n extract` to drop it; if a tool changed the unit's id, put the original id back");
        at_entry(out, d, entry);
    }
}

/// The segment key of every accepted answer of a fill-in question, with its `max-length`: a
/// translated answer must still fit what the learner may type.
fn accepted_answer_limits(course: &Course) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for q in course.questions() {
        if let Answer::FillIn {
            accepted,
            max_length,
            ..
        } = &q.answer
        {
            for k in 1..=accepted.len() {
                out.insert(segments::accepted_key(&q.id, k), *max_length);
            }
        }
    }
    out
}

/// A translation file that was read: its path, what it holds against the current source, and
/// what there is to say about it so far (the diagnostics wait for their lines: the file's text
/// is not kept).
pub struct Loaded {
    pub file: String,
    path: RelPath,
    format: FileFormat,
    /// The file's catalog merged with the current source.
    pub catalog: Catalog,
    pending: Pending,
}

impl Loaded {
    /// Pushes the diagnostics about the file, each with its line, read from the file again.
    fn report(
        path: &RelPath,
        format: FileFormat,
        pending: Pending,
        fs: &dyn SourceFs,
        diags: &mut Diagnostics,
    ) {
        if pending.is_empty() {
            return;
        }
        let resolved = match open_text(fs, path, format) {
            Ok(text) => pending.resolve(text),
            Err(_) => pending.resolve(io::empty()),
        };
        resolved.into_iter().for_each(|d| diags.push(d));
    }
}

/// Reads the translation file of `lang` and checks it against the course: parse errors, another
/// course or language, translations that break their markup or placeholders. Returns the merged
/// catalog (what the file holds, against the current source) and the file's path, or `None` for
/// the file when the language has none yet. A theme that cannot be read is an error diagnostic.
pub fn load(
    course: &Course,
    theme: &Theme,
    fs: &dyn SourceFs,
    lang: &str,
    diags: &mut Diagnostics,
) -> (Catalog, Option<String>) {
    match read(course, theme, fs, lang, diags) {
        Some(Loaded {
            file,
            path,
            format,
            catalog,
            pending,
        }) => {
            Loaded::report(&path, format, pending, fs, diags);
            (catalog, Some(file))
        }
        None => {
            let file = translation_file(fs, lang)
                .first()
                .map(|(p, _)| p.to_string());
            let (catalog, problem) = merged_or_empty(course, theme, lang, None);
            problem.into_iter().for_each(|d| diags.push(d));
            (catalog, file)
        }
    }
}

/// [`merge`], with a theme error turned into a diagnostic (and a catalog of no entries).
fn merged_or_empty(
    course: &Course,
    theme: &Theme,
    lang: &str,
    existing: Option<&Catalog>,
) -> (Catalog, Option<Diagnostic>) {
    match merge(course, theme, lang, existing) {
        Ok(catalog) => (catalog, None),
        Err(e) => {
            let d = theme_problem(&e);
            let empty = Catalog {
                source_lang: course.meta.language.clone(),
                target_lang: lang.to_string(),
                course: course.meta.id.clone(),
                entries: Vec::new(),
                line: 0,
            };
            (empty, Some(d))
        }
    }
}

/// The error for a theme whose interface strings cannot be read.
fn theme_problem(e: &ThemeError) -> Diagnostic {
    Diagnostic::error(format!("{}: {}", e.file, e.message)).at(Location::new(&e.file, 1, 1))
}

/// The translation file of `lang` and its format; `None` when there is none. Two files for one
/// language are an error; the first is taken.
fn find(fs: &dyn SourceFs, lang: &str, diags: &mut Diagnostics) -> Option<(RelPath, FileFormat)> {
    let mut files = translation_file(fs, lang).into_iter();
    let first = files.next()?;
    if let Some((second, _)) = files.next() {
        diags.push(
            Diagnostic::error(format!(
                "`{lang}` has two translation files: `{}` and `{second}`",
                first.0
            ))
            .hint("keep one format per language; delete the other file"),
        );
    }
    Some(first)
}

/// Reads a translation file (`path`, in `format`) as a stream, each entry handed to `each` as it
/// is read, and returns its header (a catalog without entries); `None` when it cannot be read or
/// has errors, each reported at its line (the entries handed over are then not to be used).
fn read_each(
    fs: &dyn SourceFs,
    path: &RelPath,
    format: FileFormat,
    diags: &mut Diagnostics,
    each: &mut dyn FnMut(Entry),
) -> Option<Catalog> {
    let reader = match open_text(fs, path, format) {
        Ok(reader) => reader,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    match format.read_each(reader, path.as_str(), each) {
        Ok(header) => Some(header),
        Err(errors) => {
            Loaded::report(path, format, errors, fs, diags);
            None
        }
    }
}

/// The translation file of `lang`, read as a stream, checked and merged; `None` when there is
/// none or it cannot be read (a diagnostic says why). The diagnostics about the file are in the
/// result, waiting for their lines ([`Loaded::report`]).
fn read(
    course: &Course,
    theme: &Theme,
    fs: &dyn SourceFs,
    lang: &str,
    diags: &mut Diagnostics,
) -> Option<Loaded> {
    let (path, format) = find(fs, lang, diags)?;
    let mut entries = Vec::new();
    let mut existing = read_each(fs, &path, format, diags, &mut |e| entries.push(e))?;
    existing.entries = entries;
    let file = path.to_string();
    let mut pending = Pending::new(&file);
    check(course, &existing, lang, &mut pending);
    // The merged entries keep the lines and columns of the file's units, so that what a build
    // says about them points at them.
    let (mut catalog, problem) = merged_or_empty(course, theme, lang, Some(&existing));
    if let Some(d) = problem {
        pending.push(d, Shows::Nothing);
    }
    if !catalog.entries.is_empty() {
        unknown_units(&existing, &catalog, &mut pending);
    }
    catalog.line = existing.line;
    Some(Loaded {
        file,
        path,
        format,
        catalog,
        pending,
    })
}

/// An error at `course.toml`'s line listing `lang` when the language has no translation file;
/// `None` when it has one.
pub fn missing_translation_file(fs: &dyn SourceFs, lang: &str) -> Option<Diagnostic> {
    if !translation_file(fs, lang).is_empty() {
        return None;
    }
    let (line, source_line) = languages_line(fs, lang);
    Some(
        Diagnostic::error(format!(
            "`{lang}` is one of the course's languages but has no translation file \
             (`{TRANSLATIONS_DIR}/{lang}.xlf` or `{TRANSLATIONS_DIR}/{lang}.po`)"
        ))
        .at(Location::new(crate::source::config::COURSE_FILE, line, 1))
        .with_source_line(&source_line)
        .hint(format!(
            "run `coursepack i18n extract --lang {lang}` (add `--file-format po` for PO) to \
             write `{TRANSLATIONS_DIR}/{lang}.xlf`, then have it translated"
        )),
    )
}

/// The line of course.toml that lists `lang` among the languages (1 when it cannot be found).
fn languages_line(fs: &dyn SourceFs, lang: &str) -> (usize, String) {
    let path = RelPath::from_trusted(crate::source::config::COURSE_FILE);
    let text = fs.read_to_string(&path).unwrap_or_default();
    let quoted = format!("\"{lang}\"");
    let index = text
        .lines()
        .position(|l| l.trim_start().starts_with("languages") && l.contains(&quoted))
        .or_else(|| text.lines().position(|l| l.contains(&quoted)))
        .unwrap_or(0);
    (
        index + 1,
        text.lines().nth(index).unwrap_or_default().to_string(),
    )
}
