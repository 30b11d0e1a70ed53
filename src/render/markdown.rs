//! Markdown to HTML for package pages, with pulldown-cmark.
//!
//! On top of CommonMark rendering it: rewrites image paths to where the files sit in the
//! package (with the image's `{width=…}` and `decorative` alt text), sends each link where
//! [`PageLinks`] says (links that leave the package open a new window: followed inside the LMS
//! frame they would end the learner's session), gives headings their anchors' ids and shifts them
//! one level down (the lesson title is the page's `h2`), and escapes raw HTML unless the course
//! allows it. Every attribute value it writes is escaped once, here.

use super::links::{PageLinks, Resolved};
use crate::inline::{self, ImageWidth};
use crate::model::Text;
use crate::source::fs::RelPath;
use crate::source::lesson::markdown_options;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::iter::Peekable;

/// Where course files go inside a package.
pub const MEDIA_DIR: &str = "media";

/// How to render Markdown for one page.
#[derive(Clone, Copy)]
pub struct MarkdownContext<'a> {
    pub allow_html: bool,
    /// The path from the page to the package root (`""` or `"../"`).
    pub root_prefix: &'a str,
    /// Added to each Markdown heading level to get the HTML level.
    pub heading_shift: i8,
    /// The lowest HTML heading level content may use (the levels above belong to the page).
    pub min_heading: u8,
    /// Where links go and which ids headings get; without it, only web links and `#anchors` as
    /// written are links.
    pub links: Option<&'a PageLinks<'a>>,
    /// Links render as their text only: for a title that is itself a control (a lesson title
    /// inside the contents link, a tab title inside its button).
    pub links_as_text: bool,
}

impl<'a> MarkdownContext<'a> {
    /// For lesson content: `#` is the lesson title (`h2`), so `##` becomes `h3`.
    pub fn lesson(allow_html: bool, root_prefix: &'a str) -> MarkdownContext<'a> {
        MarkdownContext {
            allow_html,
            root_prefix,
            heading_shift: 1,
            min_heading: 3,
            links: None,
            links_as_text: false,
        }
    }

    /// With the page's links.
    pub fn with_links(self, links: &'a PageLinks<'a>) -> Self {
        MarkdownContext {
            links: Some(links),
            ..self
        }
    }

    /// For a title inside a control: its links render as text.
    pub fn in_control(self) -> Self {
        MarkdownContext {
            links_as_text: true,
            ..self
        }
    }

    /// For the body of a tab, slide or panel whose items start at Markdown level
    /// `item_level`: the first level under the item becomes `h3`, right under the lesson title
    /// (tab labels are buttons, not headings, so nothing sits in between).
    pub fn item_body(self, item_level: usize) -> Self {
        let item_level = i8::try_from(item_level).unwrap_or(2);
        MarkdownContext {
            heading_shift: 2 - item_level,
            ..self
        }
    }
}

/// The package path of a course file.
pub fn media_path(path: &RelPath) -> String {
    format!("{MEDIA_DIR}/{path}")
}

/// Renders a block of Markdown to HTML.
pub fn to_html(text: &Text, ctx: MarkdownContext<'_>) -> String {
    if let Some(html) = plain_paragraph(&text.markdown) {
        return html;
    }
    let mut events = Parser::new_ext(&text.markdown, markdown_options()).peekable();
    let mut rewriter = Rewriter {
        text,
        ctx,
        headings: 0,
        closers: Vec::new(),
    };
    let mut out_events = Vec::new();
    while let Some(event) = events.next() {
        out_events.push(rewriter.event(event, &mut events));
    }
    let mut out = String::new();
    html::push_html(&mut out, out_events.into_iter());
    out
}

/// The HTML of a paragraph that reads as it is written ([`crate::inline::is_plain_words`], with
/// no space before it): what the parser gives, without a parse. Such a text has no character
/// HTML needs escaped (`&`, `<`, `>`).
fn plain_paragraph(markdown: &str) -> Option<String> {
    if markdown.starts_with(char::is_whitespace) || !crate::inline::is_plain_words(markdown) {
        return None;
    }
    Some(format!(
        "<p>{}</p>\n",
        markdown.trim_end_matches([' ', '\t'])
    ))
}

/// Renders one paragraph of Markdown (a title, a label) to inline HTML, without the `<p>`.
pub fn to_inline_html(text: &Text, ctx: MarkdownContext<'_>) -> String {
    let html = to_html(text, ctx);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// The text of some Markdown without its markup (for titles in manifests and `<title>`); see
/// [`crate::inline::plain_text`].
pub fn to_plain_text(markdown: &str) -> String {
    crate::inline::plain_text(markdown)
}

/// Rewrites the events of one text.
struct Rewriter<'t, 'c> {
    text: &'t Text,
    ctx: MarkdownContext<'c>,
    /// Headings seen so far (the next one's index among the text's headings).
    headings: usize,
    /// What closes each open link: `</a>`, a cross-reference's note, or nothing.
    closers: Vec<String>,
}

impl Rewriter<'_, '_> {
    fn event<'e, I>(&mut self, event: Event<'e>, rest: &mut Peekable<I>) -> Event<'e>
    where
        I: Iterator<Item = Event<'e>>,
    {
        let ctx = self.ctx;
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => Event::InlineHtml(CowStr::from(self.image(&dest_url, &title, rest))),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let dest = match link_type {
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                Event::InlineHtml(CowStr::from(self.link(&dest, &title)))
            }
            Event::End(TagEnd::Link) => {
                Event::InlineHtml(CowStr::from(self.closers.pop().unwrap_or_default()))
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let index = self.headings;
                self.headings += 1;
                let id = ctx
                    .links
                    .and_then(|links| links.heading_id(self.text, index));
                // Classes and attributes written after a heading are refused by the source
                // stage; none reaches the page.
                Event::Start(Tag::Heading {
                    level: shift(level, ctx),
                    id: id.map(CowStr::from),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                })
            }
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level, ctx))),
            Event::Html(h) | Event::InlineHtml(h) if !ctx.allow_html => Event::Text(h),
            other => other,
        }
    }

    /// An `<img>` for the image that starts here: its alt text is read from the events up to
    /// the image's end, its `{width=…}` from the text right after it.
    fn image<'e, I>(&mut self, dest: &str, title: &str, rest: &mut Peekable<I>) -> String
    where
        I: Iterator<Item = Event<'e>>,
    {
        let mut alt = String::new();
        let mut depth = 1;
        for event in rest.by_ref() {
            match event {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                    alt.push_str(&t)
                }
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        let width = take_image_width(rest);
        let src = match RelPath::resolve(self.text.origin.file.parent(), dest) {
            Ok(path) => format!("{}{}", self.ctx.root_prefix, media_path(&path)),
            // The source stage refuses such images; keep rendering total anyway.
            Err(_) => String::new(),
        };
        let alt = if inline::is_decorative(&alt) {
            ""
        } else {
            &alt
        };
        let mut tag = String::from("<img src=\"");
        escape_attr(&mut tag, &src);
        tag.push_str("\" alt=\"");
        escape_attr(&mut tag, alt);
        tag.push('"');
        if !title.is_empty() {
            tag.push_str(" title=\"");
            escape_attr(&mut tag, title);
            tag.push('"');
        }
        if let Some(width) = width {
            tag.push_str(&width.html_attributes());
        }
        tag.push_str(" />");
        tag
    }

    /// The opening of a link (and what will close it).
    fn link(&mut self, dest: &str, title: &str) -> String {
        let resolved = match self.ctx.links {
            _ if self.ctx.links_as_text => Resolved::Text,
            Some(links) => links.resolve(self.text, dest, self.ctx.root_prefix),
            None => PageLinks::fallback(dest),
        };
        let (open, close) = match resolved {
            Resolved::Link {
                href,
                goto,
                new_window,
            } => {
                let mut tag = String::from("<a href=\"");
                escape_attr(&mut tag, &href);
                tag.push('"');
                if !title.is_empty() {
                    tag.push_str(" title=\"");
                    escape_attr(&mut tag, title);
                    tag.push('"');
                }
                if let Some(goto) = goto {
                    tag.push_str(" data-cp-goto=\"");
                    escape_attr(&mut tag, &goto);
                    tag.push('"');
                }
                if new_window {
                    tag.push_str(" target=\"_blank\" rel=\"noopener noreferrer\"");
                }
                tag.push('>');
                (tag, "</a>".to_string())
            }
            Resolved::Elsewhere { note } => {
                let mut close = String::from("</span> <span class=\"cp-xref-note\">");
                escape_attr(&mut close, &note);
                close.push_str("</span>");
                ("<span class=\"cp-xref\">".to_string(), close)
            }
            Resolved::Text => (String::new(), String::new()),
        };
        self.closers.push(close);
        open
    }
}

/// Takes `{width=…}` off the start of the text that follows an image, and returns it.
fn take_image_width<'e, I>(rest: &mut Peekable<I>) -> Option<ImageWidth>
where
    I: Iterator<Item = Event<'e>>,
{
    let Some(Event::Text(after)) = rest.peek_mut() else {
        return None;
    };
    let (len, Ok(width)) = inline::image_attributes(after)? else {
        return None;
    };
    *after = CowStr::from(after[len..].to_string());
    Some(width)
}

fn shift(level: HeadingLevel, ctx: MarkdownContext<'_>) -> HeadingLevel {
    let n = i8::try_from(level as usize).unwrap_or(6) + ctx.heading_shift;
    match n.clamp(i8::try_from(ctx.min_heading).unwrap_or(2), 6) {
        ..=1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Escapes a value for a double-quoted attribute (and for text).
fn escape_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn text(md: &str) -> Text {
        Text {
            markdown: md.to_string(),
            origin: Origin {
                file: RelPath::from_trusted("lessons/a.md"),
                line: 1,
                column: 1,
            },
        }
    }

    const CTX: MarkdownContext<'static> = MarkdownContext {
        allow_html: false,
        root_prefix: "",
        heading_shift: 1,
        min_heading: 3,
        links: None,
        links_as_text: false,
    };

    /// Text that reads as it is written renders as the parser would render it.
    #[test]
    fn plain_paragraphs_need_no_parse() {
        let pieces = [
            "Word", "mot", "é", " ", "  ", "\t", "1", "1.", "-", "+", ":", "(", ")", "{#id}", "\"",
            "'", "?", "\u{a0}", "---", "=", "^", "$", "*", "\n", "&", "<", "#",
        ];
        let pieces: Vec<&str> = pieces
            .into_iter()
            .chain(crate::inline::tests::BRACKETS)
            .collect();
        let mut rng = crate::i18n::xliff::tests::Rng::new(11);
        let mut plain = 0;
        for _ in 0..20000 {
            let md = rng.text(&pieces, 10);
            let Some(fast) = plain_paragraph(&md) else {
                continue;
            };
            plain += 1;
            let mut parsed = String::new();
            html::push_html(&mut parsed, Parser::new_ext(&md, markdown_options()));
            assert_eq!(fast, parsed, "{md:?}");
            assert_eq!(to_html(&text(&md), CTX), parsed, "{md:?}");
        }
        assert!(plain > 1000, "{plain}");
        assert!(plain_paragraph("[fr] Case 1").is_some() && plain_paragraph("a *b*").is_none());
    }

    #[test]
    fn rendering() {
        let cases: &[(&str, &str)] = &[
            ("![A](../images/x.svg)", "<p><img src=\"media/images/x.svg\" alt=\"A\" /></p>\n"),
            ("[out](https://e.com/?a=1&b=\"2\")", "<p><a href=\"https://e.com/?a=1&amp;b=&quot;2&quot;\" target=\"_blank\" rel=\"noopener noreferrer\">out</a></p>\n"),
            ("[here](#x)", "<p><a href=\"#x\">here</a></p>\n"),
            ("## Sub", "<h3>Sub</h3>\n"),
            ("# Top", "<h3>Top</h3>\n"),
            ("###### Deep", "<h6>Deep</h6>\n"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("a <b>b</b> & c", "<p>a &lt;b&gt;b&lt;/b&gt; &amp; c</p>\n"),
            // Images: alt text without markup, `decorative`, a title, `{width=…}`.
            ("![A *b* `c` & <i>](x.svg)", "<p><img src=\"media/lessons/x.svg\" alt=\"A b c &amp; &lt;i&gt;\" /></p>\n"),
            ("![Decorative](x.svg)", "<p><img src=\"media/lessons/x.svg\" alt=\"\" /></p>\n"),
            ("![a](x.svg \"T & \\\"q\\\"\")", "<p><img src=\"media/lessons/x.svg\" alt=\"a\" title=\"T &amp; &quot;q&quot;\" /></p>\n"),
            ("![a](x.svg){width=320} after", "<p><img src=\"media/lessons/x.svg\" alt=\"a\" width=\"320\" /> after</p>\n"),
            ("![a](x.svg){width=50%}", "<p><img src=\"media/lessons/x.svg\" alt=\"a\" style=\"inline-size:50%\" /></p>\n"),
            ("![a](x.svg) {width=50%}", "<p><img src=\"media/lessons/x.svg\" alt=\"a\" /> {width=50%}</p>\n"),
            // Links: e-mail autolinks, refused destinations as their text, headings lose
            // attributes the source stage refuses.
            ("<a@example.com>", "<p><a href=\"mailto:a@example.com\" target=\"_blank\" rel=\"noopener noreferrer\">a@example.com</a></p>\n"),
            ("[x](javascript:alert(1)) [y](JAVA&#x09;SCRIPT:x) [z](02-next.md)", "<p>x y z</p>\n"),
            ("## A {#a .c onclick=x}", "<h3>A</h3>\n"),
        ];
        for (md, html) in cases {
            assert_eq!(to_html(&text(md), CTX), *html, "{md}");
        }
        let allowed = MarkdownContext::lesson(true, "../");
        assert_eq!(to_html(&text("a <b>b</b>"), allowed), "<p>a <b>b</b></p>\n");
        assert_eq!(
            to_html(&text("![A](../images/x.svg)"), allowed),
            "<p><img src=\"../media/images/x.svg\" alt=\"A\" /></p>\n"
        );
    }

    #[test]
    fn links_inside_a_control_are_text() {
        let md = "[web](https://e.com) and [here](#x) in *a* title";
        assert_eq!(
            to_inline_html(&text(md), CTX.in_control()),
            "web and here in <em>a</em> title"
        );
    }

    #[test]
    fn item_bodies_start_at_h3() {
        let tab = CTX.item_body(2);
        assert_eq!(to_html(&text("### Sub"), tab), "<h3>Sub</h3>\n");
        assert_eq!(to_html(&text("#### Sub"), tab), "<h4>Sub</h4>\n");
        let panel = CTX.item_body(3);
        assert_eq!(to_html(&text("#### Sub"), panel), "<h3>Sub</h3>\n");
    }

    #[test]
    fn inline_and_plain() {
        assert_eq!(
            to_inline_html(&text("Hello *you*"), CTX),
            "Hello <em>you</em>"
        );
        assert_eq!(to_plain_text("Hello *you* `x`\nnext"), "Hello you x next");
    }
}
