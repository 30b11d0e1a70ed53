//! SCORM 1.2: `imsmanifest.xml`, the control schemas shipped beside it, and the limit on the
//! learner state the runtime keeps in `cmi.suspend_data`.

use crate::model::CourseMeta;
use crate::render::StateShape;
use crate::xml::XmlWriter;
use sha2::{Digest, Sha256};

/// The SCORM 1.2 control schemas, byte-exact from `schemas/scorm12/`, placed at the package root.
pub const CONTROL_FILES: &[(&str, &[u8])] = &[
    (
        "adlcp_rootv1p2.xsd",
        include_bytes!("../../schemas/scorm12/adlcp_rootv1p2.xsd"),
    ),
    (
        "ims_xml.xsd",
        include_bytes!("../../schemas/scorm12/ims_xml.xsd"),
    ),
    (
        "imscp_rootv1p1p2.xsd",
        include_bytes!("../../schemas/scorm12/imscp_rootv1p1p2.xsd"),
    ),
    (
        "imsmd_rootv1p2p1.xsd",
        include_bytes!("../../schemas/scorm12/imsmd_rootv1p2p1.xsd"),
    ),
];

pub const MANIFEST: &str = "imsmanifest.xml";

/// SCORM 1.2's limit on `cmi.suspend_data` (CMIString4096).
pub const SUSPEND_DATA_LIMIT: usize = 4096;

/// The exact length of the state string the runtime stores for a page (the encoding is fixed
/// length; see `docs/runtime.md`): `1.` + viewed bits + `.` + answers, six bits a character.
pub fn suspend_data_len(state: &StateShape) -> usize {
    let answers: usize = state.question_choices.iter().map(|c| c.div_ceil(6)).sum();
    2 + state.viewed_bits.div_ceil(6) + 1 + answers
}

/// One SCO: an item of the organization launching one resource.
pub struct Sco {
    /// A suffix that makes the item and resource identifiers unique (an id of the course).
    pub key: String,
    pub title: String,
    pub href: String,
    /// Files of this SCO alone (its page).
    pub files: Vec<String>,
    pub mastery_score: Option<u8>,
}

/// Writes `imsmanifest.xml`. `shared` lists the files every SCO uses (runtime, media): with one
/// SCO they are listed in its resource, with several in one shared `asset` resource that each
/// SCO depends on.
pub fn manifest(meta: &CourseMeta, scos: &[Sco], shared: &[String]) -> String {
    let mut w = XmlWriter::new();
    let digest = Sha256::digest(meta.id.as_bytes());
    let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let common = "RES-common";
    let one_sco = scos.len() == 1;

    w.start(
        "manifest",
        &[
            ("identifier", &format!("MANIFEST-{hash}")),
            ("version", &meta.version),
            ("xmlns", "http://www.imsproject.org/xsd/imscp_rootv1p1p2"),
            ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2"),
            (
                "xmlns:imsmd",
                "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
            ),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd \
                 http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd \
                 http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd",
            ),
        ],
    );
    w.start("metadata", &[]);
    w.text_element("schema", &[], "ADL SCORM");
    w.text_element("schemaversion", &[], "1.2");
    // IMS LOM: the title, language and description LMS catalogues show.
    let lang = meta.language.as_str();
    w.start("imsmd:lom", &[]);
    w.start("imsmd:general", &[]);
    w.start("imsmd:title", &[]);
    w.text_element("imsmd:langstring", &[("xml:lang", lang)], &meta.title);
    w.end("imsmd:title");
    w.text_element("imsmd:language", &[], lang);
    if let Some(description) = &meta.description {
        w.start("imsmd:description", &[]);
        w.text_element("imsmd:langstring", &[("xml:lang", lang)], description);
        w.end("imsmd:description");
    }
    w.end("imsmd:general");
    w.end("imsmd:lom");
    w.end("metadata");

    w.start("organizations", &[("default", "ORG-1")]);
    w.start(
        "organization",
        &[("identifier", "ORG-1"), ("structure", "hierarchical")],
    );
    w.text_element("title", &[], &meta.title);
    for sco in scos {
        let item = format!("ITEM-{}", sco.key);
        let res = format!("RES-{}", sco.key);
        w.start(
            "item",
            &[
                ("identifier", &item),
                ("identifierref", &res),
                ("isvisible", "true"),
            ],
        );
        w.text_element("title", &[], &sco.title);
        if let Some(score) = sco.mastery_score {
            w.text_element("adlcp:masteryscore", &[], &score.to_string());
        }
        w.end("item");
    }
    w.end("organization");
    w.end("organizations");

    w.start("resources", &[]);
    for sco in scos {
        let res = format!("RES-{}", sco.key);
        w.start(
            "resource",
            &[
                ("identifier", &res),
                ("type", "webcontent"),
                ("adlcp:scormtype", "sco"),
                ("href", &sco.href),
            ],
        );
        let mut files: Vec<&String> = sco.files.iter().collect();
        if one_sco {
            files.extend(shared);
        }
        files.sort();
        for f in files {
            w.empty("file", &[("href", f)]);
        }
        if !one_sco && !shared.is_empty() {
            w.empty("dependency", &[("identifierref", common)]);
        }
        w.end("resource");
    }
    if !one_sco && !shared.is_empty() {
        w.start(
            "resource",
            &[
                ("identifier", common),
                ("type", "webcontent"),
                ("adlcp:scormtype", "asset"),
            ],
        );
        for f in shared {
            w.empty("file", &[("href", f)]);
        }
        w.end("resource");
    }
    w.end("resources");
    w.end("manifest");
    w.finish()
}
