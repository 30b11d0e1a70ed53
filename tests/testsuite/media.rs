//! Video and audio blocks end to end, on the fixture `valid/media` whose media files are made at
//! test time (`generated-media.txt`: header-only stand-ins here, real files made with ffmpeg for
//! the browser suite by `scripts/make-test-media.sh`): a clean check, packages that hold and list
//! the media and caption files, pages with the players and the tracking plan, the runtime's media
//! part only where media are, translation of titles and transcripts.

use crate::{coursepack, fixture, only_zip};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

/// A copy of `dir` with the files its `generated-media.txt` lists written as header-only
/// stand-ins of the given length: what the source stage reads of a media file (its first bytes
/// and its header), not something a browser can play.
pub fn with_stand_in_media(dir: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tmp");
    crate::copy_dir(dir, tmp.path());
    let list = std::fs::read_to_string(dir.join("generated-media.txt")).expect("the list");
    for line in list
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [path, _kind, seconds] = parts[..] else {
            panic!("generated-media.txt: `{line}` is not `path kind seconds`")
        };
        let ms: u32 = seconds.parse::<u32>().expect("seconds") * 1000;
        let bytes = match path.rsplit_once('.').map(|(_, e)| e) {
            Some("mp4" | "m4a") => mp4(ms),
            Some("mp3") => b"ID3\x04\0\0\0\0\0\0\xFF\xFB\x90\x64".to_vec(),
            Some("ogg") => b"OggS\0\x02".to_vec(),
            other => panic!("no stand-in for {other:?}"),
        };
        let file = tmp.path().join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, bytes).expect("write");
    }
    tmp
}

/// An MP4 header: `ftyp`, then `moov` with an `mvhd` of `ms` milliseconds (timescale 1000).
fn mp4(ms: u32) -> Vec<u8> {
    let boxed = |kind: &[u8], body: &[u8]| {
        let mut out = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        out.extend(kind);
        out.extend(body);
        out
    };
    let mut mvhd = vec![0u8; 12];
    mvhd.extend(1000u32.to_be_bytes());
    mvhd.extend(ms.to_be_bytes());
    mvhd.extend([0u8; 80]);
    let mut out = boxed(b"ftyp", b"isom\0\0\x02\0isomiso2mp41");
    out.extend(boxed(b"moov", &boxed(b"mvhd", &mvhd)));
    out
}

fn build(course: &Path, format: &str, out: &Path) -> std::path::PathBuf {
    let result = coursepack(&[
        "build",
        &course.display().to_string(),
        "--format",
        format,
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    only_zip(out)
}

/// Every entry of a zip: name, bytes, compressed size.
fn entries(zip: &Path) -> Vec<(String, Vec<u8>, u64)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).expect("zip")).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read");
            (f.name().to_string(), bytes, f.compressed_size())
        })
        .collect()
}

fn text_of(entries: &[(String, Vec<u8>, u64)], name: &str) -> String {
    let e = entries
        .iter()
        .find(|e| e.0 == name)
        .unwrap_or_else(|| panic!("{name} missing"));
    String::from_utf8(e.1.clone()).expect("utf-8")
}

#[test]
fn the_media_fixture_builds_packages_that_hold_and_list_its_files() {
    let course = with_stand_in_media(&fixture("valid/media"));
    let out = tempfile::tempdir().expect("tmp");
    let zip = build(course.path(), "scorm12", &out.path().join("s"));
    let all = entries(&zip);
    let names: BTreeSet<&str> = all.iter().map(|e| e.0.as_str()).collect();
    for media in [
        "media/media/clip.mp4",
        "media/media/talk.mp3",
        "media/media/clip.en.vtt",
        "media/media/clip.fr.vtt",
        "media/media/poster.svg",
    ] {
        assert!(names.contains(media), "{media} in the zip: {names:?}");
    }
    // The media go in byte for byte; the transcript is in the page, not in the package.
    let copied = all
        .iter()
        .find(|e| e.0 == "media/media/clip.mp4")
        .expect("clip");
    assert_eq!(
        copied.1,
        std::fs::read(course.path().join("media/clip.mp4")).expect("source")
    );
    assert!(!names
        .iter()
        .any(|n| n.ends_with(".md") || n.ends_with(".txt")));
    // Every file is listed in the SCO's resource, and every listed file is there.
    let manifest = text_of(&all, "imsmanifest.xml");
    let listed: BTreeSet<&str> = manifest
        .match_indices("<file href=\"")
        .map(|(i, m)| {
            let rest = &manifest[i + m.len()..];
            &rest[..rest.find('"').expect("quote")]
        })
        .collect();
    for name in &names {
        let control = *name == "imsmanifest.xml" || name.ends_with(".xsd");
        assert_eq!(listed.contains(name), !control, "{name} listed");
    }
    // Two objectives' worth of state: lessons + media bits fit easily; the package validates.
    let result = coursepack(&["validate", "--strict", &zip.display().to_string()]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stdout)
    );

    let xzip = build(course.path(), "xapi", &out.path().join("x"));
    let tincan = text_of(&entries(&xzip), "tincan.xml");
    for (id, kind, name) in [
        ("intro", "video", "A test pattern and a tone"),
        ("talk", "audio", "A three-second tone"),
    ] {
        let activity = format!(
            "<activity id=\"https://coursepack.example/courses/media-fixture/media/{id}\" type=\"https://w3id.org/xapi/video/activity-type/{kind}\">"
        );
        let at = tincan
            .find(&activity)
            .unwrap_or_else(|| panic!("{activity}\n{tincan}"));
        assert!(tincan[at..].contains(&format!("<name lang=\"en\">{name}</name>")));
    }
    // Lessons, then their media, in document order.
    let order: Vec<usize> = [
        "lessons/watch",
        "media/intro",
        "lessons/listen",
        "media/talk",
    ]
    .iter()
    .map(|p| tincan.find(&format!("media-fixture/{p}\"")).expect(p))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "document order");
    let result = coursepack(&["validate", "--strict", &xzip.display().to_string()]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stdout)
    );
}

#[test]
fn pages_carry_the_players_and_the_runtime_only_courses_with_media_need() {
    let course = with_stand_in_media(&fixture("valid/media"));
    let out = tempfile::tempdir().expect("tmp");
    let all = entries(&build(course.path(), "scorm12", &out.path().join("m")));
    let html = text_of(&all, "index.html");
    for expected in [
        "<video class=\"cp-media-player\" id=\"media-intro\" data-cp-media=\"intro\" controls preload=\"metadata\" playsinline poster=\"media/media/poster.svg\" aria-labelledby=\"media-title-intro\">",
        "<source src=\"media/media/clip.mp4\" type=\"video/mp4\">",
        "<track kind=\"captions\" src=\"media/media/clip.en.vtt\" srclang=\"en\" label=\"English\" default>",
        "<track kind=\"captions\" src=\"media/media/clip.fr.vtt\" srclang=\"fr\" label=\"Français\">",
        "<figcaption class=\"cp-media-title\" id=\"media-title-intro\">A test pattern and a <em>tone</em></figcaption>",
        "<summary>Transcript</summary>",
        "<p>A test pattern of coloured bars appears while a <strong>440 Hz tone</strong> plays.</p>",
        "<audio class=\"cp-media-player\" id=\"media-talk\" data-cp-media=\"talk\" controls preload=\"metadata\" aria-labelledby=\"media-title-talk\">",
        "<source src=\"media/media/talk.mp3\" type=\"audio/mpeg\">",
        "<p><em>A steady tone plays for three seconds.</em></p>",
        "\"media\":[{\"id\":\"intro\",\"kind\":\"video\",\"completeAt\":0.9},{\"id\":\"talk\",\"kind\":\"audio\",\"completeAt\":1.0}]",
    ] {
        assert!(html.contains(expected), "{expected}\n{html}");
    }
    let js = text_of(&all, "assets/coursepack.js");
    let css = text_of(&all, "assets/coursepack.css");
    // Names are shortened: the media part is known by the player event it follows.
    assert!(js.contains("'timeupdate'"), "the media part");
    assert!(css.contains(".cp-transcript"), "the media style");

    // A course without media gets neither.
    let plain = entries(&build(
        &fixture("valid/every-block"),
        "scorm12",
        &out.path().join("p"),
    ));
    assert!(!text_of(&plain, "assets/coursepack.js").contains("'timeupdate'"));
    assert!(!text_of(&plain, "assets/coursepack.css").contains(".cp-transcript"));
    assert!(!text_of(&plain, "index.html").contains("\"media\":"));

    // What the media part costs a package, gzipped: the same runtime with and without it.
    let theme = coursepack::render::Theme::default_theme();
    let settings = coursepack::model::ThemeSettings::default();
    let gzip = |text: String| {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
        gz.write_all(text.as_bytes()).expect("gzip");
        gz.finish().expect("gzip").len()
    };
    let weight = |standard: &str, media: bool| {
        let uses = coursepack::render::runtime::Uses {
            media,
            ..coursepack::render::runtime::Uses::everything()
        };
        gzip(theme.runtime_script(standard, &uses).expect("script"))
            + gzip(
                theme
                    .style_sheet(&settings, &uses)
                    .expect("style sheet")
                    .css
                    .clone(),
            )
    };
    for standard in ["scorm12", "xapi"] {
        let (with, without) = (weight(standard, true), weight(standard, false));
        eprintln!("{standard} runtime JS+CSS, gzipped: {with} bytes with media, {without} without");
        assert!(
            with > without && with - without <= 2 * 1024,
            "{with} - {without}"
        );
    }
}

#[test]
fn titles_and_transcripts_translate_ids_and_files_do_not() {
    use coursepack::i18n::{segments::course_segments, SourceSegments};
    let course = with_stand_in_media(&fixture("valid/media"));
    let fs = coursepack::source::fs::DiskFs::new(course.path()).expect("fs");
    let source = coursepack::load(&fs).expect("load").course.expect("valid");
    let segments = course_segments(&source);
    let keys: Vec<&str> = segments.iter().map(|(s, _)| s.key.as_str()).collect();
    for key in [
        "intro/caption/p1",
        "intro/transcript/p1",
        "intro/transcript/p2",
        "talk/caption/p1",
        "talk/transcript/p1",
    ] {
        assert!(keys.contains(&key), "{key} in {keys:?}");
    }
    let transcript = segments
        .iter()
        .find(|(s, _)| s.key == "intro/transcript/p1")
        .expect("segment");
    assert_eq!(transcript.0.location, "media/clip-transcript.md:1");
    let targets = segments
        .iter()
        .map(|(s, _)| (s.key.clone(), format!("FR {}", s.source)))
        .collect();
    let theme = coursepack::render::Theme::load(&fs, &source.meta.languages).expect("theme");
    let fr = SourceSegments::of(&source, &theme).localize(&source, "fr", &targets);
    let (src, tgt) = (&source.media(), &fr.media());
    for (a, b) in src.iter().zip(tgt.iter()) {
        assert_eq!(
            (&a.id, &a.src, &a.tracks, a.complete_at),
            (&b.id, &b.src, &b.tracks, b.complete_at)
        );
        assert!(
            b.caption.markdown.starts_with("FR "),
            "{}",
            b.caption.markdown
        );
        let t = b.transcript.as_ref().expect("transcript");
        assert!(t.markdown.starts_with("FR "), "{}", t.markdown);
    }
}

#[test]
fn a_media_title_shows_exactly_what_the_author_wrote() {
    // The escaping rule of every other title (tests/testsuite/links.rs): inline Markdown
    // renders, everything else is escaped once; names without markup elsewhere.
    let course = with_stand_in_media(&fixture("valid/media"));
    let lesson = course.path().join("lessons/01-watch.md");
    let text = std::fs::read_to_string(&lesson).expect("lesson");
    let title = "R&D < > \"q\" 'a' *em* مرحبا 🎉";
    std::fs::write(&lesson, text.replace("A test pattern and a *tone*", title)).expect("write");
    let out = tempfile::tempdir().expect("tmp");
    let all = entries(&build(course.path(), "xapi", &out.path().join("x")));
    let html = text_of(&all, "index.html");
    let caption = "<figcaption class=\"cp-media-title\" id=\"media-title-intro\">R&amp;D &lt; &gt; &quot;q&quot; &#x27;a&#x27; <em>em</em> مرحبا 🎉</figcaption>";
    let alt_caption = caption.replace("&#x27;", "'").replace("&quot;", "\"");
    assert!(
        html.contains(caption) || html.contains(&alt_caption),
        "{}",
        &html[html.find("cp-media-title").unwrap_or(0)..][..200]
    );
    let tincan = text_of(&all, "tincan.xml");
    assert!(
        tincan.contains("R&amp;D &lt; &gt; \"q\" 'a' em مرحبا 🎉"),
        "the activity name is the text without its markup, escaped once"
    );
}
