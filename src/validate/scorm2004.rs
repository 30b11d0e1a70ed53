//! SCORM 2004 rules the schemas cannot express, each judged by its consequence in Moodle (whose
//! reading of a manifest is [`moodle::read`]): the edition the manifest declares, the literal
//! prefixes Moodle matches and the spelling of ADL names, identifiers and what is launched (as
//! for SCORM 1.2, [`scorm12::identifiers`] and [`scorm12::organizations`]), the ADL extensions
//! of items, the values Moodle hands to SCOs, and the resources ([`resources`]). The sequencing
//! references are checked in [`sequencing`].
//!
//! Every rule says which Moodle behaviour it stands for; Moodle reads little of SCORM 2004's
//! sequencing (see [`moodle`]), so most departures there are tolerated: a warning that says
//! what Moodle does instead by default, an error with `--profile strict`.

use super::dom::Element;
use super::findings::Findings;
use super::moodle::{self, Reading};
use super::{resources, scorm12, sequencing};
use std::collections::{BTreeSet, HashMap, HashSet};

pub const IMSCP: &str = super::kind::IMSCP_V1P1;
pub const ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";
pub const ADLSEQ: &str = "http://www.adlnet.org/xsd/adlseq_v1p3";
pub const ADLNAV: &str = "http://www.adlnet.org/xsd/adlnav_v1p3";
pub const IMSSS: &str = "http://www.imsglobal.org/xsd/imsss";

/// The edition a manifest declares in `<schemaversion>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Edition {
    /// `CAM 1.3` (2nd Edition) or `1.3` (1st).
    Second,
    /// `2004 3rd Edition`.
    Third,
    /// `2004 4th Edition`.
    Fourth,
}

impl Edition {
    /// The edition a schemaversion names, as Moodle recognises them (`scorm_get_manifest`).
    pub fn from_schemaversion(v: &str) -> Option<Edition> {
        match v {
            "1.3" | "CAM 1.3" => Some(Edition::Second),
            "2004 3rd Edition" => Some(Edition::Third),
            "2004 4th Edition" => Some(Edition::Fourth),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Edition::Second => "SCORM 2004 2nd Edition (CAM 1.3)",
            Edition::Third => "SCORM 2004 3rd Edition",
            Edition::Fourth => "SCORM 2004 4th Edition",
        }
    }
}

/// The names the SCORM 2004 ADL and IMS SS schemas declare globally, by namespace: elements,
/// then attributes.
const DECLARED: [(&str, &[&str], &[&str]); 4] = [
    (
        ADLCP,
        &[
            "location",
            "dataFromLMS",
            "timeLimitAction",
            "completionThreshold",
            "data",
            "map",
        ],
        &["scormType", "sharedDataGlobalToSystem"],
    ),
    (
        ADLSEQ,
        &[
            "constrainedChoiceConsiderations",
            "rollupConsiderations",
            "objectives",
            "objective",
            "mapInfo",
        ],
        &["objectivesGlobalToSystem"],
    ),
    (
        ADLNAV,
        &["presentation", "navigationInterface", "hideLMSUI"],
        &[],
    ),
    (IMSSS, &["sequencing", "sequencingCollection"], &[]),
];

/// The prefix Moodle matches for each namespace (as text, case aside).
const PREFIXES: [(&str, &str); 4] = [
    (ADLCP, "adlcp"),
    (ADLSEQ, "adlseq"),
    (ADLNAV, "adlnav"),
    (IMSSS, "imsss"),
];

/// SCORM 1.2's ADL names that have no meaning in SCORM 2004.
const SCORM12_ONLY: [&str; 3] = ["masteryscore", "maxtimeallowed", "prerequisites"];

/// Checks a parsed SCORM 2004 manifest; `files` are the files of its package, when known;
/// `flagged` are the places (line, column) where the schemas found something. Returns Moodle's
/// reading of it.
pub fn check(
    root: &Element,
    files: Option<&BTreeSet<String>>,
    flagged: &HashSet<(usize, usize)>,
    out: &mut Findings<'_>,
) -> Option<Reading> {
    if root.local == "manifest" && root.ns.as_deref() == Some(scorm12::IMSCP) {
        let version = root
            .child(scorm12::IMSCP, "metadata")
            .and_then(|m| m.child(scorm12::IMSCP, "schemaversion"))
            .map(|v| v.text.as_str())
            .unwrap_or_default();
        out.error_at(
            root,
            format!("schemaversion `{version}` makes Moodle play the package as SCORM 2004, but the manifest is a SCORM 1.2 one (namespace `{}`)", scorm12::IMSCP),
            "write <schemaversion>1.2</schemaversion> for a SCORM 1.2 package; a SCORM 2004 manifest is in the namespace http://www.imsglobal.org/xsd/imscp_v1p1",
        );
        return None;
    }
    if root.ns.as_deref() != Some(IMSCP) || root.local != "manifest" {
        // The schema reports this; nothing below would make sense.
        return None;
    }
    let reading = moodle::read(root);
    let edition = metadata(root, out);
    prefixes(root, flagged, out);
    if let Some(edition) = edition {
        editions(root, edition, out);
    }
    let items = scorm12::identifiers(root, IMSCP, out);
    scorm12::organizations(root, IMSCP, &items, &reading, out);
    clusters(&items, out);
    placement(root, out);
    item_values(&items, out);
    moodle_values(&items, &reading, out);
    sequencing::check(root, out);
    let control = control_files(root);
    let control: Vec<&str> = control.iter().map(String::as_str).collect();
    let dialect = resources::Dialect {
        cp: IMSCP,
        adlcp: ADLCP,
        scorm_type: "scormType",
        control_files: &control,
        control_hint: "SCORM 2004 packages carry the control schemas their manifest names in xsi:schemaLocation at the root; most LMSs import without them",
        is_schema_file,
    };
    resources::check(root, &reading, files, &dialect, out);
    Some(reading)
}

/// `scorm_get_manifest` plays a package as SCORM 2004 only when its schemaversion is `1.3`,
/// `CAM 1.3`, `2004 3rd Edition` or `2004 4th Edition`; it takes any other, or none, for SCORM
/// 1.2: it loads its SCORM 1.2 API, and the SCOs, which look for `API_1484_11`, record
/// nothing. It never reads `<schema>`. Returns the edition.
fn metadata(root: &Element, out: &mut Findings<'_>) -> Option<Edition> {
    let hint = "write <schemaversion>2004 4th Edition</schemaversion> (or `2004 3rd Edition`, `CAM 1.3` for the edition the package was made for) in the manifest's <metadata>";
    let consequence =
        "Moodle plays the package as SCORM 1.2: its SCOs find no API_1484_11 and record nothing";
    let Some(meta) = root.child(IMSCP, "metadata") else {
        out.error_at(
            root,
            format!("the manifest has no <metadata> with the schema version: {consequence}"),
            hint,
        );
        return None;
    };
    if let Some(schema) = meta.child(IMSCP, "schema") {
        if schema.text != "ADL SCORM" {
            out.tolerated_at(
                schema,
                format!(
                    "schema is `{}`; a SCORM 2004 manifest says `ADL SCORM`",
                    schema.text
                ),
                "it ignores <schema>",
                "write <schema>ADL SCORM</schema>",
            );
        }
    }
    match meta.child(IMSCP, "schemaversion") {
        None => {
            out.error_at(
                meta,
                format!("metadata has no <schemaversion>: {consequence}"),
                hint,
            );
            None
        }
        Some(v) => match Edition::from_schemaversion(&v.text) {
            Some(e) => Some(e),
            None => {
                out.error_at(
                    v,
                    format!(
                        "schemaversion `{}` is not one of SCORM 2004's (`2004 4th Edition`, `2004 3rd Edition`, `CAM 1.3`): {consequence}",
                        v.text
                    ),
                    hint,
                );
                None
            }
        },
    }
}

/// PHP's XML parser, under Moodle, knows no namespaces: it matches names as text, prefix
/// included, case aside. IMS CP elements must be unprefixed, ADL CP names prefixed `adlcp:`
/// (or Moodle loses `adlcp:scormType` and takes every SCO for an asset), sequencing and
/// navigation names `imsss:`, `adlseq:` and `adlnav:` (or Moodle ignores them). The schemas
/// declare the ADL names in camel case; Moodle reads them whatever their case, and ignores
/// SCORM 1.2's `adlcp:masteryscore`, `maxtimeallowed` and `prerequisites` for a SCORM 2004
/// package.
fn prefixes(root: &Element, flagged: &HashSet<(usize, usize)>, out: &mut Findings<'_>) {
    if let Some(el) = root
        .descendants()
        .into_iter()
        .find(|e| e.ns.as_deref() == Some(IMSCP) && e.prefix.is_some())
    {
        out.error_at(
            el,
            format!(
                "IMS CP elements are written with a prefix (`{}:{}`): Moodle matches the names without one and finds nothing to import",
                el.prefix.as_deref().unwrap_or(""),
                el.local
            ),
            "declare the IMS CP namespace as the default one (xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\") and write <manifest>, <item>… without a prefix",
        );
    }
    let mut reported: HashSet<&str> = HashSet::new();
    names(root, None, flagged, &mut reported, out);
}

/// The ADL and IMS SS names of `el` and its descendants; `parent_ns` is the namespace of its
/// parent; `reported` the namespaces already reported under a wrong prefix.
fn names<'e>(
    el: &'e Element,
    parent_ns: Option<&str>,
    flagged: &HashSet<(usize, usize)>,
    reported: &mut HashSet<&'e str>,
    out: &mut Findings<'_>,
) {
    let element = (
        el.ns.as_deref(),
        el.prefix.as_deref(),
        el.local.as_str(),
        true,
    );
    let attributes = el.attrs.iter().map(|a| {
        (
            a.ns.as_deref(),
            a.prefix.as_deref(),
            a.local.as_str(),
            false,
        )
    });
    for (ns, prefix, local, is_element) in std::iter::once(element).chain(attributes) {
        let Some(ns) = ns else { continue };
        let Some(&(_, expected)) = PREFIXES.iter().find(|(n, _)| *n == ns) else {
            continue;
        };
        let what = if is_element { "element" } else { "attribute" };
        let prefix = prefix.unwrap_or("");
        if !prefix.eq_ignore_ascii_case(expected) {
            if reported.insert(ns) {
                let message = format!(
                    "{what} `{local}` is in the namespace `{ns}` under the prefix `{prefix}`"
                );
                let hint = format!(
                    "bind the namespace to the prefix `{expected}` (xmlns:{expected}=…) and write `{expected}:{local}`; Moodle matches that text"
                );
                if ns == ADLCP {
                    out.error_at(el, message, &hint);
                } else {
                    out.warning_at(
                        el,
                        format!("{message}: Moodle does not see it (it ignores the sequencing and navigation written so)"),
                        &hint,
                    );
                }
            }
            continue;
        }
        // The elements an IMS SS element holds are declared in it, not globally: the schemas
        // check them.
        let local_declaration = is_element && ns == IMSSS && parent_ns == Some(IMSSS);
        if !local_declaration {
            adl_name(el, ns, prefix, local, is_element, flagged, out);
        }
    }
    for child in &el.children {
        names(child, el.ns.as_deref(), flagged, reported, out);
    }
}

/// One name in an ADL or IMS SS namespace, under the prefix Moodle expects.
fn adl_name(
    el: &Element,
    ns: &str,
    prefix: &str,
    local: &str,
    is_element: bool,
    flagged: &HashSet<(usize, usize)>,
    out: &mut Findings<'_>,
) {
    let Some((_, elements, attributes)) = DECLARED.iter().find(|(n, _, _)| *n == ns) else {
        return;
    };
    let declared = if is_element { *elements } else { *attributes };
    if declared.contains(&local) {
        return;
    }
    // Where the schemas already complained, they said it.
    if flagged.contains(&(el.line, el.column)) {
        return;
    }
    let what = if is_element { "element" } else { "attribute" };
    let lower = local.to_ascii_lowercase();
    if let Some(right) = declared.iter().find(|d| d.eq_ignore_ascii_case(local)) {
        out.tolerated_at(
            el,
            format!("{what} `{prefix}:{local}` is spelled `{prefix}:{right}` in SCORM 2004"),
            "it reads names whatever their letter case",
            &format!("write `{prefix}:{right}`, as the SCORM 2004 schema declares it"),
        );
    } else if ns == ADLCP && SCORM12_ONLY.contains(&lower.as_str()) {
        let instead = match lower.as_str() {
            "masteryscore" => "imsss:minNormalizedMeasure with satisfiedByMeasure=\"true\" on the item's primary objective",
            "maxtimeallowed" => "attemptAbsoluteDurationLimit on the item's imsss:limitConditions",
            _ => "imsss:sequencingRules",
        };
        out.tolerated_at(
            el,
            format!("{what} `{prefix}:{local}` is SCORM 1.2's and has no meaning in SCORM 2004"),
            "it stores it but hands it to no SCORM 2004 SCO",
            &format!("use {instead}"),
        );
    } else if ns == IMSSS && is_element {
        out.tolerated_at(
            el,
            format!("element `{prefix}:{local}` is outside an imsss:sequencing"),
            "it ignores it",
            "put sequencing elements in the item's <imsss:sequencing>",
        );
    } else {
        out.tolerated_at(
            el,
            format!("{what} `{prefix}:{local}` is not defined in SCORM 2004 (namespace `{ns}`)"),
            "it ignores it",
            "remove it, or check its spelling against the SCORM 2004 schemas",
        );
    }
}

/// What a manifest of the 2nd or 3rd Edition cannot use: the 4th Edition's global objective
/// maps for completion and scores (`adlseq:objectives`), shared data (`adlcp:data`,
/// `sharedDataGlobalToSystem`) and completion by progress measure (the attributes of
/// `adlcp:completionThreshold`); and, before the 3rd Edition, the `hideLMSUI` values
/// `suspendAll`, `exitAll` and `abandonAll`. Moodle reads none of the first, and hides the
/// buttons of the second whatever the edition.
fn editions(root: &Element, edition: Edition, out: &mut Findings<'_>) {
    if edition == Edition::Fourth {
        return;
    }
    let hint = "declare the edition the package uses, <schemaversion>2004 4th Edition</schemaversion>, or remove it";
    for el in root.descendants() {
        let ns = el.ns.as_deref();
        let fourth = match (ns, el.local.as_str()) {
            (Some(ADLSEQ), "objectives") => Some("adlseq:objectives"),
            (Some(ADLCP), "data") => Some("adlcp:data"),
            (Some(ADLCP), "completionThreshold")
                if ["completedByMeasure", "minProgressMeasure", "progressWeight"]
                    .iter()
                    .any(|a| el.attr(a).is_some()) =>
            {
                Some("the attributes of adlcp:completionThreshold")
            }
            _ => None,
        };
        let fourth = fourth.or_else(|| {
            el.attr_ns(ADLCP, "sharedDataGlobalToSystem")
                .map(|_| "adlcp:sharedDataGlobalToSystem")
        });
        if let Some(what) = fourth {
            out.tolerated_at(
                el,
                format!(
                    "{what}: SCORM 2004 4th Edition only, and this manifest declares {}",
                    edition.name()
                ),
                "it does not read them",
                hint,
            );
        }
        if edition == Edition::Second
            && ns == Some(ADLNAV)
            && el.local == "hideLMSUI"
            && matches!(el.text.as_str(), "suspendAll" | "exitAll" | "abandonAll")
        {
            out.tolerated_at(
                el,
                format!(
                    "hideLMSUI `{}`: SCORM 2004 3rd Edition and later only, and this manifest declares {}",
                    el.text,
                    edition.name()
                ),
                "it hides the button whatever the edition",
                "declare <schemaversion>2004 4th Edition</schemaversion>, or remove it",
            );
        }
    }
}

/// In SCORM 2004 an item with items is a cluster: sequencing never delivers it, so its
/// `identifierref` is never launched. Moodle makes a launchable row of it all the same.
fn clusters(items: &[&Element], out: &mut Findings<'_>) {
    for item in items {
        let (Some(target), true) = (
            item.attr("identifierref"),
            item.children_named(IMSCP, "item").next().is_some(),
        ) else {
            continue;
        };
        let id = item.attr("identifier").unwrap_or("?");
        out.tolerated_at(
            item,
            format!("item `{id}` has items and an identifierref (`{target}`): in SCORM 2004 only a leaf item launches a resource"),
            "it launches it too, where an LMS that sequences by the specification never does",
            "move the resource to a child item of its own, or remove the identifierref",
        );
    }
}

/// Where the ADL and IMS SS elements belong, and how many of each: one `imsss:sequencing`,
/// `adlnav:presentation` and ADL CP extension per item or organization (Moodle reads each, the
/// last one winning); the item extensions only on items; `adlseq:objectives` only in a
/// sequencing; the `…GlobalToSystem` attributes only on organizations. The schemas accept
/// them anywhere their wildcards are: the CAM does not.
fn placement(root: &Element, out: &mut Findings<'_>) {
    const ONCE: [(&str, &str); 7] = [
        (IMSSS, "sequencing"),
        (ADLNAV, "presentation"),
        (ADLCP, "completionThreshold"),
        (ADLCP, "timeLimitAction"),
        (ADLCP, "dataFromLMS"),
        (ADLCP, "data"),
        (ADLSEQ, "objectives"),
    ];
    let parent_name = |el: &Element| match (el.ns.as_deref(), el.local.as_str()) {
        (Some(IMSCP), local) => local.to_string(),
        (_, local) => format!("{}:{local}", el.prefix.as_deref().unwrap_or_default()),
    };
    for parent in root.descendants() {
        let in_activity = parent.ns.as_deref() == Some(IMSCP)
            && matches!(parent.local.as_str(), "item" | "organization");
        let in_sequencing = parent.ns.as_deref() == Some(IMSSS) && parent.local == "sequencing";
        if parent.ns.as_deref() == Some(IMSSS) && parent.local == "sequencingCollection" {
            // The shared sequencing: checked in `sequencing`.
            continue;
        }
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        for child in &parent.children {
            let Some(ns) = child.ns.as_deref() else {
                continue;
            };
            let Some(&(ns, local)) = ONCE.iter().find(|(n, l)| *n == ns && *l == child.local)
            else {
                continue;
            };
            let name = format!("{}:{local}", prefix_of(ns));
            let home = match (ns, local) {
                (ADLSEQ, _) => in_sequencing,
                (IMSSS, _) | (ADLNAV, _) => in_activity,
                _ => parent.ns.as_deref() == Some(IMSCP) && parent.local == "item",
            };
            if !home {
                let belongs = match (ns, local) {
                    (ADLSEQ, _) => "in an item's imsss:sequencing",
                    (IMSSS, _) | (ADLNAV, _) => "in an <item> or <organization>",
                    _ => "in an <item>",
                };
                out.tolerated_at(
                    child,
                    format!("{name} belongs {belongs}, not in {}", parent_name(parent)),
                    "it applies it to no SCO",
                    &format!("move it {belongs}"),
                );
            } else if !seen.insert((ns, local)) {
                out.tolerated_at(
                    child,
                    format!(
                        "{name} appears more than once in the same {}",
                        parent_name(parent)
                    ),
                    "the last one replaces the others",
                    "keep one",
                );
            }
        }
        for (ns, attr) in [
            (ADLSEQ, "objectivesGlobalToSystem"),
            (ADLCP, "sharedDataGlobalToSystem"),
        ] {
            let on_organization =
                parent.ns.as_deref() == Some(IMSCP) && parent.local == "organization";
            if parent.attr_ns(ns, attr).is_some() && !on_organization {
                out.tolerated_at(
                    parent,
                    format!(
                        "{}:{attr} belongs on an <organization>, not on {}",
                        prefix_of(ns),
                        parent_name(parent)
                    ),
                    "it ignores it",
                    "move it to the <organization>",
                );
            }
        }
    }
}

fn prefix_of(ns: &str) -> &'static str {
    PREFIXES
        .iter()
        .find(|(n, _)| *n == ns)
        .map_or("", |(_, p)| p)
}

/// The values items hand to their SCOs: `adlcp:completionThreshold` as text is a number from 0
/// to 1 (the 2nd and 3rd Editions' schemas; the 4th's only deprecates it), which Moodle hands
/// to the SCO unchecked as `cmi.completion_threshold`; the shared data maps of one item name
/// each bucket once.
fn item_values(items: &[&Element], out: &mut Findings<'_>) {
    for item in items {
        for threshold in item.children_named(ADLCP, "completionThreshold") {
            let text = threshold.text.as_str();
            if text.is_empty() {
                continue;
            }
            let problem = match decimal(text) {
                Some(n) if !(0.0..=1.0).contains(&n) => Some("it is not from 0 to 1"),
                Some(_) => None,
                None => Some("it is not a decimal number"),
            };
            if let Some(problem) = problem {
                out.tolerated_at(
                    threshold,
                    format!("adlcp:completionThreshold `{text}` is not a completion threshold: {problem}"),
                    "it hands it to the SCO unchecked as cmi.completion_threshold",
                    "write a number from 0 to 1, such as 0.8, or (4th Edition) minProgressMeasure=\"0.8\"",
                );
            }
        }
        for data in item.children_named(ADLCP, "data") {
            let mut seen: HashSet<&str> = HashSet::new();
            for map in data.children_named(ADLCP, "map") {
                let Some(target) = map.attr("targetID") else {
                    continue;
                };
                if !seen.insert(target.trim()) {
                    out.tolerated_at(
                        map,
                        format!(
                            "adlcp:map targetID `{target}` appears twice in the same adlcp:data"
                        ),
                        "it ignores shared data",
                        "map each shared data bucket once",
                    );
                }
            }
        }
    }
}

/// An `xs:decimal` (`0.8`, `.8`, `+1`, `1.`).
fn decimal(v: &str) -> Option<f64> {
    let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let ok = all(whole) && all(fraction) && !(whole.is_empty() && fraction.is_empty());
    if ok {
        format!(
            "{}0{whole}.{fraction}0",
            if v.starts_with('-') { "-" } else { "" }
        )
        .parse()
        .ok()
    } else {
        None
    }
}

/// What Moodle makes of the objectives' measures: it stores an empty
/// `imsss:minNormalizedMeasure` as 0 (the specification reads it as the default 1.0), and hands
/// a SCO `cmi.scaled_passing_score` from the last of its objectives with a non-zero measure,
/// which need not be the primary objective's (`scorm_13lib.php`). Neither is a departure from
/// the specification: warnings by default, nothing with `--profile strict`.
fn moodle_values(items: &[&Element], reading: &Reading, out: &mut Findings<'_>) {
    if out.profile == super::Profile::Strict {
        return;
    }
    // Moodle's row of each item, by the item's place in the manifest.
    let rows: HashMap<(usize, usize), &moodle::Sco> = reading
        .scoes
        .iter()
        .map(|s| ((s.line, s.column), s))
        .collect();
    for item in items {
        let Some(seq) = item.child(IMSSS, "sequencing") else {
            continue;
        };
        let Some(objectives) = seq.child(IMSSS, "objectives") else {
            continue;
        };
        for objective in &objectives.children {
            for m in objective.children_named(IMSSS, "minNormalizedMeasure") {
                if m.text.is_empty() {
                    out.warning_at(
                        m,
                        "imsss:minNormalizedMeasure is empty: the specification reads it as 1.0, Moodle stores 0 (and hands the SCO no cmi.scaled_passing_score)".into(),
                        "write the value, such as <imsss:minNormalizedMeasure>1.0</imsss:minNormalizedMeasure>",
                    );
                }
            }
        }
        let id = item.attr("identifier").unwrap_or_default();
        let Some(row) = rows
            .get(&(item.line, item.column))
            .filter(|s| s.identifier == id)
        else {
            continue;
        };
        let Some(primary) = objectives.child(IMSSS, "primaryObjective") else {
            continue;
        };
        if primary.attr("satisfiedByMeasure").map(str::trim) != Some("true") {
            continue;
        }
        let wanted = primary
            .child(IMSSS, "minNormalizedMeasure")
            .map_or("1.0", |m| m.text.as_str());
        let Some(given) = row.scaled_passing_score() else {
            continue;
        };
        let same = |a: &str, b: &str| match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
            (Ok(x), Ok(y)) => x == y,
            _ => a == b,
        };
        if !given.primary && !same(&given.minnormalizedmeasure, wanted) {
            let from = if given.objectiveid.is_empty() {
                "an objective without objectiveID".to_string()
            } else {
                format!("objective `{}`", given.objectiveid)
            };
            let without = if objectives
                .children
                .iter()
                .filter(|o| o.local == "objective")
                .any(|o| o.child(IMSSS, "minNormalizedMeasure").is_none())
            {
                " (an objective without imsss:minNormalizedMeasure counts as 1.0)"
            } else {
                ""
            };
            out.warning_at(
                primary,
                format!(
                    "Moodle hands the SCO of item `{id}` cmi.scaled_passing_score `{}`, from {from}, not the primary objective's `{wanted}`: it takes the last objective's measure{without}",
                    given.minnormalizedmeasure
                ),
                "give every objective of the item the primary objective's imsss:minNormalizedMeasure, or let only the primary objective have one and the others none with a value of 0",
            );
        }
    }
}

/// The control schemas a manifest names in `xsi:schemaLocation` (relative locations only, by
/// their path from the package root), with the files they include or import.
fn control_files(root: &Element) -> Vec<String> {
    const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
    let Some(location) = root.attr_ns(XSI, "schemaLocation") else {
        return Vec::new();
    };
    let tokens: Vec<&str> = location.split_ascii_whitespace().collect();
    let mut files: Vec<String> = Vec::new();
    for pair in tokens.chunks(2) {
        let Some(file) = pair.get(1) else { continue };
        if file.contains(':') || file.starts_with('/') || file.contains('\\') {
            continue;
        }
        let file = file.trim_start_matches("./");
        let mut add = |f: &str| {
            if !files.iter().any(|x| x == f) {
                files.push(f.to_string());
            }
        };
        add(file);
        for dependency in schema_dependencies(file) {
            add(dependency);
        }
    }
    files
}

/// The files a SCORM 2004 control schema includes or imports from the package.
fn schema_dependencies(file: &str) -> Vec<&'static str> {
    const IMSSS_PARTS: [&str; 9] = [
        "imsss_v1p0auxresource.xsd",
        "imsss_v1p0control.xsd",
        "imsss_v1p0delivery.xsd",
        "imsss_v1p0limit.xsd",
        "imsss_v1p0objective.xsd",
        "imsss_v1p0random.xsd",
        "imsss_v1p0rollup.xsd",
        "imsss_v1p0seqrule.xsd",
        "imsss_v1p0util.xsd",
    ];
    const LOM_COMMON: [&str; 8] = [
        "common/anyElement.xsd",
        "common/dataTypes.xsd",
        "common/elementNames.xsd",
        "common/elementTypes.xsd",
        "common/rootElement.xsd",
        "common/vocabTypes.xsd",
        "common/vocabValues.xsd",
        "unique/strict.xsd",
    ];
    let lom = |vocab: &'static str, extend: &'static str| {
        let mut v = LOM_COMMON.to_vec();
        v.push(vocab);
        v.push(extend);
        v
    };
    match file {
        "imsss_v1p0.xsd" => IMSSS_PARTS.to_vec(),
        "lom.xsd" | "lomStrict.xsd" => lom("vocab/strict.xsd", "extend/strict.xsd"),
        "lomLoose.xsd" => lom("vocab/loose.xsd", "extend/custom.xsd"),
        "lomCustom.xsd" => lom("vocab/custom.xsd", "extend/custom.xsd"),
        _ => Vec::new(),
    }
}

/// A schema or DTD that needs no listing: at the package root, or in the folders of the LOM
/// schemas.
fn is_schema_file(path: &str) -> bool {
    let in_lom_folder = ["common/", "extend/", "unique/", "vocab/"]
        .iter()
        .any(|f| path.strip_prefix(f).is_some_and(|rest| !rest.contains('/')));
    (scorm12::is_root_schema(path) || in_lom_folder)
        && (path.ends_with(".xsd") || path.ends_with(".dtd"))
}

/// What the manifest asks of an LMS that Moodle never does, for `--explain`.
pub fn unread(root: &Element) -> Vec<String> {
    let all = root.descendants();
    let count = |ns: &str, local: &str| {
        all.iter()
            .filter(|e| e.ns.as_deref() == Some(ns) && e.local == local)
            .count()
    };
    let mut notes = Vec::new();
    let collection = count(IMSSS, "sequencingCollection");
    let idrefs = all
        .iter()
        .filter(|e| e.ns.as_deref() == Some(IMSSS) && e.local == "sequencing")
        .filter(|e| e.attr("IDRef").is_some())
        .count();
    if collection > 0 || idrefs > 0 {
        notes.push(format!(
            "the shared sequencing of imsss:sequencingCollection ({idrefs} activity(ies) refer to it with IDRef): Moodle never reads it"
        ));
    }
    let maps = count(IMSSS, "mapInfo");
    if maps > 0 {
        notes.push(format!(
            "{maps} imsss:mapInfo (global objectives): Moodle parses them but never stores them"
        ));
    }
    for (ns, local, what) in [
        (
            ADLSEQ,
            "objectives",
            "adlseq:objectives (completion and scores of global objectives)",
        ),
        (ADLCP, "data", "adlcp:data (shared data buckets)"),
        (
            IMSSS,
            "randomizationControls",
            "imsss:randomizationControls",
        ),
        (IMSSS, "deliveryControls", "imsss:deliveryControls"),
        (IMSSS, "auxiliaryResources", "imsss:auxiliaryResources"),
        (
            ADLSEQ,
            "rollupConsiderations",
            "adlseq:rollupConsiderations",
        ),
    ] {
        let n = count(ns, local);
        if n > 0 {
            notes.push(format!("{n} {what}: Moodle does not read them"));
        }
    }
    let by_measure = all
        .iter()
        .filter(|e| e.ns.as_deref() == Some(ADLCP) && e.local == "completionThreshold")
        .filter(|e| {
            ["completedByMeasure", "minProgressMeasure", "progressWeight"]
                .iter()
                .any(|a| e.attr(a).is_some())
        })
        .count();
    if by_measure > 0 {
        notes.push(format!(
            "the attributes of {by_measure} adlcp:completionThreshold (completion by progress measure): Moodle reads only the element's text"
        ));
    }
    notes
}
