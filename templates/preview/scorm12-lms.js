/* ---------- The LMS side of SCORM 1.2: the object an LMS puts at window.API for a SCO ----------
   For `coursepack preview`, which runs a course in an "LMS frame". One call to
   CoursepackLms.scorm12(launch, onCall) is one SCO session. Behaviour: the SCORM 1.2 RTE (3.3 API,
   3.4 data model) and Moodle's mod/scorm, which the preview stands for; where scorm-again 3.4.3
   (the reference LMS of the browser tests) departs from them, the differences are listed and
   checked in tests/browser/test-unit/lms-scorm12.test.js. No DOM; what it shares with
   scorm2004-lms.js is in lms-core.js, which the shell loads first. */
(function (root) {
  'use strict';
  var core = typeof module === 'object' && module.exports ? require('./lms-core.js') : root.CoursepackLms.core;

  /** The RTE's error codes and their strings (RTE 3.3.3). */
  var ERRORS = {
    '0': 'No Error', '101': 'General Exception', '201': 'Invalid argument error',
    '202': 'Element cannot have children', '203': 'Element not an array - cannot have count',
    '301': 'Not initialized', '401': 'Not implemented error', '402': 'Invalid set value, element is a keyword',
    '403': 'Element is read only', '404': 'Element is write only', '405': 'Incorrect Data Type'
  };

  /* ---------- Data types (RTE 3.4): each a check of a string value giving '0' or 405 (Incorrect
     Data Type, for the form and the range alike), with a label for diagnostics ---------- */

  var types = core.dataTypes('405', '405');
  var pattern = types.pattern;
  function string(max) { return types.chars('CMIString' + (max + 1), max); }
  var DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;
  /** CMIDecimal within [min, max]; `blank`: "" allowed too (CMIBlank, the scores). */
  function decimal(min, max, blank) {
    var label = 'CMIDecimal ' + min + ' to ' + max;
    var check = types.number(label, DECIMAL, min, max);
    return blank ? core.type(label + ' or ""', core.optional(check)) : check;
  }
  function sinteger(min, max) { return types.integer('CMISInteger ' + min + ' to ' + max, min, max); }
  function vocabulary(words) { return types.oneOf('one of ' + words.join(', '), words); }

  // CMIIdentifier: printable ASCII, no white space, 1 to 255 characters (Moodle: [\u0021-\u007E]).
  var IDENTIFIER = pattern('CMIIdentifier', /^[\x21-\x7E]{1,255}$/);
  // CMITime: a 24-hour clock time HH:MM:SS[.SS]. CMITimespan: HHHH:MM:SS[.SS], hours of 2 to 4 digits.
  var TIME = pattern('CMITime', /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/);
  var TIMESPAN = pattern('CMITimespan', /^\d{2,4}:\d\d:\d\d(\.\d{1,2})?$/);
  var SCORE = decimal(0, 100, true);
  var STATUS = ['passed', 'completed', 'failed', 'incomplete', 'browsed']; // a SCO cannot set "not attempted"
  var RESULT = core.type('correct, wrong, unanticipated, neutral or a CMIDecimal', function (v) {
    return types.fits(/^(correct|wrong|unanticipated|neutral)$/.test(v) || /^(\d{1,3}(\.\d*)?|\.\d+)$/.test(v));
  });
  // CMIFeedback: at most 255 characters. Its per-type syntax (RTE 3.4, interactions) is not checked, as by
  // scorm-again and Moodle: the format belongs to the SCO.
  var FEEDBACK = string(255);

  /* ---------- The data model: element -> [access, type]; "n" stands for an array index ---------- */

  var MODEL = {
    'cmi.core.student_id': ['r'], 'cmi.core.student_name': ['r'],
    'cmi.core.lesson_location': ['rw', string(255)], 'cmi.core.credit': ['r'],
    'cmi.core.lesson_status': ['rw', vocabulary(STATUS)], 'cmi.core.entry': ['r'],
    'cmi.core.score.raw': ['rw', SCORE], 'cmi.core.score.min': ['rw', SCORE], 'cmi.core.score.max': ['rw', SCORE],
    'cmi.core.total_time': ['r'], 'cmi.core.lesson_mode': ['r'],
    'cmi.core.exit': ['w', vocabulary(['time-out', 'suspend', 'logout', ''])],
    'cmi.core.session_time': ['w', TIMESPAN],
    'cmi.suspend_data': ['rw', string(4096)], 'cmi.launch_data': ['r'],
    // cmi.comments: a value replaces the last one, as in scorm-again (Moodle's LMSSetValue appends it).
    'cmi.comments': ['rw', string(4096)], 'cmi.comments_from_lms': ['r'],
    'cmi.objectives.n.id': ['rw', IDENTIFIER],
    'cmi.objectives.n.score.raw': ['rw', SCORE], 'cmi.objectives.n.score.min': ['rw', SCORE],
    'cmi.objectives.n.score.max': ['rw', SCORE],
    'cmi.objectives.n.status': ['rw', vocabulary(STATUS.concat('not attempted'))],
    'cmi.student_data.mastery_score': ['r'], 'cmi.student_data.max_time_allowed': ['r'],
    'cmi.student_data.time_limit_action': ['r'],
    'cmi.student_preference.audio': ['rw', sinteger(-1, 100)],
    'cmi.student_preference.language': ['rw', string(255)],
    'cmi.student_preference.speed': ['rw', sinteger(-100, 100)],
    'cmi.student_preference.text': ['rw', sinteger(-1, 1)],
    'cmi.interactions.n.id': ['w', IDENTIFIER],
    'cmi.interactions.n.objectives.n.id': ['w', IDENTIFIER],
    'cmi.interactions.n.time': ['w', TIME],
    'cmi.interactions.n.type': ['w', vocabulary(['true-false', 'choice', 'fill-in', 'matching', 'performance',
      'sequencing', 'likert', 'numeric'])],
    'cmi.interactions.n.correct_responses.n.pattern': ['w', FEEDBACK],
    'cmi.interactions.n.weighting': ['w', decimal(-100, 100)],
    'cmi.interactions.n.student_response': ['w', FEEDBACK],
    'cmi.interactions.n.result': ['w', RESULT],
    'cmi.interactions.n.latency': ['w', TIMESPAN]
  };
  /** What `X._children` answers, by X. */
  var CHILDREN = {
    'cmi': 'core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions',
    'cmi.core': 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time',
    'cmi.core.score': 'raw,min,max', 'cmi.objectives': 'id,score,status', 'cmi.objectives.n.score': 'raw,min,max',
    'cmi.student_data': 'mastery_score,max_time_allowed,time_limit_action',
    'cmi.student_preference': 'audio,language,speed,text',
    'cmi.interactions': 'id,objectives,time,type,correct_responses,weighting,student_response,result,latency'
  };
  /** The arrays (`X._count`), each with a new entry's value. */
  var ARRAYS = {
    'cmi.objectives': function () { return { id: '', score: { raw: '', min: '', max: '' }, status: '' }; },
    'cmi.interactions': function () {
      return { id: '', objectives: [], time: '', type: '', correct_responses: [], weighting: '',
        student_response: '', result: '', latency: '' };
    },
    'cmi.interactions.n.objectives': function () { return ''; }, // held as the list of ids
    'cmi.interactions.n.correct_responses': function () { return ''; } // held as the list of patterns
  };
  /** A name the model knows: an element, a parent of elements, an array or its entry (for errors 202 and 203). */
  function known(name) {
    return name === 'cmi' || name in MODEL || name in CHILDREN || name in ARRAYS || name.replace(/\.n$/, '') in ARRAYS;
  }

  var parse = core.parse;
  var copy = core.copy;
  var text = core.text;
  function pad(n, w) { n = String(n); while (n.length < w) n = '0' + n; return n; }

  /** A CMITimespan in hundredths of a second (0 when it is not one). */
  function centiseconds(t) {
    var m = /^(\d+):(\d\d):(\d\d)(?:\.(\d{1,2}))?$/.exec(t || '');
    return m ? ((+m[1] * 60 + +m[2]) * 60 + +m[3]) * 100 + (m[4] ? +(m[4] + '0').slice(0, 2) : 0) : 0;
  }
  /** The sum of two CMITimespans, as HHHH:MM:SS.SS (Moodle scorm_12.js AddTime carries the same way). */
  function addTime(a, b) {
    var cs = centiseconds(a) + centiseconds(b);
    return pad(Math.floor(cs / 360000), 4) + ':' + pad(Math.floor(cs / 6000) % 60, 2) + ':' +
      pad(Math.floor(cs / 100) % 60, 2) + '.' + pad(cs % 100, 2);
  }

  /** A saved objective or interaction with every field (what an LMS keeps may lack some). */
  function objective(o) {
    var s = o.score || {};
    return { id: text(o.id, ''), score: { raw: text(s.raw, ''), min: text(s.min, ''), max: text(s.max, '') }, status: text(o.status, '') };
  }
  function interaction(x) {
    var out = ARRAYS['cmi.interactions']();
    Object.keys(out).forEach(function (k) {
      if (Array.isArray(out[k])) out[k] = (x[k] || []).map(function (v) { return text(v && typeof v === 'object' ? v.id || v.pattern : v, ''); });
      else out[k] = text(x[k], '');
    });
    return out;
  }

  /**
   * One SCO session. `launch` (every field optional): studentId, studentName, entry, mode
   * ('normal' | 'review' | 'browse'), credit, masteryScore, maxTimeAllowed, timeLimitAction,
   * launchData, language, commentsFromLms, masteryOverride (default true), autoComplete
   * (default true), saved: { lesson_location, lesson_status, score, suspend_data, total_time,
   * objectives, interactions, comments, student_preference } — what the LMS kept from earlier
   * sessions. `onCall(entry)` hears every API call: { fn, args, result, error }.
   */
  function scorm12(launch, onCall) {
    launch = launch || {};
    var saved = launch.saved || {};
    var score = saved.score || {};
    var prefs = saved.student_preference || {};
    var mode = launch.mode || 'normal';
    var masteryOverride = launch.masteryOverride !== false;
    var autoComplete = launch.autoComplete !== false;
    var savedStatus = text(saved.lesson_status, '');
    var data = {
      core: {
        student_id: text(launch.studentId, ''), student_name: text(launch.studentName, ''),
        lesson_location: text(saved.lesson_location, ''),
        credit: text(launch.credit, mode === 'normal' ? 'credit' : 'no-credit'),
        // Moodle scorm_12.js: a status never saved reads "not attempted".
        lesson_status: savedStatus || 'not attempted',
        entry: text(launch.entry, 'ab-initio'),
        score: { raw: text(score.raw, ''), min: text(score.min, ''), max: text(score.max, '') },
        total_time: text(saved.total_time, '0000:00:00.00'), lesson_mode: mode, exit: '', session_time: ''
      },
      suspend_data: text(saved.suspend_data, ''), launch_data: text(launch.launchData, ''),
      comments: text(saved.comments, ''), comments_from_lms: text(launch.commentsFromLms, ''),
      objectives: (saved.objectives || []).map(objective),
      student_data: {
        mastery_score: text(launch.masteryScore, ''), max_time_allowed: text(launch.maxTimeAllowed, ''),
        time_limit_action: text(launch.timeLimitAction, '')
      },
      // Moodle scorm_12lib.php get_scorm_default: what the learner set, else audio, speed and text "0";
      // the language the learner set, else the launch's.
      student_preference: {
        audio: text(prefs.audio, '0'), language: text(prefs.language || launch.language, ''),
        speed: text(prefs.speed, '0'), text: text(prefs.text, '0')
      },
      interactions: (saved.interactions || []).map(interaction)
    };
    var state = 'new'; // 'new' -> 'running' (LMSInitialize) -> 'finished' (LMSFinish)
    var errors = core.session(ERRORS);
    var fail = errors.fail, ok = errors.ok, refuse = errors.refuse, none = errors.none, answer = errors.answer;
    var values = core.tree({ cmi: data }, ARRAYS, CHILDREN);
    /** Whether each index of a name is in its array's range (below _count to read, up to it to write: RTE 3.4). */
    function indexesOk(segs, writing) { return values.outOfRange(segs, writing) < 0; }
    /** LMSGetValue of a keyword with no answer (values.keywordValue): 202 / 203 when X is known, else 401. */
    function keywordFault(p, fault) {
      if (fault === 'version') return none('401', p.name + ' is not in the data model');
      if (fault === 'entry') return none('201', 'no entry ' + p.segs.slice(0, -1).join('.'));
      return none(!known(p.parent) ? '401' : fault === 'children' ? '202' : '203', p.name);
    }

    /** LMSGetValue without the state check: the value, or "" with the error set. */
    function get(element) {
      var p = core.name(element);
      if (!p) return none('201', 'no element named');
      var keyword = values.keywordValue(p, '3.4');
      if (keyword) return keyword.fault ? keywordFault(p, keyword.fault) : answer(keyword.value);
      var def = MODEL[p.model];
      if (!def) return none('401', p.name + ' is not an element of the data model');
      if (def[0] === 'w') return none('404', p.name);
      if (!indexesOk(p.segs, false)) return none('201', p.name + ': no such entry (see its _count)');
      var at = values.locate(p.segs, false);
      return answer(at.holder[at.key]);
    }

    /** LMSSetValue without the state check. */
    function set(element, value) {
      var p = core.name(element);
      if (!p) return fail('201', 'no element named');
      value = value === undefined ? '' : String(value);
      var isKeyword = values.hasKeyword(p);
      if (isKeyword !== null) return isKeyword ? fail('402', p.name) : fail('401', p.name + ' is not in the data model');
      var def = MODEL[p.model];
      if (!def) return fail('401', p.name + ' is not an element of the data model');
      if (def[0] === 'r') return fail('403', p.name);
      if (!indexesOk(p.segs, true)) return fail('201', p.name + ': out of order (the next index is its _count)');
      var code = def[1](value);
      if (code !== '0') return fail(code, p.name + ' takes ' + def[1].label + ', not ' + JSON.stringify(value));
      // The entries the name opens are added only now: a refused value adds nothing.
      var at = values.locate(p.segs, true);
      at.holder[at.key] = value;
      return ok();
    }

    /**
     * What the LMS does at LMSFinish, after Moodle (mod/scorm/datamodels/scorm_12.js, StoreData(cmi, true)):
     * 1. a status still "not attempted" becomes "completed" (option autoComplete). Moodle does this
     *    in every mode; in browse mode it also has a rule turning it into "browsed" when no status was
     *    ever saved, which its order makes unreachable (the status is already "completed"). We apply
     *    that browse rule first, as scorm-again does (Scorm12API.storeData) and as the RTE means
     *    "browsed" (launched in browse mode): "browsed", not "completed".
     * 2. in normal mode with credit, when the mastery score and cmi.core.score.raw are both set
     *    (and "mastery score overrides status", option masteryOverride, is on), the status becomes
     *    "passed" if parseFloat(raw) >= parseFloat(mastery), else "failed", whatever the SCO wrote.
     *    Review and browse (no-credit) never grade.
     * 3. the session time is added to the total time (StoreData's TotalTime(), sent at LMSFinish
     *    only: a session left without LMSFinish adds nothing).
     * Writes are not refused in review or browse: Moodle's LMSSetValue has no mode check, nor has
     * scorm-again's; the SCO (the coursepack runtime) is the one that writes nothing there.
     */
    function finishRules() {
      var c = data.core;
      if (c.lesson_mode === 'browse' && savedStatus === '' && c.lesson_status === 'not attempted') c.lesson_status = 'browsed';
      else if (autoComplete && c.lesson_status === 'not attempted') c.lesson_status = 'completed';
      var mastery = data.student_data.mastery_score;
      if (c.lesson_mode === 'normal' && c.credit === 'credit' && masteryOverride && mastery !== '' && c.score.raw !== '') {
        c.lesson_status = parseFloat(c.score.raw) >= parseFloat(mastery) ? 'passed' : 'failed';
      }
      c.total_time = addTime(c.total_time, c.session_time);
    }

    function running() { return state === 'running' || fail('301', state === 'new' ? 'LMSInitialize was not called' : 'LMSFinish was called'); }

    // errors.badArgument: the argument of LMSInitialize, LMSFinish and LMSCommit must be "" (RTE 3.3).
    var calls = {
      LMSInitialize: function (arg) {
        if (errors.badArgument(arg)) return 'false';
        // Once finished, a session stays finished (scorm-again answers 101; Moodle would start over).
        if (state !== 'new') return refuse('101', state === 'running' ? 'already initialized' : 'already finished');
        state = 'running';
        ok();
        return 'true';
      },
      LMSFinish: function (arg) {
        if (errors.badArgument(arg)) return 'false';
        if (!running()) return 'false';
        finishRules();
        state = 'finished';
        ok();
        return 'true';
      },
      LMSGetValue: function (element) { return running() ? get(element) : ''; },
      LMSSetValue: function (element, value) { return running() && set(element, value) ? 'true' : 'false'; },
      LMSCommit: function (arg) {
        if (errors.badArgument(arg)) return 'false';
        return running() && ok() ? 'true' : 'false';
      }
    };
    var api = errors.api(calls, 'LMS', onCall);

    /** Everything the LMS holds now, as plain JSON. */
    api.snapshot = function () {
      var out = copy(data);
      out.initialized = state !== 'new';
      out.finished = state === 'finished';
      return out;
    };

    /**
     * The launch of the SCO's next session, made as Moodle makes it from what this one left:
     * entry (scorm_12lib.php get_scorm_default): "ab-initio" with no status yet (a kept "not attempted",
     * left by an LMSCommit without LMSFinish, counts as none), "resume" after cmi.core.exit "suspend", else ""; mode (locallib.php
     * scorm_check_mode): "review" once the status is completed, passed or failed (or with
     * options.review), else "normal"; credit: "credit" in normal mode only. The data carries over.
     */
    api.nextLaunch = function (options) {
      var c = data.core;
      var status = c.lesson_status;
      var nextMode = (options && options.review) || /^(completed|passed|failed)$/.test(status) ? 'review' : 'normal';
      return {
        studentId: c.student_id, studentName: c.student_name,
        entry: status === '' || status === 'not attempted' ? 'ab-initio' : c.exit === 'suspend' ? 'resume' : '',
        mode: nextMode, credit: nextMode === 'normal' ? 'credit' : 'no-credit',
        masteryScore: data.student_data.mastery_score, maxTimeAllowed: data.student_data.max_time_allowed,
        timeLimitAction: data.student_data.time_limit_action, launchData: data.launch_data,
        language: data.student_preference.language, commentsFromLms: data.comments_from_lms,
        masteryOverride: masteryOverride, autoComplete: autoComplete,
        saved: copy({
          lesson_location: c.lesson_location, lesson_status: status, score: c.score,
          suspend_data: data.suspend_data, total_time: c.total_time, objectives: data.objectives,
          interactions: data.interactions, comments: data.comments, student_preference: data.student_preference
        })
      };
    };
    return api;
  }

  var CoursepackLms = root.CoursepackLms || {};
  CoursepackLms.scorm12 = scorm12;
  if (typeof module === 'object' && module.exports) module.exports = CoursepackLms; else root.CoursepackLms = CoursepackLms;
}(this));
