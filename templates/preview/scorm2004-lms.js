/* ---------- The LMS side of SCORM 2004: the object an LMS puts at window.API_1484_11 for a SCO ----------
   For `coursepack preview`, which runs a course in an "LMS frame". One call to
   CoursepackLms.scorm2004(launch, onCall) is one SCO session. Behaviour: the SCORM 2004 4th Edition
   RTE (3.1 API, 4.2 data model, 4.4 navigation) and, where it leaves room, Moodle's mod/scorm
   (datamodels/scorm_13.js, scorm_13lib.php get_scorm_default, lib.php scorm_check_mode), which the
   preview stands for. Where scorm-again 3.4.3 (the reference LMS of the browser tests) departs from
   them, the differences are listed and checked in tests/browser/test-unit/lms-scorm2004.test.js.
   No DOM; what it shares with scorm12-lms.js is in lms-core.js, which the shell loads first. */
(function (root) {
  'use strict';
  var core = typeof module === 'object' && module.exports ? require('./lms-core.js') : root.CoursepackLms.core;

  /** The RTE's error codes and their strings (RTE 3.1.7). */
  var ERRORS = {
    '0': 'No Error', '101': 'General Exception', '102': 'General Initialization Failure',
    '103': 'Already Initialized', '104': 'Content Instance Terminated', '111': 'General Termination Failure',
    '112': 'Termination Before Initialization', '113': 'Termination After Termination',
    '122': 'Retrieve Data Before Initialization', '123': 'Retrieve Data After Termination',
    '132': 'Store Data Before Initialization', '133': 'Store Data After Termination',
    '142': 'Commit Before Initialization', '143': 'Commit After Termination', '201': 'General Argument Error',
    '301': 'General Get Failure', '351': 'General Set Failure', '391': 'General Commit Failure',
    '401': 'Undefined Data Model Element', '402': 'Unimplemented Data Model Element',
    '403': 'Data Model Element Value Not Initialized', '404': 'Data Model Element Is Read Only',
    '405': 'Data Model Element Is Write Only', '406': 'Data Model Element Type Mismatch',
    '407': 'Data Model Element Value Out Of Range', '408': 'Data Model Dependency Not Established'
  };

  /* ---------- Data types (RTE 4.1): each a check of a string value giving '0', '406' (type) or
     '407' (range), with a label for diagnostics ---------- */

  var types = core.dataTypes('406', '407');
  var type = core.type, fits = types.fits, pattern = types.pattern;
  function characters(max) { return types.chars('characterstring of at most ' + max + ' characters', max); }
  function vocabulary(words) {
    return types.oneOf('one of ' + words.map(function (w) { return JSON.stringify(w); }).join(', '), words);
  }
  // real(10,7): up to 10 digits before the point (Moodle takes 5, scorm-again 10) and, as both, 18 after.
  var REAL_SYNTAX = /^-?\d{1,10}(\.\d{1,18})?$/;
  /** real(10,7), within [min, max] when they are given (407 outside). */
  function real(min, max) {
    var range = min == null ? '' : max == null ? ', at least ' + min : ' from ' + min + ' to ' + max;
    return types.number('real(10,7)' + range, REAL_SYNTAX, min, max);
  }
  /** An integer within [min, max] (cmi.learner_preference.audio_captioning). */
  function integer(min, max) { return types.integer('integer from ' + min + ' to ' + max, min, max); }

  var REAL = real();
  // language_type: ISO 639 code of 2 or 3 letters, or i / x, then subtags (as Moodle's CMILang).
  var LANGUAGE_TAG = /^([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9]{1,8})*$/;
  var LANGUAGE = type('language_type (e.g. "fr-CA") or ""', function (v) { return fits(v === '' || (v.length <= 250 && LANGUAGE_TAG.test(v))); });
  /**
   * localized_string_type: an optional {lang=<language_type>} delimiter, then at most `max`
   * characters. Text may not start with "{" (Moodle's CMILangString and scorm-again refuse it too).
   */
  function localized(max) {
    return type('localized_string_type of at most ' + max + ' characters', function (v) {
      var lang = /^\{lang=([^}]*)\}/.exec(v);
      var text = lang ? v.slice(lang[0].length) : v;
      return fits((!lang || LANGUAGE_TAG.test(lang[1])) && text.charAt(0) !== '{' && text.length <= max);
    });
  }
  // long_identifier_type: a URI of at most 4000 characters without white space; a "urn:" names its
  // namespace (Moodle's CMILongIdentifier).
  var LONG_ID = type('long_identifier_type (no white space; urn:<namespace>:… for a URN)', function (v) {
    return fits(/^\S{1,4000}$/.test(v) && (!/^urn:/i.test(v) || /^urn:[a-z0-9][a-z0-9-]{0,31}:\S/i.test(v)));
  });
  // short_identifier_type: at most 250 URI characters; none of the response delimiters [,] [.] [:].
  var SHORT_ID = pattern('short_identifier_type', /^[\w\-.()+:=@;$!*'%\/#?&~]{1,250}$/);
  // time (second,10,0): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], years 1970 to 2038, at most two
  // decimals of a second; the zone only after them, as the RTE nests it (and Moodle, scorm-again).
  var TIME = pattern('time (second,10,0), e.g. 2024-05-01T10:00:00',
    /^(19[7-9]\d|20[0-2]\d|203[0-8])(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d(\.\d{1,2}(Z|[+-]([01]\d|2[0-3])(:[0-5]\d)?)?)?)?)?)?)?)?$/);
  // timeinterval (second,10,2): ISO 8601 P[nY][nM][nD][T[nH][nM][n[.nn]S]] with at least one part.
  var DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$/;
  var INTERVAL = type('timeinterval (second,10,2), e.g. PT1M30.5S', function (v) {
    return fits(DURATION.test(v) && v !== 'P' && !/T$/.test(v));
  });
  var COMPLETION = vocabulary(['completed', 'incomplete', 'not attempted', 'unknown']);
  var SUCCESS = vocabulary(['passed', 'failed', 'unknown']);
  var RESULT = type('correct, incorrect, unanticipated, neutral or a real(10,7)', function (v) {
    return fits(/^(correct|incorrect|unanticipated|neutral)$/.test(v) || REAL_SYNTAX.test(v));
  });
  var INTERACTION_TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'likert', 'matching', 'performance',
    'sequencing', 'numeric', 'other'];
  // adl.nav.request (RTE 4.4): the navigation request to make at Terminate.
  var NAV_REQUEST = pattern('a navigation request (continue, previous, {target=<id>}choice, {target=<id>}jump, exit, ' +
    'exitAll, abandon, abandonAll, suspendAll, _none_)',
  /^(continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_)$|^\{target=[^\s{}]+\}(choice|jump)$/);

  /* ---------- Interaction responses (RTE 4.2.9.1 correct_responses.n.pattern, 4.2.9.2 learner_response) ---------- */

  /** A response made of `max` items at most, separated by `delimiter`, each passing `item` ('0' or its code). */
  function list(delimiter, max, item, unique) {
    return function (v) {
      var items = v.split(delimiter);
      if (items.length > max) return '351'; // Moodle scorm_13.js: "Data Model Element Pattern Too Long"
      for (var i = 0; i < items.length; i++) {
        var code = item(items[i]);
        if (code !== '0') return code;
        if (unique && items.indexOf(items[i]) < i) return '406';
      }
      return '0';
    };
  }
  /** `a[.]b`: a pair of the two checks. */
  function pair(first, second) {
    return function (v) {
      var parts = v.split('[.]');
      return parts.length === 2 && first(parts[0]) === '0' ? second(parts[1]) : '406';
    };
  }
  var optional = core.optional;
  /** Strips the {case_matters=…} / {order_matters=…} delimiters a pattern may start with (null when malformed). */
  function prefixes(names) {
    return function (v) {
      var seen = {};
      for (var m; (m = /^\{(case_matters|order_matters)=([^}]*)\}/.exec(v));) {
        if (names.indexOf(m[1]) < 0 || seen[m[1]] || !/^(true|false)$/.test(m[2])) return null;
        seen[m[1]] = true;
        v = v.slice(m[0].length);
      }
      return v;
    };
  }
  function after(strip, check) {
    return function (v) { var rest = strip(v); return rest === null ? '406' : check(rest); };
  }
  var TRUE_FALSE = function (v) { return fits(v === 'true' || v === 'false'); };
  // A performance step answer: text of at most 250 characters without the delimiters.
  var STEP_TEXT = function (v) { return fits(v.length <= 250 && !/\[[,.:]\]/.test(v)); };
  var STEP_RANGE = function (v) {
    var ends = v.split('[:]');
    return ends.length === 2 && ends.every(function (e) { return e === '' || REAL_SYNTAX.test(e); }) ? '0' : STEP_TEXT(v);
  };
  /** numeric: one real, or a range min[:]max where either end may be left out; min <= max (Moodle). */
  function numericRange(v) {
    var ends = v.split('[:]');
    if (ends.length > 2 || !ends.every(function (e) { return e === '' || REAL_SYNTAX.test(e); })) return '406';
    if (ends.length === 1) return fits(ends[0] !== '');
    return fits(ends[0] === '' || ends[1] === '' || +ends[0] <= +ends[1]);
  }

  /** Per interaction type: its learner_response check, its pattern check, whether it takes a single pattern, and whether its patterns must differ. */
  var RESPONSES = {
    'true-false': { response: TRUE_FALSE, pattern: TRUE_FALSE, single: true },
    choice: { response: list('[,]', 36, SHORT_ID, true), pattern: list('[,]', 36, SHORT_ID, true), distinct: true },
    'fill-in': { response: list('[,]', 10, localized(250)),
      pattern: after(prefixes(['case_matters', 'order_matters']), list('[,]', 10, localized(250))) },
    'long-fill-in': { response: localized(4000), pattern: after(prefixes(['case_matters']), localized(4000)) },
    likert: { response: SHORT_ID, pattern: SHORT_ID, single: true },
    matching: { response: list('[,]', 36, pair(SHORT_ID, SHORT_ID)), pattern: list('[,]', 36, pair(SHORT_ID, SHORT_ID)) },
    performance: { response: list('[,]', 250, pair(optional(SHORT_ID), optional(STEP_TEXT))),
      pattern: after(prefixes(['order_matters']), list('[,]', 250, pair(optional(SHORT_ID), optional(STEP_RANGE)))) },
    sequencing: { response: list('[,]', 36, SHORT_ID), pattern: list('[,]', 36, SHORT_ID) },
    numeric: { response: function (v) { return fits(REAL_SYNTAX.test(v)); }, pattern: numericRange, single: true },
    other: { response: characters(4000), pattern: characters(4000), single: true }
  };
  // Marks learner_response and correct_responses.n.pattern: set() checks them by the interaction's type (RESPONSES).
  var RESPONSE_CHECK = type('the format of the interaction\'s type (RTE 4.2.9)', function () { return '0'; });

  /* ---------- The data model: element -> [access, check]; "n" stands for an array index ---------- */

  var MODEL = {
    'cmi._version': ['r'],
    'cmi.comments_from_learner.n.comment': ['rw', localized(4000)],
    'cmi.comments_from_learner.n.location': ['rw', characters(250)],
    'cmi.comments_from_learner.n.timestamp': ['rw', TIME],
    'cmi.comments_from_lms.n.comment': ['r'], 'cmi.comments_from_lms.n.location': ['r'],
    'cmi.comments_from_lms.n.timestamp': ['r'],
    'cmi.completion_status': ['rw', COMPLETION], 'cmi.completion_threshold': ['r'],
    'cmi.credit': ['r'], 'cmi.entry': ['r'],
    'cmi.exit': ['w', vocabulary(['time-out', 'suspend', 'logout', 'normal', ''])],
    'cmi.interactions.n.id': ['rw', LONG_ID],
    'cmi.interactions.n.type': ['rw', vocabulary(INTERACTION_TYPES)],
    'cmi.interactions.n.objectives.n.id': ['rw', LONG_ID],
    'cmi.interactions.n.timestamp': ['rw', TIME],
    'cmi.interactions.n.correct_responses.n.pattern': ['rw', RESPONSE_CHECK],
    'cmi.interactions.n.weighting': ['rw', REAL],
    'cmi.interactions.n.learner_response': ['rw', RESPONSE_CHECK],
    'cmi.interactions.n.result': ['rw', RESULT],
    'cmi.interactions.n.latency': ['rw', INTERVAL],
    'cmi.interactions.n.description': ['rw', localized(250)],
    'cmi.launch_data': ['r'], 'cmi.learner_id': ['r'], 'cmi.learner_name': ['r'],
    'cmi.learner_preference.audio_level': ['rw', real(0)],
    'cmi.learner_preference.language': ['rw', LANGUAGE],
    'cmi.learner_preference.delivery_speed': ['rw', real(0)],
    'cmi.learner_preference.audio_captioning': ['rw', integer(-1, 1)],
    'cmi.location': ['rw', characters(1000)],
    'cmi.max_time_allowed': ['r'], 'cmi.mode': ['r'],
    'cmi.objectives.n.id': ['rw', LONG_ID],
    'cmi.objectives.n.score.scaled': ['rw', real(-1, 1)], 'cmi.objectives.n.score.raw': ['rw', REAL],
    'cmi.objectives.n.score.min': ['rw', REAL], 'cmi.objectives.n.score.max': ['rw', REAL],
    'cmi.objectives.n.success_status': ['rw', SUCCESS], 'cmi.objectives.n.completion_status': ['rw', COMPLETION],
    'cmi.objectives.n.progress_measure': ['rw', real(0, 1)], 'cmi.objectives.n.description': ['rw', localized(250)],
    'cmi.progress_measure': ['rw', real(0, 1)], 'cmi.scaled_passing_score': ['r'],
    'cmi.score.scaled': ['rw', real(-1, 1)], 'cmi.score.raw': ['rw', REAL], 'cmi.score.min': ['rw', REAL],
    'cmi.score.max': ['rw', REAL],
    'cmi.session_time': ['w', INTERVAL],
    'cmi.success_status': ['rw', SUCCESS],
    'cmi.suspend_data': ['rw', characters(64000)],
    'cmi.time_limit_action': ['r'], 'cmi.total_time': ['r'],
    'adl.nav.request': ['rw', NAV_REQUEST]
  };
  /** What `X._children` answers, by X (the lists Moodle and scorm-again give; order carries no meaning). */
  var CHILDREN = {
    'cmi': '_version,comments_from_learner,comments_from_lms,completion_status,completion_threshold,credit,entry,exit,' +
      'interactions,launch_data,learner_id,learner_name,learner_preference,location,max_time_allowed,mode,objectives,' +
      'progress_measure,scaled_passing_score,score,session_time,success_status,suspend_data,time_limit_action,total_time',
    'cmi.comments_from_learner': 'comment,timestamp,location', 'cmi.comments_from_lms': 'comment,timestamp,location',
    'cmi.interactions': 'id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description',
    'cmi.learner_preference': 'audio_level,audio_captioning,delivery_speed,language',
    'cmi.objectives': 'progress_measure,completion_status,success_status,description,score,id',
    'cmi.objectives.n.score': 'max,raw,scaled,min', 'cmi.score': 'max,raw,scaled,min'
  };
  /** The arrays (`X._count`), each with a new entry's value (null: not initialized, GetValue answers 403). */
  var ARRAYS = {
    'cmi.comments_from_learner': function () { return { comment: '', location: '', timestamp: null }; },
    'cmi.comments_from_lms': function () { return { comment: '', location: '', timestamp: null }; },
    'cmi.interactions': function () {
      return { id: null, type: null, objectives: [], timestamp: null, correct_responses: [], weighting: null,
        learner_response: null, result: null, latency: null, description: null };
    },
    'cmi.interactions.n.objectives': function () { return null; }, // held as the list of ids
    'cmi.interactions.n.correct_responses': function () { return null; }, // held as the list of patterns
    'cmi.objectives': function () {
      return { id: null, score: { scaled: null, raw: null, min: null, max: null }, success_status: 'unknown',
        completion_status: 'unknown', progress_measure: null, description: null };
    }
  };
  /** The entries a SetValue may open at index _count: a new objective or interaction only by its id (else 408). */
  var OPENED_BY = { 'cmi.objectives': 'id', 'cmi.interactions': 'id' };

  /** A name the model knows: an element, a parent of elements, an array or its entry (for 301 rather than 401). */
  function known(name) {
    return name in MODEL || name in CHILDREN || name in ARRAYS || name.replace(/\.n$/, '') in ARRAYS || name === 'adl.nav';
  }
  var parse = core.parse;

  /* ---------- Values kept between sessions ---------- */

  var copy = core.copy;
  var text = core.text;
  /** A kept value of an element with no default: "" or absent is "not initialized" (null). */
  function kept(v) { return v == null || v === '' ? null : String(v); }
  function entries(list, make, fill) { return (list || []).map(function (x) { return fill(make(), x || {}); }); }
  function fillObjective(o, x) {
    var s = x.score || {};
    o.id = kept(x.id);
    o.score = { scaled: kept(s.scaled), raw: kept(s.raw), min: kept(s.min), max: kept(s.max) };
    o.success_status = text(x.success_status, 'unknown') || 'unknown';
    o.completion_status = text(x.completion_status, 'unknown') || 'unknown';
    o.progress_measure = kept(x.progress_measure);
    o.description = kept(x.description);
    return o;
  }
  function fillInteraction(o, x) {
    Object.keys(o).forEach(function (k) {
      o[k] = Array.isArray(o[k]) ? (x[k] || []).map(function (v) { return text(v && typeof v === 'object' ? v.id || v.pattern : v, ''); })
        : kept(x[k]);
    });
    return o;
  }
  function fillComment(o, x) {
    o.comment = text(x.comment, ''); o.location = text(x.location, ''); o.timestamp = kept(x.timestamp);
    return o;
  }
  /** The same tree with "" for every value not initialized (what snapshots and records show). */
  function shown(x) {
    if (x === null) return '';
    if (Array.isArray(x)) return x.map(shown);
    if (typeof x === 'object') {
      var out = {};
      Object.keys(x).forEach(function (k) { out[k] = shown(x[k]); });
      return out;
    }
    return x;
  }
  /** A tree as element paths -> values (Moodle keeps its tracks so); arrays by index. */
  function flatten(x, prefix, out) {
    Object.keys(x).forEach(function (k) {
      var v = x[k];
      if (v !== null && typeof v === 'object') flatten(v, prefix + k + '.', out);
      else out[prefix + k] = v;
    });
    return out;
  }
  function unflatten(flat) {
    var out = {};
    Object.keys(flat).forEach(function (path) {
      var segs = path.split('.');
      var node = out;
      for (var i = 0; i < segs.length - 1; i++) {
        if (node[segs[i]] == null) node[segs[i]] = /^\d+$/.test(segs[i + 1]) ? [] : {};
        node = node[segs[i]];
      }
      node[segs[segs.length - 1]] = flat[path];
    });
    return out;
  }

  /* ---------- Durations ---------- */

  /** A timeinterval as [years, months, hundredths of a second] (days, hours, minutes folded in). */
  function duration(v) {
    var m = DURATION.exec(v || '');
    if (!m) return [0, 0, 0];
    var n = function (i) { return m[i] ? +m[i] : 0; };
    return [n(1), n(2), Math.round((((n(3) * 24 + n(4)) * 60 + n(5)) * 60 + n(6)) * 100)];
  }
  /** The sum of two timeintervals as P[nY][nM]TnHnMnS (Moodle's AddTime in scorm_13.js carries hours into days: the same duration). */
  function addTime(a, b) {
    var x = duration(a), y = duration(b);
    var cs = x[2] + y[2];
    return 'P' + (x[0] + y[0] ? x[0] + y[0] + 'Y' : '') + (x[1] + y[1] ? x[1] + y[1] + 'M' : '') +
      'T' + Math.floor(cs / 360000) + 'H' + Math.floor(cs / 6000) % 60 + 'M' + (cs % 6000) / 100 + 'S';
  }
  var ZERO_TIME = 'PT0H0M0S'; // Moodle's cmi.total_time for a fresh attempt (get_scorm_default)

  /**
   * The entry of a launch from what the LMS kept (Moodle get_scorm_default): "resume" after a
   * session that left cmi.exit "suspend", else "ab-initio". Only then does the SCO get the kept
   * data back (RTE 4.2.8: a session that does not suspend ends the attempt); see scorm2004().
   */
  function entryAfter(saved) { return saved && saved.exit === 'suspend' ? 'resume' : 'ab-initio'; }

  /**
   * The data model of a session: `from` is what the SCO gets back of the record (nothing on a
   * fresh start), `launch` what the LMS says of this launch (see scorm2004). null: not
   * initialized (GetValue answers 403).
   */
  function load(from, launch) {
    var mode = launch.mode || 'normal';
    var score = from.score || {};
    var prefs = from.learner_preference || {};
    return {
      comments_from_learner: entries(from.comments_from_learner, ARRAYS['cmi.comments_from_learner'], fillComment),
      comments_from_lms: entries(launch.commentsFromLms, ARRAYS['cmi.comments_from_lms'], fillComment),
      completion_status: text(from.completion_status, '') || 'unknown',
      completion_threshold: kept(launch.completionThreshold),
      credit: text(launch.credit, mode === 'normal' ? 'credit' : 'no-credit'),
      entry: text(launch.entry, ''),
      exit: text(from.exit, ''),
      interactions: entries(from.interactions, ARRAYS['cmi.interactions'], fillInteraction),
      launch_data: text(launch.launchData, ''),
      learner_id: text(launch.learnerId, ''), learner_name: text(launch.learnerName, ''),
      // The RTE's defaults; Moodle's get_scorm_default gives "" for delivery_speed.
      learner_preference: {
        audio_level: text(prefs.audio_level, '') || '1', language: text(prefs.language, ''),
        delivery_speed: text(prefs.delivery_speed, '') || '1', audio_captioning: text(prefs.audio_captioning, '') || '0'
      },
      location: kept(from.location),
      max_time_allowed: kept(launch.maxTimeAllowed),
      mode: mode,
      objectives: entries(from.objectives, ARRAYS['cmi.objectives'], fillObjective),
      progress_measure: kept(from.progress_measure),
      scaled_passing_score: kept(launch.scaledPassingScore),
      score: { scaled: kept(score.scaled), raw: kept(score.raw), min: kept(score.min), max: kept(score.max) },
      session_time: null, // write-only: each session writes its own (Moodle starts it anew)
      success_status: text(from.success_status, '') || 'unknown',
      suspend_data: kept(from.suspend_data),
      time_limit_action: text(launch.timeLimitAction, '') || 'continue,no message',
      total_time: text(from.total_time, '') || ZERO_TIME
    };
  }
  /** What the LMS keeps of a session: the elements a SCO writes and total_time, "" for values not set. */
  function recordOf(cmi) {
    var c = shown(cmi);
    return {
      completion_status: c.completion_status, success_status: c.success_status, score: c.score,
      progress_measure: c.progress_measure, location: c.location, suspend_data: c.suspend_data, exit: c.exit,
      session_time: c.session_time, total_time: c.total_time, learner_preference: c.learner_preference,
      objectives: c.objectives, interactions: c.interactions, comments_from_learner: c.comments_from_learner
    };
  }

  /**
   * One SCO session. `launch` (every field optional): learnerId, learnerName, entry (default: from
   * `saved`), mode ('normal' | 'review' | 'browse'), credit, scaledPassingScore,
   * completionThreshold, maxTimeAllowed, timeLimitAction, launchData, commentsFromLms ([{ comment,
   * location, timestamp }]), saved: what the LMS kept from earlier sessions (the record nextLaunch
   * gives, in the shape of recordOf). The SCO gets it back only after a suspend (entryAfter).
   * `onCall(entry)` hears every API call: { fn, args, result, error }.
   */
  function scorm2004(launch, onCall) {
    launch = launch || {};
    var saved = launch.saved || null;
    var cmi = load(entryAfter(saved) === 'resume' ? saved : {}, launch);
    if (launch.entry == null) cmi.entry = entryAfter(saved);
    var data = { cmi: cmi, adl: { nav: { request: '_none_' } } };
    var launched = flatten(recordOf(cmi), '', {}); // what the session started with, to tell what it changed
    var state = 'new'; // 'new' -> 'running' (Initialize) -> 'terminated' (Terminate)
    var errors = core.session(ERRORS);
    var fail = errors.fail, ok = errors.ok, refuse = errors.refuse, none = errors.none, answer = errors.answer;
    // outOfRange: an index past _count to read answers 301, to write 351.
    var values = core.tree(data, ARRAYS, CHILDREN);
    /** GetValue of a keyword with no answer (values.keywordValue): 301 when X is known, else 401. */
    function keywordFault(p, fault) {
      if (fault === 'version') return none('401', p.name + ' is not in the data model');
      if (fault === 'entry') return none('301', 'no entry ' + p.segs.slice(0, -1).join('.') + ' (see its _count)');
      return none(known(p.parent) ? '301' : '401', p.parent + (fault === 'children' ? ' has no children' : ' is not an array'));
    }

    /**
     * cmi.completion_status and cmi.success_status as GetValue answers them (RTE 4.2.4.1 and cmi.success_status):
     * with a completion threshold and a progress measure, the measure decides completed or
     * incomplete; with a scaled passing score and a scaled score, the score decides passed or
     * failed; otherwise what the SCO set ("unknown" by default).
     */
    function completion() {
      if (cmi.completion_threshold === null || cmi.progress_measure === null) return cmi.completion_status;
      return +cmi.progress_measure >= +cmi.completion_threshold ? 'completed' : 'incomplete';
    }
    function success() {
      if (cmi.scaled_passing_score === null || cmi.score.scaled === null) return cmi.success_status;
      return +cmi.score.scaled >= +cmi.scaled_passing_score ? 'passed' : 'failed';
    }

    /**
     * adl.nav.request_valid.continue / .previous / .choice.{target=…} / .jump.{target=…}, as Moodle
     * answers them (scorm_13.js GetValue): "true" when the SCO has made that very request,
     * "unknown" while it has made none, else "false". The preview runs no sequencer, like Moodle's
     * player in the page. Null when `element` is no such name.
     */
    function navValid(element) {
      var m = /^adl\.nav\.request_valid\.(continue|previous|(choice|jump)\.\{target=([^\s{}]+)\})$/.exec(element);
      if (!m) return null;
      var asked = m[2] ? '{target=' + m[3] + '}' + m[2] : m[1];
      var request = data.adl.nav.request;
      return request === asked ? 'true' : request === '_none_' ? 'unknown' : 'false';
    }

    /** GetValue without the state check: the value, or "" with the error set. */
    function get(element) {
      var p = core.name(element);
      if (!p) return none('301', 'no element named');
      var keyword = values.keywordValue(p, '1.0');
      if (keyword) return keyword.fault ? keywordFault(p, keyword.fault) : answer(keyword.value);
      var valid = navValid(p.name);
      if (valid !== null) return answer(valid);
      var def = MODEL[p.model];
      if (!def) return none('401', p.name + ' is not an element of the data model');
      if (def[0] === 'w') return none('405', p.name + ' is write-only');
      if (values.outOfRange(p.segs, false) >= 0) return none('301', p.name + ': no such entry (see its _count)');
      if (p.name === 'cmi.completion_status') return answer(completion());
      if (p.name === 'cmi.success_status') return answer(success());
      var at = values.locate(p.segs, false);
      var v = at.holder[at.key];
      return v === null ? none('403', p.name + ' has no value yet') : answer(v);
    }

    /** SetValue without the state check. */
    function set(element, value) {
      var p = core.name(element);
      if (!p) return fail('351', 'no element named');
      value = value === undefined ? '' : String(value);
      var isKeyword = values.hasKeyword(p);
      if (isKeyword !== null) return isKeyword ? fail('404', p.name + ' is read-only') : fail('401', p.name + ' is not in the data model');
      if (navValid(p.name) !== null) return fail('404', p.name + ' is read-only');
      var def = MODEL[p.model];
      if (!def) return fail('401', p.name + ' is not an element of the data model');
      if (def[0] === 'r') return fail('404', p.name + ' is read-only');
      var opens = [];
      var past = values.outOfRange(p.segs, true, opens);
      if (past >= 0) {
        return fail('351', p.name + ': out of order (the next index of ' + p.segs.slice(0, past).join('.') + ' is its _count)');
      }
      var dependency = dependencyMissing(p, opens);
      if (dependency) return fail('408', dependency);
      var code = def[1] === RESPONSE_CHECK ? responseCode(p, value) : def[1](value);
      var shownValue = JSON.stringify(value.length > 80 ? value.slice(0, 80) + '…' : value);
      if (code !== '0') return fail(code, p.name + ' takes ' + def[1].label + ', not ' + shownValue);
      var clash = conflict(p, value);
      if (clash) return fail('351', clash);
      // The entries the name opens are added only now: a refused value adds nothing.
      var at = values.locate(p.segs, true);
      at.holder[at.key] = value;
      return ok();
    }

    /**
     * What must be set before this element (RTE 4.2, cmi.objectives and cmi.interactions): the id
     * of a new entry, the interaction type of a response. "" when nothing is missing.
     */
    function dependencyMissing(p, opens) {
      for (var i = 0; i < opens.length; i++) {
        var array = parse(p.segs.slice(0, opens[i]).join('.')).model;
        if (OPENED_BY[array] && p.segs[opens[i] + 1] !== OPENED_BY[array]) {
          return p.segs.slice(0, opens[i] + 1).join('.') + '.id must be set first';
        }
      }
      if (/^cmi\.interactions\.n\.(learner_response|correct_responses\.n\.pattern)$/.test(p.model) &&
          cmi.interactions[+p.segs[2]].type === null) {
        return 'cmi.interactions.' + p.segs[2] + '.type must be set first';
      }
      return '';
    }
    /** learner_response and correct_responses.n.pattern, checked by the interaction's type. */
    function responseCode(p, value) {
      var interaction = cmi.interactions[+p.segs[2]];
      var rules = RESPONSES[interaction.type];
      if (p.segs[3] === 'learner_response') return rules.response(value);
      return rules.pattern(value);
    }
    /** The rules that tie a value to others (351): unique ids, an objective's id set once, pattern limits. */
    function conflict(p, value) {
      var n = +p.segs[2];
      if (p.model === 'cmi.objectives.n.id') {
        var own = cmi.objectives[n];
        if (own && own.id !== null && own.id !== value) {
          return 'cmi.objectives.' + n + '.id is already ' + JSON.stringify(own.id) + ': an objective id is set once';
        }
        var twin = cmi.objectives.some(function (o, i) { return i !== n && o.id === value; });
        return twin ? 'another objective has the id ' + JSON.stringify(value) : '';
      }
      if (p.model === 'cmi.interactions.n.objectives.n.id') {
        var k = +p.segs[4];
        var ids = cmi.interactions[n] ? cmi.interactions[n].objectives : [];
        var repeated = ids.some(function (id, i) { return i !== k && id === value; });
        return repeated ? 'the interaction already has the objective ' + JSON.stringify(value) : '';
      }
      if (p.model === 'cmi.interactions.n.correct_responses.n.pattern') {
        var interaction = cmi.interactions[n];
        var rules = RESPONSES[interaction.type];
        var j = +p.segs[4];
        if (rules.single && j > 0) return 'a ' + interaction.type + ' interaction takes one correct response pattern';
        var same = interaction.correct_responses.some(function (x, i) { return i !== j && x === value; });
        return rules.distinct && same ? 'the pattern ' + JSON.stringify(value) + ' is already a correct response' : '';
      }
      return '';
    }

    /**
     * What the LMS does at Terminate, after Moodle (datamodels/scorm_13.js StoreData(cmi, true)):
     * 1. in normal mode with credit, cmi.completion_status becomes what completion() answers (the
     *    progress measure against the completion threshold), and cmi.success_status what success()
     *    answers (the scaled score against the scaled passing score). Moodle means the second too
     *    but spells the element cmi.scaled_passed_score, so that there the SCO's own success_status
     *    stands; the RTE (cmi.success_status) makes it the LMS's, and scorm-again applies it: we do.
     * 2. the session time is added to the total time (StoreData's TotalTime(), sent at Terminate
     *    only: a session left without Terminate adds nothing).
     * Writes are not refused in review or browse mode (neither Moodle's SetValue nor scorm-again's
     * checks the mode); the SCO (the coursepack runtime) is the one that writes nothing there.
     */
    function terminateRules() {
      if (cmi.mode === 'normal' && cmi.credit === 'credit') {
        cmi.completion_status = completion();
        cmi.success_status = success();
      }
      if (cmi.session_time !== null) cmi.total_time = addTime(cmi.total_time, cmi.session_time);
    }

    /** Whether the session runs; else the error of `codes` ([before Initialize, after Terminate]). */
    function running(codes) {
      if (state === 'running') return true;
      return state === 'new' ? fail(codes[0], 'Initialize was not called') : fail(codes[1], 'Terminate was called');
    }

    // errors.badArgument: the argument of Initialize, Terminate and Commit must be "" (RTE 3.1).
    var calls = {
      Initialize: function (arg) {
        if (errors.badArgument(arg)) return 'false';
        if (state === 'running') return refuse('103', 'already initialized');
        if (state === 'terminated') return refuse('104', 'already terminated');
        state = 'running';
        ok();
        return 'true';
      },
      Terminate: function (arg) {
        if (errors.badArgument(arg)) return 'false';
        if (!running(['112', '113'])) return 'false';
        terminateRules();
        state = 'terminated';
        ok();
        return 'true';
      },
      GetValue: function (element) { return running(['122', '123']) ? get(element) : ''; },
      SetValue: function (element, value) { return running(['132', '133']) && set(element, value) ? 'true' : 'false'; },
      Commit: function (arg) {
        if (errors.badArgument(arg)) return 'false';
        return running(['142', '143']) && ok() ? 'true' : 'false';
      }
    };
    var api = errors.api(calls, '', onCall);

    /** Everything the LMS holds now, as plain JSON ("" for values not set). */
    api.snapshot = function () {
      var out = shown(cmi);
      out.adl = copy(data.adl);
      out.initialized = state !== 'new';
      out.finished = state === 'terminated';
      return out;
    };

    /**
     * The launch of the SCO's next session, made as Moodle makes it. `saved` is the record: what
     * the LMS kept before, with what this session changed written over it (scorm_13.js
     * CollectData sends the elements that differ from the launch's; Moodle keeps each as a track).
     * entry: see entryAfter. mode (lib.php scorm_check_mode): "review" once cmi.completion_status
     * is "completed" (or with options.review), else "normal"; credit: "credit" in normal mode only.
     */
    api.nextLaunch = function (options) {
      var tracks = flatten(saved || {}, '', {});
      var now = flatten(recordOf(cmi), '', {});
      Object.keys(now).forEach(function (k) { if (now[k] !== launched[k]) tracks[k] = now[k]; });
      var record = recordOf(load(unflatten(tracks), {}));
      var nextMode = (options && options.review) || record.completion_status === 'completed' ? 'review' : 'normal';
      return {
        learnerId: cmi.learner_id, learnerName: cmi.learner_name, entry: entryAfter(record),
        mode: nextMode, credit: nextMode === 'normal' ? 'credit' : 'no-credit',
        scaledPassingScore: shown(cmi.scaled_passing_score), completionThreshold: shown(cmi.completion_threshold),
        maxTimeAllowed: shown(cmi.max_time_allowed), timeLimitAction: cmi.time_limit_action, launchData: cmi.launch_data,
        commentsFromLms: shown(cmi.comments_from_lms), saved: record
      };
    };
    return api;
  }

  var CoursepackLms = root.CoursepackLms || {};
  CoursepackLms.scorm2004 = scorm2004;
  if (typeof module === 'object' && module.exports) module.exports = CoursepackLms; else root.CoursepackLms = CoursepackLms;
}(this));
