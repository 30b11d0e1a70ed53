'use strict';
// The README's screenshots, taken from a built package in Chromium so that they always show the
// current theme: `COURSEPACK_SHOTS_DIR=docs/screenshots node screenshots.js <unpacked package>`
// (scripts/test.sh runs it on the English SCORM 1.2 package of the example course). Writes
// cover.png, tabs.png, carousel.png, quiz.png and summary.png, 1100 px wide; exits non-zero when
// a step fails.
const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('./lib/server');
const { launch, openPage, openInLms } = require('./lib/browser');
const drive = require('./lib/drive');
const pkg = require('./lib/package');

const VIEWPORT = { width: 1100, height: 720 };

async function main() {
  const [dir] = process.argv.slice(2);
  const out = process.env.COURSEPACK_SHOTS_DIR;
  if (!dir || !out) throw new Error('usage: COURSEPACK_SHOTS_DIR=<folder> node screenshots.js <unpacked package>');
  fs.mkdirSync(out, { recursive: true });
  const plan = pkg.readPlan(dir, 'index.html');
  const server = await startServer(path.resolve(dir));
  const browser = await launch();
  try {
    const { page } = await openPage(browser, server.origin, { viewport: VIEWPORT });
    const frame = await openInLms(page, server.origin, 'index.html', { launch: { mastery_score: pkg.scoMastery(dir, 'index.html') } });
    // The LMS harness page around the frame is left out: the shots are of the course alone.
    await page.evaluate(() => {
      const f = document.getElementById('sco');
      Object.assign(f.style, { position: 'fixed', inset: '0', width: '100%', height: '100%', border: '0' });
      document.body.style.margin = '0';
    });
    const shot = async (name) => {
      await page.mouse.move(0, 0);
      await frame.waitForTimeout(350); // transitions
      await page.screenshot({ path: path.join(out, name) });
      console.log(`wrote ${path.join(out, name)}`);
    };
    const focusOn = (selector) => frame.locator(selector).first().evaluate((el) => {
      el.scrollIntoView({ block: 'center' });
      if (document.activeElement) document.activeElement.blur();
    });
    await shot('cover.png');
    await frame.locator('[data-cp-start]').click();
    const lay = await drive.layout(frame, plan);
    const group = (kind) => plan.groups.find((g) => g.kind === kind);

    const tabs = group('tabs');
    await drive.goTo(frame, lay.groups[tabs.id]);
    await frame.locator(`${drive.sel('data-cp-tabs', tabs.id)} [role="tab"]`).nth(1).click();
    await focusOn(drive.sel('data-cp-tabs', tabs.id));
    await shot('tabs.png');

    const carousel = group('carousel');
    if (lay.groups[carousel.id] !== (await drive.currentLesson(frame))) await drive.goTo(frame, lay.groups[carousel.id]);
    await frame.locator(`${drive.sel('data-cp-carousel', carousel.id)} [data-cp-slide-next]`).click();
    await focusOn(drive.sel('data-cp-carousel', carousel.id));
    await shot('carousel.png');

    const quiz = plan.quizzes.find((q) => q.id != null) || plan.quizzes[0];
    const q = plan.questions.find((x) => x.id === quiz.questions[0]);
    await drive.goTo(frame, lay.questions[q.id]);
    await drive.answer(frame, plan, q, pkg.rightAnswer(q));
    await focusOn(drive.sel('data-cp-question', q.id));
    await shot('quiz.png');

    while ((await drive.currentLesson(frame)) !== plan.lessons[plan.lessons.length - 1]) await drive.next(frame, plan);
    await frame.locator('[data-cp-finish]').click();
    await focusOn('[data-cp-summary]');
    await shot('summary.png');
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
