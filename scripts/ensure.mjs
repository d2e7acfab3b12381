#!/usr/bin/env node
// Makes `npm start` / `npm test` / `npm run bench` work on a fresh Debian machine with nothing typed
// before them: Debian packages (apt-get when root, else the exact command to type), `npm ci` when
// node_modules is missing or older than the lock file, then the TypeScript build (`tsc -b`: skipped
// when every output is newer than its inputs, so a second `npm test` starts at once).
// Plain JavaScript with no dependencies: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lifecycle = process.env.npm_lifecycle_event ?? '';
const npmOnly = process.argv.includes('--npm-only');

// The server binary of whichever PostgreSQL major Debian ships (15 on bookworm).
const postgresServer = () => existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`));
// Debian package → a file it installs (or a check), asked instead of dpkg (faster, works in containers).
const RUNTIME = {
  ffmpeg: '/usr/bin/ffmpeg', 'espeak-ng': '/usr/bin/espeak-ng', icecast2: '/usr/bin/icecast2',
  // Documents: PDF text layers and rasters (poppler), OCR of scans and photos with Vietnamese data.
  'poppler-utils': '/usr/bin/pdftotext', 'tesseract-ocr': '/usr/bin/tesseract', 'tesseract-ocr-vie': '/usr/share/tesseract-ocr/5/tessdata/vie.traineddata',
};
// postgresql: the store tests start their own server from it (tests/support/postgres.ts).
const TEST = { ...RUNTIME, chromium: '/usr/bin/chromium', procps: '/usr/bin/pgrep', qpdf: '/usr/bin/qpdf', zip: '/usr/bin/zip', postgresql: postgresServer };
const BENCH = { ...RUNTIME, liquidsoap: '/usr/bin/liquidsoap', chromium: '/usr/bin/chromium', qpdf: '/usr/bin/qpdf', postgresql: postgresServer };
const wanted = lifecycle === 'pretest' ? TEST : lifecycle === 'prebench' ? BENCH : RUNTIME;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`LP_ERR_DEPENDENCY_MISSING : lệnh "${cmd} ${args.join(' ')}" thất bại (mã ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

function ensureDebianPackages() {
  const missing = Object.entries(wanted).filter(([, file]) => !(typeof file === 'function' ? file() : existsSync(file))).map(([pkg]) => pkg);
  if (missing.length === 0) return;
  const line = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`LP_ERR_DEPENDENCY_MISSING : thiếu gói ${missing.join(', ')}. Hãy chạy:\n  sudo sh -c '${line}'`);
    process.exit(1);
  }
  console.log(`[loaphuong] cài gói Debian còn thiếu: ${missing.join(' ')}`);
  run('sh', ['-c', line], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.loaphuong-lock-sha256');
  const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
  const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
  if (have === want) return;
  console.log('[loaphuong] npm ci (node_modules thiếu hoặc cũ hơn package-lock.json)');
  run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts=false']);
  writeFileSync(stamp, want);
}

function build() {
  // Build mode compares inputs with dist/tsconfig.tsbuildinfo: a no-op in ~0.3 s instead of a 13 s
  // full compile; a changed input (or tsconfig.json) rebuilds, with the same output as `tsc -p`.
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.json']);
}

if (!npmOnly) ensureDebianPackages();
ensureNodeModules();
if (!npmOnly) build();
