//! A localized course: the same structure with translated text. Each translation goes back
//! where its segment came from — a whole text, or the byte range of one Markdown leaf block —
//! so ids, asset paths and block structure cannot change.

use super::segments::Slot;
use crate::model::{Course, Text};
use crate::source::fs::RelPath;
use std::collections::HashMap;

/// Where the segments of a course go back, found once for every language of a build: each
/// segment by its index in the course's segment list.
#[derive(Debug, Default)]
pub struct Places {
    /// The segments of each text, by the text's origin, left to right.
    texts: HashMap<(RelPath, usize, usize), Vec<(usize, Slot)>>,
    /// The text the places of an origin were last added for.
    last: Option<(RelPath, usize, usize)>,
    title: Option<usize>,
    description: Option<usize>,
}

impl Places {
    /// Records segment `index`: its slot in `text`, or the course's title or description (the
    /// segments that are no text) by `key`.
    pub fn add(&mut self, index: usize, key: &str, slot: Slot, text: Option<&Text>) {
        let Some(text) = text else {
            match key {
                "course/title" => self.title = Some(index),
                "course/description" => self.description = Some(index),
                _ => {}
            }
            return;
        };
        let at = origin(text);
        let places = self.texts.entry(at.clone()).or_default();
        // Another text at the same place: the last one read wins, as its segments do.
        if self.last.as_ref() != Some(&at) {
            places.clear();
        }
        places.push((index, slot));
        self.last = Some(at);
    }

    /// The course in `lang`, with `targets[i]` (when there is one) in the place of segment `i`.
    /// Segments without a translation keep their source text.
    pub fn localize(&self, course: &Course, lang: &str, targets: &[Option<String>]) -> Course {
        let target = |i: Option<usize>| i.and_then(|i| targets.get(i)?.clone());
        let mut out = course.clone();
        out.meta.language = lang.to_string();
        if let Some(t) = target(self.title) {
            out.meta.title = t;
        }
        if let (Some(_), Some(t)) = (&out.meta.description, target(self.description)) {
            out.meta.description = Some(t);
        }
        out.texts_mut(&mut |text| {
            if let Some(places) = self.texts.get(&origin(text)) {
                if let Some(markdown) = translated(&text.markdown, places, targets) {
                    text.markdown = markdown;
                }
            }
        });
        out
    }
}

/// `source` with the translations of its segments (`places`, left to right) in their places,
/// built in one string of the exact size; `None` when none of them has a translation.
fn translated(
    source: &str,
    places: &[(usize, Slot)],
    targets: &[Option<String>],
) -> Option<String> {
    let target = |i: usize| targets.get(i).and_then(|t| t.as_deref());
    // The pieces of the result: the source's text between the translated leaves, and the
    // translations.
    let mut pieces: Vec<std::borrow::Cow<'_, str>> = Vec::new();
    let mut at = 0;
    for (i, slot) in places {
        let Some(t) = target(*i) else { continue };
        match slot {
            Slot::Whole => return Some(spliceable(t)),
            Slot::Leaf(range) if range.start >= at && source.get(range.clone()).is_some() => {
                pieces.push(source[at..range.start].into());
                pieces.push(spliceable(t).into());
                at = range.end;
            }
            Slot::Leaf(_) => {}
        }
    }
    if pieces.is_empty() {
        return None;
    }
    pieces.push(source[at..].into());
    Some(pieces.concat())
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
    if memchr::memchr2(b'\n', b'\r', target.as_bytes()).is_none() {
        return target.to_owned();
    }
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
