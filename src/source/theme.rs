//! `[theme]` in `course.toml`: colours (checked for WCAG AA contrast), logo, cover picture and
//! fonts. Files are checked here as paths; the loader then checks that they exist.

use super::config::{located, FileEntry};
use crate::color::{ratio_text, Rgb};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Font, FontFace, FontStack, ThemeSettings};
use crate::palette::{self, Role};
use crate::source::fs::RelPath;
use serde::Deserialize;
use std::cell::RefCell;
use std::ops::Range;
use toml::Spanned;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawTheme {
    #[serde(default)]
    accent: Option<Spanned<String>>,
    #[serde(default)]
    text: Option<Spanned<String>>,
    #[serde(default)]
    background: Option<Spanned<String>>,
    #[serde(default)]
    logo: Option<Spanned<String>>,
    #[serde(default)]
    logo_alt: Option<String>,
    #[serde(default)]
    cover: Option<Spanned<String>>,
    /// A keyword, a `.woff2` path, or a table of `.woff2` paths by style.
    #[serde(default)]
    font: Option<Spanned<toml::Value>>,
    #[serde(default)]
    heading_font: Option<Spanned<toml::Value>>,
}

const IMAGE_EXTENSIONS: &[&str] = &["svg", "png", "jpg", "jpeg", "webp", "gif", "avif"];
/// The keys of a font table, with the weight and style of each.
const FONT_STYLES: &[(&str, &str, bool)] = &[
    ("regular", "400", false),
    ("bold", "700", false),
    ("italic", "400", true),
    ("bold-italic", "700", true),
];

/// The checked theme; every problem is reported, and a bad value is left out.
pub(super) fn settings(
    raw: RawTheme,
    text: &str,
    files: &mut Vec<FileEntry>,
    diags: &mut Diagnostics,
) -> ThemeSettings {
    // Problems are gathered first (several checks below report), then pushed in order.
    let problems = RefCell::new(Vec::new());
    let report = |span: Range<usize>, message: String, hint: String| {
        problems.borrow_mut().push((span, message, hint));
    };
    let color = |value: &Option<Spanned<String>>| {
        let v = value.as_ref()?;
        match Rgb::parse(v.get_ref()) {
            Ok(c) => Some((c, v.span())),
            Err(message) => {
                report(
                    v.span(),
                    message,
                    "colours are hexadecimal sRGB values, as in CSS".into(),
                );
                None
            }
        }
    };
    let accent = color(&raw.accent);
    let fg = color(&raw.text);
    let background = color(&raw.background);

    let mut file = |value: &Spanned<String>, what: &'static str, extensions: &[&str]| {
        let written = value.get_ref();
        let path = match RelPath::resolve("", written) {
            Ok(p) => p,
            Err(problem) => {
                report(
                    value.span(),
                    problem.message(written),
                    problem.hint().into(),
                );
                return None;
            }
        };
        let ext = path
            .as_str()
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase());
        if !ext.is_some_and(|e| extensions.contains(&e.as_str())) {
            report(
                value.span(),
                format!(
                    "the {what} `{written}` is not a {} file",
                    extensions.join(", ")
                ),
                format!("point `{}` to a file of one of these kinds", what_key(what)),
            );
            return None;
        }
        let (location, source_line) = located(text, value.span());
        files.push(FileEntry {
            path: path.clone(),
            what,
            location,
            source_line,
        });
        Some(path)
    };
    let logo = raw
        .logo
        .as_ref()
        .and_then(|v| file(v, "logo", IMAGE_EXTENSIONS));
    let cover = raw
        .cover
        .as_ref()
        .and_then(|v| file(v, "cover picture", IMAGE_EXTENSIONS));
    let mut font = |value: &Option<Spanned<toml::Value>>, key: &str| {
        let v = value.as_ref()?;
        let keywords = FontStack::ALL.iter().map(|f| f.name()).collect::<Vec<_>>();
        let woff2 = |path: &str| path.to_ascii_lowercase().ends_with(".woff2");
        let spanned = |s: &str| Spanned::new(v.span(), s.to_string());
        match v.get_ref() {
            toml::Value::String(s) if !woff2(s) => match FontStack::parse(s) {
                Some(stack) => Some(Font::Stack(stack)),
                None => {
                    report(
                        v.span(),
                        format!("unknown font `{s}`"),
                        format!(
                            "use a system font stack ({}) or a `.woff2` file in the course",
                            keywords.join(", ")
                        ),
                    );
                    None
                }
            },
            toml::Value::String(s) => {
                let file = file(&spanned(s), "font file", &["woff2"])?;
                // One file alone serves every weight: a variable font, or a static one that
                // the browser makes bold itself.
                Some(Font::Files(vec![FontFace {
                    file,
                    weight: "100 900",
                    italic: false,
                }]))
            }
            toml::Value::Table(table) => {
                let mut faces = Vec::new();
                for (name, value) in table {
                    let style = FONT_STYLES.iter().find(|(k, _, _)| k == name);
                    match (style, value.as_str()) {
                        (Some((_, weight, italic)), Some(path)) => {
                            if let Some(file) = file(&spanned(path), "font file", &["woff2"]) {
                                faces.push(FontFace {
                                    file,
                                    weight,
                                    italic: *italic,
                                });
                            }
                        }
                        _ => report(
                            v.span(),
                            format!("`{key}.{name}` is not a font style with a file path"),
                            "a font table maps `regular`, `bold`, `italic` and `bold-italic` to `.woff2` files".into(),
                        ),
                    }
                }
                if !table.contains_key("regular") {
                    report(
                        v.span(),
                        format!("`{key}` has no `regular` file"),
                        "give at least `regular = \"fonts/name-regular.woff2\"`".into(),
                    );
                    return None;
                }
                Some(Font::Files(faces))
            }
            other => {
                report(
                    v.span(),
                    format!("`{key}` must be a keyword, a `.woff2` path or a table, found {other}"),
                    format!("write e.g. `{key} = \"serif\"` or `{key} = \"fonts/body.woff2\"`"),
                );
                None
            }
        }
    };
    let body_font = font(&raw.font, "font");
    let heading_font = font(&raw.heading_font, "heading-font");

    // The author's colours, the default theme's for those left out.
    let bg = background
        .as_ref()
        .map_or(palette::DEFAULT_BACKGROUND, |(c, _)| *c);
    let body = fg.as_ref().map_or(palette::DEFAULT_TEXT, |(c, _)| *c);
    let acc = accent.as_ref().map_or(palette::DEFAULT_ACCENT, |(c, _)| *c);
    for problem in palette::contrast_problems(bg, body, acc) {
        let (what, key, set) = match problem.role {
            Role::Text => ("text", "text", fg.as_ref()),
            Role::Accent => (
                "accent (links, selected tabs, button labels)",
                "accent",
                accent.as_ref(),
            ),
        };
        // Point at the colour the author wrote: the one drawn, else the background.
        let Some(span) = set.or(background.as_ref()).map(|(_, s)| s.clone()) else {
            continue; // the default theme's own colours pass (tested)
        };
        let default = if set.is_none() { " (the default)" } else { "" };
        report(
            span,
            format!(
                "{what} {}{default} on background {} has a contrast ratio of {}, below the {}:1 WCAG AA asks for text",
                problem.fg,
                problem.bg,
                ratio_text(problem.ratio),
                problem.needed,
            ),
            format!(
                "`{key} = \"{}\"` would pass ({} on {}); or pick another background",
                problem.passing,
                ratio_text(crate::color::contrast(problem.passing, problem.bg)),
                problem.bg
            ),
        );
    }
    for (span, message, hint) in problems.into_inner() {
        let (loc, line) = located(text, span);
        diags.push(
            Diagnostic::error(message)
                .at(loc)
                .with_source_line(line)
                .hint(hint),
        );
    }
    ThemeSettings {
        accent: accent.map(|(c, _)| c),
        text: fg.map(|(c, _)| c),
        background: background.map(|(c, _)| c),
        logo,
        logo_alt: raw.logo_alt.unwrap_or_default().trim().to_string(),
        cover,
        font: body_font,
        heading_font,
    }
}

/// The `course.toml` key of a theme file, for hints.
fn what_key(what: &str) -> &'static str {
    match what {
        "logo" => "logo",
        "cover picture" => "cover",
        _ => "font",
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostics;
    use crate::model::{Font, FontStack};
    use crate::source::config::parse;

    const MINIMAL: &str =
        "id = \"https://x.example/c\"\ntitle = \"T\"\nlanguage = \"en\"\nlessons = [\"a.md\"]\n";

    fn problems(theme: &str) -> Vec<String> {
        let mut d = Diagnostics::new();
        parse(&format!("{MINIMAL}[theme]\n{theme}"), &mut d);
        d.iter()
            .map(|d| format!("{} | {}", d.short(), d.hint.clone().unwrap_or_default()))
            .collect()
    }

    #[test]
    fn a_full_theme_is_read() {
        let mut d = Diagnostics::new();
        let toml = format!(
            "{MINIMAL}duration = 25\n[theme]\naccent = \"#0F6E66\"\ntext = \"#2a2320\"\nbackground = \"#fbf8f3\"\n\
             logo = \"images/logo.svg\"\nlogo-alt = \"Roastery\"\ncover = \"./images/cover.jpg\"\n\
             font = \"humanist\"\nheading-font = {{ regular = \"fonts/h.woff2\", bold = \"fonts/h-bold.woff2\" }}\n"
        );
        let c = parse(&toml, &mut d).expect("config");
        assert!(
            d.is_empty(),
            "{:?}",
            d.iter().map(|d| d.short()).collect::<Vec<_>>()
        );
        let t = &c.meta.theme;
        assert_eq!(t.accent.map(|c| c.to_string()).as_deref(), Some("#0f6e66"));
        assert_eq!(
            t.cover.as_ref().map(|p| p.as_str()),
            Some("images/cover.jpg")
        );
        assert_eq!(t.font, Some(Font::Stack(FontStack::Humanist)));
        assert_eq!(c.meta.duration, Some(25));
        let files: Vec<&str> = t.files().iter().map(|p| p.as_str()).collect();
        assert_eq!(
            files,
            [
                "images/logo.svg",
                "images/cover.jpg",
                "fonts/h-bold.woff2",
                "fonts/h.woff2"
            ]
        );
        assert_eq!(c.theme_files.len(), 4);
        assert_eq!(c.theme_files[0].location.line, 10);
    }

    #[test]
    fn unreadable_colours_are_refused_with_the_pair_the_ratio_and_a_fix() {
        let got = problems("accent = \"#7fb2ff\"\n");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with(
                "course.toml:6:10: error: accent (links, selected tabs, button labels) #7fb2ff on \
                 background #ffffff has a contrast ratio of 2.16:1"
            ),
            "{got:?}"
        );
        assert!(
            got[0].contains("below the 4.5:1 WCAG AA asks for text"),
            "{got:?}"
        );
        assert!(got[0].contains("| `accent = \"#"), "{got:?}");
        assert!(got[0].contains("would pass (4.5"), "{got:?}");

        // A dark background with the default (dark) text: the background line is named.
        let got = problems("background = \"#111111\"\naccent = \"#ffcc00\"\n");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with("course.toml:6:14: error: text #1d232f (the default) on background #111111 has a contrast ratio of 1."),
            "{got:?}"
        );
        assert!(
            problems("background = \"#111111\"\ntext = \"#eeeeee\"\naccent = \"#ffcc00\"\n")
                .is_empty()
        );

        // Both too light: two problems, each on its own line.
        let got = problems("text = \"#aaaaaa\"\naccent = \"#bbbbbb\"\n");
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("course.toml:6:8: error: text #aaaaaa on background #ffffff"));
        assert!(got[1].starts_with("course.toml:7:10: error: accent"));
    }

    #[test]
    fn bad_values_name_their_line() {
        let cases: &[(&str, &str)] = &[
            (
                "accent = \"blue\"\n",
                "course.toml:6:10: error: `blue` is not a colour",
            ),
            (
                "acent = \"#000\"\n",
                "course.toml:6:1: error: unknown field `acent`",
            ),
            ("logo = \"../logo.svg\"\n", "course.toml:6:8: error:"),
            (
                "logo = \"images/logo.bmp\"\n",
                "course.toml:6:8: error: the logo `images/logo.bmp` is not a svg, png",
            ),
            (
                "font = \"comic\"\n",
                "course.toml:6:8: error: unknown font `comic`",
            ),
            (
                "font = \"fonts/a.ttf\"\n",
                "course.toml:6:8: error: unknown font `fonts/a.ttf`",
            ),
            (
                "font = { bold = \"fonts/b.woff2\" }\n",
                "course.toml:6:8: error: `font` has no `regular` file",
            ),
            (
                "font = { regular = \"a.woff2\", heavy = \"b.woff2\" }\n",
                "course.toml:6:8: error: `font.heavy` is not a font style",
            ),
            (
                "font = 3\n",
                "course.toml:6:8: error: `font` must be a keyword",
            ),
        ];
        for (theme, expect) in cases {
            let got = problems(theme);
            assert!(
                got.iter().any(|g| g.starts_with(expect)),
                "{theme:?}: {got:?}"
            );
        }
        let mut d = Diagnostics::new();
        parse(&format!("{MINIMAL}duration = 0\n"), &mut d);
        assert!(d.iter().any(|d| d
            .short()
            .starts_with("course.toml:5:12: error: duration 0 is not a number of minutes")));
    }
}
