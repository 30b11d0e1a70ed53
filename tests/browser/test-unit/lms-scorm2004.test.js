'use strict';
// The preview's SCORM 2004 LMS (templates/preview/scorm2004-lms.js) against scorm-again 3.4.3's
// Scorm2004API set up as the browser harness sets it up (harness/lms2004.js: Moodle's launch), call
// by call: every return value and every GetLastError must agree, except the calls listed in KNOWN,
// where scorm-again departs from the SCORM 2004 4th Edition RTE or from Moodle (each row says why,
// which source and what we answer; each is checked to still differ). Then Moodle's rules at
// Terminate, review mode, the next launch (entry, mode, credit, what the SCO gets back, total_time),
// the snapshot and the call log.
// The harness (scorm-again's realm, playing and comparing the scripts) is lib/lms-differential.js.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const CoursepackLms = require('../../../templates/preview/scorm2004-lms.js');
const { harness, toScormAgain, theirCmi, inPage, shellScripts } = require('../lib/lms-differential');

const lms = harness('scorm2004');
// The steps of a script: call(fn, ...args), get(element), set(element, value), err(code) (GetErrorString),
// known(id, [result, error], step) (a known difference: what we answer), x(n) (n characters).
const { call, get, set, err, known, x } = lms.steps;
const HARNESS_SETTINGS = { autocommit: false, logLevel: 5 }; // harness/lms2004.js

/**
 * What Moodle hands the SCO for `launch` (scorm_13lib.php get_scorm_default), as scorm-again's
 * loadFromJSON takes it, the way harness/lms2004.js preloads it: the kept data only after a session
 * that left cmi.exit "suspend" (RTE 4.2.8), entry "resume" then, else "ab-initio".
 */
function cmiOf(launch) {
  const saved = launch.saved || null;
  const resumed = !!saved && saved.exit === 'suspend';
  const from = resumed ? saved : {};
  const mode = launch.mode || 'normal';
  const cmi = {
    learner_id: launch.learnerId, learner_name: launch.learnerName, entry: launch.entry ?? (resumed ? 'resume' : 'ab-initio'),
    mode, credit: launch.credit || (mode === 'normal' ? 'credit' : 'no-credit'), launch_data: launch.launchData,
    scaled_passing_score: launch.scaledPassingScore, completion_threshold: launch.completionThreshold,
    max_time_allowed: launch.maxTimeAllowed, time_limit_action: launch.timeLimitAction, comments_from_lms: launch.commentsFromLms,
    location: from.location, suspend_data: from.suspend_data, total_time: from.total_time, progress_measure: from.progress_measure,
    completion_status: from.completion_status, success_status: from.success_status, score: from.score,
    learner_preference: from.learner_preference, comments_from_learner: from.comments_from_learner, objectives: from.objectives,
    interactions: toScormAgain(from.interactions),
  };
  for (const k of Object.keys(cmi)) if (cmi[k] === undefined || cmi[k] === '') delete cmi[k];
  return { cmi };
}

/** scorm-again's Scorm2004API with the harness's settings, loaded with `launch`. */
function scormAgain(launch = {}, settings = {}) { return lms.scormAgain({ ...HARNESS_SETTINGS, ...settings }, cmiOf(launch)); }

/** An ISO 8601 duration in seconds (the two LMSs write the same time differently: PT0H2M0S, PT2M). */
function seconds(t) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(t);
  assert.ok(m, `a duration: ${t}`);
  return Math.round(((((+m[1] || 0) * 24 + (+m[2] || 0)) * 60 + (+m[3] || 0)) * 60 + (+m[4] || 0)) * 100) / 100;
}
/** What the LMS holds after a session, in one shape for both (the snapshot's). */
function ourState(api) {
  const s = api.snapshot();
  return { ...pick(s), total: seconds(s.total_time) };
}
function theirState(api) {
  return { ...pick(theirCmi(api, ['objectives', 'comments_from_learner'])), total: seconds(api.renderCommitCMI(true).cmi.total_time) };
}
/** The compared part; durations in seconds. */
function pick(c) {
  const { completion_status, success_status, score, progress_measure, location, suspend_data, learner_preference } = c;
  return { completion_status, success_status, score, progress_measure, location, suspend_data, learner_preference,
    objectives: c.objectives, comments_from_learner: c.comments_from_learner,
    interactions: c.interactions.map((i) => ({ ...i, latency: i.latency && seconds(i.latency) })) };
}

/* ---------- The script: calls, each compared on its result and on GetLastError after it ---------- */

/**
 * Where scorm-again 3.4.3 departs from the SCORM 2004 4th Edition RTE or from Moodle. We answer as
 * the source says; the steps marked with the id hold our exact answer, and scorm-again's must
 * still differ.
 */
const KNOWN = {
  'not-an-element': {
    reason: 'a parent name (cmi.score) is not an element: scorm-again returns its object on GetValue, and SetValue replaces it (every cmi.score.* read then fails with 401)',
    ours: '"" / "false" with 401, the data untouched', source: 'RTE 4.2 (only the listed elements; 401 for any other name); Moodle scorm_13.js: a name outside its datamodel table -> 401',
  },
  'status-read-keeps-error': {
    reason: 'GetValue("cmi.completion_status") / ("cmi.success_status") leaves the previous call\'s error code in place',
    ours: 'the value with 0', source: 'RTE 3.1.7: a successful call sets the error code to 0 (Moodle GetValue starts with errorCode = "0")',
  },
  'read-out-of-range': {
    reason: 'GetValue of an array entry past _count answers 403 (value not initialized)',
    ours: '"" with 301', source: 'RTE 3.1.7 (301 General Get Failure: no such collection entry); Moodle scorm_13.js GetValue -> 301 when the entry does not exist',
  },
  'refused-set-adds-entry': {
    reason: 'a refused SetValue at index _count (406, 408, a duplicate id 351) still adds the entry in scorm-again',
    ours: '_count unchanged', source: 'Moodle scorm_13.js SetValue creates the entry only for an accepted value; a refused call changes nothing (RTE 3.1.7)',
  },
  'long-identifier': {
    reason: 'scorm-again takes any text of 1 to 4000 characters as a long_identifier_type or a choice response: white space, a URN without its namespace',
    ours: '406', source: 'RTE 4.1 long_identifier_type / short_identifier_type (URIs: no white space; urn:<NID>:<NSS>); Moodle CMILongIdentifier ^(?:(?!urn:)\\S{1,4000}|urn:[A-Za-z0-9-]{1,31}:\\S{1,4000})$, CMIShortIdentifier',
  },
  'timeinterval': {
    reason: 'scorm-again takes "P", "PT" and fractions of hours ("PT1.5H") as a timeinterval',
    ours: '406', source: 'RTE 4.1 timeinterval (second,10,2): ISO 8601 P[yY][mM][dD][T[hH][mM][s[.s]S]], at least one part, a fraction on seconds only (Moodle CMITimespan refuses "PT" and "PT1.5H")',
  },
  'time-range': {
    reason: 'scorm-again takes a time after 2038 and more than two decimals of a second',
    ours: '406', source: 'RTE 4.1 time (second,10,0): years 1970 to 2038, at most 2 decimals; Moodle CMITime the same',
  },
  'language-code': {
    reason: 'scorm-again takes a primary language subtag of 1 to 8 letters ("english") and refuses "" for cmi.learner_preference.language',
    ours: '406 for "english", "true" for ""', source: 'RTE 4.1 language_type (ISO 639 code of 2 or 3 letters, i or x); Moodle CMILang ^([a-zA-Z]{2,3}|i|x)(\\-[a-zA-Z0-9\\-]{2,8})?$|^$ (empty allowed: the RTE\'s default is "")',
  },
  'numeric-range-order': {
    reason: 'a numeric correct response range with min above max (5[:]1) is taken',
    ours: '406', source: 'Moodle scorm_13.js CRcheckValueNodes: numeric range, left must be <= right -> 406',
  },
  'nav-request-read': {
    reason: 'GetValue("adl.nav.request") answers 405 (write-only)',
    ours: 'the pending request, "_none_" by default', source: 'RTE 4.4 adl.nav.request is read/write; Moodle scorm_13.js datamodel: mod "rw", default "_none_"',
  },
  'nav-request-valid': {
    reason: 'without a sequencer scorm-again answers "unknown" for continue/previous whatever the SCO requested, "false" for a choice (leaving the previous error code)',
    ours: '"true" for the request the SCO made, "unknown" while it made none, else "false"', source: 'Moodle scorm_13.js GetValue of adl.nav.request_valid.* (Moodle runs no sequencer in the page either)',
  },
  'total-time-default': {
    reason: 'scorm-again starts cmi.total_time at "PT0S"',
    ours: '"PT0H0M0S" (the same duration)', source: 'Moodle scorm_13lib.php get_scorm_default: cmi.total_time defaults to PT0H0M0S',
  },
  'lms-comments': {
    reason: 'SetValue on an existing cmi.comments_from_lms.n.comment is taken',
    ours: '"false" with 404', source: 'RTE 4.2 cmi.comments_from_lms is read-only; Moodle scorm_13.js datamodel: mod "r"',
  },
  'empty-string': {
    reason: 'SetValue("cmi.location", "") is refused with 406',
    ours: '"true"', source: 'RTE 4.1 characterstring: the empty string is one (SPM 1000 is a length limit); Moodle CMIString1000 ^[\\u0000-\\uFFFF]{0,1000}$ takes ""',
  },
  'diagnostic': {
    reason: 'GetDiagnostic text is the LMS\'s own',
    ours: 'the error string, then for the last error what caused it', source: 'RTE 3.1 GetDiagnostic: information the LMS chooses',
  },
};

const LEARNER = { learnerId: 'jdoe', learnerName: 'Doe, Jane' };
const MOODLE_LAUNCH = { ...LEARNER, scaledPassingScore: '0.8', completionThreshold: '0.5', launchData: 'chapter=1',
  maxTimeAllowed: 'PT30M', timeLimitAction: 'exit,message', commentsFromLms: [{ comment: '{lang=en}Welcome', location: 'intro', timestamp: '2024-01-01T09:00:00' }] };

/** A first launch: every element read and written, every data type and vocabulary, every error. */
const FIRST = {
  name: 'first launch',
  launch: MOODLE_LAUNCH,
  steps: [
    // Not initialized yet.
    call('GetLastError'), get('cmi.learner_id'), set('cmi.location', 'x'), call('Commit', ''), call('Terminate', ''),
    err('122'), call('GetLastError'),
    call('Initialize', 'x'), call('Initialize', ''), call('Initialize', ''),
    call('Commit', 'x'), call('Terminate', 'x'), call('Commit', ''),
    // Keywords.
    get('cmi._version'), get('cmi._children'), get('cmi.score._children'), get('cmi.objectives._children'),
    get('cmi.objectives._count'), get('cmi.interactions._children'), get('cmi.interactions._count'),
    get('cmi.learner_preference._children'), get('cmi.comments_from_learner._children'), get('cmi.comments_from_learner._count'),
    get('cmi.comments_from_lms._children'), get('cmi.comments_from_lms._count'),
    get('cmi._count'), get('cmi.score._count'), get('cmi.location._children'), get('cmi.location._count'),
    get('cmi.learner_preference._count'), get('cmi.foo._children'), get('cmi.foo._count'),
    // Every readable element; those with no default answer 403 until set.
    known('status-read-keeps-error', ['unknown', '0'], get('cmi.completion_status')),
    known('status-read-keeps-error', ['unknown', '0'], get('cmi.success_status')),
    get('cmi.completion_threshold'), get('cmi.credit'),
    get('cmi.entry'), get('cmi.launch_data'), get('cmi.learner_id'), get('cmi.learner_name'), get('cmi.max_time_allowed'),
    get('cmi.mode'), get('cmi.scaled_passing_score'), get('cmi.time_limit_action'),
    known('total-time-default', ['PT0H0M0S', '0'], get('cmi.total_time')),
    get('cmi.learner_preference.audio_level'), get('cmi.learner_preference.language'),
    get('cmi.learner_preference.delivery_speed'), get('cmi.learner_preference.audio_captioning'),
    get('cmi.location'), known('status-read-keeps-error', ['unknown', '0'], get('cmi.completion_status')),
    get('cmi.progress_measure'), known('status-read-keeps-error', ['unknown', '0'], get('cmi.success_status')),
    get('cmi.score.scaled'), get('cmi.score.raw'), get('cmi.score.min'), get('cmi.score.max'), get('cmi.suspend_data'),
    get('cmi.comments_from_lms.0.comment'), get('cmi.comments_from_lms.0.location'), get('cmi.comments_from_lms.0.timestamp'),
    known('read-out-of-range', ['', '301'], get('cmi.comments_from_lms.1.comment')),
    get('cmi.exit'), get('cmi.session_time'),
    known('nav-request-read', ['_none_', '0'], get('adl.nav.request')),
    get('adl.nav.request_valid.continue'), get('adl.nav.request_valid.previous'),
    // Names outside the data model.
    get('cmi.foo'), get('adl.foo'), get('xyz'), get('adl.nav.request_valid.foo'), get('cmi.objectives.x.id'), get(''),
    known('not-an-element', ['', '401'], get('cmi.score')),
    set('cmi.foo', 'x'), set('', 'x'), set('adl.foo', 'x'),
    // Read-only elements and keywords.
    ...['cmi._version', 'cmi._children', 'cmi.score._children', 'cmi.objectives._count', 'cmi.interactions._count',
      'cmi.completion_threshold', 'cmi.credit', 'cmi.entry', 'cmi.launch_data', 'cmi.learner_id', 'cmi.learner_name',
      'cmi.max_time_allowed', 'cmi.mode', 'cmi.scaled_passing_score', 'cmi.time_limit_action', 'cmi.total_time',
      'cmi.comments_from_lms._count', 'adl.nav.request_valid.continue'].map((el) => set(el, '1')),
    get('cmi.comments_from_lms._count'), known('lms-comments', ['false', '404'], set('cmi.comments_from_lms.0.comment', 'x')),
    // characterstring: cmi.location (1000), cmi.suspend_data (64,000).
    set('cmi.location', x(1000)), set('cmi.location', x(1001)),
    known('empty-string', ['true', '0'], set('cmi.location', '')), set('cmi.location', 'lesson-1'), get('cmi.location'),
    set('cmi.location', 'lesson-2'), get('cmi.location'),
    set('cmi.suspend_data', x(64000)), set('cmi.suspend_data', x(64001)), set('cmi.suspend_data', 'v1:abc'), get('cmi.suspend_data'),
    // Vocabularies.
    ...['completed', 'incomplete', 'not attempted', 'unknown', 'passed', 'Completed', ''].map((v) => set('cmi.completion_status', v)),
    ...['passed', 'failed', 'unknown', 'completed', ''].map((v) => set('cmi.success_status', v)),
    ...['time-out', 'suspend', 'logout', 'normal', '', 'quit', 'Suspend'].map((v) => set('cmi.exit', v)),
    // real(10,7), ranges (407).
    ...['1', '-1', '1.5', '-1.01', 'abc', '.5', '5.', '1e2', ' 0.5', '0.25'].map((v) => set('cmi.score.scaled', v)),
    get('cmi.score.scaled'),
    ...['-5000', '12345678.5', '85', ''].map((v) => set('cmi.score.raw', v)), set('cmi.score.min', '0'), set('cmi.score.max', '100'),
    get('cmi.score.raw'), get('cmi.score.max'),
    ...['0', '1', '1.1', '-0.1', '0.4'].map((v) => set('cmi.progress_measure', v)), get('cmi.progress_measure'),
    // With a completion threshold (0.5) and a progress measure, the LMS says completed or incomplete
    // whatever the SCO set; with a scaled passing score (0.8) and a scaled score, passed or failed.
    set('cmi.completion_status', 'completed'), get('cmi.completion_status'), set('cmi.progress_measure', '0.5'),
    get('cmi.completion_status'), set('cmi.success_status', 'passed'), get('cmi.success_status'),
    set('cmi.score.scaled', '0.8'), get('cmi.success_status'),
    // timeinterval.
    ...['PT1H', 'PT1M30.5S', 'P1DT2H', 'PT1.555S', '00:00:01', 'P1Y2M3D', 'PT0H2M0S'].map((v) => set('cmi.session_time', v)),
    known('timeinterval', ['false', '406'], set('cmi.session_time', 'PT')),
    known('timeinterval', ['false', '406'], set('cmi.session_time', 'PT1.5H')),
    set('cmi.session_time', 'PT2M'),
    // learner_preference.
    ...['0', '0.5', '-1', 'x'].map((v) => set('cmi.learner_preference.audio_level', v)),
    ...['2', '-0.5'].map((v) => set('cmi.learner_preference.delivery_speed', v)),
    ...['-1', '1', '2', '0.5', '01'].map((v) => set('cmi.learner_preference.audio_captioning', v)),
    set('cmi.learner_preference.language', 'fr-CA'), set('cmi.learner_preference.language', '1x'),
    known('language-code', ['false', '406'], set('cmi.learner_preference.language', 'english')),
    known('language-code', ['true', '0'], set('cmi.learner_preference.language', '')),
    set('cmi.learner_preference.language', 'de'), get('cmi.learner_preference.language'), get('cmi.learner_preference.audio_level'),
    // Objectives: opened by their id, in order; the id is set once and unique.
    set('cmi.objectives.1.id', 'obj-quiz'), set('cmi.objectives.0.id', 'obj-intro'), get('cmi.objectives._count'),
    get('cmi.objectives.0.id'), get('cmi.objectives.0.score._children'), get('cmi.objectives.0.success_status'),
    get('cmi.objectives.0.completion_status'), get('cmi.objectives.0.score.scaled'), get('cmi.objectives.0.progress_measure'),
    get('cmi.objectives.0.description'),
    set('cmi.objectives.0.score.scaled', '2'), set('cmi.objectives.0.score.scaled', '0.75'), set('cmi.objectives.0.score.raw', '75'),
    set('cmi.objectives.0.success_status', 'passed'), set('cmi.objectives.0.completion_status', 'done'),
    set('cmi.objectives.0.completion_status', 'completed'), set('cmi.objectives.0.progress_measure', '1'),
    set('cmi.objectives.0.description', '{lang=en}Introduction'), get('cmi.objectives.0.description'),
    set('cmi.objectives.0.id', 'obj-intro'), set('cmi.objectives.0.id', 'obj-other'), get('cmi.objectives.0.id'),
    set('cmi.objectives.1.id', 'obj-quiz'), set('cmi.objectives.1.completion_status', 'incomplete'), get('cmi.objectives._count'),
    known('read-out-of-range', ['', '301'], get('cmi.objectives.2.id')),
    // Interactions: opened by their id; a response needs the type first.
    set('cmi.interactions.1.id', 'q2'), set('cmi.interactions.0.id', 'q1'), get('cmi.interactions._count'), get('cmi.interactions.0.id'),
    set('cmi.interactions.1.id', 'q2'), get('cmi.interactions.1.result'),
    get('cmi.interactions.0.type'), get('cmi.interactions.0.objectives._count'), get('cmi.interactions.0.correct_responses._count'),
    set('cmi.interactions.0.learner_response', 'a'), set('cmi.interactions.0.correct_responses.0.pattern', 'a'),
    set('cmi.interactions.0.type', 'multiple'), set('cmi.interactions.0.type', 'choice'), get('cmi.interactions.0.type'),
    set('cmi.interactions.0.learner_response', 'a[,]b'), set('cmi.interactions.0.learner_response', 'a[,]a'),
    set('cmi.interactions.0.learner_response', ''),
    known('long-identifier', ['false', '406'], set('cmi.interactions.0.learner_response', 'a b')),
    set('cmi.interactions.0.learner_response', 'choice-b'), get('cmi.interactions.0.learner_response'),
    set('cmi.interactions.0.correct_responses.1.pattern', 'a'), set('cmi.interactions.0.correct_responses.0.pattern', 'a[,]b'),
    set('cmi.interactions.0.correct_responses.1.pattern', 'a[,]b'), set('cmi.interactions.0.correct_responses.1.pattern', 'b'),
    get('cmi.interactions.0.correct_responses._count'), get('cmi.interactions.0.correct_responses.0.pattern'),
    known('read-out-of-range', ['', '301'], get('cmi.interactions.0.correct_responses.5.pattern')),
    set('cmi.interactions.0.objectives.1.id', 'obj-quiz'), set('cmi.interactions.0.objectives.0.id', 'obj-intro'),
    get('cmi.interactions.0.objectives._count'), get('cmi.interactions.0.objectives.0.id'),
    ...['2024-05-01T10:00:00', '2024', '2024-05-01T10:00:00.5Z', '1969-01-01', '2024-05-01T10:00:00Z', '2024-13-01']
      .map((v) => set('cmi.interactions.0.timestamp', v)),
    known('time-range', ['false', '406'], set('cmi.interactions.0.timestamp', '2040-01-01')),
    known('time-range', ['false', '406'], set('cmi.interactions.0.timestamp', '2024-05-01T10:00:00.123')),
    set('cmi.interactions.0.timestamp', '2024-05-01T10:00:30'), get('cmi.interactions.0.timestamp'),
    ...['1', 'x', '-2.5'].map((v) => set('cmi.interactions.0.weighting', v)),
    ...['correct', 'unanticipated', 'neutral', 'wrong', '-3', '12.5', 'incorrect'].map((v) => set('cmi.interactions.0.result', v)),
    set('cmi.interactions.0.latency', 'PT5S'), set('cmi.interactions.0.latency', 'x'),
    set('cmi.interactions.0.description', '{xx}'),
    known('language-code', ['false', '406'], set('cmi.interactions.0.description', '{lang=english}Hi')),
    set('cmi.interactions.0.description', '{lang=en}Capital of France'), get('cmi.interactions.0.description'),
    // Each type's response and pattern formats (RTE 4.2.9.1, 4.2.9.2).
    set('cmi.interactions.1.type', 'true-false'), set('cmi.interactions.1.learner_response', 'true'),
    set('cmi.interactions.1.learner_response', 't'), set('cmi.interactions.1.correct_responses.0.pattern', 'yes'),
    set('cmi.interactions.1.correct_responses.0.pattern', 'false'), set('cmi.interactions.1.correct_responses.1.pattern', 'true'),
    set('cmi.interactions.2.id', 'q3'), set('cmi.interactions.2.type', 'fill-in'), set('cmi.interactions.2.learner_response', 'Paris'),
    set('cmi.interactions.2.learner_response', 'a[,]b'), set('cmi.interactions.2.correct_responses.0.pattern', '{case_matters=true}Paris'),
    set('cmi.interactions.2.correct_responses.1.pattern', '{case_matters=maybe}Paris'),
    set('cmi.interactions.2.correct_responses.1.pattern', '{order_matters=false}{case_matters=false}a[,]b'),
    set('cmi.interactions.3.id', 'q4'), set('cmi.interactions.3.type', 'matching'), set('cmi.interactions.3.learner_response', 'a[.]1[,]b[.]2'),
    set('cmi.interactions.3.learner_response', 'a[,]b'), set('cmi.interactions.3.correct_responses.0.pattern', 'a[.]1[,]b[.]2'),
    set('cmi.interactions.4.id', 'q5'), set('cmi.interactions.4.type', 'performance'), set('cmi.interactions.4.learner_response', 'step1[.]done'),
    set('cmi.interactions.4.correct_responses.0.pattern', '{order_matters=true}step1[.]done'),
    set('cmi.interactions.5.id', 'q6'), set('cmi.interactions.5.type', 'sequencing'), set('cmi.interactions.5.learner_response', 'a[,]b[,]c'),
    set('cmi.interactions.5.correct_responses.0.pattern', 'a[,]b[,]c'),
    set('cmi.interactions.6.id', 'q7'), set('cmi.interactions.6.type', 'likert'), set('cmi.interactions.6.learner_response', 'agree'),
    set('cmi.interactions.6.learner_response', 'a[,]b'), set('cmi.interactions.6.correct_responses.0.pattern', 'agree'),
    set('cmi.interactions.6.correct_responses.1.pattern', 'agree'),
    set('cmi.interactions.7.id', 'q8'), set('cmi.interactions.7.type', 'long-fill-in'),
    set('cmi.interactions.7.learner_response', '{lang=en}A long answer'),
    set('cmi.interactions.8.id', 'q9'), set('cmi.interactions.8.type', 'numeric'), set('cmi.interactions.8.learner_response', '-2.5'),
    set('cmi.interactions.8.learner_response', 'x'), set('cmi.interactions.8.correct_responses.0.pattern', '1[:]5'),
    set('cmi.interactions.8.correct_responses.0.pattern', '[:]5'), set('cmi.interactions.8.correct_responses.0.pattern', 'x[:]1'),
    known('numeric-range-order', ['false', '406'], set('cmi.interactions.8.correct_responses.0.pattern', '5[:]1')),
    set('cmi.interactions.8.correct_responses.0.pattern', '5'), set('cmi.interactions.8.correct_responses.1.pattern', '6'),
    set('cmi.interactions.9.id', 'urn:isbn:0451450523'), set('cmi.interactions.9.type', 'other'),
    set('cmi.interactions.9.learner_response', 'viewed'), set('cmi.interactions.9.result', 'neutral'),
    set('cmi.interactions.9.correct_responses.0.pattern', 'x'), set('cmi.interactions.9.correct_responses.1.pattern', 'y'),
    get('cmi.interactions._count'),
    // Comments from the learner: written in order, any field opens an entry.
    set('cmi.comments_from_learner.0.comment', '{lang=en}Nice'), get('cmi.comments_from_learner._count'),
    get('cmi.comments_from_learner.0.location'), get('cmi.comments_from_learner.0.timestamp'),
    set('cmi.comments_from_learner.2.comment', 'x'), set('cmi.comments_from_learner.0.timestamp', '2024-05-01T10:00:00'),
    set('cmi.comments_from_learner.1.location', 'lesson-2'), get('cmi.comments_from_learner._count'),
    // Navigation requests.
    set('adl.nav.request', 'foo'), set('adl.nav.request', 'continue'),
    known('nav-request-read', ['continue', '0'], get('adl.nav.request')),
    known('nav-request-valid', ['true', '0'], get('adl.nav.request_valid.continue')),
    known('nav-request-valid', ['false', '0'], get('adl.nav.request_valid.previous')),
    set('adl.nav.request', '{target=lesson-2}choice'),
    known('nav-request-valid', ['true', '0'], get('adl.nav.request_valid.choice.{target=lesson-2}')),
    set('adl.nav.request', '{target=lesson-2}jump'), set('adl.nav.request', '_none_'),
    // The error functions.
    ...['0', '101', '102', '103', '104', '111', '112', '113', '122', '123', '132', '133', '142', '143', '201', '301', '351', '391',
      '401', '402', '403', '404', '405', '406', '407', '408'].map(err), err(''), err(406), err('999'),
    set('cmi.score.scaled', '2'), call('GetLastError'),
    known('diagnostic', ['Data Model Element Value Out Of Range: cmi.score.scaled takes real(10,7) from -1 to 1, not "2"', '407'],
      call('GetDiagnostic', '')),
    known('diagnostic', ['General Argument Error', '407'], call('GetDiagnostic', '201')),
    call('GetLastError'),
    // The result, and the end.
    set('cmi.score.scaled', '0.85'), set('cmi.score.raw', '85'), set('cmi.progress_measure', '0.6'),
    set('cmi.completion_status', 'incomplete'), set('cmi.success_status', 'failed'), set('cmi.exit', 'normal'),
    call('Commit', ''), call('Terminate', ''),
    get('cmi.location'), set('cmi.location', 'late'), call('Commit', ''), call('Terminate', ''), call('Initialize', ''),
    call('GetLastError'), err('104'),
  ],
};

/** A relaunch after a suspended session: what was kept reads back, arrays grow from their _count. */
const RESUMED = {
  name: 'resumed launch',
  launch: {
    ...LEARNER, scaledPassingScore: '0.8',
    saved: {
      exit: 'suspend', location: 'lesson-3', completion_status: 'incomplete', success_status: 'unknown', progress_measure: '0.3',
      score: { scaled: '0.4', raw: '40', min: '0', max: '100' }, suspend_data: 'v1:abc', total_time: 'PT1M30S',
      learner_preference: { audio_level: '0.5', language: 'fr', delivery_speed: '1', audio_captioning: '1' },
      comments_from_learner: [{ comment: 'first note', location: 'lesson-1', timestamp: '2024-05-01T09:00:00' }],
      objectives: [{ id: 'obj-intro', success_status: 'unknown', completion_status: 'completed', progress_measure: '1', description: '',
        score: { scaled: '', raw: '', min: '', max: '' } },
      { id: 'obj-quiz', success_status: 'failed', completion_status: 'incomplete', progress_measure: '', description: 'Quiz',
        score: { scaled: '0.4', raw: '40', min: '0', max: '100' } }],
      interactions: [{ id: 'q1', type: 'choice', objectives: ['obj-quiz'], timestamp: '2024-05-01T09:30:00', correct_responses: ['b'],
        weighting: '1', learner_response: 'a', result: 'incorrect', latency: 'PT12S', description: 'Question one' }],
    },
  },
  steps: [
    call('Initialize', ''),
    ...['entry', 'mode', 'credit', 'completion_status', 'success_status', 'location', 'progress_measure', 'score.scaled', 'score.raw',
      'score.min', 'score.max', 'suspend_data', 'scaled_passing_score', 'learner_preference.audio_level', 'learner_preference.language',
      'learner_preference.audio_captioning'].map((e) => get(`cmi.${e}`)),
    get('cmi.comments_from_learner._count'), get('cmi.comments_from_learner.0.comment'),
    get('cmi.objectives._count'), get('cmi.objectives.0.id'), get('cmi.objectives.0.completion_status'), get('cmi.objectives.0.score.raw'),
    get('cmi.objectives.1.score.raw'), get('cmi.objectives.1.description'), get('cmi.objectives.1.success_status'),
    get('cmi.interactions._count'), get('cmi.interactions.0.objectives._count'), get('cmi.interactions.0.correct_responses._count'),
    get('cmi.interactions.0.id'), get('cmi.interactions.0.learner_response'), get('cmi.interactions.0.latency'),
    set('cmi.interactions.0.objectives.2.id', 'x'), set('cmi.interactions.0.objectives.1.id', 'obj-intro'),
    set('cmi.interactions.2.id', 'q3'), set('cmi.interactions.1.id', 'q2'), set('cmi.interactions.1.type', 'true-false'),
    set('cmi.interactions.1.learner_response', 'true'), set('cmi.interactions.1.correct_responses.0.pattern', 'true'),
    set('cmi.interactions.1.result', 'correct'), get('cmi.interactions._count'),
    set('cmi.objectives.3.id', 'x'), set('cmi.objectives.1.id', 'obj-intro'), set('cmi.objectives.2.id', 'obj-extra'),
    set('cmi.objectives.1.success_status', 'passed'), set('cmi.objectives.1.score.scaled', '0.9'), get('cmi.objectives._count'),
    set('cmi.comments_from_learner.1.comment', 'second note'), get('cmi.comments_from_learner._count'),
    set('cmi.suspend_data', 'v1:abcdef'), set('cmi.location', 'lesson-4'), set('cmi.score.scaled', '0.9'), set('cmi.score.raw', '90'),
    set('cmi.completion_status', 'completed'), set('cmi.success_status', 'passed'), set('cmi.exit', 'normal'),
    set('cmi.session_time', 'PT45.5S'), call('Terminate', ''), call('GetLastError'),
  ],
};

/** Refused writes: scorm-again keeps an entry, or breaks its data (each kept apart, not terminated). */
const REFUSED = [
  ['a bad objective id', [set('cmi.objectives.0.id', ''), known('refused-set-adds-entry', ['0', '0'], get('cmi.objectives._count'))]],
  ['an interaction field before its id', [set('cmi.interactions.0.type', 'choice'),
    known('refused-set-adds-entry', ['0', '0'], get('cmi.interactions._count'))]],
  ['a duplicate objective id', [set('cmi.objectives.0.id', 'a'), set('cmi.objectives.1.id', 'a'),
    known('refused-set-adds-entry', ['1', '0'], get('cmi.objectives._count'))]],
  ['a duplicate objective of an interaction', [set('cmi.interactions.0.id', 'q1'), set('cmi.interactions.0.objectives.0.id', 'a'),
    set('cmi.interactions.0.objectives.1.id', 'a'), known('refused-set-adds-entry', ['1', '0'], get('cmi.interactions.0.objectives._count'))]],
  ['identifiers', [known('long-identifier', ['false', '406'], set('cmi.interactions.0.id', 'q 1')),
    known('long-identifier', ['false', '406'], set('cmi.objectives.0.id', 'urn:x'))]],
  ['a parent name set', [get('cmi.score.raw'), known('not-an-element', ['false', '401'], set('cmi.score', 'x')),
    known('not-an-element', ['', '403'], get('cmi.score.raw'))]],
  ['an empty session time', [known('timeinterval', ['false', '406'], set('cmi.session_time', 'P'))]],
].map(([name, steps]) => ({ name: `refused: ${name}`, launch: { ...LEARNER }, steps: [call('Initialize', ''), ...steps] }));

const SCRIPTS = [FIRST, RESUMED, ...REFUSED];

lms.differential('differential: the preview LMS and scorm-again (Moodle\'s launch), call by call', {
  scripts: SCRIPTS, known: KNOWN, minSteps: 300, ours: CoursepackLms.scorm2004, theirs: scormAgain, ourState, theirState,
});

/* ---------- Scenarios ---------- */

/** A session: `sets` written in order, then Terminate (unless `finish` is false). */
const { session } = lms;
const reads = (api, elements) => elements.map((e) => [api.GetValue(e), api.GetLastError()]);

describe('Moodle\'s rules at Terminate (datamodels/scorm_13.js StoreData), with scorm-again alongside', () => {
  const M = { ...LEARNER, scaledPassingScore: '0.8', completionThreshold: '0.5' };
  const CASES = [
    ['progress measure at the threshold, the SCO said incomplete → completed', M,
      [['cmi.progress_measure', '0.5'], ['cmi.completion_status', 'incomplete']], ['completed', 'unknown']],
    ['progress measure below, the SCO said completed → incomplete', M,
      [['cmi.progress_measure', '0.49'], ['cmi.completion_status', 'completed']], ['incomplete', 'unknown']],
    ['a progress measure of 0 counts (below the threshold) → incomplete', M, [['cmi.progress_measure', '0']], ['incomplete', 'unknown']],
    ['no progress measure: the SCO\'s completion stands', M, [['cmi.completion_status', 'completed']], ['completed', 'unknown']],
    ['no completion threshold: the SCO\'s completion stands', { ...LEARNER },
      [['cmi.progress_measure', '1'], ['cmi.completion_status', 'incomplete']], ['incomplete', 'unknown']],
    ['scaled score at the passing score, the SCO said failed → passed', M,
      [['cmi.score.scaled', '0.8'], ['cmi.success_status', 'failed']], ['unknown', 'passed']],
    ['scaled score below, the SCO said passed → failed', M, [['cmi.success_status', 'passed'], ['cmi.score.scaled', '0.79']], ['unknown', 'failed']],
    ['no scaled score (a raw one only): the SCO\'s success stands', M,
      [['cmi.score.raw', '10'], ['cmi.success_status', 'passed']], ['unknown', 'passed']],
    ['no scaled passing score: the SCO\'s success stands', { ...LEARNER }, [['cmi.score.scaled', '0.1'], ['cmi.success_status', 'passed']],
      ['unknown', 'passed']],
    ['no-credit in normal mode: never applied', { ...M, credit: 'no-credit' },
      [['cmi.progress_measure', '1'], ['cmi.score.scaled', '1'], ['cmi.completion_status', 'incomplete'], ['cmi.success_status', 'failed']],
      ['incomplete', 'failed']],
    ['review: never applied', { ...M, mode: 'review' },
      [['cmi.progress_measure', '1'], ['cmi.score.scaled', '1'], ['cmi.completion_status', 'incomplete']], ['incomplete', 'unknown']],
    ['browse: never applied', { ...M, mode: 'browse' }, [['cmi.progress_measure', '0'], ['cmi.completion_status', 'completed']],
      ['completed', 'unknown']],
    ['nothing written: unknown and unknown (no "completed" by default, unlike SCORM 1.2)', M, [], ['unknown', 'unknown']],
  ];
  for (const [name, launch, sets, [completion, success]] of CASES) {
    it(name, () => {
      const ours = session(CoursepackLms.scorm2004(launch), sets).snapshot();
      assert.deepEqual([ours.completion_status, ours.success_status], [completion, success]);
      const theirs = session(scormAgain(launch), sets).renderCMIToJSONObject().cmi;
      assert.deepEqual([theirs.completion_status, theirs.success_status], [completion, success], 'scorm-again agrees');
    });
  }

  it('GetValue answers the evaluated status at once (RTE 4.2.4.1 and cmi.success_status); Commit stores nothing new, Terminate does', () => {
    const api = session(CoursepackLms.scorm2004(M), [['cmi.progress_measure', '0.6'], ['cmi.completion_status', 'incomplete'],
      ['cmi.score.scaled', '0.9'], ['cmi.success_status', 'failed']], false);
    assert.deepEqual([api.GetValue('cmi.completion_status'), api.GetValue('cmi.success_status')], ['completed', 'passed']);
    assert.equal(api.Commit(''), 'true');
    assert.deepEqual([api.snapshot().completion_status, api.snapshot().success_status], ['incomplete', 'failed'], 'the SCO\'s values until Terminate');
    assert.equal(api.Terminate(''), 'true');
    assert.deepEqual([api.snapshot().completion_status, api.snapshot().success_status], ['completed', 'passed']);
  });

  it('total_time: the session time added at Terminate, with carries; scorm-again says the same duration', () => {
    for (const [total, sessionTime, sum] of [
      ['PT1M30S', 'PT45.5S', 'PT0H2M15.5S'], ['PT59M59.99S', 'PT0.01S', 'PT1H0M0S'], ['P1DT1H', 'PT1H', 'PT26H0M0S'],
      ['PT0H0M0S', 'PT2H', 'PT2H0M0S'], ['P1Y2M', 'PT1S', 'P1Y2MT0H0M1S'],
    ]) {
      const launch = { saved: { exit: 'suspend', total_time: total } };
      const ours = session(CoursepackLms.scorm2004(launch), [['cmi.session_time', sessionTime]]);
      assert.equal(ours.snapshot().total_time, sum, `${total} + ${sessionTime}`);
      if (/Y|M[^S]*$/.test(total)) continue; // years and months are no fixed number of seconds
      const theirs = session(scormAgain(launch), [['cmi.session_time', sessionTime]]);
      assert.equal(seconds(theirs.renderCommitCMI(true).cmi.total_time), seconds(sum), 'scorm-again');
    }
    const none = session(CoursepackLms.scorm2004({ saved: { exit: 'suspend', total_time: 'PT5M', session_time: 'PT1M' } }), []);
    assert.equal(none.snapshot().total_time, 'PT5M', 'no session_time written: nothing added (not the last session\'s again)');
    const left = session(CoursepackLms.scorm2004({ saved: { exit: 'suspend', total_time: 'PT5M' } }), [['cmi.session_time', 'PT1M']], false);
    assert.equal(left.nextLaunch().saved.total_time, 'PT5M', 'left without Terminate: nothing added');
  });
});

describe('review mode', () => {
  const finished = { exit: 'normal', completion_status: 'completed', success_status: 'passed', location: 'lesson-4',
    suspend_data: 'v1:done', total_time: 'PT10M', score: { scaled: '0.9', raw: '90', min: '0', max: '100' } };

  it('a finished attempt reopens in review, no-credit, ab-initio, with a fresh data model (RTE 4.2.8: only a suspend keeps the data)', () => {
    const api = CoursepackLms.scorm2004({ ...LEARNER, mode: 'review', saved: finished });
    const theirs = scormAgain({ ...LEARNER, mode: 'review', saved: finished });
    const elements = ['cmi.mode', 'cmi.credit', 'cmi.entry', 'cmi.completion_status', 'cmi.location', 'cmi.suspend_data',
      'cmi.score.raw', 'cmi.total_time', 'cmi.interactions._count'];
    api.Initialize('');
    theirs.Initialize('');
    assert.deepEqual(reads(api, elements), [['review', '0'], ['no-credit', '0'], ['ab-initio', '0'], ['unknown', '0'], ['', '403'],
      ['', '403'], ['', '403'], ['PT0H0M0S', '0'], ['0', '0']]);
    // The same launch built independently (cmiOf: Moodle's get_scorm_default) gives scorm-again the same (total_time aside).
    assert.deepEqual(reads(theirs, elements).filter((r, i) => i !== 7), reads(api, elements).filter((r, i) => i !== 7));
  });

  it('takes writes without the rules; the record keeps the finished attempt, and the next launch is review again', () => {
    const api = CoursepackLms.scorm2004({ ...LEARNER, mode: 'review', scaledPassingScore: '0.8', saved: finished });
    session(api, [['cmi.score.scaled', '0.1']]);
    assert.equal(api.snapshot().success_status, 'unknown', 'no rule in review');
    const next = api.nextLaunch();
    assert.deepEqual([next.mode, next.credit, next.entry], ['review', 'no-credit', 'ab-initio']);
    assert.deepEqual([next.saved.completion_status, next.saved.success_status, next.saved.location, next.saved.suspend_data],
      ['completed', 'passed', 'lesson-4', 'v1:done'], 'what the review session did not change is kept');
    assert.equal(next.saved.score.scaled, '0.1', 'what it wrote is written over it (Moodle stores what a SCO sends in any mode)');
    assert.equal(next.saved.total_time, 'PT10M', 'no session time: the total stands');
  });

  it('a review or browse launch without a credit given gets no-credit', () => {
    for (const mode of ['review', 'browse']) {
      const api = session(CoursepackLms.scorm2004({ mode }), [], false);
      assert.deepEqual([api.GetValue('cmi.credit'), api.GetValue('cmi.mode')], ['no-credit', mode]);
    }
  });
});

describe('nextLaunch: the next session, as Moodle makes it', () => {
  const TYPICAL = [
    ['cmi.location', 'lesson-2'], ['cmi.suspend_data', 'v1:abc'], ['cmi.progress_measure', '0.3'],
    ['cmi.objectives.0.id', 'obj-intro'], ['cmi.objectives.0.completion_status', 'completed'],
    ['cmi.interactions.0.id', 'q1'], ['cmi.interactions.0.type', 'choice'], ['cmi.interactions.0.objectives.0.id', 'obj-intro'],
    ['cmi.interactions.0.learner_response', 'a'], ['cmi.interactions.0.result', 'incorrect'],
    ['cmi.learner_preference.language', 'de'],
  ];
  const first = { ...LEARNER, scaledPassingScore: '0.8', saved: { exit: 'suspend', total_time: 'PT1M30S' } };

  it('suspended: resume, normal, credit; the data read back, arrays growing from _count; total_time accumulates', () => {
    const api = session(CoursepackLms.scorm2004(first), [...TYPICAL, ['cmi.completion_status', 'incomplete'], ['cmi.exit', 'suspend'],
      ['cmi.session_time', 'PT45.5S']]);
    const next = api.nextLaunch();
    assert.deepEqual([next.entry, next.mode, next.credit, next.scaledPassingScore, next.learnerId], ['resume', 'normal', 'credit', '0.8', 'jdoe']);
    assert.equal(next.saved.total_time, 'PT0H2M15.5S');
    const again = CoursepackLms.scorm2004(next);
    const theirs = scormAgain(next);
    const elements = ['cmi.entry', 'cmi.location', 'cmi.suspend_data', 'cmi.progress_measure', 'cmi.completion_status',
      'cmi.objectives.0.id', 'cmi.objectives.0.completion_status', 'cmi.interactions._count', 'cmi.interactions.0.objectives._count',
      'cmi.interactions.0.learner_response', 'cmi.learner_preference.language'];
    again.Initialize('');
    theirs.Initialize('');
    assert.deepEqual(reads(again, elements), [['resume', '0'], ['lesson-2', '0'], ['v1:abc', '0'], ['0.3', '0'], ['incomplete', '0'],
      ['obj-intro', '0'], ['completed', '0'], ['1', '0'], ['1', '0'], ['a', '0'], ['de', '0']]);
    assert.deepEqual(reads(theirs, elements), reads(again, elements), 'scorm-again given the same launch');
    assert.equal(again.SetValue('cmi.interactions.1.id', 'q1'), 'true');
    assert.equal(again.SetValue('cmi.interactions.3.id', 'q3'), 'false');
    // Two suspended sessions: the times add up.
    for (const [el, v] of [['cmi.exit', 'suspend'], ['cmi.session_time', 'PT1M']]) assert.equal(again.SetValue(el, v), 'true');
    assert.equal(again.Terminate(''), 'true');
    assert.equal(again.nextLaunch().saved.total_time, 'PT0H3M15.5S');
  });

  it('completed and left normally: review, no-credit, ab-initio; the record keeps the attempt', () => {
    const api = session(CoursepackLms.scorm2004(first), [...TYPICAL, ['cmi.score.scaled', '0.85'], ['cmi.completion_status', 'completed'],
      ['cmi.exit', 'normal'], ['cmi.session_time', 'PT10S']]);
    const next = api.nextLaunch();
    assert.deepEqual([next.entry, next.mode, next.credit], ['ab-initio', 'review', 'no-credit']);
    assert.deepEqual([next.saved.completion_status, next.saved.success_status, next.saved.location, next.saved.interactions.length],
      ['completed', 'passed', 'lesson-2', 1]);
    assert.equal(next.saved.total_time, 'PT0H1M40S');
  });

  it('passed but incomplete: normal (scorm_check_mode looks at cmi.completion_status only)', () => {
    const next = session(CoursepackLms.scorm2004(first), [['cmi.score.scaled', '1'], ['cmi.completion_status', 'incomplete'],
      ['cmi.exit', 'suspend']]).nextLaunch();
    assert.deepEqual([next.saved.success_status, next.mode, next.credit, next.entry], ['passed', 'normal', 'credit', 'resume']);
  });

  it('unfinished and not suspended: a fresh data model; what the new session changes is written over the record', () => {
    const one = session(CoursepackLms.scorm2004(first), [...TYPICAL, ['cmi.completion_status', 'incomplete'], ['cmi.exit', 'normal']]);
    const next = one.nextLaunch();
    assert.deepEqual([next.entry, next.mode, next.credit], ['ab-initio', 'normal', 'credit']);
    const two = CoursepackLms.scorm2004(next);
    two.Initialize('');
    assert.deepEqual(reads(two, ['cmi.location', 'cmi.suspend_data', 'cmi.interactions._count', 'cmi.learner_preference.language']),
      [['', '403'], ['', '403'], ['0', '0'], ['', '0']]);
    assert.equal(two.SetValue('cmi.location', 'lesson-5'), 'true');
    assert.equal(two.SetValue('cmi.exit', 'suspend'), 'true');
    assert.equal(two.Terminate(''), 'true');
    const third = two.nextLaunch();
    assert.deepEqual([third.entry, third.saved.location, third.saved.suspend_data, third.saved.interactions.length],
      ['resume', 'lesson-5', 'v1:abc', 1], 'Moodle keeps each element as a track: unchanged ones stay');
  });

  it('left without Terminate: no rule applied, no time added, what was set is kept', () => {
    const next = session(CoursepackLms.scorm2004({ ...first, completionThreshold: '0.5' }), [['cmi.progress_measure', '1'],
      ['cmi.exit', 'suspend'], ['cmi.session_time', 'PT1M']], false).nextLaunch();
    assert.deepEqual([next.entry, next.mode, next.saved.completion_status, next.saved.total_time, next.saved.progress_measure],
      ['resume', 'normal', 'unknown', 'PT1M30S', '1']);
  });

  it('options.review forces review; the launch\'s settings carry over', () => {
    const launch = { ...first, completionThreshold: '0.7', maxTimeAllowed: 'PT1H', timeLimitAction: 'exit,message', launchData: 'ld',
      commentsFromLms: [{ comment: 'Hi', location: '', timestamp: '2024' }] };
    const next = session(CoursepackLms.scorm2004(launch), [['cmi.exit', 'suspend']]).nextLaunch({ review: true });
    assert.deepEqual([next.mode, next.credit, next.entry], ['review', 'no-credit', 'resume']);
    assert.deepEqual([next.completionThreshold, next.maxTimeAllowed, next.timeLimitAction, next.launchData, next.commentsFromLms],
      ['0.7', 'PT1H', 'exit,message', 'ld', [{ comment: 'Hi', location: '', timestamp: '2024' }]]);
  });
});

describe('snapshot', () => {
  it('before Initialize: the launch, with the defaults of a first launch', () => {
    const snap = CoursepackLms.scorm2004({}).snapshot();
    assert.deepEqual(snap, {
      comments_from_learner: [], comments_from_lms: [], completion_status: 'unknown', completion_threshold: '', credit: 'credit',
      entry: 'ab-initio', exit: '', interactions: [], launch_data: '', learner_id: '', learner_name: '',
      learner_preference: { audio_level: '1', language: '', delivery_speed: '1', audio_captioning: '0' }, location: '',
      max_time_allowed: '', mode: 'normal', objectives: [], progress_measure: '', scaled_passing_score: '',
      score: { scaled: '', raw: '', min: '', max: '' }, session_time: '', success_status: 'unknown', suspend_data: '',
      time_limit_action: 'continue,no message', total_time: 'PT0H0M0S', adl: { nav: { request: '_none_' } },
      initialized: false, finished: false,
    });
  });

  it('after a typical SCO session (the coursepack runtime\'s calls): what the LMS holds', () => {
    const api = CoursepackLms.scorm2004({ ...LEARNER, scaledPassingScore: '0.8' });
    session(api, [
      ['cmi.objectives.0.id', 'tabs-1'], ['cmi.objectives.0.completion_status', 'incomplete'], ['cmi.objectives.0.success_status', 'unknown'],
      ['cmi.location', 'lesson-1'],
      ['cmi.interactions.0.id', 'tab-2'], ['cmi.interactions.0.type', 'other'], ['cmi.interactions.0.objectives.0.id', 'tabs-1'],
      ['cmi.interactions.0.description', '{lang=en}Second tab'], ['cmi.interactions.0.learner_response', 'viewed'],
      ['cmi.interactions.0.result', 'neutral'], ['cmi.interactions.0.timestamp', '2024-05-01T10:00:00'],
      ['cmi.interactions.1.id', 'q1'], ['cmi.interactions.1.type', 'choice'], ['cmi.interactions.1.weighting', '1'],
      ['cmi.interactions.1.correct_responses.0.pattern', 'b[,]g'], ['cmi.interactions.1.learner_response', 'b[,]g'],
      ['cmi.interactions.1.result', 'correct'], ['cmi.interactions.1.timestamp', '2024-05-01T10:01:30'],
      ['cmi.objectives.0.completion_status', 'completed'],
      ['cmi.score.scaled', '1'], ['cmi.score.raw', '100'], ['cmi.score.min', '0'], ['cmi.score.max', '100'],
      ['cmi.completion_status', 'completed'], ['cmi.success_status', 'passed'], ['cmi.exit', 'normal'],
      ['cmi.progress_measure', '1'], ['cmi.suspend_data', 'v1:AAE'], ['cmi.session_time', 'PT120S'], ['adl.nav.request', 'exit'],
    ]);
    const none = '';
    assert.deepEqual(api.snapshot(), {
      comments_from_learner: [], comments_from_lms: [], completion_status: 'completed', completion_threshold: '', credit: 'credit',
      entry: 'ab-initio', exit: 'normal', launch_data: '', learner_id: 'jdoe', learner_name: 'Doe, Jane',
      interactions: [
        { id: 'tab-2', type: 'other', objectives: ['tabs-1'], timestamp: '2024-05-01T10:00:00', correct_responses: [], weighting: none,
          learner_response: 'viewed', result: 'neutral', latency: none, description: '{lang=en}Second tab' },
        { id: 'q1', type: 'choice', objectives: [], timestamp: '2024-05-01T10:01:30', correct_responses: ['b[,]g'], weighting: '1',
          learner_response: 'b[,]g', result: 'correct', latency: none, description: none },
      ],
      learner_preference: { audio_level: '1', language: '', delivery_speed: '1', audio_captioning: '0' }, location: 'lesson-1',
      max_time_allowed: '', mode: 'normal',
      objectives: [{ id: 'tabs-1', score: { scaled: none, raw: none, min: none, max: none }, success_status: 'unknown',
        completion_status: 'completed', progress_measure: none, description: none }],
      progress_measure: '1', scaled_passing_score: '0.8', score: { scaled: '1', raw: '100', min: '0', max: '100' },
      session_time: 'PT120S', success_status: 'passed', suspend_data: 'v1:AAE', time_limit_action: 'continue,no message',
      total_time: 'PT0H2M0S', adl: { nav: { request: 'exit' } }, initialized: true, finished: true,
    });
  });

  it('is a copy: changing it changes nothing in the LMS', () => {
    const api = session(CoursepackLms.scorm2004({}), [['cmi.objectives.0.id', 'a']], false);
    const snap = api.snapshot();
    snap.objectives[0].id = 'changed';
    snap.completion_status = 'completed';
    assert.equal(api.GetValue('cmi.objectives.0.id'), 'a');
    assert.equal(api.GetValue('cmi.completion_status'), 'unknown');
  });
});

describe('onCall and the API object', () => {
  it('hears every call, after it, with its result and the error code', () => {
    // GetValue before Initialize, Initialize, SetValue refused, GetLastError, GetErrorString('407'),
    // GetValue of a write-only element, GetDiagnostic(''), Commit, Terminate.
    lms.assertCallLog((onCall) => CoursepackLms.scorm2004({ ...LEARNER }, onCall),
      { before: 'cmi.learner_id', refused: ['cmi.score.scaled', '2'], writeOnly: 'cmi.exit' },
      [['', '122'], ['true', '0'], ['false', '407'], ['407', '407'], ['Data Model Element Value Out Of Range', '407'], ['', '405'],
        ['Data Model Element Is Write Only: cmi.exit is write-only', '405'], ['true', '0'], ['true', '0']]);
  });

  it('at Terminate the session is already over (a panel may take nextLaunch there); a failing onCall harms nothing', () => {
    const seen = lms.launchAtEnd((onCall) => CoursepackLms.scorm2004({ saved: { exit: 'suspend', total_time: 'PT10S' } }, onCall),
      [['cmi.session_time', 'PT5S']]);
    assert.deepEqual([seen.saved.total_time, seen.entry], ['PT0H0M15S', 'resume']);
  });

  it('has exactly the eight RTE functions, plus snapshot and nextLaunch; functions work unbound', () => {
    // Commit, GetDiagnostic, GetErrorString, GetLastError, GetValue, Initialize, SetValue, Terminate.
    lms.assertApiObject(CoursepackLms.scorm2004({}), ['cmi.mode', 'normal'], '103');
  });

  it('in a browser (no module): adds CoursepackLms.scorm2004 beside scorm12 and their core (the shell loads the three, in its order)', () => {
    const page = inPage(shellScripts());
    assert.deepEqual(Object.keys(page).sort(), ['core', 'scorm12', 'scorm2004']);
    assert.equal(page.scorm2004({}).Initialize(''), 'true');
  });
});
