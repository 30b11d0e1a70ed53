//! xAPI activity ids, types and names for a page: one place decides them, for the statements the
//! runtime sends and for `tincan.xml` alike.

use super::markdown::to_plain_text;
use super::views::{XapiActivity, XapiComponent, XapiData};
use super::{letter_id, source_id};
use crate::model::{Answer, Block, Course, Lesson, MediaKind, Text};
use std::collections::BTreeMap;

/// ADL's registered activity types.
pub const TYPE_COURSE: &str = "http://adlnet.gov/expapi/activities/course";
pub const TYPE_LESSON: &str = "http://adlnet.gov/expapi/activities/lesson";
pub const TYPE_INTERACTION: &str = "http://adlnet.gov/expapi/activities/interaction";
pub const TYPE_QUESTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
/// The xAPI Video Profile's activity types.
pub const TYPE_VIDEO: &str = "https://w3id.org/xapi/video/activity-type/video";
pub const TYPE_AUDIO: &str = "https://w3id.org/xapi/video/activity-type/audio";

/// The IRI of a tracked thing: `<course IRI>/<collection>/<id>`.
pub fn activity_iri(course_iri: &str, collection: &str, id: &str) -> String {
    format!("{}/{collection}/{id}", course_iri.trim_end_matches('/'))
}

fn activity(id: String, kind: &'static str, name: String) -> XapiActivity {
    XapiActivity {
        id,
        kind,
        name,
        group_kind: None,
        group: None,
        position: None,
        total: None,
        interaction_type: None,
        choices: None,
        scale: None,
        source: None,
        target: None,
        correct_responses_pattern: None,
        correct: None,
    }
}

/// The activities `tincan.xml` declares for a package of the whole course.
pub struct PackageActivities {
    /// The course: the one activity the LMS launches.
    pub course: XapiActivity,
    /// The course's description in `course.toml`, or its title when it has none.
    pub course_description: String,
    /// Each lesson followed by its groups and questions, in document order.
    pub activities: Vec<XapiActivity>,
}

/// The activities of every lesson of the course, for `tincan.xml`.
pub fn package_activities(course: &Course) -> PackageActivities {
    let lessons: Vec<&Lesson> = course.lessons.iter().collect();
    PackageActivities::of(course, page_activities(course, &lessons))
}

impl PackageActivities {
    /// The activities `tincan.xml` declares, out of those of a page of every lesson of the
    /// course (`data`, [`page_activities`]).
    pub fn of(course: &Course, mut data: XapiData) -> PackageActivities {
        // Its items (tabs, slides) are not declared: they go at once.
        data.items = BTreeMap::new();
        let mut activities = Vec::new();
        for lesson in &course.lessons {
            activities.extend(data.lessons.remove(lesson.id.as_str()));
            lesson.visit(&mut |b| match b {
                Block::Group(g) => activities.extend(data.groups.remove(g.id.as_str())),
                Block::Question(q) => activities.extend(data.questions.remove(q.id.as_str())),
                Block::Media(m) => activities.extend(data.media.remove(m.id.as_str())),
                _ => {}
            });
        }
        PackageActivities {
            course: data.course,
            course_description: course
                .meta
                .description
                .clone()
                .unwrap_or_else(|| to_plain_text(&course.meta.title)),
            activities,
        }
    }
}

/// The activities of the lessons on one page.
pub fn page_activities(course: &Course, lessons: &[&Lesson]) -> XapiData {
    let iri = course.meta.id.as_str();
    let mut data = XapiData {
        course: activity(
            iri.to_string(),
            TYPE_COURSE,
            to_plain_text(&course.meta.title),
        ),
        lessons: BTreeMap::new(),
        groups: BTreeMap::new(),
        items: BTreeMap::new(),
        questions: BTreeMap::new(),
        media: BTreeMap::new(),
    };
    for lesson in lessons {
        let lesson_name = to_plain_text(&lesson.title.markdown);
        data.lessons.insert(
            lesson.id.to_string(),
            activity(
                activity_iri(iri, "lessons", lesson.id.as_str()),
                TYPE_LESSON,
                lesson_name.clone(),
            ),
        );
        lesson.visit(&mut |b| match b {
            Block::Group(g) => {
                // Without a label, name the block by its lesson and items: no UI words, so the
                // name is in the course's language whatever it is.
                let name = match &g.label {
                    Some(l) => to_plain_text(&l.markdown),
                    None => {
                        let items: Vec<String> = g
                            .items
                            .iter()
                            .map(|i| to_plain_text(&i.title.markdown))
                            .collect();
                        format!("{lesson_name}: {}", items.join(" / "))
                    }
                };
                let mut group = activity(
                    activity_iri(iri, "groups", g.id.as_str()),
                    TYPE_INTERACTION,
                    name,
                );
                group.group_kind = Some(g.kind.name());
                data.groups.insert(g.id.to_string(), group);
                for (i, item) in g.items.iter().enumerate() {
                    let mut a = activity(
                        activity_iri(iri, "items", item.id.as_str()),
                        TYPE_INTERACTION,
                        to_plain_text(&item.title.markdown),
                    );
                    a.group = Some(g.id.to_string());
                    a.position = Some(i + 1);
                    a.total = Some(g.items.len());
                    data.items.insert(item.id.to_string(), a);
                }
            }
            Block::Question(q) => {
                let mut a = activity(
                    activity_iri(iri, "questions", q.id.as_str()),
                    TYPE_QUESTION,
                    to_plain_text(&q.prompt.markdown),
                );
                interaction(&mut a, &q.answer);
                data.questions.insert(q.id.to_string(), a);
            }
            Block::Media(m) => {
                let kind = match m.kind {
                    MediaKind::Video => TYPE_VIDEO,
                    MediaKind::Audio => TYPE_AUDIO,
                };
                data.media.insert(
                    m.id.to_string(),
                    activity(
                        activity_iri(iri, "media", m.id.as_str()),
                        kind,
                        to_plain_text(&m.caption.markdown),
                    ),
                );
            }
            _ => {}
        });
    }
    data
}

/// The `cmi.interaction` definition of a question (xAPI 1.0.3, "Interaction Activities"): its
/// type, its components and its correct responses pattern. Likert has no correct answer, so no
/// pattern; numeric and true-false have no components.
fn interaction(a: &mut XapiActivity, answer: &Answer) {
    let component = |id: String, t: &Text| XapiComponent {
        id,
        description: to_plain_text(&t.markdown),
    };
    let indexed = |texts: &mut dyn Iterator<Item = &Text>, id: fn(usize) -> String| {
        texts
            .enumerate()
            .map(|(i, t)| component(id(i), t))
            .collect::<Vec<_>>()
    };
    a.interaction_type = Some(answer.interaction_type());
    a.correct_responses_pattern = match answer {
        Answer::Choice { choices, .. } => {
            a.choices = Some(
                choices
                    .iter()
                    .map(|c| component(c.letter.to_string(), &c.text))
                    .collect(),
            );
            let right: Vec<String> = choices
                .iter()
                .filter(|c| c.correct)
                .map(|c| c.letter.to_string())
                .collect();
            let pattern = right.join("[,]");
            a.correct = Some(right);
            Some(vec![pattern])
        }
        Answer::TrueFalse { choices } => {
            // The first choice states "true": the answer is true when it is the right one.
            let first_right = choices.first().is_some_and(|c| c.correct);
            a.correct = Some(
                choices
                    .iter()
                    .filter(|c| c.correct)
                    .map(|c| c.letter.to_string())
                    .collect(),
            );
            Some(vec![if first_right { "true" } else { "false" }.to_string()])
        }
        Answer::FillIn {
            accepted,
            case_sensitive,
            ..
        } => Some(
            accepted
                .iter()
                .map(|t| {
                    let text = to_plain_text(&t.markdown);
                    if *case_sensitive {
                        format!("{{case_matters=true}}{text}")
                    } else {
                        text
                    }
                })
                .collect(),
        ),
        Answer::Matching { pairs } => {
            a.source = Some(indexed(&mut pairs.iter().map(|p| &p.source), source_id));
            a.target = Some(indexed(&mut pairs.iter().map(|p| &p.target), letter_id));
            let pattern: Vec<String> = (0..pairs.len())
                .map(|i| format!("{}[.]{}", source_id(i), letter_id(i)))
                .collect();
            Some(vec![pattern.join("[,]")])
        }
        Answer::Sequencing { steps } => {
            a.choices = Some(indexed(&mut steps.iter(), letter_id));
            let order: Vec<String> = (0..steps.len()).map(letter_id).collect();
            Some(vec![order.join("[,]")])
        }
        Answer::Numeric { min, max } => Some(vec![if min == max {
            min.clone()
        } else {
            format!("{min}[:]{max}")
        }]),
        Answer::Likert { scale } => {
            a.scale = Some(indexed(&mut scale.iter(), letter_id));
            None
        }
    };
}
