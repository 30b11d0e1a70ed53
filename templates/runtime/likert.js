/* ---------- likert: a point on a scale, never right or wrong ----------
   The response is the chosen point's letter, kept like a choice's (letterSet in responses.js).
   Only packages whose course has a likert question hold this file. */

cp.responses.likert = extend(letterSet, {
  right: function () { return null; },
  scorm: function (q, r) { return r[0]; },
  scormPatterns: function () { return []; },
  xapi: function (q, r) { return r[0]; }
});
