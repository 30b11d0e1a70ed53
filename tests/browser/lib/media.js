'use strict';
// What the media suite (test-media/) shares: the packages of tests/fixtures/valid/media (built by
// scripts/test.sh after scripts/make-test-media.sh made its video and audio with ffmpeg), and
// the ways a test plays a player: through the element's own API (play, pause, seek, playback
// rate, to keep the suite fast) or the keyboard. Also an independent reading of the xAPI Video
// Profile's played-segments, to check the progress the runtime reports.
const fs = require('node:fs');
const path = require('node:path');

/** The folder holding the unpacked packages `scorm12/`, `xapi/` and `cmi5/`, or an Error saying why not. */
function mediaDir(kind) {
  const dir = process.env.COURSEPACK_MEDIA_DIR;
  if (!dir) throw new Error('COURSEPACK_MEDIA_DIR is not set: point it at a folder with the unpacked scorm12/ and xapi/ packages of tests/fixtures/valid/media (scripts/test.sh builds them)');
  const abs = path.resolve(dir, kind);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new Error(`${abs} is not a folder`);
  return abs;
}

const player = (id) => `[data-cp-media="${id}"]`;

/** Resolves once the player knows its length. */
async function ready(frame, id) {
  await frame.waitForFunction((sel) => { const el = document.querySelector(sel); return el && el.readyState >= 1 && el.duration > 0; }, player(id), { timeout: 10000 });
  return frame.evaluate((sel) => document.querySelector(sel).duration, player(id));
}

/** Seeks to `t` seconds and waits for the seek to finish. */
async function seek(frame, id, t) {
  await frame.evaluate(([sel, to]) => new Promise((resolve) => {
    const el = document.querySelector(sel);
    el.addEventListener('seeked', () => setTimeout(resolve, 0), { once: true });
    el.currentTime = to;
  }), [player(id), t]);
}

/** Plays at `rate` until the position reaches `t` (or the end), then pauses; returns the position. */
async function playUntil(frame, id, t, rate = 2) {
  await frame.evaluate(([sel, r]) => { const el = document.querySelector(sel); el.playbackRate = r; return el.play(); }, [player(id), rate]);
  await frame.waitForFunction(([sel, to]) => { const el = document.querySelector(sel); return el.ended || el.currentTime >= to; }, [player(id), t], { timeout: 15000, polling: 20 });
  return frame.evaluate((sel) => new Promise((resolve) => {
    const el = document.querySelector(sel);
    if (el.paused) { setTimeout(() => resolve(el.currentTime), 50); return; }
    el.addEventListener('pause', () => setTimeout(() => resolve(el.currentTime), 0), { once: true });
    el.pause();
  }), player(id));
}

/** Plays at `rate` to the end. */
async function playToEnd(frame, id, rate = 4) {
  await frame.evaluate(([sel, r]) => { const el = document.querySelector(sel); el.playbackRate = r; return el.play(); }, [player(id), rate]);
  await frame.waitForFunction((sel) => document.querySelector(sel).ended, player(id), { timeout: 15000 });
  await frame.waitForTimeout(100);
}

/** `0.000[.]1.500[,]2.000[.]4.000` → [[0, 1.5], [2, 4]]. */
function parseSegments(text) {
  if (!text) return [];
  return text.split('[,]').map((s) => s.split('[.]').map(Number));
}

/** The share of `length` the segments cover together, with three decimals. */
function coverage(segments, length) {
  const sorted = segments.map(([a, b]) => [Math.max(0, a), Math.min(length, b)]).sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let end = 0;
  for (const [a, b] of sorted) {
    const from = Math.max(a, end);
    if (b > from) covered += b - from;
    end = Math.max(end, b);
  }
  return Math.round((covered / length) * 1000) / 1000;
}

module.exports = { mediaDir, player, ready, seek, playUntil, playToEnd, parseSegments, coverage };
