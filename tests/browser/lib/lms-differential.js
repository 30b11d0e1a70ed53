'use strict';
// The differential harness of the preview's LMS tests (test-unit/lms-scorm12.test.js and
// lms-scorm2004.test.js): scorm-again 3.4.3 in a vm realm of its own, scripts of calls played on the
// preview's LMS and on scorm-again alike, and their comparison: every result and every last error
// agree, but for the calls marked with a row of the test's KNOWN table, where we answer as the
// source says and scorm-again must still differ. Also: a session of writes, and the preview's
// scripts run as the shell page runs them. Each test keeps its own scripts, KNOWN rows and Moodle rules.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const PREVIEW = path.join(__dirname, '..', '..', '..', 'templates', 'preview');
const QUIET = { log() {}, info() {}, warn() {}, error() {}, debug() {} };

/** Per version: the RTE's eight API functions by role, and scorm-again's browser bundle with the class it sets. */
const VERSIONS = {
  scorm12: {
    functions: {
      initialize: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
      lastError: 'LMSGetLastError', errorString: 'LMSGetErrorString', diagnostic: 'LMSGetDiagnostic',
    },
    bundle: 'scorm12.js', api: 'Scorm12API',
  },
  scorm2004: {
    functions: {
      initialize: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit',
      lastError: 'GetLastError', errorString: 'GetErrorString', diagnostic: 'GetDiagnostic',
    },
    bundle: 'scorm2004.js', api: 'Scorm2004API',
  },
};

/** Interactions as the preview keeps them (objectives and correct_responses as lists of ids and patterns), in scorm-again's shape. */
function toScormAgain(interactions) {
  return (interactions || []).map((x) => ({
    ...x, objectives: x.objectives.map((id) => ({ id })), correct_responses: x.correct_responses.map((pattern) => ({ pattern })),
  }));
}

/** scorm-again's cmi as plain JSON: the collections named in `lists` as arrays, the interactions in the preview's shape. */
function theirCmi(api, lists) {
  const c = JSON.parse(JSON.stringify(api.renderCMIToJSONObject().cmi));
  for (const k of lists) c[k] = Object.values(c[k]);
  c.interactions = Object.values(c.interactions).map((x) => ({
    ...x, objectives: Object.values(x.objectives).map((o) => o.id), correct_responses: Object.values(x.correct_responses).map((r) => r.pattern),
  }));
  return c;
}

/**
 * The preview's scripts (templates/preview/NAME), run in order in one realm without `module`, as
 * the shell page runs them: the CoursepackLms they set up.
 */
function inPage(names) {
  const ctx = vm.createContext({});
  for (const name of names) vm.runInContext(fs.readFileSync(path.join(PREVIEW, name), 'utf8'), ctx, { filename: name });
  return ctx.CoursepackLms;
}
/** The preview's scripts that shell.html loads before shell.js (which wants a DOM), in its order. */
function shellScripts() {
  const html = fs.readFileSync(path.join(PREVIEW, 'shell.html'), 'utf8');
  const names = [...html.matchAll(/<script src="\/__coursepack\/([^"]+)"><\/script>/g)].map((m) => m[1]);
  return names.filter((name) => name !== 'shell.js');
}

/** Shows a call for an assertion message, long strings cut. */
const cut = (a) => (typeof a === 'string' && a.length > 40 ? `${a.slice(0, 12)}… (${a.length})` : a);
const show = ([fn, ...args]) => `${fn}(${args.map((a) => JSON.stringify(cut(a))).join(', ')})`;

/** The harness of one version ('scorm12' or 'scorm2004'). */
function harness(version) {
  const fns = VERSIONS[version].functions;
  // The browser bundle (an IIFE setting this[class]); the package is ESM-only for require().
  const dist = path.join(__dirname, '..', 'node_modules', 'scorm-again', 'dist', VERSIONS[version].bundle);
  const bundle = new vm.Script(fs.readFileSync(dist, 'utf8'));

  /**
   * scorm-again's API made with `settings`, loaded with `json` (what the LMS hands the SCO), in a
   * realm of its own (its loadFromJSON wants that realm's plain objects).
   */
  function scormAgain(settings, json) {
    const ctx = vm.createContext({ console: QUIET, setTimeout, clearTimeout, setInterval, clearInterval });
    ctx.window = ctx;
    bundle.runInContext(ctx);
    const api = new ctx[VERSIONS[version].api](settings);
    api.loadFromJSON(vm.runInContext('JSON', ctx).parse(JSON.stringify(json)), '');
    return api;
  }

  /* ---------- The steps of a script: calls, each compared on its result and on the last error after it ---------- */

  const call = (fn, ...args) => ({ call: [fn, ...args] });
  const steps = {
    call,
    get: (el) => call(fns.get, el),
    set: (el, v) => call(fns.set, el, v),
    err: (code) => call(fns.errorString, code),
    /** A call where scorm-again differs (KNOWN[id]): what we answer. */
    known: (id, [result, error], step) => ({ ...step, known: id, ours: { result, error } }),
    x: (n) => 'x'.repeat(n),
  };

  /** Plays a script; the results, and what the LMS holds right after the session's end (`state`). */
  function play(api, script, state) {
    let held = null;
    const out = script.map(({ call: [fn, ...args] }) => {
      let result;
      try { result = api[fn](...args); } catch (e) { result = `threw ${e.message}`; }
      if (fn === fns.finish && result === 'true' && !held) held = state(api);
      return { result: typeof result === 'string' ? result : JSON.stringify(result), error: String(api[fns.lastError]()) };
    });
    return { out, held };
  }

  /**
   * The differential tests: each script (name, launch, steps) played on `ours(launch)` and
   * `theirs(launch)`, compared call by call and, after the session's end, on what the LMS holds
   * (ourState / theirState); then the script against `known`, the table of known differences: at
   * least `minSteps` calls, every row used and explained, at most one call in ten differing.
   */
  function differential(title, { scripts, known, minSteps, ours, theirs, ourState, theirState }) {
    describe(title, () => {
      for (const script of scripts) {
        it(`${script.name}: every result and error code agree, but for the known differences`, () => {
          const mine = play(ours(script.launch), script.steps, ourState);
          const other = play(theirs(script.launch), script.steps, theirState);
          const wrong = [];
          script.steps.forEach((step, i) => {
            const where = `#${i} ${show(step.call)}`;
            if (!step.known) {
              if (JSON.stringify(mine.out[i]) !== JSON.stringify(other.out[i])) wrong.push({ where, ours: mine.out[i], scormAgain: other.out[i] });
              return;
            }
            assert.ok(known[step.known], `${where}: known difference "${step.known}" is in the table`);
            assert.deepEqual(mine.out[i], step.ours, `${where}: our answer (${step.known})`);
            assert.notDeepEqual(other.out[i], mine.out[i], `${where}: scorm-again now agrees: drop "${step.known}" here`);
          });
          assert.deepEqual(wrong, [], 'calls that differ and are not in KNOWN');
          if (mine.held || other.held) assert.deepEqual(mine.held, other.held, `what the LMS holds after ${fns.finish}`);
        });
      }

      it('the script is long and the table short, every row used and explained', () => {
        const all = scripts.flatMap((s) => s.steps);
        assert.ok(all.length >= minSteps, `${all.length} calls`);
        const used = new Set(all.filter((s) => s.known).map((s) => s.known));
        assert.deepEqual([...used].sort(), Object.keys(known).sort(), 'every known difference is exercised');
        for (const [id, row] of Object.entries(known)) for (const k of ['reason', 'ours', 'source']) assert.ok(row[k], `${id}.${k}`);
        assert.ok(all.filter((s) => s.known).length <= all.length / 10, 'at most one call in ten differs');
      });
    });
  }

  /** A session: `sets` ([element, value]) written in order, then the session's end (unless `finish` is false). */
  function session(api, sets, finish = true) {
    assert.equal(api[fns.initialize](''), 'true');
    for (const [el, v] of sets) assert.equal(api[fns.set](el, v), 'true', `${el} = ${v}: ${api[fns.lastError]()}`);
    if (finish) assert.equal(api[fns.finish](''), 'true');
    return api;
  }

  /* ---------- The API object ---------- */

  /**
   * A session of `make(onCall)` (`sets` written, then its end) whose onCall takes nextLaunch() at
   * the end, then throws, as a faulty panel would: every call still answers "true". Returns the
   * launch taken there.
   */
  function launchAtEnd(make, sets) {
    let seen = null;
    const api = make((e) => {
      if (e.fn === fns.finish) seen = api.nextLaunch();
      throw new Error('panel bug');
    });
    session(api, sets);
    return seen;
  }

  /**
   * What onCall hears (every call, after it, with its result and the error code) in a session of
   * `make(onCall)`: a read of `before` ahead of initializing, initializing, the write `refused`
   * ([element, value]), the last error and its string, a read of the write-only `writeOnly`, the
   * diagnostic, commit and the end; `answers`: the [result, error] of each, in that order.
   */
  function assertCallLog(make, { before, refused, writeOnly }, answers) {
    const log = [];
    const api = make((e) => log.push(e));
    const calls = [[fns.get, before], [fns.initialize, ''], [fns.set, ...refused], [fns.lastError], [fns.errorString, answers[2][1]],
      [fns.get, writeOnly], [fns.diagnostic, ''], [fns.commit, ''], [fns.finish, '']];
    for (const [fn, ...args] of calls) api[fn](...args);
    assert.deepEqual(log, calls.map(([fn, ...args], i) => ({ fn, args, result: answers[i][0], error: answers[i][1] })));
  }

  /**
   * `api` has exactly the RTE's eight functions, plus snapshot and nextLaunch, and they work
   * unbound: initializing, reading [element, value], then initializing again with no argument,
   * which counts as "" (as in scorm-again) and fails with the error code `again`.
   */
  function assertApiObject(api, [element, value], again) {
    assert.deepEqual(Object.keys(api).sort(), [...Object.values(fns), 'nextLaunch', 'snapshot'].sort());
    const { [fns.initialize]: initialize, [fns.get]: getValue } = api;
    assert.equal(initialize(''), 'true');
    assert.equal(getValue(element), value);
    assert.equal(initialize(), 'false', 'no argument counts as "" (as in scorm-again): already initialized');
    assert.equal(api[fns.lastError](), again);
  }

  return { scormAgain, steps, differential, session, launchAtEnd, assertCallLog, assertApiObject };
}

module.exports = { harness, toScormAgain, theirCmi, inPage, shellScripts };
