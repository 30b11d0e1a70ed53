//! Translations: segments out (XLIFF 1.2 or gettext PO), translations in, localized courses.
//!
//! A course's translations live in `translations/<lang>.xlf` or `translations/<lang>.po` beside
//! `course.toml`, one file per target language. [`extract`] writes or updates them from the
//! course's [`segments`]; [`translated_course`] reads them back for a build: it checks each
//! file (course, language, markup) and [`localize`]s the model.

pub mod catalog;
pub mod codes;
pub mod localize;
pub mod markup;
pub mod po;
pub mod segments;
pub mod xliff;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{Answer, Course};
use crate::source::fs::{FileStatus, RelPath, SourceFs};
use catalog::{Catalog, Entry, State};
use segments::{course_segments, source_hash, Segment};
use std::collections::BTreeMap;

/// The folder of a course that holds its translation files.
pub const TRANSLATIONS_DIR: &str = "translations";

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

    pub fn read(self, text: &str, file: &str) -> Result<Catalog, Vec<Diagnostic>> {
        match self {
            FileFormat::Xliff => xliff::read(text, file),
            FileFormat::Po => po::read(text, file),
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

/// The catalog for `target_lang`: the current segments, with the translations of `existing`
/// kept where their source did not change, marked for review where it did, and recovered by
/// source text where a segment moved.
pub fn merge(course: &Course, target_lang: &str, existing: Option<&Catalog>) -> Catalog {
    let by_key: BTreeMap<&str, &Entry> = existing
        .map(|c| c.entries.iter().map(|e| (e.key.as_str(), e)).collect())
        .unwrap_or_default();
    // Translations by source hash, for segments whose key changed (a block moved).
    let by_hash: BTreeMap<&str, &Entry> = existing
        .map(|c| {
            c.entries
                .iter()
                .filter(|e| e.target.is_some() && e.state == State::Translated)
                .map(|e| (e.hash.as_str(), e))
                .collect()
        })
        .unwrap_or_default();
    let entries = course_segments(course)
        .into_iter()
        .map(
            |(
                Segment {
                    key,
                    source,
                    context,
                    location,
                },
                _,
            )| {
                let hash = source_hash(&source);
                let (target, state, previous, from) = match by_key.get(key.as_str()) {
                    Some(old) if old.target.is_some() && old.hash == hash => (
                        old.target.clone(),
                        old.state,
                        previous_version(old, None),
                        Some(*old),
                    ),
                    Some(old) if old.target.is_some() => (
                        old.target.clone(),
                        State::NeedsReview,
                        previous_version(old, Some(old)),
                        Some(*old),
                    ),
                    _ => match by_hash.get(hash.as_str()) {
                        Some(moved) => {
                            (moved.target.clone(), State::Translated, None, Some(*moved))
                        }
                        None => (None, State::New, None, None),
                    },
                };
                let (previous_source, previous_target) = previous.unwrap_or_default();
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
                    previous_source,
                    previous_target,
                    // Where the translation was read from, for diagnostics.
                    line: from.map_or(0, |e| e.line),
                    column: from.map_or(0, |e| e.column),
                }
            },
        )
        .collect();
    Catalog {
        source_lang: course.meta.language.clone(),
        target_lang: target_lang.to_string(),
        course: course.meta.id.clone(),
        entries,
    }
}

/// The previous version to keep on a merged entry: the one `old` already carries while it is
/// still marked for review, else, when its source just changed (`changed` is `old` then), the
/// source and translation it had.
fn previous_version(
    old: &Entry,
    changed: Option<&Entry>,
) -> Option<(Option<String>, Option<String>)> {
    if old.state == State::NeedsReview && old.previous_source.is_some() {
        return Some((old.previous_source.clone(), old.previous_target.clone()));
    }
    changed.map(|e| (Some(e.source.clone()), e.target.clone()))
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
    let at_start = || Location::new(file, 1, 1);
    if catalog.course != course.meta.id {
        diags.push(
            Diagnostic::error(format!(
                "`{file}` translates course `{}`, not `{}`",
                catalog.course, course.meta.id
            ))
            .at(at_start())
            .hint("run `coursepack i18n extract` for this course and translate that file"),
        );
    }
    if !catalog.target_lang.eq_ignore_ascii_case(lang) {
        diags.push(
            Diagnostic::error(format!(
                "`{file}` is a translation into `{}`, not `{lang}`",
                catalog.target_lang
            ))
            .at(at_start())
            .hint("rename the file after its target language"),
        );
    }
    let limits = accepted_answer_limits(course);
    for entry in &catalog.entries {
        let Some(target) = &entry.target else {
            continue;
        };
        let at = || entry_location(entry, text, file);
        if let Some(problem) = markup::compare(&entry.source, target) {
            let (location, line) = at();
            diags.push(
                Diagnostic::error(format!("the translation of `{}` breaks its markup: {problem}", entry.key))
                    .at(location)
                    .with_source_line(line)
                    .hint("keep the source's emphasis, code spans, links and image paths; translate only the words"),
            );
        }
        let length = crate::source::question::collapsed_len(target);
        if let Some(max) = limits.get(&entry.key).filter(|max| length > **max) {
            let (location, line) = at();
            diags.push(
                Diagnostic::error(format!(
                    "the translation of `{}` has {length} characters; the fill-in question accepts at most {max}",
                    entry.key
                ))
                .at(location)
                .with_source_line(line)
                .hint("shorten the translation, or raise the question's `max-length` in the lesson"),
            );
        }
    }
}

/// Where an entry is in the file it was read from: its own line and column or, for a reader
/// that does not record them, the first line that names its key. Returns the location and the
/// text of that line.
fn entry_location<'t>(entry: &Entry, text: &'t str, file: &str) -> (Location, &'t str) {
    let (line, column) = if entry.line > 0 {
        (entry.line, entry.column.max(1))
    } else {
        let line = text
            .lines()
            .position(|l| l.contains(&entry.key))
            .map_or(1, |i| i + 1);
        (line, 1)
    };
    (
        Location::new(file, line, column),
        text.lines().nth(line - 1).unwrap_or_default(),
    )
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
    let known: std::collections::HashSet<&str> =
        merged.entries.iter().map(|e| e.key.as_str()).collect();
    for entry in existing
        .entries
        .iter()
        .filter(|e| !known.contains(e.key.as_str()))
    {
        let (location, line) = entry_location(entry, text, file);
        diags.push(
            Diagnostic::warning(format!(
                "`{}` is not a segment of the course (any more): its translation is not used",
                entry.key
            ))
            .at(location)
            .with_source_line(line)
            .hint("run `coursepack i18n extract` to drop it; if a tool changed the unit's id, put the original id back"),
        );
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

/// Reads the translation file of `lang` and checks it against the course: parse errors, another
/// course or language, translations that break their markup. Returns the merged catalog (what
/// the file holds, against the current source) and the file's path.
pub fn load(
    course: &Course,
    fs: &dyn SourceFs,
    lang: &str,
    diags: &mut Diagnostics,
) -> (Catalog, Option<String>) {
    let files = translation_file(fs, lang);
    let Some((path, format)) = files.first() else {
        return (merge(course, lang, None), None);
    };
    if files.len() > 1 {
        diags.push(
            Diagnostic::error(format!(
                "`{lang}` has two translation files: `{}` and `{}`",
                files[0].0, files[1].0
            ))
            .hint("keep one format per language; delete the other file"),
        );
    }
    let file = path.to_string();
    let text = match fs.read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(
                Diagnostic::error(format!("cannot read `{file}`: {e}"))
                    .at(Location::new(&file, 1, 1)),
            );
            return (merge(course, lang, None), Some(file));
        }
    };
    let existing = match format.read(&text, &file) {
        Ok(c) => c,
        Err(errors) => {
            for e in errors {
                diags.push(e);
            }
            return (merge(course, lang, None), Some(file));
        }
    };
    check_catalog(course, &existing, lang, &text, &file, diags);
    let merged = merge(course, lang, Some(&existing));
    warn_unknown_units(&existing, &merged, &text, &file, diags);
    (merged, Some(file))
}

/// The course in `lang`, with a warning (an error when `strict`) for every missing or stale
/// translation. Returns `None` when a translation file is unusable.
pub fn translated_course(
    course: &Course,
    fs: &dyn SourceFs,
    lang: &str,
    strict: bool,
    diags: &mut Diagnostics,
) -> Option<Course> {
    if lang.eq_ignore_ascii_case(&course.meta.language) {
        return Some(course.clone());
    }
    let before = diags.error_count();
    let (catalog, file) = load(course, fs, lang, diags);
    let where_ = file
        .clone()
        .unwrap_or_else(|| format!("{TRANSLATIONS_DIR}/{lang}.xlf (missing)"));
    for entry in &catalog.entries {
        let problem = match entry.state {
            State::Translated => continue,
            State::New => format!(
                "no `{lang}` translation for `{}` ({})",
                entry.key, entry.location
            ),
            State::NeedsReview => format!(
                "the `{lang}` translation of `{}` ({}) was made for an older source text",
                entry.key, entry.location
            ),
        };
        let d = if strict {
            Diagnostic::error(problem)
        } else {
            Diagnostic::warning(problem)
        };
        // The unit's own line in the file; the file's start for a segment it does not have yet.
        let at = Location::new(&where_, entry.line.max(1), entry.column.max(1));
        diags.push(
            d.at(at)
                .hint("run `coursepack i18n extract`, translate the new or changed segments, and mark them translated"),
        );
    }
    if diags.error_count() > before {
        return None;
    }
    let targets: BTreeMap<String, String> = catalog
        .entries
        .iter()
        .filter_map(|e| Some((e.key.clone(), e.target.clone()?)))
        .collect();
    Some(localize::localize(course, lang, &targets))
}
