'use strict';
// What a SCORM 1.2 LMS receives from a package: full run, partial run + relaunch, broken LMS.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { setup, pagesForNames } = require('../lib/suite');
const { openPage, openInLms, leave, lmsLog, lmsState, written } = require('../lib/browser');
const drive = require('../lib/drive');
const pkg = require('../lib/package');
const moodle = require('../lib/moodle');

const env = setup();
const NOT_CALLS = new Set(['LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic']);

/** Protocol rules that hold for every session, whatever the course. */
function checkProtocol(log, { expectErrors = false } = {}) {
  assert.ok(log.length > 0, 'the SCO called the API');
  assert.equal(log[0].fn, 'LMSInitialize', 'LMSInitialize comes first');
  assert.deepEqual(log[0].args, [''], 'LMSInitialize("")');
  for (const [i, e] of log.entries()) {
    if (NOT_CALLS.has(e.fn)) continue;
    assert.equal(log[i + 1] && log[i + 1].fn, 'LMSGetLastError', `LMSGetLastError right after call #${i} ${e.fn}(${e.args.join(', ')})`);
  }
  const finishes = log.filter((e) => e.fn === 'LMSFinish');
  assert.equal(finishes.length, 1, 'LMSFinish exactly once');
  const after = log.slice(log.indexOf(finishes[0]) + 1).filter((e) => !NOT_CALLS.has(e.fn));
  assert.deepEqual(after, [], 'no call after LMSFinish');
  if (!expectErrors) {
    const failed = log.filter((e, i) => e.fn === 'LMSGetLastError' && e.result !== '0').map((e) => {
      const call = log.slice(0, log.indexOf(e)).reverse().find((c) => !NOT_CALLS.has(c.fn));
      return `${call.fn}(${call.args.join(', ')}) -> ${e.result}`;
    });
    assert.deepEqual(failed, [], 'the LMS accepted every call');
  }
  // Reads the runtime makes at start.
  for (const el of ['cmi.core.lesson_location', 'cmi.suspend_data', 'cmi.core.lesson_status', 'cmi.core.entry']) {
    assert.ok(log.some((e) => e.fn === 'LMSGetValue' && e.args[0] === el), `reads ${el}`);
  }
  // Nothing left uncommitted: after the last LMSSetValue before leaving, an LMSCommit.
  const lastSet = log.map((e) => e.fn).lastIndexOf('LMSSetValue');
  assert.ok(log.slice(lastSet).some((e) => e.fn === 'LMSCommit'), 'LMSCommit after the last change');
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

function checkItemInteraction(it, group, id) {
  assert.equal(it.id, id);
  assert.equal(it.type, 'performance', `${id}: type`);
  assert.equal(it.student_response, 'viewed', `${id}: student_response`);
  assert.equal(it.result, 'neutral', `${id}: result`);
  assert.equal(it['objectives.0.id'], group.id, `${id}: objectives.0.id`);
  assert.match(it.time, TIME, `${id}: time`);
}

function checkAnswerInteraction(it, q, r) {
  const type = q.type || 'choice';
  assert.equal(it.type, type, `${q.id}: type`);
  assert.equal(it.student_response, pkg.scormResponse(q, r), `${q.id}: student_response`);
  pkg.scormPatterns(q).forEach((p, i) => assert.equal(it[`correct_responses.${i}.pattern`], p, `${q.id}: pattern ${i}`));
  const right = pkg.isRight(q, r);
  assert.equal(it.result, right === null ? 'neutral' : right ? 'correct' : 'wrong', `${q.id}: result`);
  assert.equal(it.weighting, q.scored === false ? '0' : '1', `${q.id}: weighting`);
  assert.match(it.time, TIME, `${q.id}: time`);
}

/** Interactions in `inter` are exactly one per item of `items` and one per question of `answers`. */
function checkInteractions(plan, inter, items, answers) {
  const groupOf = new Map(plan.groups.flatMap((g) => g.items.map((id) => [id, g])));
  const perf = inter.filter((i) => i.type === 'performance');
  assert.deepEqual(perf.map((i) => i.id).sort(), [...items].sort(), 'one performance interaction per item shown, none twice');
  for (const it of perf) checkItemInteraction(it, groupOf.get(it.id), it.id);
  const asked = inter.filter((i) => i.type !== 'performance');
  assert.deepEqual(asked.map((i) => i.id).sort(), [...answers.keys()].sort(), 'one interaction per question answered');
  for (const it of asked) checkAnswerInteraction(it, plan.questions.find((q) => q.id === it.id), answers.get(it.id));
}

function checkOutcome(plan, values, state, mastery) {
  const { score, status } = pkg.expectedOutcome(plan, state, mastery ? { mastery } : {});
  assert.equal(values['cmi.core.lesson_status'], status, 'lesson_status');
  assert.equal(values['cmi.core.exit'], status === 'incomplete' ? 'suspend' : '', 'exit');
  if (score !== null) {
    assert.equal(values['cmi.core.score.raw'], score, 'score.raw');
    assert.equal(values['cmi.core.score.min'], '0', 'score.min');
    assert.equal(values['cmi.core.score.max'], '100', 'score.max');
  } else {
    // Written before the end, a score would let an LMS's mastery rule grade an unfinished attempt.
    assert.ok(!values['cmi.core.score.raw'], 'no score.raw before the score is final');
  }
  assert.match(values['cmi.core.session_time'], /^\d{4}:[0-5]\d:[0-5]\d\.\d{2}$/, 'session_time is HHHH:MM:SS.SS');
  const data = values['cmi.suspend_data'];
  pkg.checkState(plan, data, state, 'suspend_data');
  plan.groups.forEach((g, i) => {
    assert.equal(values[`cmi.objectives.${i}.id`], g.id, `objective ${i} id`);
    const complete = g.items.every((id) => state.viewedItems.has(id));
    assert.equal(values[`cmi.objectives.${i}.status`], complete ? 'completed' : 'incomplete', `objective ${g.id} status`);
  });
  return status;
}

for (const scoPage of pagesForNames()) {
  describe(`SCORM 1.2 tracking of ${scoPage}`, () => {
    const get = () => env.pages.find((p) => p.page === scoPage).plan;
    const mastery = () => env.pages.find((p) => p.page === scoPage).mastery;

    it('(a) a full run reports every item, answer, objective, score, status and the state', async () => {
      const plan = get();
      const { context, page, rec } = await openPage(env.browser, env.origin);
      try {
        const frame = await openInLms(page, env.origin, scoPage, { launch: env.launch(scoPage) });
        assert.equal(await frame.locator('[data-cp-notice]').isVisible(), false, 'no tracking notice inside an LMS');
        const done = await drive.fullRun(frame, plan);
        await leave(page);
        const log = await lmsLog(page);
        checkProtocol(log);
        const { values, interactions } = written(log);
        interactions.forEach((it, i) => assert.equal(it.index, i, 'interactions appended at _count, no gap'));
        checkInteractions(plan, interactions, plan.groups.flatMap((g) => g.items), done.answers);
        const status = checkOutcome(plan, values, done, mastery());
        const scored = plan.questions.some((q) => q.scored !== false);
        assert.equal(status, scored && (plan.completion.quiz || mastery()) ? 'passed' : 'completed');
        if (scored) assert.equal(values['cmi.core.score.raw'], '100');
        else assert.equal(values['cmi.core.score.raw'], undefined, 'no score without a scored question');
        assert.equal(values['cmi.core.lesson_location'], plan.lessons[plan.lessons.length - 1], 'lesson_location');
        // The LMS holds the same, after its own rules ran at LMSFinish.
        const cmi = (await lmsState(page)).cmi;
        assert.equal(cmi.core.lesson_status, status, 'the LMS keeps the status the runtime wrote');
        assert.equal(moodle.nextLaunch(cmi, mastery()).launch.lesson_mode, 'review', 'a finished attempt reopens in review');
        assert.equal(cmi.suspend_data, values['cmi.suspend_data']);
        assert.equal(cmi.core.lesson_location, values['cmi.core.lesson_location']);
        assert.deepEqual(rec.pageErrors, []);
      } finally { await context.close(); }
    });

    it('(b) a partial run suspends; a relaunch offers to resume and keeps the state', async () => {
      const plan = get();
      const first = await openPage(env.browser, env.origin);
      let saved;
      let state;
      let count1;
      let wrongQ = null;
      try {
        const frame = await openInLms(first.page, env.origin, scoPage, { launch: env.launch(scoPage) });
        const lay = await drive.layout(frame, plan);
        state = { viewedLessons: new Set(), viewedItems: new Set(), answers: new Map() };
        const shown = (lessonId) => {
          state.viewedLessons.add(lessonId);
          drive.shownWithLesson(plan, lay, lessonId).forEach((id) => state.viewedItems.add(id));
        };
        // Lesson 1: everything in it.
        shown(plan.lessons[0]);
        for (const g of plan.groups.filter((g) => lay.groups[g.id] === plan.lessons[0])) {
          await drive.openGroup(frame, plan, g);
          g.items.forEach((id) => state.viewedItems.add(id));
        }
        // The first question, answered wrong, unless that would end the course.
        const bookmark = plan.lessons[Math.min(1, plan.lessons.length - 1)];
        const wouldBe = (extraLessons, q) => pkg.expectedOutcome(plan, {
          viewedLessons: new Set([...state.viewedLessons, ...extraLessons]),
          viewedItems: new Set([...state.viewedItems, ...extraLessons.flatMap((l) => drive.shownWithLesson(plan, lay, l))]),
          answers: q ? new Map([[q.id, pkg.wrongAnswer(q)]]) : new Map(),
        }).status;
        const shownIds = new Set(await drive.activeQuestions(frame));
        const q0 = plan.questions.find((q) => q.scored !== false && shownIds.has(q.id));
        if (q0 && wouldBe([lay.questions[q0.id], bookmark], q0) === 'incomplete') {
          wrongQ = q0;
          const where = lay.questions[wrongQ.id];
          if (where !== (await drive.currentLesson(frame))) await drive.goTo(frame, where);
          shown(where);
          const letters = pkg.wrongAnswer(wrongQ);
          await drive.answer(frame, plan, wrongQ, letters);
          state.answers.set(wrongQ.id, letters);
        }
        // Stop on lesson 2.
        if (bookmark !== (await drive.currentLesson(frame))) await drive.goTo(frame, bookmark);
        shown(bookmark);
        await leave(first.page);
        const log = await lmsLog(first.page);
        checkProtocol(log);
        const { values, interactions } = written(log);
        count1 = interactions.length;
        checkInteractions(plan, interactions, state.viewedItems, state.answers);
        const status = checkOutcome(plan, values, state, mastery());
        // checkOutcome compared status and exit with what the state implies; a course too small to
        // leave anything undone in a partial run is the only one allowed to be complete here.
        if (status !== 'incomplete') assert.equal(plan.lessons.length, 1, 'a partial run is incomplete');
        else assert.equal(values['cmi.core.exit'], 'suspend', 'exit suspend while incomplete');
        assert.equal(values['cmi.core.lesson_location'], bookmark, 'bookmark');
        assert.deepEqual(first.rec.pageErrors, []);
        // The LMS's own rules at LMSFinish left the attempt unfinished; Moodle hands it back to resume.
        const cmi = (await lmsState(first.page)).cmi;
        assert.equal(cmi.core.lesson_status, status, 'the LMS keeps the status the runtime wrote');
        saved = moodle.nextLaunch(cmi, mastery());
        if (status === 'incomplete') assert.deepEqual([saved.launch.entry, saved.launch.lesson_mode], ['resume', 'normal']);
      } finally { await first.context.close(); }

      const second = await openPage(env.browser, env.origin);
      try {
        const frame = await openInLms(second.page, env.origin, scoPage, saved);
        const bookmark = saved.cmi.cmi.core.lesson_location;
        const prompt = frame.locator('[data-cp-resume]');
        if (plan.lessons.indexOf(bookmark) > 0) {
          assert.equal(await prompt.isVisible(), true, 'resume prompt shown');
          assert.match(await prompt.textContent(), new RegExp(plan.strings.resumePrompt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
          const early = written(await lmsLog(second.page)).values;
          assert.equal(early['cmi.core.lesson_location'], undefined, 'bookmark kept while the prompt waits');
          await frame.locator('[data-cp-resume-yes]').click();
          await drive.expectLesson(frame, bookmark);
          assert.equal(await prompt.isVisible(), false, 'prompt gone once answered');
        } else {
          assert.equal(await prompt.isVisible(), false, 'no prompt when the bookmark is the first lesson');
        }
        const entry = (await lmsLog(second.page)).find((e) => e.fn === 'LMSGetValue' && e.args[0] === 'cmi.core.entry');
        assert.equal(entry.result, saved.launch.entry, 'the LMS said resume');
        if (wrongQ) await drive.checkAnswered(frame, wrongQ, state.answers.get(wrongQ.id));
        const mid = written(await lmsLog(second.page));
        if (saved.launch.lesson_mode === 'review') {
          // A page so small that the partial run finished it: Moodle reopens it in review.
          assert.deepEqual(mid.values, {}, 'review writes nothing');
          return;
        }
        pkg.checkState(plan, mid.values['cmi.suspend_data'], state, 'state unchanged by the relaunch');
        assert.deepEqual(mid.interactions, [], 'nothing already seen is recorded again');

        const more = await drive.fullRun(frame, plan, { skip: new Set(state.answers.keys()) });
        await leave(second.page);
        const log = await lmsLog(second.page);
        checkProtocol(log);
        const { values, interactions } = written(log);
        if (interactions.length) assert.equal(interactions[0].index, count1, 'new interactions appended after the saved ones');
        interactions.forEach((it, i) => assert.equal(it.index, count1 + i, 'no gap'));
        const newItems = [...more.viewedItems].filter((id) => !state.viewedItems.has(id));
        checkInteractions(plan, interactions, newItems, more.answers);
        const final = {
          viewedLessons: new Set([...state.viewedLessons, ...more.viewedLessons]),
          viewedItems: new Set([...state.viewedItems, ...more.viewedItems]),
          answers: new Map([...state.answers, ...more.answers]),
          active: more.active,
        };
        checkOutcome(plan, { ...Object.fromEntries(Object.entries(flattenCmi(saved.cmi.cmi))), ...values }, final, mastery());
        assert.deepEqual(second.rec.pageErrors, []);
      } finally { await second.context.close(); }
    });

    for (const fail of ['setvalue-error', 'setvalue-throw']) {
      it(`(f) an LMS whose LMSSetValue fails (${fail}) leaves the content working`, async () => {
        const plan = get();
        const { context, page, rec } = await openPage(env.browser, env.origin);
        try {
          const frame = await openInLms(page, env.origin, scoPage, { fail, launch: env.launch(scoPage) });
          await drive.fullRun(frame, plan);
          await leave(page);
          checkProtocol(await lmsLog(page), { expectErrors: true });
          assert.deepEqual(rec.pageErrors, [], 'no uncaught exception');
          assert.ok(rec.consoleWarnings.some((w) => /coursepack/.test(w)), 'the failures are logged to the console');
        } finally { await context.close(); }
      });
    }
  });
}

function flattenCmi(cmi) {
  const out = {};
  const walk = (o, prefix) => {
    for (const [k, v] of Object.entries(o)) {
      if (v && typeof v === 'object') walk(v, `${prefix}.${k}`);
      else out[`${prefix}.${k}`] = String(v);
    }
  };
  walk(cmi, 'cmi');
  return out;
}
