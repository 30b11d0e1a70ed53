'use strict';
// The State API made robust (docs/runtime.md, "Resume through the State API"), against the in-test
// LRS (lib/lrs.js): an LRS without a State API; a saved state whose first read fails (503, the
// connection dropped, the body cut off) and is read on a later try, merged into what the learner
// did meanwhile; a read that never succeeds (the retry schedule, then nothing). The retry delays (1 s, 2 s … 30 s) are passed with Playwright's clock,
// installed paused (no timer fires unless the test runs the clock): nothing waits for them.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { setup } = require('../lib/xapi-suite');
const { startLrs } = require('../lib/lrs');
const drive = require('../lib/drive');
const pkg = require('../lib/package');
const xapi = require('../lib/xapi');

const env = setup();
const AUTH = 'Basic ' + Buffer.from('state-tests:s3cret').toString('base64');
const ACTOR = { objectType: 'Agent', name: 'Katherine Johnson', mbox: 'mailto:katherine@example.org' };
const READS = 8; // GET attempts at most in one session
const DELAYS = [1000, 2000, 4000, 8000, 16000, 30000, 30000]; // between them, in ms
const empty = () => ({ viewedLessons: new Set(), viewedItems: new Set(), answers: new Map() });
const union = (a, b) => ({
  viewedLessons: new Set([...a.viewedLessons, ...b.viewedLessons]),
  viewedItems: new Set([...a.viewedItems, ...b.viewedItems]),
  answers: new Map([...a.answers, ...b.answers]),
});
const verb = (s) => s.verb.id.replace(/^.*\//, '');
const ok = (status) => typeof status === 'number' && status >= 200 && status < 300;
const stateIdOf = (plan) => `coursepack/${plan.lessons[0]}`;
const keys = (statements) => statements.map((s) => `${verb(s)} ${s.object.id}`).sort();
const stripped = (list) => list.map(({ stored: _, ...s }) => s);
/** A logged request in one line, for assertion messages. */
const brief = (e) => `${e.method} ${e.status} ${e.body}`;

/** A page whose clock is installed and paused before the launch: no timer fires unless the test runs it. */
async function openPausedPage(browser) {
  const opened = await xapi.openXapiPage(browser);
  const t0 = Date.now();
  await opened.page.clock.install({ time: t0 });
  await opened.page.clock.pauseAt(t0 + 1000);
  return opened;
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * With the page's clock paused, how much page time passes before the next state GET: once the
 * page has the answer to the last one (`settled()`: state GETs finished or failed in the page),
 * the clock jumps to `delay - STEP` (no GET may come before), then runs STEP ms at a time.
 * `count()` is the number of state GETs the LRS got. Resolves with the page time run.
 */
const STEP = 250;
async function timeToNextGet(page, count, settled, delay) {
  const n = count();
  await xapi.until(() => settled() >= n, `the page to get the answer to GET ${n}`);
  await pause(50); // the runtime takes it in and sets its timer (the page clock stays still meanwhile)
  await page.clock.runFor(delay - STEP);
  await pause(100);
  assert.equal(count(), n, `no GET before ${delay} ms`);
  for (let ran = delay - STEP; ran < delay + 4 * STEP;) {
    await page.clock.runFor(STEP);
    ran += STEP;
    for (let t = 0; t < 100 && count() === n; t++) await pause(5);
    if (count() > n) return ran;
  }
  throw new Error(`no GET within ${delay + 4 * STEP} ms of page time (expected after ${delay} ms)`);
}

describe('xAPI State API: no State API, failed reads, late reads (in-test LRS)', () => {
  let lrs;
  before(async () => { lrs = await startLrs({ auth: AUTH }); });
  after(async () => { if (lrs) await lrs.close(); });

  const queryFor = (registration) => xapi.launchQuery({ endpoint: lrs.endpoint, auth: AUTH, actor: ACTOR, registration, activityId: env.course.id });
  const ofRegistration = (registration) => (e) => e.query.registration === registration;
  /** State requests for this registration, from log entry `from` on (a session's own requests). */
  const stateCalls = (registration, method, from = 0) => lrs.stateCalls(method).filter((e) => lrs.log.indexOf(e) >= from).filter(ofRegistration(registration));
  const statementsOf = (registration) => lrs.statements.filter((s) => s.context && s.context.registration === registration);
  const terminated = (registration) => statementsOf(registration).filter((s) => verb(s) === 'terminated').length;
  const ctxFor = (registration, state) => ({ plan: env.plan, courseId: env.course.id, actor: ACTOR, registration, state });
  /** Once a page is gone: every request it sent as it went away has arrived and been answered. */
  async function quiet() {
    for (let n = -1; n !== lrs.log.length || lrs.log.some((e) => e.status === undefined);) {
      n = lrs.log.length;
      await pause(400);
    }
  }

  /**
   * A first, partial session against the same LRS (State API working): lesson 1 seen, the first
   * question answered (wrongly, so the answer is recognisable), then the page left. Returns what it
   * did and the state document as stored, byte for byte.
   */
  async function firstSession(registration) {
    const { plan, origin } = env;
    const q0 = plan.questions[0];
    assert.ok(q0, 'the package has at least one question (needed to check that a saved answer survives)');
    const did = empty();
    const { context, page, rec } = await xapi.openXapiPage(env.browser);
    try {
      const frame = await xapi.launch(page, origin, env.page, queryFor(registration));
      const lay = await drive.layout(frame, plan);
      const shown = (l) => { did.viewedLessons.add(l); drive.shownWithLesson(plan, lay, l).forEach((id) => did.viewedItems.add(id)); };
      shown(plan.lessons[0]);
      const where = lay.questions[q0.id];
      if (where !== (await drive.currentLesson(frame))) await drive.goTo(frame, where);
      shown(where);
      const wrong = pkg.wrongAnswer(q0);
      await drive.answer(frame, plan, q0, wrong);
      did.answers.set(q0.id, wrong);
      await page.goto('about:blank');
      await xapi.until(() => terminated(registration) === 1, 'the first session to end');
      await quiet(); // the last PUT of the state too
      const doc = lrs.stateDoc(env.course.id, ACTOR, registration, stateIdOf(plan));
      assert.ok(doc, 'the first session saved its state');
      pkg.checkState(plan, doc.data, did, 'the first session\'s state');
      assert.equal(doc.location, where);
      assert.equal(doc.status, 'incomplete');
      assert.deepEqual(rec.pageErrors, []);
      return { did, q0, wrong, where, body: lrs.stateBody(env.course.id, ACTOR, registration, stateIdOf(plan)) };
    } finally { await context.close(); }
  }

  it('an LRS without a State API: every statement stored; one GET and at most one PUT of the state in a whole run', async () => {
    const { plan, origin } = env;
    const registration = xapi.registration();
    lrs.stateApi = false;
    const { context, page, rec } = await xapi.openXapiPage(env.browser);
    try {
      const frame = await xapi.launch(page, origin, env.page, queryFor(registration));
      const done = await drive.fullRun(frame, plan);
      assert.equal(await frame.locator('[data-cp-notice]').isVisible(), false, 'no notice: statements are taken');
      await page.goto('about:blank');
      const expected = xapi.expectedKeys(plan, env.course.id, 1, done);
      await xapi.until(() => terminated(registration) === 1 && statementsOf(registration).length >= expected.length, 'every statement');
      await quiet();
      xapi.checkStatements(stripped(statementsOf(registration)), ctxFor(registration, done), expected);
      const calls = stateCalls(registration);
      assert.equal(stateCalls(registration, 'GET').length, 1, 'the state is read once');
      assert.ok(stateCalls(registration, 'PUT').length <= 1, `at most one PUT of the state (got ${stateCalls(registration, 'PUT').length})`);
      assert.deepEqual(calls.filter((e) => e.method !== 'GET' && e.method !== 'PUT').map(brief), [], 'no other state request');
      assert.ok(calls.every((e) => e.status === 404), 'the LRS answered 404 to every state request');
      assert.equal(lrs.state.size, 0, 'no state document');
      assert.deepEqual(rec.pageErrors, []);
    } finally { lrs.stateApi = true; await context.close(); }
  });

  for (const failure of [503, 'reset', 'cut']) {
    const how = { reset: 'the connection dropped', cut: 'cut off in the middle of its body' }[failure] || `answered ${failure}`;
    it(`a saved state whose first read is ${how}: the course starts at once, nothing is written before a read succeeds, then both sessions are merged`, async () => {
      const { plan, origin } = env;
      const registration = xapi.registration();
      const saved = await firstSession(registration);
      const { q0, wrong } = saved;
      const stateId = stateIdOf(plan);
      const storedBody = () => lrs.stateBody(env.course.id, ACTOR, registration, stateId);
      const sentBefore = statementsOf(registration).length;
      const from = lrs.log.length; // this session's requests start here
      const mine = (method) => stateCalls(registration, method, from);

      // A new browser context (no localStorage): the saved state can only come from the State API.
      lrs.stateFailures = [failure];
      const { context, page, rec } = await openPausedPage(env.browser);
      try {
        const frame = await xapi.launch(page, origin, env.page, queryFor(registration));
        assert.deepEqual(lrs.stateFailures, [], 'the first state GET met the failure');
        const gets = () => mine('GET');
        assert.equal(gets().length, 1, 'one state GET so far: the course did not wait for a retry');
        assert.equal(gets()[0].status, failure);
        assert.equal(await frame.locator(drive.sel('data-cp-question', q0.id)).getAttribute('data-cp-answered'), null,
          'the course started with an empty state');

        // The learner works meanwhile: the next lesson, every block of the lessons seen.
        const lay = await drive.layout(frame, plan);
        const did = empty();
        const shown = (l) => { did.viewedLessons.add(l); drive.shownWithLesson(plan, lay, l).forEach((id) => did.viewedItems.add(id)); };
        const openAll = async (l) => {
          for (const g of plan.groups.filter((g) => lay.groups[g.id] === l)) {
            await drive.openGroup(frame, plan, g);
            g.items.forEach((id) => did.viewedItems.add(id));
          }
        };
        shown(plan.lessons[0]);
        await openAll(plan.lessons[0]);
        if (plan.lessons.length > 1) { await drive.next(frame, plan); shown(plan.lessons[1]); await openAll(plan.lessons[1]); }
        assert.ok([...did.viewedItems].some((id) => !saved.did.viewedItems.has(id)) || [...did.viewedLessons].some((l) => !saved.did.viewedLessons.has(l)),
          'this session saw something the first one did not (so the merge is visible)');
        // Another question answered while the state is unread: kept through the merge.
        const shownNow = new Set(await drive.activeQuestions(frame));
        const q1 = plan.questions.find((q) => q.id !== q0.id && lay.questions[q.id] && shownNow.has(q.id));
        if (q1) {
          const where = lay.questions[q1.id];
          if (where !== (await drive.currentLesson(frame))) await drive.goTo(frame, where);
          shown(where);
          await drive.answer(frame, plan, q1, pkg.rightAnswer(q1));
          did.answers.set(q1.id, pkg.rightAnswer(q1));
        }
        const lastSeen = [...did.viewedLessons].pop();
        await xapi.until(() => statementsOf(registration).some((s) => verb(s) === 'experienced' && s.object.id === plan.xapi.lessons[lastSeen].id),
          'the statements of this session to be taken meanwhile');
        assert.equal(gets().length, 1, 'no retry yet (the page clock is paused)');
        assert.deepEqual(mine('PUT').map(brief), [], 'no PUT of the state while it is unread');
        assert.equal(storedBody(), saved.body, 'the saved state is untouched');

        // The retry, 1 s later: the saved state is read and merged into this session's.
        await page.clock.runFor(1000);
        await xapi.until(() => mine('PUT').length > 0, 'a PUT of the merged state');
        const calls = mine();
        const firstRead = calls.findIndex((e) => e.method === 'GET' && ok(e.status));
        assert.ok(firstRead > 0, 'the retried GET got the document');
        assert.ok(calls.slice(0, firstRead).every((e) => e.method === 'GET' && !ok(e.status)), 'before it, only the failed GET');
        assert.ok(calls.slice(firstRead + 1).every((e) => e.method === 'PUT'), 'after it, PUTs only');
        pkg.checkState(plan, JSON.parse(calls[firstRead + 1].body).data, union(saved.did, did), 'the first PUT (both sessions)');
        // The earlier answer is shown in its form, and the one given meanwhile is still there.
        await drive.checkAnswered(frame, q0, wrong);
        if (q1) await drive.checkAnswered(frame, q1, pkg.rightAnswer(q1));
        const outcome = { null: 'neutral', true: 'correct', false: 'incorrect' }[pkg.isRight(q0, wrong)];
        assert.equal(await frame.locator(drive.sel('data-cp-question', q0.id)).getAttribute('data-cp-answered'), outcome);

        // The course goes on after the merge: the last lesson; the state follows.
        const last = plan.lessons[plan.lessons.length - 1];
        if (last !== (await drive.currentLesson(frame))) await drive.goTo(frame, last);
        shown(last);
        const final = union(saved.did, did);
        await page.goto('about:blank');
        await xapi.until(() => terminated(registration) === 2, 'the second session to end');
        await quiet();
        const doc = lrs.stateDoc(env.course.id, ACTOR, registration, stateId);
        assert.equal(doc.location, last, 'the bookmark');
        pkg.checkState(plan, doc.data, final, 'the stored state (both sessions: nothing lost)');
        assert.equal(doc.status, pkg.expectedOutcome(plan, final).status);
        assert.equal(mine('GET').length, 2, 'no GET after the one that succeeded');
        assert.ok(mine().every((e) => e.method === 'GET' || ok(e.status)), 'every PUT taken');

        // The merged answer is not sent again; every statement sent is valid and stored once.
        const all = statementsOf(registration);
        assert.equal(all.filter((s) => verb(s) === 'answered' && s.object.id === plan.xapi.questions[q0.id].id).length, 1,
          'the earlier answer is not recorded again');
        assert.equal(new Set(all.map((s) => s.id)).size, all.length);
        for (const st of all) assert.deepEqual(xapi.problems(st), [], `valid: ${st.verb.id} ${st.object.id}`);
        assert.ok(all.length > sentBefore, 'this session\'s statements are stored');
        assert.deepEqual(rec.pageErrors, []);
      } finally { lrs.stateFailures = []; await context.close(); }
    });
  }

  it(`a state GET that never succeeds: at most ${READS} GETs, no PUT, the saved state byte-identical, statements still stored`, async () => {
    const { plan, origin } = env;
    const registration = xapi.registration();
    const saved = await firstSession(registration);
    const stateId = stateIdOf(plan);
    const sentBefore = statementsOf(registration).length;
    const from = lrs.log.length; // this session's requests start here
    const mine = (method) => stateCalls(registration, method, from);
    // Exactly READS failures, every kind the runtime retries: a GET beyond them would get the
    // document and make the state writable, and that would show as a 9th GET and a PUT.
    lrs.stateFailures = [503, 'reset', 500, 429, 408, 502, 'cut', 504];
    assert.equal(lrs.stateFailures.length, READS);
    const { context, page, rec } = await openPausedPage(env.browser);
    let answered = 0; // state GETs the page got an answer to (or a failure)
    const isStateGet = (r) => r.method() === 'GET' && /\/activities\/state\?/.test(r.url());
    page.on('requestfinished', (r) => { if (isStateGet(r)) answered++; });
    page.on('requestfailed', (r) => { if (isStateGet(r)) answered++; });
    try {
      const frame = await xapi.launch(page, origin, env.page, queryFor(registration));
      const gets = () => mine('GET').length;
      assert.equal(gets(), 1, 'the course starts after the first failed GET');
      const done = await drive.fullRun(frame, plan);
      const expected = xapi.expectedKeys(plan, env.course.id, 1, done);
      // The run's statements are taken before the clock moves (so no request is in flight then).
      await xapi.until(() => statementsOf(registration).length - sentBefore >= expected.length - 1, 'the run\'s statements');
      assert.deepEqual(mine('PUT').map(brief), [], 'no PUT of the state during the run');
      // Each retry after 1 s, 2 s, 4 s, 8 s, 16 s, 30 s, 30 s of page time; then none, however long.
      for (const delay of DELAYS) {
        const ran = await timeToNextGet(page, gets, () => answered, delay);
        assert.ok(ran >= delay && ran <= delay + STEP, `GET ${gets()} after ${ran} ms of page time (expected ${delay})`);
      }
      assert.equal(gets(), READS);
      for (let i = 0; i < 20; i++) await page.clock.runFor(10000);
      await pause(300);
      assert.equal(gets(), READS, `${READS} GETs, no more`);
      assert.deepEqual(lrs.stateFailures, [], 'every failure was met');
      await page.goto('about:blank');
      await xapi.until(() => terminated(registration) === 2 && statementsOf(registration).length - sentBefore >= expected.length, 'this session\'s statements');
      await quiet();
      assert.equal(gets(), READS, `still ${READS} GETs`);
      assert.deepEqual(mine('PUT').map(brief), [], 'no PUT of the state');
      assert.deepEqual(mine().filter((e) => e.method !== 'GET').map(brief), [], 'no other state request');
      assert.ok(mine('GET').every((e) => !ok(e.status)), 'no GET succeeded');
      assert.equal(lrs.stateBody(env.course.id, ACTOR, registration, stateId), saved.body, 'the saved state is byte-identical');
      // This session's statements: exactly what the learner did, valid.
      const ours = stripped(statementsOf(registration).slice(sentBefore));
      assert.deepEqual(keys(ours), expected);
      xapi.checkStatements(ours, ctxFor(registration, done), expected);
      assert.deepEqual(rec.pageErrors, []);
    } finally { lrs.stateFailures = []; await context.close(); }
  });
});
