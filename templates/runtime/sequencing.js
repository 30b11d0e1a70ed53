/* ---------- sequencing (ordering): the steps put in their right order ----------
   The response is the step ids in the learner's order. Only packages whose course has an
   ordering question hold this file (responses.js says what each member of a type is). */

/** The steps of an ordering form, in the order shown. */
function steps(form) { return all('[data-cp-step]', first('data-cp-steps', form) || form); }

cp.responses.sequencing = {
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
  xapi: function (q, r) { return r.join('[,]'); },
  // The form: a list of steps, each with move buttons; always shown shuffled, never solved.
  read: function (q, form) {
    return steps(form).map(function (li) { return li.getAttribute('data-cp-step'); });
  },
  put: function (q, form, r) {
    var list = first('data-cp-steps', form);
    if (list && r) r.forEach(function (id) { var li = byAttr('data-cp-step', id, list)[0]; if (li) list.appendChild(li); });
  },
  arrange: function (q, form, rnd, shuffle, answered) {
    if (answered) return; // an answered order stays as the learner gave it
    var order = cp.shuffled(q.choices, rnd);
    if (order.join() === q.correct.join()) order.push(order.shift()); // never shown solved
    cp.responses.sequencing.put(q, form, order);
  },
  // Move a step up or down with its buttons (keyboard and pointer alike).
  setup: function (q, form, rt) {
    form.addEventListener('click', function (e) {
      var btn = e.target.closest && e.target.closest('[data-cp-move]');
      if (!btn || btn.disabled) return;
      var li = btn.closest('[data-cp-step]');
      var list = li && li.parentNode;
      if (!list) return;
      var up = btn.getAttribute('data-cp-move') === 'up';
      var sib = up ? li.previousElementSibling : li.nextElementSibling;
      if (!sib) return;
      list.insertBefore(li, up ? sib : sib.nextElementSibling);
      var res = first('data-cp-result', form);
      var at = steps(form).indexOf(li);
      var label = li.querySelector('[data-cp-step-text]') || li;
      if (res) res.textContent = rt.t('moved', { item: label.textContent.trim(), k: at + 1, n: steps(form).length });
      btn.focus();
    });
  }
};
