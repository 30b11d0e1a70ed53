#!/usr/bin/env bash
# The whole test suite. Installs what the outside-tool suites need (Debian: chromium,
# libxml2-utils, gettext, python3-venv, ffmpeg; npm: tests/browser and tests/oracle/junit lockfiles; PyPI: Ralph,
# pinned, into tests/lrs/.venv; translate-toolkit, pinned, into target/ by its oracle), then runs:
# formatting, lints, the Rust tests, the xmllint oracles, the translate-toolkit oracle, the JUnit
# consumer, and the Chromium suites (SCORM 1.2 and 2004 with scorm-again, xAPI with Ralph and
# xapi-validation, cmi5 with an LMS emulator in front of Ralph) on packages built here, and
# `coursepack preview` in Chromium. A missing tool
# makes the run fail; nothing is skipped. Run from anywhere: `./scripts/test.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# Each step prints its title; the next one (and the end) prints how long the previous one took.
started=$SECONDS
last=$SECONDS
current=""
step() {
  if [ -n "$current" ]; then printf '    (%s: %ds)\n' "$current" $((SECONDS - last)); fi
  current=$*
  last=$SECONDS
  printf '\n==> %s\n' "$*"
}
finish() {
  local rc=$?
  if [ -n "$current" ]; then printf '    (%s: %ds)\n' "$current" $((SECONDS - last)); fi
  printf '\n==> total: %ds\n' $((SECONDS - started))
  rm -rf "${work:-/nonexistent}"
  return $rc
}
trap finish EXIT

step "install test tools"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium libxml2-utils gettext python3-venv ffmpeg >/dev/null
fi
for tool in chromium xmllint msgfmt msgcat msgmerge msgen msgfilter msginit node npm python3 ffmpeg; do
  command -v "$tool" >/dev/null || { echo "error: $tool is required (Debian: chromium, libxml2-utils, nodejs, ffmpeg)" >&2; exit 1; }
done
npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
npm ci --prefix tests/oracle/junit --no-audit --no-fund --loglevel=error
bash tests/lrs/install.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --quiet -- -D warnings

step "cargo test"
cargo test --quiet

step "build packages"
cargo build --release --quiet
bin=$root/target/release/coursepack
work=$(mktemp -d)
# A copy of the example course with one SCO per lesson.
cp -r course "$work/course-per-lesson"
toml=$work/course-per-lesson/course.toml
if grep -q '^\[package\]' "$toml"; then
  sed -i 's/^\[package\]$/[package]\nsco-per-lesson = true/' "$toml"
else
  printf '\n[package]\nsco-per-lesson = true\n' >> "$toml"
fi
# unpack DIST_ZIP DIR: the package unpacked where the browser suites can serve it.
unpack() { mkdir -p "$2" && (cd "$2" && unzip -q "$1"); }
# The example course in every language and format, the per-lesson copy, the fixture that uses
# every block kind, and the right-to-left (Arabic) fixture.
"$bin" build course --lang all --format all --strict --out "$work/dist-course"
"$bin" build "$work/course-per-lesson" --out "$work/dist-course-per-lesson"
for format in scorm2004 cmi5; do
  "$bin" build "$work/course-per-lesson" --format $format --out "$work/dist-course-per-lesson"
done
"$bin" build tests/fixtures/valid/every-block --format all --out "$work/dist-every-block"
packages=()
xapi_packages=()
for lang in fr en; do
  unpack "$work/dist-course/presentation-ia-generative-$lang-scorm12.zip" "$work/pkg-course-$lang"
  unpack "$work/dist-course/presentation-ia-generative-$lang-xapi.zip" "$work/xapi-course-$lang"
done
xapi_packages+=("$work/xapi-course-fr")
xapi_en=$work/xapi-course-en
packages+=("$work/pkg-course-fr")
# cmi5: the example course as one AU, and one AU per lesson.
unpack "$work/dist-course/presentation-ia-generative-fr-cmi5.zip" "$work/cmi5-course-fr"
unpack "$work"/dist-course-per-lesson/*cmi5.zip "$work/cmi5-course-per-lesson"
cmi5_packages=("$work/cmi5-course-fr" "$work/cmi5-course-per-lesson")
pkg_en=$work/pkg-course-en
unpack "$work"/dist-course-per-lesson/*scorm12.zip "$work/pkg-course-per-lesson"
unpack "$work"/dist-every-block/*scorm12.zip "$work/pkg-every-block"
unpack "$work"/dist-every-block/*xapi.zip "$work/xapi-every-block"
packages+=("$work/pkg-course-per-lesson" "$work/pkg-every-block")
xapi_packages+=("$work/xapi-every-block")
# SCORM 2004: the French course (one SCO), the per-lesson copy, the every-block fixture.
scorm2004_packages=("$work/s2004-course-fr" "$work/s2004-course-per-lesson" "$work/s2004-every-block")
unpack "$work/dist-course/presentation-ia-generative-fr-scorm2004.zip" "$work/s2004-course-fr"
unpack "$work"/dist-course-per-lesson/*scorm2004.zip "$work/s2004-course-per-lesson"
unpack "$work"/dist-every-block/*scorm2004.zip "$work/s2004-every-block"
"$bin" build tests/fixtures/valid/rtl-arabic --strict --out "$work/dist-rtl-arabic"
unpack "$work"/dist-rtl-arabic/*scorm12.zip "$work/pkg-rtl-arabic"
# The German translation of an English course, interface strings included, for the translation
# suite.
"$bin" build tests/fixtures/valid/translated-de --lang de --strict --out "$work/dist-translated-de"
unpack "$work"/dist-translated-de/*scorm12.zip "$work/pkg-translated-de"
# The fixture with a [theme] table (colours, logo, cover, fonts), for the theme suite.
"$bin" build tests/fixtures/valid/branded --strict --format all --out "$work/dist-branded"
unpack "$work"/dist-branded/*scorm12.zip "$work/pkg-branded"
# The video and audio fixture, its media made here with ffmpeg (never committed).
bash scripts/make-test-media.sh tests/fixtures/valid/media "$work/course-media"
"$bin" build "$work/course-media" --format all --strict --out "$work/dist-media"
unpack "$work"/dist-media/*scorm12.zip "$work/media/scorm12"
unpack "$work"/dist-media/*xapi.zip "$work/media/xapi"
unpack "$work"/dist-media/*cmi5.zip "$work/media/cmi5"
# The links fixture (lesson-to-lesson and heading links), and every package built so far unpacked
# side by side, for the scan of unsafe URLs.
"$bin" build tests/fixtures/valid/links --format all --strict --out "$work/dist-links"
unpack "$work"/dist-links/*scorm12.zip "$work/pkg-links"
for zip in "$work"/dist-*/*.zip; do
  unpack "$zip" "$work/all/$(basename "$(dirname "$zip")")/$(basename "$zip" .zip)"
done

step "coursepack validate --strict --deep --profile strict on every built package"
"$bin" validate --strict --deep --profile strict "$work"/dist-*/*.zip

step "xmllint oracle: manifests against the official SCORM 1.2 schemas"
for pkg in "${packages[@]}" "$pkg_en"; do
  # libxml2 warns that the official ims_xml.xsd binds the xml namespace as default; it is not an error.
  xmllint --noout --schema tests/oracle/scorm12-driver.xsd "$pkg/imsmanifest.xml" 2>&1 \
    | grep -v -e 'ims_xml.xsd:1: namespace error' -e '^filename=ims_xml.xsd' -e '^ *\^$' || true
  xmllint --noout --schema tests/oracle/scorm12-driver.xsd "$pkg/imsmanifest.xml" 2>/dev/null
done
for pkg in "${xapi_packages[@]}" "$xapi_en" "$work/media/xapi"; do
  xmllint --noout --schema schemas/tincan/tincan.xsd "$pkg/tincan.xml"
done
xmllint --noout --schema tests/oracle/scorm12-driver.xsd "$work/media/scorm12/imsmanifest.xml" 2>/dev/null

step "xmllint oracle: every built cmi5 course structure and SCORM 2004 manifest against the official schemas"
for zip in "$work"/dist-*/*cmi5.zip; do
  dir=$work/all/$(basename "$(dirname "$zip")")/$(basename "$zip" .zip)
  xmllint --noout --nonet --schema schemas/cmi5/CourseStructure.xsd "$dir/cmi5.xml"
done
for zip in "$work"/dist-*/*scorm2004.zip; do
  dir=$work/all/$(basename "$(dirname "$zip")")/$(basename "$zip" .zip)
  # libxml2 warns that imscp_v1p1.xsd imports the xml namespace a second time; it is not an error.
  xmllint --noout --nonet --schema tests/oracle/scorm2004-driver.xsd "$dir/imsmanifest.xml" 2>/dev/null
done

step "xmllint oracle: schema verdicts on the mutation corpus"
bash tests/oracle/xsd_agreement.sh
# The schema engine's own table of cases, re-checked against xmllint.
cargo test --quiet --features oracle --lib recorded_verdicts_agree_with_xmllint
# cmi5.xml of built packages against the cmi5 CourseStructure.xsd.
cargo test --quiet --features oracle --test testsuite cmi5::

step "translation files: XLIFF against the OASIS strict schema, PO through msgfmt --check"
bash tests/oracle/i18n_oracle.sh course/translations/*

step "gettext interop: msgcat leaves coursepack's PO files as they are; msgmerge, msgen, msgfilter, msginit outputs import and build"
cargo test --quiet --features oracle --test testsuite gettext::

step "translate-toolkit (PyPI, pinned, in target/): its storage, xliff2po/po2xliff/pomerge back through i18n import, pofilter"
COURSEPACK_BIN="$bin" bash tests/oracle/translate_toolkit.sh

step "JUnit consumer (junit2json) reads validate --format junit"
(cd tests/oracle/junit && COURSEPACK_BIN="$bin" node --test)

step "runtime unit tests: response formats of every question type, the media part's segments and progress, the preview's LMS-side SCORM API against scorm-again (node)"
(cd tests/browser && node --test test-unit/)

step "Chromium + scorm-again suite"
for pkg in "${packages[@]}"; do
  echo "--- $(basename "$pkg")"
  (cd tests/browser && COURSEPACK_SCORM_DIR="$pkg" node --test test/)
done
# The English package is the French course translated: the LMS rules and the tracking do not
# depend on the language, so it runs what does (the interface, keyboard, axe-core, layout).
echo "--- $(basename "$pkg_en") (interface only)"
(cd tests/browser && COURSEPACK_SCORM_DIR="$pkg_en" node --test test/00-environment.test.js test/ux.test.js)

step "Chromium + scorm-again SCORM 2004 suite (Scorm2004API; navigation requests between lesson SCOs)"
for pkg in "${scorm2004_packages[@]}"; do
  echo "--- $(basename "$pkg")"
  (cd tests/browser && COURSEPACK_SCORM2004_DIR="$pkg" node --test test-scorm2004/)
done

step "Chromium + xAPI suite (Ralph LRS, xapi-validation)"
for pkg in "${xapi_packages[@]}"; do
  echo "--- $(basename "$pkg")"
  (cd tests/browser && COURSEPACK_XAPI_DIR="$pkg" node --test test-xapi/)
done
# The English package is the French course translated: the LRS transport and the State API do
# not depend on the language, so it runs what does (statements' language maps, the notice).
echo "--- $(basename "$xapi_en") (language-dependent parts only)"
(cd tests/browser && COURSEPACK_XAPI_DIR="$xapi_en" node --test test-xapi/00-environment.test.js test-xapi/launch.test.js)

step "Chromium + cmi5 suite (LMS emulator in front of Ralph, xapi-validation, cmi5 statement rules)"
for pkg in "${cmi5_packages[@]}"; do
  echo "--- $(basename "$pkg")"
  (cd tests/browser && COURSEPACK_CMI5_DIR="$pkg" node --test test-cmi5/)
done

step "Chromium right-to-left suite (tests/fixtures/valid/rtl-arabic)"
(cd tests/browser && COURSEPACK_RTL_DIR="$work/pkg-rtl-arabic" node --test test-rtl/)

step "Chromium translation suite (tests/fixtures/valid/translated-de: no English anywhere in the German package)"
(cd tests/browser && COURSEPACK_I18N_DIR="$work/pkg-translated-de" node --test test-i18n/)

step "Chromium media suite (tests/fixtures/valid/media: players, captions, keyboard, SCORM interactions, xAPI Video Profile, under a cmi5 launch too)"
(cd tests/browser && COURSEPACK_MEDIA_DIR="$work/media" node --test test-media/)
step "Chromium links suite (tests/fixtures/valid/links; no unsafe URL in any built page)"
(cd tests/browser && COURSEPACK_LINKS_DIR="$work/pkg-links" COURSEPACK_PACKAGES_DIR="$work/all" node --test test-links/)

step "Chromium theme suite (tests/fixtures/valid/branded: [theme], cover, menu, summary, print)"
(cd tests/browser && COURSEPACK_THEME_DIR="$work/pkg-branded" node --test test-theme/)

step "README screenshots of the example course (docs/screenshots/)"
(cd tests/browser && COURSEPACK_SHOTS_DIR="$root/docs/screenshots" node screenshots.js "$work/pkg-course-en")

step "Chromium preview suite (coursepack preview: LMS frame, panel, live reload, overlay)"
(cd tests/browser && COURSEPACK_BIN="$bin" node --test test-preview/)
