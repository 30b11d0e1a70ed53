'use strict';
// What the xAPI suite knows about an xAPI package (tincan.xml, page data with `xapi`), how an LMS
// launches it (Tin Can launch parameters in the URL), and what the statements must look like
// (docs/xapi.md), checked independently of the runtime. Also the browser page for these tests:
// like lib/browser.js but the LRS is another origin, so requests are recorded, not blocked.
const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const validate = require('xapi-validation').default;
const pkg = require('./package');

const ADL = 'http://adlnet.gov/expapi/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DURATION = /^PT\d+H\d+M\d+(\.\d+)?S$/;

/** The package folder, or an Error explaining why the suite cannot run. */
function xapiDir() {
  const dir = process.env.COURSEPACK_XAPI_DIR;
  if (!dir) throw new Error('COURSEPACK_XAPI_DIR is not set: point it at an unpacked xAPI package (scripts/test.sh builds and unpacks one)');
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new Error(`COURSEPACK_XAPI_DIR=${dir} is not a folder`);
  return abs;
}

/** The course activity of tincan.xml: { id, launch } (launch = page path relative to the package). */
function tincan(dir) {
  const file = path.join(dir, 'tincan.xml');
  if (!fs.existsSync(file)) throw new Error(`${dir} has no tincan.xml`);
  const xml = fs.readFileSync(file, 'utf8');
  const course = [...xml.matchAll(/<activity\b([^>]*)>([\s\S]*?)<\/activity>/g)]
    .find((m) => /type\s*=\s*"http:\/\/adlnet\.gov\/expapi\/activities\/course"/.test(m[1]));
  if (!course) throw new Error('tincan.xml has no activity of type http://adlnet.gov/expapi/activities/course');
  const id = /\bid\s*=\s*"([^"]+)"/.exec(course[1]);
  const launch = /<launch\b[^>]*>([^<]+)<\/launch>/.exec(course[2]);
  if (!id || !launch) throw new Error('the course activity of tincan.xml lacks an id or a launch element');
  const unesc = (s) => s.trim().replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
  return { id: unesc(id[1]), launch: unesc(launch[1]) };
}

function readPlan(dir, page) {
  const plan = pkg.readPlan(dir, page);
  if (plan.standard !== 'xapi' || !plan.xapi || !plan.xapi.course) throw new Error(`${page}: page data is not an xAPI page (standard "${plan.standard}", no xapi.course)`);
  return plan;
}

/** Launch parameters as an LMS puts them in the URL (each value percent-encoded). */
function launchQuery({ endpoint, auth, actor, registration, activityId, grouping, acceptLanguage }) {
  const p = { endpoint, auth, actor: JSON.stringify(actor), registration, activity_id: activityId, grouping, 'Accept-Language': acceptLanguage };
  return Object.entries(p).filter(([, v]) => v != null).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** The actor as statements must carry it: the legacy form with arrays becomes the current one. */
function normalActor(a) {
  const one = (v) => (Array.isArray(v) ? v[0] : v);
  const out = { objectType: 'Agent' };
  if (a.name) out.name = one(a.name);
  if (a.mbox) out.mbox = one(a.mbox);
  else if (a.account) {
    const acc = one(a.account);
    out.account = { homePage: acc.homePage || acc.accountServiceHomePage, name: acc.name || acc.accountName };
  }
  return out;
}

const registration = () => crypto.randomUUID();

/** A page with nothing blocked; every request URL, page error and console warning recorded. */
async function openXapiPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: 'block' });
  const rec = { requests: [], pageErrors: [], consoleWarnings: [] };
  context.on('request', (r) => rec.requests.push(r.url()));
  const page = await context.newPage();
  page.on('pageerror', (e) => rec.pageErrors.push(String(e && e.stack || e)));
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') rec.consoleWarnings.push(m.text()); });
  return { context, page, rec };
}

/** Open the launch URL; resolves once the runtime has started (saved state read, first lesson shown). */
async function launch(page, origin, launchPage, query) {
  await page.goto(`${origin}/pkg/${launchPage}${query ? `?${query}` : ''}`);
  await page.waitForFunction(() => {
    const bar = document.querySelector('[data-cp-progress]');
    const shown = [...document.querySelectorAll('[data-cp-lesson]')].filter((s) => !s.hidden);
    return shown.length === 1 && bar && bar.hasAttribute('aria-valuetext') && document.readyState === 'complete';
  }, null, { timeout: 20000 });
  return page.mainFrame();
}

/** Poll until fn() is truthy (returns its value). */
async function until(fn, what, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** learning Locker's xapi-validation: [] when the statement is valid. */
function problems(statement) {
  return validate(statement).map((w) => `${(w.path || []).join('.')}: ${w.constructor && w.constructor.name} ${JSON.stringify(w.data === undefined ? '' : w.data).slice(0, 80)}`);
}

const key = (verb, id) => `${verb} ${id}`;
function count(list) {
  const m = new Map();
  for (const k of list) m.set(k, (m.get(k) || 0) + 1);
  return m;
}

/**
 * The statements a learner's sessions must produce, as a sorted list of "verb objectId":
 * `sessions` launches; `state` = { viewedLessons, viewedItems, answers } over all of them.
 */
function expectedKeys(plan, courseId, sessions, state) {
  const X = plan.xapi;
  const out = [];
  for (let i = 0; i < sessions; i++) out.push(key('initialized', courseId), key('terminated', courseId));
  for (const l of state.viewedLessons) out.push(key('experienced', X.lessons[l].id));
  for (const id of state.viewedItems) out.push(key('experienced', X.items[id].id));
  for (const g of plan.groups) if (g.items.every((id) => state.viewedItems.has(id))) out.push(key('completed', X.groups[g.id].id));
  for (const [q] of state.answers) out.push(key('answered', X.questions[q].id));
  const { status } = pkg.expectedOutcome(plan, state);
  if (status !== 'incomplete') out.push(key('completed', courseId));
  if (status === 'passed' || status === 'failed') out.push(key(status, courseId));
  return out.sort();
}

/** Shape of one statement, per docs/xapi.md. `ctx` = { plan, courseId, actor, registration, grouping, answers }. */
function checkStatement(st, { plan, courseId, actor, registration, grouping, state }) {
  const X = plan.xapi;
  const verb = st.verb.id.slice((ADL + 'verbs/').length);
  const where = `${verb} ${st.object.id}`;
  assert.match(st.id, UUID, `${where}: id is a UUID`);
  assert.deepEqual(st.actor, actor, `${where}: actor`);
  assert.equal(st.verb.id, ADL + 'verbs/' + verb, `${where}: ADL verb`);
  assert.deepEqual(st.verb.display, { 'en-US': verb }, `${where}: verb display`);
  assert.ok(!Number.isNaN(Date.parse(st.timestamp)) && /T.*(Z|[+-]\d\d:\d\d)$/.test(st.timestamp), `${where}: ISO 8601 timestamp`);
  assert.equal(st.context.registration, registration, `${where}: registration`);
  assert.equal(st.context.language, plan.lang, `${where}: language`);
  assert.equal(st.object.objectType, 'Activity', `${where}: objectType`);
  const def = st.object.definition;
  const name = (n) => ({ [plan.lang]: n });
  const ca = st.context.contextActivities || {};
  const ids = (list) => (list || []).map((a) => a.id);
  const course = ids(ca.grouping).includes(courseId) || ids(ca.parent).includes(courseId);
  if (st.object.id !== courseId) assert.ok(course, `${where}: the course is the parent or in the grouping`);
  if (grouping) assert.ok(ids(ca.grouping).includes(grouping), `${where}: launch grouping kept`);
  // The type the page data gives (the build decides it, for tincan.xml too), else docs/xapi.md's.
  const type = (t, r) => assert.equal(def.type, (r && r.type) || ADL + 'activities/' + t, `${where}: activity type`);

  if (st.object.id === courseId) {
    type('course', X.course);
    assert.deepEqual(def.name, name(X.course.name), `${where}: course name`);
    if (verb === 'terminated') assert.match(st.result.duration, DURATION, `${where}: duration`);
    if (verb === 'completed') { assert.equal(st.result.completion, true); assert.match(st.result.duration, DURATION, `${where}: duration`); }
    if (verb === 'passed' || verb === 'failed') {
      const raw = Number(pkg.expectedOutcome(plan, state).score);
      const { scaled, ...rest } = st.result.score;
      assert.deepEqual(rest, { raw, min: 0, max: 100 }, `${where}: score`);
      assert.ok(Math.abs(scaled - raw / 100) < 1e-9, `${where}: scaled score ${scaled} = raw / 100`);
      assert.equal(st.result.success, verb === 'passed');
      assert.match(st.result.duration, DURATION);
    }
    return;
  }
  const lesson = Object.entries(X.lessons).find(([, l]) => l.id === st.object.id);
  const item = Object.entries(X.items).find(([, l]) => l.id === st.object.id);
  const group = Object.entries(X.groups).find(([, l]) => l.id === st.object.id);
  const question = Object.entries(X.questions).find(([, l]) => l.id === st.object.id);
  if (lesson) {
    assert.equal(verb, 'experienced');
    type('lesson', lesson[1]);
    assert.deepEqual(def.name, name(lesson[1].name));
    assert.deepEqual(ids(ca.parent), [courseId], `${where}: parent is the course`);
  } else if (item) {
    const [, it] = item;
    assert.equal(verb, 'experienced');
    type('interaction', it);
    assert.deepEqual(def.name, name(it.name));
    const g = X.groups[it.group];
    assert.deepEqual(ids(ca.parent), [g.id], `${where}: parent is the block`);
    assert.equal(ca.parent[0].definition.type, g.type || ADL + 'activities/interaction');
    assert.equal(ca.parent[0].definition.extensions[`${X.course.id}/extensions/kind`], g.kind);
    assert.ok(ids(ca.grouping).includes(courseId), `${where}: grouping is the course`);
    assert.deepEqual(st.context.extensions, { [`${X.course.id}/extensions/position`]: it.position, [`${X.course.id}/extensions/total`]: it.total }, `${where}: position and total`);
  } else if (group) {
    assert.equal(verb, 'completed');
    type('interaction', group[1]);
    assert.equal(def.extensions[`${X.course.id}/extensions/kind`], group[1].kind);
    assert.equal(st.result.completion, true);
  } else if (question) {
    const [qid, q] = question;
    assert.equal(verb, 'answered');
    type('cmi.interaction', q);
    const pq = plan.questions.find((p) => p.id === qid);
    assert.equal(def.interactionType, q.interactionType || pq.type || 'choice', `${where}: interactionType`);
    assert.deepEqual(def.name, name(q.name));
    for (const c of ['choices', 'scale', 'source', 'target']) {
      if (q[c]) assert.deepEqual(def[c], q[c].map((x) => ({ id: x.id, description: name(x.description) })), `${where}: ${c}`);
      else assert.equal(def[c], undefined, `${where}: no ${c}`);
    }
    if (q.correctResponsesPattern && q.correctResponsesPattern.length) {
      assert.deepEqual(def.correctResponsesPattern, q.correctResponsesPattern, `${where}: correctResponsesPattern`);
    } else assert.equal(def.correctResponsesPattern, undefined, `${where}: no correct pattern (likert)`);
    const given = state.answers.get(qid);
    assert.equal(st.result.response, pkg.xapiResponse(pq, given), `${where}: response`);
    const right = pkg.isRight(pq, given);
    if (right === null) assert.equal(st.result.success, undefined, `${where}: a survey is neither right nor wrong`);
    else assert.equal(st.result.success, right, `${where}: success`);
    const attempt = (st.context.extensions || {})[`${X.course.id}/extensions/attempt`];
    if (pq.scored !== false) assert.ok(Number.isInteger(attempt) && attempt >= 1, `${where}: attempt`);
  } else {
    assert.fail(`${where}: object is not the course nor one of its lessons, blocks, items or questions`);
  }
}

/** Every check on a set of stored statements: the expected ones, once each, well formed and valid. */
function checkStatements(statements, ctx, expected) {
  const ids = statements.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, 'every statement stored once');
  const got = statements.map((s) => key(s.verb.id.slice((ADL + 'verbs/').length), s.object.id)).sort();
  assert.deepEqual(got, expected, 'the statements match what the learner did');
  for (const st of statements) {
    assert.deepEqual(problems(st), [], `xapi-validation accepts ${st.verb.id} ${st.object.id}`);
    checkStatement(st, ctx);
  }
  const byTime = [...statements].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  const v = (s) => s.verb.id.slice((ADL + 'verbs/').length);
  assert.equal(v(byTime[0]), 'initialized', 'initialized comes first');
  assert.equal(v(byTime[byTime.length - 1]), 'terminated', 'terminated comes last');
}

module.exports = {
  ADL, UUID, xapiDir, tincan, readPlan, launchQuery, normalActor, registration, openXapiPage, launch, until, problems,
  expectedKeys, checkStatement, checkStatements, count,
};
