#!/usr/bin/env bash
# Copies a fixture course whose media are made at test time (it lists them in
# generated-media.txt: path, kind, seconds) to OUT, and makes each file there with ffmpeg: a
# video is a test pattern with a tone (H.264 + AAC in .mp4, VP9 + Opus in .webm), an audio file a
# tone (.mp3, Vorbis in .ogg, AAC in .m4a). Small and short, so the browser suite plays them in a
# few seconds. Binary media are never committed.
# Usage: scripts/make-test-media.sh tests/fixtures/valid/media OUT
set -euo pipefail
src=$1
out=$2
command -v ffmpeg >/dev/null || { echo "error: ffmpeg is required (Debian: ffmpeg)" >&2; exit 1; }
list=$src/generated-media.txt
[ -f "$list" ] || { echo "error: $list is missing" >&2; exit 1; }
mkdir -p "$out"
cp -r "$src"/. "$out"/
ff() { ffmpeg -nostdin -v error -y "$@"; }
while read -r path kind secs; do
  case "$path" in '' | '#'*) continue ;; esac
  file=$out/$path
  mkdir -p "$(dirname "$file")"
  pattern="testsrc=size=160x90:rate=15:duration=$secs"
  tone="sine=frequency=440:duration=$secs"
  case "$kind:${path##*.}" in
    video:mp4) ff -f lavfi -i "$pattern" -f lavfi -i "$tone" -c:v libx264 -pix_fmt yuv420p -c:a aac -b:a 32k -shortest "$file" ;;
    video:webm) ff -f lavfi -i "$pattern" -f lavfi -i "$tone" -c:v libvpx-vp9 -b:v 100k -c:a libopus -b:a 32k -shortest "$file" ;;
    audio:mp3) ff -f lavfi -i "$tone" -c:a libmp3lame -b:a 32k "$file" ;;
    audio:ogg) ff -f lavfi -i "$tone" -c:a libvorbis "$file" ;;
    audio:m4a) ff -f lavfi -i "$tone" -c:a aac -b:a 32k "$file" ;;
    *) echo "error: $list: cannot make $path ($kind)" >&2; exit 1 ;;
  esac
done <"$list"
