//! SCORM 2004 4th Edition: `imsmanifest.xml` with its simple sequencing, the control schemas
//! shipped beside it, and the limit on the learner state the runtime keeps in
//! `cmi.suspend_data`. The SCOs and the shared files are those of SCORM 1.2 ([`super::scorm12`]).

use super::scorm12::Sco;
use crate::model::CourseMeta;
use crate::xml::XmlWriter;
use sha2::{Digest, Sha256};

/// A control schema shipped at the package root, byte-exact from `schemas/scorm2004-4th/`.
macro_rules! control {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../schemas/scorm2004-4th/", $path)))),*]
    };
}

/// The SCORM 2004 4th Edition control files (ADL's set: the CAM schemas, IMS SS, the LOM
/// schemas with their includes, and the DTDs they name), placed at the package root.
pub const CONTROL_FILES: &[(&str, &[u8])] = control!(
    "XMLSchema.dtd",
    "adlcp_v1p3.xsd",
    "adlnav_v1p3.xsd",
    "adlseq_v1p3.xsd",
    "common/anyElement.xsd",
    "common/dataTypes.xsd",
    "common/elementNames.xsd",
    "common/elementTypes.xsd",
    "common/rootElement.xsd",
    "common/vocabTypes.xsd",
    "common/vocabValues.xsd",
    "datatypes.dtd",
    "extend/custom.xsd",
    "extend/strict.xsd",
    "imscp_v1p1.xsd",
    "imsss_v1p0.xsd",
    "imsss_v1p0auxresource.xsd",
    "imsss_v1p0control.xsd",
    "imsss_v1p0delivery.xsd",
    "imsss_v1p0limit.xsd",
    "imsss_v1p0objective.xsd",
    "imsss_v1p0random.xsd",
    "imsss_v1p0rollup.xsd",
    "imsss_v1p0seqrule.xsd",
    "imsss_v1p0util.xsd",
    "lom.xsd",
    "lomCustom.xsd",
    "lomLoose.xsd",
    "lomStrict.xsd",
    "unique/loose.xsd",
    "unique/strict.xsd",
    "vocab/adlmd_vocabv1p0.xsd",
    "vocab/custom.xsd",
    "vocab/loose.xsd",
    "vocab/strict.xsd",
    "xml.xsd",
);

/// The 4th Edition's smallest permitted maximum for `cmi.suspend_data`
/// (characterstring, SPM 64,000).
pub const SUSPEND_DATA_LIMIT: usize = 64_000;

const NAMESPACES: &[(&str, &str)] = &[
    ("xmlns", "http://www.imsglobal.org/xsd/imscp_v1p1"),
    ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3"),
    ("xmlns:adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3"),
    ("xmlns:adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3"),
    ("xmlns:imsss", "http://www.imsglobal.org/xsd/imsss"),
    ("xmlns:lom", "http://ltsc.ieee.org/xsd/LOM"),
    ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    (
        "xsi:schemaLocation",
        "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd \
         http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd \
         http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd \
         http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd \
         http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd \
         http://ltsc.ieee.org/xsd/LOM lom.xsd",
    ),
];

/// A mastery score (0–100) as a normalized measure (`0.8`).
fn normalized(score: u8) -> String {
    let mut s = format!("{:.2}", f64::from(score) / 100.0);
    while s.ends_with('0') {
        s.pop();
    }
    s.trim_end_matches('.').to_string()
}

/// Writes `imsmanifest.xml` for the course titled `title` (plain text, as render gives it).
/// Resources are laid out as for SCORM 1.2 (one SCO lists the shared files, several depend on
/// one shared `asset`). The organization lets the learner choose and flow between lessons; the
/// course completes when every lesson does and is satisfied when every lesson with a mastery
/// score is; a mastery score is the primary objective's `minNormalizedMeasure`, satisfied by
/// measure.
pub fn manifest(meta: &CourseMeta, title: &str, scos: &[Sco], shared: &[String]) -> String {
    let mut w = XmlWriter::new();
    let digest = Sha256::digest(meta.id.as_bytes());
    let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let one_sco = scos.len() == 1;

    let mut attrs = vec![
        ("identifier", format!("MANIFEST-{hash}")),
        ("version", meta.version.clone()),
    ];
    attrs.extend(NAMESPACES.iter().map(|(k, v)| (*k, v.to_string())));
    let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    w.start("manifest", &attrs);

    w.start("metadata", &[]);
    w.text_element("schema", &[], "ADL SCORM");
    w.text_element("schemaversion", &[], "2004 4th Edition");
    // IEEE LOM: the title, language and description LMS catalogues show.
    let lang = meta.language.as_str();
    w.start("lom:lom", &[]);
    w.start("lom:general", &[]);
    w.start("lom:title", &[]);
    w.text_element("lom:string", &[("language", lang)], title);
    w.end("lom:title");
    w.text_element("lom:language", &[], lang);
    if let Some(description) = &meta.description {
        w.start("lom:description", &[]);
        w.text_element("lom:string", &[("language", lang)], description);
        w.end("lom:description");
    }
    w.end("lom:general");
    w.end("lom:lom");
    w.end("metadata");

    w.start("organizations", &[("default", "ORG-1")]);
    w.start(
        "organization",
        &[
            ("identifier", "ORG-1"),
            ("structure", "hierarchical"),
            ("adlseq:objectivesGlobalToSystem", "false"),
        ],
    );
    w.text_element("title", &[], title);
    for sco in scos {
        item(&mut w, sco, one_sco);
    }
    // The course: free choice and flow between lessons, completed and satisfied by its lessons.
    w.start("imsss:sequencing", &[]);
    w.empty("imsss:controlMode", &[("choice", "true"), ("flow", "true")]);
    w.start(
        "imsss:rollupRules",
        &[
            ("rollupObjectiveSatisfied", "true"),
            ("rollupProgressCompletion", "true"),
        ],
    );
    let scored = scos.iter().any(|s| s.mastery_score.is_some());
    rollup_rule(&mut w, "all", &[("condition", "completed")], "completed");
    if scored {
        rollup_rule(&mut w, "all", &[("condition", "satisfied")], "satisfied");
        let not_satisfied = [("operator", "not"), ("condition", "satisfied")];
        rollup_rule(&mut w, "any", &not_satisfied, "notSatisfied");
    }
    w.end("imsss:rollupRules");
    w.end("imsss:sequencing");
    w.end("organization");
    w.end("organizations");

    super::scorm12::resources(&mut w, scos, shared, "adlcp:scormType");
    w.end("manifest");
    w.finish()
}

/// The item of one SCO: its title and its sequencing (the mastery score as the primary
/// objective's measure; the content sets completion and success).
fn item(w: &mut XmlWriter, sco: &Sco, one_sco: bool) {
    let id = format!("ITEM-{}", sco.key);
    let res = format!("RES-{}", sco.key);
    w.start(
        "item",
        &[
            ("identifier", &id),
            ("identifierref", &res),
            ("isvisible", "true"),
        ],
    );
    w.text_element("title", &[], &sco.title);
    w.start("imsss:sequencing", &[]);
    // A lesson without a mastery score can be neither passed nor failed: it does not count
    // toward the course's satisfaction.
    if sco.mastery_score.is_none() && !one_sco {
        w.empty(
            "imsss:rollupRules",
            &[("rollupObjectiveSatisfied", "false")],
        );
    }
    if let Some(score) = sco.mastery_score {
        w.start("imsss:objectives", &[]);
        w.start(
            "imsss:primaryObjective",
            &[
                ("objectiveID", &format!("PASS-{}", sco.key)),
                ("satisfiedByMeasure", "true"),
            ],
        );
        w.text_element("imsss:minNormalizedMeasure", &[], &normalized(score));
        w.end("imsss:primaryObjective");
        w.end("imsss:objectives");
    }
    w.empty(
        "imsss:deliveryControls",
        &[
            ("completionSetByContent", "true"),
            ("objectiveSetByContent", "true"),
        ],
    );
    w.end("imsss:sequencing");
    w.end("item");
}

/// `<imsss:rollupRule>`: when `set` (all, any) of the children meet the condition (the
/// attributes of `<imsss:rollupCondition>`), `action`.
fn rollup_rule(w: &mut XmlWriter, set: &str, condition: &[(&str, &str)], action: &str) {
    w.start("imsss:rollupRule", &[("childActivitySet", set)]);
    w.start("imsss:rollupConditions", &[]);
    w.empty("imsss:rollupCondition", condition);
    w.end("imsss:rollupConditions");
    w.empty("imsss:rollupAction", &[("action", action)]);
    w.end("imsss:rollupRule");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastery_scores_as_measures() {
        assert_eq!(normalized(80), "0.8");
        assert_eq!(normalized(75), "0.75");
        assert_eq!(normalized(100), "1");
        assert_eq!(normalized(0), "0");
        assert_eq!(normalized(5), "0.05");
    }
}
