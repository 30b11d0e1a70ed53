/* ---------- quizzes: attempts, retries, question banks, shuffling, the result of each quiz ----------
   Each quiz of the page data (the page's implicit quiz last, id null) has an attempt number, a
   random seed and, for a bank, the questions drawn for the attempt, all kept in the learner
   state so that a resume shows the same attempt. A quiz is over once complete and passed, or
   complete with no attempt left; until then a failed attempt can be retried, and the LMS is
   told nothing final (docs/runtime.md, "Grading"). */

cp.widgets.push(function quizzes(rt) {
  var plan = rt.plan;
  var ui = cp.questionUi;
  if (!plan.quizzes.length || !ui) return [];

  function panelOf(qz) {
    return all('[data-cp-quiz-result]').filter(function (el) {
      var holder = el.closest('[data-cp-quiz]') || el;
      var id = holder.getAttribute('data-cp-quiz');
      return qz.id == null ? id === '' || id == null : id === qz.id;
    })[0] || null;
  }
  var panels = plan.quizzes.map(panelOf);

  /** The draw of a bank for its current attempt: `draw` questions at random. */
  function draw(k) {
    var qz = plan.quizzes[k], st = rt.state.quizzes[k];
    if (!qz.draw) { st.drawn = null; return; }
    var rnd = cp.random(st.seed * 64 + st.attempt);
    st.drawn = cp.shuffled(qz.questions, rnd).slice(0, Math.min(qz.draw, qz.questions.length));
  }

  /** A quiz block's questions in this attempt's order: the forms swap places, the text between stays. */
  function order(qz, st) {
    var forms = qz.questions.map(function (id) { return ui.forms[rt.state.qIndex[id]]; }).filter(Boolean);
    if (qz.id == null || forms.length < 2) return;
    var slots = forms.map(function (f) {
      var mark = doc.createComment('cp-slot');
      f.parentNode.insertBefore(mark, f);
      return mark;
    });
    // The places in page order, the forms from the quiz's own order: the same attempt, the same layout.
    slots.sort(function (x, y) { return x.compareDocumentPosition(y) & 4 ? -1 : 1; });
    var shuffled = qz.shuffle ? cp.shuffled(forms, cp.random(st.seed * 8 + st.attempt)) : forms;
    slots.forEach(function (mark, i) {
      mark.parentNode.insertBefore(shuffled[i], mark);
      mark.parentNode.removeChild(mark);
    });
  }

  /** Shows this attempt's questions (a bank hides the others), in this attempt's order, renumbered. */
  function layout() {
    plan.quizzes.forEach(function (qz, k) {
      var st = rt.state.quizzes[k];
      order(qz, st);
      qz.questions.forEach(function (id, i) {
        var qi = rt.state.qIndex[id];
        var form = ui.forms[qi];
        if (!form) return;
        show(form, rt.state.active(qi));
        ui.arrange(qi, cp.random(st.seed * 4096 + st.attempt * 64 + i), qz.shuffle);
      });
    });
    // "Question k of n" counts the scored questions of this attempt, in the order shown.
    var scored = all('[data-cp-question]').map(function (form) { return rt.state.qIndex[form.getAttribute('data-cp-question')]; })
      .filter(function (qi) { return qi != null && plan.questions[qi].scored && rt.state.active(qi); });
    scored.forEach(function (qi, n) {
      var legend = doc.getElementById('q-legend-' + plan.questions[qi].id);
      if (legend) legend.textContent = rt.t('questionOf', { k: n + 1, n: scored.length });
    });
  }

  function retry(k) {
    var qz = plan.quizzes[k], st = rt.state.quizzes[k];
    if (rt.session.readOnly || rt.session.ended || !rt.quiz.complete(k) || rt.quiz.final(k)) return;
    st.attempt += 1;
    qz.questions.forEach(function (id) {
      var qi = rt.state.qIndex[id];
      rt.state.answers[qi] = null;
      ui.reset(qi);
    });
    draw(k);
    layout();
    rt.sync();
    var firstForm = rt.quiz.questions(k).map(function (qi) { return ui.forms[qi]; }).filter(Boolean)[0];
    var target = firstForm && (firstForm.querySelector('input:not([disabled]), select, button[data-cp-move]') || firstForm);
    if (target) target.focus();
  }

  /** Each quiz's result line and retry button, and the right answers once a quiz is over. */
  function update() {
    plan.quizzes.forEach(function (qz, k) {
      var panel = panels[k];
      var complete = rt.quiz.complete(k);
      var over = rt.quiz.final(k);
      if (over && qz.showCorrect === 'after-last') {
        rt.quiz.questions(k).forEach(function (qi) {
          if (rt.state.answers[qi] && !cp.isCorrect(plan.questions[qi], rt.state.answers[qi])) ui.showSolution(qi, true);
        });
      }
      if (!panel) return;
      show(panel, complete);
      if (!complete) return;
      var st = rt.state.quizzes[k];
      var parts = [rt.t('quizScore', { score: rt.quiz.score(k) })];
      if (rt.session.mastery != null) parts.push(rt.t(rt.quiz.passed(k) ? 'quizPassed' : 'quizFailed'));
      parts.push(qz.attempts ? rt.t('attemptOf', { k: st.attempt, n: qz.attempts }) : rt.t('attemptN', { k: st.attempt }));
      if (!rt.quiz.passed(k) && !rt.quiz.attemptsLeft(k)) parts.push(rt.t('quizNoAttempts'));
      var summary = first('data-cp-quiz-summary', panel) || panel;
      summary.textContent = parts.join(' · ');
      var again = first('data-cp-retry', panel);
      if (again) {
        show(again, !over && !rt.session.readOnly && !rt.session.ended);
        again.disabled = over;
      }
    });
  }

  panels.forEach(function (panel, k) {
    var again = panel && first('data-cp-retry', panel);
    if (again) again.addEventListener('click', function () { retry(k); });
  });

  var started = false;
  return [{
    ready: function () {
      plan.quizzes.forEach(function (qz, k) { if (qz.draw && !rt.state.quizzes[k].drawn) draw(k); });
      layout();
      update();
      started = true;
    },
    // A state restored after the start (xAPI, read late) may bring another attempt or draw.
    restored: function () { if (started) layout(); },
    update: update
  }];
});
