/* A stand-in LMS for the browser tests: scorm-again's Scorm12API as window.API, set up with the
   rules Moodle's SCORM player applies (lib/moodle.js says where each comes from), a log of every
   call the SCO makes, optional saved CMI state and optional failure modes. */
(function () {
  'use strict';
  var CALLS = ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit',
    'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic'];

  window.lmsLog = [];

  /**
   * options.src        URL of the SCO page to frame
   * options.cmi        saved CMI (nested JSON as scorm-again renders it) to preload, or null
   * options.launch     what the LMS says at launch: {entry, lesson_mode, credit, mastery_score}
   *                    (defaults: a first launch in normal mode with credit, no mastery score)
   * options.fail       null | 'setvalue-error' (LMSSetValue returns "false", error 101)
   *                    | 'setvalue-throw' (LMSSetValue throws) | 'initialize' (LMSInitialize returns "false")
   */
  window.startLms = function (options) {
    // Moodle: "mastery score overrides status" (on by default) turns a raw score into
    // passed/failed at LMSFinish; a status never set becomes "completed" at LMSFinish. (scorm-again
    // 3.4.3 takes autoCompleteLessonStatus but never applies it: it counts its own "not attempted"
    // as set by the SCO. test-unit/lms-scorm12.test.js shows it.)
    var api = new window.Scorm12API({ autocommit: false, logLevel: 5, mastery_override: true, autoCompleteLessonStatus: true });
    var launch = options.launch || {};
    var cmi = JSON.parse(JSON.stringify(options.cmi || {}));
    cmi.cmi = cmi.cmi || {};
    cmi.cmi.core = cmi.cmi.core || {};
    cmi.cmi.core.entry = launch.entry != null ? launch.entry : (cmi.cmi.core.entry != null ? cmi.cmi.core.entry : 'ab-initio');
    cmi.cmi.core.lesson_mode = launch.lesson_mode || 'normal';
    cmi.cmi.core.credit = launch.credit || (cmi.cmi.core.lesson_mode === 'normal' ? 'credit' : 'no-credit');
    if (launch.mastery_score != null && launch.mastery_score !== '') {
      cmi.cmi.student_data = { mastery_score: String(launch.mastery_score) };
    }
    api.loadFromJSON(cmi, '');
    var forcedError = null;
    CALLS.forEach(function (fn) {
      var original = api[fn].bind(api);
      api[fn] = function () {
        var args = Array.prototype.slice.call(arguments);
        var entry = { fn: fn, args: args.map(String), t: Date.now() };
        window.lmsLog.push(entry);
        if (fn === 'LMSGetLastError' && forcedError) { var code = forcedError; forcedError = null; entry.result = code; return code; }
        if (fn !== 'LMSGetLastError' && fn !== 'LMSGetErrorString' && fn !== 'LMSGetDiagnostic') forcedError = null;
        if (fn === 'LMSSetValue' && options.fail === 'setvalue-throw') { entry.threw = true; throw new Error('test LMS: LMSSetValue is broken'); }
        if (fn === 'LMSSetValue' && options.fail === 'setvalue-error') { forcedError = '101'; entry.result = 'false'; return 'false'; }
        if (fn === 'LMSInitialize' && options.fail === 'initialize') { forcedError = '101'; entry.result = 'false'; return 'false'; }
        var result = original.apply(null, args);
        entry.result = String(result);
        return result;
      };
    });
    window.API = api;
    var frame = document.createElement('iframe');
    frame.id = 'sco';
    frame.title = 'SCO';
    frame.src = options.src;
    document.body.appendChild(frame);
  };

  /** Navigate the SCO frame away, as an LMS does when the learner closes the course. */
  window.leaveSco = function () { document.getElementById('sco').src = 'about:blank'; };

  /** Everything the LMS holds now, as scorm-again renders it for a commit. */
  window.lmsState = function () { return window.API.renderCMIToJSONObject(); };
}());
