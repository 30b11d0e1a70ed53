'use strict';
// What Moodle's SCORM player hands a SCO at its next launch, from what the LMS holds after a
// session. Each rule is Moodle's own (mod/scorm, read for docs/runtime.md):
// - entry (datamodels/scorm_12lib.php, get_scorm_default): no status yet → "ab-initio";
//   cmi.core.exit was "suspend" → "resume"; anything else → "".
// - mode (locallib.php, scorm_check_mode): an attempt whose every SCO has lesson_status
//   completed, passed or failed is finished and reopens in "review"; any other → "normal".
//   (A new attempt is the learner's choice or the "force new attempt" setting; not modelled.)
// - credit (get_scorm_default): "credit" in normal mode, "no-credit" otherwise.
// - mastery_score: the SCO's adlcp:masteryscore from the manifest.
// At LMSFinish (datamodels/scorm_12.js, StoreData) Moodle turns a raw score into passed/failed
// against the mastery score in normal mode with credit, and a status never set into "completed";
// the harness's scorm-again applies the first (mastery_override) but not the second (3.4.3 counts its
// own "not attempted" as set; test-unit/lms-scorm12.test.js shows it).

const FINAL = new Set(['completed', 'passed', 'failed']);

/**
 * The next launch after a session: `cmi` is scorm-again's JSON of what the LMS holds;
 * returns { cmi, launch } for openInLms.
 */
function nextLaunch(cmi, masteryScore) {
  const core = cmi.core || {};
  const status = core.lesson_status || '';
  const mode = FINAL.has(status) ? 'review' : 'normal';
  const entry = status === '' || status === 'not attempted' ? 'ab-initio' : core.exit === 'suspend' ? 'resume' : '';
  return {
    cmi: {
      cmi: {
        core: { lesson_location: core.lesson_location || '', lesson_status: status, score: core.score },
        suspend_data: cmi.suspend_data || '',
        objectives: cmi.objectives,
        interactions: cmi.interactions,
      },
    },
    launch: { entry, lesson_mode: mode, credit: mode === 'normal' ? 'credit' : 'no-credit', mastery_score: masteryScore },
  };
}

module.exports = { nextLaunch, FINAL };
