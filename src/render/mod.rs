//! The render stage: course model → the pages of a package, as HTML in memory.
//!
//! Pure: it reads nothing and writes nothing. Blocks are rendered inside out (an item's body
//! first, then the tabs template that holds it), each through its own template from the
//! [`Theme`], with view types from [`views`] as the only contract.

pub mod markdown;
pub mod theme;
pub mod views;
pub mod xapi;

use crate::model::{Block, Course, Group, Lesson, Question};
use crate::source::fs::RelPath;
use markdown::{media_path, to_html, to_inline_html, to_plain_text, MarkdownContext};
use minijinja::Environment;
use std::collections::BTreeMap;
pub use theme::Theme;
use views::*;

/// What to render.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    /// The tracking standard the runtime talks to (`scorm12`).
    pub standard: &'static str,
    /// One page per lesson (`lessons/<id>.html`) instead of one page for the course.
    pub page_per_lesson: bool,
}

/// One HTML page of a package: the launch file of one SCO.
#[derive(Debug)]
pub struct Page {
    /// Path inside the package.
    pub path: String,
    pub html: String,
    /// Unique among the pages of a package, made of ids only: the lesson id for a lesson page,
    /// `course` for the course page.
    pub key: String,
    /// Plain-text title (the lesson title for a lesson page, else the course title).
    pub title: String,
    /// The course's mastery score when completion requires the quiz and this page holds a
    /// question, else `None`: the value the page's tracking plan carries.
    pub mastery_score: Option<u8>,
    /// What the runtime remembers for this page.
    pub state: StateShape,
}

/// The shape of the learner state of a page: one "viewed" bit per lesson and per item, and per
/// question the number of its choices. The packager turns it into a size to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateShape {
    pub viewed_bits: usize,
    pub question_choices: Vec<usize>,
}

impl StateShape {
    fn of(data: &PageData<'_>) -> StateShape {
        let items: usize = data.groups.iter().map(|g| g.items.len()).sum();
        StateShape {
            viewed_bits: data.lessons.len() + items,
            question_choices: data.questions.iter().map(|q| q.choices.len()).collect(),
        }
    }
}

/// The rendered pages, the runtime files every page loads and what the package stage needs to
/// place the course's media and describe the course in a manifest.
pub struct Rendered {
    pub pages: Vec<Page>,
    /// `(package path, contents)` of the runtime script and style sheet.
    pub runtime: Vec<(String, String)>,
    /// `(course path, package path)` of every file the lessons refer to, in course order.
    pub media: Vec<(RelPath, String)>,
    /// The course's xAPI activities as `tincan.xml` declares them. Every course has them (its id
    /// is an activity IRI), so they come whatever the standard; only xAPI packages use them.
    pub xapi: xapi::PackageActivities,
}

/// A template that failed to render, with where.
#[derive(Debug)]
pub struct RenderError {
    pub template: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "templates/{}:{l}: {}", self.template, self.message),
            None => write!(f, "templates/{}: {}", self.template, self.message),
        }
    }
}

impl std::error::Error for RenderError {}

impl From<minijinja::Error> for RenderError {
    fn from(e: minijinja::Error) -> Self {
        let mut message = e.kind().to_string();
        if let Some(detail) = e.detail() {
            message = format!("{message}: {detail}");
        }
        RenderError {
            template: e.name().unwrap_or("?").to_string(),
            line: e.line(),
            message,
        }
    }
}

impl From<theme::ThemeError> for RenderError {
    fn from(e: theme::ThemeError) -> Self {
        RenderError {
            template: e.file.trim_start_matches("templates/").to_string(),
            line: None,
            message: e.message,
        }
    }
}

/// The package paths of the runtime files.
pub const RUNTIME_JS: &str = "assets/coursepack.js";
pub const RUNTIME_CSS: &str = "assets/coursepack.css";

/// Languages written right to left (by primary subtag).
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi",
];

/// The text direction of a BCP 47 tag.
pub fn direction(lang: &str) -> &'static str {
    let primary = lang.split('-').next().unwrap_or("").to_ascii_lowercase();
    if RTL_LANGUAGES.contains(&primary.as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// Renders the course into pages.
pub fn render(
    course: &Course,
    theme: &Theme,
    options: RenderOptions,
) -> Result<Rendered, RenderError> {
    let mut env = Environment::new();
    env.set_formatter(html_formatter);
    for (name, source) in theme.templates() {
        env.add_template_owned(name.to_string(), source.to_string())?;
    }
    let lang = course.meta.language.as_str();
    let strings = theme.strings(lang)?;
    let course_view = CourseView {
        id: course.meta.id.clone(),
        title: course.meta.title.clone(),
        lang: lang.to_string(),
        dir: direction(lang),
    };
    let page_sets: Vec<(String, Vec<usize>, &str)> = if options.page_per_lesson {
        course
            .lessons
            .iter()
            .enumerate()
            .map(|(i, l)| (format!("lessons/{}.html", l.id), vec![i], "../"))
            .collect()
    } else {
        vec![(
            "index.html".to_string(),
            (0..course.lessons.len()).collect(),
            "",
        )]
    };

    let mut pages = Vec::new();
    for (path, lesson_indexes, root_prefix) in page_sets {
        let lessons: Vec<&Lesson> = lesson_indexes.iter().map(|i| &course.lessons[*i]).collect();
        let mut renderer = BlockRenderer {
            env: &env,
            strings: &strings,
            question_number: 0,
            question_total: lessons.iter().map(|l| count_questions(&l.blocks)).sum(),
        };
        let md = MarkdownContext::lesson(course.meta.package.allow_html, root_prefix);
        let mut lesson_views = Vec::new();
        for (n, lesson) in lessons.iter().enumerate() {
            lesson_views.push(LessonView {
                id: lesson.id.to_string(),
                title: to_inline_html(&lesson.title, md),
                number: n + 1,
                body: renderer.blocks(&lesson.blocks, md)?,
            });
        }
        let data = page_data(course, &lessons, options.standard, &strings);
        let state = StateShape::of(&data);
        let mastery_score = data.mastery;
        let data_json = script_json(&data);
        let view = PageView {
            course: &course_view,
            lessons: lesson_views,
            data_json,
            strings: &strings,
            assets: root_prefix,
        };
        let html = env.get_template("page.html")?.render(&view)?;
        let (key, title) = match lessons.as_slice() {
            [lesson] if options.page_per_lesson => {
                (lesson.id.to_string(), to_plain_text(&lesson.title.markdown))
            }
            _ => ("course".to_string(), to_plain_text(&course.meta.title)),
        };
        pages.push(Page {
            path,
            html,
            key,
            title,
            mastery_score,
            state,
        });
    }
    Ok(Rendered {
        pages,
        runtime: vec![
            (
                RUNTIME_CSS.to_string(),
                theme.file("runtime/coursepack.css").to_string(),
            ),
            (
                RUNTIME_JS.to_string(),
                theme.runtime_script(options.standard),
            ),
        ],
        media: course
            .assets
            .iter()
            .map(|asset| (asset.clone(), media_path(asset)))
            .collect(),
        xapi: xapi::package_activities(course),
    })
}

struct BlockRenderer<'e> {
    env: &'e Environment<'e>,
    strings: &'e BTreeMap<String, String>,
    question_number: usize,
    question_total: usize,
}

impl BlockRenderer<'_> {
    fn blocks(&mut self, blocks: &[Block], md: MarkdownContext<'_>) -> Result<String, RenderError> {
        let mut out = String::new();
        for block in blocks {
            let html = match block {
                Block::Markdown(text) => to_html(text, md),
                Block::Group(group) => self.group(group, md)?,
                Block::Callout(c) => {
                    let view = CalloutView {
                        kind: c.kind.name(),
                        title: c.title.as_ref().map(|t| to_inline_html(t, md)),
                        body: self.blocks(&c.blocks, md)?,
                    };
                    self.template("blocks/callout.html", &view)?
                }
                Block::Figure(f) => {
                    let view = FigureView {
                        src: format!("{}{}", md.root_prefix, media_path(&f.image)),
                        alt: f.alt.markdown.clone(),
                        caption: f.caption.as_ref().map(|c| to_inline_html(c, md)),
                    };
                    self.template("blocks/figure.html", &view)?
                }
                Block::Question(q) => self.question(q, md)?,
                Block::Quiz(quiz) => self.blocks(&quiz.blocks, md)?,
            };
            out.push_str(&html);
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
        Ok(out)
    }

    fn group(&mut self, group: &Group, md: MarkdownContext<'_>) -> Result<String, RenderError> {
        let total = group.items.len();
        let body_md = md.item_body(group.item_level);
        let mut items = Vec::new();
        for (i, item) in group.items.iter().enumerate() {
            items.push(ItemView {
                id: item.id.to_string(),
                title: to_inline_html(&item.title, md),
                body: self.blocks(&item.blocks, body_md)?,
                position: i + 1,
                total,
            });
        }
        let view = GroupView {
            id: group.id.to_string(),
            label: group.label.as_ref().map(|l| to_plain_text(&l.markdown)),
            items,
        };
        self.template(&format!("blocks/{}.html", group.kind.name()), &view)
    }

    fn question(&mut self, q: &Question, md: MarkdownContext<'_>) -> Result<String, RenderError> {
        self.question_number += 1;
        let choices = q
            .choices()
            .iter()
            .map(|c| ChoiceView {
                letter: c.letter.to_string(),
                text: to_inline_html(&c.text, md),
                feedback: c.feedback.as_ref().map(|f| to_inline_html(f, md)),
            })
            .collect();
        let view = QuestionView {
            id: q.id.to_string(),
            multiple: q.multiple(),
            prompt: to_html(&q.prompt, md),
            choices,
            number: self.question_number,
            total: self.question_total,
        };
        self.template("blocks/question.html", &view)
    }

    fn template(&self, name: &str, block: &impl serde::Serialize) -> Result<String, RenderError> {
        let ctx = minijinja::context! { block => block, strings => self.strings };
        Ok(self.env.get_template(name)?.render(ctx)?)
    }
}

fn count_questions(blocks: &[Block]) -> usize {
    let mut n = 0;
    crate::model::visit_blocks(blocks, &mut |b| {
        if matches!(b, Block::Question(_)) {
            n += 1;
        }
    });
    n
}

/// The tracking plan of a page (see `docs/runtime.md`).
pub fn page_data<'a>(
    course: &'a Course,
    lessons: &[&Lesson],
    standard: &'a str,
    strings: &'a BTreeMap<String, String>,
) -> PageData<'a> {
    let mut groups = Vec::new();
    let mut questions = Vec::new();
    for lesson in lessons {
        lesson.visit(&mut |b| match b {
            Block::Group(g) => groups.push(GroupData {
                id: g.id.to_string(),
                kind: g.kind.name(),
                items: g.items.iter().map(|i| i.id.to_string()).collect(),
            }),
            Block::Question(q) => questions.push(QuestionData {
                id: q.id.to_string(),
                multiple: q.multiple(),
                choices: q.choices().iter().map(|c| c.letter.to_string()).collect(),
                correct: q
                    .choices()
                    .iter()
                    .filter(|c| c.correct)
                    .map(|c| c.letter.to_string())
                    .collect(),
            }),
            _ => {}
        });
    }
    let completion = &course.meta.completion;
    // A lesson page without questions cannot be passed or failed: its quiz condition is void.
    let quiz = completion.quiz && !questions.is_empty();
    PageData {
        course: &course.meta.id,
        standard,
        lang: &course.meta.language,
        lessons: lessons.iter().map(|l| l.id.to_string()).collect(),
        groups,
        questions,
        completion: CompletionData {
            pages: completion.all_pages,
            items: completion.all_items,
            quiz,
        },
        mastery: if quiz { completion.mastery_score } else { None },
        strings,
        xapi: (standard == "xapi").then(|| xapi::page_activities(course, lessons)),
    }
}

/// Escapes values the way minijinja does, minus `/`: the five characters that matter in HTML
/// text and quoted attributes are enough, and paths stay readable (`../media/a.svg`).
fn html_formatter(
    out: &mut minijinja::Output<'_>,
    state: &minijinja::State<'_, '_>,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    match value.as_str() {
        Some(s) if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() => {
            let mut escaped = String::with_capacity(s.len());
            for c in s.chars() {
                match c {
                    '&' => escaped.push_str("&amp;"),
                    '<' => escaped.push_str("&lt;"),
                    '>' => escaped.push_str("&gt;"),
                    '"' => escaped.push_str("&quot;"),
                    '\'' => escaped.push_str("&#39;"),
                    c => escaped.push(c),
                }
            }
            out.write_str(&escaped).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// JSON safe to embed in a `<script>` element: no `<`, `>`, `&` or line separators left raw.
fn script_json(value: &impl serde::Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let s = script_json(&serde_json::json!({"t": "</script><!-- & \u{2028}"}));
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).expect("still JSON");
        assert_eq!(back["t"], "</script><!-- & \u{2028}");
    }

    #[test]
    fn direction_by_language() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("he-IL"), "rtl");
        assert_eq!(direction("fr"), "ltr");
    }
}
