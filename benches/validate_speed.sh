#!/usr/bin/env bash
# Benchmark: how fast `coursepack validate` checks packages.
#  1. a large manifest (2,500 <file> entries, ~170 KB) with --schema-only, 200 times in one process;
#  2. the example course's SCORM 1.2 zip, 200 separate runs (process start included).
# Prints wall time per check. Needs only the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/coursepack
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

files=$(for i in $(seq 0 2499); do printf '      <file href="content/page-%s.html"/>\n' "$i"; done)
cat > "$work/imsmanifest.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="O"><organization identifier="O"><title>T</title>
    <item identifier="I" identifierref="R"><title>T</title></item></organization></organizations>
  <resources>
    <resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="content/page-0.html">
$files
    </resource>
  </resources>
</manifest>
XML
size=$(stat -c %s "$work/imsmanifest.xml")
args=(); for _ in $(seq 200); do args+=("$work/imsmanifest.xml"); done
start=$(date +%s%N)
"$bin" validate --schema-only --format json "${args[@]}" > /dev/null
end=$(date +%s%N)
echo "schema-only, ${size}-byte manifest: $(( (end - start) / 200 / 1000 )) µs per manifest (200 in one process)"

"$bin" build course --out "$work/dist" > /dev/null
zip=$(ls "$work"/dist/*.zip)
start=$(date +%s%N)
for _ in $(seq 200); do "$bin" validate "$zip" > /dev/null; done
end=$(date +%s%N)
echo "example course zip, full validation: $(( (end - start) / 200 / 1000 )) µs per run (200 runs, process start included)"
