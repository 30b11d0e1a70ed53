//! The compiled schema components: element and attribute declarations, simple and complex
//! type definitions, wildcards and content models, stored in arenas and referred to by index.

use super::content::Automaton;
use super::identity::Constraint;
use super::reader::ExpName;
use super::simple::SimpleType;
use std::collections::HashMap;

/// The XML Schema namespace.
pub(crate) const XS_NS: &str = "http://www.w3.org/2001/XMLSchema";
/// The XML Schema instance namespace (`xsi:type`, `xsi:nil`, …).
pub(crate) const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Index of a type definition in [`Components::types`].
pub(crate) type TypeId = usize;
/// Index of an element declaration in [`Components::elements`].
pub(crate) type ElemId = usize;
/// Index of an attribute declaration in [`Components::attributes`].
pub(crate) type AttrId = usize;

/// `xs:anyType` is always the first type.
pub(crate) const ANY_TYPE: TypeId = 0;

/// Every component of a compiled schema set.
#[derive(Debug, Default)]
pub(crate) struct Components {
    pub types: Vec<TypeDef>,
    pub elements: Vec<ElementDecl>,
    pub attributes: Vec<AttributeDecl>,
    pub global_elements: HashMap<ExpName, ElemId>,
    pub global_attributes: HashMap<ExpName, AttrId>,
    pub global_types: HashMap<ExpName, TypeId>,
    /// The identity constraints (`xs:unique`, `xs:key`) element declarations refer to.
    pub constraints: Vec<Constraint>,
}

/// An element declaration, global or local.
#[derive(Debug, Clone)]
pub(crate) struct ElementDecl {
    pub name: ExpName,
    pub type_id: TypeId,
    pub nillable: bool,
    pub fixed: Option<String>,
    /// The value an empty element takes.
    pub default: Option<String>,
    /// Its identity constraints, as indexes into [`Components::constraints`].
    pub constraints: Vec<usize>,
}

/// An attribute declaration, global or local.
#[derive(Debug, Clone)]
pub(crate) struct AttributeDecl {
    pub name: ExpName,
    pub type_id: TypeId,
    pub fixed: Option<String>,
    pub default: Option<String>,
}

/// An attribute as a complex type uses it.
#[derive(Debug, Clone)]
pub(crate) struct AttributeUse {
    pub decl: AttrId,
    pub required: bool,
    /// A `fixed` given on the use (or inherited from the declaration).
    pub fixed: Option<String>,
    /// A `default` given on the use (or inherited from the declaration).
    pub default: Option<String>,
}

/// A type definition.
#[derive(Debug)]
pub(crate) enum TypeDef {
    Simple(SimpleType),
    Complex(ComplexType),
}

/// A complex type definition.
#[derive(Debug)]
pub(crate) struct ComplexType {
    /// The base type, for `xsi:type` derivation checks.
    pub base: Option<TypeId>,
    pub attributes: Vec<AttributeUse>,
    pub attribute_wildcard: Option<Wildcard>,
    pub content: Content,
}

/// What a complex type allows inside its element.
#[derive(Debug)]
pub(crate) enum Content {
    /// No children, no character content.
    Empty,
    /// Character content of a simple type, no children.
    Simple(TypeId),
    /// Children matched by a content model, with or without character content.
    Elements { model: Model, mixed: bool },
}

/// A compiled content model.
#[derive(Debug)]
pub(crate) enum Model {
    /// Sequences, choices and their repetitions, as an automaton.
    Regular(Automaton),
    /// An `xs:all` group: each element at most once, in any order.
    All {
        members: Vec<(ElemId, bool)>,
        optional: bool,
    },
}

/// A term of a content model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Term {
    Element(ElemId),
    Any(Wildcard),
}

/// `xs:any` / `xs:anyAttribute`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Wildcard {
    pub namespaces: NsConstraint,
    pub process: Process,
}

/// Which namespaces a wildcard admits (the empty string stands for "no namespace").
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NsConstraint {
    Any,
    /// `##other`: any namespace except this one (and except no namespace).
    Not(String),
    /// A list of namespaces, `##local` included as "".
    Set(Vec<String>),
}

/// `processContents`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Process {
    Strict,
    Lax,
    Skip,
}

impl Wildcard {
    pub fn admits(&self, ns: &str) -> bool {
        match &self.namespaces {
            NsConstraint::Any => true,
            NsConstraint::Not(target) => !ns.is_empty() && ns != target,
            NsConstraint::Set(set) => set.iter().any(|s| s == ns),
        }
    }

    /// How the wildcard reads in a message.
    pub fn describe(&self) -> String {
        match &self.namespaces {
            NsConstraint::Any => "any element".to_owned(),
            NsConstraint::Not(_) => "an element from another namespace".to_owned(),
            NsConstraint::Set(set) => {
                let names: Vec<String> = set
                    .iter()
                    .map(|s| {
                        if s.is_empty() {
                            "no namespace".to_owned()
                        } else {
                            format!("`{s}`")
                        }
                    })
                    .collect();
                format!("an element in namespace {}", names.join(" or "))
            }
        }
    }
}

impl Components {
    pub fn simple(&self, id: TypeId) -> Option<&SimpleType> {
        match self.types.get(id) {
            Some(TypeDef::Simple(s)) => Some(s),
            _ => None,
        }
    }

    /// Whether `derived` is `base` or derives from it, following base types.
    pub fn derives_from(&self, derived: TypeId, base: TypeId) -> bool {
        let mut current = Some(derived);
        let mut steps = 0;
        while let Some(id) = current {
            if id == base || base == ANY_TYPE {
                return true;
            }
            steps += 1;
            if steps > 256 {
                return false;
            }
            current = match self.types.get(id) {
                Some(TypeDef::Complex(c)) => c.base,
                Some(TypeDef::Simple(s)) => s.base,
                None => None,
            };
        }
        false
    }
}
