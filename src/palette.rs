//! The colours of a theme: the default theme's three, the full palette the style sheet uses
//! (derived from a course's background, text and accent colours so that every pair stays
//! readable), and the contrast rules the author's own colours must meet.
//!
//! The source stage checks a course's colours with [`contrast_problems`] (it knows where they
//! were written); the render stage turns them into CSS custom properties with [`Palette::css`].

use crate::color::{contrast, Rgb, AA_LARGE, AA_TEXT};

/// The default theme's colours (`templates/runtime/coursepack.css` holds the palette they give;
/// a test keeps the two in step).
pub const DEFAULT_BACKGROUND: Rgb = Rgb::new(0xff, 0xff, 0xff);
pub const DEFAULT_TEXT: Rgb = Rgb::new(0x1d, 0x23, 0x2f);
pub const DEFAULT_ACCENT: Rgb = Rgb::new(0x3a, 0x4c, 0xc4);

/// Hues the palette tints for feedback and callouts, made readable on each background.
const OK: Rgb = Rgb::new(0x17, 0x76, 0x3e);
const BAD: Rgb = Rgb::new(0xb4, 0x23, 0x18);
const KEY: Rgb = Rgb::new(0xb4, 0x53, 0x09);
const FOCUS: Rgb = Rgb::new(0xc2, 0x41, 0x0c);

/// Every colour the style sheet uses, as CSS custom properties `--cp-<name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Palette {
    pub colors: Vec<(&'static str, Rgb)>,
    /// `light` or `dark`, for the `color-scheme` of form controls and scroll bars.
    pub scheme: &'static str,
}

impl Palette {
    /// The palette of a background, a text colour and an accent that meet [`contrast_problems`]:
    /// surfaces are light tints of the background, and every colour drawn on them is moved just
    /// far enough to stay readable (4.5:1 for text, 3:1 for borders and the focus ring).
    pub fn derive(background: Rgb, text: Rgb, accent: Rgb) -> Palette {
        let bg = background;
        // A tint as strong as `t` allows while `keep` colours stay readable on it.
        let tint = |towards: Rgb, t: f64, keep: &[Rgb]| {
            (0..=20)
                .map(|k| bg.mix(towards, t * f64::from(20 - k) / 20.0))
                .find(|c| keep.iter().all(|k| contrast(*k, *c) >= AA_TEXT))
                .unwrap_or(bg)
        };
        let surface = tint(text, 0.045, &[text, accent]);
        let accent_soft = tint(accent, 0.09, &[text, accent]);
        let muted = text.mix(bg, 0.32).readable_on(surface, AA_TEXT);
        let muted = muted.readable_on(accent_soft, AA_TEXT);
        let ok_bg = tint(OK, 0.1, &[text]);
        let bad_bg = tint(BAD, 0.08, &[text]);
        let key_bg = tint(KEY, 0.1, &[text]);
        let colors = vec![
            ("bg", bg),
            ("surface", surface),
            ("text", text),
            ("muted", muted),
            ("border", bg.mix(text, 0.16)),
            ("control", text.mix(bg, 0.45).readable_on(bg, AA_LARGE)),
            ("accent", accent),
            ("accent-text", bg),
            ("accent-soft", accent_soft),
            ("focus", FOCUS.readable_on(bg, AA_LARGE)),
            ("ok", OK.readable_on(ok_bg, AA_TEXT)),
            ("ok-bg", ok_bg),
            ("bad", BAD.readable_on(bad_bg, AA_TEXT)),
            ("bad-bg", bad_bg),
            ("key", KEY.readable_on(key_bg, AA_LARGE)),
            ("key-bg", key_bg),
        ];
        Palette {
            colors,
            scheme: if bg.is_light() { "light" } else { "dark" },
        }
    }

    /// The default theme's palette.
    pub fn default_theme() -> Palette {
        Palette::derive(DEFAULT_BACKGROUND, DEFAULT_TEXT, DEFAULT_ACCENT)
    }

    /// The declarations of a `:root` rule: `--cp-bg:#ffffff;…;color-scheme:light`.
    pub fn css(&self) -> String {
        let mut out = String::new();
        for (name, color) in &self.colors {
            out.push_str(&format!("--cp-{name}:{color};"));
        }
        out.push_str(&format!("color-scheme:{}", self.scheme));
        out
    }

    pub fn get(&self, name: &str) -> Option<Rgb> {
        self.colors
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| *c)
    }
}

/// Which of the author's colours a contrast problem is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Text,
    Accent,
}

/// Two of a theme's colours that are too close to be read.
#[derive(Clone, Debug, PartialEq)]
pub struct ContrastProblem {
    /// The colour drawn (text or accent) and what it is drawn on.
    pub role: Role,
    pub fg: Rgb,
    pub bg: Rgb,
    pub ratio: f64,
    pub needed: f64,
    /// The nearest colour to `fg` that would pass on `bg`.
    pub passing: Rgb,
}

/// What a theme's three colours must meet (WCAG AA): text on the background 4.5:1; the accent
/// on the background 4.5:1, since links, the selected tab and the secondary buttons' labels are
/// accent-coloured text, and button labels are drawn in the background colour on the accent
/// (the same pair). Large text and component borders need only 3:1, which these imply.
pub fn contrast_problems(background: Rgb, text: Rgb, accent: Rgb) -> Vec<ContrastProblem> {
    let mut out = Vec::new();
    for (role, fg) in [(Role::Text, text), (Role::Accent, accent)] {
        let ratio = contrast(fg, background);
        if ratio < AA_TEXT {
            out.push(ContrastProblem {
                role,
                fg,
                bg: background,
                ratio,
                needed: AA_TEXT,
                passing: fg.readable_on(background, AA_TEXT),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::{contrast, AA_LARGE, AA_TEXT};

    /// Every pair the style sheet draws is readable, whatever three colours pass the check.
    fn assert_readable(p: &Palette) {
        let c = |n: &str| p.get(n).expect(n);
        let text_pairs = [
            ("text", "bg"),
            ("text", "surface"),
            ("text", "accent-soft"),
            ("muted", "bg"),
            ("muted", "surface"),
            ("muted", "accent-soft"),
            ("accent", "bg"),
            ("accent", "surface"),
            ("accent", "accent-soft"),
            ("accent-text", "accent"),
            ("ok", "ok-bg"),
            ("bad", "bad-bg"),
            ("text", "ok-bg"),
            ("text", "bad-bg"),
            ("text", "key-bg"),
        ];
        for (fg, bg) in text_pairs {
            let r = contrast(c(fg), c(bg));
            assert!(r >= AA_TEXT, "{fg} {} on {bg} {}: {r}", c(fg), c(bg));
        }
        for (fg, bg) in [("focus", "bg"), ("control", "bg"), ("key", "key-bg")] {
            let r = contrast(c(fg), c(bg));
            assert!(r >= AA_LARGE, "{fg} on {bg}: {r}");
        }
    }

    #[test]
    fn derived_palettes_stay_readable() {
        assert_readable(&Palette::default_theme());
        let cases = [
            ("#ffffff", "#000000", "#c2185b"),
            ("#fdf6e3", "#3b3026", "#8a4b00"),
            ("#101418", "#e6edf3", "#7ab7ff"),
            ("#0b3d2e", "#ffffff", "#ffd166"),
        ];
        for (bg, text, accent) in cases {
            let [bg, text, accent] = [bg, text, accent].map(|c| Rgb::parse(c).unwrap());
            assert!(contrast_problems(bg, text, accent).is_empty());
            assert_readable(&Palette::derive(bg, text, accent));
        }
        let dark = Palette::derive(
            Rgb::parse("#101418").unwrap(),
            Rgb::parse("#e6edf3").unwrap(),
            Rgb::parse("#7ab7ff").unwrap(),
        );
        assert_eq!(dark.scheme, "dark");
    }

    #[test]
    fn problems_name_the_pair_and_a_passing_colour() {
        let white = Rgb::parse("#ffffff").unwrap();
        let problems = contrast_problems(white, DEFAULT_TEXT, Rgb::parse("#7fb2ff").unwrap());
        assert_eq!(problems.len(), 1);
        let p = &problems[0];
        assert_eq!(p.role, Role::Accent);
        assert!(p.ratio < AA_TEXT);
        assert!(contrast(p.passing, white) >= AA_TEXT);
        let grey = Rgb::parse("#999999").unwrap();
        let both = contrast_problems(white, grey, grey);
        assert_eq!(both.len(), 2);
        assert_eq!(both[0].role, Role::Text);
    }

    /// The default style sheet declares the default palette (so a course without `[theme]`
    /// looks the way one that names the default colours does).
    #[test]
    fn default_style_sheet_holds_the_default_palette() {
        let css = include_str!("../templates/runtime/coursepack.css");
        let root = css
            .split_once(":root {")
            .and_then(|(_, r)| r.split_once('}'))
            .map(|(r, _)| r)
            .expect(":root rule");
        for (name, color) in &Palette::default_theme().colors {
            let decl = format!("--cp-{name}: {color};");
            assert!(root.contains(&decl), "coursepack.css lacks `{decl}`");
        }
    }
}
