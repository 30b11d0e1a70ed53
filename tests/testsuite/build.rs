//! `coursepack build --format scorm12`: package layout, manifest, determinism, refusals.

use crate::{coursepack_env as coursepack, expect_file, fixture};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;

fn build(course: &Path, out: &Path, envs: &[(&str, &str)]) -> (Output, Option<PathBuf>) {
    let out_s = out.display().to_string();
    let result = coursepack(
        &["build", &course.display().to_string(), "--out", &out_s],
        envs,
    );
    let zip = std::fs::read_dir(out).ok().and_then(|mut d| {
        d.find_map(|e| {
            e.ok()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        })
    });
    (result, zip)
}

fn sha_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.starts_with("sha256 "))
        .unwrap_or_default()
        .to_string()
}

fn entries(zip: &Path) -> Vec<(String, zip::DateTime, Option<u32>, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).expect("zip")).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read");
            (
                f.name().to_string(),
                f.last_modified().unwrap_or_default(),
                f.unix_mode(),
                bytes,
            )
        })
        .collect()
}

fn manifest_of(zip: &Path) -> String {
    let e = entries(zip);
    let m = e
        .iter()
        .find(|(n, ..)| n == "imsmanifest.xml")
        .expect("manifest at the root");
    String::from_utf8(m.3.clone()).expect("utf-8")
}

#[test]
fn two_builds_are_byte_identical_and_the_hash_is_printed() {
    let a = tempfile::tempdir().expect("tmp");
    let b = tempfile::tempdir().expect("tmp");
    let course = crate::root().join("course");
    let (out_a, zip_a) = build(&course, a.path(), &[]);
    let (out_b, zip_b) = build(&course, b.path(), &[]);
    assert_eq!(
        out_a.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out_a.stderr)
    );
    let (zip_a, zip_b) = (zip_a.expect("zip"), zip_b.expect("zip"));
    assert_eq!(
        zip_a.file_name().expect("name"),
        "presentation-ia-generative-fr-scorm12.zip"
    );
    assert_eq!(
        std::fs::read(&zip_a).expect("a"),
        std::fs::read(&zip_b).expect("b")
    );
    let printed = sha_line(&out_a);
    let actual = coursepack::package::zip::hash_file(&zip_a)
        .expect("hash")
        .sha256;
    assert_eq!(printed, format!("sha256 {actual}"));
    assert_eq!(sha_line(&out_a), sha_line(&out_b));
}

#[test]
fn entries_are_sorted_with_fixed_time_and_mode_and_source_date_epoch_is_honoured() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (_, zip) = build(
        &crate::root().join("course"),
        tmp.path(),
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    let list = entries(&zip.expect("zip"));
    let names: Vec<&String> = list.iter().map(|e| &e.0).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    for (name, time, mode, _) in &list {
        // 1700000000 is 2023-11-14 22:13:20 UTC.
        assert_eq!(
            (
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute()
            ),
            (2023, 11, 14, 22, 13),
            "{name}"
        );
        assert_eq!(mode.map(|m| m & 0o777), Some(0o644), "{name}");
    }
    let other = tempfile::tempdir().expect("tmp");
    let (_, zip2) = build(&crate::root().join("course"), other.path(), &[]);
    let t = entries(&zip2.expect("zip"))[0].1;
    assert_eq!(
        (t.year(), t.month(), t.day()),
        (1980, 1, 1),
        "the default timestamp"
    );
}

#[test]
fn the_package_holds_manifest_schemas_page_runtime_and_media() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (out, zip) = build(&fixture("valid/every-block"), tmp.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let zip = zip.expect("zip");
    let names: BTreeSet<String> = entries(&zip).into_iter().map(|e| e.0).collect();
    for expected in [
        "imsmanifest.xml",
        "adlcp_rootv1p2.xsd",
        "ims_xml.xsd",
        "imscp_rootv1p1p2.xsd",
        "imsmd_rootv1p2p1.xsd",
        "index.html",
        "assets/coursepack.js",
        "assets/coursepack.css",
        "media/images/square.svg",
        "media/images/slide.svg",
    ] {
        assert!(
            names.contains(expected),
            "{expected} missing from {names:?}"
        );
    }
    // The control schemas are the official bytes.
    for (name, bytes) in coursepack::package::scorm12::CONTROL_FILES {
        let e = entries(&zip)
            .into_iter()
            .find(|e| e.0 == *name)
            .expect("schema");
        assert_eq!(&e.3[..], *bytes);
        let official =
            std::fs::read(crate::root().join("schemas/scorm12").join(name)).expect("schemas/");
        assert_eq!(e.3, official);
    }
    let manifest = manifest_of(&zip);
    expect_file(&fixture("golden/every-block.imsmanifest.xml"), &manifest);
    check_manifest_rules(&manifest, &names);
}

/// What Moodle's parser and the SCORM 1.2 rules need beyond the schema.
fn check_manifest_rules(manifest: &str, files_in_zip: &BTreeSet<String>) {
    assert!(manifest.contains("<schemaversion>1.2</schemaversion>"));
    assert!(manifest.contains("<schema>ADL SCORM</schema>"));
    assert!(manifest.contains("xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\""));
    assert!(
        manifest.contains("adlcp:scormtype=\"sco\""),
        "the literal adlcp: prefix"
    );
    let attr = |name: &str| -> Vec<String> {
        let pat = format!(" {name}=\"");
        manifest
            .match_indices(&pat)
            .map(|(i, _)| {
                let rest = &manifest[i + pat.len()..];
                rest[..rest.find('"').expect("closing quote")].to_string()
            })
            .collect()
    };
    let ids: Vec<String> = attr("identifier");
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "identifiers are unique: {ids:?}");
    for r in attr("identifierref") {
        assert!(ids.contains(&r), "identifierref {r} resolves");
    }
    let default = attr("default");
    assert!(ids.contains(&default[0]), "organizations/@default resolves");
    let listed: BTreeSet<String> = attr("href").into_iter().collect();
    for f in &listed {
        assert!(files_in_zip.contains(f), "listed file {f} is in the zip");
    }
    for f in files_in_zip {
        let control = f == "imsmanifest.xml" || f.ends_with(".xsd");
        assert!(
            control || listed.contains(f),
            "{f} is in the zip but not listed in the manifest"
        );
    }
}

#[test]
fn one_sco_per_lesson_when_asked() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = tmp.path().join("c");
    crate::copy_dir(&fixture("valid/every-block"), &course);
    let toml = std::fs::read_to_string(course.join("course.toml")).expect("toml");
    std::fs::write(
        course.join("course.toml"),
        format!("{toml}\n[package]\nsco-per-lesson = true\n"),
    )
    .expect("write");
    let out_dir = tmp.path().join("out");
    let (out, zip) = build(&course, &out_dir, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let zip = zip.expect("zip");
    let names: BTreeSet<String> = entries(&zip).into_iter().map(|e| e.0).collect();
    assert!(
        names.contains("lessons/blocks.html") && names.contains("lessons/02-quiz.html"),
        "{names:?}"
    );
    assert!(!names.contains("index.html"));
    let manifest = manifest_of(&zip);
    assert_eq!(
        manifest.matches("adlcp:scormtype=\"sco\"").count(),
        2,
        "one SCO per lesson"
    );
    assert_eq!(manifest.matches("<item ").count(), 2, "one item per SCO");
    assert_eq!(
        manifest.matches("adlcp:masteryscore").count(),
        2,
        "mastery only on the quiz lesson (open+close)"
    );
    expect_file(
        &fixture("golden/every-block-per-lesson.imsmanifest.xml"),
        &manifest,
    );
    check_manifest_rules(&manifest, &names);
    let page = entries(&zip)
        .into_iter()
        .find(|e| e.0 == "lessons/blocks.html")
        .expect("page")
        .3;
    let page = String::from_utf8(page).expect("utf-8");
    assert!(
        page.contains("href=\"../assets/coursepack.css\"")
            && page.contains("src=\"../media/images/square.svg\"")
    );
}

#[test]
fn a_course_with_errors_builds_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (out, zip) = build(
        &fixture("invalid/unknown-directive"),
        &tmp.path().join("out"),
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(zip.is_none());
    assert!(
        !tmp.path().join("out").exists(),
        "not even the output folder"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was built"));
}

#[test]
fn state_that_cannot_fit_suspend_data_is_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = tmp.path().join("big");
    std::fs::create_dir_all(&course).expect("mkdir");
    std::fs::write(course.join("course.toml"), "id = \"https://x.example/big\"\ntitle = \"Big\"\nlanguage = \"en\"\nlessons = [\"a.md\"]\n").expect("w");
    // 6 bits a character: 24,600 slides need 4,100 characters, more than 4,096.
    let mut md = String::from("# Big\n\n::: carousel\n");
    for i in 0..24_600 {
        md.push_str(&format!("## S{i}\n"));
    }
    md.push_str(":::\n");
    std::fs::write(course.join("a.md"), md).expect("w");
    let out_dir = tmp.path().join("out");
    let (out, zip) = build(&course, &out_dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs 4104 characters of cmi.suspend_data, more than SCORM 1.2's 4096"),
        "{err}"
    );
    assert!(err.contains("sco-per-lesson"), "says what to do: {err}");
    assert!(zip.is_none());
    assert!(
        std::fs::read_dir(&out_dir).map(|d| d.count()).unwrap_or(0) == 0,
        "no file left behind"
    );

    // Answers take room too: a fill-in takes 2 + 4 characters per character it allows. Four
    // fill-ins of 250 characters fit (`2.` + 1 + `.` + the quiz's 3 + 4 × 1002 = 4015), one more
    // of 20 does not (+ 82 = 4097); the message names the page, the length, the largest fill-in
    // and what to change.
    let fill_in = |n: usize, max: usize| {
        format!("::: question fill-in {{#q{n} max-length={max}}}\nType it.\n\n- [x] it\n:::\n\n")
    };
    let mut md = String::from("# Quiz\n\n");
    for n in 1..=4 {
        md.push_str(&fill_in(n, 250));
    }
    std::fs::write(course.join("a.md"), &md).expect("w");
    let (out, zip) = build(&course, &out_dir, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "4015 characters fit: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(zip.expect("built")).expect("rm");
    md.push_str(&fill_in(5, 20));
    std::fs::write(course.join("a.md"), &md).expect("w");
    let (out, zip) = build(&course, &out_dir, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "the learner state of `index.html` needs 4097 characters of cmi.suspend_data, more \
             than SCORM 1.2's 4096; to make it fit, lower the `max-length` of fill-in questions \
             (each allowed character takes 4: `q1` alone takes 1002), put fewer questions, tabs, \
             slides or panels on the page, or give each lesson its own page with \
             `sco-per-lesson = true` under [package]"
        ),
        "{err}"
    );
    assert!(zip.is_none());
}

#[test]
fn a_failing_build_leaves_no_partial_zip_and_keeps_the_previous_one() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = tmp.path().join("c");
    crate::copy_dir(&fixture("valid/every-block"), &course);
    let out_dir = tmp.path().join("out");
    let (first, zip) = build(&course, &out_dir, &[]);
    assert_eq!(first.status.code(), Some(0));
    let zip = zip.expect("zip");
    let before = std::fs::read(&zip).expect("zip");
    // Break the theme so the next build fails after the course loaded fine.
    std::fs::create_dir_all(course.join("templates/blocks")).expect("mkdir");
    std::fs::write(
        course.join("templates/blocks/tabs.html"),
        "<div>\n{% for x in %}\n",
    )
    .expect("w");
    let (second, _) = build(&course, &out_dir, &[]);
    assert_eq!(second.status.code(), Some(1));
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains("templates/blocks/tabs.html:2"),
        "names the template and line: {err}"
    );
    let left: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("out")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "coursepack-build.json")
        .collect();
    assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
    assert_eq!(
        std::fs::read(&zip).expect("zip"),
        before,
        "the previous package is untouched"
    );
}

#[test]
fn course_templates_override_the_defaults_file_by_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = tmp.path().join("c");
    crate::copy_dir(&fixture("valid/minimal"), &course);
    let out = coursepack(&["templates", &course.display().to_string()], &[]);
    assert_eq!(out.status.code(), Some(0));
    for (name, content) in coursepack::render::theme::DEFAULT_FILES {
        assert_eq!(
            &std::fs::read_to_string(course.join("templates").join(name)).expect("written"),
            content
        );
    }
    // Edit one file; `templates` again keeps it; the build uses it and the defaults for the rest.
    let page = course.join("templates/page.html");
    let edited = std::fs::read_to_string(&page)
        .expect("page")
        .replace("<body>", "<body data-custom-theme>");
    std::fs::write(&page, &edited).expect("w");
    let again = coursepack(&["templates", &course.display().to_string()], &[]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("kept"));
    assert_eq!(std::fs::read_to_string(&page).expect("page"), edited);
    std::fs::remove_file(course.join("templates/blocks/tabs.html")).expect("rm");
    let (built, zip) = build(&course, &tmp.path().join("out"), &[]);
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let index = entries(&zip.expect("zip"))
        .into_iter()
        .find(|e| e.0 == "index.html")
        .expect("index")
        .3;
    assert!(String::from_utf8_lossy(&index).contains("<body data-custom-theme>"));
    assert!(
        !String::from_utf8_lossy(&built.stdout).contains("warning"),
        "templates/ is not course content"
    );
}

#[test]
fn course_text_is_escaped_in_pages_and_manifest() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = tmp.path().join("c");
    std::fs::create_dir_all(&course).expect("mkdir");
    std::fs::write(
        course.join("course.toml"),
        "id = \"https://x.example/esc\"\ntitle = \"<script>alert('t')</script> & co\"\nlanguage = \"en\"\nlessons = [\"a.md\"]\n",
    )
    .expect("w");
    std::fs::write(
        course.join("a.md"),
        "# Lesson <b>x</b>\n\n::: tabs {label=\"<img src=x onerror=alert(1)>\"}\n## Tab `<i>`\nText &amp; <!-- -->\n:::\n",
    )
    .expect("w");
    let (out, zip) = build(&course, &tmp.path().join("out"), &[]);
    // Raw HTML is refused by check; remove it and build again.
    assert_eq!(out.status.code(), Some(1));
    assert!(zip.is_none());
    std::fs::write(
        course.join("a.md"),
        "# Lesson \\<b\\>x\n\n::: tabs {label=\"<img src=x onerror=alert(1)>\"}\n## Tab `<i>`\nText\n:::\n",
    )
    .expect("w");
    let (out, zip) = build(&course, &tmp.path().join("out"), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let zip = zip.expect("zip");
    let index = String::from_utf8(
        entries(&zip)
            .into_iter()
            .find(|e| e.0 == "index.html")
            .expect("index")
            .3,
    )
    .expect("utf8");
    assert!(!index.contains("<script>alert"), "course title escaped");
    assert!(!index.contains("<img src=x"), "label escaped");
    assert!(!index.contains("<b>x"), "title escaped");
    assert!(index.contains("&lt;i&gt;"), "code escaped");
    let manifest = manifest_of(&zip);
    assert!(
        manifest.contains("<title>&lt;script&gt;alert('t')&lt;/script&gt; &amp; co</title>"),
        "{manifest}"
    );
}

#[test]
fn xapi_package_has_tincan_xml_launching_the_course() {
    let a = tempfile::tempdir().expect("tmp");
    let b = tempfile::tempdir().expect("tmp");
    let course = fixture("valid/every-block").display().to_string();
    let mut zips = Vec::new();
    for out in [a.path(), b.path()] {
        let result = coursepack(
            &[
                "build",
                &course,
                "--format",
                "xapi",
                "--out",
                &out.display().to_string(),
            ],
            &[],
        );
        assert_eq!(
            result.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        let zip = crate::only_zip(out);
        assert_eq!(zip.file_name().expect("name"), "every-block-en-xapi.zip");
        zips.push(zip);
    }
    assert_eq!(
        std::fs::read(&zips[0]).expect("a"),
        std::fs::read(&zips[1]).expect("b"),
        "reproducible"
    );
    let list = entries(&zips[0]);
    let names: BTreeSet<String> = list.iter().map(|e| e.0.clone()).collect();
    assert!(
        names.contains("tincan.xml")
            && names.contains("index.html")
            && names.contains("assets/coursepack.js")
    );
    assert!(!names.contains("imsmanifest.xml") && !names.iter().any(|n| n.ends_with(".xsd")));
    let tincan = String::from_utf8(
        list.iter()
            .find(|e| e.0 == "tincan.xml")
            .expect("tincan")
            .3
            .clone(),
    )
    .expect("utf-8");
    expect_file(&fixture("golden/every-block.tincan.xml"), &tincan);
    assert_eq!(
        tincan.matches("<launch").count(),
        1,
        "one launchable activity"
    );
    let index = String::from_utf8(
        list.iter()
            .find(|e| e.0 == "index.html")
            .expect("index")
            .3
            .clone(),
    )
    .expect("utf-8");
    assert!(index.contains("\"standard\":\"xapi\""));
    assert!(
        index.contains("\"id\":\"https://courses.example.com/every-block/items/first\""),
        "item IRIs from stable ids"
    );
    let checked = coursepack(
        &["validate", "--strict", &zips[0].display().to_string()],
        &[],
    );
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&checked.stdout)
    );
}

/// The runtime file of a package: the core, the navigation and the backend of its own standard
/// only, the code of a block kind or question type only when its course has one (names are
/// shortened: the checks look for properties and strings); a course's
/// `templates/runtime/<part>.js` replaces that part.
#[test]
fn each_package_carries_the_runtime_of_its_standard() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = tmp.path().join("c");
    crate::copy_dir(&fixture("valid/minimal"), &course);
    let runtime_of = |course: &std::path::Path, format: &str, out: &str| {
        let out = tmp.path().join(out);
        let result = coursepack(
            &[
                "build",
                &course.display().to_string(),
                "--format",
                format,
                "--out",
                &out.display().to_string(),
            ],
            &[],
        );
        assert_eq!(result.status.code(), Some(0));
        let zip = crate::only_zip(&out);
        let js = entries(&zip)
            .into_iter()
            .find(|e| e.0 == "assets/coursepack.js")
            .expect("runtime")
            .3;
        String::from_utf8(js).expect("utf-8")
    };
    let scorm = runtime_of(&course, "scorm12", "s");
    let xapi = runtime_of(&course, "xapi", "x");
    let every = runtime_of(&fixture("valid/every-block"), "scorm12", "e");
    for js in [&scorm, &xapi, &every] {
        assert!(js.contains(".start=function"), "the core");
        assert!(js.contains("'data-cp-summary'"), "the navigation");
        assert!(js.trim_end().ends_with(".start();}());"), "started last");
    }
    for (part, text) in [
        ("tabs", "'data-cp-tabs'"),
        ("questions", ".isCorrect=function"),
        ("ordering questions", "'data-cp-move'"),
        ("quizzes", "'[data-cp-quiz-result]'"),
    ] {
        assert!(every.contains(text), "{part} in a course that has them");
        assert!(!scorm.contains(text), "no {part} in a course without them");
    }
    assert!(scorm.contains("'LMSInitialize'") && !scorm.contains("'X-Experience-API-Version'"));
    assert!(xapi.contains("'X-Experience-API-Version'") && !xapi.contains("'LMSInitialize'"));

    std::fs::create_dir_all(course.join("templates/runtime")).expect("mkdir");
    std::fs::write(
        course.join("templates/runtime/scorm12.js"),
        "cp.backend = function scorm12() { var bridge = 'custom LMS bridge'; return null; };\n",
    )
    .expect("w");
    let custom = runtime_of(&course, "scorm12", "s2");
    // Minified too: the override's white space is gone, its code kept.
    assert!(custom.contains("='custom LMS bridge';") && custom.contains(".start=function"));
    // An override in later JavaScript (here an arrow function) leaves the whole script with its
    // names: bigger, never broken.
    std::fs::write(
        course.join("templates/runtime/scorm12.js"),
        "cp.backend = () => null;\n",
    )
    .expect("w");
    let later = runtime_of(&course, "scorm12", "s3");
    assert!(later.contains("cp.backend=()=>null") && later.contains("var doc=document;"));
}
