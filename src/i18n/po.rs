//! The gettext PO codec: a [`Catalog`] to a PO file and back.
//!
//! The file passes `msgfmt --check` and looks like this:
//!
//! ```text
//! msgid ""
//! msgstr ""
//! "Project-Id-Version: https://example.org/courses/safety\n"
//! "PO-Revision-Date: \n"
//! "Last-Translator: \n"
//! "Language-Team: \n"
//! "Language: fr\n"
//! "MIME-Version: 1.0\n"
//! "Content-Type: text/plain; charset=UTF-8\n"
//! "Content-Transfer-Encoding: 8bit\n"
//! "X-Generator: coursepack\n"
//! "X-Coursepack-Course: https://example.org/courses/safety\n"
//! "X-Coursepack-Source-Language: en\n"
//!
//! #. paragraph in lesson “Intro”
//! #. source-hash: 3f2a9c01
//! #: lessons/01-intro.md:12
//! #, fuzzy
//! msgctxt "01-intro/b1/p1"
//! msgid ""
//! "Read **all** of it.\n"
//! "Then [go](https://x.example/a?b=1&c=2)."
//! msgstr "Lisez **tout**."
//! ```
//!
//! - The header's `Language` is the target language; the course id and the source language are
//!   in `X-Coursepack-Course` and `X-Coursepack-Source-Language`. The revision, translator and
//!   team fields are written empty (a file is a function of the course, with no clock in it) so
//!   that `msgfmt --check` has nothing to warn about; translation tools fill them in.
//! - Each entry: the context as `#.` lines, then `#. source-hash: HASH` (always, and last, so a
//!   context line that happens to start with `source-hash:` cannot be taken for it), the
//!   location as `#:`, the key as `msgctxt`, the source as `msgid`, the target as `msgstr` (empty
//!   when there is none yet).
//! - States: [`State::NeedsReview`] is `#, fuzzy`; otherwise an entry with a translation is
//!   [`State::Translated`] and one without is [`State::New`], which is what a translator's tool
//!   leaves behind when it fills a `msgstr` or clears `fuzzy`. Combinations gettext cannot say
//!   carry a coursepack flag next to `fuzzy`: `coursepack-empty-target` (the translation is the
//!   empty string, not missing), `coursepack-new` (a translation exists but the state is new) and
//!   `coursepack-translated` (no translation, yet the state is translated). Extracted catalogs
//!   normally never need them.
//! - An entry marked for review carries the key and source its translation was made for as
//!   gettext's previous strings (`#| msgctxt`, `#| msgid`), after the flags.
//! - Strings are laid out exactly as gettext's `msgcat` lays them out, so that a
//!   gettext round trip changes no byte: escapes `\\ \" \n \t \r \a \b \f \v` (other
//!   control characters as they are), `""` then one line per `\n`, lines broken where Unicode
//!   line breaking allows at 79 columns (`po/layout.rs`). [`write_template`] writes a `.pot`.
//!
//! Reading accepts what gettext tools write: translator comments (`# `), previous strings (`#|`,
//! kept), any flag (`c-format`…), several `#:` lines (joined with a space), CRLF line ends, a BOM,
//! octal and hex escapes, and ignores obsolete entries (`#~`, with the comments just before
//! them). Each entry records the line of its `msgctxt`, and the catalog that of its header, so
//! that later checks point there. It refuses, each with file, line and column: unterminated
//! strings, unknown escapes, invalid UTF-8 in escapes, `msgstr` without `msgid`, `msgid` without
//! `msgstr`, plural forms, entries without `msgctxt` (the key), duplicate keys, a missing header
//! or header field, a charset other than UTF-8.
//!
//! Limits: comments are single lines, so a newline in the hash or the location is written as a
//! space, and a carriage return ending a context line is lost; header values likewise. gettext
//! tools drop the `coursepack-*` flags (they keep only the flags they know) and a `fuzzy` on an
//! empty translation; extraction never needs either. msgfmt
//! refuses a translated, non-fuzzy entry whose `msgid` and `msgstr` do not both begin (and both
//! end) with `\n`: the writer cannot change a translator's text, so such a file is written as is
//! and reads back unchanged; coursepack's segments never begin or end with a newline.

mod layout;

use super::catalog::{Catalog, Entry, State};
use super::lines::{self, Shows};
use super::not_utf8;
use crate::diag::{Diagnostic, Location};
use layout::write_string;
use std::collections::HashMap;
use std::io::BufRead;
use std::mem;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// The flag of an entry whose translation is the empty string.
const FLAG_EMPTY: &str = "coursepack-empty-target";
/// The flag of an entry that has a translation but is still new.
const FLAG_NEW: &str = "coursepack-new";
/// The flag of an entry that has no translation but counts as translated.
const FLAG_TRANSLATED: &str = "coursepack-translated";
const HASH_PREFIX: &str = "source-hash:";
const COURSE_FIELD: &str = "X-Coursepack-Course";
const SOURCE_LANG_FIELD: &str = "X-Coursepack-Source-Language";

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// The catalog as a PO file (UTF-8, ending with a newline).
pub fn write(catalog: &Catalog) -> String {
    let mut out = String::new();
    write_header(&mut out, catalog);
    for entry in &catalog.entries {
        out.push('\n');
        write_entry(&mut out, entry);
    }
    out
}

/// The catalog as a gettext template (`.pot`): every source text with an empty translation,
/// the header in xgettext's form (`#, fuzzy`, placeholders `msginit` fills in, no language).
/// `creation_date` is the `POT-Creation-Date` value (`YYYY-MM-DD HH:MM+ZZZZ`), empty when the
/// caller has no reproducible date to give.
pub fn write_template(catalog: &Catalog, creation_date: &str) -> String {
    let course = one_line(&catalog.course);
    let fields = [
        ("Project-Id-Version", course.as_str()),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", creation_date),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("Language", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Generator", "coursepack"),
        (COURSE_FIELD, course.as_str()),
        (SOURCE_LANG_FIELD, &one_line(&catalog.source_lang)),
    ];
    let mut out = format!("# Translation template of the course {course}.\n#, fuzzy\n");
    write_string(&mut out, "", "msgid", "");
    write_string(&mut out, "", "msgstr", &header_text(&fields));
    for entry in &catalog.entries {
        let blank = Entry {
            target: None,
            state: State::New,
            previous_key: None,
            previous_source: None,
            ..entry.clone()
        };
        out.push('\n');
        write_entry(&mut out, &blank);
    }
    out
}

/// The header entry (`msgid ""`), one field per line.
fn write_header(out: &mut String, catalog: &Catalog) {
    let course = one_line(&catalog.course);
    let fields = [
        ("Project-Id-Version", course.as_str()),
        ("PO-Revision-Date", ""),
        ("Last-Translator", ""),
        ("Language-Team", ""),
        ("Language", &one_line(&catalog.target_lang)),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Generator", "coursepack"),
        (COURSE_FIELD, course.as_str()),
        (SOURCE_LANG_FIELD, &one_line(&catalog.source_lang)),
    ];
    write_string(out, "", "msgid", "");
    write_string(out, "", "msgstr", &header_text(&fields));
}

/// `Name: value` lines.
fn header_text(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(name, value)| format!("{name}: {value}\n"))
        .collect()
}

/// One entry: comments, flags, the previous strings, then the three strings.
fn write_entry(out: &mut String, entry: &Entry) {
    if !entry.context.is_empty() {
        for line in entry.context.split('\n') {
            write_comment(out, "#.", line);
        }
    }
    let hash = one_line(&entry.hash);
    if hash.is_empty() {
        write_comment(out, "#.", HASH_PREFIX);
    } else {
        write_comment(out, "#.", &format!("{HASH_PREFIX} {hash}"));
    }
    if !entry.location.is_empty() {
        write_comment(out, "#:", &one_line(&entry.location));
    }
    let flags = flags(entry);
    if !flags.is_empty() {
        out.push_str("#, ");
        out.push_str(&flags.join(", "));
        out.push('\n');
    }
    if let Some(key) = &entry.previous_key {
        write_string(out, "#| ", "msgctxt", key);
    }
    if let Some(source) = &entry.previous_source {
        write_string(out, "#| ", "msgid", source);
    }
    write_string(out, "", "msgctxt", &entry.key);
    write_string(out, "", "msgid", &entry.source);
    write_string(out, "", "msgstr", entry.target.as_deref().unwrap_or(""));
}

/// A comment line, without trailing space when the text is empty.
fn write_comment(out: &mut String, marker: &str, text: &str) {
    out.push_str(marker);
    if !text.is_empty() {
        out.push(' ');
        out.push_str(text);
    }
    out.push('\n');
}

/// The flags that say an entry's state and whether its translation is the empty string.
fn flags(entry: &Entry) -> Vec<&'static str> {
    let mut flags = Vec::new();
    if entry.state == State::NeedsReview {
        flags.push("fuzzy");
    }
    if entry.target.as_deref() == Some("") {
        flags.push(FLAG_EMPTY);
    }
    match (entry.target.is_some(), entry.state) {
        (true, State::New) => flags.push(FLAG_NEW),
        (false, State::Translated) => flags.push(FLAG_TRANSLATED),
        _ => {}
    }
    flags
}

/// A value for a single-line place (a comment, a header field): line breaks become spaces.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Reads a PO file written by [`write`] or by a translation tool after it.
///
/// `file` is the path shown in diagnostics (e.g. `translations/fr.po`). Every problem is
/// reported, each with its line and column.
pub fn read(text: &str, file: &str) -> Result<Catalog, Vec<Diagnostic>> {
    read_from(text.as_bytes(), file).map_err(|errors| errors.resolve_text(text))
}

/// [`read`] over a stream, line by line: only the entry being read is held. The diagnostics wait
/// for their source lines ([`lines::Pending::resolve`] over the file).
pub fn read_from(reader: impl BufRead, file: &str) -> Result<Catalog, lines::Pending> {
    let mut entries = Vec::new();
    let mut catalog = read_each(reader, file, &mut |e| entries.push(e))?;
    catalog.entries = entries;
    Ok(catalog)
}

/// [`read_from`], each entry handed to `each` as soon as it is read instead of kept: the catalog
/// returned has no entries. When the file has errors, the entries handed over are not to be used.
pub fn read_each(
    mut reader: impl BufRead,
    file: &str,
    each: &mut dyn FnMut(Entry),
) -> Result<Catalog, lines::Pending> {
    let mut parser = Parser::new(file, each);
    let mut buf = Vec::new();
    let mut no = 0;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => no += 1,
            Err(e) => {
                let d = Diagnostic::error(format!("cannot read `{file}`: {e}")).at(Location::new(
                    file,
                    no + 1,
                    1,
                ));
                parser.errors.push(d, Shows::Nothing);
                return Err(parser.errors);
            }
        }
        let mut bytes = buf.as_slice();
        if no == 1 {
            bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        }
        bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(line) => parser.line(no, line),
            Err(e) => {
                let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
                let d = not_utf8(file, no, valid.chars().count() + 1);
                parser.errors.push(d, Shows::ItsLine);
                return Err(parser.errors);
            }
        }
    }
    parser.finish_entry();
    parser.into_catalog()
}

/// A 1-based line, a byte offset in that line and its 1-based character column.
#[derive(Clone, Copy, Debug)]
struct Pos {
    line: usize,
    byte: usize,
    column: usize,
}

impl Pos {
    /// Byte `byte` of line `no`, whose text is `line`.
    fn new(no: usize, line: &str, byte: usize) -> Pos {
        Pos {
            line: no,
            byte,
            column: column(line, byte),
        }
    }
}

/// A string of an entry and where its keyword is.
#[derive(Debug)]
struct Field {
    value: String,
    at: Pos,
}

/// The string that continuation lines (`"…"`) add to.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Open {
    Ctxt,
    Id,
    Str,
    /// A plural string, or a string after an error: read, then dropped.
    Ignored,
}

/// The entry being read.
#[derive(Debug, Default)]
struct Pending {
    extracted: Vec<String>,
    references: Vec<String>,
    flags: Vec<String>,
    /// The previous strings (`#| msgctxt`, `#| msgid`), and which one `#| "…"` lines add to.
    previous_key: Option<String>,
    previous_source: Option<String>,
    previous_open: Option<Open>,
    msgctxt: Option<Field>,
    msgid: Option<Field>,
    msgstr: Option<Field>,
    plural: Option<Pos>,
}

impl Pending {
    fn has_keyword(&self) -> bool {
        self.msgctxt.is_some() || self.msgid.is_some() || self.msgstr.is_some()
    }
}

/// The header entry's text and where it is.
struct Header {
    text: String,
    at: Pos,
}

/// A line-by-line PO reader that collects every problem.
struct Parser<'a> {
    file: &'a str,
    /// The problems found, each to show its line.
    errors: lines::Pending,
    pending: Pending,
    open: Option<Open>,
    header: Option<Header>,
    /// Where each entry goes once read.
    each: &'a mut dyn FnMut(Entry),
    /// Keys seen, with the line of their `msgctxt`.
    keys: foldhash::HashMap<String, usize>,
}

impl<'a> Parser<'a> {
    fn new(file: &'a str, each: &'a mut dyn FnMut(Entry)) -> Self {
        Parser {
            file,
            errors: lines::Pending::new(file),
            pending: Pending::default(),
            open: None,
            header: None,
            each,
            keys: foldhash::HashMap::default(),
        }
    }

    /// An error at a position (its line is shown once the file is read again).
    fn diag(&self, at: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(Location::new(self.file, at.line, at.column))
    }

    /// Records an error at a position.
    fn error(&mut self, at: Pos, message: impl Into<String>) {
        let d = self.diag(at, message);
        self.errors.push(d, Shows::ItsLine);
    }

    /// Reads one line (without its line end).
    fn line(&mut self, no: usize, line: &str) {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let at = Pos::new(no, line, indent);
        if trimmed.is_empty() {
            return;
        }
        if let Some(rest) = trimmed.strip_prefix("#|") {
            self.end_strings();
            self.open = None;
            self.previous(no, line, line.len() - rest.len());
        } else if let Some(rest) = trimmed.strip_prefix('#') {
            self.comment(rest);
        } else if trimmed.starts_with('"') {
            self.continuation(at, line);
        } else {
            self.keyword(at, line, trimmed);
        }
    }

    /// A comment line: `#.` extracted, `#:` reference, `#,` flags, `#~` obsolete, others ignored.
    fn comment(&mut self, rest: &str) {
        self.end_strings();
        self.open = None;
        let mut chars = rest.chars();
        let kind = chars.next();
        let body = chars.as_str();
        match kind {
            // An obsolete entry: its lines and the comments just before it are dropped.
            Some('~') => self.pending = Pending::default(),
            Some('.') => {
                let line = body.strip_prefix(' ').unwrap_or(body);
                self.pending.extracted.push(line.to_owned());
            }
            Some(':') => self.pending.references.push(body.trim().to_owned()),
            Some(',') => {
                let flags = body.split(',').map(str::trim).filter(|f| !f.is_empty());
                self.pending.flags.extend(flags.map(str::to_owned));
            }
            _ => {}
        }
    }

    /// A previous-string line (`#| msgctxt "…"`, `#| msgid "…"`, `#| "…"`), whose text starts at
    /// byte `start` of `line`.
    fn previous(&mut self, no: usize, line: &str, start: usize) {
        let rest = &line[start..];
        let at = Pos::new(no, line, start + (rest.len() - rest.trim_start().len()));
        let body = rest.trim_start();
        if body.starts_with('"') {
            let value = self.quoted(no, line, at.byte);
            match self.pending.previous_open {
                Some(Open::Ctxt) => self.pending.previous_key.get_or_insert_default(),
                Some(Open::Id) => self.pending.previous_source.get_or_insert_default(),
                Some(_) => return,
                None => {
                    self.error(at, "a quoted string with no keyword before it");
                    self.pending.previous_open = Some(Open::Ignored);
                    return;
                }
            }
            .push_str(&value);
            return;
        }
        let word_len = body
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(body.len());
        let open = match &body[..word_len] {
            "msgctxt" => Open::Ctxt,
            "msgid" => Open::Id,
            "msgid_plural" => Open::Ignored,
            _ => {
                let d = self
                    .diag(at, "expected msgctxt, msgid or a quoted string after `#|`")
                    .hint("`#|` lines hold the previous source text of a fuzzy entry");
                self.errors.push(d, Shows::ItsLine);
                self.pending.previous_open = Some(Open::Ignored);
                return;
            }
        };
        let value = self.string_after_keyword(line, at.byte + word_len, at);
        match open {
            Open::Ctxt => self.pending.previous_key = Some(value),
            Open::Id => self.pending.previous_source = Some(value),
            _ => {}
        }
        self.pending.previous_open = Some(open);
    }

    /// Before a comment or a keyword that starts a new entry: finish the one that is complete,
    /// or report the one that is not.
    fn end_strings(&mut self) {
        if self.pending.msgstr.is_some() {
            self.finish_entry();
        } else if self.pending.has_keyword() {
            self.report_incomplete();
            self.pending = Pending::default();
        }
    }

    /// Reports an entry that stops before its `msgstr`.
    fn report_incomplete(&mut self) {
        if let Some(at) = self.pending.msgid.as_ref().map(|f| f.at) {
            self.error(at, "msgid without msgstr");
        } else if let Some(at) = self.pending.msgctxt.as_ref().map(|f| f.at) {
            self.error(at, "msgctxt without msgid");
        }
    }

    /// A keyword line: `msgctxt`, `msgid`, `msgid_plural`, `msgstr` or `msgstr[n]`.
    fn keyword(&mut self, at: Pos, line: &str, trimmed: &str) {
        let word_len = trimmed
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(trimmed.len());
        let word = &trimmed[..word_len];
        let after = at.byte + word_len;
        let open = match word {
            "msgctxt" => {
                self.end_strings();
                Open::Ctxt
            }
            "msgid" => {
                // After a `msgctxt` the entry goes on; after a `msgid` or `msgstr` a new one starts.
                if self.pending.msgid.is_some() || self.pending.msgstr.is_some() {
                    self.end_strings();
                }
                Open::Id
            }
            "msgstr" => self.msgstr(at),
            "msgid_plural" => {
                self.pending.plural.get_or_insert(at);
                Open::Ignored
            }
            w if w.starts_with("msgstr[") => {
                self.pending.plural.get_or_insert(at);
                let open = self.msgstr(at);
                if open == Open::Str {
                    Open::Ignored
                } else {
                    open
                }
            }
            _ => {
                let message =
                    "expected a comment, a keyword (msgctxt, msgid, msgstr) or a quoted string";
                let d = self
                    .diag(at, message)
                    .hint("every string of a PO file is in double quotes");
                self.errors.push(d, Shows::ItsLine);
                self.open = Some(Open::Ignored);
                return;
            }
        };
        let value = self.string_after_keyword(line, after, at);
        let field = Field { value, at };
        match open {
            Open::Ctxt => self.pending.msgctxt = Some(field),
            Open::Id => self.pending.msgid = Some(field),
            Open::Str => self.pending.msgstr = Some(field),
            Open::Ignored => {}
        }
        self.open = Some(open);
    }

    /// Checks that a `msgstr` has its `msgid`; says where its strings go.
    fn msgstr(&mut self, at: Pos) -> Open {
        let more_plural = self.pending.plural.is_some() && self.pending.msgstr.is_some();
        if self.pending.msgstr.is_some() && !more_plural {
            // A complete entry is followed by a `msgstr` of its own: the msgid is missing.
            self.finish_entry();
        }
        if self.pending.msgid.is_none() {
            self.error(at, "msgstr without msgid");
            Open::Ignored
        } else if more_plural {
            Open::Ignored
        } else {
            self.pending.msgstr = Some(Field {
                value: String::new(),
                at,
            });
            Open::Str
        }
    }

    /// The quoted string after a keyword (whitespace first); empty after an error.
    fn string_after_keyword(&mut self, line: &str, after: usize, keyword: Pos) -> String {
        let rest = &line[after..];
        let start = after + (rest.len() - rest.trim_start().len());
        if !line[start..].starts_with('"') {
            let at = Pos::new(keyword.line, line, start);
            self.error(at, "expected a quoted string after the keyword");
            return String::new();
        }
        self.quoted(keyword.line, line, start)
    }

    /// A continuation line: one more piece of the open string.
    fn continuation(&mut self, at: Pos, line: &str) {
        let value = self.quoted(at.line, line, at.byte);
        let field = match self.open {
            Some(Open::Ctxt) => self.pending.msgctxt.as_mut(),
            Some(Open::Id) => self.pending.msgid.as_mut(),
            Some(Open::Str) => self.pending.msgstr.as_mut(),
            Some(Open::Ignored) => return,
            None => {
                self.error(at, "a quoted string with no keyword before it");
                self.open = Some(Open::Ignored);
                return;
            }
        };
        if let Some(field) = field {
            field.value.push_str(&value);
        }
    }

    /// The string quoted at `start` in `line`, reporting bad escapes and trailing text.
    fn quoted(&mut self, line_no: usize, line: &str, start: usize) -> String {
        match unquote(line, start) {
            Ok(value) => value,
            Err((byte, message)) => {
                let at = Pos::new(line_no, line, byte);
                self.error(at, message);
                String::new()
            }
        }
    }

    /// Files the pending entry: the header, a catalog entry, or diagnostics.
    fn finish_entry(&mut self) {
        self.open = None;
        if self.pending.msgstr.is_none() {
            self.report_incomplete();
        }
        let p = mem::take(&mut self.pending);
        let (Some(msgid), Some(msgstr)) = (&p.msgid, &p.msgstr) else {
            return;
        };
        if let Some(at) = p.plural {
            let d = self.diag(at, "plural forms are not supported").hint(
                "coursepack segments have no plural forms; remove msgid_plural and msgstr[n]",
            );
            self.errors.push(d, Shows::ItsLine);
            return;
        }
        match &p.msgctxt {
            None if msgid.value.is_empty() => self.header(msgid.at, &msgstr.value),
            None => {
                let d = self
                    .diag(msgid.at, "entry without msgctxt (the segment key)")
                    .hint(
                        "coursepack files carry each segment's key in msgctxt; \
                     was this file made by `coursepack i18n extract`?",
                    );
                self.errors.push(d, Shows::ItsLine);
            }
            Some(ctxt) => self.entry(ctxt, &p, &msgid.value, &msgstr.value),
        }
    }

    /// Keeps the header entry, refusing a second one.
    fn header(&mut self, at: Pos, text: &str) {
        if self.header.is_some() {
            self.error(at, "a second header entry (msgid \"\" without msgctxt)");
            return;
        }
        self.header = Some(Header {
            text: text.to_owned(),
            at,
        });
    }

    /// A catalog entry from a complete PO entry, refusing duplicate keys.
    fn entry(&mut self, ctxt: &Field, p: &Pending, msgid: &str, msgstr: &str) {
        if let Some(first) = self.keys.get(&ctxt.value).copied() {
            let message = format!(
                "duplicate entry for key `{}` (first on line {first})",
                ctxt.value
            );
            self.error(ctxt.at, message);
            return;
        }
        self.keys.insert(ctxt.value.clone(), ctxt.at.line);
        let has = |flag: &str| p.flags.iter().any(|f| f == flag);
        let target = (!msgstr.is_empty() || has(FLAG_EMPTY)).then(|| msgstr.to_owned());
        let state = if has("fuzzy") {
            State::NeedsReview
        } else if has(FLAG_NEW) {
            State::New
        } else if has(FLAG_TRANSLATED) || target.is_some() {
            State::Translated
        } else {
            State::New
        };
        let (context, hash) = context_and_hash(&p.extracted);
        (self.each)(Entry {
            key: ctxt.value.clone(),
            source: msgid.to_owned(),
            target,
            state,
            hash,
            context,
            location: p.references.join(" "),
            previous_key: p.previous_key.clone(),
            previous_source: p.previous_source.clone(),
            previous_target: None,
            line: ctxt.at.line,
            column: 1,
        });
    }

    /// The catalog, once the header has been checked; or every problem found.
    fn into_catalog(mut self) -> Result<Catalog, lines::Pending> {
        let Some(header) = self.header.take() else {
            let d = Diagnostic::error("no header entry (msgid \"\" with the language fields)")
                .at(Location::new(self.file, 1, 1))
                .hint("a coursepack PO file starts with the header written by `coursepack i18n extract`");
            self.errors.push_first(d, Shows::Nothing);
            return Err(self.errors);
        };
        let fields = header_fields(&header.text);
        let mut field = |name: &str| {
            let value = fields.get(&name.to_ascii_lowercase()).cloned();
            if value.is_none() {
                self.error(header.at, format!("header field `{name}` missing"));
            }
            value
        };
        let target_lang = field("Language");
        let course = field(COURSE_FIELD);
        let source_lang = field(SOURCE_LANG_FIELD);
        if let Some(content_type) = fields.get("content-type") {
            if !is_utf8(content_type) {
                let message = format!("unsupported Content-Type `{content_type}`");
                let d = self
                    .diag(header.at, message)
                    .hint("save the file as UTF-8 with `Content-Type: text/plain; charset=UTF-8`");
                self.errors.push(d, Shows::ItsLine);
            }
        }
        match (target_lang, course, source_lang) {
            (Some(target_lang), Some(course), Some(source_lang)) if self.errors.is_empty() => {
                Ok(Catalog {
                    source_lang,
                    target_lang,
                    course,
                    entries: Vec::new(),
                    line: header.at.line,
                })
            }
            _ => Err(self.errors),
        }
    }
}

/// The 1-based character column of a byte offset in a line.
fn column(line: &str, byte: usize) -> usize {
    line.get(..byte)
        .map_or(1, |before| before.chars().count() + 1)
}

/// The context (every extracted comment but the hash) and the hash (the last
/// `source-hash:` line).
fn context_and_hash(extracted: &[String]) -> (String, String) {
    let hash_line = extracted.iter().rposition(|l| l.starts_with(HASH_PREFIX));
    let hash = hash_line
        .and_then(|i| extracted[i].strip_prefix(HASH_PREFIX))
        .map(|h| h.strip_prefix(' ').unwrap_or(h).to_owned())
        .unwrap_or_default();
    let context: Vec<&str> = extracted
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != hash_line)
        .map(|(_, l)| l.as_str())
        .collect();
    (context.join("\n"), hash)
}

/// `Name: value` lines of the header, names lower-cased.
fn header_fields(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| {
            let value = value.strip_prefix(' ').unwrap_or(value);
            (name.trim().to_ascii_lowercase(), value.to_owned())
        })
        .collect()
}

/// Whether a Content-Type names UTF-8 (or no charset at all).
fn is_utf8(content_type: &str) -> bool {
    let charset = content_type
        .split(';')
        .filter_map(|part| part.trim().split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, value)| value.trim().to_ascii_lowercase());
    matches!(charset.as_deref(), None | Some("utf-8" | "utf8"))
}

/// Parses the C-style quoted string that starts at byte `start` of `line` (on a `"`), with
/// nothing but whitespace after it. Errors carry the byte offset in the line.
fn unquote(line: &str, start: usize) -> Result<String, (usize, String)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut at = start + 1;
    loop {
        // The text up to the next quote or backslash is taken as it is.
        let Some(run) = memchr::memchr2(b'"', b'\\', &bytes[at..]) else {
            return Err((start, "unterminated string".into()));
        };
        out.extend_from_slice(&bytes[at..at + run]);
        at += run;
        if bytes[at] == b'"' {
            let rest = &line[at + 1..];
            if let Some(extra) = rest.find(|c: char| !c.is_whitespace()) {
                return Err((
                    at + 1 + extra,
                    "unexpected text after the closing quote".into(),
                ));
            }
            break;
        }
        at = escape_sequence(line, at, &mut out)?;
    }
    String::from_utf8(out).map_err(|_| (start, "escape sequences that are not valid UTF-8".into()))
}

/// The escape sequence whose backslash is at byte `at` of `line`, as bytes: `\n \t \r \a \b \f
/// \v \\ \" \' \?`, octal `\ooo` and hex `\xhh`. Returns where the text goes on.
fn escape_sequence(line: &str, at: usize, out: &mut Vec<u8>) -> Result<usize, (usize, String)> {
    let Some(c) = line[at + 1..].chars().next() else {
        return Err((at, "unterminated string".into()));
    };
    let mut end = at + 1 + c.len_utf8();
    let simple = match c {
        'n' => Some(b'\n'),
        't' => Some(b'\t'),
        'r' => Some(b'\r'),
        'a' => Some(7),
        'b' => Some(8),
        'f' => Some(12),
        'v' => Some(11),
        '\\' | '"' | '\'' | '?' => u8::try_from(c).ok(),
        _ => None,
    };
    if let Some(b) = simple {
        out.push(b);
        return Ok(end);
    }
    let (radix, max_digits, mut value) = match c {
        '0'..='7' => (8, 2, c.to_digit(8).unwrap_or(0)),
        'x' => (16, 2, 0),
        _ => return Err((at, format!("unknown escape sequence `\\{c}`"))),
    };
    let mut digits = 0;
    while digits < max_digits {
        match line[end..].chars().next().and_then(|d| d.to_digit(radix)) {
            Some(d) => {
                value = value * radix + d;
                digits += 1;
                end += 1;
            }
            None => break,
        }
    }
    if c == 'x' && digits == 0 {
        return Err((at, "`\\x` without hexadecimal digits".into()));
    }
    let byte = u8::try_from(value).map_err(|_| (at, "escape sequence out of range".to_owned()))?;
    out.push(byte);
    Ok(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::xliff::tests::{catalog, entry, round_trip_corpus, sample_catalogs};

    fn round_trip(c: &Catalog) {
        let po = write(c);
        assert_eq!(read(&po, "t.po"), Ok(c.clone()), "file:\n{po}");
    }

    /// The short forms of the diagnostics of a file that must not read.
    fn errors(po: &str) -> Vec<String> {
        match read(po, "t.po") {
            Ok(c) => vec![format!("read without error: {c:?}")],
            Err(ds) => ds.iter().map(Diagnostic::short).collect(),
        }
    }

    /// A valid header followed by `entries`.
    fn file(entries: &str) -> String {
        let header = write(&catalog("fr", Vec::new()));
        format!("{header}\n{entries}")
    }

    #[test]
    fn writes_the_documented_shape() {
        let mut e = entry(
            "01-intro/b1/p1",
            "Read **all** of it.\nThen [go](https://x.example/a?b=1&c=2).",
            Some("Lisez **tout**."),
            State::NeedsReview,
        );
        e.context = "paragraph in lesson “Intro”".into();
        let po = write(&catalog("fr", vec![e]));
        let expected = r#"msgid ""
msgstr ""
"Project-Id-Version: https://example.org/courses/safety\n"
"PO-Revision-Date: \n"
"Last-Translator: \n"
"Language-Team: \n"
"Language: fr\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"X-Generator: coursepack\n"
"X-Coursepack-Course: https://example.org/courses/safety\n"
"X-Coursepack-Source-Language: en\n"

#. paragraph in lesson “Intro”
#. source-hash: 3f2a9c01
#: lessons/01-intro.md:12
#, fuzzy
msgctxt "01-intro/b1/p1"
msgid ""
"Read **all** of it.\n"
"Then [go](https://x.example/a?b=1&c=2)."
msgstr "Lisez **tout**."
"#;
        assert_eq!(po, expected);
    }

    #[test]
    fn writes_previous_strings_of_entries_to_review_and_reads_them_back() {
        let mut e = entry(
            "k",
            "The new source",
            Some("La traduction"),
            State::NeedsReview,
        );
        e.previous_key = Some("k".into());
        e.previous_source = Some(
            "The old source, long enough that gettext lays it out on more than one line of \"#|\" comments"
                .into(),
        );
        let c = catalog("fr", vec![e]);
        let po = write(&c);
        assert!(
            po.contains(concat!(
                "#, fuzzy\n",
                "#| msgctxt \"k\"\n",
                "#| msgid \"\"\n",
                "#| \"The old source, long enough that gettext lays it out on more than one \"\n",
                "#| \"line of \\\"#|\\\" comments\"\n",
                "msgctxt \"k\"\n",
            )),
            "{po}"
        );
        round_trip(&c);
        let ds = read(
            &file("#| msgstr \"x\"\nmsgctxt \"k\"\nmsgid \"a\"\nmsgstr \"\"\n"),
            "t.po",
        )
        .expect_err("msgstr is no previous string");
        assert_eq!(
            ds[0].short(),
            "t.po:15:4: error: expected msgctxt, msgid or a quoted string after `#|`"
        );
    }

    #[test]
    fn entries_know_their_line() {
        let po = file("msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"\"\n\n#. c\nmsgctxt \"b\"\nmsgid \"y\"\nmsgstr \"\"\n");
        let c = read(&po, "t.po").expect("reads");
        let lines: Vec<usize> = c.entries.iter().map(|e| e.line).collect();
        assert_eq!((c.line, lines), (1, vec![15, 20]));
    }

    #[test]
    fn round_trips_samples_and_generated_catalogs() {
        round_trip_corpus("po", write, read);
    }

    #[test]
    fn round_trips_edge_metadata_and_newline_mismatches() {
        let mut e = entry("", "", Some(""), State::New);
        e.hash = String::new();
        e.context = "\n\nsource-hash: fake\n".into();
        e.location = String::new();
        round_trip(&catalog("", vec![e]));
        // msgfmt --check refuses these when not fuzzy; coursepack writes and reads them as they are.
        round_trip(&catalog(
            "fr",
            vec![
                entry("a", "\nstarts", Some("no newline"), State::Translated),
                entry("b", "ends\n", Some("\nboth\n"), State::Translated),
                entry(
                    "c",
                    "\u{0}nul \u{1b}[esc",
                    Some("\u{7f}"),
                    State::Translated,
                ),
            ],
        ));
    }

    #[test]
    fn reads_files_saved_with_crlf_and_a_bom() {
        for (_, c) in sample_catalogs() {
            let po = format!("\u{feff}{}", write(&c).replace('\n', "\r\n"));
            assert_eq!(read(&po, "t.po"), Ok(c));
        }
        let po = format!("\u{feff}{}", file("bogus\n").replace('\n', "\r\n"));
        let ds = read(&po, "t.po").expect_err("bogus line");
        assert_eq!(ds[0].source_line.as_deref(), Some("bogus"));
        let ds = read("\u{feff}msgid \"\"\nmsgstr \"\"\n", "t.po").expect_err("no fields");
        assert!(ds[0].human().contains("1 | msgid \"\"\n"), "{ds:?}");
    }

    #[test]
    fn reads_what_gettext_tools_write() {
        let po = file(concat!(
            "# translator comment\n",
            "#. first context line\n",
            "#.second line without space\n",
            "#. source-hash: abc\n",
            "#: lessons/a.md:1\n",
            "#: lessons/b.md:2\n",
            "#, c-format, fuzzy\n",
            "#| msgid \"old\"\n",
            "msgctxt \"k1\"\r\n",
            "msgid \"\"\n",
            "\"a\\303\\251\\x41\\101\\?\\'\\x42g\\12z\"\n",
            "  \"b\"  \n",
            "msgstr \"x\"\n",
            "\n",
            "#. context of an obsolete entry\n",
            "#~ msgctxt \"k1\"\n",
            "#~ msgid \"gone\"\n",
            "#~ msgstr \"weg\"\n",
            "\n",
            "msgctxt \"k2\"\nmsgid \"s\"\nmsgstr \"t\"\n",
        ));
        let c = read(&format!("\u{feff}{po}"), "t.po").expect("reads");
        let got: Vec<_> = c
            .entries
            .iter()
            .map(|e| {
                (
                    e.key.as_str(),
                    e.source.as_str(),
                    e.target.as_deref(),
                    e.state,
                    e.hash.as_str(),
                    e.context.as_str(),
                    e.location.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "k1",
                    "aéAA?'Bg\nzb",
                    Some("x"),
                    State::NeedsReview,
                    "abc",
                    "first context line\nsecond line without space",
                    "lessons/a.md:1 lessons/b.md:2"
                ),
                ("k2", "s", Some("t"), State::Translated, "", "", ""),
            ]
        );
        assert_eq!(
            (c.source_lang.as_str(), c.target_lang.as_str()),
            ("en", "fr")
        );
    }

    #[test]
    fn reports_malformed_input_with_positions() {
        let cases: &[(&str, &[&str])] = &[
            ("msgctxt \"k\"\nmsgid \"abc\nmsgstr \"\"\n", &["t.po:16:7: error: unterminated string"]),
            ("msgctxt \"k\"\nmsgid \"a\\qb\"\nmsgstr \"\"\n", &["t.po:16:9: error: unknown escape sequence `\\q`"]),
            ("msgstr \"x\"\n", &["t.po:15:1: error: msgstr without msgid"]),
            ("msgctxt \"k\"\nmsgid \"a\"\n\nmsgctxt \"j\"\nmsgid \"b\"\nmsgstr \"\"\n", &["t.po:16:1: error: msgid without msgstr"]),
            (
                "msgctxt \"k\"\nmsgid \"a\"\nmsgstr \"\"\n\nmsgctxt \"k\"\nmsgid \"a\"\nmsgstr \"\"\n",
                &["t.po:19:1: error: duplicate entry for key `k` (first on line 15)"],
            ),
            ("msgid \"a\"\nmsgstr \"b\"\n", &["t.po:15:1: error: entry without msgctxt (the segment key)"]),
            (
                "msgctxt \"k\"\nmsgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr[1] \"bs\"\n",
                &["t.po:17:1: error: plural forms are not supported"],
            ),
            ("msgctxt \"k\"\nmsgid \"a\" x\nmsgstr \"\"\n", &["t.po:16:11: error: unexpected text after the closing quote"]),
            ("msgctxt \"k\"\nmsgid \"a\"\nmsgstr \"\"\nbogus\n", &["t.po:18:1: error: expected a comment, a keyword (msgctxt, msgid, msgstr) or a quoted string"]),
            (
                "#. c\n\"orphan\"\n",
                &["t.po:16:1: error: a quoted string with no keyword before it"],
            ),
            ("msgctxt \"k\"\nmsgid \"\\303\"\nmsgstr \"\"\n", &["t.po:16:7: error: escape sequences that are not valid UTF-8"]),
            ("msgctxt \"k\"\nmsgid\nmsgstr \"\"\n", &["t.po:16:6: error: expected a quoted string after the keyword"]),
(
                "msgctxt \"k\"\nmsgid \"a\"\nmsgstr \"\"\nmsgstr \"x\"\n",
                &["t.po:18:1: error: msgstr without msgid"],
            ),
            ("msgctxt \"k\"\n", &["t.po:15:1: error: msgctxt without msgid"]),
        ];
        let mismatches: Vec<_> = cases
            .iter()
            .map(|(entries, expected)| (entries, errors(&file(entries)), expected))
            .filter(|(_, got, expected)| got != *expected)
            .collect();
        assert!(mismatches.is_empty(), "{mismatches:#?}");
        assert_eq!(
            errors("msgctxt \"k\"\nmsgid \"a\"\nmsgstr \"\"\n"),
            ["t.po:1:1: error: no header entry (msgid \"\" with the language fields)"]
        );
        assert_eq!(
            errors("msgid \"\"\nmsgstr \"Language: fr\\nContent-Type: text/plain; charset=ISO-8859-1\\n\"\n"),
            [
                "t.po:1:1: error: header field `X-Coursepack-Course` missing",
                "t.po:1:1: error: header field `X-Coursepack-Source-Language` missing",
                "t.po:1:1: error: unsupported Content-Type `text/plain; charset=ISO-8859-1`",
            ]
        );
    }

    #[test]
    fn diagnostics_carry_the_source_line_and_a_hint() {
        let ds = read(&file("msgid \"a\"\nmsgstr \"b\"\n"), "translations/fr.po")
            .expect_err("no msgctxt");
        let human = ds[0].human();
        assert!(human.contains("--> translations/fr.po:15:1"), "{human}");
        assert!(human.contains("15 | msgid \"a\""), "{human}");
        assert!(
            human.contains("help: coursepack files carry each segment's key in msgctxt"),
            "{human}"
        );
    }

    #[test]
    fn never_panics_on_truncations_and_odd_input() {
        let c = sample_catalogs().swap_remove(1).1;
        let po = write(&c);
        let bytes = po.as_bytes();
        for end in 0..=bytes.len() {
            let _ = read(&String::from_utf8_lossy(&bytes[..end]), "t.po");
            let _ = read(&String::from_utf8_lossy(&bytes[end..]), "t.po");
        }
        let odd = [
            "",
            "\"",
            "\\",
            "#",
            "#~",
            "#.",
            "#,",
            "#:",
            "msgid",
            "msgid \"",
            "msgid \"\\",
            "msgid \"\\x\"",
            "msgid \"\\777\"",
            "msgid \"\\0\"",
            "msgstr[",
            "msgstr[0] \"\"",
            "msgid \"\"\nmsgstr \"\"\n\"",
            "\u{feff}",
            "\u{feff}msgid",
            "msgid \"é\\",
            "msgctxt \"\"\nmsgctxt \"\"",
            "\r\n\r\n",
            "msgid_plural \"\"",
            "msgid \"\"\nmsgstr \"Content-Type: ; ; =\\n\"",
        ];
        for text in odd {
            let _ = read(text, "t.po");
        }
        let many = file(&"bogus\n".repeat(100_000));
        assert_eq!(errors(&many).len(), 100_000);
    }
}
