//! A localized course: the same structure with translated text. Each translation goes back
//! where its segment came from — a whole text, or the byte range of one Markdown leaf block —
//! so ids, asset paths and block structure cannot change.

use super::segments::{text_segments, walk_course, Slot};
use crate::model::{Course, Text};
use crate::source::fs::RelPath;
use std::collections::{BTreeMap, HashMap};

/// The course with the translations in `targets` (by segment key) applied and its language set
/// to `lang`. Segments without a translation keep their source text.
pub fn localize(course: &Course, lang: &str, targets: &BTreeMap<String, String>) -> Course {
    // Every text of the model has its own origin (file, line, column): that is how the
    // translated Markdown finds its way back into a clone of the course.
    let mut replaced: HashMap<(RelPath, usize, usize), String> = HashMap::new();
    walk_course(course, &mut |key, context, text, whole| {
        let mut markdown = text.markdown.clone();
        let mut segments = text_segments(text, key, context, whole);
        // Right to left, so earlier ranges stay valid.
        segments.reverse();
        for (segment, slot) in segments {
            let Some(target) = targets.get(&segment.key) else {
                continue;
            };
            let target = spliceable(target);
            match slot {
                Slot::Whole => markdown = target,
                Slot::Leaf(range) => markdown.replace_range(range, &target),
            }
        }
        replaced.insert(origin(text), markdown);
    });
    let mut out = course.clone();
    out.meta.language = lang.to_string();
    if let Some(t) = targets.get("course/title") {
        out.meta.title = t.clone();
    }
    if let (Some(_), Some(t)) = (&out.meta.description, targets.get("course/description")) {
        out.meta.description = Some(t.clone());
    }
    out.texts_mut(&mut |text| {
        if let Some(md) = replaced.get(&origin(text)) {
            text.markdown = md.clone();
        }
    });
    out
}

fn origin(text: &Text) -> (RelPath, usize, usize) {
    (
        text.origin.file.clone(),
        text.origin.line,
        text.origin.column,
    )
}

/// A translation as it goes back into its Markdown: line ends become spaces (a segment is one
/// line), except a hard line break's (an odd run of backslashes, then a line end), which stays.
fn spliceable(target: &str) -> String {
    let mut out = String::with_capacity(target.len());
    let mut backslashes = 0usize;
    for c in target.chars() {
        match c {
            '\n' if backslashes % 2 == 1 => out.push('\n'),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::spliceable;

    #[test]
    fn only_hard_breaks_keep_their_line_end() {
        assert_eq!(spliceable("a\\\nb\nc\r\nd"), "a\\\nb c  d");
        assert_eq!(
            spliceable("escaped\\\\\nbackslash"),
            "escaped\\\\ backslash"
        );
    }
}
