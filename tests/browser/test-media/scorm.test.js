'use strict';
// Video and audio blocks in Chromium, SCORM 1.2 package of tests/fixtures/valid/media in the
// scorm-again harness: the native players and their caption tracks, the keyboard, what is
// recorded when a media is played to its share (one interaction, its objective, its bit in the
// state, completion under all-items), a resumed attempt, hidden players stopping, axe-core.
// Without COURSEPACK_MEDIA_DIR or Chromium every test fails: nothing is skipped.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const { launch, openPage, openInLms, leave, lmsLog, lmsState, written } = require('../lib/browser');
const { runAxe } = require('../lib/axe');
const pkg = require('../lib/package');
const moodle = require('../lib/moodle');
const media = require('../lib/media');

const env = {};
let setup = null;
function ready() {
  if (!setup) {
    setup = (async () => {
      env.dir = media.mediaDir('scorm12');
      pkg.checkChromium();
      env.plan = pkg.readPlan(env.dir, 'index.html');
      env.server = await startServer(env.dir);
      env.origin = env.server.origin;
      env.browser = await launch();
    })();
  }
  return setup;
}
after(async () => {
  if (env.browser) await env.browser.close();
  if (env.server) await env.server.close();
});
const test = (name, fn) => it(name, async () => { await ready(); await fn(); });
const first = { entry: 'ab-initio', lesson_mode: 'normal', credit: 'credit' };

async function withLms(fn, opts = { launch: first }) {
  const { context, page, rec } = await openPage(env.browser, env.origin);
  try {
    const frame = await openInLms(page, env.origin, 'index.html', opts);
    await fn({ page, frame, rec });
    assert.deepEqual(rec.pageErrors, [], 'no uncaught exception');
    assert.deepEqual(rec.offsite, [], 'no request leaves the package');
  } finally { await context.close(); }
}

const mediaInteractions = (log) => written(log).interactions.filter((i) => i.id === 'intro' || i.id === 'talk');

describe('video and audio blocks (SCORM 1.2)', () => {
  test('the page data lists the media; the players are native, with their sources and caption tracks loaded', async () => {
    assert.deepEqual(env.plan.media, [
      { id: 'intro', kind: 'video', completeAt: 0.9 },
      { id: 'talk', kind: 'audio', completeAt: 1 },
    ]);
    await withLms(async ({ frame, rec }) => {
      assert.equal(await media.ready(frame, 'intro'), 4, 'the video is 4 s long');
      const video = await frame.evaluate(() => {
        const v = document.querySelector('[data-cp-media="intro"]');
        const tracks = [...v.querySelectorAll('track')].map((t) => ({ kind: t.kind, srclang: t.srclang, label: t.label, default: t.default, src: t.getAttribute('src') }));
        const text = [...v.textTracks].map((t) => ({ language: t.language, mode: t.mode, cues: t.cues ? t.cues.length : null }));
        return {
          tag: v.tagName, controls: v.controls, preload: v.preload, poster: v.getAttribute('poster'),
          source: v.currentSrc.replace(location.href.replace(/[^/]*$/, ''), ''), name: v.getAttribute('aria-labelledby'), tracks, text,
          firstCue: v.textTracks[0].cues[0].text, error: v.error,
        };
      });
      assert.equal(video.tag, 'VIDEO');
      assert.equal(video.controls, true, 'the browser\'s own controls');
      assert.equal(video.preload, 'metadata');
      assert.equal(video.poster, 'media/media/poster.svg');
      assert.equal(video.source, 'media/media/clip.mp4');
      assert.equal(video.error, null, 'the clip decodes');
      assert.deepEqual(video.tracks, [
        { kind: 'captions', srclang: 'en', label: 'English', default: true, src: 'media/media/clip.en.vtt' },
        { kind: 'captions', srclang: 'fr', label: 'Français', default: false, src: 'media/media/clip.fr.vtt' },
      ]);
      assert.deepEqual(video.text[0], { language: 'en', mode: 'showing', cues: 3 }, 'the English captions are loaded and shown');
      assert.equal(video.firstCue, 'A test pattern appears.');
      assert.equal(video.text[1].mode, 'disabled', 'one track shown at a time');
      // The audio is on the second lesson; it loads its metadata all the same.
      assert.equal(await media.ready(frame, 'talk'), 3, 'the audio is 3 s long');
      const requested = rec.requests.map((r) => r.url).filter((u) => u.includes('/media/'));
      for (const file of ['clip.mp4', 'clip.en.vtt', 'poster.svg', 'talk.mp3']) {
        assert.ok(requested.some((u) => u.endsWith(`/pkg/media/media/${file}`)), `${file} comes from the package`);
      }
    });
  });

  test('keyboard: Tab reaches the video and Space plays and pauses it; the transcript opens with Enter', async () => {
    await withLms(async ({ page, frame }) => {
      await media.ready(frame, 'intro');
      // From the lesson title, Tab goes to the player (nothing focusable lies between them).
      await frame.locator('#lesson-title-watch').focus();
      await page.keyboard.press('Tab');
      assert.equal(await frame.evaluate(() => document.activeElement.getAttribute('data-cp-media')), 'intro', 'the video takes focus');
      await page.keyboard.press('Space');
      await frame.waitForFunction(() => { const v = document.querySelector('[data-cp-media="intro"]'); return !v.paused && v.currentTime > 0.2; }, null, { timeout: 5000 });
      await page.keyboard.press('Space');
      await frame.waitForFunction(() => document.querySelector('[data-cp-media="intro"]').paused, null, { timeout: 5000 });
      const at = await frame.evaluate(() => document.querySelector('[data-cp-media="intro"]').currentTime);
      await page.waitForTimeout(300);
      assert.equal(await frame.evaluate(() => document.querySelector('[data-cp-media="intro"]').currentTime), at, 'paused stays put');
      // Tab moves on through the player's controls, then to the transcript's summary.
      let onSummary = false;
      for (let i = 0; i < 15 && !onSummary; i++) {
        await page.keyboard.press('Tab');
        onSummary = await frame.evaluate(() => document.activeElement.tagName === 'SUMMARY');
      }
      assert.ok(onSummary, 'the transcript is reached with Tab');
      await page.keyboard.press('Enter');
      const details = frame.locator('[data-cp-lesson="watch"] details.cp-transcript');
      assert.equal(await details.evaluate((d) => d.open), true, 'Enter opens the transcript');
      assert.match(await details.textContent(), /440 Hz tone/);
      assert.equal(await details.locator('summary').textContent(), env.plan.strings.transcript);
    });
  });

  test('played to its share, each media is recorded once: an interaction, its objective, its bit; the course completes', async () => {
    await withLms(async ({ page, frame }) => {
      await media.ready(frame, 'intro');
      // Half of the video: not enough (90 % needed), nothing recorded.
      await media.playUntil(frame, 'intro', 2, 4);
      await page.waitForTimeout(200);
      assert.deepEqual(mediaInteractions(await lmsLog(page)), [], 'nothing before 90 %');
      await media.playToEnd(frame, 'intro');
      // The audio (100 % needed): skipping its middle leaves a gap, so reaching the end is not enough.
      await frame.locator('[data-cp-next]').click();
      await media.ready(frame, 'talk');
      await media.playUntil(frame, 'talk', 1, 4);
      await media.seek(frame, 'talk', 2);
      await media.playToEnd(frame, 'talk');
      assert.equal(mediaInteractions(await lmsLog(page)).filter((i) => i.id === 'talk').length, 0, 'a gap in the audio: not complete');
      // Filling the gap completes it, before the end.
      await media.seek(frame, 'talk', 0.8);
      await media.playUntil(frame, 'talk', 2.2, 2);
      await page.waitForTimeout(200);
      const log = await lmsLog(page);
      const w = written(log);
      assert.deepEqual(mediaInteractions(log).map(({ index, time, ...rest }) => rest), [
        { id: 'intro', type: 'performance', 'objectives.0.id': 'intro', student_response: 'watched', result: 'neutral' },
        { id: 'talk', type: 'performance', 'objectives.0.id': 'talk', student_response: 'watched', result: 'neutral' },
      ]);
      for (const i of mediaInteractions(log)) assert.match(i.time, /^\d\d:\d\d:\d\d$/);
      // One objective per media after the groups' (this page has none).
      assert.equal(env.plan.groups.length, 0);
      assert.equal(w.values['cmi.objectives.0.id'], 'intro');
      assert.equal(w.values['cmi.objectives.1.id'], 'talk');
      assert.equal(w.values['cmi.objectives.0.status'], 'completed');
      assert.equal(w.values['cmi.objectives.1.status'], 'completed');
      const state = { viewedLessons: new Set(['watch', 'listen']), viewedItems: new Set(), viewedMedia: new Set(['intro', 'talk']), answers: new Map() };
      pkg.checkState(env.plan, w.values['cmi.suspend_data'], state);
      assert.equal(w.values['cmi.core.lesson_status'], pkg.expectedOutcome(env.plan, state).status);
      assert.equal(w.values['cmi.core.lesson_status'], 'completed', 'all pages and all items (the media) done');
      // Playing again records nothing more.
      await frame.locator('[data-cp-prev]').click();
      await media.playToEnd(frame, 'intro');
      assert.equal(mediaInteractions(await lmsLog(page)).length, 2, 'recorded once');
    });
  });

  test('a resumed attempt keeps the media watched: no second interaction, objectives completed again', async () => {
    let saved;
    await withLms(async ({ page, frame }) => {
      await media.ready(frame, 'intro');
      await media.playToEnd(frame, 'intro');
      await leave(page);
      saved = moodle.nextLaunch((await lmsState(page)).cmi, '');
      const w = written(await lmsLog(page));
      pkg.checkState(env.plan, w.values['cmi.suspend_data'], { viewedLessons: new Set(['watch']), viewedItems: new Set(), viewedMedia: new Set(['intro']), answers: new Map() });
      assert.equal(w.values['cmi.core.lesson_status'], 'incomplete', 'the audio is still to be played');
    });
    assert.equal(saved.launch.entry, 'resume');
    await withLms(async ({ page, frame }) => {
      await media.ready(frame, 'intro');
      await media.playToEnd(frame, 'intro');
      const log = await lmsLog(page);
      assert.deepEqual(mediaInteractions(log), [], 'no interaction again in this session');
      const w = written(log);
      assert.equal(w.values['cmi.objectives.0.status'], 'completed', 'the restored objective is written complete');
      pkg.checkState(env.plan, w.values['cmi.suspend_data'], { viewedLessons: new Set(['watch']), viewedItems: new Set(), viewedMedia: new Set(['intro']), answers: new Map() });
    }, saved);
  });

  test('a player stops when its lesson is hidden, and when the learner exits', async () => {
    await withLms(async ({ frame }) => {
      await media.ready(frame, 'intro');
      const playing = (id) => frame.waitForFunction((sel) => { const el = document.querySelector(sel); return !el.paused && el.currentTime > 0.1; }, media.player(id));
      const stopped = (id) => frame.waitForFunction((sel) => document.querySelector(sel).paused, media.player(id), { timeout: 3000 });
      await frame.evaluate(() => document.querySelector('[data-cp-media="intro"]').play());
      await playing('intro');
      await frame.locator('[data-cp-next]').click();
      await stopped('intro');
      await media.ready(frame, 'talk');
      await frame.evaluate(() => document.querySelector('[data-cp-media="talk"]').play());
      await playing('talk');
      await frame.locator('[data-cp-exit]').click();
      await stopped('talk');
    });
  });

  test('axe-core finds no violation on the media blocks, transcripts open', async () => {
    await withLms(async ({ frame }) => {
      await media.ready(frame, 'intro');
      for (const lesson of env.plan.lessons) {
        await frame.locator(`[data-cp-goto="${lesson}"]`).click();
        await frame.evaluate((l) => { document.querySelector(`[data-cp-lesson="${l}"] details`).open = true; }, lesson);
        await runAxe(frame, `in lesson ${lesson}`);
      }
    });
  });
});
