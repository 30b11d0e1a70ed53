//! Interoperability with the real gettext tools (`msgcat`, `msgmerge`, `msgfmt --check`, `msgen`,
//! `msgfilter`, `msginit`): what coursepack writes they leave as it is, and what they write
//! coursepack imports and builds with no loss. Behind the `oracle` feature (`scripts/test.sh`
//! installs gettext and runs them); a missing tool fails the test.

use crate::{coursepack, coursepack_env, fixture};
use coursepack::i18n::catalog::{Catalog, Entry, State};
use coursepack::i18n::FileFormat;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs a gettext tool in `dir`; it must exist and succeed. Returns its stderr.
fn gettext(dir: &Path, tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{tool} cannot run ({e}); install Debian's gettext"));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{tool} {args:?} failed:\n{stderr}");
    stderr
}

/// Runs coursepack; it must succeed. Returns what it printed.
fn ok(args: &[&str]) -> String {
    let out = coursepack(args);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "coursepack {args:?}:\n{text}");
    text
}

fn read_po(path: &Path) -> Catalog {
    FileFormat::Po
        .read(&std::fs::read_to_string(path).expect("po"), "t.po")
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

/// `msgcat FILE` must give back FILE byte for byte.
fn assert_msgcat_identity(path: &Path) {
    let dir = path.parent().expect("dir");
    let out = dir.join("msgcat-out.po");
    let _ = std::fs::remove_file(&out);
    gettext(
        dir,
        "msgcat",
        &[
            &path.display().to_string(),
            "-o",
            &out.display().to_string(),
        ],
    );
    let (ours, theirs) = (
        std::fs::read_to_string(path).expect("ours"),
        std::fs::read_to_string(&out).expect("msgcat's"),
    );
    if ours != theirs {
        let first = ours
            .lines()
            .zip(theirs.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let show = |t: &str| {
            t.lines()
                .skip(first.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "msgcat rewrote {} from line {}:\n--- ours\n{}\n--- msgcat\n{}",
            path.display(),
            first + 1,
            show(&ours),
            show(&theirs)
        );
    }
}

/// The example course with German, Arabic and Spanish added as PO files, partly translated, with
/// a changed source (fuzzy entries with their previous strings).
fn example_course_in_po(dir: &Path) -> PathBuf {
    let course = dir.join("course");
    crate::copy_dir(&crate::root().join("course"), &course);
    let c = course.display().to_string();
    for lang in ["de", "ar", "es"] {
        ok(&["i18n", "add", lang, &c, "--file-format", "po"]);
    }
    let de = course.join("translations/de.po");
    let mut catalog = read_po(&de);
    for (i, e) in catalog.entries.iter_mut().enumerate() {
        if e.target.is_none() && i % 3 != 2 {
            e.target = Some(format!("DE {}", e.source));
            e.state = State::Translated;
        }
    }
    std::fs::write(&de, FileFormat::Po.write(&catalog)).expect("w");
    // A changed title makes its translation fuzzy, with `#|` lines.
    let toml = course.join("course.toml");
    let text = std::fs::read_to_string(&toml).expect("toml");
    std::fs::write(
        &toml,
        text.replace("title = \"Présentation", "title = \"Une présentation"),
    )
    .expect("w");
    ok(&["i18n", "extract", &c]);
    course
}

#[test]
fn msgcat_leaves_the_example_course_files_as_they_are() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = example_course_in_po(tmp.path());
    let de = std::fs::read_to_string(course.join("translations/de.po")).expect("de");
    assert!(
        de.contains("#, fuzzy\n#| msgctxt \"course/title\"\n#| msgid \"Présentation"),
        "{de}"
    );
    for lang in ["de", "ar", "es"] {
        assert_msgcat_identity(&course.join(format!("translations/{lang}.po")));
    }
    ok(&[
        "i18n",
        "extract",
        &course.display().to_string(),
        "--template",
    ]);
    assert_msgcat_identity(&course.join("translations/course.pot"));
}

/// Texts that test line breaking and escapes: long words, URLs, tabs, quotes, backslashes,
/// newlines, accents, wide and right-to-left scripts, emoji, combining and zero-width characters.
const PIECES: &[&str] = &[
    "word",
    "a",
    "the",
    "translation",
    "averyveryverylongwordwithoutanyspacethatgoesonandonpastthewidthofaline",
    "https://example.com/a/very/long/path/to/a/page.html?query=1&other=two#fragment",
    "[link](https://x.example/a?b=1&c=2)",
    "![alt text](../images/diagram.svg){width=320}",
    "**bold**",
    "`code span`",
    "well-known",
    "co-operation—dash",
    "e.g.",
    "1,234.56",
    "50%",
    "(parenthesised)",
    "«guillemets»",
    "“quoted”",
    "\"straight\"",
    "back\\slash",
    "C:\\path\\to",
    "tab\there",
    "\t",
    "line\nbreak",
    "\n",
    "ends\n",
    "élève",
    "Straße",
    "日本語のテキスト",
    "中文",
    "한국어",
    "مرحبا بكم في الدورة",
    "שלום עולם",
    "🎓",
    "👩‍💻",
    "e\u{301}",
    "zero\u{200b}width",
    "non\u{a0}breaking",
    "soft\u{ad}hyphen",
    "line\u{2028}separator",
    "{k} of {n}",
    "%s %d",
    "$5",
    "5%",
    "(1)",
    "<P>Sentence.</P>",
    "「引用」、句読点。",
    "カタカナー",
    "ภาษาไทยไม่มีช่องว่าง",
    "हिन्दी भाषा",
    "한국어 문장입니다",
    "ＦＵＬＬ",
    "🇫🇷🇩🇪",
    "x²",
    "a/b/c",
    "--flag",
    "‐hyphen‐",
    "·",
    "''quoted''",
    "…",
    "!",
    "?",
    ";",
    "/",
    "-",
];

/// Blocks random characters are drawn from: ASCII, Latin, combining marks, Arabic, Devanagari,
/// Thai, Hangul jamo, general punctuation, arrows, CJK punctuation, kana, ideographs, Hangul
/// syllables, fullwidth and halfwidth forms, emoji.
const RANGES: &[(u32, u32)] = &[
    (0x20, 0x7e),
    (0x20, 0x7e),
    (0xa0, 0x17f),
    (0x300, 0x36f),
    (0x600, 0x6ff),
    (0x900, 0x97f),
    (0xe00, 0xe7f),
    (0x1100, 0x11ff),
    (0x2000, 0x206f),
    (0x2190, 0x21ff),
    (0x3000, 0x303f),
    (0x3040, 0x30ff),
    (0x4e00, 0x4fff),
    (0xac00, 0xad00),
    (0xff00, 0xffef),
    (0x1f300, 0x1f6ff),
];

/// A deterministic generator (xorshift) for the random texts.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    /// A text of pieces joined by spaces (or nothing), of about `len` characters; one in four is
    /// made of characters drawn from many scripts and punctuation blocks instead.
    fn text(&mut self, len: usize) -> String {
        let mut out = String::new();
        if self.below(4) == 0 {
            while out.chars().count() < len {
                let (lo, hi) = RANGES[self.below(RANGES.len())];
                let c = char::from_u32(lo + self.below((hi - lo + 1) as usize) as u32);
                out.extend(c.filter(|c| *c != '\0'));
            }
            return out;
        }
        while out.chars().count() < len {
            if !out.is_empty() {
                out.push_str([" ", " ", " ", "", "  "][self.below(5)]);
            }
            out.push_str(PIECES[self.below(PIECES.len())]);
        }
        out
    }
}

/// An entry as extraction makes them: untranslated, translated, or translated and marked for
/// review with its previous strings.
fn entry(rng: &mut Rng, i: usize) -> Entry {
    let len = [5, 40, 68, 70, 71, 72, 76, 77, 78, 79, 80, 150, 300][rng.below(13)];
    let source = rng.text(len);
    let (target, state) = match rng.below(3) {
        0 => (None, State::New),
        1 => (Some(rng.text(len)), State::Translated),
        _ => (Some(rng.text(len + 3)), State::NeedsReview),
    };
    let key = format!("lesson-{i}/{}/p{}", rng.below(20), rng.below(5));
    let previous = state == State::NeedsReview;
    Entry {
        previous_key: previous.then(|| key.clone()),
        previous_source: previous.then(|| rng.text(len)),
        key,
        source,
        target,
        state,
        hash: "0123456789ab".into(),
        context: [
            "paragraph in lesson “Intro”",
            "tab title\nof two lines",
            "learner interface: `slideOf` (keep {k}, {n} as they are: the page fills them in)",
        ][rng.below(3)]
        .into(),
        location: format!("lessons/0{}-intro.md:{}", rng.below(9), rng.below(500) + 1),
        previous_target: None,
        line: 0,
        column: 0,
    }
}

#[test]
fn msgcat_leaves_nasty_strings_as_coursepack_writes_them() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut files = 0;
    let mut strings = 0;
    for n in 0..400 {
        let entries: Vec<Entry> = (0..12).map(|i| entry(&mut rng, i)).collect();
        strings += entries.len() * 2;
        let catalog = Catalog {
            source_lang: "en".into(),
            target_lang: ["de", "ar", "he", "ja", "fr-CA"][n % 5].into(),
            course: "https://courses.example.com/a-course-with-a-rather-long-identifier-that-goes-past-the-line".into(),
            entries,
            line: 0,
        };
        let path = tmp.path().join(format!("{n:03}.po"));
        let po = FileFormat::Po.write(&catalog);
        std::fs::write(&path, &po).expect("w");
        assert_msgcat_identity(&path);
        assert_eq!(FileFormat::Po.read(&po, "t.po"), Ok(catalog), "read back");
        files += 1;
    }
    eprintln!("msgcat identity: {files} files, {strings} random strings");
}

/// The every-block fixture (English) translated into French as PO, every segment filled.
fn french_po_course(dir: &Path) -> PathBuf {
    let course = dir.join("course");
    crate::copy_dir(&fixture("valid/every-block"), &course);
    let toml = course.join("course.toml");
    let text = std::fs::read_to_string(&toml).expect("toml");
    std::fs::write(
        &toml,
        text.replace(
            "language = \"en\"\n",
            "language = \"en\"\nlanguages = [\"en\", \"fr\", \"de\"]\n",
        ),
    )
    .expect("w");
    let c = course.display().to_string();
    ok(&["i18n", "extract", &c, "--lang", "fr", "--file-format", "po"]);
    let fr = course.join("translations/fr.po");
    let mut catalog = read_po(&fr);
    for e in &mut catalog.entries {
        if e.target.is_none() {
            e.target = Some(format!("FR {}", e.source));
            e.state = State::Translated;
        }
    }
    std::fs::write(&fr, FileFormat::Po.write(&catalog)).expect("w");
    course
}

/// Translations by key.
fn targets(c: &Catalog) -> BTreeMap<String, (Option<String>, State)> {
    c.entries
        .iter()
        .map(|e| (e.key.clone(), (e.target.clone(), e.state)))
        .collect()
}

#[test]
fn msgmerge_with_the_template_matches_extract_and_imports_with_no_loss() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = french_po_course(tmp.path());
    let c = course.display().to_string();
    let before = read_po(&course.join("translations/fr.po"));
    // The source changes: a paragraph rewritten, another added.
    let lesson = course.join("lessons/01-blocks.md");
    let md = std::fs::read_to_string(&lesson).expect("md");
    std::fs::write(
        &lesson,
        md.replace("First tab.", "First tab, rewritten.")
            + "\nA new paragraph for the translators.\n",
    )
    .expect("w");
    ok(&["i18n", "extract", &c, "--template"]);
    let work = tmp.path();
    std::fs::copy(course.join("translations/fr.po"), work.join("fr.po")).expect("copy");
    std::fs::copy(
        course.join("translations/course.pot"),
        work.join("course.pot"),
    )
    .expect("copy");
    gettext(
        work,
        "msgmerge",
        &[
            "--quiet",
            "--previous",
            "fr.po",
            "course.pot",
            "-o",
            "merged.po",
        ],
    );
    gettext(work, "msgfmt", &["--check", "-o", "/dev/null", "merged.po"]);
    // coursepack's own update of the same file.
    ok(&["i18n", "extract", &c]);
    let ours = read_po(&course.join("translations/fr.po"));
    let merged = read_po(&work.join("merged.po"));
    let (ours_t, merged_t) = (targets(&ours), targets(&merged));
    assert_eq!(
        ours_t.keys().collect::<Vec<_>>(),
        merged_t.keys().collect::<Vec<_>>(),
        "the same segments"
    );
    for (key, (target, state)) in &ours_t {
        if *state == State::New {
            // msgmerge may offer a similar translation (fuzzy) where coursepack has none.
            assert_ne!(merged_t[key].1, State::Translated, "{key}");
            continue;
        }
        assert_eq!(&merged_t[key], &(target.clone(), *state), "{key}");
    }
    let changed = merged
        .entries
        .iter()
        .find(|e| e.key == "first/1/p1")
        .expect("entry");
    assert_eq!(
        (changed.state, changed.previous_source.as_deref()),
        (State::NeedsReview, Some("First tab.")),
        "msgmerge's previous string is read back"
    );
    // Imported, nothing translated is lost, and the file is coursepack's again.
    ok(&[
        "i18n",
        "import",
        &work.join("merged.po").display().to_string(),
        &c,
    ]);
    let imported = read_po(&course.join("translations/fr.po"));
    for e in &before.entries {
        let now = imported.entries.iter().find(|n| n.key == e.key);
        if let Some(now) = now {
            assert_eq!(now.target, e.target, "{}", e.key);
        }
    }
    assert_msgcat_identity(&course.join("translations/fr.po"));
}

#[test]
fn msgen_msgfilter_and_msginit_outputs_import_and_build() {
    let tmp = tempfile::tempdir().expect("tmp");
    let course = french_po_course(tmp.path());
    let c = course.display().to_string();
    let work = tmp.path();
    // msginit starts German from the template; msgen fills it with the source; msgfilter turns
    // every translation into "DE …" (markup and placeholders untouched).
    ok(&["i18n", "extract", &c, "--template"]);
    gettext(
        work,
        "msginit",
        &[
            "--no-translator",
            "--locale=de",
            "-i",
            &course.join("translations/course.pot").display().to_string(),
            "-o",
            "de-init.po",
        ],
    );
    let init = std::fs::read_to_string(work.join("de-init.po")).expect("msginit's file");
    assert!(init.contains("\"Language: de\\n\""), "{init}");
    assert!(
        init.contains("X-Coursepack-Course: https://courses.example.com/every-block"),
        "{init}"
    );
    gettext(work, "msgen", &["de-init.po", "-o", "de-en.po"]);
    gettext(
        work,
        "msgfilter",
        &[
            "--keep-header",
            "-i",
            "de-en.po",
            "-o",
            "de.po",
            "sed",
            "-e",
            "s/^/DE /",
        ],
    );
    gettext(work, "msgfmt", &["--check", "-o", "/dev/null", "de.po"]);
    ok(&[
        "i18n",
        "import",
        &work.join("de.po").display().to_string(),
        &c,
    ]);
    let de = read_po(&course.join("translations/de.po"));
    assert!(
        de.entries.iter().all(|e| e.state == State::Translated),
        "every entry translated"
    );
    let slide = de
        .entries
        .iter()
        .find(|e| e.key == "interface:slideOf")
        .expect("slideOf");
    assert_eq!(slide.target.as_deref(), Some("DE {k} of {n}"));
    let dist = work.join("dist");
    let out = coursepack_env(
        &[
            "build",
            &c,
            "--lang",
            "de",
            "--strict",
            "--out",
            &dist.display().to_string(),
        ],
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_msgcat_identity(&course.join("translations/de.po"));
}
