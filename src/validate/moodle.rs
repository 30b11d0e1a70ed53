//! A SCORM manifest as Moodle's SCORM activity reads it: the rows it stores for organizations
//! and items (`scorm_scoes`), their launch URLs, and the SCO it opens first.
//!
//! This follows `scorm_get_manifest` and `scorm_parse_scorm` in Moodle's
//! `mod/scorm/datamodels/scormlib.php`, and `mod/scorm/loadSCO.php` for the launch:
//! - names are matched as text, case-insensitively, prefix included (PHP's XML parser folds
//!   case and knows no namespaces): `item`, `adlcp:masteryscore`; `imscp:item` or
//!   `adl:masteryscore` are not seen;
//! - the schemaversion `1.2`, `1.3`, `CAM 1.3`, `2004 3rd Edition` or `2004 4th Edition` makes
//!   the version; anything else, or none, is SCORM 1.2;
//! - an item's launch is its resource's own `xml:base` followed by its `href`, as text (bases
//!   on `<manifest>` and `<resources>` are not read); without `identifierref`, or with one that
//!   names no resource, an item has no launch; a resource without `adlcp:scormtype` is an asset;
//! - organizations are stored first, then the items of each organization in order; rows with
//!   the same identifier in one organization replace each other;
//! - with no organization and no item, every resource with an `href` becomes a SCO;
//! - the package's launch row is the first whose identifier is the default organization (the
//!   first row when there is no default); the player shows that row's organization and opens
//!   its first row with a launch (`view.php`, `scorm_get_toc`), else the first row with one.
//!
//! For SCORM 2004 it also keeps what Moodle stores of an item's own `imsss:sequencing` (not
//! one it refers to with `IDRef`: Moodle never reads `imsss:sequencingCollection`): its
//! objectives (`mapInfo` are parsed but never stored, through a misspelt variable), and the
//! `attemptAbsoluteDurationLimit` it hands to the SCO as `cmi.max_time_allowed`; the text of
//! `adlcp:completionThreshold` (not its 4th Edition attributes) as `cmi.completion_threshold`;
//! and the `adlnav:hideLMSUI` buttons it hides. `mod/scorm/datamodels/scorm_13lib.php` hands a
//! SCO `cmi.scaled_passing_score` from the last of its objectives with a non-zero
//! `minnormalizedmeasure` (1 when the objective has no `imsss:minNormalizedMeasure`, 0 when that
//! element is empty), whichever objective it is.
//!
//! The validator uses it to judge what an import or a launch in Moodle will do, and
//! `validate --explain` prints it.

use super::dom::Element;
use serde::Serialize;
use std::collections::HashMap;

/// One row Moodle stores for an organization or an item.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Sco {
    pub identifier: String,
    /// The organization the row belongs to (`""` for an organization itself).
    pub organization: String,
    /// The identifier of the parent row, `/` for an organization.
    pub parent: String,
    pub title: String,
    /// The URL Moodle opens, relative to the package root unless remote; empty when the row
    /// launches nothing.
    pub launch: String,
    /// `sco` or `asset` (empty for an organization).
    pub scormtype: String,
    /// Appended to the launch URL with `?` or `&`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub parameters: String,
    pub isvisible: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub masteryscore: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maxtimeallowed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timelimitaction: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datafromlms: Option<String>,
    /// `adlcp:prerequisites` of type `aicc_script` (Moodle ignores other types).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prerequisites: Option<String>,
    /// The text of `adlcp:completionThreshold` (SCORM 2004), `cmi.completion_threshold`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<String>,
    /// `imsss:limitConditions/@attemptAbsoluteDurationLimit`, `cmi.max_time_allowed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempt_absolute_duration_limit: Option<String>,
    /// The objectives of the row's own `imsss:sequencing`, in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<Objective>,
    /// The player buttons `adlnav:hideLMSUI` hides (`continue`, `previous`, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hide_lms_ui: Vec<String>,
    /// Nesting under the organization (0 for the organization), for display.
    #[serde(skip)]
    pub depth: usize,
    #[serde(skip)]
    pub line: usize,
    #[serde(skip)]
    pub column: usize,
}

/// An objective as Moodle stores it (`scorm_seq_objective`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Objective {
    pub objectiveid: String,
    pub primary: bool,
    pub satisfiedbymeasure: bool,
    /// `1.0` without `imsss:minNormalizedMeasure`, `0` when it is empty, else its text.
    pub minnormalizedmeasure: String,
}

impl Sco {
    /// The `cmi.scaled_passing_score` Moodle hands the SCO: the last objective whose
    /// `minnormalizedmeasure` PHP does not find `empty()` (not zero).
    pub fn scaled_passing_score(&self) -> Option<&Objective> {
        self.objectives.iter().rev().find(|o| {
            let v = o.minnormalizedmeasure.trim();
            !v.is_empty() && v.parse::<f64>() != Ok(0.0)
        })
    }

    /// The URL the player opens: the launch with the parameters appended as `loadSCO.php` does.
    pub fn launch_url(&self) -> String {
        if self.parameters.is_empty() {
            return self.launch.clone();
        }
        let parameters = self
            .parameters
            .strip_prefix('?')
            .unwrap_or(&self.parameters);
        let connector = if self.launch.contains('?') { '&' } else { '?' };
        format!("{}{connector}{parameters}", self.launch)
    }
}

/// What Moodle makes of a manifest.
#[derive(Clone, Debug, Serialize)]
pub struct Reading {
    /// `SCORM_1.2` or `SCORM_1.3`, as Moodle records the package's version.
    pub version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_organization: Option<String>,
    /// The rows, in the order Moodle stores them.
    pub scoes: Vec<Sco>,
    /// The row recorded as the package's launch (an index into `scoes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch: Option<usize>,
    /// The row the player opens first (an index into `scoes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens: Option<usize>,
    /// `identifierref` values that name no resource; Moodle warns about them on import.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_resources: Vec<String>,
    /// No organization and no item: Moodle made a SCO of every resource with an `href`.
    pub from_resources: bool,
    /// What the manifest asks of an LMS that Moodle does not do (SCORM 2004 sequencing it
    /// never reads), in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unread: Vec<String>,
}

impl Reading {
    /// The rows that launch something.
    pub fn launchable(&self) -> impl Iterator<Item = &Sco> {
        self.scoes.iter().filter(|s| !s.launch.is_empty())
    }
}

/// Whether the qualified name `prefix:local` is `wanted` (upper case) as Moodle matches names:
/// prefix and all, case-folded.
fn qualified_is(prefix: Option<&str>, local: &str, wanted: &str) -> bool {
    match prefix {
        None => local.eq_ignore_ascii_case(wanted),
        Some(p) => wanted
            .split_once(':')
            .is_some_and(|(wp, wl)| wp.eq_ignore_ascii_case(p) && wl.eq_ignore_ascii_case(local)),
    }
}

/// Whether an element is named `wanted` (upper case, `ITEM`, `ADLCP:MASTERYSCORE`).
fn is(el: &Element, wanted: &str) -> bool {
    qualified_is(el.prefix.as_deref(), &el.local, wanted)
}

/// The names Moodle's reader acts on, as it matches them.
const KNOWN: [&str; 11] = [
    "METADATA",
    "ITEM",
    "TITLE",
    "ADLCP:MAXTIMEALLOWED",
    "ADLCP:TIMELIMITACTION",
    "ADLCP:DATAFROMLMS",
    "ADLCP:MASTERYSCORE",
    "ADLCP:PREREQUISITES",
    "ADLCP:COMPLETIONTHRESHOLD",
    "ADLNAV:PRESENTATION",
    "IMSSS:SEQUENCING",
];

/// The name of an element among [`KNOWN`], if it is one.
fn known(el: &Element) -> Option<&'static str> {
    KNOWN.into_iter().find(|k| is(el, k))
}

/// An attribute by the upper-case name Moodle matches (`IDENTIFIER`, `ADLCP:SCORMTYPE`,
/// `XML:BASE`).
fn attr<'a>(el: &'a Element, wanted: &str) -> Option<&'a str> {
    el.attrs
        .iter()
        .find(|a| qualified_is(a.prefix.as_deref(), &a.local, wanted))
        .map(|a| a.value.as_str())
}

/// Text as Moodle's parser keeps it (`None` for an element without text).
fn text(el: &Element) -> Option<String> {
    (!el.text.is_empty()).then(|| el.text.clone())
}

struct Walk<'a> {
    resources: HashMap<&'a str, &'a Element>,
    /// Rows per organization key, keys in the order first seen.
    buckets: Vec<(String, Vec<Sco>)>,
    /// Where each (organization, identifier) row is: (bucket, row).
    index: HashMap<(&'a str, &'a str), (usize, usize)>,
    bucket_of: HashMap<&'a str, usize>,
    version: Option<String>,
    default_organization: Option<String>,
    missing_resources: Vec<String>,
}

impl<'a> Walk<'a> {
    /// Stores a row, replacing one with the same identifier in its organization; returns
    /// where it is.
    fn store(&mut self, organization: &'a str, identifier: &'a str, sco: Sco) -> (usize, usize) {
        let key = (organization, identifier);
        if let Some(&(b, r)) = self.index.get(&key) {
            self.buckets[b].1[r] = sco;
            return (b, r);
        }
        let b = match self.bucket_of.get(organization) {
            Some(&b) => b,
            None => {
                self.buckets.push((sco.organization.clone(), Vec::new()));
                self.bucket_of.insert(organization, self.buckets.len() - 1);
                self.buckets.len() - 1
            }
        };
        let at = (b, self.buckets[b].1.len());
        self.index.insert(key, at);
        self.buckets[b].1.push(sco);
        at
    }

    fn metadata(&mut self, meta: &Element) {
        for child in &meta.children {
            if is(child, "SCHEMAVERSION") && self.version.is_none() {
                let v = child.text.as_str();
                self.version = Some(
                    if matches!(
                        v,
                        "1.3" | "CAM 1.3" | "2004 3rd Edition" | "2004 4th Edition"
                    ) {
                        "SCORM_1.3"
                    } else {
                        "SCORM_1.2"
                    }
                    .to_string(),
                );
            }
        }
    }

    /// The children of an organization or item; `row` is where the row they belong to is
    /// (the one with its identifier in its organization, as Moodle looks it up).
    fn children(
        &mut self,
        el: &'a Element,
        organization: &'a str,
        parent: &str,
        row: (usize, usize),
        depth: usize,
    ) {
        for child in &el.children {
            let Some(field) = known(child) else { continue };
            match field {
                "METADATA" => self.metadata(child),
                "ITEM" => self.item(child, organization, parent, depth),
                "ADLNAV:PRESENTATION" => {
                    let (b, r) = row;
                    hidden_buttons(child, &mut self.buckets[b].1[r].hide_lms_ui);
                }
                "IMSSS:SEQUENCING" => {
                    let (b, r) = row;
                    sequencing(child, &mut self.buckets[b].1[r]);
                }
                _ => {
                    if field == "ADLCP:PREREQUISITES" && attr(child, "TYPE") != Some("aicc_script")
                    {
                        continue;
                    }
                    let v = text(child).unwrap_or_default();
                    let (b, r) = row;
                    let row = &mut self.buckets[b].1[r];
                    match field {
                        "TITLE" => row.title = v,
                        "ADLCP:MAXTIMEALLOWED" => row.maxtimeallowed = Some(v),
                        "ADLCP:TIMELIMITACTION" => row.timelimitaction = Some(v),
                        "ADLCP:DATAFROMLMS" => row.datafromlms = Some(v),
                        "ADLCP:MASTERYSCORE" => row.masteryscore = Some(v),
                        "ADLCP:COMPLETIONTHRESHOLD" => row.threshold = Some(v),
                        _ => row.prerequisites = Some(v),
                    }
                }
            }
        }
    }

    fn item(&mut self, el: &'a Element, organization: &'a str, parent: &str, depth: usize) {
        let identifier = attr(el, "IDENTIFIER").unwrap_or_default();
        let (launch, scormtype) = match attr(el, "IDENTIFIERREF") {
            None => (String::new(), "asset".to_string()),
            Some(idref) => match self.resources.get(idref) {
                None => {
                    self.missing_resources.push(idref.to_string());
                    (String::new(), String::new())
                }
                Some(res) => {
                    let base = attr(res, "XML:BASE").unwrap_or_default();
                    let href = attr(res, "HREF").unwrap_or_default();
                    let scormtype = match attr(res, "ADLCP:SCORMTYPE") {
                        Some(t) if !t.is_empty() => t.to_string(),
                        _ => "asset".to_string(),
                    };
                    (format!("{base}{href}"), scormtype)
                }
            },
        };
        let row = self.store(
            organization,
            identifier,
            Sco {
                identifier: identifier.to_string(),
                organization: organization.to_string(),
                parent: parent.to_string(),
                title: String::new(),
                launch,
                scormtype,
                parameters: attr(el, "PARAMETERS").unwrap_or_default().to_string(),
                isvisible: attr(el, "ISVISIBLE").unwrap_or("true").to_string(),
                depth: depth + 1,
                line: el.line,
                column: el.column,
                ..Sco::default()
            },
        );
        self.children(el, organization, identifier, row, depth + 1);
    }

    fn organization(&mut self, el: &'a Element) {
        let identifier = attr(el, "IDENTIFIER").unwrap_or_default();
        let row = self.store(
            "",
            identifier,
            Sco {
                identifier: identifier.to_string(),
                organization: String::new(),
                parent: "/".into(),
                title: String::new(),
                launch: String::new(),
                scormtype: String::new(),
                parameters: String::new(),
                isvisible: "true".into(),
                depth: 0,
                line: el.line,
                column: el.column,
                ..Sco::default()
            },
        );
        self.children(el, identifier, identifier, row, 0);
    }
}

/// The buttons an `adlnav:presentation` hides, as Moodle compares them: the exact text.
fn hidden_buttons(presentation: &Element, hidden: &mut Vec<String>) {
    const BUTTONS: [&str; 7] = [
        "continue",
        "previous",
        "exit",
        "exitAll",
        "abandon",
        "abandonAll",
        "suspendAll",
    ];
    for interface in presentation
        .children
        .iter()
        .filter(|c| is(c, "ADLNAV:NAVIGATIONINTERFACE"))
    {
        for hide in interface
            .children
            .iter()
            .filter(|c| is(c, "ADLNAV:HIDELMSUI"))
        {
            if BUTTONS.contains(&hide.text.as_str()) && !hidden.contains(&hide.text) {
                hidden.push(hide.text.clone());
            }
        }
    }
}

/// What Moodle stores of an `imsss:sequencing` on the row it belongs to.
fn sequencing(el: &Element, row: &mut Sco) {
    for child in &el.children {
        if is(child, "IMSSS:LIMITCONDITIONS") {
            if let Some(limit) = attr(child, "ATTEMPTABSOLUTEDURATIONLIMIT") {
                row.attempt_absolute_duration_limit = Some(limit.to_string());
            }
        } else if is(child, "IMSSS:OBJECTIVES") {
            // Each <imsss:objectives> replaces what an earlier one stored.
            row.objectives = child
                .children
                .iter()
                .filter_map(|o| {
                    let primary = is(o, "IMSSS:PRIMARYOBJECTIVE");
                    if !primary && !is(o, "IMSSS:OBJECTIVE") {
                        return None;
                    }
                    let mut minnormalizedmeasure = "1.0".to_string();
                    for m in o
                        .children
                        .iter()
                        .filter(|m| is(m, "IMSSS:MINNORMALIZEDMEASURE"))
                    {
                        minnormalizedmeasure = if m.text.is_empty() {
                            "0".to_string()
                        } else {
                            m.text.clone()
                        };
                    }
                    Some(Objective {
                        objectiveid: attr(o, "OBJECTIVEID").unwrap_or_default().to_string(),
                        primary,
                        satisfiedbymeasure: attr(o, "SATISFIEDBYMEASURE") == Some("true"),
                        minnormalizedmeasure,
                    })
                })
                .collect();
        }
    }
}

/// Reads a manifest (its root element) as Moodle does.
pub fn read(root: &Element) -> Reading {
    let resources: HashMap<&str, &Element> = root
        .children
        .iter()
        .filter(|c| is(c, "RESOURCES"))
        .flat_map(|r| r.children.iter().filter(|c| is(c, "RESOURCE")))
        .filter_map(|r| Some((attr(r, "IDENTIFIER")?, r)))
        .collect();
    let mut walk = Walk {
        resources,
        buckets: Vec::new(),
        index: HashMap::new(),
        bucket_of: HashMap::new(),
        version: None,
        default_organization: None,
        missing_resources: Vec::new(),
    };
    if is(root, "MANIFEST") {
        for child in &root.children {
            if is(child, "METADATA") {
                walk.metadata(child);
            } else if is(child, "ORGANIZATIONS") {
                if walk.default_organization.is_none() {
                    walk.default_organization = attr(child, "DEFAULT").map(str::to_string);
                }
                for org in child.children.iter().filter(|c| is(c, "ORGANIZATION")) {
                    walk.organization(org);
                }
            }
        }
    }
    let from_resources = walk.index.is_empty();
    if from_resources {
        let mut rows = Vec::new();
        for res in root
            .children
            .iter()
            .filter(|c| is(c, "RESOURCES"))
            .flat_map(|r| r.children.iter().filter(|c| is(c, "RESOURCE")))
        {
            let href = attr(res, "HREF").unwrap_or_default();
            if href.is_empty() {
                continue;
            }
            let identifier = attr(res, "IDENTIFIER").unwrap_or_default().to_string();
            rows.push(Sco {
                title: identifier.clone(),
                identifier,
                organization: String::new(),
                parent: "/".into(),
                launch: href.to_string(),
                scormtype: attr(res, "ADLCP:SCORMTYPE").unwrap_or_default().to_string(),
                parameters: String::new(),
                isvisible: "true".into(),
                depth: 0,
                line: res.line,
                column: res.column,
                ..Sco::default()
            });
        }
        walk.buckets.push((String::new(), rows));
    }
    let scoes: Vec<Sco> = walk
        .buckets
        .into_iter()
        .flat_map(|(_, rows)| rows)
        .collect();
    let launch = scoes.iter().position(|s| {
        walk.default_organization
            .as_deref()
            .is_none_or(|d| d.is_empty() || d == s.identifier)
    });
    // view.php shows the launch row's organization; the player opens its first row with a
    // launch (scorm_get_toc), else the first row of the package with one.
    let opens = launch
        .and_then(|i| {
            let row = &scoes[i];
            if !row.launch.is_empty() {
                return Some(i);
            }
            let organization = if row.organization.is_empty() {
                &row.identifier
            } else {
                &row.organization
            };
            scoes
                .iter()
                .position(|s| &s.organization == organization && !s.launch.is_empty())
        })
        .or_else(|| scoes.iter().position(|s| !s.launch.is_empty()));
    Reading {
        version: walk.version.unwrap_or_else(|| "SCORM_1.2".into()),
        default_organization: walk.default_organization,
        scoes,
        launch,
        opens,
        missing_resources: walk.missing_resources,
        from_resources,
        unread: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::dom;

    fn reading(xml: &str) -> Reading {
        read(&dom::parse(xml.as_bytes()).expect("well-formed"))
    }

    const HEAD: &str = r#"<manifest identifier="M" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">"#;

    #[test]
    fn reads_items_launches_and_values_as_moodle_does() {
        let r = reading(&format!(
            r#"{HEAD}<metadata><schemaversion>1.2</schemaversion></metadata>
<organizations default="B"><organization identifier="A"><title>First</title><item identifier="a1" identifierref="R1"><title>A one</title></item></organization>
<organization identifier="B"><title>Second</title>
  <item identifier="b1"><title>Part</title>
    <item identifier="b2" identifierref="R2" parameters="?x=1" isvisible="false"><title>Quiz</title>
      <adlcp:masteryscore>80</adlcp:masteryscore><adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed>
      <adlcp:prerequisites type="aicc_script">a1</adlcp:prerequisites></item>
    <item identifier="b3" identifierref="NOPE"><title>Lost</title></item>
  </item></organization></organizations>
<resources xml:base="ignored/"><resource identifier="R1" href="a.html" adlcp:scormtype="sco"/>
<resource identifier="R2" xml:base="quiz/" href="q.html?y=2"/></resources></manifest>"#
        ));
        assert_eq!(r.version, "SCORM_1.2");
        let ids: Vec<&str> = r.scoes.iter().map(|s| s.identifier.as_str()).collect();
        // Organizations first, then each organization's items.
        assert_eq!(ids, ["A", "B", "a1", "b1", "b2", "b3"]);
        let b2 = &r.scoes[4];
        assert_eq!(b2.launch, "quiz/q.html?y=2");
        assert_eq!(b2.launch_url(), "quiz/q.html?y=2&x=1");
        assert_eq!(b2.scormtype, "asset", "no adlcp:scormtype");
        assert_eq!(b2.parent, "b1");
        assert_eq!(b2.title, "Quiz");
        assert_eq!(b2.isvisible, "false");
        assert_eq!(b2.masteryscore.as_deref(), Some("80"));
        assert_eq!(b2.prerequisites.as_deref(), Some("a1"));
        assert_eq!(
            r.scoes[2].launch, "a.html",
            "the <resources> base is not read"
        );
        assert_eq!(r.scoes[1].title, "Second");
        assert_eq!(r.missing_resources, ["NOPE"]);
        assert_eq!(r.launch, Some(1), "the default organization");
        assert_eq!(r.opens, Some(4), "the first row of B with a launch");
    }

    #[test]
    fn version_prefixes_and_fallbacks() {
        let r = reading(&format!(
            r#"{HEAD}<metadata><schemaversion>CAM 1.3</schemaversion></metadata><organizations/><resources><resource identifier="R" href="x.html"/><resource identifier="S"/></resources></manifest>"#
        ));
        assert_eq!(r.version, "SCORM_1.3");
        assert!(r.from_resources);
        assert_eq!(r.scoes.len(), 1);
        assert_eq!(r.opens, Some(0));
        // A prefix other than the literal text Moodle looks for hides the element.
        let r = reading(
            r#"<imscp:manifest identifier="M" xmlns:imscp="http://www.imsproject.org/xsd/imscp_rootv1p1p2"><imscp:organizations><imscp:organization identifier="O"/></imscp:organizations><imscp:resources/></imscp:manifest>"#,
        );
        assert!(r.scoes.is_empty());
        assert_eq!(r.version, "SCORM_1.2", "no schemaversion reads as 1.2");
        assert_eq!(r.opens, None);
    }

    #[test]
    fn scorm2004_values_as_moodle_stores_them() {
        let r = reading(
            r#"<manifest identifier="M" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3">
<metadata><schemaversion>2004 4th Edition</schemaversion></metadata>
<organizations><organization identifier="O"><item identifier="A" identifierref="R">
  <adlcp:completionThreshold minProgressMeasure="0.5">0.8</adlcp:completionThreshold>
  <adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>exitAll</adlnav:hideLMSUI><adlnav:hideLMSUI>Exit</adlnav:hideLMSUI></adlnav:navigationInterface></adlnav:presentation>
  <imsss:sequencing IDRef="SHARED"><imsss:limitConditions attemptAbsoluteDurationLimit="PT1H"/>
    <imsss:objectives><imsss:primaryObjective objectiveID="P" satisfiedByMeasure="true"><imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure></imsss:primaryObjective>
      <imsss:objective objectiveID="Z"><imsss:minNormalizedMeasure/></imsss:objective></imsss:objectives>
  </imsss:sequencing></item>
<item identifier="B" identifierref="R"><ss:sequencing xmlns:ss="http://www.imsglobal.org/xsd/imsss"><ss:objectives><ss:primaryObjective objectiveID="Q"/></ss:objectives></ss:sequencing></item>
</organization></organizations><resources><resource identifier="R" href="a.html" adlcp:scormType="sco"/></resources></manifest>"#,
        );
        assert_eq!(r.version, "SCORM_1.3");
        let a = &r.scoes[1];
        assert_eq!(
            a.threshold.as_deref(),
            Some("0.8"),
            "the text, not the attributes"
        );
        assert_eq!(a.attempt_absolute_duration_limit.as_deref(), Some("PT1H"));
        assert_eq!(
            a.hide_lms_ui,
            ["exitAll"],
            "`exit` is matched as exact text"
        );
        assert_eq!(a.objectives.len(), 2);
        assert_eq!(
            a.objectives[1].minnormalizedmeasure, "0",
            "an empty measure is 0"
        );
        // The last objective with a non-zero measure: here the primary one, as 0 is empty.
        assert_eq!(
            a.scaled_passing_score().map(|o| o.objectiveid.as_str()),
            Some("P")
        );
        // Another prefix than `imsss:` hides the sequencing.
        assert!(r.scoes[2].objectives.is_empty());
    }
}
