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
# With SCORM=2004 the manifests are SCORM 2004 4th Edition ones, checked by xmllint against
# tests/oracle/scorm2004-driver.xsd: inline LOM metadata (its unique constraints), and on every
# item an imsss:sequencing that refers to a shared one with IDRef, two objectives with a global
# objective map, an adlseq:objectives extension and a precondition rule whose
# referencedObjective names one of them (the sequencing references coursepack checks).
#
#   benches/validate_scale.sh              # N = 10000 100000
#   benches/validate_scale.sh 2500 5000    # other sizes
#   REPEAT=5 benches/validate_scale.sh
#   SCORM=2004 benches/validate_scale.sh   # N = 2000 20000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
repeat=${REPEAT:-3}
for tool in xmllint python3; do
  command -v "$tool" > /dev/null || { echo "validate_scale.sh: $tool not found" >&2; exit 1; }
done
cargo build --release --quiet
bin=$PWD/target/release/coursepack
scorm=${SCORM:-1.2}
case "$scorm" in
  1.2) schema=$PWD/tests/oracle/scorm12-driver.xsd ;;
  2004) schema=$PWD/tests/oracle/scorm2004-driver.xsd ;;
  *) echo "validate_scale.sh: SCORM is 1.2 or 2004, not $scorm" >&2; exit 2 ;;
esac
# A SCORM 2004 item with its sequencing is about ten times a SCORM 1.2 one: 20,000 of them make
# a 22 MB manifest (the manifest size limit is 32 MiB).
if [[ ${#sizes[@]} -eq 0 ]]; then
  if [[ "$scorm" == 2004 ]]; then sizes=(2000 20000); else sizes=(10000 100000); fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# manifest N flat|nested > imsmanifest.xml (SCORM 1.2 or 2004, after $scorm)
manifest() {
  if [[ "$scorm" == 2004 ]]; then
    manifest2004 "$@"
    return
  fi
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

# manifest2004 N flat|nested > imsmanifest.xml
manifest2004() {
  awk -v n="$1" -v shape="$2" '
  function item(i, indent) {
    printf "%s<item identifier=\"I%d\" identifierref=\"R%d\"><title>Item %d</title>\n", indent, i, i, i
    printf "%s  <imsss:sequencing IDRef=\"SHARED\"><imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition referencedObjective=\"PRE%d\" operator=\"not\" condition=\"satisfied\"/></imsss:ruleConditions><imsss:ruleAction action=\"disabled\"/></imsss:preConditionRule></imsss:sequencingRules>", indent, i
    printf "<imsss:objectives><imsss:primaryObjective objectiveID=\"P%d\" satisfiedByMeasure=\"true\"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure><imsss:mapInfo targetObjectiveID=\"urn:g:%d\" writeSatisfiedStatus=\"true\"/></imsss:primaryObjective>", i, i
    printf "<imsss:objective objectiveID=\"PRE%d\"><imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure><imsss:mapInfo targetObjectiveID=\"urn:g:%d\"/></imsss:objective></imsss:objectives>", i, i - 1
    printf "<adlseq:objectives><adlseq:objective objectiveID=\"P%d\"><adlseq:mapInfo targetObjectiveID=\"urn:g:%d\" writeCompletionStatus=\"true\"/></adlseq:objective></adlseq:objectives></imsss:sequencing>\n", i, i
    printf "%s</item>\n", indent
  }
  BEGIN {
    print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    print "<manifest identifier=\"M\" version=\"1.0\" xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\" xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\" xmlns:adlseq=\"http://www.adlnet.org/xsd/adlseq_v1p3\" xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\" xmlns:lom=\"http://ltsc.ieee.org/xsd/LOM\">"
    print "  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion>"
    print "    <lom:lom><lom:general><lom:title><lom:string language=\"en\">Course</lom:string></lom:title><lom:structure><lom:source>LOMv1.0</lom:source><lom:value>hierarchical</lom:value></lom:structure></lom:general>"
    print "    <lom:educational><lom:typicalLearningTime><lom:duration>PT45M</lom:duration></lom:typicalLearningTime></lom:educational></lom:lom></metadata>"
    print "  <organizations default=\"O\"><organization identifier=\"O\"><title>Course</title>"
    if (shape == "flat") {
      for (i = 1; i <= n; i++) item(i, "    ")
    } else {
      i = 1; c = 0
      while (i <= n) {
        c++; printf "    <item identifier=\"C%d\"><title>Chapter %d</title>\n", c, c
        for (s = 1; s <= 10 && i <= n; s++) {
          printf "      <item identifier=\"C%dS%d\"><title>Section %d</title>\n", c, s, s
          for (k = 1; k <= 10 && i <= n; k++) { item(i, "        "); i++ }
          print "      </item>"
        }
        print "    </item>"
      }
    }
    print "    <imsss:sequencing><imsss:controlMode choice=\"true\" flow=\"true\"/></imsss:sequencing>"
    print "  </organization></organizations>"
    print "  <resources>"
    for (i = 1; i <= n; i++) printf "    <resource identifier=\"R%d\" type=\"webcontent\" adlcp:scormType=\"sco\" href=\"sco/%d.html\"><file href=\"sco/%d.html\"/></resource>\n", i, i, i
    print "  </resources>"
    print "  <imsss:sequencingCollection><imsss:sequencing ID=\"SHARED\"><imsss:deliveryControls completionSetByContent=\"true\" objectiveSetByContent=\"true\"/></imsss:sequencing></imsss:sequencingCollection>"
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
    xmllint --noout --nonet --schema "$schema" "$dir/imsmanifest.xml" 2> /dev/null || {
      echo "validate_scale.sh: xmllint does not validate the $shape $n manifest" >&2
      exit 1
    }
    IFS=$'\t' read -r ours ours_rss <<< "$(cpu "$bin" validate "$dir/package.zip")"
    IFS=$'\t' read -r schema_only _ <<< "$(cpu "$bin" validate --schema-only "$dir/imsmanifest.xml")"
    IFS=$'\t' read -r lint _ <<< "$(cpu xmllint --noout --nonet --schema "$schema" "$dir/imsmanifest.xml")"
    size=$(stat -c %s "$dir/imsmanifest.xml")
    awk -v n="$n" -v shape="$shape" -v size="$size" -v ours="$ours" -v schema="$schema_only" \
      -v lint="$lint" -v rss="$ours_rss" 'BEGIN {
        ratio = lint > 0 ? sprintf("%.2f", ours / lint) : "-"
        printf "%8d  %-6s  %8.1f  %9.3f  %9.3f  %9.3f  %7s  %9.0f\n", n, shape, size / 1048576, ours, schema, lint, ratio, rss / 1024
      }'
    rm -rf "$dir"
  done
done
