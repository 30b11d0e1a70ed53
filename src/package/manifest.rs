//! The build manifest, `coursepack-build.json` in the output folder: for each package it built,
//! the hash of everything the package was made from and the zip's own sha256, so that a later
//! build skips the packages whose inputs did not change.
//!
//! A package's inputs are the coursepack version, its format, language and options, every file
//! of the course folder that is not a translation (raw bytes: nothing is parsed), the language's
//! own translation file, and the theme's files (the defaults and the course's `templates/`
//! overrides). The document is deterministic: keys sorted, no dates, no machine paths.

use super::batch::{Job, JobResult};
use super::file_name;
use crate::model::Course;
use crate::render::Theme;
use crate::source::fs::{RelPath, SourceFs};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The manifest's file name, in the output folder.
pub const FILE_NAME: &str = "coursepack-build.json";

/// What the manifest says about the packages of one output folder.
#[derive(Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildManifest {
    /// Format version of this document.
    pub version: u32,
    /// By zip file name (unique in the folder).
    pub packages: BTreeMap<String, PackageRecord>,
}

/// One package of the folder.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageRecord {
    /// The course id (IRI) it was built from.
    pub course: String,
    /// `<lang>/<format>`.
    pub job: String,
    /// sha256 of its inputs, hex.
    pub inputs: String,
    /// sha256 of the zip, hex.
    pub sha256: String,
    pub size: u64,
}

/// Why the manifest could not be read or written.
#[derive(Debug)]
pub struct ManifestError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ManifestError {}

const VERSION: u32 = 1;

impl BuildManifest {
    /// The manifest of `out_dir`; an empty one when there is none yet.
    pub fn read(out_dir: &Path) -> Result<BuildManifest, ManifestError> {
        let path = out_dir.join(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(BuildManifest {
                    version: VERSION,
                    packages: BTreeMap::new(),
                })
            }
            Err(e) => {
                return Err(ManifestError {
                    path,
                    message: e.to_string(),
                })
            }
        };
        let manifest: BuildManifest = serde_json::from_str(&text).map_err(|e| ManifestError {
            path: path.clone(),
            message: format!("not a build manifest ({e}); delete it to rebuild everything"),
        })?;
        if manifest.version != VERSION {
            return Err(ManifestError {
                path,
                message: format!(
                    "build manifest version {} (this coursepack writes {VERSION}); delete it to rebuild everything",
                    manifest.version
                ),
            });
        }
        Ok(manifest)
    }

    /// Writes the manifest into `out_dir` through a temporary file and a rename.
    pub fn write(&self, out_dir: &Path) -> Result<(), ManifestError> {
        let path = out_dir.join(FILE_NAME);
        let fail = |e: std::io::Error| ManifestError {
            path: path.clone(),
            message: e.to_string(),
        };
        let mut text = serde_json::to_string_pretty(self).map_err(|e| ManifestError {
            path: path.clone(),
            message: e.to_string(),
        })?;
        text.push('\n');
        std::fs::create_dir_all(out_dir).map_err(fail)?;
        let tmp = out_dir.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, text).map_err(fail)?;
        std::fs::rename(&tmp, &path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            fail(e)
        })
    }

    /// Whether the package `file` in `out_dir` was built from `inputs` and is still there, as
    /// it was written (same size).
    pub fn is_current(&self, out_dir: &Path, file: &str, inputs: &str) -> bool {
        let Some(record) = self.packages.get(file) else {
            return false;
        };
        record.inputs == inputs
            && std::fs::metadata(out_dir.join(file)).is_ok_and(|m| m.len() == record.size)
    }

    /// Merges `other` into this manifest: its records replace those of the same file (how the
    /// manifests of shards built into separate folders become one).
    pub fn merge(&mut self, other: BuildManifest) {
        self.packages.extend(other.packages);
    }

    /// Reads a manifest file (for `build-manifest merge`).
    pub fn read_file(path: &Path) -> Result<BuildManifest, ManifestError> {
        let fail = |message: String| ManifestError {
            path: path.to_path_buf(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
        let manifest: BuildManifest =
            serde_json::from_str(&text).map_err(|e| fail(format!("not a build manifest ({e})")))?;
        if manifest.version != VERSION {
            return Err(fail(format!(
                "build manifest version {} (this coursepack reads {VERSION})",
                manifest.version
            )));
        }
        Ok(manifest)
    }
}

/// The jobs of a build split by the manifest: those to build, with their inputs hash, and those
/// whose package is current (their result read from the manifest).
pub struct Plan {
    pub build: Vec<(Job, String)>,
    pub current: Vec<JobResult>,
}

impl BuildManifest {
    /// Splits `jobs` of `course`: a job is current when its package in `out_dir` was built from
    /// the same inputs, unless `force`.
    pub fn plan(
        &self,
        course: &Course,
        jobs: Vec<Job>,
        digests: &InputDigests,
        options: &str,
        out_dir: &Path,
        force: bool,
    ) -> Plan {
        let mut plan = Plan {
            build: Vec::new(),
            current: Vec::new(),
        };
        for job in jobs {
            let inputs = digests.job(&job, options);
            let file = file_name(course, &job.lang, job.format);
            match self.packages.get(&file) {
                Some(record) if !force && self.is_current(out_dir, &file, &inputs) => {
                    plan.current.push(JobResult {
                        lang: job.lang.clone(),
                        format: job.format.name(),
                        path: Some(out_dir.join(&file).display().to_string()),
                        size: Some(record.size),
                        sha256: Some(record.sha256.clone()),
                        error: None,
                        up_to_date: true,
                    })
                }
                _ => plan.build.push((job, inputs)),
            }
        }
        plan
    }

    /// Records what a build gave: each built package with its inputs hash; a failed job's
    /// record is removed, so that the next build tries again.
    pub fn record(&mut self, course: &Course, built: &[(Job, String)], results: &[JobResult]) {
        for (job, inputs) in built {
            let file = file_name(course, &job.lang, job.format);
            let result = results
                .iter()
                .find(|r| r.lang == job.lang && r.format == job.format.name());
            match result {
                Some(JobResult {
                    sha256: Some(sha256),
                    size: Some(size),
                    ..
                }) => {
                    self.packages.insert(
                        file,
                        PackageRecord {
                            course: course.meta.id.clone(),
                            job: job.key(),
                            inputs: inputs.clone(),
                            sha256: sha256.clone(),
                            size: *size,
                        },
                    );
                }
                _ => {
                    self.packages.remove(&file);
                }
            }
        }
    }
}

/// The digests of a course's input files, read once per build.
pub struct InputDigests {
    /// Every file but translations, theme files included: one digest.
    common: [u8; 32],
    /// Each translation file's digest, by path.
    translations: BTreeMap<String, [u8; 32]>,
    /// Bytes of the common files, and of each translation file: what shards are balanced by.
    common_bytes: u64,
    translation_bytes: BTreeMap<String, u64>,
}

impl InputDigests {
    /// Hashes the course's files (raw bytes) and the theme's.
    pub fn of(fs: &dyn SourceFs, theme: &Theme) -> std::io::Result<InputDigests> {
        let prefix = format!("{}/", crate::i18n::TRANSLATIONS_DIR);
        let mut common = Sha256::new();
        common.update(env!("CARGO_PKG_VERSION").as_bytes());
        common.update([0]);
        let mut translations = BTreeMap::new();
        let mut common_bytes = 0;
        let mut translation_bytes = BTreeMap::new();
        for path in fs.list_files() {
            let (digest, size) = file_digest(fs, &path)?;
            if path.as_str().starts_with(&prefix) {
                translations.insert(path.as_str().to_string(), digest);
                translation_bytes.insert(path.as_str().to_string(), size);
            } else {
                common_bytes += size;
                common.update(path.as_str().as_bytes());
                common.update([0]);
                common.update(digest);
            }
        }
        for (name, text) in theme.files() {
            common.update(b"theme:");
            common.update(name.as_bytes());
            common.update([0]);
            common.update(Sha256::digest(text.as_bytes()));
        }
        Ok(InputDigests {
            common: common.finalize().into(),
            translations,
            common_bytes,
            translation_bytes,
        })
    }

    /// A job's estimated size: the bytes of the course's files and of its translation files.
    pub fn weight(&self, job: &Job) -> u64 {
        let prefix = format!("{}/{}.", crate::i18n::TRANSLATIONS_DIR, job.lang);
        self.common_bytes
            + self
                .translation_bytes
                .iter()
                .filter(|(path, _)| path.starts_with(&prefix))
                .map(|(_, size)| size)
                .sum::<u64>()
    }

    /// The inputs hash of one job, hex: the common files, the job's translation files (those
    /// named after its language), its format and language, and `options` (e.g. `strict`).
    pub fn job(&self, job: &Job, options: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.common);
        h.update(job.key().as_bytes());
        h.update([0]);
        h.update(options.as_bytes());
        h.update([0]);
        let prefix = format!("{}/{}.", crate::i18n::TRANSLATIONS_DIR, job.lang);
        for (path, digest) in &self.translations {
            if path.starts_with(&prefix) {
                h.update(path.as_bytes());
                h.update([0]);
                h.update(digest);
            }
        }
        hex(&h.finalize())
    }
}

/// A file's sha256 and size.
fn file_digest(fs: &dyn SourceFs, path: &RelPath) -> std::io::Result<([u8; 32], u64)> {
    let mut reader = fs.open(path)?;
    let mut h = Sha256::new();
    let mut size = 0;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        size += n as u64;
    }
    Ok((h.finalize().into(), size))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::Format;
    use crate::source::fs::MemFs;

    fn digests(fs: &MemFs) -> InputDigests {
        InputDigests::of(fs, &Theme::default_theme()).unwrap()
    }

    fn job(lang: &str) -> Job {
        Job {
            lang: lang.into(),
            format: Format::Scorm12,
        }
    }

    #[test]
    fn a_translation_changes_only_its_language() {
        let base = MemFs::new()
            .with("course.toml", "x")
            .with("translations/de.xlf", "de")
            .with("translations/fr.po", "fr");
        let changed = MemFs::new()
            .with("course.toml", "x")
            .with("translations/de.xlf", "de2")
            .with("translations/fr.po", "fr");
        let (a, b) = (digests(&base), digests(&changed));
        assert_ne!(a.job(&job("de"), ""), b.job(&job("de"), ""));
        assert_eq!(a.job(&job("fr"), ""), b.job(&job("fr"), ""));
        assert_eq!(a.job(&job("en"), ""), b.job(&job("en"), ""));
        assert_ne!(a.job(&job("fr"), ""), a.job(&job("fr"), "strict"));
    }

    #[test]
    fn a_lesson_changes_every_language() {
        let base = MemFs::new()
            .with("a.md", "1")
            .with("translations/de.xlf", "de");
        let changed = MemFs::new()
            .with("a.md", "2")
            .with("translations/de.xlf", "de");
        let (a, b) = (digests(&base), digests(&changed));
        assert_ne!(a.job(&job("de"), ""), b.job(&job("de"), ""));
        assert_ne!(a.job(&job("en"), ""), b.job(&job("en"), ""));
    }
}
