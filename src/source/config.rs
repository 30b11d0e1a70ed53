//! `course.toml`: its serde shape (unknown keys are errors) and the checks serde cannot make.

use crate::diag::{line_col, nth_line, Diagnostic, Diagnostics, Location};
use crate::model::MAX_ATTEMPTS;
use crate::model::{Completion, CourseMeta, PackageOptions, QuizSettings};
use crate::source::fs::RelPath;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// The file name of the course description, at the root of the course folder.
pub const COURSE_FILE: &str = "course.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    id: Spanned<String>,
    title: String,
    language: Spanned<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    languages: Option<Spanned<Vec<Spanned<String>>>>,
    lessons: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    completion: Option<RawCompletion>,
    #[serde(default)]
    quiz: Option<RawQuiz>,
    #[serde(default)]
    package: Option<RawPackage>,
    #[serde(default)]
    duration: Option<Spanned<i64>>,
    #[serde(default)]
    theme: Option<super::theme::RawTheme>,
}

/// `[quiz]`: the course's default quiz settings. `attempts` is a number or `"unlimited"`, so it
/// is read as any TOML value and checked here, with its location.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawQuiz {
    #[serde(default)]
    attempts: Option<Spanned<toml::Value>>,
    #[serde(default)]
    show_correct: Option<Spanned<String>>,
    #[serde(default)]
    shuffle: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawCompletion {
    #[serde(default)]
    require: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    mastery_score: Option<Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPackage {
    #[serde(default)]
    allow_html: bool,
    #[serde(default)]
    sco_per_lesson: bool,
}

/// A lesson entry of `course.toml`, with where it was written.
#[derive(Clone, Debug)]
pub struct LessonEntry {
    pub path: String,
    pub location: Location,
    pub source_line: String,
}

/// A file `[theme]` refers to (logo, cover, font), with where it was written: the course
/// loader checks that it exists and packages it.
#[derive(Clone, Debug)]
pub struct FileEntry {
    pub path: RelPath,
    /// What it is, for messages: `logo`, `cover picture`, `font file`.
    pub what: &'static str,
    pub location: Location,
    pub source_line: String,
}

/// `course.toml`, checked: the course description and the lesson list.
#[derive(Clone, Debug)]
pub struct Config {
    pub meta: CourseMeta,
    pub lessons: Vec<LessonEntry>,
    /// The files of `[theme]`, in the order of [`ThemeSettings::files`].
    pub theme_files: Vec<FileEntry>,
    /// Where `completion.require` was written (or the file start), for course-wide problems.
    pub completion_location: Location,
}

/// Reads `course.toml` text; returns the config when it is usable, and every problem found.
pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
    let at = |span: Range<usize>| located(text, span);
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let (loc, line) = at(e.span().unwrap_or(0..0));
            let message = e.message().trim().to_string();
            let hint = if message.starts_with("unknown field `draw`") {
                "a question bank is set per quiz block, not for the course: `::: quiz {draw=5}`"
            } else if message.starts_with("unknown field") {
                "check the spelling; docs/authoring.md lists every key of course.toml"
            } else if message.starts_with("missing field") {
                "add the key; docs/authoring.md lists the required keys of course.toml"
            } else {
                "fix the TOML syntax or the value's type"
            };
            diags.push(
                Diagnostic::error(message)
                    .at(loc)
                    .with_source_line(line)
                    .hint(hint),
            );
            return None;
        }
    };

    let before = diags.error_count();
    let id = raw.id.get_ref().trim().to_string();
    if let Err(e) = oxiri::Iri::parse(id.as_str()) {
        let (loc, line) = at(raw.id.span());
        diags.push(
            Diagnostic::error(format!("course id `{id}` is not an absolute IRI ({e})"))
                .at(loc)
                .with_source_line(line)
                .hint("use a stable absolute IRI such as `https://courses.example.com/my-course`"),
        );
    }
    check_language(raw.language.get_ref(), raw.language.span(), text, diags);
    let language = raw.language.get_ref().clone();

    let mut languages = vec![language.clone()];
    if let Some(list) = &raw.languages {
        for lang in list.get_ref() {
            check_language(lang.get_ref(), lang.span(), text, diags);
            if !languages.contains(lang.get_ref()) {
                languages.push(lang.get_ref().clone());
            }
        }
        if !list.get_ref().iter().any(|l| l.get_ref() == &language) {
            let (loc, line) = at(list.span());
            diags.push(
                Diagnostic::error(format!(
                    "`languages` does not include the source language `{language}`"
                ))
                .at(loc)
                .with_source_line(line)
                .hint("add the value of `language` to `languages`"),
            );
        }
    }

    let raw_completion = raw.completion.unwrap_or(RawCompletion {
        require: None,
        mastery_score: None,
    });
    let mut completion = Completion {
        all_pages: true,
        all_items: false,
        quiz: false,
        mastery_score: None,
    };
    let completion_location = match &raw_completion.require {
        Some(list) => at(list.span()).0,
        None => Location::new(COURSE_FILE, 1, 1),
    };
    if let Some(list) = &raw_completion.require {
        completion.all_pages = false;
        for cond in list.get_ref() {
            match cond.get_ref().as_str() {
                "all-pages" => completion.all_pages = true,
                "all-items" => completion.all_items = true,
                "quiz" => completion.quiz = true,
                other => {
                    let (loc, line) = at(cond.span());
                    diags.push(
                        Diagnostic::error(format!("unknown completion condition `{other}`"))
                            .at(loc)
                            .with_source_line(line)
                            .hint("use `all-pages`, `all-items` or `quiz`"),
                    );
                }
            }
        }
        if list.get_ref().is_empty() {
            let (loc, line) = at(list.span());
            diags.push(
                Diagnostic::error("`completion.require` is empty: the course could never complete")
                    .at(loc)
                    .with_source_line(line)
                    .hint("list at least one of `all-pages`, `all-items`, `quiz`"),
            );
        }
    }
    match &raw_completion.mastery_score {
        Some(score) => {
            let v = *score.get_ref();
            if (0..=100).contains(&v) {
                completion.mastery_score = u8::try_from(v).ok();
            } else {
                let (loc, line) = at(score.span());
                diags.push(
                    Diagnostic::error(format!("mastery score {v} is outside 0–100"))
                        .at(loc)
                        .with_source_line(line)
                        .hint("give the percentage of correct answers that passes, e.g. 80"),
                );
            }
        }
        None if completion.quiz => {
            let line = nth_line(text, completion_location.line).unwrap_or_default();
            diags.push(
                Diagnostic::error(
                    "the completion rule requires the quiz but gives no mastery score",
                )
                .at(completion_location.clone())
                .with_source_line(line)
                .hint("add `mastery-score = 80` (or another percentage) under [completion]"),
            );
        }
        None => {}
    }

    let mut lessons = Vec::new();
    for entry in raw.lessons.get_ref() {
        let (location, source_line) = at(entry.span());
        lessons.push(LessonEntry {
            path: entry.get_ref().clone(),
            location,
            source_line,
        });
    }
    if lessons.is_empty() {
        let (loc, line) = at(raw.lessons.span());
        diags.push(
            Diagnostic::error("the course lists no lesson")
                .at(loc)
                .with_source_line(line)
                .hint("list the lesson files in order: lessons = [\"lessons/01-intro.md\"]"),
        );
    }

    let quiz = quiz_settings(raw.quiz.unwrap_or_default(), text, diags);
    let package = raw.package.unwrap_or_default();
    let duration = raw.duration.as_ref().and_then(|d| {
        let v = *d.get_ref();
        let ok = u32::try_from(v).ok().filter(|m| (1..=6000).contains(m));
        if ok.is_none() {
            let (loc, line) = at(d.span());
            diags.push(
                Diagnostic::error(format!("duration {v} is not a number of minutes"))
                    .at(loc)
                    .with_source_line(line)
                    .hint("give the time the course takes in minutes, e.g. `duration = 25`, or leave it out to have it estimated"),
            );
        }
        ok
    });
    let mut theme_files = Vec::new();
    let theme =
        super::theme::settings(raw.theme.unwrap_or_default(), text, &mut theme_files, diags);
    if diags.error_count() > before {
        return None;
    }
    Some(Config {
        meta: CourseMeta {
            id,
            title: raw.title.trim().to_string(),
            description: raw.description,
            language,
            version: raw.version.unwrap_or_else(|| "1.0.0".to_string()),
            authors: raw.authors,
            languages,
            completion,
            quiz,
            package: PackageOptions {
                allow_html: package.allow_html,
                sco_per_lesson: package.sco_per_lesson,
            },
            duration,
            theme,
            interface: Default::default(),
        },
        lessons,
        theme_files,
        completion_location,
    })
}

/// The `[quiz]` table, checked; a bad value is reported and leaves the default in place.
fn quiz_settings(raw: RawQuiz, text: &str, diags: &mut Diagnostics) -> QuizSettings {
    let mut settings = QuizSettings {
        shuffle: raw.shuffle.unwrap_or(false),
        ..QuizSettings::default()
    };
    let mut report = |span: Range<usize>, (message, hint): (String, String)| {
        let (loc, line) = located(text, span);
        diags.push(
            Diagnostic::error(message)
                .at(loc)
                .with_source_line(line)
                .hint(hint),
        );
    };
    if let Some(attempts) = &raw.attempts {
        let unlimited = "leave `attempts` out";
        let checked = match attempts.get_ref() {
            toml::Value::Integer(n) => super::quiz::attempt_count(*n, unlimited).map(Some),
            toml::Value::String(s) if s == "unlimited" => Ok(None),
            other => Err((
                format!("`attempts` must be a whole number or \"unlimited\", found {other}"),
                format!("write `attempts = 3` (1 to {MAX_ATTEMPTS}), or {unlimited} for no limit"),
            )),
        };
        match checked {
            Ok(a) => settings.attempts = a,
            Err(problem) => report(attempts.span(), problem),
        }
    }
    if let Some(show) = &raw.show_correct {
        match super::quiz::show_correct(show.get_ref()) {
            Ok(s) => settings.show_correct = s,
            Err(problem) => report(show.span(), problem),
        }
    }
    settings
}

fn check_language(tag: &str, span: Range<usize>, text: &str, diags: &mut Diagnostics) {
    // Syntax alone accepts `english` (5–8 letter primary subtags are reserved for future
    // registration, and none exists), so the primary language must also be an ISO 639 code.
    let usable = language_tags::LanguageTag::parse(tag)
        .is_ok_and(|t| (2..=3).contains(&t.primary_language().len()));
    if !usable {
        let (loc, line) = located(text, span);
        diags.push(
            Diagnostic::error(format!("`{tag}` is not a BCP 47 language tag"))
                .at(loc)
                .with_source_line(line)
                .hint("use a tag such as `fr`, `en`, `en-GB` or `pt-BR`"),
        );
    }
}

/// The location of a byte span of `course.toml` and the text of its first line.
pub(super) fn located(text: &str, span: Range<usize>) -> (Location, String) {
    let (line, column) = line_col(text, span.start);
    let source = nth_line(text, line).unwrap_or_default().to_string();
    (Location::new(COURSE_FILE, line, column), source)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str =
        "id = \"https://x.example/c\"\ntitle = \"T\"\nlanguage = \"fr\"\nlessons = [\"a.md\"]\n";

    fn errors(text: &str) -> Vec<String> {
        let mut d = Diagnostics::new();
        parse(text, &mut d);
        d.iter().map(|d| d.short()).collect()
    }

    #[test]
    fn minimal_config_is_clean() {
        let mut d = Diagnostics::new();
        let c = parse(MINIMAL, &mut d).expect("config");
        assert!(d.is_empty());
        assert_eq!(c.meta.languages, vec!["fr"]);
        assert!(c.meta.completion.all_pages);
        assert_eq!(c.lessons[0].location.line, 4);
    }

    #[test]
    fn quiz_defaults() {
        let mut d = Diagnostics::new();
        let c = parse(MINIMAL, &mut d).expect("config");
        assert_eq!(c.meta.quiz, QuizSettings::default());
        let toml = format!(
            "{MINIMAL}[quiz]\nattempts = 3\nshow-correct = \"after-each\"\nshuffle = true\n"
        );
        let c = parse(&toml, &mut d).expect("config");
        assert!(d.is_empty());
        let expected = QuizSettings {
            attempts: Some(3),
            show_correct: crate::model::ShowCorrect::AfterEach,
            shuffle: true,
            draw: None,
        };
        assert_eq!(c.meta.quiz, expected);
        let toml = format!("{MINIMAL}[quiz]\nattempts = \"unlimited\"\n");
        let c = parse(&toml, &mut d).expect("config");
        assert_eq!(c.meta.quiz.attempts, None);
        let mut d = Diagnostics::new();
        parse(&format!("{MINIMAL}[quiz]\ndraw = 3\n"), &mut d);
        let hint = d.iter().next().and_then(|d| d.hint.clone());
        assert!(hint.is_some_and(|h| h.contains("::: quiz {draw=5}")));
    }

    #[test]
    fn config_problems_name_their_line() {
        let cases: &[(&str, &str)] = &[
            (
                "titel = \"x\"\n",
                "course.toml:5:1: error: unknown field `titel`",
            ),
            (
                "[package]\nallow-htm = true\n",
                "course.toml:6:1: error: unknown field `allow-htm`",
            ),
            (
                "[completion]\nrequire = [\"quiz\"]\n",
                "course.toml:6:11: error: the completion rule requires the quiz",
            ),
            (
                "[completion]\nrequire = [\"al-pages\"]\n",
                "course.toml:6:12: error: unknown completion condition `al-pages`",
            ),
            (
                "[completion]\nmastery-score = 120\n",
                "course.toml:6:17: error: mastery score 120 is outside 0–100",
            ),
            (
                "languages = [\"en\"]\n",
                "course.toml:5:13: error: `languages` does not include",
            ),
            (
                "languages = [\"fr\", \"e n\"]\n",
                "course.toml:5:20: error: `e n` is not a BCP 47",
            ),
            (
                "[quiz]\nattempts = 0\n",
                "course.toml:6:12: error: attempt count 0 is below 1",
            ),
            (
                "[quiz]\nattempts = 64\n",
                "course.toml:6:12: error: attempt count 64 is above the limit of 63",
            ),
            (
                "[quiz]\nattempts = \"many\"\n",
                "course.toml:6:12: error: `attempts` must be a whole number or \"unlimited\", found \"many\"",
            ),
            (
                "[quiz]\nshow-correct = \"always\"\n",
                "course.toml:6:16: error: unknown value `always` for `show-correct`",
            ),
            (
                "[quiz]\nshuffle = \"yes\"\n",
                "course.toml:6:11: error: invalid type: string \"yes\", expected a boolean",
            ),
            (
                "[quiz]\ndraw = 3\n",
                "course.toml:6:1: error: unknown field `draw`",
            ),
        ];
        for (extra, expect) in cases {
            let got = errors(&format!("{MINIMAL}{extra}"));
            assert!(
                got.iter().any(|g| g.starts_with(expect)),
                "{extra:?}: {got:?}"
            );
        }
        let got =
            errors("id = \"not an iri\"\ntitle = \"T\"\nlanguage = \"fr\"\nlessons = [\"a.md\"]\n");
        assert!(
            got[0].starts_with("course.toml:1:6: error: course id `not an iri`"),
            "{got:?}"
        );
        let got = errors("title = \"T\"\nlanguage = \"fr\"\nlessons = [\"a.md\"]\n");
        assert!(got[0].contains("missing field `id`"), "{got:?}");
    }
}
