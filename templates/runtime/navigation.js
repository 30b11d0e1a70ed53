/* ---------- navigation: the cover, the lesson menu with its marks, the summary page ----------
   Views around the lessons; none is tracked (docs/runtime.md, "Cover, menu and summary"). The
   cover is the header opened large until the learner starts; the menu marks each lesson not
   started, in progress or complete and folds behind a button on small screens; the summary
   (after the last lesson) gives the result and what remains, with links to it. */

cp.widgets.push(function navigation(rt) {
  var plan = rt.plan, st = rt.state, lessons = plan.lessons;
  var header = first('data-cp-header');
  var toc = doc.getElementById('cp-toc');
  var toggle = first('data-cp-menu-toggle');
  var summary = first('data-cp-summary');
  var finishBtn = first('data-cp-finish');
  var pager = finishBtn && finishBtn.parentNode;
  var nextBtn = first('data-cp-next');
  var prevBtn = first('data-cp-prev');
  var begun = false;

  // What each lesson holds: its items' state bits and its questions' indexes.
  var parts = lessons.map(function () { return { bits: [], qs: [] }; });
  function lessonIndex(el) {
    var s = el && el.closest('[data-cp-lesson]');
    return s ? lessons.indexOf(s.getAttribute('data-cp-lesson')) : -1;
  }
  plan.groups.forEach(function (g) {
    var i = lessonIndex(byAttr('data-cp-' + g.kind, g.id)[0]);
    if (i >= 0) g.items.forEach(function (id) { parts[i].bits.push(st.itemBit[id]); });
  });
  var forms = indexBy('data-cp-question');
  plan.questions.forEach(function (q, qi) {
    var i = lessonIndex(forms[q.id]);
    if (i >= 0) parts[i].qs.push(qi);
  });

  /** What is left in lesson i: {open, items, questions, retry}; `done` when nothing is. */
  function remains(i) {
    var p = parts[i];
    var r = {
      open: !st.viewed[i],
      items: p.bits.filter(function (b) { return !st.viewed[b]; }).length,
      questions: p.qs.filter(function (qi) { return st.active(qi) && !st.answers[qi]; }).length,
      retry: plan.quizzes.some(function (qz, k) {
        return p.qs.indexOf(st.qIndex[qz.questions[0]]) >= 0 && rt.quiz.complete(k) && !rt.quiz.passed(k) && rt.quiz.attemptsLeft(k);
      })
    };
    r.done = !r.open && !r.items && !r.questions && !r.retry;
    r.touched = !r.open || r.items < p.bits.length || p.qs.some(function (qi) { return !!st.answers[qi]; });
    return r;
  }

  /* The cover */
  function closeCover() {
    if (header) header.removeAttribute('data-cp-cover-open');
  }
  function focusLesson() {
    var s = rt.sections[rt.current()];
    var h = s && s.querySelector('h2');
    if (h) { h.focus(); try { s.scrollIntoView({ block: 'start' }); } catch (e) { /* old browsers */ } }
  }
  var startBtn = first('data-cp-start');
  if (startBtn) startBtn.addEventListener('click', function () { closeCover(); focusLesson(); });

  /* The menu: folded on small screens behind its button */
  function openMenu(on) {
    if (!toc || !toggle) return;
    toggle.setAttribute('aria-expanded', String(on));
    if (on) toc.setAttribute('data-cp-open', ''); else toc.removeAttribute('data-cp-open');
  }
  if (toc && toggle) {
    toc.setAttribute('data-cp-foldable', '');
    show(toggle, true);
    toggle.addEventListener('click', function () { openMenu(toggle.getAttribute('aria-expanded') !== 'true'); });
  }
  var doneEl = first('data-cp-lessons-done');
  var items = lessons.map(function (id) { return byAttr('data-cp-toc-lesson', id)[0]; });

  /* The summary */
  function showSummary() {
    if (!summary || rt.current() < 0) return;
    rt.sections.forEach(function (s) { show(s, false); });
    show(pager, false);
    show(summary, true);
    update();
    var h = summary.querySelector('h2');
    if (h) h.focus();
  }
  function hideSummary() {
    show(summary, false);
    show(pager, true);
  }
  if (finishBtn) finishBtn.addEventListener('click', function () { closeCover(); showSummary(); });
  var back = first('data-cp-summary-back');
  if (back) back.addEventListener('click', function () { rt.go(rt.current()); });
  var exitBtn = first('data-cp-summary-exit');
  if (exitBtn) exitBtn.addEventListener('click', rt.exit);

  function fillSummary() {
    var status = rt.status();
    first('data-cp-summary-status').textContent = rt.t({ completed: 'summaryCompleted', passed: 'summaryPassed', failed: 'summaryFailed' }[status] || 'summaryIncomplete');
    summary.setAttribute('data-cp-status', status);
    var score = first('data-cp-summary-score');
    score.textContent = rt.scoreFinal() ? rt.t('score', { score: rt.scoreText() }) : '';
    show(score, rt.scoreFinal());
    var list = first('data-cp-summary-list');
    list.textContent = '';
    lessons.forEach(function (id, i) {
      var r = remains(i);
      if (r.done) return;
      var what = [];
      if (r.open) what.push(rt.t('remainOpen'));
      if (r.items) what.push(rt.t('remainItems', { n: r.items }));
      if (r.questions) what.push(rt.t('remainQuestions', { n: r.questions }));
      if (r.retry) what.push(rt.t('remainRetry'));
      var li = doc.createElement('li');
      var a = doc.createElement('a');
      a.href = '#lesson-' + id;
      a.innerHTML = rt.sections[i].querySelector('h2').innerHTML;
      a.addEventListener('click', function (e) { e.preventDefault(); rt.go(i); });
      li.appendChild(a);
      li.appendChild(doc.createTextNode(' — ' + what.join(', ')));
      list.appendChild(li);
    });
    show(first('data-cp-summary-todo'), list.children.length > 0);
    show(exitBtn, rt.tracking());
  }

  function update() {
    var done = 0;
    items.forEach(function (li, i) {
      if (!li) return;
      var r = remains(i), s = r.done ? 'done' : r.touched ? 'started' : 'new';
      if (r.done) done++;
      li.setAttribute('data-cp-status', s);
      first('data-cp-mark-text', li).textContent = ', ' + rt.t(s === 'done' ? 'statusDone' : s === 'started' ? 'statusStarted' : 'statusNew');
    });
    if (doneEl) { doneEl.textContent = rt.t('lessonsDone', { k: done, n: lessons.length }); show(doneEl, true); }
    if (summary && !summary.hidden) fillSummary();
  }

  return [{
    update: update,
    lesson: function (i) {
      if (begun) closeCover();
      hideSummary();
      openMenu(false);
      // In a SCORM 2004 lesson SCO, Next asks the LMS for the next lesson.
      var onward = i === lessons.length - 1 && rt.leaves('continue');
      if (prevBtn && lessons.length === 1) show(prevBtn, rt.leaves('previous'));
      if (nextBtn) show(nextBtn, i < lessons.length - 1 || onward);
      show(finishBtn, i === lessons.length - 1 && !onward);
    },
    started: function () {
      begun = true;
      // A deep link or the resume prompt: no start button (the prompt has its own).
      if (rt.current() > 0) closeCover();
      var resume = first('data-cp-resume');
      show(startBtn, !(resume && !resume.hidden));
    }
  }];
});
