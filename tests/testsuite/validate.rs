//! `coursepack validate`: fixture packages with expected diagnostics, real-world manifests from
//! other tools, attack zips, output formats and exit codes.

use crate::{coursepack, expect_file, fixture, fixture_dirs};
use coursepack::validate::{validate_path, Options, Profile};
use std::io::Write;
use std::path::{Path, PathBuf};

fn short(path: &Path, options: Options) -> (bool, String) {
    let report = validate_path(path, options).expect("readable");
    let text = report
        .diagnostics
        .iter()
        .map(|d| d.short() + "\n")
        .collect();
    (report.is_valid(false), text)
}

/// A report as the expectation files hold it: the diagnostics (`file:line:col: severity:
/// message`), the notes and the verdict.
fn outline(path: &Path, profile: Profile) -> String {
    let report = validate_path(
        path,
        Options {
            profile,
            ..Options::default()
        },
    )
    .expect("readable");
    let mut text: String = report
        .diagnostics
        .iter()
        .map(|d| d.short() + "\n")
        .collect();
    for note in &report.notes {
        text.push_str(&format!("note: {note}\n"));
    }
    text + &format!("=> {}\n", report.verdict(false).as_str())
}

/// Each fixture package against `<name>.expected.txt`: the default profile's report, then the
/// strict profile's (or that it is the same).
#[test]
fn fixture_packages_report_expected_diagnostics() {
    let dirs = fixture_dirs("packages");
    assert!(dirs.len() >= 30);
    for dir in dirs {
        let lms = outline(&dir, Profile::Lms);
        let strict = outline(&dir, Profile::Strict);
        let expected = if strict == lms {
            format!("{lms}--profile strict: the same\n")
        } else {
            format!("{lms}--profile strict:\n{strict}")
        };
        expect_file(&dir.with_extension("expected.txt"), &expected);
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with("valid-") || name == "tincan-valid" {
            assert!(
                lms.ends_with("=> valid\n") && strict.ends_with("=> valid\n"),
                "{name} must be valid in both profiles:\n{expected}"
            );
        }
    }
}

/// A package folder made from a real-world manifest and the file list of its package (empty
/// files stand in for the media).
fn realworld_package(dir: &Path, manifest: &str) -> PathBuf {
    let tmp = tempfile::tempdir().expect("tmp").keep();
    let files = std::fs::read_to_string(dir.join("FILES.txt")).unwrap_or_default();
    for line in files.lines() {
        let Some((_, name)) = line.split_once('\t') else {
            continue;
        };
        let target = tmp.join(name);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(&target, b"").expect("write");
    }
    std::fs::copy(dir.join(manifest), tmp.join(manifest)).expect("copy manifest");
    tmp
}

#[test]
fn manifests_exported_by_other_tools_are_accepted() {
    let shared = crate::root().join("tests/fixtures/realworld");
    let cases = [
        (
            "scorm12-articulate-storyline-send-to-url",
            "imsmanifest.xml",
        ),
        ("tincan-articulate-storyline-bleeding-course", "tincan.xml"),
        ("tincan-adapt-xapi-demo-module", "tincan.xml"),
    ];
    for (dir, manifest) in cases {
        let pkg = realworld_package(&shared.join(dir), manifest);
        for profile in [Profile::Lms, Profile::Strict] {
            let options = Options {
                profile,
                ..Options::default()
            };
            let (valid, text) = short(&pkg, options);
            assert!(valid, "{dir} must validate ({profile:?}):\n{text}");
            assert!(!text.contains(": error:"), "{dir}:\n{text}");
        }
        let _ = std::fs::remove_dir_all(pkg);
    }
    // The Rustici samples come without their file lists: their manifests alone, with the rules
    // that need no files, and against the schemas only.
    for manifest in [
        "rustici-golf/scorm12/real_golf_runtime.xml",
        "rustici-golf/tincan/real_golf_tcapi.xml",
    ] {
        for options in [
            Options::default(),
            Options {
                schema_only: true,
                ..Options::default()
            },
        ] {
            let (valid, text) = short(&shared.join(manifest), options);
            assert!(valid, "{manifest}:\n{text}");
        }
    }
}

/// The cmi5 packages other tools exported (ADL's CATAPULT, Articulate Rise, iSpring) are valid
/// with nothing to say, in both profiles, as packages (folders made from their file lists) and
/// as lone manifests.
#[test]
fn other_tools_cmi5_packages_are_valid() {
    let shared = crate::root().join("tests/fixtures/realworld");
    let mut seen = 0;
    for dir in crate::fixture_dirs("realworld") {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.starts_with("cmi5-") {
            continue;
        }
        seen += 1;
        let pkg = realworld_package(&shared.join(&name), "cmi5.xml");
        for path in [pkg.clone(), dir.join("cmi5.xml")] {
            for profile in ["lms", "strict"] {
                let p = path.display().to_string();
                let out = coursepack(&[
                    "validate",
                    "--message-format",
                    "json",
                    "--profile",
                    profile,
                    &p,
                ]);
                let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
                assert_eq!(out.status.code(), Some(0), "{name}: {doc}");
                assert_eq!(doc["packages"][0]["kind"], "cmi5", "{name}");
                assert_eq!(doc["packages"][0]["verdict"], "valid", "{name}");
                assert_eq!(doc["packages"][0]["errors"], 0, "{name}: {doc}");
                assert_eq!(doc["packages"][0]["warnings"], 0, "{name}: {doc}");
            }
        }
        let _ = std::fs::remove_dir_all(pkg);
    }
    assert_eq!(seen, 3, "three cmi5 packages");
}

/// The cmi5 specification's examples (fully qualified and relative urls, nested blocks,
/// objectives, a vendor extension) are valid lone manifests with nothing to say, in both
/// profiles.
#[test]
fn cmi5_specification_examples_are_valid() {
    for name in ["simple", "complex", "extended"] {
        let path = fixture(&format!("cmi5-spec/{name}-cmi5.xml"));
        for profile in [Profile::Lms, Profile::Strict] {
            let options = Options {
                profile,
                ..Options::default()
            };
            let report = validate_path(&path, options).expect("readable");
            assert_eq!(report.kind, coursepack::validate::Kind::Cmi5, "{name}");
            assert!(
                report.diagnostics.is_empty(),
                "{name}: {:?}",
                report.diagnostics
            );
            assert!(report.is_valid(true), "{name}");
        }
    }
}

/// A package's AU url that names a file its zip lacks is an error, found through the file
/// list: the CATAPULT course without `post2.html`.
#[test]
fn cmi5_au_url_missing_from_the_zip_is_an_error() {
    let dir = crate::root().join("tests/fixtures/realworld/cmi5-adl-catapult-pre-post-test-framed");
    let pkg = realworld_package(&dir, "cmi5.xml");
    let tmp = tempfile::tempdir().expect("tmp");
    let zip = tmp.path().join("course.zip");
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in walk(&pkg) {
        let name = entry
            .strip_prefix(&pkg)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if name != "post2.html" {
            entries.push((name, std::fs::read(&entry).expect("read")));
        }
    }
    let borrowed: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    raw_zip(&zip, &borrowed);
    let (valid, text) = short(&zip, Options::default());
    assert!(!valid, "{text}");
    assert_eq!(
        text,
        "cmi5.xml:125:13: error: url `post2.html` is not in the package\n"
    );
    let _ = std::fs::remove_dir_all(pkg);
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// `--explain` for cmi5, as text and as JSON: the blocks and AUs, what each launches, moveOn
/// and the mastery score.
#[test]
fn explain_says_what_a_cmi5_lms_does() {
    let path = fixture("packages/valid-cmi5").display().to_string();
    let out = coursepack(&["validate", "--explain", &path]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "what a cmi5 LMS will make of it:",
        "  course `https://courses.example.com/geology` \"Introduction to geology\"",
        "    block `https://courses.example.com/geology/rocks` \"Rocks\"",
        "      au `https://courses.example.com/geology/rocks/lesson` \"Rocks, the lesson\": launches `lessons/rocks.html?page=1` in any window",
        "moveOn Passed: satisfied once the AU sends \"passed\"; mastery score 0.8",
        "au `https://courses.example.com/geology/intro` \"Welcome\": launches `index.html` in a window of its own; moveOn NotApplicable: satisfied at once",
        "launches `https://media.example.com/geology/video.html`",
    ] {
        assert!(text.contains(needle), "`{needle}` in:\n{text}");
    }
    let out = coursepack(&["validate", "--explain", "--format", "json", &path]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let explain = &doc["packages"][0]["explain"];
    assert_eq!(explain["course_id"], "https://courses.example.com/geology");
    let test = &explain["nodes"][3];
    assert_eq!(test["id"], "https://courses.example.com/geology/rocks/test");
    assert_eq!(test["depth"], 1);
    assert_eq!(test["au"]["move_on"], "Passed");
    assert_eq!(test["au"]["mastery_score"], "0.8");
    assert_eq!(test["au"]["launch"], "lessons/rocks test.html");
    assert_eq!(test["au"]["entitlement_key"], "geology-2026");
    assert!(explain["nodes"][1]["au"].is_null(), "a block");
    // JUnit carries the same text.
    let out = coursepack(&["validate", "--explain", "--format", "junit", &path]);
    let xml = String::from_utf8_lossy(&out.stdout);
    assert!(xml.contains("what a cmi5 LMS will make of it:"), "{xml}");
}

/// A lone cmi5.xml with relative AU urls: what a learner's LMS needs is said in a note (cmi5
/// §14.2), and the rules that need no files apply.
#[test]
fn lone_cmi5_manifest() {
    let path = fixture("packages/valid-cmi5/cmi5.xml")
        .display()
        .to_string();
    let out = coursepack(&["validate", &path]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("needs fully qualified AU urls (cmi5 §14.2)"),
        "{text}"
    );
    let broken = fixture("packages/cmi5-values/cmi5.xml")
        .display()
        .to_string();
    let out = coursepack(&["validate", &broken]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("masteryScore `1.5` is not a decimal from 0 to 1"),
        "{text}"
    );
    // --schema-only picks the cmi5 schema from the root element.
    let out = coursepack(&["validate", "--schema-only", &broken]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("invalid cmi5 package"), "{text}");
    assert!(
        text.contains("value `Satisfied` is not one of the allowed values"),
        "{text}"
    );
}

/// The SCORM 2004 packages other tools exported (ADL's conformance suite, Articulate Rise,
/// iSpring, Reload, Rustici, Wisc-Online; 2nd, 3rd and 4th Editions) are valid in the default
/// profile, as packages (folders made from their file lists) and as lone manifests. By the
/// letter of the specification, one is not: the ADL package lists `LMSTest.jar`, which its file
/// list lacks.
#[test]
fn other_tools_scorm2004_packages_are_valid() {
    let shared = crate::root().join("tests/fixtures/realworld");
    let mut seen = 0;
    for dir in crate::fixture_dirs("realworld") {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.starts_with("scorm2004-") {
            continue;
        }
        seen += 1;
        let pkg = realworld_package(&shared.join(&name), "imsmanifest.xml");
        let run = |path: &Path, profile: &str| {
            let p = path.display().to_string();
            let out = coursepack(&[
                "validate",
                "--message-format",
                "json",
                "--profile",
                profile,
                &p,
            ]);
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
            (out.status.code(), doc)
        };
        for path in [pkg.clone(), dir.join("imsmanifest.xml")] {
            let (code, doc) = run(&path, "lms");
            assert_eq!(code, Some(0), "{name}: {doc}");
            assert_eq!(doc["packages"][0]["kind"], "scorm2004", "{name}");
            assert_eq!(doc["packages"][0]["verdict"], "valid", "{name}");
            assert_eq!(doc["packages"][0]["errors"], 0, "{name}: {doc}");
        }
        let (code, doc) = run(&pkg, "strict");
        if name == "scorm2004-adl-cts-co-02a" {
            assert_eq!(code, Some(1), "{name}: {doc}");
            assert_eq!(doc["packages"][0]["errors"], 1, "{name}: {doc}");
            let message = doc["packages"][0]["diagnostics"][0]["message"]
                .as_str()
                .unwrap_or_default();
            assert!(message.contains("common/LMSTest.jar"), "{doc}");
        } else {
            assert_eq!(code, Some(0), "{name}: {doc}");
        }
        let _ = std::fs::remove_dir_all(pkg);
    }
    assert_eq!(seen, 6, "six SCORM 2004 packages");
}

#[test]
fn packages_we_build_validate_clean() {
    let tmp = tempfile::tempdir().expect("tmp");
    for (i, course) in [crate::root().join("course"), fixture("valid/every-block")]
        .iter()
        .enumerate()
    {
        let out = tmp.path().join(i.to_string());
        let built = coursepack(&[
            "build",
            &course.display().to_string(),
            "--out",
            &out.display().to_string(),
        ]);
        assert_eq!(built.status.code(), Some(0));
        let zip = crate::only_zip(&out);
        // Clean by the letter of the specification too, not only by what LMSs tolerate.
        let checked = coursepack(&[
            "validate",
            "--strict",
            "--deep",
            "--profile",
            "strict",
            &zip.display().to_string(),
        ]);
        assert_eq!(
            checked.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&checked.stdout)
        );
    }
}

/// Writes a zip whose entries are given raw (names are not sanitised).
fn raw_zip(path: &Path, entries: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in entries {
        zip.start_file(*name, options).expect("start");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish");
}

fn good_manifest() -> Vec<u8> {
    std::fs::read(fixture("packages/valid-minimal/imsmanifest.xml")).expect("fixture")
}

#[test]
fn attack_zips_are_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let manifest = good_manifest();
    let html: &[u8] = b"<html></html>";
    let base: Vec<(&str, &[u8])> = vec![
        ("imsmanifest.xml", &manifest),
        ("index.html", html),
        ("app.js", b"x"),
    ];

    let mut slip = base.clone();
    slip.push(("../../evil.sh", b"echo pwned"));
    raw_zip(&dir.join("zip-slip.zip"), &slip);

    let mut absolute = base.clone();
    absolute.push(("/etc/cron.d/evil", b"x"));
    raw_zip(&dir.join("absolute.zip"), &absolute);

    {
        let file = std::fs::File::create(dir.join("symlink.zip")).expect("create");
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default();
        for (name, bytes) in &base {
            zip.start_file(*name, options).expect("start");
            zip.write_all(bytes).expect("write");
        }
        zip.add_symlink("passwd", "/etc/passwd", options)
            .expect("symlink");
        zip.finish().expect("finish");
    }

    // A zip bomb: 64 MiB of zeros deflate to about 64 KiB.
    let zeros = vec![0u8; 64 * 1024 * 1024];
    let mut bomb = base.clone();
    bomb.push(("media/zeros.bin", &zeros));
    raw_zip(&dir.join("bomb.zip"), &bomb);

    // An absurd declared size: patch a central-directory header to claim ~4 GiB.
    raw_zip(&dir.join("absurd-size.zip"), &base);
    let mut bytes = std::fs::read(dir.join("absurd-size.zip")).expect("read");
    let sig = [0x50, 0x4b, 0x01, 0x02];
    let at = bytes
        .windows(4)
        .position(|w| w == sig)
        .expect("central directory");
    bytes[at + 24..at + 28].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    std::fs::write(dir.join("absurd-size.zip"), bytes).expect("write");

    let mut entity = base.clone();
    let laughs =
        std::fs::read(fixture("packages/doctype-entities/imsmanifest.xml")).expect("fixture");
    entity[0] = ("imsmanifest.xml", &laughs);
    raw_zip(&dir.join("entities.zip"), &entity);

    std::fs::write(dir.join("not-a-zip.zip"), b"PK\x03\x04 this is not a zip").expect("write");

    let before = crate::listing(dir);
    let cases = [
        (
            "zip-slip.zip",
            1,
            "zip entry `../../evil.sh` climbs out of the package with `..`; it is not extracted",
        ),
        (
            "absolute.zip",
            1,
            "zip entry `/etc/cron.d/evil` is an absolute path; it is not extracted",
        ),
        (
            "symlink.zip",
            1,
            "zip entry `passwd` is a symbolic link; it is not followed",
        ),
        ("bomb.zip", 1, "zip entry `media/zeros.bin` expands"),
        ("absurd-size.zip", 1, "(412 bytes to 4294967280)"),
        ("entities.zip", 1, "DOCTYPE"),
        ("not-a-zip.zip", 2, "is not a readable zip file"),
    ];
    for (name, code, message) in cases {
        let path = dir.join(name).display().to_string();
        let out = coursepack(&["validate", &path]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(code), "{name}:\n{stdout}");
        assert!(
            stdout.contains(message),
            "{name} should say `{message}`:\n{stdout}"
        );
    }
    assert_eq!(crate::listing(dir), before, "validate wrote nothing");
    assert!(
        !dir.join("evil.sh").exists()
            && !tmp
                .path()
                .parent()
                .map(|p| p.join("evil.sh").exists())
                .unwrap_or(false)
    );
}

#[test]
fn exit_codes_and_strict() {
    let path = |name: &str| fixture(&format!("packages/{name}")).display().to_string();
    let code = |args: &[&str]| {
        let mut all = vec!["validate"];
        all.extend_from_slice(args);
        coursepack(&all).status.code()
    };
    let (valid, warned, invalid) = (
        path("valid-minimal"),
        path("junk-unlisted-no-schemas"),
        path("broken-references"),
    );
    let (scorm2004, aicc) = (path("valid-scorm2004"), path("aicc"));
    assert_eq!(code(&[&valid]), Some(0));
    assert_eq!(code(&[&warned]), Some(0));
    assert_eq!(code(&["--strict", &warned]), Some(1));
    assert_eq!(code(&[&valid, &invalid]), Some(1));
    assert_eq!(code(&[&valid, "/no/such/package.zip"]), Some(2));
    assert_eq!(code(&[]), Some(2));
    // SCORM 2004 is validated: 0 or 1, never 3.
    assert_eq!(code(&[&scorm2004]), Some(0));
    assert_eq!(code(&[&path("scorm2004-no-schemaversion")]), Some(1));
    // cmi5 is validated: 0 or 1, never 3.
    assert_eq!(code(&[&path("valid-cmi5")]), Some(0));
    assert_eq!(code(&[&path("cmi5-ids")]), Some(1));
    assert_eq!(code(&[&path("cmi5-texts")]), Some(0), "warnings only");
    assert_eq!(code(&["--strict", &path("cmi5-texts")]), Some(1));
    // 3: a kind coursepack recognises but does not validate.
    assert_eq!(code(&[&aicc]), Some(3));
    assert_eq!(code(&[&valid, &aicc]), Some(3));
    assert_eq!(code(&[&scorm2004, &aicc]), Some(3));
    assert_eq!(code(&[&aicc, &invalid]), Some(1), "invalid wins");
    assert_eq!(
        code(&[&aicc, "/no/such/package.zip"]),
        Some(2),
        "unreadable wins"
    );
    // The profile decides what Moodle's tolerance is worth.
    let tolerated = path("tolerated-identifiers");
    assert_eq!(code(&[&tolerated]), Some(0));
    assert_eq!(code(&["--profile", "strict", &tolerated]), Some(1));
    assert_eq!(code(&["--profile", "lms", "--strict", &tolerated]), Some(1));
}

#[test]
fn help_documents_exit_codes_and_profiles() {
    let out = coursepack(&["validate", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    for needle in [
        "3 a package is of a kind coursepack recognises but does not",
        "validate yet (AICC)",
        "--profile",
        "--explain",
        "--max-diagnostics",
        "[default: 200]",
    ] {
        assert!(help.contains(needle), "`{needle}` in:\n{help}");
    }
}

#[test]
fn json_report() {
    let invalid = fixture("packages/broken-references").display().to_string();
    let valid = fixture("packages/tincan-valid").display().to_string();
    let unsupported = fixture("packages/aicc").display().to_string();
    let out = coursepack(&[
        "validate",
        "--format",
        "json",
        &invalid,
        &valid,
        &unsupported,
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["valid"], false);
    let packages = &doc["packages"];
    assert_eq!(packages[0]["kind"], "scorm12");
    assert_eq!(packages[0]["valid"], false);
    assert_eq!(packages[0]["verdict"], "invalid");
    assert_eq!(packages[0]["profile"], "lms");
    assert_eq!(packages[1]["kind"], "tincan");
    assert_eq!(packages[1]["valid"], true);
    assert_eq!(packages[1]["verdict"], "valid");
    assert_eq!(packages[2]["kind"], "aicc");
    assert_eq!(packages[2]["verdict"], "unsupported");
    assert!(packages[2]["notes"][0]
        .as_str()
        .is_some_and(|n| n.contains("AICC course files `course.crs`, `course.cst`")));
    let first = &packages[0]["diagnostics"][0];
    assert_eq!(first["file"], "imsmanifest.xml");
    assert!(first["line"].as_u64().is_some() && first["column"].as_u64().is_some());
    let strict = coursepack(&[
        "validate",
        "--format",
        "json",
        "--profile",
        "strict",
        &invalid,
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&strict.stdout).expect("JSON");
    assert_eq!(doc["packages"][0]["profile"], "strict");
    assert_eq!(doc["packages"][0]["errors"], 3);
}

#[test]
fn junit_report_is_well_formed_and_counts() {
    let invalid = fixture("packages/broken-references").display().to_string();
    let valid = fixture("packages/valid-minimal").display().to_string();
    let unsupported = fixture("packages/aicc").display().to_string();
    let out = coursepack(&[
        "validate",
        "--format",
        "junit",
        &invalid,
        &valid,
        "/no/such.zip",
        &unsupported,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let xml = String::from_utf8(out.stdout).expect("utf-8");
    let root = coursepack::validate::dom::parse(xml.as_bytes()).expect("well-formed XML");
    assert_eq!(root.local, "testsuites");
    assert_eq!(root.attr("tests"), Some("4"));
    assert_eq!(root.attr("failures"), Some("1"));
    assert_eq!(root.attr("errors"), Some("1"));
    let suite = &root.children[0];
    assert_eq!(suite.attr("skipped"), Some("1"));
    assert_eq!(suite.children.len(), 4);
    let children = |i: usize| -> Vec<&str> {
        suite.children[i]
            .children
            .iter()
            .map(|c| c.local.as_str())
            .collect()
    };
    assert_eq!(children(0), ["properties", "failure", "system-out"]);
    assert_eq!(children(1), ["properties"], "a valid package passes");
    assert_eq!(children(2), ["error"]);
    assert_eq!(children(3), ["properties", "skipped", "system-out"]);
    let kind = |i: usize| {
        suite.children[i].children[0].children[0]
            .attr("value")
            .map(str::to_string)
    };
    assert_eq!(kind(0).as_deref(), Some("scorm12"));
    assert_eq!(kind(3).as_deref(), Some("aicc"));
    assert_eq!(
        suite.children[3].attr("classname"),
        Some("coursepack.validate.aicc")
    );
}

#[test]
fn deep_checks_every_entry_crc() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("damaged.zip");
    let manifest = good_manifest();
    {
        let file = std::fs::File::create(&path).expect("create");
        let mut zip = zip::ZipWriter::new(file);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in [
            ("imsmanifest.xml", &manifest[..]),
            ("index.html", b"<html>CORRUPT-ME</html>"),
            ("app.js", b"x"),
        ] {
            zip.start_file(name, stored).expect("start");
            zip.write_all(bytes).expect("write");
        }
        zip.finish().expect("finish");
    }
    let mut bytes = std::fs::read(&path).expect("read");
    let at = bytes
        .windows(10)
        .position(|w| w == b"CORRUPT-ME")
        .expect("stored data");
    bytes[at] = b'K';
    std::fs::write(&path, bytes).expect("write");
    let p = path.display().to_string();
    let shallow = coursepack(&["validate", &p]);
    assert_eq!(
        shallow.status.code(),
        Some(0),
        "the central directory alone looks fine"
    );
    let deep = coursepack(&["validate", "--deep", &p]);
    assert_eq!(deep.status.code(), Some(1));
    let out = String::from_utf8_lossy(&deep.stdout);
    assert!(out.contains("zip entry `index.html` is damaged"), "{out}");
}

#[test]
fn deep_reports_pages_and_style_sheets_that_refer_to_missing_files() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("dangling.zip");
    // The valid minimal package with a style sheet and an image more, listed in the manifest:
    // clean without --deep.
    let manifest = String::from_utf8(good_manifest()).expect("utf-8").replace(
        "<file href=\"app.js\"/>",
        "<file href=\"app.js\"/><file href=\"css/site.css\"/><file href=\"img/logo.svg\"/>",
    );
    let control: Vec<(String, Vec<u8>)> = [
        "adlcp_rootv1p2.xsd",
        "ims_xml.xsd",
        "imscp_rootv1p1p2.xsd",
        "imsmd_rootv1p2p1.xsd",
    ]
    .iter()
    .map(|n| {
        (
            n.to_string(),
            std::fs::read(fixture("packages/valid-minimal").join(n)).expect("xsd"),
        )
    })
    .collect();
    let page = b"<!doctype html>\n<html><head><link rel=stylesheet href=\"css/site.css\">\n\
<script src=\"js/app.js\"></script></head>\n<body><img src=\"img/logo.svg\" alt=\"\">\n\
<a href=\"https://example.com/\">out</a><img src=\"data:image/gif;base64,R0lGOD\" alt=\"\"></body></html>";
    let css = b"body { background: url(../img/bg.png) } @import \"print.css\";";
    raw_zip(
        &path,
        &[
            ("imsmanifest.xml", manifest.as_bytes()),
            ("index.html", page),
            ("css/site.css", css),
            (
                "img/logo.svg",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            ),
            ("app.js", b""),
            (&control[0].0, &control[0].1),
            (&control[1].0, &control[1].1),
            (&control[2].0, &control[2].1),
            (&control[3].0, &control[3].1),
        ],
    );
    let p = path.display().to_string();
    // Without --deep only the manifest is read: the package is clean.
    let shallow = coursepack(&["validate", "--strict", &p]);
    assert_eq!(
        shallow.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&shallow.stdout)
    );
    let deep = coursepack(&["validate", "--deep", "--message-format", "json", &p]);
    let report: serde_json::Value = serde_json::from_slice(&deep.stdout).expect("json");
    let found: Vec<String> = report["packages"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        // What the pages and style sheets refer to: warnings (the LMS imports the package; the
        // learner sees a broken image or an unstyled page).
        .filter(|d| d["file"] == "index.html" || d["file"] == "css/site.css")
        .inspect(|d| assert_eq!(d["severity"], "warning", "{d}"))
        .map(|d| {
            format!(
                "{}:{}: {}",
                d["file"].as_str().unwrap_or(""),
                d["line"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "css/site.css:1: `../img/bg.png` names `img/bg.png`, which is not in the package",
            "css/site.css:1: `print.css` names `css/print.css`, which is not in the package",
            "index.html:3: `js/app.js` is not in the package",
        ],
        "{report}"
    );
    let strict = coursepack(&["validate", "--deep", "--strict", &p]);
    assert_eq!(strict.status.code(), Some(1));
}

/// A lone manifest validates (schemas and the rules that need no files, with a note that the
/// file checks were skipped); a folder validates; `--schema-only` takes folders too.
#[test]
fn lone_manifests_folders_and_schema_only() {
    let run = |args: &[&str]| {
        let mut all = vec!["validate"];
        all.extend_from_slice(args);
        let out = coursepack(&all);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let file = |p: &str| fixture(&format!("packages/{p}")).display().to_string();
    // The launch file is missing from that package, but a lone manifest has no files to check.
    let (code, out) = run(&[&file("missing-launch-file/imsmanifest.xml")]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("note: a lone manifest: the checks of the files it names were skipped"),
        "{out}"
    );
    assert!(!out.contains("Could not find EOCD"), "{out}");
    // The rules that need no files still apply.
    let (code, out) = run(&[&file("mastery-and-time/imsmanifest.xml")]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("adlcp:masteryscore `abc` is not a number"),
        "{out}"
    );
    assert_eq!(run(&[&file("tincan-valid/tincan.xml")]).0, Some(0));
    assert_eq!(run(&[&file("tincan-broken/tincan.xml")]).0, Some(1));
    assert_eq!(run(&[&file("valid-scorm2004/imsmanifest.xml")]).0, Some(0));
    let (code, out) = run(&[&file("scorm2004-sequencing-references/imsmanifest.xml")]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("referencedObjective `NOWHERE`"), "{out}");
    assert!(out.contains("valid SCORM 2004 package"), "{out}");
    let (code, out) = run(&[
        "--schema-only",
        &file("valid-scorm2004-sequencing/imsmanifest.xml"),
    ]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("valid SCORM 2004 package"), "{out}");
    assert_eq!(run(&[&file("valid-cmi5/cmi5.xml")]).0, Some(0));
    assert_eq!(run(&[&file("cmi5-ids/cmi5.xml")]).0, Some(1));
    // A folder, with and without --schema-only.
    assert_eq!(run(&[&file("valid-minimal")]).0, Some(0));
    let (code, out) = run(&["--schema-only", &file("valid-minimal")]);
    assert_eq!(code, Some(0), "{out}");
    assert!(!out.contains("Is a directory"), "{out}");
    assert!(out.contains("note: --schema-only"), "{out}");
    // --schema-only skips the package rules: a missing launch file is no schema matter…
    assert_eq!(
        run(&["--schema-only", &file("missing-launch-file")]).0,
        Some(0)
    );
    // …but a manifest the schemas reject fails, folder or file.
    assert_eq!(run(&["--schema-only", &file("not-well-formed")]).0, Some(1));
    let (code, out) = run(&[
        "--schema-only",
        &file("tolerated-identifiers/imsmanifest.xml"),
    ]);
    assert_eq!(code, Some(1));
    // The schema's own message says what is wrong with each identifier.
    assert!(
        out.contains("`5-Why_Problem_Solving_ORG`; expected an XML name without a colon (such as `item_1`): a name cannot start with a digit"),
        "{out}"
    );
    assert!(
        out.contains("`intro,part1`; expected an XML name without a colon (such as `item_1`): `,` cannot appear in a name"),
        "{out}"
    );
}

/// `--max-diagnostics N` prints N diagnostics per package (errors first) and counts the rest;
/// 0 prints them all.
#[test]
fn max_diagnostics_bounds_the_report() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("many");
    crate::copy_dir(&fixture("packages/valid-minimal"), &dir);
    let items: String = (0..300)
        .map(|i| {
            format!(
                "<item identifier=\"X{i}\" identifierref=\"NONE{i}\"><title>L{i}</title></item>\n"
            )
        })
        .collect();
    let manifest = String::from_utf8(good_manifest()).expect("utf-8").replace(
        "<item identifier=\"I1\" identifierref=\"R1\">",
        &format!("{items}<item identifier=\"I1\" identifierref=\"R1\">"),
    );
    std::fs::write(dir.join("imsmanifest.xml"), manifest).expect("write");
    std::fs::write(dir.join("extra.txt"), "x").expect("write");
    let p = dir.display().to_string();
    let human = |args: &[&str]| {
        let mut all = vec!["validate", &p];
        all.extend_from_slice(args);
        String::from_utf8_lossy(&coursepack(&all).stdout).into_owned()
    };
    let count = |text: &str, what: &str| text.lines().filter(|l| l.starts_with(what)).count();
    let bounded = human(&[]);
    assert_eq!(count(&bounded, "error: "), 200, "{bounded}");
    assert_eq!(count(&bounded, "warning: "), 0, "errors come first");
    assert!(
        bounded.contains(
            "… and 101 more: 100 error(s), 1 warning(s) (--max-diagnostics 0 prints them all)"
        ),
        "{bounded}"
    );
    assert!(
        bounded.contains("(300 error(s), 1 warning(s))"),
        "{bounded}"
    );
    let all = human(&["--max-diagnostics", "0"]);
    assert_eq!(count(&all, "error: "), 300);
    assert_eq!(count(&all, "warning: "), 1);
    assert!(!all.contains("more:"));
    let json = coursepack(&[
        "validate",
        &p,
        "--max-diagnostics",
        "10",
        "--message-format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let package = &doc["packages"][0];
    assert_eq!(package["diagnostics"].as_array().map(Vec::len), Some(10));
    assert_eq!(package["errors"], 300);
    assert_eq!(package["omitted"]["errors"], 290);
    assert_eq!(package["omitted"]["warnings"], 1);
}

/// `--explain`: what Moodle will make of the package.
#[test]
fn explain_says_what_moodle_makes_of_the_package() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("explained");
    crate::copy_dir(&fixture("packages/valid-minimal"), &dir);
    let manifest = String::from_utf8(good_manifest()).expect("utf-8").replace(
        "<item identifier=\"I1\" identifierref=\"R1\">\n        <title>Lesson</title>",
        "<item identifier=\"P1\"><title>Part one</title>\n<item identifier=\"I0\" identifierref=\"R1\" parameters=\"?page=2\" isvisible=\"false\"><title>Hidden page</title></item>\n</item>\n<item identifier=\"I1\" identifierref=\"R1\">\n        <title>Lesson</title>\n        <adlcp:prerequisites type=\"aicc_script\">I0</adlcp:prerequisites>\n        <adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed>",
    );
    std::fs::write(dir.join("imsmanifest.xml"), manifest).expect("write");
    let p = dir.display().to_string();
    let out = coursepack(&["validate", "--explain", &p]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    for line in [
        "what Moodle will make of it (SCORM_1.2):",
        "  organization `ORG` \"Course\" [launch]",
        "    item `P1` \"Part one\": launches nothing",
        "      item `I0` \"Hidden page\" [opens first]: sco `index.html?page=2`, hidden",
        "    item `I1` \"Lesson\": sco `index.html`, mastery score `80`, max time allowed `00:30:00`, prerequisites `I0`",
    ] {
        assert!(text.lines().any(|l| l == line), "`{line}` in:\n{text}");
    }
    let json = coursepack(&["validate", "--explain", "--message-format", "json", &p]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let explain = &doc["packages"][0]["explain"];
    assert_eq!(explain["version"], "SCORM_1.2");
    assert_eq!(explain["launch"], "ORG");
    assert_eq!(explain["opens"], "I0");
    let i1 = &explain["scoes"][3];
    assert_eq!(i1["identifier"], "I1");
    assert_eq!(i1["title"], "Lesson");
    assert_eq!(i1["scormtype"], "sco");
    assert_eq!(i1["masteryscore"], "80");
    assert_eq!(i1["prerequisites"], "I0");
    assert_eq!(explain["scoes"][2]["launch_url"], "index.html?page=2");
    // Without --explain, nothing of it.
    let plain = coursepack(&["validate", &p]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("what Moodle"));
}

#[test]
fn a_missing_file_names_the_file_that_differs_only_in_case() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("pkg");
    std::fs::create_dir(&dir).expect("dir");
    for entry in std::fs::read_dir(fixture("packages/missing-launch-file")).expect("fixture") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
    }
    // Two candidates: the first in name order is named.
    std::fs::write(dir.join("Index.html"), "<!doctype html>").expect("write");
    std::fs::write(dir.join("INDEX.HTML"), "<!doctype html>").expect("write");
    let report = validate_path(&dir, Options::default()).expect("readable");
    let launch = report
        .diagnostics
        .iter()
        .find(|d| {
            d.message
                .contains("href `index.html` is not in the package")
        })
        .expect("the launch file is reported");
    assert_eq!(
        launch.hint.as_deref(),
        Some("the package has `INDEX.HTML`: names are case-sensitive on LMS servers")
    );
}

/// `--explain` for SCORM 2004: the values Moodle hands to each SCO (the scaled passing score
/// from whichever objective it takes it, the attempt duration limit, the hidden buttons) and
/// the sequencing it does not apply.
#[test]
fn explain_says_what_moodle_makes_of_a_scorm2004_package() {
    let p = fixture("packages/valid-scorm2004-sequencing")
        .display()
        .to_string();
    let out = coursepack(&["validate", "--explain", &p]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    for line in [
        "what Moodle will make of it (SCORM_1.3):",
        "    item `LESSONS` \"Lessons\": launches nothing",
        "      item `L1` \"Lesson one\" [opens first]: sco `content/lesson1.html?lesson=1`, time limit action `continue,no message`, data from LMS `start=intro`, scaled passing score `0.8`, attempt duration limit `PT1H30M`, objectives `L1_DONE`, hides `previous`",
        "      item `L2` \"Lesson two\": sco `content/lesson2.html`, scaled passing score `1.0` (from objective `L1_SATISFIED`), objectives `L2_DONE`, `L1_SATISFIED`",
        "  not applied by Moodle: the shared sequencing of imsss:sequencingCollection (2 activity(ies) refer to it with IDRef): Moodle never reads it",
        "  not applied by Moodle: 2 imsss:mapInfo (global objectives): Moodle parses them but never stores them",
        "  not applied by Moodle: the attributes of 2 adlcp:completionThreshold (completion by progress measure): Moodle reads only the element's text",
    ] {
        assert!(text.lines().any(|l| l == line), "`{line}` in:\n{text}");
    }
    let json = coursepack(&["validate", "--explain", "--message-format", "json", &p]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let explain = &doc["packages"][0]["explain"];
    assert_eq!(explain["version"], "SCORM_1.3");
    let l2 = &explain["scoes"][3];
    assert_eq!(l2["identifier"], "L2");
    assert_eq!(l2["scaled_passing_score"], "1.0");
    assert_eq!(l2["objectives"][1]["objectiveid"], "L1_SATISFIED");
    assert_eq!(l2["objectives"][1]["minnormalizedmeasure"], "1.0");
    assert_eq!(explain["scoes"][2]["hide_lms_ui"][0], "previous");
    assert!(explain["unread"].as_array().is_some_and(|u| u.len() == 9));
}

/// The SCORM 2004 rules answer on broken and odd manifests (bytes flipped and cut in one that
/// uses every sequencing construct), never panic.
/// The cmi5 rules and `--explain` on damaged course structures: a verdict, never a panic.
#[test]
fn cmi5_rules_never_panic_on_odd_course_structures() {
    let text = std::fs::read(fixture("packages/valid-cmi5/cmi5.xml")).expect("fixture");
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("index.html"), b"x").expect("write");
    let path = tmp.path().join("cmi5.xml");
    let mut seed: u32 = 0x85EB_CA6B;
    let mut invalid = 0;
    for n in 0..200 {
        let mut bytes = text.clone();
        for _ in 0..4 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let at = usize::try_from(seed).unwrap_or(0) % bytes.len();
            bytes[at] = b"<>&;:\"'/=x \n]!-?#%0"[usize::try_from(seed >> 8).unwrap_or(0) % 19];
        }
        if n % 10 == 0 {
            bytes.truncate(bytes.len() * n / 200);
        }
        std::fs::write(&path, &bytes).expect("write");
        for profile in [Profile::Lms, Profile::Strict] {
            let options = Options {
                profile,
                explain: true,
                ..Options::default()
            };
            let report = validate_path(tmp.path(), options).expect("readable");
            assert_eq!(report.kind, coursepack::validate::Kind::Cmi5);
            if !report.is_valid(false) {
                invalid += 1;
            }
        }
    }
    assert!(invalid > 0, "damage is reported");
}

#[test]
fn scorm2004_rules_never_panic_on_odd_manifests() {
    let text = std::fs::read(fixture(
        "packages/valid-scorm2004-sequencing/imsmanifest.xml",
    ))
    .expect("fixture");
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("imsmanifest.xml");
    let mut seed: u32 = 0x9E37_79B9;
    for n in 0..200 {
        let mut bytes = text.clone();
        for _ in 0..4 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let at = usize::try_from(seed).unwrap_or(0) % bytes.len();
            bytes[at] = b"<>&;:\"'/=x \n]!-?#%0"[usize::try_from(seed >> 8).unwrap_or(0) % 19];
        }
        if n % 10 == 0 {
            bytes.truncate(bytes.len() * n / 200);
        }
        std::fs::write(&path, &bytes).expect("write");
        for profile in [Profile::Lms, Profile::Strict] {
            let options = Options {
                profile,
                explain: true,
                ..Options::default()
            };
            assert!(validate_path(&path, options).is_ok());
        }
    }
}
