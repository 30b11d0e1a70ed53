'use strict';
// Video and audio blocks in Chromium, xAPI package of tests/fixtures/valid/media against the
// in-test LRS (lib/lrs.js): the statements of the ADL xAPI Video Profile (initialized, played,
// paused, seeked, completed, terminated) with their extensions, checked one by one against what
// the test made the player do, the played segments and progress recomputed here, and every
// statement accepted by xapi-validation; a relaunch sends `completed` no more.
// Without COURSEPACK_MEDIA_DIR or Chromium every test fails: nothing is skipped.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const { launch } = require('../lib/browser');
const { startLrs } = require('../lib/lrs');
const pkg = require('../lib/package');
const xapi = require('../lib/xapi');
const media = require('../lib/media');

const AUTH = 'Basic ' + Buffer.from('media-app:s3cret').toString('base64');
const V = 'https://w3id.org/xapi/video/';
const E = `${V}extensions/`;
const ADL = 'http://adlnet.gov/expapi/';
const ACTOR = { objectType: 'Agent', name: 'Ada Lovelace', mbox: 'mailto:ada@example.org' };

const env = {};
let setup = null;
function ready() {
  if (!setup) {
    setup = (async () => {
      env.dir = media.mediaDir('xapi');
      pkg.checkChromium();
      env.course = xapi.tincan(env.dir);
      env.plan = xapi.readPlan(env.dir, env.course.launch);
      env.server = await startServer(env.dir);
      env.browser = await launch();
      env.lrs = await startLrs({ auth: AUTH });
    })();
  }
  return setup;
}
after(async () => {
  if (env.browser) await env.browser.close();
  if (env.server) await env.server.close();
  if (env.lrs) await env.lrs.close();
});
const test = (name, fn) => it(name, async () => { await ready(); await fn(); });

/** Opens the course as an LMS launches it; returns the page's frame and a way to leave. */
async function session(registration, fn) {
  const { context, page, rec } = await xapi.openXapiPage(env.browser);
  try {
    const query = xapi.launchQuery({ endpoint: env.lrs.endpoint, auth: AUTH, actor: ACTOR, registration, activityId: env.course.id });
    const frame = await xapi.launch(page, env.server.origin, env.course.launch, query);
    await fn({ page, frame });
    await page.goto('about:blank');
    assert.deepEqual(rec.pageErrors, []);
  } finally { await context.close(); }
}

const verbOf = (st) => st.verb.id.slice(st.verb.id.lastIndexOf('/') + 1);
/** The stored statements about one media, in the order they were made. */
function aboutMedia(registration, mediaId) {
  const id = env.plan.xapi.media[mediaId].id;
  return env.lrs.statements
    .filter((s) => s.context.registration === registration && s.object.id === id)
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}
const near = (got, want, what, tol = 0.35) => assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} ≈ ${want}`);

describe('video and audio blocks (xAPI Video Profile)', () => {
  let registration;
  before(() => { registration = xapi.registration(); });

  test('tincan.xml and the page data describe the media activities', async () => {
    const X = env.plan.xapi;
    assert.deepEqual(X.media.intro, { id: `${env.course.id}/media/intro`, type: `${V}activity-type/video`, name: 'A test pattern and a tone' });
    assert.deepEqual(X.media.talk, { id: `${env.course.id}/media/talk`, type: `${V}activity-type/audio`, name: 'A three-second tone' });
    const xml = require('node:fs').readFileSync(require('node:path').join(env.dir, 'tincan.xml'), 'utf8');
    for (const [id, type] of [[X.media.intro.id, X.media.intro.type], [X.media.talk.id, X.media.talk.type]]) {
      assert.ok(xml.includes(`<activity id="${id}" type="${type}">`), `tincan.xml lists ${id}`);
    }
  });

  test('playing, pausing, seeking and finishing a video send the Video Profile statements with the right extensions', async () => {
    const did = {};
    await session(registration, async ({ page, frame }) => {
      assert.equal(await media.ready(frame, 'intro'), 4);
      // Keyboard: focus the player, Space plays; pause once past 1 s (at normal speed, so that
      // the key's delay moves the stop little: it must stay well under the 90 % asked).
      await frame.evaluate(() => { document.querySelector('[data-cp-media="intro"]').playbackRate = 1; });
      await frame.locator('[data-cp-media="intro"]').focus();
      await page.keyboard.press('Space');
      await frame.waitForFunction(() => document.querySelector('[data-cp-media="intro"]').currentTime >= 1, null, { timeout: 10000, polling: 20 });
      await page.keyboard.press('Space');
      await frame.waitForFunction(() => document.querySelector('[data-cp-media="intro"]').paused);
      await page.waitForTimeout(50);
      did.firstStop = await frame.evaluate(() => document.querySelector('[data-cp-media="intro"]').currentTime);
      // Skip ahead while paused, then play to the end: 3 s of 4 played, under the 90 % asked.
      await media.seek(frame, 'intro', 2);
      await media.playToEnd(frame, 'intro', 4);
      // Back to 0.5, play until the gap is filled: the 90 % is reached while playing.
      await media.seek(frame, 'intro', 0.5);
      did.secondStop = await media.playUntil(frame, 'intro', 2.2, 2);
    });
    const sts = aboutMedia(registration, 'intro');
    const verbs = sts.map(verbOf);
    assert.deepEqual(verbs, ['initialized', 'played', 'paused', 'seeked', 'played', 'paused', 'seeked', 'played', 'completed', 'paused', 'terminated']);
    const X = env.plan.xapi;
    const session0 = sts[0].id;
    for (const st of sts) {
      const verb = verbOf(st);
      const where = `${verb} ${st.id}`;
      assert.deepEqual(xapi.problems(st), [], `xapi-validation accepts ${where}`);
      assert.equal(st.verb.id, ['played', 'paused', 'seeked'].includes(verb) ? `${V}verbs/${verb}` : `${ADL}verbs/${verb}`, `${where}: verb IRI`);
      assert.deepEqual(st.verb.display, { 'en-US': verb });
      assert.deepEqual(st.actor, ACTOR);
      assert.equal(st.object.definition.type, `${V}activity-type/video`);
      assert.deepEqual(st.object.definition.name, { en: X.media.intro.name });
      const ca = st.context.contextActivities;
      assert.deepEqual(ca.category, [{ objectType: 'Activity', id: 'https://w3id.org/xapi/video', definition: { type: `${ADL}activities/profile` } }], `${where}: the profile in category`);
      assert.deepEqual(ca.parent.map((a) => a.id), [X.lessons.watch.id], `${where}: parent is its lesson`);
      assert.deepEqual(ca.grouping.map((a) => a.id), [env.course.id], `${where}: grouping is the course`);
      const cx = st.context.extensions;
      assert.equal(cx[`${E}session-id`], session0, `${where}: session-id is the initialized statement's id`);
      assert.equal(cx[`${E}length`], 4, `${where}: length`);
      assert.equal(cx[`${E}completion-threshold`], 0.9, `${where}: completion-threshold`);
      if (verb !== 'completed') assert.equal(st.result && st.result.completion, undefined, `${where}: no completion`);
      if (verb === 'initialized') {
        assert.equal(st.result, undefined);
        assert.equal(cx[`${E}cc-subtitle-enabled`], true);
        assert.equal(cx[`${E}cc-subtitle-lang`], 'en');
        continue;
      }
      const rx = st.result.extensions;
      if (verb === 'seeked') {
        assert.equal(typeof rx[`${E}time-from`], 'number');
        assert.equal(typeof rx[`${E}time-to`], 'number');
        assert.equal(rx[`${E}time`], undefined);
      } else {
        assert.equal(typeof rx[`${E}time`], 'number', `${where}: time`);
        assert.equal(rx[`${E}time`], Math.round(rx[`${E}time`] * 1000) / 1000, `${where}: three decimals at most`);
      }
      if (verb === 'played') continue;
      // progress is what the played segments cover, recomputed here.
      const segments = rx[`${E}played-segments`];
      assert.match(segments, /^\d+\.\d{3}\[\.\]\d+\.\d{3}(\[,\]\d+\.\d{3}\[\.\]\d+\.\d{3})*$/, `${where}: played-segments format`);
      assert.equal(rx[`${E}progress`], media.coverage(media.parseSegments(segments), 4), `${where}: progress = coverage of the segments`);
    }
    const ext = (i, k) => (sts[i].result.extensions || {})[E + k];
    // 1: played from 0; 2: paused past 1 s with one segment [0, stop].
    assert.equal(ext(1, 'time'), 0);
    near(ext(2, 'time'), did.firstStop, 'first pause');
    assert.equal(media.parseSegments(ext(2, 'played-segments')).length, 1);
    near(ext(2, 'progress'), did.firstStop / 4, 'progress after the first pause', 0.02);
    // 3: seeked from the pause to 2 s.
    near(ext(3, 'time-from'), did.firstStop, 'seek from');
    assert.equal(ext(3, 'time-to'), 2);
    // 4–5: played from 2 s to the end: 3 s of 4 covered, not complete.
    assert.equal(ext(4, 'time'), 2);
    assert.equal(ext(5, 'time'), 4);
    near(ext(5, 'progress'), (did.firstStop + 2) / 4, 'progress at the end', 0.02);
    assert.ok(ext(5, 'progress') < 0.9, 'under the threshold at the end');
    // 6: seeked back from the end to 0.5 s; 7: played; 8: completed as the gap closes.
    assert.equal(ext(6, 'time-from'), 4);
    assert.equal(ext(6, 'time-to'), 0.5);
    assert.equal(ext(7, 'time'), 0.5);
    assert.ok(ext(8, 'progress') >= 0.9, 'completed at the threshold');
    assert.equal(sts[8].result.completion, true);
    assert.match(sts[8].result.duration, /^PT\d+H\d+M\d+(\.\d+)?S$/);
    near(ext(9, 'time'), did.secondStop, 'last pause');
    assert.ok(ext(9, 'progress') >= 0.99, 'the gap is filled');
    // terminated: the same place, after the last paused.
    assert.equal(ext(10, 'time'), ext(9, 'time'));
    assert.equal(ext(10, 'played-segments'), ext(9, 'played-segments'));
    // The audio was not played: no statement about it.
    assert.deepEqual(aboutMedia(registration, 'talk'), []);
    // The state document keeps the video as watched.
    const doc = env.lrs.stateDoc(env.course.id, ACTOR, registration, `coursepack/${env.plan.lessons[0]}`);
    pkg.checkState(env.plan, doc.data, { viewedLessons: new Set(['watch']), viewedItems: new Set(), viewedMedia: new Set(['intro']), answers: new Map() });
    // Every statement of the session, media or not, is valid.
    for (const st of env.lrs.statements.filter((s) => s.context.registration === registration)) {
      assert.deepEqual(xapi.problems(st), [], `valid: ${st.verb.id} ${st.object.id}`);
    }
  });

  test('a relaunch keeps the video watched: a new session, `completed` not sent again; the audio completes', async () => {
    const before = aboutMedia(registration, 'intro').length;
    await session(registration, async ({ frame }) => {
      await media.ready(frame, 'intro');
      await media.playToEnd(frame, 'intro', 4);
      await frame.locator('[data-cp-next]').click();
      await media.ready(frame, 'talk');
      await media.playToEnd(frame, 'talk', 4);
    });
    const again = aboutMedia(registration, 'intro').slice(before);
    assert.deepEqual(again.map(verbOf), ['initialized', 'played', 'paused', 'terminated'], 'no second completed');
    assert.notEqual(again[0].id, aboutMedia(registration, 'intro')[0].id, 'a new session');
    assert.equal(again[3].context.extensions[`${E}session-id`], again[0].id);
    const talk = aboutMedia(registration, 'talk');
    // Reaching the end completes the audio as it plays, just before it stops.
    assert.deepEqual(talk.map(verbOf), ['initialized', 'played', 'completed', 'paused', 'terminated']);
    for (const st of talk) {
      assert.deepEqual(xapi.problems(st), [], `valid: ${st.verb.id}`);
      assert.equal(st.object.definition.type, `${V}activity-type/audio`);
      assert.equal(st.context.extensions[`${E}completion-threshold`], undefined, 'the default threshold (1) is not written');
      assert.equal(st.context.extensions[`${E}length`], 3);
    }
    assert.equal(talk[2].result.extensions[`${E}progress`], 1);
    assert.equal(talk[3].result.extensions[`${E}played-segments`], '0.000[.]3.000');
    assert.equal(talk[0].context.extensions[`${E}cc-subtitle-enabled`], false, 'audio shows no captions');
    // The course is complete (all pages, all items = both media).
    const course = env.lrs.statements.filter((s) => s.context.registration === registration && s.object.id === env.course.id);
    assert.equal(course.filter((s) => verbOf(s) === 'completed').length, 1, 'the course completed once');
  });
});
