//! Writes the mutation corpus used by `tests/oracle/xsd_agreement.sh`.
//!
//! ```sh
//! cargo run --release --example mutate_manifests -- OUT_DIR
//! ```
//!
//! Every seed manifest (valid against the official XSDs) is read into a small element tree with
//! quick-xml, and many mutated copies are written as `OUT_DIR/<schemas>/<seed>-<nnn>-<mutation>.xml`.
//! `<schemas>` names the schemas the oracle validates the document against, chosen as coursepack
//! chooses them from the root element: `scorm12`, `tincan`, `cmi5`, `scorm2004` (with `lom.xsd`)
//! or `scorm2004-loose` (with `lomLoose.xsd`, when the root's `xsi:schemaLocation` names
//! `lomLoose.xsd` or `lomCustom.xsd` for the LOM namespace); see `scorm2004::route` and
//! `cmi5::route`. The corpus
//! is deterministic: the only source of choice is a fixed-seed splitmix64 generator seeded from
//! the seed and operator names, so every run writes the same files with the same bytes.
//!
//! The generator does not decide whether a mutant is valid: the oracle script asks xmllint, and
//! coursepack's verdict must match it. Many operators are aimed at places where the answer is not
//! obvious (wildcards with `processContents="strict"`, `xs:all`, mixed content, facets counted in
//! characters, whitespace handling of `xs:ID` and `xs:boolean`, ...).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::Reader;

#[path = "mutate_manifests/scorm2004.rs"]
mod scorm2004;

#[path = "mutate_manifests/cmi5.rs"]
mod cmi5;

const IMSCP: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
const ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
const IMSMD: &str = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1";
const TINCAN: &str = "http://projecttincan.com/tincan.xsd";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const FOREIGN: &str = "urn:example:coursepack:foreign";

const SCORM12_SEEDS: &[(&str, &str)] = &[
    (
        "storyline",
        "tests/fixtures/realworld/scorm12-articulate-storyline-send-to-url/imsmanifest.xml",
    ),
    (
        "golf",
        "tests/fixtures/realworld/rustici-golf/scorm12/real_golf_runtime.xml",
    ),
    (
        "every-block",
        "tests/fixtures/golden/every-block.imsmanifest.xml",
    ),
    (
        "per-lesson",
        "tests/fixtures/golden/every-block-per-lesson.imsmanifest.xml",
    ),
];

const SCORM2004_SEEDS: &[(&str, &str)] = &[
    (
        "cts",
        "tests/fixtures/realworld/scorm2004-adl-cts-co-02a/imsmanifest.xml",
    ),
    (
        "rise",
        "tests/fixtures/realworld/scorm2004-articulate-rise-search-experience/imsmanifest.xml",
    ),
    (
        "ispring",
        "tests/fixtures/realworld/scorm2004-ispring-hebrew-presentation/imsmanifest.xml",
    ),
    (
        "reload",
        "tests/fixtures/realworld/scorm2004-reload-editor-sscs/imsmanifest.xml",
    ),
    (
        "golf4",
        "tests/fixtures/realworld/scorm2004-rustici-golf-posttest-rollup-4th/imsmanifest.xml",
    ),
    (
        "wisconline",
        "tests/fixtures/realworld/scorm2004-wisconline-memory-match/imsmanifest.xml",
    ),
    (
        "minimal",
        "tests/fixtures/packages/valid-scorm2004/imsmanifest.xml",
    ),
    (
        "sequencing",
        "tests/fixtures/packages/valid-scorm2004-sequencing/imsmanifest.xml",
    ),
];

const TINCAN_SEEDS: &[(&str, &str)] = &[
    (
        "bleeding",
        "tests/fixtures/realworld/tincan-articulate-storyline-bleeding-course/tincan.xml",
    ),
    (
        "adapt",
        "tests/fixtures/realworld/tincan-adapt-xapi-demo-module/tincan.xml",
    ),
    (
        "golf",
        "tests/fixtures/realworld/rustici-golf/tincan/real_golf_tcapi.xml",
    ),
];

const CMI5_SEEDS: &[(&str, &str)] = &[
    (
        "catapult",
        "tests/fixtures/realworld/cmi5-adl-catapult-pre-post-test-framed/cmi5.xml",
    ),
    (
        "rise",
        "tests/fixtures/realworld/cmi5-articulate-rise-test3/cmi5.xml",
    ),
    (
        "ispring",
        "tests/fixtures/realworld/cmi5-ispring-addictive-substances/cmi5.xml",
    ),
    ("complex", "tests/fixtures/cmi5-spec/complex-cmi5.xml"),
    ("extended", "tests/fixtures/cmi5-spec/extended-cmi5.xml"),
    ("everything", "tests/fixtures/packages/valid-cmi5/cmi5.xml"),
];

// ---------------------------------------------------------------------------------------------
// Element tree
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Elem(Elem),
    /// Character data exactly as written (escaped), including entity and character references.
    Text(String),
    /// Markup kept verbatim: comments, CDATA sections, processing instructions, the XML
    /// declaration, fragments inserted by a mutation.
    Raw(String),
}

#[derive(Clone, Debug, PartialEq)]
struct Elem {
    /// Qualified name as written (`adlcp:masteryscore`).
    name: String,
    /// Attributes in document order, values unescaped.
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Clone, Debug)]
struct Doc {
    bom: bool,
    before: Vec<Node>,
    root: Elem,
    after: Vec<Node>,
}

fn parse(src: &str) -> Result<Doc, String> {
    let (bom, src) = match src.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, src),
    };
    let mut reader = Reader::from_str(src);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Elem> = Vec::new();
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut root: Option<Elem> = None;

    loop {
        let start = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.error_position()))?;
        let end = reader.buffer_position() as usize;
        let raw = &src[start..end];
        let node = match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name =
                    String::from_utf8(e.name().as_ref().to_vec()).map_err(|e| e.to_string())?;
                let mut attrs = Vec::new();
                for attr in e.attributes() {
                    let attr = attr.map_err(|e| e.to_string())?;
                    let key =
                        String::from_utf8(attr.key.as_ref().to_vec()).map_err(|e| e.to_string())?;
                    let value = attr
                        .unescape_value()
                        .map_err(|e| e.to_string())?
                        .into_owned();
                    attrs.push((key, value));
                }
                let elem = Elem {
                    name,
                    attrs,
                    children: Vec::new(),
                };
                if raw.ends_with("/>") {
                    Node::Elem(elem)
                } else {
                    stack.push(elem);
                    continue;
                }
            }
            Event::End(_) => {
                let elem = stack.pop().ok_or("unbalanced end tag")?;
                Node::Elem(elem)
            }
            Event::Text(_) | Event::GeneralRef(_) => Node::Text(raw.to_string()),
            Event::CData(_)
            | Event::Comment(_)
            | Event::PI(_)
            | Event::Decl(_)
            | Event::DocType(_) => Node::Raw(raw.to_string()),
        };
        if let Some(parent) = stack.last_mut() {
            parent.children.push(node);
        } else if let Node::Elem(elem) = node {
            if root.is_some() {
                return Err("more than one root element".into());
            }
            root = Some(elem);
        } else if root.is_none() {
            before.push(node);
        } else {
            after.push(node);
        }
    }
    Ok(Doc {
        bom,
        before,
        root: root.ok_or("no root element")?,
        after,
    })
}

fn escape_attr(value: &str) -> String {
    // Only what must be escaped: line breaks stay literal so that attribute-value normalisation
    // treats them exactly as in the seed.
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn write_node(node: &Node, out: &mut String) {
    match node {
        Node::Elem(e) => write_elem(e, out),
        Node::Text(t) | Node::Raw(t) => out.push_str(t),
    }
}

fn write_elem(e: &Elem, out: &mut String) {
    out.push('<');
    out.push_str(&e.name);
    for (k, v) in &e.attrs {
        let _ = write!(out, " {k}=\"{}\"", escape_attr(v));
    }
    if e.children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in &e.children {
        write_node(c, out);
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

impl Doc {
    fn serialize(&self) -> String {
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        for n in &self.before {
            write_node(n, &mut out);
        }
        write_elem(&self.root, &mut out);
        for n in &self.after {
            write_node(n, &mut out);
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }

    fn elem(&self, path: &[usize]) -> &Elem {
        let mut e = &self.root;
        for &i in path {
            match &e.children[i] {
                Node::Elem(c) => e = c,
                _ => panic!("path does not lead to an element"),
            }
        }
        e
    }

    fn elem_mut(&mut self, path: &[usize]) -> &mut Elem {
        let mut e = &mut self.root;
        for &i in path {
            match &mut e.children[i] {
                Node::Elem(c) => e = c,
                _ => panic!("path does not lead to an element"),
            }
        }
        e
    }

    /// Every element in document order with its resolved namespace.
    fn infos(&self) -> Vec<Info> {
        let mut out = Vec::new();
        let mut scopes: Vec<Vec<(String, String)>> = vec![vec![
            (String::new(), String::new()),
            (
                "xml".to_string(),
                "http://www.w3.org/XML/1998/namespace".to_string(),
            ),
        ]];
        walk(&self.root, &mut Vec::new(), &mut scopes, &mut out);
        out
    }

    fn find(&self, ns: &str, local: &str) -> Vec<Info> {
        self.infos()
            .into_iter()
            .filter(|i| i.ns == ns && i.local == local)
            .collect()
    }

    fn first(&self, ns: &str, local: &str) -> Option<Info> {
        self.find(ns, local).into_iter().next()
    }

    fn remove(&mut self, path: &[usize]) {
        let (parent, idx) = path.split_at(path.len() - 1);
        self.elem_mut(parent).children.remove(idx[0]);
    }

    /// Inserts `node` right after the node at `path`, on its own line like its siblings.
    fn insert_after(&mut self, path: &[usize], node: Node) {
        let (parent, idx) = path.split_at(path.len() - 1);
        let idx = idx[0];
        let parent = self.elem_mut(parent);
        let indent = match idx.checked_sub(1).map(|i| &parent.children[i]) {
            Some(Node::Text(t)) if t.trim().is_empty() => t.clone(),
            _ => String::new(),
        };
        parent.children.insert(idx + 1, node);
        if !indent.is_empty() {
            parent.children.insert(idx + 1, Node::Text(indent));
        }
    }

    /// Inserts `node` right before the node at `path`.
    fn insert_before(&mut self, path: &[usize], node: Node) {
        let (parent, idx) = path.split_at(path.len() - 1);
        let idx = idx[0];
        let parent = self.elem_mut(parent);
        let indent = match idx.checked_sub(1).map(|i| &parent.children[i]) {
            Some(Node::Text(t)) if t.trim().is_empty() => t.clone(),
            _ => String::new(),
        };
        if !indent.is_empty() {
            parent.children.insert(idx, Node::Text(indent));
        }
        parent.children.insert(idx, node);
    }

    /// Appends `node` as the last child (before the closing tag's indentation).
    fn append(&mut self, path: &[usize], node: Node) {
        let depth = path.len();
        let parent = self.elem_mut(path);
        let inner = format!("\n{}", "  ".repeat(depth + 1));
        match parent.children.last() {
            Some(Node::Text(t)) if t.trim().is_empty() => {
                let at = parent.children.len() - 1;
                parent.children.insert(at, node);
                parent.children.insert(at, Node::Text(inner));
            }
            None => {
                parent.children.push(Node::Text(inner));
                parent.children.push(node);
                parent
                    .children
                    .push(Node::Text(format!("\n{}", "  ".repeat(depth))));
            }
            _ => parent.children.push(node),
        }
    }

    fn set_attr(&mut self, path: &[usize], name: &str, value: &str) {
        let e = self.elem_mut(path);
        match e.attrs.iter_mut().find(|(k, _)| k == name) {
            Some((_, v)) => *v = value.to_string(),
            None => e.attrs.push((name.to_string(), value.to_string())),
        }
    }

    fn attr(&self, path: &[usize], name: &str) -> Option<String> {
        self.elem(path)
            .attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    /// Replaces the element's content by `raw` (already escaped markup).
    fn set_content(&mut self, path: &[usize], raw: &str) {
        let e = self.elem_mut(path);
        e.children = vec![Node::Text(raw.to_string())];
    }

    /// Prefix bound to `uri` on the root element, if any.
    fn prefix_for(&self, uri: &str) -> Option<String> {
        self.root.attrs.iter().find_map(|(k, v)| {
            (v == uri)
                .then(|| k.strip_prefix("xmlns:").map(str::to_string))
                .flatten()
        })
    }
}

#[derive(Clone, Debug)]
struct Info {
    path: Vec<usize>,
    ns: String,
    local: String,
    prefix: String,
    has_elem_children: bool,
    text_only: bool,
}

fn split_qname(name: &str) -> (&str, &str) {
    match name.split_once(':') {
        Some((p, l)) => (p, l),
        None => ("", name),
    }
}

fn walk(
    e: &Elem,
    path: &mut Vec<usize>,
    scopes: &mut Vec<Vec<(String, String)>>,
    out: &mut Vec<Info>,
) {
    let mut scope = Vec::new();
    for (k, v) in &e.attrs {
        if k == "xmlns" {
            scope.push((String::new(), v.clone()));
        } else if let Some(p) = k.strip_prefix("xmlns:") {
            scope.push((p.to_string(), v.clone()));
        }
    }
    scopes.push(scope);
    let (prefix, local) = split_qname(&e.name);
    let ns = scopes
        .iter()
        .rev()
        .flat_map(|s| s.iter())
        .find(|(p, _)| p == prefix)
        .map(|(_, u)| u.clone())
        .unwrap_or_default();
    let has_elem_children = e.children.iter().any(|c| matches!(c, Node::Elem(_)));
    let text_only = !has_elem_children
        && e.children.iter().any(|c| match c {
            Node::Text(t) => !t.trim().is_empty(),
            Node::Raw(r) => r.starts_with("<![CDATA[") && r.len() > "<![CDATA[]]>".len(),
            Node::Elem(_) => false,
        });
    out.push(Info {
        path: path.clone(),
        ns,
        local: local.to_string(),
        prefix: prefix.to_string(),
        has_elem_children,
        text_only,
    });
    for (i, c) in e.children.iter().enumerate() {
        if let Node::Elem(child) = c {
            path.push(i);
            walk(child, path, scopes, out);
            path.pop();
        }
    }
    scopes.pop();
}

fn is_ns_decl(name: &str) -> bool {
    name == "xmlns" || name.starts_with("xmlns:")
}

// ---------------------------------------------------------------------------------------------
// Deterministic choice
// ---------------------------------------------------------------------------------------------

struct SplitMix(u64);

impl SplitMix {
    fn new(parts: &[&str]) -> Self {
        // FNV-1a over the parts: the stream depends only on the names, never on the run.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for p in parts {
            for b in p.bytes().chain(std::iter::once(0xff)) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        SplitMix(h)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn shuffle<T>(rng: &mut SplitMix, v: &mut [T]) {
    for i in (1..v.len()).rev() {
        let j = rng.below(i + 1);
        v.swap(i, j);
    }
}

/// What `Gen::pick` spreads its choices over.
trait Keyed {
    fn key(&self) -> String;
}

impl Keyed for Info {
    fn key(&self) -> String {
        format!("{{{}}}{}", self.ns, self.local)
    }
}

impl Keyed for (Info, String) {
    fn key(&self) -> String {
        format!("{}@{}", self.0.key(), self.1)
    }
}

impl Keyed for (Vec<usize>, usize, usize, String, String) {
    fn key(&self) -> String {
        format!("{}/{}", self.3, self.4)
    }
}

// ---------------------------------------------------------------------------------------------
// Corpus writer
// ---------------------------------------------------------------------------------------------

struct Gen {
    kind: &'static str,
    seed: &'static str,
    orig: Doc,
    orig_text: String,
    seen: BTreeSet<String>,
    /// (mutation, bytes, the folder of the schemas it is validated against).
    out: Vec<(String, Vec<u8>, &'static str)>,
    /// The folder a mutated document goes to.
    route: fn(&Doc) -> &'static str,
    /// The seed's folder (for mutants made as bytes).
    home: &'static str,
    /// Byte-level mutants already written (the encodings).
    seen_bytes: BTreeSet<Vec<u8>>,
    /// (index of this seed, number of seeds, copies): a schema-aware operator that applies to
    /// every seed is kept on `copies` of the seeds only, chosen from its name, so the corpus does
    /// not repeat the same change four times. `None` keeps everything.
    share: Option<(usize, usize, usize)>,
}

impl Gen {
    fn new(kind: &'static str, seed: &'static str, orig: Doc) -> Self {
        let orig_text = orig.serialize();
        let route: fn(&Doc) -> &'static str = match kind {
            "tincan" => |_| "tincan",
            "cmi5" => cmi5::route,
            _ => scorm2004::route,
        };
        let home = route(&orig);
        Gen {
            kind,
            seed,
            orig,
            orig_text,
            seen: BTreeSet::new(),
            out: Vec::new(),
            route,
            home,
            seen_bytes: BTreeSet::new(),
            share: None,
        }
    }

    fn shared(&self, name: &str) -> bool {
        let Some((index, seeds, copies)) = self.share else {
            return true;
        };
        let home = (SplitMix::new(&[self.kind, name]).next() % seeds as u64) as usize;
        (index + seeds - home) % seeds < copies
    }

    /// `k` items of `items`, chosen by the fixed-seed generator and spread over as many
    /// different keys (element and attribute names) as possible, kept in document order.
    fn pick<T: Clone + Keyed>(&self, op: &str, items: &[T], k: usize) -> Vec<T> {
        if items.len() <= k {
            return items.to_vec();
        }
        let mut rng = SplitMix::new(&[self.kind, self.seed, op]);
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let key = item.key();
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, members)) => members.push(i),
                None => groups.push((key, vec![i])),
            }
        }
        shuffle(&mut rng, &mut groups);
        for (_, members) in &mut groups {
            shuffle(&mut rng, members);
        }
        let mut chosen = Vec::new();
        let mut round = 0;
        while chosen.len() < k {
            for (_, members) in &groups {
                if chosen.len() < k {
                    if let Some(&i) = members.get(round) {
                        chosen.push(i);
                    }
                }
            }
            round += 1;
        }
        chosen.sort_unstable();
        chosen.into_iter().map(|i| items[i].clone()).collect()
    }

    /// Applies `f` to a copy of the seed; keeps the result when it is new.
    fn mutate(&mut self, name: &str, f: impl FnOnce(&mut Doc) -> bool) {
        if !self.shared(name) {
            return;
        }
        let mut doc = self.orig.clone();
        if !f(&mut doc) {
            return;
        }
        let text = doc.serialize();
        if text == self.orig_text || !self.seen.insert(text.clone()) {
            return;
        }
        let folder = (self.route)(&doc);
        self.out.push((slug(name), text.into_bytes(), folder));
    }

    /// Same as `mutate` for a document built as text.
    fn mutate_text(&mut self, name: &str, f: impl FnOnce(&str) -> String) {
        if !self.shared(name) {
            return;
        }
        let text = f(&self.orig_text);
        if text == self.orig_text || !self.seen.insert(text.clone()) {
            return;
        }
        let folder = parse(&text).map_or(self.home, |d| (self.route)(&d));
        self.out.push((slug(name), text.into_bytes(), folder));
    }

    /// A mutant written as bytes (another encoding); `f` returns `None` when it does not
    /// apply to this seed.
    fn mutate_bytes(&mut self, name: &str, f: impl FnOnce(&str) -> Option<Vec<u8>>) {
        if !self.shared(name) {
            return;
        }
        let Some(bytes) = f(&self.orig_text) else {
            return;
        };
        if bytes == self.orig_text.as_bytes() || !self.seen_bytes.insert(bytes.clone()) {
            return;
        }
        self.out.push((slug(name), bytes, self.home));
    }

    /// Writes the corpus into the folders under `root`; returns how many documents.
    fn write(&self, root: &Path) -> std::io::Result<usize> {
        for (n, (name, text, folder)) in self.out.iter().enumerate() {
            let file = root
                .join(folder)
                .join(format!("{}-{}-{:03}-{}.xml", self.kind, self.seed, n, name));
            std::fs::write(file, text)?;
        }
        Ok(self.out.len())
    }
}

fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    s.trim_matches('-').to_string()
}

fn typo(local: &str) -> String {
    // Swap the two middle characters; for short names, double the last one.
    let chars: Vec<char> = local.chars().collect();
    if chars.len() >= 4 {
        let m = chars.len() / 2;
        let mut c = chars.clone();
        c.swap(m - 1, m);
        if c != chars {
            return c.into_iter().collect();
        }
    }
    let mut s = local.to_string();
    s.push(*chars.last().unwrap_or(&'x'));
    s
}

fn case_change(local: &str) -> String {
    let mut c = local.chars();
    match c.next() {
        Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => "X".into(),
    }
}

fn with_local(qname: &str, local: &str) -> String {
    match qname.split_once(':') {
        Some((p, _)) => format!("{p}:{local}"),
        None => local.to_string(),
    }
}

fn elem_children(e: &Elem) -> Vec<usize> {
    e.children
        .iter()
        .enumerate()
        .filter_map(|(i, c)| matches!(c, Node::Elem(_)).then_some(i))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Operators that know nothing about the schema
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Encodings: the seed re-encoded and re-declared, its bytes agreeing with its declaration or
// not. Only ASCII-compatible content is re-encoded into single-byte encodings; a comment with
// a few characters of the encoding proves they are read.

/// The text without its byte-order mark and with `encoding` declared (`None`: no encoding in
/// the declaration).
fn redeclare(text: &str, encoding: Option<&str>) -> String {
    let text = text.trim_start_matches('\u{feff}');
    let body = match (text.starts_with("<?xml"), text.find("?>")) {
        (true, Some(i)) => text[i + 2..].trim_start(),
        _ => text,
    };
    match encoding {
        Some(e) => format!("<?xml version=\"1.0\" encoding=\"{e}\"?>\n{body}"),
        None => format!("<?xml version=\"1.0\"?>\n{body}"),
    }
}

/// `text` with a comment holding `chars` after its XML declaration.
fn with_comment(text: &str, chars: &str) -> String {
    match text.find("?>") {
        Some(i) => format!("{}\n<!-- {chars} -->{}", &text[..i + 2], &text[i + 2..]),
        None => format!("<!-- {chars} -->\n{text}"),
    }
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if big_endian {
            [0xFE, 0xFF]
        } else {
            [0xFF, 0xFE]
        });
    }
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// Single-byte encoding: `map` gives the byte of each non-ASCII character, or `None` (then
/// the mutant does not apply).
fn single_byte(text: &str, map: impl Fn(char) -> Option<u8>) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| if c.is_ascii() { Some(c as u8) } else { map(c) })
        .collect()
}

fn latin1(c: char) -> Option<u8> {
    u8::try_from(u32::from(c)).ok()
}

fn cp1252(c: char) -> Option<u8> {
    match c {
        '\u{20ac}' => Some(0x80),
        '\u{2019}' => Some(0x92),
        '\u{2014}' => Some(0x97),
        '\u{a0}'..='\u{ff}' => latin1(c),
        _ => None,
    }
}

fn shift_jis(c: char) -> Option<Vec<u8>> {
    match c {
        '\u{65e5}' => Some(vec![0x93, 0xFA]),
        '\u{672c}' => Some(vec![0x96, 0x7B]),
        '\u{ff71}' => Some(vec![0xB1]),
        _ => None,
    }
}

fn encodings(g: &mut Gen) {
    g.mutate_bytes("utf16le-bom", |t| {
        Some(utf16(&redeclare(t, Some("UTF-16")), false, true))
    });
    g.mutate_bytes("utf16be-bom", |t| {
        Some(utf16(&redeclare(t, Some("UTF-16")), true, true))
    });
    g.mutate_bytes("utf16le-bom-no-encoding", |t| {
        Some(utf16(&redeclare(t, None), false, true))
    });
    g.mutate_bytes("utf16le-no-bom", |t| {
        Some(utf16(&redeclare(t, Some("UTF-16LE")), false, false))
    });
    g.mutate_bytes("utf16be-no-bom", |t| {
        Some(utf16(&redeclare(t, Some("UTF-16BE")), true, false))
    });
    g.mutate_bytes("utf16le-no-bom-declared-utf16", |t| {
        Some(utf16(&redeclare(t, Some("UTF-16")), false, false))
    });
    g.mutate_bytes("utf16le-bom-declared-utf8", |t| {
        Some(utf16(&redeclare(t, Some("UTF-8")), false, true))
    });
    g.mutate_bytes("utf16le-bom-declared-be", |t| {
        Some(utf16(&redeclare(t, Some("UTF-16BE")), false, true))
    });
    g.mutate_bytes("utf16be-no-bom-declared-le", |t| {
        Some(utf16(&redeclare(t, Some("UTF-16LE")), true, false))
    });
    g.mutate_bytes("utf16le-bom-declared-latin1", |t| {
        Some(utf16(&redeclare(t, Some("ISO-8859-1")), false, true))
    });
    g.mutate_bytes("utf16le-bom-text-after-root", |t| {
        Some(utf16(
            &format!("{}x", redeclare(t, Some("UTF-16")).trim_end()),
            false,
            true,
        ))
    });
    g.mutate_bytes("utf16le-bom-unknown-attribute", |t| {
        // The root's start tag, after the declaration and any comment.
        let text = redeclare(t, Some("UTF-16"));
        let at = text
            .match_indices('<')
            .map(|(i, _)| i)
            .find(|&i| text[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic()))?;
        let end = at + text[at..].find([' ', '>', '/', '\n'])?;
        let mutant = format!("{} bogus=\"1\"{}", &text[..end], &text[end..]);
        Some(utf16(&mutant, false, true))
    });
    g.mutate_bytes("utf16-declared-utf8-bytes", |t| {
        Some(redeclare(t, Some("UTF-16")).into_bytes())
    });
    g.mutate_bytes("utf8-bom-declared-utf16", |t| {
        Some(format!("\u{feff}{}", redeclare(t, Some("UTF-16"))).into_bytes())
    });
    g.mutate_bytes("utf8-bom-declared-latin1", |t| {
        let text = with_comment(&redeclare(t, Some("ISO-8859-1")), "caf\u{e9}");
        Some(format!("\u{feff}{text}").into_bytes())
    });
    g.mutate_bytes("latin1", |t| {
        single_byte(
            &with_comment(&redeclare(t, Some("ISO-8859-1")), "caf\u{e9} \u{a0}\u{ff}"),
            latin1,
        )
    });
    g.mutate_bytes("latin1-lowercase-name", |t| {
        single_byte(
            &with_comment(&redeclare(t, Some("latin1")), "\u{e7}a"),
            latin1,
        )
    });
    g.mutate_bytes("latin1-control-bytes", |t| {
        single_byte(
            &with_comment(&redeclare(t, Some("ISO-8859-1")), "\u{80}\u{9f}"),
            latin1,
        )
    });
    g.mutate_bytes("latin1-bytes-declared-utf8", |t| {
        single_byte(
            &with_comment(&redeclare(t, Some("UTF-8")), "caf\u{e9}"),
            latin1,
        )
    });
    g.mutate_bytes("latin1-bytes-undeclared", |t| {
        single_byte(&with_comment(&redeclare(t, None), "caf\u{e9}"), latin1)
    });
    g.mutate_bytes("utf8-declared-latin1", |t| {
        Some(with_comment(&redeclare(t, Some("ISO-8859-1")), "caf\u{e9}").into_bytes())
    });
    g.mutate_bytes("windows-1252", |t| {
        single_byte(
            &with_comment(
                &redeclare(t, Some("windows-1252")),
                "\u{2019}\u{20ac}\u{2014}",
            ),
            cp1252,
        )
    });
    g.mutate_bytes("windows-1252-unassigned-byte", |t| {
        let text = with_comment(&redeclare(t, Some("windows-1252")), "@");
        single_byte(&text, cp1252).map(|b| {
            b.into_iter()
                .map(|x| if x == b'@' { 0x81 } else { x })
                .collect()
        })
    });
    g.mutate_bytes("us-ascii-non-ascii-byte", |t| {
        single_byte(
            &with_comment(&redeclare(t, Some("US-ASCII")), "caf\u{e9}"),
            latin1,
        )
    });
    g.mutate_bytes("shift-jis", |t| {
        let text = with_comment(
            &redeclare(t, Some("Shift_JIS")),
            "\u{65e5}\u{672c} \u{ff71}",
        );
        let mut out = Vec::new();
        for c in text.chars() {
            match c {
                c if c.is_ascii() => out.push(c as u8),
                c => out.extend(shift_jis(c)?),
            }
        }
        Some(out)
    });
    g.mutate_bytes("shift-jis-truncated-character", |t| {
        let text = with_comment(&redeclare(t, Some("Shift_JIS")), "@");
        single_byte(&text, |_| None).map(|b| {
            b.into_iter()
                .map(|x| if x == b'@' { 0x93 } else { x })
                .collect()
        })
    });
    g.mutate_bytes("unknown-encoding", |t| {
        Some(redeclare(t, Some("x-no-such-encoding")).into_bytes())
    });
    g.mutate_bytes("ebcdic-declared", |t| {
        Some(redeclare(t, Some("IBM037")).into_bytes())
    });
    g.mutate_bytes("empty-encoding-name", |t| {
        Some(redeclare(t, Some("")).into_bytes())
    });
}

fn generic(g: &mut Gen, scale: usize) {
    let infos = g.orig.infos();
    let non_root: Vec<Info> = infos
        .iter()
        .filter(|i| !i.path.is_empty())
        .cloned()
        .collect();
    let k = |n: usize| (n * scale).div_ceil(4).max(1);

    // Remove an element.
    for i in g.pick("remove-elem", &non_root, k(7)) {
        g.mutate(&format!("remove-elem-{}", i.local), |d| {
            d.remove(&i.path);
            true
        });
    }

    // Remove an attribute (namespace declarations have their own operator).
    let mut attrs: Vec<(Info, String)> = Vec::new();
    for i in &infos {
        for (name, _) in &g.orig.elem(&i.path).attrs {
            if !is_ns_decl(name) {
                attrs.push((i.clone(), name.clone()));
            }
        }
    }
    for (i, a) in g.pick("remove-attr", &attrs, k(7)) {
        g.mutate(&format!("remove-attr-{}-{}", i.local, a), |d| {
            d.elem_mut(&i.path).attrs.retain(|(n, _)| n != &a);
            true
        });
    }

    // Rename an element: typo and case change.
    for i in g.pick("rename-elem-typo", &infos, k(4)) {
        g.mutate(&format!("rename-elem-{}-typo", i.local), |d| {
            let e = d.elem_mut(&i.path);
            e.name = with_local(&e.name, &typo(&i.local));
            true
        });
    }
    for i in g.pick("rename-elem-case", &non_root, k(3)) {
        g.mutate(&format!("rename-elem-{}-case", i.local), |d| {
            let e = d.elem_mut(&i.path);
            e.name = with_local(&e.name, &case_change(&i.local));
            true
        });
    }

    // Rename an attribute: typo and case change.
    for (i, a) in g.pick("rename-attr-typo", &attrs, k(4)) {
        g.mutate(&format!("rename-attr-{}-{}-typo", i.local, a), |d| {
            let (_, local) = split_qname(&a);
            let new = with_local(&a, &typo(local));
            for (n, _) in d.elem_mut(&i.path).attrs.iter_mut() {
                if *n == a {
                    *n = new.clone();
                }
            }
            true
        });
    }
    for (i, a) in g.pick("rename-attr-case", &attrs, k(3)) {
        g.mutate(&format!("rename-attr-{}-{}-case", i.local, a), |d| {
            let (_, local) = split_qname(&a);
            let new = with_local(&a, &case_change(local));
            for (n, _) in d.elem_mut(&i.path).attrs.iter_mut() {
                if *n == a {
                    *n = new.clone();
                }
            }
            true
        });
    }

    // Reorder: swap two adjacent element siblings, any names, then same-name siblings.
    let mut pairs: Vec<(Vec<usize>, usize, usize, String, String)> = Vec::new();
    let mut same: Vec<(Vec<usize>, usize, usize, String, String)> = Vec::new();
    for i in &infos {
        let e = g.orig.elem(&i.path);
        let kids = elem_children(e);
        for w in kids.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (Node::Elem(ea), Node::Elem(eb)) = (&e.children[a], &e.children[b]) else {
                continue;
            };
            if ea == eb {
                continue;
            }
            let entry = (
                i.path.clone(),
                a,
                b,
                split_qname(&ea.name).1.to_string(),
                split_qname(&eb.name).1.to_string(),
            );
            if ea.name == eb.name {
                same.push(entry);
            } else {
                pairs.push(entry);
            }
        }
    }
    for (p, a, b, na, nb) in g.pick("swap", &pairs, k(6)) {
        g.mutate(&format!("swap-{na}-{nb}"), |d| {
            d.elem_mut(&p).children.swap(a, b);
            true
        });
    }
    for (p, a, b, na, _) in g.pick("swap-same", &same, k(4)) {
        g.mutate(&format!("swap-same-{na}"), |d| {
            d.elem_mut(&p).children.swap(a, b);
            true
        });
    }
    // Swap two attributes: attribute order never matters.
    let multi: Vec<Info> = infos
        .iter()
        .filter(|i| g.orig.elem(&i.path).attrs.len() >= 2)
        .cloned()
        .collect();
    for i in g.pick("swap-attrs", &multi, k(1)) {
        g.mutate(&format!("swap-attrs-{}", i.local), |d| {
            let e = d.elem_mut(&i.path);
            let n = e.attrs.len();
            e.attrs.swap(0, n - 1);
            true
        });
    }

    // Duplicate an element (right after itself).
    for i in g.pick("dup-elem", &non_root, k(8)) {
        g.mutate(&format!("dup-elem-{}", i.local), |d| {
            let copy = d.elem(&i.path).clone();
            d.insert_after(&i.path, Node::Elem(copy));
            true
        });
    }

    // Duplicate an attribute: not well-formed.
    for (i, a) in g.pick("dup-attr", &attrs, k(2)) {
        g.mutate(&format!("dup-attr-{}-{}", i.local, a), |d| {
            let v = d.attr(&i.path, &a).unwrap_or_default();
            d.elem_mut(&i.path).attrs.push((a.clone(), v));
            true
        });
    }

    // Text in element-only content (or mixed content, where it is fine).
    let parents: Vec<Info> = infos
        .iter()
        .filter(|i| i.has_elem_children)
        .cloned()
        .collect();
    for i in g.pick("text-in", &parents, k(4)) {
        g.mutate(&format!("text-in-{}", i.local), |d| {
            d.elem_mut(&i.path)
                .children
                .insert(0, Node::Text("stray text".into()));
            true
        });
    }
    for i in g.pick("nbsp-in", &parents, k(1)) {
        g.mutate(&format!("nbsp-in-{}", i.local), |d| {
            d.elem_mut(&i.path)
                .children
                .insert(0, Node::Text("&#160;".into()));
            true
        });
    }
    for i in g.pick("cdata-ws-in", &parents, k(1)) {
        g.mutate(&format!("cdata-space-in-{}", i.local), |d| {
            d.elem_mut(&i.path)
                .children
                .insert(0, Node::Raw("<![CDATA[  ]]>".into()));
            true
        });
    }
    for i in g.pick("comment-pi-in", &parents, k(1)) {
        g.mutate(&format!("comment-pi-in-{}", i.local), |d| {
            d.elem_mut(&i.path)
                .children
                .insert(0, Node::Raw("<!-- note --><?coursepack mutation?>".into()));
            true
        });
    }
    for i in g.pick("charref-ws-in", &parents, k(1)) {
        g.mutate(&format!("charref-space-in-{}", i.local), |d| {
            d.elem_mut(&i.path)
                .children
                .insert(0, Node::Text("&#32;&#x9;&#10;".into()));
            true
        });
    }

    // Empty a text element; make it too long; give it a child element.
    let texts: Vec<Info> = infos.iter().filter(|i| i.text_only).cloned().collect();
    for i in g.pick("empty", &texts, k(3)) {
        g.mutate(&format!("empty-{}", i.local), |d| {
            d.elem_mut(&i.path).children.clear();
            true
        });
    }
    for i in g.pick("whitespace-text", &texts, k(1)) {
        g.mutate(&format!("spaces-only-{}", i.local), |d| {
            d.set_content(&i.path, "   ");
            true
        });
    }
    for i in g.pick("long-text", &texts, k(3)) {
        g.mutate(&format!("text-2001-{}", i.local), |d| {
            d.set_content(&i.path, &"x".repeat(2001));
            true
        });
    }
    for i in g.pick("child-in-text", &texts, k(2)) {
        g.mutate(&format!("child-in-{}", i.local), |d| {
            let e = d.elem_mut(&i.path);
            let child = format!("<{}/>", with_local(&e.name, "b"));
            e.children.push(Node::Raw(child));
            true
        });
    }
    for i in g.pick("comment-in-text", &texts, k(1)) {
        g.mutate(&format!("comment-in-{}", i.local), |d| {
            d.elem_mut(&i.path)
                .children
                .insert(0, Node::Raw("<!-- c -->".into()));
            true
        });
    }

    // Unknown elements: target namespace, foreign namespace, no namespace.
    let all_parents: Vec<Info> = infos.iter().filter(|i| !i.text_only).cloned().collect();
    for i in g.pick("unknown-elem-target", &all_parents, k(3)) {
        g.mutate(&format!("unknown-elem-target-ns-in-{}", i.local), |d| {
            let name = with_local(&d.elem(&i.path).name, "bogus");
            d.append(&i.path, Node::Raw(format!("<{name}/>")));
            true
        });
    }
    for i in g.pick("unknown-elem-foreign", &all_parents, k(3)) {
        g.mutate(&format!("unknown-elem-foreign-ns-in-{}", i.local), |d| {
            d.append(
                &i.path,
                Node::Raw(format!("<ext:bogus xmlns:ext=\"{FOREIGN}\">x</ext:bogus>")),
            );
            true
        });
    }
    for i in g.pick("unknown-elem-nons", &all_parents, k(1)) {
        g.mutate(&format!("unknown-elem-no-ns-in-{}", i.local), |d| {
            d.append(&i.path, Node::Raw("<bogus xmlns=\"\"/>".into()));
            true
        });
    }

    // Unknown attributes: unqualified, foreign namespace, xsi namespace.
    for i in g.pick("unknown-attr", &infos, k(3)) {
        g.mutate(&format!("unknown-attr-in-{}", i.local), |d| {
            d.set_attr(&i.path, "bogus", "1");
            true
        });
    }
    for i in g.pick("unknown-attr-foreign", &infos, k(3)) {
        g.mutate(&format!("foreign-attr-in-{}", i.local), |d| {
            d.set_attr(&i.path, "xmlns:ext", FOREIGN);
            d.set_attr(&i.path, "ext:bogus", "1");
            true
        });
    }
    for i in g.pick("xsi-attr", &infos, k(1)) {
        g.mutate(&format!("xsi-unknown-attr-in-{}", i.local), |d| {
            d.set_attr(&i.path, "xmlns:xsi", XSI);
            d.set_attr(&i.path, "xsi:bogus", "1");
            true
        });
    }

    // Wrong namespace: move an unprefixed element (and its unprefixed descendants) elsewhere;
    // use a prefix that is not declared.
    let unprefixed: Vec<Info> = non_root
        .iter()
        .filter(|i| i.prefix.is_empty())
        .cloned()
        .collect();
    for i in g.pick("wrong-ns", &unprefixed, k(3)) {
        g.mutate(&format!("wrong-ns-{}", i.local), |d| {
            d.set_attr(&i.path, "xmlns", FOREIGN);
            true
        });
    }
    for i in g.pick("no-ns", &unprefixed, k(1)) {
        g.mutate(&format!("no-ns-{}", i.local), |d| {
            d.set_attr(&i.path, "xmlns", "");
            true
        });
    }
    for i in g.pick("undeclared-prefix", &non_root, k(1)) {
        g.mutate(&format!("undeclared-prefix-{}", i.local), |d| {
            let e = d.elem_mut(&i.path);
            e.name = format!("nope:{}", i.local);
            true
        });
    }
    // Same namespace, declared again (redundantly) on a child: still valid.
    for i in g.pick("redeclare-ns", &unprefixed, k(1)) {
        g.mutate(&format!("redeclare-default-ns-{}", i.local), |d| {
            d.set_attr(&i.path, "xmlns", &i.ns);
            true
        });
    }

    // Every namespace declaration: change its URI, remove it.
    let mut decls: Vec<(Info, String)> = Vec::new();
    for i in &infos {
        for (name, _) in &g.orig.elem(&i.path).attrs {
            if is_ns_decl(name) {
                decls.push((i.clone(), name.clone()));
            }
        }
    }
    for (i, a) in decls.clone() {
        g.mutate(&format!("ns-uri-changed-{}-{}", i.local, a), |d| {
            let v = d.attr(&i.path, &a).unwrap_or_default();
            d.set_attr(&i.path, &a, &format!("{v}/wrong"));
            true
        });
    }
    for (i, a) in g.pick("remove-ns-decl", &decls, k(3)) {
        g.mutate(&format!("remove-ns-decl-{}-{}", i.local, a), |d| {
            d.elem_mut(&i.path).attrs.retain(|(n, _)| n != &a);
            true
        });
    }
}

// ---------------------------------------------------------------------------------------------
// SCORM 1.2 operators
// ---------------------------------------------------------------------------------------------

fn scorm12(g: &mut Gen) {
    let d0 = g.orig.clone();
    let adl = d0.prefix_for(ADLCP).unwrap_or_else(|| "adlcp".into());
    let items = d0.find(IMSCP, "item");
    let resources = d0.find(IMSCP, "resource");
    let files = d0.find(IMSCP, "file");
    let orgs = d0.find(IMSCP, "organization");
    let organizations = d0.first(IMSCP, "organizations");
    let manifest = d0.first(IMSCP, "manifest").expect("manifest root");
    let metadata = d0
        .infos()
        .into_iter()
        .find(|i| i.ns == IMSCP && i.local == "metadata" && i.path.len() == 1);
    let item0 = items.first().cloned();
    let res0 = resources.first().cloned();
    let org0 = orgs.first().cloned();

    // Identifiers that are or are not xs:ID (NCName, whitespace collapsed).
    let id_bearers: Vec<Info> = [
        Some(manifest.clone()),
        org0.clone(),
        item0.clone(),
        res0.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let id_values = [
        ("digit-first", "1abc"),
        ("space", "a b"),
        ("colon", "a:b"),
        ("empty", ""),
        ("hyphen-first", "-lead"),
        ("padded", "  PADDED-ID  "),
        ("underscore-dot", "_under.score-1"),
        ("accented", "\u{e9}t\u{e9}-1"),
        ("percent", "a%20b"),
    ];
    for (n, (what, value)) in id_values.iter().enumerate() {
        let target = &id_bearers[n % id_bearers.len()];
        g.mutate(&format!("identifier-{what}-on-{}", target.local), |d| {
            d.set_attr(&target.path, "identifier", value);
            true
        });
    }

    // Duplicate identifier values.
    if let (Some(item), Some(res)) = (&item0, &res0) {
        g.mutate("dup-id-item-resource", |d| {
            let v = d.attr(&res.path, "identifier").unwrap_or_default();
            d.set_attr(&item.path, "identifier", &v);
            true
        });
    }
    if let Some(org) = &org0 {
        g.mutate("dup-id-organization-manifest", |d| {
            let v = d.attr(&[], "identifier").unwrap_or_default();
            d.set_attr(&org.path, "identifier", &v);
            // Keep `default` pointing at an ID that exists.
            if let Some(o) = d.first(IMSCP, "organizations") {
                d.set_attr(&o.path, "default", &v);
            }
            true
        });
    }
    // Operators that apply to some seeds only are kept wherever they apply.
    let share = g.share.take();
    if resources.len() >= 2 {
        g.mutate("dup-id-resource-resource", |d| {
            let v = d.attr(&resources[0].path, "identifier").unwrap_or_default();
            d.set_attr(&resources[1].path, "identifier", &v);
            true
        });
    }
    if items.len() >= 2 {
        g.mutate("dup-id-item-item", |d| {
            let v = d.attr(&items[0].path, "identifier").unwrap_or_default();
            d.set_attr(&items[1].path, "identifier", &v);
            true
        });
    }
    g.share = share;
    if let Some(file) = files.first() {
        // `file` has no identifier attribute in imscp: unknown attribute.
        g.mutate("identifier-on-file", |d| {
            d.set_attr(&file.path, "identifier", "FILE-1");
            true
        });
    }
    g.mutate("same-id-differently-padded", |d| {
        // xs:ID collapses whitespace: " X " and "X" are the same ID.
        let (Some(item), Some(res)) = (&item0, &res0) else {
            return false;
        };
        let v = d.attr(&res.path, "identifier").unwrap_or_default();
        d.set_attr(&item.path, "identifier", &format!(" {v} "));
        true
    });

    // organizations/@default is an IDREF.
    if let Some(o) = &organizations {
        let default_values: Vec<(&str, String)> = vec![
            ("dangling", "NO-SUCH-ORG".into()),
            (
                "to-resource",
                res0.as_ref()
                    .and_then(|r| d0.attr(&r.path, "identifier"))
                    .unwrap_or_default(),
            ),
            ("empty", String::new()),
            ("digit-first", "9org".into()),
            (
                "padded",
                format!(
                    " {} ",
                    org0.as_ref()
                        .and_then(|r| d0.attr(&r.path, "identifier"))
                        .unwrap_or_default()
                ),
            ),
        ];
        for (what, v) in default_values {
            g.mutate(&format!("default-{what}"), |d| {
                d.set_attr(&o.path, "default", &v);
                true
            });
        }
        g.mutate("default-two-idrefs", |d| {
            let v = d.attr(&o.path, "default").unwrap_or_default();
            d.set_attr(&o.path, "default", &format!("{v} {v}"));
            true
        });
    }

    // identifierref is a plain string in imscp 1.1.2.
    if let Some(item) = &item0 {
        for (what, v) in [
            ("dangling", "NO-SUCH-RESOURCE".to_string()),
            ("empty", String::new()),
            ("with-space", "a b".into()),
            ("len2000", "r".repeat(2000)),
            ("len2001", "r".repeat(2001)),
        ] {
            g.mutate(&format!("identifierref-{what}"), |d| {
                d.set_attr(&item.path, "identifierref", &v);
                true
            });
        }
    }
    if let Some(res) = &res0 {
        g.mutate("dependency-dangling", |d| {
            d.append(
                &res.path,
                Node::Raw("<dependency identifierref=\"NO-SUCH-RESOURCE\"/>".into()),
            );
            true
        });
        g.mutate("dependency-without-identifierref", |d| {
            d.append(&res.path, Node::Raw("<dependency/>".into()));
            true
        });
        g.mutate("dependency-before-file", |d| {
            let Some(f) = d
                .infos()
                .into_iter()
                .find(|i| i.local == "file" && i.path.starts_with(&res.path))
            else {
                return false;
            };
            d.insert_before(
                &f.path,
                Node::Raw("<dependency identifierref=\"X\"/>".into()),
            );
            true
        });
    }

    // isvisible is xs:boolean.
    if let Some(item) = &item0 {
        for (what, v) in [
            ("yes", "yes"),
            ("upper-true", "TRUE"),
            ("one", "1"),
            ("zero", "0"),
            ("padded-false", "  false "),
            ("empty", ""),
            ("two", "2"),
        ] {
            g.mutate(&format!("isvisible-{what}"), |d| {
                d.set_attr(&item.path, "isvisible", v);
                true
            });
        }
        // parameters: maxLength 1000.
        for n in [1000, 1001] {
            g.mutate(&format!("parameters-len{n}"), |d| {
                d.set_attr(&item.path, "parameters", &format!("?{}", "p".repeat(n - 1)));
                true
            });
        }
    }

    // organization/@structure: a string (maxLength 200), not an enumeration, in imscp 1.1.2.
    if let Some(org) = &org0 {
        for (what, v) in [
            ("bogus", "bogus".to_string()),
            ("empty", String::new()),
            ("len200", "s".repeat(200)),
            ("len201", "s".repeat(201)),
            ("cyrillic-len200", "\u{436}".repeat(200)),
        ] {
            g.mutate(&format!("structure-{what}"), |d| {
                d.set_attr(&org.path, "structure", &v);
                true
            });
        }
    }

    // adlcp:scormtype: enumeration asset|sco.
    let st = format!("{adl}:scormtype");
    if let Some(res) = &res0 {
        for (what, v) in [
            ("upper", "SCO"),
            ("bogus", "scorm"),
            ("empty", ""),
            ("padded", " sco "),
            ("asset", "asset"),
        ] {
            g.mutate(&format!("scormtype-{what}"), |d| {
                d.set_attr(&res.path, &st, v);
                true
            });
        }
        g.mutate("scormtype-unprefixed", |d| {
            let e = d.elem_mut(&res.path);
            e.attrs.retain(|(n, _)| n != &st);
            e.attrs.push(("scormtype".into(), "sco".into()));
            true
        });
        g.mutate("scormtype-foreign-prefix", |d| {
            let e = d.elem_mut(&res.path);
            e.attrs.retain(|(n, _)| n != &st);
            d.set_attr(
                &res.path,
                "xmlns:adl2",
                "http://www.adlnet.org/xsd/adlcp_v1p3",
            );
            d.set_attr(&res.path, "adl2:scormtype", "sco");
            true
        });
        g.mutate("scormtype-twice-via-two-prefixes", |d| {
            d.set_attr(&res.path, "xmlns:adl2", ADLCP);
            d.set_attr(&res.path, "adl2:scormtype", "sco");
            true
        });
        for (what, v) in [
            ("empty", String::new()),
            ("len1000", "t".repeat(1000)),
            ("len1001", "t".repeat(1001)),
        ] {
            g.mutate(&format!("resource-type-{what}"), |d| {
                d.set_attr(&res.path, "type", &v);
                true
            });
        }
        g.mutate("resource-xml-base", |d| {
            d.set_attr(&res.path, "xml:base", "content/");
            true
        });
        for (what, v) in [
            ("absolute", "https://cdn.example.com/sco/"),
            ("no-slash", "content"),
            ("percent", "con%74ent/"),
            ("space", "my content/"),
            ("pipe", "a|b/"),
        ] {
            g.mutate(&format!("resource-xml-base-{what}"), |d| {
                d.set_attr(&res.path, "xml:base", v);
                true
            });
        }
        g.mutate("masteryscore-in-resource", |d| {
            d.append(
                &res.path,
                Node::Raw(format!("<{adl}:masteryscore>80</{adl}:masteryscore>")),
            );
            true
        });
        g.mutate("lom-in-resource", |d| {
            d.append(
                &res.path,
                Node::Raw(format!(
                    "<lom xmlns=\"{IMSMD}\"><general><title><langstring xml:lang=\"en\">R</langstring></title></general></lom>"
                )),
            );
            true
        });
        g.mutate("metadata-after-file", |d| {
            d.append(
                &res.path,
                Node::Raw("<metadata><schema>ADL SCORM</schema></metadata>".into()),
            );
            true
        });
        g.mutate("metadata-first-in-resource", |d| {
            d.elem_mut(&res.path).children.insert(
                0,
                Node::Raw("<metadata><schema>ADL SCORM</schema></metadata>".into()),
            );
            true
        });
        g.mutate("all-files-removed", |d| {
            let e = d.elem_mut(&res.path);
            e.children.retain(|c| match c {
                Node::Elem(x) => split_qname(&x.name).1 != "file",
                _ => true,
            });
            true
        });
        g.mutate("resource-href-removed", |d| {
            d.elem_mut(&res.path).attrs.retain(|(n, _)| n != "href");
            true
        });
    }
    if let Some(org) = &org0 {
        g.mutate("scormtype-on-item", |d| {
            let Some(item) = &item0 else { return false };
            d.set_attr(&item.path, &st, "sco");
            true
        });
        g.mutate("scormtype-bad-on-organization", |d| {
            d.set_attr(&org.path, &st, "lesson");
            true
        });
        g.mutate("adlcp-unknown-attr-on-organization", |d| {
            d.set_attr(&org.path, &format!("{adl}:bogus"), "1");
            true
        });
        g.mutate("masteryscore-as-attribute", |d| {
            d.set_attr(&org.path, &format!("{adl}:masteryscore"), "80");
            true
        });
        g.mutate("masteryscore-in-organization", |d| {
            d.append(
                &org.path,
                Node::Raw(format!("<{adl}:masteryscore>80</{adl}:masteryscore>")),
            );
            true
        });
        g.mutate("all-items-removed", |d| {
            let e = d.elem_mut(&org.path);
            e.children.retain(|c| match c {
                Node::Elem(x) => split_qname(&x.name).1 != "item",
                _ => true,
            });
            true
        });
        g.mutate("organization-title-after-item", |d| {
            let e = d.elem_mut(&org.path);
            let Some(t) = e
                .children
                .iter()
                .position(|c| matches!(c, Node::Elem(x) if split_qname(&x.name).1 == "title"))
            else {
                return false;
            };
            let title = e.children.remove(t);
            let Some(last_item) = e
                .children
                .iter()
                .rposition(|c| matches!(c, Node::Elem(x) if split_qname(&x.name).1 == "item"))
            else {
                return false;
            };
            e.children.insert(last_item + 1, title);
            true
        });
        g.mutate("nested-item", |d| {
            let Some(item) = &item0 else { return false };
            d.append(
                &item.path,
                Node::Raw("<item identifier=\"NESTED-1\"><title>Nested</title></item>".into()),
            );
            true
        });
        g.mutate("nested-item-after-masteryscore", |d| {
            let Some(item) = &item0 else { return false };
            d.append(
                &item.path,
                Node::Raw(format!(
                    "<{adl}:masteryscore>50</{adl}:masteryscore><item identifier=\"NESTED-2\"/>"
                )),
            );
            true
        });
        g.mutate("second-organization", |d| {
            d.append(
                &org.path[..org.path.len() - 1],
                Node::Raw("<organization identifier=\"ORG-SECOND\"/>".into()),
            );
            true
        });
        g.mutate("organization-without-identifier-added", |d| {
            d.append(
                &org.path[..org.path.len() - 1],
                Node::Raw("<organization><title>T</title></organization>".into()),
            );
            true
        });
    }
    if let Some(o) = &organizations {
        g.mutate("organizations-emptied", |d| {
            let e = d.elem_mut(&o.path);
            e.children.clear();
            e.attrs.retain(|(n, _)| n != "default");
            true
        });
        g.mutate("organizations-emptied-default-kept", |d| {
            d.elem_mut(&o.path).children.clear();
            true
        });
    }
    if let Some(r) = d0.first(IMSCP, "resources") {
        g.mutate("resources-emptied", |d| {
            d.elem_mut(&r.path).children.clear();
            true
        });
        g.mutate("resources-xml-base", |d| {
            d.set_attr(&r.path, "xml:base", "base/");
            true
        });
    }

    // adlcp elements inside an item (after title, child items and metadata: the ##other
    // wildcard comes last).
    if let Some(item) = &item0 {
        let adl_elems: Vec<(&str, String)> = vec![
            ("masteryscore-text", format!("<{adl}:masteryscore>abc</{adl}:masteryscore>")),
            ("masteryscore-len201", format!("<{adl}:masteryscore>{}</{adl}:masteryscore>", "9".repeat(201))),
            ("masteryscore-twice", format!("<{adl}:masteryscore>1</{adl}:masteryscore><{adl}:masteryscore>2</{adl}:masteryscore>")),
            ("maxtimeallowed-ok", format!("<{adl}:maxtimeallowed>00:30:00</{adl}:maxtimeallowed>")),
            ("maxtimeallowed-len14", format!("<{adl}:maxtimeallowed>0000:30:00.00</{adl}:maxtimeallowed>")),
            ("timelimitaction-ok", format!("<{adl}:timelimitaction>exit,message</{adl}:timelimitaction>")),
            ("timelimitaction-continue", format!("<{adl}:timelimitaction>continue,no message</{adl}:timelimitaction>")),
            ("timelimitaction-space", format!("<{adl}:timelimitaction>exit, message</{adl}:timelimitaction>")),
            ("timelimitaction-case", format!("<{adl}:timelimitaction>Exit,message</{adl}:timelimitaction>")),
            ("timelimitaction-padded", format!("<{adl}:timelimitaction> exit,message </{adl}:timelimitaction>")),
            ("datafromlms-len255", format!("<{adl}:datafromlms>{}</{adl}:datafromlms>", "d".repeat(255))),
            ("datafromlms-len256", format!("<{adl}:datafromlms>{}</{adl}:datafromlms>", "d".repeat(256))),
            ("prerequisites-ok", format!("<{adl}:prerequisites type=\"aicc_script\">ITEM-0</{adl}:prerequisites>")),
            ("prerequisites-no-type", format!("<{adl}:prerequisites>ITEM-0</{adl}:prerequisites>")),
            ("prerequisites-bad-type", format!("<{adl}:prerequisites type=\"script\">ITEM-0</{adl}:prerequisites>")),
            ("location", format!("<{adl}:location>index.html</{adl}:location>")),
            ("adlcp-unknown", format!("<{adl}:bogus>1</{adl}:bogus>")),
            ("adlcp-child-element", format!("<{adl}:masteryscore><{adl}:x/></{adl}:masteryscore>")),
            ("adlcp-schema-in-item", format!("<{adl}:schema>ADL SCORM</{adl}:schema>")),
            ("masteryscore-unprefixed", "<masteryscore>80</masteryscore>".to_string()),
            ("masteryscore-no-ns", "<masteryscore xmlns=\"\">80</masteryscore>".to_string()),
            ("masteryscore-wrong-ns-uri", "<a:masteryscore xmlns:a=\"http://www.adlnet.org/xsd/adlcp_rootv1p3\">80</a:masteryscore>".to_string()),
            ("masteryscore-other-prefix", format!("<adl9:masteryscore xmlns:adl9=\"{ADLCP}\">80</adl9:masteryscore>")),
            ("lom-in-item", format!("<lom xmlns=\"{IMSMD}\"/>")),
            ("lom-with-unknown-child", format!("<lom xmlns=\"{IMSMD}\"><bogus/></lom>")),
            ("item-metadata", "<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>".to_string()),
            ("item-metadata-twice", "<metadata/><metadata/>".to_string()),
        ];
        for (what, raw) in adl_elems {
            g.mutate(&format!("item-{what}"), |d| {
                d.append(&item.path, Node::Raw(raw.clone()));
                true
            });
        }
        g.mutate("item-masteryscore-before-title", |d| {
            d.elem_mut(&item.path).children.insert(
                0,
                Node::Raw(format!("<{adl}:masteryscore>80</{adl}:masteryscore>")),
            );
            true
        });
        g.mutate("item-title-in-adlcp-ns", |d| {
            let Some(t) = d
                .infos()
                .into_iter()
                .find(|i| i.local == "title" && i.path.starts_with(&item.path))
            else {
                return false;
            };
            let e = d.elem_mut(&t.path);
            e.name = format!("{adl}:title");
            true
        });
        g.mutate("item-xml-lang", |d| {
            d.set_attr(&item.path, "xml:lang", "en");
            true
        });
        g.mutate("item-xml-lang-bad", |d| {
            d.set_attr(&item.path, "xml:lang", "not a language");
            true
        });
        g.mutate("item-xml-space", |d| {
            d.set_attr(&item.path, "xml:space", "preserve");
            true
        });
        g.mutate("item-xsi-nil", |d| {
            d.set_attr(&item.path, "xsi:nil", "true");
            true
        });
        g.mutate("item-without-title", |d| {
            d.elem_mut(&item.path).children.retain(|c| match c {
                Node::Elem(x) => split_qname(&x.name).1 != "title",
                _ => true,
            });
            true
        });
    }

    // Existing adlcp elements (every-block fixtures carry a masteryscore).
    // Operators that apply to some seeds only are kept wherever they apply.
    let share = g.share.take();
    for m in d0.find(ADLCP, "masteryscore") {
        for (what, v) in [
            ("text", "abc"),
            ("negative", "-5"),
            ("len200", &"7".repeat(200)[..]),
        ] {
            g.mutate(&format!("masteryscore-value-{what}"), |d| {
                d.set_content(&m.path, v);
                true
            });
        }
        g.mutate("masteryscore-prefix-removed", |d| {
            d.elem_mut(&m.path).name = "masteryscore".into();
            true
        });
    }

    g.share = share;
    // Titles: xs:string maxLength 200, counted in characters.
    let title = d0
        .infos()
        .into_iter()
        .find(|i| i.ns == IMSCP && i.local == "title");
    if let Some(t) = &title {
        let values: Vec<(&str, String)> = vec![
            ("len200", "t".repeat(200)),
            ("len201", "t".repeat(201)),
            ("cyrillic-len200", "\u{416}".repeat(200)),
            ("cyrillic-len201", "\u{416}".repeat(201)),
            ("emoji-len200", "\u{1f600}".repeat(200)),
            ("amp-len200", format!("{}&amp;", "t".repeat(199))),
            ("charref-len201", format!("{}&#x41;", "t".repeat(200))),
            ("cdata-len201", format!("<![CDATA[{}]]>", "t".repeat(201))),
            ("padded-len201", format!(" {} ", "t".repeat(199))),
            ("comment-split", "Half<!-- between -->Half".into()),
            ("child-element", "Bold <b>title</b>".into()),
        ];
        for (what, v) in values {
            g.mutate(&format!("title-{what}"), |d| {
                d.set_content(&t.path, &v);
                true
            });
        }
        g.mutate("title-xsi-nil", |d| {
            d.set_attr(&t.path, "xsi:nil", "true");
            d.elem_mut(&t.path).children.clear();
            true
        });
        g.mutate("title-attribute", |d| {
            d.set_attr(&t.path, "lang", "en");
            true
        });
    }
    if let Some(f) = files.first() {
        for (what, v) in [
            ("len2000", "h".repeat(2000)),
            ("len2001", "h".repeat(2001)),
            ("space", "my file.html".into()),
            ("empty", String::new()),
            ("absolute", "http://example.com/a?b=c#d".into()),
            ("percent-bad", "a%zz.html".into()),
            ("backslash", "dir\\file.html".into()),
        ] {
            g.mutate(&format!("file-href-{what}"), |d| {
                d.set_attr(&f.path, "href", &v);
                true
            });
        }
        g.mutate("file-metadata", |d| {
            d.append(&f.path, Node::Raw("<metadata/>".into()));
            true
        });
        g.mutate("file-text", |d| {
            d.set_content(&f.path, "content");
            true
        });
    }
    for (what, v) in [("len20", "1".repeat(20)), ("len21", "1".repeat(21))] {
        g.mutate(&format!("version-{what}"), |d| {
            d.set_attr(&[], "version", &v);
            true
        });
    }
    g.mutate("manifest-xml-base", |d| {
        d.set_attr(&[], "xml:base", "pkg/");
        true
    });
    // xml:base values as other tools write them: absolute, network-path, escaped, with spaces,
    // fragments, non-ASCII, Windows paths; xml.xsd types them as xs:anyURI.
    for (what, v) in [
        ("absolute", "http://cdn.example.com/course/"),
        ("https-port", "https://cdn.example.com:8443/a/b/"),
        ("network-path", "//cdn.example.com/course/"),
        ("file", "file:///srv/course/"),
        ("escaped", "my%20course/"),
        ("bad-escape", "my%zzcourse/"),
        ("space", "my course/"),
        ("fragment", "pkg/#top"),
        ("query", "pkg/?v=2"),
        ("non-ascii", "cours/é/"),
        ("dot-dot", "../outside/"),
        ("backslash", "pkg\\sub\\"),
        ("drive", "C:\\course\\"),
        ("empty", ""),
        ("brackets", "http://[::1]/course/"),
        ("two-hashes", "a#b#c"),
    ] {
        g.mutate(&format!("manifest-xml-base-{what}"), |d| {
            d.set_attr(&[], "xml:base", v);
            true
        });
    }

    // metadata: imscp schema/schemaversion are plain strings; adlcp ones are enumerations.
    if let Some(m) = &metadata {
        let values: Vec<(&str, String)> = vec![
            ("schema-other", "<schema>SCORM 2004</schema><schemaversion>1.2</schemaversion>".into()),
            ("schema-len101", format!("<schema>{}</schema><schemaversion>1.2</schemaversion>", "s".repeat(101))),
            ("schemaversion-13", "<schema>ADL SCORM</schema><schemaversion>1.3</schemaversion>".into()),
            ("schemaversion-len21", format!("<schema>ADL SCORM</schema><schemaversion>{}</schemaversion>", "1".repeat(21))),
            ("schemaversion-first", "<schemaversion>1.2</schemaversion><schema>ADL SCORM</schema>".into()),
            ("adlcp-schema-ok", format!("<schema>ADL SCORM</schema><schemaversion>1.2</schemaversion><{adl}:schema>ADL SCORM</{adl}:schema><{adl}:schemaversion>1.2</{adl}:schemaversion>")),
            ("adlcp-schema-bad", format!("<schema>ADL SCORM</schema><{adl}:schema>SCORM</{adl}:schema>")),
            ("adlcp-schemaversion-bad", format!("<{adl}:schemaversion>1.3</{adl}:schemaversion>")),
            ("adlcp-schema-before-schema", format!("<{adl}:schema>ADL SCORM</{adl}:schema><schema>ADL SCORM</schema>")),
            ("empty-lom", format!("<schema>ADL SCORM</schema><lom xmlns=\"{IMSMD}\"/>")),
            ("lom-two", format!("<lom xmlns=\"{IMSMD}\"/><lom xmlns=\"{IMSMD}\"/>")),
            ("lom-general-twice", format!("<lom xmlns=\"{IMSMD}\"><general/><general/></lom>")),
            ("lom-title-twice", format!("<lom xmlns=\"{IMSMD}\"><general><title><langstring>a</langstring></title><title><langstring>b</langstring></title></general></lom>")),
            ("lom-langstring-bad-lang", format!("<lom xmlns=\"{IMSMD}\"><general><title><langstring xml:lang=\"en_US\">a</langstring></title></general></lom>")),
            ("lom-mixed-text", format!("<lom xmlns=\"{IMSMD}\"><general>free text<title><langstring>a</langstring></title></general></lom>")),
            ("lom-text-in-lom", format!("<lom xmlns=\"{IMSMD}\">free text</lom>")),
            ("lom-location-type", format!("<lom xmlns=\"{IMSMD}\"><technical><location type=\"TEXT\">x</location></technical></lom>")),
            ("lom-location-bad-type", format!("<lom xmlns=\"{IMSMD}\"><technical><location type=\"text\">x</location></technical></lom>")),
            ("lom-in-imscp-ns", "<lom><general/></lom>".into()),
        ];
        for (what, raw) in values {
            g.mutate(&format!("metadata-{what}"), |d| {
                let e = d.elem_mut(&m.path);
                e.children = vec![
                    Node::Text("\n    ".into()),
                    Node::Raw(raw.clone()),
                    Node::Text("\n  ".into()),
                ];
                true
            });
        }
        // metadataType has no anyAttribute.
        g.mutate("metadata-attribute", |d| {
            d.set_attr(&m.path, "version", "1");
            true
        });
    } else {
        let share = g.share.take();
        g.mutate("metadata-added", |d| {
            d.elem_mut(&[]).children.insert(
                0,
                Node::Raw("<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>".into()),
            );
            true
        });
        g.share = share;
    }

    // Required attributes and elements removed; attributes and elements out of place.
    let required: Vec<(Info, &str)> = [
        (Some(manifest.clone()), "identifier"),
        (org0.clone(), "identifier"),
        (item0.clone(), "identifier"),
        (res0.clone(), "identifier"),
        (res0.clone(), "type"),
        (files.first().cloned(), "href"),
        (d0.first(IMSCP, "dependency"), "identifierref"),
    ]
    .into_iter()
    .filter_map(|(i, a)| i.map(|i| (i, a)))
    .collect();
    for (i, a) in &required {
        g.mutate(&format!("required-attr-removed-{}-{a}", i.local), |d| {
            d.elem_mut(&i.path).attrs.retain(|(n, _)| n != a);
            true
        });
    }
    for local in ["organizations", "resources"] {
        if let Some(i) = d0.first(IMSCP, local) {
            g.mutate(&format!("required-elem-removed-{local}"), |d| {
                d.remove(&i.path);
                true
            });
        }
    }
    let misplaced_attrs: Vec<(Option<Info>, &str, &str)> = vec![
        (res0.clone(), "isvisible", "true"),
        (item0.clone(), "structure", "hierarchical"),
        (org0.clone(), "default", "X"),
        (item0.clone(), "href", "index.html"),
        (res0.clone(), "identifierref", "X"),
        (item0.clone(), "scormtype", "sco"),
        (files.first().cloned(), "type", "webcontent"),
    ];
    for (i, a, v) in misplaced_attrs {
        let Some(i) = i else { continue };
        g.mutate(&format!("misplaced-attr-{a}-on-{}", i.local), |d| {
            d.set_attr(&i.path, a, v);
            true
        });
    }
    let misplaced_elems: Vec<(Option<Info>, &str, &str)> = vec![
        (
            d0.first(IMSCP, "resources"),
            "file",
            "<file href=\"a.html\"/>",
        ),
        (
            organizations.clone(),
            "item",
            "<item identifier=\"LOOSE-ITEM\"/>",
        ),
        (
            org0.clone(),
            "resource",
            "<resource identifier=\"LOOSE-RES\" type=\"webcontent\"/>",
        ),
        (item0.clone(), "file", "<file href=\"a.html\"/>"),
        (metadata.clone(), "title", "<title>T</title>"),
        (
            Some(manifest.clone()),
            "item",
            "<item identifier=\"ROOT-ITEM\"/>",
        ),
    ];
    for (i, what, raw) in misplaced_elems {
        let Some(i) = i else { continue };
        g.mutate(&format!("misplaced-elem-{what}-in-{}", i.local), |d| {
            d.append(&i.path, Node::Raw(raw.to_string()));
            true
        });
    }

    // Sub-manifests and the root.
    g.mutate("sub-manifest", |d| {
        d.append(
            &[],
            Node::Raw(
                "<manifest identifier=\"SUB-1\"><organizations/><resources/></manifest>".into(),
            ),
        );
        true
    });
    g.mutate("sub-manifest-without-resources", |d| {
        d.append(
            &[],
            Node::Raw("<manifest identifier=\"SUB-2\"><organizations/></manifest>".into()),
        );
        true
    });
    g.mutate("sub-manifest-foreign-after", |d| {
        d.append(
            &[],
            Node::Raw(format!(
                "<manifest identifier=\"SUB-3\"><organizations/><resources/></manifest><{adl}:location>x</{adl}:location>"
            )),
        );
        true
    });
    g.mutate("root-not-manifest", |d| {
        d.root.name = with_local(&d.root.name, "organizations");
        d.root
            .attrs
            .retain(|(n, _)| n != "identifier" && n != "version");
        true
    });
    g.mutate("root-adlcp-location", |d| {
        d.root = Elem {
            name: format!("{adl}:location"),
            attrs: vec![(format!("xmlns:{adl}"), ADLCP.into())],
            children: vec![Node::Text("index.html".into())],
        };
        true
    });

    // Namespace prefixes: same URIs under other prefixes are still valid.
    if let Some(p) = d0.prefix_for(ADLCP) {
        g.mutate_text("adlcp-prefix-renamed", |t| {
            t.replace(&format!("xmlns:{p}="), "xmlns:scorm=")
                .replace(&format!("{p}:"), "scorm:")
        });
    }
    g.mutate("imscp-explicit-prefix", |d| {
        fn prefix_all(e: &mut Elem) {
            if !e.name.contains(':') {
                e.name = format!("cp:{}", e.name);
            }
            for c in &mut e.children {
                if let Node::Elem(x) = c {
                    if !x.attrs.iter().any(|(k, _)| k == "xmlns") {
                        prefix_all(x);
                    }
                }
            }
        }
        d.set_attr(&[], "xmlns:cp", IMSCP);
        d.root.attrs.retain(|(k, _)| k != "xmlns");
        prefix_all(&mut d.root);
        true
    });
    g.mutate("imscp-prefix-root-only", |d| {
        d.set_attr(&[], "xmlns:cp", IMSCP);
        d.root.name = "cp:manifest".into();
        true
    });
    g.mutate("xsi-schemalocation-odd", |d| {
        d.set_attr(&[], "xsi:schemaLocation", "imscp_rootv1p1p2.xsd");
        true
    });
    g.mutate("xsi-nonamespace-schemalocation", |d| {
        d.set_attr(&[], "xsi:noNamespaceSchemaLocation", "x.xsd");
        true
    });
    g.mutate("xsi-type-on-root", |d| {
        d.set_attr(&[], "xmlns:cp", IMSCP);
        d.set_attr(&[], "xsi:type", "cp:manifestType");
        true
    });
    g.mutate("xsi-type-unknown", |d| {
        d.set_attr(&[], "xsi:type", "nope");
        true
    });
    g.mutate_text("doctype-added", |t| match t.find("<manifest") {
        Some(i) => format!("{}<!DOCTYPE manifest>\n{}", &t[..i], &t[i..]),
        None => t.to_string(),
    });
    g.mutate_text("truncated", |t| t[..t.len() * 2 / 3].to_string());
    g.mutate_text("trailing-garbage", |t| format!("{t}<extra/>\n"));
}

// ---------------------------------------------------------------------------------------------
// Tin Can operators
// ---------------------------------------------------------------------------------------------

fn tincan(g: &mut Gen) {
    let d0 = g.orig.clone();
    let acts = d0.find(TINCAN, "activity");
    let a0 = acts[0].clone();
    let a_last = acts.last().cloned().unwrap_or_else(|| a0.clone());
    let activities = d0.first(TINCAN, "activities").expect("activities");
    let name0 = d0.find(TINCAN, "name").into_iter().next();
    let launch0 = d0.find(TINCAN, "launch").into_iter().next();
    let desc0 = d0.find(TINCAN, "description").into_iter().next();

    // Attribute values: type is a string, id an anyURI, lang an xs:language.
    for (what, v) in [("bogus", "bogus"), ("empty", ""), ("relative", "course")] {
        g.mutate(&format!("activity-type-{what}"), |d| {
            d.set_attr(&a0.path, "type", v);
            true
        });
    }
    for (what, v) in [
        ("space", "http://example.com/a b"),
        ("empty", ""),
        ("relative", "course/1"),
        ("percent-bad", "http://example.com/%zz"),
        ("brackets", "http://[bad"),
        ("unicode", "http://example.com/\u{436}"),
        ("urn", "urn:uuid:7e1b2b4a-0000-4000-8000-000000000000"),
        ("hash-twice", "http://example.com/#a#b"),
    ] {
        g.mutate(&format!("activity-id-{what}"), |d| {
            d.set_attr(&a_last.path, "id", v);
            true
        });
    }
    // Operators that apply to some seeds only are kept wherever they apply.
    let share = g.share.take();
    if acts.len() >= 2 {
        g.mutate("activity-id-duplicated", |d| {
            let v = d.attr(&acts[0].path, "id").unwrap_or_default();
            d.set_attr(&acts[1].path, "id", &v);
            true
        });
    }
    g.share = share;
    let lang_target = d0
        .infos()
        .into_iter()
        .find(|i| d0.attr(&i.path, "lang").is_some())
        .or(name0.clone());
    if let Some(t) = &lang_target {
        for (what, v) in [
            ("en-us", "en-US"),
            ("empty", ""),
            ("space", "en US"),
            ("underscore", "en_US"),
            ("digits-first", "123"),
            ("long-subtag", "en-abcdefghi"),
            ("private", "x-klingon"),
            ("padded", " en "),
            ("nine-letters", "abcdefghi"),
        ] {
            g.mutate(&format!("lang-{what}"), |d| {
                d.set_attr(&t.path, "lang", v);
                true
            });
        }
        g.mutate("lang-prefixed-tc", |d| {
            d.elem_mut(&t.path).attrs.retain(|(k, _)| k != "lang");
            d.set_attr(&t.path, "xmlns:tc", TINCAN);
            d.set_attr(&t.path, "tc:lang", "en");
            true
        });
        g.mutate("xml-lang-instead", |d| {
            d.elem_mut(&t.path).attrs.retain(|(k, _)| k != "lang");
            d.set_attr(&t.path, "xml:lang", "en");
            true
        });
    }
    g.mutate("activity-unknown-attr", |d| {
        d.set_attr(&a0.path, "lang", "en");
        true
    });
    g.mutate("activity-xsi-type", |d| {
        d.set_attr(&[], "xmlns:xsi", XSI);
        d.set_attr(&a0.path, "xsi:type", "activity");
        true
    });
    g.mutate("root-xsi-schemalocation", |d| {
        d.set_attr(&[], "xmlns:xsi", XSI);
        d.set_attr(&[], "xsi:schemaLocation", &format!("{TINCAN} tincan.xsd"));
        true
    });
    g.mutate("root-unused-ns-decl", |d| {
        d.set_attr(&[], "xmlns:unused", FOREIGN);
        true
    });

    // Optional and repeated children of an activity.
    let inserts: Vec<(&str, &str)> = vec![
        ("second-name", "<name lang=\"fr\">Nom</name>"),
        ("resource", "<resource lang=\"en\">res.html</resource>"),
        ("interaction-type", "<interactionType>choice</interactionType>"),
        ("extensions", "<extensions><extension key=\"http://example.com/k\">v</extension></extensions>"),
        ("extension-no-key", "<extensions><extension>v</extension></extensions>"),
        ("extensions-empty", "<extensions/>"),
        ("choices", "<interactionType>choice</interactionType><correctResponsePatterns><correctResponsePattern>a</correctResponsePattern></correctResponsePatterns><choices><component><id>a</id><description lang=\"en\">A</description></component></choices>"),
        ("component-without-description", "<choices><component><id>a</id></component></choices>"),
        ("component-id-after-description", "<choices><component><description>A</description><id>a</id></component></choices>"),
        ("correct-responses-empty", "<correctResponsePatterns/>"),
        ("scale-and-steps", "<scale><component><id>1</id><description>one</description></component></scale><steps><component><id>s</id><description>step</description></component></steps>"),
        ("steps-before-scale", "<steps><component><id>s</id><description>step</description></component></steps><scale><component><id>1</id><description>one</description></component></scale>"),
        ("extensions-then-interaction-type", "<extensions><extension key=\"k\"/></extensions><interactionType>choice</interactionType>"),
        ("source-target", "<source><component><id>s</id><description>S</description></component></source><target><component><id>t</id><description>T</description></component></target>"),
        ("provider-inside-activity", "<provider><name>P</name><id>p</id></provider>"),
    ];
    for (what, raw) in inserts {
        g.mutate(&format!("activity-{what}"), |d| {
            // A second name goes right after the first one; the rest at the end.
            if what == "second-name" {
                let Some(n) = d
                    .infos()
                    .into_iter()
                    .find(|i| i.local == "name" && i.path.starts_with(&a0.path))
                else {
                    return false;
                };
                d.insert_after(&n.path, Node::Raw(raw.to_string()));
            } else {
                d.append(&a0.path, Node::Raw(raw.to_string()));
            }
            true
        });
    }
    g.mutate("activity-resource-before-launch", |d| {
        let Some(l) = d
            .infos()
            .into_iter()
            .find(|i| i.local == "launch" && i.path.starts_with(&a0.path))
        else {
            return false;
        };
        d.insert_before(&l.path, Node::Raw("<resource>r.html</resource>".into()));
        true
    });
    g.mutate("activity-emptied", |d| {
        d.elem_mut(&a0.path).children.clear();
        true
    });
    g.mutate("activity-only-name", |d| {
        let e = d.elem_mut(&a0.path);
        e.children.retain(|c| match c {
            Node::Elem(x) => split_qname(&x.name).1 == "name",
            _ => true,
        });
        true
    });

    // Providers (xs:all: any order, each at most once).
    let providers: Vec<(&str, &str)> = vec![
        ("ok", "<provider><name>P</name><id>p</id></provider>"),
        ("reordered", "<provider><info>http://example.com</info><id>p</id><secret>s</secret><name lang=\"en\">P</name></provider>"),
        ("all-fields", "<provider><name>P</name><id>p</id><secret>s</secret><public_key>k</public_key><info>http://example.com</info></provider>"),
        ("missing-id", "<provider><name>P</name></provider>"),
        ("name-twice", "<provider><name>P</name><id>p</id><name>Q</name></provider>"),
        ("unknown-child", "<provider><name>P</name><id>p</id><url>x</url></provider>"),
        ("two-providers", "<provider><name>P</name><id>p</id></provider><provider><name>Q</name><id>q</id></provider>"),
        ("empty", "<provider/>"),
    ];
    for (what, raw) in providers {
        g.mutate(&format!("provider-{what}"), |d| {
            d.append(&activities.path, Node::Raw(raw.to_string()));
            true
        });
    }
    g.mutate("provider-before-activity", |d| {
        d.elem_mut(&activities.path).children.insert(
            0,
            Node::Raw("<provider><name>P</name><id>p</id></provider>".into()),
        );
        true
    });
    g.mutate("activities-twice", |d| {
        let copy = d.elem(&activities.path).clone();
        d.insert_after(&activities.path, Node::Elem(copy));
        true
    });
    g.mutate("activities-emptied", |d| {
        d.elem_mut(&activities.path).children.clear();
        true
    });
    g.mutate("activity-at-root", |d| {
        let copy = d.elem(&a0.path).clone();
        d.insert_after(&activities.path, Node::Elem(copy));
        true
    });
    g.mutate("root-emptied", |d| {
        d.root.children.clear();
        true
    });
    g.mutate("root-activities", |d| {
        let mut copy = d.elem(&activities.path).clone();
        copy.attrs = d.root.attrs.clone();
        d.root = copy;
        true
    });

    // Elements and attributes out of place.
    let misplaced: Vec<(&str, &str)> = vec![
        ("launch-first", "launch"),
        (
            "extension-without-extensions",
            "<extension key=\"k\">v</extension>",
        ),
        (
            "component-without-list",
            "<component><id>a</id><description>A</description></component>",
        ),
        ("name-in-description", "name"),
        ("activities-in-activity", "<activities/>"),
    ];
    for (what, raw) in misplaced {
        g.mutate(&format!("misplaced-{what}"), |d| {
            let infos = d.infos();
            let inside = |local: &str| {
                infos
                    .iter()
                    .find(|i| i.local == local && i.path.starts_with(&a0.path))
                    .cloned()
            };
            match what {
                "launch-first" => {
                    let Some(l) = inside("launch") else {
                        return false;
                    };
                    let node = Node::Elem(d.elem(&l.path).clone());
                    d.remove(&l.path);
                    d.elem_mut(&a0.path).children.insert(0, node);
                }
                "name-in-description" => {
                    let Some(ds) = inside("description") else {
                        return false;
                    };
                    d.append(&ds.path, Node::Raw("<name>N</name>".into()));
                }
                _ => d.append(&a0.path, Node::Raw(raw.to_string())),
            }
            true
        });
    }
    for (elem, attr) in [("name", "id"), ("launch", "type"), ("description", "key")] {
        let Some(i) = d0
            .infos()
            .into_iter()
            .find(|i| i.local == elem && i.path.starts_with(&a0.path))
        else {
            continue;
        };
        g.mutate(&format!("misplaced-attr-{attr}-on-{elem}"), |d| {
            d.set_attr(&i.path, attr, "x");
            true
        });
    }
    g.mutate("activity-id-qualified-attr", |d| {
        d.set_attr(&a0.path, "xmlns:tc", TINCAN);
        d.set_attr(&a0.path, "tc:id", "http://example.com/x");
        true
    });

    // Text content.
    if let Some(n) = &name0 {
        for (what, v) in [
            ("long", "n".repeat(5000)),
            ("markup-escaped", "&lt;b&gt;x&lt;/b&gt;".into()),
            ("child-element", "<b>x</b>".into()),
            ("cdata", "<![CDATA[<b>x</b>]]>".into()),
        ] {
            g.mutate(&format!("name-{what}"), |d| {
                d.set_content(&n.path, &v);
                true
            });
        }
    }
    if let Some(l) = &launch0 {
        for (what, v) in [
            ("space", "index lms.html"),
            ("empty", ""),
            ("absolute", "https://example.com/index.html?x=1"),
            ("percent-bad", "index%zz.html"),
            ("padded", "  index.html  "),
        ] {
            g.mutate(&format!("launch-{what}"), |d| {
                d.set_content(&l.path, v);
                true
            });
        }
    }
    if let Some(ds) = &desc0 {
        g.mutate("description-removed", |d| {
            d.remove(&ds.path);
            true
        });
    }

    // Namespaces.
    g.mutate("tc-explicit-prefix", |d| {
        fn prefix_all(e: &mut Elem) {
            if !e.name.contains(':') {
                e.name = format!("tc:{}", e.name);
            }
            for c in &mut e.children {
                if let Node::Elem(x) = c {
                    prefix_all(x);
                }
            }
        }
        d.set_attr(&[], "xmlns:tc", TINCAN);
        d.root.attrs.retain(|(k, _)| k != "xmlns");
        prefix_all(&mut d.root);
        true
    });
    g.mutate("tc-prefix-root-only", |d| {
        d.set_attr(&[], "xmlns:tc", TINCAN);
        d.root.name = "tc:tincan".into();
        true
    });
    g.mutate("tc-prefix-on-attribute", |d| {
        d.set_attr(&[], "xmlns:tc", TINCAN);
        let e = d.elem_mut(&a0.path);
        for (k, _) in e.attrs.iter_mut() {
            if k == "type" {
                *k = "tc:type".into();
            }
        }
        true
    });
    g.mutate("tincan-ns-http-s", |d| {
        d.set_attr(&[], "xmlns", "https://projecttincan.com/tincan.xsd");
        true
    });
    g.mutate("tincan-ns-trailing-slash", |d| {
        d.set_attr(&[], "xmlns", "http://projecttincan.com/tincan.xsd/");
        true
    });
    g.mutate("tincan-no-ns", |d| {
        d.root.attrs.retain(|(k, _)| k != "xmlns");
        true
    });
    g.mutate("scorm-ns-root", |d| {
        d.set_attr(&[], "xmlns", IMSCP);
        true
    });
    g.mutate_text("truncated", |t| t[..t.len() * 2 / 3].to_string());
    g.mutate_text("bom-added-or-removed", |t| {
        match t.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => format!("\u{feff}{t}"),
        }
    });
    g.mutate_text("no-xml-declaration", |t| {
        let t = t.trim_start_matches('\u{feff}');
        match (t.starts_with("<?xml"), t.find("?>")) {
            (true, Some(i)) => t[i + 2..].trim_start().to_string(),
            _ => t.to_string(),
        }
    });
}

// ---------------------------------------------------------------------------------------------

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 {
        eprintln!("usage: mutate_manifests OUT_DIR");
        std::process::exit(2);
    }
    let out = PathBuf::from(&args[1]);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));

    for folder in ["scorm12", "scorm2004", "scorm2004-loose", "tincan", "cmi5"] {
        let dir = out.join(folder);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| fail(&dir, e));
        // Remove the corpus of an earlier run (only our own *.xml files) so the folder holds
        // exactly this run's documents.
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| fail(&dir, e)) {
            let p = entry.unwrap_or_else(|e| fail(&dir, e)).path();
            if p.extension().is_some_and(|x| x == "xml") {
                std::fs::remove_file(&p).unwrap_or_else(|e| fail(&p, e));
            }
        }
    }
    for (kind, seeds) in [
        ("scorm12", SCORM12_SEEDS),
        ("scorm2004", SCORM2004_SEEDS),
        ("tincan", TINCAN_SEEDS),
        ("cmi5", CMI5_SEEDS),
    ] {
        let mut total = 0;
        for (index, (seed, rel)) in seeds.iter().enumerate() {
            let path = root.join(rel);
            let src = std::fs::read_to_string(&path).unwrap_or_else(|e| fail(&path, e));
            let doc = parse(&src).unwrap_or_else(|e| fail(&path, e));
            let mut g = Gen::new(kind, seed, doc);
            encodings(&mut g);
            generic(&mut g, if kind == "scorm2004" { 1 } else { 2 });
            g.share = Some((index, seeds.len(), 2));
            match kind {
                "scorm12" => scorm12(&mut g),
                "scorm2004" => scorm2004::scorm2004(&mut g),
                "cmi5" => cmi5::cmi5(&mut g),
                _ => tincan(&mut g),
            }
            total += g.write(&out).unwrap_or_else(|e| fail(&out, e));
        }
        println!("{kind}: {total} documents in {}", out.display());
    }
}

fn fail(path: &Path, e: impl std::fmt::Display) -> ! {
    eprintln!("mutate_manifests: {}: {e}", path.display());
    std::process::exit(1);
}
