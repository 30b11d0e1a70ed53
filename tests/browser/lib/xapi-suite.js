'use strict';
// Shared setup for the xAPI test files (test-xapi/): the package, a local server, one Chromium.
// Throws (so every test fails, none is skipped) when COURSEPACK_XAPI_DIR, Chromium or Ralph is missing.
const { before, after } = require('node:test');
const { startServer } = require('./server');
const { launch } = require('./browser');
const pkg = require('./package');
const xapi = require('./xapi');
const { checkRalph } = require('./ralph');

function setup({ ralph = false } = {}) {
  const env = {};
  before(async () => {
    env.dir = xapi.xapiDir();
    pkg.checkChromium();
    if (ralph) checkRalph();
    env.course = xapi.tincan(env.dir);
    env.page = env.course.launch;
    env.plan = xapi.readPlan(env.dir, env.page);
    env.server = await startServer(env.dir);
    env.origin = env.server.origin;
    env.browser = await launch();
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.server) await env.server.close();
  });
  return env;
}

module.exports = { setup };
