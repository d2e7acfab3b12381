/**
 * Another connection (a backup, an operator's `sqlite3` shell) holding the SQLite write lock: our
 * statements wait on timers, never inside the call, so the event loop that paces the air keeps
 * turning; writes land in call order once the lock is gone, reads answer meanwhile, and past the
 * bound a write fails with LP_ERR_STORE_FAILED instead of waiting for ever.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LpError } from '../../src/errors.js';
import type { SqlDb } from '../../src/store/sql.js';
import { openSqlite } from '../../src/store/sqlite.js';

const dirs: string[] = [];
const open: Array<{ close(): unknown }> = [];

afterEach(async () => {
  while (open.length) await open.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

async function lockedDb(busyRetryMs?: number): Promise<{ db: SqlDb; locker: Database.Database }> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-busy-'));
  dirs.push(dir);
  const db = openSqlite(join(dir, 'db.sqlite'), { busyRetryMs });
  open.push(db);
  await db.exec('CREATE TABLE t (n INTEGER)');
  await db.run('INSERT INTO t (n) VALUES (0)');
  const locker = new Database(join(dir, 'db.sqlite'));
  open.push(locker);
  locker.exec('BEGIN IMMEDIATE');
  return { db, locker };
}

/** Event-loop turns that pass while `p` is pending, up to `turns`: a blocked loop gives none. */
async function turnsWhilePending(p: Promise<unknown>, turns: number): Promise<number> {
  let settled = false;
  p.then(() => (settled = true), () => (settled = true));
  let n = 0;
  while (!settled && n < turns) {
    await new Promise((r) => setTimeout(r, 1));
    n++;
  }
  return n;
}

describe('SQLite locked by another connection', () => {
  it('waits without holding the loop, then writes in call order; reads answer meanwhile', async () => {
    const { db, locker } = await lockedDb();
    const first = db.run('INSERT INTO t (n) VALUES (1)');
    const second = db.run('INSERT INTO t (n) VALUES (2)');
    const third = db.tx(async (q) => q.run('INSERT INTO t (n) VALUES (3)'));
    expect(await turnsWhilePending(Promise.race([first, second, third]), 50)).toBe(50);
    expect(await db.all<{ n: number }>('SELECT n FROM t ORDER BY rowid')).toEqual([{ n: 0 }]);
    locker.exec('COMMIT');
    await Promise.all([first, second, third]);
    expect((await db.all<{ n: number }>('SELECT n FROM t ORDER BY rowid')).map((r) => r.n)).toEqual([0, 1, 2, 3]);
  });

  it('a write behind a waiting one does not jump the queue once the lock is gone', async () => {
    const { db, locker } = await lockedDb();
    const waiting = db.run('INSERT INTO t (n) VALUES (1)');
    await turnsWhilePending(waiting, 5);
    locker.exec('COMMIT');
    await Promise.all([waiting, db.run('INSERT INTO t (n) VALUES (2)')]);
    expect((await db.all<{ n: number }>('SELECT n FROM t ORDER BY rowid')).map((r) => r.n)).toEqual([0, 1, 2]);
  });

  it('past the bound the write fails with LP_ERR_STORE_FAILED and later writes go on', async () => {
    const { db, locker } = await lockedDb(50);
    const err = await db.run('INSERT INTO t (n) VALUES (1)').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LpError);
    expect((err as LpError).code).toBe('LP_ERR_STORE_FAILED');
    expect((err as LpError).detail).toMatch(/SQLite, INSERT INTO/);
    const txErr = await db.tx(async (q) => q.run('INSERT INTO t (n) VALUES (2)')).catch((e: unknown) => e);
    expect((txErr as LpError).code).toBe('LP_ERR_STORE_FAILED');
    locker.exec('COMMIT');
    await db.run('INSERT INTO t (n) VALUES (3)');
    expect((await db.all<{ n: number }>('SELECT n FROM t ORDER BY rowid')).map((r) => r.n)).toEqual([0, 3]);
  });
});
