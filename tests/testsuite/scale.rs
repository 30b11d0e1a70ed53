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
        16,
        "4 languages × 4 formats: {:?}",
        first.keys()
    );
    for (jobs, packages) in &built[1..] {
        assert!(
            packages == first,
            "--jobs {jobs} gives other bytes than --jobs 1"
        );
    }
    // A package built alone has the bytes it has among the others (whose pages share their
    // compressed frame with it).
    for format in ["scorm12", "xapi", "cmi5", "scorm2004"] {
        let out = tmp.path().join(format!("alone-{format}"));
        let (course, out_arg) = (course.display().to_string(), out.display().to_string());
        let args = [
            "build", &course, "--lang", "de", "--format", format, "--out", &out_arg,
        ];
        let output = coursepack(&args);
        assert!(output.status.success(), "{format}: {output:?}");
        let alone = zips(&out);
        assert_eq!(alone.len(), 1, "{format}: {:?}", alone.keys());
        for (name, bytes) in alone {
            assert!(first.get(&name) == Some(&bytes), "{name} alone differs");
        }
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
    assert_eq!(again.len(), 16, "4 languages × 4 formats");
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
    assert_eq!(
        rebuilt,
        ["de/cmi5", "de/scorm12", "de/scorm2004", "de/xapi"]
    );

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

#[test]
fn a_catalogue_builds_every_course_and_a_failing_one_stops_none() {
    let tmp = tempfile::tempdir().expect("tmp");
    let good = crate::fixture("valid/every-block").display().to_string();
    let bad = crate::fixture("invalid/duplicate-id").display().to_string();
    let example = root().join("course").display().to_string();
    let out = tmp.path().join("out");
    let out_s = out.display().to_string();
    let run = |extra: &[&str]| {
        let mut args = vec!["build", &good, &bad, &example, "--out", &out_s];
        args.extend_from_slice(extra);
        coursepack(&args)
    };
    let human = run(&[]);
    assert_eq!(human.status.code(), Some(1), "a course failed");
    let err = String::from_utf8_lossy(&human.stderr);
    assert!(
        err.contains(&format!("1 of 3 courses failed: {bad}")),
        "{err}"
    );
    let built = zips(&out);
    assert!(
        built.contains_key("every-block-en-scorm12.zip")
            && built.contains_key("presentation-ia-generative-fr-scorm12.zip"),
        "the courses before and after the failing one are built: {:?}",
        built.keys()
    );
    assert_eq!(built.len(), 2, "{:?}", built.keys());

    // One JSON document for the whole catalogue, each course's build document inside.
    let json = run(&["--message-format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON document");
    assert_eq!(doc["failed"], 1);
    let courses = doc["courses"].as_array().expect("courses");
    assert_eq!(courses.len(), 3);
    assert_eq!(courses[1]["course"], bad.as_str());
    assert_eq!(courses[1]["exit_code"], 1);
    assert!(courses[1]["errors"].as_u64().unwrap_or(0) > 0, "{doc}");
    for ok in [&courses[0], &courses[2]] {
        assert_eq!(ok["exit_code"], 0, "{ok}");
        assert_eq!(
            ok["packages"][0]["up_to_date"], true,
            "built by the first run: {ok}"
        );
    }

    // All good: exit code 0, one line saying so.
    let fine = coursepack(&["build", &good, &example, "--out", &out_s]);
    assert_eq!(fine.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&fine.stderr).contains("2 courses built"));
}

#[test]
fn shards_build_every_job_once_and_their_manifests_merge_into_the_single_builds() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = four_language_course(tmp.path());
    let whole = tmp.path().join("whole");
    let (code, _, err) = build(&course, &whole, &[]);
    assert_eq!(code, 0, "{err}");
    let all = zips(&whole);
    assert_eq!(all.len(), 16, "4 languages × 4 formats");
    for count in [2, 3, 5] {
        let mut gathered = BTreeMap::new();
        let mut manifests = Vec::new();
        for k in 1..=count {
            let out = tmp.path().join(format!("shard-{k}-of-{count}"));
            let shard = format!("{k}/{count}");
            let (code, _, err) = build(&course, &out, &["--shard", &shard]);
            assert_eq!(code, 0, "{shard}: {err}");
            let built = if out.exists() {
                zips(&out)
            } else {
                BTreeMap::new()
            };
            assert!(count > 4 || !built.is_empty(), "{shard} has work");
            for (name, bytes) in built {
                assert!(
                    gathered.insert(name.clone(), bytes).is_none(),
                    "{name} built by two shards of {count}"
                );
            }
            let manifest = out.join("coursepack-build.json");
            if manifest.exists() {
                manifests.push(manifest.display().to_string());
            }
        }
        assert!(
            gathered == all,
            "{count} shards together build every package, same bytes"
        );
        // The shards' manifests merge into the single build's, byte for byte.
        let merged = tmp.path().join(format!("merged-{count}"));
        let merged_s = merged.display().to_string();
        let mut args = vec!["build-manifest", "merge", "--out", &merged_s];
        args.extend(manifests.iter().map(String::as_str));
        let out = coursepack(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            std::fs::read_to_string(merged.join("coursepack-build.json")).expect("merged"),
            std::fs::read_to_string(whole.join("coursepack-build.json")).expect("whole"),
        );
    }
    // The same shard twice gives the same jobs (the assignment is a function of the course).
    let again = tmp.path().join("again");
    let (code, ..) = build(&course, &again, &["--shard", "2/3"]);
    assert_eq!(code, 0);
    assert!(zips(&again) == zips(&tmp.path().join("shard-2-of-3")));
    // A malformed shard is a usage error that says how to write one.
    let out = coursepack(&["build", &course.display().to_string(), "--shard", "4/3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("K/N"));
}

/// A catalogue is split as a whole: six one-job courses spread over three shards (two each),
/// not all on the first, and the shards together build the catalogue's packages once.
#[test]
fn a_catalogue_of_small_courses_spreads_over_the_shards() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dirs: Vec<String> = (1..=6)
        .map(|i| {
            let dir = tmp.path().join(format!("course-{i}"));
            let dir_s = dir.display().to_string();
            assert_eq!(coursepack(&["init", &dir_s]).status.code(), Some(0));
            let toml = std::fs::read_to_string(dir.join("course.toml")).expect("toml");
            let id = toml
                .lines()
                .find(|l| l.starts_with("id = "))
                .expect("an id line");
            let toml = toml.replace(id, &format!("id = \"https://example.org/courses/c{i}\""));
            std::fs::write(dir.join("course.toml"), toml).expect("write");
            dir_s
        })
        .collect();
    let run = |out: &Path, shard: Option<&str>| {
        let out_s = out.display().to_string();
        let mut args = vec!["build", "--format", "scorm12", "--out", &out_s];
        args.extend(dirs.iter().map(String::as_str));
        if let Some(shard) = shard {
            args.extend(["--shard", shard]);
        }
        let output = coursepack(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    };
    let whole = tmp.path().join("whole");
    run(&whole, None);
    let all = zips(&whole);
    assert_eq!(all.len(), 6);
    let mut gathered = BTreeMap::new();
    for k in 1..=3 {
        let out = tmp.path().join(format!("shard-{k}"));
        let output = run(&out, Some(&format!("{k}/3")));
        let built = zips(&out);
        assert_eq!(built.len(), 2, "shard {k}/3 builds two of the six");
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            err.matches("none of its packages is in this shard").count(),
            4,
            "{err}"
        );
        for (name, bytes) in built {
            assert!(
                gathered.insert(name.clone(), bytes).is_none(),
                "{name} twice"
            );
        }
    }
    assert!(
        gathered == all,
        "the shards build the catalogue, same bytes"
    );
}

/// Two courses of a catalogue with the same id would write the same packages: the second
/// fails with a message that says which and what to do, and the first's package stays.
#[test]
fn two_courses_of_a_catalogue_may_not_write_the_same_package() {
    let tmp = tempfile::tempdir().expect("tmp");
    let first = tmp.path().join("first");
    let first_s = first.display().to_string();
    assert_eq!(coursepack(&["init", &first_s]).status.code(), Some(0));
    let copy = tmp.path().join("copy");
    crate::copy_dir(&first, &copy);
    let lesson = copy.join("lessons/01-welcome.md");
    let text = std::fs::read_to_string(&lesson).expect("lesson") + "\nAnother paragraph.\n";
    std::fs::write(&lesson, text).expect("write");
    let out = tmp.path().join("out");
    let out_s = out.display().to_string();
    let copy_s = copy.display().to_string();
    let alone = tmp.path().join("alone");
    let alone_s = alone.display().to_string();
    assert_eq!(
        coursepack(&["build", &first_s, "--out", &alone_s])
            .status
            .code(),
        Some(0)
    );
    for _ in 0..2 {
        let run = coursepack(&["build", &first_s, &copy_s, "--out", &out_s]);
        assert_eq!(run.status.code(), Some(1));
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(
            err.contains(&format!(
                "{copy_s}: its package first-en-scorm12.zip would replace the one of {first_s}"
            )) && err.contains("its own `id`"),
            "{err}"
        );
        assert!(
            err.contains(&format!("1 of 2 courses failed: {copy_s}")),
            "{err}"
        );
        assert!(
            zips(&out) == zips(&alone),
            "the first course's package stays"
        );
    }
    // The same folder twice is one course built twice, not a clash.
    let twice = coursepack(&["build", &first_s, &first_s, "--out", &out_s]);
    assert_eq!(twice.status.code(), Some(0));
}

#[test]
fn check_takes_a_catalogue_too() {
    let good = crate::fixture("valid/every-block").display().to_string();
    let bad = crate::fixture("invalid/duplicate-id").display().to_string();
    let out = coursepack(&["check", &good, &bad]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("duplicate"),
        "the failing course's diagnostics: {err}"
    );
    assert!(
        err.contains(&format!("1 of 2 courses failed: {bad}")),
        "{err}"
    );
    // Each file under its course folder, as given: several courses report, and a path must say
    // which one it is in (and open from where the command ran). Alone, a course's files are
    // named from its folder.
    let short = |dirs: &[&str]| {
        let mut args = vec!["check", "--message-format", "short"];
        args.extend(dirs);
        String::from_utf8_lossy(&coursepack(&args).stderr).into_owned()
    };
    let in_catalogue = short(&[&good, &bad]);
    let first = in_catalogue.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!("{bad}/a.md:5:1: error: duplicate id")),
        "{in_catalogue}"
    );
    let alone = short(&[&bad]);
    assert_eq!(
        alone.lines().next(),
        first.strip_prefix(&format!("{bad}/")),
        "{alone}"
    );
    let json = coursepack(&["check", &good, &bad, "--message-format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON document");
    assert_eq!(doc["failed"], 1);
    assert_eq!(doc["courses"][0]["errors"], 0);
    assert_eq!(doc["courses"][1]["exit_code"], 1);
    let fine = coursepack(&["check", &good, &good]);
    assert_eq!(fine.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&fine.stderr).contains("2 courses checked"));
}
