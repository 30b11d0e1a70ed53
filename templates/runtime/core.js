/* ---------- core: page data, learner state, the LMS contract, lessons, the session ----------
   The core keeps what the learner did and decides what the LMS is told; widgets.js and
   questions.js set up the page's interactive blocks, the backend file (scorm12.js or xapi.js)
   talks to the LMS. Contract: docs/runtime.md. */

var doc = document;

function all(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }
// Ids may contain dots: look them up by attribute value, never as CSS #id.
function byAttr(attr, value, root) {
  return all('[' + attr + ']', root).filter(function (el) { return el.getAttribute(attr) === value; });
}
/** Every element with `attr` under root, by its value (the first of each): one pass, for many lookups. */
function indexBy(attr, root) {
  var out = {};
  all('[' + attr + ']', root).forEach(function (el) {
    var v = el.getAttribute(attr);
    if (!(v in out)) out[v] = el;
  });
  return out;
}
function first(attr, root) { return (root || doc).querySelector('[' + attr + ']'); }
function show(el, on) { if (el) el.hidden = !on; }
function pad(n, w) { return String(n).padStart(w, '0'); }
/** Marks the item `itemEl` of the group block `root` (attribute `attr` names the group) as seen,
    for tabs.js, carousel.js and accordion.js. */
function seenIn(rt, root, attr, itemEl) {
  var g = rt.groupById[root.getAttribute(attr)];
  if (!g || !itemEl || !rt.inCurrent(root)) return false;
  return rt.markItem(g, itemEl.getAttribute('data-cp-item'));
}

/** A status after which an attempt is over (SCORM 1.2 `cmi.core.lesson_status`). */
var FINAL = /^(completed|passed|failed)$/;

/* ---------- The learner state and its suspend_data encoding ---------- */

var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function packBits(bits) {
  var out = '';
  for (var c = 0; c * 6 < bits.length; c++) {
    var v = 0;
    for (var b = 0; b < 6; b++) if (bits[c * 6 + b]) v |= 1 << b;
    out += B64[v];
  }
  return out;
}
function unpackBits(chars, n) {
  var bits = [];
  for (var i = 0; i < n; i++) {
    var v = B64.indexOf(chars[(i / 6) | 0]);
    if (v < 0) throw new Error('bad character');
    bits.push(((v >> (i % 6)) & 1) === 1);
  }
  return bits;
}

/**
 * What the learner did on this page: lessons and items viewed, each quiz's attempt, random seed
 * and bank draw, and the answers given (responses.js says what an answer is, per type).
 */
function LearnerState(plan) {
  var self = this;
  this.plan = plan;
  this.itemBit = {}; // item id -> index in `viewed`
  this.qIndex = {};  // question id -> index in plan.questions
  var n = plan.lessons.length;
  plan.groups.forEach(function (g) { g.items.forEach(function (id) { self.itemBit[id] = n++; }); });
  // Video and audio blocks: one bit each, set once played to their share, after the items.
  (plan.media || []).forEach(function (m) { self.itemBit[m.id] = n++; });
  plan.questions.forEach(function (q, qi) { self.qIndex[q.id] = qi; });
  this.quizIndex = {}; // quiz id ('' for the page's implicit quiz) -> index in plan.quizzes
  plan.quizzes.forEach(function (qz, k) { self.quizIndex[qz.id == null ? '' : qz.id] = k; });
  this.bits = n;
  this.viewed = new Array(n).fill(false);
  this.answers = plan.questions.map(function () { return null; });
  this.quizzes = plan.quizzes.map(function () {
    return { attempt: 1, seed: Math.floor(Math.random() * 4096), drawn: null };
  });
}
/** The state as a string of fixed length (docs/runtime.md, "cmi.suspend_data encoding"). */
LearnerState.prototype.encode = function () {
  var self = this, plan = this.plan;
  var out = '2.' + packBits(this.viewed) + '.';
  function answer(qi) { var q = plan.questions[qi]; return cp.response(q).encode(q, self.answers[qi]); }
  plan.quizzes.forEach(function (qz, k) {
    var st = self.quizzes[k];
    out += B64[Math.min(st.attempt, 63)] + B64[(st.seed >> 6) & 63] + B64[st.seed & 63];
    if (qz.draw) out += packBits(qz.questions.map(function (id) { return !!st.drawn && st.drawn.indexOf(id) >= 0; }));
    qz.questions.forEach(function (id) { out += answer(self.qIndex[id]); });
  });
  plan.questions.forEach(function (q, qi) { if (!q.scored) out += answer(qi); });
  return out;
};
/** The state a saved string holds, or null when it is not this page's (version, length, characters). */
LearnerState.prototype.decode = function (s) {
  var self = this, plan = this.plan;
  var vlen = Math.ceil(this.bits / 6);
  if (typeof s !== 'string' || s.slice(0, 2) !== '2.' || s[2 + vlen] !== '.') return null;
  try {
    var pos = 3 + vlen;
    var take = function (w) { var part = s.slice(pos, pos + w); if (part.length !== w) throw new Error('short'); pos += w; return part; };
    var out = { viewed: unpackBits(s.slice(2, 2 + vlen), this.bits), answers: plan.questions.map(function () { return null; }), quizzes: [] };
    var answer = function (qi) { var q = plan.questions[qi]; out.answers[qi] = cp.response(q).decode(q, take(cp.response(q).width(q))); };
    plan.quizzes.forEach(function (qz) {
      var head = take(3);
      var attempt = B64.indexOf(head[0]), hi = B64.indexOf(head[1]), lo = B64.indexOf(head[2]);
      if (attempt < 1 || hi < 0 || lo < 0) throw new Error('bad quiz');
      var drawn = null;
      if (qz.draw) {
        var bits = unpackBits(take(Math.ceil(qz.questions.length / 6)), qz.questions.length);
        drawn = qz.questions.filter(function (id, i) { return bits[i]; });
        if (drawn.length !== Math.min(qz.draw, qz.questions.length)) throw new Error('bad draw');
      }
      out.quizzes.push({ attempt: attempt, seed: hi * 64 + lo, drawn: drawn });
      qz.questions.forEach(function (id) { answer(self.qIndex[id]); });
    });
    plan.questions.forEach(function (q, qi) { if (!q.scored) answer(qi); });
    if (pos !== s.length) return null;
    return out;
  } catch (e) { return null; }
};
/** Whether a question counts in this attempt: not left out of its quiz's draw. */
LearnerState.prototype.active = function (qi) {
  var q = this.plan.questions[qi];
  if (!q.scored) return true;
  var k = this.quizOf(q);
  var st = this.quizzes[k];
  return !st || !st.drawn || st.drawn.indexOf(q.id) >= 0;
};
/** The index in plan.quizzes of a scored question's quiz (its own, or the page's implicit one). */
LearnerState.prototype.quizOf = function (q) {
  var k = this.quizIndex[q.quiz == null ? '' : q.quiz];
  return k == null ? -1 : k;
};

/* ---------- The runtime of one page ---------- */

cp.start = function () {
  var dataEl = doc.getElementById('cp-data');
  if (!dataEl) return;
  var plan;
  try { plan = JSON.parse(dataEl.textContent); } catch (e) { console.warn('coursepack: unreadable #cp-data', e); return; }
  plan.lessons = plan.lessons || [];
  plan.groups = plan.groups || [];
  plan.questions = plan.questions || [];
  plan.quizzes = plan.quizzes || [];
  plan.questions.forEach(function (q) { if (q.scored == null) q.scored = true; });
  plan.groups.forEach(function (g, gi) { g.index = gi; });
  plan.media = plan.media || [];
  // A media's objective follows the groups' (scorm12.js writes both from `index`).
  plan.media.forEach(function (m, k) { m.index = plan.groups.length + k; });

  var S = plan.strings || {};
  var lessons = plan.lessons;
  var rule = plan.completion || { pages: true };
  var state = new LearnerState(plan);

  function t(key, vars) {
    var s = S[key] != null ? String(S[key]) : key;
    for (var k in vars) s = s.split('{' + k + '}').join(String(vars[k]));
    return s;
  }

  /* The session: what the LMS said at launch (docs/runtime.md, "LMS modes"). */
  var session = {
    mode: 'normal',      // normal | browse | review (cmi.core.lesson_mode)
    entry: 'ab-initio',  // ab-initio | resume | '' (cmi.core.entry)
    credit: 'credit',    // credit | no-credit (cmi.core.credit): the LMS's business, nothing changes here
    writes: false,       // the LMS is told what the learner does: normal mode with a backend
    readOnly: false,     // review: answers cannot change
    mastery: plan.mastery == null ? null : Number(plan.mastery),
    ended: false         // the learner left with the exit button
  };
  var held = { status: '', score: null }; // what the LMS holds, as far as the runtime knows

  /* ---------- Rules: completion, score, verdict, attempts ---------- */

  function answered(qi) { return !!state.answers[qi]; }
  function right(qi) { return answered(qi) && cp.isCorrect(plan.questions[qi], state.answers[qi]); }
  /** Indexes of a quiz's questions that count in its current attempt. */
  function quizQuestions(k) {
    return plan.quizzes[k].questions.map(function (id) { return state.qIndex[id]; }).filter(function (qi) { return state.active(qi); });
  }
  /** A percentage with at most two decimals, as written to the LMS ("66.67"). */
  function percent(qis) {
    var n = qis.length;
    return String(n ? Math.round(100 * 100 * qis.filter(right).length / n) / 100 : 0);
  }
  function quizComplete(k) { return quizQuestions(k).every(answered); }
  function quizPassed(k) { return session.mastery == null || parseFloat(percent(quizQuestions(k))) >= session.mastery; }
  function attemptsLeft(k) { var a = plan.quizzes[k].attempts; return a == null || state.quizzes[k].attempt < a; }
  /** A quiz is over once complete and passed, or complete with no attempt left. */
  function quizFinal(k) { return quizComplete(k) && (quizPassed(k) || !attemptsLeft(k)); }
  function scoredQuestions() {
    var out = [];
    plan.quizzes.forEach(function (qz, k) { out = out.concat(quizQuestions(k)); });
    return out;
  }
  /** The score is final once every quiz is over. */
  function scoreFinal() {
    return plan.quizzes.length > 0 && plan.quizzes.every(function (qz, k) { return quizFinal(k); });
  }
  /** The score as written to the LMS: the share of the attempt's scored questions answered right. */
  function scoreText() { return percent(scoredQuestions()); }
  /** Passed or failed, compared the way an LMS compares: the written score against the mastery score. */
  function verdict() { return parseFloat(scoreText()) >= session.mastery ? 'passed' : 'failed'; }
  function computeStatus() {
    var done = true;
    if (rule.pages) done = state.viewed.slice(0, lessons.length).every(Boolean);
    // Items: every tab, slide and panel, and every unscored question (knowledge checks, surveys).
    if (rule.items) {
      done = done && state.viewed.slice(lessons.length).every(Boolean) &&
        plan.questions.every(function (q, qi) { return q.scored || answered(qi); });
    }
    if (!done) return 'incomplete';
    if (rule.quiz && plan.quizzes.length) return scoreFinal() ? verdict() : 'incomplete';
    // A final score goes to the LMS; with a mastery score the LMS derives the verdict from it.
    if (scoreFinal() && session.mastery != null) return verdict();
    return 'completed';
  }

  /* ---------- Tracking ---------- */

  var backend = null;   // null = tracking off
  var holdLocation = false; // true while the resume prompt waits for an answer

  function notify(key) {
    var el = first('data-cp-notice');
    if (el) { el.textContent = key ? t(key) : ''; show(el, !!key); }
  }
  /** Calls the backend when the LMS is told anything in this session. */
  function track(fn) {
    if (!backend || !session.writes || session.ended) return;
    try { fn(backend); } catch (e) { console.warn('coursepack: tracking error', e); }
  }
  function groupDone(g) { return g.items.every(function (id) { return state.viewed[state.itemBit[id]]; }); }

  function markItem(g, id) {
    var bit = state.itemBit[id];
    if (bit == null || state.viewed[bit]) return false;
    state.viewed[bit] = true;
    track(function (b) { b.recordItem(g, id, g.items.indexOf(id)); });
    if (groupDone(g)) track(function (b) { b.recordGroupComplete(g); });
    return true;
  }

  /** After every change: the result when it changed (score and status in one sequence), then the state. */
  function sync() {
    if (backend && session.writes && !session.ended) {
      var status = computeStatus();
      // Never downgrade a status the LMS already holds (e.g. after a lost suspend_data).
      if (status === 'incomplete' && FINAL.test(held.status)) status = held.status;
      var score = status !== 'incomplete' && scoreFinal() ? scoreText() : null;
      if (status !== held.status || (score !== null && score !== held.score)) {
        held.status = status;
        if (score !== null) held.score = score;
        track(function (b) { b.setResult(status, score); });
      }
      track(function (b) { b.saveState(state.encode()); });
    }
    render();
  }

  /** A submitted answer: kept, journaled with its attempt, then the result and the state. */
  function answer(qi, response) {
    var q = plan.questions[qi];
    var k = q.scored ? state.quizOf(q) : -1;
    state.answers[qi] = response;
    var attempt = k >= 0 ? state.quizzes[k].attempt : 1;
    track(function (b) { b.recordAnswer(q, response, cp.response(q).right(q, response), attempt); });
    sync();
  }

  /* ---------- Lessons, progress, outcome ---------- */

  var lessonEls = indexBy('data-cp-lesson');
  var sections = lessons.map(function (id) { return lessonEls[id]; });
  var current = -1;
  var progressEl = first('data-cp-progress');
  var positionEl = first('data-cp-position');
  var prevBtn = first('data-cp-prev');
  var nextBtn = first('data-cp-next');
  var outcomeEl = first('data-cp-outcome');
  var widgets = [];

  function render() {
    var counted = plan.questions.map(function (q, qi) { return qi; }).filter(function (qi) { return state.active(qi); });
    var done = state.viewed.filter(Boolean).length + counted.filter(answered).length;
    var total = state.viewed.length + counted.length;
    var pct = total ? Math.round(100 * done / total) : 0;
    if (progressEl) {
      progressEl.setAttribute('aria-valuenow', pct);
      progressEl.setAttribute('aria-valuetext', pct + '%');
      progressEl.style.setProperty('--cp-progress', pct + '%');
    }
    if (outcomeEl) {
      var parts = [];
      if (scoreFinal()) parts.push(t('score', { score: scoreText() }));
      var st = computeStatus();
      if (st !== 'incomplete') parts.push(t(st));
      outcomeEl.textContent = parts.join(' · ');
      show(outcomeEl, parts.length > 0);
    }
    widgets.forEach(function (w) { if (w.update) w.update(); });
  }

  function showLesson(i, focus) {
    if (i < 0 || i >= lessons.length || !sections[i] || session.ended) return;
    current = i;
    sections.forEach(function (s, k) { show(s, k === i); });
    all('[data-cp-goto]').forEach(function (a) {
      if (a.closest('[data-cp-lesson]')) return; // a link in the text is no contents entry
      if (a.getAttribute('data-cp-goto') === lessons[i]) a.setAttribute('aria-current', 'step');
      else a.removeAttribute('aria-current');
    });
    if (prevBtn) prevBtn.disabled = i === 0 && !leaves('previous');
    if (nextBtn) nextBtn.disabled = i === lessons.length - 1 && !leaves('continue');
    if (positionEl) positionEl.textContent = t('progress', { k: i + 1, n: lessons.length });
    if (!state.viewed[i]) track(function (b) { b.recordLesson(lessons[i]); });
    state.viewed[i] = true;
    // Items visible with the lesson (selected tab, current slide) count as shown.
    widgets.forEach(function (w) { if (w.root && sections[i].contains(w.root) && w.shown) w.shown(); });
    // Views around the lessons (the cover, the summary) give way to the lesson.
    widgets.forEach(function (w) { if (w.lesson) w.lesson(i); });
    if (!holdLocation) track(function (b) { b.setLocation(lessons[i]); });
    sync();
    if (focus) {
      var h = sections[i].querySelector('h1, h2, h3') || sections[i];
      if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
      h.focus();
      try { sections[i].scrollIntoView({ block: 'start' }); } catch (e) { /* old browsers */ }
    }
  }

  function inCurrent(el) { return current >= 0 && sections[current] && sections[current].contains(el); }

  /* ---------- Deep links and history: #<lesson-id>, #<anchor> ---------- */

  var linked = lessons.length > 1;
  function fragment(hash) {
    try { return decodeURIComponent(String(hash || '').replace(/^#/, '')); } catch (e) { return ''; }
  }
  /** The element inside a lesson that a fragment names (a heading `#<lesson-id>/<anchor>`, a
      question `#q-<id>`…); null for a lesson itself or nothing. */
  function targetOf(hash) {
    var h = fragment(hash);
    var el = h ? doc.getElementById(h) : null;
    return el && !el.hasAttribute('data-cp-lesson') && el.closest('[data-cp-lesson]') ? el : null;
  }
  /** The lesson a fragment names: `#<id>`, `#lesson-<id>` (the contents links without
      JavaScript), or any element inside a lesson. */
  function lessonOf(hash) {
    var h = fragment(hash);
    var i = lessons.indexOf(h);
    if (i < 0 && h.indexOf('lesson-') === 0) i = lessons.indexOf(h.slice(7));
    var el = i < 0 ? targetOf(hash) : null;
    if (el) i = lessons.indexOf(el.closest('[data-cp-lesson]').getAttribute('data-cp-lesson'));
    return i;
  }
  /** Writes where the learner is into the URL: `#<lesson-id>`, or the anchor's id. */
  function remember(i, push, target) {
    if (!linked && !target) return;
    try {
      var url = '#' + (target ? target.id : lessons[i]);
      if (push) history.pushState({ cpLesson: lessons[i] }, '', url);
      else history.replaceState({ cpLesson: lessons[i] }, '', url);
    } catch (e) { /* sandboxed frame: no history */ }
  }
  /** Brings an element inside the current lesson into view: the tab, slide or panel holding it
      opens, the page scrolls to it and focus moves there. */
  function reach(el) {
    widgets.forEach(function (w) { if (w.reveal) w.reveal(el); });
    if (!el.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) el.setAttribute('tabindex', '-1');
    el.focus();
    try { el.scrollIntoView({ block: 'start' }); } catch (e) { /* old browsers */ }
  }
  /** A lesson, or a place in one (`target`), chosen by the learner: shown, focused, and one step
      in the browser's history. */
  function go(i, target) {
    if (current < 0 || i < 0 || i >= lessons.length) return;
    // The current lesson again moves nothing, unless a view (the summary) hides it.
    var moved = i !== current || sections[i].hidden;
    if (moved || !target) showLesson(i, !target);
    if (target) reach(target);
    if (moved || target) remember(i, true, target);
  }
  function followHistory() {
    if (current < 0 || session.ended) return;
    var i = lessonOf(location.hash);
    var target = targetOf(location.hash);
    if (i >= 0 && (i !== current || !target)) showLesson(i, !target);
    if (target) reach(target);
  }
  window.addEventListener('popstate', followHistory);
  window.addEventListener('hashchange', followHistory);

  /* ---------- Exit ---------- */

  var exitBtn = first('data-cp-exit');
  var endedEl = first('data-cp-ended');
  var exiting = false; // the learner chose to leave (exit button, or a lesson in another SCO)
  /** Ends the session once: the page goes away, or the learner exits. */
  function finish() {
    if (!backend || session.ended) return;
    widgets.forEach(function (w) { if (w.finish) w.finish(); });
    session.ended = true;
    try { backend.finish({ writes: session.writes, exit: exiting }); } catch (e) { console.warn('coursepack: finish failed', e); }
  }
  function exit() {
    if (session.ended || current < 0) return;
    exiting = true;
    sync();
    finish();
    session.ended = true;
    sections.forEach(function (s) { show(s, false); });
    all('[data-cp-chrome]').forEach(function (el) { show(el, false); });
    show(first('data-cp-resume'), false);
    notify(null);
    if (endedEl) {
      var msg = first('data-cp-ended-text', endedEl) || endedEl;
      msg.textContent = t(!session.writes ? 'exitedClose' : FINAL.test(held.status) ? 'exitedDone' : 'exitedSaved');
      show(endedEl, true);
      endedEl.setAttribute('tabindex', '-1');
      endedEl.focus();
    }
  }

  /* ---------- Navigation wiring ---------- */

  /** Whether the LMS delivers the SCO before (`previous`) or after (`continue`) this page
      (SCORM 2004 lesson SCOs: docs/runtime.md, "Navigation requests"). */
  function leaves(dir) { return !!backend && !session.ended && !!backend.navigates && backend.navigates(dir); }
  /** Past the page's first or last lesson: asks the LMS for the SCO there, and ends this one. */
  function step(i, dir) {
    if (current >= 0 && (i < 0 || i >= lessons.length) && leaves(dir)) { backend.navigate(dir); exit(); } else go(i);
  }
  // Before the saved state is in (xAPI reads it over the network), the pager does nothing.
  if (prevBtn) prevBtn.addEventListener('click', function () { step(current - 1, 'previous'); });
  if (nextBtn) nextBtn.addEventListener('click', function () { step(current + 1, 'continue'); });
  // Contents entries, and links in the text to a lesson or an anchor (docs/authoring.md).
  all('[data-cp-goto]').forEach(function (a) {
    a.addEventListener('click', function (e) {
      var i = lessons.indexOf(a.getAttribute('data-cp-goto'));
      if (i < 0) return;
      e.preventDefault();
      go(i, targetOf(a.getAttribute('href')));
    });
  });
  if (exitBtn) exitBtn.addEventListener('click', exit);

  /* ---------- What widgets and questions see ---------- */

  var rt = {
    plan: plan,
    t: t,
    state: state,
    session: session,
    inCurrent: inCurrent,
    markItem: markItem,
    sync: sync,
    answer: answer,
    track: track,
    notify: notify,
    quiz: {
      questions: quizQuestions,
      complete: quizComplete,
      passed: quizPassed,
      final: quizFinal,
      attemptsLeft: attemptsLeft,
      score: function (k) { return percent(quizQuestions(k)); }
    },
    groupById: {},
    // For the views around the lessons (navigation.js): the lessons, going to one, the result.
    sections: sections,
    current: function () { return current; },
    go: go,
    exit: exit,
    leaves: leaves,
    status: computeStatus,
    scoreFinal: scoreFinal,
    scoreText: scoreText,
    tracking: function () { return !!backend; }
  };
  plan.groups.forEach(function (g) { rt.groupById[g.id] = g; });
  cp.widgets.forEach(function (setup) {
    try { widgets = widgets.concat(setup(rt) || []); } catch (e) { console.warn('coursepack: widget setup failed', e); }
  });

  /* ---------- Start ---------- */

  /** Takes in a saved state: `saved` = {location, data, status, score, entry, mode, credit, mastery}. */
  function restore(saved) {
    var st = state.decode(saved.data);
    if (!st) return;
    // Keep anything done while the state was on its way (xAPI).
    state.viewed = st.viewed.map(function (v, i) { return v || state.viewed[i]; });
    // Per quiz: an untouched quiz takes the saved attempt, draw and answers; one the learner
    // already worked on meanwhile (xAPI, state read late) keeps its attempt and takes the saved
    // answers it lacks when the saved state is of the same attempt and draw.
    plan.quizzes.forEach(function (qz, k) {
      var local = state.quizzes[k], saved = st.quizzes[k];
      var ids = qz.questions.map(function (id) { return state.qIndex[id]; });
      var touched = local.attempt > 1 || ids.some(function (qi) { return !!state.answers[qi]; });
      var sameDraw = String(local.drawn) === String(saved.drawn);
      if (!touched) state.quizzes[k] = saved;
      if (!touched || (saved.attempt === local.attempt && sameDraw)) {
        ids.forEach(function (qi) { state.answers[qi] = state.answers[qi] || st.answers[qi]; });
      }
    });
    plan.questions.forEach(function (q, qi) { if (!q.scored) state.answers[qi] = state.answers[qi] || st.answers[qi]; });
    widgets.forEach(function (w) { if (w.restored) w.restored(); });
    plan.groups.forEach(function (g) { if (groupDone(g)) track(function (b) { b.recordGroupComplete(g, true); }); });
  }

  function begin(saved) {
    saved = saved || {};
    if (!backend) notify(tracker ? tracker.notice : 'trackingOff');
    else {
      session.mode = /^(browse|review)$/.test(saved.mode || '') ? saved.mode : 'normal';
      session.entry = saved.entry == null ? 'ab-initio' : String(saved.entry);
      session.credit = saved.credit === 'no-credit' ? 'no-credit' : 'credit';
      session.writes = session.mode === 'normal';
      session.readOnly = session.mode === 'review';
      var m = parseFloat(saved.mastery);
      if (saved.mastery !== '' && saved.mastery != null && isFinite(m) && m >= 0 && m <= 100) session.mastery = m;
      held.status = saved.status || '';
      held.score = saved.score ? String(saved.score) : null;
      if (session.mode === 'review') notify('reviewMode');
      if (session.mode === 'browse') notify('browseMode');
      if (session.writes) backend.open(plan.groups.concat(plan.media));
    }
    // What a reopened attempt restores (docs/runtime.md, "LMS modes").
    var finished = FINAL.test(held.status);
    var restoring = !!backend && (session.mode === 'review' ||
      (session.mode === 'normal' && (session.entry === 'resume' || session.entry === '')));
    if (restoring) restore(saved);
    widgets.forEach(function (w) { if (w.ready) w.ready(session); });

    var linkedTo = linked ? lessonOf(location.hash) : -1;
    var linkedTarget = targetOf(location.hash);
    var bookmark = restoring && session.mode === 'normal' && !finished ? lessons.indexOf(saved.location) : -1;
    var resume = first('data-cp-resume');
    if (linkedTo >= 0) {
      // A deep link wins over the bookmark.
      showLesson(linkedTo, false);
      if (linkedTarget) reach(linkedTarget);
      remember(linkedTo, false, linkedTarget);
    } else if (resume && bookmark > 0) {
      holdLocation = true;
      var reply = function (yes) {
        if (!holdLocation) return;
        holdLocation = false;
        show(resume, false);
        var i = yes ? bookmark : current;
        showLesson(i, true);
        remember(i, false);
      };
      var yesBtn = first('data-cp-resume-yes', resume);
      var noBtn = first('data-cp-resume-no', resume);
      if (yesBtn) yesBtn.addEventListener('click', function () { reply(true); });
      if (noBtn) noBtn.addEventListener('click', function () { reply(false); });
      show(resume, true);
      showLesson(0, false);
      if (yesBtn) yesBtn.focus();
    } else {
      showLesson(0, false);
      if (linkedTarget) reach(linkedTarget);
      remember(0, false, linkedTarget);
    }
    if (exitBtn) show(exitBtn, !!backend);
    widgets.forEach(function (w) { if (w.started) w.started(); });
  }

  /** A saved state that arrives after the start (xAPI: the State API answered late). */
  function lateState(saved) {
    if (!saved || session.ended) return;
    if (FINAL.test(saved.status || '') && !FINAL.test(held.status)) held.status = saved.status;
    restore(saved);
    sync();
  }

  var tracker = null;
  try {
    tracker = cp.backend ? cp.backend({ plan: plan, t: t, notify: notify, state: state, lateState: lateState, lessonOf: function (el) {
      var s = el && el.closest('[data-cp-lesson]');
      return s ? s.getAttribute('data-cp-lesson') : null;
    } }) : null;
    if (tracker && tracker.start()) backend = tracker;
  } catch (e) { console.warn('coursepack: tracking unavailable', e); backend = null; }
  var begun = false;
  var once = function (saved) {
    if (begun) return;
    begun = true;
    try { begin(saved); } catch (e) { console.warn('coursepack: start failed', e); }
  };
  if (!backend) once(null);
  else {
    try { backend.loadState(once); } catch (e) { console.warn('coursepack: tracking unavailable', e); backend = null; once(null); }
  }

  window.addEventListener('pagehide', finish);
  window.addEventListener('beforeunload', finish);
  window.addEventListener('unload', finish);
};
