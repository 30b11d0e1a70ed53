//! The XLIFF 1.2 codec: a [`Catalog`] to an XLIFF document and back.
//!
//! XLIFF 1.2 is what learning-and-development translation tools exchange. The document is valid
//! against the OASIS *strict* schema and looks like this:
//!
//! ```xml
//! <xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
//!   <file original="course.toml" source-language="en" target-language="fr" datatype="plaintext"
//!         product-name="https://example.org/courses/safety" tool-id="coursepack">
//!     <header>
//!       <tool tool-id="coursepack" tool-name="coursepack"/>
//!     </header>
//!     <body>
//!       <trans-unit id="01-intro/title" approved="yes" xml:space="preserve">
//!         <source>Welcome</source>
//!         <target state="translated">Bienvenue</target>
//!         <note from="coursepack-context">lesson title</note>
//!         <note from="coursepack-source-hash">3f2a9c01</note>
//!         <context-group purpose="location">
//!           <context context-type="sourcefile">lessons/01-intro.md</context>
//!           <context context-type="linenumber">1</context>
//!         </context-group>
//!       </trans-unit>
//!       <trans-unit id="01-intro/2/p1" xml:space="preserve">
//!         <source>Read <bpt id="1" ctype="bold">**</bpt>all<ept id="1">**</ept> of
//!           <bpt id="2" ctype="link">[</bpt>the guide<ept id="2">](guide.md "<sub>Guide</sub>")</ept>.</source>
//!         <target state="needs-review-translation">Lisez <bpt id="1" ctype="bold">**</bpt>tout<ept id="1">**</ept>
//!           le <bpt id="2" ctype="link">[</bpt>guide<ept id="2">](guide.md "<sub>Guide</sub>")</ept>.</target>
//!         <alt-trans alttranstype="previous-version" origin="previous" match-quality="66">
//!           <source>Read <bpt id="2" ctype="link">[</bpt>the guide<ept id="2">](guide.md "<sub>Guide</sub>")</ept>.</source>
//!           <target>Lisez le <bpt id="2" ctype="link">[</bpt>guide<ept id="2">](guide.md "<sub>Guide</sub>")</ept>.</target>
//!         </alt-trans>
//!         …
//!       </trans-unit>
//!     </body>
//!   </file>
//! </xliff>
//! ```
//!
//! - The course id travels in `<file product-name>`, the languages in the two standard attributes.
//! - An entry's key is the `trans-unit` id; `xml:space="preserve"` keeps the newlines and spaces
//!   of Markdown segments (and of the notes) exactly.
//! - Inline Markdown travels as XLIFF inline codes ([`codes`]): a pair of codes around text as
//!   `<bpt>`/`<ept>`, a code alone as `<ph>`, each holding its Markdown (a link's or image's
//!   title as a `<sub>`, translatable), so translation tools lock it. `<g>`/`<x/>` would need the
//!   Markdown kept elsewhere (a skeleton the file would depend on); with the code inside the
//!   element, a file is self-contained and a tool that keeps only text (translate-toolkit's
//!   xliff2po) still gets the exact Markdown. A translation's codes take the ids of the source's
//!   equal codes. Reading joins text and codes back into Markdown, and checks a target's codes
//!   against its source's (each once, same content, pairs nested; the order may change), each
//!   problem at the tag's own line and column. A target with no code at all is read as Markdown
//!   as written, for tools that flatten tags; the markup check of translations judges it.
//! - States: [`State::New`] is a unit without `<target>` (or `state="new"`/`"needs-translation"`
//!   when a target exists), [`State::Translated`] is `state="translated"` (with
//!   `approved="yes"` on the unit, what translate-toolkit and the tools built on it read as "not
//!   fuzzy") and [`State::NeedsReview`] `state="needs-review-translation"`. Reading also accepts
//!   the other standard values (`final`, `signed-off` → translated; `needs-review-*`,
//!   `needs-adaptation`, `needs-l10n` → needs review), and a target without `state` counts as
//!   translated. A unit with no target but a state other than new (a catalog no extractor makes)
//!   carries the state in a `<note from="coursepack-state">`.
//! - The previous source and translation of a changed unit ([`Entry::previous_source`]) are an
//!   `<alt-trans alttranstype="previous-version" origin="previous">` (the `origin` translate-
//!   toolkit gives gettext's `#|` strings, also read), with a `match-quality`: the share of the
//!   previous source's words the current one keeps, in percent. Its codes take the ids of the
//!   current source's equal codes.
//! - Context, source hash and location are notes and a standard location context group; each is
//!   left out when empty and reads back as empty.
//! - The learner interface's strings (keys `interface:<name>`, see [`super::interface`]) come
//!   after the course's text, in `<group id="interface" resname="interface">`.
//!
//! Reading accepts what a CAT tool may add and coursepack does not need (the header's content,
//! notes from others, other `alt-trans`, `count-group`, other context groups, `<mrk>` annotations,
//! elements and attributes of other namespaces; groups are opened, whatever their id) and
//! refuses, with file, line and column, what it cannot represent faithfully: a DOCTYPE,
//! placeholders that carry no code (`<g>`, `<x/>`, `<bx/>`, `<ex/>`, `<it>`), `seg-source`,
//! binary units, more than one `<file>`, duplicate ids. Each entry records the line and column
//! of its `<trans-unit>`, for the diagnostics of later checks.
//!
//! Limits of XML 1.0 itself: control characters other than tab, line feed and carriage return
//! cannot appear in a document at all, so the writer replaces them (and U+FFFE, U+FFFF) with
//! U+FFFD. Carriage returns are written as `&#13;` so they survive end-of-line normalisation. A
//! tab or newline inside an *attribute* (a key, the course id) is read back exactly by this reader
//! but becomes a space in other XML tools; coursepack's keys and ids never contain them.

use super::catalog::{Catalog, Entry, State};
use super::codes::{self, Element, Kind, Piece};
use super::interface;
use super::lines::{Pending, Shows};
use super::not_utf8;
use crate::diag::{Diagnostic, Location};
use crate::xml::XmlWriter;
use input::{Input, Pos};
use quick_xml::encoding::Decoder;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::ops::Range;

mod input;

/// The XLIFF 1.2 namespace.
pub const NS: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The `from` of the note holding an entry's context.
const FROM_CONTEXT: &str = "coursepack-context";
/// The `from` of the note holding an entry's source hash.
const FROM_HASH: &str = "coursepack-source-hash";
/// The `from` of the note holding the state of a unit that has no target.
const FROM_STATE: &str = "coursepack-state";
const TOOL: &str = "coursepack";
/// The `id` and `resname` of the group that holds the learner interface's strings.
const INTERFACE_GROUP: &str = "interface";
/// Deeper documents are refused (XLIFF needs six levels; the limit keeps recursion bounded).
const MAX_DEPTH: usize = 64;

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// The catalog as an XLIFF 1.2 document (UTF-8, indented, ending with a newline).
pub fn write(catalog: &Catalog) -> String {
    let mut w = XmlWriter::new();
    w.start("xliff", &[("version", "1.2"), ("xmlns", NS)]);
    w.start(
        "file",
        &[
            ("original", "course.toml"),
            ("source-language", &xml_chars(&catalog.source_lang)),
            ("target-language", &xml_chars(&catalog.target_lang)),
            ("datatype", "plaintext"),
            ("product-name", &xml_chars(&catalog.course)),
            ("tool-id", TOOL),
        ],
    );
    w.start("header", &[]);
    w.empty("tool", &[("tool-id", TOOL), ("tool-name", TOOL)]);
    w.end("header");
    w.start("body", &[]);
    // The learner interface's strings come last, in a group of their own.
    let (interface, text): (Vec<&Entry>, Vec<&Entry>) = catalog
        .entries
        .iter()
        .partition(|e| interface::name(&e.key).is_some());
    for entry in text {
        write_unit(&mut w, entry);
    }
    if !interface.is_empty() {
        w.start(
            "group",
            &[("id", INTERFACE_GROUP), ("resname", INTERFACE_GROUP)],
        );
        for entry in interface {
            write_unit(&mut w, entry);
        }
        w.end("group");
    }
    w.end("body");
    w.end("file");
    w.end("xliff");
    // The writer emits no carriage return of its own, so every one left is part of a text or an
    // attribute value; as a character reference it survives XML end-of-line normalisation.
    w.finish().replace('\r', "&#13;")
}

/// One `<trans-unit>`: source, target, the previous version of a changed unit, then the notes
/// and the location.
fn write_unit(w: &mut XmlWriter, entry: &Entry) {
    let id = xml_chars(&entry.key);
    let mut attrs = vec![("id", id.as_str())];
    if entry.target.is_some() && entry.state == State::Translated {
        // What translate-toolkit and the tools built on it read as "not fuzzy".
        attrs.push(("approved", "yes"));
    }
    attrs.push(("xml:space", "preserve"));
    w.start("trans-unit", &attrs);
    let source = Coded::new(xml_chars(&entry.source));
    w.markup_element("source", &[], &source.xml());
    match &entry.target {
        Some(target) => {
            let state = [("state", target_state(entry.state))];
            w.markup_element("target", &state, &source.xml_of(&xml_chars(target)));
        }
        None if entry.state != State::New => {
            let from = [("from", FROM_STATE)];
            w.text_element("note", &from, target_state(entry.state));
        }
        None => {}
    }
    if let Some(previous) = &entry.previous_source {
        write_previous(w, &source, previous, entry.previous_target.as_deref());
    }
    write_note(w, FROM_CONTEXT, &entry.context);
    write_note(w, FROM_HASH, &entry.hash);
    write_location(w, &entry.location);
    w.end("trans-unit");
}

/// The source a translation was made for, and that translation, as an `<alt-trans>` of type
/// `previous-version` (XLIFF 1.2's "a previous version of the target"), with `origin="previous"`
/// as translate-toolkit writes gettext's previous strings (`#|`), and a `match-quality`: how
/// much of the old source's words the new one keeps, in percent.
fn write_previous(w: &mut XmlWriter, source: &Coded, previous: &str, target: Option<&str>) {
    let quality = similarity(&source.text, previous).map(|q| q.to_string());
    let mut attrs = vec![("alttranstype", "previous-version"), ("origin", "previous")];
    if let Some(q) = &quality {
        attrs.push(("match-quality", q));
    }
    w.start("alt-trans", &attrs);
    let previous = Coded::like(xml_chars(previous), source);
    w.markup_element("source", &[], &previous.xml());
    // The schema requires a target in an alt-trans; an absent one is written empty.
    let target = target.map(xml_chars).unwrap_or_default();
    w.markup_element("target", &[], &previous.xml_of(&target));
    w.end("alt-trans");
}

/// How similar two texts are, in percent of words (100 − the word-level edit distance over
/// the longer text's word count). `None` for texts too long to compare cheaply.
fn similarity(a: &str, b: &str) -> Option<u32> {
    const MAX_WORDS: usize = 2000;
    let a: Vec<&str> = a.split_whitespace().collect();
    let b: Vec<&str> = b.split_whitespace().collect();
    if a.len() > MAX_WORDS || b.len() > MAX_WORDS {
        return None;
    }
    let longest = a.len().max(b.len());
    if longest == 0 {
        return Some(100);
    }
    // Levenshtein distance over words, one row at a time.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, wa) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, wb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(wa != wb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    let distance = row[b.len()];
    u32::try_from(100 * (longest - distance) / longest).ok()
}

/// A source text cut into text and the codes of its inline Markdown ([`codes`]), with the id of
/// each code.
struct Coded {
    text: String,
    elements: Vec<Element>,
    ids: Vec<usize>,
}

impl Coded {
    /// A text whose codes are numbered from 1 in the order they open.
    fn new(text: String) -> Coded {
        let elements = codes::elements(&text);
        let ids = (1..=elements.len()).collect();
        Coded {
            text,
            elements,
            ids,
        }
    }

    /// Another source of the same unit (a previous one): its codes take the ids of the equal
    /// codes of `current`, and new ids after those, so that a tool showing the previous version
    /// beside the current one sees the same tag numbers for the same markup.
    fn like(text: String, current: &Coded) -> Coded {
        let elements = codes::elements(&text);
        let matched = match_codes(&current.text, &current.elements, &text, &elements);
        let mut next = current.ids.iter().max().copied().unwrap_or(0);
        let ids = matched
            .into_iter()
            .map(|m| match m {
                Some(n) => current.ids[n],
                None => {
                    next += 1;
                    next
                }
            })
            .collect();
        Coded {
            text,
            elements,
            ids,
        }
    }

    /// The text as XLIFF inline content: its codes as `<bpt>`/`<ept>` and `<ph>`.
    fn xml(&self) -> String {
        inline_xml(&self.text, &self.elements, &self.ids)
    }

    /// A translation of this text as XLIFF inline content. Its codes take the ids of the source's
    /// equal codes, so a tool sees the same tags in both; a translation whose markup differs from
    /// the source's (one kept for review after the source changed) is written as text, its
    /// Markdown as it is, which reads back the same.
    fn xml_of(&self, target: &str) -> String {
        let elements = codes::elements(target);
        let matched = match_codes(&self.text, &self.elements, target, &elements);
        if elements.len() != self.elements.len() || matched.iter().any(Option::is_none) {
            return escape(target);
        }
        let ids: Vec<usize> = matched.into_iter().flatten().map(|n| self.ids[n]).collect();
        inline_xml(target, &elements, &ids)
    }
}

/// For each element of `other`, the index of an equal element of `text` (same kind and codes,
/// titles aside), each used once, first come first served.
fn match_codes(
    text: &str,
    elements: &[Element],
    other: &str,
    other_elements: &[Element],
) -> Vec<Option<usize>> {
    let mut unused: Vec<Option<(Kind, String, String)>> =
        elements.iter().map(|e| Some(e.key(text))).collect();
    other_elements
        .iter()
        .map(|e| {
            let key = e.key(other);
            let n = unused.iter().position(|k| k.as_ref() == Some(&key))?;
            unused[n] = None;
            Some(n)
        })
        .collect()
}

/// Text and codes as XLIFF inline content; `ids[n]` is the id of element `n`.
fn inline_xml(text: &str, elements: &[Element], ids: &[usize]) -> String {
    let mut out = String::with_capacity(text.len() + 32 * elements.len());
    for piece in codes::pieces(text, elements) {
        match piece {
            Piece::Text(r) => out.push_str(&escape(&text[r])),
            Piece::Open(n) => {
                let e = &elements[n];
                let (tag, ctype) = if e.close.is_some() {
                    ("bpt", e.kind.ctype())
                } else {
                    ("ph", e.kind.ctype())
                };
                let code = code_xml(text, &e.open, e.sub.as_ref());
                out.push_str(&format!(
                    "<{tag} id=\"{}\" ctype=\"{ctype}\">{code}</{tag}>",
                    ids[n]
                ));
            }
            Piece::Close(n) => {
                let e = &elements[n];
                let Some(close) = &e.close else {
                    continue;
                };
                let code = code_xml(text, close, e.sub.as_ref());
                out.push_str(&format!("<ept id=\"{}\">{code}</ept>", ids[n]));
            }
        }
    }
    out
}

/// One code as the content of its inline element, its title (if inside it) as a `<sub>`: the
/// sub-flow XLIFF 1.2 defines for translatable text inside native code.
fn code_xml(text: &str, code: &Range<usize>, sub: Option<&Range<usize>>) -> String {
    match sub {
        Some(s) if code.start <= s.start && s.end <= code.end => format!(
            "{}<sub>{}</sub>{}",
            escape(&text[code.start..s.start]),
            escape(&text[s.clone()]),
            escape(&text[s.end..code.end])
        ),
        _ => escape(&text[code.clone()]),
    }
}

/// Text escaped for XML content (`&`, `<`, `>`; quotes stay readable).
fn escape(text: &str) -> String {
    quick_xml::escape::partial_escape(text).into_owned()
}

/// A `<note from=…>`, unless the text is empty (an absent note reads back as empty).
fn write_note(w: &mut XmlWriter, from: &str, text: &str) {
    if !text.is_empty() {
        w.text_element("note", &[("from", from)], &xml_chars(text));
    }
}

/// The location as the standard context group: `file:12` becomes a `sourcefile` and a
/// `linenumber` context; anything else is a `sourcefile` alone.
fn write_location(w: &mut XmlWriter, location: &str) {
    if location.is_empty() {
        return;
    }
    let (file, line) = split_location(location);
    w.start("context-group", &[("purpose", "location")]);
    w.text_element(
        "context",
        &[("context-type", "sourcefile")],
        &xml_chars(file),
    );
    if let Some(line) = line {
        w.text_element("context", &[("context-type", "linenumber")], line);
    }
    w.end("context-group");
}

/// Splits `path:line` at its last colon when what follows is a line number.
fn split_location(location: &str) -> (&str, Option<&str>) {
    match location.rsplit_once(':') {
        Some((file, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => {
            (file, Some(line))
        }
        _ => (location, None),
    }
}

/// The XLIFF `state` value written for a coursepack state.
fn target_state(state: State) -> &'static str {
    match state {
        State::New => "needs-translation",
        State::Translated => "translated",
        State::NeedsReview => "needs-review-translation",
    }
}

/// The text with the characters XML 1.0 cannot carry replaced by U+FFFD.
fn xml_chars(text: &str) -> String {
    text.chars()
        .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
        .collect()
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

// ---------------------------------------------------------------------------------------------
// Reading, first half: XML into a lossless element tree
// ---------------------------------------------------------------------------------------------

/// Reads an XLIFF document written by [`write`] or by a translation tool after it.
///
/// `file` is the path shown in diagnostics (e.g. `translations/fr.xlf`). Every structural
/// problem is reported, each with its line and column; a document that is not well-formed XML
/// stops at its first error.
pub fn read(text: &str, file: &str) -> Result<Catalog, Vec<Diagnostic>> {
    read_from(text.as_bytes(), file).map_err(|errors| errors.resolve_text(text))
}

/// [`read`] over a stream, which is never held whole: the element tree holds one unit at a
/// time. The diagnostics wait for their source lines ([`Pending::resolve`] over the file).
pub fn read_from(reader: impl BufRead, file: &str) -> Result<Catalog, Pending> {
    let mut entries = Vec::new();
    let mut catalog = read_each(reader, file, &mut |e| entries.push(e))?;
    catalog.entries = entries;
    Ok(catalog)
}

/// [`read_from`], each unit handed to `each` as soon as it is read instead of kept: the catalog
/// returned has no entries. When the document has errors, the units handed over are not to be
/// used.
pub fn read_each(
    reader: impl BufRead,
    file: &str,
    each: &mut dyn FnMut(Entry),
) -> Result<Catalog, Pending> {
    let src = Src { file, input: None };
    let mut units = Units {
        each,
        seen: foldhash::HashMap::default(),
        errors: Vec::new(),
    };
    let root = parse(&src, reader, &mut units).map_err(|d| src.pending(vec![d]))?;
    let mut errors = Vec::new();
    let catalog = interpret(&src, &root, units.errors, &mut errors);
    match catalog {
        Some(catalog) if errors.is_empty() => Ok(catalog),
        _ => Err(src.pending(errors)),
    }
}

/// The document being read, for diagnostics.
struct Src<'a> {
    file: &'a str,
    /// The input while a unit is read: where the offsets of the unit's elements are.
    input: Option<&'a dyn Positions>,
}

/// Where an element or a run of text starts. Inside a unit read into an entry, only the offset
/// is taken as the document is parsed: the line and column are counted when a diagnostic or
/// the entry asks, from the unit's start (the input keeps the unit's bytes until it closes).
/// Elsewhere (the few elements around the units), the position itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum At {
    Known(Pos),
    InUnit(u64),
}

/// What can tell the position of an offset of the unit being read.
trait Positions {
    fn position(&self, offset: u64) -> Pos;
}

impl<R: std::io::Read> Positions for Input<R> {
    fn position(&self, offset: u64) -> Pos {
        Input::position(self, offset)
    }
}

impl Src<'_> {
    /// The line and column of `at`.
    fn pos(&self, at: At) -> Pos {
        match (at, self.input) {
            (At::Known(pos), _) => pos,
            (At::InUnit(offset), Some(input)) => input.position(offset),
            // Offsets are only taken inside a unit, which is read while its bytes are kept.
            (At::InUnit(_), None) => Pos { line: 1, column: 1 },
        }
    }

    /// An error at a position of the document (its line is shown once it is read again).
    fn error(&self, at: At, message: impl Into<String>) -> Diagnostic {
        let Pos { line, column } = self.pos(at);
        Diagnostic::error(message).at(Location::new(self.file, line, column))
    }

    /// Errors made by [`Src::error`], each to show its line.
    fn pending(&self, errors: Vec<Diagnostic>) -> Pending {
        let mut pending = Pending::new(self.file);
        for d in errors {
            pending.push(d, Shows::ItsLine);
        }
        pending
    }
}

/// An element with its exact content.
#[derive(Debug)]
struct Node {
    ns: Ns,
    /// The name as written (with its prefix), for messages.
    name: Name,
    /// Where the name without its prefix starts.
    local_start: usize,
    /// Attributes in no namespace (the only ones XLIFF defines besides `xml:*`, which coursepack
    /// does not need to read back), as `(name, value)`.
    attrs: Vec<(Name, Name)>,
    children: Vec<Child>,
    /// Where its `<` is.
    at: At,
}

/// The namespace of an element: all coursepack needs to know of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ns {
    Xliff,
    None,
    /// Another namespace: an extension.
    Other,
}

#[derive(Debug)]
enum Child {
    Element(Node),
    /// A run of character data (text, references and CDATA sections merged).
    Text {
        text: String,
        at: At,
    },
}

/// An element or attribute name as written: the names XLIFF files are made of are not copied.
type Name = Cow<'static, str>;

/// `$bytes` as one of the `$known` string literals, if it is one. Each comparison is with a
/// constant, which the compiler makes a length test and a few loads, not a call.
macro_rules! known {
    ($bytes:expr; $($known:literal)|+) => {{
        let bytes: &[u8] = $bytes;
        'found: {
            $(
                if bytes == $known.as_bytes() {
                    break 'found Some($known);
                }
            )+
            None
        }
    }};
}

/// `bytes` as a name: one of coursepack's files, elements and attributes (which every document
/// repeats) borrowed, another one copied.
fn name_of(bytes: &[u8]) -> Name {
    let known = known!(bytes;
            "trans-unit" | "source" | "target" | "note" | "context-group" | "context" |
            "id" | "approved" | "state" | "from" | "purpose" | "context-type" | "bpt" |
            "ept" | "ph" | "sub" | "ctype" | "mrk" | "mtype" | "alt-trans" |
            "alttranstype" | "origin" | "match-quality" | "group" | "restype" | "resname" |
            "body" | "header" | "tool" | "tool-id" | "tool-name" | "file" | "original" |
            "source-language" | "target-language" | "datatype" | "product-name" | "xliff" |
            "version"
    );
    match known {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(String::from_utf8_lossy(bytes).into_owned()),
    }
}

/// An attribute's value: one of those coursepack writes (which every unit repeats, ids of inline
/// codes included) borrowed, another one kept.
fn value_of(value: Cow<'_, str>) -> Name {
    let known = known!(value.as_bytes();
            "yes" | "translated" | "coursepack-context" | "coursepack-source-hash" |
            "location" | "sourcefile" | "linenumber" | "1" | "2" | "3" | "4" | "italic" |
            "bold" | "link" | "x-code" | "x-image" | "needs-review-translation" |
            "needs-translation" | "new" | "no"
    );
    match known {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(value.into_owned()),
    }
}

/// Where the local part of a name starts (after its prefix and colon, if any).
fn local_start(name: &[u8]) -> usize {
    name.iter()
        .position(|&b| b == b':')
        .map_or(0, |colon| colon + 1)
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }

    /// The name without its prefix.
    fn local(&self) -> &str {
        &self.name[self.local_start..]
    }

    /// Whether this is the XLIFF element `local`.
    fn is(&self, local: &str) -> bool {
        self.ns == Ns::Xliff && self.local() == local
    }

    fn is_xliff(&self) -> bool {
        self.ns == Ns::Xliff
    }

    /// Whether this XLIFF element holds elements only, its whitespace meaning nothing (reading
    /// it reports other text as unexpected).
    fn holds_no_text(&self) -> bool {
        self.is_xliff()
            && matches!(
                self.local(),
                "xliff" | "file" | "header" | "body" | "group" | "trans-unit" | "context-group"
            )
    }
}

/// The units of a document, each read into an entry as soon as its `</trans-unit>` is parsed
/// and handed over, so that the element tree never holds more than one unit.
struct Units<'e> {
    /// Where each entry goes.
    each: &'e mut dyn FnMut(Entry),
    /// The line of each id's first unit, for duplicates.
    seen: foldhash::HashMap<String, usize>,
    errors: Vec<Diagnostic>,
}

impl Units<'_> {
    /// Reads a unit (a `<trans-unit>` of `<body>` or a `<group>`) into an entry.
    fn read(&mut self, src: &Src<'_>, unit: &Node) {
        let Some(id) = unit.attr("id") else {
            self.errors
                .push(src.error(unit.at, "<trans-unit> has no `id` attribute"));
            return;
        };
        if let Some(&line) = self.seen.get(id) {
            self.errors.push(src.error(
                unit.at,
                format!("duplicate trans-unit id `{id}` (first on line {line})"),
            ));
            return;
        }
        self.seen.insert(id.to_owned(), src.pos(unit.at).line);
        if let Some(entry) = read_unit(src, unit, id, &mut self.errors) {
            (self.each)(entry);
        }
    }
}

/// Parses the whole document into its root element, refusing DOCTYPEs, unknown entities,
/// undeclared prefixes, absurd depths and bytes that are not UTF-8; units go to `units` instead
/// of the tree.
fn parse(src: &Src<'_>, reader: impl BufRead, units: &mut Units<'_>) -> Result<Node, Diagnostic> {
    let mut reader = Reader::from_reader(Input::new(reader));
    let mut buf = Vec::new();
    let mut scopes = Scopes::default();
    let mut spare = Spare::default();
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    // The depth of the unit being read (the stack's length with it), while one is open.
    let mut unit: Option<usize> = None;
    loop {
        buf.clear();
        let position = reader.buffer_position();
        // Inside a unit the position waits until something asks (the input keeps the unit's
        // bytes: it drops only those before the last mark, the unit's start).
        let at = match unit {
            Some(_) => At::InUnit(position),
            None => At::Known(reader.get_mut().mark(position)),
        };
        let read = reader.read_event_into(&mut buf);
        let input = reader.get_ref();
        if let Some(bad) = input.invalid_utf8() {
            let Pos { line, column } = input.position(bad);
            return Err(not_utf8(src.file, line, column));
        }
        let src = &Src {
            file: src.file,
            input: Some(input),
        };
        let event = match read {
            Ok(event) => event,
            Err(quick_xml::Error::Io(e)) => {
                return Err(src.error(at, format!("cannot read `{}`: {e}", src.file)));
            }
            Err(e) => {
                let at = At::Known(input.position(reader.error_position()));
                return Err(src.error(at, format!("not well-formed XML: {e}")));
            }
        };
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                return Err(src.error(
                    at,
                    format!("unexpected element <{name}> after the root element"),
                ));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    let message = format!("elements nest deeper than {MAX_DEPTH} levels");
                    return Err(src.error(at, message));
                }
                let el = node(src, reader.decoder(), &mut scopes, &mut spare, &start, at)?;
                if unit.is_none() && is_unit(&el, &stack) {
                    unit = Some(stack.len() + 1);
                }
                stack.push(el);
            }
            Event::Empty(start) => {
                let el = node(src, reader.decoder(), &mut scopes, &mut spare, &start, at)?;
                scopes.close();
                close(src, &mut stack, &mut root, el, units, &mut spare);
            }
            Event::End(_) => match stack.pop() {
                Some(el) => {
                    scopes.close();
                    close(src, &mut stack, &mut root, el, units, &mut spare);
                    if unit.is_some_and(|depth| stack.len() < depth) {
                        unit = None;
                    }
                }
                None => return Err(src.error(at, "unexpected closing tag")),
            },
            // Line ends are normalized only once the input has shown a carriage return: the
            // other ones are XML's already.
            Event::Text(t) => {
                let text = if input.has_carriage_returns() {
                    t.xml10_content()
                } else {
                    t.decode()
                };
                let text = text.map_err(|e| src.error(at, format!("bad text: {e}")))?;
                push_text(src, &mut stack, &text, at, &mut spare)?;
            }
            Event::CData(c) => {
                let text = if input.has_carriage_returns() {
                    c.xml10_content()
                } else {
                    c.decode()
                };
                let text = text.map_err(|e| src.error(at, format!("bad CDATA section: {e}")))?;
                push_text(src, &mut stack, &text, at, &mut spare)?;
            }
            Event::GeneralRef(r) => {
                let c = reference(&r).map_err(|m| src.error(at, m))?;
                push_text(src, &mut stack, c.encode_utf8(&mut [0; 4]), at, &mut spare)?;
            }
            Event::DocType(_) => {
                return Err(src
                    .error(at, "DOCTYPE declarations are not accepted")
                    .hint("remove the <!DOCTYPE …> line: XLIFF files need none"));
            }
            Event::Eof => {
                return root.ok_or_else(|| {
                    src.error(at, "the document ends before its root element closes")
                });
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
}

/// Whether `el` is a unit read into an entry as soon as it closes: a `<trans-unit>` of `<body>`
/// or of a `<group>` (`stack` holds its ancestors).
fn is_unit(el: &Node, stack: &[Node]) -> bool {
    el.is("trans-unit") && stack.last().is_some_and(|p| p.is("body") || p.is("group"))
}

/// The namespaces the open elements declare, innermost last: what an element's prefix means.
#[derive(Default)]
struct Scopes {
    /// Each declared prefix (empty for the default namespace) and its namespace.
    bindings: Vec<(Box<[u8]>, Ns)>,
    /// For each open element, how many bindings there were before its own.
    opened: Vec<usize>,
}

impl Scopes {
    /// Opens an element whose declarations are `declared` (prefix, namespace name).
    fn open(&mut self, declared: Vec<(Box<[u8]>, Ns)>) {
        self.opened.push(self.bindings.len());
        self.bindings.extend(declared);
    }

    /// Closes the innermost element: its declarations go out of scope.
    fn close(&mut self) {
        if let Some(before) = self.opened.pop() {
            self.bindings.truncate(before);
        }
    }

    /// The namespace of an element named `name`, or its undeclared prefix as the error. An
    /// element without a prefix is in the default namespace, if one is declared.
    fn resolve(&self, name: &[u8]) -> Result<Ns, String> {
        let prefix = &name[..local_start(name).saturating_sub(1)];
        if prefix == b"xml" {
            return Ok(Ns::Other);
        }
        // Most names have no prefix, and an empty one is matched by its length alone. Comparing
        // two empty slices still calls `memcmp`, and an empty `Box`'s pointer is a placeholder
        // (0x1): glibc 2.36's AVX-512 `memcmp` spends about 80 ns on it on an AMD EPYC (a masked
        // load whose fault the processor must suppress), 50 times a plain call, once per element.
        let declares = |p: &[u8]| p.len() == prefix.len() && (prefix.is_empty() || p == prefix);
        match self.bindings.iter().rev().find(|(p, _)| declares(p)) {
            Some((_, ns)) => Ok(*ns),
            None if prefix.is_empty() => Ok(Ns::None),
            None => Err(String::from_utf8_lossy(prefix).into_owned()),
        }
    }
}

/// The namespace a declaration's value names (`xmlns=""` undeclares the default one).
fn namespace(value: &str) -> Ns {
    match value {
        NS => Ns::Xliff,
        "" => Ns::None,
        _ => Ns::Other,
    }
}

/// A new element from its start tag, its namespace declarations opened in `scopes`.
fn node(
    src: &Src<'_>,
    decoder: Decoder,
    scopes: &mut Scopes,
    spare: &mut Spare,
    start: &BytesStart<'_>,
    at: At,
) -> Result<Node, Diagnostic> {
    let mut el = spare.node();
    let mut declared = Vec::new();
    spare.keys.clear();
    // Duplicates are found here, in a buffer kept from element to element, rather than by
    // quick-xml's checks, which allocate a list for each element.
    for attr in start.attributes().with_checks(false) {
        let attr = attr.map_err(|e| src.error(at, format!("bad attribute: {e}")))?;
        let key = attr.key.as_ref();
        if !spare.first_sight(key) {
            let key = String::from_utf8_lossy(key);
            return Err(src.error(at, format!("attribute `{key}` is given twice")));
        }
        let declares = match key.strip_prefix(b"xmlns") {
            Some(b"") => Some(&b""[..]),
            Some(rest) => rest.strip_prefix(b":"),
            None => None,
        };
        if declares.is_none() && local_start(key) > 0 {
            // `xml:*` and attributes of other namespaces: nothing for us.
            continue;
        }
        let value = attr
            .decode_and_unescape_value(decoder)
            .map_err(|e| src.error(at, format!("bad attribute value: {e}")))?;
        match declares {
            Some(prefix) => declared.push((Box::from(prefix), namespace(&value))),
            None => el.attrs.push((name_of(key), value_of(value))),
        }
    }
    scopes.open(declared);
    let name = start.name();
    el.ns = scopes
        .resolve(name.as_ref())
        .map_err(|prefix| src.error(at, format!("undeclared namespace prefix `{prefix}`")))?;
    el.name = name_of(name.as_ref());
    el.local_start = local_start(name.as_ref());
    el.at = at;
    Ok(el)
}

/// The elements and text runs of units already read, cleared, for the next units to fill: a
/// unit's tree is made of the same few elements each time, and their vectors and strings are
/// not allocated again.
#[derive(Default)]
struct Spare {
    nodes: Vec<Node>,
    texts: Vec<String>,
    /// The attribute names of the start tag being read, each followed by a space (which no
    /// name holds).
    keys: Vec<u8>,
}

impl Spare {
    /// An element with no name, attribute or child yet.
    fn node(&mut self) -> Node {
        self.nodes.pop().unwrap_or_else(|| Node {
            ns: Ns::None,
            name: Cow::Borrowed(""),
            local_start: 0,
            attrs: Vec::new(),
            children: Vec::new(),
            at: At::InUnit(0),
        })
    }

    /// A run of text holding `text`.
    fn text(&mut self, text: &str) -> String {
        let mut run = self.texts.pop().unwrap_or_default();
        run.push_str(text);
        run
    }

    /// Whether `key` is the first attribute of that name in the start tag being read (the
    /// names seen are cleared before each tag).
    fn first_sight(&mut self, key: &[u8]) -> bool {
        let seen = self
            .keys
            .split(|&b| b == b' ')
            .any(|name| name == key && !name.is_empty());
        self.keys.extend_from_slice(key);
        self.keys.push(b' ');
        !seen
    }

    /// Takes back an element read, and everything it holds.
    fn keep(&mut self, mut el: Node) {
        for child in el.children.drain(..) {
            match child {
                Child::Element(inner) => self.keep(inner),
                Child::Text { mut text, .. } => {
                    text.clear();
                    self.texts.push(text);
                }
            }
        }
        el.attrs.clear();
        self.nodes.push(el);
    }
}

/// Attaches a finished element to its parent, or makes it the root.
/// A unit of `<body>` or a `<group>` is read into `units` and leaves the tree.
fn close(
    src: &Src<'_>,
    stack: &mut [Node],
    root: &mut Option<Node>,
    el: Node,
    units: &mut Units<'_>,
    spare: &mut Spare,
) {
    if is_unit(&el, stack) {
        units.read(src, &el);
        spare.keep(el);
        return;
    }
    match stack.last_mut() {
        Some(parent) => parent.children.push(Child::Element(el)),
        None => *root = Some(el),
    }
}

/// Appends character data to the open element, merging adjacent runs. Outside the root only
/// whitespace is allowed; whitespace between the elements of an element that holds no text (the
/// indentation of the document) is not kept.
fn push_text(
    src: &Src<'_>,
    stack: &mut [Node],
    text: &str,
    at: At,
    spare: &mut Spare,
) -> Result<(), Diagnostic> {
    let Some(parent) = stack.last_mut() else {
        if is_blank(text) {
            return Ok(());
        }
        return Err(src.error(at, "text outside the root element"));
    };
    if parent.holds_no_text() && is_blank(text) {
        return Ok(());
    }
    if let Some(Child::Text { text: run, .. }) = parent.children.last_mut() {
        run.push_str(text);
    } else {
        parent.children.push(Child::Text {
            text: spare.text(text),
            at,
        });
    }
    Ok(())
}

/// Whether `text` is whitespace only: the indentation between elements, checked byte by byte,
/// or other whitespace as [`str::trim`] knows it.
fn is_blank(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        || text.trim().is_empty()
}

/// The character of an entity or character reference; only XML's five entities exist here.
fn reference(r: &quick_xml::events::BytesRef<'_>) -> Result<char, String> {
    let name = r.decode().map_err(|e| format!("bad reference: {e}"))?;
    let c = match name.as_ref() {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => r
            .resolve_char_ref()
            .map_err(|e| format!("bad character reference `&{name};`: {e}"))?,
    };
    c.ok_or_else(|| format!("unknown entity `&{name};` (entities are not expanded)"))
}

// ---------------------------------------------------------------------------------------------
// Reading, second half: the element tree into a catalog
// ---------------------------------------------------------------------------------------------

/// Reads the catalog out of the root element, pushing every problem found.
fn interpret(
    src: &Src<'_>,
    root: &Node,
    unit_errors: Vec<Diagnostic>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Catalog> {
    if !root.is("xliff") {
        let message = if root.local() == "xliff" {
            format!(
                "the root element <{}> is not in the XLIFF 1.2 namespace",
                root.name
            )
        } else {
            format!(
                "expected the root element <xliff> of XLIFF 1.2, found <{}>",
                root.name
            )
        };
        errors.push(src.error(root.at, message).hint(format!(
            "an XLIFF 1.2 file starts with <xliff version=\"1.2\" xmlns=\"{NS}\">"
        )));
        return None;
    }
    if root.attr("version") != Some("1.2") {
        errors.push(
            src.error(root.at, "expected <xliff version=\"1.2\">")
                .hint("coursepack reads XLIFF 1.2 only; export the translation as XLIFF 1.2"),
        );
    }
    let mut files = Vec::new();
    for child in &root.children {
        match child {
            Child::Element(el) if el.is("file") => files.push(el),
            other => unexpected(src, root, other, "<file>", errors),
        }
    }
    match files.as_slice() {
        [file] => read_file(src, file, unit_errors, errors),
        [] => {
            errors.push(src.error(root.at, "<xliff> has no <file>"));
            None
        }
        [_, second, ..] => {
            errors.push(
                src.error(second.at, "more than one <file> in the document")
                    .hint("a coursepack translation file holds one course for one language"),
            );
            None
        }
    }
}

/// Reports a child that has no place in `parent`, unless it is whitespace or an element of
/// another namespace (XLIFF's extension point).
fn unexpected(
    src: &Src<'_>,
    parent: &Node,
    child: &Child,
    expected: &str,
    errors: &mut Vec<Diagnostic>,
) {
    match child {
        Child::Text { text, at } if !is_blank(text) => errors.push(src.error(
            *at,
            format!("unexpected text in <{}>, expected {expected}", parent.name),
        )),
        Child::Element(el) if el.ns != Ns::Other => errors.push(src.error(
            el.at,
            format!(
                "unexpected <{}> in <{}>, expected {expected}",
                el.name, parent.name
            ),
        )),
        _ => {}
    }
}

/// The `<file>` element: languages, course id and the units of its body.
fn read_file(
    src: &Src<'_>,
    file: &Node,
    unit_errors: Vec<Diagnostic>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Catalog> {
    let source_lang = required_attr(src, file, "source-language", errors);
    let target_lang = required_attr(src, file, "target-language", errors);
    let course = required_attr(src, file, "product-name", errors).map(|c| c.to_owned());
    let mut bodies = Vec::new();
    for child in &file.children {
        match child {
            // The header holds tool information and notes for people: nothing to read back.
            Child::Element(el) if el.is("header") => {}
            Child::Element(el) if el.is("body") => bodies.push(el),
            other => unexpected(src, file, other, "<header> or <body>", errors),
        }
    }
    match bodies.as_slice() {
        [body] => {
            check_body(src, body, errors);
            errors.extend(unit_errors);
        }
        [] => errors.push(src.error(file.at, "<file> has no <body>")),
        [_, second, ..] => errors.push(src.error(second.at, "more than one <body> in <file>")),
    }
    Some(Catalog {
        source_lang: source_lang?.to_owned(),
        target_lang: target_lang?.to_owned(),
        course: course?,
        entries: Vec::new(),
        line: src.pos(file.at).line,
    })
}

/// An attribute the file cannot do without.
fn required_attr<'n>(
    src: &Src<'_>,
    el: &'n Node,
    name: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<&'n str> {
    let value = el.attr(name);
    if value.is_none() {
        let mut d = src.error(el.at, format!("<{}> has no `{name}` attribute", el.name));
        if name == "product-name" {
            d = d.hint("coursepack keeps the course id in `product-name`; was the file made by `coursepack i18n extract`?");
        }
        errors.push(d);
    }
    value
}

/// Checks what `<body>` or a `<group>` holds besides its units (read while parsing, see
/// [`Units`]): groups (the interface strings', or a tool's) opened, in document order.
fn check_body(src: &Src<'_>, parent: &Node, errors: &mut Vec<Diagnostic>) {
    for child in &parent.children {
        match child {
            Child::Element(el) if el.is("group") => check_body(src, el, errors),
            // What a group says about its units: nothing coursepack needs.
            Child::Element(el)
                if parent.is("group")
                    && ["context-group", "count-group", "note"].contains(&el.local())
                    && el.is_xliff() => {}
            Child::Element(el) if el.is("bin-unit") => {
                errors.push(
                    src.error(el.at, format!("<{}> is not supported", el.name))
                        .hint("coursepack files hold <trans-unit> elements only"),
                );
            }
            other => unexpected(src, parent, other, "<trans-unit> or <group>", errors),
        }
    }
}

/// What a `<trans-unit>` holds, gathered before it becomes an entry.
#[derive(Default)]
struct UnitParts<'n> {
    source: Option<&'n Node>,
    target: Option<&'n Node>,
    context: Option<&'n Node>,
    hash: Option<&'n Node>,
    state: Option<&'n Node>,
    location: Option<&'n Node>,
    /// The `<alt-trans>` holding the previous version of a changed unit.
    previous: Option<&'n Node>,
}

/// One `<trans-unit>` as an entry.
fn read_unit(src: &Src<'_>, unit: &Node, id: &str, errors: &mut Vec<Diagnostic>) -> Option<Entry> {
    let before = errors.len();
    let parts = unit_parts(src, unit, errors);
    let Some(source) = parts.source else {
        errors.push(src.error(unit.at, format!("<trans-unit id=\"{id}\"> has no <source>")));
        return None;
    };
    let source = content(src, source, errors);
    let target = parts.target.map(|t| {
        let target = content(src, t, errors);
        check_codes(src, id, &source, &target, t, errors);
        target.markdown
    });
    let state = unit_state(src, parts.target, parts.state, errors);
    let (previous_source, previous_target) = parts
        .previous
        .map(|alt| previous_version(src, alt, errors))
        .unwrap_or_default();
    let Pos { line, column } = src.pos(unit.at);
    let entry = Entry {
        key: id.to_owned(),
        source: source.markdown,
        target,
        state: state?,
        hash: parts
            .hash
            .map(|n| plain_text(src, n, errors))
            .unwrap_or_default(),
        context: parts
            .context
            .map(|n| plain_text(src, n, errors))
            .unwrap_or_default(),
        location: parts
            .location
            .map(|n| location(src, n, errors))
            .unwrap_or_default(),
        previous_key: None,
        previous_source,
        previous_target,
        line,
        column,
    };
    (errors.len() == before).then_some(entry)
}

/// Sorts the children of a unit into their roles, reporting unknown and repeated ones.
fn unit_parts<'n>(src: &Src<'_>, unit: &'n Node, errors: &mut Vec<Diagnostic>) -> UnitParts<'n> {
    let mut parts = UnitParts::default();
    for child in &unit.children {
        let Child::Element(el) = child else {
            unexpected(
                src,
                unit,
                child,
                "<source>, <target>, <note> or <context-group>",
                errors,
            );
            continue;
        };
        let slot = match el.local() {
            _ if !el.is_xliff() => {
                unexpected(src, unit, child, "an XLIFF element", errors);
                continue;
            }
            "source" => &mut parts.source,
            "target" => &mut parts.target,
            "note" => match el.attr("from") {
                Some(FROM_CONTEXT) => &mut parts.context,
                Some(FROM_HASH) => &mut parts.hash,
                Some(FROM_STATE) => &mut parts.state,
                // A note from a translator or a tool: not ours to read.
                _ => continue,
            },
            "context-group" if is_location_group(el) => &mut parts.location,
            // The first previous version is the one coursepack wrote; a tool may add others.
            "alt-trans" if is_previous_version(el) && parts.previous.is_none() => {
                &mut parts.previous
            }
            // Proposals of translation memories and machine translation: not ours to read.
            "context-group" | "alt-trans" | "count-group" => continue,
            "seg-source" => {
                errors.push(
                    src.error(el.at, "<seg-source> (segmented source) is not supported")
                        .hint("export the translation without segmentation, one target per unit"),
                );
                continue;
            }
            _ => {
                unexpected(
                    src,
                    unit,
                    child,
                    "<source>, <target>, <note> or <context-group>",
                    errors,
                );
                continue;
            }
        };
        if slot.is_some() {
            errors.push(src.error(
                el.at,
                format!("more than one {} in <trans-unit>", describe(el)),
            ));
        } else {
            *slot = Some(el);
        }
    }
    parts
}

/// Whether an `<alt-trans>` is the previous version of its unit: XLIFF's
/// `alttranstype="previous-version"`, or translate-toolkit's `origin="previous"` (what po2xliff
/// makes of gettext's `#|` previous strings).
fn is_previous_version(el: &Node) -> bool {
    el.attr("alttranstype") == Some("previous-version") || el.attr("origin") == Some("previous")
}

/// The source and target of a previous version, as Markdown.
fn previous_version(
    src: &Src<'_>,
    alt: &Node,
    errors: &mut Vec<Diagnostic>,
) -> (Option<String>, Option<String>) {
    let mut source = None;
    let mut target = None;
    for child in &alt.children {
        match child {
            Child::Element(el) if el.is("source") && source.is_none() => {
                source = Some(content(src, el, errors).markdown);
            }
            Child::Element(el) if el.is("target") && target.is_none() => {
                target = Some(content(src, el, errors).markdown);
            }
            // Notes, context groups, a segmented source: nothing coursepack keeps.
            _ => {}
        }
    }
    (source, target)
}

/// How an element is named in a message: `<note from="…">` for notes.
fn describe(el: &Node) -> String {
    match el.attr("from") {
        Some(from) if el.local() == "note" => format!("<note from=\"{from}\">"),
        _ => format!("<{}>", el.name),
    }
}

/// Whether a context group is the location one (its `purpose` list names `location`).
fn is_location_group(el: &Node) -> bool {
    el.attr("purpose")
        .is_some_and(|p| p.split_whitespace().any(|word| word == "location"))
}

/// The text of an element that may hold text only.
fn plain_text(src: &Src<'_>, el: &Node, errors: &mut Vec<Diagnostic>) -> String {
    if let [Child::Text { text, .. }] = el.children.as_slice() {
        return text.clone();
    }
    let mut out = String::new();
    for child in &el.children {
        match child {
            Child::Text { text, .. } => out.push_str(text),
            Child::Element(inner) => errors.push(src.error(
                inner.at,
                format!(
                    "unexpected <{}> in <{}>, expected text",
                    inner.name, el.name
                ),
            )),
        }
    }
    out
}

/// A `<source>` or `<target>`: the Markdown it stands for — its text and the content of its
/// inline elements, in order — and those elements.
#[derive(Default)]
struct Content {
    markdown: String,
    codes: Vec<CodeTag>,
}

/// One `<bpt>`, `<ept>` or `<ph>` as read.
struct CodeTag {
    /// `bpt`, `ept` or `ph`.
    element: String,
    id: String,
    ctype: Option<String>,
    /// Its content with the text of a `<sub>` left out (as U+0001): what a translation keeps.
    code: String,
    at: At,
}

impl CodeTag {
    /// `<bpt id="2">`, for messages.
    fn name(&self) -> String {
        format!("<{} id=\"{}\">", self.element, self.id)
    }

    /// The code as shown in messages, `…` standing for the title.
    fn shown(&self) -> String {
        self.code.replace('\u{1}', "…")
    }
}

/// The Markdown and the inline codes of a `<source>` or `<target>`. `<mrk>` annotations count for
/// their content; the placeholders that carry no code (`<g>`, `<x/>`, `<bx/>`, `<ex/>`, `<it>`)
/// are refused, since what they stand for cannot be restored.
fn content(src: &Src<'_>, el: &Node, errors: &mut Vec<Diagnostic>) -> Content {
    let mut out = Content {
        markdown: String::with_capacity(text_len(el)),
        codes: Vec::new(),
    };
    collect_content(src, el, &el.name, &mut out, errors);
    out
}

/// How many bytes of text an element holds, its elements' included.
fn text_len(el: &Node) -> usize {
    el.children
        .iter()
        .map(|child| match child {
            Child::Text { text, .. } => text.len(),
            Child::Element(inner) => text_len(inner),
        })
        .sum()
}

fn collect_content(
    src: &Src<'_>,
    el: &Node,
    outer: &str,
    out: &mut Content,
    errors: &mut Vec<Diagnostic>,
) {
    for child in &el.children {
        let inner = match child {
            Child::Text { text, .. } => {
                out.markdown.push_str(text);
                continue;
            }
            Child::Element(inner) => inner,
        };
        match inner.local() {
            _ if !inner.is_xliff() => errors.push(src.error(
                inner.at,
                format!(
                    "unexpected <{}> in <{outer}>, expected text and inline codes",
                    inner.name
                ),
            )),
            "bpt" | "ept" | "ph" => {
                let Some(id) = inner.attr("id") else {
                    errors.push(src.error(
                        inner.at,
                        format!("<{}> has no `id` attribute", inner.name),
                    ));
                    continue;
                };
                let (markdown, code) = code_content(src, inner, errors);
                out.markdown.push_str(&markdown);
                out.codes.push(CodeTag {
                    element: inner.local().to_owned(),
                    id: id.to_owned(),
                    ctype: inner.attr("ctype").map(str::to_owned),
                    code,
                    at: inner.at,
                });
            }
            "mrk" => collect_content(src, inner, outer, out, errors),
            "g" | "x" | "bx" | "ex" | "it" => errors.push(
                src.error(
                    inner.at,
                    format!(
                        "inline element <{}> in <{outer}> carries no Markdown to restore",
                        inner.name
                    ),
                )
                .hint("coursepack's files carry inline Markdown in <bpt>, <ept> and <ph>; keep the tags of the source as the translation tool shows them"),
            ),
            _ => errors.push(src.error(
                inner.at,
                format!(
                    "unexpected <{}> in <{outer}>, expected text and inline codes",
                    inner.name
                ),
            )),
        }
    }
}

/// The content of a `<bpt>`, `<ept>` or `<ph>`: its code with the text of its `<sub>` (a title),
/// and the same code with that text left out.
fn code_content(src: &Src<'_>, el: &Node, errors: &mut Vec<Diagnostic>) -> (String, String) {
    let mut full = String::new();
    let mut code = String::new();
    for child in &el.children {
        match child {
            Child::Text { text, .. } => {
                full.push_str(text);
                code.push_str(text);
            }
            Child::Element(sub) if sub.is("sub") => {
                full.push_str(&plain_text(src, sub, errors));
                code.push('\u{1}');
            }
            Child::Element(other) => errors.push(src.error(
                other.at,
                format!(
                    "unexpected <{}> in <{}>, expected its code and a <sub>",
                    other.name, el.name
                ),
            )),
        }
    }
    (full, code)
}

/// Checks a target's inline codes against its source's: each code of the source once, with the
/// same content (the title in a `<sub>` may change), pairs opening before they close and nested.
/// The order may change. A target with no inline code at all is Markdown as written (what a tool
/// that flattens tags leaves behind); the markup check of translations judges it.
fn check_codes(
    src: &Src<'_>,
    id: &str,
    source: &Content,
    target: &Content,
    target_el: &Node,
    errors: &mut Vec<Diagnostic>,
) {
    if target.codes.is_empty() {
        return;
    }
    let hint = "keep every tag of the source once, in any order that keeps pairs nested; translation tools insert them for you";
    // A unit has a few codes: ordered maps, without hashing.
    let mut by_key: BTreeMap<(&str, &str), &CodeTag> = BTreeMap::new();
    for c in &source.codes {
        by_key
            .entry((c.element.as_str(), c.id.as_str()))
            .or_insert(c);
    }
    let mut seen: BTreeMap<(&str, &str), At> = BTreeMap::new();
    let mut open: Vec<&str> = Vec::new();
    for t in &target.codes {
        let key = (t.element.as_str(), t.id.as_str());
        let Some(s) = by_key.get(&key) else {
            errors.push(
                src.error(
                    t.at,
                    format!(
                        "the translation of `{id}` has {}, which its source does not have",
                        t.name()
                    ),
                )
                .hint(hint),
            );
            continue;
        };
        if let Some(first) = seen.insert(key, t.at) {
            let Pos { line, column } = src.pos(first);
            errors.push(
                src.error(
                    t.at,
                    format!(
                        "the translation of `{id}` has {} twice (first at {line}:{column})",
                        t.name()
                    ),
                )
                .hint(hint),
            );
            continue;
        }
        if s.code != t.code {
            errors.push(
                src.error(
                    t.at,
                    format!(
                        "the translation of `{id}` changes {} ({}): `{}` in the source, `{}` here",
                        t.name(),
                        what(source, s),
                        s.shown(),
                        t.shown()
                    ),
                )
                .hint(
                    "a tag holds Markdown (a link's address, an image's path): leave it as it is",
                ),
            );
        }
        match t.element.as_str() {
            "bpt" => open.push(&t.id),
            "ept" => match open.iter().rposition(|o| *o == t.id) {
                Some(at) if at + 1 == open.len() => {
                    open.pop();
                }
                Some(at) => {
                    errors.push(
                        src.error(
                            t.at,
                            format!(
                                "the translation of `{id}` closes {} before <ept id=\"{}\">: the pairs overlap",
                                t.name(),
                                open[open.len() - 1]
                            ),
                        )
                        .hint("a pair of tags must hold, or stay outside, every pair that opens inside it"),
                    );
                    open.remove(at);
                }
                None => errors.push(
                    src.error(
                        t.at,
                        format!(
                            "the translation of `{id}` has {} before its <bpt>",
                            t.name()
                        ),
                    )
                    .hint("put the closing tag after the opening one"),
                ),
            },
            _ => {}
        }
    }
    for s in &source.codes {
        if !seen.contains_key(&(s.element.as_str(), s.id.as_str())) {
            errors.push(
                src.error(
                    target_el.at,
                    format!(
                        "the translation of `{id}` lacks {} ({}: `{}`)",
                        s.name(),
                        what(source, s),
                        s.shown()
                    ),
                )
                .hint(hint),
            );
        }
    }
}

/// What a code of the source stands for, from its `ctype` (or its `<bpt>`'s, for an `<ept>`).
fn what(source: &Content, tag: &CodeTag) -> String {
    let ctype = match tag.element.as_str() {
        "ept" => source
            .codes
            .iter()
            .find(|c| c.element == "bpt" && c.id == tag.id)
            .and_then(|c| c.ctype.as_deref()),
        _ => tag.ctype.as_deref(),
    };
    let kind = codes::Kind::ALL
        .into_iter()
        .find(|k| Some(k.ctype()) == ctype)
        .map_or("inline code", Kind::describe);
    match tag.element.as_str() {
        "bpt" => format!("the start of a {kind}"),
        "ept" => format!("the end of a {kind}"),
        _ => format!("a {kind}"),
    }
}

/// The state of a unit, from its target's `state` or, without a target, the state note.
fn unit_state(
    src: &Src<'_>,
    target: Option<&Node>,
    note: Option<&Node>,
    errors: &mut Vec<Diagnostic>,
) -> Option<State> {
    let (value, at) = match (target, note) {
        (Some(target), _) => match target.attr("state") {
            Some(value) => (value.to_owned(), target.at),
            None => return Some(State::Translated),
        },
        (None, Some(note)) => (plain_text(src, note, errors), note.at),
        (None, None) => return Some(State::New),
    };
    let state = parse_state(&value);
    if state.is_none() {
        errors.push(
            src.error(at, format!("unknown translation state `{value}`"))
                .hint("use new, needs-translation, translated, final, signed-off or needs-review-translation"),
        );
    }
    state
}

/// A standard XLIFF 1.2 state value as a coursepack state.
fn parse_state(value: &str) -> Option<State> {
    match value {
        "new" | "needs-translation" => Some(State::New),
        "translated" | "final" | "signed-off" => Some(State::Translated),
        "needs-review-translation"
        | "needs-review-l10n"
        | "needs-review-adaptation"
        | "needs-adaptation"
        | "needs-l10n" => Some(State::NeedsReview),
        _ => None,
    }
}

/// `sourcefile:linenumber` (or the source file alone) from a location context group.
fn location(src: &Src<'_>, group: &Node, errors: &mut Vec<Diagnostic>) -> String {
    let mut file = String::new();
    let mut line = None;
    for child in &group.children {
        match child {
            Child::Element(el) if el.is("context") => match el.attr("context-type") {
                Some("sourcefile") => file = plain_text(src, el, errors),
                Some("linenumber") => line = Some(plain_text(src, el, errors)),
                _ => {}
            },
            other => unexpected(src, group, other, "<context>", errors),
        }
    }
    if let Some(line) = line {
        file.push(':');
        file.push_str(&line);
    }
    file
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An entry with the usual fields filled.
    pub(crate) fn entry(key: &str, source: &str, target: Option<&str>, state: State) -> Entry {
        Entry {
            key: key.into(),
            source: source.into(),
            target: target.map(Into::into),
            state,
            hash: "3f2a9c01".into(),
            context: "paragraph in lesson “Intro”".into(),
            location: "lessons/01-intro.md:12".into(),
            previous_key: None,
            previous_source: None,
            previous_target: None,
            line: 0,
            column: 0,
        }
    }

    /// A catalog from English to `target_lang` with these entries.
    pub(crate) fn catalog(target_lang: &str, entries: Vec<Entry>) -> Catalog {
        Catalog {
            source_lang: "en".into(),
            target_lang: target_lang.into(),
            course: "https://example.org/courses/safety".into(),
            entries,
            line: 0,
        }
    }

    /// Texts that break naive codecs. None begins or ends with a newline, as coursepack's
    /// segments never do (msgfmt would refuse a translation that differs there).
    pub(crate) const TRICKY: &[&str] = &[
        "Welcome",
        "",
        " ",
        "say \"hi\" and 'bye'",
        r"C:\path\to\file and \n literally",
        "line one\nline two",
        "para one\n\npara two\n\n\nthree",
        "tab\there\t\tand two",
        "<b>not markup</b> & &amp; &lt; ]]> <![CDATA[x]]>",
        "Ünïcödé — “quotes” · 日本語 · emoji 🎓",
        "مرحبا بكم في الدورة",
        "שלום עולם (RTL) with English inside",
        "**bold** and _italic_ and `code` and ~~strike~~",
        "[link](https://x.example/a?b=1&c=2) and ![img](media/a.png \"title\")",
        "- item one\n- item two\n  - nested",
        "```\nfn main() {}\n```",
        "  leading and trailing spaces  ",
        "carriage\r\nreturn and lone\rcr",
        "#. not a comment\nmsgid \"not a keyword\"\n#, fuzzy",
        "a very long line that goes on and on well past the seventy-nine columns gettext likes to wrap at, with words",
        "averylongwordwithoutanyspacesthatcannotbewrappedanywhereatallbecauseithasnospacesinsideitatall",
        "% s %d {0} {{name}} $x \\ \\\\",
        "\u{a0}non-breaking\u{a0}spaces\u{200b}zero-width",
    ];

    /// A small deterministic generator (xorshift), so the property tests need no dependency.
    pub(crate) struct Rng(u64);

    impl Rng {
        pub(crate) fn new(seed: u64) -> Rng {
            Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
        }

        pub(crate) fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            usize::try_from(self.0 % n.max(1) as u64).unwrap_or(0)
        }

        pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }

        /// A text of up to `most` pieces, each picked from `pieces`.
        pub(crate) fn text(&mut self, pieces: &[&str], most: usize) -> String {
            (0..1 + self.below(most))
                .map(|_| self.pick(pieces))
                .collect()
        }
    }

    /// Many hand-made catalogs: every tricky text as source and target, every state, empty and
    /// absent targets, odd keys, contexts and locations.
    pub(crate) fn generated_catalogs(count: u64) -> Vec<Catalog> {
        const KEYS: &[&str] = &[
            "01-intro/title",
            "01-intro/b3/p2",
            "q/quiz-1/choice-a",
            "key with spaces & <ampersands> \"quoted\"",
            "ключ/ü",
        ];
        const CONTEXTS: &[&str] = &[
            "",
            "lesson title",
            "tab title in lesson “Intro”",
            "two lines\nof context",
            "source-hash: not the hash",
            " indented\n\n#. odd",
            "ends with spaces  ",
        ];
        const LOCATIONS: &[&str] = &[
            "",
            "course.toml:3",
            "lessons/01-intro.md:12",
            "lessons/a:b.md",
            "lessons/x.md:",
            ":7",
            "lessons/with space.md:99",
        ];
        const LANGS: &[&str] = &["fr", "de-CH", "ar", "he", "zh-Hans-CN", "pt-BR"];
        (0..count)
            .map(|seed| {
                let mut rng = Rng::new(seed + 1);
                let n = rng.below(6);
                let entries = (0..n)
                    .map(|i| {
                        let target = match rng.below(4) {
                            0 => None,
                            1 => Some(String::new()),
                            _ => Some(rng.pick(TRICKY).to_owned()),
                        };
                        let state =
                            [State::New, State::Translated, State::NeedsReview][rng.below(3)];
                        Entry {
                            key: format!("{}/{i}", rng.pick(KEYS)),
                            source: rng.pick(TRICKY).to_owned(),
                            target,
                            state,
                            hash: ["", "3f2a9c01", "deadbeefcafe"][rng.below(3)].to_owned(),
                            context: rng.pick(CONTEXTS).to_owned(),
                            location: rng.pick(LOCATIONS).to_owned(),
                            previous_key: None,
                            previous_source: None,
                            previous_target: None,
                            line: 0,
                            column: 0,
                        }
                    })
                    .collect();
                Catalog {
                    source_lang: "en".into(),
                    target_lang: rng.pick(LANGS).into(),
                    course: [
                        "https://example.org/courses/safety",
                        "urn:x-course:a&b<c>\"d\"",
                    ][rng.below(2)]
                    .into(),
                    entries,
                    line: 0,
                }
            })
            .collect()
    }

    /// The representative catalogs the oracle validates with outside tools.
    pub(crate) fn sample_catalogs() -> Vec<(&'static str, Catalog)> {
        let fresh = catalog(
            "fr",
            vec![
                entry("01-intro/title", "Welcome", None, State::New),
                entry(
                    "01-intro/b1/p1",
                    "Read **all** of it.\nThen [go](https://x.example/a?b=1&c=2).",
                    None,
                    State::New,
                ),
            ],
        );
        let mixed = catalog(
            "de",
            vec![
                entry(
                    "01-intro/title",
                    "Welcome",
                    Some("Willkommen"),
                    State::Translated,
                ),
                entry(
                    "01-intro/b1/p1",
                    "Use `cargo` & <friends>",
                    Some("Nutze `cargo` & <Freunde>"),
                    State::NeedsReview,
                ),
                entry(
                    "01-intro/b1/p2",
                    "Say \"hi\"\tnow",
                    Some(""),
                    State::Translated,
                ),
                entry("01-intro/b1/p3", "Still new", Some("Entwurf"), State::New),
                entry("01-intro/b1/p4", "Gone", None, State::NeedsReview),
            ],
        );
        let rtl = catalog(
            "ar",
            vec![entry(
                "q/quiz-1/choice-a",
                "The **right** answer",
                Some("الإجابة **الصحيحة**"),
                State::Translated,
            )],
        );
        let empty = catalog("ja", Vec::new());
        let interface = catalog(
            "de",
            vec![
                entry(
                    "01-intro/title",
                    "Welcome",
                    Some("Willkommen"),
                    State::Translated,
                ),
                entry("interface:submit", "Check my answer", None, State::New),
                entry(
                    "interface:slideOf",
                    "{k} of {n}",
                    Some("{k} von {n}"),
                    State::Translated,
                ),
            ],
        );
        let mut samples = vec![
            ("fresh", fresh),
            ("mixed", mixed),
            ("rtl", rtl),
            ("empty", empty),
            ("interface", interface),
        ];
        samples.extend(generated_catalogs(40).into_iter().map(|c| ("generated", c)));
        samples
    }

    /// Writes the samples into `$COURSEPACK_I18N_SAMPLES` (for the oracle script) when it is set.
    pub(crate) fn write_samples(extension: &str, write: fn(&Catalog) -> String) {
        let Some(dir) = std::env::var_os("COURSEPACK_I18N_SAMPLES") else {
            return;
        };
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("create the samples folder");
        for (i, (name, c)) in sample_catalogs().iter().enumerate() {
            let path = dir.join(format!("{i:02}-{name}.{extension}"));
            std::fs::write(&path, write(c)).expect("write a sample");
        }
    }

    /// Round-trips every sample, 400 generated catalogs and every tricky text in every state
    /// through a codec, then writes the samples for the oracle script.
    pub(crate) fn round_trip_corpus(
        extension: &str,
        write: fn(&Catalog) -> String,
        read: fn(&str, &str) -> Result<Catalog, Vec<Diagnostic>>,
    ) {
        let file = format!("t.{extension}");
        let check = |c: &Catalog| {
            let text = write(c);
            assert_eq!(read(&text, &file), Ok(c.clone()), "file:\n{text}");
        };
        let mut n = 0;
        for (_, c) in sample_catalogs() {
            check(&c);
            n += 1;
        }
        for c in generated_catalogs(400) {
            check(&c);
            n += 1;
        }
        for text in TRICKY {
            for state in [State::New, State::Translated, State::NeedsReview] {
                for target in [None, Some(""), Some(*text)] {
                    check(&catalog("fr", vec![entry("k", text, target, state)]));
                    n += 1;
                }
            }
        }
        assert!(n > 500);
        write_samples(extension, write);
    }

    /// Round trip, with the document shown when it fails.
    fn round_trip(c: &Catalog) {
        let xml = write(c);
        assert_eq!(read(&xml, "t.xlf"), Ok(c.clone()), "document:\n{xml}");
    }

    /// The short forms of the diagnostics of a document that must not read.
    fn errors(xml: &str) -> Vec<String> {
        match read(xml, "t.xlf") {
            Ok(c) => panic!("read without error: {c:?}"),
            Err(ds) => ds.iter().map(Diagnostic::short).collect(),
        }
    }

    /// A minimal valid document around the given `<body>` content.
    fn doc(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"{NS}\">\n<file original=\"course.toml\" source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\" product-name=\"c\">\n<body>\n{body}\n</body>\n</file>\n</xliff>\n"
        )
    }

    #[test]
    fn a_local_name_starts_after_the_prefix() {
        assert_eq!(local_start(b"xml:lang"), 4);
        assert_eq!(local_start(b"lang"), 0);
        assert_eq!(local_start(b"a:b:c"), 2);
    }

    #[test]
    fn writes_the_documented_shape() {
        let c = catalog(
            "fr",
            vec![entry(
                "01-intro/title",
                "Welcome",
                Some("Bienvenue"),
                State::Translated,
            )],
        );
        let xml = write(&c);
        let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="course.toml" source-language="en" target-language="fr" datatype="plaintext" product-name="https://example.org/courses/safety" tool-id="coursepack">
    <header>
      <tool tool-id="coursepack" tool-name="coursepack"/>
    </header>
    <body>
      <trans-unit id="01-intro/title" approved="yes" xml:space="preserve">
        <source>Welcome</source>
        <target state="translated">Bienvenue</target>
        <note from="coursepack-context">paragraph in lesson “Intro”</note>
        <note from="coursepack-source-hash">3f2a9c01</note>
        <context-group purpose="location">
          <context context-type="sourcefile">lessons/01-intro.md</context>
          <context context-type="linenumber">12</context>
        </context-group>
      </trans-unit>
    </body>
  </file>
</xliff>
"#;
        assert_eq!(xml, expected);
    }

    /// The previous version of the doc's example unit.
    fn changed_unit() -> Entry {
        let mut e = entry(
            "01-intro/2/p1",
            "Read **all** of [the guide](guide.md \"Guide\").",
            Some("Lisez **tout** le [guide](guide.md \"Guide\")."),
            State::NeedsReview,
        );
        e.previous_source = Some("Read [the guide](guide.md \"Guide\").".into());
        e.previous_target = Some("Lisez le [guide](guide.md \"Guide\").".into());
        e
    }

    #[test]
    fn writes_inline_codes_and_the_previous_version() {
        let xml = write(&catalog("fr", vec![changed_unit()]));
        let unit = &xml[xml.find("      <trans-unit").expect("unit")
            ..xml.find("        <note").expect("note")];
        assert_eq!(
            unit,
            concat!(
                "      <trans-unit id=\"01-intro/2/p1\" xml:space=\"preserve\">\n",
                "        <source>Read <bpt id=\"1\" ctype=\"bold\">**</bpt>all<ept id=\"1\">**</ept> of <bpt id=\"2\" ctype=\"link\">[</bpt>the guide<ept id=\"2\">](guide.md \"<sub>Guide</sub>\")</ept>.</source>\n",
                "        <target state=\"needs-review-translation\">Lisez <bpt id=\"1\" ctype=\"bold\">**</bpt>tout<ept id=\"1\">**</ept> le <bpt id=\"2\" ctype=\"link\">[</bpt>guide<ept id=\"2\">](guide.md \"<sub>Guide</sub>\")</ept>.</target>\n",
                "        <alt-trans alttranstype=\"previous-version\" origin=\"previous\" match-quality=\"66\">\n",
                "          <source>Read <bpt id=\"2\" ctype=\"link\">[</bpt>the guide<ept id=\"2\">](guide.md \"<sub>Guide</sub>\")</ept>.</source>\n",
                "          <target>Lisez le <bpt id=\"2\" ctype=\"link\">[</bpt>guide<ept id=\"2\">](guide.md \"<sub>Guide</sub>\")</ept>.</target>\n",
                "        </alt-trans>\n",
            )
        );
        round_trip(&catalog("fr", vec![changed_unit()]));
    }

    /// Catalogs only XLIFF carries whole: previous versions, and every nasty inline markup as
    /// source and translation.
    fn xliff_only_samples() -> Vec<(&'static str, Catalog)> {
        let mut previous = vec![changed_unit()];
        let mut gone = entry("k/2", "New **text**", Some("Alt"), State::NeedsReview);
        gone.previous_source = Some("Old `text`".into());
        gone.previous_target = Some(String::new());
        previous.push(gone);
        let nasty = codes::tests::NASTY
            .iter()
            .chain(TRICKY)
            .enumerate()
            .map(|(i, text)| entry(&format!("nasty/{i}"), text, Some(text), State::Translated))
            .collect();
        vec![
            ("previous", catalog("fr", previous)),
            ("markup", catalog("de", nasty)),
        ]
    }

    #[test]
    fn round_trips_inline_codes_and_previous_versions() {
        for (_, c) in xliff_only_samples() {
            round_trip(&c);
        }
        // A translation that moves, drops or adds markup, kept for review: written as Markdown.
        for (source, target) in [
            ("**a** and *b* and [c](u)", "[C](u) et *B* et **A**"),
            ("**a** and *b*", "A et B"),
            ("a and b", "**A** et B"),
            ("[a](u) [b](v)", "[b](v) [a](x)"),
            ("[a](u \"T\")", "[A](u \"Titre\")"),
        ] {
            round_trip(&catalog(
                "fr",
                vec![entry("k", source, Some(target), State::NeedsReview)],
            ));
        }
        if let Some(dir) = std::env::var_os("COURSEPACK_I18N_SAMPLES") {
            let dir = std::path::PathBuf::from(dir);
            std::fs::create_dir_all(&dir).expect("create the samples folder");
            for (name, c) in xliff_only_samples() {
                std::fs::write(dir.join(format!("xliff-{name}.xlf")), write(&c)).expect("write");
            }
        }
    }

    /// A document whose target is its source's inner XML, as a tool's "copy source to target".
    fn copied_source(xml: &str) -> String {
        let mut out = String::new();
        let mut rest = xml;
        while let Some(start) = rest.find("<source>") {
            let end = rest[start..].find("</source>").expect("end") + start + "</source>".len();
            out.push_str(&rest[..end]);
            let inner = &rest[start + "<source>".len()..end - "</source>".len()];
            out.push_str(&format!("<target state=\"translated\">{inner}</target>"));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn a_copied_source_reads_back_as_the_exact_markdown() {
        let texts: Vec<&str> = codes::tests::NASTY.iter().chain(TRICKY).copied().collect();
        let entries = texts
            .iter()
            .enumerate()
            .map(|(i, t)| entry(&format!("k{i}"), t, None, State::New))
            .collect();
        let xml = copied_source(&write(&catalog("fr", entries)));
        let c = read(&xml, "t.xlf").expect("reads");
        for (e, text) in c.entries.iter().zip(&texts) {
            assert_eq!(e.target.as_deref(), Some(*text), "{}", e.key);
        }
    }

    #[test]
    fn codes_may_move_but_not_change() {
        let unit = |target: &str| {
            doc(&format!(
                "<trans-unit id=\"a\">\n<source>A <bpt id=\"1\" ctype=\"bold\">**</bpt>b<ept id=\"1\">**</ept> <bpt id=\"2\" ctype=\"link\">[</bpt>c<ept id=\"2\">](u \"<sub>T</sub>\")</ept> <ph id=\"3\" ctype=\"x-autolink\">&lt;https://x&gt;</ph></source>\n<target>{target}</target>\n</trans-unit>"
            ))
        };
        // Moved, nested differently, a title translated: fine.
        let ok = unit("<ph id=\"3\">&lt;https://x&gt;</ph> <bpt id=\"2\">[</bpt>C <bpt id=\"1\">**</bpt>B<ept id=\"1\">**</ept><ept id=\"2\">](u \"<sub>Titre</sub>\")</ept> a");
        let c = read(&ok, "t.xlf").expect("reads");
        assert_eq!(
            c.entries[0].target.as_deref(),
            Some("<https://x> [C **B**](u \"Titre\") a")
        );
        // A tool that flattened the tags: Markdown as written.
        let flat = unit("Un **b** [c](u \"T\") &lt;https://x&gt;");
        let c = read(&flat, "t.xlf").expect("reads");
        assert_eq!(
            c.entries[0].target.as_deref(),
            Some("Un **b** [c](u \"T\") <https://x>")
        );
        let all = "<bpt id=\"1\">**</bpt>b<ept id=\"1\">**</ept> <bpt id=\"2\">[</bpt>c<ept id=\"2\">](u)</ept> <ph id=\"3\">&lt;https://x&gt;</ph>";
        let cases: &[(&str, &[&str])] = &[
            (
                "<bpt id=\"1\">**</bpt>b<ept id=\"1\">**</ept> <ph id=\"3\">&lt;https://x&gt;</ph>",
                &[
                    "t.xlf:7:1: error: the translation of `a` lacks <bpt id=\"2\"> (the start of a link: `[`)",
                    "t.xlf:7:1: error: the translation of `a` lacks <ept id=\"2\"> (the end of a link: `](u \"…\")`)",
                ],
            ),
            (
                &all.replace("](u)", "](u \"<sub>T</sub>\")").replace(" <ph", " <ph id=\"3\">&lt;https://x&gt;</ph> <ph"),
                &["t.xlf:7:143: error: the translation of `a` has <ph id=\"3\"> twice (first at 7:109)"],
            ),
            (
                all,
                &["t.xlf:7:71: error: the translation of `a` changes <ept id=\"2\"> (the end of a link): `](u \"…\")` in the source, `](u)` here"],
            ),
            (
                "<bpt id=\"1\">**</bpt>b <bpt id=\"2\">[</bpt>c<ept id=\"1\">**</ept><ept id=\"2\">](u \"<sub>T</sub>\")</ept> <ph id=\"3\">&lt;https://x&gt;</ph>",
                &["t.xlf:7:51: error: the translation of `a` closes <ept id=\"1\"> before <ept id=\"2\">: the pairs overlap"],
            ),
            (
                "<ept id=\"1\">**</ept>b<bpt id=\"1\">**</bpt> <bpt id=\"2\">[</bpt>c<ept id=\"2\">](u \"<sub>T</sub>\")</ept> <ph id=\"3\">&lt;https://x&gt;</ph>",
                &["t.xlf:7:9: error: the translation of `a` has <ept id=\"1\"> before its <bpt>"],
            ),
            (
                "<bpt id=\"1\">**</bpt>b<ept id=\"1\">**</ept> <bpt id=\"2\">[</bpt>c<ept id=\"2\">](u \"<sub>T</sub>\")</ept> <ph id=\"3\">&lt;https://x&gt;</ph><ph id=\"9\">!</ph>",
                &["t.xlf:7:142: error: the translation of `a` has <ph id=\"9\">, which its source does not have"],
            ),
            (
                "<g id=\"1\">b</g> <x id=\"3\"/>",
                &[
                    "t.xlf:7:9: error: inline element <g> in <target> carries no Markdown to restore",
                    "t.xlf:7:25: error: inline element <x> in <target> carries no Markdown to restore",
                ],
            ),
        ];
        for (target, expected) in cases {
            assert_eq!(&errors(&unit(target)), expected, "{target}");
        }
    }

    #[test]
    fn reads_previous_versions_others_write() {
        // po2xliff's `#|` previous strings: `origin="previous"`; a proposal is not a previous version.
        let xml = doc(concat!(
            "<trans-unit id=\"a\"><source>New</source><target state=\"needs-review-translation\">Vieux</target>",
            "<alt-trans match-quality=\"80\" origin=\"tm\"><source>Neu</source><target>Neuf</target></alt-trans>",
            "<alt-trans origin=\"previous\"><source>Old</source><target>Vieux</target><note>n</note></alt-trans>",
            "<alt-trans alttranstype=\"previous-version\"><target>ignored: the first wins</target></alt-trans>",
            "</trans-unit>",
        ));
        let c = read(&xml, "t.xlf").expect("reads");
        let e = &c.entries[0];
        assert_eq!(
            (e.previous_source.as_deref(), e.previous_target.as_deref()),
            (Some("Old"), Some("Vieux"))
        );
        assert_eq!((e.line, e.column), (5, 1));
    }

    #[test]
    fn similarity_is_the_share_of_words_kept() {
        assert_eq!(similarity("a b c d", "a b c d"), Some(100));
        assert_eq!(similarity("a b c d", "a x c d"), Some(75));
        assert_eq!(similarity("a b", ""), Some(0));
        assert_eq!(similarity("", ""), Some(100));
        let long = "w ".repeat(3000);
        assert_eq!(similarity(&long, "w"), None);
    }

    #[test]
    fn round_trips_samples_and_generated_catalogs() {
        round_trip_corpus("xlf", write, read);
    }

    #[test]
    fn interface_strings_go_last_in_their_group() {
        let c = catalog(
            "de",
            vec![
                entry("interface:next", "Next", Some("Weiter"), State::Translated),
                entry("01-intro/title", "Welcome", None, State::New),
            ],
        );
        let xml = write(&c);
        let group = xml
            .find("<group id=\"interface\" resname=\"interface\">")
            .expect("group");
        assert!(xml.find("id=\"01-intro/title\"").is_some_and(|t| t < group));
        assert!(xml.find("id=\"interface:next\"").is_some_and(|n| n > group));
        let back = read(&xml, "t.xlf").expect("reads");
        let keys: Vec<&str> = back.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["01-intro/title", "interface:next"]);
        // Groups a tool adds, nested or not, are opened too.
        let nested = doc("<group id=\"g\"><note>n</note><group><trans-unit id=\"a\"><source>x</source></trans-unit></group></group>");
        assert_eq!(read(&nested, "t.xlf").map(|c| c.entries.len()), Ok(1));
    }

    #[test]
    fn round_trips_edge_metadata() {
        let mut e = entry("", "", Some(""), State::New);
        e.hash = String::new();
        e.context = "\n".into();
        e.location = "a:b:0012".into();
        round_trip(&catalog("", vec![e]));
        let mut e = entry("\tkey\nwith\rcontrols", "x", None, State::Translated);
        e.context = "  spaced\r\n".into();
        round_trip(&catalog("fr", vec![e]));
    }

    #[test]
    fn reads_files_saved_with_crlf_and_a_bom() {
        for (_, c) in sample_catalogs() {
            let xml = format!("\u{feff}{}", write(&c).replace('\n', "\r\n"));
            assert_eq!(read(&xml, "t.xlf"), Ok(c));
        }
        let xml = format!("\u{feff}{}", doc("<trans-unit/>").replace('\n', "\r\n"));
        let ds = read(&xml, "t.xlf").expect_err("no id");
        assert_eq!(
            ds[0].short(),
            "t.xlf:5:1: error: <trans-unit> has no `id` attribute"
        );
        assert_eq!(ds[0].source_line.as_deref(), Some("<trans-unit/>"));
        let ds = read("\u{feff}<x/>", "t.xlf").expect_err("not xliff");
        assert!(ds[0].short().starts_with("t.xlf:1:1: "), "{ds:?}");
    }

    /// Line ends are normalized from the first carriage return on, wherever it comes: here,
    /// after more than one chunk of the input without any.
    #[test]
    fn normalizes_a_carriage_return_that_comes_late() {
        let unit = |id: usize, text: &str| {
            format!("<trans-unit id=\"u{id}\"><source>{text}</source><target>{text}</target></trans-unit>\n")
        };
        let mut body: String = (0..2000).map(|id| unit(id, "one line")).collect();
        body.push_str(&unit(2000, "two\r\nlines, \rthree"));
        body.push_str(&unit(2001, "<![CDATA[a\r\nb]]>"));
        assert!(body.find('\r').is_some_and(|at| at > 64 * 1024));
        let c = read(&doc(&body), "t.xlf").expect("reads");
        let text = |key: &str| {
            let e = c.entries.iter().find(|e| e.key == key).expect("entry");
            (e.source.clone(), e.target.clone())
        };
        let two = "two\nlines, \nthree".to_string();
        assert_eq!(text("u2000"), (two.clone(), Some(two)));
        assert_eq!(text("u2001"), ("a\nb".into(), Some("a\nb".into())));
        assert_eq!(text("u7"), ("one line".into(), Some("one line".into())));
    }

    #[test]
    fn replaces_characters_xml_cannot_carry() {
        let c = catalog(
            "fr",
            vec![entry("k", "bell\u{7} nul\u{0} \u{FFFF}", None, State::New)],
        );
        let read_back = read(&write(&c), "t.xlf").expect("reads");
        assert_eq!(
            read_back.entries[0].source,
            "bell\u{FFFD} nul\u{FFFD} \u{FFFD}"
        );
    }

    #[test]
    fn reads_entities_cdata_comments_and_tool_additions() {
        let xml = doc(concat!(
            "<trans-unit id=\"a\" approved=\"yes\" xmlns:x=\"urn:x\" x:extra=\"1\">",
            "<source>a &lt;b&gt; &#233;&#x263A; <![CDATA[<raw> & ]]><!-- c -->z</source>",
            "<target>fini</target>",
            "<note from=\"translator\">ask the author</note>",
            "<alt-trans><target>tm</target></alt-trans>",
            "<context-group purpose=\"information\"><context context-type=\"record\">r</context></context-group>",
            "<x:whatever>ignored</x:whatever>",
            "</trans-unit>",
            "<trans-unit id=\"b\"><source>s</source><target state=\"final\">t</target></trans-unit>",
            "<trans-unit id=\"c\"><source>s</source><target state=\"needs-review-l10n\">t</target></trans-unit>",
            "<trans-unit id=\"d\"><source>s</source><target state=\"new\"></target></trans-unit>",
            "<trans-unit id=\"e\"><source>\r\nx\ry</source></trans-unit>",
        ));
        let c = read(&xml, "t.xlf").expect("reads");
        let got: Vec<_> = c
            .entries
            .iter()
            .map(|e| {
                (
                    e.key.as_str(),
                    e.source.as_str(),
                    e.target.as_deref(),
                    e.state,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a", "a <b> é☺ <raw> & z", Some("fini"), State::Translated),
                ("b", "s", Some("t"), State::Translated),
                ("c", "s", Some("t"), State::NeedsReview),
                ("d", "s", Some(""), State::New),
                ("e", "\nx\ny", None, State::New),
            ]
        );
        assert_eq!((c.course.as_str(), c.target_lang.as_str()), ("c", "fr"));
    }

    #[test]
    fn resolves_namespaces_as_tools_declare_them() {
        // XLIFF under a prefix, an extension's default namespace inside a unit, and XLIFF
        // elements back in scope after it.
        let prefixed = format!(
            concat!(
                "<?xml version=\"1.0\"?>\n<x:xliff version=\"1.2\" xmlns:x=\"{ns}\">",
                "<x:file original=\"course.toml\" source-language=\"en\" target-language=\"fr\" ",
                "datatype=\"plaintext\" product-name=\"c\"><x:body>",
                "<x:trans-unit id=\"a\"><x:source>s</x:source><x:target state=\"translated\">t</x:target>",
                "<tool xmlns=\"urn:other\"><source>not XLIFF</source></tool>",
                "</x:trans-unit>",
                "<trans-unit xmlns=\"{ns}\" id=\"b\"><source>s2</source><target state=\"translated\">t2</target></trans-unit>",
                "</x:body></x:file></x:xliff>\n"
            ),
            ns = NS
        );
        let c = read(&prefixed, "t.xlf").expect("reads");
        let got: Vec<_> = c
            .entries
            .iter()
            .map(|e| (e.key.as_str(), e.source.as_str(), e.target.as_deref()))
            .collect();
        assert_eq!(got, [("a", "s", Some("t")), ("b", "s2", Some("t2"))]);
        // A prefix is declared for its element and what it holds, not after.
        let out_of_scope = doc(concat!(
            "<trans-unit id=\"a\"><source>s</source><e:note xmlns:e=\"urn:e\"/></trans-unit>",
            "<trans-unit id=\"b\"><source>s</source><e:note/></trans-unit>",
        ));
        assert_eq!(
            errors(&out_of_scope),
            ["t.xlf:5:113: error: undeclared namespace prefix `e`"]
        );
        // `xmlns=""` takes an element out of every namespace: not XLIFF's <note>.
        let undeclared =
            doc("<trans-unit id=\"a\"><source>s</source><note xmlns=\"\">n</note></trans-unit>");
        assert_eq!(
            errors(&undeclared),
            ["t.xlf:5:38: error: unexpected <note> in <trans-unit>, expected an XLIFF element"]
        );
    }

    #[test]
    fn reports_structure_problems_with_positions() {
        let cases: &[(&str, &[&str])] = &[
            (
                "<!DOCTYPE xliff [<!ENTITY e \"x\">]><xliff/>",
                &["t.xlf:1:1: error: DOCTYPE declarations are not accepted"],
            ),
            (
                "<xliff version=\"1.2\">",
                &["t.xlf:1:22: error: the document ends before its root element closes"],
            ),
            (
                "<xliff version=\"1.2\"/>",
                &["t.xlf:1:1: error: the root element <xliff> is not in the XLIFF 1.2 namespace"],
            ),
            (
                "",
                &["t.xlf:1:1: error: the document ends before its root element closes"],
            ),
            (
                "<a:xliff/>",
                &["t.xlf:1:1: error: undeclared namespace prefix `a`"],
            ),
            (
                "<xliff xml:lang=\"en\" version=\"1.2\" xml:lang=\"fr\"/>",
                &["t.xlf:1:1: error: attribute `xml:lang` is given twice"],
            ),
            (
                "<xliff xmlns=\"a\" xmlns=\"a\"/>",
                &["t.xlf:1:1: error: attribute `xmlns` is given twice"],
            ),
        ];
        for (xml, expected) in cases {
            assert_eq!(&errors(xml), expected, "{xml}");
        }
        let cases: &[(&str, &[&str])] = &[
            (
                "<trans-unit id=\"a\"><source>x <g id=\"1\">y</g></source></trans-unit>",
                &["t.xlf:5:30: error: inline element <g> in <source> carries no Markdown to restore"],
            ),
            (
                "<trans-unit id=\"a\"><source>x</source></trans-unit>\n  <trans-unit id=\"a\"><source>y</source></trans-unit>",
                &["t.xlf:6:3: error: duplicate trans-unit id `a` (first on line 5)"],
            ),
            (
                "<trans-unit id=\"a\"><target>x</target><sorce>y</sorce></trans-unit>",
                &[
                    "t.xlf:5:38: error: unexpected <sorce> in <trans-unit>, expected <source>, <target>, <note> or <context-group>",
                    "t.xlf:5:1: error: <trans-unit id=\"a\"> has no <source>",
                ],
            ),
            (
                "<trans-unit id=\"a\"><source>x</source><target state=\"done\">y</target></trans-unit>\n<trans-unit><source>x</source></trans-unit>",
                &[
                    "t.xlf:5:38: error: unknown translation state `done`",
                    "t.xlf:6:1: error: <trans-unit> has no `id` attribute",
                ],
            ),
            (
                "<group><bin-unit/></group>stray",
                &[
                    "t.xlf:5:8: error: <bin-unit> is not supported",
                    "t.xlf:5:27: error: unexpected text in <body>, expected <trans-unit> or <group>",
                ],
            ),
            (
                "<trans-unit id=\"a\"><source>x</source><source>y</source><seg-source>z</seg-source></trans-unit>",
                &[
                    "t.xlf:5:38: error: more than one <source> in <trans-unit>",
                    "t.xlf:5:56: error: <seg-source> (segmented source) is not supported",
                ],
            ),
            (
                "<trans-unit id=\"a\"><source>&nbsp;</source></trans-unit>",
                &["t.xlf:5:28: error: unknown entity `&nbsp;` (entities are not expanded)"],
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(&errors(&doc(body)), expected, "{body}");
        }
        let no_attrs =
            format!("<xliff version=\"1.1\" xmlns=\"{NS}\"><file><body/></file><file/></xliff>");
        assert_eq!(
            errors(&no_attrs),
            [
                "t.xlf:1:1: error: expected <xliff version=\"1.2\">",
                "t.xlf:1:88: error: more than one <file> in the document",
            ]
        );
        let no_attrs =
            format!("<xliff version=\"1.2\" xmlns=\"{NS}\"><file><body/></file></xliff>");
        assert_eq!(
            errors(&no_attrs),
            [
                "t.xlf:1:68: error: <file> has no `source-language` attribute",
                "t.xlf:1:68: error: <file> has no `target-language` attribute",
                "t.xlf:1:68: error: <file> has no `product-name` attribute",
            ]
        );
    }

    #[test]
    fn diagnostics_carry_the_source_line_and_a_hint() {
        let xml = doc("<trans-unit id=\"a\"><source>x <x id=\"1\"/></source></trans-unit>");
        let ds = read(&xml, "translations/fr.xlf").expect_err("placeholder without code");
        let human = ds[0].human();
        assert!(human.contains("--> translations/fr.xlf:5:30"), "{human}");
        assert!(
            human.contains("<trans-unit id=\"a\"><source>x <x"),
            "{human}"
        );
        assert!(
            human.contains("help: coursepack's files carry inline Markdown in <bpt>"),
            "{human}"
        );
    }

    #[test]
    fn never_panics_on_truncations_and_odd_input() {
        let c = sample_catalogs().swap_remove(1).1;
        let xml = write(&c);
        let bytes = xml.as_bytes();
        for end in 0..=bytes.len() {
            let cut = String::from_utf8_lossy(&bytes[..end]);
            let _ = read(&cut, "t.xlf");
            let _ = read(&String::from_utf8_lossy(&bytes[end..]), "t.xlf");
        }
        let odd = [
            "<",
            "<?",
            "<!",
            "<!--",
            "<![CDATA[",
            "&",
            "&#;",
            "&#x110000;",
            "&#0;",
            "<a b=>",
            "<a b='",
            "\u{feff}",
            "\u{feff}<",
            "</a>",
            "<a></b>",
            "<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'><file/></xliff>",
            "<?xml version='1.0'?><?pi x?><!--c--><r/>trailing",
            "<r/><r/>",
        ];
        for text in odd {
            let _ = read(text, "t.xlf");
        }
        let units: String = (0..20_000)
            .map(|i| format!("<trans-unit id=\"u{i}\"><sorce/></trans-unit>\n"))
            .collect();
        assert_eq!(errors(&doc(&units)).len(), 40_000);
        let deep = "<a>".repeat(5000);
        assert!(errors(&deep)[0].contains("deeper than 64"));
        // Inline codes and previous versions, cut anywhere (every 29th byte, to stay quick).
        for (_, c) in xliff_only_samples() {
            let xml = write(&c);
            let bytes = xml.as_bytes();
            for end in (0..=bytes.len()).step_by(29) {
                let _ = read(&String::from_utf8_lossy(&bytes[..end]), "t.xlf");
            }
            // Tags swapped between source and target, ids scrambled.
            let _ = read(
                &xml.replace("<source>", "<target>")
                    .replace("</source>", "</target>"),
                "t.xlf",
            );
            let _ = read(
                &xml.replace("id=\"1\"", "id=\"2\"")
                    .replace("</ept>", "</bpt>"),
                "t.xlf",
            );
        }
    }
}
