#!/usr/bin/env bash
# Benchmark: peak memory and time of `coursepack build` as media volume grows.
# The zip writer streams media, so peak RSS should stay flat while the media grows.
# Usage: benches/package_memory.sh [MiB per step...]   (default: 0 64 256 1024)
# EXT=png (default) measures media stored as they are; EXT=bin measures media that are deflated.
# Needs GNU time (Debian package `time`). Prints one line per size.
set -euo pipefail
ext=${EXT:-png}
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/coursepack
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(0 64 256 1024)
printf '%-10s %-12s %-10s %s\n' media_MiB peak_RSS_KiB seconds zip_MiB
for mib in "${sizes[@]}"; do
  c=$work/c$mib
  mkdir -p "$c/media"
  printf 'id = "https://bench.example/m%s"\ntitle = "Bench"\nlanguage = "en"\nlessons = ["a.md"]\n' "$mib" > "$c/course.toml"
  printf '# Media\n\n' > "$c/a.md"
  # 16 MiB files of random bytes (incompressible, the worst case for the writer).
  n=$(( mib / 16 ))
  for i in $(seq 1 $n); do
    head -c $((16 * 1024 * 1024)) /dev/urandom > "$c/media/f$i.$ext"
    printf '![file %s](media/f%s.%s)\n\n' "$i" "$i" "$ext" >> "$c/a.md"
  done
  out=$work/out$mib
  /usr/bin/time -f '%M %e' -o "$work/time" "$bin" build "$c" --out "$out" > /dev/null
  read -r rss secs < "$work/time"
  zip_bytes=$(stat -c %s "$out"/*.zip)
  printf '%-10s %-12s %-10s %s\n' "$mib" "$rss" "$secs" $(( zip_bytes / 1024 / 1024 ))
  rm -rf "$c" "$out"
done
