/**
 * SQLite busy: another process holds the write lock of the station's database for 15 s while a
 * notice airs, ends, and another is asked for. The air gets no hole (a write waiting on the lock
 * must not stop the clock), the rows say what happened once the lock is gone (not lost, not longer
 * than the audio), the request meanwhile is aired or refused with a code, and the log is not
 * flooded.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { longestHole, sec } from '../harness/air.js';
import { airedTwice, airNow, codeIn, describe, idleHole, onAirWithListener, settled, titled } from '../harness/airing.js';
import { check, skipped, until, verdict, type FaultCase } from '../harness/case.js';
import { HOLE_MS, LOG_LINES_PER_S } from '../harness/limits.js';
import { rowsHonest } from '../harness/outage.js';
import { killGroup, spawnTracked } from '../harness/proc.js';
import { ROOT } from '../harness/station.js';

const HOLD_MS = 15_000;

/** A second process on the same file: BEGIN IMMEDIATE, hold, COMMIT. Prints "locked" once it holds. */
const LOCKER = `const Database = require(process.argv[1]);
const db = new Database(process.argv[2]);
db.pragma('busy_timeout = 20000');
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); process.exit(0); }, Number(process.argv[3]));`;

const c: FaultCase = {
  names: ['sqlite-busy'],
  timeoutMs: 240_000,
  async run(ctx) {
    const st = await ctx.own();
    const file = join(st.sb.dataDir, 'loaphuong.sqlite');
    if (!existsSync(file)) return [skipped('sqlite-busy', `no ${file} (the store is elsewhere)`)];
    const title = 'Bản tin khi cơ sở dữ liệu bận';
    const w = await onAirWithListener(st, title, 12);
    const mark = st.output().length;
    const locker = spawnTracked(process.execPath, ['-e', LOCKER, join(ROOT, 'node_modules/better-sqlite3'), file, String(HOLD_MS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    ctx.defer(() => locker.pid && killGroup(locker.pid));
    let out = '';
    locker.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const lockedAt = await until(() => (out.includes('locked') ? Date.now() : null), 20_000, 20);
    if (lockedAt === null) throw new Error('the locker never got the write lock');
    const meanwhile = await airNow(st, { title: 'Bản tin xin phát khi bận', seconds: 5, timeoutMs: 60_000 });
    await until(() => locker.exitCode !== null, HOLD_MS + 10_000);
    const releasedAt = Date.now();
    const lines = st.output().slice(mark).split('\n').filter(Boolean).length;
    const rows = await settled(st, title, 90_000);
    const later = meanwhile.ran.code === 0 ? await settled(st, meanwhile.title, 90_000) : rows;
    const rec = await w.stop();
    const hole = longestHole(rec, lockedAt, releasedAt + 1000);
    const mine = titled(later, title);
    const asked = titled(later, meanwhile.title);
    const truthful = mine.length === 1 && ['aired', 'partial'].includes(mine[0].status) && (mine[0].durationSec ?? 0) <= (mine[0].plannedSec ?? 0) + 2;
    const heldSec = (releasedAt - lockedAt) / 1000;
    return [verdict('sqlite-busy', [
      check(hole.ms <= HOLE_MS, `hole on air ${sec(hole.ms)} while the lock was held ${heldSec.toFixed(0)} s (idle ${idleHole(w, rec)} ms)`),
      check(truthful, `airing under the lock ${mine.map(describe).join(', ') || 'no row'}`),
      check(meanwhile.ran.code === 0 ? asked.length === 1 && asked[0].status === 'aired' : codeIn(meanwhile.ran.stderr) !== null,
        `air-now under the lock: ${meanwhile.ran.code === 0 ? `accepted, ${asked.map(describe).join(', ') || 'no row'}` : `refused ${codeIn(meanwhile.ran.stderr) ?? 'without a code'}`} in ${sec(meanwhile.ran.ms)}`),
      check(lines <= LOG_LINES_PER_S * heldSec + 5, `${lines} log lines while locked`),
      check(rowsHonest(mine, hole.ms).ok, rowsHonest(mine, hole.ms).say),
      check(airedTwice(later).length === 0, `aired twice: ${airedTwice(later).length}`),
    ])];
  },
};
export default c;
