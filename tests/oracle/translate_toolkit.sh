#!/usr/bin/env bash
# translate-toolkit oracle: coursepack's translation files through translate-toolkit (PyPI,
# pinned), and back into `coursepack i18n import` with no loss.
#
#   tests/oracle/translate_toolkit.sh     # COURSEPACK_BIN=… to use a built binary (default:
#                                         # target/release/coursepack, built when missing)
#
# Installs translate-toolkit $VERSION into target/translate-toolkit-$VERSION (a venv; needs
# python3 with venv) unless it is there, then, on the example course (French source, English
# translation) and the inline-markup fixture (tests/fixtures/valid/i18n-markup):
# - translate-toolkit reads our XLIFF's inline tags as the exact Markdown of our PO;
# - a file its storage classes open and save, or fill (tags copied, or flattened to text),
#   imports with no loss and still validates against the XLIFF 1.2 strict schema;
# - xliff2po and po2xliff outputs, and a po2xliff → xliff2po round trip, merged back with
#   pomerge into our XLIFF (po2xliff drops msgctxt, our keys, so its files go home through the
#   template, which is what pomerge is for), import into a file identical to the original;
# - pofilter's checks that concern markup report nothing on our translated files, and do
#   report a broken copy.
# A missing tool is a failure, never a skip. The last line is `translate-toolkit oracle: N
# passed, M failed`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION=3.20.4
VENV="$ROOT/target/translate-toolkit-$VERSION"
STANDARDS="$ROOT/schemas/xliff12"
BIN="${COURSEPACK_BIN:-$ROOT/target/release/coursepack}"

die() {
  echo "translate-toolkit oracle: $*" >&2
  echo "translate-toolkit oracle: 0 passed, 1 failed"
  exit 1
}

command -v python3 >/dev/null 2>&1 || die "python3 not found (Debian: python3, python3-venv)"
command -v xmllint >/dev/null 2>&1 || die "xmllint not found (Debian: libxml2-utils)"
installed() {
  "$VENV/bin/python" -c "import sys; from translate.__version__ import sver; sys.exit(sver != '$VERSION')" 2>/dev/null
}
if ! installed; then
  rm -rf "$VENV"
  python3 -m venv "$VENV" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "translate-toolkit==$VERSION" \
    || die "pip could not install translate-toolkit==$VERSION"
fi
T="$VENV/bin"
for tool in xliff2po po2xliff pomerge pofilter python; do
  [[ -x "$T/$tool" ]] || die "$tool missing from $VENV"
done
installed || die "translate-toolkit $VERSION did not install into $VENV"
echo "translate-toolkit $VERSION in ${VENV#"$ROOT"/}"
if [[ ! -x "$BIN" ]]; then
  (cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed"
fi
STORAGE=("$T/python" "$ROOT/tests/oracle/ttk_storage.py")

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ttk-oracle.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
CATALOG="$WORK/catalog.xml"
cat >"$CATALOG" <<EOF
<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="http://www.w3.org/2001/xml.xsd" uri="file://$STANDARDS/xml.xsd"/>
  <uri name="http://www.w3.org/2001/xml.xsd" uri="file://$STANDARDS/xml.xsd"/>
</catalog>
EOF
export XML_CATALOG_FILES="$CATALOG"

PASSED=0
FAILED=0
# check NAME COMMAND…: runs the command; exit 0 passes.
check() {
  local name="$1" out
  shift
  if out="$("$@" 2>&1)"; then
    PASSED=$((PASSED + 1))
    echo "ok   $name"
  else
    FAILED=$((FAILED + 1))
    echo "FAIL $name"
    printf '%s\n' "$out" | tail -n 20 | sed 's/^/     /'
  fi
}

# course NAME SOURCE [TEMPLATE]: a copy of a course without translations, with TEMPLATE (an
# untranslated extract) as its translation file when given.
course() {
  rm -rf "$1"
  cp -r "$2" "$1"
  rm -rf "$1/translations"
  if [[ $# -ge 3 ]]; then
    mkdir -p "$1/translations"
    cp "$3" "$1/translations/"
  fi
}

# imports FILE COURSE EXPECTED: `i18n import` accepts FILE and the course's translation file is
# then byte for byte EXPECTED.
imports() {
  local lang
  "$BIN" i18n import "$1" "$2" || return 1
  lang="$(basename "$3")"
  cmp "$2/translations/$lang" "$3"
}

# same_pairs A B: translate-toolkit reads the same (source, target) pairs in both files.
same_pairs() {
  diff <("${STORAGE[@]}" pairs "$1") <("${STORAGE[@]}" pairs "$2")
}

# valid FILE…: each XLIFF validates against the OASIS strict schema.
valid() {
  xmllint --nonet --noout --schema "$STANDARDS/xliff-core-1.2-strict.xsd" "$@"
}

# failing CHECKS FILE: the number of units pofilter reports for FILE under CHECKS (-t …).
failing() {
  local file="$1" out="$WORK/pofilter.${1##*.}"
  shift
  rm -f "$out"
  "$T/pofilter" --progress=none "$@" "$file" "$out" >/dev/null 2>&1 || return 1
  if [[ -f "$out" ]]; then
    "${STORAGE[@]}" count "$out"
  else
    echo 0
  fi
}

# --- the example course: its translation (ref.xlf), our PO of it, untranslated templates ---------
ex="$ROOT/course"
cp "$ex/translations/en.xlf" en.xlf
mkdir -p ref && cp en.xlf ref/en.xlf
course x "$ex" && "$BIN" i18n extract x >/dev/null && cp x/translations/en.xlf template.xlf
course p "$ex" && "$BIN" i18n extract p --file-format po >/dev/null && mkdir -p tpo && cp p/translations/en.po tpo/en.po
"$BIN" i18n import en.xlf p >/dev/null && cp p/translations/en.po ref/en.po
mkdir -p txlf && cp template.xlf txlf/en.xlf

echo "== translate-toolkit reads our files"
check "its XLIFF reader sees our inline tags as the exact Markdown of our PO" same_pairs ref/en.xlf ref/en.po
check "our XLIFF validates (XLIFF 1.2 strict)" valid ref/en.xlf

echo "== files translate-toolkit's storage opened and saved"
"${STORAGE[@]}" resave ref/en.xlf resaved.xlf
check "a resaved file still validates" valid resaved.xlf
course c1 "$ex" txlf/en.xlf
check "a resaved file imports with no loss" imports resaved.xlf c1 ref/en.xlf
markup="$ROOT/tests/fixtures/valid/i18n-markup"
course m "$markup" && "$BIN" i18n extract m >/dev/null && cp m/translations/fr.xlf markup-template.xlf
"${STORAGE[@]}" copy-source markup-template.xlf tagged.xlf
"${STORAGE[@]}" copy-flat markup-template.xlf flat.xlf
check "targets it fills with the source's tags validate" valid tagged.xlf
course m1 "$markup" markup-template.xlf
check "targets it fills with the source's tags import" "$BIN" i18n import tagged.xlf m1
check "…every one equal to its source's Markdown" \
  "$T/python" -c "import json,sys; p=json.load(sys.stdin); sys.exit(not p or any(s != t for s, t in p))" \
  < <("${STORAGE[@]}" pairs m1/translations/fr.xlf)
mkdir -p mref && cp m1/translations/fr.xlf mref/fr.xlf
course m2 "$markup" markup-template.xlf
check "targets it fills with flattened text import to the same file" imports flat.xlf m2 mref/fr.xlf

echo "== converters, merged back with pomerge"
"$T/xliff2po" --progress=none ref/en.xlf from-xliff.po
check "xliff2po writes our PO's strings" same_pairs from-xliff.po ref/en.po
"$T/pomerge" --progress=none -t template.xlf -i from-xliff.po -o merged-from-po.xlf
course c2 "$ex" txlf/en.xlf
check "xliff2po output imports with no loss" imports merged-from-po.xlf c2 ref/en.xlf
"$T/po2xliff" --progress=none ref/en.po from-po.xlf
"$T/pomerge" --progress=none -t template.xlf -i from-po.xlf -o merged-from-xliff.xlf
course c3 "$ex" tpo/en.po
check "po2xliff output imports into the PO with no loss" imports merged-from-xliff.xlf c3 ref/en.po
"$T/xliff2po" --progress=none from-po.xlf round-trip.po
"$T/pomerge" --progress=none -t template.xlf -i round-trip.po -o merged-round-trip.xlf
course c4 "$ex" txlf/en.xlf
check "po2xliff → xliff2po round trip imports with no loss" imports merged-round-trip.xlf c4 ref/en.xlf

echo "== pofilter"
NAMES=(variables xmltags urls emails filepaths doublespacing escapes newlines startwhitespace
  endwhitespace tabs brackets printf pythonbraceformat)
CHECKS=()
for name in "${NAMES[@]}"; do CHECKS+=(-t "$name"); done
echo "checks: ${NAMES[*]}"
for f in ref/en.xlf ref/en.po m1/translations/fr.xlf; do
  check "pofilter reports nothing on ${f#ref/}" test "$(failing "$f" "${CHECKS[@]}")" = 0
done
# A broken copy: a web address added to one translation, a double space to another.
"$T/python" - ref/en.po broken.po <<'EOF'
import sys
from translate.storage import factory
store = factory.getobject(sys.argv[1])
units = [u for u in store.units if not u.isheader() and " " in str(u.target)]
units[0].target = str(units[0].target) + " https://evil.example/"
units[1].target = str(units[1].target).replace(" ", "  ", 1)
with open(sys.argv[2], "wb") as out:
    out.write(bytes(store))
EOF
check "pofilter reports the added web address (urls)" test "$(failing broken.po -t urls)" = 1
check "pofilter reports the double space (doublespacing)" test "$(failing broken.po -t doublespacing)" = 1

echo "translate-toolkit oracle: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
