//! `coursepack check` on fixture courses: every invalid course fails with exactly the
//! diagnostics written beside it in `expected.txt`; every valid course is clean.

use crate::{expect_file, fixture, fixture_dirs};
use coursepack::model::Block;
use coursepack::source::fs::DiskFs;
use std::path::Path;

fn short_diagnostics(dir: &Path) -> (bool, String) {
    let fs = DiskFs::new(dir).expect("fixture folder");
    let loaded = coursepack::load(&fs).expect("course.toml");
    let text: String = loaded
        .diagnostics
        .iter()
        .map(|d| d.short() + "\n")
        .collect();
    (loaded.course.is_some(), text)
}

#[test]
fn invalid_courses_report_expected_diagnostics() {
    let dirs = fixture_dirs("invalid");
    assert!(dirs.len() >= 15, "the invalid fixtures are missing");
    for dir in dirs {
        let (ok, text) = short_diagnostics(&dir);
        expect_file(&dir.join("expected.txt"), &text);
        let warnings_only = !text.contains(": error: ");
        assert_eq!(
            ok,
            warnings_only,
            "{}: a course with errors must not load",
            dir.display()
        );
        assert!(!text.is_empty(), "{}: no diagnostic", dir.display());
    }
}

#[test]
fn valid_courses_are_clean() {
    for dir in fixture_dirs("valid") {
        // A fixture whose media are made at test time is checked with stand-ins of them.
        let made = dir
            .join("generated-media.txt")
            .exists()
            .then(|| crate::media::with_stand_in_media(&dir));
        let (ok, text) = short_diagnostics(made.as_ref().map_or(dir.as_path(), |t| t.path()));
        assert!(ok && text.is_empty(), "{}:\n{text}", dir.display());
    }
}

#[test]
fn the_example_course_is_clean() {
    let (ok, text) = short_diagnostics(&crate::root().join("course"));
    assert!(ok && text.is_empty(), "course/:\n{text}");
}

#[test]
fn every_block_fixture_has_the_expected_structure() {
    let fs = DiskFs::new(&fixture("valid/every-block")).expect("fixture");
    let course = coursepack::load(&fs).expect("load").course.expect("valid");
    let groups: Vec<(String, Vec<String>)> = course
        .groups()
        .iter()
        .map(|g| {
            (
                g.id.to_string(),
                g.items.iter().map(|i| i.id.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        vec![
            (
                "layers".into(),
                vec!["first".into(), "layers.2".into(), "layers.3".into()]
            ),
            (
                "blocks.carousel1".into(),
                vec!["blocks.carousel1.1".into(), "blocks.carousel1.2".into()]
            ),
            (
                "blocks.accordion1".into(),
                vec!["blocks.accordion1.1".into(), "blocks.accordion1.2".into()]
            ),
        ]
    );
    let questions: Vec<(&str, &str, bool)> = course
        .questions()
        .iter()
        .map(|q| (q.id.as_str(), q.answer.interaction_type(), q.scored))
        .collect();
    assert_eq!(
        questions,
        vec![
            ("q-single", "choice", true),
            ("02-quiz.question2", "choice", true),
            ("check-callout", "choice", false),
            ("q-true-false", "true-false", true),
            ("q-fill-in", "fill-in", true),
            ("q-matching", "matching", true),
            ("q-ordering", "sequencing", true),
            ("q-exact", "numeric", true),
            ("q-range", "numeric", true),
            ("02-quiz.question10", "choice", true),
            ("02-quiz.question11", "choice", true),
            ("bank-1", "choice", true),
            ("bank-2", "true-false", true),
            ("bank-3", "numeric", true),
            ("survey", "likert", false),
        ]
    );
    let multiple: Vec<bool> = course.questions().iter().map(|q| q.multiple()).collect();
    assert_eq!(multiple.iter().filter(|m| **m).count(), 2);
    let quizzes: Vec<(String, usize, Option<u8>, Option<usize>)> = course.lessons[1]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Quiz(q) => Some((
                q.id.to_string(),
                q.questions().count(),
                q.settings.attempts,
                q.settings.draw,
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        quizzes,
        vec![
            ("final".into(), 8, Some(2), None),
            ("bank".into(), 3, Some(3), Some(2))
        ]
    );
    let assets: Vec<&str> = course.assets.iter().map(|a| a.as_str()).collect();
    assert_eq!(assets, vec!["images/slide.svg", "images/square.svg"]);
    assert_eq!(course.meta.completion.mastery_score, Some(75));
}

/// Problems that cannot live in a checked-in fixture: symbolic links and bytes that are not UTF-8.
#[test]
fn symlinks_out_of_the_course_and_binary_lessons_are_reported() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("course");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(tmp.path().join("secret.svg"), "<svg/>").expect("write");
    std::fs::write(
        dir.join("course.toml"),
        "id = \"https://x.example/c\"\ntitle = \"T\"\nlanguage = \"en\"\nlessons = [\"a.md\", \"b.md\"]\n",
    )
    .expect("write");
    std::fs::write(dir.join("a.md"), "# A\n\n![Secret](link.svg)\n").expect("write");
    std::fs::write(dir.join("b.md"), b"# B\n\xff\xfe\n").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(tmp.path().join("secret.svg"), dir.join("link.svg"))
        .expect("symlink");
    let (ok, text) = short_diagnostics(&dir);
    assert!(!ok);
    assert!(
        text.contains("a.md:3:1: error: image `link.svg` leads outside the course folder (through a symbolic link)"),
        "{text}"
    );
    assert!(
        text.contains("course.toml:4:20: error: cannot read lesson `b.md`"),
        "{text}"
    );
}
