'use strict';
// The xAPI suite needs an xAPI package, Chromium and Ralph: without them it fails, never skips.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const pkg = require('../lib/package');
const xapi = require('../lib/xapi');
const { checkRalph } = require('../lib/ralph');

test('COURSEPACK_XAPI_DIR names an unpacked xAPI package: tincan.xml, launch page, xAPI page data', () => {
  const dir = xapi.xapiDir();
  const course = xapi.tincan(dir);
  const plan = xapi.readPlan(dir, course.launch);
  assert.equal(course.id, plan.xapi.course.id, 'tincan.xml course id = page data course id');
  assert.equal(plan.xapi.course.id, plan.course, 'xapi.course.id = course');
  assert.doesNotMatch(plan.xapi.course.id, /\/$/, 'course IRI without a trailing slash');
  for (const l of plan.lessons) assert.equal(plan.xapi.lessons[l].id, `${plan.course}/lessons/${l}`);
  for (const g of plan.groups) {
    assert.equal(plan.xapi.groups[g.id].id, `${plan.course}/groups/${g.id}`);
    assert.equal(plan.xapi.groups[g.id].kind, g.kind);
    g.items.forEach((id, i) => {
      const { id: iri, group, position, total } = plan.xapi.items[id];
      assert.deepEqual({ iri, group, position, total }, { iri: `${plan.course}/items/${id}`, group: g.id, position: i + 1, total: g.items.length });
    });
  }
  for (const q of plan.questions) {
    const xq = plan.xapi.questions[q.id];
    assert.equal(xq.id, `${plan.course}/questions/${q.id}`);
    assert.equal(xq.interactionType, q.type, `${q.id}: interactionType`);
    // The components of the type (xAPI 1.0.3, Interaction Activities), ids as the page data's.
    const parts = { choice: ['choices', q.choices], 'true-false': [null], 'fill-in': [null], numeric: [null],
      likert: ['scale', q.choices], sequencing: ['choices', q.choices], matching: ['source', q.sources] }[q.type];
    if (parts[0]) assert.deepEqual(xq[parts[0]].map((c) => c.id), parts[1], `${q.id}: ${parts[0]}`);
    if (q.type === 'matching') assert.deepEqual(xq.target.map((c) => c.id), q.targets, `${q.id}: target`);
    assert.deepEqual(xq.correctResponsesPattern || [], { likert: [] }[q.type] || xq.correctResponsesPattern, `${q.id}: pattern`);
    if (q.type === 'likert') assert.ok(!xq.correctResponsesPattern || !xq.correctResponsesPattern.length, 'a survey has no right answer');
    else assert.ok(xq.correctResponsesPattern.length >= 1, `${q.id}: a right answer`);
  }
  for (const asset of ['assets/coursepack.js', 'assets/coursepack.css']) assert.ok(fs.existsSync(path.join(dir, asset)), asset);
  assert.ok(!fs.existsSync(path.join(dir, 'imsmanifest.xml')), 'no SCORM manifest in an xAPI package');
});

test('no credential is written into the package', () => {
  const dir = xapi.xapiDir();
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  for (const file of walk(dir)) {
    const text = fs.readFileSync(file, 'latin1');
    assert.doesNotMatch(text, /\bBasic [A-Za-z0-9+/=]{8,}|\bBearer [A-Za-z0-9._-]{8,}|[?&]auth=[^&"'\s]/, `${path.relative(dir, file)} holds no credential`);
  }
});

test('Chromium is installed', () => { assert.ok(pkg.checkChromium()); });

test('Ralph is installed (tests/lrs/install.sh)', () => { checkRalph(); });

test('xapi-validation accepts a valid statement and rejects broken ones', () => {
  const ok = {
    id: '1d3f7a52-6c3e-4d2b-9b6a-2f1e0c9d8a7b', actor: { objectType: 'Agent', mbox: 'mailto:learner@example.org' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
    object: { objectType: 'Activity', id: 'https://coursepack.example/courses/x' }, timestamp: '2024-01-01T00:00:00.000Z',
  };
  assert.deepEqual(xapi.problems(ok), []);
  assert.notDeepEqual(xapi.problems({ ...ok, id: 'not-a-uuid' }), []);
  assert.notDeepEqual(xapi.problems({ ...ok, actor: { mbox: 'learner@example.org' } }), []);
  assert.notDeepEqual(xapi.problems({ ...ok, context: { registration: 'nope' } }), []);
  assert.notDeepEqual(xapi.problems({ ...ok, result: { duration: '12 minutes' } }), []);
});
