#!/usr/bin/env bash
# i18n oracle: the translation files coursepack writes must satisfy the outside tools.
#
#   tests/oracle/i18n_oracle.sh                  # samples written by the codec tests, then checked
#   tests/oracle/i18n_oracle.sh FILE.xlf FILE.po # the same, and also these files (e.g. real extracts)
#
# The codec tests (`cargo test --lib i18n::`) check round trips and, with COURSEPACK_I18N_SAMPLES
# set, write their sample catalogs as .xlf and .po into that folder (kept when $SAMPLES_DIR is
# set, a temporary one otherwise). Every .xlf must validate with xmllint against the OASIS XLIFF
# 1.2 strict schema (offline, through an XML catalog for xml.xsd); every .po must pass
# `msgfmt --check`. Two known-bad files check that the tools do reject. Missing tools are a
# failure, never a skip. The last line is `i18n oracle: N passed, M failed`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STANDARDS="${XLIFF_STANDARDS_DIR:-$ROOT/schemas/xliff12}"
SCHEMA="$STANDARDS/xliff-core-1.2-strict.xsd"

FILES=()
for arg in "$@"; do
  case "$arg" in
    -h | --help)
      sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *.xlf | *.xliff | *.po) FILES+=("$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")") ;;
    *)
      echo "i18n_oracle.sh: not a .xlf, .xliff or .po file: $arg" >&2
      exit 2
      ;;
  esac
done

die() {
  echo "i18n oracle: $*" >&2
  echo "i18n oracle: 0 passed, 1 failed"
  exit 1
}

command -v xmllint >/dev/null 2>&1 || die "xmllint not found; install Debian's libxml2-utils (apt-get install libxml2-utils)"
command -v msgfmt >/dev/null 2>&1 || die "msgfmt not found; install Debian's gettext (apt-get install gettext)"
command -v cargo >/dev/null 2>&1 || die "cargo not found"
[[ -f "$SCHEMA" && -f "$STANDARDS/xml.xsd" ]] || die "XLIFF schemas not found in $STANDARDS (set XLIFF_STANDARDS_DIR)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/i18n-oracle.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
if [[ -n "${SAMPLES_DIR:-}" ]]; then
  mkdir -p "$SAMPLES_DIR"
  SAMPLES="$(cd "$SAMPLES_DIR" && pwd)"
  rm -f "$SAMPLES"/*.xlf "$SAMPLES"/*.po
else
  SAMPLES="$WORK/samples"
fi

# xmllint resolves the schema's import of http://www.w3.org/2001/xml.xsd through this catalog
# (and --nonet makes sure it never tries the network instead).
CATALOG="$WORK/catalog.xml"
cat >"$CATALOG" <<EOF
<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="http://www.w3.org/2001/xml.xsd" uri="file://$STANDARDS/xml.xsd"/>
  <uri name="http://www.w3.org/2001/xml.xsd" uri="file://$STANDARDS/xml.xsd"/>
</catalog>
EOF
export XML_CATALOG_FILES="$CATALOG"

# --- samples from the codec tests ----------------------------------------------------------------
echo "== codec tests (cargo test --lib i18n::), writing samples into $SAMPLES"
cd "$ROOT"
COURSEPACK_I18N_SAMPLES="$SAMPLES" cargo test --quiet --lib i18n:: || die "the codec tests fail"
shopt -s nullglob
SAMPLE_FILES=("$SAMPLES"/*.xlf "$SAMPLES"/*.po)
shopt -u nullglob
[[ ${#SAMPLE_FILES[@]} -ge 2 ]] || die "the codec tests wrote no samples into $SAMPLES"

# --- checks --------------------------------------------------------------------------------------
PASSED=0
FAILED=0

# run_check FILE: counts one file as passed or failed.
run_check() {
  local file="$1" out status=0
  case "$file" in
    *.xlf | *.xliff) out="$(xmllint --nonet --noout --schema "$SCHEMA" "$file" 2>&1)" || status=$? ;;
    *.po) out="$(msgfmt --check -o /dev/null "$file" 2>&1)" || status=$? ;;
  esac
  if [[ $status -eq 0 ]]; then
    PASSED=$((PASSED + 1))
    # msgfmt's warnings (e.g. header fields a tool left at defaults) do not fail a file.
    [[ -n "$out" && "$out" != *" validates" ]] && printf '%s\n' "$out" | sed 's/^/  note: /'
  else
    FAILED=$((FAILED + 1))
    echo "FAIL $file"
    printf '%s\n' "$out" | sed 's/^/  /'
  fi
  return 0
}

# run_reject FILE: a known-bad file the tool must refuse (so a pass above means something).
run_reject() {
  local file="$1" status=0
  case "$file" in
    *.xlf) xmllint --nonet --noout --schema "$SCHEMA" "$file" >/dev/null 2>&1 || status=$? ;;
    *.po) msgfmt --check -o /dev/null "$file" >/dev/null 2>&1 || status=$? ;;
  esac
  if [[ $status -ne 0 ]]; then
    PASSED=$((PASSED + 1))
  else
    FAILED=$((FAILED + 1))
    echo "FAIL the oracle accepted a known-bad file: $file"
  fi
}

echo "== xmllint (XLIFF 1.2 strict) and msgfmt --check on ${#SAMPLE_FILES[@]} samples"
for f in "${SAMPLE_FILES[@]}"; do
  run_check "$f"
done

echo "== known-bad files must be refused"
first_xlf="$(ls "$SAMPLES"/*.xlf | head -n 1)"
sed 's/state="translated"/state="done"/; s/<source>/<source><bogus\/>/' "$first_xlf" >"$WORK/bad.xlf"
run_reject "$WORK/bad.xlf"
printf 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a\\n"\nmsgstr "b"\n' >"$WORK/bad.po"
run_reject "$WORK/bad.po"

if [[ ${#FILES[@]} -gt 0 ]]; then
  echo "== ${#FILES[@]} files given on the command line"
  for f in "${FILES[@]}"; do
    if [[ -f "$f" ]]; then
      run_check "$f"
    else
      FAILED=$((FAILED + 1))
      echo "FAIL $f: no such file"
    fi
  done
fi

echo "i18n oracle: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
