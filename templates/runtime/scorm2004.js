/* ---------- SCORM 2004 backend: the API_1484_11 the LMS puts in a parent or opener window ----------
   Reads the launch (mode, credit, entry, scaled passing score, completion threshold, saved
   state), writes what the core asks for with completion and success kept apart, moves between
   lesson SCOs with navigation requests, and terminates once. Every call is followed by
   GetLastError. Data model elements: docs/runtime.md ("SCORM 2004"). */

cp.backend = function scorm2004(rt) {
  var plan = rt.plan;
  var api = null;
  var status = '';
  var started = Date.now();
  var local = 0;
  var threshold = NaN; // cmi.completion_threshold, when the LMS sets one
  var reached = false; // the progress measure met it
  var request = '';    // the navigation request to make at Terminate
  var SUCCESS = /^(passed|failed)$/;

  function findIn(win) {
    try {
      for (var tries = 0; win.API_1484_11 == null && win.parent != null && win.parent !== win; win = win.parent) {
        if (++tries > 500) return null;
      }
      return win.API_1484_11 || null;
    } catch (e) { return null; } // cross-origin frame: no API there
  }
  function call(fn, el) {
    var r = '';
    try {
      r = api[fn].apply(api, [].slice.call(arguments, 1));
      var code = api.GetLastError();
      // 403 after GetValue: the LMS has no value for it (no completion threshold, no passing score).
      if (code != 0 && !(code == 403 && fn == 'GetValue')) throw code;
    } catch (e) { console.warn('coursepack', fn, el, e); }
    return r == null ? '' : String(r);
  }
  function get(el) { return call('GetValue', el); }
  function set(el, v) { call('SetValue', el, String(v)); }
  /** Sets each member of `o` under `prefix`, in order. */
  function put(prefix, o) { for (var k in o) set(prefix + k, o[k]); }
  function interaction(o) {
    var c = parseInt(get('cmi.interactions._count'), 10);
    var n = isNaN(c) ? local : c;
    local = n + 1;
    o.timestamp = new Date().toISOString().slice(0, 19);
    put('cmi.interactions.' + n + '.', o);
  }
  /** What the build says of a tracked thing (`plan.xapi`: its name, its correct responses
      patterns, which xAPI writes as SCORM 2004 does). */
  function about(kind, id) { return (plan.xapi[kind] || {})[id] || { name: id }; }
  /** A localized_string_type: the page's language, then the name (250 characters at most). */
  function describe(a) { return '{lang=' + plan.lang + '}' + a.name.slice(0, 250); }
  /** An item or a video seen: one interaction tied to its objective. */
  function seen(kind, id, objective, response) {
    interaction({ id: id, type: 'other', 'objectives.0.id': objective, description: describe(about(kind, id)),
      learner_response: response, result: 'neutral' });
  }
  /** The share of lessons, items and counted questions done, for cmi.progress_measure. */
  function progress() {
    var st = rt.state, n = st.viewed.length, d = st.viewed.filter(Boolean).length;
    plan.questions.forEach(function (q, qi) { if (st.active(qi)) { n++; if (st.answers[qi]) d++; } });
    return n ? Math.round(1e4 * d / n) / 1e4 : 0;
  }
  function completed(i) { set('cmi.objectives.' + i + '.completion_status', 'completed'); }
  /** suspend while the attempt is unfinished, so that the LMS resumes it; normal once it is over. */
  function exitValue() { return FINAL.test(status) ? 'normal' : 'suspend'; }

  return {
    notice: 'trackingOff',
    start: function () {
      api = findIn(window);
      try { if (!api && window.opener) api = findIn(window.opener); } catch (e) { api = null; }
      if (api && call('Initialize', '') !== 'true') api = null;
      return !!api;
    },
    loadState: function (done) {
      var success = get('cmi.success_status');
      status = SUCCESS.test(success) ? success : get('cmi.completion_status');
      threshold = parseFloat(get('cmi.completion_threshold'));
      // The LMS's passing score (the manifest's minNormalizedMeasure, or its own) wins.
      var passing = parseFloat(get('cmi.scaled_passing_score'));
      done({
        mode: get('cmi.mode'),
        credit: get('cmi.credit'),
        entry: get('cmi.entry'),
        mastery: isNaN(passing) ? '' : String(Math.round(passing * 1e4) / 100),
        status: status,
        score: get('cmi.score.raw'),
        location: get('cmi.location'),
        data: get('cmi.suspend_data')
      });
    },
    /** The tracked session starts: one objective per group, then per video or audio, at fixed indexes. */
    open: function (groups) {
      var count = parseInt(get('cmi.objectives._count'), 10) || 0;
      groups.forEach(function (g, i) {
        if (i >= count) put('cmi.objectives.' + i + '.', { id: g.id, completion_status: 'incomplete', success_status: 'unknown' });
      });
    },
    recordLesson: function () {},
    recordItem: function (group, item) { seen('items', item, group.id, 'viewed'); },
    recordGroupComplete: function (group) { completed(group.index); },
    /** A video or audio played to its share: one interaction (not again when restored), its objective completed. */
    recordMedia: function (m, ev) {
      if (ev.verb !== 'completed') return;
      if (!ev.restored) seen('media', m.id, m.id, 'watched');
      completed(m.index);
    },
    /** One interaction per answer, each attempt's too, in the 2004 response formats. */
    recordAnswer: function (q, response, right) {
      var a = about('questions', q.id);
      var o = { id: q.id, type: q.type, weighting: q.scored === false ? 0 : 1, description: describe(a) };
      (a.correctResponsesPattern || []).forEach(function (p, i) { o['correct_responses.' + i + '.pattern'] = p; });
      o.learner_response = cp.response(q).xapi(q, response);
      o.result = right === null ? 'neutral' : right ? 'correct' : 'incorrect';
      interaction(o);
    },
    setLocation: function (id) { set('cmi.location', id); },
    /** The score (only once final), completion and success in one sequence. */
    setResult: function (s, score) {
      status = s;
      if (score !== null) put('cmi.score.', { scaled: Math.round(score * 100) / 1e4, raw: score, min: 0, max: 100 });
      set('cmi.completion_status', s !== 'incomplete' || reached ? 'completed' : 'incomplete');
      if (SUCCESS.test(s)) set('cmi.success_status', s);
      set('cmi.exit', exitValue());
    },
    saveState: function (str) {
      var p = progress();
      set('cmi.progress_measure', p);
      if (!reached && p >= threshold) { reached = true; set('cmi.completion_status', 'completed'); }
      set('cmi.suspend_data', str);
      call('Commit', '');
    },
    /** Whether the LMS will deliver the SCO before or after this one (`previous`, `continue`). */
    navigates: function (r) { return !!api && get('adl.nav.request_valid.' + r) === 'true'; },
    /** The navigation request made when the session ends (continue, previous, exit, suspendAll). */
    navigate: function (r) { request = r; },
    /** Once, when the page goes away or the learner exits. Review and browse write no tracking data. */
    finish: function (how) {
      if (!api) return;
      if (how.writes) {
        set('cmi.exit', exitValue());
        // An ISO 8601 duration in seconds, to the hundredth (timeinterval (second,10,2)).
        set('cmi.session_time', 'PT' + Math.floor((Date.now() - started) / 10) / 100 + 'S');
      }
      // The learner's exit button: suspend an unfinished attempt, exit a finished one.
      var nav = request || (how.exit ? (FINAL.test(status) || !how.writes ? 'exit' : 'suspendAll') : '');
      if (nav) set('adl.nav.request', nav);
      if (nav || how.writes) call('Commit', '');
      call('Terminate', '');
      api = null;
    }
  };
};
