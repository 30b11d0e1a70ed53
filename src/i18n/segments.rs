//! Translatable segments: every piece of course text a translator sees, with a structural key.
//!
//! A segment is a title, a label, an alt text, a choice, a feedback, or one *leaf block* of
//! Markdown (a paragraph, a heading, a list item's text, a table cell). Keys come from ids and
//! positions, never from text: `01-intro/title`, `01-intro/3/p2` (second leaf block of the third
//! block of lesson `01-intro`), `compute/title` (a tab), `q1/b/feedback`, `q2/accepted1`,
//! `q3/2/target`, `q4/step3`, `q5/correct`. The same walk, in the same order, both extracts
//! segments and puts translations back ([`super::localize`]).

use crate::model::{Answer, Block, Course, Id, Question, Text};
use crate::source::lesson::markdown_options;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use sha2::{Digest, Sha256};
use std::ops::Range;

/// One translatable piece of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub key: String,
    /// Markdown source on one line (soft line breaks become spaces).
    pub source: String,
    /// What it is, for the translator.
    pub context: String,
    /// `file:line` in the course folder.
    pub location: String,
}

/// A short, stable hash of a source text: 12 hex digits of its SHA-256.
pub fn source_hash(source: &str) -> String {
    Sha256::digest(source.as_bytes())
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where a segment's text lives in the model, for putting a translation back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The whole text is one segment (titles, labels, alt texts, choices, feedback).
    Whole,
    /// One leaf block of a Markdown text: the byte range of its inline content.
    Leaf(Range<usize>),
}

/// Calls `f` for every translatable text of the course, in document order, with the key prefix
/// and context of that text. Whole texts get `key`; Markdown bodies get `key/pN` per leaf.
pub fn walk_course<'a>(course: &'a Course, f: &mut impl FnMut(&str, &str, &'a Text, bool)) {
    for lesson in &course.lessons {
        let lesson_name = one_line(&lesson.title.markdown);
        f(
            &format!("{}/title", lesson.id),
            "lesson title",
            &lesson.title,
            true,
        );
        walk_blocks(&lesson.blocks, lesson.id.as_str(), &lesson_name, f);
    }
}

fn walk_blocks<'a>(
    blocks: &'a [Block],
    prefix: &str,
    lesson: &str,
    f: &mut impl FnMut(&str, &str, &'a Text, bool),
) {
    for (i, block) in blocks.iter().enumerate() {
        let path = format!("{prefix}/{}", i + 1);
        match block {
            Block::Markdown(text) => {
                f(&path, &format!("text in lesson “{lesson}”"), text, false);
            }
            Block::Group(g) => {
                let kind = g.kind.name();
                if let Some(label) = &g.label {
                    f(
                        &format!("{}/label", g.id),
                        &format!("label of a {kind} block in lesson “{lesson}”"),
                        label,
                        true,
                    );
                }
                for item in &g.items {
                    let what = g.kind.item_name();
                    f(
                        &format!("{}/title", item.id),
                        &format!("{what} title in lesson “{lesson}”"),
                        &item.title,
                        true,
                    );
                    walk_blocks(&item.blocks, item.id.as_str(), lesson, f);
                }
            }
            Block::Callout(c) => {
                if let Some(title) = &c.title {
                    f(
                        &format!("{path}/title"),
                        &format!("callout title in lesson “{lesson}”"),
                        title,
                        true,
                    );
                }
                walk_blocks(&c.blocks, &path, lesson, f);
            }
            Block::Figure(fig) => {
                if !fig.alt.markdown.is_empty() {
                    f(
                        &format!("{path}/alt"),
                        &format!("image description (alt text) in lesson “{lesson}”"),
                        &fig.alt,
                        true,
                    );
                }
                if let Some(caption) = &fig.caption {
                    f(
                        &format!("{path}/caption"),
                        &format!("figure caption in lesson “{lesson}”"),
                        caption,
                        false,
                    );
                }
            }
            Block::Question(q) => walk_question(q, lesson, f),
            Block::Quiz(quiz) => walk_blocks(&quiz.blocks, &path, lesson, f),
            Block::Media(m) => {
                let kind = m.kind.name();
                f(
                    &format!("{}/caption", m.id),
                    &format!("title of a {kind} in lesson “{lesson}”"),
                    &m.caption,
                    false,
                );
                if let Some(t) = &m.transcript {
                    f(
                        &format!("{}/transcript", m.id),
                        &format!("transcript of a {kind} in lesson “{lesson}”: the words spoken"),
                        t,
                        false,
                    );
                }
            }
        }
    }
}

/// The key of the `k`-th (1-based) accepted answer of a fill-in question.
pub fn accepted_key(question: &Id, k: usize) -> String {
    format!("{question}/accepted{k}")
}

/// The texts of a question: its prompt, then what its type holds (choices and their feedback,
/// accepted answers, pairs, steps, scale points), then its outcome feedback.
fn walk_question<'a>(
    q: &'a Question,
    lesson: &str,
    f: &mut impl FnMut(&str, &str, &'a Text, bool),
) {
    let id = &q.id;
    f(
        &format!("{id}/prompt"),
        &format!("question in lesson “{lesson}”"),
        &q.prompt,
        false,
    );
    match &q.answer {
        Answer::Choice { choices, .. } | Answer::TrueFalse { choices } => {
            for c in choices {
                f(
                    &format!("{id}/{}", c.letter),
                    "answer choice",
                    &c.text,
                    true,
                );
                if let Some(fb) = &c.feedback {
                    f(
                        &format!("{id}/{}/feedback", c.letter),
                        "feedback shown when this choice is picked",
                        fb,
                        true,
                    );
                }
            }
        }
        Answer::FillIn {
            accepted,
            max_length,
            ..
        } => {
            let context = format!(
                "an answer the learner may type that counts as right (at most {max_length} characters): translate it as a learner would write it"
            );
            for (k, text) in accepted.iter().enumerate() {
                f(&accepted_key(id, k + 1), &context, text, true);
            }
        }
        Answer::Matching { pairs } => {
            for (k, pair) in pairs.iter().enumerate() {
                let n = k + 1;
                f(
                    &format!("{id}/{n}/source"),
                    "matching question: an item to match",
                    &pair.source,
                    true,
                );
                f(
                    &format!("{id}/{n}/target"),
                    "matching question: the match of the item before",
                    &pair.target,
                    true,
                );
            }
        }
        Answer::Sequencing { steps } => {
            for (k, step) in steps.iter().enumerate() {
                f(
                    &format!("{id}/step{}", k + 1),
                    "ordering question: one step, in the right order",
                    step,
                    true,
                );
            }
        }
        Answer::Numeric { .. } => {}
        Answer::Likert { scale } => {
            for (letter, point) in ('a'..='z').zip(scale) {
                f(
                    &format!("{id}/{letter}"),
                    "survey question: one point of the scale",
                    point,
                    true,
                );
            }
        }
    }
    if let Some(fb) = &q.feedback_correct {
        f(
            &format!("{id}/correct"),
            "feedback shown when the answer is right",
            fb,
            true,
        );
    }
    if let Some(fb) = &q.feedback_incorrect {
        f(
            &format!("{id}/incorrect"),
            "feedback shown when the answer is wrong",
            fb,
            true,
        );
    }
}

/// The segments of a text: the whole text, or one per Markdown leaf block.
pub fn text_segments(text: &Text, key: &str, context: &str, whole: bool) -> Vec<(Segment, Slot)> {
    let location =
        |line_offset: usize| format!("{}:{}", text.origin.file, text.origin.line + line_offset);
    if whole {
        let source = one_line(&text.markdown);
        if source.is_empty() {
            return Vec::new();
        }
        return vec![(
            Segment {
                key: key.to_string(),
                source,
                context: context.to_string(),
                location: location(0),
            },
            Slot::Whole,
        )];
    }
    let breaks = hard_breaks(&text.markdown);
    leaves(&text.markdown)
        .into_iter()
        .enumerate()
        .filter_map(|(n, range)| {
            let inside: Vec<Range<usize>> = breaks
                .iter()
                .filter(|b| b.start >= range.start && b.end <= range.end)
                .map(|b| b.start - range.start..b.end - range.start)
                .collect();
            let source = one_line_with_breaks(text.markdown.get(range.clone())?, &inside);
            if source.is_empty() {
                return None;
            }
            let line = text.markdown[..range.start].matches('\n').count();
            Some((
                Segment {
                    key: format!("{key}/p{}", n + 1),
                    source,
                    context: context.to_string(),
                    location: location(line),
                },
                Slot::Leaf(range),
            ))
        })
        .collect()
}

/// All segments of a course: its title and description, then the lessons in order.
pub fn course_segments(course: &Course) -> Vec<(Segment, Slot)> {
    let mut out = Vec::new();
    each_segment(course, &mut |segment, slot, _| out.push((segment, slot)));
    out
}

/// Calls `f` for every segment of the course, in the order of [`course_segments`], with where
/// it goes back: its slot and the text it is part of (`None` for the course's title and
/// description, which are no [`Text`]).
pub fn each_segment<'a>(course: &'a Course, f: &mut impl FnMut(Segment, Slot, Option<&'a Text>)) {
    f(
        Segment {
            key: "course/title".into(),
            source: course.meta.title.clone(),
            context: "course title".into(),
            location: "course.toml".into(),
        },
        Slot::Whole,
        None,
    );
    if let Some(d) = &course.meta.description {
        f(
            Segment {
                key: "course/description".into(),
                source: d.clone(),
                context: "course description (LMS catalogue)".into(),
                location: "course.toml".into(),
            },
            Slot::Whole,
            None,
        );
    }
    walk_course(course, &mut |key, context, text, whole| {
        for (segment, slot) in text_segments(text, key, context, whole) {
            f(segment, slot, Some(text));
        }
    });
}

/// Byte ranges of the inline content of each leaf block (paragraph, heading, table cell, list
/// item text), in document order. Code blocks and raw HTML are not translatable.
pub fn leaves(markdown: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // The open containers; for each leaf container, the span of inline content seen so far.
    let mut stack: Vec<Option<Range<usize>>> = Vec::new();
    let mut code_depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if matches!(tag, Tag::CodeBlock(_) | Tag::HtmlBlock) {
                    code_depth += 1;
                }
                if is_inline(&tag) {
                    extend(&mut stack, range);
                } else {
                    stack.push(is_leaf_container(&tag).then_some(0..0));
                }
            }
            Event::End(end) => {
                if matches!(end, TagEnd::CodeBlock | TagEnd::HtmlBlock) {
                    code_depth = code_depth.saturating_sub(1);
                }
                if !is_inline_end(&end) {
                    if let Some(Some(span)) = stack.pop() {
                        if span.end > span.start {
                            out.push(span);
                        }
                    }
                }
            }
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
                if code_depth == 0 =>
            {
                extend(&mut stack, range);
            }
            _ => {}
        }
    }
    // A tight list item holds its text directly; a loose one through a paragraph, reported
    // already. Nested containers may report the same span twice: keep the first of each.
    out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    out.dedup_by(|b, a| b.start >= a.start && b.end <= a.end);
    out
}

fn extend(stack: &mut [Option<Range<usize>>], range: Range<usize>) {
    // Inline content belongs to the innermost leaf container.
    if let Some(Some(span)) = stack.iter_mut().rev().find(|s| s.is_some()) {
        if span.start == span.end {
            *span = range;
        } else {
            span.start = span.start.min(range.start);
            span.end = span.end.max(range.end);
        }
    }
}

fn is_leaf_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item
    )
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_inline_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// A text on one line: lines joined by single spaces (a soft break renders as a space), each
/// line's indentation and block-quote markers dropped.
pub fn one_line(s: &str) -> String {
    one_line_with_breaks(s, &[])
}

/// [`one_line`], except that the line ends inside `breaks` (hard line breaks, as byte ranges of
/// `s`) stay line breaks, written the one way CommonMark reads anywhere: a backslash, then a line
/// end.
fn one_line_with_breaks(s: &str, breaks: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(s.len());
    let mut after_break = false;
    let mut offset = 0;
    for raw in s.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let line_end = start + line.len();
        let is_break = line_end < offset
            && breaks
                .iter()
                .any(|b| b.start <= line_end && line_end < b.end);
        let mut text = line.trim_start().trim_start_matches('>').trim();
        if is_break {
            text = text.strip_suffix('\\').unwrap_or(text).trim_end();
        }
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(if after_break { "\\\n" } else { " " });
        }
        out.push_str(text);
        after_break = is_break;
    }
    out
}

/// The byte ranges of the hard line breaks of some Markdown (two spaces or a backslash, then a
/// line end).
fn hard_breaks(markdown: &str) -> Vec<Range<usize>> {
    Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::HardBreak))
        .map(|(_, range)| range)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf_texts(md: &str) -> Vec<&str> {
        leaves(md).into_iter().map(|r| &md[r]).collect()
    }

    #[test]
    fn leaves_of_markdown() {
        assert_eq!(
            leaf_texts("Hello *you*.\n\nSecond\nline."),
            vec!["Hello *you*.", "Second\nline."]
        );
        assert_eq!(
            leaf_texts("## Title\n\n- one\n- **two**\n"),
            vec!["Title", "one", "**two**"]
        );
        assert_eq!(leaf_texts("- loose\n\n- list\n"), vec!["loose", "list"]);
        assert_eq!(leaf_texts("> quoted\n> text\n"), vec!["quoted\n> text"]);
        assert_eq!(
            leaf_texts("| a | b |\n|---|---|\n| c | `d` |\n"),
            vec!["a", "b", "c", "`d`"]
        );
        assert_eq!(leaf_texts("```\ncode\n```\n\nafter"), vec!["after"]);
        assert_eq!(
            leaf_texts("See ![alt](x.svg) and [l](https://e.com)."),
            vec!["See ![alt](x.svg) and [l](https://e.com)."]
        );
        assert_eq!(
            leaf_texts("1. first\n   continued\n2. second"),
            vec!["first\n   continued", "second"]
        );
    }

    #[test]
    fn one_line_joins() {
        assert_eq!(one_line("a\n   b\n> c"), "a b c");
    }

    #[test]
    fn hard_breaks_stay_line_breaks() {
        let source = |md: &str| -> Vec<String> {
            let text = Text {
                markdown: md.to_string(),
                origin: crate::model::Origin {
                    file: crate::source::fs::RelPath::from_trusted("l.md"),
                    line: 1,
                    column: 1,
                },
            };
            text_segments(&text, "k", "c", false)
                .into_iter()
                .map(|(s, _)| s.source)
                .collect()
        };
        assert_eq!(source("a hard\\\nbreak"), ["a hard\\\nbreak"]);
        assert_eq!(source("two spaces  \nbreak"), ["two spaces\\\nbreak"]);
        assert_eq!(
            source("> quoted\\\n> break\n> soft"),
            ["quoted\\\nbreak soft"]
        );
        assert_eq!(source("- item  \n  break\n"), ["item\\\nbreak"]);
        assert_eq!(source("`code  \nspan` and\nsoft"), ["`code span` and soft"]);
        assert_eq!(
            source("escaped \\\\\nbackslash"),
            ["escaped \\\\ backslash"]
        );
    }
}
