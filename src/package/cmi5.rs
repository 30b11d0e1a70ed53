//! cmi5 packages: `cmi5.xml`, the course structure an LMS imports (cmi5 Quartz, section 13),
//! with one assignable unit (AU) for the course page or one per lesson page.
//!
//! Every id is derived from the course IRI and the page key, never from text: a translated
//! package and a rebuild name the same course and AUs, so an LMS keeps its records.

use crate::model::{Completion, CourseMeta};
use crate::xml::XmlWriter;

pub const MANIFEST: &str = "cmi5.xml";

/// The namespace of the cmi5 course structure schema (`CourseStructure.xsd`).
pub const NAMESPACE: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// One assignable unit: a launchable page of the package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Au {
    /// The page key (`course`, or a lesson id): the last segment of the AU id.
    pub key: String,
    pub title: String,
    /// Path of the page inside the package, relative to `cmi5.xml`.
    pub href: String,
    /// The mastery score (a percentage) when the page's completion needs its quiz.
    pub mastery_score: Option<u8>,
}

/// The AU's `moveOn`: what the LMS waits for before it counts the AU as done.
///
/// The runtime sends `completed` once the course's completion rule is met and, when the rule
/// requires the quiz, `passed` or `failed` with it (`docs/runtime.md`). So a rule that asks
/// only for the quiz is `Passed`, one that also asks for pages or items `CompletedAndPassed`,
/// and any other `Completed`. A page without a scored question has no quiz to pass (its
/// `mastery_score` is `None`), so its rule is `Completed`.
pub fn move_on(completion: &Completion, mastery_score: Option<u8>) -> &'static str {
    let quiz = completion.quiz && mastery_score.is_some();
    let viewing = completion.all_pages || completion.all_items;
    match (quiz, viewing) {
        (true, false) => "Passed",
        (true, true) => "CompletedAndPassed",
        (false, _) => "Completed",
    }
}

/// A mastery percentage as cmi5's decimal from 0 to 1 (`80` → `0.8`).
pub fn mastery_decimal(percent: u8) -> String {
    (f64::from(percent) / 100.0).to_string()
}

/// The AU id of `key`: `<course IRI>/au/<key>`.
pub fn au_id(course_id: &str, key: &str) -> String {
    format!("{}/au/{key}", course_id.trim_end_matches('/'))
}

/// Writes `cmi5.xml`: the course (id = the course IRI, title and description in the course
/// language), then each AU in course order.
pub fn manifest(meta: &CourseMeta, title: &str, aus: &[Au]) -> String {
    let lang = meta.language.as_str();
    let mut w = XmlWriter::new();
    w.start("courseStructure", &[("xmlns", NAMESPACE)]);
    w.start("course", &[("id", &meta.id)]);
    langstring(&mut w, "title", lang, title);
    langstring(
        &mut w,
        "description",
        lang,
        meta.description.as_deref().unwrap_or(title),
    );
    w.end("course");
    for au in aus {
        let id = au_id(&meta.id, &au.key);
        let move_on = move_on(&meta.completion, au.mastery_score);
        let mastery = au.mastery_score.map(mastery_decimal);
        let mut attrs = vec![("id", id.as_str()), ("moveOn", move_on)];
        if let Some(m) = &mastery {
            attrs.push(("masteryScore", m));
        }
        // The page runs in a frame, a new window or the LMS's own window alike.
        attrs.push(("launchMethod", "AnyWindow"));
        w.start("au", &attrs);
        langstring(&mut w, "title", lang, &au.title);
        langstring(&mut w, "description", lang, &au.title);
        w.text_element("url", &[], &au.href);
        w.end("au");
    }
    w.end("courseStructure");
    w.finish()
}

fn langstring(w: &mut XmlWriter, element: &str, lang: &str, text: &str) {
    w.start(element, &[]);
    w.text_element("langstring", &[("lang", lang)], text);
    w.end(element);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(pages: bool, items: bool, quiz: bool) -> Completion {
        Completion {
            all_pages: pages,
            all_items: items,
            quiz,
            mastery_score: quiz.then_some(80),
        }
    }

    #[test]
    fn move_on_follows_the_completion_rule() {
        let cases = [
            (rule(true, false, false), Some(80), "Completed"),
            (rule(false, true, false), None, "Completed"),
            (rule(false, false, true), Some(80), "Passed"),
            (rule(true, false, true), Some(80), "CompletedAndPassed"),
            (rule(false, true, true), Some(80), "CompletedAndPassed"),
            // The quiz condition is void on a page without a scored question.
            (rule(true, false, true), None, "Completed"),
            (rule(false, false, true), None, "Completed"),
        ];
        for (completion, mastery, expected) in cases {
            assert_eq!(
                move_on(&completion, mastery),
                expected,
                "{completion:?} {mastery:?}"
            );
        }
    }

    #[test]
    fn mastery_scores_are_decimals_from_0_to_1() {
        for (percent, decimal) in [(0, "0"), (5, "0.05"), (75, "0.75"), (80, "0.8"), (100, "1")] {
            assert_eq!(mastery_decimal(percent), decimal);
        }
    }

    #[test]
    fn au_ids_hang_under_the_course_iri() {
        assert_eq!(
            au_id("https://x.example/c/", "intro"),
            "https://x.example/c/au/intro"
        );
        assert_eq!(
            au_id("urn:example:course", "course"),
            "urn:example:course/au/course"
        );
    }
}
