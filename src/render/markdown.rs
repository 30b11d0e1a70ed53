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
            level: shift(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
        Event::Html(h) | Event::InlineHtml(h) if !ctx.allow_html => Event::Text(h),
        other => other,
    }
}

fn shift(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
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
    };

    #[test]
    fn rendering() {
        let cases: &[(&str, &str)] = &[
            ("![A](../images/x.svg)", "<p><img src=\"media/images/x.svg\" alt=\"A\" /></p>\n"),
            ("[out](https://e.com/?a=1&b=\"2\")", "<p><a href=\"https://e.com/?a=1&amp;b=&quot;2&quot;\" target=\"_blank\" rel=\"noopener noreferrer\">out</a></p>\n"),
            ("[here](#x)", "<p><a href=\"#x\">here</a></p>\n"),
            ("## Sub", "<h3>Sub</h3>\n"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("a <b>b</b> & c", "<p>a &lt;b&gt;b&lt;/b&gt; &amp; c</p>\n"),
        ];
        for (md, html) in cases {
            assert_eq!(to_html(&text(md), CTX), *html, "{md}");
        }
        let allowed = MarkdownContext {
            allow_html: true,
            root_prefix: "../",
        };
        assert_eq!(to_html(&text("a <b>b</b>"), allowed), "<p>a <b>b</b></p>\n");
        assert_eq!(
            to_html(&text("![A](../images/x.svg)"), allowed),
            "<p><img src=\"../media/images/x.svg\" alt=\"A\" /></p>\n"
        );
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
