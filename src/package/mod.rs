//! The package stage: rendered pages + course media → a zip an LMS imports.
//!
//! This stage decides the package layout, writes the manifest and streams everything into a
//! deterministic zip ([`zip`]). Layout of a SCORM 1.2 package:
//!
//! ```text
//! imsmanifest.xml, *.xsd     control files at the root (SCORM 1.2, 2004), or tincan.xml (xAPI),
//!                            or cmi5.xml (cmi5)
//! index.html                 the course page (or lessons/<id>.html, one per SCO)
//! assets/coursepack.{js,css} the learner runtime
//! media/<course path>        every file the lessons reference
//! ```

pub mod batch;
pub mod cmi5;
pub mod manifest;
pub mod scorm12;
pub mod scorm2004;
pub mod shard;
pub mod tincan;
pub mod zip;

use crate::model::Course;
use crate::render::{self, RenderError, Theme};
use crate::source::fs::{RelPath, SourceFs};
use std::io::Seek;
use std::path::{Path, PathBuf};
use zip::{Entry, EntrySource, Written, ZipError};

/// A package format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// SCORM 1.2 (`imsmanifest.xml`).
    Scorm12,
    /// SCORM 2004 4th Edition (`imsmanifest.xml` with simple sequencing).
    Scorm2004,
    /// xAPI / Tin Can (`tincan.xml`).
    Xapi,
    /// cmi5 (`cmi5.xml`): xAPI launched and graded by the LMS.
    Cmi5,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Scorm12 => "scorm12",
            Format::Scorm2004 => "scorm2004",
            Format::Xapi => "xapi",
            Format::Cmi5 => "cmi5",
        }
    }

    /// The standard's name in messages (`SCORM 1.2`).
    pub fn title(self) -> &'static str {
        match self {
            Format::Scorm12 => "SCORM 1.2",
            Format::Scorm2004 => "SCORM 2004",
            Format::Xapi => "xAPI",
            Format::Cmi5 => "cmi5",
        }
    }

    /// Whether the format launches SCOs from an `imsmanifest.xml` (one per lesson when asked).
    pub fn is_scorm(self) -> bool {
        matches!(self, Format::Scorm12 | Format::Scorm2004)
    }
}

/// Why a package could not be built.
#[derive(Debug)]
pub enum BuildError {
    Render(RenderError),
    /// The learner state of a page could exceed what the standard stores.
    StateTooLarge {
        page: String,
        chars: usize,
        limit: usize,
        /// The fill-in question taking the most room, and how much (its `max-length` sets it).
        largest_fill_in: Option<(String, usize)>,
        /// The page is one lesson already (`sco-per-lesson = true`).
        per_lesson: bool,
        /// The standard whose limit it is.
        format: Format,
    },
    /// A template refers to a file under `media/` that the course does not have.
    TemplateFile {
        reference: String,
    },
    Zip(ZipError),
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Render(e) => write!(f, "{e}"),
            BuildError::StateTooLarge {
                page,
                chars,
                limit,
                largest_fill_in,
                per_lesson,
                format,
            } => {
                write!(
                    f,
                    "the learner state of `{page}` needs {chars} characters of cmi.suspend_data, \
                     more than {}'s {limit}; to make it fit, ",
                    format.title()
                )?;
                if let Some((id, len)) = largest_fill_in {
                    write!(
                        f,
                        "lower the `max-length` of fill-in questions (each allowed character takes \
                         4: `{id}` alone takes {len}), "
                    )?;
                }
                f.write_str("put fewer questions, tabs, slides or panels on the page")?;
                if *per_lesson {
                    f.write_str(", or split the lesson")
                } else {
                    f.write_str(
                        ", or give each lesson its own page with `sco-per-lesson = true` \
                         under [package]",
                    )
                }
            }
            BuildError::TemplateFile { reference } => write!(
                f,
                "the templates refer to `{reference}`, but the course has no file `{}`; add it \
                 to the course folder or fix the reference in templates/",
                reference.strip_prefix("media/").unwrap_or(reference)
            ),
            BuildError::Zip(e) => write!(f, "{e}"),
            BuildError::Io { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<RenderError> for BuildError {
    fn from(e: RenderError) -> Self {
        BuildError::Render(e)
    }
}

/// The file name of a package: `<course>-<lang>-<format>.zip`, where `<course>` is the last
/// segment of the course IRI.
pub fn file_name(course: &Course, lang: &str, format: Format) -> String {
    let id = course.meta.id.trim_end_matches('/');
    let last = id.rsplit(['/', ':', '#']).next().unwrap_or("course");
    let slug: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let slug = if slug.trim_matches('-').is_empty() {
        "course".to_string()
    } else {
        slug
    };
    format!("{slug}-{lang}-{}.zip", format.name())
}

/// What a package holds, before it is written: its files and the launches an LMS offers.
pub struct Contents<'a> {
    /// Every file of the package, manifest included (in no particular order).
    pub entries: Vec<Entry<'a>>,
    /// The pages an LMS launches, in course order: one per SCO, or the one xAPI launch page.
    pub launches: Vec<Launch>,
}

/// One launchable page of a package.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Launch {
    /// Unique among the launches of the package, made of ids (see [`render::Page::key`]).
    pub key: String,
    pub title: String,
    /// Path inside the package.
    pub href: String,
    /// The mastery score the manifest gives this launch (`adlcp:masteryscore`), if any.
    pub mastery_score: Option<u8>,
}

/// Builds the package of `course` in `format` into `out_dir`.
pub fn build(
    course: &Course,
    fs: &dyn SourceFs,
    theme: &Theme,
    format: Format,
    out_dir: &Path,
) -> Result<Written, BuildError> {
    let bodies = render::Bodies::render(course, theme, page_per_lesson(course, format))?;
    build_with(fs, format, &bodies, out_dir)
}

/// [`build`] around lesson bodies already rendered for `format`'s layout (a batch renders them
/// once per language for every format: see [`page_per_lesson`]).
pub fn build_with(
    fs: &dyn SourceFs,
    format: Format,
    bodies: &render::Bodies,
    out_dir: &Path,
) -> Result<Written, BuildError> {
    let course = bodies.course();
    let contents = contents_with(fs, format, bodies)?;
    std::fs::create_dir_all(out_dir).map_err(|error| BuildError::Io {
        path: out_dir.to_path_buf(),
        error,
    })?;
    let target = out_dir.join(file_name(course, &course.meta.language, format));
    zip::write_zip(&target, contents.entries).map_err(|e| match e.into_render_error() {
        Ok(render) => BuildError::Render(render),
        Err(e) => BuildError::Zip(e),
    })
}

/// Whether `format` gives `course` one page per lesson: SCORM's SCOs and cmi5's AUs can be one
/// per lesson (`sco-per-lesson`); an xAPI package launches one activity, the course, on one page.
pub fn page_per_lesson(course: &Course, format: Format) -> bool {
    (format.is_scorm() || format == Format::Cmi5) && course.meta.package.sco_per_lesson
}

/// Renders `course` and lays out the files of its package in `format` (pages are rendered and
/// media opened only when an entry is written). [`build`] writes them to a zip;
/// `coursepack preview` serves them.
pub fn contents<'a>(
    course: &Course,
    fs: &'a dyn SourceFs,
    theme: &Theme,
    format: Format,
) -> Result<Contents<'a>, BuildError> {
    let bodies = render::Bodies::render(course, theme, page_per_lesson(course, format))?;
    contents_with(fs, format, &bodies)
}

/// [`contents`] around lesson bodies already rendered for `format`'s layout.
pub fn contents_with<'a>(
    fs: &'a dyn SourceFs,
    format: Format,
    bodies: &render::Bodies,
) -> Result<Contents<'a>, BuildError> {
    let course = bodies.course();
    let mut rendered = bodies.pages(format.name())?;
    // What an edited template refers to is packaged like the lessons' files, or the build stops.
    for (file, path) in std::mem::take(&mut rendered.template_files) {
        if fs.file_status(&file) != crate::source::fs::FileStatus::File {
            return Err(BuildError::TemplateFile { reference: path });
        }
        rendered.media.push((file, path));
    }

    let mut shared: Vec<String> = rendered.runtime.iter().map(|(p, _)| p.clone()).collect();
    shared.extend(rendered.media.iter().map(|(_, p)| p.clone()));
    shared.sort();

    let mut entries: Vec<Entry<'a>> = match format {
        Format::Scorm12 | Format::Scorm2004 => scorm_entries(course, &rendered, &shared, format)?,
        Format::Xapi => xapi_entries(course, &mut rendered),
        Format::Cmi5 => cmi5_entries(course, &rendered),
    };
    let launches = rendered
        .pages
        .iter()
        .map(|page| Launch {
            key: page.key.clone(),
            title: page.title.clone(),
            href: page.path.clone(),
            mastery_score: page.mastery_score,
        })
        .collect();
    for page in rendered.pages {
        let html = page.html;
        // Compressed in segments: the frame's are shared by every format of the language.
        entries.push(Entry {
            path: page.path,
            source: EntrySource::Deflated(Box::new(move || {
                html.deflated().map_err(|e| match e {
                    render::PageWriteError::Io(e) => e,
                    render::PageWriteError::Render(e) => std::io::Error::other(e),
                })
            })),
        });
    }
    for (path, text) in rendered.runtime {
        entries.push(Entry {
            path,
            source: EntrySource::Bytes(text.into_bytes()),
        });
    }
    for (asset, path) in rendered.media {
        // A per-language variant (`images/a.en.svg` for `images/a.svg`) replaces the file in
        // the package of that language; the page refers to the same path either way.
        let source = language_variant(fs, &asset, &course.meta.language).unwrap_or(asset);
        entries.push(Entry {
            path,
            source: EntrySource::Reader(Box::new(move || {
                let mut file = fs.open_seekable(&source)?;
                let size = file.seek(std::io::SeekFrom::End(0))?;
                file.rewind()?;
                Ok((file as Box<dyn std::io::Read>, size))
            })),
        });
    }
    Ok(Contents { entries, launches })
}

/// The variant of `asset` for `lang` (`dir/name.<lang>.ext`), when the course has one.
pub fn language_variant(fs: &dyn SourceFs, asset: &RelPath, lang: &str) -> Option<RelPath> {
    let path = asset.as_str();
    let (stem, ext) = path.rsplit_once('.')?;
    if ext.contains('/') {
        return None; // the dot was in a folder name: the file has no extension
    }
    let variant = RelPath::from_trusted(&format!("{stem}.{}.{ext}", lang.to_ascii_lowercase()));
    (fs.file_status(&variant) == crate::source::fs::FileStatus::File).then_some(variant)
}

/// `imsmanifest.xml` and the control schemas of SCORM 1.2 or 2004, after checking that the
/// learner state of every SCO fits in that standard's `cmi.suspend_data`.
fn scorm_entries<'a>(
    course: &Course,
    rendered: &render::Rendered,
    shared: &[String],
    format: Format,
) -> Result<Vec<Entry<'a>>, BuildError> {
    let limit = if format == Format::Scorm2004 {
        scorm2004::SUSPEND_DATA_LIMIT
    } else {
        scorm12::SUSPEND_DATA_LIMIT
    };
    for page in &rendered.pages {
        let chars = scorm12::suspend_data_len(&page.state);
        if chars > limit {
            return Err(BuildError::StateTooLarge {
                page: page.path.clone(),
                chars,
                limit,
                largest_fill_in: scorm12::largest_fill_in(&page.state)
                    .map(|(q, len)| (q.id.clone(), len)),
                per_lesson: course.meta.package.sco_per_lesson,
                format,
            });
        }
    }
    let scos: Vec<scorm12::Sco> = rendered
        .pages
        .iter()
        .map(|page| scorm12::Sco {
            key: page.key.clone(),
            title: page.title.clone(),
            href: page.path.clone(),
            files: vec![page.path.clone()],
            mastery_score: page.mastery_score,
        })
        .collect();
    let (manifest, control_files) = if format == Format::Scorm2004 {
        (
            scorm2004::manifest(&course.meta, &rendered.title, &scos, shared),
            scorm2004::CONTROL_FILES,
        )
    } else {
        (
            scorm12::manifest(&course.meta, &rendered.title, &scos, shared),
            scorm12::CONTROL_FILES,
        )
    };
    let mut entries = vec![Entry {
        path: scorm12::MANIFEST.to_string(),
        source: EntrySource::Bytes(manifest.into_bytes()),
    }];
    for (name, bytes) in control_files {
        entries.push(Entry {
            path: name.to_string(),
            source: EntrySource::Bytes(bytes.to_vec()),
        });
    }
    Ok(entries)
}

/// `tincan.xml`, launching the course page.
fn xapi_entries<'a>(course: &Course, rendered: &mut render::Rendered) -> Vec<Entry<'a>> {
    let launch = rendered
        .pages
        .first()
        .map_or("index.html", |p| p.path.as_str());
    let activities = rendered
        .xapi
        .take()
        .unwrap_or_else(|| render::xapi::package_activities(course));
    let manifest = tincan::manifest(&course.meta.language, &activities, launch);
    vec![Entry {
        path: tincan::MANIFEST.to_string(),
        source: EntrySource::Bytes(manifest.into_bytes()),
    }]
}

/// `cmi5.xml`, one AU per page.
fn cmi5_entries<'a>(course: &Course, rendered: &render::Rendered) -> Vec<Entry<'a>> {
    let aus: Vec<cmi5::Au> = rendered
        .pages
        .iter()
        .map(|page| cmi5::Au {
            key: page.key.clone(),
            title: page.title.clone(),
            href: page.path.clone(),
            mastery_score: page.mastery_score,
        })
        .collect();
    vec![Entry {
        path: cmi5::MANIFEST.to_string(),
        source: EntrySource::Bytes(
            cmi5::manifest(&course.meta, &rendered.title, &aus).into_bytes(),
        ),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answer, Block, Choice};
    use crate::render::tests::{course_of, fill_in, question, text};
    use crate::source::fs::MemFs;

    fn refusal(course: &Course) -> String {
        let out = tempfile::tempdir().expect("tmp");
        let theme = Theme::default_theme();
        let err =
            build(course, &MemFs::new(), &theme, Format::Scorm12, out.path()).expect_err("refused");
        assert!(
            std::fs::read_dir(out.path()).map_or(0, |d| d.count()) == 0,
            "nothing written"
        );
        err.to_string()
    }

    fn fill_ins(prefix: &str, n: usize, max_length: usize) -> Vec<Block> {
        (1..=n)
            .map(|i| {
                Block::Question(question(
                    &format!("{prefix}{i}"),
                    true,
                    "Type it",
                    fill_in(&["x"], false, max_length),
                ))
            })
            .collect()
    }

    #[test]
    fn a_state_over_the_limit_is_refused_with_what_to_change() {
        // Four fill-ins of 250 characters: `2.` + 1 + `.` + quiz (3 + 4 × 1002) = 4015 fits;
        // a fifth does not.
        let fits = course_of(vec![("l", fill_ins("l.q", 4, 250))]);
        let out = tempfile::tempdir().expect("tmp");
        let theme = Theme::default_theme();
        build(&fits, &MemFs::new(), &theme, Format::Scorm12, out.path()).expect("fits");

        let mut blocks = fill_ins("l.q", 3, 40);
        blocks.extend(fill_ins("l.big", 4, 250));
        blocks.push(Block::Question(question(
            "l.check",
            false,
            "Practice",
            Answer::Choice {
                multiple: false,
                choices: vec![Choice {
                    letter: 'a',
                    correct: true,
                    text: text("Yes"),
                    feedback: None,
                }],
            },
        )));
        let too_big = course_of(vec![("l", blocks)]);
        // 4 + quiz (3 + 3 × 162 + 4 × 1002) + the check (1) = 4502.
        assert_eq!(
            refusal(&too_big),
            "the learner state of `index.html` needs 4502 characters of cmi.suspend_data, more \
             than SCORM 1.2's 4096; to make it fit, lower the `max-length` of fill-in questions \
             (each allowed character takes 4: `l.big1` alone takes 1002), put fewer questions, \
             tabs, slides or panels on the page, or give each lesson its own page with \
             `sco-per-lesson = true` under [package]"
        );

        // Already one lesson a page: the advice is to split the lesson.
        let mut per_lesson = course_of(vec![
            ("a", fill_ins("a.q", 1, 10)),
            ("b", fill_ins("b.q", 5, 250)),
        ]);
        per_lesson.meta.package.sco_per_lesson = true;
        let message = refusal(&per_lesson);
        assert!(
            message.starts_with("the learner state of `lessons/b.html` needs 5017 characters"),
            "{message}"
        );
        assert!(
            message.ends_with("on the page, or split the lesson"),
            "{message}"
        );

        // xAPI keeps its state in the State API: no such limit.
        let out = tempfile::tempdir().expect("tmp");
        build(&too_big, &MemFs::new(), &theme, Format::Xapi, out.path()).expect("xapi builds");
        // SCORM 2004 stores 64,000 characters: the page fits there.
        let out = tempfile::tempdir().expect("tmp");
        build(
            &too_big,
            &MemFs::new(),
            &theme,
            Format::Scorm2004,
            out.path(),
        )
        .expect("fits SCORM 2004");
    }

    #[test]
    fn a_page_template_that_fails_is_a_render_error_and_writes_nothing() {
        let fs = MemFs::new().with(
            "templates/page.html",
            "<!doctype html>\n<title>{{ course.title }}</title>\n{% for x in 3 %}{% endfor %}\n",
        );
        let theme = Theme::load(&fs, &[]).expect("theme");
        let course = course_of(vec![("l", vec![])]);
        let out = tempfile::tempdir().expect("tmp");
        let err = build(&course, &fs, &theme, Format::Xapi, out.path()).expect_err("refused");
        assert!(matches!(err, BuildError::Render(_)), "{err:?}");
        assert!(
            err.to_string().starts_with("templates/page.html:3: "),
            "{err}"
        );
        assert_eq!(std::fs::read_dir(out.path()).map_or(0, |d| d.count()), 0);
    }

    #[test]
    fn a_page_template_without_the_tracking_plan_is_refused_with_what_to_write() {
        for (page, times) in [
            ("<title>{{ course.title }}</title>", 0),
            ("{{ data_json|safe }}{{ data_json }}", 2),
        ] {
            let fs = MemFs::new().with("templates/page.html", page);
            let theme = Theme::load(&fs, &[]).expect("theme");
            let course = course_of(vec![("l", vec![])]);
            let out = tempfile::tempdir().expect("tmp");
            let err =
                build(&course, &fs, &theme, Format::Scorm12, out.path()).expect_err("refused");
            assert!(
                err.to_string().starts_with(&format!(
                    "templates/page.html: writes `{{{{ data_json|safe }}}}` {times} times"
                )),
                "{err}"
            );
            assert_eq!(std::fs::read_dir(out.path()).map_or(0, |d| d.count()), 0);
        }
    }

    #[test]
    fn a_page_template_that_ends_with_the_tracking_plan_keeps_it() {
        let fs = MemFs::new().with("templates/page.html", "<html>{{ data_json|safe }}");
        let theme = Theme::load(&fs, &[]).expect("theme");
        let course = course_of(vec![("l", vec![])]);
        let out = tempfile::tempdir().expect("tmp");
        let written = build(&course, &fs, &theme, Format::Scorm12, out.path()).expect("builds");
        let zip = std::fs::File::open(&written.path).expect("zip");
        let mut archive = ::zip::ZipArchive::new(zip).expect("a zip");
        let mut page = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("index.html").expect("the page"),
            &mut page,
        )
        .expect("UTF-8");
        assert!(page.starts_with("<html>{") && page.ends_with('}'), "{page}");
        assert!(page.contains(r#""standard":"scorm12""#), "{page}");
    }

    /// A page is written into the zip as it renders: a template error on the way is the build's
    /// render error again, and the archive is abandoned.
    #[test]
    fn an_entry_writer_that_fails_with_a_render_error_gives_it_back() {
        let out = tempfile::tempdir().expect("tmp");
        let target = out.path().join("p.zip");
        let entries = vec![Entry {
            path: "index.html".to_string(),
            source: EntrySource::Writer(Box::new(|out| {
                out.write_all(b"<!doctype html>")?;
                Err(std::io::Error::other(RenderError {
                    template: "page.html".to_string(),
                    line: Some(7),
                    message: "boom".to_string(),
                }))
            })),
        }];
        let err = zip::write_zip(&target, entries).expect_err("fails");
        let render = err.into_render_error().expect("the render error");
        assert_eq!(render.to_string(), "templates/page.html:7: boom");
        assert_eq!(std::fs::read_dir(out.path()).map_or(0, |d| d.count()), 0);
        // Any other failure stays the zip's.
        let entries = vec![Entry {
            path: "a.txt".to_string(),
            source: EntrySource::Writer(Box::new(|_| Err(std::io::Error::other("disk full")))),
        }];
        let err = zip::write_zip(&target, entries).expect_err("fails");
        assert!(err.into_render_error().is_err());
    }

    #[test]
    fn scorm_2004_refuses_a_state_over_its_own_limit() {
        // 64 fill-ins of 250 characters: `2.` + 1 + `.` + quiz (3 + 64 × 1002) = 64135.
        let course = course_of(vec![("l", fill_ins("l.q", 64, 250))]);
        let out = tempfile::tempdir().expect("tmp");
        let theme = Theme::default_theme();
        let err = build(
            &course,
            &MemFs::new(),
            &theme,
            Format::Scorm2004,
            out.path(),
        )
        .expect_err("refused");
        let message = err.to_string();
        assert!(
            message.starts_with(
                "the learner state of `index.html` needs 64135 characters of cmi.suspend_data, \
                 more than SCORM 2004's 64000; to make it fit, lower the `max-length`"
            ),
            "{message}"
        );
    }
}
