'use strict';
// An LRS front for the xAPI tests, on 127.0.0.1 (random port), with the real HTTP semantics of
// xAPI 1.0.3 for what coursepack uses:
//   POST/PUT statements     stored in memory, or forwarded to a real LRS (Ralph) when `forward` is set
//   GET statements          by statementId, or all (optionally by registration)
//   activities/state        GET (200 / 404), PUT and POST (204), DELETE, always in memory:
//                           Ralph has no State API
// Every request needs X-Experience-API-Version: 1.0.3 and the expected Authorization; CORS is
// answered for any origin. `lrs.fail` makes it unreachable ('reset': the connection is dropped)
// or failing (a status number) until set back to null. Every request is logged in `lrs.log`
// ({method, path, query, headers, body, t, status}; status 'reset' when the connection was dropped).
// `lrs.refuse` (a function of a statement, or null) answers a statement POST with the status it
// returns for any statement of the batch, as an LRS refusing that statement (cmi5's 403).
// Per route, for the State API (CORS preflights are answered as usual):
//   lrs.stateApi = false    every `activities/state` request answers 404, whatever its method (an
//                           LRS without a State API); true by default
//   lrs.stateFailures = []  a queue consumed by `activities/state` GET requests, one entry per GET:
//                           'reset' drops the connection, 'cut' answers 200 and drops the connection
//                           in the middle of the body, a number is the HTTP status answered instead
//                           of the document; once empty, GETs are answered normally.
//                           While a 'reset' or a 408 is queued every response closes its connection:
//                           Chromium silently resends a request whose reused keep-alive connection
//                           drops or answers 408, so the GET must come on a fresh connection for the
//                           page to see the failure (one entry = one failure the page sees)
const http = require('node:http');

function startLrs({ auth, forward = null } = {}) {
  const lrs = { log: [], statements: [], state: new Map(), fail: null, refuse: null, stateApi: true, stateFailures: [] };
  const byId = new Map();

  const cors = (req) => ({
    'access-control-allow-origin': req.headers.origin || '*',
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-allow-headers': 'Authorization, Content-Type, X-Experience-API-Version, Accept-Language',
    'access-control-expose-headers': 'X-Experience-API-Version',
    'access-control-max-age': '0',
  });

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      const body = Buffer.concat(chunks).toString('utf8');
      const entry = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, t: Date.now() };
      if (lrs.fail === 'reset') { entry.status = 'reset'; lrs.log.push(entry); req.socket.destroy(); return; }
      lrs.log.push(entry);
      const send = (status, data, type = 'application/json') => {
        entry.status = status;
        const headers = { ...cors(req), 'x-experience-api-version': '1.0.3' };
        if (lrs.stateFailures.some((f) => f === 'reset' || f === 408)) headers.connection = 'close';
        if (data != null) headers['content-type'] = type;
        res.writeHead(status, headers);
        res.end(data == null ? undefined : typeof data === 'string' ? data : JSON.stringify(data));
      };
      if (req.method === 'OPTIONS') return send(lrs.fail ? lrs.fail : 204, null);
      if (lrs.fail) return send(lrs.fail, { error: 'test LRS: failing on purpose' });
      if (req.headers['x-experience-api-version'] !== '1.0.3') return send(400, { error: 'X-Experience-API-Version 1.0.3 required' });
      if (req.headers.authorization !== auth) return send(401, { error: 'bad credentials' });
      const route = url.pathname.replace(/^\/xapi\//, '');
      try {
        if (route === 'activities/state') {
          if (req.method === 'GET' && lrs.stateFailures.length) {
            const failure = lrs.stateFailures.shift();
            if (failure === 'reset') { entry.status = 'reset'; req.socket.destroy(); return undefined; }
            if (failure === 'cut') {
              entry.status = 'cut';
              res.writeHead(200, { ...cors(req), 'x-experience-api-version': '1.0.3', 'content-type': 'application/json', 'content-length': '1000' });
              res.write('{"data":"', () => req.socket.destroy());
              return undefined;
            }
            return send(failure, { error: 'test LRS: state GET failing on purpose' });
          }
          if (!lrs.stateApi) return send(404, { error: 'test LRS: no State API' });
          return state(req, url, body, send);
        }
        if (route === 'statements' && req.method === 'POST' && lrs.refuse) {
          const list = [JSON.parse(body)].flat();
          const status = list.map(lrs.refuse).find(Boolean);
          if (status) return send(status, { error: 'test LRS: statement refused on purpose' });
        }
        if (route === 'statements' && forward) return proxy(req, url, body, send);
        if (route === 'statements') return statements(req, url, body, send);
        if (route === 'about') return send(200, { version: ['1.0.3'] });
        return send(404, { error: 'no such resource' });
      } catch (e) { return send(400, { error: String(e.message || e) }); }
    });
  });

  function statements(req, url, body, send) {
    if (req.method === 'GET') {
      const id = url.searchParams.get('statementId');
      if (id) return byId.has(id) ? send(200, byId.get(id)) : send(404, { error: 'not found' });
      const reg = url.searchParams.get('registration');
      return send(200, { statements: lrs.statements.filter((s) => !reg || (s.context && s.context.registration === reg)), more: '' });
    }
    if (req.method !== 'POST' && req.method !== 'PUT') return send(405, { error: 'method' });
    let list = JSON.parse(body);
    if (!Array.isArray(list)) list = [list];
    if (req.method === 'PUT') list[0].id = url.searchParams.get('statementId');
    const ids = list.map((s) => s.id);
    if (ids.some((id) => !id) || new Set(ids).size !== ids.length) return send(400, { error: 'ids missing or repeated in the batch' });
    // Same id again: ignored when equal, 409 when different (xAPI 1.0.3, 2.1.3 / 7.2.2).
    for (const s of list) {
      if (byId.has(s.id) && JSON.stringify(stripStored(byId.get(s.id))) !== JSON.stringify(s)) return send(409, { error: `statement ${s.id} differs` });
    }
    for (const s of list) {
      if (byId.has(s.id)) continue;
      const stored = { ...s, stored: new Date().toISOString() };
      byId.set(s.id, stored);
      lrs.statements.push(stored);
    }
    return req.method === 'PUT' ? send(204, null) : send(200, ids);
  }

  function stripStored(s) { const { stored, ...rest } = s; return rest; }

  function state(req, url, body, send) {
    const q = url.searchParams;
    for (const k of ['activityId', 'agent']) if (!q.get(k)) return send(400, { error: `${k} required` });
    JSON.parse(q.get('agent'));
    const base = [q.get('activityId'), q.get('agent'), q.get('registration') || ''];
    const key = (stateId) => JSON.stringify([...base, stateId]);
    const stateId = q.get('stateId');
    if (req.method === 'GET') {
      if (!stateId) return send(200, [...lrs.state.keys()].map((k) => JSON.parse(k)).filter((k) => JSON.stringify(k.slice(0, 3)) === JSON.stringify(base)).map((k) => k[3]));
      const doc = lrs.state.get(key(stateId));
      return doc ? send(200, doc.body, doc.type) : send(404, { error: 'no document' });
    }
    if (!stateId && req.method !== 'DELETE') return send(400, { error: 'stateId required' });
    if (req.method === 'PUT') {
      lrs.state.set(key(stateId), { body, type: req.headers['content-type'] || 'application/octet-stream' });
      return send(204, null);
    }
    if (req.method === 'POST') { // merge JSON documents
      const old = lrs.state.get(key(stateId));
      const merged = old ? { ...JSON.parse(old.body), ...JSON.parse(body) } : JSON.parse(body);
      lrs.state.set(key(stateId), { body: JSON.stringify(merged), type: 'application/json' });
      return send(204, null);
    }
    if (req.method === 'DELETE') { lrs.state.delete(key(stateId)); return send(204, null); }
    return send(405, { error: 'method' });
  }

  function proxy(req, url, body, send) {
    const target = new URL(forward + 'statements' + url.search);
    const headers = { ...req.headers, host: target.host };
    delete headers.origin; // the front answers CORS itself
    const out = http.request(target, { method: req.method, headers }, (r) => {
      const parts = [];
      r.on('data', (c) => parts.push(c));
      r.on('end', () => send(r.statusCode, r.statusCode === 204 ? null : Buffer.concat(parts).toString('utf8'), r.headers['content-type']));
    });
    out.on('error', (e) => send(502, { error: String(e) }));
    out.end(body);
  }

  /** The state document stored for these parameters (parsed), or null. */
  lrs.stateDoc = (activityId, agent, registration, stateId) => {
    const doc = lrs.state.get(JSON.stringify([activityId, JSON.stringify(agent), registration || '', stateId]));
    return doc ? JSON.parse(doc.body) : null;
  };
  /** The stored body of that state document as it was PUT (a string, byte for byte), or null. */
  lrs.stateBody = (activityId, agent, registration, stateId) => {
    const doc = lrs.state.get(JSON.stringify([activityId, JSON.stringify(agent), registration || '', stateId]));
    return doc ? doc.body : null;
  };
  /** The `activities/state` requests logged so far (CORS preflights left out), optionally of one method. */
  lrs.stateCalls = (method = null) => lrs.log.filter((e) => /\/activities\/state$/.test(e.path) && e.method !== 'OPTIONS' && (!method || e.method === method));
  /** Statements the browser POSTed or PUT (every copy, retries included), in order of arrival. */
  lrs.sent = () => lrs.log.filter((e) => /\/statements$/.test(e.path) && (e.method === 'POST' || e.method === 'PUT') && e.status !== 'reset')
    .flatMap((e) => { const b = JSON.parse(e.body); return Array.isArray(b) ? b : [b]; });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      lrs.origin = `http://127.0.0.1:${server.address().port}`;
      lrs.endpoint = `${lrs.origin}/xapi/`;
      lrs.close = () => new Promise((r) => { server.closeAllConnections(); server.close(r); });
      resolve(lrs);
    });
  });
}

module.exports = { startLrs };
