//! Links and author text in built pages: in-course links in each package shape (the fixture
//! `valid/links`), the escaping rule over every field that reaches a page or a manifest, and
//! files saved with a byte order mark.

use crate::fixture;
use coursepack::model::Course;
use coursepack::package::zip::EntrySource;
use coursepack::package::{self, Format};
use coursepack::render::{self, RenderOptions, Theme};
use coursepack::source::fs::{DiskFs, MemFs, SourceFs};

/// Missing and outdated translations as errors, each one reported.
const STRICT: coursepack::i18n::Gaps = coursepack::i18n::Gaps {
    strict: true,
    each: true,
};

fn load(fs: &dyn SourceFs) -> Course {
    let loaded = coursepack::load(fs).expect("course.toml");
    loaded
        .course
        .unwrap_or_else(|| panic!("the course has errors: {:?}", loaded.diagnostics))
}

/// The pages of `course` as `(path, html)`.
fn pages(course: &Course, standard: &'static str, page_per_lesson: bool) -> Vec<(String, String)> {
    let options = RenderOptions {
        standard,
        page_per_lesson,
    };
    render::render(course, &Theme::default_theme(), options)
        .expect("render")
        .pages
        .into_iter()
        .map(|p| (p.path, p.html.into_string().expect("page")))
        .collect()
}

/// The bytes of one file of the package of `course` in `format`.
fn package_file(course: &Course, fs: &dyn SourceFs, format: Format, name: &str) -> String {
    let contents = package::contents(course, fs, &Theme::default_theme(), format).expect("package");
    let entry = contents
        .entries
        .into_iter()
        .find(|e| e.path == name)
        .unwrap_or_else(|| panic!("no {name}"));
    match entry.source {
        EntrySource::Reader(_) => panic!("{name} is a media file"),
        source => String::from_utf8(source.read_all().expect("written")).expect("utf-8"),
    }
}

/// Every `<a …>` opening tag of a page whose text (up to `</a>`) is `text`.
fn anchor_tag<'h>(html: &'h str, text: &str) -> &'h str {
    let close = format!(">{text}</a>");
    let end = html
        .find(&close)
        .unwrap_or_else(|| panic!("no link `{text}`"));
    let start = html[..end].rfind("<a ").expect("<a");
    &html[start..=end]
}

#[test]
fn in_course_links_become_in_page_navigation() {
    let fs = DiskFs::new(&fixture("valid/links")).expect("fixture");
    let course = load(&fs);
    for standard in ["scorm12", "xapi"] {
        let pages = pages(&course, standard, false);
        assert_eq!(pages.len(), 1);
        let html = &pages[0].1;
        let cases = [
            (
                "the details",
                r##"<a href="#lesson-02-details" data-cp-goto="02-details">"##,
            ),
            (
                "the cause",
                r##"<a href="#02-details/the-cause" data-cp-goto="02-details">"##,
            ),
            (
                "more below",
                r##"<a href="#01-start/more-below" data-cp-goto="01-start">"##,
            ),
            (
                "the second tab",
                r##"<a href="#panel-second" data-cp-goto="01-start">"##,
            ),
            (
                "the deep heading",
                r##"<a href="#01-start/inside-the-panel" data-cp-goto="01-start">"##,
            ),
            (
                "the check",
                r##"<a href="#q-check" data-cp-goto="01-start">"##,
            ),
            (
                "the start",
                r##"<a href="#lesson-01-start" data-cp-goto="01-start">"##,
            ),
            (
                "the standard",
                r##"<a href="https://example.com/scorm" title="The SCORM 1.2 standard" target="_blank" rel="noopener noreferrer">"##,
            ),
            (
                "mail us",
                r##"<a href="mailto:team@example.com" target="_blank" rel="noopener noreferrer">"##,
            ),
            (
                "the handout",
                r##"<a href="media/files/handout.txt" target="_blank" rel="noopener noreferrer">"##,
            ),
        ];
        for (text, tag) in cases {
            assert_eq!(anchor_tag(html, text), tag, "{standard}: {text}");
        }
        // Every heading a link names has that id, once.
        for id in [
            "02-details/the-cause",
            "01-start/more-below",
            "01-start/inside-the-panel",
            "03-end/wrap-up",
        ] {
            assert_eq!(html.matches(&format!(" id=\"{id}\"")).count(), 1, "{id}");
        }
        for id in ["panel-second", "q-check", "lesson-02-details"] {
            assert_eq!(html.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
        }
        assert!(
            !html.contains(".md\""),
            "no link to a Markdown file is left"
        );
        assert!(html.contains("media/files/handout.txt"));
    }
}

#[test]
fn with_one_sco_per_lesson_links_to_other_lessons_name_them() {
    let fs = DiskFs::new(&fixture("valid/links")).expect("fixture");
    let course = load(&fs);
    let pages = pages(&course, "scorm12", true);
    let start = &pages
        .iter()
        .find(|(p, _)| p == "lessons/01-start.html")
        .expect("page")
        .1;
    assert!(
        start.contains(r#"<span class="cp-xref">the details</span> <span class="cp-xref-note">(see the lesson “The details” in the course menu)</span>"#),
        "{start}"
    );
    assert!(start.contains(r#"<span class="cp-xref">the cause</span> <span class="cp-xref-note">(see the lesson “The details” in the course menu)</span>"#));
    // Anchors of the lesson itself still work; files and the web still open.
    assert_eq!(
        anchor_tag(start, "more below"),
        r##"<a href="#01-start/more-below" data-cp-goto="01-start">"##
    );
    assert_eq!(
        anchor_tag(start, "the handout"),
        r##"<a href="../media/files/handout.txt" target="_blank" rel="noopener noreferrer">"##
    );
    for (_, html) in &pages {
        assert!(
            !html.contains("data-cp-goto=\"02-details\"")
                || html.contains("data-cp-lesson=\"02-details\"")
        );
    }
    // The note is in the course's language.
    let fr = Course {
        meta: coursepack::model::CourseMeta {
            language: "fr".into(),
            ..course.meta.clone()
        },
        ..course.clone()
    };
    let fr_pages = self::pages(&fr, "scorm12", true);
    assert!(fr_pages[0]
        .1
        .contains("(voir la leçon « The details » dans le menu du cours)"));
}

/// What a learner sees of a value written in every field: the characters that need escaping,
/// inline Markdown and three scripts.
const SHOWN: &str = "R&D < > \"q\" 'a' em code مرحبا 你好 🎉";

/// The text of some HTML: tags dropped, the five entities the renderer writes decoded once (a
/// value escaped twice keeps an `&amp;` or shows `&lt;em&gt;`).
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The inner HTML of the first element that starts with `start` (up to its `end` tag).
fn inner<'h>(html: &'h str, start: &str, end: &str) -> &'h str {
    let at = html.find(start).unwrap_or_else(|| panic!("no `{start}`"));
    let open_end = at + html[at..].find('>').expect(">") + 1;
    let close = open_end
        + html[open_end..]
            .find(end)
            .unwrap_or_else(|| panic!("no `{end}`"));
    &html[open_end..close]
}

/// The value of attribute `attr` in the first tag that `start` ends in (its last `<`), decoded
/// once.
fn attribute(html: &str, start: &str, attr: &str) -> String {
    let at =
        html.find(start).unwrap_or_else(|| panic!("no `{start}`")) + start.rfind('<').unwrap_or(0);
    let tag = &html[at..at + html[at..].find('>').expect(">")];
    let key = format!(" {attr}=\"");
    let v = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {attr} in {tag}"))
        + key.len();
    text_of(&tag[v..v + tag[v..].find('"').expect("\"")])
}

#[test]
fn every_field_shows_exactly_what_the_author_wrote() {
    // As written in Markdown text, and in a directive's quoted attribute (no `"` there: the
    // entity says it).
    let md = "R&D < > \"q\" 'a' *em* `code` مرحبا 你好 🎉";
    let attr = "R&D < > &quot;q&quot; 'a' *em* `code` مرحبا 你好 🎉";
    let toml_title = md.replace('"', "\\\"");
    let lesson = format!(
        "# {md}

::: callout note {{title=\"{attr}\"}}
Body.
:::

::: tabs {{label=\"{attr}\"}}
## {md}
x
:::

::: carousel {{label=\"{attr}\"}}
## {md}
x
:::

::: accordion {{label=\"{attr}\"}}
## {md}
x
:::

::: figure
![{md}](img/a.svg)

{md}
:::

![{md}](img/a.svg \"R&D < > \\\"q\\\" 'a' *em*\") [link](https://example.com \"R&D < > \\\"q\\\" 'a' *em*\")

::: question
{md}

- [x] {md}
  > {md}
- [ ] other
:::

::: question matching
Match.

- {md} => {md}
- two => three
:::

::: question ordering
Order.

1. {md}
2. last
:::

::: question likert
Rate.

- {md}
- other
:::

::: question fill-in
Type.

- [x] {md}

> [correct] {md}
> [incorrect] {md}
:::
"
    );
    let fs = MemFs::new()
        .with(
            "course.toml",
            format!("id = \"https://x.example/esc\"\ntitle = \"{toml_title}\"\nlanguage = \"en\"\nlessons = [\"l.md\", \"m.md\"]\n"),
        )
        .with("l.md", lesson)
        .with("m.md", "# Another lesson\n")
        .with("img/a.svg", "<svg/>");
    let course = load(&fs);
    let html = pages(&course, "scorm12", false).remove(0).1;

    // Fields whose inline Markdown renders (as in a heading): the same text, with <em> and
    // <code> inside.
    let rendered = [
        (
            "course title in the header",
            inner(&html, "<h1 class=\"cp-course-title\"", "</h1>"),
        ),
        (
            "lesson title",
            inner(&html, "<h2 class=\"cp-lesson-title\"", "</h2>"),
        ),
        (
            "callout title",
            inner(&html, "<p class=\"cp-callout-title\"", "</p>"),
        ),
        (
            "tabs label",
            inner(&html, "<p class=\"cp-block-label\" id=\"label-", "</p>"),
        ),
        (
            "tab title",
            inner(
                &html,
                "<button type=\"button\" class=\"cp-tab\"",
                "</button>",
            ),
        ),
        (
            "carousel label",
            inner(&html, "<p class=\"cp-block-label\" aria-hidden", "</p>"),
        ),
        (
            "slide title",
            inner(&html, "<h3 class=\"cp-slide-title\"", "</h3>"),
        ),
        (
            "accordion label",
            inner(
                &html[html.find("data-cp-accordion").expect("acc")..],
                "<p class=\"cp-block-label\"",
                "</p>",
            ),
        ),
        (
            "accordion panel title",
            inner(
                &html,
                "<button type=\"button\" class=\"cp-acc-button\"",
                "</button>",
            ),
        ),
        (
            "figure caption",
            inner(&html, "<figcaption", "</figcaption>"),
        ),
        (
            "question prompt",
            inner(&html, "<div class=\"cp-q-prompt\"", "</div>"),
        ),
        (
            "choice",
            inner(&html, "<label for=\"q-l.question1-a\"", "</label>"),
        ),
        (
            "choice feedback",
            inner(
                &html,
                "<div class=\"cp-feedback\" data-cp-feedback=\"a\"",
                "</div>",
            ),
        ),
        (
            "matching source",
            inner(&html, "<label class=\"cp-match-source\"", "</label>"),
        ),
        (
            "ordering step",
            inner(&html, "<span class=\"cp-step-text\"", "</span>"),
        ),
        (
            "likert point",
            inner(&html, "<label for=\"q-l.question4-a\"", "</label>"),
        ),
        (
            "outcome feedback (right)",
            inner(
                &html,
                "<div class=\"cp-feedback cp-feedback--outcome\" data-cp-feedback-correct",
                "</div>",
            ),
        ),
        (
            "outcome feedback (wrong)",
            inner(
                &html,
                "<div class=\"cp-feedback cp-feedback--outcome\" data-cp-feedback-incorrect",
                "</div>",
            ),
        ),
        (
            "contents entry",
            inner(&html, "<span class=\"cp-toc-text\"", "</span>"),
        ),
    ];
    for (field, inner_html) in rendered {
        assert_eq!(text_of(inner_html).trim(), SHOWN, "{field}: {inner_html}");
        assert!(
            inner_html.contains("<em>em</em>") && inner_html.contains("<code>code</code>"),
            "{field} renders its inline Markdown: {inner_html}"
        );
    }

    // Fields where markup cannot go: the same text without its markup.
    let plain = [
        ("page <title>", text_of(inner(&html, "<title", "</title>"))),
        (
            "carousel aria-label",
            attribute(&html, "<section class=\"cp-carousel\"", "aria-label"),
        ),
        (
            "inline image alt",
            attribute(&html, "<p><img src=\"media/img/a.svg\"", "alt"),
        ),
        (
            "figure image alt",
            attribute(&html, "<figure class=\"cp-figure\">\n  <img", "alt"),
        ),
        (
            "matching target option",
            text_of(inner(&html, "<option value=\"a\"", "</option>")),
        ),
        ("fill-in solution", {
            let fill_in = &html[html.find("data-cp-type=\"fill-in\"").expect("fill-in")..];
            let solution = &fill_in[fill_in.find("data-cp-solution").expect("solution")..];
            text_of(inner(solution, "<p>", "</p>"))
        }),
    ];
    for (field, value) in &plain {
        assert_eq!(value.trim(), SHOWN, "{field}");
    }
    // Titles of images and links are not Markdown: shown as written, backslash escapes aside.
    let title = "R&D < > \"q\" 'a' *em*";
    assert_eq!(
        attribute(&html, "<p><img src=\"media/img/a.svg\"", "title"),
        title
    );
    assert_eq!(
        attribute(&html, "<a href=\"https://example.com\"", "title"),
        title
    );

    // Nothing was escaped twice or left raw anywhere.
    assert!(
        !html.contains("&amp;amp;") && !html.contains("&amp;lt;"),
        "escaped twice"
    );
    assert!(
        !html.contains("&lt;em&gt;") && !html.contains("&lt;code&gt;"),
        "markup shown as text"
    );
    assert!(!html.contains("<in>") && !html.contains("< >\""), "raw");

    // Manifests and xAPI names carry plain text, escaped once as XML.
    let manifest = package_file(&course, &fs, Format::Scorm12, "imsmanifest.xml");
    let xml_shown = "R&amp;D &lt; &gt; \"q\" 'a' em code مرحبا 你好 🎉";
    assert_eq!(
        manifest.matches(&format!(">{xml_shown}</")).count(),
        3,
        "LOM title, organization and item: {manifest}"
    );
    let tincan = package_file(&course, &fs, Format::Xapi, "tincan.xml");
    assert!(
        tincan.contains(&format!("<name lang=\"en\">{xml_shown}</name>")),
        "{tincan}"
    );
    assert!(!tincan.contains("*em*") && !manifest.contains("*em*"));
}

#[test]
fn files_saved_with_a_byte_order_mark_are_read() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let bom = "\u{feff}";
    std::fs::write(
        dir.join("course.toml"),
        format!("{bom}id = \"https://x.example/bom\"\ntitle = \"BOM\"\nlanguage = \"en\"\nlanguages = [\"en\", \"fr\"]\nlessons = [\"a.md\"]\n"),
    )
    .expect("w");
    std::fs::write(dir.join("a.md"), format!("{bom}# Title\r\n\r\nText.\r\n")).expect("w");
    // Both files read: the one problem is the French translation file, not written yet.
    let out = crate::coursepack(&["check", dir.to_str().expect("utf-8")]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("`fr` is one of the course's languages but has no translation file")
            && said.contains("1 error(s), 0 warning(s)"),
        "{said}"
    );
    // A translation with a BOM too.
    let out = crate::coursepack(&[
        "i18n",
        "extract",
        "--lang",
        "fr",
        "--file-format",
        "po",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let po_path = dir.join("translations/fr.po");
    let po = std::fs::read_to_string(&po_path).expect("po");
    std::fs::write(&po_path, format!("{bom}{po}")).expect("w");
    let out = crate::coursepack(&["check", dir.to_str().expect("utf-8")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = crate::coursepack(&["i18n", "status", dir.to_str().expect("utf-8")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = crate::coursepack(&[
        "build",
        dir.to_str().expect("utf-8"),
        "--lang",
        "fr",
        "--out",
        tmp.path().join("out").to_str().expect("utf-8"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fs = DiskFs::new(dir).expect("dir");
    let course = load(&fs);
    assert_eq!(course.lessons[0].title.markdown, "Title");
}

#[test]
fn heading_anchors_stay_the_same_in_a_translation() {
    use coursepack::i18n::{catalog::State, FileFormat};
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("course");
    crate::copy_dir(&fixture("valid/links"), &dir);
    let toml = std::fs::read_to_string(dir.join("course.toml")).expect("toml");
    std::fs::write(
        dir.join("course.toml"),
        toml.replace(
            "language = \"en\"\n",
            "language = \"en\"\nlanguages = [\"en\", \"fr\"]\n",
        ),
    )
    .expect("w");
    let out = crate::coursepack(&[
        "i18n",
        "extract",
        "--file-format",
        "po",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every segment translated: "The cause" becomes "FR The cause".
    let po = dir.join("translations/fr.po");
    let mut catalog = FileFormat::Po
        .read(&std::fs::read_to_string(&po).expect("po"), "fr.po")
        .expect("readable");
    for e in &mut catalog.entries {
        e.target = Some(format!("FR {}", e.source));
        e.state = State::Translated;
    }
    std::fs::write(&po, FileFormat::Po.write(&catalog)).expect("w");

    let fs = DiskFs::new(&dir).expect("dir");
    let course = load(&fs);
    let mut diags = coursepack::diag::Diagnostics::new();
    let theme = coursepack::render::Theme::load(&fs, &course.meta.languages).expect("theme");
    let fr = coursepack::i18n::translated_course(
        &coursepack::i18n::SourceSegments::of(&course, &theme),
        &course,
        &theme,
        &fs,
        "fr",
        STRICT,
        &mut diags,
    )
    .expect("translated");
    assert!(diags.is_empty(), "{diags:?}");
    let html = pages(&fr, "scorm12", false).remove(0).1;
    assert!(
        html.contains("<h3 id=\"02-details/the-cause\">FR The cause</h3>"),
        "{html}"
    );
    assert_eq!(
        anchor_tag(&html, "the cause"),
        r##"<a href="#02-details/the-cause" data-cp-goto="02-details">"##
    );
}

/// The build writes a page straight into the zip without reading it back for the files it
/// refers to: with the default templates and no raw HTML, a page refers to the course's own
/// files and nothing else. Checked here on real pages, every layout and standard.
#[test]
fn default_templates_refer_to_no_file_beyond_the_course_media() {
    for dir in ["valid/every-block", "valid/links", "valid/branded"] {
        let fs = DiskFs::new(&fixture(dir)).expect("fixture");
        let course = load(&fs);
        assert!(!course.meta.package.allow_html, "{dir} has no raw HTML");
        let media: Vec<String> = course
            .assets
            .iter()
            .map(coursepack::render::markdown::media_path)
            .collect();
        for standard in ["scorm12", "scorm2004", "xapi", "cmi5"] {
            for per_lesson in [false, true] {
                for (path, html) in pages(&course, standard, per_lesson) {
                    let (refs, base) = coursepack::refs::page_references(&html);
                    for r in refs {
                        let Some(Ok(target)) =
                            coursepack::refs::resolve(&path, base.as_deref(), &r.target)
                        else {
                            continue;
                        };
                        assert!(
                            !target.starts_with("media/") || media.contains(&target),
                            "{dir} {standard} {path}: `{target}` is not among the course's files"
                        );
                    }
                }
            }
        }
    }
}

/// With raw HTML allowed, a page may refer to a course file no lesson names as an image: the
/// page is read for it and the file packaged (the one case besides edited templates).
#[test]
fn raw_html_brings_the_files_it_refers_to() {
    let fs = MemFs::new()
        .with(
            "course.toml",
            "id = \"https://x.example/raw\"\ntitle = \"Raw\"\nlanguage = \"en\"\nlessons = [\"a.md\"]\n\n[package]\nallow-html = true\n",
        )
        .with(
            "a.md",
            "# A\n\n<p><img src=\"media/pics/extra.svg\" alt=\"Extra\"></p>\n",
        )
        .with("pics/extra.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let course = load(&fs);
    for format in [Format::Scorm12, Format::Xapi] {
        let contents =
            package::contents(&course, &fs, &Theme::default_theme(), format).expect("package");
        assert!(
            contents
                .entries
                .iter()
                .any(|e| e.path == "media/pics/extra.svg"),
            "{format:?}: the file the raw HTML shows is packaged"
        );
    }
}

/// Bodies rendered once serve every standard of their layout: the pages are those a render
/// for that standard alone gives.
#[test]
fn bodies_rendered_once_give_every_standard_its_own_pages() {
    let fs = DiskFs::new(&fixture("valid/every-block")).expect("fixture");
    let course = load(&fs);
    let theme = Theme::default_theme();
    for per_lesson in [false, true] {
        let bodies = render::Bodies::render(&course, &theme, per_lesson).expect("bodies");
        for standard in ["scorm12", "scorm2004", "xapi", "cmi5"] {
            let shared: Vec<(String, String)> = bodies
                .pages(standard)
                .expect("pages")
                .pages
                .into_iter()
                .map(|p| (p.path, p.html.into_string().expect("page")))
                .collect();
            assert_eq!(shared, pages(&course, standard, per_lesson), "{standard}");
            assert!(shared[0]
                .1
                .contains(&format!("\"standard\":\"{standard}\"")));
        }
    }
}
