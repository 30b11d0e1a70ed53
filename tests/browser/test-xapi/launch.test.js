'use strict';
// The runtime against an in-test LRS (lib/lrs.js): a full run with the legacy actor form, every
// launch parameter and every statement checked by xapi-validation; launches without parameters.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup } = require('../lib/xapi-suite');
const { startLrs } = require('../lib/lrs');
const drive = require('../lib/drive');
const pkg = require('../lib/package');
const xapi = require('../lib/xapi');

const env = setup();
const AUTH = 'Basic ' + Buffer.from('learner-app:s3cret+/=').toString('base64');

describe('xAPI launch and statements (in-test LRS)', () => {
  let lrs;
  before(async () => { lrs = await startLrs({ auth: AUTH }); });
  after(async () => { if (lrs) await lrs.close(); });

  it('a full run sends valid statements for everything the learner did, with the launch parameters', async () => {
    const { plan, page: launchPage, origin } = env;
    const legacyActor = { name: ['Ada Lovelace'], mbox: ['mailto:ada@example.org'], objectType: ['Agent'] };
    const launch = {
      endpoint: lrs.endpoint, auth: AUTH, actor: legacyActor, registration: xapi.registration(), activityId: env.course.id,
      grouping: 'https://lms.example.org/programmes/ai-101', acceptLanguage: 'fr-CA, fr;q=0.9',
    };
    const { context, page, rec } = await xapi.openXapiPage(env.browser);
    try {
      const frame = await xapi.launch(page, origin, launchPage, xapi.launchQuery(launch));
      assert.equal(await frame.locator('[data-cp-notice]').isVisible(), false, 'no notice when the LRS answers');
      const done = await drive.fullRun(frame, plan);
      await page.goto('about:blank');
      const ctx = { plan, courseId: env.course.id, actor: xapi.normalActor(legacyActor), registration: launch.registration, grouping: launch.grouping, state: done };
      const expected = xapi.expectedKeys(plan, env.course.id, 1, done);
      await xapi.until(() => lrs.statements.length >= expected.length && lrs.statements.some((s) => /terminated$/.test(s.verb.id)), 'terminated');
      const stored = lrs.statements.map(({ stored: _, ...s }) => s);
      xapi.checkStatements(stored, ctx, expected);
      // Every statement ever sent, retries included, passes Learning Locker's validation.
      for (const st of lrs.sent()) assert.deepEqual(xapi.problems(st), [], `valid: ${st.verb.id} ${st.object.id}`);
      // The HTTP side: version header, credentials, Accept-Language, JSON bodies.
      const calls = lrs.log.filter((e) => e.method !== 'OPTIONS');
      assert.ok(calls.length > 0);
      for (const e of calls) {
        assert.equal(e.headers['x-experience-api-version'], '1.0.3', `${e.method} ${e.path}: version header`);
        assert.equal(e.headers.authorization, AUTH, `${e.method} ${e.path}: auth from the launch`);
        assert.equal(e.headers['accept-language'], launch.acceptLanguage, `${e.method} ${e.path}: Accept-Language from the launch`);
        if (e.body) assert.match(e.headers['content-type'], /^application\/json/);
        const firstRead = e.method === 'GET' && e.path.endsWith('/activities/state') && e.status === 404;
        assert.ok(firstRead || (e.status >= 200 && e.status < 300), `${e.method} ${e.path} -> ${e.status}`);
      }
      // The state: the suspend_data encoding, the bookmark, the status, per actor/activity/registration.
      const doc = lrs.stateDoc(env.course.id, xapi.normalActor(legacyActor), launch.registration, `coursepack/${plan.lessons[0]}`);
      assert.ok(doc, 'state document saved through the State API');
      pkg.checkState(plan, doc.data, done, 'same encoding as cmi.suspend_data');
      assert.equal(doc.location, plan.lessons[plan.lessons.length - 1], 'bookmark');
      assert.equal(doc.status, pkg.expectedOutcome(plan, done).status);
      assert.ok(rec.requests.every((u) => u.startsWith(origin + '/') || u.startsWith(lrs.origin + '/') || u === 'about:blank'), 'no other request');
      assert.deepEqual(rec.pageErrors, []);
    } finally { await context.close(); }
  });

  for (const [what, query] of [
    ['no launch parameters', ''],
    ['an actor that is not JSON', () => xapi.launchQuery({ endpoint: lrs.endpoint, auth: AUTH, actor: 'x' }).replace(/actor=[^&]*/, 'actor=%7Bnope')],
    ['no endpoint', () => xapi.launchQuery({ auth: AUTH, actor: { mbox: 'mailto:ada@example.org' } })],
  ]) {
    it(`${what}: a notice in the course language, content works, nothing is sent`, async () => {
      const { plan, page: launchPage, origin } = env;
      const before = lrs.log.length;
      const { context, page, rec } = await xapi.openXapiPage(env.browser);
      try {
        const frame = await xapi.launch(page, origin, launchPage, typeof query === 'function' ? query() : query);
        const notice = frame.locator('[data-cp-notice]');
        assert.equal(await notice.isVisible(), true, 'notice shown');
        assert.equal((await notice.textContent()).trim(), plan.strings.trackingNoLaunch);
        await drive.fullRun(frame, plan);
        await page.goto('about:blank');
        assert.equal(lrs.log.length, before, 'no request to the LRS');
        assert.ok(rec.requests.every((u) => u.startsWith(origin + '/') || u === 'about:blank'), 'no request leaves the package');
        assert.deepEqual(rec.pageErrors, []);
        assert.ok(rec.consoleWarnings.some((w) => /coursepack: xAPI launch/.test(w)), 'the reason is logged for the LMS admin');
      } finally { await context.close(); }
    });
  }
});
