//! A small namespace-aware element tree of a manifest, with source positions, for the package
//! rules (which look things up across the document). It is built from the events of the reader
//! the schema validator uses ([`super::xsd`]), in the same pass ([`parse_and_validate`]): the
//! rules and the schemas see one document, decoded once ([`super::encoding`]) and read once.
//! Untrusted input: no DOCTYPE beyond a bare one, no entity expansion beyond XML's five, a
//! depth limit.

use super::encoding;
use super::xsd::{self, Listener, Root, SchemaSet, Start, XsdViolation};
use crate::diag::LineIndex;
use std::sync::Arc;
/// An attribute with its namespace and the prefix it was written with.
#[derive(Clone, Debug)]
pub struct Attr {
    pub ns: Option<Arc<str>>,
    pub prefix: Option<Arc<str>>,
    pub local: String,
    pub value: String,
}

/// An element, its attributes, its children and its text.
#[derive(Clone, Debug)]
pub struct Element {
    /// The namespace and the prefix are shared between the elements that have them.
    pub ns: Option<Arc<str>>,
    pub prefix: Option<Arc<str>>,
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

/// Parses a document (bytes in any encoding [`encoding::decode`] reads) into its root element.
pub fn parse(xml: &[u8]) -> Result<Element, ParseError> {
    let text = encoding::decode(xml).map_err(|e| ParseError {
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    parse_text(&text)
}

/// Parses decoded text into its root element.
pub fn parse_text(text: &str) -> Result<Element, ParseError> {
    parse_and_validate(text, |_| None).0
}

/// Parses decoded text into its root element and, in the same pass, validates it against the
/// schema set `choose` picks from the root element.
pub fn parse_and_validate<'s>(
    text: &str,
    choose: impl FnOnce(&Root<'_>) -> Option<&'s SchemaSet>,
) -> (Result<Element, ParseError>, Vec<XsdViolation>) {
    let lines = LineIndex::new(text);
    let mut builder = Builder {
        lines: &lines,
        stack: Vec::new(),
        root: None,
        names: Vec::new(),
    };
    let outcome = xsd::read(text, &lines, choose, &mut builder);
    let tree = match (outcome.broken, builder.root) {
        (Some(b), _) => Err(ParseError {
            line: b.line,
            column: b.column,
            message: b.message,
        }),
        (None, Some(root)) => Ok(root),
        (None, None) => Err(ParseError {
            line: 1,
            column: 1,
            message: "the document has no root element".to_owned(),
        }),
    };
    (tree, outcome.violations)
}

/// Builds the tree from the reader's events.
struct Builder<'l, 't> {
    lines: &'l LineIndex<'t>,
    stack: Vec<Element>,
    root: Option<Element>,
    /// Namespaces and prefixes seen so far (a document uses a handful).
    names: Vec<Arc<str>>,
}

impl Builder<'_, '_> {
    /// A shared copy of `name` (`None` when empty).
    fn shared(&mut self, name: &str) -> Option<Arc<str>> {
        if name.is_empty() {
            return None;
        }
        if let Some(known) = self.names.iter().find(|n| ***n == *name) {
            return Some(Arc::clone(known));
        }
        let new: Arc<str> = Arc::from(name);
        if self.names.len() < 32 {
            self.names.push(Arc::clone(&new));
        }
        Some(new)
    }

    fn prefix(&mut self, qname: &str) -> Option<Arc<str>> {
        self.shared(qname.split_once(':').map_or("", |(p, _)| p))
    }
}

impl Listener for Builder<'_, '_> {
    fn start(&mut self, s: Start) {
        let (line, column) = self.lines.line_col(s.offset);
        let mut attrs = Vec::with_capacity(s.attrs.len() + s.shadowed.len());
        for a in s.attrs.into_iter().chain(s.shadowed) {
            let prefix = self.prefix(&a.qname);
            attrs.push(Attr {
                ns: (!a.name.ns.is_empty()).then_some(a.name.ns),
                prefix,
                local: a.name.local,
                value: a.value,
            });
        }
        let prefix = self.prefix(&s.qname);
        self.stack.push(Element {
            ns: (!s.name.ns.is_empty()).then_some(s.name.ns),
            prefix,
            local: s.name.local,
            attrs,
            children: Vec::new(),
            text: String::new(),
            line,
            column,
        });
    }

    fn text(&mut self, text: &str) {
        if let Some(current) = self.stack.last_mut() {
            if current.text.is_empty() {
                current.text.push_str(text.trim_start());
            } else {
                current.text.push_str(text);
            }
        }
    }

    fn end(&mut self) {
        let Some(mut done) = self.stack.pop() else {
            return;
        };
        let kept = done.text.trim_end().len();
        done.text.truncate(kept);
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(done),
            None => self.root = Some(done),
        }
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
        assert!(
            e.message.contains("entity `x` is not defined"),
            "{}",
            e.message
        );
        let deep = "<a>".repeat(300) + &"</a>".repeat(300);
        assert!(parse(deep.as_bytes())
            .unwrap_err()
            .message
            .contains("deeper"));
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"").is_err());
    }

    #[test]
    fn text_keeps_inner_spaces_and_shadowed_attributes_are_kept() {
        let xml = "<m xmlns:a=\"urn:a\" xmlns:b=\"urn:a\"><t a:k=\"1\" b:k=\"2\">\n  Fish &amp; Chips <![CDATA[& co]]>\n</t></m>";
        let root = parse(xml.as_bytes()).expect("parses");
        let t = &root.children[0];
        assert_eq!(t.text, "Fish & Chips & co");
        let prefixes: Vec<_> = t.attrs.iter().map(|a| a.prefix.as_deref()).collect();
        assert_eq!(prefixes, [Some("a"), Some("b")]);
    }

    #[test]
    fn utf16_documents_have_character_positions() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<m>\n  <\u{e9}t\u{e9} k=\"\u{20ac}\"/></m>";
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let root = parse(&bytes).expect("parses");
        let child = &root.children[0];
        assert_eq!(
            (child.local.as_str(), child.attr("k")),
            ("\u{e9}t\u{e9}", Some("\u{20ac}"))
        );
        assert_eq!((child.line, child.column), (3, 3));
    }

    #[test]
    fn one_pass_gives_the_tree_and_the_violations() {
        let text = "<tincan xmlns=\"http://projecttincan.com/tincan.xsd\"><activities><bogus/></activities></tincan>";
        let (tree, violations) = parse_and_validate(text, |root| {
            assert_eq!(root.ns, "http://projecttincan.com/tincan.xsd");
            Some(SchemaSet::tincan())
        });
        let root = tree.expect("well-formed");
        assert_eq!(root.children[0].children[0].local, "bogus");
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert!(violations[0].message.contains("`bogus`"), "{violations:?}");
        let (tree, violations) = parse_and_validate("<a><b></a>", |_| Some(SchemaSet::tincan()));
        let e = tree.expect_err("not well-formed");
        assert_eq!(violations.last().map(|v| &v.message), Some(&e.message));
    }
}
