//! Tin Can (`tincan.xml`) package rules: exactly one launchable activity, its launch file in the
//! package (or a remote one, with a warning), activity ids that are absolute IRIs.

use super::dom::Element;
use super::findings::Findings;
use super::href::{self, Base, Role};
use std::collections::BTreeSet;

pub const TINCAN: &str = "http://projecttincan.com/tincan.xsd";

/// Checks a parsed `tincan.xml`; `files` are the files of its package, when known.
pub fn check(root: &Element, files: Option<&BTreeSet<String>>, out: &mut Findings<'_>) {
    if root.ns.as_deref() != Some(TINCAN) || root.local != "tincan" {
        return;
    }
    let activities: Vec<&Element> = root
        .child(TINCAN, "activities")
        .map(|a| a.children_named(TINCAN, "activity").collect())
        .unwrap_or_default();
    for activity in &activities {
        match activity.attr("id") {
            Some(id) if oxiri::Iri::parse(id).is_err() => out.error_at(
                activity,
                format!("activity id `{id}` is not an absolute IRI"),
                "use an absolute IRI such as `https://courses.example.com/course/lesson-1`",
            ),
            _ => {}
        }
    }
    let launchable: Vec<(&Element, &Element)> = activities
        .iter()
        .filter_map(|a| Some((*a, a.child(TINCAN, "launch")?)))
        .collect();
    for (_, launch) in &launchable {
        href::check(
            launch,
            "launch",
            &Base::root(),
            &launch.text,
            files,
            Role::Launch("the package does not hold the content: the LMS sends learners to that site, with the LRS's address and credentials in the URL"),
            out,
        );
    }
    match launchable.as_slice() {
        [] => out.error_at(
            root,
            "no activity has a <launch>: the LMS has nothing to start".into(),
            "add <launch lang=\"und\">index.html</launch> to the course activity",
        ),
        [_] => {}
        [_, second, ..] => out.error_at(
            second.1,
            format!(
                "{} activities have a <launch>; a package has exactly one",
                launchable.len()
            ),
            "keep <launch> on the course activity only",
        ),
    }
}
