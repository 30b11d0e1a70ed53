#!/usr/bin/env bash
# XSD oracle: coursepack's schema verdict must equal xmllint's on a mutation corpus.
#
#   tests/oracle/xsd_agreement.sh                # build, generate, compare; exit 1 on any disagreement
#   tests/oracle/xsd_agreement.sh --oracle-only  # only xmllint's half: corpus distribution, no comparison
#
# The corpus is written by `cargo run --release --example mutate_manifests -- DIR` (deterministic)
# into a temporary folder, or into $CORPUS_DIR when set (kept afterwards, for inspection).
# The last line is `xsd agreement: N passed, M failed`; CI reads it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

MIN_DOCS=2000
ORACLE_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --oracle-only) ORACLE_ONLY=1 ;;
    -h | --help)
      sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "xsd_agreement.sh: unknown argument: $arg" >&2
      exit 2
      ;;
  esac
done

die() {
  echo "xsd agreement: $*" >&2
  exit 1
}

command -v xmllint >/dev/null 2>&1 || die "xmllint not found; install Debian's libxml2-utils (apt-get install libxml2-utils)"
command -v node >/dev/null 2>&1 || die "node not found; it reads coursepack's JSON report"
command -v cargo >/dev/null 2>&1 || die "cargo not found"

SCORM_SCHEMA="$ROOT/tests/oracle/scorm12-driver.xsd"
SCORM2004_SCHEMA="$ROOT/tests/oracle/scorm2004-driver.xsd"
SCORM2004_LOOSE_SCHEMA="$ROOT/tests/oracle/scorm2004-loose-driver.xsd"
TINCAN_SCHEMA="$ROOT/schemas/tincan/tincan.xsd"
CMI5_SCHEMA="$ROOT/schemas/cmi5/CourseStructure.xsd"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/xsd-agreement.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
if [[ -n "${CORPUS_DIR:-}" ]]; then
  mkdir -p "$CORPUS_DIR"
  CORPUS="$(cd "$CORPUS_DIR" && pwd)"
else
  CORPUS="$WORK/corpus"
fi

# --- build and generate --------------------------------------------------------------------------
echo "== building (cargo build --release)"
if [[ "$ORACLE_ONLY" == 0 ]]; then
  cargo build --release --quiet
fi
cargo build --release --quiet --example mutate_manifests
"$TARGET/release/examples/mutate_manifests" "$CORPUS"

FILES=()
while IFS= read -r f; do FILES+=("$f"); done < <(find "$CORPUS/scorm12" "$CORPUS/scorm2004" "$CORPUS/scorm2004-loose" "$CORPUS/tincan" "$CORPUS/cmi5" -name '*.xml' -type f | LC_ALL=C sort)
echo "== ${#FILES[@]} documents in $CORPUS"

# --- xmllint's verdicts --------------------------------------------------------------------------
schema_for() {
  case "$1" in
    */scorm12/*) echo "$SCORM_SCHEMA" ;;
    */scorm2004/*) echo "$SCORM2004_SCHEMA" ;;
    */scorm2004-loose/*) echo "$SCORM2004_LOOSE_SCHEMA" ;;
    */tincan/*) echo "$TINCAN_SCHEMA" ;;
    */cmi5/*) echo "$CMI5_SCHEMA" ;;
    *) die "unexpected corpus path: $1" ;;
  esac
}

# One xmllint run. Prints "valid" or "invalid<TAB>first error line". libxml2 complains about the
# official ims_xml.xsd ("xml namespace URI cannot be the default namespace") while loading the
# SCORM 1.2 schemas, and warns that it skips imscp_v1p1.xsd's remote import of xml.xsd while
# loading the SCORM 2004 ones; those messages are not about the document and are ignored.
xmllint_verdict() {
  local file="$1" schema err rc=0
  schema="$(schema_for "$file")"
  err="$(xmllint --noout --nonet --schema "$schema" "$file" 2>&1 >/dev/null)" || rc=$?
  if [[ $rc -eq 5 ]]; then
    echo "$err" >&2
    die "xmllint could not compile $schema"
  fi
  # libxml2 recovers from an undeclared prefix (a namespace error, not a fatal one) and then
  # validates the element under its prefixed name, which a lax or skip wildcard accepts. The
  # document is not namespace-well-formed, and every other namespace-aware parser refuses it:
  # coursepack does, and so does this verdict.
  local undeclared
  undeclared="$(awk -v f="$file:" 'index($0, f) == 1 && /namespace error : Namespace prefix .* is not defined/ { print; exit }' <<<"$err")"
  if [[ $rc -eq 0 && -n "$undeclared" ]]; then
    printf 'invalid\t%s\n' "${undeclared//$'\t'/ }"
  elif [[ $rc -eq 0 ]]; then
    printf 'valid\n'
  else
    local first
    first="$(awk -v f="$file:" 'index($0, f) == 1 { print; exit }' <<<"$err")"
    [[ -n "$first" ]] || first="$(grep -v -e 'ims_xml.xsd' -e 'Skipping import' -e '^ *\^$' <<<"$err" | head -n 1 || true)"
    [[ -n "$first" ]] || first="xmllint exit code $rc"
    printf 'invalid\t%s\n' "${first//$'\t'/ }"
  fi
}

# The seeds are valid; if one is not, the schemas or xmllint are not what this test expects.
for seed in tests/fixtures/realworld/scorm12-articulate-storyline-send-to-url/imsmanifest.xml \
  tests/fixtures/realworld/rustici-golf/scorm12/real_golf_runtime.xml \
  tests/fixtures/golden/every-block.imsmanifest.xml \
  tests/fixtures/golden/every-block-per-lesson.imsmanifest.xml; do
  [[ -f "$seed" ]] || die "missing seed $seed (the shared/ folder must sit beside the repository)"
  xmllint --noout --schema "$SCORM_SCHEMA" "$seed" 2>/dev/null ||
    die "seed $seed does not validate with xmllint against $SCORM_SCHEMA"
done
for seed in tests/fixtures/realworld/scorm2004-*/imsmanifest.xml \
  tests/fixtures/packages/valid-scorm2004/imsmanifest.xml \
  tests/fixtures/packages/valid-scorm2004-sequencing/imsmanifest.xml; do
  [[ -f "$seed" ]] || die "missing seed $seed (the shared/ folder must sit beside the repository)"
  xmllint --noout --nonet --schema "$SCORM2004_SCHEMA" "$seed" 2>/dev/null ||
    die "seed $seed does not validate with xmllint against $SCORM2004_SCHEMA"
done
for seed in tests/fixtures/realworld/tincan-articulate-storyline-bleeding-course/tincan.xml \
  tests/fixtures/realworld/tincan-adapt-xapi-demo-module/tincan.xml \
  tests/fixtures/realworld/rustici-golf/tincan/real_golf_tcapi.xml; do
  [[ -f "$seed" ]] || die "missing seed $seed (the shared/ folder must sit beside the repository)"
  xmllint --noout --schema "$TINCAN_SCHEMA" "$seed" 2>/dev/null ||
    die "seed $seed does not validate with xmllint against $TINCAN_SCHEMA"
done

for seed in tests/fixtures/realworld/cmi5-*/cmi5.xml tests/fixtures/cmi5-spec/complex-cmi5.xml \
  tests/fixtures/cmi5-spec/extended-cmi5.xml tests/fixtures/packages/valid-cmi5/cmi5.xml; do
  [[ -f "$seed" ]] || die "missing seed $seed"
  xmllint --noout --nonet --schema "$CMI5_SCHEMA" "$seed" 2>/dev/null ||
    die "seed $seed does not validate with xmllint against $CMI5_SCHEMA"
done

echo "== xmllint verdicts (libxml2 $(xmllint --version 2>&1 | head -n 1 | sed 's/.*version //'))"
ORACLE="$WORK/oracle.tsv"
: >"$ORACLE"
for f in "${FILES[@]}"; do
  verdict="$(xmllint_verdict "$f")" || exit 1
  printf '%s\t%s\n' "$f" "$verdict" >>"$ORACLE"
done
if [[ -n "${CORPUS_DIR:-}" ]]; then cp "$ORACLE" "$CORPUS/oracle.tsv"; fi

if [[ "$ORACLE_ONLY" == 1 ]]; then
  node - "$ORACLE" "$CORPUS" <<'EOF'
const fs = require("fs");
const [oracle, corpus] = process.argv.slice(2);
const rows = fs.readFileSync(oracle, "utf8").split("\n").filter(Boolean).map((l) => l.split("\t"));
const stats = {};
const ops = {};
for (const [file, verdict] of rows) {
  const kind = file.slice(corpus.length + 1).split("/")[0];
  const s = (stats[kind] ??= { valid: 0, invalid: 0 });
  s[verdict]++;
  const op = file.replace(/.*\/[a-z-]+?-\d{3}-/, "").replace(/\.xml$/, "");
  const o = (ops[kind + " " + op] ??= { valid: 0, invalid: 0 });
  o[verdict]++;
}
for (const [k, o] of Object.entries(ops).sort()) console.log(`  ${k}: ${o.valid} valid, ${o.invalid} invalid`);
let total = 0;
for (const [kind, s] of Object.entries(stats)) {
  const n = s.valid + s.invalid;
  total += n;
  console.log(`${kind}: ${n} documents, xmllint: ${s.valid} valid (${Math.round((100 * s.valid) / n)}%), ${s.invalid} invalid`);
}
console.log(`total: ${total} documents`);
EOF
  exit 0
fi

# --- coursepack's verdicts (one process) ---------------------------------------------------------
REPORT="$WORK/coursepack.json"
rc=0
"$TARGET/release/coursepack" validate --schema-only --format json "${FILES[@]}" >"$REPORT" 2>"$WORK/coursepack.stderr" || rc=$?
if [[ $rc -ne 0 && $rc -ne 1 ]]; then
  cat "$WORK/coursepack.stderr" >&2
  die "coursepack validate exited with code $rc (expected 0 or 1)"
fi
if [[ -n "${CORPUS_DIR:-}" ]]; then cp "$REPORT" "$CORPUS/coursepack.json"; fi

# --- comparison ----------------------------------------------------------------------------------
node - "$ORACLE" "$REPORT" "$CORPUS" "$MIN_DOCS" "$rc" <<'EOF'
const fs = require("fs");
const [oracle, report, corpus, minDocs, rc] = process.argv.slice(2);
const rows = fs.readFileSync(oracle, "utf8").split("\n").filter(Boolean).map((l) => {
  const [file, verdict, ...rest] = l.split("\t");
  return { file, verdict, error: rest.join("\t") };
});
let json;
try {
  json = JSON.parse(fs.readFileSync(report, "utf8"));
} catch (e) {
  console.error(`xsd agreement: coursepack's output is not JSON: ${e.message}`);
  process.exit(1);
}
const packages = Array.isArray(json.packages) ? json.packages : [];
if (packages.length !== rows.length) {
  console.error(`xsd agreement: coursepack reported ${packages.length} packages for ${rows.length} files`);
  process.exit(1);
}
const rel = (f) => f.slice(corpus.length + 1);
const stats = {};
const bump = (kind, who, verdict) => {
  const s = (stats[kind] ??= { xmllint: { valid: 0, invalid: 0 }, coursepack: { valid: 0, invalid: 0 } });
  s[who][verdict]++;
};
let passed = 0;
const failures = [];
rows.forEach((row, i) => {
  const pkg = packages[i];
  const kind = rel(row.file).split("/")[0];
  if (typeof pkg.path === "string" && !pkg.path.endsWith(rel(row.file).split("/").pop())) {
    console.error(`xsd agreement: package ${i} is ${pkg.path}, expected ${row.file}: the report is not in argument order`);
    process.exit(1);
  }
  if (typeof pkg.valid !== "boolean") {
    failures.push({ row, ours: "no verdict", diag: JSON.stringify(pkg).slice(0, 200) });
    return;
  }
  const ours = pkg.valid ? "valid" : "invalid";
  bump(kind, "xmllint", row.verdict);
  bump(kind, "coursepack", ours);
  if (ours === row.verdict) {
    passed++;
    return;
  }
  const d = (pkg.diagnostics || []).find((x) => x.severity === "error") || (pkg.diagnostics || [])[0];
  const diag = d
    ? `${d.file ?? ""}:${d.line ?? "?"}:${d.column ?? "?"}: ${d.severity}: ${d.message}${d.hint ? ` (hint: ${d.hint})` : ""}`
    : "(no diagnostic)";
  failures.push({ row, ours, diag });
});
const total = rows.length;
console.log(`== ${total} documents`);
for (const [kind, s] of Object.entries(stats).sort()) {
  console.log(
    `${kind}: xmllint ${s.xmllint.valid} valid / ${s.xmllint.invalid} invalid; ` +
      `coursepack ${s.coursepack.valid} valid / ${s.coursepack.invalid} invalid`,
  );
}
if (Number(rc) === 0 && rows.some((r) => r.verdict === "invalid")) {
  console.log("note: coursepack exited 0 although some documents are invalid");
}
for (const f of failures) {
  console.log(`\nDISAGREE ${rel(f.row.file)}: xmllint says ${f.row.verdict}, coursepack says ${f.ours}`);
  console.log(`  xmllint:    ${(f.row.error || "(validates)").split(corpus + "/").join("")}`);
  console.log(`  coursepack: ${f.diag}`);
}
let ok = failures.length === 0;
if (total < Number(minDocs)) {
  console.log(`\nthe corpus has ${total} documents, fewer than the ${minDocs} required`);
  ok = false;
}
console.log(`xsd agreement: ${passed} passed, ${failures.length} failed`);
process.exit(ok ? 0 : 1);
EOF
