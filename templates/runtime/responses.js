/* ---------- responses: what each question type's answer is, when it is right, how the learner
   state keeps it, and how SCORM 1.2 and xAPI write it ----------
   This file holds the types answered by choosing letters (choice, true-false: the chosen letters
   in choice order); likert.js, fill-in.js, numeric.js, matching.js and sequencing.js add theirs
   to cp.responses, only in packages whose course has such a question.
   Each type has: empty(q, r), right(q, r) (null: never right or wrong), width(q) (characters in
   the learner state), encode(q, r|null), decode(q, chars) (null: unanswered; throws on bad
   characters), scorm(q, r) / scormPatterns(q) (cmi.interactions.n.student_response and
   correct_responses.n.pattern), xapi(q, r) (result.response). A type whose form is not a list of
   choices also has what questions.js asks of it: read(q, form), put(q, form, r), ask (the string
   asking for a complete answer), and may have arrange(q, form, rnd, shuffle, answered) and
   setup(q, form, rt). Docs: docs/runtime.md. */

/** Letters (choices, points, steps) as a bitmask of ⌈n/6⌉ characters. */
var letterSet = {
  empty: function (q, r) { return !r || !r.length; },
  width: function (q) { return Math.ceil(q.choices.length / 6); },
  encode: function (q, r) { return packBits(q.choices.map(function (l) { return !!r && r.indexOf(l) >= 0; })); },
  decode: function (q, s) {
    var bits = unpackBits(s, q.choices.length);
    var letters = q.choices.filter(function (l, i) { return bits[i]; });
    return letters.length ? letters : null;
  }
};
function sameSet(a, b) {
  return a.length === b.length && b.every(function (l) { return a.indexOf(l) >= 0; });
}
function extend(base, more) {
  var out = {};
  for (var k in base) out[k] = base[k];
  for (var m in more) out[m] = more[m];
  return out;
}

function padState(s, width) { return (s + new Array(width + 1).join('A')).slice(0, width); }

cp.responses = {
  choice: extend(letterSet, {
    right: function (q, r) { return sameSet(r, q.correct); },
    scorm: function (q, r) { return r.join(','); },
    scormPatterns: function (q) { return [q.correct.join(',')]; },
    xapi: function (q, r) { return r.join('[,]'); }
  }),
  'true-false': extend(letterSet, {
    right: function (q, r) { return sameSet(r, q.correct); },
    scorm: function (q, r) { return r[0] === q.choices[0] ? 't' : 'f'; },
    scormPatterns: function (q) { return [q.correct[0] === q.choices[0] ? 't' : 'f']; },
    xapi: function (q, r) { return r[0] === q.choices[0] ? 'true' : 'false'; }
  })
};

/** The response rules of a question's type (choice when the page data predates types). */
cp.response = function (q) { return cp.responses[q.type] || cp.responses.choice; };
cp.isCorrect = function (q, r) { return cp.response(q).right(q, r) === true; };
