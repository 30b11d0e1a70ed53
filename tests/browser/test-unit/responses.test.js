'use strict';
// The response formats of every question type (templates/runtime/responses.js and the file of each
// type: likert.js, fill-in.js, numeric.js, matching.js, sequencing.js), run in Node on
// the runtime's own source: right and wrong answers, the learner-state encoding (fixed width,
// round trip, refusal of foreign characters), and the strings SCORM 1.2 and xAPI 1.0.3 receive,
// checked against each specification's syntax for that interaction type.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const RUNTIME = path.join(__dirname, '..', '..', '..', 'templates', 'runtime');
function load() {
  const files = ['core.js', 'responses.js', 'likert.js', 'fill-in.js', 'numeric.js', 'matching.js', 'sequencing.js'];
  const code = files.map((f) => fs.readFileSync(path.join(RUNTIME, f), 'utf8')).join('\n');
  const ctx = vm.createContext({ document: {}, TextEncoder, TextDecoder, console });
  vm.runInContext(`var cp = { widgets: [], backend: null };\n${code}\nthis.cp = cp;`, ctx);
  return ctx.cp;
}
const cp = load();
// Values made in the runtime's context, as plain values of this one (arrays cross realms).
const plain = (x) => (x == null ? x : JSON.parse(JSON.stringify(x)));

// SCORM 1.2 RTE 3.4.4 (cmi.interactions.n.student_response / correct_responses.n.pattern), by type.
const SCORM = {
  'true-false': /^[01tf]$/,
  choice: /^[0-9a-z](,[0-9a-z])*$/,
  'fill-in': /^[\s\S]{0,255}$/,
  numeric: /^-?\d+(\.\d+)?$/,
  likert: /^[0-9a-z]?$/,
  matching: /^[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*$/,
  sequencing: /^[0-9a-z](,[0-9a-z])*$/,
};
// xAPI 1.0.3, Interaction Activities: the response and pattern syntax, by type.
const XAPI = {
  'true-false': /^(true|false)$/,
  choice: /^[^[\]]+(\[,\][^[\]]+)*$/,
  'fill-in': /^(\{case_matters=(true|false)\})?[\s\S]*$/,
  numeric: /^(-?\d+(\.\d+)?)?(\[:\](-?\d+(\.\d+)?)?)?$/,
  likert: /^[^[\]]+$/,
  matching: /^[^[\]]+\[\.\][^[\]]+(\[,\][^[\]]+\[\.\][^[\]]+)*$/,
  sequencing: /^[^[\]]+(\[,\][^[\]]+)*$/,
};

const Q = {
  choice: { id: 'q1', type: 'choice', multiple: true, choices: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], correct: ['b', 'g'] },
  'true-false': { id: 'tf', type: 'true-false', choices: ['a', 'b'], correct: ['b'] },
  likert: { id: 'lk', type: 'likert', choices: ['a', 'b', 'c', 'd', 'e'], correct: [] },
  'fill-in': { id: 'fi', type: 'fill-in', accepted: ['Amazon Bedrock', 'Bedrock'], caseSensitive: false, maxLength: 20 },
  numeric: { id: 'nu', type: 'numeric', min: '25', max: '30' },
  matching: { id: 'ma', type: 'matching', sources: ['1', '2', '3'], targets: ['a', 'b', 'c'] },
  sequencing: { id: 'se', type: 'sequencing', choices: ['a', 'b', 'c', 'd'], correct: ['a', 'b', 'c', 'd'] },
};
// Per type: [a right response, a wrong one], and the strings each must produce.
const CASES = {
  choice: { right: ['b', 'g'], wrong: ['a', 'b'], scorm: ['b,g', 'a,b'], pattern: ['b,g'], xapi: ['b[,]g', 'a[,]b'] },
  'true-false': { right: ['b'], wrong: ['a'], scorm: ['f', 't'], pattern: ['f'], xapi: ['false', 'true'] },
  likert: { right: null, wrong: ['d'], scorm: [null, 'd'], pattern: [], xapi: [null, 'd'] },
  'fill-in': { right: '  amazon   BEDROCK ', wrong: 'SageMaker', scorm: ['amazon BEDROCK', 'SageMaker'], pattern: ['Amazon Bedrock', 'Bedrock'], xapi: ['amazon BEDROCK', 'SageMaker'] },
  numeric: { right: '27.5', wrong: '-3', scorm: ['27.5', '-3'], pattern: [], xapi: ['27.5', '-3'] },
  matching: { right: ['a', 'b', 'c'], wrong: ['b', 'a', 'c'], scorm: ['1.a,2.b,3.c', '1.b,2.a,3.c'], pattern: ['1.a,2.b,3.c'], xapi: ['1[.]a[,]2[.]b[,]3[.]c', '1[.]b[,]2[.]a[,]3[.]c'] },
  sequencing: { right: ['a', 'b', 'c', 'd'], wrong: ['b', 'a', 'c', 'd'], scorm: ['a,b,c,d', 'b,a,c,d'], pattern: ['a,b,c,d'], xapi: ['a[,]b[,]c[,]d', 'b[,]a[,]c[,]d'] },
};

describe('response formats', () => {
  for (const [type, c] of Object.entries(CASES)) {
    const q = Q[type];
    const R = cp.response(q);
    it(`${type}: right and wrong, SCORM 1.2 and xAPI strings, learner state`, () => {
      if (c.right !== null) assert.equal(R.right(q, c.right), true, 'a right answer is right');
      assert.equal(R.right(q, c.wrong), type === 'likert' ? null : false, 'a wrong answer is wrong (likert: neither)');
      [c.right, c.wrong].forEach((r, i) => {
        if (r === null) return;
        assert.equal(R.scorm(q, r), c.scorm[i], 'SCORM 1.2 student_response');
        assert.match(R.scorm(q, r), SCORM[type], 'SCORM 1.2 syntax');
        assert.equal(R.xapi(q, r), c.xapi[i], 'xAPI result.response');
        assert.match(R.xapi(q, r), XAPI[type], 'xAPI syntax');
        // Fixed width whatever the answer; a round trip gives the answer back.
        const enc = R.encode(q, r);
        assert.equal(enc.length, R.width(q), 'width');
        assert.match(enc, /^[A-Za-z0-9_-]*$/, 'base64url characters only');
        const back = R.decode(q, enc);
        assert.deepEqual(plain(back), type === 'fill-in' ? r.slice(0, q.maxLength) : r, 'round trip');
      });
      assert.deepEqual(plain(R.scormPatterns(q)), c.pattern, 'SCORM 1.2 correct_responses patterns');
      for (const p of R.scormPatterns(q)) assert.match(p, SCORM[type]);
      const none = R.encode(q, null);
      assert.equal(none.length, R.width(q));
      assert.equal(R.decode(q, none), null, 'unanswered');
      assert.throws(() => R.decode(q, none.replace(/^./, '*')), 'a foreign character is refused');
    });
  }

  it('fill-in: case and white space rules, Unicode, the longest answer', () => {
    const q = { ...Q['fill-in'], caseSensitive: true, maxLength: 6 };
    const R = cp.response(q);
    assert.equal(R.right(q, 'Bedrock'), true);
    assert.equal(R.right(q, 'bedrock'), false, 'case matters when caseSensitive');
    assert.equal(R.right({ ...q, caseSensitive: false }, 'BEDROCK'), true);
    const text = 'ÉtéЖ😀'; // 2-, 3- and 4-byte UTF-8
    const enc = R.encode(q, text);
    assert.equal(enc.length, 2 + 4 * 6);
    assert.equal(R.decode(q, enc), text);
    assert.equal(R.right({ ...q, accepted: ['e\u0301te'] }, 'éte'), true, 'NFC: a decomposed accent equals the composed one');
  });

  it('numeric: exact answers and ranges, what is not a number', () => {
    const exact = { ...Q.numeric, min: '2.5', max: '2.5' };
    const R = cp.response(exact);
    assert.equal(R.right(exact, '2.5'), true);
    assert.equal(R.right(exact, '2.50'), true);
    assert.equal(R.right(exact, '2.51'), false);
    assert.deepEqual(plain(R.scormPatterns(exact)), ['2.5'], 'an exact answer is the SCORM 1.2 pattern');
    assert.deepEqual(plain(R.scormPatterns(Q.numeric)), [], 'SCORM 1.2 has no range pattern');
    assert.equal(R.right(Q.numeric, '25'), true, 'min included');
    assert.equal(R.right(Q.numeric, '30'), true, 'max included');
    assert.equal(R.right(Q.numeric, '30.01'), false);
    for (const bad of ['', 'abc', '1e3', '--1', '1.2.3']) assert.equal(R.empty(Q.numeric, bad), true, `"${bad}" is no number`);
  });

  it('matching and sequencing refuse incomplete or foreign answers', () => {
    const M = cp.response(Q.matching);
    assert.equal(M.empty(Q.matching, ['a', '', 'c']), true, 'every source matched first');
    assert.deepEqual(plain(M.decode(Q.matching, M.encode(Q.matching, ['c', '', '']))), ['c', '', '']);
    const S = cp.response(Q.sequencing);
    assert.throws(() => S.decode(Q.sequencing, 'BBCD'), 'a step twice is no order');
  });
});
