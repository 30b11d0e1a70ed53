'use strict';
// Ralph (a real LRS: PyPI ralph-malph, file backend) for the xAPI tests, started and stopped by
// tests/lrs/start.sh and stop.sh (by process id). tests/lrs/install.sh installs it.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { execFileSync } = require('node:child_process');

const LRS_DIR = path.resolve(__dirname, '..', '..', 'lrs');

function checkRalph() {
  if (!fs.existsSync(path.join(LRS_DIR, '.venv', 'bin', 'ralph'))) {
    throw new Error('Ralph is not installed: run tests/lrs/install.sh (scripts/test.sh does)');
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Start Ralph allowing CORS from `origins`; returns { endpoint, auth, get(path), stop() }. */
async function startRalph(origins) {
  checkRalph();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursepack-ralph-'));
  const port = await freePort();
  const endpoint = execFileSync('bash', [path.join(LRS_DIR, 'start.sh'), dir, String(port), ...origins], { encoding: 'utf8' }).trim();
  const auth = fs.readFileSync(path.join(dir, 'authorization'), 'utf8').trim();
  const ralph = {
    endpoint,
    auth,
    dir,
    async get(rel) {
      const r = await fetch(endpoint + rel, { headers: { authorization: auth, 'x-experience-api-version': '1.0.3' } });
      if (!r.ok) throw new Error(`Ralph GET ${rel}: ${r.status} ${await r.text()}`);
      return r.json();
    },
    /** Every statement of a registration, following `more`. */
    async byRegistration(registration) {
      const out = [];
      let page = await ralph.get(`statements?registration=${registration}&limit=500`);
      for (;;) {
        out.push(...page.statements);
        if (!page.more) return out;
        page = await ralph.get(page.more.replace(/^.*\/statements/, 'statements'));
      }
    },
    stop() {
      execFileSync('bash', [path.join(LRS_DIR, 'stop.sh'), dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return ralph;
}

module.exports = { checkRalph, startRalph, LRS_DIR };
