//! SCORM 1.2 rules the schemas cannot express, each judged by its consequence in Moodle (whose
//! reading of a manifest is [`moodle::read`]): identifiers and references, organizations and
//! items, the values LMSs hand to SCOs, the metadata, and the literal prefixes Moodle matches.
//! The resources and the files they name are checked in [`resources`].
//!
//! Every rule says which Moodle behaviour it stands for; a departure Moodle tolerates is
//! reported with [`Findings::tolerated_at`] (a warning by default, an error with
//! `--profile strict`).

use super::dom::Element;
use super::findings::Findings;
use super::moodle::{self, Reading};
use super::{resources, values, xsd};
use std::collections::{BTreeSet, HashMap};

pub const IMSCP: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
pub const ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";

/// The control files SCORM 1.2 puts at the package root.
pub const CONTROL_FILES: &[&str] = &[
    "imscp_rootv1p1p2.xsd",
    "adlcp_rootv1p2.xsd",
    "imsmd_rootv1p2p1.xsd",
    "ims_xml.xsd",
];

/// SCORM 1.2 to the resource rules.
const DIALECT: resources::Dialect<'static> = resources::Dialect {
    cp: IMSCP,
    adlcp: ADLCP,
    scorm_type: "scormtype",
    control_files: CONTROL_FILES,
    control_hint: "SCORM 1.2 packages carry their four control schemas at the root; most LMSs import without them",
    is_schema_file: is_root_schema,
};

/// A schema or DTD at the package root.
pub fn is_root_schema(path: &str) -> bool {
    !path.contains('/') && (path.ends_with(".xsd") || path.ends_with(".dtd"))
}

/// The element and attribute names of the ADL namespace in SCORM 1.2.
const ADLCP_NAMES: &[&str] = &[
    "location",
    "prerequisites",
    "maxtimeallowed",
    "timelimitaction",
    "datafromlms",
    "masteryscore",
    "schema",
    "schemaversion",
    "scormtype",
];

/// Checks a parsed SCORM 1.2 manifest; `files` are the files of its package, when known (a lone
/// manifest has none: the rules that need them are skipped). Returns Moodle's reading of it.
pub fn check(
    root: &Element,
    files: Option<&BTreeSet<String>>,
    out: &mut Findings<'_>,
) -> Option<Reading> {
    if root.ns.as_deref() != Some(IMSCP) || root.local != "manifest" {
        // The schema reports this; nothing below would make sense.
        return None;
    }
    let reading = moodle::read(root);
    metadata(root, out);
    prefixes(root, out);
    let items = identifiers(root, IMSCP, out);
    organizations(root, IMSCP, &items, &reading, out);
    item_values(&items, out);
    resources::check(root, &reading, files, &DIALECT, out);
    Some(reading)
}

/// `scorm_get_manifest` reads `<schemaversion>` only to tell SCORM 1.2 from 2004, and takes a
/// manifest without one (or with another value) for SCORM 1.2; it never reads `<schema>`.
fn metadata(root: &Element, out: &mut Findings<'_>) {
    let without = "it takes a manifest without a schemaversion for SCORM 1.2";
    let other = "it takes any schemaversion but 1.3 and SCORM 2004's for SCORM 1.2";
    let Some(meta) = root.child(IMSCP, "metadata") else {
        out.tolerated_at(
            root,
            "the manifest has no <metadata> with the schema version".into(),
            without,
            "add <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>",
        );
        return;
    };
    if let Some(schema) = meta.child(IMSCP, "schema") {
        if schema.text != "ADL SCORM" {
            out.tolerated_at(
                schema,
                format!("schema is `{}`; a SCORM 1.2 manifest says `ADL SCORM`", schema.text),
                "it ignores <schema>",
                "write <schema>ADL SCORM</schema>; a SCORM 2004 package needs a SCORM 2004 manifest (namespace imscp_v1p1, schemaversion `2004 4th Edition`)",
            );
        }
    }
    match meta.child(IMSCP, "schemaversion") {
        Some(v) if v.text == "1.2" => {}
        Some(v) => out.tolerated_at(
            v,
            format!(
                "schemaversion is `{}`; a SCORM 1.2 manifest says exactly `1.2`",
                v.text
            ),
            other,
            "write <schemaversion>1.2</schemaversion>",
        ),
        None => out.tolerated_at(
            meta,
            "metadata has no <schemaversion>".into(),
            without,
            "add <schemaversion>1.2</schemaversion>",
        ),
    }
}

/// PHP's XML parser, under Moodle, knows no namespaces: it matches the text of names, case
/// aside. IMS CP elements must be unprefixed, ADL ones prefixed `adlcp:`.
fn prefixes(root: &Element, out: &mut Findings<'_>) {
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
            "declare the IMS CP namespace as the default one (xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\") and write <manifest>, <item>… without a prefix",
        );
    }
    for el in root.descendants() {
        if el.ns.as_deref() == Some(ADLCP) {
            adl_name(el, "element", el.prefix.as_deref(), &el.local, out);
        }
        for a in &el.attrs {
            if a.ns.as_deref() == Some(ADLCP) {
                adl_name(el, "attribute", a.prefix.as_deref(), &a.local, out);
            }
        }
    }
}

/// One name in the ADL namespace: Moodle finds it only under the literal prefix `adlcp:`, in
/// any letter case; the schema knows it in lower case only.
fn adl_name(el: &Element, what: &str, prefix: Option<&str>, local: &str, out: &mut Findings<'_>) {
    let prefix = prefix.unwrap_or("");
    if !prefix.eq_ignore_ascii_case("adlcp") {
        out.error_at(
            el,
            format!("{what} `{local}` is in the ADL namespace under the prefix `{prefix}`"),
            &format!(
                "bind the ADL namespace to the prefix `adlcp` (xmlns:adlcp=…) and write `adlcp:{}`; Moodle matches that text",
                local.to_ascii_lowercase()
            ),
        );
        return;
    }
    let lower = local.to_ascii_lowercase();
    if local != lower && ADLCP_NAMES.contains(&lower.as_str()) {
        out.tolerated_at(
            el,
            format!(
                "{what} `{prefix}:{local}` is spelled as in SCORM 2004; SCORM 1.2 names it `adlcp:{lower}`"
            ),
            "it reads names whatever their letter case",
            &format!("write `adlcp:{lower}` (all lower case), as the SCORM 1.2 schema declares it"),
        );
    }
}

/// Identifiers: unique (Moodle keys items and resources by them: a second one replaces the
/// first), and of the xsd:ID form the schema asks for (Moodle keeps them as plain text).
/// Returns the items. `cp` is the IMS CP namespace (SCORM 2004 shares the rule).
pub(super) fn identifiers<'a>(
    root: &'a Element,
    cp: &'a str,
    out: &mut Findings<'_>,
) -> Vec<&'a Element> {
    let organizations: Vec<&Element> = root
        .child(cp, "organizations")
        .map(|o| o.children_named(cp, "organization").collect())
        .unwrap_or_default();
    let items: Vec<&Element> = organizations
        .iter()
        .flat_map(|o| o.descendants())
        .filter(|e| e.ns.as_deref() == Some(cp) && e.local == "item")
        .collect();
    let resources = root
        .child(cp, "resources")
        .into_iter()
        .flat_map(|r| r.children_named(cp, "resource"));
    let identified = std::iter::once(root)
        .chain(organizations.iter().copied())
        .chain(items.iter().copied())
        .chain(resources);
    let mut seen: HashMap<&str, &Element> = HashMap::new();
    let mut malformed: BTreeSet<&str> = BTreeSet::new();
    for el in identified {
        // As xsd:ID reads it: white space around the value does not count.
        let Some(id) = el.attr("identifier").map(|i| i.trim_matches(is_xml_space)) else {
            continue;
        };
        if let Some(problem) = xsd::ncname_problem(id) {
            malformed.insert(id);
            out.tolerated_at(
                el,
                format!("identifier `{id}` is not a valid xsd:ID: {problem}"),
                "it keeps identifiers as plain text",
                "start identifiers with a letter or `_`, and use letters, digits, `-`, `_` and `.` only (the exporting tool may have a setting for it)",
            );
        }
        if let Some(first) = seen.get(id) {
            out.error_at(
                el,
                format!(
                    "identifier `{id}` is used twice (first on line {})",
                    first.line
                ),
                "give every organization, item and resource its own identifier; Moodle keeps only one of each",
            );
        } else {
            seen.insert(id, el);
        }
    }
    if let Some(orgs) = root.child(cp, "organizations") {
        if let Some(d) = orgs.attr("default").map(|d| d.trim_matches(is_xml_space)) {
            if malformed.contains(d) {
                // Said where the organization is defined.
                out.cover_value(orgs, d);
            } else if let Some(problem) = xsd::ncname_problem(d) {
                out.tolerated_at(
                    orgs,
                    format!("organizations/@default `{d}` is not a valid xsd:IDREF: {problem}"),
                    "it keeps identifiers as plain text",
                    "name the default organization by an identifier that starts with a letter or `_`",
                );
            }
        }
    }
    items
}

/// Organizations and items: what Moodle launches. `cp` is the IMS CP namespace (SCORM 2004
/// shares the rule).
pub(super) fn organizations(
    root: &Element,
    cp: &str,
    items: &[&Element],
    reading: &Reading,
    out: &mut Findings<'_>,
) {
    let Some(orgs) = root.child(cp, "organizations") else {
        return;
    };
    let resource_ids: HashMap<&str, &Element> = root
        .child(cp, "resources")
        .into_iter()
        .flat_map(|r| r.children_named(cp, "resource"))
        .filter_map(|r| Some((r.attr("identifier")?, r)))
        .collect();
    let organizations: Vec<&Element> = orgs.children_named(cp, "organization").collect();
    let org_ids: Vec<&str> = organizations
        .iter()
        .filter_map(|o| o.attr("identifier"))
        .collect();
    match orgs.attr("default") {
        // scorm_parse_scorm finds no launch row: the player opens the first SCO it can.
        Some(d) if !org_ids.contains(&d) => out.tolerated_at(
            orgs,
            format!("organizations/@default `{d}` names no organization"),
            "it opens the first item it can launch",
            &format!("set it to one of: {}", list(&org_ids)),
        ),
        None if !org_ids.is_empty() => out.warning_at(
            orgs,
            "organizations has no `default` attribute".into(),
            "name the organization to launch, e.g. default=\"ORG-1\"; LMSs otherwise guess",
        ),
        _ => {}
    }

    // Nothing to launch: Moodle imports the package and shows an empty activity.
    let nothing = reading.launchable().next().is_none();
    let none_refers = items.iter().all(|i| i.attr("identifierref").is_none());
    let dead_end = nothing && none_refers;
    for org in &organizations {
        let has_items = org.children_named(cp, "item").next().is_some();
        if has_items {
            continue;
        }
        let id = org.attr("identifier").unwrap_or("?");
        let message = format!("organization `{id}` has no items");
        if dead_end {
            out.error_at(
                org,
                format!("{message}: Moodle finds nothing to launch"),
                "add an <item identifierref=\"…\"> for each SCO",
            );
        } else {
            out.tolerated_at(
                org,
                message,
                "it shows the organization with nothing in it",
                "add an <item> for each SCO, or remove the organization",
            );
        }
    }
    for item in items {
        let id = item.attr("identifier").unwrap_or("?");
        let is_leaf = item.children_named(cp, "item").next().is_none();
        match item.attr("identifierref") {
            None if is_leaf => {
                let message = format!("item `{id}` has no identifierref and no items");
                if dead_end {
                    out.error_at(
                        item,
                        format!("{message}: Moodle finds nothing to launch"),
                        "point the item at the resource to launch: identifierref=\"…\"",
                    );
                } else {
                    out.tolerated_at(
                        item,
                        message,
                        "it lists the item's title with nothing to open",
                        "point the item at the resource to launch (identifierref=\"…\"), or remove it",
                    );
                }
            }
            None => {}
            Some(target) => match resource_ids.get(target) {
                // scorm_get_manifest: "invalidmanifestresource", and the item launches nothing.
                None => out.error_at(
                    item,
                    format!("item identifierref `{target}` names no resource"),
                    "point it at the identifier of a resource in <resources>",
                ),
                Some(res) if res.attr("href").is_none() => out.error_at(
                    item,
                    format!("item `{id}` launches resource `{target}`, which has no href"),
                    "give the resource the launch file in its href attribute",
                ),
                Some(_) => {}
            },
        }
    }
    if nothing && organizations.is_empty() {
        // Without organizations Moodle makes a SCO of each resource with an href.
        out.error_at(
            orgs,
            "there is no organization and no resource with an href: Moodle finds nothing to launch"
                .into(),
            "add an organization with an <item identifierref=\"…\"> for each SCO",
        );
    }
}

/// The values Moodle hands to each SCO of a SCORM 1.2 package.
fn item_values(items: &[&Element], out: &mut Findings<'_>) {
    for item in items {
        if let Some(score) = item.child(ADLCP, "masteryscore") {
            mastery_score(score, out);
        }
        if let Some(time) = item.child(ADLCP, "maxtimeallowed") {
            if let Some(problem) = values::timespan_problem(&time.text) {
                out.tolerated_at(
                    time,
                    format!(
                        "adlcp:maxtimeallowed `{}` is not a CMITimespan: {problem}",
                        time.text
                    ),
                    "it hands it to the SCO unchecked as cmi.student_data.max_time_allowed",
                    "write the time as HHHH:MM:SS.SS, such as 00:30:00 for half an hour",
                );
            }
        }
    }
}

/// `adlcp:masteryscore` is a CMIDecimal from 0 to 100 (SCORM 1.2 CAM). Moodle's player compares
/// `parseFloat(cmi.core.score.raw) >= parseFloat(mastery score)` to set passed or failed.
fn mastery_score(score: &Element, out: &mut Findings<'_>) {
    let value = score.text.as_str();
    let shown = if value.is_empty() {
        "adlcp:masteryscore".to_string()
    } else {
        format!("adlcp:masteryscore `{value}`")
    };
    let hint = "write the passing score as a number from 0 to 100, such as 80";
    let (read, lexical) = match values::cmi_decimal(value) {
        Some(n) => (Some(n), true),
        None => (values::js_parse_float(value), false),
    };
    match read {
        Some(n) if (0.0..=100.0).contains(&n) => {
            if !lexical {
                out.tolerated_at(
                    score,
                    format!("{shown} is not a decimal number"),
                    &format!("it reads it as {n}"),
                    hint,
                );
            }
        }
        Some(n) if n > 100.0 => out.error_at(
            score,
            format!("{shown} is above 100: no learner can pass (Moodle reads it as {n}; scores go from 0 to 100)"),
            hint,
        ),
        Some(n) => out.error_at(
            score,
            format!("{shown} is below 0: every learner with a score passes (Moodle reads it as {n})"),
            hint,
        ),
        None if value.is_empty() => out.tolerated_at(
            score,
            format!("{shown} is empty"),
            "it applies no mastery score",
            hint,
        ),
        None => out.error_at(
            score,
            format!("{shown} is not a number: Moodle fails every learner with a score (it compares the score with NaN)"),
            hint,
        ),
    }
}

fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn list(ids: &[&str]) -> String {
    if ids.is_empty() {
        "(no organization)".into()
    } else {
        ids.iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
