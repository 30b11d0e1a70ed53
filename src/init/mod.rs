//! `coursepack init`: the files of a small working course to start from (two lessons with tabs, a
//! carousel, a callout, a figure and a question). The files live next to this module and are
//! compiled in; this module only fills in the title, language and placeholder id. Writing them
//! is the command line's job.

/// The scaffold's files as (course-relative path, template), in the order they are written.
const FILES: &[(&str, &str)] = &[
    ("course.toml", include_str!("course.toml")),
    (
        "lessons/01-welcome.md",
        include_str!("lessons/01-welcome.md"),
    ),
    (
        "lessons/02-practice.md",
        include_str!("lessons/02-practice.md"),
    ),
    (
        "images/course-to-package.svg",
        include_str!("images/course-to-package.svg"),
    ),
];

/// The host of the placeholder course id: `example.com` is reserved for examples, so the id
/// cannot collide with a real course, and the comment above it in `course.toml` asks for a real one.
pub const PLACEHOLDER_ID_PREFIX: &str = "https://example.com/courses/";

/// What the author chose (or the defaults).
pub struct Scaffold<'a> {
    pub title: &'a str,
    /// A BCP 47 tag, checked by the caller.
    pub language: &'a str,
    /// The last segment of the placeholder id, which also names the built zips.
    pub slug: &'a str,
}

/// The files of a new course, (course-relative path, contents).
pub fn files(s: &Scaffold<'_>) -> Vec<(&'static str, String)> {
    let id = format!("{PLACEHOLDER_ID_PREFIX}{}", slug(s.slug));
    FILES
        .iter()
        .map(|(path, template)| {
            let text = if *path == "course.toml" {
                template
                    .replace("@ID@", &toml_string(&id))
                    .replace("@TITLE@", &toml_string(s.title))
                    .replace("@LANGUAGE@", &toml_string(s.language))
            } else {
                (*template).to_string()
            };
            (*path, text)
        })
        .collect()
}

/// A TOML basic string holding `s`, quoted and escaped.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A name usable as an IRI path segment and a file name: lower-case ASCII letters, digits and
/// dashes, `my-course` when nothing is left.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "my-course".to_string()
    } else {
        out.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::fs::MemFs;

    fn load(s: &Scaffold<'_>) -> crate::Loaded {
        let fs = files(s)
            .into_iter()
            .fold(MemFs::new(), |fs, (path, text)| fs.with(path, text));
        crate::load(&fs).expect("loads")
    }

    #[test]
    fn the_scaffold_is_a_clean_course() {
        let loaded = load(&Scaffold {
            title: "Mon \"premier\" cours \\ à moi",
            language: "fr-CA",
            slug: "demo",
        });
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let course = loaded.course.expect("a course");
        assert_eq!(course.meta.title, "Mon \"premier\" cours \\ à moi");
        assert_eq!(course.meta.language, "fr-CA");
        assert_eq!(course.meta.id, "https://example.com/courses/demo");
        assert_eq!(course.lessons.len(), 2);
        assert_eq!(course.groups().len(), 2, "the tabs and the carousel");
        assert_eq!(course.questions().len(), 1);
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("My Course!"), "my-course");
        assert_eq!(slug("  --  "), "my-course");
        assert_eq!(slug("Été 2025"), "t-2025");
        assert_eq!(slug("demo"), "demo");
    }
}
