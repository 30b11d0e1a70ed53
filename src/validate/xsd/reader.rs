//! A namespace-aware pull reader over quick-xml for untrusted documents, shared by the schema
//! loader and the instance validator.
//!
//! quick-xml tokenises; this layer adds what XML 1.0 and Namespaces in XML require and
//! quick-xml leaves to its callers, so that a document libxml2 refuses as not well-formed is
//! refused here too: character and name
//! checks, end-of-line and attribute-value normalisation, the five predefined entities and
//! character references only, one root element, namespace resolution, a depth limit, and no
//! DOCTYPE at all (a DOCTYPE could declare entities; we never expand them).

use quick_xml::events::{BytesStart, Event as QEvent};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

/// The namespace bound to the `xml` prefix.
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace bound to the `xmlns` prefix.
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// Deeper elements are refused. libxml2 without `XML_PARSE_HUGE` (as xmllint runs) accepts 257
/// nested elements and refuses the 258th; we draw the line at the same place.
pub(crate) const MAX_DEPTH: usize = 257;

/// A document that is not well-formed XML (or that we refuse to read), with the byte offset
/// in the decoded text where the problem was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct XmlError {
    pub offset: usize,
    pub message: String,
}

impl XmlError {
    fn new(offset: usize, message: impl Into<String>) -> Self {
        XmlError {
            offset,
            message: message.into(),
        }
    }
}

/// An expanded name: namespace URI (empty for none) and local part.
#[derive(Clone, Debug, Eq, PartialOrd, Ord)]
pub(crate) struct ExpName {
    /// Shared: every element of a namespace holds the same one.
    pub ns: Arc<str>,
    pub local: String,
}

/// Local names first: they are short and differ more often than namespace URIs, which share
/// long prefixes.
impl PartialEq for ExpName {
    fn eq(&self, other: &Self) -> bool {
        self.local == other.local && self.ns == other.ns
    }
}

impl std::hash::Hash for ExpName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.local.hash(state);
        self.ns.hash(state);
    }
}

impl ExpName {
    pub fn new(ns: &str, local: &str) -> Self {
        ExpName {
            ns: Arc::from(ns),
            local: local.to_owned(),
        }
    }
}

/// An attribute as read: expanded name, the name as written, and the normalised value.
#[derive(Clone, Debug)]
pub(crate) struct Attr {
    pub name: ExpName,
    pub qname: String,
    pub value: String,
}

/// A start tag (an empty-element tag is reported as a start tag followed by an end).
#[derive(Clone, Debug)]
pub(crate) struct Start {
    pub name: ExpName,
    /// The name as written, prefix included.
    pub qname: String,
    /// Attributes other than namespace declarations.
    pub attrs: Vec<Attr>,
    /// Attributes that repeat one of `attrs` under another prefix bound to the same namespace
    /// (not validated, as by libxml2; kept for the package rules, which report the prefix).
    pub shadowed: Vec<Attr>,
    /// Byte offset of the `<` in the decoded text.
    pub offset: usize,
}

/// What the reader reports.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    Start(Start),
    End,
    /// Character data; `cdata` when it came from a CDATA section (libxml2 treats a CDATA section
    /// as character content even when it holds only whitespace).
    Text {
        text: Cow<'a, str>,
        cdata: bool,
        offset: usize,
    },
    Eof,
}

/// How tolerant the reader is of one oddity found in official schemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Instance documents. Like libxml2, a default-namespace declaration of the `xml`
    /// namespace is ignored (libxml2 reports a namespace warning and goes on).
    Instance,
    /// Schema documents. IMS's `ims_xml.xsd` declares `xmlns="http://www.w3.org/XML/1998/namespace"`,
    /// which Namespaces in XML forbids; we honour that binding (it is also the file's target
    /// namespace) instead of refusing the file.
    Schema,
}

/// Decodes a document to text ([`crate::validate::encoding`]), as a well-formedness error.
pub(crate) fn decode(
    bytes: &[u8],
) -> Result<Cow<'_, str>, crate::validate::encoding::EncodingError> {
    crate::validate::encoding::decode(bytes)
}

pub(crate) use crate::diag::LineIndex;

/// XML 1.0 `Char`.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// XML 1.0 (fifth edition) `NameStartChar`, without the colon.
pub(crate) fn is_name_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || c == '_';
    }
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 (fifth edition) `NameChar`, without the colon.
pub(crate) fn is_name_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    }
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Whether `s` is an NCName (a name without a colon).
pub(crate) fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

/// Splits a QName into prefix and local part; `None` when it is not a QName.
pub(crate) fn split_qname(s: &str) -> Option<(Option<&str>, &str)> {
    match s.split_once(':') {
        None => is_ncname(s).then_some((None, s)),
        Some((p, l)) => (is_ncname(p) && is_ncname(l)).then_some((Some(p), l)),
    }
}

/// XML whitespace.
pub(crate) fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// A namespace binding in scope.
struct Binding {
    prefix: String,
    uri: Arc<str>,
}

/// The pull reader.
pub(crate) struct Reader<'a> {
    inner: quick_xml::Reader<&'a [u8]>,
    text: &'a str,
    mode: Mode,
    bindings: Vec<Binding>,
    /// For each open element, how many bindings were in scope before it.
    marks: Vec<usize>,
    root_seen: bool,
    first: bool,
    done: bool,
    /// The names of the `xml` namespace and of no namespace, shared.
    xml_ns: Arc<str>,
    no_ns: Arc<str>,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str, mode: Mode) -> Self {
        let mut inner = quick_xml::Reader::from_str(text);
        let config = inner.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.check_comments = true;
        config.trim_text(false);
        Reader {
            inner,
            text,
            mode,
            bindings: Vec::new(),
            marks: Vec::new(),
            root_seen: false,
            first: true,
            done: false,
            xml_ns: Arc::from(XML_NS),
            no_ns: Arc::from(""),
        }
    }

    /// The namespace bound to `prefix` (empty for the default namespace) where the reader is.
    pub fn lookup(&self, prefix: &str) -> Option<&str> {
        self.lookup_shared(prefix).map(|uri| &**uri)
    }

    /// The same, as the shared string the binding holds.
    fn lookup_shared(&self, prefix: &str) -> Option<&Arc<str>> {
        if prefix == "xml" {
            return Some(&self.xml_ns);
        }
        self.bindings
            .iter()
            .rev()
            .find(|b| b.prefix == prefix)
            .map(|b| &b.uri)
            .filter(|uri| !uri.is_empty() || prefix.is_empty())
    }

    /// The bindings in scope, innermost last (for keeping with a schema element).
    pub fn scope(&self) -> Vec<(String, String)> {
        self.bindings
            .iter()
            .map(|b| (b.prefix.clone(), b.uri.to_string()))
            .collect()
    }

    /// The next event, or the first well-formedness error (after which the reader stops).
    pub fn next(&mut self) -> Result<Event<'a>, XmlError> {
        if self.done {
            return Ok(Event::Eof);
        }
        let result = self.next_inner();
        if result.is_err() {
            self.done = true;
        }
        result
    }

    fn next_inner(&mut self) -> Result<Event<'a>, XmlError> {
        loop {
            let offset = self.position();
            let first = std::mem::replace(&mut self.first, false);
            let event = match self.inner.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = usize::try_from(self.inner.error_position()).unwrap_or(offset);
                    return Err(XmlError::new(at, quick_xml_message(&e)));
                }
            };
            match event {
                QEvent::Decl(decl) => {
                    if !first || offset != 0 {
                        return Err(XmlError::new(
                            offset,
                            "the XML declaration is allowed only at the start of the document",
                        ));
                    }
                    check_declaration(&decl, offset)?;
                }
                QEvent::DocType(doctype) => {
                    // `<!DOCTYPE manifest>` declares nothing and xmllint accepts it; anything
                    // more (an internal subset, an external identifier) could declare
                    // entities, which we never expand, so it is refused. A schema document
                    // (bundled, trusted) may name an external DTD, which is never read (the
                    // W3C `xml.xsd` of SCORM 2004 names `XMLSchema.dtd`).
                    let external_only = self.mode == Mode::Schema && !doctype.contains(&b'[');
                    if !is_bare_doctype(&doctype) && !external_only {
                        return Err(XmlError::new(offset, DOCTYPE_REFUSED));
                    }
                }
                QEvent::PI(pi) => {
                    let target = String::from_utf8_lossy(pi.target()).into_owned();
                    if target.eq_ignore_ascii_case("xml") {
                        return Err(XmlError::new(
                            offset,
                            "the XML declaration is allowed only at the start of the document",
                        ));
                    }
                    if !is_ncname(&target) {
                        return Err(XmlError::new(
                            offset,
                            format!("`{target}` is not a valid processing-instruction target"),
                        ));
                    }
                    check_chars(&String::from_utf8_lossy(pi.content()), offset)?;
                }
                QEvent::Comment(c) => {
                    let body = String::from_utf8_lossy(&c);
                    if body.ends_with('-') {
                        return Err(XmlError::new(offset, "a comment may not end with `--->`"));
                    }
                    check_chars(&body, offset)?;
                }
                QEvent::Start(start) => return self.start(&start, offset).map(Event::Start),
                QEvent::Empty(start) => return self.start(&start, offset).map(Event::Start),
                QEvent::End(_) => {
                    if let Some(mark) = self.marks.pop() {
                        self.bindings.truncate(mark);
                    }
                    return Ok(Event::End);
                }
                QEvent::Text(_) => {
                    let Some(raw) = self.slice(offset, self.position()) else {
                        return Err(XmlError::new(offset, "cannot read the text here"));
                    };
                    if self.marks.is_empty() {
                        if let Some(bad) = raw.chars().find(|&c| !is_xml_space(c)) {
                            let _ = bad;
                            return Err(XmlError::new(
                                offset,
                                if self.root_seen {
                                    "extra content after the root element"
                                } else {
                                    "text before the root element"
                                },
                            ));
                        }
                        continue;
                    }
                    if let Some(at) = raw.find("]]>") {
                        return Err(XmlError::new(
                            offset + at,
                            "the sequence `]]>` is not allowed in content",
                        ));
                    }
                    check_chars(raw, offset)?;
                    return Ok(Event::Text {
                        text: normalize_newlines(raw),
                        cdata: false,
                        offset,
                    });
                }
                QEvent::GeneralRef(r) => {
                    if self.marks.is_empty() {
                        return Err(XmlError::new(
                            offset,
                            "a reference is not allowed outside the root element",
                        ));
                    }
                    let name = String::from_utf8_lossy(&r).into_owned();
                    let c = resolve_reference(&name, offset)?;
                    return Ok(Event::Text {
                        text: Cow::Owned(c.to_string()),
                        cdata: false,
                        offset,
                    });
                }
                QEvent::CData(c) => {
                    if self.marks.is_empty() {
                        return Err(XmlError::new(
                            offset,
                            "a CDATA section is not allowed outside the root element",
                        ));
                    }
                    let body = match self.slice(offset + 9, self.position().saturating_sub(3)) {
                        Some(b) => Cow::Borrowed(b),
                        None => Cow::Owned(String::from_utf8_lossy(&c).into_owned()),
                    };
                    check_chars(&body, offset)?;
                    let text = match body {
                        Cow::Borrowed(b) => normalize_newlines(b),
                        Cow::Owned(o) => Cow::Owned(normalize_newlines(&o).into_owned()),
                    };
                    return Ok(Event::Text {
                        text,
                        cdata: true,
                        offset,
                    });
                }
                QEvent::Eof => {
                    if !self.marks.is_empty() {
                        return Err(XmlError::new(
                            self.text.len(),
                            "the document ends before its elements are closed",
                        ));
                    }
                    if !self.root_seen {
                        return Err(XmlError::new(0, "the document has no root element"));
                    }
                    self.done = true;
                    return Ok(Event::Eof);
                }
            }
        }
    }

    fn position(&self) -> usize {
        usize::try_from(self.inner.buffer_position()).unwrap_or(usize::MAX)
    }

    fn slice(&self, from: usize, to: usize) -> Option<&'a str> {
        self.text.get(from..to)
    }

    fn start(&mut self, start: &BytesStart<'_>, offset: usize) -> Result<Start, XmlError> {
        if self.marks.is_empty() && self.root_seen {
            return Err(XmlError::new(
                offset,
                "extra content after the root element (a document has one root element)",
            ));
        }
        if self.marks.len() >= MAX_DEPTH {
            return Err(XmlError::new(
                offset,
                format!("the document is nested deeper than {MAX_DEPTH} elements"),
            ));
        }
        self.root_seen = true;
        let qname = utf8(start.name().as_ref()).into_owned();
        let (prefix, local) = split_qname(&qname).ok_or_else(|| {
            XmlError::new(offset, format!("`{qname}` is not a valid element name"))
        })?;
        let (prefix, local) = (prefix.map(str::to_owned), local.to_owned());

        // Read every attribute first: namespace declarations apply to the tag they are on.
        let mut raw_attrs: Vec<(String, String)> = Vec::new();
        // quick-xml's own duplicate check is quadratic; beyond a few attributes, a set keeps
        // hostile tags cheap.
        let mut seen = HashSet::new();
        let mut attributes = start.attributes();
        attributes.with_checks(false);
        for attr in attributes {
            let attr = attr.map_err(|e| {
                XmlError::new(offset, format!("malformed attribute in `<{qname}>`: {e}"))
            })?;
            let key = utf8(attr.key.as_ref());
            let twice = if raw_attrs.len() < 8 {
                raw_attrs.iter().any(|(k, _)| *k == key)
            } else {
                if seen.is_empty() {
                    seen.extend(raw_attrs.iter().map(|(k, _)| k.clone()));
                }
                !seen.insert(key.clone().into_owned())
            };
            if twice {
                return Err(XmlError::new(
                    offset,
                    format!("attribute `{key}` is given twice in `<{qname}>`"),
                ));
            }
            let value = attribute_value(&utf8(&attr.value), offset)
                .map_err(|m| XmlError::new(offset, format!("attribute `{key}`: {m}")))?;
            raw_attrs.push((key.into_owned(), value));
        }
        self.marks.push(self.bindings.len());
        for (key, value) in &raw_attrs {
            let declared = if key == "xmlns" {
                Some("")
            } else {
                key.strip_prefix("xmlns:")
            };
            let Some(declared) = declared else { continue };
            self.declare(declared, value, offset)?;
        }
        let ns = self.resolve_element(prefix.as_deref(), &qname, offset)?;
        let mut attrs: Vec<Attr> = Vec::with_capacity(raw_attrs.len());
        let mut shadowed: Vec<Attr> = Vec::new();
        for (key, value) in raw_attrs {
            if key == "xmlns" || key.starts_with("xmlns:") {
                continue;
            }
            let (p, l) = split_qname(&key).ok_or_else(|| {
                XmlError::new(offset, format!("`{key}` is not a valid attribute name"))
            })?;
            let ns = match p {
                None => Arc::clone(&self.no_ns),
                Some(p) => self.lookup_shared(p).cloned().ok_or_else(|| {
                    XmlError::new(
                        offset,
                        format!("the namespace prefix `{p}` of attribute `{key}` is not declared"),
                    )
                })?,
            };
            let name = ExpName {
                ns,
                local: l.to_owned(),
            };
            // The same attribute through two prefixes bound to one namespace breaks Namespaces
            // in XML, but libxml2 only warns and validates the first: so do we. (The SCORM
            // package rules still report a second prefix for the ADL namespace.)
            let attr = Attr {
                name,
                qname: key,
                value,
            };
            // As many as the attributes already checked for duplicates by name: linear is fine.
            if attrs.iter().any(|a| a.name == attr.name) {
                shadowed.push(attr);
            } else {
                attrs.push(attr);
            }
        }
        Ok(Start {
            name: ExpName { ns, local },
            qname,
            attrs,
            shadowed,
            offset,
        })
    }

    fn declare(&mut self, prefix: &str, uri: &str, offset: usize) -> Result<(), XmlError> {
        if prefix == "xmlns" {
            return Err(XmlError::new(
                offset,
                "the prefix `xmlns` cannot be declared",
            ));
        }
        if prefix == "xml" {
            // libxml2 reports a namespace error for binding `xml` elsewhere but goes on with
            // `xml` bound to its namespace; so do we.
            return Ok(());
        }
        if uri == XMLNS_NS {
            return Err(XmlError::new(
                offset,
                "the xmlns namespace cannot be bound to a prefix",
            ));
        }
        if uri == XML_NS {
            if !prefix.is_empty() {
                return Err(XmlError::new(
                    offset,
                    "the xml namespace cannot be bound to a prefix other than `xml`",
                ));
            }
            if self.mode == Mode::Instance {
                // libxml2 reports this as a namespace warning and ignores the declaration.
                return Ok(());
            }
        }
        if !prefix.is_empty() && uri.is_empty() {
            // Namespaces in XML 1.0 forbids undeclaring a prefix; libxml2 warns and ignores it.
            return Ok(());
        }
        self.bindings.push(Binding {
            prefix: prefix.to_owned(),
            uri: Arc::from(uri),
        });
        Ok(())
    }

    fn resolve_element(
        &self,
        prefix: Option<&str>,
        qname: &str,
        offset: usize,
    ) -> Result<Arc<str>, XmlError> {
        match prefix {
            None => Ok(self
                .lookup_shared("")
                .cloned()
                .unwrap_or_else(|| Arc::clone(&self.no_ns))),
            Some("xmlns") => Err(XmlError::new(
                offset,
                format!("`{qname}`: the prefix `xmlns` is reserved"),
            )),
            Some(p) => self.lookup_shared(p).cloned().ok_or_else(|| {
                XmlError::new(
                    offset,
                    format!("the namespace prefix `{p}` of element `{qname}` is not declared"),
                )
            }),
        }
    }
}

fn quick_xml_message(e: &quick_xml::Error) -> String {
    let text = e.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => format!(
            "not well-formed XML: {}{}",
            c.to_lowercase(),
            chars.as_str()
        ),
        None => "not well-formed XML".to_owned(),
    }
}

/// The XML declaration: `version="1.x"` first, a well-formed `standalone` when present.
fn check_declaration(
    decl: &quick_xml::events::BytesDecl<'_>,
    offset: usize,
) -> Result<(), XmlError> {
    let version = decl
        .version()
        .map_err(|_| XmlError::new(offset, "the XML declaration has no version"))?;
    let valid = version
        .strip_prefix(b"1.")
        .is_some_and(|minor| !minor.is_empty() && minor.iter().all(u8::is_ascii_digit));
    if !valid {
        return Err(XmlError::new(
            offset,
            format!(
                "the XML declaration has version `{}`; expected `1.0`",
                String::from_utf8_lossy(&version)
            ),
        ));
    }
    if let Some(standalone) = decl.standalone() {
        let ok = standalone.is_ok_and(|s| matches!(s.as_ref(), b"yes" | b"no"));
        if !ok {
            return Err(XmlError::new(
                offset,
                "`standalone` in the XML declaration must be `yes` or `no`",
            ));
        }
    }
    Ok(())
}

fn check_chars(s: &str, offset: usize) -> Result<(), XmlError> {
    match s.char_indices().find(|&(_, c)| !is_xml_char(c)) {
        Some((i, c)) => Err(XmlError::new(
            offset + i,
            format!("the character U+{:04X} is not allowed in XML", u32::from(c)),
        )),
        None => Ok(()),
    }
}

/// End-of-line handling (XML 1.0 §2.11): CR LF and lone CR become LF.
fn normalize_newlines(s: &str) -> Cow<'_, str> {
    if !s.contains('\r') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
}

/// The character a reference names: the five predefined entities and character references.
fn resolve_reference(name: &str, offset: usize) -> Result<char, XmlError> {
    let c = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x") {
                (!hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                    .then(|| u32::from_str_radix(hex, 16).ok())
                    .flatten()
            } else if let Some(dec) = name.strip_prefix('#') {
                (!dec.is_empty() && dec.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| dec.parse::<u32>().ok())
                    .flatten()
            } else {
                return Err(XmlError::new(
                    offset,
                    format!("the entity `{name}` is not defined"),
                ));
            };
            match code.and_then(char::from_u32).filter(|&c| is_xml_char(c)) {
                Some(c) => c,
                None => {
                    return Err(XmlError::new(
                        offset,
                        format!("`&{name};` is not a valid character reference"),
                    ))
                }
            }
        }
    };
    Ok(c)
}

/// The text of a slice of the document (always UTF-8: the reader reads a `&str`).
fn utf8(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Attribute-value normalisation (XML 1.0 §3.3.3) for a CDATA attribute: references resolved,
/// each literal whitespace character (after end-of-line handling) replaced by a space.
fn attribute_value(raw: &str, offset: usize) -> Result<String, String> {
    // Most values have nothing to resolve or replace and only printable ASCII.
    if raw
        .bytes()
        .all(|b| (0x20..0x7F).contains(&b) && b != b'&' && b != b'<')
    {
        return Ok(raw.to_owned());
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => return Err("`<` is not allowed in an attribute value".to_owned()),
            '&' => {
                let end = rest
                    .find(';')
                    .ok_or_else(|| "`&` must start a reference such as `&amp;`".to_owned())?;
                let name = rest.get(1..end).unwrap_or_default();
                let c = resolve_reference(name, offset).map_err(|e| e.message)?;
                out.push(c);
                rest = rest.get(end + 1..).unwrap_or_default();
                continue;
            }
            '\r' => {
                out.push(' ');
                if rest.as_bytes().get(1) == Some(&b'\n') {
                    rest = rest.get(2..).unwrap_or_default();
                    continue;
                }
            }
            '\n' | '\t' => out.push(' '),
            c if !is_xml_char(c) => {
                return Err(format!(
                    "the character U+{:04X} is not allowed in XML",
                    u32::from(c)
                ))
            }
            c => out.push(c),
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    Ok(out)
}

/// The message for a DOCTYPE that could declare entities.
pub const DOCTYPE_REFUSED: &str =
    "DOCTYPE declarations with an internal subset or external identifier are not allowed (entities are never expanded)";

/// Whether a DOCTYPE only names the root element (`<!DOCTYPE manifest>`).
fn is_bare_doctype(doctype: &[u8]) -> bool {
    let text = String::from_utf8_lossy(doctype);
    let text = text.trim();
    !text.is_empty() && !text.contains(|c: char| c.is_whitespace() || c == '[')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(xml: &str) -> Result<Vec<String>, String> {
        let mut r = Reader::new(xml, Mode::Instance);
        let mut out = Vec::new();
        loop {
            match r.next().map_err(|e| e.message)? {
                Event::Start(s) => out.push(format!("<{{{}}}{}", s.name.ns, s.name.local)),
                Event::End => out.push(">".to_owned()),
                Event::Text { text, cdata, .. } => out.push(format!("{cdata}:{text}")),
                Event::Eof => return Ok(out),
            }
        }
    }

    #[test]
    fn well_formedness() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("<a/>", Ok("<{}a >")),
            ("<a xmlns='u'><b/></a>", Ok("<{u}a <{u}b > >")),
            ("<a>x&amp;&#32;</a>", Ok("<{}a false:x false:& false:  >")),
            ("<a><![CDATA[ ]]></a>", Ok("<{}a true:  >")),
            ("<a>\r\n</a>", Ok("<{}a false:\n >")),
            ("<a/><b/>", Err("extra content")),
            ("<a/>x", Err("extra content")),
            ("x<a/>", Err("text before")),
            ("", Err("no root")),
            ("<a>", Err("ends before")),
            ("<a></b>", Err("not well-formed")),
            ("<a>&foo;</a>", Err("entity `foo` is not defined")),
            ("<a>&#1;</a>", Err("not a valid character reference")),
            ("<a>]]></a>", Err("`]]>`")),
            (
                "<!DOCTYPE a [<!ENTITY b 'c'>]><a/>",
                Err("DOCTYPE declarations"),
            ),
            (" <?xml version='1.0'?><a/>", Err("only at the start")),
            ("<p:a/>", Err("prefix `p` of element")),
            ("<a p:x='1'/>", Err("prefix `p` of attribute")),
            ("<a x='1' x='2'/>", Err("given twice")),
            ("<a xmlns:p='u' xmlns:q='u' p:x='1' q:x='2'/>", Ok("<{}a >")),
            ("<!DOCTYPE a><a/>", Ok("<{}a >")),
            ("<!DOCTYPE a SYSTEM 'x.dtd'><a/>", Err("DOCTYPE")),
            ("<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>", Err("DOCTYPE")),
            ("<a x='<'/>", Err("`<` is not allowed")),
            ("<1a/>", Err("not a valid element name")),
            ("<a:b:c/>", Err("not a valid element name")),
            ("<a><!-- x -- y --></a>", Err("not well-formed")),
            ("<a>\u{1}</a>", Err("U+0001")),
        ];
        for (xml, expected) in cases {
            let got = events(xml).map(|e| e.join(" "));
            match expected {
                Ok(want) => assert_eq!(got.as_deref(), Ok(*want), "{xml}"),
                Err(want) => assert!(
                    got.as_ref().is_err_and(|g| g.contains(want)),
                    "{xml}: {got:?}"
                ),
            }
        }
    }

    #[test]
    fn attribute_values_are_normalised() {
        assert_eq!(
            attribute_value("a\r\nb\tc&#10;", 0),
            Ok("a b c\n".to_owned())
        );
    }

    #[test]
    fn depth_limit() {
        let deep = |n: usize| format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
        assert!(events(&deep(MAX_DEPTH)).is_ok());
        assert!(events(&deep(MAX_DEPTH + 1)).is_err_and(|e| e.contains("deeper")));
    }

    #[test]
    fn line_index() {
        let idx = LineIndex::new("ab\ncé\r\nx");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(3), (2, 1));
        assert_eq!(idx.line_col(6), (2, 3));
        assert_eq!(idx.line_col(8), (3, 1));
    }
}
