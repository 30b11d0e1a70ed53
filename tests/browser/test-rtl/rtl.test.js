'use strict';
// A right-to-left course in Chromium: the Arabic fixture tests/fixtures/valid/rtl-arabic, built as
// SCORM 1.2 and unpacked into COURSEPACK_RTL_DIR. Checks that the page is mirrored (table of
// contents on the right, progress filling from the right, tabs and carousel buttons reversed),
// that the keyboard follows the WAI-ARIA APG for right-to-left tabs, that nothing overflows at
// 320 px, that axe-core finds nothing, and that tracking is the same as in a left-to-right course.
// Without COURSEPACK_RTL_DIR or Chromium every test fails: nothing is skipped.
// With COURSEPACK_RTL_SHOTS=<folder>, screenshots at 1280 and 320 px are written there.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('../lib/server');
const { launch, openPage, openInLms, leave, lmsLog, written } = require('../lib/browser');
const drive = require('../lib/drive');
const { runAxe } = require('../lib/axe');
const pkg = require('../lib/package');

const { sel } = drive;
const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'valid', 'rtl-arabic');
const AR_STRINGS = path.join(__dirname, '..', '..', '..', 'templates', 'strings', 'ar.json');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 320, height: 640 };

function rtlDir() {
  const dir = process.env.COURSEPACK_RTL_DIR;
  if (!dir) throw new Error('COURSEPACK_RTL_DIR is not set: point it at the unpacked SCORM 1.2 package of tests/fixtures/valid/rtl-arabic (scripts/test.sh builds and unpacks it)');
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new Error(`COURSEPACK_RTL_DIR=${dir} is not a folder`);
  return abs;
}

/** Course and lesson titles as written in the fixture's source (the `{#id}` left out). */
function sourceTitles() {
  const toml = fs.readFileSync(path.join(FIXTURE, 'course.toml'), 'utf8');
  const course = /^title\s*=\s*"([^"]*)"/m.exec(toml)[1];
  const files = [.../^lessons\s*=\s*\[([^\]]*)\]/m.exec(toml)[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const lessons = files.map((f) => {
    const md = fs.readFileSync(path.join(FIXTURE, f), 'utf8');
    return /^# (.*?)(?:\s*\{#[^}]*\})?\s*$/m.exec(md)[1];
  });
  return { course, lessons };
}

// Set up once, from the first test that needs it; a failure fails every test (none is cancelled
// or skipped) with the reason.
const env = {};
let setup = null;
function ready() {
  if (!setup) {
    setup = (async () => {
      env.dir = rtlDir();
      pkg.checkChromium();
      const pages = pkg.scoPages(env.dir);
      assert.deepEqual(pages, ['index.html'], 'the fixture is one SCO');
      env.scoPage = pages[0];
      env.plan = pkg.readPlan(env.dir, env.scoPage);
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
/** A test that first needs the package, the server and Chromium. */
const test = (name, fn) => it(name, async () => { await ready(); await fn(); });

async function withPage(viewport, fn) {
  const { context, page, rec } = await openPage(env.browser, env.origin, { viewport });
  try {
    const frame = await openInLms(page, env.origin, env.scoPage);
    await fn({ page, frame, rec });
    assert.deepEqual(rec.pageErrors, [], 'no uncaught exception');
  } finally { await context.close(); }
}

const box = (frame, selector) => frame.locator(selector).first().evaluate((el) => {
  const r = el.getBoundingClientRect();
  return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
});

async function shot(page, name) {
  const dir = process.env.COURSEPACK_RTL_SHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

/** The lesson that holds the first group of `kind`, and that group. */
async function groupOf(frame, kind) {
  const g = env.plan.groups.find((x) => x.kind === kind);
  assert.ok(g, `the fixture has a ${kind} block`);
  const lay = await drive.layout(frame, env.plan);
  return { group: g, lesson: lay.groups[g.id] };
}

async function show(frame, lessonId) {
  if ((await drive.currentLesson(frame)) !== lessonId) await drive.goTo(frame, lessonId);
}

/** Red, green, blue of the pixel at (x, y) of a PNG, decoded by the browser itself. */
function pixels(frame, png, points) {
  return frame.evaluate(async ({ b64, points }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    return points.map(([x, y]) => Array.from(g.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)));
  }, { b64: png.toString('base64'), points });
}

describe('a right-to-left (Arabic) course', () => {
  test('COURSEPACK_RTL_DIR is the unpacked rtl-arabic package and Chromium is installed', async () => {
    assert.equal(env.plan.course, 'https://courses.example.com/rtl-arabic', 'the package of tests/fixtures/valid/rtl-arabic');
    assert.equal(env.plan.standard, 'scorm12');
    for (const asset of ['assets/coursepack.js', 'assets/coursepack.css', 'imsmanifest.xml']) {
      assert.ok(fs.existsSync(path.join(env.dir, asset)), `${asset} is in the package`);
    }
  });

  test('carries lang="ar" dir="rtl", the Arabic UI strings and renders its Arabic text', async () => {
    const plan = env.plan;
    assert.equal(plan.lang, 'ar', 'page data language');
    const ar = JSON.parse(fs.readFileSync(AR_STRINGS, 'utf8'));
    assert.deepEqual(plan.strings, ar, 'the UI strings are templates/strings/ar.json, every key of it');
    const titles = sourceTitles();
    await withPage(DESKTOP, async ({ page, frame }) => {
      const doc = await frame.evaluate(() => ({
        lang: document.documentElement.getAttribute('lang'),
        dir: document.documentElement.getAttribute('dir'),
        direction: getComputedStyle(document.body).direction,
        mainDirection: getComputedStyle(document.querySelector('main')).direction,
        course: document.querySelector('h1').innerText.trim(),
      }));
      assert.equal(doc.lang, 'ar');
      assert.equal(doc.dir, 'rtl');
      assert.equal(doc.direction, 'rtl', 'computed direction of the body');
      assert.equal(doc.mainDirection, 'rtl', 'computed direction of the content');
      assert.equal(doc.course, titles.course, 'course title as written');
      for (const [i, lessonId] of plan.lessons.entries()) {
        if (i > 0) await drive.next(frame, plan);
        const h = await frame.locator(`[id="lesson-title-${lessonId}"]`).evaluate((el) => {
          // Where the text itself sits: right-aligned (start) in its heading.
          const range = document.createRange();
          range.selectNodeContents(el);
          const t = range.getBoundingClientRect();
          const r = el.getBoundingClientRect();
          return { text: el.innerText.trim(), textRight: t.right, textLeft: t.left, right: r.right, left: r.left };
        });
        assert.equal(h.text, titles.lessons[i], `lesson ${lessonId}: heading shows the source title`);
        assert.match(h.text, /[\u0600-\u06FF]/, 'Arabic letters');
        assert.ok(Math.abs(h.textRight - h.right) <= 2, `lesson ${lessonId}: heading text starts at the right (${h.textRight} vs ${h.right})`);
        assert.ok(h.textLeft > h.left + 20, `lesson ${lessonId}: heading text leaves room on the left`);
      }
      await shot(page, 'rtl-1280.png');
    });
  });

  test('at 1280 px the table of contents sits to the right of the content and progress fills from the right', async () => {
    await withPage(DESKTOP, async ({ frame }) => {
      const toc = await box(frame, `nav:has([data-cp-goto])`);
      const main = await box(frame, 'main');
      assert.ok(toc.left >= main.right - 1, `contents (left ${toc.left}) to the right of the main content (right ${main.right})`);
      assert.ok(toc.top < main.bottom && main.top < toc.bottom, 'side by side');
      const title = await frame.locator('h1').first().evaluate((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const r = range.getBoundingClientRect();
        return { left: r.left, right: r.right };
      });
      const header = await box(frame, 'header');
      assert.ok(header.right - title.right < title.left - header.left, 'course title on the right of the header');
      // Progress: part-way after the first lesson, the accent colour is on the right end only.
      const bar = frame.locator('[data-cp-progress]');
      const now = Number(await bar.getAttribute('aria-valuenow'));
      assert.ok(now > 0 && now < 90, `progress part-way (${now}%)`);
      const png = await bar.screenshot();
      const b = await bar.boundingBox();
      const y = b.height / 2;
      const [leftPx, rightPx] = await pixels(frame, png, [[8, y], [b.width - 8, y]]);
      const accent = await frame.evaluate(() => {
        const probe = document.createElement('div');
        probe.style.color = getComputedStyle(document.documentElement).getPropertyValue('--cp-accent');
        document.body.appendChild(probe);
        const c = getComputedStyle(probe).color.match(/\d+/g).slice(0, 3).map(Number);
        probe.remove();
        return c;
      });
      const near = (a, c) => a.every((v, i) => Math.abs(v - c[i]) <= 12);
      assert.ok(near(rightPx, accent), `the right end of the bar is filled (${rightPx} vs accent ${accent})`);
      assert.ok(!near(leftPx, accent), `the left end of the bar is not (${leftPx})`);
    });
  });

  test('tabs: the first tab is rightmost; ArrowLeft goes to the next tab, ArrowRight back; Home and End', async () => {
    await withPage(DESKTOP, async ({ page, frame }) => {
      const { group, lesson } = await groupOf(frame, 'tabs');
      await show(frame, lesson);
      const root = sel('data-cp-tabs', group.id);
      const tab = (k) => `${root} [role="tab"]${sel('data-cp-item', group.items[k])}`;
      const t1 = await box(frame, tab(0));
      const t2 = await box(frame, tab(1));
      assert.ok(t1.left >= t2.right - 1, `first tab (left ${t1.left}) to the right of the second (right ${t2.right})`);
      assert.equal(await frame.locator(`${root} [role="tablist"]`).evaluate((el) => getComputedStyle(el).direction), 'rtl');
      const n = group.items.length;
      const expectTab = async (key, k) => {
        await page.keyboard.press(key);
        const f = await frame.evaluate(() => document.activeElement && document.activeElement.getAttribute('data-cp-item'));
        assert.equal(f, group.items[k], `${key} focuses tab ${k + 1}`);
        assert.equal(await frame.locator(tab(k)).getAttribute('aria-selected'), 'true', `${key} selects tab ${k + 1}`);
        assert.equal(await frame.locator(`${root} [role="tabpanel"]${sel('data-cp-item', group.items[k])}`).isVisible(), true, `${key} shows panel ${k + 1}`);
        assert.equal(await frame.locator(`${root} [role="tab"][tabindex="0"]`).count(), 1, 'roving tabindex');
      };
      await frame.locator(tab(0)).focus();
      await expectTab('ArrowLeft', 1);
      await expectTab('ArrowRight', 0);
      await expectTab('ArrowRight', n - 1);
      await expectTab('ArrowLeft', 0);
      for (let k = 1; k < n; k++) await expectTab('ArrowLeft', k);
      await expectTab('Home', 0);
      await expectTab('End', n - 1);
      await expectTab('Home', 0);
    });
  });

  test('carousel: "next" is on the left with a left-pointing arrow and its own label; stepping works', async () => {
    const plan = env.plan;
    await withPage(DESKTOP, async ({ page, frame }) => {
      const { group, lesson } = await groupOf(frame, 'carousel');
      await show(frame, lesson);
      const root = sel('data-cp-carousel', group.id);
      const prev = await box(frame, `${root} [data-cp-slide-prev]`);
      const next = await box(frame, `${root} [data-cp-slide-next]`);
      const car = await box(frame, root);
      assert.ok(next.right <= prev.left, `next (right ${next.right}) left of previous (left ${prev.left})`);
      assert.ok(next.left - car.left < car.right - next.right, 'next sits on the left side of the carousel');
      assert.ok(car.right - prev.right < prev.left - car.left, 'previous sits on the right side of the carousel');
      const glyphs = await frame.evaluate((root) => {
        const c = document.querySelector(root);
        const content = (sel, pseudo) => getComputedStyle(c.querySelector(sel), pseudo).content;
        return {
          next: content('[data-cp-slide-next]', '::after'),
          prev: content('[data-cp-slide-prev]', '::before'),
          nextText: c.querySelector('[data-cp-slide-next]').innerText.trim(),
          prevText: c.querySelector('[data-cp-slide-prev]').innerText.trim(),
        };
      }, root);
      assert.ok(glyphs.next.includes('\u2190') && !glyphs.next.includes('\u2192'), `next arrow points left (${glyphs.next})`);
      assert.ok(glyphs.prev.includes('\u2192') && !glyphs.prev.includes('\u2190'), `previous arrow points right (${glyphs.prev})`);
      assert.equal(glyphs.nextText, plan.strings.nextSlide);
      assert.equal(glyphs.prevText, plan.strings.previousSlide);
      // The arrow is decoration: the accessible names are the strings alone.
      const car$ = frame.locator(root);
      assert.equal(await car$.getByRole('button', { name: plan.strings.nextSlide, exact: true }).count(), 1, 'accessible name of next');
      assert.equal(await car$.getByRole('button', { name: plan.strings.previousSlide, exact: true }).count(), 1, 'accessible name of previous');
      // Stepping: the shared walk (labels, one slide shown, no wrap), then back once.
      await drive.openGroup(frame, plan, group);
      const n = group.items.length;
      assert.equal((await frame.locator(`${root} [data-cp-slide-position]`).textContent()).trim(), drive.fill(plan.strings.slideOf, { k: n, n }));
      await frame.locator(`${root} [data-cp-slide-prev]`).click();
      assert.equal(await frame.locator(`${root} ${sel('data-cp-item', group.items[n - 2])}`).isVisible(), true, 'previous goes back one slide');
      assert.equal(await frame.locator(`${root} [data-cp-slide-next]`).getAttribute('aria-disabled'), 'false');
      await page.mouse.move(0, 0);
    });
  });

  test('the cover, the slide dots, the folded menu and the summary are mirrored', async () => {
    const plan = env.plan;
    await withPage(DESKTOP, async ({ frame }) => {
      // The cover: the start button at the right, its label in Arabic.
      const header = await box(frame, 'header');
      const start = await box(frame, '[data-cp-start]');
      assert.ok(header.right - start.right < start.left - header.left, 'start button on the right of the cover');
      assert.equal((await frame.locator('[data-cp-start]').innerText()).trim(), plan.strings.start);
      await frame.locator('[data-cp-start]').click();
      // The first dot of a carousel is the rightmost.
      const { group, lesson } = await groupOf(frame, 'carousel');
      await show(frame, lesson);
      const dots = await frame.locator(`${sel('data-cp-carousel', group.id)} [data-cp-slide-dot]`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
      assert.ok(dots.length === group.items.length && dots.every((x, i) => i === 0 || x < dots[i - 1]), `dots run right to left (${dots})`);
      // The summary after the last lesson, in Arabic, without violations.
      while ((await drive.currentLesson(frame)) !== plan.lessons[plan.lessons.length - 1]) await drive.next(frame, plan);
      await frame.locator('[data-cp-finish]').click();
      await frame.waitForFunction(() => !document.querySelector('[data-cp-summary]').hidden);
      assert.equal((await frame.locator('.cp-summary-title').innerText()).trim(), plan.strings.summaryTitle);
      assert.equal((await frame.locator('[data-cp-summary-status]').innerText()).trim(), plan.strings.summaryIncomplete);
      await runAxe(frame, 'on the summary');
    });
    await withPage(PHONE, async ({ page, frame }) => {
      // At 320 px the menu button sits at the left end of the header (the end in this direction).
      const toggle = await box(frame, '[data-cp-menu-toggle]');
      assert.ok(toggle.left < 160, `menu button on the left (${toggle.left})`);
      await frame.locator('[data-cp-menu-toggle]').click();
      const link = await box(frame, '[data-cp-goto]');
      const main = await box(frame, '#cp-toc');
      assert.ok(main.right - link.right < 40, 'menu links start at the right');
      await shot(page, 'rtl-320-menu.png');
    });
  });

  test('320 px wide: no horizontal scroll and nothing outside the viewport, on either side', async () => {
    const plan = env.plan;
    await withPage(PHONE, async ({ page, frame }) => {
      const lay = await drive.layout(frame, plan);
      for (const [i, lessonId] of plan.lessons.entries()) {
        if (i > 0) await drive.next(frame, plan);
        for (const g of plan.groups.filter((g) => lay.groups[g.id] === lessonId)) await drive.openGroup(frame, plan, g);
        const m = await frame.evaluate(() => {
          const w = document.documentElement.clientWidth;
          const out = [...document.querySelectorAll('body *')]
            .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden' && !el.closest('.cp-skip'))
            .map((el) => ({ el: el.outerHTML.slice(0, 80), r: el.getBoundingClientRect() }))
            .filter(({ r }) => r.width > 0 && (r.left < -1 || r.right > w + 1))
            .map(({ el, r }) => `${el} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
          return { scroll: document.documentElement.scrollWidth, width: w, out, scrollX: window.scrollX };
        });
        assert.equal(m.width, 320);
        assert.ok(m.scroll <= m.width, `lesson ${lessonId} scrolls sideways at 320 px (${m.scroll} > ${m.width})`);
        assert.deepEqual(m.out, [], `lesson ${lessonId}: elements outside the 320 px viewport`);
        assert.equal(m.scrollX, 0, 'not scrolled sideways');
        await shot(page, `rtl-320-${lessonId}.png`);
      }
    });
  });

  test('axe-core finds no violation on any lesson, as shown and with everything opened and answered', async () => {
    const plan = env.plan;
    await withPage(DESKTOP, async ({ frame }) => {
      const lay = await drive.layout(frame, plan);
      for (const [i, lessonId] of plan.lessons.entries()) {
        if (i > 0) await drive.next(frame, plan);
        await runAxe(frame, `on lesson ${lessonId} as shown`);
        for (const g of plan.groups.filter((g) => lay.groups[g.id] === lessonId)) await drive.openGroup(frame, plan, g);
        const qs = plan.questions.filter((q) => lay.questions[q.id] === lessonId);
        for (const [k, q] of qs.entries()) await drive.answer(frame, plan, q, k % 2 ? pkg.rightAnswer(q) : pkg.wrongAnswer(q));
        await runAxe(frame, `on lesson ${lessonId} with every panel opened and every question answered`);
      }
    });
  });

  test('a full run in the scorm-again LMS records one interaction per item and per question, and passes', async () => {
    const plan = env.plan;
    const { context, page, rec } = await openPage(env.browser, env.origin, { viewport: DESKTOP });
    try {
      const frame = await openInLms(page, env.origin, env.scoPage);
      const done = await drive.fullRun(frame, plan);
      await leave(page);
      const { values, interactions } = written(await lmsLog(page));
      interactions.forEach((it, i) => assert.equal(it.index, i, 'interactions appended at _count, no gap'));
      const items = plan.groups.flatMap((g) => g.items);
      const perf = interactions.filter((x) => x.type === 'performance');
      assert.deepEqual(perf.map((x) => x.id).sort(), [...items].sort(), 'one performance interaction per item, none twice');
      const groupOfItem = new Map(plan.groups.flatMap((g) => g.items.map((id) => [id, g.id])));
      for (const x of perf) {
        assert.equal(x.student_response, 'viewed', `${x.id}: student_response`);
        assert.equal(x['objectives.0.id'], groupOfItem.get(x.id), `${x.id}: objective`);
      }
      const choice = interactions.filter((x) => x.type === 'choice');
      assert.deepEqual(choice.map((x) => x.id).sort(), plan.questions.map((q) => q.id).sort(), 'one choice interaction per question');
      for (const x of choice) {
        const q = plan.questions.find((p) => p.id === x.id);
        assert.equal(x.student_response, q.correct.join(','), `${x.id}: student_response`);
        assert.equal(x.result, 'correct', `${x.id}: result`);
      }
      assert.equal(perf.length + choice.length, interactions.length, 'no other interaction');
      const { score, status } = pkg.expectedOutcome(plan, done);
      assert.equal(status, 'passed');
      assert.equal(values['cmi.core.lesson_status'], status, 'lesson_status');
      assert.equal(values['cmi.core.score.raw'], String(score), 'score.raw');
      pkg.checkState(plan, values['cmi.suspend_data'], done, 'suspend_data');
      plan.groups.forEach((g, i) => assert.equal(values[`cmi.objectives.${i}.status`], 'completed', `objective ${g.id}`));
      assert.deepEqual(rec.pageErrors, []);
    } finally { await context.close(); }
  });
});
