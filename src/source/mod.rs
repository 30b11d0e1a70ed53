//! The source stage: reads a course folder once and returns the checked [`Course`] model with
//! every diagnostic found. This is the only stage that reads the course folder (through
//! [`SourceFs`]); nothing here writes anything.

pub mod config;
pub mod directive;
pub mod fs;
pub mod lesson;
pub mod links;
pub mod media;
pub mod media_file;
pub(crate) mod question;
mod quiz;
mod theme;
pub mod webvtt;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::Course;
use fs::{FileStatus, RelPath, SourceFs};
use lesson::CourseContext;
use std::collections::{BTreeMap, BTreeSet};

/// The result of reading a course: the model when it has no errors, and every diagnostic.
#[derive(Debug)]
pub struct Loaded {
    pub course: Option<Course>,
    pub diagnostics: Diagnostics,
}

/// Why a folder could not be read as a course at all (a usage problem, not a course problem).
#[derive(Debug)]
pub enum LoadError {
    NoCourseFile { detail: String },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NoCourseFile { detail } => write!(
                f,
                "cannot read `{}` ({detail}); is this a course folder?",
                config::COURSE_FILE
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads and checks the course in `fs`.
///
/// ```
/// use coursepack::source::fs::MemFs;
///
/// let fs = MemFs::new()
///     .with("course.toml", "id = \"https://x.example/c\"\ntitle = \"T\"\nlanguage = \"en\"\nlessons = [\"a.md\"]\n")
///     .with("a.md", "# Welcome\n\n::: tabs\n## One\n## Two\n:::\n");
/// let loaded = coursepack::load(&fs).unwrap();
/// let course = loaded.course.unwrap();
/// assert_eq!(course.groups()[0].items[1].id.as_str(), "a.tabs1.2");
/// assert!(loaded.diagnostics.is_empty());
/// ```
pub fn load(fs: &dyn SourceFs) -> Result<Loaded, LoadError> {
    let course_file = RelPath::from_trusted(config::COURSE_FILE);
    let text = fs
        .read_to_string(&course_file)
        .map_err(|e| LoadError::NoCourseFile {
            detail: e.to_string(),
        })?;
    let mut diags = Diagnostics::new();
    let Some(config) = config::parse(&text, &mut diags) else {
        return Ok(Loaded {
            course: None,
            diagnostics: diags.sorted(),
        });
    };

    let mut ctx = CourseContext {
        fs,
        allow_html: config.meta.package.allow_html,
        ids: BTreeMap::new(),
        scored_question_blocks: 0,
        quiz_defaults: config.meta.quiz.clone(),
        assets: BTreeSet::new(),
        transcripts: BTreeSet::new(),
        anchors: Default::default(),
        links: Vec::new(),
    };
    let mut listed = BTreeSet::new();
    let mut lessons = Vec::new();
    for entry in &config.lessons {
        let error = |message: String, hint: &str| {
            Diagnostic::error(message)
                .at(entry.location.clone())
                .with_source_line(entry.source_line.clone())
                .hint(hint)
        };
        let path = match RelPath::resolve("", &entry.path) {
            Ok(p) => p,
            Err(problem) => {
                diags.push(error(problem.message(&entry.path), problem.hint()));
                continue;
            }
        };
        if !listed.insert(path.clone()) {
            diags.push(error(
                format!("lesson `{path}` is listed twice"),
                "list each lesson file once",
            ));
            continue;
        }
        match fs.file_status(&path) {
            FileStatus::File => {}
            FileStatus::Missing => {
                diags.push(error(
                    format!("lesson `{path}` is listed but does not exist"),
                    "create the file, or fix the path in `lessons` (paths are relative to the course folder)",
                ));
                continue;
            }
            FileStatus::NotAFile => {
                diags.push(error(
                    format!("lesson `{path}` is not a readable file"),
                    "list Markdown files, not folders",
                ));
                continue;
            }
            FileStatus::OutsideCourse => {
                diags.push(error(
                    format!(
                        "lesson `{path}` leads outside the course folder (through a symbolic link)"
                    ),
                    "keep lesson files inside the course folder",
                ));
                continue;
            }
        }
        let text = match fs.read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(error(
                    format!("cannot read lesson `{path}`: {e}"),
                    "save the file as UTF-8 text",
                ));
                continue;
            }
        };
        if let Some(lesson) = lesson::parse_lesson(&mut ctx, &path, &text, &mut diags) {
            lessons.push(lesson);
        }
    }

    for file in fs.list_files() {
        let is_markdown = file.as_str().ends_with(".md");
        let is_readme = file.as_str().eq_ignore_ascii_case("readme.md");
        let transcript = ctx.transcripts.contains(&file);
        if is_markdown && !is_readme && !transcript && !listed.contains(&file) {
            diags.push(
                Diagnostic::warning(format!("lesson file `{file}` is not listed in course.toml"))
                    .at(Location::new(file.as_str(), 1, 1))
                    .hint(
                        "add it to `lessons` in course.toml, or delete it if it is no longer used",
                    ),
            );
        }
    }

    // The theme's files are packaged with the media: they must exist inside the course.
    for entry in &config.theme_files {
        let problem = match fs.file_status(&entry.path) {
            FileStatus::File => None,
            FileStatus::Missing => Some(format!(
                "{} `{}` not found in the course folder",
                entry.what, entry.path
            )),
            FileStatus::NotAFile => Some(format!(
                "{} `{}` is not a readable file",
                entry.what, entry.path
            )),
            FileStatus::OutsideCourse => Some(format!(
                "{} `{}` leads outside the course folder (through a symbolic link)",
                entry.what, entry.path
            )),
        };
        match problem {
            Some(message) => diags.push(
                Diagnostic::error(message)
                    .at(entry.location.clone())
                    .with_source_line(entry.source_line.clone())
                    .hint("paths in course.toml are relative to the course folder; copy the file into it"),
            ),
            None => {
                ctx.assets.insert(entry.path.clone());
            }
        }
    }

    links::resolve(
        &ctx.links,
        &lessons,
        &ctx.anchors,
        config.meta.package.sco_per_lesson,
        &mut diags,
    );
    let scored_questions = ctx.scored_question_blocks;
    let course = Course {
        meta: config.meta,
        lessons,
        assets: ctx.assets.into_iter().collect(),
        anchors: std::sync::Arc::new(ctx.anchors),
    };
    if course.meta.completion.quiz && scored_questions == 0 {
        diags.push(
            Diagnostic::error(
                "the completion rule requires the quiz, but the course has no scored question",
            )
            .at(config.completion_location)
            .hint("add `::: question` blocks (knowledge checks with `scored=false` and likert questions do not count), or remove `quiz` from `completion.require`"),
        );
    }
    let course = (!diags.has_errors()).then_some(course);
    Ok(Loaded {
        course,
        diagnostics: diags.sorted(),
    })
}

#[cfg(test)]
mod tests;
