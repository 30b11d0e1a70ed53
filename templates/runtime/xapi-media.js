/* ---------- xAPI statements of video and audio: the ADL xAPI Video Profile ----------
   Only xAPI packages whose course has video or audio blocks hold this file. xapi.js hands it its
   statement helpers and takes the backend's recordMedia from it (docs/xapi.md, "Video and audio"). */

cp.xapiMedia = function (x) {
  var sessions = {}; // media id -> its session id: the id of its `initialized` statement
  return function (m, ev) {
    if (ev.restored) return;
    var V = 'https://w3id.org/xapi/video/', E = V + 'extensions/';
    var ctx = {}, res = {}, verb = ev.verb, course = x.course();
    if (verb === 'initialized') sessions[m.id] = x.uuid();
    ctx[E + 'session-id'] = sessions[m.id];
    ctx[E + 'length'] = ev.length;
    if (ev.completeAt !== 1) ctx[E + 'completion-threshold'] = ev.completeAt;
    if (verb === 'initialized') {
      ctx[E + 'cc-subtitle-enabled'] = !!ev.captions;
      if (ev.captions) ctx[E + 'cc-subtitle-lang'] = ev.captions;
    }
    if (verb === 'seeked') { res[E + 'time-from'] = ev.from; res[E + 'time-to'] = ev.to; } else res[E + 'time'] = ev.time;
    if (verb !== 'played') { res[E + 'progress'] = ev.progress; res[E + 'played-segments'] = ev.segments; }
    var result = verb === 'initialized' ? null : { extensions: res };
    if (verb === 'completed') { result.completion = true; result.duration = x.duration(ev.spent); }
    var lesson = x.rt.lessonOf(byAttr('data-cp-media', m.id)[0]);
    x.statement(/^(played|paused|seeked)$/.test(verb) ? V + 'verbs/' + verb : verb, x.activity(x.ref('media', m.id), 'media'), {
      id: verb === 'initialized' ? sessions[m.id] : null,
      parent: lesson ? x.lessonActivity(lesson) : course, grouping: lesson ? [course] : [],
      category: [{ objectType: 'Activity', id: 'https://w3id.org/xapi/video', definition: { type: 'http://adlnet.gov/expapi/activities/profile' } }],
      result: result, extensions: ctx
    });
  };
};
