//! A small element tree of a schema document, with the namespace bindings in scope at each
//! element (schema attributes such as `type="xsd:string"` hold QNames resolved against them).

use super::reader::{Event, ExpName, Mode, Reader, XmlError, XML_NS};
use std::rc::Rc;

/// An element of a schema document.
#[derive(Debug)]
pub(crate) struct Node {
    pub name: ExpName,
    /// Attributes by expanded name.
    pub attrs: Vec<(ExpName, String)>,
    pub children: Vec<Node>,
    /// Prefix bindings in scope, innermost last.
    pub scope: Rc<Vec<(String, String)>>,
    /// Byte offset of the start tag in the decoded text.
    pub offset: usize,
}

impl Node {
    /// The value of an unqualified attribute.
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n.ns.is_empty() && n.local == local)
            .map(|(_, v)| v.as_str())
    }

    /// The namespace bound to `prefix` here (`""` for the default namespace).
    pub fn lookup(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(XML_NS);
        }
        self.scope
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, u)| u.as_str())
    }

    /// Children in the given namespace with the given local name.
    pub fn children_named<'a>(
        &'a self,
        ns: &'a str,
        local: &'a str,
    ) -> impl Iterator<Item = &'a Node> + 'a {
        self.children
            .iter()
            .filter(move |c| &*c.name.ns == ns && c.name.local == local)
    }
}

/// Parses a schema document into a tree. Character content is dropped: schema documents
/// carry none that matters outside `xs:documentation`.
pub(crate) fn parse(text: &str) -> Result<Node, XmlError> {
    let mut reader = Reader::new(text, Mode::Schema);
    let mut stack: Vec<Node> = Vec::new();
    let mut scopes: Vec<Rc<Vec<(String, String)>>> = Vec::new();
    loop {
        match reader.next()? {
            Event::Start(start) => {
                let scope = reader.scope();
                let scope = match scopes.last() {
                    Some(parent) if **parent == scope => Rc::clone(parent),
                    _ => Rc::new(scope),
                };
                scopes.push(Rc::clone(&scope));
                stack.push(Node {
                    name: start.name,
                    attrs: start.attrs.into_iter().map(|a| (a.name, a.value)).collect(),
                    children: Vec::new(),
                    scope,
                    offset: start.offset,
                });
            }
            Event::End => {
                scopes.pop();
                let Some(node) = stack.pop() else {
                    return Err(XmlError {
                        offset: 0,
                        message: "unbalanced end tag".to_owned(),
                    });
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => {
                        // The root is complete; the reader checks what follows it.
                        loop {
                            match reader.next()? {
                                Event::Eof => return Ok(node),
                                _ => continue,
                            }
                        }
                    }
                }
            }
            Event::Text { .. } => {}
            Event::Eof => {
                return Err(XmlError {
                    offset: text.len(),
                    message: "the document has no root element".to_owned(),
                })
            }
        }
    }
}
