//! Translation files read as streams give what the whole text gives: the same catalogs, each
//! entry at the same line and column, and the same diagnostics with the same lines shown, however
//! the bytes are cut into reads.

use super::catalog::Catalog;
use super::xliff::tests::{catalog, entry, generated_catalogs, sample_catalogs};
use super::{po, xliff, FileFormat};
use crate::diag::Diagnostic;
use std::io::BufReader;

/// A buffer smaller than most tags, names and characters' neighbourhoods: every construct is cut.
const TINY: usize = 7;

const FORMATS: [FileFormat; 2] = [FileFormat::Xliff, FileFormat::Po];

/// What a diagnostic says and shows, to compare two reads.
fn shown(ds: Vec<Diagnostic>) -> Vec<(String, Option<String>, Option<String>)> {
    ds.into_iter()
        .map(|d| (d.short(), d.source_line, d.hint))
        .collect()
}

/// Reads `text` through a tiny buffer, the diagnostics' lines read back through one too.
fn read_in_pieces(format: FileFormat, text: &str, file: &str) -> Result<Catalog, Vec<Diagnostic>> {
    let pieces = || BufReader::with_capacity(TINY, text.as_bytes());
    format
        .read_from(pieces(), file)
        .map_err(|pending| pending.resolve(pieces()))
}

/// Every entry's key with its line and column (catalog equality ignores them).
fn places(c: &Catalog) -> Vec<(String, usize, usize)> {
    c.entries
        .iter()
        .map(|e| (e.key.clone(), e.line, e.column))
        .collect()
}

/// The text as saved by editors that end lines with CRLF and start with a byte order mark.
fn windows(text: &str) -> String {
    format!("\u{feff}{}", text.replace('\n', "\r\n"))
}

fn assert_same_read(format: FileFormat, text: &str, what: &str) {
    let whole = format.read(text, "t");
    let pieces = read_in_pieces(format, text, "t");
    match (whole, pieces) {
        (Ok(a), Ok(b)) => {
            assert_eq!(places(&a), places(&b), "{what}");
            assert_eq!(a.line, b.line, "{what}");
            assert_eq!(a, b, "{what}");
        }
        (Err(a), Err(b)) => assert_eq!(shown(a), shown(b), "{what}"),
        (a, b) => panic!("{what}: whole text {a:?}, in pieces {b:?}"),
    }
}

#[test]
fn files_read_in_pieces_give_the_same_catalogs() {
    let mut catalogs: Vec<Catalog> = sample_catalogs().into_iter().map(|(_, c)| c).collect();
    catalogs.extend(generated_catalogs(40));
    for format in FORMATS {
        for (i, c) in catalogs.iter().enumerate() {
            let text = format.write(c);
            assert_eq!(
                read_in_pieces(format, &text, "t").as_ref(),
                Ok(c),
                "{format:?} {i}"
            );
            assert_same_read(format, &text, &format!("{format:?} catalog {i}"));
            assert_same_read(
                format,
                &windows(&text),
                &format!("{format:?} catalog {i}, CRLF"),
            );
        }
    }
}

#[test]
fn the_example_course_translations_read_in_pieces_give_the_same_catalog() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/course/translations");
    let mut seen = 0;
    for file in std::fs::read_dir(dir).expect("translations") {
        let path = file.expect("entry").path();
        let Some(format) = FileFormat::of(&path.to_string_lossy()) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("read");
        let whole = format
            .read(&text, "t")
            .expect("the example course's file reads");
        assert!(whole.entries.len() > 10, "{}", path.display());
        assert_same_read(format, &text, &path.to_string_lossy());
        // From the file on disk too, through a buffer as small.
        let disk = std::fs::File::open(&path).expect("open");
        let streamed = format
            .read_from(BufReader::with_capacity(TINY, disk), "t")
            .map_err(|p| p.resolve_text(&text));
        assert_eq!(places(&whole), places(streamed.as_ref().expect("reads")));
        seen += 1;
    }
    assert!(seen > 0, "no translation file in {dir}");
}

/// XLIFF documents with problems everywhere a reader can meet them.
fn broken_xliff() -> Vec<String> {
    let doc = |body: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"{}\">\n<file original=\"course.toml\" source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\" product-name=\"c\">\n<body>\n{body}\n</body>\n</file>\n</xliff>\n",
            xliff::NS
        )
    };
    let mut out: Vec<String> = [
        "<trans-unit/>",
        "<trans-unit id=\"a\"><source>x</source></trans-unit>\n  <trans-unit id=\"a\"><source>y</source></trans-unit>",
        "<trans-unit id=\"a\"><source>x <g id=\"1\">y</g></source></trans-unit>",
        "<trans-unit id=\"a\"><source>x</sourc></trans-unit>",
        "<trans-unit id=\"a\"><source>&nope;</source></trans-unit>",
        "<trans-unit id=a><source>x</source></trans-unit>",
        "<trans-unit id=\"a\">\n  <source>Read <bpt id=\"1\" ctype=\"bold\">**</bpt>all<ept id=\"1\">**</ept></source>\n  <target>Lisez <bpt id=\"1\" ctype=\"italic\">*</bpt>tout\n  <ept id=\"1\">*</ept> <ph id=\"9\">`x`</ph></target>\n</trans-unit>",
        "<group><bin-unit/></group>stray",
        "<trans-unit id=\"é€\"><source>x</source><target state=\"done\">y</target></trans-unit>",
        "<trans-unit id=\"a\"><source>x</source><source>y</source></trans-unit>",
    ]
    .iter()
    .map(|body| doc(body))
    .collect();
    out.push(doc("").replace("</xliff>", "</xliff>junk"));
    out.push(doc("").replace("</xliff>\n", ""));
    out.push("<!DOCTYPE xliff [<!ENTITY e \"x\">]><xliff/>".into());
    out.push(String::new());
    // Problems deep in a long file, after many units.
    for (i, c) in generated_catalogs(6).iter().enumerate() {
        let text = xliff::write(c);
        let states = text.replace("state=\"translated\"", "state=\"done\"");
        if states != text {
            out.push(states);
        }
        if let Some(at) = text.rfind("</source>") {
            let mut cut = text.clone();
            cut.replace_range(at..at + 9, if i % 2 == 0 { "</src>" } else { "" });
            out.push(cut);
        }
    }
    out
}

/// PO files with problems everywhere a reader can meet them.
fn broken_po() -> Vec<String> {
    let header = po::write(&catalog("fr", Vec::new()));
    let mut out: Vec<String> = [
        "msgctxt \"k\"\nmsgid \"abc\nmsgstr \"\"\n",
        "msgctxt \"k\"\nmsgid \"a\\qb\"\nmsgstr \"\"\n",
        "msgstr \"x\"\n",
        "msgctxt \"k\"\nmsgid \"a\"\n\"more é€\"\n\"and more\"\n\nmsgctxt \"j\"\nmsgid \"b\"\nmsgstr \"\"\n",
        "msgctxt \"k\"\nmsgid \"a\"\nmsgstr \"\"\n\nmsgctxt \"k\"\nmsgid \"a\"\nmsgstr \"\"\n",
        "msgid \"a\"\nmsgstr \"b\"\n",
        "msgctxt \"k\"\nmsgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr[1] \"bs\"\n",
        "msgctxt \"k\"\nmsgid \"aéé\" x\nmsgstr \"\"\n",
        "#. c\n\"orphan\"\n",
        "#| bogus\nmsgctxt \"k\"\nmsgid \"a\"\nmsgstr \"\"\n",
        "msgctxt \"k\"\n",
    ]
    .iter()
    .map(|entries| format!("{header}\n{entries}"))
    .collect();
    out.push("msgctxt \"k\"\nmsgid \"a\"\nmsgstr \"\"\n".into());
    out.push(
        "msgid \"\"\nmsgstr \"Language: fr\\nContent-Type: text/plain; charset=ISO-8859-1\\n\"\n"
            .into(),
    );
    for c in generated_catalogs(6) {
        let text = po::write(&c);
        out.push(text.replace("msgstr \"", "msgstr x\""));
        out.push(format!("{text}\nmsgctxt \"late\"\nmsgid \"a\"\n"));
    }
    out
}

#[test]
fn files_read_in_pieces_give_the_same_diagnostics() {
    for (format, files) in [
        (FileFormat::Xliff, broken_xliff()),
        (FileFormat::Po, broken_po()),
    ] {
        for (i, text) in files.iter().enumerate() {
            assert!(
                format.read(text, "t").is_err(),
                "{format:?} {i} reads:\n{text}"
            );
            assert_same_read(format, text, &format!("{format:?} broken {i}"));
            assert_same_read(
                format,
                &windows(text),
                &format!("{format:?} broken {i}, CRLF"),
            );
        }
    }
}

#[test]
fn an_error_at_the_end_of_a_long_file_keeps_its_line() {
    let big = generated_catalogs(300)
        .into_iter()
        .max_by_key(|c| c.entries.len())
        .expect("catalogs");
    let mut big = big;
    while big.entries.len() < 3000 {
        let more: Vec<_> = big
            .entries
            .iter()
            .map(|e| {
                entry(
                    &format!("{}/{}", e.key, big.entries.len()),
                    &e.source,
                    e.target.as_deref(),
                    e.state,
                )
            })
            .collect();
        big.entries.extend(more);
    }
    for format in FORMATS {
        let text = format.write(&big);
        let broken = match format {
            FileFormat::Xliff => {
                let end = text.rfind("</body>").expect("body");
                format!(
                    "{}<trans-unit id=\"late\"/>\n{}",
                    &text[..end],
                    &text[end..]
                )
            }
            FileFormat::Po => format!("{text}\nmsgctxt \"late\"\n"),
        };
        let (line, column) = broken
            .lines()
            .enumerate()
            .find_map(|(i, l)| {
                l.find(|c: char| !c.is_whitespace())
                    .filter(|_| l.contains("\"late\""))
                    .map(|c| (i + 1, c + 1))
            })
            .expect("late");
        assert!(line > 20_000, "{format:?}: only {line} lines");
        for text in [broken.clone(), windows(&broken)] {
            let ds = read_in_pieces(format, &text, "t").expect_err("broken");
            assert_eq!(ds.len(), 1, "{ds:?}");
            let at = ds[0].location.as_ref().expect("location");
            assert_eq!((at.line, at.column), (line, column), "{format:?}");
            let shown = ds[0].source_line.as_deref().expect("line shown");
            assert!(
                shown.contains("\"late\"") && !shown.contains('\r'),
                "{shown:?}"
            );
        }
    }
}

#[test]
fn an_error_deep_in_a_long_unit_keeps_its_place() {
    // A unit much longer than a read (64 KiB): its elements' positions are counted from its
    // start only when asked, so the input must keep all of it.
    let long = "mot ".repeat(40_000);
    let text = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"{}\">\n<file original=\"course.toml\" source-language=\"en\" target-language=\"fr\" datatype=\"plaintext\" product-name=\"c\">\n<body>\n<trans-unit id=\"a\"><source>{long}\n{long}\n  é<g id=\"1\">x</g></source></trans-unit>\n</body>\n</file>\n</xliff>\n",
        xliff::NS
    );
    let expected = "t:7:4: error: inline element <g> in <source> carries no Markdown to restore";
    for text in [text.clone(), windows(&text)] {
        let whole = FileFormat::Xliff.read(&text, "t").expect_err("broken");
        let pieces = read_in_pieces(FileFormat::Xliff, &text, "t").expect_err("broken");
        for ds in [whole, pieces] {
            assert_eq!(ds.len(), 1, "{ds:?}");
            assert_eq!(ds[0].short(), expected);
        }
    }
}

#[test]
fn a_file_that_is_not_utf8_is_refused_where_it_stops_being_utf8() {
    let xml = xliff::write(&sample_catalogs()[0].1);
    let po = po::write(&sample_catalogs()[0].1);
    for (format, text) in [(FileFormat::Xliff, xml), (FileFormat::Po, po)] {
        let lines: Vec<&str> = text.lines().collect();
        let n = lines.len() / 2;
        // Latin-1 "é" (one byte, 0xE9) in the middle line, after three characters.
        let mut bytes = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            if i + 1 == n {
                bytes.extend_from_slice(b"abc");
                bytes.push(0xE9);
            }
            bytes.extend_from_slice(l.as_bytes());
            bytes.push(b'\n');
        }
        let pieces = || BufReader::with_capacity(TINY, bytes.as_slice());
        let ds = format
            .read_from(pieces(), "translations/fr.x")
            .map(|c| c.entries.len())
            .map_err(|p| p.resolve(pieces()))
            .expect_err("not UTF-8");
        let last = ds.last().expect("a diagnostic");
        assert_eq!(
            last.short(),
            format!(
                "translations/fr.x:{n}:4: error: cannot read `translations/fr.x`: it is not UTF-8 text (the byte here is not UTF-8)"
            ),
            "{format:?}"
        );
        assert!(last
            .source_line
            .as_deref()
            .is_some_and(|l| l.starts_with("abc\u{fffd}")));
        assert!(last
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("save the file as UTF-8")));
        // A character cut by the end of the file.
        let mut cut = text.into_bytes();
        cut.extend_from_slice("€".as_bytes().get(..2).expect("two bytes"));
        let ds = format
            .read_from(BufReader::with_capacity(TINY, cut.as_slice()), "t")
            .map(|c| c.entries.len())
            .map_err(|p| p.resolve(cut.as_slice()))
            .expect_err("cut character");
        assert!(ds.iter().any(|d| d.message.contains("not UTF-8")), "{ds:?}");
    }
}

/// The example course in memory, its English translation replaced by `en_xlf`.
fn example_course(en_xlf: impl FnOnce(String) -> Vec<u8>) -> crate::source::fs::MemFs {
    fn add(
        fs: crate::source::fs::MemFs,
        dir: &std::path::Path,
        rel: &str,
    ) -> crate::source::fs::MemFs {
        let mut fs = fs;
        let mut entries: Vec<_> = std::fs::read_dir(dir).expect("dir").flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = format!("{rel}{}", e.file_name().to_string_lossy());
            fs = if e.path().is_dir() {
                add(fs, &e.path(), &format!("{name}/"))
            } else {
                fs.with(&name, std::fs::read(e.path()).expect("file"))
            };
        }
        fs
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("course");
    let en = std::fs::read_to_string(root.join("translations/en.xlf")).expect("en.xlf");
    add(crate::source::fs::MemFs::new(), &root, "").with("translations/en.xlf", en_xlf(en))
}

/// The example course translated into English from `fs`, and what was said.
fn translate(fs: &crate::source::fs::MemFs) -> (Option<crate::model::Course>, Vec<Diagnostic>) {
    let course = crate::load(fs).expect("load").course.expect("valid course");
    let theme = crate::render::Theme::load(fs, &course.meta.languages).expect("theme");
    let mut diags = crate::diag::Diagnostics::new();
    let sources = super::SourceSegments::of(&course, &theme);
    let out = super::translated_course(
        &sources,
        &course,
        &theme,
        fs,
        "en",
        super::Gaps::default(),
        &mut diags,
    );
    (out, diags.into_vec())
}

#[test]
fn a_build_shows_the_lines_of_a_translation_file_it_no_longer_holds() {
    let (out, ds) = translate(&example_course(String::into_bytes));
    assert!(out.is_some() && ds.is_empty(), "{ds:?}");
    // A unit whose id a tool changed: a warning at it, and the segment it was, whose place is
    // the first line naming its key (the same unit).
    let mut key = String::new();
    let (out, ds) = translate(&example_course(|xlf| {
        let start = xlf.find("<trans-unit id=\"").expect("unit") + 16;
        let end = start + xlf[start..].find('"').expect("id");
        key = xlf[start..end].to_owned();
        let mut changed = xlf.clone();
        // Its source hash changes too, so that its translation is not recovered by hash.
        let hash = end + xlf[end..].find("coursepack-source-hash\">").expect("hash") + 24;
        changed.insert(hash, '0');
        changed.insert_str(end, "-renamed");
        changed.into_bytes()
    }));
    assert!(out.is_some(), "{ds:?}");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("course");
    let line = 1 + std::fs::read_to_string(root.join("translations/en.xlf"))
        .expect("en.xlf")
        .lines()
        .position(|l| l.contains(&format!("<trans-unit id=\"{key}\"")))
        .expect("unit line");
    assert_eq!(ds.len(), 2, "{ds:#?}");
    for d in &ds {
        let at = d.location.as_ref().expect("location");
        assert_eq!(
            (at.file.as_str(), at.line),
            ("translations/en.xlf", line),
            "{d:?}"
        );
        let shown = d.source_line.as_deref().expect("line shown");
        assert!(shown.contains(&format!("{key}-renamed")), "{shown}");
    }
}

#[test]
fn a_build_refuses_a_translation_file_that_is_not_utf8_and_names_it() {
    let (out, ds) = translate(&example_course(|xlf| {
        // A Latin-1 "é" in the third line's text.
        let mut bytes = Vec::new();
        for (i, line) in xlf.split_inclusive('\n').enumerate() {
            if i == 2 {
                bytes.extend_from_slice(b"  \xE9t\xE9");
            }
            bytes.extend_from_slice(line.as_bytes());
        }
        bytes
    }));
    assert!(out.is_none());
    assert_eq!(
        ds.iter().map(Diagnostic::short).collect::<Vec<_>>(),
        ["translations/en.xlf:3:3: error: cannot read `translations/en.xlf`: it is not UTF-8 text (the byte here is not UTF-8)"]
    );
    assert!(ds[0]
        .source_line
        .as_deref()
        .is_some_and(|l| l.starts_with("  \u{fffd}t\u{fffd}")));
}
