//! Render tests on models built by hand: one question of every type, quizzes, knowledge checks
//! and a survey, checked in the HTML (the DOM hooks of `docs/runtime.md`), the page data, the
//! xAPI definitions and the learner state shape.

use super::*;
use crate::model::{
    Answer, Block, Choice, Completion, CourseMeta, Id, Lesson, Origin, PackageOptions, Pair,
    Question, Quiz, QuizSettings, ShowCorrect, Text,
};
use serde_json::{json, Value};

mod media;

pub(crate) fn text(markdown: &str) -> Text {
    Text {
        markdown: markdown.to_string(),
        origin: Origin {
            file: RelPath::from_trusted("l.md"),
            line: 1,
            column: 1,
        },
    }
}

fn id(s: &str) -> Id {
    Id::parse(s).expect("a valid id")
}

fn choice(letter: char, correct: bool, t: &str, feedback: Option<&str>) -> Choice {
    Choice {
        letter,
        correct,
        text: text(t),
        feedback: feedback.map(text),
    }
}

pub(crate) fn question(qid: &str, scored: bool, prompt: &str, answer: Answer) -> Question {
    Question {
        id: id(qid),
        scored,
        prompt: text(prompt),
        answer,
        feedback_correct: None,
        feedback_incorrect: None,
    }
}

pub(crate) fn fill_in(accepted: &[&str], case_sensitive: bool, max_length: usize) -> Answer {
    Answer::FillIn {
        accepted: accepted.iter().map(|a| text(a)).collect(),
        case_sensitive,
        max_length,
    }
}

/// One question of every type: scored ones outside any quiz (the implicit quiz), a quiz bank,
/// a knowledge check and a survey. Course text that HTML must escape sits in every new place.
pub(crate) fn every_type_blocks() -> Vec<Block> {
    let mut fill = question(
        "q-fill",
        true,
        "Which service hosts models?",
        fill_in(&["Amazon < Bedrock & \"co\"", "Bedrock"], false, 30),
    );
    fill.feedback_correct = Some(text("Yes: *Bedrock* & co."));
    fill.feedback_incorrect = Some(text("No <script>alert(1)</script>"));
    let mut num = question(
        "q-range",
        true,
        "How many days?",
        Answer::Numeric {
            min: "25".into(),
            max: "30".into(),
        },
    );
    num.feedback_incorrect = Some(text("Between 25 and 30."));
    vec![
        Block::Markdown(text("Intro.")),
        Block::Question(question(
            "q-choice",
            true,
            "Pick *one*",
            Answer::Choice {
                multiple: false,
                choices: vec![
                    choice('a', false, "A circle", Some("Round.")),
                    choice('b', true, "A < square", None),
                    choice('c', false, "A triangle", None),
                ],
            },
        )),
        Block::Question(question(
            "q-multi",
            true,
            "Pick two",
            Answer::Choice {
                multiple: true,
                choices: vec![
                    choice('a', true, "Tabs", None),
                    choice('b', false, "Callouts", None),
                    choice('c', true, "Carousels", None),
                ],
            },
        )),
        Block::Question(question(
            "q-tf",
            true,
            "The sky is green.",
            Answer::TrueFalse {
                choices: vec![
                    choice('a', false, "True", Some("It is blue.")),
                    choice('b', true, "False", None),
                ],
            },
        )),
        Block::Question(fill),
        Block::Question(question(
            "q-match",
            true,
            "Match the layers",
            Answer::Matching {
                pairs: vec![
                    Pair {
                        source: text("EC2 & *co*"),
                        target: text("Compute < x"),
                    },
                    Pair {
                        source: text("S3"),
                        target: text("Storage \"quoted\""),
                    },
                ],
            },
        )),
        Block::Question(question(
            "q-order",
            true,
            "Put in order",
            Answer::Sequencing {
                steps: vec![text("Plan < first"), text("Build"), text("Ship")],
            },
        )),
        Block::Question(num),
        Block::Question(question(
            "q-exact",
            true,
            "How many?",
            Answer::Numeric {
                min: "2.5".into(),
                max: "2.5".into(),
            },
        )),
        Block::Question(question(
            "q-check",
            false,
            "A practice check",
            Answer::Choice {
                multiple: false,
                choices: vec![
                    choice('a', true, "Yes", None),
                    choice('b', false, "No", None),
                ],
            },
        )),
        Block::Question(question(
            "q-survey",
            false,
            "How useful was this?",
            Answer::Likert {
                scale: vec![text("Not < at all"), text("Somewhat"), text("Very")],
            },
        )),
        Block::Quiz(Quiz {
            id: id("final"),
            settings: QuizSettings {
                attempts: Some(3),
                show_correct: ShowCorrect::AfterEach,
                shuffle: true,
                draw: Some(2),
            },
            blocks: vec![
                Block::Question(question(
                    "final.q1",
                    true,
                    "Bank one",
                    fill_in(&["Case"], true, 10),
                )),
                Block::Markdown(text("Between questions.")),
                Block::Question(question(
                    "final.q2",
                    true,
                    "Bank two",
                    Answer::TrueFalse {
                        choices: vec![
                            choice('a', true, "Vrai", None),
                            choice('b', false, "Faux", None),
                        ],
                    },
                )),
                Block::Question(question(
                    "final.q3",
                    true,
                    "Bank three",
                    Answer::Sequencing {
                        steps: vec![text("One"), text("Two")],
                    },
                )),
            ],
        }),
    ]
}

pub(crate) fn course_of(lessons: Vec<(&str, Vec<Block>)>) -> Course {
    Course {
        meta: CourseMeta {
            id: "https://x.example/c".into(),
            title: "Course".into(),
            description: None,
            language: "en".into(),
            version: "1".into(),
            authors: Vec::new(),
            languages: vec!["en".into()],
            completion: Completion {
                all_pages: true,
                all_items: false,
                quiz: true,
                mastery_score: Some(80),
            },
            quiz: QuizSettings {
                attempts: Some(2),
                show_correct: ShowCorrect::AfterLast,
                shuffle: false,
                draw: None,
            },
            package: PackageOptions::default(),
            duration: None,
            theme: Default::default(),
            interface: Default::default(),
        },
        lessons: lessons
            .into_iter()
            .map(|(lid, blocks)| Lesson {
                id: id(lid),
                file: RelPath::from_trusted(&format!("{lid}.md")),
                title: text(&format!("Lesson {lid}")),
                banner: None,
                blocks,
            })
            .collect(),
        assets: Vec::new(),
        anchors: Default::default(),
    }
}

fn every_type_course() -> Course {
    course_of(vec![("l", every_type_blocks())])
}

fn render_with(course: &Course, standard: &'static str, page_per_lesson: bool) -> Rendered {
    let options = RenderOptions {
        standard,
        page_per_lesson,
    };
    render(course, &Theme::default_theme(), options).expect("renders")
}

fn html_of(course: &Course) -> String {
    text_of(render_with(course, "scorm12", false).pages.remove(0))
}

/// A rendered page's HTML as text.
fn text_of(page: Page) -> String {
    page.html.into_string().expect("page.html renders")
}

fn data_of(course: &Course, standard: &str) -> Value {
    let strings = Theme::default_theme().strings("en").expect("strings");
    let lessons: Vec<&Lesson> = course.lessons.iter().collect();
    serde_json::to_value(page_data(course, &lessons, standard, &strings)).expect("json")
}

/// The `<form>` of a question, from its start tag to its end tag.
fn form<'h>(html: &'h str, qid: &str) -> &'h str {
    let start = html
        .find(&format!("data-cp-question=\"{qid}\""))
        .and_then(|i| html[..i].rfind("<form"))
        .unwrap_or_else(|| panic!("no form for {qid}"));
    let end = html[start..].find("</form>").expect("form closed") + start;
    &html[start..end + "</form>".len()]
}

/// Every `attr="…"` value in `html`, in order.
fn attr_values<'h>(html: &'h str, attr: &str) -> Vec<&'h str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').expect("closed")]
        })
        .collect()
}

fn assert_balanced(html: &str, tags: &[&str]) {
    for tag in tags {
        let open =
            html.matches(&format!("<{tag} ")).count() + html.matches(&format!("<{tag}>")).count();
        let close = html.matches(&format!("</{tag}>")).count();
        assert_eq!(
            open, close,
            "<{tag}> opened {open} times, closed {close}\n{html}"
        );
    }
}

/// Every package with the same style parts and `[theme]` gets the style sheet minified once;
/// another `[theme]` or other parts get their own, and each holds the references of its text.
#[test]
fn a_style_sheet_is_minified_once_for_every_package_that_has_the_same() {
    let theme = Theme::default_theme();
    let plain = crate::model::ThemeSettings::default();
    let uses = runtime::Uses::everything();
    let first = theme.style_sheet(&plain, &uses).expect("style sheet");
    let again = theme.style_sheet(&plain, &uses).expect("style sheet");
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    let fewer = runtime::Uses::default();
    let small = theme.style_sheet(&plain, &fewer).expect("style sheet");
    assert!(small.css.len() < first.css.len());
    let branded = crate::model::ThemeSettings {
        accent: Some(crate::color::Rgb::new(0x12, 0x34, 0x56)),
        font: Some(crate::model::Font::Files(vec![crate::model::FontFace {
            file: RelPath::from_trusted("fonts/brand.woff2"),
            weight: "400",
            italic: false,
        }])),
        ..Default::default()
    };
    let other = theme.style_sheet(&branded, &uses).expect("style sheet");
    assert!(!std::sync::Arc::ptr_eq(&first, &other));
    assert!(other.css.contains("#123456"), "{}", other.css);
    assert!(other
        .references
        .iter()
        .any(|r| r.target == "../media/fonts/brand.woff2"));
    for sheet in [&first, &small, &other] {
        assert_eq!(sheet.references, crate::refs::css_references(&sheet.css));
    }
}

#[test]
fn script_json_cannot_close_the_script() {
    let text = "</script><!-- & \u{2028}\u{2029} é\u{2027}\"\\\n";
    let s = script_json(&serde_json::json!({"t": text, "<k&>": [text, 1]}));
    assert!(!s.contains(['<', '>', '&', '\u{2028}', '\u{2029}']), "{s}");
    assert!(
        s.contains("\\u003c/script\\u003e") && s.contains("\\u2028\\u2029 é\u{2027}"),
        "{s}"
    );
    let back: serde_json::Value = serde_json::from_str(&s).expect("still JSON");
    assert_eq!(back["t"], text);
    assert_eq!(back["<k&>"][0], text);
    // Nothing to escape: serde_json's own output.
    let plain = serde_json::json!({"a": ["b", 1.5, null, "ünï"]});
    assert_eq!(
        script_json(&plain),
        serde_json::to_string(&plain).expect("json")
    );
}

#[test]
fn direction_by_language() {
    assert_eq!(direction("ar"), "rtl");
    assert_eq!(direction("he-IL"), "rtl");
    assert_eq!(direction("fr"), "ltr");
}

#[test]
fn every_question_type_renders_its_dom_hooks() {
    let html = html_of(&every_type_course());
    assert_balanced(
        &html,
        &[
            "form", "fieldset", "legend", "ul", "ol", "li", "label", "select", "option", "div",
            "section", "button", "span", "p",
        ],
    );
    let ids = attr_values(&html, "id");
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "html ids are unique: {ids:?}");
    // Every `for`, `aria-labelledby` and `aria-describedby` names an element of the page.
    for attr in ["for", "aria-labelledby", "aria-describedby"] {
        for value in attr_values(&html, attr) {
            for target in value.split(' ') {
                assert!(ids.contains(&target), "{attr}={target} points nowhere");
            }
        }
    }

    let types = [
        ("q-choice", "choice"),
        ("q-multi", "choice"),
        ("q-tf", "true-false"),
        ("q-fill", "fill-in"),
        ("q-match", "matching"),
        ("q-order", "sequencing"),
        ("q-range", "numeric"),
        ("q-check", "choice"),
        ("q-survey", "likert"),
        ("final.q1", "fill-in"),
    ];
    for (qid, kind) in types {
        let f = form(&html, qid);
        assert!(
            f.contains(&format!("data-cp-type=\"{kind}\"")),
            "{qid}: {f}"
        );
        assert!(f.contains(&format!(
            "<fieldset aria-labelledby=\"q-legend-{qid} q-prompt-{qid}\">"
        )));
        assert!(f.contains("<button type=\"submit\" class=\"cp-button cp-button--primary cp-js-only\">Check my answer</button>"));
        assert!(f.contains("<div class=\"cp-result\" data-cp-result aria-live=\"polite\"></div>"));
        // A solution for everything but the survey, hidden until the runtime shows it.
        assert_eq!(
            f.contains("<div class=\"cp-solution\" data-cp-solution hidden>\n    <p class=\"cp-solution-label\">Correct answer:</p>"),
            kind != "likert",
            "{qid}: {f}"
        );
    }

    let choice = form(&html, "q-choice");
    assert!(choice.contains("<li class=\"cp-choice\" data-cp-choice=\"b\">"));
    assert!(
        choice.contains("<input type=\"radio\" id=\"q-q-choice-b\" name=\"q-choice\" value=\"b\">")
    );
    assert!(
        choice.contains("<div class=\"cp-feedback\" data-cp-feedback=\"a\" hidden>Round.</div>")
    );
    assert!(
        choice.contains("<ul>\n      <li>A &lt; square</li>\n    </ul>"),
        "solution: the right choice: {choice}"
    );
    assert!(form(&html, "q-multi").contains("type=\"checkbox\""));
    assert!(form(&html, "q-multi").contains("Select all that apply."));
    assert!(!choice.contains("Select all that apply."));

    let tf = form(&html, "q-tf");
    assert!(tf.contains("<input type=\"radio\" id=\"q-q-tf-a\" name=\"q-tf\" value=\"a\">"));
    assert!(tf.contains("data-cp-feedback=\"a\""));
    assert!(tf.contains("<li>False</li>"));

    let fill = form(&html, "q-fill");
    assert!(
        fill.contains("<label class=\"cp-field-label\" for=\"q-q-fill-text\">Your answer</label>")
    );
    assert!(fill.contains("<input class=\"cp-input\" type=\"text\" id=\"q-q-fill-text\" name=\"q-fill\" maxlength=\"30\" size=\"30\" autocomplete=\"off\" spellcheck=\"false\" data-cp-text>"));
    assert!(
        fill.contains("<p>Amazon &lt; Bedrock &amp; &quot;co&quot;</p>"),
        "first accepted answer, escaped: {fill}"
    );
    assert!(
        !fill.contains("<li>Bedrock"),
        "only the first accepted answer is shown"
    );
    assert!(fill.contains("<div class=\"cp-feedback cp-feedback--outcome\" data-cp-feedback-correct hidden><p>Yes: <em>Bedrock</em> &amp; co.</p>\n</div>"));
    assert!(fill.contains(
        "data-cp-feedback-incorrect hidden><p>No &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    ));
    assert!(!html.contains("<script>alert"));

    let num = form(&html, "q-range");
    assert!(num.contains("<input class=\"cp-input cp-input--number\" type=\"text\" inputmode=\"decimal\" id=\"q-q-range-number\" name=\"q-range\" size=\"12\" autocomplete=\"off\" data-cp-number>"));
    assert!(num
        .contains("<label class=\"cp-field-label\" for=\"q-q-range-number\">Your answer</label>"));
    assert!(num.contains("<p>25 – 30</p>"));
    assert!(
        !num.contains("data-cp-feedback-correct"),
        "no empty outcome feedback"
    );
    assert!(form(&html, "q-exact").contains("<p>2.5</p>"));

    let matching = form(&html, "q-match");
    assert!(matching.contains("<li class=\"cp-match\" data-cp-source=\"1\">\n        <label class=\"cp-match-source\" for=\"q-q-match-m1\">EC2 &amp; <em>co</em></label>\n        <select class=\"cp-select\" id=\"q-q-match-m1\" data-cp-match=\"1\">\n          <option value=\"\">Choose…</option>\n          <option value=\"a\">Compute &lt; x</option>\n          <option value=\"b\">Storage &quot;quoted&quot;</option>\n        </select>"), "{matching}");
    assert!(matching.contains("data-cp-source=\"2\""));
    assert!(
        matching.contains(
            "<li><bdi>EC2 &amp; <em>co</em></bdi> <span class=\"cp-match-arrow\">→</span> <bdi>Compute &lt; x</bdi></li>"
        ),
        "{matching}"
    );

    let order = form(&html, "q-order");
    assert!(order.contains("<ol class=\"cp-steps\" data-cp-steps>"));
    assert!(order.contains("<li class=\"cp-step\" data-cp-step=\"a\">\n        <span class=\"cp-step-text\" id=\"q-q-order-sa\" data-cp-step-text>Plan &lt; first</span>"), "{order}");
    assert!(order.contains("<button type=\"button\" class=\"cp-button cp-move cp-move--up\" data-cp-move=\"up\" aria-describedby=\"q-q-order-sa\">Move up</button>"));
    assert!(order
        .contains("data-cp-move=\"down\" aria-describedby=\"q-q-order-sc\">Move down</button>"));
    assert!(
        order.contains("<span class=\"cp-step-moves cp-js-only\">"),
        "inert without JavaScript: hidden"
    );
    let steps: Vec<&str> = attr_values(order, "data-cp-step");
    assert_eq!(steps, ["a", "b", "c"], "in the right order");
    assert!(order.contains("<ol>\n      <li>Plan &lt; first</li>\n      <li>Build</li>\n      <li>Ship</li>\n    </ol>"));

    let survey = form(&html, "q-survey");
    assert!(survey.contains("<ul class=\"cp-choices cp-choices--scale\">"));
    assert!(
        survey.contains("<input type=\"radio\" id=\"q-q-survey-c\" name=\"q-survey\" value=\"c\">")
    );
    assert!(survey.contains("<label for=\"q-q-survey-a\">Not &lt; at all</label>"));
    assert!(!survey.contains("data-cp-feedback"));
}

#[test]
fn legends_number_the_scored_questions_only() {
    let html = html_of(&every_type_course());
    let legend = |qid: &str| {
        let f = form(&html, qid);
        let start = f.find("<legend").expect("legend");
        let inner = &f[start..];
        inner[inner.find('>').expect(">") + 1..inner.find("</legend>").expect("end")].to_string()
    };
    // Eight scored questions outside the quiz, three in it; the check and the survey are not
    // counted.
    assert_eq!(legend("q-choice"), "Question 1 of 11");
    assert_eq!(legend("q-exact"), "Question 8 of 11");
    assert_eq!(legend("q-check"), "Knowledge check");
    assert_eq!(legend("q-survey"), "Survey");
    assert_eq!(legend("final.q1"), "Question 9 of 11");
    assert_eq!(legend("final.q3"), "Question 11 of 11");
}

#[test]
fn a_quiz_wraps_its_questions_and_the_page_holds_the_implicit_quiz_result() {
    let html = html_of(&every_type_course());
    let start = html
        .find("<section class=\"cp-quiz\"")
        .expect("quiz section");
    let quiz = &html[start..start + html[start..].find("</section>").expect("end")];
    assert!(quiz.starts_with("<section class=\"cp-quiz\" id=\"quiz-final\" data-cp-quiz=\"final\" aria-labelledby=\"quiz-title-final\">\n  <h3 class=\"cp-quiz-title\" id=\"quiz-title-final\">Quiz</h3>"), "{quiz}");
    for qid in ["final.q1", "final.q2", "final.q3"] {
        assert!(quiz.contains(&format!("data-cp-question=\"{qid}\"")));
    }
    assert!(quiz.contains("<p>Between questions.</p>"));
    assert!(quiz.contains("<div class=\"cp-quiz-result\" data-cp-quiz-result hidden>\n    <p class=\"cp-quiz-summary\" data-cp-quiz-summary></p>\n    <button type=\"button\" class=\"cp-button cp-button--primary\" data-cp-retry hidden>Try again</button>\n  </div>"));
    assert!(!quiz.contains("q-choice"));

    let outcome = html.find("data-cp-outcome").expect("outcome");
    let implicit = html
        .find("<div class=\"cp-quiz-result\" data-cp-quiz-result data-cp-quiz=\"\" hidden>")
        .expect("the implicit quiz's result");
    assert!(implicit > outcome, "after the outcome line");
    assert!(html[implicit..].contains("data-cp-retry hidden>Try again</button>"));

    // A page whose scored questions are all in quiz blocks has no implicit quiz result.
    let only_quiz: Vec<Block> = every_type_blocks()
        .into_iter()
        .filter(|b| matches!(b, Block::Quiz(_)))
        .collect();
    let html = html_of(&course_of(vec![("l", only_quiz.clone())]));
    assert!(html.contains("data-cp-quiz=\"final\""));
    assert!(!html.contains("data-cp-quiz=\"\""));

    // Several quizzes on a page are numbered, so that each region has a name of its own.
    let mut second = only_quiz;
    if let Some(Block::Quiz(q)) = second.first_mut() {
        q.id = id("second");
        for b in &mut q.blocks {
            if let Block::Question(question) = b {
                question.id = id(&format!("second.{}", question.id));
            }
        }
    }
    let course = course_of(vec![("a", every_type_blocks()), ("b", second)]);
    let html = html_of(&course);
    assert!(html.contains("<h3 class=\"cp-quiz-title\" id=\"quiz-title-final\">Quiz 1</h3>"));
    assert!(html.contains("<h3 class=\"cp-quiz-title\" id=\"quiz-title-second\">Quiz 2</h3>"));
    // One page per lesson: each page counts its own.
    let mut pages = render_with(&course, "scorm12", true).pages;
    assert!(text_of(pages.remove(1))
        .contains("<h3 class=\"cp-quiz-title\" id=\"quiz-title-second\">Quiz</h3>"));
}

#[test]
fn strings_of_the_new_elements_exist_in_every_shipped_language() {
    let theme = Theme::default_theme();
    let en = theme.strings("en").expect("en");
    for key in [
        "correctAnswer",
        "tryAgain",
        "attemptOf",
        "attemptN",
        "quizScore",
        "quizPassed",
        "quizFailed",
        "quizNoAttempts",
        "quizTitle",
        "yourAnswer",
        "choose",
        "moveUp",
        "moveDown",
        "checkLabel",
        "surveyLabel",
        "thanks",
        "numberFirst",
        "textFirst",
        "matchFirst",
        "moved",
    ] {
        assert!(en.contains_key(key), "en lacks {key}");
        for lang in ["fr", "ar"] {
            let own: BTreeMap<String, String> =
                serde_json::from_str(theme.file(&format!("strings/{lang}.json"))).expect("json");
            let value = own.get(key).unwrap_or_else(|| panic!("{lang} lacks {key}"));
            // "Quiz" is French too.
            if !(lang == "fr" && key == "quizTitle") {
                assert_ne!(value, &en[key], "{lang} translates {key}");
            }
        }
    }
    let fr = html_of(&Course {
        meta: CourseMeta {
            language: "fr".into(),
            ..every_type_course().meta
        },
        ..every_type_course()
    });
    assert!(fr.contains("Votre réponse") && fr.contains("Réessayer") && fr.contains("Monter"));
}

#[test]
fn page_data_describes_every_question_and_quiz() {
    let data = data_of(&every_type_course(), "scorm12");
    let q = |qid: &str| -> Value {
        data["questions"]
            .as_array()
            .expect("questions")
            .iter()
            .find(|q| q["id"] == qid)
            .cloned()
            .unwrap_or_else(|| panic!("no {qid}"))
    };
    let ids: Vec<&str> = data["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "q-choice", "q-multi", "q-tf", "q-fill", "q-match", "q-order", "q-range", "q-exact",
            "q-check", "q-survey", "final.q1", "final.q2", "final.q3"
        ],
        "document order"
    );
    let base = json!({
        "scored": true, "quiz": null, "multiple": false, "choices": [], "correct": [],
        "accepted": [], "caseSensitive": false, "maxLength": 0, "sources": [], "targets": [],
        "min": null, "max": null
    });
    let expect = |qid: &str, kind: &str, fields: Value| {
        let mut want = base.clone();
        want["id"] = json!(qid);
        want["type"] = json!(kind);
        for (k, v) in fields.as_object().expect("object") {
            want[k] = v.clone();
        }
        assert_eq!(q(qid), want, "{qid}");
    };
    expect(
        "q-choice",
        "choice",
        json!({"choices": ["a", "b", "c"], "correct": ["b"]}),
    );
    expect(
        "q-multi",
        "choice",
        json!({"multiple": true, "choices": ["a", "b", "c"], "correct": ["a", "c"]}),
    );
    expect(
        "q-tf",
        "true-false",
        json!({"choices": ["a", "b"], "correct": ["b"]}),
    );
    expect(
        "q-fill",
        "fill-in",
        json!({"accepted": ["Amazon < Bedrock & \"co\"", "Bedrock"], "maxLength": 30}),
    );
    expect(
        "q-match",
        "matching",
        json!({"sources": ["1", "2"], "targets": ["a", "b"]}),
    );
    expect(
        "q-order",
        "sequencing",
        json!({"choices": ["a", "b", "c"], "correct": ["a", "b", "c"]}),
    );
    expect("q-range", "numeric", json!({"min": "25", "max": "30"}));
    expect("q-exact", "numeric", json!({"min": "2.5", "max": "2.5"}));
    expect(
        "q-check",
        "choice",
        json!({"scored": false, "choices": ["a", "b"], "correct": ["a"]}),
    );
    expect(
        "q-survey",
        "likert",
        json!({"scored": false, "choices": ["a", "b", "c"]}),
    );
    expect(
        "final.q1",
        "fill-in",
        json!({"quiz": "final", "accepted": ["Case"], "caseSensitive": true, "maxLength": 10}),
    );
    expect(
        "final.q2",
        "true-false",
        json!({"quiz": "final", "choices": ["a", "b"], "correct": ["a"]}),
    );

    assert_eq!(
        data["quizzes"],
        json!([
            {"id": "final", "questions": ["final.q1", "final.q2", "final.q3"], "attempts": 3,
             "showCorrect": "after-each", "shuffle": true, "draw": 2},
            {"id": null, "questions": ["q-choice", "q-multi", "q-tf", "q-fill", "q-match",
             "q-order", "q-range", "q-exact"], "attempts": 2, "showCorrect": "after-last",
             "shuffle": false, "draw": null}
        ]),
        "quiz blocks in order, then the implicit quiz with the course's settings"
    );
    assert_eq!(
        data["completion"],
        json!({"pages": true, "items": false, "quiz": true})
    );
    assert_eq!(data["mastery"], 80);
}

#[test]
fn completion_quiz_needs_a_scored_question_on_the_page() {
    // One page per lesson: the survey and check alone cannot be passed or failed.
    let blocks = every_type_blocks();
    let unscored: Vec<Block> = blocks
        .iter()
        .filter(|b| matches!(b, Block::Question(q) if !q.scored))
        .cloned()
        .collect();
    let course = course_of(vec![("a", unscored), ("b", blocks)]);
    let strings = Theme::default_theme().strings("en").expect("strings");
    let first = serde_json::to_value(page_data(
        &course,
        &[&course.lessons[0]],
        "scorm12",
        &strings,
    ))
    .expect("json");
    assert_eq!(first["completion"]["quiz"], false);
    assert_eq!(first["mastery"], Value::Null);
    assert_eq!(
        first["quizzes"],
        json!([]),
        "no scored question, no implicit quiz"
    );
    assert_eq!(first["questions"].as_array().map(Vec::len), Some(2));
    let mut rendered = render_with(&course, "scorm12", true);
    assert_eq!(rendered.pages[0].mastery_score, None);
    assert_eq!(rendered.pages[1].mastery_score, Some(80));
    assert!(!text_of(rendered.pages.remove(0)).contains("data-cp-quiz-result"));
    let second = serde_json::to_value(page_data(
        &course,
        &[&course.lessons[1]],
        "scorm12",
        &strings,
    ))
    .expect("json");
    assert_eq!(second["completion"]["quiz"], true);
}

#[test]
fn the_state_shape_follows_the_page_data() {
    let rendered = render_with(&every_type_course(), "scorm12", false);
    let shape = &rendered.pages[0].state;
    let q = |id: &str, answer: AnswerShape| QuestionShape {
        id: id.to_string(),
        answer,
    };
    assert_eq!(
        *shape,
        StateShape {
            viewed_bits: 1,
            quizzes: vec![
                QuizShape {
                    draw: true,
                    questions: vec![
                        q("final.q1", AnswerShape::FillIn { max_length: 10 }),
                        q("final.q2", AnswerShape::Choices(2)),
                        q("final.q3", AnswerShape::Sequencing { steps: 2 }),
                    ],
                },
                QuizShape {
                    draw: false,
                    questions: vec![
                        q("q-choice", AnswerShape::Choices(3)),
                        q("q-multi", AnswerShape::Choices(3)),
                        q("q-tf", AnswerShape::Choices(2)),
                        q("q-fill", AnswerShape::FillIn { max_length: 30 }),
                        q("q-match", AnswerShape::Matching { pairs: 2 }),
                        q("q-order", AnswerShape::Sequencing { steps: 3 }),
                        q("q-range", AnswerShape::Numeric),
                        q("q-exact", AnswerShape::Numeric),
                    ],
                },
            ],
            unscored: vec![
                q("q-check", AnswerShape::Choices(2)),
                q("q-survey", AnswerShape::Choices(3)),
            ],
        }
    );
}

#[test]
fn page_activities_are_keyed_by_id_in_id_order_and_agree_with_tincan_xml() {
    // Lessons, groups and items out of id order.
    let group = |gid: &str, items: &[&str]| {
        Block::Group(Group {
            id: id(gid),
            kind: GroupKind::Carousel,
            label: None,
            item_level: 2,
            items: items
                .iter()
                .map(|i| crate::model::Item {
                    id: id(i),
                    title: text(i),
                    blocks: Vec::new(),
                })
                .collect(),
        })
    };
    let mut zeta = vec![group("z.slides", &["z.s2", "z.s1"])];
    zeta.extend(every_type_blocks());
    let course = course_of(vec![
        ("zeta", zeta),
        ("alpha", vec![group("a.slides", &["a.s9", "a.s10"])]),
    ]);
    let lessons: Vec<&Lesson> = course.lessons.iter().collect();
    let strings = Theme::default_theme().strings("en").expect("strings");
    let json =
        serde_json::to_string(&page_data(&course, &lessons, "xapi", &strings)).expect("serializes");
    let (_, activities) = json.split_once(r#""xapi":"#).expect("activities");
    let keys_of = |collection: &str| -> Vec<String> {
        let (_, rest) = activities
            .split_once(&format!(r#""{collection}":{{"#))
            .expect(collection);
        let object: serde_json::Map<String, Value> =
            serde_json::from_str(&format!("{{{}", &rest[..=closing(rest)])).expect("an object");
        // The order written, which a parsed map would not keep: each key's place in the text.
        let mut keys: Vec<(usize, String)> = object
            .keys()
            .map(|k| {
                (
                    rest.find(&format!(r#""{k}":{{"#)).expect("written"),
                    k.clone(),
                )
            })
            .collect();
        keys.sort();
        keys.into_iter().map(|(_, k)| k).collect()
    };
    for collection in ["lessons", "groups", "items", "questions"] {
        let keys = keys_of(collection);
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{collection} in id order");
        assert!(!keys.is_empty(), "{collection}");
    }
    assert_eq!(keys_of("lessons"), ["alpha", "zeta"]);
    // What tincan.xml declares is what the page sends: the same ids, types and names.
    let data: Value = serde_json::from_str(&json).expect("JSON");
    let declared = xapi::package_activities(&course);
    assert_eq!(declared.course.id, data["xapi"]["course"]["id"]);
    for a in &declared.activities {
        let found = ["lessons", "groups", "questions"]
            .iter()
            .filter_map(|c| data["xapi"][c].as_object())
            .flat_map(|o| o.values())
            .find(|v| v["id"] == a.id.as_str())
            .unwrap_or_else(|| panic!("{} on the page", a.id));
        assert_eq!(found["type"], a.kind);
        assert_eq!(found["name"], a.name.as_str());
    }
}

/// Where the object whose `{` was just passed closes in `text`.
fn closing(text: &str) -> usize {
    let (mut depth, mut in_string, mut escaped) = (1, false, false);
    for (i, c) in text.char_indices() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (false, _, '"') => in_string = true,
            (false, _, '{') => depth += 1,
            (false, _, '}') => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

#[test]
fn xapi_definitions_of_every_type() {
    let data = data_of(&every_type_course(), "xapi");
    let def = |qid: &str| data["xapi"]["questions"][qid].clone();
    let iri = |qid: &str| format!("https://x.example/c/questions/{qid}");
    let comps = |list: &[(&str, &str)]| -> Value {
        list.iter()
            .map(|(id, d)| json!({"id": id, "description": d}))
            .collect()
    };
    assert_eq!(
        def("q-choice"),
        json!({
            "id": iri("q-choice"), "type": xapi::TYPE_QUESTION, "name": "Pick one",
            "interactionType": "choice",
            "choices": comps(&[("a", "A circle"), ("b", "A < square"), ("c", "A triangle")]),
            "correctResponsesPattern": ["b"], "correct": ["b"]
        })
    );
    assert_eq!(def("q-multi")["correctResponsesPattern"], json!(["a[,]c"]));
    assert_eq!(
        def("q-tf"),
        json!({
            "id": iri("q-tf"), "type": xapi::TYPE_QUESTION, "name": "The sky is green.",
            "interactionType": "true-false", "correctResponsesPattern": ["false"],
            "correct": ["b"]
        }),
        "true-false has no components"
    );
    assert_eq!(def("final.q2")["correctResponsesPattern"], json!(["true"]));
    assert_eq!(
        def("q-fill"),
        json!({
            "id": iri("q-fill"), "type": xapi::TYPE_QUESTION, "name": "Which service hosts models?",
            "interactionType": "fill-in",
            "correctResponsesPattern": ["Amazon < Bedrock & \"co\"", "Bedrock"]
        })
    );
    assert_eq!(
        def("final.q1")["correctResponsesPattern"],
        json!(["{case_matters=true}Case"])
    );
    assert_eq!(
        def("q-match"),
        json!({
            "id": iri("q-match"), "type": xapi::TYPE_QUESTION, "name": "Match the layers",
            "interactionType": "matching",
            "source": comps(&[("1", "EC2 & co"), ("2", "S3")]),
            "target": comps(&[("a", "Compute < x"), ("b", "Storage \"quoted\"")]),
            "correctResponsesPattern": ["1[.]a[,]2[.]b"]
        })
    );
    assert_eq!(
        def("q-order"),
        json!({
            "id": iri("q-order"), "type": xapi::TYPE_QUESTION, "name": "Put in order",
            "interactionType": "sequencing",
            "choices": comps(&[("a", "Plan < first"), ("b", "Build"), ("c", "Ship")]),
            "correctResponsesPattern": ["a[,]b[,]c"]
        })
    );
    assert_eq!(
        def("q-range"),
        json!({
            "id": iri("q-range"), "type": xapi::TYPE_QUESTION, "name": "How many days?",
            "interactionType": "numeric", "correctResponsesPattern": ["25[:]30"]
        })
    );
    assert_eq!(def("q-exact")["correctResponsesPattern"], json!(["2.5"]));
    assert_eq!(
        def("q-survey"),
        json!({
            "id": iri("q-survey"), "type": xapi::TYPE_QUESTION, "name": "How useful was this?",
            "interactionType": "likert",
            "scale": comps(&[("a", "Not < at all"), ("b", "Somewhat"), ("c", "Very")])
        }),
        "likert: a scale, no correct pattern"
    );
    // The package's activities list every question, those of quizzes too, in document order.
    let package = xapi::package_activities(&every_type_course());
    let names: Vec<&str> = package
        .activities
        .iter()
        .filter(|a| a.kind == xapi::TYPE_QUESTION)
        .map(|a| a.id.rsplit('/').next().unwrap_or_default())
        .collect();
    assert_eq!(names.len(), 13);
    assert_eq!(names[12], "final.q3");
}

#[test]
fn formats_share_a_page_frame_and_each_page_is_the_same_whole_or_compressed() {
    let course = course_of(vec![
        ("a", every_type_blocks()),
        ("b", vec![Block::Markdown(text("A second lesson."))]),
    ]);
    let theme = Theme::default_theme();
    for page_per_lesson in [false, true] {
        let bodies = Bodies::render(&course, &theme, page_per_lesson).expect("renders");
        let mut frames: Vec<Vec<DeflatedFrame>> = Vec::new();
        for standard in ["scorm12", "xapi", "cmi5"] {
            let rendered = bodies.pages(standard).expect("renders");
            let mut segments = Vec::new();
            for page in rendered.pages {
                let stream = page.html.deflated().expect("compresses");
                let PageHtml::Framed { frame, .. } = &page.html else {
                    panic!("the default templates give a framed page");
                };
                segments.push(frame.deflated().expect("compresses"));
                let html = text_of(page);
                // The same page, whether written whole or inflated from its segments.
                assert_eq!(stream.inflate().expect("valid deflate"), html.as_bytes());
                assert!(
                    !html.contains(PLAN_MARK),
                    "the mark never reaches a package"
                );
                let plan = html
                    .split_once(r#"<script type="application/json" id="cp-data">"#)
                    .and_then(|(_, rest)| rest.split_once("</script>"))
                    .map(|(json, _)| serde_json::from_str::<Value>(json).expect("JSON"))
                    .expect("the tracking plan");
                assert_eq!(plan["standard"], standard);
            }
            frames.push(segments);
        }
        // Every format's page holds the same compressed frame, made once.
        for other in &frames[1..] {
            assert_eq!(other.len(), frames[0].len());
            for (a, b) in frames[0].iter().zip(other) {
                assert!(Arc::ptr_eq(&a.before, &b.before) && Arc::ptr_eq(&a.after, &b.after));
            }
        }
    }
}

#[test]
fn a_compressed_frame_lets_its_bodies_go_and_still_writes_the_same_page() {
    let course = course_of(vec![("a", every_type_blocks())]);
    let theme = Theme::default_theme();
    let bodies = Bodies::render(&course, &theme, false).expect("renders");
    let whole = |page: &Page| {
        let mut out = Vec::new();
        page.html.write_to(&mut out).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    };
    let first = bodies.pages("scorm12").expect("renders");
    let PageHtml::Framed { frame, .. } = &first.pages[0].html else {
        panic!("the default templates give a framed page");
    };
    let frame = Arc::clone(frame);
    // The frame took the lesson bodies from the `Bodies`: they are held once.
    assert!(bodies.pages[0]
        .views
        .lock()
        .expect("not poisoned")
        .is_none());
    let before = whole(&first.pages[0]);
    assert!(frame.context().is_some());
    first.pages[0].html.deflated().expect("compresses");
    assert!(frame.context().is_none(), "the bodies go with the context");
    // Written whole after that, the page is inflated from the compressed frame: the same text.
    assert_eq!(whole(&first.pages[0]), before);
    // Another format takes the compressed frame and adds its own plan.
    let other = bodies.pages("xapi").expect("renders");
    let xapi = whole(&other.pages[0]);
    assert!(xapi.contains(r#""standard":"xapi""#));
    assert_eq!(
        other.pages[0]
            .html
            .deflated()
            .expect("compresses")
            .inflate()
            .expect("inflates"),
        xapi.as_bytes()
    );
}

#[test]
fn the_plan_mark_is_found_wherever_the_writes_cut_it() {
    // What the split's search for a cut mark relies on.
    assert_eq!(PLAN_MARK.find('<'), Some(0));
    assert_eq!(PLAN_MARK.rfind('<'), Some(0));
    // The plan's place in the middle of the output, and at its very end.
    let middle = format!("<p>a <b>{PLAN_MARK}</b> <<{}", &PLAN_MARK[..5]);
    let end = format!("<p>a <b>{PLAN_MARK}");
    let after = format!("</b> <<{}", &PLAN_MARK[..5]);
    for (text, after) in [(middle, Some(after.as_bytes())), (end, None)] {
        for piece in 1..=text.len() {
            // Pieces of the same kind joined, as the output reads.
            let mut parts: Vec<(&str, Vec<u8>)> = Vec::new();
            let mut out = |p: FramePiece<'_>| {
                let (kind, bytes): (&str, &[u8]) = match p {
                    FramePiece::Before(b) => ("before", b),
                    FramePiece::Plan => ("plan", b""),
                    FramePiece::After(b) => ("after", b),
                };
                match parts.last_mut() {
                    Some((k, b)) if *k == kind && kind != "plan" => b.extend_from_slice(bytes),
                    _ => parts.push((kind, bytes.to_vec())),
                }
                Ok(())
            };
            let mut split = PlanSplit {
                finder: memchr::memmem::Finder::new(PLAN_MARK.as_bytes()),
                held: Vec::new(),
                marks: 0,
                out: &mut out,
                error: None,
            };
            for chunk in text.as_bytes().chunks(piece) {
                split.write_all(chunk).expect("in memory");
            }
            assert_eq!(split.finish().expect("in memory"), 1, "pieces of {piece}");
            let mut expected = vec![("before", b"<p>a <b>".to_vec()), ("plan", Vec::new())];
            expected.extend(after.map(|a| ("after", a.to_vec())));
            assert_eq!(parts, expected, "pieces of {piece}");
        }
    }
}
