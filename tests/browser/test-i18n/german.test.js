'use strict';
// A translated course in Chromium: tests/fixtures/valid/translated-de (written in English, with a
// complete German translation file whose interface strings are German too) built in German as
// SCORM 1.2 and unpacked into COURSEPACK_I18N_DIR. A learner goes through the whole course —
// alone and in an LMS, every lesson, tab, slide and panel, a check without an answer, a wrong
// answer, the quiz, the summary — and at every step the page must show no English: no English
// interface string and no sentence of the English source, in its text or in what assistive
// technologies read out (aria-label, title, alt, placeholder…), document title included.
// Without COURSEPACK_I18N_DIR or Chromium every test fails: nothing is skipped.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('../lib/server');
const { launch, openPage, openInLms, openAlone } = require('../lib/browser');
const drive = require('../lib/drive');
const pkg = require('../lib/package');

const ROOT = path.join(__dirname, '..', '..', '..');
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'valid', 'translated-de');
const EN_STRINGS = path.join(ROOT, 'templates', 'strings', 'en.json');

function i18nDir() {
  const dir = process.env.COURSEPACK_I18N_DIR;
  if (!dir) throw new Error('COURSEPACK_I18N_DIR is not set: point it at the unpacked German SCORM 1.2 package of tests/fixtures/valid/translated-de (scripts/test.sh builds and unpacks it)');
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new Error(`COURSEPACK_I18N_DIR=${dir} is not a folder`);
  return abs;
}

/** The msgid and msgctxt of every entry of a PO file (escapes undone). */
function poEntries(file) {
  const unquote = (s) => JSON.parse(s.replace(/\\([0-7]{3})/g, (_, o) => `\\u${parseInt(o, 8).toString(16).padStart(4, '0')}`));
  const entries = [];
  let cur = null;
  let field = null;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^(msgctxt|msgid|msgstr) (".*")$/.exec(line);
    if (m) {
      if (m[1] === 'msgctxt') { cur = { msgctxt: '', msgid: '', msgstr: '' }; entries.push(cur); }
      field = m[1];
      if (cur) cur[field] = unquote(m[2]);
    } else if (cur && field && line.startsWith('"')) {
      cur[field] += unquote(line);
    } else {
      field = null;
    }
  }
  return entries;
}

/** Markdown as a learner reads it: markup, link targets and image paths left out. */
function plain(markdown) {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)(\{[^}]*\})?/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]/g, '');
}

/**
 * What must not appear in the German package: the English interface strings (the words between
 * their placeholders) and every English source text of the course, each at least 4 characters.
 */
function englishTexts() {
  const en = JSON.parse(fs.readFileSync(EN_STRINGS, 'utf8'));
  const out = new Set();
  for (const [name, value] of Object.entries(en)) {
    if (name === 'languageName') continue;
    for (const piece of value.split(/\{[a-z]+\}/)) {
      if (piece.trim().length >= 4) out.add(piece.trim());
    }
  }
  for (const e of poEntries(path.join(FIXTURE, 'translations', 'de.po'))) {
    if (e.msgctxt.startsWith('interface:') || !e.msgctxt) continue;
    const text = plain(e.msgid).trim();
    if (text.length >= 4) out.add(text);
  }
  return [...out];
}

/** Every text node of the page (outside scripts and styles) and every attribute a person hears or sees. */
function shownText(frame) {
  return frame.evaluate(() => {
    const out = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement && n.parentElement.closest('script, style, template');
      if (!parent && n.nodeValue.trim()) out.push(n.nodeValue.trim());
    }
    const attrs = ['aria-label', 'aria-roledescription', 'aria-valuetext', 'aria-description', 'title', 'alt', 'placeholder'];
    for (const el of document.querySelectorAll('*')) {
      for (const a of attrs) if (el.hasAttribute(a)) out.push(el.getAttribute(a));
      if (el.matches('input[type=button], input[type=submit]')) out.push(el.value);
    }
    return out;
  });
}

const env = {};
let setup = null;
function ready() {
  if (!setup) {
    setup = (async () => {
      env.dir = i18nDir();
      pkg.checkChromium();
      env.scoPage = pkg.scoPages(env.dir)[0];
      env.plan = pkg.readPlan(env.dir, env.scoPage);
      env.english = englishTexts();
      env.server = await startServer(env.dir);
      env.origin = env.server.origin;
      env.browser = await launch();
    })();
  }
  return setup;
}
after(async () => {
  if (env.browser) await env.browser.close();
  if (env.server) await env.server.close();
});
const test = (name, fn) => it(name, async () => { await ready(); await fn(); });

/** Fails naming every English text shown at this step. */
async function noEnglish(frame, step) {
  const shown = await shownText(frame);
  const found = env.english.filter((en) => shown.some((t) => t.includes(en)));
  assert.deepEqual(found, [], `${step}: English shown`);
  return shown;
}

describe('a course translated into German', () => {
  test('COURSEPACK_I18N_DIR is the German package of the translated-de fixture', async () => {
    assert.equal(env.plan.course, 'https://courses.example.com/translated-de');
    assert.equal(env.plan.lang, 'de');
    assert.ok(env.english.length > 60, `the English texts to look for: ${env.english.length}`);
    assert.ok(env.english.includes('Check my answer') && env.english.includes('How water moves'));
  });

  test('the page data holds German interface strings only', async () => {
    const en = JSON.parse(fs.readFileSync(EN_STRINGS, 'utf8'));
    const same = Object.keys(en).filter((k) => k !== 'languageName' && env.plan.strings[k] === en[k] && /[A-Za-z]{4}/.test(en[k]));
    assert.deepEqual(same, [], 'strings still in English');
    assert.equal(env.plan.strings.submit, 'Antwort prüfen');
  });

  test('a learner going through the whole course in an LMS never sees English', async () => {
    const { context, page, rec } = await openPage(env.browser, env.origin);
    try {
      const frame = await openInLms(page, env.origin, env.scoPage);
      const html = await frame.evaluate(() => document.documentElement.getAttribute('lang'));
      assert.equal(html, 'de');
      let shown = await noEnglish(frame, 'first lesson');
      assert.ok(shown.some((t) => t.includes('Wie sich Wasser bewegt')), 'the German lesson title is shown');
      // Every lesson, tab, slide and panel, every question answered (the first one wrongly, after
      // a check without an answer), then the summary.
      const plan = env.plan;
      const lay = await drive.layout(frame, plan);
      const first = plan.questions.find((q) => q.id === 'q-condensation');
      await drive.goTo(frame, lay.questions[first.id]);
      const form = frame.locator(drive.sel('data-cp-question', first.id));
      await form.locator('button[type="submit"]').click();
      await frame.waitForFunction((text) => document.body.innerText.includes(text), plan.strings.chooseFirst);
      await noEnglish(frame, 'a check without an answer');
      await drive.answer(frame, plan, first, pkg.wrongAnswer(first));
      shown = await noEnglish(frame, 'a wrong answer');
      assert.ok(shown.some((t) => t.includes('Falsch.')), 'the German result is shown');
      await drive.goTo(frame, plan.lessons[0]);
      await drive.fullRun(frame, plan, { skip: new Set([first.id]) });
      await noEnglish(frame, 'after every lesson, item and question');
      const finish = frame.locator('[data-cp-finish]');
      if (await finish.count()) {
        await finish.first().click();
        await noEnglish(frame, 'the summary');
      }
      assert.deepEqual(rec.pageErrors, [], 'no uncaught exception');
    } finally { await context.close(); }
  });

  test('opened outside an LMS, the notices are German too', async () => {
    const { context, page, rec } = await openPage(env.browser, env.origin);
    try {
      const frame = await openAlone(page, env.origin, env.scoPage);
      const shown = await noEnglish(frame, 'outside an LMS');
      assert.ok(shown.some((t) => t.includes('Dein Fortschritt wird nicht gespeichert')), 'the German tracking notice');
      assert.deepEqual(rec.pageErrors, [], 'no uncaught exception');
    } finally { await context.close(); }
  });
});
