/* ---------- questions: answering, feedback, grading ----------
   A submission is final. In review mode (rt.session.readOnly) questions show the earlier answer
   and cannot be answered. */

/** Whether `letters` (in choice order) are exactly the question's correct choices. */
cp.isCorrect = function (q, letters) {
  return letters.length === q.correct.length && q.correct.every(function (l) { return letters.indexOf(l) >= 0; });
};

cp.widgets.push(function questions(rt) {
  var plan = rt.plan;
  var forms = plan.questions.map(function (q) { return byAttr('data-cp-question', q.id)[0]; });

  function lock(form) {
    all('input', form).forEach(function (inp) { inp.disabled = true; });
    all('button', form).forEach(function (b) { b.disabled = true; });
  }
  function showAnswer(qi, letters) {
    var form = forms[qi];
    if (!form) return null;
    var ok = cp.isCorrect(plan.questions[qi], letters);
    all('input', form).forEach(function (inp) { inp.checked = letters.indexOf(inp.value) >= 0; });
    lock(form);
    all('[data-cp-feedback]', form).forEach(function (f) {
      show(f, letters.indexOf(f.getAttribute('data-cp-feedback')) >= 0);
    });
    form.setAttribute('data-cp-answered', ok ? 'correct' : 'incorrect');
    var res = first('data-cp-result', form);
    if (res) res.textContent = rt.t(ok ? 'correct' : 'incorrect');
    return res;
  }

  forms.forEach(function (form, qi) {
    if (!form) return;
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (rt.state.answers[qi] || rt.session.readOnly || rt.session.ended) return;
      var q = plan.questions[qi];
      var checked = all('input', form).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      var res = first('data-cp-result', form);
      if (!checked.length) { if (res) res.textContent = rt.t('chooseFirst'); return; }
      var letters = q.choices.filter(function (l) { return checked.indexOf(l) >= 0; });
      res = showAnswer(qi, letters);
      if (res) { res.setAttribute('tabindex', '-1'); res.focus(); }
      rt.answer(qi, letters);
    });
  });

  return [{
    restored: function () {
      rt.state.answers.forEach(function (a, qi) { if (a) showAnswer(qi, a); });
    },
    mode: function (session) {
      if (session.readOnly) forms.forEach(function (form) { if (form) lock(form); });
    }
  }];
});
