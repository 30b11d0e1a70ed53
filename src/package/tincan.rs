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

/// A question: a `cmi.interaction` with its interaction type, correct responses and components,
/// in the order `tincan.xsd` gives them.
fn question(w: &mut XmlWriter, q: &XapiActivity, lang: &str) {
    w.start("activity", &[("id", &q.id), ("type", q.kind)]);
    w.text_element("name", &[("lang", lang)], &q.name);
    w.text_element("description", &[("lang", lang)], &q.name);
    if let Some(kind) = q.interaction_type {
        w.text_element("interactionType", &[], kind);
    }
    if let Some(patterns) = q
        .correct_responses_pattern
        .as_ref()
        .filter(|p| !p.is_empty())
    {
        w.start("correctResponsePatterns", &[]);
        for p in patterns {
            w.text_element("correctResponsePattern", &[], p);
        }
        w.end("correctResponsePatterns");
    }
    for (element, list) in [
        ("choices", &q.choices),
        ("scale", &q.scale),
        ("source", &q.source),
        ("target", &q.target),
    ] {
        // The schema requires at least one component in a list.
        if let Some(list) = list.as_ref().filter(|l| !l.is_empty()) {
            w.start(element, &[]);
            for c in list {
                w.start("component", &[]);
                w.text_element("id", &[], &c.id);
                w.text_element("description", &[("lang", lang)], &c.description);
                w.end("component");
            }
            w.end(element);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::{course_of, every_type_blocks};
    use crate::render::xapi::package_activities;
    use crate::validate::xsd::SchemaSet;

    fn tincan() -> String {
        let course = course_of(vec![("l", every_type_blocks())]);
        manifest("en", &package_activities(&course), "index.html")
    }

    /// The `<activity>` element of a question.
    fn activity(xml: &str, qid: &str) -> String {
        let start = xml
            .find(&format!("/questions/{qid}\""))
            .and_then(|i| xml[..i].rfind("<activity "))
            .unwrap_or_else(|| panic!("no activity {qid}"));
        let end = xml[start..].find("</activity>").expect("closed") + start;
        // Without indentation, to compare the structure.
        xml[start..end]
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("")
    }

    #[test]
    fn every_type_is_valid_against_the_schema() {
        let xml = tincan();
        let violations = SchemaSet::tincan().validate(xml.as_bytes());
        assert!(violations.is_empty(), "{violations:?}\n{xml}");
    }

    #[test]
    fn each_type_has_its_interaction_type_patterns_and_components() {
        let xml = tincan();
        let head = |qid: &str, name: &str| {
            format!(
                "<activity id=\"https://x.example/c/questions/{qid}\" \
                 type=\"http://adlnet.gov/expapi/activities/cmi.interaction\">\
                 <name lang=\"en\">{name}</name><description lang=\"en\">{name}</description>"
            )
        };
        let comp = |id: &str, d: &str| {
            format!(
                "<component><id>{id}</id><description lang=\"en\">{d}</description></component>"
            )
        };
        let cases = [
            (
                "q-multi",
                "Pick two",
                format!(
                    "<interactionType>choice</interactionType><correctResponsePatterns>\
                     <correctResponsePattern>a[,]c</correctResponsePattern>\
                     </correctResponsePatterns><choices>{}{}{}</choices>",
                    comp("a", "Tabs"),
                    comp("b", "Callouts"),
                    comp("c", "Carousels")
                ),
            ),
            (
                "q-tf",
                "The sky is green.",
                "<interactionType>true-false</interactionType><correctResponsePatterns>\
                 <correctResponsePattern>false</correctResponsePattern>\
                 </correctResponsePatterns>"
                    .to_string(),
            ),
            (
                "q-fill",
                "Which service hosts models?",
                "<interactionType>fill-in</interactionType><correctResponsePatterns>\
                 <correctResponsePattern>Amazon &lt; Bedrock &amp; \"co\"</correctResponsePattern>\
                 <correctResponsePattern>Bedrock</correctResponsePattern>\
                 </correctResponsePatterns>"
                    .to_string(),
            ),
            (
                "final.q1",
                "Bank one",
                "<interactionType>fill-in</interactionType><correctResponsePatterns>\
                 <correctResponsePattern>{case_matters=true}Case</correctResponsePattern>\
                 </correctResponsePatterns>"
                    .to_string(),
            ),
            (
                "q-match",
                "Match the layers",
                format!(
                    "<interactionType>matching</interactionType><correctResponsePatterns>\
                     <correctResponsePattern>1[.]a[,]2[.]b</correctResponsePattern>\
                     </correctResponsePatterns><source>{}{}</source><target>{}{}</target>",
                    comp("1", "EC2 &amp; co"),
                    comp("2", "S3"),
                    comp("a", "Compute &lt; x"),
                    comp("b", "Storage \"quoted\"")
                ),
            ),
            (
                "q-order",
                "Put in order",
                format!(
                    "<interactionType>sequencing</interactionType><correctResponsePatterns>\
                     <correctResponsePattern>a[,]b[,]c</correctResponsePattern>\
                     </correctResponsePatterns><choices>{}{}{}</choices>",
                    comp("a", "Plan &lt; first"),
                    comp("b", "Build"),
                    comp("c", "Ship")
                ),
            ),
            (
                "q-range",
                "How many days?",
                "<interactionType>numeric</interactionType><correctResponsePatterns>\
                 <correctResponsePattern>25[:]30</correctResponsePattern>\
                 </correctResponsePatterns>"
                    .to_string(),
            ),
            (
                "q-exact",
                "How many?",
                "<interactionType>numeric</interactionType><correctResponsePatterns>\
                 <correctResponsePattern>2.5</correctResponsePattern>\
                 </correctResponsePatterns>"
                    .to_string(),
            ),
            (
                "q-survey",
                "How useful was this?",
                format!(
                    "<interactionType>likert</interactionType><scale>{}{}{}</scale>",
                    comp("a", "Not &lt; at all"),
                    comp("b", "Somewhat"),
                    comp("c", "Very")
                ),
            ),
        ];
        for (qid, name, body) in cases {
            assert_eq!(
                activity(&xml, qid),
                format!("{}{body}", head(qid, name)),
                "{qid}"
            );
        }
    }
}
