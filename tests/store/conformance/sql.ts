/** The database port (`SqlDb`): what every store relies on from an engine adapter. */
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion, SCHEMA_VERSION } from '../../../src/store/migrations.js';
import type { EngineUnderTest } from '../engines.js';

const STORE_FAILED = expect.objectContaining({ code: 'LP_ERR_STORE_FAILED' });

export function sqlDbConformance(engine: EngineUnderTest): void {
  describe(`SqlDb conformance: ${engine.name}`, () => {
    afterEach(() => engine.cleanup());

    it('round-trips text, numbers, nulls and instants in the shapes the port promises', async () => {
      const db = await engine.open();
      const text = 'Bão số 3 "Yagi" — giật cấp 12; ?; \'đơn\' ; ký tự \u{1F4E2}';
      const r = await db.get<{ id: number }>(
        `INSERT INTO airings (channel_id, key, scheduled_at, started_at, planned_sec, title, campaign, bulletin_id, priority, status, verified)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        ['chinh', 'k', '2026-11-25T10:00:00.000Z', '2026-11-25T10:00:00.040Z', 95.125, text, null, 9_007_199_254_740, 'thuong', 'aired', true],
      );
      expect(r).toEqual({ id: 1 });
      const row = await db.get<Record<string, unknown>>('SELECT id, scheduled_at, started_at, at, planned_sec, title, campaign, bulletin_id, verified FROM airings WHERE id = ?', [r!.id]);
      expect(row).toEqual({
        id: 1, scheduled_at: '2026-11-25T10:00:00.000Z', started_at: '2026-11-25T10:00:00.040Z', at: '2026-11-25T10:00:00.040Z',
        planned_sec: 95.125, title: text, campaign: null, bulletin_id: 9_007_199_254_740, verified: 1,
      });
      expect(await db.get('SELECT id FROM airings WHERE id = ?', [404])).toBeUndefined();
      expect(await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM airings')).toEqual({ n: 1 });
      expect(await db.run('UPDATE airings SET title = ? WHERE id > ?', ['x', 0])).toEqual({ changes: 1 });
    });

    it('a transaction commits when its callback resolves and leaves nothing when it throws', async () => {
      const db = await engine.open();
      const insert = 'INSERT INTO audit (at, actor, action) VALUES (?, ?, ?)';
      await db.tx(async (q) => {
        await q.run(insert, ['2026-11-25T10:00:00.000Z', 'a', 'one']);
        await q.run(insert, ['2026-11-25T10:00:01.000Z', 'a', 'two']);
      });
      await expect(db.tx(async (q) => {
        await q.run(insert, ['2026-11-25T10:00:02.000Z', 'a', 'three']);
        throw new Error('giữa chừng');
      })).rejects.toThrow('giữa chừng');
      expect((await db.all<{ action: string }>('SELECT action FROM audit ORDER BY id')).map((r) => r.action)).toEqual(['one', 'two']);
    });

    it('nothing outside a transaction sees it half done', async () => {
      const db = await engine.open();
      const insert = 'INSERT INTO audit (at, actor, action) VALUES (?, ?, ?)';
      let started!: () => void;
      const begun = new Promise<void>((r) => (started = r));
      const t = db.tx(async (q) => {
        await q.run(insert, ['2026-11-25T10:00:00.000Z', 'tx', 'one']);
        started();
        await new Promise((r) => setTimeout(r, 50));
        await q.run(insert, ['2026-11-25T10:00:01.000Z', 'tx', 'two']);
      });
      await begun;
      // SQLite makes the reader wait for the end (2), PostgreSQL shows it the state before (0).
      const seen = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit'))!.n;
      await t;
      expect([0, 2]).toContain(seen);
      expect(await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit')).toEqual({ n: 2 });
    });

    it('every driver failure is LP_ERR_STORE_FAILED naming the engine', async () => {
      const db = await engine.open();
      await expect(db.all('SELECT nothing FROM nowhere')).rejects.toEqual(STORE_FAILED);
      await expect(db.run("INSERT INTO airings (channel_id, key, scheduled_at, title, priority, status) VALUES ('c', 'k', '2026-11-25T10:00:00.000Z', 't', 'thuong', 'vui')"))
        .rejects.toMatchObject({ code: 'LP_ERR_STORE_FAILED', message: expect.stringContaining(engine.name) });
      await expect(db.tx(async (q) => q.exec('SELECT broken('))).rejects.toEqual(STORE_FAILED);
      await db.close();
      await expect(db.get('SELECT 1 AS x')).rejects.toEqual(STORE_FAILED);
    });

    it('a read-only handle reads and refuses every write', async () => {
      const db = await engine.open();
      await db.run('INSERT INTO audit (at, actor, action) VALUES (?, ?, ?)', ['2026-11-25T10:00:00.000Z', 'a', 'login']);
      const ro = await engine.reopen({ readOnly: true });
      expect(ro.readOnly).toBe(true);
      expect(await ro.all('SELECT actor FROM audit')).toEqual([{ actor: 'a' }]);
      await expect(ro.run('INSERT INTO audit (at, actor, action) VALUES (?, ?, ?)', ['2026-11-25T10:00:01.000Z', 'b', 'x'])).rejects.toEqual(STORE_FAILED);
      await expect(ro.run('DELETE FROM audit')).rejects.toEqual(STORE_FAILED);
      expect(await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit')).toEqual({ n: 1 });
    });

    it('migrations run once: run again, from another handle, they change nothing', async () => {
      const db = await engine.open();
      expect(await schemaVersion(db)).toBe(SCHEMA_VERSION);
      expect(await migrate(db)).toEqual([]);
      expect(await migrate(await engine.reopen())).toEqual([]);
      expect(await db.all('SELECT version FROM schema_migrations ORDER BY version')).toEqual(
        Array.from({ length: SCHEMA_VERSION }, (_, i) => ({ version: i + 1 })));
    });
  });
}
