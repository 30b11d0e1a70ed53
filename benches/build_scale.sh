#!/usr/bin/env bash
# Benchmark: `coursepack build` of a catalogue-sized course in every language and format, side
# by side in the same run with `zip -r -6` of the same unpacked package trees.
#
# For each size N (default 10 100 1000 lessons), examples/gen_catalogue.rs writes a course of N
# lessons (three paragraphs, three tabs, a five-slide carousel and a question each) with 10
# translations (XLIFF and PO), so 11 languages × (scorm12 + xapi) = 22 packages. Then:
#   build     `coursepack build COURSE --lang all --format scorm12,xapi` into an empty folder;
#   all 4     the same with `--format all` (scorm12, scorm2004, xapi, cmi5: 44 packages), into
#             another folder (its bytes are not in the zip -6 row);
#   rebuild   the same again (the output folder now holds the packages and their manifest);
#   edit      one paragraph of one lesson changed, then build again;
#   zip -6    the 22 packages unzipped, then `zip -r -6 -X -q` of each tree, one after another;
#   floor     examples/cost_floor.rs: what no build can skip, with the libraries coursepack uses:
#             the translation files read (XML events, PO lines), every lesson's Markdown made
#             HTML once per language, the same 22 trees deflated at level 6 (bytes: the raw
#             deflate streams, without zip headers).
# Each row: wall seconds, CPU seconds (user + system), CPU / wall (cores used), peak RSS MiB
# (the kernel's accounting of the child, python's os.wait4), and the bytes written. Set
# JOBS=N to pass `--jobs N`. Set BASELINE=/path/to/another/coursepack to add, for each size, a
# "baseline" row: the same build by that binary (an earlier version, say), in the same run, so
# that a change is measured against what it replaces under the same load. After the table, one
# line per size gives the build's CPU time over `zip -6`'s (and the baseline's): the ratio the
# catalogue goal is stated in. Needs zip, unzip and python3.
#
#   benches/build_scale.sh               # N = 10 100 1000
#   benches/build_scale.sh 2000          # other sizes
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10 100 1000)
for tool in zip unzip python3; do
  command -v "$tool" > /dev/null || { echo "build_scale.sh: $tool not found" >&2; exit 1; }
done
cargo build --release --quiet --bin coursepack --example gen_catalogue --example cost_floor
bin=$PWD/target/release/coursepack
gen=$PWD/target/release/examples/gen_catalogue
floor=$PWD/target/release/examples/cost_floor
jobs=()
# The reference configuration: the two formats the issue measured.
formats=scorm12,xapi
[[ -z "${JOBS:-}" ]] || jobs=(--jobs "$JOBS")
# Whether this build knows the build manifest (the rebuild rows mean nothing without it).
incremental=0
"$bin" build --help | grep -q -- '--force' && incremental=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure COMMAND...: "wall<TAB>cpu<TAB>peak RSS KiB" of one run (stdout and stderr discarded);
# fails when the command does.
measure() {
  python3 - "$@" << 'EOF'
import os, subprocess, sys, time
start = time.monotonic()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
wall = time.monotonic() - start
if status != 0:
    sys.exit(f"build_scale.sh: {' '.join(sys.argv[1:])} failed ({status})")
print(f"{wall:.3f}\t{usage.ru_utime + usage.ru_stime:.3f}\t{usage.ru_maxrss}")
EOF
}

# zip_trees DIR: zips every tree under DIR/trees one after another, as one measured command.
zip_trees() {
  for tree in "$1"/trees/*/; do
    name=$(basename "$tree")
    (cd "$tree" && zip -r -6 -X -q "$1/zips/$name.zip" .)
  done
}

row() { # what N wall cpu rss bytes
  awk -v what="$1" -v n="$2" -v wall="$3" -v cpu="$4" -v rss="$5" -v bytes="$6" 'BEGIN {
    printf "%7d  %-8s  %8.2f  %8.2f  %5.2f  %8.1f  %12d\n", n, what, wall, cpu, (wall > 0 ? cpu / wall : 0), rss / 1024, bytes
  }'
}

bytes_of() { find "$1" -name '*.zip' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }

printf '%7s  %-8s  %8s  %8s  %5s  %8s  %12s\n' lessons what "wall s" "CPU s" cores "RSS MiB" "zip bytes"
# "N: build CPU / zip -6 CPU" per size, printed after the table (issue 15's goal: at most 1.5).
ratios=()
for n in "${sizes[@]}"; do
  course=$work/course-$n
  out=$work/out-$n
  "$gen" "$course" "$n"
  IFS=$'\t' read -r wall cpu rss <<< "$(measure "$bin" build "$course" --lang all --format "$formats" --out "$out" "${jobs[@]}")"
  row build "$n" "$wall" "$cpu" "$rss" "$(bytes_of "$out")"
  build_cpu=$cpu baseline_cpu=
  if [[ -n "${BASELINE:-}" ]]; then
    IFS=$'\t' read -r wall cpu rss <<< "$(measure "$BASELINE" build "$course" --lang all --format "$formats" --out "$work/base-$n" "${jobs[@]}")"
    row baseline "$n" "$wall" "$cpu" "$rss" "$(bytes_of "$work/base-$n")"
    baseline_cpu=$cpu
    rm -rf "$work/base-$n"
  fi
  IFS=$'\t' read -r wall cpu rss <<< "$(measure "$bin" build "$course" --lang all --format all --out "$work/all-$n" "${jobs[@]}")"
  row "all 4" "$n" "$wall" "$cpu" "$rss" "$(bytes_of "$work/all-$n")"
  rm -rf "$work/all-$n"
  if [[ $incremental == 1 ]]; then
    IFS=$'\t' read -r wall cpu rss <<< "$(measure "$bin" build "$course" --lang all --format "$formats" --out "$out" "${jobs[@]}")"
    row rebuild "$n" "$wall" "$cpu" "$rss" "$(bytes_of "$out")"
    sed -i '0,/^Paragraph 2 of lesson/s//Paragraph two (edited) of lesson/' "$course/lessons/l00001.md"
    IFS=$'\t' read -r wall cpu rss <<< "$(measure "$bin" build "$course" --lang all --format "$formats" --out "$out" "${jobs[@]}")"
    row edit "$n" "$wall" "$cpu" "$rss" "$(bytes_of "$out")"
  fi
  # The same trees, zipped by Info-ZIP.
  mkdir -p "$work/z/trees" "$work/z/zips"
  for z in "$out"/*.zip; do
    unzip -q "$z" -d "$work/z/trees/$(basename "$z" .zip)"
  done
  export -f zip_trees
  IFS=$'\t' read -r wall cpu rss <<< "$(measure bash -c 'zip_trees "$1"' _ "$work/z")"
  row "zip -6" "$n" "$wall" "$cpu" "$rss" "$(bytes_of "$work/z/zips")"
  ratios+=("$(awk -v n="$n" -v b="$build_cpu" -v base="$baseline_cpu" -v z="$cpu" 'BEGIN {
    printf "%7d lessons: build CPU = %.2f× zip -6", n, b / z
    if (base != "") printf " (baseline %.2f×)", base / z
  }')")
  IFS=$'\t' read -r wall cpu rss <<< "$(measure "$floor" "$course" "$work/z/trees" "$work/floor-bytes")"
  row floor "$n" "$wall" "$cpu" "$rss" "$(cat "$work/floor-bytes")"
  rm -rf "$course" "$out" "$work/z"
done
echo
printf '%s\n' "${ratios[@]}"
