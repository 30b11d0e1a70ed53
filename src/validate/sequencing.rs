//! SCORM 2004 sequencing references the schemas cannot check (they declare `ID`/`IDRef` but
//! libxml2 resolves no IDREF, and objective IDs are plain URIs): the shared sequencing of
//! `imsss:sequencingCollection` and the `IDRef` that uses it, objective IDs unique per
//! activity, the objectives `adlseq:objectives` extend and the ones a rule condition's
//! `referencedObjective` names, both among the activity's `imsss:objectives`, and global
//! objectives written by one objective of an activity only.
//!
//! An activity's sequencing is the one in its collection entry (`IDRef`) overridden element by
//! element by its own, as ADL's sample run-time reads it: its objectives are its own
//! `imsss:objectives` if it has some, else its collection entry's.
//!
//! Moodle reads an item's own objectives and rules but never the collection, stores no
//! `mapInfo`, reads no `adlseq:objectives` and never looks an objective up by its ID: every
//! finding here is tolerated (a warning by default, an error with `--profile strict`).

use super::dom::Element;
use super::findings::Findings;
use super::scorm2004::{ADLSEQ, IMSCP, IMSSS};
use std::collections::{HashMap, HashSet};

const NEVER_READS_COLLECTION: &str =
    "it never reads imsss:sequencingCollection, so the shared sequencing does not apply";

/// Checks the sequencing of a SCORM 2004 manifest.
pub fn check(root: &Element, out: &mut Findings<'_>) {
    let members = collection(root, out);
    let mut activities: Vec<(&Element, &Element)> = Vec::new();
    if let Some(orgs) = root.child(IMSCP, "organizations") {
        for org in orgs.children_named(IMSCP, "organization") {
            collect_activities(org, &mut activities);
        }
    }
    // Which activities use each collection entry.
    let mut users: HashMap<&str, Vec<&Element>> = HashMap::new();
    for &(activity, seq) in &activities {
        if let Some(id) = seq.attr("ID") {
            out.tolerated_at(
                seq,
                format!("the imsss:sequencing of {} has an ID (`{id}`): only a sequencing of the imsss:sequencingCollection has one", activity_id(activity)),
                "it ignores it",
                "remove the ID, or move the sequencing to the imsss:sequencingCollection and refer to it with IDRef",
            );
        }
        let Some(idref) = seq.attr("IDRef") else {
            continue;
        };
        let idref = idref.trim();
        if members.contains_key(idref) {
            users.entry(idref).or_default().push(seq);
        } else {
            out.tolerated_at(
                seq,
                format!("IDRef `{idref}` names no sequencing of the imsss:sequencingCollection"),
                NEVER_READS_COLLECTION,
                &known("a sequencing of the collection", members.keys().copied()),
            );
        }
    }
    for &(activity, seq) in &activities {
        let shared = seq
            .attr("IDRef")
            .and_then(|r| members.get(r.trim()).copied());
        let own = objective_ids(seq);
        let effective = if seq.child(IMSSS, "objectives").is_some() {
            own.clone()
        } else {
            shared.map(objective_ids).unwrap_or_default()
        };
        objectives(seq, &activity_id(activity), out);
        extensions(seq, &effective, out);
        references(seq, &effective, out);
    }
    for (id, member) in &members {
        let mut ids = objective_ids(member);
        for seq in users.get(id).into_iter().flatten() {
            ids.extend(objective_ids(seq));
        }
        objectives(member, &format!("collection entry `{id}`"), out);
        extensions(member, &ids, out);
        // A rule of the collection must find its objective in every activity that uses it.
        let mut common: Option<HashSet<String>> = None;
        for seq in users.get(id).into_iter().flatten() {
            let effective = if seq.child(IMSSS, "objectives").is_some() {
                objective_ids(seq)
            } else {
                objective_ids(member)
            };
            common = Some(match common {
                None => effective,
                Some(c) => c.intersection(&effective).cloned().collect(),
            });
        }
        references(
            member,
            &common.unwrap_or_else(|| objective_ids(member)),
            out,
        );
    }
}

/// The entries of the `imsss:sequencingCollection`, by `ID`; entries without an ID or with an
/// `IDRef` are reported.
fn collection<'a>(root: &'a Element, out: &mut Findings<'_>) -> HashMap<&'a str, &'a Element> {
    let mut members = HashMap::new();
    for (n, c) in root
        .children_named(IMSSS, "sequencingCollection")
        .enumerate()
    {
        if n > 0 {
            out.tolerated_at(
                c,
                "the manifest has more than one imsss:sequencingCollection".into(),
                NEVER_READS_COLLECTION,
                "put every shared sequencing in one imsss:sequencingCollection",
            );
        }
        for seq in c.children_named(IMSSS, "sequencing") {
            match seq.attr("ID") {
                Some(id) => {
                    members.insert(id.trim(), seq);
                }
                None => out.tolerated_at(
                    seq,
                    "a sequencing of the imsss:sequencingCollection has no ID: no activity can refer to it".into(),
                    NEVER_READS_COLLECTION,
                    "give it an ID and refer to it from items with IDRef",
                ),
            }
            if let Some(idref) = seq.attr("IDRef") {
                out.tolerated_at(
                    seq,
                    format!("a sequencing of the imsss:sequencingCollection refers to another (IDRef `{idref}`)"),
                    NEVER_READS_COLLECTION,
                    "only an item's or organization's sequencing refers to the collection; copy what it needs",
                );
            }
        }
    }
    members
}

/// Organizations and items with their `imsss:sequencing`, depth first.
fn collect_activities<'a>(el: &'a Element, out: &mut Vec<(&'a Element, &'a Element)>) {
    if let Some(seq) = el.child(IMSSS, "sequencing") {
        out.push((el, seq));
    }
    for item in el.children_named(IMSCP, "item") {
        collect_activities(item, out);
    }
}

fn activity_id(activity: &Element) -> String {
    format!(
        "{} `{}`",
        activity.local,
        activity.attr("identifier").unwrap_or("?")
    )
}

/// The IDs of a sequencing's own `imsss:objectives`.
fn objective_ids(seq: &Element) -> HashSet<String> {
    seq.child(IMSSS, "objectives")
        .map(|o| {
            o.children
                .iter()
                .filter_map(|c| c.attr("objectiveID"))
                .map(|id| id.trim().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// One sequencing's objectives: their IDs unique, and one objective writing each global
/// objective (the constraint `uniqueGlobalObjective` that `imsss_v1p0.xsd` leaves commented
/// out: libxml2 never checks it).
fn objectives(seq: &Element, whose: &str, out: &mut Findings<'_>) {
    let Some(objectives) = seq.child(IMSSS, "objectives") else {
        return;
    };
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut writers: HashMap<&str, usize> = HashMap::new();
    for objective in &objectives.children {
        if let Some(id) = objective.attr("objectiveID").map(str::trim) {
            match ids.get(id) {
                Some(line) => out.tolerated_at(
                    objective,
                    format!("objective ID `{id}` is used twice in the objectives of {whose} (first on line {line})"),
                    "it hands both to the SCO as cmi.objectives with the same id",
                    "give each objective of an activity its own objectiveID",
                ),
                None => {
                    ids.insert(id, objective.line);
                }
            }
        }
        for map in objective.children_named(IMSSS, "mapInfo") {
            let Some(target) = map.attr("targetObjectiveID").map(str::trim) else {
                continue;
            };
            if target.is_empty() {
                empty_target(map, "imsss:mapInfo", out);
                continue;
            }
            let writes = ["writeSatisfiedStatus", "writeNormalizedMeasure"]
                .iter()
                .any(|a| is_true(map.attr(a)));
            if !writes {
                continue;
            }
            match writers.get(target) {
                Some(line) => out.tolerated_at(
                    map,
                    format!("global objective `{target}` is written by two objectives of {whose} (the other on line {line})"),
                    "it never stores mapInfo",
                    "let one objective of an activity write a global objective; the others may read it",
                ),
                None => {
                    writers.insert(target, map.line);
                }
            }
        }
    }
}

/// `adlseq:objectives` (4th Edition) extend objectives of the same activity: each names one of
/// its `imsss:objectives` (`ids`), once, and writes each global objective's data once.
fn extensions(seq: &Element, ids: &HashSet<String>, out: &mut Findings<'_>) {
    for extension in seq.children_named(ADLSEQ, "objectives") {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut writers: HashMap<(&str, &str), usize> = HashMap::new();
        for objective in extension.children_named(ADLSEQ, "objective") {
            let Some(id) = objective.attr("objectiveID").map(str::trim) else {
                continue;
            };
            if !ids.contains(id) {
                out.tolerated_at(
                    objective,
                    format!("adlseq:objective `{id}` extends no objective of the activity's imsss:objectives"),
                    "it does not read adlseq:objectives",
                    &known("the objectiveID of an imsss:primaryObjective or imsss:objective of the same activity", ids.iter().map(String::as_str)),
                );
            } else if !seen.insert(id) {
                out.tolerated_at(
                    objective,
                    format!(
                        "adlseq:objective `{id}` is extended twice in the same adlseq:objectives"
                    ),
                    "it does not read adlseq:objectives",
                    "put all the maps of an objective in one adlseq:objective",
                );
            }
            for map in objective.children_named(ADLSEQ, "mapInfo") {
                let Some(target) = map.attr("targetObjectiveID").map(str::trim) else {
                    continue;
                };
                if target.is_empty() {
                    empty_target(map, "adlseq:mapInfo", out);
                    continue;
                }
                for field in [
                    "writeRawScore",
                    "writeMinScore",
                    "writeMaxScore",
                    "writeCompletionStatus",
                    "writeProgressMeasure",
                ] {
                    if !is_true(map.attr(field)) {
                        continue;
                    }
                    match writers.get(&(target, field)) {
                        Some(line) => out.tolerated_at(
                            map,
                            format!("global objective `{target}` gets {field} from two objectives of the activity (the other on line {line})"),
                            "it does not read adlseq:objectives",
                            "let one objective of an activity write each piece of a global objective",
                        ),
                        None => {
                            writers.insert((target, field), map.line);
                        }
                    }
                }
            }
        }
    }
}

fn empty_target(map: &Element, what: &str, out: &mut Findings<'_>) {
    out.tolerated_at(
        map,
        format!("{what} has an empty targetObjectiveID"),
        "it never stores objective maps",
        "name the global objective, such as targetObjectiveID=\"urn:example:course:objective-1\"",
    );
}

/// Each rule condition's `referencedObjective` names one of the activity's objectives
/// (`ids`).
fn references(seq: &Element, ids: &HashSet<String>, out: &mut Findings<'_>) {
    let Some(rules) = seq.child(IMSSS, "sequencingRules") else {
        return;
    };
    for rule in &rules.children {
        for conditions in rule.children_named(IMSSS, "ruleConditions") {
            for condition in conditions.children_named(IMSSS, "ruleCondition") {
                let Some(target) = condition.attr("referencedObjective").map(str::trim) else {
                    continue;
                };
                if !ids.contains(target) {
                    out.tolerated_at(
                        condition,
                        format!(
                            "referencedObjective `{target}` names no objective of the activity"
                        ),
                        "its sequencing never looks an objective up by its ID",
                        &known(
                            "the objectiveID of an objective in the activity's imsss:objectives",
                            ids.iter().map(String::as_str),
                        ),
                    );
                }
            }
        }
    }
}

fn is_true(value: Option<&str>) -> bool {
    matches!(value.map(str::trim), Some("true" | "1"))
}

/// "point it at …: `a`, `b`" (sorted), or what to add when there is nothing to name.
fn known<'a>(what: &str, ids: impl Iterator<Item = &'a str>) -> String {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    if ids.is_empty() {
        format!("point it at {what}; there is none yet")
    } else {
        let list: Vec<String> = ids.iter().take(8).map(|i| format!("`{i}`")).collect();
        format!("point it at {what}: {}", list.join(", "))
    }
}
