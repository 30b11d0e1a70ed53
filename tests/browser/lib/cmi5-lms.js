'use strict';
// A cmi5 LMS for the tests (cmi5 Quartz, sections 8-10), on 127.0.0.1 (random port), in front of
// a real LRS (Ralph, lib/ralph.js) that keeps every statement:
//   lms.launch(au, opts)   a session: a one-time auth token behind a fetch URL, LMS.LaunchData
//                          written to the State API, "launched" recorded, the launch URL returned
//   POST /fetch/<key>      the token once; any later POST answers the error document (code 1)
//   /xapi/statements       the AU's statements, checked for the session's token, forwarded to Ralph
//   /xapi/activities/state kept here (Ralph has no State API); LMS.LaunchData is read-only for the AU
//   /xapi/agents/profile   cmi5LearnerPreferences (languagePreference)
//   lms.failStatements     a status (503) every statement POST answers until set back to null
//   /return                the return URL: where the AU sends the learner on exit
//   lms.satisfy(reg)       decides from each AU's moveOn whether the course is satisfied, and if so
//                          records "satisfied" for it (once per registration)
// Every request is logged in `lms.log`; `lms.forwarded` holds Ralph's answer to each forward.
const http = require('node:http');
const crypto = require('node:crypto');

const CMI5 = 'https://w3id.org/xapi/cmi5/';
const ADL = 'http://adlnet.gov/expapi/verbs/';
const SESSION = CMI5 + 'context/extensions/sessionid';

async function startCmi5Lms({ ralph, homePage = 'https://lms.coursepack.invalid' }) {
  const lms = { log: [], forwarded: [], state: new Map(), profiles: new Map(), sessions: new Map(), satisfied: new Set() };
  const tokens = new Map(); // auth header value -> session

  const cors = (req) => ({
    'access-control-allow-origin': req.headers.origin || '*',
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-allow-headers': 'Authorization, Content-Type, X-Experience-API-Version, Accept-Language',
    'access-control-max-age': '0',
  });
  const stateKey = (activityId, agent, registration, stateId) => JSON.stringify([activityId, JSON.stringify(JSON.parse(agent)), registration || '', stateId]);

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url, 'http://x');
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body };
      lms.log.push(entry);
      const send = (status, data, type = 'application/json') => {
        entry.status = status;
        const headers = { ...cors(req), 'x-experience-api-version': '1.0.3' };
        if (data != null) headers['content-type'] = type;
        res.writeHead(status, headers);
        res.end(data == null ? undefined : typeof data === 'string' ? data : JSON.stringify(data));
      };
      if (req.method === 'OPTIONS') return send(204, null);
      try {
        if (url.pathname.startsWith('/fetch/')) return fetchToken(url.pathname.slice(7), req, send);
        if (url.pathname === '/return') return send(200, '<!doctype html><title>LMS</title><p>Back in the LMS</p>', 'text/html');
        if (!url.pathname.startsWith('/xapi/')) return send(404, { error: 'no such resource' });
        if (req.headers['x-experience-api-version'] !== '1.0.3') return send(400, { error: 'X-Experience-API-Version 1.0.3 required' });
        const session = tokens.get(req.headers.authorization);
        if (!session) return send(401, { error: 'no session holds this token' });
        entry.session = session.id;
        const route = url.pathname.slice(6);
        if (route === 'statements') return await statements(session, req, url, body, send, entry);
        if (route === 'activities/state') return state(session, req, url, body, send);
        if (route === 'agents/profile') return profile(req, url, send);
        return send(404, { error: 'no such resource' });
      } catch (e) { return send(400, { error: String(e.message || e) }); }
    });
  });

  function fetchToken(key, req, send) {
    const session = [...lms.sessions.values()].find((s) => s.fetchKey === key);
    if (req.method !== 'POST') return send(405, { 'error-code': '2', 'error-text': 'POST only' });
    if (!session) return send(200, { 'error-code': '2', 'error-text': 'unknown fetch URL' });
    session.fetches++;
    if (session.fetches > 1) return send(200, { 'error-code': '1', 'error-text': 'The authorization token has already been returned.' });
    const token = crypto.randomBytes(18).toString('base64');
    tokens.set('Basic ' + token, session);
    return send(200, { 'auth-token': token });
  }

  async function forward(method, rel, body) {
    const r = await fetch(ralph.endpoint + rel, {
      method, body, headers: { authorization: ralph.auth, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' },
    });
    const text = await r.text();
    lms.forwarded.push({ method, rel, status: r.status, text });
    return [r.status, text];
  }

  async function statements(session, req, url, body, send, entry) {
    if (req.method === 'GET') { const [st, text] = await forward('GET', 'statements' + url.search, undefined); return send(st, text); }
    if (req.method !== 'POST' && req.method !== 'PUT') return send(405, { error: 'method' });
    // `lms.failStatements` (a status) makes statement POSTs fail, as an LMS that is down.
    if (lms.failStatements) { entry.onPurpose = true; return send(lms.failStatements, { error: 'test LMS: failing on purpose' }); }
    if (session.terminatedAt && Date.now() - session.terminatedAt > 2000) return send(403, { error: 'the session has ended' });
    let list = JSON.parse(body);
    if (!Array.isArray(list)) list = [list];
    for (const s of list) {
      session.statements.push(s);
      if (s.verb && s.verb.id === ADL + 'terminated') session.terminatedAt = Date.now();
    }
    const [status, text] = await forward(req.method, 'statements' + url.search, body);
    return send(status, status === 204 ? null : text);
  }

  function state(session, req, url, body, send) {
    const q = url.searchParams;
    for (const k of ['activityId', 'agent', 'stateId']) if (!q.get(k)) return send(400, { error: `${k} required` });
    const key = stateKey(q.get('activityId'), q.get('agent'), q.get('registration'), q.get('stateId'));
    if (req.method === 'GET') {
      const doc = lms.state.get(key);
      return doc ? send(200, doc) : send(404, { error: 'no document' });
    }
    // The AU MUST NOT modify or delete LMS.LaunchData (section 10).
    if (q.get('stateId') === 'LMS.LaunchData') { session.launchDataWrites++; return send(403, { error: 'LMS.LaunchData is the LMS\'s' }); }
    if (req.method === 'PUT') { JSON.parse(body); lms.state.set(key, body); return send(204, null); }
    if (req.method === 'DELETE') { lms.state.delete(key); return send(204, null); }
    return send(405, { error: 'method' });
  }

  function profile(req, url, send) {
    if (req.method !== 'GET') return send(403, { error: 'read only' });
    const doc = lms.profiles.get(JSON.stringify([JSON.stringify(JSON.parse(url.searchParams.get('agent'))), url.searchParams.get('profileId')]));
    return doc ? send(200, doc) : send(404, { error: 'no profile' });
  }

  /** The statement the LMS itself records (launched, satisfied), straight to Ralph. */
  async function record(statement) {
    const [status, text] = await forward('POST', 'statements', JSON.stringify(statement));
    if (status !== 200) throw new Error(`Ralph refused the LMS's ${statement.verb.id}: ${status} ${text}`);
  }

  /**
   * Launches `au` ({ id, url, moveOn, masteryScore } from cmi5.xml) for `actor` in `registration`:
   * opts = { mode: 'Normal'|'Browse'|'Review', masteryScore (overrides the AU's), returnURL (default
   * /return, null for none), languagePreference }. Returns the session with its `launchUrl`.
   */
  lms.launch = async (packageOrigin, au, { actor, registration, mode = 'Normal', masteryScore = au.masteryScore, returnURL = `${lms.origin}/return`, languagePreference = null } = {}) => {
    const id = crypto.randomUUID();
    // The activity id the LMS generates for the AU: stable per AU, never the publisher's id.
    const activityId = `${homePage}/activities/${crypto.createHash('sha256').update(au.id).digest('hex').slice(0, 16)}`;
    const session = {
      id, au, activityId, registration, actor, mode, masteryScore, moveOn: au.moveOn, returnURL,
      fetchKey: crypto.randomBytes(9).toString('hex'), fetches: 0, statements: [], launchDataWrites: 0, terminatedAt: null,
    };
    lms.sessions.set(id, session);
    const contextTemplate = {
      contextActivities: { grouping: [{ objectType: 'Activity', id: au.id }] },
      extensions: { [SESSION]: id },
    };
    const launchData = { contextTemplate, launchMode: mode, moveOn: au.moveOn, launchParameters: '' };
    if (masteryScore != null) launchData.masteryScore = masteryScore;
    if (returnURL) launchData.returnURL = returnURL;
    session.launchData = launchData;
    lms.state.set(stateKey(activityId, JSON.stringify(actor), registration, 'LMS.LaunchData'), JSON.stringify(launchData));
    if (languagePreference) lms.profiles.set(JSON.stringify([JSON.stringify(actor), 'cmi5LearnerPreferences']), JSON.stringify({ languagePreference }));
    const launchUrl = new URL(au.url, `${packageOrigin}/pkg/`);
    const extensions = { [SESSION]: id, [CMI5 + 'context/extensions/launchmode']: mode, [CMI5 + 'context/extensions/launchurl']: launchUrl.href,
      [CMI5 + 'context/extensions/moveon']: au.moveOn, [CMI5 + 'context/extensions/launchparameters']: '' };
    if (masteryScore != null) extensions[CMI5 + 'context/extensions/masteryscore'] = masteryScore;
    await record({
      id: crypto.randomUUID(), actor, verb: { id: ADL + 'launched', display: { 'en-US': 'launched' } },
      object: { objectType: 'Activity', id: activityId },
      context: { registration, contextActivities: { grouping: [{ objectType: 'Activity', id: au.id }], category: [{ objectType: 'Activity', id: CMI5 + 'context/categories/cmi5' }] }, extensions },
      timestamp: new Date().toISOString(),
    });
    const p = { endpoint: `${lms.origin}/xapi/`, fetch: `${lms.origin}/fetch/${session.fetchKey}`, actor: JSON.stringify(actor), registration, activityId };
    launchUrl.search = Object.entries(p).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
    session.launchUrl = launchUrl.href;
    session.fetchUrl = p.fetch;
    return session;
  };

  /** Whether one AU's moveOn is met by the defined statements of a registration (Ralph's copy). */
  lms.auSatisfied = (au, defined) => {
    const has = (verb) => defined.some((s) => s.verb.id === ADL + verb);
    return {
      NotApplicable: true, Completed: has('completed'), Passed: has('passed'),
      CompletedAndPassed: has('completed') && has('passed'), CompletedOrPassed: has('completed') || has('passed'),
    }[au.moveOn];
  };

  /**
   * After a session ends: reads the registration's statements back from Ralph and, when every AU
   * of `aus` meets its moveOn, records "satisfied" for the course (once). Returns whether it is.
   */
  lms.satisfy = async (session, aus, courseId) => {
    const stored = await ralph.byRegistration(session.registration);
    const cmi5Defined = (s) => ((s.context.contextActivities || {}).category || []).some((c) => c.id === CMI5 + 'context/categories/cmi5');
    const done = aus.every((au) => {
      const activityId = [...lms.sessions.values()].find((x) => x.au.id === au.id);
      const mine = stored.filter((s) => activityId && s.object.id === activityId.activityId && cmi5Defined(s));
      return lms.auSatisfied(au, mine);
    });
    if (done && !lms.satisfied.has(session.registration)) {
      lms.satisfied.add(session.registration);
      await record({
        id: crypto.randomUUID(), actor: session.actor, verb: { id: 'https://w3id.org/xapi/adl/verbs/satisfied', display: { 'en-US': 'satisfied' } },
        object: { objectType: 'Activity', id: `${homePage}/courses/${crypto.createHash('sha256').update(courseId).digest('hex').slice(0, 16)}`,
          definition: { type: CMI5 + 'activitytype/course' } },
        context: { registration: session.registration, contextActivities: { grouping: [{ objectType: 'Activity', id: courseId }], category: [{ objectType: 'Activity', id: CMI5 + 'context/categories/cmi5' }] },
          extensions: { [SESSION]: session.id } },
        timestamp: new Date().toISOString(),
      });
    }
    return done;
  };

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      lms.origin = `http://127.0.0.1:${server.address().port}`;
      lms.close = () => new Promise((r) => { server.closeAllConnections(); server.close(r); });
      resolve(lms);
    });
  });
}

module.exports = { startCmi5Lms, CMI5, SESSION };
