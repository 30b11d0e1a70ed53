//! The learner interface's strings — buttons, notices, "slide 2 of 6" — as translation segments,
//! so that a translated package has no text of another language anywhere on the page.
//!
//! They come from the theme's strings files (`templates/strings/<lang>.json`: the course's own,
//! else coursepack's) and travel in every translation file after the course's text, keyed
//! `interface:<name>` (a colon: no course id can hold one, so they never collide with a
//! segment). XLIFF puts them in `<group id="interface">`; in PO the key is their `msgctxt`.
//!
//! A target language the theme already has strings for (French, English and Arabic ship with
//! coursepack; a course may add its own files) starts with those strings as its translations.

use super::segments::Segment;
use crate::render::theme::{Theme, ThemeError, OVERRIDE_DIR};
use std::collections::BTreeMap;

/// The start of every interface key.
pub const PREFIX: &str = "interface:";

/// Strings of a strings file that are not page text: `languageName`, the name of the file's
/// language in that language, labels caption tracks of that language whatever the page's.
const NOT_PAGE_TEXT: &[&str] = &["languageName"];

/// The key of the interface string `name`.
pub fn key(name: &str) -> String {
    format!("{PREFIX}{name}")
}

/// The name of the interface string a key stands for, if it is one.
pub fn name(key: &str) -> Option<&str> {
    key.strip_prefix(PREFIX)
}

/// The interface strings in the course's source language, as segments in key order: each
/// string of the source language's strings file, English for those it lacks.
pub fn segments(theme: &Theme, source_lang: &str) -> Result<Vec<Segment>, ThemeError> {
    let english = "strings/en.json".to_string();
    let own = theme.strings_file(source_lang);
    let own_strings = match &own {
        Some(file) => theme.parse_strings(file)?,
        None => BTreeMap::new(),
    };
    let mut out = Vec::new();
    for (name, value) in theme.strings(source_lang)? {
        if NOT_PAGE_TEXT.contains(&name.as_str()) {
            continue;
        }
        let file = match &own {
            Some(file) if own_strings.contains_key(&name) => file,
            _ => &english,
        };
        let line = line_of(theme.file(file), &name);
        let held = placeholders(&value);
        let mut context = format!("learner interface: `{name}`");
        if !held.is_empty() {
            let names: Vec<String> = held.keys().map(|p| format!("{{{p}}}")).collect();
            context.push_str(&format!(
                " (keep {} as they are: the page fills them in)",
                names.join(", ")
            ));
        }
        out.push(Segment {
            key: key(&name),
            source: value,
            context,
            location: format!("{OVERRIDE_DIR}/{file}:{line}"),
        });
    }
    Ok(out)
}

/// What the theme already says in `lang` (its strings file for that language, the course's own
/// or coursepack's), by interface key: the translations a new translation file starts with.
pub fn prefill(theme: &Theme, lang: &str) -> Result<BTreeMap<String, String>, ThemeError> {
    let Some(file) = theme.strings_file(lang) else {
        return Ok(BTreeMap::new());
    };
    Ok(theme
        .parse_strings(&file)?
        .into_iter()
        .filter(|(name, _)| !NOT_PAGE_TEXT.contains(&name.as_str()))
        .map(|(name, value)| (key(&name), value))
        .collect())
}

/// A course's own strings file for one language.
pub struct CourseStrings {
    /// Its path in the course folder (`templates/strings/de.json`).
    pub file: String,
    /// Its strings, by interface key.
    pub strings: BTreeMap<String, String>,
}

/// The course's own strings file for `lang`, if it has one, so that a build can say when a
/// translation file says otherwise.
pub fn course_strings(theme: &Theme, lang: &str) -> Result<Option<CourseStrings>, ThemeError> {
    match theme.strings_file(lang) {
        Some(file) if theme.is_course_file(&file) => Ok(Some(CourseStrings {
            file: format!("{OVERRIDE_DIR}/{file}"),
            strings: prefill(theme, lang)?,
        })),
        _ => Ok(None),
    }
}

/// The `{name}` placeholders of an interface string, counted.
pub fn placeholders(text: &str) -> BTreeMap<&str, usize> {
    let mut out = BTreeMap::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find(['{', '}']) {
            Some(close) if after[close..].starts_with('}') => {
                let name = &after[..close];
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()) {
                    *out.entry(name).or_insert(0) += 1;
                }
                rest = &after[close + 1..];
            }
            Some(close) => rest = &after[close..],
            None => break,
        }
    }
    out
}

/// How a translation's placeholders differ from its source's, if they do.
pub fn compare_placeholders(source: &str, target: &str) -> Option<String> {
    let (s, t) = (placeholders(source), placeholders(target));
    if s == t {
        return None;
    }
    let mut problems = Vec::new();
    for name in s.keys().chain(t.keys().filter(|k| !s.contains_key(*k))) {
        let (n, m) = (
            s.get(name).copied().unwrap_or(0),
            t.get(name).copied().unwrap_or(0),
        );
        if n != m {
            problems.push(format!(
                "{{{name}}}: {n} in the source, {m} in the translation"
            ));
        }
    }
    Some(problems.join("; "))
}

/// The 1-based line of `"name":` in a strings file (1 when it cannot be found).
fn line_of(json: &str, name: &str) -> usize {
    let quoted = format!("\"{name}\"");
    json.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(&quoted)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_counted_and_compared() {
        assert_eq!(
            placeholders("{k} of {n}, {k}! {not closed"),
            BTreeMap::from([("k", 2), ("n", 1)])
        );
        assert!(placeholders("{} {a b} }{ {{x}}").into_keys().eq(["x"]));
        assert_eq!(compare_placeholders("{k} of {n}", "{n} sur {k}"), None);
        assert_eq!(
            compare_placeholders("{k} of {n}", "{k} von {m}").as_deref(),
            Some("{n}: 1 in the source, 0 in the translation; {m}: 0 in the source, 1 in the translation")
        );
    }

    #[test]
    fn segments_come_from_the_source_language_with_english_filling_gaps() {
        let theme = Theme::default_theme();
        let fr = segments(&theme, "fr").expect("segments");
        let submit = fr
            .iter()
            .find(|s| s.key == "interface:submit")
            .expect("submit");
        assert_eq!(submit.source, "Valider ma réponse");
        assert!(submit.location.starts_with("templates/strings/fr.json:"));
        let line: usize = submit
            .location
            .rsplit(':')
            .next()
            .and_then(|l| l.parse().ok())
            .expect("line");
        assert!(theme
            .file("strings/fr.json")
            .lines()
            .nth(line - 1)
            .is_some_and(|l| l.contains("\"submit\"")));
        assert!(fr.iter().all(|s| s.key != "interface:languageName"));
        let slide = fr
            .iter()
            .find(|s| s.key == "interface:slideOf")
            .expect("slideOf");
        assert!(slide.context.contains("keep {k}, {n}"), "{}", slide.context);
        // A language coursepack has no strings for: English is the source of every string.
        let de = segments(&theme, "de").expect("segments");
        assert_eq!(de.len(), fr.len());
        assert!(de
            .iter()
            .all(|s| s.location.starts_with("templates/strings/en.json:")));
        assert!(prefill(&theme, "de").expect("prefill").is_empty());
        let arabic = theme.parse_strings("strings/ar.json").expect("ar");
        assert_eq!(
            prefill(&theme, "ar-EG")
                .expect("prefill")
                .get("interface:submit"),
            arabic.get("submit"),
            "a regional tag falls back to its language's file"
        );
    }
}
