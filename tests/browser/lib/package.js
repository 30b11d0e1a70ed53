'use strict';
// What the suite knows about the package under test, read from the files themselves: the SCO
// pages (imsmanifest.xml) and each page's tracking plan (#cp-data). Nothing here is specific to
// one course. Also an independent implementation of the suspend_data encoding and of the
// completion rule of docs/runtime.md, to check the runtime against.
const fs = require('node:fs');
const path = require('node:path');

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

function bitsToText(bits) {
  let out = '';
  for (let start = 0; start < bits.length; start += 6) {
    let value = 0;
    bits.slice(start, start + 6).forEach((on, i) => { if (on) value += 2 ** i; });
    out += B64.charAt(value);
  }
  return out;
}

/**
 * Expected cmi.suspend_data for a state given as
 *   viewedLessons: Set of lesson ids, viewedItems: Set of item ids, answers: Map question id -> letters.
 */
function encodeState(plan, { viewedLessons, viewedItems, answers }) {
  const bits = plan.lessons.map((id) => viewedLessons.has(id));
  for (const g of plan.groups) for (const id of g.items) bits.push(viewedItems.has(id));
  let out = `1.${bitsToText(bits)}.`;
  for (const q of plan.questions) {
    const chosen = answers.get(q.id) || [];
    out += bitsToText(q.choices.map((letter) => chosen.includes(letter)));
  }
  return out;
}

function suspendLength(plan) {
  const bits = plan.lessons.length + plan.groups.reduce((n, g) => n + g.items.length, 0);
  return 3 + Math.ceil(bits / 6) + plan.questions.reduce((n, q) => n + Math.ceil(q.choices.length / 6), 0);
}

function isRight(q, letters) {
  return letters.length === q.correct.length && q.correct.every((l) => letters.includes(l));
}

/**
 * The score as an LMS receives it: the percentage of questions answered right with at most two
 * decimals ("66.67"), or null while the score is not final (a scored question is unanswered).
 */
function expectedScore(plan, answers) {
  if (!plan.questions.length || plan.questions.some((q) => !answers.has(q.id))) return null;
  const right = plan.questions.filter((q) => isRight(q, answers.get(q.id))).length;
  return (100 * right / plan.questions.length).toFixed(2).replace(/\.?0+$/, '') || '0';
}

/**
 * Expected score (null until final) and lesson_status for a state. `mastery` is the mastery score
 * in force (the LMS's `cmi.student_data.mastery_score` when it gives one, else the course's):
 * passed/failed compare the written score with it, as Moodle's StoreData and scorm-again do.
 */
function expectedOutcome(plan, { viewedLessons, viewedItems, answers }, { mastery = plan.mastery } = {}) {
  const score = expectedScore(plan, answers);
  const rule = plan.completion;
  let met = true;
  if (rule.pages) met = plan.lessons.every((id) => viewedLessons.has(id));
  if (rule.items) met = met && plan.groups.every((g) => g.items.every((id) => viewedItems.has(id)));
  const verdict = () => (Number(score) >= Number(mastery) ? 'passed' : 'failed');
  let status;
  if (!met) status = 'incomplete';
  else if (rule.quiz && plan.questions.length) status = score === null ? 'incomplete' : verdict();
  else if (score !== null && mastery != null && mastery !== '') status = verdict();
  else status = 'completed';
  return { score: status === 'incomplete' ? null : score, status };
}

/** A wrong answer for q (the correct one if every choice is correct and multiple). */
function wrongAnswer(q) {
  if (!q.multiple) return [q.choices.find((l) => !q.correct.includes(l)) || q.correct[0]];
  const wrong = q.choices.filter((l) => !q.correct.includes(l));
  return wrong.length ? q.choices.filter((l) => l === q.correct[0] || l === wrong[0]) : q.correct.slice();
}

module.exports = {
  CHROMIUM, packageDir, checkChromium, scoPages, scoMastery, readPlan, encodeState, suspendLength, expectedScore, expectedOutcome, isRight, wrongAnswer,
};
