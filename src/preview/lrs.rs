//! The preview's Learning Record Store: the part of the xAPI 1.0.3 interface a launched course
//! uses — statements (POST, PUT, GET) and the State API (GET, PUT, POST, DELETE) — held in memory,
//! so that an xAPI package runs in the preview as it does against a real LRS. The tracking panel
//! reads the same records through [`Lrs::log`].

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The xAPI version this endpoint speaks.
pub const VERSION: &str = "1.0.3";

/// An answer: status, content type and body.
#[derive(Debug, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Reply {
    fn json(status: u16, value: &Value) -> Reply {
        Reply {
            status,
            content_type: "application/json",
            body: value.to_string().into_bytes(),
        }
    }

    fn empty(status: u16) -> Reply {
        Reply {
            status,
            content_type: "text/plain",
            body: Vec::new(),
        }
    }

    fn error(status: u16, message: &str) -> Reply {
        Reply::json(status, &json!({ "error": message }))
    }
}

/// One request under the endpoint.
#[derive(Clone, Copy)]
pub struct XapiRequest<'a> {
    pub method: &'a str,
    /// The path after the endpoint: `statements`, `activities/state`, `about`.
    pub resource: &'a str,
    /// The decoded query parameters.
    pub query: &'a BTreeMap<String, String>,
    /// The `X-Experience-API-Version` header.
    pub version: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

/// What the store holds for one learner.
#[derive(Default)]
pub struct Lrs {
    /// Statements in the order they were stored.
    statements: Vec<Value>,
    /// State documents by (activityId, agent, registration, stateId).
    states: BTreeMap<StateKey, Document>,
    /// Bumped on every change, so that the panel can wait for news.
    pub version: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct StateKey {
    activity: String,
    agent: String,
    registration: String,
    state: String,
}

struct Document {
    content_type: String,
    body: Vec<u8>,
}

impl Lrs {
    /// Forgets every statement and document ("reset the learner").
    pub fn reset(&mut self) {
        self.statements.clear();
        self.states.clear();
        self.version += 1;
    }

    /// Answers one request; `stored` is the time to stamp on new statements (ISO 8601).
    pub fn handle(&mut self, request: &XapiRequest<'_>, stored: &str) -> Reply {
        let XapiRequest {
            method,
            resource,
            query,
            version: version_header,
            content_type,
            body,
        } = *request;
        if resource == "about" {
            return Reply::json(200, &json!({ "version": [VERSION] }));
        }
        if !version_header.is_some_and(|v| v.starts_with("1.0")) {
            return Reply::error(400, "X-Experience-API-Version header missing or not 1.0.x");
        }
        match (method, resource) {
            ("POST", "statements") => self.post_statements(body, stored),
            ("PUT", "statements") => match query.get("statementId") {
                Some(id) => self.put_statement(id, body, stored),
                None => Reply::error(400, "PUT statements needs statementId"),
            },
            ("GET", "statements") => self.get_statements(query),
            (_, "activities/state") => self.state(method, query, content_type, body),
            _ => Reply::error(404, "not a resource of this LRS"),
        }
    }

    fn post_statements(&mut self, body: &[u8], stored: &str) -> Reply {
        let batch = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Array(list)) => list,
            Ok(one @ Value::Object(_)) => vec![one],
            _ => return Reply::error(400, "the body is not a statement or an array of them"),
        };
        let mut checked = Vec::with_capacity(batch.len());
        for statement in batch {
            match checked_statement(statement) {
                Ok(s) => checked.push(s),
                Err(message) => return Reply::error(400, &message),
            }
        }
        let mut ids = Vec::new();
        for statement in checked {
            match self.store(statement, stored) {
                Ok(id) => ids.push(Value::String(id)),
                Err(reply) => return reply,
            }
        }
        Reply::json(200, &Value::Array(ids))
    }

    fn put_statement(&mut self, id: &str, body: &[u8], stored: &str) -> Reply {
        let Ok(mut statement) = serde_json::from_slice::<Value>(body) else {
            return Reply::error(400, "the body is not JSON");
        };
        if let Some(obj) = statement.as_object_mut() {
            match obj.get("id").and_then(Value::as_str) {
                Some(given) if given != id => {
                    return Reply::error(400, "the statement id differs from statementId")
                }
                _ => {
                    obj.insert("id".into(), Value::String(id.to_string()));
                }
            }
        }
        match checked_statement(statement).map(|s| self.store(s, stored)) {
            Ok(Ok(_)) => Reply::empty(204),
            Ok(Err(reply)) => reply,
            Err(message) => Reply::error(400, &message),
        }
    }

    /// Stores a checked statement (with an id by now); the same id again is accepted when the
    /// statement is the same (a resend), refused with 409 when it differs.
    fn store(&mut self, mut statement: Value, stored: &str) -> Result<String, Reply> {
        let id = statement
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if let Some(existing) = self.statements.iter().find(|s| s["id"] == id.as_str()) {
            let mut bare = existing.clone();
            if let Some(obj) = bare.as_object_mut() {
                obj.remove("stored");
                obj.remove("authority");
                obj.remove("version");
            }
            let mut incoming = statement.clone();
            if let (Some(obj), Some(old)) = (incoming.as_object_mut(), bare.as_object()) {
                if !obj.contains_key("timestamp") {
                    if let Some(t) = old.get("timestamp") {
                        obj.insert("timestamp".into(), t.clone());
                    }
                }
            }
            return if incoming == bare {
                Ok(id)
            } else {
                Err(Reply::error(409, "a different statement has this id"))
            };
        }
        if let Some(obj) = statement.as_object_mut() {
            obj.entry("timestamp")
                .or_insert_with(|| Value::String(stored.to_string()));
            obj.insert("stored".into(), Value::String(stored.to_string()));
            obj.insert("version".into(), Value::String(VERSION.into()));
            obj.insert(
                "authority".into(),
                json!({ "objectType": "Agent", "name": "coursepack preview",
                        "mbox": "mailto:preview@coursepack.invalid" }),
            );
        }
        self.statements.push(statement);
        self.version += 1;
        Ok(id)
    }

    fn get_statements(&self, query: &BTreeMap<String, String>) -> Reply {
        if let Some(id) = query.get("statementId") {
            return match self.statements.iter().find(|s| s["id"] == id.as_str()) {
                Some(s) => Reply::json(200, s),
                None => Reply::error(404, "no statement with this id"),
            };
        }
        let limit = query
            .get("limit")
            .and_then(|l| l.parse::<usize>().ok())
            .filter(|l| *l > 0)
            .unwrap_or(usize::MAX);
        // Most recently stored first, as the specification orders them.
        let list: Vec<&Value> = self.statements.iter().rev().take(limit).collect();
        Reply::json(200, &json!({ "statements": list, "more": "" }))
    }

    fn state(
        &mut self,
        method: &str,
        query: &BTreeMap<String, String>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Reply {
        let (Some(activity), Some(agent)) = (query.get("activityId"), query.get("agent")) else {
            return Reply::error(400, "activityId and agent are required");
        };
        let Some(agent) = canonical_agent(agent) else {
            return Reply::error(400, "agent is not an Agent in JSON");
        };
        let registration = query.get("registration").cloned().unwrap_or_default();
        let key = |state: &str| StateKey {
            activity: activity.clone(),
            agent: agent.clone(),
            registration: registration.clone(),
            state: state.to_string(),
        };
        let Some(state_id) = query.get("stateId") else {
            return match method {
                "GET" => {
                    let ids: Vec<&str> = self
                        .states
                        .keys()
                        .filter(|k| k.activity == *activity && k.agent == agent)
                        .filter(|k| k.registration == registration)
                        .map(|k| k.state.as_str())
                        .collect();
                    Reply::json(200, &json!(ids))
                }
                "DELETE" => {
                    self.states.retain(|k, _| {
                        !(k.activity == *activity
                            && k.agent == agent
                            && k.registration == registration)
                    });
                    self.version += 1;
                    Reply::empty(204)
                }
                _ => Reply::error(400, "stateId is required"),
            };
        };
        let key = key(state_id);
        match method {
            "GET" => match self.states.get(&key) {
                Some(doc) => Reply {
                    status: 200,
                    content_type: if doc.content_type.starts_with("application/json") {
                        "application/json"
                    } else {
                        "application/octet-stream"
                    },
                    body: doc.body.clone(),
                },
                None => Reply::error(404, "no such state document"),
            },
            "PUT" => {
                self.states.insert(
                    key,
                    Document {
                        content_type: content_type.unwrap_or("application/octet-stream").into(),
                        body: body.to_vec(),
                    },
                );
                self.version += 1;
                Reply::empty(204)
            }
            "POST" => self.merge_state(key, content_type, body),
            "DELETE" => {
                self.states.remove(&key);
                self.version += 1;
                Reply::empty(204)
            }
            _ => Reply::error(405, "method not allowed on activities/state"),
        }
    }

    /// POST on a document: JSON objects are merged key by key, as the specification says.
    fn merge_state(&mut self, key: StateKey, content_type: Option<&str>, body: &[u8]) -> Reply {
        let Ok(Value::Object(incoming)) = serde_json::from_slice::<Value>(body) else {
            return Reply::error(400, "POST on a state document needs a JSON object");
        };
        let mut merged: Map<String, Value> = match self.states.get(&key) {
            Some(doc) => match serde_json::from_slice::<Value>(&doc.body) {
                Ok(Value::Object(old)) => old,
                _ => return Reply::error(400, "the stored document is not a JSON object"),
            },
            None => Map::new(),
        };
        merged.extend(incoming);
        self.states.insert(
            key,
            Document {
                content_type: content_type.unwrap_or("application/json").into(),
                body: Value::Object(merged).to_string().into_bytes(),
            },
        );
        self.version += 1;
        Reply::empty(204)
    }

    /// For the tracking panel: statements stored after the first `after`, in stored order, and
    /// every state document with its size.
    pub fn log(&self, after: usize) -> Value {
        let statements: Vec<&Value> = self.statements.iter().skip(after).collect();
        let states: Vec<Value> = self
            .states
            .iter()
            .map(|(k, doc)| {
                json!({
                    "stateId": k.state,
                    "registration": k.registration,
                    "bytes": doc.body.len(),
                    "text": String::from_utf8_lossy(&doc.body),
                })
            })
            .collect();
        json!({
            "version": self.version,
            "count": self.statements.len(),
            "statements": statements,
            "states": states,
        })
    }
}

/// The checks an LRS makes before storing (xAPI 1.0.3, part two, 2.2): an object with an actor,
/// a verb with an IRI id and an object; the id, when given, a UUID. A missing id is assigned.
fn checked_statement(mut statement: Value) -> Result<Value, String> {
    let Some(obj) = statement.as_object_mut() else {
        return Err("a statement must be a JSON object".into());
    };
    for field in ["actor", "verb", "object"] {
        if !obj.get(field).is_some_and(Value::is_object) {
            return Err(format!("a statement needs an `{field}` object"));
        }
    }
    if !obj["verb"]
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(is_iri)
    {
        return Err("the verb needs an IRI `id`".into());
    }
    match obj.get("id") {
        Some(Value::String(id)) if is_uuid(id) => {}
        Some(_) => return Err("the statement id must be a UUID".into()),
        None => {
            obj.insert("id".into(), Value::String(new_uuid()));
        }
    }
    Ok(statement)
}

fn is_iri(s: &str) -> bool {
    s.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

pub(crate) fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A UUID for a statement sent without one: unique within this process, which is all a preview
/// store needs (time and a counter, shaped as a version 4 UUID).
pub(crate) fn new_uuid() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (t >> 32) as u32,
        (t >> 16) as u16,
        t as u16 & 0xfff,
        (n >> 48) as u16 & 0xfff,
        n & 0xffff_ffff_ffff
    )
}

/// The agent of a State API request as one string, whatever the key order of its JSON.
fn canonical_agent(text: &str) -> Option<String> {
    let value: Value = serde_json::from_str(text).ok()?;
    value.is_object().then(|| value.to_string())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const NOW: &str = "2026-11-29T12:00:00Z";

    /// A query of `pairs`.
    pub(crate) fn q(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// A request with the version header and a JSON body.
    fn call(
        lrs: &mut Lrs,
        method: &str,
        resource: &str,
        query: &[(&str, &str)],
        body: &str,
    ) -> Reply {
        let query = q(query);
        let request = XapiRequest {
            method,
            resource,
            query: &query,
            version: Some("1.0.3"),
            content_type: Some("application/json"),
            body: body.as_bytes(),
        };
        lrs.handle(&request, NOW)
    }

    fn statement(id: &str) -> String {
        format!(
            r#"{{"id":"{id}","actor":{{"mbox":"mailto:a@b.c"}},"verb":{{"id":"http://adlnet.gov/expapi/verbs/experienced"}},"object":{{"id":"https://x.test/c"}}}}"#
        )
    }

    #[test]
    fn statements_are_stored_checked_and_listed() {
        let mut lrs = Lrs::default();
        let id = "0b2c7a38-1f6e-4c55-9b1e-2d7f0c1a9e11";
        let r = call(&mut lrs, "POST", "statements", &[], &statement(id));
        assert_eq!(r.status, 200);
        assert_eq!(String::from_utf8_lossy(&r.body), format!("[\"{id}\"]"));
        // A resend of the same statement is fine; a different one under the same id is not.
        assert_eq!(
            call(&mut lrs, "POST", "statements", &[], &statement(id)).status,
            200
        );
        let other = statement(id).replace("https://x.test/c", "https://x.test/d");
        assert_eq!(
            call(&mut lrs, "POST", "statements", &[], &other).status,
            409
        );
        // No version header, a verb without an IRI, a bad id: refused.
        let query = q(&[]);
        let body = statement(id);
        let bare = XapiRequest {
            method: "POST",
            resource: "statements",
            query: &query,
            version: None,
            content_type: None,
            body: body.as_bytes(),
        };
        assert_eq!(lrs.handle(&bare, NOW).status, 400);
        let bad_verb = statement(id).replace("http://adlnet.gov/expapi/verbs/experienced", "seen");
        assert_eq!(
            call(&mut lrs, "POST", "statements", &[], &bad_verb).status,
            400
        );
        assert_eq!(
            call(&mut lrs, "POST", "statements", &[], &statement("12")).status,
            400
        );
        // Without an id, one is given.
        let anonymous = statement(id).replace(&format!(r#""id":"{id}","#), "");
        let r = call(&mut lrs, "POST", "statements", &[], &anonymous);
        assert_eq!(r.status, 200);
        let ids: Vec<String> = serde_json::from_slice(&r.body).unwrap_or_default();
        assert!(ids.len() == 1 && is_uuid(&ids[0]), "{ids:?}");

        let log = lrs.log(0);
        assert_eq!(log["count"], 2);
        assert_eq!(log["statements"][0]["stored"], NOW);
        assert_eq!(log["statements"][0]["authority"]["objectType"], "Agent");
        let one = call(&mut lrs, "GET", "statements", &[("statementId", id)], "");
        assert_eq!(one.status, 200);
        assert_eq!(lrs.log(2)["statements"], json!([]));
        // PUT with statementId stores under that id.
        let put_id = "9d1c7a38-1f6e-4c55-9b1e-2d7f0c1a9e12";
        let body = statement(put_id);
        assert_eq!(
            call(
                &mut lrs,
                "PUT",
                "statements",
                &[("statementId", put_id)],
                &body
            )
            .status,
            204
        );
        assert_eq!(lrs.log(0)["count"], 3);
    }

    #[test]
    fn state_documents_round_trip_merge_and_reset() {
        let mut lrs = Lrs::default();
        let agent = r#"{"objectType":"Agent","mbox":"mailto:a@b.c"}"#;
        let doc = [
            ("activityId", "https://x.test/c"),
            ("agent", agent),
            ("stateId", "coursepack/l1"),
        ];
        assert_eq!(
            call(&mut lrs, "GET", "activities/state", &doc, "").status,
            404
        );
        assert_eq!(
            call(&mut lrs, "PUT", "activities/state", &doc, r#"{"a":1}"#).status,
            204
        );
        // The same agent with its keys in another order finds the same document.
        let reordered = [
            ("activityId", "https://x.test/c"),
            ("agent", r#"{"mbox":"mailto:a@b.c","objectType":"Agent"}"#),
            ("stateId", "coursepack/l1"),
        ];
        let got = call(&mut lrs, "GET", "activities/state", &reordered, "");
        assert_eq!(
            (got.status, got.body.as_slice()),
            (200, br#"{"a":1}"#.as_slice())
        );
        assert_eq!(
            call(&mut lrs, "POST", "activities/state", &doc, r#"{"b":2}"#).status,
            204
        );
        let got = call(&mut lrs, "GET", "activities/state", &doc, "");
        assert_eq!(
            serde_json::from_slice::<Value>(&got.body).ok(),
            Some(json!({"a":1,"b":2}))
        );
        // Another registration is another document.
        let mut other = doc.to_vec();
        other.push(("registration", "6f1c2b1e-7d0a-4a4e-9b8e-0c6d1f2a3b4c"));
        assert_eq!(
            call(&mut lrs, "GET", "activities/state", &other, "").status,
            404
        );
        assert_eq!(lrs.log(0)["states"][0]["bytes"], 13);
        lrs.reset();
        assert_eq!(
            call(&mut lrs, "GET", "activities/state", &doc, "").status,
            404
        );
    }
}
