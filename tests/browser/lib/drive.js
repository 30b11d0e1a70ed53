'use strict';
// Drives a coursepack page through its DOM hooks (docs/runtime.md), from its page data: which
// lesson holds which group or question is read from the DOM, never assumed.
const assert = require('node:assert/strict');

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
  await frame.locator(sel('data-cp-goto', lessonId)).click();
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

/** Answer a question with the mouse and check the feedback shown. */
async function answer(frame, plan, q, letters) {
  const form = frame.locator(sel('data-cp-question', q.id));
  for (const letter of letters) await form.locator(`input[value="${letter}"]`).check();
  await form.locator('button[type="submit"]').click();
  const right = letters.length === q.correct.length && q.correct.every((l) => letters.includes(l));
  const result = form.locator('[data-cp-result]');
  await frame.waitForFunction((id) => {
    const f = [...document.querySelectorAll('[data-cp-question]')].find((e) => e.getAttribute('data-cp-question') === id);
    return f && f.querySelector('[data-cp-result]').textContent.trim() !== '';
  }, q.id);
  assert.equal((await result.textContent()).trim(), plan.strings[right ? 'correct' : 'incorrect']);
  await checkAnswered(frame, q, letters);
}

/** A question shows an answer: those letters checked, every input disabled, their feedback shown. */
async function checkAnswered(frame, q, given) {
  const letters = q.choices.filter((l) => given.includes(l));
  const state = await frame.evaluate((id) => {
    const f = [...document.querySelectorAll('[data-cp-question]')].find((e) => e.getAttribute('data-cp-question') === id);
    return {
      checked: [...f.querySelectorAll('input')].filter((i) => i.checked).map((i) => i.value),
      enabled: [...f.querySelectorAll('input, button')].filter((i) => !i.disabled).length,
      feedback: [...f.querySelectorAll('[data-cp-feedback]')].filter((d) => !d.hidden).map((d) => d.getAttribute('data-cp-feedback')),
      withFeedback: [...f.querySelectorAll('[data-cp-feedback]')].map((d) => d.getAttribute('data-cp-feedback')),
      result: f.querySelector('[data-cp-result]').textContent.trim(),
    };
  }, q.id);
  assert.deepEqual(state.checked, letters, `${q.id}: chosen letters shown`);
  assert.equal(state.enabled, 0, `${q.id}: inputs and button disabled once answered`);
  assert.deepEqual(state.feedback, state.withFeedback.filter((l) => letters.includes(l)), `${q.id}: feedback of chosen choices only`);
  assert.notEqual(state.result, '', `${q.id}: result shown`);
}

/**
 * Visit every lesson with the pager and, in each, show every item and answer every question
 * (correctly unless `answers` maps a question id to other letters). Returns what was done.
 */
async function fullRun(frame, plan, { answers = new Map(), skip = new Set() } = {}) {
  const lay = await layout(frame, plan);
  const done = { viewedLessons: new Set(), viewedItems: new Set(), answers: new Map() };
  for (const [i, lessonId] of plan.lessons.entries()) {
    if (i > 0) await next(frame, plan);
    else if ((await currentLesson(frame)) !== lessonId) await goTo(frame, lessonId);
    done.viewedLessons.add(lessonId);
    for (const g of plan.groups.filter((g) => lay.groups[g.id] === lessonId)) {
      await openGroup(frame, plan, g);
      g.items.forEach((id) => done.viewedItems.add(id));
    }
    for (const q of plan.questions.filter((q) => lay.questions[q.id] === lessonId && !skip.has(q.id))) {
      const letters = answers.get(q.id) || q.correct;
      await answer(frame, plan, q, letters);
      done.answers.set(q.id, letters);
    }
  }
  return done;
}

/** Items shown by default when their lesson is shown: the first tab and slide of each group. */
function shownWithLesson(plan, lay, lessonId) {
  return plan.groups.filter((g) => lay.groups[g.id] === lessonId && g.kind !== 'accordion').map((g) => g.items[0]);
}

module.exports = {
  KIND_ATTR, sel, fill, layout, currentLesson, expectLesson, next, goTo, openGroup, answer, checkAnswered, fullRun, shownWithLesson,
};
