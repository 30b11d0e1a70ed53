/* A stand-in SCORM 2004 LMS for the browser tests: scorm-again's Scorm2004API as
   window.API_1484_11, a log of every call the SCO makes, optional saved CMI state, and the part
   of an LMS's sequencer a package of lesson SCOs needs: it says which of continue and previous
   are valid for the SCO it delivers, and after a Terminate with adl.nav.request continue or
   previous it delivers the SCO after or before (each SCO keeps its own CMI data). */
(function () {
  'use strict';
  var CALLS = ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString', 'GetDiagnostic'];

  window.lmsLog = [];      // every call, of every SCO delivered, in order
  window.deliveries = [];  // { sco, request } per SCO delivered: the request it ended with

  var opts = null;
  var held = {};           // SCO page -> its CMI when it terminated, as scorm-again renders it

  /** A fresh API for SCO `k`: its saved CMI and the launch values, then the frame. */
  function deliver(k) {
    var sco = opts.scos[k];
    var launch = opts.launch || {};
    var api = new window.Scorm2004API({ autocommit: false, logLevel: 5 });
    var cmi = JSON.parse(JSON.stringify(held[sco] || (k === 0 && opts.cmi) || {}));
    cmi.cmi = cmi.cmi || {};
    if (held[sco]) cmi.cmi.entry = cmi.cmi.exit === 'suspend' ? 'resume' : '';
    else cmi.cmi.entry = launch.entry != null ? launch.entry : 'ab-initio';
    cmi.cmi.mode = launch.mode || 'normal';
    cmi.cmi.credit = launch.credit || (cmi.cmi.mode === 'normal' ? 'credit' : 'no-credit');
    if (launch.scaled_passing_score != null) cmi.cmi.scaled_passing_score = String(launch.scaled_passing_score);
    if (launch.completion_threshold != null) cmi.cmi.completion_threshold = String(launch.completion_threshold);
    delete cmi.cmi.exit;
    delete cmi.cmi.session_time;
    api.loadFromJSON(cmi, '');
    // What the sequencer knows: a SCO before and after this one (read-only once initialized).
    var nav = opts.nav === false ? 'unknown' : null;
    api.adl.nav.request_valid.continue = nav || String(k < opts.scos.length - 1);
    api.adl.nav.request_valid.previous = nav || String(k > 0);
    var delivery = { sco: sco, request: '' };
    window.deliveries.push(delivery);
    CALLS.forEach(function (fn) {
      var original = api[fn].bind(api);
      api[fn] = function () {
        var args = Array.prototype.slice.call(arguments);
        var entry = { fn: fn, args: args.map(String), sco: sco, t: Date.now() };
        window.lmsLog.push(entry);
        var result = original.apply(null, args);
        entry.result = String(result);
        if (fn === 'SetValue' && args[0] === 'adl.nav.request') delivery.request = String(args[1]);
        if (fn === 'Terminate' && entry.result === 'true') ended(k, api, delivery.request);
        return result;
      };
    });
    window.API_1484_11 = api;
    var frame = document.getElementById('sco');
    if (!frame) {
      frame = document.createElement('iframe');
      frame.id = 'sco';
      frame.title = 'SCO';
      document.body.appendChild(frame);
    }
    frame.src = opts.origin + '/pkg/' + sco + (k === 0 ? opts.hash || '' : '');
  }

  /** After Terminate: keep the SCO's data, then follow its navigation request. */
  function ended(k, api, request) {
    held[opts.scos[k]] = api.renderCMIToJSONObject();
    var to = request === 'continue' ? k + 1 : request === 'previous' ? k - 1 : -1;
    if (to >= 0 && to < opts.scos.length) setTimeout(function () { deliver(to); }, 0);
  }

  /**
   * options.origin  the server's origin; options.scos  the SCO pages in organization order
   * options.cmi     saved CMI (nested JSON as scorm-again renders it) of the first SCO, or null
   * options.launch  {entry, mode, credit, scaled_passing_score, completion_threshold}
   * options.nav     false: adl.nav.request_valid.* answer "unknown", as Moodle's do
   * options.hash    appended to the first SCO's URL
   */
  window.startLms = function (options) {
    opts = options;
    deliver(0);
  };

  /** Navigate the SCO frame away, as an LMS does when the learner closes the course. */
  window.leaveSco = function () { document.getElementById('sco').src = 'about:blank'; };

  /** Everything the LMS holds for a SCO (the one delivered now by default). */
  window.lmsState = function (sco) { return sco ? held[sco] : window.API_1484_11.renderCMIToJSONObject(); };
}());
