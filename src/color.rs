//! Colours as a theme gives them: `#rgb` / `#rrggbb` values, WCAG 2.x contrast, and mixing.
//!
//! Contrast follows WCAG 2.2, "relative luminance" and "contrast ratio": sRGB channels are
//! linearised, weighted 0.2126 / 0.7152 / 0.0722, and two luminances compare as
//! `(L1 + 0.05) / (L2 + 0.05)`. AA asks 4.5:1 for body text and 3:1 for large text and the
//! parts of user interface components.

use std::fmt;

/// WCAG AA for body text (1.4.3).
pub const AA_TEXT: f64 = 4.5;
/// WCAG AA for large text and user interface components (1.4.3, 1.4.11).
pub const AA_LARGE: f64 = 3.0;

/// An opaque sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

pub const WHITE: Rgb = Rgb::new(255, 255, 255);
pub const BLACK: Rgb = Rgb::new(0, 0, 0);

impl Rgb {
    pub const fn new(r: u8, g: u8, b: u8) -> Rgb {
        Rgb { r, g, b }
    }

    /// Reads `#rgb` or `#rrggbb` (either case); the error says what is accepted.
    pub fn parse(s: &str) -> Result<Rgb, String> {
        let bad =
            || format!("`{s}` is not a colour: write it as `#rrggbb` (e.g. `#1f6feb`) or `#rgb`");
        let hex = s.trim().strip_prefix('#').ok_or_else(bad)?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).map_err(|_| bad());
        let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        match hex.len() {
            3 => Ok(Rgb::new(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => Ok(Rgb::new(pair(0)?, pair(2)?, pair(4)?)),
            _ => Err(bad()),
        }
    }

    /// WCAG 2.x relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        fn linear(c: u8) -> f64 {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// `self` moved `t` (0–1) of the way towards `other`, channel by channel, rounded.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = t.clamp(0.0, 1.0);
        let ch = |a: u8, b: u8| {
            let v = f64::from(a) + (f64::from(b) - f64::from(a)) * t;
            // In range by construction; the cast only drops the fraction left by `round`.
            v.round().clamp(0.0, 255.0) as u8
        };
        Rgb::new(
            ch(self.r, other.r),
            ch(self.g, other.g),
            ch(self.b, other.b),
        )
    }

    /// Whether the colour is on the light side (text on it should be dark).
    pub fn is_light(self) -> bool {
        contrast(self, BLACK) >= contrast(self, WHITE)
    }

    /// The nearest colour to `self` that reaches `ratio` against `on`: `self` mixed with black
    /// or white, whichever gets there with the smaller change. `self` when it passes already.
    pub fn readable_on(self, on: Rgb, ratio: f64) -> Rgb {
        let towards = |target: Rgb| {
            (0..=100)
                .map(|step| self.mix(target, f64::from(step) / 100.0))
                .position(|c| contrast(c, on) >= ratio)
        };
        match (towards(BLACK), towards(WHITE)) {
            (Some(d), Some(l)) if l < d => self.mix(WHITE, l as f64 / 100.0),
            (Some(d), _) => self.mix(BLACK, d as f64 / 100.0),
            (None, Some(l)) => self.mix(WHITE, l as f64 / 100.0),
            // Even black and white fall short only for impossible ratios (above 21).
            (None, None) => {
                if on.is_light() {
                    BLACK
                } else {
                    WHITE
                }
            }
        }
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

impl serde::Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The WCAG contrast ratio of two colours, 1 to 21, whichever is lighter.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// A ratio as people read it: `4.48:1`, cut (not rounded) to two decimals, so that a ratio just
/// under a threshold never prints as the threshold itself.
pub fn ratio_text(ratio: f64) -> String {
    format!("{:.2}:1", (ratio * 100.0).floor() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms_and_refuses_the_rest() {
        assert_eq!(Rgb::parse("#1F6feb"), Ok(Rgb::new(0x1f, 0x6f, 0xeb)));
        assert_eq!(Rgb::parse("#fa0"), Ok(Rgb::new(0xff, 0xaa, 0x00)));
        for bad in ["1f6feb", "#1f6fe", "#ggg", "blue", "#1f6feb00", "", "#é12"] {
            assert!(Rgb::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Rgb::new(1, 2, 255).to_string(), "#0102ff");
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        // Extremes, and well-known pairs checked with the WebAIM contrast checker.
        assert!((contrast(BLACK, WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        let gray = Rgb::parse("#767676").unwrap();
        assert_eq!(ratio_text(contrast(gray, WHITE)), "4.54:1");
        let gray = Rgb::parse("#777777").unwrap();
        assert_eq!(ratio_text(contrast(gray, WHITE)), "4.47:1");
        let blue = Rgb::parse("#0000ff").unwrap();
        assert_eq!(ratio_text(contrast(blue, WHITE)), "8.59:1");
        assert_eq!(ratio_text(4.4999), "4.49:1");
    }

    #[test]
    fn readable_variant_is_the_nearest_that_passes() {
        let light_blue = Rgb::parse("#7fb2ff").unwrap();
        let fixed = light_blue.readable_on(WHITE, AA_TEXT);
        assert!(contrast(fixed, WHITE) >= AA_TEXT);
        // One step less would not pass: it is the nearest.
        assert!(contrast(light_blue.mix(BLACK, 0.0), WHITE) < AA_TEXT);
        let dark_bg = Rgb::parse("#101418").unwrap();
        let lifted = Rgb::parse("#1f3a93").unwrap().readable_on(dark_bg, AA_TEXT);
        assert!(lifted.is_light() || contrast(lifted, dark_bg) >= AA_TEXT);
        assert!(contrast(lifted, dark_bg) >= AA_TEXT);
        assert_eq!(WHITE.readable_on(BLACK, AA_TEXT), WHITE);
    }
}
