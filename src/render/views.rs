//! View types: the contract between the renderer and the templates. Templates see these, never
//! the course model. Fields named `title`, `body`, `prompt`, `text`, `feedback`, `caption` and
//! `transcript`, and those ending in `_html`, hold HTML the renderer already escaped (templates print them with
//! `|safe`); every other string is plain text that the template engine escapes. The one
//! exception is the course's `title`: plain text (for `<title>`), with `title_html` beside it.
//!
//! The rule for author text: a title, label, caption, prompt, choice or feedback renders its
//! inline Markdown like a heading does (`*em*` is emphasis, raw HTML shows as written unless the
//! course allows HTML); where markup cannot go (`<title>`, `aria-label`, `alt`, `<option>`,
//! manifests, xAPI names) the same text goes without its markup. Either way the learner reads
//! exactly the characters the author wrote, escaped once.

use super::AnswerShape;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct CourseView {
    pub id: String,
    /// Plain text.
    pub title: String,
    /// The same title with its inline Markdown rendered, for the page header.
    pub title_html: String,
    pub lang: String,
    pub dir: &'static str,
    /// Plain text (`description` in course.toml), shown on the cover.
    pub description: Option<String>,
    /// How long the course takes, in words (`About 25 min`): `duration`, or estimated.
    pub duration: String,
    /// The number of lessons of the whole course.
    pub lesson_count: usize,
    /// Package paths (prefix them with `assets`) of the theme's logo and cover picture.
    pub logo: Option<String>,
    /// The logo's text alternative; empty when it is decorative.
    pub logo_alt: String,
    pub cover_image: Option<String>,
}

#[derive(Serialize)]
pub struct LessonView {
    pub id: String,
    pub title: String,
    pub number: usize,
    /// The rendered blocks (HTML), as a template value: handed to `page.html` without a copy.
    pub body: minijinja::Value,
    /// Package path of the lesson's banner picture (decorative).
    pub banner: Option<String>,
}

/// The context of `page.html`.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub course: &'a CourseView,
    pub lessons: &'a [LessonView],
    /// The page data as JSON safe in a `<script>` element (a template value, like `body`).
    pub data_json: minijinja::Value,
    /// The interface strings, converted to a template value once per render.
    pub strings: &'a minijinja::Value,
    /// The path from the page to the package root.
    pub assets: &'a str,
    /// The page has scored questions outside any quiz block (its implicit quiz): it shows that
    /// quiz's result and retry button after the outcome line.
    pub implicit_quiz: bool,
    /// The page holds the whole course: it opens on the cover.
    pub cover: bool,
}

/// A tabs block, carousel or accordion (`blocks/tabs.html`, `carousel.html`, `accordion.html`).
#[derive(Serialize)]
pub struct GroupView {
    pub id: String,
    /// Plain text (for `aria-label`).
    pub label: Option<String>,
    /// The label with its inline Markdown rendered, for where it shows.
    pub label_html: Option<String>,
    pub items: Vec<ItemView>,
}

#[derive(Serialize)]
pub struct ItemView {
    pub id: String,
    pub title: String,
    /// HTML, a safe template value: passed to the template, never copied.
    pub body: minijinja::Value,
    pub position: usize,
    pub total: usize,
}

#[derive(Serialize)]
pub struct CalloutView {
    pub kind: &'static str,
    pub title: Option<String>,
    /// HTML, a safe template value: passed to the template, never copied.
    pub body: minijinja::Value,
}

#[derive(Serialize)]
pub struct FigureView {
    pub src: String,
    /// Empty for a decorative image.
    pub alt: String,
    pub caption: Option<String>,
    /// `{width=320}`: the `width` attribute's value, in CSS pixels.
    pub width: Option<u32>,
    /// `{width=50%}`: the percentage of the text column.
    pub width_percent: Option<u8>,
}

/// A video or audio block (`blocks/media.html`).
#[derive(Serialize)]
pub struct MediaView {
    pub id: String,
    /// `video` or `audio`.
    pub kind: &'static str,
    /// The media file's URL relative to the page, and its MIME type.
    pub src: String,
    pub mime: &'static str,
    /// A video's poster image, URL relative to the page.
    pub poster: Option<String>,
    pub tracks: Vec<TrackView>,
    /// The title shown with the player (HTML).
    pub caption: String,
    /// The transcript (HTML), shown in a disclosure under the player.
    pub transcript: Option<String>,
}

/// A caption track of a video.
#[derive(Serialize)]
pub struct TrackView {
    /// The WebVTT file's URL relative to the page.
    pub src: String,
    /// BCP 47 tag.
    pub lang: String,
    /// The language's name in that language when the theme knows it, else the tag.
    pub label: String,
    /// The track shown by default: the one in the page's language, else the first.
    pub default: bool,
}

/// A question (`blocks/question.html`), whatever its type: the fields of the other types are
/// empty (or `none`).
#[derive(Serialize)]
pub struct QuestionView {
    pub id: String,
    /// The interaction type: `choice`, `true-false`, `fill-in`, `matching`, `sequencing`,
    /// `numeric` or `likert`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Counts for the score (numbered `questionOf`); otherwise a knowledge check or a survey.
    pub scored: bool,
    pub multiple: bool,
    pub prompt: String,
    /// Choices (choice, true-false) or scale points (likert).
    pub choices: Vec<ChoiceView>,
    /// The position among the scored questions of the page and their number (0 when unscored).
    pub number: usize,
    pub total: usize,
    /// fill-in: the longest answer allowed, in characters (0 otherwise).
    pub max_length: usize,
    /// fill-in: the first accepted answer, plain text.
    pub answer: Option<String>,
    /// numeric: the range of right answers, as written (equal for an exact answer).
    pub min: Option<String>,
    pub max: Option<String>,
    /// matching: the sources (`1`, `2`, …) and targets (`a`, `b`, …) in pair order.
    pub sources: Vec<PartView>,
    pub targets: Vec<PartView>,
    /// sequencing: the steps (`a`, `b`, …) in the right order.
    pub steps: Vec<PartView>,
    /// Shown when the answer is right / wrong (HTML).
    pub feedback_correct: Option<String>,
    pub feedback_incorrect: Option<String>,
}

#[derive(Serialize)]
pub struct ChoiceView {
    pub letter: String,
    pub text: String,
    pub feedback: Option<String>,
    pub correct: bool,
}

/// A matching source or target, or a sequencing step.
#[derive(Serialize)]
pub struct PartView {
    /// Its response id: `1`–`9` for a source, a letter otherwise.
    pub id: String,
    /// HTML (phrasing content).
    pub text: String,
    /// Plain text, for where markup cannot go (`<option>`).
    pub label: String,
}

/// A quiz (`blocks/quiz.html`): its blocks already rendered.
#[derive(Serialize)]
pub struct QuizView {
    pub id: String,
    /// HTML, a safe template value: passed to the template, never copied.
    pub body: minijinja::Value,
    /// Its position among the quiz blocks of the page, and their number: with several, each
    /// title carries its number, so that every quiz region has a name of its own.
    pub number: usize,
    pub total: usize,
}

/// The tracking plan embedded in each page as `#cp-data` (see `docs/runtime.md`).
#[derive(Serialize)]
pub struct PageData<'a> {
    pub course: &'a str,
    pub standard: &'a str,
    pub lang: &'a str,
    pub lessons: Vec<String>,
    pub groups: Vec<GroupData>,
    pub questions: Vec<QuestionData>,
    pub quizzes: Vec<QuizData>,
    pub completion: CompletionData,
    pub mastery: Option<u8>,
    /// The video and audio blocks, in document order (absent when there are none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<MediaData>,
    pub strings: &'a BTreeMap<String, String>,
    /// Activity ids and names, for xAPI and SCORM 2004 pages only (2004 interactions take their
    /// descriptions and correct responses patterns from them: the formats are the same).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xapi: Option<super::xapi::PageActivities<'a>>,
}

#[derive(Serialize, Clone)]
pub struct XapiActivity {
    pub id: String,
    /// The activity type IRI.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Plain text, in the page's language.
    pub name: String,
    /// tabs, carousel or accordion (groups).
    #[serde(rename = "kind", skip_serializing_if = "Option::is_none")]
    pub group_kind: Option<&'static str>,
    /// The group an item belongs to, its position (1-based) and the group's size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
    /// Questions: the `cmi.interaction` definition (xAPI 1.0.3): its type, components and
    /// correct responses, ready to send.
    #[serde(rename = "interactionType", skip_serializing_if = "Option::is_none")]
    pub interaction_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<XapiComponent>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<Vec<XapiComponent>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Vec<XapiComponent>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Vec<XapiComponent>>,
    #[serde(
        rename = "correctResponsesPattern",
        skip_serializing_if = "Option::is_none"
    )]
    pub correct_responses_pattern: Option<Vec<String>>,
    /// Choice and true-false questions: the right letters (as in the page data's `questions`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correct: Option<Vec<String>>,
}

/// An interaction component (a choice, scale point, source, target or step).
#[derive(Serialize, Clone)]
pub struct XapiComponent {
    pub id: String,
    pub description: String,
}

/// A video or audio block in the page data: tracked as watched once `complete_at` (a share from
/// 0 to 1) of it has been played.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MediaData {
    pub id: String,
    /// `video` or `audio`.
    pub kind: &'static str,
    pub complete_at: f64,
}

#[derive(Serialize)]
pub struct GroupData {
    pub id: String,
    pub kind: &'static str,
    pub items: Vec<String>,
}

/// A question in the page data: every field is there for every type, empty when it does not
/// apply, so the runtime needs no presence checks.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionData {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub scored: bool,
    /// The quiz block holding it; `None` for the implicit quiz and for unscored questions.
    pub quiz: Option<String>,
    pub multiple: bool,
    /// Choice, true-false and likert ids, or sequencing steps, in order.
    pub choices: Vec<String>,
    /// Choice, true-false: the right letters in order; sequencing: the right order.
    pub correct: Vec<String>,
    /// fill-in: each accepted answer, plain text.
    pub accepted: Vec<String>,
    pub case_sensitive: bool,
    pub max_length: usize,
    /// matching: source `k` goes with target `k-1` (`1.a`, `2.b`, …).
    pub sources: Vec<String>,
    pub targets: Vec<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    /// What its answer takes in the learner state.
    #[serde(skip)]
    pub state: AnswerShape,
}

/// A quiz in the page data: a quiz block, or the page's implicit quiz (`id` null).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuizData {
    pub id: Option<String>,
    pub questions: Vec<String>,
    /// `None` = unlimited.
    pub attempts: Option<u8>,
    pub show_correct: &'static str,
    pub shuffle: bool,
    pub draw: Option<usize>,
}

#[derive(Serialize)]
pub struct CompletionData {
    pub pages: bool,
    pub items: bool,
    pub quiz: bool,
}
