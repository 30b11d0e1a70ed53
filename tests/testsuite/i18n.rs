//! Translations: extract → fill → build round trips (XLIFF and PO), stale detection, markup
//! checks, malformed files, strictness, batch builds, per-language images.

use crate::{coursepack, fixture};
use coursepack::i18n::{catalog::State, FileFormat};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Missing and outdated translations as errors, each one reported.
const STRICT: coursepack::i18n::Gaps = coursepack::i18n::Gaps {
    strict: true,
    each: true,
};

/// A copy of the every-block fixture (English) that also builds French.
fn bilingual_course(dir: &Path) -> PathBuf {
    let course = dir.join("course");
    crate::copy_dir(&fixture("valid/every-block"), &course);
    let toml = std::fs::read_to_string(course.join("course.toml")).expect("toml");
    let toml = toml.replace(
        "language = \"en\"\n",
        "language = \"en\"\nlanguages = [\"en\", \"fr\"]\n",
    );
    std::fs::write(course.join("course.toml"), toml).expect("write");
    course
}

/// Runs the binary: (exit code, what a terminal shows — stdout then stderr —, stderr alone).
/// Which stream carries what is tested in `cli.rs`.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = coursepack(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &stderr,
        stderr,
    )
}

/// Fills every untranslated segment of a translation file with "FR " + the source (markup
/// kept); interface strings pre-filled from coursepack's French strings stay as they are.
fn fill(path: &Path, format: FileFormat) {
    let text = std::fs::read_to_string(path).expect("translation file");
    let mut catalog = format.read(&text, "t").expect("readable");
    for e in &mut catalog.entries {
        if e.target.is_none() {
            e.target = Some(format!("FR {}", e.source));
            e.state = State::Translated;
        }
    }
    std::fs::write(path, format.write(&catalog)).expect("write");
}

/// A translation in capitals that keeps what must stay as it is — `{placeholders}` and
/// `{width=…}`, link and image targets, the alt text `decorative` — so that it shares no word,
/// case included, with its source.
fn shout(source: &str) -> String {
    let mut out = String::new();
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        let kept = if rest.starts_with('{') {
            rest.find('}').map(|i| i + 1)
        } else if rest.starts_with("](") {
            rest.find(')').map(|i| i + 1)
        } else if rest.starts_with("decorative") {
            Some("decorative".len())
        } else {
            None
        };
        match kept {
            Some(n) => {
                out.push_str(&rest[..n]);
                rest = &rest[n..];
            }
            None => {
                out.extend(c.to_uppercase());
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

fn zip_file(zip: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).expect("zip")).expect("zip");
    let mut s = String::new();
    archive
        .by_name(name)
        .expect("entry")
        .read_to_string(&mut s)
        .expect("read");
    s
}

/// The tracking plan of a page.
fn page_data(index_html: &str) -> serde_json::Value {
    let start = index_html.find("id=\"cp-data\">").expect("data") + "id=\"cp-data\">".len();
    let end = index_html[start..].find("</script>").expect("end") + start;
    serde_json::from_str(&index_html[start..end]).expect("JSON")
}

/// The tracking plan of a page, minus what differs by language: its language and UI strings,
/// names and descriptions, and the accepted answers of fill-in questions (a learner types them in
/// the page's language).
fn tracking_plan(index_html: &str) -> serde_json::Value {
    let mut data = page_data(index_html);
    for key in ["lang", "strings"] {
        data.as_object_mut().expect("object").remove(key);
    }
    if let Some(questions) = data.get_mut("questions").and_then(|q| q.as_array_mut()) {
        for q in questions {
            q.as_object_mut().expect("question").remove("accepted");
        }
    }
    if let Some(x) = data.get_mut("xapi") {
        for (_, group) in x.as_object_mut().expect("xapi").iter_mut() {
            strip_names(group);
        }
        if let Some(questions) = x.get_mut("questions").and_then(|q| q.as_object_mut()) {
            for (_, q) in questions.iter_mut() {
                if q["interactionType"] == "fill-in" {
                    q.as_object_mut()
                        .expect("activity")
                        .remove("correctResponsesPattern");
                }
            }
        }
    }
    data
}

/// The keys of the segments of every kind of question text in the every-block fixture.
const QUESTION_KEYS: &[&str] = &[
    "q-single/prompt/p1",
    "q-single/b",
    "q-single/b/feedback",
    "check-callout/b/feedback",
    "q-true-false/a",
    "q-true-false/b/feedback",
    "q-fill-in/accepted1",
    "q-fill-in/accepted2",
    "q-fill-in/correct",
    "q-fill-in/incorrect",
    "q-matching/1/source",
    "q-matching/3/target",
    "q-ordering/step1",
    "q-ordering/step3",
    "q-ordering/incorrect",
    "q-exact/prompt/p1",
    "q-exact/correct",
    "bank-3/prompt/p1",
    "survey/a",
    "survey/c",
];

/// The French course, localized through the library, checked text by text against the source:
/// every question text is translated, and ids, types and structure are the source's.
fn check_localized_questions(course_dir: &Path) {
    let fs = coursepack::source::fs::DiskFs::new(course_dir).expect("course");
    let course = coursepack::load(&fs).expect("load").course.expect("valid");
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
    // Same keys (so the same structure), each text the translation.
    let segments = |c: &coursepack::model::Course| -> Vec<(String, String)> {
        coursepack::i18n::segments::course_segments(c)
            .into_iter()
            .map(|(seg, _)| (seg.key, seg.source))
            .collect()
    };
    let (before, after) = (segments(&course), segments(&fr));
    assert_eq!(before.len(), after.len());
    for ((key, source), (fr_key, fr_source)) in before.iter().zip(&after) {
        assert_eq!(key, fr_key);
        assert_eq!(fr_source, &format!("FR {source}"), "{key}");
    }
    let (src, dst) = (course.questions(), fr.questions());
    assert_eq!(src.len(), 15);
    for (s, t) in src.iter().zip(&dst) {
        assert_eq!(
            (&s.id, s.scored, s.answer.interaction_type()),
            (&t.id, t.scored, t.answer.interaction_type())
        );
    }
    let fill_in = dst
        .iter()
        .find(|q| q.id.as_str() == "q-fill-in")
        .expect("q");
    match &fill_in.answer {
        coursepack::model::Answer::FillIn {
            accepted,
            max_length,
            ..
        } => {
            assert_eq!(accepted[1].markdown, "FR an accordion");
            assert_eq!(*max_length, 20);
        }
        other => panic!("{other:?}"),
    }
}

fn strip_names(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("name");
            m.remove("description");
            for (_, child) in m.iter_mut() {
                strip_names(child);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(strip_names),
        _ => {}
    }
}

fn round_trip(format: FileFormat) {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = bilingual_course(tmp.path());
    let c = course.display().to_string();
    let ff = match format {
        FileFormat::Xliff => "xliff",
        FileFormat::Po => "po",
    };
    let (code, out, err) = run(&["i18n", "extract", &c, "--file-format", ff]);
    assert_eq!(code, 0, "{out}{err}");
    let file = course.join(format!("translations/fr.{}", format.extension()));
    assert!(out.contains("to translate"), "{out}");
    fill(&file, format);

    let (code, out, _) = run(&["i18n", "status", &c, "--format", "json"]);
    assert_eq!(code, 0);
    let status: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let fr = &status["languages"][0];
    assert_eq!(
        (fr["missing"].as_u64(), fr["stale"].as_u64()),
        (Some(0), Some(0)),
        "{out}"
    );
    assert!(fr["translated"].as_u64().unwrap_or(0) > 20);
    let catalog = format
        .read(&std::fs::read_to_string(&file).expect("file"), "t")
        .expect("read");
    let keys: Vec<&str> = catalog.entries.iter().map(|e| e.key.as_str()).collect();
    for key in QUESTION_KEYS {
        assert!(keys.contains(key), "{key} extracted: {keys:?}");
    }
    check_localized_questions(&course);

    let dist = tmp.path().join("dist");
    let d = dist.display().to_string();
    let (code, out, err) = run(&[
        "build", &c, "--lang", "all", "--format", "all", "--out", &d, "--strict",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    for name in [
        "every-block-en-scorm12.zip",
        "every-block-fr-scorm12.zip",
        "every-block-en-xapi.zip",
        "every-block-fr-xapi.zip",
    ] {
        assert!(dist.join(name).exists(), "{name}: {out}");
    }
    let fr_page = zip_file(&dist.join("every-block-fr-scorm12.zip"), "index.html");
    let en_page = zip_file(&dist.join("every-block-en-scorm12.zip"), "index.html");
    assert!(fr_page.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(fr_page.contains("FR First tab."), "translated paragraph");
    assert!(
        fr_page.contains("FR Which shape is in the pictures?"),
        "translated question"
    );
    assert!(
        fr_page.contains("<strong>key point</strong>"),
        "markup survives: {}",
        &fr_page[..200]
    );
    assert!(
        fr_page.contains(">Valider ma réponse</button>"),
        "French UI strings, from the translation file pre-filled with coursepack's"
    );
    let accepted: Vec<serde_json::Value> = page_data(&fr_page)["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| q["accepted"].clone())
        .filter(|a| a.as_array().is_some_and(|a| !a.is_empty()))
        .collect();
    assert_eq!(
        accepted,
        vec![serde_json::json!(["FR accordion", "FR an accordion"])],
        "a French learner types French answers"
    );
    assert_eq!(
        tracking_plan(&fr_page),
        tracking_plan(&en_page),
        "same ids whatever the language"
    );
    let fr_xapi = zip_file(&dist.join("every-block-fr-xapi.zip"), "index.html");
    let en_xapi = zip_file(&dist.join("every-block-en-xapi.zip"), "index.html");
    assert_eq!(
        tracking_plan(&fr_xapi),
        tracking_plan(&en_xapi),
        "same activity IRIs"
    );
    let manifest = zip_file(&dist.join("every-block-fr-scorm12.zip"), "imsmanifest.xml");
    assert!(manifest.contains("<imsmd:language>fr</imsmd:language>"));
    let tincan = zip_file(&dist.join("every-block-fr-xapi.zip"), "tincan.xml");
    assert!(
        tincan.contains("<name lang=\"fr\">FR Fixture every-block</name>"),
        "{tincan}"
    );

    // Reproducible: the same batch again gives the same bytes.
    let again = tmp.path().join("again");
    let (code, ..) = run(&[
        "build",
        &c,
        "--lang",
        "all",
        "--format",
        "all",
        "--out",
        &again.display().to_string(),
    ]);
    assert_eq!(code, 0);
    // The packages, not the build manifests: those record the translation files' bytes.
    for e in std::fs::read_dir(&dist)
        .expect("dist")
        .flatten()
        .filter(|e| e.file_name() != "coursepack-build.json")
    {
        assert_eq!(
            std::fs::read(e.path()).expect("a"),
            std::fs::read(again.join(e.file_name())).expect("b")
        );
    }

    // A changed source paragraph makes its translation stale, and only that one.
    let lesson = course.join("lessons/01-blocks.md");
    let md = std::fs::read_to_string(&lesson)
        .expect("lesson")
        .replace("First tab.", "First tab, rewritten.");
    std::fs::write(&lesson, md).expect("write");
    let (code, out, _) = run(&["i18n", "extract", &c]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 to review"), "{out}");
    let catalog = format
        .read(&std::fs::read_to_string(&file).expect("file"), "t")
        .expect("read");
    let stale: Vec<&str> = catalog
        .entries
        .iter()
        .filter(|e| e.state == State::NeedsReview)
        .map(|e| e.key.as_str())
        .collect();
    assert_eq!(stale, vec!["first/1/p1"]);
    let kept = catalog
        .entries
        .iter()
        .find(|e| e.key == "first/1/p1")
        .and_then(|e| e.target.clone());
    assert_eq!(
        kept.as_deref(),
        Some("FR First tab."),
        "the old translation is kept for review"
    );
    let (code, out, _) = run(&["build", &c, "--lang", "fr", "--out", &d]);
    assert_eq!(code, 0);
    assert!(
        out.contains("the `fr` translation of `first/1/p1`"),
        "warning names the segment: {out}"
    );
    let (code, out, _) = run(&["build", &c, "--lang", "fr", "--out", &d, "--strict"]);
    assert_eq!(code, 1, "{out}");
    if format == FileFormat::Po {
        // gettext's way of showing what changed: the previous source beside the fuzzy entry.
        let po = std::fs::read_to_string(&file).expect("po");
        assert!(
            po.contains("#, fuzzy\n#| msgctxt \"first/1/p1\"\n#| msgid \"First tab.\"\nmsgctxt \"first/1/p1\"\nmsgid \"First tab, rewritten.\"\nmsgstr \"FR First tab.\"\n"),
            "{po}"
        );
        // The warning points at the entry's own line of the file.
        let line = po
            .lines()
            .position(|l| l == "msgctxt \"first/1/p1\"")
            .expect("entry")
            + 1;
        let (_, out, _) = run(&[
            "build",
            &c,
            "--lang",
            "fr",
            "--out",
            &d,
            "--message-format",
            "short",
        ]);
        assert!(
            out.contains(&format!(
                "translations/fr.po:{line}:1: warning: the `fr` translation of `first/1/p1`"
            )),
            "{out}"
        );
    }
}

#[test]
fn xliff_round_trip() {
    round_trip(FileFormat::Xliff);
}

#[test]
fn po_round_trip() {
    round_trip(FileFormat::Po);
}

#[test]
fn broken_markup_and_malformed_files_are_errors_with_a_location() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = bilingual_course(tmp.path());
    let c = course.display().to_string();
    assert_eq!(run(&["i18n", "extract", &c]).0, 0);
    let file = course.join("translations/fr.xlf");
    let text = std::fs::read_to_string(&file).expect("xlf");
    let mut catalog = FileFormat::Xliff.read(&text, "t").expect("read");
    for e in &mut catalog.entries {
        e.target = Some(
            e.source
                .replace("**key point**", "**point clé")
                .replace("](../images/square.svg)", "](../images/autre.svg)")
                .replace("an accordion", "un accordéon, le bloc à panneaux"),
        );
        e.state = State::Translated;
    }
    std::fs::write(&file, FileFormat::Xliff.write(&catalog)).expect("write");
    let dist = tmp.path().join("dist");
    let (code, out, err) = run(&[
        "build",
        &c,
        "--lang",
        "fr",
        "--out",
        &dist.display().to_string(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("translations/fr.xlf:"),
        "names the file and line: {out}"
    );
    assert!(
        out.contains("breaks its markup: strong (**…**): 1 in the source, 0 in the translation"),
        "{out}"
    );
    assert!(
        out.contains("image ../images/square.svg: 1 in the source, 0 in the translation"),
        "{out}"
    );
    assert!(
        out.contains("the translation of `q-fill-in/accepted2` has 32 characters; the fill-in question accepts at most 20"),
        "a translated answer must still fit what a learner may type: {out}"
    );
    assert!(
        !dist.join("every-block-fr-scorm12.zip").exists(),
        "no package for a broken translation"
    );

    std::fs::write(
        &file,
        "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\">\n<file>\n",
    )
    .expect("write");
    let (code, out, err) = run(&[
        "build",
        &c,
        "--lang",
        "all",
        "--out",
        &dist.display().to_string(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("translations/fr.xlf:"), "{out}");
    assert!(
        dist.join("every-block-en-scorm12.zip").exists(),
        "one failing language does not stop the others"
    );
    assert!(!dist.join("every-block-fr-scorm12.zip").exists());

    std::fs::write(&file, b"\xff\xfe garbage").expect("write");
    let (code, ..) = run(&["i18n", "status", &c]);
    assert_eq!(code, 1);
}

#[test]
fn missing_translations_warn_and_strict_refuses() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = bilingual_course(tmp.path());
    let c = course.display().to_string();
    let d = tmp.path().join("dist").display().to_string();
    // A listed language without a translation file is an error naming the file and the command.
    let (code, out, _) = run(&[
        "build",
        &c,
        "--lang",
        "all",
        "--format",
        "xapi",
        "--out",
        &d,
        "--message-format",
        "short",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("course.toml:4:1: error: `fr` is one of the course's languages but has no translation file (`translations/fr.xlf` or `translations/fr.po`)"),
        "{out}"
    );
    let (_, human, _) = run(&["build", &c, "--lang", "fr", "--out", &d]);
    assert!(
        human.contains("run `coursepack i18n extract --lang fr`"),
        "{human}"
    );
    // `check` says it too, before any build.
    let (code, checked, _) = run(&["check", &c, "--message-format", "short"]);
    assert_eq!(code, 1, "{checked}");
    assert!(
        checked.contains("course.toml:4:1: error: `fr` is one of the course's languages but has no translation file"),
        "{checked}"
    );
    // The batch table names the format that was asked for, not `all`.
    assert!(
        out.lines().any(
            |l| l.split_whitespace().collect::<Vec<_>>()[..].starts_with(&[
                "fr",
                "xapi",
                "-",
                "failed:",
                "its",
                "translation",
                "has",
                "errors"
            ])
        ),
        "{out}"
    );
    assert!(!out.contains(" all "), "{out}");
    assert!(
        tmp.path().join("dist/every-block-en-xapi.zip").exists(),
        "the other languages are built"
    );
    assert_eq!(run(&["i18n", "extract", &c]).0, 0);
    let (code, out, _) = run(&["build", &c, "--lang", "fr", "--out", &d]);
    assert_eq!(
        code, 0,
        "untranslated segments fall back to the source with warnings: {out}"
    );
    assert!(
        out.contains("warning: no `fr` translation for `course/title`"),
        "{out}"
    );
    // The first five one by one, the rest in one line with the count.
    assert_eq!(
        out.matches("warning: no `fr` translation for").count(),
        5,
        "{out}"
    );
    let rest = out
        .lines()
        .find(|l| l.contains("more segments have no `fr` translation, the first of them"))
        .unwrap_or_else(|| panic!("a line for the rest: {out}"));
    let more: usize = rest
        .trim_start_matches("warning: ")
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{rest}"));
    assert!(rest.ends_with(&format!("({} in all)", more + 5)), "{rest}");
    assert!(
        !out.contains("interface string"),
        "French interface strings come with coursepack: {out}"
    );
    let (code, ..) = run(&["build", &c, "--lang", "fr", "--out", &d, "--strict"]);
    assert_eq!(code, 1);
    let (code, _, err) = run(&["build", &c, "--lang", "de", "--out", &d]);
    assert_eq!(code, 2);
    assert!(
        err.contains("`de` is not one of the course's languages"),
        "{err}"
    );
}

#[test]
fn batch_summary_as_json_and_language_image_variants() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = bilingual_course(tmp.path());
    std::fs::write(
        course.join("images/square.fr.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>carré</title></svg>",
    )
    .expect("w");
    let c = course.display().to_string();
    assert_eq!(run(&["i18n", "extract", &c]).0, 0);
    let dist = tmp.path().join("dist");
    let (code, out, _) = run(&[
        "build",
        &c,
        "--lang",
        "all",
        "--format",
        "all",
        "--summary",
        "json",
        "--out",
        &dist.display().to_string(),
    ]);
    assert_eq!(code, 0, "{out}");
    let start = out.find("{\n").expect("json");
    let doc: serde_json::Value = serde_json::from_str(&out[start..]).expect("JSON summary");
    let packages = doc["packages"].as_array().expect("packages");
    assert_eq!(packages.len(), 8, "2 languages × 4 formats");
    for p in packages {
        assert_eq!(p["sha256"].as_str().map(str::len), Some(64));
        assert!(p["size"].as_u64().unwrap_or(0) > 1000);
    }
    let fr_svg = zip_file(
        &dist.join("every-block-fr-scorm12.zip"),
        "media/images/square.svg",
    );
    let en_svg = zip_file(
        &dist.join("every-block-en-scorm12.zip"),
        "media/images/square.svg",
    );
    assert!(
        fr_svg.contains("carré"),
        "the French variant replaces the image"
    );
    assert!(
        !en_svg.contains("carré"),
        "other languages keep the source image"
    );
}

#[test]
fn the_example_course_reports_the_same_ids_in_every_language() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path().display().to_string();
    let (code, out, err) = run(&[
        "build", "course", "--lang", "all", "--format", "all", "--strict", "--out", &d,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    for format in ["scorm12", "xapi"] {
        let page = |lang: &str| {
            zip_file(
                &tmp.path()
                    .join(format!("presentation-ia-generative-{lang}-{format}.zip")),
                "index.html",
            )
        };
        let (fr, en) = (page("fr"), page("en"));
        assert!(en.contains("<html lang=\"en\""));
        assert_eq!(
            tracking_plan(&fr),
            tracking_plan(&en),
            "{format}: same ids in French and English"
        );
    }
}

#[test]
fn a_course_can_add_a_ui_language_coursepack_lacks() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = tmp.path().join("course");
    crate::copy_dir(&fixture("valid/every-block"), &course);
    let toml = std::fs::read_to_string(course.join("course.toml")).expect("toml");
    std::fs::write(
        course.join("course.toml"),
        toml.replace("language = \"en\"", "language = \"de\""),
    )
    .expect("w");
    std::fs::create_dir_all(course.join("templates/strings")).expect("mkdir");
    // A partial file: the keys it lacks fall back to English.
    std::fs::write(
        course.join("templates/strings/de.json"),
        "{\"next\": \"Weiter\", \"previous\": \"Zurück\"}",
    )
    .expect("w");
    let d = tmp.path().join("dist");
    let (code, out, err) = run(&[
        "build",
        &course.display().to_string(),
        "--out",
        &d.display().to_string(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let page = zip_file(&d.join("every-block-de-scorm12.zip"), "index.html");
    assert!(
        page.contains(">Weiter</button>") && page.contains(">Zurück</button>"),
        "German strings used"
    );
    assert!(
        page.contains("Check my answer"),
        "missing keys fall back to English"
    );
}

#[test]
fn import_checks_a_returned_file_and_merges_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = bilingual_course(tmp.path());
    let c = course.display().to_string();
    assert_eq!(run(&["i18n", "extract", &c, "--file-format", "po"]).0, 0);
    let ours = course.join("translations/fr.po");
    let before = std::fs::read(&ours).expect("po");

    // The agency sends back XLIFF under its own name.
    let returned = tmp.path().join("ACME-delivery-fr-final.xlf");
    let po = FileFormat::Po
        .read(&String::from_utf8_lossy(&before), "t")
        .expect("read");
    std::fs::write(&returned, FileFormat::Xliff.write(&po)).expect("w");
    fill(&returned, FileFormat::Xliff);

    // A broken copy is refused and changes nothing: its translation lost the tag that ends the
    // strong emphasis (the error names the unit's target, line and column).
    let broken = tmp.path().join("broken.xlf");
    let text = std::fs::read_to_string(&returned).expect("xlf");
    let (line, target) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(">FR The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point"))
        .expect("the translated unit");
    let column = target.find("<target").expect("target") + 1;
    let text = text.replace(
        ">FR The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point<ept id=\"1\">**</ept>",
        ">FR The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point",
    );
    std::fs::write(&broken, text).expect("w");
    let (code, out, err) = run(&["i18n", "import", &broken.display().to_string(), &c]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("error: the translation of `blocks/5/1/p1` lacks <ept id=\"1\"> (the end of a strong emphasis: `**`)"),
        "{out}"
    );
    assert!(
        out.contains(&format!("broken.xlf:{}:{column}\n", line + 1)),
        "at the target's own line and column: {out}"
    );
    assert!(err.contains("not imported; nothing was written"));
    assert_eq!(std::fs::read(&ours).expect("po"), before);

    let (code, out, err) = run(&["i18n", "import", &returned.display().to_string(), &c]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("translations/fr.po"),
        "keeps the course's format: {out}"
    );
    let (_, status, _) = run(&["i18n", "status", &c, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&status).expect("JSON");
    assert_eq!(doc["languages"][0]["missing"], 0, "{status}");

    // A file for another course is refused.
    let other = tmp.path().join("other.xlf");
    let mut catalog = FileFormat::Xliff
        .read(&std::fs::read_to_string(&returned).expect("r"), "t")
        .expect("read");
    catalog.course = "https://elsewhere.example/c".into();
    std::fs::write(&other, FileFormat::Xliff.write(&catalog)).expect("w");
    let (code, out, _) = run(&["i18n", "import", &other.display().to_string(), &c]);
    assert_eq!(code, 1);
    assert!(
        out.contains("translates course `https://elsewhere.example/c`"),
        "{out}"
    );
}

/// The every-block fixture (English) with French and German as target languages.
fn trilingual_course(dir: &Path) -> PathBuf {
    let course = bilingual_course(dir);
    let toml = std::fs::read_to_string(course.join("course.toml")).expect("toml");
    std::fs::write(
        course.join("course.toml"),
        toml.replace(
            "languages = [\"en\", \"fr\"]",
            "languages = [\"en\", \"fr\", \"de\"]",
        ),
    )
    .expect("write");
    course
}

/// The English interface strings a page may show (the names of strings that are no page text
/// left out), longest first.
fn english_interface() -> Vec<String> {
    let en: std::collections::BTreeMap<String, String> = serde_json::from_str(
        &std::fs::read_to_string(crate::root().join("templates/strings/en.json")).expect("en"),
    )
    .expect("JSON");
    let mut values: Vec<String> = en
        .into_iter()
        .filter(|(k, _)| k != "languageName")
        .flat_map(|(_, v)| {
            // The words around placeholders: "Attempt {k} of {n}" shows "Attempt " and " of ".
            v.split(['{', '}'])
                .step_by(2)
                .map(str::trim)
                .filter(|w| w.len() > 3)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values.dedup();
    values
}

#[test]
fn interface_strings_are_extracted_warned_about_and_translated() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = trilingual_course(tmp.path());
    let c = course.display().to_string();
    // The course's own German strings file pre-fills the German interface.
    std::fs::create_dir_all(course.join("templates/strings")).expect("mkdir");
    std::fs::write(
        course.join("templates/strings/de.json"),
        "{\n  \"next\": \"Weiter\",\n  \"previous\": \"Zurück\"\n}\n",
    )
    .expect("w");
    let (code, out, _) = run(&["i18n", "extract", &c, "--file-format", "po"]);
    assert_eq!(code, 0, "{out}");
    let read = |lang: &str| {
        let path = course.join(format!("translations/{lang}.po"));
        FileFormat::Po
            .read(&std::fs::read_to_string(&path).expect("po"), "t")
            .expect("read")
    };
    let (fr, de) = (read("fr"), read("de"));
    let interface =
        |c: &coursepack::i18n::catalog::Catalog| -> Vec<coursepack::i18n::catalog::Entry> {
            c.entries
                .iter()
                .filter(|e| e.key.starts_with("interface:"))
                .cloned()
                .collect()
        };
    let (fr_ui, de_ui) = (interface(&fr), interface(&de));
    assert_eq!(
        fr_ui.len(),
        english_strings_count() - 1,
        "every interface string but languageName"
    );
    assert_eq!(fr_ui.len(), de_ui.len());
    assert!(
        fr_ui
            .iter()
            .all(|e| e.state == State::Translated && e.target.is_some()),
        "French comes pre-filled from coursepack's strings"
    );
    let submit = fr_ui
        .iter()
        .find(|e| e.key == "interface:submit")
        .expect("submit");
    assert_eq!(
        (
            submit.source.as_str(),
            submit.target.as_deref(),
            submit.location.as_str()
        ),
        (
            "Check my answer",
            Some("Valider ma réponse"),
            "templates/strings/en.json:9"
        )
    );
    let translated: Vec<&str> = de_ui
        .iter()
        .filter(|e| e.target.is_some())
        .map(|e| e.key.as_str())
        .collect();
    assert_eq!(
        translated,
        ["interface:next", "interface:previous"],
        "from the course's de.json"
    );
    assert!(
        !fr.entries.iter().any(|e| e.key == "interface:languageName"),
        "the name of a language is no page text"
    );

    // Untranslated interface strings warn at their own line, and --strict refuses them.
    let po = std::fs::read_to_string(course.join("translations/de.po")).expect("po");
    let line = po
        .lines()
        .position(|l| l == "msgctxt \"interface:submit\"")
        .expect("the unit")
        + 1;
    let d = tmp.path().join("dist").display().to_string();
    // (`--verbose`: each one, not the first five and a count.)
    let (code, out, _) = run(&[
        "build",
        &c,
        "--lang",
        "de",
        "--out",
        &d,
        "--message-format",
        "short",
        "--verbose",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "translations/de.po:{line}:1: warning: no `de` translation for the interface string `submit` (templates/strings/en.json:9)"
        )),
        "{out}"
    );
    let (code, ..) = run(&["build", &c, "--lang", "de", "--out", &d, "--strict"]);
    assert_eq!(code, 1);

    // Translated (in capitals, so that no English word is left), the German page shows no
    // English interface text anywhere; a translation that drops a placeholder is refused.
    let mut catalog = read("de");
    for e in &mut catalog.entries {
        e.target = Some(shout(&e.source));
        e.state = State::Translated;
    }
    let de_path = course.join("translations/de.po");
    std::fs::write(&de_path, FileFormat::Po.write(&catalog)).expect("w");
    let (code, out, _) = run(&[
        "build", &c, "--lang", "de", "--format", "all", "--out", &d, "--strict",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("translates the interface string `next` as “NEXT”, `templates/strings/de.json` as “Weiter”: the translation file wins"),
        "{out}"
    );
    for zip in ["every-block-de-scorm12.zip", "every-block-de-xapi.zip"] {
        let page = zip_file(&tmp.path().join("dist").join(zip), "index.html");
        assert!(page.contains(">CHECK MY ANSWER</button>"), "{zip}");
        let shown = shown_text(&page);
        let left: Vec<String> = english_interface()
            .into_iter()
            .filter(|v| shown.iter().any(|t| t.contains(v.as_str())))
            .collect();
        assert!(left.is_empty(), "{zip}: English interface text {left:?}");
        // And the strings the runtime will show (in the page's data) are all German too.
        let data = page_data(&page);
        let strings = data["strings"].as_object().expect("strings");
        let english: Vec<&String> = strings
            .iter()
            .filter(|(k, v)| {
                *k != "languageName" && v.as_str() != Some(shout(v.as_str().unwrap_or("")).as_str())
            })
            .map(|(k, _)| k)
            .collect();
        assert!(
            english.is_empty(),
            "{zip}: untranslated runtime strings {english:?}"
        );
    }
    let text = std::fs::read_to_string(&de_path).expect("po");
    std::fs::write(
        &de_path,
        text.replace("msgstr \"{k} OF {n}\"", "msgstr \"{K} VON {n}\""),
    )
    .expect("w");
    let (code, out, _) = run(&["build", &c, "--lang", "de", "--out", &d]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("the translation of the interface string `slideOf` changes its placeholders: {k}: 1 in the source, 0 in the translation; {K}: 0 in the source, 1 in the translation"),
        "{out}"
    );
}

#[test]
fn add_lists_the_language_and_writes_its_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = tmp.path().join("course");
    crate::copy_dir(&fixture("valid/every-block"), &course);
    let toml_path = course.join("course.toml");
    let toml = std::fs::read_to_string(&toml_path).expect("toml");
    let commented = toml.replace("language = \"en\"\n", "language = \"en\" # the source\n");
    std::fs::write(&toml_path, &commented).expect("w");
    let c = course.display().to_string();
    // Two languages at once: the second is no course folder, and the message says so. A
    // missing folder whose name is a well-formed tag but no language (`courses`) is only missing.
    let add_in = |dir: &Path, args: [&str; 2]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_coursepack"))
            .args(["i18n", "add"])
            .args(args)
            .current_dir(dir)
            .output()
            .expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, said) = add_in(&course, ["ar", "de"]);
    assert_eq!(code, Some(2));
    assert!(
        said.contains("`i18n add` takes one language at a time; run `coursepack i18n add ar`, then `coursepack i18n add de`"),
        "{said}"
    );
    let (code, said) = add_in(tmp.path(), ["ar", "courses"]);
    assert_eq!(code, Some(2));
    assert!(
        said.contains("cannot open course folder `courses`"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(&toml_path).expect("toml"),
        commented
    );
    let (code, out, _) = run(&["i18n", "add", "ar", &c, "--file-format", "po"]);
    assert_eq!(code, 0, "{out}");
    let after = std::fs::read_to_string(&toml_path).expect("toml");
    assert!(
        after.contains("language = \"en\" # the source\n"),
        "{after}"
    );
    assert!(after.contains("languages = [\"en\", \"ar\"]\n"), "{after}");
    assert_eq!(
        after.replace("languages = [\"en\", \"ar\"]\n", ""),
        commented,
        "nothing else changes"
    );
    let po = std::fs::read_to_string(course.join("translations/ar.po")).expect("ar.po");
    assert!(po.contains("\"Language: ar\\n\""));
    assert!(
        po.contains(
            "msgctxt \"interface:submit\"\nmsgid \"Check my answer\"\nmsgstr \"تحقّق من إجابتي\"\n"
        ),
        "Arabic interface strings pre-filled"
    );
    let (code, out, _) = run(&["i18n", "add", "de", &c]);
    assert_eq!(code, 0, "{out}");
    assert!(std::fs::read_to_string(&toml_path)
        .expect("toml")
        .contains("languages = [\"en\", \"ar\", \"de\"]\n"));
    assert!(course.join("translations/de.xlf").exists());
    let (code, _, err) = run(&["i18n", "add", "de", &c]);
    assert_eq!(code, 1);
    assert!(
        err.contains("`de` already has its translation file `translations/de.xlf`"),
        "{err}"
    );
    let (code, _, err) = run(&["i18n", "add", "en", &c]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["i18n", "add", "not a tag", &c]);
    assert_eq!(code, 2, "{err}");
    // Both new languages now build (untranslated text warns).
    let d = tmp.path().join("dist").display().to_string();
    let (code, out, _) = run(&["build", &c, "--lang", "all", "--out", &d]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn extract_template_writes_a_gettext_template() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = bilingual_course(tmp.path());
    let c = course.display().to_string();
    let out = crate::coursepack_env(
        &["i18n", "extract", &c, "--template"],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    assert!(out.status.success(), "{out:?}");
    let pot = std::fs::read_to_string(course.join("translations/course.pot")).expect("pot");
    assert!(
        pot.starts_with("# Translation template of the course https://courses.example.com/every-block.\n#, fuzzy\nmsgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: https://courses.example.com/every-block\\n\"\n\"Report-Msgid-Bugs-To: \\n\"\n\"POT-Creation-Date: 2023-11-14 22:13+0000\\n\"\n\"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n\"\n"),
        "{pot}"
    );
    assert!(pot.contains("\"Language: \\n\""));
    assert!(pot.contains("msgctxt \"course/title\"\nmsgid \"Fixture every-block\"\nmsgstr \"\"\n"));
    assert!(pot.contains("msgctxt \"interface:submit\"\nmsgid \"Check my answer\"\nmsgstr \"\"\n"));
    assert!(
        !pot.contains("msgstr \"Valider"),
        "a template has no translations"
    );
    // Without SOURCE_DATE_EPOCH the date is empty, never the clock: the same file twice.
    let (code, ..) = run(&["i18n", "extract", &c, "--template"]);
    assert_eq!(code, 0);
    let first = std::fs::read(course.join("translations/course.pot")).expect("pot");
    assert!(String::from_utf8_lossy(&first).contains("\"POT-Creation-Date: \\n\""));
    run(&["i18n", "extract", &c, "--template"]);
    assert_eq!(
        std::fs::read(course.join("translations/course.pot")).expect("pot"),
        first
    );
}

/// How many strings coursepack's English strings file has.
fn english_strings_count() -> usize {
    serde_json::from_str::<std::collections::BTreeMap<String, String>>(
        &std::fs::read_to_string(crate::root().join("templates/strings/en.json")).expect("en"),
    )
    .expect("JSON")
    .len()
}

/// What a page shows a learner: its text (outside scripts and styles) and the attributes that
/// assistive technologies read out or that appear as tooltips and placeholders.
fn shown_text(html: &str) -> Vec<String> {
    use html5gum::{DefaultEmitter, Token, Tokenizer};
    const SHOWN: &[&str] = &[
        "aria-label",
        "aria-roledescription",
        "aria-valuetext",
        "aria-description",
        "title",
        "alt",
        "placeholder",
        "value",
    ];
    let mut emitter = DefaultEmitter::<()>::default();
    emitter.naively_switch_states(true);
    let mut out = Vec::new();
    let mut hidden = false;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                hidden = (name == "script" || name == "style") && !tag.self_closing;
                for (attr, value) in &tag.attributes {
                    if SHOWN.contains(&String::from_utf8_lossy(attr).as_ref()) {
                        out.push(String::from_utf8_lossy(value).into_owned());
                    }
                }
            }
            Token::EndTag(_) => hidden = false,
            Token::String(s) if !hidden => out.push(String::from_utf8_lossy(&s).into_owned()),
            _ => {}
        }
    }
    out
}

/// An XLIFF document with each unit's `<source>` copied into a translated `<target>`, as a
/// translation tool's "copy source to target" does: inline tags included, untouched.
fn copy_sources_to_targets(xliff: &str) -> String {
    // A unit's own source is indented by 8 spaces (an alt-trans one deeper); it may span lines.
    const OPEN: &str = "\n        <source>";
    let mut out = String::new();
    let mut rest = xliff;
    while let Some(start) = rest.find(OPEN) {
        let inner_start = start + OPEN.len();
        let inner_end = inner_start + rest[inner_start..].find("</source>").expect("end");
        let end = inner_end + "</source>".len();
        out.push_str(&rest[..end]);
        out.push_str(&format!(
            "\n        <target state=\"translated\">{}</target>",
            &rest[inner_start..inner_end]
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The line and column of a unit's `<trans-unit>` in an XLIFF document.
fn unit_position(xliff: &str, key: &str) -> (usize, usize) {
    let tag = format!("<trans-unit id=\"{key}\"");
    xliff
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(&tag).map(|c| (i + 1, c + 1)))
        .unwrap_or_else(|| panic!("no unit {key}"))
}

/// Extract → a tool copies every source into its target, tags and all → import: every segment's
/// translation is its source, byte for byte, and the localized course has the source's segments.
fn copied_sources_round_trip(course_dir: &Path, lang: &str) {
    let c = course_dir.display().to_string();
    let _ = std::fs::remove_dir_all(course_dir.join("translations"));
    let (code, out, err) = run(&["i18n", "extract", &c, "--file-format", "xliff"]);
    assert_eq!(code, 0, "{out}{err}");
    let file = course_dir.join(format!("translations/{lang}.xlf"));
    let extracted = std::fs::read_to_string(&file).expect("xlf");
    assert!(
        extracted.contains("<bpt id=\"1\""),
        "markup travels as tags"
    );
    let returned = course_dir.join("returned.xlf");
    std::fs::write(&returned, copy_sources_to_targets(&extracted)).expect("w");
    let (code, out, err) = run(&["i18n", "import", &returned.display().to_string(), &c]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("warning"), "{out}");
    let text = std::fs::read_to_string(&file).expect("xlf");
    let catalog = FileFormat::Xliff.read(&text, "t").expect("read");
    let fs = coursepack::source::fs::DiskFs::new(course_dir).expect("course");
    let course = coursepack::load(&fs).expect("load").course.expect("valid");
    let segments = coursepack::i18n::segments::course_segments(&course);
    // The course's own segments; the interface strings' group follows them.
    let entries: Vec<_> = catalog
        .entries
        .iter()
        .filter(|e| !e.key.starts_with("interface:"))
        .collect();
    assert_eq!(entries.len(), segments.len());
    for (entry, (segment, _)) in entries.iter().zip(&segments) {
        assert_eq!(entry.key, segment.key);
        assert_eq!(entry.state, State::Translated, "{}", entry.key);
        assert_eq!(
            entry.target.as_deref(),
            Some(segment.source.as_str()),
            "{}",
            entry.key
        );
    }
    let mut diags = coursepack::diag::Diagnostics::new();
    let theme = coursepack::render::Theme::load(&fs, &course.meta.languages).expect("theme");
    let sources = coursepack::i18n::SourceSegments::of(&course, &theme);
    let localized = coursepack::i18n::translated_course(
        &sources, &course, &theme, &fs, lang, STRICT, &mut diags,
    )
    .expect("translated");
    assert!(diags.is_empty(), "{diags:?}");
    let again = coursepack::i18n::segments::course_segments(&localized);
    let texts = |s: &[(coursepack::i18n::segments::Segment, _)]| -> Vec<String> {
        s.iter().map(|(seg, _)| seg.source.clone()).collect()
    };
    assert_eq!(texts(&again), texts(&segments));
}

#[test]
fn inline_markup_round_trips_exactly_through_xliff_tags() {
    let tmp = tempfile::tempdir().expect("tmp");
    let nasty = tmp.path().join("nasty");
    crate::copy_dir(&fixture("valid/i18n-markup"), &nasty);
    copied_sources_round_trip(&nasty, "fr");
    let example = tmp.path().join("example");
    crate::copy_dir(&crate::root().join("course"), &example);
    copied_sources_round_trip(&example, "en");

    // The translated page renders the markup as the source's does: a hard line break included.
    let dist = tmp.path().join("dist");
    let (code, out, err) = run(&[
        "build",
        &nasty.display().to_string(),
        "--lang",
        "all",
        "--strict",
        "--out",
        &dist.display().to_string(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    // The course's paragraphs (the interface strings around them differ by language), white
    // space collapsed: a soft line break is a space.
    let paragraphs = |lang: &str| -> Vec<String> {
        let html = zip_file(
            &dist.join(format!("i18n-markup-{lang}-scorm12.zip")),
            "index.html",
        );
        html.split("<p>")
            .skip(1)
            .map(|p| {
                p[..p.find("</p>").expect("end")]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let (en, fr) = (paragraphs("en"), paragraphs("fr"));
    assert!(
        en.iter().any(|p| p.contains("and a hard<br /> break.")),
        "{en:?}"
    );
    assert_eq!(fr, en, "the same markup in both languages");

    // What a translator sees: every kind of markup locked in a tag, link and image targets
    // inside tags, titles and alt texts translatable.
    let xliff = std::fs::read_to_string(nasty.join("translations/fr.xlf")).expect("xlf");
    for expected in [
        "<bpt id=\"1\" ctype=\"bold\">**</bpt>Bold <bpt id=\"2\" ctype=\"italic\">*</bpt>nested<ept id=\"2\">*</ept> bold<ept id=\"1\">**</ept>",
        "<bpt id=\"1\" ctype=\"x-code\">`</bpt>a * b ** c _d_<ept id=\"1\">`</ept>",
        "<bpt id=\"1\" ctype=\"link\">[</bpt>the <bpt id=\"2\" ctype=\"italic\">*</bpt>next<ept id=\"2\">*</ept> lesson<ept id=\"1\">](02-more.md \"<sub>The next lesson, with \\\"quotes\\\"</sub>\")</ept>",
        "<ph id=\"1\" ctype=\"x-autolink\">&lt;https://example.com/path?x=1&amp;y=2&gt;</ph>",
        "<bpt id=\"1\" ctype=\"x-image\">![</bpt>a chart with <bpt id=\"2\" ctype=\"bold\">**</bpt>bold<ept id=\"2\">**</ept> words<ept id=\"1\">](../images/chart.svg \"<sub>Chart title</sub>\"){width=320}</ept>",
        "<ph id=\"3\" ctype=\"image\">![decorative](../images/chart.svg){width=50%}</ph>",
        "Escaped characters \\* \\_ \\` \\[ \\] \\\\ and entities &amp;amp; &amp;lt;tag&amp;gt; &amp;copy;",
        "<ph id=\"3\" ctype=\"x-html\">&lt;span lang=\"la\"&gt;</ph>lorem<ph id=\"4\" ctype=\"x-html\">&lt;/span&gt;</ph>",
        "<ph id=\"6\" ctype=\"x-footnote-reference\">[^1]</ph>",
        "<bpt id=\"2\" ctype=\"link\">[</bpt>reference link<ept id=\"2\">][ref]</ept>",
    ] {
        assert!(xliff.contains(expected), "{expected}\nin\n{xliff}");
    }
}

#[test]
fn a_changed_unit_carries_its_previous_version_until_it_is_reviewed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = bilingual_course(tmp.path());
    let c = course.display().to_string();
    assert_eq!(run(&["i18n", "extract", &c]).0, 0);
    let file = course.join("translations/fr.xlf");
    fill(&file, FileFormat::Xliff);
    let lesson = course.join("lessons/01-blocks.md");
    let md = std::fs::read_to_string(&lesson).expect("lesson");
    std::fs::write(
        &lesson,
        md.replace("The **key point**.", "The **key point**, rewritten."),
    )
    .expect("w");

    let (code, out, _) = run(&["i18n", "extract", &c]);
    assert_eq!(code, 0, "{out}");
    let text = std::fs::read_to_string(&file).expect("xlf");
    let key = "blocks/5/1/p1";
    let unit = &text[text
        .find(&format!("<trans-unit id=\"{key}\""))
        .expect("unit")..];
    let unit = &unit[..unit.find("</trans-unit>").expect("end")];
    assert!(
        unit.contains(concat!(
            "<target state=\"needs-review-translation\">FR The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point<ept id=\"1\">**</ept>.</target>\n",
            "        <alt-trans alttranstype=\"previous-version\" origin=\"previous\" match-quality=\"50\">\n",
            "          <source>The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point<ept id=\"1\">**</ept>.</source>\n",
            "          <target>FR The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point<ept id=\"1\">**</ept>.</target>\n",
            "        </alt-trans>"
        )),
        "{unit}"
    );
    // The build warns at the unit's own line and column, not at the top of the file.
    let (line, column) = unit_position(&text, key);
    let d = tmp.path().join("dist").display().to_string();
    let (code, out, _) = run(&["build", &c, "--lang", "fr", "--out", &d]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!("translations/fr.xlf:{line}:{column}")),
        "stale warning at {line}:{column}: {out}"
    );

    // Extracting again keeps the previous version; so does importing a file that has it.
    assert_eq!(run(&["i18n", "extract", &c]).0, 0);
    assert_eq!(std::fs::read_to_string(&file).expect("xlf"), text);
    let returned = tmp.path().join("returned.xlf");
    std::fs::write(&returned, &text).expect("w");
    assert_eq!(
        run(&["i18n", "import", &returned.display().to_string(), &c]).0,
        0
    );
    assert_eq!(std::fs::read_to_string(&file).expect("xlf"), text);

    // Once the translator marks it translated, the previous version goes.
    let reviewed = text.replace(
        "<target state=\"needs-review-translation\">FR The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point<ept id=\"1\">**</ept>.</target>",
        "<target state=\"translated\">FR The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point<ept id=\"1\">**</ept>, rewritten.</target>",
    );
    std::fs::write(&returned, reviewed).expect("w");
    assert_eq!(
        run(&["i18n", "import", &returned.display().to_string(), &c]).0,
        0
    );
    let text = std::fs::read_to_string(&file).expect("xlf");
    assert!(!text.contains("<alt-trans"), "{text}");
    assert!(text.contains(
        "FR The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point<ept id=\"1\">**</ept>, rewritten."
    ));
}

#[test]
fn xliff_problems_point_at_their_unit() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = bilingual_course(tmp.path());
    let c = course.display().to_string();
    assert_eq!(run(&["i18n", "extract", &c]).0, 0);
    let file = course.join("translations/fr.xlf");
    let text = std::fs::read_to_string(&file).expect("xlf");
    let d = tmp.path().join("dist").display().to_string();

    // A missing translation: the build warns at the unit (each one with `--verbose`).
    let (line, column) = unit_position(&text, "first/1/p1");
    let (code, out, _) = run(&["build", &c, "--lang", "fr", "--out", &d, "--verbose"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!("translations/fr.xlf:{line}:{column}")),
        "{out}"
    );

    // A unit the course no longer has: a warning at that unit, its translation unused.
    let unit_start = text
        .find("      <trans-unit id=\"first/1/p1\"")
        .expect("unit");
    let gone = text[unit_start..]
        .split_inclusive("</trans-unit>\n")
        .next()
        .expect("unit")
        .replace("first/1/p1", "gone/9/p1");
    let with_gone = format!("{}{gone}{}", &text[..unit_start], &text[unit_start..]);
    std::fs::write(&file, &with_gone).expect("w");
    let (line, column) = unit_position(&with_gone, "gone/9/p1");
    let (code, out, _) = run(&["i18n", "status", &c]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning: `gone/9/p1` is not a segment of the course (any more)")
            && out.contains(&format!("translations/fr.xlf:{line}:{column}")),
        "{out}"
    );
    let returned = tmp.path().join("returned.xlf");
    std::fs::write(&returned, &with_gone).expect("w");
    let (code, out, _) = run(&["i18n", "import", &returned.display().to_string(), &c]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning: `gone/9/p1` is not a segment of the course (any more)")
            && out.contains(&format!("returned.xlf:{line}:{column}")),
        "import warns too: {out}"
    );
    assert!(
        !std::fs::read_to_string(&file)
            .expect("xlf")
            .contains("gone/9/p1"),
        "and drops it"
    );

    // A translation that breaks its markup without tags (a tool flattened them): at the unit.
    let flat = text.replacen(
        "<source>The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point<ept id=\"1\">**</ept>.</source>",
        "<source>The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point<ept id=\"1\">**</ept>.</source><target>Le point clé.</target>",
        1,
    );
    std::fs::write(&file, &flat).expect("w");
    let (line, column) = unit_position(&flat, "blocks/5/1/p1");
    let (code, out, _) = run(&["i18n", "status", &c]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("the translation of `blocks/5/1/p1` breaks its markup: strong (**…**): 1 in the source, 0 in the translation")
            && out.contains(&format!("translations/fr.xlf:{line}:{column}")),
        "{out}"
    );
}

/// `text` as a translation tool may save it: UTF-16 (little-endian, with a byte-order mark),
/// declared so.
fn utf16_document(text: &str) -> Vec<u8> {
    let text = text.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// An XLIFF file is read in the encoding its tool saved it in (UTF-16, a declared single-byte
/// encoding), by a build, by `import` (the course's copy is then UTF-8) and by `extract`; a
/// problem in it is at its line; a file that is in no encoding it declares is an error, and
/// `extract` leaves it as it is instead of writing one without its translations.
#[test]
fn xliff_is_read_in_the_encoding_its_tool_saved_it_in() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = bilingual_course(tmp.path());
    let c = course.display().to_string();
    let dist = tmp.path().join("dist").display().to_string();
    assert_eq!(run(&["i18n", "extract", &c]).0, 0);
    let file = course.join("translations/fr.xlf");
    fill(&file, FileFormat::Xliff);
    let filled = std::fs::read_to_string(&file).expect("xlf");
    let build = || run(&["build", &c, "--lang", "fr", "--out", &dist, "--force"]);
    let page = || {
        zip_file(
            &tmp.path().join("dist/every-block-fr-scorm12.zip"),
            "index.html",
        )
    };

    // UTF-16: built as the UTF-8 file is.
    std::fs::write(&file, utf16_document(&filled)).expect("write");
    let (code, out, _) = build();
    assert_eq!(code, 0, "{out}");
    assert!(
        page().contains("FR The <strong>key point</strong>"),
        "{out}"
    );

    // A problem in a UTF-16 file: at its line and column, the line shown as text.
    let broken = filled.replacen(
        ">FR The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point<ept id=\"1\">**</ept>",
        ">FR The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point",
        1,
    );
    assert_ne!(broken, filled);
    let (line, target) = broken
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(">FR The <bpt id=\"1\" ctype=\"bold\">**</bpt>key point"))
        .expect("the unit");
    let column = target.find("<target").expect("target") + 1;
    std::fs::write(&file, utf16_document(&broken)).expect("write");
    let (code, out, _) = build();
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("translations/fr.xlf:{}:{column}\n", line + 1)),
        "{out}"
    );
    assert!(out.contains(target.trim()), "the line as text: {out}");

    // Declared windows-1252, as older tools write it: its é reaches the page.
    let latin = filled
        .replacen("encoding=\"UTF-8\"", "encoding=\"windows-1252\"", 1)
        .replacen(">FR The <bpt", ">FR Thé <bpt", 1);
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(&latin);
    assert!(!lossy);
    std::fs::write(&file, &bytes).expect("write");
    let (code, out, _) = build();
    assert_eq!(code, 0, "{out}");
    assert!(
        page().contains("FR Thé <strong>key point</strong>"),
        "{out}"
    );

    // The same bytes declared UTF-8 (or not at all): no encoding reads them. The build says
    // where; extract leaves the file as it is.
    let undeclared = latin.replacen("encoding=\"windows-1252\"", "encoding=\"UTF-8\"", 1);
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&undeclared);
    std::fs::write(&file, &bytes).expect("write");
    let (code, out, _) = build();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("is not UTF-8 text"), "{out}");
    let (code, out, err) = run(&["i18n", "extract", &c]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("translations/fr.xlf:"), "{out}");
    assert!(err.contains("not updated"), "{err}");
    assert_eq!(std::fs::read(&file).expect("xlf"), bytes.as_ref());

    // Imported from UTF-16: the course's copy is UTF-8 and extract reads it back unchanged.
    let returned = tmp.path().join("returned-fr.xlf");
    std::fs::write(&returned, utf16_document(&filled)).expect("write");
    let (code, out, _) = run(&["i18n", "import", &returned.display().to_string(), &c]);
    assert_eq!(code, 0, "{out}");
    let imported = std::fs::read_to_string(&file).expect("UTF-8");
    assert!(imported.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    std::fs::write(&file, utf16_document(&imported)).expect("write");
    assert_eq!(run(&["i18n", "extract", &c]).0, 0);
    assert_eq!(std::fs::read_to_string(&file).expect("UTF-8"), imported);
}
