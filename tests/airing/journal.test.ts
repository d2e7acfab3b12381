/**
 * The airing journal: while the store refuses playout's writes (a lock held past its bound, here
 * by another real connection; a full disk, on a real tmpfs when root), the sink's calls are kept
 * in a preallocated file and answered, so an airing never waits on a write; once the store takes
 * writes again they reach it in order, so the log neither loses what aired nor records what did
 * not. A previous run's leftovers are replayed at start and their unfinished rows closed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AiringLog } from '../../src/airing/index.js';
import { AIRING_JOURNAL_FILE, AiringJournal } from '../../src/airing/journal.js';
import type { AiringStart } from '../../src/airing/port.js';
import { migrate } from '../../src/store/migrations.js';
import type { SqlDb } from '../../src/store/sql.js';
import { openSqlite, SQLITE_FILE } from '../../src/store/sqlite.js';
import { canMountTmpfs, fillDisk, mountTmpfs } from '../support/full-disk.js';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

const T0 = new Date('2026-12-01T08:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const start = (key: string): AiringStart => ({
  channelId: 'chinh', key, scheduledAt: T0, startedAt: T0, title: `Bản tin ${key}`, campaign: null, priority: 'thuong', contentHash: 'h', plannedSeconds: 30, voice: 'espeak',
});

async function station(dir: string, busyRetryMs = 50): Promise<{ db: SqlDb; journal: AiringJournal; log: AiringLog }> {
  const db = openSqlite(join(dir, SQLITE_FILE), { busyRetryMs });
  await migrate(db);
  const journal = AiringJournal.open(join(dir, AIRING_JOURNAL_FILE));
  cleanup.push(async () => {
    await db.close();
    journal.close();
  });
  return { db, journal, log: new AiringLog(db, { journal }) };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lp-journal-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Another connection holding the write lock, as a backup or an open `sqlite3` shell would. */
function lock(dir: string): { release(): void } {
  const other = new Database(join(dir, SQLITE_FILE));
  other.exec('BEGIN IMMEDIATE');
  let held = true;
  const release = () => {
    if (held) (other.exec('COMMIT'), other.close());
    held = false;
  };
  cleanup.push(release);
  return { release };
}

describe('airing journal', () => {
  it('a refused store: the airing is answered from the journal, then reaches the store once, in order', async () => {
    const dir = tempDir();
    const { log } = await station(dir);
    const held = lock(dir);
    const id = await log.begin(start('k1'));
    expect(id).toBeLessThan(0);
    await log.heartbeat(id, at(10));
    await log.finish(id, { status: 'aired', endedAt: at(30) });
    const state = log.journalState();
    expect(state?.entries).toBe(3);
    expect(state?.error.code).toBe('LP_ERR_STORE_FAILED');
    // Nothing airs twice while the rows wait in the journal.
    expect(await log.hasAired('k1')).toBe(true);
    expect(await log.list()).toEqual([]);
    held.release();
    await vi.waitFor(() => expect(log.journalState()).toBeNull(), { timeout: 20_000, interval: 100 });
    const rows = await log.list();
    expect(rows.map((r) => [r.key, r.status, r.durationSec, r.lastSeenAt])).toEqual([['k1', 'aired', 30, at(30).toISOString()]]);
    // The provisional id keeps working for the caller that holds it.
    await log.setVerified(id, true);
    expect((await log.get(rows[0].id))?.verified).toBe(true);
    expect(readFileSync(join(dir, AIRING_JOURNAL_FILE)).every((b) => b === 0)).toBe(true);
  });

  it('a row begun in the store and finished while it refused is finished from the journal', async () => {
    const dir = tempDir();
    const { log } = await station(dir);
    const id = await log.begin(start('k2'));
    expect(id).toBeGreaterThan(0);
    const held = lock(dir);
    await log.finish(id, { status: 'partial', endedAt: at(20), reason: 'luồng phát gián đoạn' });
    expect((await log.get(id))?.status).toBe('on-air');
    held.release();
    await log.noteTransmitter(id, 'pre-roll: thử'); // the next call replays first
    const row = await log.get(id);
    expect([row?.status, row?.durationSec, row?.transmitterNote]).toEqual(['partial', 20, 'pre-roll: thử']);
    expect(log.journalState()).toBeNull();
  });

  it('what a previous run left in the journal is replayed at start and its unfinished airing closed as interrupted', async () => {
    const dir = tempDir();
    const first = await station(dir);
    const held = lock(dir);
    const id = await first.log.begin(start('k3'));
    await first.log.heartbeat(id, at(12));
    // The station dies here (kill -9): nothing more is written, the lock goes with its holder.
    held.release();
    const next = new AiringLog(first.db, { journal: AiringJournal.open(join(dir, AIRING_JOURNAL_FILE)) });
    const closed = await next.recoverUnfinished(at(100));
    expect(closed.map((r) => [r.key, r.status])).toEqual([['k3', 'interrupted']]);
    const rows = await next.list();
    expect(rows.map((r) => [r.key, r.status, r.durationSec])).toEqual([['k3', 'interrupted', 12]]);
    expect(next.journalState()).toBeNull();
  });

  it('a line a crash cut short is dropped, the lines before it kept', () => {
    const dir = tempDir();
    const path = join(dir, AIRING_JOURNAL_FILE);
    const good = JSON.stringify({ op: 'heartbeat', id: 7, at: T0.toISOString() });
    writeFileSync(path, `${good}\n{"op":"finish","id":7,"en`);
    const j = AiringJournal.open(path, 4096);
    cleanup.push(() => j.close());
    expect(j.entries()).toEqual([{ op: 'heartbeat', id: 7, at: T0 }]);
    expect(j.append({ op: 'heartbeat', id: 7, at: at(5) })).toBe(true);
    const text = readFileSync(path).toString('utf8').replace(/\0+$/, '');
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
  });
});

describe.skipIf(!canMountTmpfs)('airing journal on a full disk (a real tmpfs)', () => {
  it('the disk filled mid-airing: the journal (preallocated) takes the calls; freed, the row is in the store', async () => {
    const disk = mountTmpfs(8);
    if (!disk) return;
    cleanup.push(() => disk.unmount());
    const { log } = await station(disk.dir, 0);
    const first = await log.begin(start('k4'));
    expect(first).toBeGreaterThan(0);
    const filler = join(disk.dir, 'filler.bin');
    fillDisk(filler);
    // Enough heartbeats that SQLite's WAL must grow into the full disk.
    const title = 'x'.repeat(60_000);
    let refused = false;
    for (let i = 0; i < 200 && !refused; i++) {
      await log.heartbeat(first, at(i));
      const id = await log.begin({ ...start(`fill-${i}`), title });
      refused = id < 0;
    }
    expect(refused).toBe(true);
    expect(log.journalState()?.error.code).toBe('LP_ERR_STORE_DISK_FULL');
    await log.finish(first, { status: 'aired', endedAt: at(300) });
    rmSync(filler);
    await vi.waitFor(() => expect(log.journalState()).toBeNull(), { timeout: 20_000, interval: 100 });
    const row = (await log.list()).find((r) => r.key === 'k4');
    expect([row?.status, row?.durationSec]).toEqual(['aired', 300]);
  });
});
