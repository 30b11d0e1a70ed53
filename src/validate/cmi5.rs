//! cmi5 (`cmi5.xml`) course structure rules the schema cannot express, judged by what an LMS
//! does on import and at launch: ids that are absolute IRIs and unique across the course, its
//! blocks, AUs and objectives; AU urls in the package or fully qualified, without the launch
//! parameters the LMS adds; `masteryScore`, `moveOn`, `launchMethod` and `activityType` values;
//! titles, languages, objective references, launch parameters and entitlement keys.
//!
//! The rules read the course structure the way an LMS imports it (cmi5 §13.1): leading and
//! trailing whitespace removed from every value. They also gather what the LMS will launch, for
//! `--explain` ([`Reading`]).

use super::cmi5_reading::{Au, Node, Reading};
use super::dom::Element;
use super::findings::Findings;
use super::href::{self, Base, Problem, Role, Target, XML_NS};
use super::kind::CMI5;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The `moveOn` values (cmi5 §13.1.4).
pub const MOVE_ON: [&str; 5] = [
    "Passed",
    "Completed",
    "CompletedAndPassed",
    "CompletedOrPassed",
    "NotApplicable",
];

/// The `launchMethod` values (cmi5 §13.1.4).
pub const LAUNCH_METHOD: [&str; 2] = ["AnyWindow", "OwnWindow"];

/// The query parameters the LMS adds to an AU's url at launch (cmi5 §8.1).
pub const LAUNCH_PARAMETERS: [&str; 5] =
    ["endpoint", "fetch", "actor", "registration", "activityId"];

/// The places a `masteryScore` may have (cmi5 §13.1.4: "up to 4 decimal places").
const MASTERY_PLACES: usize = 4;

/// Checks a parsed `cmi5.xml`; `files` are the files of its package, when known. Returns what
/// an LMS will make of it, unless the root is not a cmi5 course structure.
pub fn check(
    root: &Element,
    files: Option<&BTreeSet<String>>,
    out: &mut Findings<'_>,
) -> Option<Reading> {
    if root.ns.as_deref() != Some(CMI5) || root.local != "courseStructure" {
        return None;
    }
    let mut rules = Rules {
        files,
        ids: HashMap::new(),
        objectives: HashSet::new(),
        out,
    };
    let course = root.child(CMI5, "course");
    if let Some(course) = course {
        rules.identified(course, "course", false);
        rules.texts(course, "course");
    }
    for objective in root
        .child(CMI5, "objectives")
        .into_iter()
        .flat_map(|o| o.children_named(CMI5, "objective"))
    {
        rules.identified(objective, "objective", true);
        rules.texts(objective, "objective");
        if let Some(id) = objective.attr("id") {
            rules.objectives.insert(id.trim().to_string());
        }
    }
    rules.base_ignored(root);
    let mut reading = Reading {
        course_id: course
            .and_then(|c| c.attr("id"))
            .unwrap_or_default()
            .trim()
            .to_string(),
        title: course.map(title_of).unwrap_or_default(),
        nodes: Vec::new(),
    };
    rules.members(root, 0, &mut reading.nodes);
    if !reading.nodes.iter().any(|n| n.au.is_some()) {
        rules.out.error_at(
            root,
            "the course structure has no <au>: the LMS has nothing to launch".into(),
            "add an <au> with a <url> to the course or to one of its blocks",
        );
    }
    Some(reading)
}

/// The rules' state over one course structure.
struct Rules<'f, 'o, 'a> {
    files: Option<&'f BTreeSet<String>>,
    /// The ids seen so far, with what bore each (`au`, `block`…) and where.
    ids: HashMap<String, (&'static str, usize, bool)>,
    /// The ids of the course's objectives.
    objectives: HashSet<String>,
    out: &'o mut Findings<'a>,
}

impl Rules<'_, '_, '_> {
    /// The blocks and AUs of `parent`, in order, into `nodes` (depth first).
    fn members(&mut self, parent: &Element, depth: usize, nodes: &mut Vec<Node>) {
        for member in &parent.children {
            if member.ns.as_deref() != Some(CMI5) {
                continue;
            }
            match member.local.as_str() {
                "block" => {
                    self.identified(member, "block", false);
                    self.texts(member, "block");
                    self.references(member);
                    self.base_ignored(member);
                    nodes.push(Node {
                        id: member.attr("id").unwrap_or_default().trim().to_string(),
                        title: title_of(member),
                        depth,
                        au: None,
                    });
                    self.members(member, depth + 1, nodes);
                }
                "au" => {
                    let au = self.au(member);
                    nodes.push(Node {
                        id: member.attr("id").unwrap_or_default().trim().to_string(),
                        title: title_of(member),
                        depth,
                        au: Some(au),
                    });
                }
                _ => {}
            }
        }
    }

    /// An AU's rules, and what the LMS launches.
    fn au(&mut self, au: &Element) -> Au {
        self.identified(au, "au", false);
        self.texts(au, "au");
        let objectives = self.references(au);
        self.base_ignored(au);
        let url = au.child(CMI5, "url");
        let launch = url.and_then(|u| self.url(u));
        let move_on = self.enumerated(au, "moveOn", &MOVE_ON, "NotApplicable");
        let launch_method = self.enumerated(au, "launchMethod", &LAUNCH_METHOD, "AnyWindow");
        let mastery_score = au.attr("masteryScore").map(|m| m.trim().to_string());
        if let Some(score) = &mastery_score {
            self.mastery_score(au, score);
        }
        if let Some(kind) = au.attr("activityType") {
            if oxiri::Iri::parse(kind.trim()).is_err() {
                self.out.lenient_at(
                    au,
                    format!("activityType `{kind}` is not an absolute IRI"),
                    "LMSs only show it to learners",
                    "use an xAPI activity type such as `http://adlnet.gov/expapi/activities/lesson`",
                );
            }
        }
        let launch_parameters = self.string_element(au, "launchParameters");
        let entitlement_key = self.string_element(au, "entitlementKey");
        Au {
            url: url.map(|u| u.text.clone()).unwrap_or_default(),
            launch,
            move_on,
            launch_method,
            mastery_score,
            activity_type: au.attr("activityType").map(|t| t.trim().to_string()),
            launch_parameters,
            entitlement_key,
            objectives,
        }
    }

    /// An id: an absolute IRI (cmi5 §3.0: IRIs are fully qualified), unique within the course
    /// structure (§13.1.2–13.1.4). The LMS puts the course's, the blocks' and the AUs' ids in
    /// statements, which an LRS refuses with an id that is not an IRI; it tells blocks and AUs
    /// apart by their ids. An objective's id is only for reporting: its faults are tolerated.
    fn identified(&mut self, el: &Element, what: &'static str, objective: bool) {
        let Some(raw) = el.attr("id") else {
            return;
        };
        let id = raw.trim();
        if oxiri::Iri::parse(id).is_err() {
            let message = format!("{what} id `{raw}` is not an absolute IRI");
            let hint = "use an absolute IRI such as `https://courses.example.com/course/lesson-1`";
            if objective {
                self.out
                    .lenient_at(el, message, "LMSs only report objectives", hint);
            } else {
                self.out.error_at(el, message, hint);
            }
            return;
        }
        match self.ids.get(id) {
            Some(&(first, line, first_objective)) => {
                let message = format!(
                    "{what} id `{id}` is already the id of the {first} at line {line}; ids are unique within a course structure"
                );
                let hint = "give the course, each block, each AU and each objective its own IRI";
                if objective || first_objective {
                    self.out
                        .lenient_at(el, message, "LMSs keep objectives apart from AUs", hint);
                } else {
                    self.out.error_at(el, message, hint);
                }
            }
            None => {
                self.ids.insert(id.to_string(), (what, el.line, objective));
            }
        }
    }

    /// The title and description of `el`: a title with text (the LMS shows it as the name),
    /// each language once in each of them (the LMS makes a language map of them).
    fn texts(&mut self, el: &Element, what: &str) {
        for part in ["title", "description"] {
            let Some(text) = el.child(CMI5, part) else {
                continue;
            };
            let strings: Vec<&Element> = text.children_named(CMI5, "langstring").collect();
            if part == "title" && !strings.is_empty() && strings.iter().all(|s| s.text.is_empty()) {
                self.out.warning_at(
                    text,
                    format!("the {what}'s title is empty: the LMS lists it without a name"),
                    "write the title in <langstring lang=\"…\">",
                );
            }
            let mut seen: HashSet<String> = HashSet::new();
            for s in &strings {
                let lang = s
                    .attr("lang")
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase();
                if !seen.insert(lang.clone()) {
                    let shown = s.attr("lang").unwrap_or_default();
                    self.out.warning_at(
                        s,
                        format!("a second langstring for `{shown}` in the {what}'s {part}: the LMS keeps one of them"),
                        "write each language once; give the others their own `lang`",
                    );
                }
            }
        }
    }

    /// The objective references of a block or AU (`<objectives><objective idref>`): each names
    /// an objective of the course. Returns the names.
    fn references(&mut self, el: &Element) -> Vec<String> {
        let mut names = Vec::new();
        for reference in el
            .child(CMI5, "objectives")
            .into_iter()
            .flat_map(|o| o.children_named(CMI5, "objective"))
        {
            match reference.attr("idref").map(str::trim) {
                None | Some("") => self.out.lenient_at(
                    reference,
                    "an objective reference without `idref`".into(),
                    "LMSs skip it",
                    "name an objective of the course's <objectives> in `idref`",
                ),
                Some(idref) if !self.objectives.contains(idref) => {
                    self.out.lenient_at(
                        reference,
                        format!("objective idref `{idref}` names no objective of the course"),
                        "LMSs drop the reference",
                        "declare the objective in the course's <objectives>, or fix the idref",
                    );
                    names.push(idref.to_string());
                }
                Some(idref) => names.push(idref.to_string()),
            }
        }
        names
    }

    /// `xml:base` is no part of cmi5: LMSs resolve AU urls against the package root.
    fn base_ignored(&mut self, el: &Element) {
        if let Some(base) = el.attr_ns(XML_NS, "base") {
            self.out.warning_at(
                el,
                format!("xml:base `{base}` is ignored: cmi5 LMSs resolve AU urls against the package root"),
                "remove xml:base and write each <url> from the package root",
            );
        }
    }

    /// An AU's url: in the package when relative (cmi5 §14.1), a web or application URL when
    /// fully qualified, without a launch parameter the LMS adds (§8.1). Returns what it
    /// launches: a package path, or the URL.
    fn url(&mut self, url: &Element) -> Option<String> {
        let value = url.text.as_str();
        let query = value.split('#').next().unwrap_or("").split_once('?');
        for (name, _) in query
            .into_iter()
            .flat_map(|(_, q)| q.split('&'))
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        {
            let name = crate::refs::percent_decode(name).unwrap_or_else(|| name.to_string());
            if LAUNCH_PARAMETERS.contains(&name.as_str()) {
                self.out.error_at(
                    url,
                    format!("url `{value}` already has the launch parameter `{name}`, which the LMS adds at launch"),
                    "remove it: the LMS sets endpoint, fetch, actor, registration and activityId itself",
                );
            }
        }
        match Base::root().resolve(value) {
            Err(Problem::Scheme(scheme)) if application_scheme(&scheme) => {
                self.out.warning_at(
                    url,
                    format!("url `{value}` launches an application (`{scheme}:`): a web browser cannot open it"),
                    "cmi5 allows application protocols for AUs outside the browser; a web AU's url is relative or http(s)",
                );
                Some(value.to_string())
            }
            Ok(Target::Remote(remote)) if has_scheme(value) => Some(remote),
            _ => {
                let hint = "write the URL fully qualified, with its scheme: `https://…`";
                href::check(
                    url,
                    "url",
                    &Base::root(),
                    value,
                    self.files,
                    Role::Launch(hint),
                    self.out,
                )
                .map(|target| match target {
                    // The query and fragment go to the AU with the path.
                    Target::Package(path) => match value.find(['?', '#']) {
                        Some(at) => format!("{path}{}", &value[at..]),
                        None => path,
                    },
                    Target::Remote(remote) => remote,
                })
            }
        }
    }

    /// An enumerated attribute (`moveOn`, `launchMethod`): one of `values`, letter case
    /// included. Returns its value, or the default when it is absent.
    fn enumerated(&mut self, au: &Element, name: &str, values: &[&str], default: &str) -> String {
        let Some(value) = au.attr(name) else {
            return default.to_string();
        };
        if !values.contains(&value) {
            let near = values.iter().find(|v| v.eq_ignore_ascii_case(value.trim()));
            let hint = match near {
                Some(v) => format!("write `{v}`: the values are case-sensitive"),
                None => format!("use one of {}", values.join(", ")),
            };
            self.out.error_at(
                au,
                format!("{name} `{value}` is not a cmi5 value; LMSs refuse the course structure"),
                &hint,
            );
        }
        value.trim().to_string()
    }

    /// `masteryScore`: a decimal from 0 to 1 with at most four decimal places.
    fn mastery_score(&mut self, au: &Element, score: &str) {
        let in_range =
            is_decimal(score) && score.parse::<f64>().is_ok_and(|s| (0.0..=1.0).contains(&s));
        if !in_range {
            self.out.error_at(
                au,
                format!("masteryScore `{score}` is not a decimal from 0 to 1; LMSs refuse the course structure"),
                "write the passing score as a fraction: 0.8 for 80%",
            );
            return;
        }
        let places = score
            .split_once('.')
            .map_or(0, |(_, f)| f.trim_end_matches('0').len());
        if places > MASTERY_PLACES {
            self.out.lenient_at(
                au,
                format!("masteryScore `{score}` has more than the {MASTERY_PLACES} decimal places cmi5 allows"),
                "LMSs pass it on as written",
                "round it to four decimal places",
            );
        }
    }

    /// `launchParameters` and `entitlementKey` are strings the LMS hands over as they are.
    fn string_element(&mut self, au: &Element, name: &str) -> Option<String> {
        let el = au.child(CMI5, name)?;
        if !el.children.is_empty() {
            self.out.lenient_at(
                el,
                format!("<{name}> holds elements; cmi5 defines it as a string"),
                "LMSs hand over its text only",
                "write the value as text (escape `<` as `&lt;`)",
            );
        }
        Some(el.text.clone())
    }
}

/// The title an LMS shows: the first langstring with text.
fn title_of(el: &Element) -> String {
    el.child(CMI5, "title")
        .into_iter()
        .flat_map(|t| t.children_named(CMI5, "langstring"))
        .map(|s| s.text.as_str())
        .find(|t| !t.is_empty())
        .unwrap_or_default()
        .to_string()
}

/// Whether a scheme is an application protocol (cmi5 §13.1.4 allows `<application>://`), not
/// one that names the learner's disk or runs code.
fn application_scheme(scheme: &str) -> bool {
    scheme.len() > 1
        && !["file", "javascript", "vbscript", "data", "about", "blob"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme))
}

/// Whether `value` starts with a scheme (an absolute URL, not `//host/…`).
pub fn has_scheme(value: &str) -> bool {
    let value = value.trim();
    value.split_once(':').is_some_and(|(s, _)| {
        s.len() > 1
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// `xs:decimal`'s lexical space: a sign, digits, a point, digits (at least one digit).
fn is_decimal(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !(whole.is_empty() && fraction.is_empty())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_as_xsd_reads_them() {
        for ok in ["0", "1", "0.8", ".5", "1.", "+0.25", "-0", "0.0000"] {
            assert!(is_decimal(ok), "{ok}");
        }
        for bad in ["", ".", "1e-1", "NaN", "inf", "0,8", "0.8.1", "+"] {
            assert!(!is_decimal(bad), "{bad}");
        }
    }

    #[test]
    fn application_schemes_are_not_the_dangerous_ones() {
        assert!(application_scheme("myapp"));
        assert!(application_scheme("ispring"));
        for s in ["file", "FILE", "javascript", "data", "c"] {
            assert!(!application_scheme(s), "{s}");
        }
    }

    #[test]
    fn a_scheme_is_told_from_a_path() {
        assert!(has_scheme("https://example.com/a.html"));
        assert!(has_scheme("myapp://run"));
        assert!(!has_scheme("//example.com/a.html"));
        assert!(!has_scheme("index.html?x=a:b"));
        assert!(!has_scheme("C:"));
    }
}
