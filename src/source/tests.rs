//! Data-driven tests of the source stage: a lesson in, an outline of the model and the
//! diagnostics out. Each case is one call to [`check`].

use super::fs::MemFs;
use crate::model::{visit_blocks, Answer, Block, Course, Question, Text};

const TOML: &str =
    "id = \"https://x.example/c\"\ntitle = \"T\"\nlanguage = \"en\"\nlessons = [\"l.md\"]\n";

/// Loads a course made of `TOML` + `extra_toml` and the lesson `l.md`, plus an image
/// `img/a.svg`, and prints the model outline followed by the diagnostics.
fn outline(extra_toml: &str, lesson: &str) -> String {
    let fs = MemFs::new()
        .with("course.toml", format!("{TOML}{extra_toml}"))
        .with("l.md", lesson)
        .with("img/a.svg", "<svg/>");
    let loaded = super::load(&fs).expect("course.toml is there");
    let mut out = String::new();
    if let Some(course) = &loaded.course {
        print_course(course, &mut out);
    }
    for d in loaded.diagnostics.iter() {
        out.push_str(&d.short());
        out.push('\n');
    }
    out
}

fn print_course(course: &Course, out: &mut String) {
    for lesson in &course.lessons {
        out.push_str(&format!(
            "lesson {} {:?}\n",
            lesson.id, lesson.title.markdown
        ));
        visit_blocks(&lesson.blocks, &mut |b| {
            let line = match b {
                Block::Markdown(t) => format!("md@{}", t.origin.line),
                Block::Group(g) => {
                    let items: Vec<String> = g
                        .items
                        .iter()
                        .map(|i| format!("{}={:?}", i.id, i.title.markdown))
                        .collect();
                    let label = g.label.as_ref().map(|l| l.markdown.as_str()).unwrap_or("");
                    format!("{} {} {label:?} [{}]", g.kind.name(), g.id, items.join(" "))
                }
                Block::Callout(c) => format!(
                    "callout {} {:?}",
                    c.kind.name(),
                    c.title.as_ref().map(|t| &t.markdown)
                ),
                Block::Figure(f) => format!(
                    "figure {} alt={:?} caption={:?}",
                    f.image,
                    f.alt.markdown,
                    f.caption.as_ref().map(|c| &c.markdown)
                ),
                Block::Question(q) => question_line(q),
                Block::Media(m) => super::media::tests::media_line(m),
                Block::Quiz(q) => {
                    let s = &q.settings;
                    format!(
                        "quiz {} attempts={:?} show-correct={} shuffle={} draw={:?}",
                        q.id,
                        s.attempts,
                        s.show_correct.name(),
                        s.shuffle,
                        s.draw
                    )
                }
            };
            out.push_str(&format!("  {line}\n"));
        });
    }
    if !course.assets.is_empty() {
        let assets: Vec<&str> = course.assets.iter().map(|a| a.as_str()).collect();
        out.push_str(&format!("assets {}\n", assets.join(" ")));
    }
}

/// One line per question: id, type (choice questions: `multiple=`), `unscored`, prompt, the
/// answer, and `+correct`/`+incorrect` for outcome feedback.
fn question_line(q: &Question) -> String {
    let md = |t: &Text| format!("{:?}", t.markdown);
    let list = |texts: Vec<String>| format!("[{}]", texts.join(" "));
    let answer = match &q.answer {
        Answer::Choice { .. } | Answer::TrueFalse { .. } => list(
            q.choices()
                .iter()
                .map(|c| {
                    format!(
                        "{}{}{}",
                        c.letter,
                        if c.correct { "*" } else { "" },
                        if c.feedback.is_some() { "f" } else { "" }
                    )
                })
                .collect(),
        ),
        Answer::FillIn {
            accepted,
            case_sensitive,
            max_length,
        } => format!(
            "case-sensitive={case_sensitive} max-length={max_length} {}",
            list(accepted.iter().map(md).collect())
        ),
        Answer::Matching { pairs } => list(
            pairs
                .iter()
                .map(|p| format!("{}=>{}", md(&p.source), md(&p.target)))
                .collect(),
        ),
        Answer::Sequencing { steps } => list(steps.iter().map(md).collect()),
        Answer::Numeric { min, max } => format!("{min}..{max}"),
        Answer::Likert { scale } => list(scale.iter().map(md).collect()),
    };
    let kind = match &q.answer {
        Answer::Choice { .. } => format!("multiple={}", q.multiple()),
        other => other.interaction_type().to_string(),
    };
    format!(
        "question {}{} {kind} {:?} {answer}{}{}",
        q.id,
        if q.scored { "" } else { " unscored" },
        q.prompt.markdown,
        if q.feedback_correct.is_some() {
            " +correct"
        } else {
            ""
        },
        if q.feedback_incorrect.is_some() {
            " +incorrect"
        } else {
            ""
        },
    )
}

fn check(lesson: &str, expect: &str) {
    check_with("", lesson, expect);
}

fn check_with(extra_toml: &str, lesson: &str, expect: &str) {
    let got = outline(extra_toml, lesson);
    assert_eq!(
        got.trim(),
        expect.trim(),
        "lesson:\n{lesson}\n--- got:\n{got}"
    );
}

#[test]
fn title_and_markdown() {
    check(
        "# Hello *you*\n\nText.\n",
        "lesson l \"Hello *you*\"\n  md@3",
    );
    check("# Hello {#intro}\n", "lesson intro \"Hello\"");
    check("# Closed ##\n", "lesson l \"Closed\"");
    check("Text\n", "l.md:1:1: error: lesson has no title");
    check(
        "```\n# not a title\n```\n",
        "l.md:1:1: error: lesson has no title",
    );
}

#[test]
fn tabs_items_and_ids() {
    check(
        "# T\n::: tabs {label=\"Layers\"}\n## A {#a}\nx\n### deeper\ny\n## B\nz\n:::\n",
        "lesson l \"T\"\n  tabs l.tabs1 \"Layers\" [a=\"A\" l.tabs1.2=\"B\"]\n  md@4\n  md@8",
    );
    check(
        "# T\n::: carousel\n## A\n:::\n::: carousel {#c}\n## A\n## B\n:::\n::: carousel\n## A\n:::\n",
        "lesson l \"T\"\n  carousel l.carousel1 \"\" [l.carousel1.1=\"A\"]\n  carousel c \"\" [c.1=\"A\" c.2=\"B\"]\n  carousel l.carousel3 \"\" [l.carousel3.1=\"A\"]",
    );
    check(
        "# T\n::: accordion\n### P1\n:::: callout quote {title=\"Q\"}\ntext\n::::\n### P2\n:::\n",
        "lesson l \"T\"\n  accordion l.accordion1 \"\" [l.accordion1.1=\"P1\" l.accordion1.2=\"P2\"]\n  callout quote Some(\"Q\")\n  md@5",
    );
    check(
        "# T\n::: tabs\n```\n## not an item\n```\n:::\n",
        "l.md:3:1: error: content before the first tab of the tabs",
    );
}

#[test]
fn group_problems() {
    check(
        "# T\n::: tabs\n:::\n",
        "l.md:2:5: error: tabs block has no tabs",
    );
    check(
        "# T\n::: carousel\ntext\n## A\n:::\n",
        "l.md:3:1: error: content before the first slide of the carousel",
    );
    check(
        "# T\n::: tabs slides\n## A\n:::\n",
        "l.md:2:10: error: `tabs` takes no argument, found `slides`",
    );
    check(
        "# T\n::: tabs {title=x}\n## A\n:::\n",
        "l.md:2:11: error: unknown attribute `title` on `tabs`",
    );
    check(
        "# T\n::: tabs\n## A\n::: carousel\n## B\n:::\n:::\n",
        "l.md:4:5: error: `carousel` cannot be placed inside a tab",
    );
    check(
        "# T\n::: tabs\n## A\n::: question\nQ?\n- [x] a\n:::\n:::\n",
        "l.md:4:5: error: `question` cannot be placed inside a tab",
    );
}

#[test]
fn ids() {
    check(
        "# T\n::: tabs {#a}\n## A {#a}\n:::\n",
        "l.md:3:1: error: duplicate id `a`",
    );
    check(
        "# T {#x}\n::: tabs {#x}\n## A\n:::\n",
        "l.md:2:5: error: duplicate id `x`",
    );
    check("# T\n::: tabs {#a/b}\n## A\n:::\n", "l.md:2:11: error: id `a/b` contains `/`; ids may only use letters A–Z a–z, digits, `.`, `_` and `-`");
    check("# T\n::: tabs\n## A {#é}\n:::\n", "l.md:3:7: error: id `é` contains `é`; ids may only use letters A–Z a–z, digits, `.`, `_` and `-`");
    let long = "a".repeat(256);
    let got = outline("", &format!("# T\n::: tabs {{#{long}}}\n## A\n:::\n"));
    assert!(
        got.contains("l.md:2:11: error: id `aaaaaaaaaaaaaaaaaaaa…` is 256 characters long"),
        "{got}"
    );
}

#[test]
fn directives_and_blocks() {
    check(
        "# T\n::: tabz\n## A\n:::\n",
        "l.md:2:5: error: unknown directive `tabz`",
    );
    check(
        "# T\n::: callout\nA *note*.\n:::\n",
        "lesson l \"T\"\n  callout note None\n  md@3",
    );
    check(
        "# T\n::: callout key-point\nx\n:::\n",
        "lesson l \"T\"\n  callout key-point None\n  md@3",
    );
    check(
        "# T\n::: callout warning\nx\n:::\n",
        "l.md:2:13: error: unknown callout kind `warning`",
    );
    check(
        "# T\n::: callout\n:::\n",
        "l.md:2:5: error: callout is empty",
    );
    check(
        "# T\n::: callout\n::: callout\nx\n:::\n:::\n",
        "l.md:3:5: error: a callout cannot be placed inside another callout",
    );
    check(
        "# T\n::: tabs\n## A\n",
        "l.md:2:5: error: `tabs` block is never closed",
    );
}

#[test]
fn figures_and_images() {
    check(
        "# T\n::: figure\n![A cat](img/a.svg)\n\nThe *caption*.\n:::\n",
        "lesson l \"T\"\n  figure img/a.svg alt=\"A cat\" caption=Some(\"The *caption*.\")\nassets img/a.svg",
    );
    check(
        "# T\n::: figure\n![decorative](img/a.svg)\n:::\n",
        "lesson l \"T\"\n  figure img/a.svg alt=\"\" caption=None\nassets img/a.svg",
    );
    check(
        "# T\n::: figure\nText first ![x](img/a.svg)\n:::\n",
        "l.md:3:1: error: a figure must start with an image paragraph",
    );
    check(
        "# T\n::: figure\n:::\n",
        "l.md:2:5: error: figure has no image",
    );
    check(
        "# T\n\n![](img/a.svg)\n",
        "l.md:3:1: error: image `img/a.svg` has no alt text",
    );
    check("# T\n\nSee ![a](img/b.svg).\n", "l.md:3:5: error: image `img/b.svg` not found (looked for `img/b.svg` in the course folder)");
    check(
        "# T\n\n![a](../x.svg)\n",
        "l.md:3:1: error: `../x.svg` leaves the course folder",
    );
    check(
        "# T\n\n![a](/etc/x.svg)\n",
        "l.md:3:1: error: `/etc/x.svg` is an absolute path",
    );
    check("# T\n\n![a](https://cdn.example/x.png)\n", "l.md:3:1: error: `https://cdn.example/x.png` is a remote address; a package must hold every file it uses");
    check(
        "# T\n\n![a](img)\n",
        "l.md:3:1: error: image `img` is not a readable file",
    );
}

#[test]
fn raw_html() {
    check(
        "# T\n\n<div>x</div>\n",
        "l.md:3:1: error: raw HTML in Markdown",
    );
    check(
        "# T\n\nA <b>b</b>\n",
        "l.md:3:3: error: raw HTML in Markdown\nl.md:3:7: error: raw HTML in Markdown",
    );
    check_with(
        "[package]\nallow-html = true\n",
        "# T\n\n<div>x</div>\n",
        "lesson l \"T\"\n  md@3",
    );
}

#[test]
fn questions() {
    check(
        "# T\n::: question {#q}\nWhich?\n\n- [ ] a\n  > no\n- [x] b\n  more b\n  > yes\n  > really\n:::\n",
        "lesson l \"T\"\n  question q multiple=false \"Which?\" [af b*f]",
    );
    check(
        "# T\n::: question\nWhich?\n- [x] a\n- [X] b\n:::\n",
        "lesson l \"T\"\n  question l.question1 multiple=true \"Which?\" [a* b*]",
    );
    check(
        "# T\n::: question multiple\nWhich?\n- [x] a\n- [ ] b\n:::\n",
        "lesson l \"T\"\n  question l.question1 multiple=true \"Which?\" [a* b]",
    );
    check(
        "# T\n::: question\nWhich?\n- [ ] a\n- [ ] b\n:::\n",
        "l.md:2:5: error: question has no correct answer",
    );
    check(
        "# T\n::: question single\nWhich?\n- [x] a\n- [x] b\n:::\n",
        "l.md:2:5: error: single-answer question has 2 correct choices",
    );
    check(
        "# T\n::: question\nWhich?\n:::\n",
        "l.md:2:5: error: question has no choices",
    );
    check(
        "# T\n::: question\n- [x] a\n:::\n",
        "l.md:2:5: error: question has no prompt",
    );
    check(
        "# T\n::: question\nQ\n- [x] a\nstray\n:::\n",
        "l.md:5:1: error: unexpected text after the choices",
    );
    check(
        "# T\n::: question some\nQ\n- [x] a\n:::\n",
        "l.md:2:14: error: unknown question kind `some`",
    );
    check(
        "# T\n::: question\nQ\n- [x] ![](img/a.svg)\n:::\n",
        "l.md:4:7: error: image `img/a.svg` has no alt text",
    );
}

#[test]
fn question_kinds() {
    check(
        "# T\n::: question true-false\nThe sky is blue.\n- [x] True\n  > Yes.\n- [ ] False\n:::\n",
        "lesson l \"T\"\n  question l.question1 true-false \"The sky is blue.\" [a*f b]",
    );
    check(
        "# T\n::: question fill-in {case=sensitive max-length=14}\nName it.\n- [x] Amazon  Bedrock\n- [X] Bedrock\n\n> [correct] Right.\n> [incorrect] It is\n> Bedrock.\n:::\n",
        "lesson l \"T\"\n  question l.question1 fill-in \"Name it.\" case-sensitive=true max-length=14 [\"Amazon  Bedrock\" \"Bedrock\"] +correct +incorrect",
    );
    check(
        "# T\n::: question fill-in\nName it.\n- [x] Bedrock\n:::\n",
        "lesson l \"T\"\n  question l.question1 fill-in \"Name it.\" case-sensitive=false max-length=40 [\"Bedrock\"]",
    );
    check(
        "# T\n::: question matching\nMatch.\n- Compute => Trainium\n* *Tools* =>Bedrock => yes\n:::\n",
        "lesson l \"T\"\n  question l.question1 matching \"Match.\" [\"Compute\"=>\"Trainium\" \"*Tools*\"=>\"Bedrock => yes\"]",
    );
    check(
        "# T\n::: question ordering {#o}\nOrder these:\n\n- a list in the prompt\n\n1. One\n1. Two\n3) Three\n> [incorrect] No.\n:::\n",
        "lesson l \"T\"\n  question o sequencing \"Order these:\\n\\n- a list in the prompt\" [\"One\" \"Two\" \"Three\"] +incorrect",
    );
    check(
        "# T\n::: question numeric {answer=27}\nHow much?\n> [correct] Yes.\n:::\n",
        "lesson l \"T\"\n  question l.question1 numeric \"How much?\" 27..27 +correct",
    );
    check(
        "# T\n::: question numeric {min=-2.5 max=30}\nHow much?\n:::\n",
        "lesson l \"T\"\n  question l.question1 numeric \"How much?\" -2.5..30",
    );
    check(
        "# T\n::: question numeric {min=3 max=3 scored=false}\nHow much?\n:::\n",
        "lesson l \"T\"\n  question l.question1 unscored numeric \"How much?\" 3..3",
    );
    check(
        "# T\n::: question likert {scored=false}\nLike?\n- Yes\n- No\n:::\n",
        "lesson l \"T\"\n  question l.question1 unscored likert \"Like?\" [\"Yes\" \"No\"]",
    );
    check(
        "# T\n::: question {scored=false}\nQ?\n- [x] a\n- [ ] b\n:::\n",
        "lesson l \"T\"\n  question l.question1 unscored multiple=false \"Q?\" [a* b]",
    );
}

#[test]
fn question_kind_problems() {
    // Kinds and attributes.
    check(
        "# T\n::: question ordrering\nQ\n1. a\n:::\n",
        "l.md:2:14: error: unknown question kind `ordrering`",
    );
    check(
        "# T\n::: question {max-length=3}\nQ\n- [x] a\n:::\n",
        "l.md:2:15: error: `max-length` applies to a fill-in question only",
    );
    check(
        "# T\n::: question matching {min=1}\nQ\n- a => b\n- c => d\n:::\n",
        "l.md:2:24: error: `min` applies to a numeric question only",
    );
    check(
        "# T\n::: question {points=2}\nQ\n- [x] a\n:::\n",
        "l.md:2:15: error: unknown attribute `points` on `question`",
    );
    check(
        "# T\n::: question {scored=no}\nQ\n- [x] a\n:::\n",
        "l.md:2:15: error: `scored` must be `true` or `false`, found `no`",
    );
    check(
        "# T\n::: question fill-in {case=upper}\nQ\n- [x] a\n:::\n",
        "l.md:2:23: error: unknown value `upper` for `case`",
    );
    check(
        "# T\n::: question fill-in {max-length=251}\nQ\n- [x] a\n:::\n",
        "l.md:2:23: error: `max-length` must be a whole number from 1 to 250, found `251`",
    );
    check(
        "# T\n::: question fill-in {max-length=0}\nQ\n- [x] a\n:::\n",
        "l.md:2:23: error: `max-length` must be a whole number from 1 to 250, found `0`",
    );
    // True-false.
    check(
        "# T\n::: question true-false\nQ\n- [x] True\n- [ ] False\n- [ ] Maybe\n:::\n",
        "l.md:2:5: error: true-false question has 3 choices; it needs exactly two",
    );
    check(
        "# T\n::: question true-false\nQ\n- [x] True\n- [x] False\n:::\n",
        "l.md:2:5: error: true-false question has 2 right choices; it needs exactly one",
    );
    check(
        "# T\n::: question true-false\nQ\n- [ ] True\n- [ ] False\n:::\n",
        "l.md:2:5: error: true-false question has 0 right choices; it needs exactly one",
    );
    // Fill-in.
    check(
        "# T\n::: question fill-in\nName it.\n:::\n",
        "l.md:2:5: error: fill-in question has no accepted answer",
    );
    check(
        "# T\n::: question fill-in\nQ\n- [x] right\n- [ ] wrong\n:::\n",
        "l.md:5:3: error: a fill-in question lists only accepted answers",
    );
    check(
        "# T\n::: question fill-in {max-length=5}\nQ\n- [x] Bedrock\n:::\n",
        "l.md:4:7: error: accepted answer has 7 characters; `max-length` is 5",
    );
    check(
        "# T\n::: question fill-in\nQ\n- [x]\n:::\n",
        "l.md:4:6: error: accepted answer has no text",
    );
    check(
        "# T\n::: question fill-in\nQ\n- [x] a\n- b\n:::\n",
        "l.md:5:1: error: unexpected text after the accepted answers",
    );
    // Matching.
    check(
        "# T\n::: question matching\nQ\n- a => b\n- c\n:::\n",
        "l.md:5:3: error: unmatched item in a matching question: no `=>`",
    );
    check(
        "# T\n::: question matching\nQ\n- a => b\n- => d\n:::\n",
        "l.md:5:3: error: unmatched item in a matching question: nothing before `=>`",
    );
    check(
        "# T\n::: question matching\nQ\n- a => b\n- c =>\n:::\n",
        "l.md:5:5: error: unmatched item in a matching question: nothing after `=>`",
    );
    check(
        "# T\n::: question matching\nQ\n- a => b\n:::\n",
        "l.md:2:5: error: matching question has only one pair; it needs at least two",
    );
    check(
        "# T\n::: question matching\nQ\n:::\n",
        "l.md:2:5: error: matching question has no pairs",
    );
    check(
        &format!(
            "# T\n::: question matching\nQ\n{}:::\n",
            (1..=10)
                .map(|i| format!("- s{i} => t{i}\n"))
                .collect::<String>()
        ),
        "l.md:13:1: error: matching question has 10 pairs; the limit is 9",
    );
    check(
        "# T\n::: question matching\nQ\n- a => b\n- c => b\n:::\n",
        "l.md:5:8: error: matching target `b` is written twice",
    );
    // Ordering.
    check(
        "# T\n::: question ordering\nQ\n1. only\n:::\n",
        "l.md:2:5: error: ordering question has only one step; it needs at least two",
    );
    check(
        "# T\n::: question ordering\nQ\n- not numbered\n:::\n",
        "l.md:2:5: error: ordering question has no steps",
    );
    check(
        &format!(
            "# T\n::: question ordering\nQ\n{}:::\n",
            (1..=27).map(|i| format!("{i}. s{i}\n")).collect::<String>()
        ),
        "l.md:30:1: error: ordering question has 27 steps; the limit is 26",
    );
    check(
        "# T\n::: question ordering\nQ\n1. a\n2. a\n:::\n",
        "l.md:5:4: error: step `a` is written twice",
    );
    check(
        "# T\n::: question ordering\nQ\n1. a\n2. b\nmore\n:::\n",
        "l.md:6:1: error: unexpected text after the steps",
    );
    // Numeric.
    check(
        "# T\n::: question numeric\nQ\n:::\n",
        "l.md:2:5: error: numeric question has no answer",
    );
    check(
        "# T\n::: question numeric {answer=3 min=1 max=5}\nQ\n:::\n",
        "l.md:2:32: error: `answer` and `min` cannot be used together",
    );
    check(
        "# T\n::: question numeric {min=1}\nQ\n:::\n",
        "l.md:2:23: error: numeric range has `min` but no `max`",
    );
    check(
        "# T\n::: question numeric {answer=2,5}\nQ\n:::\n",
        "l.md:2:23: error: `answer` value `2,5` is not a decimal number",
    );
    check(
        "# T\n::: question numeric {answer=1e3}\nQ\n:::\n",
        "l.md:2:23: error: `answer` value `1e3` is not a decimal number",
    );
    check(
        "# T\n::: question numeric {answer=123456789012345678901}\nQ\n:::\n",
        "l.md:2:23: error: `answer` value `123456789012345678901` is longer than 20 characters",
    );
    check(
        "# T\n::: question numeric {min=30 max=25}\nQ\n:::\n",
        "l.md:2:23: error: numeric range is upside down: min 30 is greater than max 25",
    );
    check(
        "# T\n::: question numeric {min=-1 max=-2.5}\nQ\n:::\n",
        "l.md:2:23: error: numeric range is upside down: min -1 is greater than max -2.5",
    );
    check(
        "# T\n::: question numeric {answer=1}\nQ\n> [correct] a\nafter\n:::\n",
        "l.md:5:1: error: unexpected text after the feedback",
    );
    // Likert.
    check(
        "# T\n::: question likert\nQ\n- only\n:::\n",
        "l.md:2:5: error: likert question has only one scale point; it needs at least two",
    );
    check(
        "# T\n::: question likert\nQ\n- [x] yes\n- no\n:::\n",
        "l.md:4:3: error: a likert scale point takes no `[x]` or `[ ]`",
    );
    check(
        &format!(
            "# T\n::: question likert\nQ\n{}:::\n",
            (1..=27).map(|i| format!("- p{i}\n")).collect::<String>()
        ),
        "l.md:30:1: error: likert question has 27 scale points; the limit is 26",
    );
    check(
        "# T\n::: question likert {scored=true}\nQ\n- a\n- b\n:::\n",
        "l.md:2:22: error: a likert question is never scored",
    );
    // Outcome feedback where it does not belong, or twice.
    check(
        "# T\n::: question\nQ\n- [x] a\n> [correct] yes\n:::\n",
        "l.md:5:3: error: `[correct]` feedback does not apply to a choice question",
    );
    check(
        "# T\n::: question true-false\nQ\n- [x] T\n- [ ] F\n> [incorrect] no\n:::\n",
        "l.md:6:3: error: `[incorrect]` feedback does not apply to a true-false question",
    );
    check(
        "# T\n::: question likert\nQ\n- a\n- b\n> [correct] thanks\n:::\n",
        "l.md:6:3: error: `[correct]` feedback does not apply to a likert question",
    );
    check(
        "# T\n::: question ordering\nQ\n1. a\n2. b\n> [correct] x\n> [correct] y\n:::\n",
        "l.md:7:3: error: second `[correct]` feedback in the question",
    );
    check(
        "# T\n::: question fill-in\nQ\n> [correct] x\n- [x] a\n:::\n",
        "l.md:5:1: error: unexpected text after the feedback",
    );
    check(
        "# T\n::: question ordering\nQ\n1. a\n2. b\n> [correct]\n>\n:::\n",
        "l.md:6:12: error: `[correct]` feedback has no text",
    );
    check(
        "# T\n::: question ordering\nQ\n1. a\n2. b\n> [correct]\n> Right:\n> the order.\n:::\n",
        "lesson l \"T\"\n  question l.question1 sequencing \"Q\" [\"a\" \"b\"] +correct",
    );
    check(
        "# T\n::: question fill-in\nQ\n- [x] ![](img/a.svg)\n:::\n",
        "l.md:4:7: error: image `img/a.svg` has no alt text",
    );
    check(
        "# T\n::: question ordering\nQ\n1. a\n2. b\n> [correct] ![](img/a.svg)\n:::\n",
        "l.md:6:13: error: image `img/a.svg` has no alt text",
    );
}

#[test]
fn quizzes() {
    check(
        "# T\n::: quiz\nIntro.\n::: question\nQ?\n- [x] a\n:::\n::: question {#x}\nQ?\n- [x] a\n:::\n:::\n::: question\nQ?\n- [x] a\n:::\n",
        "lesson l \"T\"\n  quiz l.quiz1 attempts=None show-correct=after-last shuffle=false draw=None\n  md@3\n  question l.question1 multiple=false \"Q?\" [a*]\n  question x multiple=false \"Q?\" [a*]\n  question l.question3 multiple=false \"Q?\" [a*]",
    );
    // The course's [quiz] gives the defaults; a block's attributes override them.
    check_with(
        "[quiz]\nattempts = 2\nshow-correct = \"never\"\nshuffle = true\n",
        "# T\n::: quiz {#k draw=2}\n::: question\nQ?\n- [x] a\n:::\n::: question numeric {answer=1}\nQ?\n:::\n:::\n::: quiz {attempts=unlimited show-correct=after-each shuffle=false}\n::: question\nQ?\n- [x] a\n:::\n:::\n::: quiz {attempts=63}\n::: question\nQ?\n- [x] a\n:::\n:::\n",
        "lesson l \"T\"\n  quiz k attempts=Some(2) show-correct=never shuffle=true draw=Some(2)\n  question l.question1 multiple=false \"Q?\" [a*]\n  question l.question2 numeric \"Q?\" 1..1\n  quiz l.quiz2 attempts=None show-correct=after-each shuffle=false draw=None\n  question l.question3 multiple=false \"Q?\" [a*]\n  quiz l.quiz3 attempts=Some(63) show-correct=never shuffle=true draw=None\n  question l.question4 multiple=false \"Q?\" [a*]",
    );
    check_with(
        "[quiz]\nattempts = \"unlimited\"\n",
        "# T\n::: quiz\n::: question\nQ?\n- [x] a\n:::\n:::\n",
        "lesson l \"T\"\n  quiz l.quiz1 attempts=None show-correct=after-last shuffle=false draw=None\n  question l.question1 multiple=false \"Q?\" [a*]",
    );
}

#[test]
fn quiz_problems() {
    let q = "::: question\nQ?\n- [x] a\n:::\n";
    check(
        &format!("# T\n::: quiz {{attempts=0}}\n{q}:::\n"),
        "l.md:2:11: error: attempt count 0 is below 1",
    );
    check(
        &format!("# T\n::: quiz {{attempts=-2}}\n{q}:::\n"),
        "l.md:2:11: error: attempt count -2 is below 1",
    );
    check(
        &format!("# T\n::: quiz {{attempts=64}}\n{q}:::\n"),
        "l.md:2:11: error: attempt count 64 is above the limit of 63",
    );
    check(
        &format!("# T\n::: quiz {{attempts=many}}\n{q}:::\n"),
        "l.md:2:11: error: `attempts` must be a whole number or `unlimited`, found `many`",
    );
    check(
        &format!("# T\n::: quiz {{show-correct=always}}\n{q}:::\n"),
        "l.md:2:11: error: unknown value `always` for `show-correct`",
    );
    check(
        &format!("# T\n::: quiz {{shuffle=yes}}\n{q}:::\n"),
        "l.md:2:11: error: `shuffle` must be `true` or `false`, found `yes`",
    );
    check(
        &format!("# T\n::: quiz {{draw=3}}\n{q}{q}:::\n"),
        "l.md:2:11: error: the quiz draws 3 questions but holds only 2",
    );
    check(
        &format!("# T\n::: quiz {{draw=0}}\n{q}:::\n"),
        "l.md:2:11: error: a question bank must draw at least 1 question, found `draw=0`",
    );
    check(
        &format!("# T\n::: quiz {{draw=some}}\n{q}:::\n"),
        "l.md:2:11: error: `draw` must be a whole number, found `some`",
    );
    check(
        &format!("# T\n::: quiz {{tries=2}}\n{q}:::\n"),
        "l.md:2:11: error: unknown attribute `tries` on `quiz`",
    );
    check(
        &format!("# T\n::: quiz final\n{q}:::\n"),
        "l.md:2:10: error: `quiz` takes no argument, found `final`",
    );
    check(
        "# T\n::: quiz\nOnly text.\n:::\n",
        "l.md:2:5: error: quiz has no question",
    );
    check(
        &format!("# T\n::: quiz\n::: quiz\n{q}:::\n:::\n"),
        "l.md:3:5: error: a quiz cannot be placed inside another quiz",
    );
    check(
        &format!("# T\n::: tabs\n## A\n::: quiz\n{q}:::\n:::\n"),
        "l.md:4:5: error: `quiz` cannot be placed inside a tab",
    );
    check(
        &format!("# T\n::: callout\n::: quiz\n{q}:::\n:::\n"),
        "l.md:3:5: error: `quiz` cannot be placed inside a callout",
    );
    check(
        &format!("# T\n::: quiz\n::: callout\nx\n:::\n{q}:::\n"),
        "l.md:3:5: error: `callout` cannot be placed inside a quiz",
    );
    check(
        "# T\n::: quiz\n::: question {scored=false}\nQ?\n- [x] a\n:::\n:::\n",
        "l.md:3:15: error: an unscored question cannot be inside a quiz",
    );
    check(
        "# T\n::: quiz\n::: question likert\nQ?\n- a\n- b\n:::\n:::\n",
        "l.md:3:14: error: a likert question cannot be inside a quiz",
    );
    // A broken question is reported once; the quiz still counts it.
    check(
        "# T\n::: quiz {draw=1}\n::: question\nQ?\n:::\n:::\n",
        "l.md:3:5: error: question has no choices",
    );
}

#[test]
fn course_level_problems() {
    let got = outline(
        "[completion]\nrequire = [\"quiz\"]\nmastery-score = 80\n",
        "# T\n",
    );
    assert!(got.contains("course.toml:6:11: error: the completion rule requires the quiz, but the course has no scored question"), "{got}");
    // Knowledge checks and surveys do not make a quiz.
    let got = outline(
        "[completion]\nrequire = [\"quiz\"]\nmastery-score = 80\n",
        "# T\n::: question {scored=false}\nQ\n- [x] a\n:::\n::: question likert\nQ\n- a\n- b\n:::\n",
    );
    assert!(got.contains("course.toml:6:11: error: the completion rule requires the quiz, but the course has no scored question"), "{got}");
    check_with(
        "[completion]\nrequire = [\"quiz\"]\nmastery-score = 80\n",
        "# T\n::: question {scored=false}\nQ\n- [x] a\n:::\n::: question\nQ\n- [x] a\n:::\n",
        "lesson l \"T\"\n  question l.question1 unscored multiple=false \"Q\" [a*]\n  question l.question2 multiple=false \"Q\" [a*]",
    );
}

#[test]
fn no_panic_on_odd_input() {
    for input in [
        "",
        "#",
        "# ",
        ":::",
        "::::::",
        "::: a",
        "# T\n:::x{",
        "# T\n::: tabs {#\n",
        "# T\n::: question\n- [x]\n:::",
        "# T\n::: figure\n![x](\n:::",
        "# T\n\u{feff}::: tabs\n",
        "# T\n::: tabs\n#\n:::",
        "\r\n# T\r\n::: tabs\r\n## A\r\n:::\r\n",
        "# T\n::: question\nQ\n- [x] a\n  >\n:::",
        "# T\n::: callout {title=\"\u{0}\"}\nx\n:::",
        "# T\n::: question matching\nQ\n- =>\n- é=>\n:::",
        "# T\n::: question fill-in\nQ\n- [x]  \n> [correct]\n>\n:::",
        "# T\n::: question numeric {min=- max=.}\n:::",
        "# T\n::: question ordering\n1.\n2. \n:::",
        "# T\n::: quiz {draw=99999999999999999999999}\n::: quiz\n:::\n:::",
        "# T\n::: question likert\nQ\n- [x]\n-\n:::",
    ] {
        let _ = outline("", input);
    }
}

/// Loads a course of the given lessons (in order) plus `img/a.svg` and `files/a.pdf`, and prints
/// its diagnostics, one short line each, then each hint on a line of its own after `  = `.
fn diagnostics_of(extra_toml: &str, lessons: &[(&str, &str)]) -> String {
    let list: Vec<String> = lessons.iter().map(|(p, _)| format!("\"{p}\"")).collect();
    let toml = format!(
        "id = \"https://x.example/c\"\ntitle = \"T\"\nlanguage = \"en\"\nlessons = [{}]\n{extra_toml}",
        list.join(", ")
    );
    let mut fs = MemFs::new()
        .with("course.toml", toml)
        .with("img/a.svg", "<svg/>")
        .with("files/a.pdf", "%PDF");
    for (path, text) in lessons {
        fs = fs.with(path, *text);
    }
    let loaded = super::load(&fs).expect("course.toml is there");
    let mut out = String::new();
    for d in loaded.diagnostics.iter() {
        out.push_str(&d.short());
        out.push('\n');
        if let Some(hint) = &d.hint {
            out.push_str(&format!("  = {hint}\n"));
        }
    }
    out
}

/// The short lines of `diagnostics_of` only (no hints).
fn short_diagnostics(extra_toml: &str, lessons: &[(&str, &str)]) -> String {
    diagnostics_of(extra_toml, lessons)
        .lines()
        .filter(|l| !l.starts_with("  = "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn links_that_work() {
    let lessons = [
        (
            "lessons/01-intro.md",
            "# Intro\n\nSee [the web](https://example.com/a?b=1#c), <https://example.com>, \
             [mail](mailto:a@example.com), <a@example.com>, [call](tel:+33123), \
             [next](02-next.md), [its cause](02-next.md#the-cause), [a check](02-next.md#check), \
             [here](#intro), [this lesson](01-intro.md#more), [more](#more), [handout](../files/a.pdf), \
             [page 2](../files/a.pdf#page=2).\n\n## More\n",
        ),
        (
            "lessons/02-next.md",
            "# Next {#next}\n\n## The cause\n\n::: question {#check}\nQ\n- [x] a\n:::\n\n[back](01-intro.md)\n",
        ),
    ];
    assert_eq!(diagnostics_of("", &lessons), "");
}

#[test]
fn unsafe_and_unknown_link_targets() {
    let lesson = |body: &str| vec![("l.md", format!("# T\n\n{body}\n"))];
    let cases: &[(&str, &str)] = &[
        ("[x](javascript:alert(1))", "l.md:3:1: error: link to a `javascript:` address; it could run code or load content inside the course page"),
        ("a [x](JaVaScRiPt:alert(1))", "l.md:3:3: error: link to a `javascript:` address; it could run code or load content inside the course page"),
        ("[x](&#106;avascript:alert(1))", "l.md:3:1: error: link to a `javascript:` address; it could run code or load content inside the course page"),
        ("[x](java&#x09;script:alert(1))", "l.md:3:1: error: link to a disguised `javascript:` address (`java\\tscript:alert(1)`); it could run code inside the course page"),
        ("[x](<java script:alert(1)>)", "l.md:3:1: error: link to a disguised `javascript:` address (`java script:alert(1)`); it could run code inside the course page"),
        ("[x](%6Aavascript:alert(1))", "l.md:3:1: error: link to a disguised `javascript:` address (`%6Aavascript:alert(1)`); it could run code inside the course page"),
        ("[x](&amp;#106;avascript:alert(1))", "l.md:3:1: error: link to a disguised `javascript:` address (`&#106;avascript:alert(1)`); it could run code inside the course page"),
        ("[x](vbscript:msgbox)", "l.md:3:1: error: link to a `vbscript:` address; it could run code or load content inside the course page"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "l.md:3:1: error: link to a `data:` address; it could run code or load content inside the course page"),
        ("[x](file:///etc/passwd)", "l.md:3:1: error: link to a `file:` address; it could run code or load content inside the course page"),
        ("<javascript:alert(1)>", "l.md:3:1: error: link to a `javascript:` address; it could run code or load content inside the course page"),
        ("[x][r]\n\n[r]: javascript:alert(1)", "l.md:3:1: error: link to a `javascript:` address; it could run code or load content inside the course page"),
        ("[x](ftp://example.com/a)", "l.md:3:1: error: link to an unsupported `ftp:` address"),
        ("[x](https:example.com)", "l.md:3:1: error: web address `https:example.com` has no host"),
        ("[x](//example.com/a)", "l.md:3:1: error: link `//example.com/a` has no scheme"),
        ("[x]()", "l.md:3:1: error: link has no destination"),
        ("[x](#)", "l.md:3:1: error: link has no destination"),
        ("[x](../files/a.pdf?v=2)", "l.md:3:1: error: link `../files/a.pdf?v=2` to a course file has a `?` query"),
        ("[x](files/b.pdf)", "l.md:3:1: error: linked file `files/b.pdf` not found (looked for `files/b.pdf` in the course folder)"),
        ("[x](../outside.pdf)", "l.md:3:1: error: `../outside.pdf` leaves the course folder"),
    ];
    for (body, expect) in cases {
        let lessons = lesson(body);
        let lessons: Vec<(&str, &str)> = lessons.iter().map(|(p, t)| (*p, t.as_str())).collect();
        assert_eq!(short_diagnostics("", &lessons), *expect, "{body}");
    }
    // The hint says what is allowed.
    let got = diagnostics_of("", &[("l.md", "# T\n\n[x](javascript:void(0))\n")]);
    assert!(
        got.contains("= links may go to `http:`, `https:`, `mailto:` and `tel:` addresses"),
        "{got}"
    );
}

#[test]
fn links_in_titles_labels_and_answers_are_checked() {
    let got = short_diagnostics(
        "",
        &[(
            "l.md",
            "# T [x](javascript:a)\n\n::: callout {title=\"[x](javascript:b)\"}\nBody\n:::\n\n::: tabs {label=\"[x](data:c)\"}\n## Tab [x](vbscript:d)\nx\n:::\n\n::: question\nQ [x](javascript:e)\n- [x] [a](javascript:f)\n:::\n",
        )],
    );
    let columns: Vec<&str> = got
        .lines()
        .map(|l| l.split(": error").next().unwrap_or(""))
        .collect();
    assert_eq!(
        columns,
        [
            "l.md:1:5",
            "l.md:3:21",
            "l.md:7:18",
            "l.md:8:8",
            "l.md:13:3",
            "l.md:14:7"
        ],
        "{got}"
    );
}

#[test]
fn links_to_lessons_and_anchors_are_checked() {
    let other = (
        "lessons/02-next.md",
        "# Next\n\n## The cause {#cause}\n\n## Fix\n",
    );
    let check_links = |body: &str, expect: &str| {
        let text = format!("# Intro\n\n## Summary\n\n{body}\n");
        let got = diagnostics_of("", &[("lessons/01-intro.md", &text), other]);
        assert_eq!(got.trim(), expect.trim(), "{body}");
    };
    check_links(
        "[x](03-missing.md)",
        "lessons/01-intro.md:5:1: error: link to `03-missing.md`, which is not a lesson of the course\n  = link to one of the lessons listed in course.toml (paths are relative to this lesson): `01-intro.md`, `02-next.md`",
    );
    check_links(
        "[x](../02-next.md)",
        "lessons/01-intro.md:5:1: error: link to `../02-next.md`, which is not a lesson of the course\n  = link to one of the lessons listed in course.toml (paths are relative to this lesson): `01-intro.md`, `02-next.md`",
    );
    check_links(
        "[x](02-next.md#cuase)",
        "lessons/01-intro.md:5:1: error: `#cuase` is not an anchor of the lesson `lessons/02-next.md`\n  = did you mean `#cause`? anchors are heading ids (`## Title {#id}`, or the heading's text in lower case with `-` for spaces), block, item and question ids; this lesson has `#02-next`, `#cause`, `#fix`, `#next`",
    );
    check_links(
        "[x](#summry)",
        "lessons/01-intro.md:5:1: error: `#summry` is not an anchor of this lesson\n  = did you mean `#summary`? anchors are heading ids (`## Title {#id}`, or the heading's text in lower case with `-` for spaces), block, item and question ids; this lesson has `#01-intro`, `#intro`, `#summary`",
    );
    check_links(
        "[x](#fix)",
        "lessons/01-intro.md:5:1: error: `#fix` is not an anchor of this lesson\n  = `#fix` is in the lesson `lessons/02-next.md`: write `02-next.md#fix`",
    );
    check_links(
        "[x](#cause) [y](02-next.md#fix)",
        "lessons/01-intro.md:5:1: error: `#cause` is not an anchor of this lesson\n  = `#cause` is in the lesson `lessons/02-next.md`: write `02-next.md#cause`",
    );
}

#[test]
fn links_to_other_lessons_warn_with_one_sco_per_lesson() {
    let lessons = [
        (
            "a.md",
            "# A\n\n[next](b.md), [its heading](b.md#part), [here](#a), [self](a.md)\n",
        ),
        ("b.md", "# B\n\n## Part\n"),
    ];
    assert_eq!(short_diagnostics("", &lessons), "");
    let got = diagnostics_of("[package]\nsco-per-lesson = true\n", &lessons);
    assert_eq!(
        got.lines().filter(|l| !l.starts_with("  = ")).collect::<Vec<_>>(),
        [
            "a.md:3:1: warning: the SCORM package has one SCO per lesson: this link to `b.md` is shown as text naming the lesson",
            "a.md:3:15: warning: the SCORM package has one SCO per lesson: this link to `b.md` is shown as text naming the lesson",
        ],
        "{got}"
    );
    assert!(got.contains("  = only the LMS opens a SCO"), "{got}");
}

/// The anchors of the lessons of a course: `lesson: name -> what`, then each text's heading
/// anchors in order (`line:column [names]`).
fn anchors_of(lessons: &[(&str, &str)]) -> String {
    let list: Vec<String> = lessons.iter().map(|(p, _)| format!("\"{p}\"")).collect();
    let mut fs = MemFs::new().with(
        "course.toml",
        format!(
            "id = \"https://x.example/c\"\ntitle = \"T\"\nlanguage = \"en\"\nlessons = [{}]\n",
            list.join(", ")
        ),
    );
    for (path, text) in lessons {
        fs = fs.with(path, *text);
    }
    let loaded = super::load(&fs).expect("course.toml is there");
    let course = loaded
        .course
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    let mut out = String::new();
    for (lesson, names) in &course.anchors.lessons {
        for (name, anchor) in names {
            out.push_str(&format!("{lesson}: {name} -> {anchor:?}\n"));
        }
    }
    for (origin, names) in &course.anchors.headings {
        out.push_str(&format!("{}:{} {names:?}\n", origin.line, origin.column));
    }
    out
}

#[test]
fn anchors_of_a_lesson() {
    let got = anchors_of(&[(
        "l.md",
        "# Getting started\n\n## Summary\n\n## Summary\n\n## Getting started\n\n## Why? {#why}\n\n## 🎉\n\n::: tabs {#layers}\n## Summary\nx\n### Deep *dive*\n:::\n\n::: question {#cause}\nQ\n- [x] a\n:::\n\n## Cause\n\n## مرحبا بكم\n",
    )]);
    let expect = "\
l: cause -> Question(Id(\"cause\"))
l: cause-1 -> Heading
l: deep-dive -> Heading
l: getting-started -> Lesson
l: getting-started-1 -> Heading
l: l -> Lesson
l: layers -> Group(Tabs, Id(\"layers\"))
l: layers.1 -> Item(Tabs, Id(\"layers.1\"))
l: summary -> Heading
l: summary-1 -> Heading
l: summary-2 -> Item(Tabs, Id(\"layers.1\"))
l: why -> Heading
l: مرحبا-بكم -> Heading
3:1 [Some(\"summary\"), Some(\"summary-1\"), Some(\"getting-started-1\"), Some(\"why\")]
15:1 [Some(\"deep-dive\")]
24:1 [Some(\"cause-1\"), Some(\"مرحبا-بكم\")]
";
    assert_eq!(got, expect);
}

#[test]
fn heading_attributes() {
    check(
        "# T\n\n## Price {in euros}\n",
        "l.md:3:1: error: a heading takes no attribute but `{#id}`",
    );
    check(
        "# T\n\n## A {#a .big}\n",
        "l.md:3:1: error: a heading takes no attribute but `{#id}`",
    );
    check(
        "# T\n\n## A {#é}\n",
        "l.md:3:1: error: id `é` contains `é`; ids may only use letters A–Z a–z, digits, `.`, `_` and `-`",
    );
    check(
        "# T\n\n## A {#x}\n\n## B {#x}\n",
        "l.md:5:1: error: anchor `#x` is used twice in this lesson",
    );
    check(
        "# T\n::: question {#q}\nQ\n- [x] a\n:::\n\n## A {#q}\n",
        "l.md:7:1: error: anchor `#q` is used twice in this lesson",
    );
    check("# T\n\n## Price {in euros\\}\n", "lesson l \"T\"\n  md@3");
}

#[test]
fn image_widths_and_decorative_images() {
    check(
        "# T\n::: figure\n![A cat](img/a.svg){width=320}\n\nCaption.\n:::\n",
        "lesson l \"T\"\n  figure img/a.svg alt=\"A cat\" caption=Some(\"Caption.\")\nassets img/a.svg",
    );
    check(
        "# T\n\n![A cat](img/a.svg){width=50%} and ![decorative](img/a.svg){width=12px}\n",
        "lesson l \"T\"\n  md@3\nassets img/a.svg",
    );
    check(
        "# T\n\nSee ![A cat](img/a.svg){width=big}\n",
        "l.md:3:25: error: image width `big` is neither a number of pixels (`320`) nor a percentage (`50%`)",
    );
    check(
        "# T\n::: figure\n![A cat](img/a.svg){width=0}\n:::\n",
        "l.md:3:21: error: image width `0` is not between 1 and 4000 pixels",
    );
    check(
        "# T\n\n![A cat](img/a.svg){height=3}\n",
        "l.md:3:21: error: unknown image attribute `height`",
    );
    check(
        "# T\n::: figure\n![A cat](img/a.svg){width=20} text\n:::\n",
        "l.md:3:1: error: a figure must start with an image paragraph",
    );
    // Not right after the image: ordinary text.
    check(
        "# T\n\n![A cat](img/a.svg) {width=big}\n",
        "lesson l \"T\"\n  md@3\nassets img/a.svg",
    );
    let fs_course = |lesson: &str| {
        let fs = MemFs::new()
            .with("course.toml", TOML)
            .with("l.md", lesson)
            .with("img/a.svg", "<svg/>");
        super::load(&fs).expect("toml").course.expect("clean")
    };
    let course = fs_course("# T\n::: figure\n![A cat](img/a.svg){width=50%}\n:::\n::: figure\n![ Decorative ](img/a.svg)\n:::\n");
    let figures: Vec<(String, Option<crate::inline::ImageWidth>)> = course.lessons[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure(f) => Some((f.alt.markdown.clone(), f.width)),
            _ => None,
        })
        .collect();
    assert_eq!(
        figures,
        [
            (
                "A cat".to_string(),
                Some(crate::inline::ImageWidth::Percent(50))
            ),
            (String::new(), None)
        ]
    );
}

#[test]
fn a_byte_order_mark_is_not_text() {
    let bom = "\u{feff}";
    let fs = MemFs::new()
        .with(
            "course.toml",
            format!("{bom}id = \"https://x.example/c\"\ntitle = \"T\"\nlanguage = \"en\"\nlessons = [\"l.md\"]\n"),
        )
        .with("l.md", format!("{bom}# Title {{#intro}}\n\ntext\n"));
    let loaded = super::load(&fs).expect("course.toml is there");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let course = loaded.course.expect("clean");
    assert_eq!(course.lessons[0].id.as_str(), "intro");
    assert_eq!(course.lessons[0].title.markdown, "Title");
    assert_eq!(course.meta.id, "https://x.example/c");
}
