//! Reads a `video` or `audio` block: its media file (checked by extension and by its first bytes,
//! and its length read from the header when the container gives it), the poster, one WebVTT
//! caption track per language (each checked in [`super::webvtt`]), the transcript (a Markdown
//! file or a nested `transcript` block), the share to play for completion, and the title.

use super::directive::{Directive, Line, Node};
use super::fs::{FileStatus, RelPath};
use super::lesson::LessonBuilder;
use super::media_file::{self, Container};
use super::webvtt;
use crate::diag::{Diagnostic, Location};
use crate::model::{CaptionTrack, Media, MediaKind, Origin, Text};

/// A format a block accepts: the file extension, the container its bytes must show, and the
/// MIME type the page gives the browser.
pub struct Format {
    pub extension: &'static str,
    pub container: Container,
    pub mime: &'static str,
}

pub const VIDEO_FORMATS: &[Format] = &[
    Format {
        extension: "mp4",
        container: Container::Mp4,
        mime: "video/mp4",
    },
    Format {
        extension: "webm",
        container: Container::WebM,
        mime: "video/webm",
    },
];

pub const AUDIO_FORMATS: &[Format] = &[
    Format {
        extension: "mp3",
        container: Container::Mp3,
        mime: "audio/mpeg",
    },
    Format {
        extension: "ogg",
        container: Container::Ogg,
        mime: "audio/ogg",
    },
    Format {
        extension: "m4a",
        container: Container::Mp4,
        mime: "audio/mp4",
    },
];

/// Image formats a poster may have.
const POSTER_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif", "svg"];

/// Extensions of video and audio files, beyond those accepted, that an image reference must not
/// use: a video written as an image would show a broken image.
const OTHER_VIDEO: &[&str] = &["m4v", "mov", "ogv", "avi", "mkv"];
const OTHER_AUDIO: &[&str] = &["wav", "oga", "opus", "aac", "flac"];

/// The lower-case extension of a path or reference (`None` without one).
fn extension(path: &str) -> Option<String> {
    let name = path.split(['?', '#']).next()?.rsplit('/').next()?;
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

/// The kind of media a reference names by its extension, if it names one.
pub fn kind_of(reference: &str) -> Option<MediaKind> {
    let ext = extension(reference)?;
    let ext = ext.as_str();
    if VIDEO_FORMATS.iter().any(|f| f.extension == ext) || OTHER_VIDEO.contains(&ext) {
        Some(MediaKind::Video)
    } else if AUDIO_FORMATS.iter().any(|f| f.extension == ext) || OTHER_AUDIO.contains(&ext) {
        Some(MediaKind::Audio)
    } else {
        None
    }
}

/// Why a reference written as an image must be a media block instead: the message and the hint;
/// `None` when it does not name a video or audio file.
pub fn not_an_image(url: &str) -> Option<(String, String)> {
    let name = kind_of(url)?.name();
    let what = match name {
        "audio" => "an audio file",
        _ => "a video file",
    };
    Some((
        format!("`{url}` is {what}, not an image"),
        format!("play it in a `::: {name}` block: `::: {name} {{src=\"{url}\"}}`, its title, then `:::` (docs/authoring.md, \"Video and audio\")"),
    ))
}

/// The formats a kind of block accepts.
pub fn formats(kind: MediaKind) -> &'static [Format] {
    match kind {
        MediaKind::Video => VIDEO_FORMATS,
        MediaKind::Audio => AUDIO_FORMATS,
    }
}

/// The MIME type of a media file the source stage accepted.
pub fn mime_type(kind: MediaKind, path: &RelPath) -> &'static str {
    let ext = extension(path.as_str()).unwrap_or_default();
    formats(kind)
        .iter()
        .find(|f| f.extension == ext)
        .map_or("application/octet-stream", |f| f.mime)
}

/// The attribute prefix of a caption track: `captions-<language>`.
const CAPTIONS_PREFIX: &str = "captions-";

/// The attributes of a media block as written, each with its column.
#[derive(Default)]
struct Written {
    src: Option<(String, usize)>,
    poster: Option<(String, usize)>,
    transcript: Option<(String, usize)>,
    complete_at: Option<u8>,
    /// `captions-<language>`: the language, the file, the column.
    tracks: Vec<(String, String, usize)>,
    /// Any `captions…` attribute, valid or not.
    captions: bool,
}

impl LessonBuilder<'_, '_, '_> {
    /// Reads the attributes of a media block, reporting those it does not take.
    fn media_attrs(&mut self, d: &Directive<'_>, kind: MediaKind) -> Written {
        let name = kind.name();
        let video = kind == MediaKind::Video;
        let accepted = match kind {
            MediaKind::Video => "src, poster, captions-<language>, transcript, complete-at",
            MediaKind::Audio => "src, transcript, complete-at",
        };
        let mut w = Written::default();
        for (key, value, col) in &d.attrs.values {
            let col = *col;
            w.captions |= key.starts_with("captions");
            match key.as_str() {
                "src" => w.src = Some((value.clone(), col)),
                "poster" if video => w.poster = Some((value.clone(), col)),
                "transcript" => w.transcript = Some((value.clone(), col)),
                "complete-at" => match parse_share(value) {
                    Some(n) => w.complete_at = Some(n),
                    None => self.error(
                        d.line,
                        col,
                        format!("`complete-at={value}` is not a share of the {name}"),
                        &format!("write a percentage from 1% to 100%, e.g. `complete-at=90%`: the share of the {name} a learner must play"),
                    ),
                },
                "captions" if video => self.error(
                    d.line,
                    col,
                    "`captions` needs the language of the track in its name".into(),
                    "write `captions-en=\"media/intro.en.vtt\"`: one attribute per language, named by its BCP 47 tag",
                ),
                k if k.starts_with(CAPTIONS_PREFIX) && video => {
                    w.tracks
                        .push((k[CAPTIONS_PREFIX.len()..].to_string(), value.clone(), col));
                }
                k if k.starts_with("captions") => self.error(
                    d.line,
                    col,
                    "an audio block takes no captions".into(),
                    "browsers show no captions for audio; give the words in a transcript (`transcript=\"…\"` or a `::: transcript` block)",
                ),
                k => self.error(
                    d.line,
                    col,
                    format!("unknown attribute `{k}` on `{name}`"),
                    &format!("`{name}` accepts: {accepted}"),
                ),
            }
        }
        w
    }

    pub(super) fn media(&mut self, d: &Directive<'_>, kind: MediaKind) -> Option<Media> {
        self.no_argument(d);
        let id = self.block_id(d);
        let name = kind.name();
        let written = self.media_attrs(d, kind);
        let (caption, inline_transcript, body_ok) = self.media_body(d, kind);
        let Some((src, src_col)) = written.src else {
            let example = formats(kind)[0].extension;
            self.error(
                d.line,
                d.name_column,
                format!("the {name} has no `src`"),
                &format!("give the {name} file: `{{src=\"media/intro.{example}\"}}`, a path relative to the lesson"),
            );
            return None;
        };
        let checked = self.media_file(d, kind, &src, src_col);
        let poster = written.poster.and_then(|(p, col)| self.poster(d, &p, col));
        let length_ms = checked.as_ref().and_then(|(_, ms)| *ms);
        let tracks = self.tracks(d, &written.tracks, length_ms);
        if kind == MediaKind::Video && !written.captions {
            self.error(
                d.line,
                d.name_column,
                "a video needs captions".into(),
                "add a WebVTT caption file for the language spoken: `captions-en=\"media/intro.en.vtt\"` (one `captions-<language>` per language); learners who cannot hear the video read them",
            );
        }
        let transcript = self.transcript(d, kind, written.transcript, inline_transcript);
        let (src, _) = checked?;
        let caption = caption.filter(|_| body_ok)?;
        self.ctx.assets.insert(src.clone());
        Some(Media {
            id,
            kind,
            src,
            poster,
            tracks,
            caption,
            transcript,
            complete_at: written.complete_at.unwrap_or(100),
        })
    }

    /// The transcript, from its file or the inline block (not both); an audio without one is
    /// warned about.
    fn transcript(
        &mut self,
        d: &Directive<'_>,
        kind: MediaKind,
        file: Option<(String, usize)>,
        inline: Option<Text>,
    ) -> Option<Text> {
        let name = kind.name();
        let inline_written = d
            .body
            .iter()
            .any(|n| matches!(n, Node::Directive(t) if t.name == "transcript"));
        if kind == MediaKind::Audio && file.is_none() && !inline_written {
            self.diags.push(
                Diagnostic::warning("the audio has no transcript")
                    .at(Location::new(self.file.as_str(), d.line.no, d.name_column))
                    .with_source_line(d.line.text)
                    .hint("learners who cannot hear it need the words: add `transcript=\"media/episode.md\"`, or a `::: transcript` block inside"),
            );
        }
        match (file, inline) {
            (Some((file, col)), Some(_)) => {
                if let Ok(path) = RelPath::resolve(self.file.parent(), &file) {
                    self.ctx.transcripts.insert(path);
                }
                self.error(
                    d.line,
                    col,
                    format!("the {name} has a transcript file and a `transcript` block"),
                    "keep one of them",
                );
                None
            }
            (Some((file, col)), None) => self.transcript_file(d, &file, col),
            (None, inline) => inline,
        }
    }

    /// The title (the block's Markdown), an inline `transcript` block, and whether the body holds
    /// nothing else.
    fn media_body(
        &mut self,
        d: &Directive<'_>,
        kind: MediaKind,
    ) -> (Option<Text>, Option<Text>, bool) {
        let name = kind.name();
        let mut lines: Vec<Line<'_>> = Vec::new();
        let mut transcript = None;
        let mut ok = true;
        for node in &d.body {
            match node {
                Node::Markdown(ls) => lines.extend(ls.iter().copied()),
                Node::Directive(inner) if inner.name == "transcript" && transcript.is_none() => {
                    transcript = Some(self.inline_transcript(inner));
                }
                Node::Directive(inner) if inner.name == "transcript" => {
                    self.error(
                        inner.line,
                        inner.name_column,
                        format!("a second transcript in the {name}"),
                        "give one transcript per block",
                    );
                }
                Node::Directive(inner) => {
                    ok = false;
                    self.error(
                        inner.line,
                        inner.name_column,
                        format!("`{}` cannot be placed inside a `{name}` block", inner.name),
                        &format!("a `{name}` block holds its title and, optionally, a `::: transcript` block"),
                    );
                }
            }
        }
        let caption = self.markdown(&lines);
        if caption.is_none() {
            self.error(
                d.line,
                d.name_column,
                format!("the {name} has no title"),
                &format!("write a short title between the opening and closing lines: it is shown with the player and names the {name} in reports"),
            );
        }
        (caption, transcript.flatten(), ok)
    }

    fn inline_transcript(&mut self, t: &Directive<'_>) -> Option<Text> {
        self.no_argument(t);
        self.only_attrs(t, &[]);
        if let Some((_, col)) = t.attrs.id {
            self.error(
                t.line,
                col,
                "a transcript takes no id".into(),
                "remove the `#id`",
            );
        }
        let mut lines = Vec::new();
        for node in &t.body {
            match node {
                Node::Markdown(ls) => lines.extend(ls.iter().copied()),
                Node::Directive(inner) => {
                    self.error(
                        inner.line,
                        inner.name_column,
                        format!("`{}` cannot be placed inside a transcript", inner.name),
                        "a transcript is Markdown text",
                    );
                    return None;
                }
            }
        }
        let text = self.markdown(&lines);
        if text.is_none() {
            self.error(
                t.line,
                t.name_column,
                "the transcript is empty".into(),
                "write the words spoken between the `::: transcript` line and its closing `:::`",
            );
        }
        text
    }

    /// The media file: a path in the course, an accepted extension, bytes of that format. Returns
    /// the path and the length the header gives.
    fn media_file(
        &mut self,
        d: &Directive<'_>,
        kind: MediaKind,
        src: &str,
        col: usize,
    ) -> Option<(RelPath, Option<u64>)> {
        let name = kind.name();
        let accepted: Vec<&str> = formats(kind).iter().map(|f| f.extension).collect();
        let ext = extension(src).unwrap_or_default();
        let Some(format) = formats(kind).iter().find(|f| f.extension == ext) else {
            let hint = match kind_of(src) {
                Some(other) if other != kind => format!(
                    "this is an {} file: use a `::: {}` block for it",
                    other.name(),
                    other.name()
                ),
                _ => format!(
                    "a {name} block plays .{} files; convert the file to one of them",
                    accepted.join(", .")
                ),
            };
            self.error(
                d.line,
                col,
                format!("`{src}` is not a file a `{name}` block plays"),
                &hint,
            );
            return None;
        };
        let path = self.attribute_file(d, name, src, col)?;
        let probed = self
            .ctx
            .fs
            .open_seekable(&path)
            .and_then(|mut f| media_file::probe(&mut f));
        match probed {
            Ok(Some(found)) if found.container == format.container => Some((path, found.length_ms)),
            Ok(found) => {
                let what = found.map_or("none of the formats coursepack plays".to_string(), |f| {
                    format!("a {} file", f.container.name())
                });
                self.error(
                    d.line,
                    col,
                    format!("`{src}` is named .{ext} but its content is {what}"),
                    &format!(
                        "give the file the extension of its format, or convert it to {}",
                        format.container.name()
                    ),
                );
                None
            }
            Err(e) => {
                self.error(
                    d.line,
                    col,
                    format!("cannot read the {name} `{src}`: {e}"),
                    "check that the file is readable",
                );
                None
            }
        }
    }

    fn poster(&mut self, d: &Directive<'_>, poster: &str, col: usize) -> Option<RelPath> {
        let ext = extension(poster).unwrap_or_default();
        if !POSTER_EXTENSIONS.contains(&ext.as_str()) {
            self.error(
                d.line,
                col,
                format!("the poster `{poster}` is not an image"),
                &format!(
                    "a poster is an image file: .{}",
                    POSTER_EXTENSIONS.join(", .")
                ),
            );
            return None;
        }
        let path = self.attribute_file(d, "poster", poster, col)?;
        self.ctx.assets.insert(path.clone());
        Some(path)
    }

    /// Checks each `captions-<language>` track: its language, its file, its WebVTT content (at the
    /// lines of the caption file) against the media's length.
    fn tracks(
        &mut self,
        d: &Directive<'_>,
        written: &[(String, String, usize)],
        length_ms: Option<u64>,
    ) -> Vec<CaptionTrack> {
        let mut out: Vec<CaptionTrack> = Vec::new();
        for (lang, file, col) in written {
            let col = *col;
            let usable = language_tags::LanguageTag::parse(lang)
                .is_ok_and(|t| (2..=3).contains(&t.primary_language().len()));
            if !usable {
                self.error(
                    d.line,
                    col,
                    format!("`{lang}` in `captions-{lang}` is not a BCP 47 language tag"),
                    "name the track by its language: `captions-en`, `captions-fr`, `captions-pt-BR`",
                );
                continue;
            }
            if out.iter().any(|t| t.lang.eq_ignore_ascii_case(lang)) {
                self.error(
                    d.line,
                    col,
                    format!("a second caption track in `{lang}`"),
                    "give one caption file per language",
                );
                continue;
            }
            if extension(file).as_deref() != Some("vtt") {
                self.error(
                    d.line,
                    col,
                    format!("the caption file `{file}` is not a WebVTT file (.vtt)"),
                    "browsers read captions in WebVTT; convert the file (SRT converts easily) and name it .vtt",
                );
                continue;
            }
            let Some(path) = self.attribute_file(d, "caption file", file, col) else {
                continue;
            };
            let text = match self.ctx.fs.read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    self.error(
                        d.line,
                        col,
                        format!("cannot read the caption file `{file}`: {e}"),
                        "WebVTT files are UTF-8 text; save the file as UTF-8",
                    );
                    continue;
                }
            };
            webvtt::check(path.as_str(), &text, length_ms, self.diags);
            self.ctx.assets.insert(path.clone());
            out.push(CaptionTrack {
                lang: lang.clone(),
                file: path,
            });
        }
        out
    }

    /// A transcript written in a Markdown file of the course.
    fn transcript_file(&mut self, d: &Directive<'_>, file: &str, col: usize) -> Option<Text> {
        if extension(file).as_deref() != Some("md") {
            self.error(
                d.line,
                col,
                format!("the transcript `{file}` is not a Markdown file (.md)"),
                "write the transcript in a .md file, or inside the block as `::: transcript`",
            );
            return None;
        }
        let path = self.attribute_file(d, "transcript", file, col)?;
        self.ctx.transcripts.insert(path.clone());
        let text = match self.ctx.fs.read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                self.error(
                    d.line,
                    col,
                    format!("cannot read the transcript `{file}`: {e}"),
                    "save the file as UTF-8 text",
                );
                return None;
            }
        };
        let skipped = text.lines().take_while(|l| l.trim().is_empty()).count();
        let body: String = text.lines().skip(skipped).collect::<Vec<_>>().join("\n");
        if body.trim().is_empty() {
            self.error(
                d.line,
                col,
                format!("the transcript `{file}` is empty"),
                "write the words spoken in the file",
            );
            return None;
        }
        let transcript = Text {
            markdown: body.trim_end().to_string(),
            origin: Origin {
                file: path.clone(),
                line: skipped + 1,
                column: 1,
            },
        };
        self.check_markdown_of(&path, &text, &transcript);
        Some(transcript)
    }

    /// Resolves a path written in an attribute and checks that it is a file of the course.
    fn attribute_file(
        &mut self,
        d: &Directive<'_>,
        what: &str,
        reference: &str,
        col: usize,
    ) -> Option<RelPath> {
        let path = match RelPath::resolve(self.file.parent(), reference) {
            Ok(p) => p,
            Err(problem) => {
                self.error(d.line, col, problem.message(reference), problem.hint());
                return None;
            }
        };
        let (message, hint) = match self.ctx.fs.file_status(&path) {
            FileStatus::File => return Some(path),
            FileStatus::Missing => {
                let same_but_case = self
                    .ctx
                    .fs
                    .list_files()
                    .into_iter()
                    .find(|f| f.as_str().eq_ignore_ascii_case(path.as_str()));
                (
                    format!("{what} `{reference}` not found (looked for `{path}` in the course folder)"),
                    match same_but_case {
                        Some(f) => format!("`{f}` exists: file names are case-sensitive in packages and on most servers"),
                        None => "check the file name; paths are relative to the lesson file".to_string(),
                    },
                )
            }
            FileStatus::NotAFile => (
                format!("{what} `{reference}` is not a readable file"),
                "point to a file the build can read".to_string(),
            ),
            FileStatus::OutsideCourse => (
                format!("{what} `{reference}` leads outside the course folder (through a symbolic link)"),
                "copy the file into the course folder instead of linking to it".to_string(),
            ),
        };
        self.error(d.line, col, message, &hint);
        None
    }
}

/// A share written `90%` (1–100, whole percent).
fn parse_share(value: &str) -> Option<u8> {
    let n: u8 = value.strip_suffix('%')?.parse().ok()?;
    (1..=100).contains(&n).then_some(n)
}

#[cfg(test)]
pub(super) mod tests;
