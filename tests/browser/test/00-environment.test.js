'use strict';
// The suite needs a package and a browser: without them it fails loudly instead of skipping.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const pkg = require('../lib/package');

test('COURSEPACK_SCORM_DIR names an unpacked package with SCO pages and page data', () => {
  const dir = pkg.packageDir();
  const pages = pkg.scoPages(dir);
  assert.ok(pages.length > 0);
  for (const page of pages) {
    const plan = pkg.readPlan(dir, page);
    assert.ok(plan.lessons.length > 0, `${page}: at least one lesson`);
  }
  for (const asset of ['assets/coursepack.js', 'assets/coursepack.css']) {
    assert.ok(fs.existsSync(path.join(dir, asset)), `${asset} is in the package`);
  }
});

test('Chromium is installed', () => {
  assert.ok(pkg.checkChromium());
});

test('the suite\'s suspend_data decoder reads docs/runtime.md\'s examples', () => {
  const plan = { lessons: ['l1', 'l2'], groups: [{ id: 'g', kind: 'tabs', items: ['a', 'b', 'c', 'd', 'e'] }],
    questions: [{ id: 'q', type: 'choice', scored: true, quiz: null, choices: ['a', 'b', 'c'], correct: ['b'] }],
    quizzes: [{ id: null, questions: ['q'], attempts: null, draw: null }] };
  // bits: l1 l2 a b c d | e -> 0b111111 = 63 '_', then 1 -> 'B'; quiz: attempt 1 'B', seed 0 'AA';
  // answer b -> bit 1 -> 2 -> 'C'.
  const all = pkg.decodeState(plan, '2._B.BAAC');
  assert.deepEqual([...all.viewedLessons], ['l1', 'l2']);
  assert.deepEqual([...all.viewedItems], ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual([...all.answers], [['q', ['b']]]);
  assert.deepEqual(all.quizzes, [{ attempt: 1, seed: 0, drawn: null }]);
  const none = pkg.decodeState(plan, '2.AA.BAAA');
  assert.equal(none.answers.size + none.viewedLessons.size, 0);
  assert.equal(pkg.suspendLength(plan), 9);
});
