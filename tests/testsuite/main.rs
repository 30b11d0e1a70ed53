//! The integration test binary. Each module owns the fixture folder of the same purpose under
//! `tests/fixtures/`; see `tests/README.md` for how expectations are written and updated.

mod build;
mod check;
mod cli;
mod cmi5;
#[cfg(feature = "oracle")]
mod gettext;
mod i18n;
mod links;
mod media;
mod preview;
mod scale;
mod scorm2004;
mod theme;
mod validate;
mod validate_input;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `coursepack` binary from the repository root, with `envs` set and without any
/// `SOURCE_DATE_EPOCH` inherited from the caller.
pub fn coursepack_env(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_coursepack"));
    cmd.args(args)
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("run coursepack")
}

/// Runs the `coursepack` binary from the repository root.
pub fn coursepack(args: &[&str]) -> Output {
    coursepack_env(args, &[])
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder, e.g. `fixture("invalid/unknown-key")`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The sub-folders of a fixture folder, sorted.
pub fn fixture_dirs(group: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixture(group))
        .expect("fixture folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Compares `actual` with the expectation file, or rewrites it when `UPDATE_EXPECT=1`.
pub fn expect_file(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1") {
        std::fs::write(path, actual).expect("write expectation");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing {}; run with UPDATE_EXPECT=1 to create it",
            path.display()
        )
    });
    assert_eq!(
        expected,
        actual,
        "\n{} differs (run with UPDATE_EXPECT=1 to accept the new output)",
        path.display()
    );
}

/// Copies a folder recursively (fixtures into temporary folders).
/// The first file in `dir`: the package a build wrote there.
/// The one zip of an output folder (beside its build manifest).
pub fn only_zip(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .expect("out")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "zip"))
        .expect("zip")
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("dir").flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).expect("copy");
        }
    }
}

/// The names in a folder, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}
