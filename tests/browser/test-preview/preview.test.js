'use strict';
// `coursepack preview` in Chromium, as an author uses it: a course made by `coursepack init`
// served in the LMS frame with its tracking panel; a tab clicked in the course shows up as an
// interaction in the panel; an edited lesson reloads with the new text where the learner was; a
// broken lesson shows the errors over the course, as `coursepack check` prints them, and the fix
// clears them; the language and format switches; the LMS conditions (review mode, no LMS) and
// reset. The xAPI and cmi5 sides run against the preview server's own endpoint (and, for cmi5,
// its fetch URL); SCORM 2004 against the page's API_1484_11.
// COURSEPACK_BIN names the coursepack binary; without it or Chromium every test fails.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { launch, openPage } = require('../lib/browser');
const { checkChromium } = require('../lib/package');
const drive = require('../lib/drive');

const REPO = path.resolve(__dirname, '..', '..', '..');

function bin() {
  const b = process.env.COURSEPACK_BIN;
  if (!b || !fs.existsSync(b)) throw new Error('COURSEPACK_BIN is not set to the coursepack binary (scripts/test.sh sets it)');
  return path.resolve(b);
}

/** Starts `coursepack preview DIR --port 0` and resolves with its URL once it listens. */
function startPreview(dir, args = []) {
  const child = spawn(bin(), ['preview', dir, '--port', '0', '--color', 'never', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = { stderr: '' };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('preview did not start:\n' + log.stderr)), 20000);
    child.stderr.on('data', (d) => {
      log.stderr += d;
      const m = /preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log.stderr);
      if (m && !log.url) { log.url = m[1]; clearTimeout(timer); resolve({ child, url: m[1], log }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`preview exited with ${code}:\n${log.stderr}`)); });
  });
}

function stop(p) { if (p && p.child.exitCode === null) p.child.kill('SIGTERM'); }

/** The course frame once its runtime has shown a lesson. */
async function course(page) {
  const frame = await (await page.waitForSelector('#pv-course')).contentFrame();
  await frame.waitForFunction(() => {
    const s = [...document.querySelectorAll('[data-cp-lesson]')];
    return s.length > 0 && s.filter((el) => !el.hidden).length === 1 && document.readyState === 'complete';
  });
  return frame;
}

/** Waits for the course frame to show a new document (after a reload) and its runtime to run. */
async function reloaded(page, marker) {
  await page.waitForFunction((m) => {
    const f = document.getElementById('pv-course');
    return f.contentWindow && f.contentWindow.__marker !== m && f.contentDocument.readyState === 'complete' &&
      f.contentDocument.querySelector('[data-cp-lesson]');
  }, marker);
  return course(page);
}

async function mark(frame) {
  const m = String(Math.random());
  await frame.evaluate((v) => { window.__marker = v; }, m);
  return m;
}

const field = (page, name) => page.locator(`#pv-summary dd[data-field="${name}"]`);

/** Switches the shell to `format` and resolves with the course frame once it is relaunched. */
async function switchFormat(page, format) {
  const marker = await mark(await course(page));
  await page.selectOption('#pv-format', format);
  return reloaded(page, marker);
}

/** Clicks tab `n` of the course's first tabs block; resolves once its `experienced` statement is in the panel. */
async function visitTab(page, frame, n) {
  const tab = frame.locator('[data-cp-tabs] [role="tab"]').nth(n);
  const item = await tab.getAttribute('data-cp-item');
  await tab.click();
  await page.waitForFunction((id) => [...document.querySelectorAll('#pv-statements li[data-verb="experienced"]')]
    .some((li) => li.dataset.object.endsWith('/' + id)), item);
}

describe('coursepack preview', () => {
  let work, demo, example, perLesson, browser, ctx;

  before(async () => {
    checkChromium();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'coursepack-preview-'));
    const dir = path.join(work, 'demo');
    const init = spawnSync(bin(), ['init', dir, '--title', 'Preview demo', '--lang', 'en'], { encoding: 'utf8' });
    assert.equal(init.status, 0, init.stderr);
    demo = await startPreview(dir);
    demo.dir = dir;
    const copy = path.join(work, 'example');
    fs.cpSync(path.join(REPO, 'course'), copy, { recursive: true });
    example = await startPreview(copy);
    const split = path.join(work, 'per-lesson');
    fs.cpSync(path.join(REPO, 'course'), split, { recursive: true });
    const toml = path.join(split, 'course.toml');
    fs.writeFileSync(toml, fs.readFileSync(toml, 'utf8').replace(/^\[package\]$/m, '[package]\nsco-per-lesson = true'));
    perLesson = await startPreview(split);
    browser = await launch();
    ctx = await openPage(browser, demo.url.replace(/\/$/, ''));
  });

  after(async () => {
    if (browser) await browser.close();
    stop(demo);
    stop(example);
    stop(perLesson);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('serves the course inside the LMS frame, with the LMS API in the parent page', async () => {
    const { page } = ctx;
    await page.goto(demo.url);
    const frame = await course(page);
    assert.equal(await frame.locator('h1').first().textContent(), 'Preview demo');
    assert.equal(await page.evaluate(() => typeof window.API.LMSInitialize), 'function');
    await page.waitForFunction(() => document.querySelector('#pv-summary dd[data-field="session"]').textContent === 'running');
    assert.equal(await field(page, 'lesson_status').textContent(), 'incomplete');
    assert.match(await field(page, 'launch').textContent(), /^ab-initio · normal · credit$/);
    // The page loaded no preview file: the package's own files, under /course/.
    const own = ctx.rec.requests.filter((r) => r.frameUrl.includes('/course/')).map((r) => new URL(r.url).pathname);
    assert.ok(own.length > 2 && own.every((p) => p.startsWith('/course/')), own.join(', '));
  });

  it('a tab clicked in the course appears as an interaction in the panel', async () => {
    const { page } = ctx;
    const frame = await course(page);
    const tabs = frame.locator('[data-cp-tabs] [role="tab"]');
    const second = tabs.nth(1);
    const item = await second.getAttribute('data-cp-item');
    await second.click();
    const rowSel = `#pv-interactions tbody tr[data-id="${item}"]`;
    await page.waitForSelector(rowSel);
    const cells = await page.locator(`${rowSel} td`).allTextContents();
    assert.deepEqual(cells.slice(1), [item, 'performance', 'viewed', 'neutral']);
    // The same call is in the API log, as the SCO made it.
    const calls = await page.evaluate(() => window.coursepackPreview.calls());
    assert.ok(calls.some((c) => c.fn === 'LMSSetValue' && /^cmi\.interactions\.\d+\.id$/.test(c.args[0]) && c.args[1] === item && c.result === 'true'));
    const used = await field(page, 'suspend_data').textContent();
    assert.match(used, /^ \d+ \/ 4096$/);
  });

  it('an edited lesson reloads with the new text, on the lesson the learner was on', async () => {
    const { page } = ctx;
    let frame = await course(page);
    const lessonId = await frame.locator('[data-cp-goto]').nth(1).getAttribute('data-cp-goto');
    // The course frame beside the panel is narrow: drive.goTo unfolds the lesson menu first.
    await drive.goTo(frame, lessonId);
    await frame.waitForFunction((id) => !document.querySelector(`[data-cp-lesson="${id}"]`).hidden, lessonId);
    const marker = await mark(frame);
    const file = path.join(demo.dir, 'lessons', '02-practice.md');
    const text = fs.readFileSync(file, 'utf8');
    const stamp = `Edited in the preview test ${Date.now()}.`;
    const savedAt = Date.now();
    fs.writeFileSync(file, text.replace(/\n\n/, `\n\n${stamp}\n\n`));
    frame = await reloaded(page, marker);
    await frame.waitForFunction((s) => document.body.textContent.includes(s), stamp);
    const took = Date.now() - savedAt;
    console.log(`# edit to new text in the browser: ${took} ms`);
    // Same lesson, and a resumed session: the LMS handed back what the learner had done.
    assert.equal(await frame.locator(`[data-cp-lesson="${lessonId}"]`).isHidden(), false);
    await page.waitForFunction(() => document.querySelector('#pv-summary dd[data-field="session"]').textContent === 'running');
    assert.match(await field(page, 'launch').textContent(), /^resume · normal · credit$/);
    assert.ok(await page.locator('#pv-interactions tbody tr').count() >= 1, 'interactions of the first session kept');
    const visited = await frame.locator('[data-cp-tabs] [role="tab"]').nth(1).getAttribute('data-cp-item');
    const saved = await page.evaluate(() => window.coursepackPreview.session());
    assert.ok(saved.interactions.some((x) => x.id === visited));
  });

  it('a broken lesson shows the errors over the course as `check` prints them; the fix clears them', async () => {
    const { page } = ctx;
    const file = path.join(demo.dir, 'lessons', '02-practice.md');
    const good = fs.readFileSync(file, 'utf8');
    const broken = good + '\n::: tabs {#unclosed}\n## Only tab\nText\n';
    const line = broken.split('\n').indexOf('::: tabs {#unclosed}') + 1;
    fs.writeFileSync(file, broken);
    await page.waitForSelector('#pv-overlay:not([hidden])');
    const shown = await page.locator('#pv-overlay-text').textContent();
    assert.ok(shown.includes(`lessons/02-practice.md:${line}:`), shown);
    const check = spawnSync(bin(), ['check', demo.dir, '--color', 'never'], { encoding: 'utf8' });
    assert.equal(check.status, 1);
    assert.ok(check.stderr.includes(shown.trim()), `overlay:\n${shown}\ncheck:\n${check.stderr}`);
    assert.match(demo.log.stderr, /`tabs` block is never closed/); // and in the terminal
    assert.equal(await page.locator('#pv-build').getAttribute('data-state'), 'failed');
    // The course behind still runs (the last good build).
    const frame = await course(page);
    assert.equal(await frame.locator('h1').first().textContent(), 'Preview demo');
    fs.writeFileSync(file, good);
    await page.waitForSelector('#pv-overlay', { state: 'hidden' });
    assert.equal(await page.locator('#pv-build').getAttribute('data-state'), 'ok');
  });

  it('review mode and no LMS are LMS conditions of the next launch; reset forgets the learner', async () => {
    const { page } = ctx;
    let frame = await course(page);
    let marker = await mark(frame);
    await page.check('#pv-review');
    frame = await reloaded(page, marker);
    await page.waitForFunction(() => /review · no-credit$/.test(document.querySelector('#pv-summary dd[data-field="launch"]').textContent));
    marker = await mark(frame);
    await page.uncheck('#pv-review');
    await page.uncheck('#pv-lms');
    frame = await reloaded(page, marker);
    assert.equal(await page.evaluate(() => window.API), undefined);
    assert.match(await field(page, 'lms').textContent(), /untracked/);
    marker = await mark(frame);
    await page.check('#pv-lms');
    frame = await reloaded(page, marker);
    // The second tab was opened in an earlier session; after a reset the LMS knows nothing of it.
    const opened = await frame.locator('[data-cp-tabs] [role="tab"]').nth(1).getAttribute('data-cp-item');
    assert.equal(await page.locator(`#pv-interactions tbody tr[data-id="${opened}"]`).count(), 1);
    marker = await mark(frame);
    await page.click('#pv-reset');
    frame = await reloaded(page, marker);
    await page.waitForFunction(() => /^ab-initio · normal · credit$/.test(document.querySelector('#pv-summary dd[data-field="launch"]').textContent));
    assert.equal(await page.locator(`#pv-interactions tbody tr[data-id="${opened}"]`).count(), 0);
    assert.equal(await page.evaluate(() => Object.keys(window.coursepackPreview.saved()).length), 0);
  });

  it('switching to xAPI runs the course against the preview LRS; statements arrive in the panel', async () => {
    const { page } = ctx;
    const frame = await switchFormat(page, 'xapi');
    assert.match(frame.url(), /[?&]endpoint=http%3A%2F%2F127\.0\.0\.1%3A\d+%2F__coursepack%2Fxapi%2F/);
    await page.waitForSelector('#pv-statements li[data-verb="initialized"]');
    await visitTab(page, frame, 2);
    // The LRS keeps the state document the course writes, and the panel shows it.
    await page.waitForFunction(() => /bytes/.test(document.querySelector('#pv-summary dd[data-field="state"]').textContent));
    const stored = await page.evaluate(() => window.coursepackPreview.statements());
    assert.ok(stored.every((s) => s.stored && s.authority && s.id), 'stored, with authority and id');
    // Each once, however many status changes asked the panel to read the log meanwhile.
    assert.equal(new Set(stored.map((s) => s.id)).size, stored.length, 'no statement listed twice');
    // Back to SCORM 1.2.
    await switchFormat(page, 'scorm12');
  });

  it('switching to cmi5 launches the AU as an LMS does: the fetch URL once, LMS.LaunchData, launched', async () => {
    const { page } = ctx;
    const frame = await switchFormat(page, 'cmi5');
    const params = new URL(frame.url()).searchParams;
    const status = await page.evaluate(() => window.coursepackPreview.status());
    const [au] = status.site.aus;
    assert.equal(params.get('activityId'), au.activityId);
    assert.match(au.activityId, /\/au\/[^/]+$/);
    // The LMS wrote `launched` before the AU said `initialized`, in the same session.
    await page.waitForSelector('#pv-statements li[data-verb="initialized"]');
    const stored = await page.evaluate(() => window.coursepackPreview.statements());
    const verbs = stored.map((s) => s.verb.id.split('/').pop());
    assert.deepEqual(verbs.slice(0, 2), ['launched', 'initialized']);
    assert.equal(verbs.filter((v) => v === 'launched').length, 1, 'one launch, listed once');
    const session = (s) => s.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'];
    assert.ok(session(stored[0]) && session(stored[0]) === session(stored[1]), 'one session id');
    assert.equal(stored[1].context.registration, params.get('registration'));
    // A tab is a cmi5 allowed statement, under the AU.
    await visitTab(page, frame, 1);
    await page.waitForFunction(() => [...document.querySelectorAll('#pv-states li')].some((li) => /^LMS\.LaunchData /.test(li.textContent)));
    const launchData = await page.evaluate(() => [...document.querySelectorAll('#pv-states li')].map((li) => li.textContent)
      .find((t) => t.startsWith('LMS.LaunchData ')));
    assert.match(launchData, /"launchMode":"Normal"/);
    assert.match(launchData, new RegExp('"moveOn":"' + au.moveOn + '"'));
    // The fetch URL gives its token once: the same launch asking again gets cmi5's error 1.
    const again = await page.evaluate((url) => fetch(url, { method: 'POST' }).then((r) => r.json()), params.get('fetch'));
    assert.equal(again['error-code'], '1');
    // Back to SCORM 1.2.
    await switchFormat(page, 'scorm12');
  });

  it('switching to SCORM 2004 runs the course against API_1484_11: interactions and the status reach the panel; a finished attempt reopens in review', async () => {
    const { page } = ctx;
    let frame = await switchFormat(page, 'scorm2004');
    assert.deepEqual(await page.evaluate(() => [typeof window.API_1484_11.Initialize, typeof window.API]), ['function', 'undefined']);
    await page.waitForFunction(() => document.querySelector('#pv-summary dd[data-field="session"]').textContent === 'running');
    assert.match(await field(page, 'launch').textContent(), /^ab-initio · normal · credit$/);
    assert.equal(await field(page, 'completion_status').textContent(), 'incomplete');
    const tab = frame.locator('[data-cp-tabs] [role="tab"]').nth(1);
    const item = await tab.getAttribute('data-cp-item');
    await tab.click();
    const rowSel = `#pv-interactions tbody tr[data-id="${item}"]`;
    await page.waitForSelector(rowSel);
    assert.deepEqual((await page.locator(`${rowSel} td`).allTextContents()).slice(1), [item, 'other', 'viewed', 'neutral']);
    // The whole course, every question answered right: the LMS says completed and passed.
    const plan = JSON.parse(await frame.locator('#cp-data').textContent());
    const done = await drive.fullRun(frame, plan);
    await page.waitForFunction(() => document.querySelector('#pv-summary dd[data-field="success_status"]').textContent === 'passed');
    assert.equal(await field(page, 'completion_status').textContent(), 'completed');
    assert.match(await field(page, 'score').textContent(), /^scaled 1 · raw 100$/);
    assert.match(await field(page, 'suspend_data').textContent(), /^ \d+ \/ 64000$/);
    // Every call the course made was taken (a GetValue of an element the LMS has no value for answers 403).
    const calls = await page.evaluate(() => window.coursepackPreview.calls());
    const refused = calls.filter((c) => c.error !== '0' && !(c.fn === 'GetValue' && c.error === '403') && !/^Get(LastError|ErrorString|Diagnostic)$/.test(c.fn));
    assert.deepEqual(refused, []);
    // Each answer is an interaction, right.
    assert.ok(done.answers.size > 0);
    for (const id of done.answers.keys()) {
      assert.equal(await page.locator(`#pv-interactions tbody tr[data-id="${id}"][data-result="correct"]`).count(), 1, id);
    }
    // Relaunched, the finished attempt (completed, left with exit "normal") opens in review.
    const marker = await mark(frame);
    await page.click('#pv-relaunch');
    frame = await reloaded(page, marker);
    await page.waitForFunction(() => /^ab-initio · review · no-credit$/.test(document.querySelector('#pv-summary dd[data-field="launch"]').textContent));
    const kept = await page.evaluate(() => Object.values(window.coursepackPreview.saved())[0].saved);
    assert.deepEqual([kept.completion_status, kept.success_status, kept.exit], ['completed', 'passed', 'normal']);
    // No LMS: neither API.
    const unplugged = await mark(frame);
    await page.uncheck('#pv-lms');
    frame = await reloaded(page, unplugged);
    assert.deepEqual(await page.evaluate(() => [typeof window.API_1484_11, typeof window.API]), ['undefined', 'undefined']);
    const plugged = await mark(frame);
    await page.check('#pv-lms');
    await reloaded(page, plugged);
    await switchFormat(page, 'scorm12');
  });

  it('switching the language shows the course in that language', async () => {
    const { page } = await openPage(browser, example.url.replace(/\/$/, ''));
    await page.goto(example.url);
    let frame = await course(page);
    assert.equal(await frame.evaluate(() => document.documentElement.lang), 'fr');
    const frTitle = await frame.locator('h1').first().textContent();
    const marker = await mark(frame);
    await page.selectOption('#pv-lang', 'en');
    frame = await reloaded(page, marker);
    await frame.waitForFunction(() => document.documentElement.lang === 'en');
    assert.notEqual(await frame.locator('h1').first().textContent(), frTitle);
    assert.equal(await page.locator('#pv-lang').inputValue(), 'en');
    await page.context().close();
  });

  it('with one SCO per lesson, the LMS menu launches each SCO with its own record', async () => {
    const { page } = await openPage(browser, perLesson.url.replace(/\/$/, ''));
    await page.goto(perLesson.url);
    let frame = await course(page);
    const status = await page.evaluate(() => window.coursepackPreview.status());
    const [first, second] = status.site.launches;
    assert.match(first.href, /^lessons\/.+\.html$/);
    assert.equal(await page.locator('#pv-sco').inputValue(), first.href);
    await page.waitForFunction(() => document.querySelector('#pv-summary dd[data-field="session"]').textContent === 'running');
    const marker = await mark(frame);
    await page.selectOption('#pv-sco', second.href);
    frame = await reloaded(page, marker);
    assert.ok(frame.url().endsWith('/course/' + second.href), frame.url());
    await page.waitForFunction(() => document.querySelector('#pv-summary dd[data-field="session"]').textContent === 'running');
    // The first SCO's session ended and the LMS kept it, to resume; the second starts afresh.
    const saved = await page.evaluate(() => window.coursepackPreview.saved());
    assert.deepEqual(Object.keys(saved), [first.key]);
    assert.equal(saved[first.key].entry, 'resume');
    assert.equal(saved[first.key].saved.lesson_location, first.key);
    assert.match(await field(page, 'launch').textContent(), /^ab-initio · normal · credit$/);
    assert.equal(await page.locator('#pv-sco').inputValue(), second.href);
    // SCORM 2004: each SCO its own record too, and a SCO's `continue` request at Terminate launches
    // the next one, as Moodle does.
    frame = await switchFormat(page, 'scorm2004');
    assert.ok(frame.url().endsWith('/course/' + first.href), frame.url());
    await page.waitForFunction(() => document.querySelector('#pv-summary dd[data-field="session"]').textContent === 'running');
    const marker2 = await mark(frame);
    assert.deepEqual(await frame.evaluate(() => [parent.API_1484_11.SetValue('adl.nav.request', 'continue'), parent.API_1484_11.Terminate('')]),
      ['true', 'true']);
    frame = await reloaded(page, marker2);
    assert.ok(frame.url().endsWith('/course/' + second.href), frame.url());
    assert.equal(await page.locator('#pv-sco').inputValue(), second.href);
    assert.deepEqual(Object.keys(await page.evaluate(() => window.coursepackPreview.saved())), [first.key]);
    await page.context().close();
  });
});
