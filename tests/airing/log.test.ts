import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AiringLog } from '../../src/airing/index.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { start } from './fixtures/airing-start.js';

const dirs: string[] = [];
const dbs: Db[] = [];
function fresh(): { dir: string; db: Db; log: AiringLog } {
  const dir = mkdtempSync(join(tmpdir(), 'lp-airing-'));
  dirs.push(dir);
  const db = openDatabase(dir);
  dbs.push(db);
  return { dir, db, log: new AiringLog(db) };
}
afterEach(() => {
  while (dbs.length) dbs.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

const t = (s: string) => new Date(s);

describe('AiringLog', () => {
  it('lists by time window (from inclusive, to exclusive), channel, status and campaign, in time order', async () => {
    const { log } = fresh();
    const a = await log.begin(start({ key: 'a', startedAt: t('2026-11-01T23:30:00Z'), channelId: 'to-3', campaign: 'NQ57' }));
    await log.finish(a, { status: 'aired', endedAt: t('2026-11-01T23:31:30Z') });
    const b = await log.begin(start({ key: 'b', startedAt: t('2026-10-31T23:30:00Z'), campaign: 'ATGT' }));
    await log.finish(b, { status: 'partial', endedAt: t('2026-10-31T23:30:40Z') });
    await log.recordMissed({ channelId: 'chinh', key: 'c', scheduledAt: t('2026-11-02T10:00:00Z'), title: 'x', campaign: 'NQ57', priority: 'thuong', reason: 'đài tắt' });
    const window = { from: t('2026-10-31T17:00:00Z'), to: t('2026-11-30T17:00:00Z') };
    expect(log.list(window).map((r) => r.key)).toEqual(['b', 'a', 'c']);
    expect(log.list({ ...window, from: t('2026-11-01T23:30:00Z') }).map((r) => r.key)).toEqual(['a', 'c']);
    expect(log.list({ ...window, to: t('2026-11-01T23:30:00Z') }).map((r) => r.key)).toEqual(['b']);
    expect(log.list({ channelId: 'to-3' }).map((r) => r.key)).toEqual(['a']);
    expect(log.list({ status: 'missed' }).map((r) => r.key)).toEqual(['c']);
    expect(log.list({ campaign: 'NQ57' }).map((r) => r.key)).toEqual(['a', 'c']);
    expect(log.list({ limit: 1 })).toHaveLength(1);
  });

  it('lastActivityAt is the latest start, heartbeat or end, not a missed slot', async () => {
    const { log } = fresh();
    expect(log.lastActivityAt()).toBeNull();
    const id = await log.begin(start({ startedAt: t('2026-11-25T10:00:00Z') }));
    await log.heartbeat(id, t('2026-11-25T10:00:40Z'));
    expect(log.lastActivityAt()).toEqual(t('2026-11-25T10:00:40Z'));
    await log.finish(id, { status: 'aired', endedAt: t('2026-11-25T10:01:10Z') });
    await log.recordMissed({ channelId: 'chinh', key: 'm', scheduledAt: t('2026-11-26T10:00:00Z'), title: 'x', campaign: null, priority: 'thuong', reason: 'đài tắt' });
    expect(log.lastActivityAt()).toEqual(t('2026-11-25T10:01:10Z'));
  });

  it('recoverUnfinished closes on-air rows at their last heartbeat and leaves finished rows alone', async () => {
    const { log } = fresh();
    const done = await log.begin(start({ key: 'done' }));
    await log.finish(done, { status: 'aired', endedAt: t('2026-11-25T10:01:00Z') });
    const open = await log.begin(start({ key: 'open', startedAt: t('2026-11-25T10:05:00Z') }));
    await log.heartbeat(open, t('2026-11-25T10:05:12.500Z'));
    const silent = await log.begin(start({ key: 'silent', startedAt: t('2026-11-25T10:06:00Z') }));
    const rec = log.recoverUnfinished(t('2026-11-25T11:00:00Z'));
    expect(rec.map((r) => [r.key, r.status, r.endedAt, r.durationSec])).toEqual([
      ['open', 'interrupted', '2026-11-25T10:05:12.500Z', 12.5],
      ['silent', 'interrupted', '2026-11-25T10:06:00.000Z', 0],
    ]);
    expect(rec[0].reason).toContain('dừng đột ngột');
    expect(log.get(done)!.status).toBe('aired');
    expect(log.get(silent)!.status).toBe('interrupted');
    expect(log.recoverUnfinished(t('2026-11-25T11:00:01Z'))).toEqual([]);
    // An interrupted item counts as aired: playout must not air it again under the same key.
    expect(await log.hasAired('open')).toBe(true);
  });

  it('unknown ids and a broken store give coded errors', async () => {
    const { db, log } = fresh();
    await expect(log.finish(999, { status: 'aired', endedAt: new Date() })).rejects.toMatchObject({ code: 'LP_ERR_NOT_FOUND' });
    db.close();
    dbs.length = 0;
    await expect(log.begin(start())).rejects.toMatchObject({ code: 'LP_ERR_STORE_FAILED' });
  });

  it('survives kill -9 mid-airing: the next start finds the row and marks it interrupted at the last heartbeat', async () => {
    const { dir } = fresh();
    const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/crash-child.mjs', import.meta.url)), dir, 'crash-key'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let last: { id: number; beats: number; at: string } | null = null;
    let buf = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the child never heartbeat 5 times')), 20_000);
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
      child.stdout.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) last = JSON.parse(l);
        if (last && last.beats >= 5) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve();
        }
      });
    });
    const exited = new Promise((r) => child.on('exit', (_c, sig) => r(sig)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // The heartbeat printed last may be followed by one more written before the kill landed.
    const log = new AiringLog(dbs[0]);
    const before = log.get(last!.id)!;
    expect(before.status).toBe('on-air');
    expect(Date.parse(before.lastSeenAt!)).toBeGreaterThanOrEqual(Date.parse(last!.at));
    const recovered = log.recoverUnfinished(new Date());
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({ id: last!.id, key: 'crash-key', status: 'interrupted', endedAt: before.lastSeenAt, priority: 'khan-cap' });
    expect(recovered[0].durationSec).toBeCloseTo((Date.parse(before.lastSeenAt!) - Date.parse(before.startedAt!)) / 1000, 3);
    expect(recovered[0].durationSec).toBeGreaterThan(0.15);
    expect(await log.hasAired('crash-key')).toBe(true);
  });
});
