//! The LMS side of a cmi5 launch in the preview (cmi5 Quartz, "Content Launch Mechanisms"): the
//! fetch URL that hands the AU its auth token once, and what the LMS writes before the AU runs
//! — the `LMS.LaunchData` state document and the `launched` statement — into the preview's
//! [`Lrs`]. The shell asks for each launch with a fresh launch id in the fetch URL's query.

use super::lrs::{new_uuid, Lrs, XapiRequest, VERSION};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The auth token every launch gets: the preview's LRS takes any (`preview:preview`, Basic).
pub const AUTH_TOKEN: &str = "cHJldmlldzpwcmV2aWV3";

const CMI5: &str = "https://w3id.org/xapi/cmi5/";

/// One launch of an AU, as the fetch URL's query gives it.
#[derive(Debug, PartialEq)]
pub struct AuLaunch {
    /// Unique per launch: a fetch URL answers with the token once.
    pub launch: String,
    /// The AU's id in `cmi5.xml`: the launch's activity and its publisher id.
    pub activity_id: String,
    /// The learner, as an xAPI Agent in JSON.
    pub actor: String,
    pub registration: String,
    /// `Normal`, `Browse` or `Review`.
    pub mode: String,
    /// The AU's `moveOn` in `cmi5.xml`.
    pub move_on: String,
    /// The AU's `masteryScore` (0 to 1), if it has one.
    pub mastery: Option<f64>,
}

impl AuLaunch {
    /// The launch a fetch URL's query describes, or what is missing.
    pub fn from_query(query: &BTreeMap<String, String>) -> Result<AuLaunch, String> {
        let get = |name: &str| {
            query
                .get(name)
                .filter(|v| !v.is_empty())
                .cloned()
                .ok_or_else(|| format!("the fetch URL has no `{name}`"))
        };
        let mode = get("mode")?;
        if !matches!(mode.as_str(), "Normal" | "Browse" | "Review") {
            return Err(format!("unknown launch mode `{mode}`"));
        }
        let mastery = match query.get("mastery").filter(|v| !v.is_empty()) {
            Some(m) => Some(
                m.parse::<f64>()
                    .ok()
                    .filter(|m| (0.0..=1.0).contains(m))
                    .ok_or_else(|| format!("mastery `{m}` is not a number from 0 to 1"))?,
            ),
            None => None,
        };
        Ok(AuLaunch {
            launch: get("launch")?,
            activity_id: get("activityId")?,
            actor: get("actor")?,
            registration: get("registration")?,
            mode,
            move_on: get("moveOn")?,
            mastery,
        })
    }
}

/// The launches whose fetch URL has been used.
#[derive(Default)]
pub struct Launches {
    used: BTreeSet<String>,
}

impl Launches {
    /// Answers a POST to the fetch URL of `launch`: the first time, the LMS's records go into
    /// `lrs` and the answer holds the auth token; after that, cmi5's error 1 (the token was
    /// given already). `now` stamps the `launched` statement.
    pub fn fetch(&mut self, lrs: &mut Lrs, launch: &AuLaunch, now: &str) -> Value {
        if !self.used.insert(launch.launch.clone()) {
            return json!({
                "error-code": "1",
                "error-text": "this launch's fetch URL was used already: an AU gets its token once",
            });
        }
        let session = new_uuid();
        if let Err(text) = record_launch(lrs, launch, &session, now) {
            return json!({ "error-code": "2", "error-text": text });
        }
        json!({ "auth-token": AUTH_TOKEN })
    }
}

/// Writes `LMS.LaunchData` and the `launched` statement of `launch` (session `session`).
fn record_launch(lrs: &mut Lrs, launch: &AuLaunch, session: &str, now: &str) -> Result<(), String> {
    let grouping = json!([{ "objectType": "Activity", "id": launch.activity_id }]);
    let mut launch_data = json!({
        "contextTemplate": {
            "contextActivities": { "grouping": grouping },
            "extensions": { format!("{CMI5}context/extensions/sessionid"): session },
        },
        "launchMode": launch.mode,
        "launchMethod": "AnyWindow",
        "moveOn": launch.move_on,
    });
    let mut extensions = json!({
        format!("{CMI5}context/extensions/sessionid"): session,
        format!("{CMI5}context/extensions/launchmode"): launch.mode,
        format!("{CMI5}context/extensions/moveon"): launch.move_on,
    });
    if let Some(m) = launch.mastery {
        launch_data["masteryScore"] = json!(m);
        extensions[format!("{CMI5}context/extensions/masteryscore")] = json!(m);
    }
    let query: BTreeMap<String, String> = [
        ("activityId", launch.activity_id.as_str()),
        ("agent", launch.actor.as_str()),
        ("registration", launch.registration.as_str()),
        ("stateId", "LMS.LaunchData"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let body = launch_data.to_string();
    let put = lrs.handle(&request("PUT", "activities/state", &query, &body), now);
    if put.status != 204 {
        return Err(format!(
            "LMS.LaunchData: {}",
            String::from_utf8_lossy(&put.body)
        ));
    }
    let actor: Value = serde_json::from_str(&launch.actor).map_err(|e| format!("actor: {e}"))?;
    let launched = json!({
        "actor": actor,
        "verb": { "id": "http://adlnet.gov/expapi/verbs/launched", "display": { "en-US": "launched" } },
        "object": { "objectType": "Activity", "id": launch.activity_id },
        "context": {
            "registration": launch.registration,
            "contextActivities": {
                "grouping": grouping,
                "category": [{ "objectType": "Activity", "id": format!("{CMI5}context/categories/cmi5") }],
            },
            "extensions": extensions,
        },
        "timestamp": now,
    })
    .to_string();
    let posted = lrs.handle(
        &request("POST", "statements", &BTreeMap::new(), &launched),
        now,
    );
    if posted.status != 200 {
        return Err(format!(
            "launched: {}",
            String::from_utf8_lossy(&posted.body)
        ));
    }
    Ok(())
}

fn request<'a>(
    method: &'a str,
    resource: &'a str,
    query: &'a BTreeMap<String, String>,
    body: &'a str,
) -> XapiRequest<'a> {
    XapiRequest {
        method,
        resource,
        query,
        version: Some(VERSION),
        content_type: Some("application/json"),
        body: body.as_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preview::lrs::tests::q as query;

    const NOW: &str = "2026-11-30T12:00:00Z";
    const ACTOR: &str = r#"{"objectType":"Agent","name":"Ada","mbox":"mailto:ada@example.com"}"#;
    const REGISTRATION: &str = "6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    fn launch_query(launch: &str, mode: &str, mastery: &str) -> BTreeMap<String, String> {
        query(&[
            ("launch", launch),
            ("activityId", "https://x.example/c/au/course"),
            ("actor", ACTOR),
            ("registration", REGISTRATION),
            ("mode", mode),
            ("moveOn", "CompletedAndPassed"),
            ("mastery", mastery),
        ])
    }

    fn get(lrs: &mut Lrs, resource: &str, q: &BTreeMap<String, String>) -> Value {
        let reply = lrs.handle(&request("GET", resource, q, ""), NOW);
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        serde_json::from_slice(&reply.body).expect("JSON")
    }

    #[test]
    fn a_fetch_url_gives_its_token_once_after_writing_what_the_lms_writes() {
        let mut lrs = Lrs::default();
        let mut launches = Launches::default();
        let launch = AuLaunch::from_query(&launch_query("l1", "Normal", "0.8")).expect("a launch");
        assert_eq!(
            launches.fetch(&mut lrs, &launch, NOW),
            json!({ "auth-token": AUTH_TOKEN })
        );
        // LMS.LaunchData, where the AU reads it (the agent's keys in any order).
        let reordered = r#"{"mbox":"mailto:ada@example.com","name":"Ada","objectType":"Agent"}"#;
        let data = get(
            &mut lrs,
            "activities/state",
            &query(&[
                ("activityId", "https://x.example/c/au/course"),
                ("agent", reordered),
                ("registration", REGISTRATION),
                ("stateId", "LMS.LaunchData"),
            ]),
        );
        let session = &data["contextTemplate"]["extensions"]
            ["https://w3id.org/xapi/cmi5/context/extensions/sessionid"];
        assert!(
            session.as_str().is_some_and(crate::preview::lrs::is_uuid),
            "{data}"
        );
        assert_eq!(data["launchMode"], "Normal");
        assert_eq!(data["moveOn"], "CompletedAndPassed");
        assert_eq!(data["masteryScore"], 0.8);
        assert_eq!(
            data["contextTemplate"]["contextActivities"]["grouping"][0]["id"],
            "https://x.example/c/au/course"
        );
        // The `launched` statement, in the same session.
        let stored = get(&mut lrs, "statements", &BTreeMap::new());
        let launched = &stored["statements"][0];
        assert_eq!(
            launched["verb"]["id"],
            "http://adlnet.gov/expapi/verbs/launched"
        );
        assert_eq!(launched["context"]["registration"], REGISTRATION);
        assert_eq!(
            &launched["context"]["extensions"]
                ["https://w3id.org/xapi/cmi5/context/extensions/sessionid"],
            session
        );
        // The same fetch URL again: cmi5's error 1, and nothing more recorded.
        let again = launches.fetch(&mut lrs, &launch, NOW);
        assert_eq!(again["error-code"], "1");
        assert_eq!(
            get(&mut lrs, "statements", &BTreeMap::new())["statements"]
                .as_array()
                .map(Vec::len),
            Some(1)
        );
        // Another launch is another session.
        let review = AuLaunch::from_query(&launch_query("l2", "Review", "")).expect("a launch");
        assert_eq!(review.mastery, None);
        assert_eq!(
            launches.fetch(&mut lrs, &review, NOW)["auth-token"],
            AUTH_TOKEN
        );
        // (The store lists the newest first, as xAPI's GET statements does.)
        let stored = get(&mut lrs, "statements", &BTreeMap::new());
        let second = &stored["statements"][0]["context"]["extensions"];
        assert_ne!(
            &second["https://w3id.org/xapi/cmi5/context/extensions/sessionid"],
            session
        );
        assert_eq!(
            second["https://w3id.org/xapi/cmi5/context/extensions/launchmode"],
            "Review"
        );
    }

    #[test]
    fn a_fetch_url_without_what_a_launch_needs_is_refused() {
        let mut q = launch_query("l1", "Normal", "");
        q.remove("registration");
        assert_eq!(
            AuLaunch::from_query(&q),
            Err("the fetch URL has no `registration`".to_string())
        );
        assert!(AuLaunch::from_query(&launch_query("l1", "Play", "")).is_err());
        assert!(AuLaunch::from_query(&launch_query("l1", "Normal", "80")).is_err());
    }
}
