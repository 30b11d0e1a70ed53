//! `coursepack build --format cmi5`: `cmi5.xml` valid against the cmi5 course structure schema
//! (checked with xmllint, `schemas/cmi5/CourseStructure.xsd`), its AUs and their rules, ids
//! stable across languages, reproducible bytes.

use crate::{coursepack, root};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Builds `course` as cmi5 with `more` arguments; returns the zips by file name.
fn build(course: &Path, out: &Path, more: &[&str]) -> BTreeMap<String, PathBuf> {
    let course = course.display().to_string();
    let out_s = out.display().to_string();
    let mut args = vec!["build", &course, "--format", "cmi5", "--out", &out_s];
    args.extend_from_slice(more);
    let result = coursepack(&args);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    std::fs::read_dir(out)
        .expect("out")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .map(|p| {
            (
                p.file_name().expect("name").to_string_lossy().to_string(),
                p,
            )
        })
        .collect()
}

/// The entries of a zip, by name.
fn entries(zip: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).expect("zip")).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read");
            (f.name().to_string(), bytes)
        })
        .collect()
}

fn cmi5_xml(files: &BTreeMap<String, Vec<u8>>) -> String {
    String::from_utf8(files.get("cmi5.xml").expect("cmi5.xml at the root").clone()).expect("utf-8")
}

/// Nothing without the `oracle` feature: a plain `cargo test` needs no outside tool.
#[cfg(not(feature = "oracle"))]
fn xmllint(_: &str) {}

/// xmllint's verdict on `xml` against the cmi5 course structure schema. An outside oracle:
/// scripts/test.sh installs xmllint and turns the `oracle` feature on, and then a missing
/// xmllint fails the test.
#[cfg(feature = "oracle")]
fn xmllint(xml: &str) {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("cmi5.xml");
    std::fs::write(&file, xml).expect("write");
    let schema = root().join("schemas/cmi5/CourseStructure.xsd");
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&schema)
        .arg(&file)
        .output()
        .expect("xmllint is required (Debian: libxml2-utils)");
    assert!(
        out.status.success(),
        "{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The `<au …>` start tags of a course structure, in order.
fn au_tags(xml: &str) -> Vec<String> {
    xml.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("<au "))
        .map(str::to_string)
        .collect()
}

/// Ids only (`id="…"` attributes), in order.
fn ids(xml: &str) -> Vec<String> {
    xml.split(" id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_example_course_is_one_au_valid_against_the_schema_and_reproducible() {
    let (a, b) = (
        tempfile::tempdir().expect("tmp"),
        tempfile::tempdir().expect("tmp"),
    );
    let first = build(&root().join("course"), a.path(), &[]);
    let second = build(&root().join("course"), b.path(), &[]);
    let name = "presentation-ia-generative-fr-cmi5.zip";
    assert_eq!(
        std::fs::read(&first[name]).expect("a"),
        std::fs::read(&second[name]).expect("b"),
        "same source, same bytes"
    );
    let files = entries(&first[name]);
    assert!(files.contains_key("index.html") && files.contains_key("assets/coursepack.js"));
    assert!(!files.contains_key("imsmanifest.xml") && !files.contains_key("tincan.xml"));
    let xml = cmi5_xml(&files);
    xmllint(&xml);
    assert!(xml
        .contains("<course id=\"https://coursepack.example/courses/presentation-ia-generative\">"));
    assert_eq!(
        au_tags(&xml),
        [
            "<au id=\"https://coursepack.example/courses/presentation-ia-generative/au/course\" \
          moveOn=\"CompletedAndPassed\" masteryScore=\"0.8\" launchMethod=\"AnyWindow\">"
        ],
        "the course requires all pages, all items and the quiz at 80 %"
    );
    assert!(xml.contains("<url>index.html</url>"), "relative AU url");
    assert!(xml.contains("<langstring lang=\"fr\">Présentation de l'IA générative</langstring>"));
    // The page talks cmi5 and carries the activities its statements name.
    let index = String::from_utf8_lossy(&files["index.html"]);
    assert!(index.contains("\"standard\":\"cmi5\"") && index.contains("\"xapi\":{"));
    let js = String::from_utf8_lossy(&files["assets/coursepack.js"]);
    assert!(
        js.contains("'LMS.LaunchData'") && js.contains("'auth-token'"),
        "the cmi5 backend"
    );
    assert!(!js.contains("activity_id"), "not the Tin Can backend");
}

#[test]
fn ids_are_the_same_in_every_language_and_titles_are_in_each() {
    let out = tempfile::tempdir().expect("tmp");
    let zips = build(&root().join("course"), out.path(), &["--lang", "all"]);
    let fr = cmi5_xml(&entries(&zips["presentation-ia-generative-fr-cmi5.zip"]));
    let en = cmi5_xml(&entries(&zips["presentation-ia-generative-en-cmi5.zip"]));
    xmllint(&en);
    assert_eq!(
        ids(&fr),
        ids(&en),
        "an LMS keeps its records across languages"
    );
    assert_eq!(ids(&fr).len(), 2, "the course and its AU");
    assert!(en.contains("<langstring lang=\"en\">") && !en.contains("lang=\"fr\""));
    assert_ne!(fr, en, "the titles are translated");
}

#[test]
fn one_au_per_lesson_with_its_own_move_on_and_mastery_score() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = tmp.path().join("course");
    crate::copy_dir(&root().join("course"), &course);
    let toml = course.join("course.toml");
    let text = std::fs::read_to_string(&toml).expect("course.toml");
    std::fs::write(
        &toml,
        text.replace("[package]\n", "[package]\nsco-per-lesson = true\n"),
    )
    .expect("write");
    let zips = build(&course, &tmp.path().join("out"), &[]);
    let files = entries(zips.values().next().expect("a zip"));
    let xml = cmi5_xml(&files);
    xmllint(&xml);
    let base = "https://coursepack.example/courses/presentation-ia-generative/au/";
    let expected: Vec<String> = [
        ("01-presentation-ml", "moveOn=\"Completed\""),
        ("02-fondamentaux-ia-generative", "moveOn=\"Completed\""),
        ("03-cas-utilisation", "moveOn=\"Completed\""),
        ("04-risques-avantages", "moveOn=\"Completed\""),
        // Only the lesson with the quiz has one to pass.
        (
            "05-verification-connaissances",
            "moveOn=\"CompletedAndPassed\" masteryScore=\"0.8\"",
        ),
    ]
    .iter()
    .map(|(id, rule)| format!("<au id=\"{base}{id}\" {rule} launchMethod=\"AnyWindow\">"))
    .collect();
    assert_eq!(au_tags(&xml), expected);
    for id in ["01-presentation-ml", "05-verification-connaissances"] {
        let url = format!("lessons/{id}.html");
        assert!(xml.contains(&format!("<url>{url}</url>")), "{id}: url");
        assert!(files.contains_key(&url), "{url} in the package");
    }
}

#[test]
fn format_all_builds_scorm_xapi_and_cmi5() {
    let out = tempfile::tempdir().expect("tmp");
    let course = crate::fixture("valid/minimal").display().to_string();
    let result = coursepack(&[
        "build",
        &course,
        "--format",
        "all",
        "--out",
        &out.path().display().to_string(),
    ]);
    assert_eq!(result.status.code(), Some(0));
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .expect("out")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        4,
        "SCORM 1.2, SCORM 2004, xAPI, cmi5: {names:?}"
    );
    assert!(names.iter().any(|n| n.ends_with("-cmi5.zip")), "{names:?}");
}
