/* ---------- The LRS transport both xAPI backends share (xapi.js, cmi5.js) ----------
   Statements queued, kept in browser storage and resent; the page's own state document, read
   before anything may overwrite it. docs/runtime.md says how requests are made, kept and retried. */

cp.lrs = function (rt) {
  var o = {};            // endpoint, auth, lang (Accept-Language), key (browser storage), stateUrl
  // What the state document keeps besides the learner state, and what this session sent.
  var s = { started: Date.now(), before: 0, at: '', status: '', score: null, completed: false, verdict: false };
  var queue = [];        // statements not yet acknowledged by the LRS, oldest first
  var inflight = {};     // statement id -> true while a POST carries it
  var single = false, timer = null, delay = 1000, down = false, finished = false;
  var shut = false;      // the LRS refused this session's credentials (401): nothing more is sent
  // The state document: 'unknown' until a GET succeeds (nothing may overwrite it before),
  // 'ready' after, 'off' when this LRS has no State API or will not give the state.
  var stateIs = 'unknown';
  var pending = null;    // state document not yet acknowledged
  var stateBusy = false;
  var reads = 0, readTimer = null, delivered = false;
  var READS = 8;         // GET attempts at most in one session
  var launch = {};       // what the backend adds to the saved state the core takes (mode, mastery)

  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-');
  }
  function duration(ms) {
    var cs = Math.round(ms / 10);
    return 'PT' + Math.floor(cs / 360000) + 'H' + Math.floor(cs / 6000) % 60 + 'M' + (cs % 6000 / 100).toFixed(2) + 'S';
  }
  /** Launch parameters from the page's query string, decoded. */
  function params() {
    var P = {};
    window.location.search.slice(1).split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i < 1) return;
      try { P[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); } catch (e) { /* malformed: ignored */ }
    });
    return P;
  }
  // The actor in its current form or the legacy one with arrays ({"mbox": ["mailto:…"], "name": ["…"]}).
  function agent(text) {
    var a;
    try { a = JSON.parse(text); } catch (e) { return null; }
    if (!a || typeof a !== 'object') return null;
    function one(v) { return Array.isArray(v) ? v[0] : v; }
    var out = { objectType: 'Agent' };
    if (typeof one(a.name) === 'string') out.name = one(a.name);
    var acc = one(a.account);
    var ifi = [
      ['mbox', one(a.mbox)], ['mbox_sha1sum', one(a.mbox_sha1sum)], ['openid', one(a.openid)],
      ['account', acc && typeof acc === 'object' && { homePage: acc.homePage || acc.accountServiceHomePage, name: acc.name || acc.accountName }]
    ].filter(function (p) { return p[1] && (typeof p[1] === 'string' || (p[1].homePage && p[1].name)); })[0];
    if (!ifi) return null;
    out[ifi[0]] = ifi[0] === 'mbox' && ifi[1].indexOf('mailto:') !== 0 ? 'mailto:' + ifi[1] : ifi[1];
    return out;
  }
  /** `activities/state?…` or `agents/profile?…` with its parameters encoded. */
  function resource(name, q) {
    return name + '?' + Object.keys(q).map(function (k) { return k + '=' + encodeURIComponent(q[k]); }).join('&');
  }

  /* Requests, the queue and its copy in browser storage. */
  function request(method, url, body, done) {
    var h = { 'X-Experience-API-Version': '1.0.3', Authorization: o.auth };
    if (body != null) h['Content-Type'] = 'application/json';
    if (o.lang) h['Accept-Language'] = o.lang;
    var ctl = window.AbortController ? new AbortController() : null;
    var t = ctl && setTimeout(function () { ctl.abort(); }, 15000);
    // keepalive lets a request finish after the page is gone (within the browser's 64 kB budget).
    fetch(o.endpoint + url, { method: method, headers: h, body: body, cache: 'no-store',
      keepalive: !body || body.length < 30000, signal: ctl && ctl.signal })
      // A body that breaks off (connection lost, the timeout) is no answer: as a network error.
      .then(function (r) { return r.text().then(function (text) { return [r.status, text]; }, function () { return [0, '']; }); },
        function () { return [0, '']; })
      .then(function (r) { clearTimeout(t); done(r[0], r[1]); });
  }
  function ok(code) { return code >= 200 && code < 300; }
  /** Worth asking again: no answer, a timeout, too many requests, or a server error. */
  function transient(code) { return code === 0 || code === 408 || code === 429 || code >= 500; }
  function persist() {
    try { localStorage.setItem(o.key, JSON.stringify({ q: queue, s: pending })); } catch (e) { /* storage off: memory only */ }
  }
  function restoreQueue() {
    try { var v = JSON.parse(localStorage.getItem(o.key)); if (v) { queue = v.q || []; pending = v.s || null; } } catch (e) { /* nothing kept */ }
  }
  function failed(what, code) {
    if (!down) console.warn('coursepack: the LRS did not take ' + what + ' (' + (code || 'unreachable') + '); kept to send later');
    down = true;
    rt.notify('trackingQueued');
    clearTimeout(timer);
    timer = setTimeout(pump, delay);
    delay = Math.min(delay * 2, 16000);
  }
  /** 401: the credentials of this session are refused, and asking again will not change that
      (a cmi5 AU cannot fetch a second token). Nothing more is sent in this session; what is
      queued stays in this browser for the next launch. */
  function refusedCredentials(what) {
    if (!shut) console.warn('coursepack: the LRS refused the credentials of this session (401, ' + what + '); what is left is kept in this browser for the next launch');
    shut = true;
    clearTimeout(timer);
    rt.notify('trackingRefused');
  }
  function fine() {
    if (down) rt.notify(null);
    down = false;
    delay = 1000;
  }
  function post(batch) {
    batch.forEach(function (st) { inflight[st.id] = true; });
    request('POST', 'statements', JSON.stringify(batch), function (code) {
      batch.forEach(function (st) { delete inflight[st.id]; });
      if (code === 401) { refusedCredentials('statements'); return; }
      // 403: these credentials may not send this statement (a cmi5 LMS's answer to a statement
      // against its rules): refused, as a malformed or conflicting one.
      var refused = code === 400 || code === 403 || code === 409 || code === 413;
      if (refused && batch.length > 1) { single = true; pump(); return; } // find the one it refuses
      if (!ok(code) && !refused) { failed('statements', code); return; }
      if (refused) console.warn('coursepack: the LRS refused statement ' + batch[0].id + ' (' + code + '); dropped');
      else single = false;
      queue = queue.filter(function (st) { return batch.indexOf(st) < 0; });
      persist();
      fine();
      pump();
    });
  }

  /* The state document (and the bookmark in it). */
  function stateOff(why) {
    if (stateIs !== 'off') console.warn('coursepack: the learner state will not be saved in this session (' + why + '); statements are still sent');
    stateIs = 'off';
    pending = null;
    clearTimeout(readTimer);
    persist();
  }
  function putState() {
    var sent = pending;
    stateBusy = true;
    request('PUT', o.stateUrl, JSON.stringify(sent), function (code) {
      stateBusy = false;
      // 404, 405, 501: this LRS has no State API; asking again will not change that.
      if (code === 404 || code === 405 || code === 501) { stateOff('PUT answered ' + code); return; }
      if (code === 401) { refusedCredentials('the state'); return; }
      if (code === 400 || code === 403) console.warn('coursepack: the LRS refused the state (' + code + '); dropped');
      else if (!ok(code)) { failed('the state', code); return; }
      if (pending === sent) { pending = null; persist(); }
      fine();
      pump();
    });
  }
  // One POST and one PUT at a time; once the page is going away, everything not yet on its way.
  function pump() {
    clearTimeout(timer);
    if (shut) return;
    var waiting = queue.filter(function (st) { return !inflight[st.id]; });
    var busy = waiting.length < queue.length;
    if (waiting.length && (finished || !busy)) post(finished ? waiting : waiting.slice(0, single ? 1 : 25));
    if (pending && stateIs === 'ready' && (finished || !stateBusy)) putState();
  }
  function stateDoc(data) {
    return { data: data, location: s.at, status: s.status, score: s.score, time: s.before + Date.now() - s.started };
  }
  /** The saved state as the core takes it. */
  function saved(d) {
    d = d && typeof d === 'object' ? d : {};
    s.before = +d.time || 0;
    s.status = typeof d.status === 'string' ? d.status : '';
    s.score = typeof d.score === 'string' ? d.score : null;
    s.completed = s.verdict = FINAL.test(s.status);
    var data = typeof d.data === 'string' ? d.data : '';
    var out = { mode: 'normal', credit: 'credit', mastery: '', status: s.status, score: s.score, location: d.location || '', data: data,
      entry: !data ? 'ab-initio' : FINAL.test(s.status) ? '' : 'resume' };
    for (var k in launch) out[k] = launch[k];
    return out;
  }
  /** GET the state; retried with a growing delay while the LRS cannot answer, at most READS times. */
  function readState(done) {
    reads++;
    request('GET', o.stateUrl, null, function (code, text) {
      if (finished) return;
      var d = null;
      if (ok(code) || code === 404) {
        if (ok(code)) try { d = JSON.parse(text); } catch (e) { console.warn('coursepack: the saved state is not JSON; starting afresh'); }
        stateIs = 'ready';
        deliver(done, d);
        pump();
        return;
      }
      if (!transient(code)) { stateOff('GET answered ' + code); deliver(done, null); return; }
      if (reads === 1) console.warn('coursepack: could not read the saved state (' + (code || 'unreachable') + '); trying again, nothing is saved until it is read');
      // The course starts meanwhile; nothing overwrites the saved state until it is read.
      if (!delivered) { delivered = true; done(saved(null)); }
      if (reads >= READS) { stateOff('the state could not be read'); return; }
      readTimer = setTimeout(function () { readState(done); }, Math.min(1000 * Math.pow(2, reads - 1), 30000));
    });
  }
  function deliver(done, d) {
    if (!delivered) { delivered = true; done(saved(d)); return; }
    // Late: what this session already did stays (a status reached, statements sent).
    var keep = { status: s.status, score: s.score, completed: s.completed, verdict: s.verdict };
    var late = saved(d);
    if (keep.score !== null) s.score = keep.score;
    if (FINAL.test(keep.status) && !FINAL.test(s.status)) s.status = keep.status;
    s.completed = s.completed || keep.completed;
    s.verdict = s.verdict || keep.verdict;
    if (late.data) rt.lateState(late);
  }

  return {
    s: s,
    uuid: uuid,
    duration: duration,
    params: params,
    agent: agent,
    resource: resource,
    request: request,
    ok: ok,
    /** Where requests go and how: `endpoint`, `auth`, `lang`, `key`, `stateUrl`; the queue kept in this browser comes back. */
    open: function (options) {
      o = options;
      restoreQueue();
    },
    send: function (st) {
      queue.push(st);
      persist();
      pump();
    },
    /** Reads the saved state (or takes the newer one waiting in this browser); `extra` overrides what the core takes (mode, mastery). */
    load: function (done, extra) {
      launch = extra || {};
      // A state document still waiting in this browser was made after a successful read: it is newer.
      if (pending) {
        stateIs = 'ready';
        delivered = true;
        done(saved(pending));
        pump();
        return;
      }
      readState(done);
    },
    save: function (data) {
      if (stateIs !== 'ready') return;
      pending = stateDoc(data);
      persist();
      pump();
    },
    /** No more reads; the last state document when the session wrote (`writes`). */
    finish: function (writes) {
      finished = true;
      clearTimeout(readTimer);
      if (stateIs === 'ready' && writes) pending = stateDoc(rt.state.encode());
    },
    /** Nothing left to send. */
    idle: function () { return !queue.length && !pending; }
  };
};

/* What the learner does, as xAPI statements about the course's activities (lessons, tabs,
   slides, panels, questions, media), for both backends: `statement(verb, object, options)` sends
   one, `course()` is the activity they hang under (the course, or the cmi5 AU). */
cp.xapiRecords = function (rt, lrs, statement, course) {
  var plan = rt.plan;
  var X = plan.xapi || {};
  var ADL = 'http://adlnet.gov/expapi/';
  function lang(x) { var m = {}; m[plan.lang || 'und'] = String(x == null ? '' : x); return m; }
  function ref(kind, id) { return (X[kind] || {})[id] || { id: X.course.id + '/' + kind + '/' + id, name: id }; }
  // The activity type comes from the page data (the build decides it, for tincan.xml too).
  function activity(r, type, more) {
    var def = { type: r.type || ADL + 'activities/' + type, name: lang(r.name) };
    for (var k in more) def[k] = more[k];
    return { objectType: 'Activity', id: r.id, definition: def };
  }
  function groupActivity(g) {
    var r = ref('groups', g.id);
    var ext = {};
    ext[X.course.id + '/extensions/kind'] = r.kind || g.kind;
    return activity(r, 'interaction', { extensions: ext });
  }
  function lessonActivity(id) { return activity(ref('lessons', id), 'lesson'); }
  return {
    activity: activity,
    recordLesson: function (id) {
      statement('experienced', lessonActivity(id), { parent: course() });
    },
    recordItem: function (g, id, index) {
      var r = ref('items', id);
      var ext = {};
      ext[X.course.id + '/extensions/position'] = r.position || index + 1;
      ext[X.course.id + '/extensions/total'] = r.total || g.items.length;
      statement('experienced', activity(r, 'interaction'), { parent: groupActivity(g), grouping: [course()], extensions: ext });
    },
    recordGroupComplete: function (g, restored) {
      if (!restored) statement('completed', groupActivity(g), { grouping: [course()], result: { completion: true } });
    },
    /** `answered`, with the definition the build made (type, components, right patterns) and the attempt. */
    recordAnswer: function (q, response, right, attempt) {
      var r = ref('questions', q.id);
      var lesson = rt.lessonOf(cp.questionUi ? cp.questionUi.forms[rt.state.qIndex[q.id]] : byAttr('data-cp-question', q.id)[0]);
      var more = { interactionType: r.interactionType || q.type };
      ['choices', 'scale', 'source', 'target'].forEach(function (c) {
        if (r[c]) more[c] = r[c].map(function (x) { return { id: x.id, description: lang(x.description) }; });
      });
      if (r.correctResponsesPattern && r.correctResponsesPattern.length) more.correctResponsesPattern = r.correctResponsesPattern;
      var result = { response: cp.response(q).xapi(q, response) };
      if (right !== null) result.success = right;
      var ext = {};
      if (q.scored !== false) ext[X.course.id + '/extensions/attempt'] = attempt;
      statement('answered', activity(r, 'cmi.interaction', more), {
        parent: lesson ? lessonActivity(lesson) : course(), grouping: lesson ? [course()] : [],
        result: result, extensions: q.scored !== false ? ext : null
      });
    },
    /** The xAPI Video Profile's statements of a video or audio: xapi-media.js, in packages with media. */
    recordMedia: cp.xapiMedia ? cp.xapiMedia({ rt: rt, statement: statement, activity: activity, ref: ref, lessonActivity: lessonActivity,
      uuid: lrs.uuid, duration: lrs.duration, course: course }) : null
  };
};
