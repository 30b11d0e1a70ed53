//! Data-driven tests of `video` and `audio` blocks: a lesson and its files in, an outline of the
//! model and the diagnostics out.

use crate::model::{Block, Media};
use crate::source::fs::MemFs;
use crate::source::media_file::samples;

const TOML: &str =
    "id = \"https://x.example/c\"\ntitle = \"T\"\nlanguage = \"en\"\nlessons = [\"lessons/l.md\"]\n";

const VTT: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n\n00:02.000 --> 00:04.000\nWorld\n";

/// One line per media block (shared with the source stage's outline).
pub fn media_line(m: &Media) -> String {
    let tracks: Vec<String> = m
        .tracks
        .iter()
        .map(|t| format!("{}={}", t.lang, t.file))
        .collect();
    format!(
        "{} {} src={} poster={:?} tracks=[{}] complete-at={} caption={:?} transcript={:?}",
        m.kind.name(),
        m.id,
        m.src,
        m.poster.as_ref().map(|p| p.as_str()),
        tracks.join(" "),
        m.complete_at,
        m.caption.markdown,
        m.transcript
            .as_ref()
            .map(|t| format!("{}:{} {}", t.origin.file, t.origin.line, t.markdown)),
    )
}

/// A course with `lessons/l.md` = `lesson` and media files: `media/clip.mp4` (4 s),
/// `media/clip.webm` (3 s), `media/talk.mp3`, captions and a poster, plus `extra`.
fn outline_with(lesson: &str, extra: &[(&str, Vec<u8>)]) -> String {
    let mut fs = MemFs::new()
        .with("course.toml", TOML)
        .with("lessons/l.md", lesson)
        .with("media/clip.mp4", samples::mp4(4000))
        .with("media/clip.webm", samples::webm(3000.0))
        .with("media/talk.mp3", samples::mp3())
        .with("media/clip.en.vtt", VTT)
        .with("media/clip.fr.vtt", VTT.replace("Hello", "Bonjour"))
        .with("media/poster.svg", "<svg/>");
    for (path, bytes) in extra {
        fs = fs.with(path, bytes.clone());
    }
    let loaded = crate::source::load(&fs).expect("course.toml");
    let mut out = Vec::new();
    if let Some(course) = &loaded.course {
        for lesson in &course.lessons {
            crate::model::visit_blocks(&lesson.blocks, &mut |b| {
                if let Block::Media(m) = b {
                    out.push(media_line(m));
                }
            });
        }
        let assets: Vec<&str> = course.assets.iter().map(|a| a.as_str()).collect();
        out.push(format!("assets {}", assets.join(" ")));
    }
    out.extend(loaded.diagnostics.iter().map(|d| d.short()));
    out.join("\n")
}

fn check(lesson: &str, expect: &str) {
    check_with(lesson, &[], expect);
}

/// A transcript file: two blank lines, then two paragraphs.
fn transcript() -> (&'static str, Vec<u8>) {
    (
        "media/clip.md",
        b"\n\nThe *whole* text.\n\nSecond paragraph.\n".to_vec(),
    )
}

fn check_with(lesson: &str, extra: &[(&str, Vec<u8>)], expect: &str) {
    let got = outline_with(&format!("# L\n\n{lesson}"), extra);
    assert_eq!(got, expect.trim(), "lesson:\n{lesson}");
}

#[test]
fn a_full_video_block() {
    check_with(
        "::: video {#intro src=\"../media/clip.mp4\" poster=\"../media/poster.svg\" captions-en=\"../media/clip.en.vtt\" captions-fr=\"../media/clip.fr.vtt\" transcript=\"../media/clip.md\" complete-at=90%}\nA *short* clip\n:::\n",
        &[transcript()],
        r#"
video intro src=media/clip.mp4 poster=Some("media/poster.svg") tracks=[en=media/clip.en.vtt fr=media/clip.fr.vtt] complete-at=90 caption="A *short* clip" transcript=Some("media/clip.md:3 The *whole* text.\n\nSecond paragraph.")
assets media/clip.en.vtt media/clip.fr.vtt media/clip.mp4 media/poster.svg
"#,
    );
}

#[test]
fn derived_ids_inline_transcripts_and_audio() {
    check_with(
        "::: video {src=\"../media/clip.webm\" captions-en-GB=\"../media/clip.en.vtt\"}\nClip\n\n::: transcript\nWords *spoken*.\n:::\n:::\n\n::: audio {src=\"../media/talk.mp3\"}\nTalk\n::: transcript\nHello.\n:::\n:::\n",
        &[("media/clip.webm", samples::webm(4000.0))],
        r#"
video l.video1 src=media/clip.webm poster=None tracks=[en-GB=media/clip.en.vtt] complete-at=100 caption="Clip" transcript=Some("lessons/l.md:7 Words *spoken*.")
audio l.audio1 src=media/talk.mp3 poster=None tracks=[] complete-at=100 caption="Talk" transcript=Some("lessons/l.md:14 Hello.")
assets media/clip.en.vtt media/clip.webm media/talk.mp3
"#,
    );
}

#[test]
fn what_is_missing_or_wrong_is_reported_on_the_block() {
    check(
        "::: video {src=\"../media/clip.mp4\"}\nClip\n:::\n",
        "lessons/l.md:3:5: error: a video needs captions",
    );
    check(
        "::: video {captions-en=\"../media/clip.en.vtt\"}\nClip\n:::\n",
        "lessons/l.md:3:5: error: the video has no `src`",
    );
    check(
        "::: video {src=\"../media/clip.mp4\" captions-en=\"../media/clip.en.vtt\"}\n:::\n",
        "lessons/l.md:3:5: error: the video has no title",
    );
    check(
        "::: video {src=\"../media/nothere.mp4\" captions-en=\"../media/clip.en.vtt\"}\nClip\n:::\n",
        "lessons/l.md:3:12: error: video `../media/nothere.mp4` not found (looked for `media/nothere.mp4` in the course folder)",
    );
    check(
        "::: video {src=\"../media/talk.mp3\" captions-en=\"../media/clip.en.vtt\"}\nClip\n:::\n",
        "lessons/l.md:3:12: error: `../media/talk.mp3` is not a file a `video` block plays",
    );
    check(
        "::: audio {src=\"../media/clip.avi\"}\nClip\n:::\n",
        "lessons/l.md:3:5: warning: the audio has no transcript\nlessons/l.md:3:12: error: `../media/clip.avi` is not a file a `audio` block plays",
    );
    check_with(
        "::: video {src=\"../media/fake.mp4\" captions-en=\"../media/clip.en.vtt\"}\nClip\n:::\n",
        &[("media/fake.mp4", samples::webm(1000.0))],
        "lessons/l.md:3:12: error: `../media/fake.mp4` is named .mp4 but its content is a WebM file",
    );
    check_with(
        "::: audio {src=\"../media/text.mp3\" transcript=\"../media/clip.md\"}\nClip\n:::\n",
        &[("media/text.mp3", b"hello".to_vec()), transcript()],
        "lessons/l.md:3:12: error: `../media/text.mp3` is named .mp3 but its content is none of the formats coursepack plays",
    );
    check(
        "::: video {src=\"https://cdn.example/x.mp4\" captions-en=\"../media/clip.en.vtt\"}\nClip\n:::\n",
        "lessons/l.md:3:12: error: `https://cdn.example/x.mp4` is a remote address; a package must hold every file it uses",
    );
    check(
        "::: video {src=\"../../x.mp4\" captions-en=\"../media/clip.en.vtt\"}\nClip\n:::\n",
        "lessons/l.md:3:12: error: `../../x.mp4` leaves the course folder",
    );
}

#[test]
fn attributes_are_checked() {
    let base = "src=\"../media/clip.mp4\" captions-en=\"../media/clip.en.vtt\"";
    for (attr, expect) in [
        ("complete-at=90", "`complete-at=90` is not a share of the video"),
        ("complete-at=0%", "`complete-at=0%` is not a share of the video"),
        ("complete-at=101%", "`complete-at=101%` is not a share of the video"),
        ("poster=\"../media/clip.en.vtt\"", "the poster `../media/clip.en.vtt` is not an image"),
        ("poster=\"../media/none.png\"", "poster `../media/none.png` not found (looked for `media/none.png` in the course folder)"),
        ("captions-english=\"../media/clip.fr.vtt\"", "`english` in `captions-english` is not a BCP 47 language tag"),
        ("captions-EN=\"../media/clip.fr.vtt\"", "a second caption track in `EN`"),
        ("captions-fr=\"../media/clip.md\"", "the caption file `../media/clip.md` is not a WebVTT file (.vtt)"),
        ("captions-fr=\"../media/none.vtt\"", "caption file `../media/none.vtt` not found (looked for `media/none.vtt` in the course folder)"),
        ("transcript=\"../media/clip.en.vtt\"", "the transcript `../media/clip.en.vtt` is not a Markdown file (.md)"),
        ("transcript=\"../media/none.md\"", "transcript `../media/none.md` not found (looked for `media/none.md` in the course folder)"),
        ("autoplay=true", "unknown attribute `autoplay` on `video`"),
    ] {
        let lesson = format!("::: video {{{base} {attr}}}\nClip\n:::\n");
        let got = outline_with(&format!("# L\n\n{lesson}"), &[]);
        let column = lesson.find(attr.split('=').next().unwrap_or_default()).map_or(0, |o| o + 1);
        assert_eq!(got, format!("lessons/l.md:3:{column}: error: {expect}"), "{attr}");
    }
    check(
        "::: video {src=\"../media/clip.mp4\" captions=\"../media/clip.en.vtt\"}\nClip\n:::\n",
        "lessons/l.md:3:36: error: `captions` needs the language of the track in its name",
    );
    check(
        "::: audio {src=\"../media/talk.mp3\" captions-en=\"../media/clip.en.vtt\" poster=\"../media/poster.svg\"}\nTalk\n:::\n",
        "lessons/l.md:3:5: warning: the audio has no transcript\nlessons/l.md:3:36: error: an audio block takes no captions\nlessons/l.md:3:71: error: unknown attribute `poster` on `audio`",
    );
}

#[test]
fn caption_files_are_checked_at_their_own_lines() {
    let bad =
        "WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n\n00:03.000 --> 00:05.000\nAfter the end\n";
    check_with(
        "::: video {src=\"../media/clip.webm\" captions-en=\"../media/bad.vtt\"}\nClip\n:::\n",
        &[("media/bad.vtt", bad.as_bytes().to_vec())],
        "media/bad.vtt:6:11: error: the cue ends at 00:05.000, after the end of the media (00:03.000)",
    );
    // MP3 has no length in its header: only the cues themselves are checked.
    check_with(
        "::: video {src=\"../media/clip.mp4\" captions-en=\"../media/bad.vtt\"}\nClip\n:::\n",
        &[(
            "media/bad.vtt",
            b"WEBVTT\n\n00:03.000 --> 00:02.000\nx\n".to_vec(),
        )],
        "media/bad.vtt:3:11: error: the cue ends at 00:02.000 but starts at 00:03.000",
    );
    check_with(
        "::: video {src=\"../media/clip.mp4\" captions-en=\"../media/bad.vtt\"}\nClip\n:::\n",
        &[("media/bad.vtt", vec![0xFF, 0xFE, 0x00])],
        "lessons/l.md:3:36: error: cannot read the caption file `../media/bad.vtt`: it is UTF-16 text (what some editors call \"Unicode\"), not UTF-8",
    );
}

#[test]
fn transcripts() {
    // A transcript file is not an unlisted lesson; its Markdown is checked at its own lines.
    check_with(
        "::: video {src=\"../media/clip.mp4\" captions-en=\"../media/clip.en.vtt\" transcript=\"../media/t.md\"}\nClip\n:::\n",
        &[("media/t.md", b"Words\n\n![](nothere.png)\n".to_vec())],
        "media/t.md:3:1: error: image `nothere.png` has no alt text\nmedia/t.md:3:1: error: image `nothere.png` not found (looked for `media/nothere.png` in the course folder)",
    );
    check_with(
        "::: video {src=\"../media/clip.mp4\" captions-en=\"../media/clip.en.vtt\" transcript=\"../media/clip.md\"}\nClip\n::: transcript\nx\n:::\n:::\n",
        &[transcript()],
        "lessons/l.md:3:71: error: the video has a transcript file and a `transcript` block",
    );
    check(
        "::: transcript\nx\n:::\n",
        "lessons/l.md:3:5: error: a `transcript` block belongs inside a `video` or `audio` block",
    );
    check(
        "::: audio {src=\"../media/talk.mp3\"}\nTalk\n::: transcript\n:::\n:::\n",
        "lessons/l.md:5:5: error: the transcript is empty",
    );
    check(
        "::: audio {src=\"../media/talk.mp3\"}\nTalk\n::: callout\nx\n:::\n:::\n",
        "lessons/l.md:3:5: warning: the audio has no transcript\nlessons/l.md:5:5: error: `callout` cannot be placed inside a `audio` block",
    );
}

#[test]
fn placement_and_images() {
    check(
        "::: tabs\n## A\n::: video {src=\"../media/clip.mp4\" captions-en=\"../media/clip.en.vtt\"}\nClip\n:::\n:::\n",
        "lessons/l.md:5:5: error: `video` cannot be placed inside a tab",
    );
    check(
        "![A clip](../media/clip.mp4)\n",
        "lessons/l.md:3:1: error: `../media/clip.mp4` is a video file, not an image",
    );
    check(
        "::: figure\n![A talk](../media/talk.mp3)\n:::\n",
        "lessons/l.md:4:1: error: `../media/talk.mp3` is an audio file, not an image",
    );
}

#[test]
fn odd_input_never_panics() {
    for lesson in [
        "::: video\n:::\n",
        "::: audio {src=\"\"}\nx\n:::\n",
        "::: video {src=\"?\" captions-=\"\" captions-é=\"x.vtt\" poster=\"\" transcript=\"\" complete-at=%}\n:::\n",
        "::: video {src=\".mp4\" captions-en=\".vtt\"}\n::: transcript {#x a=b}\n::: transcript\n:::\n:::\n:::\n",
        "::: video {src=\"../media/clip.mp4\" captions-en=\"../media/clip.en.vtt\" complete-at=99999999999%}\nx\n:::\n",
        "::: audio {src=\"../media/talk.mp3\" transcript=\"../media\"}\nx\n:::\n",
    ] {
        let _ = outline_with(&format!("# L\n\n{lesson}"), &[("media/empty.mp4", Vec::new())]);
    }
}
