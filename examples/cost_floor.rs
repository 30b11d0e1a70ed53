//! What no build of a translated catalogue can skip, measured with the libraries coursepack
//! builds on: the "floor" row of `benches/build_scale.sh`.
//!
//! ```sh
//! cargo run --release --example cost_floor -- COURSE TREES BYTES_FILE
//! ```
//!
//! 1. reads every translation file of COURSE (`translations/*.xlf` through quick-xml, text and
//!    attribute values unescaped; `*.po` line by line, UTF-8 checked) and nothing more: no
//!    element tree, no check, no catalog;
//! 2. renders every lesson's Markdown to HTML with pulldown-cmark and coursepack's options once
//!    per language (the source language and one per translation file), with no template around
//!    it;
//! 3. deflates (level 6, the packages' level) every file under TREES (the packages unpacked),
//!    one after another, into a counter.
//!
//! A build does all of this and more (checks, the page templates, page data, manifests), so its
//! CPU time cannot go below this program's. The compressed bytes go to BYTES_FILE.

use coursepack::source::lesson::markdown_options;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use quick_xml::events::Event;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [course, trees, bytes_file] = args.as_slice() else {
        eprintln!("usage: cost_floor COURSE TREES BYTES_FILE");
        return ExitCode::from(2);
    };
    match run(course, trees, bytes_file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cost_floor: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(course: &Path, trees: &Path, bytes_file: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut languages = 1;
    for path in files_under(&course.join("translations"))? {
        match path.extension().and_then(|e| e.to_str()) {
            Some("xlf") => read_xliff(&path)?,
            Some("po") => read_po(&path)?,
            _ => continue,
        }
        languages += 1;
    }
    let lessons: Vec<String> = files_under(&course.join("lessons"))?
        .iter()
        .map(fs::read_to_string)
        .collect::<Result<_, _>>()?;
    let mut html = String::new();
    for _ in 0..languages {
        for lesson in &lessons {
            html.clear();
            let parser = pulldown_cmark::Parser::new_ext(lesson, markdown_options());
            pulldown_cmark::html::push_html(&mut html, parser);
        }
    }
    let mut deflated = Counter(0);
    for path in files_under(trees)? {
        let mut encoder = DeflateEncoder::new(&mut deflated, Compression::new(6));
        // In 64 KiB writes, as a build's pages reach the compressor.
        io::copy(
            &mut BufReader::with_capacity(64 * 1024, File::open(&path)?),
            &mut encoder,
        )?;
        encoder.finish()?;
    }
    fs::write(bytes_file, deflated.0.to_string())?;
    Ok(())
}

/// Every event of an XLIFF file, its text and attribute values unescaped.
fn read_xliff(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(File::open(path)?));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Eof => return Ok(()),
            Event::Start(e) | Event::Empty(e) => {
                for attr in e.attributes() {
                    attr?.unescape_value()?;
                }
            }
            Event::Text(t) => {
                t.xml10_content()?;
            }
            _ => {}
        }
        buf.clear();
    }
}

/// Every line of a PO file, checked as UTF-8.
fn read_po(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    for line in BufReader::new(File::open(path)?).split(b'\n') {
        std::str::from_utf8(&line?)?;
    }
    Ok(())
}

/// The files under a folder, at any depth, in name order.
fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// A writer that only counts.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
