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

  /* Reading the answer in the form, and putting one in (a restored one, or the one just given):
     a list of choices here, any other form by its type (responses.js). null = nothing
     (complete) to submit. */
  function read(q, form) {
    var type = cp.response(q);
    if (type.read) return type.read(q, form);
    var checked = all('input', form).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    return q.choices.filter(function (l) { return checked.indexOf(l) >= 0; });
  }
  function put(q, form, r) {
    var type = cp.response(q);
    if (type.put) type.put(q, form, r);
    else all('input', form).forEach(function (inp) { inp.checked = !!r && r.indexOf(inp.value) >= 0; });
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
    lock(form, false);
    all('[data-cp-feedback], [data-cp-feedback-correct], [data-cp-feedback-incorrect]', form).forEach(function (f) { show(f, false); });
    showSolution(qi, false);
    form.removeAttribute('data-cp-answered');
    var res = first('data-cp-result', form);
    if (res) res.textContent = '';
  }

  /** This attempt's order: choices shuffled here, other forms by their type (an ordering
      question is always shown shuffled, matching targets when the quiz shuffles). */
  function arrange(qi, rnd, shuffle) {
    var form = forms[qi];
    var q = plan.questions[qi];
    if (!form) return;
    var type = cp.response(q);
    if (type.arrange) { type.arrange(q, form, rnd, shuffle, !!rt.state.answers[qi]); return; }
    if (!shuffle || q.type !== 'choice') return;
    var lis = all('[data-cp-choice]', form);
    var parent = lis[0] && lis[0].parentNode;
    if (parent) cp.shuffled(lis, rnd).forEach(function (li) { parent.appendChild(li); });
  }

  forms.forEach(function (form, qi) {
    if (!form) return;
    var q = plan.questions[qi], type = cp.response(q);
    if (type.setup) type.setup(q, form, rt);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (rt.state.answers[qi] || rt.session.readOnly || rt.session.ended || !rt.state.active(qi)) return;
      var r = read(q, form);
      var res = first('data-cp-result', form);
      if (type.empty(q, r)) { if (res) res.textContent = rt.t(type.ask || 'chooseFirst'); return; }
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
