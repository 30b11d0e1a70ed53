'use strict';
// The SCORM 2004 suite's side: the package (COURSEPACK_SCORM2004_DIR), one server and one
// Chromium per test file, the stand-in LMS of harness/lms2004.js, and what a 2004 LMS should
// receive for a response, written independently of the runtime.
const fs = require('node:fs');
const path = require('node:path');
const { before, after } = require('node:test');
const { startServer } = require('./server');
const { launch } = require('./browser');
const pkg = require('./package');

function packageDir() {
  const dir = process.env.COURSEPACK_SCORM2004_DIR;
  if (!dir) throw new Error('COURSEPACK_SCORM2004_DIR is not set: point it at an unpacked SCORM 2004 package (scripts/test.sh builds and unpacks them)');
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, 'imsmanifest.xml'))) throw new Error(`COURSEPACK_SCORM2004_DIR=${dir} has no imsmanifest.xml`);
  return abs;
}

/** The mastery score (0–100) of the item launching `page`: its minNormalizedMeasure × 100, or null. */
function scoMastery(dir, page) {
  const xml = fs.readFileSync(path.join(dir, 'imsmanifest.xml'), 'utf8');
  const res = [...xml.matchAll(/<resource\b[^>]*\bidentifier="([^"]+)"[^>]*\bhref="([^"]+)"/g)].find((m) => m[2] === page);
  if (!res) return null;
  const item = [...xml.matchAll(/<item\b[^>]*\bidentifierref="([^"]+)"[^>]*>([\s\S]*?)<\/item>/g)].find((m) => m[1] === res[1]);
  const measure = item && /<imsss:minNormalizedMeasure>([^<]+)</.exec(item[2]);
  return measure ? Math.round(Number(measure[1]) * 100) : null;
}

function setup() {
  const env = {};
  before(async () => {
    env.dir = packageDir();
    pkg.checkChromium();
    env.scos = pkg.scoPages(env.dir);
    env.pages = env.scos.map((page) => ({ page, plan: pkg.readPlan(env.dir, page), mastery: scoMastery(env.dir, page) }));
    env.server = await startServer(env.dir);
    env.origin = env.server.origin;
    env.browser = await launch();
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.server) await env.server.close();
  });
  /** The LMS's launch of a SCO with a mastery score: the scaled passing score the manifest gives it. */
  env.launch = (page, more = {}) => {
    const m = env.pages.find((p) => p.page === page).mastery;
    return { entry: 'ab-initio', mode: 'normal', ...(m == null ? {} : { scaled_passing_score: m / 100 }), ...more };
  };
  return env;
}

/** The SCO pages, known before the tests are declared (for their names). */
function pagesForNames() {
  try { return pkg.scoPages(packageDir()); } catch { return ['index.html']; }
}

/**
 * Open the 2004 harness delivering `scos` (the first one first) and return the SCO frame once
 * its runtime ran.
 */
async function openIn2004(page, origin, scos, { cmi = null, launch = null, nav = true, hash = '' } = {}) {
  await page.goto(`${origin}/harness/lms2004.html`);
  await page.evaluate((o) => window.startLms(o), { origin, scos, cmi, launch, nav, hash });
  const frame = await (await page.waitForSelector('#sco')).contentFrame();
  await frame.waitForLoadState('load');
  await ready(frame);
  return frame;
}

/** One lesson shown, the others hidden: the runtime has run. */
function ready(frame) {
  return frame.waitForFunction(() => {
    const s = [...document.querySelectorAll('[data-cp-lesson]')];
    return s.length > 0 && s.filter((el) => !el.hidden).length === 1 && document.readyState === 'complete';
  });
}

/** Navigate the SCO away (as an LMS closing it) and wait for its Terminate. */
async function leave(page) {
  const n = await page.evaluate(() => window.lmsLog.filter((e) => e.fn === 'Terminate').length);
  await page.evaluate(() => window.leaveSco());
  await page.waitForFunction((n) => window.lmsLog.filter((e) => e.fn === 'Terminate').length > n, n, { timeout: 10000 });
}

/** The last value set per element, and the interactions as objects in index order. */
function written(log) {
  const values = {};
  for (const e of log) if (e.fn === 'SetValue') values[e.args[0]] = e.args[1];
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

const norm = (s) => String(s).normalize('NFC').replace(/\s+/g, ' ').trim();
const typeOf = (q) => q.type || 'choice';

/** cmi.interactions.n.learner_response for a response (RTE 4.2.9.2 formats). */
function response2004(q, r) {
  switch (typeOf(q)) {
    case 'true-false': return r[0] === q.choices[0] ? 'true' : 'false';
    case 'likert': return r[0];
    case 'fill-in': return norm(r);
    case 'numeric': return String(r);
    case 'matching': return q.sources.map((s, i) => `${s}[.]${r[i]}`).join('[,]');
    default: return r.join('[,]');
  }
}

/** cmi.interactions.n.correct_responses.n.pattern values, in order. */
function patterns2004(q) {
  switch (typeOf(q)) {
    case 'true-false': return [q.correct[0] === q.choices[0] ? 'true' : 'false'];
    case 'likert': return [];
    case 'fill-in': return q.accepted.map((a) => (q.caseSensitive ? '{case_matters=true}' : '') + a);
    case 'numeric': return [q.min === q.max ? q.min : `${q.min}[:]${q.max}`];
    case 'matching': return [q.sources.map((s, i) => `${s}[.]${q.targets[i]}`).join('[,]')];
    default: return [q.correct.join('[,]')];
  }
}

module.exports = { packageDir, scoMastery, setup, pagesForNames, openIn2004, ready, leave, written, response2004, patterns2004 };
