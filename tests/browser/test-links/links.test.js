'use strict';
// Links in Chromium, on the fixture tests/fixtures/valid/links built as one SCORM 1.2 SCO and
// unpacked into COURSEPACK_LINKS_DIR, framed by the test LMS: a link to another lesson shows that
// lesson, a link to a heading of another lesson shows it at that heading, a link to an anchor of
// the same lesson scrolls there (opening the tab or panel that holds it), back and forward retrace
// the steps, a deep link in the launch URL lands on the heading, external links open a new window.
// Then every page of every package in COURSEPACK_PACKAGES_DIR (scripts/test.sh unpacks each built
// zip there) is parsed by Chromium: no attribute may hold a javascript:, vbscript:, data: or
// file: URL as the browser reads it. Without either variable or Chromium every test fails.
const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer } = require('../lib/server');
const { launch, openPage, openInLms } = require('../lib/browser');
const drive = require('../lib/drive');
const pkg = require('../lib/package');

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'valid', 'links');

function dirFrom(variable, what) {
  const dir = process.env[variable];
  if (!dir) throw new Error(`${variable} is not set: point it at ${what} (scripts/test.sh builds it)`);
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new Error(`${variable}=${dir} is not a folder`);
  return abs;
}

const env = {};
let setup = null;
function ready() {
  if (!setup) {
    setup = (async () => {
      env.dir = dirFrom('COURSEPACK_LINKS_DIR', 'the unpacked SCORM 1.2 package of tests/fixtures/valid/links');
      pkg.checkChromium();
      assert.deepEqual(pkg.scoPages(env.dir), ['index.html'], 'the fixture is one SCO');
      env.plan = pkg.readPlan(env.dir, 'index.html');
      env.server = await startServer(env.dir);
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

async function withCourse(hash, fn) {
  const { context, page, rec } = await openPage(env.browser, env.server.origin);
  try {
    const frame = await openInLms(page, env.server.origin, 'index.html', { hash });
    await fn(frame);
    assert.deepEqual(rec.pageErrors, [], 'no uncaught exception');
    assert.deepEqual(rec.offsite, [], 'nothing left the local server');
  } finally { await context.close(); }
}

const link = (frame, name) => frame.getByRole('link', { name, exact: true });

/** Where focus is, the URL's fragment, and whether element `id` is inside the frame's viewport. */
function where(frame, id) {
  return frame.evaluate((id) => {
    const el = document.getElementById(id);
    const r = el ? el.getBoundingClientRect() : null;
    return {
      focus: document.activeElement ? document.activeElement.id : null,
      hash: decodeURIComponent(location.hash),
      inView: !!r && r.height > 0 && r.top >= -1 && r.top < window.innerHeight,
      scrolled: window.scrollY,
    };
  }, id);
}

async function expectAt(frame, lesson, id, message) {
  await drive.expectLesson(frame, lesson);
  await frame.waitForFunction((id) => {
    const el = document.getElementById(id);
    const r = el && el.getBoundingClientRect();
    return r && r.height > 0 && r.top >= -1 && r.top < window.innerHeight && document.activeElement === el;
  }, id, { timeout: 5000 }).catch(async () => {
    assert.fail(`${message}: #${id} focused and in view, found ${JSON.stringify(await where(frame, id))}`);
  });
}

describe('links between lessons and to anchors', () => {
  test('COURSEPACK_LINKS_DIR is the unpacked links fixture and Chromium is installed', async () => {
    assert.equal(env.plan.course, 'https://courses.example.com/links');
    assert.deepEqual(env.plan.lessons, ['01-start', '02-details', '03-end']);
    assert.ok(fs.existsSync(path.join(env.dir, 'media', 'files', 'handout.txt')), 'the linked file is packaged');
  });

  test('a link to another lesson shows it in the same window; back returns', async () => {
    await withCourse('', async (frame) => {
      await drive.expectLesson(frame, '01-start');
      const details = link(frame, 'the details');
      assert.equal(await details.getAttribute('target'), null, 'same window');
      await details.click();
      await expectAt(frame, '02-details', 'lesson-title-02-details', 'the lesson title');
      assert.equal((await where(frame, 'x')).hash, '#02-details');
      await frame.evaluate(() => history.back());
      await drive.expectLesson(frame, '01-start');
      await frame.evaluate(() => history.forward());
      await drive.expectLesson(frame, '02-details');
    });
  });

  test('a link to a heading of another lesson shows that lesson at the heading; back and forward follow', async () => {
    await withCourse('', async (frame) => {
      await link(frame, 'the cause').click();
      await expectAt(frame, '02-details', '02-details/the-cause', 'the heading');
      const at = await where(frame, '02-details/the-cause');
      assert.equal(at.hash, '#02-details/the-cause');
      assert.ok(at.scrolled > 0, 'the page scrolled down to the heading');
      assert.equal(await frame.locator('[id="02-details/the-cause"]').innerText(), 'The cause');
      // From there, on to a heading of the third lesson, then back twice and forward once.
      await link(frame, 'the last lesson').click();
      await expectAt(frame, '03-end', '03-end/wrap-up', 'the third lesson\'s heading');
      await frame.evaluate(() => history.back());
      await expectAt(frame, '02-details', '02-details/the-cause', 'back at the heading');
      await frame.evaluate(() => history.back());
      await drive.expectLesson(frame, '01-start');
      await frame.evaluate(() => history.forward());
      await expectAt(frame, '02-details', '02-details/the-cause', 'forward to the heading');
    });
  });

  test('anchors of the same lesson scroll there and open the tab or panel that holds them', async () => {
    await withCourse('', async (frame) => {
      await link(frame, 'more below').click();
      await expectAt(frame, '01-start', '01-start/more-below', 'the heading below');
      await frame.evaluate(() => history.back());
      await frame.waitForFunction(() => location.hash === '#01-start');

      const secondTab = frame.locator('[id="tab-second"]');
      assert.equal(await secondTab.getAttribute('aria-selected'), 'false');
      await link(frame, 'the second tab').click();
      await expectAt(frame, '01-start', 'panel-second', 'the second tab panel');
      assert.equal(await secondTab.getAttribute('aria-selected'), 'true', 'the tab is selected');

      const panelButton = frame.locator('.cp-acc-button').first();
      assert.equal(await panelButton.getAttribute('aria-expanded'), 'false');
      await link(frame, 'the deep heading').click();
      await expectAt(frame, '01-start', '01-start/inside-the-panel', 'the heading in a closed panel');
      assert.equal(await panelButton.getAttribute('aria-expanded'), 'true', 'the panel opened');

      await link(frame, 'the check').click();
      await expectAt(frame, '01-start', 'q-check', 'the question');
    });
  });

  test('a deep link to a heading in the launch URL lands there', async () => {
    await withCourse('#02-details/the-cause', async (frame) => {
      await expectAt(frame, '02-details', '02-details/the-cause', 'the deep-linked heading');
      await link(frame, 'the start').click();
      await drive.expectLesson(frame, '01-start');
    });
  });

  test('links that leave the package open a new window; the handout opens from media/', async () => {
    await withCourse('', async (frame) => {
      for (const [name, href] of [
        ['the standard', 'https://example.com/scorm'],
        ['mail us', 'mailto:team@example.com'],
        ['the handout', 'media/files/handout.txt'],
      ]) {
        const a = link(frame, name);
        assert.equal(await a.getAttribute('href'), href, name);
        assert.equal(await a.getAttribute('target'), '_blank', `${name} opens a new window`);
        assert.equal(await a.getAttribute('rel'), 'noopener noreferrer', name);
      }
      assert.equal(await link(frame, 'the standard').getAttribute('title'), 'The SCORM 1.2 standard');
    });
  });

  test('titles show what the author wrote, once escaped, with their inline Markdown', async () => {
    const toml = fs.readFileSync(path.join(FIXTURE, 'course.toml'), 'utf8');
    const written = /^title\s*=\s*"([^"]*)"/m.exec(toml)[1];
    const plain = written.replace(/\*/g, '');
    await withCourse('', async (frame) => {
      const seen = await frame.evaluate(() => ({
        title: document.title,
        header: document.querySelector('h1').textContent,
        headerEm: document.querySelector('h1 em') && document.querySelector('h1 em').textContent,
        callout: document.querySelector('.cp-callout-title').textContent,
        calloutCode: document.querySelector('.cp-callout-title code').textContent,
        label: document.querySelector('.cp-block-label').textContent,
        decorativeAlt: document.querySelector('img[width="120"]').getAttribute('alt'),
      }));
      assert.equal(seen.title, plain, '<title>');
      assert.equal(seen.header, plain, 'the header');
      assert.equal(seen.headerEm, 'and');
      assert.equal(seen.callout, 'R&D new code <in> «x» عربي 中文 🎉');
      assert.equal(seen.calloutCode, 'code');
      assert.equal(seen.label, 'Layers of R&D');
      assert.equal(seen.decorativeAlt, '', 'a decorative image has an empty alt');
      await link(frame, 'the details').click();
      const figure = await frame.evaluate(() => {
        const img = document.querySelector('figure img');
        return { alt: img.getAttribute('alt'), style: img.getAttribute('style'), width: img.getBoundingClientRect().width,
          column: img.closest('figure').getBoundingClientRect().width, caption: document.querySelector('figcaption').innerHTML };
      });
      assert.equal(figure.alt, 'A diagram from course to package');
      assert.equal(figure.style, 'inline-size:50%');
      assert.ok(Math.abs(figure.width - figure.column / 2) < 2, `half the column wide (${figure.width} of ${figure.column})`);
      assert.equal(figure.caption, 'The <em>caption</em>, with R&amp;D.');
    });
  });
});

/** Every unpacked package folder under `root`: a folder holding imsmanifest.xml or tincan.xml. */
function packages(root) {
  const out = [];
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const dir = path.join(root, e.name);
    if (fs.existsSync(path.join(dir, 'imsmanifest.xml')) || fs.existsSync(path.join(dir, 'tincan.xml'))) out.push(dir);
    else out.push(...packages(dir));
  }
  return out;
}

function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (/\.html?$/i.test(e.name)) out.push(p);
  }
  return out;
}

/** Attributes holding an unsafe URL in each HTML text, as Chromium parses and resolves them. */
async function unsafeUrls(page, docs) {
  return page.evaluate((docs) => {
    const UNSAFE = ['javascript:', 'vbscript:', 'data:', 'file:'];
    const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'cite', 'background'];
    const found = [];
    for (const { name, html } of docs) {
      // DOMParser builds the tree without running scripts or loading anything.
      const d = new DOMParser().parseFromString(html, 'text/html');
      for (const el of d.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          if (/^on/i.test(attr.name)) found.push(`${name}: <${el.localName} ${attr.name}>`);
          if (!URL_ATTRS.includes(attr.name.toLowerCase())) continue;
          let protocol;
          try { protocol = new URL(attr.value, 'https://package.example/lessons/').protocol; } catch (e) { continue; }
          if (UNSAFE.includes(protocol)) found.push(`${name}: <${el.localName} ${attr.name}="${attr.value}">`);
        }
      }
    }
    return found;
  }, docs);
}

describe('no page of any built package carries an unsafe URL', () => {
  test('every attribute of every page, as Chromium reads it', async () => {
    const root = dirFrom('COURSEPACK_PACKAGES_DIR', 'a folder holding every built package, unpacked');
    const dirs = packages(root);
    assert.ok(dirs.length >= 5, `the built packages are there (${dirs.length})`);
    const { context, page } = await openPage(env.browser, env.server.origin);
    try {
      await page.goto(`${env.server.origin}/pkg/index.html`);
      // The check itself catches the spellings a browser would follow.
      const bait = '<a href="java&#x09;script:alert(1)">a</a><a href=" JaVaScRiPt:x">b</a><img src="data:image/svg+xml,x">'
        + '<a href="&#106;avascript:x">c</a><a href="vbscript:x">d</a><a href="https://ok.example">e</a><a onclick="x">f</a>';
      assert.equal((await unsafeUrls(page, [{ name: 'bait', html: bait }])).length, 6, 'the detector sees the bait');
      let pages = 0;
      for (const dir of dirs) {
        const docs = htmlFiles(dir).map((f) => ({ name: path.relative(root, f), html: fs.readFileSync(f, 'utf8') }));
        pages += docs.length;
        assert.deepEqual(await unsafeUrls(page, docs), [], dir);
      }
      assert.ok(pages >= dirs.length, `pages read (${pages})`);
    } finally { await context.close(); }
  });
});
