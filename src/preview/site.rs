//! One in-memory build for the preview: the files of the package exactly as `build` would zip
//! them, or why there are none.

use crate::diag::{self, Diagnostic, DiagnosticFormat, Diagnostics};
use crate::i18n;
use crate::package::{self, Format, Launch};
use crate::render::Theme;
use crate::source::fs::DiskFs;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// A built package, held in memory.
pub struct Site {
    /// Package path → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    pub launches: Vec<Launch>,
    /// A cmi5 package's AUs, in the order of `launches`: what the shell's launches need.
    pub aus: Vec<Au>,
    /// The language and format it was built in.
    pub lang: String,
    pub format: Format,
    /// Every language the course lists (source first).
    pub langs: Vec<String>,
    pub title: String,
    /// sha256 over every path and its bytes: a rebuild that changes nothing changes nothing.
    pub digest: String,
    /// Warnings of the source and its translation (the build went on).
    pub warnings: Diagnostics,
}

/// An AU as `cmi5.xml` declares it: what the LMS puts in a launch's records.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Au {
    /// The launch's key (`Launch::key`).
    pub key: String,
    #[serde(rename = "activityId")]
    pub activity_id: String,
    #[serde(rename = "moveOn")]
    pub move_on: &'static str,
    /// The mastery score as cmi5 gives it (0 to 1), if any.
    pub mastery: Option<String>,
}

/// Why there is no site: the diagnostics, and their text exactly as `coursepack check` prints
/// it.
#[derive(Clone, Debug)]
pub struct Failure {
    pub diagnostics: Diagnostics,
    pub text: String,
}

impl Failure {
    fn new(diagnostics: Diagnostics) -> Failure {
        let text = diag::render(&diagnostics, DiagnosticFormat::Human);
        Failure { diagnostics, text }
    }

    fn message(message: String) -> Failure {
        let mut diags = Diagnostics::new();
        diags.push(Diagnostic::error(message));
        Failure::new(diags)
    }
}

/// Reads, checks, translates and packages the course in `course_dir` for `lang` (the source
/// language when `None` or not one of the course's) in `format`.
pub fn build(course_dir: &Path, lang: Option<&str>, format: Format) -> Result<Site, Failure> {
    let fs = DiskFs::new(course_dir).map_err(|e| {
        Failure::message(format!(
            "cannot open course folder `{}`: {e}",
            course_dir.display()
        ))
    })?;
    let loaded =
        crate::load(&fs).map_err(|e| Failure::message(format!("{}: {e}", course_dir.display())))?;
    let mut diags = loaded.diagnostics;
    let course = match loaded.course {
        Some(course) if !diags.has_errors() => course,
        _ => return Err(Failure::new(diags)),
    };
    let lang = lang
        .and_then(|l| {
            course
                .meta
                .languages
                .iter()
                .find(|k| k.eq_ignore_ascii_case(l))
        })
        .unwrap_or(&course.meta.language)
        .clone();
    let theme = Theme::load(&fs, &course.meta.languages)
        .map_err(|e| Failure::message(format!("{}: {e}", course_dir.display())))?;
    // The source language is the course itself: no copy, no segments to find.
    let localized = if lang.eq_ignore_ascii_case(&course.meta.language) {
        std::borrow::Cow::Borrowed(&course)
    } else {
        let sources = i18n::SourceSegments::of(&course, &theme);
        match i18n::translated_course(
            &sources,
            &course,
            &theme,
            &fs,
            &lang,
            i18n::Gaps::default(),
            &mut diags,
        ) {
            Some(localized) => std::borrow::Cow::Owned(localized),
            None => return Err(Failure::new(diags.sorted())),
        }
    };
    if diags.has_errors() {
        return Err(Failure::new(diags.sorted()));
    }
    let contents = package::contents(&localized, &fs, &theme, format)
        .map_err(|e| Failure::message(e.to_string()))?;
    let mut files = BTreeMap::new();
    let mut hasher = Sha256::new();
    let mut entries = contents.entries;
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    for entry in entries {
        let bytes = entry.source.read_all().map_err(|e| {
            Failure::message(format!("cannot add `{}` to the preview: {e}", entry.path))
        })?;
        hasher.update(entry.path.as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
        files.insert(entry.path, bytes);
    }
    let digest = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let aus = match format {
        Format::Cmi5 => contents
            .launches
            .iter()
            .map(|launch| Au {
                key: launch.key.clone(),
                activity_id: package::cmi5::au_id(&localized.meta.id, &launch.key),
                move_on: package::cmi5::move_on(&localized.meta.completion, launch.mastery_score),
                mastery: launch.mastery_score.map(package::cmi5::mastery_decimal),
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Site {
        files,
        aus,
        launches: contents.launches,
        lang,
        format,
        langs: course.meta.languages.clone(),
        title: localized.meta.title.clone(),
        digest,
        warnings: diags.sorted(),
    })
}
