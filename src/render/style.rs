//! The package's style sheet and script as shipped: the theme's style sheet followed by the
//! course's `[theme]` as CSS custom properties (and `@font-face` rules for its font files), and
//! both files minified with rustdoc's minifier (whitespace and comments only; deterministic).

use super::markdown::media_path;
use crate::model::{Font, FontStack, ThemeSettings};
use crate::palette::{self, Palette};

/// The CSS font stack of a keyword. Only fonts already on learners' devices: nothing to fetch.
pub fn font_stack(stack: FontStack) -> &'static str {
    match stack {
        FontStack::System => {
            r#"system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif"#
        }
        FontStack::Humanist => {
            r#"Seravek,"Gill Sans Nova",Ubuntu,Calibri,"DejaVu Sans",source-sans-pro,sans-serif"#
        }
        FontStack::Geometric => {
            r#"Avenir,Montserrat,Corbel,"URW Gothic",source-sans-pro,sans-serif"#
        }
        FontStack::Rounded => {
            r#"ui-rounded,"Hiragino Maru Gothic ProN",Quicksand,Comfortaa,Manjari,"Arial Rounded MT","Arial Rounded MT Bold",Calibri,source-sans-pro,sans-serif"#
        }
        FontStack::Serif => {
            r#"Charter,"Bitstream Charter","Sitka Text",Cambria,"Noto Serif",Georgia,serif"#
        }
        FontStack::OldStyle => {
            r#""Iowan Old Style","Palatino Linotype","URW Palladio L",P052,Georgia,serif"#
        }
        FontStack::Slab => {
            r#"Rockwell,"Rockwell Nova","Roboto Slab","DejaVu Serif","Sitka Small",serif"#
        }
        FontStack::Mono => {
            r#"ui-monospace,"Cascadia Code","Source Code Pro",Menlo,Consolas,"DejaVu Sans Mono",monospace"#
        }
    }
}

/// The CSS a course's `[theme]` adds after the style sheet: nothing for a course without one.
/// URLs are relative to `assets/`, where the style sheet is.
pub fn theme_css(theme: &ThemeSettings) -> String {
    let mut faces = String::new();
    let mut vars = String::new();
    let has_colors = theme.accent.is_some() || theme.text.is_some() || theme.background.is_some();
    if has_colors {
        let palette = Palette::derive(
            theme.background.unwrap_or(palette::DEFAULT_BACKGROUND),
            theme.text.unwrap_or(palette::DEFAULT_TEXT),
            theme.accent.unwrap_or(palette::DEFAULT_ACCENT),
        );
        vars.push_str(&palette.css());
        vars.push(';');
    }
    for (font, family, var) in [
        (&theme.font, "cp-body", "font"),
        (&theme.heading_font, "cp-heading", "heading-font"),
    ] {
        let stack = match font {
            None => continue,
            Some(Font::Stack(s)) => font_stack(*s).to_string(),
            Some(Font::Files(files)) => {
                for face in files {
                    faces.push_str(&format!(
                        "@font-face{{font-family:\"{family}\";src:url(\"../{}\") format(\"woff2\");font-weight:{};font-style:{};font-display:swap}}\n",
                        url_path(&media_path(&face.file)),
                        face.weight,
                        if face.italic { "italic" } else { "normal" }
                    ));
                }
                format!("\"{family}\",{}", font_stack(FontStack::System))
            }
        };
        vars.push_str(&format!("--cp-{var}:{stack};"));
    }
    if vars.is_empty() {
        return faces;
    }
    format!(
        "/* The course's [theme] (course.toml). */\n{faces}:root{{{}}}\n",
        vars.trim_end_matches(';')
    )
}

/// A package path as a URL path: every byte outside `A–Z a–z 0–9 - . _ ~ /` percent-encoded,
/// so that quotes, spaces and parentheses in file names cannot end the CSS `url()`.
fn url_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A style sheet without comments and needless white space.
pub fn minify_css(css: &str) -> Result<String, String> {
    minifier::css::minify(css)
        .map(|m| m.to_string())
        .map_err(str::to_string)
}

/// A script without comments and needless white space (names are kept).
pub fn minify_js(js: &str) -> Result<String, String> {
    minifier::js::minify(js)
        .map(|m| m.to_string())
        .map_err(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::Rgb;
    use crate::model::FontFace;
    use crate::source::fs::RelPath;

    #[test]
    fn theme_css_holds_the_palette_and_the_fonts() {
        assert_eq!(theme_css(&ThemeSettings::default()), "");
        let theme = ThemeSettings {
            accent: Some(Rgb::new(0x8a, 0x1c, 0x7c)),
            font: Some(Font::Files(vec![FontFace {
                file: RelPath::from_trusted("fonts/My Font (1).woff2"),
                weight: "100 900",
                italic: false,
            }])),
            heading_font: Some(Font::Stack(FontStack::Serif)),
            ..ThemeSettings::default()
        };
        let css = theme_css(&theme);
        assert!(css.contains("--cp-accent:#8a1c7c;"), "{css}");
        assert!(css.contains("--cp-bg:#ffffff;"), "{css}");
        assert!(css.contains(
            "src:url(\"../media/fonts/My%20Font%20%281%29.woff2\") format(\"woff2\");font-weight:100 900"
        ));
        assert!(css.contains("--cp-font:\"cp-body\",system-ui,"), "{css}");
        assert!(css.contains("--cp-heading-font:Charter,"), "{css}");
        let minified = minify_css(&format!(
            "{}\n{css}",
            include_str!("../../templates/runtime/coursepack.css")
        ))
        .expect("minifies");
        assert!(minified.contains("--cp-accent:#8a1c7c"));
        assert!(!minified.contains("/*"), "comments dropped");
    }

    /// The default style sheet declares the system stack as its font.
    #[test]
    fn default_style_sheet_uses_the_system_stack() {
        let css = include_str!("../../templates/runtime/coursepack.css");
        assert!(css.contains(&format!("--cp-font: {};", font_stack(FontStack::System))));
    }
}
