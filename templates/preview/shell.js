/* coursepack preview: the LMS around the course. It launches the package being previewed in a
   frame, is its LMS (window.API from scorm12-lms.js for SCORM 1.2, window.API_1484_11 from
   scorm2004-lms.js for SCORM 2004; the preview server's xAPI endpoint for xAPI, and for cmi5 with
   its fetch URL), keeps what an LMS keeps between sessions, and shows it in the tracking
   panel. It follows the server's build state (long poll on /__coursepack/status): a new build
   reloads the course where the learner was, a failed one shows the errors over it. Not part of
   any package. */
(function () {
  'use strict';

  var LEARNER = { id: 'preview-learner', name: 'Learner, Preview', mbox: 'mailto:learner@preview.invalid' };

  function $(id) { return document.getElementById(id); }
  var frame = $('pv-course');

  var status = null;          // the server's last status
  var version = 0;            // its version, for the long poll
  var siteVersion = -1;       // the build the frame shows
  var shownFormat = null;
  var conditions = { lms: true, masteryOverride: true, review: false };

  /* ---------- the LMS record: what an LMS keeps for the learner ---------- */
  var scos = {};              // SCO key -> the launch of its next session (nextLaunch of the LMS)
  var session = null;         // the SCORM session running, if any
  var sessionKey = null, sessionDoc = null, sessionScorm = null;
  var leaving = false;        // the shell is taking the frame elsewhere (relaunch, reload, reset)
  var calls = [];             // API calls of every session, oldest first
  var registration = uuid();
  var lrs = { count: 0, statements: [], states: [], version: -1 };

  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-');
  }

  function launches() { return status && status.site ? status.site.launches : []; }
  function format() { return status && status.site ? status.site.format : 'scorm12'; }
  function optional(v) { return v == null ? '' : String(v); }

  /**
   * The LMS side of each SCORM version: the name a SCO looks for up its frames, the API's
   * functions (the first opens a session, the second ends it), the launch of a SCO (what the
   * manifest and the learner give), the size of suspend_data, and what the panel shows.
   */
  var SCORM = {
    scorm12: {
      global: 'API', lms: 'scorm12', suspendLimit: 4096, // CMIString4096
      fns: ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit',
        'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic'],
      launch: function (info) {
        return { studentId: LEARNER.id, studentName: LEARNER.name, masteryScore: optional(info.mastery_score),
          masteryOverride: conditions.masteryOverride, language: status && status.site ? status.site.lang : '' };
      },
      view: function (snap, next) {
        var saved = next && next.saved;
        var core = snap ? snap.core : saved ? { lesson_status: saved.lesson_status, score: saved.score || {},
          lesson_location: saved.lesson_location, entry: next.entry, lesson_mode: next.mode, credit: next.credit,
          total_time: saved.total_time } : null;
        if (!core) return null;
        var held = snap || saved;
        var score = core.score && core.score.raw !== '' && core.score.raw != null ?
          core.score.raw + ' (' + (core.score.min || '0') + '–' + (core.score.max || '100') + ')' : '';
        return {
          rows: [['lesson_status', core.lesson_status], ['score', score], ['lesson_location', core.lesson_location],
            ['entry · mode · credit', [core.entry || '""', core.lesson_mode, core.credit].join(' · '), 'launch'],
            ['total_time', core.total_time]],
          suspendData: held.suspend_data || '',
          objectives: (held.objectives || []).map(function (o) { return [o.id, o.status, o.score && o.score.raw]; }),
          interactions: (held.interactions || []).map(function (x) { return [x.id, x.type, x.student_response, x.result]; })
        };
      }
    },
    scorm2004: {
      global: 'API_1484_11', lms: 'scorm2004', suspendLimit: 64000, // characterstring SPM 64000
      fns: ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString', 'GetDiagnostic'],
      launch: function (info) {
        // The manifest's minNormalizedMeasure: the mastery score on a 0 to 1 scale.
        return { learnerId: LEARNER.id, learnerName: LEARNER.name,
          scaledPassingScore: info.mastery_score == null ? '' : String(info.mastery_score / 100) };
      },
      view: function (snap, next) {
        var held = snap || (next && next.saved);
        if (!held) return null;
        var on = snap || next;
        var s = held.score || {};
        var score = [s.scaled ? 'scaled ' + s.scaled : '', s.raw ? 'raw ' + s.raw : ''].filter(Boolean).join(' · ');
        return {
          rows: [['completion_status', held.completion_status], ['success_status', held.success_status], ['score', score],
            ['location', held.location], ['entry · mode · credit', [on.entry || '""', on.mode, on.credit].join(' · '), 'launch'],
            ['total_time', held.total_time]],
          suspendData: held.suspend_data || '',
          objectives: (held.objectives || []).map(function (o) {
            return [o.id, o.completion_status + (o.success_status !== 'unknown' ? ' · ' + o.success_status : ''), o.score && o.score.scaled];
          }),
          interactions: (held.interactions || []).map(function (x) { return [x.id, x.type, x.learner_response, x.result]; })
        };
      }
    }
  };
  /** The SCORM version being previewed, or null for xAPI and cmi5. */
  function scorm() { return SCORM[format()] || null; }
  /** Whether the package reports to the preview's LRS (xAPI and cmi5) rather than to a SCORM API. */
  function reportsToLrs() { return format() === 'xapi' || format() === 'cmi5'; }
  /** The AU `cmi5.xml` declares for a launch (its id, moveOn and mastery score). */
  function auOf(launchInfo) {
    var aus = status && status.site ? status.site.aus || [] : [];
    for (var i = 0; i < aus.length; i++) if (launchInfo && aus[i].key === launchInfo.key) return aus[i];
    return null;
  }

  /** The package path of the page in the frame, or '' when it shows no course page. */
  function framePath() {
    try {
      var p = frame.contentWindow.location.pathname;
      return p.indexOf('/course/') === 0 ? decodeURIComponent(p.slice(8)) : '';
    } catch (e) { return ''; }
  }

  /** The launch the frame's page belongs to (a SCO of the manifest), else the first. */
  function launchOfFrame() {
    var path = framePath();
    var all = launches();
    for (var i = 0; i < all.length; i++) if (all[i].href === path) return all[i];
    return all[0];
  }

  function openSession(launchInfo, version) {
    var saved = scos[launchInfo.key];
    var launch = saved ? JSON.parse(JSON.stringify(saved)) : {};
    var given = version.launch(launchInfo);
    for (var k in given) launch[k] = given[k];
    if (conditions.review) { launch.mode = 'review'; launch.credit = 'no-credit'; }
    session = window.CoursepackLms[version.lms](launch, onCall);
    sessionScorm = version;
    sessionKey = launchInfo.key;
    sessionDoc = frame.contentDocument;
  }

  /**
   * Keeps what the session left for the SCO's next launch, as the LMS does when it ends. After a
   * SCORM 2004 Terminate with adl.nav.request continue or previous, launches the SCO after or
   * before it, as Moodle does (scorm_13.js Terminate); other requests are recorded only.
   */
  function closeSession(terminated) {
    if (!session) return;
    var nav = session.snapshot().adl;
    var key = sessionKey;
    scos[key] = session.nextLaunch({ review: conditions.review });
    session = null;
    sessionDoc = null;
    var step = !terminated || !nav ? 0 : nav.nav.request === 'continue' ? 1 : nav.nav.request === 'previous' ? -1 : 0;
    if (!step || leaving) return;
    var all = launches();
    var to = all[all.map(function (l) { return l.key; }).indexOf(key) + step];
    if (to) setTimeout(function () { go(launchUrl(to)); }, 0);
  }

  function onCall(entry) {
    calls.push(entry);
    if (calls.length > 2000) calls.splice(0, calls.length - 2000);
    if (sessionScorm && entry.fn === sessionScorm.fns[1] && entry.result === 'true') closeSession(true);
    schedule();
  }

  /**
   * window.API and window.API_1484_11: one object each for the page's life; each SCO launch gets
   * a fresh LMS session. A call made outside any session goes to an uninitialized one (which
   * answers "not initialized").
   */
  var idle = {};
  function apiOf(version) {
    var api = {};
    version.fns.forEach(function (fn, i) {
      api[fn] = function () {
        if (i === 0) {
          // A new page initializes; one that left without finishing is closed as the LMS would
          // (what was set is kept).
          if (session && sessionDoc !== frame.contentDocument) closeSession(false);
          if (!session) openSession(launchOfFrame(), version);
        }
        var target = session && sessionScorm === version ? session :
          idle[version.lms] || (idle[version.lms] = window.CoursepackLms[version.lms]({}));
        return target[fn].apply(target, arguments);
      };
    });
    return api;
  }
  var apis = {};
  Object.keys(SCORM).forEach(function (name) { apis[name] = apiOf(SCORM[name]); });

  /** Puts the API of the format being previewed where a SCO looks for it, and only that one. */
  function connect() {
    Object.keys(SCORM).forEach(function (name) {
      var global = SCORM[name].global;
      if (conditions.lms && format() === name) window[global] = apis[name];
      else { try { delete window[global]; } catch (e) { window[global] = undefined; } }
    });
  }

  /* ---------- launching ---------- */
  /** The URL that launches `which` (default: the first launch), with xAPI's or cmi5's launch
      parameters. A cmi5 launch gets a fetch URL of its own, which tells the server what the
      LMS records before the AU runs (LMS.LaunchData, `launched`). */
  function launchUrl(which) {
    var first = which || launches()[0];
    var url = '/course/' + (first ? first.href : 'index.html');
    var actor = JSON.stringify({ objectType: 'Agent', name: LEARNER.name, mbox: LEARNER.mbox });
    var endpoint = encodeURIComponent(location.origin + '/__coursepack/xapi/');
    var au = auOf(first);
    if (format() === 'xapi' && conditions.lms) {
      url += '?endpoint=' + endpoint +
        '&auth=' + encodeURIComponent('Basic ' + btoa('preview:preview')) +
        '&actor=' + encodeURIComponent(actor) +
        '&registration=' + registration;
    } else if (format() === 'cmi5' && conditions.lms && au) {
      var fetchUrl = location.origin + '/__coursepack/cmi5/fetch?launch=' + uuid() +
        '&activityId=' + encodeURIComponent(au.activityId) +
        '&actor=' + encodeURIComponent(actor) +
        '&registration=' + registration +
        '&mode=' + (conditions.review ? 'Review' : 'Normal') +
        '&moveOn=' + encodeURIComponent(au.moveOn) +
        '&mastery=' + encodeURIComponent(au.mastery || '');
      url += '?endpoint=' + endpoint +
        '&fetch=' + encodeURIComponent(fetchUrl) +
        '&actor=' + encodeURIComponent(actor) +
        '&registration=' + registration +
        '&activityId=' + encodeURIComponent(au.activityId);
    }
    return url;
  }

  var pendingScroll = null;
  /** Loads `url` in the frame through about:blank, so that the page always unloads (its SCO
      finishes) and a URL that differs only by its #fragment still loads anew. */
  function go(url, scroll) {
    connect();
    leaving = true;
    pendingScroll = scroll == null ? null : { path: url, y: scroll };
    frame.onload = function () {
      frame.onload = arrived;
      frame.contentWindow.location.replace(url);
    };
    frame.src = 'about:blank';
  }
  function arrived() {
    leaving = false;
    if (status) renderScoMenu();
    if (!pendingScroll) return;
    var y = pendingScroll.y;
    pendingScroll = null;
    setTimeout(function () { try { frame.contentWindow.scrollTo(0, y); } catch (e) { /* gone */ } }, 60);
  }

  /** After a rebuild: the same page, lesson (#fragment) and scroll, when the page still exists. */
  function reloadInPlace() {
    var path = framePath();
    var known = launches().some(function (l) { return l.href === path; });
    if (!path || !known) { go(launchUrl()); return; }
    var w = frame.contentWindow;
    var url = '/course/' + path + w.location.search + w.location.hash;
    go(url, w.scrollY);
  }

  /** Launches again the SCO in the frame (the course, when there is one SCO). */
  function relaunch() { go(launchUrl(launchOfFrame())); }

  /** Ends the session in the frame (its page unloads and finishes), then runs `then`. */
  function unload(then) {
    leaving = true;
    frame.onload = function () { frame.onload = null; leaving = false; then(); };
    frame.src = 'about:blank';
  }

  function resetLearner() {
    unload(function () {
      scos = {};
      session = null;
      sessionDoc = null;
      calls = [];
      registration = uuid();
      lrs = { count: 0, statements: [], states: [], version: -1 };
      fetch('/__coursepack/reset', { method: 'POST' }).then(function () { relaunch(); schedule(); });
    });
  }

  /* ---------- following the server ---------- */
  function poll() {
    fetch('/__coursepack/status?since=' + version, { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (s) { apply(s); setTimeout(poll, 0); },
        function () { setBuild('failed', 'preview server stopped'); setTimeout(poll, 1000); });
  }

  function apply(s) {
    var first = status === null;
    status = s;
    version = s.version;
    renderBar();
    var overlay = $('pv-overlay');
    if (s.failure) {
      $('pv-overlay-text').textContent = s.failure.text;
      overlay.hidden = false;
      setBuild('failed', 'build failed');
    } else {
      overlay.hidden = true;
      setBuild('ok', s.building ? 'building…' : 'up to date');
    }
    if (s.site && s.siteVersion !== siteVersion) {
      siteVersion = s.siteVersion;
      var formatChanged = shownFormat !== null && shownFormat !== s.site.format;
      shownFormat = s.site.format;
      if (first || !framePath()) go(launchUrl());
      else if (formatChanged) resetLearner(); // another package: another LMS record
      else reloadInPlace();
      document.title = s.site.title + ' — coursepack preview';
    }
    if (reportsToLrs() && s.lrsVersion !== lrs.version) fetchLrs(s.lrsVersion);
    schedule();
  }

  /* One read of the LRS log at a time: two at once would both add the statements after the
     same count. A read asked for meanwhile runs when the first is done; a read that answers for
     a record reset meanwhile (here or elsewhere) is dropped and made again from the start. */
  var lrsReading = false, lrsAgain = null;
  function fetchLrs(v) {
    if (lrsReading) { lrsAgain = v; return; }
    lrsReading = true;
    var record = lrs, after = lrs.count;
    function next(again) {
      lrsReading = false;
      var w = lrsAgain !== null ? lrsAgain : again;
      lrsAgain = null;
      if (w !== null) fetchLrs(w);
    }
    fetch('/__coursepack/lrs-log?after=' + after, { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (log) {
        if (record !== lrs) { next(v); return; } // the learner was reset here meanwhile
        if (log.count < after) { // reset elsewhere: read it all again
          lrs = { count: 0, statements: [], states: [], version: -1 };
          next(v);
          return;
        }
        lrs.statements = lrs.statements.concat(log.statements);
        lrs.count = log.count;
        lrs.states = log.states;
        lrs.version = v;
        next(null);
        schedule();
      }, function () { next(null); /* the next status brings it */ });
  }

  function select(what) {
    fetch('/__coursepack/select', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(what) });
    setBuild('ok', 'building…');
  }

  function setBuild(state, text) {
    var el = $('pv-build');
    el.dataset.state = state;
    el.textContent = text;
  }

  /* ---------- the bar and the panel ---------- */
  function options(sel, values, current) {
    if (sel.dataset.values !== values.join(',')) {
      sel.textContent = '';
      values.forEach(function (v) { var o = document.createElement('option'); o.value = o.textContent = v; sel.appendChild(o); });
      sel.dataset.values = values.join(',');
    }
    sel.value = current;
  }

  function renderBar() {
    if (!status.site) return;
    $('pv-title').textContent = status.site.title;
    options($('pv-lang'), status.site.langs, status.site.lang);
    options($('pv-format'), status.formats, status.site.format);
    renderScoMenu();
  }

  /** With one SCO per lesson, the LMS's table of contents: the SCO in the frame, and a way to
      launch another (the pages do not link to each other; in an LMS its menu does that). */
  function renderScoMenu() {
    var all = launches();
    $('pv-sco-label').hidden = all.length < 2;
    if (all.length < 2) return;
    var sel = $('pv-sco');
    var keys = all.map(function (l) { return l.key + '=' + l.title; }).join('\n');
    if (sel.dataset.values !== keys) {
      sel.textContent = '';
      all.forEach(function (l) { var o = document.createElement('option'); o.value = l.href; o.textContent = l.title; sel.appendChild(o); });
      sel.dataset.values = keys;
    }
    var current = launchOfFrame();
    if (current) sel.value = current.href;
  }

  var queued = false;
  function schedule() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () { queued = false; renderPanel(); });
  }

  function row(cells, attrs) {
    var tr = document.createElement('tr');
    for (var k in attrs) tr.setAttribute(k, attrs[k]);
    cells.forEach(function (c) { var td = document.createElement('td'); td.textContent = c == null ? '' : String(c); tr.appendChild(td); });
    return tr;
  }
  function fillBody(table, rows) {
    var body = table.tBodies[0];
    var before = body.rows.length;
    body.textContent = '';
    rows.forEach(function (r, i) { if (i >= before) r.className = 'pv-new'; body.appendChild(r); });
  }
  function summary(pairs) {
    var dl = $('pv-summary');
    dl.textContent = '';
    pairs.forEach(function (p) {
      var dt = document.createElement('dt'); dt.textContent = p[0];
      var dd = document.createElement('dd'); dd.dataset.field = p[2] || p[0];
      if (p[1] instanceof Node) dd.appendChild(p[1]); else dd.textContent = p[1] === '' || p[1] == null ? '—' : String(p[1]);
      dl.appendChild(dt); dl.appendChild(dd);
    });
  }
  function meter(used, limit) {
    var span = document.createElement('span');
    var m = document.createElement('meter');
    m.min = 0; m.max = limit; m.value = used; m.high = limit * 0.8; m.optimum = 0;
    span.appendChild(m);
    span.appendChild(document.createTextNode(' ' + used + ' / ' + limit));
    return span;
  }

  function renderPanel() {
    var xapi = reportsToLrs();
    $('pv-scorm').hidden = xapi;
    $('pv-xapi').hidden = !xapi;
    if (!conditions.lms) {
      summary([['LMS', 'none: the course runs untracked, as when opened from a file', 'lms']]);
    } else if (xapi) renderXapi();
    else renderScorm();
  }

  /** The SCORM panel: the session running, else what the LMS keeps for the SCO in the frame. */
  function renderScorm() {
    var version = scorm();
    if (!version) return;
    var snap = session && sessionScorm === version ? session.snapshot() : null;
    var view = version.view(snap, scos[(launchOfFrame() || {}).key]);
    if (!view) { summary([['session', 'not launched yet', 'session']]); return; }
    summary([['session', snap ? (snap.finished ? 'finished' : snap.initialized ? 'running' : 'launching') : 'finished', 'session']]
      .concat(view.rows.map(function (r) { return [r[0], r[1], r[2] || r[0]]; }))
      .concat([['suspend_data', meter(view.suspendData.length, version.suspendLimit), 'suspend_data']]));
    fillBody($('pv-objectives'), view.objectives.map(function (o, i) {
      return row([i].concat(o), { 'data-id': o[0], 'data-status': o[1] });
    }));
    fillBody($('pv-interactions'), view.interactions.map(function (x, i) {
      return row([i].concat(x), { 'data-id': x[0], 'data-result': x[3] });
    }));
    var list = $('pv-calls');
    list.textContent = '';
    calls.slice(-150).forEach(function (c) {
      var li = document.createElement('li');
      li.textContent = c.fn + '(' + c.args.map(function (a) { return JSON.stringify(String(a)); }).join(', ') + ') → ' +
        JSON.stringify(String(c.result)) + (c.error && c.error !== '0' ? '  [error ' + c.error + ']' : '');
      if (c.error && c.error !== '0') li.className = 'pv-error';
      list.appendChild(li);
    });
  }

  function renderXapi() {
    var verdict = '', score = '', completed = false;
    lrs.statements.forEach(function (st) {
      var verb = st.verb.id.split('/').pop();
      if (verb === 'completed' && st.object && launchesCourse(st)) completed = true;
      if ((verb === 'passed' || verb === 'failed') && st.result) {
        verdict = verb;
        if (st.result.score && st.result.score.raw != null) score = st.result.score.raw;
      }
    });
    var state = lrs.states[0];
    summary([
      ['registration', registration, 'registration'],
      ['status', verdict || (completed ? 'completed' : lrs.count ? 'incomplete' : 'not attempted'), 'status'],
      ['score', score, 'score'],
      ['statements', String(lrs.count), 'statements'],
      ['state document', state ? state.bytes + ' bytes' : 'none', 'state']
    ]);
    var list = $('pv-statements');
    var before = list.children.length;
    list.textContent = '';
    lrs.statements.forEach(function (st, i) {
      var li = document.createElement('li');
      var verb = st.verb.id.split('/').pop();
      var def = st.object && st.object.definition;
      var name = def && def.name ? def.name[Object.keys(def.name)[0]] : st.object && st.object.id;
      var result = st.result ? ' ' + JSON.stringify(st.result) : '';
      li.textContent = verb + ' ' + name + result;
      li.title = JSON.stringify(st, null, 2);
      li.dataset.verb = verb;
      li.dataset.object = st.object ? st.object.id : '';
      if (i >= before) li.className = 'pv-new';
      list.appendChild(li);
    });
    var states = $('pv-states');
    states.textContent = '';
    lrs.states.forEach(function (s) {
      var li = document.createElement('li');
      li.textContent = s.stateId + ' (' + s.bytes + ' bytes): ' + s.text;
      states.appendChild(li);
    });
  }
  function launchesCourse(st) { return !(st.context && st.context.contextActivities && st.context.contextActivities.parent); }

  /* ---------- controls ---------- */
  $('pv-lang').addEventListener('change', function (e) { select({ lang: e.target.value }); });
  $('pv-format').addEventListener('change', function (e) { select({ format: e.target.value }); });
  $('pv-sco').addEventListener('change', function (e) {
    go(launchUrl(launches().filter(function (l) { return l.href === e.target.value; })[0]));
  });
  $('pv-relaunch').addEventListener('click', relaunch);
  $('pv-reset').addEventListener('click', resetLearner);
  [['pv-lms', 'lms'], ['pv-mastery', 'masteryOverride'], ['pv-review', 'review']].forEach(function (c) {
    $(c[0]).addEventListener('change', function (e) { conditions[c[1]] = e.target.checked; relaunch(); schedule(); });
  });

  /** For tests and the curious: the LMS side as it stands. */
  window.coursepackPreview = {
    session: function () { return session && session.snapshot(); },
    saved: function () { return JSON.parse(JSON.stringify(scos)); },
    calls: function () { return calls.slice(); },
    statements: function () { return lrs.statements.slice(); },
    status: function () { return status; }
  };

  poll();
}());
