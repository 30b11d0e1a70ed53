//! The files a page or a style sheet refers to, read as a browser reads them: pages with an HTML5
//! tokenizer (html5gum, as browsers split tags), style sheets with a CSS tokenizer (cssparser), so
//! that comments, scripts, escapes and quoting are taken as a browser takes them. `validate
//! --deep` checks them against a package's files; the package stage packages the course files
//! the theme's templates refer to.
//!
//! Only what a browser fetches as it loads or follows: `src`, `href` (links, style sheets,
//! icons, anchors), `poster`, `data`, `srcset`, `url(…)` and `@import` in style sheets, `style`
//! attributes and `<style>` elements. References with a scheme (`https:`, `data:`…), from the
//! site root (`/…`, `//…`), to a fragment only, or built by templates (`{{…}}`, `${…}`) are not
//! files of the package and are left alone.

use cssparser::{Parser, Token};
use html5gum::{DefaultEmitter, Token as HtmlToken, Tokenizer};

/// One reference found in a file: the text as written and where (byte offset in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub target: String,
    pub offset: usize,
}

/// The attributes whose value is one URL, by element (`*`: any element).
const URL_ATTRIBUTES: &[(&str, &str)] = &[
    ("*", "src"),
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("video", "poster"),
    ("object", "data"),
];

/// Whether a file is scanned as a page or as a style sheet, by its name.
pub fn kind_of(name: &str) -> Option<FileKind> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" | "xhtml" => Some(FileKind::Page),
        "css" => Some(FileKind::StyleSheet),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Page,
    StyleSheet,
}

/// The references of a page, and its `<base href>` when it has one.
pub fn page_references(text: &str) -> (Vec<Reference>, Option<String>) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // <script>, <style>, <textarea>… hold text, not tags, as in a browser.
    emitter.naively_switch_states(true);
    let mut refs = Vec::new();
    let mut base = None;
    let mut in_style = false;
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        match token {
            HtmlToken::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                in_style = name == "style" && !tag.self_closing;
                for (attr, value) in &tag.attributes {
                    let attr = String::from_utf8_lossy(attr).to_ascii_lowercase();
                    let text = String::from_utf8_lossy(&value.value).into_owned();
                    let at = value.span.start;
                    if name == "base" && attr == "href" {
                        base = Some(text);
                        continue;
                    }
                    if URL_ATTRIBUTES
                        .iter()
                        .any(|(el, a)| (*el == "*" || *el == name) && *a == attr)
                    {
                        refs.push(Reference {
                            target: text,
                            offset: at,
                        });
                    } else if attr == "srcset" {
                        refs.extend(
                            srcset(&text)
                                .into_iter()
                                .map(|target| Reference { target, offset: at }),
                        );
                    } else if attr == "style" {
                        refs.extend(css_references(&text).into_iter().map(|r| Reference {
                            target: r.target,
                            offset: at,
                        }));
                    }
                }
            }
            HtmlToken::EndTag(_) => in_style = false,
            HtmlToken::String(s) if in_style => {
                let css = String::from_utf8_lossy(&s.value).into_owned();
                let start = s.span.start;
                refs.extend(css_references(&css).into_iter().map(|r| Reference {
                    target: r.target,
                    offset: start + r.offset,
                }));
            }
            _ => {}
        }
    }
    (refs, base)
}

/// The URLs of a `srcset` value: candidates separated by commas, each a URL and a descriptor.
fn srcset(value: &str) -> Vec<String> {
    value
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// The references of a style sheet: `url(…)` anywhere and the string of `@import "…"`.
pub fn css_references(text: &str) -> Vec<Reference> {
    let mut parser = Parser::new(text);
    let mut refs = Vec::new();
    collect_css(&mut parser, &mut refs);
    refs
}

fn collect_css(parser: &mut Parser<'_>, refs: &mut Vec<Reference>) {
    let mut after_import = false;
    loop {
        let offset = parser.position().byte_index();
        let Ok(token) = parser.next_including_whitespace_and_comments() else {
            return;
        };
        let token = token.clone();
        let blank = matches!(token, Token::WhiteSpace(_) | Token::Comment(_));
        match token {
            Token::UnquotedUrl(url) => refs.push(Reference {
                target: url.to_string(),
                offset,
            }),
            Token::Function(ref name) if name.eq_ignore_ascii_case("url") => {
                let _ = parser.parse_nested_block(|inner| {
                    if let Ok(Token::QuotedString(url)) = inner.next().cloned() {
                        refs.push(Reference {
                            target: url.to_string(),
                            offset,
                        });
                    }
                    Ok::<(), cssparser::ParseError<()>>(())
                });
            }
            Token::AtKeyword(ref name) if name.eq_ignore_ascii_case("import") => {
                after_import = true;
                continue;
            }
            Token::QuotedString(url) if after_import => refs.push(Reference {
                target: url.to_string(),
                offset,
            }),
            Token::Function(_)
            | Token::ParenthesisBlock
            | Token::SquareBracketBlock
            | Token::CurlyBracketBlock => {
                let _ = parser.parse_nested_block(|inner| {
                    collect_css(inner, refs);
                    Ok::<(), cssparser::ParseError<()>>(())
                });
            }
            _ => {}
        }
        if !blank {
            after_import = false;
        }
    }
}

/// What a reference written in `file` names inside the package: `None` when it is not a file
/// of the package (a URL with a scheme, from the site root, a fragment, a template), else the
/// package path or why it cannot be one.
pub fn resolve(file: &str, base: Option<&str>, target: &str) -> Option<Result<String, String>> {
    let target = target.trim_matches(|c: char| c.is_ascii_whitespace());
    if target.is_empty()
        || target.starts_with('#')
        || target.starts_with('/')
        || target.contains("{{")
        || target.contains("${")
        || has_scheme(target)
    {
        return None;
    }
    let dir = match base {
        Some(b) if has_scheme(b) || b.starts_with('/') => return None,
        Some(b) => {
            let from_file = file.rsplit_once('/').map_or("", |(d, _)| d);
            let joined = join(from_file, b.rsplit_once('/').map_or("", |(d, _)| d));
            match joined {
                Ok(d) => d,
                Err(e) => return Some(Err(e)),
            }
        }
        None => file.rsplit_once('/').map_or("", |(d, _)| d).to_string(),
    };
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path.is_empty() {
        return None; // `?x=1` or `#top` on the page itself
    }
    let decoded = match percent_decode(path) {
        Some(d) => d,
        None => return Some(Err("has a malformed %-escape".into())),
    };
    Some(join(&dir, &decoded))
}

fn has_scheme(s: &str) -> bool {
    s.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// `dir` + `/` + `rel`, with `.` and `..` taken out; an error when `..` climbs out.
fn join(dir: &str, rel: &str) -> Result<String, String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("climbs out of the package with `..`".into());
                }
            }
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

/// Percent-decodes; `None` on a malformed escape or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(refs: &[Reference]) -> Vec<&str> {
        refs.iter().map(|r| r.target.as_str()).collect()
    }

    #[test]
    fn pages_are_read_as_a_browser_reads_them() {
        let page = r##"<!doctype html><html><head>
<link rel="stylesheet" href="assets/site.css"><link rel=icon href=favicon.ico>
<style>body { background: url( 'img/bg.png' ) } /* url(comment.png) */</style>
<script>var s = "<img src='in-script.png'>";</script>
</head><body>
<!-- <img src="commented.png"> -->
<img src="a%20b.png" srcset="small.png 1x, big.png 2x" alt="">
<a href="next.html#top">next</a> <a href="https://example.com/x.png">out</a> <a href="#here">here</a>
<video poster="poster.jpg"><source src="clip.mp4"><track src="clip.vtt"></video>
<div style="background-image:url(inline.png)"></div>
<object data="doc.pdf"></object>
</body></html>"##;
        let (refs, base) = page_references(page);
        assert_eq!(base, None);
        assert_eq!(
            targets(&refs),
            [
                "assets/site.css",
                "favicon.ico",
                "img/bg.png",
                "a%20b.png",
                "small.png",
                "big.png",
                "next.html#top",
                "https://example.com/x.png",
                "#here",
                "poster.jpg",
                "clip.mp4",
                "clip.vtt",
                "inline.png",
                "doc.pdf"
            ]
        );
    }

    #[test]
    fn style_sheets_give_urls_and_imports() {
        let css = r#"@import "base.css"; @import url(print.css) print;
/* url(no.png) */ .a { background: url(a.png) } .b { src: url("fonts/b.woff2") format("woff2") }
@media (min-width: 10px) { .c { background: URL( 'c.svg' ) } } .d::before { content: "url(text.png)" }"#;
        let refs = css_references(css);
        assert_eq!(
            targets(&refs),
            ["base.css", "print.css", "a.png", "fonts/b.woff2", "c.svg"]
        );
    }

    #[test]
    fn references_resolve_from_the_file_and_its_base() {
        assert_eq!(
            resolve("lessons/a.html", None, "../assets/x.css?v=2"),
            Some(Ok("assets/x.css".into()))
        );
        assert_eq!(
            resolve("a.html", None, "../x.png"),
            Some(Err("climbs out of the package with `..`".into()))
        );
        assert_eq!(
            resolve("a.html", Some("content/"), "p.png"),
            Some(Ok("content/p.png".into()))
        );
        assert_eq!(
            resolve("a.html", Some("https://cdn.example/"), "p.png"),
            None
        );
        for external in [
            "https://x/y.png",
            "data:image/png;base64,AA",
            "mailto:a@b",
            "//cdn/x.js",
            "/abs.png",
            "#top",
            "{{ asset }}",
            "javascript:void(0)",
        ] {
            assert_eq!(resolve("a.html", None, external), None, "{external}");
        }
    }
}
