'use strict';
// What a SCORM 2004 LMS (scorm-again's Scorm2004API) receives from a package: a full run, a
// partial run and its resume, review mode, and the LMS's passing score taking over.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { openPage } = require('../lib/browser');
const s4 = require('../lib/scorm2004');
const drive = require('../lib/drive');
const pkg = require('../lib/package');

const env = s4.setup();
const NOT_CALLS = new Set(['GetLastError', 'GetErrorString', 'GetDiagnostic']);
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;
const log = (page) => page.evaluate(() => window.lmsLog);

/** Initialize first, GetLastError after every call, every call accepted, Terminate once, last. */
function checkProtocol(entries) {
  assert.ok(entries.length > 0, 'the SCO called the API');
  assert.deepEqual([entries[0].fn, entries[0].args], ['Initialize', ['']], 'Initialize("") first');
  for (const [i, e] of entries.entries()) {
    if (NOT_CALLS.has(e.fn)) continue;
    const next = entries[i + 1];
    assert.equal(next && next.fn, 'GetLastError', `GetLastError after #${i} ${e.fn}(${e.args.join(', ')})`);
    // 403 "not initialized": the LMS has no value yet for what is read (RTE 3.1.7.6).
    const unset = e.fn === 'GetValue' && next.result === '403';
    assert.ok(next.result === '0' || unset, `${e.fn}(${e.args.join(', ')}) accepted: ${next.result}`);
  }
  const ends = entries.filter((e) => e.fn === 'Terminate');
  assert.equal(ends.length, 1, 'Terminate exactly once');
  assert.deepEqual(entries.slice(entries.indexOf(ends[0]) + 1).filter((e) => !NOT_CALLS.has(e.fn)), [], 'no call after Terminate');
  for (const el of ['cmi.location', 'cmi.suspend_data', 'cmi.entry', 'cmi.mode', 'cmi.credit', 'cmi.completion_status',
    'cmi.success_status', 'cmi.scaled_passing_score', 'cmi.completion_threshold']) {
    assert.ok(entries.some((e) => e.fn === 'GetValue' && e.args[0] === el), `reads ${el}`);
  }
}

/** One interaction per item shown (type other) and per answer given (its type, 2004 formats). */
function checkInteractions(plan, inter, items, answers) {
  const groupOf = new Map(plan.groups.flatMap((g) => g.items.map((id) => [id, g])));
  const viewed = inter.filter((i) => i.type === 'other');
  assert.deepEqual(viewed.map((i) => i.id).sort(), [...items].sort(), 'one interaction per item shown');
  for (const it of viewed) {
    assert.deepEqual([it.learner_response, it.result, it['objectives.0.id']], ['viewed', 'neutral', groupOf.get(it.id).id], it.id);
    assert.match(it.timestamp, STAMP, `${it.id}: timestamp`);
    assert.match(it.description, new RegExp(`^\\{lang=${plan.lang}\\}.+`), `${it.id}: description`);
  }
  const asked = inter.filter((i) => i.type !== 'other');
  assert.deepEqual(asked.map((i) => i.id).sort(), [...answers.keys()].sort(), 'one interaction per answer');
  for (const it of asked) {
    const q = plan.questions.find((x) => x.id === it.id);
    const r = answers.get(it.id);
    assert.equal(it.type, q.type || 'choice', `${q.id}: type`);
    assert.equal(it.learner_response, s4.response2004(q, r), `${q.id}: learner_response`);
    s4.patterns2004(q).forEach((p, i) => assert.equal(it[`correct_responses.${i}.pattern`], p, `${q.id}: pattern ${i}`));
    const right = pkg.isRight(q, r);
    assert.equal(it.result, right === null ? 'neutral' : right ? 'correct' : 'incorrect', `${q.id}: result`);
    assert.equal(it.weighting, q.scored === false ? '0' : '1', `${q.id}: weighting`);
    assert.match(it.timestamp, STAMP, `${q.id}: timestamp`);
    assert.match(it.description, new RegExp(`^\\{lang=${plan.lang}\\}.+`), `${q.id}: description`);
  }
}

/** Completion and success apart, the score, exit, progress, objectives and the state. */
function checkOutcome(plan, values, state, mastery) {
  const { score, status } = pkg.expectedOutcome(plan, state, mastery == null ? { mastery: null } : { mastery });
  assert.equal(values['cmi.completion_status'], status === 'incomplete' ? 'incomplete' : 'completed', 'completion_status');
  if (status === 'passed' || status === 'failed') assert.equal(values['cmi.success_status'], status, 'success_status');
  else assert.equal(values['cmi.success_status'], undefined, 'no success_status without a verdict');
  assert.equal(values['cmi.exit'], status === 'incomplete' ? 'suspend' : 'normal', 'exit');
  if (score !== null) {
    assert.deepEqual(['raw', 'min', 'max'].map((k) => values[`cmi.score.${k}`]), [score, '0', '100'], 'score raw/min/max');
    assert.equal(Number(values['cmi.score.scaled']), Math.round(Number(score) * 100) / 10000, 'score.scaled');
  } else {
    assert.equal(values['cmi.score.scaled'], undefined, 'no score before it is final');
  }
  assert.match(values['cmi.session_time'], /^PT\d+(\.\d{1,2})?S$/, 'session_time is an ISO 8601 duration');
  const p = Number(values['cmi.progress_measure']);
  assert.ok(p >= 0 && p <= 1, 'progress_measure in [0, 1]');
  pkg.checkState(plan, values['cmi.suspend_data'], state);
  plan.groups.forEach((g, i) => {
    assert.equal(values[`cmi.objectives.${i}.id`], g.id, `objective ${i} id`);
    const done = g.items.every((id) => state.viewedItems.has(id));
    assert.equal(values[`cmi.objectives.${i}.completion_status`], done ? 'completed' : 'incomplete', `objective ${g.id} completion`);
    assert.equal(values[`cmi.objectives.${i}.success_status`], 'unknown', `objective ${g.id} success`);
  });
  return status;
}

for (const sco of s4.pagesForNames()) {
  describe(`SCORM 2004 tracking of ${sco}`, () => {
    const info = () => env.pages.find((p) => p.page === sco);

    it('a full run records completion, success, score, every item and answer, objectives', async () => {
      const { plan, mastery } = info();
      const { context, page, rec } = await openPage(env.browser, env.origin);
      try {
        const frame = await s4.openIn2004(page, env.origin, [sco], { launch: env.launch(sco) });
        const done = await drive.fullRun(frame, plan);
        await s4.leave(page);
        const entries = await log(page);
        checkProtocol(entries);
        const { values, interactions } = s4.written(entries);
        interactions.forEach((it, i) => assert.equal(it.index, i, 'interactions appended, no gap'));
        checkInteractions(plan, interactions, plan.groups.flatMap((g) => g.items), done.answers);
        const status = checkOutcome(plan, values, done, mastery);
        const scored = plan.questions.some((q) => q.scored !== false);
        assert.equal(status, scored && (plan.completion.quiz || mastery != null) ? 'passed' : 'completed');
        assert.equal(values['cmi.progress_measure'], '1', 'everything done');
        assert.equal(values['cmi.location'], plan.lessons[plan.lessons.length - 1], 'location');
        const cmi = (await page.evaluate((s) => window.lmsState(s), sco)).cmi;
        assert.equal(cmi.completion_status, 'completed', 'the LMS holds completed');
        if (status === 'passed') assert.equal(cmi.success_status, 'passed', 'the LMS holds passed');
        assert.equal(cmi.suspend_data, values['cmi.suspend_data']);
        assert.deepEqual(rec.pageErrors, []);
      } finally { await context.close(); }
    });

    it('a partial run suspends through the exit button; the relaunch resumes with the state and bookmark', async () => {
      const { plan, mastery } = info();
      const first = await openPage(env.browser, env.origin);
      let held;
      const state = { viewedLessons: new Set(), viewedItems: new Set(), answers: new Map() };
      try {
        const frame = await s4.openIn2004(first.page, env.origin, [sco], { launch: env.launch(sco) });
        const lay = await drive.layout(frame, plan);
        state.viewedLessons.add(plan.lessons[0]);
        drive.shownWithLesson(plan, lay, plan.lessons[0]).forEach((id) => state.viewedItems.add(id));
        const g = plan.groups.find((x) => lay.groups[x.id] === plan.lessons[0]);
        if (g) { await drive.openGroup(frame, plan, g); g.items.forEach((id) => state.viewedItems.add(id)); }
        if (plan.lessons.length > 1) {
          await drive.next(frame, plan);
          state.viewedLessons.add(plan.lessons[1]);
          drive.shownWithLesson(plan, lay, plan.lessons[1]).forEach((id) => state.viewedItems.add(id));
        }
        await frame.locator('[data-cp-exit]').click();
        await first.page.waitForFunction(() => window.lmsLog.some((e) => e.fn === 'Terminate'));
        const entries = await log(first.page);
        checkProtocol(entries);
        const { values, interactions } = s4.written(entries);
        checkInteractions(plan, interactions, state.viewedItems, state.answers);
        const status = checkOutcome(plan, values, state, mastery);
        held = await first.page.evaluate((s) => window.lmsState(s), sco);
        if (status !== 'incomplete') {
          // A lesson SCO with nothing in it but its text is complete once seen: the exit button ends it.
          assert.equal(plan.lessons.length, 1, 'a partial run of several lessons is incomplete');
          assert.equal(values['adl.nav.request'], 'exit', 'the exit button exits a finished attempt');
          held = null;
          return;
        }
        assert.equal(values['adl.nav.request'], 'suspendAll', 'the exit button suspends the attempt');
        assert.ok(Number(values['cmi.progress_measure']) > 0 && Number(values['cmi.progress_measure']) < 1, 'progress_measure between');
        assert.deepEqual(first.rec.pageErrors, []);
      } finally { await first.context.close(); }

      const second = await openPage(env.browser, env.origin);
      try {
        const frame = await s4.openIn2004(second.page, env.origin, [sco], { cmi: held, launch: env.launch(sco, { entry: 'resume' }) });
        const bookmark = held.cmi.location;
        if (plan.lessons.indexOf(bookmark) > 0) {
          await frame.locator('[data-cp-resume-yes]').click();
          await drive.expectLesson(frame, bookmark);
        }
        const { values, interactions } = s4.written(await log(second.page));
        pkg.checkState(plan, values['cmi.suspend_data'], state, 'state restored');
        assert.deepEqual(interactions, [], 'nothing seen before is recorded again');
        const more = await drive.fullRun(frame, plan);
        await s4.leave(second.page);
        const entries = await log(second.page);
        checkProtocol(entries);
        const after = s4.written(entries).values;
        assert.equal(after['cmi.completion_status'], 'completed', 'completed after the resume');
        const count = Number(held.cmi.interactions._count || Object.keys(held.cmi.interactions || {}).length);
        const first = s4.written(entries).interactions[0];
        if (first) assert.equal(first.index, count, 'new interactions appended after the saved ones');
        assert.ok(more.viewedLessons.size === plan.lessons.length);
        assert.deepEqual(second.rec.pageErrors, []);
      } finally { await second.context.close(); }
    });

    it('review mode shows the attempt and writes nothing', async () => {
      const { plan } = info();
      const first = await openPage(env.browser, env.origin);
      let held;
      try {
        const frame = await s4.openIn2004(first.page, env.origin, [sco], { launch: env.launch(sco) });
        await drive.fullRun(frame, plan);
        await s4.leave(first.page);
        held = await first.page.evaluate((s) => window.lmsState(s), sco);
      } finally { await first.context.close(); }
      const { context, page, rec } = await openPage(env.browser, env.origin);
      try {
        const frame = await s4.openIn2004(page, env.origin, [sco], { cmi: held, launch: { entry: '', mode: 'review' } });
        assert.match(await frame.locator('[data-cp-notice]').textContent(), new RegExp(plan.strings.reviewMode.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        for (const id of plan.lessons.slice(1)) await drive.goTo(frame, id);
        await s4.leave(page);
        const entries = await log(page);
        assert.deepEqual(entries.filter((e) => e.fn === 'SetValue' || e.fn === 'Commit'), [], 'no SetValue, no Commit');
        assert.equal(entries.filter((e) => e.fn === 'Terminate').length, 1, 'Terminate once');
        assert.deepEqual(rec.pageErrors, []);
      } finally { await context.close(); }
    });
  });
}

describe('SCORM 2004 launch values', () => {
  it('cmi.scaled_passing_score from the LMS overrides the course mastery score', async () => {
    const target = env.pages.find((p) => p.plan.questions.filter((q) => q.scored !== false && q.type !== 'likert').length >= 2);
    assert.ok(target, 'the package has a page with two scored questions');
    const { page: sco, plan } = target;
    const { context, page } = await openPage(env.browser, env.origin);
    try {
      const frame = await s4.openIn2004(page, env.origin, [sco], { launch: { entry: 'ab-initio', scaled_passing_score: 1 } });
      const q = plan.questions.find((x) => x.scored !== false && x.type !== 'likert');
      const done = await drive.fullRun(frame, plan, { answers: new Map([[q.id, pkg.wrongAnswer(q)]]) });
      await s4.leave(page);
      const { values } = s4.written(await log(page));
      // A wrong answer under a passing score of 100: never passed; failed once the quiz is over.
      const expected = pkg.expectedOutcome(plan, done, { mastery: 100 });
      assert.notEqual(expected.status, 'passed');
      assert.equal(values['cmi.success_status'], expected.status === 'failed' ? 'failed' : undefined, 'success_status');
      assert.notEqual(values['cmi.success_status'], 'passed');
    } finally { await context.close(); }
  });

  it('cmi.completion_threshold: the progress measure reaching it completes the SCO', async () => {
    const { page: sco, plan } = env.pages[0];
    const { context, page } = await openPage(env.browser, env.origin);
    try {
      const frame = await s4.openIn2004(page, env.origin, [sco], { launch: { entry: 'ab-initio', completion_threshold: 0.01 } });
      if (plan.lessons.length > 1) await drive.next(frame, plan);
      else await drive.fullRun(frame, plan);
      await s4.leave(page);
      const { values } = s4.written(await log(page));
      assert.ok(Number(values['cmi.progress_measure']) >= 0.01);
      assert.equal(values['cmi.completion_status'], 'completed', 'the threshold is met');
    } finally { await context.close(); }
  });
});
