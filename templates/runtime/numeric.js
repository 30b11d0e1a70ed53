/* ---------- numeric: a number, right within the author's range ----------
   The response is the number as typed ("2.5"). Only packages whose course has a numeric
   question hold this file (responses.js says what each member of a type is). */

/** A number as typed, checked: optional minus, digits, optional decimals ("," taken as "."). */
var NUMBER = /^-?\d{1,12}(\.\d{1,6})?$/;
var NUMBER_CHARS = '0123456789d-'; // '.' is kept as 'd' in the learner state

cp.responses.numeric = {
  empty: function (q, r) { return !r || !NUMBER.test(r); },
  right: function (q, r) { var v = parseFloat(r); return v >= parseFloat(q.min) && v <= parseFloat(q.max); },
  width: function () { return 20; },
  encode: function (q, r) {
    var out = '';
    for (var i = 0; r != null && i < r.length; i++) out += NUMBER_CHARS[('0123456789.-').indexOf(r[i])] || '';
    return padState(out, 20);
  },
  decode: function (q, s) {
    var out = '';
    for (var i = 0; i < s.length && s[i] !== 'A'; i++) {
      var k = NUMBER_CHARS.indexOf(s[i]);
      if (k < 0) throw new Error('bad character');
      out += ('0123456789.-')[k];
    }
    if (!out) return null;
    if (!NUMBER.test(out)) throw new Error('not a number');
    return out;
  },
  scorm: function (q, r) { return r; },
  // SCORM 1.2 has no range pattern: an exact answer only.
  scormPatterns: function (q) { return q.min === q.max ? [q.min] : []; },
  xapi: function (q, r) { return r; },
  // The form: one number field.
  ask: 'numberFirst',
  read: function (q, form) { var num = first('data-cp-number', form); return num ? num.value.trim().replace(',', '.') : null; },
  put: function (q, form, r) { var num = first('data-cp-number', form); if (num) num.value = r || ''; }
};
