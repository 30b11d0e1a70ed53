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

use std::collections::HashMap;
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
                    piece = columns(c);
                }
                None => piece += columns(c),
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
    /// ones not escaped). Escape sequences hold none.
    fn opportunities(&self) -> HashMap<usize, Opportunity> {
        let mut out = possible_breaks(&self.text);
        for at in &self.no_break_before {
            if out.get(at) == Some(&Opportunity::Break) {
                out.remove(at);
            }
        }
        out
    }
}

/// Where libunistring (`u8_possible_linebreaks`, the version gettext 0.21 uses) allows a line
/// break: UAX #14 through its pair table, with libunistring's own choices (a break is allowed
/// between `.` and a letter, so `e.g.Next` can break; complex scripts are treated as letters).
fn possible_breaks(text: &str) -> HashMap<usize, Opportunity> {
    let mut out = HashMap::new();
    // The class of the previous character, and of the last one that was no space (combining
    // marks take their base's); whether spaces came since; the regional indicators in a row.
    let mut prev = Class::Bk;
    let mut last = Class::Bk;
    let mut after_space = false;
    let mut regional = 0usize;
    // The previous characters were a Hebrew letter and a hyphen (libunistring's rule LB21a).
    let mut hebrew_hyphen = false;
    for (at, c) in text.char_indices() {
        let class = Class::of(c);
        let mut here = None;
        match class {
            Class::Bk => {
                here = Some(Opportunity::LineEnd);
                last = Class::Bk;
                after_space = false;
            }
            Class::Sp => after_space = true,
            Class::Zw => {
                last = Class::Zw;
                after_space = false;
            }
            Class::Cm | Class::Zwj => {
                if last == Class::Bk {
                    last = Class::Pair(AL);
                    after_space = false;
                } else if last == Class::Zw || after_space {
                    here = Some(Opportunity::Break);
                    last = Class::Pair(AL);
                    after_space = false;
                }
            }
            Class::Pair(this) => {
                let allowed = match last {
                    Class::Bk => false,
                    Class::Zw => true,
                    _ if prev == Class::Zwj => false,
                    Class::Pair(RI) if this == RI => after_space || regional % 2 == 0,
                    _ if hebrew_hyphen => false,
                    Class::Pair(before) => match PAIRS[before].as_bytes()[this] {
                        b'D' => true,
                        b'I' => after_space,
                        _ => false,
                    },
                    // Spaces and combining marks never become `last`.
                    _ => false,
                };
                if allowed {
                    here = Some(Opportunity::Break);
                }
                last = class;
                after_space = false;
            }
        }
        if let Some(h) = here {
            out.insert(at, h);
        }
        hebrew_hyphen = prev == Class::Pair(HL) && matches!(class, Class::Pair(HY | BA));
        prev = class;
        regional = if class == Class::Pair(RI) {
            regional + 1
        } else {
            0
        };
    }
    out
}

/// A character's line breaking class as libunistring resolves it for a UTF-8 text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// Ends a line (BK, NL; CR and LF are always escaped).
    Bk,
    Sp,
    Zw,
    Cm,
    Zwj,
    /// A class of the pair table: its index in [`PAIRS`].
    Pair(usize),
}

impl Class {
    fn of(c: char) -> Class {
        use unicode_linebreak::BreakClass as B;
        // Where libunistring 1.0 classes a character otherwise than Unicode 15 does (characters
        // Unicode 14 had not assigned yet are letters to it).
        match u32::from(c) {
            0x1dcd | 0x1dfc => return Class::Cm,
            0x2057
            | 0xcf3
            | 0x10efd..=0x10eff
            | 0x11241
            | 0x11b00..=0x11b09
            | 0x11f00..=0x11f01
            | 0x11f03
            | 0x11f34..=0x11f3a
            | 0x11f3e..=0x11f59
            | 0x13439..=0x13440
            | 0x13447..=0x13455
            | 0x1b132
            | 0x1b155
            | 0x1e08f
            | 0x1e4ec..=0x1e4f9 => return Class::Pair(AL),
            _ => {}
        }
        let pair = match unicode_linebreak::break_property(u32::from(c)) {
            B::Mandatory | B::NextLine | B::CarriageReturn | B::LineFeed => return Class::Bk,
            B::Space => return Class::Sp,
            B::ZeroWidthSpace => return Class::Zw,
            B::CombiningMark => return Class::Cm,
            B::ZeroWidthJoiner => return Class::Zwj,
            B::WordJoiner => WJ,
            B::NonBreakingGlue => GL,
            B::BeforeAndAfter => B2,
            B::After => BA,
            B::Before => BB,
            B::Hyphen => HY,
            B::ClosePunctuation => CL,
            B::CloseParenthesis if east_asian(c) => CP_EA,
            B::CloseParenthesis => CP,
            B::Exclamation => EX,
            B::Inseparable => IN,
            B::NonStarter | B::ConditionalJapaneseStarter => NS,
            B::OpenPunctuation if east_asian(c) => OP_EA,
            B::OpenPunctuation => OP,
            B::Quotation => QU,
            B::InfixSeparator => IS,
            B::Numeric => NU,
            B::Postfix => PO,
            B::Prefix => PR,
            B::Symbol => SY,
            B::HangulLvSyllable => H2,
            B::HangulLvtSyllable => H3,
            B::Ideographic | B::Contingent => ID,
            B::HangulLJamo => JL,
            B::HangulVJamo => JV,
            B::HangulTJamo => JT,
            B::HebrewLetter => HL,
            B::RegionalIndicator => RI,
            B::EmojiBase => EB,
            B::EmojiModifier => EM,
            // Ambiguous characters are letters outside East Asian encodings; complex scripts
            // (Thai…) and unknown characters are letters too.
            B::Alphabetic | B::Ambiguous | B::ComplexContext | B::Unknown | B::Surrogate => AL,
        };
        Class::Pair(pair)
    }
}

// The classes of the pair table, in its order.
const WJ: usize = 0;
const GL: usize = 1;
const B2: usize = 2;
const BA: usize = 3;
const BB: usize = 4;
const HY: usize = 5;
const CL: usize = 6;
const CP: usize = 7;
const EX: usize = 8;
const IN: usize = 9;
const NS: usize = 10;
const OP: usize = 11;
const QU: usize = 12;
const IS: usize = 13;
const NU: usize = 14;
const PO: usize = 15;
const PR: usize = 16;
const SY: usize = 17;
const AL: usize = 18;
const H2: usize = 19;
const H3: usize = 20;
const ID: usize = 21;
const JL: usize = 22;
const JV: usize = 23;
const JT: usize = 24;
const HL: usize = 25;
const RI: usize = 26;
// ZWJ (27) is handled before the table is read.
const EB: usize = 28;
const EM: usize = 29;
/// Opening and closing brackets of East Asian width: letters and numbers may break before and
/// after them (UAX #14's LB30 leaves them out).
const OP_EA: usize = 30;
const CP_EA: usize = 31;

/// Whether a character is fullwidth, wide or halfwidth (East Asian Width F, W or H).
fn east_asian(c: char) -> bool {
    c.width() == Some(2) || matches!(u32::from(c), 0xFF61..=0xFFDC | 0xFFE8..=0xFFEE)
}

/// The pair table of libunistring 1.0 (Debian 12's, under gettext 0.21): for the class before
/// (row) and the class after (column), `D` a break is allowed, `I` only after spaces, `P` never.
/// Columns in the order of the rows. It is UAX #14's table 7.3 with libunistring's own choices
/// (`IS` then a letter may break: `e.g.Next`), measured with its `u8_possible_linebreaks` on one
/// character of each class. Rows and columns of joiners show the rules applied before the table.
const PAIRS: [&str; 32] = [
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIIIIP", // WJ
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIIIIP", // GL
    "PIPIDIPPPIIDIPDDDPDDDDDDDDDIDDDP", // B2
    "PDDIDIPPPIIDIPDDDPDDDDDDDDDIDDDP", // BA
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIIIIP", // BB
    "PDDIDIPPPIIDIPIDDPDDDDDDDDDIDDDP", // HY
    "PIDIDIPPPIPDIPDIIPDDDDDDDDDIDDDP", // CL
    "PIDIDIPPPIIDIPIIIPIDDDDDDIDIDDDP", // CP
    "PIDIDIPPPIIDIPDDDPDDDDDDDDDIDDDP", // EX
    "PIDIDIPPPIIDIPDDDPDDDDDDDDDIDDDP", // IN
    "PIDIDIPPPIIDIPDDDPDDDDDDDDDIDDDP", // NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPIPPPP", // OP
    "PIIIIIPPPIIPIPIIIPIIIIIIIIIIIIPP", // QU
    "PIDIDIPPPIIDIPIDDPDDDDDDDDDIDDDP", // IS
    "PIDIDIPPPIIIIPIIIPIDDDDDDIDIDDDP", // NU
    "PIDIDIPPPIIIIPIDDPIDDDDDDIDIDDIP", // PO
    "PIDIDIPPPIIIIPIDDPIIIIIIIIDIIIIP", // PR
    "PIDIDIPPPIIDIPIDDPDDDDDDDIDIDDDP", // SY
    "PIDIDIPPPIIIIPIIIPIDDDDDDIDIDDDP", // AL
    "PIDIDIPPPIIDIPDIDPDDDDDIIDDIDDDP", // H2
    "PIDIDIPPPIIDIPDIDPDDDDDDIDDIDDDP", // H3
    "PIDIDIPPPIIDIPDIDPDDDDDDDDDIDDDP", // ID
    "PIDIDIPPPIIDIPDIDPDIIDIIDDDIDDDP", // JL
    "PIDIDIPPPIIDIPDIDPDDDDDIIDDIDDDP", // JV
    "PIDIDIPPPIIDIPDIDPDDDDDDIDDIDDDP", // JT
    "PIDIDIPPPIIIIPIIIPIDDDDDDIDIDDDP", // HL
    "PIDIDIPPPIIDIPDDDPDDDDDDDDIIDDDP", // RI
    "PIIIIIPPPIIIIPIIIPIIIIIIIIIIIIIP", // ZWJ
    "PIDIDIPPPIIDIPDIDPDDDDDDDDDIDIDP", // EB
    "PIDIDIPPPIIDIPDIDPDDDDDDDDDIDDDP", // EM
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPIPPPP", // OPEA
    "PIDIDIPPPIPDIPDIIPDDDDDDDDDIDDDP", // CPEA
];

/// The display width of a character as libunistring's `uc_width` gives it for UTF-8 (the
/// columns gettext counts): the unicode-width crate's, but libunistring's where the two disagree
/// (spacing vowel signs, trigrams, hexagrams, characters Unicode 14 had not assigned yet…).
/// Control characters count nothing.
fn columns(c: char) -> usize {
    let cp = u32::from(c);
    let i = WIDTHS.partition_point(|(_, hi, _)| *hi < cp);
    match WIDTHS.get(i) {
        Some((lo, _, w)) if *lo <= cp => usize::from(*w),
        _ => c.width().unwrap_or(0),
    }
}

/// Where libunistring 1.0's `uc_width` differs from the unicode-width crate's widths, as sorted
/// ranges (first, last, width), measured on every code point.
const WIDTHS: &[(u32, u32, u8)] = &[
    (0x5C8, 0x5C9, 1),
    (0x600, 0x604, 0),
    (0x6DD, 0x6DD, 0),
    (0x897, 0x897, 1),
    (0x9BE, 0x9BE, 1),
    (0x9D7, 0x9D7, 1),
    (0xB3E, 0xB3E, 1),
    (0xB53, 0xB54, 1),
    (0xB57, 0xB57, 1),
    (0xBBE, 0xBBE, 1),
    (0xBD7, 0xBD7, 1),
    (0xCBF, 0xCC0, 1),
    (0xCC2, 0xCC2, 1),
    (0xCC6, 0xCC8, 1),
    (0xCCA, 0xCCB, 1),
    (0xCD5, 0xCD6, 1),
    (0xD3E, 0xD3E, 1),
    (0xD4E, 0xD4E, 1),
    (0xD57, 0xD57, 1),
    (0xDCF, 0xDCF, 1),
    (0xDDF, 0xDDF, 1),
    (0xECE, 0xECE, 1),
    (0x1715, 0x1715, 1),
    (0x1734, 0x1734, 1),
    (0x17A4, 0x17A4, 1),
    (0x17D8, 0x17D8, 1),
    (0x1ACF, 0x1AF0, 1),
    (0x1B35, 0x1B35, 1),
    (0x1B3B, 0x1B3B, 1),
    (0x1B3D, 0x1B3D, 1),
    (0x1B43, 0x1B44, 1),
    (0x1BAA, 0x1BAA, 1),
    (0x1BF2, 0x1BF3, 1),
    (0x2065, 0x2065, 1),
    (0x2630, 0x2637, 1),
    (0x268A, 0x268F, 1),
    (0x2D7F, 0x2D7F, 0),
    (0x2E9A, 0x2E9A, 2),
    (0x2EF4, 0x2EFF, 2),
    (0x2FD6, 0x2FEF, 2),
    (0x302E, 0x302F, 2),
    (0x3040, 0x3040, 2),
    (0x3097, 0x3098, 2),
    (0x3100, 0x3104, 2),
    (0x3130, 0x3130, 2),
    (0x3164, 0x3164, 2),
    (0x318F, 0x318F, 2),
    (0x31E6, 0x31EE, 2),
    (0x321F, 0x321F, 2),
    (0x4DC0, 0x4DFF, 1),
    (0xA48D, 0xA48F, 2),
    (0xA4C7, 0xA4CF, 2),
    (0xA8FA, 0xA8FA, 1),
    (0xA953, 0xA953, 1),
    (0xA9C0, 0xA9C0, 1),
    (0xFE1A, 0xFE1F, 2),
    (0xFE53, 0xFE53, 2),
    (0xFE67, 0xFE67, 2),
    (0xFE6C, 0xFE6F, 2),
    (0xFF00, 0xFF00, 2),
    (0xFFA0, 0xFFA0, 1),
    (0xFFF0, 0xFFF8, 1),
    (0xFFF9, 0xFFFB, 0),
    (0x10D69, 0x10D6D, 1),
    (0x10ECB, 0x10ECF, 1),
    (0x10EF0, 0x10EFF, 1),
    (0x110BD, 0x110BD, 0),
    (0x110CD, 0x110CD, 0),
    (0x111C0, 0x111C0, 1),
    (0x111C2, 0x111C3, 1),
    (0x11235, 0x11235, 1),
    (0x11241, 0x11241, 1),
    (0x1133E, 0x1133E, 1),
    (0x1134D, 0x1134D, 1),
    (0x11357, 0x11357, 1),
    (0x113B8, 0x113B8, 1),
    (0x113BB, 0x113C0, 1),
    (0x113C2, 0x113C2, 1),
    (0x113C5, 0x113C5, 1),
    (0x113C7, 0x113C9, 1),
    (0x113CE, 0x113D2, 1),
    (0x113E1, 0x113E2, 1),
    (0x114B0, 0x114B0, 1),
    (0x114BD, 0x114BD, 1),
    (0x115AF, 0x115AF, 1),
    (0x116B6, 0x116B6, 1),
    (0x1171E, 0x1171E, 0),
    (0x11930, 0x11930, 1),
    (0x1193D, 0x1193D, 1),
    (0x1193F, 0x1193F, 1),
    (0x11941, 0x11941, 1),
    (0x11A07, 0x11A08, 1),
    (0x11A84, 0x11A89, 1),
    (0x11B60, 0x11B60, 1),
    (0x11B62, 0x11B64, 1),
    (0x11B66, 0x11B66, 1),
    (0x11C3F, 0x11C3F, 1),
    (0x11D46, 0x11D46, 1),
    (0x11DF0, 0x11DF0, 1),
    (0x11F00, 0x11F02, 1),
    (0x11F36, 0x11F3A, 1),
    (0x11F40, 0x11F42, 1),
    (0x11F5A, 0x11F5A, 1),
    (0x13430, 0x13438, 0),
    (0x13440, 0x13440, 1),
    (0x13447, 0x13455, 1),
    (0x1611E, 0x16129, 1),
    (0x1612D, 0x1612F, 1),
    (0x16FF0, 0x16FF1, 2),
    (0x16FF2, 0x16FF6, 1),
    (0x187F8, 0x187FF, 1),
    (0x18CD6, 0x18CDA, 1),
    (0x18CFF, 0x18CFF, 1),
    (0x18D09, 0x18D20, 1),
    (0x18D80, 0x18DF2, 1),
    (0x18E00, 0x19191, 1),
    (0x191A0, 0x191D2, 1),
    (0x1B123, 0x1B128, 1),
    (0x1B132, 0x1B132, 1),
    (0x1B155, 0x1B155, 1),
    (0x1B168, 0x1B168, 1),
    (0x1D127, 0x1D128, 1),
    (0x1D165, 0x1D166, 1),
    (0x1D16D, 0x1D172, 1),
    (0x1D250, 0x1D252, 1),
    (0x1D25B, 0x1D25C, 1),
    (0x1D25F, 0x1D25F, 1),
    (0x1D280, 0x1D281, 1),
    (0x1D300, 0x1D356, 1),
    (0x1D360, 0x1D376, 1),
    (0x1E08F, 0x1E08F, 1),
    (0x1E4EC, 0x1E4EF, 1),
    (0x1E5EE, 0x1E5EF, 1),
    (0x1E6E3, 0x1E6E3, 1),
    (0x1E6E6, 0x1E6E6, 1),
    (0x1E6EE, 0x1E6EF, 1),
    (0x1E6F5, 0x1E6F5, 1),
    (0x1F1AE, 0x1F1AE, 1),
    (0x1F203, 0x1F20F, 2),
    (0x1F23C, 0x1F23F, 2),
    (0x1F249, 0x1F24F, 2),
    (0x1F252, 0x1F25F, 2),
    (0x1F266, 0x1F2FF, 2),
    (0x1F6D8, 0x1F6D9, 1),
    (0x1F6DC, 0x1F6DC, 1),
    (0x1F7DA, 0x1F7DA, 1),
    (0x1FA75, 0x1FA77, 1),
    (0x1FA87, 0x1FA8F, 1),
    (0x1FAAD, 0x1FAAF, 1),
    (0x1FABB, 0x1FABF, 1),
    (0x1FAC6, 0x1FAC6, 1),
    (0x1FAC8, 0x1FAC8, 1),
    (0x1FACC, 0x1FACF, 1),
    (0x1FADA, 0x1FADD, 1),
    (0x1FADF, 0x1FADF, 1),
    (0x1FAE8, 0x1FAEB, 1),
    (0x1FAEF, 0x1FAEF, 1),
    (0x1FAF7, 0x1FAFA, 1),
    (0x2FFFE, 0x2FFFF, 2),
    (0x3FFFE, 0x3FFFF, 2),
    (0xE0000, 0xE0000, 1),
    (0xE0002, 0xE001F, 1),
    (0xE0080, 0xE00FF, 1),
    (0xE01F0, 0xE0FFF, 1),
];

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
    fn breaks_where_libunistring_does() {
        let breaks = |text: &str| {
            let mut at: Vec<usize> = possible_breaks(text).into_keys().collect();
            at.sort_unstable();
            at
        };
        assert_eq!(breaks("one two"), [4], "after spaces");
        assert_eq!(
            breaks("e.g.Next"),
            [2, 4],
            "after a full stop before a letter"
        );
        assert_eq!(breaks("a?b"), [2]);
        assert_eq!(breaks("well-known"), [5], "after a hyphen");
        assert_eq!(
            breaks("b$c 5% (1) a/b"),
            [4, 7, 11, 13],
            "not inside b$c, 5% or (1)"
        );
        assert_eq!(breaks("a〈a"), [1], "before a wide opening bracket");
        assert_eq!(breaks("a(a"), Vec::<usize>::new());
        assert_eq!(breaks("日本"), [3], "between ideographs");
        assert_eq!(breaks("´´"), Vec::<usize>::new());
        assert_eq!(
            breaks("👩\u{200d}💻"),
            Vec::<usize>::new(),
            "not inside an emoji sequence"
        );
        assert_eq!(columns('\u{ad}'), 0);
        assert_eq!(
            columns('\u{4dc0}'),
            1,
            "libunistring's width, not unicode-width's"
        );
        assert_eq!(columns('日'), 2);
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
