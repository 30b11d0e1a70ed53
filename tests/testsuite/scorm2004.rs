//! `coursepack build --format scorm2004`: the 4th Edition manifest (structure, sequencing of
//! lesson SCOs), its control files, determinism, and `validate` agreeing that it is valid.

use crate::{coursepack, expect_file, fixture, root};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Builds `course` as SCORM 2004 into `out`; returns the zip.
fn build(course: &Path, out: &Path) -> PathBuf {
    let result = coursepack(&[
        "build",
        &course.display().to_string(),
        "--format",
        "scorm2004",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    crate::only_zip(out)
}

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

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(files.get(name).expect(name).clone()).expect("utf-8")
}

/// `coursepack validate` with both profiles says the package is valid.
fn validates(zip: &Path) {
    for profile in ["lms", "strict"] {
        let out = coursepack(&[
            "validate",
            "--strict",
            "--deep",
            "--profile",
            profile,
            &zip.display().to_string(),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "validate --profile {profile}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_example_course_builds_as_scorm_2004_4th_edition() {
    let tmp = tempfile::tempdir().expect("tmp");
    let zip = build(&root().join("course"), &tmp.path().join("a"));
    assert!(zip.display().to_string().ends_with("-scorm2004.zip"));
    let files = entries(&zip);
    // Every control file of schemas/scorm2004-4th, byte-exact, at the same path from the root.
    let schemas = root().join("schemas/scorm2004-4th");
    let mut count = 0;
    for entry in walk(&schemas) {
        let name = entry
            .strip_prefix(&schemas)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(&entry).expect("read");
        assert_eq!(files.get(&name), Some(&bytes), "{name} at the root");
        count += 1;
    }
    assert!(count >= 30, "the 4th Edition set: {count} files");

    let manifest = text(&files, "imsmanifest.xml");
    for part in [
        "<schema>ADL SCORM</schema>",
        "<schemaversion>2004 4th Edition</schemaversion>",
        "xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\"",
        "xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\"",
        "xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\"",
        "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd",
        "<imsss:controlMode choice=\"true\" flow=\"true\"/>",
        // course.toml's mastery-score = 80, as the primary objective's measure.
        "satisfiedByMeasure=\"true\">",
        "<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>",
        "<imsss:deliveryControls completionSetByContent=\"true\" objectiveSetByContent=\"true\"/>",
    ] {
        assert!(manifest.contains(part), "{part} in\n{manifest}");
    }
    assert_eq!(
        manifest.matches("adlcp:scormType=\"sco\"").count(),
        1,
        "one SCO"
    );
    assert!(!manifest.contains("scormtype"), "the 2004 spelling only");
    assert!(manifest.contains("href=\"index.html\""));
    // The 2004 backend, and no other.
    let js = text(&files, "assets/coursepack.js");
    assert!(js.contains("'API_1484_11'") || js.contains(".API_1484_11"));
    assert!(!js.contains("'LMSInitialize'") && !js.contains("'X-Experience-API-Version'"));

    // Deterministic: a second build gives the same bytes.
    let again = build(&root().join("course"), &tmp.path().join("b"));
    assert_eq!(
        std::fs::read(&zip).expect("zip"),
        std::fs::read(&again).expect("zip"),
        "byte-identical"
    );
    validates(&zip);
}

#[test]
fn lesson_scos_flow_roll_up_and_carry_their_mastery_score() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = tmp.path().join("c");
    crate::copy_dir(&fixture("valid/every-block"), &course);
    let toml = std::fs::read_to_string(course.join("course.toml")).expect("toml");
    std::fs::write(
        course.join("course.toml"),
        format!("{toml}\n[package]\nsco-per-lesson = true\n"),
    )
    .expect("write");
    let zip = build(&course, &tmp.path().join("out"));
    let files = entries(&zip);
    let manifest = text(&files, "imsmanifest.xml");
    assert_eq!(manifest.matches("adlcp:scormType=\"sco\"").count(), 2);
    // In course order: the blocks lesson, then the quiz.
    let blocks = manifest.find("identifier=\"ITEM-blocks\"").expect("item");
    let quiz = manifest.find("identifier=\"ITEM-02-quiz\"").expect("item");
    assert!(blocks < quiz);
    // Only the quiz lesson has a mastery score (75): its primary objective; the other lesson
    // does not count toward satisfaction; the course completes when both lessons do.
    assert_eq!(manifest.matches("<imsss:primaryObjective").count(), 1);
    assert!(manifest.contains(
        "<imsss:primaryObjective objectiveID=\"PASS-02-quiz\" satisfiedByMeasure=\"true\">"
    ));
    assert!(manifest.contains("<imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>"));
    assert_eq!(
        manifest
            .matches("<imsss:rollupRules rollupObjectiveSatisfied=\"false\"/>")
            .count(),
        1
    );
    expect_file(
        &fixture("golden/every-block-per-lesson.scorm2004.imsmanifest.xml"),
        &manifest,
    );
    validates(&zip);
}

/// Every file under `dir`, sorted.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}
