//! Tin Can (xAPI) packages: `tincan.xml`, which tells the LMS the launchable course activity and
//! describes the lessons, tracked blocks and questions the statements will name.

use crate::render::views::XapiActivity;
use crate::render::xapi::{PackageActivities, TYPE_QUESTION};
use crate::xml::XmlWriter;

pub const MANIFEST: &str = "tincan.xml";

/// Writes `tincan.xml` in `lang`: the course activity (the only one with `<launch>`), then each
/// lesson followed by its tracked blocks and questions, in document order.
pub fn manifest(lang: &str, activities: &PackageActivities, launch: &str) -> String {
    let mut w = XmlWriter::new();
    w.start(
        "tincan",
        &[("xmlns", "http://projecttincan.com/tincan.xsd")],
    );
    w.start("activities", &[]);
    let root = &activities.course;
    w.start("activity", &[("id", &root.id), ("type", root.kind)]);
    w.text_element("name", &[("lang", lang)], &root.name);
    w.text_element(
        "description",
        &[("lang", lang)],
        &activities.course_description,
    );
    w.text_element("launch", &[("lang", lang)], launch);
    w.end("activity");
    for a in &activities.activities {
        if a.kind == TYPE_QUESTION {
            question(&mut w, a, lang);
        } else {
            described(&mut w, a, lang);
        }
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
