//! What a cmi5 LMS makes of a course structure (`--explain`): the blocks and AUs it imports,
//! what each AU launches and how, and when the LMS counts it satisfied (cmi5 §8.1, §10,
//! §13.1.4).

use serde::Serialize;
use std::fmt::Write as _;

/// The course as a cmi5 LMS imports it.
#[derive(Clone, Debug, Serialize)]
pub struct Reading {
    pub course_id: String,
    pub title: String,
    /// The blocks and AUs, depth first.
    pub nodes: Vec<Node>,
}

/// A block (`au` is `None`) or an AU.
#[derive(Clone, Debug, Serialize)]
pub struct Node {
    pub id: String,
    pub title: String,
    /// 0 for a member of the course, 1 for a member of one of its blocks…
    pub depth: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub au: Option<Au>,
}

/// What the LMS does with an AU.
#[derive(Clone, Debug, Serialize)]
pub struct Au {
    /// The url as written.
    pub url: String,
    /// What it launches: a path in the package, or a URL (`None`: nothing usable).
    pub launch: Option<String>,
    /// The values as the LMS reads them (the schema's defaults when absent).
    pub move_on: String,
    pub launch_method: String,
    pub mastery_score: Option<String>,
    pub activity_type: Option<String>,
    pub launch_parameters: Option<String>,
    pub entitlement_key: Option<String>,
    pub objectives: Vec<String>,
}

/// When the LMS counts an AU satisfied, by its `moveOn`.
pub fn satisfied_when(move_on: &str) -> &'static str {
    match move_on {
        "Passed" => "once the AU sends \"passed\"",
        "Completed" => "once the AU sends \"completed\"",
        "CompletedAndPassed" => "once the AU has sent both \"completed\" and \"passed\"",
        "CompletedOrPassed" => "once the AU sends \"completed\" or \"passed\"",
        "NotApplicable" => "at once, launched or not",
        _ => "never (the value is not a cmi5 one)",
    }
}

impl Reading {
    /// Whether an AU launches a file of the package (a relative url).
    pub fn has_relative_url(&self) -> bool {
        self.nodes
            .iter()
            .filter_map(|n| n.au.as_ref())
            .any(|au| !au.url.is_empty() && !super::cmi5::has_scheme(&au.url))
    }

    /// The explanation as text, one line for the course and one for each block and AU.
    pub fn text(&self) -> String {
        let mut out = String::from("what a cmi5 LMS will make of it:\n");
        let _ = writeln!(
            out,
            "  course `{}` \"{}\": satisfied once all its AUs and blocks are",
            self.course_id, self.title
        );
        for node in &self.nodes {
            let indent = "  ".repeat(node.depth + 2);
            let Some(au) = &node.au else {
                let _ = writeln!(
                    out,
                    "{indent}block `{}` \"{}\": satisfied once all its AUs and blocks are",
                    node.id, node.title
                );
                continue;
            };
            let mut line = format!("{indent}au `{}` \"{}\": ", node.id, node.title);
            match &au.launch {
                Some(target) => {
                    let _ = write!(line, "launches `{target}`");
                }
                None => line.push_str("launches nothing"),
            }
            let window = if au.launch_method == "OwnWindow" {
                "in a window of its own"
            } else {
                "in any window (a frame, a new window or in place)"
            };
            let _ = write!(
                line,
                " {window}; moveOn {}: satisfied {}",
                au.move_on,
                satisfied_when(&au.move_on)
            );
            if let Some(score) = &au.mastery_score {
                let _ = write!(
                    line,
                    "; mastery score {score}: \"passed\" needs a scaled score of at least {score}"
                );
            }
            let extras = [
                ("activity type", &au.activity_type),
                ("launch parameters", &au.launch_parameters),
                ("entitlement key", &au.entitlement_key),
            ];
            for (label, value) in extras {
                if let Some(v) = value {
                    let _ = write!(line, "; {label} `{v}`");
                }
            }
            if !au.objectives.is_empty() {
                let _ = write!(line, "; objectives `{}`", au.objectives.join("`, `"));
            }
            out.push_str(&line);
            out.push('\n');
        }
        if self.nodes.iter().any(|n| n.au.is_some()) {
            out.push_str("  at launch the LMS adds endpoint, fetch, actor, registration and activityId to each url's query, and writes moveOn, masteryScore, launchParameters and entitlementKey into the AU's LMS.LaunchData state\n");
        } else {
            out.push_str("  nothing to launch\n");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_move_on_says_when() {
        for value in [
            "Passed",
            "Completed",
            "CompletedAndPassed",
            "CompletedOrPassed",
        ] {
            assert!(satisfied_when(value).starts_with("once"), "{value}");
        }
        assert_eq!(satisfied_when("NotApplicable"), "at once, launched or not");
        assert!(satisfied_when("passed").starts_with("never"));
    }

    #[test]
    fn text_lists_blocks_and_aus_with_launch_and_mastery() {
        let reading = Reading {
            course_id: "https://e.example/c".into(),
            title: "C".into(),
            nodes: vec![
                Node {
                    id: "https://e.example/c/b".into(),
                    title: "B".into(),
                    depth: 0,
                    au: None,
                },
                Node {
                    id: "https://e.example/c/b/a".into(),
                    title: "A".into(),
                    depth: 1,
                    au: Some(Au {
                        url: "a.html".into(),
                        launch: Some("a.html".into()),
                        move_on: "Passed".into(),
                        launch_method: "OwnWindow".into(),
                        mastery_score: Some("0.8".into()),
                        activity_type: None,
                        launch_parameters: None,
                        entitlement_key: None,
                        objectives: vec![],
                    }),
                },
            ],
        };
        let text = reading.text();
        assert!(
            text.contains("\n    block `https://e.example/c/b` \"B\""),
            "{text}"
        );
        assert!(text.contains("\n      au `https://e.example/c/b/a` \"A\": launches `a.html` in a window of its own; moveOn Passed: satisfied once the AU sends \"passed\"; mastery score 0.8"), "{text}");
        assert!(text.contains("adds endpoint, fetch, actor"), "{text}");
    }
}
