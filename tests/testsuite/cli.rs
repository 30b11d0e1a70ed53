//! The `coursepack` binary: exit codes, output formats, nothing written by `check`.

use crate::{coursepack, coursepack_env, fixture};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn path(name: &str) -> String {
    fixture(name).display().to_string()
}

#[test]
fn check_exit_codes() {
    assert_eq!(
        coursepack(&["check"]).status.code(),
        Some(0),
        "the default course/ is clean"
    );
    assert_eq!(
        coursepack(&["check", &path("valid/minimal")]).status.code(),
        Some(0)
    );
    assert_eq!(
        coursepack(&["check", &path("invalid/unknown-key")])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        coursepack(&["check", &path("invalid/lesson-not-listed")])
            .status
            .code(),
        Some(0),
        "warnings alone pass"
    );
    assert_eq!(
        coursepack(&["check", "/nonexistent/course"]).status.code(),
        Some(2)
    );
    assert_eq!(
        coursepack(&["check", &path("")]).status.code(),
        Some(2),
        "a folder without course.toml"
    );
    assert_eq!(
        coursepack(&["check", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(coursepack(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn human_output_names_file_line_and_hint() {
    let out = coursepack(&["check", &path("invalid/unknown-key")]);
    assert!(out.stdout.is_empty(), "diagnostics go to stderr");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: unknown field `mastery-scor`"),
        "{stderr}"
    );
    assert!(stderr.contains("--> course.toml:8:1"), "{stderr}");
    assert!(stderr.contains("8 | mastery-scor = 80"), "{stderr}");
    assert!(stderr.contains("= help: check the spelling"), "{stderr}");
    assert!(stderr.contains("1 error(s), 0 warning(s)"));
}

#[test]
fn json_output_is_machine_readable() {
    let out = coursepack(&["check", "--format", "json", &path("invalid/duplicate-id")]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(doc["errors"], 3);
    let first = &doc["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "a.md");
    assert_eq!(first["line"], 5);
    assert!(first["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("duplicate id")));
    assert!(first["hint"].as_str().is_some());
    assert!(first["source_line"].as_str().is_some());

    let clean = coursepack(&["check", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&clean.stdout).expect("valid JSON");
    assert_eq!(doc["errors"], 0);
    assert_eq!(doc["warnings"], 0);
}

#[test]
fn check_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let course = tmp.path().join("c");
    crate::copy_dir(&fixture("invalid/unknown-directive"), &course);
    let before = crate::listing(&course);
    let out = Command::new(env!("CARGO_BIN_EXE_coursepack"))
        .args(["check", "c"])
        .current_dir(tmp.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(crate::listing(tmp.path()), vec!["c".to_string()]);
    assert_eq!(crate::listing(&course), before);
}

/// Runs the binary in `dir` (for the default course folder and `init`).
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_coursepack"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("NO_COLOR")
        .output()
        .expect("run coursepack")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// stdout holds exactly one JSON document (serde_json refuses anything after it).
fn one_json_document(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
            text(&out.stdout),
            text(&out.stderr)
        )
    })
}

#[test]
fn init_then_check_build_and_validate() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let made = run_in(
        tmp.path(),
        &["init", "demo", "--title", "Démo \"un\"", "--lang", "fr"],
    );
    assert_eq!(made.status.code(), Some(0), "{}", text(&made.stderr));
    assert!(made.stdout.is_empty(), "init's messages go to stderr");
    let said = text(&made.stderr);
    assert!(
        said.contains("https://example.com/courses/demo") && said.contains("placeholder"),
        "the author is told to change the id: {said}"
    );
    let demo = tmp.path().join("demo");
    let toml = std::fs::read_to_string(demo.join("course.toml")).expect("course.toml");
    assert!(toml.contains(r#"title = 'Démo "un"'"#) || toml.contains(r#"title = "Démo \"un\"""#));
    assert!(toml.contains("language = \"fr\""), "{toml}");

    // The default course folder is the current one: no argument anywhere.
    let checked = run_in(&demo, &["check"]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stderr));
    assert!(text(&checked.stderr).contains("no problems found"));

    let built = run_in(
        &demo,
        &["build", "--format", "all", "--message-format", "json"],
    );
    assert_eq!(built.status.code(), Some(0), "{}", text(&built.stderr));
    let doc = one_json_document(&built);
    assert_eq!(
        (doc["errors"].as_u64(), doc["warnings"].as_u64()),
        (Some(0), Some(0))
    );
    let zips: Vec<String> = doc["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| p["path"].as_str().expect("path").to_string())
        .collect();
    assert_eq!(
        zips,
        [
            "dist/demo-fr-scorm12.zip",
            "dist/demo-fr-scorm2004.zip",
            "dist/demo-fr-xapi.zip",
            "dist/demo-fr-cmi5.zip"
        ],
        "{doc}"
    );

    // The human table lines its columns up, whatever the longest format name (`scorm2004`):
    // the header's `sha256` and each row's digest start at the same column.
    let table = run_in(&demo, &["build", "--format", "all"]);
    assert_eq!(table.status.code(), Some(0), "{}", text(&table.stderr));
    let table = text(&table.stdout);
    let sha_columns: Vec<Option<usize>> = table
        .lines()
        .map(|line| {
            line.find("sha256").or_else(|| {
                line.split(' ')
                    .find(|w| w.len() == 64 && w.bytes().all(|b| b.is_ascii_hexdigit()))
                    .and_then(|digest| line.find(digest))
            })
        })
        .collect();
    assert_eq!(sha_columns.len(), 5, "{table}");
    assert!(
        sha_columns[0].is_some() && sha_columns.windows(2).all(|w| w[0] == w[1]),
        "{table}"
    );

    let mut args = vec!["validate", "--strict"];
    args.extend(zips.iter().map(String::as_str));
    let valid = run_in(&demo, &args);
    assert_eq!(valid.status.code(), Some(0), "{}", text(&valid.stdout));

    // A comma list builds those formats, each once, in the order asked.
    let two = run_in(
        &demo,
        &[
            "build",
            "--format",
            "xapi,scorm12,xapi",
            "--out",
            "two",
            "--message-format",
            "json",
        ],
    );
    assert_eq!(two.status.code(), Some(0), "{}", text(&two.stderr));
    let doc = one_json_document(&two);
    let paths: Vec<&str> = doc["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter_map(|p| p["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        ["two/demo-fr-xapi.zip", "two/demo-fr-scorm12.zip"],
        "{doc}"
    );
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("notes.txt"), "mine").expect("write");
    let out = run_in(tmp.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is not empty"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(crate::listing(tmp.path()), ["notes.txt"], "nothing written");

    let out = run_in(tmp.path(), &["init", "new", "--lang", "not a tag"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!tmp.path().join("new").exists());

    // A folder holding only hidden entries (a fresh `git init`) counts as empty.
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
    let out = run_in(&repo, &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(repo.join("course.toml").is_file());
}

#[test]
fn the_course_folder_defaults_to_the_current_one() {
    let clean = run_in(&fixture("valid/minimal"), &["check"]);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stderr));
    let broken = run_in(&fixture("invalid/unknown-key"), &["check"]);
    assert_eq!(broken.status.code(), Some(1), "the current folder was read");
    // Without course.toml here, the fallback is `course/`.
    let tmp = tempfile::tempdir().expect("tempdir");
    let none = run_in(tmp.path(), &["check"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(text(&none.stderr).contains("cannot open course folder `course`"));
}

#[test]
fn results_on_stdout_diagnostics_on_stderr() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_dir = tmp.path().join("out").display().to_string();
    let warned = path("invalid/lesson-not-listed");

    // Human: the package on stdout, the warning on stderr.
    let human = coursepack(&["build", &warned, "--out", &out_dir]);
    assert_eq!(human.status.code(), Some(0));
    assert!(
        text(&human.stdout).starts_with("built "),
        "{}",
        text(&human.stdout)
    );
    assert!(!text(&human.stdout).contains("warning"));
    assert!(text(&human.stderr).contains("warning: lesson file `forgotten.md`"));

    // JSON: one document holding the warning and the package, nothing on stderr.
    for args in [
        vec!["--message-format", "json"],
        vec!["--diagnostics", "json", "--summary", "json"],
        vec!["--diagnostics", "json"],
        vec!["--summary", "json"],
    ] {
        let mut all = vec!["build", &warned, "--out", &out_dir];
        all.extend(args.iter().copied());
        let json = coursepack(&all);
        assert_eq!(json.status.code(), Some(0), "{args:?}");
        let doc = one_json_document(&json);
        assert_eq!(doc["warnings"], 1, "{args:?}: {doc}");
        assert_eq!(doc["diagnostics"][0]["file"], "forgotten.md");
        assert_eq!(doc["packages"].as_array().map(Vec::len), Some(1));
        assert!(json.stderr.is_empty(), "{args:?}: {}", text(&json.stderr));
    }

    let checked = coursepack(&["check", &warned, "--message-format", "json"]);
    assert_eq!(one_json_document(&checked)["warnings"], 1);
    assert!(checked.stderr.is_empty());

    let status = coursepack(&["i18n", "status", &warned, "--message-format", "json"]);
    assert_eq!(status.status.code(), Some(0));
    assert_eq!(one_json_document(&status)["warnings"], 1);
    assert!(status.stderr.is_empty());
    let status = coursepack(&["i18n", "status", &warned]);
    assert!(text(&status.stdout).starts_with("language"));
    assert_eq!(text(&status.stderr).matches("warning:").count(), 1);

    // A course with errors: still one document, no package, exit 1.
    let broken = coursepack(&[
        "build",
        &path("invalid/unknown-key"),
        "--out",
        &out_dir,
        "--message-format",
        "json",
    ]);
    assert_eq!(broken.status.code(), Some(1));
    let doc = one_json_document(&broken);
    assert_eq!(doc["errors"], 1);
    assert_eq!(doc["packages"], serde_json::json!([]));

    // An environment error: exit 2, and still one document saying why.
    let missing = coursepack(&["build", "/nonexistent/course", "--message-format", "json"]);
    assert_eq!(missing.status.code(), Some(2));
    let doc = one_json_document(&missing);
    assert!(doc["diagnostics"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("cannot open course folder")));

    // `validate` reports on stdout in every format.
    let report = coursepack(&["validate", &path("packages/bad-hrefs")]);
    assert!(!report.stdout.is_empty());
    assert!(report.stderr.is_empty());
}

#[test]
fn a_failed_batch_prints_one_json_document() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let course = tmp.path().join("c");
    crate::copy_dir(&fixture("valid/minimal"), &course);
    let toml = std::fs::read_to_string(course.join("course.toml")).expect("toml");
    std::fs::write(
        course.join("course.toml"),
        toml.replace(
            "language = \"en\"",
            "language = \"en\"\nlanguages = [\"en\", \"fr\"]",
        ),
    )
    .expect("write");
    let out = coursepack(&[
        "build",
        &course.display().to_string(),
        "--lang",
        "all",
        "--format",
        "all",
        "--strict",
        "--out",
        &tmp.path().join("dist").display().to_string(),
        "--message-format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "French has no translation");
    let doc = one_json_document(&out);
    assert_eq!(doc["failed_languages"], serde_json::json!(["fr"]));
    assert_eq!(doc["packages"].as_array().map(Vec::len), Some(4), "{doc}");
    assert!(doc["errors"].as_u64().is_some_and(|n| n > 0), "{doc}");
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn quiet_and_verbose() {
    let warned = path("invalid/lesson-not-listed");
    let quiet = coursepack(&["-q", "check", &warned]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(quiet.stderr.is_empty(), "{}", text(&quiet.stderr));
    let quiet_errors = coursepack(&["check", "--quiet", &path("invalid/unknown-key")]);
    assert_eq!(quiet_errors.status.code(), Some(1));
    assert!(text(&quiet_errors.stderr).contains("error: unknown field"));
    assert!(!text(&quiet_errors.stderr).contains("error(s)"));

    let verbose = run_in(&fixture("valid/minimal"), &["check", "-v"]);
    assert!(text(&verbose.stderr).contains("course folder: the current folder"));
    assert_eq!(coursepack(&["-q", "-v", "check"]).status.code(), Some(2));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let warned = path("invalid/lesson-not-listed");
    let escape = |out: &Output| out.stderr.contains(&0x1b) || out.stdout.contains(&0x1b);
    // Not a terminal: no colour by default.
    assert!(!escape(&coursepack(&["check", &warned])));
    assert!(!escape(&coursepack_env(
        &["check", &warned, "--color", "auto"],
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]
    )));
    assert!(!escape(&coursepack(&[
        "check", &warned, "--color", "never"
    ])));
    let always = coursepack_env(
        &["check", &warned, "--color", "always"],
        &[("NO_COLOR", "1")],
    );
    assert!(escape(&always));
    assert!(text(&always.stderr).contains("\x1b[1m\x1b[33mwarning\x1b[0m"));
    // Machine output never carries colour.
    let json = coursepack(&[
        "check",
        &warned,
        "--color",
        "always",
        "--message-format",
        "json",
    ]);
    assert!(!json.stdout.contains(&0x1b));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let package = path("packages/bad-hrefs");
    // The reader goes away before the first write, and after reading a little of a long report.
    for read_first in [0, 16] {
        let mut args = vec!["validate".to_string()];
        args.extend(std::iter::repeat_n(package.clone(), 400));
        let mut child = Command::new(env!("CARGO_BIN_EXE_coursepack"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdout = child.stdout.take().expect("stdout");
        if read_first > 0 {
            let mut buf = vec![0; read_first];
            stdout.read_exact(&mut buf).expect("read");
        }
        drop(stdout);
        let out = child.wait_with_output().expect("wait");
        assert_ne!(out.status.code(), Some(101), "no panic");
        assert_eq!(
            out.status.code(),
            Some(1),
            "the normal exit code of an invalid package"
        );
        assert!(
            !text(&out.stderr).contains("panicked"),
            "{}",
            text(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    }
}

#[test]
fn completions_and_man_page() {
    let bash = coursepack(&["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    let script = text(&bash.stdout);
    assert!(
        script.contains("coursepack") && script.contains("complete "),
        "{script}"
    );
    assert!(script.contains("--message-format"));
    assert_eq!(coursepack(&["completions", "tcsh"]).status.code(), Some(2));

    let man = coursepack(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    let page = text(&man.stdout);
    assert!(page.starts_with('.'), "roff: {page}");
    assert!(page.contains(".TH coursepack 1"), "{page}");
    assert!(page.contains("validate"));
}
