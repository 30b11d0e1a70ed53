//! Reads a `question` directive: its kind and attributes, the prompt, the answer lines of that
//! kind (choices, accepted answers, pairs, steps, scale points), the outcome feedback, and every
//! problem with them.
//!
//! A question body is read in one pass over its lines ([`Body`]): the prompt runs up to the first
//! answer line of the kind; answer lines follow; `> [correct]` / `> [incorrect]` feedback comes
//! last. Each kind then turns the answer lines into its [`Answer`].

use super::directive::{char_column, Directive, Line, Node};
use super::lesson::{LessonBuilder, Place};
use crate::model::{Answer, Choice, Pair, Question, Text};

/// The question kinds, as written after `::: question`.
pub const KINDS: &[&str] = &[
    "single",
    "multiple",
    "true-false",
    "fill-in",
    "matching",
    "ordering",
    "numeric",
    "likert",
];

/// The most matching pairs (sources are `1`–`9`).
const MAX_PAIRS: usize = 9;
/// The most choices, steps or scale points (ids `a`–`z`).
const MAX_LETTERS: usize = 26;
/// A fill-in's default and largest `max-length`.
const DEFAULT_MAX_LENGTH: usize = 40;
const MAX_MAX_LENGTH: usize = 250;
/// The longest number a numeric question may give (the learner state keeps 20 characters).
const MAX_NUMBER_LEN: usize = 20;

/// What a question asks for, from the directive's argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `single`, `multiple`, or no argument (`None`: decided by the number of right choices).
    Choice(Option<bool>),
    TrueFalse,
    FillIn,
    Matching,
    Ordering,
    Numeric,
    Likert,
}

impl Kind {
    fn parse(word: Option<&str>) -> Option<Kind> {
        Some(match word {
            None => Kind::Choice(None),
            Some("single") => Kind::Choice(Some(false)),
            Some("multiple") => Kind::Choice(Some(true)),
            Some("true-false") => Kind::TrueFalse,
            Some("fill-in") => Kind::FillIn,
            Some("matching") => Kind::Matching,
            Some("ordering") => Kind::Ordering,
            Some("numeric") => Kind::Numeric,
            Some("likert") => Kind::Likert,
            Some(_) => return None,
        })
    }

    /// How messages name a question of this kind.
    fn name(self) -> &'static str {
        match self {
            Kind::Choice(_) => "choice question",
            Kind::TrueFalse => "true-false question",
            Kind::FillIn => "fill-in question",
            Kind::Matching => "matching question",
            Kind::Ordering => "ordering question",
            Kind::Numeric => "numeric question",
            Kind::Likert => "likert question",
        }
    }

    /// The named attributes this kind accepts.
    fn attrs(self) -> &'static [&'static str] {
        match self {
            Kind::FillIn => &["scored", "case", "max-length"],
            Kind::Numeric => &["scored", "answer", "min", "max"],
            _ => &["scored"],
        }
    }

    /// Whether `> [correct]` / `> [incorrect]` feedback applies (choice questions have feedback
    /// per choice; a likert question has no right answer).
    fn takes_outcome_feedback(self) -> bool {
        !matches!(self, Kind::Choice(_) | Kind::TrueFalse | Kind::Likert)
    }

    /// What the answer lines are called, and how one is written.
    fn answer_lines(self) -> (&'static str, &'static str) {
        match self {
            Kind::Choice(_) | Kind::TrueFalse => ("choices", "`- [x] right answer`"),
            Kind::FillIn => ("accepted answers", "`- [x] accepted answer`"),
            Kind::Matching => ("pairs", "`- source => target`"),
            Kind::Ordering => ("steps", "`1. first step`"),
            Kind::Likert => ("scale points", "`- Agree`"),
            Kind::Numeric => ("", ""),
        }
    }

    /// Whether a line starts an answer: the `[x]`/`[ ]` mark if any (with the byte offset of its
    /// `[`), and the byte offset of the answer's text.
    fn answer_start(self, text: &str) -> Option<AnswerStart> {
        match self {
            Kind::Choice(_) | Kind::TrueFalse | Kind::FillIn => {
                let start = bullet(text)?;
                let (correct, offset) = choice_marker(text)?;
                Some(AnswerStart {
                    mark: Some((correct, start)),
                    offset,
                })
            }
            Kind::Matching => bullet(text).map(|offset| AnswerStart { mark: None, offset }),
            Kind::Likert => {
                let start = bullet(text)?;
                Some(match choice_marker(text) {
                    Some((correct, offset)) => AnswerStart {
                        mark: Some((correct, start)),
                        offset,
                    },
                    None => AnswerStart {
                        mark: None,
                        offset: start,
                    },
                })
            }
            Kind::Ordering => numbered(text).map(|offset| AnswerStart { mark: None, offset }),
            Kind::Numeric => None,
        }
    }
}

/// Whether a question directive counts for the score, judged from its opening line alone, so
/// that the course-wide checks count a question that has other problems.
pub fn scored_by_syntax(d: &Directive<'_>) -> bool {
    let likert = matches!(d.argument, Some(("likert", _)));
    let unscored = d.attrs.get("scored").is_some_and(|(_, v, _)| v == "false");
    !likert && !unscored
}

struct AnswerStart {
    mark: Option<(bool, usize)>,
    offset: usize,
}

/// One answer line being read, with the lines that continue it.
struct PendingAnswer<'a> {
    line: Line<'a>,
    /// `[x]` (true) or `[ ]` (false) and the byte offset of its `[`; `None` on lines without one.
    mark: Option<(bool, usize)>,
    /// Byte offset of the text in `line`.
    offset: usize,
    /// The text, then its indented continuation lines (choices only).
    text: Vec<String>,
    /// Per-choice feedback lines (choices only), each with its source line.
    feedback: Vec<(Line<'a>, String)>,
}

impl PendingAnswer<'_> {
    fn column(&self) -> usize {
        char_column(self.line.text, self.offset)
    }

    fn joined(&self) -> String {
        self.text.join("\n")
    }
}

/// Outcome feedback being read: its lines, each with the byte offset of its text.
struct PendingFeedback<'a> {
    lines: Vec<(Line<'a>, usize)>,
}

/// A question body split into its parts.
#[derive(Default)]
struct Body<'a> {
    prompt: Vec<Line<'a>>,
    answers: Vec<PendingAnswer<'a>>,
    correct: Option<PendingFeedback<'a>>,
    incorrect: Option<PendingFeedback<'a>>,
}

/// The attribute values of a question, checked.
struct Settings {
    scored: bool,
    case_sensitive: bool,
    max_length: usize,
}

impl LessonBuilder<'_, '_, '_> {
    pub(super) fn question(&mut self, d: &Directive<'_>, place: Place) -> Option<Question> {
        let id = self.block_id(d);
        let Some(kind) = self.question_kind(d) else {
            // Without its kind, the body cannot be read.
            return None;
        };
        self.question_attrs(d, kind);
        let settings = self.question_settings(d, kind, place);
        let body = self.question_body(d, kind)?;
        let Some(prompt) = self.markdown(&body.prompt) else {
            let hint = match kind {
                Kind::Numeric => "write the question text before the closing `:::`".to_string(),
                _ => format!(
                    "write the question before the first of its {}",
                    kind.answer_lines().0
                ),
            };
            self.error(
                d.line,
                d.name_column,
                "question has no prompt".into(),
                &hint,
            );
            return None;
        };
        let feedback_correct = self.feedback_text(body.correct.as_ref(), "[correct]");
        let feedback_incorrect = self.feedback_text(body.incorrect.as_ref(), "[incorrect]");
        let answer = match kind {
            Kind::Choice(declared) => self.choice(d, declared, body.answers),
            Kind::TrueFalse => self.true_false(d, body.answers),
            Kind::FillIn => self.fill_in(d, &settings, &body.answers),
            Kind::Matching => self.matching(d, &body.answers),
            Kind::Ordering => self.ordering(d, &body.answers),
            Kind::Numeric => self.numeric(d),
            Kind::Likert => self.likert(d, &body.answers),
        }?;
        Some(Question {
            id,
            scored: settings.scored && kind != Kind::Likert,
            prompt,
            answer,
            feedback_correct: feedback_correct?,
            feedback_incorrect: feedback_incorrect?,
        })
    }

    fn question_kind(&mut self, d: &Directive<'_>) -> Option<Kind> {
        let word = d.argument.map(|(w, _)| w);
        let kind = Kind::parse(word);
        if let (None, Some((other, column))) = (kind, d.argument) {
            let hint = match super::lesson::closest(other, KINDS) {
                Some(known) => format!("did you mean `{known}`? kinds: {}", KINDS.join(", ")),
                None => format!("use one of {}, or leave it out", KINDS.join(", ")),
            };
            self.error(
                d.line,
                column,
                format!("unknown question kind `{other}`"),
                &hint,
            );
        }
        kind
    }

    /// Reports attributes the kind does not take: unknown ones, and those of another kind.
    fn question_attrs(&mut self, d: &Directive<'_>, kind: Kind) {
        let allowed = kind.attrs();
        let every = [Kind::FillIn, Kind::Numeric];
        for (key, _, column) in &d.attrs.values {
            if allowed.contains(&key.as_str()) {
                continue;
            }
            let owner = every.iter().find(|k| k.attrs().contains(&key.as_str()));
            let message = match owner {
                Some(owner) => format!("`{key}` applies to a {} only", owner.name()),
                None => format!("unknown attribute `{key}` on `question`"),
            };
            let hint = format!("a {} accepts: {}", kind.name(), allowed.join(", "));
            self.error(d.line, *column, message, &hint);
        }
    }

    /// `scored`, `case` and `max-length`, checked against the kind and the place.
    fn question_settings(&mut self, d: &Directive<'_>, kind: Kind, place: Place) -> Settings {
        let mut settings = Settings {
            scored: true,
            case_sensitive: false,
            max_length: DEFAULT_MAX_LENGTH,
        };
        if let Some((_, value, column)) = d.attrs.get("scored") {
            match value.as_str() {
                "true" if kind == Kind::Likert => self.error(
                    d.line,
                    *column,
                    "a likert question is never scored".into(),
                    "remove `scored=true`: a survey has no right answer",
                ),
                "true" => {}
                "false" if place == Place::Quiz => self.error(
                    d.line,
                    *column,
                    "an unscored question cannot be inside a quiz".into(),
                    "every question of a quiz is scored: remove `scored=false`, or move the question out of the quiz",
                ),
                "false" => settings.scored = false,
                other => self.error(
                    d.line,
                    *column,
                    format!("`scored` must be `true` or `false`, found `{other}`"),
                    "write `scored=false` for a knowledge check that does not count for the score",
                ),
            }
        }
        if kind == Kind::Likert && place == Place::Quiz {
            let column = d.argument.map_or(d.name_column, |(_, c)| c);
            self.error(
                d.line,
                column,
                "a likert question cannot be inside a quiz".into(),
                "a survey is never scored; move it out of the quiz",
            );
        }
        if kind != Kind::FillIn {
            return settings;
        }
        if let Some((_, value, column)) = d.attrs.get("case") {
            match value.as_str() {
                "sensitive" => settings.case_sensitive = true,
                "insensitive" => {}
                other => self.error(
                    d.line,
                    *column,
                    format!("unknown value `{other}` for `case`"),
                    "use `case=sensitive` or `case=insensitive` (the default)",
                ),
            }
        }
        if let Some((_, value, column)) = d.attrs.get("max-length") {
            match value.parse::<usize>() {
                Ok(n) if (1..=MAX_MAX_LENGTH).contains(&n) => settings.max_length = n,
                _ => self.error(
                    d.line,
                    *column,
                    format!("`max-length` must be a whole number from 1 to {MAX_MAX_LENGTH}, found `{value}`"),
                    &format!("the longest answer a learner may type, in characters (default {DEFAULT_MAX_LENGTH})"),
                ),
            }
        }
        settings
    }

    /// Splits the body into prompt, answer lines and outcome feedback. Returns `None` (after
    /// reporting it) when the body has text where none belongs.
    fn question_body<'a>(&mut self, d: &Directive<'a>, kind: Kind) -> Option<Body<'a>> {
        let mut body = Body::default();
        // The outcome feedback being read, if any: `Some(true)` for `[correct]`.
        let mut in_feedback: Option<bool> = None;
        for node in &d.body {
            let lines = match node {
                Node::Markdown(lines) => lines,
                Node::Directive(inner) => {
                    self.error(
                        inner.line,
                        inner.name_column,
                        format!("`{}` cannot be placed inside a question", inner.name),
                        "a question holds a prompt and its answers",
                    );
                    return None;
                }
            };
            for line in lines {
                // Code fences hold text only: never an answer or a feedback line.
                let syntax = |f: fn(&str) -> Option<(bool, usize)>| {
                    (!line.in_fence).then(|| f(line.text)).flatten()
                };
                if let Some((correct, offset)) = syntax(outcome_marker) {
                    self.outcome_feedback(&mut body, kind, *line, correct, offset)?;
                    in_feedback = Some(correct);
                } else if let Some(correct) = in_feedback {
                    self.feedback_line(&mut body, correct, *line)?;
                } else if let Some(start) = (!line.in_fence)
                    .then(|| kind.answer_start(line.text))
                    .flatten()
                {
                    body.answers.push(PendingAnswer {
                        line: *line,
                        mark: start.mark,
                        offset: start.offset,
                        text: vec![line.text[start.offset..].trim_end().to_string()],
                        feedback: Vec::new(),
                    });
                } else if body.answers.is_empty() {
                    body.prompt.push(*line);
                } else {
                    self.after_answers(&mut body, kind, *line)?;
                }
            }
        }
        Some(body)
    }

    /// A line after `> [correct]` or `> [incorrect]`: more of that feedback, or a blank line.
    fn feedback_line<'a>(
        &mut self,
        body: &mut Body<'a>,
        correct: bool,
        line: Line<'a>,
    ) -> Option<()> {
        let slot = if correct {
            &mut body.correct
        } else {
            &mut body.incorrect
        };
        match (!line.in_fence).then(|| quote_text(line.text)).flatten() {
            Some(offset) => {
                if let Some(f) = slot {
                    f.lines.push((line, offset));
                }
            }
            None if line.text.trim().is_empty() => {}
            None => {
                self.error(line, 1, "unexpected text after the feedback".into(),
                    "outcome feedback (`> [correct] …`, `> [incorrect] …`) comes last in a question, each of its lines starting with `>`");
                return None;
            }
        }
        Some(())
    }

    /// A line after the answers that starts no answer: a blank line, the continuation of a
    /// choice or its feedback, or text that does not belong.
    fn after_answers<'a>(&mut self, body: &mut Body<'a>, kind: Kind, line: Line<'a>) -> Option<()> {
        if line.text.trim().is_empty() {
            return Some(());
        }
        if let (Kind::Choice(_) | Kind::TrueFalse, Some(answer)) = (kind, body.answers.last_mut()) {
            if choice_continuation(answer, line) {
                return Some(());
            }
            self.error(line, 1, "unexpected text after the choices".into(),
                "feedback goes under its choice, indented, starting with `>`; the prompt goes before the first choice");
            return None;
        }
        let (what, example) = kind.answer_lines();
        let one = singular(what);
        let hint = if kind.takes_outcome_feedback() {
            format!(
                "write one {one} per line: {example}; outcome feedback comes last: `> [correct] …`"
            )
        } else {
            format!("write one {one} per line: {example}")
        };
        self.error(line, 1, format!("unexpected text after the {what}"), &hint);
        None
    }

    /// Starts `[correct]` or `[incorrect]` feedback; `None` when it does not belong there.
    fn outcome_feedback<'a>(
        &mut self,
        body: &mut Body<'a>,
        kind: Kind,
        line: Line<'a>,
        correct: bool,
        offset: usize,
    ) -> Option<()> {
        let which = if correct { "[correct]" } else { "[incorrect]" };
        let column = line.text.find('[').map_or(1, |o| char_column(line.text, o));
        if !kind.takes_outcome_feedback() {
            let hint = match kind {
                Kind::Likert => "a likert question has no right answer; remove the feedback",
                _ => "give feedback per choice: an indented `> …` line under the choice",
            };
            self.error(
                line,
                column,
                format!("`{which}` feedback does not apply to a {}", kind.name()),
                hint,
            );
            return None;
        }
        let slot = if correct {
            &mut body.correct
        } else {
            &mut body.incorrect
        };
        if slot.is_some() {
            self.error(
                line,
                column,
                format!("second `{which}` feedback in the question"),
                "write each outcome feedback once; continue it on lines starting with `>`",
            );
            return None;
        }
        *slot = Some(PendingFeedback {
            lines: vec![(line, offset)],
        });
        Some(())
    }

    /// The text of outcome feedback, starting at its first non-empty line: `Some(None)` when
    /// there is none, `None` when it is empty (reported).
    fn feedback_text(
        &mut self,
        feedback: Option<&PendingFeedback<'_>>,
        which: &str,
    ) -> Option<Option<Text>> {
        let Some(feedback) = feedback else {
            return Some(None);
        };
        let lines = &feedback.lines;
        let Some(first) = lines
            .iter()
            .position(|(l, o)| !l.text[*o..].trim().is_empty())
        else {
            let (line, offset) = lines[0];
            self.error(
                line,
                char_column(line.text, offset),
                format!("`{which}` feedback has no text"),
                &format!("write the feedback after the marker: `> {which} …`, or remove the line"),
            );
            return None;
        };
        let (line, offset) = lines[first];
        let markdown = lines[first..]
            .iter()
            .map(|(l, o)| l.text[*o..].trim_end())
            .collect::<Vec<_>>()
            .join("\n");
        let text = self.text_from(
            markdown.trim_end().to_string(),
            line.no,
            char_column(line.text, offset),
        );
        self.check_markdown(&text);
        Some(Some(text))
    }

    /// An answer's text on one line (no continuation), checked; `None` when it is empty.
    fn answer_text(&mut self, answer: &PendingAnswer<'_>, what: &str) -> Option<Text> {
        let markdown = answer.joined();
        if markdown.trim().is_empty() {
            let example = match answer.mark {
                Some(_) => format!("write the {what} after `[ ]` or `[x]`"),
                None => format!("write the {what} after the list marker"),
            };
            self.error(
                answer.line,
                answer.column(),
                format!("{what} has no text"),
                &example,
            );
            return None;
        }
        let text = self.text_from(markdown, answer.line.no, answer.column());
        self.check_markdown(&text);
        Some(text)
    }

    fn choice(
        &mut self,
        d: &Directive<'_>,
        declared: Option<bool>,
        answers: Vec<PendingAnswer<'_>>,
    ) -> Option<Answer> {
        let choices = self.choices(d, answers)?;
        let correct_count = choices.iter().filter(|c| c.correct).count();
        if correct_count == 0 {
            self.error(
                d.line,
                d.name_column,
                "question has no correct answer".into(),
                "mark each correct choice with `[x]`: `- [x] right answer`",
            );
            return None;
        }
        if declared == Some(false) && correct_count > 1 {
            self.error(
                d.line,
                d.name_column,
                format!("single-answer question has {correct_count} correct choices"),
                "mark exactly one choice with `[x]`, or make the question `multiple`",
            );
            return None;
        }
        Some(Answer::Choice {
            multiple: declared.unwrap_or(correct_count > 1),
            choices,
        })
    }

    fn true_false(&mut self, d: &Directive<'_>, answers: Vec<PendingAnswer<'_>>) -> Option<Answer> {
        let count = answers.len();
        let choices = self.choices(d, answers)?;
        let hint = "write two choices, the label meaning true first: `- [x] True` and `- [ ] False`, and mark the right one with `[x]`";
        if count != 2 {
            self.error(
                d.line,
                d.name_column,
                format!("true-false question has {count} choices; it needs exactly two"),
                hint,
            );
            return None;
        }
        let right = choices.iter().filter(|c| c.correct).count();
        if right != 1 {
            self.error(
                d.line,
                d.name_column,
                format!("true-false question has {right} right choices; it needs exactly one"),
                hint,
            );
            return None;
        }
        Some(Answer::TrueFalse { choices })
    }

    /// The choices of a choice or true-false question, lettered `a`, `b`, …
    fn choices(
        &mut self,
        d: &Directive<'_>,
        answers: Vec<PendingAnswer<'_>>,
    ) -> Option<Vec<Choice>> {
        if answers.is_empty() {
            self.error(
                d.line,
                d.name_column,
                "question has no choices".into(),
                "add choices as list items: `- [x] right answer` and `- [ ] wrong answer`",
            );
            return None;
        }
        if answers.len() > MAX_LETTERS {
            self.error(
                answers[MAX_LETTERS].line,
                1,
                format!("a question may have at most {MAX_LETTERS} choices"),
                "split the question",
            );
            return None;
        }
        let mut out = Vec::new();
        for (letter, answer) in letters().zip(&answers) {
            let Some(text) = self.answer_text(answer, "choice") else {
                continue;
            };
            let feedback = answer.feedback.first().map(|(first, _)| {
                let column = first
                    .text
                    .find('>')
                    .map_or(1, |o| char_column(first.text, o + 2));
                let markdown = answer
                    .feedback
                    .iter()
                    .map(|(_, t)| t.as_str())
                    .collect::<Vec<_>>()
                    .join("\n");
                let text = self.text_from(markdown, first.no, column);
                self.check_markdown(&text);
                text
            });
            out.push(Choice {
                letter,
                correct: answer.mark.is_some_and(|(c, _)| c),
                text,
                feedback,
            });
        }
        Some(out)
    }

    fn fill_in(
        &mut self,
        d: &Directive<'_>,
        settings: &Settings,
        answers: &[PendingAnswer<'_>],
    ) -> Option<Answer> {
        if answers.is_empty() {
            self.error(
                d.line,
                d.name_column,
                "fill-in question has no accepted answer".into(),
                "list each answer that counts as right after the prompt: `- [x] accepted answer`",
            );
            return None;
        }
        let mut accepted = Vec::new();
        let mut ok = true;
        for answer in answers {
            if let Some((false, at)) = answer.mark {
                self.error(
                    answer.line,
                    char_column(answer.line.text, at),
                    "a fill-in question lists only accepted answers".into(),
                    "mark each accepted answer with `[x]`; wrong answers need not be listed",
                );
                ok = false;
                continue;
            }
            let Some(text) = self.answer_text(answer, "accepted answer") else {
                ok = false;
                continue;
            };
            let length = collapsed_len(&text.markdown);
            if length > settings.max_length {
                self.error(
                    answer.line,
                    answer.column(),
                    format!(
                        "accepted answer has {length} characters; `max-length` is {}",
                        settings.max_length
                    ),
                    &format!(
                        "shorten the answer, or raise `max-length` (at most {MAX_MAX_LENGTH})"
                    ),
                );
                ok = false;
            }
            accepted.push(text);
        }
        ok.then_some(Answer::FillIn {
            accepted,
            case_sensitive: settings.case_sensitive,
            max_length: settings.max_length,
        })
    }

    fn matching(&mut self, d: &Directive<'_>, answers: &[PendingAnswer<'_>]) -> Option<Answer> {
        if !self.count_in_range(d, answers, Kind::Matching, MAX_PAIRS) {
            return None;
        }
        let mut pairs = Vec::new();
        let mut ok = true;
        for answer in answers {
            match self.pair(answer) {
                Some(pair) => pairs.push(pair),
                None => ok = false,
            }
        }
        let targets: Vec<&str> = pairs.iter().map(|p| p.target.markdown.as_str()).collect();
        if let Some(i) = first_repeat(&targets) {
            self.error(
                answers[i].line,
                pairs[i].target.origin.column,
                format!("matching target `{}` is written twice", targets[i]),
                "make every target different: a learner could not tell two equal targets apart",
            );
            ok = false;
        }
        ok.then_some(Answer::Matching { pairs })
    }

    /// One `source => target` line; `None` (reported) when a side is missing.
    fn pair(&mut self, answer: &PendingAnswer<'_>) -> Option<Pair> {
        let line = answer.line;
        let text = &line.text[answer.offset..];
        let hint = "write each pair on one line: `- source => target`";
        let Some(arrow) = text.find("=>") else {
            self.error(
                line,
                answer.column(),
                "unmatched item in a matching question: no `=>`".into(),
                hint,
            );
            return None;
        };
        let source = text[..arrow].trim_end();
        let after = &text[arrow + 2..];
        let target = after.trim();
        let target_offset = answer.offset + arrow + 2 + (after.len() - after.trim_start().len());
        let missing = match (source.is_empty(), target.is_empty()) {
            (true, _) => Some(("before", answer.column())),
            (_, true) => Some(("after", char_column(line.text, answer.offset + arrow))),
            _ => None,
        };
        if let Some((side, column)) = missing {
            self.error(
                line,
                column,
                format!("unmatched item in a matching question: nothing {side} `=>`"),
                hint,
            );
            return None;
        }
        let source = self.text_from(source.to_string(), line.no, answer.column());
        let target = self.text_from(
            target.to_string(),
            line.no,
            char_column(line.text, target_offset),
        );
        self.check_markdown(&source);
        self.check_markdown(&target);
        Some(Pair { source, target })
    }

    fn ordering(&mut self, d: &Directive<'_>, answers: &[PendingAnswer<'_>]) -> Option<Answer> {
        if !self.count_in_range(d, answers, Kind::Ordering, MAX_LETTERS) {
            return None;
        }
        let steps = self.plain_answers(answers, "step")?;
        Some(Answer::Sequencing { steps })
    }

    fn likert(&mut self, d: &Directive<'_>, answers: &[PendingAnswer<'_>]) -> Option<Answer> {
        let marked: Vec<&PendingAnswer<'_>> = answers.iter().filter(|a| a.mark.is_some()).collect();
        for answer in &marked {
            let at = answer.mark.map_or(0, |(_, at)| at);
            self.error(
                answer.line,
                char_column(answer.line.text, at),
                "a likert scale point takes no `[x]` or `[ ]`".into(),
                "a survey has no right answer: write each point as a plain list item, `- Agree`",
            );
        }
        if !self.count_in_range(d, answers, Kind::Likert, MAX_LETTERS) || !marked.is_empty() {
            return None;
        }
        let scale = self.plain_answers(answers, "scale point")?;
        Some(Answer::Likert { scale })
    }

    /// The texts of steps or scale points, which must all differ.
    fn plain_answers(&mut self, answers: &[PendingAnswer<'_>], what: &str) -> Option<Vec<Text>> {
        let texts: Vec<Option<Text>> = answers.iter().map(|a| self.answer_text(a, what)).collect();
        let texts: Vec<Text> = texts.into_iter().collect::<Option<_>>()?;
        let written: Vec<&str> = texts.iter().map(|t| t.markdown.as_str()).collect();
        if let Some(i) = first_repeat(&written) {
            self.error(
                answers[i].line,
                answers[i].column(),
                format!("{what} `{}` is written twice", written[i]),
                &format!("make every {what} different: a learner could not tell them apart"),
            );
            return None;
        }
        Some(texts)
    }

    /// Checks that a matching, ordering or likert question has 2 to `max` answer lines.
    fn count_in_range(
        &mut self,
        d: &Directive<'_>,
        answers: &[PendingAnswer<'_>],
        kind: Kind,
        max: usize,
    ) -> bool {
        let (what, example) = kind.answer_lines();
        let n = answers.len();
        let problem = match n {
            0 => Some((
                d.line,
                d.name_column,
                format!("{} has no {what}", kind.name()),
                format!("add at least two, one per line after the prompt: {example}"),
            )),
            1 => Some((
                d.line,
                d.name_column,
                format!(
                    "{} has only one {}; it needs at least two",
                    kind.name(),
                    singular(what)
                ),
                format!("add another, one per line: {example}"),
            )),
            n if n > max => Some((
                answers[max].line,
                1,
                format!("{} has {n} {what}; the limit is {max}", kind.name()),
                "split it into two questions".to_string(),
            )),
            _ => None,
        };
        match problem {
            Some((line, column, message, hint)) => {
                self.error(line, column, message, &hint);
                false
            }
            None => true,
        }
    }

    fn numeric(&mut self, d: &Directive<'_>) -> Option<Answer> {
        let hint =
            "give `answer=27` for an exact answer, or `min=25 max=30` for a range (both included)";
        let answer = self.number_attr(d, "answer");
        let min = self.number_attr(d, "min");
        let max = self.number_attr(d, "max");
        let has = |key| d.attrs.get(key).is_some();
        if has("answer") && (has("min") || has("max")) {
            let key = if has("min") { "min" } else { "max" };
            let column = d.attrs.get(key).map_or(d.name_column, |(_, _, c)| *c);
            self.error(
                d.line,
                column,
                format!("`answer` and `{key}` cannot be used together"),
                hint,
            );
            return None;
        }
        if has("answer") {
            let answer = answer?;
            return Some(Answer::Numeric {
                min: answer.clone(),
                max: answer,
            });
        }
        if !has("min") && !has("max") {
            self.error(
                d.line,
                d.name_column,
                "numeric question has no answer".into(),
                hint,
            );
            return None;
        }
        if has("min") != has("max") {
            let (given, missing) = if has("min") {
                ("min", "max")
            } else {
                ("max", "min")
            };
            let column = d.attrs.get(given).map_or(d.name_column, |(_, _, c)| *c);
            self.error(
                d.line,
                column,
                format!("numeric range has `{given}` but no `{missing}`"),
                hint,
            );
            return None;
        }
        let (min, max) = (min?, max?);
        if decimal_value(&min) > decimal_value(&max) {
            let column = d.attrs.get("min").map_or(d.name_column, |(_, _, c)| *c);
            self.error(
                d.line,
                column,
                format!("numeric range is upside down: min {min} is greater than max {max}"),
                &format!("swap the values: `min={max} max={min}`"),
            );
            return None;
        }
        Some(Answer::Numeric { min, max })
    }

    /// A number attribute checked to be a decimal; `None` when absent or reported.
    fn number_attr(&mut self, d: &Directive<'_>, key: &str) -> Option<String> {
        let (_, value, column) = d.attrs.get(key)?;
        let problem = if !is_decimal(value) {
            format!("`{key}` value `{value}` is not a decimal number")
        } else if value.len() > MAX_NUMBER_LEN {
            format!("`{key}` value `{value}` is longer than {MAX_NUMBER_LEN} characters")
        } else {
            return Some(value.clone());
        };
        self.error(
            d.line,
            *column,
            problem,
            &format!("write numbers like `27`, `2.5` or `-3`: digits, an optional `-` and decimal point, at most {MAX_NUMBER_LEN} characters"),
        );
        None
    }
}

/// Adds an indented line to a choice (more text, or its feedback); false when the line is not
/// indented and so does not belong to the choice.
fn choice_continuation<'a>(answer: &mut PendingAnswer<'a>, line: Line<'a>) -> bool {
    let trimmed = line.text.trim_start();
    let indented = line.text.len() > trimmed.len();
    if !indented {
        return false;
    }
    if let Some(rest) = trimmed.strip_prefix('>') {
        let body = rest.strip_prefix(' ').unwrap_or(rest);
        answer.feedback.push((line, body.to_string()));
    } else if answer.feedback.is_empty() {
        answer.text.push(trimmed.to_string());
    } else {
        answer.feedback.push((line, trimmed.to_string()));
    }
    true
}

/// `a`, `b`, … `z`.
fn letters() -> impl Iterator<Item = char> {
    ('a'..='z').take(MAX_LETTERS)
}

fn singular(what: &str) -> &str {
    what.strip_suffix('s').unwrap_or(what)
}

/// The index of the first text that repeats an earlier one.
fn first_repeat(texts: &[&str]) -> Option<usize> {
    (1..texts.len()).find(|&i| texts[..i].contains(&texts[i]))
}

/// The length in characters of a typed answer once its white space is collapsed.
pub(crate) fn collapsed_len(s: &str) -> usize {
    s.split_whitespace()
        .map(|w| w.chars().count() + 1)
        .sum::<usize>()
        .saturating_sub(1)
}

/// `27`, `-3`, `2.5`: an optional minus, digits, an optional point and digits.
fn is_decimal(s: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let unsigned = s.strip_prefix('-').unwrap_or(s);
    match unsigned.split_once('.') {
        Some((int, frac)) => digits(int) && digits(frac),
        None => digits(unsigned),
    }
}

/// The value of a checked decimal, for comparing a range's ends.
fn decimal_value(s: &str) -> f64 {
    s.parse().unwrap_or(0.0)
}

fn indent_of(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

/// A list item line (`-`, `*` or `+` and a space, at most three spaces in): the byte offset
/// of its text.
fn bullet(text: &str) -> Option<usize> {
    let indent = indent_of(text);
    if indent > 3 {
        return None;
    }
    let rest = text[indent..].strip_prefix(['-', '*', '+'])?;
    let after = rest.trim_start();
    if after.len() == rest.len() {
        return None;
    }
    Some(text.len() - after.len())
}

/// A numbered list line (`1.` or `1)` and a space): the byte offset of its text.
fn numbered(text: &str) -> Option<usize> {
    let indent = indent_of(text);
    if indent > 3 {
        return None;
    }
    let body = &text[indent..];
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if !(1..=9).contains(&digits) {
        return None;
    }
    let rest = body[digits..].strip_prefix(['.', ')'])?;
    let after = rest.trim_start();
    if after.len() == rest.len() {
        return None;
    }
    Some(text.len() - after.len())
}

/// A choice line `- [x] text`: whether it is correct and the byte offset of its text.
fn choice_marker(text: &str) -> Option<(bool, usize)> {
    let after_bullet = &text[bullet(text)?..];
    let (correct, tail) = if let Some(t) = after_bullet.strip_prefix("[ ]") {
        (false, t)
    } else if let Some(t) = after_bullet
        .strip_prefix("[x]")
        .or_else(|| after_bullet.strip_prefix("[X]"))
    {
        (true, t)
    } else {
        return None;
    };
    let text_start = tail.len() - tail.trim_start().len();
    Some((correct, text.len() - tail.len() + text_start))
}

/// A block-quote line (`>` at most three spaces in): the byte offset of its text.
fn quote_text(text: &str) -> Option<usize> {
    let indent = indent_of(text);
    if indent > 3 {
        return None;
    }
    let rest = text[indent..].strip_prefix('>')?;
    let body = rest.strip_prefix(' ').unwrap_or(rest);
    Some(text.len() - body.len())
}

/// An outcome feedback line `> [correct] text` or `> [incorrect] text`: whether it is the
/// `[correct]` one, and the byte offset of its text.
fn outcome_marker(text: &str) -> Option<(bool, usize)> {
    let rest = text[quote_text(text)?..].trim_start();
    let (correct, tail) = if let Some(t) = rest.strip_prefix("[correct]") {
        (true, t)
    } else {
        (false, rest.strip_prefix("[incorrect]")?)
    };
    Some((correct, text.len() - tail.trim_start().len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_markers() {
        assert_eq!(bullet("- a"), Some(2));
        assert_eq!(bullet("   *  a"), Some(6));
        assert_eq!(bullet("-a"), None);
        assert_eq!(bullet("    - a"), None);
        assert_eq!(numbered("12. step"), Some(4));
        assert_eq!(numbered("1) step"), Some(3));
        assert_eq!(numbered("1.step"), None);
        assert_eq!(numbered("1234567890. x"), None);
        assert_eq!(choice_marker("- [x] a"), Some((true, 6)));
        assert_eq!(choice_marker("- [ ]"), Some((false, 5)));
        assert_eq!(choice_marker("- a"), None);
        assert_eq!(outcome_marker("> [correct] Yes"), Some((true, 12)));
        assert_eq!(outcome_marker(">[incorrect]No"), Some((false, 12)));
        assert_eq!(outcome_marker("> [correct]"), Some((true, 11)));
        assert_eq!(outcome_marker("> correct"), None);
        assert_eq!(quote_text("> a"), Some(2));
        assert_eq!(quote_text(">"), Some(1));
    }

    #[test]
    fn numbers() {
        for ok in ["27", "-3", "2.5", "0.001", "-0.5"] {
            assert!(is_decimal(ok), "{ok}");
        }
        for bad in ["", "-", "2,5", "1e3", ".5", "5.", "+3", "1.2.3", " 1", "٣"] {
            assert!(!is_decimal(bad), "{bad}");
        }
        assert_eq!(collapsed_len("  Amazon   Bedrock "), 14);
        assert_eq!(collapsed_len("é"), 1);
    }
}
