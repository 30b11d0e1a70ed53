//! A localized course: the same structure with translated text. Each translation goes back
//! where its segment came from — a whole text, or the byte range of one Markdown leaf block —
//! so ids, asset paths and block structure cannot change.

use super::segments::Slot;
use crate::model::{Course, Text};
use crate::source::fs::RelPath;
use foldhash::HashMap;

/// The segments of each text of one file, by the text's line and column: each by its index in
/// the course's segment list and its slot, left to right.
type InFile = HashMap<(usize, usize), Vec<(usize, Slot)>>;

/// Where the segments of a course go back, found once for every language of a build: each
/// segment by its index in the course's segment list.
#[derive(Debug, Default)]
pub struct Places {
    /// The segments of each text, by the text's file then its line and column.
    texts: HashMap<RelPath, InFile>,
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
        let o = &text.origin;
        let at = (o.file.clone(), o.line, o.column);
        let places = self
            .texts
            .entry(o.file.clone())
            .or_default()
            .entry((o.line, o.column))
            .or_default();
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
        // Texts come file by file: the places of the last file are kept at hand.
        let mut file: Option<(RelPath, Option<&InFile>)> = None;
        out.texts_mut(&mut |text| {
            let o = &text.origin;
            let in_file = match &file {
                Some((f, places)) if *f == o.file => *places,
                _ => {
                    let places = self.texts.get(&o.file);
                    file = Some((o.file.clone(), places));
                    places
                }
            };
            if let Some(places) = in_file.and_then(|p| p.get(&(o.line, o.column))) {
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
    // A whole text's translation replaces it all.
    let whole = places.iter().find_map(|(i, slot)| match slot {
        Slot::Whole => target(*i),
        Slot::Leaf(_) => None,
    });
    if let Some(t) = whole {
        let mut out = String::with_capacity(t.len());
        push_spliceable(&mut out, t);
        return Some(out);
    }
    // The translated leaves, each after the last and within the source.
    let leaves = || {
        let mut at = 0;
        places.iter().filter_map(move |(i, slot)| {
            let (Slot::Leaf(range), Some(t)) = (slot, target(*i)) else {
                return None;
            };
            let fits = range.start >= at && source.get(range.clone()).is_some();
            fits.then(|| {
                at = range.end;
                (range, t)
            })
        })
    };
    // Sized at once (a translation keeps its length as it goes in): a translated course is
    // held while its packages are written. No translated leaf: nothing to build.
    let len = leaves().fold(None, |n: Option<usize>, (range, t)| {
        Some(n.unwrap_or(source.len()) - range.len() + t.len())
    })?;
    let mut out = String::with_capacity(len);
    let mut at = 0;
    for (range, t) in leaves() {
        out.push_str(&source[at..range.start]);
        push_spliceable(&mut out, t);
        at = range.end;
    }
    out.push_str(&source[at..]);
    Some(out)
}

/// Appends a translation as it goes back into its Markdown: line ends become spaces (a segment
/// is one line), except a hard line break's (an odd run of backslashes, then a line end), which
/// stays.
fn push_spliceable(out: &mut String, target: &str) {
    if memchr::memchr2(b'\n', b'\r', target.as_bytes()).is_none() {
        out.push_str(target);
        return;
    }
    let mut backslashes = 0usize;
    for c in target.chars() {
        match c {
            '\n' if backslashes % 2 == 1 => out.push('\n'),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
}

#[cfg(test)]
mod tests {
    /// The translation `target` as it goes back into its Markdown.
    fn spliceable(target: &str) -> String {
        let mut out = String::new();
        super::push_spliceable(&mut out, target);
        out
    }

    /// Leaves go in left to right (one out of order is left out), a whole text's translation
    /// replaces it all, and the result takes exactly the room it needs.
    #[test]
    fn a_localized_text_is_its_leaves_translated_in_one_string_of_its_size() {
        use super::{translated, Slot};
        let source = "First leaf.\n\nSecond leaf.";
        let targets = vec![
            Some("Premier\r\nbloc, plus long.".to_string()),
            Some("Second.".to_string()),
            None,
            Some("Tout.".to_string()),
        ];
        let leaves = [
            (0, Slot::Leaf(0..11)),
            (1, Slot::Leaf(13..25)),
            (2, Slot::Leaf(0..5)),
        ];
        let out = translated(source, &leaves, &targets).expect("translated");
        assert_eq!(out, "Premier  bloc, plus long.\n\nSecond.");
        assert_eq!(out.capacity(), out.len());
        let late = [(1, Slot::Leaf(13..25)), (0, Slot::Leaf(0..11))];
        assert_eq!(
            translated(source, &late, &targets).as_deref(),
            Some("First leaf.\n\nSecond.")
        );
        let whole = [(0, Slot::Leaf(0..11)), (3, Slot::Whole)];
        assert_eq!(
            translated(source, &whole, &targets).as_deref(),
            Some("Tout.")
        );
        assert_eq!(translated(source, &[(2, Slot::Leaf(0..5))], &targets), None);
    }

    #[test]
    fn only_hard_breaks_keep_their_line_end() {
        assert_eq!(spliceable("a\\\nb\nc\r\nd"), "a\\\nb c  d");
        assert_eq!(
            spliceable("escaped\\\\\nbackslash"),
            "escaped\\\\ backslash"
        );
    }
}
