//! A small namespace-aware element tree of a manifest, with source positions, for the package
//! rules (which look things up across the document). Untrusted input: no DOCTYPE, no entity
//! expansion beyond XML's five, a depth limit.

use crate::diag::LineIndex;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

/// Deeper documents are refused.
pub const MAX_DEPTH: usize = 256;

/// An attribute with its namespace and the prefix it was written with.
#[derive(Clone, Debug)]
pub struct Attr {
    pub ns: Option<String>,
    pub prefix: Option<String>,
    pub local: String,
    pub value: String,
}

/// An element, its attributes, its children and its text.
#[derive(Clone, Debug)]
pub struct Element {
    pub ns: Option<String>,
    pub prefix: Option<String>,
    pub local: String,
    pub attrs: Vec<Attr>,
    pub children: Vec<Element>,
    /// The element's own text, concatenated and trimmed.
    pub text: String,
    pub line: usize,
    pub column: usize,
}

impl Element {
    /// The value of an attribute in no namespace.
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns.is_none() && a.local == local)
            .map(|a| a.value.as_str())
    }

    /// The value of an attribute in namespace `ns`.
    pub fn attr_ns(&self, ns: &str, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns.as_deref() == Some(ns) && a.local == local)
            .map(|a| a.value.as_str())
    }

    /// The children named `local` in namespace `ns`.
    pub fn children_named<'a>(
        &'a self,
        ns: &'a str,
        local: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.children
            .iter()
            .filter(move |c| c.ns.as_deref() == Some(ns) && c.local == local)
    }

    /// The first child named `local` in namespace `ns`.
    pub fn child(&self, ns: &str, local: &str) -> Option<&Element> {
        self.children
            .iter()
            .find(|c| c.ns.as_deref() == Some(ns) && c.local == local)
    }

    /// Every element of the subtree, depth first, this one included.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = vec![self];
        let mut i = 0;
        while i < out.len() {
            let e = out[i];
            out.extend(e.children.iter());
            i += 1;
        }
        out
    }
}

/// Why a document could not be read as XML.
#[derive(Debug, Clone)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses a document into its root element.
pub fn parse(xml: &[u8]) -> Result<Element, ParseError> {
    let text = String::from_utf8_lossy(xml);
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let offset_base = text.len() - body.len();
    let lines = LineIndex::new(&text);
    let at = |pos: u64, message: String| {
        let (line, column) = lines.line_col(offset_base + usize::try_from(pos).unwrap_or(0));
        ParseError {
            line,
            column,
            message,
        }
    };
    let mut reader = NsReader::from_str(body);
    let mut stack: Vec<Element> = Vec::new();
    loop {
        let pos = reader.buffer_position();
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (namespace(ns), event),
            Err(e) => {
                let message = format!("not well-formed XML: {e}");
                return Err(at(reader.error_position(), message));
            }
        };
        match (ns, event) {
            (_, Event::DocType(doctype)) => {
                // Only `<!DOCTYPE name>`: anything more could declare entities.
                let text = String::from_utf8_lossy(&doctype);
                let bare = !text.trim().is_empty()
                    && !text
                        .trim()
                        .contains(|c: char| c.is_whitespace() || c == '[');
                if !bare {
                    return Err(at(pos, super::xsd::DOCTYPE_REFUSED.into()));
                }
            }
            (ns, Event::Start(start)) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(at(
                        pos,
                        format!("elements nest deeper than {MAX_DEPTH} levels"),
                    ));
                }
                let el = element(&reader, ns, &start, &lines, offset_base + pos as usize)
                    .map_err(|m| at(pos, m))?;
                stack.push(el);
            }
            (ns, Event::Empty(start)) => {
                let el = element(&reader, ns, &start, &lines, offset_base + pos as usize)
                    .map_err(|m| at(pos, m))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Ok(el),
                }
            }
            (_, Event::End(_)) => {
                let Some(done) = stack.pop() else {
                    return Err(at(pos, "unexpected closing tag".into()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(done),
                }
            }
            (_, Event::Text(t)) => {
                let s = t.decode().map_err(|e| at(pos, format!("bad text: {e}")))?;
                if let Some(cur) = stack.last_mut() {
                    cur.text.push_str(s.trim());
                }
            }
            (_, Event::GeneralRef(r)) => {
                let name = r
                    .decode()
                    .map_err(|e| at(pos, format!("bad reference: {e}")))?;
                let ch = match name.as_ref() {
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "amp" => Some('&'),
                    "apos" => Some('\''),
                    "quot" => Some('"'),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                match (ch, stack.last_mut()) {
                    (Some(c), Some(cur)) => cur.text.push(c),
                    (None, _) => {
                        return Err(at(
                            pos,
                            format!("unknown entity `&{name};` (entities are not expanded)"),
                        ))
                    }
                    _ => {}
                }
            }
            (_, Event::CData(c)) => {
                if let Some(cur) = stack.last_mut() {
                    cur.text
                        .push_str(String::from_utf8_lossy(&c.into_inner()).trim());
                }
            }
            (_, Event::Eof) => {
                return Err(at(
                    pos,
                    "the document ends before its root element closes".into(),
                ))
            }
            _ => {}
        }
    }
}

fn element(
    reader: &NsReader<&[u8]>,
    ns: Option<String>,
    start: &BytesStart<'_>,
    lines: &LineIndex<'_>,
    offset: usize,
) -> Result<Element, String> {
    let (line, column) = lines.line_col(offset);
    let name = start.name();
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| format!("bad attribute: {e}"))?;
        let key = attr.key;
        if key.as_ref() == b"xmlns" || key.prefix().is_some_and(|p| p.as_ref() == b"xmlns") {
            continue;
        }
        let (ans, local) = reader.resolve_attribute(key);
        let value = attr
            .decode_and_unescape_value(reader.decoder())
            .map_err(|e| format!("bad attribute value: {e}"))?;
        attrs.push(Attr {
            ns: namespace(ans),
            prefix: key
                .prefix()
                .map(|p| String::from_utf8_lossy(p.as_ref()).into_owned()),
            local: String::from_utf8_lossy(local.as_ref()).into_owned(),
            value: value.into_owned(),
        });
    }
    Ok(Element {
        ns,
        prefix: name
            .prefix()
            .map(|p| String::from_utf8_lossy(p.as_ref()).into_owned()),
        local: String::from_utf8_lossy(name.local_name().as_ref()).into_owned(),
        attrs,
        children: Vec::new(),
        text: String::new(),
        line,
        column,
    })
}

fn namespace(r: ResolveResult<'_>) -> Option<String> {
    match r {
        ResolveResult::Bound(ns) => Some(String::from_utf8_lossy(ns.as_ref()).into_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_namespaces_and_positions() {
        let xml = "\u{feff}<m xmlns=\"urn:a\" xmlns:b=\"urn:b\">\n  <b:x b:k=\"v &amp; w\">t&lt;</b:x>\n</m>";
        let root = parse(xml.as_bytes()).expect("parses");
        assert_eq!(root.ns.as_deref(), Some("urn:a"));
        let x = &root.children[0];
        assert_eq!(
            (x.ns.as_deref(), x.prefix.as_deref(), x.local.as_str()),
            (Some("urn:b"), Some("b"), "x")
        );
        assert_eq!(x.attr_ns("urn:b", "k"), Some("v & w"));
        assert_eq!(x.text, "t<");
        assert_eq!((x.line, x.column), (2, 3));
    }

    #[test]
    fn refuses_doctype_entities_and_depth() {
        let e = parse(b"<!DOCTYPE m [<!ENTITY x \"y\">]><m>&x;</m>").unwrap_err();
        assert!(e.message.contains("DOCTYPE"), "{}", e.message);
        assert!(
            parse(b"<!DOCTYPE m><m/>").is_ok(),
            "a bare DOCTYPE declares nothing"
        );
        let e = parse(b"<m>&x;</m>").unwrap_err();
        assert!(e.message.contains("unknown entity"), "{}", e.message);
        let deep = "<a>".repeat(300) + &"</a>".repeat(300);
        assert!(parse(deep.as_bytes())
            .unwrap_err()
            .message
            .contains("deeper"));
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"").is_err());
    }
}
