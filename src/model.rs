//! The course model: what a course *is*, once its source has been read and checked.
//!
//! Structure (lessons, blocks, items, ids, asset paths) is kept apart from text: every piece of
//! text a translator may change is a [`Text`], and nothing structural is derived from one. A
//! translated course is the same tree with other [`Text`] values.

use crate::source::fs::RelPath;
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
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
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
    pub package: PackageOptions,
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
    Question(Question),
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
}

/// A scored question of the knowledge check.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Question {
    pub id: Id,
    pub multiple: bool,
    pub prompt: Text,
    pub choices: Vec<Choice>,
}

/// One answer of a question; `letter` is its SCORM 1.2 response value (`a`, `b`, …).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Choice {
    pub letter: char,
    pub correct: bool,
    pub text: Text,
    pub feedback: Option<Text>,
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

    /// Every question of the course, in document order.
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

impl Course {
    /// Calls `f` on every text of the lessons (titles, labels, bodies, alt texts, choices…).
    pub fn texts_mut(&mut self, f: &mut impl FnMut(&mut Text)) {
        for lesson in &mut self.lessons {
            f(&mut lesson.title);
            blocks_texts_mut(&mut lesson.blocks, f);
        }
    }
}

fn blocks_texts_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Text)) {
    for block in blocks {
        match block {
            Block::Markdown(t) => f(t),
            Block::Group(g) => {
                if let Some(l) = &mut g.label {
                    f(l);
                }
                for item in &mut g.items {
                    f(&mut item.title);
                    blocks_texts_mut(&mut item.blocks, f);
                }
            }
            Block::Callout(c) => {
                if let Some(t) = &mut c.title {
                    f(t);
                }
                blocks_texts_mut(&mut c.blocks, f);
            }
            Block::Figure(fig) => {
                f(&mut fig.alt);
                if let Some(c) = &mut fig.caption {
                    f(c);
                }
            }
            Block::Question(q) => {
                f(&mut q.prompt);
                for c in &mut q.choices {
                    f(&mut c.text);
                    if let Some(fb) = &mut c.feedback {
                        f(fb);
                    }
                }
            }
        }
    }
}

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
            Block::Markdown(_) | Block::Figure(_) | Block::Question(_) => {}
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
