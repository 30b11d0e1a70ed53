//! Validates an instance document against compiled [`Components`] in one streaming pass:
//! each element is assessed against its declaration (found through its parent's content model,
//! a wildcard, or the global declarations for the root), its attributes against the type's
//! attribute uses and wildcard, its character content against a simple type or the content
//! type, and `xs:ID` values for uniqueness across the document.
//!
//! Where libxml2 2.9 (the oracle, as `xmllint --schema`) departs from the recommendation, we
//! follow libxml2 and say so:
//! - `xs:IDREF` values are checked to be NCNames, but not resolved: libxml2's schema validator
//!   does not report an IDREF that names no ID.
//! - A CDATA section is character content even when it holds only whitespace (or nothing), so
//!   it is refused in element-only content.
//! - Whitespace in simple values: see [`super::builtins::Builtin::strips_whitespace`].

use super::content::{all_missing, StateId};
use super::identity::{NameTest, Opened, Tracker};
use super::model::{
    ComplexType, Components, Content, ElemId, Model, Process, Term, TypeDef, TypeId, XSI_NS,
};
use super::reader::{decode, is_xml_space, Event, ExpName, LineIndex, Mode, Reader, Start};
use super::simple::{check_value, shown};
use super::XsdViolation;
use std::collections::HashSet;

/// Receives a document as the reader reads it, whether or not it is being validated: the
/// element tree of the package rules is built from these calls, so that the rules and the
/// schemas see the same document.
pub(crate) trait Listener {
    /// A start tag, handed over once the validator has seen it.
    fn start(&mut self, start: Start);
    /// Character content of the innermost open element (references resolved, line ends
    /// normalised; CDATA sections included).
    fn text(&mut self, text: &str);
    fn end(&mut self);
}

/// A listener that keeps nothing.
pub(crate) struct Ignore;

impl Listener for Ignore {
    fn start(&mut self, _: Start) {}
    fn text(&mut self, _: &str) {}
    fn end(&mut self) {}
}

/// What one reading of a document found.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Every violation, in document order.
    pub violations: Vec<XsdViolation>,
    /// The well-formedness error that stopped the reading, if any (also among `violations`).
    pub broken: Option<XsdViolation>,
}

/// Reads decoded text once: every event goes to `listener`, and, from the root element on, to
/// a validator against the components `choose` picks for the root's name (none: the document
/// is only checked to be well-formed). Never panics; every problem becomes a violation.
pub(crate) fn run<'c>(
    text: &str,
    lines: &LineIndex<'_>,
    choose: &mut dyn FnMut(&Start) -> Option<&'c Components>,
    listener: &mut dyn Listener,
) -> Outcome {
    let mut validator: Option<Validator<'c, '_>> = None;
    let mut chosen = false;
    let mut broken = None;
    let mut reader = Reader::new(text, Mode::Instance);
    loop {
        match reader.next() {
            Ok(Event::Start(start)) => {
                if !chosen {
                    chosen = true;
                    validator = choose(&start).map(|c| Validator::new(c, lines));
                }
                if let Some(v) = &mut validator {
                    v.start(&reader, &start);
                }
                listener.start(start);
            }
            Ok(Event::End) => {
                listener.end();
                if let Some(v) = &mut validator {
                    v.end();
                }
            }
            Ok(Event::Text {
                text,
                cdata,
                offset,
            }) => {
                listener.text(&text);
                if let Some(v) = &mut validator {
                    v.text(&text, cdata, offset);
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                broken = Some(e);
                break;
            }
        }
    }
    let located = |offset: usize, message: String| {
        let (line, column) = lines.line_col(offset);
        XsdViolation {
            line,
            column,
            message,
        }
    };
    let mut violations: Vec<XsdViolation> = validator
        .map(|v| v.found)
        .unwrap_or_default()
        .into_iter()
        .map(|(offset, message)| located(offset, message))
        .collect();
    let broken = broken.map(|e| located(e.offset, e.message));
    violations.extend(broken.clone());
    violations.sort_by_key(|x| (x.line, x.column));
    Outcome { violations, broken }
}

/// Validates a whole document against `comps`. Never panics; every problem becomes a violation.
pub(crate) fn validate(comps: &Components, xml: &[u8]) -> Vec<XsdViolation> {
    match decode(xml) {
        Ok(text) => validate_text(comps, &text),
        Err(e) => vec![XsdViolation {
            line: e.line,
            column: e.column,
            message: e.message,
        }],
    }
}

/// Validates decoded text against `comps`.
pub(crate) fn validate_text(comps: &Components, text: &str) -> Vec<XsdViolation> {
    let lines = LineIndex::new(text);
    run(text, &lines, &mut |_| Some(comps), &mut Ignore).violations
}

struct Validator<'c, 'l> {
    comps: &'c Components,
    lines: &'l LineIndex<'l>,
    /// Violations as (byte offset, message).
    found: Vec<(usize, String)>,
    ids: HashSet<String>,
    stack: Vec<Frame>,
    /// The identity constraints in force.
    identity: Tracker,
}

/// An open element.
struct Frame {
    qname: String,
    ns: std::sync::Arc<str>,
    offset: usize,
    kind: Kind,
}

/// How an open element is being assessed.
enum Kind {
    /// Not assessed (a `skip` wildcard, or after an error that makes its content meaningless).
    Skip,
    /// No declaration, reached through a `lax` wildcard: children with a global declaration
    /// are assessed, the rest laxly too.
    Lax,
    /// Assessed against a type.
    Typed(Typed),
}

struct Typed {
    type_id: TypeId,
    /// Where the content model is.
    state: ModelState,
    /// A content error was reported: no more content-model errors for this element.
    failed: bool,
    /// Character content, for simple content.
    text: String,
    text_reported: bool,
    has_children: bool,
    nil: bool,
    fixed: Option<String>,
    default: Option<String>,
}

enum ModelState {
    None,
    Regular(StateId),
    All(Vec<ElemId>),
}

impl<'c, 'l> Validator<'c, 'l> {
    fn new(comps: &'c Components, lines: &'l LineIndex<'l>) -> Self {
        Validator {
            comps,
            lines,
            found: Vec::new(),
            ids: HashSet::new(),
            stack: Vec::new(),
            identity: Tracker::default(),
        }
    }

    fn report(&mut self, offset: usize, message: String) {
        self.found.push((offset, message));
    }

    fn complex(&self, id: TypeId) -> Option<&'c ComplexType> {
        match self.comps.types.get(id) {
            Some(TypeDef::Complex(c)) => Some(c),
            _ => None,
        }
    }

    fn start(&mut self, reader: &Reader<'_>, s: &Start) {
        let comps = self.comps;
        let decl = self.child_declaration(s);
        let (kind, declared) = match decl {
            Found::Decl(id) => (self.enter(reader, s, id), comps.elements.get(id)),
            Found::Lax => {
                self.lax_attributes(reader, s);
                (Kind::Lax, None)
            }
            Found::Skip => (Kind::Skip, None),
        };
        let type_id = match &kind {
            Kind::Typed(t) => Some(t.type_id),
            _ => None,
        };
        let depth = self.stack.len();
        self.stack.push(Frame {
            qname: s.qname.clone(),
            ns: s.name.ns.clone(),
            offset: s.offset,
            kind,
        });
        let constraints = declared.map_or(&[][..], |d| d.constraints.as_slice());
        if !self.identity.is_idle() || !constraints.is_empty() {
            let has_prefix = |p: &str| reader.lookup(p).is_some();
            let attribute =
                |test: &NameTest| attribute_values(comps, s, type_id, test, &has_prefix);
            let opened = Opened {
                depth,
                ns: &s.name.ns,
                local: &s.name.local,
                qname: &s.qname,
                offset: s.offset,
                constraints,
                attribute: &attribute,
            };
            let problems = self.identity.start(&comps.constraints, &opened);
            self.found.extend(problems);
        }
    }

    /// Finds how the parent (or, for the root, the global declarations) admits the element.
    fn child_declaration(&mut self, s: &Start) -> Found {
        let comps = self.comps;
        let found = &mut self.found;
        let Some(parent) = self.stack.last_mut() else {
            return match comps.global_elements.get(&s.name) {
                Some(&id) => Found::Decl(id),
                None => {
                    let mut message = format!(
                        "the root element `{}` is not declared in the schemas ({})",
                        s.qname,
                        namespace_name(&s.name.ns)
                    );
                    let mut same_name: Vec<&str> = comps
                        .global_elements
                        .keys()
                        .filter(|n| n.local == s.name.local)
                        .map(|n| &*n.ns)
                        .collect();
                    same_name.sort_unstable();
                    if let Some(ns) = same_name.first() {
                        message.push_str(&format!(
                            "; `{}` is declared in {}",
                            s.name.local,
                            namespace_name(ns)
                        ));
                    }
                    found.push((s.offset, message));
                    Found::Skip
                }
            };
        };
        let Frame {
            qname: parent_qname,
            ns: parent_ns,
            kind,
            ..
        } = parent;
        let typed = match kind {
            Kind::Skip => return Found::Skip,
            Kind::Lax => {
                return match comps.global_elements.get(&s.name) {
                    Some(&id) => Found::Decl(id),
                    None => Found::Lax,
                }
            }
            Kind::Typed(t) => t,
        };
        typed.has_children = true;
        if typed.nil {
            let message = format!("`{parent_qname}` is nil (`xsi:nil`) and must be empty");
            found.push((s.offset, message));
            return Found::Skip;
        }
        let content = match comps.types.get(typed.type_id) {
            Some(TypeDef::Complex(c)) => &c.content,
            _ => {
                let message = format!(
                    "element `{}` is not allowed in `{parent_qname}`, which holds text only",
                    s.qname
                );
                found.push((s.offset, message));
                return Found::Skip;
            }
        };
        match content {
            Content::Empty => {
                let message = format!(
                    "element `{}` is not allowed in `{parent_qname}`, which must be empty",
                    s.qname
                );
                found.push((s.offset, message));
                Found::Skip
            }
            Content::Simple(_) => {
                let message = format!(
                    "element `{}` is not allowed in `{parent_qname}`, which holds text only",
                    s.qname
                );
                found.push((s.offset, message));
                Found::Skip
            }
            Content::Elements { model, .. } => {
                if typed.failed {
                    return Found::Skip;
                }
                let matches = |t: &Term| match t {
                    Term::Element(e) => comps.elements.get(*e).is_some_and(|d| d.name == s.name),
                    Term::Any(w) => w.admits(&s.name.ns),
                };
                let outcome = match (model, &mut typed.state) {
                    (Model::Regular(a), ModelState::Regular(state)) => {
                        match a.step(*state, &matches) {
                            Some((term, next)) => {
                                *state = next;
                                Ok(match term {
                                    Term::Element(e) => Hit::Element(*e),
                                    Term::Any(w) => Hit::Any(w.process),
                                })
                            }
                            None => Err(describe_expected(
                                comps,
                                a.expected(*state).into_iter().cloned().collect(),
                                a.accepts(*state),
                                parent_qname,
                                parent_ns,
                                Some(&s.name),
                            )),
                        }
                    }
                    (Model::All { members, .. }, ModelState::All(seen)) => {
                        let hit = members.iter().find(|(e, _)| {
                            comps.elements.get(*e).is_some_and(|d| d.name == s.name)
                        });
                        match hit {
                            Some((e, _)) if !seen.contains(e) => {
                                seen.push(*e);
                                Ok(Hit::Element(*e))
                            }
                            _ => {
                                let open: Vec<Term> = members
                                    .iter()
                                    .filter(|(e, _)| !seen.contains(e))
                                    .map(|(e, _)| Term::Element(*e))
                                    .collect();
                                let done = all_missing(members, seen).is_empty();
                                Err(describe_expected(
                                    comps,
                                    open,
                                    done,
                                    parent_qname,
                                    parent_ns,
                                    Some(&s.name),
                                ))
                            }
                        }
                    }
                    _ => Err("nothing".to_owned()),
                };
                match outcome {
                    Ok(Hit::Element(e)) => Found::Decl(e),
                    Ok(Hit::Any(process)) => match (process, comps.global_elements.get(&s.name)) {
                        (Process::Skip, _) => Found::Skip,
                        (_, Some(&id)) => Found::Decl(id),
                        (Process::Lax, None) => Found::Lax,
                        (Process::Strict, None) => {
                            let message = format!(
                                "element `{}` is not declared in the schemas{}; the place it is in requires a declaration",
                                s.qname,
                                if s.name.ns.is_empty() {
                                    String::new()
                                } else {
                                    format!(" (namespace `{}`)", s.name.ns)
                                }
                            );
                            found.push((s.offset, message));
                            Found::Skip
                        }
                    },
                    Err(expected) => {
                        typed.failed = true;
                        let message = format!(
                            "element `{}` is not allowed here; expected {expected}",
                            s.qname
                        );
                        found.push((s.offset, message));
                        Found::Skip
                    }
                }
            }
        }
    }

    /// Starts assessing an element against declaration `id`.
    fn enter(&mut self, reader: &Reader<'_>, s: &Start, id: ElemId) -> Kind {
        let comps = self.comps;
        let Some(decl) = comps.elements.get(id) else {
            return Kind::Skip;
        };
        let mut type_id = decl.type_id;
        let mut nil = false;
        for a in s.attrs.iter().filter(|a| &*a.name.ns == XSI_NS) {
            match a.name.local.as_str() {
                "type" => match self.xsi_type(reader, &a.value) {
                    Some(t) if comps.derives_from(t, decl.type_id) => type_id = t,
                    Some(_) => {
                        let message = format!(
                            "`xsi:type` on `{}` names type `{}`, which does not derive from the declared type",
                            s.qname, a.value
                        );
                        self.report(s.offset, message);
                        return Kind::Skip;
                    }
                    None => {
                        let message = format!(
                            "`xsi:type` on `{}` names type `{}`, which is not defined",
                            s.qname, a.value
                        );
                        self.report(s.offset, message);
                        return Kind::Skip;
                    }
                },
                "nil" => {
                    let v = a.value.trim_matches(is_xml_space);
                    let value = matches!(v, "true" | "1");
                    if !matches!(v, "true" | "1" | "false" | "0") {
                        let message = format!(
                            "attribute `{}` has value `{}`; expected a boolean (true, false, 1, 0)",
                            a.qname,
                            shown(&a.value)
                        );
                        self.report(s.offset, message);
                    } else if !decl.nillable {
                        let message =
                            format!("`{}` is not nillable; remove `{}`", s.qname, a.qname);
                        self.report(s.offset, message);
                    } else {
                        nil = value;
                    }
                }
                _ => {}
            }
        }
        self.attributes(reader, s, type_id);
        let state = match self.complex(type_id).map(|c| &c.content) {
            Some(Content::Elements {
                model: Model::Regular(a),
                ..
            }) => ModelState::Regular(a.start()),
            Some(Content::Elements {
                model: Model::All { .. },
                ..
            }) => ModelState::All(Vec::new()),
            _ => ModelState::None,
        };
        Kind::Typed(Typed {
            type_id,
            state,
            failed: false,
            text: String::new(),
            text_reported: false,
            has_children: false,
            nil,
            fixed: decl.fixed.clone(),
            default: decl.default.clone(),
        })
    }

    fn xsi_type(&self, reader: &Reader<'_>, value: &str) -> Option<TypeId> {
        let v = value.trim_matches(is_xml_space);
        let (prefix, local) = match v.split_once(':') {
            Some((p, l)) => (p, l),
            None => ("", v),
        };
        let ns = reader.lookup(prefix).unwrap_or_default();
        self.comps
            .global_types
            .get(&ExpName::new(ns, local))
            .copied()
    }

    /// Checks the attributes of an element of type `type_id`.
    fn attributes(&mut self, reader: &Reader<'_>, s: &Start, type_id: TypeId) {
        let comps = self.comps;
        let has_prefix = |p: &str| reader.lookup(p).is_some();
        let Some(ct) = self.complex(type_id) else {
            for a in &s.attrs {
                if &*a.name.ns == XSI_NS && is_xsi_attribute(&a.name.local) {
                    continue;
                }
                let message = format!(
                    "attribute `{}` is not allowed on `{}`, which holds text only",
                    a.qname, s.qname
                );
                self.report(s.offset, message);
            }
            return;
        };
        for a in &s.attrs {
            if &*a.name.ns == XSI_NS && is_xsi_attribute(&a.name.local) {
                continue;
            }
            let used = ct.attributes.iter().find(|u| {
                comps
                    .attributes
                    .get(u.decl)
                    .is_some_and(|d| d.name == a.name)
            });
            let (decl, fixed) = match used {
                Some(u) => (Some(u.decl), u.fixed.clone()),
                None => match &ct.attribute_wildcard {
                    Some(w) if w.admits(&a.name.ns) => {
                        let global = comps.global_attributes.get(&a.name).copied();
                        match (w.process, global) {
                            (Process::Skip, _) | (Process::Lax, None) => (None, None),
                            (_, Some(g)) => (
                                Some(g),
                                comps.attributes.get(g).and_then(|d| d.fixed.clone()),
                            ),
                            (Process::Strict, None) => {
                                let message = format!(
                                    "attribute `{}` is not declared in the schemas{}; `{}` accepts only declared attributes from other namespaces",
                                    a.qname,
                                    if a.name.ns.is_empty() {
                                        String::new()
                                    } else {
                                        format!(" (namespace `{}`)", a.name.ns)
                                    },
                                    s.qname
                                );
                                self.report(s.offset, message);
                                continue;
                            }
                        }
                    }
                    _ => {
                        let message =
                            format!("attribute `{}` is not allowed on `{}`", a.qname, s.qname);
                        self.report(s.offset, message);
                        continue;
                    }
                },
            };
            let Some(decl) = decl.and_then(|d| comps.attributes.get(d)) else {
                continue;
            };
            let subject = || format!("attribute `{}`", a.qname);
            match check_value(comps, decl.type_id, &a.value, &has_prefix) {
                Ok(checked) => {
                    if let Some(f) = fixed {
                        if checked.value != f {
                            let message = format!(
                                "{} has value `{}`; it must be `{f}`",
                                subject(),
                                shown(&a.value)
                            );
                            self.report(s.offset, message);
                        }
                    }
                    if checked.is_id {
                        self.register_id(s.offset, &subject, &checked.value);
                    }
                }
                Err(e) => {
                    let message = e.message(&subject());
                    self.report(s.offset, message);
                }
            }
        }
        let missing: Vec<String> = ct
            .attributes
            .iter()
            .filter(|u| u.required)
            .filter_map(|u| comps.attributes.get(u.decl))
            .filter(|d| !s.attrs.iter().any(|a| a.name == d.name))
            .map(|d| d.name.local.clone())
            .collect();
        for name in missing {
            let message = format!("missing required attribute `{name}` on `{}`", s.qname);
            self.report(s.offset, message);
        }
    }

    /// Attributes of an element assessed laxly: only those with a global declaration.
    fn lax_attributes(&mut self, reader: &Reader<'_>, s: &Start) {
        let comps = self.comps;
        let has_prefix = |p: &str| reader.lookup(p).is_some();
        for a in &s.attrs {
            let Some(decl) = comps
                .global_attributes
                .get(&a.name)
                .and_then(|&g| comps.attributes.get(g))
            else {
                continue;
            };
            let subject = || format!("attribute `{}`", a.qname);
            match check_value(comps, decl.type_id, &a.value, &has_prefix) {
                Ok(checked) if checked.is_id => {
                    self.register_id(s.offset, &subject, &checked.value)
                }
                Ok(_) => {}
                Err(e) => {
                    let message = e.message(&subject());
                    self.report(s.offset, message);
                }
            }
        }
    }

    fn register_id(&mut self, offset: usize, subject: &dyn Fn() -> String, value: &str) {
        if self.ids.contains(value) {
            let message = format!(
                "duplicate ID: {} has value `{}`, which another element of the document already uses (IDs must be unique)",
                subject(),
                shown(value)
            );
            self.report(offset, message);
        } else {
            self.ids.insert(value.to_owned());
        }
    }

    fn text(&mut self, text: &str, cdata: bool, offset: usize) {
        let comps = self.comps;
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        let Kind::Typed(t) = &mut frame.kind else {
            return;
        };
        let content = match comps.types.get(t.type_id) {
            Some(TypeDef::Complex(c)) => Some(&c.content),
            _ => None,
        };
        let problem = match content {
            None | Some(Content::Simple(_)) => {
                t.text.push_str(text);
                return;
            }
            Some(Content::Elements { mixed: true, .. }) => return,
            Some(Content::Empty) => "it must be empty",
            Some(Content::Elements { mixed: false, .. }) => {
                if !cdata && text.chars().all(is_xml_space) {
                    return;
                }
                "it may contain only child elements"
            }
        };
        if t.nil && !text.is_empty() {
            t.text_reported = true;
            let message = format!("`{}` is nil (`xsi:nil`) and must be empty", frame.qname);
            self.report(offset, message);
            return;
        }
        if t.text_reported {
            return;
        }
        t.text_reported = true;
        let what = if cdata { "a CDATA section" } else { "text" };
        let message = format!("{what} is not allowed in `{}`: {problem}", frame.qname);
        self.report(offset, message);
    }

    fn end(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let depth = self.stack.len();
        let tracking = !self.identity.is_idle();
        let value = self.finish(frame, tracking);
        if tracking {
            let lines = self.lines;
            let line = |offset: usize| lines.line_col(offset).0;
            let problems =
                self.identity
                    .end(&self.comps.constraints, depth, value.as_deref(), &line);
            self.found.extend(problems);
        }
    }

    /// Checks what can be checked only once an element is complete; returns its simple value
    /// (normalised when it is valid), when it has one and `want_value` (an identity constraint
    /// may read it).
    fn finish(&mut self, frame: Frame, want_value: bool) -> Option<String> {
        let comps = self.comps;
        let Frame {
            qname,
            ns,
            offset,
            kind,
        } = frame;
        let Kind::Typed(t) = kind else { return None };
        let frame = Frame {
            qname,
            ns,
            offset,
            kind: Kind::Skip,
        };
        if t.nil {
            if !t.text.is_empty() && !t.text_reported {
                let message = format!("`{}` is nil (`xsi:nil`) and must be empty", frame.qname);
                self.report(frame.offset, message);
            }
            return None;
        }
        let content = match comps.types.get(t.type_id) {
            Some(TypeDef::Complex(c)) => match &c.content {
                Content::Simple(st) => Some(*st),
                Content::Elements { model, .. } => {
                    if !t.failed {
                        self.check_complete(&frame, model, &t.state, t.has_children);
                    }
                    None
                }
                Content::Empty => None,
            },
            Some(TypeDef::Simple(_)) => Some(t.type_id),
            None => None,
        };
        let simple = content?;
        let subject = || format!("`{}`", frame.qname);
        // An empty element takes its declaration's fixed or default value (XSD 1.0 §3.3.4, 5.1).
        let text = match t.fixed.as_ref().or(t.default.as_ref()) {
            Some(f) if t.text.is_empty() && !t.has_children => f.clone(),
            _ => t.text,
        };
        // Element content is never namespace-checked for QName prefixes here: the scope has
        // already closed; accept declared-or-not (no bundled schema has QName content).
        let any_prefix = |_: &str| true;
        match check_value(comps, simple, &text, &any_prefix) {
            Ok(checked) => {
                if let Some(f) = &t.fixed {
                    if checked.value != *f {
                        let message = format!(
                            "{} has value `{}`; it must be `{f}`",
                            subject(),
                            shown(&text)
                        );
                        self.report(frame.offset, message);
                    }
                }
                if checked.is_id {
                    self.register_id(frame.offset, &subject, &checked.value);
                }
                want_value.then(|| checked.value.into_owned())
            }
            Err(e) => {
                let message = e.message(&subject());
                self.report(frame.offset, message);
                want_value.then_some(text)
            }
        }
    }

    fn check_complete(
        &mut self,
        frame: &Frame,
        model: &Model,
        state: &ModelState,
        has_children: bool,
    ) {
        let comps = self.comps;
        let expected = match (model, state) {
            (Model::Regular(a), ModelState::Regular(state)) => {
                if a.accepts(*state) {
                    return;
                }
                a.expected(*state)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<Term>>()
            }
            (Model::All { members, optional }, ModelState::All(seen)) => {
                let missing = all_missing(members, seen);
                if missing.is_empty() || (*optional && !has_children) {
                    return;
                }
                missing.into_iter().map(Term::Element).collect()
            }
            _ => return,
        };
        let list = describe_expected(comps, expected, false, &frame.qname, &frame.ns, None);
        let message = format!(
            "missing child element in `{}`; expected {list}",
            frame.qname
        );
        self.report(frame.offset, message);
    }
}

/// The term of a content model a child matched.
enum Hit {
    Element(ElemId),
    Any(Process),
}

/// How a child was admitted.
enum Found {
    Decl(ElemId),
    Lax,
    Skip,
}

/// The values of an element's attributes that `test` admits, for an identity constraint's field:
/// those written (normalised by their declared type), then the defaults and fixed values of the
/// type's attributes that are not written.
fn attribute_values(
    comps: &Components,
    s: &Start,
    type_id: Option<TypeId>,
    test: &NameTest,
    has_prefix: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let complex = type_id.and_then(|t| match comps.types.get(t) {
        Some(TypeDef::Complex(c)) => Some(c),
        _ => None,
    });
    let uses = complex.map_or(&[][..], |c| c.attributes.as_slice());
    let declared = |name: &ExpName| {
        uses.iter()
            .filter_map(|u| comps.attributes.get(u.decl))
            .find(|d| d.name == *name)
            .or_else(|| {
                comps
                    .global_attributes
                    .get(name)
                    .and_then(|&g| comps.attributes.get(g))
            })
    };
    let mut values = Vec::new();
    for a in s
        .attrs
        .iter()
        .filter(|a| test.admits(&a.name.ns, &a.name.local))
    {
        let value = match declared(&a.name) {
            Some(d) => check_value(comps, d.type_id, &a.value, has_prefix)
                .map_or_else(|_| a.value.clone(), |c| c.value.into_owned()),
            None => a.value.clone(),
        };
        values.push(value);
    }
    for u in uses {
        let Some(d) = comps.attributes.get(u.decl) else {
            continue;
        };
        let written = s.attrs.iter().any(|a| a.name == d.name);
        if written || !test.admits(&d.name.ns, &d.name.local) {
            continue;
        }
        if let Some(v) = u.fixed.as_ref().or(u.default.as_ref()) {
            values.push(v.clone());
        }
    }
    values
}

fn is_xsi_attribute(local: &str) -> bool {
    matches!(
        local,
        "type" | "nil" | "schemaLocation" | "noNamespaceSchemaLocation"
    )
}

/// "`file`, `dependency` or the end of `resource`".
fn describe_expected(
    comps: &Components,
    terms: Vec<Term>,
    can_end: bool,
    parent: &str,
    parent_ns: &str,
    child: Option<&ExpName>,
) -> String {
    let mut items: Vec<String> = Vec::new();
    // A child with the right local name in the wrong namespace deserves a word.
    let mut namespace_hint = None;
    for t in &terms {
        if let (Term::Element(e), Some(child)) = (t, child) {
            if let Some(d) = comps.elements.get(*e) {
                if d.name.local == child.local && d.name.ns != child.ns {
                    namespace_hint = Some(format!(
                        " (`{}` is expected in {}, but this one is in {})",
                        d.name.local,
                        namespace_name(&d.name.ns),
                        namespace_name(&child.ns)
                    ));
                }
            }
        }
    }
    for t in terms {
        let item = match t {
            Term::Element(e) => match comps.elements.get(e) {
                Some(d) if &*d.name.ns == parent_ns || d.name.ns.is_empty() => {
                    format!("`{}`", d.name.local)
                }
                Some(d) => format!("`{}` (namespace `{}`)", d.name.local, d.name.ns),
                None => continue,
            },
            Term::Any(w) => w.describe(),
        };
        if !items.contains(&item) {
            items.push(item);
        }
    }
    if can_end {
        items.push(format!("the end of `{parent}`"));
    }
    let list = match items.len() {
        0 => format!("nothing inside `{parent}`"),
        1 => items.remove(0),
        n => {
            let last = items.remove(n - 1);
            format!("{} or {last}", items.join(", "))
        }
    };
    list + namespace_hint.as_deref().unwrap_or_default()
}

fn namespace_name(ns: &str) -> String {
    if ns.is_empty() {
        "no namespace".to_owned()
    } else {
        format!("namespace `{ns}`")
    }
}
