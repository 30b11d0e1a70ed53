//! xAPI activity ids, types and names for a page: one place decides them, for the statements the
//! runtime sends and for `tincan.xml` alike.

use super::markdown::to_plain_text;
use super::views::{XapiActivity, XapiComponent};
use super::{letter_id, source_id};
use crate::model::{Answer, Block, Course, Group, Lesson, Media, MediaKind, Question, Text};
use serde::ser::{Serialize, SerializeMap, Serializer};

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

/// The activities of every lesson of the course, for `tincan.xml`. Its items (tabs, slides) are
/// not declared: they go at once.
pub fn package_activities(course: &Course) -> PackageActivities {
    let iri = course.meta.id.as_str();
    let mut activities = Vec::new();
    for lesson in &course.lessons {
        activities.push(lesson_activity(iri, lesson));
        lesson.visit(&mut |b| match b {
            Block::Group(g) => activities.push(group_activity(iri, lesson, g)),
            Block::Question(q) => activities.push(question_activity(iri, q)),
            Block::Media(m) => activities.push(media_activity(iri, m)),
            _ => {}
        });
    }
    PackageActivities {
        course: course_activity(course),
        course_description: course
            .meta
            .description
            .clone()
            .unwrap_or_else(|| to_plain_text(&course.meta.title)),
        activities,
    }
}

/// The activities of the lessons on one page: the page data's `xapi` object (`docs/xapi.md`),
/// each collection keyed and ordered by id. Each activity is made as it is written and dropped:
/// a page of a 1,000-lesson course has 10,000 of them, which are never held together.
pub struct PageActivities<'c> {
    course: &'c Course,
    lessons: Keyed<'c, &'c Lesson>,
    groups: Keyed<'c, (&'c Lesson, &'c Group)>,
    items: Keyed<'c, (&'c Group, usize)>,
    questions: Keyed<'c, &'c Question>,
    media: Keyed<'c, &'c Media>,
}

/// A collection by id: each element with its id, in id order.
type Keyed<'c, T> = Vec<(&'c str, T)>;

/// The activities of the lessons on one page.
pub fn page_activities<'c>(course: &'c Course, lessons: &[&'c Lesson]) -> PageActivities<'c> {
    let mut page = PageActivities {
        course,
        lessons: lessons.iter().map(|l| (l.id.as_str(), *l)).collect(),
        groups: Vec::new(),
        items: Vec::new(),
        questions: Vec::new(),
        media: Vec::new(),
    };
    for &lesson in lessons {
        lesson.visit(&mut |b| match b {
            Block::Group(g) => {
                page.groups.push((g.id.as_str(), (lesson, g)));
                let items = g.items.iter().enumerate();
                page.items
                    .extend(items.map(|(i, item)| (item.id.as_str(), (g, i))));
            }
            Block::Question(q) => page.questions.push((q.id.as_str(), q)),
            Block::Media(m) => page.media.push((m.id.as_str(), m)),
            _ => {}
        });
    }
    by_id(&mut page.lessons);
    by_id(&mut page.groups);
    by_id(&mut page.items);
    by_id(&mut page.questions);
    by_id(&mut page.media);
    page
}

/// Orders `list` by id, keeping the last of several with the same id (as a map would): the
/// stable sort of the reversed list puts it first among its equals, and `dedup` keeps firsts.
fn by_id<T>(list: &mut Keyed<'_, T>) {
    list.reverse();
    list.sort_by_key(|(id, _)| *id);
    list.dedup_by_key(|(id, _)| *id);
}

impl Serialize for PageActivities<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let iri = self.course.meta.id.as_str();
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("course", &course_activity(self.course))?;
        map.serialize_entry(
            "lessons",
            &Written(&self.lessons, |l: &&Lesson| lesson_activity(iri, l)),
        )?;
        map.serialize_entry(
            "groups",
            &Written(&self.groups, |(l, g): &(&Lesson, &Group)| {
                group_activity(iri, l, g)
            }),
        )?;
        map.serialize_entry(
            "items",
            &Written(&self.items, |(g, i): &(&Group, usize)| {
                item_activity(iri, g, *i)
            }),
        )?;
        map.serialize_entry(
            "questions",
            &Written(&self.questions, |q: &&Question| question_activity(iri, q)),
        )?;
        if !self.media.is_empty() {
            map.serialize_entry(
                "media",
                &Written(&self.media, |m: &&Media| media_activity(iri, m)),
            )?;
        }
        map.end()
    }
}

/// A collection written as an object: each element's id and its activity, made when written.
struct Written<'l, 'c, T, F>(&'l Keyed<'c, T>, F);

impl<T, F: Fn(&T) -> XapiActivity> Serialize for Written<'_, '_, T, F> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Written(list, activity) = self;
        let mut map = s.serialize_map(Some(list.len()))?;
        for (id, element) in list.iter() {
            map.serialize_entry(id, &activity(element))?;
        }
        map.end()
    }
}

fn course_activity(course: &Course) -> XapiActivity {
    activity(
        course.meta.id.as_str().to_string(),
        TYPE_COURSE,
        to_plain_text(&course.meta.title),
    )
}

fn lesson_activity(iri: &str, lesson: &Lesson) -> XapiActivity {
    activity(
        activity_iri(iri, "lessons", lesson.id.as_str()),
        TYPE_LESSON,
        to_plain_text(&lesson.title.markdown),
    )
}

fn group_activity(iri: &str, lesson: &Lesson, g: &Group) -> XapiActivity {
    // Without a label, name the block by its lesson and items: no UI words, so the name is in
    // the course's language whatever it is.
    let name = match &g.label {
        Some(l) => to_plain_text(&l.markdown),
        None => {
            let items: Vec<String> = g
                .items
                .iter()
                .map(|i| to_plain_text(&i.title.markdown))
                .collect();
            format!(
                "{}: {}",
                to_plain_text(&lesson.title.markdown),
                items.join(" / ")
            )
        }
    };
    let mut group = activity(
        activity_iri(iri, "groups", g.id.as_str()),
        TYPE_INTERACTION,
        name,
    );
    group.group_kind = Some(g.kind.name());
    group
}

fn item_activity(iri: &str, g: &Group, i: usize) -> XapiActivity {
    let item = &g.items[i];
    let mut a = activity(
        activity_iri(iri, "items", item.id.as_str()),
        TYPE_INTERACTION,
        to_plain_text(&item.title.markdown),
    );
    a.group = Some(g.id.to_string());
    a.position = Some(i + 1);
    a.total = Some(g.items.len());
    a
}

fn question_activity(iri: &str, q: &Question) -> XapiActivity {
    let mut a = activity(
        activity_iri(iri, "questions", q.id.as_str()),
        TYPE_QUESTION,
        to_plain_text(&q.prompt.markdown),
    );
    interaction(&mut a, &q.answer);
    a
}

fn media_activity(iri: &str, m: &Media) -> XapiActivity {
    let kind = match m.kind {
        MediaKind::Video => TYPE_VIDEO,
        MediaKind::Audio => TYPE_AUDIO,
    };
    activity(
        activity_iri(iri, "media", m.id.as_str()),
        kind,
        to_plain_text(&m.caption.markdown),
    )
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

#[cfg(test)]
mod tests {
    /// A collection is in id order, and of several with one id the last stays, as in a map.
    #[test]
    fn a_collection_is_ordered_by_id_and_the_last_of_an_id_stays() {
        let mut list = vec![("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        super::by_id(&mut list);
        assert_eq!(list, [("a", 5), ("b", 3), ("c", 4)]);
    }
}
