'use strict';
// A tiny static HTTP server on 127.0.0.1 (random port) for the browser tests:
//   /pkg/...          the unpacked package under test (COURSEPACK_SCORM_DIR)
//   /harness/...      the stand-in LMS (tests/browser/harness)
//   /node_modules/... scorm-again and axe-core, as installed by npm
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.xml': 'application/xml',
  '.woff2': 'font/woff2', '.mp4': 'video/mp4', '.webm': 'video/webm', '.txt': 'text/plain; charset=utf-8',
  '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.m4a': 'audio/mp4', '.vtt': 'text/vtt; charset=utf-8',
};

function startServer(packageDir) {
  const mounts = [
    ['/pkg/', path.resolve(packageDir)],
    ['/harness/', path.join(ROOT, 'harness')],
    ['/node_modules/scorm-again/', path.join(ROOT, 'node_modules', 'scorm-again')],
    ['/node_modules/axe-core/', path.join(ROOT, 'node_modules', 'axe-core')],
  ];
  const server = http.createServer((req, res) => {
    let pathname;
    try { pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { pathname = ''; }
    for (const [prefix, dir] of mounts) {
      if (!pathname.startsWith(prefix)) continue;
      const file = path.resolve(dir, '.' + pathname.slice(prefix.length - 1));
      if (!file.startsWith(dir + path.sep) && file !== dir) break;
      fs.readFile(file, (err, body) => {
        if (err) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); return; }
        const headers = { 'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream', 'cache-control': 'no-store', 'accept-ranges': 'bytes' };
        // Byte ranges, as any web server answers them: a browser seeks in audio and video with them.
        const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
        if (range && (range[1] || range[2])) {
          const start = range[1] ? Number(range[1]) : Math.max(0, body.length - Number(range[2]));
          const end = range[1] && range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
          if (start > end || start >= body.length) {
            res.writeHead(416, { 'content-range': `bytes */${body.length}` });
            res.end();
            return;
          }
          res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}` });
          res.end(body.subarray(start, end + 1));
          return;
        }
        res.writeHead(200, headers);
        res.end(body);
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

module.exports = { startServer };
