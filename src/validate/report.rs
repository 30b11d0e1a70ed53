//! Validation reports for people (`human`), for programs (`json`) and for CI dashboards (`junit`).

use super::PackageReport;
use crate::xml::XmlWriter;

/// How to print a validation report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Human,
    Json,
    Junit,
}

/// The outcome for one path: a report, or why the path could not be read at all.
pub enum Outcome {
    Checked(PackageReport),
    Unreadable { path: String, message: String },
}

/// Renders all outcomes in `format`; `strict` counts warnings as errors.
pub fn render(outcomes: &[Outcome], format: ReportFormat, strict: bool) -> String {
    match format {
        ReportFormat::Human => human(outcomes, strict),
        ReportFormat::Json => json(outcomes, strict),
        ReportFormat::Junit => junit(outcomes, strict),
    }
}

fn human(outcomes: &[Outcome], strict: bool) -> String {
    let mut out = String::new();
    for o in outcomes {
        match o {
            Outcome::Unreadable { path, message } => {
                out.push_str(&format!("{path}: unreadable: {message}\n\n"));
            }
            Outcome::Checked(r) => {
                for d in r.diagnostics.iter() {
                    out.push_str(&d.human());
                    out.push('\n');
                }
                let verdict = if r.is_valid(strict) {
                    "valid"
                } else {
                    "invalid"
                };
                out.push_str(&format!(
                    "{}: {verdict} {} package ({} error(s), {} warning(s){})\n\n",
                    r.path,
                    r.kind.describe(),
                    r.diagnostics.error_count(),
                    r.diagnostics.warning_count(),
                    if strict {
                        ", warnings count as errors"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
    out
}

fn json(outcomes: &[Outcome], strict: bool) -> String {
    let packages: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Unreadable { path, message } => serde_json::json!({
                "path": path,
                "kind": "unreadable",
                "valid": false,
                "errors": 1,
                "warnings": 0,
                "diagnostics": [{"severity": "error", "message": message}],
            }),
            Outcome::Checked(r) => serde_json::json!({
                "path": r.path,
                "kind": r.kind,
                "valid": r.is_valid(strict),
                "errors": r.diagnostics.error_count(),
                "warnings": r.diagnostics.warning_count(),
                "diagnostics": r.diagnostics,
            }),
        })
        .collect();
    let valid = packages.iter().all(|p| p["valid"] == true);
    let doc = serde_json::json!({ "valid": valid, "strict": strict, "packages": packages });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// One `<testcase>` per path; a `<failure>` lists its errors, an `<error>` says it was unreadable,
/// warnings go to `<system-out>`.
fn junit(outcomes: &[Outcome], strict: bool) -> String {
    let tests = outcomes.len().to_string();
    let failures = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Checked(r) if !r.is_valid(strict)))
        .count()
        .to_string();
    let errors = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Unreadable { .. }))
        .count()
        .to_string();
    let mut w = XmlWriter::new();
    let counts = [
        ("name", "coursepack validate"),
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", errors.as_str()),
    ];
    w.start("testsuites", &counts);
    let mut suite = counts.to_vec();
    suite.push(("skipped", "0"));
    w.start("testsuite", &suite);
    for o in outcomes {
        match o {
            Outcome::Unreadable { path, message } => {
                w.start(
                    "testcase",
                    &[("classname", "coursepack.validate"), ("name", path)],
                );
                w.text_element(
                    "error",
                    &[("message", message), ("type", "unreadable")],
                    message,
                );
                w.end("testcase");
            }
            Outcome::Checked(r) => {
                let classname = format!("coursepack.validate.{}", r.kind.slug());
                w.start("testcase", &[("classname", &classname), ("name", &r.path)]);
                let (failing, passing): (Vec<_>, Vec<_>) =
                    r.diagnostics.iter().partition(|d| d.is_error() || strict);
                if !failing.is_empty() {
                    let message = format!(
                        "{} problem(s) make this {} package invalid",
                        failing.len(),
                        r.kind.describe()
                    );
                    let body: String = failing.iter().map(|d| d.short() + "\n").collect();
                    w.text_element(
                        "failure",
                        &[("message", &message), ("type", "invalid")],
                        &body,
                    );
                }
                if !passing.is_empty() {
                    let body: String = passing.iter().map(|d| d.short() + "\n").collect();
                    w.text_element("system-out", &[], &body);
                }
                w.end("testcase");
            }
        }
    }
    w.end("testsuite");
    w.end("testsuites");
    w.finish()
}
