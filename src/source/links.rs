//! Links in lesson text. Each destination is checked where it is written ([`LessonBuilder::link`]):
//! its scheme against the allowed ones, a linked course file for existence. Links to lessons and
//! anchors wait until every lesson is read, then [`resolve`] checks them against the lessons of
//! the course and the anchors each one really renders.

use super::fs::RelPath;
use super::lesson::{closest, LessonBuilder};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::inline::{self, Target};
use crate::model::{Anchors, Id, Lesson};
use std::collections::BTreeMap;

/// A link to a lesson or an anchor, waiting for every lesson to be read.
#[derive(Clone, Debug)]
pub struct PendingLink {
    /// The linking lesson.
    pub from: Id,
    /// The linked lesson file (course path) as resolved, and as written; `None` for `#anchor`.
    pub lesson: Option<(RelPath, String)>,
    pub anchor: Option<String>,
    pub location: Location,
    pub source_line: String,
}

impl LessonBuilder<'_, '_, '_> {
    /// Checks the destination of a link written at `line`:`col`.
    pub(super) fn link(&mut self, dest: &str, line: usize, col: usize) {
        let location = Location::new(self.file.as_str(), line, col);
        let source_line = self.source_line(line);
        match inline::classify(dest) {
            Target::Web | Target::Contact => {}
            Target::Refused(refusal) => self.diags.push(
                Diagnostic::error(refusal.message(dest))
                    .at(location)
                    .with_source_line(source_line)
                    .hint(refusal.hint()),
            ),
            Target::Anchor(name) => self.ctx.links.push(PendingLink {
                from: self.lesson_id.clone(),
                lesson: None,
                anchor: Some(name),
                location,
                source_line,
            }),
            Target::Relative { path, fragment } if is_markdown(path) => {
                let lesson = match RelPath::resolve(self.file.parent(), path) {
                    Ok(resolved) => (resolved, path.to_string()),
                    Err(problem) => {
                        self.diags.push(
                            Diagnostic::error(problem.message(path))
                                .at(location)
                                .with_source_line(source_line)
                                .hint(problem.hint()),
                        );
                        return;
                    }
                };
                self.ctx.links.push(PendingLink {
                    from: self.lesson_id.clone(),
                    lesson: Some(lesson),
                    anchor: fragment,
                    location,
                    source_line,
                });
            }
            Target::Relative { path, .. } => {
                self.course_file("linked file", path, line, col);
            }
        }
    }
}

/// Whether a link path names a Markdown file, that is a lesson.
pub fn is_markdown(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("md"))
}

/// Checks the links to lessons and anchors once every lesson is read: the lesson must be one of
/// the course, the anchor one its page renders. With `sco_per_lesson`, a link to another lesson
/// cannot be followed in the SCORM package (only the LMS opens a SCO), which gets a warning.
pub fn resolve(
    links: &[PendingLink],
    lessons: &[Lesson],
    anchors: &Anchors,
    sco_per_lesson: bool,
    diags: &mut Diagnostics,
) {
    let by_file: BTreeMap<&RelPath, &Lesson> = lessons.iter().map(|l| (&l.file, l)).collect();
    let by_id: BTreeMap<&Id, &Lesson> = lessons.iter().map(|l| (&l.id, l)).collect();
    for link in links {
        let problem = |message: String| {
            Diagnostic::error(message)
                .at(link.location.clone())
                .with_source_line(link.source_line.clone())
        };
        let Some(from) = by_id.get(&link.from) else {
            continue;
        };
        let target = match &link.lesson {
            None => *from,
            Some((path, written)) => match by_file.get(path) {
                Some(lesson) => lesson,
                None => {
                    diags.push(
                        problem(format!(
                            "link to `{written}`, which is not a lesson of the course"
                        ))
                        .hint(lesson_list(from, lessons)),
                    );
                    continue;
                }
            },
        };
        if let Some(anchor) = &link.anchor {
            let names = anchors.lessons.get(&target.id);
            if !names.is_some_and(|n| n.contains_key(anchor)) {
                let elsewhere = lessons.iter().find(|l| {
                    l.id != target.id
                        && anchors
                            .lessons
                            .get(&l.id)
                            .is_some_and(|n| n.contains_key(anchor))
                });
                let hint = match elsewhere {
                    Some(l) => format!(
                        "`#{anchor}` is in the lesson `{}`: write `{}#{anchor}`",
                        l.file,
                        relative(from.file.parent(), &l.file)
                    ),
                    None => anchor_hint(anchor, names),
                };
                let whose = if target.id == from.id {
                    "this lesson".to_string()
                } else {
                    format!("the lesson `{}`", target.file)
                };
                diags.push(problem(format!("`#{anchor}` is not an anchor of {whose}")).hint(hint));
                continue;
            }
        }
        if sco_per_lesson && target.id != from.id {
            diags.push(
                Diagnostic::warning(format!(
                    "the SCORM package has one SCO per lesson: this link to `{}` is shown as text naming the lesson",
                    target.file
                ))
                .at(link.location.clone())
                .with_source_line(link.source_line.clone())
                .hint("only the LMS opens a SCO, so a page cannot take the learner to another lesson; xAPI packages and SCORM packages with one SCO keep the link"),
            );
        }
    }
}

/// The lessons of the course, written as a link from `from` would name them.
fn lesson_list(from: &Lesson, lessons: &[Lesson]) -> String {
    let names: Vec<String> = lessons
        .iter()
        .map(|l| format!("`{}`", relative(from.file.parent(), &l.file)))
        .collect();
    format!(
        "link to one of the lessons listed in course.toml (paths are relative to this lesson): {}",
        names.join(", ")
    )
}

/// What anchors a lesson has, the closest first when the name looks like a typo.
fn anchor_hint(anchor: &str, names: Option<&BTreeMap<String, crate::model::Anchor>>) -> String {
    const SHOWN: usize = 12;
    let names: Vec<&str> = names
        .map(|n| n.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let guess = closest(anchor, &names)
        .map(|g| format!("did you mean `#{g}`? "))
        .unwrap_or_default();
    let mut listed: Vec<String> = names
        .iter()
        .take(SHOWN)
        .map(|n| format!("`#{n}`"))
        .collect();
    if names.len() > SHOWN {
        listed.push(format!("and {} more", names.len() - SHOWN));
    }
    format!(
        "{guess}anchors are heading ids (`## Title {{#id}}`, or the heading's text in lower case with `-` for spaces), block, item and question ids; this lesson has {}",
        listed.join(", ")
    )
}

/// The path of course file `to` relative to the folder `from_dir`.
fn relative(from_dir: &str, to: &RelPath) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|p| !p.is_empty()).collect();
    let to_parts: Vec<&str> = to.as_str().split('/').collect();
    let (to_dir, name) = to_parts.split_at(to_parts.len() - 1);
    let common = from.iter().zip(to_dir).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to_dir[common..]);
    out.extend(name);
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let p = RelPath::from_trusted;
        assert_eq!(relative("lessons", &p("lessons/02.md")), "02.md");
        assert_eq!(relative("", &p("lessons/02.md")), "lessons/02.md");
        assert_eq!(relative("lessons", &p("intro.md")), "../intro.md");
        assert_eq!(relative("a/b", &p("a/c/d.md")), "../c/d.md");
    }

    #[test]
    fn markdown_paths() {
        assert!(is_markdown("02-next.md"));
        assert!(is_markdown("../x/02.MD"));
        assert!(!is_markdown("files/a.pdf"));
        assert!(!is_markdown("md"));
    }
}
