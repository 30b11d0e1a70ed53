/* ---------- responses: what each question type's answer is, when it is right, how the learner
   state keeps it, and how SCORM 1.2 and xAPI write it ----------
   A response is, by type: choice / true-false / likert: the chosen letters in choice order;
   fill-in: the typed text; numeric: the number as typed ("2.5"); matching: per source the chosen
   target id ("" for none); sequencing: the step ids in the learner's order.
   Each type has: empty(q, r), right(q, r) (null: never right or wrong), width(q) (characters in
   the learner state), encode(q, r|null), decode(q, chars) (null: unanswered; throws on bad
   characters), scorm(q, r) / scormPatterns(q) (cmi.interactions.n.student_response and
   correct_responses.n.pattern), xapi(q, r) (result.response). Docs: docs/runtime.md. */

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

/** Text the way fill-in answers are compared: trimmed, white space collapsed, NFC, and lower case unless case matters. */
function normalText(s, caseSensitive) {
  var t = String(s == null ? '' : s).normalize('NFC').replace(/\s+/g, ' ').trim();
  return caseSensitive ? t : t.toLocaleLowerCase();
}

/** UTF-8 bytes ↔ base64url, without padding. */
function bytesToB64(bytes) {
  var out = '';
  for (var i = 0; i < bytes.length; i += 3) {
    var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
    var chars = i + 1 >= bytes.length ? 2 : i + 2 >= bytes.length ? 3 : 4;
    for (var c = 0; c < chars; c++) out += B64[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}
function b64ToBytes(s, length) {
  var bytes = new Uint8Array(length);
  for (var i = 0, j = 0; j < length; i += 4) {
    var n = 0;
    for (var c = 0; c < 4; c++) {
      var v = i + c < s.length ? B64.indexOf(s[i + c]) : 0;
      if (v < 0) throw new Error('bad character');
      n = (n << 6) | v;
    }
    for (var b = 0; b < 3 && j < length; b++, j++) bytes[j] = (n >> (16 - 8 * b)) & 255;
  }
  return bytes;
}
function padState(s, width) { return (s + new Array(width + 1).join('A')).slice(0, width); }

/** A number as typed, checked: optional minus, digits, optional decimals ("," taken as "."). */
var NUMBER = /^-?\d{1,12}(\.\d{1,6})?$/;
var NUMBER_CHARS = '0123456789d-'; // '.' is kept as 'd' in the learner state

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
  }),
  likert: extend(letterSet, {
    right: function () { return null; },
    scorm: function (q, r) { return r[0]; },
    scormPatterns: function () { return []; },
    xapi: function (q, r) { return r[0]; }
  }),
  'fill-in': {
    empty: function (q, r) { return !r || normalText(r, true) === ''; },
    right: function (q, r) {
      var given = normalText(r, q.caseSensitive);
      return q.accepted.some(function (a) { return normalText(a, q.caseSensitive) === given; });
    },
    // 2 characters for the byte length, then the UTF-8 bytes (at most 3 per UTF-16 unit).
    width: function (q) { return 2 + 4 * q.maxLength; },
    encode: function (q, r) {
      var w = 2 + 4 * q.maxLength;
      if (r == null) return padState('', w);
      var bytes = new TextEncoder().encode(String(r).slice(0, q.maxLength));
      return padState(B64[bytes.length >> 6] + B64[bytes.length & 63] + bytesToB64(bytes), w);
    },
    decode: function (q, s) {
      var a = B64.indexOf(s[0]), b = B64.indexOf(s[1]);
      if (a < 0 || b < 0) throw new Error('bad character');
      var n = a * 64 + b;
      if (!n) return null;
      if (n > 3 * q.maxLength) throw new Error('too long');
      return new TextDecoder('utf-8', { fatal: true }).decode(b64ToBytes(s.slice(2), n));
    },
    scorm: function (q, r) { return normalText(r, true); },
    scormPatterns: function (q) { return q.accepted.slice(); },
    xapi: function (q, r) { return normalText(r, true); }
  },
  numeric: {
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
    xapi: function (q, r) { return r; }
  },
  matching: {
    empty: function (q, r) { return !r || r.some(function (t) { return !t; }); },
    right: function (q, r) { return q.sources.every(function (s, i) { return r[i] === q.targets[i]; }); },
    width: function (q) { return q.sources.length; },
    encode: function (q, r) {
      return q.sources.map(function (s, i) { return B64[r ? q.targets.indexOf(r[i]) + 1 : 0]; }).join('');
    },
    decode: function (q, s) {
      var r = q.sources.map(function (src, i) {
        var v = B64.indexOf(s[i]);
        if (v < 0 || v > q.targets.length) throw new Error('bad character');
        return v ? q.targets[v - 1] : '';
      });
      return r.some(Boolean) ? r : null;
    },
    scorm: function (q, r) { return q.sources.map(function (s, i) { return s + '.' + r[i]; }).join(','); },
    scormPatterns: function (q) { return [q.sources.map(function (s, i) { return s + '.' + q.targets[i]; }).join(',')]; },
    xapi: function (q, r) { return q.sources.map(function (s, i) { return s + '[.]' + r[i]; }).join('[,]'); }
  },
  sequencing: {
    empty: function (q, r) { return !r || r.length !== q.choices.length; },
    right: function (q, r) { return r.join(',') === q.correct.join(','); },
    width: function (q) { return q.choices.length; },
    encode: function (q, r) {
      return q.choices.map(function (c, i) { return B64[r ? q.choices.indexOf(r[i]) + 1 : 0]; }).join('');
    },
    decode: function (q, s) {
      var r = [];
      for (var i = 0; i < q.choices.length; i++) {
        var v = B64.indexOf(s[i]);
        if (v < 0 || v > q.choices.length) throw new Error('bad character');
        if (v) r.push(q.choices[v - 1]);
      }
      if (!r.length) return null;
      if (r.length !== q.choices.length || !sameSet(r, q.choices)) throw new Error('not an order');
      return r;
    },
    scorm: function (q, r) { return r.join(','); },
    scormPatterns: function (q) { return [q.correct.join(',')]; },
    xapi: function (q, r) { return r.join('[,]'); }
  }
};

/** The response rules of a question's type (choice when the page data predates types). */
cp.response = function (q) { return cp.responses[q.type] || cp.responses.choice; };
cp.isCorrect = function (q, r) { return cp.response(q).right(q, r) === true; };
