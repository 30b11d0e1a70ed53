//! `coursepack preview` over HTTP, without a browser: it serves exactly the files of the package
//! `build` writes, rebuilds when a lesson changes, reports a broken lesson as `check` does, runs
//! an xAPI endpoint, refuses other hosts, and leaves nothing of itself in packages. (The browser
//! side — LMS frame, panel, reload — is tests/browser/test-preview.)

use crate::{coursepack, only_zip};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running preview, stopped when dropped.
struct Preview {
    child: Child,
    port: u16,
    stderr: std::sync::mpsc::Receiver<String>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &Path, args: &[&str]) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coursepack"))
        .arg("preview")
        .arg(dir)
        .args(["--port", "0", "--color", "never"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start preview");
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        if let Some(rest) = line.strip_prefix("preview: http://127.0.0.1:") {
            let port = rest.split('/').next().and_then(|p| p.parse().ok());
            return Preview {
                child,
                port: port.expect("port"),
                stderr: rx,
            };
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("preview did not start");
}

/// A bare HTTP/1.1 exchange: (status, body).
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        request.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).expect("send");
    stream.write_all(body).expect("send body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = unchunk(&body);
    }
    (status, body)
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 4 + size..];
    }
}

fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    http(port, "GET", path, &[], b"")
}

fn status(port: u16) -> serde_json::Value {
    serde_json::from_slice(&get(port, "/__coursepack/status").1).expect("status json")
}

/// Polls the status until `done` holds (builds take milliseconds; the limit is generous).
fn wait_for(port: u16, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let s = status(port);
        if done(&s) {
            return s;
        }
        assert!(Instant::now() < deadline, "timed out; last status {s}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn init(dir: &Path) {
    let out = coursepack(&[
        "init",
        &dir.display().to_string(),
        "--title",
        "Served",
        "--lang",
        "en",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn preview_serves_the_built_package_and_follows_edits() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("course");
    init(&dir);
    let preview = start(&dir, &[]);
    let port = preview.port;

    // The files served under /course/ are those of the zip `build` writes, byte for byte.
    let out = tmp.path().join("out");
    let built = coursepack(&[
        "build",
        &dir.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(built.status.success());
    let zip_path = only_zip(&out);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("zip")).expect("zip");
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read entry");
        let (code, served) = get(port, &format!("/course/{}", entry.name()));
        assert_eq!(code, 200, "{}", entry.name());
        assert!(served == bytes, "{} differs from the package", entry.name());
        // Nothing of the preview in the package.
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__coursepack") && !text.contains("CoursepackLms"),
            "{}",
            entry.name()
        );
    }
    assert_eq!(get(port, "/course/not-in-the-package.html").0, 404);
    assert_eq!(get(port, "/course/../course.toml").0, 404);
    let shell = String::from_utf8_lossy(&get(port, "/").1).into_owned();
    assert!(shell.contains("/__coursepack/scorm12-lms.js"));

    // Another Host (DNS rebinding) gets nothing.
    let (code, _) = http(
        port,
        "GET",
        "/course/index.html",
        &[("Host", "evil.example:80")],
        b"",
    );
    assert_eq!(code, 403);

    // An edit rebuilds; the status says so and the page has the new text.
    let before = status(port);
    let lesson = dir.join("lessons/02-practice.md");
    let good = std::fs::read_to_string(&lesson).expect("lesson");
    std::fs::write(
        &lesson,
        good.replacen("\n\n", "\n\nA sentence added while previewing.\n\n", 1),
    )
    .expect("edit");
    let after = wait_for(port, |s| {
        s["siteVersion"].as_u64() > before["siteVersion"].as_u64()
    });
    assert!(after["failure"].is_null());
    let page = String::from_utf8_lossy(&get(port, "/course/index.html").1).into_owned();
    assert!(page.contains("A sentence added while previewing."));

    // A broken lesson: the failure carries the text `check` prints; the last good build stays.
    std::fs::write(
        &lesson,
        format!("{good}\n::: tabs {{#open}}\n## One\nText\n"),
    )
    .expect("break");
    let failed = wait_for(port, |s| !s["failure"].is_null());
    let text = failed["failure"]["text"]
        .as_str()
        .expect("text")
        .to_string();
    let check = coursepack(&["check", &dir.display().to_string(), "--color", "never"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&check.stderr).contains(text.trim()),
        "{text}"
    );
    assert!(text.contains("lessons/02-practice.md:"), "{text}");
    assert_eq!(
        failed["failure"]["diagnostics"][0]["file"],
        "lessons/02-practice.md"
    );
    assert_eq!(get(port, "/course/index.html").0, 200);
    std::fs::write(&lesson, &good).expect("fix");
    wait_for(port, |s| {
        s["failure"].is_null() && !s["building"].as_bool().unwrap_or(true)
    });
    let terminal: Vec<String> = preview.stderr.try_iter().collect();
    assert!(
        terminal
            .iter()
            .any(|l| l.contains("`tabs` block is never closed")),
        "{terminal:?}"
    );
    assert!(
        terminal.iter().any(|l| l.starts_with("build failed in ")),
        "{terminal:?}"
    );
}

#[test]
fn preview_switches_format_and_runs_an_xapi_endpoint() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("course");
    init(&dir);
    let preview = start(&dir, &["--format", "xapi"]);
    let port = preview.port;
    let s = status(port);
    assert_eq!(s["site"]["format"], "xapi");
    assert_eq!(get(port, "/course/tincan.xml").0, 200);
    assert_eq!(get(port, "/course/imsmanifest.xml").0, 404);

    let version = [
        ("X-Experience-API-Version", "1.0.3"),
        ("Content-Type", "application/json"),
    ];
    let statement = r#"{"actor":{"mbox":"mailto:l@p.invalid"},"verb":{"id":"http://adlnet.gov/expapi/verbs/initialized"},"object":{"id":"https://example.com/courses/served"}}"#;
    let (code, ids) = http(
        port,
        "POST",
        "/__coursepack/xapi/statements",
        &version,
        statement.as_bytes(),
    );
    assert_eq!(code, 200, "{}", String::from_utf8_lossy(&ids));
    let (code, _) = http(
        port,
        "POST",
        "/__coursepack/xapi/statements",
        &[],
        statement.as_bytes(),
    );
    assert_eq!(code, 400, "the version header is required");
    let state = "/__coursepack/xapi/activities/state?activityId=https%3A%2F%2Fexample.com%2Fcourses%2Fserved&agent=%7B%22mbox%22%3A%22mailto%3Al%40p.invalid%22%7D&stateId=s";
    assert_eq!(http(port, "PUT", state, &version, b"{\"v\":1}").0, 204);
    assert_eq!(http(port, "GET", state, &version, b"").1, b"{\"v\":1}");
    let log: serde_json::Value =
        serde_json::from_slice(&get(port, "/__coursepack/lrs-log").1).expect("log");
    assert_eq!(log["count"], 1);
    assert_eq!(log["states"][0]["bytes"], 7);
    assert_eq!(http(port, "POST", "/__coursepack/reset", &[], b"").0, 200);
    assert_eq!(http(port, "GET", state, &version, b"").0, 404);

    // Switching to SCORM 1.2 rebuilds as SCORM 1.2.
    let (code, _) = http(
        port,
        "POST",
        "/__coursepack/select",
        &[],
        br#"{"format":"scorm12"}"#,
    );
    assert_eq!(code, 202);
    wait_for(port, |s| s["site"]["format"] == "scorm12");
    assert_eq!(get(port, "/course/imsmanifest.xml").0, 200);
    let (code, _) = http(
        port,
        "POST",
        "/__coursepack/select",
        &[],
        br#"{"format":"aicc"}"#,
    );
    assert_eq!(code, 400);
}

#[test]
fn preview_of_a_missing_folder_is_a_usage_error() {
    let out = coursepack(&["preview", "/nonexistent/course", "--port", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open course folder"));
}

/// Waits for a rebuild that changed the package, after `edit`.
fn rebuilt_after(port: u16, edit: impl FnOnce()) -> serde_json::Value {
    let before = status(port)["siteVersion"].as_u64();
    edit();
    wait_for(port, |s| {
        s["siteVersion"].as_u64() > before && s["failure"].is_null()
    })
}

#[test]
fn preview_rebuilds_on_course_toml_media_templates_and_translations() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("course");
    init(&dir);
    // Started in the course folder with no folder given, as after `cd demo`.
    let mut child = Command::new(env!("CARGO_BIN_EXE_coursepack"))
        .args(["preview", "--port", "0"])
        .current_dir(&dir)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let port: u16 = loop {
        let Some(Ok(line)) = lines.next() else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("preview ended before listening");
        };
        if let Some(rest) = line.strip_prefix("preview: http://127.0.0.1:") {
            break rest
                .split('/')
                .next()
                .and_then(|p| p.parse().ok())
                .expect("port");
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    let preview = Preview {
        child,
        port,
        stderr: std::sync::mpsc::channel().1,
    };
    assert_eq!(status(port)["site"]["title"], "Served");

    // course.toml
    let toml = dir.join("course.toml");
    let s = rebuilt_after(port, || {
        let text = std::fs::read_to_string(&toml).expect("toml");
        std::fs::write(
            &toml,
            text.replace("title = \"Served\"", "title = \"Renamed\""),
        )
        .expect("w");
    });
    assert_eq!(s["site"]["title"], "Renamed");

    // An image.
    let svg = dir.join("images/course-to-package.svg");
    rebuilt_after(port, || {
        let text = std::fs::read_to_string(&svg).expect("svg");
        std::fs::write(&svg, text.replace("</svg>", "<!-- redrawn --></svg>")).expect("w");
    });
    let served = get(port, "/course/media/images/course-to-package.svg").1;
    assert!(String::from_utf8_lossy(&served).contains("<!-- redrawn -->"));

    // A template: the theme written out, then one of its strings changed.
    let out = coursepack(&["templates", &dir.display().to_string()]);
    assert!(out.status.success());
    let strings = dir.join("templates/strings/en.json");
    rebuilt_after(port, || {
        let text = std::fs::read_to_string(&strings).expect("strings");
        std::fs::write(&strings, text.replace("\"Next\"", "\"Onward\"")).expect("w");
    });
    let page = String::from_utf8_lossy(&get(port, "/course/index.html").1).into_owned();
    assert!(page.contains(">Onward<"), "the new label is on the page");
    drop(preview);
}

#[test]
fn preview_rebuilds_when_a_translation_changes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("course");
    crate::copy_dir(&crate::root().join("course"), &dir);
    let preview = start(&dir, &["--lang", "en"]);
    let port = preview.port;
    let title = status(port)["site"]["title"]
        .as_str()
        .expect("title")
        .to_string();
    assert_eq!(status(port)["site"]["lang"], "en");
    let xlf = dir.join("translations/en.xlf");
    let s = rebuilt_after(port, || {
        let text = std::fs::read_to_string(&xlf).expect("xlf");
        let target = format!(">{title}</target>");
        assert!(text.contains(&target), "the title's target in en.xlf");
        std::fs::write(
            &xlf,
            text.replacen(&target, ">Retitled in translation</target>", 1),
        )
        .expect("w");
    });
    assert_eq!(s["site"]["title"], "Retitled in translation");
}

#[test]
fn preview_takes_a_free_port_when_3000_is_busy() {
    // Hold port 3000 (or find it held already); preview without --port must still start.
    let _held = std::net::TcpListener::bind(("127.0.0.1", 3000));
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("course");
    init(&dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_coursepack"))
        .arg("preview")
        .arg(&dir)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start");
    let stderr = child.stderr.take().expect("stderr");
    let mut seen = Vec::new();
    let mut port = None;
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        if let Some(rest) = line.strip_prefix("preview: http://127.0.0.1:") {
            port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
            break;
        }
        seen.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(port.is_some_and(|p| p != 3000), "{seen:?}");
    assert!(
        seen.iter().any(|l| l.contains("port 3000 is taken")),
        "{seen:?}"
    );
}

/// Every answer says its length (a large one too: the SCORM 2004 LMS script is over tiny_http's
/// 32 KiB chunking threshold) and closes its connection: kept-alive connections could hold every
/// thread of tiny_http's connection pool while a new one waited (`reply` says why), and the
/// shell, which asks for six files at once, then did not load on a busy machine.
#[test]
fn every_answer_says_its_length_and_closes_its_connection() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("course");
    init(&dir);
    let preview = start(&dir, &[]);
    for path in [
        "/",
        "/__coursepack/lms-core.js",
        "/__coursepack/scorm12-lms.js",
        "/__coursepack/scorm2004-lms.js",
        "/__coursepack/shell.js",
        "/course/index.html",
    ] {
        let mut stream = TcpStream::connect(("127.0.0.1", preview.port)).expect("connect");
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            preview.port
        );
        stream.write_all(request.as_bytes()).expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("head");
        let head = String::from_utf8_lossy(&raw[..split + 2]).to_ascii_lowercase();
        let body = raw.len() - split - 4;
        assert!(
            head.contains(&format!("content-length: {body}\r\n")) && !head.contains("chunked"),
            "{path}: {head}"
        );
        assert!(head.contains("connection: close\r\n"), "{path}: {head}");
        if path.ends_with("scorm2004-lms.js") {
            assert!(
                body > 32 * 1024,
                "large enough to have been chunked: {body}"
            );
        }
    }
}
