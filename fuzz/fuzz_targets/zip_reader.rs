//! Fuzzes opening an untrusted zip as a package and validating it, central directory and all.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("coursepack-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("input.zip");
    if std::fs::write(&path, data).is_ok() {
        let options = coursepack::validate::Options { deep: true, ..Default::default() };
        let _ = coursepack::validate::validate_path(&path, options);
    }
});
