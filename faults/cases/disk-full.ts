/**
 * A full data dir mid-airing (issue 14, item 2: silent dead air, 4,729 log lines in 100 s, an
 * 89.5 s item logged `aired` 128.7 s, an air-now that vanished with LP_ERR_INTERNAL, login 500).
 * The data dir is a small tmpfs (root only; `skipped` otherwise), filled to the last byte for 15 s
 * while a notice airs. Checked: the air goes on, "disk full" is surfaced in /api/status, an
 * air-now and a login meanwhile are served or refused with a code that names the disk or the store
 * (an accepted air-now gets a row), the log is not
 * flooded, and once space is back the row tells the truth (no longer than the audio).
 */
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { longestHole, sec } from '../harness/air.js';
import { airedTwice, airNow, codeIn, describe, idleHole, onAirWithListener, settled, titled } from '../harness/airing.js';
import { check, skipped, sleep, verdict, type FaultCase } from '../harness/case.js';
import { HOLE_MS, LOG_LINES_PER_S } from '../harness/limits.js';
import { rowsHonest } from '../harness/outage.js';
import { alsoAtTheEnd } from '../harness/proc.js';
import { ADMIN_PASSWORD } from '../harness/station.js';

const FULL_MS = 15_000;

/** Writes zeros until the file system says ENOSPC; returns the bytes written. */
function fill(path: string): number {
  const fd = openSync(path, 'w');
  let total = 0;
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          total += writeSync(fd, chunk);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw e;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return total;
}

const c: FaultCase = {
  names: ['disk-full-mid-airing'],
  timeoutMs: 300_000,
  async run(ctx) {
    if (process.getuid?.() !== 0) return [skipped('disk-full-mid-airing', 'needs root to mount a small tmpfs')];
    const mnt = mkdtempSync(join(tmpdir(), 'lp-faults-full-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=128m,mode=0755', 'tmpfs', mnt], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      rmdirSync(mnt);
      return [skipped('disk-full-mid-airing', `mount -t tmpfs refused: ${mounted.stderr.trim()}`)];
    }
    const unmount = () => {
      spawnSync('umount', ['-l', mnt]);
      rmSync(mnt, { recursive: true, force: true });
    };
    const forget = alsoAtTheEnd(unmount);
    ctx.defer(() => {
      forget();
      unmount();
    });
    const st = await ctx.own({ dataDir: join(mnt, 'data') });
    ctx.defer(() => st.dispose()); // before the unmount (deferred first, runs last)
    const title = 'Bản tin khi đầy đĩa';
    const w = await onAirWithListener(st, title, 40);
    const filler = join(mnt, 'filler.bin');
    const mark = st.output().length;
    const fullAt = Date.now();
    const filled = fill(filler);
    const asked = await airNow(st, { title: 'Bản tin xin phát khi đầy đĩa', seconds: 5, timeoutMs: 60_000 });
    const login = await st.request('POST', '/api/login', { auth: false, body: { username: 'admin', password: ADMIN_PASSWORD }, headers: { origin: st.sb.base } });
    const status = await st.status(5000);
    const warned = /DISK|đầy|dung lượng|ENOSPC|STORE/i.test(JSON.stringify(status?.warnings ?? []));
    await sleep(Math.max(0, fullAt + FULL_MS - Date.now()));
    rmSync(filler);
    const freedAt = Date.now();
    const lines = st.output().slice(mark).split('\n').filter(Boolean).length;
    const rows = await settled(st, title, 120_000);
    const later = asked.ran.code === 0 ? await settled(st, asked.title, 90_000) : rows;
    const rec = await w.stop();
    const hole = longestHole(rec, fullAt, freedAt + 1000);
    const mine = titled(later, title);
    const r = mine[0];
    const truthful = mine.length === 1 && r.status !== 'on-air' && (r.durationSec ?? 0) <= (r.plannedSec ?? 0) + 2;
    const askedRows = titled(later, asked.title);
    const askedCode = codeIn(asked.ran.stderr);
    // A refusal must say what is wrong: the disk (not "invalid audio", not "internal").
    const aboutDisk = (code: string | null) => code !== null && /DISK|FULL|STORE|DATA_DIR/.test(code);
    const fullSec = (freedAt - fullAt) / 1000;
    return [verdict('disk-full-mid-airing', [
      check(hole.ms <= HOLE_MS, `hole on air ${sec(hole.ms)} while full (idle ${idleHole(w, rec)} ms)`),
      check(warned, warned ? 'disk full surfaced in /api/status' : `not surfaced in /api/status (${status ? `${status.warnings?.length ?? 0} warnings, stream ${status.channels?.[0]?.stream}` : 'no answer'})`),
      check(asked.ran.code === 0 ? askedRows.length === 1 : aboutDisk(askedCode),
        `air-now while full: ${asked.ran.code === 0 ? `accepted, ${askedRows.map(describe).join(', ') || 'no row'}` : `refused ${askedCode ?? 'without a code'}`}`),
      check(login.status === 200 || aboutDisk(login.body?.code ?? null), `login while full: HTTP ${login.status} ${login.body?.code ?? ''}`.trim()),
      check(lines <= LOG_LINES_PER_S * fullSec + 5, `${lines} log lines in ${fullSec.toFixed(0)} s full`),
      check(truthful, `row afterwards ${mine.map(describe).join(', ') || 'none'}`),
      check(rowsHonest(mine, hole.ms).ok, rowsHonest(mine, hole.ms).say),
      check(airedTwice(later).length === 0, `aired twice: ${airedTwice(later).length}`),
    ], [`${Math.round(filled / 1048576)} MB filler`])];
  },
};
export default c;
