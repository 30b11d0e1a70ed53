//! Simple type definitions (atomic restrictions, lists, unions), their facets, and checking a
//! value against them.

use super::builtins::{collapse, collapse_cow, parse_decimal, Builtin, Decimal, WhiteSpace};
use super::model::{Components, TypeId};
use super::reader::is_xml_space;
use super::regex::Regex;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::Arc;

/// A simple type definition.
#[derive(Debug, Clone)]
pub(crate) struct SimpleType {
    pub base: Option<TypeId>,
    pub variety: Variety,
    /// The atomic built-in at the root of the restriction chain (for lists: `anySimpleType`).
    pub builtin: Builtin,
    /// Facets of each restriction step, base first.
    pub facets: Vec<Facets>,
    pub whitespace: WhiteSpace,
    /// libxml2 normalises a value's whitespace before checking it only when some step of the
    /// type has an enumeration or a pattern (or the type is a list); otherwise the built-in
    /// check sees the raw value. See [`Builtin::strips_whitespace`].
    pub normalize_first: bool,
}

/// The kind of simple type.
#[derive(Debug, Clone)]
pub(crate) enum Variety {
    Atomic,
    List(TypeId),
    Union(Vec<TypeId>),
}

/// The constraining facets of one restriction step.
#[derive(Debug, Clone, Default)]
pub(crate) struct Facets {
    pub length: Option<usize>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub enumeration: Option<Vec<String>>,
    pub min_inclusive: Option<String>,
    pub max_inclusive: Option<String>,
    pub min_exclusive: Option<String>,
    pub max_exclusive: Option<String>,
    pub total_digits: Option<usize>,
    pub fraction_digits: Option<usize>,
    /// The `pattern` facets of the step: a value must match one of them.
    pub patterns: Option<Vec<Arc<Regex>>>,
}

impl Facets {
    pub fn is_empty(&self) -> bool {
        self.length.is_none()
            && self.min_length.is_none()
            && self.max_length.is_none()
            && self.enumeration.is_none()
            && self.min_inclusive.is_none()
            && self.max_inclusive.is_none()
            && self.min_exclusive.is_none()
            && self.max_exclusive.is_none()
            && self.total_digits.is_none()
            && self.fraction_digits.is_none()
            && self.patterns.is_none()
    }

    /// A value must match one pattern of each step that has some.
    fn check_patterns(&self, value: &str) -> Result<(), ValueError> {
        match &self.patterns {
            Some(patterns) if !patterns.iter().any(|p| p.is_match(value)) => {
                Err(ValueError::NoPattern {
                    value: value.to_owned(),
                    pattern: patterns
                        .iter()
                        .map(|p| p.source.as_str())
                        .collect::<Vec<_>>()
                        .join("` or `"),
                })
            }
            _ => Ok(()),
        }
    }
}

/// Why a value does not fit its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ValueError {
    /// Not in the lexical space; `expected` says what would be.
    Lexical {
        value: String,
        expected: String,
    },
    NotEnumerated {
        value: String,
        allowed: Vec<String>,
    },
    TooLong {
        max: usize,
        len: usize,
        items: bool,
    },
    TooShort {
        min: usize,
        len: usize,
        items: bool,
    },
    WrongLength {
        length: usize,
        len: usize,
        items: bool,
    },
    OutOfRange {
        value: String,
        relation: &'static str,
        bound: String,
    },
    TooManyDigits {
        value: String,
        what: &'static str,
        max: usize,
    },
    NoPattern {
        value: String,
        pattern: String,
    },
}

impl ValueError {
    /// The message for a value of `subject` (such as "attribute `href`" or "`title`").
    pub fn message(&self, subject: &str) -> String {
        match self {
            ValueError::Lexical { value, expected } => {
                format!(
                    "{subject} has value `{}`; expected {expected}",
                    shown(value)
                )
            }
            ValueError::NotEnumerated { value, allowed } => format!(
                "{subject}: value `{}` is not one of the allowed values: {}",
                shown(value),
                allowed.join(", ")
            ),
            ValueError::TooLong { max, len, items } => format!(
                "{subject} is longer than {max} {} (it has {len})",
                unit(*items)
            ),
            ValueError::TooShort { min, len, items } => format!(
                "{subject} is shorter than {min} {} (it has {len})",
                unit(*items)
            ),
            ValueError::WrongLength { length, len, items } => format!(
                "{subject} must be exactly {length} {} long (it has {len})",
                unit(*items)
            ),
            ValueError::OutOfRange {
                value,
                relation,
                bound,
            } => format!(
                "{subject} has value `{}`; it must be {relation} {bound}",
                shown(value)
            ),
            ValueError::TooManyDigits { value, what, max } => format!(
                "{subject} has value `{}` with more than {max} {what}",
                shown(value)
            ),
            ValueError::NoPattern { value, pattern } => format!(
                "{subject} has value `{}`, which does not have the form the schema requires (the pattern `{}`)",
                shown(value),
                shown(pattern)
            ),
        }
    }
}

fn unit(items: bool) -> &'static str {
    if items {
        "items"
    } else {
        "characters"
    }
}

/// A value as shown in a message: long values are cut.
pub(crate) fn shown(value: &str) -> String {
    const MAX: usize = 80;
    if value.chars().count() <= MAX {
        value.to_owned()
    } else {
        let cut: String = value.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// What a value check found besides errors: the normalised value and whether it is an ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Checked<'v> {
    pub value: Cow<'v, str>,
    pub is_id: bool,
}

/// Checks `raw` against simple type `id`. `has_prefix` tells whether a namespace prefix is
/// declared where the value occurs.
pub(crate) fn check_value<'v>(
    comps: &Components,
    id: TypeId,
    raw: &'v str,
    has_prefix: &dyn Fn(&str) -> bool,
) -> Result<Checked<'v>, ValueError> {
    check_at_depth(comps, id, raw, has_prefix, 0)
}

fn check_at_depth<'v>(
    comps: &Components,
    id: TypeId,
    raw: &'v str,
    has_prefix: &dyn Fn(&str) -> bool,
    depth: usize,
) -> Result<Checked<'v>, ValueError> {
    let Some(st) = comps.simple(id) else {
        // Not a simple type: only anyType reaches here, and it accepts anything.
        return Ok(Checked {
            value: Cow::Borrowed(raw),
            is_id: false,
        });
    };
    if depth > 32 {
        return Err(ValueError::Lexical {
            value: raw.to_owned(),
            expected: "a value (the type nests too deeply)".to_owned(),
        });
    }
    match &st.variety {
        Variety::Atomic => check_atomic(st, raw, has_prefix),
        Variety::List(item) => {
            let normalized = collapse(raw);
            let items: Vec<&str> = normalized.split(' ').filter(|s| !s.is_empty()).collect();
            for item_value in &items {
                check_at_depth(comps, *item, item_value, has_prefix, depth + 1)?;
            }
            for f in &st.facets {
                check_lengths(f, items.len(), true)?;
                f.check_patterns(&normalized)?;
                if let Some(allowed) = &f.enumeration {
                    if !allowed.iter().any(|a| collapse(a) == normalized) {
                        return Err(ValueError::NotEnumerated {
                            value: normalized,
                            allowed: allowed.clone(),
                        });
                    }
                }
            }
            Ok(Checked {
                value: Cow::Owned(normalized),
                is_id: false,
            })
        }
        Variety::Union(members) => {
            let mut first_error = None;
            for &m in members {
                match check_at_depth(comps, m, raw, has_prefix, depth + 1) {
                    Ok(c) => {
                        let value = c.value;
                        for f in &st.facets {
                            f.check_patterns(&value)?;
                            if let Some(allowed) = &f.enumeration {
                                if !allowed.iter().any(|a| *a == *value) {
                                    return Err(ValueError::NotEnumerated {
                                        value: value.into_owned(),
                                        allowed: allowed.clone(),
                                    });
                                }
                            }
                        }
                        return Ok(Checked {
                            value,
                            is_id: c.is_id,
                        });
                    }
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
            }
            Err(first_error.unwrap_or_else(|| ValueError::Lexical {
                value: raw.to_owned(),
                expected: "a value of one of the member types".to_owned(),
            }))
        }
    }
}

fn check_atomic<'v>(
    st: &SimpleType,
    raw: &'v str,
    has_prefix: &dyn Fn(&str) -> bool,
) -> Result<Checked<'v>, ValueError> {
    let b = st.builtin;
    // Most values are already normal: they are borrowed, not copied.
    let value: Cow<'_, str> = if st.normalize_first {
        st.whitespace.apply_cow(raw)
    } else {
        Cow::Borrowed(raw)
    };
    if !b.check(&value, has_prefix) {
        return Err(ValueError::Lexical {
            expected: b.describe_mismatch(&value),
            value: value.into_owned(),
        });
    }
    let collapsed = collapse_cow(&value);
    let len = if b.counts_raw_length() {
        value.chars().count()
    } else {
        collapsed.chars().count()
    };
    let number = if b.is_decimal() {
        parse_decimal(&collapsed)
    } else {
        None
    };
    for f in &st.facets {
        check_lengths(f, len, false)?;
        f.check_patterns(&value)?;
        if let Some(allowed) = &f.enumeration {
            let matches = |a: &String| -> bool {
                if b.is_decimal() {
                    matches!((parse_decimal(&collapse(a)), &number), (Some(x), Some(y)) if x.cmp(y) == Ordering::Equal)
                } else if b == Builtin::Boolean {
                    canonical_bool(&collapse(a)) == canonical_bool(&collapsed)
                } else if b.is_float() {
                    collapse(a).parse::<f64>().ok() == collapsed.parse::<f64>().ok()
                } else {
                    st.whitespace.apply(a) == *value
                }
            };
            if !allowed.iter().any(matches) {
                return Err(ValueError::NotEnumerated {
                    value: value.to_string(),
                    allowed: allowed.clone(),
                });
            }
        }
        check_range(f, b, &collapsed, number.as_ref())?;
        if let Some(n) = &number {
            let (total, fraction) = n.digits();
            if let Some(max) = f.total_digits.filter(|&m| total > m) {
                return Err(ValueError::TooManyDigits {
                    value: collapsed.to_string(),
                    what: "digits",
                    max,
                });
            }
            if let Some(max) = f.fraction_digits.filter(|&m| fraction > m) {
                return Err(ValueError::TooManyDigits {
                    value: collapsed.to_string(),
                    what: "fraction digits",
                    max,
                });
            }
        }
    }
    let is_id = b == Builtin::Id;
    drop(collapsed);
    let stored = if b.strips_whitespace() && b != Builtin::String {
        match value {
            Cow::Borrowed(v) => Cow::Borrowed(v.trim_matches(is_xml_space)),
            Cow::Owned(v) => Cow::Owned(v.trim_matches(is_xml_space).to_owned()),
        }
    } else {
        value
    };
    Ok(Checked {
        value: stored,
        is_id,
    })
}

fn canonical_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

fn check_lengths(f: &Facets, len: usize, items: bool) -> Result<(), ValueError> {
    if let Some(length) = f.length.filter(|&l| l != len) {
        return Err(ValueError::WrongLength { length, len, items });
    }
    if let Some(min) = f.min_length.filter(|&m| len < m) {
        return Err(ValueError::TooShort { min, len, items });
    }
    if let Some(max) = f.max_length.filter(|&m| len > m) {
        return Err(ValueError::TooLong { max, len, items });
    }
    Ok(())
}

/// A range facet: its value, how the message words it, and which orders satisfy it.
type Bound<'a> = (&'a Option<String>, &'static str, fn(Ordering) -> bool);

fn check_range(
    f: &Facets,
    b: Builtin,
    collapsed: &str,
    number: Option<&Decimal>,
) -> Result<(), ValueError> {
    let bounds: [Bound<'_>; 4] = [
        (&f.min_inclusive, "at least", |o| o != Ordering::Less),
        (&f.max_inclusive, "at most", |o| o != Ordering::Greater),
        (&f.min_exclusive, "greater than", |o| o == Ordering::Greater),
        (&f.max_exclusive, "less than", |o| o == Ordering::Less),
    ];
    for (bound, relation, ok) in bounds {
        let Some(bound) = bound else { continue };
        let order = if let Some(n) = number {
            parse_decimal(&collapse(bound)).map(|limit| n.cmp(&limit))
        } else if b.is_float() {
            match (collapsed.parse::<f64>(), collapse(bound).parse::<f64>()) {
                (Ok(x), Ok(y)) => x.partial_cmp(&y),
                _ => None,
            }
        } else {
            None
        };
        if let Some(order) = order {
            if !ok(order) {
                return Err(ValueError::OutOfRange {
                    value: collapsed.to_owned(),
                    relation,
                    bound: bound.clone(),
                });
            }
        }
    }
    Ok(())
}
