//! The theme: page templates, UI strings and the learner runtime. The defaults are compiled into
//! the binary; a course's own `templates/` folder replaces any of them file by file.

use super::runtime::Uses;
use crate::source::fs::{FileStatus, RelPath, SourceFs};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Every file of the default theme, by its name under `templates/`.
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    ("page.html", include_str!("../../templates/page.html")),
    (
        "blocks/tabs.html",
        include_str!("../../templates/blocks/tabs.html"),
    ),
    (
        "blocks/carousel.html",
        include_str!("../../templates/blocks/carousel.html"),
    ),
    (
        "blocks/accordion.html",
        include_str!("../../templates/blocks/accordion.html"),
    ),
    (
        "blocks/callout.html",
        include_str!("../../templates/blocks/callout.html"),
    ),
    (
        "blocks/figure.html",
        include_str!("../../templates/blocks/figure.html"),
    ),
    (
        "blocks/question.html",
        include_str!("../../templates/blocks/question.html"),
    ),
    (
        "blocks/quiz.html",
        include_str!("../../templates/blocks/quiz.html"),
    ),
    (
        "blocks/media.html",
        include_str!("../../templates/blocks/media.html"),
    ),
    (
        "strings/ar.json",
        include_str!("../../templates/strings/ar.json"),
    ),
    (
        "strings/en.json",
        include_str!("../../templates/strings/en.json"),
    ),
    (
        "strings/fr.json",
        include_str!("../../templates/strings/fr.json"),
    ),
    (
        "runtime/core.js",
        include_str!("../../templates/runtime/core.js"),
    ),
    (
        "runtime/tabs.js",
        include_str!("../../templates/runtime/tabs.js"),
    ),
    (
        "runtime/carousel.js",
        include_str!("../../templates/runtime/carousel.js"),
    ),
    (
        "runtime/accordion.js",
        include_str!("../../templates/runtime/accordion.js"),
    ),
    (
        "runtime/responses.js",
        include_str!("../../templates/runtime/responses.js"),
    ),
    (
        "runtime/likert.js",
        include_str!("../../templates/runtime/likert.js"),
    ),
    (
        "runtime/fill-in.js",
        include_str!("../../templates/runtime/fill-in.js"),
    ),
    (
        "runtime/numeric.js",
        include_str!("../../templates/runtime/numeric.js"),
    ),
    (
        "runtime/matching.js",
        include_str!("../../templates/runtime/matching.js"),
    ),
    (
        "runtime/sequencing.js",
        include_str!("../../templates/runtime/sequencing.js"),
    ),
    (
        "runtime/navigation.js",
        include_str!("../../templates/runtime/navigation.js"),
    ),
    (
        "runtime/questions.js",
        include_str!("../../templates/runtime/questions.js"),
    ),
    (
        "runtime/quizzes.js",
        include_str!("../../templates/runtime/quizzes.js"),
    ),
    (
        "runtime/scorm12.js",
        include_str!("../../templates/runtime/scorm12.js"),
    ),
    (
        "runtime/lrs.js",
        include_str!("../../templates/runtime/lrs.js"),
    ),
    (
        "runtime/scorm2004.js",
        include_str!("../../templates/runtime/scorm2004.js"),
    ),
    (
        "runtime/xapi.js",
        include_str!("../../templates/runtime/xapi.js"),
    ),
    (
        "runtime/cmi5.js",
        include_str!("../../templates/runtime/cmi5.js"),
    ),
    (
        "runtime/xapi-media.js",
        include_str!("../../templates/runtime/xapi-media.js"),
    ),
    (
        "runtime/coursepack.css",
        include_str!("../../templates/runtime/coursepack.css"),
    ),
    (
        "runtime/media.js",
        include_str!("../../templates/runtime/media.js"),
    ),
    (
        "runtime/media.css",
        include_str!("../../templates/runtime/media.css"),
    ),
    (
        "runtime/sequencing.css",
        include_str!("../../templates/runtime/sequencing.css"),
    ),
    (
        "runtime/pictures.css",
        include_str!("../../templates/runtime/pictures.css"),
    ),
    (
        "runtime/likert.css",
        include_str!("../../templates/runtime/likert.css"),
    ),
    (
        "runtime/fields.css",
        include_str!("../../templates/runtime/fields.css"),
    ),
    (
        "runtime/matching.css",
        include_str!("../../templates/runtime/matching.css"),
    ),
];

/// The folder of a course that overrides theme files.
pub const OVERRIDE_DIR: &str = "templates";

/// Runtime files that no longer exist, with where their code went: an override of one would
/// otherwise be ignored without a word.
const SPLIT_FILES: &[(&str, &str)] = &[(
    "runtime/widgets.js",
    "tabs.js, carousel.js and accordion.js (one per block kind)",
)];

/// A theme file that could not be used.
#[derive(Debug)]
pub struct ThemeError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for ThemeError {}

/// The theme of one course: each file is the course's override when it has one.
pub struct Theme {
    files: BTreeMap<String, String>,
    /// Languages with a strings file, override or default.
    string_langs: Vec<String>,
    /// The files the course's `templates/` folder replaces or adds.
    overridden: std::collections::BTreeSet<String>,
    /// Runtime scripts already assembled, by their parts: every language of a course, and
    /// every package of a batch, loads the same script for the same standard.
    scripts: std::sync::Mutex<BTreeMap<Vec<String>, String>>,
    /// Style sheets already minified, by the text they were made of: as for scripts.
    style_sheets: std::sync::Mutex<BTreeMap<String, Arc<StyleSheet>>>,
}

/// The value `cache` holds for `key`, made (and kept) the first time it is asked for. A
/// poisoned lock only costs the work again.
fn memoized<K: Ord, V: Clone>(
    cache: &std::sync::Mutex<BTreeMap<K, V>>,
    key: K,
    make: impl FnOnce(&K) -> Result<V, ThemeError>,
) -> Result<V, ThemeError> {
    if let Some(done) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(done);
    }
    let made = make(&key)?;
    if let Ok(mut c) = cache.lock() {
        c.insert(key, made.clone());
    }
    Ok(made)
}

/// A package's style sheet, minified, with the references it holds (the `url(…)`s a package
/// must carry the files of).
#[derive(Debug)]
pub struct StyleSheet {
    pub css: String,
    pub references: Vec<crate::refs::Reference>,
}

impl Theme {
    /// Every file of the theme, by name (the course's override where it has one), in name order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(n, t)| (n.as_str(), t.as_str()))
    }

    /// The default theme alone.
    pub fn default_theme() -> Theme {
        let files = DEFAULT_FILES
            .iter()
            .map(|(n, c)| (n.to_string(), c.to_string()))
            .collect();
        let mut theme = Theme {
            files,
            string_langs: Vec::new(),
            overridden: Default::default(),
            scripts: Default::default(),
            style_sheets: Default::default(),
        };
        theme.string_langs = theme.langs();
        theme
    }

    /// The theme of the course in `fs`, with its overrides: any default file, plus a strings
    /// file for each of `languages` (so a course can add a UI language coursepack lacks).
    pub fn load(fs: &dyn SourceFs, languages: &[String]) -> Result<Theme, ThemeError> {
        let mut theme = Theme::default_theme();
        let mut names: Vec<String> = DEFAULT_FILES.iter().map(|(n, _)| n.to_string()).collect();
        for lang in languages {
            let lower = lang.to_ascii_lowercase();
            let primary = lower.split('-').next().unwrap_or_default().to_string();
            names.push(format!("strings/{lower}.json"));
            names.push(format!("strings/{primary}.json"));
        }
        names.sort();
        names.dedup();
        for (old, new) in SPLIT_FILES {
            let path = RelPath::from_trusted(&format!("{OVERRIDE_DIR}/{old}"));
            if fs.file_status(&path) == FileStatus::File {
                return Err(ThemeError {
                    file: path.to_string(),
                    message: format!(
                        "the runtime no longer has this file: its code is now in {new} under {OVERRIDE_DIR}/runtime/; move your changes there (`coursepack templates` writes the defaults)"
                    ),
                });
            }
        }
        for name in names {
            let path = RelPath::from_trusted(&format!("{OVERRIDE_DIR}/{name}"));
            if fs.file_status(&path) == FileStatus::File {
                let text = fs.read_to_string(&path).map_err(|e| ThemeError {
                    file: path.to_string(),
                    message: format!("cannot read the template override: {e}"),
                })?;
                theme.files.insert(name.clone(), text);
                theme.overridden.insert(name);
            }
        }
        theme.string_langs = theme.langs();
        Ok(theme)
    }

    fn langs(&self) -> Vec<String> {
        self.files
            .keys()
            .filter_map(|n| n.strip_prefix("strings/")?.strip_suffix(".json"))
            .map(str::to_string)
            .collect()
    }

    /// The text of a theme file.
    pub fn file(&self, name: &str) -> &str {
        self.files.get(name).map_or("", String::as_str)
    }

    /// The learner runtime of a package talking to `standard` (`scorm12` or `xapi`): the parts
    /// its course `uses` ([`Uses::script_parts`]: the core, the code of the blocks and question
    /// types it has, the navigation, that standard's backend) in one script, each part minified
    /// (an error names the part), then its local names shortened ([`super::mangle`]). Each part
    /// registers itself on the shared `cp` object; the last line starts the runtime.
    pub fn runtime_script(&self, standard: &str, uses: &Uses) -> Result<String, ThemeError> {
        memoized(&self.scripts, uses.script_parts(standard), |parts| {
            self.assemble_script(parts)
        })
    }

    /// The runtime script of these parts, minified and mangled.
    fn assemble_script(&self, parts: &[String]) -> Result<String, ThemeError> {
        let mut out = String::from(
            "/*! coursepack learner runtime. Contract: docs/runtime.md. Assembled from templates/runtime/. */\n\
             (function(){'use strict';var cp={widgets:[],backend:null};\n",
        );
        for part in parts {
            let minified = super::style::minify_js(self.file(part)).map_err(|e| ThemeError {
                file: format!("{OVERRIDE_DIR}/{part}"),
                message: format!("cannot be minified ({e}); check its syntax"),
            })?;
            out.push_str(&minified);
            // Parts end on a statement; a line break keeps any missing semicolon harmless.
            out.push('\n');
        }
        out.push_str("cp.start();}());\n");
        Ok(super::mangle::mangle(&out))
    }

    /// The style sheet of a package: the style parts its course `uses` ([`Uses::style_parts`]:
    /// the theme's, then ordering questions' and the media player's when it has them), then the
    /// course's `[theme]`, minified. An error names the first part, the one a course edits.
    /// Minified once for every package that has the same.
    pub fn style_sheet(
        &self,
        settings: &crate::model::ThemeSettings,
        uses: &Uses,
    ) -> Result<Arc<StyleSheet>, ThemeError> {
        let mut css = String::new();
        for part in uses.style_parts() {
            css.push_str(self.file(part));
            css.push('\n');
        }
        css.push_str(&super::style::theme_css(settings));
        memoized(&self.style_sheets, css, |css| {
            let minified = super::style::minify_css(css).map_err(|e| ThemeError {
                file: format!("{OVERRIDE_DIR}/runtime/coursepack.css"),
                message: format!("cannot be minified ({e}); check its syntax"),
            })?;
            Ok(Arc::new(StyleSheet {
                references: crate::refs::css_references(&minified),
                css: minified,
            }))
        })
    }

    /// The name of a language in that language (`languageName` in its strings file), when the
    /// theme has strings for the tag or its primary language. Unlike [`Theme::strings`] it never
    /// falls back to English: a German track is not called "English".
    pub fn language_name(&self, lang: &str) -> Option<String> {
        let lower = lang.to_ascii_lowercase();
        let primary = lower.split('-').next().unwrap_or_default().to_string();
        [lower, primary]
            .into_iter()
            .find(|l| self.string_langs.contains(l))
            .and_then(|l| {
                serde_json::from_str::<BTreeMap<String, String>>(
                    self.file(&format!("strings/{l}.json")),
                )
                .ok()
            })
            .and_then(|strings| strings.get("languageName").cloned())
    }

    /// The HTML templates, by name.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .filter(|(n, _)| n.ends_with(".html"))
            .map(|(n, c)| (n.as_str(), c.as_str()))
    }

    /// The strings file of `lang` (`strings/<tag>.json`, else `strings/<primary>.json`), if the
    /// theme has one; English fills what it lacks, or everything when there is none.
    pub fn strings_file(&self, lang: &str) -> Option<String> {
        let lower = lang.to_ascii_lowercase();
        let primary = lower.split('-').next().unwrap_or_default().to_string();
        [lower, primary]
            .into_iter()
            .find(|l| self.string_langs.contains(l))
            .map(|l| format!("strings/{l}.json"))
    }

    /// Whether the course overrides an HTML template (`page.html`, `blocks/*.html`).
    pub fn overrides_html(&self) -> bool {
        self.overridden.iter().any(|name| name.ends_with(".html"))
    }

    /// Whether the course's `templates/` folder provides the theme file `name`.
    pub fn is_course_file(&self, name: &str) -> bool {
        self.overridden.contains(name)
    }

    /// The strings of one strings file, e.g. `strings/fr.json`.
    pub fn parse_strings(&self, name: &str) -> Result<BTreeMap<String, String>, ThemeError> {
        serde_json::from_str(self.file(name)).map_err(|e| ThemeError {
            file: format!("{OVERRIDE_DIR}/{name}"),
            message: format!("line {}: {e}", e.line()),
        })
    }

    /// The UI strings for `lang`: the exact tag, then its primary language, then English.
    pub fn strings(&self, lang: &str) -> Result<BTreeMap<String, String>, ThemeError> {
        let name = self
            .strings_file(lang)
            .unwrap_or_else(|| "strings/en.json".to_string());
        let mut strings = self.parse_strings(&name)?;
        // A course's strings file may be partial: English fills the gaps.
        if name != "strings/en.json" {
            if let Ok(en) =
                serde_json::from_str::<BTreeMap<String, String>>(self.file("strings/en.json"))
            {
                for (k, v) in en {
                    strings.entry(k).or_insert(v);
                }
            }
        }
        Ok(strings)
    }
}

/// Writes the default theme into `dir` for editing; never overwrites a file unless `force`.
/// Returns the files written.
pub fn write_defaults(dir: &std::path::Path, force: bool) -> std::io::Result<Vec<String>> {
    let mut written = Vec::new();
    for (name, content) in DEFAULT_FILES {
        let path = dir.join(name);
        if path.exists() && !force {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, content)?;
        written.push(name.to_string());
    }
    Ok(written)
}
