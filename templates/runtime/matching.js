/* ---------- matching: each source goes with its target ----------
   The response is, per source, the chosen target id ("" for none). Only packages whose course
   has a matching question hold this file (responses.js says what each member of a type is). */

cp.responses.matching = {
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
  xapi: function (q, r) { return q.sources.map(function (s, i) { return s + '[.]' + r[i]; }).join('[,]'); },
  // The form: one select of targets per source; a shuffle reorders the targets in each.
  ask: 'matchFirst',
  read: function (q, form) {
    return q.sources.map(function (s) {
      var sel = byAttr('data-cp-match', s, form)[0];
      return sel ? sel.value : '';
    });
  },
  put: function (q, form, r) {
    q.sources.forEach(function (s, i) {
      var sel = byAttr('data-cp-match', s, form)[0];
      if (sel) sel.value = r ? r[i] : '';
    });
  },
  arrange: function (q, form, rnd, shuffle) {
    if (!shuffle) return;
    var order = cp.shuffled(q.targets, rnd);
    all('select[data-cp-match]', form).forEach(function (sel) {
      order.forEach(function (id) {
        var opt = all('option', sel).filter(function (o) { return o.value === id; })[0];
        if (opt) sel.appendChild(opt);
      });
    });
  }
};
