//! `coursepack validate` on what packages are made of: zips written byte by byte (local headers
//! that disagree with the central directory, duplicate entries, compression methods, names that
//! are not UTF-8) and manifests in every encoding libxml2 reads.

use crate::{coursepack, fixture};
use std::path::Path;

/// One entry of a hand-made zip: the name's bytes, the data (stored as is), the flags and the
/// compression method written in both headers.
struct Entry<'a> {
    name: &'a [u8],
    data: &'a [u8],
    flags: u16,
    method: u16,
}

fn entry<'a>(name: &'a str, data: &'a [u8]) -> Entry<'a> {
    Entry {
        name: name.as_bytes(),
        data,
        flags: 0,
        method: 0,
    }
}

/// Writes a zip by hand (APPNOTE 6.3, no compression): local header and data of each entry,
/// then the central directory and its end record. Returns the bytes and the offset of each
/// local header.
fn zip_bytes(entries: &[Entry<'_>]) -> (Vec<u8>, Vec<usize>) {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut offsets = Vec::new();
    for e in entries {
        let crc = crc32fast::hash(e.data);
        let len = u32::try_from(e.data.len()).expect("small");
        let name_len = u16::try_from(e.name.len()).expect("short");
        offsets.push(out.len());
        let offset = u32::try_from(out.len()).expect("small");
        out.extend(0x0403_4b50u32.to_le_bytes());
        out.extend(20u16.to_le_bytes());
        out.extend(e.flags.to_le_bytes());
        out.extend(e.method.to_le_bytes());
        out.extend([0u8; 4]); // time, date
        out.extend(crc.to_le_bytes());
        out.extend(len.to_le_bytes());
        out.extend(len.to_le_bytes());
        out.extend(name_len.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(e.name);
        out.extend(e.data);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // made by: MS-DOS
        central.extend(20u16.to_le_bytes());
        central.extend(e.flags.to_le_bytes());
        central.extend(e.method.to_le_bytes());
        central.extend([0u8; 4]);
        central.extend(crc.to_le_bytes());
        central.extend(len.to_le_bytes());
        central.extend(len.to_le_bytes());
        central.extend(name_len.to_le_bytes());
        central.extend([0u8; 8]); // extra, comment, disk, internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(e.name);
    }
    let cd_offset = u32::try_from(out.len()).expect("small");
    let cd_size = u32::try_from(central.len()).expect("small");
    let count = u16::try_from(entries.len()).expect("few");
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(cd_size.to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    (out, offsets)
}

fn manifest_with(launch: &str) -> Vec<u8> {
    let m = std::fs::read_to_string(fixture("packages/valid-minimal/imsmanifest.xml"))
        .expect("fixture");
    m.replace("index.html", launch).into_bytes()
}

/// Runs `coursepack validate ARGS… zip` on `bytes`; returns the exit code and stdout.
fn validate(dir: &Path, name: &str, bytes: &[u8], args: &[&str]) -> (Option<i32>, String) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    let path = path.display().to_string();
    let mut all: Vec<&str> = vec!["validate"];
    all.extend(args);
    all.push(&path);
    let out = coursepack(&all);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn hand_made_zips_are_read_as_stored() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let manifest = manifest_with("index.html");
    let base = || {
        vec![
            entry("imsmanifest.xml", &manifest),
            entry("index.html", b"<html></html>"),
            entry("app.js", b"x"),
        ]
    };

    // The writer is right: its zip is valid.
    let (code, out) = validate(dir, "good.zip", &zip_bytes(&base()).0, &[]);
    assert_eq!(code, Some(0), "{out}");

    // A local header that declares another size than the central directory.
    let (mut bytes, offsets) = zip_bytes(&base());
    let at = offsets[1] + 22;
    bytes[at..at + 4].copy_from_slice(&999u32.to_le_bytes());
    let (code, out) = validate(dir, "local-size.zip", &bytes, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("zip entry `index.html`: its local header gives size 999 bytes, the central directory 13 bytes"),
        "{out}"
    );

    // A local header with another name, and one with another method.
    let (mut bytes, offsets) = zip_bytes(&base());
    bytes[offsets[2] + 30] = b'A';
    bytes[offsets[1] + 8] = 8;
    let (code, out) = validate(dir, "local-name.zip", &bytes, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("its local header gives name `App.js`, the central directory `app.js`"),
        "{out}"
    );
    assert!(
        out.contains("its local header gives compression method 8, the central directory 0"),
        "{out}"
    );

    // A central directory pointing at no local header.
    let (mut bytes, offsets) = zip_bytes(&base());
    bytes[offsets[2]] = b'X';
    let (code, out) = validate(dir, "no-local.zip", &bytes, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("zip entry `app.js` has no local header"),
        "{out}"
    );

    // Duplicates: identical copies are a warning, different ones an error; both are named.
    let mut same = base();
    same.push(entry("app.js", b"x"));
    let (code, out) = validate(dir, "dup-same.zip", &zip_bytes(&same).0, &[]);
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("zip entry `app.js` is stored 2 times (identical copies)"),
        "{out}"
    );
    let mut different = base();
    different.push(entry("index.html", b"<html>other</html>"));
    let (code, out) = validate(dir, "dup-different.zip", &zip_bytes(&different).0, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(
            "zip entry `index.html` is stored 2 times with different contents (13 bytes, 18 bytes)"
        ),
        "{out}"
    );

    // Compression methods LMSs cannot unpack, named by name and number; the manifest itself
    // cannot be read then.
    for (method, name) in [
        (12u16, "bzip2"),
        (14, "LZMA"),
        (93, "Zstandard"),
        (9, "deflate64"),
    ] {
        let mut entries = base();
        entries[2].method = method;
        let (code, out) = validate(dir, "method.zip", &zip_bytes(&entries).0, &[]);
        assert_eq!(code, Some(1), "{out}");
        let want = format!("zip entry `app.js` is compressed with {name} (method {method})");
        assert!(out.contains(&want), "{want}: {out}");
    }
    let mut entries = base();
    entries[0].method = 12;
    let (code, out) = validate(dir, "method-manifest.zip", &zip_bytes(&entries).0, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("cannot read `imsmanifest.xml`: it is compressed with bzip2 (method 12)"),
        "{out}"
    );
    let mut entries = base();
    entries[2].flags = 1;
    let (code, out) = validate(dir, "encrypted.zip", &zip_bytes(&entries).0, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("zip entry `app.js` is encrypted"), "{out}");

    // --deep reads every entry and checks its CRC.
    let (mut bytes, offsets) = zip_bytes(&base());
    bytes[offsets[1] + 30 + "index.html".len()] = b'[';
    let (code, out) = validate(dir, "crc.zip", &bytes, &[]);
    assert_eq!(code, Some(0), "headers alone look fine: {out}");
    let (code, out) = validate(dir, "crc.zip", &bytes, &["--deep"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("zip entry `index.html` is damaged: its CRC does not match"),
        "{out}"
    );
}

#[test]
fn entry_names_that_are_not_utf8_are_read_as_cp437() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    // `café.html` written by an old Windows zip tool: é is 0x82 in CP437, no UTF-8 flag.
    let manifest = manifest_with("caf\u{e9}.html");
    let cp437_name = b"caf\x82.html";
    let entries = |flags: u16| {
        vec![
            entry("imsmanifest.xml", &manifest),
            Entry {
                name: cp437_name,
                data: b"<html></html>",
                flags,
                method: 0,
            },
            entry("app.js", b"x"),
        ]
    };
    let (code, out) = validate(dir, "cp437.zip", &zip_bytes(&entries(0)).0, &[]);
    assert_eq!(
        code,
        Some(0),
        "PHP extracts café.html, which the manifest names: {out}"
    );
    assert!(
        out.contains("zip entry name `caf\u{e9}.html` is not UTF-8 and not flagged as UTF-8: PHP (Moodle) and unzip read its bytes (0x82) as CP437"),
        "{out}"
    );
    let (code, out) = validate(dir, "cp437.zip", &zip_bytes(&entries(0)).0, &["--strict"]);
    assert_eq!(code, Some(1), "{out}");

    // A manifest that names the file in another encoding than the one PHP will extract.
    let manifest = manifest_with("caf\u{c9}.html");
    let mut other = entries(0);
    other[0].data = &manifest;
    let (code, out) = validate(dir, "cp437-mismatch.zip", &zip_bytes(&other).0, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("`caf\u{c9}.html` is not in the package"),
        "{out}"
    );

    // Flagged as UTF-8 but not UTF-8.
    let (code, out) = validate(dir, "bad-utf8.zip", &zip_bytes(&entries(1 << 11)).0, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("is flagged as having a UTF-8 name, but its name is not UTF-8 (bytes 0x82)"),
        "{out}"
    );
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if big_endian {
            [0xFE, 0xFF]
        } else {
            [0xFF, 0xFE]
        });
    }
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

#[test]
fn manifests_in_any_encoding_libxml2_reads() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let utf8 = String::from_utf8(manifest_with("index.html")).expect("utf-8");
    let declared = |enc: &str| utf8.replace("encoding=\"UTF-8\"", &format!("encoding=\"{enc}\""));
    let titled =
        |enc: &str| declared(enc).replace("<title>Lesson</title>", "<title>Le\u{e7}on</title>");
    let package = |name: &str, manifest: &[u8]| {
        let (bytes, _) = zip_bytes(&[
            entry("imsmanifest.xml", manifest),
            entry("index.html", b"<html></html>"),
            entry("app.js", b"x"),
        ]);
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        path.display().to_string()
    };
    let latin1: Vec<u8> = titled("ISO-8859-1").chars().map(|c| c as u8).collect();
    let good: Vec<(&str, Vec<u8>)> = vec![
        ("utf16le-bom", utf16(&declared("UTF-16"), false, true)),
        ("utf16be-bom", utf16(&declared("UTF-16"), true, true)),
        ("utf16le", utf16(&declared("UTF-16LE"), false, false)),
        ("utf16be", utf16(&declared("UTF-16BE"), true, false)),
        (
            "utf8-bom",
            [&[0xEF, 0xBB, 0xBF][..], utf8.as_bytes()].concat(),
        ),
        ("latin1", latin1),
        (
            "cp1252",
            titled("windows-1252")
                .replace('\u{e7}', "\u{2019}")
                .chars()
                .map(|c| if c == '\u{2019}' { 0x92 } else { c as u8 })
                .collect(),
        ),
    ];
    for (name, manifest) in &good {
        let path = package(&format!("{name}.zip"), manifest);
        let out = coursepack(&["validate", &path]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{name}: {stdout}");
        // The manifest alone, as a Tin Can file would be, too.
        let file = dir.join(format!("{name}.xml"));
        std::fs::write(&file, manifest).expect("write");
        let out = coursepack(&["validate", "--schema-only", &file.display().to_string()]);
        assert_eq!(out.status.code(), Some(0), "{name} --schema-only");
    }

    // A schema violation in a UTF-16 manifest is reported at its line and column, with the
    // line itself, decoded.
    let broken =
        declared("UTF-16").replace("<title>Lesson</title>", "<title>Le\u{e7}on</title><bogus/>");
    let path = package("utf16-broken.zip", &utf16(&broken, false, true));
    let out = coursepack(&["validate", "--format", "json", &path]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let diags = doc["packages"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let d = diags
        .iter()
        .find(|d| d["severity"] == "error")
        .expect("an error");
    assert_eq!(d["line"], 11, "{d}");
    assert_eq!(d["column"], 29, "{d}");
    assert!(
        d["source_line"]
            .as_str()
            .is_some_and(|l| l.contains("Le\u{e7}on</title><bogus/>")),
        "{d}"
    );

    let bad: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "unknown",
            declared("x-klingon").into_bytes(),
            "`imsmanifest.xml` cannot be read: the XML declaration names the encoding `x-klingon`, which is unknown or not supported",
        ),
        (
            "wrong-declaration",
            titled("UTF-8").chars().map(|c| c as u8).collect(),
            "the document is not valid `UTF-8`: bytes 0xE7",
        ),
        (
            "utf16-declared-utf8-bytes",
            declared("UTF-16").into_bytes(),
            "the XML declaration says `UTF-16`, but the document is not UTF-16",
        ),
        (
            "utf16le-declared-be",
            utf16(&declared("UTF-16BE"), false, true),
            "the document is UTF-16LE (by its byte-order mark) but its XML declaration says `UTF-16BE`",
        ),
    ];
    for (name, manifest, message) in &bad {
        let path = package(&format!("{name}.zip"), manifest);
        let out = coursepack(&["validate", &path]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{name}: {stdout}");
        assert!(
            stdout.contains(message),
            "{name} should say `{message}`:\n{stdout}"
        );
        assert!(stdout.contains("help:"), "{name} has a hint:\n{stdout}");
    }
}

#[test]
fn tincan_files_in_utf16() {
    let tmp = tempfile::tempdir().expect("tmp");
    let xml =
        std::fs::read_to_string(fixture("packages/tincan-valid/tincan.xml")).expect("fixture");
    let xml = xml.replacen("encoding=\"utf-8\"", "encoding=\"UTF-16\"", 1);
    assert!(xml.contains("UTF-16"));
    let folder = tmp.path().join("pkg");
    std::fs::create_dir_all(&folder).expect("mkdir");
    for f in std::fs::read_dir(fixture("packages/tincan-valid"))
        .expect("fixture")
        .flatten()
    {
        std::fs::copy(f.path(), folder.join(f.file_name())).expect("copy");
    }
    std::fs::write(folder.join("tincan.xml"), utf16(&xml, false, true)).expect("write");
    let out = coursepack(&["validate", &folder.display().to_string()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("valid Tin Can"), "{stdout}");
}

/// A zip whose entries separate folders with `\` (Windows PowerShell 5.1's Compress-Archive
/// writes them so) is read as Moodle reads it, with `/`: the launch page is found, and one
/// warning says what other LMSs may do. The same name written both ways is one file stored twice.
#[test]
fn entry_names_with_backslashes_are_read_as_moodle_reads_them() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let manifest = manifest_with("lessons/index.html");
    let entries = vec![
        entry("imsmanifest.xml", &manifest),
        entry("lessons\\index.html", b"<html></html>"),
        entry("app.js", b"x"),
    ];
    let (code, out) = validate(dir, "backslash.zip", &zip_bytes(&entries).0, &[]);
    assert_eq!(code, Some(0), "Moodle finds lessons/index.html: {out}");
    assert!(
        out.contains("warning: zip entry `lessons\\index.html` separates its folders with `\\`: Moodle reads `lessons/index.html`"),
        "{out}"
    );
    assert!(!out.contains("not in the package"), "{out}");

    let mut twice = entries;
    twice.push(entry("lessons/index.html", b"<html>other</html>"));
    let (code, out) = validate(dir, "both.zip", &zip_bytes(&twice).0, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("zip entry `lessons/index.html` is stored 2 times with different contents"),
        "{out}"
    );
}
