//! A thin, infallible wrapper over quick-xml's writer for the manifests the packager writes.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// Writes an indented XML document into memory.
pub struct XmlWriter {
    inner: Writer<Vec<u8>>,
}

impl XmlWriter {
    /// Starts a document with its UTF-8 declaration.
    pub fn new() -> XmlWriter {
        let mut inner = Writer::new_with_indent(Vec::new(), b' ', 2);
        // Writing into a Vec cannot fail; the results below are ignored for that reason.
        let _ = inner.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        XmlWriter { inner }
    }

    pub fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let _ = self.inner.write_event(Event::Start(element(name, attrs)));
    }

    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let _ = self.inner.write_event(Event::Empty(element(name, attrs)));
    }

    pub fn end(&mut self, name: &str) {
        let _ = self.inner.write_event(Event::End(BytesEnd::new(name)));
    }

    /// `<name attrs>text</name>`, escaping only what XML requires (so `l'IA` stays readable).
    pub fn text_element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        let escaped = quick_xml::escape::partial_escape(text);
        let _ = self
            .inner
            .write_event(Event::Text(BytesText::from_escaped(escaped)));
        self.end(name);
    }

    /// `<name attrs>content</name>`, where `content` is already XML: escaped text mixed with
    /// inline elements, written as it is.
    pub fn markup_element(&mut self, name: &str, attrs: &[(&str, &str)], content: &str) {
        self.start(name, attrs);
        let _ = self
            .inner
            .write_event(Event::Text(BytesText::from_escaped(content)));
        self.end(name);
    }

    /// The document, ending with a newline.
    pub fn finish(self) -> String {
        let mut xml = String::from_utf8(self.inner.into_inner()).unwrap_or_default();
        xml.push('\n');
        xml
    }
}

impl Default for XmlWriter {
    fn default() -> Self {
        XmlWriter::new()
    }
}

fn element<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut el = BytesStart::new(name);
    for a in attrs {
        el.push_attribute(*a);
    }
    el
}
