//! Reads a `quiz` block: its settings (the course's `[quiz]` defaults overridden by the block's
//! attributes) and the questions it holds.

use super::directive::{Directive, Node};
use super::lesson::{LessonBuilder, Place};
use crate::model::{Quiz, QuizSettings, ShowCorrect, MAX_ATTEMPTS};

/// The attributes a `quiz` block accepts.
const QUIZ_ATTRS: &[&str] = &["attempts", "show-correct", "shuffle", "draw"];

impl LessonBuilder<'_, '_, '_> {
    pub(super) fn quiz(&mut self, d: &Directive<'_>) -> Option<Quiz> {
        self.no_argument(d);
        self.only_attrs(d, QUIZ_ATTRS);
        let id = self.block_id(d);
        let settings = self.quiz_settings(d);
        // Counted as written, valid or not, so that a broken question does not also make the
        // quiz look empty or too small for its draw.
        let written = d
            .body
            .iter()
            .filter(|n| matches!(n, Node::Directive(q) if q.name == "question"))
            .count();
        let misplaced = d.body.iter().any(|n| matches!(n, Node::Directive(_))) && written == 0;
        let blocks = self.blocks(&d.body, Place::Quiz);
        if misplaced {
            // Its directives are reported as misplaced already.
            return None;
        }
        if written == 0 {
            self.error(
                d.line,
                d.name_column,
                "quiz has no question".into(),
                "put `::: question` blocks between the quiz's opening and closing lines",
            );
            return None;
        }
        let draw = settings.draw.zip(d.attrs.get("draw"));
        if let Some((draw, (_, _, column))) = draw.filter(|(n, _)| *n > written) {
            self.error(
                d.line,
                *column,
                format!("the quiz draws {draw} questions but holds only {written}"),
                &format!("lower `draw` to at most {written}, or add questions to the quiz"),
            );
        }
        Some(Quiz {
            id,
            settings,
            blocks,
        })
    }

    /// The course's quiz settings with the block's attributes applied; bad values are reported
    /// and leave the default in place.
    fn quiz_settings(&mut self, d: &Directive<'_>) -> QuizSettings {
        let mut settings = QuizSettings {
            draw: None,
            ..self.ctx.quiz_defaults.clone()
        };
        for (key, value, column) in &d.attrs.values {
            let problem = match key.as_str() {
                "attempts" => attempts_attr(value).map(|a| settings.attempts = a),
                "show-correct" => show_correct(value).map(|s| settings.show_correct = s),
                "shuffle" => boolean("shuffle", value).map(|b| settings.shuffle = b),
                "draw" => draw(value).map(|n| settings.draw = Some(n)),
                // Reported by `only_attrs`.
                _ => Ok(()),
            };
            if let Err((message, hint)) = problem {
                self.error(d.line, *column, message, &hint);
            }
        }
        settings
    }
}

/// A problem with a value: the message and the hint.
pub(super) type Problem = (String, String);

/// The `attempts` attribute: a count or `unlimited`.
fn attempts_attr(value: &str) -> Result<Option<u8>, Problem> {
    if value == "unlimited" {
        return Ok(None);
    }
    let n = value.parse::<i64>().map_err(|_| {
        (
            format!("`attempts` must be a whole number or `unlimited`, found `{value}`"),
            format!("write `attempts=3` (1 to {MAX_ATTEMPTS}) or `attempts=unlimited`"),
        )
    })?;
    attempt_count(n, "`attempts=unlimited`").map(Some)
}

/// Checks an attempt count (1–63); `unlimited` says how to ask for no limit where it is written.
pub(super) fn attempt_count(n: i64, unlimited: &str) -> Result<u8, Problem> {
    if n < 1 {
        return Err((
            format!("attempt count {n} is below 1"),
            format!("allow 1 to {MAX_ATTEMPTS} attempts, or {unlimited} for no limit"),
        ));
    }
    u8::try_from(n)
        .ok()
        .filter(|n| *n <= MAX_ATTEMPTS)
        .ok_or_else(|| {
            (
                format!("attempt count {n} is above the limit of {MAX_ATTEMPTS}"),
                format!("allow at most {MAX_ATTEMPTS} attempts, or {unlimited} for no limit"),
            )
        })
}

/// A `show-correct` value.
pub(super) fn show_correct(value: &str) -> Result<ShowCorrect, Problem> {
    ShowCorrect::parse(value).ok_or_else(|| {
        (
            format!("unknown value `{value}` for `show-correct`"),
            "use `never`, `after-each` (right after each answer) or `after-last` (once the last attempt is used)".into(),
        )
    })
}

fn boolean(key: &str, value: &str) -> Result<bool, Problem> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err((
            format!("`{key}` must be `true` or `false`, found `{value}`"),
            format!("write `{key}=true` or `{key}=false`"),
        )),
    }
}

/// The `draw` attribute: how many questions a bank draws, at least 1.
fn draw(value: &str) -> Result<usize, Problem> {
    let hint = "a question bank draws from 1 up to the number of questions in the quiz: `draw=5`";
    match value.parse::<i64>() {
        Ok(n) if n >= 1 => {
            usize::try_from(n).map_err(|_| (format!("`draw={value}` is too large"), hint.into()))
        }
        Ok(n) => Err((
            format!("a question bank must draw at least 1 question, found `draw={n}`"),
            hint.into(),
        )),
        Err(_) => Err((
            format!("`draw` must be a whole number, found `{value}`"),
            hint.into(),
        )),
    }
}
