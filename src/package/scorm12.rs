//! SCORM 1.2: `imsmanifest.xml`, the control schemas shipped beside it, and the limit on the
//! learner state the runtime keeps in `cmi.suspend_data`.

use crate::model::CourseMeta;
use crate::render::{AnswerShape, QuestionShape, QuizShape, StateShape};
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

/// The exact length of the state string the runtime stores for a page (learner state v2: the
/// encoding is fixed length; see `docs/runtime.md`): `2.` + viewed bits (six a character) + `.`,
/// then per quiz its attempt (1), seed (2), draw bitmask (when it draws) and answers, then the
/// answers of the unscored questions.
pub fn suspend_data_len(state: &StateShape) -> usize {
    let quizzes: usize = state.quizzes.iter().map(quiz_len).sum();
    let unscored: usize = state.unscored.iter().map(|q| answer_len(q.answer)).sum();
    2 + state.viewed_bits.div_ceil(6) + 1 + quizzes + unscored
}

/// A quiz's part of the state: attempt, seed, the draw bitmask (one bit per question) when it
/// draws, and the answers of all its questions, drawn or not.
pub fn quiz_len(quiz: &QuizShape) -> usize {
    let draw = if quiz.draw {
        quiz.questions.len().div_ceil(6)
    } else {
        0
    };
    let answers: usize = quiz.questions.iter().map(|q| answer_len(q.answer)).sum();
    3 + draw + answers
}

/// The characters one answer takes, whatever it is (empty answers included).
pub fn answer_len(answer: AnswerShape) -> usize {
    match answer {
        // A bitmask of the choices, six a character.
        AnswerShape::Choices(n) => n.div_ceil(6),
        // The text's length in two characters, then up to four characters per character typed.
        AnswerShape::FillIn { max_length } => 2 + 4 * max_length,
        // One character per source: the target chosen for it.
        AnswerShape::Matching { pairs } => pairs,
        // One character per position: the step placed there.
        AnswerShape::Sequencing { steps } => steps,
        // The number typed, padded.
        AnswerShape::Numeric => 20,
    }
}

/// The fill-in question that takes the most room in the state (the first of the widest), and
/// how much: the one answer an author can shrink, by its `max-length`.
pub fn largest_fill_in(state: &StateShape) -> Option<(&QuestionShape, usize)> {
    state
        .quizzes
        .iter()
        .flat_map(|q| &q.questions)
        .chain(&state.unscored)
        .filter(|q| matches!(q.answer, AnswerShape::FillIn { .. }))
        .map(|q| (q, answer_len(q.answer)))
        // max_by_key would give the last of the widest.
        .fold(None, |best, (q, len)| match best {
            Some((_, b)) if b >= len => best,
            _ => Some((q, len)),
        })
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

/// Writes `imsmanifest.xml` for the course titled `title` (plain text, as render gives it).
/// `shared` lists the files every SCO uses (runtime, media): with one SCO they are listed in its
/// resource, with several in one shared `asset` resource that each SCO depends on.
pub fn manifest(meta: &CourseMeta, title: &str, scos: &[Sco], shared: &[String]) -> String {
    let mut w = XmlWriter::new();
    let digest = Sha256::digest(meta.id.as_bytes());
    let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
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
    w.text_element("imsmd:langstring", &[("xml:lang", lang)], title);
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
    w.text_element("title", &[], title);
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

    resources(&mut w, scos, shared, "adlcp:scormtype");
    w.end("manifest");
    w.finish()
}

/// The `<resources>` of a SCORM manifest: one `sco` resource per SCO, listing its files (with
/// one SCO, the shared ones too), and with several SCOs one shared `asset` resource each SCO
/// depends on. `scorm_type` is the attribute's spelling: `adlcp:scormtype` in SCORM 1.2,
/// `adlcp:scormType` in SCORM 2004.
pub(super) fn resources(w: &mut XmlWriter, scos: &[Sco], shared: &[String], scorm_type: &str) {
    let common = "RES-common";
    let one_sco = scos.len() == 1;
    w.start("resources", &[]);
    for sco in scos {
        let res = format!("RES-{}", sco.key);
        w.start(
            "resource",
            &[
                ("identifier", &res),
                ("type", "webcontent"),
                (scorm_type, "sco"),
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
                (scorm_type, "asset"),
            ],
        );
        for f in shared {
            w.empty("file", &[("href", f)]);
        }
        w.end("resource");
    }
    w.end("resources");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(answer: AnswerShape) -> QuestionShape {
        QuestionShape {
            id: "q".into(),
            answer,
        }
    }

    fn len(quizzes: Vec<QuizShape>, unscored: Vec<QuestionShape>) -> usize {
        suspend_data_len(&StateShape {
            viewed_bits: 7,
            quizzes,
            unscored,
        })
    }

    #[test]
    fn every_answer_width() {
        for (answer, width) in [
            (AnswerShape::Choices(1), 1),
            (AnswerShape::Choices(6), 1),
            (AnswerShape::Choices(7), 2),
            (AnswerShape::Choices(26), 5),
            (AnswerShape::FillIn { max_length: 1 }, 6),
            (AnswerShape::FillIn { max_length: 40 }, 162),
            (AnswerShape::FillIn { max_length: 250 }, 1002),
            (AnswerShape::Matching { pairs: 2 }, 2),
            (AnswerShape::Matching { pairs: 9 }, 9),
            (AnswerShape::Sequencing { steps: 26 }, 26),
            (AnswerShape::Numeric, 20),
        ] {
            assert_eq!(answer_len(answer), width, "{answer:?}");
            // `2.` + ⌈7/6⌉ viewed characters + `.` = 5, then the answer of an unscored question.
            assert_eq!(len(vec![], vec![q(answer)]), 5 + width, "{answer:?}");
        }
    }

    #[test]
    fn the_length_of_quizzes_and_their_draw() {
        // Nothing but viewed bits: the v1 length with `2.` for `1.`.
        assert_eq!(len(vec![], vec![]), 5);
        assert_eq!(
            suspend_data_len(&StateShape {
                viewed_bits: 0,
                quizzes: vec![],
                unscored: vec![],
            }),
            3
        );
        // A quiz: attempt (1) + seed (2) + its answers.
        let quiz = QuizShape {
            draw: false,
            questions: vec![q(AnswerShape::Choices(3)), q(AnswerShape::Numeric)],
        };
        assert_eq!(quiz_len(&quiz), 3 + 1 + 20);
        // A bank adds its draw: one bit per question, six a character.
        let bank = |n: usize| QuizShape {
            draw: true,
            questions: vec![q(AnswerShape::Choices(2)); n],
        };
        assert_eq!(quiz_len(&bank(1)), 3 + 1 + 1);
        assert_eq!(quiz_len(&bank(6)), 3 + 1 + 6);
        assert_eq!(quiz_len(&bank(7)), 3 + 2 + 7);
        // An empty quiz still has its attempt and seed.
        assert_eq!(
            quiz_len(&QuizShape {
                draw: false,
                questions: vec![]
            }),
            3
        );
        // Quizzes, then unscored questions, on top of `2.` + viewed + `.`.
        assert_eq!(
            len(
                vec![quiz, bank(7)],
                vec![
                    q(AnswerShape::Choices(5)),
                    q(AnswerShape::FillIn { max_length: 10 })
                ]
            ),
            5 + 24 + 12 + 1 + 42
        );
    }

    #[test]
    fn the_largest_fill_in_is_the_first_of_the_widest() {
        let named = |id: &str, answer| QuestionShape {
            id: id.into(),
            answer,
        };
        let state = StateShape {
            viewed_bits: 3,
            quizzes: vec![QuizShape {
                draw: false,
                questions: vec![
                    named("a", AnswerShape::Numeric),
                    named("b", AnswerShape::FillIn { max_length: 5 }),
                    named("c", AnswerShape::Sequencing { steps: 26 }),
                ],
            }],
            unscored: vec![named("d", AnswerShape::FillIn { max_length: 5 })],
        };
        let (q, len) = largest_fill_in(&state).expect("some");
        assert_eq!((q.id.as_str(), len), ("b", 22));
        let without = StateShape {
            viewed_bits: 1,
            quizzes: vec![],
            unscored: vec![named("a", AnswerShape::Numeric)],
        };
        assert!(largest_fill_in(&without).is_none());
    }
}
