//! SCORM resources and the files they name: launch files, listed files and metadata locations,
//! resolved with the `xml:base` in scope ([`href`]) and checked against the package; then the
//! files nobody lists and the control schemas. SCORM 1.2 and 2004 share these rules; what
//! differs between them (namespaces, the spelling of `adlcp:scormType`, the control files) is
//! a [`Dialect`].
//!
//! A missing launch file breaks the launch in any LMS: an error. Moodle never reads `<file>`
//! lists, `adlcp:location` or dependencies, so their problems are tolerated (warnings by
//! default). Moodle builds an item's launch from the resource's own `xml:base` and `href` as
//! text (`scorm_get_manifest`); where that differs from the RFC 3986 resolution, the file Moodle
//! will open is the one checked.

use super::dom::Element;
use super::findings::{Findings, Profile};
use super::href::{self, Base, Role, Target, XML_NS};
use super::moodle::Reading;

/// What tells one SCORM version's manifests from another's, for the resource rules.
pub struct Dialect<'a> {
    /// The IMS Content Packaging namespace.
    pub cp: &'static str,
    /// The ADL content packaging namespace.
    pub adlcp: &'static str,
    /// `adlcp:scormtype` (1.2) or `adlcp:scormType` (2004), as the schema spells it.
    pub scorm_type: &'static str,
    /// The control schemas that belong at the package root.
    pub control_files: &'a [&'a str],
    /// Why they belong there, for the hint of the warning when some are missing.
    pub control_hint: &'static str,
    /// Whether a file of the package is a schema that needs no listing (the control files
    /// are always exempt).
    pub is_schema_file: fn(&str) -> bool,
}
use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};

/// Moodle's tolerance of a missing listed file.
const NEVER_READS_FILES: &str =
    "it never reads the <file> lists; the course breaks only if a page loads this file";

/// Checks the resources of a manifest against `files` (when the package is known).
pub fn check(
    root: &Element,
    reading: &Reading,
    files: Option<&BTreeSet<String>>,
    dialect: &Dialect<'_>,
    out: &mut Findings<'_>,
) {
    let cp = dialect.cp;
    let manifest_base = href::scoped(root, Some(&Base::root()), out).map(Cow::into_owned);
    let resources_el = root.child(cp, "resources");
    let resources_base = match resources_el {
        Some(r) => href::scoped(r, manifest_base.as_ref(), out).map(Cow::into_owned),
        None => manifest_base.clone(),
    };
    let resources: Vec<&Element> = resources_el
        .map(|r| r.children_named(cp, "resource").collect())
        .unwrap_or_default();
    let bases: Vec<Option<Base>> = resources
        .iter()
        .map(|r| href::scoped(r, resources_base.as_ref(), out).map(Cow::into_owned))
        .collect();
    let ids: HashSet<&str> = resources
        .iter()
        .filter_map(|r| r.attr("identifier"))
        .collect();
    let launched = launched_resources(root, reading, cp);
    let mut listed: HashSet<String> = HashSet::new();
    let mut remember = |target: Option<Target>| {
        if let Some(Target::Package(p)) = target {
            listed.insert(p);
        }
    };

    // Launch files first: a file both launched and listed is reported as a launch file.
    for (res, base) in resources.iter().zip(&bases) {
        let id = res.attr("identifier").unwrap_or_default();
        if let (Some(h), Some(base), true) = (res.attr("href"), base, launched.contains(id)) {
            remember(launch(res, h, base, reading, files, out));
        }
    }
    for (res, base) in resources.iter().zip(&bases) {
        let id = res.attr("identifier").unwrap_or_default();
        let is_launched = launched.contains(id);
        scorm_type(res, is_launched, dialect, out);
        match (res.attr("href"), base) {
            (Some(h), Some(base)) if !is_launched => remember(href::check(
                res,
                "href",
                base,
                h,
                files,
                Role::Listed("no item launches this resource, and it never checks files"),
                out,
            )),
            (None, _) if !is_launched && scorm_type_of(res, dialect) == Some("sco") => out
                .tolerated_at(
                res,
                format!("SCO resource `{id}` has no href"),
                "no item launches it",
                "add href=\"index.html\" (the launch file) to the resource, or make it an asset",
            ),
            _ => {}
        }
        for file in res.children_named(cp, "file") {
            let (Some(h), Some(base)) = (file.attr("href"), href::scoped(file, base.as_ref(), out))
            else {
                continue;
            };
            remember(href::check(
                file,
                "href",
                &base,
                h,
                files,
                Role::Listed(NEVER_READS_FILES),
                out,
            ));
        }
        for dep in res.children_named(cp, "dependency") {
            if let Some(target) = dep.attr("identifierref") {
                if !ids.contains(target) {
                    out.tolerated_at(
                        dep,
                        format!("dependency identifierref `{target}` names no resource"),
                        "it ignores dependencies",
                        "point it at the identifier of a resource in <resources>",
                    );
                }
            }
        }
        if let (Some(meta), Some(base)) = (res.child(cp, "metadata"), base) {
            remember_all(&mut remember, locations(meta, base, files, dialect, out));
        }
    }
    // Metadata of the manifest, organizations and items.
    if let Some(base) = &manifest_base {
        for child in root.children.iter().filter(|c| !is_resources(c, cp)) {
            remember_all(&mut remember, locations(child, base, files, dialect, out));
        }
    }
    if let Some(files) = files {
        package_files(files, &listed, dialect, out);
    }
}

fn is_resources(el: &Element, cp: &str) -> bool {
    el.ns.as_deref() == Some(cp) && el.local == "resources"
}

fn remember_all(remember: &mut impl FnMut(Option<Target>), targets: Vec<Option<Target>>) {
    for t in targets {
        remember(t);
    }
}

/// The resources Moodle launches: those items point to, or, in a manifest without
/// organizations or items, every resource with an href.
fn launched_resources<'a>(root: &'a Element, reading: &Reading, cp: &'a str) -> HashSet<&'a str> {
    if reading.from_resources {
        return root
            .child(cp, "resources")
            .into_iter()
            .flat_map(|r| r.children_named(cp, "resource"))
            .filter(|r| r.attr("href").is_some())
            .filter_map(|r| r.attr("identifier"))
            .collect();
    }
    root.child(cp, "organizations")
        .map(|o| o.descendants())
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.ns.as_deref() == Some(cp) && e.local == "item")
        .filter_map(|i| i.attr("identifierref"))
        .collect()
}

/// A launch file: as the specification resolves it (`--profile strict`), or as Moodle opens it
/// (the resource's own `xml:base` and `href` joined as text) when that differs.
fn launch(
    res: &Element,
    value: &str,
    base: &Base,
    reading: &Reading,
    files: Option<&BTreeSet<String>>,
    out: &mut Findings<'_>,
) -> Option<Target> {
    if out.profile == Profile::Lms {
        let own_base = if reading.from_resources {
            ""
        } else {
            res.attr_ns(XML_NS, "base").unwrap_or_default()
        };
        let text = format!("{own_base}{value}");
        let moodle = match Base::root().resolve(&text) {
            // `www.…` is a link out to Moodle, a relative path to the specification.
            Ok(Target::Package(_)) if href::moodle_external(&text) => {
                Ok(Target::Remote(text.clone()))
            }
            other => other,
        };
        let spec = base.resolve(value);
        if let (Ok(moodle), Ok(spec)) = (moodle, spec) {
            if moodle != spec {
                return diverging(res, value, &text, moodle, spec, files, out);
            }
        }
    }
    href::check(
        res,
        "href",
        base,
        value,
        files,
        Role::Launch(href::REMOTE_SCO),
        out,
    )
}

/// Moodle opens `moodle` (from `text`), the specification `spec`: the file Moodle opens decides.
fn diverging(
    res: &Element,
    value: &str,
    text: &str,
    moodle: Target,
    spec: Target,
    files: Option<&BTreeSet<String>>,
    out: &mut Findings<'_>,
) -> Option<Target> {
    let how = "it reads only the resource's own xml:base, not those of <manifest> and <resources>, and joins it to the href as text";
    let spec_shown = match &spec {
        Target::Package(p) | Target::Remote(p) => p.clone(),
    };
    let hint = format!("the specification resolves it to `{spec_shown}`; put the whole folder in the resource's own xml:base, ending in `/`, or write the whole path in href");
    let hint = hint.as_str();
    let Some(files) = files else {
        return Some(spec);
    };
    // The file Moodle opens decides; when it is there, the one the specification names is what
    // other LMSs open.
    let missing = |t: &Target| match t {
        Target::Package(p) if !files.contains(p) => Some(p.clone()),
        _ => None,
    };
    if let Target::Remote(url) = &moodle {
        out.warning_at(
            res,
            format!("Moodle launches a remote file, `{url}`: {how}"),
            hint,
        );
    } else if let Some(m) = missing(&moodle) {
        if out.first_report_of_missing(&m) {
            out.error_at(
                res,
                format!("Moodle launches `{text}`, which is not in the package: {how}"),
                hint,
            );
        }
    } else if let Some(s) = missing(&spec) {
        if out.first_report_of_missing(&s) {
            out.tolerated_at(
                res,
                format!("href `{value}` resolves to `{s}` with the xml:base in scope, which is not in the package"),
                &format!("it launches `{text}`, which is there ({how})"),
                hint,
            );
        }
    }
    Some(moodle)
}

/// A resource's `adlcp:scormtype` (or `scormType`) as Moodle reads it: whatever its letter case.
fn scorm_type_of<'e>(res: &'e Element, dialect: &Dialect<'_>) -> Option<&'e str> {
    res.attrs
        .iter()
        .find(|a| {
            a.ns.as_deref() == Some(dialect.adlcp) && a.local.eq_ignore_ascii_case("scormtype")
        })
        .map(|a| a.value.as_str())
}

/// `adlcp:scormtype` is required on every resource (SCORM 1.2 CAM; `adlcp:scormType` in SCORM
/// 2004). Moodle takes a resource without one for an asset (`scorm_get_manifest`), and
/// `loadSCO.php` records an asset completed as soon as it opens.
fn scorm_type(res: &Element, launched: bool, dialect: &Dialect<'_>, out: &mut Findings<'_>) {
    if scorm_type_of(res, dialect).is_some() {
        return;
    }
    let id = res.attr("identifier").unwrap_or("?");
    let name = dialect.scorm_type;
    let message = format!("resource `{id}` has no adlcp:{name} (sco or asset)");
    let hint = format!("add adlcp:{name}=\"sco\" to a resource that talks to the LMS, adlcp:{name}=\"asset\" to one that does not");
    let hint = hint.as_str();
    if launched {
        out.tolerated_at(
            res,
            message,
            "it takes the resource for an asset and records it completed as soon as it opens, whatever the learner does",
            hint,
        );
    } else {
        out.strict_only_at(res, message, hint);
    }
}

/// The `adlcp:location` metadata files under `el` (not inside a resource), resolved against
/// `base`. Moodle never reads them.
fn locations(
    el: &Element,
    base: &Base,
    files: Option<&BTreeSet<String>>,
    dialect: &Dialect<'_>,
    out: &mut Findings<'_>,
) -> Vec<Option<Target>> {
    el.descendants()
        .into_iter()
        .filter(|e| e.ns.as_deref() == Some(dialect.adlcp) && e.local == "location")
        .map(|loc| {
            href::check(
                loc,
                "adlcp:location",
                base,
                &loc.text,
                files,
                Role::Listed("it never reads adlcp:location metadata"),
                out,
            )
        })
        .collect()
}

/// The control schemas, and the files of the package that no resource lists.
fn package_files(
    files: &BTreeSet<String>,
    listed: &HashSet<String>,
    dialect: &Dialect<'_>,
    out: &mut Findings<'_>,
) {
    let missing: Vec<String> = dialect
        .control_files
        .iter()
        .filter(|c| !files.contains(**c))
        .map(|c| format!("`{c}`"))
        .collect();
    if !missing.is_empty() {
        out.warning(
            format!(
                "control schemas missing from the package root: {}",
                missing.join(", ")
            ),
            dialect.control_hint,
        );
    }
    let unlisted: Vec<&String> = files
        .iter()
        .filter(|f| {
            !(listed.contains(*f)
                || f.as_str() == "imsmanifest.xml"
                || dialect.control_files.contains(&f.as_str())
                || (dialect.is_schema_file)(f)
                || super::is_junk(f))
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

fn preview(files: &[&String]) -> String {
    let mut s: Vec<String> = files.iter().take(5).map(|f| format!("`{f}`")).collect();
    if files.len() > 5 {
        s.push(format!("and {} more", files.len() - 5));
    }
    s.join(", ")
}
