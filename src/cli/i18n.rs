//! `coursepack i18n …` on the terminal: `extract` (or the gettext template), `add`, `import`
//! and `status`. The work is the library's (`coursepack::i18n`); this module reads the course
//! folder, writes the files and says what happened.

use super::{
    fail, json_document, languages, load, print_diagnostics, summary, term, write_atomically,
    Loaded, SummaryFormat, EXIT_INVALID, EXIT_USAGE,
};
use coursepack::diag::{Diagnostic, DiagnosticFormat, Diagnostics, Location};
use coursepack::i18n::{self, po, FileFormat};
use coursepack::model::Course;
use coursepack::render::theme::ThemeError;
use coursepack::render::Theme;
use coursepack::source::fs::{RelPath, SourceFs};
use std::io::{self, Read};
use std::path::Path;
use std::process::ExitCode;

/// The gettext template's path in the course folder.
const TEMPLATE: &str = "translations/course.pot";

/// A course folder read for a translation command: the folder, its course and its theme (with
/// strings files for `extra_langs` too), or the exit code once the reason is printed. `doing`
/// ends the message of a course with errors ("nothing was extracted").
fn open(
    course_dir: &Path,
    extra_langs: &[String],
    doing: &str,
) -> Result<(Loaded, Course, Theme), ExitCode> {
    let loaded =
        load(course_dir).map_err(|message| fail(&message, Diagnostics::new(), None, EXIT_USAGE))?;
    print_diagnostics(&loaded.diagnostics, DiagnosticFormat::Human);
    let Some(course) = loaded.course.clone() else {
        term::err(&format!(
            "{}; {doing}\n",
            summary(course_dir, &loaded.diagnostics)
        ));
        return Err(ExitCode::from(EXIT_INVALID));
    };
    let mut langs = course.meta.languages.clone();
    langs.extend_from_slice(extra_langs);
    let theme = Theme::load(&loaded.fs, &langs).map_err(|e| theme_error(course_dir, &e))?;
    Ok((loaded, course, theme))
}

/// Reports a theme file that cannot be used.
fn theme_error(course_dir: &Path, e: &ThemeError) -> ExitCode {
    term::error(&format!("{}: {e}", course_dir.display()));
    ExitCode::from(EXIT_INVALID)
}

/// Writes `text` to `rel` in the course folder; the exit code when it cannot.
fn write(course_dir: &Path, rel: &str, text: &str) -> Result<std::path::PathBuf, ExitCode> {
    let target = course_dir.join(rel);
    write_atomically(&target, text.as_bytes()).map_err(|e| {
        term::error(&format!("cannot write `{}`: {e}", target.display()));
        ExitCode::from(EXIT_USAGE)
    })?;
    Ok(target)
}

/// One line on what a translation file holds.
fn counts(status: &i18n::Status) -> String {
    format!(
        "{} segments ({} translated, {} to translate, {} to review)",
        status.total, status.translated, status.missing, status.stale
    )
}

/// `i18n extract`: writes or updates each target language's file.
pub fn extract(course_dir: &Path, langs: &[String], file_format: FileFormat) -> ExitCode {
    let (loaded, course, theme) = match open(course_dir, &[], "nothing was extracted") {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let targets = match languages(&course, langs, true) {
        Ok(l) => l
            .into_iter()
            .filter(|l| *l != course.meta.language)
            .collect::<Vec<_>>(),
        Err(message) => return fail(&message, Diagnostics::new(), None, EXIT_USAGE),
    };
    if targets.is_empty() {
        term::error(&format!(
            "course.toml lists no language besides `{}`; add one with `coursepack i18n add LANG`",
            course.meta.language
        ));
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
            (RelPath::from_trusted(&path), file_format)
        });
        let mut diags = Diagnostics::new();
        // A file that is there but cannot be read is left as it is, never replaced by one
        // without its translations.
        let previous = match existing_text(&loaded.fs, &rel, format) {
            Ok(None) => None,
            Ok(Some(text)) => match format.read(&text, rel.as_str()) {
                Ok(c) => Some(c),
                Err(errors) => {
                    errors.into_iter().for_each(|e| diags.push(e));
                    None
                }
            },
            Err(d) => {
                diags.push(d);
                None
            }
        };
        if diags.has_errors() {
            print_diagnostics(&diags, DiagnosticFormat::Human);
            term::err(&format!(
                "{rel}: not updated; fix the file first (it was left as it is)\n"
            ));
            code = ExitCode::from(EXIT_INVALID);
            continue;
        }
        let catalog = match i18n::merge(&course, &theme, &lang, previous.as_ref()) {
            Ok(c) => c,
            Err(e) => return theme_error(course_dir, &e),
        };
        let status = i18n::Status::of(&catalog, Some(rel.to_string()));
        let target = match write(course_dir, rel.as_str(), &format.write(&catalog)) {
            Ok(t) => t,
            Err(code) => return code,
        };
        term::note(&format!("{}: {}", target.display(), counts(&status)));
    }
    code
}

/// The text of the translation file at `rel`, decoded ([`FileFormat::text`]); `None` when there
/// is no such file yet. The error says why a file that is there cannot be read.
fn existing_text(
    fs: &dyn SourceFs,
    rel: &RelPath,
    format: FileFormat,
) -> Result<Option<String>, Diagnostic> {
    let at = Location::new(rel.as_str(), 1, 1);
    let mut bytes = Vec::new();
    match fs
        .open(rel)
        .and_then(|mut file| file.read_to_end(&mut bytes))
    {
        Ok(_) => format
            .text(&bytes, rel.as_str())
            .map(|t| Some(t.into_owned())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::error(format!("cannot read `{rel}`: {e}")).at(at)),
    }
}

/// Whether `tag` is a BCP 47 tag of a language (a primary subtag of two or three letters:
/// `course` is a well-formed tag too, but names no language).
fn is_language(tag: &str) -> bool {
    language_tags::LanguageTag::parse(tag)
        .is_ok_and(|t| (2..=3).contains(&t.primary_language().len()))
}

/// `i18n extract --template`: the gettext template of the course.
pub fn template(course_dir: &Path) -> ExitCode {
    let (_, course, theme) = match open(course_dir, &[], "nothing was extracted") {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let catalog = match i18n::merge(&course, &theme, "", None) {
        Ok(c) => c,
        Err(e) => return theme_error(course_dir, &e),
    };
    let date = match source_date() {
        Ok(date) => date,
        Err(message) => return fail(&message, Diagnostics::new(), None, EXIT_USAGE),
    };
    match write(course_dir, TEMPLATE, &po::write_template(&catalog, &date)) {
        Ok(target) => {
            term::note(&format!(
                "{}: {} segments to translate (start a language with `msginit -i {TEMPLATE}` or `coursepack i18n add LANG`)",
                target.display(),
                catalog.entries.len()
            ));
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// The template's `POT-Creation-Date`: `SOURCE_DATE_EPOCH` when it is set (so that the file is
/// reproducible), else empty — never the clock.
fn source_date() -> Result<String, String> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(String::new());
    };
    let seconds: i64 = value
        .trim()
        .parse()
        .map_err(|_| format!("SOURCE_DATE_EPOCH `{value}` is not a number of seconds"))?;
    let date = time::OffsetDateTime::from_unix_timestamp(seconds)
        .map_err(|e| format!("SOURCE_DATE_EPOCH `{value}`: {e}"))?;
    Ok(format!(
        "{:04}-{:02}-{:02} {:02}:{:02}+0000",
        date.year(),
        u8::from(date.month()),
        date.day(),
        date.hour(),
        date.minute()
    ))
}

/// `i18n add LANG`: lists the language in course.toml and writes its translation file.
pub fn add(course_dir: &Path, lang: &str, file_format: FileFormat) -> ExitCode {
    if !is_language(lang) {
        term::error(&format!(
            "`{lang}` is not a language tag; use a BCP 47 tag such as de, es or pt-BR"
        ));
        return ExitCode::from(EXIT_USAGE);
    }
    // `i18n add en de`: the second language taken for the course folder.
    let folder = course_dir.to_string_lossy();
    if !course_dir.exists() && is_language(&folder) {
        term::error(&format!(
            "there is no course folder `{folder}`: `i18n add` takes one language at a time; run `coursepack i18n add {lang}`, then `coursepack i18n add {folder}`"
        ));
        return ExitCode::from(EXIT_USAGE);
    }
    let (loaded, course, theme) = match open(course_dir, &[lang.to_string()], "nothing was added") {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    if lang.eq_ignore_ascii_case(&course.meta.language) {
        term::error(&format!(
            "`{lang}` is the language the course is written in; add a language to translate into"
        ));
        return ExitCode::from(EXIT_USAGE);
    }
    let listed = course
        .meta
        .languages
        .iter()
        .any(|l| l.eq_ignore_ascii_case(lang));
    if let Some((rel, _)) = i18n::translation_file(&loaded.fs, lang).first() {
        term::error(&format!(
            "`{lang}` already has its translation file `{rel}`; update it with `coursepack i18n extract --lang {lang}`"
        ));
        return ExitCode::from(EXIT_INVALID);
    }
    let catalog = match i18n::merge(&course, &theme, lang, None) {
        Ok(c) => c,
        Err(e) => return theme_error(course_dir, &e),
    };
    // The new course.toml is made first, so that nothing is written when it cannot be.
    let toml_path = RelPath::from_trusted(coursepack::source::config::COURSE_FILE);
    let new_toml = if listed {
        None
    } else {
        let text = match loaded.fs.read_to_string(&toml_path) {
            Ok(t) => t,
            Err(e) => {
                term::error(&format!("cannot read course.toml: {e}"));
                return ExitCode::from(EXIT_USAGE);
            }
        };
        match i18n::add::add_language(&text, &course.meta.language, lang) {
            Ok(t) => Some(t),
            Err(message) => {
                term::error(&format!("cannot add `{lang}` to course.toml: {message}"));
                return ExitCode::from(EXIT_INVALID);
            }
        }
    };
    let rel = format!(
        "{}/{lang}.{}",
        i18n::TRANSLATIONS_DIR,
        file_format.extension()
    );
    let status = i18n::Status::of(&catalog, Some(rel.clone()));
    let target = match write(course_dir, &rel, &file_format.write(&catalog)) {
        Ok(t) => t,
        Err(code) => return code,
    };
    if let Some(toml) = new_toml {
        if let Err(code) = write(course_dir, toml_path.as_str(), &toml) {
            return code;
        }
        term::note(&format!(
            "added `{lang}` to the languages of {}",
            course_dir.join(toml_path.as_str()).display()
        ));
    }
    term::note(&format!("{}: {}", target.display(), counts(&status)));
    ExitCode::SUCCESS
}

/// `i18n import FILE`: checks a returned file and merges it into the course's.
pub fn import(file: &Path, course_dir: &Path) -> ExitCode {
    let (loaded, course, theme) = match open(course_dir, &[], "nothing was imported") {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let name = file.display().to_string();
    let Some(format) = FileFormat::of(&name) else {
        term::error(&format!(
            "`{name}` is neither an XLIFF (.xlf, .xliff) nor a PO (.po) file"
        ));
        return ExitCode::from(EXIT_USAGE);
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            term::error(&format!("cannot read `{name}`: {e}"));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut diags = Diagnostics::new();
    // Whatever encoding the tool saved it in (XLIFF in UTF-16, say): the course's copy is UTF-8.
    let text = match format.text(&bytes, &name) {
        Ok(text) => text,
        Err(d) => {
            diags.push(d);
            Default::default()
        }
    };
    let catalog = if diags.has_errors() {
        None
    } else {
        match format.read(&text, &name) {
            Ok(c) => Some(c),
            Err(errors) => {
                errors.into_iter().for_each(|e| diags.push(e));
                None
            }
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
            )).hint(format!("add it with `coursepack i18n add {lang}` first")));
        }
        i18n::check_catalog(&course, c, &lang, &text, &name, &mut diags);
    }
    if diags.has_errors() {
        print_diagnostics(&diags.sorted(), DiagnosticFormat::Human);
        term::err(&format!("{name}: not imported; nothing was written\n"));
        return ExitCode::from(EXIT_INVALID);
    }
    let Some(catalog) = catalog else {
        return ExitCode::from(EXIT_INVALID);
    };
    // Keep the format the course already uses for this language, else the imported one.
    let format = i18n::translation_file(&loaded.fs, &lang)
        .first()
        .map_or(format, |(_, f)| *f);
    let merged = match i18n::merge(&course, &theme, &lang, Some(&catalog)) {
        Ok(c) => c,
        Err(e) => return theme_error(course_dir, &e),
    };
    i18n::warn_unknown_units(&catalog, &merged, &text, &name, &mut diags);
    print_diagnostics(&diags.sorted(), DiagnosticFormat::Human);
    let status = i18n::Status::of(&merged, None);
    let rel = format!("{}/{lang}.{}", i18n::TRANSLATIONS_DIR, format.extension());
    let target = match write(course_dir, &rel, &format.write(&merged)) {
        Ok(t) => t,
        Err(code) => return code,
    };
    term::note(&format!(
        "imported {name} into {}: {} translated, {} to translate, {} to review",
        target.display(),
        status.translated,
        status.missing,
        status.stale
    ));
    ExitCode::SUCCESS
}

/// `i18n status`: per language, what is translated, missing and stale.
pub fn status(course_dir: &Path, format: SummaryFormat) -> ExitCode {
    let messages = match format {
        SummaryFormat::Human => DiagnosticFormat::Human,
        SummaryFormat::Json => DiagnosticFormat::Json,
    };
    let json = (format == SummaryFormat::Json).then(|| serde_json::json!({ "languages": [] }));
    let loaded = match load(course_dir) {
        Ok(loaded) => loaded,
        Err(message) => return fail(&message, Diagnostics::new(), json, EXIT_USAGE),
    };
    print_diagnostics(&loaded.diagnostics, messages);
    let Some(course) = loaded.course else {
        if let Some(fields) = json {
            term::out(&json_document(&loaded.diagnostics, fields));
        } else {
            term::err(&format!("{}\n", summary(course_dir, &loaded.diagnostics)));
        }
        return ExitCode::from(EXIT_INVALID);
    };
    let theme = match Theme::load(&loaded.fs, &course.meta.languages) {
        Ok(t) => t,
        Err(e) => {
            let message = format!("{}: {e}", course_dir.display());
            return fail(&message, loaded.diagnostics, json, EXIT_INVALID);
        }
    };
    let mut diags = Diagnostics::new();
    let statuses: Vec<i18n::Status> = course
        .meta
        .languages
        .iter()
        .filter(|l| **l != course.meta.language)
        .map(|lang| {
            let (catalog, file) = i18n::load(&course, &theme, &loaded.fs, lang, &mut diags);
            i18n::Status::of(&catalog, file)
        })
        .collect();
    let diags = diags.sorted();
    let has_errors = diags.has_errors();
    match format {
        SummaryFormat::Json => {
            let mut all = loaded.diagnostics;
            all.extend(diags);
            term::out(&json_document(
                &all,
                serde_json::json!({ "source": course.meta.language, "languages": statuses }),
            ));
        }
        SummaryFormat::Human => {
            print_diagnostics(&diags, messages);
            let mut table = format!(
                "{:<8} {:>6} {:>11} {:>8} {:>6}  file\n",
                "language", "total", "translated", "missing", "stale"
            );
            for s in &statuses {
                table.push_str(&format!(
                    "{:<8} {:>6} {:>11} {:>8} {:>6}  {}\n",
                    s.lang,
                    s.total,
                    s.translated,
                    s.missing,
                    s.stale,
                    s.file
                        .as_deref()
                        .unwrap_or("(none yet: run `coursepack i18n extract --lang LANG`)")
                ));
            }
            term::out(&table);
        }
    }
    if has_errors {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}
