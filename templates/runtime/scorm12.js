/* ---------- SCORM 1.2 backend: the API the LMS puts in a parent or opener window ----------
   Reads the launch (mode, credit, entry, mastery score, saved state), writes what the core asks
   for, and finishes once. Every call is followed by LMSGetLastError. */

cp.backend = function scorm12(rt) {
  var api = null;
  var finished = false;
  var status = '';
  var started = Date.now();
  var local = 0;
  var dirty = false;

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
  function set(el, v) { dirty = true; return call('LMSSetValue', el, String(v)); }
  function commit() { if (dirty) { dirty = false; call('LMSCommit', ''); } }
  function clock() { var d = new Date(); return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2); }
  function interaction(fields) {
    var c = parseInt(get('cmi.interactions._count'), 10);
    var n = isNaN(c) ? local : c;
    local = n + 1;
    fields.forEach(function (f) { set('cmi.interactions.' + n + '.' + f[0], f[1]); });
  }
  /** suspend while the attempt is unfinished, so that the LMS resumes it; "" once it is over. */
  function exitValue() { return FINAL.test(status) ? '' : 'suspend'; }
  function sessionTime() {
    var cs = Math.floor((Date.now() - started) / 10);
    return pad(Math.min(9999, Math.floor(cs / 360000)), 4) + ':' + pad(Math.floor(cs / 6000) % 60, 2) + ':' +
      pad(Math.floor(cs / 100) % 60, 2) + '.' + pad(cs % 100, 2);
  }

  return {
    notice: 'trackingOff',
    start: function () {
      api = findIn(window);
      try { if (!api && window.opener) api = findIn(window.opener); } catch (e) { api = null; }
      if (!api) return false;
      if (call('LMSInitialize', '') !== 'true') { api = null; return false; }
      return true;
    },
    loadState: function (done) {
      status = get('cmi.core.lesson_status');
      done({
        mode: get('cmi.core.lesson_mode'),
        credit: get('cmi.core.credit'),
        entry: get('cmi.core.entry'),
        mastery: get('cmi.student_data.mastery_score'),
        status: status,
        score: get('cmi.core.score.raw'),
        location: get('cmi.core.lesson_location'),
        data: get('cmi.suspend_data')
      });
    },
    /** The tracked session starts: one objective per group, then per video or audio, at fixed indexes. */
    open: function (groups) {
      var count = parseInt(get('cmi.objectives._count'), 10) || 0;
      groups.forEach(function (g, i) {
        if (i < count) return;
        set('cmi.objectives.' + i + '.id', g.id);
        set('cmi.objectives.' + i + '.status', 'incomplete');
      });
    },
    recordLesson: function () {}, // SCORM 1.2 reports lessons through suspend_data only
    recordItem: function (group, item) {
      interaction([['id', item], ['type', 'performance'], ['objectives.0.id', group.id], ['time', clock()],
        ['student_response', 'viewed'], ['result', 'neutral']]);
    },
    recordGroupComplete: function (group) { set('cmi.objectives.' + group.index + '.status', 'completed'); },
    /** A video or audio played to its share: one interaction (not again when restored), its objective completed. */
    recordMedia: function (m, ev) {
      if (ev.verb !== 'completed') return;
      if (!ev.restored) {
        interaction([['id', m.id], ['type', 'performance'], ['objectives.0.id', m.id], ['time', clock()],
          ['student_response', 'watched'], ['result', 'neutral']]);
      }
      set('cmi.objectives.' + m.index + '.status', 'completed');
    },
    /** One interaction per answer, each attempt's too (SCORM 1.2 journals them). */
    recordAnswer: function (q, response, right) {
      var r = cp.response(q);
      var fields = [['id', q.id], ['type', q.type || 'choice'], ['time', clock()], ['weighting', q.scored === false ? '0' : '1'],
        ['student_response', r.scorm(q, response)]];
      r.scormPatterns(q).forEach(function (p, i) { fields.push(['correct_responses.' + i + '.pattern', p]); });
      fields.push(['result', right === null ? 'neutral' : right ? 'correct' : 'wrong']);
      interaction(fields);
    },
    setLocation: function (id) { set('cmi.core.lesson_location', id); },
    /** The score (only once final) and the status in one sequence, so no LMS rule sees one without the other. */
    setResult: function (s, score) {
      status = s;
      if (score !== null) {
        set('cmi.core.score.raw', score);
        set('cmi.core.score.min', 0);
        set('cmi.core.score.max', 100);
      }
      set('cmi.core.lesson_status', s);
      set('cmi.core.exit', exitValue());
    },
    saveState: function (str) {
      set('cmi.suspend_data', str);
      commit();
    },
    /** Once, when the page goes away or the learner exits. Review and browse write nothing. */
    finish: function (how) {
      if (finished || !api) return;
      finished = true;
      if (how && how.writes) {
        set('cmi.core.exit', exitValue());
        set('cmi.core.session_time', sessionTime());
        commit();
      }
      call('LMSFinish', '');
      api = null;
    }
  };
};
