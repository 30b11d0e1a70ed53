//! Markdown to HTML for package pages, with pulldown-cmark.
//!
//! On top of CommonMark rendering it: rewrites image paths to where the files sit in the
//! package, opens links that leave the package in a new window (a link followed inside the LMS
//! frame would end the learner's session), shifts headings one level down (the lesson title is
//! the page's `h2`), and escapes raw HTML unless the course allows it.

use crate::model::Text;
use crate::source::fs::RelPath;
use crate::source::lesson::markdown_options;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

/// Where course files go inside a package.
pub const MEDIA_DIR: &str = "media";

/// How to render Markdown for one page.
#[derive(Clone, Copy, Debug)]
pub struct MarkdownContext<'a> {
    pub allow_html: bool,
    /// The path from the page to the package root (`""` or `"../"`).
    pub root_prefix: &'a str,
    /// Added to each Markdown heading level to get the HTML level.
    pub heading_shift: i8,
    /// The lowest HTML heading level content may use (the levels above belong to the page).
    pub min_heading: u8,
}

impl MarkdownContext<'_> {
    /// For lesson content: `#` is the lesson title (`h2`), so `##` becomes `h3`.
    pub fn lesson(allow_html: bool, root_prefix: &str) -> MarkdownContext<'_> {
        MarkdownContext {
            allow_html,
            root_prefix,
            heading_shift: 1,
            min_heading: 3,
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
    let base = text.origin.file.parent().to_string();
    let events =
        Parser::new_ext(&text.markdown, markdown_options()).map(|e| rewrite(e, &base, ctx));
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
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

/// The text of some Markdown without its markup (for titles in manifests and `<title>`).
pub fn to_plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn rewrite<'e>(event: Event<'e>, base: &str, ctx: MarkdownContext<'_>) -> Event<'e> {
    match event {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = match RelPath::resolve(base, &dest_url) {
                Ok(path) => CowStr::from(format!("{}{}", ctx.root_prefix, media_path(&path))),
                // The source stage refuses such images; keep rendering total anyway.
                Err(_) => CowStr::from(""),
            };
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) => {
            let mut tag = String::from("<a href=\"");
            escape_attr(&mut tag, &dest_url);
            tag.push('"');
            if !title.is_empty() {
                tag.push_str(" title=\"");
                escape_attr(&mut tag, &title);
                tag.push('"');
            }
            if !dest_url.starts_with('#') {
                tag.push_str(" target=\"_blank\" rel=\"noopener noreferrer\"");
            }
            tag.push('>');
            Event::InlineHtml(CowStr::from(tag))
        }
        Event::End(TagEnd::Link) => Event::InlineHtml(CowStr::from("</a>")),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shift(level, ctx),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level, ctx))),
        Event::Html(h) | Event::InlineHtml(h) if !ctx.allow_html => Event::Text(h),
        other => other,
    }
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
    };

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
