//! SCORM 1.2 package rules the schema cannot express: references resolve, files exist, the
//! values LMSs read are usable, and what Moodle's parser needs (it matches `adlcp:` as text).

use super::dom::Element;
use super::{href, Findings};
use std::collections::{BTreeMap, BTreeSet};

pub const IMSCP: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
pub const ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The control files SCORM 1.2 puts at the package root.
pub const CONTROL_FILES: &[&str] = &[
    "imscp_rootv1p1p2.xsd",
    "adlcp_rootv1p2.xsd",
    "imsmd_rootv1p2p1.xsd",
    "ims_xml.xsd",
];

/// Checks a parsed SCORM 1.2 manifest against the files of its package.
pub fn check(root: &Element, files: &BTreeSet<String>, out: &mut Findings<'_>) {
    if root.ns.as_deref() != Some(IMSCP) || root.local != "manifest" {
        // The schema reports this; nothing below would make sense.
        return;
    }
    schema_version(root, out);
    adlcp_prefix(root, out);

    // Identifiers, as the rest of the manifest refers to them.
    let mut ids: BTreeMap<&str, &Element> = BTreeMap::new();
    let organizations = root.child(IMSCP, "organizations");
    let resources: Vec<&Element> = root
        .child(IMSCP, "resources")
        .map(|r| r.children_named(IMSCP, "resource").collect())
        .unwrap_or_default();
    let mut identified: Vec<&Element> = Vec::new();
    if let Some(orgs) = organizations {
        for org in orgs.children_named(IMSCP, "organization") {
            identified.push(org);
            identified.extend(
                org.descendants()
                    .into_iter()
                    .filter(|e| e.ns.as_deref() == Some(IMSCP) && e.local == "item"),
            );
        }
    }
    identified.extend(resources.iter().copied());
    for el in identified {
        let Some(id) = el.attr("identifier") else {
            continue;
        };
        if let Some(first) = ids.get(id) {
            out.error_at(
                el,
                format!(
                    "identifier `{id}` is used twice (first on line {})",
                    first.line
                ),
                "give every organization, item and resource its own identifier",
            );
        } else {
            ids.insert(id, el);
        }
    }
    let resource_ids: BTreeMap<&str, &Element> = resources
        .iter()
        .filter_map(|r| Some((r.attr("identifier")?, *r)))
        .collect();

    if let Some(orgs) = organizations {
        let org_ids: Vec<&str> = orgs
            .children_named(IMSCP, "organization")
            .filter_map(|o| o.attr("identifier"))
            .collect();
        match orgs.attr("default") {
            Some(d) if !org_ids.contains(&d) => out.error_at(
                orgs,
                format!("organizations/@default `{d}` names no organization"),
                &format!("set it to one of: {}", list(&org_ids)),
            ),
            None if !org_ids.is_empty() => out.warning_at(
                orgs,
                "organizations has no `default` attribute".into(),
                "name the organization to launch, e.g. default=\"ORG-1\"; LMSs otherwise guess",
            ),
            _ => {}
        }
        for item in orgs
            .descendants()
            .into_iter()
            .filter(|e| e.ns.as_deref() == Some(IMSCP) && e.local == "item")
        {
            let Some(target) = item.attr("identifierref") else {
                continue;
            };
            match resource_ids.get(target) {
                None => out.error_at(
                    item,
                    format!("item identifierref `{target}` names no resource"),
                    "point it at the identifier of a resource in <resources>",
                ),
                Some(res) if res.attr("href").is_none() => out.error_at(
                    item,
                    format!(
                        "item `{}` launches resource `{target}`, which has no href",
                        item.attr("identifier").unwrap_or("?")
                    ),
                    "give the resource the launch file in its href attribute",
                ),
                Some(_) => {}
            }
            if let Some(score) = item.child(ADLCP, "masteryscore") {
                let value = score.text.trim();
                let ok = value
                    .parse::<f64>()
                    .is_ok_and(|v| (0.0..=100.0).contains(&v));
                if !ok {
                    out.error_at(
                        score,
                        format!("adlcp:masteryscore `{value}` is not a number from 0 to 100"),
                        "write the passing score as a percentage, e.g. 80",
                    );
                }
            }
        }
    }

    // Resources: launch files, dependencies and every file they list.
    let resources_base = root
        .child(IMSCP, "resources")
        .and_then(|r| r.attr_ns(XML_NS, "base"))
        .unwrap_or("");
    let mut listed: BTreeSet<String> = BTreeSet::new();
    for res in &resources {
        let base = format!(
            "{resources_base}{}",
            res.attr_ns(XML_NS, "base").unwrap_or("")
        );
        let is_sco = res.attr_ns(ADLCP, "scormtype") == Some("sco");
        match res.attr("href") {
            Some(h) => {
                if let Some(p) = href::check(res, "href", &base, h, files, out) {
                    listed.insert(p);
                }
            }
            None if is_sco => out.error_at(
                res,
                format!(
                    "SCO resource `{}` has no href: the LMS has nothing to launch",
                    res.attr("identifier").unwrap_or("?")
                ),
                "add href=\"index.html\" (the launch file) to the resource",
            ),
            None => {}
        }
        for file in res.children_named(IMSCP, "file") {
            if let Some(h) = file.attr("href") {
                if let Some(p) = href::check(file, "href", &base, h, files, out) {
                    listed.insert(p);
                }
            }
        }
        for dep in res.children_named(IMSCP, "dependency") {
            if let Some(target) = dep.attr("identifierref") {
                if !resource_ids.contains_key(target) {
                    out.error_at(
                        dep,
                        format!("dependency identifierref `{target}` names no resource"),
                        "point it at the identifier of a resource in <resources>",
                    );
                }
            }
        }
    }
    // Metadata files referenced with adlcp:location count as listed.
    for loc in root
        .descendants()
        .into_iter()
        .filter(|e| e.ns.as_deref() == Some(ADLCP) && e.local == "location")
    {
        if let Ok(p) = href::resolve("", &loc.text) {
            listed.insert(p);
        }
    }

    for control in CONTROL_FILES {
        if !files.contains(*control) {
            out.warning(
                format!("control file `{control}` is missing from the package root"),
                "SCORM 1.2 packages carry their four control schemas at the root; most LMSs import without them",
            );
        }
    }
    let unlisted: Vec<&String> = files
        .iter()
        .filter(|f| {
            !listed.contains(*f)
                && f.as_str() != "imsmanifest.xml"
                && !(CONTROL_FILES.contains(&f.as_str())
                    || (!f.contains('/') && (f.ends_with(".xsd") || f.ends_with(".dtd"))))
                && !super::is_junk(f)
        })
        .collect();
    if !unlisted.is_empty() {
        out.warning(
            format!(
                "{} file(s) in the package are not listed in the manifest: {}",
                unlisted.len(),
                preview(&unlisted)
            ),
            "list every file a SCO uses in its resource (<file href=…>), or remove the files",
        );
    }
}

fn schema_version(root: &Element, out: &mut Findings<'_>) {
    let Some(meta) = root.child(IMSCP, "metadata") else {
        out.error_at(
            root,
            "the manifest has no <metadata> with the schema version".into(),
            "add <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>",
        );
        return;
    };
    match meta.child(IMSCP, "schemaversion") {
        Some(v) if v.text == "1.2" => {}
        Some(v) => out.error_at(
            v,
            format!(
                "schemaversion is `{}`; a SCORM 1.2 manifest says exactly `1.2`",
                v.text
            ),
            "write <schemaversion>1.2</schemaversion>",
        ),
        None => out.error_at(
            meta,
            "metadata has no <schemaversion>".into(),
            "add <schemaversion>1.2</schemaversion>",
        ),
    }
}

/// Moodle looks for the literal text `adlcp:`: another prefix bound to the same namespace is
/// valid XML that Moodle does not understand.
fn adlcp_prefix(root: &Element, out: &mut Findings<'_>) {
    for el in root.descendants() {
        if el.ns.as_deref() == Some(ADLCP) && el.prefix.as_deref() != Some("adlcp") {
            out.error_at(el, format!("element `{}` is in the ADL namespace under the prefix `{}`", el.local, el.prefix.as_deref().unwrap_or("")),
                "bind the ADL namespace to the prefix `adlcp` (xmlns:adlcp=…) and write `adlcp:`; Moodle matches that text");
        }
        for a in &el.attrs {
            if a.ns.as_deref() == Some(ADLCP) && a.prefix.as_deref() != Some("adlcp") {
                out.error_at(
                    el,
                    format!(
                        "attribute `{}` is in the ADL namespace under the prefix `{}`",
                        a.local,
                        a.prefix.as_deref().unwrap_or("")
                    ),
                    "write it as `adlcp:scormtype`; Moodle matches that text",
                );
            }
        }
    }
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

fn preview(files: &[&String]) -> String {
    let mut s: Vec<String> = files.iter().take(5).map(|f| format!("`{f}`")).collect();
    if files.len() > 5 {
        s.push(format!("and {} more", files.len() - 5));
    }
    s.join(", ")
}
