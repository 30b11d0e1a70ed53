//! Fuzzes the manifest readers: the element tree, the schema validators and the package rules.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = coursepack::validate::dom::parse(data);
    let _ = coursepack::validate::xsd::SchemaSet::scorm12().validate(data);
    let _ = coursepack::validate::xsd::SchemaSet::tincan().validate(data);
    for lom in [
        coursepack::validate::xsd::LomVariant::Strict,
        coursepack::validate::xsd::LomVariant::Loose,
    ] {
        let _ = coursepack::validate::xsd::SchemaSet::scorm2004(lom).validate(data);
    }
    let dir = std::env::temp_dir().join(format!("coursepack-fuzz-m-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    if std::fs::write(dir.join("imsmanifest.xml"), data).is_ok() {
        let _ = coursepack::validate::validate_path(&dir, coursepack::validate::Options::default());
    }
});
