//! Inline Markdown must survive translation: a translation keeps the same emphasis, strong,
//! strikethrough and code spans, and the same link and image targets, in any order.

use crate::inline;
use crate::source::lesson::markdown_options;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Each mark of a text (`strong (**…**)`, `link to https://…`) and how many times it occurs.
pub type Skeleton = BTreeMap<Cow<'static, str>, usize>;

/// What markup a text carries, as counts (targets of links and images included, with an
/// image's `{width=…}` and whether its alt text is `decorative`, which must stay untranslated).
pub fn skeleton(markdown: &str) -> Skeleton {
    if !may_have_marks(markdown) {
        return BTreeMap::new();
    }
    parsed_skeleton(markdown)
}

/// Whether a text holds a character that any mark needs: emphasis, strong and strikethrough
/// delimiters, a code span's backtick, a bracket that may open a link or an image (see
/// [`inline::brackets_are_text`]), an autolink's `<`. Most segments (titles, choices, plain
/// sentences) hold none, and need no parse.
fn may_have_marks(markdown: &str) -> bool {
    markdown
        .bytes()
        .any(|b| matches!(b, b'*' | b'_' | b'~' | b'`' | b'<'))
        || !inline::brackets_are_text(markdown)
}

/// [`skeleton`], by parsing the text.
fn parsed_skeleton(markdown: &str) -> Skeleton {
    let mut marks = BTreeMap::new();
    let mut events = Parser::new_ext(markdown, markdown_options()).peekable();
    // The image being read: its target and alt text.
    let mut image: Option<(String, String)> = None;
    while let Some(event) = events.next() {
        let mark = match event {
            Event::Start(Tag::Emphasis) => Cow::Borrowed("emphasis (*…*)"),
            Event::Start(Tag::Strong) => Cow::Borrowed("strong (**…**)"),
            Event::Start(Tag::Strikethrough) => Cow::Borrowed("strikethrough (~~…~~)"),
            Event::Start(Tag::Link { dest_url, .. }) => Cow::Owned(format!("link to {dest_url}")),
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), String::new()));
                continue;
            }
            Event::Text(t) if image.is_some() => {
                if let Some((_, alt)) = &mut image {
                    alt.push_str(&t);
                }
                continue;
            }
            Event::End(TagEnd::Image) => {
                let Some((dest, alt)) = image.take() else {
                    continue;
                };
                let mut mark = format!("image {dest}");
                if let Some(Event::Text(after)) = events.peek() {
                    if let Some((_, Ok(width))) = inline::image_attributes(after) {
                        mark.push_str(&format!(" {{width={width}}}"));
                    }
                }
                if inline::is_decorative(&alt) {
                    mark.push_str(" (alt text `decorative`)");
                }
                Cow::Owned(mark)
            }
            Event::Code(_) => Cow::Borrowed("code span (`…`)"),
            _ => continue,
        };
        *marks.entry(mark).or_insert(0) += 1;
    }
    marks
}

/// A skeleton kept for long: its marks in order, in no more room than they take.
pub type Marks = Box<[(Cow<'static, str>, usize)]>;

/// The marks of a text that may carry some (`None` for one that cannot: it has none), for a
/// text whose translations are compared against again and again.
pub fn marks_of(markdown: &str) -> Option<Marks> {
    may_have_marks(markdown).then(|| parsed_skeleton(markdown).into_iter().collect())
}

/// How a translation's markup differs from its source's, if it does.
pub fn compare(source: &str, target: &str) -> Option<String> {
    let marks: Vec<_> = skeleton(source).into_iter().collect();
    compare_to(&marks, target)
}

/// [`compare`] for a source whose marks are known (in order, as [`Marks`] holds them).
pub fn compare_to(s: &[(Cow<'static, str>, usize)], target: &str) -> Option<String> {
    let t = skeleton(target);
    if s.len() == t.len() && s.iter().zip(&t).all(|((a, n), (b, m))| a == b && n == m) {
        return None;
    }
    let mut problems = Vec::new();
    for (mark, n) in s {
        let m = t.get(mark).copied().unwrap_or(0);
        if m != *n {
            problems.push(format!("{mark}: {n} in the source, {m} in the translation"));
        }
    }
    for (mark, m) in &t {
        if s.binary_search_by(|(k, _)| k.cmp(mark)).is_err() {
            problems.push(format!("{mark}: 0 in the source, {m} in the translation"));
        }
    }
    Some(problems.join("; "))
}

#[cfg(test)]
mod tests {
    use super::{compare, may_have_marks, parsed_skeleton};
    use crate::inline::tests::BRACKETS;

    /// A text without the characters marks need has no marks, whatever else it holds: list
    /// markers, headings, block quotes, tables, entities, escapes, HTML, line breaks.
    #[test]
    fn texts_without_mark_characters_have_no_marks() {
        let pieces = [
            "word",
            " ",
            "\n",
            "\n\n",
            "    ",
            "1. ",
            "- ",
            "+ ",
            "# ",
            "> ",
            "| a | b |\n|---|---|\n",
            "&amp;",
            "&#42;",
            "\\",
            "\\*",
            "(",
            ")",
            "https://x.y/z",
            "{#id}",
            "{width=3}",
            "é",
            "\t",
            "---",
            "===",
            ":",
            "^",
            "@",
            "\"",
            "'",
            "$",
            "%",
            "=",
            "[a](b)",
        ];
        let pieces: Vec<&str> = pieces.into_iter().chain(BRACKETS).collect();
        let mut rng = crate::i18n::xliff::tests::Rng::new(3);
        let mut tried = 0;
        for _ in 0..10000 {
            let text = rng.text(&pieces, 12);
            if may_have_marks(&text) {
                continue;
            }
            tried += 1;
            assert!(parsed_skeleton(&text).is_empty(), "{text:?}");
        }
        assert!(tried > 3000, "{tried}");
        assert!(may_have_marks("a *b*") && may_have_marks("<https://x>") && may_have_marks("`c`"));
        assert!(!may_have_marks("[fr] see [1]") && may_have_marks("[fr] see [1](x)"));
    }

    #[test]
    fn markup_must_survive() {
        assert_eq!(
            compare(
                "a **b** [c](https://x/y) `d`",
                "`d` [C](https://x/y) **B** a"
            ),
            None
        );
        assert!(compare("a **b**", "a **b").is_some_and(|p| p.contains("strong")));
        assert!(compare("[c](https://x/y)", "[c](https://x/z)")
            .is_some_and(|p| p.contains("link to https://x/z")));
        assert!(compare("![alt](../images/a.svg)", "![texte](../images/b.svg)").is_some());
        assert_eq!(
            compare(
                "![alt](../images/a.svg)",
                "![texte alternatif](../images/a.svg)"
            ),
            None
        );
        assert!(compare("plain", "*plain*").is_some());
        assert_eq!(
            compare(
                "![alt](a.svg){width=320} text",
                "texte ![texte alt](a.svg){width=320}"
            ),
            None
        );
        assert!(
            compare("![alt](a.svg){width=320}", "![alt](a.svg){width=50%}")
                .is_some_and(|p| p.contains("image a.svg {width=320}: 1 in the source, 0"))
        );
        assert!(compare("![alt](a.svg){width=320}", "![alt](a.svg)").is_some());
        assert!(compare("![decorative](a.svg)", "![décoratif](a.svg)")
            .is_some_and(|p| p.contains("alt text `decorative`")));
    }
}
