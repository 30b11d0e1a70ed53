'use strict';
// What every cmi5 suite runs in: the package folder served over HTTP, Chromium, Ralph (a real
// LRS) and the cmi5 LMS emulator in front of it. A missing Chromium or Ralph fails the suite.
const { startServer } = require('./server');
const { launch } = require('./browser');
const { startRalph, checkRalph } = require('./ralph');
const { startCmi5Lms } = require('./cmi5-lms');
const pkg = require('./package');
const cmi5 = require('./cmi5');

/**
 * Starts the setting for the cmi5 package in `dir`; resolves with { dir, structure, server,
 * browser, ralph, lms, close() }. `close` stops whatever started, also after a failed start.
 */
async function startCmi5Setting(dir, into = {}) {
  const env = Object.assign(into, { dir });
  env.close = async () => {
    if (env.browser) await env.browser.close();
    if (env.server) await env.server.close();
    if (env.lms) await env.lms.close();
    if (env.ralph) env.ralph.stop();
  };
  pkg.checkChromium();
  checkRalph();
  env.structure = cmi5.courseStructure(dir);
  env.server = await startServer(dir);
  env.browser = await launch();
  env.ralph = await startRalph([env.server.origin]);
  env.lms = await startCmi5Lms({ ralph: env.ralph });
  return env;
}

module.exports = { startCmi5Setting };
