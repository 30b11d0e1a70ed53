/* ---------- cmi5 backend: an assignable unit (AU) launched by the LMS (cmi5 Quartz) ----------
   docs/runtime.md ("cmi5") gives the launch sequence and the statements of each launch mode;
   lrs.js carries them (queue, retries, the AU's own state document). */

cp.backend = function cmi5(rt) {
  var plan = rt.plan;
  var X = plan.xapi || {};
  var ADL = 'http://adlnet.gov/expapi/';
  var CMI5 = 'https://w3id.org/xapi/cmi5/';
  var lrs = cp.lrs(rt);
  var s = lrs.s;         // bookmark, status, score, time before this session; what was sent
  var duration = lrs.duration;
  var P = {};            // launch parameters: endpoint, fetch, actor, registration, activityId
  var actor, au, endpoint;
  var opts = {};         // how lrs.js talks to the LRS (the auth token, the learner's languages)
  var launch = null;     // the LMS.LaunchData document once read
  var ready = false;     // `initialized` sent: other statements may follow
  var waiting = [];      // statements asked for before that, sent after it
  var off = false;       // the launch failed: nothing is sent
  var finished = false;

  function copy(v) { return JSON.parse(JSON.stringify(v)); }
  /** Adds `acts` to a context activities list, leaving what the template put there. */
  function add(ctx, list, acts) {
    var ca = ctx.contextActivities = ctx.contextActivities || {};
    ca[list] = (ca[list] || []).concat(acts);
  }

  // Every statement: the LMS's context template (registration, session id, publisher id) as its
  // base, never overwritten. A cmi5 defined statement (`o.defined`) adds the cmi5 category, and
  // the moveOn category when its result says success or completion; others are "cmi5 allowed".
  function statement(verb, object, o) {
    o = o || {};
    if (off) return;
    var first = o.defined && verb === 'initialized';
    if (!ready && !first) { waiting.push([verb, object, o]); return; }
    var ctx = copy(launch.contextTemplate || {});
    if (!ctx.registration) ctx.registration = P.registration;
    if (!ctx.language) ctx.language = plan.lang;
    if (o.parent) add(ctx, 'parent', [o.parent]);
    if (o.grouping && o.grouping.length) add(ctx, 'grouping', o.grouping);
    var cat = (o.category || []).slice();
    if (o.defined) {
      cat.push({ objectType: 'Activity', id: CMI5 + 'context/categories/cmi5' });
      if (o.result && ('success' in o.result || 'completion' in o.result)) cat.push({ objectType: 'Activity', id: CMI5 + 'context/categories/moveon' });
    }
    if (cat.length) add(ctx, 'category', cat);
    if (o.extensions) {
      var ext = ctx.extensions = ctx.extensions || {};
      for (var k in o.extensions) if (!(k in ext)) ext[k] = o.extensions[k];
    }
    var vid = /^https?:/.test(verb) ? verb : ADL + 'verbs/' + verb;
    var st = { id: o.id || lrs.uuid(), actor: actor, verb: { id: vid, display: { 'en-US': vid.slice(vid.lastIndexOf('/') + 1) } },
      object: object, context: ctx, timestamp: new Date().toISOString() };
    if (o.result) st.result = o.result;
    lrs.send(st);
    if (first) {
      ready = true;
      waiting.splice(0).forEach(function (w) { statement(w[0], w[1], w[2]); });
    }
  }
  var records = cp.xapiRecords(rt, lrs, statement, function () { return au; });
  function normal() { return !off && launch && launch.launchMode === 'Normal'; }

  /** Tracking cannot work: the reason for the LMS's administrator, the notice for the learner. */
  function fail(why, done) {
    console.warn('coursepack: cmi5 launch failed (' + why + '); tracking is off');
    off = true;
    rt.notify('trackingNoLaunch');
    done(null);
  }
  /** A GET to the LRS answered with JSON: `got(document)`, or `got(null)` for 404 (or `missing` as the reason to fail). */
  function getJson(url, got, missing, done) {
    lrs.request('GET', url, null, function (code, text) {
      var d = null;
      if (lrs.ok(code)) try { d = JSON.parse(text); } catch (e) { d = null; }
      if (d && typeof d === 'object') got(d);
      else if (code === 404 && !missing) got(null);
      else fail((missing || url) + ': ' + (code || 'unreachable'), done);
    });
  }

  /* The launch: the auth token from the fetch URL (once), LMS.LaunchData, the learner's
     preferences, `initialized`, then the AU's own state. */
  function begin(done) {
    fetch(P.fetch, { method: 'POST', cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (!d || typeof d['auth-token'] !== 'string') {
          fail('the fetch URL answered error ' + (d && d['error-code']) + ': ' + (d && d['error-text']), done);
          return;
        }
        var agent = JSON.stringify(actor);
        var q = { activityId: au.id, agent: agent, registration: P.registration };
        var stateUrl = lrs.resource('activities/state', { activityId: au.id, agent: agent, registration: P.registration, stateId: 'coursepack/' + plan.lessons[0] });
        opts = { endpoint: endpoint, auth: 'Basic ' + d['auth-token'], key: 'coursepack.cmi5 ' + endpoint + ' ' + stateUrl, stateUrl: stateUrl };
        lrs.open(opts);
        q.stateId = 'LMS.LaunchData';
        getJson(lrs.resource('activities/state', q), function (ld) { launched(ld, agent, done); }, 'LMS.LaunchData', done);
      }, function (e) { fail('the fetch URL did not answer with JSON: ' + e, done); });
  }
  function launched(ld, agent, done) {
    if (!/^(Normal|Browse|Review)$/.test(ld.launchMode) || !ld.contextTemplate || typeof ld.contextTemplate !== 'object') {
      fail('LMS.LaunchData has no launchMode or contextTemplate', done);
      return;
    }
    launch = ld;
    getJson(lrs.resource('agents/profile', { agent: agent, profileId: 'cmi5LearnerPreferences' }), function (prefs) {
      // The learner's languages go to the LRS with every request (Accept-Language).
      if (prefs && typeof prefs.languagePreference === 'string') opts.lang = prefs.languagePreference;
      statement('initialized', au, { defined: true });
      var m = parseFloat(ld.masteryScore);
      lrs.load(done, {
        mode: ld.launchMode.toLowerCase(),
        // The LMS's mastery score wins over the package's (a percentage, as the core takes it).
        mastery: isFinite(m) && m >= 0 && m <= 1 ? String(Math.round(m * 10000) / 100) : ''
      });
    }, null, done);
  }

  return {
    notice: 'trackingNoLaunch',
    start: function () {
      P = lrs.params();
      actor = lrs.agent(P.actor || '');
      var uuid = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
      if (!X.course || !P.endpoint || !P.fetch || !actor || !uuid.test(P.registration || '') || !/^[a-z][a-z0-9+.-]*:/i.test(P.activityId || '') ||
        !window.fetch || !window.crypto) {
        console.warn('coursepack: cmi5 launch parameters missing or invalid (endpoint, fetch, actor, registration, activityId); tracking is off');
        return false;
      }
      endpoint = new URL(P.endpoint, window.location.href).href.replace(/\/?$/, '/');
      au = records.activity({ id: P.activityId, name: X.course.name, type: X.course.type }, 'course');
      return true;
    },
    loadState: begin,
    open: function () {},
    recordLesson: records.recordLesson,
    recordItem: records.recordItem,
    recordGroupComplete: records.recordGroupComplete,
    recordAnswer: records.recordAnswer,
    recordMedia: records.recordMedia,
    setLocation: function (id) { s.at = id; },
    /** Normal mode: `completed` once the completion rule is met, then `passed` or `failed` against the mastery score. */
    setResult: function (st, final) {
      s.status = st;
      if (final !== null) s.score = final;
      if (!FINAL.test(st) || !normal()) return;
      var time = duration(s.before + Date.now() - s.started);
      if (!s.completed) {
        s.completed = true;
        statement('completed', au, { defined: true, result: { completion: true, duration: time } });
      }
      if (st !== 'completed' && !s.verdict) {
        s.verdict = true;
        var result = { success: st === 'passed', duration: time };
        // The score as cmi5 compares it with the mastery score (a raw score would have to be an integer).
        if (final !== null) result.score = { scaled: Math.round(parseFloat(final) * 100) / 10000 };
        var ext = {};
        var m = parseFloat(launch.masteryScore);
        if (isFinite(m)) ext[CMI5 + 'context/extensions/masteryscore'] = m;
        statement(st, au, { defined: true, result: result, extensions: ext });
      }
    },
    saveState: function (data) { if (normal()) lrs.save(data); },
    /** `terminated` last; then to the LMS's return URL once everything is sent (or after 5 s). */
    finish: function (how) {
      if (finished || off || !launch) return;
      finished = true;
      lrs.finish(how && how.writes && normal());
      statement('terminated', au, { defined: true, result: { duration: duration(Date.now() - s.started) } });
      var back = launch.returnURL;
      if (typeof back !== 'string' || !/^https?:/i.test(back)) return;
      var since = Date.now();
      (function leave() {
        if (lrs.idle() || Date.now() - since > 5000) window.location.assign(back);
        else setTimeout(leave, 100);
      })();
    }
  };
};
