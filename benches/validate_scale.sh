#!/usr/bin/env bash
# Benchmark: does `coursepack validate` stay linear in the manifest's size, and how does it
# compare with xmllint? Side by side in one run, CPU time (user + system, best of $REPEAT runs):
#   - flat manifests: N items, each pointing to its own SCO resource (with its file);
#   - nested manifests: the same N items as leaves of chapters of 10 sections of 10 items;
# for each N (default 10,000 and 100,000), three commands on the same manifest:
#   ours      `coursepack validate PACKAGE.zip` (the whole validation: zip, schemas, rules;
#             the zip holds the manifest and the N SCO files, stored);
#   schema    `coursepack validate --schema-only imsmanifest.xml`;
#   xmllint   `xmllint --noout --schema tests/oracle/scorm12-driver.xsd imsmanifest.xml`.
# Prints one table row per manifest: items, shape, size, the three CPU times, ours / xmllint,
# and our peak RSS. Needs xmllint (libxml2-utils) and python3 (to write the zips and to time).
#
#   benches/validate_scale.sh              # N = 10000 100000
#   benches/validate_scale.sh 2500 5000    # other sizes
#   REPEAT=5 benches/validate_scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000)
repeat=${REPEAT:-3}
for tool in xmllint python3; do
  command -v "$tool" > /dev/null || { echo "validate_scale.sh: $tool not found" >&2; exit 1; }
done
cargo build --release --quiet
bin=$PWD/target/release/coursepack
schema=$PWD/tests/oracle/scorm12-driver.xsd
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# manifest N flat|nested > imsmanifest.xml
manifest() {
  awk -v n="$1" -v shape="$2" 'BEGIN {
    print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    print "<manifest identifier=\"M\" version=\"1.0\" xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\" xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\">"
    print "  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>"
    print "  <organizations default=\"O\"><organization identifier=\"O\"><title>Course</title>"
    if (shape == "flat") {
      for (i = 1; i <= n; i++) printf "    <item identifier=\"I%d\" identifierref=\"R%d\"><title>Item %d</title></item>\n", i, i, i
    } else {
      i = 1; c = 0
      while (i <= n) {
        c++; printf "    <item identifier=\"C%d\"><title>Chapter %d</title>\n", c, c
        for (s = 1; s <= 10 && i <= n; s++) {
          printf "      <item identifier=\"C%dS%d\"><title>Section %d</title>\n", c, s, s
          for (k = 1; k <= 10 && i <= n; k++) {
            printf "        <item identifier=\"I%d\" identifierref=\"R%d\"><title>Item %d</title></item>\n", i, i, i
            i++
          }
          print "      </item>"
        }
        print "    </item>"
      }
    }
    print "  </organization></organizations>"
    print "  <resources>"
    for (i = 1; i <= n; i++) printf "    <resource identifier=\"R%d\" type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"sco/%d.html\"><file href=\"sco/%d.html\"/></resource>\n", i, i, i
    print "  </resources>"
    print "</manifest>"
  }'
}

# package DIR N: DIR/package.zip with DIR/imsmanifest.xml and sco/1.html … sco/N.html (empty).
package() {
  python3 - "$1" "$2" << 'EOF'
import sys, zipfile
folder, n = sys.argv[1], int(sys.argv[2])
with zipfile.ZipFile(f"{folder}/package.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write(f"{folder}/imsmanifest.xml", "imsmanifest.xml")
    for i in range(1, n + 1):
        z.writestr(zipfile.ZipInfo(f"sco/{i}.html", (2024, 1, 1, 0, 0, 0)), b"")
EOF
}

# cpu COMMAND...: "user+system seconds<TAB>peak RSS KiB", the best CPU time of $repeat runs,
# read from the kernel's resource accounting of the child (microseconds, not /usr/bin/time's
# hundredths: the 10,000-item runs take a few hundredths).
cpu() {
  python3 - "$repeat" "$@" << 'EOF'
import os, subprocess, sys
repeat, cmd = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(repeat):
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    t = usage.ru_utime + usage.ru_stime
    if best is None or t < best[0]:
        best = (t, usage.ru_maxrss)
print(f"{best[0]:.3f}\t{best[1]}")
EOF
}

printf '%8s  %-6s  %8s  %9s  %9s  %9s  %7s  %9s\n' items shape "size MB" "ours s" "schema s" "xmllint s" ratio "RSS MB"
for n in "${sizes[@]}"; do
  for shape in flat nested; do
    dir=$work/$shape-$n
    mkdir -p "$dir"
    manifest "$n" "$shape" > "$dir/imsmanifest.xml"
    package "$dir" "$n"
    # The package must be valid, or the comparison is meaningless.
    "$bin" validate --quiet "$dir/package.zip" > /dev/null || {
      echo "validate_scale.sh: the $shape $n package is not valid:" >&2
      "$bin" validate "$dir/package.zip" | tail -n 20 >&2
      exit 1
    }
    xmllint --noout --schema "$schema" "$dir/imsmanifest.xml" 2> /dev/null || {
      echo "validate_scale.sh: xmllint does not validate the $shape $n manifest" >&2
      exit 1
    }
    IFS=$'\t' read -r ours ours_rss <<< "$(cpu "$bin" validate "$dir/package.zip")"
    IFS=$'\t' read -r schema_only _ <<< "$(cpu "$bin" validate --schema-only "$dir/imsmanifest.xml")"
    IFS=$'\t' read -r lint _ <<< "$(cpu xmllint --noout --schema "$schema" "$dir/imsmanifest.xml")"
    size=$(stat -c %s "$dir/imsmanifest.xml")
    awk -v n="$n" -v shape="$shape" -v size="$size" -v ours="$ours" -v schema="$schema_only" \
      -v lint="$lint" -v rss="$ours_rss" 'BEGIN {
        ratio = lint > 0 ? sprintf("%.2f", ours / lint) : "-"
        printf "%8d  %-6s  %8.1f  %9.3f  %9.3f  %9.3f  %7s  %9.0f\n", n, shape, size / 1048576, ours, schema, lint, ratio, rss / 1024
      }'
    rm -rf "$dir"
  done
done
