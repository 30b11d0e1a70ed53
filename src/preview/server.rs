//! The preview's HTTP side (tiny_http, on 127.0.0.1 only). Routes:
//!
//! ```text
//! GET  /                          the shell: LMS frame, tracking panel, error overlay
//! GET  /__coursepack/<asset>      the shell's script, style sheet and LMS-side SCORM APIs
//! GET  /__coursepack/status       the build state as JSON; ?since=V waits for a change past V
//! POST /__coursepack/select       {"lang", "format"}: switch, rebuild
//! POST /__coursepack/cmi5/fetch   a cmi5 launch's fetch URL (the auth token, once)
//! POST /__coursepack/reset        forget the learner's xAPI records
//! GET  /__coursepack/lrs-log      ?after=N: statements after the first N, state documents
//! *    /__coursepack/xapi/...     the xAPI endpoint (statements, activities/state, about)
//! GET  /course/<path>             a file of the package being previewed
//! ```

use super::{lrs, Preview, PreviewError};
use crate::inline::percent_decode;
use crate::package::Format;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Method, Request, StatusCode};

/// The shell's files, compiled in.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "shell.js",
        "text/javascript; charset=utf-8",
        include_str!("../../templates/preview/shell.js"),
    ),
    (
        "shell.css",
        "text/css; charset=utf-8",
        include_str!("../../templates/preview/shell.css"),
    ),
    (
        "lms-core.js",
        "text/javascript; charset=utf-8",
        include_str!("../../templates/preview/lms-core.js"),
    ),
    (
        "scorm12-lms.js",
        "text/javascript; charset=utf-8",
        include_str!("../../templates/preview/scorm12-lms.js"),
    ),
    (
        "scorm2004-lms.js",
        "text/javascript; charset=utf-8",
        include_str!("../../templates/preview/scorm2004-lms.js"),
    ),
];
const SHELL: &str = include_str!("../../templates/preview/shell.html");

/// How long a status request waits for news before answering with the same state.
const LONG_POLL: Duration = Duration::from_secs(25);
/// Request threads. A long poll holds one until news or [`LONG_POLL`], even after its page is
/// gone (a closed tab, a reload): every page opened within that time may hold one, and the rest
/// must still be answered. They sleep when idle.
const WORKERS: usize = 32;
/// The largest request body taken (statement batches are far smaller).
const MAX_BODY: u64 = 16 * 1024 * 1024;

pub struct Server {
    http: Arc<tiny_http::Server>,
    preview: Arc<Preview>,
    port: u16,
}

impl Server {
    pub fn bind(port: u16, preview: Arc<Preview>) -> Result<Server, PreviewError> {
        let http =
            tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| PreviewError::Listen {
                port,
                message: e.to_string(),
            })?;
        let port = http.server_addr().to_ip().map_or(port, |a| a.port());
        Ok(Server {
            http: Arc::new(http),
            preview,
            port,
        })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Answers requests until the process ends.
    pub fn run(self) {
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let http = Arc::clone(&self.http);
                let preview = Arc::clone(&self.preview);
                let port = self.port;
                std::thread::spawn(move || {
                    while let Ok(request) = http.recv() {
                        answer(&preview, port, request);
                    }
                })
            })
            .collect();
        for worker in workers {
            let _ = worker.join();
        }
    }
}

/// Answers `request` and ends its connection (`Connection: close`).
///
/// tiny_http reads each open connection on a thread of a pool that adds a thread only when it
/// counts no idle one, and counts a thread idle until it has taken its task: connections opened
/// together on a busy machine may all be queued for one idle thread, and the rest then wait
/// until some connection ends. A kept-alive connection never ends, so a page that asks for six
/// files at once (the shell) could wait forever for the sixth. tiny_http refuses a `Connection`
/// header in its responses (it decides keep-alive from the request alone), so the head is
/// written here: once the browser has the answer it closes the connection, and its thread takes
/// the next one.
fn reply(request: Request, status: u16, content_type: &str, body: Vec<u8>, extra: &[(&str, &str)]) {
    let head_only = *request.method() == Method::Head;
    let reason = StatusCode(status).default_reason_phrase();
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    let fields = [
        ("Content-Type", content_type),
        ("Content-Length", &body.len().to_string()),
        ("Cache-Control", "no-store"),
        ("Connection", "close"),
    ];
    for (name, value) in fields.iter().chain(extra) {
        // Our own names and values; one that could split the head is dropped.
        if ![name, value].iter().any(|s| s.contains(['\r', '\n'])) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("\r\n");
    let mut writer = request.into_writer();
    let _ = writer
        .write_all(head.as_bytes())
        .and_then(|()| {
            if head_only {
                Ok(())
            } else {
                writer.write_all(&body)
            }
        })
        .and_then(|()| writer.flush());
}

fn reply_json(request: Request, status: u16, value: &Value) {
    reply(
        request,
        status,
        "application/json",
        value.to_string().into_bytes(),
        &[],
    );
}

fn not_found(request: Request) {
    reply(
        request,
        404,
        "text/plain; charset=utf-8",
        b"not found".to_vec(),
        &[],
    );
}

/// Splits `path?query` and decodes the query's parameters.
fn split_url(url: &str) -> (String, BTreeMap<String, String>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let params = query
        .split('&')
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (!k.is_empty()).then(|| (form_decode(k), form_decode(v)))
        })
        .collect();
    (percent_decode(path), params)
}

/// A query parameter as `application/x-www-form-urlencoded` writes it: `+` is a space, then
/// `%XX` escapes; bad escapes stay as they are.
fn form_decode(s: &str) -> String {
    percent_decode(&s.replace('+', " "))
}

/// Only requests addressed to this server by its loopback name are answered: a page elsewhere
/// that points a DNS name at 127.0.0.1 (DNS rebinding) gets nothing.
fn host_allowed(request: &Request, port: u16) -> bool {
    let host = header_value(request, "Host").map(|h| h.to_ascii_lowercase());
    match host {
        Some(host) => [format!("127.0.0.1:{port}"), format!("localhost:{port}")].contains(&host),
        None => false,
    }
}

fn answer(preview: &Preview, port: u16, request: Request) {
    if !host_allowed(&request, port) {
        reply(request, 403, "text/plain", b"forbidden host".to_vec(), &[]);
        return;
    }
    let (path, query) = split_url(request.url());
    let method = request.method().clone();
    if let Some(rest) = path.strip_prefix("/course/") {
        return serve_file(preview, request, rest);
    }
    if method == Method::Post && path == "/__coursepack/cmi5/fetch" {
        return cmi5_fetch(preview, request, &query);
    }
    if let Some(resource) = path.strip_prefix("/__coursepack/xapi/") {
        let resource = resource.to_string();
        return xapi(preview, request, &resource, &query);
    }
    match (method, path.as_str()) {
        (Method::Get, "/") => reply(
            request,
            200,
            "text/html; charset=utf-8",
            SHELL.as_bytes().to_vec(),
            &[],
        ),
        (Method::Get, "/__coursepack/status") => {
            let since = query.get("since").and_then(|s| s.parse::<u64>().ok());
            let state = match since {
                Some(since) => preview.wait_past(since, LONG_POLL),
                None => preview.lock(),
            };
            let status = status(&state);
            drop(state);
            reply_json(request, 200, &status);
        }
        (Method::Post, "/__coursepack/select") => select(preview, request),
        (Method::Post, "/__coursepack/reset") => {
            let log = {
                let mut state = preview.lock();
                state.lrs.reset();
                state.version += 1;
                state.lrs.log(0)
            };
            preview.notify();
            reply_json(request, 200, &log);
        }
        (Method::Get, "/__coursepack/lrs-log") => {
            let after = query.get("after").and_then(|s| s.parse().ok()).unwrap_or(0);
            let log = preview.lock().lrs.log(after);
            reply_json(request, 200, &log);
        }
        (Method::Get, asset) => match asset
            .strip_prefix("/__coursepack/")
            .and_then(|name| ASSETS.iter().find(|(n, _, _)| *n == name))
        {
            Some((_, content_type, text)) => {
                reply(request, 200, content_type, text.as_bytes().to_vec(), &[])
            }
            None => not_found(request),
        },
        _ => not_found(request),
    }
}

/// The state the shell shows: what is built, in which language and format, and the failure.
fn status(state: &super::State) -> Value {
    let site = state.site.as_ref().map(|site| {
        json!({
            "lang": site.lang,
            "format": site.format.name(),
            "langs": site.langs,
            "title": site.title,
            "launches": site.launches,
            "aus": site.aus,
            "warnings": site.warnings.warning_count(),
        })
    });
    let failure = state.failure.as_ref().map(|f| {
        json!({
            "text": f.text,
            "diagnostics": f.diagnostics,
        })
    });
    json!({
        "version": state.version,
        "siteVersion": state.site_version,
        "building": state.building,
        "site": site,
        "failure": failure,
        "formats": super::FORMATS.map(Format::name),
        "lrsVersion": state.lrs.version,
    })
}

fn read_body(request: &mut Request) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY)
        .read_to_end(&mut body)
        .ok()?;
    Some(body)
}

fn select(preview: &Preview, mut request: Request) {
    let body = read_body(&mut request).unwrap_or_default();
    let Ok(asked) = serde_json::from_slice::<Value>(&body) else {
        return reply_json(request, 400, &json!({ "error": "expected JSON" }));
    };
    let format = match asked.get("format").and_then(Value::as_str) {
        Some(name) => match format_named(name) {
            Some(format) => Some(format),
            None => return reply_json(request, 400, &json!({ "error": "unknown format" })),
        },
        None => None,
    };
    {
        let mut state = preview.lock();
        if let Some(format) = format {
            state.selection.format = format;
        }
        if let Some(lang) = asked.get("lang").and_then(Value::as_str) {
            state.selection.lang = Some(lang.to_string());
        }
        state.version += 1;
    }
    preview.notify();
    preview.request_build();
    reply_json(request, 202, &json!({ "ok": true }));
}

/// The preview format a switch names (`scorm12`, `scorm2004`, `xapi`, `cmi5`).
fn format_named(name: &str) -> Option<Format> {
    super::FORMATS.into_iter().find(|f| f.name() == name)
}

fn serve_file(preview: &Preview, request: Request, path: &str) {
    let site = preview.lock().site.clone();
    let Some(bytes) = site.as_ref().and_then(|s| s.files.get(path)) else {
        return not_found(request);
    };
    let len = bytes.len();
    // Byte ranges, as any web server answers them: a browser seeks in video and audio with them.
    match header_value(&request, "Range").map(|r| byte_range(&r, len)) {
        Some(Some((start, end))) => {
            let range = format!("bytes {start}-{end}/{len}");
            let part = bytes[start..=end].to_vec();
            let extra = [
                ("Accept-Ranges", "bytes"),
                ("Content-Range", range.as_str()),
            ];
            reply(request, 206, content_type(path), part, &extra);
        }
        Some(None) => {
            let range = format!("bytes */{len}");
            reply(
                request,
                416,
                "text/plain",
                Vec::new(),
                &[("Content-Range", range.as_str())],
            );
        }
        None => reply(
            request,
            200,
            content_type(path),
            bytes.clone(),
            &[("Accept-Ranges", "bytes")],
        ),
    }
}

/// The inclusive byte range a `Range: bytes=a-b` header asks of a body of `len` bytes (`a-`,
/// `-n` for the last n); `None` when it cannot be served (several ranges, out of bounds).
fn byte_range(header: &str, len: usize) -> Option<(usize, usize)> {
    let (from, to) = header.trim().strip_prefix("bytes=")?.split_once('-')?;
    let (start, end) = match (from.parse::<usize>().ok(), to.parse::<usize>().ok()) {
        (Some(a), Some(b)) => (a, b.min(len.checked_sub(1)?)),
        (Some(a), None) if to.is_empty() => (a, len.checked_sub(1)?),
        (None, Some(n)) if from.is_empty() && n > 0 => (len.saturating_sub(n), len.checked_sub(1)?),
        _ => return None,
    };
    (start <= end).then_some((start, end))
}

/// The media type of a package file, by extension.
fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "xml" | "xsd" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "oga" => "audio/ogg",
        "wav" => "audio/wav",
        "vtt" => "text/vtt; charset=utf-8",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn header_value(request: &Request, name: &'static str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().to_string())
}

/// The fetch URL of a cmi5 launch: the auth token once, after the LMS's records of the launch
/// (`super::cmi5`). Errors are cmi5's JSON answers, with status 200 as the specification's are.
fn cmi5_fetch(preview: &Preview, request: Request, query: &BTreeMap<String, String>) {
    let answer = match super::cmi5::AuLaunch::from_query(query) {
        Ok(launch) => {
            let mut state = preview.lock();
            let state = &mut *state;
            let before = state.lrs.version;
            let answer = state.launches.fetch(&mut state.lrs, &launch, &now());
            if state.lrs.version != before {
                state.version += 1;
            }
            answer
        }
        Err(text) => json!({ "error-code": "2", "error-text": text }),
    };
    preview.notify();
    reply_json(request, 200, &answer);
}

/// The time now, as xAPI stamps it.
fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn xapi(preview: &Preview, mut request: Request, resource: &str, query: &BTreeMap<String, String>) {
    let version = header_value(&request, "X-Experience-API-Version");
    let content_type = header_value(&request, "Content-Type");
    let method = request.method().as_str().to_ascii_uppercase();
    let body = read_body(&mut request).unwrap_or_default();
    let stored = now();
    let answer = {
        let mut state = preview.lock();
        let before = state.lrs.version;
        let request = lrs::XapiRequest {
            method: &method,
            resource,
            query,
            version: version.as_deref(),
            content_type: content_type.as_deref(),
            body: &body,
        };
        let answer = state.lrs.handle(&request, &stored);
        if state.lrs.version != before {
            state.version += 1;
        }
        answer
    };
    preview.notify();
    reply(
        request,
        answer.status,
        answer.content_type,
        answer.body,
        &[("X-Experience-API-Version", lrs::VERSION)],
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_decoded() {
        let (path, q) = split_url("/a%20b?agent=%7B%22x%22%3A1%7D&stateId=s+1&bad=%zz&last=%4");
        assert_eq!(path, "/a b");
        assert_eq!(q["agent"], "{\"x\":1}");
        assert_eq!(q["stateId"], "s 1");
        assert_eq!(q["bad"], "%zz");
        assert_eq!(q["last"], "%4");
    }

    #[test]
    fn byte_ranges_for_seeking_in_media() {
        assert_eq!(byte_range("bytes=0-99", 1000), Some((0, 99)));
        assert_eq!(byte_range("bytes=900-", 1000), Some((900, 999)));
        assert_eq!(byte_range("bytes=990-5000", 1000), Some((990, 999)));
        assert_eq!(byte_range("bytes=-100", 1000), Some((900, 999)));
        assert_eq!(byte_range("bytes=1000-", 1000), None);
        assert_eq!(byte_range("bytes=5-2", 1000), None);
        assert_eq!(byte_range("bytes=0-1,5-9", 1000), None);
        assert_eq!(byte_range("items=0-1", 1000), None);
        assert_eq!(byte_range("bytes=0-", 0), None);
    }

    #[test]
    fn every_preview_format_has_its_switch_and_its_lms() {
        for format in super::super::FORMATS {
            assert_eq!(format_named(format.name()), Some(format));
        }
        assert_eq!(format_named("scorm2004"), Some(Format::Scorm2004));
        assert_eq!(format_named("aicc"), None);
        assert_eq!(format_named("SCORM12"), None);
        let asset = |name: &str| ASSETS.iter().find(|(n, _, _)| *n == name).map(|a| a.2);
        for (name, global) in [
            ("lms-core.js", "CoursepackLms.core = core"),
            ("scorm12-lms.js", "CoursepackLms.scorm12 = scorm12"),
            ("scorm2004-lms.js", "CoursepackLms.scorm2004 = scorm2004"),
        ] {
            assert!(asset(name).is_some_and(|js| js.contains(global)), "{name}");
            assert!(SHELL.contains(&format!("/__coursepack/{name}")), "{name}");
        }
        // The two LMS files take their core from CoursepackLms.core: the shell loads it first.
        let at = |name: &str| SHELL.find(&format!("/__coursepack/{name}")).unwrap();
        assert!(at("lms-core.js") < at("scorm12-lms.js"));
        assert!(at("lms-core.js") < at("scorm2004-lms.js"));
    }

    #[test]
    fn package_files_get_their_media_type() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("media/images/A.SVG"), "image/svg+xml");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
