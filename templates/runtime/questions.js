/* ---------- questions: the form of each question type — reading an answer, showing it, feedback,
   the right answer, resetting for a new attempt ----------
   A submission is final for its attempt. In review mode (rt.session.readOnly) questions show the
   earlier answer and cannot be answered. quizzes.js drives attempts through cp.questionUi. */

/** A seeded random sequence (mulberry32): the same seed gives the same shuffles and draws. */
cp.random = function (seed) {
  var a = seed >>> 0;
  return function () {
    a = (a + 0x6D2B79F5) >>> 0;
    var t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
/** `list` shuffled by `rnd` (Fisher–Yates), as a new array. */
cp.shuffled = function (list, rnd) {
  var out = list.slice();
  for (var i = out.length - 1; i > 0; i--) {
    var j = Math.floor(rnd() * (i + 1));
    var x = out[i]; out[i] = out[j]; out[j] = x;
  }
  return out;
};

cp.widgets.push(function questions(rt) {
  var plan = rt.plan;
  var formEls = indexBy('data-cp-question');
  var forms = plan.questions.map(function (q) { return formEls[q.id]; });

  function inputs(form) { return all('input, select, button[data-cp-move]', form); }
  function submitButtons(form) { return all('button[type="submit"]', form); }
  function lock(form, on) {
    inputs(form).forEach(function (el) { el.disabled = on; });
    submitButtons(form).forEach(function (b) { b.disabled = on; });
  }
  function steps(form) { return all('[data-cp-step]', first('data-cp-steps', form) || form); }

  /* Reading the answer in the form, by type. null = nothing (complete) to submit. */
  function read(q, form) {
    switch (q.type) {
      case 'fill-in': {
        var text = first('data-cp-text', form);
        return text ? text.value : null;
      }
      case 'numeric': {
        var num = first('data-cp-number', form);
        return num ? num.value.trim().replace(',', '.') : null;
      }
      case 'matching':
        return q.sources.map(function (s) {
          var sel = byAttr('data-cp-match', s, form)[0];
          return sel ? sel.value : '';
        });
      case 'sequencing':
        return steps(form).map(function (li) { return li.getAttribute('data-cp-step'); });
      default: {
        var checked = all('input', form).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
        return q.choices.filter(function (l) { return checked.indexOf(l) >= 0; });
      }
    }
  }
  /** The message asking for a complete answer first. */
  function askFirst(q) {
    return { 'fill-in': 'textFirst', numeric: 'numberFirst', matching: 'matchFirst' }[q.type] || 'chooseFirst';
  }

  /* Putting an answer into the form (a restored one, or the one just given). */
  function put(q, form, r) {
    switch (q.type) {
      case 'fill-in': { var text = first('data-cp-text', form); if (text) text.value = r || ''; break; }
      case 'numeric': { var num = first('data-cp-number', form); if (num) num.value = r || ''; break; }
      case 'matching':
        q.sources.forEach(function (s, i) {
          var sel = byAttr('data-cp-match', s, form)[0];
          if (sel) sel.value = r ? r[i] : '';
        });
        break;
      case 'sequencing': {
        var list = first('data-cp-steps', form);
        if (list && r) r.forEach(function (id) { var li = byAttr('data-cp-step', id, list)[0]; if (li) list.appendChild(li); });
        break;
      }
      default:
        all('input', form).forEach(function (inp) { inp.checked = !!r && r.indexOf(inp.value) >= 0; });
    }
  }

  function showSolution(qi, on) {
    var form = forms[qi];
    if (!form) return;
    show(first('data-cp-solution', form), on);
    all('[data-cp-choice]', form).forEach(function (li) {
      var isRight = on && (plan.questions[qi].correct || []).indexOf(li.getAttribute('data-cp-choice')) >= 0;
      if (isRight) li.setAttribute('data-cp-right', '');
      else li.removeAttribute('data-cp-right');
    });
  }

  /** Shows an answer: the response, locked, its feedback and result. Returns the result element. */
  function display(qi, r) {
    var form = forms[qi];
    var q = plan.questions[qi];
    if (!form) return null;
    put(q, form, r);
    lock(form, true);
    var ok = cp.response(q).right(q, r);
    var letters = q.type === 'choice' || q.type === 'true-false' ? r || [] : [];
    all('[data-cp-feedback]', form).forEach(function (f) { show(f, letters.indexOf(f.getAttribute('data-cp-feedback')) >= 0); });
    show(first('data-cp-feedback-correct', form), ok === true);
    show(first('data-cp-feedback-incorrect', form), ok === false);
    form.setAttribute('data-cp-answered', ok === null ? 'neutral' : ok ? 'correct' : 'incorrect');
    var res = first('data-cp-result', form);
    if (res) res.textContent = rt.t(ok === null ? 'thanks' : ok ? 'correct' : 'incorrect');
    var k = q.scored ? rt.state.quizOf(q) : -1;
    var when = k >= 0 ? plan.quizzes[k].showCorrect : 'after-each';
    showSolution(qi, ok === false && (when === 'after-each' || (k >= 0 && rt.quiz.final(k) && when === 'after-last')));
    return res;
  }

  /** Back to unanswered, for a new attempt. */
  function reset(qi) {
    var form = forms[qi];
    if (!form) return;
    var q = plan.questions[qi];
    put(q, form, null);
    if (q.type === 'fill-in' || q.type === 'numeric') all('input', form).forEach(function (i) { i.value = ''; });
    lock(form, false);
    all('[data-cp-feedback], [data-cp-feedback-correct], [data-cp-feedback-incorrect]', form).forEach(function (f) { show(f, false); });
    showSolution(qi, false);
    form.removeAttribute('data-cp-answered');
    var res = first('data-cp-result', form);
    if (res) res.textContent = '';
  }

  /** This attempt's order of choices, matching targets and (always) ordering steps. */
  function arrange(qi, rnd, shuffle) {
    var form = forms[qi];
    var q = plan.questions[qi];
    if (!form) return;
    if (q.type === 'sequencing') {
      if (rt.state.answers[qi]) return; // an answered order stays as the learner gave it
      var list = first('data-cp-steps', form);
      var order = cp.shuffled(q.choices, rnd);
      if (order.join() === q.correct.join()) order.push(order.shift()); // never shown solved
      if (list) order.forEach(function (id) { var li = byAttr('data-cp-step', id, list)[0]; if (li) list.appendChild(li); });
      return;
    }
    if (!shuffle) return;
    if (q.type === 'choice') {
      var lis = all('[data-cp-choice]', form);
      var parent = lis[0] && lis[0].parentNode;
      if (parent) cp.shuffled(lis, rnd).forEach(function (li) { parent.appendChild(li); });
    } else if (q.type === 'matching') {
      var order2 = cp.shuffled(q.targets, rnd);
      all('select[data-cp-match]', form).forEach(function (sel) {
        order2.forEach(function (id) {
          var opt = all('option', sel).filter(function (o) { return o.value === id; })[0];
          if (opt) sel.appendChild(opt);
        });
      });
    }
  }

  // Ordering: move a step up or down with its buttons (keyboard and pointer alike).
  forms.forEach(function (form, qi) {
    if (!form || plan.questions[qi].type !== 'sequencing') return;
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
  });

  forms.forEach(function (form, qi) {
    if (!form) return;
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (rt.state.answers[qi] || rt.session.readOnly || rt.session.ended || !rt.state.active(qi)) return;
      var q = plan.questions[qi];
      var r = read(q, form);
      var res = first('data-cp-result', form);
      if (cp.response(q).empty(q, r)) { if (res) res.textContent = rt.t(askFirst(q)); return; }
      if (q.type === 'fill-in') r = r.trim();
      rt.answer(qi, r);
      res = display(qi, r);
      if (res) { res.setAttribute('tabindex', '-1'); res.focus(); }
    });
  });

  cp.questionUi = { display: display, reset: reset, arrange: arrange, showSolution: showSolution, forms: forms };

  return [{
    restored: function () {
      rt.state.answers.forEach(function (a, qi) { if (a) display(qi, a); else reset(qi); });
    },
    ready: function (session) {
      if (session.readOnly) forms.forEach(function (form) { if (form) lock(form, true); });
    }
  }];
});
