/* ---------- fill-in: a typed answer, right when it equals an accepted one ----------
   The response is the typed text. Only packages whose course has a fill-in question hold this
   file (responses.js says what each member of a type is). */

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

cp.responses['fill-in'] = {
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
  xapi: function (q, r) { return normalText(r, true); },
  // The form: one text field; the answer is kept trimmed.
  ask: 'textFirst',
  read: function (q, form) { var text = first('data-cp-text', form); return text ? text.value.trim() : null; },
  put: function (q, form, r) { var text = first('data-cp-text', form); if (text) text.value = r || ''; }
};
