//! Fuzzes the manifest readers: the element tree, the schema validators and the package rules.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = coursepack::validate::dom::parse(data);
    let _ = coursepack::validate::xsd::SchemaSet::scorm12().validate(data);
    let _ = coursepack::validate::xsd::SchemaSet::tincan().validate(data);
    let _ = coursepack::validate::xsd::SchemaSet::cmi5().validate(data);
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
    let cmi5 = std::env::temp_dir().join(format!("coursepack-fuzz-c-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&cmi5);
    if std::fs::write(cmi5.join("cmi5.xml"), data).is_ok() {
        let options = coursepack::validate::Options {
            explain: true,
            ..coursepack::validate::Options::default()
        };
        let _ = coursepack::validate::validate_path(&cmi5, options);
    }
});
