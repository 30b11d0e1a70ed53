//! The source lines that diagnostics about a translation file show, without keeping the file.
//!
//! A translation file is read as a stream and none of its text is kept (a 1,000-lesson course's
//! XLIFF is about 20 MB). A diagnostic about the file records its location and which line it
//! shows ([`Shows`]); once everything about the file has been checked, [`Pending::resolve`]
//! reads the file once more, line by line, and gives each diagnostic its line. A file with
//! nothing to report is read once.

use crate::diag::{Diagnostic, Location};
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

/// Which line of the file a diagnostic shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shows {
    /// The line of its location.
    ItsLine,
    /// The first line that names this key (the first line when none does), where it also points
    /// (at column 1): the place of an entry whose reader recorded no line.
    FirstNaming(String),
    /// No line: the diagnostic stays as it is.
    Nothing,
}

/// Diagnostics about one translation file, in the order found, waiting for their lines.
#[derive(Debug)]
pub struct Pending {
    file: String,
    list: Vec<(Diagnostic, Shows)>,
}

impl Pending {
    /// No diagnostics yet about `file` (its path as diagnostics name it).
    pub fn new(file: &str) -> Pending {
        Pending {
            file: file.to_owned(),
            list: Vec::new(),
        }
    }

    /// The file's path, as diagnostics name it.
    pub fn file(&self) -> &str {
        &self.file
    }

    pub fn push(&mut self, diagnostic: Diagnostic, shows: Shows) {
        self.list.push((diagnostic, shows));
    }

    /// A diagnostic at `line` and `column` of the file, showing that line.
    pub fn at(&mut self, diagnostic: Diagnostic, line: usize, column: usize) {
        let diagnostic = diagnostic.at(Location::new(&self.file, line, column));
        self.push(diagnostic, Shows::ItsLine);
    }

    /// Adds `other`'s diagnostics (about the same file) after these.
    pub fn extend(&mut self, other: Pending) {
        self.list.extend(other.list);
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Inserts a diagnostic before all others.
    pub fn push_first(&mut self, diagnostic: Diagnostic, shows: Shows) {
        self.list.insert(0, (diagnostic, shows));
    }

    /// The diagnostics, each with its line, from one pass over the file (`reader`, from its
    /// start; lines end with `\n` or `\r\n`, a byte order mark is not part of the first). A line
    /// the file does not have (it changed in between, or cannot be read any more) shows empty.
    pub fn resolve(self, reader: impl BufRead) -> Vec<Diagnostic> {
        let mut wanted: BTreeMap<usize, String> = BTreeMap::new();
        let mut naming: HashMap<&str, Option<usize>> = HashMap::new();
        for (d, shows) in &self.list {
            match shows {
                Shows::ItsLine => {
                    if let Some(l) = &d.location {
                        wanted.insert(l.line, String::new());
                    }
                }
                Shows::FirstNaming(key) => {
                    naming.insert(key.as_str(), None);
                    wanted.insert(1, String::new());
                }
                Shows::Nothing => {}
            }
        }
        if !wanted.is_empty() {
            find_lines(reader, &mut wanted, &mut naming);
        }
        let named: HashMap<String, usize> = naming
            .into_iter()
            .map(|(key, line)| (key.to_owned(), line.unwrap_or(1)))
            .collect();
        self.list
            .into_iter()
            .map(|(d, shows)| match shows {
                Shows::ItsLine => {
                    let line = d.location.as_ref().and_then(|l| wanted.get(&l.line));
                    let line = line.cloned().unwrap_or_default();
                    d.with_source_line(line)
                }
                Shows::FirstNaming(key) => {
                    let line = named.get(&key).copied().unwrap_or(1);
                    let text = wanted.get(&line).cloned().unwrap_or_default();
                    d.at(Location::new(&self.file, line, 1))
                        .with_source_line(text)
                }
                Shows::Nothing => d,
            })
            .collect()
    }

    /// [`Pending::resolve`] over a text held in memory.
    pub fn resolve_text(self, text: &str) -> Vec<Diagnostic> {
        self.resolve(text.as_bytes())
    }
}

/// One pass over the file: the text of every `wanted` line, and the first line naming each key
/// of `naming` (whose text is then wanted too). Stops once everything is found.
fn find_lines(
    mut reader: impl BufRead,
    wanted: &mut BTreeMap<usize, String>,
    naming: &mut HashMap<&str, Option<usize>>,
) {
    let mut unnamed = naming.len();
    let mut last_wanted = wanted.keys().next_back().copied().unwrap_or(0);
    let mut buf = Vec::new();
    let mut no = 0;
    while no < last_wanted || unnamed > 0 {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        no += 1;
        let mut bytes = buf.as_slice();
        if no == 1 {
            bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
        }
        bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let line = String::from_utf8_lossy(bytes);
        if unnamed > 0 {
            for (key, found) in naming.iter_mut().filter(|(_, found)| found.is_none()) {
                if line.contains(*key) {
                    *found = Some(no);
                    unnamed -= 1;
                    wanted.insert(no, String::new());
                    last_wanted = last_wanted.max(no);
                }
            }
        }
        if let Some(text) = wanted.get_mut(&no) {
            *text = line.into_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_each_diagnostic_its_line() {
        let text = "\u{feff}first\r\nsecond k2\nthird k1 k2\n";
        let mut p = Pending::new("t.po");
        p.at(Diagnostic::error("a"), 3, 2);
        p.push(Diagnostic::error("b"), Shows::FirstNaming("k2".into()));
        p.push(Diagnostic::error("c"), Shows::FirstNaming("nowhere".into()));
        p.push(
            Diagnostic::error("d").at(Location::new("t.po", 1, 1)),
            Shows::Nothing,
        );
        p.at(Diagnostic::error("e"), 9, 1);
        let got: Vec<(String, Option<String>)> = p
            .resolve_text(text)
            .into_iter()
            .map(|d| (d.short(), d.source_line))
            .collect();
        let line = |s: &str| Some(s.to_owned());
        assert_eq!(
            got,
            [
                ("t.po:3:2: error: a".into(), line("third k1 k2")),
                ("t.po:2:1: error: b".into(), line("second k2")),
                ("t.po:1:1: error: c".into(), line("first")),
                ("t.po:1:1: error: d".into(), None),
                ("t.po:9:1: error: e".into(), line("")),
            ]
        );
    }
}
