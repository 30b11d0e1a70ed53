// axe-core in a page or frame: fails the test with every violation found.
'use strict';
const assert = require('node:assert/strict');

async function runAxe(frame, what) {
  if (!(await frame.evaluate(() => !!window.axe))) {
    await frame.addScriptTag({ url: '/node_modules/axe-core/axe.min.js' });
  }
  const violations = await frame.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  assert.deepEqual(violations, [], `axe violations ${what}:\n${JSON.stringify(violations, null, 2)}`);
}

module.exports = { runAxe };
