'use strict';
// The media fixture as a cmi5 package (COURSEPACK_MEDIA_DIR/cmi5), launched by the cmi5 LMS
// emulator in front of Ralph: a video played to its end sends the Video Profile's statements as
// cmi5 "allowed" statements (the session's context template, the profile's category, never the
// cmi5 one), between the AU's initialized and terminated; the session passes the cmi5 rules.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { SESSION } = require('../lib/cmi5-lms');
const { startCmi5Setting } = require('../lib/cmi5-setting');
const media = require('../lib/media');
const xapi = require('../lib/xapi');
const cmi5 = require('../lib/cmi5');

const ACTOR = { objectType: 'Agent', name: 'Hedy Lamarr', account: { homePage: 'https://lms.example.org', name: 'hedy-3' } };

describe('video under a cmi5 launch (LMS emulator, Ralph)', () => {
  const env = {};
  before(() => startCmi5Setting(media.mediaDir('cmi5'), env));
  after(() => env.close && env.close());

  it('a video played to its end: Video Profile statements as cmi5 allowed statements, accepted by Ralph', async () => {
    const au = env.structure.aus[0];
    const plan = cmi5.readPlan(env.dir, au.url);
    const session = await env.lms.launch(env.server.origin, au, { actor: ACTOR, registration: xapi.registration() });
    const { context, page, rec } = await xapi.openXapiPage(env.browser);
    try {
      const frame = await xapi.launch(page, env.server.origin, au.url, new URL(session.launchUrl).search.slice(1));
      await media.ready(frame, 'intro');
      await media.playToEnd(frame, 'intro', 4);
      await page.goto('about:blank');
      await xapi.until(() => session.statements.some((s) => cmi5.verbOf(s) === 'terminated' && cmi5.isDefined(s)), 'terminated');
      assert.deepEqual(rec.pageErrors, []);
    } finally { await context.close(); }
    const video = plan.xapi.media.intro.id;
    const about = session.statements.filter((s) => s.object.id === video);
    assert.deepEqual(about.map(cmi5.verbOf).slice(0, 2), ['initialized', 'played'], 'the Video Profile session starts');
    assert.ok(about.some((s) => cmi5.verbOf(s) === 'completed'), 'played to its end: completed');
    for (const st of about) {
      assert.ok(!cmi5.isDefined(st), `${cmi5.verbOf(st)}: a cmi5 allowed statement`);
      assert.equal(st.context.extensions[SESSION], session.id, 'the cmi5 session id');
      assert.ok(st.context.contextActivities.category.some((c) => c.id === 'https://w3id.org/xapi/video'), 'the Video Profile category');
      assert.ok(st.context.contextActivities.grouping.some((a) => a.id === au.id), 'the publisher id');
    }
    for (const st of session.statements) assert.deepEqual(xapi.problems(st), [], `xapi-validation accepts ${cmi5.verbOf(st)}`);
    cmi5.checkSession(session.statements, session);
    const stored = await xapi.until(async () => {
      const got = new Set((await env.ralph.byRegistration(session.registration)).map((s) => s.id));
      return session.statements.every((s) => got.has(s.id));
    }, 'Ralph to hold every statement');
    assert.ok(stored);
  });
});
