//! Builds at scale: `--jobs` gives the same bytes for every N, and the build manifest skips
//! the packages whose inputs did not change (`--force` rebuilds them).

use crate::{coursepack, root};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The example course with four languages: French (the source), English, and German and
/// Spanish made from the English file (same text, their own language tag).
fn four_language_course(dir: &Path) -> PathBuf {
    let course = dir.join("course");
    crate::copy_dir(&root().join("course"), &course);
    let toml = std::fs::read_to_string(course.join("course.toml")).expect("toml");
    let toml = toml.replace(
        "languages = [\"fr\", \"en\"]",
        "languages = [\"fr\", \"en\", \"de\", \"es\"]",
    );
    std::fs::write(course.join("course.toml"), toml).expect("write");
    let en = std::fs::read_to_string(course.join("translations/en.xlf")).expect("en.xlf");
    for lang in ["de", "es"] {
        let text = en.replace(
            "target-language=\"en\"",
            &format!("target-language=\"{lang}\""),
        );
        std::fs::write(course.join(format!("translations/{lang}.xlf")), text).expect("write");
    }
    course
}

/// Builds every language and format of `course` into `out` with `extra` arguments; returns the
/// exit code, stdout and stderr.
fn build(course: &Path, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let course = course.display().to_string();
    let out = out.display().to_string();
    let mut args = vec![
        "build", &course, "--lang", "all", "--format", "all", "--out", &out,
    ];
    args.extend_from_slice(extra);
    let output = coursepack(&args);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The zips of a folder: file name → bytes.
fn zips(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("out")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "zip"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("zip"),
            )
        })
        .collect()
}

/// The packages of a JSON summary: `<lang>/<format>` → whether it was up to date.
fn up_to_date(json: &str) -> BTreeMap<String, bool> {
    let doc: serde_json::Value = serde_json::from_str(json).expect("one JSON document");
    doc["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            assert!(p["error"].is_null(), "{p}");
            (
                format!(
                    "{}/{}",
                    p["lang"].as_str().unwrap(),
                    p["format"].as_str().unwrap()
                ),
                p["up_to_date"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

#[test]
fn every_number_of_jobs_gives_the_same_bytes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = four_language_course(tmp.path());
    let mut built = Vec::new();
    for jobs in ["1", "2", "3", "8"] {
        let out = tmp.path().join(format!("out-{jobs}"));
        let (code, _, err) = build(&course, &out, &["--jobs", jobs]);
        assert_eq!(code, 0, "--jobs {jobs}: {err}");
        built.push((jobs, zips(&out)));
    }
    let (_, first) = &built[0];
    assert_eq!(
        first.len(),
        8,
        "4 languages × 2 formats: {:?}",
        first.keys()
    );
    for (jobs, packages) in &built[1..] {
        assert!(
            packages == first,
            "--jobs {jobs} gives other bytes than --jobs 1"
        );
    }
    // The manifests agree too: the same inputs, the same packages.
    let manifest = |jobs: &str| {
        std::fs::read(tmp.path().join(format!("out-{jobs}/coursepack-build.json")))
            .expect("manifest")
    };
    assert_eq!(manifest("1"), manifest("3"));
    // Zero jobs is a usage error.
    let (code, _, err) = build(&course, &tmp.path().join("zero"), &["--jobs", "0"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn an_unchanged_package_is_not_rebuilt_and_force_rebuilds_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = four_language_course(tmp.path());
    let out = tmp.path().join("out");
    let json = ["--message-format", "json"];
    let (code, first, err) = build(&course, &out, &json);
    assert_eq!(code, 0, "{err}");
    assert!(
        up_to_date(&first).values().all(|u| !u),
        "first build builds all: {first}"
    );
    let manifest = std::fs::read_to_string(out.join("coursepack-build.json")).expect("manifest");
    let record: serde_json::Value = serde_json::from_str(&manifest).expect("JSON");
    let de = &record["packages"]["presentation-ia-generative-de-scorm12.zip"];
    assert_eq!(de["job"], "de/scorm12");
    let zip = out.join("presentation-ia-generative-de-scorm12.zip");
    let sha = {
        use sha2::Digest;
        let bytes = std::fs::read(&zip).expect("zip");
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(de["sha256"], sha.as_str(), "the zip's own sha256");

    // Nothing changed: nothing is rebuilt, the zips are not touched.
    let modified = std::fs::metadata(&zip)
        .and_then(|m| m.modified())
        .expect("mtime");
    let (code, again, err) = build(&course, &out, &json);
    assert_eq!(code, 0, "{err}");
    let again = up_to_date(&again);
    assert_eq!(again.len(), 8);
    assert!(again.values().all(|u| *u), "nothing rebuilt: {again:?}");
    assert_eq!(
        std::fs::metadata(&zip).and_then(|m| m.modified()).ok(),
        Some(modified)
    );
    let (_, human, _) = build(&course, &out, &[]);
    assert!(human.contains("(up to date)"), "{human}");

    // One translation changes: only its language's packages are rebuilt.
    let de_file = course.join("translations/de.xlf");
    let text = std::fs::read_to_string(&de_file).expect("de");
    let text = text.replacen(
        "<target state=\"translated\">Introduction to Generative AI</target>",
        "<target state=\"translated\">Einführung in generative KI</target>",
        1,
    );
    std::fs::write(&de_file, text).expect("write");
    let (code, after_de, err) = build(&course, &out, &json);
    assert_eq!(code, 0, "{err}");
    let rebuilt: Vec<String> = up_to_date(&after_de)
        .into_iter()
        .filter(|(_, u)| !u)
        .map(|(k, _)| k)
        .collect();
    assert_eq!(rebuilt, ["de/scorm12", "de/xapi"]);

    // One paragraph of a lesson changes: every language depends on it.
    let lesson = course.join("lessons/01-presentation-ml.md");
    let text = std::fs::read_to_string(&lesson).expect("lesson");
    std::fs::write(
        &lesson,
        text.replacen("machine learning", "apprentissage automatique", 1),
    )
    .expect("write");
    let (code, after_lesson, err) = build(&course, &out, &json);
    assert_eq!(code, 0, "{err}");
    assert!(
        up_to_date(&after_lesson).values().all(|u| !u),
        "{after_lesson}"
    );

    // A deleted zip is rebuilt; --force rebuilds everything, to the same bytes.
    std::fs::remove_file(&zip).expect("rm");
    let (code, deleted, _) = build(&course, &out, &json);
    assert_eq!(code, 0);
    let deleted = up_to_date(&deleted);
    assert_eq!(deleted.values().filter(|u| !**u).count(), 1, "{deleted:?}");
    assert_eq!(deleted.get("de/scorm12"), Some(&false));
    let before = zips(&out);
    let (code, forced, _) = build(&course, &out, &["--force", "--message-format", "json"]);
    assert_eq!(code, 0);
    assert!(up_to_date(&forced).values().all(|u| !u), "{forced}");
    assert!(zips(&out) == before, "--force gives the same bytes");
}

#[test]
fn a_build_manifest_that_cannot_be_read_is_an_error_that_says_what_to_do() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = four_language_course(tmp.path());
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("coursepack-build.json"), "{ not json").expect("write");
    let (code, _, err) = build(&course, &out, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("coursepack-build.json"), "{err}");
    assert!(err.contains("delete it"), "{err}");
}
