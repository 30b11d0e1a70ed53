//! The look of a package: the weight of its runtime, a course's `[theme]` (files packaged and
//! listed, colours refused when unreadable), lesson banners.

use crate::{coursepack, fixture, root};
use flate2::{write::GzEncoder, Compression};
use std::io::{Read, Write};
use std::path::Path;

/// The most the runtime script and style sheet of one package may weigh together, gzipped.
const BUDGET: usize = 15 * 1024;

/// The entries of a zip, by name.
fn zip_entries(zip: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).expect("zip")).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read");
            (f.name().to_string(), bytes)
        })
        .collect()
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut gz = GzEncoder::new(Vec::new(), Compression::new(9));
    gz.write_all(bytes).expect("gzip");
    gz.finish().expect("gzip").len()
}

/// Builds `course` in every format into a temporary folder; returns the zips.
fn build_all(course: &Path) -> (tempfile::TempDir, Vec<std::path::PathBuf>) {
    let out = tempfile::tempdir().expect("tmp");
    let result = coursepack(&[
        "build",
        &course.display().to_string(),
        "--format",
        "all",
        "--out",
        &out.path().display().to_string(),
    ]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let mut zips: Vec<_> = std::fs::read_dir(out.path())
        .expect("out")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    zips.sort();
    (out, zips)
}

#[test]
fn runtime_and_style_sheet_fit_the_weight_budget() {
    for course in [root().join("course"), fixture("valid/every-block"), fixture("valid/branded")] {
        let (_out, zips) = build_all(&course);
        assert_eq!(zips.len(), 2, "a SCORM 1.2 and an xAPI package");
        for zip in zips {
            let files = zip_entries(&zip);
            let js = files.get("assets/coursepack.js").expect("runtime script");
            let css = files.get("assets/coursepack.css").expect("style sheet");
            let (gz_js, gz_css) = (gzip_len(js), gzip_len(css));
            let name = zip.file_name().unwrap_or_default().to_string_lossy().to_string();
            println!(
                "{name}: js {} B ({gz_js} B gzipped), css {} B ({gz_css} B gzipped), total {} B gzipped of {BUDGET}",
                js.len(),
                css.len(),
                gz_js + gz_css
            );
            assert!(gz_js + gz_css <= BUDGET, "{name}: {} B gzipped > {BUDGET}", gz_js + gz_css);
            assert!(!js.windows(4).any(|w| w == b"\n\n  "), "{name}: the script is minified");
        }
    }
}
