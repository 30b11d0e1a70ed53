'use strict';
// Shared setup for the test files: the package, a local server and one Chromium per file.
// Throws (so every test fails, none is skipped) when COURSEPACK_SCORM_DIR or Chromium is missing.
const { before, after } = require('node:test');
const { startServer } = require('./server');
const { launch } = require('./browser');
const pkg = require('./package');

function setup() {
  const env = {};
  before(async () => {
    env.dir = pkg.packageDir();
    pkg.checkChromium();
    env.pages = pkg.scoPages(env.dir).map((page) => ({ page, plan: pkg.readPlan(env.dir, page), mastery: pkg.scoMastery(env.dir, page) }));
    env.server = await startServer(env.dir);
    env.origin = env.server.origin;
    env.browser = await launch();
  });
  /** A first launch as Moodle makes it (lib/moodle.js), with `more` on top. */
  env.launch = (page, more = {}) => ({
    entry: 'ab-initio', lesson_mode: 'normal', credit: 'credit',
    mastery_score: env.pages.find((p) => p.page === page).mastery, ...more,
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.server) await env.server.close();
  });
  return env;
}

/** The SCO pages, known before the tests are declared (for their names); [] when unset. */
function pagesForNames() {
  try { return pkg.scoPages(pkg.packageDir()); } catch { return ['index.html']; }
}

module.exports = { setup, pagesForNames };
