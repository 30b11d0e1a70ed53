//! The look of a package: the weight of its runtime, a course's `[theme]` (files packaged and
//! listed, colours refused when unreadable), lesson banners.

use crate::{coursepack, fixture, root};
use flate2::{write::GzEncoder, Compression};
use std::io::{Read, Write};
use std::path::Path;

/// The budget for the runtime script and style sheet of one package together, gzipped
/// (level 9): 15 KB, the ceiling of every SCORM 1.2 and SCORM 2004 package of the example course,
/// the branded course and the media fixture (SCORM 2004's larger backend, `scorm2004.js`,
/// included). A package carries only the runtime parts (scripts and styles) its course uses
/// (`render::runtime`), with its local names shortened (`render/mangle.rs`). The media player
/// (only in courses with video or audio) is outside the budget: `media.rs` holds what it adds.
const TARGET: usize = 15 * 1024;
/// xAPI packages carry the LRS transport on top (statements, their queue kept in browser
/// storage, retries, the State API with its read-before-write rule: `xapi.js`, about 3.5 KB
/// gzipped), which the budget has no room for: they are held to their weight when the budget
/// work ended, so that nothing grows unnoticed.
const CEILING_XAPI: usize = 17 * 1024 + 768;
/// cmi5 packages carry the same transport (`lrs.js`) and the cmi5 launch (fetch URL, launch data,
/// defined statements: `cmi5.js`) instead of `xapi.js`, held to their weight the same way.
const CEILING_CMI5: usize = 18 * 1024 + 384;
/// The fixture that uses every block kind and question type carries every part: the worst case
/// (SCORM packages, xAPI, cmi5).
const CEILING_EVERYTHING: [usize; 3] = [16 * 1024 + 512, 19 * 1024, 19 * 1024 + 768];

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
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
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
fn weight_budget_of_runtime_and_style_sheet() {
    let media = crate::media::with_stand_in_media(&fixture("valid/media"));
    let mut over = Vec::new();
    for (course, ceilings) in [
        (root().join("course"), [TARGET, CEILING_XAPI, CEILING_CMI5]),
        (
            fixture("valid/branded"),
            [TARGET, CEILING_XAPI, CEILING_CMI5],
        ),
        (
            media.path().to_path_buf(),
            [TARGET, CEILING_XAPI, CEILING_CMI5],
        ),
        (fixture("valid/every-block"), CEILING_EVERYTHING),
    ] {
        let (_out, zips) = build_all(&course);
        assert_eq!(
            zips.len(),
            4,
            "a SCORM 1.2, a SCORM 2004, an xAPI and a cmi5 package"
        );
        for zip in zips {
            let files = zip_entries(&zip);
            let js = files.get("assets/coursepack.js").expect("runtime script");
            let css = files.get("assets/coursepack.css").expect("style sheet");
            let (gz_js, gz_css) = (gzip_len(js), gzip_len(css));
            let name = zip
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let total = gz_js + gz_css;
            let ceiling = if name.ends_with("cmi5.zip") {
                ceilings[2]
            } else {
                ceilings[usize::from(name.ends_with("xapi.zip"))]
            };
            println!(
                "{name}: js {} B ({gz_js} B gzipped), css {} B ({gz_css} B gzipped), total {total} B gzipped (ceiling {ceiling})",
                js.len(),
                css.len(),
            );
            if total > ceiling {
                over.push(format!("{name}: {total} B > {ceiling} B"));
            }
            // Minified: no comment left, no indented line; local names shortened.
            let text = String::from_utf8_lossy(js);
            assert!(
                !text.contains("\n  ") && !text.contains("/* "),
                "{name}: the script is minified"
            );
            assert!(
                !text.contains("function first(attr,root)"),
                "{name}: local names are shortened"
            );
            assert!(
                !String::from_utf8_lossy(css).contains("\n  "),
                "{name}: the style sheet is minified"
            );
        }
    }
    assert!(over.is_empty(), "over the weight ceiling: {over:?}");
}

/// The style sheet and script of a package hold the optional parts its course uses and no
/// other: the logo and banner styles, each question type's styles and likert's response.
#[test]
fn a_package_carries_the_optional_parts_its_course_uses() {
    let logo = ".cp-logo{";
    let banner = ".cp-banner{";
    let scale = ".cp-choices--scale{";
    let field = ".cp-field{";
    let number = ".cp-input--number{";
    let matching = ".cp-match{";
    let select = ".cp-select{";
    let ordering = ".cp-steps{";
    let css_all = [
        logo, banner, scale, field, number, matching, select, ordering,
    ];
    for (course, css_has, js_has_likert) in [
        (root().join("course"), vec![matching, select], false),
        (fixture("valid/branded"), vec![logo, banner], false),
        (
            fixture("valid/every-block"),
            vec![scale, field, number, matching, select, ordering],
            true,
        ),
    ] {
        let out = tempfile::tempdir().expect("out");
        let result = coursepack(&[
            "build",
            &course.display().to_string(),
            "--out",
            &out.path().display().to_string(),
        ]);
        assert!(result.status.success(), "{result:?}");
        let zip = std::fs::read_dir(out.path())
            .expect("out")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "zip"))
            .expect("a package");
        let files = zip_entries(&zip);
        let css = String::from_utf8_lossy(&files["assets/coursepack.css"]).to_string();
        let js = String::from_utf8_lossy(&files["assets/coursepack.js"]).to_string();
        for rule in css_all {
            assert_eq!(
                css.contains(rule),
                css_has.contains(&rule),
                "{}: {rule}",
                course.display()
            );
        }
        assert_eq!(
            js.contains("responses.likert="),
            js_has_likert,
            "{}",
            course.display()
        );
    }
}

/// A copy of the branded fixture with `edit` applied to one file.
fn branded_with(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    crate::copy_dir(&fixture("valid/branded"), tmp.path());
    let path = tmp.path().join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, edit(&text)).expect("write");
    tmp
}

#[test]
fn theme_files_are_packaged_listed_and_styled() {
    let (_out, zips) = build_all(&fixture("valid/branded"));
    let scorm = zips
        .iter()
        .find(|z| z.to_string_lossy().ends_with("scorm12.zip"))
        .expect("scorm");
    let files = zip_entries(scorm);
    let manifest = String::from_utf8(files["imsmanifest.xml"].clone()).expect("utf-8");
    for path in [
        "media/images/logo.svg",
        "media/images/cover.svg",
        "media/images/banner.svg",
        "media/fonts/brand-serif-bold.woff2",
    ] {
        assert!(files.contains_key(path), "{path} packaged");
        assert!(
            manifest.contains(&format!("href=\"{path}\"")),
            "{path} listed in the manifest"
        );
    }
    let css = String::from_utf8(files["assets/coursepack.css"].clone()).expect("utf-8");
    assert!(
        css.contains("--cp-accent:#0f6e66"),
        "the accent as a custom property"
    );
    assert!(css.contains("--cp-bg:#fbf8f3") && css.contains("--cp-text:#2a2320"));
    assert!(css.contains("url(\"../media/fonts/brand-serif-bold.woff2\") format(\"woff2\")"));
    assert!(css.contains("--cp-heading-font:\"cp-heading\","));
    let page = String::from_utf8(files["index.html"].clone()).expect("utf-8");
    assert!(page.contains(
        "<img class=\"cp-logo\" src=\"media/images/logo.svg\" alt=\"Roastery Academy\">"
    ));
    assert!(page.contains("<img class=\"cp-cover-image\" src=\"media/images/cover.svg\" alt=\"\""));
    assert!(page.contains("<img class=\"cp-banner\" src=\"media/images/banner.svg\" alt=\"\">"));
    assert!(page.contains("About 20 min"), "the duration of course.toml");
    let xapi = zips
        .iter()
        .find(|z| z.to_string_lossy().ends_with("xapi.zip"))
        .expect("xapi");
    assert!(zip_entries(xapi).contains_key("media/fonts/brand-serif-bold.woff2"));
}

#[test]
fn unreadable_colours_and_missing_theme_files_are_refused() {
    let check = |course: &tempfile::TempDir| {
        let result = coursepack(&["check", &course.path().display().to_string()]);
        assert_eq!(result.status.code(), Some(1));
        String::from_utf8_lossy(&result.stderr).to_string()
    };
    let stderr = check(&branded_with("course.toml", |t| {
        t.replace("accent = \"#0f6e66\"", "accent = \"#8fd3c9\"")
    }));
    assert!(
        stderr.contains(
            "#8fd3c9 on background #fbf8f3 has a contrast ratio of 1.60:1, below the 4.5:1"
        ) && stderr.contains("--> course.toml:13:10"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`accent = \"#527873\"` would pass (4.61:1 on #fbf8f3)"),
        "{stderr}"
    );
    let stderr = check(&branded_with("course.toml", |t| {
        t.replace("images/logo.svg", "images/missing.svg")
    }));
    assert!(
        stderr.contains("logo `images/missing.svg` not found")
            && stderr.contains("--> course.toml:16:8"),
        "{stderr}"
    );
}

#[test]
fn lesson_banners_are_checked() {
    let course = branded_with("lessons/01-beans.md", |t| {
        t.replace(
            "banner=../images/banner.svg",
            "banner=../images/nope.svg size=big",
        )
    });
    let result = coursepack(&["check", &course.path().display().to_string()]);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("lessons/01-beans.md:1:")
            && stderr.contains("banner picture `../images/nope.svg` not found"),
        "{stderr}"
    );
    assert!(
        stderr.contains("unknown attribute `size` on the lesson title"),
        "{stderr}"
    );
}

#[test]
fn files_an_edited_template_refers_to_are_packaged_or_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("course");
    let init = coursepack(&[
        "init",
        &dir.display().to_string(),
        "--title",
        "T",
        "--lang",
        "en",
    ]);
    assert!(init.status.success());
    let out = coursepack(&["templates", &dir.display().to_string()]);
    assert!(out.status.success());
    let page = dir.join("templates/page.html");
    let html = std::fs::read_to_string(&page).expect("page.html");
    std::fs::write(
        &page,
        html.replacen(
            "<body>",
            "<body><img class=\"brand\" src=\"{{ assets }}media/brand/mark.svg\" alt=\"\">",
            1,
        ),
    )
    .expect("edit");
    let css = dir.join("templates/runtime/coursepack.css");
    let sheet = std::fs::read_to_string(&css).expect("css");
    std::fs::write(
        &css,
        format!("{sheet}\n.brand{{background:url(../media/brand/bg.svg)}}\n"),
    )
    .expect("edit css");
    std::fs::create_dir_all(dir.join("brand")).expect("mkdir");
    std::fs::write(
        dir.join("brand/mark.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .expect("svg");
    std::fs::write(
        dir.join("brand/bg.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .expect("svg");
    let dist = tmp.path().join("dist");
    let built = coursepack(&[
        "build",
        &dir.display().to_string(),
        "--out",
        &dist.display().to_string(),
    ]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let zip = crate::only_zip(&dist);
    let files = zip_entries(&zip);
    assert!(
        files.contains_key("media/brand/mark.svg"),
        "the page's image is packaged"
    );
    assert!(
        files.contains_key("media/brand/bg.svg"),
        "the style sheet's image is packaged"
    );
    let manifest = String::from_utf8_lossy(&files["imsmanifest.xml"]).into_owned();
    assert!(
        manifest.contains("href=\"media/brand/mark.svg\"")
            && manifest.contains("href=\"media/brand/bg.svg\"")
    );
    let deep = coursepack(&["validate", "--deep", "--strict", &zip.display().to_string()]);
    assert_eq!(
        deep.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&deep.stdout)
    );

    // A file the course lacks stops the build, naming it.
    std::fs::remove_file(dir.join("brand/mark.svg")).expect("rm");
    let refused = coursepack(&[
        "build",
        &dir.display().to_string(),
        "--out",
        &tmp.path().join("d2").display().to_string(),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("the templates refer to `media/brand/mark.svg`, but the course has no file `brand/mark.svg`"), "{stderr}");
}

/// An override of a runtime file that was split (`widgets.js`) stops the build and says where
/// its code went, rather than being ignored.
#[test]
fn an_override_of_a_split_runtime_file_is_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    crate::copy_dir(&fixture("valid/branded"), tmp.path());
    std::fs::create_dir_all(tmp.path().join("templates/runtime")).expect("mkdir");
    std::fs::write(tmp.path().join("templates/runtime/widgets.js"), "// mine\n").expect("w");
    let out = tempfile::tempdir().expect("out");
    let result = coursepack(&[
        "build",
        &tmp.path().display().to_string(),
        "--out",
        &out.path().display().to_string(),
    ]);
    assert_ne!(result.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("templates/runtime/widgets.js")
            && stderr.contains("tabs.js, carousel.js and accordion.js"),
        "{stderr}"
    );
}
