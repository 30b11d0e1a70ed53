//! Reads XSD documents and compiles them into [`Components`]: named and anonymous types,
//! element and attribute declarations, model and attribute groups expanded where they are
//! referenced, content models compiled to automata.
//!
//! Components are built on demand: every global declaration and named type gets an index first,
//! so that references (including recursive ones such as an `item` that contains `item`s) are
//! resolved by name to an index before the referenced component is built.

use super::builtins::{self, Builtin, WhiteSpace};
use super::content::{Automaton, Particle, ParticleKind};
use super::dom::{self, Node};
use super::identity::{self, Constraint};
use super::model::{
    AttrId, AttributeDecl, AttributeUse, ComplexType, Components, Content, ElemId, ElementDecl,
    Model, NsConstraint, Process, Term, TypeDef, TypeId, Wildcard, ANY_TYPE, XS_NS,
};
use super::reader::{decode, split_qname, ExpName, LineIndex};
use super::regex::Regex;
use super::simple::{Facets, SimpleType, Variety};
use super::SchemaError;
use std::collections::HashMap;
use std::sync::Arc;

/// Group references nest at most this deep (a guard against reference cycles).
const MAX_GROUP_DEPTH: usize = 64;

/// One schema document, parsed.
struct Doc {
    file: String,
    text: String,
    root: Node,
    target_ns: String,
    elements_qualified: bool,
    attributes_qualified: bool,
}

/// Compiles schema documents given as (file name, bytes).
pub(crate) fn compile(docs: &[(&str, &[u8])]) -> Result<Components, SchemaError> {
    let mut parsed = Vec::with_capacity(docs.len());
    for (file, bytes) in docs {
        parsed.push(read_doc(file, bytes)?);
    }
    check_imports(&parsed)?;
    let mut loader = Loader::new(&parsed);
    loader.register()?;
    loader.build_all()?;
    Ok(loader.comps)
}

fn read_doc(file: &str, bytes: &[u8]) -> Result<Doc, SchemaError> {
    let located = |text: &str, offset: usize, message: String| {
        let (line, column) = LineIndex::new(text).line_col(offset);
        SchemaError {
            file: file.to_owned(),
            line,
            column,
            message,
        }
    };
    let text = decode(bytes)
        .map_err(|e| SchemaError {
            file: file.to_owned(),
            line: e.line,
            column: e.column,
            message: e.message,
        })?
        .into_owned();
    let root = dom::parse(&text).map_err(|e| located(&text, e.offset, e.message))?;
    if root.name != ExpName::new(XS_NS, "schema") {
        return Err(located(
            &text,
            root.offset,
            format!("the root element is `{}`, not `xs:schema`", root.name.local),
        ));
    }
    let target_ns = root.attr("targetNamespace").unwrap_or_default().to_owned();
    let elements_qualified = root.attr("elementFormDefault") == Some("qualified");
    let attributes_qualified = root.attr("attributeFormDefault") == Some("qualified");
    Ok(Doc {
        file: file.to_owned(),
        text,
        root,
        target_ns,
        elements_qualified,
        attributes_qualified,
    })
}

fn error_at(doc: &Doc, node: &Node, message: impl Into<String>) -> SchemaError {
    let (line, column) = LineIndex::new(&doc.text).line_col(node.offset);
    SchemaError {
        file: doc.file.clone(),
        line,
        column,
        message: message.into(),
    }
}

/// Every `xs:import` must name one of the given documents, by the last path segment of its
/// `schemaLocation` or by namespace; every `xs:include` one of the same target namespace, by
/// its path. The documents are given flat, each once: an include or import only checks that
/// what it names is there.
fn check_imports(docs: &[Doc]) -> Result<(), SchemaError> {
    for doc in docs {
        for node in &doc.root.children {
            if &*node.name.ns != XS_NS {
                continue;
            }
            match node.name.local.as_str() {
                "import" => {
                    let ns = node.attr("namespace").unwrap_or_default();
                    let by_file = node.attr("schemaLocation").is_some_and(|loc| {
                        let name = loc.rsplit(['/', '\\']).next().unwrap_or(loc);
                        docs.iter()
                            .any(|d| d.file.rsplit(['/', '\\']).next() == Some(name))
                    });
                    let by_ns = docs.iter().any(|d| d.target_ns == ns);
                    if !by_file && !by_ns {
                        return Err(error_at(
                            doc,
                            node,
                            format!(
                                "the import of namespace `{ns}` ({}) is not among the given schema documents",
                                node.attr("schemaLocation").unwrap_or("no schemaLocation")
                            ),
                        ));
                    }
                }
                "include" => {
                    let location = node.attr("schemaLocation").unwrap_or_default();
                    let Some(included) = find_document(docs, &doc.file, location) else {
                        return Err(error_at(
                            doc,
                            node,
                            format!("the included schema `{location}` is not among the given schema documents"),
                        ));
                    };
                    if included.target_ns != doc.target_ns {
                        return Err(error_at(
                            doc,
                            node,
                            format!(
                                "the included schema `{location}` has another target namespace (`{}`); including a schema without one (a chameleon include) is not supported",
                                included.target_ns
                            ),
                        ));
                    }
                }
                "redefine" => return Err(error_at(doc, node, "`xs:redefine` is not supported")),
                _ => {}
            }
        }
    }
    Ok(())
}

/// The document `location` names from the document `from` (both paths relative to one
/// folder): the document at the resolved path, or, failing that, the only one with the same
/// file name.
fn find_document<'d>(docs: &'d [Doc], from: &str, location: &str) -> Option<&'d Doc> {
    let folder = from.rfind('/').map_or("", |i| &from[..=i]);
    let joined = format!("{folder}{location}");
    let mut segments: Vec<&str> = Vec::new();
    for s in joined.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let path = segments.join("/");
    if let Some(d) = docs.iter().find(|d| d.file == path) {
        return Some(d);
    }
    let name = location.rsplit(['/', '\\']).next().unwrap_or(location);
    let mut same = docs
        .iter()
        .filter(|d| d.file.rsplit(['/', '\\']).next() == Some(name));
    match (same.next(), same.next()) {
        (Some(d), None) => Some(d),
        _ => None,
    }
}

/// Where a global component is defined.
type Defs<'a> = HashMap<ExpName, (&'a Doc, &'a Node)>;

struct Loader<'a> {
    docs: &'a [Doc],
    comps: Components,
    /// Build state of each type: 0 not built, 1 being built, 2 built.
    state: Vec<u8>,
    /// Where each named type is defined, by index.
    type_nodes: HashMap<TypeId, (&'a Doc, &'a Node)>,
    /// The particle (or `all` group) of each complex type, for extensions.
    models: HashMap<TypeId, ModelSrc>,
    elements: Defs<'a>,
    attributes: Defs<'a>,
    groups: Defs<'a>,
    attribute_groups: Defs<'a>,
}

/// A complex type's content model before compilation.
#[derive(Clone, Debug)]
enum ModelSrc {
    None,
    Regular(Particle),
    All {
        members: Vec<(ElemId, bool)>,
        optional: bool,
    },
}

/// A complex type's attributes while they are being collected.
#[derive(Default)]
struct AttrSet {
    uses: Vec<AttributeUse>,
    wildcard: Option<Wildcard>,
    prohibited: Vec<ExpName>,
}

impl<'a> Loader<'a> {
    fn new(docs: &'a [Doc]) -> Self {
        Loader {
            docs,
            comps: Components::default(),
            state: Vec::new(),
            type_nodes: HashMap::new(),
            models: HashMap::new(),
            elements: HashMap::new(),
            attributes: HashMap::new(),
            groups: HashMap::new(),
            attribute_groups: HashMap::new(),
        }
    }

    fn push_type(&mut self, def: TypeDef, built: bool) -> TypeId {
        self.comps.types.push(def);
        self.state.push(if built { 2 } else { 0 });
        self.comps.types.len() - 1
    }

    /// Registers anyType, the built-ins and every global definition.
    fn register(&mut self) -> Result<(), SchemaError> {
        let any = Particle {
            min: 0,
            max: None,
            kind: ParticleKind::Term(Term::Any(Wildcard {
                namespaces: NsConstraint::Any,
                process: Process::Lax,
            })),
        };
        let automaton = Automaton::compile(&any).map_err(|_| SchemaError {
            file: String::new(),
            line: 1,
            column: 1,
            message: "cannot build xs:anyType".to_owned(),
        })?;
        let any_type = self.push_type(
            TypeDef::Complex(ComplexType {
                base: None,
                attributes: Vec::new(),
                attribute_wildcard: Some(Wildcard {
                    namespaces: NsConstraint::Any,
                    process: Process::Lax,
                }),
                content: Content::Elements {
                    model: Model::Regular(automaton),
                    mixed: true,
                },
            }),
            true,
        );
        debug_assert_eq!(any_type, ANY_TYPE);
        self.comps
            .global_types
            .insert(ExpName::new(XS_NS, "anyType"), ANY_TYPE);
        self.models.insert(ANY_TYPE, ModelSrc::Regular(any));

        let mut builtin_ids: HashMap<&'static str, TypeId> = HashMap::new();
        for b in builtins::ALL {
            let base = b.base().and_then(|p| builtin_ids.get(p.name()).copied());
            let id = self.push_type(
                TypeDef::Simple(SimpleType {
                    base: Some(base.unwrap_or(ANY_TYPE)),
                    variety: Variety::Atomic,
                    builtin: b,
                    facets: Vec::new(),
                    whitespace: b.whitespace(),
                    normalize_first: false,
                }),
                true,
            );
            builtin_ids.insert(b.name(), id);
            self.comps
                .global_types
                .insert(ExpName::new(XS_NS, b.name()), id);
        }
        for (name, item) in builtins::LISTS {
            let Some(&item_id) = builtin_ids.get(item.name()) else {
                continue;
            };
            let base = builtin_ids.get("anySimpleType").copied();
            let id = self.push_type(
                TypeDef::Simple(SimpleType {
                    base,
                    variety: Variety::List(item_id),
                    builtin: Builtin::AnySimpleType,
                    facets: vec![Facets {
                        min_length: Some(1),
                        ..Facets::default()
                    }],
                    whitespace: WhiteSpace::Collapse,
                    normalize_first: true,
                }),
                true,
            );
            self.comps
                .global_types
                .insert(ExpName::new(XS_NS, name), id);
        }

        let docs = self.docs;
        for doc in docs {
            for node in &doc.root.children {
                if &*node.name.ns != XS_NS {
                    continue;
                }
                let kind = node.name.local.as_str();
                if !matches!(
                    kind,
                    "element"
                        | "attribute"
                        | "complexType"
                        | "simpleType"
                        | "group"
                        | "attributeGroup"
                ) {
                    continue;
                }
                let Some(name) = node.attr("name") else {
                    return Err(error_at(
                        doc,
                        node,
                        format!("a global `xs:{kind}` needs a name"),
                    ));
                };
                let key = ExpName::new(&doc.target_ns, name);
                let table = match kind {
                    "element" => &mut self.elements,
                    "attribute" => &mut self.attributes,
                    "group" => &mut self.groups,
                    "attributeGroup" => &mut self.attribute_groups,
                    _ => {
                        if self.comps.global_types.contains_key(&key) {
                            return Err(error_at(
                                doc,
                                node,
                                format!("the type `{name}` is defined twice"),
                            ));
                        }
                        let placeholder = TypeDef::Complex(ComplexType {
                            base: None,
                            attributes: Vec::new(),
                            attribute_wildcard: None,
                            content: Content::Empty,
                        });
                        let id = self.push_type(placeholder, false);
                        self.comps.global_types.insert(key, id);
                        self.type_nodes.insert(id, (doc, node));
                        continue;
                    }
                };
                if table.insert(key, (doc, node)).is_some() {
                    return Err(error_at(
                        doc,
                        node,
                        format!("the {kind} `{name}` is defined twice"),
                    ));
                }
            }
        }
        // Indexes for global elements and attributes, filled in by build_all.
        let mut names: Vec<ExpName> = self.elements.keys().cloned().collect();
        names.sort();
        for name in names {
            self.comps.elements.push(ElementDecl {
                name: name.clone(),
                type_id: ANY_TYPE,
                nillable: false,
                fixed: None,
                default: None,
                constraints: Vec::new(),
            });
            let id = self.comps.elements.len() - 1;
            self.comps.global_elements.insert(name, id);
        }
        let mut names: Vec<ExpName> = self.attributes.keys().cloned().collect();
        names.sort();
        for name in names {
            self.comps.attributes.push(AttributeDecl {
                name: name.clone(),
                type_id: ANY_TYPE,
                fixed: None,
                default: None,
            });
            let id = self.comps.attributes.len() - 1;
            self.comps.global_attributes.insert(name, id);
        }
        Ok(())
    }

    fn build_all(&mut self) -> Result<(), SchemaError> {
        let mut ids: Vec<TypeId> = self.type_nodes.keys().copied().collect();
        ids.sort_unstable();
        for id in ids {
            self.build_type(id)?;
        }
        let mut globals: Vec<(ExpName, ElemId)> = self
            .comps
            .global_elements
            .iter()
            .map(|(n, &i)| (n.clone(), i))
            .collect();
        globals.sort();
        for (name, id) in globals {
            if let Some(&(doc, node)) = self.elements.get(&name) {
                let decl = self.element_decl(doc, node, name)?;
                if let Some(slot) = self.comps.elements.get_mut(id) {
                    *slot = decl;
                }
            }
        }
        let mut globals: Vec<(ExpName, AttrId)> = self
            .comps
            .global_attributes
            .iter()
            .map(|(n, &i)| (n.clone(), i))
            .collect();
        globals.sort();
        for (name, id) in globals {
            if let Some(&(doc, node)) = self.attributes.get(&name) {
                let decl = self.attribute_decl(doc, node, name)?;
                if let Some(slot) = self.comps.attributes.get_mut(id) {
                    *slot = decl;
                }
            }
        }
        Ok(())
    }

    /// Resolves a QName written in a schema attribute.
    fn qname(&self, doc: &Doc, node: &Node, value: &str) -> Result<ExpName, SchemaError> {
        let value = value.trim();
        let (prefix, local) = split_qname(value)
            .ok_or_else(|| error_at(doc, node, format!("`{value}` is not a QName")))?;
        let ns = match node.lookup(prefix.unwrap_or_default()) {
            Some(ns) => ns,
            None if prefix.is_none() => "",
            None => {
                return Err(error_at(
                    doc,
                    node,
                    format!("the prefix of `{value}` is not declared"),
                ))
            }
        };
        Ok(ExpName::new(ns, local))
    }

    /// The type a QName names.
    fn type_ref(&self, doc: &Doc, node: &Node, value: &str) -> Result<TypeId, SchemaError> {
        let name = self.qname(doc, node, value)?;
        match self.comps.global_types.get(&name) {
            Some(&id) => Ok(id),
            None if &*name.ns == XS_NS => Err(error_at(
                doc,
                node,
                format!("the built-in type `xs:{}` is not supported", name.local),
            )),
            None => Err(error_at(
                doc,
                node,
                format!("the type `{value}` is not defined"),
            )),
        }
    }

    fn build_type(&mut self, id: TypeId) -> Result<(), SchemaError> {
        match self.state.get(id) {
            Some(2) | None => return Ok(()),
            Some(1) => {
                let (doc, node) = self
                    .type_nodes
                    .get(&id)
                    .copied()
                    .ok_or_else(|| SchemaError {
                        file: String::new(),
                        line: 1,
                        column: 1,
                        message: "a type derives from itself".to_owned(),
                    })?;
                return Err(error_at(doc, node, "the type derives from itself"));
            }
            Some(_) => {}
        }
        let Some(&(doc, node)) = self.type_nodes.get(&id) else {
            return Ok(());
        };
        if let Some(s) = self.state.get_mut(id) {
            *s = 1;
        }
        let def = if node.name.local == "simpleType" {
            TypeDef::Simple(self.simple_type(doc, node)?)
        } else {
            TypeDef::Complex(self.complex_type(doc, node, id)?)
        };
        if let Some(slot) = self.comps.types.get_mut(id) {
            *slot = def;
        }
        if let Some(s) = self.state.get_mut(id) {
            *s = 2;
        }
        Ok(())
    }

    /// Builds an anonymous type defined inline and returns its index.
    fn anonymous_type(&mut self, doc: &'a Doc, node: &'a Node) -> Result<TypeId, SchemaError> {
        let placeholder = TypeDef::Complex(ComplexType {
            base: None,
            attributes: Vec::new(),
            attribute_wildcard: None,
            content: Content::Empty,
        });
        let id = self.push_type(placeholder, false);
        self.type_nodes.insert(id, (doc, node));
        self.build_type(id)?;
        Ok(id)
    }

    /// The simple type a `base`/`itemType` attribute or an inline `xs:simpleType` child names.
    fn simple_ref(
        &mut self,
        doc: &'a Doc,
        node: &'a Node,
        attr: &str,
    ) -> Result<TypeId, SchemaError> {
        let id = match node.attr(attr) {
            Some(q) => self.type_ref(doc, node, q)?,
            None => match node.children_named(XS_NS, "simpleType").next() {
                Some(inline) => self.anonymous_type(doc, inline)?,
                None => {
                    return Err(error_at(
                        doc,
                        node,
                        format!(
                            "`xs:{}` needs `{attr}` or an inline simple type",
                            node.name.local
                        ),
                    ))
                }
            },
        };
        self.build_type(id)?;
        Ok(id)
    }

    fn simple_type(&mut self, doc: &'a Doc, node: &'a Node) -> Result<SimpleType, SchemaError> {
        let body = node
            .children
            .iter()
            .find(|c| &*c.name.ns == XS_NS && c.name.local != "annotation")
            .ok_or_else(|| {
                error_at(
                    doc,
                    node,
                    "an `xs:simpleType` needs a restriction, list or union",
                )
            })?;
        match body.name.local.as_str() {
            "restriction" => {
                let base_id = self.simple_ref(doc, body, "base")?;
                let Some(base) = self.comps.simple(base_id).cloned() else {
                    return Err(error_at(
                        doc,
                        body,
                        "a simple type must restrict a simple type",
                    ));
                };
                self.restrict(doc, body, base_id, &base)
            }
            "list" => {
                let item = self.simple_ref(doc, body, "itemType")?;
                Ok(SimpleType {
                    base: self
                        .comps
                        .global_types
                        .get(&ExpName::new(XS_NS, "anySimpleType"))
                        .copied(),
                    variety: Variety::List(item),
                    builtin: Builtin::AnySimpleType,
                    facets: Vec::new(),
                    whitespace: WhiteSpace::Collapse,
                    normalize_first: true,
                })
            }
            "union" => {
                let mut members = Vec::new();
                if let Some(list) = body.attr("memberTypes") {
                    for q in list.split_whitespace() {
                        let id = self.type_ref(doc, body, q)?;
                        self.build_type(id)?;
                        members.push(id);
                    }
                }
                for inline in body.children_named(XS_NS, "simpleType") {
                    members.push(self.anonymous_type(doc, inline)?);
                }
                Ok(SimpleType {
                    base: self
                        .comps
                        .global_types
                        .get(&ExpName::new(XS_NS, "anySimpleType"))
                        .copied(),
                    variety: Variety::Union(members),
                    builtin: Builtin::AnySimpleType,
                    facets: Vec::new(),
                    whitespace: WhiteSpace::Collapse,
                    normalize_first: false,
                })
            }
            other => Err(error_at(
                doc,
                body,
                format!("unexpected `xs:{other}` in a simple type"),
            )),
        }
    }

    /// A restriction step of `base` with the facets written under `node`.
    fn restrict(
        &mut self,
        doc: &Doc,
        node: &Node,
        base_id: TypeId,
        base: &SimpleType,
    ) -> Result<SimpleType, SchemaError> {
        let mut facets = Facets::default();
        let mut whitespace = base.whitespace;
        let mut normalize_first = base.normalize_first;
        for f in &node.children {
            if &*f.name.ns != XS_NS {
                continue;
            }
            let value = || {
                f.attr("value")
                    .map(str::to_owned)
                    .ok_or_else(|| error_at(doc, f, format!("`xs:{}` needs a value", f.name.local)))
            };
            let number = || -> Result<usize, SchemaError> {
                value()?.trim().parse().map_err(|_| {
                    error_at(
                        doc,
                        f,
                        format!("`xs:{}` needs a whole number", f.name.local),
                    )
                })
            };
            match f.name.local.as_str() {
                "annotation" | "simpleType" | "attribute" | "attributeGroup" | "anyAttribute" => {}
                "length" => facets.length = Some(number()?),
                "minLength" => facets.min_length = Some(number()?),
                "maxLength" => facets.max_length = Some(number()?),
                "totalDigits" => facets.total_digits = Some(number()?),
                "fractionDigits" => facets.fraction_digits = Some(number()?),
                "minInclusive" => facets.min_inclusive = Some(value()?),
                "maxInclusive" => facets.max_inclusive = Some(value()?),
                "minExclusive" => facets.min_exclusive = Some(value()?),
                "maxExclusive" => facets.max_exclusive = Some(value()?),
                "enumeration" => {
                    normalize_first = true;
                    facets
                        .enumeration
                        .get_or_insert_with(Vec::new)
                        .push(value()?);
                }
                "whiteSpace" => {
                    whitespace = WhiteSpace::from_name(value()?.trim())
                        .ok_or_else(|| error_at(doc, f, "unknown whiteSpace value"))?;
                }
                "pattern" => {
                    normalize_first = true;
                    let source = value()?;
                    let regex = Regex::new(&source).map_err(|e| {
                        error_at(
                            doc,
                            f,
                            format!("the pattern `{source}` cannot be used: {e}"),
                        )
                    })?;
                    facets
                        .patterns
                        .get_or_insert_with(Vec::new)
                        .push(Arc::new(regex));
                }
                other => {
                    return Err(error_at(
                        doc,
                        f,
                        format!("unexpected `xs:{other}` in a restriction"),
                    ))
                }
            }
        }
        let mut all = base.facets.clone();
        if !facets.is_empty() {
            all.push(facets);
        }
        Ok(SimpleType {
            base: Some(base_id),
            variety: base.variety.clone(),
            builtin: base.builtin,
            facets: all,
            whitespace,
            normalize_first,
        })
    }

    fn complex_type(
        &mut self,
        doc: &'a Doc,
        node: &'a Node,
        id: TypeId,
    ) -> Result<ComplexType, SchemaError> {
        let mut mixed = node.attr("mixed").is_some_and(is_true);
        let body = node
            .children
            .iter()
            .find(|c| &*c.name.ns == XS_NS && c.name.local != "annotation");
        let mut attrs = AttrSet::default();
        let (base, content_src) = match body.map(|b| (b, b.name.local.as_str())) {
            Some((b, "simpleContent")) => {
                let (base, content) = self.simple_content(doc, b, &mut attrs)?;
                self.models.insert(id, ModelSrc::None);
                return Ok(ComplexType {
                    base: Some(base),
                    attributes: attrs.uses,
                    attribute_wildcard: attrs.wildcard,
                    content,
                });
            }
            Some((b, "complexContent")) => {
                if let Some(m) = b.attr("mixed") {
                    mixed = is_true(m);
                }
                let (derivation, base_id) = self.derivation(doc, b, "xs:complexContent")?;
                let (base_uses, base_wildcard) = match self.comps.types.get(base_id) {
                    Some(TypeDef::Complex(c)) => {
                        (c.attributes.clone(), c.attribute_wildcard.clone())
                    }
                    _ => {
                        return Err(error_at(
                            doc,
                            derivation,
                            "complex content must derive from a complex type",
                        ))
                    }
                };
                let own = self.model_of(doc, &derivation.children)?;
                self.attributes_of(doc, &derivation.children, &mut attrs, 0)?;
                let model = if derivation.name.local == "extension" {
                    let base_model = self.models.get(&base_id).cloned().unwrap_or(ModelSrc::None);
                    attrs.uses = merge_uses(&self.comps, base_uses, attrs.uses, &[]);
                    if attrs.wildcard.is_none() {
                        attrs.wildcard = base_wildcard;
                    }
                    match (base_model, own) {
                        (ModelSrc::None, m) | (m, ModelSrc::None) => m,
                        (ModelSrc::Regular(a), ModelSrc::Regular(b)) => {
                            ModelSrc::Regular(Particle::once(ParticleKind::Sequence(vec![a, b])))
                        }
                        _ => {
                            return Err(error_at(
                                doc,
                                derivation,
                                "extending an `xs:all` content model is not supported",
                            ))
                        }
                    }
                } else {
                    let own_uses = std::mem::take(&mut attrs.uses);
                    attrs.uses = merge_uses(&self.comps, base_uses, own_uses, &attrs.prohibited);
                    own
                };
                (Some(base_id), model)
            }
            _ => {
                let model = self.model_of(doc, &node.children)?;
                self.attributes_of(doc, &node.children, &mut attrs, 0)?;
                let own = std::mem::take(&mut attrs.uses);
                attrs.uses = merge_uses(&self.comps, Vec::new(), own, &attrs.prohibited);
                (Some(ANY_TYPE), model)
            }
        };
        self.models.insert(id, content_src.clone());
        let content = self.content(doc, node, content_src, mixed)?;
        Ok(ComplexType {
            base,
            attributes: attrs.uses,
            attribute_wildcard: attrs.wildcard,
            content,
        })
    }

    fn content(
        &self,
        doc: &Doc,
        node: &Node,
        src: ModelSrc,
        mixed: bool,
    ) -> Result<Content, SchemaError> {
        let model = match src {
            ModelSrc::None => None,
            ModelSrc::Regular(p) if p.is_empty() => None,
            ModelSrc::Regular(p) => {
                Some(Model::Regular(Automaton::compile(&p).map_err(|_| {
                    error_at(doc, node, "the content model is too large to compile")
                })?))
            }
            ModelSrc::All { members, optional } => Some(Model::All { members, optional }),
        };
        Ok(match (model, mixed) {
            (Some(model), mixed) => Content::Elements { model, mixed },
            (None, true) => {
                let empty = Particle::once(ParticleKind::Sequence(Vec::new()));
                let automaton = Automaton::compile(&empty).map_err(|_| {
                    error_at(doc, node, "the content model is too large to compile")
                })?;
                Content::Elements {
                    model: Model::Regular(automaton),
                    mixed: true,
                }
            }
            (None, false) => Content::Empty,
        })
    }

    /// The `xs:extension` or `xs:restriction` of a `what` (`xs:simpleContent` or
    /// `xs:complexContent`) node, and its base type, compiled.
    fn derivation(
        &mut self,
        doc: &'a Doc,
        node: &'a Node,
        what: &str,
    ) -> Result<(&'a Node, TypeId), SchemaError> {
        let derivation = node
            .children
            .iter()
            .find(|c| &*c.name.ns == XS_NS && c.name.local != "annotation")
            .ok_or_else(|| {
                error_at(
                    doc,
                    node,
                    format!("`{what}` needs an extension or restriction"),
                )
            })?;
        let base_q = derivation
            .attr("base")
            .ok_or_else(|| error_at(doc, derivation, "a derivation needs a base"))?;
        let base_id = self.type_ref(doc, derivation, base_q)?;
        self.build_type(base_id)?;
        Ok((derivation, base_id))
    }

    /// `xs:simpleContent`: the content's simple type and the attributes.
    fn simple_content(
        &mut self,
        doc: &'a Doc,
        node: &'a Node,
        attrs: &mut AttrSet,
    ) -> Result<(TypeId, Content), SchemaError> {
        let (derivation, base_id) = self.derivation(doc, node, "xs:simpleContent")?;
        self.attributes_of(doc, &derivation.children, attrs, 0)?;
        let (base_content, base_uses, base_wildcard) =
            match self.comps.types.get(base_id) {
                Some(TypeDef::Simple(_)) => (base_id, Vec::new(), None),
                Some(TypeDef::Complex(ComplexType {
                    content: Content::Simple(s),
                    attributes,
                    attribute_wildcard,
                    ..
                })) => (*s, attributes.clone(), attribute_wildcard.clone()),
                _ => return Err(error_at(
                    doc,
                    derivation,
                    "simple content must derive from a simple type or a type with simple content",
                )),
            };
        let own = std::mem::take(&mut attrs.uses);
        attrs.uses = merge_uses(&self.comps, base_uses, own, &attrs.prohibited);
        let content_type = if derivation.name.local == "extension" {
            if attrs.wildcard.is_none() {
                attrs.wildcard = base_wildcard;
            }
            base_content
        } else {
            let Some(base) = self.comps.simple(base_content).cloned() else {
                return Err(error_at(
                    doc,
                    derivation,
                    "simple content needs a simple type",
                ));
            };
            let st = self.restrict(doc, derivation, base_content, &base)?;
            self.push_type(TypeDef::Simple(st), true)
        };
        Ok((base_id, Content::Simple(content_type)))
    }

    /// The content model among `children` (a group reference, sequence, choice or all).
    fn model_of(&mut self, doc: &'a Doc, children: &'a [Node]) -> Result<ModelSrc, SchemaError> {
        let Some(node) = children.iter().find(|c| {
            &*c.name.ns == XS_NS
                && matches!(
                    c.name.local.as_str(),
                    "group" | "sequence" | "choice" | "all"
                )
        }) else {
            return Ok(ModelSrc::None);
        };
        if node.name.local == "all" {
            return self.all_group(doc, node);
        }
        if node.name.local == "group" {
            if let Some((gdoc, gnode)) = self.group_def(doc, node)? {
                if let Some(inner) = gnode
                    .children
                    .iter()
                    .find(|c| &*c.name.ns == XS_NS && c.name.local == "all")
                {
                    return self.all_group(gdoc, inner);
                }
            }
        }
        Ok(ModelSrc::Regular(self.particle(doc, node, 0)?))
    }

    fn all_group(&mut self, doc: &'a Doc, node: &'a Node) -> Result<ModelSrc, SchemaError> {
        let (min, _) = occurs(doc, node)?;
        let mut members = Vec::new();
        for c in &node.children {
            if &*c.name.ns != XS_NS || c.name.local == "annotation" {
                continue;
            }
            if c.name.local != "element" {
                return Err(error_at(doc, c, "an `xs:all` group may hold only elements"));
            }
            let (cmin, cmax) = occurs(doc, c)?;
            if cmax.is_some_and(|m| m > 1) || cmax.is_none() {
                return Err(error_at(
                    doc,
                    c,
                    "an element in `xs:all` may occur at most once",
                ));
            }
            if cmax == Some(0) {
                continue;
            }
            let id = self.element_particle(doc, c)?;
            members.push((id, cmin > 0));
        }
        Ok(ModelSrc::All {
            members,
            optional: min == 0,
        })
    }

    fn group_def(
        &self,
        doc: &Doc,
        node: &Node,
    ) -> Result<Option<(&'a Doc, &'a Node)>, SchemaError> {
        let Some(r) = node.attr("ref") else {
            return Ok(None);
        };
        let name = self.qname(doc, node, r)?;
        self.groups
            .get(&name)
            .copied()
            .map(Some)
            .ok_or_else(|| error_at(doc, node, format!("the group `{r}` is not defined")))
    }

    fn particle(
        &mut self,
        doc: &'a Doc,
        node: &'a Node,
        depth: usize,
    ) -> Result<Particle, SchemaError> {
        if depth > MAX_GROUP_DEPTH {
            return Err(error_at(
                doc,
                node,
                "groups nest too deeply (a group refers to itself?)",
            ));
        }
        let (min, max) = occurs(doc, node)?;
        let kind = match node.name.local.as_str() {
            "element" => ParticleKind::Term(Term::Element(self.element_particle(doc, node)?)),
            "any" => ParticleKind::Term(Term::Any(wildcard(doc, node))),
            "sequence" | "choice" => {
                let mut parts = Vec::new();
                for c in &node.children {
                    if &*c.name.ns != XS_NS || c.name.local == "annotation" {
                        continue;
                    }
                    if !matches!(
                        c.name.local.as_str(),
                        "element" | "any" | "sequence" | "choice" | "group"
                    ) {
                        return Err(error_at(
                            doc,
                            c,
                            format!("unexpected `xs:{}` in a model group", c.name.local),
                        ));
                    }
                    parts.push(self.particle(doc, c, depth + 1)?);
                }
                if node.name.local == "sequence" {
                    libxml2_repeat_before_wildcard(&mut parts);
                    ParticleKind::Sequence(parts)
                } else {
                    ParticleKind::Choice(parts)
                }
            }
            "group" => {
                let Some((gdoc, gnode)) = self.group_def(doc, node)? else {
                    return Err(error_at(doc, node, "a group reference needs `ref`"));
                };
                let inner = gnode
                    .children
                    .iter()
                    .find(|c| &*c.name.ns == XS_NS && c.name.local != "annotation")
                    .ok_or_else(|| error_at(gdoc, gnode, "an empty group definition"))?;
                if inner.name.local == "all" {
                    return Err(error_at(
                        doc,
                        node,
                        "an `xs:all` group may only be a type's whole content",
                    ));
                }
                let p = self.particle(gdoc, inner, depth + 1)?;
                ParticleKind::Sequence(vec![p])
            }
            other => {
                return Err(error_at(
                    doc,
                    node,
                    format!("unexpected `xs:{other}` in a content model"),
                ))
            }
        };
        Ok(Particle { min, max, kind })
    }

    /// The declaration an `xs:element` particle uses: a global one (`ref`) or a new local one.
    fn element_particle(&mut self, doc: &'a Doc, node: &'a Node) -> Result<ElemId, SchemaError> {
        if let Some(r) = node.attr("ref") {
            let name = self.qname(doc, node, r)?;
            return self
                .comps
                .global_elements
                .get(&name)
                .copied()
                .ok_or_else(|| error_at(doc, node, format!("the element `{r}` is not declared")));
        }
        let local = node
            .attr("name")
            .ok_or_else(|| error_at(doc, node, "a local element needs a name or a ref"))?;
        let qualified = match node.attr("form") {
            Some(f) => f == "qualified",
            None => doc.elements_qualified,
        };
        let ns = if qualified {
            doc.target_ns.as_str()
        } else {
            ""
        };
        let decl = self.element_decl(doc, node, ExpName::new(ns, local))?;
        self.comps.elements.push(decl);
        Ok(self.comps.elements.len() - 1)
    }

    fn element_decl(
        &mut self,
        doc: &'a Doc,
        node: &'a Node,
        name: ExpName,
    ) -> Result<ElementDecl, SchemaError> {
        if node.attr("substitutionGroup").is_some() {
            return Err(error_at(doc, node, "substitution groups are not supported"));
        }
        let type_id = if let Some(t) = node.attr("type") {
            self.type_ref(doc, node, t)?
        } else if let Some(inline) = node.children.iter().find(|c| {
            &*c.name.ns == XS_NS && matches!(c.name.local.as_str(), "complexType" | "simpleType")
        }) {
            self.anonymous_type(doc, inline)?
        } else {
            ANY_TYPE
        };
        let constraints = self.identity_constraints(doc, node)?;
        Ok(ElementDecl {
            name,
            type_id,
            nillable: node.attr("nillable").is_some_and(is_true),
            fixed: node.attr("fixed").map(str::to_owned),
            default: node.attr("default").map(str::to_owned),
            constraints,
        })
    }

    /// The `xs:unique` and `xs:key` of an element declaration, compiled and stored.
    fn identity_constraints(&mut self, doc: &Doc, node: &Node) -> Result<Vec<usize>, SchemaError> {
        let mut ids = Vec::new();
        for c in &node.children {
            if &*c.name.ns != XS_NS {
                continue;
            }
            let is_key = match c.name.local.as_str() {
                "unique" => false,
                "key" => true,
                "keyref" => return Err(error_at(doc, c, "`xs:keyref` is not supported")),
                _ => continue,
            };
            let name = c
                .attr("name")
                .ok_or_else(|| error_at(doc, c, "an identity constraint needs a name"))?;
            let lookup = |prefix: &str| c.lookup(prefix).map(str::to_owned);
            let xpath = |what: &str, n: &Node| -> Result<String, SchemaError> {
                n.attr("xpath")
                    .map(str::to_owned)
                    .ok_or_else(|| error_at(doc, n, format!("`xs:{what}` needs an xpath")))
            };
            let selector_node = c
                .children_named(XS_NS, "selector")
                .next()
                .ok_or_else(|| error_at(doc, c, "an identity constraint needs `xs:selector`"))?;
            let selector_text = xpath("selector", selector_node)?;
            let selector = identity::compile(&selector_text, false, &lookup)
                .map_err(|e| error_at(doc, selector_node, e))?;
            let mut fields = Vec::new();
            let mut field_texts = Vec::new();
            for f in c.children_named(XS_NS, "field") {
                let text = xpath("field", f)?;
                fields.push(
                    identity::compile(&text, true, &lookup).map_err(|e| error_at(doc, f, e))?,
                );
                field_texts.push(text);
            }
            if fields.is_empty() {
                return Err(error_at(doc, c, "an identity constraint needs `xs:field`"));
            }
            self.comps.constraints.push(Constraint {
                name: name.to_owned(),
                is_key,
                selector,
                fields,
                field_texts,
            });
            ids.push(self.comps.constraints.len() - 1);
        }
        Ok(ids)
    }

    fn attribute_decl(
        &mut self,
        doc: &'a Doc,
        node: &'a Node,
        name: ExpName,
    ) -> Result<AttributeDecl, SchemaError> {
        let type_id = if let Some(t) = node.attr("type") {
            let id = self.type_ref(doc, node, t)?;
            // A named type may be defined further down: build it before looking at it.
            self.build_type(id)?;
            id
        } else if let Some(inline) = node.children_named(XS_NS, "simpleType").next() {
            self.anonymous_type(doc, inline)?
        } else {
            self.comps
                .global_types
                .get(&ExpName::new(XS_NS, "anySimpleType"))
                .copied()
                .unwrap_or(ANY_TYPE)
        };
        if self.comps.simple(type_id).is_none() {
            return Err(error_at(doc, node, "an attribute needs a simple type"));
        }
        Ok(AttributeDecl {
            name,
            type_id,
            fixed: node.attr("fixed").map(str::to_owned),
            default: node.attr("default").map(str::to_owned),
        })
    }

    /// Collects attribute uses, attribute group references and the attribute wildcard.
    fn attributes_of(
        &mut self,
        doc: &'a Doc,
        children: &'a [Node],
        set: &mut AttrSet,
        depth: usize,
    ) -> Result<(), SchemaError> {
        for node in children {
            if &*node.name.ns != XS_NS {
                continue;
            }
            match node.name.local.as_str() {
                "attribute" => {
                    let usage = node.attr("use").unwrap_or("optional");
                    let (decl, name) = if let Some(r) = node.attr("ref") {
                        let name = self.qname(doc, node, r)?;
                        let id = self
                            .comps
                            .global_attributes
                            .get(&name)
                            .copied()
                            .ok_or_else(|| {
                                error_at(doc, node, format!("the attribute `{r}` is not declared"))
                            })?;
                        (id, name)
                    } else {
                        let local = node.attr("name").ok_or_else(|| {
                            error_at(doc, node, "an attribute needs a name or a ref")
                        })?;
                        let qualified = match node.attr("form") {
                            Some(f) => f == "qualified",
                            None => doc.attributes_qualified,
                        };
                        let name = ExpName::new(if qualified { &doc.target_ns } else { "" }, local);
                        if usage == "prohibited" {
                            set.prohibited.push(name);
                            continue;
                        }
                        let decl = self.attribute_decl(doc, node, name.clone())?;
                        self.comps.attributes.push(decl);
                        (self.comps.attributes.len() - 1, name)
                    };
                    if usage == "prohibited" {
                        set.prohibited.push(name);
                        continue;
                    }
                    if set.uses.iter().any(|u| {
                        self.comps
                            .attributes
                            .get(u.decl)
                            .is_some_and(|d| d.name == name)
                    }) {
                        continue;
                    }
                    let declared = self.comps.attributes.get(decl);
                    let fixed = node
                        .attr("fixed")
                        .map(str::to_owned)
                        .or_else(|| declared.and_then(|d| d.fixed.clone()));
                    let default = node
                        .attr("default")
                        .map(str::to_owned)
                        .or_else(|| declared.and_then(|d| d.default.clone()));
                    set.uses.push(AttributeUse {
                        decl,
                        required: usage == "required",
                        fixed,
                        default,
                    });
                }
                "attributeGroup" => {
                    if depth > MAX_GROUP_DEPTH {
                        return Err(error_at(doc, node, "attribute groups nest too deeply"));
                    }
                    let r = node.attr("ref").ok_or_else(|| {
                        error_at(doc, node, "an attribute group reference needs `ref`")
                    })?;
                    let name = self.qname(doc, node, r)?;
                    let (gdoc, gnode) =
                        self.attribute_groups.get(&name).copied().ok_or_else(|| {
                            error_at(
                                doc,
                                node,
                                format!("the attribute group `{r}` is not defined"),
                            )
                        })?;
                    self.attributes_of(gdoc, &gnode.children, set, depth + 1)?;
                }
                "anyAttribute" if set.wildcard.is_none() => {
                    set.wildcard = Some(wildcard(doc, node));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Reproduces how libxml2 2.9 compiles a sequence in which an element particle with
/// `maxOccurs="unbounded"` (and `minOccurs` 0 or 1) is directly followed by a repeated
/// wildcard: its automaton lets the element come back after the wildcard has matched. In IMS CP,
/// `(resource*, any##other*)` thus accepts `<adlcp:location/>` followed by another `<resource>`,
/// which the recommendation forbids; xmllint accepts it, so we do too. The wildcard particle
/// `any*` becomes `(any | element)*`.
fn libxml2_repeat_before_wildcard(parts: &mut [Particle]) {
    for i in 1..parts.len() {
        let (before, after) = parts.split_at_mut(i);
        let Some(prev) = before.last() else { continue };
        let element = match &prev.kind {
            ParticleKind::Term(t @ Term::Element(_)) if prev.max.is_none() && prev.min <= 1 => {
                t.clone()
            }
            _ => continue,
        };
        if let Some(next) = after.first_mut() {
            let_element_repeat(next, &element);
        }
    }
}

/// Turns a repeated wildcard (looked for through single-particle sequences) into
/// `(wildcard | element)*`.
fn let_element_repeat(p: &mut Particle, element: &Term) {
    match &mut p.kind {
        ParticleKind::Sequence(inner) if inner.len() == 1 && p.min == 1 && p.max == Some(1) => {
            if let Some(first) = inner.first_mut() {
                let_element_repeat(first, element);
            }
        }
        ParticleKind::Term(wild @ Term::Any(_)) if p.max.is_none() => {
            let wild = wild.clone();
            p.kind = ParticleKind::Choice(vec![
                Particle::once(ParticleKind::Term(wild)),
                Particle::once(ParticleKind::Term(element.clone())),
            ]);
        }
        _ => {}
    }
}

/// Base attribute uses overridden by the derived type's, less the prohibited ones.
fn merge_uses(
    comps: &Components,
    base: Vec<AttributeUse>,
    own: Vec<AttributeUse>,
    prohibited: &[ExpName],
) -> Vec<AttributeUse> {
    let name = |u: &AttributeUse| comps.attributes.get(u.decl).map(|d| d.name.clone());
    let mut out: Vec<AttributeUse> = base
        .into_iter()
        .filter(|b| {
            let n = name(b);
            !own.iter().any(|o| name(o) == n) && !prohibited.iter().any(|p| Some(p) == n.as_ref())
        })
        .collect();
    out.extend(own);
    out
}

fn is_true(s: &str) -> bool {
    matches!(s.trim(), "true" | "1")
}

/// `minOccurs` and `maxOccurs` (`None` for unbounded).
fn occurs(doc: &Doc, node: &Node) -> Result<(u32, Option<u32>), SchemaError> {
    let parse = |attr: &str, default: u32| -> Result<Option<u32>, SchemaError> {
        match node.attr(attr).map(str::trim) {
            None => Ok(Some(default)),
            Some("unbounded") if attr == "maxOccurs" => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| error_at(doc, node, format!("`{attr}` must be a whole number"))),
        }
    };
    let min = parse("minOccurs", 1)?.unwrap_or(1);
    let max = parse("maxOccurs", 1)?;
    if max.is_some_and(|m| m < min) {
        return Err(error_at(doc, node, "`maxOccurs` is less than `minOccurs`"));
    }
    Ok((min, max))
}

fn wildcard(doc: &Doc, node: &Node) -> Wildcard {
    let process = match node.attr("processContents").map(str::trim) {
        Some("lax") => Process::Lax,
        Some("skip") => Process::Skip,
        _ => Process::Strict,
    };
    let namespaces = match node.attr("namespace").map(str::trim) {
        None | Some("##any") => NsConstraint::Any,
        Some("##other") => NsConstraint::Not(doc.target_ns.clone()),
        Some(list) => NsConstraint::Set(
            list.split_whitespace()
                .map(|t| match t {
                    "##targetNamespace" => doc.target_ns.clone(),
                    "##local" => String::new(),
                    uri => uri.to_owned(),
                })
                .collect(),
        ),
    };
    Wildcard {
        namespaces,
        process,
    }
}
