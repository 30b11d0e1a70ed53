//! Checks a WebVTT caption file (W3C WebVTT: the file body, cue timings and settings) and reports
//! each problem at its line and column in the caption file.
//!
//! coursepack never rewrites caption files: it ships them as they are, so this module only needs
//! to know whether a browser will read every cue the author wrote, at the time the author meant.
//! It reads the structure the browser's parser reads (the `WEBVTT` line, blocks separated by blank
//! lines, `NOTE`, `STYLE` and `REGION` blocks, cues with an optional identifier and a timing line)
//! and checks what the syntax requires: well-formed timestamps, an end after the start, start
//! times that never go back, cues within the media's length when it is known. The crates that
//! parse WebVTT are pre-1.0 or unmaintained and give no line numbers, hence this small reader.

use crate::diag::{Diagnostic, Diagnostics, Location};

/// One cue as read: where its timing line is and when it shows, in milliseconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    pub line: usize,
    pub start: u64,
    pub end: u64,
}

/// The cue settings a browser knows (WebVTT, "cue settings").
const SETTINGS: &[&str] = &["vertical", "line", "position", "size", "align", "region"];

/// Checks the WebVTT file `file` (its text) against the length of its media, when known, and
/// returns the cues that are well formed.
pub fn check(file: &str, text: &str, media_ms: Option<u64>, diags: &mut Diagnostics) -> Vec<Cue> {
    let mut reader = Reader {
        file,
        diags,
        cues: Vec::new(),
        errors: 0,
    };
    reader.read(text.strip_prefix('\u{feff}').unwrap_or(text), media_ms);
    reader.cues
}

/// A line of the file with its 1-based number.
#[derive(Clone, Copy)]
struct Line<'a> {
    no: usize,
    text: &'a str,
}

struct Reader<'f, 'd> {
    file: &'f str,
    diags: &'d mut Diagnostics,
    cues: Vec<Cue>,
    /// Errors found in this file so far.
    errors: usize,
}

impl Reader<'_, '_> {
    fn read(&mut self, text: &str, media_ms: Option<u64>) {
        let lines: Vec<Line<'_>> = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| Line {
                no: i + 1,
                text: l.strip_suffix('\r').unwrap_or(l),
            })
            .collect();
        let first = lines.first().map_or("", |l| l.text);
        let signed = first
            .strip_prefix("WEBVTT")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
        if !signed {
            self.error(
                lines[0],
                1,
                "a WebVTT file must start with `WEBVTT`".into(),
                "write `WEBVTT` alone on the first line, then a blank line, then the cues",
            );
            return;
        }
        // Blocks: runs of non-blank lines. The lines right after `WEBVTT` are its header.
        let mut blocks: Vec<&[Line<'_>]> = Vec::new();
        let mut start = None;
        for (i, line) in lines.iter().enumerate().skip(1) {
            match (line.text.is_empty(), start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    blocks.push(&lines[s..i]);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            blocks.push(&lines[s..]);
        }
        let header_follows = lines.get(1).is_some_and(|l| !l.text.is_empty());
        let mut seen_cue = false;
        for (k, block) in blocks.into_iter().enumerate() {
            if k == 0 && header_follows {
                if let Some(line) = block.iter().find(|l| l.text.contains("-->")) {
                    self.error(
                        *line,
                        1,
                        "a cue cannot start right under `WEBVTT`".into(),
                        "leave a blank line after the `WEBVTT` line (and its header lines)",
                    );
                }
                continue;
            }
            self.block(block, &mut seen_cue, media_ms);
        }
        if self.cues.is_empty() && self.errors == 0 {
            self.error(
                lines[0],
                1,
                "the caption file has no cue".into(),
                "add cues: a timing line such as `00:00.000 --> 00:04.000`, then its text",
            );
        }
    }

    fn block(&mut self, block: &[Line<'_>], seen_cue: &mut bool, media_ms: Option<u64>) {
        let head = block[0];
        if is_keyword(head.text, "NOTE") {
            if let Some(line) = block.iter().find(|l| l.text.contains("-->")) {
                self.error(
                    *line,
                    column_of(line.text, "-->"),
                    "a `NOTE` comment cannot contain `-->`".into(),
                    "reword the comment, or leave a blank line before the cue that follows it",
                );
            }
            return;
        }
        if is_keyword(head.text, "STYLE") || is_keyword(head.text, "REGION") {
            if *seen_cue {
                let word = head.text.split_whitespace().next().unwrap_or_default();
                self.warning(
                    head,
                    format!("a `{word}` block after the first cue is ignored by browsers"),
                    "move it above the first cue",
                );
            }
            return;
        }
        let (timing, payload) = if head.text.contains("-->") {
            (head, &block[1..])
        } else {
            match block.get(1) {
                Some(line) if line.text.contains("-->") => (*line, &block[2..]),
                _ => {
                    self.error(
                        head,
                        1,
                        "this block is neither a cue nor a `NOTE`".into(),
                        "a cue is an optional identifier line, a timing line such as `00:00.000 --> 00:04.000`, then its text; start a comment with `NOTE`",
                    );
                    return;
                }
            }
        };
        *seen_cue = true;
        if let Some(line) = payload.iter().find(|l| l.text.contains("-->")) {
            self.error(
                *line,
                column_of(line.text, "-->"),
                "a blank line must come before the next cue".into(),
                "separate cues with a blank line: without it, this line is read as caption text",
            );
        }
        let Some((start, end)) = self.timing(timing) else {
            return;
        };
        if end <= start {
            let column = column_of(timing.text, "-->");
            self.error(
                timing,
                column,
                format!(
                    "the cue ends at {} but starts at {}",
                    show(end),
                    show(start)
                ),
                "the end time must come after the start time",
            );
        }
        if let Some(previous) = self.cues.last() {
            if start < previous.start {
                self.error(
                    timing,
                    1,
                    format!(
                        "the cue starts at {}, before the cue of line {} ({})",
                        show(start),
                        previous.line,
                        show(previous.start)
                    ),
                    "write the cues in the order they are shown: start times must never go back",
                );
            }
        }
        if let Some(length) = media_ms {
            if end > length {
                let column = column_of(timing.text, "-->");
                self.error(
                    timing,
                    column,
                    format!(
                        "the cue ends at {}, after the end of the media ({})",
                        show(end),
                        show(length)
                    ),
                    "check that the caption file belongs to this media file; cues must end within its length",
                );
            }
        }
        self.cues.push(Cue {
            line: timing.no,
            start,
            end,
        });
    }

    /// Reads a timing line `start --> end [settings]`; reports what is malformed.
    fn timing(&mut self, line: Line<'_>) -> Option<(u64, u64)> {
        let text = line.text;
        let arrow = text.find("-->")?;
        let start_text = text[..arrow].trim();
        let after = &text[arrow + 3..];
        let after_trimmed = after.trim_start_matches([' ', '\t']);
        let end_offset = arrow + 3 + (after.len() - after_trimmed.len());
        let end_len = after_trimmed
            .find([' ', '\t'])
            .unwrap_or(after_trimmed.len());
        let end_text = &after_trimmed[..end_len];
        let start_offset = text[..arrow].len() - text[..arrow].trim_start().len();
        let start = match start_text {
            "" => {
                self.error(
                    line,
                    1,
                    "the cue has no start time".into(),
                    "write the start time before `-->`: `00:00.000 --> 00:04.000`",
                );
                None
            }
            t => self.timestamp(line, t, column_at(text, start_offset)),
        };
        let end = match end_text {
            "" => {
                self.error(
                    line,
                    column_at(text, arrow) + 3,
                    "the cue has no end time".into(),
                    "write the end time after `-->`: `00:00.000 --> 00:04.000`",
                );
                None
            }
            t => self.timestamp(line, t, column_at(text, end_offset)),
        };
        let settings_offset = end_offset + end_len;
        self.settings(line, settings_offset);
        Some((start?, end?))
    }

    /// A timestamp `[hh:]mm:ss.ttt` in milliseconds.
    fn timestamp(&mut self, line: Line<'_>, t: &str, column: usize) -> Option<u64> {
        match parse_timestamp(t) {
            Ok(ms) => Some(ms),
            Err(why) => {
                self.error(
                    line,
                    column,
                    format!("`{t}` is not a WebVTT timestamp: {why}"),
                    "write times as `mm:ss.ttt` or `hh:mm:ss.ttt`, e.g. `01:02.500` or `00:01:02.500`",
                );
                None
            }
        }
    }

    /// Cue settings after the end time: `name:value` separated by spaces.
    fn settings(&mut self, line: Line<'_>, offset: usize) {
        let rest = &line.text[offset..];
        let mut at = offset;
        for token in rest.split([' ', '\t']) {
            let column = column_at(line.text, at);
            at += token.len() + 1;
            if token.is_empty() {
                continue;
            }
            match token.split_once(':') {
                Some((name, value)) if !name.is_empty() && !value.is_empty() => {
                    if !SETTINGS.contains(&name) {
                        self.warning_at(
                            line,
                            column,
                            format!("unknown cue setting `{name}`: browsers ignore it"),
                            "cue settings are vertical, line, position, size, align and region",
                        );
                    }
                }
                _ => self.error(
                    line,
                    column,
                    format!("`{token}` after the end time is not a cue setting"),
                    "after the end time only settings may follow, as `name:value` (e.g. `align:start`)",
                ),
            }
        }
    }

    fn error(&mut self, line: Line<'_>, column: usize, message: String, hint: &str) {
        self.errors += 1;
        self.diags.push(
            Diagnostic::error(message)
                .at(Location::new(self.file, line.no, column))
                .with_source_line(line.text)
                .hint(hint),
        );
    }

    fn warning(&mut self, line: Line<'_>, message: String, hint: &str) {
        self.warning_at(line, 1, message, hint);
    }

    fn warning_at(&mut self, line: Line<'_>, column: usize, message: String, hint: &str) {
        self.diags.push(
            Diagnostic::warning(message)
                .at(Location::new(self.file, line.no, column))
                .with_source_line(line.text)
                .hint(hint),
        );
    }
}

/// Whether `text` is the keyword alone or followed by a space or tab (`NOTE`, `STYLE`, `REGION`).
fn is_keyword(text: &str, keyword: &str) -> bool {
    text.strip_prefix(keyword)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// Parses `[hh:]mm:ss.ttt` (hours: two digits or more; minutes and seconds 00–59; exactly three
/// digits of milliseconds) into milliseconds.
pub fn parse_timestamp(t: &str) -> Result<u64, &'static str> {
    let (clock, millis) = t
        .split_once('.')
        .ok_or("the milliseconds are missing (`.ttt`)")?;
    if millis.len() != 3 || !millis.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the milliseconds must be exactly three digits");
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let (hours, minutes, seconds) = match parts.as_slice() {
        [m, s] => ("0", *m, *s),
        [h, m, s] if h.len() >= 2 => (*h, *m, *s),
        [_, _, _] => return Err("hours, when written, take at least two digits"),
        _ => return Err("write minutes and seconds, and hours when needed"),
    };
    let two = |s: &str, what| {
        if s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(s.parse::<u64>().unwrap_or(0))
        } else {
            Err(what)
        }
    };
    let m = two(minutes, "the minutes must be two digits")?;
    let s = two(seconds, "the seconds must be two digits")?;
    if m > 59 || s > 59 {
        return Err("minutes and seconds go from 00 to 59");
    }
    if hours.len() > 9 || !hours.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the hours must be digits");
    }
    let h: u64 = hours.parse().map_err(|_| "the hours must be digits")?;
    let ms: u64 = millis.parse().map_err(|_| "bad milliseconds")?;
    Ok(((h * 60 + m) * 60 + s) * 1000 + ms)
}

/// A time in milliseconds as WebVTT writes it (`01:02.500`, `1:02:03.000`).
pub fn show(ms: u64) -> String {
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let (s, t) = (rest / 1000, rest % 1000);
    if h > 0 {
        format!("{h:02}:{m:02}:{s:02}.{t:03}")
    } else {
        format!("{m:02}:{s:02}.{t:03}")
    }
}

/// The 1-based character column of the first occurrence of `needle` in `text` (1 when absent).
fn column_of(text: &str, needle: &str) -> usize {
    text.find(needle).map_or(1, |o| column_at(text, o))
}

/// The 1-based character column of a byte offset.
fn column_at(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(offset, |s| s.chars().count()) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cues as `line start-end`, then the diagnostics in the short form.
    fn outline(text: &str, media_ms: Option<u64>) -> String {
        let mut diags = Diagnostics::new();
        let cues = check("c.vtt", text, media_ms, &mut diags);
        let mut out: Vec<String> = cues
            .iter()
            .map(|c| format!("{} {}-{}", c.line, c.start, c.end))
            .collect();
        out.extend(diags.iter().map(|d| d.short()));
        out.join("\n")
    }

    fn check_vtt(text: &str, expect: &str) {
        assert_eq!(outline(text, Some(10_000)), expect.trim(), "input:\n{text}");
    }

    #[test]
    fn timestamps() {
        for (t, ms) in [
            ("00:00.000", 0),
            ("01:02.500", 62_500),
            ("00:01:02.500", 62_500),
            ("10:00:00.001", 36_000_001),
            ("123:00:00.000", 442_800_000),
        ] {
            assert_eq!(parse_timestamp(t), Ok(ms), "{t}");
        }
        for (t, why) in [
            ("00:00", "the milliseconds are missing (`.ttt`)"),
            ("00:00.5", "the milliseconds must be exactly three digits"),
            ("0:00.000", "the minutes must be two digits"),
            (
                "1:00:00.000",
                "hours, when written, take at least two digits",
            ),
            ("00:60.000", "minutes and seconds go from 00 to 59"),
            ("00:0a.000", "the seconds must be two digits"),
            ("5.000", "write minutes and seconds, and hours when needed"),
        ] {
            assert_eq!(parse_timestamp(t), Err(why), "{t}");
        }
        assert_eq!(show(62_500), "01:02.500");
        assert_eq!(show(3_723_004), "01:02:03.004");
    }

    #[test]
    fn well_formed_files() {
        check_vtt(
            "WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n\n00:02.000 --> 00:04.000 align:start line:0\nWorld\n",
            "3 0-2000\n6 2000-4000",
        );
        // BOM, CRLF, a header, identifiers, comments, style before the cues, hours.
        check_vtt(
            "\u{feff}WEBVTT - English\r\nKind: captions\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\nNOTE made by hand\r\n\r\nintro\r\n00:00:01.000 --> 00:00:03.500\r\n<v Ann>Hi\r\n\r\n2\r\n00:00:03.500\t-->\t00:00:05.000\r\n",
            "10 1000-3500\n14 3500-5000",
        );
        // Equal start times are allowed; a cue may have no text.
        check_vtt(
            "WEBVTT\n\n00:01.000 --> 00:02.000\n\n00:01.000 --> 00:03.000\nx",
            "3 1000-2000\n5 1000-3000",
        );
    }

    #[test]
    fn problems_are_reported_at_their_line_and_column() {
        check_vtt(
            "WEBVT\n\n00:00.000 --> 00:01.000\nx\n",
            "c.vtt:1:1: error: a WebVTT file must start with `WEBVTT`",
        );
        check_vtt(
            "WEBVTTx\n",
            "c.vtt:1:1: error: a WebVTT file must start with `WEBVTT`",
        );
        check_vtt("WEBVTT\n", "c.vtt:1:1: error: the caption file has no cue");
        check_vtt(
            "WEBVTT\n00:00.000 --> 00:01.000\nx\n",
            "c.vtt:2:1: error: a cue cannot start right under `WEBVTT`",
        );
        check_vtt(
            "WEBVTT\n\n00:00.000 --> 00:01.00\nx\n",
            "c.vtt:3:15: error: `00:01.00` is not a WebVTT timestamp: the milliseconds must be exactly three digits",
        );
        check_vtt(
            "WEBVTT\n\n0:00.000 --> 00:01.000\nx\n",
            "c.vtt:3:1: error: `0:00.000` is not a WebVTT timestamp: the minutes must be two digits",
        );
        check_vtt(
            "WEBVTT\n\n --> 00:01.000\nx\n",
            "c.vtt:3:1: error: the cue has no start time",
        );
        check_vtt(
            "WEBVTT\n\n00:00.000 -->\nx\n",
            "c.vtt:3:14: error: the cue has no end time",
        );
        check_vtt(
            "WEBVTT\n\n00:02.000 --> 00:01.000\nx\n",
            "3 2000-1000\nc.vtt:3:11: error: the cue ends at 00:01.000 but starts at 00:02.000",
        );
        check_vtt(
            "WEBVTT\n\n00:03.000 --> 00:04.000\na\n\n00:01.000 --> 00:02.000\nb\n",
            "3 3000-4000\n6 1000-2000\nc.vtt:6:1: error: the cue starts at 00:01.000, before the cue of line 3 (00:03.000)",
        );
        check_vtt(
            "WEBVTT\n\n00:09.000 --> 00:12.000\nx\n",
            "3 9000-12000\nc.vtt:3:11: error: the cue ends at 00:12.000, after the end of the media (00:10.000)",
        );
        check_vtt(
            "WEBVTT\n\n00:00.000 --> 00:01.000\na\n00:01.000 --> 00:02.000\nb\n",
            "3 0-1000\nc.vtt:5:11: error: a blank line must come before the next cue",
        );
        check_vtt(
            "WEBVTT\n\nhello\nworld\n",
            "c.vtt:3:1: error: this block is neither a cue nor a `NOTE`",
        );
        check_vtt(
            "WEBVTT\n\nNOTE a --> b\n\n00:00.000 --> 00:01.000\nx\n",
            "5 0-1000\nc.vtt:3:8: error: a `NOTE` comment cannot contain `-->`",
        );
        check_vtt(
            "WEBVTT\n\n00:00.000 --> 00:01.000 colour:red align\nx\n",
            "3 0-1000\nc.vtt:3:25: warning: unknown cue setting `colour`: browsers ignore it\nc.vtt:3:36: error: `align` after the end time is not a cue setting",
        );
        check_vtt(
            "WEBVTT\n\n00:00.000 --> 00:01.000\nx\n\nSTYLE\n::cue {}\n",
            "3 0-1000\nc.vtt:6:1: warning: a `STYLE` block after the first cue is ignored by browsers",
        );
    }

    #[test]
    fn the_media_length_is_checked_only_when_known() {
        let text = "WEBVTT\n\n00:09.000 --> 00:12.000\nx\n";
        assert_eq!(outline(text, None), "3 9000-12000");
        assert_eq!(outline(text, Some(12_000)), "3 9000-12000");
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "",
            "\u{feff}",
            "WEBVTT\n\n-->",
            "WEBVTT\n\n-->-->",
            "WEBVTT\n\né --> é\n",
            "WEBVTT\n\n00:00.000-->00:01.000\n",
            "WEBVTT\n\nx\n-->\n",
            "WEBVTT\r\n\r\n\r",
        ] {
            let mut diags = Diagnostics::new();
            check("c.vtt", text, Some(1), &mut diags);
        }
    }
}
