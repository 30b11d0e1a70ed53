//! The `coursepack` binary: exit codes, output formats, nothing written by `check`.

use crate::{coursepack, fixture};
use std::process::Command;

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
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("error: unknown field `mastery-scor`"),
        "{stdout}"
    );
    assert!(stdout.contains("--> course.toml:8:1"), "{stdout}");
    assert!(stdout.contains("8 | mastery-scor = 80"), "{stdout}");
    assert!(stdout.contains("= help: check the spelling"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 error(s), 0 warning(s)"));
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
