//! Validation reports for people (`human`), for programs (`json`) and for CI dashboards (`junit`).
//!
//! Every format carries each package's kind and verdict (valid, invalid, or unsupported for a
//! kind coursepack recognises but does not validate), at most `max_diagnostics` diagnostics per
//! package with a count of the rest by severity, the notes on what was not checked, and with
//! `--explain` what Moodle (or, for cmi5, a cmi5 LMS) will make of the package.

use super::moodle::Reading;
use super::{Explanation, PackageReport, Verdict};
use crate::diag::Diagnostic;
use crate::xml::XmlWriter;
use std::fmt::Write as _;

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

/// How to render.
#[derive(Clone, Copy, Debug)]
pub struct Rendering {
    pub format: ReportFormat,
    /// `--strict`: warnings count as errors.
    pub warnings_count: bool,
    /// At most this many diagnostics per package (0: all).
    pub max_diagnostics: usize,
}

/// The diagnostics to print: errors first when some must be left out, then shown in order;
/// and how many errors and warnings are left out.
struct Shown<'a> {
    diagnostics: Vec<&'a Diagnostic>,
    omitted_errors: usize,
    omitted_warnings: usize,
}

fn shown(r: &PackageReport, max: usize) -> Shown<'_> {
    let all: Vec<&Diagnostic> = r.diagnostics.iter().collect();
    if max == 0 || all.len() <= max {
        return Shown {
            diagnostics: all,
            omitted_errors: 0,
            omitted_warnings: 0,
        };
    }
    let mut kept: Vec<usize> = (0..all.len()).filter(|&i| all[i].is_error()).collect();
    kept.extend((0..all.len()).filter(|&i| !all[i].is_error()));
    kept.truncate(max);
    kept.sort_unstable();
    let errors = kept.iter().filter(|&&i| all[i].is_error()).count();
    Shown {
        omitted_errors: r.diagnostics.error_count() - errors,
        omitted_warnings: r.diagnostics.warning_count() - (kept.len() - errors),
        diagnostics: kept.into_iter().map(|i| all[i]).collect(),
    }
}

impl Shown<'_> {
    fn omitted(&self) -> Option<String> {
        let n = self.omitted_errors + self.omitted_warnings;
        (n > 0).then(|| {
            format!(
                "… and {n} more: {} error(s), {} warning(s) (--max-diagnostics 0 prints them all)",
                self.omitted_errors, self.omitted_warnings
            )
        })
    }
}

/// Renders all outcomes.
pub fn render(outcomes: &[Outcome], how: Rendering) -> String {
    match how.format {
        ReportFormat::Human => human(outcomes, how),
        ReportFormat::Json => json(outcomes, how),
        ReportFormat::Junit => junit(outcomes, how),
    }
}

fn human(outcomes: &[Outcome], how: Rendering) -> String {
    let mut out = String::new();
    for o in outcomes {
        match o {
            Outcome::Unreadable { path, message } => {
                let _ = writeln!(out, "{path}: unreadable: {message}\n");
            }
            Outcome::Checked(r) => {
                let shown = shown(r, how.max_diagnostics);
                for d in &shown.diagnostics {
                    out.push_str(&d.human());
                    out.push('\n');
                }
                if let Some(more) = shown.omitted() {
                    let _ = writeln!(out, "{more}\n");
                }
                for note in &r.notes {
                    let _ = writeln!(out, "note: {note}");
                }
                if let Some(explanation) = &r.explain {
                    out.push_str(&explanation_text(explanation));
                }
                if !r.notes.is_empty() || r.explain.is_some() {
                    out.push('\n');
                }
                let verdict = r.verdict(how.warnings_count);
                let _ = writeln!(
                    out,
                    "{}: {} {} package{} ({} error(s), {} warning(s){}{})\n",
                    r.path,
                    verdict.as_str(),
                    r.kind.describe(),
                    if verdict == Verdict::Unsupported {
                        ", not validated"
                    } else {
                        ""
                    },
                    r.diagnostics.error_count(),
                    r.diagnostics.warning_count(),
                    if r.profile == super::Profile::Strict {
                        ", profile strict"
                    } else {
                        ""
                    },
                    if how.warnings_count {
                        ", warnings count as errors"
                    } else {
                        ""
                    }
                );
            }
        }
    }
    out
}

/// The explanation as text.
fn explanation_text(explanation: &Explanation) -> String {
    match explanation {
        Explanation::Moodle(reading) => explain_text(reading),
        Explanation::Cmi5(reading) => reading.text(),
    }
}

/// What Moodle makes of a package, as text: its rows as a tree, with what each launches.
fn explain_text(reading: &Reading) -> String {
    let mut out = format!("what Moodle will make of it ({}):\n", reading.version);
    if reading.from_resources {
        out.push_str("  no organization and no item: every resource with an href is a SCO\n");
    }
    for (i, sco) in reading.scoes.iter().enumerate() {
        let indent = "  ".repeat(sco.depth + 1);
        let what = if sco.organization.is_empty() && !reading.from_resources {
            "organization"
        } else {
            "item"
        };
        let mut line = format!("{indent}{what} `{}` \"{}\"", sco.identifier, sco.title);
        if reading.launch == Some(i) {
            line.push_str(" [launch]");
        }
        if reading.opens == Some(i) {
            line.push_str(" [opens first]");
        }
        if what == "item" {
            if sco.launch.is_empty() {
                line.push_str(": launches nothing");
            } else {
                let _ = write!(line, ": {} `{}`", sco.scormtype, sco.launch_url());
            }
        }
        let objectives = (!sco.objectives.is_empty()).then(|| {
            let ids: Vec<String> = sco
                .objectives
                .iter()
                .map(|o| {
                    if o.objectiveid.is_empty() {
                        "(no id)".to_string()
                    } else {
                        o.objectiveid.clone()
                    }
                })
                .collect();
            ids.join("`, `")
        });
        let extras = [
            ("hidden", (sco.isvisible == "false").then(String::new)),
            ("mastery score", sco.masteryscore.clone()),
            ("max time allowed", sco.maxtimeallowed.clone()),
            ("time limit action", sco.timelimitaction.clone()),
            ("data from LMS", sco.datafromlms.clone()),
            ("prerequisites", sco.prerequisites.clone()),
            (
                "completion threshold",
                sco.threshold.clone().filter(|t| !t.is_empty()),
            ),
            (
                "scaled passing score",
                sco.scaled_passing_score()
                    .map(|o| o.minnormalizedmeasure.clone()),
            ),
            (
                "attempt duration limit",
                sco.attempt_absolute_duration_limit.clone(),
            ),
            ("objectives", objectives),
            (
                "hides",
                (!sco.hide_lms_ui.is_empty()).then(|| sco.hide_lms_ui.join("`, `")),
            ),
        ];
        for (label, value) in extras {
            match value {
                Some(v) if v.is_empty() => {
                    let _ = write!(line, ", {label}");
                }
                Some(v) => {
                    let _ = write!(line, ", {label} `{v}`");
                }
                None => {}
            }
            // Moodle's scaled passing score may come from an objective other than the primary.
            if label == "scaled passing score" {
                if let Some(o) = sco.scaled_passing_score().filter(|o| !o.primary) {
                    if o.objectiveid.is_empty() {
                        line.push_str(" (from an objective without an id)");
                    } else {
                        let _ = write!(line, " (from objective `{}`)", o.objectiveid);
                    }
                }
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    if reading.opens.is_none() {
        out.push_str("  nothing to launch\n");
    }
    for note in &reading.unread {
        let _ = writeln!(out, "  not applied by Moodle: {note}");
    }
    if !reading.missing_resources.is_empty() {
        let list: Vec<String> = reading
            .missing_resources
            .iter()
            .map(|r| format!("`{r}`"))
            .collect();
        let _ = writeln!(
            out,
            "  Moodle warns on import: the manifest refers to resources it lacks: {}",
            list.join(", ")
        );
    }
    out
}

/// The explanation as JSON: rows and which one is the launch and which opens first.
fn explain_json(reading: &Reading) -> serde_json::Value {
    let id = |i: Option<usize>| i.map(|i| reading.scoes[i].identifier.clone());
    serde_json::json!({
        "version": reading.version,
        "default_organization": reading.default_organization,
        "launch": id(reading.launch),
        "opens": id(reading.opens),
        "from_resources": reading.from_resources,
        "missing_resources": reading.missing_resources,
        "unread": reading.unread,
        "scoes": reading.scoes.iter().map(|s| {
            let mut v = serde_json::to_value(s).unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert("launch_url".into(), s.launch_url().into());
                if let Some(p) = s.scaled_passing_score() {
                    o.insert("scaled_passing_score".into(), p.minnormalizedmeasure.clone().into());
                }
            }
            v
        }).collect::<Vec<_>>(),
    })
}

fn json(outcomes: &[Outcome], how: Rendering) -> String {
    let packages: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Unreadable { path, message } => serde_json::json!({
                "path": path,
                "kind": "unreadable",
                "verdict": "unreadable",
                "valid": false,
                "errors": 1,
                "warnings": 0,
                "diagnostics": [{"severity": "error", "message": message}],
            }),
            Outcome::Checked(r) => {
                let shown = shown(r, how.max_diagnostics);
                let verdict = r.verdict(how.warnings_count);
                let mut doc = serde_json::json!({
                    "path": r.path,
                    "kind": r.kind,
                    "verdict": verdict.as_str(),
                    "valid": verdict == Verdict::Valid,
                    "profile": r.profile,
                    "errors": r.diagnostics.error_count(),
                    "warnings": r.diagnostics.warning_count(),
                    "diagnostics": shown.diagnostics,
                    "notes": r.notes,
                });
                if shown.omitted_errors + shown.omitted_warnings > 0 {
                    doc["omitted"] = serde_json::json!({
                        "errors": shown.omitted_errors,
                        "warnings": shown.omitted_warnings,
                    });
                }
                match &r.explain {
                    Some(Explanation::Moodle(reading)) => doc["explain"] = explain_json(reading),
                    Some(Explanation::Cmi5(reading)) => {
                        doc["explain"] = serde_json::to_value(reading).unwrap_or_default()
                    }
                    None => {}
                }
                doc
            }
        })
        .collect();
    let valid = packages.iter().all(|p| p["valid"] == true);
    let doc =
        serde_json::json!({ "valid": valid, "strict": how.warnings_count, "packages": packages });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// One `<testcase>` per path, with the kind as a property: a `<failure>` lists its errors, an
/// `<error>` says it was unreadable, `<skipped>` marks a kind coursepack does not validate;
/// warnings and notes go to `<system-out>`.
fn junit(outcomes: &[Outcome], how: Rendering) -> String {
    let count = |f: &dyn Fn(&Outcome) -> bool| outcomes.iter().filter(|o| f(o)).count().to_string();
    let verdict_is = |o: &Outcome, v: Verdict| matches!(o, Outcome::Checked(r) if r.verdict(how.warnings_count) == v);
    let tests = outcomes.len().to_string();
    let failures = count(&|o| verdict_is(o, Verdict::Invalid));
    let skipped = count(&|o| verdict_is(o, Verdict::Unsupported));
    let errors = count(&|o| matches!(o, Outcome::Unreadable { .. }));
    let mut w = XmlWriter::new();
    let counts = [
        ("name", "coursepack validate"),
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", errors.as_str()),
    ];
    w.start("testsuites", &counts);
    let mut suite = counts.to_vec();
    suite.push(("skipped", skipped.as_str()));
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
                w.start("properties", &[]);
                w.empty("property", &[("name", "kind"), ("value", r.kind.slug())]);
                w.empty(
                    "property",
                    &[("name", "profile"), ("value", r.profile.name())],
                );
                w.end("properties");
                let shown = shown(r, how.max_diagnostics);
                let (failing, passing): (Vec<&Diagnostic>, Vec<&Diagnostic>) = shown
                    .diagnostics
                    .iter()
                    .copied()
                    .partition(|d| d.is_error() || how.warnings_count);
                match r.verdict(how.warnings_count) {
                    Verdict::Invalid => {
                        let message = format!(
                            "{} problem(s) make this {} package invalid",
                            if how.warnings_count {
                                r.diagnostics.iter().count()
                            } else {
                                r.diagnostics.error_count()
                            },
                            r.kind.describe()
                        );
                        let mut body: String = failing.iter().map(|d| d.short() + "\n").collect();
                        if let Some(more) = shown.omitted() {
                            body.push_str(&more);
                            body.push('\n');
                        }
                        w.text_element(
                            "failure",
                            &[("message", &message), ("type", "invalid")],
                            &body,
                        );
                    }
                    Verdict::Unsupported => {
                        let message = format!(
                            "{} packages are not validated by coursepack yet",
                            r.kind.describe()
                        );
                        w.empty("skipped", &[("message", &message)]);
                    }
                    Verdict::Valid => {}
                }
                let mut out: String = passing.iter().map(|d| d.short() + "\n").collect();
                for note in &r.notes {
                    let _ = writeln!(out, "note: {note}");
                }
                if let Some(explanation) = &r.explain {
                    out.push_str(&explanation_text(explanation));
                }
                if !out.is_empty() {
                    w.text_element("system-out", &[], &out);
                }
                w.end("testcase");
            }
        }
    }
    w.end("testsuite");
    w.end("testsuites");
    w.finish()
}
