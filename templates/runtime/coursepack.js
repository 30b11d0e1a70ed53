/*! coursepack learner runtime. Contract: docs/runtime.md (page data, DOM hooks, tracking). */
(function () {
  'use strict';

  var doc = document;
  var dataEl = doc.getElementById('cp-data');
  if (!dataEl) return;
  var plan;
  try { plan = JSON.parse(dataEl.textContent); } catch (e) { console.error('coursepack: unreadable #cp-data', e); return; }

  var S = plan.strings || {};
  var lessons = plan.lessons || [];
  var groups = plan.groups || [];
  var questions = plan.questions || [];
  var rule = plan.completion || { pages: true };

  function t(key, vars) {
    var s = S[key] != null ? String(S[key]) : key;
    for (var k in vars) s = s.split('{' + k + '}').join(String(vars[k]));
    return s;
  }
  function all(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
  // Ids may contain dots: look them up by attribute value, never as CSS #id.
  function byAttr(attr, value, root) {
    return all('[' + attr + ']', root).filter(function (el) { return el.getAttribute(attr) === value; });
  }
  function first(attr, root) { return (root || doc).querySelector('[' + attr + ']'); }
  function show(el, on) { if (el) el.hidden = !on; }
  function pad(n, w) { return String(n).padStart(w, '0'); }

  /* ---------- State and its suspend_data encoding ---------- */

  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var itemBit = {}; // item id -> bit index in `viewed`
  var nbits = lessons.length;
  groups.forEach(function (g, gi) {
    g.index = gi;
    g.items.forEach(function (id) { itemBit[id] = nbits++; });
  });
  var viewed = new Array(nbits).fill(false);
  var answers = questions.map(function () { return null; }); // array of letters once answered

  function pack(bits) {
    var out = '';
    for (var c = 0; c * 6 < bits.length; c++) {
      var v = 0;
      for (var b = 0; b < 6; b++) if (bits[c * 6 + b]) v |= 1 << b;
      out += B64[v];
    }
    return out;
  }
  function unpack(chars, n) {
    var bits = [];
    for (var i = 0; i < n; i++) {
      var v = B64.indexOf(chars[(i / 6) | 0]);
      if (v < 0) throw new Error('bad character');
      bits.push(((v >> (i % 6)) & 1) === 1);
    }
    return bits;
  }
  function encode() {
    return '1.' + pack(viewed) + '.' + questions.map(function (q, qi) {
      return pack(q.choices.map(function (l) { return !!answers[qi] && answers[qi].indexOf(l) >= 0; }));
    }).join('');
  }
  function decode(s) {
    var vlen = Math.ceil(nbits / 6);
    var alen = questions.reduce(function (n, q) { return n + Math.ceil(q.choices.length / 6); }, 0);
    if (typeof s !== 'string' || s.length !== 3 + vlen + alen || s.slice(0, 2) !== '1.' || s[2 + vlen] !== '.') return null;
    try {
      var v = unpack(s.slice(2, 2 + vlen), nbits);
      var pos = 3 + vlen;
      var a = questions.map(function (q) {
        var w = Math.ceil(q.choices.length / 6);
        var bits = unpack(s.slice(pos, pos += w), q.choices.length);
        var letters = q.choices.filter(function (l, i) { return bits[i]; });
        return letters.length ? letters : null;
      });
      return { viewed: v, answers: a };
    } catch (e) { return null; }
  }

  function isCorrect(q, letters) {
    return letters.length === q.correct.length && q.correct.every(function (l) { return letters.indexOf(l) >= 0; });
  }
  function nCorrect() {
    return questions.filter(function (q, qi) { return answers[qi] && isCorrect(q, answers[qi]); }).length;
  }
  function scorePct() { return questions.length ? Math.round(100 * nCorrect() / questions.length) : 0; }
  function allAnswered() { return answers.every(Boolean); }
  function computeStatus() {
    var done = true;
    if (rule.pages) done = viewed.slice(0, lessons.length).every(Boolean);
    if (rule.items) done = done && viewed.slice(lessons.length).every(Boolean);
    if (rule.quiz && questions.length) {
      if (!done || !allAnswered()) return 'incomplete';
      return nCorrect() * 100 >= (plan.mastery || 0) * questions.length ? 'passed' : 'failed';
    }
    return done ? 'completed' : 'incomplete';
  }

  /* ---------- SCORM 1.2 backend ---------- */

  function scorm12() {
    var api = null;
    var finished = false;
    var status = '';
    var started = Date.now();
    var local = 0;

    function findIn(win) {
      var tries = 0;
      try {
        while (win.API == null && win.parent != null && win.parent !== win) {
          if (++tries > 500) return null;
          win = win.parent;
        }
        return win.API || null;
      } catch (e) { return null; } // cross-origin frame: no API there
    }
    function call(fn) {
      var args = Array.prototype.slice.call(arguments, 1);
      if (!api) return '';
      var r = '';
      try { r = api[fn].apply(api, args); } catch (e) { console.warn('coursepack: ' + fn + ' threw', e); }
      try {
        var code = String(api.LMSGetLastError());
        if (code !== '0' && code !== '') {
          console.warn('coursepack: ' + fn + '(' + args.join(', ') + ') failed: ' + code + ' ' + api.LMSGetErrorString(code));
        }
      } catch (e) { console.warn('coursepack: LMSGetLastError threw', e); }
      return r == null ? '' : String(r);
    }
    function get(el) { return call('LMSGetValue', el); }
    function set(el, v) { return call('LMSSetValue', el, String(v)); }
    function clock() { var d = new Date(); return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2); }
    function interaction(fields) {
      var c = parseInt(get('cmi.interactions._count'), 10);
      var n = isNaN(c) ? local : c;
      local = n + 1;
      fields.forEach(function (f) { set('cmi.interactions.' + n + '.' + f[0], f[1]); });
    }
    function exitValue() { return status === 'incomplete' ? 'suspend' : ''; }

    return {
      name: 'scorm12',
      notice: 'trackingOff',
      start: function () {
        api = findIn(window);
        try { if (!api && window.opener) api = findIn(window.opener); } catch (e) { api = null; }
        if (!api) return false;
        if (call('LMSInitialize', '') !== 'true') { api = null; return false; }
        status = get('cmi.core.lesson_status');
        var count = parseInt(get('cmi.objectives._count'), 10) || 0;
        groups.forEach(function (g, i) {
          if (i < count) return;
          set('cmi.objectives.' + i + '.id', g.id);
          set('cmi.objectives.' + i + '.status', 'incomplete');
        });
        return true;
      },
      loadState: function (done) {
        done({
          location: get('cmi.core.lesson_location'),
          data: get('cmi.suspend_data'),
          status: status,
          entry: get('cmi.core.entry')
        });
      },
      recordLesson: function () {}, // SCORM 1.2 reports lessons through suspend_data only
      recordItem: function (group, item) {
        interaction([['id', item], ['type', 'performance'], ['objectives.0.id', group.id], ['time', clock()],
          ['student_response', 'viewed'], ['result', 'neutral']]);
      },
      recordGroupComplete: function (group) { set('cmi.objectives.' + group.index + '.status', 'completed'); },
      recordAnswer: function (q, letters, correct) {
        interaction([['id', q.id], ['type', 'choice'], ['time', clock()], ['weighting', '1'],
          ['student_response', letters.join(',')], ['correct_responses.0.pattern', q.correct.join(',')],
          ['result', correct ? 'correct' : 'wrong']]);
      },
      setLocation: function (id) { set('cmi.core.lesson_location', id); },
      setScore: function (raw) {
        set('cmi.core.score.raw', raw);
        set('cmi.core.score.min', 0);
        set('cmi.core.score.max', 100);
      },
      setStatus: function (s) {
        status = s;
        set('cmi.core.lesson_status', s);
        set('cmi.core.exit', exitValue());
      },
      saveState: function (str) {
        set('cmi.suspend_data', str);
        call('LMSCommit', '');
      },
      finish: function () {
        if (finished || !api) return;
        finished = true;
        var ms = Date.now() - started;
        var cs = Math.floor(ms / 10);
        set('cmi.core.exit', exitValue());
        set('cmi.core.session_time', pad(Math.min(9999, Math.floor(cs / 360000)), 4) + ':' +
          pad(Math.floor(cs / 6000) % 60, 2) + ':' + pad(Math.floor(cs / 100) % 60, 2) + '.' + pad(cs % 100, 2));
        call('LMSCommit', '');
        call('LMSFinish', '');
        api = null;
      }
    };
  }

  /* ---------- xAPI backend (docs/xapi.md) ---------- */

  function xapi() {
    var X = plan.xapi || {};
    var ADL = 'http://adlnet.gov/expapi/';
    var started = Date.now();
    var before = 0;        // ms spent in earlier sessions (from the state document)
    var at = '';           // bookmark: current lesson id
    var finished = false;
    var loaded = false;    // the saved state is in: only then may the state be written
    var P = {};            // launch parameters
    var endpoint, actor, reg, course, grouping = [], key, stateUrl;
    var queue = [];        // statements not yet acknowledged by the LRS, oldest first
    var pending = null;    // state document not yet acknowledged
    var inflight = {};     // statement id -> true while a POST carries it
    var stateBusy = false, single = false, timer = null, delay = 1000, down = false;

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
    function statement(verb, object, o) {
      o = o || {};
      var ctx = { language: plan.lang, contextActivities: {} };
      if (reg) ctx.registration = reg;
      if (o.parent) ctx.contextActivities.parent = [o.parent];
      var gr = (o.grouping || []).concat(grouping);
      if (gr.length) ctx.contextActivities.grouping = gr;
      if (!o.parent && !gr.length) delete ctx.contextActivities;
      if (o.extensions) ctx.extensions = o.extensions;
      var st = { id: uuid(), actor: actor, verb: { id: ADL + 'verbs/' + verb, display: { 'en-US': verb } },
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
        .then(function (r) { return r.text().then(function (text) { return [r.status, text]; }); },
          function () { return [0, '']; })
        .then(function (r) { clearTimeout(t); done(r[0], r[1]); });
    }
    function ok(code) { return code >= 200 && code < 300; }
    function persist() {
      try { localStorage.setItem(key, JSON.stringify({ q: queue, s: pending })); } catch (e) { /* storage off: memory only */ }
    }
    function restore() {
      try { var v = JSON.parse(localStorage.getItem(key)); if (v) { queue = v.q || []; pending = v.s || null; } } catch (e) { /* nothing kept */ }
    }
    function failed(what, code) {
      if (!down) console.warn('coursepack: the LRS did not take ' + what + ' (' + (code || 'unreachable') + '); kept to send later');
      down = true;
      notify('trackingQueued');
      clearTimeout(timer);
      timer = setTimeout(pump, delay);
      delay = Math.min(delay * 2, 16000);
    }
    function fine() {
      if (down) notify(null);
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
    function putState() {
      var doc = pending;
      stateBusy = true;
      request('PUT', stateUrl, JSON.stringify(doc), function (code) {
        stateBusy = false;
        // 400: refused; 404, 405, 501: no State API at this LRS. Neither gets better by trying again.
        var refused = [400, 404, 405, 501].indexOf(code) >= 0;
        if (refused) console.warn('coursepack: the LRS refused the state (' + code + ')');
        else if (!ok(code)) { failed('the state', code); return; }
        if (pending === doc) { pending = null; persist(); }
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
      if (pending && (finished || !stateBusy)) putState();
    }

    var status = '';
    function doc(data) {
      return { data: data, location: at, status: status, time: before + Date.now() - started };
    }

    return {
      name: 'xapi',
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
        var q = { activityId: course.id, agent: JSON.stringify(actor), stateId: 'coursepack/' + lessons[0] };
        if (reg) q.registration = reg;
        stateUrl = 'activities/state?' + Object.keys(q).map(function (k) { return k + '=' + encodeURIComponent(q[k]); }).join('&');
        key = 'coursepack.xapi ' + endpoint + ' ' + stateUrl;
        restore();
        statement('initialized', course);
        return true;
      },
      loadState: function (done) {
        var local = pending;
        request('GET', stateUrl, null, function (code, text) {
          var d = local;
          if (!d && ok(code)) try { d = JSON.parse(text); } catch (e) { d = null; }
          if (!d && code !== 404 && !ok(code)) console.warn('coursepack: could not read the saved state (' + (code || 'unreachable') + ')');
          d = d || {};
          loaded = true;
          before = +d.time || 0;
          status = d.status || '';
          done({ location: d.location || '', data: d.data || '', status: status, entry: d.data ? 'resume' : 'ab-initio' });
        });
      },
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
      recordAnswer: function (q, letters, correct) {
        var r = ref('questions', q.id);
        var form = byAttr('data-cp-question', q.id)[0];
        var lesson = form && form.closest('[data-cp-lesson]');
        statement('answered', activity(r, 'cmi.interaction', {
          interactionType: 'choice',
          correctResponsesPattern: [(r.correct || q.correct).join('[,]')],
          choices: (r.choices || q.choices.map(function (l) { return { id: l, description: l }; }))
            .map(function (c) { return { id: c.id, description: lang(c.description) }; })
        }), { parent: lesson ? lessonActivity(lesson.getAttribute('data-cp-lesson')) : course, grouping: lesson ? [course] : [],
          result: { response: letters.join('[,]'), success: correct } });
      },
      setLocation: function (id) { at = id; },
      setScore: function () {}, // sent with passed/failed
      setStatus: function (s) {
        status = s;
        if (s === 'incomplete') return;
        var time = duration(before + Date.now() - started);
        statement('completed', course, { result: { completion: true, duration: time } });
        if (s === 'completed') return;
        var raw = scorePct();
        statement(s, course, { result: { score: { scaled: raw / 100, raw: raw, min: 0, max: 100 },
          success: s === 'passed', completion: true, duration: time } });
      },
      saveState: function (data) {
        if (!loaded) return;
        pending = doc(data);
        persist();
        pump();
      },
      finish: function () {
        if (finished) return;
        finished = true;
        if (loaded) pending = doc(encode());
        statement('terminated', course, { result: { duration: duration(Date.now() - started) } });
      }
    };
  }

  /* ---------- Tracking layer ---------- */

  var backend = null;   // null = tracking off
  var lastStatus = '';
  var holdLocation = false; // true while the resume prompt waits for an answer

  function notify(key) {
    var el = first('data-cp-notice');
    if (el) { el.textContent = key ? t(key) : ''; show(el, !!key); }
  }
  function track(fn) {
    if (!backend) return;
    try { fn(backend); } catch (e) { console.warn('coursepack: tracking error', e); }
  }
  function groupDone(g) { return g.items.every(function (id) { return viewed[itemBit[id]]; }); }

  function markItem(g, id) {
    var bit = itemBit[id];
    if (bit == null || viewed[bit]) return false;
    viewed[bit] = true;
    track(function (b) { b.recordItem(g, id, g.items.indexOf(id)); });
    if (groupDone(g)) track(function (b) { b.recordGroupComplete(g); });
    return true;
  }

  function sync() {
    var status = computeStatus();
    var done = /^(completed|passed|failed)$/;
    // Never downgrade a status the LMS already holds (e.g. after a lost suspend_data).
    if (status !== lastStatus && !(status === 'incomplete' && done.test(lastStatus))) {
      lastStatus = status;
      track(function (b) { b.setStatus(status); });
    }
    track(function (b) { b.saveState(encode()); });
    render();
  }

  /* ---------- Lessons, progress, outcome ---------- */

  var sections = lessons.map(function (id) { return byAttr('data-cp-lesson', id)[0]; });
  var current = -1;
  var progressEl = first('data-cp-progress');
  var positionEl = first('data-cp-position');
  var prevBtn = first('data-cp-prev');
  var nextBtn = first('data-cp-next');
  var outcomeEl = first('data-cp-outcome');

  function render() {
    var done = viewed.filter(Boolean).length + answers.filter(Boolean).length;
    var total = viewed.length + answers.length;
    var pct = total ? Math.round(100 * done / total) : 0;
    if (progressEl) {
      progressEl.setAttribute('aria-valuenow', pct);
      progressEl.setAttribute('aria-valuetext', pct + '%');
      progressEl.style.setProperty('--cp-progress', pct + '%');
    }
    if (outcomeEl) {
      var parts = [];
      if (questions.length && allAnswered()) parts.push(t('score', { score: scorePct() }));
      var st = computeStatus();
      if (st !== 'incomplete') parts.push(t(st));
      outcomeEl.textContent = parts.join(' · ');
      show(outcomeEl, parts.length > 0);
    }
  }

  function showLesson(i, focus) {
    if (i < 0 || i >= lessons.length || !sections[i]) return;
    current = i;
    sections.forEach(function (s, k) { show(s, k === i); });
    all('[data-cp-goto]').forEach(function (a) {
      if (a.getAttribute('data-cp-goto') === lessons[i]) a.setAttribute('aria-current', 'step');
      else a.removeAttribute('aria-current');
    });
    if (prevBtn) prevBtn.disabled = i === 0;
    if (nextBtn) nextBtn.disabled = i === lessons.length - 1;
    if (positionEl) positionEl.textContent = t('progress', { k: i + 1, n: lessons.length });
    if (!viewed[i]) track(function (b) { b.recordLesson(lessons[i]); });
    viewed[i] = true;
    // Items visible with the lesson (selected tab, current slide) count as shown.
    widgets.forEach(function (w) { if (sections[i].contains(w.root)) w.shown(); });
    if (!holdLocation) track(function (b) { b.setLocation(lessons[i]); });
    sync();
    if (focus) {
      var h = sections[i].querySelector('h1, h2, h3') || sections[i];
      if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
      h.focus();
      try { sections[i].scrollIntoView({ block: 'start' }); } catch (e) { /* old browsers */ }
    }
  }

  function inCurrent(el) { return current >= 0 && sections[current] && sections[current].contains(el); }

  /* ---------- Widgets ---------- */

  var widgets = [];
  var groupById = {};
  groups.forEach(function (g) { groupById[g.id] = g; });
  function seen(root, attr, itemEl) {
    var g = groupById[root.getAttribute(attr)];
    if (!g || !itemEl || !inCurrent(root)) return false;
    return markItem(g, itemEl.getAttribute('data-cp-item'));
  }

  // Tabs: WAI-ARIA APG tabs with automatic activation.
  all('[data-cp-tabs]').forEach(function (root) {
    var tabs = all('[role="tab"]', root);
    if (!tabs.length) return;
    var sel = Math.max(0, tabs.findIndex(function (tb) { return tb.getAttribute('aria-selected') === 'true'; }));
    function panel(tb) { return doc.getElementById(tb.getAttribute('aria-controls')); }
    function select(i, focus) {
      sel = i;
      tabs.forEach(function (tb, k) {
        tb.setAttribute('aria-selected', String(k === i));
        tb.tabIndex = k === i ? 0 : -1;
        show(panel(tb), k === i);
      });
      if (focus) tabs[i].focus();
      if (seen(root, 'data-cp-tabs', tabs[i])) sync();
    }
    tabs.forEach(function (tb, k) {
      tb.addEventListener('click', function () { select(k, true); });
      tb.addEventListener('keydown', function (e) {
        var rtl = getComputedStyle(root).direction === 'rtl';
        var n = tabs.length;
        var to = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
        var i = to ? (sel + to + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
        if (i < 0) return;
        e.preventDefault();
        select(i, true);
      });
    });
    select(sel, false);
    widgets.push({ root: root, shown: function () { seen(root, 'data-cp-tabs', tabs[sel]); } });
  });

  // Carousel: WAI-ARIA APG carousel without rotation.
  all('[data-cp-carousel]').forEach(function (root) {
    var slides = all('[data-cp-item]', root);
    var prev = first('data-cp-slide-prev', root);
    var next = first('data-cp-slide-next', root);
    var pos = first('data-cp-slide-position', root);
    var at = 0;
    if (!slides.length) return;
    function go(i) {
      at = Math.max(0, Math.min(slides.length - 1, i));
      slides.forEach(function (s, k) {
        show(s, k === at);
        s.setAttribute('aria-label', t('slideOf', { k: k + 1, n: slides.length }));
      });
      if (prev) prev.setAttribute('aria-disabled', String(at === 0));
      if (next) next.setAttribute('aria-disabled', String(at === slides.length - 1));
      if (pos) pos.textContent = t('slideOf', { k: at + 1, n: slides.length });
      if (seen(root, 'data-cp-carousel', slides[at])) sync();
    }
    if (prev) prev.addEventListener('click', function () { if (at > 0) go(at - 1); });
    if (next) next.addEventListener('click', function () { if (at < slides.length - 1) go(at + 1); });
    go(0);
    widgets.push({ root: root, shown: function () { seen(root, 'data-cp-carousel', slides[at]); } });
  });

  // Accordion: heading buttons toggle their region.
  all('[data-cp-accordion]').forEach(function (root) {
    all('button[aria-expanded][data-cp-item]', root).forEach(function (btn) {
      var region = doc.getElementById(btn.getAttribute('aria-controls'));
      btn.setAttribute('aria-expanded', 'false');
      show(region, false);
      btn.addEventListener('click', function () {
        var open = btn.getAttribute('aria-expanded') !== 'true';
        btn.setAttribute('aria-expanded', String(open));
        show(region, open);
        if (open && seen(root, 'data-cp-accordion', btn)) sync();
      });
    });
  });

  // Questions: one submission each, final.
  var forms = questions.map(function (q) { return byAttr('data-cp-question', q.id)[0]; });
  function showAnswer(qi, letters) {
    var form = forms[qi];
    if (!form) return;
    var ok = isCorrect(questions[qi], letters);
    all('input', form).forEach(function (inp) {
      inp.checked = letters.indexOf(inp.value) >= 0;
      inp.disabled = true;
    });
    all('button', form).forEach(function (b) { b.disabled = true; });
    all('[data-cp-feedback]', form).forEach(function (f) {
      show(f, letters.indexOf(f.getAttribute('data-cp-feedback')) >= 0);
    });
    form.setAttribute('data-cp-answered', ok ? 'correct' : 'incorrect');
    var res = first('data-cp-result', form);
    if (res) res.textContent = t(ok ? 'correct' : 'incorrect');
    return res;
  }
  forms.forEach(function (form, qi) {
    if (!form) return;
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (answers[qi]) return;
      var q = questions[qi];
      var letters = all('input', form).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      var res = first('data-cp-result', form);
      if (!letters.length) { if (res) res.textContent = t('chooseFirst'); return; }
      letters = q.choices.filter(function (l) { return letters.indexOf(l) >= 0; });
      answers[qi] = letters;
      res = showAnswer(qi, letters);
      if (res) { res.setAttribute('tabindex', '-1'); res.focus(); }
      track(function (b) {
        b.recordAnswer(q, letters, isCorrect(q, letters));
        b.setScore(scorePct());
      });
      sync();
    });
  });

  /* ---------- Navigation wiring ---------- */

  // Before the saved state is in (xAPI reads it over the network), the pager does nothing.
  if (prevBtn) prevBtn.addEventListener('click', function () { if (current >= 0) showLesson(current - 1, true); });
  if (nextBtn) nextBtn.addEventListener('click', function () { if (current >= 0) showLesson(current + 1, true); });
  all('[data-cp-goto]').forEach(function (a) {
    a.addEventListener('click', function (e) {
      var i = lessons.indexOf(a.getAttribute('data-cp-goto'));
      if (i < 0) return;
      e.preventDefault();
      if (current >= 0) showLesson(i, true);
    });
  });

  /* ---------- Start ---------- */

  function begin(saved) {
    if (!backend) notify(tracker ? tracker.notice : 'trackingOff');
    else {
      lastStatus = saved.status || '';
      var st = decode(saved.data);
      if (st) {
        // Keep anything done while the state was on its way (nothing, with SCORM).
        viewed = st.viewed.map(function (v, i) { return v || viewed[i]; });
        answers = st.answers.map(function (a, qi) { return answers[qi] || a; });
        answers.forEach(function (a, qi) { if (a) showAnswer(qi, a); });
        groups.forEach(function (g) { if (groupDone(g)) track(function (b) { b.recordGroupComplete(g, true); }); });
      }
    }

    var resume = first('data-cp-resume');
    var bookmark = saved ? lessons.indexOf(saved.location) : -1;
    if (resume && bookmark > 0) {
      holdLocation = true;
      var answer = function (yes) {
        holdLocation = false;
        show(resume, false);
        showLesson(yes ? bookmark : current, true);
      };
      var yesBtn = first('data-cp-resume-yes', resume);
      var noBtn = first('data-cp-resume-no', resume);
      if (yesBtn) yesBtn.addEventListener('click', function () { answer(true); });
      if (noBtn) noBtn.addEventListener('click', function () { answer(false); });
      show(resume, true);
      showLesson(0, false);
      if (yesBtn) yesBtn.focus();
    } else {
      showLesson(0, false);
    }
  }

  var tracker = null;
  try {
    tracker = plan.standard === 'xapi' ? xapi() : scorm12();
    if (tracker.start()) backend = tracker;
  } catch (e) { console.warn('coursepack: tracking unavailable', e); backend = null; }
  var begun = false;
  var once = function (saved) {
    if (begun) return;
    begun = true;
    try { begin(saved); } catch (e) { console.warn('coursepack: start failed', e); }
  };
  if (!backend) once(null);
  else {
    try { backend.loadState(once); } catch (e) { console.warn('coursepack: tracking unavailable', e); backend = null; once(null); }
  }

  var finish = function () { track(function (b) { b.finish(); }); };
  window.addEventListener('pagehide', finish);
  window.addEventListener('beforeunload', finish);
  window.addEventListener('unload', finish);
}());
