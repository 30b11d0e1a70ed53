//! How the bytes of an XML document become text, decided as libxml2 (the oracle of our schema
//! verdicts) decides: a byte-order mark or the first four bytes (XML 1.0 appendix F), then the
//! `encoding` of the XML declaration. UTF-8 and UTF-16 are decoded here; ISO-8859-1 and US-ASCII
//! exactly as named; every other encoding through encoding_rs.
//!
//! libxml2's choices, reproduced because our verdicts must equal its verdicts:
//! - a UTF-16 document (by its byte-order mark, or without one by its first characters `<?`)
//!   may declare `UTF-16`, its own byte order, or `UTF-8` (ignored); any other declaration
//!   contradicts its bytes and the document is refused;
//! - a document with a UTF-8 byte-order mark is UTF-8 whatever it declares, except that it may
//!   not declare UTF-16 nor an encoding nobody knows;
//! - a document that is not UTF-16 and declares UTF-16 is refused ("labelled UTF-16 but has
//!   UTF-8 content");
//! - bytes that are not valid in the declared encoding (or in UTF-8 when nothing is declared)
//!   make the document unreadable, where they are; a trailing odd byte of a UTF-16 document is
//!   ignored.
//!
//! encoding_rs decodes as browsers do (the WHATWG Encoding Standard), which treats the label
//! `ISO-8859-1` as windows-1252 and `US-ASCII` likewise; XML means the real ISO-8859-1 and
//! ASCII, so those two are decoded here, and windows-1252's five unassigned bytes are refused as
//! iconv (libxml2's decoder) refuses them.

use crate::diag::LineIndex;
use encoding_rs::{DecoderResult, Encoding};
use std::borrow::Cow;

/// What to do when the encoding cannot be read: the usual advice.
const SAVE_AS_UTF8: &str =
    "save the file as UTF-8 and declare encoding=\"UTF-8\" (or leave the encoding out)";

/// Why a document's bytes cannot be read as text, with the 1-based line and column (in
/// characters of what could be decoded) where that became clear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodingError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: &'static str,
}

/// Byte order of a UTF-16 document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    Le,
    Be,
}

impl Order {
    fn name(self) -> &'static str {
        match self {
            Order::Le => "UTF-16LE",
            Order::Be => "UTF-16BE",
        }
    }

    fn unit(self, pair: [u8; 2]) -> u16 {
        match self {
            Order::Le => u16::from_le_bytes(pair),
            Order::Be => u16::from_be_bytes(pair),
        }
    }
}

/// What the first bytes say (XML 1.0 appendix F, in libxml2's order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sniffed {
    Utf8Bom,
    Utf16 {
        order: Order,
        bom: bool,
    },
    Ucs4,
    Ebcdic,
    /// An ASCII-compatible encoding: the declaration decides, UTF-8 by default.
    Plain,
}

fn sniff(bytes: &[u8]) -> Sniffed {
    match bytes {
        [0, 0, 0, 0x3C, ..] | [0x3C, 0, 0, 0, ..] | [0, 0, 0x3C, 0, ..] | [0, 0x3C, 0, 0, ..] => {
            Sniffed::Ucs4
        }
        [0x4C, 0x6F, 0xA7, 0x94, ..] => Sniffed::Ebcdic,
        [0x3C, 0, 0x3F, 0, ..] => Sniffed::Utf16 {
            order: Order::Le,
            bom: false,
        },
        [0, 0x3C, 0, 0x3F, ..] => Sniffed::Utf16 {
            order: Order::Be,
            bom: false,
        },
        [0xEF, 0xBB, 0xBF, ..] => Sniffed::Utf8Bom,
        [0xFF, 0xFE, ..] => Sniffed::Utf16 {
            order: Order::Le,
            bom: true,
        },
        [0xFE, 0xFF, ..] => Sniffed::Utf16 {
            order: Order::Be,
            bom: true,
        },
        _ => Sniffed::Plain,
    }
}

/// An encoding a declaration can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Named {
    Utf8,
    /// `UTF-16` without a byte order.
    Utf16,
    Utf16In(Order),
    Latin1,
    Ascii,
    Windows1252,
    Other(&'static Encoding),
}

/// The encoding a label names, or `None` when it names none we can decode.
fn named(label: &str) -> Option<Named> {
    let label = label.trim().to_ascii_lowercase();
    let named = match label.as_str() {
        "utf-16" | "utf16" => Named::Utf16,
        "utf-16le" => Named::Utf16In(Order::Le),
        "utf-16be" => Named::Utf16In(Order::Be),
        // libxml2 hands UCS-2 to iconv, which reads it little-endian (as on our machines).
        "ucs-2" | "ucs2" | "iso-10646-ucs-2" | "csunicode" => Named::Utf16In(Order::Le),
        "iso-8859-1" | "iso8859-1" | "iso_8859-1" | "iso_8859-1:1987" | "iso88591" | "latin1"
        | "latin-1" | "iso-latin-1" | "l1" | "iso-ir-100" | "cp819" | "ibm819" | "csisolatin1" => {
            Named::Latin1
        }
        "us-ascii" | "ascii" | "ansi_x3.4-1968" | "iso646-us" | "iso-ir-6" | "us" | "cp367"
        | "ibm367" | "csascii" => Named::Ascii,
        _ => {
            let e = Encoding::for_label(label.as_bytes())?;
            if e == encoding_rs::UTF_8 {
                Named::Utf8
            } else if e == encoding_rs::UTF_16LE {
                Named::Utf16In(Order::Le)
            } else if e == encoding_rs::UTF_16BE {
                Named::Utf16In(Order::Be)
            } else if e == encoding_rs::WINDOWS_1252 {
                Named::Windows1252
            } else if e == encoding_rs::REPLACEMENT || e == encoding_rs::X_USER_DEFINED {
                // Labels that browsers refuse to decode, and a browser-only encoding.
                return None;
            } else {
                Named::Other(e)
            }
        }
    };
    Some(named)
}

/// The `encoding` value of an XML declaration at the start of `text`, with its character
/// offset (for the error column).
fn declared(text: &str) -> Option<(&str, usize)> {
    let rest = text.strip_prefix("<?xml")?;
    if !rest.starts_with([' ', '\t', '\r', '\n']) {
        return None;
    }
    let decl = &rest[..rest.find("?>")?];
    let at = decl.find("encoding")?;
    let after = decl[at + "encoding".len()..].trim_start();
    let after = after.strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &after[1..];
    let value = &value[..value.find(quote)?];
    let offset = text.len() - rest.len() + (decl.len() - after.len()) + 1;
    Some((value, text[..offset].chars().count() + 1))
}

/// The declaration of a document in an ASCII-compatible encoding: its bytes up to `?>`, read
/// as Latin-1 (only ASCII matters).
fn declared_in_bytes(bytes: &[u8]) -> Option<(String, usize)> {
    let head = &bytes[..bytes.len().min(1024)];
    let end = head.windows(2).position(|w| w == b"?>")?;
    let ascii: String = head[..end + 2].iter().map(|&b| char::from(b)).collect();
    declared(&ascii).map(|(v, at)| (v.to_owned(), at))
}

/// Whether a document that starts with `head` (its first KiB, or all of it when shorter) is
/// UTF-8 as far as its first bytes and its XML declaration tell: no sign of UTF-16 or UCS-4, and
/// no declaration of another encoding. Such a document can be read as a stream of UTF-8 bytes;
/// any other needs [`decode`].
pub fn is_utf8(head: &[u8]) -> bool {
    let (sniffed, body) = match sniff(head) {
        Sniffed::Utf8Bom => (Sniffed::Utf8Bom, &head[3..]),
        sniffed => (sniffed, head),
    };
    match sniffed {
        Sniffed::Utf8Bom | Sniffed::Plain => {
            declared_in_bytes(body).is_none_or(|(label, _)| named(&label) == Some(Named::Utf8))
        }
        Sniffed::Utf16 { .. } | Sniffed::Ucs4 | Sniffed::Ebcdic => false,
    }
}

/// Decodes a whole document to text, the byte-order mark left out.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, EncodingError> {
    match sniff(bytes) {
        Sniffed::Ucs4 => Err(at_start(
            "the document is in UCS-4 (UTF-32), which is not supported".to_owned(),
        )),
        Sniffed::Ebcdic => Err(at_start(
            "the document is in an EBCDIC encoding, which is not supported".to_owned(),
        )),
        Sniffed::Utf16 { order, bom } => {
            let body = if bom { &bytes[2..] } else { bytes };
            let head = utf16_head(body, order);
            if let Some((label, column)) = declared(&head) {
                match named(label) {
                    None => return Err(unknown(label, column)),
                    Some(Named::Utf8 | Named::Utf16) => {}
                    Some(Named::Utf16In(o)) if o == order => {}
                    Some(_) => {
                        let why = if bom {
                            "by its byte-order mark"
                        } else {
                            "by its first bytes"
                        };
                        return Err(EncodingError {
                            line: 1,
                            column,
                            message: format!(
                                "the document is {} ({why}) but its XML declaration says `{label}`",
                                order.name()
                            ),
                            hint: "declare encoding=\"UTF-16\", or save the file in the encoding it declares",
                        });
                    }
                }
            }
            utf16(body, order).map(Cow::Owned)
        }
        Sniffed::Utf8Bom => {
            let body = &bytes[3..];
            match declared_in_bytes(body) {
                Some((label, column)) => match named(&label) {
                    None => Err(unknown(&label, column)),
                    Some(Named::Utf16 | Named::Utf16In(_)) => Err(not_utf16(&label, column)),
                    // The byte-order mark wins over any other declaration.
                    Some(_) => utf8(body),
                },
                None => utf8(body),
            }
        }
        Sniffed::Plain => {
            let Some((label, column)) = declared_in_bytes(bytes) else {
                return utf8(bytes);
            };
            match named(&label) {
                None => Err(unknown(&label, column)),
                Some(Named::Utf16 | Named::Utf16In(_)) => Err(not_utf16(&label, column)),
                Some(Named::Utf8) => utf8(bytes),
                Some(Named::Latin1) => {
                    Ok(Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()))
                }
                Some(Named::Ascii) => match bytes.iter().position(|b| !b.is_ascii()) {
                    None => utf8(bytes),
                    Some(at) => Err(undecodable(bytes, at, &label)),
                },
                Some(Named::Windows1252) => {
                    // Unassigned in windows-1252: iconv refuses them, encoding_rs would not.
                    let unassigned = bytes
                        .iter()
                        .position(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D));
                    match unassigned {
                        None => other(bytes, encoding_rs::WINDOWS_1252, &label),
                        Some(at) => Err(undecodable(bytes, at, &label)),
                    }
                }
                Some(Named::Other(e)) => other(bytes, e, &label),
            }
        }
    }
}

fn at_start(message: String) -> EncodingError {
    EncodingError {
        line: 1,
        column: 1,
        message,
        hint: SAVE_AS_UTF8,
    }
}

fn unknown(label: &str, column: usize) -> EncodingError {
    EncodingError {
        line: 1,
        column,
        message: format!(
            "the XML declaration names the encoding `{label}`, which is unknown or not supported"
        ),
        hint: SAVE_AS_UTF8,
    }
}

fn not_utf16(label: &str, column: usize) -> EncodingError {
    EncodingError {
        line: 1,
        column,
        message: format!(
            "the XML declaration says `{label}`, but the document is not UTF-16 (it starts with single-byte characters)"
        ),
        hint: "declare the encoding the file is saved in (usually UTF-8), or save it as UTF-16 with a byte-order mark",
    }
}

/// The bytes at `at` cannot be decoded as `label`; the position is that of the text before them.
fn undecodable(bytes: &[u8], at: usize, label: &str) -> EncodingError {
    let before: String = match std::str::from_utf8(&bytes[..at]) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes[..at].iter().map(|&b| char::from(b)).collect(),
    };
    located(
        &before,
        bytes.get(at..at + 4).unwrap_or(&bytes[at..]),
        label,
    )
}

fn located(before: &str, bad: &[u8], label: &str) -> EncodingError {
    let (line, column) = LineIndex::new(before).line_col(before.len());
    let shown: Vec<String> = bad.iter().map(|b| format!("0x{b:02X}")).collect();
    let (message, hint) = if label.is_empty() {
        (
            format!(
                "the document is not valid UTF-8 (bytes {} here), and its XML declaration names no other encoding",
                shown.join(" ")
            ),
            "declare the encoding the file is saved in (e.g. encoding=\"ISO-8859-1\"), or save it as UTF-8",
        )
    } else {
        (
            format!(
                "the document is not valid `{label}`: bytes {} here cannot be decoded",
                shown.join(" ")
            ),
            "declare the encoding the file is really saved in, or save it as UTF-8",
        )
    };
    EncodingError {
        line,
        column,
        message,
        hint,
    }
}

fn utf8(bytes: &[u8]) -> Result<Cow<'_, str>, EncodingError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let at = e.valid_up_to();
            let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let len = e.error_len().unwrap_or(bytes.len() - at).min(4);
            let label = declared_in_bytes(bytes).map(|(l, _)| l).unwrap_or_default();
            Err(located(before, &bytes[at..at + len], &label))
        }
    }
}

/// The first characters of a UTF-16 document, enough for its XML declaration.
fn utf16_head(body: &[u8], order: Order) -> String {
    let head = &body[..body.len().min(2048) & !1];
    let units = head.chunks_exact(2).map(|c| order.unit([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect()
}

fn utf16(body: &[u8], order: Order) -> Result<String, EncodingError> {
    // libxml2 ignores a last odd byte.
    let units = body.chunks_exact(2).map(|c| order.unit([c[0], c[1]]));
    let mut text = String::with_capacity(body.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => text.push(c),
            Err(_) => {
                let bad = &body[i * 2..(i * 2 + 2).min(body.len())];
                return Err(located(&text, bad, order.name()));
            }
        }
    }
    Ok(text)
}

/// Decodes with encoding_rs, refusing what the encoding cannot decode.
fn other(
    bytes: &[u8],
    encoding: &'static Encoding,
    label: &str,
) -> Result<Cow<'static, str>, EncodingError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(Cow::Owned(text)),
        DecoderResult::Malformed(bad, extra) => {
            let end = read.saturating_sub(usize::from(extra));
            let start = end.saturating_sub(usize::from(bad));
            Err(located(&text, &bytes[start..end], label))
        }
        // The capacity is the documented worst case; this cannot happen.
        DecoderResult::OutputFull => Err(at_start(format!(
            "the document could not be decoded as `{label}`"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, order: Order, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(match order {
                Order::Le => [0xFF, 0xFE],
                Order::Be => [0xFE, 0xFF],
            });
        }
        for unit in text.encode_utf16() {
            out.extend(match order {
                Order::Le => unit.to_le_bytes(),
                Order::Be => unit.to_be_bytes(),
            });
        }
        out
    }

    fn decl(enc: &str) -> String {
        format!("<?xml version=\"1.0\" encoding=\"{enc}\"?>\n<a>caf\u{e9} \u{20ac}</a>")
    }

    #[test]
    fn utf16_by_byte_order_mark_or_declaration() {
        let accepted = [
            utf16(&decl("UTF-16"), Order::Le, true),
            utf16(&decl("UTF-16"), Order::Be, true),
            utf16(&decl("UTF-16LE"), Order::Le, false),
            utf16(&decl("UTF-16BE"), Order::Be, false),
            utf16(&decl("UTF-16"), Order::Le, false),
            utf16(&decl("UTF-8"), Order::Le, true),
            utf16("<a>caf\u{e9} \u{20ac}</a>", Order::Le, true),
        ];
        for bytes in &accepted {
            let text = decode(bytes).unwrap_or_else(|e| panic!("{e:?}"));
            assert!(text.ends_with("<a>caf\u{e9} \u{20ac}</a>"), "{text}");
            assert!(!text.starts_with('\u{feff}'));
        }
        let refused = [
            (utf16(&decl("UTF-16BE"), Order::Le, true), "says `UTF-16BE`"),
            (
                utf16(&decl("ISO-8859-1"), Order::Le, false),
                "says `ISO-8859-1`",
            ),
            (utf16(&decl("x-nope"), Order::Be, true), "unknown"),
            (decl("UTF-16").into_bytes(), "not UTF-16"),
            (
                [&[0xEF, 0xBB, 0xBF][..], decl("UTF-16LE").as_bytes()].concat(),
                "not UTF-16",
            ),
        ];
        for (bytes, want) in &refused {
            let e = decode(bytes).expect_err(want);
            assert!(e.message.contains(want), "{want}: {e:?}");
        }
        // Without a byte-order mark or `<?`, UTF-16 is not recognised: it is read as UTF-8,
        // and the reader then refuses its NUL characters, as libxml2 does.
        assert!(decode(&utf16("<a/>", Order::Le, false)).is_ok_and(|t| t.contains('\0')));
        let mut odd = utf16("<a/>", Order::Le, true);
        odd.push(0);
        assert_eq!(decode(&odd).as_deref(), Ok("<a/>"));
        let mut lone = utf16("<a>\n", Order::Le, true);
        lone.extend([0x00, 0xD8, b'x', 0]);
        let e = decode(&lone).expect_err("lone surrogate");
        assert_eq!((e.line, e.column), (2, 1), "{e:?}");
    }

    #[test]
    fn declared_single_byte_encodings() {
        let latin1 = b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\xE9\x80</a>";
        assert!(decode(latin1).is_ok_and(|t| t.ends_with("<a>\u{e9}\u{80}</a>")));
        let cp1252 = b"<?xml version='1.0' encoding='windows-1252'?><a>\x80\x92</a>";
        assert!(decode(cp1252).is_ok_and(|t| t.contains("\u{20ac}\u{2019}")));
        let sjis = [
            &b"<?xml version='1.0' encoding='Shift_JIS'?><a>"[..],
            b"\x93\xfa\x96\x7b</a>",
        ]
        .concat();
        assert!(decode(&sjis).is_ok_and(|t| t.contains("\u{65e5}\u{672c}")));
        // A UTF-8 byte-order mark wins over a declared single-byte encoding.
        let bom = "\u{feff}<?xml version='1.0' encoding='ISO-8859-1'?><a>\u{e9}</a>";
        assert!(decode(bom.as_bytes()).is_ok_and(|t| t.contains("<a>\u{e9}</a>")));
    }

    #[test]
    fn undecodable_bytes_are_located() {
        let cases: &[(&[u8], &str, (usize, usize))] = &[
            (
                b"<?xml version='1.0'?>\n<a>\n  x\xFF</a>",
                "not valid UTF-8",
                (3, 4),
            ),
            (
                b"<?xml version='1.0' encoding='UTF-8'?><a>\xE9</a>",
                "not valid `UTF-8`",
                (1, 42),
            ),
            (
                b"<?xml version='1.0' encoding='US-ASCII'?><a>\xE9</a>",
                "not valid `US-ASCII`",
                (1, 45),
            ),
            (
                b"<?xml version='1.0' encoding='windows-1252'?><a>\x81</a>",
                "0x81",
                (1, 49),
            ),
            (
                b"<?xml version='1.0' encoding='Shift_JIS'?>\n<a>\x81</a>",
                "not valid `Shift_JIS`",
                (2, 4),
            ),
        ];
        for (bytes, want, at) in cases {
            let e = decode(bytes).expect_err(want);
            assert!(e.message.contains(want), "{want}: {e:?}");
            assert_eq!((e.line, e.column), *at, "{want}");
        }
    }

    #[test]
    fn unknown_and_unsupported_encodings() {
        let e = decode(b"<?xml version=\"1.0\" encoding=\"x-no-such\"?><a/>").expect_err("unknown");
        assert_eq!((e.line, e.column), (1, 31));
        assert!(e.message.contains("`x-no-such`, which is unknown"), "{e:?}");
        assert!(e.hint.contains("UTF-8"));
        for label in ["", "UTF-32", "IBM037", "ISO-2022-KR", "x-user-defined"] {
            let doc = format!("<?xml version=\"1.0\" encoding=\"{label}\"?><a/>");
            assert!(decode(doc.as_bytes()).is_err(), "{label}");
        }
        assert!(decode(&[0, 0, 0, 0x3C]).is_err_and(|e| e.message.contains("UCS-4")));
        assert!(decode(&[0x4C, 0x6F, 0xA7, 0x94]).is_err_and(|e| e.message.contains("EBCDIC")));
    }

    /// A document `is_utf8` lets through reads as its UTF-8 bytes (the byte-order mark left out),
    /// as `decode` reads it; every other one needs `decode`.
    #[test]
    fn utf8_documents_are_known_by_their_start() {
        let plain = "<a>caf\u{e9}</a>".to_owned();
        let streamable = [
            plain.clone(),
            format!("\u{feff}{plain}"),
            decl("UTF-8"),
            decl("utf8"),
            format!("\u{feff}{}", decl("UTF-8")),
            "<?xml version=\"1.0\"?><a/>".to_owned(),
            "<a>\u{e9}\u{e9}".repeat(600),
        ];
        for doc in &streamable {
            assert!(is_utf8(doc.as_bytes()), "{doc}");
            let text = doc.strip_prefix('\u{feff}').unwrap_or(doc);
            assert_eq!(decode(doc.as_bytes()).as_deref(), Ok(text));
        }
        let decoded: [Vec<u8>; 7] = [
            decl("ISO-8859-1").into_bytes(),
            decl("windows-1252").into_bytes(),
            decl("US-ASCII").into_bytes(),
            decl("no-such-encoding").into_bytes(),
            utf16(&decl("UTF-16"), Order::Le, true),
            utf16(&decl("UTF-16"), Order::Be, true),
            utf16(&decl("UTF-16"), Order::Le, false),
        ];
        for doc in &decoded {
            assert!(!is_utf8(doc), "{}", String::from_utf8_lossy(doc));
        }
        assert!(!is_utf8(b"\0\0\0<\0\0\0?"), "UCS-4");
    }

    #[test]
    fn no_bytes_make_it_panic() {
        let mut state: u64 = 7;
        let heads: [&[u8]; 5] = [
            b"<?xml version='1.0' encoding='",
            b"\xEF\xBB\xBF<?xml version='1.0' encoding='",
            b"\xFF\xFE<\0?\0x\0m\0l\0",
            b"<\0?\0",
            b"",
        ];
        for i in 0..4000 {
            let mut bytes = heads[i % heads.len()].to_vec();
            for _ in 0..(i % 23) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                bytes.push((state >> 33) as u8);
            }
            if i % 3 == 0 {
                bytes.extend_from_slice(b"'?><a/>");
            }
            let _ = decode(&bytes);
        }
    }
}
