/* ---------- xAPI backend: statements to a Learning Record Store, resume through the State API ----------
   docs/xapi.md lists the statements; docs/runtime.md says how requests are made, kept and retried. */

cp.backend = function xapi(rt) {
  var plan = rt.plan;
  var X = plan.xapi || {};
  var ADL = 'http://adlnet.gov/expapi/';
  var started = Date.now();
  var before = 0;        // ms spent in earlier sessions (from the state document)
  var at = '';           // bookmark: current lesson id
  var status = '';       // the last status, kept in the state document
  var score = null;      // the final score once there is one, kept there too
  var sentCompleted = false, sentVerdict = false;
  var finished = false;
  var P = {};            // launch parameters
  var endpoint, actor, reg, course, grouping = [], key, stateUrl;
  var queue = [];        // statements not yet acknowledged by the LRS, oldest first
  var inflight = {};     // statement id -> true while a POST carries it
  var single = false, timer = null, delay = 1000, down = false;
  // The state document: 'unknown' until a GET succeeds (nothing may overwrite it before),
  // 'ready' after, 'off' when this LRS has no State API or will not give the state.
  var stateIs = 'unknown';
  var pending = null;    // state document not yet acknowledged
  var stateBusy = false;
  var reads = 0, readTimer = null, delivered = false;
  var READS = 8;         // GET attempts at most in one session

  function lang(s) { var m = {}; m[plan.lang || 'und'] = String(s == null ? '' : s); return m; }
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
  function duration(ms) {
    var cs = Math.round(ms / 10);
    return 'PT' + Math.floor(cs / 360000) + 'H' + Math.floor(cs / 6000) % 60 + 'M' + (cs % 6000 / 100).toFixed(2) + 'S';
  }
  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-');
  }

  // Every statement is built here: id, actor, verb, object, context, timestamp, optional result.
  // `verb` is an ADL verb's name or a whole verb IRI.
  function statement(verb, object, o) {
    o = o || {};
    var ctx = { language: plan.lang, contextActivities: {} };
    if (reg) ctx.registration = reg;
    if (o.parent) ctx.contextActivities.parent = [o.parent];
    var gr = (o.grouping || []).concat(grouping);
    if (gr.length) ctx.contextActivities.grouping = gr;
    if (o.category) ctx.contextActivities.category = o.category;
    if (!o.parent && !gr.length && !o.category) delete ctx.contextActivities;
    if (o.extensions) ctx.extensions = o.extensions;
    var vid = /^https?:/.test(verb) ? verb : ADL + 'verbs/' + verb;
    var st = { id: o.id || uuid(), actor: actor, verb: { id: vid, display: { 'en-US': vid.slice(vid.lastIndexOf('/') + 1) } },
      object: object, context: ctx, timestamp: new Date().toISOString() };
    if (o.result) st.result = o.result;
    queue.push(st);
    persist();
    pump();
  }

  /* Launch parameters (Tin Can launch: endpoint, auth, actor, registration, activity_id, grouping). */
  function params() {
    window.location.search.slice(1).split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i < 1) return;
      try { P[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); } catch (e) { /* malformed: ignored */ }
    });
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

  /* Requests, the queue and its copy in browser storage. */
  function request(method, url, body, done) {
    var h = { 'X-Experience-API-Version': '1.0.3', Authorization: P.auth };
    if (body != null) h['Content-Type'] = 'application/json';
    if (P['Accept-Language']) h['Accept-Language'] = P['Accept-Language'];
    var ctl = window.AbortController ? new AbortController() : null;
    var t = ctl && setTimeout(function () { ctl.abort(); }, 15000);
    // keepalive lets a request finish after the page is gone (within the browser's 64 kB budget).
    fetch(endpoint + url, { method: method, headers: h, body: body, cache: 'no-store',
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
    try { localStorage.setItem(key, JSON.stringify({ q: queue, s: pending })); } catch (e) { /* storage off: memory only */ }
  }
  function restoreQueue() {
    try { var v = JSON.parse(localStorage.getItem(key)); if (v) { queue = v.q || []; pending = v.s || null; } } catch (e) { /* nothing kept */ }
  }
  function failed(what, code) {
    if (!down) console.warn('coursepack: the LRS did not take ' + what + ' (' + (code || 'unreachable') + '); kept to send later');
    down = true;
    rt.notify('trackingQueued');
    clearTimeout(timer);
    timer = setTimeout(pump, delay);
    delay = Math.min(delay * 2, 16000);
  }
  function fine() {
    if (down) rt.notify(null);
    down = false;
    delay = 1000;
  }
  function post(batch) {
    batch.forEach(function (s) { inflight[s.id] = true; });
    request('POST', 'statements', JSON.stringify(batch), function (code) {
      batch.forEach(function (s) { delete inflight[s.id]; });
      var refused = code === 400 || code === 409 || code === 413;
      if (refused && batch.length > 1) { single = true; pump(); return; } // find the one it refuses
      if (!ok(code) && !refused) { failed('statements', code); return; }
      if (refused) console.warn('coursepack: the LRS refused statement ' + batch[0].id + ' (' + code + '); dropped');
      else single = false;
      queue = queue.filter(function (s) { return batch.indexOf(s) < 0; });
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
    request('PUT', stateUrl, JSON.stringify(sent), function (code) {
      stateBusy = false;
      // 404, 405, 501: this LRS has no State API; asking again will not change that.
      if (code === 404 || code === 405 || code === 501) { stateOff('PUT answered ' + code); return; }
      if (code === 400) console.warn('coursepack: the LRS refused the state (400); dropped');
      else if (!ok(code)) { failed('the state', code); return; }
      if (pending === sent) { pending = null; persist(); }
      fine();
      pump();
    });
  }
  // One POST and one PUT at a time; once the page is going away, everything not yet on its way.
  function pump() {
    clearTimeout(timer);
    var waiting = queue.filter(function (s) { return !inflight[s.id]; });
    var busy = waiting.length < queue.length;
    if (waiting.length && (finished || !busy)) post(finished ? waiting : waiting.slice(0, single ? 1 : 25));
    if (pending && stateIs === 'ready' && (finished || !stateBusy)) putState();
  }
  function stateDoc(data) {
    return { data: data, location: at, status: status, score: score, time: before + Date.now() - started };
  }
  /** The saved state as the core takes it. */
  function saved(d) {
    d = d && typeof d === 'object' ? d : {};
    before = +d.time || 0;
    status = typeof d.status === 'string' ? d.status : '';
    score = typeof d.score === 'string' ? d.score : null;
    sentCompleted = sentVerdict = FINAL.test(status);
    var data = typeof d.data === 'string' ? d.data : '';
    return { mode: 'normal', credit: 'credit', mastery: '', status: status, score: score, location: d.location || '', data: data,
      entry: !data ? 'ab-initio' : FINAL.test(status) ? '' : 'resume' };
  }
  /** GET the state; retried with a growing delay while the LRS cannot answer, at most READS times. */
  function readState(done) {
    reads++;
    request('GET', stateUrl, null, function (code, text) {
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
    var keep = { status: status, score: score, completed: sentCompleted, verdict: sentVerdict };
    var late = saved(d);
    if (keep.score !== null) score = keep.score;
    if (FINAL.test(keep.status) && !FINAL.test(status)) status = keep.status;
    sentCompleted = sentCompleted || keep.completed;
    sentVerdict = sentVerdict || keep.verdict;
    if (late.data) rt.lateState(late);
  }

  return {
    notice: 'trackingNoLaunch',
    start: function () {
      params();
      actor = agent(P.actor || '');
      if (!X.course || !P.endpoint || !P.auth || !actor || !window.fetch || !window.crypto) {
        console.warn('coursepack: xAPI launch parameters missing or invalid (endpoint, auth, actor); tracking is off');
        return false;
      }
      endpoint = new URL(P.endpoint, window.location.href).href.replace(/\/?$/, '/');
      P.auth = P.auth.replace(/^(Basic|Bearer)\+/i, '$1 ');
      if (/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(P.registration || '')) reg = P.registration.toLowerCase();
      else if (P.registration) console.warn('coursepack: registration "' + P.registration + '" is not a UUID; left out');
      course = activity({ id: P.activity_id || X.course.id, name: X.course.name, type: X.course.type }, 'course');
      if (/^[a-z][a-z0-9+.-]*:/i.test(P.grouping || '')) grouping = [{ objectType: 'Activity', id: P.grouping }];
      var q = { activityId: course.id, agent: JSON.stringify(actor), stateId: 'coursepack/' + plan.lessons[0] };
      if (reg) q.registration = reg;
      stateUrl = 'activities/state?' + Object.keys(q).map(function (k) { return k + '=' + encodeURIComponent(q[k]); }).join('&');
      key = 'coursepack.xapi ' + endpoint + ' ' + stateUrl;
      restoreQueue();
      statement('initialized', course);
      return true;
    },
    loadState: function (done) {
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
    open: function () {},
    recordLesson: function (id) {
      statement('experienced', lessonActivity(id), { parent: course });
    },
    recordItem: function (g, id, index) {
      var r = ref('items', id);
      var ext = {};
      ext[X.course.id + '/extensions/position'] = r.position || index + 1;
      ext[X.course.id + '/extensions/total'] = r.total || g.items.length;
      statement('experienced', activity(r, 'interaction'), { parent: groupActivity(g), grouping: [course], extensions: ext });
    },
    recordGroupComplete: function (g, restored) {
      if (!restored) statement('completed', groupActivity(g), { grouping: [course], result: { completion: true } });
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
        parent: lesson ? lessonActivity(lesson) : course, grouping: lesson ? [course] : [],
        result: result, extensions: q.scored !== false ? ext : null
      });
    },
    /** The xAPI Video Profile's statements of a video or audio: xapi-media.js, in packages with media. */
    recordMedia: cp.xapiMedia ? cp.xapiMedia({ rt: rt, statement: statement, activity: activity, ref: ref, lessonActivity: lessonActivity,
      uuid: uuid, duration: duration, course: function () { return course; } }) : null,
    setLocation: function (id) { at = id; },
    /** `completed` for the course once the status is final, then `passed`/`failed` with the score. */
    setResult: function (s, final) {
      status = s;
      if (final !== null) score = final;
      if (!FINAL.test(s)) return;
      var time = duration(before + Date.now() - started);
      var raw = final === null ? null : parseFloat(final);
      var scored = raw === null ? {} : { score: { scaled: Math.round(raw * 100) / 10000, raw: raw, min: 0, max: 100 } };
      if (!sentCompleted) {
        sentCompleted = true;
        var result = { completion: true, duration: time };
        if (s === 'completed' && raw !== null) result.score = scored.score;
        statement('completed', course, { result: result });
      }
      if (s !== 'completed' && !sentVerdict) {
        sentVerdict = true;
        statement(s, course, { result: { score: scored.score, success: s === 'passed', completion: true, duration: time } });
      }
    },
    saveState: function (data) {
      if (stateIs !== 'ready') return;
      pending = stateDoc(data);
      persist();
      pump();
    },
    finish: function (how) {
      if (finished) return;
      finished = true;
      clearTimeout(readTimer);
      if (stateIs === 'ready' && how && how.writes) pending = stateDoc(rt.state.encode());
      statement('terminated', course, { result: { duration: duration(Date.now() - started) } });
    }
  };
};
