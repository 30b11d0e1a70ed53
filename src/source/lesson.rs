//! Turns the scanned tree of one lesson file into model blocks: gives every tracked thing its id,
//! splits tabs, carousels and accordions into items, reads quizzes (their questions are read in
//! [`super::question`]), and checks the Markdown (images, raw HTML).

use super::directive::{self, char_column, error_at, Directive, Line, Node};
use super::fs::{FileStatus, RelPath, SourceFs};
use super::links::PendingLink;
use super::question;
use crate::diag::{line_col, Diagnostic, Diagnostics, Location};
use crate::inline::{self, ImageWidth};
use crate::model::{
    Anchor, Anchors, Block, Callout, CalloutKind, Figure, Group, GroupKind, Id, Item, Lesson,
    MediaKind, Origin, QuizSettings, Text,
};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, BTreeSet};

/// The directives coursepack knows.
pub const DIRECTIVES: &[&str] = &[
    "tabs",
    "carousel",
    "accordion",
    "callout",
    "figure",
    "question",
    "quiz",
    "video",
    "audio",
];

/// The Markdown extensions coursepack enables, for checking and rendering alike.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What lessons share while a course is read: the ids taken so far and the files referenced.
pub struct CourseContext<'f> {
    pub fs: &'f dyn SourceFs,
    pub allow_html: bool,
    pub ids: BTreeMap<Id, Location>,
    /// How many scored `question` blocks the lessons hold, valid or not.
    pub scored_question_blocks: usize,
    /// The course's quiz settings (`[quiz]`), which a `quiz` block's attributes override.
    pub quiz_defaults: QuizSettings,
    pub assets: BTreeSet<RelPath>,
    /// Markdown files that are transcripts of video or audio blocks, not lessons.
    pub transcripts: BTreeSet<RelPath>,
    /// The anchors of the lessons read so far, and of the headings of their texts.
    pub anchors: Anchors,
    /// Links to lessons and anchors, resolved once every lesson is read.
    pub links: Vec<PendingLink>,
}

/// Reads one lesson file. Returns `None` when the lesson cannot be used at all (no title).
pub fn parse_lesson(
    ctx: &mut CourseContext<'_>,
    file: &RelPath,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<Lesson> {
    let mut nodes = directive::scan(file.as_str(), text, diags);
    let Some((title_line, heading)) = take_title(&mut nodes) else {
        diags.push(
            Diagnostic::error("lesson has no title")
                .at(Location::new(file.as_str(), 1, 1))
                .with_source_line(text.lines().next().unwrap_or_default())
                .hint("start the lesson with a level-1 heading: `# Lesson title`"),
        );
        return None;
    };
    let id = match heading.id {
        Some((raw, column)) => {
            let loc = Location::new(file.as_str(), title_line.no, column);
            checked_id(&raw, loc, title_line.text, diags)
                .unwrap_or_else(|| Id::sanitize(file.stem()))
        }
        None => Id::sanitize(file.stem()),
    };
    let mut builder = LessonBuilder {
        ctx,
        file,
        text,
        lesson_id: id.clone(),
        counters: BTreeMap::new(),
        headings: Vec::new(),
        diags,
    };
    builder.claim(
        &id,
        Location::new(file.as_str(), title_line.no, 1),
        title_line.text,
    );
    let column = title_line
        .text
        .find(heading.title.as_str())
        .map_or(1, |o| char_column(title_line.text, o));
    let title = builder.text_from(heading.title, title_line.no, column);
    builder.check_title(&title);
    let banner = builder.banner(title_line, &heading.values);
    let blocks = builder.blocks(&nodes, Place::Lesson);
    let lesson = Lesson {
        id,
        file: file.clone(),
        title,
        banner,
        blocks,
    };
    builder.record_anchors(&lesson);
    Some(lesson)
}

/// Where blocks sit, which decides what may nest there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Lesson,
    Item(GroupKind),
    Callout,
    Quiz,
}

impl Place {
    fn describe(self) -> &'static str {
        match self {
            Place::Lesson => "a lesson",
            Place::Item(GroupKind::Tabs) => "a tab",
            Place::Item(GroupKind::Carousel) => "a slide",
            Place::Item(GroupKind::Accordion) => "an accordion panel",
            Place::Callout => "a callout",
            Place::Quiz => "a quiz",
        }
    }
}

/// Why a directive may not sit where it is: the message and the hint.
fn misplaced(name: &str, place: Place) -> Option<(String, &'static str)> {
    let top_level_only = matches!(
        name,
        "tabs" | "carousel" | "accordion" | "quiz" | "question"
    );
    match (name, place) {
        (_, Place::Lesson) => None,
        ("question", Place::Quiz) => None,
        ("quiz", Place::Quiz) => Some((
            "a quiz cannot be placed inside another quiz".into(),
            "close the first quiz before opening the next",
        )),
        (_, Place::Quiz) if DIRECTIVES.contains(&name) => Some((
            format!("`{name}` cannot be placed inside a quiz"),
            "a quiz holds questions, and Markdown text between them; close the quiz first",
        )),
        ("callout", Place::Callout) => Some((
            "a callout cannot be placed inside another callout".into(),
            "close the first callout before opening the next",
        )),
        ("video" | "audio", _) => Some((
            format!("`{name}` cannot be placed inside {}", place.describe()),
            "videos and audio go at the top level of a lesson, where they stay in view while they play; close the enclosing block first",
        )),
        _ if top_level_only => Some((
            format!("`{name}` cannot be placed inside {}", place.describe()),
            "tabs, carousels, accordions, quizzes and questions go at the top level of a lesson (questions also inside a quiz); close the enclosing block first",
        )),
        _ => None,
    }
}

pub(super) struct LessonBuilder<'c, 'f, 'd> {
    pub(super) ctx: &'c mut CourseContext<'f>,
    pub(super) file: &'c RelPath,
    /// The lesson file's text, for quoting source lines in diagnostics.
    text: &'c str,
    pub(super) lesson_id: Id,
    /// How many directives of each name the lesson has had so far, for derived ids.
    counters: BTreeMap<String, usize>,
    /// The headings of the lesson's texts, in the order the texts were read.
    headings: Vec<PendingHeading>,
    pub(super) diags: &'d mut Diagnostics,
}

/// A heading of a lesson text, until the lesson's anchors are made.
pub(super) struct PendingHeading {
    /// The origin of the text holding it, and its position among that text's headings.
    pub(super) origin: Origin,
    pub(super) index: usize,
    pub(super) line: usize,
    pub(super) column: usize,
    /// Its `{#id}`, when valid.
    pub(super) explicit: Option<Id>,
    /// Its text, without markup.
    pub(super) text: String,
}

impl LessonBuilder<'_, '_, '_> {
    pub(super) fn blocks(&mut self, nodes: &[Node<'_>], place: Place) -> Vec<Block> {
        let mut out = Vec::new();
        for node in nodes {
            match node {
                Node::Markdown(lines) => {
                    if let Some(text) = self.markdown(lines) {
                        out.push(Block::Markdown(text));
                    }
                }
                Node::Directive(d) => {
                    if let Some(block) = self.directive(d, place) {
                        out.push(block);
                    }
                }
            }
        }
        // A block is large and most lists are short (an item's one paragraph): the room a
        // growing vector keeps spare would be a third of a big course's model.
        out.shrink_to_fit();
        out
    }

    fn directive(&mut self, d: &Directive<'_>, place: Place) -> Option<Block> {
        let kind = match d.name {
            "tabs" => Some(GroupKind::Tabs),
            "carousel" => Some(GroupKind::Carousel),
            "accordion" => Some(GroupKind::Accordion),
            _ => None,
        };
        if DIRECTIVES.contains(&d.name) {
            *self.counters.entry(d.name.to_string()).or_default() += 1;
        }
        if d.name == "question" && question::scored_by_syntax(d) {
            self.ctx.scored_question_blocks += 1;
        }
        if let Some((message, hint)) = misplaced(d.name, place) {
            self.error(d.line, d.name_column, message, hint);
            return None;
        }
        match (d.name, kind) {
            (_, Some(kind)) => self.group(d, kind).map(Block::Group),
            ("callout", _) => self.callout(d).map(Block::Callout),
            ("figure", _) => self.figure(d).map(Block::Figure),
            ("question", _) => self.question(d, place).map(Block::Question),
            ("quiz", _) => self.quiz(d).map(Block::Quiz),
            ("video", _) => self.media(d, MediaKind::Video).map(Block::Media),
            ("audio", _) => self.media(d, MediaKind::Audio).map(Block::Media),
            ("transcript", _) => {
                self.error(
                    d.line,
                    d.name_column,
                    "a `transcript` block belongs inside a `video` or `audio` block".into(),
                    "move it between the opening and closing lines of the video or audio it transcribes",
                );
                None
            }
            (name, _) => {
                let hint = match closest(name, DIRECTIVES) {
                    Some(known) => format!(
                        "did you mean `{known}`? known directives: {}",
                        DIRECTIVES.join(", ")
                    ),
                    None => format!("known directives: {}", DIRECTIVES.join(", ")),
                };
                self.error(
                    d.line,
                    d.name_column,
                    format!("unknown directive `{name}`"),
                    &hint,
                );
                None
            }
        }
    }

    fn group(&mut self, d: &Directive<'_>, kind: GroupKind) -> Option<Group> {
        self.no_argument(d);
        self.only_attrs(d, &["label"]);
        let id = self.block_id(d);
        let label = self.attr_text(d, "label");
        let item_name = kind.item_name();

        // Split the body at headings: the first heading's level marks the items.
        let mut item_level = None;
        let mut items: Vec<PendingItem<'_>> = Vec::new();
        for node in &d.body {
            match node {
                Node::Markdown(lines) => {
                    for line in lines {
                        let heading = (!line.in_fence).then(|| atx_heading(line.text)).flatten();
                        match heading {
                            Some(heading) if item_level.is_none_or(|l| heading.level <= l) => {
                                item_level.get_or_insert(heading.level);
                                items.push(PendingItem {
                                    line: *line,
                                    heading,
                                    nodes: Vec::new(),
                                });
                            }
                            _ => match items.last_mut() {
                                Some(item) => push_line(&mut item.nodes, *line),
                                None if line.text.trim().is_empty() => {}
                                None => {
                                    self.error(*line, 1, format!("content before the first {item_name} of the {}", kind.name()),
                                        &format!("start each {item_name} with a heading such as `## Title`; text goes under it"));
                                    return None;
                                }
                            },
                        }
                    }
                }
                Node::Directive(inner) => match items.last_mut() {
                    Some(item) => item.nodes.push(Node::Directive(inner.clone())),
                    None => {
                        self.error(
                            inner.line,
                            inner.name_column,
                            format!(
                                "content before the first {item_name} of the {}",
                                kind.name()
                            ),
                            &format!("start each {item_name} with a heading such as `## Title`"),
                        );
                        return None;
                    }
                },
            }
        }
        if items.is_empty() {
            self.error(d.line, d.name_column, format!("{} block has no {item_name}s", kind.name()),
                &format!("start each {item_name} with a heading inside the block, e.g. `## First {item_name}`"));
            return None;
        }
        let mut out = Vec::new();
        for (position, item) in items.into_iter().enumerate() {
            let PendingItem {
                line,
                heading,
                nodes,
            } = item;
            let item_id = match heading.id {
                Some((raw, col)) => self.explicit_id(&raw, line, col),
                None => Some(id.child(&(position + 1).to_string())),
            };
            let Some(item_id) = item_id else { continue };
            self.claim(
                &item_id,
                Location::new(self.file.as_str(), line.no, 1),
                line.text,
            );
            let column = line
                .text
                .find(heading.title.as_str())
                .map_or(1, |o| char_column(line.text, o));
            let title = self.text_from(heading.title, line.no, column);
            self.check_title(&title);
            let blocks = self.blocks(&nodes, Place::Item(kind));
            out.push(Item {
                id: item_id,
                title,
                blocks,
            });
        }
        Some(Group {
            id,
            kind,
            label,
            item_level: item_level.unwrap_or(2),
            items: out,
        })
    }

    fn callout(&mut self, d: &Directive<'_>) -> Option<Callout> {
        self.only_attrs(d, &["title"]);
        if let Some((_, col)) = d.attrs.id {
            self.error(
                d.line,
                col,
                "a callout is not tracked and takes no id".into(),
                "remove the `#id`",
            );
        }
        let kind = match d.argument {
            None => CalloutKind::Note,
            Some((arg, col)) => match CalloutKind::parse(arg) {
                Some(k) => k,
                None => {
                    self.error(
                        d.line,
                        col,
                        format!("unknown callout kind `{arg}`"),
                        "use `note`, `quote` or `key-point`",
                    );
                    CalloutKind::Note
                }
            },
        };
        let title = self.attr_text(d, "title");
        let has_content = d.body.iter().any(|n| match n {
            Node::Markdown(lines) => lines.iter().any(|l| !l.text.trim().is_empty()),
            Node::Directive(_) => true,
        });
        if !has_content {
            self.error(
                d.line,
                d.name_column,
                "callout is empty".into(),
                "write the highlighted text between the opening and closing lines",
            );
            return None;
        }
        let blocks = self.blocks(&d.body, Place::Callout);
        Some(Callout {
            kind,
            title,
            blocks,
        })
    }

    fn figure(&mut self, d: &Directive<'_>) -> Option<Figure> {
        self.no_argument(d);
        self.only_attrs(d, &[]);
        let mut lines = Vec::new();
        for node in &d.body {
            match node {
                Node::Markdown(ls) => lines.extend(ls.iter().copied()),
                Node::Directive(inner) => {
                    self.error(
                        inner.line,
                        inner.name_column,
                        format!("`{}` cannot be placed inside a figure", inner.name),
                        "a figure holds one image and its caption",
                    );
                    return None;
                }
            }
        }
        let Some(text) = self.markdown_unchecked(&lines) else {
            self.error(
                d.line,
                d.name_column,
                "figure has no image".into(),
                "put the image on the first line: `![alt text](images/picture.svg)`",
            );
            return None;
        };
        // The first paragraph must be exactly one image.
        let mut events = Parser::new_ext(&text.markdown, markdown_options()).into_offset_iter();
        let mut image = None;
        let mut caption_start = None;
        let mut depth = 0;
        let mut image_end = None;
        let mut width = None;
        for (event, range) in events.by_ref() {
            match event {
                Event::Start(Tag::Paragraph) if depth == 0 => depth = 1,
                Event::Start(Tag::Image { dest_url, .. }) if depth == 1 && image.is_none() => {
                    image = Some((dest_url.to_string(), range.start, String::new()));
                    depth = 2;
                }
                Event::End(TagEnd::Image) => {
                    depth = 1;
                    image_end = Some(range.end);
                }
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) if depth == 2 => {
                    if let Some((_, _, alt)) = &mut image {
                        alt.push_str(&t);
                    }
                }
                // Emphasis and the like inside the alt text: only their text counts.
                _ if depth == 2 => {}
                // `{width=…}` right after the image, alone.
                Event::Text(t)
                    if depth == 1
                        && image_end == Some(range.start)
                        && inline::image_attributes(&t)
                            .is_some_and(|(len, _)| t[len..].trim().is_empty()) =>
                {
                    width = self.image_attributes(&text, range.start, &t);
                }
                Event::End(TagEnd::Paragraph) => {
                    caption_start = Some(range.end);
                    break;
                }
                Event::SoftBreak | Event::HardBreak => {}
                Event::Text(t) if depth == 1 && t.trim().is_empty() => {}
                _ => {
                    image = None;
                    break;
                }
            }
        }
        let Some((url, offset, alt)) = image else {
            let (line, col) = text_location(&text, 0);
            self.diags.push(
                Diagnostic::error("a figure must start with an image paragraph")
                    .at(Location::new(self.file.as_str(), line, col))
                    .with_source_line(self.source_line(line))
                    .hint("put the image alone on the first line: `![alt text](images/picture.svg)`, then the caption"),
            );
            return None;
        };
        let (line, col) = text_location(&text, offset);
        let path = self.image(&url, &alt, line, col)?;
        let caption_text = caption_start
            .and_then(|s| text.markdown.get(s..))
            .unwrap_or("");
        let caption = if caption_text.trim().is_empty() {
            None
        } else {
            let skipped = text.markdown[..caption_start.unwrap_or(0)]
                .matches('\n')
                .count();
            let trimmed = caption_text.trim_start_matches(['\n', '\r']);
            let extra = caption_text[..caption_text.len() - trimmed.len()]
                .matches('\n')
                .count();
            let caption = Text {
                markdown: trimmed.trim_end().to_string(),
                origin: Origin {
                    file: self.file.clone(),
                    line: text.origin.line + skipped + extra,
                    column: 1,
                },
            };
            self.check_markdown(&caption);
            Some(caption)
        };
        let decorative = inline::is_decorative(&alt);
        Some(Figure {
            image: path,
            alt: Text {
                markdown: if decorative { String::new() } else { alt },
                origin: Origin {
                    file: self.file.clone(),
                    line,
                    column: col,
                },
            },
            caption,
            width,
        })
    }

    /// Makes the lesson's anchors, the names a link writes after `#`: first the ids (the
    /// lesson's, its blocks' and items', the headings' `{#id}`), then the slugs of the lesson
    /// title, the item titles and the other headings in document order, each made unique with
    /// `-1`, `-2`… as GitHub does.
    fn record_anchors(&mut self, lesson: &Lesson) {
        /// A slug waiting for its turn: where it is written, the slug, what it names and, for a
        /// heading, which one.
        type SlugCandidate = ((usize, usize), String, Anchor, Option<(Origin, usize)>);
        let mut names: BTreeMap<String, Anchor> = BTreeMap::new();
        names.insert(lesson.id.to_string(), Anchor::Lesson);
        let position = |t: &Text| (t.origin.line, t.origin.column);
        let mut slugs: Vec<SlugCandidate> = vec![(
            position(&lesson.title),
            inline::slug(&inline::plain_text(&lesson.title.markdown)),
            Anchor::Lesson,
            None,
        )];
        lesson.visit(&mut |b| match b {
            Block::Group(g) => {
                names.insert(g.id.to_string(), Anchor::Group(g.kind, g.id.clone()));
                for item in &g.items {
                    let anchor = Anchor::Item(g.kind, item.id.clone());
                    names.insert(item.id.to_string(), anchor.clone());
                    let slug = inline::slug(&inline::plain_text(&item.title.markdown));
                    slugs.push((position(&item.title), slug, anchor, None));
                }
            }
            Block::Question(q) => {
                names.insert(q.id.to_string(), Anchor::Question(q.id.clone()));
            }
            Block::Quiz(q) => {
                names.insert(q.id.to_string(), Anchor::Quiz(q.id.clone()));
            }
            Block::Media(m) => {
                names.insert(m.id.to_string(), Anchor::Media(m.id.clone()));
            }
            _ => {}
        });
        let mut headings: BTreeMap<Origin, Vec<Option<String>>> = BTreeMap::new();
        let mut set = |origin: Origin, index: usize, name: String| {
            let list = headings.entry(origin).or_default();
            if list.len() <= index {
                list.resize(index + 1, None);
            }
            list[index] = Some(name);
        };
        for h in std::mem::take(&mut self.headings) {
            let Some(id) = h.explicit else {
                let slug = inline::slug(&h.text);
                slugs.push((
                    (h.line, h.column),
                    slug,
                    Anchor::Heading,
                    Some((h.origin, h.index)),
                ));
                continue;
            };
            if names.contains_key(id.as_str()) {
                self.diags.push(
                    Diagnostic::error(format!("anchor `#{id}` is used twice in this lesson"))
                        .at(Location::new(self.file.as_str(), h.line, h.column))
                        .with_source_line(self.source_line(h.line))
                        .hint("the lesson, its blocks, items and headings share one set of anchors; give this heading another `{#id}`"),
                );
                continue;
            }
            names.insert(id.to_string(), Anchor::Heading);
            set(h.origin, h.index, id.to_string());
        }
        slugs.sort_by_key(|(pos, ..)| *pos);
        for (_, slug, anchor, heading) in slugs {
            if slug.is_empty() {
                continue;
            }
            let mut name = slug.clone();
            let mut n = 0;
            while names.contains_key(&name) {
                n += 1;
                name = format!("{slug}-{n}");
            }
            if let Some((origin, index)) = heading {
                set(origin, index, name.clone());
            }
            names.insert(name, anchor);
        }
        self.ctx.anchors.lessons.insert(lesson.id.clone(), names);
        self.ctx.anchors.headings.extend(headings);
    }

    /// The lesson's banner picture, from the title's attributes (`# Title {banner=images/x.jpg}`);
    /// any other attribute is reported.
    fn banner(&mut self, line: Line<'_>, values: &[(String, String, usize)]) -> Option<RelPath> {
        let mut banner = None;
        for (key, value, col) in values {
            if key == "banner" {
                banner = self.course_file("banner picture", value, line.no, *col);
            } else {
                self.error(
                    line,
                    *col,
                    format!("unknown attribute `{key}` on the lesson title"),
                    "a lesson title accepts `#id` and `banner=images/picture.jpg`",
                );
            }
        }
        banner
    }

    /// The id of a tracked directive: explicit, or derived from the lesson id and position.
    pub(super) fn block_id(&mut self, d: &Directive<'_>) -> Id {
        let position = self.counters.get(d.name).copied().unwrap_or(1);
        let derived = self.lesson_id.child(&format!("{}{position}", d.name));
        let id = match &d.attrs.id {
            Some((raw, col)) => self.explicit_id(raw, d.line, *col).unwrap_or(derived),
            None => derived,
        };
        self.claim(
            &id,
            Location::new(self.file.as_str(), d.line.no, d.name_column),
            d.line.text,
        );
        id
    }

    fn explicit_id(&mut self, raw: &str, line: Line<'_>, column: usize) -> Option<Id> {
        checked_id(
            raw,
            Location::new(self.file.as_str(), line.no, column),
            line.text,
            self.diags,
        )
    }

    /// Records that `id` is used at `loc`; reports a duplicate.
    fn claim(&mut self, id: &Id, loc: Location, source_line: &str) {
        if let Some(first) = self.ctx.ids.get(id) {
            let hint = format!(
                "`{id}` is first used at {}:{}; give one of them another explicit id",
                first.file, first.line
            );
            self.diags.push(
                Diagnostic::error(format!("duplicate id `{id}`"))
                    .at(loc)
                    .with_source_line(source_line)
                    .hint(hint),
            );
        } else {
            self.ctx.ids.insert(id.clone(), loc);
        }
    }

    pub(super) fn no_argument(&mut self, d: &Directive<'_>) {
        if let Some((arg, col)) = d.argument {
            self.error(
                d.line,
                col,
                format!("`{}` takes no argument, found `{arg}`", d.name),
                "remove it; named values go in braces, e.g. `{label=\"…\"}`",
            );
        }
    }

    pub(super) fn only_attrs(&mut self, d: &Directive<'_>, allowed: &[&str]) {
        for (key, _, col) in &d.attrs.values {
            if !allowed.contains(&key.as_str()) {
                let hint = if allowed.is_empty() {
                    format!("`{}` takes no named attributes", d.name)
                } else {
                    format!("`{}` accepts: {}", d.name, allowed.join(", "))
                };
                self.error(
                    d.line,
                    *col,
                    format!("unknown attribute `{key}` on `{}`", d.name),
                    &hint,
                );
            }
        }
    }

    /// A Markdown run as checked text; `None` when it is blank.
    pub(super) fn markdown(&mut self, lines: &[Line<'_>]) -> Option<Text> {
        let text = self.markdown_unchecked(lines)?;
        self.check_markdown(&text);
        Some(text)
    }

    fn markdown_unchecked(&self, lines: &[Line<'_>]) -> Option<Text> {
        let first = lines.iter().position(|l| !l.text.trim().is_empty())?;
        let last = lines.iter().rposition(|l| !l.text.trim().is_empty())?;
        let lines = &lines[first..=last];
        let markdown = lines.iter().map(|l| l.text).collect::<Vec<_>>().join("\n");
        Some(Text {
            markdown,
            origin: Origin {
                file: self.file.clone(),
                line: lines[0].no,
                column: 1,
            },
        })
    }

    /// A directive attribute that holds text (a label, a title), checked as a title. Its origin
    /// is the value's first character (after the opening quote, when quoted).
    fn attr_text(&mut self, d: &Directive<'_>, key: &str) -> Option<Text> {
        let (_, value, column) = d.attrs.get(key)?;
        let key_start = d.line.text.char_indices().nth(column - 1).map(|(o, _)| o);
        let value_column = key_start
            .and_then(|o| d.line.text[o..].find('=').map(|e| o + e + 1))
            .map_or(*column, |o| {
                let quoted = d.line.text[o..].starts_with('"');
                char_column(d.line.text, o + usize::from(quoted))
            });
        let text = self.text_from(value.clone(), d.line.no, value_column);
        self.check_title(&text);
        Some(text)
    }

    pub(super) fn text_from(&self, markdown: String, line: usize, column: usize) -> Text {
        Text {
            markdown,
            origin: Origin {
                file: self.file.clone(),
                line,
                column,
            },
        }
    }

    /// Checks the Markdown of a body text (a paragraph run, a prompt, a caption, feedback…).
    pub(super) fn check_markdown(&mut self, text: &Text) {
        self.check_text(text, false);
    }

    /// Checks the Markdown of a title or a label: as a body text, except that raw HTML there is
    /// shown as written instead of being an error (a title is one line of phrasing).
    pub(super) fn check_title(&mut self, text: &Text) {
        self.check_text(text, true);
    }

    /// Checks the images, links, headings and raw HTML of a Markdown text, and records its
    /// headings for the lesson's anchors.
    fn check_text(&mut self, text: &Text, html_as_text: bool) {
        let mut image: Option<(String, usize, String)> = None;
        let mut heading: Option<PendingHeading> = None;
        let mut headings = 0;
        let mut events = Parser::new_ext(&text.markdown, markdown_options())
            .into_offset_iter()
            .peekable();
        while let Some((event, range)) = events.next() {
            match event {
                Event::Start(Tag::Image { dest_url, .. }) => {
                    image = Some((dest_url.to_string(), range.start, String::new()));
                }
                Event::Text(t) | Event::Code(t) => collect(&mut image, &mut heading, &t),
                Event::End(TagEnd::Image) => {
                    if let Some((url, offset, alt)) = image.take() {
                        let (line, col) = text_location(text, offset);
                        self.image(&url, &alt, line, col);
                        if let Some((Event::Text(after), next)) = events.peek() {
                            if next.start == range.end {
                                self.image_attributes(text, next.start, after);
                            }
                        }
                    }
                }
                Event::Start(Tag::Heading {
                    id, classes, attrs, ..
                }) => {
                    let (line, column) = text_location(text, range.start);
                    if !classes.is_empty() || !attrs.is_empty() {
                        self.diags.push(
                            Diagnostic::error("a heading takes no attribute but `{#id}`")
                                .at(Location::new(self.file.as_str(), line, column))
                                .with_source_line(self.source_line(line))
                                .hint("keep `{#id}` only; to show braces at the end of a heading, escape the closing one: `{in euros\\}`"),
                        );
                    }
                    let explicit = id.and_then(|raw| {
                        let loc = Location::new(self.file.as_str(), line, column);
                        checked_id(&raw, loc, &self.source_line(line), self.diags)
                    });
                    heading = Some(PendingHeading {
                        origin: text.origin.clone(),
                        index: headings,
                        line,
                        column,
                        explicit,
                        text: String::new(),
                    });
                    headings += 1;
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = heading.take() {
                        self.headings.push(h);
                    }
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) => {
                    let (line, col) = text_location(text, range.start);
                    let dest = match link_type {
                        LinkType::Email => format!("mailto:{dest_url}"),
                        _ => dest_url.to_string(),
                    };
                    self.link(&dest, line, col);
                }
                Event::Html(t) | Event::InlineHtml(t) => {
                    collect(&mut image, &mut heading, &t);
                    if !self.ctx.allow_html && !html_as_text {
                        let (line, col) = text_location(text, range.start);
                        self.diags.push(
                            Diagnostic::error("raw HTML in Markdown")
                                .at(Location::new(self.file.as_str(), line, col))
                                .with_source_line(self.source_line(line))
                                .hint("use Markdown or a block directive instead, or set `allow-html = true` under [package] in course.toml"),
                        );
                    }
                }
                _ => {}
            }
        }
        fn collect(
            image: &mut Option<(String, usize, String)>,
            heading: &mut Option<PendingHeading>,
            t: &str,
        ) {
            if let Some((_, _, alt)) = image {
                alt.push_str(t);
            }
            if let Some(h) = heading {
                h.text.push_str(t);
            }
        }
    }

    /// Checks the `{…}` written right after an image (at byte `offset` of `text`); returns the
    /// width it gives.
    fn image_attributes(&mut self, text: &Text, offset: usize, after: &str) -> Option<ImageWidth> {
        let (_, parsed) = inline::image_attributes(after)?;
        match parsed {
            Ok(width) => Some(width),
            Err(e) => {
                let (line, col) = text_location(text, offset);
                self.diags.push(
                    Diagnostic::error(e.message)
                        .at(Location::new(self.file.as_str(), line, col + e.column))
                        .with_source_line(self.source_line(line))
                        .hint(format!("write the width right after the image: `{{width=320}}` (pixels, at most {}) or `{{width=50%}}`", inline::MAX_IMAGE_PIXELS)),
                );
                None
            }
        }
    }

    /// Checks the Markdown of another file of the course (a transcript) as the lesson's is
    /// checked, reporting at that file's lines.
    pub(super) fn check_markdown_of(&mut self, file: &RelPath, text: &str, markdown: &Text) {
        LessonBuilder {
            ctx: &mut *self.ctx,
            file,
            text,
            lesson_id: self.lesson_id.clone(),
            counters: BTreeMap::new(),
            headings: Vec::new(),
            diags: &mut *self.diags,
        }
        .check_markdown(markdown);
    }

    /// Checks an image reference; records and returns its course path when it is usable.
    fn image(&mut self, url: &str, alt: &str, line: usize, col: usize) -> Option<RelPath> {
        let loc = Location::new(self.file.as_str(), line, col);
        let source_line = self.source_line(line);
        if let Some((message, hint)) = super::media::not_an_image(url) {
            self.diags.push(
                Diagnostic::error(message)
                    .at(loc)
                    .with_source_line(source_line)
                    .hint(hint),
            );
            return None;
        }
        if alt.trim().is_empty() {
            self.diags.push(
                Diagnostic::error(format!("image `{url}` has no alt text"))
                    .at(Location::new(self.file.as_str(), line, col))
                    .with_source_line(self.source_line(line))
                    .hint("describe the image for learners who cannot see it: `![what it shows](…)`; write `decorative` for a purely decorative image"),
            );
        }
        self.course_file("image", url, line, col)
    }

    /// Checks a reference to a file of the course (`what` names it in messages: an image, a
    /// linked file); records and returns its course path when it is usable.
    pub(super) fn course_file(
        &mut self,
        what: &str,
        url: &str,
        line: usize,
        col: usize,
    ) -> Option<RelPath> {
        let loc = Location::new(self.file.as_str(), line, col);
        let source_line = self.source_line(line);
        let path = match RelPath::resolve(self.file.parent(), url) {
            Ok(p) => p,
            Err(problem) => {
                self.diags.push(
                    Diagnostic::error(problem.message(url))
                        .at(loc)
                        .with_source_line(source_line)
                        .hint(problem.hint()),
                );
                return None;
            }
        };
        let problem = match self.ctx.fs.file_status(&path) {
            FileStatus::File => None,
            FileStatus::Missing => {
                let same_but_case = self
                    .ctx
                    .fs
                    .list_files()
                    .into_iter()
                    .find(|f| f.as_str().eq_ignore_ascii_case(path.as_str()));
                let hint = match same_but_case {
                    Some(f) => format!("`{f}` exists: file names are case-sensitive in packages and on most servers"),
                    None => "check the file name; paths are relative to the lesson file".to_string(),
                };
                self.diags.push(
                    Diagnostic::error(format!(
                        "{what} `{url}` not found (looked for `{path}` in the course folder)"
                    ))
                    .at(loc)
                    .with_source_line(source_line)
                    .hint(hint),
                );
                return None;
            }
            FileStatus::NotAFile => Some((
                format!("{what} `{url}` is not a readable file"),
                "point to a file the build can read",
            )),
            FileStatus::OutsideCourse => Some((
                format!("{what} `{url}` leads outside the course folder (through a symbolic link)"),
                "copy the file into the course folder instead of linking to it",
            )),
        };
        if let Some((message, hint)) = problem {
            self.diags.push(
                Diagnostic::error(message)
                    .at(loc)
                    .with_source_line(source_line)
                    .hint(hint),
            );
            return None;
        }
        self.ctx.assets.insert(path.clone());
        Some(path)
    }

    pub(super) fn source_line(&self, line: usize) -> String {
        crate::diag::nth_line(self.text, line)
            .unwrap_or_default()
            .to_string()
    }

    pub(super) fn error(&mut self, line: Line<'_>, column: usize, message: String, hint: &str) {
        self.diags
            .push(error_at(self.file.as_str(), line, column, message).hint(hint));
    }
}

/// The file line and column of a byte offset in a text.
fn text_location(text: &Text, offset: usize) -> (usize, usize) {
    let (line, col) = line_col(&text.markdown, offset);
    let col = if line == 1 {
        col + text.origin.column - 1
    } else {
        col
    };
    (text.origin.line + line - 1, col)
}

fn checked_id(raw: &str, loc: Location, source_line: &str, diags: &mut Diagnostics) -> Option<Id> {
    match Id::parse(raw) {
        Ok(id) => Some(id),
        Err(message) => {
            diags.push(
                Diagnostic::error(message)
                    .at(loc)
                    .with_source_line(source_line)
                    .hint("ids are 1–255 characters among A–Z a–z 0–9 . _ -"),
            );
            None
        }
    }
}

/// Takes the first top-level `# ` heading out of the tree, with its line.
fn take_title<'a>(nodes: &mut [Node<'a>]) -> Option<(Line<'a>, Heading)> {
    for node in nodes.iter_mut() {
        if let Node::Markdown(lines) = node {
            let found = lines
                .iter()
                .position(|l| !l.in_fence && atx_heading(l.text).is_some_and(|h| h.level == 1));
            if let Some(i) = found {
                let line = lines.remove(i);
                return Some((line, atx_heading(line.text)?));
            }
        }
    }
    None
}

/// A tab, slide or panel being read: its heading line and the nodes under it.
struct PendingItem<'a> {
    line: Line<'a>,
    heading: Heading,
    nodes: Vec<Node<'a>>,
}

/// An ATX heading line (`## Title {#id}`).
struct Heading {
    level: usize,
    title: String,
    /// The explicit id and its column.
    id: Option<(String, usize)>,
    /// Named attributes (a lesson title's `banner=…`), with the column of each; only level-1
    /// headings take them, elsewhere braces stay part of the title.
    values: Vec<(String, String, usize)>,
}

/// Reads an ATX heading line.
fn atx_heading(text: &str) -> Option<Heading> {
    let indent = text.len() - text.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let body = &text[indent..];
    let level = body.len() - body.trim_start_matches('#').len();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &body[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let mut title = rest.trim();
    let mut id = None;
    let mut values = Vec::new();
    if title.ends_with('}') {
        if let Some(open) = title.rfind('{') {
            if let Ok(attrs) = directive::parse_attrs(&title[open + 1..title.len() - 1]) {
                let title_offset = title.as_ptr() as usize - text.as_ptr() as usize;
                let column = |col: usize| char_column(text, title_offset + open + 1) + col - 1;
                if attrs.values.is_empty() || level == 1 {
                    id = attrs.id.map(|(raw, col)| (raw, column(col)));
                    values = attrs
                        .values
                        .into_iter()
                        .map(|(k, v, col)| (k, v, column(col)))
                        .collect();
                    title = title[..open].trim_end();
                }
            }
        }
    }
    // A closing sequence of `#` is not part of the title.
    let stripped = title.trim_end_matches('#');
    if stripped.len() < title.len() && (stripped.is_empty() || stripped.ends_with(' ')) {
        title = stripped.trim_end();
    }
    Some(Heading {
        level,
        title: title.to_string(),
        id,
        values,
    })
}

fn push_line<'a>(nodes: &mut Vec<Node<'a>>, line: Line<'a>) {
    match nodes.last_mut() {
        Some(Node::Markdown(lines)) => lines.push(line),
        _ => nodes.push(Node::Markdown(vec![line])),
    }
}

/// The known name closest to `name`, when it is a plausible typo.
pub(super) fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
