// `coursepack validate --format junit` read by a JUnit XML consumer (junit2json): the consumer
// must see one test case per path, failures for invalid packages, errors for unreadable paths,
// and the same counts as the report's attributes.
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { parse } = require('junit2json');

const root = path.resolve(__dirname, '../../..');
const bin = process.env.COURSEPACK_BIN || path.join(root, 'target/release/coursepack');
const fixture = (name) => path.join(root, 'tests/fixtures/packages', name);

function junit(args) {
  try {
    return execFileSync(bin, ['validate', '--format', 'junit', ...args], { encoding: 'utf8' });
  } catch (e) {
    // Exit codes 1 and 2 still print the report.
    if (typeof e.stdout === 'string' && e.stdout.length) return e.stdout;
    throw e;
  }
}

test('junit2json reads the report: one test case per path, failures, errors and skips counted', async () => {
  const paths = [fixture('valid-minimal'), fixture('broken-references'), fixture('tincan-valid'), '/no/such/package.zip', fixture('aicc'), fixture('valid-scorm2004-sequencing'), fixture('valid-cmi5'), fixture('cmi5-values')];
  const report = await parse(junit(paths));
  assert.strictEqual(report.tests, 8);
  assert.strictEqual(report.failures, 2);
  assert.strictEqual(report.errors, 1);
  const suite = report.testsuite[0];
  assert.strictEqual(suite.tests, 8);
  assert.strictEqual(suite.skipped, 1);
  const cases = suite.testcase;
  assert.deepStrictEqual(cases.map((c) => c.name), paths);
  assert.strictEqual(cases[0].failure, undefined);
  assert.strictEqual(cases[0].classname, 'coursepack.validate.scorm12');
  assert.strictEqual(cases[2].classname, 'coursepack.validate.tincan');
  // The kind is also a property of each checked test case.
  assert.deepStrictEqual(cases[0].properties.map((p) => [p.name, p.value]), [['kind', 'scorm12'], ['profile', 'lms']]);
  // By default only what breaks an import or a launch in Moodle fails the package.
  const failure = cases[1].failure[0];
  assert.match(failure.message, /1 problem\(s\) make this SCORM 1\.2 package invalid/);
  assert.match(failure.inner, /imsmanifest\.xml:10:7: error: item identifierref `R9` names no resource/);
  assert.strictEqual(cases[3].error[0].type, 'unreadable');
  // A kind coursepack does not validate is skipped, not failed.
  assert.strictEqual(cases[4].failure, undefined);
  assert.match(cases[4].skipped[0].message, /AICC packages are not validated/);
  assert.strictEqual(cases[4].classname, 'coursepack.validate.aicc');
  // SCORM 2004 is validated: a valid package passes.
  assert.strictEqual(cases[5].classname, 'coursepack.validate.scorm2004');
  assert.strictEqual(cases[5].failure, undefined);
  assert.strictEqual(cases[5].skipped, undefined);
  // cmi5 is validated: a valid package passes, a broken one fails with its errors.
  assert.strictEqual(cases[6].classname, 'coursepack.validate.cmi5');
  assert.strictEqual(cases[6].failure, undefined);
  assert.strictEqual(cases[6].skipped, undefined);
  assert.match(cases[7].failure[0].message, /6 problem\(s\) make this cmi5 package invalid/);
  assert.match(cases[7].failure[0].inner, /cmi5\.xml:14:3: error: masteryScore `1\.5` is not a decimal from 0 to 1/);
});

test('with --profile strict, every departure from the schemas fails', async () => {
  const report = await parse(junit(['--profile', 'strict', fixture('broken-references')]));
  const failure = report.testsuite[0].testcase[0].failure[0];
  assert.match(failure.message, /3 problem\(s\) make this SCORM 1\.2 package invalid/);
});

test('with --strict, warnings fail the test case', async () => {
  const out = execFileSync(bin, ['validate', '--format', 'junit', fixture('junk-unlisted-no-schemas')], { encoding: 'utf8' });
  const lenient = await parse(out);
  assert.strictEqual(lenient.failures, 0);
  assert.match(lenient.testsuite[0].testcase[0]['system-out'][0], /operating-system clutter/);
  let strictOut;
  try {
    execFileSync(bin, ['validate', '--strict', '--format', 'junit', fixture('junk-unlisted-no-schemas')], { encoding: 'utf8' });
  } catch (e) {
    assert.strictEqual(e.status, 1);
    strictOut = e.stdout;
  }
  const strict = await parse(strictOut);
  assert.strictEqual(strict.failures, 1);
});
