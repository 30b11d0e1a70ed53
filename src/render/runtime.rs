//! Which parts of the learner runtime a package carries: the core, the navigation and its
//! standard's backend always; the code of a block kind, question type, quizzes or media only when
//! its course has them. `docs/runtime.md` ("The runtime's parts") lists what comes when.

use crate::model::{Block, Course};
use std::collections::BTreeSet;

/// What a course uses that the runtime has a part for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Uses {
    /// Group block kinds: `tabs`, `carousel`, `accordion`.
    pub groups: BTreeSet<&'static str>,
    /// Interaction types of its questions: `choice`, `fill-in`, `sequencing`…
    pub questions: BTreeSet<&'static str>,
    /// A quiz block or a scored question (the page's implicit quiz).
    pub quizzes: bool,
    /// A video or audio block.
    pub media: bool,
    /// A logo in `[theme]` or a lesson with a banner.
    pub pictures: bool,
}

/// The question types whose response (and form) have a file of their own (`<type>.js`); choice
/// and true-false are in `responses.js`.
const QUESTION_TYPES: &[&str] = &["likert", "fill-in", "numeric", "matching", "sequencing"];

impl Uses {
    /// What `course` uses, across all its lessons (every page of a package shares one runtime).
    pub fn of(course: &Course) -> Uses {
        let mut uses = Uses {
            pictures: course.meta.theme.logo.is_some()
                || course.lessons.iter().any(|l| l.banner.is_some()),
            ..Uses::default()
        };
        for lesson in &course.lessons {
            lesson.visit(&mut |block| match block {
                Block::Group(g) => {
                    uses.groups.insert(g.kind.name());
                }
                Block::Question(q) => {
                    uses.questions.insert(q.answer.interaction_type());
                    uses.quizzes |= q.scored;
                }
                Block::Quiz(_) => uses.quizzes = true,
                Block::Media(_) => uses.media = true,
                _ => {}
            });
        }
        uses
    }

    /// Everything: the runtime of a course using every block kind and question type.
    pub fn everything() -> Uses {
        Uses {
            groups: ["tabs", "carousel", "accordion"].into_iter().collect(),
            questions: QUESTION_TYPES.iter().copied().chain(["choice"]).collect(),
            quizzes: true,
            media: true,
            pictures: true,
        }
    }

    /// The style files of a package, in order: the theme's style sheet, then the style of the
    /// parts that have one (the logo and banners, question types, the media player) when the
    /// course uses them.
    pub fn style_parts(&self) -> Vec<&'static str> {
        let mut parts = vec!["runtime/coursepack.css"];
        if self.pictures {
            parts.push("runtime/pictures.css");
        }
        if self.questions.contains("likert") {
            parts.push("runtime/likert.css");
        }
        if self.questions.contains("fill-in") || self.questions.contains("numeric") {
            parts.push("runtime/fields.css");
        }
        if self.questions.contains("matching") {
            parts.push("runtime/matching.css");
        }
        if self.questions.contains("sequencing") {
            parts.push("runtime/sequencing.css");
        }
        if self.media {
            parts.push("runtime/media.css");
        }
        parts
    }

    /// The runtime files of a package talking to `standard` (`scorm12`, `scorm2004`, `xapi`), in the order
    /// they are assembled. Widget setups run in this order (`cp.widgets`).
    pub fn script_parts(&self, standard: &str) -> Vec<String> {
        let questions = !self.questions.is_empty();
        let mut parts = vec!["core".to_string()];
        if questions {
            parts.push("responses".into());
            for kind in QUESTION_TYPES {
                if self.questions.contains(kind) {
                    parts.push((*kind).into());
                }
            }
        }
        for kind in ["tabs", "carousel", "accordion"] {
            if self.groups.contains(kind) {
                parts.push(kind.into());
            }
        }
        parts.push("navigation".into());
        if questions {
            parts.push("questions".into());
        }
        if self.quizzes && questions {
            parts.push("quizzes".into());
        }
        if self.media {
            parts.push("media".into());
        }
        // Both xAPI backends share the LRS transport.
        let xapi = matches!(standard, "xapi" | "cmi5");
        if xapi {
            parts.push("lrs".into());
        }
        parts.push(standard.into());
        if self.media && xapi {
            parts.push("xapi-media".into());
        }
        parts
            .into_iter()
            .map(|p| format!("runtime/{p}.js"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_carries_the_parts_its_course_uses() {
        let plain = Uses::default();
        assert_eq!(
            plain.script_parts("scorm12"),
            [
                "runtime/core.js",
                "runtime/navigation.js",
                "runtime/scorm12.js"
            ]
        );
        let some = Uses {
            groups: ["carousel"].into_iter().collect(),
            questions: ["choice", "numeric"].into_iter().collect(),
            quizzes: false,
            media: false,
            pictures: false,
        };
        assert_eq!(
            some.script_parts("xapi"),
            [
                "runtime/core.js",
                "runtime/responses.js",
                "runtime/numeric.js",
                "runtime/carousel.js",
                "runtime/navigation.js",
                "runtime/questions.js",
                "runtime/lrs.js",
                "runtime/xapi.js"
            ]
        );
        assert_eq!(plain.style_parts(), ["runtime/coursepack.css"]);
        assert_eq!(
            some.style_parts(),
            ["runtime/coursepack.css", "runtime/fields.css"],
            "numeric's field, no likert, matching or picture style"
        );
        assert_eq!(
            Uses::everything().style_parts(),
            [
                "runtime/coursepack.css",
                "runtime/pictures.css",
                "runtime/likert.css",
                "runtime/fields.css",
                "runtime/matching.css",
                "runtime/sequencing.css",
                "runtime/media.css"
            ]
        );
        let all = Uses::everything().script_parts("xapi");
        assert_eq!(all.len(), 17, "{all:?}");
        assert_eq!(
            all.last().map(String::as_str),
            Some("runtime/xapi-media.js")
        );
        assert!(!Uses::everything()
            .script_parts("scorm12")
            .iter()
            .any(|p| p.contains("xapi") || p.contains("lrs") || p.contains("2004")));
        // A cmi5 package carries the shared transport and its own backend, not xapi.js.
        let cmi5 = plain.script_parts("cmi5");
        assert_eq!(
            cmi5[cmi5.len() - 2..],
            ["runtime/lrs.js", "runtime/cmi5.js"]
        );
        assert!(!cmi5.iter().any(|p| p.ends_with("/xapi.js")));
        // A SCORM 2004 package carries its own backend, and no other.
        let scorm2004 = Uses::everything().script_parts("scorm2004");
        assert!(scorm2004.contains(&"runtime/scorm2004.js".to_string()));
        assert!(!scorm2004.iter().any(|p| p.contains("xapi")
            || p.contains("lrs")
            || p.contains("scorm12")
            || p.contains("cmi5")));
    }
}
