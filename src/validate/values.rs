//! The value types of a SCORM 1.2 manifest that its schemas leave as free text: the mastery
//! score (a CMIDecimal from 0 to 100), the time allowed (a CMITimespan), and how Moodle reads
//! a mastery score that is not one (JavaScript's `parseFloat`).

/// A CMIDecimal (SCORM 1.2 RTE 3.4.2): digits with an optional sign and decimal point, such as
/// `80`, `-1.5` or `.5`; no exponent, no spaces.
pub fn cmi_decimal(v: &str) -> Option<f64> {
    let digits = v.strip_prefix('-').unwrap_or(v);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let well_formed = all_digits(whole)
        && all_digits(fraction)
        && !(whole.is_empty() && fraction.is_empty())
        && !(digits.ends_with('.'));
    if well_formed {
        v.parse::<f64>().ok()
    } else {
        None
    }
}

/// What JavaScript's `parseFloat` makes of `v`: the number at the start of the text, after
/// leading white space (`parseFloat("1e2")` is 100, `parseFloat("80%")` is 80), or `None` for
/// NaN. Moodle's SCORM 1.2 player compares the mastery score with `parseFloat`.
pub fn js_parse_float(v: &str) -> Option<f64> {
    let s = v.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    if s[i..].starts_with("Infinity") {
        return Some(if s.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    let digits_from = |mut j: usize| {
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        j
    };
    let whole_end = digits_from(i);
    let mut end = whole_end;
    let mut any_digit = whole_end > i;
    if b.get(end) == Some(&b'.') {
        let fraction_end = digits_from(end + 1);
        any_digit |= fraction_end > end + 1;
        end = fraction_end;
    }
    if !any_digit {
        return None;
    }
    if matches!(b.get(end), Some(b'e' | b'E')) {
        let mut j = end + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exponent_end = digits_from(j);
        if exponent_end > j {
            end = exponent_end;
        }
    }
    // What is left is a StrDecimalLiteral with at least one digit; Rust reads `5.` and `.5`
    // as JavaScript does.
    s[..end].trim_end_matches('.').parse::<f64>().ok()
}

/// Why `v` is not a SCORM 1.2 CMITimespan (`HHHH:MM:SS.SS`: 2 to 4 digits of hours, 2 of
/// minutes and 2 of seconds, up to 59 each, and at most 2 decimals), or `None` when it is one.
pub fn timespan_problem(v: &str) -> Option<&'static str> {
    let parts: Vec<&str> = v.split(':').collect();
    let [hours, minutes, seconds] = parts.as_slice() else {
        return Some("it is not of the form HHHH:MM:SS.SS");
    };
    let (seconds, fraction) = seconds.split_once('.').unwrap_or((seconds, "0"));
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(hours, 2, 4) && digits(minutes, 2, 2) && digits(seconds, 2, 2)) {
        return Some("it is not of the form HHHH:MM:SS.SS");
    }
    if !digits(fraction, 1, 2) {
        return Some("seconds have at most 2 decimals");
    }
    let over = |s: &str| s.parse::<u32>().map_or(true, |n| n > 59);
    if over(minutes) || over(seconds) {
        return Some("minutes and seconds go from 00 to 59");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmi_decimals() {
        for (v, n) in [
            ("80", 80.0),
            ("0", 0.0),
            ("100", 100.0),
            ("72.5", 72.5),
            (".5", 0.5),
        ] {
            assert_eq!(cmi_decimal(v), Some(n), "{v}");
        }
        for v in [
            "", "1e2", "80%", "+80", " 80", "abc", "8.0.1", "-", ".", "5.", "NaN", "inf",
        ] {
            assert_eq!(cmi_decimal(v), None, "{v:?}");
        }
    }

    #[test]
    fn parse_float_as_javascript() {
        for (v, n) in [
            ("1e2", Some(100.0)),
            ("80%", Some(80.0)),
            (" 72.5 points", Some(72.5)),
            ("5.", Some(5.0)),
            (".5e1", Some(5.0)),
            ("1e", Some(1.0)),
            ("1e+", Some(1.0)),
            ("-3", Some(-3.0)),
            ("+4", Some(4.0)),
            ("abc", None),
            ("", None),
            (".", None),
            ("-", None),
            ("e5", None),
        ] {
            assert_eq!(js_parse_float(v), n, "{v:?}");
        }
        assert_eq!(js_parse_float("Infinity"), Some(f64::INFINITY));
        assert_eq!(js_parse_float("-Infinity"), Some(f64::NEG_INFINITY));
    }

    #[test]
    fn timespans() {
        for v in ["00:30:00", "0000:00:00.5", "99:59:59.99", "1234:00:01"] {
            assert_eq!(timespan_problem(v), None, "{v}");
        }
        for (v, why) in [
            ("abc", "of the form"),
            ("1:30", "of the form"),
            ("1:30:00", "of the form"),
            ("00:30", "of the form"),
            ("12345:00:00", "of the form"),
            ("00:30:00.123", "decimals"),
            ("00:30:00.", "decimals"),
            ("99:99:99", "59"),
            ("00:60:00", "59"),
        ] {
            let problem = timespan_problem(v).unwrap_or_default();
            assert!(problem.contains(why), "{v}: {problem}");
        }
    }

    #[test]
    fn ncname_problems_say_what_is_wrong() {
        use crate::validate::xsd::ncname_problem;
        assert_eq!(ncname_problem("item_1"), None);
        assert_eq!(
            ncname_problem("5-Why_Problem_Solving_ORG").as_deref(),
            Some("a name cannot start with a digit")
        );
        assert_eq!(
            ncname_problem("a,b").as_deref(),
            Some("`,` cannot appear in a name")
        );
        assert_eq!(
            ncname_problem("-x").as_deref(),
            Some("a name cannot start with `-`")
        );
        assert_eq!(
            ncname_problem("a b").as_deref(),
            Some("a space cannot appear in a name")
        );
        assert_eq!(
            ncname_problem("a:b").as_deref(),
            Some("a colon cannot appear in this name")
        );
        assert_eq!(
            ncname_problem("").as_deref(),
            Some("a name cannot be empty")
        );
    }
}
