//! Inline Markdown as the native codes of XLIFF 1.2 inline elements.
//!
//! A segment's Markdown is cut into translatable text and *codes*: the bytes of its inline markup.
//! A pair of codes around text — `**`…`**`, `*`…`*`, `~~`…`~~`, a code span's backticks, a link's
//! `[`…`](https://… "title")`, an image's `![`…`](../images/a.svg){width=320}` around its alt
//! text — becomes an [`Element`] with an opening and a closing code; a code standing alone — an
//! autolink, an image whose alt text is `decorative`, inline HTML, a footnote reference, a hard
//! line break — an element with one code. The XLIFF codec writes them as `<bpt>`/`<ept>` and
//! `<ph>` with the code as their content, so that translation tools lock them and any tool that
//! keeps only the text of an element (xliff2po, a QA tool) still sees the exact Markdown.
//!
//! The text between codes is the Markdown as written (backslash escapes and entities included),
//! so the codes and the text, in order, are the segment again, byte for byte.

use crate::inline;
use crate::source::lesson::markdown_options;
use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;

/// What an inline element is: it decides the XLIFF element, its `ctype`, and what a translator
/// may do with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Strong,
    Emphasis,
    Strikethrough,
    /// A code span: its backticks are the codes, its content is text.
    Code,
    Link,
    /// An image: its alt text is translatable, between `![` and `](…)`.
    Image,
    /// An image whose alt text is `decorative`, which must stay as it is.
    DecorativeImage,
    Autolink,
    Html,
    FootnoteReference,
    HardBreak,
}

impl Kind {
    /// Every kind, for looking one up by its `ctype`.
    pub const ALL: [Kind; 11] = [
        Kind::Strong,
        Kind::Emphasis,
        Kind::Strikethrough,
        Kind::Code,
        Kind::Link,
        Kind::Image,
        Kind::DecorativeImage,
        Kind::Autolink,
        Kind::Html,
        Kind::FootnoteReference,
        Kind::HardBreak,
    ];

    /// Whether the element is a pair of codes around text (`<bpt>`/`<ept>`) rather than one code
    /// (`<ph>`).
    pub fn is_paired(self) -> bool {
        matches!(
            self,
            Kind::Strong
                | Kind::Emphasis
                | Kind::Strikethrough
                | Kind::Code
                | Kind::Link
                | Kind::Image
        )
    }

    /// The XLIFF 1.2 `ctype`: a standard value where one fits (`bold`, `italic`, `link` for
    /// pairs; `image`, `lb` alone), an `x-` value otherwise.
    pub fn ctype(self) -> &'static str {
        match self {
            Kind::Strong => "bold",
            Kind::Emphasis => "italic",
            Kind::Strikethrough => "x-strikethrough",
            Kind::Code => "x-code",
            Kind::Link => "link",
            Kind::Image => "x-image",
            Kind::DecorativeImage => "image",
            Kind::Autolink => "x-autolink",
            Kind::Html => "x-html",
            Kind::FootnoteReference => "x-footnote-reference",
            Kind::HardBreak => "lb",
        }
    }

    /// How the element is named to a translator.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Strong => "strong emphasis",
            Kind::Emphasis => "emphasis",
            Kind::Strikethrough => "strikethrough",
            Kind::Code => "code span",
            Kind::Link => "link",
            Kind::Image => "image",
            Kind::DecorativeImage => "decorative image",
            Kind::Autolink => "web address",
            Kind::Html => "HTML tag",
            Kind::FootnoteReference => "footnote reference",
            Kind::HardBreak => "line break",
        }
    }
}

/// One inline element of a text, as byte ranges of that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    pub kind: Kind,
    /// The opening code of a pair, or the whole code of an element standing alone.
    pub open: Range<usize>,
    /// The closing code of a pair.
    pub close: Option<Range<usize>>,
    /// Translatable text inside a code: the title of a link or image (`"…"` in `](url "…")`),
    /// inside `close` for a pair and inside `open` for an element standing alone.
    pub sub: Option<Range<usize>>,
}

impl Element {
    /// The code that carries the [`sub`](Element::sub) text, if any.
    fn sub_code(&self) -> &Range<usize> {
        self.close.as_ref().unwrap_or(&self.open)
    }

    /// What identifies the element whatever its translatable text: its kind and its codes, with
    /// the title left out.
    pub fn key(&self, text: &str) -> (Kind, String, String) {
        let code = |r: &Range<usize>| -> String {
            let s = text.get(r.clone()).unwrap_or_default();
            match &self.sub {
                Some(sub) if r == self.sub_code() => {
                    let (a, b) = (sub.start - r.start, sub.end - r.start);
                    format!("{}\u{1}{}", &s[..a], &s[b..])
                }
                _ => s.to_owned(),
            }
        };
        (
            self.kind,
            code(&self.open),
            self.close.as_ref().map(code).unwrap_or_default(),
        )
    }
}

/// A piece of a text in document order: text, or one code of an element (by its index in the
/// list [`elements`] returns).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text(Range<usize>),
    /// The opening code of element `n` (the whole code when it stands alone).
    Open(usize),
    /// The closing code of element `n`.
    Close(usize),
}

/// The inline elements of some Markdown, in the order of their opening codes. Reference links
/// (`[text][ref]`, `[text][]`) count as links even though the segment alone lacks their
/// definition; a shortcut `[text]` stays text, as it does when it has no definition.
pub fn elements(markdown: &str) -> Vec<Element> {
    let mut keep_references = |link: BrokenLink<'_>| match link.link_type {
        LinkType::Reference | LinkType::Collapsed => {
            Some((CowStr::Borrowed(""), CowStr::Borrowed("")))
        }
        _ => None,
    };
    let parser = Parser::new_with_broken_link_callback(
        markdown,
        markdown_options(),
        Some(&mut keep_references),
    );
    let mut out: Vec<Element> = Vec::new();
    let mut open: Vec<Frame> = Vec::new();
    // The end of the last footnote reference found, whose text events follow it.
    let mut footnote_end = 0;
    for (event, range) in parser.into_offset_iter() {
        // Inside an element that is one code (an autolink), every event is part of that code.
        if let Some(frame) = open.last() {
            if frame.opaque && !matches!(event, Event::End(TagEnd::Link)) {
                continue;
            }
        }
        match event {
            Event::Start(tag) => {
                let Some((kind, opaque)) = element_kind(&tag) else {
                    continue;
                };
                let mut range = range;
                if matches!(
                    tag,
                    Tag::Link {
                        link_type: LinkType::Collapsed | LinkType::CollapsedUnknown,
                        ..
                    }
                ) && markdown
                    .get(range.end..)
                    .is_some_and(|r| r.starts_with("[]"))
                {
                    // pulldown-cmark's range of `[text][]` stops before the `[]`.
                    range.end += 2;
                }
                note_child(&mut open, &range);
                open.push(Frame {
                    index: out.len(),
                    range: range.clone(),
                    last_child_end: range.start,
                    opaque,
                    alt: String::new(),
                });
                out.push(Element {
                    kind,
                    open: range,
                    close: None,
                    sub: None,
                });
            }
            Event::End(end) => {
                if !matches!(
                    end,
                    TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough
                        | TagEnd::Link
                        | TagEnd::Image
                ) {
                    continue;
                }
                let Some(frame) = open.pop() else {
                    continue;
                };
                finish(markdown, &mut out, frame);
            }
            Event::Code(_) => {
                note_child(&mut open, &range);
                out.push(code_span(markdown, range));
            }
            Event::InlineHtml(_)
            | Event::Html(_)
            | Event::FootnoteReference(_)
            | Event::HardBreak => {
                note_child(&mut open, &range);
                let kind = match event {
                    Event::FootnoteReference(_) => Kind::FootnoteReference,
                    Event::HardBreak => Kind::HardBreak,
                    _ => Kind::Html,
                };
                out.push(Element {
                    kind,
                    open: range,
                    close: None,
                    sub: None,
                });
            }
            Event::Text(t) => {
                // An image's alt text is all the text inside it, emphasis or not.
                for frame in open.iter_mut() {
                    frame.alt.push_str(&t);
                }
                note_child(&mut open, &range);
                // `[^label]`: a footnote reference, whose definition is elsewhere in the lesson.
                if range.start >= footnote_end {
                    if let Some(len) = footnote_reference(markdown, range.start) {
                        footnote_end = range.start + len;
                        out.push(Element {
                            kind: Kind::FootnoteReference,
                            open: range.start..footnote_end,
                            close: None,
                            sub: None,
                        });
                    }
                }
            }
            _ => note_child(&mut open, &range),
        }
    }
    out
}

/// An element being read: where it starts and ends, and where its content ends.
struct Frame {
    index: usize,
    range: Range<usize>,
    last_child_end: usize,
    /// The element is one code (an autolink): its content is not text.
    opaque: bool,
    /// The plain text inside, for an image's alt text.
    alt: String,
}

/// The kind of an inline tag, and whether it is one code.
fn element_kind(tag: &Tag<'_>) -> Option<(Kind, bool)> {
    match tag {
        Tag::Emphasis => Some((Kind::Emphasis, false)),
        Tag::Strong => Some((Kind::Strong, false)),
        Tag::Strikethrough => Some((Kind::Strikethrough, false)),
        Tag::Link {
            link_type: LinkType::Autolink | LinkType::Email,
            ..
        } => Some((Kind::Autolink, true)),
        Tag::Link { .. } => Some((Kind::Link, false)),
        Tag::Image { .. } => Some((Kind::Image, false)),
        _ => None,
    }
}

/// Records content inside the innermost open element.
fn note_child(open: &mut [Frame], range: &Range<usize>) {
    if let Some(frame) = open.last_mut() {
        frame.last_child_end = frame.last_child_end.max(range.end);
    }
}

/// The length of a footnote reference `[^label]` starting at `at`, unless its `[` is escaped.
fn footnote_reference(markdown: &str, at: usize) -> Option<usize> {
    let rest = markdown.get(at..)?.strip_prefix("[^")?;
    if markdown[..at].ends_with('\\') {
        return None;
    }
    let label = rest.find(']')?;
    let ok = label > 0 && !rest[..label].contains(|c: char| c.is_whitespace() || c == '[');
    ok.then_some(label + 3)
}

/// Sets the codes of an element once its end is known.
fn finish(markdown: &str, out: &mut Vec<Element>, frame: Frame) {
    let Frame {
        index,
        range,
        last_child_end,
        opaque,
        alt,
    } = frame;
    let Some(kind) = out.get(index).map(|e| e.kind) else {
        return;
    };
    if opaque {
        out[index].open = range;
        return;
    }
    let mut end = range.end;
    if kind == Kind::Image {
        // `{width=…}` right after an image belongs to its code: a translator must not change it.
        if let Some((len, _)) = inline::image_attributes(markdown.get(end..).unwrap_or_default()) {
            end += len;
        }
    }
    // The opening code is the delimiter run (`*`, `**`, `~~`) or `[`, `![`; the closing one
    // mirrors the run, or is what follows a link's text (`](…)`, `][ref]`). Content is taken
    // from the delimiters rather than the first event inside, which skips an escape's backslash.
    let bytes = markdown.as_bytes();
    let run = |b: u8| {
        bytes[range.start..range.end]
            .iter()
            .take_while(|c| **c == b)
            .count()
    };
    let open_len = match kind {
        Kind::Emphasis => 1,
        Kind::Strong => 2,
        Kind::Strikethrough => run(b'~').clamp(1, 2),
        Kind::Image => 2,
        _ => 1,
    };
    let content_start = (range.start + open_len).min(range.end);
    let content_end = match kind {
        Kind::Link | Kind::Image => last_child_end.clamp(content_start, range.end),
        _ => range.end.saturating_sub(open_len).max(content_start),
    };
    if kind == Kind::Image && inline::is_decorative(&alt) {
        // The alt text `decorative` is a keyword, not text: the whole image is one code, and
        // what was read inside it is part of that code.
        out.truncate(index + 1);
        let sub = title(markdown, content_end..range.end);
        out[index] = Element {
            kind: Kind::DecorativeImage,
            open: range.start..end,
            close: None,
            sub,
        };
        return;
    }
    let sub = match kind {
        Kind::Link | Kind::Image => title(markdown, content_end..range.end),
        _ => None,
    };
    out[index].open = range.start..content_start;
    out[index].close = Some(content_end..end);
    out[index].sub = sub;
}

/// A code span: its backtick runs (with one space of padding on each side, when the content has
/// both) are the codes, what is between is text.
fn code_span(markdown: &str, range: Range<usize>) -> Element {
    let s = markdown.get(range.clone()).unwrap_or_default();
    let ticks = s.bytes().take_while(|b| *b == b'`').count();
    let inner = &s[ticks..s.len().saturating_sub(ticks).max(ticks)];
    let pad = usize::from(
        inner.len() >= 2
            && inner.starts_with(' ')
            && inner.ends_with(' ')
            && !inner.bytes().all(|b| b == b' '),
    );
    let open_end = range.start + ticks + pad;
    let close_start = (range.end - ticks - pad).max(open_end);
    Element {
        kind: Kind::Code,
        open: range.start..open_end,
        close: Some(close_start..range.end),
        sub: None,
    }
}

/// The title inside the tail of an inline link or image, `](destination "title")`: the range of
/// the text between its quotes (or parentheses), when it is not empty.
fn title(markdown: &str, tail: Range<usize>) -> Option<Range<usize>> {
    let s = markdown.get(tail.clone())?;
    let rest = s.strip_prefix("](")?;
    let base = tail.start + 2;
    let bytes = rest.as_bytes();
    let mut i = skip_space(bytes, 0);
    // The destination: `<…>`, or a run without spaces whose parentheses balance.
    if bytes.get(i) == Some(&b'<') {
        i += 1;
        while i < bytes.len() && bytes[i] != b'>' {
            i += if bytes[i] == b'\\' { 2 } else { 1 };
        }
        i += 1;
    } else {
        let mut depth = 0usize;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            match bytes[i] {
                b'\\' => i += 1,
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                _ => {}
            }
            i += 1;
        }
    }
    let start = skip_space(bytes, i);
    let close = match bytes.get(start)? {
        b'"' => b'"',
        b'\'' => b'\'',
        b'(' => b')',
        _ => return None,
    };
    let mut j = start + 1;
    while j < bytes.len() && bytes[j] != close {
        j += if bytes[j] == b'\\' { 2 } else { 1 };
    }
    (j < bytes.len() && j > start + 1).then(|| base + start + 1..base + j)
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The text and codes of some Markdown in document order. The pieces cover the text exactly:
/// their ranges, in order, are the whole text.
pub fn pieces(markdown: &str, elements: &[Element]) -> Vec<Piece> {
    let mut codes: Vec<(Range<usize>, Piece)> = Vec::new();
    for (n, e) in elements.iter().enumerate() {
        codes.push((e.open.clone(), Piece::Open(n)));
        if let Some(close) = &e.close {
            codes.push((close.clone(), Piece::Close(n)));
        }
    }
    codes.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = Vec::new();
    let mut at = 0;
    for (range, piece) in codes {
        if range.start > at {
            out.push(Piece::Text(at..range.start));
        }
        at = at.max(range.end);
        out.push(piece);
    }
    if at < markdown.len() {
        out.push(Piece::Text(at..markdown.len()));
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The pieces of a text, written `[text]`, `{open:kind}`, `{/close}` and `{code}` for one
    /// standing alone, with `^title^` marking a title.
    fn show(md: &str) -> String {
        let els = elements(md);
        let mut out = String::new();
        let code = |e: &Element, r: &Range<usize>| -> String {
            match &e.sub {
                Some(s) if r.start <= s.start && s.end <= r.end => format!(
                    "{}^{}^{}",
                    &md[r.start..s.start],
                    &md[s.clone()],
                    &md[s.end..r.end]
                ),
                _ => md[r.clone()].to_string(),
            }
        };
        for p in pieces(md, &els) {
            match p {
                Piece::Text(r) => out.push_str(&format!("[{}]", &md[r])),
                Piece::Open(n) if els[n].close.is_some() => out.push_str(&format!(
                    "{{{}:{}}}",
                    code(&els[n], &els[n].open),
                    els[n].kind.ctype()
                )),
                Piece::Open(n) => out.push_str(&format!(
                    "{{{}={}}}",
                    els[n].kind.ctype(),
                    code(&els[n], &els[n].open)
                )),
                Piece::Close(n) => {
                    let r = els[n].close.clone().expect("close");
                    out.push_str(&format!("{{/{}}}", code(&els[n], &r)))
                }
            }
        }
        out
    }

    #[test]
    fn cuts_markdown_into_text_and_codes() {
        let cases: &[(&str, &str)] = &[
            ("plain", "[plain]"),
            ("a **b** c", "[a ]{**:bold}[b]{/**}[ c]"),
            ("__b__ _i_ ~~s~~", "{__:bold}[b]{/__}[ ]{_:italic}[i]{/_}[ ]{~~:x-strikethrough}[s]{/~~}"),
            (
                "***both*** and *a **nested** one*",
                "{*:italic}{**:bold}[both]{/**}{/*}[ and ]{*:italic}[a ]{**:bold}[nested]{/**}[ one]{/*}",
            ),
            ("`a*b*` and `` `x` ``", "{`:x-code}[a*b*]{/`}[ and ]{`` :x-code}[`x`]{/ ``}"),
            (
                "[the *doc*](https://x.example/a?b=1&c=2 \"A title\")",
                "{[:link}[the ]{*:italic}[doc]{/*}{/](https://x.example/a?b=1&c=2 \"^A title^\")}",
            ),
            ("[x](<a b.md> 'T') [y](u (P))", "{[:link}[x]{/](<a b.md> '^T^')}[ ]{[:link}[y]{/](u (^P^))}"),
            ("[](empty.md)", "{[:link}{/](empty.md)}"),
            ("see <https://x.example> now", "[see ]{x-autolink=<https://x.example>}[ now]"),
            ("mail <a@b.example>", "[mail ]{x-autolink=<a@b.example>}"),
            (
                "![alt *text*](../images/a.svg \"Tip\"){width=320} after",
                "{![:x-image}[alt ]{*:italic}[text]{/*}{/](../images/a.svg \"^Tip^\"){width=320}}[ after]",
            ),
            (
                "![decorative](a.svg){width=50%} x",
                "{image=![decorative](a.svg){width=50%}}[ x]",
            ),
            (
                "![*Decorative*](a.svg 'Hi')",
                "{image=![*Decorative*](a.svg '^Hi^')}",
            ),
            ("a <span lang=\"en\">b</span>", "[a ]{x-html=<span lang=\"en\">}[b]{x-html=</span>}"),
            ("note[^1] here", "[note]{x-footnote-reference=[^1]}[ here]"),
            ("[ref text][ref] and [collapsed][]", "{[:link}[ref text]{/][ref]}[ and ]{[:link}[collapsed]{/][]}"),
            ("[shortcut] stays", "[[shortcut] stays]"),
            ("\\*not\\* &amp; &copy; 5 * 3", "[\\*not\\* &amp; &copy; 5 * 3]"),
            ("line\\\nbreak", "[line]{lb=\\\n}[break]"),
            ("[![img](i.png)](l.md)", "{[:link}{![:x-image}[img]{/](i.png)}{/](l.md)}"),
            ("```\nfn main() {}\n```", "[```\nfn main() {}\n```]"),
        ];
        for (md, expected) in cases {
            assert_eq!(&show(md), expected, "{md}");
        }
    }

    #[test]
    fn pieces_cover_the_text_exactly() {
        for text in crate::i18n::xliff::tests::TRICKY.iter().chain(NASTY) {
            let els = elements(text);
            let mut rebuilt = String::new();
            for p in pieces(text, &els) {
                let r = match p {
                    Piece::Text(r) => r,
                    Piece::Open(n) => els[n].open.clone(),
                    Piece::Close(n) => els[n].close.clone().expect("close"),
                };
                rebuilt.push_str(&text[r]);
            }
            assert_eq!(&rebuilt, text);
        }
    }

    /// Markdown that has broken inline-markup codecs.
    pub(crate) const NASTY: &[&str] = &[
        "**bold *nested* bold** and *em **strong** em* and ***both***",
        "`code with * and ** and _` then `` a ` b `` and ```x``y```",
        "[link *em*](https://x.example/a_(b)?q=1&r=2 \"title with \\\"quotes\\\"\") and [l2](<a b.md> 'single')",
        "<https://autolink.example/path?x=1> and <mail@example.org>",
        "![alt with **bold**](../images/a.svg \"image title\"){width=320} and ![decorative](b.svg)",
        "escaped \\* star \\_ under \\` tick \\[ bracket and &amp; &lt;tag&gt; &copy; &#169;",
        "a ~~struck **bold**~~ word and an empty [](x.md) link",
        "[![nested image](i.png)](https://x.example) html <span class=\"k\">kept</span> fn[^1]",
        "1. looks like a list but is a heading's text",
        "# hash and > quote and - dash at the start",
        "a hard\\\nbreak and a soft\none, and two spaces  \nbreak too",
    ];
}
