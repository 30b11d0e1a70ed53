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

test('suspend_data encoding of the suite matches docs/runtime.md examples', () => {
  const plan = { lessons: ['l1', 'l2'], groups: [{ id: 'g', kind: 'tabs', items: ['a', 'b', 'c', 'd', 'e'] }],
    questions: [{ id: 'q', choices: ['a', 'b', 'c'], correct: ['b'] }] };
  // bits: l1 l2 a b c d | e  -> 0b111111 = 63 '_' , then 1 -> 'B'; answer b -> bit 1 -> 2 -> 'C'
  const all = { viewedLessons: new Set(['l1', 'l2']), viewedItems: new Set(['a', 'b', 'c', 'd', 'e']), answers: new Map([['q', ['b']]]) };
  assert.equal(pkg.encodeState(plan, all), '1._B.C');
  const none = { viewedLessons: new Set(), viewedItems: new Set(), answers: new Map() };
  assert.equal(pkg.encodeState(plan, none), '1.AA.A');
  assert.equal(pkg.suspendLength(plan), 6);
});
