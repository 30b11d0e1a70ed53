//! What inline Markdown means to coursepack beyond CommonMark: where a link goes ([`Target`]) and
//! which addresses a page may carry, the anchor a heading gets ([`slug`]), an image's
//! `{width=…}` ([`ImageWidth`]) and the `decorative` alt text. The source stage checks these, the
//! renderer applies them and the translation checks compare them: one definition for all three.

use crate::source::directive::parse_attrs;
use crate::source::lesson::markdown_options;
use pulldown_cmark::{Event, Parser};
use std::fmt;

/// The URL schemes a link may use. Everything else is refused: a course page runs inside an LMS
/// frame, where a link that runs code or loads inline content would act with the learner's
/// session.
pub const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Schemes that run code or carry their own content: refused however they are spelled.
const UNSAFE_SCHEMES: &[&str] = &["javascript", "vbscript", "data", "file"];

/// Where a link destination points, as an author wrote it (after CommonMark's own decoding of
/// entities and backslash escapes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// `http:` or `https:` with a host: opens in a new window.
    Web,
    /// `mailto:` or `tel:`.
    Contact,
    /// `#name`: an anchor of the same lesson (percent-decoded).
    Anchor(String),
    /// A relative reference: a file of the course (a lesson or any other file), relative to the
    /// linking file's folder, with its `#name` when it has one.
    Relative {
        path: &'a str,
        fragment: Option<String>,
    },
    /// A destination no page may carry.
    Refused(Refusal),
}

/// Why a link destination is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `javascript:`, `vbscript:`, `data:` or `file:`. `disguised` when the written form hides
    /// the scheme (letter case aside): control characters or spaces, entities, percent-escapes.
    Unsafe { scheme: String, disguised: bool },
    /// A scheme outside [`ALLOWED_SCHEMES`] (lower-cased).
    UnknownScheme(String),
    /// `http:` or `https:` without `//host`.
    NoHost,
    /// `//host/path`: the scheme would be the page's, which an LMS decides.
    SchemeRelative,
    /// `[text]()` or `[text](#)`.
    Empty,
    /// A relative reference with a `?query`: course files take none.
    Query,
}

impl Refusal {
    /// What is wrong, for a diagnostic.
    pub fn message(&self, dest: &str) -> String {
        match self {
            Refusal::Unsafe { scheme, disguised: false } => format!(
                "link to a `{scheme}:` address; it could run code or load content inside the course page"
            ),
            Refusal::Unsafe { scheme, disguised: true } => format!(
                "link to a disguised `{scheme}:` address (`{}`); it could run code inside the course page",
                dest.escape_debug()
            ),
            Refusal::UnknownScheme(scheme) => format!("link to an unsupported `{scheme}:` address"),
            Refusal::NoHost => format!("web address `{dest}` has no host"),
            Refusal::SchemeRelative => format!("link `{dest}` has no scheme"),
            Refusal::Empty => "link has no destination".to_string(),
            Refusal::Query => format!("link `{dest}` to a course file has a `?` query"),
        }
    }

    /// What to do instead.
    pub fn hint(&self) -> &'static str {
        match self {
            Refusal::Unsafe { .. } | Refusal::UnknownScheme(_) => {
                "links may go to `http:`, `https:`, `mailto:` and `tel:` addresses, to another lesson (`02-next.md`, `02-next.md#heading`), to an anchor of this lesson (`#heading`) or to a file of the course (`files/handout.pdf`)"
            }
            Refusal::NoHost => "write the full address: `https://example.com/page`",
            Refusal::SchemeRelative => "write the full address, with `https:`",
            Refusal::Empty => {
                "give the link a destination: a web address, a lesson file or `#anchor`"
            }
            Refusal::Query => "remove the `?…` part; course files are packaged as they are",
        }
    }
}

/// What a link destination means.
pub fn classify(dest: &str) -> Target<'_> {
    // What a browser does first (WHATWG URL): strip leading and trailing C0 controls and spaces,
    // then drop every tab and newline.
    let trimmed = dest.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if let Some(written) = scheme_of(&cleaned) {
        let scheme = written.to_ascii_lowercase();
        if UNSAFE_SCHEMES.contains(&scheme.as_str()) {
            let plain = cleaned.len() == dest.len();
            return Target::Refused(Refusal::Unsafe {
                scheme,
                disguised: !plain,
            });
        }
        let rest = &cleaned[written.len() + 1..];
        return match scheme.as_str() {
            "http" | "https" => {
                let host = rest
                    .strip_prefix("//")
                    .map(|r| r.split(['/', '?', '#']).next());
                match host {
                    Some(Some(h)) if !h.is_empty() => Target::Web,
                    _ => Target::Refused(Refusal::NoHost),
                }
            }
            "mailto" | "tel" => Target::Contact,
            _ => Target::Refused(Refusal::UnknownScheme(scheme)),
        };
    }
    // No scheme as written: one may still hide behind escapes that some other reader decodes.
    let revealed = reveal(trimmed);
    if let Some(scheme) = UNSAFE_SCHEMES
        .iter()
        .find(|s| revealed.starts_with(&format!("{s}:")))
    {
        return Target::Refused(Refusal::Unsafe {
            scheme: scheme.to_string(),
            disguised: true,
        });
    }
    if let Some(fragment) = trimmed.strip_prefix('#') {
        return match percent_decode(fragment) {
            f if f.is_empty() => Target::Refused(Refusal::Empty),
            f => Target::Anchor(f),
        };
    }
    if trimmed.is_empty() {
        return Target::Refused(Refusal::Empty);
    }
    if trimmed.starts_with("//") {
        return Target::Refused(Refusal::SchemeRelative);
    }
    let (path, fragment) = match trimmed.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f)).filter(|f| !f.is_empty())),
        None => (trimmed, None),
    };
    if path.contains('?') {
        return Target::Refused(Refusal::Query);
    }
    if path.is_empty() {
        return Target::Refused(Refusal::Empty);
    }
    Target::Relative { path, fragment }
}

/// The scheme of a URL (RFC 3986: a letter, then letters, digits, `+`, `-` or `.`, then `:`).
fn scheme_of(s: &str) -> Option<&str> {
    let (scheme, _) = s.split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// A destination with every disguise removed: percent-escapes and character references decoded
/// (three rounds, for double encodings), then white space and control characters dropped, in
/// lower case.
fn reveal(s: &str) -> String {
    let mut out = s.to_string();
    for _ in 0..3 {
        out = decode_references(&percent_decode(&out));
    }
    out.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_lowercase()
}

/// Decodes `%XX` escapes (invalid UTF-8 becomes U+FFFD).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decodes numeric character references (`&#106;`, `&#x6A;`, with or without `;`) and the named
/// ones that can spell a scheme's punctuation or white space.
fn decode_references(s: &str) -> String {
    const NAMED: &[(&str, char)] = &[
        ("colon", ':'),
        ("tab", '\t'),
        ("newline", '\n'),
        ("amp", '&'),
        ("sol", '/'),
        ("lpar", '('),
        ("rpar", ')'),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let decoded = if let Some(num) = after.strip_prefix('#') {
            let (radix, digits) = match num.strip_prefix(['x', 'X']) {
                Some(hex) => (16, hex),
                None => (10, num),
            };
            let len = digits
                .find(|c: char| !c.is_digit(radix))
                .unwrap_or(digits.len());
            u32::from_str_radix(&digits[..len], radix)
                .ok()
                .and_then(char::from_u32)
                .map(|c| {
                    let used = 1 + (num.len() - digits.len()) + len;
                    (c, used + usize::from(after[used..].starts_with(';')))
                })
        } else {
            NAMED.iter().find_map(|(name, c)| {
                let word = after.get(..name.len())?;
                word.eq_ignore_ascii_case(name).then(|| {
                    let used = name.len();
                    (*c, used + usize::from(after[used..].starts_with(';')))
                })
            })
        };
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of some Markdown without its markup, as a reader sees it: emphasis and link marks
/// gone, code spans and raw HTML kept as written (a page that does not allow HTML shows it as
/// text), line breaks as spaces. For titles where markup cannot go (`<title>`, `aria-label`,
/// manifests, xAPI names) and for slugs.
pub fn plain_text(markdown: &str) -> String {
    if is_plain_words(markdown) {
        if is_single_spaced(markdown) {
            return markdown.to_string();
        }
        return markdown.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    parsed_plain_text(markdown)
}

/// Whether `text`'s words are apart by one space each, with none around them: what joining its
/// words with spaces would give back unchanged.
fn is_single_spaced(text: &str) -> bool {
    let mut after_space = true;
    for c in text.chars() {
        match c {
            ' ' if after_space => return false,
            ' ' => after_space = true,
            c if c.is_whitespace() => return false,
            _ => after_space = false,
        }
    }
    !after_space || text.is_empty()
}

/// Whether Markdown is one line that reads as it is written: it starts with a letter or a
/// bracket (no list marker, heading or block quote) and holds no character inline markup,
/// entities, escapes or raw HTML need, brackets only as [`brackets_are_text`] allows. Most
/// titles and choices are; they need no parse.
pub(crate) fn is_plain_words(markdown: &str) -> bool {
    markdown
        .trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '[')
        && !markdown.bytes().any(|b| MARKUP_BYTES[usize::from(b)])
        && brackets_are_text(markdown)
}

/// The bytes a text of plain words holds none of: line ends, escapes, inline markup, entities,
/// raw HTML, table cells and headings.
const MARKUP_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let markup = b"\n\r\\`*_~<>&|#";
    let mut i = 0;
    while i < markup.len() {
        table[markup[i] as usize] = true;
        i += 1;
    }
    table
};

/// Whether no bracket of a text can start or end a link, an image, a footnote or a reference
/// definition: none is followed by `(`, `[` or `:` once closed, nor opens with `^` or after `!`.
/// Brackets then read as written (`[beta] release`, `see [1]`), as a text parsed alone has no
/// reference definitions for a `[label]` to point at.
pub fn brackets_are_text(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    !memchr::memchr3_iter(b']', b'[', b'!', bytes).any(|at| {
        matches!(
            (bytes[at], bytes.get(at + 1)),
            (b']', Some(b'(' | b'[' | b':')) | (b'[', Some(b'^')) | (b'!', Some(b'['))
        )
    })
}

/// [`plain_text`], by parsing the Markdown.
fn parsed_plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The anchor a heading gets when it has no `{#id}`: its text in lower case, letters, digits,
/// `-` and `_` kept, each space made a `-`, everything else dropped (GitHub's rule, which
/// mdBook and Zola follow too). Letters of every script are kept. Empty when nothing is left.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else if c == ' ' {
            out.push('-');
        }
    }
    out
}

/// Whether alt text marks an image as decorative (rendered with an empty `alt`).
pub fn is_decorative(alt: &str) -> bool {
    alt.trim().eq_ignore_ascii_case("decorative")
}

/// The width an author gives an image: `{width=320}` (CSS pixels, `320px` too) or
/// `{width=50%}` (of the text column) right after the image.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ImageWidth {
    Pixels(u32),
    Percent(u8),
}

/// The widest image a page may ask for, in CSS pixels.
pub const MAX_IMAGE_PIXELS: u32 = 4000;

impl ImageWidth {
    /// Reads a width value; the error says what is wrong with it.
    pub fn parse(value: &str) -> Result<ImageWidth, String> {
        let wrong = || {
            format!(
                "image width `{value}` is neither a number of pixels (`320`) nor a percentage (`50%`)"
            )
        };
        if let Some(p) = value.strip_suffix('%') {
            let n: u8 = p.parse().map_err(|_| wrong())?;
            if !(1..=100).contains(&n) || p.starts_with('+') {
                return Err(format!("image width `{value}` is not between 1% and 100%"));
            }
            return Ok(ImageWidth::Percent(n));
        }
        let digits = value.strip_suffix("px").unwrap_or(value);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(wrong());
        }
        match digits.parse::<u32>() {
            Ok(n) if (1..=MAX_IMAGE_PIXELS).contains(&n) => Ok(ImageWidth::Pixels(n)),
            _ => Err(format!(
                "image width `{value}` is not between 1 and {MAX_IMAGE_PIXELS} pixels"
            )),
        }
    }

    /// The HTML attributes that give an `<img>` this width (its height follows, by the style
    /// sheet's `block-size: auto`).
    pub fn html_attributes(self) -> String {
        match self {
            ImageWidth::Pixels(n) => format!(" width=\"{n}\""),
            ImageWidth::Percent(n) => format!(" style=\"inline-size:{n}%\""),
        }
    }
}

impl fmt::Display for ImageWidth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageWidth::Pixels(n) => write!(f, "{n}"),
            ImageWidth::Percent(n) => write!(f, "{n}%"),
        }
    }
}

/// The `{…}` attributes written right after an image, at the start of `after` (the text that
/// follows the image's closing parenthesis): its length in bytes and what it says. `None` when
/// `after` does not start with `{`, or has no closing `}` on the line.
pub fn image_attributes(after: &str) -> Option<(usize, Result<ImageWidth, AttrError>)> {
    let inside = after.strip_prefix('{')?;
    let close = inside.find(['}', '\n'])?;
    if !inside[close..].starts_with('}') {
        return None;
    }
    let len = close + 2;
    let attrs = match parse_attrs(&inside[..close]) {
        Ok(a) => a,
        Err((message, column)) => return Some((len, Err(AttrError { message, column }))),
    };
    if let Some((_, column)) = attrs.id {
        return Some((
            len,
            Err(AttrError {
                message: "an image takes no `#id`".into(),
                column,
            }),
        ));
    }
    let mut width = None;
    for (key, value, column) in &attrs.values {
        if key != "width" {
            return Some((
                len,
                Err(AttrError {
                    message: format!("unknown image attribute `{key}`"),
                    column: *column,
                }),
            ));
        }
        match ImageWidth::parse(value) {
            Ok(w) => width = Some(w),
            Err(message) => {
                return Some((
                    len,
                    Err(AttrError {
                        message,
                        column: *column,
                    }),
                ))
            }
        }
    }
    match width {
        Some(w) => Some((len, Ok(w))),
        None => Some((
            len,
            Err(AttrError {
                message: "empty image attributes `{}`".into(),
                column: 1,
            }),
        )),
    }
}

/// A problem in an image's `{…}`: the message and the 1-based column inside the braces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrError {
    pub message: String,
    pub column: usize,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Pieces of generated texts with brackets that do and do not make markup, for the tests of
    /// the fast paths that read brackets as text ([`brackets_are_text`]).
    pub(crate) const BRACKETS: [&str; 10] =
        ["[", "]", "!", "[fr] ", "[1]", "](", "][", "]:", "[^", "!["];

    /// Text that reads as it is written gives the parser's plain text without a parse.
    #[test]
    fn plain_words_need_no_parse() {
        let pieces = [
            "Word",
            "mot",
            "é",
            " ",
            "  ",
            "\t",
            "    ",
            "1",
            "1.",
            "1)",
            "-",
            "+",
            "=",
            ":",
            "(",
            ")",
            "{#id}",
            "{width=3}",
            "https://x.y/z",
            "'",
            "\"",
            "$",
            "%",
            "^",
            "@",
            ",",
            ";",
            "?",
            "\u{a0}",
            "---",
            "***",
            "\n",
            "*",
            "_",
            "<b>",
            "&amp;",
            "#",
            "|",
            "\\",
        ];
        let pieces: Vec<&str> = pieces.into_iter().chain(BRACKETS).collect();
        let mut rng = crate::i18n::xliff::tests::Rng::new(5);
        let mut plain = 0;
        for _ in 0..40000 {
            let text = rng.text(&pieces, 10);
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(is_single_spaced(&text), joined == text, "{text:?}");
            if is_plain_words(&text) {
                plain += 1;
                assert_eq!(plain_text(&text), parsed_plain_text(&text), "{text:?}");
            }
        }
        assert!(plain > 1000, "{plain}");
        assert!(!is_plain_words("1. Step") && !is_plain_words("a *b*") && !is_plain_words("# T"));
        assert!(is_plain_words("[fr] Lesson 1: see [2]") && !is_plain_words("[a](b)"));
    }

    fn unsafe_scheme(dest: &str) -> Option<(String, bool)> {
        match classify(dest) {
            Target::Refused(Refusal::Unsafe { scheme, disguised }) => Some((scheme, disguised)),
            _ => None,
        }
    }

    #[test]
    fn unsafe_schemes_however_spelled() {
        let plain = |s: &str| Some((s.to_string(), false));
        let disguised = |s: &str| Some((s.to_string(), true));
        let cases: &[(&str, Option<(String, bool)>)] = &[
            ("javascript:alert(1)", plain("javascript")),
            ("JaVaScRiPt:alert(1)", plain("javascript")),
            ("vbscript:msgbox", plain("vbscript")),
            ("data:text/html,<script>", plain("data")),
            ("DATA:image/png;base64,AA", plain("data")),
            ("file:///etc/passwd", plain("file")),
            // What CommonMark leaves after decoding `&#106;avascript:` is the plain word; the
            // others need a browser's or a second decoder's help.
            ("  javascript:alert(1)", disguised("javascript")),
            ("\u{1}javascript:alert(1)", disguised("javascript")),
            ("java\tscript:alert(1)", disguised("javascript")),
            ("java\nscript:alert(1)", disguised("javascript")),
            ("java script:alert(1)", disguised("javascript")),
            ("%6Aavascript:alert(1)", disguised("javascript")),
            ("%256Aavascript:alert(1)", disguised("javascript")),
            ("&#106;avascript:alert(1)", disguised("javascript")),
            ("&#x6A;avascript:alert(1)", disguised("javascript")),
            ("&#0000106avascript:alert(1)", disguised("javascript")),
            ("java&#x09;script:alert(1)", disguised("javascript")),
            ("java&Tab;script:alert(1)", disguised("javascript")),
            ("javascript&colon;alert(1)", disguised("javascript")),
            ("d%61ta:text/html,x", disguised("data")),
            ("vbscript%3Ax", disguised("vbscript")),
            ("https://example.com/javascript:x", None),
            ("lessons/javascript.md", None),
            ("#javascript", None),
        ];
        for (dest, expect) in cases {
            assert_eq!(unsafe_scheme(dest), *expect, "{dest:?}");
        }
    }

    #[test]
    fn targets() {
        use Refusal::*;
        let rel = |path, fragment: Option<&str>| Target::Relative {
            path,
            fragment: fragment.map(str::to_string),
        };
        let cases: &[(&str, Target<'_>)] = &[
            ("https://example.com/a?b#c", Target::Web),
            ("HTTP://example.com", Target::Web),
            ("https:/example.com", Target::Refused(NoHost)),
            ("http:", Target::Refused(NoHost)),
            ("mailto:a@example.com", Target::Contact),
            ("tel:+33123456789", Target::Contact),
            (
                "ftp://example.com",
                Target::Refused(UnknownScheme("ftp".into())),
            ),
            ("C:/docs/a.pdf", Target::Refused(UnknownScheme("c".into()))),
            ("//cdn.example/x", Target::Refused(SchemeRelative)),
            ("#cause", Target::Anchor("cause".into())),
            ("#caf%C3%A9", Target::Anchor("café".into())),
            ("#", Target::Refused(Empty)),
            ("", Target::Refused(Empty)),
            ("02-next.md", rel("02-next.md", None)),
            ("02-next.md#cause", rel("02-next.md", Some("cause"))),
            ("../files/a b.pdf", rel("../files/a b.pdf", None)),
            ("a.pdf?v=2", Target::Refused(Query)),
        ];
        for (dest, expect) in cases {
            assert_eq!(classify(dest), *expect, "{dest:?}");
        }
    }

    #[test]
    fn slugs() {
        let cases = [
            ("The cause", "the-cause"),
            ("Ça va ? Oui !", "ça-va--oui-"),
            ("`Vec<T>` & co.", "vect--co"),
            ("مرحبا بكم", "مرحبا-بكم"),
            ("你好 世界", "你好-世界"),
            ("🎉", ""),
            ("snake_case-and-kebab", "snake_case-and-kebab"),
        ];
        for (text, expect) in cases {
            assert_eq!(slug(text), expect, "{text}");
        }
    }

    #[test]
    fn image_widths() {
        let ok = |after: &str, len: usize, w: ImageWidth| {
            assert_eq!(image_attributes(after), Some((len, Ok(w))), "{after}");
        };
        ok("{width=320}", 11, ImageWidth::Pixels(320));
        ok("{width=320px} and more", 13, ImageWidth::Pixels(320));
        ok("{width=\"50%\"}", 13, ImageWidth::Percent(50));
        ok("{width=100%}", 12, ImageWidth::Percent(100));
        let err = |after: &str, message: &str| match image_attributes(after) {
            Some((_, Err(e))) => assert!(e.message.contains(message), "{after}: {}", e.message),
            other => panic!("{after}: {other:?}"),
        };
        err("{width=0}", "between 1 and 4000");
        err("{width=5000}", "between 1 and 4000");
        err("{width=101%}", "between 1% and 100%");
        err("{width=big}", "neither a number");
        err("{width=-3}", "neither a number");
        err("{width=1.5}", "neither a number");
        err("{height=20}", "unknown image attribute `height`");
        err("{#x}", "no `#id`");
        err("{}", "empty");
        assert_eq!(image_attributes("not braces"), None);
        assert_eq!(image_attributes("{width=3"), None);
        assert_eq!(ImageWidth::Pixels(320).html_attributes(), " width=\"320\"");
        assert_eq!(
            ImageWidth::Percent(50).html_attributes(),
            " style=\"inline-size:50%\""
        );
    }

    #[test]
    fn decorative() {
        assert!(is_decorative("decorative"));
        assert!(is_decorative(" Decorative "));
        assert!(!is_decorative("a decorative border"));
    }
}
