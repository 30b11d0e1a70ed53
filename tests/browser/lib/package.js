'use strict';
// What the suite knows about the package under test, read from the files themselves: the SCO
// pages (imsmanifest.xml) and each page's tracking plan (#cp-data). Nothing here is specific to
// one course. Also an independent implementation of the suspend_data encoding and of the
// completion rule of docs/runtime.md, to check the runtime against.
const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The package folder, or an Error explaining why the suite cannot run. */
function packageDir() {
  const dir = process.env.COURSEPACK_SCORM_DIR;
  if (!dir) throw new Error('COURSEPACK_SCORM_DIR is not set: point it at an unpacked SCORM 1.2 package (scripts/test.sh builds and unpacks them)');
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new Error(`COURSEPACK_SCORM_DIR=${dir} is not a folder`);
  return abs;
}

function checkChromium() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return CHROMIUM;
}

/** Relative paths of the SCO pages: every scormtype="sco" resource of imsmanifest.xml, else index.html. */
function scoPages(dir) {
  const manifest = path.join(dir, 'imsmanifest.xml');
  let pages = [];
  if (fs.existsSync(manifest)) {
    const xml = fs.readFileSync(manifest, 'utf8');
    for (const m of xml.matchAll(/<resource\b([^>]*)>/g)) {
      const attrs = m[1];
      if (!/scormtype\s*=\s*"sco"/i.test(attrs)) continue;
      const href = /\bhref\s*=\s*"([^"]+)"/.exec(attrs);
      if (href) pages.push(href[1].replace(/&amp;/g, '&'));
    }
  }
  if (!pages.length) pages = ['index.html'];
  for (const p of pages) {
    if (!fs.existsSync(path.join(dir, p.split('?')[0]))) throw new Error(`SCO page ${p} is missing from ${dir}`);
  }
  return pages;
}

/**
 * The mastery score the manifest gives the SCO launched by `page` (adlcp:masteryscore of its
 * item), as the LMS passes it in cmi.student_data.mastery_score; '' when none.
 */
function scoMastery(dir, page) {
  const manifest = path.join(dir, 'imsmanifest.xml');
  if (!fs.existsSync(manifest)) return '';
  const xml = fs.readFileSync(manifest, 'utf8');
  const hrefs = new Map();
  for (const m of xml.matchAll(/<resource\b([^>]*)>/g)) {
    const id = /\bidentifier\s*=\s*"([^"]+)"/.exec(m[1]);
    const href = /\bhref\s*=\s*"([^"]+)"/.exec(m[1]);
    if (id && href) hrefs.set(id[1], href[1].replace(/&amp;/g, '&'));
  }
  for (const m of xml.matchAll(/<item\b([^>]*)>([\s\S]*?)<\/item>/g)) {
    const ref = /\bidentifierref\s*=\s*"([^"]+)"/.exec(m[1]);
    if (!ref || hrefs.get(ref[1]) !== page) continue;
    const score = /<adlcp:masteryscore>\s*([^<]*?)\s*<\/adlcp:masteryscore>/.exec(m[2]);
    return score ? score[1] : '';
  }
  return '';
}

/** The page data (#cp-data) of one page, parsed from the file. */
function readPlan(dir, page) {
  const html = fs.readFileSync(path.join(dir, page.split('?')[0]), 'utf8');
  const m = /<script\b[^>]*\bid="cp-data"[^>]*>([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error(`${page} has no <script id="cp-data">`);
  const plan = JSON.parse(m[1]);
  for (const key of ['lessons', 'groups', 'questions', 'completion', 'strings']) {
    if (!(key in plan)) throw new Error(`${page}: #cp-data lacks "${key}"`);
  }
  return plan;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/*
 * Responses, independently of the runtime: choice, true-false, likert: letters in choice order;
 * fill-in, numeric: the text; matching: per source the target id; sequencing: step ids in order.
 */
const LETTERS = new Set(['choice', 'true-false', 'likert']);
const typeOf = (q) => q.type || 'choice';
const norm = (s, cs) => { const t = String(s).normalize('NFC').replace(/\s+/g, ' ').trim(); return cs ? t : t.toLocaleLowerCase(); };

/** Whether a response is right (null for likert: never right nor wrong). */
function isRight(q, r) {
  switch (typeOf(q)) {
    case 'likert': return null;
    case 'fill-in': return q.accepted.some((a) => norm(a, q.caseSensitive) === norm(r, q.caseSensitive));
    case 'numeric': return Number(r) >= Number(q.min) && Number(r) <= Number(q.max);
    case 'matching': return q.sources.every((s, i) => r[i] === q.targets[i]);
    case 'sequencing': return r.join() === q.correct.join();
    default: return r.length === q.correct.length && q.correct.every((l) => r.includes(l));
  }
}

/** A right response for q. */
function rightAnswer(q) {
  switch (typeOf(q)) {
    case 'likert': return [q.choices[q.choices.length - 1]];
    case 'fill-in': return q.accepted[0];
    case 'numeric': return q.min;
    case 'matching': return q.targets.slice();
    case 'sequencing': return q.correct.slice();
    default: return q.correct.slice();
  }
}

/** A wrong response for q (likert: another point; choice: the right one when every choice is right). */
function wrongAnswer(q) {
  switch (typeOf(q)) {
    case 'likert': return [q.choices[0]];
    case 'fill-in': return 'zz wrong';
    case 'numeric': return String(Number(q.max) + 1000);
    case 'matching': return q.targets.slice(1).concat(q.targets.slice(0, 1));
    case 'sequencing': return [q.correct[1], q.correct[0], ...q.correct.slice(2)];
    case 'true-false': return q.choices.filter((l) => !q.correct.includes(l));
    default: {
      if (!q.multiple) return [q.choices.find((l) => !q.correct.includes(l)) || q.correct[0]];
      const wrong = q.choices.filter((l) => !q.correct.includes(l));
      return wrong.length ? q.choices.filter((l) => l === q.correct[0] || l === wrong[0]) : q.correct.slice();
    }
  }
}

/** What SCORM 1.2 receives for a response (cmi.interactions.n.student_response), by type. */
function scormResponse(q, r) {
  switch (typeOf(q)) {
    case 'true-false': return r[0] === q.choices[0] ? 't' : 'f';
    case 'likert': return r[0];
    case 'fill-in': return norm(r, true);
    case 'numeric': return r;
    case 'matching': return q.sources.map((s, i) => `${s}.${r[i]}`).join(',');
    default: return r.join(',');
  }
}
/** The correct_responses.n.pattern values of a question, in order. */
function scormPatterns(q) {
  switch (typeOf(q)) {
    case 'true-false': return [q.correct[0] === q.choices[0] ? 't' : 'f'];
    case 'likert': return [];
    case 'fill-in': return q.accepted.slice();
    case 'numeric': return q.min === q.max ? [q.min] : [];
    case 'matching': return [q.sources.map((s, i) => `${s}.${q.targets[i]}`).join(',')];
    default: return [q.correct.join(',')];
  }
}
/** What xAPI receives for a response (result.response), by type. */
function xapiResponse(q, r) {
  switch (typeOf(q)) {
    case 'true-false': return r[0] === q.choices[0] ? 'true' : 'false';
    case 'likert': return r[0];
    case 'fill-in': return norm(r, true);
    case 'numeric': return r;
    case 'matching': return q.sources.map((s, i) => `${s}[.]${r[i]}`).join('[,]');
    default: return r.join('[,]');
  }
}

/** Characters a question's answer takes in the learner state (docs/runtime.md). */
function answerWidth(q) {
  switch (typeOf(q)) {
    case 'fill-in': return 2 + 4 * q.maxLength;
    case 'numeric': return 20;
    case 'matching': return q.sources.length;
    case 'sequencing': return q.choices.length;
    default: return Math.ceil(q.choices.length / 6);
  }
}

const quizzesOf = (plan) => plan.quizzes || [{ id: null, questions: plan.questions.map((q) => q.id), attempts: null, draw: null }];

/** Viewed bits: one per lesson, per item, per video or audio block (docs/runtime.md). */
const viewedBits = (plan) => plan.lessons.length + plan.groups.reduce((n, g) => n + g.items.length, 0) + (plan.media || []).length;

function suspendLength(plan) {
  const bits = viewedBits(plan);
  const byId = new Map(plan.questions.map((q) => [q.id, q]));
  let n = 3 + Math.ceil(bits / 6);
  for (const qz of quizzesOf(plan)) {
    n += 3 + (qz.draw ? Math.ceil(qz.questions.length / 6) : 0);
    for (const id of qz.questions) n += answerWidth(byId.get(id));
  }
  for (const q of plan.questions) if (q.scored === false) n += answerWidth(q);
  return n;
}

/**
 * The learner state a suspend_data string holds, decoded here without the runtime's code:
 * { viewedLessons, viewedItems, answers: Map id -> response, quizzes: [{attempt, seed, drawn}] };
 * throws when the string is not this page's.
 */
function decodeState(plan, s) {
  const val = (c) => { const v = B64.indexOf(c); if (v < 0) throw new Error(`bad character ${c}`); return v; };
  const bits = (text, n) => Array.from({ length: n }, (_, i) => ((val(text[Math.floor(i / 6)]) >> (i % 6)) & 1) === 1);
  assert.equal(typeof s, 'string', 'a state string');
  assert.equal(s.length, suspendLength(plan), 'the state has its fixed length');
  assert.equal(s.slice(0, 2), '2.', 'version 2');
  const nbits = viewedBits(plan);
  const vlen = Math.ceil(nbits / 6);
  const viewed = bits(s.slice(2, 2 + vlen), nbits);
  assert.equal(s[2 + vlen], '.');
  let pos = 3 + vlen;
  const take = (w) => { const t = s.slice(pos, pos + w); pos += w; return t; };
  const out = { viewedLessons: new Set(), viewedItems: new Set(), viewedMedia: new Set(), answers: new Map(), quizzes: [] };
  plan.lessons.forEach((id, i) => { if (viewed[i]) out.viewedLessons.add(id); });
  let k = plan.lessons.length;
  for (const g of plan.groups) for (const id of g.items) { if (viewed[k++]) out.viewedItems.add(id); }
  for (const m of plan.media || []) { if (viewed[k++]) out.viewedMedia.add(m.id); }
  const byId = new Map(plan.questions.map((q) => [q.id, q]));
  const answer = (q) => {
    const t = take(answerWidth(q));
    let r = null;
    switch (typeOf(q)) {
      case 'fill-in': {
        const n = val(t[0]) * 64 + val(t[1]);
        if (n) r = Buffer.from(t.slice(2), 'base64url').subarray(0, n).toString('utf8');
        break;
      }
      case 'numeric': {
        const m = { d: '.', '-': '-' };
        const text = [...t].filter((c) => c !== 'A').map((c) => m[c] || c).join('');
        if (text) r = text;
        break;
      }
      case 'matching': {
        const ids = [...t].map((c) => (val(c) ? q.targets[val(c) - 1] : ''));
        if (ids.some(Boolean)) r = ids;
        break;
      }
      case 'sequencing': {
        const ids = [...t].map(val).filter(Boolean).map((v) => q.choices[v - 1]);
        if (ids.length) r = ids;
        break;
      }
      default: {
        const on = bits(t, q.choices.length);
        const letters = q.choices.filter((l, i) => on[i]);
        if (letters.length) r = letters;
      }
    }
    if (r !== null) out.answers.set(q.id, r);
  };
  for (const qz of quizzesOf(plan)) {
    const head = take(3);
    const quiz = { attempt: val(head[0]), seed: val(head[1]) * 64 + val(head[2]), drawn: null };
    if (qz.draw) {
      const on = bits(take(Math.ceil(qz.questions.length / 6)), qz.questions.length);
      quiz.drawn = qz.questions.filter((id, i) => on[i]);
    }
    out.quizzes.push(quiz);
    for (const id of qz.questions) answer(byId.get(id));
  }
  for (const q of plan.questions) if (q.scored === false) answer(q);
  assert.equal(pos, s.length, 'nothing left over');
  return out;
}

/**
 * The state string holds `state` = { viewedLessons, viewedItems, answers, attempts?: Map quiz
 * index -> attempt }: the same views and answers (and attempts, when given).
 */
function checkState(plan, s, state, what = 'suspend_data') {
  const got = decodeState(plan, s);
  assert.deepEqual([...got.viewedLessons].sort(), [...state.viewedLessons].sort(), `${what}: lessons viewed`);
  assert.deepEqual([...got.viewedItems].sort(), [...state.viewedItems].sort(), `${what}: items viewed`);
  assert.deepEqual([...got.viewedMedia].sort(), [...(state.viewedMedia || [])].sort(), `${what}: media played to their share`);
  const norm2 = (m) => [...m.entries()].map(([k, v]) => [k, JSON.stringify(v)]).sort();
  assert.deepEqual(norm2(got.answers), norm2(state.answers), `${what}: answers`);
  if (state.attempts) for (const [k, a] of state.attempts) assert.equal(got.quizzes[k].attempt, a, `${what}: attempt of quiz ${k}`);
  return got;
}

/**
 * The score as an LMS receives it: the percentage of the attempt's scored questions answered
 * right with at most two decimals ("66.67"). `active` (a Set of ids) is the attempt's questions
 * when a bank drew some; by default every scored question.
 */
function expectedScore(plan, answers, active = null) {
  const scored = plan.questions.filter((q) => q.scored !== false && (!active || active.has(q.id)));
  if (!scored.length) return '0';
  const right = scored.filter((q) => answers.has(q.id) && isRight(q, answers.get(q.id))).length;
  return (100 * right / scored.length).toFixed(2).replace(/\.?0+$/, '') || '0';
}

/**
 * Expected score (null until final) and lesson_status for a state: { viewedLessons, viewedItems,
 * viewedMedia?, answers, active?: Set of scored question ids in this attempt, attempts?: Map quiz index ->
 * attempt }. `mastery` is the mastery score in force. A quiz is over once complete and passed, or
 * complete with no attempt left; passed/failed compare the written score with the mastery score,
 * as Moodle's StoreData and scorm-again do.
 */
function expectedOutcome(plan, state, { mastery = plan.mastery } = {}) {
  const { viewedLessons, viewedItems, answers } = state;
  const active = state.active || null;
  const hasMastery = mastery != null && mastery !== '';
  const quizzes = quizzesOf(plan);
  const byId = new Map(plan.questions.map((q) => [q.id, q]));
  const over = quizzes.map((qz, k) => {
    const ids = qz.questions.filter((id) => !active || active.has(id));
    const complete = ids.every((id) => answers.has(id));
    const right = ids.filter((id) => answers.has(id) && isRight(byId.get(id), answers.get(id))).length;
    const score = ids.length ? (100 * right / ids.length).toFixed(2).replace(/\.?0+$/, '') || '0' : '0';
    const passed = !hasMastery || Number(score) >= Number(mastery);
    const attempt = (state.attempts && state.attempts.get(k)) || 1;
    const left = qz.attempts == null || attempt < qz.attempts;
    return complete && (passed || !left);
  });
  const final = quizzes.length > 0 && plan.questions.some((q) => q.scored !== false) && over.every(Boolean);
  const score = final ? expectedScore(plan, answers, active) : null;
  const rule = plan.completion;
  let met = true;
  if (rule.pages) met = plan.lessons.every((id) => viewedLessons.has(id));
  if (rule.items) {
    met = met && plan.groups.every((g) => g.items.every((id) => viewedItems.has(id)))
      && (plan.media || []).every((m) => state.viewedMedia && state.viewedMedia.has(m.id))
      && plan.questions.every((q) => q.scored !== false || answers.has(q.id));
  }
  const verdict = () => (Number(score) >= Number(mastery) ? 'passed' : 'failed');
  let status;
  if (!met) status = 'incomplete';
  else if (rule.quiz && plan.questions.some((q) => q.scored !== false)) status = final ? verdict() : 'incomplete';
  else if (final && hasMastery) status = verdict();
  else status = 'completed';
  return { score: status === 'incomplete' ? null : score, status };
}

module.exports = {
  CHROMIUM, packageDir, checkChromium, scoPages, scoMastery, readPlan, suspendLength, decodeState, checkState, expectedScore, expectedOutcome,
  isRight, rightAnswer, wrongAnswer, answerWidth, scormResponse, scormPatterns, xapiResponse,
};
