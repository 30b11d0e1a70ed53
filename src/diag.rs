//! Diagnostics: what is wrong with a course, where, and what to do about it.
//!
//! Every stage reports problems as [`Diagnostic`] values instead of failing on the first one, so
//! one run shows the author everything to fix. Rendering (human, short, JSON) lives here too.

use serde::Serialize;
use std::fmt::Write as _;

/// How bad a problem is: errors stop a build, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a source file: a path relative to the course folder and a 1-based line and column
/// (columns count characters, not bytes).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(file: impl Into<String>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
        }
    }
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Where the problem is; absent for problems about the course as a whole.
    #[serde(skip_serializing_if = "Option::is_none", flatten)]
    pub location: Option<Location>,
    /// The offending source line, verbatim, for display.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            source_line: None,
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn with_source_line(mut self, line: impl Into<String>) -> Self {
        self.source_line = Some(line.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// One line: `file:line:col: severity: message`, the format of the test expectations.
    pub fn short(&self) -> String {
        match &self.location {
            Some(l) => format!(
                "{}:{}:{}: {}: {}",
                l.file,
                l.line,
                l.column,
                self.severity.as_str(),
                self.message
            ),
            None => format!("{}: {}", self.severity.as_str(), self.message),
        }
    }

    /// The full human form: message, location, the source line with a caret, and the hint.
    pub fn human(&self) -> String {
        let mut out = format!("{}: {}\n", self.severity.as_str(), self.message);
        if let Some(l) = &self.location {
            let gutter = l.line.to_string().len();
            let pad = " ".repeat(gutter);
            let _ = writeln!(out, "{pad}--> {}:{}:{}", l.file, l.line, l.column);
            if let Some(src) = &self.source_line {
                let shown: String = src
                    .chars()
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .collect();
                let caret = " ".repeat(l.column.saturating_sub(1));
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{} | {}", l.line, shown.trim_end());
                let _ = writeln!(out, "{pad} | {caret}^");
            }
        }
        if let Some(h) = &self.hint {
            let _ = writeln!(out, "  = help: {h}");
        }
        out
    }
}

/// Diagnostics collected by a stage, kept in the order found and sorted for output.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file, line and column (course-wide problems first) for stable output.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            a.location
                .cmp(&b.location)
                .then(a.severity.cmp(&b.severity))
                .then(a.message.cmp(&b.message))
        });
        self.0.dedup();
        self
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

/// Output format for diagnostics on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagnosticFormat {
    /// Messages with the source line and a hint, for people.
    Human,
    /// One line per problem: `file:line:col: severity: message`.
    Short,
    /// A JSON document, for CI.
    Json,
}

/// Renders diagnostics in the chosen format, with a closing summary for people.
pub fn render(diags: &Diagnostics, format: DiagnosticFormat) -> String {
    match format {
        DiagnosticFormat::Human => {
            let mut out = String::new();
            for d in diags.iter() {
                out.push_str(&d.human());
                out.push('\n');
            }
            out
        }
        DiagnosticFormat::Short => diags.iter().map(|d| d.short() + "\n").collect(),
        DiagnosticFormat::Json => {
            let doc = serde_json::json!({
                "errors": diags.error_count(),
                "warnings": diags.warning_count(),
                "diagnostics": diags,
            });
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
    }
}

/// Finds the 1-based line and column of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Line starts of a text, for turning many byte offsets into line and column without rescanning
/// the text each time (also on a document that is one long line).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Characters before each [`BLOCK`]-byte block of the text (empty for ASCII text, where
    /// characters are bytes).
    chars_before: Vec<usize>,
}

/// The stride of [`LineIndex`]'s character counts: a column costs at most this many byte reads.
const BLOCK: usize = 4096;

/// Characters in a run of UTF-8 (its bytes that do not continue a character).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`; a line ends at `\n`, at `\r\n`, or at a lone `\r` (as XML and CommonMark
    /// both count them).
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let newline = bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n');
            if newline {
                starts.push(i + 1);
            }
        }
        let mut chars_before = Vec::new();
        if !text.is_ascii() {
            chars_before.reserve(bytes.len() / BLOCK + 2);
            let mut total = 0;
            for block in bytes.chunks(BLOCK) {
                chars_before.push(total);
                total += count_chars(block);
            }
            chars_before.push(total);
        }
        LineIndex {
            text,
            starts,
            chars_before,
        }
    }

    /// Characters before byte `offset`.
    fn chars_to(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        let base = self.chars_before.get(block).copied().unwrap_or(0);
        base + count_chars(&self.text.as_bytes()[block * BLOCK..offset])
    }

    /// The 1-based `line`, without its line ending.
    pub fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        Some(self.text.get(start..end)?.trim_end_matches(['\n', '\r']))
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = if self.chars_before.is_empty() {
            offset - start
        } else if offset - start <= BLOCK {
            count_chars(&self.text.as_bytes()[start..offset])
        } else {
            self.chars_to(offset) - self.chars_to(start)
        };
        (line, column + 1)
    }
}

/// The 1-based `line` of `text`, without its line ending.
pub fn nth_line(text: &str, line: usize) -> Option<&str> {
    text.lines().nth(line.checked_sub(1)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nçé x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, "ab\nçé ".len()), (2, 4));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn line_index_agrees_with_line_col() {
        let text = "ab\nçé x\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 3 {
            if text.is_char_boundary(offset.min(text.len())) {
                assert_eq!(index.line_col(offset), line_col(text, offset), "{offset}");
            }
        }
        assert_eq!(index.line(2), Some("çé x"));
        assert_eq!(index.line(3), Some(""));
        assert_eq!(index.line(4), Some("last"));
        assert_eq!(index.line(5), None);
        assert_eq!(index.line(0), None);
        assert_eq!(LineIndex::new("a\r\nb").line(1), Some("a"));
        assert_eq!(LineIndex::new("a\r\nb\rc").line(2), Some("b"));
    }

    #[test]
    fn line_index_on_one_long_line() {
        let text = "é".repeat(10_000) + "<x>";
        let index = LineIndex::new(&text);
        let offset = text.len() - 3;
        assert_eq!(index.line_col(offset), (1, 10_001));
        assert_eq!(index.line_col(offset), line_col(&text, offset));
    }

    #[test]
    fn human_form_shows_caret_under_column() {
        let d = Diagnostic::error("unknown directive `tabz`")
            .at(Location::new("a.md", 12, 5))
            .with_source_line("::: tabz")
            .hint("use tabs");
        let h = d.human();
        assert!(h.contains("--> a.md:12:5"), "{h}");
        assert!(h.contains("12 | ::: tabz\n   |     ^"), "{h}");
        assert!(h.contains("= help: use tabs"), "{h}");
    }
}
