'use strict';
// What a learner gets: keyboard use, accessibility (axe-core), no LMS, no JavaScript, small
// screens, and no request leaving the package.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { setup, pagesForNames } = require('../lib/suite');
const { openPage, openInLms, openAlone, leave, lmsLog } = require('../lib/browser');
const drive = require('../lib/drive');
const { runAxe } = require('../lib/axe');
const pkg = require('../lib/package');

const env = setup();
const { sel } = drive;

/** Press Tab until the focused element in `frame` matches `selector`. */
async function tabTo(page, frame, selector, max = 150) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await frame.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

const focused = (frame) => frame.evaluate(() => {
  const a = document.activeElement;
  return a ? { item: a.getAttribute('data-cp-item'), role: a.getAttribute('role'), tag: a.tagName } : null;
});

function checkRequests(rec, origin) {
  assert.deepEqual(rec.offsite, [], 'no request leaves the local server');
  const fromPackage = rec.requests.filter((r) => r.frameUrl.startsWith(`${origin}/pkg/`));
  assert.ok(fromPackage.length > 0, 'the package made its requests');
  const outside = fromPackage.filter((r) => !r.url.startsWith(`${origin}/pkg/`)).map((r) => r.url);
  assert.deepEqual(outside, [], 'every request of the package stays inside the package');
}

/** Answer q right with the keyboard only, whatever its type; returns the response given. */
async function answerByKeyboard(page, frame, q) {
  const form = sel('data-cp-question', q.id);
  const r = pkg.rightAnswer(q);
  switch (q.type || 'choice') {
    case 'fill-in':
    case 'numeric':
      await tabTo(page, frame, `${form} :is([data-cp-text], [data-cp-number])`);
      await page.keyboard.type(r);
      break;
    case 'matching':
      for (const [i, s] of q.sources.entries()) {
        await tabTo(page, frame, `${form} select${sel('data-cp-match', s)}`);
        // A closed select takes arrow keys: go down to the option wanted.
        for (let k = 0; k < 30 && (await frame.locator(`${form} select${sel('data-cp-match', s)}`).inputValue()) !== r[i]; k++) {
          await page.keyboard.press('ArrowDown');
        }
      }
      break;
    case 'sequencing':
      for (const [i, id] of r.entries()) {
        for (let guard = 0; guard < q.choices.length; guard++) {
          const order = await frame.locator(`${form} [data-cp-step]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-cp-step')));
          if (order.indexOf(id) <= i) break;
          await tabTo(page, frame, `${form} ${sel('data-cp-step', id)} [data-cp-move="up"]`);
          await page.keyboard.press('Enter');
        }
      }
      break;
    default:
      if (q.multiple) {
        for (const letter of q.choices) {
          await tabTo(page, frame, `${form} input[value="${letter}"]`);
          if (r.includes(letter)) await page.keyboard.press('Space');
        }
      } else {
        await tabTo(page, frame, `${form} input:checked, ${form} input`);
        await page.keyboard.press('Space');
        const order = await frame.locator(`${form} input`).evaluateAll((els) => els.map((e) => e.value));
        for (let k = 0; k < order.indexOf(r[0]); k++) await page.keyboard.press('ArrowDown');
      }
  }
  await tabTo(page, frame, `${form} button[type="submit"]`);
  await page.keyboard.press('Enter');
  return r;
}

for (const scoPage of pagesForNames()) {
  describe(`learner experience of ${scoPage}`, () => {
    const get = () => env.pages.find((p) => p.page === scoPage).plan;

    it('(c) keyboard only: pager, tabs (arrows, Home, End), carousel (Enter, Space), accordion, questions', async () => {
      const plan = get();
      const { context, page, rec } = await openPage(env.browser, env.origin);
      try {
        const frame = await openInLms(page, env.origin, scoPage);
        const lay = await drive.layout(frame, plan);
        const done = { viewedLessons: new Set(), viewedItems: new Set(), answers: new Map() };
        for (const [i, lessonId] of plan.lessons.entries()) {
          if (i > 0) {
            await tabTo(page, frame, '[data-cp-next]');
            await page.keyboard.press('Enter');
            await drive.expectLesson(frame, lessonId);
            const inLesson = await frame.evaluate((id) => {
              const s = document.activeElement.closest('[data-cp-lesson]');
              return !!s && s.getAttribute('data-cp-lesson') === id;
            }, lessonId);
            assert.ok(inLesson, 'focus moves into the new lesson');
          }
          done.viewedLessons.add(lessonId);
          for (const g of plan.groups.filter((g) => lay.groups[g.id] === lessonId)) {
            const root = sel(drive.KIND_ATTR[g.kind], g.id);
            const n = g.items.length;
            if (g.kind === 'tabs') {
              await tabTo(page, frame, `${root} [role="tab"][aria-selected="true"]`);
              const expectTab = async (k, key) => {
                await page.keyboard.press(key);
                const f = await focused(frame);
                assert.deepEqual(f, { item: g.items[k], role: 'tab', tag: 'BUTTON' }, `${key} focuses tab ${k + 1}`);
                assert.equal(await frame.locator(`${root} [role="tab"]${sel('data-cp-item', g.items[k])}`).getAttribute('aria-selected'), 'true', `${key} selects tab ${k + 1}`);
                assert.equal(await frame.locator(`${root} [role="tabpanel"]${sel('data-cp-item', g.items[k])}`).isVisible(), true, `${key} shows panel ${k + 1}`);
                assert.equal(await frame.locator(`${root} [role="tab"][tabindex="0"]`).count(), 1, 'roving tabindex');
              };
              for (let k = 1; k < n; k++) await expectTab(k, 'ArrowRight');
              await expectTab(0, 'ArrowRight');
              await expectTab(n - 1, 'ArrowLeft');
              await expectTab(0, 'Home');
              await expectTab(n - 1, 'End');
              await expectTab(n - 2 >= 0 ? n - 2 : 0, n > 1 ? 'ArrowLeft' : 'Home');
              await page.keyboard.press('Tab');
              assert.equal((await focused(frame)).role, 'tabpanel', 'Tab from the tab list goes to the panel');
            } else if (g.kind === 'carousel') {
              await tabTo(page, frame, `${root} [data-cp-slide-next]`);
              for (let k = 1; k < n; k++) {
                await page.keyboard.press(k % 2 ? 'Enter' : 'Space');
                assert.equal(await frame.locator(`${root} ${sel('data-cp-item', g.items[k])}`).isVisible(), true, `slide ${k + 1} shown`);
                assert.equal(await frame.evaluate(() => document.activeElement.hasAttribute('data-cp-slide-next')), true, 'focus stays on next');
              }
              assert.equal(await frame.locator(`${root} [data-cp-slide-position]`).textContent(), drive.fill(plan.strings.slideOf, { k: n, n }));
            } else {
              for (const [k, id] of g.items.entries()) {
                await tabTo(page, frame, `${root} button${sel('data-cp-item', id)}`);
                await page.keyboard.press(k % 2 ? 'Space' : 'Enter');
                assert.equal(await frame.locator(`${root} button${sel('data-cp-item', id)}`).getAttribute('aria-expanded'), 'true');
              }
            }
            g.items.forEach((id) => done.viewedItems.add(id));
          }
          const shown = new Set(await drive.activeQuestions(frame));
          for (const q of plan.questions.filter((q) => lay.questions[q.id] === lessonId && shown.has(q.id))) {
            const r = await answerByKeyboard(page, frame, q);
            await drive.checkAnswered(frame, q, r);
            const right = pkg.isRight(q, r);
            assert.equal((await frame.locator(`${sel('data-cp-question', q.id)} [data-cp-result]`).textContent()).trim(),
              plan.strings[right === null ? 'thanks' : 'correct']);
            assert.equal(await frame.evaluate(() => document.activeElement.hasAttribute('data-cp-result')), true, 'focus moves to the result');
            done.answers.set(q.id, r);
          }
        }
        await leave(page);
        const values = {};
        for (const e of await lmsLog(page)) if (e.fn === 'LMSSetValue') values[e.args[0]] = e.args[1];
        pkg.checkState(plan, values['cmi.suspend_data'], done, 'keyboard run tracked like a mouse run');
        assert.deepEqual(rec.pageErrors, []);
      } finally { await context.close(); }
    });

    it('(d) axe-core finds no violation on any lesson, in any state', async () => {
      const plan = get();
      const { context, page, rec } = await openPage(env.browser, env.origin);
      try {
        const frame = await openInLms(page, env.origin, scoPage);
        const lay = await drive.layout(frame, plan);
        for (const [i, lessonId] of plan.lessons.entries()) {
          if (i > 0) await drive.next(frame, plan);
          await runAxe(frame, `on lesson ${lessonId} as shown`);
          for (const g of plan.groups.filter((g) => lay.groups[g.id] === lessonId)) await drive.openGroup(frame, plan, g);
          const qs = plan.questions.filter((q) => lay.questions[q.id] === lessonId);
          const shown = new Set(await drive.activeQuestions(frame));
          for (const [k, q] of qs.filter((x) => shown.has(x.id)).entries()) await drive.answer(frame, plan, q, k % 2 ? pkg.rightAnswer(q) : pkg.wrongAnswer(q));
          await runAxe(frame, `on lesson ${lessonId} with every panel opened and every question answered`);
        }
        assert.deepEqual(rec.pageErrors, []);
      } finally { await context.close(); }
      // The resume prompt and the tracking-off notice.
      if (get().lessons.length > 1) {
        const again = await openPage(env.browser, env.origin);
        try {
          const cmi = { cmi: { core: { lesson_location: get().lessons[1], lesson_status: 'incomplete', entry: 'resume' } } };
          const frame = await openInLms(again.page, env.origin, scoPage, { cmi });
          assert.equal(await frame.locator('[data-cp-resume]').isVisible(), true);
          await runAxe(frame, 'with the resume prompt');
        } finally { await again.context.close(); }
      }
      const alone = await openPage(env.browser, env.origin);
      try {
        const frame = await openAlone(alone.page, env.origin, scoPage);
        assert.equal(await frame.locator('[data-cp-notice]').isVisible(), true);
        await runAxe(frame, 'with the tracking-off notice');
      } finally { await alone.context.close(); }
    });

    it('(e) without an LMS, or when LMSInitialize fails: content works, a notice shows, no error', async () => {
      const plan = get();
      const { context, page, rec } = await openPage(env.browser, env.origin);
      try {
        const frame = await openAlone(page, env.origin, scoPage);
        const notice = frame.locator('[data-cp-notice]');
        assert.equal(await notice.isVisible(), true, 'tracking-off notice visible');
        assert.equal((await notice.textContent()).trim(), plan.strings.trackingOff);
        assert.equal(await frame.locator('[data-cp-resume]').isVisible(), false);
        await drive.fullRun(frame, plan);
        assert.deepEqual(rec.pageErrors, [], 'no uncaught exception');
        assert.deepEqual(rec.consoleErrors, [], 'no console error');
      } finally { await context.close(); }

      const broken = await openPage(env.browser, env.origin);
      try {
        const frame = await openInLms(broken.page, env.origin, scoPage, { fail: 'initialize' });
        assert.equal(await frame.locator('[data-cp-notice]').isVisible(), true, 'notice when LMSInitialize fails');
        await drive.fullRun(frame, plan);
        await broken.page.evaluate(() => window.leaveSco());
        await broken.page.waitForTimeout(200);
        const calls = (await lmsLog(broken.page)).map((e) => e.fn).filter((f) => !/^LMSGet(LastError|ErrorString|Diagnostic)$/.test(f));
        assert.deepEqual(calls, ['LMSInitialize'], 'tracking off after a failed LMSInitialize');
        assert.deepEqual(broken.rec.pageErrors, []);
      } finally { await broken.context.close(); }
    });

    it('(g) no request leaves the package', async () => {
      const plan = get();
      const inLms = await openPage(env.browser, env.origin);
      try {
        const frame = await openInLms(inLms.page, env.origin, scoPage);
        await drive.fullRun(frame, plan);
        await leave(inLms.page);
        checkRequests(inLms.rec, env.origin);
      } finally { await inLms.context.close(); }
      const alone = await openPage(env.browser, env.origin);
      try {
        const frame = await openAlone(alone.page, env.origin, scoPage);
        await drive.fullRun(frame, plan);
        checkRequests(alone.rec, env.origin);
      } finally { await alone.context.close(); }
    });

    it('(h) 320 px wide: the course in the first screen, no horizontal scroll, touch targets at least 44 px', async () => {
      const plan = get();
      const { context, page, rec } = await openPage(env.browser, env.origin, { viewport: { width: 320, height: 640 } });
      try {
        const frame = await openInLms(page, env.origin, scoPage);
        const lay = await drive.layout(frame, plan);
        // The first screen shows the course, not the menu: the cover's title while the cover is
        // open, else the first lesson's title, within 320 × 640 without scrolling.
        const first = await frame.evaluate((id) => {
          const cover = document.querySelector('[data-cp-cover-open] .cp-course-title');
          const el = cover || document.getElementById(`lesson-title-${id}`);
          const r = el.getBoundingClientRect();
          return { what: cover ? 'cover title' : 'lesson title', top: r.top, bottom: r.bottom };
        }, plan.lessons[0]);
        assert.ok(first.top >= 0 && first.bottom <= 640, `the ${first.what} is in the first screen (${first.top}–${first.bottom})`);
        for (const [i, lessonId] of plan.lessons.entries()) {
          if (i > 0) await drive.next(frame, plan);
          for (const g of plan.groups.filter((g) => lay.groups[g.id] === lessonId)) await drive.openGroup(frame, plan, g);
          const m = await frame.evaluate(() => ({
            scroll: document.documentElement.scrollWidth,
            width: document.documentElement.clientWidth,
            small: [...document.querySelectorAll('button, [data-cp-goto], .cp-choice')]
              .filter((el) => el.offsetParent !== null)
              .map((el) => ({ el: el.outerHTML.slice(0, 80), h: el.getBoundingClientRect().height }))
              .filter((x) => x.h < 44),
          }));
          assert.equal(m.width, 320);
          assert.ok(m.scroll <= m.width, `lesson ${lessonId} scrolls sideways at 320 px (${m.scroll} > ${m.width})`);
          assert.deepEqual(m.small, [], 'touch targets under 44 px');
        }
        assert.deepEqual(rec.pageErrors, []);
      } finally { await context.close(); }
    });

    it('(i) without JavaScript every lesson and panel is readable', async () => {
      const plan = get();
      const context = await env.browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto(`${env.origin}/pkg/${scoPage}`);
        for (const id of plan.lessons) assert.equal(await page.locator(sel('data-cp-lesson', id)).isVisible(), true, `lesson ${id} visible`);
        for (const g of plan.groups) {
          for (const id of g.items) {
            const panel = g.kind === 'accordion'
              ? page.locator(`${sel('data-cp-accordion', g.id)} [role="region"]`).nth(g.items.indexOf(id))
              : page.locator(`${sel(drive.KIND_ATTR[g.kind], g.id)} ${g.kind === 'tabs' ? '[role="tabpanel"]' : ''}${sel('data-cp-item', id)}`);
            assert.equal(await panel.isVisible(), true, `${id} readable`);
          }
        }
        assert.equal(await page.locator('[data-cp-next]').isVisible(), false, 'controls that need JavaScript are hidden');
      } finally { await context.close(); }
    });
  });
}
