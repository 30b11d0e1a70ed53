//! A synthetic course and its translations, for the build benchmarks (`benches/build_scale.sh`).
//!
//! ```sh
//! cargo run --release --example gen_catalogue -- DIR LESSONS [LANGUAGES]
//! ```
//!
//! writes into DIR (new or empty) a course of LESSONS lessons, each with three paragraphs, a
//! three-tab block, a five-slide carousel and a single-choice question, in English, and one
//! translation file per other language (LANGUAGES, default 10): XLIFF for even ones, PO for odd
//! ones, every segment translated (the source text marked with the language, so that each
//! language's pages differ). The course is the same for the same arguments, byte for byte.

use coursepack::i18n::{self, catalog::State, FileFormat};
use coursepack::render::Theme;
use coursepack::source::fs::DiskFs;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Target languages, in the order they are added (BCP 47 tags the theme may not know: their
/// interface strings are translated in the files, like the text).
const TARGETS: [&str; 12] = [
    "fr", "de", "es", "it", "pt", "nl", "sv", "pl", "ar", "ja", "fi", "da",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(Ok(lessons))) = (args.first(), args.get(1).map(|n| n.parse::<usize>()))
    else {
        eprintln!("usage: gen_catalogue DIR LESSONS [LANGUAGES (default 10)]");
        return ExitCode::from(2);
    };
    let languages = match args.get(2).map(|n| n.parse::<usize>()) {
        None => 10,
        Some(Ok(n)) if n <= TARGETS.len() => n,
        Some(_) => {
            eprintln!("gen_catalogue: LANGUAGES is at most {}", TARGETS.len());
            return ExitCode::from(2);
        }
    };
    match generate(Path::new(dir), lessons, &TARGETS[..languages]) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_catalogue: {e}");
            ExitCode::FAILURE
        }
    }
}

fn generate(dir: &Path, lessons: usize, targets: &[&str]) -> Result<(), String> {
    let io = |what: &Path| {
        let what = what.display().to_string();
        move |e: std::io::Error| format!("{what}: {e}")
    };
    std::fs::create_dir_all(dir.join("lessons")).map_err(io(dir))?;
    std::fs::create_dir_all(dir.join("translations")).map_err(io(dir))?;
    let files: Vec<String> = (1..=lessons)
        .map(|n| format!("lessons/l{n:05}.md"))
        .collect();
    for (n, file) in files.iter().enumerate() {
        let path = dir.join(file);
        std::fs::write(&path, lesson(n + 1)).map_err(io(&path))?;
    }
    let path = dir.join("course.toml");
    std::fs::write(&path, course_toml(&files, targets)).map_err(io(&path))?;

    // The translation files, from the course as coursepack reads it.
    let fs = DiskFs::new(dir).map_err(io(dir))?;
    let loaded = coursepack::load(&fs).map_err(|e| e.to_string())?;
    let Some(course) = loaded.course else {
        return Err(format!(
            "the generated course has errors:\n{}",
            coursepack::diag::render(
                &loaded.diagnostics,
                coursepack::diag::DiagnosticFormat::Short
            )
        ));
    };
    let theme = Theme::load(&fs, &course.meta.languages).map_err(|e| e.message)?;
    for (k, lang) in targets.iter().enumerate() {
        let mut catalog = i18n::merge(&course, &theme, lang, None).map_err(|e| e.message)?;
        for entry in &mut catalog.entries {
            entry.target = Some(translate(&entry.source, lang));
            entry.state = State::Translated;
        }
        let format = if k % 2 == 0 {
            FileFormat::Xliff
        } else {
            FileFormat::Po
        };
        let path: PathBuf = dir
            .join("translations")
            .join(format!("{lang}.{}", format.extension()));
        std::fs::write(&path, format.write(&catalog)).map_err(io(&path))?;
    }
    Ok(())
}

/// A translation that keeps the source's markup: the language tag, then the source.
fn translate(source: &str, lang: &str) -> String {
    if source.contains('{') {
        // Interface strings with placeholders: kept as they are.
        source.to_string()
    } else {
        format!("[{lang}] {source}")
    }
}

fn course_toml(files: &[String], targets: &[&str]) -> String {
    let mut languages = vec!["\"en\"".to_string()];
    languages.extend(targets.iter().map(|l| format!("\"{l}\"")));
    let mut toml = format!(
        "id = \"https://bench.example/courses/catalogue-{}\"\ntitle = \"Catalogue benchmark\"\n\
         language = \"en\"\nversion = \"1.0.0\"\nlanguages = [{}]\nlessons = [\n",
        files.len(),
        languages.join(", ")
    );
    for f in files {
        let _ = writeln!(toml, "  \"{f}\",");
    }
    toml.push_str("]\n\n[completion]\nrequire = [\"all-pages\"]\n");
    toml
}

/// Lesson `n`: three paragraphs, three tabs, five slides, one question.
fn lesson(n: usize) -> String {
    let mut md = format!("# Lesson {n}: patterns in data\n\n");
    for p in 1..=3 {
        let _ = writeln!(
            md,
            "Paragraph {p} of lesson {n}. A model learns *patterns* from historical data and uses \
             them to predict new data; the more **varied** the examples, the better it \
             generalises to cases it has never seen. See [the glossary](https://example.com/glossary/{n}).\n"
        );
    }
    md.push_str("::: tabs {label=\"Three layers\"}\n");
    for (t, name) in ["Compute", "Models", "Applications"].iter().enumerate() {
        let _ = writeln!(
            md,
            "## {name}\n\nTab {} of lesson {n}: {name} is the layer where teams decide how much \
             they build themselves and how much they buy.\n",
            t + 1
        );
    }
    md.push_str(":::\n\n::: carousel {label=\"Use cases\"}\n");
    for s in 1..=5 {
        let _ = writeln!(
            md,
            "## Case {s}\n\nSlide {s} of lesson {n}: a team used a model to draft summaries, then \
             reviewed each one before it reached a customer.\n"
        );
    }
    let _ = write!(
        md,
        ":::\n\n::: question single\nWhat does a model learn from, in lesson {n}?\n\n\
         - [ ] Rules written by hand.\n  > No: rules written by hand are classic programming.\n\
         - [x] Patterns in historical data.\n  > Yes.\n\
         - [ ] Nothing: it stores data for later reuse.\n:::\n"
    );
    md
}
