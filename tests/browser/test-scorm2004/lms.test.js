'use strict';
// A SCORM 2004 package around its LMS: lesson SCOs moving with navigation requests, the page
// without an LMS, the 2004 package carrying its own backend only, and axe-core.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { openPage, openAlone } = require('../lib/browser');
const { runAxe } = require('../lib/axe');
const s4 = require('../lib/scorm2004');
const drive = require('../lib/drive');

const env = s4.setup();
/** A button the learner can use: shown and enabled. */
const offered = async (button) => (await button.isVisible()) && !(await button.isDisabled());
const deliveries = (page) => page.evaluate(() => window.deliveries);

/** Waits until the harness delivered SCO `sco` as its `n`-th delivery and its runtime ran. */
async function delivered(page, frame, sco, n) {
  await page.waitForFunction(([sco, n]) => window.deliveries.length === n && window.deliveries[n - 1].sco === sco, [sco, n], { timeout: 10000 });
  await frame.waitForURL((u) => u.pathname.endsWith('/' + sco));
  await frame.waitForLoadState('load');
  await s4.ready(frame);
}

describe('SCORM 2004 package', () => {
  it('carries the SCORM 2004 backend only', () => {
    const js = fs.readFileSync(path.join(s4.packageDir(), 'assets/coursepack.js'), 'utf8');
    assert.match(js, /API_1484_11/, 'the 2004 backend');
    assert.doesNotMatch(js, /LMSInitialize|LMSGetValue/, 'no SCORM 1.2 backend');
    assert.doesNotMatch(js, /X-Experience-API-Version|activities\/state/, 'no xAPI backend');
  });

  it('lesson SCOs move with adl.nav.request continue and previous; the LMS delivers each', async () => {
    const scos = env.scos;
    const { context, page, rec } = await openPage(env.browser, env.origin);
    try {
      const frame = await s4.openIn2004(page, env.origin, scos);
      const next = frame.locator('[data-cp-next]');
      const prev = frame.locator('[data-cp-prev]');
      if (scos.length === 1) {
        // One SCO: the pager moves between the lessons of the page; no request at the ends.
        assert.equal(await prev.isDisabled(), true);
        const plan = env.pages[0].plan;
        for (let i = 1; i < plan.lessons.length; i++) await drive.next(frame, plan);
        assert.equal(await next.isVisible(), false, 'no Next after the last lesson');
        await s4.leave(page);
        assert.deepEqual(await deliveries(page), [{ sco: scos[0], request: '' }]);
        return;
      }
      // Forward through every SCO with Next, then back one with Previous.
      for (let k = 0; k < scos.length - 1; k++) {
        const plan = env.pages[k].plan;
        for (let i = 1; i < plan.lessons.length; i++) await drive.next(frame, plan);
        assert.equal(await next.isVisible(), true, `${scos[k]}: Next offered (continue is valid)`);
        assert.equal(await offered(prev), k > 0 || plan.lessons.length > 1, `${scos[k]}: Previous only where valid`);
        await next.click();
        await delivered(page, frame, scos[k + 1], k + 2);
      }
      const last = scos.length - 1;
      assert.equal(await next.isVisible(), false, 'the last SCO has no Next');
      assert.equal(await frame.locator('[data-cp-finish]').isVisible(), true, 'the last SCO offers the summary');
      assert.equal(await offered(prev), true, 'Previous offered');
      await prev.click();
      await delivered(page, frame, scos[last - 1], scos.length + 1);
      const got = await deliveries(page);
      assert.deepEqual(got.slice(0, last).map((d) => d.request), scos.slice(0, last).map(() => 'continue'));
      assert.equal(got[last].request, 'previous');
      // The SCO delivered again resumes: its lesson was seen, and each SCO terminated once.
      const log = await page.evaluate(() => window.lmsLog);
      for (const sco of scos) {
        const mine = log.filter((e) => e.sco === sco);
        assert.ok(mine.filter((e) => e.fn === 'Terminate').length >= 1, `${sco} terminated`);
        // 403 after a GetValue: the LMS has no value yet for what is read (RTE 3.1.7.6).
        const refused = mine.filter((e, i) => e.fn === 'GetLastError' && e.result !== '0' && !(e.result === '403' && mine[i - 1].fn === 'GetValue'));
        assert.deepEqual(refused.map((e) => mine[mine.indexOf(e) - 1]), [], `${sco}: every call accepted`);
      }
      const entry = log.filter((e) => e.sco === scos[last - 1] && e.fn === 'GetValue' && e.args[0] === 'cmi.entry').pop();
      assert.equal(entry.result, 'resume', 'the SCO delivered again resumes');
      assert.deepEqual(rec.pageErrors, []);
    } finally { await context.close(); }
  });

  it('without a valid request (Moodle answers "unknown"), the pager stays inside the SCO', async () => {
    const { context, page } = await openPage(env.browser, env.origin);
    try {
      const frame = await s4.openIn2004(page, env.origin, env.scos, { nav: false });
      const plan = env.pages[0].plan;
      for (let i = 1; i < plan.lessons.length; i++) await drive.next(frame, plan);
      assert.equal(await frame.locator('[data-cp-next]').isVisible(), false, 'no Next past the page');
      assert.equal(await offered(frame.locator('[data-cp-prev]')), plan.lessons.length > 1, 'Previous only between lessons of the page');
      await s4.leave(page);
      assert.deepEqual(await deliveries(page), [{ sco: env.scos[0], request: '' }], 'no navigation request');
    } finally { await context.close(); }
  });

  it('works with no LMS: tracking off, lessons navigable, no error', async () => {
    const { context, page, rec } = await openPage(env.browser, env.origin);
    try {
      const plan = env.pages[0].plan;
      const frame = await openAlone(page, env.origin, env.scos[0]);
      assert.equal(await frame.locator('[data-cp-notice]').textContent(), plan.strings.trackingOff);
      for (let i = 1; i < plan.lessons.length; i++) await drive.next(frame, plan);
      assert.equal(await frame.locator('[data-cp-exit]').isVisible(), false, 'no exit button without an LMS');
      assert.deepEqual(rec.pageErrors, []);
      assert.deepEqual(rec.offsite, []);
    } finally { await context.close(); }
  });

  it('axe-core finds no violation in the LMS, on every lesson of every SCO', async () => {
    for (const { page: sco, plan } of env.pages) {
      const { context, page } = await openPage(env.browser, env.origin);
      try {
        const frame = await s4.openIn2004(page, env.origin, [sco]);
        await runAxe(frame, `on ${sco}, lesson ${plan.lessons[0]}`);
        for (let i = 1; i < plan.lessons.length; i++) {
          await drive.next(frame, plan);
          await runAxe(frame, `on ${sco}, lesson ${plan.lessons[i]}`);
        }
      } finally { await context.close(); }
    }
  });
});
