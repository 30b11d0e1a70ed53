'use strict';
// The LMS contract under Moodle's rules (lib/moodle.js): the harness's scorm-again applies the
// mastery override and the "not attempted" → "completed" rule at LMSFinish, and every relaunch is
// made the way Moodle makes it (entry, lesson_mode, credit, mastery score). docs/runtime.md,
// "LMS modes", lists which test covers which rule.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { setup, pagesForNames } = require('../lib/suite');
const { openPage, openInLms, leave, lmsLog, lmsState, written } = require('../lib/browser');
const drive = require('../lib/drive');
const pkg = require('../lib/package');
const moodle = require('../lib/moodle');
const { runAxe } = require('../lib/axe');

const env = setup();
const { sel } = drive;
const sets = (log) => log.filter((e) => e.fn === 'LMSSetValue');
const empty = () => ({ viewedLessons: new Set(), viewedItems: new Set(), answers: new Map() });

/** A session in the harness; `run(frame, page, rec)` drives it; the context is always closed. */
async function session(scoPage, options, run) {
  const { context, page, rec } = await openPage(env.browser, env.origin);
  try {
    const frame = await openInLms(page, env.origin, scoPage, options);
    const out = await run(frame, page);
    assert.deepEqual(rec.pageErrors, [], 'no uncaught exception');
    return out;
  } finally { await context.close(); }
}

/** Every question shows its earlier answer and none can be answered. */
async function checkLocked(frame, plan, answers) {
  const shown = new Set(await drive.activeQuestions(frame));
  for (const q of plan.questions.filter((x) => shown.has(x.id))) {
    if (answers.has(q.id)) await drive.checkAnswered(frame, q, answers.get(q.id));
    const enabled = await frame.locator(`${sel('data-cp-question', q.id)} :is(input, select, button):enabled`).count();
    assert.equal(enabled, 0, `${q.id}: cannot be answered`);
  }
}

/** The notice shown to the learner, '' when none. */
const notice = async (frame) => ((await frame.locator('[data-cp-notice]').isVisible()) ? (await frame.locator('[data-cp-notice]').textContent()).trim() : '');

/** Scored questions the learner sees in this attempt, in page order. */
async function activeScored(frame, plan) {
  const shown = new Set(await drive.activeQuestions(frame));
  return plan.questions.filter((q) => q.scored !== false && shown.has(q.id));
}

/** How many scored questions an attempt of every quiz holds (a bank counts its draw). */
const attemptSize = (plan) => plan.quizzes.reduce((n, qz) => n + (qz.draw ? Math.min(qz.draw, qz.questions.length) : qz.questions.length), 0);

/**
 * Answer every quiz of the page with `pick(q, attempt)`, retrying while a quiz offers it and
 * `again(attempt)` says so. Returns { answers, active, attempts } for pkg.expectedOutcome.
 */
async function takeQuizzes(frame, plan, pick, again = () => true) {
  const answers = new Map();
  const attempts = new Map();
  let given = 0; // answers submitted over every attempt
  for (const [k, qz] of plan.quizzes.entries()) {
    let attempt = 1;
    for (;;) {
      for (const [id, r] of await drive.answerQuiz(frame, plan, k, (q) => pick(q, attempt))) { answers.set(id, r); given += 1; }
      if (!(await drive.canRetry(frame, plan, k)) || !again(attempt)) break;
      await drive.retry(frame, plan, k);
      qz.questions.forEach((id) => answers.delete(id));
      attempt += 1;
    }
    attempts.set(k, attempt);
  }
  const active = new Set((await activeScored(frame, plan)).map((q) => q.id));
  return { answers, active, attempts, given };
}

/** Every lesson and item seen (the pager and every group), every unscored question answered, no quiz. */
function seeEverything(frame, plan) {
  return drive.fullRun(frame, plan, { skip: new Set(plan.questions.filter((q) => q.scored !== false).map((q) => q.id)) });
}

/** What a run did, from seeEverything and takeQuizzes. */
const both = (seen, quiz) => ({ ...seen, ...quiz, answers: new Map([...seen.answers, ...quiz.answers]) });

for (const scoPage of pagesForNames()) {
  describe(`LMS rules (Moodle) for ${scoPage}`, () => {
    const get = () => env.pages.find((p) => p.page === scoPage);
    const names = (() => { try { return pkg.readPlan(pkg.packageDir(), scoPage); } catch { return null; } })();
    const hasQuestions = !names || names.questions.some((q) => q.scored !== false);
    const hasLessons = !names || names.lessons.length > 1;

    it('(j) opened and left at once: the LMS keeps the status the runtime wrote, never its own "completed"', async () => {
      const { plan, mastery } = get();
      await session(scoPage, { launch: env.launch(scoPage) }, async (frame, page) => {
        const lay = await drive.layout(frame, plan);
        await leave(page);
        const { values } = written(await lmsLog(page));
        const first = plan.lessons[0];
        const state = { ...empty(), viewedLessons: new Set([first]), viewedItems: new Set(drive.shownWithLesson(plan, lay, first)) };
        const { status } = pkg.expectedOutcome(plan, state, { mastery });
        assert.equal(values['cmi.core.lesson_status'], status, 'lesson_status written');
        assert.equal((await lmsState(page)).cmi.core.lesson_status, status, 'the LMS keeps it');
      });
    });

    if (hasQuestions) {
      it('(k) a partial run that answers questions and leaves: no score, incomplete, reopened to resume', async () => {
        const { plan, mastery } = get();
        const done = empty();
        let asked = [];
        let total = 0;
        let drawn = [];
        const saved = await session(scoPage, { launch: env.launch(scoPage) }, async (frame, page) => {
          const lay = await drive.layout(frame, plan);
          const active = await activeScored(frame, plan);
          drawn = await drive.activeQuestions(frame);
          total = active.length;
          // Every question of the attempt but the last, alternately right and wrong: a score that would grade.
          asked = active.slice(0, Math.max(1, active.length - 1));
          for (const [i, q] of asked.entries()) {
            const where = lay.questions[q.id];
            if ((await drive.currentLesson(frame)) !== where) await drive.goTo(frame, where);
            const r = i % 2 ? pkg.wrongAnswer(q) : pkg.rightAnswer(q);
            await drive.answer(frame, plan, q, r);
            done.answers.set(q.id, r);
          }
          await leave(page);
          const log = await lmsLog(page);
          const { values } = written(log);
          const cmi = (await lmsState(page)).cmi;
          if (asked.length < total) {
            assert.ok(!sets(log).some((e) => e.args[0] === 'cmi.core.score.raw'), 'cmi.core.score.raw never written');
            assert.equal(values['cmi.core.lesson_status'], 'incomplete');
            assert.equal(values['cmi.core.exit'], 'suspend');
            assert.equal(cmi.core.lesson_status, 'incomplete', 'the LMS did not grade the unfinished attempt');
            assert.equal(cmi.core.score.raw, '', 'the LMS holds no score');
          }
          return moodle.nextLaunch(cmi, mastery);
        });
        if (asked.length === total) return; // one question: answering it finishes the quiz
        assert.deepEqual([saved.launch.entry, saved.launch.lesson_mode, saved.launch.credit], ['resume', 'normal', 'credit']);
        await session(scoPage, saved, async (frame) => {
          for (const q of asked) await drive.checkAnswered(frame, q, done.answers.get(q.id));
          assert.deepEqual(await drive.activeQuestions(frame), drawn, 'a bank keeps its draw (and order) after the relaunch');
          const open = (await activeScored(frame, plan)).filter((q) => !asked.includes(q));
          assert.ok(open.length > 0);
          const inputs = await frame.locator(`${sel('data-cp-question', open[0].id)} :is(input, select, button):enabled`).count();
          assert.ok(inputs > 0, 'the unanswered question can still be answered');
        });
      });

      it('(l) fail, retry while attempts last, end: the verdict the LMS computes; reopened in review, nothing written', async () => {
        const { plan, mastery } = get();
        let done;
        const saved = await session(scoPage, { launch: env.launch(scoPage) }, async (frame, page) => {
          const seen = await seeEverything(frame, plan);
          // Wrong every time; a quiz with unlimited attempts is passed at the third attempt.
          const limited = (q) => { const k = plan.quizzes.findIndex((z) => z.questions.includes(q.id)); return plan.quizzes[k].attempts != null; };
          const quiz = await takeQuizzes(frame, plan, (q, attempt) => (limited(q) || attempt < 3 ? pkg.wrongAnswer(q) : pkg.rightAnswer(q)));
          done = both(seen, quiz);
          for (const [k, qz] of plan.quizzes.entries()) {
            if (qz.attempts != null) assert.equal(done.attempts.get(k), qz.attempts, `quiz ${k}: every attempt used`);
            assert.match(await drive.quizSummary(frame, plan, k), new RegExp(plan.strings.quizScore.split('{score}')[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
          }
          await leave(page);
          const { values, interactions } = written(await lmsLog(page));
          const asked = interactions.filter((i) => i.type !== 'performance');
          assert.equal(asked.length, quiz.given + seen.answers.size, 'every attempt\'s answers journaled as new interactions');
          interactions.forEach((it, i) => assert.equal(it.index, i, 'appended at _count, no gap'));
          const { score, status } = pkg.expectedOutcome(plan, done, { mastery });
          assert.equal(values['cmi.core.lesson_status'], status);
          assert.equal(values['cmi.core.score.raw'], score || undefined);
          assert.ok(moodle.FINAL.has(status), 'every quiz is over');
          assert.equal(values['cmi.core.exit'], '', 'exit "" once finished');
          const cmi = (await lmsState(page)).cmi;
          assert.equal(cmi.core.lesson_status, status, 'the LMS computes the same verdict');
          pkg.checkState(plan, cmi.suspend_data, done);
          return moodle.nextLaunch(cmi, mastery);
        });
        assert.deepEqual([saved.launch.lesson_mode, saved.launch.entry, saved.launch.credit], ['review', '', 'no-credit']);
        await session(scoPage, saved, async (frame, page) => {
          const before = JSON.stringify((await lmsState(page)).cmi);
          assert.equal(await notice(frame), plan.strings.reviewMode, 'the learner is told it is a review');
          assert.equal(await frame.locator('[data-cp-resume]').isVisible(), false, 'no resume prompt');
          await checkLocked(frame, plan, done.answers);
          assert.equal(await frame.locator('[data-cp-retry]:visible').count(), 0, 'no retry in review');
          await runAxe(frame, 'in review mode');
          for (const [i] of plan.lessons.entries()) if (i > 0) await drive.next(frame, plan);
          await leave(page);
          const log = await lmsLog(page);
          assert.deepEqual(sets(log), [], 'review writes nothing');
          assert.ok(!log.some((e) => e.fn === 'LMSCommit'), 'nothing to commit');
          assert.equal(log.filter((e) => e.fn === 'LMSFinish').length, 1, 'the session is finished');
          const after = (await lmsState(page)).cmi;
          assert.deepEqual(
            [after.core.lesson_status, after.core.score.raw, after.suspend_data, after.core.lesson_location],
            (({ core, suspend_data: d }) => [core.lesson_status, core.score.raw, d, core.lesson_location])(JSON.parse(before)),
            'the LMS keeps what it had');
        });
      });

      it('(l2) a failed attempt is not final: incomplete, no score, resumable; a retry after the relaunch passes', async () => {
        const { plan, mastery } = get();
        if (!plan.quizzes.some((qz) => qz.attempts == null || qz.attempts > 1)) return; // one attempt each: (l) covers it
        const saved = await session(scoPage, { launch: env.launch(scoPage) }, async (frame, page) => {
          await takeQuizzes(frame, plan, (q) => pkg.wrongAnswer(q), () => false);
          await leave(page);
          const log = await lmsLog(page);
          const cmi = (await lmsState(page)).cmi;
          const retryable = plan.quizzes.some((qz) => qz.attempts == null || qz.attempts > 1);
          if (retryable && mastery) {
            assert.ok(!sets(log).some((e) => e.args[0] === 'cmi.core.score.raw'), 'no score while an attempt is left');
            assert.equal(cmi.core.lesson_status, 'incomplete', 'the LMS keeps the attempt open');
          }
          return moodle.nextLaunch(cmi, mastery);
        });
        if (saved.launch.lesson_mode !== 'normal') return;
        await session(scoPage, saved, async (frame, page) => {
          const seen = await seeEverything(frame, plan);
          for (const [k] of plan.quizzes.entries()) if (await drive.canRetry(frame, plan, k)) await drive.retry(frame, plan, k);
          const quiz = await takeQuizzes(frame, plan, (q) => pkg.rightAnswer(q));
          await leave(page);
          const { values } = written(await lmsLog(page));
          const attempts = new Map(plan.quizzes.map((qz, k) => [k, 2]));
          const { status, score } = pkg.expectedOutcome(plan, { ...both(seen, quiz), attempts }, { mastery });
          const cmi = (await lmsState(page)).cmi;
          assert.equal(cmi.core.lesson_status, status, 'the status the LMS holds');
          assert.equal(values['cmi.core.score.raw'], score || undefined);
          const state = pkg.decodeState(plan, cmi.suspend_data);
          state.quizzes.forEach((z, k) => assert.ok(z.attempt >= 2, `quiz ${k}: the retry is in the state`));
        });
      });

      it('(m) the mastery score the LMS gives overrides the course\'s, and the verdict agrees at the boundary', async () => {
        const { plan } = get();
        const n = attemptSize(plan);
        const score = (100 * (n - 1) / n).toFixed(2).replace(/\.?0+$/, '') || '0';
        for (const [mastery, verdict] of [[score, 'passed'], [String(Number(score) + 0.01), 'failed']]) {
          await session(scoPage, { launch: env.launch(scoPage, { mastery_score: mastery }) }, async (frame, page) => {
            const seen = await seeEverything(frame, plan);
            // In every attempt, the first question of the page's attempt is wrong, the others right.
            let wrongId = null;
            const quiz = await takeQuizzes(frame, plan, (q) => {
              if (wrongId === null) wrongId = q.id;
              return q.id === wrongId ? pkg.wrongAnswer(q) : pkg.rightAnswer(q);
            }, () => { wrongId = null; return true; });
            await leave(page);
            const { values } = written(await lmsLog(page));
            const expected = pkg.expectedOutcome(plan, both(seen, quiz), { mastery });
            const held = (await lmsState(page)).cmi.core.lesson_status;
            assert.equal(held, expected.status, `score ${score} against mastery ${mastery}`);
            assert.equal(values['cmi.core.score.raw'], expected.score || undefined, 'the score as written');
            if (moodle.FINAL.has(expected.status)) {
              assert.equal(expected.status, verdict, 'the verdict at the boundary');
              if (plan.quizzes.length === 1) assert.equal(values['cmi.core.score.raw'], score);
            }
            assert.equal((await lmsState(page)).cmi.core.lesson_status, values['cmi.core.lesson_status'], 'the LMS agrees');
          });
        }
      });

      it('(n) browse mode: the learner explores and answers, nothing is written, the LMS marks it browsed', async () => {
        const { plan } = get();
        await session(scoPage, { launch: env.launch(scoPage, { lesson_mode: 'browse', credit: 'no-credit' }) }, async (frame, page) => {
          assert.equal(await notice(frame), plan.strings.browseMode);
          await drive.fullRun(frame, plan);
          await leave(page);
          const log = await lmsLog(page);
          assert.deepEqual(sets(log), [], 'browse writes nothing');
          assert.equal(log.filter((e) => e.fn === 'LMSFinish').length, 1);
          assert.equal((await lmsState(page)).cmi.core.lesson_status, 'browsed', 'the LMS\'s own browse rule');
        });
      });

      it('(o) no-credit in normal mode: tracked as usual, and the verdict is the learner\'s', async () => {
        const { plan, mastery } = get();
        await session(scoPage, { launch: env.launch(scoPage, { credit: 'no-credit' }) }, async (frame, page) => {
          const done = await drive.fullRun(frame, plan);
          await leave(page);
          const { values, interactions } = written(await lmsLog(page));
          const { score, status } = pkg.expectedOutcome(plan, done, { mastery });
          assert.equal(values['cmi.core.lesson_status'], status);
          assert.equal(values['cmi.core.score.raw'], score || undefined);
          assert.equal(interactions.filter((i) => i.type !== 'performance').length, done.answers.size, 'every answer journaled');
          assert.equal((await lmsState(page)).cmi.core.lesson_status, status);
        });
      });

      it('(p) a finished attempt reopened in normal mode with entry "": no prompt, answers shown, nothing downgraded', async () => {
        const { plan, mastery } = get();
        let done;
        const saved = await session(scoPage, { launch: env.launch(scoPage) }, async (frame, page) => {
          done = await drive.fullRun(frame, plan);
          await leave(page);
          return moodle.nextLaunch((await lmsState(page)).cmi, mastery);
        });
        const final = saved.cmi.cmi.core.lesson_status;
        assert.ok(moodle.FINAL.has(final));
        // Some LMSs let a learner back into a finished attempt in normal mode, with entry "".
        saved.launch = { ...saved.launch, lesson_mode: 'normal', credit: 'credit' };
        await session(scoPage, saved, async (frame, page) => {
          assert.equal(await frame.locator('[data-cp-resume]').isVisible(), false, 'no resume prompt');
          await drive.expectLesson(frame, plan.lessons[0]);
          await checkLocked(frame, plan, done.answers);
          if (plan.lessons.length > 1) await drive.next(frame, plan);
          await leave(page);
          const log = await lmsLog(page);
          assert.ok(!sets(log).some((e) => e.args[0] === 'cmi.core.lesson_status'), 'the status is not written again');
          assert.equal(written(log).values['cmi.core.exit'], '', 'exit stays ""');
          assert.equal((await lmsState(page)).cmi.core.lesson_status, final);
        });
      });
    }

    it('(q) entry ab-initio with a state left in the LMS: a fresh start', async () => {
      const { plan, mastery } = get();
      const saved = await session(scoPage, { launch: env.launch(scoPage) }, async (frame, page) => {
        await drive.fullRun(frame, plan);
        await leave(page);
        return moodle.nextLaunch((await lmsState(page)).cmi, mastery);
      });
      saved.launch = { ...saved.launch, entry: 'ab-initio', lesson_mode: 'normal', credit: 'credit' };
      saved.cmi.cmi.core.lesson_status = 'not attempted';
      await session(scoPage, saved, async (frame, page) => {
        assert.equal(await frame.locator('[data-cp-resume]').isVisible(), false, 'no resume prompt');
        for (const q of plan.questions) {
          const open = await frame.locator(`${sel('data-cp-question', q.id)} :is(input, select, button[data-cp-move]):enabled`).count();
          assert.ok(open > 0, `${q.id} can be answered again`);
        }
        const lay = await drive.layout(frame, plan);
        const first = plan.lessons[0];
        const fresh = { ...empty(), viewedLessons: new Set([first]), viewedItems: new Set(drive.shownWithLesson(plan, lay, first)) };
        const { values } = written(await lmsLog(page));
        pkg.checkState(plan, values['cmi.suspend_data'], fresh, 'the state starts afresh');
      });
    });

    it('(r) the exit button ends the session: suspended while unfinished, a message, nothing after', async () => {
      const { plan } = get();
      await session(scoPage, { launch: env.launch(scoPage) }, async (frame, page) => {
        const exit = frame.locator('[data-cp-exit]');
        assert.equal(await exit.isVisible(), true, 'an exit button inside an LMS');
        assert.equal((await exit.textContent()).trim(), plan.strings.exitCourse);
        await exit.click();
        const ended = frame.locator('[data-cp-ended]');
        await ended.waitFor({ state: 'visible' });
        const values = written(await lmsLog(page)).values;
        const finished = moodle.FINAL.has(values['cmi.core.lesson_status']);
        assert.equal((await ended.textContent()).trim(), plan.strings[finished ? 'exitedDone' : 'exitedSaved']);
        assert.equal(values['cmi.core.exit'], finished ? '' : 'suspend');
        assert.equal(await frame.evaluate(() => document.activeElement && document.activeElement.hasAttribute('data-cp-ended')), true, 'focus on the message');
        assert.equal(await frame.locator('[data-cp-lesson]:visible').count(), 0, 'the lessons are gone');
        await runAxe(frame, 'once the learner has exited');
        const n = (await lmsLog(page)).length;
        assert.equal((await lmsLog(page)).filter((e) => e.fn === 'LMSFinish').length, 1, 'LMSFinish once');
        await page.evaluate(() => window.leaveSco());
        await page.waitForTimeout(200);
        assert.equal((await lmsLog(page)).length, n, 'no call once the learner has exited');
      });
    });

    if (hasLessons) {
      it('(s) deep links: #<lesson-id> opens a lesson, back and forward move between lessons, a bookmark still resumes', async () => {
        const { plan, mastery } = get();
        const [l1, l2] = plan.lessons;
        const last = plan.lessons[plan.lessons.length - 1];
        const hashOf = (frame) => frame.evaluate(() => location.hash);
        const saved = await session(scoPage, { launch: env.launch(scoPage), hash: `#${l2}` }, async (frame, page) => {
          await drive.expectLesson(frame, l2);
          assert.equal(await hashOf(frame), `#${l2}`);
          await drive.goTo(frame, l1);
          await drive.goTo(frame, last);
          assert.equal(await hashOf(frame), `#${last}`, 'the URL follows the lesson');
          await frame.evaluate(() => history.back());
          await drive.expectLesson(frame, l1);
          await frame.evaluate(() => history.back());
          await drive.expectLesson(frame, l2);
          await frame.evaluate(() => history.forward());
          await drive.expectLesson(frame, l1);
          await frame.evaluate((id) => { location.hash = `#lesson-${id}`; }, l1);
          await drive.expectLesson(frame, l1);
          await drive.goTo(frame, l2);
          await leave(page);
          const values = written(await lmsLog(page)).values;
          assert.equal(values['cmi.core.lesson_location'], l2, 'lessons reached through history are bookmarked too');
          return moodle.nextLaunch((await lmsState(page)).cmi, mastery);
        });
        // Relaunched by the LMS (no fragment): the bookmark is offered.
        await session(scoPage, saved, async (frame) => {
          const prompt = frame.locator('[data-cp-resume]');
          assert.equal(await prompt.isVisible(), true, 'resume prompt');
          await frame.locator('[data-cp-resume-yes]').click();
          await drive.expectLesson(frame, l2);
          assert.equal(await hashOf(frame), `#${l2}`);
        });
        // With a fragment, the link wins over the bookmark.
        await session(scoPage, { ...saved, hash: `#${last}` }, async (frame) => {
          await drive.expectLesson(frame, last);
          assert.equal(await frame.locator('[data-cp-resume]').isVisible(), false, 'no prompt over a deep link');
        });
      });
    }
  });
}
