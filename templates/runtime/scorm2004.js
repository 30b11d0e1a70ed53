/* ---------- SCORM 2004 backend: the API_1484_11 the LMS puts in a parent or opener window ----------
   Reads the launch (mode, credit, entry, scaled passing score, completion threshold, saved
   state), writes what the core asks for with completion and success kept apart, moves between
   lesson SCOs with navigation requests, and terminates once. Every call is followed by
   GetLastError. Data model elements: docs/runtime.md. */

cp.backend = function scorm2004(rt) {
  var plan = rt.plan;
  var api = null;
  var finished = false;
  var status = '';
  var started = Date.now();
  var local = 0;
  var dirty = false;
  var threshold = null; // cmi.completion_threshold, when the LMS sets one
  var reached = false;  // the progress measure met it
  var valid = {};       // adl.nav.request_valid.<continue|previous> === 'true'
  var request = '';     // the navigation request to make at Terminate

  function findIn(win) {
    var tries = 0;
    try {
      while (win.API_1484_11 == null && win.parent != null && win.parent !== win) {
        if (++tries > 500) return null;
        win = win.parent;
      }
      return win.API_1484_11 || null;
    } catch (e) { return null; } // cross-origin frame: no API there
  }
  function call(fn) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (!api) return '';
    var r = '';
    try { r = api[fn].apply(api, args); } catch (e) { console.warn('coursepack: ' + fn + ' threw', e); }
    try {
      var code = String(api.GetLastError());
      if (code !== '0' && code !== '') {
        console.warn('coursepack: ' + fn + '(' + args.join(', ') + ') failed: ' + code + ' ' + api.GetErrorString(code));
      }
    } catch (e) { console.warn('coursepack: GetLastError threw', e); }
    return r == null ? '' : String(r);
  }
  function get(el) { return call('GetValue', el); }
  function set(el, v) { dirty = true; return call('SetValue', el, String(v)); }
  function commit() { if (dirty) { dirty = false; call('Commit', ''); } }
  /** A number in [0, 1] the LMS gave, or null. */
  function unit(s) { var v = parseFloat(s); return s !== '' && isFinite(v) && v >= 0 && v <= 1 ? v : null; }
  function stamp() { return new Date().toISOString().slice(0, 19); }
  /** A localized_string_type: the page's language, then the text (whitespace folded, 250 at most). */
  function text(s) { return '{lang=' + (plan.lang || 'en') + '}' + String(s || '').replace(/\s+/g, ' ').trim().slice(0, 250); }
  function label(id, attr) {
    var el = byAttr(attr, id)[0];
    return el ? el.getAttribute('aria-label') || el.textContent : id;
  }
  function interaction(fields) {
    var c = parseInt(get('cmi.interactions._count'), 10);
    var n = isNaN(c) ? local : c;
    local = n + 1;
    fields.forEach(function (f) { set('cmi.interactions.' + n + '.' + f[0], f[1]); });
  }
  /** A 2004 pattern from a SCORM 1.2 one: `[,]` between members, `[.]` inside a pair. */
  function patterns(q) {
    var type = q.type || 'choice';
    if (type === 'fill-in') return q.accepted.map(function (a) { return (q.caseSensitive ? '{case_matters=true}' : '') + a; });
    if (type === 'numeric') return [q.min + '[:]' + q.max];
    if (type === 'true-false') return [q.correct[0] === q.choices[0] ? 'true' : 'false'];
    return cp.response(q).scormPatterns(q).map(function (p) { return p.split(',').join('[,]').split('.').join('[.]'); });
  }
  /** The share of the page's lessons, items and counted questions done, for cmi.progress_measure. */
  function progress() {
    var st = rt.state, n = st.viewed.length, d = st.viewed.filter(Boolean).length;
    plan.questions.forEach(function (q, qi) { if (st.active(qi)) { n++; if (st.answers[qi]) d++; } });
    return n ? Math.round(10000 * d / n) / 10000 : 0;
  }
  /** suspend while the attempt is unfinished, so that the LMS resumes it; normal once it is over. */
  function exitValue() { return FINAL.test(status) ? 'normal' : 'suspend'; }
  function sessionTime() {
    var cs = Math.floor((Date.now() - started) / 10);
    return 'PT' + Math.floor(cs / 360000) + 'H' + Math.floor(cs / 6000) % 60 + 'M' + (cs % 6000 / 100).toFixed(2) + 'S';
  }
  function completion() { return status !== 'incomplete' || reached ? 'completed' : 'incomplete'; }

  return {
    notice: 'trackingOff',
    start: function () {
      api = findIn(window);
      try { if (!api && window.opener) api = findIn(window.opener); } catch (e) { api = null; }
      if (!api) return false;
      if (call('Initialize', '') !== 'true') { api = null; return false; }
      return true;
    },
    loadState: function (done) {
      var success = get('cmi.success_status'), done2 = get('cmi.completion_status');
      status = /^(passed|failed)$/.test(success) ? success : /^(completed|incomplete)$/.test(done2) ? done2 : '';
      threshold = unit(get('cmi.completion_threshold'));
      var passing = unit(get('cmi.scaled_passing_score'));
      ['continue', 'previous'].forEach(function (r) { valid[r] = get('adl.nav.request_valid.' + r) === 'true'; });
      done({
        mode: get('cmi.mode'),
        credit: get('cmi.credit'),
        entry: get('cmi.entry'),
        // The LMS's passing score (from the manifest's minNormalizedMeasure, or its own) wins.
        mastery: passing === null ? '' : String(Math.round(passing * 10000) / 100),
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
        if (i < count) return;
        set('cmi.objectives.' + i + '.id', g.id);
        set('cmi.objectives.' + i + '.completion_status', 'incomplete');
        set('cmi.objectives.' + i + '.success_status', 'unknown');
      });
    },
    recordLesson: function () {},
    recordItem: function (group, item) {
      interaction([['id', item], ['type', 'other'], ['objectives.0.id', group.id], ['timestamp', stamp()],
        ['description', text(label(item, 'data-cp-item'))], ['learner_response', 'viewed'], ['result', 'neutral']]);
    },
    recordGroupComplete: function (group) { set('cmi.objectives.' + group.index + '.completion_status', 'completed'); },
    /** A video or audio played to its share: one interaction (not again when restored), its objective completed. */
    recordMedia: function (m, ev) {
      if (ev.verb !== 'completed') return;
      if (!ev.restored) {
        interaction([['id', m.id], ['type', 'other'], ['objectives.0.id', m.id], ['timestamp', stamp()],
          ['description', text(label(m.id, 'data-cp-media'))], ['learner_response', 'watched'], ['result', 'neutral']]);
      }
      set('cmi.objectives.' + m.index + '.completion_status', 'completed');
    },
    /** One interaction per answer, each attempt's too, in the 2004 response formats. */
    recordAnswer: function (q, response, right) {
      var prompt = doc.getElementById('q-prompt-' + q.id);
      var fields = [['id', q.id], ['type', q.type || 'choice'], ['timestamp', stamp()], ['weighting', q.scored === false ? '0' : '1'],
        ['description', text(prompt ? prompt.textContent : q.id)]];
      patterns(q).forEach(function (p, i) { fields.push(['correct_responses.' + i + '.pattern', p]); });
      fields.push(['learner_response', cp.response(q).xapi(q, response)]);
      fields.push(['result', right === null ? 'neutral' : right ? 'correct' : 'incorrect']);
      interaction(fields);
    },
    setLocation: function (id) { set('cmi.location', id); },
    /** The score (only once final), completion and success in one sequence. */
    setResult: function (s, score) {
      status = s;
      if (score !== null) {
        set('cmi.score.scaled', Math.round(Number(score) * 100) / 10000);
        set('cmi.score.raw', score);
        set('cmi.score.min', 0);
        set('cmi.score.max', 100);
      }
      set('cmi.completion_status', completion());
      if (s === 'passed' || s === 'failed') set('cmi.success_status', s);
      set('cmi.exit', exitValue());
    },
    saveState: function (str) {
      var p = progress();
      set('cmi.progress_measure', p);
      if (threshold !== null && !reached && p >= threshold) { reached = true; set('cmi.completion_status', 'completed'); }
      set('cmi.suspend_data', str);
      commit();
    },
    /** Whether the LMS will deliver the SCO before or after this one (`previous`, `continue`). */
    navigates: function (r) { return !!api && !finished && !!valid[r]; },
    /** The navigation request made when the session ends (continue, previous, exit, suspendAll). */
    navigate: function (r) { request = r; },
    /** Once, when the page goes away or the learner exits. Review and browse write no tracking data. */
    finish: function (how) {
      if (finished || !api) return;
      finished = true;
      if (how && how.writes) {
        set('cmi.exit', exitValue());
        set('cmi.session_time', sessionTime());
      }
      // The learner's exit button: suspend an unfinished attempt, exit a finished one.
      var nav = request || (how && how.exit ? (FINAL.test(status) || !how.writes ? 'exit' : 'suspendAll') : '');
      if (nav) set('adl.nav.request', nav);
      commit();
      call('Terminate', '');
      api = null;
    }
  };
};
