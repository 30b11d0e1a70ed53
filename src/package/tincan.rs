//! Tin Can (xAPI) packages: `tincan.xml`, which tells the LMS the launchable course activity and
//! describes the lessons, tracked blocks and questions the statements will name.

use crate::model::{Block, Course};
use crate::render::views::{XapiActivity, XapiData};
use crate::xml::XmlWriter;

pub const MANIFEST: &str = "tincan.xml";

/// Writes `tincan.xml`: the course activity (the only one with `<launch>`), then each lesson
/// followed by its tracked blocks and questions, in document order.
pub fn manifest(course: &Course, data: &XapiData, description: &str, launch: &str) -> String {
    let lang = course.meta.language.as_str();
    let mut w = XmlWriter::new();
    w.start(
        "tincan",
        &[("xmlns", "http://projecttincan.com/tincan.xsd")],
    );
    w.start("activities", &[]);
    let root = &data.course;
    w.start("activity", &[("id", &root.id), ("type", root.kind)]);
    w.text_element("name", &[("lang", lang)], &root.name);
    w.text_element("description", &[("lang", lang)], description);
    w.text_element("launch", &[("lang", lang)], launch);
    w.end("activity");
    for lesson in &course.lessons {
        if let Some(a) = data.lessons.get(lesson.id.as_str()) {
            described(&mut w, a, lang);
        }
        lesson.visit(&mut |b| match b {
            Block::Group(g) => {
                if let Some(a) = data.groups.get(g.id.as_str()) {
                    described(&mut w, a, lang);
                }
            }
            Block::Question(q) => {
                if let Some(a) = data.questions.get(q.id.as_str()) {
                    question(&mut w, a, lang);
                }
            }
            _ => {}
        });
    }
    w.end("activities");
    w.end("tincan");
    w.finish()
}

/// A question: a `cmi.interaction` of type `choice`, with its choices and correct pattern.
fn question(w: &mut XmlWriter, q: &XapiActivity, lang: &str) {
    w.start("activity", &[("id", &q.id), ("type", q.kind)]);
    w.text_element("name", &[("lang", lang)], &q.name);
    w.text_element("description", &[("lang", lang)], &q.name);
    w.text_element("interactionType", &[], "choice");
    if let Some(correct) = &q.correct {
        w.start("correctResponsePatterns", &[]);
        w.text_element("correctResponsePattern", &[], &correct.join("[,]"));
        w.end("correctResponsePatterns");
    }
    if let Some(choices) = &q.choices {
        w.start("choices", &[]);
        for c in choices {
            w.start("component", &[]);
            w.text_element("id", &[], &c.id);
            w.text_element("description", &[("lang", lang)], &c.description);
            w.end("component");
        }
        w.end("choices");
    }
    w.end("activity");
}

/// A lesson or tracked block: a name and a description.
fn described(w: &mut XmlWriter, a: &XapiActivity, lang: &str) {
    w.start("activity", &[("id", &a.id), ("type", a.kind)]);
    w.text_element("name", &[("lang", lang)], &a.name);
    w.text_element("description", &[("lang", lang)], &a.name);
    w.end("activity");
}
