//! Where the links of one page go. The source stage checked every link; this turns each into
//! what the page can do: a web or contact link opens a new window, a course file opens from
//! `media/`, a lesson on the page and an anchor become in-page navigation the runtime follows
//! (`href="#…"` + `data-cp-goto`), and a lesson on another page (one SCO per lesson) becomes
//! text naming that lesson. Headings get their anchors' ids here too.

use super::markdown::media_path;
use crate::inline::{self, Target};
use crate::model::{Anchor, Course, GroupKind, Id, Lesson, Text};
use crate::source::fs::RelPath;
use crate::source::links::is_markdown;
use std::collections::{BTreeMap, BTreeSet};

/// The lessons of a course by file, made once for all its pages.
pub type LessonsByFile<'a> = BTreeMap<&'a RelPath, &'a Lesson>;

/// The lessons of the course by file.
pub fn lessons_by_file(course: &Course) -> LessonsByFile<'_> {
    course.lessons.iter().map(|l| (&l.file, l)).collect()
}

/// The lessons of the course and the anchors of each, seen from one page.
pub struct PageLinks<'a> {
    course: &'a Course,
    by_file: &'a LessonsByFile<'a>,
    on_page: BTreeSet<&'a Id>,
    /// The UI string that names a lesson on another page (`seeLesson`, with `{title}`).
    see_lesson: &'a str,
}

/// What a link becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// `<a href>`; `goto` is the lesson an in-course link shows (the runtime's `data-cp-goto`),
    /// `new_window` for anything that leaves the package.
    Link {
        href: String,
        goto: Option<String>,
        new_window: bool,
    },
    /// A lesson on another page: the link's text, then a note naming the lesson (plain text).
    Elsewhere { note: String },
    /// Nothing to follow (a destination the source stage refuses): the link's text only.
    Text,
}

impl<'a> PageLinks<'a> {
    /// The links of the page that shows `lessons`, in the language of `strings`.
    pub fn new(
        course: &'a Course,
        by_file: &'a LessonsByFile<'a>,
        lessons: &[&'a Lesson],
        strings: &'a BTreeMap<String, String>,
    ) -> PageLinks<'a> {
        PageLinks {
            course,
            by_file,
            on_page: lessons.iter().map(|l| &l.id).collect(),
            see_lesson: strings.get("seeLesson").map_or("({title})", String::as_str),
        }
    }

    /// The id of the `index`-th heading of `text`, when it has an anchor: `<lesson-id>/<anchor>`,
    /// unique on the page (no other id of a page holds a `/`).
    pub fn heading_id(&self, text: &Text, index: usize) -> Option<String> {
        let lesson = self.by_file.get(&text.origin.file)?;
        let name = self.course.anchors.headings.get(&text.origin)?.get(index)?;
        name.as_ref().map(|n| format!("{}/{n}", lesson.id))
    }

    /// What the link to `dest` written in `text` becomes on a page whose root is `root_prefix`
    /// away.
    pub fn resolve(&self, text: &Text, dest: &str, root_prefix: &str) -> Resolved {
        let Some(from) = self.by_file.get(&text.origin.file) else {
            return PageLinks::fallback(dest);
        };
        match inline::classify(dest) {
            Target::Web | Target::Contact => external(dest),
            Target::Anchor(name) => self.anchor(from, Some(&name)),
            Target::Relative { path, fragment } => {
                let Ok(resolved) = RelPath::resolve(text.origin.file.parent(), path) else {
                    return Resolved::Text;
                };
                if !is_markdown(path) {
                    return Resolved::Link {
                        href: format!("{root_prefix}{}", media_path(&resolved)),
                        goto: None,
                        new_window: true,
                    };
                }
                match self.by_file.get(&resolved) {
                    Some(lesson) if self.on_page.contains(&lesson.id) => {
                        self.anchor(lesson, fragment.as_deref())
                    }
                    Some(lesson) => Resolved::Elsewhere {
                        note: self
                            .see_lesson
                            .replace("{title}", &inline::plain_text(&lesson.title.markdown)),
                    },
                    None => Resolved::Text,
                }
            }
            Target::Refused(_) => Resolved::Text,
        }
    }

    /// A link to `lesson` (on this page), at its anchor `name` when given.
    fn anchor(&self, lesson: &Lesson, name: Option<&str>) -> Resolved {
        let target = match name {
            None => Some(dom_id(&lesson.id, "", &Anchor::Lesson)),
            Some(name) => self
                .course
                .anchors
                .lessons
                .get(&lesson.id)
                .and_then(|names| names.get(name))
                .map(|anchor| dom_id(&lesson.id, name, anchor)),
        };
        match target {
            Some(id) => Resolved::Link {
                href: format!("#{id}"),
                goto: Some(lesson.id.to_string()),
                new_window: false,
            },
            None => Resolved::Text,
        }
    }
}

impl PageLinks<'_> {
    /// Without the course's lessons (a text rendered on its own): web links and anchors as
    /// written, nothing else.
    pub fn fallback(dest: &str) -> Resolved {
        match inline::classify(dest) {
            Target::Web | Target::Contact => external(dest),
            Target::Anchor(name) => Resolved::Link {
                href: format!("#{name}"),
                goto: None,
                new_window: false,
            },
            _ => Resolved::Text,
        }
    }
}

fn external(dest: &str) -> Resolved {
    Resolved::Link {
        href: dest.trim().to_string(),
        goto: None,
        new_window: true,
    }
}

/// The id of the element an anchor names on the page. These are the ids the default templates
/// give lessons and blocks (`page.html`, `blocks/*.html`); a theme that renames them breaks
/// in-course links (the browser suite `test-links` follows each kind).
pub fn dom_id(lesson: &Id, name: &str, anchor: &Anchor) -> String {
    match anchor {
        Anchor::Lesson => format!("lesson-{lesson}"),
        Anchor::Heading => format!("{lesson}/{name}"),
        Anchor::Group(kind, id) => format!("{}-{id}", kind.name()),
        Anchor::Item(GroupKind::Tabs, id) => format!("panel-{id}"),
        Anchor::Item(GroupKind::Carousel, id) => format!("slide-{id}"),
        Anchor::Item(GroupKind::Accordion, id) => format!("acch-{id}"),
        Anchor::Question(id) => format!("q-{id}"),
        Anchor::Quiz(id) => format!("quiz-{id}"),
        Anchor::Media(id) => format!("media-{id}"),
    }
}
