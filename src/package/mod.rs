//! The package stage: rendered pages + course media → a zip an LMS imports.
//!
//! This stage decides the package layout, writes the manifest and streams everything into a
//! deterministic zip ([`zip`]). Layout of a SCORM 1.2 package:
//!
//! ```text
//! imsmanifest.xml, *.xsd     control files at the root (SCORM 1.2), or tincan.xml (xAPI)
//! index.html                 the course page (or lessons/<id>.html, one per SCO)
//! assets/coursepack.{js,css} the learner runtime
//! media/<course path>        every file the lessons reference
//! ```

pub mod batch;
pub mod scorm12;
pub mod tincan;
pub mod zip;

use crate::model::Course;
use crate::render::{self, RenderError, RenderOptions, Theme};
use crate::source::fs::{RelPath, SourceFs};
use std::path::{Path, PathBuf};
use zip::{Entry, EntrySource, Written, ZipError};

/// A package format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// SCORM 1.2 (`imsmanifest.xml`).
    Scorm12,
    /// xAPI / Tin Can (`tincan.xml`).
    Xapi,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Scorm12 => "scorm12",
            Format::Xapi => "xapi",
        }
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
            BuildError::StateTooLarge { page, chars, limit } => write!(
                f,
                "the learner state of `{page}` needs {chars} characters of cmi.suspend_data, \
                 more than SCORM 1.2's {limit}; split the course with `sco-per-lesson = true` \
                 under [package], or reduce the number of tabs, slides, panels and questions"
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

/// Builds the package of `course` in `format` into `out_dir`.
pub fn build(
    course: &Course,
    fs: &dyn SourceFs,
    theme: &Theme,
    format: Format,
    out_dir: &Path,
) -> Result<Written, BuildError> {
    let options = RenderOptions {
        standard: format.name(),
        // An xAPI package launches one activity: the course, on one page.
        page_per_lesson: format == Format::Scorm12 && course.meta.package.sco_per_lesson,
    };
    let rendered = render::render(course, theme, options)?;

    let mut shared: Vec<String> = rendered.runtime.iter().map(|(p, _)| p.clone()).collect();
    shared.extend(rendered.media.iter().map(|(_, p)| p.clone()));
    shared.sort();

    let mut entries: Vec<Entry<'_>> = match format {
        Format::Scorm12 => scorm12_entries(course, &rendered, &shared)?,
        Format::Xapi => xapi_entries(course, &rendered),
    };
    for page in rendered.pages {
        entries.push(Entry {
            path: page.path,
            source: EntrySource::Bytes(page.html.into_bytes()),
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
            source: EntrySource::Reader(Box::new(move || fs.open(&source))),
        });
    }

    std::fs::create_dir_all(out_dir).map_err(|error| BuildError::Io {
        path: out_dir.to_path_buf(),
        error,
    })?;
    let target = out_dir.join(file_name(course, &course.meta.language, format));
    zip::write_zip(&target, entries).map_err(BuildError::Zip)
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

/// `imsmanifest.xml` and the control schemas, after checking that the learner state of every
/// SCO fits in `cmi.suspend_data`.
fn scorm12_entries<'a>(
    course: &Course,
    rendered: &render::Rendered,
    shared: &[String],
) -> Result<Vec<Entry<'a>>, BuildError> {
    for page in &rendered.pages {
        let chars = scorm12::suspend_data_len(&page.state);
        if chars > scorm12::SUSPEND_DATA_LIMIT {
            return Err(BuildError::StateTooLarge {
                page: page.path.clone(),
                chars,
                limit: scorm12::SUSPEND_DATA_LIMIT,
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
    let mut entries = vec![Entry {
        path: scorm12::MANIFEST.to_string(),
        source: EntrySource::Bytes(scorm12::manifest(&course.meta, &scos, shared).into_bytes()),
    }];
    for (name, bytes) in scorm12::CONTROL_FILES {
        entries.push(Entry {
            path: name.to_string(),
            source: EntrySource::Bytes(bytes.to_vec()),
        });
    }
    Ok(entries)
}

/// `tincan.xml`, launching the course page.
fn xapi_entries<'a>(course: &Course, rendered: &render::Rendered) -> Vec<Entry<'a>> {
    let launch = rendered
        .pages
        .first()
        .map_or("index.html", |p| p.path.as_str());
    let manifest = tincan::manifest(&course.meta.language, &rendered.xapi, launch);
    vec![Entry {
        path: tincan::MANIFEST.to_string(),
        source: EntrySource::Bytes(manifest.into_bytes()),
    }]
}
