'use strict';
// Browser side of the suite: Chromium through playwright-core, a page that records errors and
// every request, and the stand-in LMS harness.
const { chromium } = require('playwright-core');
const { checkChromium } = require('./package');

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

function launch() {
  return chromium.launch({ executablePath: checkChromium(), headless: true, args: ARGS });
}

/**
 * A fresh context and page. Requests that would leave the local server are aborted and listed in
 * `offsite`; every request is listed in `requests` with the URL of the frame that made it.
 */
async function openPage(browser, origin, { viewport = { width: 1100, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  const rec = { requests: [], offsite: [], pageErrors: [], consoleErrors: [], consoleWarnings: [] };
  await context.route('**/*', (route) => {
    const req = route.request();
    const url = req.url();
    let frameUrl = '';
    try { frameUrl = req.frame().url(); } catch { /* service worker or detached frame */ }
    rec.requests.push({ url, frameUrl });
    if (url.startsWith(origin + '/') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    rec.offsite.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => rec.pageErrors.push(String(err && err.stack || err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') rec.consoleErrors.push(msg.text());
    if (msg.type() === 'warning') rec.consoleWarnings.push(msg.text());
  });
  return { context, page, rec };
}

/**
 * Open the LMS harness and frame the SCO page (with `hash` appended to its URL); `launch` is what
 * the LMS says at launch (harness/lms.js). Returns the SCO frame once its runtime ran.
 */
async function openInLms(page, origin, scoPage, { cmi = null, fail = null, launch = null, hash = '' } = {}) {
  await page.goto(`${origin}/harness/lms.html`);
  await page.evaluate((opts) => window.startLms(opts), { src: `${origin}/pkg/${scoPage}${hash}`, cmi, fail, launch });
  const handle = await page.waitForSelector('#sco');
  const frame = await handle.contentFrame();
  await frame.waitForLoadState('load');
  await waitReady(frame);
  return frame;
}

/** Open a SCO page directly, with no LMS around it. */
async function openAlone(page, origin, scoPage) {
  await page.goto(`${origin}/pkg/${scoPage}`);
  await waitReady(page.mainFrame());
  return page.mainFrame();
}

/** The runtime has run once one lesson is shown and the others are hidden. */
async function waitReady(frame) {
  await frame.waitForFunction(() => {
    const s = [...document.querySelectorAll('[data-cp-lesson]')];
    return s.length > 0 && s.filter((el) => !el.hidden).length === 1 && document.readyState === 'complete';
  });
}

/** Navigate the SCO away (as an LMS closing it) and wait for LMSFinish. */
async function leave(page) {
  await page.evaluate(() => window.leaveSco());
  await page.waitForFunction(() => window.lmsLog.some((e) => e.fn === 'LMSFinish'), null, { timeout: 10000 });
}

const lmsLog = (page) => page.evaluate(() => window.lmsLog);
const lmsState = (page) => page.evaluate(() => window.lmsState());

/** Flatten scorm-again's nested JSON to { 'cmi.core.lesson_status': 'passed', ... }. */
function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') flatten(v, key, out);
    else out[key] = v == null ? '' : String(v);
  }
  return out;
}

/**
 * What the SCO wrote, from the call log: the last value set for each element, and the
 * interactions as objects in index order.
 */
function written(log) {
  const values = {};
  for (const e of log) if (e.fn === 'LMSSetValue') values[e.args[0]] = e.args[1];
  const interactions = [];
  for (const [el, v] of Object.entries(values)) {
    const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(el);
    if (!m) continue;
    const n = Number(m[1]);
    interactions[n] = interactions[n] || { index: n };
    interactions[n][m[2]] = v;
  }
  return { values, interactions: interactions.filter(Boolean) };
}

module.exports = { launch, openPage, openInLms, openAlone, leave, lmsLog, lmsState, flatten, written };
