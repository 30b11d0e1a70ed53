//! The course model: what a course *is*, once its source has been read and checked.
//!
//! Structure (lessons, blocks, items, ids, asset paths) is kept apart from text: every piece of
//! text a translator may change is a [`Text`], and nothing structural is derived from one. A
//! translated course is the same tree with other [`Text`] values.

pub use crate::color::Rgb;
use crate::inline::ImageWidth;
use crate::source::fs::RelPath;
use std::collections::BTreeMap;
use std::fmt;

/// A stable id of something an LMS tracks: 1–255 characters among `A–Z a–z 0–9 . _ -`.
/// That is a valid SCORM 1.2 CMIIdentifier and safe inside an IRI path.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Id(String);

/// The longest id SCORM 1.2 accepts (CMIIdentifier).
pub const MAX_ID_LEN: usize = 255;

impl Id {
    /// Checks `s` against the id rules; the error says what is wrong with it.
    pub fn parse(s: &str) -> Result<Id, String> {
        if s.is_empty() {
            return Err("an id cannot be empty".into());
        }
        if s.len() > MAX_ID_LEN {
            return Err(format!(
                "id `{}…` is {} characters long; the limit is {MAX_ID_LEN}",
                &s[..s.char_indices().nth(20).map_or(s.len(), |(i, _)| i)],
                s.chars().count()
            ));
        }
        if let Some(bad) = s.chars().find(|c| !is_id_char(*c)) {
            return Err(format!(
                "id `{s}` contains `{bad}`; ids may only use letters A–Z a–z, digits, `.`, `_` and `-`"
            ));
        }
        Ok(Id(s.to_string()))
    }

    /// Makes an id from arbitrary text (a file name): forbidden characters become `-`.
    pub fn sanitize(s: &str) -> Id {
        let mut out: String = s
            .chars()
            .map(|c| if is_id_char(c) { c } else { '-' })
            .collect();
        if out.is_empty() {
            out.push('x');
        }
        out.truncate(MAX_ID_LEN);
        Id(out)
    }

    /// A derived child id: `parent.suffix`, cut to the length limit.
    pub fn child(&self, suffix: &str) -> Id {
        let mut s = format!("{}.{}", self.0, suffix);
        s.truncate(MAX_ID_LEN);
        Id(s)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a piece of source text starts: its file, 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Origin {
    pub file: RelPath,
    pub line: usize,
    pub column: usize,
}

/// Translatable text, as Markdown source. Links and images inside it are relative to the
/// folder of `origin.file`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Text {
    pub markdown: String,
    pub origin: Origin,
}

/// A whole course.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Course {
    pub meta: CourseMeta,
    pub lessons: Vec<Lesson>,
    /// Every file the lessons reference, course-relative, sorted.
    pub assets: Vec<RelPath>,
    /// Where links inside the course may point; shared by its translations, which keep them.
    #[serde(skip)]
    pub anchors: std::sync::Arc<Anchors>,
}

/// Where links inside the course may point (`#anchor`, `02-next.md#anchor`), computed once from
/// the source: for each lesson, the anchor names an author may write and what each names; for
/// each text that holds headings, the anchor of each heading in order. Heading anchors come from
/// the source text, so a translated course keeps them and its links keep working.
#[derive(Clone, Debug, Default)]
pub struct Anchors {
    pub lessons: BTreeMap<Id, BTreeMap<String, Anchor>>,
    /// Keyed by the origin of the text holding the headings; `None` for a heading left without an
    /// anchor (its text has no letter or digit, and it has no `{#id}`).
    pub headings: BTreeMap<Origin, Vec<Option<String>>>,
}

/// What an anchor of a lesson names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The lesson itself: its id, or its title's slug.
    Lesson,
    /// A heading of the lesson's Markdown.
    Heading,
    Group(GroupKind, Id),
    /// A tab, slide or panel: its id, or its title's slug.
    Item(GroupKind, Id),
    Question(Id),
    Quiz(Id),
    /// A video or audio block.
    Media(Id),
}

/// What `course.toml` says, checked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CourseMeta {
    /// Absolute IRI, the xAPI activity id of the course.
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// BCP 47 tag of the source text.
    pub language: String,
    pub version: String,
    pub authors: Vec<String>,
    /// Languages to build, the source language first.
    pub languages: Vec<String>,
    pub completion: Completion,
    /// Course-wide quiz settings (`[quiz]` in `course.toml`); a `quiz` block may override them.
    pub quiz: QuizSettings,
    pub package: PackageOptions,
    /// How long the course takes, in minutes, as the author says (`duration`); `None` lets the
    /// renderer estimate it. A translated course has its source's (said or estimated).
    pub duration: Option<u32>,
    /// The look of the course (`[theme]`).
    pub theme: ThemeSettings,
    /// The learner interface's strings from the translation file of a translated course, by
    /// name (`submit`…): they win over the theme's. Empty in the source language.
    pub interface: std::collections::BTreeMap<String, String>,
}

/// The look of a course (`[theme]` in `course.toml`): every value is optional, and the default
/// theme's own is used for any left out. Colours are checked for WCAG AA contrast when read.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ThemeSettings {
    pub accent: Option<Rgb>,
    pub text: Option<Rgb>,
    pub background: Option<Rgb>,
    /// Shown before the course title; `logo_alt` is its text alternative (empty: decorative).
    pub logo: Option<RelPath>,
    pub logo_alt: String,
    /// The cover's picture (decorative).
    pub cover: Option<RelPath>,
    /// Body text and headings (headings follow the body font when `heading_font` is `None`).
    pub font: Option<Font>,
    pub heading_font: Option<Font>,
}

impl ThemeSettings {
    /// Every file the theme refers to, in a fixed order: they are packaged with the media.
    pub fn files(&self) -> Vec<&RelPath> {
        let mut out: Vec<&RelPath> = self.logo.iter().chain(&self.cover).collect();
        for font in self.font.iter().chain(&self.heading_font) {
            if let Font::Files(faces) = font {
                out.extend(faces.iter().map(|f| &f.file));
            }
        }
        out
    }
}

/// A font: one of the system font stacks coursepack knows, or WOFF2 files in the course.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Font {
    Stack(FontStack),
    Files(Vec<FontFace>),
}

/// One WOFF2 file of a font: its weight (`400`, `700`, or `100 900` for a variable font given
/// alone) and style.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FontFace {
    pub file: RelPath,
    pub weight: &'static str,
    pub italic: bool,
}

/// Font stacks made of fonts already on learners' devices (nothing to package).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FontStack {
    System,
    Humanist,
    Geometric,
    Rounded,
    Serif,
    OldStyle,
    Slab,
    Mono,
}

impl FontStack {
    pub const ALL: &'static [FontStack] = &[
        FontStack::System,
        FontStack::Humanist,
        FontStack::Geometric,
        FontStack::Rounded,
        FontStack::Serif,
        FontStack::OldStyle,
        FontStack::Slab,
        FontStack::Mono,
    ];

    /// The keyword written in `course.toml`.
    pub fn name(self) -> &'static str {
        match self {
            FontStack::System => "system",
            FontStack::Humanist => "humanist",
            FontStack::Geometric => "geometric",
            FontStack::Rounded => "rounded",
            FontStack::Serif => "serif",
            FontStack::OldStyle => "old-style",
            FontStack::Slab => "slab",
            FontStack::Mono => "mono",
        }
    }

    pub fn parse(s: &str) -> Option<FontStack> {
        FontStack::ALL.iter().copied().find(|f| f.name() == s)
    }
}

/// The completion rule: every condition that is on must be met.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Completion {
    pub all_pages: bool,
    pub all_items: bool,
    pub quiz: bool,
    /// Percentage of correct answers that passes the knowledge check.
    pub mastery_score: Option<u8>,
}

/// Packaging choices from `course.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct PackageOptions {
    pub allow_html: bool,
    pub sco_per_lesson: bool,
}

/// One lesson: one Markdown file.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Lesson {
    pub id: Id,
    pub file: RelPath,
    pub title: Text,
    /// A decorative picture shown above the lesson title (`# Title {banner=images/x.jpg}`).
    pub banner: Option<RelPath>,
    pub blocks: Vec<Block>,
}

/// A piece of lesson content.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    Markdown(Text),
    Group(Group),
    Callout(Callout),
    Figure(Figure),
    /// A question outside any quiz: scored (part of the page's implicit quiz, with the course's
    /// quiz settings) or an unscored knowledge check / survey.
    Question(Question),
    Quiz(Quiz),
    Media(Media),
}

/// The three tracked containers: each item is recorded when the learner first sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupKind {
    Tabs,
    Carousel,
    Accordion,
}

impl GroupKind {
    pub fn name(self) -> &'static str {
        match self {
            GroupKind::Tabs => "tabs",
            GroupKind::Carousel => "carousel",
            GroupKind::Accordion => "accordion",
        }
    }

    /// What one item is called, for messages.
    pub fn item_name(self) -> &'static str {
        match self {
            GroupKind::Tabs => "tab",
            GroupKind::Carousel => "slide",
            GroupKind::Accordion => "panel",
        }
    }
}

/// A tabs block, carousel or accordion.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Group {
    pub id: Id,
    pub kind: GroupKind,
    pub label: Option<Text>,
    /// The Markdown heading level that starts items (2 for `##`); headings inside an item are
    /// deeper, and the renderer places them under the item.
    pub item_level: usize,
    pub items: Vec<Item>,
}

/// A tab, slide or accordion panel.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Item {
    pub id: Id,
    pub title: Text,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CalloutKind {
    Note,
    Quote,
    KeyPoint,
}

impl CalloutKind {
    pub fn parse(s: &str) -> Option<CalloutKind> {
        match s {
            "note" => Some(CalloutKind::Note),
            "quote" => Some(CalloutKind::Quote),
            "key-point" => Some(CalloutKind::KeyPoint),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            CalloutKind::Note => "note",
            CalloutKind::Quote => "quote",
            CalloutKind::KeyPoint => "key-point",
        }
    }
}

/// Highlighted text.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Callout {
    pub kind: CalloutKind,
    pub title: Option<Text>,
    pub blocks: Vec<Block>,
}

/// An image with alt text and an optional caption.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Figure {
    pub image: RelPath,
    /// Empty for a decorative image.
    pub alt: Text,
    pub caption: Option<Text>,
    /// `{width=…}` after the image.
    pub width: Option<ImageWidth>,
}

/// Video or audio.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MediaKind {
    Video,
    Audio,
}

impl MediaKind {
    /// The directive name, also the kind in page data.
    pub fn name(self) -> &'static str {
        match self {
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
        }
    }
}

/// A video or audio file played in the browser's own player; tracked as watched once the learner
/// has played `complete_at` percent of it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Media {
    pub id: Id,
    pub kind: MediaKind,
    pub src: RelPath,
    /// The image shown before a video plays.
    pub poster: Option<RelPath>,
    /// WebVTT caption files, one per language, in the order written.
    pub tracks: Vec<CaptionTrack>,
    /// Shown with the player; its plain text names the media in reports.
    pub caption: Text,
    /// The full text, shown in a disclosure under the player.
    pub transcript: Option<Text>,
    /// The share of the media (percent, 1–100) a learner must play for it to count as watched.
    pub complete_at: u8,
}

/// A caption track: a WebVTT file and the BCP 47 tag of its language.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CaptionTrack {
    pub lang: String,
    pub file: RelPath,
}

/// When a quiz shows the correct answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShowCorrect {
    Never,
    /// Right after each answer.
    AfterEach,
    /// Once the last attempt is used (never, with unlimited attempts).
    #[default]
    AfterLast,
}

impl ShowCorrect {
    pub fn parse(s: &str) -> Option<ShowCorrect> {
        match s {
            "never" => Some(ShowCorrect::Never),
            "after-each" => Some(ShowCorrect::AfterEach),
            "after-last" => Some(ShowCorrect::AfterLast),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ShowCorrect::Never => "never",
            ShowCorrect::AfterEach => "after-each",
            ShowCorrect::AfterLast => "after-last",
        }
    }
}

/// How a quiz is taken. The course's `[quiz]` table gives the defaults; a `quiz` block's
/// attributes override them (already resolved in the model).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct QuizSettings {
    /// Attempts allowed, 1–63; `None` = unlimited.
    pub attempts: Option<u8>,
    pub show_correct: ShowCorrect,
    /// Shuffle the choices (choice questions), the targets (matching) and the order of a quiz
    /// block's questions, anew at each attempt.
    pub shuffle: bool,
    /// A question bank: draw this many of the quiz's questions at random for each attempt.
    pub draw: Option<usize>,
}

/// The largest attempt count a quiz may set (one base64url character in the learner state).
pub const MAX_ATTEMPTS: u8 = 63;

/// A scored quiz: its questions are answered, scored and retried together.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Quiz {
    pub id: Id,
    pub settings: QuizSettings,
    /// Markdown and questions, in order (every question of a quiz is scored).
    pub blocks: Vec<Block>,
}

impl Quiz {
    /// The questions of the quiz, in order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Question(q) => Some(q),
            _ => None,
        })
    }
}

/// A question. `scored` questions count for the score; the others (knowledge checks with
/// `scored=false`, and every likert question) count for completion only.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Question {
    pub id: Id,
    pub scored: bool,
    pub prompt: Text,
    pub answer: Answer,
    /// Shown when the answer is right / wrong (every type but choice questions, whose feedback is
    /// per choice, and likert).
    pub feedback_correct: Option<Text>,
    pub feedback_incorrect: Option<Text>,
}

impl Question {
    /// The choices of a choice, true/false or likert question (likert points have no feedback and
    /// none is correct); empty for the other types.
    pub fn choices(&self) -> &[Choice] {
        match &self.answer {
            Answer::Choice { choices, .. } | Answer::TrueFalse { choices } => choices,
            _ => &[],
        }
    }

    /// Whether several answers may be chosen (choice questions only).
    pub fn multiple(&self) -> bool {
        matches!(self.answer, Answer::Choice { multiple: true, .. })
    }
}

/// What a question asks for, by interaction type (SCORM 1.2 `cmi.interactions.n.type`, xAPI
/// `interactionType`).
#[derive(Clone, Debug, serde::Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Answer {
    /// `choice`: one (`multiple` false) or several right choices.
    Choice {
        multiple: bool,
        choices: Vec<Choice>,
    },
    /// `true-false`: two choices, the first meaning true (response `t`), the second false (`f`);
    /// exactly one is marked right.
    TrueFalse { choices: Vec<Choice> },
    /// `fill-in`: a typed answer, right when it equals one of `accepted` after trimming and
    /// collapsing white space (and ignoring case unless `case_sensitive`).
    FillIn {
        accepted: Vec<Text>,
        case_sensitive: bool,
        /// The longest answer the learner may type, in characters (default 40, at most 250).
        max_length: usize,
    },
    /// `matching`: each source goes with its target; sources are `1`–`9`, targets `a`–`i`.
    Matching { pairs: Vec<Pair> },
    /// `sequencing`: the steps in their right order; ids `a`, `b`, …
    Sequencing { steps: Vec<Text> },
    /// `numeric`: right when `min <= value <= max` (`min == max` for an exact answer). Kept as the
    /// author wrote the numbers (`"27"`, `"2.5"`), checked to be decimals.
    Numeric { min: String, max: String },
    /// `likert`: a scale of points `a`, `b`, …; never scored, no right answer.
    Likert { scale: Vec<Text> },
}

impl Answer {
    /// The interaction type, as SCORM 1.2 and xAPI name it.
    pub fn interaction_type(&self) -> &'static str {
        match self {
            Answer::Choice { .. } => "choice",
            Answer::TrueFalse { .. } => "true-false",
            Answer::FillIn { .. } => "fill-in",
            Answer::Matching { .. } => "matching",
            Answer::Sequencing { .. } => "sequencing",
            Answer::Numeric { .. } => "numeric",
            Answer::Likert { .. } => "likert",
        }
    }
}

/// One answer of a choice or true/false question; `letter` is its response value (`a`, `b`, …).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Choice {
    pub letter: char,
    pub correct: bool,
    pub text: Text,
    pub feedback: Option<Text>,
}

/// A matching pair: `source` (response id `1`, `2`, … by position) goes with `target` (`a`, `b`, …).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Pair {
    pub source: Text,
    pub target: Text,
}

impl Course {
    /// Every tracked group of the course, in document order.
    pub fn groups(&self) -> Vec<&Group> {
        let mut out = Vec::new();
        for lesson in &self.lessons {
            lesson.visit(&mut |b| {
                if let Block::Group(g) = b {
                    out.push(g);
                }
            });
        }
        out
    }

    /// Every video and audio block of the course, in document order.
    pub fn media(&self) -> Vec<&Media> {
        let mut out = Vec::new();
        for lesson in &self.lessons {
            lesson.visit(&mut |b| {
                if let Block::Media(m) = b {
                    out.push(m);
                }
            });
        }
        out
    }

    /// Every question of the course, in document order (inside quizzes too).
    pub fn questions(&self) -> Vec<&Question> {
        let mut out = Vec::new();
        for lesson in &self.lessons {
            lesson.visit(&mut |b| {
                if let Block::Question(q) = b {
                    out.push(q);
                }
            });
        }
        out
    }
}

/// The walk over every text of a course, written once for shared (`texts`) and mutable
/// (`texts_mut`) references: `$($m)?` is empty or `mut`.
macro_rules! text_walk {
    ($course:ident, $blocks:ident, $question:ident $(, $m:tt)?) => {
        impl Course {
            /// Calls `f` on every text of the lessons (titles, labels, bodies, alt texts,
            /// choices…), in document order.
            pub fn $course(&$($m)? self, f: &mut impl FnMut(&$($m)? Text)) {
                for lesson in &$($m)? self.lessons {
                    f(&$($m)? lesson.title);
                    $blocks(&$($m)? lesson.blocks, f);
                }
            }
        }

        fn $blocks(blocks: &$($m)? [Block], f: &mut impl FnMut(&$($m)? Text)) {
            for block in blocks {
                match block {
                    Block::Markdown(t) => f(t),
                    Block::Group(g) => {
                        if let Some(l) = &$($m)? g.label {
                            f(l);
                        }
                        for item in &$($m)? g.items {
                            f(&$($m)? item.title);
                            $blocks(&$($m)? item.blocks, f);
                        }
                    }
                    Block::Callout(c) => {
                        if let Some(t) = &$($m)? c.title {
                            f(t);
                        }
                        $blocks(&$($m)? c.blocks, f);
                    }
                    Block::Figure(fig) => {
                        f(&$($m)? fig.alt);
                        if let Some(c) = &$($m)? fig.caption {
                            f(c);
                        }
                    }
                    Block::Question(q) => $question(q, f),
                    Block::Quiz(quiz) => $blocks(&$($m)? quiz.blocks, f),
                    Block::Media(m) => {
                        f(&$($m)? m.caption);
                        if let Some(t) = &$($m)? m.transcript {
                            f(t);
                        }
                    }
                }
            }
        }

        fn $question(q: &$($m)? Question, f: &mut impl FnMut(&$($m)? Text)) {
            f(&$($m)? q.prompt);
            match &$($m)? q.answer {
                Answer::Choice { choices, .. } | Answer::TrueFalse { choices } => {
                    for c in choices {
                        f(&$($m)? c.text);
                        if let Some(fb) = &$($m)? c.feedback {
                            f(fb);
                        }
                    }
                }
                Answer::FillIn { accepted, .. } => accepted.into_iter().for_each(&mut *f),
                Answer::Matching { pairs } => {
                    for p in pairs {
                        f(&$($m)? p.source);
                        f(&$($m)? p.target);
                    }
                }
                Answer::Sequencing { steps } => steps.into_iter().for_each(&mut *f),
                Answer::Numeric { .. } => {}
                Answer::Likert { scale } => scale.into_iter().for_each(&mut *f),
            }
            if let Some(t) = &$($m)? q.feedback_correct {
                f(t);
            }
            if let Some(t) = &$($m)? q.feedback_incorrect {
                f(t);
            }
        }
    };
}

text_walk!(texts, blocks_texts, question_texts);
text_walk!(texts_mut, blocks_texts_mut, question_texts_mut, mut);

impl Lesson {
    /// Calls `f` on every block of the lesson, depth first, in document order.
    pub fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Block)) {
        visit_blocks(&self.blocks, f);
    }
}

/// Calls `f` on every block in `blocks` and inside them, depth first, in document order.
pub fn visit_blocks<'a>(blocks: &'a [Block], f: &mut impl FnMut(&'a Block)) {
    for block in blocks {
        f(block);
        match block {
            Block::Group(g) => {
                for item in &g.items {
                    visit_blocks(&item.blocks, f);
                }
            }
            Block::Callout(c) => visit_blocks(&c.blocks, f),
            Block::Quiz(q) => visit_blocks(&q.blocks, f),
            Block::Markdown(_) | Block::Figure(_) | Block::Question(_) | Block::Media(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_rules() {
        assert!(Id::parse("aws-layers.2_x").is_ok());
        assert!(Id::parse("").is_err());
        assert!(Id::parse("a b").unwrap_err().contains("` `"));
        assert!(Id::parse("é").is_err());
        assert!(Id::parse(&"a".repeat(255)).is_ok());
        assert!(Id::parse(&"a".repeat(256)).unwrap_err().contains("256"));
        assert_eq!(Id::sanitize("01 intro é").as_str(), "01-intro--");
        assert_eq!(Id::sanitize("").as_str(), "x");
    }
}
