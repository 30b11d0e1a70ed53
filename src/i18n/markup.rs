//! Inline Markdown must survive translation: a translation keeps the same emphasis, strong,
//! strikethrough and code spans, and the same link and image targets, in any order.

use crate::source::lesson::markdown_options;
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::BTreeMap;

/// What markup a text carries, as counts (targets of links and images included).
pub fn skeleton(markdown: &str) -> BTreeMap<String, usize> {
    let mut marks = BTreeMap::new();
    for event in Parser::new_ext(markdown, markdown_options()) {
        let mark = match event {
            Event::Start(Tag::Emphasis) => "emphasis (*…*)".to_string(),
            Event::Start(Tag::Strong) => "strong (**…**)".to_string(),
            Event::Start(Tag::Strikethrough) => "strikethrough (~~…~~)".to_string(),
            Event::Start(Tag::Link { dest_url, .. }) => format!("link to {dest_url}"),
            Event::Start(Tag::Image { dest_url, .. }) => format!("image {dest_url}"),
            Event::Code(_) => "code span (`…`)".to_string(),
            _ => continue,
        };
        *marks.entry(mark).or_insert(0) += 1;
    }
    marks
}

/// How a translation's markup differs from its source's, if it does.
pub fn compare(source: &str, target: &str) -> Option<String> {
    let (s, t) = (skeleton(source), skeleton(target));
    if s == t {
        return None;
    }
    let mut problems = Vec::new();
    for (mark, n) in &s {
        let m = t.get(mark).copied().unwrap_or(0);
        if m != *n {
            problems.push(format!("{mark}: {n} in the source, {m} in the translation"));
        }
    }
    for (mark, m) in &t {
        if !s.contains_key(mark) {
            problems.push(format!("{mark}: 0 in the source, {m} in the translation"));
        }
    }
    Some(problems.join("; "))
}

#[cfg(test)]
mod tests {
    use super::compare;

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
    }
}
