'use strict';
// The designed theme in Chromium, on the branded fixture tests/fixtures/valid/branded (a [theme]
// table: colours, logo, cover picture, a system font stack and a WOFF2 heading font) built as
// SCORM 1.2 and unpacked into COURSEPACK_THEME_DIR: the course's colours and fonts applied, the
// cover → lessons → summary flow, the menu's completion marks, the menu folded at 320 px, the
// carousel's slide indicators, the print style sheet, and axe-core on every state.
// Without COURSEPACK_THEME_DIR or Chromium every test fails: nothing is skipped.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('../lib/server');
const { launch, openPage, openInLms, openAlone, leave, lmsState } = require('../lib/browser');
const drive = require('../lib/drive');
const { runAxe } = require('../lib/axe');
const pkg = require('../lib/package');
const moodle = require('../lib/moodle');

const { sel } = drive;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 320, height: 640 };

function themeDir() {
  const dir = process.env.COURSEPACK_THEME_DIR;
  if (!dir) throw new Error('COURSEPACK_THEME_DIR is not set: point it at the unpacked SCORM 1.2 package of tests/fixtures/valid/branded (scripts/test.sh builds and unpacks it)');
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new Error(`COURSEPACK_THEME_DIR=${dir} is not a folder`);
  return abs;
}

const env = {};
let setup = null;
function ready() {
  if (!setup) {
    setup = (async () => {
      env.dir = themeDir();
      pkg.checkChromium();
      env.plan = pkg.readPlan(env.dir, 'index.html');
      env.mastery = pkg.scoMastery(env.dir, 'index.html');
      env.server = await startServer(env.dir);
      env.origin = env.server.origin;
      env.browser = await launch();
    })();
  }
  return setup;
}
after(async () => {
  if (env.browser) await env.browser.close();
  if (env.server) await env.server.close();
});
const test = (name, fn) => it(name, async () => { await ready(); await fn(); });

/** A session in the harness at `viewport`; `run(frame, page)`; the context is always closed. */
async function session(viewport, options, run) {
  const { context, page, rec } = await openPage(env.browser, env.origin, { viewport });
  try {
    const frame = await openInLms(page, env.origin, 'index.html', { launch: { mastery_score: env.mastery }, ...options });
    const out = await run(frame, page);
    assert.deepEqual(rec.pageErrors, [], 'no uncaught exception');
    return out;
  } finally { await context.close(); }
}

const rgb = (hex) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
const visible = (frame, selector) => frame.locator(selector).first().isVisible();
const coverOpen = (frame) => frame.evaluate(() => document.querySelector('[data-cp-header]').hasAttribute('data-cp-cover-open'));
const status = (frame, id) => frame.locator(`[data-cp-toc-lesson="${id}"]`).getAttribute('data-cp-status');

/** Through the last lesson with the pager, then the finish button: the summary is shown. */
async function toSummary(frame) {
  const plan = env.plan;
  while ((await drive.currentLesson(frame)) !== plan.lessons[plan.lessons.length - 1]) await drive.next(frame, plan);
  assert.equal(await visible(frame, '[data-cp-next]'), false, 'no Next on the last lesson');
  await frame.locator('[data-cp-finish]').click();
  await frame.waitForFunction(() => !document.querySelector('[data-cp-summary]').hidden);
  assert.equal(await drive.currentLesson(frame), null, 'no lesson shown behind the summary');
}

describe('the designed theme (tests/fixtures/valid/branded)', () => {
  test('the [theme] colours, logo and fonts are applied', async () => {
    await session(DESKTOP, {}, async (frame) => {
      const s = await frame.evaluate(async () => {
        await document.fonts.ready;
        const css = (el, p) => getComputedStyle(el).getPropertyValue(p).trim();
        const link = document.querySelector('main a[href^="https://"]');
        const h2 = document.querySelector('.cp-lesson-title');
        return {
          accent: css(document.documentElement, '--cp-accent'),
          bg: css(document.body, 'background-color'),
          text: css(document.body, 'color'),
          button: css(document.querySelector('[data-cp-start]'), 'background-color'),
          buttonText: css(document.querySelector('[data-cp-start]'), 'color'),
          link: link && css(link, 'color'),
          bodyFont: css(document.body, 'font-family'),
          headingFont: css(h2, 'font-family'),
          headingLoaded: document.fonts.check('700 32px cp-heading'),
          faces: [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'cp-heading').map((f) => f.status),
          logo: (() => { const i = document.querySelector('.cp-logo'); return i && { alt: i.alt, ok: i.complete && i.naturalWidth > 0 }; })(),
          cover: (() => { const i = document.querySelector('.cp-cover-image'); return i && { alt: i.alt, ok: i.complete && i.naturalWidth > 0 }; })(),
        };
      });
      assert.equal(s.accent, '#0f6e66');
      assert.equal(s.bg, rgb('#fbf8f3'), 'background colour');
      assert.equal(s.text, rgb('#2a2320'), 'text colour');
      assert.equal(s.button, rgb('#0f6e66'), 'primary button in the accent');
      assert.equal(s.buttonText, rgb('#fbf8f3'), 'its label in the background colour');
      assert.equal(s.link, rgb('#0f6e66'), 'links in the accent');
      assert.match(s.bodyFont, /^Seravek,/, 'body text in the humanist stack');
      assert.match(s.headingFont, /^"?cp-heading"?,/, 'headings in the course font');
      assert.deepEqual(s.faces, ['loaded'], 'the WOFF2 file of the package is loaded');
      assert.equal(s.headingLoaded, true);
      assert.deepEqual(s.logo, { alt: 'Roastery Academy', ok: true }, 'the logo, with its text alternative');
      assert.deepEqual(s.cover, { alt: '', ok: true }, 'the cover picture, decorative');
    });
  });

  test('cover → start → lessons → summary → exit, and the menu marks each lesson as it completes', async () => {
    const plan = env.plan;
    await session(DESKTOP, {}, async (frame, page) => {
      const lay = await drive.layout(frame, plan);
      // The cover: open, with the start button; the first lesson under it.
      assert.equal(await coverOpen(frame), true, 'the course opens on its cover');
      assert.equal(await visible(frame, '[data-cp-start]'), true);
      assert.equal(await visible(frame, '[data-cp-resume]'), false);
      assert.equal((await frame.locator('.cp-cover-meta').innerText()).replace(/\s+/g, ' ').trim(), '3 lessons About 20 min');
      await frame.locator('[data-cp-start]').click();
      assert.equal(await coverOpen(frame), false, 'start closes the cover');
      assert.equal(await frame.evaluate((id) => document.activeElement.id === `lesson-title-${id}`, plan.lessons[0]), true, 'focus on the first lesson title');

      // Marks: the first lesson is in progress until its carousel is seen, then complete.
      const [first, second, third] = plan.lessons;
      assert.deepEqual([await status(frame, first), await status(frame, second), await status(frame, third)], ['started', 'new', 'new']);
      const markText = (id) => frame.locator(`[data-cp-toc-lesson="${id}"] [data-cp-mark-text]`).textContent();
      assert.equal(await markText(second), `, ${plan.strings.statusNew}`);
      for (const g of plan.groups.filter((g) => lay.groups[g.id] === first)) await drive.openGroup(frame, plan, g);
      assert.equal(await status(frame, first), 'done', 'every slide seen: the lesson is complete');
      assert.equal(await markText(first), `, ${plan.strings.statusDone}`);
      assert.equal(await frame.locator('[data-cp-lessons-done]').textContent(), drive.fill(plan.strings.lessonsDone, { k: 1, n: 3 }));

      await drive.next(frame, plan);
      assert.equal(await status(frame, second), 'started');
      // The summary before everything is done: what remains, linked.
      await toSummary(frame);
      assert.equal(await frame.locator('[data-cp-summary-status]').textContent(), plan.strings.summaryIncomplete);
      const todo = await frame.locator('[data-cp-summary-list] li').allInnerTexts();
      assert.equal(todo.length, 2, `lessons 2 and 3 remain: ${todo}`);
      assert.match(todo[0], new RegExp(drive.fill(plan.strings.remainItems, { n: 4 })));
      assert.match(todo[1], new RegExp(drive.fill(plan.strings.remainQuestions, { n: 1 })));
      await runAxe(frame, 'on the summary with things left to do');
      await frame.locator('[data-cp-summary-list] a').first().click();
      await drive.expectLesson(frame, second);
      assert.equal(await visible(frame, '[data-cp-summary]'), false, 'a link leaves the summary');

      for (const g of plan.groups.filter((g) => lay.groups[g.id] === second)) await drive.openGroup(frame, plan, g);
      assert.equal(await status(frame, second), 'done');
      await drive.next(frame, plan);
      const q = plan.questions[0];
      await drive.answer(frame, plan, q, pkg.rightAnswer(q));
      assert.equal(await status(frame, third), 'done', 'the question answered: the last lesson is complete');
      await toSummary(frame);
      assert.equal(await frame.locator('[data-cp-summary-status]').textContent(), plan.strings.summaryPassed);
      assert.equal(await frame.locator('[data-cp-summary-score]').textContent(), drive.fill(plan.strings.score, { score: 100 }));
      assert.equal(await visible(frame, '[data-cp-summary-todo]'), false, 'nothing left to do');
      assert.equal(await frame.locator('[data-cp-summary]').getAttribute('data-cp-status'), 'passed');
      await runAxe(frame, 'on the summary of a passed course');
      // Exit from the summary: the session ends as with the header's button.
      await frame.locator('[data-cp-summary-exit]').click();
      await frame.waitForFunction(() => !document.querySelector('[data-cp-ended]').hidden);
      assert.equal(await visible(frame, '[data-cp-summary]'), false);
      const cmi = (await lmsState(page)).cmi;
      assert.equal(cmi.core.lesson_status, 'passed');
      // Review: the course reopens on its cover; the lessons show the answers, nothing changes.
      env.finished = moodle.nextLaunch(cmi, env.mastery);
    });
    assert.equal(env.finished.launch.lesson_mode, 'review');
    await session(DESKTOP, { cmi: env.finished.cmi, launch: env.finished.launch }, async (frame) => {
      assert.equal(await coverOpen(frame), true);
      await runAxe(frame, 'on the cover in review mode');
      await frame.locator('[data-cp-start]').click();
      for (const id of env.plan.lessons) assert.equal(await status(frame, id), 'done', `${id} complete in review`);
      await toSummary(frame);
      assert.equal(await frame.locator('[data-cp-summary-status]').textContent(), env.plan.strings.summaryPassed);
      await runAxe(frame, 'on the summary in review mode');
    });
  });

  test('a failed quiz: the summary says so; a resumed attempt offers Resume on the cover', async () => {
    const plan = env.plan;
    await session(DESKTOP, {}, async (frame, page) => {
      await drive.fullRun(frame, plan, { answers: new Map([[plan.questions[0].id, pkg.wrongAnswer(plan.questions[0])]]) });
      await frame.locator('[data-cp-finish]').click();
      await frame.waitForFunction(() => !document.querySelector('[data-cp-summary]').hidden);
      assert.equal(await frame.locator('[data-cp-summary-status]').textContent(), plan.strings.summaryFailed);
      assert.equal(await frame.locator('[data-cp-summary]').getAttribute('data-cp-status'), 'failed');
      assert.equal(await frame.locator('[data-cp-summary-score]').textContent(), drive.fill(plan.strings.score, { score: 0 }));
      await runAxe(frame, 'on the summary of a failed quiz');
      await leave(page);
    });
    // An unfinished attempt left on the second lesson: the cover offers to resume.
    const saved = await session(DESKTOP, {}, async (frame, page) => {
      await frame.locator('[data-cp-start]').click();
      await drive.next(frame, plan);
      await leave(page);
      return moodle.nextLaunch((await lmsState(page)).cmi, env.mastery);
    });
    await session(DESKTOP, saved, async (frame) => {
      assert.equal(await coverOpen(frame), true);
      assert.equal(await visible(frame, '.cp-cover [data-cp-resume]'), true, 'the resume prompt sits on the cover');
      assert.equal(await visible(frame, '[data-cp-start]'), false, 'instead of the start button');
      await runAxe(frame, 'on the cover with the resume prompt');
      await frame.locator('[data-cp-resume-yes]').click();
      await drive.expectLesson(frame, plan.lessons[1]);
      assert.equal(await coverOpen(frame), false);
    });
  });

  test('at 320 px the first screen shows the content and the menu folds behind a button', async () => {
    const plan = env.plan;
    await session(PHONE, {}, async (frame) => {
      const inView = (selector) => frame.locator(selector).first().evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
      });
      assert.equal(await inView('.cp-course-title'), true, 'the cover title is in the first screen');
      assert.equal(await inView('[data-cp-start]'), true, 'and so is the start button');
      const toggle = frame.locator('[data-cp-menu-toggle]');
      assert.equal(await toggle.isVisible(), true, 'the menu button');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await visible(frame, '#cp-toc'), false, 'the menu folded');
      await runAxe(frame, 'on the cover at 320 px');
      await frame.locator('[data-cp-start]').click();
      assert.equal(await inView(`[id="lesson-title-${plan.lessons[0]}"]`), true, 'after start, the first lesson title is in view');
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.equal(await visible(frame, '#cp-toc'), true, 'the menu unfolds');
      const heights = await frame.locator('[data-cp-goto]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      assert.ok(heights.every((h) => h >= 44), `menu links are at least 44 px high (${heights})`);
      await runAxe(frame, 'with the menu open at 320 px');
      await frame.locator(sel('data-cp-goto', plan.lessons[2])).click();
      await drive.expectLesson(frame, plan.lessons[2]);
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'choosing a lesson folds the menu');
      assert.equal(await visible(frame, '#cp-toc'), false);
      const scroll = await frame.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 320, `no sideways scroll (${scroll})`);
    });
    // Without JavaScript the menu is open: there is no button to unfold it.
    const context = await env.browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    try {
      const page = await context.newPage();
      await page.goto(`${env.origin}/pkg/index.html`);
      assert.equal(await page.locator('#cp-toc').isVisible(), true);
      assert.equal(await page.locator('[data-cp-menu-toggle]').isVisible(), false);
    } finally { await context.close(); }
  });

  test('a carousel shows which slide is on: dots and "k of n"', async () => {
    const plan = env.plan;
    const g = plan.groups.find((x) => x.kind === 'carousel');
    await session(DESKTOP, {}, async (frame) => {
      const root = frame.locator(sel('data-cp-carousel', g.id));
      const state = () => root.evaluate((r) => ({
        dots: [...r.querySelectorAll('[data-cp-slide-dot]')].map((d) => d.hasAttribute('data-cp-current')),
        text: r.querySelector('[data-cp-slide-position]').textContent,
        widths: [...r.querySelectorAll('[data-cp-slide-dot]')].map((d) => d.getBoundingClientRect().width),
      }));
      const n = g.items.length;
      for (let k = 0; k < n; k++) {
        if (k > 0) await root.locator('[data-cp-slide-next]').click();
        await frame.waitForTimeout(300); // the dots' width transition
        const s = await state();
        assert.deepEqual(s.dots, g.items.map((_, i) => i === k), `dot ${k + 1} current`);
        assert.equal(s.text, drive.fill(plan.strings.slideOf, { k: k + 1, n }));
        assert.ok(s.widths[k] > Math.max(...s.widths.filter((_, i) => i !== k)), 'the current dot stands out');
      }
    });
  });

  test('print: every lesson, tab panel, slide and accordion panel open, no navigation', async () => {
    const plan = env.plan;
    const { context, page } = await openPage(env.browser, env.origin, { viewport: DESKTOP });
    try {
      const frame = await openAlone(page, env.origin, 'index.html');
      await page.emulateMedia({ media: 'print' });
      const shown = await frame.evaluate(() => {
        const on = (el) => getComputedStyle(el).display !== 'none';
        const all = (s) => [...document.querySelectorAll(s)];
        return {
          lessons: all('[data-cp-lesson]').map(on),
          panels: all('[role="tabpanel"], [data-cp-carousel] [data-cp-item], [data-cp-accordion] [role="region"]').map(on),
          hiddenBefore: all('[role="tabpanel"][hidden], [data-cp-carousel] [data-cp-item][hidden], [data-cp-accordion] [role="region"][hidden]').length,
          chrome: all('#cp-toc, .cp-pager, [data-cp-progress], [data-cp-menu-toggle], .cp-carousel-controls, [role="tablist"], [data-cp-start]').map(on),
        };
      });
      assert.deepEqual(shown.lessons, plan.lessons.map(() => true), 'every lesson printed');
      assert.ok(shown.hiddenBefore >= 4, 'panels hidden on screen');
      assert.ok(shown.panels.length >= plan.groups.reduce((n, g) => n + g.items.length, 0));
      assert.ok(shown.panels.every(Boolean), 'every tab panel, slide and accordion panel printed');
      assert.ok(shown.chrome.length >= 6 && shown.chrome.every((x) => !x), 'no navigation chrome');
    } finally { await context.close(); }
  });
});
