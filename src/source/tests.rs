//! Data-driven tests of the source stage: a lesson in, an outline of the model and the
//! diagnostics out. Each case is one call to [`check`].

use super::fs::MemFs;
use crate::model::{visit_blocks, Block, Course};

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
                Block::Question(q) => {
                    let choices: Vec<String> = q
                        .choices()
                        .iter()
                        .map(|c| {
                            format!(
                                "{}{}{}",
                                c.letter,
                                if c.correct { "*" } else { "" },
                                if c.feedback.is_some() { "f" } else { "" }
                            )
                        })
                        .collect();
                    format!(
                        "question {} multiple={} {:?} [{}]",
                        q.id,
                        q.multiple(),
                        q.prompt.markdown,
                        choices.join(" ")
                    )
                }
                Block::Quiz(q) => format!("quiz {} {:?}", q.id, q.settings),
            };
            out.push_str(&format!("  {line}\n"));
        });
    }
    if !course.assets.is_empty() {
        let assets: Vec<&str> = course.assets.iter().map(|a| a.as_str()).collect();
        out.push_str(&format!("assets {}\n", assets.join(" ")));
    }
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
fn course_level_problems() {
    let got = outline(
        "[completion]\nrequire = [\"quiz\"]\nmastery-score = 80\n",
        "# T\n",
    );
    assert!(got.contains("course.toml:6:11: error: the completion rule requires the quiz, but the course has no question"), "{got}");
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
    ] {
        let _ = outline("", input);
    }
}
