//! What the rules find in one manifest, and how bad each finding is under the chosen
//! [`Profile`]: the consequence in an LMS (the default) or the letter of the specification.

use super::dom::Element;
use crate::diag::{Diagnostic, Diagnostics, LineIndex, Location};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Which verdict to give.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// What real LMSs do, after Moodle's own parser: what breaks an import or a launch is an
    /// error; a departure from the schema that LMSs are known to accept is a warning that says
    /// so.
    #[default]
    Lms,
    /// The letter of the schemas and of the SCORM 1.2 CAM: every departure is an error.
    Strict,
}

impl Profile {
    pub fn name(self) -> &'static str {
        match self {
            Profile::Lms => "lms",
            Profile::Strict => "strict",
        }
    }
}

/// Diagnostics about one manifest, with its text for source lines.
pub struct Findings<'a> {
    file: &'a str,
    /// The manifest's lines, for the source line of each diagnostic.
    lines: &'a LineIndex<'a>,
    pub profile: Profile,
    pub diags: Diagnostics,
    /// Places where a rule has said what a schema violation would say, in its own words:
    /// (line, column, a `quoted` value of the message).
    covered: HashSet<(usize, usize, String)>,
    /// Package paths already reported missing: a file is reported once, however many
    /// references name it.
    missing: HashSet<String>,
    /// The package's files by their ASCII-lower-case name, built when a file is first missing.
    folded: Option<HashMap<String, String>>,
}

impl<'a> Findings<'a> {
    /// Findings about `file`, whose `lines` give each diagnostic its source line.
    pub fn new(file: &'a str, lines: &'a LineIndex<'a>, profile: Profile) -> Self {
        Findings {
            file,
            lines,
            profile,
            diags: Diagnostics::new(),
            covered: HashSet::new(),
            missing: HashSet::new(),
            folded: None,
        }
    }

    fn located(&self, d: Diagnostic, line: usize, column: usize) -> Diagnostic {
        let d = d.at(Location::new(self.file, line, column));
        match self.lines.line(line) {
            Some(src) => d.with_source_line(src),
            None => d,
        }
    }

    /// Marks what a rule reported at (`line`, `column`) as said: a schema violation there about
    /// the same `quoted` value is not repeated.
    fn cover(&mut self, line: usize, column: usize, message: &str) {
        for q in quoted(message) {
            self.covered.insert((line, column, q.to_string()));
        }
    }

    /// Says, without a message of its own, that the schema violations about `value` at `el` are
    /// explained elsewhere (a reference to an identifier that is reported where it is defined).
    pub fn cover_value(&mut self, el: &Element, value: &str) {
        self.covered.insert((el.line, el.column, value.to_string()));
    }

    /// Whether a schema violation has been said better by a rule.
    pub fn covers(&self, line: usize, column: usize, message: &str) -> bool {
        quoted(message)
            .iter()
            .any(|q| self.covered.contains(&(line, column, (*q).to_string())))
    }

    /// Whether `path` was already reported missing; records it.
    pub fn first_report_of_missing(&mut self, path: &str) -> bool {
        self.missing.insert(path.to_string())
    }

    /// The file of `files` whose name differs from `path` only in ASCII case (the first in
    /// name order), if one does.
    pub fn same_but_case(&mut self, files: &BTreeSet<String>, path: &str) -> Option<String> {
        let folded = self.folded.get_or_insert_with(|| {
            super::refs::folded(files)
                .into_iter()
                .map(|(lower, name)| (lower, name.to_string()))
                .collect()
        });
        folded.get(&path.to_ascii_lowercase()).cloned()
    }

    /// An error in every profile: it breaks an import or a launch.
    pub fn error_at(&mut self, el: &Element, message: String, hint: &str) {
        self.cover(el.line, el.column, &message);
        let d = self.located(Diagnostic::error(message).hint(hint), el.line, el.column);
        self.diags.push(d);
    }

    /// A warning in every profile.
    pub fn warning_at(&mut self, el: &Element, message: String, hint: &str) {
        let d = self.located(Diagnostic::warning(message).hint(hint), el.line, el.column);
        self.diags.push(d);
    }

    /// A departure from the specification that LMSs tolerate: a warning that names the
    /// tolerance (`moodle`: what Moodle does instead) by default, an error with
    /// `--profile strict`.
    pub fn tolerated_at(&mut self, el: &Element, message: String, moodle: &str, hint: &str) {
        self.cover(el.line, el.column, &message);
        let d = self.tolerated(message, moodle, hint);
        let d = self.located(d, el.line, el.column);
        self.diags.push(d);
    }

    /// A departure from the specification that LMSs tolerate, for kinds Moodle does not import
    /// (cmi5): a warning that says what LMSs do instead (`lms`) by default, an error with
    /// `--profile strict`.
    pub fn lenient_at(&mut self, el: &Element, message: String, lms: &str, hint: &str) {
        self.cover(el.line, el.column, &message);
        let d = match self.profile {
            Profile::Strict => Diagnostic::error(message).hint(hint),
            Profile::Lms => Diagnostic::warning(format!("{message}; {lms}")).hint(hint),
        };
        let d = self.located(d, el.line, el.column);
        self.diags.push(d);
    }

    /// What only the letter of the specification asks, and Moodle does not notice: an error
    /// with `--profile strict`, nothing by default.
    pub fn strict_only_at(&mut self, el: &Element, message: String, hint: &str) {
        if self.profile == Profile::Strict {
            self.error_at(el, message, hint);
        }
    }

    fn tolerated(&self, message: String, moodle: &str, hint: &str) -> Diagnostic {
        match self.profile {
            Profile::Strict => Diagnostic::error(message).hint(hint),
            Profile::Lms => {
                Diagnostic::warning(format!("{message}; Moodle imports it: {moodle}")).hint(hint)
            }
        }
    }

    pub fn error_at_position(
        &mut self,
        line: usize,
        column: usize,
        message: String,
        hint: Option<&str>,
    ) {
        let mut d = Diagnostic::error(message);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        let d = self.located(d, line, column);
        self.diags.push(d);
    }

    pub fn error(&mut self, message: String, hint: &str) {
        self.diags.push(Diagnostic::error(message).hint(hint));
    }

    pub fn warning(&mut self, message: String, hint: &str) {
        self.diags.push(Diagnostic::warning(message).hint(hint));
    }
}

/// The `backticked` values of a message.
pub fn quoted(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}
