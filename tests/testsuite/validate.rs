//! `coursepack validate`: fixture packages with expected diagnostics, real-world manifests from
//! other tools, attack zips, output formats and exit codes.

use crate::{coursepack, expect_file, fixture, fixture_dirs};
use coursepack::validate::{validate_path, Options};
use std::io::Write;
use std::path::{Path, PathBuf};

fn short(path: &Path, options: Options) -> (bool, String) {
    let report = validate_path(path, options).expect("readable");
    let text = report
        .diagnostics
        .iter()
        .map(|d| d.short() + "\n")
        .collect();
    (report.is_valid(false), text)
}

#[test]
fn fixture_packages_report_expected_diagnostics() {
    let dirs = fixture_dirs("packages");
    assert!(dirs.len() >= 15);
    for dir in dirs {
        let (valid, text) = short(&dir, Options::default());
        expect_file(&dir.with_extension("expected.txt"), &text);
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let should_be_valid =
            name.contains("valid") && !name.contains("invalid") || name.starts_with("junk-");
        assert_eq!(valid, should_be_valid, "{name}:\n{text}");
    }
}

/// A package folder made from a real-world manifest and the file list of its package (empty
/// files stand in for the media).
fn realworld_package(dir: &Path, manifest: &str) -> PathBuf {
    let tmp = tempfile::tempdir().expect("tmp").keep();
    let files = std::fs::read_to_string(dir.join("FILES.txt")).unwrap_or_default();
    for line in files.lines() {
        let Some((_, name)) = line.split_once('\t') else {
            continue;
        };
        let target = tmp.join(name);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::write(&target, b"").expect("write");
    }
    std::fs::copy(dir.join(manifest), tmp.join(manifest)).expect("copy manifest");
    tmp
}

#[test]
fn manifests_exported_by_other_tools_are_accepted() {
    let shared = crate::root().join("tests/fixtures/realworld");
    let cases = [
        (
            "scorm12-articulate-storyline-send-to-url",
            "imsmanifest.xml",
        ),
        ("tincan-articulate-storyline-bleeding-course", "tincan.xml"),
        ("tincan-adapt-xapi-demo-module", "tincan.xml"),
    ];
    for (dir, manifest) in cases {
        let pkg = realworld_package(&shared.join(dir), manifest);
        let (valid, text) = short(&pkg, Options::default());
        assert!(valid, "{dir} must validate:\n{text}");
        assert!(!text.contains(": error:"), "{dir}:\n{text}");
        let _ = std::fs::remove_dir_all(pkg);
    }
    // The Rustici samples come without their file lists: check their schemas.
    for manifest in [
        "rustici-golf/scorm12/real_golf_runtime.xml",
        "rustici-golf/tincan/real_golf_tcapi.xml",
    ] {
        let options = Options {
            schema_only: true,
            ..Options::default()
        };
        let (valid, text) = short(&shared.join(manifest), options);
        assert!(valid, "{manifest}:\n{text}");
    }
}

#[test]
fn packages_we_build_validate_clean() {
    let tmp = tempfile::tempdir().expect("tmp");
    for (i, course) in [crate::root().join("course"), fixture("valid/every-block")]
        .iter()
        .enumerate()
    {
        let out = tmp.path().join(i.to_string());
        let built = coursepack(&[
            "build",
            &course.display().to_string(),
            "--out",
            &out.display().to_string(),
        ]);
        assert_eq!(built.status.code(), Some(0));
        let zip = crate::only_zip(&out);
        let checked = coursepack(&["validate", "--strict", "--deep", &zip.display().to_string()]);
        assert_eq!(
            checked.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&checked.stdout)
        );
    }
}

/// Writes a zip whose entries are given raw (names are not sanitised).
fn raw_zip(path: &Path, entries: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in entries {
        zip.start_file(*name, options).expect("start");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("finish");
}

fn good_manifest() -> Vec<u8> {
    std::fs::read(fixture("packages/valid-minimal/imsmanifest.xml")).expect("fixture")
}

#[test]
fn attack_zips_are_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let manifest = good_manifest();
    let html: &[u8] = b"<html></html>";
    let base: Vec<(&str, &[u8])> = vec![
        ("imsmanifest.xml", &manifest),
        ("index.html", html),
        ("app.js", b"x"),
    ];

    let mut slip = base.clone();
    slip.push(("../../evil.sh", b"echo pwned"));
    raw_zip(&dir.join("zip-slip.zip"), &slip);

    let mut absolute = base.clone();
    absolute.push(("/etc/cron.d/evil", b"x"));
    raw_zip(&dir.join("absolute.zip"), &absolute);

    {
        let file = std::fs::File::create(dir.join("symlink.zip")).expect("create");
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default();
        for (name, bytes) in &base {
            zip.start_file(*name, options).expect("start");
            zip.write_all(bytes).expect("write");
        }
        zip.add_symlink("passwd", "/etc/passwd", options)
            .expect("symlink");
        zip.finish().expect("finish");
    }

    // A zip bomb: 64 MiB of zeros deflate to about 64 KiB.
    let zeros = vec![0u8; 64 * 1024 * 1024];
    let mut bomb = base.clone();
    bomb.push(("media/zeros.bin", &zeros));
    raw_zip(&dir.join("bomb.zip"), &bomb);

    // An absurd declared size: patch a central-directory header to claim ~4 GiB.
    raw_zip(&dir.join("absurd-size.zip"), &base);
    let mut bytes = std::fs::read(dir.join("absurd-size.zip")).expect("read");
    let sig = [0x50, 0x4b, 0x01, 0x02];
    let at = bytes
        .windows(4)
        .position(|w| w == sig)
        .expect("central directory");
    bytes[at + 24..at + 28].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    std::fs::write(dir.join("absurd-size.zip"), bytes).expect("write");

    let mut entity = base.clone();
    let laughs =
        std::fs::read(fixture("packages/doctype-entities/imsmanifest.xml")).expect("fixture");
    entity[0] = ("imsmanifest.xml", &laughs);
    raw_zip(&dir.join("entities.zip"), &entity);

    std::fs::write(dir.join("not-a-zip.zip"), b"PK\x03\x04 this is not a zip").expect("write");

    let before = crate::listing(dir);
    let cases = [
        (
            "zip-slip.zip",
            1,
            "zip entry `../../evil.sh` climbs out of the package with `..`; it is not extracted",
        ),
        (
            "absolute.zip",
            1,
            "zip entry `/etc/cron.d/evil` is an absolute path; it is not extracted",
        ),
        (
            "symlink.zip",
            1,
            "zip entry `passwd` is a symbolic link; it is not followed",
        ),
        ("bomb.zip", 1, "zip entry `media/zeros.bin` expands"),
        ("absurd-size.zip", 1, "(412 bytes to 4294967280)"),
        ("entities.zip", 1, "DOCTYPE"),
        ("not-a-zip.zip", 2, "is not a readable zip file"),
    ];
    for (name, code, message) in cases {
        let path = dir.join(name).display().to_string();
        let out = coursepack(&["validate", &path]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(code), "{name}:\n{stdout}");
        assert!(
            stdout.contains(message),
            "{name} should say `{message}`:\n{stdout}"
        );
    }
    assert_eq!(crate::listing(dir), before, "validate wrote nothing");
    assert!(
        !dir.join("evil.sh").exists()
            && !tmp
                .path()
                .parent()
                .map(|p| p.join("evil.sh").exists())
                .unwrap_or(false)
    );
}

#[test]
fn exit_codes_and_strict() {
    let valid = fixture("packages/valid-minimal").display().to_string();
    let warned = fixture("packages/junk-unlisted-no-schemas")
        .display()
        .to_string();
    let invalid = fixture("packages/broken-references").display().to_string();
    assert_eq!(coursepack(&["validate", &valid]).status.code(), Some(0));
    assert_eq!(coursepack(&["validate", &warned]).status.code(), Some(0));
    assert_eq!(
        coursepack(&["validate", "--strict", &warned]).status.code(),
        Some(1)
    );
    assert_eq!(
        coursepack(&["validate", &valid, &invalid]).status.code(),
        Some(1)
    );
    assert_eq!(
        coursepack(&["validate", &valid, "/no/such/package.zip"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(coursepack(&["validate"]).status.code(), Some(2));
}

#[test]
fn json_report() {
    let invalid = fixture("packages/broken-references").display().to_string();
    let valid = fixture("packages/tincan-valid").display().to_string();
    let out = coursepack(&["validate", "--format", "json", &invalid, &valid]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["valid"], false);
    assert_eq!(doc["packages"][0]["kind"], "scorm12");
    assert_eq!(doc["packages"][0]["valid"], false);
    assert_eq!(doc["packages"][1]["kind"], "tincan");
    assert_eq!(doc["packages"][1]["valid"], true);
    let first = &doc["packages"][0]["diagnostics"][0];
    assert_eq!(first["file"], "imsmanifest.xml");
    assert!(first["line"].as_u64().is_some() && first["column"].as_u64().is_some());
}

#[test]
fn junit_report_is_well_formed_and_counts() {
    let invalid = fixture("packages/broken-references").display().to_string();
    let valid = fixture("packages/valid-minimal").display().to_string();
    let out = coursepack(&[
        "validate",
        "--format",
        "junit",
        &invalid,
        &valid,
        "/no/such.zip",
    ]);
    let xml = String::from_utf8(out.stdout).expect("utf-8");
    let root = coursepack::validate::dom::parse(xml.as_bytes()).expect("well-formed XML");
    assert_eq!(root.local, "testsuites");
    assert_eq!(root.attr("tests"), Some("3"));
    assert_eq!(root.attr("failures"), Some("1"));
    assert_eq!(root.attr("errors"), Some("1"));
    let suite = &root.children[0];
    assert_eq!(suite.children.len(), 3);
    assert_eq!(suite.children[0].children[0].local, "failure");
    assert!(
        suite.children[1].children.is_empty(),
        "a valid package is a passing test case"
    );
    assert_eq!(suite.children[2].children[0].local, "error");
}

#[test]
fn deep_checks_every_entry_crc() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("damaged.zip");
    let manifest = good_manifest();
    {
        let file = std::fs::File::create(&path).expect("create");
        let mut zip = zip::ZipWriter::new(file);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in [
            ("imsmanifest.xml", &manifest[..]),
            ("index.html", b"<html>CORRUPT-ME</html>"),
            ("app.js", b"x"),
        ] {
            zip.start_file(name, stored).expect("start");
            zip.write_all(bytes).expect("write");
        }
        zip.finish().expect("finish");
    }
    let mut bytes = std::fs::read(&path).expect("read");
    let at = bytes
        .windows(10)
        .position(|w| w == b"CORRUPT-ME")
        .expect("stored data");
    bytes[at] = b'K';
    std::fs::write(&path, bytes).expect("write");
    let p = path.display().to_string();
    let shallow = coursepack(&["validate", &p]);
    assert_eq!(
        shallow.status.code(),
        Some(0),
        "the central directory alone looks fine"
    );
    let deep = coursepack(&["validate", "--deep", &p]);
    assert_eq!(deep.status.code(), Some(1));
    let out = String::from_utf8_lossy(&deep.stdout);
    assert!(out.contains("zip entry `index.html` is damaged"), "{out}");
}

#[test]
fn deep_reports_pages_and_style_sheets_that_refer_to_missing_files() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = tmp.path().join("dangling.zip");
    // The valid minimal package with a style sheet and an image more, listed in the manifest:
    // clean without --deep.
    let manifest = String::from_utf8(good_manifest()).expect("utf-8").replace(
        "<file href=\"app.js\"/>",
        "<file href=\"app.js\"/><file href=\"css/site.css\"/><file href=\"img/logo.svg\"/>",
    );
    let control: Vec<(String, Vec<u8>)> = [
        "adlcp_rootv1p2.xsd",
        "ims_xml.xsd",
        "imscp_rootv1p1p2.xsd",
        "imsmd_rootv1p2p1.xsd",
    ]
    .iter()
    .map(|n| {
        (
            n.to_string(),
            std::fs::read(fixture("packages/valid-minimal").join(n)).expect("xsd"),
        )
    })
    .collect();
    let page = b"<!doctype html>\n<html><head><link rel=stylesheet href=\"css/site.css\">\n\
<script src=\"js/app.js\"></script></head>\n<body><img src=\"img/logo.svg\" alt=\"\">\n\
<a href=\"https://example.com/\">out</a><img src=\"data:image/gif;base64,R0lGOD\" alt=\"\"></body></html>";
    let css = b"body { background: url(../img/bg.png) } @import \"print.css\";";
    raw_zip(
        &path,
        &[
            ("imsmanifest.xml", manifest.as_bytes()),
            ("index.html", page),
            ("css/site.css", css),
            (
                "img/logo.svg",
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            ),
            ("app.js", b""),
            (&control[0].0, &control[0].1),
            (&control[1].0, &control[1].1),
            (&control[2].0, &control[2].1),
            (&control[3].0, &control[3].1),
        ],
    );
    let p = path.display().to_string();
    // Without --deep only the manifest is read: the package is clean.
    let shallow = coursepack(&["validate", "--strict", &p]);
    assert_eq!(
        shallow.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&shallow.stdout)
    );
    let deep = coursepack(&["validate", "--deep", "--message-format", "json", &p]);
    let report: serde_json::Value = serde_json::from_slice(&deep.stdout).expect("json");
    let found: Vec<String> = report["packages"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        // What the pages and style sheets refer to: warnings (the LMS imports the package; the
        // learner sees a broken image or an unstyled page).
        .filter(|d| d["file"] == "index.html" || d["file"] == "css/site.css")
        .inspect(|d| assert_eq!(d["severity"], "warning", "{d}"))
        .map(|d| {
            format!(
                "{}:{}: {}",
                d["file"].as_str().unwrap_or(""),
                d["line"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "css/site.css:1: `../img/bg.png` names `img/bg.png`, which is not in the package",
            "css/site.css:1: `print.css` names `css/print.css`, which is not in the package",
            "index.html:3: `js/app.js` is not in the package",
        ],
        "{report}"
    );
    let strict = coursepack(&["validate", "--deep", "--strict", &p]);
    assert_eq!(strict.status.code(), Some(1));
}
