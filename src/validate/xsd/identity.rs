//! Identity constraints (`xs:unique`, `xs:key`): their restricted XPath compiled when a schema
//! is, and checked in the same streaming pass as the rest of an instance.
//!
//! A constraint declared on an element selects nodes below each occurrence of that element
//! (the selector) and reads one value per field from each of them; no two selected nodes may
//! have the same values, and with `xs:key` every field must have one. Fields see attributes a
//! schema gives by default or as fixed values as if they were written: the LOM schemas of
//! SCORM 2004 rely on it (each element that may occur once has a fixed `uniqueElementName`
//! attribute that a `unique` of its parent reads), and libxml2 does the same.
//!
//! The XPath subset of XML Schema 1.0 (§3.11.6): `('.//')? step ('/' step)*` alternatives
//! joined by `|`, a step being `.`, a name, `*` or `prefix:*` (with an optional `child::`), and
//! for a field a last step `@name` (or `attribute::name`, `@*`, `@prefix:*`). Not supported
//! (a schema error, no bundled schema has one): `xs:keyref`. Key values are compared as their
//! normalised text; libxml2 compares typed values (`1.0` equals `1` for a decimal).

use super::reader::ExpName;
use std::collections::HashMap;
use std::sync::Arc;

/// A compiled `xs:unique` or `xs:key`.
#[derive(Debug, Clone)]
pub(crate) struct Constraint {
    pub name: String,
    pub is_key: bool,
    /// The selector's alternatives.
    pub selector: Vec<Path>,
    /// Each field's alternatives.
    pub fields: Vec<Vec<Path>>,
    /// The fields as written, for messages.
    pub field_texts: Vec<String>,
}

/// One alternative of a selector or field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Path {
    /// `.//` at the start: the steps match at any depth.
    pub descendant: bool,
    /// Element steps (`.` steps dropped).
    pub steps: Vec<NameTest>,
    /// A field's final attribute step.
    pub attribute: Option<NameTest>,
}

/// What a step admits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NameTest {
    Any,
    AnyIn(String),
    Name(ExpName),
}

impl NameTest {
    pub fn admits(&self, ns: &str, local: &str) -> bool {
        match self {
            NameTest::Any => true,
            NameTest::AnyIn(n) => n == ns,
            NameTest::Name(name) => name.local == local && &*name.ns == ns,
        }
    }
}

/// Compiles a selector (`field == false`) or field expression; `lookup` resolves prefixes.
pub(crate) fn compile(
    xpath: &str,
    field: bool,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Path>, String> {
    xpath
        .split('|')
        .map(|alt| path(alt.trim(), field, lookup))
        .collect()
}

fn path(text: &str, field: bool, lookup: &dyn Fn(&str) -> Option<String>) -> Result<Path, String> {
    let (descendant, rest) = match text.strip_prefix(".//") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    if rest.is_empty() {
        return Err(format!("the XPath `{text}` has no step"));
    }
    let parts: Vec<&str> = rest.split('/').map(str::trim).collect();
    let mut steps = Vec::new();
    let mut attribute = None;
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let attr = part
            .strip_prefix('@')
            .or_else(|| part.strip_prefix("attribute::"));
        match attr {
            Some(name) if field && last => attribute = Some(name_test(name.trim(), lookup, true)?),
            Some(_) => {
                return Err(format!(
                    "the XPath `{text}` may select an attribute only in the last step of a field"
                ))
            }
            None => {
                let part = part.strip_prefix("child::").unwrap_or(part).trim();
                if part == "." {
                    continue;
                }
                steps.push(name_test(part, lookup, false)?);
            }
        }
    }
    Ok(Path {
        descendant,
        steps,
        attribute,
    })
}

fn name_test(
    text: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    attribute: bool,
) -> Result<NameTest, String> {
    if text == "*" {
        return Ok(NameTest::Any);
    }
    let (prefix, local) = match text.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, text),
    };
    let ns = match prefix {
        Some(p) => lookup(p).ok_or_else(|| format!("the prefix of `{text}` is not declared"))?,
        // Unprefixed names in these expressions are in no namespace (not the default one).
        None => String::new(),
    };
    if local == "*" && prefix.is_some() {
        return Ok(NameTest::AnyIn(ns));
    }
    let valid = super::reader::is_ncname(local);
    if !valid || (attribute && local.is_empty()) {
        return Err(format!("`{text}` is not a name test"));
    }
    Ok(NameTest::Name(ExpName::new(&ns, local)))
}

/// Whether `path` selects the element whose names, below the context element, are `names`.
fn matches_elements(path: &Path, names: &[(Arc<str>, String)]) -> bool {
    let k = path.steps.len();
    if names.len() < k || (!path.descendant && names.len() != k) {
        return false;
    }
    let tail = &names[names.len() - k..];
    path.steps
        .iter()
        .zip(tail)
        .all(|(t, (ns, local))| t.admits(ns, local))
}

/// An element of the instance whose constraints are in force below it.
struct Scope {
    constraint: usize,
    depth: usize,
    /// The element's name as written, for messages.
    owner: String,
    /// Key sequences seen, with the byte offset of the node that had them.
    seen: HashMap<Vec<String>, usize>,
}

/// A node a selector chose, whose fields are being read.
struct Target {
    scope: usize,
    depth: usize,
    offset: usize,
    qname: String,
    values: Vec<Option<String>>,
    failed: bool,
}

/// A field that is an element's value, read when the element ends.
struct Capture {
    target: usize,
    field: usize,
    depth: usize,
}

/// The identity constraints in force while an instance is read.
#[derive(Default)]
pub(crate) struct Tracker {
    scopes: Vec<Scope>,
    targets: Vec<Target>,
    captures: Vec<Capture>,
    /// The names of the open elements from the outermost scope's element down.
    names: Vec<(Arc<str>, String)>,
    /// The depth of `names[0]`.
    base: usize,
}

/// What the tracker needs to know about an element as it starts.
pub(crate) struct Opened<'a> {
    pub depth: usize,
    pub ns: &'a Arc<str>,
    pub local: &'a str,
    pub qname: &'a str,
    pub offset: usize,
    /// The constraints its declaration carries.
    pub constraints: &'a [usize],
    /// Its attribute values, defaults and fixed values included.
    pub attribute: &'a dyn Fn(&NameTest) -> Vec<String>,
}

impl Tracker {
    pub fn is_idle(&self) -> bool {
        self.scopes.is_empty()
    }

    /// An element starts. Problems are returned as (offset, message).
    pub fn start(&mut self, all: &[Constraint], e: &Opened<'_>) -> Vec<(usize, String)> {
        let mut problems = Vec::new();
        if self.scopes.is_empty() && e.constraints.is_empty() {
            return problems;
        }
        if self.scopes.is_empty() {
            self.base = e.depth;
            self.names.clear();
        }
        self.names.push((Arc::clone(e.ns), e.local.to_owned()));
        // Fields of targets above that this element (or one of its attributes) gives.
        for t in 0..self.targets.len() {
            let (tdepth, scope) = (self.targets[t].depth, self.targets[t].scope);
            if tdepth >= e.depth {
                continue;
            }
            let below = &self.names[tdepth + 1 - self.base..];
            let Some(c) = all.get(self.scopes[scope].constraint) else {
                continue;
            };
            let hits: Vec<(usize, &Path)> = c
                .fields
                .iter()
                .enumerate()
                .flat_map(|(f, alts)| alts.iter().map(move |p| (f, p)))
                .filter(|(_, p)| matches_elements(p, below))
                .collect();
            for (f, p) in hits {
                self.field_hit(t, f, p, e, &mut problems);
            }
        }
        // Nodes the selectors of the scopes above choose.
        for s in 0..self.scopes.len() {
            let depth = self.scopes[s].depth;
            if depth >= e.depth {
                continue;
            }
            let below = &self.names[depth + 1 - self.base..];
            let c = &all[self.scopes[s].constraint];
            if c.selector.iter().any(|p| matches_elements(p, below)) {
                self.select(all, s, e, &mut problems);
            }
        }
        // The element's own constraints; a selector `.` chooses the element itself.
        for &c in e.constraints {
            self.scopes.push(Scope {
                constraint: c,
                depth: e.depth,
                owner: e.qname.to_owned(),
                seen: HashMap::new(),
            });
            let s = self.scopes.len() - 1;
            if all
                .get(c)
                .is_some_and(|c| c.selector.iter().any(|p| matches_elements(p, &[])))
            {
                self.select(all, s, e, &mut problems);
            }
        }
        problems
    }

    /// The node `e` is chosen by scope `s`'s selector: its fields that are its own attributes
    /// (or itself) are read now.
    fn select(
        &mut self,
        all: &[Constraint],
        s: usize,
        e: &Opened<'_>,
        problems: &mut Vec<(usize, String)>,
    ) {
        let Some(c) = all.get(self.scopes[s].constraint) else {
            return;
        };
        self.targets.push(Target {
            scope: s,
            depth: e.depth,
            offset: e.offset,
            qname: e.qname.to_owned(),
            values: vec![None; c.fields.len()],
            failed: false,
        });
        let t = self.targets.len() - 1;
        for (f, alternatives) in c.fields.iter().enumerate() {
            for p in alternatives.iter().filter(|p| matches_elements(p, &[])) {
                self.field_hit(t, f, p, e, problems);
            }
        }
    }

    /// Field `f` of target `t` reaches element `e` through `p`.
    fn field_hit(
        &mut self,
        t: usize,
        f: usize,
        p: &Path,
        e: &Opened<'_>,
        problems: &mut Vec<(usize, String)>,
    ) {
        match &p.attribute {
            Some(test) => {
                for value in (e.attribute)(test) {
                    self.set_field(t, f, value, e.offset, problems);
                }
            }
            None => self.captures.push(Capture {
                target: t,
                field: f,
                depth: e.depth,
            }),
        }
    }

    fn set_field(
        &mut self,
        t: usize,
        f: usize,
        value: String,
        offset: usize,
        problems: &mut Vec<(usize, String)>,
    ) {
        let Some(target) = self.targets.get_mut(t) else {
            return;
        };
        match target.values.get_mut(f) {
            Some(slot @ None) => *slot = Some(value),
            Some(Some(_)) if !target.failed => {
                target.failed = true;
                problems.push((
                    offset,
                    format!(
                        "a field of identity constraint `{}` selects more than one value for `{}`",
                        self.scopes
                            .get(target.scope)
                            .map_or("", |s| s.owner.as_str()),
                        target.qname
                    ),
                ));
            }
            _ => {}
        }
    }

    /// An element ends; `value` is its normalised simple value, when it has one.
    pub fn end(
        &mut self,
        all: &[Constraint],
        depth: usize,
        value: Option<&str>,
        lines: &dyn Fn(usize) -> usize,
    ) -> Vec<(usize, String)> {
        let mut problems = Vec::new();
        if self.scopes.is_empty() {
            return problems;
        }
        while let Some(c) = self.captures.last().filter(|c| c.depth == depth) {
            let (t, f) = (c.target, c.field);
            self.captures.pop();
            let offset = self.targets.get(t).map_or(0, |t| t.offset);
            match value {
                Some(v) => self.set_field(t, f, v.to_owned(), offset, &mut problems),
                None => problems.push((
                    offset,
                    "a field of an identity constraint selects an element without a simple value"
                        .to_owned(),
                )),
            }
        }
        while let Some(t) = self.targets.last().filter(|t| t.depth == depth) {
            let target = Target {
                scope: t.scope,
                depth: t.depth,
                offset: t.offset,
                qname: t.qname.clone(),
                values: t.values.clone(),
                failed: t.failed,
            };
            self.targets.pop();
            self.complete(all, target, lines, &mut problems);
        }
        while self.scopes.last().is_some_and(|s| s.depth == depth) {
            self.scopes.pop();
        }
        self.names.pop();
        problems
    }

    /// A selected node's fields are all read: its key sequence must be new in its scope.
    fn complete(
        &mut self,
        all: &[Constraint],
        t: Target,
        lines: &dyn Fn(usize) -> usize,
        problems: &mut Vec<(usize, String)>,
    ) {
        let Some(scope) = self.scopes.get_mut(t.scope) else {
            return;
        };
        let Some(c) = all.get(scope.constraint) else {
            return;
        };
        if t.failed {
            return;
        }
        let missing = t.values.iter().position(Option::is_none);
        if let Some(f) = missing {
            if c.is_key {
                problems.push((
                    t.offset,
                    format!(
                        "`{}` has no value for the field `{}` of key `{}` (of `{}`): every element the key selects needs one",
                        t.qname,
                        c.field_texts.get(f).map_or("", String::as_str),
                        c.name,
                        scope.owner
                    ),
                ));
            }
            return;
        }
        let key: Vec<String> = t.values.into_iter().flatten().collect();
        match scope.seen.get(&key) {
            Some(&first) => problems.push((
                t.offset,
                format!(
                    "`{}` has the same {} (`{}`) as the element on line {} in the same `{}`: {} `{}` requires them to differ",
                    t.qname,
                    c.field_texts
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    key.join("`, `"),
                    lines(first),
                    scope.owner,
                    if c.is_key { "key" } else { "unique constraint" },
                    c.name,
                ),
            )),
            None => {
                scope.seen.insert(key, t.offset);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_prefix(p: &str) -> Option<String> {
        (p == "l").then(|| "urn:l".to_owned())
    }

    #[test]
    fn xpath_subset() {
        let p = compile(".//l:a/*|b", false, &no_prefix).unwrap_or_default();
        assert_eq!(p.len(), 2);
        assert!(p[0].descendant);
        assert_eq!(p[0].steps.len(), 2);
        assert_eq!(p[1].steps, vec![NameTest::Name(ExpName::new("", "b"))]);
        let f = compile("@uniqueElementName", true, &no_prefix).unwrap_or_default();
        assert_eq!(f[0].steps, vec![]);
        assert!(f[0].attribute.is_some());
        let dot = compile(".", true, &no_prefix).unwrap_or_default();
        assert_eq!(dot[0].steps, vec![]);
        assert!(dot[0].attribute.is_none());
        for bad in ["@a", "x:a", "a/@b/c", "", "a[1]"] {
            assert!(compile(bad, false, &no_prefix).is_err(), "{bad}");
        }
        assert!(compile("a/@b", true, &no_prefix).is_ok());
        assert!(compile("child::a/attribute::b", true, &no_prefix).is_ok());
    }
}
