//! How gettext lays out a string in a PO file, so that a file coursepack writes is byte for byte
//! what `msgcat` would write, and a `msgmerge`/`msgcat` pass leaves version control nothing to
//! show.
//!
//! The rules are those of gettext's `write-po.c` (`wrap`) over libunistring's line breaking:
//! - the value is cut into *portions* after each newline; each portion is escaped C-style (`\\`,
//!   `\"` and `\a \b \f \n \r \t \v`; other characters, control characters included, are written
//!   as they are);
//! - a portion is broken where the Unicode line breaking algorithm (UAX #14) allows, never inside
//!   an escape sequence nor just before the `\n` that ends it, greedily: a line is broken at the
//!   last opportunity before the text that would pass the page width (79 columns, quotes
//!   included, in display columns: wide characters count two, combining marks none);
//! - the first line is `keyword "…"` when the whole value fits there in one piece; otherwise it
//!   is `keyword ""` and every piece follows on its own quoted line.
//!
//! A NUL character, which a C string cannot hold, is written `\000` (gettext tools cannot read
//! it back as a character; coursepack can).

use unicode_linebreak::BreakOpportunity;
use unicode_width::UnicodeWidthChar;

/// gettext's page width.
pub const WIDTH: usize = 79;

/// Writes `prefix keyword "value"` as gettext does; `prefix` is `#| ` for a previous string,
/// empty otherwise.
pub fn write_string(out: &mut String, prefix: &str, keyword: &str, value: &str) {
    // Columns are counted after the prefix and the opening quote of a continuation line, and one
    // column is kept for the closing quote.
    let after_break = prefix.len() + 1;
    let width = WIDTH - 1 - after_break;
    let portions: Vec<&str> = if value.is_empty() {
        vec![""]
    } else {
        value.split_inclusive('\n').collect()
    };
    let mut first_line = true;
    for (i, portion) in portions.iter().enumerate() {
        let more = i + 1 < portions.len();
        let escaped = Escaped::new(portion);
        let mut breaks = Vec::new();
        if first_line {
            // The first line starts after `keyword "`.
            let start = keyword.len() + 1;
            breaks = escaped.line_breaks(width, start);
            if !escaped.text.is_empty() && (more || start > width || !breaks.is_empty()) {
                out.push_str(prefix);
                out.push_str(keyword);
                out.push_str(" \"\"\n");
                first_line = false;
            }
        }
        if !first_line {
            breaks = escaped.line_breaks(width, 0);
        }
        out.push_str(prefix);
        if first_line {
            out.push_str(keyword);
            out.push(' ');
            first_line = false;
        }
        out.push('"');
        let mut from = 0;
        for at in breaks {
            out.push_str(&escaped.text[from..at]);
            out.push_str("\"\n");
            out.push_str(prefix);
            out.push('"');
            from = at;
        }
        out.push_str(&escaped.text[from..]);
        out.push_str("\"\n");
    }
}

/// One portion escaped, with the places where a line may not be broken.
struct Escaped {
    text: String,
    /// Byte offsets in `text` before which no break may go: the second and later characters of
    /// an escape sequence, and the backslash of a final `\n`.
    no_break_before: Vec<usize>,
}

impl Escaped {
    fn new(portion: &str) -> Escaped {
        let mut text = String::with_capacity(portion.len() + 8);
        let mut no_break_before = Vec::new();
        for c in portion.chars() {
            let escape = match c {
                '\u{7}' => Some("\\a"),
                '\u{8}' => Some("\\b"),
                '\u{c}' => Some("\\f"),
                '\n' => Some("\\n"),
                '\r' => Some("\\r"),
                '\t' => Some("\\t"),
                '\u{b}' => Some("\\v"),
                '\\' => Some("\\\\"),
                '"' => Some("\\\""),
                '\0' => Some("\\000"),
                _ => None,
            };
            match escape {
                Some(e) => {
                    no_break_before.extend(text.len() + 1..text.len() + e.len());
                    text.push_str(e);
                }
                None => text.push(c),
            }
        }
        if portion.ends_with('\n') {
            no_break_before.push(text.len() - 2);
        }
        Escaped {
            text,
            no_break_before,
        }
    }

    /// Where gettext breaks the portion into lines of at most `width` columns, the first starting
    /// at column `start`: the byte offsets where new lines begin (libunistring's
    /// `u8_width_linebreaks`).
    fn line_breaks(&self, width: usize, start: usize) -> Vec<usize> {
        let opportunities = self.opportunities();
        let mut breaks = Vec::new();
        // The start of the piece being measured (where a break may go), the column it starts at
        // and its width so far.
        let mut piece_start: Option<usize> = None;
        let mut column = start;
        let mut piece = 0;
        for (at, c) in self.text.char_indices() {
            let here = opportunities.get(&at).copied();
            if here.is_some() {
                // A piece ends here: if it passes the width, the line breaks before it.
                if let Some(p) = piece_start {
                    if column + piece > width {
                        breaks.push(p);
                        column = 0;
                    }
                }
            }
            match here {
                Some(Opportunity::LineEnd) => {
                    // A line separator: the text after it starts at column 0.
                    piece_start = None;
                    column = 0;
                    piece = 0;
                }
                Some(Opportunity::Break) => {
                    piece_start = Some(at);
                    column += piece;
                    piece = c.width().unwrap_or(0);
                }
                None => piece += c.width().unwrap_or(0),
            }
        }
        if let Some(p) = piece_start {
            if column + piece > width {
                breaks.push(p);
            }
        }
        breaks
    }

    /// The break opportunities of the text by byte offset: `Break` before a character, or
    /// `LineEnd` on a character that ends a line by itself (U+2028, U+2029, U+0085: the only
    /// ones not escaped).
    fn opportunities(&self) -> std::collections::HashMap<usize, Opportunity> {
        let mut out = std::collections::HashMap::new();
        for (at, kind) in unicode_linebreak::linebreaks(&self.text) {
            if at == self.text.len() {
                continue;
            }
            match kind {
                BreakOpportunity::Allowed => {
                    out.insert(at, Opportunity::Break);
                }
                BreakOpportunity::Mandatory => {
                    // The mandatory break is *after* the separator: libunistring marks the
                    // separator itself, and allows no break right after it.
                    if let Some((sep, _)) = self.text[..at].char_indices().next_back() {
                        out.insert(sep, Opportunity::LineEnd);
                    }
                }
            }
        }
        for at in &self.no_break_before {
            if out.get(at) == Some(&Opportunity::Break) {
                out.remove(at);
            }
        }
        out
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opportunity {
    Break,
    LineEnd,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(keyword: &str, value: &str) -> String {
        let mut out = String::new();
        write_string(&mut out, "", keyword, value);
        out
    }

    #[test]
    fn short_values_stay_on_the_keyword_line() {
        assert_eq!(layout("msgid", ""), "msgid \"\"\n");
        assert_eq!(
            layout("msgid", "a \"b\"\t\\"),
            "msgid \"a \\\"b\\\"\\t\\\\\"\n"
        );
        assert_eq!(layout("msgstr", "one line\n"), "msgstr \"one line\\n\"\n");
        assert_eq!(
            layout("msgid", "a\nb"),
            "msgid \"\"\n\"a\\n\"\n\"b\"\n",
            "more than one portion"
        );
        assert_eq!(
            layout("msgid", "ctl\u{1}\u{7f}\u{7}\0"),
            "msgid \"ctl\u{1}\u{7f}\\a\\000\"\n"
        );
    }

    #[test]
    fn long_values_break_where_unicode_allows_within_79_columns() {
        let value = "a very long line that goes on and on well past the seventy-nine columns gettext likes to wrap at, with words";
        let out = layout("msgid", value);
        assert!(out.starts_with("msgid \"\"\n"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
        // Every line but the last ends where a break is allowed: after a space here.
        let lines: Vec<&str> = out.lines().skip(1).collect();
        assert!(lines[..lines.len() - 1].iter().all(|l| l.ends_with(" \"")));
        let joined: String = lines.iter().map(|l| &l[1..l.len() - 1]).collect();
        assert_eq!(joined, value);
        // A word longer than a line runs on: no break inside it.
        let word = "x".repeat(100);
        assert_eq!(layout("msgid", &word), format!("msgid \"{word}\"\n"));
        // Never inside an escape sequence, nor before a final `\n`.
        let quotes = "\"".repeat(60);
        let out = layout("msgstr", &format!("{quotes} {quotes}\n"));
        assert!(out
            .lines()
            .all(|l| !l.ends_with("\\\"") || l.ends_with("\\\"\"")));
        assert!(!out.contains("\n\"\\n\""), "{out}");
    }

    #[test]
    fn wide_characters_count_two_columns() {
        // 40 ideographs are 80 columns: the value cannot stay on the keyword line, and each line
        // holds at most 38 of them (77 columns).
        let value = "日".repeat(40);
        let out = layout("msgid", &value);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "msgid \"\"");
        assert_eq!(lines[1].chars().count(), 38 + 2);
    }
}
