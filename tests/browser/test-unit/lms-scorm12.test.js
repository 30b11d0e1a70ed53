'use strict';
// The preview's LMS (templates/preview/scorm12-lms.js) against scorm-again 3.4.3 set up as the
// browser harness sets it up (harness/lms.js: Moodle's rules), call by call: every return value and
// every LMSGetLastError must agree, except the calls listed in KNOWN, where scorm-again departs from
// the SCORM 1.2 RTE or from Moodle (each row says why, which source and what we answer; each is
// checked to still differ). Then Moodle's rules at LMSFinish, review mode, the next launch
// (entry, mode, credit, total_time), the snapshot of a typical session and the call log.
// The harness (scorm-again's realm, playing and comparing the scripts) is lib/lms-differential.js.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const CoursepackLms = require('../../../templates/preview/scorm12-lms.js');
const moodle = require('../lib/moodle');
const { harness, toScormAgain, theirCmi, inPage } = require('../lib/lms-differential');

const lms = harness('scorm12');
// The steps of a script: call(fn, ...args), get(element), set(element, value), err(code) (LMSGetErrorString),
// known(id, [result, error], step) (a known difference: what we answer), x(n) (n characters).
const { call, get, set, err, known, x } = lms.steps;
const MOODLE_SETTINGS = { autocommit: false, mastery_override: true, autoCompleteLessonStatus: true, logLevel: 5 };

/**
 * What Moodle hands the SCO for `launch` (scorm_12lib.php get_scorm_default), as scorm-again's
 * loadFromJSON takes it, the way harness/lms.js preloads it. (loadFromJSON skips empty values.)
 */
function cmiOf(launch) {
  const saved = launch.saved || {};
  const mode = launch.mode || 'normal';
  const prefs = saved.student_preference || {};
  return {
    cmi: {
      core: {
        student_id: launch.studentId, student_name: launch.studentName, entry: launch.entry ?? 'ab-initio',
        lesson_mode: mode, credit: launch.credit || (mode === 'normal' ? 'credit' : 'no-credit'),
        lesson_status: saved.lesson_status, lesson_location: saved.lesson_location, total_time: saved.total_time, score: saved.score,
      },
      suspend_data: saved.suspend_data, launch_data: launch.launchData, comments: saved.comments, comments_from_lms: launch.commentsFromLms,
      objectives: saved.objectives, interactions: toScormAgain(saved.interactions),
      student_data: { mastery_score: launch.masteryScore, max_time_allowed: launch.maxTimeAllowed, time_limit_action: launch.timeLimitAction },
      student_preference: { audio: prefs.audio ?? '0', speed: prefs.speed ?? '0', text: prefs.text ?? '0', language: prefs.language || launch.language },
    },
  };
}

/** scorm-again's Scorm12API with Moodle's settings, loaded with `launch`. */
function scormAgain(launch = {}, settings = {}) { return lms.scormAgain({ ...MOODLE_SETTINGS, ...settings }, cmiOf(launch)); }

/** What the LMS holds after a session, in one shape for both (the snapshot's). */
function ourState(api) {
  const s = api.snapshot();
  return { ...pick(s), total: seconds(s.core.total_time) };
}
function theirState(api) {
  return { ...pick(theirCmi(api, ['objectives'])), total: seconds(api.renderCommitCMI(true).cmi.core.total_time) };
}
/** The compared part; durations in seconds (scorm-again rewrites a stored 0000:00:12.25 as 00:00:12.25). */
function pick(c) {
  const { lesson_location, lesson_status, score, exit } = c.core;
  return { lesson_location, lesson_status, score, exit, suspend_data: c.suspend_data, comments: c.comments,
    objectives: c.objectives, interactions: c.interactions.map((i) => ({ ...i, latency: i.latency && seconds(i.latency) })),
    student_preference: c.student_preference };
}
function seconds(t) { const [h, m, s] = t.split(':'); return Math.round((+h * 3600 + +m * 60 + +s) * 100) / 100; }

/* ---------- The script: calls, each compared on its result and on LMSGetLastError after it ---------- */

/**
 * Where scorm-again 3.4.3 departs from the SCORM 1.2 RTE or from Moodle. We answer as the source
 * says; the steps marked with the id hold our exact answer, and scorm-again's must still differ.
 */
const KNOWN = {
  'empty-element': {
    reason: 'LMSGetValue("") / LMSSetValue("", v): scorm-again leaves the previous error code in place',
    ours: '"" / "false" with 201', source: 'RTE 3.3.3 (201: the argument is not a data model element); Moodle scorm_12.js LMSGetValue/LMSSetValue: element "" -> 201',
  },
  'not-an-element': {
    reason: 'a parent name (cmi.core, cmi.objectives.0) is not an element: scorm-again returns its object on get, and on set replaces it (cmi.core becomes a string and every cmi.core.* read fails after)',
    ours: '"" / "false" with 401, the data untouched', source: 'RTE 3.4 (only the listed elements; 401 for a name outside the data model, e.g. "xyz.score.result")',
  },
  'after-finish': {
    reason: 'after LMSFinish scorm-again (SCORM 1.2) still answers LMSGetValue/LMSSetValue/LMSCommit, and a second LMSFinish returns "true" with 101',
    ours: '"" / "false" with 301', source: 'Moodle scorm_12.js LMSFinish sets Initialized = false, so later calls get 301 (Not initialized)',
  },
  'score-max-default': {
    reason: 'scorm-again starts cmi.core.score.max and cmi.objectives.n.score.max at "100" when nothing was saved',
    ours: '""', source: 'Moodle scorm_12lib.php get_scorm_default: score.max is the saved value or ""; scorm_12.js new objectives: score.max ""',
  },
  'refused-set-adds-entry': {
    reason: 'a refused LMSSetValue on cmi.objectives.n.* / cmi.interactions.n.* (n = _count) still adds the entry in scorm-again',
    ours: '_count unchanged', source: 'Moodle scorm_12.js LMSSetValue checks the format before creating the entry; a refused value changes nothing',
  },
  'identifier-space': {
    reason: 'scorm-again accepts white space in a CMIIdentifier (documented relaxation)',
    ours: '405', source: 'RTE 3.4 CMIIdentifier: no white space; Moodle CMIIdentifier ^[\\u0021-\\u007E]{0,255}$',
  },
  'suspend-4096': {
    reason: 'scorm-again takes up to 64000 characters of cmi.suspend_data (documented relaxation)',
    ours: '405 past 4096', source: 'RTE 3.4 cmi.suspend_data: CMIString4096 (Moodle with its "SCORM standard mode" limits)',
  },
  'feedback-255': {
    reason: 'scorm-again puts no length limit on CMIFeedback (student_response, correct_responses.n.pattern)',
    ours: '405 past 255', source: 'RTE 3.4 CMIFeedback: at most 255 characters; Moodle CMIFeedback = CMIString256',
  },
  'timespan-hours': {
    reason: 'scorm-again takes a CMITimespan with 1 or 5+ hour digits',
    ours: '405', source: 'RTE 3.4 CMITimespan: HHHH:MM:SS.SS, hours of 2 to 4 digits; Moodle ^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\\.[0-9]{1,2})?$',
  },
  'result-incorrect': {
    reason: 'scorm-again takes "incorrect" (SCORM 2004) for cmi.interactions.n.result and stores "wrong"',
    ours: '405', source: 'RTE 3.4 cmi.interactions.n.result: correct, wrong, unanticipated, neutral or a CMIDecimal; Moodle CMIResult',
  },
  'nav-event': {
    reason: 'nav.event (Moodle\'s and scorm-again\'s extension for choosing the next SCO) is outside SCORM 1.2; the preview runs one SCO at a time',
    ours: '401', source: 'RTE 3.4: 401 for a name outside the data model',
  },
  'unknown-code': {
    reason: 'LMSGetErrorString of a code SCORM 1.2 does not define: scorm-again answers "No Error"',
    ours: '""', source: 'RTE 3.3.3 defines strings for its eleven codes only; "No Error" would tell the SCO that all is well',
  },
  'diagnostic': {
    reason: 'LMSGetDiagnostic text is the LMS\'s own',
    ours: 'the error string, then for the last error what caused it', source: 'RTE 3.3 LMSGetDiagnostic: information the LMS chooses',
  },
};

const LEARNER = { studentId: 'jdoe', studentName: 'Doe, Jane' };

/** A first launch: every element read and written, every data type and vocabulary, every error. */
const FIRST = {
  name: 'first launch',
  launch: { ...LEARNER, masteryScore: '80', maxTimeAllowed: '00:30:00', timeLimitAction: 'continue,no message',
    launchData: 'chapter=1', commentsFromLms: 'Welcome', language: 'en' },
  steps: [
    // Not initialized yet.
    call('LMSGetLastError'), get('cmi.core.student_id'), set('cmi.core.lesson_location', 'x'), call('LMSCommit', ''),
    call('LMSFinish', ''), err('301'), call('LMSGetLastError'),
    call('LMSInitialize', 'x'), call('LMSInitialize', ''), call('LMSInitialize', ''),
    call('LMSCommit', 'x'), call('LMSFinish', 'x'), call('LMSCommit', ''),
    // Keywords.
    get('cmi._version'), get('cmi._children'), get('cmi.core._children'), get('cmi.core.score._children'),
    get('cmi.objectives._children'), get('cmi.objectives._count'), get('cmi.student_data._children'),
    get('cmi.student_preference._children'), get('cmi.interactions._children'), get('cmi.interactions._count'),
    get('cmi._count'), get('cmi.core._count'), get('cmi.core.score._count'), get('cmi.student_data._count'),
    get('cmi.core.student_id._children'), get('cmi.suspend_data._children'), get('cmi.launch_data._children'),
    get('cmi.core.lesson_status._count'), get('cmi.student_data.mastery_score._children'), get('cmi.core._version'),
    // Every readable element.
    get('cmi.core.student_id'), get('cmi.core.student_name'), get('cmi.core.lesson_location'), get('cmi.core.credit'),
    get('cmi.core.lesson_status'), get('cmi.core.entry'), get('cmi.core.score.raw'), get('cmi.core.score.min'),
    known('score-max-default', ['', '0'], get('cmi.core.score.max')),
    get('cmi.core.lesson_mode'), get('cmi.core.exit'), get('cmi.core.session_time'),
    get('cmi.suspend_data'), get('cmi.launch_data'), get('cmi.comments'), get('cmi.comments_from_lms'),
    get('cmi.student_data.mastery_score'), get('cmi.student_data.max_time_allowed'), get('cmi.student_data.time_limit_action'),
    get('cmi.student_preference.audio'), get('cmi.student_preference.language'), get('cmi.student_preference.speed'),
    get('cmi.student_preference.text'),
    // Names outside the data model.
    get('cmi.foo'), get('cmi.core.foo'), get('xyz.score.result'), get('cmi.evaluation.comments._count'), get('cmi.core.student_id.x'),
    known('not-an-element', ['', '401'], get('cmi.core')),
    known('empty-element', ['', '201'], get('')),
    set('cmi.foo', 'x'), set('cmi.core.foo', 'x'),
    known('nav-event', ['false', '401'], set('nav.event', 'continue')),
    call('LMSCommit', ''),
    known('empty-element', ['false', '201'], set('', 'x')),
    // Read-only elements and keywords.
    set('cmi.core.student_id', 'x'), set('cmi.core.student_name', 'x'), set('cmi.core.credit', 'no-credit'),
    set('cmi.core.entry', 'resume'), set('cmi.core.total_time', '0000:00:01.00'), set('cmi.core.lesson_mode', 'browse'),
    set('cmi.launch_data', 'x'), set('cmi.comments_from_lms', 'x'), set('cmi.student_data.mastery_score', '10'),
    set('cmi.student_data.max_time_allowed', '00:00:01'), set('cmi.student_data.time_limit_action', 'exit,message'),
    set('cmi._version', '4'), set('cmi._children', 'x'), set('cmi.core._children', 'x'), set('cmi.core.score._children', 'x'),
    set('cmi.objectives._children', 'x'), set('cmi.objectives._count', '1'), set('cmi.interactions._children', 'x'),
    set('cmi.interactions._count', '1'), set('cmi.student_data._children', 'x'), set('cmi.student_preference._children', 'x'),
    set('cmi.core._count', '1'), set('cmi.core.student_id._children', 'x'),
    // CMIString255, CMIString4096.
    set('cmi.core.lesson_location', x(255)), set('cmi.core.lesson_location', x(256)), set('cmi.core.lesson_location', ''),
    set('cmi.core.lesson_location', 'lesson-2'), get('cmi.core.lesson_location'),
    set('cmi.suspend_data', x(4096)), known('suspend-4096', ['false', '405'], set('cmi.suspend_data', x(4097))),
    set('cmi.suspend_data', 'v1:abc'), get('cmi.suspend_data'),
    set('cmi.comments', x(4097)), set('cmi.comments', 'A note'), get('cmi.comments'),
    // lesson_status and exit vocabularies.
    set('cmi.core.lesson_status', 'not attempted'), set('cmi.core.lesson_status', 'Passed'), set('cmi.core.lesson_status', ''),
    set('cmi.core.lesson_status', 'done'), set('cmi.core.lesson_status', 'browsed'), set('cmi.core.lesson_status', 'completed'),
    set('cmi.core.lesson_status', 'incomplete'), get('cmi.core.lesson_status'),
    set('cmi.core.exit', 'time-out'), set('cmi.core.exit', 'logout'), set('cmi.core.exit', ''), set('cmi.core.exit', 'Suspend'),
    set('cmi.core.exit', 'quit'), set('cmi.core.exit', 'suspend'),
    // Scores: CMIDecimal 0 to 100, or "".
    set('cmi.core.score.raw', ''), set('cmi.core.score.raw', '0'), set('cmi.core.score.raw', '100'), set('cmi.core.score.raw', '100.0'),
    set('cmi.core.score.raw', '.5'), set('cmi.core.score.raw', '5.'), set('cmi.core.score.raw', '101'), set('cmi.core.score.raw', '-1'),
    set('cmi.core.score.raw', '100.01'), set('cmi.core.score.raw', 'abc'), set('cmi.core.score.raw', '1e2'), set('cmi.core.score.raw', ' 5'),
    set('cmi.core.score.raw', '.'), set('cmi.core.score.raw', '-'), set('cmi.core.score.raw', '50.5'), get('cmi.core.score.raw'),
    set('cmi.core.score.min', '0'), set('cmi.core.score.max', '100'), set('cmi.core.score.max', '120'), get('cmi.core.score.max'),
    // CMITimespan.
    set('cmi.core.session_time', '00:00:10'), set('cmi.core.session_time', '9999:59:59.99'), set('cmi.core.session_time', '00:60:00'),
    set('cmi.core.session_time', ''), set('cmi.core.session_time', 'PT1H'), set('cmi.core.session_time', '00:00:00.123'),
    set('cmi.core.session_time', '00:1:30'), set('cmi.core.session_time', '00:01:30.'),
    known('timespan-hours', ['false', '405'], set('cmi.core.session_time', '1:00:00')),
    known('timespan-hours', ['false', '405'], set('cmi.core.session_time', '12345:00:00')),
    set('cmi.core.session_time', '0000:00:45.50'),
    // student_preference: CMISInteger ranges, CMIString255.
    set('cmi.student_preference.audio', '-1'), set('cmi.student_preference.audio', '100'), set('cmi.student_preference.audio', '101'),
    set('cmi.student_preference.audio', '-2'), set('cmi.student_preference.audio', '1.5'), set('cmi.student_preference.audio', ''),
    set('cmi.student_preference.audio', '+5'), set('cmi.student_preference.audio', '05'), get('cmi.student_preference.audio'),
    set('cmi.student_preference.speed', '-100'), set('cmi.student_preference.speed', '100'), set('cmi.student_preference.speed', '-101'),
    set('cmi.student_preference.speed', '0.5'), get('cmi.student_preference.speed'),
    set('cmi.student_preference.text', '-1'), set('cmi.student_preference.text', '2'), set('cmi.student_preference.text', '1'),
    get('cmi.student_preference.text'),
    set('cmi.student_preference.language', x(256)), set('cmi.student_preference.language', 'fr-CA'), get('cmi.student_preference.language'),
    // Objectives: written in order, CMIIdentifier, scores, CMIStatus2.
    set('cmi.objectives.1.id', 'obj-quiz'), set('cmi.objectives.0.status', 'done'),
    known('refused-set-adds-entry', ['0', '0'], get('cmi.objectives._count')),
    known('identifier-space', ['false', '405'], set('cmi.objectives.0.id', 'obj intro')),
    set('cmi.objectives.0.id', ''), set('cmi.objectives.0.id', 'obj-é'), set('cmi.objectives.0.id', x(256)), set('cmi.objectives.0.id', x(255)),
    set('cmi.objectives.0.id', 'obj-intro'), get('cmi.objectives._count'), get('cmi.objectives.0.id'),
    get('cmi.objectives.0.score._children'), get('cmi.objectives.0._children'), get('cmi.objectives.0.score._count'),
    known('score-max-default', ['', '0'], get('cmi.objectives.0.score.max')),
    set('cmi.objectives.0.score._children', 'x'),
    set('cmi.objectives.0.score.raw', '101'), set('cmi.objectives.0.score.raw', ''), set('cmi.objectives.0.score.raw', '75'),
    set('cmi.objectives.0.score.min', '0'), set('cmi.objectives.0.score.max', '100'), get('cmi.objectives.0.score.raw'),
    set('cmi.objectives.0.status', 'not attempted'), set('cmi.objectives.0.status', ''), set('cmi.objectives.0.status', 'Completed'),
    set('cmi.objectives.0.status', 'completed'), get('cmi.objectives.0.status'),
    set('cmi.objectives.1.status', 'incomplete'), get('cmi.objectives.1.id'), set('cmi.objectives.1.id', 'obj-quiz'),
    set('cmi.objectives.1.score.max', '100'), get('cmi.objectives._count'),
    get('cmi.objectives.2.id'), get('cmi.objectives.5.id'), get('cmi.objectives.x.id'), set('cmi.objectives.3.status', 'passed'),
    known('not-an-element', ['', '401'], get('cmi.objectives.0')),
    // Interactions: write-only but _count, written in order, every field's type.
    set('cmi.interactions.1.id', 'q2'), set('cmi.interactions.0.type', 'multiple'),
    known('refused-set-adds-entry', ['0', '0'], get('cmi.interactions._count')),
    known('identifier-space', ['false', '405'], set('cmi.interactions.0.id', 'q 1')),
    set('cmi.interactions.0.id', 'q1'), get('cmi.interactions._count'), get('cmi.interactions.0.id'), get('cmi.interactions.5.id'),
    get('cmi.interactions.x.id'),
    ...['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric'].map((t) => set('cmi.interactions.0.type', t)),
    set('cmi.interactions.0.type', ''), set('cmi.interactions.0.type', 'Choice'), set('cmi.interactions.0.type', 'choice'),
    get('cmi.interactions.0.type'),
    set('cmi.interactions.0.time', '09:30:00'), set('cmi.interactions.0.time', '23:59:59.99'), set('cmi.interactions.0.time', '24:00:00'),
    set('cmi.interactions.0.time', '12:60:00'), set('cmi.interactions.0.time', '1:00:00'), set('cmi.interactions.0.time', ''),
    set('cmi.interactions.0.time', '09:31:05.5'), get('cmi.interactions.0.time'),
    set('cmi.interactions.0.weighting', '-100'), set('cmi.interactions.0.weighting', '0.5'), set('cmi.interactions.0.weighting', '-101'),
    set('cmi.interactions.0.weighting', ''), set('cmi.interactions.0.weighting', 'x'), set('cmi.interactions.0.weighting', '1'),
    set('cmi.interactions.0.student_response', ''), set('cmi.interactions.0.student_response', x(255)),
    known('feedback-255', ['false', '405'], set('cmi.interactions.0.student_response', x(256))),
    set('cmi.interactions.0.student_response', 'b,g'),
    ...['correct', 'unanticipated', 'neutral', '75.5', '1000', '-1', ''].map((r) => set('cmi.interactions.0.result', r)),
    known('result-incorrect', ['false', '405'], set('cmi.interactions.0.result', 'incorrect')),
    set('cmi.interactions.0.result', 'wrong'),
    set('cmi.interactions.0.latency', '00:00:05'), set('cmi.interactions.0.latency', ''), set('cmi.interactions.0.latency', '5s'),
    set('cmi.interactions.0.latency', '0000:00:12.25'),
    get('cmi.interactions.0.objectives._count'), set('cmi.interactions.0.objectives.1.id', 'obj-quiz'),
    set('cmi.interactions.0.objectives.0.id', 'obj-quiz'), get('cmi.interactions.0.objectives._count'),
    get('cmi.interactions.0.objectives.0.id'), set('cmi.interactions.0.objectives._count', '2'),
    get('cmi.interactions.0.correct_responses._count'), set('cmi.interactions.0.correct_responses.1.pattern', 'b'),
    set('cmi.interactions.0.correct_responses.0.pattern', 'b,g'),
    known('feedback-255', ['false', '405'], set('cmi.interactions.0.correct_responses.1.pattern', x(256))),
    set('cmi.interactions.0.correct_responses.1.pattern', 'g,b'), get('cmi.interactions.0.correct_responses._count'),
    get('cmi.interactions.0.correct_responses.0.pattern'), set('cmi.interactions.0.correct_responses._count', '1'),
    // A new interaction opened by its objective (index = _count).
    set('cmi.interactions.1.objectives.0.id', 'obj-intro'), get('cmi.interactions._count'), set('cmi.interactions.1.id', 'lesson-1'),
    set('cmi.interactions.1.type', 'performance'), set('cmi.interactions.1.student_response', 'viewed'), set('cmi.interactions.1.result', 'neutral'),
    get('cmi.interactions.1.objectives._count'), set('cmi.interactions.3.id', 'q4'),
    // The error functions.
    ...['0', '101', '201', '202', '203', '301', '401', '402', '403', '404', '405'].map(err), err(''), err(405),
    known('unknown-code', ['', '201'], err('999')),
    set('cmi.core.score.raw', '101'), call('LMSGetLastError'),
    known('diagnostic', ['Incorrect Data Type: cmi.core.score.raw takes CMIDecimal 0 to 100 or "", not "101"', '405'], call('LMSGetDiagnostic', '')),
    known('diagnostic', ['Invalid argument error', '405'], call('LMSGetDiagnostic', '201')),
    call('LMSGetLastError'),
    // The result, and the end.
    set('cmi.core.score.raw', '85'), set('cmi.core.lesson_status', 'completed'), set('cmi.core.exit', ''),
    call('LMSCommit', ''), call('LMSFinish', ''),
    known('after-finish', ['', '301'], get('cmi.core.lesson_status')),
    known('after-finish', ['false', '301'], set('cmi.core.lesson_location', 'late')),
    known('after-finish', ['false', '301'], call('LMSCommit', '')),
    known('after-finish', ['false', '301'], call('LMSFinish', '')),
    call('LMSInitialize', ''), call('LMSGetLastError'), err('101'),
  ],
};

/** A relaunch after a suspended session: what was kept reads back, arrays grow from their _count. */
const RESUMED = {
  name: 'resumed launch',
  launch: {
    ...LEARNER, entry: 'resume', masteryScore: '80', language: 'fr',
    saved: {
      lesson_location: 'lesson-3', lesson_status: 'incomplete', score: { raw: '40', min: '0', max: '100' }, suspend_data: 'v1:abc',
      total_time: '00:01:30', comments: 'first note', student_preference: { audio: '50', speed: '0', text: '1' },
      objectives: [{ id: 'obj-intro', status: 'completed', score: { raw: '', min: '', max: '100' } },
        { id: 'obj-quiz', status: 'incomplete', score: { raw: '40', min: '0', max: '100' } }],
      interactions: [{ id: 'q1', objectives: ['obj-quiz'], time: '09:30:00', type: 'choice', correct_responses: ['b'],
        weighting: '1', student_response: 'a', result: 'wrong', latency: '00:00:12' }],
    },
  },
  steps: [
    call('LMSInitialize', ''),
    ...['entry', 'lesson_mode', 'credit', 'lesson_status', 'lesson_location', 'total_time', 'score.raw', 'score.min', 'score.max']
      .map((e) => get(`cmi.core.${e}`)),
    get('cmi.suspend_data'), get('cmi.comments'), get('cmi.student_data.mastery_score'),
    get('cmi.student_preference.audio'), get('cmi.student_preference.text'), get('cmi.student_preference.language'),
    get('cmi.objectives._count'), get('cmi.objectives.0.id'), get('cmi.objectives.0.status'), get('cmi.objectives.0.score.max'),
    get('cmi.objectives.1.score.raw'), get('cmi.objectives.2.id'),
    get('cmi.interactions._count'), get('cmi.interactions.0.objectives._count'), get('cmi.interactions.0.correct_responses._count'),
    get('cmi.interactions.0.id'), set('cmi.interactions.0.objectives.2.id', 'x'), set('cmi.interactions.0.objectives.1.id', 'obj-intro'),
    set('cmi.interactions.2.id', 'q3'), set('cmi.interactions.1.id', 'q2'), set('cmi.interactions.1.type', 'true-false'),
    set('cmi.interactions.1.student_response', 't'), set('cmi.interactions.1.correct_responses.0.pattern', 't'),
    set('cmi.interactions.1.result', 'correct'), get('cmi.interactions._count'),
    set('cmi.objectives.3.id', 'x'), set('cmi.objectives.2.id', 'obj-extra'), set('cmi.objectives.2.score.max', '100'),
    set('cmi.objectives.1.status', 'passed'), set('cmi.objectives.1.score.raw', '90'), get('cmi.objectives._count'),
    set('cmi.comments', 'second note'), get('cmi.comments'),
    set('cmi.suspend_data', 'v1:abcdef'), set('cmi.core.lesson_location', 'lesson-4'), set('cmi.core.score.raw', '90'),
    set('cmi.core.lesson_status', 'completed'), set('cmi.core.exit', ''), set('cmi.core.session_time', '0000:00:45.50'),
    call('LMSFinish', ''), call('LMSGetLastError'),
  ],
};

/** Parent names set as if they were elements: scorm-again breaks its own data (kept apart, and not finished). */
const PARENTS = {
  name: 'parent names',
  launch: { ...LEARNER },
  steps: [
    call('LMSInitialize', ''), get('cmi.core.lesson_status'),
    known('not-an-element', ['false', '401'], set('cmi.core', 'x')),
    known('not-an-element', ['not attempted', '0'], get('cmi.core.lesson_status')),
  ],
};

const SCRIPTS = [FIRST, RESUMED, PARENTS];

lms.differential('differential: the preview LMS and scorm-again (Moodle settings), call by call', {
  scripts: SCRIPTS, known: KNOWN, minSteps: 150, ours: CoursepackLms.scorm12, theirs: scormAgain, ourState, theirState,
});

/* ---------- Scenarios ---------- */

/** A session: `sets` written in order, then LMSFinish (unless `finish` is false). */
const { session } = lms;

describe('Moodle\'s rules at LMSFinish (datamodels/scorm_12.js StoreData), with scorm-again alongside', () => {
  const M = { ...LEARNER, masteryScore: '80' };
  const CASES = [
    ['normal, credit: raw = mastery, the SCO said incomplete → passed', M, [['cmi.core.score.raw', '80'], ['cmi.core.lesson_status', 'incomplete']], 'passed'],
    ['normal, credit: raw below mastery, the SCO said completed → failed', M, [['cmi.core.score.raw', '79.99'], ['cmi.core.lesson_status', 'completed']], 'failed'],
    ['normal, credit: the SCO said passed, raw below → failed', M, [['cmi.core.lesson_status', 'passed'], ['cmi.core.score.raw', '10']], 'failed'],
    ['no raw score: the SCO\'s status stands', M, [['cmi.core.lesson_status', 'incomplete']], 'incomplete'],
    ['no mastery score: the SCO\'s status stands', { ...LEARNER }, [['cmi.core.score.raw', '10'], ['cmi.core.lesson_status', 'completed']], 'completed'],
    ['no-credit in normal mode: never graded', { ...M, credit: 'no-credit' }, [['cmi.core.score.raw', '90'], ['cmi.core.lesson_status', 'incomplete']], 'incomplete'],
    ['review: never graded', { ...M, mode: 'review', entry: '', saved: { lesson_status: 'failed', score: { raw: '40', min: '0', max: '100' } } },
      [['cmi.core.score.raw', '90']], 'failed'],
    ['"mastery score overrides status" off', { ...M, masteryOverride: false }, [['cmi.core.score.raw', '90'], ['cmi.core.lesson_status', 'incomplete']],
      'incomplete', { mastery_override: false }],
    ['status never set, a raw score: graded', M, [['cmi.core.score.raw', '90']], 'passed'],
    ['browse, nothing written → browsed', { ...M, mode: 'browse' }, [], 'browsed'],
    ['browse, the SCO said incomplete: it stands', { ...M, mode: 'browse' }, [['cmi.core.lesson_status', 'incomplete']], 'incomplete'],
    ['autoComplete off: "not attempted" stays', { ...M, autoComplete: false }, [], 'not attempted', { autoCompleteLessonStatus: false }],
  ];
  for (const [name, launch, sets, status, settings] of CASES) {
    it(name, () => {
      const ours = session(CoursepackLms.scorm12(launch), sets).snapshot();
      assert.equal(ours.core.lesson_status, status);
      const theirs = session(scormAgain(launch, settings), sets);
      assert.equal(theirs.renderCMIToJSONObject().cmi.core.lesson_status, status, 'scorm-again agrees');
    });
  }

  it('status never set → "completed" (scorm-again differs: it keeps "not attempted")', () => {
    // Moodle StoreData: `if (cmi.core.lesson_status == 'not attempted') cmi.core.lesson_status = 'completed'`, in every mode.
    // scorm-again 3.4.3's LMSInitialize counts its own default "not attempted" as written by the SCO
    // (statusSetByModule), so autoCompleteLessonStatus never applies (and the harness's loadFromJSON skips a
    // saved ""): its status stays "not attempted".
    for (const launch of [{ ...LEARNER }, { ...LEARNER, masteryScore: '80' }, { ...LEARNER, mode: 'review', entry: '' }]) {
      assert.equal(session(CoursepackLms.scorm12(launch), []).snapshot().core.lesson_status, 'completed');
      assert.equal(session(scormAgain(launch), []).renderCMIToJSONObject().cmi.core.lesson_status, 'not attempted');
    }
  });

  it('LMSCommit applies no rule', () => {
    const api = session(CoursepackLms.scorm12(M), [['cmi.core.score.raw', '10']], false);
    assert.equal(api.LMSCommit(''), 'true');
    assert.equal(api.snapshot().core.lesson_status, 'not attempted');
    assert.equal(api.LMSGetValue('cmi.core.lesson_status'), 'not attempted');
  });
});

describe('review mode', () => {
  const launch = { ...LEARNER, mode: 'review', entry: '', masteryScore: '80',
    saved: { lesson_status: 'passed', score: { raw: '90', min: '0', max: '100' }, suspend_data: 'v1:done', lesson_location: 'lesson-4', total_time: '0000:10:00.00' } };

  it('says review and no-credit, shows what was kept, takes writes without grading, and reopens in review', () => {
    const api = CoursepackLms.scorm12(launch);
    api.LMSInitialize('');
    assert.deepEqual(['lesson_mode', 'credit', 'entry', 'lesson_status', 'score.raw', 'lesson_location'].map((e) => api.LMSGetValue(`cmi.core.${e}`)),
      ['review', 'no-credit', '', 'passed', '90', 'lesson-4']);
    assert.equal(api.LMSGetValue('cmi.suspend_data'), 'v1:done');
    // Moodle's LMSSetValue and scorm-again's take writes in any mode; only the grading depends on it.
    assert.equal(api.LMSSetValue('cmi.core.score.raw', '10'), 'true');
    assert.equal(api.LMSFinish(''), 'true');
    assert.equal(api.snapshot().core.lesson_status, 'passed', 'no mastery rule in review');
    const next = api.nextLaunch();
    assert.deepEqual([next.mode, next.credit, next.entry], ['review', 'no-credit', '']);
    assert.equal(next.saved.total_time, '0000:10:00.00', 'no session time written: nothing added');
  });

  it('a review launch without a credit given gets no-credit; browse too', () => {
    for (const mode of ['review', 'browse']) {
      const api = CoursepackLms.scorm12({ mode });
      api.LMSInitialize('');
      assert.equal(api.LMSGetValue('cmi.core.credit'), 'no-credit', mode);
      assert.equal(api.LMSGetValue('cmi.core.lesson_mode'), mode);
    }
  });
});

describe('nextLaunch: the next session, as Moodle makes it', () => {
  const TYPICAL = [
    ['cmi.core.lesson_location', 'lesson-2'], ['cmi.suspend_data', 'v1:abc'],
    ['cmi.objectives.0.id', 'obj-intro'], ['cmi.objectives.0.status', 'completed'],
    ['cmi.interactions.0.id', 'q1'], ['cmi.interactions.0.type', 'choice'], ['cmi.interactions.0.objectives.0.id', 'obj-intro'],
    ['cmi.interactions.0.student_response', 'a'], ['cmi.interactions.0.result', 'wrong'],
  ];
  const first = { ...LEARNER, masteryScore: '80', saved: { total_time: '0000:01:30.00' } };

  it('suspended: resume, normal, credit; total_time + session_time; everything carried and read back', () => {
    const api = session(CoursepackLms.scorm12(first), [...TYPICAL, ['cmi.core.lesson_status', 'incomplete'], ['cmi.core.exit', 'suspend'],
      ['cmi.core.session_time', '0000:00:45.50']]);
    const next = api.nextLaunch();
    assert.deepEqual([next.entry, next.mode, next.credit], ['resume', 'normal', 'credit']);
    assert.equal(next.saved.total_time, '0000:02:15.50', '0000:01:30.00 + 0000:00:45.50');
    assert.deepEqual(next.saved.objectives, [{ id: 'obj-intro', score: { raw: '', min: '', max: '' }, status: 'completed' }]);
    assert.equal(next.saved.interactions.length, 1);
    assert.deepEqual([next.masteryScore, next.studentId, next.saved.lesson_status, next.saved.suspend_data], ['80', 'jdoe', 'incomplete', 'v1:abc']);
    // Moodle's own model of the relaunch (tests/browser/lib/moodle.js) says the same from scorm-again's data.
    const sa = session(scormAgain(first), [...TYPICAL, ['cmi.core.lesson_status', 'incomplete'], ['cmi.core.exit', 'suspend']]);
    const { launch } = moodle.nextLaunch(sa.renderCMIToJSONObject().cmi, '80');
    assert.deepEqual([next.entry, next.mode, next.credit], [launch.entry, launch.lesson_mode, launch.credit]);
    // The next session reads it all back and appends at _count.
    const again = CoursepackLms.scorm12(next);
    again.LMSInitialize('');
    assert.deepEqual(['cmi.core.entry', 'cmi.core.total_time', 'cmi.core.lesson_location', 'cmi.suspend_data', 'cmi.objectives.0.id',
      'cmi.interactions._count', 'cmi.interactions.0.objectives._count'].map((e) => again.LMSGetValue(e)),
    ['resume', '0000:02:15.50', 'lesson-2', 'v1:abc', 'obj-intro', '1', '1']);
    assert.equal(again.LMSSetValue('cmi.interactions.1.id', 'q1'), 'true');
    assert.equal(again.LMSSetValue('cmi.interactions.3.id', 'q1'), 'false');
  });

  it('finished (passed by the mastery rule): review, no-credit, entry ""', () => {
    const api = session(CoursepackLms.scorm12(first), [...TYPICAL, ['cmi.core.score.raw', '85'], ['cmi.core.lesson_status', 'completed'],
      ['cmi.core.exit', ''], ['cmi.core.session_time', '0000:00:10.00']]);
    const next = api.nextLaunch();
    assert.deepEqual([next.saved.lesson_status, next.entry, next.mode, next.credit], ['passed', '', 'review', 'no-credit']);
    assert.equal(next.saved.total_time, '0000:01:40.00');
    const sa = session(scormAgain(first), [...TYPICAL, ['cmi.core.score.raw', '85'], ['cmi.core.lesson_status', 'completed']]);
    const { launch } = moodle.nextLaunch(sa.renderCMIToJSONObject().cmi, '80');
    assert.deepEqual([next.entry, next.mode, next.credit], [launch.entry, launch.lesson_mode, launch.credit]);
  });

  it('failed is over too (scorm_check_mode): review', () => {
    const next = session(CoursepackLms.scorm12(first), [['cmi.core.score.raw', '20']]).nextLaunch();
    assert.deepEqual([next.saved.lesson_status, next.mode, next.credit, next.entry], ['failed', 'review', 'no-credit', '']);
  });

  it('left without LMSFinish: no rule applied, no time added', () => {
    const fresh = session(CoursepackLms.scorm12(first), [['cmi.core.session_time', '0000:00:45.50']], false).nextLaunch();
    assert.deepEqual([fresh.entry, fresh.mode, fresh.credit, fresh.saved.lesson_status, fresh.saved.total_time],
      ['ab-initio', 'normal', 'credit', 'not attempted', '0000:01:30.00']);
    const suspended = session(CoursepackLms.scorm12(first), [['cmi.core.lesson_status', 'incomplete'], ['cmi.core.exit', 'suspend'],
      ['cmi.core.score.raw', '10']], false).nextLaunch();
    assert.deepEqual([suspended.entry, suspended.mode, suspended.saved.lesson_status], ['resume', 'normal', 'incomplete']);
  });

  it('an unfinished attempt that did not suspend: entry "" (Moodle keys resume on exit = suspend only)', () => {
    const next = session(CoursepackLms.scorm12(first), [['cmi.core.lesson_status', 'incomplete'], ['cmi.core.exit', 'logout']]).nextLaunch();
    assert.deepEqual([next.entry, next.mode], ['', 'normal']);
  });

  it('options.review forces review; the LMS settings carry over', () => {
    const api = session(CoursepackLms.scorm12({ ...first, masteryOverride: false, autoComplete: false, launchData: 'ld' }),
      [['cmi.core.lesson_status', 'incomplete'], ['cmi.core.exit', 'suspend']]);
    const next = api.nextLaunch({ review: true });
    assert.deepEqual([next.mode, next.credit, next.masteryOverride, next.autoComplete, next.launchData], ['review', 'no-credit', false, false, 'ld']);
  });

  it('student preferences carry over; the learner\'s language wins over the launch\'s', () => {
    const api = session(CoursepackLms.scorm12({ language: 'en' }), [['cmi.student_preference.language', 'de'], ['cmi.student_preference.audio', '-1']]);
    const again = CoursepackLms.scorm12({ ...api.nextLaunch(), language: 'en' });
    again.LMSInitialize('');
    assert.deepEqual([again.LMSGetValue('cmi.student_preference.language'), again.LMSGetValue('cmi.student_preference.audio')], ['de', '-1']);
    const fresh = CoursepackLms.scorm12({ ...session(CoursepackLms.scorm12({}), []).nextLaunch(), language: 'en' });
    fresh.LMSInitialize('');
    assert.equal(fresh.LMSGetValue('cmi.student_preference.language'), 'en', 'none set: the launch\'s');
  });

  it('total_time adds with carries, whatever form the times come in', () => {
    for (const [total, sessionTime, sum] of [
      ['0000:59:59.99', '0000:00:00.01', '0001:00:00.00'], ['00:01:30', '00:00:45.5', '0000:02:15.50'],
      ['0099:59:59', '01:00:01.5', '0101:00:00.50'], ['0000:00:00.00', '00:60:00', '0001:00:00.00'],
    ]) {
      const api = session(CoursepackLms.scorm12({ saved: { total_time: total } }), [['cmi.core.session_time', sessionTime]]);
      assert.equal(api.nextLaunch().saved.total_time, sum, `${total} + ${sessionTime}`);
    }
    const none = session(CoursepackLms.scorm12({}), []);
    assert.equal(none.nextLaunch().saved.total_time, '0000:00:00.00', 'no session_time written: nothing added');
  });
});

describe('snapshot', () => {
  it('before LMSInitialize: the launch, with the defaults of a first launch', () => {
    const snap = CoursepackLms.scorm12({}).snapshot();
    assert.deepEqual(snap.core, { student_id: '', student_name: '', lesson_location: '', credit: 'credit', lesson_status: 'not attempted',
      entry: 'ab-initio', score: { raw: '', min: '', max: '' }, total_time: '0000:00:00.00', lesson_mode: 'normal', exit: '', session_time: '' });
    assert.deepEqual([snap.initialized, snap.finished, snap.objectives, snap.interactions], [false, false, [], []]);
  });

  it('after a typical SCO session (the coursepack runtime\'s calls): everything the LMS holds', () => {
    const api = CoursepackLms.scorm12({ ...LEARNER, masteryScore: '80', launchData: 'x=1', language: 'en' });
    session(api, [
      ['cmi.objectives.0.id', 'lessons'], ['cmi.objectives.0.status', 'incomplete'],
      ['cmi.objectives.1.id', 'quiz-1'], ['cmi.objectives.1.status', 'incomplete'],
      ['cmi.core.lesson_location', 'lesson-1'],
      ['cmi.interactions.0.id', 'intro'], ['cmi.interactions.0.type', 'performance'], ['cmi.interactions.0.objectives.0.id', 'lessons'],
      ['cmi.interactions.0.time', '10:00:00'], ['cmi.interactions.0.student_response', 'viewed'], ['cmi.interactions.0.result', 'neutral'],
      ['cmi.interactions.1.id', 'q1'], ['cmi.interactions.1.type', 'choice'], ['cmi.interactions.1.time', '10:01:30'],
      ['cmi.interactions.1.weighting', '1'], ['cmi.interactions.1.student_response', 'b,g'],
      ['cmi.interactions.1.correct_responses.0.pattern', 'b,g'], ['cmi.interactions.1.result', 'correct'],
      ['cmi.interactions.1.latency', '0000:00:20.00'],
      ['cmi.objectives.0.status', 'completed'], ['cmi.objectives.1.status', 'completed'],
      ['cmi.core.score.raw', '100'], ['cmi.core.score.min', '0'], ['cmi.core.score.max', '100'],
      ['cmi.core.lesson_status', 'completed'], ['cmi.core.exit', ''], ['cmi.suspend_data', 'v1:AAE'],
      ['cmi.core.session_time', '0000:02:00.00'],
    ]);
    const none = { raw: '', min: '', max: '' };
    assert.deepEqual(api.snapshot(), {
      core: { student_id: 'jdoe', student_name: 'Doe, Jane', lesson_location: 'lesson-1', credit: 'credit', lesson_status: 'passed',
        entry: 'ab-initio', score: { raw: '100', min: '0', max: '100' }, total_time: '0000:02:00.00', lesson_mode: 'normal', exit: '',
        session_time: '0000:02:00.00' },
      suspend_data: 'v1:AAE', launch_data: 'x=1', comments: '', comments_from_lms: '',
      objectives: [{ id: 'lessons', score: none, status: 'completed' }, { id: 'quiz-1', score: none, status: 'completed' }],
      student_data: { mastery_score: '80', max_time_allowed: '', time_limit_action: '' },
      student_preference: { audio: '0', language: 'en', speed: '0', text: '0' },
      interactions: [
        { id: 'intro', objectives: ['lessons'], time: '10:00:00', type: 'performance', correct_responses: [], weighting: '',
          student_response: 'viewed', result: 'neutral', latency: '' },
        { id: 'q1', objectives: [], time: '10:01:30', type: 'choice', correct_responses: ['b,g'], weighting: '1',
          student_response: 'b,g', result: 'correct', latency: '0000:00:20.00' },
      ],
      initialized: true, finished: true,
    });
  });

  it('is a copy: changing it changes nothing in the LMS', () => {
    const api = session(CoursepackLms.scorm12({}), [['cmi.objectives.0.id', 'a']], false);
    const snap = api.snapshot();
    snap.objectives[0].id = 'changed';
    snap.core.lesson_status = 'passed';
    assert.equal(api.LMSGetValue('cmi.objectives.0.id'), 'a');
    assert.equal(api.LMSGetValue('cmi.core.lesson_status'), 'not attempted');
  });
});

describe('onCall and the API object', () => {
  it('hears every call, after it, with its result and the error code', () => {
    // LMSGetValue before LMSInitialize, LMSInitialize, LMSSetValue refused, LMSGetLastError, LMSGetErrorString('405'),
    // LMSGetValue of a write-only element, LMSGetDiagnostic(''), LMSCommit, LMSFinish.
    lms.assertCallLog((onCall) => CoursepackLms.scorm12({ ...LEARNER }, onCall),
      { before: 'cmi.core.student_id', refused: ['cmi.core.score.raw', '101'], writeOnly: 'cmi.core.exit' },
      [['', '301'], ['true', '0'], ['false', '405'], ['405', '405'], ['Incorrect Data Type', '405'], ['', '404'],
        ['Element is write only: cmi.core.exit', '404'], ['true', '0'], ['true', '0']]);
  });

  it('at LMSFinish the session is already finished (a panel may take nextLaunch there); a failing onCall harms nothing', () => {
    const seen = lms.launchAtEnd((onCall) => CoursepackLms.scorm12({ saved: { total_time: '0000:00:10.00' } }, onCall),
      [['cmi.core.session_time', '00:00:05']]);
    assert.deepEqual([seen.saved.lesson_status, seen.saved.total_time], ['completed', '0000:00:15.00']);
  });

  it('has exactly the eight RTE functions, plus snapshot and nextLaunch; functions work unbound', () => {
    // LMSCommit, LMSFinish, LMSGetDiagnostic, LMSGetErrorString, LMSGetLastError, LMSGetValue, LMSInitialize, LMSSetValue.
    lms.assertApiObject(CoursepackLms.scorm12({}), ['cmi.core.lesson_mode', 'normal'], '101');
  });

  it('in a browser (no module): sets window.CoursepackLms', () => {
    const page = inPage(['lms-core.js', 'scorm12-lms.js']);
    assert.equal(typeof page.scorm12, 'function');
    assert.equal(page.scorm12({}).LMSInitialize(''), 'true');
  });
});
