'use strict';
// Drives a coursepack page through its DOM hooks (docs/runtime.md), from its page data: which
// lesson holds which group or question is read from the DOM, never assumed.
const assert = require('node:assert/strict');
// lib/package.js requires nothing of this file; loaded lazily all the same.
const pkg = () => require('./package');

const KIND_ATTR = { tabs: 'data-cp-tabs', carousel: 'data-cp-carousel', accordion: 'data-cp-accordion' };
// Ids hold only A-Z a-z 0-9 . _ - so they can sit inside a quoted attribute selector as they are.
const sel = (attr, value) => `[${attr}="${value}"]`;

function fill(template, vars) {
  return Object.entries(vars).reduce((s, [k, v]) => s.split(`{${k}}`).join(String(v)), template);
}

/** { groups: {groupId: lessonId}, questions: {questionId: lessonId} } read from the DOM. */
function layout(frame, plan) {
  return frame.evaluate(({ plan, KIND_ATTR }) => {
    const find = (attr, v) => [...document.querySelectorAll(`[${attr}]`)].find((e) => e.getAttribute(attr) === v);
    const lessonOf = (el) => (el && el.closest('[data-cp-lesson]') ? el.closest('[data-cp-lesson]').getAttribute('data-cp-lesson') : null);
    const groups = {};
    for (const g of plan.groups) groups[g.id] = lessonOf(find(KIND_ATTR[g.kind], g.id));
    const questions = {};
    for (const q of plan.questions) questions[q.id] = lessonOf(find('data-cp-question', q.id));
    return { groups, questions };
  }, { plan, KIND_ATTR });
}

function currentLesson(frame) {
  return frame.evaluate(() => {
    const shown = [...document.querySelectorAll('[data-cp-lesson]')].filter((s) => !s.hidden);
    return shown.length === 1 ? shown[0].getAttribute('data-cp-lesson') : null;
  });
}

async function expectLesson(frame, id) {
  await frame.waitForFunction((id) => {
    const shown = [...document.querySelectorAll('[data-cp-lesson]')].filter((s) => !s.hidden);
    return shown.length === 1 && shown[0].getAttribute('data-cp-lesson') === id;
  }, id, { timeout: 5000 });
}

async function next(frame, plan) {
  const before = await currentLesson(frame);
  const i = plan.lessons.indexOf(before);
  await frame.locator('[data-cp-next]').click();
  await expectLesson(frame, plan.lessons[i + 1]);
}

async function goTo(frame, lessonId) {
  const link = frame.locator(sel('data-cp-goto', lessonId));
  // On a small screen the menu is folded behind its button: unfold it first.
  const toggle = frame.locator('[data-cp-menu-toggle]');
  if (!(await link.isVisible()) && (await toggle.count()) && (await toggle.isVisible())) await toggle.click();
  await link.click();
  await expectLesson(frame, lessonId);
}

/** Show every item of a group with the mouse, checking the widget's ARIA state at each step. */
async function openGroup(frame, plan, group) {
  const root = frame.locator(sel(KIND_ATTR[group.kind], group.id));
  if (group.kind === 'tabs') {
    for (const id of group.items) {
      const tab = root.locator(`[role="tab"]${sel('data-cp-item', id)}`);
      await tab.click();
      assert.equal(await tab.getAttribute('aria-selected'), 'true', `tab ${id} selected`);
      const panel = root.locator(`[role="tabpanel"]${sel('data-cp-item', id)}`);
      assert.equal(await panel.isVisible(), true, `panel of ${id} visible`);
      assert.equal(await root.locator('[role="tabpanel"]:not([hidden])').count(), 1, 'one tab panel shown');
    }
  } else if (group.kind === 'carousel') {
    const n = group.items.length;
    for (let k = 0; k < n; k++) {
      if (k > 0) await root.locator('[data-cp-slide-next]').click();
      const slide = root.locator(sel('data-cp-item', group.items[k]));
      assert.equal(await slide.isVisible(), true, `slide ${group.items[k]} visible`);
      assert.equal(await slide.getAttribute('aria-label'), fill(plan.strings.slideOf, { k: k + 1, n }));
      assert.equal(await root.locator('[data-cp-item]:not([hidden])').count(), 1, 'one slide shown');
    }
    // No wrapping past the last slide: next is marked disabled (but stays focusable) and does nothing.
    assert.equal(await root.locator('[data-cp-slide-next]').getAttribute('aria-disabled'), 'true');
    await root.locator('[data-cp-slide-next]').click({ force: true });
    assert.equal(await root.locator(sel('data-cp-item', group.items[n - 1])).isVisible(), true, 'last slide stays');
  } else {
    for (const id of group.items) {
      const button = root.locator(`button${sel('data-cp-item', id)}`);
      await button.click();
      assert.equal(await button.getAttribute('aria-expanded'), 'true', `panel ${id} expanded`);
      const region = frame.locator(`[id="${await button.getAttribute('aria-controls')}"]`);
      assert.equal(await region.isVisible(), true, `panel ${id} visible`);
    }
  }
}

const qsel = (id) => sel('data-cp-question', id);

/** Put response `r` into question q's form (docs/runtime.md's DOM per type), without submitting. */
async function fillIn(frame, q, r) {
  const form = frame.locator(qsel(q.id));
  switch (q.type || 'choice') {
    case 'fill-in': await form.locator('[data-cp-text]').fill(r); break;
    case 'numeric': await form.locator('[data-cp-number]').fill(r); break;
    case 'matching':
      for (const [i, s] of q.sources.entries()) await form.locator(`select${sel('data-cp-match', s)}`).selectOption(r[i]);
      break;
    case 'sequencing':
      // Move each step up with its own button until it stands at its place.
      for (const [i, id] of r.entries()) {
        for (let guard = 0; guard < q.choices.length; guard++) {
          const order = await form.locator('[data-cp-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-cp-step')));
          if (order.indexOf(id) <= i) break;
          await form.locator(`${sel('data-cp-step', id)} [data-cp-move="up"]`).click();
        }
      }
      break;
    default:
      for (const letter of r) await checkInput(form.locator(`input[value="${letter}"]`));
  }
}

/** Ticks a radio button or checkbox with the mouse, and asserts it is ticked. On a loaded
    2-core CI machine Chromium once took a click without the input's state following (Playwright:
    "Clicking the checkbox did not change its state"; not reproduced in 15 runs since): one more
    click is what a learner would do, and the assertion still fails if the input never ticks. */
async function checkInput(input) {
  try {
    await input.check();
  } catch (e) {
    if (!/did not change its state/.test(String(e && e.message))) throw e;
    console.log(`drive: a click did not tick ${await input.evaluate((i) => (i.closest('[data-cp-question]') || i).getAttribute('data-cp-question') + ' ' + i.value)}; clicking again`);
    await new Promise((r) => setTimeout(r, 200));
    await input.check();
  }
  assert.equal(await input.isChecked(), true, 'the input is ticked');
}

/** Answer a question with the mouse and check the result and feedback shown. */
async function answer(frame, plan, q, r) {
  const form = frame.locator(qsel(q.id));
  await fillIn(frame, q, r);
  await form.locator('button[type="submit"]').click();
  const result = form.locator('[data-cp-result]');
  await frame.waitForFunction((id) => {
    const f = [...document.querySelectorAll('[data-cp-question]')].find((e) => e.getAttribute('data-cp-question') === id);
    return f && f.hasAttribute('data-cp-answered');
  }, q.id);
  const right = pkg().isRight(q, r);
  assert.equal((await result.textContent()).trim(), plan.strings[right === null ? 'thanks' : right ? 'correct' : 'incorrect']);
  await checkAnswered(frame, q, r);
}

/** A question shows an answer: that response, every control disabled, the feedback of the outcome. */
async function checkAnswered(frame, q, given) {
  const state = await frame.evaluate((id) => {
    const f = [...document.querySelectorAll('[data-cp-question]')].find((e) => e.getAttribute('data-cp-question') === id);
    const shown = (sel) => [...f.querySelectorAll(sel)].filter((d) => !d.hidden);
    return {
      checked: [...f.querySelectorAll('input[type=radio], input[type=checkbox]')].filter((i) => i.checked).map((i) => i.value),
      text: (f.querySelector('[data-cp-text], [data-cp-number]') || {}).value,
      matches: [...f.querySelectorAll('select[data-cp-match]')].map((s) => s.value),
      steps: [...f.querySelectorAll('[data-cp-step]')].map((e) => e.getAttribute('data-cp-step')),
      enabled: [...f.querySelectorAll('input, select, button')].filter((i) => !i.disabled).length,
      feedback: shown('[data-cp-feedback]').map((d) => d.getAttribute('data-cp-feedback')),
      withFeedback: [...f.querySelectorAll('[data-cp-feedback]')].map((d) => d.getAttribute('data-cp-feedback')),
      outcome: [shown('[data-cp-feedback-correct]').length, shown('[data-cp-feedback-incorrect]').length],
      hasOutcome: [f.querySelectorAll('[data-cp-feedback-correct]').length, f.querySelectorAll('[data-cp-feedback-incorrect]').length],
      result: f.querySelector('[data-cp-result]').textContent.trim(),
    };
  }, q.id);
  const type = q.type || 'choice';
  if (type === 'fill-in' || type === 'numeric') assert.equal(state.text, given, `${q.id}: the answer typed`);
  else if (type === 'matching') assert.deepEqual(state.matches, given, `${q.id}: the matches chosen`);
  else if (type === 'sequencing') assert.deepEqual(state.steps, given, `${q.id}: the order given`);
  else {
    const letters = q.choices.filter((l) => given.includes(l));
    assert.deepEqual(q.choices.filter((l) => state.checked.includes(l)), letters, `${q.id}: chosen letters shown`);
    assert.deepEqual(state.feedback.sort(), state.withFeedback.filter((l) => letters.includes(l)).sort(), `${q.id}: feedback of chosen choices only`);
  }
  assert.equal(state.enabled, 0, `${q.id}: every control disabled once answered`);
  const right = pkg().isRight(q, given);
  if (right !== null) {
    assert.deepEqual(state.outcome, [right ? state.hasOutcome[0] : 0, right ? 0 : state.hasOutcome[1]], `${q.id}: the outcome's feedback only`);
  }
  assert.notEqual(state.result, '', `${q.id}: result shown`);
}

/** Ids of the questions shown in this attempt (a bank hides those it did not draw). */
function activeQuestions(frame) {
  return frame.evaluate(() => [...document.querySelectorAll('[data-cp-question]')].filter((f) => !f.hidden).map((f) => f.getAttribute('data-cp-question')));
}

const quizSel = (qz) => sel('data-cp-quiz', qz.id == null ? '' : qz.id);

/**
 * Answer every question of quiz `k` shown in this attempt and not answered yet, with `pick(q)`;
 * goes to each question's lesson. Returns Map id -> response.
 */
async function answerQuiz(frame, plan, k, pick) {
  const lay = await layout(frame, plan);
  const shown = new Set(await activeQuestions(frame));
  const done = new Map();
  for (const id of plan.quizzes[k].questions.filter((id) => shown.has(id))) {
    const q = plan.questions.find((x) => x.id === id);
    const answered = await frame.locator(`${qsel(id)}[data-cp-answered]`).count();
    if (answered) continue;
    if ((await currentLesson(frame)) !== lay.questions[id]) await goTo(frame, lay.questions[id]);
    const r = pick(q);
    await answer(frame, plan, q, r);
    done.set(id, r);
  }
  return done;
}

/** Whether quiz `k` offers another attempt now. */
async function canRetry(frame, plan, k) {
  return frame.locator(`${quizSel(plan.quizzes[k])} [data-cp-retry]`).isVisible();
}

/** Start the next attempt of quiz `k` with its retry button; every question is open again. */
async function retry(frame, plan, k) {
  const qz = plan.quizzes[k];
  const lay = await layout(frame, plan);
  const where = lay.questions[qz.questions[0]];
  if (qz.id != null && (await currentLesson(frame)) !== where) await goTo(frame, where);
  await frame.locator(`${quizSel(qz)} [data-cp-retry]`).click();
  const open = await frame.evaluate((ids) => ids.filter((id) => {
    const f = [...document.querySelectorAll('[data-cp-question]')].find((e) => e.getAttribute('data-cp-question') === id);
    return f && !f.hidden && !f.hasAttribute('data-cp-answered');
  }).length, qz.questions);
  assert.ok(open > 0, 'a retry opens the questions again');
}

/** The quiz's result line. */
function quizSummary(frame, plan, k) {
  return frame.locator(`${quizSel(plan.quizzes[k])} [data-cp-quiz-summary]`).textContent();
}

/**
 * Visit every lesson with the pager and, in each, show every item and answer every question
 * (correctly unless `answers` maps a question id to other letters). Returns what was done.
 */
async function fullRun(frame, plan, { answers = new Map(), skip = new Set() } = {}) {
  const lay = await layout(frame, plan);
  const shown = new Set(await activeQuestions(frame));
  // `active`: the scored questions of this attempt (a bank's draw), for pkg.expectedOutcome.
  const active = new Set(plan.questions.filter((q) => q.scored !== false && shown.has(q.id)).map((q) => q.id));
  const done = { viewedLessons: new Set(), viewedItems: new Set(), answers: new Map(), active };
  for (const [i, lessonId] of plan.lessons.entries()) {
    if (i > 0) await next(frame, plan);
    else if ((await currentLesson(frame)) !== lessonId) await goTo(frame, lessonId);
    done.viewedLessons.add(lessonId);
    for (const g of plan.groups.filter((g) => lay.groups[g.id] === lessonId)) {
      await openGroup(frame, plan, g);
      g.items.forEach((id) => done.viewedItems.add(id));
    }
    const active = new Set(await activeQuestions(frame));
    for (const q of plan.questions.filter((q) => lay.questions[q.id] === lessonId && !skip.has(q.id) && active.has(q.id))) {
      const r = answers.get(q.id) || pkg().rightAnswer(q);
      await answer(frame, plan, q, r);
      done.answers.set(q.id, r);
    }
  }
  return done;
}

/** Items shown by default when their lesson is shown: the first tab and slide of each group. */
function shownWithLesson(plan, lay, lessonId) {
  return plan.groups.filter((g) => lay.groups[g.id] === lessonId && g.kind !== 'accordion').map((g) => g.items[0]);
}

module.exports = {
  KIND_ATTR, sel, fill, layout, currentLesson, expectLesson, next, goTo, openGroup, fillIn, answer, checkAnswered, activeQuestions,
  fullRun, shownWithLesson, answerQuiz, canRetry, retry, quizSummary,
};
