//! SCORM 1.2: `imsmanifest.xml`, the control schemas shipped beside it, and the limit on the
//! learner state the runtime keeps in `cmi.suspend_data`.

use crate::model::CourseMeta;
use crate::render::StateShape;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
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
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let digest = Sha256::digest(meta.id.as_bytes());
    let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let common = "RES-common";
    let one_sco = scos.len() == 1;

    // Writing to a Vec cannot fail; the results are ignored on purpose.
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let mut root = BytesStart::new("manifest");
    root.push_attribute(("identifier", format!("MANIFEST-{hash}").as_str()));
    root.push_attribute(("version", meta.version.as_str()));
    root.push_attribute(("xmlns", "http://www.imsproject.org/xsd/imscp_rootv1p1p2"));
    root.push_attribute(("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2"));
    root.push_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"));
    root.push_attribute((
        "xsi:schemaLocation",
        "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd \
         http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd \
         http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd",
    ));
    let _ = w.write_event(Event::Start(root));

    start(&mut w, "metadata", &[]);
    text_element(&mut w, "schema", "ADL SCORM");
    text_element(&mut w, "schemaversion", "1.2");
    end(&mut w, "metadata");

    start(&mut w, "organizations", &[("default", "ORG-1")]);
    start(
        &mut w,
        "organization",
        &[("identifier", "ORG-1"), ("structure", "hierarchical")],
    );
    text_element(&mut w, "title", &meta.title);
    for sco in scos {
        let item = format!("ITEM-{}", sco.key);
        let res = format!("RES-{}", sco.key);
        start(
            &mut w,
            "item",
            &[
                ("identifier", &item),
                ("identifierref", &res),
                ("isvisible", "true"),
            ],
        );
        text_element(&mut w, "title", &sco.title);
        if let Some(score) = sco.mastery_score {
            text_element(&mut w, "adlcp:masteryscore", &score.to_string());
        }
        end(&mut w, "item");
    }
    end(&mut w, "organization");
    end(&mut w, "organizations");

    start(&mut w, "resources", &[]);
    for sco in scos {
        let res = format!("RES-{}", sco.key);
        start(
            &mut w,
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
            empty(&mut w, "file", &[("href", f)]);
        }
        if !one_sco && !shared.is_empty() {
            empty(&mut w, "dependency", &[("identifierref", common)]);
        }
        end(&mut w, "resource");
    }
    if !one_sco && !shared.is_empty() {
        start(
            &mut w,
            "resource",
            &[
                ("identifier", common),
                ("type", "webcontent"),
                ("adlcp:scormtype", "asset"),
            ],
        );
        for f in shared {
            empty(&mut w, "file", &[("href", f)]);
        }
        end(&mut w, "resource");
    }
    end(&mut w, "resources");
    end(&mut w, "manifest");
    let mut xml = String::from_utf8(w.into_inner()).unwrap_or_default();
    xml.push('\n');
    xml
}

fn start(w: &mut Writer<Vec<u8>>, name: &str, attrs: &[(&str, &str)]) {
    let mut el = BytesStart::new(name);
    for a in attrs {
        el.push_attribute(*a);
    }
    let _ = w.write_event(Event::Start(el));
}

fn empty(w: &mut Writer<Vec<u8>>, name: &str, attrs: &[(&str, &str)]) {
    let mut el = BytesStart::new(name);
    for a in attrs {
        el.push_attribute(*a);
    }
    let _ = w.write_event(Event::Empty(el));
}

fn end(w: &mut Writer<Vec<u8>>, name: &str) {
    let _ = w.write_event(Event::End(BytesEnd::new(name)));
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) {
    start(w, name, &[]);
    // Escape only what XML requires, so titles stay readable (`l'IA`, not `l&apos;IA`).
    let escaped = quick_xml::escape::partial_escape(text);
    let _ = w.write_event(Event::Text(BytesText::from_escaped(escaped)));
    end(w, name);
}
