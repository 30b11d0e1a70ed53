'use strict';
// The runtime against a real LRS, Ralph (tests/lrs/, file backend), on 127.0.0.1: a full run read
// back by registration; the LRS unreachable or failing for the first half of a run; a relaunch
// resuming from the State API. Ralph has no State API, so runs that need one go through the
// in-test front (lib/lrs.js): statements forwarded to Ralph, state documents kept by the front.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup } = require('../lib/xapi-suite');
const { startLrs } = require('../lib/lrs');
const { startRalph } = require('../lib/ralph');
const drive = require('../lib/drive');
const pkg = require('../lib/package');
const xapi = require('../lib/xapi');

const env = setup({ ralph: true });
const ACTOR = { objectType: 'Agent', name: 'Grace Hopper', account: { homePage: 'https://lms.example.org', name: 'grace-42' } };
const empty = () => ({ viewedLessons: new Set(), viewedItems: new Set(), answers: new Map() });
const terminatedCount = (list) => list.filter((s) => /\/terminated$/.test(s.verb.id)).length;

describe('xAPI against Ralph', () => {
  let ralph;
  before(async () => { ralph = await startRalph([env.origin]); });
  after(() => { if (ralph) ralph.stop(); });

  const ctxFor = (registration, state) => ({ plan: env.plan, courseId: env.course.id, actor: ACTOR, registration, state });
  /** Runs `body` with the in-test front forwarding statements to Ralph, a new registration and a
      page of a new browser context, and closes them after. */
  const withFront = async (body) => {
    const front = await startLrs({ auth: ralph.auth, forward: ralph.endpoint });
    const { context, page, rec } = await xapi.openXapiPage(env.browser);
    try { await body({ front, registration: xapi.registration(), page, rec }); } finally { await context.close(); await front.close(); }
  };

  it('a full run, straight to Ralph (cross-origin): the statements read back by registration match what the learner did', async () => {
    const { plan, origin } = env;
    const registration = xapi.registration();
    const { context, page, rec } = await xapi.openXapiPage(env.browser);
    try {
      const query = xapi.launchQuery({ endpoint: ralph.endpoint, auth: ralph.auth, actor: ACTOR, registration, activityId: env.course.id });
      const frame = await xapi.launch(page, origin, env.page, query);
      const done = await drive.fullRun(frame, plan);
      await page.goto('about:blank');
      const expected = xapi.expectedKeys(plan, env.course.id, 1, done);
      const stored = await xapi.until(async () => {
        const s = await ralph.byRegistration(registration);
        return terminatedCount(s) === 1 && s.length >= expected.length && s;
      }, 'Ralph to hold the terminated statement');
      xapi.checkStatements(stored.map(({ stored: _s, authority: _a, version: _v, ...s }) => s), ctxFor(registration, done), expected);
      assert.deepEqual(rec.pageErrors, []);
    } finally { await context.close(); }
  });

  for (const fail of ['reset', 503]) {
    it(`the LRS ${fail === 'reset' ? 'unreachable' : `answering ${fail}`} for the first half of a run: every statement ends up stored once`, async () => {
      const { plan, origin } = env;
      const front = await startLrs({ auth: ralph.auth, forward: ralph.endpoint });
      const registration = xapi.registration();
      const { context, page, rec } = await xapi.openXapiPage(env.browser);
      try {
        front.fail = fail;
        const query = xapi.launchQuery({ endpoint: front.endpoint, auth: ralph.auth, actor: ACTOR, registration, activityId: env.course.id });
        const frame = await xapi.launch(page, origin, env.page, query);
        const lay = await drive.layout(frame, plan);
        const half = Math.ceil(plan.lessons.length / 2);
        const state = empty();
        const visit = async (i) => {
          const lessonId = plan.lessons[i];
          if (i > 0) await drive.next(frame, plan);
          state.viewedLessons.add(lessonId);
          drive.shownWithLesson(plan, lay, lessonId).forEach((id) => state.viewedItems.add(id));
          for (const g of plan.groups.filter((g) => lay.groups[g.id] === lessonId)) {
            await drive.openGroup(frame, plan, g);
            g.items.forEach((id) => state.viewedItems.add(id));
          }
          const shown = new Set(await drive.activeQuestions(frame));
          state.active = new Set(plan.questions.filter((q) => q.scored !== false && shown.has(q.id)).map((q) => q.id));
          for (const q of plan.questions.filter((q) => lay.questions[q.id] === lessonId && shown.has(q.id))) {
            await drive.answer(frame, plan, q, pkg.rightAnswer(q));
            state.answers.set(q.id, pkg.rightAnswer(q));
          }
        };
        for (let i = 0; i < half; i++) await visit(i);
        const notice = frame.locator('[data-cp-notice]');
        assert.equal(await notice.isVisible(), true, 'the learner is told progress is kept for later');
        assert.equal((await notice.textContent()).trim(), plan.strings.trackingQueued);
        assert.deepEqual(await ralph.byRegistration(registration), [], 'nothing reached Ralph yet');
        const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('coursepack.xapi')).map((k) => [k, localStorage.getItem(k)]));
        assert.equal(kept.length, 1, 'one queue in browser storage');
        assert.ok(JSON.parse(kept[0][1]).q.length > 0, 'statements kept in browser storage');
        assert.ok(!kept[0].join(' ').includes(ralph.auth.slice(6)), 'the credentials are not kept');

        front.fail = null;
        for (let i = half; i < plan.lessons.length; i++) await visit(i);
        await xapi.until(() => frame.locator('[data-cp-notice]').isHidden(), 'the notice to go once the LRS is back');
        await page.goto('about:blank');
        const expected = xapi.expectedKeys(plan, env.course.id, 1, state);
        const stored = await xapi.until(async () => {
          const s = await ralph.byRegistration(registration);
          return terminatedCount(s) === 1 && s.length >= expected.length && s;
        }, 'Ralph to hold every statement');
        xapi.checkStatements(stored.map(({ stored: _s, authority: _a, version: _v, ...s }) => s), ctxFor(registration, state), expected);
        // Retried with the same ids: every id sent was stored, none twice.
        const sentIds = new Set(front.sent().map((s) => s.id));
        assert.deepEqual([...sentIds].sort(), stored.map((s) => s.id).sort(), 'the ids sent are the ids stored');
        assert.ok(front.log.some((e) => e.status === fail), 'the LRS did fail');
        assert.deepEqual(rec.pageErrors, []);
      } finally { await context.close(); await front.close(); }
    });
  }

  it('credentials the LRS refuses (401): nothing more is sent in the session, the learner is told, and the next launch sends what was kept', async () => {
    const { plan, origin } = env;
    await withFront(async ({ front, registration, page, rec }) => {
      const launchWith = (auth) => xapi.launchQuery({ endpoint: front.endpoint, auth, actor: ACTOR, registration, activityId: env.course.id });
      const posts = () => front.log.filter((e) => e.method === 'POST' && /\/statements$/.test(e.path));
      const queue = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('coursepack.xapi'))
        .flatMap((k) => (JSON.parse(localStorage.getItem(k)).q || []).map((st) => st.id)));
      // Expired credentials: the front allows the CORS preflight and answers 401 to the request.
      const expired = 'Basic ' + Buffer.from('expired:token').toString('base64');
      let frame = await xapi.launch(page, origin, env.page, launchWith(expired));
      await xapi.until(() => posts().some((e) => e.status === 401), 'a refused POST');
      const notice = frame.locator('[data-cp-notice]');
      await xapi.until(async () => (await notice.textContent()).trim() === plan.strings.trackingRefused, 'the learner to be told');
      // The learner goes on: statements are made and kept, none is sent, and nothing is retried
      // (the first retries would come after 1 s and 2 s).
      const refused = posts().length;
      for (let i = 1; i < plan.lessons.length; i++) await drive.next(frame, plan);
      await page.waitForTimeout(3500);
      assert.equal(posts().length, refused, 'no POST after the 401');
      assert.equal(refused, 1, 'one POST, refused');
      const kept = await queue();
      assert.ok(kept.length > plan.lessons.length, `the statements kept in browser storage: ${kept.length}`);
      assert.deepEqual(await ralph.byRegistration(registration), [], 'nothing reached Ralph');
      // The next launch, with credentials the LRS takes, sends what was kept, once each.
      frame = await xapi.launch(page, origin, env.page, launchWith(ralph.auth));
      const stored = await xapi.until(async () => {
        const s = await ralph.byRegistration(registration);
        return kept.every((id) => s.some((st) => st.id === id)) && s;
      }, 'Ralph to hold every statement kept');
      assert.equal(new Set(stored.map((st) => st.id)).size, stored.length, 'none stored twice');
      assert.deepEqual(rec.pageErrors, []);
    });
  });

  it('a statement the LRS forbids (403, as a cmi5 LMS answers one against its rules) is dropped, and the others go on', async () => {
    const { plan, origin } = env;
    await withFront(async ({ front, registration, page, rec }) => {
      const forbidden = (st) => /\/experienced$/.test(st.verb.id) && st.object.id.includes('/lessons/');
      front.refuse = (st) => (forbidden(st) ? 403 : null);
      const query = xapi.launchQuery({ endpoint: front.endpoint, auth: ralph.auth, actor: ACTOR, registration, activityId: env.course.id });
      const frame = await xapi.launch(page, origin, env.page, query);
      await drive.fullRun(frame, plan);
      await page.goto('about:blank');
      const stored = await xapi.until(async () => {
        const s = await ralph.byRegistration(registration);
        return terminatedCount(s) === 1 && s;
      }, 'Ralph to hold the terminated statement');
      // `terminated` goes last: everything before it was answered.
      const sent = front.sent();
      const refusedIds = new Set(sent.filter(forbidden).map((st) => st.id));
      assert.ok(refusedIds.size > 0, 'the course sent statements the LRS forbids');
      const storedIds = new Set(stored.map((st) => st.id));
      // Every statement sent but the forbidden ones is stored; each forbidden one was sent at most
      // twice (in its batch, then alone) and then dropped.
      const others = new Set(sent.filter((st) => !forbidden(st)).map((st) => st.id));
      assert.deepEqual([...storedIds].sort(), [...others].sort());
      for (const id of refusedIds) {
        const times = sent.filter((st) => st.id === id).length;
        assert.ok(times <= 2, `${id} sent ${times} times`);
      }
      assert.deepEqual(rec.pageErrors, []);
    });
  });

  it('a relaunch (new browser, same registration) resumes from the State API and records nothing twice', async () => {
    const { plan, origin } = env;
    const front = await startLrs({ auth: ralph.auth, forward: ralph.endpoint });
    const registration = xapi.registration();
    const query = xapi.launchQuery({ endpoint: front.endpoint, auth: ralph.auth, actor: ACTOR, registration, activityId: env.course.id });
    const state = empty();
    let wrongQ = null;
    const bookmark = plan.lessons[Math.min(1, plan.lessons.length - 1)];
    try {
      const first = await xapi.openXapiPage(env.browser);
      try {
        const frame = await xapi.launch(first.page, origin, env.page, query);
        const lay = await drive.layout(frame, plan);
        const shown = (l) => { state.viewedLessons.add(l); drive.shownWithLesson(plan, lay, l).forEach((id) => state.viewedItems.add(id)); };
        shown(plan.lessons[0]);
        for (const g of plan.groups.filter((g) => lay.groups[g.id] === plan.lessons[0])) {
          await drive.openGroup(frame, plan, g);
          g.items.forEach((id) => state.viewedItems.add(id));
        }
        const q0 = plan.questions[0];
        if (q0 && plan.lessons.length > 1) {
          const where = lay.questions[q0.id];
          if (where !== (await drive.currentLesson(frame))) await drive.goTo(frame, where);
          shown(where);
          wrongQ = q0;
          await drive.answer(frame, plan, q0, pkg.wrongAnswer(q0));
          state.answers.set(q0.id, pkg.wrongAnswer(q0));
        }
        if (bookmark !== (await drive.currentLesson(frame))) await drive.goTo(frame, bookmark);
        shown(bookmark);
        await first.page.goto('about:blank');
        await xapi.until(async () => terminatedCount(await ralph.byRegistration(registration)) === 1, 'the first session to end');
        const doc = await xapi.until(() => {
          const d = front.stateDoc(env.course.id, ACTOR, registration, `coursepack/${plan.lessons[0]}`);
          return d && d.location === bookmark && d;
        }, 'the state document');
        pkg.checkState(plan, doc.data, state, 'the state has the suspend_data encoding');
        assert.deepEqual(first.rec.pageErrors, []);
      } finally { await first.context.close(); }

      // A new browser context: no browser storage, so the state can only come from the State API.
      const second = await xapi.openXapiPage(env.browser);
      try {
        const frame = await xapi.launch(second.page, origin, env.page, query);
        const prompt = frame.locator('[data-cp-resume]');
        if (plan.lessons.indexOf(bookmark) > 0) {
          assert.equal(await prompt.isVisible(), true, 'resume prompt shown');
          await frame.locator('[data-cp-resume-yes]').click();
          await drive.expectLesson(frame, bookmark);
        }
        if (wrongQ) await drive.checkAnswered(frame, wrongQ, state.answers.get(wrongQ.id));
        const more = await drive.fullRun(frame, plan, { skip: new Set(state.answers.keys()) });
        await second.page.goto('about:blank');
        const final = {
          viewedLessons: new Set([...state.viewedLessons, ...more.viewedLessons]),
          viewedItems: new Set([...state.viewedItems, ...more.viewedItems]),
          answers: new Map([...state.answers, ...more.answers]),
        };
        const expected = xapi.expectedKeys(plan, env.course.id, 2, final);
        const stored = await xapi.until(async () => {
          const s = await ralph.byRegistration(registration);
          return terminatedCount(s) === 2 && s.length >= expected.length && s;
        }, 'the second session to end');
        xapi.checkStatements(stored.map(({ stored: _s, authority: _a, version: _v, ...s }) => s), ctxFor(registration, final), expected);
        assert.deepEqual(second.rec.pageErrors, []);
      } finally { await second.context.close(); }
    } finally { await front.close(); }
  });
});
