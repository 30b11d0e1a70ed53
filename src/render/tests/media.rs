//! Render tests of video and audio blocks: the players and their tracks in the HTML, the page
//! data and xAPI activities, the learner state's bits, the runtime part and style only with media.

use super::*;
use crate::model::{CaptionTrack, Group, GroupKind, Item, Media, MediaKind};

fn path(p: &str) -> RelPath {
    RelPath::from_trusted(p)
}

fn video(vid: &str, tracks: &[&str]) -> Media {
    Media {
        id: id(vid),
        kind: MediaKind::Video,
        src: path("media/a.mp4"),
        poster: Some(path("media/a.svg")),
        tracks: tracks
            .iter()
            .map(|lang| CaptionTrack {
                lang: lang.to_string(),
                file: path(&format!("media/a.{lang}.vtt")),
            })
            .collect(),
        caption: text("A <b>clip</b> & *more*"),
        transcript: Some(text("Said: \"<script>x</script>\"")),
        complete_at: 90,
    }
}

fn audio(aid: &str) -> Media {
    Media {
        id: id(aid),
        kind: MediaKind::Audio,
        src: path("media/b.ogg"),
        poster: None,
        tracks: Vec::new(),
        caption: text("A talk"),
        transcript: None,
        complete_at: 100,
    }
}

fn tabs() -> Block {
    Block::Group(Group {
        id: id("t"),
        kind: GroupKind::Tabs,
        label: None,
        item_level: 2,
        items: ["t.1", "t.2"]
            .iter()
            .map(|i| Item {
                id: id(i),
                title: text(i),
                blocks: Vec::new(),
            })
            .collect(),
    })
}

fn media_course(lang: &str) -> Course {
    let mut course = course_of(vec![(
        "l",
        vec![
            Block::Media(video("v", &["en", "fr", "de"])),
            tabs(),
            Block::Media(audio("a")),
        ],
    )]);
    course.meta.language = lang.into();
    course
}

/// The element whose start tag holds `needle`, up to its end tag `</tag>`.
fn element<'h>(html: &'h str, needle: &str, tag: &str) -> &'h str {
    let at = html.find(needle).unwrap_or_else(|| panic!("{needle}"));
    let start = html[..at].rfind(&format!("<{tag}")).expect("start");
    let end = html[start..].find(&format!("</{tag}>")).expect("end") + start;
    &html[start..end + tag.len() + 3]
}

#[test]
fn a_video_and_an_audio_render_native_players_with_escaped_text() {
    let html = html_of(&media_course("en"));
    assert_eq!(
        element(&html, "data-cp-media=\"v\"", "figure"),
        "<figure class=\"cp-media cp-media--video\">
  <video class=\"cp-media-player\" id=\"media-v\" data-cp-media=\"v\" controls preload=\"metadata\" playsinline poster=\"media/media/a.svg\" aria-labelledby=\"media-title-v\">
    <source src=\"media/media/a.mp4\" type=\"video/mp4\">
    <track kind=\"captions\" src=\"media/media/a.en.vtt\" srclang=\"en\" label=\"English\" default>
    <track kind=\"captions\" src=\"media/media/a.fr.vtt\" srclang=\"fr\" label=\"Français\">
    <track kind=\"captions\" src=\"media/media/a.de.vtt\" srclang=\"de\" label=\"de\">
  </video>
  <figcaption class=\"cp-media-title\" id=\"media-title-v\">A &lt;b&gt;clip&lt;/b&gt; &amp; <em>more</em></figcaption>
  <details class=\"cp-transcript\">
    <summary>Transcript</summary>
    <div class=\"cp-transcript-body\">
<p>Said: \"&lt;script&gt;x&lt;/script&gt;\"</p>

    </div>
  </details>
</figure>"
    );
    assert_eq!(
        element(&html, "data-cp-media=\"a\"", "figure"),
        "<figure class=\"cp-media cp-media--audio\">
  <audio class=\"cp-media-player\" id=\"media-a\" data-cp-media=\"a\" controls preload=\"metadata\" aria-labelledby=\"media-title-a\">
    <source src=\"media/media/b.ogg\" type=\"audio/ogg\">
  </audio>
  <figcaption class=\"cp-media-title\" id=\"media-title-a\">A talk</figcaption>
</figure>"
    );
}

#[test]
fn captions_default_to_the_page_language_and_the_transcript_is_in_it() {
    let fr = html_of(&media_course("fr-CA"));
    assert!(
        fr.contains("srclang=\"fr\" label=\"Français\" default>"),
        "{fr}"
    );
    assert!(fr.contains("srclang=\"en\" label=\"English\">"));
    assert!(fr.contains("<summary>Transcription</summary>"));
    // No track in the page's language: the first one.
    let ar = html_of(&media_course("ar"));
    assert!(ar.contains("srclang=\"en\" label=\"English\" default>"));
    assert!(ar.contains("<summary>النص المكتوب</summary>"));
}

#[test]
fn page_data_xapi_activities_and_the_state_count_the_media() {
    let course = media_course("en");
    let data = data_of(&course, "xapi");
    assert_eq!(
        data["media"],
        json!([
            {"id": "v", "kind": "video", "completeAt": 0.9},
            {"id": "a", "kind": "audio", "completeAt": 1.0}
        ])
    );
    assert_eq!(
        data["xapi"]["media"],
        json!({
            "v": {"id": "https://x.example/c/media/v", "type": "https://w3id.org/xapi/video/activity-type/video", "name": "A <b>clip</b> & more"},
            "a": {"id": "https://x.example/c/media/a", "type": "https://w3id.org/xapi/video/activity-type/audio", "name": "A talk"}
        })
    );
    // One bit per lesson, item and media: 1 + 2 + 2.
    let rendered = render_with(&course, "scorm12", false);
    assert_eq!(rendered.pages[0].state.viewed_bits, 5);
    assert_eq!(
        crate::package::scorm12::suspend_data_len(&rendered.pages[0].state),
        2 + 1 + 1
    );
    // The course's media in tincan.xml order, after their lesson.
    let activities = crate::render::xapi::package_activities(&course);
    let names: Vec<&str> = activities
        .activities
        .iter()
        .map(|a| a.id.rsplit('/').next().unwrap_or_default())
        .collect();
    assert_eq!(names, ["l", "v", "t", "a"]);
    // A page without media says nothing of them.
    let plain = data_of(&every_type_course(), "xapi");
    assert!(plain.get("media").is_none() && plain["xapi"].get("media").is_none());
}

#[test]
fn the_media_part_and_style_come_only_with_media() {
    let with = render_with(&media_course("en"), "xapi", false);
    let without = render_with(&every_type_course(), "xapi", false);
    let file = |r: &Rendered, name: &str| {
        r.runtime
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, t)| t.clone())
            .expect("runtime file")
    };
    let js = file(&with, RUNTIME_JS);
    // Names are shortened: media.js is known by the player event it follows, xapi.js by its header.
    assert!(js.contains("'timeupdate'"));
    // Before the backend, which the last lines start.
    assert!(js.find("'timeupdate'") < js.find("'X-Experience-API-Version'"));
    assert!(file(&with, RUNTIME_CSS).contains(".cp-transcript"));
    assert!(!file(&without, RUNTIME_JS).contains("'timeupdate'"));
    assert!(!file(&without, RUNTIME_CSS).contains(".cp-transcript"));
}
