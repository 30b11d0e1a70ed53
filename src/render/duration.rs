//! How long a course takes, for its cover: the author's `duration`, or an estimate from what
//! there is to read and answer.

use crate::model::{Block, Course};
use std::collections::BTreeMap;

/// Words read per minute: a steady pace for instructional text, slower than leisure reading.
const WORDS_PER_MINUTE: usize = 180;
/// Seconds per question (reading it, answering, reading the feedback) and per picture.
const SECONDS_PER_QUESTION: usize = 45;
const SECONDS_PER_FIGURE: usize = 15;

/// The estimated minutes of a course: its words at 180 a minute, 45 s a question and 15 s a
/// figure, rounded up to 5 minutes. Video and audio are not counted: a course with them gives
/// `duration` in course.toml.
pub fn estimate(course: &Course) -> u32 {
    let mut words = 0;
    course.texts(&mut |t| words += t.markdown.split_whitespace().count());
    let (mut questions, mut figures) = (0, 0);
    for lesson in &course.lessons {
        lesson.visit(&mut |b| match b {
            Block::Question(_) => questions += 1,
            Block::Figure(_) => figures += 1,
            _ => {}
        });
    }
    let seconds = words * 60 / WORDS_PER_MINUTE
        + questions * SECONDS_PER_QUESTION
        + figures * SECONDS_PER_FIGURE;
    let minutes = seconds.div_ceil(60).div_ceil(5).max(1) * 5;
    u32::try_from(minutes).unwrap_or(u32::MAX)
}

/// `About 25 min`, `About 1 h 30 min` in the page's language.
pub fn text(minutes: u32, strings: &BTreeMap<String, String>) -> String {
    let get = |k: &str| strings.get(k).cloned().unwrap_or_default();
    let time = if minutes < 60 {
        get("minutes").replace("{n}", &minutes.to_string())
    } else {
        get("hoursMinutes")
            .replace("{h}", &(minutes / 60).to_string())
            .replace("{m}", &format!("{:02}", minutes % 60))
    };
    get("duration").replace("{time}", &time)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::{course_of, text as md};

    #[test]
    fn estimate_counts_words_questions_and_rounds_up() {
        let words = vec!["mot"; 1000].join(" ");
        let course = course_of(vec![("a", vec![Block::Markdown(md(&words))])]);
        // 1000 words (+ "Lesson a") at 180 a minute: just over 5 minutes, so 10.
        assert_eq!(estimate(&course), 10);
        let short = course_of(vec![("a", vec![Block::Markdown(md("Bonjour"))])]);
        assert_eq!(estimate(&short), 5);
        let strings: BTreeMap<String, String> = [
            ("minutes", "{n} min"),
            ("hoursMinutes", "{h} h {m}"),
            ("duration", "About {time}"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(text(25, &strings), "About 25 min");
        assert_eq!(text(65, &strings), "About 1 h 05");
    }
}
