'use strict';
// A cmi5 package (COURSEPACK_CMI5_DIR) launched in Chromium by the cmi5 LMS emulator
// (lib/cmi5-lms.js) in front of Ralph: every AU run in Normal mode to the LMS's "satisfied"; a
// partial session resumed in the next; the LMS's mastery score winning over the package's; Browse
// and Review modes. Every statement is accepted by Ralph and by xapi-validation and checked
// against the cmi5 rules (lib/cmi5.js). Without the package, Chromium or Ralph every test fails.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { SESSION } = require('../lib/cmi5-lms');
const { startCmi5Setting } = require('../lib/cmi5-setting');
const drive = require('../lib/drive');
const pkg = require('../lib/package');
const xapi = require('../lib/xapi');
const cmi5 = require('../lib/cmi5');

const ACTOR = { objectType: 'Agent', name: 'Mary Jackson', account: { homePage: 'https://lms.example.org', name: 'mary-7' } };
const key = (s) => `${cmi5.verbOf(s)} ${s.object.id}`;

describe('cmi5 under an LMS emulator, in front of Ralph', () => {
  const env = {};
  before(() => startCmi5Setting(cmi5.cmi5Dir(), env));
  after(() => env.close && env.close());

  /**
   * One session of `au`: the LMS launches it, `act(frame, page, session)` plays the learner, the
   * page ends (the act leaves it, or it is closed); the session's statements are then checked
   * against the cmi5 rules, xapi-validation and Ralph. Returns { session, result }.
   */
  async function run(au, opts, act, prior = []) {
    const { lms } = env;
    const session = await lms.launch(env.server.origin, au, { actor: ACTOR, ...opts });
    const { context, page, rec } = await xapi.openXapiPage(env.browser);
    let result;
    try {
      const query = new URL(session.launchUrl).search.slice(1);
      const frame = await xapi.launch(page, env.server.origin, au.url, query);
      result = await act(frame, page, session);
      if (!/\/return$/.test(page.url())) await page.goto('about:blank');
      await xapi.until(() => session.statements.some((s) => cmi5.verbOf(s) === 'terminated'), 'terminated');
      await xapi.until(() => lms.log.filter((e) => e.session === session.id && !e.status).length === 0, 'every request answered');
      assert.deepEqual(rec.pageErrors, []);
      assert.ok(rec.requests.every((u) => u.startsWith(env.server.origin + '/') || u.startsWith(lms.origin + '/') || u === 'about:blank'),
        'no request leaves the package and the LMS');
    } finally { await context.close(); }

    // The fetch URL: one POST by the AU; a second one gets the error document.
    assert.equal(session.fetches, 1, 'the AU POSTs the fetch URL once');
    const again = await (await fetch(session.fetchUrl, { method: 'POST' })).json();
    assert.equal(again['error-code'], '1', 'a second POST to the fetch URL is refused');
    assert.equal(session.launchDataWrites, 0, 'the AU never writes LMS.LaunchData');
    // Every request of the session carried the token and the version header, and Ralph took every statement.
    const calls = lms.log.filter((e) => e.session === session.id && !e.onPurpose);
    for (const e of calls) assert.ok(e.status >= 200 && e.status < 300 || (e.status === 404 && e.method === 'GET'), `${e.method} ${e.path} -> ${e.status}`);
    for (const st of session.statements) assert.deepEqual(xapi.problems(st), [], `xapi-validation accepts ${key(st)}`);
    const stored = await xapi.until(async () => {
      const got = await env.ralph.byRegistration(session.registration);
      const ids = new Set(got.map((s) => s.id));
      return session.statements.every((s) => ids.has(s.id)) && got;
    }, 'Ralph to hold every statement of the session');
    assert.ok(stored.some((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/launched' && s.context.extensions[SESSION] === session.id), 'the LMS recorded launched');
    const defined = cmi5.checkSession(session.statements, session, prior);
    return { session, result, defined };
  }

  /** The allowed statements, as the xAPI suite checks them (the session id aside). */
  function checkAllowed(session, plan, state) {
    for (const st of session.statements.filter((s) => !cmi5.isDefined(s))) {
      const copy = JSON.parse(JSON.stringify(st));
      delete copy.context.extensions[SESSION];
      if (!Object.keys(copy.context.extensions).length) delete copy.context.extensions;
      xapi.checkStatement(copy, { plan, courseId: session.activityId, actor: ACTOR, registration: session.registration, state });
    }
  }

  const exitToLms = async (frame, page) => {
    await frame.locator('[data-cp-exit]').click();
    await page.waitForURL(`${env.lms.origin}/return`, { timeout: 15000 });
  };

  let completedRegistration = null;

  it('Normal: every AU run in full sends what the learner did; the LMS finds moveOn met and records satisfied', async () => {
    const { structure } = env;
    const registration = xapi.registration();
    let last;
    for (const au of structure.aus) {
      const plan = cmi5.readPlan(env.dir, au.url);
      const { session, result: done } = await run(au, { registration, languagePreference: 'fr-CA,en-US' }, async (frame, page) => {
        const state = await drive.fullRun(frame, plan);
        await exitToLms(frame, page);
        return state;
      });
      const expected = xapi.expectedKeys(plan, session.activityId, 1, done);
      assert.deepEqual(session.statements.map(key).sort(), expected, `${au.url}: the statements match what the learner did`);
      checkAllowed(session, plan, done);
      assert.ok(env.lms.auSatisfied(au, session.statements.filter(cmi5.isDefined)), `${au.url}: moveOn ${au.moveOn} met`);
      // The learner's languages (cmi5LearnerPreferences) go with the requests after the profile is read.
      const posts = env.lms.log.filter((e) => e.session === session.id && e.method === 'POST');
      assert.ok(posts.length > 0 && posts.every((e) => e.headers['accept-language'] === 'fr-CA,en-US'), 'Accept-Language from languagePreference');
      last = session;
    }
    assert.equal(await env.lms.satisfy(last, structure.aus, structure.courseId), true, 'the course is satisfied');
    const stored = await env.ralph.byRegistration(registration);
    assert.equal(stored.filter((s) => /\/satisfied$/.test(s.verb.id)).length, 1, 'Ralph holds one satisfied');
    completedRegistration = registration;
  });

  it('a partial session is resumed in the next: the AU state read back, nothing sent twice, completed once', async () => {
    const au = env.structure.aus.find((a) => a.masteryScore != null) || env.structure.aus[0];
    const plan = cmi5.readPlan(env.dir, au.url);
    const registration = xapi.registration();
    const scored = plan.questions.filter((q) => q.scored !== false).map((q) => q.id);
    const first = await run(au, { registration }, async (frame) => drive.fullRun(frame, plan, { skip: new Set(scored) }));
    const verbs1 = first.defined.map(cmi5.verbOf);
    if (scored.length) assert.deepEqual(verbs1, ['initialized', 'terminated'], 'the quiz is not done: nothing but initialized and terminated');
    const saved = env.lms.state.get(JSON.stringify([first.session.activityId, JSON.stringify(ACTOR), registration, `coursepack/${plan.lessons[0]}`]));
    assert.ok(saved, 'the AU state saved under its activity id and the registration');
    assert.equal(JSON.parse(saved).location, plan.lessons[plan.lessons.length - 1], 'the bookmark');

    const second = await run(au, { registration }, async (frame, page) => {
      const prompt = frame.locator('[data-cp-resume]');
      if (plan.lessons.length > 1) {
        await prompt.waitFor({ state: 'visible' });
        await frame.locator('[data-cp-resume-yes]').click();
        assert.equal(await drive.currentLesson(frame), plan.lessons[plan.lessons.length - 1], 'resumed at the bookmark');
      }
      // The questions answered in the first session are answered already.
      const state = await drive.fullRun(frame, plan, { skip: new Set(first.result.answers.keys()) });
      await exitToLms(frame, page);
      return state;
    }, first.defined);
    const items = new Set(Object.values(plan.xapi.items || {}).map((i) => i.id));
    assert.deepEqual(second.session.statements.filter((s) => items.has(s.object.id)).map(key), [], 'items seen in the first session are not sent again');
    const all = [...first.defined, ...second.defined].map(cmi5.verbOf);
    assert.equal(all.filter((v) => v === 'completed').length, 1, 'completed once in the registration');
    assert.ok(env.lms.auSatisfied(au, [...first.defined, ...second.defined]), `moveOn ${au.moveOn} met after the resumed session`);
  });

  it("the LMS's masteryScore wins over the package's: passed against it, with the masteryscore extension", async () => {
    const au = env.structure.aus.find((a) => a.masteryScore != null);
    assert.ok(au, 'an AU with a mastery score (the example course requires its quiz)');
    const plan = cmi5.readPlan(env.dir, au.url);
    const scored = plan.questions.filter((q) => q.scored !== false);
    // Enough wrong answers to fall under the package's mastery score, not under the LMS's.
    const n = scored.length;
    let wrong = 1;
    while ((n - wrong) / n >= au.masteryScore) wrong++;
    const score = (n - wrong) / n;
    assert.ok(score > 0, 'the course has enough questions for this test');
    const lmsMastery = Math.floor(score * 100) / 100;
    const answers = new Map(scored.slice(0, wrong).map((q) => [q.id, pkg.wrongAnswer(q)]));
    const { defined } = await run(au, { registration: xapi.registration(), masteryScore: lmsMastery }, async (frame, page) => {
      const state = await drive.fullRun(frame, plan, { answers });
      await exitToLms(frame, page);
      return state;
    });
    const passed = defined.find((s) => cmi5.verbOf(s) === 'passed');
    assert.ok(passed, `passed: ${Math.round(score * 100)} % meets the LMS's ${lmsMastery}, not the package's ${au.masteryScore}`);
    assert.ok(Math.abs(passed.result.score.scaled - score) < 0.0001, 'scaled score');
  });

  it('the LMS down for the first half of a session: statements kept and resent, each stored once, in order', async () => {
    const au = env.structure.aus[0];
    const plan = cmi5.readPlan(env.dir, au.url);
    // Down from the launch on: the AU's first statement (`initialized`) is refused already. (Set
    // once the page was up, the AU could have sent everything it sends unprompted before the
    // LMS went down: a one-lesson AU then sent nothing more to refuse.)
    env.lms.failStatements = 503;
    let outcome;
    try {
      outcome = await run(au, { registration: xapi.registration() }, async (frame, page) => {
        try {
          await xapi.until(() => env.lms.log.some((e) => e.path === '/xapi/statements' && e.status === 503), 'a refused POST');
          const half = Math.ceil(plan.lessons.length / 2);
          for (let i = 1; i < half; i++) await drive.next(frame, plan);
          // The LMS logs its 503 before the page has read it: the notice follows.
          const notice = async () => (await frame.locator('[data-cp-notice]').textContent()).trim();
          await xapi.until(async () => (await notice()) === plan.strings.trackingQueued, 'the learner to be told');
        } finally { env.lms.failStatements = null; }
        const state = await drive.fullRun(frame, plan);
        await exitToLms(frame, page);
        return state;
      });
    } finally { env.lms.failStatements = null; }
    const { session, result: done } = outcome;
    const ids = session.statements.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, 'each statement reached the LMS once');
    assert.deepEqual(session.statements.map(key).sort(), xapi.expectedKeys(plan, session.activityId, 1, done));
  });

  it('a fetch URL already used: the error document is read, the learner told, nothing sent, the content works', async () => {
    const { lms } = env;
    const au = env.structure.aus[0];
    const plan = cmi5.readPlan(env.dir, au.url);
    const session = await lms.launch(env.server.origin, au, { actor: ACTOR, registration: xapi.registration() });
    // Someone else took the token first: the AU gets error code 1.
    assert.ok((await (await fetch(session.fetchUrl, { method: 'POST' })).json())['auth-token']);
    const { context, page, rec } = await xapi.openXapiPage(env.browser);
    try {
      const frame = await xapi.launch(page, env.server.origin, au.url, new URL(session.launchUrl).search.slice(1));
      await xapi.until(() => rec.consoleWarnings.some((w) => /cmi5 launch failed .*error 1/.test(w)), 'the reason logged for the LMS admin');
      assert.equal((await frame.locator('[data-cp-notice]').textContent()).trim(), plan.strings.trackingNoLaunch);
      await drive.fullRun(frame, plan);
      await page.goto('about:blank');
      assert.equal(session.fetches, 2, 'the AU asked once, and did not ask again');
      assert.deepEqual(lms.log.filter((e) => e.path.startsWith('/xapi/')).filter((e) => e.query.registration === session.registration || e.session === session.id), [], 'nothing sent');
      assert.deepEqual(session.statements, []);
      assert.deepEqual(rec.pageErrors, []);
    } finally { await context.close(); }
  });

  for (const mode of ['Browse', 'Review']) {
    it(`${mode} mode: initialized and terminated only, no state written, the mode's notice`, async () => {
      const au = env.structure.aus[0];
      const plan = cmi5.readPlan(env.dir, au.url);
      const registration = mode === 'Review' && completedRegistration ? completedRegistration : xapi.registration();
      const { session } = await run(au, { registration, mode }, async (frame, page) => {
        const notice = frame.locator('[data-cp-notice]');
        assert.equal((await notice.textContent()).trim(), plan.strings[mode === 'Browse' ? 'browseMode' : 'reviewMode']);
        if (mode === 'Browse') await drive.fullRun(frame, plan);
        else if (plan.lessons.length > 1) await drive.next(frame, plan);
        await exitToLms(frame, page);
      });
      assert.deepEqual(session.statements.map(cmi5.verbOf), ['initialized', 'terminated'], 'nothing else is sent');
      const writes = env.lms.log.filter((e) => e.session === session.id && /activities\/state$/.test(e.path) && e.method !== 'GET');
      assert.deepEqual(writes.map((e) => e.method), [], 'the AU state is left as it was');
    });
  }
});
