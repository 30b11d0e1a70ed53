'use strict';
// What the cmi5 suite knows about a cmi5 package (cmi5.xml, page data) and the cmi5 statement
// rules (cmi5 Quartz, sections 7.1.3, 9 and 10), checked independently of the runtime.
const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');
const pkg = require('./package');
const { CMI5, SESSION } = require('./cmi5-lms');

const ADL = 'http://adlnet.gov/expapi/verbs/';
const DURATION = /^PT\d+H\d+M\d+(\.\d+)?S$/;
const DEFINED = ['initialized', 'completed', 'passed', 'failed', 'terminated'];

/** The package folder, or an Error explaining why the suite cannot run. */
function cmi5Dir() {
  const dir = process.env.COURSEPACK_CMI5_DIR;
  if (!dir) throw new Error('COURSEPACK_CMI5_DIR is not set: point it at an unpacked cmi5 package (scripts/test.sh builds and unpacks one)');
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, 'cmi5.xml'))) throw new Error(`COURSEPACK_CMI5_DIR=${dir} has no cmi5.xml`);
  return abs;
}

const unesc = (s) => s.trim().replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** cmi5.xml: { courseId, aus: [{ id, url, moveOn, masteryScore, launchMethod, title }] }. */
function courseStructure(dir) {
  const xml = fs.readFileSync(path.join(dir, 'cmi5.xml'), 'utf8');
  const course = /<course\s+id="([^"]+)"/.exec(xml);
  if (!course) throw new Error('cmi5.xml has no course id');
  const aus = [...xml.matchAll(/<au\b([^>]*)>([\s\S]*?)<\/au>/g)].map((m) => {
    const attr = (n) => { const a = new RegExp(`\\b${n}="([^"]*)"`).exec(m[1]); return a ? unesc(a[1]) : null; };
    const ms = attr('masteryScore');
    return {
      id: attr('id'), moveOn: attr('moveOn') || 'NotApplicable', masteryScore: ms == null ? null : Number(ms),
      launchMethod: attr('launchMethod'), url: unesc(/<url>([^<]*)<\/url>/.exec(m[2])[1]),
      title: unesc(/<title>\s*<langstring[^>]*>([^<]*)<\/langstring>/.exec(m[2])[1]),
    };
  });
  return { courseId: unesc(course[1]), aus };
}

function readPlan(dir, page) {
  const plan = pkg.readPlan(dir, page);
  if (plan.standard !== 'cmi5' || !plan.xapi) throw new Error(`${page}: page data is not a cmi5 page (standard "${plan.standard}")`);
  return plan;
}

const verbOf = (s) => s.verb.id.replace(/^.*\//, '');
const categories = (s) => (((s.context || {}).contextActivities || {}).category || []).map((c) => c.id);
const isDefined = (s) => categories(s).includes(CMI5 + 'context/categories/cmi5');

/**
 * The AU statements of one session, checked against the cmi5 rules; `prior` are the defined AU
 * statements of earlier sessions of the same registration (for the per-registration rules).
 */
function checkSession(statements, session, prior = []) {
  const { activityId, registration, actor, mode, au, launchData } = session;
  assert.ok(statements.length >= 2, 'at least initialized and terminated');
  const byTime = [...statements].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  assert.equal(verbOf(byTime[0]), 'initialized', 'initialized comes first (9.3)');
  assert.ok(isDefined(byTime[0]), 'initialized is cmi5 defined');
  assert.equal(verbOf(byTime[byTime.length - 1]), 'terminated', 'terminated comes last (9.3)');
  assert.ok(isDefined(byTime[byTime.length - 1]), 'terminated is cmi5 defined');
  const defined = byTime.filter(isDefined);
  const seen = new Set();
  for (const st of byTime) {
    const verb = verbOf(st);
    const where = `${verb} ${st.object.id}`;
    assert.deepEqual(st.actor, actor, `${where}: the launch actor`);
    assert.equal(st.context.registration, registration, `${where}: the registration (9.6.1)`);
    assert.equal(st.context.extensions[SESSION], session.id, `${where}: the session id (9.6.3.1)`);
    const grouping = ((st.context.contextActivities || {}).grouping || []).map((a) => a.id);
    assert.ok(grouping.includes(au.id), `${where}: the publisher id in the grouping (9.6.2.3)`);
    const moveon = categories(st).includes(CMI5 + 'context/categories/moveon');
    if (!isDefined(st)) {
      // cmi5 allowed: any verb, the context template, never the cmi5 or moveOn category (7.1.3).
      assert.ok(!moveon, `${where}: an allowed statement has no moveOn category`);
      continue;
    }
    assert.ok(DEFINED.includes(verb), `${where}: a cmi5 defined verb`);
    assert.equal(st.verb.id, ADL + verb);
    assert.equal(st.object.id, activityId, `${where}: the object is the AU (9.4)`);
    assert.ok(!seen.has(verb), `${where}: not duplicated in the session (9.3)`);
    seen.add(verb);
    const r = st.result || {};
    assert.equal(moveon, 'success' in r || 'completion' in r, `${where}: the moveOn category exactly when success or completion (9.6.2.2)`);
    if (!['passed', 'failed'].includes(verb)) assert.equal(r.score, undefined, `${where}: no score (9.5.1)`);
    if (!['passed', 'failed'].includes(verb)) assert.equal(r.success, undefined, `${where}: no success (9.5.2)`);
    if (verb !== 'completed') assert.equal(r.completion, undefined, `${where}: no completion (9.5.3)`);
    if (['completed', 'passed', 'failed', 'terminated'].includes(verb)) assert.match(r.duration || '', DURATION, `${where}: duration (9.5.4)`);
    if (verb === 'completed') assert.equal(r.completion, true);
    if (verb === 'passed' || verb === 'failed') {
      assert.equal(r.success, verb === 'passed', `${where}: success`);
      const ms = launchData.masteryScore;
      if (ms != null) {
        assert.equal(st.context.extensions[CMI5 + 'context/extensions/masteryscore'], ms, `${where}: the LMS's masteryScore (9.6.3.2)`);
        if (r.score && r.score.scaled != null) {
          if (verb === 'passed') assert.ok(r.score.scaled >= ms, `${where}: scaled ${r.score.scaled} >= masteryScore ${ms}`);
          else assert.ok(r.score.scaled < ms, `${where}: scaled ${r.score.scaled} < masteryScore ${ms}`);
        }
      }
      if (r.score) assert.ok(r.score.scaled >= 0 && r.score.scaled <= 1, `${where}: scaled in 0..1`);
    }
  }
  assert.ok(!(seen.has('passed') && seen.has('failed')), 'passed and failed not both in a session (9.3)');
  if (mode !== 'Normal') {
    assert.deepEqual([...seen].sort(), ['initialized', 'terminated'], `${mode} mode: only initialized and terminated (10)`);
  }
  // Per registration: one completed, one passed, no failed after passed.
  const all = [...prior, ...defined];
  assert.ok(all.filter((s) => verbOf(s) === 'completed').length <= 1, 'one completed per registration (9.3)');
  assert.ok(all.filter((s) => verbOf(s) === 'passed').length <= 1, 'one passed per registration (9.3)');
  const firstPass = all.findIndex((s) => verbOf(s) === 'passed');
  if (firstPass >= 0) assert.ok(!all.slice(firstPass).some((s) => verbOf(s) === 'failed'), 'no failed after passed (9.3)');
  return defined;
}

module.exports = { cmi5Dir, courseStructure, readPlan, checkSession, isDefined, verbOf, DEFINED };
