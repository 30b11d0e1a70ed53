//! The render stage: course model → the pages of a package, as HTML in memory.
//!
//! Pure: it reads nothing and writes nothing. Blocks are rendered inside out (an item's body
//! first, then the tabs template that holds it), each through its own template from the
//! [`Theme`], with view types from [`views`] as the only contract.

pub mod duration;
pub mod links;
mod mangle;
pub mod markdown;
pub mod runtime;
mod strings;
pub mod style;
pub mod theme;
pub mod views;
pub mod xapi;

use crate::deflate;
use crate::inline::{self, ImageWidth};
use crate::model::{Answer, Block, Course, Group, GroupKind, Lesson, Media, Question, Quiz, Text};
use crate::source::fs::RelPath;
use links::PageLinks;
use markdown::{media_path, to_html, to_inline_html, to_plain_text, MarkdownContext};
use minijinja::Environment;
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;
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
    pub html: PageHtml,
    /// Unique among the pages of a package, made of ids only: the lesson id for a lesson page,
    /// `course` for the course page.
    pub key: String,
    /// Plain-text title (the lesson title for a lesson page, else the course title).
    pub title: String,
    /// The course's mastery score when completion requires the quiz and this page holds a
    /// scored question, else `None`: the value the page's tracking plan carries.
    pub mastery_score: Option<u8>,
    /// What the runtime remembers for this page.
    pub state: StateShape,
}

/// The shape of the learner state of a page (`docs/runtime.md`, learner state v2): one "viewed"
/// bit per lesson, per item and per video or audio block (played to its `complete-at`), then each
/// quiz (in page-data order, the implicit quiz last) with its questions, then the unscored
/// questions. The packager turns it into a size to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateShape {
    pub viewed_bits: usize,
    pub quizzes: Vec<QuizShape>,
    /// Knowledge checks (`scored=false`) and likert questions, in page order.
    pub unscored: Vec<QuestionShape>,
}

/// A quiz in the learner state: its attempt and seed, its draw when it has one, the answers of
/// all its questions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuizShape {
    /// Whether the quiz draws some of its questions (the draw is kept as a bitmask).
    pub draw: bool,
    pub questions: Vec<QuestionShape>,
}

/// One question's answer in the learner state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionShape {
    pub id: String,
    pub answer: AnswerShape,
}

/// What determines the width of an answer in the learner state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerShape {
    /// choice, true-false and likert: a bitmask of this many choices.
    Choices(usize),
    /// fill-in: the typed text, up to `max_length` characters.
    FillIn {
        max_length: usize,
    },
    Matching {
        pairs: usize,
    },
    Sequencing {
        steps: usize,
    },
    Numeric,
}

impl AnswerShape {
    fn of(answer: &Answer) -> AnswerShape {
        match answer {
            Answer::Choice { choices, .. } | Answer::TrueFalse { choices } => {
                AnswerShape::Choices(choices.len())
            }
            Answer::Likert { scale } => AnswerShape::Choices(scale.len()),
            Answer::FillIn { max_length, .. } => AnswerShape::FillIn {
                max_length: *max_length,
            },
            Answer::Matching { pairs } => AnswerShape::Matching { pairs: pairs.len() },
            Answer::Sequencing { steps } => AnswerShape::Sequencing { steps: steps.len() },
            Answer::Numeric { .. } => AnswerShape::Numeric,
        }
    }
}

impl StateShape {
    fn of(data: &PageData<'_>) -> StateShape {
        let items: usize = data.groups.iter().map(|g| g.items.len()).sum();
        let by_id: BTreeMap<&str, &QuestionData> =
            data.questions.iter().map(|q| (q.id.as_str(), q)).collect();
        let shape = |q: &QuestionData| QuestionShape {
            id: q.id.clone(),
            answer: q.state,
        };
        StateShape {
            viewed_bits: data.lessons.len() + items + data.media.len(),
            quizzes: data
                .quizzes
                .iter()
                .map(|quiz| QuizShape {
                    draw: quiz.draw.is_some(),
                    questions: quiz
                        .questions
                        .iter()
                        .filter_map(|id| by_id.get(id.as_str()).map(|q| shape(q)))
                        .collect(),
                })
                .collect(),
            unscored: data
                .questions
                .iter()
                .filter(|q| !q.scored && q.quiz.is_none())
                .map(shape)
                .collect(),
        }
    }
}

/// The rendered pages, the runtime files every page loads and what the package stage needs to
/// place the course's media and describe the course in a manifest.
pub struct Rendered {
    /// The course title as plain text, for manifests.
    pub title: String,
    pub pages: Vec<Page>,
    /// `(package path, contents)` of the runtime script and style sheet.
    pub runtime: Vec<(String, String)>,
    /// `(course path, package path)` of every file the lessons refer to, in course order.
    pub media: Vec<(RelPath, String)>,
    /// `(course path, package path)` of the files the pages or the style sheet refer to under
    /// `media/` that no lesson does (a logo in an edited `page.html`, say), whether they exist
    /// or not: the package stage packages them, or refuses the build.
    pub template_files: Vec<(RelPath, String)>,
    /// The course's xAPI activities as `tincan.xml` declares them, for an xAPI package.
    pub xapi: Option<xapi::PackageActivities>,
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

/// Renders the course into pages: [`Bodies::render`], then [`Bodies::pages`].
pub fn render(
    course: &Course,
    theme: &Theme,
    options: RenderOptions,
) -> Result<Rendered, RenderError> {
    Bodies::render(course, theme, options.page_per_lesson)?.pages(options.standard)
}

/// A course's lesson bodies in one language and one page layout, rendered once: what every
/// format with that layout shares (the bodies depend on the pages' layout — links and paths —,
/// never on the standard). A batch renders them once per language and layout and hands them to
/// each format's [`Bodies::pages`]; each body is a template value, shared, never copied.
pub struct Bodies<'c> {
    course: &'c Course,
    theme: &'c Theme,
    page_per_lesson: bool,
    env: Arc<Environment<'static>>,
    strings: BTreeMap<String, String>,
    /// `strings` as the template value every template gets, converted once.
    strings_value: minijinja::Value,
    course_view: CourseView,
    pages: Vec<PageBodies>,
    /// Each page's frame, made by the first format that asks and shared by the others.
    frames: Vec<std::sync::OnceLock<Arc<PageFrame>>>,
}

/// The bodies of one page.
struct PageBodies {
    path: String,
    lessons: Vec<usize>,
    /// The path from the page to the package root.
    root_prefix: &'static str,
    /// The lessons, their bodies rendered, until the page's frame takes them.
    views: std::sync::Mutex<Option<Vec<LessonView>>>,
    /// The bytes of the bodies: the page's size, give or take its frame.
    size: usize,
}

impl<'c> Bodies<'c> {
    /// Renders every lesson body of `course`, on one page or one page per lesson.
    pub fn render(
        course: &'c Course,
        theme: &'c Theme,
        page_per_lesson: bool,
    ) -> Result<Bodies<'c>, RenderError> {
        let mut env = Environment::new();
        env.set_formatter(html_formatter);
        for (name, source) in theme.templates() {
            env.add_template_owned(name.to_string(), source.to_string())?;
        }
        let lang = course.meta.language.as_str();
        let mut strings = theme.strings(lang)?;
        // A translated course brings its interface strings from its translation file.
        strings.extend(course.meta.interface.clone());
        let course_title = Text {
            markdown: course.meta.title.clone(),
            origin: crate::model::Origin {
                file: RelPath::from_trusted(crate::source::config::COURSE_FILE),
                line: 1,
                column: 1,
            },
        };
        // Every block template gets the strings: converted to a template value once, not per block.
        let strings_value = strings::template_value(&strings);
        let theme_settings = &course.meta.theme;
        let course_view = CourseView {
            id: course.meta.id.clone(),
            title: to_plain_text(&course.meta.title),
            title_html: to_inline_html(
                &course_title,
                MarkdownContext::lesson(course.meta.package.allow_html, "").in_control(),
            ),
            lang: lang.to_string(),
            dir: direction(lang),
            description: course.meta.description.clone(),
            duration: duration::text(
                course
                    .meta
                    .duration
                    .unwrap_or_else(|| duration::estimate(course)),
                &strings,
            ),
            lesson_count: course.lessons.len(),
            logo: theme_settings.logo.as_ref().map(media_path),
            logo_alt: theme_settings.logo_alt.clone(),
            cover_image: theme_settings.cover.as_ref().map(media_path),
        };
        let page_sets: Vec<(String, Vec<usize>, &'static str)> = if page_per_lesson {
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

        let by_file = links::lessons_by_file(course);
        let mut pages = Vec::new();
        for (path, lesson_indexes, root_prefix) in page_sets {
            let lessons: Vec<&Lesson> =
                lesson_indexes.iter().map(|i| &course.lessons[*i]).collect();
            let mut renderer = BlockRenderer {
                env: &env,
                strings: &strings_value,
                theme,
                lang,
                question_number: 0,
                question_total: lessons.iter().map(|l| count_scored(&l.blocks)).sum(),
                quiz_number: 0,
                quiz_total: lessons.iter().map(|l| count_quizzes(&l.blocks)).sum(),
            };
            let links = PageLinks::new(course, &by_file, &lessons, &strings);
            let md = MarkdownContext::lesson(course.meta.package.allow_html, root_prefix)
                .with_links(&links);
            let mut views = Vec::new();
            let mut size = 0;
            for (n, lesson) in lessons.iter().enumerate() {
                let body = renderer.blocks(&lesson.blocks, md)?;
                size += body.len();
                views.push(LessonView {
                    id: lesson.id.to_string(),
                    title: to_inline_html(&lesson.title, md.in_control()),
                    number: n + 1,
                    body: minijinja::Value::from_safe_string(body),
                    banner: lesson.banner.as_ref().map(media_path),
                });
            }
            pages.push(PageBodies {
                path,
                lessons: lesson_indexes,
                root_prefix,
                views: std::sync::Mutex::new(Some(views)),
                size,
            });
        }
        Ok(Bodies {
            course,
            theme,
            page_per_lesson,
            env: Arc::new(env),
            strings,
            strings_value,
            course_view,
            frames: pages.iter().map(|_| std::sync::OnceLock::new()).collect(),
            pages,
        })
    }

    /// The course the bodies are of.
    pub fn course(&self) -> &'c Course {
        self.course
    }

    /// The pages of a package talking to `standard`, around these bodies. A page is written
    /// when the package stage asks ([`PageHtml`]), unless the files it refers to must be read
    /// from it.
    pub fn pages(&self, standard: &'static str) -> Result<Rendered, RenderError> {
        let (course, theme) = (self.course, self.theme);
        let media: Vec<(RelPath, String)> = course
            .assets
            .iter()
            .map(|asset| (asset.clone(), media_path(asset)))
            .collect();
        // With the default page and block templates and no raw HTML, a page refers to the
        // course's files (`media`) and nothing else; an edited template or raw HTML may refer to
        // more, which only the page itself tells.
        let read_references = course.meta.package.allow_html || theme.overrides_html();
        let mut pages = Vec::new();
        for (page, frame) in self.pages.iter().zip(&self.frames) {
            let lessons: Vec<&Lesson> = page.lessons.iter().map(|i| &course.lessons[*i]).collect();
            let data = page_data(course, &lessons, standard, &self.strings);
            let state = StateShape::of(&data);
            let mastery_score = data.mastery;
            let data_json = script_json(&data);
            // Everything but the tracking plan is the same in every format: the frame.
            let frame = Arc::clone(frame.get_or_init(|| {
                let views = page
                    .views
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .unwrap_or_default();
                let view = PageView {
                    course: &self.course_view,
                    lessons: &views,
                    data_json: minijinja::Value::from_safe_string(PLAN_MARK.to_string()),
                    strings: &self.strings_value,
                    assets: page.root_prefix,
                    implicit_quiz: data.quizzes.iter().any(|q| q.id.is_none()),
                    cover: !self.page_per_lesson,
                };
                Arc::new(PageFrame {
                    env: Arc::clone(&self.env),
                    context: std::sync::Mutex::new(Some(minijinja::Value::from_serialize(&view))),
                    size: page.size,
                    deflated: std::sync::OnceLock::new(),
                })
            }));
            let mut html = PageHtml::Framed { frame, data_json };
            if read_references {
                html = PageHtml::Text(html.into_string()?);
            }
            let (key, title) = match lessons.as_slice() {
                [lesson] if self.page_per_lesson => {
                    (lesson.id.to_string(), to_plain_text(&lesson.title.markdown))
                }
                _ => ("course".to_string(), to_plain_text(&course.meta.title)),
            };
            pages.push(Page {
                path: page.path.clone(),
                html,
                key,
                title,
                mastery_score,
                state,
            });
        }
        let uses = runtime::Uses::of(course);
        let style_sheet = theme.style_sheet(&course.meta.theme, &uses)?;
        let template_files = template_files(&pages, &style_sheet.references, &media);
        Ok(Rendered {
            title: self.course_view.title.clone(),
            pages,
            runtime: vec![
                (RUNTIME_CSS.to_string(), style_sheet.css.clone()),
                (
                    RUNTIME_JS.to_string(),
                    theme.runtime_script(standard, &uses)?,
                ),
            ],
            media,
            template_files,
            xapi: (standard == "xapi").then(|| xapi::package_activities(course)),
        })
    }
}

/// The HTML of a page: written into the package as it is rendered (the page is never whole in
/// memory), or already text when its references had to be read.
pub enum PageHtml {
    Text(String),
    /// The page's frame, shared by every format, and this format's tracking plan in it.
    Framed {
        frame: Arc<PageFrame>,
        /// The page data as JSON safe in a `<script>` element.
        data_json: String,
    },
}

/// What `page.html` writes where the tracking plan goes, while the frame is rendered. With the
/// default templates and no raw HTML, `<` cannot come from the course's text (every text is
/// escaped), so only the template writes it; otherwise it takes a control character, which
/// no editor types, for a course to write it too.
const PLAN_MARK: &str = "<\u{1}coursepack:page-data\u{1}>";

/// A page without its tracking plan: `page.html` and its context (the lesson bodies, which the
/// frame takes from the [`Bodies`]), the plan's place marked. Packages of every format of a
/// language share it, and share its compression: [`PageFrame::deflated`] is made once, and
/// then the context goes (the lesson bodies are much of what a language holds).
pub struct PageFrame {
    env: Arc<Environment<'static>>,
    /// The context `page.html` is rendered with, until the frame is compressed.
    context: std::sync::Mutex<Option<minijinja::Value>>,
    /// About the page's size, for a buffer allocated once.
    size: usize,
    deflated: std::sync::OnceLock<DeflatedFrame>,
}

/// A frame compressed: the segment before the tracking plan, the last bytes before the plan
/// (what the plan's segment may refer to) and the segment after it.
#[derive(Clone)]
pub struct DeflatedFrame {
    pub before: Arc<deflate::Segment>,
    pub before_tail: Arc<[u8]>,
    pub after: Arc<deflate::Segment>,
}

impl PageFrame {
    /// The context `page.html` is rendered with, or `None` once the frame is compressed.
    fn context(&self) -> Option<minijinja::Value> {
        self.context
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Renders the frame with `context`, handing its output to `out` piece by piece, in order.
    fn render(
        &self,
        context: &minijinja::Value,
        out: &mut dyn FnMut(FramePiece<'_>) -> std::io::Result<()>,
    ) -> Result<(), PageWriteError> {
        let template = self
            .env
            .get_template("page.html")
            .map_err(|e| PageWriteError::Render(e.into()))?;
        let mut split = PlanSplit {
            finder: memchr::memmem::Finder::new(PLAN_MARK.as_bytes()),
            held: Vec::new(),
            marks: 0,
            out,
            error: None,
        };
        let rendered = template.render_captured_to(context, &mut split);
        if let Some(io) = split.error.take() {
            return Err(PageWriteError::Io(io));
        }
        rendered.map_err(|e| PageWriteError::Render(e.into()))?;
        match split.finish().map_err(PageWriteError::Io)? {
            1 => Ok(()),
            marks => Err(PageWriteError::Render(RenderError {
                template: "page.html".to_string(),
                line: None,
                message: format!(
                    "writes `{{{{ data_json|safe }}}}` {marks} times: a page must hold its tracking \
                     plan once, in a `<script type=\"application/json\" id=\"cp-data\">` (docs/runtime.md)"
                ),
            })),
        }
    }

    /// The frame compressed, made the first time a package asks and shared by the packages of
    /// the other formats.
    pub fn deflated(&self) -> Result<DeflatedFrame, PageWriteError> {
        if let Some(frame) = self.deflated.get() {
            return Ok(frame.clone());
        }
        // Without its context, the frame was compressed meanwhile.
        let Some(context) = self.context() else {
            return self.deflated.get().cloned().ok_or_else(|| {
                PageWriteError::Io(std::io::Error::other("a page frame lost its context"))
            });
        };
        let mut before = deflate::SegmentWriter::new();
        let mut tail: Vec<u8> = Vec::new();
        let mut after = deflate::SegmentWriter::new();
        self.render(&context, &mut |piece| match piece {
            FramePiece::Before(bytes) => {
                tail.extend_from_slice(bytes);
                if tail.len() > 2 * deflate::WINDOW {
                    tail.drain(..tail.len() - deflate::WINDOW);
                }
                before.write_all(bytes)
            }
            FramePiece::Plan => Ok(()),
            FramePiece::After(bytes) => after.write_all(bytes),
        })?;
        let keep = tail.len().saturating_sub(deflate::WINDOW);
        let frame = DeflatedFrame {
            before: Arc::new(before.finish().map_err(PageWriteError::Io)?),
            before_tail: tail[keep..].into(),
            after: Arc::new(after.finish().map_err(PageWriteError::Io)?),
        };
        let frame = self.deflated.get_or_init(|| frame).clone();
        // Every later package takes the compressed frame: the lesson bodies can go.
        drop(context);
        *self.context.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(frame)
    }
}

impl PageHtml {
    /// Writes the page to `out`.
    pub fn write_to(&self, out: &mut dyn Write) -> Result<(), PageWriteError> {
        match self {
            PageHtml::Text(text) => out.write_all(text.as_bytes()).map_err(PageWriteError::Io),
            PageHtml::Framed { frame, data_json } => match frame.context() {
                Some(context) => frame.render(&context, &mut |piece| match piece {
                    FramePiece::Before(bytes) | FramePiece::After(bytes) => out.write_all(bytes),
                    FramePiece::Plan => out.write_all(data_json.as_bytes()),
                }),
                // Compressed, the frame no longer holds its text: the page is inflated.
                None => {
                    let page = self.deflated()?.inflate().map_err(PageWriteError::Io)?;
                    out.write_all(&page).map_err(PageWriteError::Io)
                }
            },
        }
    }

    /// The page as a deflate stream: the frame's segments, shared, around this format's plan.
    pub fn deflated(&self) -> Result<deflate::Stream, PageWriteError> {
        let segments = match self {
            PageHtml::Text(text) => vec![Arc::new(
                deflate::Segment::of(text.as_bytes()).map_err(PageWriteError::Io)?,
            )],
            PageHtml::Framed { frame, data_json } => {
                let frame = frame.deflated()?;
                // The plan goes right after the frame's first segment: it may refer to its end.
                let mut plan = deflate::SegmentWriter::following(&frame.before_tail)
                    .map_err(PageWriteError::Io)?;
                plan.write_all(data_json.as_bytes())
                    .map_err(PageWriteError::Io)?;
                let plan = plan.finish().map_err(PageWriteError::Io)?;
                vec![frame.before, Arc::new(plan), frame.after]
            }
        };
        Ok(deflate::Stream { segments })
    }

    /// The page as text.
    pub fn into_string(self) -> Result<String, RenderError> {
        let size = match self {
            PageHtml::Text(text) => return Ok(text),
            PageHtml::Framed {
                ref frame,
                ref data_json,
            } => frame.size + data_json.len(),
        };
        let mut out = Vec::with_capacity(size + size / 4 + 64 * 1024);
        self.write_to(&mut out).map_err(|e| match e {
            PageWriteError::Render(e) => e,
            PageWriteError::Io(e) => RenderError {
                template: "page.html".to_string(),
                line: None,
                message: e.to_string(),
            },
        })?;
        String::from_utf8(out).map_err(|e| RenderError {
            template: "page.html".to_string(),
            line: None,
            message: format!("rendered to invalid UTF-8 ({e})"),
        })
    }
}

/// A piece of a frame's output: bytes before the tracking plan's place, the place itself, or
/// bytes after it.
#[derive(Debug, PartialEq, Eq)]
enum FramePiece<'b> {
    Before(&'b [u8]),
    Plan,
    After(&'b [u8]),
}

/// Output of the frame on its way out: split at the tracking plan's mark. The bytes that could
/// begin a mark cut by the end of a write are held until the next write tells.
struct PlanSplit<'o> {
    finder: memchr::memmem::Finder<'static>,
    held: Vec<u8>,
    marks: usize,
    out: &'o mut dyn FnMut(FramePiece<'_>) -> std::io::Result<()>,
    /// The first output error (the template engine would replace it by its own).
    error: Option<std::io::Error>,
}

impl PlanSplit<'_> {
    /// Hands `bytes` on, before or after the plan's place as far as the marks seen tell.
    fn bytes(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match (bytes.is_empty(), self.marks) {
            (true, _) => Ok(()),
            (false, 0) => (self.out)(FramePiece::Before(bytes)),
            (false, _) => (self.out)(FramePiece::After(bytes)),
        }
    }

    fn take(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let mut rest = bytes;
        while let Some(at) = self.finder.find(rest) {
            self.bytes(&rest[..at])?;
            (self.out)(FramePiece::Plan)?;
            self.marks += 1;
            rest = &rest[at + PLAN_MARK.len()..];
        }
        // Hold back a tail that is a beginning of the mark. The mark holds its `<` only at its
        // start, so only the last `<` of the tail can begin one.
        let window = rest.len().saturating_sub(PLAN_MARK.len() - 1);
        let keep = match memchr::memrchr(b'<', &rest[window..]) {
            Some(at) if PLAN_MARK.as_bytes().starts_with(&rest[window + at..]) => {
                rest.len() - (window + at)
            }
            _ => 0,
        };
        let (now, later) = rest.split_at(rest.len() - keep);
        self.bytes(now)?;
        self.held = later.to_vec();
        Ok(())
    }

    /// Writes what is held; returns how many marks the output had.
    fn finish(&mut self) -> std::io::Result<usize> {
        let held = std::mem::take(&mut self.held);
        self.bytes(&held)?;
        Ok(self.marks)
    }
}

impl Write for PlanSplit<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = if self.held.is_empty() {
            self.take(buf)
        } else {
            let mut joined = std::mem::take(&mut self.held);
            joined.extend_from_slice(buf);
            self.take(&joined)
        };
        result.map(|()| buf.len()).inspect_err(|e| {
            self.error
                .get_or_insert_with(|| std::io::Error::new(e.kind(), e.to_string()));
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::fmt::Debug for PageHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageHtml::Text(text) => write!(f, "PageHtml::Text({} bytes)", text.len()),
            PageHtml::Framed { frame, data_json } => write!(
                f,
                "PageHtml::Framed(~{} bytes + {} bytes of page data)",
                frame.size,
                data_json.len()
            ),
        }
    }
}

/// Why a page could not be written: its template failed, or the output did.
#[derive(Debug)]
pub enum PageWriteError {
    Render(RenderError),
    Io(std::io::Error),
}

/// The files the pages and the style sheet refer to under `media/` (where a package keeps the
/// course's files) that are not among the lessons' `media`: what an edited template added.
fn template_files(
    pages: &[Page],
    style_references: &[crate::refs::Reference],
    media: &[(RelPath, String)],
) -> Vec<(RelPath, String)> {
    let known: std::collections::BTreeSet<&str> = media.iter().map(|(_, p)| p.as_str()).collect();
    let mut found = std::collections::BTreeSet::new();
    let mut take = |file: &str, base: Option<&str>, refs: &[crate::refs::Reference]| {
        for r in refs {
            if let Some(Ok(path)) = crate::refs::resolve(file, base, &r.target) {
                if path.starts_with("media/") && !known.contains(path.as_str()) {
                    found.insert(path);
                }
            }
        }
    };
    for page in pages {
        // Only a page whose references must be read is text (see `Bodies::pages`).
        if let PageHtml::Text(html) = &page.html {
            let (refs, base) = crate::refs::page_references(html);
            take(&page.path, base.as_deref(), &refs);
        }
    }
    take(RUNTIME_CSS, None, style_references);
    found
        .into_iter()
        .filter_map(|path| {
            let course = path.strip_prefix("media/")?.to_string();
            Some((RelPath::from_trusted(&course), path))
        })
        .collect()
}

struct BlockRenderer<'e> {
    env: &'e Environment<'e>,
    /// The interface strings, as the template value every block template gets.
    strings: &'e minijinja::Value,
    /// For the names of caption languages.
    theme: &'e Theme,
    /// The page's language.
    lang: &'e str,
    question_number: usize,
    question_total: usize,
    quiz_number: usize,
    quiz_total: usize,
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
                        body: minijinja::Value::from_safe_string(self.blocks(&c.blocks, md)?),
                    };
                    self.template("blocks/callout.html", &view)?
                }
                Block::Figure(f) => {
                    let decorative = inline::is_decorative(&f.alt.markdown);
                    let view = FigureView {
                        src: format!("{}{}", md.root_prefix, media_path(&f.image)),
                        alt: if decorative {
                            String::new()
                        } else {
                            f.alt.markdown.clone()
                        },
                        caption: f.caption.as_ref().map(|c| to_inline_html(c, md)),
                        width: f.width.and_then(|w| match w {
                            ImageWidth::Pixels(n) => Some(n),
                            ImageWidth::Percent(_) => None,
                        }),
                        width_percent: f.width.and_then(|w| match w {
                            ImageWidth::Percent(n) => Some(n),
                            ImageWidth::Pixels(_) => None,
                        }),
                    };
                    self.template("blocks/figure.html", &view)?
                }
                Block::Question(q) => self.question(q, md)?,
                Block::Quiz(quiz) => self.quiz(quiz, md)?,
                Block::Media(m) => self.media(m, md)?,
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
        // A tab or panel title is its button's text: no link inside.
        let title_md = match group.kind {
            GroupKind::Carousel => md,
            GroupKind::Tabs | GroupKind::Accordion => md.in_control(),
        };
        for (i, item) in group.items.iter().enumerate() {
            items.push(ItemView {
                id: item.id.to_string(),
                title: to_inline_html(&item.title, title_md),
                body: minijinja::Value::from_safe_string(self.blocks(&item.blocks, body_md)?),
                position: i + 1,
                total,
            });
        }
        let view = GroupView {
            id: group.id.to_string(),
            label: group.label.as_ref().map(|l| to_plain_text(&l.markdown)),
            label_html: group.label.as_ref().map(|l| to_inline_html(l, md)),
            items,
        };
        self.template(&format!("blocks/{}.html", group.kind.name()), &view)
    }

    fn question(&mut self, q: &Question, md: MarkdownContext<'_>) -> Result<String, RenderError> {
        let scored = is_scored(q);
        let number = if scored {
            self.question_number += 1;
            self.question_number
        } else {
            0
        };
        let inline = |t: &crate::model::Text| to_inline_html(t, md);
        let part = |id: String, t: &crate::model::Text| PartView {
            id,
            text: inline(t),
            label: to_plain_text(&t.markdown),
        };
        let mut view = QuestionView {
            id: q.id.to_string(),
            kind: q.answer.interaction_type(),
            scored,
            multiple: q.multiple(),
            prompt: to_html(&q.prompt, md),
            choices: Vec::new(),
            number,
            total: if scored { self.question_total } else { 0 },
            max_length: 0,
            answer: None,
            min: None,
            max: None,
            sources: Vec::new(),
            targets: Vec::new(),
            steps: Vec::new(),
            feedback_correct: q.feedback_correct.as_ref().map(|f| to_html(f, md)),
            feedback_incorrect: q.feedback_incorrect.as_ref().map(|f| to_html(f, md)),
        };
        match &q.answer {
            Answer::Choice { choices, .. } | Answer::TrueFalse { choices } => {
                view.choices = choices
                    .iter()
                    .map(|c| ChoiceView {
                        letter: c.letter.to_string(),
                        text: inline(&c.text),
                        feedback: c.feedback.as_ref().map(&inline),
                        correct: c.correct,
                    })
                    .collect();
            }
            Answer::Likert { scale } => {
                view.choices = scale
                    .iter()
                    .enumerate()
                    .map(|(i, t)| ChoiceView {
                        letter: letter_id(i),
                        text: inline(t),
                        feedback: None,
                        correct: false,
                    })
                    .collect();
            }
            Answer::FillIn {
                accepted,
                max_length,
                ..
            } => {
                view.max_length = *max_length;
                view.answer = accepted.first().map(|a| to_plain_text(&a.markdown));
            }
            Answer::Matching { pairs } => {
                for (i, p) in pairs.iter().enumerate() {
                    view.sources.push(part(source_id(i), &p.source));
                    view.targets.push(part(letter_id(i), &p.target));
                }
            }
            Answer::Sequencing { steps } => {
                view.steps = steps
                    .iter()
                    .enumerate()
                    .map(|(i, t)| part(letter_id(i), t))
                    .collect();
            }
            Answer::Numeric { min, max } => {
                view.min = Some(min.clone());
                view.max = Some(max.clone());
            }
        }
        self.template("blocks/question.html", &view)
    }

    fn quiz(&mut self, quiz: &Quiz, md: MarkdownContext<'_>) -> Result<String, RenderError> {
        self.quiz_number += 1;
        let number = self.quiz_number;
        let view = QuizView {
            id: quiz.id.to_string(),
            body: minijinja::Value::from_safe_string(self.blocks(&quiz.blocks, md)?),
            number,
            total: self.quiz_total,
        };
        self.template("blocks/quiz.html", &view)
    }

    fn media(&mut self, m: &Media, md: MarkdownContext<'_>) -> Result<String, RenderError> {
        let url = |path: &RelPath| format!("{}{}", md.root_prefix, media_path(path));
        // Captions show by default in the page's language (or its primary language), else the
        // first track's.
        let primary = |tag: &str| tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        let default = m
            .tracks
            .iter()
            .position(|t| t.lang.eq_ignore_ascii_case(self.lang))
            .or_else(|| {
                m.tracks
                    .iter()
                    .position(|t| primary(&t.lang) == primary(self.lang))
            })
            .unwrap_or(0);
        let view = MediaView {
            id: m.id.to_string(),
            kind: m.kind.name(),
            src: url(&m.src),
            mime: crate::source::media::mime_type(m.kind, &m.src),
            poster: m.poster.as_ref().map(url),
            tracks: m
                .tracks
                .iter()
                .enumerate()
                .map(|(i, t)| TrackView {
                    src: url(&t.file),
                    lang: t.lang.clone(),
                    label: self
                        .theme
                        .language_name(&t.lang)
                        .unwrap_or_else(|| t.lang.clone()),
                    default: i == default,
                })
                .collect(),
            caption: to_inline_html(&m.caption, md),
            transcript: m.transcript.as_ref().map(|t| to_html(t, md)),
        };
        self.template("blocks/media.html", &view)
    }

    fn template(&self, name: &str, block: &impl serde::Serialize) -> Result<String, RenderError> {
        let ctx = minijinja::context! { block => block, strings => self.strings };
        Ok(self.env.get_template(name)?.render(ctx)?)
    }
}

/// The number of scored questions in `blocks` (the `{n}` of `questionOf`).
fn count_scored(blocks: &[Block]) -> usize {
    let mut n = 0;
    crate::model::visit_blocks(blocks, &mut |b| {
        if matches!(b, Block::Question(q) if is_scored(q)) {
            n += 1;
        }
    });
    n
}

/// The number of quiz blocks in `blocks`.
fn count_quizzes(blocks: &[Block]) -> usize {
    let mut n = 0;
    crate::model::visit_blocks(blocks, &mut |b| {
        if matches!(b, Block::Quiz(_)) {
            n += 1;
        }
    });
    n
}

/// Whether a question counts for the score: likert never does, whatever the model says.
fn is_scored(q: &Question) -> bool {
    q.scored && !matches!(q.answer, Answer::Likert { .. })
}

/// The response id of the `i`-th choice, scale point, step or matching target: `a`, `b`, …
pub fn letter_id(i: usize) -> String {
    u32::try_from(i)
        .ok()
        .and_then(|i| char::from_u32(u32::from(b'a') + i))
        .map_or_else(|| i.to_string(), |c| c.to_string())
}

/// The response id of the `i`-th matching source: `1`, `2`, …
pub fn source_id(i: usize) -> String {
    (i + 1).to_string()
}

/// The tracking plan of a page (see `docs/runtime.md`).
pub fn page_data<'a>(
    course: &'a Course,
    lessons: &[&'a Lesson],
    standard: &'a str,
    strings: &'a BTreeMap<String, String>,
) -> PageData<'a> {
    let mut groups = Vec::new();
    let mut questions = Vec::new();
    let mut quizzes = Vec::new();
    let mut media = Vec::new();
    // The quiz block of each question inside one; a quiz is visited before its questions.
    let mut quiz_of: BTreeMap<&str, &str> = BTreeMap::new();
    for lesson in lessons {
        lesson.visit(&mut |b| match b {
            Block::Group(g) => groups.push(GroupData {
                id: g.id.to_string(),
                kind: g.kind.name(),
                items: g.items.iter().map(|i| i.id.to_string()).collect(),
            }),
            Block::Quiz(quiz) => {
                let mut ids = Vec::new();
                crate::model::visit_blocks(&quiz.blocks, &mut |b| {
                    if let Block::Question(q) = b {
                        quiz_of.insert(q.id.as_str(), quiz.id.as_str());
                        ids.push(q.id.to_string());
                    }
                });
                let s = &quiz.settings;
                quizzes.push(QuizData {
                    id: Some(quiz.id.to_string()),
                    questions: ids,
                    attempts: s.attempts,
                    show_correct: s.show_correct.name(),
                    shuffle: s.shuffle,
                    draw: s.draw,
                });
            }
            Block::Question(q) => {
                let quiz = quiz_of.get(q.id.as_str()).map(|id| id.to_string());
                questions.push(question_data(q, quiz));
            }
            Block::Media(m) => media.push(MediaData {
                id: m.id.to_string(),
                kind: m.kind.name(),
                complete_at: f64::from(m.complete_at) / 100.0,
            }),
            _ => {}
        });
    }
    // Scored questions outside any quiz block make up the implicit quiz, with the course's
    // settings; it comes last. A draw needs a bank of questions together, so it has none.
    let implicit: Vec<String> = questions
        .iter()
        .filter(|q| q.scored && q.quiz.is_none())
        .map(|q| q.id.clone())
        .collect();
    if !implicit.is_empty() {
        let s = &course.meta.quiz;
        quizzes.push(QuizData {
            id: None,
            questions: implicit,
            attempts: s.attempts,
            show_correct: s.show_correct.name(),
            shuffle: s.shuffle,
            draw: None,
        });
    }
    let completion = &course.meta.completion;
    // A page without a scored question cannot be passed or failed: its quiz condition is void.
    let quiz = completion.quiz && questions.iter().any(|q| q.scored);
    PageData {
        course: &course.meta.id,
        standard,
        lang: &course.meta.language,
        lessons: lessons.iter().map(|l| l.id.to_string()).collect(),
        groups,
        questions,
        quizzes,
        completion: CompletionData {
            pages: completion.all_pages,
            items: completion.all_items,
            quiz,
        },
        mastery: if quiz { completion.mastery_score } else { None },
        media,
        strings,
        // cmi5 statements are xAPI statements: the same activities; SCORM 2004 takes its
        // interactions' descriptions and correct patterns from them too.
        xapi: matches!(standard, "xapi" | "cmi5" | "scorm2004")
            .then(|| xapi::page_activities(course, lessons)),
    }
}

/// A question as the runtime needs it: every field present, empty when its type has no use for it.
fn question_data(q: &Question, quiz: Option<String>) -> QuestionData {
    let mut data = QuestionData {
        id: q.id.to_string(),
        kind: q.answer.interaction_type(),
        scored: is_scored(q),
        quiz,
        multiple: q.multiple(),
        choices: Vec::new(),
        correct: Vec::new(),
        accepted: Vec::new(),
        case_sensitive: false,
        max_length: 0,
        sources: Vec::new(),
        targets: Vec::new(),
        min: None,
        max: None,
        state: AnswerShape::of(&q.answer),
    };
    match &q.answer {
        Answer::Choice { choices, .. } | Answer::TrueFalse { choices } => {
            data.choices = choices.iter().map(|c| c.letter.to_string()).collect();
            data.correct = choices
                .iter()
                .filter(|c| c.correct)
                .map(|c| c.letter.to_string())
                .collect();
        }
        Answer::Likert { scale } => data.choices = (0..scale.len()).map(letter_id).collect(),
        Answer::Sequencing { steps } => {
            data.choices = (0..steps.len()).map(letter_id).collect();
            data.correct = data.choices.clone();
        }
        Answer::FillIn {
            accepted,
            case_sensitive,
            max_length,
        } => {
            data.accepted = accepted
                .iter()
                .map(|a| to_plain_text(&a.markdown))
                .collect();
            data.case_sensitive = *case_sensitive;
            data.max_length = *max_length;
        }
        Answer::Matching { pairs } => {
            data.sources = (0..pairs.len()).map(source_id).collect();
            data.targets = (0..pairs.len()).map(letter_id).collect();
        }
        Answer::Numeric { min, max } => {
            data.min = Some(min.clone());
            data.max = Some(max.clone());
        }
    }
    data
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
            // Runs without a special character go out as they are.
            let mut rest = s;
            while let Some(at) = rest
                .bytes()
                .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
            {
                out.write_str(&rest[..at])?;
                out.write_str(match rest.as_bytes()[at] {
                    b'&' => "&amp;",
                    b'<' => "&lt;",
                    b'>' => "&gt;",
                    b'"' => "&quot;",
                    _ => "&#39;",
                })?;
                rest = &rest[at + 1..];
            }
            out.write_str(rest).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// JSON safe to embed in a `<script>` element: no `<`, `>`, `&` or line separators left raw.
/// A page's data can be megabytes: the JSON is searched with vectorized scans, and copied only
/// when it holds one of them.
fn script_json(value: &impl serde::Serialize) -> String {
    let Ok(json) = serde_json::to_string(value) else {
        return "{}".to_string();
    };
    let bytes = json.as_bytes();
    // The next `<`, `>` or `&`, and the next 0xE2 (the first byte of U+2028 and U+2029, and of
    // other characters such as `’`), each searched again only once passed.
    let markup = |from: usize| memchr::memchr3(b'<', b'>', b'&', &bytes[from..]).map(|i| from + i);
    let e2 = |from: usize| memchr::memchr(0xE2, &bytes[from..]).map(|i| from + i);
    let (mut next_markup, mut next_e2) = (markup(0), e2(0));
    let mut out = String::new();
    let mut written = 0;
    loop {
        let at = match (next_markup, next_e2) {
            (Some(m), Some(e)) => m.min(e),
            (Some(at), None) | (None, Some(at)) => at,
            (None, None) => break,
        };
        let escape = match bytes[at] {
            b'<' => Some("\\u003c"),
            b'>' => Some("\\u003e"),
            b'&' => Some("\\u0026"),
            _ => match bytes.get(at + 1..at + 3) {
                Some([0x80, 0xA8]) => Some("\\u2028"),
                Some([0x80, 0xA9]) => Some("\\u2029"),
                _ => None,
            },
        };
        if bytes[at] == 0xE2 {
            next_e2 = e2(at + 1);
        } else {
            next_markup = markup(at + 1);
        }
        if let Some(escape) = escape {
            if out.is_empty() {
                out.reserve(json.len() + json.len() / 16);
            }
            // Both a single byte and a three-byte character end at a character boundary.
            out.push_str(&json[written..at]);
            out.push_str(escape);
            written = at + if bytes[at] == 0xE2 { 3 } else { 1 };
        }
    }
    if written == 0 {
        return json;
    }
    out.push_str(&json[written..]);
    out
}

#[cfg(test)]
pub(crate) mod tests;
