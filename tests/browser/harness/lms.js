/* A stand-in LMS for the browser tests: scorm-again's Scorm12API as window.API, a log of every
   call the SCO makes, optional saved CMI state and optional failure modes. */
(function () {
  'use strict';
  var CALLS = ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit',
    'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic'];

  window.lmsLog = [];

  /**
   * options.src        URL of the SCO page to frame
   * options.cmi        saved CMI (nested JSON as scorm-again renders it) to preload, or null
   * options.fail       null | 'setvalue-error' (LMSSetValue returns "false", error 101)
   *                    | 'setvalue-throw' (LMSSetValue throws) | 'initialize' (LMSInitialize returns "false")
   */
  window.startLms = function (options) {
    var api = new window.Scorm12API({ autocommit: false, logLevel: 5 });
    if (options.cmi) api.loadFromJSON(options.cmi, '');
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
