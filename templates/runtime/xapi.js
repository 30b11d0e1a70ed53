/* ---------- xAPI backend: statements to a Learning Record Store, resume through the State API ----------
   docs/xapi.md lists the statements; lrs.js carries them (queue, retries, the state document). */

cp.backend = function xapi(rt) {
  var plan = rt.plan;
  var X = plan.xapi || {};
  var ADL = 'http://adlnet.gov/expapi/';
  var lrs = cp.lrs(rt);
  var s = lrs.s;         // bookmark, status, score, time before this session; what was sent
  var duration = lrs.duration;
  var P = {};            // launch parameters
  var actor, reg, course, grouping = [];
  var finished = false;

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
    var st = { id: o.id || lrs.uuid(), actor: actor, verb: { id: vid, display: { 'en-US': vid.slice(vid.lastIndexOf('/') + 1) } },
      object: object, context: ctx, timestamp: new Date().toISOString() };
    if (o.result) st.result = o.result;
    lrs.send(st);
  }
  var records = cp.xapiRecords(rt, lrs, statement, function () { return course; });

  return {
    notice: 'trackingNoLaunch',
    start: function () {
      P = lrs.params();
      actor = lrs.agent(P.actor || '');
      if (!X.course || !P.endpoint || !P.auth || !actor || !window.fetch || !window.crypto) {
        console.warn('coursepack: xAPI launch parameters missing or invalid (endpoint, auth, actor); tracking is off');
        return false;
      }
      var endpoint = new URL(P.endpoint, window.location.href).href.replace(/\/?$/, '/');
      if (/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(P.registration || '')) reg = P.registration.toLowerCase();
      else if (P.registration) console.warn('coursepack: registration "' + P.registration + '" is not a UUID; left out');
      course = records.activity({ id: P.activity_id || X.course.id, name: X.course.name, type: X.course.type }, 'course');
      if (/^[a-z][a-z0-9+.-]*:/i.test(P.grouping || '')) grouping = [{ objectType: 'Activity', id: P.grouping }];
      var q = { activityId: course.id, agent: JSON.stringify(actor), stateId: 'coursepack/' + plan.lessons[0] };
      if (reg) q.registration = reg;
      var stateUrl = lrs.resource('activities/state', q);
      lrs.open({ endpoint: endpoint, auth: P.auth.replace(/^(Basic|Bearer)\+/i, '$1 '), lang: P['Accept-Language'],
        key: 'coursepack.xapi ' + endpoint + ' ' + stateUrl, stateUrl: stateUrl });
      statement('initialized', course);
      return true;
    },
    loadState: function (done) { lrs.load(done); },
    open: function () {},
    recordLesson: records.recordLesson,
    recordItem: records.recordItem,
    recordGroupComplete: records.recordGroupComplete,
    recordAnswer: records.recordAnswer,
    recordMedia: records.recordMedia,
    setLocation: function (id) { s.at = id; },
    /** `completed` for the course once the status is final, then `passed`/`failed` with the score. */
    setResult: function (st, final) {
      s.status = st;
      if (final !== null) s.score = final;
      if (!FINAL.test(st)) return;
      var time = duration(s.before + Date.now() - s.started);
      var raw = final === null ? null : parseFloat(final);
      var scored = raw === null ? {} : { score: { scaled: Math.round(raw * 100) / 10000, raw: raw, min: 0, max: 100 } };
      if (!s.completed) {
        s.completed = true;
        var result = { completion: true, duration: time };
        if (st === 'completed' && raw !== null) result.score = scored.score;
        statement('completed', course, { result: result });
      }
      if (st !== 'completed' && !s.verdict) {
        s.verdict = true;
        statement(st, course, { result: { score: scored.score, success: st === 'passed', completion: true, duration: time } });
      }
    },
    saveState: function (data) { lrs.save(data); },
    finish: function (how) {
      if (finished) return;
      finished = true;
      lrs.finish(how && how.writes);
      statement('terminated', course, { result: { duration: duration(Date.now() - s.started) } });
    }
  };
};
