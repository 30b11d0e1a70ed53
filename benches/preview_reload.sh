#!/usr/bin/env bash
# Benchmark: how `coursepack preview` grows with the course (xAPI: no suspend_data budget). For generated courses of N lessons
# (each with three paragraphs, a three-tab block, a five-slide carousel and a question) it starts
# the preview (release build), edits one lesson and reports, from the preview's own log:
#   first build, rebuild after the edit (ms), the preview's peak RSS, and for comparison the
#   time of `coursepack build` (a zip on disk) of the same course.
# Usage: benches/preview_reload.sh [N...]   (default: 10 100 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/coursepack
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)

lesson() { # lesson N
  cat <<MD
# Lesson $1 {#l$1}

First paragraph of lesson $1, with **some emphasis** and a [link](https://example.com/$1).

Second paragraph: learners read it, the LMS records that they saw the lesson.

::: tabs {#t$1 label="Three tabs"}
## One
Text of the first tab.
## Two
Text of the second tab.
## Three
Text of the third tab.
:::

::: carousel {#c$1 label="Five slides"}
## A
Slide A.
## B
Slide B.
## C
Slide C.
## D
Slide D.
## E
Slide E.
:::

::: question {#q$1}
Which letter comes first?
- [x] A
- [ ] B
:::

Third paragraph closes the lesson.
MD
}

printf '%-8s %-14s %-16s %-14s %s\n' lessons first_build_ms rebuild_edit_ms peak_RSS_MiB build_zip_s
for n in "${sizes[@]}"; do
  c=$work/c$n
  mkdir -p "$c/lessons"
  {
    printf 'id = "https://bench.example/p%s"\ntitle = "Bench"\nlanguage = "en"\nlessons = [\n' "$n"
    for i in $(seq 1 "$n"); do printf '  "lessons/%05d.md",\n' "$i"; done
    printf ']\n'
  } > "$c/course.toml"
  for i in $(seq 1 "$n"); do lesson "$i" > "$c/lessons/$(printf %05d "$i").md"; done
  log=$work/log$n
  "$bin" preview "$c" --format xapi --port 0 --color never 2> "$log" &
  pid=$!
  until grep -q '^preview: ' "$log"; do sleep 0.05; done
  first=$(sed -n "s/^built .* in \([0-9]*\) ms$/\1/p" "$log" | head -1)
  [ -n "$first" ] || { echo "the generated course did not build:" >&2; cat "$log" >&2; exit 1; }
  printf '\nEdited by the benchmark.\n' >> "$c/lessons/00001.md"
  for _ in $(seq 1 600); do [ "$(grep -c '^built ' "$log")" -ge 2 ] && break; sleep 0.05; done
  [ "$(grep -c '^built ' "$log")" -ge 2 ] || { echo "no rebuild after the edit:" >&2; cat "$log" >&2; exit 1; }
  rebuild=$(sed -n "s/^built .* in \([0-9]*\) ms$/\1/p" "$log" | tail -1)
  rss=$(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  start=$(date +%s.%N)
  "$bin" build "$c" --format xapi --out "$work/out$n" -q > /dev/null
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  printf '%-8s %-14s %-16s %-14s %.2f\n' "$n" "$first" "$rebuild" "$rss" "$secs"
done
