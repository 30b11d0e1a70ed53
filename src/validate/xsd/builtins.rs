//! The built-in simple types of XML Schema 1.0 that the engine knows: their names, how they
//! derive from one another, their whitespace handling and their lexical spaces.
//!
//! Lexical checks follow libxml2 2.9 where it differs from the recommendation (it is the oracle
//! our verdicts are compared with); each difference is noted where it is implemented.
//!
//! Enumeration and range facets compare decimals, floats and booleans by value and every other
//! type by its (normalised) lexical form; libxml2 also compares durations and dateTimes by
//! value (`PT60M` equals `PT1H`). No bundled schema puts such facets on those types.

use super::reader::{is_name_char, is_name_start, is_ncname, is_xml_space, split_qname};
use super::temporal::{is_date_time, is_duration};
use super::uri::is_libxml2_uri_reference;
use std::borrow::Cow;

/// How a type treats whitespace before checking a value (the `whiteSpace` facet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WhiteSpace {
    Preserve,
    Replace,
    Collapse,
}

impl WhiteSpace {
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "preserve" => Some(WhiteSpace::Preserve),
            "replace" => Some(WhiteSpace::Replace),
            "collapse" => Some(WhiteSpace::Collapse),
            _ => None,
        }
    }

    /// The same, borrowing `s` when it is already normal.
    pub fn apply_cow(self, s: &str) -> Cow<'_, str> {
        match self {
            WhiteSpace::Preserve => Cow::Borrowed(s),
            WhiteSpace::Replace if !s.contains(['\t', '\n', '\r']) => Cow::Borrowed(s),
            WhiteSpace::Collapse => collapse_cow(s),
            _ => Cow::Owned(self.apply(s)),
        }
    }

    pub fn apply(self, s: &str) -> String {
        match self {
            WhiteSpace::Preserve => s.to_owned(),
            WhiteSpace::Replace => s
                .chars()
                .map(|c| if is_xml_space(c) { ' ' } else { c })
                .collect(),
            WhiteSpace::Collapse => collapse(s),
        }
    }
}

/// [`collapse`], borrowing `s` when it is already collapsed.
pub(crate) fn collapse_cow(s: &str) -> Cow<'_, str> {
    let normal = !s.contains(['\t', '\n', '\r'])
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ");
    if normal {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(collapse(s))
    }
}

/// Whitespace collapsing: runs of whitespace become one space, none at either end.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(is_xml_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// An atomic built-in type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Builtin {
    AnySimpleType,
    String,
    NormalizedString,
    Token,
    Language,
    Name,
    NcName,
    NmToken,
    Id,
    IdRef,
    QName,
    AnyUri,
    Boolean,
    Decimal,
    Integer,
    NonPositiveInteger,
    NegativeInteger,
    NonNegativeInteger,
    PositiveInteger,
    Long,
    Int,
    Short,
    Byte,
    UnsignedLong,
    UnsignedInt,
    UnsignedShort,
    UnsignedByte,
    Float,
    Double,
    HexBinary,
    Base64Binary,
    Duration,
    DateTime,
}

/// Every atomic built-in, for registering them.
pub(crate) const ALL: [Builtin; 33] = [
    Builtin::AnySimpleType,
    Builtin::String,
    Builtin::NormalizedString,
    Builtin::Token,
    Builtin::Language,
    Builtin::Name,
    Builtin::NcName,
    Builtin::NmToken,
    Builtin::Id,
    Builtin::IdRef,
    Builtin::QName,
    Builtin::AnyUri,
    Builtin::Boolean,
    Builtin::Decimal,
    Builtin::Integer,
    Builtin::NonPositiveInteger,
    Builtin::NegativeInteger,
    Builtin::NonNegativeInteger,
    Builtin::PositiveInteger,
    Builtin::Long,
    Builtin::Int,
    Builtin::Short,
    Builtin::Byte,
    Builtin::UnsignedLong,
    Builtin::UnsignedInt,
    Builtin::UnsignedShort,
    Builtin::UnsignedByte,
    Builtin::Float,
    Builtin::Double,
    Builtin::HexBinary,
    Builtin::Base64Binary,
    Builtin::Duration,
    Builtin::DateTime,
];

/// Built-in list types: (name, item type).
pub(crate) const LISTS: [(&str, Builtin); 2] =
    [("NMTOKENS", Builtin::NmToken), ("IDREFS", Builtin::IdRef)];

impl Builtin {
    pub fn name(self) -> &'static str {
        match self {
            Builtin::AnySimpleType => "anySimpleType",
            Builtin::String => "string",
            Builtin::NormalizedString => "normalizedString",
            Builtin::Token => "token",
            Builtin::Language => "language",
            Builtin::Name => "Name",
            Builtin::NcName => "NCName",
            Builtin::NmToken => "NMTOKEN",
            Builtin::Id => "ID",
            Builtin::IdRef => "IDREF",
            Builtin::QName => "QName",
            Builtin::AnyUri => "anyURI",
            Builtin::Boolean => "boolean",
            Builtin::Decimal => "decimal",
            Builtin::Integer => "integer",
            Builtin::NonPositiveInteger => "nonPositiveInteger",
            Builtin::NegativeInteger => "negativeInteger",
            Builtin::NonNegativeInteger => "nonNegativeInteger",
            Builtin::PositiveInteger => "positiveInteger",
            Builtin::Long => "long",
            Builtin::Int => "int",
            Builtin::Short => "short",
            Builtin::Byte => "byte",
            Builtin::UnsignedLong => "unsignedLong",
            Builtin::UnsignedInt => "unsignedInt",
            Builtin::UnsignedShort => "unsignedShort",
            Builtin::UnsignedByte => "unsignedByte",
            Builtin::Float => "float",
            Builtin::Double => "double",
            Builtin::HexBinary => "hexBinary",
            Builtin::Base64Binary => "base64Binary",
            Builtin::Duration => "duration",
            Builtin::DateTime => "dateTime",
        }
    }

    /// The built-in this one restricts (`None` for anySimpleType).
    pub fn base(self) -> Option<Builtin> {
        use Builtin::*;
        Some(match self {
            AnySimpleType => return None,
            String | AnyUri | QName | Boolean | Decimal | Float | Double | HexBinary
            | Base64Binary | Duration | DateTime => AnySimpleType,
            NormalizedString => String,
            Token => NormalizedString,
            Language | Name | NmToken => Token,
            NcName => Name,
            Id | IdRef => NcName,
            Integer => Decimal,
            NonPositiveInteger | Long | NonNegativeInteger => Integer,
            NegativeInteger => NonPositiveInteger,
            Int => Long,
            Short => Int,
            Byte => Short,
            UnsignedLong | PositiveInteger => NonNegativeInteger,
            UnsignedInt => UnsignedLong,
            UnsignedShort => UnsignedInt,
            UnsignedByte => UnsignedShort,
        })
    }

    pub fn whitespace(self) -> WhiteSpace {
        match self {
            Builtin::String | Builtin::AnySimpleType => WhiteSpace::Preserve,
            Builtin::NormalizedString => WhiteSpace::Replace,
            _ => WhiteSpace::Collapse,
        }
    }

    /// Whether values compare as numbers (the decimal family).
    pub fn is_decimal(self) -> bool {
        self.integer_range().is_some() || matches!(self, Builtin::Decimal)
    }

    /// Whether values compare as floating-point numbers.
    pub fn is_float(self) -> bool {
        matches!(self, Builtin::Float | Builtin::Double)
    }

    /// Whether a length facet counts the raw characters (strings) rather than the collapsed
    /// value. libxml2 counts `string` and `normalizedString` values as they are and every other
    /// type after collapsing whitespace.
    pub fn counts_raw_length(self) -> bool {
        matches!(
            self,
            Builtin::String | Builtin::NormalizedString | Builtin::AnySimpleType
        )
    }

    /// Whether libxml2 strips surrounding whitespace itself when checking a value it has not
    /// normalised first. It does not for the bounded integer types (`long` … `unsignedByte`):
    /// `<size> 12 </size>` of a type restricting `xs:int` without an enumeration or pattern is
    /// invalid under xmllint, although the recommendation collapses whitespace first. Durations
    /// and dateTimes have their own rules ([`super::temporal`]).
    pub fn strips_whitespace(self) -> bool {
        !matches!(
            self,
            Builtin::Duration
                | Builtin::DateTime
                | Builtin::Long
                | Builtin::Int
                | Builtin::Short
                | Builtin::Byte
                | Builtin::UnsignedLong
                | Builtin::UnsignedInt
                | Builtin::UnsignedShort
                | Builtin::UnsignedByte
        )
    }

    /// The inclusive range of an integer type (`None` when not an integer type; unbounded ends
    /// are given as `i128` extremes).
    pub fn integer_range(self) -> Option<(i128, i128)> {
        Some(match self {
            Builtin::Integer => (i128::MIN, i128::MAX),
            Builtin::NonPositiveInteger => (i128::MIN, 0),
            Builtin::NegativeInteger => (i128::MIN, -1),
            Builtin::NonNegativeInteger => (0, i128::MAX),
            Builtin::PositiveInteger => (1, i128::MAX),
            Builtin::Long => (i128::from(i64::MIN), i128::from(i64::MAX)),
            Builtin::Int => (i128::from(i32::MIN), i128::from(i32::MAX)),
            Builtin::Short => (i128::from(i16::MIN), i128::from(i16::MAX)),
            Builtin::Byte => (i128::from(i8::MIN), i128::from(i8::MAX)),
            Builtin::UnsignedLong => (0, i128::from(u64::MAX)),
            Builtin::UnsignedInt => (0, i128::from(u32::MAX)),
            Builtin::UnsignedShort => (0, i128::from(u16::MAX)),
            Builtin::UnsignedByte => (0, i128::from(u8::MAX)),
            _ => return None,
        })
    }

    /// What a valid value looks like, for messages.
    pub fn describe(self) -> String {
        match self {
            Builtin::Boolean => "a boolean (true, false, 1, 0)".to_owned(),
            Builtin::Language => "a language tag such as `en` or `en-US`".to_owned(),
            Builtin::NcName | Builtin::Id | Builtin::IdRef => {
                "an XML name without a colon (such as `item_1`)".to_owned()
            }
            Builtin::Name => "an XML name".to_owned(),
            Builtin::NmToken => "an XML name token".to_owned(),
            Builtin::QName => "a qualified name with a declared prefix".to_owned(),
            Builtin::AnyUri => "a URI reference".to_owned(),
            Builtin::Decimal => "a decimal number".to_owned(),
            Builtin::Float | Builtin::Double => "a number".to_owned(),
            Builtin::HexBinary => "hexadecimal binary data".to_owned(),
            Builtin::Base64Binary => "base64 data".to_owned(),
            Builtin::Duration => "an ISO 8601 duration such as `PT1H30M`".to_owned(),
            Builtin::DateTime => "a date and time such as `2024-05-01T09:30:00Z`".to_owned(),
            b => match b.integer_range() {
                Some((lo, hi)) => {
                    let lo = if lo == i128::MIN { None } else { Some(lo) };
                    let hi = if hi == i128::MAX { None } else { Some(hi) };
                    match (lo, hi) {
                        (Some(lo), Some(hi)) => format!("an integer from {lo} to {hi}"),
                        (Some(lo), None) => format!("an integer of at least {lo}"),
                        (None, Some(hi)) => format!("an integer of at most {hi}"),
                        (None, None) => "an integer".to_owned(),
                    }
                }
                None => format!("a value of type `xs:{}`", b.name()),
            },
        }
    }

    /// What a valid value looks like and, for names, what is wrong with `value`.
    pub fn describe_mismatch(self, value: &str) -> String {
        match (self, ncname_problem(value)) {
            (Builtin::NcName | Builtin::Id | Builtin::IdRef, Some(problem)) => {
                format!("{}: {problem}", self.describe())
            }
            _ => self.describe(),
        }
    }

    /// Checks a value against the lexical space. `value` is what libxml2 would check: already
    /// normalised when the type asked for it, raw otherwise. `has_prefix` answers whether a
    /// namespace prefix is declared where the value occurs (for QNames).
    pub fn check(self, value: &str, has_prefix: &dyn Fn(&str) -> bool) -> bool {
        let v = if self.strips_whitespace() {
            value.trim_matches(is_xml_space)
        } else {
            value
        };
        match self {
            Builtin::AnySimpleType | Builtin::String | Builtin::NormalizedString => true,
            Builtin::Token => true,
            Builtin::Language => is_language(v),
            Builtin::Name => {
                let mut chars = v.chars();
                chars.next().is_some_and(|c| is_name_start(c) || c == ':')
                    && chars.all(|c| is_name_char(c) || c == ':')
            }
            Builtin::NmToken => !v.is_empty() && v.chars().all(|c| is_name_char(c) || c == ':'),
            Builtin::NcName | Builtin::Id | Builtin::IdRef => is_ncname(v),
            Builtin::QName => match split_qname(v) {
                Some((Some(p), _)) => has_prefix(p),
                Some((None, _)) => true,
                None => false,
            },
            Builtin::AnyUri => is_libxml2_uri_reference(&collapse(v)),
            Builtin::Boolean => matches!(v, "true" | "false" | "1" | "0"),
            Builtin::Decimal => parse_decimal(v).is_some(),
            Builtin::Float | Builtin::Double => is_float(v),
            Builtin::HexBinary => v.len() % 2 == 0 && v.bytes().all(|b| b.is_ascii_hexdigit()),
            Builtin::Base64Binary => is_base64(v),
            Builtin::Duration => is_duration(v),
            Builtin::DateTime => is_date_time(v),
            b => match (b.integer_range(), parse_integer(v)) {
                (Some((lo, hi)), Some(n)) => n.in_range(lo, hi),
                _ => false,
            },
        }
    }
}

/// What keeps `value` from being an NCName (the lexical space of `xs:ID`, `xs:IDREF` and
/// `xs:NCName`), in words; `None` when it is one.
pub fn ncname_problem(value: &str) -> Option<String> {
    let mut chars = value.chars();
    let first = match chars.next() {
        None => return Some("a name cannot be empty".to_owned()),
        Some(c) => c,
    };
    if !is_name_start(first) {
        return Some(match first {
            '0'..='9' => "a name cannot start with a digit".to_owned(),
            c if is_xml_space(c) => "a name cannot start with a space".to_owned(),
            c if is_name_char(c) || c == ':' => format!("a name cannot start with `{c}`"),
            c => format!("`{c}` cannot appear in a name"),
        });
    }
    chars.find(|&c| !is_name_char(c)).map(|c| match c {
        ':' => "a colon cannot appear in this name".to_owned(),
        c if is_xml_space(c) => "a space cannot appear in a name".to_owned(),
        c => format!("`{c}` cannot appear in a name"),
    })
}

/// `xs:language` as libxml2 2.9 checks it: the pattern of the recommendation,
/// `[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*` (not the stricter RFC 4646 check of later versions).
fn is_language(v: &str) -> bool {
    let mut parts = v.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn is_float(v: &str) -> bool {
    if matches!(v, "INF" | "-INF" | "NaN") {
        return true;
    }
    let (mantissa, exponent) = match v.find(['e', 'E']) {
        Some(i) => (&v[..i], Some(&v[i + 1..])),
        None => (v, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    parse_decimal(mantissa).is_some() && exponent_ok
}

fn is_base64(v: &str) -> bool {
    let chars: Vec<u8> = v.bytes().filter(|b| *b != b' ').collect();
    if chars.len() % 4 != 0 {
        return false;
    }
    let body = chars.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
    let padding = chars.len() - body;
    padding <= 2
        && chars[..body]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
}

/// A decimal number kept as digits, for exact comparison at any size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decimal {
    negative: bool,
    /// Integer digits without leading zeros.
    int: String,
    /// Fraction digits without trailing zeros.
    frac: String,
}

impl Decimal {
    fn is_zero(&self) -> bool {
        self.int.is_empty() && self.frac.is_empty()
    }

    fn in_range(&self, lo: i128, hi: i128) -> bool {
        if !self.frac.is_empty() {
            return false;
        }
        let magnitude: Option<i128> = if self.int.is_empty() {
            Some(0)
        } else if self.int.len() > 38 {
            None
        } else {
            self.int.parse().ok()
        };
        match magnitude {
            Some(m) => {
                let n = if self.negative { -m } else { m };
                lo <= n && n <= hi
            }
            None => (self.negative && lo == i128::MIN) || (!self.negative && hi == i128::MAX),
        }
    }

    /// Total digits and fraction digits, for the digit facets.
    pub fn digits(&self) -> (usize, usize) {
        (self.int.len() + self.frac.len(), self.frac.len())
    }

    pub fn cmp(&self, other: &Decimal) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let sign = |d: &Decimal| {
            if d.is_zero() {
                0
            } else if d.negative {
                -1
            } else {
                1
            }
        };
        let (a, b) = (sign(self), sign(other));
        if a != b {
            return a.cmp(&b);
        }
        let magnitude = self
            .int
            .len()
            .cmp(&other.int.len())
            .then_with(|| self.int.cmp(&other.int))
            .then_with(|| self.frac.cmp(&other.frac));
        if a < 0 {
            magnitude.reverse()
        } else if a == 0 {
            Ordering::Equal
        } else {
            magnitude
        }
    }
}

/// Parses `xs:decimal` lexical form (`-1.50`, `+.5`, `3.`).
pub(crate) fn parse_decimal(v: &str) -> Option<Decimal> {
    let (negative, rest) = match v.as_bytes().first() {
        Some(b'-') => (true, &v[1..]),
        Some(b'+') => (false, &v[1..]),
        _ => (false, v),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Decimal {
        negative,
        int: int.trim_start_matches('0').to_owned(),
        frac: frac.trim_end_matches('0').to_owned(),
    })
}

/// Parses an integer lexical form (no fraction part allowed).
pub(crate) fn parse_integer(v: &str) -> Option<Decimal> {
    if v.contains('.') {
        return None;
    }
    parse_decimal(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_spaces() {
        let no_prefix = |_: &str| false;
        let cases: &[(Builtin, &str, bool)] = &[
            (Builtin::Boolean, "true", true),
            (Builtin::Boolean, " 0 ", true),
            (Builtin::Boolean, "TRUE", false),
            (Builtin::Boolean, "yes", false),
            (Builtin::Language, "en-US", true),
            (Builtin::Language, "x-none", true),
            (Builtin::Language, "a", true),
            (Builtin::Language, "abcdefghi", false),
            (Builtin::Language, "en_US", false),
            (Builtin::Language, "en-", false),
            (Builtin::Language, "", false),
            (Builtin::Id, "item_1", true),
            (Builtin::Id, "1item", false),
            (Builtin::Id, "a:b", false),
            (Builtin::Id, "com.scorm.golf.12", true),
            (Builtin::Int, "-2147483648", true),
            (Builtin::Int, "2147483648", false),
            (Builtin::Int, " 12 ", false),
            (Builtin::Int, "+12", true),
            (Builtin::Int, "1.0", false),
            (Builtin::Integer, " 12 ", true),
            (Builtin::NonNegativeInteger, "-1", false),
            (Builtin::NonNegativeInteger, "-0", true),
            (Builtin::Decimal, "-1.50", true),
            (Builtin::Decimal, ".", false),
            (Builtin::Double, "1e5", true),
            (Builtin::Double, "INF", true),
            (Builtin::AnyUri, "100%.html", false),
            (Builtin::AnyUri, "a b", true),
            (Builtin::QName, "p:x", false),
            (Builtin::HexBinary, "0a", true),
            (Builtin::Base64Binary, "AAAA", true),
            (Builtin::Base64Binary, "AAA", false),
        ];
        for &(b, v, ok) in cases {
            assert_eq!(b.check(v, &no_prefix), ok, "{} {v:?}", b.name());
        }
    }

    #[test]
    fn decimals_compare_by_value() {
        let d = |s| parse_decimal(s).unwrap_or_else(|| unreachable!("{s}"));
        assert_eq!(d("1.50").cmp(&d("01.5")), std::cmp::Ordering::Equal);
        assert_eq!(d("-2").cmp(&d("-10")), std::cmp::Ordering::Greater);
        assert_eq!(d("0").cmp(&d("-0.0")), std::cmp::Ordering::Equal);
        assert_eq!(d("100").cmp(&d("99.9")), std::cmp::Ordering::Greater);
    }

    #[test]
    fn whitespace() {
        assert_eq!(collapse("  a \t b\n"), "a b");
        assert_eq!(WhiteSpace::Replace.apply("a\tb"), "a b");
    }
}
